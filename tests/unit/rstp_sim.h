#ifndef TESTS_UNIT_RSTP_SIM_H
#define TESTS_UNIT_RSTP_SIM_H 1

/* A network of RSTP bridges in memory, for the tests of net/rstp.h
 * ================================================================
 * Each bridge is one rstp instance; a link joins a port of one bridge to a
 * port of another (or of the same: two links between a pair, or a
 * segment looped back).  What a bridge sends on a port whose link is up
 * is queued and delivered to the port at the other end by sim_run(), in
 * order, until no frame is left; time moves only by sim_tick().  Every
 * port's state, flushes and sent frames are recorded for the checks.  A
 * port with no link (a "tap") records what it sends in its own log only,
 * and a test feeds it frames with sim_inject() (a legacy STP bridge, a
 * malformed BPDU). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rstp.h"

#define SIM_BRIDGES 4
#define SIM_PORTS   8
#define SIM_LINKS   16
#define SIM_LOG     64              /* last frames sent, per port */

struct sim;

struct sim_port {
    bool used;
    enum rstp_state state;
    unsigned flushes;
    unsigned set_states;
    unsigned sent;                  /* frames sent, ever */
    uint8_t log[SIM_LOG][RSTP_FRAME_MAX];   /* the last SIM_LOG, by sent % SIM_LOG */
    int link;                       /* -1: none */
};

struct sim_bridge {
    struct sim *sim;
    int index;
    struct rstp *rstp;
    struct sim_port ports[SIM_PORTS];
};

struct sim_link {
    int a, pa, b, pb;               /* bridge and port at each end */
    bool up;
};

struct sim {
    int64_t now_ms;
    struct sim_bridge bridges[SIM_BRIDGES];
    struct sim_link links[SIM_LINKS];
    int n_links;
    unsigned delivered;             /* frames delivered, ever */
};

/* 'addr_last' is the last byte of the bridge address 02:00:00:00:00:xx. */
void sim_init(struct sim *);
void sim_destroy(struct sim *);
struct rstp *sim_bridge(struct sim *, int b, uint16_t priority, uint8_t addr_last);
struct rstp *sim_bridge_cfg(struct sim *, int b, const struct rstp_bridge_config *);
/* Adds port 'port' (id_number port + 1) with defaults (or 'cfg'). */
void sim_port(struct sim *, int b, int port);
void sim_port_cfg(struct sim *, int b, int port, const struct rstp_port_config *);
struct rstp_port_config sim_port_default(int b, int port);
/* Joins two ports (already added) and brings the link up; returns it. */
int sim_link(struct sim *, int a, int pa, int b, int pb);
void sim_link_set(struct sim *, int link, bool up);
/* Delivers queued frames until none is left (fails the test past a
 * bound: a storm of BPDUs). */
void sim_run(struct sim *);
/* 'secs' seconds pass, one tick a second, frames delivered after each. */
void sim_tick(struct sim *, int secs);
/* Feeds a frame to a port as received. */
int sim_inject(struct sim *, int b, int port, const uint8_t *frame, size_t len);

/* Views. */
enum rstp_role sim_role(struct sim *, int b, int port);
enum rstp_state sim_state(struct sim *, int b, int port);
struct rstp_port_info sim_port_info(struct sim *, int b, int port);
struct rstp_bridge_info sim_bridge_info(struct sim *, int b);
/* The last frame port sent, parsed; false when it sent none. */
bool sim_last_sent(struct sim *, int b, int port, struct rstp_bpdu *);

#endif /* tests/unit/rstp_sim.h */
