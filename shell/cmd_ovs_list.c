/* `ovs-vsctl list port|interface [NAME...]`: OVS 3.1's record layout
 * ("COLUMN              : VALUE", columns sorted, a blank line between
 * records), from the running configuration and the live ports (counters,
 * link and admin state, ifindex, MAC, MTU).  The line was checked by
 * shell/ovs_vsctl_exec.c (tables, names); this prints it after the chain
 * was applied, as `show` is printed.  Columns that have no meaning here
 * (BFD, CFM, QoS, policing) print OVS's empty values; UUIDs are made from
 * the names, so they are stable and an Interface's matches its Port's
 * "interfaces". */
#include <arpa/inet.h>
#include <stdarg.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bond.h"
#include "ovs_vsctl.h"
#include "shell_private.h"
#include "state.h"

/* A UUID made from 'table' and 'name' (FNV-1a), version 4 in form. */
static void
record_uuid(const char *table, const char *name, char buf[37])
{
    uint64_t h = 14695981039346656037ULL, g;

    for (const char *s = table; *s; s++)
        h = (h ^ (unsigned char) *s) * 1099511628211ULL;
    for (const char *s = name; *s; s++)
        h = (h ^ (unsigned char) *s) * 1099511628211ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;      /* splitmix64's finaliser */
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    h ^= h >> 31;
    g = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    g ^= g >> 31;
    snprintf(buf, 37, "%08x-%04x-4%03x-%04x-%012llx", (unsigned) (h >> 32),
             (unsigned) (h >> 16) & 0xffff, (unsigned) h & 0xfff,
             0x8000 | ((unsigned) (g >> 48) & 0x3fff),
             (unsigned long long) (g & 0xffffffffffffULL));
}

/* One "column : value" line; 'value' may hold several lines' worth (a
 * long trunks list) but never a newline. */
static void
col(struct cmd_ctx *ctx, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
col(struct cmd_ctx *ctx, const char *name, const char *fmt, ...)
{
    char *value = NULL;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&value, fmt, ap);
    va_end(ap);
    if (n < 0)
        value = NULL;                   /* undefined after a failure */
    cmd_out(ctx, "%-20s: %s", name, value ? value : "");
    free(value);
}

/* Columns with no meaning here, in OVS's empty values: "NAME=VALUE"
 * words, printed in order. */
static void
fixed_cols(struct cmd_ctx *ctx, const char *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(cols[i], "=");

        cmd_out(ctx, "%-20.*s: %s", (int) len, cols[i], cols[i] + len + 1);
    }
}
#define FIXED(ctx, ...)                                                     \
    do {                                                                    \
        static const char *const cols_[] = { __VA_ARGS__ };                \
        fixed_cols(ctx, cols_, sizeof cols_ / sizeof cols_[0]);             \
    } while (0)

/* A column whose value a function of shell/ovs_vsctl.h prints to a stream
 * (with a newline, which goes). */
static FILE *
stream_open(char **text, size_t *len)
{
    *text = NULL;
    return open_memstream(text, len);
}

static void
stream_col(struct cmd_ctx *ctx, const char *name, FILE *f, char **text)
{
    fclose(f);
    if (*text) {
        (*text)[strcspn(*text, "\n")] = '\0';
        col(ctx, name, "%s", *text);
    }
    free(*text);
}

static bool
has_netdev(enum port_type type)
{
    return type == PORT_TYPE_TAP || type == PORT_TYPE_INTERNAL || type == PORT_TYPE_SYSTEM;
}

static void
list_interface(struct cmd_ctx *ctx, const struct config_port *cp)
{
    const struct port *p = state_find_port(ctx->sw, cp->name);
    const struct bridge_port_stats *st = p ? state_port_stats(p) : NULL;
    struct state_vxlan_port_info vi;
    char uuid[37], options[2048], mac[32] = "[]";
    uint8_t hw[ETH_ADDR_LEN];
    bool netdev = has_netdev(cp->type);
    bool vx = p && cp->type == PORT_TYPE_VXLAN && state_vxlan_port_info(p, &vi);

    if (p && state_port_hwaddr(p, hw))
        snprintf(mac, sizeof mac, "\"%02x:%02x:%02x:%02x:%02x:%02x\"", hw[0], hw[1], hw[2],
                 hw[3], hw[4], hw[5]);
    record_uuid("Interface", cp->name, uuid);
    col(ctx, "_uuid", "%s", uuid);
    col(ctx, "admin_state", "%s", cp->enabled ? "up" : "down");
    FIXED(ctx, "bfd={}", "bfd_status={}", "cfm_fault=[]", "cfm_fault_status=[]",
          "cfm_flap_count=[]", "cfm_health=[]", "cfm_mpid=[]", "cfm_remote_mpids=[]",
          "cfm_remote_opstate=[]");
    col(ctx, "duplex", "%s", netdev ? "full" : "[]");
    if (vx && !vi.up)
        col(ctx, "error", "\"%s\"", vi.down_reason);
    else
        col(ctx, "error", "[]");
    col(ctx, "external_ids", "{}");
    col(ctx, "ifindex", "%u", netdev ? if_nametoindex(cp->name) : 0);
    FIXED(ctx, "ingress_policing_burst=0", "ingress_policing_kpkts_burst=0",
          "ingress_policing_kpkts_rate=0", "ingress_policing_rate=0", "lacp_current=[]",
          "link_resets=0", "link_speed=[]");
    col(ctx, "link_state", "%s", p && state_port_connected(ctx->sw, p) ? "up" : "down");
    FIXED(ctx, "lldp={}", "mac=[]");
    col(ctx, "mac_in_use", "%s", mac);
    if (netdev && p)
        col(ctx, "mtu", "%u", state_port_mtu(ctx->sw, p));
    else
        col(ctx, "mtu", "[]");
    if (cp->mtu)
        col(ctx, "mtu_request", "%u", (unsigned) cp->mtu);
    else
        col(ctx, "mtu_request", "[]");
    col(ctx, "name", "%s", cp->name);
    col(ctx, "ofport", "%u", (unsigned) cp->ofport);
    col(ctx, "ofport_request", "[]");
    ovs_vsctl_format_options(cp, options, sizeof options);
    col(ctx, "options", "%s", options);
    col(ctx, "other_config", "{}");
    if (!st)
        col(ctx, "statistics", "{}");
    else if (!netdev)       /* a vport's four, as OVS's tunnels and patch ports */
        col(ctx, "statistics", "{rx_bytes=%llu, rx_packets=%llu, tx_bytes=%llu,"
            " tx_packets=%llu}", (unsigned long long) st->rx_bytes,
            (unsigned long long) st->rx_frames, (unsigned long long) st->tx_bytes,
            (unsigned long long) st->tx_frames);
    else
        col(ctx, "statistics", "{collisions=0, rx_bytes=%llu, rx_crc_err=0, rx_dropped=%llu,"
            " rx_errors=%llu, rx_frame_err=0, rx_missed_errors=0, rx_multicast_packets=0,"
            " rx_over_err=0, rx_packets=%llu, tx_bytes=%llu, tx_dropped=0, tx_errors=%llu,"
            " tx_packets=%llu}", (unsigned long long) st->rx_bytes,
            (unsigned long long) state_port_rx_dropped(p),
            (unsigned long long) state_port_rx_errors(p), (unsigned long long) st->rx_frames,
            (unsigned long long) st->tx_bytes, (unsigned long long) state_port_tx_errors(p),
            (unsigned long long) st->tx_frames);
    col(ctx, "status", "{}");
    col(ctx, "type", "%s", cp->type == PORT_TYPE_SYSTEM ? "\"\"" : port_type_name(cp->type));
}

static void
list_port(struct cmd_ctx *ctx, const struct config_bridge *b, const struct config_port *cp)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    bool bond = cp->type == PORT_TYPE_BOND;
    char uuid[37], *ifaces = NULL, *text;
    size_t len = 0;
    FILE *f;

    record_uuid("Port", cp->name, uuid);
    col(ctx, "_uuid", "%s", uuid);
    FIXED(ctx, "bond_active_slave=[]", "bond_downdelay=0", "bond_fake_iface=false");
    col(ctx, "bond_mode", "%s", bond ? bond_mode_name(cp->bond_cfg.mode) : "[]");
    FIXED(ctx, "bond_updelay=0", "cvlans=[]", "external_ids={}", "fake_bridge=false");
    if ((f = open_memstream(&ifaces, &len))) {
        bool first = true;

        for (size_t i = 0; i < b->n_ports; i++) {
            const struct config_port *m = &b->ports[i];

            if (bond ? strcmp(m->bond, cp->name) : m != cp)
                continue;
            record_uuid("Interface", m->name, uuid);
            fprintf(f, "%s%s", first ? "" : ", ", uuid);
            first = false;
        }
        fclose(f);
    }
    col(ctx, "interfaces", "[%s]", ifaces ? ifaces : "");
    free(ifaces);
    col(ctx, "lacp", "%s", bond && cp->bond_cfg.lacp != CONFIG_LACP_OFF
                           ? config_lacp_name(cp->bond_cfg.lacp) : "[]");
    col(ctx, "mac", "[]");
    col(ctx, "name", "%s", cp->name);
    if ((f = stream_open(&text, &len))) {
        ovs_vsctl_print_other_config(f, b, cp);
        stream_col(ctx, "other_config", f, &text);
    }
    FIXED(ctx, "protected=false", "qos=[]", "rstp_statistics={}", "rstp_status={}",
          "statistics={}", "status={}");
    static const char *const vlan_cols[] = { "tag", "trunks", "vlan_mode" };
    for (size_t i = 0; i < sizeof vlan_cols / sizeof vlan_cols[0]; i++) {
        if ((f = stream_open(&text, &len))) {
            ovs_vsctl_print_port_vlan(f, cfg, cp, vlan_cols[i]);
            stream_col(ctx, vlan_cols[i], f, &text);
        }
    }
}

/* Whether 'cp' is a record of the table (Interface: not a bond; Port: not
 * a bond member). */
static bool
in_table(bool interface, const struct config_bridge *b, const struct config_port *cp)
{
    if (interface)
        return cp->type != PORT_TYPE_BOND;
    for (size_t i = 0; cp->bond[0] && i < b->n_ports; i++)
        if (!strcmp(b->ports[i].name, cp->bond) && b->ports[i].type == PORT_TYPE_BOND)
            return false;
    return true;
}

static void
list_record(struct cmd_ctx *ctx, bool interface, const struct config_bridge *b,
            const struct config_port *cp, unsigned *n)
{
    if (!in_table(interface, b, cp))
        return;
    if ((*n)++)
        cmd_out(ctx, "%s", "");
    if (interface)
        list_interface(ctx, cp);
    else
        list_port(ctx, b, cp);
}

/* The table was matched by prefix (shell/ovs_vsctl_exec.c): Port or
 * Interface, which differ in their first letter. */
enum cmd_status
cmd_ovs_vsctl_list(struct cmd_ctx *ctx, const struct ovs_vsctl_cmd *c)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    bool interface = c->args[0][0] == 'i' || c->args[0][0] == 'I';
    unsigned n = 0;

    if (c->n_args > 1) {            /* the records named, in that order */
        for (unsigned a = 1; a < c->n_args; a++) {
            struct config_bridge *b;
            const struct config_port *cp = config_find_port(cfg, c->args[a], &b);

            if (cp)
                list_record(ctx, interface, b, cp, &n);
        }
        return CMD_OK;
    }
    for (size_t bi = 0; bi < cfg->n_bridges; bi++)
        for (size_t i = 0; i < cfg->bridges[bi].n_ports; i++)
            list_record(ctx, interface, &cfg->bridges[bi], &cfg->bridges[bi].ports[i], &n);
    return CMD_OK;
}
