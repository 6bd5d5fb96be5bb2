#ifndef SWITCHD_CONFIG_H
#define SWITCHD_CONFIG_H 1

/* Switch configuration
 * ====================
 * The parsed, validated form of the JSON startup configuration (docs/design.md
 * section 3.1; the schema is docs/config.md).  config_json.c turns a file or
 * a string into a 'struct switch_config' or an error, and validates one
 * built in memory; config_export.c writes one back as JSON, to a string or
 * atomically to a file; config_clone.c copies, compares and diffs them; state_apply.c
 * turns a switch_config into live bridges and ports.  Only
 * config_load_file() and config_save_file() touch the system.
 *
 * Validation happens entirely at load time, so a config that loads is one
 * state_apply.c can apply: unknown keys, wrong types, VLAN ids out of 1..4094,
 * bad VLAN lists, duplicate bridge/port names (port names are unique across
 * the whole switch), duplicate ofports within a bridge, duplicate VLAN ids,
 * patch ports without a peer or with a peer that is not a patch port naming
 * them back, a peer in the same bridge, malformed or multicast static MACs,
 * static MACs on unknown ports or on bond members, bond settings on a port
 * that is not a bond, a "bond" that is not a bond port of the member's own
 * bridge or is given on a port that is not a tap or system port, more than
 * BOND_MEMBERS_MAX members in a bond, a VLAN 1 not named "default", invalid
 * listen addresses, a telnet address other than loopback with no users,
 * port security out of range, on a bond member, or secure MACs that are
 * multicast, duplicate, on unknown ports or past their port's maximum,
 * and secrets that are not crypt(3) hashes of a bounded cost (crypt_hash.h)
 * are all errors.
 *
 * Normal form: a config that loads or passes config_validate() has an
 * ofport on every port (the lowest free numbers, in port order, for those
 * without one), and in every bridge VLAN 1 "default" (added when absent:
 * in IOS VLAN 1 always exists and cannot be renamed) and VLANs sorted by
 * id, each with a name (IOS's "VLAN0010" for those nobody named).
 * config_to_json() of a config in normal form loads back as an equal one.
 * The loader (not config_validate()) also gives a bridge whose document
 * has no "vlans" key the VLANs of its access ports (docs/config.md).
 *
 * Errors read "FILE:LINE:COLUMN: JSON.PATH: message", e.g.
 *   startup.json:12:26: bridges[0].ports[1].access_vlan: invalid VLAN id 5000 (expected 1-4094)
 * LINE:COLUMN point at the offending value (at the key itself for an
 * unknown key, at the object holding a missing key); for JSON syntax errors
 * they are jansson's and the path is omitted:
 * "startup.json:3:5: syntax error: ..." */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bond.h"
#include "port_security.h"
#include "storm_control.h"
#include "vlan.h"

/* The ofport of a bridge's local port, the internal port named after the
 * bridge (OpenFlow's OFPP_LOCAL; docs/config.md "The local port"). */
#define CONFIG_OFPORT_LOCAL 65534
#define CONFIG_NAME_MAX  15         /* IFNAMSIZ - 1: port names are netdev names */
#define CONFIG_VERSION   1          /* the "version" key the loader accepts and export writes */
#define CONFIG_ERR_MAX   512
#define CONFIG_DESCRIPTION_MAX 240  /* IOS: description LINE, up to 240 characters
                                       (counted in bytes: UTF-8 ones count 2-4) */
#define CONFIG_TELNET_IDLE_DEFAULT_S 600    /* IOS exec-timeout 10 0 */
#define CONFIG_TELNET_IDLE_MAX_S 2147483    /* IOS exec-timeout 35791 minutes */
#define CONFIG_TELNET_LOGIN_TIMEOUT_DEFAULT_S 30    /* IOS timeout login response 30 */
#define CONFIG_TELNET_LOGIN_TIMEOUT_MAX_S 300       /* IOS: 1-300 */
#define CONFIG_LOGIN_BLOCK_FOR_DEFAULT_S 60 /* login block-for 60 attempts 5 within 60 */
#define CONFIG_LOGIN_ATTEMPTS_DEFAULT 5
#define CONFIG_LOGIN_WITHIN_DEFAULT_S 60
#define CONFIG_LOGIN_BLOCK_MAX 65535        /* IOS: each 1-65535 */
/* Global bounds (docs/config.md, docs/security.md section 7): bridges in a
 * switch, and MAC entries all bridges' tables may hold together (a full
 * entry costs about 100 bytes: 16M of them, 1.6 GB, at the worst). */
#define CONFIG_BRIDGES_MAX 2048
#define CONFIG_MAC_TABLE_SIZE_MAX 16777216          /* one bridge's mac_table_size */
#define CONFIG_MAC_TABLE_TOTAL_MAX 16777216         /* the sum over the bridges */
#define CONFIG_CONSOLE_IDLE_DEFAULT_S 600   /* IOS line con 0, exec-timeout 10 0 */
#define CONFIG_MTU_MIN 68                   /* a netdev's MTU: Linux's least for IPv4 */
#define CONFIG_MTU_MAX 65535                /* a TAP's largest (the kernel may refuse less) */
#define CONFIG_BANNER_MAX 1024              /* banner motd text, in bytes */

enum port_type {
    PORT_TYPE_TAP,                  /* "tap" */
    PORT_TYPE_INTERNAL,             /* "internal" */
    PORT_TYPE_SYSTEM,               /* "system" */
    PORT_TYPE_PATCH,                /* "patch" */
    PORT_TYPE_BOND,                 /* "bond": a port-channel of member ports
                                       (docs/bonding.md) */
    PORT_TYPE_VXLAN,                /* "vxlan": a VXLAN tunnel endpoint over a
                                       UDP socket (docs/vxlan.md) */
};

#define CONFIG_LACP_SYSTEM_PRIORITY_DEFAULT 32768   /* IOS `lacp system-priority` */

/* How a bond runs LACP: IOS `channel-group N mode on|active|passive`,
 * OVS `lacp=off|active|passive`. */
enum config_lacp {
    CONFIG_LACP_OFF,                /* "off" (IOS mode on): a static bond */
    CONFIG_LACP_ACTIVE,             /* "active" */
    CONFIG_LACP_PASSIVE,            /* "passive" */
};

/* Settings of a port of type bond (JSON keys on the bond port). */
struct config_bond {
    enum bond_mode mode;            /* "bond_mode": "balance-slb" (default)
                                       or "active-backup" */
    enum config_lacp lacp;          /* "lacp", default "off" */
    bool lacp_fast;                 /* "lacp_rate": "slow" (default) or "fast" */
};

/* IOS interface lines accepted with no effect (docs/cli.md, "accepted, no
 * effect"): kept so that running-config shows them as IOS does.  Zero is
 * IOS's default for each, so a port built in memory has the defaults. */
enum config_speed {
    CONFIG_SPEED_AUTO,              /* "auto" */
    CONFIG_SPEED_10,                /* "10" */
    CONFIG_SPEED_100,               /* "100" */
    CONFIG_SPEED_1000,              /* "1000" */
};

enum config_duplex {
    CONFIG_DUPLEX_AUTO,             /* "auto" */
    CONFIG_DUPLEX_FULL,             /* "full" */
    CONFIG_DUPLEX_HALF,             /* "half" */
};

struct config_port_inert {
    enum config_speed speed;        /* "speed", default "auto" */
    enum config_duplex duplex;      /* "duplex", default "auto" */
    bool nonegotiate;               /* "switchport_nonegotiate", default false */
    bool no_cdp;                    /* "cdp_enable": false (`no cdp enable`);
                                       default true */
};

/* IOS global lines of configuration templates accepted with no effect
 * (docs/cli.md): kept so that running-config shows them as IOS does.
 * Zero is IOS's default for each. */
enum config_stp_mode {
    CONFIG_STP_PVST,                /* "pvst" (IOS's default) */
    CONFIG_STP_RAPID_PVST,          /* "rapid-pvst" */
    CONFIG_STP_MST,                 /* "mst": accepted, one RSTP instance runs */
};
/* `spanning-tree mode`: whichever it names, one RSTP instance per bridge
 * runs (struct config_stp); the mode is kept for running-config and `show
 * spanning-tree summary`. */

struct config_inert_globals {
    bool no_ip_domain_lookup;       /* "ip_domain_lookup": false (`no ip
                                       domain-lookup`); default true */
    bool no_cdp_run;                /* "cdp_run": false; default true */
    enum config_stp_mode stp_mode;  /* "spanning_tree_mode", default "pvst" */
    bool timestamps_debug_msec;     /* "service_timestamps_debug_datetime_msec" */
    bool timestamps_log_msec;       /* "service_timestamps_log_datetime_msec" */
};

/* IOS storm control on a port (docs/cli.md `storm-control`, docs/config.md
 * "storm_control"): the levels net/ enforces (net/storm_control.h; a class
 * off has no level) and what the daemon does when a class turns Blocking,
 * on its 1 s tick: `storm-control action shutdown` err-disables the port,
 * `storm-control action trap` logs %STORM_CONTROL-3-FILTERED.  All zero:
 * none (the default). */
struct config_storm {
    struct storm_control_config levels; /* "broadcast", "multicast", "unicast" */
    bool action_shutdown;           /* "action_shutdown", default false */
    bool action_trap;               /* "action_trap", default false */
};
/* Whether 'a' and 'b' are the same settings; whether 's' is the default. */
bool config_storm_equal(const struct config_storm *a, const struct config_storm *b);
bool config_storm_is_default(const struct config_storm *s);

/* IOS port security of a port (`switchport port-security ...`; JSON
 * "port_security", docs/config.md).  Zero is IOS's default for each
 * ('maximum' 0 reads as 1), so a port built in memory has the defaults;
 * its secure addresses are the bridge's "secure_macs". */
struct config_psec {
    bool enabled;                   /* "enabled", default false */
    uint32_t maximum;               /* "maximum", 1..PSEC_MAXIMUM_MAX; 0 = 1 */
    enum psec_violation violation;  /* "violation": "shutdown" (default),
                                       "restrict" or "protect" */
    bool sticky;                    /* "mac_address_sticky", default false */
    uint32_t aging_min;             /* "aging_time_min", 0..1440, 0 = none */
    bool aging_inactivity;          /* "aging_type": "absolute" (default)
                                       or "inactivity" */
};

/* The maximum 'p' enforces ('maximum' 0 is IOS's default, 1). */
static inline uint32_t
config_psec_maximum(const struct config_psec *p)
{
    return p->maximum ? p->maximum : 1;
}

/* Spanning tree on a port (IOS interface `spanning-tree ...` lines; JSON
 * "spanning_tree_*" keys of the port, docs/config.md; docs/design.md
 * section 5.13).  Zero is the default for each, so a port built in memory has
 * the defaults.  Effective only while its bridge runs spanning tree. */
enum config_stp_tristate {
    CONFIG_STP_DEFAULT,             /* key absent: the default rule below */
    CONFIG_STP_ENABLE,              /* true */
    CONFIG_STP_DISABLE,             /* false */
};
enum config_stp_link_type {
    CONFIG_STP_LINK_AUTO,           /* "auto" (default): point-to-point when full duplex */
    CONFIG_STP_LINK_P2P,            /* "point-to-point" */
    CONFIG_STP_LINK_SHARED,         /* "shared" */
};
struct config_port_stp {
    /* "spanning_tree_portfast" (IOS `spanning-tree portfast` / `spanning-tree portfast
     * disable`): an edge port.  Default: tap and internal ports are edge
     * (a VM or the host stack: end stations, forwarding at once), and so
     * are access ports when the bridge has "portfast_default"; other
     * ports are not, and become edge by auto-edge when no bridge speaks
     * on them (docs/design.md section 5.13). */
    enum config_stp_tristate portfast;
    /* "spanning_tree_bpduguard" (`spanning-tree bpduguard enable|disable`): a BPDU on
     * the port err-disables it ("bpduguard").  Default: on for edge ports
     * when the bridge has "bpduguard_default", else off. */
    enum config_stp_tristate bpduguard;
    /* "spanning_tree_bpdufilter" (`spanning-tree bpdufilter enable|disable`): the port
     * sends no BPDU and ignores the ones it receives.  Default off. */
    enum config_stp_tristate bpdufilter;
    uint32_t cost;                  /* "spanning_tree_cost", 1..200000000; 0 = from the link speed */
    bool priority_set;              /* "spanning_tree_port_priority" given ... */
    uint8_t priority;               /* ... 0-240 in steps of 16; else 128 */
    enum config_stp_link_type link_type;    /* "spanning_tree_link_type" */
};

/* The settings of a bond port nobody set (the loader's defaults). */
#define CONFIG_BOND_DEFAULT ((struct config_bond) { BOND_BALANCE_SLB, CONFIG_LACP_OFF, false })

/* A VXLAN tunnel port ("type": "vxlan"; its "vxlan" object, docs/config.md;
 * OVS `type=vxlan options:...`; NX-OS `interface nve1`; docs/vxlan.md and
 * docs/design.md section 5.14).  Addresses are IPv4 in network byte order.
 *
 * Two ways to say which VNI a frame travels in, exactly one of them:
 * - "key": N (OVS options:key=N; 0..16777215): every frame in VNI N; the
 *   port's own VLAN policy (usually access, OVS `tag=100`) says which VLAN
 *   that is, as for any port;
 * - "key": "flow" (OVS options:key=flow): received frames carry their VNI as
 *   tun_id for flows to match; frames sent need set_tunnel/set_field (or a
 *   tun_id from their own ingress tunnel), else they are dropped (counted);
 * - "vnis": [{"vni": 10100, "vlan": 100, "remote_ips": [...]}, ...]
 *   (NX-OS `member vni`): a trunk-like tunnel; frames of VLAN 100 go out
 *   untagged in VNI 10100 and come back into VLAN 100.  The port is a trunk
 *   allowing exactly the mapped VLANs (the loader sets its VLAN policy;
 *   JSON may not give "mode" etc. for such a port).
 * With neither "key" nor "vnis", "key" 0 (OVS's default). */
#define CONFIG_VXLAN_REMOTES_MAX 64
#define CONFIG_VXLAN_KEY_FLOW    UINT32_MAX  /* "key": "flow" */
struct config_vxlan_vni {
    uint32_t vni;                   /* "vni", 0..16777215 */
    uint16_t vlan;                  /* "vlan", 1..4094 */
    /* "remote_ips" (NX-OS `ingress-replication protocol static` / `peer-ip`):
     * this VNI's flood list; none: the port's "remote_ips". */
    uint32_t remotes[CONFIG_VXLAN_REMOTES_MAX];
    uint8_t n_remotes;
};
struct config_vxlan {
    uint32_t local_ip;              /* "local_ip" (OVS options:local_ip);
                                       0 = any (the kernel picks per route) */
    char source_interface[CONFIG_NAME_MAX + 1]; /* "source_interface" (NX-OS
                                       `source-interface NAME`): a netdev whose first
                                       IPv4 address is the local address, read at
                                       apply; "" = none; not with "local_ip" */
    uint16_t udp_port;              /* "udp_port" (OVS options:dst_port), default 4789 */
    uint32_t remotes[CONFIG_VXLAN_REMOTES_MAX]; /* "remote_ips" (OVS options:remote_ip,
                                       one there; a list here): head-end replication */
    uint8_t n_remotes;
    uint32_t key;                   /* "key": N or CONFIG_VXLAN_KEY_FLOW; ignored
                                       when n_vnis > 0 */
    struct config_vxlan_vni *vnis;  /* "vnis", sorted by vlan; NULL when none */
    uint16_t n_vnis;
    uint8_t tos;                    /* "tos" (OVS options:tos), default 0 */
    uint8_t ttl;                    /* "ttl" (OVS options:ttl), default 64 */
    bool df;                        /* "df_default" (OVS options:df_default), default
                                       true: the outer header has DF set, a frame
                                       that does not fit the underlay's MTU is dropped
                                       and counted (tx "too-big") */
};
#define CONFIG_VXLAN_VNI_MAX        16777215
#define CONFIG_VXLAN_UDP_PORT_DEFAULT 4789
#define CONFIG_VXLAN_TTL_DEFAULT    64
/* In a configuration that loaded or passed config_validate() (the normal
 * form), every vxlan port has a "vxlan" object (the defaults when none was
 * given), its "vnis" are sorted by VLAN, and a port with "vnis" is a trunk
 * allowing exactly the mapped VLANs, no native VLAN (config_clone.c). */

/* A new "vxlan" object with the defaults (udp_port 4789, ttl 64, df, key 0,
 * no remotes); NULL when memory is short.  Freed with config_vxlan_free(). */
struct config_vxlan *config_vxlan_new(void);
void config_vxlan_free(struct config_vxlan *);
/* A deep copy of 'src' ('vnis' included); NULL when 'src' is NULL or
 * memory is short (tell them apart by 'src'). */
struct config_vxlan *config_vxlan_clone(const struct config_vxlan *src);
/* Whether 'a' and 'b' are the same settings (NULL is the defaults). */
bool config_vxlan_equal(const struct config_vxlan *a, const struct config_vxlan *b);
/* The "vnis" entry of 'vlan', or of 'vni', or NULL. */
const struct config_vxlan_vni *config_vxlan_vni_of_vlan(const struct config_vxlan *, uint16_t vlan);
const struct config_vxlan_vni *config_vxlan_vni_of_vni(const struct config_vxlan *, uint32_t vni);
/* Adds the entry (vni, vlan) with no remotes, keeping 'vnis' sorted by VLAN;
 * returns it, or NULL when memory is short.  The caller checks duplicates. */
struct config_vxlan_vni *config_vxlan_vni_add(struct config_vxlan *, uint32_t vni, uint16_t vlan);
/* Removes the entry of 'vni'; false when there is none. */
bool config_vxlan_vni_remove(struct config_vxlan *, uint32_t vni);

struct config_bridge;
/* Adds a secure address of port 'port' to 'b' after the addresses of that
 * port and of the ports before it in 'b' (the order running-config's
 * interface blocks make them in when pasted); returns it zeroed but for
 * its port, or NULL when memory is short. */
struct config_secure_mac *config_secure_mac_add(struct config_bridge *b, const char *port);

struct config_port {
    char name[CONFIG_NAME_MAX + 1];
    enum port_type type;
    char peer[CONFIG_NAME_MAX + 1]; /* patch only, else "" */
    uint16_t ofport;                /* 1..65279, CONFIG_OFPORT_LOCAL for the
                                       bridge's local port; 0 in JSON = not
                                       given -> assigned */
    bool enabled;                   /* "enabled", default true */
    char description[CONFIG_DESCRIPTION_MAX + 1]; /* "description", default "" */
    struct vlan_port vlan;          /* "mode", "access_vlan", "native_vlan",
                                       "native_tagged", "allowed_vlans" */
    char bond[CONFIG_NAME_MAX + 1]; /* "bond": a tap or system port that is a
                                       member names its bond port (a port of
                                       type bond in the same bridge); "" =
                                       none.  A member's own VLAN policy is
                                       kept but not used while it is one. */
    uint16_t mtu;                   /* "mtu" (IOS `mtu N`): the netdev's MTU,
                                       CONFIG_MTU_MIN..CONFIG_MTU_MAX; 0 = not
                                       set, the netdev keeps its own.  Tap,
                                       internal and system ports only. */
    struct config_port_inert inert; /* accepted, no effect (above) */
    struct config_storm storm;      /* "storm_control", default none */
    bool lldp_no_transmit;          /* "lldp_transmit": false (IOS `no lldp */
    bool lldp_no_receive;           /* transmit|receive`); default true */
    struct config_bond bond_cfg;    /* type bond only: ignored (not
                                       validated, compared or exported)
                                       on other ports */
    struct config_psec psec;        /* "port_security" */
    struct config_port_stp stp;     /* "spanning_tree_*" */
    struct config_vxlan *vxlan;     /* "vxlan": type vxlan only, else NULL; owned
                                       (config_free(), config_clone() copy it) */
};

struct config_vlan {
    uint16_t id;
    char name[33];                  /* default "VLAN0010" style, "default" for 1 */
    /* "vn_segment" (NX-OS `vlan 100` / `vn-segment 10100`): the VNI the
     * VLAN is mapped to, what `member vni N` on an nve interface looks up;
     * CONFIG_VN_SEGMENT_NONE (absent) = none, else 1..16777215 (NX-OS:
     * 4096-16773119).  A "vnis" entry naming a VLAN that has one must have
     * that VNI; two VLANs of a bridge never have the same one.  None is 0,
     * so a VLAN built in memory (zeroed) has none. */
    uint32_t vn_segment;
};
#define CONFIG_VN_SEGMENT_NONE 0

struct config_static_mac {
    uint8_t mac[6];
    uint16_t vlan;
    char port[CONFIG_NAME_MAX + 1];
};

/* A configured or sticky secure address of a port (IOS `switchport
 * port-security mac-address [sticky] H.H.H [vlan V]`): the bridge's
 * "secure_macs", in the order they were added (config_secure_mac_add():
 * a port's after those of the ports before it). */
struct config_secure_mac {
    uint8_t mac[6];
    uint16_t vlan;
    char port[CONFIG_NAME_MAX + 1];
    bool sticky;                    /* learnt (or typed) as sticky */
};

/* Spanning tree on a bridge (JSON "spanning_tree" on the bridge,
 * docs/config.md; IOS global `spanning-tree ...` lines edit every bridge,
 * in config-bridge mode one; OVS `rstp_enable` and other_config:rstp-*).
 * One RSTP instance per bridge (net/rstp.h, docs/design.md section 5.13).
 * Zero is the default for each: a bridge built in memory runs none. */
struct config_stp {
    bool enabled;                   /* "enabled", default false (absent key):
                                       the shipped default configuration
                                       turns it on (docs/design.md 5.13) */
    bool priority_set;              /* "priority" given ... */
    uint16_t priority;              /* ... 0-61440 in steps of 4096; else 32768 */
    uint8_t hello_s;                /* "hello_time_s", 1-10; 0 = 2 */
    uint8_t max_age_s;              /* "max_age_s", 6-40; 0 = 20 */
    uint8_t forward_delay_s;        /* "forward_delay_s", 4-30; 0 = 15 */
    uint8_t tx_hold_count;          /* "tx_hold_count", 1-10; 0 = 6 */
    bool force_stp;                 /* "protocol": "rstp" (default) or "stp"
                                       (802.1D BPDUs only) */
    bool portfast_default;          /* "portfast_default" (IOS `spanning-tree
                                       portfast default`): access ports are edge */
    bool bpduguard_default;         /* "bpduguard_default" (IOS `spanning-tree
                                       portfast bpduguard default`) */
};
/* Whether 's' is what a bridge without "spanning_tree" has. */
bool config_stp_is_default(const struct config_stp *s);
bool config_port_stp_is_default(const struct config_port_stp *s);

struct config_bridge {
    char name[CONFIG_NAME_MAX + 1];
    uint32_t mac_aging_s;           /* default 300, 0 = never */
    uint32_t mac_table_size;        /* default 8192, 1..16777216 */
    struct config_vlan *vlans;      size_t n_vlans;
    struct config_port *ports;      size_t n_ports;
    struct config_static_mac *static_macs; size_t n_static_macs;
    struct config_secure_mac *secure_macs; size_t n_secure_macs;
    char **flows;                   size_t n_flows;   /* kept as text for now */
    struct config_stp stp;          /* "spanning_tree" */
};

#define CONFIG_SSH_KEYS_MAX 8
#define CONFIG_SSH_KEY_MAX  2047        /* an OpenSSH public key line: 8192-bit RSA fits */
struct config_user {
    char name[33];
    char secret[128];               /* crypt(3) hash, "$6$..." (crypt_hash.h);
                                       "" = none (a user with keys only) */
    /* "ssh_keys": OpenSSH public key lines ("ssh-ed25519 AAAA... comment",
     * as in authorized_keys; IOS `ip ssh pubkey-chain` / `username NAME` /
     * `key-string`), checked at load with libssh-free code: type and base64
     * only (docs/security.md). */
    char ssh_keys[CONFIG_SSH_KEYS_MAX][CONFIG_SSH_KEY_MAX + 1];
    uint8_t n_ssh_keys;
};

/* IOS `login block-for B attempts N within W`: N failed logins (or enables)
 * from one address within W seconds shut that address out for B seconds. */
struct config_login_block {
    uint32_t block_for_s;           /* "block_for_s", default 60; 0 = off */
    uint32_t attempts;              /* "attempts", default 5 */
    uint32_t within_s;              /* "within_s", default 60 */
};

/* IOS `logging buffered [SIZE] [LEVEL]` and `logging monitor [LEVEL]`:
 * the log buffer `show logging` reads and what `terminal monitor` sessions
 * see (docs/config.md, "logging").  Levels are IOS severities, 0
 * (emergencies) to 7 (debugging), named in JSON as IOS names them. */
#define CONFIG_LOG_BUFFER_MIN 4096          /* IOS: 4096-2147483647 */
#define CONFIG_LOG_BUFFER_MAX 16777216      /* ours: 16 MiB of lines, about 24 MiB of memory */
#define CONFIG_LOG_BUFFER_DEFAULT 4096      /* IOS's default */
#define CONFIG_LOG_LEVEL_DEBUGGING 7
struct config_logging {
    bool buffered;                  /* "buffered", default true */
    uint32_t buffered_size;         /* "buffered_size", bytes, default 4096 */
    uint8_t buffered_level;         /* "buffered_level", default "debugging" */
    bool monitor;                   /* "monitor", default true */
    uint8_t monitor_level;          /* "monitor_level", default "debugging" */
};

/* IOS `lldp run`, `lldp timer`, `lldp holdtime`, `lldp reinit`: the LLDP
 * agent (docs/config.md "lldp", docs/design.md section 5.12). */
#define CONFIG_LLDP_TIMER_DEFAULT 30        /* IOS: 5-65534 seconds */
#define CONFIG_LLDP_TIMER_MIN 5
#define CONFIG_LLDP_TIMER_MAX 65534
#define CONFIG_LLDP_HOLDTIME_DEFAULT 120    /* IOS: 0-65535 seconds */
#define CONFIG_LLDP_REINIT_DEFAULT 2        /* IOS: 2-5 seconds */
#define CONFIG_LLDP_REINIT_MIN 2
#define CONFIG_LLDP_REINIT_MAX 5
struct config_lldp {
    bool run;                       /* "run", default false (IOS's default) */
    uint16_t timer_s;               /* "timer_s", default 30 */
    uint16_t holdtime_s;            /* "holdtime_s", default 120 */
    uint8_t reinit_s;               /* "reinit_s", default 2 */
};
/* Whether 'l' is what a configuration without "lldp" has. */
bool config_lldp_is_default(const struct config_lldp *l);

/* IOS's name of severity 'level' ("emergencies" .. "debugging"), "?" past 7;
 * and the severity of a name (false if none). */
const char *config_log_level_name(unsigned level);
bool config_log_level_parse(const char *name, unsigned *level);
/* Whether 'l' is what a configuration without "logging" has. */
bool config_logging_is_default(const struct config_logging *l);

/* IOS `errdisable recovery cause C` and `errdisable recovery interval S`
 * (JSON "errdisable_recovery", docs/config.md): an err-disabled port whose
 * cause is enabled comes back 'interval_s' after it went down. */
enum config_err_cause {
    CONFIG_ERR_BPDUGUARD,           /* "bpduguard" */
    CONFIG_ERR_PSECURE,             /* "psecure-violation" */
    CONFIG_ERR_STORM,               /* "storm-control" */
    CONFIG_ERR_N_CAUSES
};
#define CONFIG_ERR_INTERVAL_DEFAULT_S 300   /* IOS's default */
#define CONFIG_ERR_INTERVAL_MAX_S 86400     /* IOS: 30-86400; ours from 1 */
struct config_errdisable {
    uint32_t causes;                /* "causes": 1 << enum config_err_cause */
    uint32_t interval_s;            /* "interval_s"; 0 = the default, 300 */
};
/* The name of a cause ("psecure-violation"), NULL past the last; and the
 * cause of a name (false if none). */
const char *config_err_cause_name(unsigned cause);
bool config_err_cause_parse(const char *name, unsigned *cause);
static inline uint32_t
config_errdisable_interval(const struct config_errdisable *e)
{
    return e->interval_s ? e->interval_s : CONFIG_ERR_INTERVAL_DEFAULT_S;
}

/* SPAN, IOS `monitor session` (docs/config.md "monitor_sessions",
 * switchd/span.c): copies of what crosses source ports go to a
 * destination port, which forwards nothing else. */
#define CONFIG_SPAN_SESSION_MAX 66          /* IOS: monitor session 1-66 */
#define CONFIG_SPAN_SOURCES_MAX 64          /* source ports of one session (ours) */

enum config_span_dir {
    CONFIG_SPAN_BOTH,               /* "both" (IOS's default) */
    CONFIG_SPAN_RX,                 /* "rx": what the port receives */
    CONFIG_SPAN_TX,                 /* "tx": what it sends */
};

struct config_span_source {
    char port[CONFIG_NAME_MAX + 1]; /* "interface" */
    enum config_span_dir dir;       /* "direction", default "both" */
};

struct config_monitor_session {
    uint16_t id;                    /* "session", 1-CONFIG_SPAN_SESSION_MAX */
    struct config_span_source sources[CONFIG_SPAN_SOURCES_MAX];
    size_t n_sources;               /* "sources" */
    char destination[CONFIG_NAME_MAX + 1]; /* "destination", "" = none */
    bool replicate;                 /* "encapsulation_replicate", default false */
    /* "source_vlans" (VSPAN): the VLANs whose received (rx) and sent (tx)
     * frames are copied; both empty when the session has none.  A session
     * has interface sources or VLAN sources, never both (IOS). */
    struct vlan_set vlans_rx, vlans_tx;
};

/* "rx", "tx", "both". */
const char *config_span_dir_name(enum config_span_dir);
/* The VLANs session 's' copies in exactly direction 'dir' (both: in rx and
 * tx; rx: received only; tx: sent only), into '*out'. */
void config_span_vlans_of(const struct config_monitor_session *s, enum config_span_dir dir,
                          struct vlan_set *out);

/* IOS `line vty 0 15` / `transport input ...`: which front ends accept
 * remote logins ("cli.vty.transport_input"; docs/design.md section 10.4). */
enum config_transport {
    CONFIG_TRANSPORT_ALL,           /* "all" (default, IOS's): telnet and ssh */
    CONFIG_TRANSPORT_TELNET,        /* "telnet" */
    CONFIG_TRANSPORT_SSH,           /* "ssh" */
    CONFIG_TRANSPORT_NONE,          /* "none": only swsh */
};
/* "all", "telnet", "ssh", "none" (config_json.c). */
const char *config_transport_name(enum config_transport);
/* Whether telnet, or SSH, takes logins under 't'. */
#define CONFIG_TRANSPORT_TELNET_OK(t) ((t) == CONFIG_TRANSPORT_ALL || (t) == CONFIG_TRANSPORT_TELNET)
#define CONFIG_TRANSPORT_SSH_OK(t)    ((t) == CONFIG_TRANSPORT_ALL || (t) == CONFIG_TRANSPORT_SSH)

/* The SSH server ("cli.ssh", docs/config.md; docs/design.md section 10.4). */
#define CONFIG_SSH_LISTEN_DEFAULT       "127.0.0.1:2222"
#define CONFIG_SSH_TIMEOUT_DEFAULT_S    120
#define CONFIG_SSH_TIMEOUT_MAX_S        120
#define CONFIG_SSH_RETRIES_DEFAULT      3
#define CONFIG_SSH_RETRIES_MAX          5
#define CONFIG_SSH_RSA_MODULUS_DEFAULT  3072
#define CONFIG_SSH_RSA_MODULUS_MIN      2048
#define CONFIG_SSH_RSA_MODULUS_MAX      4096
struct config_ssh {
    char listen[64];                /* "cli.ssh.listen", "ADDR:PORT", default
                                       "127.0.0.1:2222"; "" = no SSH server */
    uint32_t timeout_s;             /* "cli.ssh.timeout_s" (IOS `ip ssh time-out`,
                                       1-120, default 120): time to authenticate */
    uint8_t auth_retries;           /* "cli.ssh.authentication_retries" (IOS `ip ssh
                                       authentication-retries`, 0-5, default 3) */
    uint16_t rsa_modulus;           /* "cli.ssh.rsa_modulus" (the last `crypto key
                                       generate rsa modulus N`, 2048-4096, default 3072) */
    bool version_2;                 /* "cli.ssh.version": 2 (IOS `ip ssh version 2`,
                                       which running-config then shows); absent: not
                                       typed.  Version 2 is spoken either way. */
};

struct switch_config {
    char hostname[64];              /* default "switch" */
    char telnet_listen[64];         /* "ADDR:PORT", default "127.0.0.1:2323";
                                       "" = no telnet server */
    uint32_t telnet_idle_timeout_s; /* "cli.telnet.idle_timeout_s", default 600,
                                       0 = sessions never time out */
    uint32_t telnet_login_timeout_s;/* "cli.telnet.login_timeout_s", default 30:
                                       the time a client has to log in */
    struct config_login_block login_block;  /* "cli.login" */
    uint32_t console_idle_timeout_s; /* "cli.console.idle_timeout_s" (swsh),
                                       default 600, 0 = never */
    /* IOS `line vty` / `line con 0` lines accepted with no effect (logins
     * are always local; telnet is the only transport): kept for
     * running-config.  "cli.telnet.login_local", "cli.console.login_local"
     * (default false), "cli.telnet.transport_input_telnet" (default false:
     * IOS's `transport input all`). */
    bool telnet_login_local, console_login_local;
    bool telnet_transport_telnet;   /* replaced by 'transport_input' (issue 19): the
                                       loader reads the old key as "telnet" */
    enum config_transport transport_input;  /* "cli.vty.transport_input" */
    struct config_ssh ssh;          /* "cli.ssh" */
    struct config_inert_globals inert;  /* accepted, no effect (above) */
    char banner_motd[CONFIG_BANNER_MAX + 1]; /* "banner_motd" (IOS `banner
                                       motd`): shown to telnet clients before
                                       login; "" = none.  Lines end in '\n'
                                       between them; no "^C" in it. */
    uint16_t lacp_system_priority;  /* "lacp_system_priority" (IOS global
                                       `lacp system-priority`), 1-65535,
                                       default 32768 */
    enum bond_hash port_channel_load_balance; /* "port_channel_load_balance"
                                       (IOS global `port-channel load-balance`):
                                       "src-mac" (default) or "src-dst-mac" */
    bool vlan_dot1q_tag_native;     /* "vlan_dot1q_tag_native" (IOS global
                                       `vlan dot1q tag native`): every trunk
                                       sends its native VLAN tagged; default false */
    struct config_logging logging;  /* "logging" */
    struct config_errdisable errdisable;    /* "errdisable_recovery" */
    struct config_lldp lldp;        /* "lldp" */
    struct config_user *users;      size_t n_users;
    char enable_secret[128];        /* "" = none; else a crypt(3) hash */
    struct config_bridge *bridges;  size_t n_bridges;
    struct config_monitor_session *monitor_sessions; /* "monitor_sessions" */
    size_t n_monitor_sessions;
};

/* Parses and validates the JSON in 'text' ('source' names it in errors, e.g.
 * the file name or "<default>").  Returns a config the caller frees with
 * config_free(), or NULL with the message in 'err', a buffer of 'err_size'
 * bytes (docs/design.md section 11.1; callers use CONFIG_ERR_MAX, and a
 * message that does not fit is cut). */
struct switch_config *config_parse_string(const char *text, const char *source,
                                          char *err, size_t err_size);

/* Same for the file at 'path'; a file that cannot be read is an error
 * ("PATH: No such file or directory"). */
struct switch_config *config_load_file(const char *path, char *err, size_t err_size);

void config_free(struct switch_config *);           /* accepts NULL */

/* Checks a configuration built or edited in memory with every rule the
 * loader applies (values one by one, then the checks across the switch),
 * and brings it to normal form (ofports assigned, VLAN database rules).
 * Returns true, or false with "JSON.PATH: message" in 'err', e.g.
 *   bridges[0].ports[1].peer: patch peer "x" is not a port
 * Strings are also checked to be NUL-terminated within their arrays and,
 * for descriptions and flows, valid UTF-8.  An empty VLAN name is a VLAN
 * nobody named: it gets IOS's name.  On failure 'cfg' may be partly
 * normalised only when the error is "out of memory" or "no free ofport";
 * it is always safe to free or to fix and validate again. */
bool config_validate(struct switch_config *cfg, char *err, size_t err_size);

/* Deep copy of 'cfg' (flows included), to be freed with config_free();
 * NULL when out of memory. */
struct switch_config *config_clone(const struct switch_config *cfg);

/* Whether 'a' and 'b' hold the same configuration, field by field (arrays
 * in order, flows as text). */
bool config_equal(const struct switch_config *a, const struct switch_config *b);

/* The bridge called 'name', or NULL.  The port called 'name' (port names
 * are unique in the switch) and, when 'bridge' is not NULL, its bridge in
 * '*bridge'; NULL if none.  Pointers into 'cfg' (config_clone.c). */
struct config_bridge *config_find_bridge(const struct switch_config *cfg, const char *name);
struct config_port *config_find_port(const struct switch_config *cfg, const char *name,
                                     struct config_bridge **bridge);
/* Appends a new port 'name' to 'b' as the shell and ovs-vsctl make one:
 * enabled, a new port's VLAN settings (trunk, every VLAN, native 1), the
 * rest 0 (type tap).  NULL when memory is short; pointers into b->ports
 * are stale afterwards. */
struct config_port *config_bridge_add_port(struct config_bridge *b, const char *name);
/* Removes port 'name' of 'b' and its static MAC entries; ports that named
 * it as their bond leave it. */
void config_bridge_remove_port(struct config_bridge *b, const char *name);

/* What applying 'to' over 'from' changes, counted the way state_apply()
 * sees it: ports and bridges by name; a port whose type, bridge, peer,
 * ofport, VLAN policy, description, enabled state, bond (of a member),
 * bond settings (of a bond), MTU, storm control, spanning tree, tunnel settings (of a
 * vxlan port) or inert settings differs
 * is changed; a bridge is changed when its own settings (aging, table size, VLANs and
 * their vn-segments,
 * static MACs, flows, "spanning_tree") differ -- its ports count apart.  'globals' covers
 * hostname, logins, telnet, the banner, logging, `vlan dot1q tag native', the LACP system
 * priority and the port-channel load balance; 'reordered' is set
 * when nothing else differs but the two are not config_equal() (the same
 * ports or bridges in another order). */
struct config_diff {
    unsigned bridges_added, bridges_removed, bridges_changed;
    unsigned ports_added, ports_removed, ports_changed;
    bool globals;
    bool reordered;
};

void config_diff(const struct switch_config *from, const struct switch_config *to,
                 struct config_diff *);

/* One line for 'd': "1 port added, 2 ports changed, 1 bridge changed",
 * "global settings changed", "order changed" or "no changes". */
void config_diff_format(const struct config_diff *d, char *buf, size_t size);

/* Export
 * ------
 * The whole configuration as the docs/design.md section 3.1 document: "version":
 * 1, every key written (defaults too) except "logging", "lldp" and a
 * bridge's "spanning_tree" when they have the defaults (within
 * "spanning_tree" only what was set), the ports' "spanning_tree_*" keys
 * that are not set, "lldp_transmit" and "lldp_receive" when true,
 * "peer" on ports that are not
 * patch ports, "bond" on ports that are not bond members, "bond_mode",
 * "lacp", "lacp_rate" on ports that are not bonds, and, when they have
 * their defaults, "mtu", "banner_motd" and the keys of lines with no
 * effect (config_port_inert, config_inert_globals, "cli.*.login_local",
 * "cli.telnet.transport_input_telnet"), so that configurations that do
 * not use them export as before; keys sorted, 2-space
 * indent, one trailing newline;
 * "native_vlan": null for no native VLAN, "allowed_vlans" in IOS's compact
 * list form ("1-4094", "none"); bridges, ports, static MACs, users and
 * flows in their order in 'cfg', VLANs as 'cfg' has them (sorted by id in
 * normal form).  Secrets are crypt(3) hashes and are written as stored.
 *
 * Returns malloc'd text, or NULL with errno ENOMEM when out of memory or
 * EILSEQ when a string is not valid UTF-8 (config_validate() refuses
 * those).  Only a config in normal form is sure to load back as an equal
 * one. */
char *config_to_json(const struct switch_config *cfg);

/* Saves config_to_json('cfg') at 'path', atomically: the text goes to a
 * new file "PATH.tmp.XXXXXX" in the same directory, mode 0600, which is
 * written, fsync'd and closed, then renamed over 'path'; then the directory
 * is fsync'd.  Readers of 'path' see the old file or the whole new one,
 * never a part, even when the process is killed at any point (a kill can
 * leave a PATH.tmp.* file behind; a failure never does).  A symbolic link
 * at 'path' is replaced, not followed.
 *
 * Returns 0, or a positive errno with "PATH: message" in 'err' ('err_size'
 * bytes), e.g. "startup.json: No space left on device"; on failure the
 * file at 'path' is untouched, except when only the final directory fsync
 * failed ("PATH: fsync of directory: ..."): the new file is then in place
 * but may not survive a crash. */
int config_save_file(const struct switch_config *cfg, const char *path, char *err,
                     size_t err_size);

const char *port_type_name(enum port_type);
const char *config_lacp_name(enum config_lacp);    /* "off", "active", "passive" */
const char *config_speed_name(enum config_speed);  /* "auto", "10", "100", "1000" */
const char *config_duplex_name(enum config_duplex);    /* "auto", "full", "half" */
const char *config_stp_mode_name(enum config_stp_mode); /* "pvst", "rapid-pvst", "mst" */
/* "auto", "point-to-point", "shared". */
const char *config_stp_link_type_name(enum config_stp_link_type);

/* The embedded default configuration (examples/default.json compiled in). */
extern const char config_default_json[];

#endif /* switchd/config.h */
