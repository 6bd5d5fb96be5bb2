/* The VXLAN keys (switchd/config.h struct config_vxlan on a vxlan port,
 * config_vlan.vn_segment; docs/config.md): defaults, loading, the normal
 * form (a vnis port's VLAN policy), errors with their exact messages,
 * validation of configs built in memory, export of what was set only,
 * clone, comparison, diff and the round trip. */

#include <criterion/criterion.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "render_config.h"

static struct switch_config *
load(const char *text, char err[CONFIG_ERR_MAX])
{
    return config_parse_string(text, "t.json", err, CONFIG_ERR_MAX);
}

static uint32_t
ip(const char *s)
{
    struct in_addr in;

    cr_assert_eq(inet_pton(AF_INET, s, &in), 1);
    return in.s_addr;
}

#define BRIDGE "{\"version\": 1, \"bridges\": [{\"name\": \"br0\""
#define VX(obj) BRIDGE ", \"ports\": [{\"name\": \"vx1\", \"type\": \"vxlan\", \"vxlan\": " obj "}]}]}"

static const char all_set[] =
    "{\"version\": 1, \"bridges\": [{\"name\": \"br0\",\n"
    " \"vlans\": [{\"id\": 100, \"vn_segment\": 10100}, {\"id\": 200, \"name\": \"blue\"},\n"
    "            {\"id\": 300, \"vn_segment\": 10300}],\n"
    " \"ports\": [\n"
    "  {\"name\": \"vm1\", \"type\": \"tap\", \"access_vlan\": 100, \"mode\": \"access\"},\n"
    "  {\"name\": \"nve1\", \"type\": \"vxlan\", \"vxlan\": {\"source_interface\": \"lo\",\n"
    "   \"udp_port\": 4790, \"remote_ips\": [\"10.0.0.2\", \"10.0.0.3\"],\n"
    "   \"vnis\": [{\"vni\": 10300, \"vlan\": 300, \"remote_ips\": [\"10.0.0.9\"]},\n"
    "            {\"vni\": 10100, \"vlan\": 100},\n"
    "            {\"vni\": 10200, \"vlan\": 200}],\n"
    "   \"tos\": 16, \"ttl\": 32, \"df_default\": false}},\n"
    "  {\"name\": \"vx2\", \"type\": \"vxlan\", \"access_vlan\": 200, \"mode\": \"access\",\n"
    "   \"vxlan\": {\"local_ip\": \"10.0.0.1\", \"remote_ips\": [\"10.0.0.4\"], \"key\": 5000}},\n"
    "  {\"name\": \"vx3\", \"type\": \"vxlan\", \"vxlan\": {\"key\": \"flow\"}},\n"
    "  {\"name\": \"vx4\", \"type\": \"vxlan\"}]}]}";

Test(config_vxlan, every_key_loads)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(all_set, err);
    const struct config_bridge *br;
    const struct config_vxlan *vx;

    cr_assert_not_null(cfg, "%s", err);
    br = &cfg->bridges[0];
    cr_assert_eq(br->n_vlans, 4);
    cr_expect_eq(br->vlans[0].vn_segment, CONFIG_VN_SEGMENT_NONE);    /* VLAN 1 */
    cr_expect_eq(br->vlans[1].vn_segment, 10100);
    cr_expect_eq(br->vlans[2].vn_segment, CONFIG_VN_SEGMENT_NONE);
    cr_expect_eq(br->vlans[3].vn_segment, 10300);

    cr_expect_null(br->ports[0].vxlan);
    vx = br->ports[1].vxlan;
    cr_assert_not_null(vx);
    cr_expect_eq(vx->local_ip, 0);
    cr_expect_str_eq(vx->source_interface, "lo");
    cr_expect_eq(vx->udp_port, 4790);
    cr_assert_eq(vx->n_remotes, 2);
    cr_expect_eq(vx->remotes[0], ip("10.0.0.2"));
    cr_expect_eq(vx->remotes[1], ip("10.0.0.3"));
    cr_expect_eq(vx->tos, 16);
    cr_expect_eq(vx->ttl, 32);
    cr_expect_not(vx->df);
    /* Sorted by VLAN (normal form). */
    cr_assert_eq(vx->n_vnis, 3);
    cr_expect_eq(vx->vnis[0].vlan, 100);
    cr_expect_eq(vx->vnis[0].vni, 10100);
    cr_expect_eq(vx->vnis[0].n_remotes, 0);
    cr_expect_eq(vx->vnis[1].vlan, 200);
    cr_expect_eq(vx->vnis[2].vlan, 300);
    cr_expect_eq(vx->vnis[2].n_remotes, 1);
    cr_expect_eq(vx->vnis[2].remotes[0], ip("10.0.0.9"));
    cr_expect_eq(config_vxlan_vni_of_vni(vx, 10200), &vx->vnis[1]);
    cr_expect_eq(config_vxlan_vni_of_vlan(vx, 300), &vx->vnis[2]);
    cr_expect_null(config_vxlan_vni_of_vlan(vx, 400));
    /* A vnis port is a trunk of the mapped VLANs, no native VLAN. */
    cr_expect_eq(br->ports[1].vlan.mode, VLAN_MODE_TRUNK);
    cr_expect_eq(br->ports[1].vlan.native_vid, 0);
    cr_expect(vlan_set_contains(&br->ports[1].vlan.allowed, 100));
    cr_expect(vlan_set_contains(&br->ports[1].vlan.allowed, 200));
    cr_expect(vlan_set_contains(&br->ports[1].vlan.allowed, 300));
    cr_expect_not(vlan_set_contains(&br->ports[1].vlan.allowed, 1));
    cr_expect_not(vlan_set_contains(&br->ports[1].vlan.allowed, 400));

    vx = br->ports[2].vxlan;
    cr_assert_not_null(vx);
    cr_expect_eq(vx->local_ip, ip("10.0.0.1"));
    cr_expect_eq(vx->key, 5000);
    cr_expect_eq(br->ports[2].vlan.mode, VLAN_MODE_ACCESS);
    cr_expect_eq(br->ports[2].vlan.access_vid, 200);
    cr_expect_eq(br->ports[3].vxlan->key, CONFIG_VXLAN_KEY_FLOW);
    config_free(cfg);
}

Test(config_vxlan, defaults)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(VX("{}"), err);
    const struct config_vxlan *vx;
    char *json;

    cr_assert_not_null(cfg, "%s", err);
    vx = cfg->bridges[0].ports[0].vxlan;
    cr_assert_not_null(vx);
    cr_expect_eq(vx->udp_port, 4789);
    cr_expect_eq(vx->ttl, 64);
    cr_expect(vx->df);
    cr_expect_eq(vx->key, 0);
    cr_expect_eq(vx->n_remotes, 0);
    cr_expect_eq(vx->n_vnis, 0);
    cr_expect_null(vx->vnis);
    cr_expect_eq(vx->local_ip, 0);
    cr_expect_eq(vx->tos, 0);
    /* Only what is set is written: an empty object; no vn_segment. */
    json = config_to_json(cfg);
    cr_assert_not_null(json);
    cr_expect_not_null(strstr(json, "\"vxlan\": {}"), "%s", json);
    cr_expect_null(strstr(json, "vn_segment"), "%s", json);
    free(json);
    config_free(cfg);
}

/* A vxlan port without "vxlan" gets the defaults (normal form), a VLAN the
 * loader makes (VLAN 1, an access port's) has no vn_segment. */
Test(config_vxlan, normal_form_without_object)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg =
        load(BRIDGE ", \"ports\": [{\"name\": \"vx1\", \"type\": \"vxlan\", \"mode\": \"access\","
             " \"access_vlan\": 100}]}]}", err);

    cr_assert_not_null(cfg, "%s", err);
    cr_assert_not_null(cfg->bridges[0].ports[0].vxlan);
    cr_expect_eq(cfg->bridges[0].ports[0].vxlan->udp_port, 4789);
    cr_assert_eq(cfg->bridges[0].n_vlans, 2);
    cr_expect_eq(cfg->bridges[0].vlans[0].vn_segment, CONFIG_VN_SEGMENT_NONE);
    cr_expect_eq(cfg->bridges[0].vlans[1].vn_segment, CONFIG_VN_SEGMENT_NONE);
    config_free(cfg);
}

static void
expect_round_trip(const char *text)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(text, err), *again, *copy;
    char *json, *json2;

    cr_assert_not_null(cfg, "%s", err);
    json = config_to_json(cfg);
    cr_assert_not_null(json);
    again = load(json, err);
    cr_assert_not_null(again, "%s\n%s", err, json);
    cr_expect(config_equal(cfg, again), "%s", json);
    json2 = config_to_json(again);
    cr_expect_str_eq(json, json2);
    copy = config_clone(cfg);
    cr_assert_not_null(copy);
    cr_expect(config_equal(cfg, copy));
    /* The copy owns its own objects. */
    for (size_t p = 0; p < cfg->bridges[0].n_ports; p++)
        if (cfg->bridges[0].ports[p].vxlan) {
            cr_expect_neq(copy->bridges[0].ports[p].vxlan, cfg->bridges[0].ports[p].vxlan);
            if (cfg->bridges[0].ports[p].vxlan->n_vnis)
                cr_expect_neq(copy->bridges[0].ports[p].vxlan->vnis,
                              cfg->bridges[0].ports[p].vxlan->vnis);
        }
    config_free(cfg);
    free(json2);
    config_free(again);
    free(json);
    config_free(copy);
}

Test(config_vxlan, round_trip)
{
    expect_round_trip(all_set);
    expect_round_trip(VX("{}"));
    expect_round_trip(VX("{\"key\": 0, \"ttl\": 64, \"udp_port\": 4789, \"df_default\": true}"));
}

Test(config_vxlan, export_writes_what_is_set)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(all_set, err);
    char *json;

    cr_assert_not_null(cfg, "%s", err);
    json = config_to_json(cfg);
    cr_assert_not_null(json);
    cr_expect_not_null(strstr(json, "\"vn_segment\": 10100"), "%s", json);
    cr_expect_not_null(strstr(json, "\"key\": \"flow\""), "%s", json);
    cr_expect_not_null(strstr(json, "\"key\": 5000"), "%s", json);
    cr_expect_not_null(strstr(json, "\"local_ip\": \"10.0.0.1\""), "%s", json);
    cr_expect_not_null(strstr(json, "\"df_default\": false"), "%s", json);
    cr_expect_not_null(strstr(json, "\"udp_port\": 4790"), "%s", json);
    /* The vnis port has no VLAN keys: exactly two "mode" keys (vm1, vx2)
     * plus vx3 and vx4 with theirs. */
    {
        size_t n = 0;

        for (const char *s = json; (s = strstr(s, "\"mode\"")); s++)
            n++;
        cr_expect_eq(n, 4, "%s", json);
    }
    free(json);
    config_free(cfg);
}

Test(config_vxlan, equal_and_diff_see_every_field)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *a = load(all_set, err), *b;
    struct config_diff d;
    struct config_vxlan *vx;

    cr_assert_not_null(a, "%s", err);
#define MUTATE(stmt)                                                        \
    do {                                                                    \
        b = config_clone(a);                                                \
        cr_assert_not_null(b);                                              \
        vx = b->bridges[0].ports[1].vxlan;                                  \
        (void) vx;                                                          \
        stmt;                                                               \
        cr_expect_not(config_equal(a, b), "%s", #stmt);                     \
        config_diff(a, b, &d);                                              \
        cr_expect(d.ports_changed + d.bridges_changed == 1, "%s", #stmt);   \
        config_free(b);                                                     \
    } while (0)
    MUTATE(vx->local_ip = ip("10.9.9.9"));
    MUTATE(vx->source_interface[0] = 'x');
    MUTATE(vx->udp_port = 1);
    MUTATE(vx->remotes[1] = ip("10.9.9.9"));
    MUTATE(vx->n_remotes = 1);
    MUTATE(vx->vnis[0].vni = 1);
    MUTATE(vx->vnis[0].vlan = 5);
    MUTATE(vx->vnis[2].n_remotes = 0);
    MUTATE(vx->n_vnis = 2);
    MUTATE(vx->tos = 1);
    MUTATE(vx->ttl = 1);
    MUTATE(vx->df = true);
    MUTATE(b->bridges[0].ports[2].vxlan->key = 7);
    MUTATE(b->bridges[0].vlans[1].vn_segment = 7);
#undef MUTATE
    config_free(a);
}

Test(config_vxlan, vni_add_and_remove_keep_order)
{
    struct config_vxlan *vx = config_vxlan_new();

    cr_assert_not_null(vx);
    cr_assert_not_null(config_vxlan_vni_add(vx, 10300, 300));
    cr_assert_not_null(config_vxlan_vni_add(vx, 10100, 100));
    cr_assert_not_null(config_vxlan_vni_add(vx, 10200, 200));
    cr_assert_eq(vx->n_vnis, 3);
    cr_expect_eq(vx->vnis[0].vlan, 100);
    cr_expect_eq(vx->vnis[1].vlan, 200);
    cr_expect_eq(vx->vnis[2].vlan, 300);
    cr_expect(config_vxlan_vni_remove(vx, 10200));
    cr_expect_not(config_vxlan_vni_remove(vx, 10200));
    cr_assert_eq(vx->n_vnis, 2);
    cr_expect_eq(vx->vnis[1].vni, 10300);
    cr_expect(config_vxlan_vni_remove(vx, 10100));
    cr_expect(config_vxlan_vni_remove(vx, 10300));
    cr_expect_null(vx->vnis);
    config_vxlan_free(vx);
}

/* Removing a vxlan port frees its object (ASan would see the leak). */
Test(config_vxlan, remove_port_frees_it)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(all_set, err);

    cr_assert_not_null(cfg, "%s", err);
    config_bridge_remove_port(&cfg->bridges[0], "nve1");
    cr_expect_eq(cfg->bridges[0].n_ports, 4);
    config_free(cfg);
}

struct bad {
    const char *text, *err;
};

static const struct bad bad[] = {
    { VX("{\"local_ip\": \"10.0.0\"}"),
      "t.json:1:109: bridges[0].ports[0].vxlan.local_ip: invalid IPv4 address \"10.0.0\""
      " (expected e.g. 192.0.2.1)" },
    { VX("{\"local_ip\": \"224.0.0.1\"}"),
      "t.json:1:109: bridges[0].ports[0].vxlan.local_ip: 224.0.0.1 is not a unicast IPv4"
      " address (expected e.g. 192.0.2.1)" },
    { VX("{\"remote_ips\": [\"10.0.0.2\", \"0.0.0.0\"]}"),
      "t.json:1:124: bridges[0].ports[0].vxlan.remote_ips[1]: 0.0.0.0 is not a unicast IPv4"
      " address (expected e.g. 192.0.2.1)" },
    { VX("{\"remote_ips\": [\"10.0.0.2\", \"10.0.0.2\"]}"),
      "t.json:1:124: bridges[0].ports[0].vxlan.remote_ips[1]: duplicate remote 10.0.0.2"
      " (first at remote_ips[0])" },
    { VX("{\"local_ip\": \"10.0.0.1\", \"remote_ips\": [\"10.0.0.1\"]}"),
      "t.json:1:136: bridges[0].ports[0].vxlan.remote_ips[0]: remote 10.0.0.1 is the local"
      " address (local_ip)" },
    { VX("{\"local_ip\": \"10.0.0.1\", \"source_interface\": \"eth0\"}"),
      "t.json:1:141: bridges[0].ports[0].vxlan.source_interface: source_interface given with"
      " local_ip (the local address is one or the other)" },
    { VX("{\"udp_port\": 0}"),
      "t.json:1:109: bridges[0].ports[0].vxlan.udp_port: invalid UDP port 0 (expected"
      " 1-65535)" },
    { VX("{\"key\": 16777216}"),
      "t.json:1:104: bridges[0].ports[0].vxlan.key: invalid VNI 16777216 (expected"
      " 0-16777215)" },
    { VX("{\"key\": \"any\"}"),
      "t.json:1:104: bridges[0].ports[0].vxlan.key: unknown key \"any\" (expected a VNI"
      " 0-16777215 or \"flow\")" },
    { VX("{\"key\": 1, \"vnis\": []}"),
      "t.json:1:115: bridges[0].ports[0].vxlan.vnis: vnis given with key (a port has one"
      " or the other)" },
    { VX("{\"ttl\": 0}"),
      "t.json:1:104: bridges[0].ports[0].vxlan.ttl: invalid TTL 0 (expected 1-255)" },
    { VX("{\"tos\": 256}"),
      "t.json:1:104: bridges[0].ports[0].vxlan.tos: invalid TOS 256 (expected 0-255)" },
    { VX("{\"vnis\": [{\"vni\": 1}]}"),
      "t.json:1:106: bridges[0].ports[0].vxlan.vnis[0]: missing key \"vlan\"" },
    { VX("{\"vnis\": [{\"vni\": 1, \"vlan\": 10}, {\"vni\": 1, \"vlan\": 20}]}"),
      "t.json:1:138: bridges[0].ports[0].vxlan.vnis[1].vni: duplicate VNI 1 (first at"
      " vnis[0])" },
    { VX("{\"vnis\": [{\"vni\": 1, \"vlan\": 10}, {\"vni\": 2, \"vlan\": 10}]}"),
      "t.json:1:149: bridges[0].ports[0].vxlan.vnis[1].vlan: VLAN 10 is mapped twice (first"
      " at vnis[0]; a VLAN travels in one VNI)" },
    { VX("{\"vnis\": [{\"vni\": 1, \"vlan\": 10, \"remote_ips\": [\"1.2.3.4\", \"1.2.3.4\"]}]}"),
      "t.json:1:155: bridges[0].ports[0].vxlan.vnis[0].remote_ips[1]: duplicate remote"
      " 1.2.3.4 (first at remote_ips[0])" },
    { VX("{\"color\": 1}"),
      "t.json:1:97: bridges[0].ports[0].vxlan.color: unknown key \"color\"" },
    { BRIDGE ", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"vxlan\": {}}]}]}",
      "t.json:1:94: bridges[0].ports[0].vxlan: vxlan given for a tap port (only vxlan ports"
      " have one)" },
    { BRIDGE ", \"ports\": [{\"name\": \"vx1\", \"type\": \"vxlan\", \"mode\": \"trunk\","
      " \"vxlan\": {\"vnis\": [{\"vni\": 1, \"vlan\": 10}]}}]}]}",
      "t.json:1:95: bridges[0].ports[0].mode: mode given for a vxlan port with vnis (its VLAN"
      " policy is a trunk of the mapped VLANs)" },
    { BRIDGE ", \"ports\": [{\"name\": \"vx1\", \"type\": \"vxlan\", \"bond\": \"po1\"}]}]}",
      "t.json:1:95: bridges[0].ports[0].bond: bond \"po1\" given for a vxlan port (only tap"
      " and system ports can be bond members)" },
    { BRIDGE ", \"ports\": [{\"name\": \"vx1\", \"type\": \"vxlan\", \"mtu\": 1400}]}]}",
      "t.json:1:94: bridges[0].ports[0].mtu: mtu given for a vxlan port (only tap, internal"
      " and system ports have a netdev)" },
    { BRIDGE ", \"vlans\": [{\"id\": 10, \"vn_segment\": 0}]}]}",
      "t.json:1:79: bridges[0].vlans[0].vn_segment: invalid vn-segment 0 (expected"
      " 1-16777215)" },
    { BRIDGE ", \"vlans\": [{\"id\": 10, \"vn_segment\": 5}, {\"id\": 20, \"vn_segment\": 5}]}]}",
      "t.json:1:108: bridges[0].vlans[1].vn_segment: vn_segment 5 is also VLAN 10's (first at"
      " bridges[0].vlans[0])" },
    { BRIDGE ", \"vlans\": [{\"id\": 10, \"vn_segment\": 5}], \"ports\": [{\"name\": \"vx1\","
      " \"type\": \"vxlan\", \"vxlan\": {\"vnis\": [{\"vni\": 6, \"vlan\": 10}]}}]}]}",
      "t.json:1:154: bridges[0].ports[0].vxlan.vnis[0].vni: VNI 6 for VLAN 10, whose"
      " vn_segment is 5" },
    { "{\"version\": 1, \"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"vx1\","
      " \"type\": \"vxlan\"}]}], \"monitor_sessions\": [{\"session\": 1, \"destination\":"
      " \"vx1\"}]}",
      "t.json:1:142: monitor_sessions[0].destination: port \"vx1\" is a vxlan port (a"
      " destination is a tap, internal or system port)" },
};

Test(config_vxlan, bad_files)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[CONFIG_ERR_MAX];
        struct switch_config *cfg = load(bad[i].text, err);

        cr_expect_null(cfg, "for %s", bad[i].text);
        cr_expect_str_eq(err, bad[i].err, "got %s", err);
        config_free(cfg);
    }
}

/* config_validate() applies the same rules to a config built in memory
 * and gives it the normal form. */
Test(config_vxlan, validate_in_memory)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = load(all_set, err);
    struct config_vxlan *vx;

    cr_assert_not_null(cfg, "%s", err);
    vx = cfg->bridges[0].ports[1].vxlan;
    vx->remotes[1] = vx->remotes[0];
    cr_expect_not(config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "bridges[0].ports[1].vxlan.remote_ips[1]: duplicate remote 10.0.0.2"
                     " (first at remote_ips[0])");
    vx->n_remotes = 1;
    cr_assert_not_null(config_vxlan_vni_add(vx, 10050, 50));
    cr_expect(config_validate(cfg, err, sizeof err), "%s", err);
    cr_expect(vlan_set_contains(&cfg->bridges[0].ports[1].vlan.allowed, 50));
    cfg->bridges[0].vlans[1].vn_segment = 10200;    /* VLAN 100, mapped to 10100 */
    cr_expect_not(config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "bridges[0].ports[1].vxlan.vnis[1].vni: VNI 10100 for VLAN 100,"
                     " whose vn_segment is 10200");
    cfg->bridges[0].vlans[1].vn_segment = CONFIG_VN_SEGMENT_NONE;
    cfg->bridges[0].ports[0].vxlan = config_vxlan_new();
    cr_expect_not(config_validate(cfg, err, sizeof err));
    cr_expect_str_eq(err, "bridges[0].ports[0].vxlan: vxlan given for a tap port (only vxlan"
                     " ports have one)");
    config_free(cfg);
}

/* running-config (shell/render_config.c): feature lines, vn-segment under
 * the VLANs, and the NX-OS block of a vxlan port with a map; the OVS
 * settings as `vxlan ...` lines. */
Test(config_vxlan, running_config)
{
    char err[CONFIG_ERR_MAX], *text = NULL;
    struct switch_config *cfg = load(all_set, err);
    size_t len = 0;
    FILE *f;

    cr_assert_not_null(cfg, "%s", err);
    f = open_memstream(&text, &len);
    cr_assert_not_null(f);
    render_config(f, cfg);
    fclose(f);
    cr_expect_not_null(strstr(text, "feature nv overlay\nfeature vn-segment-vlan-based\n!\n"),
                       "%s", text);
    cr_expect_not_null(strstr(text, "vlan 100\n vn-segment 10100\n"), "%s", text);
    cr_expect_not_null(strstr(text, "interface nve1\n source-interface lo\n vxlan udp-port 4790\n"
                              " vxlan peer-ip 10.0.0.2\n vxlan peer-ip 10.0.0.3\n vxlan tos 16\n"
                              " vxlan ttl 32\n no vxlan df-default\n member vni 10100\n"
                              " member vni 10200\n member vni 10300\n"
                              "  ingress-replication protocol static\n   peer-ip 10.0.0.9\n!\n"),
                       "%s", text);
    cr_expect_not_null(strstr(text, "interface vx2\n switchport access vlan 200\n"
                              " switchport mode access\n source-address 10.0.0.1\n"
                              " vxlan key 5000\n vxlan peer-ip 10.0.0.4\n!\n"), "%s", text);
    cr_expect_not_null(strstr(text, "interface vx3\n switchport mode trunk\n vxlan key flow\n!\n"),
                       "%s", text);
    cr_expect_not_null(strstr(text, " port nve1 type vxlan ofport 2\n"), "%s", text);
    free(text);
    config_free(cfg);
}
