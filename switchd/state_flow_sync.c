#include "state.h"
#include "state_apply.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"

static int
compare_text_ptrs(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Whether 'text' is among the 'n' sorted strings of 'sorted'. */
static bool
text_listed(char *const *sorted, size_t n, const char *text)
{
    return bsearch(&text, sorted, n, sizeof *sorted, compare_text_ptrs) != NULL;
}

/* A wanted flow and its place, to find the ones a later flow replaces. */
struct want_key {
    const struct flow *f;
    size_t i;
};

static int
compare_want_keys(const void *a_, const void *b_)
{
    const struct want_key *a = a_, *b = b_;

    if (a->f->priority != b->f->priority)
        return a->f->priority < b->f->priority ? -1 : 1;
    for (int w = 0; w < FLOW_KEY_WORDS; w++) {
        if (a->f->match.mask.w[w] != b->f->match.mask.w[w])
            return a->f->match.mask.w[w] < b->f->match.mask.w[w] ? -1 : 1;
        if (a->f->match.value.w[w] != b->f->match.value.w[w])
            return a->f->match.value.w[w] < b->f->match.value.w[w] ? -1 : 1;
    }
    return a->i < b->i ? -1 : a->i > b->i;
}

static char **
format_flows(const struct flow *flows, size_t n)
{
    char **texts = calloc(n ? n : 1, sizeof *texts);
    char text[FLOW_STR_MAX];

    for (size_t i = 0; texts && i < n; i++) {
        flow_format(&flows[i], text, sizeof text);
        if (!(texts[i] = strdup(text))) {
            while (i > 0)
                free(texts[--i]);
            free(texts);
            return NULL;
        }
    }
    return texts;
}

static void
free_texts(char **texts, size_t n)
{
    for (size_t i = 0; texts && i < n; i++)
        free(texts[i]);
    free(texts);
}

/* Makes the flow table of 'br' the 'n' flows of 'want' (want[0] is the
 * default NORMAL flow; a later flow with the match and priority of an
 * earlier one replaces it).  Flows already there to the letter keep their
 * counters and age; the others go, and the missing ones are added.  Each
 * flow is formatted once and looked up in sorted lists: the table can hold
 * thousands, and this runs on the loop thread. */
void
state_sync_flows(struct sw_bridge *br, const struct flow *want, size_t n)
{
    size_t n_live = bridge_flow_count(br->core);
    struct bridge_flow_info *live = calloc(n_live ? n_live : 1, sizeof *live);
    struct flow *live_flows = calloc(n_live ? n_live : 1, sizeof *live_flows);
    struct want_key *keys = calloc(n ? n : 1, sizeof *keys);
    bool *replaced = calloc(n ? n : 1, sizeof *replaced);
    char **want_text = format_flows(want, n), **live_text = NULL;
    char **want_sorted = calloc(n ? n : 1, sizeof *want_sorted), **live_sorted = NULL;
    int64_t now = loop_now_ms();

    if (live && live_flows) {
        n_live = bridge_flow_collect(br->core, NULL, live, n_live);
        for (size_t j = 0; j < n_live; j++)
            live_flows[j] = live[j].flow;
        live_text = format_flows(live_flows, n_live);
        live_sorted = calloc(n_live ? n_live : 1, sizeof *live_sorted);
    }
    if (!live || !live_flows || !keys || !replaced || !want_text || !want_sorted || !live_text
        || !live_sorted) {
        /* Without room to compare, start the table afresh. */
        if (bridge_flow_replace(br->core, want, n, now))
            log_error("bridge %s: flows not applied: out of memory", br->name);
        goto out;
    }
    memcpy(want_sorted, want_text, n * sizeof *want_sorted);
    qsort(want_sorted, n, sizeof *want_sorted, compare_text_ptrs);
    memcpy(live_sorted, live_text, n_live * sizeof *live_sorted);
    qsort(live_sorted, n_live, sizeof *live_sorted, compare_text_ptrs);

    for (size_t j = 0; j < n_live; j++) {
        if (!text_listed(want_sorted, n, live_text[j])) {
            struct flow_filter f = { .match = live[j].flow.match,
                                     .priority = live[j].flow.priority, .strict = true,
                                     .out_port = FLOW_PORT_NONE };
            bridge_flow_delete(br->core, &f);
        }
    }
    /* A later duplicate (same match and priority) wins, as in a file. */
    for (size_t i = 0; i < n; i++)
        keys[i] = (struct want_key) { &want[i], i };
    qsort(keys, n, sizeof *keys, compare_want_keys);
    for (size_t i = 0; i + 1 < n; i++)
        if (keys[i].f->priority == keys[i + 1].f->priority
            && flow_match_equal(&keys[i].f->match, &keys[i + 1].f->match))
            replaced[keys[i].i] = true;
    for (size_t i = 0; i < n; i++) {
        if (replaced[i] || text_listed(live_sorted, n_live, want_text[i]))
            continue;
        if (bridge_flow_add(br->core, &want[i], now))
            log_error("bridge %s: flow not added: out of memory", br->name);
    }
out:
    free(live);
    free(live_flows);
    free(keys);
    free(replaced);
    free_texts(want_text, n);
    free_texts(live_text, n_live);
    free(want_sorted);
    free(live_sorted);
}
