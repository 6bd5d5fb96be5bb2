/* The frame parser (net/frame.c) and the bridge pipeline with flows
 * (net/bridge.c, net/classifier.c, net/mac_table.c, net/vlan.c) on
 * arbitrary frames received on arbitrary ports.
 *
 * The input builds a small bridge and then drives it:
 *   bytes 0-3   which of the flows below are installed (none: the default
 *               "priority=0 actions=NORMAL" table);
 *   byte 4      MAC table size (1-64 entries, so eviction happens);
 *   bytes 5-10  one byte per port 0-5: its VLAN policy and whether it has an
 *               ofport (ports 6 and 7 of the 8 do not exist);
 *   then operations, each an opcode byte and its operands: a batch of
 *   frames on a port (a length byte and that many bytes each); a port shut
 *   or opened, removed or added back, renumbered, its counters cleared;
 *   time passing with flows and MAC entries expiring; add-flow, del-flows
 *   (strict, loose, with out_port), mod-flows, all flows deleted; a port's
 *   policy changed; tag edits on a frame.
 *
 * After each batch, what must hold whatever the frames:
 *   - each frame that parses on an enabled port counts on the flow a
 *     linear scan of the table in lookup order picks (or as a table miss),
 *     exactly: the classifier and its caches agree with the plain rule;
 *     a frame with a multicast or zero source is a bad-src-mac drop,
 *     never looked up;
 *   - every frame sent nowhere is counted as exactly one drop on its
 *     ingress port (when no transmit queue overflowed), frames given for
 *     ports the bridge lacks as unknown-port drops;
 *   - rx counters add up, and each port's tx counters match what the
 *     flush hands over, byte for byte as bridge_tx_header() builds it;
 *   - nothing goes to a disabled port, and every transmit item's header
 *     and rest offset stay within the frame.
 * Frames live in buffers of their exact size, so ASan catches a read past
 * one. */
#include "fuzz.h"

#include <errno.h>
#include <string.h>

#include "bridge.h"
#include "util.h"

#define N_PORTS     6                   /* ports 0-5 exist */
#define MAX_PORTS   8                   /* 6, 7 and anything above do not */
#define MAX_FLOWS   32

static const char *const flow_texts[] = {
    "priority=0 actions=NORMAL",
    "priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL",
    "priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL",
    "priority=2,in_port=6 actions=drop",
    "priority=1 actions=NORMAL",
    "priority=10,arp actions=FLOOD",
    "priority=20,tcp,tp_dst=80 actions=output:2,output:3",
    "priority=20,udp,nw_dst=10.0.0.0/8 actions=mod_dl_src:02:00:00:00:00:99,"
        "mod_dl_dst:52:54:00:00:00:0a,output:2",
    "priority=15,dl_vlan=10 actions=strip_vlan,output:4",
    "priority=15,vlan_tci=0/0x1000 actions=push_vlan:0x88a8,mod_vlan_vid:20,NORMAL",
    "priority=30,dl_src=52:54:00:00:00:01 actions=IN_PORT",
    "priority=25,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=ALL",
    "priority=5,in_port=3 actions=push_vlan:0x8100,push_vlan:0x8100,push_vlan:0x8100,output:1",
    "priority=12,dl_vlan_pcp=5 actions=mod_vlan_pcp:7,NORMAL",
    "priority=40,in_port=2,dl_vlan=0xffff actions=mod_vlan_vid:30,output:1,strip_vlan,"
        "output:5,NORMAL",
    "idle_timeout=5,priority=50,ip,nw_src=10.0.0.1 actions=output:99",
    "hard_timeout=3,priority=50,icmp actions=drop",
    "priority=60,sctp,tp_src=0x1230/0xfff0 actions=output:1,output:1,output:1",
    "priority=35,dl_type=0x88cc actions=NORMAL",
    "cookie=0x5,priority=45,in_port=4,dl_vlan=4095 actions=pop_vlan,pop_vlan,NORMAL",
    "priority=8,in_port=5 actions=mod_vlan_vid:4094,mod_dl_dst:ff:ff:ff:ff:ff:ff,FLOOD,NORMAL",
    "priority=70,dl_src=01:00:00:00:00:00/01:00:00:00:00:00 actions=NORMAL",
    "priority=20,in_port=1 actions=push_vlan:0x8100,mod_vlan_vid:20,NORMAL",
    "priority=18,dl_vlan=20 actions=mod_vlan_vid:10,NORMAL,mod_vlan_vid:30,NORMAL",
    "priority=55,udp,tp_dst=53 actions=mod_dl_src:52:54:00:00:00:01,IN_PORT,FLOOD",
    "priority=65,dl_type=0x8100 actions=output:6",
    "priority=16,vlan_tci=0x1000/0x1000 actions=pop_vlan,push_vlan:0x8100,output:3,ALL",
    "priority=9,ip,nw_proto=17,nw_src=192.168.0.0/16 actions=NORMAL",
    "priority=11,in_port=6 actions=drop",
    "priority=14,dl_dst=ff:ff:ff:ff:ff:ff actions=mod_vlan_vid:1,FLOOD",
    "priority=13,dl_vlan=0 actions=NORMAL",
    "priority=7,tcp,nw_dst=10.0.0.2,tp_src=22 actions=output:4,mod_dl_dst:52:54:00:00:00:02,"
        "output:5",
};
static struct flow flows[MAX_FLOWS];
_Static_assert(ARRAY_SIZE(flow_texts) == MAX_FLOWS, "one flow per mask bit");

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct err_msg err = { 0 };

    (void) argc; (void) argv;
    for (size_t i = 0; i < ARRAY_SIZE(flow_texts); i++)
        FUZZ_CHECK(flow_parse_add(flow_texts[i], &flows[i], &err), "%s: %s", flow_texts[i],
                   err.text);
    return 0;
}

/* The input, read front to back; 0s once it is used up. */
struct input {
    const uint8_t *p;
    size_t n;
};

static uint8_t
take(struct input *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static const uint16_t vids[] = { 1, 10, 20, 30, 100, 4094, 2, 5 };

static void
policy_of(uint8_t b, struct vlan_port *p)
{
    uint16_t vid = vids[(b >> 3) & 7];

    vlan_port_init_default(p);
    switch (b & 7) {
    case 0: vlan_port_init_access(p, vid); break;
    case 1: break;                                  /* factory default trunk */
    case 2: p->native_vid = 0; break;               /* native VLAN none */
    case 3: p->native_vid = vid; p->native_tagged = true; break;
    case 4:
        vlan_set_clear(&p->allowed);
        vlan_set_add_range(&p->allowed, 1, 10);
        vlan_set_add(&p->allowed, 100);
        p->native_vid = vid;
        break;
    case 5: vlan_port_init_access(p, 1); break;
    case 6: vlan_set_clear(&p->allowed); p->native_vid = vid; break;
    case 7: p->native_vid = 4094; break;
    }
}

/* What the flush of one batch handed over. */
struct sent {
    struct frame *const *frames;
    unsigned n;
    bool sent[BRIDGE_BATCH_MAX];
    uint64_t tx_frames[MAX_PORTS], tx_bytes[MAX_PORTS];
    const struct bridge *b;
};

static void
flushed(uint16_t port_no, const struct bridge_tx *items, unsigned n, void *arg)
{
    struct sent *s = arg;
    uint8_t wire[BRIDGE_TX_HEADER_MAX + 256 + 64];

    FUZZ_CHECK(bridge_port_exists(s->b, port_no),
               "frames for port %u, which does not exist", port_no);
    FUZZ_CHECK(bridge_port_is_enabled(s->b, port_no), "frames for disabled port %u", port_no);
    FUZZ_CHECK(n >= 1 && n <= BRIDGE_BATCH_MAX, "%u items for port %u", n, port_no);
    for (unsigned i = 0; i < n; i++) {
        const struct bridge_tx *tx = &items[i];
        const struct frame *f = tx->frame;
        uint8_t hdr[BRIDGE_TX_HEADER_MAX];
        uint32_t rest_ofs = UINT32_MAX, len;
        unsigned k;

        for (k = 0; k < s->n && s->frames[k] != f; k++)
            continue;
        FUZZ_CHECK(k < s->n, "an item for port %u is no frame of the batch", port_no);
        s->sent[k] = true;
        len = bridge_tx_header(tx, hdr, &rest_ofs);
        FUZZ_CHECK(len >= 2 * ETH_ADDR_LEN && len <= BRIDGE_TX_HEADER_MAX, "header of %u bytes",
                   len);
        FUZZ_CHECK(rest_ofs <= f->len, "rest at %u of a %u-byte frame", rest_ofs, f->len);
        if (!tx->rw) {
            uint16_t tci;
            bool cvlan = frame_vlan_tci(f, &tci);

            FUZZ_CHECK(len == 2 * ETH_ADDR_LEN + (tx->tagged ? VLAN_HEADER_LEN : 0)
                       && rest_ofs == 2 * ETH_ADDR_LEN + (cvlan ? VLAN_HEADER_LEN : 0)
                       && !memcmp(hdr, f->data, 2 * ETH_ADDR_LEN),
                       "the header of an unmodified frame");
        } else {
            FUZZ_CHECK(tx->rw->n_tags <= BRIDGE_MAX_TAGS, "%u tags", tx->rw->n_tags);
            unsigned tags = tx->tagged + tx->rw->n_tags;

            FUZZ_CHECK(len == 2 * ETH_ADDR_LEN + tags * VLAN_HEADER_LEN
                       && rest_ofs == (uint32_t) (2 * ETH_ADDR_LEN + f->n_tags * VLAN_HEADER_LEN),
                       "the header of a rewritten frame");
        }
        /* Send it: header, then the frame's bytes from rest_ofs. */
        memcpy(wire, hdr, len);
        memcpy(wire + len, f->data + rest_ofs, f->len - rest_ofs);
        s->tx_frames[port_no]++;
        s->tx_bytes[port_no] += len + f->len - rest_ofs;
    }
}

/* A source address no station has: multicast (broadcast too) or all
 * zeros.  The bridge drops such a frame before its flow lookup
 * (docs/security.md section 6). */
static bool
bad_source(const struct frame *f)
{
    static const uint8_t zero[ETH_ADDR_LEN];

    return (frame_src(f)[0] & 1) || !memcmp(frame_src(f), zero, ETH_ADDR_LEN);
}

/* The flows of 'b' in lookup order and their counters. */
static size_t
collect(const struct bridge *b, struct bridge_flow_info *out)
{
    size_t n = bridge_flow_collect(b, NULL, out, MAX_FLOWS + 1);

    FUZZ_CHECK(n <= MAX_FLOWS + 1, "%zu flows", n);
    return n;
}

static uint64_t
drops_total(const struct bridge_port_stats *st)
{
    uint64_t sum = 0;

    for (int i = 0; i < BRIDGE_N_DROPS; i++)
        sum += st->drops[i];
    return sum;
}

/* Runs 'n' frames into 'b' on 'port' and checks the accounting. */
static void
run_batch(struct bridge *b, uint16_t port, struct frame *const frames[], unsigned n,
          int64_t now_ms)
{
    static struct bridge_flow_info before[MAX_FLOWS + 1], after[MAX_FLOWS + 1];
    uint64_t hits[MAX_FLOWS + 1] = { 0 }, hit_bytes[MAX_FLOWS + 1] = { 0 };
    uint64_t misses = 0, bad_sources = 0, rx_bytes = 0;
    uint64_t unknown = bridge_unknown_port_drops(b);
    struct bridge_port_stats in_before, tx_before[MAX_PORTS];
    bool exists = bridge_port_exists(b, port), enabled = bridge_port_is_enabled(b, port);
    uint16_t ofport = bridge_port_ofport(b, port);
    size_t n_flows = collect(b, before);
    struct sent s = { .frames = frames, .n = n, .b = b };
    const struct bridge_port_stats *st;
    unsigned not_sent = 0;

    for (uint16_t p = 0; p < MAX_PORTS; p++)
        if ((st = bridge_port_stats(b, p)))
            tx_before[p] = *st;
    if (exists)
        in_before = *bridge_port_stats(b, port);

    /* The plain rule: the first flow in lookup order that matches. */
    for (unsigned i = 0; i < n; i++) {
        struct frame copy = *frames[i];
        struct flow_key key;
        size_t k;

        rx_bytes += frames[i]->len;
        if (!exists || !enabled || frame_parse(&copy) != FRAME_OK)
            continue;
        if (bad_source(&copy)) {
            bad_sources++;
            continue;
        }
        flow_key_extract(&copy, ofport ? ofport : FLOW_PORT_NONE, true, &key);
        for (k = 0; k < n_flows && !flow_match_matches(&before[k].flow.match, &key); k++)
            continue;
        if (k < n_flows) {
            hits[k]++;
            hit_bytes[k] += frames[i]->len;
        } else {
            misses++;
        }
    }

    /* As the daemon does before each batch: room to learn, so that
     * bridge_input() need not allocate. */
    bridge_reserve(b, n);
    bridge_input(b, port, frames, n, now_ms);
    bridge_tx_flush(b, flushed, &s);

    FUZZ_CHECK(collect(b, after) == n_flows, "the flow count changed in bridge_input()");
    for (size_t k = 0; k < n_flows; k++) {
        FUZZ_CHECK(after[k].seq == before[k].seq, "the flow order changed");
        FUZZ_CHECK(after[k].stats.n_packets - before[k].stats.n_packets == hits[k]
                   && after[k].stats.n_bytes - before[k].stats.n_bytes == hit_bytes[k],
                   "flow %zu counted %llu frames, the plain lookup %llu", k,
                   (unsigned long long) (after[k].stats.n_packets - before[k].stats.n_packets),
                   (unsigned long long) hits[k]);
    }
    for (unsigned i = 0; i < n; i++)
        not_sent += !s.sent[i];
    if (!exists) {
        FUZZ_CHECK(bridge_unknown_port_drops(b) - unknown == n && !not_sent == !n,
                   "frames for unknown port %u", port);
    } else {
        const struct bridge_port_stats *in = bridge_port_stats(b, port);

        FUZZ_CHECK(in->rx_frames - in_before.rx_frames == n
                   && in->rx_bytes - in_before.rx_bytes == rx_bytes, "rx counters");
        FUZZ_CHECK(in->drops[BRIDGE_DROP_TABLE_MISS] - in_before.drops[BRIDGE_DROP_TABLE_MISS]
                   == misses, "table misses");
        FUZZ_CHECK(in->drops[BRIDGE_DROP_BAD_SRC_MAC] - in_before.drops[BRIDGE_DROP_BAD_SRC_MAC]
                   == bad_sources, "bad source addresses");
        if (in->drops[BRIDGE_DROP_TX_QUEUE_FULL] == in_before.drops[BRIDGE_DROP_TX_QUEUE_FULL])
            FUZZ_CHECK(drops_total(in) - drops_total(&in_before) == not_sent,
                       "%u frames sent nowhere, %llu drops counted", not_sent,
                       (unsigned long long) (drops_total(in) - drops_total(&in_before)));
    }
    for (uint16_t p = 0; p < MAX_PORTS; p++) {
        if (!(st = bridge_port_stats(b, p)))
            continue;
        FUZZ_CHECK(st->tx_frames - tx_before[p].tx_frames == s.tx_frames[p]
                   && st->tx_bytes - tx_before[p].tx_bytes == s.tx_bytes[p],
                   "port %u: tx counters %llu frames %llu bytes, flushed %llu frames %llu bytes",
                   p, (unsigned long long) (st->tx_frames - tx_before[p].tx_frames),
                   (unsigned long long) (st->tx_bytes - tx_before[p].tx_bytes),
                   (unsigned long long) s.tx_frames[p], (unsigned long long) s.tx_bytes[p]);
    }
}

/* Tag edits keep the parsed fields those of a fresh parse, and the bytes
 * those of a plain model of the edit. */
static void
edit_tags(struct input *in)
{
    uint8_t len = take(in), ops = take(in);
    uint8_t *buf = malloc(FRAME_HEADROOM + len);
    uint8_t model[FRAME_HEADROOM + 256];
    uint32_t model_len = len;
    struct frame f;

    if (!buf)
        return;
    for (unsigned i = 0; i < len; i++)
        buf[FRAME_HEADROOM + i] = model[i] = take(in);
    frame_init(&f, buf, FRAME_HEADROOM, len);
    for (unsigned op = 0; op < (ops & 7u); op++) {
        uint8_t what = take(in);
        uint16_t tci = (uint16_t) (take(in) << 8);
        struct frame fresh;
        bool had_tags = f.n_tags > 0;

        tci |= take(in);
        switch (what % 3) {
        case 0: {
            uint16_t tpid = what & 4 ? ETH_TYPE_VLAN_AD : ETH_TYPE_VLAN;
            bool room = f.headroom >= VLAN_HEADER_LEN && f.len >= 2 * ETH_ADDR_LEN;

            FUZZ_CHECK(frame_push_vlan(&f, tpid, tci) == room, "push_vlan");
            if (room) {
                memmove(model + 16, model + 12, model_len - 12);
                model[12] = tpid >> 8, model[13] = tpid & 0xff;
                model[14] = tci >> 8, model[15] = tci & 0xff;
                model_len += 4;
            }
            break;
        }
        case 1:
            FUZZ_CHECK(frame_pop_vlan(&f) == had_tags, "pop_vlan");
            if (had_tags) {
                memmove(model + 12, model + 16, model_len - 16);
                model_len -= 4;
            }
            break;
        case 2:
            FUZZ_CHECK(frame_set_outer_tci(&f, tci) == had_tags, "set_outer_tci");
            if (had_tags)
                model[14] = tci >> 8, model[15] = tci & 0xff;
            break;
        }
        FUZZ_CHECK(f.len == model_len && !memcmp(f.data, model, model_len),
                   "tag edit %u: the bytes differ from the model", what % 3);
        fresh = f;
        if (frame_parse(&fresh) == FRAME_OK)
            FUZZ_CHECK(fresh.n_tags == f.n_tags && fresh.eth_type == f.eth_type
                       && fresh.l3_ofs == f.l3_ofs
                       && !memcmp(fresh.tags, f.tags, f.n_tags * sizeof *f.tags),
                       "tag edit %u: the parsed fields are stale", what % 3);
    }
    free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };
    struct bridge_config cfg = { .max_ports = MAX_PORTS };
    struct frame *frames[BRIDGE_BATCH_MAX];
    int64_t now_ms = 1000;
    uint32_t mask = 0;
    struct bridge *b;

    for (int i = 0; i < 4; i++)
        mask = mask << 8 | take(&in);
    cfg.mac_table_size = 1 + take(&in) % 64;
    cfg.hash_seed = 0x9e3779b97f4a7c15ull;
    if (!(b = bridge_create(&cfg)))
        return 0;
    for (uint16_t p = 0; p < N_PORTS; p++) {
        uint8_t pb = take(&in);
        struct vlan_port policy;

        policy_of(pb, &policy);
        FUZZ_CHECK(bridge_port_add(b, p, &policy) == 0, "port %u", p);
        if (!(pb & 0x40))
            FUZZ_CHECK(bridge_port_set_ofport(b, p, p + 1) == 0, "ofport %u", p + 1);
    }
    if (mask) {
        struct flow chosen[MAX_FLOWS];
        size_t n = 0;

        for (int i = 0; i < MAX_FLOWS; i++)
            if (mask & (1u << i))
                chosen[n++] = flows[i];
        FUZZ_CHECK(bridge_flow_replace(b, chosen, n, now_ms) == 0, "flow table");
    }

    while (in.n) {
        uint8_t op = take(&in);

        switch (op % 8) {
        case 0: case 1: case 2: case 3: {
            /* A batch of up to 64 frames on one port (8: a number past
             * max_ports). */
            uint16_t port = (op >> 3) % 9 == 8 ? 300 : (op >> 3) % 9;
            unsigned n = 1 + take(&in) % BRIDGE_BATCH_MAX, got = 0;

            for (; got < n && in.n; got++) {
                uint8_t len = take(&in);
                uint8_t *buf = malloc(FRAME_HEADROOM + len);

                if (!buf)
                    break;
                frames[got] = malloc(sizeof *frames[got]);
                if (!frames[got]) {
                    free(buf);
                    break;
                }
                for (unsigned i = 0; i < len; i++)
                    buf[FRAME_HEADROOM + i] = take(&in);
                frames[got]->data = buf + FRAME_HEADROOM;
                frames[got]->len = len;
                frames[got]->headroom = FRAME_HEADROOM;
                frames[got]->tun = (struct frame_tunnel) { 0 };
            }
            run_batch(b, port, frames, got, now_ms);
            for (unsigned i = 0; i < got; i++) {
                free(frames[i]->data - FRAME_HEADROOM);
                free(frames[i]);
            }
            break;
        }
        case 4: {
            /* A port: shut or opened, removed or added back, renumbered,
             * its counters cleared. */
            uint8_t what = take(&in);
            uint16_t p = (what & 0x3f) % N_PORTS;

            switch (what >> 6) {
            case 0:
                bridge_port_set_enabled(b, p, !bridge_port_is_enabled(b, p));
                break;
            case 1:
                if (bridge_port_exists(b, p)) {
                    FUZZ_CHECK(bridge_port_remove(b, p) == 0, "remove port %u", p);
                } else {
                    struct vlan_port policy;

                    policy_of(take(&in), &policy);
                    FUZZ_CHECK(bridge_port_add(b, p, &policy) == 0, "add port %u", p);
                }
                break;
            case 2: {
                int error = bridge_port_set_ofport(b, p, take(&in) % 10);

                FUZZ_CHECK(!error || error == EEXIST || error == ENOENT, "ofport: %d", error);
                break;
            }
            case 3:
                bridge_port_clear_stats(b, p);
                break;
            }
            break;
        }
        case 5:
            now_ms += 1000 * (int64_t) take(&in) + take(&in);
            bridge_flow_expire(b, now_ms);
            mac_table_expire(bridge_mac_table(b), now_ms);
            break;
        case 6: {
            /* The flow table: add-flow, del-flows --strict or loose (with
             * an out_port), mod-flows, or all flows deleted. */
            uint8_t what = take(&in), which = take(&in);
            const struct flow *f = &flows[which % MAX_FLOWS];
            struct flow_filter filter = { .match = f->match, .priority = f->priority,
                                          .out_port = FLOW_PORT_NONE };
            bool room = bridge_flow_count(b) < MAX_FLOWS;

            switch (what >> 5) {
            case 0: case 1: case 2: case 3:
                if (room)
                    bridge_flow_add(b, f, now_ms);
                break;
            case 4:
                filter.strict = true;
                bridge_flow_delete(b, &filter);
                break;
            case 5:
                if (what & 1)
                    filter.out_port = 1 + what % 6;
                bridge_flow_delete(b, &filter);
                break;
            case 6:
                if (room) {
                    struct flow_mod fm = { .flow = flows[what % MAX_FLOWS], .filter = filter,
                                           .set_cookie = what & 2 };
                    size_t n_modified;

                    fm.flow.match = f->match;
                    fm.flow.priority = f->priority;
                    fm.filter.strict = what & 1;
                    if (what & 4) {
                        fm.filter.cookie_mask = UINT64_MAX;
                        fm.filter.cookie = f->cookie;
                    }
                    bridge_flow_modify(b, &fm, now_ms, &n_modified);
                }
                break;
            case 7:
                bridge_flow_clear(b);
                break;
            }
            break;
        }
        case 7:
            if (op & 0x80) {
                edit_tags(&in);
            } else {
                struct vlan_port policy;
                uint16_t p = take(&in) % N_PORTS;

                policy_of(take(&in), &policy);
                FUZZ_CHECK(bridge_port_set_vlan(b, p, &policy)
                           == (bridge_port_exists(b, p) ? 0 : ENOENT), "policy of port %u", p);
            }
            break;
        }
    }
    bridge_destroy(b);
    return 0;
}
