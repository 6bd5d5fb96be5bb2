/* Configuration as a whole: `show running-config [json]`, `show
 * startup-config`, `write [memory]`, `copy running-config startup-config`,
 * `copy running-config json FILE`, `copy json FILE running-config`,
 * `reload`.
 *
 * The loop thread only takes snapshots and applies configurations; the
 * slow parts run on the session thread: rendering and writing JSON (temp
 * file, fsync, rename, fsync of the directory: config_save_file(), so a
 * crash never leaves a truncated file) and reading and validating a file
 * to import.  Importing is a diff-apply (reload.h): only what the file
 * changes is touched, and a file that does not load changes nothing.
 *
 * FILE names: an absolute path as given; a relative one lives in the
 * directory of the startup file, as IOS keeps its files in flash: (the
 * daemon's working directory means nothing to an operator on telnet, and
 * is "/" once switchd has daemonized). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd_table.h"
#include "reload.h"
#include "render_config.h"
#include "shell_private.h"
#include "state.h"

static enum cmd_status
show_running(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = state_config_snapshot(ctx->sw);    /* flows too */

    if (!cfg)
        return cmd_error(ctx, "Out of memory");
    render_running_config(ctx->out, cfg);
    config_free(cfg);
    return CMD_OK;
}

/* Session thread, after the snapshot: the JSON text. */
static enum cmd_status
show_running_json_text(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = ctx->after_arg;
    char *text = config_to_json(cfg);
    int error = errno;

    config_free(cfg);
    ctx->after_arg = NULL;
    if (!text)
        return cmd_error(ctx, "Cannot export the configuration: %s", strerror(error));
    fputs(text, ctx->out);
    free(text);
    return CMD_OK;
}

/* Loop thread: the snapshot (flows included) that the export and the
 * files share. */
static enum cmd_status
show_running_json(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = state_config_snapshot(ctx->sw);

    if (!cfg)
        return cmd_error(ctx, "Out of memory");
    ctx->after = show_running_json_text;
    ctx->after_arg = cfg;
    return CMD_OK;
}

/* The path a FILE value names (see the top of the file).  Returns false
 * (with the error printed) when it does not fit. */
static bool
file_path(struct cmd_ctx *ctx, char path[PATH_MAX])
{
    const char *file = cmd_value(ctx, "file");
    char dir[sizeof ctx->shell->startup_path];
    int len;

    if (file[0] == '/') {
        len = snprintf(path, PATH_MAX, "%s", file);
    } else {
        const char *d;

        snprintf(dir, sizeof dir, "%s", ctx->shell->startup_path);
        d = dirname(dir);
        len = snprintf(path, PATH_MAX, "%s%s%s", d, strcmp(d, "/") ? "/" : "", file);
    }
    if (len >= PATH_MAX) {
        cmd_error(ctx, "File name too long");
        return false;
    }
    return true;
}

/* Session thread: reads and shows the startup file. */
static enum cmd_status
show_startup(struct cmd_ctx *ctx)
{
    const char *path = ctx->shell->startup_path;
    char err[CONFIG_ERR_MAX], *text = NULL;
    size_t len = 0;
    struct switch_config *cfg;
    struct stat st;
    FILE *body;

    if (stat(path, &st) < 0) {
        if (errno == ENOENT)
            return cmd_error(ctx, "startup-config is not present (%s)", path);
        return cmd_error(ctx, "%s: %s", path, strerror(errno));
    }
    if (!(cfg = config_load_file(path, err, sizeof err)))
        return cmd_error(ctx, "%s", err);
    body = open_memstream(&text, &len);
    if (!body) {
        config_free(cfg);
        return cmd_error(ctx, "Out of memory");
    }
    render_config(body, cfg);
    fclose(body);
    cmd_out(ctx, "Using %lld out of %d bytes", (long long) st.st_size, 16 * 1024 * 1024);
    fwrite(text, 1, len, ctx->out);
    free(text);
    config_free(cfg);
    return CMD_OK;
}

/* Session thread, after the snapshot: the file I/O. */
static enum cmd_status
save_snapshot(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = ctx->after_arg;
    const char *path = ctx->shell->startup_path;
    char err[CONFIG_ERR_MAX], dir[sizeof ctx->shell->startup_path];
    int error;

    snprintf(dir, sizeof dir, "%s", path);
    mkdir(dirname(dir), 0750);          /* /etc/tapswitch on a fresh host */
    error = config_save_file(cfg, path, err, sizeof err);
    config_free(cfg);
    ctx->after_arg = NULL;
    if (error)
        return cmd_error(ctx, "Cannot save the configuration: %s", err);
    cmd_out(ctx, "[OK]");
    return CMD_OK;
}

/* Loop thread: the snapshot (flows included) and a check that it can be
 * loaded again -- a patch port whose peer is missing would not be. */
static struct switch_config *
savable_snapshot(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = state_config_snapshot(ctx->sw);
    char err[CONFIG_ERR_MAX];

    if (!cfg) {
        cmd_error(ctx, "Out of memory");
        return NULL;
    }
    if (!config_validate(cfg, err, sizeof err)) {
        config_free(cfg);
        cmd_error(ctx, "The configuration cannot be saved as it is: %s", err);
        return NULL;
    }
    return cfg;
}

/* The variants of write_memory(): `copy running-config startup-config`
 * asks for the destination as IOS does, `write [memory]` does not. */
enum { WRITE_AS_WRITE, WRITE_AS_COPY };

static enum cmd_status
write_memory(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = savable_snapshot(ctx);

    if (!cfg)
        return CMD_FAILED;
    if (ctx->match->cmd->variant == WRITE_AS_COPY)
        cmd_out(ctx, "Destination filename [startup-config]? ");
    cmd_out(ctx, "Building configuration...");
    ctx->after = save_snapshot;
    ctx->after_arg = cfg;
    return CMD_OK;
}

/* Session thread: `copy running-config json FILE` writes the snapshot. */
static enum cmd_status
save_snapshot_to_file(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = ctx->after_arg;
    char path[PATH_MAX], err[CONFIG_ERR_MAX];
    struct stat st;
    int error;

    ctx->after_arg = NULL;
    if (!file_path(ctx, path)) {
        config_free(cfg);
        return CMD_FAILED;
    }
    error = config_save_file(cfg, path, err, sizeof err);
    config_free(cfg);
    if (error)
        return cmd_error(ctx, "Cannot save the configuration: %s", err);
    if (stat(path, &st) == 0)
        cmd_out(ctx, "%lld bytes copied to %s", (long long) st.st_size, path);
    else
        cmd_out(ctx, "[OK]");
    return CMD_OK;
}

static enum cmd_status
copy_running_to_json(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = savable_snapshot(ctx);

    if (!cfg)
        return CMD_FAILED;
    cmd_out(ctx, "Destination filename [%s]? ", cmd_value(ctx, "file"));
    ctx->after = save_snapshot_to_file;
    ctx->after_arg = cfg;
    return CMD_OK;
}

/* Importing: the file is read and validated here on the session thread,
 * then applied on the loop. */

struct import {
    struct switch_config *cfg;      /* NULL once reload_apply() took it */
    const char *what;               /* the file, as reported */
    const char *verb;               /* "Applied", "Reloaded" */
};

static enum cmd_status
import_on_loop(struct cmd_ctx *ctx, void *arg)
{
    struct import *im = arg;
    char msg[CONFIG_ERR_MAX];
    struct switch_config *cfg = im->cfg;

    im->cfg = NULL;
    if (reload_apply(ctx->sw, cfg, msg, sizeof msg))
        return cmd_error(ctx, "%s: %s (nothing changed)", im->what, msg);
    cmd_info(ctx, "%s %s: %s", im->verb, im->what, msg);
    return CMD_OK;
}

static enum cmd_status
import_apply(struct cmd_ctx *ctx, struct import *im)
{
    enum cmd_status status = cmd_on_loop(ctx, import_on_loop, im);

    config_free(im->cfg);           /* the loop never ran (shutting down) */
    return status;
}

static enum cmd_status
copy_json_to_running(struct cmd_ctx *ctx)
{
    char path[PATH_MAX], err[CONFIG_ERR_MAX];
    struct import im = { .what = path, .verb = "Applied" };
    enum cmd_status status;

    if (!file_path(ctx, path))
        return CMD_FAILED;
    if (!(im.cfg = config_load_file(path, err, sizeof err)))
        return cmd_error(ctx, "%s", err);
    /* IOS logs a copy into running-config as "Configured from FILE by ...". */
    if ((status = import_apply(ctx, &im)) == CMD_OK)
        shell_session_log_config(ctx->sess, path);
    return status;
}

/* `reload`: IOS reboots, which for a switch means: the running
 * configuration becomes the startup one.  switchd gets there without a
 * restart: it re-reads the startup file and diff-applies it, exactly as
 * SIGHUP does (the same reload.h functions), so ports the file does not
 * change keep forwarding, their MAC entries and their counters.  A real
 * restart belongs to the service manager; what the operator means by
 * `reload` (throw away unsaved changes, run what is saved) is kept.  There
 * is no "[confirm]": nothing here goes down unless the file says so. */
static enum cmd_status
reload_startup(struct cmd_ctx *ctx)
{
    char err[CONFIG_ERR_MAX];
    const char *source;
    struct import im = { .verb = "Reloaded startup-config" };

    if (!(im.cfg = reload_read_startup(ctx->shell->startup_path, err, sizeof err, &source)))
        return cmd_error(ctx, "%s", err);
    im.what = source;
    return import_apply(ctx, &im);
}

#define FILE_HELP "File name (relative: in the startup file's directory)"

static const struct cmdline_cmd cmds[] = {
    { .syntax = "show running-config", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Current operating configuration", .exec = show_running,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show running-config json", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "The whole configuration as JSON (the file format)", .exec = show_running_json,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show startup-config", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Contents of startup configuration", .exec = show_startup,
      .flags = CMDLINE_FILTERABLE | CMDLINE_LOCAL },
    { .syntax = "write", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Write running configuration to memory", .exec = write_memory },
    { .syntax = "write memory", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Write to NV memory", .exec = write_memory },
    { .syntax = "copy", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Copy from one file to another" },
    { .syntax = "copy running-config", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Copy from current system configuration" },
    { .syntax = "copy running-config startup-config", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Copy to startup configuration", .exec = write_memory, .variant = WRITE_AS_COPY },
    { .syntax = "copy running-config json WORD:file", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Copy to a JSON file", .arg_help = FILE_HELP, .exec = copy_running_to_json },
    { .syntax = "copy json", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Copy from a JSON configuration file" },
    { .syntax = "copy json WORD:file running-config", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Apply to the running configuration (only what differs changes)",
      .arg_help = FILE_HELP, .exec = copy_json_to_running, .flags = CMDLINE_LOCAL },
    { .syntax = "reload", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Apply the startup configuration again (no restart)", .exec = reload_startup,
      .flags = CMDLINE_LOCAL },
};

const struct cmdline_table cmd_config_table = CMD_TABLE(cmds);
