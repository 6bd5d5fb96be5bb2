/* The round trip the running daemon makes (issue 7): `show running-config
 * json` / `copy running-config json FILE` write config_to_json(), `copy
 * json FILE running-config` and a restart load it back, and the operator
 * then reads `show running-config` (render_config()).  Over many generated
 * configurations (config_gen.h, seeds other than test_config_export.c's):
 * export -> parse -> export gives the same text, and the running-config
 * text rendered from the loaded copy is the one rendered from the
 * original.  A second pass goes through a file with config_save_file() and
 * config_load_file(), the way `write memory` and a restart do. */

#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_gen.h"
#include "render_config.h"

#define FIRST_SEED   10001
#define N_SEEDS      1000
#define N_FILE_SEEDS 100

/* render_config() of 'cfg' as a string (free it). */
static char *
rendered(const struct switch_config *cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    cr_assert_not_null(out);
    render_config(out, cfg);
    cr_assert_eq(fclose(out), 0);
    return text;
}

/* A valid generated configuration in normal form, as the daemon holds it. */
static struct switch_config *
generated(uint64_t seed)
{
    struct switch_config *cfg = config_gen(seed);
    char err[CONFIG_ERR_MAX] = "";

    cr_assert_not_null(cfg, "seed %llu: out of memory", (unsigned long long) seed);
    cr_assert(config_validate(cfg, err, sizeof err), "seed %llu: generated config is invalid: %s",
              (unsigned long long) seed, err);
    return cfg;
}

/* 'back' was loaded from 'json', the export of 'cfg': same export, same
 * running-config text, equal configs. */
static void
assert_same_switch(const struct switch_config *cfg, const struct switch_config *back,
                   const char *json, uint64_t seed)
{
    char *json_again = config_to_json(back);
    char *text = rendered(cfg), *text_again = rendered(back);

    cr_assert_not_null(json_again, "seed %llu: second export failed: %s",
                       (unsigned long long) seed, strerror(errno));
    cr_assert_str_eq(json_again, json, "seed %llu: the export of the loaded copy differs",
                     (unsigned long long) seed);
    cr_assert_str_eq(text_again, text, "seed %llu: running-config text differs after the"
                     " round trip", (unsigned long long) seed);
    cr_assert(config_equal(back, cfg), "seed %llu: loaded copy differs from the original",
              (unsigned long long) seed);
    free(json_again);
    free(text);
    free(text_again);
}

Test(config_round_trip, export_parse_export_and_running_config_text_are_identical)
{
    for (uint64_t seed = FIRST_SEED; seed < FIRST_SEED + N_SEEDS; seed++) {
        struct switch_config *cfg = generated(seed), *back;
        char err[CONFIG_ERR_MAX] = "";
        char *json = config_to_json(cfg);

        cr_assert_not_null(json, "seed %llu: export failed: %s", (unsigned long long) seed,
                           strerror(errno));
        back = config_parse_string(json, "export.json", err, sizeof err);
        cr_assert_not_null(back, "seed %llu: the export does not load: %s\n%s",
                           (unsigned long long) seed, err, json);
        assert_same_switch(cfg, back, json, seed);
        free(json);
        config_free(back);
        config_free(cfg);
    }
}

Test(config_round_trip, saved_file_loads_back_to_the_same_export_and_text)
{
    char dir[] = "/tmp/test_config_round_trip.XXXXXX", path[64];

    cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
    snprintf(path, sizeof path, "%s/startup.json", dir);
    for (uint64_t seed = FIRST_SEED; seed < FIRST_SEED + N_FILE_SEEDS; seed++) {
        struct switch_config *cfg = generated(seed), *back;
        char err[CONFIG_ERR_MAX] = "";
        char *json = config_to_json(cfg);

        cr_assert_not_null(json);
        cr_assert_eq(config_save_file(cfg, path, err, sizeof err), 0, "seed %llu: %s",
                     (unsigned long long) seed, err);
        back = config_load_file(path, err, sizeof err);
        cr_assert_not_null(back, "seed %llu: the saved file does not load: %s",
                           (unsigned long long) seed, err);
        assert_same_switch(cfg, back, json, seed);
        free(json);
        config_free(back);
        config_free(cfg);
    }
    unlink(path);
    cr_assert_eq(rmdir(dir), 0, "%s: %s (a temp file left behind?)", dir, strerror(errno));
}

/* The round trip proves little if it never meets what the renderer treats
 * specially: check that these seeds reach it. */
Test(config_round_trip, seeds_cover_what_the_renderer_treats_specially)
{
    unsigned several_bridges = 0, patch = 0, nested_vlan = 0, aging = 0, flows = 0,
             static_macs = 0, users = 0, dot1q = 0, no_native = 0;

    for (uint64_t seed = FIRST_SEED; seed < FIRST_SEED + N_SEEDS; seed++) {
        struct switch_config *cfg = generated(seed);
        char *text = rendered(cfg);

        several_bridges += cfg->n_bridges > 1;
        users += cfg->n_users > 0;
        dot1q += cfg->vlan_dot1q_tag_native;
        patch += strstr(text, " type patch peer ") != NULL;
        nested_vlan += strstr(text, "\n vlan ") != NULL;
        aging += strstr(text, "aging-time") != NULL;
        flows += strstr(text, " flow add ") != NULL;
        static_macs += strstr(text, "mac address-table static") != NULL;
        no_native += strstr(text, "native vlan none") != NULL;
        free(text);
        config_free(cfg);
    }
    cr_expect_geq(several_bridges, 10);
    cr_expect_geq(patch, 10);
    cr_expect_geq(nested_vlan, 10, "bridge-only VLANs (nested under `bridge`): %u",
                  nested_vlan);
    cr_expect_geq(aging, 10);
    cr_expect_geq(flows, 10);
    cr_expect_geq(static_macs, 10);
    cr_expect_geq(users, 10);
    cr_expect_geq(dot1q, 10);
    cr_expect_geq(no_native, 10);
}
