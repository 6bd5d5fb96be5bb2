#ifndef SHELL_SHELL_PRIVATE_H
#define SHELL_SHELL_PRIVATE_H 1

/* What shell.h declares opaque: the shell's own fields, for shell/ only
 * (tests/check-layers.sh rejects an include from another directory), so the
 * front ends cannot take its lock or read its copies around the functions
 * of shell.h (docs/design.md section 7.4). */

#include <pthread.h>
#include <stdint.h>

#include "shell.h"

struct shell {
    struct cmdline_commands *cmds;
    struct cmdq *cmdq;
    struct switch_state *sw;        /* loop thread only */
    char startup_path[256];         /* the startup JSON (`write memory`) */

    int64_t started_ms;             /* for `show version` uptime */

    pthread_mutex_t crypt_lock;     /* one password hash at a time (shell.c) */

    pthread_mutex_t lock;           /* guards what follows */
    char hostname[64];
    struct config_user *users;
    size_t n_users;
    char enable_secret[128];
    uint32_t idle_timeout_s;
    uint32_t console_idle_timeout_s;
};

#endif /* shell/shell_private.h */
