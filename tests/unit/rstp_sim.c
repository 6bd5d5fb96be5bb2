/* A network of RSTP bridges in memory (tests/unit/rstp_sim.h). */
#include "rstp_sim.h"

#include <criterion/criterion.h>
#include <string.h>

#define QUEUE_MAX 4096
/* More frames than this in one sim_run() is a storm, not convergence. */
#define RUN_BOUND 20000

struct queued {
    int b, port;
    size_t len;
    uint8_t frame[RSTP_FRAME_MAX];
};

/* The queue is the only state outside struct sim: tests run one at a time
 * in a process of their own (Criterion), and a callback may not call back
 * into an instance, so frames wait here for sim_run(). */
static struct queued queue[QUEUE_MAX];
static unsigned q_head, q_tail;

static void
cb_send(void *arg, uint16_t port_no, const uint8_t *frame, size_t len)
{
    struct sim_bridge *br = arg;
    struct sim_port *sp;
    struct sim_link *l;
    struct queued *q;

    cr_assert_lt(port_no, SIM_PORTS);
    cr_assert_eq(len, RSTP_FRAME_MAX);
    sp = &br->ports[port_no];
    memcpy(sp->log[sp->sent % SIM_LOG], frame, len);
    sp->sent++;
    if (sp->link < 0 || !(l = &br->sim->links[sp->link])->up)
        return;
    cr_assert_lt(q_tail - q_head, QUEUE_MAX, "send queue full");
    q = &queue[q_tail++ % QUEUE_MAX];
    if (l->a == br->index && l->pa == port_no) {
        q->b = l->b;
        q->port = l->pb;
    } else {
        q->b = l->a;
        q->port = l->pa;
    }
    q->len = len;
    memcpy(q->frame, frame, len);
}

static void
cb_set_state(void *arg, uint16_t port_no, enum rstp_state state)
{
    struct sim_bridge *br = arg;

    cr_assert_lt(port_no, SIM_PORTS);
    br->ports[port_no].state = state;
    br->ports[port_no].set_states++;
}

static void
cb_flush(void *arg, uint16_t port_no)
{
    struct sim_bridge *br = arg;

    cr_assert_lt(port_no, SIM_PORTS);
    br->ports[port_no].flushes++;
}

static const struct rstp_ops ops = {
    .send = cb_send, .set_state = cb_set_state, .flush = cb_flush,
};

void
sim_init(struct sim *s)
{
    memset(s, 0, sizeof *s);
    s->now_ms = 1000000;
    q_head = q_tail = 0;
    for (int b = 0; b < SIM_BRIDGES; b++) {
        s->bridges[b].sim = s;
        s->bridges[b].index = b;
        for (int p = 0; p < SIM_PORTS; p++)
            s->bridges[b].ports[p].link = -1;
    }
}

void
sim_destroy(struct sim *s)
{
    for (int b = 0; b < SIM_BRIDGES; b++)
        rstp_destroy(s->bridges[b].rstp);
}

struct rstp *
sim_bridge_cfg(struct sim *s, int b, const struct rstp_bridge_config *cfg)
{
    s->bridges[b].rstp = rstp_create(cfg, &ops, &s->bridges[b], s->now_ms);
    cr_assert_not_null(s->bridges[b].rstp);
    return s->bridges[b].rstp;
}

struct rstp *
sim_bridge(struct sim *s, int b, uint16_t priority, uint8_t addr_last)
{
    struct rstp_bridge_config cfg = RSTP_BRIDGE_CONFIG_DEFAULT;

    cfg.priority = priority;
    memcpy(cfg.addr, (uint8_t[]) { 0x02, 0, 0, 0, 0, addr_last }, ETH_ADDR_LEN);
    return sim_bridge_cfg(s, b, &cfg);
}

struct rstp_port_config
sim_port_default(int b, int port)
{
    struct rstp_port_config cfg = {
        .id_number = (uint16_t) (port + 1), .priority = RSTP_PORT_PRIORITY_DEFAULT,
        .admin_p2p = RSTP_P2P_AUTO,
        .src_addr = { 0x02, 0, 0, 0, (uint8_t) b, (uint8_t) (0x10 + port) },
    };
    return cfg;
}

void
sim_port_cfg(struct sim *s, int b, int port, const struct rstp_port_config *cfg)
{
    cr_assert_eq(rstp_port_add(s->bridges[b].rstp, (uint16_t) port, cfg, s->now_ms), 0);
    s->bridges[b].ports[port].used = true;
    sim_run(s);
}

void
sim_port(struct sim *s, int b, int port)
{
    struct rstp_port_config cfg = sim_port_default(b, port);

    sim_port_cfg(s, b, port, &cfg);
}

static void
link_end(struct sim *s, int b, int port, bool up)
{
    cr_assert_eq(rstp_port_set_link(s->bridges[b].rstp, (uint16_t) port, up, 1000, true,
                                    s->now_ms), 0);
}

void
sim_link_set(struct sim *s, int link, bool up)
{
    struct sim_link *l = &s->links[link];

    l->up = up;
    link_end(s, l->a, l->pa, up);
    link_end(s, l->b, l->pb, up);
    sim_run(s);
}

int
sim_link(struct sim *s, int a, int pa, int b, int pb)
{
    int n = s->n_links++;

    cr_assert_lt(n, SIM_LINKS);
    s->links[n] = (struct sim_link) { .a = a, .pa = pa, .b = b, .pb = pb };
    s->bridges[a].ports[pa].link = n;
    s->bridges[b].ports[pb].link = n;
    sim_link_set(s, n, true);
    return n;
}

void
sim_run(struct sim *s)
{
    for (unsigned n = 0; q_head != q_tail; n++) {
        struct queued q = queue[q_head++ % QUEUE_MAX];
        struct sim_bridge *br = &s->bridges[q.b];
        struct sim_port *sp = &br->ports[q.port];

        cr_assert_lt(n, RUN_BOUND, "BPDU storm");
        /* A frame in flight when its link went down is lost. */
        if (sp->link < 0 || !s->links[sp->link].up)
            continue;
        cr_assert_eq(rstp_receive(br->rstp, (uint16_t) q.port, q.frame, q.len, s->now_ms), 0);
        s->delivered++;
    }
}

void
sim_tick(struct sim *s, int secs)
{
    while (secs-- > 0) {
        s->now_ms += 1000;
        for (int b = 0; b < SIM_BRIDGES; b++)
            if (s->bridges[b].rstp)
                rstp_tick(s->bridges[b].rstp, s->now_ms);
        sim_run(s);
    }
}

int
sim_inject(struct sim *s, int b, int port, const uint8_t *frame, size_t len)
{
    int error = rstp_receive(s->bridges[b].rstp, (uint16_t) port, frame, len, s->now_ms);

    sim_run(s);
    return error;
}

struct rstp_port_info
sim_port_info(struct sim *s, int b, int port)
{
    struct rstp_port_info info;

    cr_assert_eq(rstp_get_port_info(s->bridges[b].rstp, (uint16_t) port, &info), 0);
    return info;
}

enum rstp_role
sim_role(struct sim *s, int b, int port)
{
    return sim_port_info(s, b, port).role;
}

enum rstp_state
sim_state(struct sim *s, int b, int port)
{
    enum rstp_state st = sim_port_info(s, b, port).state;

    /* What the view says is what set_state() said last. */
    cr_assert_eq(st, s->bridges[b].ports[port].state);
    return st;
}

struct rstp_bridge_info
sim_bridge_info(struct sim *s, int b)
{
    struct rstp_bridge_info info;

    rstp_get_bridge_info(s->bridges[b].rstp, &info);
    return info;
}

bool
sim_last_sent(struct sim *s, int b, int port, struct rstp_bpdu *out)
{
    struct sim_port *sp = &s->bridges[b].ports[port];

    if (!sp->sent)
        return false;
    cr_assert_eq(rstp_bpdu_parse(sp->log[(sp->sent - 1) % SIM_LOG], RSTP_FRAME_MAX, out), 0);
    return true;
}
