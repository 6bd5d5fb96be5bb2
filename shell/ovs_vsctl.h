#ifndef SHELL_OVS_VSCTL_H
#define SHELL_OVS_VSCTL_H 1

/* ovs-vsctl's command language on a switch configuration
 * ======================================================
 * What `ovs-vsctl ARGS` typed in the shell does (docs/cli.md, "Open
 * vSwitch: ovs-vsctl"): ovs_vsctl_parse() splits the text after
 * `ovs-vsctl` as a Unix shell would (white space, '...' and "..." quotes,
 * backslash escapes) and reads OVS's grammar from it:
 *
 *     [GLOBAL-OPTIONS] [--] [CMD-OPTIONS] COMMAND ARGS [-- [CMD-OPTIONS] COMMAND ARGS]...
 *
 * global options `--timeout=N` (`-t N`, `--timeout N`) and `--no-wait`,
 * accepted and without effect (a change here is applied before the
 * command returns); per-command options `--may-exist`, `--if-exists`
 * where OVS takes them.  ovs_vsctl_execute() then runs every command of the
 * line on one configuration, in order, as OVS runs them in one database
 * transaction: the caller applies the result once, so the line changes the
 * switch completely or not at all (docs/design.md section 8.3).
 *
 * Both are pure (no switch state, no I/O but the 'out' stream), so they are
 * unit-tested on configurations in memory (tests/unit/test_ovs_vsctl.c).
 * Errors use OVS's wording where OVS has one, without the "ovs-vsctl: "
 * prefix the shell prints. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config.h"

#define OVS_VSCTL_MAX_CMDS 32       /* commands in one line */
#define OVS_VSCTL_MAX_ARGS 32       /* arguments of one command */

enum ovs_vsctl_verb {
    OVS_VSCTL_ADD_BR, OVS_VSCTL_DEL_BR, OVS_VSCTL_LIST_BR, OVS_VSCTL_BR_EXISTS,
    OVS_VSCTL_ADD_PORT, OVS_VSCTL_DEL_PORT, OVS_VSCTL_LIST_PORTS, OVS_VSCTL_PORT_TO_BR,
    OVS_VSCTL_SET, OVS_VSCTL_CLEAR, OVS_VSCTL_ADD, OVS_VSCTL_REMOVE, OVS_VSCTL_GET,
    OVS_VSCTL_SHOW, OVS_VSCTL_LIST_IFACES, OVS_VSCTL_IFACE_TO_BR,
    OVS_VSCTL_LIST,                 /* list port|interface [NAME...]: checked
                                       here, printed by the caller as show is */
    OVS_VSCTL_FAIL_MODE,            /* set-, del-, get-fail-mode BR: the bridge must
                                       exist; nothing else to do here */
    OVS_VSCTL_NOTHING,              /* init, comment */
};

struct ovs_vsctl_cmd {
    enum ovs_vsctl_verb verb;
    bool may_exist, if_exists;
    unsigned n_args;
    const char *args[OVS_VSCTL_MAX_ARGS];   /* into the line's 'buf' */
};

struct ovs_vsctl_line {
    unsigned timeout_s;             /* --timeout, 0 = none (no effect here) */
    unsigned n_cmds;
    struct ovs_vsctl_cmd cmds[OVS_VSCTL_MAX_CMDS];
    char *buf;                      /* the words, NUL-separated (owned) */
};

/* Parses 'text' (what follows `ovs-vsctl`).  Returns 0, or EINVAL with
 * OVS's message in 'err' ("'add-br' command requires at least 1
 * arguments", "unknown command 'foo'; use --help for help", ...) and
 * nothing to free; ENOMEM when memory is short.  On success the caller
 * frees 'line' with ovs_vsctl_line_free(). */
int ovs_vsctl_parse(const char *text, struct ovs_vsctl_line *line, char *err, size_t err_size);
void ovs_vsctl_line_free(struct ovs_vsctl_line *);

/* Whether any command of 'line' may change the configuration. */
bool ovs_vsctl_changes(const struct ovs_vsctl_line *);

/* Whether netdev 'name' exists (the caller's check, so that this stays
 * pure): a new `system` port needs its NIC or veth, as in OVS. */
typedef bool ovs_vsctl_netdev_fn(const char *name, void *arg);

/* Runs the commands of 'line' in order on 'cfg' (a copy of 'running', the
 * configuration in force), writing what they print (list-br, list-ports,
 * port-to-br, get) to 'out'.  Returns 0; ENOENT with an empty 'err' for a
 * `br-exists` that found no bridge (OVS exits with status 2, printing
 * nothing); or another errno with the message in 'err', and then 'cfg' is
 * half-edited and must be thrown away.  `show` commands do nothing here:
 * the caller prints the switch after applying. */
int ovs_vsctl_execute(const struct ovs_vsctl_line *line, const struct switch_config *running,
                      struct switch_config *cfg, ovs_vsctl_netdev_fn *netdev_exists,
                      void *arg, FILE *out, char *err, size_t err_size);

/* The options column of interface 'p' as OVS prints it ("{key=\"10100\",
 * remote_ip=\"10.0.0.2\"}", "{peer=patch-tun}", "{}") into 'buf'; returns
 * how many options it has. */
size_t ovs_vsctl_format_options(const struct config_port *p, char *buf, size_t size);

/* What `get port P tag|trunks|vlan_mode` prints, with its newline; false
 * for another column. */
bool ovs_vsctl_print_port_vlan(FILE *out, const struct switch_config *cfg,
                               const struct config_port *p, const char *col);
/* The other_config map of bridge 'b' ('p' NULL) or port 'p', with its
 * newline. */
void ovs_vsctl_print_other_config(FILE *out, const struct config_bridge *b,
                                  const struct config_port *p);

#endif /* shell/ovs_vsctl.h */
