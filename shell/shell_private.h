#ifndef SHELL_SHELL_PRIVATE_H
#define SHELL_SHELL_PRIVATE_H 1

/* What shell.h declares opaque: the fields of the shell and of its
 * sessions, for shell/ only (tests/check-layers.sh rejects an include from
 * another directory), so the front ends cannot take the shell's lock, read
 * its copies or change a session around the functions of shell.h
 * (docs/design.md sections 2.2 and 7.4). */

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

struct shell_session {
    struct shell *shell;
    enum cmdline_mode mode;
    unsigned privilege;             /* SHELL_PRIV_USER or SHELL_PRIV_ENABLE */
    bool console;                   /* swsh: root-local, no enable password */

    /* What a configuration submode edits. */
    char ports[SHELL_MAX_SELECT][CONFIG_NAME_MAX + 1];  /* config-if(-range) */
    unsigned n_ports;
    char bridge[CONFIG_NAME_MAX + 1];                   /* config-bridge */
    uint16_t vlans[64];                                 /* config-vlan */
    unsigned n_vlans;
    char vlan_bridge[CONFIG_NAME_MAX + 1];              /* "": every bridge */
    /* A patch port typed before its peer exists (config-bridge): it is
     * created with the peer's own `port ... type patch` line, since a
     * patch port alone would not be a valid configuration. */
    struct {
        char name[CONFIG_NAME_MAX + 1];         /* "": none */
        char bridge[CONFIG_NAME_MAX + 1];
        char peer[CONFIG_NAME_MAX + 1];
        uint16_t ofport;                        /* 0: assigned */
    } pending_patch;

    unsigned terminal_width;
    unsigned prompt_offset;         /* columns before the typed line (carets) */

    shell_emit_fn *emit;
    void *emit_arg;
    /* Telnet sessions ask for the enable password this way. */
    shell_request_enable_fn *request_enable;
};

/* `ovs-vsctl show` (shell/cmd_flow.c), also run by a chain's `show`
 * (shell/cmd_ovs.c). */
enum cmd_status cmd_ovs_vsctl_show(struct cmd_ctx *);

#endif /* shell/shell_private.h */
