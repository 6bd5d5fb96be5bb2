/* bench-core: NORMAL forwarding decisions per second through net/ alone.
 *
 * A bridge with four trunk ports learns N MAC addresses (spread over the
 * ports), then forwards pre-built 64-byte frames between known hosts in
 * batches of 32, as the daemon will: bridge_input() then bridge_tx_flush().
 * Sources and destinations are drawn at random from all N entries, so with
 * 1M entries most lookups miss the CPU caches, as they would on a busy host.
 * A flood row (unknown destinations) shows the cost of the O(ports) path.
 *
 * Figures are for comparison between runs on one machine, not thresholds:
 * the machines are shared and noisy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bridge.h"

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

/* Forwards for RUN_SECONDS and returns decisions (frames) per second. */
static double
run(uint32_t n_entries, bool unknown_dst, uint64_t *tx_out)
{
    struct bridge_config cfg = { .max_ports = N_PORTS, .mac_table_size = n_entries,
                                 .hash_seed = 42 };
    struct bridge *b = bridge_create(&cfg);
    uint8_t (*bufs)[FRAME_HEADROOM + FRAME_LEN] = calloc(N_FRAMES, sizeof *bufs);
    struct frame *frames = calloc(N_FRAMES, sizeof *frames);
    uint16_t *in_port = calloc(N_FRAMES / BATCH, sizeof *in_port);
    uint64_t done = 0, tx = 0;
    double start, elapsed;

    if (!b || !bufs || !frames || !in_port) {
        fprintf(stderr, "bench-core: out of memory\n");
        exit(1);
    }
    for (uint16_t p = 0; p < N_PORTS; p++)
        bridge_port_add(b, p, NULL);
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
        d[12] = 0x08; d[13] = 0x00;
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
    free(bufs);
    free(frames);
    free(in_port);
    return done / elapsed;
}

int
main(void)
{
    static const struct { uint32_t n_entries; bool unknown; const char *what; } rows[] = {
        { 1000,    false, "known unicast, 1k MAC entries" },
        { 1000000, false, "known unicast, 1M MAC entries" },
        { 1000,    true,  "unknown unicast (flood to 3 ports), 1k MAC entries" },
    };

    printf("bench-core: NORMAL forwarding decisions/s, 64-byte frames, batches of %d,"
           " %d trunk ports, one core\n", BATCH, N_PORTS);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint64_t tx;
        double rate = run(rows[i].n_entries, rows[i].unknown, &tx);
        printf("  %-52s %8.2f Mdecisions/s  (%5.1f ns/frame, %llu tx items)\n",
               rows[i].what, rate / 1e6, 1e9 / rate, (unsigned long long) tx);
    }
    return 0;
}
