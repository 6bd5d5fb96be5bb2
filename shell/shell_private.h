#ifndef SHELL_SHELL_PRIVATE_H
#define SHELL_SHELL_PRIVATE_H 1

/* What shell.h declares opaque: the fields of the shell and of its
 * sessions, for shell/ only (tests/check-layers.sh rejects an include from
 * another directory), so the front ends cannot take the shell's lock, read
 * its copies or change a session around the functions of shell.h
 * (docs/design.md sections 2.2 and 7.4). */

#include <pthread.h>
#include <stdint.h>

#include "session_info.h"
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
    char banner_motd[CONFIG_BANNER_MAX + 1];
    struct shell_session *sessions; /* the registry: every live session */
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
    struct vlan_set vlans;                              /* config-vlan: any list */
    unsigned n_vlans;                                   /* ... of this many */
    char vlan_bridge[CONFIG_NAME_MAX + 1];              /* "": every bridge */
    bool line_console;                                  /* config-line: con 0, else vty */
    uint32_t nve_vni;                                   /* config-if-nve-vni: the VNI */
    /* A `banner motd` of several lines being typed: every line goes to
     * shell_banner_line() until the delimiter. */
    struct {
        bool open;
        char delim[3];                                  /* one character, or "^C" */
        size_t len;
        char text[CONFIG_BANNER_MAX + 1];
    } banner;
    /* A patch port typed before its peer exists (config-bridge): it is
     * created with the peer's own `port ... type patch` line, since a
     * patch port alone would not be a valid configuration. */
    struct {
        char name[CONFIG_NAME_MAX + 1];         /* "": none */
        char bridge[CONFIG_NAME_MAX + 1];
        char peer[CONFIG_NAME_MAX + 1];
        uint16_t ofport;                        /* 0: assigned */
        char after[CONFIG_NAME_MAX + 1];        /* its place: the port before it, "": first */
    } pending_patch;

    /* `ip ssh pubkey-chain` / `username NAME` / `key-string` (shell/cmd_ssh.c):
     * the user whose keys are edited, and the key data typed so far. */
    struct {
        char user[33];
        size_t len;
        char data[CONFIG_SSH_KEY_MAX + 1];
        bool too_long;
    } pubkey;

    bool monitor;                   /* terminal monitor (shell/cmd_logging.c) */
    uint64_t monitor_seq;           /* the last log line it was shown */

    unsigned terminal_width;
    unsigned prompt_offset;         /* columns before the typed line (carets) */

    shell_emit_fn *emit;
    void *emit_arg;
    /* Telnet sessions ask for the enable password this way. */
    shell_request_enable_fn *request_enable;

    /* The registry (`show users`), under shell->lock: other sessions read
     * it.  'line' is fixed for the session's life. */
    struct shell_session *reg_prev, *reg_next;
    struct session_line line;
    char user[40];                  /* "": nobody logged in (yet) */
    char source[64];                /* the client's address; "": local */
    int64_t active_ms;              /* last line, '?' or TAB (loop_now_ms()) */

    /* The session's own thread only. */
    struct session_history history;
};

/* The next line of an open `banner motd` (shell/cmd_line.c): its text, or
 * its end, which sets the banner. */
enum shell_status shell_banner_line(struct shell_session *, const char *line);
/* The next line typed in conf-ssh-pubkey-data mode (shell/cmd_ssh.c): key
 * data, or `exit`, which adds the key. */
enum shell_status shell_pubkey_data_line(struct shell_session *, const char *line);
/* Logs %SYS-5-CONFIG_I for a change of the configuration by 's' from
 * 'from' ("console": typed lines; a file name: an import). */
void shell_session_log_config(struct shell_session *s, const char *from);
/* `ovs-vsctl show` (shell/cmd_flow.c), also run by a chain's `show`
 * (shell/cmd_ovs.c). */
enum cmd_status cmd_ovs_vsctl_show(struct cmd_ctx *);
/* `ovs-vsctl list port|interface [NAME...]` of a chain, printed after it
 * was applied (shell/cmd_ovs_list.c). */
struct ovs_vsctl_cmd;
enum cmd_status cmd_ovs_vsctl_list(struct cmd_ctx *, const struct ovs_vsctl_cmd *);

#endif /* shell/shell_private.h */
