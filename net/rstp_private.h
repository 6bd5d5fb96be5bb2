#ifndef NET_RSTP_PRIVATE_H
#define NET_RSTP_PRIVATE_H 1

/* The inside of one RSTP instance (net/rstp.h), shared by net/rstp.c (the
 * API: ports, configuration, views), net/rstp_sm.c (the state machines of
 * 802.1D-2004 clause 17) and net/rstp_bpdu.c (the clause 9 codec).
 * Variable names follow section 17.19 (per port) and 17.18 (per bridge),
 * spelt in snake case: rcvdInfoWhile is rcvd_info_while. */

#include "rstp.h"

/* infoIs (section 17.19.10). */
enum rstp_info_is {
    RSTP_INFO_DISABLED,
    RSTP_INFO_MINE,
    RSTP_INFO_AGED,
    RSTP_INFO_RECEIVED,
};

/* rcvdInfo, what rcvInfo() returns (section 17.21.8). */
enum rstp_rcvd_info {
    RSTP_RCVD_SUPERIOR_DESIGNATED,
    RSTP_RCVD_REPEATED_DESIGNATED,
    RSTP_RCVD_INFERIOR_DESIGNATED,
    RSTP_RCVD_INFERIOR_ROOT_ALTERNATE,
    RSTP_RCVD_OTHER,
};

/* A priority vector (section 17.6).  Bridge Identifiers as one number,
 * priority in the high 16 bits and the address below, so that "better" is
 * "numerically lower" component by component. */
struct rstp_vector {
    uint64_t root;
    uint32_t cost;
    uint64_t bridge;
    uint16_t port;                  /* designated port */
    uint16_t rx_port;               /* the port it was received on / is for */
};

/* Message Age, Max Age, Forward Delay, Hello Time in whole seconds
 * (section 17.19.22: portTimes and the others). */
struct rstp_times {
    uint8_t message_age, max_age, forward_delay, hello;
};

/* Flags of a Configuration or RST BPDU (section 9.3.3). */
#define RSTP_FLAG_TC          0x01
#define RSTP_FLAG_PROPOSAL    0x02
#define RSTP_FLAG_ROLE_MASK   0x0c
#define RSTP_FLAG_ROLE_SHIFT  2
#define RSTP_FLAG_LEARNING    0x10
#define RSTP_FLAG_FORWARDING  0x20
#define RSTP_FLAG_AGREEMENT   0x40
#define RSTP_FLAG_TC_ACK      0x80
/* The Port Role field's values. */
#define RSTP_WIRE_ROLE_UNKNOWN    0
#define RSTP_WIRE_ROLE_ALT_BACKUP 1
#define RSTP_WIRE_ROLE_ROOT       2
#define RSTP_WIRE_ROLE_DESIGNATED 3

struct rstp_port {
    bool used;
    uint16_t port_no;
    struct rstp_port_config cfg;
    uint16_t port_id;               /* portId: priority and id_number */
    uint32_t path_cost;             /* PortPathCost in use */
    uint32_t speed_mbps;
    bool full_duplex;
    bool oper_p2p;                  /* operPointToPointMAC */

    /* The state of each machine (values private to net/rstp_sm.c). */
    uint8_t prx, ppm, bdm, ptx, pim, prt, pst, tcm;

    /* Section 17.19. */
    bool agree, agreed, disputed, fdb_flush, forward, forwarding, learn, learning;
    bool mcheck, new_info, oper_edge, port_enabled, proposed, proposing;
    bool rcvd_bpdu, rcvd_msg, rcvd_rstp, rcvd_stp, rcvd_tc, rcvd_tc_ack, rcvd_tcn;
    bool re_root, reselect, selected, send_rstp, sync, synced, tc_ack, tc_prop;
    bool updt_info;
    uint8_t info_is;                /* enum rstp_info_is */
    uint8_t rcvd_info;              /* enum rstp_rcvd_info */
    enum rstp_role role, selected_role;
    struct rstp_vector designated_priority, msg_priority, port_priority;
    struct rstp_times designated_times, msg_times, port_times;

    /* Timers (section 17.17), whole seconds; and txCount (17.19.44). */
    uint16_t edge_delay_while, fd_while, hello_when, mdelay_while;
    uint16_t rb_while, rcvd_info_while, rr_while, tc_while;
    uint16_t tx_count;

    struct rstp_bpdu rx;            /* the BPDU rcvdBpdu says is there */
    enum rstp_state state;          /* as last told to set_state() */
    bool learnt;                    /* learning since the last flush() */
    struct rstp_port_counters counters;
};

struct rstp {
    struct rstp_bridge_config cfg;
    const struct rstp_ops *ops;
    void *arg;
    struct rstp_port *ports;        /* indexed by port_no */
    uint32_t n_ports;               /* slots in 'ports' */

    uint64_t bridge_id;             /* BridgeIdentifier (17.18.2) */
    struct rstp_vector root_priority;       /* rootPriority (17.18.6) */
    struct rstp_times bridge_times, root_times;
    uint16_t root_port_id;          /* rootPortId, 0: none (17.18.5) */
    bool has_root_port;
    uint16_t root_port_no;

    int64_t now_ms;                 /* of the call running the machines */
    int64_t last_tick_ms;
    bool tc_started;                /* some tcWhile started in this call */
    uint64_t tc_count;
    int64_t tc_last_ms;
};

/* net/rstp_sm.c */
void rstp_sm_bridge_begin(struct rstp *);
void rstp_sm_port_begin(struct rstp *, struct rstp_port *);
void rstp_sm_port_edge(struct rstp_port *);
void rstp_sm_tick(struct rstp *);
void rstp_sm_run(struct rstp *);

static inline uint64_t
rstp_id_to_u64(const struct rstp_bridge_id *id)
{
    uint64_t v = id->priority;

    for (int i = 0; i < ETH_ADDR_LEN; i++)
        v = v << 8 | id->addr[i];
    return v;
}

static inline struct rstp_bridge_id
rstp_u64_to_id(uint64_t v)
{
    struct rstp_bridge_id id;

    for (int i = ETH_ADDR_LEN - 1; i >= 0; i--, v >>= 8)
        id.addr[i] = (uint8_t) v;
    id.priority = (uint16_t) v;
    return id;
}

#define RSTP_ID_ADDR(v) ((v) & 0xffffffffffffull)

#endif /* net/rstp_private.h */
