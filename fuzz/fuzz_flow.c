/* The flow parser and formatter (net/flow_parse.c, net/flow_format.c) on
 * arbitrary text.
 *
 * The input is the text of an `ovs-ofctl add-flow`, `mod-flows` or
 * `del-flows` argument.  Whatever it is, parsing either fails with a
 * message or gives a flow that formats into less than FLOW_STR_MAX bytes
 * and parses back into the same flow (flow.h: flow_parse_add(flow_format(f))
 * gives 'f' back), in both the add-flow form and the dump-flows form with
 * its counters, and whose text is the same again.  A filter's match formats
 * and parses back the same way.  Formatting into a short buffer truncates
 * like snprintf: same length returned, a NUL-terminated prefix.  The same
 * text is parsed again with port names (a bridge with ports "vm1", "vm2"
 * and "7"): a flow that parses holds numbers and obeys the same rules. */
#include "fuzz.h"

#include <string.h>

#include "flow.h"
#include "util.h"

static bool
same_action(const struct flow_action *a, const struct flow_action *b)
{
    if (a->type != b->type)
        return false;
    switch ((enum flow_action_type) a->type) {
    case FLOW_ACT_OUTPUT:       return a->port == b->port;
    case FLOW_ACT_MOD_VLAN_VID: return a->vid == b->vid;
    case FLOW_ACT_MOD_VLAN_PCP: return a->pcp == b->pcp;
    case FLOW_ACT_PUSH_VLAN:    return a->tpid == b->tpid;
    case FLOW_ACT_MOD_DL_SRC:
    case FLOW_ACT_MOD_DL_DST:   return !memcmp(a->mac, b->mac, ETH_ADDR_LEN);
    case FLOW_ACT_SET_TUNNEL:
    case FLOW_ACT_SET_TUNNEL64:
    case FLOW_ACT_LOAD_TUN_ID:
        return a->tun.id == b->tun.id && a->tun.ofs == b->tun.ofs
               && a->tun.n_bits == b->tun.n_bits;
    case FLOW_ACT_NORMAL:
    case FLOW_ACT_FLOOD:
    case FLOW_ACT_ALL:
    case FLOW_ACT_IN_PORT:
    case FLOW_ACT_STRIP_VLAN:
    case FLOW_ACT_POP_VLAN:     return true;
    }
    return false;
}

static bool
same_flow(const struct flow *a, const struct flow *b)
{
    if (!flow_match_equal(&a->match, &b->match) || a->priority != b->priority
        || a->idle_timeout != b->idle_timeout || a->hard_timeout != b->hard_timeout
        || a->cookie != b->cookie || a->n_actions != b->n_actions)
        return false;
    for (unsigned i = 0; i < a->n_actions; i++)
        if (!same_action(&a->actions[i], &b->actions[i]))
            return false;
    return true;
}

/* A match keeps the invariant value == value & mask (flow.h). */
static void
check_match(const struct flow_match *m, const char *text)
{
    for (int i = 0; i < FLOW_KEY_WORDS; i++)
        FUZZ_CHECK((m->value.w[i] & ~m->mask.w[i]) == 0, "value outside its mask: \"%s\"", text);
    FUZZ_CHECK(m->value.pad == 0 && m->mask.pad == 0, "pad byte set: \"%s\"", text);
    FUZZ_CHECK(m->value.tun_pad == 0 && m->mask.tun_pad == 0, "tun_pad set: \"%s\"", text);
}

/* flow_format() into short buffers (malloc'd to their size, so a write
 * past one is caught) truncates like snprintf. */
static void
check_truncation(const struct flow *f, const char *full, size_t full_len)
{
    static const size_t sizes[] = { 0, 1, 2, 7, 40, 100 };

    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        size_t size = sizes[i], kept = full_len < size ? full_len : size - 1;
        char *buf = size ? malloc(size) : NULL;
        size_t len;

        if (size && !buf)
            return;
        len = flow_format(f, buf, size);
        FUZZ_CHECK(len == full_len, "length %zu into %zu bytes, %zu in all", len, size,
                   full_len);
        if (size)
            FUZZ_CHECK(buf[kept] == '\0' && !memcmp(buf, full, kept),
                       "truncated text is not a prefix of \"%s\"", full);
        free(buf);
    }
}

/* 'f' was parsed from 'text' by add-flow (or is the flow of a mod-flows). */
static void
check_flow(const struct flow *f, const char *text)
{
    static const struct flow_stats stats[] = {
        { 0, 0, 0, 0, 0 },
        { 12, 3456, 1000, 2500, 4321 },
        { UINT64_MAX, UINT64_MAX, -5000, 99999, 123456789 },
    };
    static const int64_t nows[] = { 0, 12345, 1000000007 };
    char buf[FLOW_STR_MAX], again[FLOW_STR_MAX];
    struct err_msg err = { 0 };
    struct flow back;
    size_t len;

    check_match(&f->match, text);
    FUZZ_CHECK(f->n_actions <= FLOW_MAX_ACTIONS, "%u actions: \"%s\"", f->n_actions, text);

    len = flow_format(f, buf, sizeof buf);
    FUZZ_CHECK(len < FLOW_STR_MAX, "%zu bytes of text for \"%s\"", len, text);
    FUZZ_CHECK(strlen(buf) == len, "length %zu, text of %zu: \"%s\"", len, strlen(buf), buf);
    FUZZ_CHECK(flow_parse_add(buf, &back, &err), "\"%s\" formats as \"%s\", which fails: %s",
               text, buf, err.text);
    FUZZ_CHECK(same_flow(f, &back), "\"%s\" formats as \"%s\", which parses differently",
               text, buf);
    flow_format(&back, again, sizeof again);
    FUZZ_CHECK(!strcmp(buf, again), "\"%s\" formats as \"%s\", then as \"%s\"", text, buf,
               again);
    check_truncation(f, buf, len);

    /* A dump-flows line parses back into the flow it shows (flow.h). */
    for (size_t i = 0; i < ARRAY_SIZE(stats); i++) {
        len = flow_format_stats(f, &stats[i], nows[i], buf, sizeof buf);
        FUZZ_CHECK(len < FLOW_STR_MAX, "%zu bytes of dump-flows text for \"%s\"", len, text);
        FUZZ_CHECK(flow_parse_add(buf, &back, &err),
                   "\"%s\" dumps as \"%s\", which fails: %s", text, buf, err.text);
        FUZZ_CHECK(same_flow(f, &back), "\"%s\" dumps as \"%s\", which parses differently",
                   text, buf);
    }

    len = flow_format_actions(f, buf, sizeof buf);
    FUZZ_CHECK(len < FLOW_STR_MAX && strlen(buf) == len, "actions of \"%s\"", text);
}

/* A filter's match formats and parses back as the same filter. */
static void
check_filter(const struct flow_filter *flt, const char *text)
{
    struct err_msg err = { 0 };
    struct flow_filter back;
    char buf[FLOW_STR_MAX];
    size_t len;

    check_match(&flt->match, text);
    FUZZ_CHECK((flt->cookie & ~flt->cookie_mask) == 0, "cookie outside its mask: \"%s\"", text);
    len = flow_format_match(&flt->match, flt->priority, buf, sizeof buf);
    FUZZ_CHECK(len < FLOW_STR_MAX && strlen(buf) == len, "match of \"%s\"", text);
    if (!flt->strict && flt->priority != FLOW_DEFAULT_PRIORITY)
        return;                         /* a loose filter takes no priority */
    FUZZ_CHECK(flow_parse_filter(buf, flt->strict, &back, &err),
               "filter \"%s\" formats as \"%s\", which fails: %s", text, buf, err.text);
    FUZZ_CHECK(flow_match_equal(&flt->match, &back.match) && back.priority == flt->priority,
               "filter \"%s\" formats as \"%s\", which parses differently", text, buf);
    FUZZ_CHECK(flow_match_covers(&back.match, &flt->match), "a match does not cover itself");
}

static bool
fuzz_port_number(const void *arg, const char *name, uint16_t *port)
{
    static const char *const names[] = { "vm1", "vm2", "7" };

    (void) arg;
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcmp(name, names[i])) {
            *port = (uint16_t) (i + 1);
            return true;
        }
    }
    return false;
}

static const struct flow_port_names fuzz_names = { .lookup = fuzz_port_number };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    struct err_msg err;
    struct flow_filter flt;
    struct flow_mod fm;
    struct flow f;

    if (!text)
        return 0;
    memset(&err, 0, sizeof err);
    if (flow_parse_add(text, &f, &err)) {
        check_flow(&f, text);
        FUZZ_CHECK(flow_filter_selects(&(struct flow_filter) { .match = f.match,
                                                               .priority = f.priority,
                                                               .strict = true,
                                                               .out_port = FLOW_PORT_NONE },
                                       &f),
                   "a strict filter of its own match misses \"%s\"", text);
    } else {
        FUZZ_CHECK(err.text[0] && strlen(err.text) < sizeof err.text, "no message for \"%s\"",
                   text);
        FUZZ_CHECK(err.col >= 0 && (size_t) err.col <= size + 1, "column %d of \"%s\"",
                   err.col, text);
    }
    if (flow_parse_add_named(text, &fuzz_names, &f, &err))
        check_flow(&f, text);
    for (int strict = 0; strict <= 1; strict++) {
        if (flow_parse_modify(text, strict, &fm, NULL))
            check_flow(&fm.flow, text);
        if (flow_parse_filter(text, strict, &flt, NULL))
            check_filter(&flt, text);
        if (flow_parse_modify_named(text, strict, &fuzz_names, &fm, NULL))
            check_flow(&fm.flow, text);
        if (flow_parse_filter_named(text, strict, &fuzz_names, &flt, NULL))
            check_filter(&flt, text);
    }
    free(text);
    return 0;
}
