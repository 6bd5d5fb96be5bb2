/* TEMPORARY: config_clone until the config branch lands (then deleted). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

static void *
dup_array(const void *src, size_t n, size_t size)
{
    void *p = malloc(n ? n * size : 1);
    if (p && n)
        memcpy(p, src, n * size);
    return p;
}

struct switch_config *
config_clone(const struct switch_config *src)
{
    struct switch_config *c = malloc(sizeof *c);

    if (!c)
        return NULL;
    *c = *src;
    c->users = dup_array(src->users, src->n_users, sizeof *src->users);
    c->bridges = calloc(src->n_bridges ? src->n_bridges : 1, sizeof *c->bridges);
    for (size_t b = 0; b < src->n_bridges; b++) {
        const struct config_bridge *sb = &src->bridges[b];
        struct config_bridge *cb = &c->bridges[b];
        *cb = *sb;
        cb->vlans = dup_array(sb->vlans, sb->n_vlans, sizeof *sb->vlans);
        cb->ports = dup_array(sb->ports, sb->n_ports, sizeof *sb->ports);
        cb->static_macs = dup_array(sb->static_macs, sb->n_static_macs, sizeof *sb->static_macs);
        cb->flows = calloc(sb->n_flows ? sb->n_flows : 1, sizeof *cb->flows);
        for (size_t i = 0; i < sb->n_flows; i++)
            cb->flows[i] = strdup(sb->flows[i]);
    }
    return c;
}

/* TEMPORARY: the config branch brings the real check. */
bool
config_validate(struct switch_config *cfg, char err[CONFIG_ERR_MAX])
{
    (void) cfg; (void) err;
    return true;
}

/* TEMPORARY: the config branch brings the atomic save. */
#include <stdio.h>
int
config_save_file(const struct switch_config *cfg, const char *path, char *err, size_t err_size)
{
    (void) cfg;
    snprintf(err, err_size, "%s: saving is not available in this build yet", path);
    return 38;
}
