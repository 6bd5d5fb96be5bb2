/* Failed logins per source address (login_guard.h). */
#include "login_guard.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct source {
    char addr[LOGIN_GUARD_SOURCE_MAX];
    int64_t first_ms;               /* first failure of the watch window */
    uint32_t failures;              /* in the window */
    int64_t blocked_until_ms;       /* 0: not blocked */
};

struct login_guard {
    pthread_mutex_t lock;           /* guards what follows */
    struct config_login_block cfg;
    struct source *sources;         /* LOGIN_GUARD_SOURCES slots, 'n' used */
    size_t n;
};

struct login_guard *
login_guard_create(void)
{
    struct login_guard *g = calloc(1, sizeof *g);

    if (!g || !(g->sources = calloc(LOGIN_GUARD_SOURCES, sizeof *g->sources))) {
        free(g);
        return NULL;
    }
    pthread_mutex_init(&g->lock, NULL);
    return g;
}

void
login_guard_destroy(struct login_guard *g)
{
    if (!g)
        return;
    pthread_mutex_destroy(&g->lock);
    free(g->sources);
    free(g);
}

void
login_guard_configure(struct login_guard *g, const struct config_login_block *cfg)
{
    pthread_mutex_lock(&g->lock);
    g->cfg = *cfg;
    if (!cfg->block_for_s)
        g->n = 0;
    pthread_mutex_unlock(&g->lock);
}

static struct source *
find(struct login_guard *g, const char *addr)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->sources[i].addr, addr))
            return &g->sources[i];
    return NULL;
}

/* The slot a new address takes (see login_guard.h). */
static struct source *
take_slot(struct login_guard *g, int64_t now_ms)
{
    struct source *victim = NULL;

    if (g->n < LOGIN_GUARD_SOURCES)
        return &g->sources[g->n++];
    for (size_t i = 0; i < g->n; i++) {
        struct source *s = &g->sources[i];
        bool blocked = s->blocked_until_ms > now_ms;

        if (!victim)
            victim = s;
        else if (!blocked && (victim->blocked_until_ms > now_ms || s->first_ms < victim->first_ms))
            victim = s;
        else if (blocked && victim->blocked_until_ms > now_ms
                 && s->blocked_until_ms < victim->blocked_until_ms)
            victim = s;
    }
    return victim;
}

uint32_t
login_guard_blocked(struct login_guard *g, const char *source, int64_t now_ms)
{
    struct source *s;
    uint32_t left = 0;

    pthread_mutex_lock(&g->lock);
    s = find(g, source);
    if (s && s->blocked_until_ms > now_ms)
        left = (uint32_t) ((s->blocked_until_ms - now_ms + 999) / 1000);
    pthread_mutex_unlock(&g->lock);
    return left;
}

bool
login_guard_failed(struct login_guard *g, const char *source, int64_t now_ms,
                   uint32_t *watch_left_s)
{
    struct source *s;
    bool blocks = false;

    pthread_mutex_lock(&g->lock);
    if (!g->cfg.block_for_s)
        goto out;
    if (!(s = find(g, source))) {
        s = take_slot(g, now_ms);
        memset(s, 0, sizeof *s);
        snprintf(s->addr, sizeof s->addr, "%s", source);
    }
    if (s->blocked_until_ms > now_ms)
        goto out;                   /* already blocked: nothing more to count */
    if (!s->failures || now_ms - s->first_ms >= (int64_t) g->cfg.within_s * 1000) {
        s->first_ms = now_ms;
        s->failures = 0;
    }
    if (++s->failures >= g->cfg.attempts) {
        int64_t watched = now_ms - s->first_ms;

        *watch_left_s = (uint32_t) (((int64_t) g->cfg.within_s * 1000 - watched) / 1000);
        s->blocked_until_ms = now_ms + (int64_t) g->cfg.block_for_s * 1000;
        s->failures = 0;
        blocks = true;
    }
out:
    pthread_mutex_unlock(&g->lock);
    return blocks;
}

void
login_guard_expire(struct login_guard *g, int64_t now_ms,
                   void (*ended)(const char *source, void *arg), void *arg)
{
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < g->n; ) {
        struct source *s = &g->sources[i];

        if (s->blocked_until_ms && s->blocked_until_ms <= now_ms) {
            if (ended)
                ended(s->addr, arg);
            s->blocked_until_ms = 0;
        }
        if (!s->blocked_until_ms
            && (!s->failures || now_ms - s->first_ms >= (int64_t) g->cfg.within_s * 1000))
            g->sources[i] = g->sources[--g->n];
        else
            i++;
    }
    pthread_mutex_unlock(&g->lock);
}
