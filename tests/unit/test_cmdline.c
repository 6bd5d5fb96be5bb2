/* The IOS command-line matcher: abbreviations, ambiguity, carets,
 * incomplete commands, submode fallback, values, filters, '?' and TAB. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cmdline.h"
#include "util.h"

static enum cmd_status dummy_exec(struct cmd_ctx *ctx) { (void) ctx; return CMD_OK; }

#define X SHELL_M(SHELL_MODE_EXEC)
#define C SHELL_M(SHELL_MODE_CONFIG)
#define F CMDLINE_FILTERABLE

static const struct cmdline_cmd test_cmds[] = {
    { "show", X, 0, "Show running system information", NULL, NULL, 0, 0 },
    { "show version", X, 0, "System hardware and software status", NULL, dummy_exec, F, 0 },
    { "show vlan brief", X, 0, "VTP all VLAN status in brief", NULL, dummy_exec, F, 0 },
    { "show vlan id VID", X, 0, "VTP VLAN status by VLAN id", NULL, dummy_exec, F, 0 },
    { "show interfaces status", X, 0, "Show interface line status", NULL, dummy_exec, F, 0 },
    { "show interfaces PORT switchport", X, 0, "Show interface switchport information", NULL,
      dummy_exec, F, 0 },
    { "show inventory", X, 0, "Show the physical inventory", NULL, dummy_exec, F, 0 },
    { "show mac address-table [dynamic] [static] [address MAC] [interface PORT] [vlan VID]",
      X, 0, "MAC forwarding table", NULL, dummy_exec, F, 0 },
    { "show running-config", X, 15, "Current operating configuration", NULL, dummy_exec, F, 0 },
    { "configure terminal", X, 15, "Configure from the terminal", NULL, dummy_exec, 0, 0 },
    { "hostname WORD", C, 15, "Set system's network name", "This system's network name",
      dummy_exec, 0, 0 },
    { "interface PORT", C, 15, "Select an interface to configure", NULL, dummy_exec, 0, 0 },
    { "interface range PORTS", C, 15, "interface range command", NULL, dummy_exec, 0, 0 },
    { "vlan VLANS", C, 15, "VLAN commands", "ISL VLAN IDs 1-4094", dummy_exec, 0, 0 },
    { "vlans", C, 15, "a keyword longer than vlan", NULL, dummy_exec, 0, 0 },
    { "switchport access vlan VID", SHELL_M_IF, 15, "Set VLAN when interface is in access mode",
      "VLAN ID of the VLAN when this port is in access mode", dummy_exec, 0, 0 },
    { "switchport mode access", SHELL_M_IF, 15, "Set trunking mode to ACCESS unconditionally",
      NULL, dummy_exec, 0, 0 },
    { "switchport mode trunk", SHELL_M_IF, 15, "Set trunking mode to TRUNK unconditionally",
      NULL, dummy_exec, 0, 0 },
    { "switchport", SHELL_M_IF, 15, "Set switching mode characteristics", NULL, NULL, 0, 0 },
    { "switchport mode", SHELL_M_IF, 15, "Set trunking mode of the interface", NULL, NULL, 0, 0 },
    { "description TEXT", SHELL_M_IF, 15, "Interface specific description", "Up to 240 characters",
      dummy_exec, 0, 0 },
    { "mac address-table aging-time NUM(0-1000000)", C, 15, "Set MAC address table entry maximum age",
      NULL, dummy_exec, 0, 0 },
    { "ovs-ofctl add-flow BRIDGE LINE:flow", X, 15, "Add a flow", NULL, dummy_exec, 0, 0 },
    { "do TEXT", SHELL_M_ALL_CONFIG, 15, "To run exec commands in config mode", NULL, dummy_exec,
      CMDLINE_LOCAL | CMDLINE_EXEC_LINE, 0 },
    { "no switchport mode", SHELL_M_IF, 15, "Set trunking mode of the interface", NULL,
      dummy_exec, 0, 0 },
    { "username WORD:name secret 0 WORD:secret", C, 15, "Specifies an UNENCRYPTED secret will"
      " follow", NULL, dummy_exec, 0, 0 },
    { "port WORD:name type tap [ofport NUM(1-65279)]", C, 15, "A TAP", NULL, dummy_exec, 0, 0 },
};

static struct cmdline_commands *cs;

static void
setup(void)
{
    struct cmdline_table t = { test_cmds, ARRAY_SIZE(test_cmds) };
    char err[128] = "";

    cs = cmdline_commands_create(&t, 1, err, sizeof err);
    cr_assert_not_null(cs, "%s", err);
}

static void teardown(void) { cmdline_commands_destroy(cs); }

TestSuite(cmdline_parse, .init = setup, .fini = teardown);

static struct cmdline_match m;

static void
parse(const char *line, enum cmdline_mode mode, unsigned priv)
{
    cmdline_parse(cs, line, mode, priv, &m);
}

Test(cmdline_parse, abbreviated_keywords_match_their_command)
{
    parse("sh ver", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.cmd->syntax, "show version");
    parse("SH VL BR", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.cmd->syntax, "show vlan brief");
    parse("conf t", SHELL_MODE_EXEC, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.cmd->syntax, "configure terminal");
}

Test(cmdline_parse, prefix_of_two_keywords_is_ambiguous)
{
    char *expected = "% Ambiguous command:  \"show i\"";
    struct cmdline_list l = { 0 };

    parse("show i", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_AMBIGUOUS);
    cmdline_error_lines(&m, "show i", 7, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], expected);
    cmdline_list_free(&l);
}

Test(cmdline_parse, exact_keyword_wins_over_a_longer_one)
{
    parse("vlan 10", SHELL_MODE_CONFIG, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.cmd->syntax, "vlan VLANS");
    cr_assert_str_eq(cmdline_value(&m, "VLANS"), "10");
    parse("vlans", SHELL_MODE_CONFIG, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.cmd->syntax, "vlans");
}

Test(cmdline_parse, caret_goes_under_the_first_character_that_stops_matching)
{
    struct cmdline_list l = { 0 };

    /* IOS: "switch#show vlan brieff" puts the caret under the second f. */
    parse("show vlan brieff", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, 15);
    cmdline_error_lines(&m, "show vlan brieff", strlen("switch#"), &l);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.items[0], "                      ^");
    cr_assert_str_eq(l.items[1], "% Invalid input detected at '^' marker.");
    cmdline_list_free(&l);
}

Test(cmdline_parse, unknown_first_word_is_invalid_at_its_start)
{
    parse("bogus", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, 0);
    parse("  shoe version", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, 2 + 3, "caret under the 'e' of shoe");
}

Test(cmdline_parse, value_out_of_range_is_invalid_at_the_value)
{
    parse("switchport access vlan 5000", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, strlen("switchport access vlan "));
    parse("switchport access vlan 4094", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(cmdline_value(&m, "VID"), "4094");
}

Test(cmdline_parse, extra_words_are_invalid)
{
    parse("show version now", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, strlen("show version "));
}

Test(cmdline_parse, missing_words_are_incomplete)
{
    struct cmdline_list l = { 0 };

    parse("show", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INCOMPLETE);
    parse("switchport mode", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_INCOMPLETE);
    cmdline_error_lines(&m, "switchport mode", 17, &l);
    cr_assert_str_eq(l.items[0], "% Incomplete command.");
    cmdline_list_free(&l);
}

Test(cmdline_parse, privileged_commands_are_unknown_to_user_exec)
{
    parse("configure terminal", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    parse("show running-config", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    parse("show running-config", SHELL_MODE_EXEC, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
}

Test(cmdline_parse, global_command_in_a_submode_runs_in_global_config)
{
    parse("hostname core1", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_eq(m.mode, SHELL_MODE_CONFIG);
    cr_assert_str_eq(cmdline_value(&m, "WORD"), "core1");
    parse("interface vm2", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_eq(m.mode, SHELL_MODE_CONFIG);
    parse("switchport mode trunk", SHELL_MODE_IF, 15);
    cr_assert_eq(m.mode, SHELL_MODE_IF);
}

Test(cmdline_parse, values_of_a_global_command_in_a_submode_live_in_the_match)
{
    /* The fallback parse is copied into the caller's match: its values
     * must point into that match's line, not into the freed copy. */
    parse("interface range vm1 - 2", SHELL_MODE_IF_RANGE, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_eq(m.mode, SHELL_MODE_CONFIG);
    cr_assert_eq(m.n_values, 1);
    cr_assert(m.values[0].text >= m.line && m.values[0].text < m.line + sizeof m.line);
    cr_assert_str_eq(cmdline_value(&m, "PORTS"), "vm1 - 2");
}

Test(cmdline_parse, submode_error_is_kept_when_it_got_further)
{
    parse("switchport access vlan 0", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, strlen("switchport access vlan "));
}

Test(cmdline_parse, keywords_win_over_values)
{
    parse("interface range vm1 - 4", SHELL_MODE_CONFIG, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.cmd->syntax, "interface range PORTS");
    cr_assert_str_eq(cmdline_value(&m, "PORTS"), "vm1 - 4");
    parse("interface ran", SHELL_MODE_CONFIG, 15);
    cr_assert_eq(m.result, CMDLINE_INCOMPLETE, "a prefix of range is the keyword");
    parse("interface vm1", SHELL_MODE_CONFIG, 15);
    cr_assert_str_eq(m.cmd->syntax, "interface PORT");
    cr_assert_str_eq(cmdline_value(&m, "PORT"), "vm1");
}

Test(cmdline_parse, optional_groups_in_any_order)
{
    parse("show mac address-table vlan 10 dynamic interface vm1", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(cmdline_value(&m, "vlan"), "10");
    cr_assert_str_eq(cmdline_value(&m, "interface"), "vm1");
    cr_assert_str_eq(cmdline_value(&m, "dynamic"), "");
    cr_assert_null(cmdline_value(&m, "static"));
    cr_assert_null(cmdline_value(&m, "address"));
    parse("sh mac add", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_OK);
    parse("show mac address-table vlan", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INCOMPLETE);
    parse("show mac address-table vlan 1 vlan 2", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID, "a group at most once");
    parse("show mac address-table address 0011.2233.445", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_INVALID);
}

Test(cmdline_parse, rest_of_line_keeps_spacing_and_pipes_for_text)
{
    parse("description  uplink |  to core  ", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(cmdline_value(&m, "TEXT"), "uplink |  to core");
    cr_assert_null(m.filter);
}

Test(cmdline_parse, text_may_start_with_a_pipe)
{
    /* IOS: `description | uplink` describes the port as "| uplink". */
    parse("description | uplink", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(cmdline_value(&m, "TEXT"), "| uplink");
    cr_assert_null(m.filter);
    parse("switchport mode | include x", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_INCOMPLETE);
}

Test(cmdline_parse, quoted_line_values_lose_their_quotes)
{
    parse("ovs-ofctl add-flow br0 \"priority=1 actions=NORMAL\"", SHELL_MODE_EXEC, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(cmdline_value(&m, "BRIDGE"), "br0");
    cr_assert_str_eq(cmdline_value(&m, "flow"), "priority=1 actions=NORMAL");
}

Test(cmdline_parse, pipe_starts_the_filter_of_filterable_commands)
{
    parse("show vlan brief | include active", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.filter, "include active");
    parse("show version|inc up", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(m.filter, "inc up");
    parse("configure terminal | include x", SHELL_MODE_EXEC, 15);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, strlen("configure terminal "));
}

Test(cmdline_parse, do_takes_the_whole_exec_line)
{
    parse("do show run | inc hostname", SHELL_MODE_IF, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(cmdline_value(&m, "TEXT"), "show run | inc hostname");
    cr_assert_null(m.filter);
}

Test(cmdline_parse, blank_lines_and_comments_are_empty)
{
    parse("   ", SHELL_MODE_EXEC, 0);
    cr_assert_eq(m.result, CMDLINE_EMPTY);
    parse("!", SHELL_MODE_CONFIG, 15);
    cr_assert_eq(m.result, CMDLINE_EMPTY);
}

static void
names(enum cmdline_value_type type, cmdline_name_add_fn *add, void *add_arg, void *arg)
{
    (void) arg;
    if (type == CMDLINE_T_PORT) {
        add(add_arg, "vm1");
        add(add_arg, "vm2");
        add(add_arg, "uplink");
    }
}

static bool
list_has(const struct cmdline_list *l, const char *text)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i], text))
            return true;
    return false;
}

/* A '?' line "  NAME<spaces>HELP", whatever the alignment. */
static bool
list_has_help(const struct cmdline_list *l, const char *name, const char *help)
{
    for (size_t i = 0; i < l->n; i++) {
        char n[64], h[256] = "";
        if (sscanf(l->items[i], " %63s %255[^\n]", n, h) >= 1 && !strcmp(n, name)
            && !strcmp(h, help))
            return true;
    }
    return false;
}

Test(cmdline_parse, help_lists_next_keywords_values_and_cr_aligned)
{
    struct cmdline_list l = { 0 };

    cmdline_help(cs, "show vlan ", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.items[0], "  brief  VTP all VLAN status in brief");
    cr_assert_str_eq(l.items[1], "  id     VTP VLAN status by VLAN id");
    cmdline_list_free(&l);

    cmdline_help(cs, "switchport access vlan ", SHELL_MODE_IF, 15, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "  <1-4094>  VLAN ID of the VLAN when this port is in access mode");
    cmdline_list_free(&l);

    cmdline_help(cs, "show version ", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.items[0], "  |     Output modifiers");
    cr_assert_str_eq(l.items[1], "  <cr>");
    cmdline_list_free(&l);
}

Test(cmdline_parse, help_of_a_partial_word_lists_its_completions)
{
    struct cmdline_list l = { 0 };

    cmdline_help(cs, "show v", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "version  vlan  ");
    cmdline_list_free(&l);
}

Test(cmdline_parse, help_after_bad_words_is_unrecognized)
{
    struct cmdline_list l = { 0 };

    cmdline_help(cs, "shoe ", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "% Unrecognized command");
    cmdline_list_free(&l);
}

Test(cmdline_parse, help_mentions_optional_groups)
{
    struct cmdline_list l = { 0 };

    cmdline_help(cs, "show mac address-table vlan 1 ", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert(list_has(&l, "  address    address keyword"));
    cr_assert(list_has(&l, "  dynamic    dynamic entry type"));
    cr_assert(list_has(&l, "  interface  interface keyword"));
    cr_assert(!list_has(&l, "  vlan       VLAN keyword"), "vlan was given already");
    cr_assert(list_has(&l, "  <cr>"));
    cmdline_list_free(&l);
}

Test(cmdline_parse, tab_completes_keywords_and_port_names)
{
    struct cmdline_list l = { 0 };

    cmdline_complete(cs, "sh", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "show");
    cmdline_list_free(&l);

    cmdline_complete(cs, "interface v", SHELL_MODE_CONFIG, 15, names, NULL, &l);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.items[0], "vm1");
    cr_assert_str_eq(l.items[1], "vm2");
    cmdline_list_free(&l);

    cmdline_complete(cs, "interface ", SHELL_MODE_CONFIG, 15, names, NULL, &l);
    cr_assert(list_has(&l, "range"));
    cr_assert(list_has(&l, "uplink"));
    cmdline_list_free(&l);

    cmdline_complete(cs, "show mac address-table interface u", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "uplink");
    cmdline_list_free(&l);
}

Test(cmdline_parse, help_after_a_pipe_lists_the_filters)
{
    struct cmdline_list l = { 0 };

    cmdline_help(cs, "show version | ", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 5);
    cr_assert_str_eq(l.items[0], "  begin    Begin with the line that matches");
    cr_assert_str_eq(l.items[3], "  include  Include lines that match");
    cmdline_list_free(&l);

    cmdline_help(cs, "show version | inc", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "include  ");
    cmdline_list_free(&l);

    cmdline_help(cs, "show version | include ", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "  LINE  Regular Expression");
    cmdline_list_free(&l);

    cmdline_help(cs, "show version | i up ", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.items[1], "  <cr>");
    cmdline_list_free(&l);

    cmdline_complete(cs, "show version | ex", SHELL_MODE_EXEC, 0, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "exclude");
    cmdline_list_free(&l);

    /* Not a filter: the '|' of a description is text. */
    cmdline_help(cs, "description a | ", SHELL_MODE_IF, 15, names, NULL, &l);
    cr_assert(!list_has(&l, "  begin    Begin with the line that matches"));
    cmdline_list_free(&l);
}

Test(cmdline_parse, help_and_completion_inside_do_are_those_of_exec)
{
    struct cmdline_list l = { 0 };

    cmdline_help(cs, "do show v", SHELL_MODE_IF, 15, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "version  vlan  ");
    cmdline_list_free(&l);

    cmdline_complete(cs, "do sh", SHELL_MODE_CONFIG, 15, names, NULL, &l);
    cr_assert_eq(l.n, 1);
    cr_assert_str_eq(l.items[0], "show");
    cmdline_list_free(&l);

    cmdline_help(cs, "do ", SHELL_MODE_CONFIG, 15, names, NULL, &l);
    cr_assert(list_has_help(&l, "show", "Show running system information"));
    cr_assert(!list_has_help(&l, "hostname", "Set system's network name"));
    cmdline_list_free(&l);
}

Test(cmdline_parse, help_of_a_no_keyword_is_that_of_the_command)
{
    struct cmdline_list l = { 0 };

    cmdline_help(cs, "no ", SHELL_MODE_IF, 15, names, NULL, &l);
    cr_assert(list_has_help(&l, "switchport", "Set switching mode characteristics"));
    cmdline_list_free(&l);
}

Test(cmdline_parse, digits_can_be_keywords)
{
    struct cmdline_list l = { 0 };

    parse("username ops secret 0 Pa55", SHELL_MODE_CONFIG, 15);
    cr_assert_eq(m.result, CMDLINE_OK);
    cr_assert_str_eq(cmdline_value(&m, "secret"), "Pa55");
    parse("username ops secret 7 Pa55", SHELL_MODE_CONFIG, 15);
    cr_assert_eq(m.result, CMDLINE_INVALID);
    cr_assert_eq(m.col, strlen("username ops secret "));
    cmdline_help(cs, "username ops secret ", SHELL_MODE_CONFIG, 15, names, NULL, &l);
    cr_assert(list_has_help(&l, "0", "Specifies an UNENCRYPTED secret will follow"));
    cmdline_list_free(&l);
}

static void
format_each(const struct cmdline_syntax *syn, void *arg)
{
    struct cmdline_list *l = arg;
    char text[256];

    cmdline_syntax_format(syn, text, sizeof text);
    cmdline_list_add(l, text);
}

Test(cmdline_parse, syntax_is_formatted_as_the_documentation_writes_it)
{
    struct cmdline_list l = { 0 };

    cmdline_commands_foreach(cs, format_each, &l);
    cr_assert(list_has(&l, "show mac address-table [dynamic] [static] [address MAC]"
                       " [interface PORT] [vlan VID]"));
    cr_assert(list_has(&l, "mac address-table aging-time <0-1000000>"));
    cr_assert(list_has(&l, "username NAME secret 0 SECRET"));
    cr_assert(list_has(&l, "port NAME type tap [ofport <1-65279>]"));
    cr_assert(list_has(&l, "ovs-ofctl add-flow BRIDGE FLOW"));
    cmdline_list_free(&l);
}

Test(cmdline_parse, bad_syntax_strings_are_rejected)
{
    static const struct cmdline_cmd bad[] = {
        { "VID first", C, 15, "", NULL, dummy_exec, 0, 0 },
        { "a [b", C, 15, "", NULL, dummy_exec, 0, 0 },
        { "a [b] c", C, 15, "", NULL, dummy_exec, 0, 0 },
        { "a LINE b", C, 15, "", NULL, dummy_exec, 0, 0 },
        { "a NUM", C, 15, "", NULL, dummy_exec, 0, 0 },
        { "a FOO", C, 15, "", NULL, dummy_exec, 0, 0 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct cmdline_syntax s;
        char err[128];
        cr_assert(!cmdline_syntax_compile(&bad[i], &s, err, sizeof err), "%s", bad[i].syntax);
    }
}

/* An ovs-vsctl chain of 32 commands is some 100 words: lines of up to
 * CMDLINE_MAX_WORDS words split, one more does not. */
Test(cmdline_words, a_line_of_256_words_splits_and_257_do_not)
{
    static char line[CMDLINE_LINE_MAX];
    static struct cmdline_words w;
    size_t len = 0;

    for (int i = 0; i < CMDLINE_MAX_WORDS; i++)
        len += snprintf(line + len, sizeof line - len, "%sw", i ? " " : "");
    cr_assert(cmdline_words_split(line, &w));
    cr_assert_eq(w.n, 256);
    snprintf(line + len, sizeof line - len, " w");
    cr_assert(!cmdline_words_split(line, &w));
}
