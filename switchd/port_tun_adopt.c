/* Finding the TAPs of internal ports after a crash.  An internal port's
 * TAP is persistent, so when switchd dies its host keeps the netdev, in
 * whatever network namespace the host moved it to.  A restarted switchd
 * does not see it in its own namespace; this looks in the others and
 * attaches to it there, so the host's link comes back instead of a new
 * netdev appearing in switchd's namespace (docs/security.md section 8).
 *
 * Which namespaces: the named ones (`ip netns`, /run/netns) and those of
 * running processes (containers), each once.  Which TAPs: only persistent
 * ones carrying switchd's alias, in a namespace owned by switchd's own user
 * namespace -- a container with a user namespace of its own could make a
 * TAP of any name and alias, and must not be able to plant a port.
 *
 * The search runs on a thread of its own, which enters each namespace in
 * turn (setns() moves only the calling thread) and ends there: the loop
 * thread never leaves switchd's namespace.  A TUN fd keeps working in any
 * namespace once attached. */
#include "port_tun.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/nsfs.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "name_index.h"

struct ns_id {
    dev_t dev;
    ino_t ino;
};

struct adopt {
    const char *const *names;       /* sorted */
    size_t n;
    int *fds;
    char (*found_as)[IFNAMSIZ];     /* per name: its netdev in the current
                                       namespace ("" none) */
    size_t left;                    /* names not attached yet */
    char prefix[TUN_ALIAS_MAX];     /* switchd's alias without a port */
    size_t prefix_len;
    struct ns_id own_user;
    struct ns_id *done;             /* namespaces looked at (and switchd's) */
    size_t n_done, max_done;
    bool give_up;                   /* no right to enter namespaces */
};

static const char *
name_of(const void *elem)
{
    return *(const char *const *) elem;
}

static void
note_link(void *arg, const struct tun_link *link)
{
    struct adopt *a = arg;
    const char *port;
    const char *const *hit;

    /* The alias names the port: the host may have renamed the netdev. */
    if (!link->is_tun || strncmp(link->alias, a->prefix, a->prefix_len))
        return;
    port = link->alias + a->prefix_len;
    hit = name_index_find(a->names, a->n, sizeof *a->names, name_of, port);
    if (hit)
        snprintf(a->found_as[hit - a->names], IFNAMSIZ, "%s", link->name);
}

/* Whether namespace 'id' was looked at already; if not, remembers it. */
static bool
already_done(struct adopt *a, struct ns_id id)
{
    for (size_t i = 0; i < a->n_done; i++)
        if (a->done[i].dev == id.dev && a->done[i].ino == id.ino)
            return true;
    if (a->n_done == a->max_done) {
        size_t max = a->max_done ? 2 * a->max_done : 64;
        struct ns_id *done = realloc(a->done, max * sizeof *done);
        if (!done)
            return true;            /* out of memory: look no further */
        a->done = done;
        a->max_done = max;
    }
    a->done[a->n_done++] = id;
    return false;
}

/* Whether namespace file 'fd' belongs to switchd's user namespace. */
static bool
owned_by_our_user_ns(const struct adopt *a, int fd)
{
    int user_fd = ioctl(fd, NS_GET_USERNS);
    struct stat st;
    bool ours;

    if (user_fd < 0)
        return false;
    ours = fstat(user_fd, &st) == 0 && st.st_dev == a->own_user.dev
           && st.st_ino == a->own_user.ino;
    close(user_fd);
    return ours;
}

static void
look_in(struct adopt *a, const char *path)
{
    struct stat st;
    int fd;

    if (a->give_up || !a->left || stat(path, &st) < 0
        || already_done(a, (struct ns_id) { st.st_dev, st.st_ino }))
        return;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    if (!owned_by_our_user_ns(a, fd)) {
        close(fd);
        return;
    }
    if (setns(fd, CLONE_NEWNET) < 0) {
        if (errno == EPERM)
            a->give_up = true;
        close(fd);
        return;
    }
    close(fd);
    memset(a->found_as, 0, a->n * sizeof *a->found_as);
    if (tun_links_each(note_link, a))
        return;
    for (size_t i = 0; i < a->n; i++) {
        if (!a->found_as[i][0] || a->fds[i] >= 0)
            continue;
        /* Opened here, the TUN fd attaches to this namespace's TAP. */
        char msg[128];

        /* A failure (e.g. EBUSY: someone holds it) leaves the fd -1. */
        if (!tun_open_tap(a->found_as[i], IFF_VNET_HDR, &a->fds[i], msg, sizeof msg))
            a->left--;
    }
}

static void
look_in_dir(struct adopt *a, const char *dir, bool pids)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[300];

    if (!d)
        return;
    while (!a->give_up && a->left && (e = readdir(d))) {
        if (e->d_name[0] == '.' || (pids && !isdigit((unsigned char) e->d_name[0])))
            continue;
        snprintf(path, sizeof path, pids ? "%s/%s/ns/net" : "%s/%s", dir, e->d_name);
        look_in(a, path);
    }
    closedir(d);
}

static void *
adopt_main(void *arg)
{
    struct adopt *a = arg;
    struct stat st;

    /* This thread starts in switchd's namespace: skip it. */
    if (stat("/proc/thread-self/ns/net", &st) < 0)
        return NULL;
    already_done(a, (struct ns_id) { st.st_dev, st.st_ino });
    look_in_dir(a, "/run/netns", false);
    look_in_dir(a, "/proc", true);
    return NULL;
}

void
tun_adopt(const char *const *names, size_t n, int *fds)
{
    struct adopt a = { .names = names, .n = n, .fds = fds, .left = n };
    struct stat st;
    pthread_t thread;

    for (size_t i = 0; i < n; i++)
        fds[i] = -1;
    if (!n || stat("/proc/self/ns/user", &st) < 0)
        return;
    a.own_user = (struct ns_id) { st.st_dev, st.st_ino };
    tun_owner_alias(a.prefix, "");
    a.prefix_len = strlen(a.prefix);
    a.found_as = calloc(n, sizeof *a.found_as);
    if (!a.found_as)
        return;
    if (pthread_create(&thread, NULL, adopt_main, &a)) {
        log_warn("internal ports: cannot look for their TAPs in other namespaces: no thread");
    } else {
        pthread_join(thread, NULL);
        if (a.give_up)
            log_debug("internal ports: no right to enter other network namespaces"
                      " (CAP_SYS_ADMIN); TAPs left there by an earlier run are not looked for");
    }
    free(a.found_as);
    free(a.done);
}
