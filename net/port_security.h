#ifndef NET_PORT_SECURITY_H
#define NET_PORT_SECURITY_H 1

/* Port security (IOS `switchport port-security`)
 * ===============================================
 * The secure addresses of one bridge's ports: which (VLAN, source MAC) a
 * secure port may receive from, at most 'maximum' of them per port
 * (configured, sticky and dynamic ones together, as IOS counts them).
 * NORMAL calls psec_admit() where it learns (net/bridge.c), so a frame
 * whose source is not admitted is neither learnt nor forwarded.
 *
 * IOS's rules (docs/design.md section 5.11):
 *   - a source secure on this port passes;
 *   - a source secure on another port of the bridge in the same VLAN is a
 *     violation on this one (IOS: "a MAC address configured or learned on
 *     one secure interface is seen on another secure interface in the same
 *     VLAN");
 *   - a new source is learnt (dynamic, or sticky when sticky learning is
 *     on) while the port holds fewer than 'maximum' addresses, else it is a
 *     violation.
 * A violation drops the frame.  'protect' only counts the drop;
 * 'restrict' and 'shutdown' also count the violation and remember it for
 * psec_port_poll(), which the daemon runs on its 1 s tick to log it and,
 * for 'shutdown', to err-disable the port.  Ports that are not secure are
 * not looked at: one pointer test per frame when no port of the bridge is.
 *
 * One table per bridge: open addressing with linear probing and back-shift
 * deletion (as mac_table.c) keyed by (vid << 48 | mac), sized when ports
 * are configured (psec_port_set()) for every address they may hold, at
 * most half full, so psec_admit() never allocates.  Time is a parameter.
 * Ports are numbers below the 'max_ports' given at creation. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

#define PSEC_MAXIMUM_MAX  4096      /* addresses a port may hold (IOS 3750: 1-6144) */
#define PSEC_AGING_MAX_MIN 1440     /* IOS `aging time` 0-1440 minutes */

enum psec_violation {
    PSEC_SHUTDOWN,                  /* IOS's default */
    PSEC_RESTRICT,
    PSEC_PROTECT,
};

enum psec_addr_type {
    PSEC_CONFIGURED,                /* `switchport port-security mac-address H.H.H` */
    PSEC_STICKY,                    /* learnt with sticky on, or configured sticky */
    PSEC_DYNAMIC,                   /* learnt */
};

/* One configured or sticky address handed to psec_port_set(). */
struct psec_addr {
    uint16_t vid;
    uint8_t mac[ETH_ADDR_LEN];
    bool sticky;
};

struct psec_port_config {
    uint32_t maximum;               /* 1..PSEC_MAXIMUM_MAX (IOS default 1) */
    enum psec_violation violation;
    bool sticky;                    /* `mac-address sticky`: learn as sticky */
    uint32_t aging_min;             /* dynamic addresses age; 0 = never */
    bool aging_inactivity;          /* from the last frame, not from learning */
    const struct psec_addr *addrs;  /* configured and sticky addresses */
    size_t n_addrs;
};

/* What a port did since the last psec_port_poll(). */
struct psec_events {
    bool violated;                  /* a restrict or shutdown violation */
    uint16_t vid;                   /* ... the last one's source */
    uint8_t mac[ETH_ADDR_LEN];
    uint64_t n_violations;          /* ... how many */
    bool new_sticky;                /* sticky addresses were learnt */
};

/* A port's counters and state, for show commands. */
struct psec_port_info {
    bool secure;
    struct psec_port_config config; /* 'addrs' NULL */
    uint32_t n_total, n_configured, n_sticky, n_dynamic;
    uint64_t violations;            /* IOS "Security Violation Count" */
    uint64_t drops;                 /* frames dropped by port security */
    bool seen;                      /* 'last_*' hold the last source */
    uint16_t last_vid;
    uint8_t last_mac[ETH_ADDR_LEN];
};

/* One secure address, for `show port-security address`. */
struct psec_entry_info {
    uint16_t port, vid;
    uint8_t mac[ETH_ADDR_LEN];
    enum psec_addr_type type;
    int64_t remaining_ms;           /* dynamic with aging: time left; else -1 */
};

struct psec_table;

/* Returns NULL when memory is short or 'max_ports' is 0. */
struct psec_table *psec_table_create(uint16_t max_ports, uint64_t seed);
void psec_table_destroy(struct psec_table *);           /* accepts NULL */

/* Makes port 'port' secure with 'cfg' (or changes its settings).  Its
 * configured and sticky addresses become exactly 'cfg->addrs'; a sticky
 * address not listed there becomes dynamic when sticky learning is off
 * (IOS's `no ... mac-address sticky`) and goes when it is on; dynamic
 * addresses stay unless the port would then hold more than 'maximum', in
 * which case they all go.  An address of the list secure on another port
 * moves here.  Returns 0, EINVAL (bad port or maximum, more listed
 * addresses than 'maximum', a multicast one) or ENOMEM, with the table
 * unchanged on failure. */
int psec_port_set(struct psec_table *, uint16_t port, const struct psec_port_config *cfg);
/* Port 'port' is no longer secure: its addresses and counters go. */
void psec_port_clear(struct psec_table *, uint16_t port);
bool psec_port_is_secure(const struct psec_table *, uint16_t port);

/* The per-frame call: whether 'port' may receive from 'mac' in 'vid' at
 * 'now_ms' (always true for a port that is not secure).  Learns, counts and
 * records violations as above.  O(1), no allocation. */
bool psec_admit(struct psec_table *, uint16_t port, uint16_t vid,
                const uint8_t mac[ETH_ADDR_LEN], int64_t now_ms);

/* Fills '*ev' with what happened on 'port' since the last call and clears
 * it.  Returns false (and '*ev' zero) when nothing did. */
bool psec_port_poll(struct psec_table *, uint16_t port, struct psec_events *ev);

/* Removes addresses of 'port' (every port when 'port' is PSEC_ALL_PORTS)
 * whose type is in 'types' (a mask of 1 << enum psec_addr_type), optionally
 * only ('vid', 'mac') when 'mac' is not NULL.  Returns how many. */
#define PSEC_ALL_PORTS UINT32_MAX
uint32_t psec_flush(struct psec_table *, uint32_t port, unsigned types,
                    uint16_t vid, const uint8_t *mac);

/* Removes dynamic addresses whose aging time ran out at 'now_ms'. */
uint32_t psec_expire(struct psec_table *, int64_t now_ms);

bool psec_port_info(const struct psec_table *, uint16_t port, int64_t now_ms,
                    struct psec_port_info *);
/* Copies up to 'max' addresses of 'port' (PSEC_ALL_PORTS: every port) whose
 * type is in 'types', sorted by VLAN then MAC, and returns how many there
 * are in all. */
size_t psec_collect(const struct psec_table *, uint32_t port, unsigned types, int64_t now_ms,
                    struct psec_entry_info *out, size_t max);

const char *psec_violation_name(enum psec_violation);   /* "shutdown", ... */

#endif /* net/port_security.h */
