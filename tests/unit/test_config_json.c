/* Unit tests for switchd/config_json.c: the JSON startup configuration
 * (docs/design.md sections 3 and 9).  The contract is switchd/config.h.
 *
 * Bad inputs are checked against the exact message, "t.json:LINE:COLUMN:
 * PATH: text", in tables like OVS's ovs-ofctl.at: a changed message or a
 * position that moves is a visible diff.  Most documents are built with
 * DOC_PORTS() or DOC_BRIDGES(), which put the snippet under test on line 2
 * starting at column 1, so the expected column is the offset in the snippet.
 *
 * Tests run from the repository root (examples/default.json is read from
 * there). */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "frame.h"
#include "util.h"

/* Line 2 of these documents is 'ports' or 'bridges'. */
#define DOC_PORTS(ports)     "{\"bridges\": [{\"name\": \"br0\", \"ports\": [\n" ports "]}]}"
#define DOC_BRIDGES(bridges) "{\"bridges\": [\n" bridges "]}"
/* Line 2 is one static MAC entry of bridge br0, which has port vm1. */
#define DOC_STATIC_MAC(entry) \
    "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}]," \
    " \"static_macs\": [\n" entry "]}]}"

/* A SHA-512 crypt(3) hash, as the configuration takes them. */
#define HASH_A "$6$a$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe.29lDamlSD."

/* Helpers. */

static struct switch_config *
load_ok(const char *json)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "config did not load: %s\n%s", err, json);
    cr_assert_str_empty(err);
    return cfg;
}

struct bad_case {
    const char *json;
    const char *err;                /* the exact message */
};

static void
expect_errors(const struct bad_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char err[CONFIG_ERR_MAX] = "";
        struct switch_config *cfg = config_parse_string(cases[i].json, "t.json", err, sizeof err);

        cr_expect_null(cfg, "case %zu loaded:\n%s", i, cases[i].json);
        config_free(cfg);
        cr_expect(!strcmp(err, cases[i].err), "case %zu:\n%s\n got: %s\nwant: %s", i,
                  cases[i].json, err, cases[i].err);
    }
}

#define EXPECT_ERRORS(cases) expect_errors(cases, ARRAY_SIZE(cases))

static struct config_port *
port_named(struct config_bridge *br, const char *name)
{
    for (size_t i = 0; i < br->n_ports; i++)
        if (!strcmp(br->ports[i].name, name))
            return &br->ports[i];
    cr_assert_fail("no port %s in bridge %s", name, br->name);
    return NULL;
}

static void
assert_allowed(const struct vlan_set *s, const char *expected)
{
    char buf[VLAN_SET_STR_MAX];

    vlan_set_format(s, buf, sizeof buf);
    cr_assert_str_eq(buf, expected);
}

/* Good configurations. */

Test(config_json, embedded_default_gives_br0_with_vm1_and_vm2_in_vlan_1)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_load_file("examples/default.json", err, sizeof err);
    struct config_bridge *br;

    cr_assert_not_null(cfg, "%s", err);
    cr_assert_str_eq(cfg->hostname, "switch");
    cr_assert_str_eq(cfg->telnet_listen, "127.0.0.1:2323");
    cr_assert_eq(cfg->n_users, 0);
    cr_assert_str_empty(cfg->enable_secret);
    cr_assert_eq(cfg->n_bridges, 1);

    br = &cfg->bridges[0];
    cr_assert_str_eq(br->name, "br0");
    cr_assert_eq(br->mac_aging_s, 300);
    cr_assert_eq(br->mac_table_size, 8192);
    cr_assert_eq(br->n_vlans, 1);
    cr_assert_eq(br->vlans[0].id, 1);
    cr_assert_str_eq(br->vlans[0].name, "default");
    cr_assert_eq(br->n_static_macs, 0);
    cr_assert_eq(br->n_flows, 0);
    cr_assert_eq(br->n_ports, 2);
    for (size_t i = 0; i < 2; i++) {
        const struct config_port *p = &br->ports[i];
        char name[8];

        snprintf(name, sizeof name, "vm%zu", i + 1);
        cr_assert_str_eq(p->name, name);
        cr_assert_eq(p->type, PORT_TYPE_TAP);
        cr_assert_eq(p->ofport, i + 1);
        cr_assert(p->enabled);
        cr_assert_str_empty(p->peer);
        cr_assert_str_empty(p->description);
        cr_assert_eq(p->vlan.mode, VLAN_MODE_ACCESS);
        cr_assert_eq(p->vlan.access_vid, 1);
    }
    config_free(cfg);
}

/* The docs/design.md section 3.1 example, plus every optional key. */
static const char full_config[] =
    "{\n"
    "  \"version\": 1,\n"
    "  \"hostname\": \"lab-sw1\",\n"
    "  \"vlan_dot1q_tag_native\": true,\n"
    "  \"cli\": {\"telnet\": {\"listen\": \"[::1]:2424\", \"idle_timeout_s\": 0},\n"
    "          \"users\": [{\"name\": \"admin\", \"secret\": \"$6$salt$9IaVAVdq2/5l/BhgxPACbo6x6gjfKN/jANqpCEG4BRt4wBYnUmOjNuHZb2PCKnCfN.2D9QPM5LlxaFynRPDyR0\"},\n"
    "                    {\"name\": \"ops\", \"secret\": \"$6$x$Bzf.zZYujIHdpd.SkaMwRfl/GHUK2.CP6W0PJKUq6KowRMuERLIy..QkEu8WBp8ZAqc9g861ojuV1ze74ZJLm1\"}],\n"
    "          \"enable_secret\": \"$6$en$a6gwHLR5.N8hj7rammdzSdhYJr6wUbt5nDLtWtKbwyADSjEmCYudlJYDYo2j4e4BDXbTRbc11QOuMQjFQtjkd0\"},\n"
    "  \"bridges\": [\n"
    "    {\"name\": \"br-int\", \"mac_aging_s\": 0, \"mac_table_size\": 1024,\n"
    "     \"vlans\": [{\"id\": 1}, {\"id\": 100, \"name\": \"tenant-a\"}, {\"id\": 10}],\n"
    "     \"ports\": [\n"
    "       {\"name\": \"vm1\", \"type\": \"tap\", \"ofport\": 1, \"mode\": \"access\",\n"
    "        \"access_vlan\": 100, \"enabled\": false, \"description\": \"web VM, caf\\u00e9\"},\n"
    "       {\"name\": \"int-br-eth1\", \"type\": \"patch\", \"peer\": \"phy-br-eth1\",\n"
    "        \"ofport\": 6, \"mode\": \"trunk\", \"allowed_vlans\": \"1-4094\", \"native_vlan\": null},\n"
    "       {\"name\": \"host0\", \"type\": \"internal\", \"mode\": \"trunk\", \"native_vlan\": 10,\n"
    "        \"native_tagged\": true, \"allowed_vlans\": \"10,20-30\", \"access_vlan\": 7}\n"
    "     ],\n"
    "     \"static_macs\": [{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 100, \"port\": \"vm1\"},\n"
    "                     {\"mac\": \"5254.0000.0002\", \"vlan\": 10, \"port\": \"host0\"}],\n"
    "     \"flows\": [\"priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL\",\n"
    "               \"priority=1 actions=NORMAL\"]},\n"
    "    {\"name\": \"br-eth1\",\n"
    "     \"ports\": [{\"name\": \"phy-br-eth1\", \"type\": \"patch\", \"peer\": \"int-br-eth1\"},\n"
    "               {\"name\": \"eth1\", \"type\": \"system\", \"allowed_vlans\": \"none\"}]}\n"
    "  ]\n"
    "}\n";

Test(config_json, full_config_fills_every_field)
{
    static const uint8_t mac1[ETH_ADDR_LEN] = { 0x52, 0x54, 0, 0, 0, 1 };
    static const uint8_t mac2[ETH_ADDR_LEN] = { 0x52, 0x54, 0, 0, 0, 2 };
    struct switch_config *cfg = load_ok(full_config);
    struct config_bridge *br;
    struct config_port *p;

    cr_assert_str_eq(cfg->hostname, "lab-sw1");
    cr_assert_str_eq(cfg->telnet_listen, "[::1]:2424");
    cr_assert_eq(cfg->telnet_idle_timeout_s, 0);
    cr_assert(cfg->vlan_dot1q_tag_native);
    cr_assert_eq(cfg->n_users, 2);
    cr_assert_str_eq(cfg->users[0].name, "admin");
    cr_assert_str_eq(cfg->users[0].secret, "$6$salt$9IaVAVdq2/5l/BhgxPACbo6x6gjfKN/jANqpCEG4BRt4wBYnUmOjNuHZb2PCKnCfN.2D9QPM5LlxaFynRPDyR0");
    cr_assert_str_eq(cfg->users[1].name, "ops");
    cr_assert_str_eq(cfg->users[1].secret, "$6$x$Bzf.zZYujIHdpd.SkaMwRfl/GHUK2.CP6W0PJKUq6KowRMuERLIy..QkEu8WBp8ZAqc9g861ojuV1ze74ZJLm1");
    cr_assert_str_eq(cfg->enable_secret, "$6$en$a6gwHLR5.N8hj7rammdzSdhYJr6wUbt5nDLtWtKbwyADSjEmCYudlJYDYo2j4e4BDXbTRbc11QOuMQjFQtjkd0");
    cr_assert_eq(cfg->n_bridges, 2);

    br = &cfg->bridges[0];
    cr_assert_str_eq(br->name, "br-int");
    cr_assert_eq(br->mac_aging_s, 0);
    cr_assert_eq(br->mac_table_size, 1024);
    cr_assert_eq(br->n_vlans, 3, "sorted by id");
    cr_assert_eq(br->vlans[0].id, 1);
    cr_assert_str_eq(br->vlans[0].name, "default");
    cr_assert_eq(br->vlans[1].id, 10);
    cr_assert_str_eq(br->vlans[1].name, "VLAN0010");
    cr_assert_eq(br->vlans[2].id, 100);
    cr_assert_str_eq(br->vlans[2].name, "tenant-a");
    cr_assert_eq(br->n_ports, 3);

    p = port_named(br, "vm1");
    cr_assert_eq(p->type, PORT_TYPE_TAP);
    cr_assert_eq(p->ofport, 1);
    cr_assert_not(p->enabled);
    cr_assert_str_eq(p->description, "web VM, caf\xc3\xa9");
    cr_assert_eq(p->vlan.mode, VLAN_MODE_ACCESS);
    cr_assert_eq(p->vlan.access_vid, 100);

    p = port_named(br, "int-br-eth1");
    cr_assert_eq(p->type, PORT_TYPE_PATCH);
    cr_assert_str_eq(p->peer, "phy-br-eth1");
    cr_assert_eq(p->ofport, 6);
    cr_assert(p->enabled);
    cr_assert_eq(p->vlan.mode, VLAN_MODE_TRUNK);
    cr_assert_eq(p->vlan.native_vid, 0);
    cr_assert(vlan_set_is_full(&p->vlan.allowed));

    p = port_named(br, "host0");
    cr_assert_eq(p->type, PORT_TYPE_INTERNAL);
    cr_assert_eq(p->ofport, 2, "lowest number unused by vm1 (1) and int-br-eth1 (6)");
    cr_assert_eq(p->vlan.mode, VLAN_MODE_TRUNK);
    cr_assert_eq(p->vlan.native_vid, 10);
    cr_assert(p->vlan.native_tagged);
    cr_assert_eq(p->vlan.access_vid, 7, "kept on a trunk, as IOS does");
    assert_allowed(&p->vlan.allowed, "10,20-30");

    cr_assert_eq(br->n_static_macs, 2);
    cr_assert_arr_eq(br->static_macs[0].mac, mac1, ETH_ADDR_LEN);
    cr_assert_eq(br->static_macs[0].vlan, 100);
    cr_assert_str_eq(br->static_macs[0].port, "vm1");
    cr_assert_arr_eq(br->static_macs[1].mac, mac2, ETH_ADDR_LEN);
    cr_assert_eq(br->static_macs[1].vlan, 10);
    cr_assert_str_eq(br->static_macs[1].port, "host0");
    cr_assert_eq(br->n_flows, 2);
    cr_assert_str_eq(br->flows[0], "priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL");
    cr_assert_str_eq(br->flows[1], "priority=1 actions=NORMAL");

    br = &cfg->bridges[1];
    cr_assert_str_eq(br->name, "br-eth1");
    cr_assert_eq(br->mac_aging_s, 300);
    cr_assert_eq(br->n_vlans, 1, "VLAN 1 always exists");
    cr_assert_eq(br->vlans[0].id, 1);
    cr_assert_str_eq(br->vlans[0].name, "default");
    cr_assert_eq(br->n_ports, 2);
    p = port_named(br, "phy-br-eth1");
    cr_assert_str_eq(p->peer, "int-br-eth1");
    cr_assert_eq(p->ofport, 1);
    p = port_named(br, "eth1");
    cr_assert_eq(p->type, PORT_TYPE_SYSTEM);
    cr_assert_eq(p->ofport, 2);
    cr_assert(vlan_set_is_empty(&p->vlan.allowed));
    cr_assert_eq(p->vlan.native_vid, 1);
    config_free(cfg);
}

Test(config_json, empty_object_gives_the_defaults)
{
    struct switch_config *cfg = load_ok("{}");

    cr_assert_str_eq(cfg->hostname, "switch");
    cr_assert_str_eq(cfg->telnet_listen, "127.0.0.1:2323");
    cr_assert_eq(cfg->n_users, 0);
    cr_assert_str_empty(cfg->enable_secret);
    cr_assert_eq(cfg->n_bridges, 0);
    config_free(cfg);
}

Test(config_json, port_without_mode_is_the_ios_factory_default)
{
    struct switch_config *cfg = load_ok(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\"}"));
    struct config_bridge *br = &cfg->bridges[0];
    struct config_port *p = &br->ports[0];

    cr_assert_eq(br->mac_aging_s, 300);
    cr_assert_eq(br->mac_table_size, 8192);
    cr_assert_eq(br->n_vlans, 1, "VLAN 1 always exists");
    cr_assert_eq(br->vlans[0].id, 1);
    cr_assert_str_eq(br->vlans[0].name, "default");
    cr_assert_eq(br->n_static_macs, 0);
    cr_assert_eq(br->n_flows, 0);
    cr_assert(p->enabled);
    cr_assert_str_empty(p->description);
    cr_assert_str_empty(p->peer);
    cr_assert_eq(p->ofport, 1);
    cr_assert_eq(p->vlan.mode, VLAN_MODE_TRUNK);
    cr_assert_eq(p->vlan.native_vid, 1);
    cr_assert_not(p->vlan.native_tagged);
    cr_assert(vlan_set_is_full(&p->vlan.allowed));
    config_free(cfg);
}

Test(config_json, access_port_without_access_vlan_is_in_vlan_1)
{
    struct switch_config *cfg =
        load_ok(DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\"}"));

    cr_assert_eq(cfg->bridges[0].ports[0].vlan.mode, VLAN_MODE_ACCESS);
    cr_assert_eq(cfg->bridges[0].ports[0].vlan.access_vid, 1);
    config_free(cfg);
}

Test(config_json, unnamed_vlans_get_ios_names)
{
    struct switch_config *cfg = load_ok(DOC_BRIDGES(
        "{\"name\": \"br0\", \"vlans\": [{\"id\": 1}, {\"id\": 10}, {\"id\": 4094},"
        " {\"id\": 20, \"name\": \"VLAN0020\"}, {\"id\": 30, \"name\": \"tenant-b\"}]}"));
    /* Listed by id. */
    static const struct { uint16_t id; const char *name; } want[] = {
        { 1, "default" }, { 10, "VLAN0010" }, { 20, "VLAN0020" }, { 30, "tenant-b" },
        { 4094, "VLAN4094" },
    };
    struct config_bridge *br = &cfg->bridges[0];

    cr_assert_eq(br->n_vlans, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_expect_eq(br->vlans[i].id, want[i].id);
        cr_expect_str_eq(br->vlans[i].name, want[i].name);
    }
    config_free(cfg);
}

Test(config_json, limits_are_accepted)
{
    struct switch_config *cfg = load_ok(
        "{\"hostname\": \"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk\",\n"
        " \"cli\": {\"telnet\": {\"listen\": \"0.0.0.0:65535\"}, \"enable_secret\": \"\",\n"
        "         \"users\": [{\"name\": \"a\", \"secret\": \"" HASH_A "\"}]},\n"
        " \"bridges\": [{\"name\": \"abcdefghijklmno\", \"mac_aging_s\": 1000000,\n"
        "   \"mac_table_size\": 16777216, \"ports\": [\n"
        "   {\"name\": \"p23456789012345\", \"type\": \"tap\", \"ofport\": 65279,\n"
        "    \"access_vlan\": 4094, \"native_vlan\": 4094, \"allowed_vlans\": \"all\"}]}]}");
    struct config_port *p = &cfg->bridges[0].ports[0];

    cr_assert_eq(strlen(cfg->hostname), 63);
    cr_assert_str_eq(cfg->telnet_listen, "0.0.0.0:65535");
    cr_assert_str_eq(cfg->bridges[0].name, "abcdefghijklmno");
    cr_assert_eq(cfg->bridges[0].mac_aging_s, 1000000);
    cr_assert_eq(cfg->bridges[0].mac_table_size, 16777216);
    cr_assert_str_eq(p->name, "p23456789012345");
    cr_assert_eq(p->ofport, 65279);
    cr_assert_eq(p->vlan.access_vid, 4094);
    cr_assert_eq(p->vlan.native_vid, 4094);
    cr_assert(vlan_set_is_full(&p->vlan.allowed));
    config_free(cfg);
}

Test(config_json, ports_without_ofport_get_the_lowest_free_numbers_in_order)
{
    struct switch_config *cfg = load_ok(DOC_BRIDGES(
        "{\"name\": \"br0\", \"ports\": [\n"
        "  {\"name\": \"a\", \"type\": \"tap\", \"ofport\": 2},\n"
        "  {\"name\": \"b\", \"type\": \"tap\"},\n"
        "  {\"name\": \"c\", \"type\": \"tap\", \"ofport\": 1},\n"
        "  {\"name\": \"d\", \"type\": \"tap\", \"ofport\": 0},\n"
        "  {\"name\": \"e\", \"type\": \"tap\"},\n"
        "  {\"name\": \"f\", \"type\": \"tap\", \"ofport\": 4}]},\n"
        "{\"name\": \"br1\", \"ports\": [\n"
        "  {\"name\": \"g\", \"type\": \"tap\"},\n"
        "  {\"name\": \"h\", \"type\": \"tap\", \"ofport\": 1}]}"));
    /* Explicit 2, 1 and 4 are taken first; b, d, e then fill 3, 5, 6.  The
     * numbers are per bridge: g in br1 gets 2 because h holds 1. */
    static const uint16_t want0[] = { 2, 3, 1, 5, 6, 4 };
    static const uint16_t want1[] = { 2, 1 };

    for (size_t i = 0; i < 6; i++)
        cr_expect_eq(cfg->bridges[0].ports[i].ofport, want0[i], "port %s",
                     cfg->bridges[0].ports[i].name);
    for (size_t i = 0; i < 2; i++)
        cr_expect_eq(cfg->bridges[1].ports[i].ofport, want1[i], "port %s",
                     cfg->bridges[1].ports[i].name);
    config_free(cfg);
}

Test(config_json, free_accepts_null)
{
    config_free(NULL);
}

Test(config_json, port_type_names)
{
    cr_assert_str_eq(port_type_name(PORT_TYPE_TAP), "tap");
    cr_assert_str_eq(port_type_name(PORT_TYPE_INTERNAL), "internal");
    cr_assert_str_eq(port_type_name(PORT_TYPE_SYSTEM), "system");
    cr_assert_str_eq(port_type_name(PORT_TYPE_PATCH), "patch");
    cr_assert_str_eq(port_type_name(PORT_TYPE_BOND), "bond");
    cr_assert_str_eq(config_lacp_name(CONFIG_LACP_OFF), "off");
    cr_assert_str_eq(config_lacp_name(CONFIG_LACP_ACTIVE), "active");
    cr_assert_str_eq(config_lacp_name(CONFIG_LACP_PASSIVE), "passive");
}

/* Files. */

Test(config_json, missing_file_is_named_with_the_system_error)
{
    char err[CONFIG_ERR_MAX] = "";

    cr_assert_null(config_load_file("/nonexistent/startup.json", err, sizeof err));
    cr_assert_str_eq(err, "/nonexistent/startup.json: No such file or directory");
    cr_assert_null(config_load_file("tests/unit", err, sizeof err));
    cr_assert_str_eq(err, "tests/unit: Is a directory");
}

/* Every message of the loader and of config_validate() is written to the
 * caller's size (docs/design.md section 11.1): cut to 'size' - 1 bytes and
 * ended, nothing past it touched, nothing at all for a size of 0. */
static void
expect_cut(const char *full, const char *got, size_t size)
{
    for (size_t i = size; i < 16; i++)
        cr_expect_eq(got[i], '#', "byte %zu past a buffer of %zu was written", i, size);
    if (size > 0) {
        cr_expect_eq(strlen(got), size - 1, "%s", got);
        cr_expect_eq(strncmp(got, full, size - 1), 0, "got %s, want the start of %s", got, full);
    }
}

Test(config_json, messages_fit_the_callers_buffer)
{
    static const char *const docs[] = {
        "{",                            /* jansson's syntax error */
        "{\"hostname\": 5}",             /* the loader's own */
    };
    char full[CONFIG_ERR_MAX], cut[16];
    struct switch_config *cfg;

    for (size_t size = 0; size < sizeof cut; size++) {
        cr_assert_null(config_load_file("/nonexistent/startup.json", full, sizeof full));
        memset(cut, '#', sizeof cut);
        cr_assert_null(config_load_file("/nonexistent/startup.json", cut, size));
        expect_cut(full, cut, size);
        for (size_t i = 0; i < ARRAY_SIZE(docs); i++) {
            cr_assert_null(config_parse_string(docs[i], "t.json", full, sizeof full));
            memset(cut, '#', sizeof cut);
            cr_assert_null(config_parse_string(docs[i], "t.json", cut, size));
            expect_cut(full, cut, size);
        }
        cfg = config_parse_string("{}", "t.json", full, sizeof full);
        cr_assert_not_null(cfg, "%s", full);
        strcpy(cfg->hostname, "my switch");
        cr_assert_not(config_validate(cfg, full, sizeof full));
        memset(cut, '#', sizeof cut);
        cr_assert_not(config_validate(cfg, cut, size));
        expect_cut(full, cut, size);
        config_free(cfg);
    }
}

static void
expect_file_error(const char *content, const char *suffix)
{
    char path[] = "/tmp/test_config_json.XXXXXX";
    char err[CONFIG_ERR_MAX] = "", want[CONFIG_ERR_MAX];
    int fd = mkstemp(path);

    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, content, strlen(content)), (ssize_t) strlen(content));
    close(fd);
    cr_expect_null(config_load_file(path, err, sizeof err));
    unlink(path);
    snprintf(want, sizeof want, "%s%s", path, suffix);
    cr_expect_str_eq(err, want);
}

Test(config_json, empty_file_is_a_syntax_error_at_1_1)
{
    expect_file_error("", ":1:1: syntax error: '[' or '{' expected near end of file");
    expect_file_error("\n\n", ":3:1: syntax error: '[' or '{' expected near end of file");
}

Test(config_json, file_errors_name_the_file)
{
    expect_file_error("{\n  \"version\": 1,\n  \"hostname\": \"a b\"\n}\n",
                      ":3:15: hostname: invalid hostname \"a b\" (expected letters, digits,"
                      " '.', '_' or '-', starting with a letter or digit)");
}

/* Bad input, one class per test. */

Test(config_json, syntax_error_uses_janssons_position_and_text)
{
    static const struct bad_case cases[] = {
        { "{\"version\": 1,}", "t.json:1:15: syntax error: string or '}' expected near '}'" },
        { "{\n  \"hostname\": \"sw\"\n  \"version\": 1\n}",
          "t.json:3:11: syntax error: '}' expected near '\"version\"'" },
        { "{\"version\": 1", "t.json:1:13: syntax error: '}' expected near end of file" },
        { "{\"bridges\": [01]}", "t.json:1:14: syntax error: invalid token near '0'" },
        { "{\"version\": 99999999999999999999}",
          "t.json:1:32: syntax error: too big integer near '99999999999999999999'" },
        { "{\"hostname\": \"a\\u0000b\"}",
          "t.json:1:23: syntax error: \\u0000 is not allowed without JSON_ALLOW_NUL"
          " near '\"a\\u0000b\"'" },
        { "", "t.json:1:1: syntax error: '[' or '{' expected near end of file" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, trailing_garbage_is_a_syntax_error)
{
    static const struct bad_case cases[] = {
        { "{} x", "t.json:1:4: syntax error: end of file expected near 'x'" },
        { "{\"version\": 1}\n}\n", "t.json:2:1: syntax error: end of file expected near '}'" },
        { "{}{}", "t.json:1:3: syntax error: end of file expected near '{'" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, duplicate_key_is_a_syntax_error)
{
    static const struct bad_case cases[] = {
        { "{\"hostname\": \"a\",\n \"hostname\": \"b\"}",
          "t.json:2:11: syntax error: duplicate object key near '\"hostname\"'" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"name\": \"vm2\"}"),
          "t.json:2:37: syntax error: duplicate object key near '\"name\"'" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, top_level_must_be_an_object)
{
    static const struct bad_case cases[] = {
        { "[]", "t.json:1:1: expected an object, got an array" },
        { "\n  [{\"version\": 1}]", "t.json:2:3: expected an object, got an array" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, unknown_key_is_an_error_naming_the_key)
{
    static const struct bad_case cases[] = {
        { "{\"version\": 1, \"hostnme\": \"x\"}",
          "t.json:1:16: hostnme: unknown key \"hostnme\"" },
        { "{\"cli\": {\"telnet\": {\"port\": 23}}}",
          "t.json:1:21: cli.telnet.port: unknown key \"port\"" },
        { "{\"cli\": {\"users\": [{\"name\": \"a\", \"secret\": \"" HASH_A "\", \"role\": 15}]}}",
          "t.json:1:139: cli.users[0].role: unknown key \"role\"" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"mac_aging\": 10}"),
          "t.json:2:17: bridges[0].mac_aging: unknown key \"mac_aging\"" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"acess_vlan\": 10}"),
          "t.json:2:32: bridges[0].ports[0].acess_vlan: unknown key \"acess_vlan\"" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [{\"id\": 10, \"nmae\": \"x\"}]}"),
          "t.json:2:38: bridges[0].vlans[0].nmae: unknown key \"nmae\"" },
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"vm1\","
                         " \"static\": true}"),
          "t.json:2:56: bridges[0].static_macs[0].static: unknown key \"static\"" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, wrong_type_says_what_was_expected_and_what_came)
{
    static const struct bad_case cases[] = {
        { "{\"version\": \"1\"}", "t.json:1:13: version: expected an integer, got a string" },
        { "{\"hostname\": 5}", "t.json:1:14: hostname: expected a string, got an integer" },
        { "{\"cli\": []}", "t.json:1:9: cli: expected an object, got an array" },
        { "{\"cli\": {\"users\": {}}}",
          "t.json:1:19: cli.users: expected an array, got an object" },
        { "{\"bridges\": {}}", "t.json:1:13: bridges: expected an array, got an object" },
        { "{\"bridges\": [[]]}", "t.json:1:14: bridges[0]: expected an object, got an array" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"mac_aging_s\": null}"),
          "t.json:2:32: bridges[0].mac_aging_s: expected an integer, got null" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"flows\": [1]}"),
          "t.json:2:27: bridges[0].flows[0]: expected a string, got an integer" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"enabled\": \"yes\"}"),
          "t.json:2:43: bridges[0].ports[0].enabled: expected a boolean, got a string" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"access_vlan\": 1.5}"),
          "t.json:2:47: bridges[0].ports[0].access_vlan: expected an integer, got a real number" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"native_vlan\": \"none\"}"),
          "t.json:2:47: bridges[0].ports[0].native_vlan: expected an integer or null,"
          " got a string" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"allowed_vlans\": 10}"),
          "t.json:2:49: bridges[0].ports[0].allowed_vlans: expected a string, got an integer" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"native_tagged\": 1}"),
          "t.json:2:49: bridges[0].ports[0].native_tagged: expected a boolean, got an integer" },
        { DOC_PORTS("\"vm1\""), "t.json:2:1: bridges[0].ports[0]: expected an object, got a string" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, version_other_than_1_is_refused_before_anything_else)
{
    static const struct bad_case cases[] = {
        { "{\"future_key\": true, \"version\": 2}",
          "t.json:1:33: version: unsupported version 2 (expected 1)" },
        { "{\"version\": 0}", "t.json:1:13: version: unsupported version 0 (expected 1)" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, vlan_id_out_of_range_is_an_error_wherever_it_is)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"access_vlan\": 0}"),
          "t.json:2:47: bridges[0].ports[0].access_vlan: invalid VLAN id 0 (expected 1-4094)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"access_vlan\": 4095}"),
          "t.json:2:47: bridges[0].ports[0].access_vlan: invalid VLAN id 4095 (expected 1-4094)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"access_vlan\": 5000}"),
          "t.json:2:47: bridges[0].ports[0].access_vlan: invalid VLAN id 5000 (expected 1-4094)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"native_vlan\": 0}"),
          "t.json:2:47: bridges[0].ports[0].native_vlan: invalid VLAN id 0 (expected 1-4094)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"native_vlan\": 4095}"),
          "t.json:2:47: bridges[0].ports[0].native_vlan: invalid VLAN id 4095 (expected 1-4094)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"native_vlan\": -1}"),
          "t.json:2:47: bridges[0].ports[0].native_vlan: invalid VLAN id -1 (expected 1-4094)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [{\"id\": 5000}]}"),
          "t.json:2:34: bridges[0].vlans[0].id: invalid VLAN id 5000 (expected 1-4094)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [{\"id\": 0}]}"),
          "t.json:2:34: bridges[0].vlans[0].id: invalid VLAN id 0 (expected 1-4094)" },
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 4095, \"port\": \"vm1\"}"),
          "t.json:2:38: bridges[0].static_macs[0].vlan: invalid VLAN id 4095 (expected 1-4094)" },
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 0, \"port\": \"vm1\"}"),
          "t.json:2:38: bridges[0].static_macs[0].vlan: invalid VLAN id 0 (expected 1-4094)" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, bad_allowed_vlans_names_the_bad_element)
{
#define ALLOWED(list) DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"allowed_vlans\": \"" list "\"}")
#define AT "t.json:2:49: bridges[0].ports[0].allowed_vlans: "
    static const struct bad_case cases[] = {
        { ALLOWED("10,abc"), AT "invalid VLAN list element \"abc\" (expected a VLAN id or a range"
                             " like 10-20)" },
        { ALLOWED("1-5000"), AT "invalid VLAN id \"1-5000\" (expected 1-4094)" },
        { ALLOWED("0"), AT "invalid VLAN id \"0\" (expected 1-4094)" },
        { ALLOWED("30-20"), AT "invalid VLAN range \"30-20\" (start above end)" },
        { ALLOWED("10, 20"), AT "invalid VLAN list element \" 20\" (expected a VLAN id or a"
                             " range like 10-20)" },
        { ALLOWED(""), AT "empty VLAN list (expected e.g. 1,10-20)" },
        { ALLOWED("None"), AT "invalid VLAN list element \"None\" (expected a VLAN id or a range"
                           " like 10-20)" },
    };
#undef AT
#undef ALLOWED

    EXPECT_ERRORS(cases);
}

/* 241 bytes, one more than CONFIG_DESCRIPTION_MAX. */
/* The local port (docs/config.md "The local port"): the port named after
 * its bridge gets LOCAL (65534); nobody else may have it. */
Test(config_json, port_named_after_its_bridge_is_the_local_port_with_ofport_65534)
{
    struct switch_config *cfg = load_ok(DOC_BRIDGES(
        "{\"name\": \"br0\", \"ports\": [\n"
        "  {\"name\": \"a\", \"type\": \"tap\"},\n"
        "  {\"name\": \"br0\", \"type\": \"internal\"},\n"
        "  {\"name\": \"b\", \"type\": \"tap\"}]},\n"
        "{\"name\": \"br1\", \"ports\": [\n"
        "  {\"name\": \"br1\", \"type\": \"internal\", \"ofport\": 65534}]}"));

    cr_expect_eq(cfg->bridges[0].ports[0].ofport, 1);
    cr_expect_eq(cfg->bridges[0].ports[1].ofport, 65534);
    cr_expect_eq(cfg->bridges[0].ports[2].ofport, 2);
    cr_expect_eq(cfg->bridges[1].ports[0].ofport, 65534);
    config_free(cfg);
}

Test(config_json, local_port_rules)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"ofport\": 65534}"),
          "t.json:2:42: bridges[0].ports[0].ofport: invalid ofport 65534 (expected 1-65279,"
          " or 0 to have one assigned; 65534 is LOCAL, the port named after the bridge)" },
        { DOC_PORTS("{\"name\": \"br0\", \"type\": \"tap\"}"),
          "t.json:2:25: bridges[0].ports[0].type: port br0 is the local port of bridge br0:"
          " its type must be \"internal\", not \"tap\"" },
        { DOC_PORTS("{\"name\": \"br0\", \"type\": \"internal\", \"ofport\": 3}"),
          "t.json:2:47: bridges[0].ports[0].ofport: port br0 is the local port of bridge br0:"
          " its ofport is 65534 (LOCAL), not 3" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"ofport\": 65533}"),
          "t.json:2:42: bridges[0].ports[0].ofport: invalid ofport 65533 (expected 1-65279,"
          " or 0 to have one assigned)" },
    };
    EXPECT_ERRORS(cases);
}

#define DESCRIPTION_60 "123456789012345678901234567890123456789012345678901234567890"
#define DESCRIPTION_241 DESCRIPTION_60 DESCRIPTION_60 DESCRIPTION_60 DESCRIPTION_60 "x"

Test(config_json, other_values_out_of_range)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"ofport\": 65280}"),
          "t.json:2:42: bridges[0].ports[0].ofport: invalid ofport 65280 (expected 1-65279,"
          " or 0 to have one assigned)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"ofport\": -1}"),
          "t.json:2:42: bridges[0].ports[0].ofport: invalid ofport -1 (expected 1-65279,"
          " or 0 to have one assigned)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"hybrid\"}"),
          "t.json:2:40: bridges[0].ports[0].mode: unknown mode \"hybrid\" (expected access"
          " or trunk)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"mac_aging_s\": 1000001}"),
          "t.json:2:32: bridges[0].mac_aging_s: invalid MAC aging time 1000001 (expected"
          " 0-1000000 seconds, 0 = never)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"mac_table_size\": 0}"),
          "t.json:2:35: bridges[0].mac_table_size: invalid MAC table size 0 (expected"
          " 1-16777216)" },
        { "{\"hostname\": \"my switch\"}",
          "t.json:1:14: hostname: invalid hostname \"my switch\" (expected letters, digits,"
          " '.', '_' or '-', starting with a letter or digit)" },
        { "{\"hostname\": \"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl\"}",
          "t.json:1:14: hostname: hostname \"abcdefghijklmnopqrstuvwxyzabcdefghijklmn...\" too"
          " long (64 characters, at most 63)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"description\": \"a\\nb\"}"),
          "t.json:2:47: bridges[0].ports[0].description: description contains a control"
          " character (0x0a)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"description\":"
                    " \"" DESCRIPTION_241 "\"}"),
          "t.json:2:47: bridges[0].ports[0].description: description too long (241 bytes,"
          " at most 240)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [{\"id\": 10, \"name\": \"tenant a\"}]}"),
          "t.json:2:46: bridges[0].vlans[0].name: invalid VLAN name \"tenant a\" (expected"
          " printable ASCII without spaces)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [{\"id\": 10, \"name\": \"x|y\"}]}"),
          "t.json:2:46: bridges[0].vlans[0].name: invalid VLAN name \"x|y\" (a '|' cannot be"
          " typed in the shell, where it starts an output filter)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"flows\": [\"\"]}"),
          "t.json:2:27: bridges[0].flows[0]: empty flow (expected e.g."
          " \"priority=1 actions=NORMAL\")" },
        /* Port names are for the shell's flow commands: here a name says so. */
        { DOC_BRIDGES("{\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}],"
                      " \"flows\": [\"in_port=vm1 actions=drop\"]}"),
          "t.json:2:70: bridges[0].flows[0]: vm1: invalid or unknown port for in_port (the"
          " configuration's flows name ports by number, their ofport, or LOCAL)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"flows\": [\"in_port=1 actions=\\\"7\\\"\"]}"),
          "t.json:2:27: bridges[0].flows[0]: unknown action \"7\" (the configuration's flows"
          " name ports by number, their ofport, or LOCAL)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"flows\": [\"out_port=vm1 actions=drop\"]}"),
          "t.json:2:27: bridges[0].flows[0]: unknown keyword out_port" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, secrets_are_never_echoed_in_errors)
{
    static const struct bad_case cases[] = {
        { "{\"cli\": {\"users\": [{\"name\": \"admin\", \"secret\": \"hunter 2\"}]}}",
          "t.json:1:48: cli.users[0].secret: invalid secret (expected printable ASCII"
          " without spaces)" },
        { "{\"cli\": {\"enable_secret\": \"hunter 2\"}}",
          "t.json:1:27: cli.enable_secret: invalid enable secret (expected printable ASCII"
          " without spaces)" },
        { "{\"cli\": {\"users\": [{\"name\": \"admin\", \"secret\": \"\"}]}}",
          "t.json:1:48: cli.users[0].secret: empty secret" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, missing_required_key_points_at_the_object)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"vm1\"}"), "t.json:2:1: bridges[0].ports[0]: missing key \"type\"" },
        { DOC_PORTS("{\"type\": \"tap\"}"), "t.json:2:1: bridges[0].ports[0]: missing key \"name\"" },
        { DOC_BRIDGES("{\"ports\": []}"), "t.json:2:1: bridges[0]: missing key \"name\"" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [\n  {\"name\": \"x\"}]}"),
          "t.json:3:3: bridges[0].vlans[0]: missing key \"id\"" },
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1}"),
          "t.json:2:1: bridges[0].static_macs[0]: missing key \"port\"" },
        { "{\"cli\": {\"users\": [{\"name\": \"admin\"}]}}",
          "t.json:1:20: cli.users[0]: missing key \"secret\"" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, unknown_port_type_lists_the_known_ones)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"vhost\"}"),
          "t.json:2:25: bridges[0].ports[0].type: unknown port type \"vhost\" (expected tap,"
          " internal, system, patch, bond or vxlan)" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"TAP\"}"),
          "t.json:2:25: bridges[0].ports[0].type: unknown port type \"TAP\" (expected tap,"
          " internal, system, patch, bond or vxlan)" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, bad_port_and_bridge_names)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"abcdefghijklmnop\", \"type\": \"tap\"}"),
          "t.json:2:10: bridges[0].ports[0].name: port name \"abcdefghijklmnop\" too long"
          " (16 characters, at most 15)" },
        { DOC_PORTS("{\"name\": \"a/b\", \"type\": \"tap\"}"),
          "t.json:2:10: bridges[0].ports[0].name: invalid port name \"a/b\" (expected letters,"
          " digits, '.', '_' or '-', starting with a letter or digit)" },
        { DOC_PORTS("{\"name\": \"..\", \"type\": \"tap\"}"),
          "t.json:2:10: bridges[0].ports[0].name: invalid port name \"..\" (expected letters,"
          " digits, '.', '_' or '-', starting with a letter or digit)" },
        { DOC_PORTS("{\"name\": \"\", \"type\": \"tap\"}"),
          "t.json:2:10: bridges[0].ports[0].name: invalid port name \"\" (expected letters,"
          " digits, '.', '_' or '-', starting with a letter or digit)" },
        { DOC_BRIDGES("{\"name\": \"bridge-number-one\"}"),
          "t.json:2:10: bridges[0].name: bridge name \"bridge-number-one\" too long"
          " (17 characters, at most 15)" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, duplicate_bridge_name_points_at_the_second)
{
    static const struct bad_case cases[] = {
        { DOC_BRIDGES("{\"name\": \"br0\"},\n{\"name\": \"br0\"}"),
          "t.json:3:10: bridges[1].name: duplicate bridge name \"br0\" (first at bridges[0])" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, duplicate_port_name_is_an_error_across_bridges)
{
    static const struct bad_case cases[] = {
        { DOC_BRIDGES("{\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}]},\n"
                      "{\"name\": \"br1\", \"ports\": [{\"name\": \"vm1\", \"type\": \"internal\"}]}"),
          "t.json:3:36: bridges[1].ports[0].name: duplicate port name \"vm1\""
          " (first at bridges[0].ports[0])" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\"},\n{\"name\": \"vm1\", \"type\": \"tap\"}"),
          "t.json:3:10: bridges[0].ports[1].name: duplicate port name \"vm1\""
          " (first at bridges[0].ports[0])" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, duplicate_ofport_in_a_bridge_is_an_error)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"a\", \"type\": \"tap\", \"ofport\": 3},\n"
                    "{\"name\": \"b\", \"type\": \"tap\", \"ofport\": 3}"),
          "t.json:3:40: bridges[0].ports[1].ofport: duplicate ofport 3"
          " (first at bridges[0].ports[0])" },
    };

    EXPECT_ERRORS(cases);
    /* The same number in two bridges is fine. */
    config_free(load_ok(DOC_BRIDGES(
        "{\"name\": \"br0\", \"ports\": [{\"name\": \"a\", \"type\": \"tap\", \"ofport\": 3}]},\n"
        "{\"name\": \"br1\", \"ports\": [{\"name\": \"b\", \"type\": \"tap\", \"ofport\": 3}]}")));
}

Test(config_json, duplicate_vlan_id_is_an_error)
{
    static const struct bad_case cases[] = {
        { DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [{\"id\": 10},\n {\"id\": 10, \"name\": \"x\"}]}"),
          "t.json:3:9: bridges[0].vlans[1].id: duplicate VLAN id 10 (first at bridges[0].vlans[0])" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, duplicate_user_name_is_an_error)
{
    static const struct bad_case cases[] = {
        { "{\"cli\": {\"users\": [{\"name\": \"admin\", \"secret\": \"" HASH_A "\"},\n"
          "                   {\"name\": \"admin\", \"secret\": \"" HASH_A "\"}]}}",
          "t.json:2:29: cli.users[1].name: duplicate user name \"admin\" (first at cli.users[0])" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, patch_port_needs_a_peer)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"p1\", \"type\": \"patch\"}"),
          "t.json:2:1: bridges[0].ports[0]: missing key \"peer\" (patch ports need one)" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, peer_on_a_port_that_is_not_a_patch_is_an_error)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"peer\": \"x\"}"),
          "t.json:2:40: bridges[0].ports[0].peer: peer \"x\" given for a tap port"
          " (only patch ports have one)" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, dangling_patch_peer_is_an_error)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p2\"}"),
          "t.json:2:41: bridges[0].ports[0].peer: patch peer \"p2\" is not a port" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, patch_peer_must_be_a_patch_port)
{
    static const struct bad_case cases[] = {
        { DOC_BRIDGES("{\"name\": \"br0\", \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"vm1\"}]},\n"
                      "{\"name\": \"br1\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}]}"),
          "t.json:2:67: bridges[0].ports[0].peer: patch peer \"vm1\" is a tap port,"
          " not a patch port" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, patch_peer_must_name_the_port_back)
{
    static const struct bad_case cases[] = {
        { DOC_BRIDGES("{\"name\": \"br0\", \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p2\"}]},\n"
                      "{\"name\": \"br1\", \"ports\": [{\"name\": \"p2\", \"type\": \"patch\", \"peer\": \"p3\"}]},\n"
                      "{\"name\": \"br2\", \"ports\": [{\"name\": \"p3\", \"type\": \"patch\", \"peer\": \"p2\"}]}"),
          "t.json:2:67: bridges[0].ports[0].peer: patch peer \"p2\" names \"p3\" as its peer,"
          " not \"p1\"" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, patch_peer_in_the_same_bridge_is_an_error)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p2\"},\n"
                    "{\"name\": \"p2\", \"type\": \"patch\", \"peer\": \"p1\"}"),
          "t.json:2:41: bridges[0].ports[0].peer: patch peer \"p2\" is in the same bridge \"br0\"" },
        { DOC_PORTS("{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p1\"}"),
          "t.json:2:41: bridges[0].ports[0].peer: patch peer \"p1\" is in the same bridge \"br0\"" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, bad_static_macs)
{
    static const struct bad_case cases[] = {
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00:0g\", \"vlan\": 1, \"port\": \"vm1\"}"),
          "t.json:2:9: bridges[0].static_macs[0].mac: invalid MAC address \"52:54:00:00:00:0g\""
          " (expected e.g. 52:54:00:00:00:01)" },
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00\", \"vlan\": 1, \"port\": \"vm1\"}"),
          "t.json:2:9: bridges[0].static_macs[0].mac: invalid MAC address \"52:54:00:00:00\""
          " (expected e.g. 52:54:00:00:00:01)" },
        { DOC_STATIC_MAC("{\"mac\": 1, \"vlan\": 1, \"port\": \"vm1\"}"),
          "t.json:2:9: bridges[0].static_macs[0].mac: expected a string, got an integer" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, multicast_static_mac_is_an_error)
{
    static const struct bad_case cases[] = {
        { DOC_STATIC_MAC("{\"mac\": \"01:00:5e:00:00:01\", \"vlan\": 1, \"port\": \"vm1\"}"),
          "t.json:2:9: bridges[0].static_macs[0].mac: multicast MAC address 01:00:5e:00:00:01"
          " cannot be a static entry (expected a unicast address)" },
        { DOC_STATIC_MAC("{\"mac\": \"FF:FF:FF:FF:FF:FF\", \"vlan\": 1, \"port\": \"vm1\"}"),
          "t.json:2:9: bridges[0].static_macs[0].mac: multicast MAC address ff:ff:ff:ff:ff:ff"
          " cannot be a static entry (expected a unicast address)" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, static_mac_needs_a_port_of_its_own_bridge)
{
    static const struct bad_case cases[] = {
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"vm9\"}"),
          "t.json:2:49: bridges[0].static_macs[0].port: unknown port \"vm9\""
          " (not a port of bridge \"br0\")" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"static_macs\": [\n"
                      "  {\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"vm2\"}]},\n"
                      "{\"name\": \"br1\", \"ports\": [{\"name\": \"vm2\", \"type\": \"tap\"}]}"),
          "t.json:3:51: bridges[0].static_macs[0].port: port \"vm2\" is in bridge \"br1\","
          " not \"br0\"" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, static_macs_must_be_unique_and_fit_the_table)
{
    static const struct bad_case cases[] = {
        { DOC_STATIC_MAC("{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"vm1\"},\n"
                         "{\"mac\": \"5254.0000.0001\", \"vlan\": 1, \"port\": \"vm1\"}"),
          "t.json:3:9: bridges[0].static_macs[1].mac: duplicate static MAC 52:54:00:00:00:01"
          " in VLAN 1 (first at bridges[0].static_macs[0])" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"mac_table_size\": 1,"
                      " \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}], \"static_macs\": [\n"
                      "{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"vm1\"},\n"
                      "{\"mac\": \"52:54:00:00:00:02\", \"vlan\": 1, \"port\": \"vm1\"}]}"),
          "t.json:4:1: bridges[0].static_macs[1]: too many static MACs (mac_table_size is 1)" },
    };

    EXPECT_ERRORS(cases);
    /* One MAC in two VLANs is two entries. */
    config_free(load_ok(DOC_STATIC_MAC(
        "{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"vm1\"},\n"
        "{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 2, \"port\": \"vm1\"}")));
}

Test(config_json, bad_telnet_listen_address)
{
#define LISTEN(addr) "{\"cli\": {\"telnet\": {\"listen\": \"" addr "\"}}}"
#define BAD(addr) "t.json:1:31: cli.telnet.listen: invalid listen address \"" addr "\"" \
                  " (expected IPV4:PORT or [IPV6]:PORT, e.g. 127.0.0.1:2323)"
    static const struct bad_case cases[] = {
        { LISTEN("localhost:2323"), BAD("localhost:2323") },
        { LISTEN("127.0.0.1"), BAD("127.0.0.1") },
        { LISTEN("127.0.0.1:"), BAD("127.0.0.1:") },
        { LISTEN("127.0.0.1:0"), BAD("127.0.0.1:0") },
        { LISTEN("127.0.0.1:65536"), BAD("127.0.0.1:65536") },
        { LISTEN("127.0.0.1:023"), BAD("127.0.0.1:023") },
        { LISTEN("127.0.0.1:23x"), BAD("127.0.0.1:23x") },
        { LISTEN("256.0.0.1:23"), BAD("256.0.0.1:23") },
        { LISTEN("::1:2323"), BAD("::1:2323") },
        { LISTEN("[::1]2323"), BAD("[::1]2323") },
        { LISTEN("[127.0.0.1]:2323"), BAD("[127.0.0.1]:2323") },
        { LISTEN(" "), BAD(" ") },
    };
#undef BAD

    EXPECT_ERRORS(cases);
    /* "" is no telnet server; addresses other hosts reach need a user. */
    static const char *const good[] = { "0.0.0.0:23", "[::]:2323", "[fe80::1]:1", "10.1.2.3:65535",
                                        "" };
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        char json[256];
        struct switch_config *cfg;

        snprintf(json, sizeof json, "{\"cli\": {\"telnet\": {\"listen\": \"%s\"},"
                 " \"users\": [{\"name\": \"a\", \"secret\": \"%s\"}]}}", good[i], HASH_A);
        cfg = load_ok(json);
        cr_expect_str_eq(cfg->telnet_listen, good[i]);
        config_free(cfg);
    }
#undef LISTEN
}

/* Bonds (docs/config.md, "ports"): a port of type bond with its own
 * settings, tap and system members naming it, two globals. */

Test(config_json, bond_and_members_load_with_their_settings)
{
    struct switch_config *cfg = load_ok(
        "{\"lacp_system_priority\": 1, \"port_channel_load_balance\": \"src-dst-mac\",\n"
        " \"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
        "  {\"name\": \"Po1\", \"type\": \"bond\", \"mode\": \"trunk\", \"allowed_vlans\": \"10\",\n"
        "   \"bond_mode\": \"active-backup\", \"lacp\": \"active\", \"lacp_rate\": \"fast\"},\n"
        "  {\"name\": \"Po2\", \"type\": \"bond\", \"ofport\": 9, \"enabled\": false,\n"
        "   \"description\": \"x\", \"bond_mode\": \"balance-slb\", \"lacp\": \"passive\",\n"
        "   \"lacp_rate\": \"slow\"},\n"
        "  {\"name\": \"Po3\", \"type\": \"bond\", \"lacp\": \"off\"},\n"
        "  {\"name\": \"veth1\", \"type\": \"system\", \"bond\": \"Po1\"},\n"
        "  {\"name\": \"tap1\", \"bond\": \"Po1\", \"type\": \"tap\", \"mode\": \"access\"},\n"
        "  {\"name\": \"vm1\", \"type\": \"tap\"}]}]}");
    struct config_bridge *br = &cfg->bridges[0];
    struct config_port *p;

    cr_assert_eq(cfg->lacp_system_priority, 1);
    cr_assert_eq(cfg->port_channel_load_balance, BOND_HASH_SRC_DST_MAC);
    p = port_named(br, "Po1");
    cr_assert_eq(p->type, PORT_TYPE_BOND);
    cr_assert_eq(p->ofport, 1);
    cr_assert_str_empty(p->bond);
    cr_assert_eq(p->bond_cfg.mode, BOND_ACTIVE_BACKUP);
    cr_assert_eq(p->bond_cfg.lacp, CONFIG_LACP_ACTIVE);
    cr_assert(p->bond_cfg.lacp_fast);
    assert_allowed(&p->vlan.allowed, "10");
    p = port_named(br, "Po2");
    cr_assert_eq(p->ofport, 9);
    cr_assert_not(p->enabled);
    cr_assert_str_eq(p->description, "x");
    cr_assert_eq(p->bond_cfg.mode, BOND_BALANCE_SLB);
    cr_assert_eq(p->bond_cfg.lacp, CONFIG_LACP_PASSIVE);
    cr_assert_not(p->bond_cfg.lacp_fast);
    p = port_named(br, "Po3");
    cr_assert_eq(p->bond_cfg.lacp, CONFIG_LACP_OFF);
    p = port_named(br, "veth1");
    cr_assert_eq(p->type, PORT_TYPE_SYSTEM);
    cr_assert_str_eq(p->bond, "Po1");
    p = port_named(br, "tap1");
    cr_assert_str_eq(p->bond, "Po1");
    cr_assert_eq(p->vlan.mode, VLAN_MODE_ACCESS, "a member keeps its own VLAN policy");
    cr_assert_str_empty(port_named(br, "vm1")->bond);
    config_free(cfg);
}

Test(config_json, bond_settings_and_globals_have_their_defaults)
{
    struct switch_config *cfg = load_ok(DOC_PORTS("{\"name\": \"Po1\", \"type\": \"bond\"}"));
    const struct config_port *p = &cfg->bridges[0].ports[0];

    cr_assert_eq(cfg->lacp_system_priority, 32768);
    cr_assert_eq(cfg->port_channel_load_balance, BOND_HASH_SRC_MAC);
    cr_assert_eq(p->bond_cfg.mode, BOND_BALANCE_SLB);
    cr_assert_eq(p->bond_cfg.lacp, CONFIG_LACP_OFF);
    cr_assert_not(p->bond_cfg.lacp_fast);
    cr_assert_eq(p->vlan.mode, VLAN_MODE_TRUNK, "the usual port defaults");
    cr_assert(p->enabled);
    config_free(cfg);
    /* The bounds of the priority. */
    cfg = load_ok("{\"lacp_system_priority\": 65535, \"port_channel_load_balance\": \"src-mac\"}");
    cr_assert_eq(cfg->lacp_system_priority, 65535);
    cr_assert_eq(cfg->port_channel_load_balance, BOND_HASH_SRC_MAC);
    config_free(cfg);
}

Test(config_json, bad_bonds_and_members)
{
    static const struct bad_case cases[] = {
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"bond_mode\": \"balance-slb\"}"),
          "t.json:2:45: bridges[0].ports[0].bond_mode: bond_mode \"balance-slb\" given for a"
          " tap port (only bond ports have one)" },
        { DOC_PORTS("{\"name\": \"h1\", \"lacp\": \"passive\", \"type\": \"internal\"}"),
          "t.json:2:24: bridges[0].ports[0].lacp: lacp \"passive\" given for an internal port"
          " (only bond ports have one)" },
        { DOC_PORTS("{\"name\": \"e1\", \"type\": \"system\", \"lacp_rate\": \"slow\"}"),
          "t.json:2:47: bridges[0].ports[0].lacp_rate: lacp_rate \"slow\" given for a system"
          " port (only bond ports have one)" },
        { DOC_PORTS("{\"name\": \"Po1\", \"type\": \"bond\", \"bond_mode\": \"balance-tcp\"}"),
          "t.json:2:46: bridges[0].ports[0].bond_mode: unknown bond mode \"balance-tcp\""
          " (expected balance-slb or active-backup)" },
        { DOC_PORTS("{\"name\": \"Po1\", \"type\": \"bond\", \"lacp\": \"on\"}"),
          "t.json:2:41: bridges[0].ports[0].lacp: unknown LACP mode \"on\" (expected off,"
          " active or passive)" },
        { DOC_PORTS("{\"name\": \"Po1\", \"type\": \"bond\", \"lacp_rate\": \"medium\"}"),
          "t.json:2:46: bridges[0].ports[0].lacp_rate: unknown LACP rate \"medium\" (expected"
          " slow or fast)" },
        { DOC_PORTS("{\"name\": \"Po1\", \"type\": \"bond\", \"lacp\": true}"),
          "t.json:2:41: bridges[0].ports[0].lacp: expected a string, got a boolean" },
        { DOC_PORTS("{\"name\": \"e1\", \"type\": \"system\", \"bond\": 1}"),
          "t.json:2:42: bridges[0].ports[0].bond: expected a string, got an integer" },
        { DOC_PORTS("{\"name\": \"e1\", \"type\": \"system\", \"bond\": \"Po 1\"}"),
          "t.json:2:42: bridges[0].ports[0].bond: invalid bond port name \"Po 1\" (expected"
          " letters, digits, '.', '_' or '-', starting with a letter or digit)" },
        { DOC_PORTS("{\"name\": \"h1\", \"type\": \"internal\", \"bond\": \"Po1\"},\n"
                    "{\"name\": \"Po1\", \"type\": \"bond\"}"),
          "t.json:2:44: bridges[0].ports[0].bond: bond \"Po1\" given for an internal port (only"
          " tap and system ports can be bond members)" },
        { DOC_PORTS("{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p2\", \"bond\": \"Po1\"}"),
          "t.json:2:55: bridges[0].ports[0].bond: bond \"Po1\" given for a patch port (only tap"
          " and system ports can be bond members)" },
        { DOC_PORTS("{\"name\": \"Po1\", \"type\": \"bond\", \"bond\": \"Po1\"}"),
          "t.json:2:41: bridges[0].ports[0].bond: bond \"Po1\" given for a bond port (only tap"
          " and system ports can be bond members)" },
        { DOC_PORTS("{\"name\": \"e1\", \"type\": \"system\", \"bond\": \"Po9\"}"),
          "t.json:2:42: bridges[0].ports[0].bond: bond \"Po9\" is not a port" },
        { DOC_PORTS("{\"name\": \"e1\", \"type\": \"system\", \"bond\": \"vm1\"},\n"
                    "{\"name\": \"vm1\", \"type\": \"tap\"}"),
          "t.json:2:42: bridges[0].ports[0].bond: bond \"vm1\" is a tap port, not a bond port" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"ports\": [{\"name\": \"Po1\", \"type\": \"bond\"}]},\n"
                      "{\"name\": \"br1\", \"ports\": [{\"name\": \"tap1\", \"type\": \"tap\", \"bond\": \"Po1\"}]}"),
          "t.json:3:67: bridges[1].ports[0].bond: bond \"Po1\" is in bridge \"br0\", not"
          " \"br1\"" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"ports\": [{\"name\": \"Po1\", \"type\": \"bond\"},\n"
                      " {\"name\": \"e1\", \"type\": \"system\", \"bond\": \"Po1\"}],\n"
                      " \"static_macs\": [{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"e1\"}]}"),
          "t.json:4:66: bridges[0].static_macs[0].port: port \"e1\" is a member of bond \"Po1\""
          " (name the bond instead)" },
        { DOC_BRIDGES("{\"name\": \"br0\", \"ports\": [{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"Po1\"}]},\n"
                      "{\"name\": \"br1\", \"ports\": [{\"name\": \"Po1\", \"type\": \"bond\"}]}"),
          "t.json:2:67: bridges[0].ports[0].peer: patch peer \"Po1\" is a bond port, not a"
          " patch port" },
        { "{\"lacp_system_priority\": 0}",
          "t.json:1:26: lacp_system_priority: invalid LACP system priority 0 (expected 1-65535)" },
        { "{\"lacp_system_priority\": 65536}",
          "t.json:1:26: lacp_system_priority: invalid LACP system priority 65536 (expected"
          " 1-65535)" },
        { "{\"lacp_system_priority\": \"1\"}",
          "t.json:1:26: lacp_system_priority: expected an integer, got a string" },
        { "{\"port_channel_load_balance\": \"dst-ip\"}",
          "t.json:1:31: port_channel_load_balance: unknown load-balance method \"dst-ip\""
          " (expected src-mac or src-dst-mac)" },
        { "{\"port_channel_load_balance\": 1}",
          "t.json:1:31: port_channel_load_balance: expected a string, got an integer" },
    };

    EXPECT_ERRORS(cases);
}

/* Ports 1.. of br0 are 'n' system members of Po1 (ports[0]). */
static char *
bond_members_json(size_t n)
{
    size_t cap = 128 + n * 64, len;
    char *s = malloc(cap);

    cr_assert_not_null(s);
    len = snprintf(s, cap, "{\"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
                   "{\"name\": \"Po1\", \"type\": \"bond\"}");
    for (size_t i = 0; i < n; i++)
        len += snprintf(s + len, cap - len, ",\n{\"name\": \"veth%zu\", \"type\": \"system\","
                        " \"bond\": \"Po1\"}", i);
    snprintf(s + len, cap - len, "]}]}");
    return s;
}

Test(config_json, a_bond_has_at_most_8_members)
{
    char err[CONFIG_ERR_MAX] = "";
    char *json = bond_members_json(BOND_MEMBERS_MAX);

    config_free(load_ok(json));
    free(json);
    json = bond_members_json(BOND_MEMBERS_MAX + 1);
    cr_assert_null(config_parse_string(json, "t.json", err, sizeof err));
    /* Line 11, the ninth member: {"name": "veth8", "type": "system", "bond": "Po1"} */
    cr_assert_str_eq(err, "t.json:11:45: bridges[0].ports[9].bond: bond \"Po1\" has more than"
                     " 8 members");
    free(json);
}

/* Positions. */

Test(config_json, columns_count_characters_and_keys_match_after_unescaping)
{
    static const struct bad_case cases[] = {
        /* "caf\u00e9 ü" is 8 characters between its quotes; the key is
         * written with an escape and reported decoded. */
        { DOC_PORTS("{\"name\": \"vm1\", \"description\": \"caf\\u00e9 \xc3\xbc\", \"type\": \"tap\","
                    " \"\\u0061ccess_vlan\": 0}"),
          "t.json:2:82: bridges[0].ports[0].access_vlan: invalid VLAN id 0 (expected 1-4094)" },
        /* Brackets, braces and escaped quotes inside strings of earlier
         * elements are skipped as text. */
        { DOC_PORTS("{\"name\": \"a\", \"type\": \"tap\", \"description\": \"x]}\\\"{[,\"},\n"
                    "  {\"name\": \"b\", \"type\": \"tap\", \"description\": \"\\\\\"},\n"
                    "  {\"name\": \"c\", \"type\": \"tap\",\t\"ofport\":\r\n  -5}"),
          "t.json:5:3: bridges[0].ports[2].ofport: invalid ofport -5 (expected 1-65279,"
          " or 0 to have one assigned)" },
        /* Nested arrays and objects before the value. */
        { "{\"bridges\": [{\"name\": \"b0\", \"vlans\": [{\"id\": 1}, {\"id\": 2}],"
          " \"flows\": [\"actions=drop\", \"actions=NORMAL\"]}, {\"name\": \"b1\", \"ports\": [],\n"
          "  \"vlans\": [{\"id\": 3}, {\"name\": \"n\", \"id\": 4095}]}]}",
          "t.json:2:44: bridges[1].vlans[1].id: invalid VLAN id 4095 (expected 1-4094)" },
        /* Unknown keys point at the key, other errors at the value. */
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\",\n  \"colour\":\n    1000}"),
          "t.json:3:3: bridges[0].ports[0].colour: unknown key \"colour\"" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, user_text_in_messages_is_cleaned_and_cut)
{
    static const struct bad_case cases[] = {
        { "{\"h\\u0001x\": 1}", "t.json:1:2: h?x: unknown key \"h?x\"" },
        { DOC_PORTS("{\"name\": \"vm1\", \"type\": \"tap\", \"mode\":"
                    " \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
                    "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
                    "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}"),
          "t.json:2:40: bridges[0].ports[0].mode: unknown mode \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
          "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
          "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...\" (expected access or trunk)" },
    };

    EXPECT_ERRORS(cases);
}

/* Memory.  LeakSanitizer (the ASan run of `make check`) reports anything
 * these failing loads leave behind when the test process exits. */

Test(config_json, failed_loads_free_everything_they_built)
{
    static const char *const docs[] = {
        /* Fails in the second bridge, after the first has flows, ports,
         * VLANs and static MACs allocated. */
        "{\"cli\": {\"users\": [{\"name\": \"a\", \"secret\": \"" HASH_A "\"}]},\n"
        " \"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 1}],\n"
        "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}],\n"
        "  \"static_macs\": [{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 1, \"port\": \"vm1\"}],\n"
        "  \"flows\": [\"priority=1 actions=NORMAL\", \"priority=0 actions=drop\"]},\n"
        "  {\"name\": \"br1\", \"flows\": [\"a\", \"b\", 3]}]}",
        /* Fails in the middle of a flow list. */
        DOC_BRIDGES("{\"name\": \"br0\", \"flows\": [\"actions=drop\", \"actions=NORMAL\", \"\","
                    " \"c\"]}"),
        /* Fails only in the checks after everything was built. */
        DOC_BRIDGES("{\"name\": \"br0\", \"flows\": [\"actions=NORMAL\"], \"ports\": ["
                    "{\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"nowhere\"}]}"),
        /* Fails in the first element of each array kind. */
        "{\"cli\": {\"users\": [{\"name\": 1}]}}",
        DOC_BRIDGES("{\"name\": \"br0\", \"vlans\": [{\"id\": 0}]}"),
        DOC_STATIC_MAC("{\"mac\": \"x\"}"),
        "{\"bridges\": [{\"name\": \"br0\"}, 7]}",
    };

    for (size_t i = 0; i < ARRAY_SIZE(docs); i++) {
        char err[CONFIG_ERR_MAX] = "";

        cr_expect_null(config_parse_string(docs[i], "t.json", err, sizeof err), "case %zu loaded",
                       i);
        cr_expect_str_not_empty(err, "case %zu has no message", i);
    }
}

/* Flows: each is checked by net/flow_parse.c's parser at load time, and a bad
 * one fails the load with the parser's message at the flow's string. */

Test(config_json, openstack_agent_flows_load)
{
    struct switch_config *cfg = load_ok(DOC_BRIDGES(
        "{\"name\": \"br-eth1\", \"flows\": ["
        "\"priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL\","
        " \"priority=2,in_port=1 actions=drop\", \"priority=1 actions=NORMAL\"]},"
        " {\"name\": \"br-int\", \"flows\": ["
        "\"priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL\","
        " \"priority=2,in_port=6 actions=drop\", \"priority=1 actions=NORMAL\"]}"));

    cr_assert_eq(cfg->bridges[0].n_flows, 3);
    cr_assert_eq(cfg->bridges[1].n_flows, 3);
    cr_assert_str_eq(cfg->bridges[1].flows[0],
                     "priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL");
    config_free(cfg);
}

Test(config_json, bad_flows_fail_with_the_flow_parser_message)
{
#define FLOWS3(third) \
    DOC_BRIDGES("{\"name\": \"br0\", \"flows\": [\"priority=1 actions=NORMAL\"," \
                " \"actions=drop\", \"" third "\"]}")
    static const struct bad_case cases[] = {
        { FLOWS3("foo=1 actions=drop"),
          "t.json:2:72: bridges[0].flows[2]: unknown keyword foo" },
        { FLOWS3("priority=1"),
          "t.json:2:72: bridges[0].flows[2]: must specify an action" },
        { FLOWS3("tp_dst=80 actions=drop"),
          "t.json:2:72: bridges[0].flows[2]: prerequisites not met for setting tp_dst (needs"
          " tcp, udp or sctp: dl_type=0x0800 and nw_proto=6, 17 or 132)" },
        { FLOWS3("in_port=1 actions=mod_vlan_vid:5000,NORMAL"),
          "t.json:2:72: bridges[0].flows[2]: 5000: not a valid VLAN VID" },
        { FLOWS3("dl_vlan=1 actions=resubmit(,1)"),
          "t.json:2:72: bridges[0].flows[2]: unsupported action resubmit" },
        { DOC_BRIDGES("{\"name\": \"br0\"}, {\"name\": \"br1\", \"flows\": [\"priority=x"
                      " actions=drop\"]}"),
          "t.json:2:44: bridges[1].flows[0]: invalid priority \"x\"" },
    };
#undef FLOWS3

    EXPECT_ERRORS(cases);
}
