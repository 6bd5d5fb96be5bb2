/* EXEC and mode commands: enable, configure terminal, end, exit, do,
 * terminal, show version, show privilege, clear counters, and the script-friendly
 * `show ports` and `show json`. */
#include <arpa/inet.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_table.h"
#include "loop.h"
#include "shell_private.h"
#include "state.h"
#include "version.h"

static enum cmd_status
exec_enable(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;

    if (s->privilege >= SHELL_PRIV_ENABLE)
        return CMD_OK;
    /* A telnet session needs the enable secret, and with none set it stays
     * in user EXEC, as on IOS (docs/security.md section 3); the root-local
     * console asks for nothing. */
    if (!s->console) {
        if (!shell_has_enable_secret(ctx->shell))
            return cmd_error(ctx, "No password set");
        /* An SSH exec channel runs one line with no prompt to ask on: "No
         * password set" was wrong there (a secret is set). */
        if (!s->request_enable)
            return cmd_error(ctx, "enable asks for its password at a prompt: use an"
                             " interactive session (ssh with a shell), not a one-line"
                             " command");
        s->request_enable(s);
        return CMD_OK;
    }
    s->privilege = SHELL_PRIV_ENABLE;
    return CMD_OK;
}

static enum cmd_status
exec_disable(struct cmd_ctx *ctx)
{
    ctx->sess->privilege = SHELL_PRIV_USER;
    ctx->sess->mode = SHELL_MODE_EXEC;
    return CMD_OK;
}

static enum cmd_status
exec_configure(struct cmd_ctx *ctx)
{
    ctx->sess->mode = SHELL_MODE_CONFIG;
    cmd_out(ctx, "Enter configuration commands, one per line.  End with CNTL/Z.");
    return CMD_OK;
}

static enum cmd_status
exec_end(struct cmd_ctx *ctx)
{
    ctx->sess->mode = SHELL_MODE_EXEC;
    return CMD_OK;
}

static enum cmd_status
exec_exit(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;

    switch (s->mode) {
    case SHELL_MODE_EXEC:
        return CMD_QUIT;
    case SHELL_MODE_CONFIG:
        s->mode = SHELL_MODE_EXEC;
        break;
    case SHELL_MODE_NVE_VNI:            /* member vni N: back to interface nve1 */
        s->mode = SHELL_MODE_NVE;
        break;
    case SHELL_MODE_SSH_PUBKEY_USER:    /* IOS: one level up */
        s->mode = SHELL_MODE_SSH_PUBKEY;
        break;
    default:
        s->mode = SHELL_MODE_CONFIG;
        break;
    }
    return CMD_OK;
}

static enum cmd_status
exec_quit(struct cmd_ctx *ctx)
{
    (void) ctx;
    return CMD_QUIT;
}

/* There is no pager, so the length is accepted and ignored (automation
 * sends `terminal length 0` first); the width is kept for nothing else. */
enum { TERMINAL_LENGTH, TERMINAL_WIDTH };    /* the variants of exec_terminal() */

static enum cmd_status
exec_terminal(struct cmd_ctx *ctx)
{
    if (cmd_value(ctx, "NUM") && ctx->match->cmd->variant == TERMINAL_WIDTH)
        ctx->sess->terminal_width = cmd_number(ctx, "NUM");
    return CMD_OK;
}

static enum cmd_status
exec_do(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;
    enum cmdline_mode saved = s->mode;
    enum shell_status status;

    s->mode = SHELL_MODE_EXEC;
    status = shell_run_nested(s, cmd_value(ctx, "TEXT"), cmdline_value_col(ctx->match, "TEXT"));
    /* Back to the configuration mode, unless the line left it itself
     * (`do configure terminal`) or dropped the privilege it needs
     * (`do disable` ends in user EXEC, as on IOS). */
    if (s->mode == SHELL_MODE_EXEC && s->privilege >= SHELL_PRIV_ENABLE)
        s->mode = saved;
    /* The nested line printed its own errors; its class stays (a line that
     * did not parse is still one that did not parse). */
    switch (status) {
    case SHELL_OK:      return CMD_OK;
    case SHELL_QUIT:    return CMD_QUIT;
    case SHELL_INVALID: return CMD_INVALID_SHOWN;
    case SHELL_FAILED:  break;
    }
    return CMD_FAILED;
}

/* IOS's uptime: the largest unit that is not zero, then every smaller one
 * down to minutes ("1 hour, 2 minutes", "2 weeks, 0 days, 1 hour, 0
 * minutes", "0 minutes"), as parsers of `show version` expect. */
static void
uptime_text(int64_t up_s, char *buf, size_t size)
{
    static const struct { const char *name; int64_t s; } units[] = {
        { "year", 365 * 86400 }, { "week", 7 * 86400 }, { "day", 86400 }, { "hour", 3600 },
        { "minute", 60 },
    };
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
        int64_t n = up_s / units[i].s;

        up_s %= units[i].s;
        if (!n && !len && i + 1 < ARRAY_SIZE(units))
            continue;
        len += snprintf(buf + len, len < size ? size - len : 0, "%s%lld %s%s", len ? ", " : "",
                        (long long) n, units[i].name, n == 1 ? "" : "s");
    }
}

/* IOS's layout, in the lines automation parses (Ansible's cisco.ios cliconf
 * and ios_facts, ntc-templates): "Version V" on the first line, "HOST
 * uptime is ...", "System image file is "PATH"" and "Model number : ...".
 * Nothing claims to be Cisco: the first line names tapswitch and there is
 * no "cisco MODEL ... processor" line (docs/automation.md). */
static enum cmd_status
show_version(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    char uptime[128], image[256];
    ssize_t n = readlink("/proc/self/exe", image, sizeof image - 1);

    image[n > 0 ? n : 0] = '\0';
    uptime_text((loop_now_ms() - ctx->shell->started_ms) / 1000, uptime, sizeof uptime);
    cmd_out(ctx, "tapswitch Software (switchd), Version %s", SWITCHD_VERSION);
    cmd_out(ctx, "Userspace Ethernet switch with 802.1Q VLANs and an OpenFlow-style flow table");
    cmd_out(ctx, "License: GPL-2.0-or-later");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%s uptime is %s", state_config(sw)->hostname, uptime);
    cmd_out(ctx, "System image file is \"%s\"", n > 0 ? image : "switchd");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "%zu bridge%s, %zu port%s", state_n_bridges(sw),
            state_n_bridges(sw) == 1 ? "" : "s", state_n_ports(sw),
            state_n_ports(sw) == 1 ? "" : "s");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Model number                    : tapswitch");
    cmd_out(ctx, "%s", "");
    cmd_out(ctx, "Configuration register is 0x2102");
    return CMD_OK;
}

/* `show privilege`: IOS's line, which Ansible's cisco.ios terminal plugin
 * reads after `enable` (user EXEC is level 1 on IOS). */
static enum cmd_status
show_privilege(struct cmd_ctx *ctx)
{
    cmd_out(ctx, "Current privilege level is %u",
            ctx->sess->privilege >= SHELL_PRIV_ENABLE ? SHELL_PRIV_ENABLE : 1);
    return CMD_OK;
}

/* `show parser dump`: every command of the tables, one line each, as the
 * documentation writes it (tests check that docs/cli.md has them all). */
static void
dump_one(const struct cmdline_syntax *syn, void *arg)
{
    static const char *const names[SHELL_N_MODES] = {
        [SHELL_MODE_EXEC] = "exec", [SHELL_MODE_CONFIG] = "config", [SHELL_MODE_IF] = "if",
        [SHELL_MODE_IF_RANGE] = "if-range", [SHELL_MODE_VLAN] = "vlan",
        [SHELL_MODE_BRIDGE] = "bridge", [SHELL_MODE_LINE] = "line",
        [SHELL_MODE_NVE] = "nve", [SHELL_MODE_NVE_VNI] = "nve-vni",
        [SHELL_MODE_SSH_PUBKEY] = "ssh-pubkey", [SHELL_MODE_SSH_PUBKEY_USER] = "ssh-pubkey-user",
        [SHELL_MODE_SSH_PUBKEY_DATA] = "ssh-pubkey-data",
    };
    struct cmd_ctx *ctx = arg;
    char modes[SHELL_N_MODES * 24] = "", text[512];
    size_t used = 0;

    if (!syn->cmd->exec)
        return;                     /* a keyword's help, not a command */
    for (int m = 0; m < SHELL_N_MODES && used < sizeof modes; m++)
        if (syn->cmd->modes & SHELL_M(m))
            used += snprintf(modes + used, sizeof modes - used, "%s%s", used ? "," : "",
                             names[m]);
    cmdline_syntax_format(syn, text, sizeof text);
    cmd_out(ctx, "%-36s %c  %s", modes, syn->cmd->privilege >= SHELL_PRIV_ENABLE ? '#' : '>',
            text);
}

static enum cmd_status
show_parser_dump(struct cmd_ctx *ctx)
{
    cmd_out(ctx, "%-36s %s  %s", "Modes", " ", "Command");
    cmdline_commands_foreach(ctx->shell->cmds, dump_one, ctx);
    return CMD_OK;
}

static enum cmd_status
clear_counters(struct cmd_ctx *ctx)
{
    state_clear_counters(ctx->sw);
    return CMD_OK;
}

/* Script-friendly listings. */

static uint64_t
total_drops(const struct bridge_port_stats *s)
{
    uint64_t n = 0;

    for (int i = 0; i < BRIDGE_N_DROPS; i++)
        n += s->drops[i];
    return n + s->tx_no_carrier;
}

static enum cmd_status
show_ports(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;

    cmd_out(ctx, "%-15s %-15s %-8s %6s %-5s %12s %14s %12s %14s %10s", "BRIDGE", "PORT", "TYPE",
            "OFPORT", "STATE", "RX_FRAMES", "RX_BYTES", "TX_FRAMES", "TX_BYTES", "DROPS");
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        const struct port *p = state_port_at(sw, i);
        const struct bridge_port_stats *s = state_port_stats(p);

        cmd_out(ctx, "%-15s %-15s %-8s %6u %-5s %12llu %14llu %12llu %14llu %10llu",
                state_bridge_name(state_port_bridge(p)), state_port_name(p),
                state_port_type(p), state_port_ofport(p),
                state_port_enabled(p) ? "up" : "down",
                (unsigned long long) s->rx_frames, (unsigned long long) s->rx_bytes,
                (unsigned long long) s->tx_frames, (unsigned long long) s->tx_bytes,
                (unsigned long long) (total_drops(s) + state_port_tx_errors(p)
                                      + state_port_rx_errors(p)
                                      + state_port_rx_dropped(p)));
    }
    return CMD_OK;
}

/* A vxlan port's tunnel (state_vxlan_port_info()), or NULL for others. */
static json_t *
port_vxlan_json(const struct port *p)
{
    struct state_vxlan_port_info vi;
    char ip[INET_ADDRSTRLEN];

    if (!state_vxlan_port_info(p, &vi))
        return NULL;
    inet_ntop(AF_INET, &vi.local_ip, ip, sizeof ip);
    return json_pack("{s:s, s:i, s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
                     "local_ip", ip, "udp_port", vi.udp_port, "up", vi.up,
                     "down_reason", vi.down_reason,
                     "decapsulated", (json_int_t) vi.rx_frames,
                     "encapsulated", (json_int_t) vi.tx_frames,
                     "rx_bad_header", (json_int_t) vi.rx_bad_header,
                     "rx_unknown_vni", (json_int_t) vi.rx_unknown_vni,
                     "rx_unknown_peer", (json_int_t) vi.rx_unknown_peer,
                     "tx_too_big", (json_int_t) vi.tx_too_big,
                     "tx_no_key", (json_int_t) vi.tx_no_key,
                     "tx_errors", (json_int_t) vi.tx_errors);
}

static json_t *
port_json(const struct port *p)
{
    const struct vlan_port *v = state_port_vlan(p);
    const struct bridge_port_stats *s = state_port_stats(p);
    char allowed[VLAN_SET_STR_MAX];
    json_t *drops = json_object(), *o, *vx;

    vlan_set_format(&v->allowed, allowed, sizeof allowed);
    for (int i = 0; i < BRIDGE_N_DROPS; i++)
        json_object_set_new(drops, bridge_drop_name(i), json_integer(s->drops[i]));
    json_object_set_new(drops, "rx-error", json_integer(state_port_rx_errors(p)));
    json_object_set_new(drops, "tx-error", json_integer(state_port_tx_errors(p)));
    json_object_set_new(drops, "rx-dropped", json_integer(state_port_rx_dropped(p)));
    json_object_set_new(drops, "tx-no-carrier", json_integer(s->tx_no_carrier));
    o = json_pack("{s:s, s:s, s:i, s:b, s:s, s:i, s:o, s:b, s:s, s:s,"
                     " s:{s:I, s:I, s:I, s:I, s:o}}",
                     "name", state_port_name(p), "type", state_port_type(p),
                     "ofport", state_port_ofport(p), "enabled", state_port_enabled(p),
                     "mode", v->mode == VLAN_MODE_ACCESS ? "access" : "trunk",
                     "access_vlan", v->access_vid,
                     "native_vlan", v->native_vid ? json_integer(v->native_vid) : json_null(),
                     "native_tagged", v->native_tagged,
                     "allowed_vlans", allowed, "peer", state_port_peer(p),
                     "stats", "rx_frames", (json_int_t) s->rx_frames,
                     "rx_bytes", (json_int_t) s->rx_bytes, "tx_frames", (json_int_t) s->tx_frames,
                     "tx_bytes", (json_int_t) s->tx_bytes, "drops", drops);
    if (o && (vx = port_vxlan_json(p)))
        json_object_set_new(o, "vxlan", vx);
    return o;
}

static enum cmd_status
show_json(struct cmd_ctx *ctx)
{
    struct switch_state *sw = ctx->sw;
    json_t *bridges = json_array(), *root;
    char *text;

    for (size_t i = 0; i < state_n_bridges(sw); i++) {
        struct sw_bridge *b = state_bridge_at(sw, i);
        struct mac_table *t = bridge_mac_table(state_bridge_core(b));
        uint32_t n = mac_table_count(t);
        struct mac_entry_info *macs = calloc(n ? n : 1, sizeof *macs);
        json_t *ports = json_array(), *macs_json = json_array();

        n = macs ? mac_table_collect(t, macs, n) : 0;
        for (uint16_t j = 0; j < state_bridge_port_slots(b); j++)
            if (state_bridge_port(b, j))
                json_array_append_new(ports, port_json(state_bridge_port(b, j)));
        for (uint32_t j = 0; j < n; j++) {
            char mac[ETH_ADDR_STR_SIZE];
            json_array_append_new(macs_json, json_pack("{s:i, s:s, s:s, s:b}",
                                  "vlan", macs[j].vid, "mac", eth_addr_format(macs[j].mac, mac),
                                  "port", state_port_name(state_bridge_port(b, macs[j].port)),
                                  "static", macs[j].is_static));
        }
        free(macs);
        json_array_append_new(bridges, json_pack("{s:s, s:o, s:o}", "name", state_bridge_name(b),
                                                 "ports", ports, "macs", macs_json));
    }
    root = json_pack("{s:s, s:o, s:I, s:I}", "hostname", state_config(sw)->hostname,
                     "bridges", bridges,
                     "patch_loop_drops", (json_int_t) state_patch_loop_drops(sw),
                     "patch_no_peer_drops", (json_int_t) state_patch_no_peer_drops(sw));
    text = root ? json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
    json_decref(root);
    if (!text)
        return cmd_error(ctx, "Cannot render the state as JSON");
    cmd_out(ctx, "%s", text);
    free(text);
    return CMD_OK;
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "enable", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Turn on privileged commands", .exec = exec_enable, .flags = CMDLINE_LOCAL },
    { .syntax = "disable", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Turn off privileged commands", .exec = exec_disable, .flags = CMDLINE_LOCAL },
    { .syntax = "configure", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Enter configuration mode" },
    { .syntax = "configure terminal", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Configure from the terminal", .exec = exec_configure, .flags = CMDLINE_LOCAL },
    { .syntax = "end", .modes = IN_ANY_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Exit from configure mode", .exec = exec_end, .flags = CMDLINE_LOCAL },
    { .syntax = "exit", .modes = IN_EXEC | IN_ANY_CONFIG, .privilege = PRIV_USER,
      .help = "Exit from the current mode", .exec = exec_exit, .flags = CMDLINE_LOCAL },
    { .syntax = "logout", .modes = IN_EXEC, .privilege = PRIV_USER, .help = "Exit from the EXEC",
      .exec = exec_quit, .flags = CMDLINE_LOCAL },
    { .syntax = "quit", .modes = IN_EXEC, .privilege = PRIV_USER, .help = "Exit from the EXEC",
      .exec = exec_quit, .flags = CMDLINE_LOCAL },
    { .syntax = "terminal", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Set terminal line parameters" },
    { .syntax = "terminal length NUM(0-512)", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Set number of lines on a screen",
      .arg_help = "Number of lines on screen (0 for no pausing)", .exec = exec_terminal,
      .flags = CMDLINE_LOCAL, .variant = TERMINAL_LENGTH },
    { .syntax = "terminal width NUM(0-512)", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Set width of the display terminal",
      .arg_help = "Number of characters on a screen line", .exec = exec_terminal,
      .flags = CMDLINE_LOCAL, .variant = TERMINAL_WIDTH },
    { .syntax = "do TEXT", .modes = IN_ANY_CONFIG, .privilege = PRIV_ENABLE,
      .help = "To run exec commands in config mode", .arg_help = "Exec Command", .exec = exec_do,
      .flags = CMDLINE_LOCAL | CMDLINE_EXEC_LINE },
    { .syntax = "show", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show running system information" },
    { .syntax = "show version", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "System hardware and software status", .exec = show_version,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show privilege", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show current privilege level", .exec = show_privilege,
      .flags = CMDLINE_LOCAL | CMDLINE_FILTERABLE },
    { .syntax = "show ports", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Ports and their counters, one line each (for scripts)", .exec = show_ports,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show json", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Live state as JSON: ports, counters, MAC entries", .exec = show_json,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show parser", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Display parser information" },
    { .syntax = "show parser dump", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Every command: its modes, privilege and syntax", .exec = show_parser_dump,
      .flags = CMDLINE_LOCAL | CMDLINE_FILTERABLE },
    { .syntax = "clear", .modes = IN_EXEC, .privilege = PRIV_ENABLE, .help = "Reset functions" },
    { .syntax = "clear counters", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Clear counters on all interfaces", .exec = clear_counters },
};

const struct cmdline_table cmd_exec_table = CMD_TABLE(cmds);
