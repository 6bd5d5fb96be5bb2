/* bench-core: forwarding decisions and flow lookups per second through
 * net/ alone.
 *
 * NORMAL rows: a bridge with four trunk ports learns N MAC addresses (spread
 * over the ports), then forwards pre-built 64-byte frames between known hosts
 * in batches of 32, as the daemon will: bridge_input() then
 * bridge_tx_flush().  The bridge keeps its default table (priority=0
 * actions=NORMAL), so every frame also goes through the flow stage.
 * Sources and destinations are drawn at random from all N entries, so with
 * 1M entries most lookups miss the CPU caches, as they would on a busy host.
 * A flood row (unknown destinations) shows the cost of the O(ports) path;
 * a translation row runs every frame through "mod_vlan_vid:N,NORMAL" flows
 * (the OpenStack agent's), the general action path.  Storm-control rows
 * give every port a unicast, multicast and broadcast level (rising and
 * falling 10G pps, never reached, so every frame is counted and passes; or
 * 1000 pps, so nearly every frame is a storm-control drop): the cost of
 * storm control configured on the ingress port against the same row
 * without it (docs/design.md section 5.10).  The port-security row makes
 * every port secure with a maximum above its hosts (violation protect), so
 * NORMAL asks psec_admit() for every source: the cost of a secure port that
 * is not violated (section 5.11).
 *
 * Classifier rows: classifier_lookup() alone over 10, 1k and 10k flows
 * spread over four masks (in_port+dl_vlan, dl_dst, ip+nw_src/24,
 * tcp+tp_dst), once with keys from a small set (the exact-match cache
 * answers) and once with 64k distinct keys (it misses nearly always).
 *
 * The VXLAN row: what a decapsulated frame costs a tunnel port in net/
 * (docs/design.md section 5.14): vxlan_fdb_learn() of its (VNI, source MAC)
 * behind its VTEP and vxlan_fdb_lookup() of a destination, as an encap
 * would, over 1k remote MACs in two VNIs behind four VTEPs; the clock moves
 * a millisecond per pass over the frames, as the daemon's loop would.
 *
 * Figures are for comparison between runs on one machine, not thresholds:
 * the machines are shared and noisy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bridge.h"
#include "classifier.h"
#include "util.h"
#include "vxlan.h"

#define N_PORTS      4
#define BATCH        32
#define FRAME_LEN    64
#define N_FRAMES     (1 << 16)          /* pre-built frames per run */
#define RUN_SECONDS  1.0

static uint64_t rng_state = 0x9e3779b97f4a7c15;

static uint64_t
rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void
host_mac(uint32_t i, uint8_t mac[ETH_ADDR_LEN])
{
    mac[0] = 0x52; mac[1] = 0x54;
    mac[2] = i >> 24; mac[3] = i >> 16; mac[4] = i >> 8; mac[5] = i;
}

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
count_tx(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    (void) port_no; (void) items;
    *(uint64_t *) arg += n;
}

/* Forwards for RUN_SECONDS and returns decisions (frames) per second.
 * With 'translate', frames arrive tagged with VLAN 1 + port and each port
 * has a flow "in_port=P,dl_vlan=1+P actions=mod_vlan_vid:1,NORMAL". */
/* What else the ingress ports have: storm control (not reached or
 * dropping), or port security with room for every host of the row. */
enum storm_case { STORM_NONE, STORM_PASS, STORM_DROP, PSEC_ON };

static double
run(uint32_t n_entries, bool unknown_dst, bool translate, enum storm_case storm,
    uint64_t *tx_out)
{
    struct bridge_config cfg = { .max_ports = N_PORTS, .mac_table_size = n_entries,
                                 .hash_seed = 42 };
    struct bridge *b = bridge_create(&cfg);
    struct psec_table *psec = storm == PSEC_ON ? psec_table_create(N_PORTS, 42) : NULL;
    uint8_t (*bufs)[FRAME_HEADROOM + FRAME_LEN] = calloc(N_FRAMES, sizeof *bufs);
    struct frame *frames = calloc(N_FRAMES, sizeof *frames);
    uint16_t *in_port = calloc(N_FRAMES / BATCH, sizeof *in_port);
    uint64_t done = 0, tx = 0;
    double start, elapsed;

    if (!b || !bufs || !frames || !in_port) {
        fprintf(stderr, "bench-core: out of memory\n");
        exit(1);
    }
    for (uint16_t p = 0; p < N_PORTS; p++) {
        bridge_port_add(b, p, NULL);
        bridge_port_set_ofport(b, p, p + 1);
        if (storm == PSEC_ON) {
            /* Room for every host learnt on the port, so nothing violates:
             * the per-frame cost of asking, not of refusing. */
            struct psec_port_config pc = { .maximum = n_entries / N_PORTS + 1,
                                           .violation = PSEC_PROTECT };

            if (!psec || psec_port_set(psec, p, &pc)) {
                fprintf(stderr, "bench-core: cannot make port %u secure\n", (unsigned) p);
                exit(1);
            }
            bridge_set_port_security(b, psec);
        } else if (storm != STORM_NONE) {
            uint64_t pps = storm == STORM_PASS ? STORM_PPS_MAX : 1000;
            struct storm_control_config sc;

            for (int c = 0; c < STORM_N_CLASSES; c++)
                sc.level[c] = (struct storm_level) { true, pps, pps };
            bridge_port_set_storm_control(b, p, &sc);
        }
        if (translate) {
            char text[128];
            struct flow f;

            snprintf(text, sizeof text, "priority=3,in_port=%u,dl_vlan=%u"
                     " actions=mod_vlan_vid:1,NORMAL", p + 1, p + 2);
            if (!flow_parse_add(text, &f, NULL) || bridge_flow_add(b, &f, 0)) {
                fprintf(stderr, "bench-core: cannot add %s\n", text);
                exit(1);
            }
        }
    }
    if (mac_table_reserve(bridge_mac_table(b), n_entries)) {
        fprintf(stderr, "bench-core: out of memory\n");
        exit(1);
    }
    for (uint32_t i = 0; i < n_entries; i++) {
        uint8_t mac[ETH_ADDR_LEN];
        host_mac(i, mac);
        mac_table_learn(bridge_mac_table(b), 1, mac, i % N_PORTS, 0);
    }

    /* Each batch arrives on one port, from hosts learned on that port. */
    for (uint32_t f = 0; f < N_FRAMES; f++) {
        uint16_t port = (f / BATCH) % N_PORTS;
        uint32_t src = (rng() % (n_entries / N_PORTS)) * N_PORTS + port;
        uint32_t dst = rng() % n_entries;
        uint8_t *d = bufs[f] + FRAME_HEADROOM;

        if (dst % N_PORTS == port)
            dst = (dst + 1) % n_entries;
        in_port[f / BATCH] = port;
        host_mac(unknown_dst ? n_entries + dst : dst, d);
        host_mac(src, d + ETH_ADDR_LEN);
        if (translate) {
            d[12] = 0x81; d[13] = 0x00; d[14] = 0; d[15] = port + 2;
            d[16] = 0x08; d[17] = 0x00;
        } else {
            d[12] = 0x08; d[13] = 0x00;
        }
        frame_init(&frames[f], bufs[f], FRAME_HEADROOM, FRAME_LEN);
    }

    start = now_s();
    do {
        for (uint32_t f = 0; f < N_FRAMES; f += BATCH) {
            struct frame *batch[BATCH];
            for (int i = 0; i < BATCH; i++)
                batch[i] = &frames[f + i];
            bridge_input(b, in_port[f / BATCH], batch, BATCH, 1000);
            bridge_tx_flush(b, count_tx, &tx);
        }
        done += N_FRAMES;
        elapsed = now_s() - start;
    } while (elapsed < RUN_SECONDS);

    *tx_out = tx;
    bridge_destroy(b);
    psec_table_destroy(psec);
    free(bufs);
    free(frames);
    free(in_port);
    return done / elapsed;
}

/* Classifier rows. */

#define N_KEYS (1 << 16)

/* One of four masks, by 'i' % 4, with values spread by 'i' / 4. */
static void
bench_match(uint32_t i, struct flow_match *m)
{
    uint32_t v = i / 4;

    memset(m, 0, sizeof *m);
    switch (i % 4) {
    case 0:
        m->mask.in_port = 0xffff;
        m->value.in_port = 1 + v % 64;
        m->mask.vlan_tci = 0x1fff;
        m->value.vlan_tci = FLOW_VLAN_CFI | (1 + v / 64 % 4094);
        break;
    case 1:
        memset(m->mask.dl_dst, 0xff, ETH_ADDR_LEN);
        host_mac(v, m->value.dl_dst);
        break;
    case 2:
        m->mask.dl_type = 0xffff;
        m->value.dl_type = 0x0800;
        m->mask.nw_src = 0xffffff00;
        m->value.nw_src = 0x0a000000 | v << 8;
        break;
    case 3:
        m->mask.dl_type = 0xffff;
        m->value.dl_type = 0x0800;
        m->mask.nw_proto = 0xff;
        m->value.nw_proto = 6;
        m->mask.tp_dst = 0xffff;
        m->value.tp_dst = 1 + v;
        break;
    }
}

/* A key that matches flow 'i' of 'n_flows' (when 'i' < n_flows) and some
 * lower-priority flows of the other masks too, as real traffic would. */
static void
bench_key(uint32_t i, struct flow_key *k)
{
    uint32_t v = i / 4;

    memset(k, 0, sizeof *k);
    k->in_port = 1 + v % 64;
    k->vlan_tci = FLOW_VLAN_CFI | (1 + v / 64 % 4094);
    host_mac(v, k->dl_dst);
    host_mac(v + 7, k->dl_src);
    k->dl_type = 0x0800;
    k->nw_proto = 6;
    k->nw_src = 0x0a000000 | v << 8 | 1;
    k->nw_dst = 0x0a000001;
    k->tp_src = 40000 + v % 1000;
    k->tp_dst = 1 + v;
}

/* Looks up for RUN_SECONDS and returns lookups per second; '*hit_rate'
 * gets the share the exact-match cache answered. */
static double
run_lookups(uint32_t n_flows, uint32_t n_distinct_keys, double *hit_rate)
{
    struct classifier *cls = classifier_create(42);
    struct cls_rule *rules = calloc(n_flows, sizeof *rules);
    struct flow_key *keys = calloc(N_KEYS, sizeof *keys);
    uint64_t done = 0, found = 0;
    double start, elapsed;

    if (!cls || !rules || !keys) {
        fprintf(stderr, "bench-core: out of memory\n");
        exit(1);
    }
    for (uint32_t i = 0; i < n_flows; i++) {
        struct cls_rule *displaced;
        struct flow_match m;

        bench_match(i, &m);
        cls_rule_init(&rules[i], &m, 1 + rng() % 100);
        if (classifier_insert(cls, &rules[i], &displaced)) {
            fprintf(stderr, "bench-core: out of memory\n");
            exit(1);
        }
    }
    for (uint32_t i = 0; i < N_KEYS; i++)
        bench_key(rng() % (n_distinct_keys < N_KEYS ? n_distinct_keys : n_flows * 2 + N_KEYS),
                  &keys[i]);

    start = now_s();
    do {
        for (uint32_t i = 0; i < N_KEYS; i++)
            found += classifier_lookup(cls, &keys[i]) != NULL;
        done += N_KEYS;
        elapsed = now_s() - start;
    } while (elapsed < RUN_SECONDS);

    *hit_rate = (double) classifier_stats(cls)->n_emc_hits / classifier_stats(cls)->n_lookups;
    if (!found)
        fprintf(stderr, "bench-core: no key matched (the benchmark is broken)\n");
    classifier_destroy(cls);
    free(rules);
    free(keys);
    return done / elapsed;
}

/* VXLAN row. */

/* Learns and looks up for RUN_SECONDS and returns frames per second;
 * '*hits' gets how many destinations were found. */
static double
run_vxlan_fdb(uint32_t n_entries, uint64_t *hits)
{
    struct vxlan_fdb *t = vxlan_fdb_create(n_entries, 42);
    struct { uint32_t vni, remote; uint8_t src[ETH_ADDR_LEN], dst[ETH_ADDR_LEN]; } *frames;
    uint64_t done = 0, found = 0;
    int64_t now_ms = 1000;
    double start, elapsed;

    frames = calloc(N_FRAMES, sizeof *frames);
    if (!t || !frames) {
        fprintf(stderr, "bench-core: out of memory\n");
        exit(1);
    }
    /* Host i is in VNI 10100 + i % 2, behind VTEP 10.0.0.(1 + i % 4). */
    for (uint32_t f = 0; f < N_FRAMES; f++) {
        uint32_t src = rng() % n_entries, dst = rng() % (n_entries / 2) * 2 + src % 2;

        frames[f].vni = 10100 + src % 2;
        frames[f].remote = 0x0100000a + (src % 4 << 24);
        host_mac(src, frames[f].src);
        host_mac(dst, frames[f].dst);
    }
    start = now_s();
    do {
        for (uint32_t f = 0; f < N_FRAMES; f++) {
            uint32_t remote;

            vxlan_fdb_learn(t, frames[f].vni, frames[f].src, frames[f].remote, now_ms);
            found += vxlan_fdb_lookup(t, frames[f].vni, frames[f].dst, &remote);
        }
        now_ms++;
        done += N_FRAMES;
        elapsed = now_s() - start;
    } while (elapsed < RUN_SECONDS);

    *hits = found;
    vxlan_fdb_destroy(t);
    free(frames);
    return done / elapsed;
}

int
main(void)
{
    static const struct {
        uint32_t n_entries;
        bool unknown, translate;
        enum storm_case storm;
        const char *what;
    } rows[] = {
        { 1000,    false, false, STORM_NONE, "known unicast, 1k MAC entries" },
        { 1000000, false, false, STORM_NONE, "known unicast, 1M MAC entries" },
        { 1000,    true,  false, STORM_NONE, "unknown unicast (flood to 3 ports), 1k MAC entries" },
        { 1000,    false, true,  STORM_NONE, "mod_vlan_vid:1,NORMAL flows, 1k MAC entries" },
        { 1000000, false, true,  STORM_NONE, "mod_vlan_vid:1,NORMAL flows, 1M MAC entries" },
        { 1000,    false, false, STORM_PASS, "known unicast, 1k, storm-control (not reached)" },
        { 1000,    false, false, STORM_DROP, "known unicast, 1k, storm-control (dropping)" },
        { 1000,    true,  false, STORM_PASS, "unknown unicast, 1k, storm-control (not reached)" },
        { 1000,    false, false, PSEC_ON,    "known unicast, 1k, port security (maximum not reached)" },
    };
    static const struct {
        uint32_t n_flows, n_keys;
        const char *what;
    } lookups[] = {
        { 10,    256,    "10 flows, 4 masks, 256 distinct keys (cache hits)" },
        { 10,    N_KEYS, "10 flows, 4 masks, 64k distinct keys (cache misses)" },
        { 1000,  256,    "1k flows, 4 masks, 256 distinct keys (cache hits)" },
        { 1000,  N_KEYS, "1k flows, 4 masks, 64k distinct keys (cache misses)" },
        { 10000, 256,    "10k flows, 4 masks, 256 distinct keys (cache hits)" },
        { 10000, N_KEYS, "10k flows, 4 masks, 64k distinct keys (cache misses)" },
    };

    printf("bench-core: forwarding decisions/s, 64-byte frames, batches of %d,"
           " %d trunk ports, one core\n", BATCH, N_PORTS);
    for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
        uint64_t tx;
        double rate = run(rows[i].n_entries, rows[i].unknown, rows[i].translate, rows[i].storm,
                          &tx);
        printf("  %-56s %8.2f Mdecisions/s  (%5.1f ns/frame, %llu tx items)\n",
               rows[i].what, rate / 1e6, 1e9 / rate, (unsigned long long) tx);
    }
    printf("bench-core: classifier_lookup()/s, one core\n");
    for (size_t i = 0; i < ARRAY_SIZE(lookups); i++) {
        double hit_rate, rate = run_lookups(lookups[i].n_flows, lookups[i].n_keys, &hit_rate);
        printf("  %-56s %8.2f Mlookups/s    (%5.1f ns/lookup, %3.0f%% cache hits)\n",
               lookups[i].what, rate / 1e6, 1e9 / rate, 100 * hit_rate);
    }
    printf("bench-core: VXLAN remote VTEP table, one core\n");
    {
        uint64_t hits;
        double rate = run_vxlan_fdb(1000, &hits);

        printf("  %-56s %8.2f Mframes/s     (%5.1f ns/frame, %llu lookups found)\n",
               "vxlan_fdb learn source + lookup destination, 1k MACs", rate / 1e6,
               1e9 / rate, (unsigned long long) hits);
    }
    return 0;
}
