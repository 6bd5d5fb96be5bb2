/* Unit tests for switchd/config_export.c's config_to_json(), and the round
 * trip it makes with the loader (config.h, "Normal form"): for a validated
 * configuration, export -> load -> export gives the same text and the
 * loaded config equals the original.  The property is checked over
 * hundreds of random configurations (config_gen.h) and over every file in
 * examples/.  Tests run from the repository root. */

#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "config_gen.h"

#define N_GENERATED 400

static struct switch_config *
load_ok(const char *json)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "config did not load: %s\n%s", err, json);
    return cfg;
}

/* Exports 'cfg', loads the text back, exports again: same text, equal
 * configs.  'what' names the case in messages. */
static void
assert_round_trip(const struct switch_config *cfg, const char *what)
{
    char err[CONFIG_ERR_MAX] = "";
    char *text = config_to_json(cfg), *again;
    struct switch_config *back;

    cr_assert_not_null(text, "%s: config_to_json failed: %s", what, strerror(errno));
    back = config_parse_string(text, "export", err, sizeof err);
    cr_assert_not_null(back, "%s: the export does not load: %s\n%s", what, err, text);
    again = config_to_json(back);
    cr_assert_not_null(again);
    cr_assert_str_eq(again, text, "%s: second export differs", what);
    cr_assert(config_equal(back, cfg), "%s: loaded export differs from the original:\n%s",
              what, text);
    free(again);
    free(text);
    config_free(back);
}

/* How many times 'needle' occurs in 'text'. */
static unsigned
count(const char *text, const char *needle)
{
    unsigned n = 0;

    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* The document. */

Test(config_export, small_config_gives_the_documented_text)
{
    struct switch_config *cfg = load_ok(
        "{\"hostname\": \"sw1\", \"cli\": {\"users\": [{\"name\": \"admin\", \"secret\": \"$6$s$uVcf.j3/2njwudIjnDEjM/a4KaoyH3dz.m1LasoJ0ArY4WVbsUPSCzu5cQNJ0IrRX8usJmgnUFAbp.Jp2mT5j.\"}]},\n"
        " \"bridges\": [{\"name\": \"br-int\", \"vlans\": [{\"id\": 100, \"name\": \"tenant-a\"}],\n"
        "   \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 100,\n"
        "               \"description\": \"say \\\"hi\\\" \\\\ caf\\u00e9 | x\"},\n"
        "             {\"name\": \"int-br-eth1\", \"type\": \"patch\", \"peer\": \"phy-br-eth1\",\n"
        "              \"ofport\": 6, \"native_vlan\": null, \"allowed_vlans\": \"1-3,10,20-30\"}],\n"
        "   \"static_macs\": [{\"mac\": \"5254.0000.0001\", \"vlan\": 100, \"port\": \"vm1\"}],\n"
        "   \"flows\": [\"priority=1 actions=NORMAL\"]},\n"
        "  {\"name\": \"br-eth1\", \"mac_aging_s\": 0, \"ports\": [\n"
        "    {\"name\": \"phy-br-eth1\", \"type\": \"patch\", \"peer\": \"int-br-eth1\", \"enabled\": false,\n"
        "     \"native_vlan\": 5, \"native_tagged\": true, \"allowed_vlans\": \"none\"}]}]}");
    static const char want[] =
        "{\n"
        "  \"bridges\": [\n"
        "    {\n"
        "      \"flows\": [\n"
        "        \"priority=1 actions=NORMAL\"\n"
        "      ],\n"
        "      \"mac_aging_s\": 300,\n"
        "      \"mac_table_size\": 8192,\n"
        "      \"name\": \"br-int\",\n"
        "      \"ports\": [\n"
        "        {\n"
        "          \"access_vlan\": 100,\n"
        "          \"allowed_vlans\": \"1-4094\",\n"
        "          \"description\": \"say \\\"hi\\\" \\\\ caf\xc3\xa9 | x\",\n"
        "          \"enabled\": true,\n"
        "          \"mode\": \"access\",\n"
        "          \"name\": \"vm1\",\n"
        "          \"native_tagged\": false,\n"
        "          \"native_vlan\": 1,\n"
        "          \"ofport\": 1,\n"
        "          \"type\": \"tap\"\n"
        "        },\n"
        "        {\n"
        "          \"access_vlan\": 1,\n"
        "          \"allowed_vlans\": \"1-3,10,20-30\",\n"
        "          \"description\": \"\",\n"
        "          \"enabled\": true,\n"
        "          \"mode\": \"trunk\",\n"
        "          \"name\": \"int-br-eth1\",\n"
        "          \"native_tagged\": false,\n"
        "          \"native_vlan\": null,\n"
        "          \"ofport\": 6,\n"
        "          \"peer\": \"phy-br-eth1\",\n"
        "          \"type\": \"patch\"\n"
        "        }\n"
        "      ],\n"
        "      \"static_macs\": [\n"
        "        {\n"
        "          \"mac\": \"52:54:00:00:00:01\",\n"
        "          \"port\": \"vm1\",\n"
        "          \"vlan\": 100\n"
        "        }\n"
        "      ],\n"
        "      \"vlans\": [\n"
        "        {\n"
        "          \"id\": 1,\n"
        "          \"name\": \"default\"\n"
        "        },\n"
        "        {\n"
        "          \"id\": 100,\n"
        "          \"name\": \"tenant-a\"\n"
        "        }\n"
        "      ]\n"
        "    },\n"
        "    {\n"
        "      \"flows\": [],\n"
        "      \"mac_aging_s\": 0,\n"
        "      \"mac_table_size\": 8192,\n"
        "      \"name\": \"br-eth1\",\n"
        "      \"ports\": [\n"
        "        {\n"
        "          \"access_vlan\": 1,\n"
        "          \"allowed_vlans\": \"none\",\n"
        "          \"description\": \"\",\n"
        "          \"enabled\": false,\n"
        "          \"mode\": \"trunk\",\n"
        "          \"name\": \"phy-br-eth1\",\n"
        "          \"native_tagged\": true,\n"
        "          \"native_vlan\": 5,\n"
        "          \"ofport\": 1,\n"
        "          \"peer\": \"int-br-eth1\",\n"
        "          \"type\": \"patch\"\n"
        "        }\n"
        "      ],\n"
        "      \"static_macs\": [],\n"
        "      \"vlans\": [\n"
        "        {\n"
        "          \"id\": 1,\n"
        "          \"name\": \"default\"\n"
        "        }\n"
        "      ]\n"
        "    }\n"
        "  ],\n"
        "  \"cli\": {\n"
        "    \"console\": {\n"
        "      \"idle_timeout_s\": 600\n"
        "    },\n"
        "    \"enable_secret\": \"\",\n"
        "    \"login\": {\n"
        "      \"attempts\": 5,\n"
        "      \"block_for_s\": 60,\n"
        "      \"within_s\": 60\n"
        "    },\n"
        "    \"telnet\": {\n"
        "      \"idle_timeout_s\": 600,\n"
        "      \"listen\": \"127.0.0.1:2323\",\n"
        "      \"login_timeout_s\": 30\n"
        "    },\n"
        "    \"users\": [\n"
        "      {\n"
        "        \"name\": \"admin\",\n"
        "        \"secret\": \"$6$s$uVcf.j3/2njwudIjnDEjM/a4KaoyH3dz.m1LasoJ0ArY4WVbsUPSCzu5cQNJ0IrRX8usJmgnUFAbp.Jp2mT5j.\"\n"
        "      }\n"
        "    ]\n"
        "  },\n"
        "  \"hostname\": \"sw1\",\n"
        "  \"lacp_system_priority\": 32768,\n"
        "  \"port_channel_load_balance\": \"src-mac\",\n"
        "  \"version\": 1,\n"
        "  \"vlan_dot1q_tag_native\": false\n"
        "}\n";
    char *text = config_to_json(cfg);

    cr_assert_not_null(text);
    cr_assert_str_eq(text, want);
    free(text);
    config_free(cfg);
}

Test(config_export, empty_config_writes_every_default)
{
    struct switch_config *cfg = load_ok("{}");
    char *text = config_to_json(cfg);

    cr_assert_str_eq(text,
        "{\n"
        "  \"bridges\": [],\n"
        "  \"cli\": {\n"
        "    \"console\": {\n"
        "      \"idle_timeout_s\": 600\n"
        "    },\n"
        "    \"enable_secret\": \"\",\n"
        "    \"login\": {\n"
        "      \"attempts\": 5,\n"
        "      \"block_for_s\": 60,\n"
        "      \"within_s\": 60\n"
        "    },\n"
        "    \"telnet\": {\n"
        "      \"idle_timeout_s\": 600,\n"
        "      \"listen\": \"127.0.0.1:2323\",\n"
        "      \"login_timeout_s\": 30\n"
        "    },\n"
        "    \"users\": []\n"
        "  },\n"
        "  \"hostname\": \"switch\",\n"
        "  \"lacp_system_priority\": 32768,\n"
        "  \"port_channel_load_balance\": \"src-mac\",\n"
        "  \"version\": 1,\n"
        "  \"vlan_dot1q_tag_native\": false\n"
        "}\n");
    free(text);
    config_free(cfg);
}

Test(config_export, new_cli_keys_and_global_native_tagging_round_trip)
{
    struct switch_config *cfg = load_ok(
        "{\"vlan_dot1q_tag_native\": true,"
        " \"cli\": {\"telnet\": {\"listen\": \"\", \"idle_timeout_s\": 0,"
        " \"login_timeout_s\": 300},"
        " \"login\": {\"block_for_s\": 0, \"attempts\": 65535, \"within_s\": 1}}}");
    char *text = config_to_json(cfg);

    cr_assert_not_null(strstr(text, "\"idle_timeout_s\": 0,\n      \"listen\": \"\",\n"
                                    "      \"login_timeout_s\": 300\n"), "%s", text);
    cr_assert_not_null(strstr(text, "\"login\": {\n      \"attempts\": 65535,\n"
                                    "      \"block_for_s\": 0,\n      \"within_s\": 1\n"),
                       "%s", text);
    cr_assert_not_null(strstr(text, "\"vlan_dot1q_tag_native\": true\n"), "%s", text);
    assert_round_trip(cfg, "no telnet server");
    free(text);
    config_free(cfg);
}

/* "bond" on members only, the bond settings on bond ports only (defaults
 * written too), the two globals always. */
Test(config_export, bonds_members_and_lacp_globals_are_written)
{
    struct switch_config *cfg = load_ok(
        "{\"lacp_system_priority\": 100, \"port_channel_load_balance\": \"src-dst-mac\","
        " \"bridges\": [{\"name\": \"br0\", \"ports\": ["
        "{\"name\": \"Po1\", \"type\": \"bond\", \"lacp\": \"passive\", \"lacp_rate\": \"fast\","
        " \"bond_mode\": \"active-backup\"},"
        "{\"name\": \"Po2\", \"type\": \"bond\"},"
        "{\"name\": \"veth1\", \"type\": \"system\", \"bond\": \"Po1\"},"
        "{\"name\": \"vm1\", \"type\": \"tap\"}]}]}");
    static const char *const want[] = {
        "          \"allowed_vlans\": \"1-4094\",\n"
        "          \"bond_mode\": \"active-backup\",\n"
        "          \"description\": \"\",\n"
        "          \"enabled\": true,\n"
        "          \"lacp\": \"passive\",\n"
        "          \"lacp_rate\": \"fast\",\n"
        "          \"mode\": \"trunk\",\n"
        "          \"name\": \"Po1\",\n",
        "          \"bond_mode\": \"balance-slb\",\n"
        "          \"description\": \"\",\n"
        "          \"enabled\": true,\n"
        "          \"lacp\": \"off\",\n"
        "          \"lacp_rate\": \"slow\",\n"
        "          \"mode\": \"trunk\",\n"
        "          \"name\": \"Po2\",\n",
        "          \"allowed_vlans\": \"1-4094\",\n"
        "          \"bond\": \"Po1\",\n"
        "          \"description\": \"\",\n"
        "          \"enabled\": true,\n"
        "          \"mode\": \"trunk\",\n"
        "          \"name\": \"veth1\",\n",
        "          \"allowed_vlans\": \"1-4094\",\n"
        "          \"description\": \"\",\n"
        "          \"enabled\": true,\n"
        "          \"mode\": \"trunk\",\n"
        "          \"name\": \"vm1\",\n",
        "  \"hostname\": \"switch\",\n"
        "  \"lacp_system_priority\": 100,\n"
        "  \"port_channel_load_balance\": \"src-dst-mac\",\n"
        "  \"version\": 1,\n",
    };
    char *text = config_to_json(cfg);

    cr_assert_not_null(text);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        cr_expect_not_null(strstr(text, want[i]), "missing:\n%s\nin:\n%s", want[i], text);
    /* The bond keys on Po1 and Po2 only, "bond" on veth1 only. */
    cr_expect_eq(count(text, "\"bond_mode\": "), 2, "%s", text);
    cr_expect_eq(count(text, "\"lacp\": "), 2, "%s", text);
    cr_expect_eq(count(text, "\"lacp_rate\": "), 2, "%s", text);
    cr_expect_eq(count(text, "\"bond\": "), 1, "%s", text);
    assert_round_trip(cfg, "bonds");
    free(text);
    config_free(cfg);
}

Test(config_export, text_that_is_not_utf8_is_refused_with_eilseq)
{
    struct switch_config *cfg = load_ok(
        "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}]}]}");

    strcpy(cfg->bridges[0].ports[0].description, "caf\xe9");   /* Latin-1, not UTF-8 */
    errno = 0;
    cr_assert_null(config_to_json(cfg));
    cr_assert_eq(errno, EILSEQ);
    config_free(cfg);
}

/* The round trip over generated configurations. */

Test(config_export, generated_configs_round_trip_exactly)
{
    for (uint64_t seed = 1; seed <= N_GENERATED; seed++) {
        struct switch_config *cfg = config_gen(seed);
        char err[CONFIG_ERR_MAX] = "", what[32];

        cr_assert_not_null(cfg);
        cr_assert(config_validate(cfg, err, sizeof err),
                  "seed %llu: generated config is invalid: %s", (unsigned long long) seed, err);
        snprintf(what, sizeof what, "seed %llu", (unsigned long long) seed);
        assert_round_trip(cfg, what);
        config_free(cfg);
    }
}

Test(config_export, validate_of_a_normal_config_changes_nothing)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        struct switch_config *cfg = config_gen(seed), *copy;
        char err[CONFIG_ERR_MAX] = "";

        cr_assert(config_validate(cfg, err, sizeof err), "seed %llu: %s", (unsigned long long) seed,
                  err);
        copy = config_clone(cfg);
        cr_assert(config_validate(copy, err, sizeof err), "seed %llu: %s",
                  (unsigned long long) seed, err);
        cr_assert(config_equal(copy, cfg), "seed %llu", (unsigned long long) seed);
        config_free(copy);
        config_free(cfg);
    }
}

Test(config_export, generator_is_deterministic)
{
    for (uint64_t seed = 1; seed <= 20; seed++) {
        struct switch_config *a = config_gen(seed), *b = config_gen(seed);

        cr_assert(config_equal(a, b), "seed %llu", (unsigned long long) seed);
        config_free(a);
        config_free(b);
    }
}

/* The round trip proves little if the generator never makes some shape:
 * check that the seeds used above reach every one config_gen.h promises. */
Test(config_export, generated_configs_cover_every_key_and_variant)
{
    enum {
        TAP, INTERNAL, SYSTEM, PATCH, BOND, ACCESS, TRUNK_NATIVE, TRUNK_NATIVE_TAGGED,
        TRUNK_NO_NATIVE, ALLOWED_ALL, ALLOWED_NONE, ALLOWED_LIST, DISABLED, OFPORT_0,
        DESC_QUOTE, DESC_BACKSLASH, DESC_UTF8, DESC_PIPE, DESC_240, VLAN_NAMED, VLAN_UNNAMED,
        NO_VLAN_1, STATIC_MAC, TABLE_FULL, FLOW, USER, ENABLE_SECRET, NO_ENABLE_SECRET,
        LISTEN_NONE, LISTEN_V4, LISTEN_V6, IDLE_0, IDLE_MAX, DOT1Q, MULTI_BRIDGE,
        TAP_MEMBER, SYSTEM_MEMBER, BOND_EMPTY, ACTIVE_BACKUP, BALANCE_SLB, LACP_OFF, LACP_ACTIVE,
        LACP_PASSIVE, LACP_FAST, LACP_PRIORITY_1, LACP_PRIORITY_DEFAULT, LACP_PRIORITY_MAX,
        SRC_DST_MAC, N_FEATURES
    };
    static const char *const names[N_FEATURES] = {
        "tap", "internal", "system", "patch", "bond", "access", "trunk native", "trunk native tagged",
        "trunk no native", "allowed all", "allowed none", "allowed list", "disabled",
        "ofport 0", "description quote", "description backslash", "description UTF-8",
        "description |", "description 240 bytes", "VLAN named", "VLAN unnamed", "no VLAN 1",
        "static MAC", "table full of static MACs", "flow", "user", "enable secret",
        "no enable secret", "listen \"\"", "listen IPv4", "listen IPv6", "idle 0",
        "idle max", "vlan_dot1q_tag_native", "several bridges", "tap bond member",
        "system bond member", "bond without members", "bond active-backup", "bond balance-slb",
        "lacp off", "lacp active", "lacp passive", "lacp_rate fast", "lacp_system_priority 1",
        "lacp_system_priority 32768", "lacp_system_priority 65535", "load balance src-dst-mac",
    };
    unsigned seen[N_FEATURES] = { 0 };

    for (uint64_t seed = 1; seed <= N_GENERATED; seed++) {
        struct switch_config *cfg = config_gen(seed);

        seen[USER] += cfg->n_users > 0;
        seen[ENABLE_SECRET] += cfg->enable_secret[0] != '\0';
        seen[NO_ENABLE_SECRET] += !cfg->enable_secret[0];
        seen[LISTEN_NONE] += !cfg->telnet_listen[0];
        seen[LISTEN_V4] += cfg->telnet_listen[0] && cfg->telnet_listen[0] != '[';
        seen[LISTEN_V6] += cfg->telnet_listen[0] == '[';
        seen[IDLE_0] += cfg->telnet_idle_timeout_s == 0;
        seen[IDLE_MAX] += cfg->telnet_idle_timeout_s == CONFIG_TELNET_IDLE_MAX_S;
        seen[DOT1Q] += cfg->vlan_dot1q_tag_native;
        seen[MULTI_BRIDGE] += cfg->n_bridges > 1;
        seen[LACP_PRIORITY_1] += cfg->lacp_system_priority == 1;
        seen[LACP_PRIORITY_DEFAULT] += cfg->lacp_system_priority == 32768;
        seen[LACP_PRIORITY_MAX] += cfg->lacp_system_priority == 65535;
        seen[SRC_DST_MAC] += cfg->port_channel_load_balance == BOND_HASH_SRC_DST_MAC;
        for (size_t b = 0; b < cfg->n_bridges; b++) {
            const struct config_bridge *br = &cfg->bridges[b];
            bool vlan_1 = false;

            for (size_t i = 0; i < br->n_vlans; i++) {
                vlan_1 |= br->vlans[i].id == 1;
                seen[VLAN_NAMED] += br->vlans[i].name[0] && br->vlans[i].id != 1;
                seen[VLAN_UNNAMED] += !br->vlans[i].name[0];
            }
            seen[NO_VLAN_1] += !vlan_1;
            seen[STATIC_MAC] += br->n_static_macs > 0;
            seen[TABLE_FULL] += br->n_static_macs && br->n_static_macs == br->mac_table_size;
            seen[FLOW] += br->n_flows > 0;
            for (size_t p = 0; p < br->n_ports; p++) {
                const struct config_port *port = &br->ports[p];
                const struct vlan_port *v = &port->vlan;
                const char *d = port->description;

                seen[TAP + port->type]++;
                seen[ACCESS] += v->mode == VLAN_MODE_ACCESS;
                if (v->mode == VLAN_MODE_TRUNK) {
                    seen[TRUNK_NATIVE] += v->native_vid && !v->native_tagged;
                    seen[TRUNK_NATIVE_TAGGED] += v->native_vid && v->native_tagged;
                    seen[TRUNK_NO_NATIVE] += !v->native_vid;
                    seen[ALLOWED_ALL] += vlan_set_is_full(&v->allowed);
                    seen[ALLOWED_NONE] += vlan_set_is_empty(&v->allowed);
                    seen[ALLOWED_LIST] += !vlan_set_is_full(&v->allowed)
                                          && !vlan_set_is_empty(&v->allowed);
                }
                seen[DISABLED] += !port->enabled;
                seen[OFPORT_0] += !port->ofport;
                seen[DESC_QUOTE] += strchr(d, '"') != NULL;
                seen[DESC_BACKSLASH] += strchr(d, '\\') != NULL;
                seen[DESC_UTF8] += strstr(d, "\xf0\x9f\x99\x82") != NULL;
                seen[DESC_PIPE] += strchr(d, '|') != NULL;
                seen[DESC_240] += strlen(d) == CONFIG_DESCRIPTION_MAX;
                seen[TAP_MEMBER] += port->bond[0] && port->type == PORT_TYPE_TAP;
                seen[SYSTEM_MEMBER] += port->bond[0] && port->type == PORT_TYPE_SYSTEM;
                if (port->type == PORT_TYPE_BOND) {
                    bool members = false;

                    for (size_t q = 0; q < br->n_ports; q++)
                        members |= !strcmp(br->ports[q].bond, port->name);
                    seen[BOND_EMPTY] += !members;
                    seen[ACTIVE_BACKUP] += port->bond_cfg.mode == BOND_ACTIVE_BACKUP;
                    seen[BALANCE_SLB] += port->bond_cfg.mode == BOND_BALANCE_SLB;
                    seen[LACP_OFF + port->bond_cfg.lacp]++;
                    seen[LACP_FAST] += port->bond_cfg.lacp_fast;
                }
            }
        }
        config_free(cfg);
    }
    for (int i = 0; i < N_FEATURES; i++)
        cr_expect_geq(seen[i], 3, "only %u generated configs have: %s", seen[i], names[i]);
}

/* Every example file, including those added later. */

static void
find_json_files(const char *dir, char ***paths, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
    while ((e = readdir(d))) {
        char *path;
        struct stat st;
        size_t len = strlen(e->d_name);

        if (e->d_name[0] == '.')
            continue;
        cr_assert_geq(asprintf(&path, "%s/%s", dir, e->d_name), 0);
        cr_assert_eq(stat(path, &st), 0, "%s: %s", path, strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            find_json_files(path, paths, n);
            free(path);
        } else if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
            *paths = realloc(*paths, (*n + 1) * sizeof **paths);
            cr_assert_not_null(*paths);
            (*paths)[(*n)++] = path;
        } else {
            free(path);
        }
    }
    closedir(d);
}

Test(config_export, every_example_file_loads_validates_and_round_trips)
{
    char **paths = NULL;
    size_t n = 0;

    find_json_files("examples", &paths, &n);
    cr_assert_geq(n, 2, "examples/default.json and examples/netns-hosts.json at least");
    for (size_t i = 0; i < n; i++) {
        char err[CONFIG_ERR_MAX] = "";
        struct switch_config *cfg = config_load_file(paths[i], err, sizeof err), *copy;

        cr_assert_not_null(cfg, "%s", err);
        copy = config_clone(cfg);
        cr_assert(config_validate(copy, err, sizeof err), "%s: %s", paths[i], err);
        cr_assert(config_equal(copy, cfg), "%s: a loaded file is already in normal form",
                  paths[i]);
        assert_round_trip(cfg, paths[i]);
        config_free(copy);
        config_free(cfg);
        free(paths[i]);
    }
    free(paths);
}
