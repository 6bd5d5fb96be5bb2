/* Reloading configuration files (reload.h). */
#include "reload.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "state.h"

struct switch_config *
reload_read_startup(const char *path, char *err, size_t err_size, const char **source)
{
    if (strcmp(path, RELOAD_DEFAULT_STARTUP) || access(path, F_OK) == 0 || errno != ENOENT) {
        *source = path;
        return config_load_file(path, err, err_size);
    }
    *source = "<default>";
    return config_parse_string(config_default_json, "<default>", err, err_size);
}

int
reload_apply(struct switch_state *sw, struct switch_config *cfg, char *msg, size_t msg_size)
{
    struct switch_config *before = state_config_snapshot(sw), *after;
    struct config_diff diff;
    int error;

    /* 'cfg' is gone after this, whatever the outcome. */
    error = state_apply(sw, cfg, 0, msg, msg_size);
    if (error) {
        config_free(before);
        return error;
    }
    /* The account compares the switch before and after, both as snapshots:
     * a file may spell a flow differently or leave out the default flow
     * and still change nothing. */
    after = state_config_snapshot(sw);
    if (before && after) {
        config_diff(before, after, &diff);
        config_diff_format(&diff, msg, msg_size);
    } else {
        snprintf(msg, msg_size, "applied");     /* out of memory for the account only */
    }
    config_free(before);
    config_free(after);
    return 0;
}
