/* The LLDPDU codec (net/lldp.c) on arbitrary frames.
 *
 * The input is the TLVs of an LLDPDU after a fixed untagged Ethernet header
 * to the nearest-bridge address, in a buffer of exactly that size (ASan
 * catches a read past it).  What must hold whatever comes in:
 *   - lldp_parse() returns a known verdict and never reads past the frame;
 *   - an accepted LLDPDU's IDs fit their arrays and its strings are
 *     NUL-terminated printable ASCII;
 *   - the formatting of what was parsed never overruns its buffer (a small
 *     one, checked by a canary);
 *   - an accepted LLDPDU built again from what was parsed (port ID as an
 *     interface name) parses back to the same strings and TTL. */
#include "fuzz.h"

#include <string.h>

#include "lldp.h"

static void
check_text(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);

    FUZZ_CHECK(n <= max, "string of %zu bytes", n);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(s[i] >= 0x20 && s[i] < 0x7f, "byte %02x at %zu", (unsigned char) s[i], i);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t hdr[ETH_HEADER_LEN] = {
        0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e, 0x02, 0, 0, 0, 0, 0x01, 0x88, 0xcc,
    };
    struct lldp_neighbor_info info, again;
    struct lldp_parse_stats st;
    enum lldp_parse_error e;
    uint8_t *frame;
    char small[12 + 1 + 1];
    char port[LLDP_ID_MAX + 1];

    if (size > 4096 || !(frame = malloc(ETH_HEADER_LEN + size)))
        return 0;
    memcpy(frame, hdr, ETH_HEADER_LEN);
    memcpy(frame + ETH_HEADER_LEN, data, size);
    e = lldp_parse(frame, ETH_HEADER_LEN + size, &info, &st);
    free(frame);
    FUZZ_CHECK(e == LLDP_OK || e == LLDP_ERR_TRUNCATED || e == LLDP_ERR_MANDATORY,
               "verdict %d", (int) e);
    if (e != LLDP_OK)
        return 0;
    FUZZ_CHECK(info.chassis_len >= 1 && info.port_len >= 1, "empty ID");
    FUZZ_CHECK(info.mgmt_len <= LLDP_MGMT_ADDR_MAX, "management address of %u bytes",
               info.mgmt_len);
    check_text(info.port_desc, LLDP_STRING_MAX);
    check_text(info.sys_name, LLDP_STRING_MAX);
    check_text(info.sys_desc, LLDP_STRING_MAX);
    small[sizeof small - 1] = 0x5a;
    lldp_id_format(true, info.chassis_subtype, info.chassis_id, info.chassis_len, small,
                   sizeof small - 1);
    lldp_caps_format(info.caps, small, sizeof small - 1);
    FUZZ_CHECK(small[sizeof small - 1] == 0x5a, "a format overran its buffer");

    lldp_id_format(false, info.port_subtype, info.port_id, info.port_len, port, sizeof port);
    check_text(port, LLDP_ID_MAX);
    if (port[0]) {
        struct lldp_tx tx = { .port_id = port, .ttl = info.ttl, .port_desc = info.port_desc,
                              .sys_name = info.sys_name, .sys_desc = info.sys_desc };
        uint8_t buf[LLDP_FRAME_MAX];
        size_t len = lldp_build(&tx, hdr + ETH_ADDR_LEN, buf, sizeof buf);

        FUZZ_CHECK(len > 0, "no room for a rebuilt LLDPDU");
        FUZZ_CHECK(lldp_parse(buf, len, &again, &st) == LLDP_OK, "a built LLDPDU is refused");
        FUZZ_CHECK(again.ttl == info.ttl && !strcmp(again.sys_name, info.sys_name)
                   && !strcmp(again.port_desc, info.port_desc)
                   && !strcmp(again.sys_desc, info.sys_desc), "round trip");
    }
    return 0;
}
