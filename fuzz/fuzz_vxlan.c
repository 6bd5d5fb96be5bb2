/* The pure half of a VXLAN tunnel port (net/vxlan.c) on arbitrary UDP
 * payloads from the underlay, between map edits, learning, aging and
 * flushes.
 *
 * The input is a scenario:
 *   byte 0      remote VTEP table size (1-64 entries, so eviction happens);
 *   then operations, each an opcode byte and its operands:
 *     0  a received UDP payload: a remote byte (VTEP 0-3, 0 being 0.0.0.0),
 *        a length byte and that many bytes, parsed as a VXLAN packet; an
 *        accepted one teaches the table its inner source MAC, as the port
 *        does;
 *     1  a map edit: a VLAN 0-15 and a VNI 0-7 from a selector byte, or
 *        (its top bit set) VLAN (2 bytes) and VNI (4 bytes), any values;
 *     2  a learn: VNI (one of a few, or 3 bytes of the input), MAC (one of a
 *        few, multicast ones among them, or 6 bytes of the input), remote;
 *     3  time passes (a byte, in 10 ms) and entries older than a byte's
 *        worth of 10 ms expire (0: aging off);
 *     4  a flush of a remote's entries (remote 0: all).
 *
 * What must hold whatever comes in:
 *   - vxlan_header_parse() says ok, short or flags exactly as RFC 7348's
 *     rule does (22 bytes at least, the I flag set), and an accepted header
 *     gives bytes 4-6 as the VNI, the inner frame at offset 8; the header
 *     written for that VNI parses back to it; nothing is read past the
 *     payload (its buffer is of its exact size);
 *   - the map refuses exactly what a plain model refuses, for the reason
 *     the model gives, and stays sorted and consistent both ways;
 *   - the table holds exactly what a plain model (an array, oldest first,
 *     searched linearly) holds after every operation: same count, same
 *     dump, same answer to every lookup, never more than its size
 *     (tests/unit/vxlan_fdb_model.h, shared with the unit tests). */
#include "fuzz.h"

#include <string.h>

#include "util.h"
#include "vxlan.h"
#include "../tests/unit/vxlan_fdb_model.h"


struct input {
    const uint8_t *p;
    size_t n;
};

/* The input, read front to back; 0s once it is used up. */
static uint8_t
take(struct input *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static const uint32_t vnis[] = { 0, 1, 10100, 10200, 0xffffff, 0x010000 | 10100, 0x1000000 };
static const uint8_t macs[][ETH_ADDR_LEN] = {
    { 0x52, 0x54, 0x00, 0x00, 0x64, 0x01 },
    { 0x52, 0x54, 0x00, 0x00, 0x64, 0x02 },
    { 0x52, 0x54, 0x00, 0x00, 0x64, 0x03 },
    { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },
    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
    { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
};

/* Remotes 0-3: 0.0.0.0 (never learnt), then three VTEPs. */
static uint32_t
remote_of(uint8_t b)
{
    return (uint32_t) (b & 3) * 0x01000000u + ((b & 3) ? 0x0a : 0);
}

static void
check_fdb(const struct vxlan_fdb *t, const struct vxlan_fdb_model *m)
{
    const char *diff = vxlan_fdb_model_diff(t, m);

    FUZZ_CHECK(!diff, "table of %zu against its model: %s", m->max, diff);
    FUZZ_CHECK(vxlan_fdb_count(t) <= m->max, "%zu entries", vxlan_fdb_count(t));
    for (size_t v = 0; v < ARRAY_SIZE(vnis); v++)
        for (size_t k = 0; k < ARRAY_SIZE(macs); k++) {
            uint32_t remote;
            size_t i = vxlan_fdb_model_find(m, vnis[v], macs[k]);

            FUZZ_CHECK(vxlan_fdb_lookup(t, vnis[v], macs[k], &remote) == (i != SIZE_MAX),
                       "lookup of MAC %zu in VNI %u", k, vnis[v]);
        }
}

/* The map's model: the VNI of each VLAN. */
static void
check_map(const struct vxlan_vni_map *map, const uint32_t model[4096])
{
    size_t mapped = 0;

    for (size_t i = 1; i < map->n; i++)
        FUZZ_CHECK(map->by_vni[i - 1].vni < map->by_vni[i].vni, "by_vni unsorted at %zu", i);
    for (unsigned vlan = 0; vlan < 4096; vlan++) {
        FUZZ_CHECK(vxlan_vni_of_vlan(map, vlan) == model[vlan], "VLAN %u", vlan);
        if (model[vlan] != VXLAN_VNI_NONE) {
            mapped++;
            FUZZ_CHECK(vxlan_vlan_of_vni(map, model[vlan]) == vlan, "VNI %u", model[vlan]);
        }
    }
    FUZZ_CHECK(map->n == mapped, "n %u, model %zu", map->n, mapped);
}

static void
map_add(struct vxlan_vni_map *map, uint32_t model[4096], uint16_t vlan, uint32_t vni)
{
    enum vxlan_map_error want, got = vxlan_vni_map_add(map, vlan, vni);
    bool vni_taken = false;

    for (unsigned v = 1; v <= 4094; v++)
        vni_taken |= model[v] == vni && v != vlan;
    if (vlan < 1 || vlan > 4094)
        want = VXLAN_MAP_BAD_VLAN;
    else if (vni > VXLAN_VNI_MAX)
        want = VXLAN_MAP_BAD_VNI;
    else if (model[vlan] == vni)
        want = VXLAN_MAP_OK;
    else if (model[vlan] != VXLAN_VNI_NONE)
        want = VXLAN_MAP_VLAN_MAPPED;
    else if (vni_taken)
        want = VXLAN_MAP_VNI_MAPPED;
    else
        want = VXLAN_MAP_OK;
    FUZZ_CHECK(got == want, "VLAN %u VNI %u: %s, model %s", vlan, vni,
               vxlan_map_error_name(got), vxlan_map_error_name(want));
    if (want == VXLAN_MAP_OK)
        model[vlan] = vni;
}

/* One received payload: parse, check against the RFC's rule, learn. */
static void
receive(struct vxlan_fdb *t, struct vxlan_fdb_model *m, uint32_t remote, const uint8_t *data,
        size_t len, int64_t now)
{
    uint8_t *buf = malloc(len ? len : 1), hdr[VXLAN_HEADER_LEN];
    uint32_t vni = 0, again = 0;
    size_t ofs = 0;
    enum vxlan_error e;

    if (!buf)
        return;
    memcpy(buf, data, len);
    e = vxlan_header_parse(buf, len, &vni, &ofs);
    if (len < VXLAN_HEADER_LEN + ETH_HEADER_LEN)
        FUZZ_CHECK(e == VXLAN_ERR_SHORT, "%zu bytes: %s", len, vxlan_error_name(e));
    else if (!(buf[0] & 0x08))
        FUZZ_CHECK(e == VXLAN_ERR_FLAGS, "flags %02x: %s", buf[0], vxlan_error_name(e));
    else
        FUZZ_CHECK(e == VXLAN_OK, "%s", vxlan_error_name(e));
    if (e == VXLAN_OK) {
        FUZZ_CHECK(vni == ((uint32_t) buf[4] << 16 | (uint32_t) buf[5] << 8 | buf[6]),
                   "VNI %u", vni);
        FUZZ_CHECK(ofs == VXLAN_HEADER_LEN, "inner frame at %zu", ofs);
        vxlan_header_write(hdr, vni);
        memcpy(buf, hdr, sizeof hdr);
        FUZZ_CHECK(vxlan_header_parse(buf, len, &again, &ofs) == VXLAN_OK && again == vni,
                   "the written header for VNI %u does not parse back", vni);
        vxlan_fdb_learn(t, vni, buf + ofs + ETH_ADDR_LEN, remote, now);
        vxlan_fdb_model_learn(m, vni, buf + ofs + ETH_ADDR_LEN, remote, now);
    }
    free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };
    struct vxlan_vni_map *map = malloc(sizeof *map);
    uint32_t *map_model = malloc(4096 * sizeof *map_model);
    struct vxlan_fdb_model m = { .max = 1 + take(&in) % VXLAN_FDB_MODEL_MAX };
    struct vxlan_fdb *t = vxlan_fdb_create(m.max, 0x5eed);
    int64_t now = 0;

    if (!map || !map_model || !t)
        goto out;
    vxlan_vni_map_init(map);
    for (unsigned v = 0; v < 4096; v++)
        map_model[v] = VXLAN_VNI_NONE;
    while (in.n) {
        switch (take(&in) % 5) {
        case 0: {
            uint32_t remote = remote_of(take(&in));
            size_t len = take(&in);

            if (len > in.n)
                len = in.n;
            receive(t, &m, remote, in.p, len, now);
            in.p += len;
            in.n -= len;
            break;
        }
        case 1: {
            uint8_t sel = take(&in);
            uint16_t vlan = sel & 0x0f;
            uint32_t vni = sel >> 4 & 7;

            /* Mostly small values, so VLANs and VNIs meet again; any
             * values with the selector's top bit. */
            if (sel & 0x80) {
                vlan = take(&in) << 8;
                vlan |= take(&in);
                vni = (uint32_t) take(&in) << 24;
                vni |= (uint32_t) take(&in) << 16;
                vni |= (uint32_t) take(&in) << 8;
                vni |= take(&in);
            }
            map_add(map, map_model, vlan, vni);
            check_map(map, map_model);
            break;
        }
        case 2: {
            uint8_t sel = take(&in), mac[ETH_ADDR_LEN];
            uint32_t vni, remote;

            if (sel & 0x80) {
                vni = (uint32_t) take(&in) << 16;
                vni |= (uint32_t) take(&in) << 8;
                vni |= take(&in);
            } else {
                vni = vnis[(sel >> 3 & 7) % ARRAY_SIZE(vnis)];
            }
            if (sel & 0x40) {
                for (int i = 0; i < ETH_ADDR_LEN; i++)
                    mac[i] = take(&in);
            } else {
                memcpy(mac, macs[(sel & 7) % ARRAY_SIZE(macs)], ETH_ADDR_LEN);
            }
            remote = remote_of(take(&in));
            vxlan_fdb_learn(t, vni, mac, remote, now);
            vxlan_fdb_model_learn(&m, vni, mac, remote, now);
            break;
        }
        case 3: {
            int64_t aging = take(&in) * 10;

            now += take(&in) * 10;
            vxlan_fdb_expire(t, now, aging);
            vxlan_fdb_model_expire(&m, now, aging);
            break;
        }
        case 4: {
            uint32_t remote = remote_of(take(&in));

            vxlan_fdb_flush(t, remote);
            vxlan_fdb_model_flush(&m, remote);
            break;
        }
        }
        check_fdb(t, &m);
    }
out:
    vxlan_fdb_destroy(t);
    free(map_model);
    free(map);
    return 0;
}
