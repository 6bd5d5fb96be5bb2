/* Placeholder for the RSTP state machines (net/rstp.h): every port is
 * forwarding and nothing is sent.  The rstpnet work replaces this file. */
#include "rstp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rstp_port {
    bool used;
    struct rstp_port_config cfg;
    bool up;
};

struct rstp {
    struct rstp_bridge_config cfg;
    const struct rstp_ops *ops;
    void *arg;
    struct rstp_port *ports;
    uint16_t n_ports;               /* slots in 'ports' */
};

int
rstp_bridge_config_check(const struct rstp_bridge_config *cfg, char *err, size_t err_size)
{
    if (cfg->priority > RSTP_PRIORITY_MAX || cfg->priority % RSTP_PRIORITY_STEP) {
        snprintf(err, err_size, "invalid bridge priority %u", cfg->priority);
        return EINVAL;
    }
    return 0;
}

struct rstp *
rstp_create(const struct rstp_bridge_config *cfg, const struct rstp_ops *ops, void *arg,
            int64_t now_ms)
{
    struct rstp *r;
    char err[128];

    (void) now_ms;
    if (rstp_bridge_config_check(cfg, err, sizeof err) || !(r = calloc(1, sizeof *r)))
        return NULL;
    r->cfg = *cfg;
    r->ops = ops;
    r->arg = arg;
    return r;
}

void
rstp_destroy(struct rstp *r)
{
    if (r) {
        free(r->ports);
        free(r);
    }
}

int
rstp_set_config(struct rstp *r, const struct rstp_bridge_config *cfg, int64_t now_ms,
                char *err, size_t err_size)
{
    int error = rstp_bridge_config_check(cfg, err, err_size);

    (void) now_ms;
    if (!error)
        r->cfg = *cfg;
    return error;
}

static struct rstp_port *
find(const struct rstp *r, uint16_t port_no)
{
    return port_no < r->n_ports && r->ports[port_no].used ? &r->ports[port_no] : NULL;
}

int
rstp_port_add(struct rstp *r, uint16_t port_no, const struct rstp_port_config *cfg,
              int64_t now_ms)
{
    (void) now_ms;
    if (find(r, port_no))
        return EEXIST;
    if (port_no >= r->n_ports) {
        struct rstp_port *p = realloc(r->ports, (port_no + 1u) * sizeof *p);

        if (!p)
            return ENOMEM;
        memset(p + r->n_ports, 0, (port_no + 1u - r->n_ports) * sizeof *p);
        r->ports = p;
        r->n_ports = port_no + 1;
    }
    r->ports[port_no] = (struct rstp_port) { .used = true, .cfg = *cfg };
    r->ops->set_state(r->arg, port_no, RSTP_FORWARDING);
    return 0;
}

int
rstp_port_remove(struct rstp *r, uint16_t port_no, int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);

    (void) now_ms;
    if (!p)
        return ENOENT;
    p->used = false;
    return 0;
}

int
rstp_port_set_config(struct rstp *r, uint16_t port_no, const struct rstp_port_config *cfg,
                     int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);

    (void) now_ms;
    if (!p)
        return ENOENT;
    p->cfg = *cfg;
    return 0;
}

int
rstp_port_set_link(struct rstp *r, uint16_t port_no, bool up, uint32_t speed_mbps,
                   bool full_duplex, int64_t now_ms)
{
    struct rstp_port *p = find(r, port_no);

    (void) speed_mbps, (void) full_duplex, (void) now_ms;
    if (!p)
        return ENOENT;
    p->up = up;
    return 0;
}

int
rstp_port_mcheck(struct rstp *r, uint16_t port_no, int64_t now_ms)
{
    (void) now_ms;
    return find(r, port_no) ? 0 : ENOENT;
}

int
rstp_receive(struct rstp *r, uint16_t port_no, const uint8_t *frame, size_t len,
             int64_t now_ms)
{
    struct rstp_bpdu bpdu;

    (void) now_ms;
    if (!find(r, port_no))
        return ENOENT;
    return rstp_bpdu_parse(frame, len, &bpdu);
}

void
rstp_tick(struct rstp *r, int64_t now_ms)
{
    (void) r, (void) now_ms;
}

void
rstp_get_bridge_info(const struct rstp *r, struct rstp_bridge_info *info)
{
    memset(info, 0, sizeof *info);
    info->bridge_id.priority = r->cfg.priority;
    memcpy(info->bridge_id.addr, r->cfg.addr, ETH_ADDR_LEN);
    info->root_id = info->bridge_id;
    info->is_root = true;
    info->hello_s = info->bridge_hello_s = r->cfg.hello_s;
    info->max_age_s = info->bridge_max_age_s = r->cfg.max_age_s;
    info->forward_delay_s = info->bridge_forward_delay_s = r->cfg.forward_delay_s;
    info->tx_hold_count = r->cfg.tx_hold_count;
    info->force_stp = r->cfg.force_stp;
    info->last_topology_change_ms = -1;
}

int
rstp_get_port_info(const struct rstp *r, uint16_t port_no, struct rstp_port_info *info)
{
    const struct rstp_port *p = find(r, port_no);

    if (!p)
        return ENOENT;
    memset(info, 0, sizeof *info);
    info->port_no = port_no;
    info->priority = p->cfg.priority;
    info->port_id = (uint16_t) (p->cfg.priority << 8 | p->cfg.id_number);
    info->path_cost = p->cfg.path_cost ? p->cfg.path_cost : rstp_path_cost_for_speed(0);
    info->role = p->up ? RSTP_ROLE_DESIGNATED : RSTP_ROLE_DISABLED;
    info->state = RSTP_FORWARDING;
    info->enabled = p->up;
    info->send_rstp = !r->cfg.force_stp;
    info->bpdu_filter = p->cfg.bpdu_filter;
    return 0;
}

void
rstp_for_each_port(const struct rstp *r, void (*cb)(const struct rstp_port_info *, void *arg),
                   void *arg)
{
    struct rstp_port_info info;

    for (uint16_t i = 0; i < r->n_ports; i++)
        if (!rstp_get_port_info(r, i, &info))
            cb(&info, arg);
}

void
rstp_clear_counters(struct rstp *r)
{
    (void) r;
}

const char *
rstp_role_ios_name(enum rstp_role role)
{
    static const char *const names[] = { "Disabled", "Root", "Desg", "Altn", "Back" };

    return (unsigned) role < sizeof names / sizeof *names ? names[role] : "?";
}

const char *
rstp_state_ios_name(enum rstp_state state)
{
    static const char *const names[] = { "BLK", "LRN", "FWD" };

    return (unsigned) state < sizeof names / sizeof *names ? names[state] : "?";
}

const char *
rstp_role_name(enum rstp_role role)
{
    static const char *const names[] = { "Disabled", "Root", "Designated", "Alternate",
                                         "Backup" };

    return (unsigned) role < sizeof names / sizeof *names ? names[role] : "?";
}

const char *
rstp_state_name(enum rstp_state state)
{
    static const char *const names[] = { "Discarding", "Learning", "Forwarding" };

    return (unsigned) state < sizeof names / sizeof *names ? names[state] : "?";
}

uint32_t
rstp_path_cost_for_speed(uint32_t speed_mbps)
{
    (void) speed_mbps;
    return 20000;
}

int
rstp_bpdu_parse(const uint8_t *frame, size_t len, struct rstp_bpdu *out)
{
    (void) frame, (void) len, (void) out;
    return EINVAL;
}

size_t
rstp_bpdu_build(const struct rstp_bpdu *bpdu, const uint8_t src[ETH_ADDR_LEN],
                uint8_t buf[RSTP_FRAME_MAX])
{
    (void) bpdu, (void) src;
    memset(buf, 0, RSTP_FRAME_MAX);
    return RSTP_FRAME_MAX;
}
