/* The Open vSwitch commands OpenStack users type, on the same state as the
 * IOS commands, in OVS's output layouts (docs/cli.md, "EXEC: Open
 * vSwitch"):
 *   ovs-vsctl ARGS...                   (the language of shell/ovs_vsctl.h)
 *   ovs-ofctl dump-ports BR [PORT]      ovs-appctl fdb/show BR
 * `ovs-vsctl show`, `ovs-ofctl show` and the flow commands are in
 * cmd_flow.c. */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "loop.h"
#include "ovs_vsctl.h"
#include "shell_private.h"
#include "state.h"

static bool
netdev_exists(const char *name, void *arg)
{
    (void) arg;
    return if_nametoindex(name) != 0;
}

/* Prints the memory stream text 'buf' as output lines. */
static void
out_lines(struct cmd_ctx *ctx, char *buf)
{
    for (char *line = buf, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        if ((nl = strchr(line, '\n')))
            *nl = '\0';
        cmd_out(ctx, "%s", line);
    }
}

/* `ovs-vsctl ARGS`: every command of the line on one copy of the
 * configuration, applied once (OVS's one transaction; docs/design.md
 * section 8.3), then what the commands printed. */
static enum cmd_status
vsctl_run(struct cmd_ctx *ctx)
{
    struct ovs_vsctl_line line;
    struct switch_config *cfg;
    char err[CONFIG_ERR_MAX], *text = NULL;
    size_t len = 0;
    FILE *out;
    bool changes;
    int error;

    if ((error = ovs_vsctl_parse(cmd_value(ctx, "args"), &line, err, sizeof err)))
        return cmd_error(ctx, "ovs-vsctl: %s", err);
    changes = ovs_vsctl_changes(&line);
    if (changes && ctx->sess->privilege < PRIV_ENABLE) {
        ovs_vsctl_line_free(&line);
        return cmd_error(ctx, "ovs-vsctl: changes need privileged EXEC mode (enable)");
    }
    if (!(cfg = cmd_edit(ctx))) {
        ovs_vsctl_line_free(&line);
        return CMD_FAILED;
    }
    if (!(out = open_memstream(&text, &len))) {
        ovs_vsctl_line_free(&line);
        config_free(cfg);
        return cmd_error(ctx, "Out of memory");
    }
    error = ovs_vsctl_execute(&line, state_config(ctx->sw), cfg, netdev_exists, NULL, out, err,
                              sizeof err);
    fclose(out);
    if (!error && changes) {
        if (!config_validate(cfg, err, sizeof err))
            error = EINVAL;
        else {
            error = state_apply(ctx->sw, cfg, STATE_APPLY_KEEP_FLOWS, err, sizeof err);
            cfg = NULL;                 /* state_apply() takes it in every case */
        }
    }
    config_free(cfg);
    if (error) {
        bool shown = err[0];
        free(text);
        ovs_vsctl_line_free(&line);
        /* br-exists answers "no" with a failure and no message, as OVS
         * exits with status 2. */
        return shown ? cmd_error(ctx, "ovs-vsctl: %s", err) : CMD_FAILED;
    }
    out_lines(ctx, text);
    free(text);
    for (unsigned i = 0; i < line.n_cmds; i++)
        if (line.cmds[i].verb == OVS_VSCTL_SHOW)
            cmd_ovs_vsctl_show(ctx);
        else if (line.cmds[i].verb == OVS_VSCTL_LIST)
            cmd_ovs_vsctl_list(ctx, &line.cmds[i]);
    ovs_vsctl_line_free(&line);
    return CMD_OK;
}

/* A port's number as OVS prints it: LOCAL for the local port. */
static void
ofport_name(uint16_t ofport, char buf[8])
{
    if (ofport == CONFIG_OFPORT_LOCAL)
        snprintf(buf, 8, "LOCAL");
    else
        snprintf(buf, 8, "%u", (unsigned) ofport);
}

static void
dump_port(struct cmd_ctx *ctx, const struct port *p)
{
    const struct bridge_port_stats *st = state_port_stats(p);
    uint64_t drops = state_port_rx_dropped(p);
    char name[8];

    for (unsigned d = 0; d < BRIDGE_N_DROPS; d++)
        drops += st->drops[d];
    ofport_name(state_port_ofport(p), name);
    /* OVS pads numbers below 10 to two columns ("port  1:"). */
    cmd_out(ctx, "  port %2s: rx pkts=%llu, bytes=%llu, drop=%llu, errs=%llu, frame=?, over=?,"
            " crc=?", name, (unsigned long long) st->rx_frames,
            (unsigned long long) st->rx_bytes, (unsigned long long) drops,
            (unsigned long long) state_port_rx_errors(p));
    cmd_out(ctx, "           tx pkts=%llu, bytes=%llu, drop=%llu, errs=%llu, coll=?",
            (unsigned long long) st->tx_frames, (unsigned long long) st->tx_bytes,
            (unsigned long long) 0, (unsigned long long) state_port_tx_errors(p));
}

/* `ovs-ofctl dump-ports BR [PORT]`: OVS's port statistics reply; PORT is
 * an ofport, LOCAL or a name.  Bond members are not ports of the bridge
 * here (their bond is). */
static enum cmd_status
ofctl_dump_ports(struct cmd_ctx *ctx)
{
    const char *br = cmd_value(ctx, "BRIDGE"), *want = cmd_value(ctx, "port");
    struct sw_bridge *b = state_find_bridge(ctx->sw, br);
    const struct port **ports;
    size_t n = 0;

    if (!b)
        return cmd_error(ctx, "ovs-ofctl: %s is not a bridge or a socket", br);
    if (!(ports = calloc(state_n_ports(ctx->sw) + 1, sizeof *ports)))
        return cmd_error(ctx, "Out of memory");
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        char name[8];

        if (state_port_bridge(p) != b || state_port_bond(p))
            continue;
        ofport_name(state_port_ofport(p), name);
        if (want && strcmp(want, name) && strcmp(want, state_port_name(p))
            && !(!strcasecmp(want, "local") && !strcmp(name, "LOCAL")))
            continue;
        ports[n++] = p;
    }
    if (want && !n) {
        free(ports);
        return cmd_error(ctx, "ovs-ofctl: %s: invalid or unknown port", want);
    }
    cmd_out(ctx, "OFPST_PORT reply (xid=0x2): %zu ports", n);
    /* LOCAL first, then by number, as OVS lists them. */
    for (size_t i = 0; i < n; i++)
        if (state_port_ofport(ports[i]) == CONFIG_OFPORT_LOCAL)
            dump_port(ctx, ports[i]);
    for (unsigned ofport = 1; ofport <= FLOW_OFPORT_MAX; ofport++)
        for (size_t i = 0; i < n; i++)
            if (state_port_ofport(ports[i]) == ofport)
                dump_port(ctx, ports[i]);
    free(ports);
    return CMD_OK;
}

/* `ovs-appctl fdb/show BR`: the bridge's MAC table in OVS's layout, VLAN
 * then MAC order; "static" for static entries as OVS prints them. */
static enum cmd_status
appctl_fdb_show(struct cmd_ctx *ctx)
{
    const char *br = cmd_value(ctx, "BRIDGE");
    struct sw_bridge *b = state_find_bridge(ctx->sw, br);
    struct mac_table *t;
    struct mac_entry_info *entries;
    int64_t now = loop_now_ms();
    uint32_t n;

    if (!b)
        return cmd_error(ctx, "no such bridge");
    t = bridge_mac_table(state_bridge_core(b));
    n = mac_table_count(t);
    if (!(entries = calloc(n ? n : 1, sizeof *entries)))
        return cmd_error(ctx, "Out of memory");
    n = mac_table_collect(t, entries, n);
    cmd_out(ctx, " port  VLAN  MAC                Age");
    for (uint32_t i = 0; i < n; i++) {
        const struct mac_entry_info *e = &entries[i];
        const struct port *p = state_bridge_port(b, e->port);
        char name[8], age[24];

        if (!p)
            continue;
        ofport_name(state_port_ofport(p), name);
        if (e->is_static)
            snprintf(age, sizeof age, "static");
        else
            snprintf(age, sizeof age, "%3lld",
                     (long long) (now > e->last_seen_ms ? (now - e->last_seen_ms) / 1000 : 0));
        cmd_out(ctx, "%5s  %4u  %02x:%02x:%02x:%02x:%02x:%02x  %s", name, (unsigned) e->vid,
                e->mac[0], e->mac[1], e->mac[2], e->mac[3], e->mac[4], e->mac[5], age);
    }
    free(entries);
    return CMD_OK;
}

#define VSCTL_HELP "ovs-vsctl [--timeout=N] [--] [--may-exist|--if-exists] COMMAND ARGS" \
                   " [-- COMMAND ARGS]..."

static const struct cmdline_cmd cmds[] = {
    { .syntax = "ovs-vsctl LINE:args", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Open vSwitch ovs-vsctl commands", .arg_help = VSCTL_HELP, .exec = vsctl_run,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-ofctl dump-ports BRIDGE", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Print the port statistics of a bridge", .exec = ofctl_dump_ports,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-ofctl dump-ports BRIDGE WORD:port", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Print the statistics of one port",
      .arg_help = "OpenFlow port number, LOCAL or port name", .exec = ofctl_dump_ports,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "ovs-appctl fdb/show BRIDGE", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Print the MAC table of a bridge (OVS layout)", .exec = appctl_fdb_show,
      .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_ovs_table = CMD_TABLE(cmds);
