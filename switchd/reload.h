#ifndef SWITCHD_RELOAD_H
#define SWITCHD_RELOAD_H 1

/* Reloading configuration files
 * =============================
 * What SIGHUP (main.c), the shell's `reload` and `copy json FILE
 * running-config` (shell/cmd_config.c) share, so the three cannot drift
 * apart: reading the startup file again, and applying a loaded
 * configuration to the running switch with a one-line account of what
 * changed.
 *
 * Applying is state_apply() with flags 0 (flows too): a diff-apply that
 * touches only what differs, all or nothing.  The account compares the
 * new configuration with state_config_snapshot(), the same document
 * `show running-config json` prints (config_diff()).
 *
 * Threads: reload_read_startup() only reads a file and may run anywhere
 * (the shell calls it on the session thread, so a slow disk never holds
 * forwarding; SIGHUP on the loop thread, where it arrives); reload_apply()
 * belongs to the loop thread like every state_*() call. */

#include <stddef.h>

#include "config.h"

struct switch_state;

/* Where the startup configuration lives when switchd runs without -c. */
#define RELOAD_DEFAULT_STARTUP "/etc/tapswitch/startup.json"

/* The startup configuration at 'path', loaded and validated; when 'path'
 * is RELOAD_DEFAULT_STARTUP and there is no file there, the embedded
 * default, as switchd starts without -c.  ('-c' naming that same path
 * explicitly therefore also falls back once the file is gone; any other
 * missing file is an error.)  '*source' is set to 'path' or "<default>",
 * the name to report.  Returns NULL with the loader's message
 * ("FILE:LINE:COLUMN: JSON.PATH: message") in 'err', a buffer of
 * 'err_size' bytes (CONFIG_ERR_MAX, as for config_load_file()). */
struct switch_config *reload_read_startup(const char *path, char *err, size_t err_size,
                                          const char **source);

/* Makes 'cfg' (as the loader returns it: validated, in normal form) the
 * running configuration with state_apply(sw, cfg, 0, ...), and takes it in
 * every case.  Returns 0 with what changed in 'msg' (config_diff_format():
 * "1 port added, 2 ports changed", "no changes"), or an errno with
 * state_apply()'s reason in 'msg' -- then nothing changed. */
int reload_apply(struct switch_state *, struct switch_config *cfg, char *msg, size_t msg_size);

#endif /* switchd/reload.h */
