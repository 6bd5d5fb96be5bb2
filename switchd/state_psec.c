/* Port security in the daemon (docs/design.md section 5.11): each bridge's
 * net/port_security.h table follows the running configuration after every
 * apply, and the 1 s tick acts on what the datapath recorded: violations
 * (err-disable or a log line) and sticky addresses (into running-config). */
#include "state_psec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "state.h"
#include "state_private.h"

/* A port's restrict violations log at most one line per this long (IOS
 * logs each; a VM spraying sources would fill the log buffer). */
#define PSEC_LOG_INTERVAL_MS 10000

static const char *
mac_dotted(const uint8_t mac[ETH_ADDR_LEN], char buf[15])
{
    snprintf(buf, 15, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
    return buf;
}

/* Port security applies to ports that forward frames of their own: not to
 * bond members (the bond's port is the secure one). */
static bool
port_secure(const struct port *p)
{
    return p->config->psec.enabled && !p->member;
}

/* Sets 'p' in table 't' from its configuration.  Returns 0 or an errno. */
static int
port_sync(struct psec_table *t, const struct config_bridge *cb, const struct port *p)
{
    const struct config_psec *c = &p->config->psec;
    struct psec_port_config pc = {
        .maximum = config_psec_maximum(c), .violation = c->violation, .sticky = c->sticky,
        .aging_min = c->aging_min, .aging_inactivity = c->aging_inactivity,
    };
    struct psec_addr *addrs = NULL;
    size_t n = 0;
    int error;

    for (size_t i = 0; i < cb->n_secure_macs; i++)
        n += !strcmp(cb->secure_macs[i].port, p->name);
    if (n && !(addrs = calloc(n, sizeof *addrs)))
        return ENOMEM;
    n = 0;
    for (size_t i = 0; i < cb->n_secure_macs; i++) {
        const struct config_secure_mac *m = &cb->secure_macs[i];

        if (strcmp(m->port, p->name))
            continue;
        addrs[n].vid = m->vlan;
        memcpy(addrs[n].mac, m->mac, ETH_ADDR_LEN);
        addrs[n].sticky = m->sticky;
        n++;
    }
    pc.addrs = addrs;
    pc.n_addrs = n;
    error = psec_port_set(t, p->port_no, &pc);
    free(addrs);
    return error;
}

void
state_psec_sync(struct switch_state *sw)
{
    for (size_t b = 0; b < sw->n_bridges; b++) {
        struct sw_bridge *br = sw->bridges[b];
        const struct config_bridge *cb = config_find_bridge(sw->running, br->name);
        bool any = false;

        for (uint16_t i = 0; i < br->n_ports && !any; i++)
            any = br->ports[i] && port_secure(br->ports[i]);
        if (any && !br->psec) {
            br->psec = psec_table_create(br->n_ports, (uint64_t) loop_now_ms()
                                                      * 0x9e3779b97f4a7c15u);
            if (br->psec)
                bridge_set_port_security(br->core, br->psec);
        }
        if (!br->psec)
            continue;
        for (uint16_t i = 0; i < br->n_ports; i++) {
            struct port *p = br->ports[i];

            if (!p || !port_secure(p) || !cb) {
                psec_port_clear(br->psec, i);
                continue;
            }
            /* Fail closed: a secure port whose addresses cannot be set
             * (out of memory) forwards nothing rather than everything. */
            if (port_sync(br->psec, cb, p)) {
                log_error("port %s: port security not applied (out of memory)", p->name);
                psec_port_clear(br->psec, i);
                state_port_err_disable(sw, p, "psecure-violation");
            } else if (!p->config->enabled) {
                /* IOS: a port shut down forgets its dynamic secure addresses. */
                psec_flush(br->psec, i, 1u << PSEC_DYNAMIC, 0, NULL);
            }
        }
    }
    /* A secure port on a bridge whose table could not be made. */
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];

        if (port_secure(p) && !p->bridge->psec) {
            log_error("port %s: port security not applied (out of memory)", p->name);
            state_port_err_disable(sw, p, "psecure-violation");
        }
    }
}

/* Adds the sticky addresses of 'p' that running-config lacks to it, as IOS
 * writes `switchport port-security mac-address sticky H.H.H` when it learns
 * one.  The running configuration is edited in place: nothing else needs
 * applying, since the table already holds them. */
static void
save_sticky(struct switch_state *sw, struct port *p)
{
    struct config_bridge *cb = config_find_bridge(sw->running, p->bridge->name);
    struct psec_entry_info *e;
    size_t n;

    if (!cb)
        return;
    n = psec_collect(p->bridge->psec, p->port_no, 1u << PSEC_STICKY, 0, NULL, 0);
    if (!n || !(e = calloc(n, sizeof *e)))
        return;
    n = psec_collect(p->bridge->psec, p->port_no, 1u << PSEC_STICKY, 0, e, n);
    for (size_t i = 0; i < n; i++) {
        struct config_secure_mac *m;
        bool have = false;

        for (size_t j = 0; j < cb->n_secure_macs && !have; j++)
            have = cb->secure_macs[j].vlan == e[i].vid
                   && !memcmp(cb->secure_macs[j].mac, e[i].mac, ETH_ADDR_LEN);
        if (have)
            continue;
        if (!(m = config_secure_mac_add(cb, p->name))) {
            log_error("port %s: sticky secure address not saved (out of memory)", p->name);
            break;
        }
        memcpy(m->mac, e[i].mac, ETH_ADDR_LEN);
        m->vlan = e[i].vid;
        m->sticky = true;
        sw->config_generation++;
    }
    free(e);
}

static void
violated(struct switch_state *sw, struct port *p, const struct psec_events *ev)
{
    int64_t now = loop_now_ms();
    bool shutdown = p->config->psec.violation == PSEC_SHUTDOWN;
    char mac[15];

    if (shutdown && p->link.err_disabled)
        return;
    if (!shutdown && p->link.psec_logged_ms && now - p->link.psec_logged_ms < PSEC_LOG_INTERVAL_MS)
        return;
    p->link.psec_logged_ms = now;
    /* IOS logs the err-disable first, then the violation. */
    if (shutdown) {
        state_port_err_disable(sw, p, "psecure-violation");
        /* A port that goes down forgets its dynamic secure addresses. */
        psec_flush(p->bridge->psec, p->port_no, 1u << PSEC_DYNAMIC, 0, NULL);
    }
    log_msg(LOG_LEVEL_ERROR, "%%PORT_SECURITY-2-PSECURE_VIOLATION: Security violation occurred,"
            " caused by MAC address %s on port %s.", mac_dotted(ev->mac, mac), p->name);
}

void
state_psec_tick(struct switch_state *sw)
{
    int64_t now = loop_now_ms();

    for (size_t b = 0; b < sw->n_bridges; b++)
        if (sw->bridges[b]->psec)
            psec_expire(sw->bridges[b]->psec, now);
    for (size_t i = 0; i < sw->n_ports; i++) {
        struct port *p = sw->ports[i];
        struct psec_events ev;

        if (!p->bridge->psec || !psec_port_poll(p->bridge->psec, p->port_no, &ev))
            continue;
        if (ev.new_sticky)
            save_sticky(sw, p);
        if (ev.violated)
            violated(sw, p, &ev);
    }
}

void
state_psec_save_sticky(struct switch_state *sw)
{
    for (size_t i = 0; i < sw->n_ports; i++)
        if (sw->ports[i]->bridge->psec && port_secure(sw->ports[i]))
            save_sticky(sw, sw->ports[i]);
}

/* Read API (state.h). */

bool
state_port_psec(const struct switch_state *sw, const struct port *p,
                struct psec_port_info *info)
{
    (void) sw;
    memset(info, 0, sizeof *info);
    return p->bridge->psec && psec_port_info(p->bridge->psec, p->port_no, loop_now_ms(), info);
}

size_t
state_psec_addresses(const struct switch_state *sw, const struct port *only,
                     struct state_psec_addr *out, size_t max)
{
    size_t n = 0;

    for (size_t b = 0; b < sw->n_bridges; b++) {
        struct sw_bridge *br = sw->bridges[b];
        uint32_t port = only ? only->port_no : PSEC_ALL_PORTS;
        struct psec_entry_info *e;
        size_t k;

        if (!br->psec || (only && only->bridge != br))
            continue;
        k = psec_collect(br->psec, port, ~0u, loop_now_ms(), NULL, 0);
        if (!k || !out)
            goto count;
        if (!(e = calloc(k, sizeof *e)))
            return 0;
        k = psec_collect(br->psec, port, ~0u, loop_now_ms(), e, k);
        for (size_t i = 0; i < k && n + i < max; i++) {
            out[n + i].port = br->ports[e[i].port];
            out[n + i].addr = e[i];
        }
        free(e);
count:
        n += k;
    }
    return n;
}

uint32_t
state_psec_clear_dynamic(struct switch_state *sw, const struct port *only, uint16_t vid,
                         const uint8_t *mac)
{
    uint32_t n = 0;

    for (size_t b = 0; b < sw->n_bridges; b++) {
        struct sw_bridge *br = sw->bridges[b];

        if (br->psec && (!only || only->bridge == br))
            n += psec_flush(br->psec, only ? only->port_no : PSEC_ALL_PORTS,
                            1u << PSEC_DYNAMIC, vid, mac);
    }
    return n;
}
