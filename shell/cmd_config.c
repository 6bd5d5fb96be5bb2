/* Configuration as a whole: `show running-config`, `show startup-config`,
 * `write [memory]`, `copy running-config startup-config`.
 *
 * Saving renders the JSON of a snapshot taken on the loop thread, then
 * writes it on the session thread (temp file, fsync, rename, fsync of the
 * directory: config_save_file()), so a slow disk never holds forwarding
 * and a crash never leaves a truncated startup file. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render_config.h"
#include "shell.h"
#include "state.h"

static enum cmd_status
show_running(struct cmd_ctx *ctx)
{
    render_running_config(ctx->out, state_config(ctx->sw));
    return CMD_OK;
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
    if (!(cfg = config_load_file(path, err)))
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
static enum cmd_status
write_memory(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = state_config_snapshot(ctx->sw);
    char err[CONFIG_ERR_MAX];

    if (!cfg)
        return cmd_error(ctx, "Out of memory");
    if (!config_validate(cfg, err)) {
        config_free(cfg);
        return cmd_error(ctx, "The configuration cannot be saved as it is: %s", err);
    }
    if (strstr(ctx->match->cmd->syntax, "copy"))
        cmd_out(ctx, "Destination filename [startup-config]? ");
    cmd_out(ctx, "Building configuration...");
    ctx->after = save_snapshot;
    ctx->after_arg = cfg;
    return CMD_OK;
}

#define X   SHELL_M(SHELL_MODE_EXEC)
#define EN  SHELL_PRIV_ENABLE
#define F   CMDLINE_FILTERABLE

static const struct cmdline_cmd cmds[] = {
    { "show running-config", X, EN, "Current operating configuration", NULL, show_running, F },
    { "show startup-config", X, EN, "Contents of startup configuration", NULL, show_startup,
      F | CMDLINE_LOCAL },
    { "write", X, EN, "Write running configuration to memory", NULL, write_memory, 0 },
    { "write memory", X, EN, "Write to NV memory", NULL, write_memory, 0 },
    { "copy", X, EN, "Copy from one file to another", NULL, NULL, 0 },
    { "copy running-config", X, EN, "Copy from current system configuration", NULL, NULL, 0 },
    { "copy running-config startup-config", X, EN, "Copy to startup configuration", NULL,
      write_memory, 0 },
};

const struct cmdline_table cmd_config_table = { cmds, sizeof cmds / sizeof cmds[0] };
