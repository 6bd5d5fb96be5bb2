/* The state machines of IEEE 802.1D-2004 clause 17 for one bridge
 * (net/rstp.h, net/rstp_private.h).
 *
 * Each machine is a function that takes at most one transition of one port
 * (or of the bridge, for Port Role Selection) and says whether it did;
 * rstp_sm_run() calls them until none moves, the way section 17.16 lets
 * the machines run "until no further transitions are possible".  Entering a
 * state runs its actions (the figure's box); unconditional transitions
 * (UCT) are taken inside the same step.  Port Transmit runs only once the
 * others are still, so a burst of changes in one call sends what they
 * settled on rather than each step (and TxHoldCount is spent on that). */
#include "rstp_private.h"

#include <string.h>

/* Port Receive (17.23) */
enum { PRX_DISCARD, PRX_RECEIVE };
/* Port Protocol Migration (17.24) */
enum { PPM_CHECKING_RSTP, PPM_SELECTING_STP, PPM_SENSING };
/* Bridge Detection (17.25) */
enum { BDM_EDGE, BDM_NOT_EDGE };
/* Port Transmit (17.26) */
enum { PTX_INIT, PTX_IDLE };
/* Port Information (17.27) */
enum { PIM_DISABLED, PIM_AGED, PIM_CURRENT };
/* Port Role Transitions (17.29): the states a port stays in. */
enum { PRT_DISABLE_PORT, PRT_DISABLED_PORT, PRT_ROOT_PORT, PRT_DESIGNATED_PORT,
       PRT_BLOCK_PORT, PRT_ALTERNATE_PORT };
/* Port State Transition (17.30) */
enum { PST_DISCARDING, PST_LEARNING, PST_FORWARDING };
/* Topology Change (17.31) */
enum { TCM_INACTIVE, TCM_LEARNING, TCM_ACTIVE };

#define MIGRATE_TIME RSTP_MIGRATE_TIME_S

/* (No arithmetic on a NULL 'ports': a bridge without ports has none.) */
#define FOR_EACH_PORT(R, P) \
    for (struct rstp_port *P = (R)->ports, *P##_end_ = P ? P + (R)->n_ports : P; \
         P != P##_end_; P++) \
        if (!P->used) continue; else

/* Section 17.20: conditions and parameters. */

static bool
rstp_version(const struct rstp *r)
{
    return !r->cfg.force_stp;
}

static uint16_t
fwd_delay(const struct rstp_port *p)         /* FwdDelay */
{
    return p->designated_times.forward_delay;
}

static uint16_t
hello_time(const struct rstp_port *p)        /* HelloTime */
{
    return p->designated_times.hello;
}

static uint16_t
max_age(const struct rstp_port *p)           /* MaxAge */
{
    return p->designated_times.max_age;
}

static uint16_t
forward_delay(const struct rstp_port *p)     /* forwardDelay (17.20.7) */
{
    return p->send_rstp ? hello_time(p) : fwd_delay(p);
}

static uint16_t
edge_delay(const struct rstp_port *p)        /* EdgeDelay (17.20.4) */
{
    return p->oper_p2p ? MIGRATE_TIME : max_age(p);
}

static bool
all_synced(const struct rstp *r)             /* allSynced (17.20.3) */
{
    FOR_EACH_PORT(r, q) {
        if (!q->selected || q->role != q->selected_role || q->updt_info)
            return false;
        if (!q->synced && q->role != RSTP_ROLE_ROOT)
            return false;
    }
    return true;
}

static bool
re_rooted(const struct rstp *r, const struct rstp_port *p)   /* reRooted (17.20.10) */
{
    FOR_EACH_PORT(r, q)
        if (q != p && q->rr_while)
            return false;
    return true;
}

/* Priority vectors (section 17.6). */

static int
cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

/* The first four components: root, cost, designated bridge and port. */
static int
vec_cmp4(const struct rstp_vector *a, const struct rstp_vector *b)
{
    int c;

    if ((c = cmp_u64(a->root, b->root)) || (c = cmp_u64(a->cost, b->cost))
        || (c = cmp_u64(a->bridge, b->bridge)) || (c = cmp_u64(a->port, b->port)))
        return c;
    return 0;
}

static int
vec_cmp(const struct rstp_vector *a, const struct rstp_vector *b)
{
    int c = vec_cmp4(a, b);

    return c ? c : cmp_u64(a->rx_port, b->rx_port);
}

static bool
times_eq(const struct rstp_times *a, const struct rstp_times *b)
{
    return a->message_age == b->message_age && a->max_age == b->max_age
           && a->forward_delay == b->forward_delay && a->hello == b->hello;
}

/* Callbacks. */

static void
flush(struct rstp *r, struct rstp_port *p)
{
    /* fdbFlush is done at once (section 17.19.7 lets the bridge take its
     * time; ours is a table walk).  A port that learnt nothing since its
     * last flush has nothing to forget: no callback. */
    if (p->learnt)
        r->ops->flush(r->arg, p->port_no);
    p->learnt = p->learning;
    p->fdb_flush = false;
}

static void
set_state(struct rstp *r, struct rstp_port *p, enum rstp_state state)
{
    if (p->state == state)
        return;
    p->state = state;
    if (state == RSTP_FORWARDING)
        p->counters.forward_transitions++;
    if (state != RSTP_DISCARDING)
        p->learnt = true;
    r->ops->set_state(r->arg, p->port_no, state);
}

/* Section 17.21: procedures. */

static void
new_tc_while(struct rstp *r, struct rstp_port *p)   /* newTcWhile (17.21.7) */
{
    if (p->tc_while)
        return;
    if (p->send_rstp) {
        p->tc_while = (uint16_t) (hello_time(p) + 1);
        p->new_info = true;
    } else {
        p->tc_while = (uint16_t) (r->root_times.max_age + r->root_times.forward_delay);
    }
    r->tc_started = true;
}

static void
set_tc_prop_tree(struct rstp *r, struct rstp_port *p)      /* setTcPropTree (17.21.18) */
{
    FOR_EACH_PORT(r, q)
        if (q != p)
            q->tc_prop = true;
}

static void
set_sync_tree(struct rstp *r)                /* setSyncTree (17.21.16) */
{
    FOR_EACH_PORT(r, q)
        q->sync = true;
}

static void
set_re_root_tree(struct rstp *r)             /* setReRootTree (17.21.15) */
{
    FOR_EACH_PORT(r, q)
        q->re_root = true;
}

static int
wire_role(const struct rstp_bpdu *b)
{
    int role = (b->flags & RSTP_FLAG_ROLE_MASK) >> RSTP_FLAG_ROLE_SHIFT;

    if (b->type == RSTP_BPDU_TCN)
        return RSTP_WIRE_ROLE_UNKNOWN;
    /* A Configuration BPDU conveys the Designated role; so does an RST
     * BPDU whose role is Unknown, taken as a Configuration BPDU (section
     * 9.2.9). */
    if (b->type == RSTP_BPDU_CONFIG || role == RSTP_WIRE_ROLE_UNKNOWN)
        return RSTP_WIRE_ROLE_DESIGNATED;
    return role;
}

/* Times on the wire are in 1/256 s; rounded to whole seconds. */
static uint8_t
wire_secs(uint16_t v)
{
    return (uint8_t) ((v + 128u) / 256u);
}

static enum rstp_rcvd_info
rcv_info(struct rstp_port *p)                /* rcvInfo (17.21.8) */
{
    const struct rstp_bpdu *b = &p->rx;
    int role = wire_role(b);
    int c;

    if (b->type == RSTP_BPDU_TCN)
        return RSTP_RCVD_OTHER;
    p->msg_priority = (struct rstp_vector) {
        .root = rstp_id_to_u64(&b->root_id), .cost = b->root_path_cost,
        .bridge = rstp_id_to_u64(&b->bridge_id), .port = b->port_id, .rx_port = p->port_id,
    };
    p->msg_times = (struct rstp_times) {
        .message_age = wire_secs(b->message_age), .max_age = wire_secs(b->max_age),
        .forward_delay = wire_secs(b->forward_delay), .hello = wire_secs(b->hello_time),
    };
    c = vec_cmp4(&p->msg_priority, &p->port_priority);
    if (role == RSTP_WIRE_ROLE_DESIGNATED) {
        /* Superior (17.6): better, or sent by the same designated port
         * (bridge address and port number) as what the port holds, which
         * may be worse: that bridge's own information changed. */
        bool same_port = RSTP_ID_ADDR(p->msg_priority.bridge)
                         == RSTP_ID_ADDR(p->port_priority.bridge)
                         && (p->msg_priority.port & 0xfff) == (p->port_priority.port & 0xfff);

        if (c < 0 || (c > 0 && same_port)
            || (c == 0 && !times_eq(&p->msg_times, &p->port_times)))
            return RSTP_RCVD_SUPERIOR_DESIGNATED;
        return c == 0 ? RSTP_RCVD_REPEATED_DESIGNATED : RSTP_RCVD_INFERIOR_DESIGNATED;
    }
    if ((role == RSTP_WIRE_ROLE_ROOT || role == RSTP_WIRE_ROLE_ALT_BACKUP) && c >= 0)
        return RSTP_RCVD_INFERIOR_ROOT_ALTERNATE;
    return RSTP_RCVD_OTHER;
}

static void
record_proposal(struct rstp_port *p)         /* recordProposal (17.21.11) */
{
    if (p->rx.type == RSTP_BPDU_RST
        && (p->rx.flags & RSTP_FLAG_ROLE_MASK) >> RSTP_FLAG_ROLE_SHIFT
           == RSTP_WIRE_ROLE_DESIGNATED
        && (p->rx.flags & RSTP_FLAG_PROPOSAL))
        p->proposed = true;
}

static void
set_tc_flags(struct rstp_port *p)            /* setTcFlags (17.21.17) */
{
    if (p->rx.type == RSTP_BPDU_TCN) {
        p->rcvd_tcn = true;
        return;
    }
    if (p->rx.flags & RSTP_FLAG_TC)
        p->rcvd_tc = true;
    if (p->rx.flags & RSTP_FLAG_TC_ACK)
        p->rcvd_tc_ack = true;
}

static void
record_dispute(struct rstp_port *p)          /* recordDispute (17.21.10) */
{
    if (p->rx.type == RSTP_BPDU_RST && (p->rx.flags & RSTP_FLAG_LEARNING)) {
        p->disputed = true;
        p->agreed = false;
    }
}

static void
record_agreement(struct rstp *r, struct rstp_port *p)     /* recordAgreement (17.21.9) */
{
    if (rstp_version(r) && p->oper_p2p && p->rx.type == RSTP_BPDU_RST
        && (p->rx.flags & RSTP_FLAG_AGREEMENT)) {
        p->agreed = true;
        p->proposing = false;
    } else {
        p->agreed = false;
    }
}

static void
record_times(struct rstp_port *p)            /* recordTimes (17.21.13) */
{
    p->port_times = p->msg_times;
    /* A Hello Time under 1 s would age the information at once. */
    if (p->port_times.hello < 1)
        p->port_times.hello = 1;
}

static void
updt_rcvd_info_while(struct rstp_port *p)    /* updtRcvdInfoWhile (17.21.23) */
{
    if (p->port_times.message_age + 1 <= p->port_times.max_age)
        p->rcvd_info_while = (uint16_t) (3 * p->port_times.hello);
    else
        p->rcvd_info_while = 0;
}

static bool
betterorsame_info(const struct rstp_port *p, enum rstp_info_is new_info_is)
{                                            /* betterorsameInfo (17.21.1) */
    if (new_info_is == RSTP_INFO_RECEIVED && p->info_is == RSTP_INFO_RECEIVED)
        return vec_cmp(&p->msg_priority, &p->port_priority) <= 0;
    if (new_info_is == RSTP_INFO_MINE && p->info_is == RSTP_INFO_MINE)
        return vec_cmp(&p->designated_priority, &p->port_priority) <= 0;
    return false;
}

static uint16_t
port_wire_times(uint8_t s)
{
    return (uint16_t) (s * 256u);
}

static void
tx_bpdu(struct rstp *r, struct rstp_port *p, enum rstp_bpdu_type type)
{                                            /* txConfig, txTcn, txRstp (17.21.19-21) */
    struct rstp_bpdu b = { .type = type };
    uint8_t frame[RSTP_FRAME_MAX];
    size_t len;

    if (p->cfg.bpdu_filter)         /* net/rstp.h: it sends no BPDU */
        return;
    if (type != RSTP_BPDU_TCN) {
        b.root_id = rstp_u64_to_id(p->designated_priority.root);
        b.root_path_cost = p->designated_priority.cost;
        b.bridge_id = rstp_u64_to_id(p->designated_priority.bridge);
        b.port_id = p->designated_priority.port;
        b.message_age = port_wire_times(p->designated_times.message_age);
        b.max_age = port_wire_times(p->designated_times.max_age);
        b.hello_time = port_wire_times(p->designated_times.hello);
        b.forward_delay = port_wire_times(p->designated_times.forward_delay);
        if (p->tc_while)
            b.flags |= RSTP_FLAG_TC;
    }
    if (type == RSTP_BPDU_CONFIG) {
        if (p->tc_ack)
            b.flags |= RSTP_FLAG_TC_ACK;
        p->counters.tx_config++;
    } else if (type == RSTP_BPDU_TCN) {
        p->counters.tx_tcn++;
    } else {
        int role = p->role == RSTP_ROLE_ROOT ? RSTP_WIRE_ROLE_ROOT
                   : p->role == RSTP_ROLE_DESIGNATED ? RSTP_WIRE_ROLE_DESIGNATED
                   : p->role == RSTP_ROLE_ALTERNATE || p->role == RSTP_ROLE_BACKUP
                   ? RSTP_WIRE_ROLE_ALT_BACKUP : RSTP_WIRE_ROLE_UNKNOWN;

        b.version = 2;
        b.flags |= (uint8_t) (role << RSTP_FLAG_ROLE_SHIFT);
        if (p->proposing)
            b.flags |= RSTP_FLAG_PROPOSAL;
        if (p->learning)
            b.flags |= RSTP_FLAG_LEARNING;
        if (p->forwarding)
            b.flags |= RSTP_FLAG_FORWARDING;
        if (p->agree)
            b.flags |= RSTP_FLAG_AGREEMENT;
        p->counters.tx_rstp++;
    }
    len = rstp_bpdu_build(&b, p->cfg.src_addr, frame);
    r->ops->send(r->arg, p->port_no, frame, len);
}

/* Port Role Selection (17.28). */

static void
updt_roles_tree(struct rstp *r)              /* updtRolesTree (17.21.25) */
{
    struct rstp_vector root = {
        .root = r->bridge_id, .bridge = r->bridge_id,
    };
    struct rstp_port *root_port = NULL;

    FOR_EACH_PORT(r, p) {
        struct rstp_vector v = p->port_priority;

        /* A root path priority vector for each port with received
         * information that did not come from this bridge. */
        if (p->info_is != RSTP_INFO_RECEIVED
            || RSTP_ID_ADDR(v.bridge) == RSTP_ID_ADDR(r->bridge_id))
            continue;
        v.cost = v.cost > UINT32_MAX - p->path_cost ? UINT32_MAX : v.cost + p->path_cost;
        v.rx_port = p->port_id;
        if (vec_cmp(&v, &root) < 0) {
            root = v;
            root_port = p;
        }
    }
    r->root_priority = root;
    r->has_root_port = root_port != NULL;
    r->root_port_id = root_port ? root_port->port_id : 0;
    r->root_port_no = root_port ? root_port->port_no : 0;
    r->root_times = r->bridge_times;
    if (root_port) {
        r->root_times = root_port->port_times;
        if (r->root_times.message_age < UINT8_MAX)
            r->root_times.message_age++;
    }

    FOR_EACH_PORT(r, p) {
        p->designated_priority = (struct rstp_vector) {
            .root = root.root, .cost = root.cost, .bridge = r->bridge_id,
            .port = p->port_id, .rx_port = p->port_id,
        };
        p->designated_times = r->root_times;
        /* Our own Hello Time paces what we send (as 802.1Q-2011 has it). */
        p->designated_times.hello = r->bridge_times.hello;

        switch (p->info_is) {
        case RSTP_INFO_DISABLED:
            p->selected_role = RSTP_ROLE_DISABLED;
            break;
        case RSTP_INFO_AGED:
            p->updt_info = true;
            p->selected_role = RSTP_ROLE_DESIGNATED;
            break;
        case RSTP_INFO_MINE:
            p->selected_role = RSTP_ROLE_DESIGNATED;
            if (vec_cmp(&p->port_priority, &p->designated_priority)
                || !times_eq(&p->port_times, &p->designated_times))
                p->updt_info = true;
            break;
        case RSTP_INFO_RECEIVED:
            if (p == root_port) {
                p->selected_role = RSTP_ROLE_ROOT;
                p->updt_info = false;
            } else if (vec_cmp4(&p->designated_priority, &p->port_priority) >= 0) {
                /* Not better than what it hears: blocked, as a backup
                 * when another port of this bridge is designated there. */
                p->selected_role = RSTP_ID_ADDR(p->port_priority.bridge)
                                   == RSTP_ID_ADDR(r->bridge_id)
                                   ? RSTP_ROLE_BACKUP : RSTP_ROLE_ALTERNATE;
                p->updt_info = false;
            } else {
                p->selected_role = RSTP_ROLE_DESIGNATED;
                p->updt_info = true;
            }
            break;
        }
    }
}

static bool
prs_step(struct rstp *r)
{
    bool any = false;

    FOR_EACH_PORT(r, p)
        any |= p->reselect;
    if (!any)
        return false;
    /* ROLE_SELECTION: clearReselectTree, updtRolesTree, setSelectedTree. */
    FOR_EACH_PORT(r, p)
        p->reselect = false;
    updt_roles_tree(r);
    FOR_EACH_PORT(r, p)
        p->selected = true;
    return true;
}

/* Port Receive (17.23). */

static void
prx_discard(struct rstp_port *p)
{
    p->prx = PRX_DISCARD;
    p->rcvd_bpdu = p->rcvd_rstp = p->rcvd_stp = false;
    p->rcvd_msg = false;                     /* clearAllRcvdMsgs */
    p->edge_delay_while = MIGRATE_TIME;
}

static bool
prx_step(struct rstp_port *p)
{
    if ((p->rcvd_bpdu || p->edge_delay_while != MIGRATE_TIME) && !p->port_enabled) {
        prx_discard(p);
        return true;
    }
    if (p->rcvd_bpdu && p->port_enabled && (p->prx == PRX_DISCARD || !p->rcvd_msg)) {
        /* RECEIVE: updtBPDUVersion, then hand the message on. */
        p->prx = PRX_RECEIVE;
        if (p->rx.type == RSTP_BPDU_RST)
            p->rcvd_rstp = true;
        else
            p->rcvd_stp = true;
        p->oper_edge = p->rcvd_bpdu = false;
        p->rcvd_msg = true;
        p->edge_delay_while = MIGRATE_TIME;
        return true;
    }
    return false;
}

/* Port Protocol Migration (17.24). */

static void
ppm_checking_rstp(struct rstp *r, struct rstp_port *p)
{
    p->ppm = PPM_CHECKING_RSTP;
    p->mcheck = false;
    p->send_rstp = rstp_version(r);
    p->mdelay_while = MIGRATE_TIME;
}

static bool
ppm_step(struct rstp *r, struct rstp_port *p)
{
    switch (p->ppm) {
    case PPM_CHECKING_RSTP:
        if (!p->mdelay_while)
            break;
        if (p->mdelay_while != MIGRATE_TIME && !p->port_enabled) {
            ppm_checking_rstp(r, p);
            return true;
        }
        return false;
    case PPM_SELECTING_STP:
        if (!p->mdelay_while || !p->port_enabled || p->mcheck)
            break;
        return false;
    case PPM_SENSING:
        if (!p->port_enabled || p->mcheck
            || (rstp_version(r) && !p->send_rstp && p->rcvd_rstp)) {
            ppm_checking_rstp(r, p);
            return true;
        }
        if (p->send_rstp && p->rcvd_stp) {
            p->ppm = PPM_SELECTING_STP;
            p->send_rstp = false;
            p->mdelay_while = MIGRATE_TIME;
            return true;
        }
        return false;
    }
    p->ppm = PPM_SENSING;
    p->rcvd_rstp = p->rcvd_stp = false;
    return true;
}

/* Bridge Detection (17.25). */

static bool
admin_edge(const struct rstp_port *p)
{
    return p->cfg.admin_edge || p->cfg.bpdu_filter;
}

static bool
bdm_step(struct rstp_port *p)
{
    if (p->bdm == BDM_EDGE) {
        if ((!p->port_enabled && !admin_edge(p)) || !p->oper_edge) {
            p->bdm = BDM_NOT_EDGE;
            p->oper_edge = false;
            return true;
        }
    } else if ((!p->port_enabled && admin_edge(p))
               || (!p->edge_delay_while && p->cfg.auto_edge && p->send_rstp && p->proposing)) {
        p->bdm = BDM_EDGE;
        p->oper_edge = true;
        return true;
    }
    return false;
}

/* Port Transmit (17.26). */

static void
ptx_idle(struct rstp_port *p)
{
    p->ptx = PTX_IDLE;
    p->hello_when = hello_time(p);
}

static bool
ptx_step(struct rstp *r, struct rstp_port *p)
{
    /* TRANSMIT_INIT holds while the port is disabled (BEGIN, or the
     * port's MAC went down: it starts afresh when it comes up). */
    if (!p->port_enabled) {
        if (p->ptx == PTX_INIT)
            return false;
        p->ptx = PTX_INIT;
        p->new_info = true;
        p->tx_count = 0;
        return true;
    }
    if (p->ptx == PTX_INIT) {
        ptx_idle(p);
        return true;
    }
    if (!p->selected || p->updt_info || p->role == RSTP_ROLE_DISABLED)
        return false;
    if (!p->hello_when) {                    /* TRANSMIT_PERIODIC */
        p->new_info = p->new_info || p->role == RSTP_ROLE_DESIGNATED
                      || (p->role == RSTP_ROLE_ROOT && p->tc_while);
        ptx_idle(p);
        return true;
    }
    if (!p->new_info || p->tx_count >= r->cfg.tx_hold_count)
        return false;
    if (p->send_rstp) {
        p->new_info = false;
        tx_bpdu(r, p, RSTP_BPDU_RST);
        p->tx_count++;
        p->tc_ack = false;
    } else if (p->role == RSTP_ROLE_ROOT) {
        p->new_info = false;
        tx_bpdu(r, p, RSTP_BPDU_TCN);
        p->tx_count++;
    } else if (p->role == RSTP_ROLE_DESIGNATED) {
        p->new_info = false;
        tx_bpdu(r, p, RSTP_BPDU_CONFIG);
        p->tx_count++;
        p->tc_ack = false;
    } else {
        return false;
    }
    ptx_idle(p);
    return true;
}

/* Port Information (17.27). */

static void
pim_disabled(struct rstp_port *p)
{
    p->pim = PIM_DISABLED;
    p->rcvd_msg = false;
    p->proposing = p->proposed = p->agree = p->agreed = false;
    p->rcvd_info_while = 0;
    p->info_is = RSTP_INFO_DISABLED;
    p->reselect = true;
    p->selected = false;
}

static void
pim_aged(struct rstp_port *p)
{
    p->pim = PIM_AGED;
    p->info_is = RSTP_INFO_AGED;
    p->reselect = true;
    p->selected = false;
}

static void
pim_receive(struct rstp *r, struct rstp_port *p)
{
    switch (p->rcvd_info = (uint8_t) rcv_info(p)) {
    case RSTP_RCVD_SUPERIOR_DESIGNATED:
        p->agreed = p->proposing = false;
        record_proposal(p);
        set_tc_flags(p);
        p->agree = p->agree && betterorsame_info(p, RSTP_INFO_RECEIVED);
        p->port_priority = p->msg_priority;          /* recordPriority */
        record_times(p);
        updt_rcvd_info_while(p);
        p->info_is = RSTP_INFO_RECEIVED;
        p->reselect = true;
        p->selected = false;
        break;
    case RSTP_RCVD_REPEATED_DESIGNATED:
        record_proposal(p);
        set_tc_flags(p);
        updt_rcvd_info_while(p);
        break;
    case RSTP_RCVD_INFERIOR_DESIGNATED:
        record_dispute(p);
        break;
    case RSTP_RCVD_INFERIOR_ROOT_ALTERNATE:
        record_agreement(r, p);
        set_tc_flags(p);
        break;
    default:
        /* A TCN BPDU carries no priority vector, so rcvInfo() calls it
         * OtherInfo; its notification still has to reach the Topology
         * Change machine (rcvdTcn, section 17.31). */
        if (p->rx.type == RSTP_BPDU_TCN)
            set_tc_flags(p);
        break;
    }
    p->rcvd_msg = false;
    p->pim = PIM_CURRENT;
}

static bool
pim_step(struct rstp *r, struct rstp_port *p)
{
    if (!p->port_enabled && p->info_is != RSTP_INFO_DISABLED) {
        pim_disabled(p);
        return true;
    }
    switch (p->pim) {
    case PIM_DISABLED:
        if (p->rcvd_msg) {
            pim_disabled(p);
            return true;
        }
        if (p->port_enabled) {
            pim_aged(p);
            return true;
        }
        return false;
    case PIM_AGED:
    case PIM_CURRENT:
        if (p->selected && p->updt_info) {
            /* UPDATE */
            p->proposing = p->proposed = false;
            p->agreed = p->agreed && betterorsame_info(p, RSTP_INFO_MINE);
            p->synced = p->synced && p->agreed;
            p->port_priority = p->designated_priority;
            p->port_times = p->designated_times;
            p->updt_info = false;
            p->info_is = RSTP_INFO_MINE;
            p->new_info = true;
            p->pim = PIM_CURRENT;
            return true;
        }
        if (p->pim == PIM_AGED)
            return false;
        if (p->info_is == RSTP_INFO_RECEIVED && !p->rcvd_info_while && !p->updt_info
            && !p->rcvd_msg) {
            pim_aged(p);
            return true;
        }
        if (p->rcvd_msg && !p->updt_info) {
            pim_receive(r, p);
            return true;
        }
        return false;
    }
    return false;
}

/* Port Role Transitions (17.29). */

static void
enter_disable_port(struct rstp_port *p)
{
    p->prt = PRT_DISABLE_PORT;
    p->role = p->selected_role;
    p->learn = p->forward = false;
}

static void
enter_root_port(struct rstp_port *p)
{
    p->prt = PRT_ROOT_PORT;
    p->role = RSTP_ROLE_ROOT;
    p->rr_while = fwd_delay(p);
}

static void
enter_alternate_port(struct rstp_port *p)
{
    p->prt = PRT_ALTERNATE_PORT;
    p->fd_while = forward_delay(p);
    p->synced = true;
    p->rr_while = 0;
    p->sync = p->re_root = false;
}

static bool
prt_root(struct rstp *r, struct rstp_port *p)
{
    bool may_learn = !p->fd_while
                     || (re_rooted(r, p) && !p->rb_while && rstp_version(r));

    if (p->proposed && !p->agree) {                  /* ROOT_PROPOSED */
        set_sync_tree(r);
        p->proposed = false;
    } else if ((all_synced(r) && !p->agree) || (p->proposed && p->agree)) {
        p->proposed = p->sync = false;               /* ROOT_AGREED */
        p->agree = true;
        p->new_info = true;
    } else if (!p->forward && !p->re_root) {
        set_re_root_tree(r);                         /* REROOT */
    } else if (p->rr_while != fwd_delay(p)) {
        /* ROOT_PORT again, below */
    } else if (p->re_root && p->forward) {
        p->re_root = false;                          /* REROOTED */
    } else if (may_learn && !p->learn) {
        p->fd_while = forward_delay(p);              /* ROOT_LEARN */
        p->learn = true;
    } else if (may_learn && p->learn && !p->forward) {
        p->fd_while = 0;                             /* ROOT_FORWARD */
        p->forward = true;
    } else {
        return false;
    }
    enter_root_port(p);
    return true;
}

static bool
prt_designated(struct rstp_port *p)
{
    bool may_forward = (!p->fd_while || p->agreed || p->oper_edge)
                       && (!p->rr_while || !p->re_root) && !p->sync;

    if (!p->forward && !p->agreed && !p->proposing && !p->oper_edge) {
        p->proposing = true;                         /* DESIGNATED_PROPOSE */
        p->edge_delay_while = edge_delay(p);
        p->new_info = true;
    } else if ((!p->learning && !p->forwarding && !p->synced) || (p->agreed && !p->synced)
               || (p->oper_edge && !p->synced) || (p->sync && p->synced)) {
        p->rr_while = 0;                             /* DESIGNATED_SYNCED */
        p->synced = true;
        p->sync = false;
    } else if (!p->rr_while && p->re_root) {
        p->re_root = false;                          /* DESIGNATED_RETIRED */
    } else if (((p->sync && !p->synced) || (p->re_root && p->rr_while) || p->disputed)
               && !p->oper_edge && (p->learn || p->forward)) {
        p->learn = p->forward = p->disputed = false; /* DESIGNATED_DISCARD */
        p->fd_while = forward_delay(p);
    } else if (may_forward && !p->learn) {
        p->learn = true;                             /* DESIGNATED_LEARN */
        p->fd_while = forward_delay(p);
    } else if (may_forward && p->learn && !p->forward) {
        p->forward = true;                           /* DESIGNATED_FORWARD */
        p->fd_while = 0;
        p->agreed = p->send_rstp;
    } else {
        return false;
    }
    p->prt = PRT_DESIGNATED_PORT;
    p->role = RSTP_ROLE_DESIGNATED;
    return true;
}

static bool
prt_alternate(struct rstp *r, struct rstp_port *p)
{
    if (p->proposed && !p->agree) {                  /* ALTERNATE_PROPOSED */
        set_sync_tree(r);
        p->proposed = false;
    } else if ((all_synced(r) && !p->agree) || (p->proposed && p->agree)) {
        p->proposed = false;                         /* ALTERNATE_AGREED */
        p->agree = true;
        p->new_info = true;
    } else if (p->fd_while != forward_delay(p) || p->sync || p->re_root || !p->synced) {
        /* ALTERNATE_PORT again, below */
    } else if (p->role == RSTP_ROLE_BACKUP && p->rb_while != 2 * hello_time(p)) {
        p->rb_while = (uint16_t) (2 * hello_time(p));    /* BACKUP_PORT */
    } else {
        return false;
    }
    enter_alternate_port(p);
    return true;
}

static bool
prt_step(struct rstp *r, struct rstp_port *p)
{
    if (!p->selected || p->updt_info)
        return false;
    if (p->role != p->selected_role) {
        switch (p->selected_role) {
        case RSTP_ROLE_DISABLED:
            enter_disable_port(p);
            break;
        case RSTP_ROLE_ROOT:
            enter_root_port(p);
            break;
        case RSTP_ROLE_DESIGNATED:
            p->prt = PRT_DESIGNATED_PORT;
            p->role = RSTP_ROLE_DESIGNATED;
            break;
        case RSTP_ROLE_ALTERNATE:
        case RSTP_ROLE_BACKUP:
            p->prt = PRT_BLOCK_PORT;
            p->role = p->selected_role;
            p->learn = p->forward = false;
            break;
        }
        return true;
    }
    switch (p->prt) {
    case PRT_DISABLE_PORT:
        if (p->learning || p->forwarding)
            return false;
        /* fall through - to DISABLED_PORT */
    case PRT_DISABLED_PORT:
        if (p->prt == PRT_DISABLED_PORT && p->fd_while == max_age(p) && !p->sync
            && !p->re_root && p->synced)
            return false;
        p->prt = PRT_DISABLED_PORT;
        p->fd_while = max_age(p);
        p->synced = true;
        p->rr_while = 0;
        p->sync = p->re_root = false;
        return true;
    case PRT_ROOT_PORT:
        return prt_root(r, p);
    case PRT_DESIGNATED_PORT:
        return prt_designated(p);
    case PRT_BLOCK_PORT:
        if (p->learning || p->forwarding)
            return false;
        enter_alternate_port(p);
        return true;
    case PRT_ALTERNATE_PORT:
        return prt_alternate(r, p);
    }
    return false;
}

/* Port State Transition (17.30). */

static bool
pst_step(struct rstp *r, struct rstp_port *p)
{
    switch (p->pst) {
    case PST_DISCARDING:
        if (!p->learn)
            return false;
        p->pst = PST_LEARNING;
        p->learning = true;
        set_state(r, p, RSTP_LEARNING);
        return true;
    case PST_LEARNING:
        if (!p->learn)
            break;
        if (!p->forward)
            return false;
        p->pst = PST_FORWARDING;
        p->forwarding = true;
        set_state(r, p, RSTP_FORWARDING);
        return true;
    case PST_FORWARDING:
        if (p->forward)
            return false;
        break;
    }
    p->pst = PST_DISCARDING;
    p->learning = p->forwarding = false;
    set_state(r, p, RSTP_DISCARDING);
    return true;
}

/* Topology Change (17.31). */

static void
tcm_inactive(struct rstp *r, struct rstp_port *p)
{
    p->tcm = TCM_INACTIVE;
    p->fdb_flush = true;
    p->tc_while = 0;
    p->tc_ack = false;
    flush(r, p);
}

static void
tcm_learning(struct rstp_port *p)
{
    p->tcm = TCM_LEARNING;
    p->rcvd_tc = p->rcvd_tcn = p->rcvd_tc_ack = false;
    p->tc_prop = false;
}

static bool
tcm_step(struct rstp *r, struct rstp_port *p)
{
    bool root_or_desg = p->role == RSTP_ROLE_ROOT || p->role == RSTP_ROLE_DESIGNATED;

    switch (p->tcm) {
    case TCM_INACTIVE:
        if (!p->learn || p->fdb_flush)
            return false;
        tcm_learning(p);
        return true;
    case TCM_LEARNING:
        if (root_or_desg && p->forward && !p->oper_edge) {
            new_tc_while(r, p);                      /* DETECTED */
            set_tc_prop_tree(r, p);
            p->new_info = true;
            p->tcm = TCM_ACTIVE;
            return true;
        }
        if (p->rcvd_tc || p->rcvd_tcn || p->rcvd_tc_ack || p->tc_prop) {
            tcm_learning(p);
            return true;
        }
        if (!root_or_desg && !p->learn && !p->learning) {
            tcm_inactive(r, p);
            return true;
        }
        return false;
    case TCM_ACTIVE:
        if (!root_or_desg || p->oper_edge) {
            tcm_learning(p);
            return true;
        }
        if (p->rcvd_tcn) {
            new_tc_while(r, p);                      /* NOTIFIED_TCN */
        }
        if (p->rcvd_tcn || p->rcvd_tc) {             /* NOTIFIED_TC */
            p->rcvd_tcn = p->rcvd_tc = false;
            if (p->role == RSTP_ROLE_DESIGNATED)
                p->tc_ack = true;
            set_tc_prop_tree(r, p);
            return true;
        }
        if (p->tc_prop && !p->oper_edge) {           /* PROPAGATING */
            new_tc_while(r, p);
            p->fdb_flush = true;
            p->tc_prop = false;
            flush(r, p);
            return true;
        }
        if (p->rcvd_tc_ack) {                        /* ACKNOWLEDGED */
            p->tc_while = 0;
            p->rcvd_tc_ack = false;
            return true;
        }
        return false;
    }
    return false;
}

/* BEGIN, the tick, and the run. */

void
rstp_sm_bridge_begin(struct rstp *r)
{
    /* INIT_BRIDGE: updtRoleDisabledTree. */
    FOR_EACH_PORT(r, p)
        p->selected_role = RSTP_ROLE_DISABLED;
    r->root_priority = (struct rstp_vector) { .root = r->bridge_id, .bridge = r->bridge_id };
    r->root_times = r->bridge_times;
    r->has_root_port = false;
    r->root_port_id = 0;
}

void
rstp_sm_port_begin(struct rstp *r, struct rstp_port *p)
{
    p->designated_times = p->port_times = r->root_times;
    p->designated_times.hello = r->bridge_times.hello;
    p->selected_role = RSTP_ROLE_DISABLED;
    p->tc_while = p->rb_while = p->rcvd_info_while = p->hello_when = 0;
    p->rcvd_tc = p->rcvd_tcn = p->rcvd_tc_ack = p->tc_prop = p->tc_ack = false;
    p->disputed = p->new_info = false;

    prx_discard(p);
    ppm_checking_rstp(r, p);
    rstp_sm_port_edge(p);
    p->ptx = PTX_INIT;
    p->new_info = true;
    p->tx_count = 0;
    pim_disabled(p);
    /* INIT_PORT, then DISABLE_PORT (UCT). */
    p->role = RSTP_ROLE_DISABLED;
    p->learn = p->forward = false;
    p->synced = false;
    p->sync = p->re_root = true;
    p->rr_while = fwd_delay(p);
    p->fd_while = max_age(p);
    p->rb_while = 0;
    enter_disable_port(p);
    p->pst = PST_DISCARDING;
    p->learning = p->forwarding = false;
    p->tcm = TCM_INACTIVE;
    p->fdb_flush = false;
}

/* AdminEdgePort changed: operEdge follows, as at BEGIN. */
void
rstp_sm_port_edge(struct rstp_port *p)
{
    p->bdm = admin_edge(p) ? BDM_EDGE : BDM_NOT_EDGE;
    p->oper_edge = admin_edge(p);
}

static void
dec(uint16_t *t)
{
    if (*t)
        (*t)--;
}

void
rstp_sm_tick(struct rstp *r)
{
    /* Port Timers (17.22): TICK. */
    FOR_EACH_PORT(r, p) {
        dec(&p->hello_when);
        dec(&p->tc_while);
        dec(&p->fd_while);
        dec(&p->rcvd_info_while);
        dec(&p->rr_while);
        dec(&p->rb_while);
        dec(&p->mdelay_while);
        dec(&p->edge_delay_while);
        dec(&p->tx_count);
    }
}

void
rstp_sm_run(struct rstp *r)
{
    /* Bounded: the machines settle in a few dozen rounds; a bound keeps a
     * bug from becoming a spin. */
    for (int round = 0; round < 1000; round++) {
        bool moved = prs_step(r);

        FOR_EACH_PORT(r, p) {
            moved |= prx_step(p);
            moved |= ppm_step(r, p);
            moved |= bdm_step(p);
            moved |= pim_step(r, p);
            moved |= prt_step(r, p);
            moved |= pst_step(r, p);
            moved |= tcm_step(r, p);
        }
        if (moved)
            continue;
        FOR_EACH_PORT(r, p)
            moved |= ptx_step(r, p);
        if (!moved)
            break;
    }
    if (r->tc_started) {
        r->tc_started = false;
        r->tc_count++;
        r->tc_last_ms = r->now_ms;
    }
}
