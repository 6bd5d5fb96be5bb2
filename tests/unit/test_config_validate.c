/* Unit tests for config_validate(), config_clone() and config_equal()
 * (switchd/config.h), and for the loader rules added with them: the new
 * keys (cli.telnet.idle_timeout_s, vlan_dot1q_tag_native, listen ""), the
 * 240-byte description, the VLAN database rules and bonds.
 *
 * config_validate() is given a loaded base configuration with one field
 * broken per case, and must answer with the exact "JSON.PATH: message",
 * the loader's wording without "FILE:LINE:COLUMN: ". */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_gen.h"
#include "frame.h"
#include "util.h"

/* Two bridges joined by a patch pair; after loading:
 *   bridges[0] br-int:  vlans [1 default, 10 ten]; ports vm1 (access 10, ofport 1),
 *                       int-br-eth1 (patch, 2), vm2 (tap, 3); one static MAC, one flow
 *   bridges[1] br-eth1: vlans [1 default]; ports phy-br-eth1 (patch, 1), eth1 (system, 2,
 *                       member of Po1), Po1 (bond, 3) */
static const char base_json[] =
    "{\"hostname\": \"sw1\",\n"
    " \"cli\": {\"telnet\": {\"listen\": \"127.0.0.1:2323\"},\n"
    "         \"users\": [{\"name\": \"admin\", \"secret\": \"$6$a$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe.29lDamlSD.\"},\n"
    "                   {\"name\": \"ops\", \"secret\": \"$6$c$TMxy8SHhJ8qKucCw/wNhHayye7JIJ32IPaJeCpb3x1wXxzdxBNB6C3Kk5WoJfFSRG0ZKtuscq1gSTTjwGqKgk/\"}],\n"
    "         \"enable_secret\": \"$6$e$ToaYtYxfbA/oB.KeJq8upwHnTVbebM9qGPMeGl.2E/Kc0TUJjS8y9mbuOHzVe2AxOwEsxKHTith1WXTidQECt/\"},\n"
    " \"bridges\": [\n"
    "  {\"name\": \"br-int\", \"vlans\": [{\"id\": 10, \"name\": \"ten\"}],\n"
    "   \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10},\n"
    "             {\"name\": \"int-br-eth1\", \"type\": \"patch\", \"peer\": \"phy-br-eth1\"},\n"
    "             {\"name\": \"vm2\", \"type\": \"tap\"}],\n"
    "   \"static_macs\": [{\"mac\": \"52:54:00:00:00:01\", \"vlan\": 10, \"port\": \"vm1\"}],\n"
    "   \"flows\": [\"priority=1 actions=NORMAL\"]},\n"
    "  {\"name\": \"br-eth1\",\n"
    "   \"ports\": [{\"name\": \"phy-br-eth1\", \"type\": \"patch\", \"peer\": \"int-br-eth1\"},\n"
    "             {\"name\": \"eth1\", \"type\": \"system\", \"bond\": \"Po1\"},\n"
    "             {\"name\": \"Po1\", \"type\": \"bond\", \"lacp\": \"active\"}]}]}";

static struct switch_config *
load_ok(const char *json)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "config did not load: %s\n%s", err, json);
    return cfg;
}

static struct switch_config *
base(void)
{
    return load_ok(base_json);
}

/* Appends a static MAC to bridge 0. */
static struct config_static_mac *
add_static_mac(struct switch_config *c, const char *mac, uint16_t vlan, const char *port)
{
    struct config_bridge *br = &c->bridges[0];
    struct config_static_mac *m;

    br->static_macs = realloc(br->static_macs, (br->n_static_macs + 1) * sizeof *m);
    cr_assert_not_null(br->static_macs);
    m = &br->static_macs[br->n_static_macs++];
    memset(m, 0, sizeof *m);
    cr_assert(eth_addr_parse(mac, m->mac));
    m->vlan = vlan;
    strcpy(m->port, port);
    return m;
}

/* Cases: one function breaking one thing, and the exact message. */

struct validate_case {
    const char *what;
    void (*mutate)(struct switch_config *);
    const char *err;
};

#define P0(c) (&(c)->bridges[0].ports[0])     /* vm1 */
#define P1(c) (&(c)->bridges[0].ports[1])     /* int-br-eth1 */
#define P2(c) (&(c)->bridges[0].ports[2])     /* vm2 */
#define ETH1(c) (&(c)->bridges[1].ports[1])   /* eth1, member of Po1 */
#define PO1(c) (&(c)->bridges[1].ports[2])    /* Po1 */
#define NAME_RULE "(expected letters, digits, '.', '_' or '-', starting with a letter or digit)"

static void run_cases(const struct validate_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct switch_config *cfg = base(), *before;
        char err[CONFIG_ERR_MAX] = "";

        cases[i].mutate(cfg);
        before = config_clone(cfg);
        cr_assert_not_null(before);
        cr_expect_not(config_validate(cfg, err, sizeof err), "%s: validated", cases[i].what);
        cr_expect(!strcmp(err, cases[i].err), "%s:\n got: %s\nwant: %s", cases[i].what, err,
                  cases[i].err);
        cr_expect(config_equal(cfg, before), "%s: a failed validation changed the config",
                  cases[i].what);
        config_free(before);
        config_free(cfg);
    }
}

#define RUN_CASES(cases) run_cases(cases, ARRAY_SIZE(cases))
#define MUTATOR(name, ...) static void name(struct switch_config *c) { __VA_ARGS__; }

/* Values one by one. */

MUTATOR(bad_hostname, strcpy(c->hostname, "my switch"))
MUTATOR(hostname_fills_its_array, memset(c->hostname, 'a', sizeof c->hostname))
MUTATOR(bad_listen, strcpy(c->telnet_listen, "localhost:23"))
MUTATOR(idle_too_long, c->telnet_idle_timeout_s = CONFIG_TELNET_IDLE_MAX_S + 1)
MUTATOR(console_idle_too_long, c->console_idle_timeout_s = CONFIG_TELNET_IDLE_MAX_S + 1)
MUTATOR(empty_user_name, c->users[1].name[0] = '\0')
MUTATOR(user_name_with_space, strcpy(c->users[0].name, "a b"))
MUTATOR(secret_with_space, strcpy(c->users[0].secret, "hunter 2"))
MUTATOR(enable_secret_with_space, strcpy(c->enable_secret, "hunter 2"))
MUTATOR(bad_bridge_name, strcpy(c->bridges[0].name, "br/0"))
MUTATOR(aging_too_long, c->bridges[1].mac_aging_s = 1000001)
MUTATOR(table_size_0, c->bridges[0].mac_table_size = 0)
MUTATOR(table_size_too_big, c->bridges[0].mac_table_size = 16777217)
MUTATOR(vlan_id_4095, c->bridges[0].vlans[1].id = 4095)
MUTATOR(vlan_id_0, c->bridges[0].vlans[1].id = 0)
MUTATOR(vlan_name_with_space, strcpy(c->bridges[0].vlans[1].name, "ten x"))
MUTATOR(vlan_1_renamed, strcpy(c->bridges[0].vlans[0].name, "native"))
MUTATOR(bad_port_name, strcpy(P0(c)->name, "vm 1"))
MUTATOR(empty_port_name, P2(c)->name[0] = '\0')
MUTATOR(bad_port_type, P0(c)->type = 9)
MUTATOR(ofport_too_big, P0(c)->ofport = 65280)
MUTATOR(access_vid_0, P0(c)->vlan.access_vid = 0)
MUTATOR(access_vid_0_on_trunk, P2(c)->vlan.access_vid = 0)     /* the export writes it */
MUTATOR(native_vid_4095, P2(c)->vlan.native_vid = 4095)
MUTATOR(bad_mode, P2(c)->vlan.mode = 7)
/* vlan_set_add() refuses 4095: set the bit the way a bug would. */
MUTATOR(allowed_4095, P2(c)->vlan.allowed.bits[4095 / 64] |= 1ULL << (4095 % 64))
MUTATOR(description_tab, strcpy(P0(c)->description, "a\tb"))
MUTATOR(description_latin1, strcpy(P0(c)->description, "caf\xe9"))
MUTATOR(description_overlong_utf8, strcpy(P0(c)->description, "\xc0\xaf"))
MUTATOR(description_surrogate, strcpy(P0(c)->description, "\xed\xa0\x80"))
MUTATOR(description_fills_its_array,
        memset(P0(c)->description, 'x', sizeof P0(c)->description))
MUTATOR(peer_on_tap, strcpy(P0(c)->peer, "x"))
MUTATOR(empty_patch_peer, P1(c)->peer[0] = '\0')
MUTATOR(multicast_static_mac, c->bridges[0].static_macs[0].mac[0] = 0x01)
MUTATOR(static_mac_vlan_0, c->bridges[0].static_macs[0].vlan = 0)
MUTATOR(bad_static_mac_port, strcpy(c->bridges[0].static_macs[0].port, "-vm1"))
MUTATOR(empty_flow, c->bridges[0].flows[0][0] = '\0')
MUTATOR(flow_with_newline, strcpy(c->bridges[0].flows[0], "a\nb"))
MUTATOR(null_flow, free(c->bridges[0].flows[0]); c->bridges[0].flows[0] = NULL)
MUTATOR(count_without_array, free(c->bridges[1].ports); c->bridges[1].ports = NULL)
MUTATOR(bad_bond_name, strcpy(ETH1(c)->bond, "Po 1"))
MUTATOR(bond_fills_its_array, memset(ETH1(c)->bond, 'P', sizeof ETH1(c)->bond))
MUTATOR(bad_bond_mode, PO1(c)->bond_cfg.mode = 7)
MUTATOR(bad_lacp, PO1(c)->bond_cfg.lacp = 3)
MUTATOR(lacp_priority_0, c->lacp_system_priority = 0)
MUTATOR(bad_load_balance, c->port_channel_load_balance = 2)

Test(config_validate, each_bad_value_is_refused_with_its_path_and_the_loader_message)
{
    static const struct validate_case cases[] = {
        { "hostname", bad_hostname,
          "hostname: invalid hostname \"my switch\" " NAME_RULE },
        { "hostname unterminated", hostname_fills_its_array,
          "hostname: not a NUL-terminated string (at most 63 bytes)" },
        { "listen", bad_listen,
          "cli.telnet.listen: invalid listen address \"localhost:23\" (expected IPV4:PORT"
          " or [IPV6]:PORT, e.g. 127.0.0.1:2323)" },
        { "idle timeout", idle_too_long,
          "cli.telnet.idle_timeout_s: invalid idle timeout 2147484 (expected 0-2147483"
          " seconds, 0 = never)" },
        { "console idle timeout", console_idle_too_long,
          "cli.console.idle_timeout_s: invalid idle timeout 2147484 (expected 0-2147483"
          " seconds, 0 = never)" },
        { "empty user name", empty_user_name, "cli.users[1].name: empty user name" },
        { "user name", user_name_with_space,
          "cli.users[0].name: invalid user name \"a b\" (expected printable ASCII without"
          " spaces)" },
        { "secret", secret_with_space,
          "cli.users[0].secret: invalid secret (expected printable ASCII without spaces)" },
        { "enable secret", enable_secret_with_space,
          "cli.enable_secret: invalid enable secret (expected printable ASCII without"
          " spaces)" },
        { "bridge name", bad_bridge_name,
          "bridges[0].name: invalid bridge name \"br/0\" " NAME_RULE },
        { "aging", aging_too_long,
          "bridges[1].mac_aging_s: invalid MAC aging time 1000001 (expected 0-1000000"
          " seconds, 0 = never)" },
        { "table size 0", table_size_0,
          "bridges[0].mac_table_size: invalid MAC table size 0 (expected 1-16777216)" },
        { "table size", table_size_too_big,
          "bridges[0].mac_table_size: invalid MAC table size 16777217 (expected"
          " 1-16777216)" },
        { "VLAN 4095", vlan_id_4095,
          "bridges[0].vlans[1].id: invalid VLAN id 4095 (expected 1-4094)" },
        { "VLAN 0", vlan_id_0, "bridges[0].vlans[1].id: invalid VLAN id 0 (expected 1-4094)" },
        { "VLAN name", vlan_name_with_space,
          "bridges[0].vlans[1].name: invalid VLAN name \"ten x\" (expected printable ASCII"
          " without spaces)" },
        { "VLAN 1 name", vlan_1_renamed,
          "bridges[0].vlans[0].name: VLAN 1 is named \"default\", not \"native\" (its name"
          " cannot be changed)" },
        { "port name", bad_port_name,
          "bridges[0].ports[0].name: invalid port name \"vm 1\" " NAME_RULE },
        { "empty port name", empty_port_name,
          "bridges[0].ports[2].name: invalid port name \"\" " NAME_RULE },
        { "port type", bad_port_type,
          "bridges[0].ports[0].type: unknown port type 9 (expected tap, internal, system,"
          " patch, bond or vxlan)" },
        { "ofport", ofport_too_big,
          "bridges[0].ports[0].ofport: invalid ofport 65280 (expected 1-65279, or 0 to have"
          " one assigned)" },
        { "access VLAN", access_vid_0,
          "bridges[0].ports[0].access_vlan: invalid VLAN id 0 (expected 1-4094)" },
        { "access VLAN on a trunk", access_vid_0_on_trunk,
          "bridges[0].ports[2].access_vlan: invalid VLAN id 0 (expected 1-4094)" },
        { "native VLAN", native_vid_4095,
          "bridges[0].ports[2].native_vlan: invalid VLAN id 4095 (expected 1-4094)" },
        { "mode (vlan_port_validate)", bad_mode, "bridges[0].ports[2]: invalid VLAN mode 7" },
        { "allowed (vlan_port_validate)", allowed_4095,
          "bridges[0].ports[2]: allowed VLAN list holds reserved VLAN 0 or 4095" },
        { "description control", description_tab,
          "bridges[0].ports[0].description: description contains a control character"
          " (0x09)" },
        { "description Latin-1", description_latin1,
          "bridges[0].ports[0].description: description is not valid UTF-8" },
        { "description overlong", description_overlong_utf8,
          "bridges[0].ports[0].description: description is not valid UTF-8" },
        { "description surrogate", description_surrogate,
          "bridges[0].ports[0].description: description is not valid UTF-8" },
        { "description unterminated", description_fills_its_array,
          "bridges[0].ports[0].description: not a NUL-terminated string (at most 240"
          " bytes)" },
        { "peer on a tap port", peer_on_tap,
          "bridges[0].ports[0].peer: peer \"x\" given for a tap port (only patch ports have"
          " one)" },
        { "empty patch peer", empty_patch_peer,
          "bridges[0].ports[1].peer: invalid peer port name \"\" " NAME_RULE },
        { "multicast static MAC", multicast_static_mac,
          "bridges[0].static_macs[0].mac: multicast MAC address 01:54:00:00:00:01 cannot be"
          " a static entry (expected a unicast address)" },
        { "static MAC VLAN", static_mac_vlan_0,
          "bridges[0].static_macs[0].vlan: invalid VLAN id 0 (expected 1-4094)" },
        { "static MAC port name", bad_static_mac_port,
          "bridges[0].static_macs[0].port: invalid port name \"-vm1\" " NAME_RULE },
        { "empty flow", empty_flow,
          "bridges[0].flows[0]: empty flow (expected e.g. \"priority=1 actions=NORMAL\")" },
        { "flow with a newline", flow_with_newline,
          "bridges[0].flows[0]: flow contains a control character (0x0a)" },
        { "NULL flow", null_flow, "bridges[0].flows[0]: expected a string, got null" },
        { "bond name", bad_bond_name,
          "bridges[1].ports[1].bond: invalid bond port name \"Po 1\" " NAME_RULE },
        { "bond unterminated", bond_fills_its_array,
          "bridges[1].ports[1].bond: not a NUL-terminated string (at most 15 bytes)" },
        { "bond mode", bad_bond_mode,
          "bridges[1].ports[2].bond_mode: unknown bond mode 7 (expected balance-slb or"
          " active-backup)" },
        { "LACP mode", bad_lacp,
          "bridges[1].ports[2].lacp: unknown LACP mode 3 (expected off, active or passive)" },
        { "LACP system priority", lacp_priority_0,
          "lacp_system_priority: invalid LACP system priority 0 (expected 1-65535)" },
        { "load balance", bad_load_balance,
          "port_channel_load_balance: unknown load-balance method 2 (expected src-mac or"
          " src-dst-mac)" },
    };

    RUN_CASES(cases);
}

/* Not a struct clone and compare can take, so on its own. */
Test(config_validate, count_without_array_is_refused)
{
    struct switch_config *cfg = base();
    char err[CONFIG_ERR_MAX];

    count_without_array(cfg);
    cr_assert_not(config_validate(cfg, err, sizeof err));
    cr_assert_str_eq(err, "bridges[1].ports: 3 elements but no array");
    cfg->bridges[1].n_ports = 0;
    config_free(cfg);
}

/* The checks across the switch (check_config()). */

MUTATOR(duplicate_user, strcpy(c->users[1].name, "admin"))
MUTATOR(duplicate_bridge, strcpy(c->bridges[1].name, "br-int"))
MUTATOR(duplicate_port_across_bridges, strcpy(c->bridges[1].ports[1].name, "vm1"))
MUTATOR(duplicate_vlan, c->bridges[0].vlans[0] = (struct config_vlan) { .id = 10, .name = "x" })
MUTATOR(duplicate_ofport, P2(c)->ofport = 1)
MUTATOR(dangling_peer, strcpy(P1(c)->peer, "x"))
MUTATOR(peer_not_patch, strcpy(P1(c)->peer, "eth1"))
MUTATOR(peer_same_bridge,
        strcpy(P1(c)->peer, "vm2"); P2(c)->type = PORT_TYPE_PATCH;
        strcpy(P2(c)->peer, "int-br-eth1"))
MUTATOR(peer_not_named_back, strcpy(c->bridges[1].ports[0].peer, "eth1"))
MUTATOR(static_mac_unknown_port, strcpy(c->bridges[0].static_macs[0].port, "vm9"))
MUTATOR(static_mac_other_bridge, strcpy(c->bridges[0].static_macs[0].port, "eth1"))
MUTATOR(duplicate_static_mac, add_static_mac(c, "52:54:00:00:00:01", 10, "vm2"))
MUTATOR(too_many_static_macs,
        c->bridges[0].mac_table_size = 1; add_static_mac(c, "52:54:00:00:00:02", 10, "vm2"))
MUTATOR(bond_on_internal, ETH1(c)->type = PORT_TYPE_INTERNAL)
MUTATOR(bond_on_patch, strcpy(P1(c)->bond, "Po1"))
MUTATOR(bond_on_bond, strcpy(PO1(c)->bond, "Po1"))
MUTATOR(bond_not_a_port, strcpy(ETH1(c)->bond, "Po2"))
MUTATOR(bond_not_a_bond, strcpy(ETH1(c)->bond, "phy-br-eth1"))
MUTATOR(bond_in_another_bridge, strcpy(P2(c)->bond, "Po1"))
MUTATOR(static_mac_on_member, c->bridges[1].static_macs = calloc(1, sizeof (struct config_static_mac));
        c->bridges[1].n_static_macs = 1; c->bridges[1].static_macs[0].mac[0] = 0x52;
        c->bridges[1].static_macs[0].vlan = 1; strcpy(c->bridges[1].static_macs[0].port, "eth1"))
MUTATOR(patch_peer_is_a_bond, strcpy(c->bridges[1].ports[0].peer, "Po1");
        strcpy(P1(c)->peer, "Po1"))

Test(config_validate, each_cross_check_is_refused_with_the_loader_message)
{
    static const struct validate_case cases[] = {
        { "duplicate user", duplicate_user,
          "cli.users[1].name: duplicate user name \"admin\" (first at cli.users[0])" },
        { "duplicate bridge", duplicate_bridge,
          "bridges[1].name: duplicate bridge name \"br-int\" (first at bridges[0])" },
        { "duplicate port", duplicate_port_across_bridges,
          "bridges[1].ports[1].name: duplicate port name \"vm1\" (first at"
          " bridges[0].ports[0])" },
        { "duplicate VLAN", duplicate_vlan,
          "bridges[0].vlans[1].id: duplicate VLAN id 10 (first at bridges[0].vlans[0])" },
        { "duplicate ofport", duplicate_ofport,
          "bridges[0].ports[2].ofport: duplicate ofport 1 (first at bridges[0].ports[0])" },
        { "dangling peer", dangling_peer,
          "bridges[0].ports[1].peer: patch peer \"x\" is not a port" },
        { "peer not a patch port", peer_not_patch,
          "bridges[0].ports[1].peer: patch peer \"eth1\" is a system port, not a patch port" },
        { "peer in the same bridge", peer_same_bridge,
          "bridges[0].ports[1].peer: patch peer \"vm2\" is in the same bridge \"br-int\"" },
        { "peer not named back", peer_not_named_back,
          "bridges[0].ports[1].peer: patch peer \"phy-br-eth1\" names \"eth1\" as its peer,"
          " not \"int-br-eth1\"" },
        { "static MAC on an unknown port", static_mac_unknown_port,
          "bridges[0].static_macs[0].port: unknown port \"vm9\" (not a port of bridge"
          " \"br-int\")" },
        { "static MAC on another bridge's port", static_mac_other_bridge,
          "bridges[0].static_macs[0].port: port \"eth1\" is in bridge \"br-eth1\", not"
          " \"br-int\"" },
        { "duplicate static MAC", duplicate_static_mac,
          "bridges[0].static_macs[1].mac: duplicate static MAC 52:54:00:00:00:01 in VLAN 10"
          " (first at bridges[0].static_macs[0])" },
        { "too many static MACs", too_many_static_macs,
          "bridges[0].static_macs[1]: too many static MACs (mac_table_size is 1)" },
        { "bond on an internal port", bond_on_internal,
          "bridges[1].ports[1].bond: bond \"Po1\" given for an internal port (only tap and"
          " system ports can be bond members)" },
        { "bond on a patch port", bond_on_patch,
          "bridges[0].ports[1].bond: bond \"Po1\" given for a patch port (only tap and system"
          " ports can be bond members)" },
        { "bond on a bond port", bond_on_bond,
          "bridges[1].ports[2].bond: bond \"Po1\" given for a bond port (only tap and system"
          " ports can be bond members)" },
        { "bond not a port", bond_not_a_port,
          "bridges[1].ports[1].bond: bond \"Po2\" is not a port" },
        { "bond not a bond port", bond_not_a_bond,
          "bridges[1].ports[1].bond: bond \"phy-br-eth1\" is a patch port, not a bond port" },
        { "bond in another bridge", bond_in_another_bridge,
          "bridges[0].ports[2].bond: bond \"Po1\" is in bridge \"br-eth1\", not \"br-int\"" },
        { "static MAC on a member", static_mac_on_member,
          "bridges[1].static_macs[0].port: port \"eth1\" is a member of bond \"Po1\" (name the"
          " bond instead)" },
        { "patch peer that is a bond", patch_peer_is_a_bond,
          "bridges[0].ports[1].peer: patch peer \"Po1\" is a bond port, not a patch port" },
    };

    RUN_CASES(cases);
}

/* A bond takes BOND_MEMBERS_MAX members, not one more; the message names
 * the member over the bound. */
Test(config_validate, a_bond_has_at_most_8_members)
{
    struct switch_config *cfg = base();
    struct config_bridge *br = &cfg->bridges[1];
    char err[CONFIG_ERR_MAX] = "";

    br->ports = realloc(br->ports, (br->n_ports + BOND_MEMBERS_MAX) * sizeof *br->ports);
    cr_assert_not_null(br->ports);
    for (size_t i = 0; i < BOND_MEMBERS_MAX - 1; i++) {       /* eth1 is the first */
        struct config_port *p = &br->ports[br->n_ports++];

        *p = *ETH1(cfg);
        p->ofport = 0;
        snprintf(p->name, sizeof p->name, "veth%zu", i);
    }
    cr_assert(config_validate(cfg, err, sizeof err), "%s", err);
    br->ports[br->n_ports] = *ETH1(cfg);
    br->ports[br->n_ports].ofport = 0;
    strcpy(br->ports[br->n_ports++].name, "veth9");
    cr_assert_not(config_validate(cfg, err, sizeof err));
    cr_assert_str_eq(err, "bridges[1].ports[10].bond: bond \"Po1\" has more than 8 members");
    config_free(cfg);
}

/* A port that is not a bond has its bond settings ignored, as nothing
 * reads them: zeroes (a port the shell built) or garbage validate, compare
 * equal to the loader's defaults and are not exported. */
Test(config_validate, bond_settings_of_other_ports_are_ignored)
{
    struct switch_config *cfg = base(), *copy = config_clone(cfg);
    char err[CONFIG_ERR_MAX] = "";
    char *text, *again;

    ETH1(copy)->bond_cfg = (struct config_bond) { 0 };
    P0(copy)->bond_cfg = (struct config_bond) { 9, 9, true };
    cr_assert(config_validate(copy, err, sizeof err), "%s", err);
    cr_assert(config_equal(cfg, copy));
    text = config_to_json(cfg);
    again = config_to_json(copy);
    cr_assert_str_eq(again, text);
    free(text);
    free(again);
    config_free(copy);
    config_free(cfg);
}

/* Normal form. */

Test(config_validate, config_built_from_nothing_gets_ofports_and_the_vlan_database_rules)
{
    struct switch_config *cfg = calloc(1, sizeof *cfg);
    struct config_bridge *br;
    char err[CONFIG_ERR_MAX] = "x";

    strcpy(cfg->hostname, "lab");
    cfg->telnet_login_timeout_s = CONFIG_TELNET_LOGIN_TIMEOUT_DEFAULT_S;
    cfg->login_block = (struct config_login_block) { 0, 1, 1 };
    cfg->lacp_system_priority = CONFIG_LACP_SYSTEM_PRIORITY_DEFAULT;
    cfg->n_bridges = 1;
    cfg->bridges = calloc(1, sizeof *cfg->bridges);
    br = &cfg->bridges[0];
    strcpy(br->name, "br0");
    br->mac_aging_s = 300;
    br->mac_table_size = 8192;
    br->n_vlans = 3;
    br->vlans = calloc(3, sizeof *br->vlans);
    br->vlans[0] = (struct config_vlan) { .id = 300, .name = "" };
    br->vlans[1] = (struct config_vlan) { .id = 20, .name = "red" };
    br->vlans[2] = (struct config_vlan) { .id = 4094, .name = "" };
    br->n_ports = 3;
    br->ports = calloc(3, sizeof *br->ports);
    for (size_t i = 0; i < 3; i++) {
        snprintf(br->ports[i].name, sizeof br->ports[i].name, "vm%zu", i);
        br->ports[i].type = PORT_TYPE_TAP;
        vlan_port_init_access(&br->ports[i].vlan, 20);
    }
    br->ports[1].ofport = 1;

    cr_assert(config_validate(cfg, err, sizeof err), "%s", err);
    cr_assert_str_empty(err);
    cr_assert_eq(br->ports[0].ofport, 2);
    cr_assert_eq(br->ports[1].ofport, 1);
    cr_assert_eq(br->ports[2].ofport, 3);
    /* VLAN 1 added, every VLAN named, by id. */
    cr_assert_eq(br->n_vlans, 4);
    cr_assert_eq(br->vlans[0].id, 1);
    cr_assert_str_eq(br->vlans[0].name, "default");
    cr_assert_eq(br->vlans[1].id, 20);
    cr_assert_str_eq(br->vlans[1].name, "red");
    cr_assert_eq(br->vlans[2].id, 300);
    cr_assert_str_eq(br->vlans[2].name, "VLAN0300");
    cr_assert_eq(br->vlans[3].id, 4094);
    cr_assert_str_eq(br->vlans[3].name, "VLAN4094");
    config_free(cfg);
}

/* Checks all run before normalising: an error in the last bridge leaves the
 * first one's missing ofport and missing VLAN 1 as they were. */
Test(config_validate, failed_validation_changes_nothing)
{
    struct switch_config *cfg = base(), *before;
    struct config_bridge *br = &cfg->bridges[0];
    char err[CONFIG_ERR_MAX];

    br->vlans[0] = br->vlans[1];
    br->n_vlans = 1;
    br->vlans[0].name[0] = '\0';
    P2(cfg)->ofport = 0;
    strcpy(cfg->bridges[1].ports[0].peer, "eth1");     /* phy-br-eth1 names eth1 */
    before = config_clone(cfg);
    cr_assert_not(config_validate(cfg, err, sizeof err));
    cr_assert_str_eq(err, "bridges[0].ports[1].peer: patch peer \"phy-br-eth1\" names \"eth1\""
                     " as its peer, not \"int-br-eth1\"");
    cr_assert(config_equal(cfg, before));
    cr_assert_eq(P2(cfg)->ofport, 0);
    cr_assert_eq(br->n_vlans, 1);
    config_free(before);
    config_free(cfg);
}

Test(config_validate, deleted_vlan_1_comes_back_and_an_unnamed_one_is_named)
{
    struct switch_config *cfg = base();
    struct config_bridge *br = &cfg->bridges[0];
    char err[CONFIG_ERR_MAX];

    /* The shell removes VLAN 1 and leaves VLAN 10 with no name. */
    br->vlans[0] = br->vlans[1];
    br->n_vlans = 1;
    br->vlans[0].name[0] = '\0';
    cr_assert(config_validate(cfg, err, sizeof err), "%s", err);
    cr_assert_eq(br->n_vlans, 2);
    cr_assert_eq(br->vlans[0].id, 1);
    cr_assert_str_eq(br->vlans[0].name, "default");
    cr_assert_eq(br->vlans[1].id, 10);
    cr_assert_str_eq(br->vlans[1].name, "VLAN0010");
    config_free(cfg);
}

Test(config_validate, unnamed_vlan_1_is_default)
{
    struct switch_config *cfg = base();
    char err[CONFIG_ERR_MAX];

    cfg->bridges[0].vlans[0].name[0] = '\0';
    cr_assert(config_validate(cfg, err, sizeof err), "%s", err);
    cr_assert_str_eq(cfg->bridges[0].vlans[0].name, "default");
    config_free(cfg);
}

Test(config_validate, the_new_keys_take_their_whole_range)
{
    static const char *const listens[] = { "", "0.0.0.0:23", "[::1]:2424" };
    static const uint32_t idles[] = { 0, 1, CONFIG_TELNET_IDLE_MAX_S };

    for (size_t i = 0; i < 3; i++) {
        struct switch_config *cfg = base();
        char err[CONFIG_ERR_MAX];

        strcpy(cfg->telnet_listen, listens[i]);
        cfg->telnet_idle_timeout_s = idles[i];
        cfg->vlan_dot1q_tag_native = i % 2;
        memset(cfg->bridges[0].ports[0].description, 'd', CONFIG_DESCRIPTION_MAX);
        cr_expect(config_validate(cfg, err, sizeof err), "case %zu: %s", i, err);
        config_free(cfg);
    }
}

Test(config_validate, generated_configs_are_valid)
{
    for (uint64_t seed = 1000; seed < 1100; seed++) {
        struct switch_config *cfg = config_gen(seed);
        char err[CONFIG_ERR_MAX];

        cr_assert(config_validate(cfg, err, sizeof err), "seed %llu: %s", (unsigned long long) seed,
                  err);
        config_free(cfg);
    }
}

/* Clone and compare. */

Test(config_clone, clone_equals_the_original_and_owns_its_memory)
{
    for (uint64_t seed = 1; seed <= 100; seed++) {
        struct switch_config *cfg = config_gen(seed), *copy = config_clone(cfg);
        char *text;

        cr_assert_not_null(copy);
        cr_assert(config_equal(copy, cfg), "seed %llu", (unsigned long long) seed);
        cr_assert(config_equal(cfg, copy), "seed %llu", (unsigned long long) seed);
        /* Deep: the copy outlives the original (ASan would see a use after free). */
        text = config_to_json(cfg);
        config_free(cfg);
        cfg = NULL;
        {
            char *again = config_to_json(copy);

            cr_assert_str_eq(again, text);
            free(again);
        }
        free(text);
        config_free(copy);
    }
}

Test(config_clone, empty_config_clones)
{
    struct switch_config *cfg = load_ok("{}"), *copy = config_clone(cfg);

    cr_assert_not_null(copy);
    cr_assert_null(copy->bridges);
    cr_assert_null(copy->users);
    cr_assert(config_equal(cfg, copy));
    config_free(copy);
    config_free(cfg);
}

Test(config_clone, editing_the_clone_leaves_the_original_alone)
{
    struct switch_config *cfg = base(), *copy = config_clone(cfg);

    copy->bridges[0].flows[0][0] = 'X';
    copy->bridges[0].ports[0].vlan.access_vid = 20;
    strcpy(copy->users[0].secret, "$6$new");
    cr_assert_str_eq(cfg->bridges[0].flows[0], "priority=1 actions=NORMAL");
    cr_assert_eq(cfg->bridges[0].ports[0].vlan.access_vid, 10);
    cr_assert_str_eq(cfg->users[0].secret, "$6$a$ahNrFJXC.ZgRb10ZTsQRd49kJy0HEWrY16RYZ5KenF6NcyvaQR9t6zhUFl25So49FAgl7LNLUTe.29lDamlSD.");
    cr_assert_not(config_equal(cfg, copy));
    config_free(copy);
    config_free(cfg);
}

/* Any single field changed makes the configs differ. */

MUTATOR(m_hostname, c->hostname[0] = 'X')
MUTATOR(m_listen, strcpy(c->telnet_listen, ""))
MUTATOR(m_idle, c->telnet_idle_timeout_s++)
MUTATOR(m_console_idle, c->console_idle_timeout_s++)
MUTATOR(m_dot1q, c->vlan_dot1q_tag_native = true)
MUTATOR(m_n_users, c->n_users--)
MUTATOR(m_user_name, c->users[1].name[0] = 'X')
MUTATOR(m_user_secret, c->users[1].secret[3] = 'X')
MUTATOR(m_enable_secret, c->enable_secret[0] = '\0')
MUTATOR(m_n_bridges, c->n_bridges--)
MUTATOR(m_bridge_name, c->bridges[1].name[0] = 'X')
MUTATOR(m_aging, c->bridges[1].mac_aging_s = 0)
MUTATOR(m_table_size, c->bridges[1].mac_table_size = 1)
MUTATOR(m_n_vlans, c->bridges[0].n_vlans--)
MUTATOR(m_vlan_id, c->bridges[0].vlans[1].id = 11)
MUTATOR(m_vlan_name, c->bridges[0].vlans[1].name[0] = 'T')
MUTATOR(m_n_ports, c->bridges[1].n_ports--)
MUTATOR(m_port_name, P2(c)->name[0] = 'X')
MUTATOR(m_port_type, P2(c)->type = PORT_TYPE_INTERNAL)
MUTATOR(m_port_peer, P1(c)->peer[0] = 'X')
MUTATOR(m_port_ofport, P2(c)->ofport = 9)
MUTATOR(m_port_enabled, P2(c)->enabled = false)
MUTATOR(m_port_description, strcpy(P2(c)->description, " "))
MUTATOR(m_port_mode, P2(c)->vlan.mode = VLAN_MODE_ACCESS)
MUTATOR(m_port_access, P2(c)->vlan.access_vid = 2)
MUTATOR(m_port_native, P2(c)->vlan.native_vid = 0)
MUTATOR(m_port_native_tagged, P2(c)->vlan.native_tagged = true)
MUTATOR(m_port_allowed, vlan_set_remove(&P2(c)->vlan.allowed, 4094))
MUTATOR(m_n_static_macs, c->bridges[0].n_static_macs--)
MUTATOR(m_static_mac, c->bridges[0].static_macs[0].mac[5] = 2)
MUTATOR(m_static_vlan, c->bridges[0].static_macs[0].vlan = 1)
MUTATOR(m_static_port, strcpy(c->bridges[0].static_macs[0].port, "vm2"))
MUTATOR(m_n_flows, c->bridges[0].n_flows--)
MUTATOR(m_flow, c->bridges[0].flows[0][0] = 'P')
MUTATOR(m_lacp_priority, c->lacp_system_priority = 1)
MUTATOR(m_load_balance, c->port_channel_load_balance = BOND_HASH_SRC_DST_MAC)
MUTATOR(m_port_bond, ETH1(c)->bond[0] = '\0')
MUTATOR(m_bond_mode, PO1(c)->bond_cfg.mode = BOND_ACTIVE_BACKUP)
MUTATOR(m_bond_lacp, PO1(c)->bond_cfg.lacp = CONFIG_LACP_PASSIVE)
MUTATOR(m_bond_rate, PO1(c)->bond_cfg.lacp_fast = true)

Test(config_equal, any_one_field_changed_makes_a_difference)
{
    static void (*const mutators[])(struct switch_config *) = {
        m_hostname, m_listen, m_idle, m_console_idle, m_dot1q, m_n_users, m_user_name, m_user_secret,
        m_enable_secret, m_n_bridges, m_bridge_name, m_aging, m_table_size, m_n_vlans,
        m_vlan_id, m_vlan_name, m_n_ports, m_port_name, m_port_type, m_port_peer,
        m_port_ofport, m_port_enabled, m_port_description, m_port_mode, m_port_access,
        m_port_native, m_port_native_tagged, m_port_allowed, m_n_static_macs, m_static_mac,
        m_static_vlan, m_static_port, m_n_flows, m_flow, m_lacp_priority, m_load_balance,
        m_port_bond, m_bond_mode, m_bond_lacp, m_bond_rate,
    };
    struct switch_config *cfg = base();

    for (size_t i = 0; i < ARRAY_SIZE(mutators); i++) {
        struct switch_config *copy = config_clone(cfg);
        size_t n_users = copy->n_users, n_bridges = copy->n_bridges;
        size_t n_vlans = copy->bridges[0].n_vlans, n_ports = copy->bridges[1].n_ports;
        size_t n_macs = copy->bridges[0].n_static_macs, n_flows = copy->bridges[0].n_flows;

        mutators[i](copy);
        cr_expect_not(config_equal(cfg, copy), "mutator %zu left the configs equal", i);
        cr_expect_not(config_equal(copy, cfg), "mutator %zu left the configs equal", i);
        /* Put the counts back so config_free() frees everything. */
        copy->n_users = n_users;
        copy->n_bridges = n_bridges;
        copy->bridges[0].n_vlans = n_vlans;
        copy->bridges[1].n_ports = n_ports;
        copy->bridges[0].n_static_macs = n_macs;
        copy->bridges[0].n_flows = n_flows;
        config_free(copy);
    }
    config_free(cfg);
}

Test(config_equal, bytes_after_the_string_end_do_not_count)
{
    struct switch_config *a = base(), *b = config_clone(a);

    memset(b->hostname + 4, 'z', sizeof b->hostname - 4);
    b->hostname[3] = '\0';
    cr_assert(config_equal(a, b));
    config_free(b);
    config_free(a);
}

/* The loader's side of the new rules. */

struct bad_case {
    const char *json;
    const char *err;
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

Test(config_json, new_keys_have_their_defaults)
{
    struct switch_config *cfg = load_ok("{}");

    cr_assert_eq(cfg->telnet_idle_timeout_s, CONFIG_TELNET_IDLE_DEFAULT_S);
    cr_assert_eq(cfg->telnet_idle_timeout_s, 600);
    cr_assert_eq(cfg->console_idle_timeout_s, CONFIG_CONSOLE_IDLE_DEFAULT_S);
    cr_assert_eq(cfg->console_idle_timeout_s, 600);
    cr_assert_not(cfg->vlan_dot1q_tag_native);
    cr_assert_eq(cfg->lacp_system_priority, CONFIG_LACP_SYSTEM_PRIORITY_DEFAULT);
    cr_assert_eq(cfg->lacp_system_priority, 32768);
    cr_assert_eq(cfg->port_channel_load_balance, BOND_HASH_SRC_MAC);
    config_free(cfg);
}

Test(config_json, idle_timeout_and_global_native_tagging_are_read)
{
    static const struct { const char *json; uint32_t idle; bool dot1q; } cases[] = {
        { "{\"cli\": {\"telnet\": {\"idle_timeout_s\": 0}}}", 0, false },
        { "{\"cli\": {\"telnet\": {\"idle_timeout_s\": 2147483}}, \"vlan_dot1q_tag_native\": true}",
          2147483, true },
        { "{\"vlan_dot1q_tag_native\": false, \"cli\": {\"telnet\": {\"idle_timeout_s\": 1,"
          " \"listen\": \"\"}}}", 1, false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct switch_config *cfg = load_ok(cases[i].json);

        cr_expect_eq(cfg->telnet_idle_timeout_s, cases[i].idle, "case %zu", i);
        cr_expect_eq(cfg->vlan_dot1q_tag_native, cases[i].dot1q, "case %zu", i);
        config_free(cfg);
    }
}

Test(config_json, console_idle_timeout_is_read_apart_from_telnet)
{
    struct switch_config *cfg = load_ok("{\"cli\": {\"console\": {\"idle_timeout_s\": 0}}}");

    cr_expect_eq(cfg->console_idle_timeout_s, 0);
    cr_expect_eq(cfg->telnet_idle_timeout_s, CONFIG_TELNET_IDLE_DEFAULT_S);
    config_free(cfg);
    cfg = load_ok("{\"cli\": {\"console\": {\"idle_timeout_s\": 2147483},"
                  " \"telnet\": {\"idle_timeout_s\": 5}}}");
    cr_expect_eq(cfg->console_idle_timeout_s, 2147483);
    cr_expect_eq(cfg->telnet_idle_timeout_s, 5);
    config_free(cfg);
}

Test(config_json, bad_idle_timeout_and_global_native_tagging)
{
    static const struct bad_case cases[] = {
        { "{\"cli\": {\"telnet\": {\"idle_timeout_s\": 2147484}}}",
          "t.json:1:39: cli.telnet.idle_timeout_s: invalid idle timeout 2147484 (expected"
          " 0-2147483 seconds, 0 = never)" },
        { "{\"cli\": {\"telnet\": {\"idle_timeout_s\": -1}}}",
          "t.json:1:39: cli.telnet.idle_timeout_s: invalid idle timeout -1 (expected"
          " 0-2147483 seconds, 0 = never)" },
        { "{\"cli\": {\"telnet\": {\"idle_timeout_s\": \"600\"}}}",
          "t.json:1:39: cli.telnet.idle_timeout_s: expected an integer, got a string" },
        { "{\"cli\": {\"telnet\": {\"idle_timeout_s\": null}}}",
          "t.json:1:39: cli.telnet.idle_timeout_s: expected an integer, got null" },
        { "{\"cli\": {\"console\": {\"idle_timeout_s\": -1}}}",
          "t.json:1:40: cli.console.idle_timeout_s: invalid idle timeout -1 (expected"
          " 0-2147483 seconds, 0 = never)" },
        { "{\"cli\": {\"console\": {\"timeout\": 1}}}",
          "t.json:1:22: cli.console.timeout: unknown key \"timeout\"" },
        { "{\"vlan_dot1q_tag_native\": 1}",
          "t.json:1:27: vlan_dot1q_tag_native: expected a boolean, got an integer" },
        { "{\"vlan_dot1q_tag_native\": \"true\"}",
          "t.json:1:27: vlan_dot1q_tag_native: expected a boolean, got a string" },
    };

    EXPECT_ERRORS(cases);
}

Test(config_json, description_takes_240_bytes)
{
    char json[512], description[CONFIG_DESCRIPTION_MAX + 1];
    struct switch_config *cfg;

    /* 80 three-byte characters: 240 bytes, the limit in bytes. */
    description[0] = '\0';
    for (int i = 0; i < 80; i++)
        strcat(description, "\xe2\x82\xac");            /* EURO SIGN */
    snprintf(json, sizeof json, "{\"bridges\": [{\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\","
             " \"type\": \"tap\", \"description\": \"%s\"}]}]}", description);
    cfg = load_ok(json);
    cr_assert_str_eq(cfg->bridges[0].ports[0].description, description);
    config_free(cfg);
}

Test(config_json, vlan_1_exists_in_every_bridge_and_vlans_are_sorted)
{
    struct switch_config *cfg = load_ok(
        "{\"bridges\": [{\"name\": \"br0\"},\n"
        "  {\"name\": \"br1\", \"vlans\": [{\"id\": 30}, {\"id\": 1, \"name\": \"default\"},"
        " {\"id\": 2, \"name\": \"two\"}]}]}");

    cr_assert_eq(cfg->bridges[0].n_vlans, 1);
    cr_assert_eq(cfg->bridges[0].vlans[0].id, 1);
    cr_assert_str_eq(cfg->bridges[0].vlans[0].name, "default");
    cr_assert_eq(cfg->bridges[1].n_vlans, 3);
    cr_assert_eq(cfg->bridges[1].vlans[0].id, 1);
    cr_assert_eq(cfg->bridges[1].vlans[1].id, 2);
    cr_assert_str_eq(cfg->bridges[1].vlans[1].name, "two");
    cr_assert_eq(cfg->bridges[1].vlans[2].id, 30);
    cr_assert_str_eq(cfg->bridges[1].vlans[2].name, "VLAN0030");
    config_free(cfg);
}

Test(config_json, vlan_errors_name_the_file_order_not_the_sorted_one)
{
    static const struct bad_case cases[] = {
        { "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [\n"
          "  {\"id\": 20}, {\"id\": 10}, {\"id\": 20, \"name\": \"again\"}]}]}",
          "t.json:2:34: bridges[0].vlans[2].id: duplicate VLAN id 20 (first at"
          " bridges[0].vlans[0])" },
        { "{\"bridges\": [{\"name\": \"br0\", \"vlans\": [\n"
          "  {\"id\": 20}, {\"id\": 1, \"name\": \"native\"}]}]}",
          "t.json:2:33: bridges[0].vlans[1].name: VLAN 1 is named \"default\", not \"native\""
          " (its name cannot be changed)" },
    };

    EXPECT_ERRORS(cases);
}

/* Global bounds (docs/config.md, Limits; docs/security.md section 7). */

MUTATOR(mac_tables_over_the_total, c->bridges[0].mac_table_size = CONFIG_MAC_TABLE_TOTAL_MAX;
        c->bridges[1].mac_table_size = 1)

Test(config_validate, the_sum_of_the_mac_tables_is_bounded)
{
    static const struct validate_case cases[] = {
        { "MAC tables over the total", mac_tables_over_the_total,
          "bridges[1].mac_table_size: the MAC tables of bridges[0] to bridges[1] hold 16777217"
          " entries together (at most 16777216 for all bridges)" },
    };
    struct switch_config *cfg = base();
    char err[CONFIG_ERR_MAX] = "";

    RUN_CASES(cases);
    /* Exactly the total is fine. */
    cfg->bridges[0].mac_table_size = CONFIG_MAC_TABLE_TOTAL_MAX - 5;
    cfg->bridges[1].mac_table_size = 5;
    cr_assert(config_validate(cfg, err, sizeof err), "%s", err);
    config_free(cfg);
}

/* A document of 'n' bridges with 'size' entries each. */
static char *
bridges_json(size_t n, unsigned size)
{
    size_t cap = 64 + n * 64, len;
    char *s = malloc(cap);

    cr_assert_not_null(s);
    len = snprintf(s, cap, "{\"bridges\": [");
    for (size_t i = 0; i < n; i++)
        len += snprintf(s + len, cap - len, "%s{\"name\": \"br%zu\", \"mac_table_size\": %u}",
                        i ? ",\n" : "\n", i, size);
    snprintf(s + len, cap - len, "]}");
    return s;
}

Test(config_json, the_number_of_bridges_is_bounded)
{
    char err[CONFIG_ERR_MAX] = "";
    char *json = bridges_json(CONFIG_BRIDGES_MAX, 8192);
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "%s", err);
    cr_assert_eq(cfg->n_bridges, 2048);
    config_free(cfg);
    free(json);

    json = bridges_json(CONFIG_BRIDGES_MAX + 1, 1);
    cr_assert_null(config_parse_string(json, "t.json", err, sizeof err));
    cr_assert_str_eq(err, "t.json:1:13: bridges: too many bridges (2049, at most 2048)");
    free(json);

    /* 2048 bridges of the default 8192 entries fill the total exactly:
     * one more entry is refused where the sum goes over. */
    json = bridges_json(2048, 8192);
    json[strlen(json) - 4] = '3';       /* the last bridge's 8192 -> 8193 */
    cr_assert_null(config_parse_string(json, "t.json", err, sizeof err));
    cr_assert(strstr(err, "bridges[2047].mac_table_size: the MAC tables of bridges[0] to"
                     " bridges[2047] hold 16777217 entries together"), "%s", err);
    free(json);
}
