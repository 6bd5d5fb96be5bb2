/* SPAN, IOS `monitor session` (docs/cli.md "SPAN"): `monitor session N
 * source interface X [rx|tx|both]`, `monitor session N source vlan
 * LIST [rx|tx|both]` (VSPAN), `monitor session N destination
 * interface Y [encapsulation replicate]`, their `no` forms, `no monitor
 * session N|all` (configuration) and `show monitor [session N|all]`
 * (EXEC).  The sessions are configuration ("monitor_sessions",
 * docs/config.md); switchd/span.c mirrors.  The rules that keep a session
 * from looping are config_json.c's; this file says them first in IOS's
 * words, so a refused line changes nothing. */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

/* The variants: a source's directions, a destination's encapsulation,
 * which `no` form. */
enum {
    DIR_BOTH = CONFIG_SPAN_BOTH,
    DIR_RX = CONFIG_SPAN_RX,
    DIR_TX = CONFIG_SPAN_TX,
    DEST_NATIVE,
    DEST_REPLICATE,
    NO_ONE,
    NO_ALL,
};

enum { RX = 1, TX = 2 };                /* directions as bits */

static unsigned
dir_bits(enum config_span_dir dir)
{
    return dir == CONFIG_SPAN_RX ? RX : dir == CONFIG_SPAN_TX ? TX : RX | TX;
}

static enum config_span_dir
dir_of_bits(unsigned bits)
{
    return bits == RX ? CONFIG_SPAN_RX : bits == TX ? CONFIG_SPAN_TX : CONFIG_SPAN_BOTH;
}

static struct config_monitor_session *
find_session(struct switch_config *cfg, unsigned id)
{
    for (size_t i = 0; i < cfg->n_monitor_sessions; i++)
        if (cfg->monitor_sessions[i].id == id)
            return &cfg->monitor_sessions[i];
    return NULL;
}

/* Session 'id' of 'cfg', made (in order of numbers) when it has none;
 * NULL when memory is short. */
static struct config_monitor_session *
get_session(struct switch_config *cfg, unsigned id)
{
    struct config_monitor_session *s = find_session(cfg, id), *v;
    size_t at = 0;

    if (s)
        return s;
    v = realloc(cfg->monitor_sessions, (cfg->n_monitor_sessions + 1) * sizeof *v);
    if (!v)
        return NULL;
    cfg->monitor_sessions = v;
    while (at < cfg->n_monitor_sessions && v[at].id < id)
        at++;
    memmove(&v[at + 1], &v[at], (cfg->n_monitor_sessions - at) * sizeof *v);
    cfg->n_monitor_sessions++;
    memset(&v[at], 0, sizeof v[at]);
    v[at].id = (uint16_t) id;
    return &v[at];
}

static bool
has_vlans(const struct config_monitor_session *s)
{
    return !vlan_set_is_empty(&s->vlans_rx) || !vlan_set_is_empty(&s->vlans_tx);
}

/* IOS keeps no session that has neither sources nor a destination. */
static void
drop_if_empty(struct switch_config *cfg, struct config_monitor_session *s)
{
    size_t at = (size_t) (s - cfg->monitor_sessions);

    if (s->n_sources || has_vlans(s) || s->destination[0])
        return;
    memmove(s, s + 1, (cfg->n_monitor_sessions - at - 1) * sizeof *s);
    cfg->n_monitor_sessions--;
}

/* Where port 'name' takes part in a session of 'cfg' other than 'id':
 * its session's number in '*other' and whether as the destination. */
static bool
watched_elsewhere(const struct switch_config *cfg, unsigned id, const char *name,
                  unsigned *other, bool *as_dest)
{
    for (size_t i = 0; i < cfg->n_monitor_sessions; i++) {
        const struct config_monitor_session *s = &cfg->monitor_sessions[i];

        if (s->id == id)
            continue;
        *other = s->id;
        if (!strcmp(s->destination, name)) {
            *as_dest = true;
            return true;
        }
        for (size_t k = 0; k < s->n_sources; k++)
            if (!strcmp(s->sources[k].port, name)) {
                *as_dest = false;
                return true;
            }
    }
    return false;
}

/* A bond member mirrors nothing of its own: its frames are its bond's. */
static enum cmd_status
check_member(struct cmd_ctx *ctx, const struct port *p)
{
    const struct port *bond = state_port_bond(p);

    if (bond)
        return cmd_error(ctx, "Interface %s is a member of %s: monitor the port-channel",
                         state_port_name(p), state_port_name(bond));
    return CMD_OK;
}

static enum cmd_status
source_interface(struct cmd_ctx *ctx)
{
    unsigned id = (unsigned) cmd_number(ctx, "N"), other;
    unsigned bits = dir_bits((enum config_span_dir) ctx->match->cmd->variant);
    const struct port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &p);
    struct config_monitor_session *s;
    struct switch_config *cfg;
    const char *name;
    bool as_dest;
    size_t k;

    if (status != CMD_OK || (status = check_member(ctx, p)) != CMD_OK)
        return status;
    name = state_port_name(p);
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (watched_elsewhere(cfg, id, name, &other, &as_dest)) {
        config_free(cfg);
        if (as_dest)
            return cmd_error(ctx, "Interface %s is the destination of session %u: a destination"
                             " cannot be a source", name, other);
        return cmd_error(ctx, "Interface %s is already a source of session %u", name, other);
    }
    if (!(s = get_session(cfg, id))) {
        config_free(cfg);
        return cmd_error(ctx, "Out of memory");
    }
    if (!strcmp(s->destination, name)) {
        config_free(cfg);
        return cmd_error(ctx, "Interface %s is the destination of session %u: a destination"
                         " cannot be a source", name, id);
    }
    if (has_vlans(s)) {
        config_free(cfg);
        return cmd_error(ctx, "Session %u has source VLANs: a session monitors interfaces or"
                         " VLANs, not both", id);
    }
    for (k = 0; k < s->n_sources && strcmp(s->sources[k].port, name); k++)
        continue;
    if (k == s->n_sources) {
        if (k == CONFIG_SPAN_SOURCES_MAX) {
            config_free(cfg);
            return cmd_error(ctx, "Session %u has %d source interfaces already (the most it"
                             " may have)", id, CONFIG_SPAN_SOURCES_MAX);
        }
        snprintf(s->sources[k].port, sizeof s->sources[k].port, "%s", name);
        s->sources[k].dir = dir_of_bits(bits);
        s->n_sources++;
    } else {
        /* As IOS: `rx` then `tx` on one interface make it both. */
        s->sources[k].dir = dir_of_bits(bits | dir_bits(s->sources[k].dir));
    }
    return cmd_apply(ctx, cfg);
}

/* `monitor session N source vlan LIST [rx|tx|both]` (VSPAN): the VLANs
 * join the directions given (a VLAN typed again with the other direction
 * takes both, as an interface does).  IOS refuses them in a session with
 * interface sources. */
static enum cmd_status
source_vlan(struct cmd_ctx *ctx)
{
    unsigned id = (unsigned) cmd_number(ctx, "N");
    unsigned bits = dir_bits((enum config_span_dir) ctx->match->cmd->variant);
    struct config_monitor_session *s;
    struct switch_config *cfg;
    struct vlan_set set;

    vlan_set_parse(cmd_value(ctx, "VLANS"), &set, NULL);   /* checked by the parser */
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (!(s = get_session(cfg, id))) {
        config_free(cfg);
        return cmd_error(ctx, "Out of memory");
    }
    if (s->n_sources) {
        config_free(cfg);
        return cmd_error(ctx, "Session %u has source interfaces: a session monitors"
                         " interfaces or VLANs, not both", id);
    }
    for (unsigned w = 0; w < VLAN_N_IDS / 64; w++) {
        if (bits & RX)
            s->vlans_rx.bits[w] |= set.bits[w];
        if (bits & TX)
            s->vlans_tx.bits[w] |= set.bits[w];
    }
    return cmd_apply(ctx, cfg);
}

/* `no monitor session N source vlan LIST [rx|tx|both]`: the VLANs leave
 * the directions given (both without a keyword). */
static enum cmd_status
no_source_vlan(struct cmd_ctx *ctx)
{
    unsigned id = (unsigned) cmd_number(ctx, "N");
    unsigned bits = dir_bits((enum config_span_dir) ctx->match->cmd->variant);
    struct config_monitor_session *s;
    struct switch_config *cfg;
    struct vlan_set set;

    vlan_set_parse(cmd_value(ctx, "VLANS"), &set, NULL);
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (!(s = find_session(cfg, id))) {
        config_free(cfg);
        return CMD_OK;
    }
    for (unsigned w = 0; w < VLAN_N_IDS / 64; w++) {
        if (bits & RX)
            s->vlans_rx.bits[w] &= ~set.bits[w];
        if (bits & TX)
            s->vlans_tx.bits[w] &= ~set.bits[w];
    }
    drop_if_empty(cfg, s);
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
destination_interface(struct cmd_ctx *ctx)
{
    unsigned id = (unsigned) cmd_number(ctx, "N"), other;
    const struct port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &p);
    struct config_monitor_session *s;
    struct switch_config *cfg;
    const char *name, *type;
    bool as_dest;

    if (status != CMD_OK || (status = check_member(ctx, p)) != CMD_OK)
        return status;
    name = state_port_name(p);
    type = state_port_type(p);
    if (strcmp(type, "tap") && strcmp(type, "internal") && strcmp(type, "system"))
        return cmd_error(ctx, "Interface %s is a %s port: a destination is a tap, internal"
                         " or system port", name, type);
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (watched_elsewhere(cfg, id, name, &other, &as_dest)) {
        config_free(cfg);
        if (as_dest)
            return cmd_error(ctx, "Interface %s is already the destination of session %u",
                             name, other);
        return cmd_error(ctx, "Interface %s is a source of session %u: a destination cannot"
                         " be a source", name, other);
    }
    if (!(s = get_session(cfg, id))) {
        config_free(cfg);
        return cmd_error(ctx, "Out of memory");
    }
    for (size_t k = 0; k < s->n_sources; k++)
        if (!strcmp(s->sources[k].port, name)) {
            config_free(cfg);
            return cmd_error(ctx, "Interface %s is a source of session %u: a destination"
                             " cannot be a source", name, id);
        }
    /* One destination a session (ours): a second one is refused rather
     * than replacing the first behind the operator's back. */
    if (s->destination[0] && strcmp(s->destination, name)) {
        char dest[CONFIG_NAME_MAX + 1];

        snprintf(dest, sizeof dest, "%s", s->destination);
        config_free(cfg);               /* 's' with it */
        return cmd_error(ctx, "Session %u has destination %s already: `no monitor session %u"
                         " destination interface %s` first", id, dest, id, dest);
    }
    snprintf(s->destination, sizeof s->destination, "%s", name);
    s->replicate = ctx->match->cmd->variant == DEST_REPLICATE;
    return cmd_apply(ctx, cfg);
}

/* `no monitor session N source interface X [rx|tx|both]`: the directions
 * given leave (all of them without a keyword). */
static enum cmd_status
no_source_interface(struct cmd_ctx *ctx)
{
    unsigned id = (unsigned) cmd_number(ctx, "N");
    unsigned bits = dir_bits((enum config_span_dir) ctx->match->cmd->variant);
    const struct port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &p);
    struct config_monitor_session *s;
    struct switch_config *cfg;

    if (status != CMD_OK)
        return status;
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (!(s = find_session(cfg, id))) {
        config_free(cfg);
        return CMD_OK;
    }
    for (size_t k = 0; k < s->n_sources; k++) {
        unsigned left = dir_bits(s->sources[k].dir) & ~bits;

        if (strcmp(s->sources[k].port, state_port_name(p)))
            continue;
        if (left) {
            s->sources[k].dir = dir_of_bits(left);
        } else {
            memmove(&s->sources[k], &s->sources[k + 1],
                    (s->n_sources - k - 1) * sizeof s->sources[k]);
            s->n_sources--;
        }
        break;
    }
    drop_if_empty(cfg, s);
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
no_destination_interface(struct cmd_ctx *ctx)
{
    unsigned id = (unsigned) cmd_number(ctx, "N");
    const struct port *p;
    enum cmd_status status = cmd_port(ctx, "PORT", &p);
    struct config_monitor_session *s;
    struct switch_config *cfg;

    if (status != CMD_OK)
        return status;
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if ((s = find_session(cfg, id)) && !strcmp(s->destination, state_port_name(p))) {
        s->destination[0] = '\0';
        s->replicate = false;
        drop_if_empty(cfg, s);
    }
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
no_session(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_monitor_session *s;

    if (!cfg)
        return CMD_FAILED;
    if (ctx->match->cmd->variant == NO_ALL) {
        cfg->n_monitor_sessions = 0;
    } else if ((s = find_session(cfg, (unsigned) cmd_number(ctx, "N")))) {
        s->n_sources = 0;
        vlan_set_clear(&s->vlans_rx);
        vlan_set_clear(&s->vlans_tx);
        s->destination[0] = '\0';
        drop_if_empty(cfg, s);
    }
    return cmd_apply(ctx, cfg);
}

/* `show monitor`: IOS's layout (Catalyst), then our counters. */

/* "    RX Only            : vm1,vm2" for the sources of 's' in 'dir'. */
static void
sources_line(struct cmd_ctx *ctx, const struct config_monitor_session *s,
             enum config_span_dir dir, const char *label)
{
    char list[CONFIG_SPAN_SOURCES_MAX * (CONFIG_NAME_MAX + 1) + 1];
    size_t len = 0;

    for (size_t k = 0; k < s->n_sources; k++)
        if (s->sources[k].dir == dir)
            len += snprintf(list + len, sizeof list - len, "%s%s", len ? "," : "",
                            s->sources[k].port);
    if (len)
        cmd_out(ctx, "    %-19s: %s", label, list);
}

/* "    Both               : 10,20-30" for the VLANs of 's' in exactly
 * 'dir'. */
static void
vlans_line(struct cmd_ctx *ctx, const struct config_monitor_session *s,
           enum config_span_dir dir, const char *label)
{
    char list[VLAN_SET_STR_MAX];
    struct vlan_set set;

    config_span_vlans_of(s, dir, &set);
    if (vlan_set_is_empty(&set))
        return;
    vlan_set_format(&set, list, sizeof list);
    cmd_out(ctx, "    %-19s: %s", label, list);
}

static void
session_block(struct cmd_ctx *ctx, const struct config_monitor_session *s)
{
    struct state_span_counters c = { 0 };

    state_span_counters(ctx->sw, s->id, &c);
    cmd_out(ctx, "Session %u", (unsigned) s->id);
    cmd_out(ctx, "---------%s", s->id >= 10 ? "-" : "");
    cmd_out(ctx, "Type                   : Local Session");
    if (s->n_sources) {
        cmd_out(ctx, "Source Ports           :");
        sources_line(ctx, s, CONFIG_SPAN_RX, "RX Only");
        sources_line(ctx, s, CONFIG_SPAN_TX, "TX Only");
        sources_line(ctx, s, CONFIG_SPAN_BOTH, "Both");
    }
    if (has_vlans(s)) {
        cmd_out(ctx, "Source VLANs           :");
        vlans_line(ctx, s, CONFIG_SPAN_RX, "RX Only");
        vlans_line(ctx, s, CONFIG_SPAN_TX, "TX Only");
        vlans_line(ctx, s, CONFIG_SPAN_BOTH, "Both");
    }
    if (s->destination[0]) {
        cmd_out(ctx, "Destination Ports      : %s", s->destination);
        cmd_out(ctx, "    Encapsulation      : %s", s->replicate ? "Replicate" : "Native");
        cmd_out(ctx, "          Ingress      : Disabled");
    }
    /* Ours (IOS shows no counters here). */
    cmd_out(ctx, "Frames Mirrored        : %llu", (unsigned long long) c.mirrored);
    cmd_out(ctx, "Frames Not Mirrored    : %llu",
            (unsigned long long) (c.dest_down + c.refused + c.unparsable));
    cmd_out(ctx, "    Destination Down   : %llu", (unsigned long long) c.dest_down);
    cmd_out(ctx, "    Refused            : %llu", (unsigned long long) c.refused);
    cmd_out(ctx, "    Too Short          : %llu", (unsigned long long) c.unparsable);
}

static enum cmd_status
show_monitor(struct cmd_ctx *ctx)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    unsigned only = cmd_value(ctx, "N") ? (unsigned) cmd_number(ctx, "N") : 0;
    bool first = true;

    for (size_t i = 0; i < cfg->n_monitor_sessions; i++) {
        const struct config_monitor_session *s = &cfg->monitor_sessions[i];

        if (only && s->id != only)
            continue;
        if (!first)
            cmd_out(ctx, "%s", "");
        session_block(ctx, s);
        first = false;
    }
    return CMD_OK;
}

#define SESSION "monitor session NUM(1-66):N"
#define SRC SESSION " source interface PORT"
#define DST SESSION " destination interface PORT"
#define VSRC SESSION " source vlan VLANS"
#define CONF .modes = IN_CONFIG, .privilege = PRIV_ENABLE

static const struct cmdline_cmd cmds[] = {
    { .syntax = "monitor", CONF, .help = "Monitoring different system events" },
    { .syntax = "monitor session", CONF, .help = "Configure a SPAN session" },
    { .syntax = SESSION, CONF, .help = "Configure a SPAN session",
      .arg_help = "SPAN session number" },
    { .syntax = SESSION " source", CONF, .help = "SPAN source interface or VLAN" },
    { .syntax = SESSION " source interface", CONF, .help = "SPAN source interface" },
    { .syntax = SRC, CONF, .help = "SPAN source interface", .exec = source_interface,
      .variant = DIR_BOTH },
    { .syntax = SRC " both", CONF, .help = "Monitor received and transmitted traffic",
      .exec = source_interface, .variant = DIR_BOTH },
    { .syntax = SRC " rx", CONF, .help = "Monitor received traffic only",
      .exec = source_interface, .variant = DIR_RX },
    { .syntax = SRC " tx", CONF, .help = "Monitor transmitted traffic only",
      .exec = source_interface, .variant = DIR_TX },
    { .syntax = SESSION " source vlan", CONF, .help = "SPAN source VLAN" },
    { .syntax = VSRC, CONF, .help = "SPAN source VLAN", .arg_help = "SPAN source VLAN list",
      .exec = source_vlan, .variant = DIR_BOTH },
    { .syntax = VSRC " both", CONF, .help = "Monitor received and transmitted traffic",
      .exec = source_vlan, .variant = DIR_BOTH },
    { .syntax = VSRC " rx", CONF, .help = "Monitor received traffic only",
      .exec = source_vlan, .variant = DIR_RX },
    { .syntax = VSRC " tx", CONF, .help = "Monitor transmitted traffic only",
      .exec = source_vlan, .variant = DIR_TX },
    { .syntax = SESSION " destination", CONF, .help = "SPAN destination interface" },
    { .syntax = SESSION " destination interface", CONF, .help = "SPAN destination interface" },
    { .syntax = DST, CONF, .help = "SPAN destination interface",
      .exec = destination_interface, .variant = DEST_NATIVE },
    { .syntax = DST " encapsulation", CONF,
      .help = "Set encapsulation for destination interface" },
    { .syntax = DST " encapsulation replicate", CONF,
      .help = "interface replicates source encapsulation", .exec = destination_interface,
      .variant = DEST_REPLICATE },

    { .syntax = "no monitor", CONF, .help = "Monitoring different system events" },
    { .syntax = "no monitor session", CONF, .help = "Configure a SPAN session" },
    { .syntax = "no monitor session all", CONF, .help = "Remove all SPAN sessions in the box",
      .exec = no_session, .variant = NO_ALL },
    { .syntax = "no " SESSION, CONF, .help = "Configure a SPAN session",
      .arg_help = "SPAN session number", .exec = no_session, .variant = NO_ONE },
    { .syntax = "no " SESSION " source", CONF, .help = "SPAN source interface or VLAN" },
    { .syntax = "no " SESSION " source interface", CONF, .help = "SPAN source interface" },
    { .syntax = "no " SRC, CONF, .help = "SPAN source interface", .exec = no_source_interface,
      .variant = DIR_BOTH },
    { .syntax = "no " SRC " both", CONF, .help = "Monitor received and transmitted traffic",
      .exec = no_source_interface, .variant = DIR_BOTH },
    { .syntax = "no " SRC " rx", CONF, .help = "Monitor received traffic only",
      .exec = no_source_interface, .variant = DIR_RX },
    { .syntax = "no " SRC " tx", CONF, .help = "Monitor transmitted traffic only",
      .exec = no_source_interface, .variant = DIR_TX },
    { .syntax = "no " SESSION " source vlan", CONF, .help = "SPAN source VLAN" },
    { .syntax = "no " VSRC, CONF, .help = "SPAN source VLAN",
      .arg_help = "SPAN source VLAN list", .exec = no_source_vlan, .variant = DIR_BOTH },
    { .syntax = "no " VSRC " both", CONF, .help = "Monitor received and transmitted traffic",
      .exec = no_source_vlan, .variant = DIR_BOTH },
    { .syntax = "no " VSRC " rx", CONF, .help = "Monitor received traffic only",
      .exec = no_source_vlan, .variant = DIR_RX },
    { .syntax = "no " VSRC " tx", CONF, .help = "Monitor transmitted traffic only",
      .exec = no_source_vlan, .variant = DIR_TX },
    { .syntax = "no " SESSION " destination", CONF, .help = "SPAN destination interface" },
    { .syntax = "no " SESSION " destination interface", CONF,
      .help = "SPAN destination interface" },
    { .syntax = "no " DST, CONF, .help = "SPAN destination interface",
      .exec = no_destination_interface },
    { .syntax = "no " DST " encapsulation", CONF,
      .help = "Set encapsulation for destination interface" },
    { .syntax = "no " DST " encapsulation replicate", CONF,
      .help = "interface replicates source encapsulation", .exec = no_destination_interface },

    { .syntax = "show monitor", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "SPAN information and configuration", .exec = show_monitor,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show monitor session", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "SPAN session" },
    { .syntax = "show monitor session all", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show all SPAN sessions", .exec = show_monitor, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show monitor session NUM(1-66):N", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "SPAN session", .arg_help = "SPAN session number", .exec = show_monitor,
      .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_monitor_session_table = CMD_TABLE(cmds);
