#ifndef SWITCHD_STATE_H
#define SWITCHD_STATE_H 1

/* Switch state and datapath
 * =========================
 * The live switch: bridges (each a net/ bridge core plus its ports), all
 * ports by name, the running configuration, and the datapath that moves
 * frames between ports.  Everything here belongs to the loop thread; the
 * shell reaches it only through the command queue (cmdq.h).
 *
 * One mutation API: state_apply() takes a whole new configuration and
 * changes only what differs from the running one -- ports that are new are
 * opened, ports that are gone are closed, a port that moves to another
 * bridge stays open (its netdev too), a port that changes type is closed
 * and opened anew, a port whose VLAN policy changed gets the new policy
 * (which flushes its MAC entries), and everything else
 * (untouched ports, their MAC entries, counters and traffic) stays as it
 * is.  It is all or nothing: what can fail (opening netdevs, memory, the
 * hooks' preparations such as binding a new telnet address) happens before
 * anything visible changes, and a failure undoes it.  One thing cannot be
 * undone: closing an internal port (or a TAP switchd made) deletes its
 * netdev, so a type change is checked for the failures that can be seen
 * coming before any port closes, and only an open that fails after that
 * (out of memory, a netdev appearing meanwhile) leaves such a port with a
 * new netdev.  The shell edits a
 * clone of the running configuration and applies it; JSON import and
 * reload apply a file.  The running-config text and the JSON export are
 * both rendered from state_config().
 *
 * Datapath: a port's fd becomes readable -> up to PORT_RX_BATCH frames are
 * received into one shared rx pool -> bridge_input() -> bridge_tx_flush()
 * hands each output port its queue once per batch.  A patch port copies
 * its frames (with the egress tag applied) into a pool of its own nesting
 * depth and runs them through the peer bridge at once, so the in-process
 * handoff costs one copy and no syscall.  A frame that would re-enter a
 * bridge which is still flushing has come round a loop of patch ports;
 * it is dropped and counted (there is no spanning tree), as is one that
 * would cross more than STATE_PATCH_DEPTH_MAX patch ports.  A patch port
 * whose peer does not exist (yet) drops what it is sent.
 *
 * Ports follow their netdevs (docs/security.md section 8): an error on a
 * port's fd or a link event (netlink_monitor.h) naming it checks whether
 * the port lost its netdev; such a port is closed, disabled in its bridge
 * (shown down / notconnect) and logged.  A tap or system port is reopened
 * when a netdev of its name appears again; an internal port, whose TAP
 * went with its host's namespace, makes its TAP anew in switchd's.  Gone
 * ports are retried on every aging tick and apply as well, in case an event
 * was lost.  Closing ports never waits for the kernel on the loop thread:
 * the reaper (tap_reaper.h) does it. */

#include <stddef.h>
#include <stdint.h>

#include "bridge.h"
#include "config.h"
#include "lacp.h"
#include "lldp.h"
#include "rstp.h"

/* Opaque to everything outside switchd/ (docs/design.md section 2.2): the
 * definitions are in state_private.h, which only switchd/ includes; the
 * command code reads the switch through the functions of "Reading the
 * switch" below. */
struct port;
struct sw_bridge;
struct switch_state;
struct loop;

/* Something outside the switch proper that follows the configuration (the
 * telnet server): prepare() may fail and is undone by abort(); commit()
 * cannot fail.  Each gets the new configuration. */
struct state_hook {
    int (*prepare)(void *arg, const struct switch_config *, char *err, size_t err_size);
    void (*commit)(void *arg, const struct switch_config *);
    void (*abort)(void *arg);
    void *arg;
};

#define STATE_MAX_HOOKS 4

/* Patch ports a frame may cross in a row (each crossing nests a call on
 * the loop thread; OVS bounds its recursion at 64 too).  A frame that
 * would cross more is dropped and counted in 'patch_loop_drops'. */
#define STATE_PATCH_DEPTH_MAX 64

/* Builds the switch of 'cfg' (which the state keeps: the caller hands it
 * over, also on failure) and starts watching its ports on 'loop'.  Returns
 * NULL with a message in 'err' if anything fails; then nothing is left
 * behind. */
struct switch_state *state_create(struct switch_config *cfg, struct loop *loop,
                                  char *err, size_t err_size);
void state_destroy(struct switch_state *);      /* accepts NULL */

/* Registers a hook; it is called by every later state_apply().  Returns 0,
 * or ENOSPC with a message in 'err' when STATE_MAX_HOOKS are registered. */
int state_add_hook(struct switch_state *, const struct state_hook *, char *err,
                   size_t err_size);

enum {
    STATE_APPLY_KEEP_FLOWS = 1 << 0,    /* ignore 'flows' of the new config */
};

/* Makes 'cfg' the running configuration, touching only what differs (see
 * above).  Takes 'cfg' in every case.  Returns 0, or an errno with the
 * reason in 'err' -- then the switch is exactly as before. */
int state_apply(struct switch_state *, struct switch_config *cfg, unsigned flags,
                char *err, size_t err_size);

/* The running configuration (flows are not in it: they live in the
 * bridges' flow tables). */
const struct switch_config *state_config(const struct switch_state *);

/* A copy of the running configuration to edit and apply (NULL when memory
 * is short). */
struct switch_config *state_config_edit(const struct switch_state *);

/* The running configuration with every bridge's flows, as the JSON export
 * and `write memory` need it (NULL when memory is short). */
struct switch_config *state_config_snapshot(const struct switch_state *);

struct port *state_find_port(const struct switch_state *, const char *name);
struct sw_bridge *state_find_bridge(const struct switch_state *, const char *name);

/* The running configuration of port 'p' (never NULL for a live port). */
const struct config_port *state_port_config(const struct switch_state *, const struct port *p);

/* Link state for `show interfaces status`: true when the other end is
 * there (a VM attached to a tap, a patch peer, an up NIC: the carrier the
 * link events last reported, docs/design.md section 6.9). */
bool state_port_connected(const struct switch_state *, const struct port *p);

/* A port's status as IOS shows it (`show interfaces status`, the state
 * line of `show interfaces`; docs/design.md section 6.9): */
enum state_port_status {
    STATE_PORT_CONNECTED,           /* "connected": enabled, the other end there */
    STATE_PORT_NOTCONNECT,          /* "notconnect": enabled, no carrier / no VM / no peer */
    STATE_PORT_DISABLED,            /* "disabled": shutdown */
    STATE_PORT_INACTIVE,            /* "inactive": an access port whose VLAN is
                                       not in its bridge's VLAN database */
    STATE_PORT_ERR_DISABLED,        /* "err-disabled": shut by a protection feature */
    STATE_PORT_MONITORING,          /* "monitoring": a SPAN destination */
};
enum state_port_status state_port_status(const struct switch_state *, const struct port *p);
/* "connected", "notconnect", ... as `show interfaces status` prints them. */
const char *state_port_status_name(enum state_port_status);

/* Err-disabled (docs/design.md section 6.9): a protection feature (port
 * security, BPDU guard) shuts port 'p' for 'cause' (IOS's word for it,
 * e.g. "bpduguard"; PORT_ERR_CAUSE_MAX - 1 characters kept).  The port
 * forwards nothing and loses its dynamic MAC entries; its status is
 * err-disabled and %PM-4-ERR_DISABLE is logged, until `shutdown` and `no
 * shutdown` (an apply that shuts it clears the state, as in IOS).  Returns
 * 0 (also when it is err-disabled already: the first cause stays), or
 * EINVAL for a port that is shut down (it detects nothing). */
int state_port_err_disable(struct switch_state *, struct port *p, const char *cause);
/* The cause 'p' is err-disabled for, or NULL when it is not. */
const char *state_port_err_disabled_cause(const struct port *p);

/* Storm control (docs/cli.md `storm-control`, state_storm.c): the state
 * of port 'p''s classes as its bridge core keeps them (net/storm_control.h),
 * rolled to the last tick, or NULL for a port not in a core. */
const struct storm_control *state_port_storm_control(const struct port *p);

/* Err-disable recovery (state_errdisable.c, `show errdisable recovery`):
 * the time left before err-disabled port 'p' comes back, or -1 when it
 * will not (not err-disabled, or no recovery for its cause). */
int64_t state_port_err_recovery_left_ms(const struct switch_state *, const struct port *p);

/* Port security (state_psec.c, docs/design.md section 5.11).  The port's
 * counters and settings as the datapath has them; false when it is not
 * secure. */
bool state_port_psec(const struct switch_state *, const struct port *p,
                     struct psec_port_info *info);
/* The secure addresses of port 'only' (NULL: every port), bridge by bridge,
 * each sorted by VLAN then MAC: up to 'max' into 'out' (NULL to count),
 * returns how many there are. */
struct state_psec_addr {
    const struct port *port;
    struct psec_entry_info addr;
};
size_t state_psec_addresses(const struct switch_state *, const struct port *only,
                            struct state_psec_addr *out, size_t max);
/* `clear port-security dynamic`: removes dynamic secure addresses of 'only'
 * (NULL: every port), only ('vid', 'mac') when 'mac' is not NULL.  Returns
 * how many. */
uint32_t state_psec_clear_dynamic(struct switch_state *, const struct port *only, uint16_t vid,
                                  const uint8_t *mac);
/* Writes the sticky addresses learnt since the last tick into the running
 * configuration now (the tick does it within a second), so a `clear
 * port-security sticky` that edits the configuration sees them all. */
void state_psec_save_sticky(struct switch_state *);

/* SPAN (IOS `monitor session`, switchd/span.c): what session 'id' of the
 * running configuration mirrored and what it could not.  False when the
 * session is not configured. */
struct state_span_counters {
    uint64_t mirrored;              /* copies the destination's back end took */
    uint64_t dest_down;             /* not sent: the destination was shut down,
                                       err-disabled, without carrier or netdev */
    uint64_t refused;               /* sent, refused by its back end (tx errors) */
    uint64_t unparsable;            /* received frames too short to copy */
};
bool state_span_counters(const struct switch_state *, unsigned id,
                         struct state_span_counters *);

/* Resets the counters of every port and SPAN session (`clear counters`). */
void state_clear_counters(struct switch_state *);

/* Reading the switch
 * ------------------
 * Loop thread, like everything here (docs/design.md section 7.1); what
 * the command code (shell/) and the front ends see of the live switch.
 * Pointers stay valid until the next state_apply(). */

/* Bridges and ports, in configuration order; i < the count. */
size_t state_n_bridges(const struct switch_state *);
struct sw_bridge *state_bridge_at(const struct switch_state *, size_t i);
size_t state_n_ports(const struct switch_state *);
const struct port *state_port_at(const struct switch_state *, size_t i);

/* Frames dropped between bridges (docs/design.md section 5.7). */
uint64_t state_patch_loop_drops(const struct switch_state *);
uint64_t state_patch_no_peer_drops(const struct switch_state *);

const char *state_bridge_name(const struct sw_bridge *);
/* The bridge's net/ core: its flow table, MAC table and port numbers. */
struct bridge *state_bridge_core(const struct sw_bridge *);
/* The port at core port number 'port_no' (a MAC entry's port), or NULL;
 * port numbers are below state_bridge_port_slots(). */
const struct port *state_bridge_port(const struct sw_bridge *, uint16_t port_no);
uint16_t state_bridge_port_slots(const struct sw_bridge *);

const char *state_port_name(const struct port *);
const char *state_port_type(const struct port *);      /* "tap", "internal", ... */
uint16_t state_port_ofport(const struct port *);
struct sw_bridge *state_port_bridge(const struct port *);
/* A patch port's linked peer, or "" (none yet, or not a patch port). */
const char *state_port_peer(const struct port *);
bool state_port_enabled(const struct port *);           /* in its bridge core */
const struct bridge_port_stats *state_port_stats(const struct port *);
const struct vlan_port *state_port_vlan(const struct port *);   /* as applied */
/* Reads that failed or were truncated, sends the kernel refused. */
uint64_t state_port_rx_errors(const struct port *);
uint64_t state_port_tx_errors(const struct port *);
/* Frames the kernel dropped before the port's socket was read (packet
 * socket tp_drops, read once a second). */
uint64_t state_port_rx_dropped(const struct port *);

/* `show interfaces` (switchd/state_ifinfo.c): IOS's 5 minute input and
 * output rates of the port's counters (switchd/if_rate.h), per second,
 * and when `clear counters` last ran (loop_now_ms() time, 0: never). */
struct state_port_rates {
    uint64_t in_bits, in_pkts, out_bits, out_pkts;
    int64_t cleared_ms;
};
void state_port_rates(const struct port *, struct state_port_rates *);
/* The port's netdev's MAC address, when switchd can see its netdev (a
 * patch or bond port has none, an internal port moved to another
 * namespace may not be seen).  Returns false then. */
bool state_port_hwaddr(const struct port *, uint8_t mac[ETH_ADDR_LEN]);
/* Its MTU: the netdev's, else the configured `mtu`, else 1500. */
unsigned state_port_mtu(const struct switch_state *, const struct port *);
/* Loop thread, once a second: samples every port's counters into its
 * rates. */
void state_rates_tick(struct switch_state *);

/* Bonds (docs/bonding.md)
 * -----------------------
 * A bond port is a port of its bridge like any other (ofport, VLAN policy,
 * counters of what the bridge sent and received through it); its members
 * are ports of the same bridge that forward nothing of their own: what
 * they receive enters the bridge as the bond's, what the bridge sends to
 * the bond leaves through one of them.  A member's counters
 * (state_port_stats()) count the frames it moved itself, LACPDUs
 * included. */

/* The bond port member 'p' belongs to, or NULL. */
const struct port *state_port_bond(const struct port *p);
/* A bond's members, in configuration order; i < the count. */
size_t state_bond_n_members(const struct port *bond);
const struct port *state_bond_member(const struct port *bond, size_t i);

/* IOS `show etherchannel summary` flags of a member. */
enum state_member_flag {
    STATE_MEMBER_BUNDLED,           /* P: carries the bond's traffic */
    STATE_MEMBER_DOWN,              /* D: no carrier, shut down, netdev gone */
    STATE_MEMBER_SUSPENDED,         /* s: LACP partner does not match the bundle */
    STATE_MEMBER_STANDALONE,        /* I: LACP bond, no partner heard */
    STATE_MEMBER_WAITING,           /* w: LACP, selected, waiting to attach */
    STATE_MEMBER_HOT_STANDBY,       /* H: active-backup, up but not active */
};

struct state_bond_status {
    enum bond_mode mode;
    enum bond_hash hash;            /* the switch's port-channel load-balance */
    enum config_lacp lacp;
    bool lacp_fast;
    bool lacp_negotiated;           /* some member is distributing by LACP */
    bool up;                        /* some member carries traffic */
    const struct port *active;      /* active-backup: the active member; SLB: the
                                       member floods leave by; NULL: none */
    uint64_t failovers;
    uint16_t key;                   /* LACP operational key (the channel group) */
    uint64_t rx_drops_inactive;     /* bond_rx_verdict counts, docs/bonding.md */
    uint64_t rx_drops_multicast;
    uint64_t rx_drops_reflected;
    uint64_t tx_drops_no_member;    /* frames for the bond with no usable member */
};
void state_bond_status(const struct port *bond, struct state_bond_status *);

struct state_member_status {
    enum state_member_flag flag;
    bool carrier;
    bool usable;                    /* carries the bond's traffic now */
    uint64_t load_bytes;            /* SLB: bytes hashed to it since the last rebalance */
    const struct lacp_member *lacp; /* its LACP machines (net/lacp.h), NULL when the
                                       bond runs no LACP */
};
void state_member_status(const struct port *member, struct state_member_status *);

/* The LACP system ID: the switch's system priority and MAC. */
void state_lacp_system(const struct switch_state *, uint16_t *priority,
                       uint8_t mac[ETH_ADDR_LEN]);

/* LLDP (switchd/state_lldp.c, docs/design.md section 5.12)
 * ---------------------------------------------------------- */

/* IOS `show lldp traffic`: the switch's totals (ports removed included). */
struct state_lldp_traffic {
    uint64_t frames_out, frames_in, frames_in_error, frames_discarded;
    uint64_t tlvs_discarded, tlvs_unrecognized, entries_aged;
};
void state_lldp_traffic(const struct switch_state *, struct state_lldp_traffic *);

/* Whether port 'p' runs LLDP now (`lldp run`, a tap, internal or system
 * port, its state allocated); '*tx' and '*rx' say what it does. */
bool state_lldp_port_active(const struct port *p, bool *tx, bool *rx);

/* The i-th neighbour port 'p' has (i from 0), or NULL past the last; its
 * remaining time to live in '*remaining_s'. */
const struct lldp_neighbor_info *state_lldp_neighbor(const struct switch_state *,
                                                     const struct port *p, size_t i,
                                                     unsigned *remaining_s);

/* The switch's chassis ID (the LACP system MAC) and the management address
 * LLDPDUs carry ("" for none: docs/design.md section 5.12). */
void state_lldp_chassis(const struct switch_state *, uint8_t mac[ETH_ADDR_LEN]);
void state_lldp_mgmt_address(const struct switch_state *, char *buf, size_t size);

/* `clear lldp counters`, `clear lldp table`. */
void state_lldp_clear_counters(struct switch_state *);
void state_lldp_clear_table(struct switch_state *);

/* Spanning tree (switchd/state_stp.c, docs/design.md section 5.13)
 * ----------------------------------------------------------------- */

/* The RSTP instance of bridge 'b' as net/rstp.h shows it; false when no
 * spanning tree runs on the bridge. */
bool state_stp_bridge_info(const struct sw_bridge *b, struct rstp_bridge_info *info);
/* Port 'p' in its bridge's instance; false when none runs there or the
 * port takes no part (a bond member: its bond port does; a SPAN
 * destination).  '*bpduguard' (may be NULL): whether BPDU guard is in
 * force on it now (configured, or by the bridge's default on an edge port). */
bool state_stp_port_info(const struct port *p, struct rstp_port_info *info, bool *bpduguard);
/* BPDUs BPDU guard caught and BPDUs dropped on bpdufilter ports, for
 * `show spanning-tree summary` and `detail` (the port's, since start). */
uint64_t state_stp_port_bpduguard_hits(const struct port *p);
/* `clear spanning-tree counters [interface X]` and `clear spanning-tree
 * detected-protocols [interface X]`: 'only' NULL for every port. */
void state_stp_clear_counters(struct switch_state *, const struct port *only);
void state_stp_mcheck(struct switch_state *, const struct port *only);

/* VXLAN (switchd/port_vxlan.c, switchd/state_vxlan.c; docs/design.md
 * section 5.14)
 * ------------------------------------------------------------------------- */

/* A vxlan port as `show nve interface`, `show interfaces nve1` and the JSON
 * counters see it. */
struct state_vxlan_port_info {
    uint32_t local_ip;              /* in use (resolved from source_interface), 0 = any */
    uint16_t udp_port;
    bool up;                        /* its UDP socket is open */
    char down_reason[96];           /* why not, "" when up */
    uint64_t rx_frames, tx_frames;  /* decapsulated / encapsulated */
    uint64_t rx_bad_header;         /* short, I flag clear */
    uint64_t rx_unknown_vni;        /* a VNI the port does not carry */
    uint64_t rx_unknown_peer;       /* from an address not in its remote lists */
    uint64_t tx_too_big;            /* larger than the underlay's MTU with DF */
    uint64_t tx_no_key;             /* "key": "flow" and no tun_id */
    uint64_t tx_errors;             /* the kernel refused (no route, ...) */
};
bool state_vxlan_port_info(const struct port *p, struct state_vxlan_port_info *);

/* One remote VTEP of a vxlan port (`show nve peers`): configured ones
 * (DP: static) first, in configuration order. */
struct state_vxlan_peer {
    const struct port *port;
    uint32_t remote;                /* IPv4, network byte order */
    int64_t first_rx_ms;            /* first frame from it, 0 = none yet */
    int64_t last_rx_ms;
    uint64_t rx_frames, tx_frames;
};
/* The i-th peer over every vxlan port of the switch, NULL past the last
 * (the pointer is valid until the next call on the loop thread). */
const struct state_vxlan_peer *state_vxlan_peer(const struct switch_state *, size_t i);

/* The VTEP behind (vlan, mac) on vxlan port 'p' (`show mac address-table`
 * lists "nve1(10.0.0.2)"); false when not known. */
bool state_vxlan_mac_remote(const struct port *p, uint16_t vlan, const uint8_t mac[ETH_ADDR_LEN],
                            uint32_t *remote);

#endif /* switchd/state.h */
