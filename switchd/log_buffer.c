#include "log_buffer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A list of lines, oldest first.  A line is one allocation; lines are
 * rare events, never frames (docs/design.md section 11.4). */
struct log_line {
    struct log_line *next;
    uint64_t seq;
    int severity;
    size_t len;
    char text[];
};

struct log_buffer {
    pthread_mutex_t lock;
    struct log_line *head, *tail;
    size_t size, used, n_lines;
    int level;
    uint64_t logged, last_seq;
};

struct log_buffer *
log_buffer_create(size_t size, int level)
{
    struct log_buffer *b = calloc(1, sizeof *b);

    if (!b)
        return NULL;
    pthread_mutex_init(&b->lock, NULL);
    b->size = size;
    b->level = level;
    return b;
}

/* Under the lock. */
static void
drop_oldest(struct log_buffer *b)
{
    struct log_line *l = b->head;

    b->head = l->next;
    if (!b->head)
        b->tail = NULL;
    b->used -= l->len + 1;
    b->n_lines--;
    free(l);
}

/* Under the lock: keeps the lines that fit 'size' and 'level'. */
static void
trim(struct log_buffer *b)
{
    struct log_line **p = &b->head;

    while (b->head && b->used > b->size)
        drop_oldest(b);
    b->tail = NULL;
    while (*p) {
        struct log_line *l = *p;
        if (l->severity > b->level) {
            *p = l->next;
            b->used -= l->len + 1;
            b->n_lines--;
            free(l);
        } else {
            b->tail = l;
            p = &l->next;
        }
    }
}

void
log_buffer_destroy(struct log_buffer *b)
{
    if (!b)
        return;
    while (b->head)
        drop_oldest(b);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

void
log_buffer_configure(struct log_buffer *b, size_t size, int level)
{
    pthread_mutex_lock(&b->lock);
    b->size = size;
    b->level = level;
    trim(b);
    pthread_mutex_unlock(&b->lock);
}

bool
log_buffer_add(struct log_buffer *b, int severity, const char *line)
{
    size_t len = strlen(line);
    struct log_line *l;

    if (severity < 0)
        severity = 0;
    pthread_mutex_lock(&b->lock);
    if (severity > b->level || len + 1 > b->size) {
        pthread_mutex_unlock(&b->lock);
        return false;
    }
    /* Allocated under the lock, so numbers follow the order of the list. */
    if (!(l = malloc(sizeof *l + len + 1))) {
        pthread_mutex_unlock(&b->lock);
        return false;
    }
    while (b->head && b->used + len + 1 > b->size)
        drop_oldest(b);
    l->next = NULL;
    l->seq = ++b->last_seq;
    l->severity = severity;
    l->len = len;
    memcpy(l->text, line, len + 1);
    if (b->tail)
        b->tail->next = l;
    else
        b->head = l;
    b->tail = l;
    b->used += len + 1;
    b->n_lines++;
    b->logged++;
    pthread_mutex_unlock(&b->lock);
    return true;
}

void
log_buffer_clear(struct log_buffer *b)
{
    pthread_mutex_lock(&b->lock);
    while (b->head)
        drop_oldest(b);
    pthread_mutex_unlock(&b->lock);
}

void
log_buffer_stats(struct log_buffer *b, struct log_buffer_stats *s)
{
    pthread_mutex_lock(&b->lock);
    *s = (struct log_buffer_stats) {
        .size = b->size, .level = b->level, .logged = b->logged, .used = b->used,
        .n_lines = b->n_lines, .last_seq = b->last_seq,
    };
    pthread_mutex_unlock(&b->lock);
}

size_t
log_buffer_read(struct log_buffer *b, uint64_t *seq, int max_level, log_buffer_fn *fn,
                void *arg)
{
    size_t n = 0;

    pthread_mutex_lock(&b->lock);
    for (const struct log_line *l = b->head; l; l = l->next) {
        if (l->seq <= *seq || l->severity > max_level)
            continue;
        fn(arg, l->severity, l->text);
        n++;
    }
    *seq = b->last_seq;
    pthread_mutex_unlock(&b->lock);
    return n;
}
