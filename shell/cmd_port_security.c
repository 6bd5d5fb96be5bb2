/* IOS port security: `switchport port-security ...` (config-if),
 * `show port-security [interface X]`, `show port-security address` and
 * `clear port-security all|configured|dynamic|sticky` (docs/cli.md, "Port
 * security"; docs/design.md section 5.11). */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

enum psec_variant {
    PS_SET,
    PS_NO,
    PS_VIOL_PROTECT, PS_VIOL_RESTRICT, PS_VIOL_SHUTDOWN,
    PS_AGING_ABSOLUTE, PS_AGING_INACTIVITY,
    PS_STICKY_ADDR, PS_NO_STICKY_ADDR,
    PS_CLEAR_ALL, PS_CLEAR_CONFIGURED, PS_CLEAR_DYNAMIC, PS_CLEAR_STICKY,
};

static enum psec_variant
variant_of(const struct cmd_ctx *ctx)
{
    return (enum psec_variant) ctx->match->cmd->variant;
}

static void
mac_dotted(const uint8_t mac[ETH_ADDR_LEN], char buf[16])
{
    snprintf(buf, 16, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
}

static size_t
port_secure_macs(const struct config_bridge *b, const struct config_port *p)
{
    size_t n = 0;

    for (size_t i = 0; i < b->n_secure_macs; i++)
        n += !strcmp(b->secure_macs[i].port, p->name);
    return n;
}

/* Removes the secure addresses of 'port' (NULL: every port) that 'drop'
 * selects. */
static void
remove_secure_macs(struct config_bridge *b, const char *port,
                   bool (*drop)(const struct config_secure_mac *, const void *), const void *arg)
{
    for (size_t i = 0; i < b->n_secure_macs; ) {
        struct config_secure_mac *m = &b->secure_macs[i];

        if ((!port || !strcmp(m->port, port)) && drop(m, arg)) {
            memmove(m, m + 1, (b->n_secure_macs - i - 1) * sizeof *m);
            b->n_secure_macs--;
        } else {
            i++;
        }
    }
}

static bool
is_sticky(const struct config_secure_mac *m, const void *arg)
{
    (void) arg;
    return m->sticky;
}


/* Edits of the selected ports. */

static enum cmd_status
edit_enable(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    if (variant_of(ctx) == PS_SET && p->bond[0])
        return cmd_error(ctx, "Command rejected: %s is a member of a port-channel.", p->name);
    p->psec.enabled = variant_of(ctx) == PS_SET;
    return CMD_OK;
}

static enum cmd_status
edit_maximum(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    uint32_t max = variant_of(ctx) == PS_NO ? 1 : (uint32_t) cmd_number(ctx, "NUM");

    if (port_secure_macs(b, p) > max)
        return cmd_error(ctx, "Maximum is less than number of currently secured"
                         " mac-addresses.");
    p->psec.maximum = max == 1 ? 0 : max;
    return CMD_OK;
}

static enum cmd_status
edit_violation(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    switch (variant_of(ctx)) {
    case PS_VIOL_PROTECT:  p->psec.violation = PSEC_PROTECT; break;
    case PS_VIOL_RESTRICT: p->psec.violation = PSEC_RESTRICT; break;
    default:               p->psec.violation = PSEC_SHUTDOWN; break;
    }
    return CMD_OK;
}

static enum cmd_status
edit_aging_time(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    p->psec.aging_min = variant_of(ctx) == PS_NO ? 0 : (uint32_t) cmd_number(ctx, "NUM");
    return CMD_OK;
}

static enum cmd_status
edit_aging_type(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    (void) b;
    p->psec.aging_inactivity = variant_of(ctx) == PS_AGING_INACTIVITY;
    return CMD_OK;
}

/* `no ... mac-address sticky`: IOS turns the sticky addresses into dynamic
 * ones and takes them out of running-config (net/port_security.c keeps
 * them as dynamic when the list loses them with sticky learning off). */
static enum cmd_status
edit_sticky(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    p->psec.sticky = variant_of(ctx) == PS_SET;
    if (!p->psec.sticky)
        remove_secure_macs(b, p->name, is_sticky, NULL);
    return CMD_OK;
}

/* The VLAN of a typed secure address: `vlan V`, else the access VLAN of an
 * access port or the native VLAN of a trunk, as IOS takes it. */
static bool
address_vlan(struct cmd_ctx *ctx, const struct config_port *p, uint16_t *vid)
{
    if (cmd_value(ctx, "vlan"))
        *vid = (uint16_t) cmd_number(ctx, "vlan");
    else if (p->vlan.mode == VLAN_MODE_ACCESS)
        *vid = p->vlan.access_vid;
    else
        *vid = p->vlan.native_vid;
    return *vid != 0;
}

static enum cmd_status
edit_address(struct cmd_ctx *ctx, struct config_bridge *b, struct config_port *p)
{
    enum psec_variant v = variant_of(ctx);
    bool no = v == PS_NO || v == PS_NO_STICKY_ADDR;
    struct config_secure_mac *m;
    uint8_t mac[ETH_ADDR_LEN];
    char text[16];
    uint16_t vid;

    eth_addr_parse(cmd_value(ctx, "MAC"), mac);
    mac_dotted(mac, text);
    if (eth_addr_is_multicast(mac) || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
        return cmd_error(ctx, "Only unicast addresses can be secure addresses");
    if (!address_vlan(ctx, p, &vid))
        return cmd_error(ctx, "%s has no native VLAN: give the address's vlan", p->name);
    for (size_t i = 0; i < b->n_secure_macs; i++) {
        m = &b->secure_macs[i];
        if (m->vlan != vid || memcmp(m->mac, mac, ETH_ADDR_LEN))
            continue;
        if (strcmp(m->port, p->name) && no)
            break;
        if (strcmp(m->port, p->name))
            return cmd_error(ctx, "Found duplicate mac-address %s.", text);
        if (no) {
            memmove(m, m + 1, (b->n_secure_macs - i - 1) * sizeof *m);
            b->n_secure_macs--;
        } else {
            m->sticky = v == PS_STICKY_ADDR;
        }
        return CMD_OK;
    }
    if (no)
        return cmd_error(ctx, "Secure address %s is not configured on %s", text, p->name);
    if (port_secure_macs(b, p) >= config_psec_maximum(&p->psec))
        return cmd_error(ctx, "Total secure mac-addresses on interface %s has reached maximum"
                         " limit.", p->name);
    if (!(m = config_secure_mac_add(b, p->name)))
        return cmd_error(ctx, "Out of memory");
    memcpy(m->mac, mac, ETH_ADDR_LEN);
    m->vlan = vid;
    m->sticky = v == PS_STICKY_ADDR;
    return CMD_OK;
}

#define EDIT_COMMAND(name, fn) \
    static enum cmd_status name(struct cmd_ctx *ctx) { return cmd_edit_selected(ctx, fn); }

EDIT_COMMAND(ps_enable, edit_enable)
EDIT_COMMAND(ps_maximum, edit_maximum)
EDIT_COMMAND(ps_violation, edit_violation)
EDIT_COMMAND(ps_aging_time, edit_aging_time)
EDIT_COMMAND(ps_aging_type, edit_aging_type)
EDIT_COMMAND(ps_sticky, edit_sticky)
EDIT_COMMAND(ps_address, edit_address)

/* Show commands. */

static const char *
action_name(enum psec_violation v)
{
    switch (v) {
    case PSEC_SHUTDOWN: return "Shutdown";
    case PSEC_RESTRICT: return "Restrict";
    case PSEC_PROTECT:  return "Protect";
    }
    return "?";
}

/* IOS's two totals under the tables: addresses beyond the first of each
 * secure port, and the limit (ours is per port: PSEC_MAXIMUM_MAX). */
static void
totals(struct cmd_ctx *ctx)
{
    uint32_t extra = 0;

    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        struct psec_port_info info;

        if (state_port_psec(ctx->sw, state_port_at(ctx->sw, i), &info) && info.n_total > 1)
            extra += info.n_total - 1;
    }
    cmd_out(ctx, "Total Addresses in System (excluding one mac per port)     : %u",
            (unsigned) extra);
    cmd_out(ctx, "Max Addresses limit in System (excluding one mac per port) : %d",
            PSEC_MAXIMUM_MAX);
}

static void
show_interface(struct cmd_ctx *ctx, const struct port *port)
{
    const struct config_port *cp = state_port_config(ctx->sw, port);
    const struct config_psec *c = &cp->psec;
    enum state_port_status st = state_port_status(ctx->sw, port);
    const char *cause = state_port_err_disabled_cause(port);
    struct psec_port_info info;
    bool on = state_port_psec(ctx->sw, port, &info);
    char mac[16];

    mac_dotted(info.last_mac, mac);
    cmd_out(ctx, "Port Security              : %s", c->enabled ? "Enabled" : "Disabled");
    cmd_out(ctx, "Port Status                : %s",
            cause && !strcmp(cause, "psecure-violation") ? "Secure-shutdown"
            : on && st == STATE_PORT_CONNECTED ? "Secure-up" : "Secure-down");
    cmd_out(ctx, "Violation Mode             : %s", action_name(c->violation));
    cmd_out(ctx, "Aging Time                 : %u mins", (unsigned) c->aging_min);
    cmd_out(ctx, "Aging Type                 : %s", c->aging_inactivity ? "Inactivity"
                                                                          : "Absolute");
    cmd_out(ctx, "SecureStatic Address Aging : Disabled");
    cmd_out(ctx, "Maximum MAC Addresses      : %u", (unsigned) config_psec_maximum(c));
    cmd_out(ctx, "Total MAC Addresses        : %u", (unsigned) info.n_total);
    cmd_out(ctx, "Configured MAC Addresses   : %u", (unsigned) info.n_configured);
    cmd_out(ctx, "Sticky MAC Addresses       : %u", (unsigned) info.n_sticky);
    cmd_out(ctx, "Last Source Address:Vlan   : %s:%u", mac, (unsigned) info.last_vid);
    cmd_out(ctx, "Security Violation Count   : %llu", (unsigned long long) info.violations);
}

static enum cmd_status
show_port_security(struct cmd_ctx *ctx)
{
    const struct port *only = NULL;
    enum cmd_status status;

    if (cmd_value(ctx, "interface")) {
        if ((status = cmd_port(ctx, "interface", &only)) != CMD_OK)
            return status;
        show_interface(ctx, only);
        return CMD_OK;
    }
    cmd_out(ctx, "Secure Port  MaxSecureAddr  CurrentAddr  SecurityViolation  Security Action");
    cmd_out(ctx, "                (Count)       (Count)          (Count)");
    cmd_out(ctx, "---------------------------------------------------------------------------");
    for (size_t i = 0; i < state_n_ports(ctx->sw); i++) {
        const struct port *p = state_port_at(ctx->sw, i);
        const struct config_psec *c = &state_port_config(ctx->sw, p)->psec;
        struct psec_port_info info;

        if (!c->enabled)
            continue;
        state_port_psec(ctx->sw, p, &info);
        cmd_out(ctx, "%11s%15u%13u%19llu%17s", state_port_name(p),
                (unsigned) config_psec_maximum(c), (unsigned) info.n_total,
                (unsigned long long) info.violations, action_name(c->violation));
    }
    cmd_out(ctx, "---------------------------------------------------------------------------");
    totals(ctx);
    return CMD_OK;
}

static const char *
type_name(enum psec_addr_type t)
{
    switch (t) {
    case PSEC_CONFIGURED: return "SecureConfigured";
    case PSEC_STICKY:     return "SecureSticky";
    case PSEC_DYNAMIC:    return "SecureDynamic";
    }
    return "?";
}

static enum cmd_status
show_addresses(struct cmd_ctx *ctx)
{
    size_t n = state_psec_addresses(ctx->sw, NULL, NULL, 0);
    struct state_psec_addr *a = n ? calloc(n, sizeof *a) : NULL;

    if (n && !a)
        return cmd_error(ctx, "Out of memory");
    n = a ? state_psec_addresses(ctx->sw, NULL, a, n) : 0;
    cmd_out(ctx, "               Secure Mac Address Table");
    cmd_out(ctx, "-----------------------------------------------------------------------------");
    cmd_out(ctx, "Vlan    Mac Address       Type                          Ports   Remaining Age");
    cmd_out(ctx, "                                                                   (mins)");
    cmd_out(ctx, "----    -----------       ----                          -----   -------------");
    for (size_t i = 0; i < n; i++) {
        char mac[16], age[24] = "-";

        mac_dotted(a[i].addr.mac, mac);
        if (a[i].addr.remaining_ms >= 0)
            snprintf(age, sizeof age, "%lld",
                     (long long) ((a[i].addr.remaining_ms + 59999) / 60000));
        cmd_out(ctx, "%4u    %-14s    %-30s%-8s%6s", (unsigned) a[i].addr.vid, mac,
                type_name(a[i].addr.type), a[i].port ? state_port_name(a[i].port) : "?", age);
    }
    free(a);
    cmd_out(ctx, "-----------------------------------------------------------------------------");
    totals(ctx);
    return CMD_OK;
}

/* `clear port-security all|configured|dynamic|sticky [address MAC]
 * [interface PORT] [vlan VID]`: configured and sticky addresses live in the
 * configuration, so clearing them is a configuration change; dynamic ones
 * are the datapath's. */
struct clear_filter {
    bool have_mac;
    uint8_t mac[ETH_ADDR_LEN];
    bool have_vid;
    uint16_t vid;
    bool sticky, configured;
};

static bool
filter_drops(const struct config_secure_mac *m, const void *arg)
{
    const struct clear_filter *f = arg;

    return (m->sticky ? f->sticky : f->configured)
           && (!f->have_mac || !memcmp(m->mac, f->mac, ETH_ADDR_LEN))
           && (!f->have_vid || m->vlan == f->vid);
}

static enum cmd_status
clear_port_security(struct cmd_ctx *ctx)
{
    enum psec_variant v = variant_of(ctx);
    struct clear_filter f = {
        .sticky = v == PS_CLEAR_ALL || v == PS_CLEAR_STICKY,
        .configured = v == PS_CLEAR_ALL || v == PS_CLEAR_CONFIGURED,
    };
    const struct port *only = NULL;
    enum cmd_status status;

    if (cmd_value(ctx, "interface") && (status = cmd_port(ctx, "interface", &only)) != CMD_OK)
        return status;
    if ((f.have_mac = cmd_value(ctx, "address") != NULL))
        eth_addr_parse(cmd_value(ctx, "address"), f.mac);
    if ((f.have_vid = cmd_value(ctx, "vlan") != NULL))
        f.vid = (uint16_t) cmd_number(ctx, "vlan");
    if (v == PS_CLEAR_ALL || v == PS_CLEAR_DYNAMIC) {
        size_t n = state_psec_addresses(ctx->sw, only, NULL, 0);
        struct state_psec_addr *a = n ? calloc(n, sizeof *a) : NULL;

        if (n && !a)
            return cmd_error(ctx, "Out of memory");
        n = a ? state_psec_addresses(ctx->sw, only, a, n) : 0;
        for (size_t i = 0; i < n; i++)
            if (a[i].addr.type == PSEC_DYNAMIC
                && (!f.have_mac || !memcmp(a[i].addr.mac, f.mac, ETH_ADDR_LEN))
                && (!f.have_vid || a[i].addr.vid == f.vid))
                state_psec_clear_dynamic(ctx->sw, a[i].port, a[i].addr.vid, a[i].addr.mac);
        free(a);
    }
    if (f.sticky || f.configured) {
        struct switch_config *cfg;

        /* A sticky address learnt in the last second is in the table but
         * not yet in the configuration this clear edits. */
        state_psec_save_sticky(ctx->sw);
        cfg = cmd_edit(ctx);

        if (!cfg)
            return CMD_FAILED;
        for (size_t b = 0; b < cfg->n_bridges; b++)
            remove_secure_macs(&cfg->bridges[b], only ? state_port_name(only) : NULL,
                               filter_drops, &f);
        if (config_equal(cfg, state_config(ctx->sw))) {
            config_free(cfg);
            return CMD_OK;
        }
        return cmd_apply(ctx, cfg);
    }
    return CMD_OK;
}

#define PS "switchport port-security"
#define NO_PS "no switchport port-security"
#define CLEAR_FILTERS " [address MAC] [interface PORT] [vlan VID]"

static const struct cmdline_cmd cmds[] = {
    { .syntax = PS, .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Security related command", .exec = ps_enable, .variant = PS_SET },
    { .syntax = NO_PS, .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Security related command", .exec = ps_enable, .variant = PS_NO },
    { .syntax = PS " maximum NUM(1-4096)", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Max secure addresses", .arg_help = "Maximum addresses", .exec = ps_maximum },
    { .syntax = NO_PS " maximum", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Max secure addresses", .exec = ps_maximum, .variant = PS_NO },
    { .syntax = PS " violation", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Security violation mode" },
    { .syntax = PS " violation protect", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Security violation protect mode", .exec = ps_violation,
      .variant = PS_VIOL_PROTECT },
    { .syntax = PS " violation restrict", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Security violation restrict mode", .exec = ps_violation,
      .variant = PS_VIOL_RESTRICT },
    { .syntax = PS " violation shutdown", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Security violation shutdown mode", .exec = ps_violation,
      .variant = PS_VIOL_SHUTDOWN },
    { .syntax = NO_PS " violation", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Security violation mode", .exec = ps_violation, .variant = PS_NO },
    { .syntax = PS " aging", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Port-security aging commands" },
    { .syntax = PS " aging time NUM(0-1440)", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Port-security aging time", .arg_help = "Aging time in minutes",
      .exec = ps_aging_time },
    { .syntax = PS " aging type", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Port-security aging type" },
    { .syntax = PS " aging type absolute", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Absolute aging (default)", .exec = ps_aging_type, .variant = PS_AGING_ABSOLUTE },
    { .syntax = PS " aging type inactivity", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Aging based on inactivity time period", .exec = ps_aging_type,
      .variant = PS_AGING_INACTIVITY },
    { .syntax = NO_PS " aging", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Port-security aging commands" },
    { .syntax = NO_PS " aging time", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Port-security aging time", .exec = ps_aging_time, .variant = PS_NO },
    { .syntax = NO_PS " aging type", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Port-security aging type", .exec = ps_aging_type,
      .variant = PS_AGING_ABSOLUTE },
    { .syntax = PS " mac-address", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Secure mac address" },
    { .syntax = PS " mac-address MAC [vlan VID]", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Secure mac address", .exec = ps_address, .variant = PS_SET },
    { .syntax = PS " mac-address sticky", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Configure dynamic secure addresses as sticky", .exec = ps_sticky,
      .variant = PS_SET },
    { .syntax = PS " mac-address sticky MAC [vlan VID]", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "Sticky secure mac address", .exec = ps_address,
      .variant = PS_STICKY_ADDR },
    { .syntax = NO_PS " mac-address", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Secure mac address" },
    { .syntax = NO_PS " mac-address MAC [vlan VID]", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Secure mac address", .exec = ps_address, .variant = PS_NO },
    { .syntax = NO_PS " mac-address sticky", .modes = IN_IF, .privilege = PRIV_ENABLE,
      .help = "Configure dynamic secure addresses as sticky", .exec = ps_sticky,
      .variant = PS_NO },
    { .syntax = NO_PS " mac-address sticky MAC [vlan VID]", .modes = IN_IF,
      .privilege = PRIV_ENABLE, .help = "Sticky secure mac address", .exec = ps_address,
      .variant = PS_NO_STICKY_ADDR },
    { .syntax = "show port-security [interface PORT]", .modes = IN_EXEC,
      .privilege = PRIV_USER, .help = "Show secure port information",
      .exec = show_port_security },
    { .syntax = "show port-security address", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Show secure address", .exec = show_addresses },
    { .syntax = "clear port-security", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Clear secure addresses" },
    { .syntax = "clear port-security all" CLEAR_FILTERS, .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Clear all secure addresses",
      .exec = clear_port_security, .variant = PS_CLEAR_ALL },
    { .syntax = "clear port-security configured" CLEAR_FILTERS, .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Clear configured secure addresses",
      .exec = clear_port_security, .variant = PS_CLEAR_CONFIGURED },
    { .syntax = "clear port-security dynamic" CLEAR_FILTERS, .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Clear secure dynamic addresses",
      .exec = clear_port_security, .variant = PS_CLEAR_DYNAMIC },
    { .syntax = "clear port-security sticky" CLEAR_FILTERS, .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Clear secure sticky addresses",
      .exec = clear_port_security, .variant = PS_CLEAR_STICKY },
};

const struct cmdline_table cmd_port_security_table = CMD_TABLE(cmds);
