/* The ovs-vsctl language (shell/ovs_vsctl.h): the parser's chains,
 * options and errors, and the commands on configurations in memory. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ovs_vsctl.h"

/* Parsing. */

static struct ovs_vsctl_line
parse_ok(const char *text)
{
    struct ovs_vsctl_line line;
    char err[256] = "";

    cr_assert_eq(ovs_vsctl_parse(text, &line, err, sizeof err), 0, "%s: %s", text, err);
    return line;
}

static void
parse_fails(const char *text, const char *want)
{
    struct ovs_vsctl_line line;
    char err[256] = "";

    cr_assert_eq(ovs_vsctl_parse(text, &line, err, sizeof err), EINVAL, "%s parsed", text);
    cr_assert_str_eq(err, want, "%s", text);
    cr_assert_null(line.buf);
}

Test(ovs_vsctl, the_openstack_agents_line_is_one_add_port_with_may_exist)
{
    struct ovs_vsctl_line l = parse_ok("--timeout=10 -- --may-exist add-port br-int int-br-eth1");

    cr_assert_eq(l.timeout_s, 10);
    cr_assert_eq(l.n_cmds, 1);
    cr_assert_eq(l.cmds[0].verb, OVS_VSCTL_ADD_PORT);
    cr_assert(l.cmds[0].may_exist);
    cr_assert_not(l.cmds[0].if_exists);
    cr_assert_eq(l.cmds[0].n_args, 2);
    cr_assert_str_eq(l.cmds[0].args[0], "br-int");
    cr_assert_str_eq(l.cmds[0].args[1], "int-br-eth1");
    cr_assert(ovs_vsctl_changes(&l));
    ovs_vsctl_line_free(&l);
}

Test(ovs_vsctl, chains_split_at_double_dash_with_options_per_command)
{
    struct ovs_vsctl_line l = parse_ok(
        "-t 5 add-port br0 vm3 -- set interface vm3 'type=internal' -- --if-exists del-port x"
        " -- list-br");

    cr_assert_eq(l.timeout_s, 5);
    cr_assert_eq(l.n_cmds, 4);
    cr_assert_eq(l.cmds[0].verb, OVS_VSCTL_ADD_PORT);
    cr_assert_not(l.cmds[0].may_exist);
    cr_assert_eq(l.cmds[1].verb, OVS_VSCTL_SET);
    cr_assert_eq(l.cmds[1].n_args, 3);
    cr_assert_str_eq(l.cmds[1].args[2], "type=internal", "quotes are removed");
    cr_assert_eq(l.cmds[2].verb, OVS_VSCTL_DEL_PORT);
    cr_assert(l.cmds[2].if_exists);
    cr_assert_eq(l.cmds[3].verb, OVS_VSCTL_LIST_BR);
    ovs_vsctl_line_free(&l);

    /* A command option before the first command, without "--". */
    l = parse_ok("--may-exist add-br br0");
    cr_assert_eq(l.n_cmds, 1);
    cr_assert(l.cmds[0].may_exist);
    ovs_vsctl_line_free(&l);

    /* Quoted words keep their spaces; a backslash escapes. */
    l = parse_ok("set port p1 \"trunks=[10, 20]\" -- list-ports a\\ b");
    cr_assert_str_eq(l.cmds[0].args[2], "trunks=[10, 20]");
    cr_assert_str_eq(l.cmds[1].args[0], "a b");
    cr_assert_not(ovs_vsctl_changes(&(struct ovs_vsctl_line) { .n_cmds = 1,
        .cmds = { { .verb = OVS_VSCTL_LIST_BR } } }));
    ovs_vsctl_line_free(&l);
}

Test(ovs_vsctl, parse_errors_use_ovs_wording)
{
    parse_fails("", "missing command name (use --help for help)");
    parse_fails("--timeout=10", "missing command name (use --help for help)");
    parse_fails("--timeout=10 --", "missing command name (use --help for help)");
    parse_fails("frobnicate br0", "unknown command 'frobnicate'; use --help for help");
    parse_fails("add-br", "'add-br' command requires at least 1 arguments");
    parse_fails("del-br a b", "'del-br' command takes at most 1 arguments");
    parse_fails("list-br -- add-port br0", "'add-port' command requires at least 2 arguments");
    parse_fails("--if-exists add-br br0", "'add-br' command has no '--if-exists' option");
    parse_fails("-- --may-exist del-br br0", "'del-br' command has no '--may-exist' option");
    parse_fails("--timeout=abc list-br", "value abc on -t or --timeout is invalid");
    parse_fails("-t", "option '-t' requires an argument");
    parse_fails("-x list-br", "unrecognized option '-x'");
    parse_fails("set port 'p1 tag=1", "unterminated single quote");
    parse_fails("list-br -- -- list-br", "missing command name (use --help for help)");
    parse_fails("list-br -- find Port tag=1", "'find' command is not supported by tapswitch");
}

/* Executing. */

static int
netdevs(const char *name, void *arg)
{
    (void) arg;
    return !strcmp(name, "eth1") || !strcmp(name, "int-br-eth1");
}

static bool
netdev_fn(const char *name, void *arg)
{
    return netdevs(name, arg);
}

static struct switch_config *
load(const char *json)
{
    char err[CONFIG_ERR_MAX];
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "%s", err);
    return cfg;
}

/* Runs 'text' on a copy of '*cfg'; on success validates the copy and
 * makes it '*cfg' (as the shell applies it).  Returns the error, with the
 * message in 'err' and the output in 'out'. */
static int
run(struct switch_config **cfg, const char *text, char *out, size_t out_size, char *err)
{
    struct ovs_vsctl_line line;
    struct switch_config *copy;
    FILE *f = fmemopen(out, out_size, "w");
    int error;

    cr_assert_not_null(f);
    memset(out, 0, out_size);
    if ((error = ovs_vsctl_parse(text, &line, err, CONFIG_ERR_MAX))) {
        fclose(f);
        return error;
    }
    copy = config_clone(*cfg);
    cr_assert_not_null(copy);
    error = ovs_vsctl_execute(&line, *cfg, copy, netdev_fn, NULL, f, err, CONFIG_ERR_MAX);
    fclose(f);
    ovs_vsctl_line_free(&line);
    if (!error && !config_validate(copy, err, CONFIG_ERR_MAX))
        error = EINVAL;
    if (error) {
        config_free(copy);
        return error;
    }
    config_free(*cfg);
    *cfg = copy;
    return 0;
}

#define RUN_OK(cfg, text) do { \
        char err_[CONFIG_ERR_MAX] = ""; \
        int e_ = run(&(cfg), text, out, sizeof out, err_); \
        cr_assert_eq(e_, 0, "%s: %s", text, err_); \
    } while (0)

#define RUN_FAILS(cfg, text, want) do { \
        char err_[CONFIG_ERR_MAX] = ""; \
        int e_ = run(&(cfg), text, out, sizeof out, err_); \
        cr_assert_neq(e_, 0, "%s succeeded", text); \
        cr_assert_str_eq(err_, want, "%s", text); \
    } while (0)

static const struct config_port *
port(const struct switch_config *cfg, const char *name, const char **bridge)
{
    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++)
            if (!strcmp(cfg->bridges[b].ports[p].name, name)) {
                if (bridge)
                    *bridge = cfg->bridges[b].name;
                return &cfg->bridges[b].ports[p];
            }
    return NULL;
}

Test(ovs_vsctl, add_br_makes_the_bridge_with_its_local_port)
{
    struct switch_config *cfg = load("{\"bridges\": []}");
    const struct config_port *p;
    char out[512];

    RUN_OK(cfg, "add-br br-int");
    cr_assert_eq(cfg->n_bridges, 1);
    cr_assert_str_eq(cfg->bridges[0].name, "br-int");
    cr_assert_not_null(p = port(cfg, "br-int", NULL));
    cr_assert_eq(p->type, PORT_TYPE_INTERNAL);
    cr_assert_eq(p->ofport, CONFIG_OFPORT_LOCAL);
    RUN_FAILS(cfg, "add-br br-int",
              "cannot create a bridge named br-int because a bridge named br-int already exists");
    RUN_OK(cfg, "--may-exist add-br br-int");
    cr_assert_eq(cfg->n_bridges, 1);
    RUN_FAILS(cfg, "add-br br-int br0 10", "cannot create bridge br-int with parent br0: fake"
              " (VLAN) bridges are not supported");
    RUN_OK(cfg, "add-br br-b -- add-br br-a -- list-br -- br-exists br-a");
    cr_assert_str_eq(out, "br-a\nbr-b\nbr-int\n");
    RUN_FAILS(cfg, "br-exists br-x", "");
    RUN_FAILS(cfg, "del-br br-x", "no bridge named br-x");
    RUN_OK(cfg, "--if-exists del-br br-x -- del-br br-a");
    cr_assert_eq(cfg->n_bridges, 2);
    cr_assert_null(port(cfg, "br-a", NULL), "its local port went with it");
    config_free(cfg);
}

Test(ovs_vsctl, a_chain_is_one_change_applied_whole_or_not_at_all)
{
    struct switch_config *cfg = load("{\"bridges\": []}");
    char out[512];

    /* The second command fails: the first one's bridge is not made. */
    RUN_FAILS(cfg, "add-br br0 -- add-port br9 eth1", "no bridge named br9");
    cr_assert_eq(cfg->n_bridges, 0);
    /* Later commands see what earlier ones did. */
    RUN_OK(cfg, "add-br br0 -- add-port br0 eth1 -- set port eth1 tag=10 -- list-ports br0");
    cr_assert_str_eq(out, "eth1\n", "the local port is not listed");
    cr_assert_eq(port(cfg, "eth1", NULL)->vlan.mode, VLAN_MODE_ACCESS);
    cr_assert_eq(port(cfg, "eth1", NULL)->vlan.access_vid, 10);
    config_free(cfg);
}

Test(ovs_vsctl, add_port_is_a_system_port_whose_netdev_must_exist_and_may_exist_twice)
{
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br-int\"}, {\"name\": \"br1\"}]}");
    const char *bridge;
    char out[512];

    RUN_OK(cfg, "--timeout=10 -- --may-exist add-port br-int int-br-eth1");
    cr_assert_eq(port(cfg, "int-br-eth1", &bridge)->type, PORT_TYPE_SYSTEM);
    cr_assert_str_eq(bridge, "br-int");
    cr_assert_eq(port(cfg, "int-br-eth1", NULL)->ofport, 1);
    RUN_OK(cfg, "--timeout=10 -- --may-exist add-port br-int int-br-eth1");
    cr_assert_eq(cfg->bridges[0].n_ports, 1, "the second run adds nothing");
    RUN_FAILS(cfg, "add-port br-int int-br-eth1", "cannot create a port named int-br-eth1"
              " because a port named int-br-eth1 already exists on bridge br-int");
    RUN_FAILS(cfg, "--may-exist add-port br1 int-br-eth1", "\"--may-exist add-port br1"
              " int-br-eth1\" but int-br-eth1 is actually attached to bridge br-int");
    RUN_FAILS(cfg, "add-port br1 eth9", "Error detected while setting up 'eth9': could not"
              " open network device eth9 (No such device)");
    RUN_OK(cfg, "add-port br1 vm9 -- set interface vm9 type=internal");
    cr_assert_eq(port(cfg, "vm9", NULL)->type, PORT_TYPE_INTERNAL);
    RUN_OK(cfg, "add-port br1 vm8 tag=20 -- set Interface vm8 type=tap"
           " external_ids:iface-id=abc");
    cr_assert_eq(port(cfg, "vm8", NULL)->vlan.access_vid, 20);
    cr_assert_eq(port(cfg, "vm8", NULL)->type, PORT_TYPE_TAP);
    RUN_OK(cfg, "port-to-br vm8");
    cr_assert_str_eq(out, "br1\n");
    RUN_FAILS(cfg, "port-to-br vm7", "no port named vm7");
    RUN_FAILS(cfg, "add-port br1 br-int", "cannot create a port named br-int because a bridge"
              " named br-int already exists");
    RUN_OK(cfg, "list-ifaces br1 -- iface-to-br vm9 -- set-fail-mode br1 secure -- init"
           " -- comment any words");
    cr_assert_str_eq(out, "vm8\nvm9\nbr1\n");
    RUN_FAILS(cfg, "set-fail-mode br9 secure", "no bridge named br9");
    RUN_FAILS(cfg, "iface-to-br nope", "no interface named nope");
    config_free(cfg);
}

Test(ovs_vsctl, del_port_errors_and_the_local_port)
{
    struct switch_config *cfg = load("{\"bridges\": []}");
    char out[512];

    RUN_OK(cfg, "add-br br0 -- add-br br1 -- add-port br0 eth1");
    RUN_FAILS(cfg, "del-port br0", "cannot delete port br0 because it is the local port for"
              " bridge br0 (deleting this port requires deleting the entire bridge)");
    RUN_FAILS(cfg, "del-port br1 eth1", "bridge br1 does not have a port eth1");
    RUN_FAILS(cfg, "del-port br9 eth1", "no bridge named br9");
    RUN_FAILS(cfg, "del-port nope", "no port named nope");
    RUN_OK(cfg, "--if-exists del-port nope");
    RUN_OK(cfg, "del-port br0 eth1");
    cr_assert_null(port(cfg, "eth1", NULL));
    config_free(cfg);
}

Test(ovs_vsctl, patch_ports_are_made_in_one_chain_and_go_as_a_pair)
{
    struct switch_config *cfg = load("{\"bridges\": []}");
    char out[512];

    RUN_OK(cfg, "add-br br-int -- add-br br-tun"
           " -- add-port br-int patch-tun -- set interface patch-tun type=patch"
           " options:peer=patch-int"
           " -- add-port br-tun patch-int -- set interface patch-int type=patch"
           " options:peer=patch-tun");
    cr_assert_eq(port(cfg, "patch-tun", NULL)->type, PORT_TYPE_PATCH);
    cr_assert_str_eq(port(cfg, "patch-int", NULL)->peer, "patch-tun");
    RUN_OK(cfg, "get interface patch-int options:peer -- get interface patch-int type");
    cr_assert_str_eq(out, "patch-tun\npatch\n");
    RUN_OK(cfg, "del-port patch-tun");
    cr_assert_null(port(cfg, "patch-int", NULL), "the peer goes too");
    config_free(cfg);
}

Test(ovs_vsctl, vlan_columns_map_onto_the_ios_vlan_model)
{
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
                                     "{\"name\": \"p1\", \"type\": \"tap\"}]}]}");
    const struct config_port *p;
    char out[512];

    RUN_OK(cfg, "get port p1 tag vlan_mode trunks");
    cr_assert_str_eq(out, "1\nnative-untagged\n[]\n", "a new port: trunk, native VLAN 1");
    RUN_OK(cfg, "set port p1 tag=100");
    p = port(cfg, "p1", NULL);
    cr_assert_eq(p->vlan.mode, VLAN_MODE_ACCESS);
    cr_assert_eq(p->vlan.access_vid, 100);
    cr_assert_eq(cfg->bridges[0].n_vlans, 2, "VLAN 100 is made in the bridge");
    RUN_OK(cfg, "set port p1 trunks=10,20 vlan_mode=trunk");
    p = port(cfg, "p1", NULL);
    cr_assert_eq(p->vlan.mode, VLAN_MODE_TRUNK);
    cr_assert_eq(p->vlan.native_vid, 0);
    cr_assert_eq(vlan_set_count(&p->vlan.allowed), 2);
    RUN_OK(cfg, "set port p1 \"trunks=[10, 30]\" -- add port p1 trunks 40 -- remove port p1"
           " trunks 10 -- get port p1 trunks vlan_mode tag");
    cr_assert_str_eq(out, "[30, 40]\ntrunk\n[]\n");
    RUN_OK(cfg, "set port p1 vlan_mode=native-tagged tag=5");
    p = port(cfg, "p1", NULL);
    cr_assert(p->vlan.mode == VLAN_MODE_TRUNK && p->vlan.native_vid == 5 && p->vlan.native_tagged);
    RUN_OK(cfg, "set port p1 tag=6");
    cr_assert_eq(port(cfg, "p1", NULL)->vlan.native_vid, 6, "a native trunk keeps its mode");
    RUN_OK(cfg, "clear port p1 trunks -- clear port p1 tag");
    p = port(cfg, "p1", NULL);
    cr_assert(vlan_set_is_full(&p->vlan.allowed));
    cr_assert_eq(p->vlan.native_vid, 0);
    RUN_OK(cfg, "set port p1 tag=7 -- remove port p1 tag 7 -- get port p1 tag");
    cr_assert_str_eq(out, "[]\n");
    RUN_FAILS(cfg, "set port p1 tag=4096", "constraint violation: 4096 is not in the valid"
              " range 0 to 4095 (inclusive)");
    RUN_FAILS(cfg, "set port p1 tag=x", "\"x\" is not a valid integer");
    /* An empty element is refused: read as nothing it would open the
     * trunk to every VLAN. */
    RUN_FAILS(cfg, "set port p1 trunks=,", "\",\": empty element in a list of VLANs");
    RUN_FAILS(cfg, "set port p1 trunks=1,,2", "\"1,,2\": empty element in a list of VLANs");
    RUN_FAILS(cfg, "set port p1 trunks=5,", "\"5,\": empty element in a list of VLANs");
    RUN_OK(cfg, "set port p1 \"trunks= [ 1 , 2 ] \" -- get port p1 trunks");
    cr_assert_str_eq(out, "[1, 2]\n");
    RUN_FAILS(cfg, "set port p1 vlan_mode=dot1q-tunnel", "constraint violation: dot1q-tunnel is"
              " not one of the allowed values ([access, native-tagged, native-untagged, trunk])");
    RUN_FAILS(cfg, "set port p1 lacp=active", "Port does not contain a column whose name"
              " matches \"lacp\"");
    RUN_FAILS(cfg, "set port p9 tag=1", "no row \"p9\" in table Port");
    RUN_OK(cfg, "--if-exists set port p9 tag=1");
    RUN_FAILS(cfg, "set flurb p1 tag=1", "unknown table \"flurb\"");
    RUN_OK(cfg, "set Bridge br0 fail_mode=secure other_config:foo=bar");
    config_free(cfg);
}

Test(ovs_vsctl, the_local_port_must_stay_internal)
{
    struct switch_config *cfg = load("{\"bridges\": []}");
    char out[512];

    RUN_OK(cfg, "add-br br0");
    RUN_FAILS(cfg, "set interface br0 type=tap", "br0 is the local port of its bridge: its type"
              " stays internal");
    RUN_OK(cfg, "set interface br0 type=internal");
    RUN_OK(cfg, "get interface br0 ofport type");
    cr_assert_str_eq(out, "65534\ninternal\n");
    config_free(cfg);
}

/* Spanning tree: OVS's rstp_enable, stp_enable and other_config:rstp-*
 * set the bridge's one instance and its ports (docs/cli.md). */
Test(ovs_vsctl, rstp_columns_set_the_bridges_spanning_tree)
{
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br0\", \"ports\":"
                                     " [{\"name\": \"vm1\", \"type\": \"tap\"}]}]}");
    const struct config_stp *s;
    const struct config_port_stp *p;
    char out[512];

    RUN_OK(cfg, "set bridge br0 rstp_enable=true other_config:rstp-priority=8192"
                " other_config:rstp-hello-time=1 other_config:rstp-max-age=10"
                " other_config:rstp-forward-delay=8 other_config:rstp-transmit-hold-count=3"
                " -- set port vm1 other_config:rstp-path-cost=100"
                " other_config:rstp-port-priority=32 other_config:rstp-port-admin-edge=false");
    s = &cfg->bridges[0].stp;
    p = &cfg->bridges[0].ports[0].stp;
    cr_expect(s->enabled && !s->force_stp && s->priority_set);
    cr_expect_eq(s->priority, 8192);
    cr_expect_eq(s->hello_s, 1);
    cr_expect_eq(s->max_age_s, 10);
    cr_expect_eq(s->forward_delay_s, 8);
    cr_expect_eq(s->tx_hold_count, 3);
    cr_expect_eq(p->cost, 100);
    cr_expect(p->priority_set);
    cr_expect_eq(p->priority, 32);
    cr_expect_eq(p->portfast, CONFIG_STP_DISABLE);
    RUN_OK(cfg, "set bridge br0 stp_enable=true");
    cr_expect(cfg->bridges[0].stp.enabled && cfg->bridges[0].stp.force_stp);
    RUN_OK(cfg, "set bridge br0 stp_enable=false");
    cr_expect_not(cfg->bridges[0].stp.enabled);
    RUN_FAILS(cfg, "set bridge br0 other_config:rstp-priority=100",
              "rstp-priority: invalid value \"100\" (expected 0-61440 in steps of 4096)");
    RUN_FAILS(cfg, "set port vm1 other_config:rstp-port-priority=8",
              "rstp-port-priority: invalid value \"8\" (expected 0-240 in steps of 16)");
    RUN_FAILS(cfg, "set bridge br0 rstp_enable=yes",
              "\"yes\" is not a valid boolean (use \"true\" or \"false\")");
    config_free(cfg);
}

Test(ovs_vsctl, get_shows_the_rstp_columns_as_ovs_prints_them)
{
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br0\", \"ports\":"
                                     " [{\"name\": \"vm1\", \"type\": \"tap\"}]}]}");
    char out[512];

    RUN_OK(cfg, "get bridge br0 rstp_enable stp_enable other_config");
    cr_expect_str_eq(out, "false\nfalse\n{}\n");
    RUN_OK(cfg, "set bridge br0 rstp_enable=true other_config:rstp-priority=4096"
                " other_config:rstp-hello-time=1 -- set port vm1 other_config:rstp-path-cost=7");
    RUN_OK(cfg, "get bridge br0 rstp_enable other_config other_config:rstp-priority");
    cr_expect_str_eq(out, "true\n{rstp-hello-time=\"1\", rstp-priority=\"4096\"}\n\"4096\"\n");
    RUN_OK(cfg, "get port vm1 other_config");
    cr_expect_str_eq(out, "{rstp-path-cost=\"7\"}\n");
    RUN_FAILS(cfg, "get bridge br0 other_config:rstp-max-age",
              "no key \"rstp-max-age\" in Bridge record \"br0\" column other_config");
    config_free(cfg);
}

Test(ovs_vsctl, rstp_values_out_of_range_are_refused_with_the_range)
{
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br0\", \"ports\":"
                                     " [{\"name\": \"vm1\", \"type\": \"tap\"}]}]}");
    char out[512];

    RUN_FAILS(cfg, "set bridge br0 other_config:rstp-hello-time=0",
              "rstp-hello-time: invalid value \"0\" (expected 1-10)");
    RUN_FAILS(cfg, "set bridge br0 other_config:rstp-max-age=x",
              "rstp-max-age: invalid value \"x\" (expected 6-40)");
    RUN_FAILS(cfg, "set port vm1 other_config:rstp-path-cost=0",
              "rstp-path-cost: invalid value \"0\" (expected 1-200000000)");
    RUN_FAILS(cfg, "set port vm1 other_config:rstp-port-admin-edge=1",
              "rstp-port-admin-edge: invalid value \"1\" (expected true or false)");
    /* The relation between the timers is the configuration's rule. */
    RUN_FAILS(cfg, "set bridge br0 other_config:rstp-max-age=40",
              "bridges[0].spanning_tree: max age 40 needs forward delay 21 or more"
              " (2 * (forward delay - 1) >= max age)");
    /* Keys with no meaning here are kept out of the way, as before. */
    RUN_OK(cfg, "set port vm1 other_config:rstp-port-auto-edge=false");
    cr_expect(config_port_stp_is_default(&cfg->bridges[0].ports[0].stp));
    config_free(cfg);
}

/* VXLAN interfaces (issue 18): OVS's own line, the options into the
 * port's "vxlan" object, get/clear, and the errors. */
Test(ovs_vsctl, vxlan_interfaces_take_the_tunnel_options)
{
    struct switch_config *cfg = load("{\"bridges\": [{\"name\": \"br0\", \"ports\":"
                                     " [{\"name\": \"vm1\", \"type\": \"tap\"}]}]}");
    const struct config_port *p;
    const struct config_vxlan *vx;
    char out[512];

    RUN_OK(cfg, "add-port br0 vx1 -- set interface vx1 type=vxlan options:remote_ip=10.0.0.2"
           " options:local_ip=10.0.0.1 options:key=10100 -- set port vx1 tag=100");
    p = port(cfg, "vx1", NULL);
    cr_assert_not_null(p);
    cr_assert_eq(p->type, PORT_TYPE_VXLAN);
    vx = p->vxlan;
    cr_assert_not_null(vx);
    cr_expect_eq(vx->key, 10100);
    cr_expect_eq(vx->n_remotes, 1);
    cr_expect_eq(vx->udp_port, 4789);
    cr_expect_eq(p->vlan.mode, VLAN_MODE_ACCESS);
    cr_expect_eq(p->vlan.access_vid, 100);
    RUN_OK(cfg, "get interface vx1 options -- get interface vx1 options:key -- get interface vx1"
           " type");
    cr_expect_str_eq(out, "{key=\"10100\", local_ip=\"10.0.0.1\", remote_ip=\"10.0.0.2\"}\n"
                     "\"10100\"\nvxlan\n");
    /* Options before the type in the same set; a list of remotes. */
    RUN_OK(cfg, "add-port br0 vx2 -- set interface vx2 options:key=flow options:dst_port=4790"
           " options:tos=16 options:ttl=32 options:df_default=false type=vxlan"
           " options:remote_ip=10.0.0.3,10.0.0.4");
    RUN_OK(cfg, "get interface vx2 options");
    cr_expect_str_eq(out, "{df_default=\"false\", dst_port=\"4790\", key=flow,"
                     " remote_ip=\"10.0.0.3,10.0.0.4\", tos=\"16\", ttl=\"32\"}\n");
    vx = port(cfg, "vx2", NULL)->vxlan;
    cr_expect_eq(vx->key, CONFIG_VXLAN_KEY_FLOW);
    cr_expect_eq(vx->n_remotes, 2);
    cr_expect_not(vx->df);
    /* clear: back to the defaults; another type: no tunnel settings. */
    RUN_OK(cfg, "clear interface vx2 options -- get interface vx2 options");
    cr_expect_str_eq(out, "{}\n");
    RUN_OK(cfg, "set interface vx1 type=internal");
    cr_expect_null(port(cfg, "vx1", NULL)->vxlan);
    RUN_FAILS(cfg, "set interface vm1 options:key=1",
              "options:key: only vxlan interfaces take it (vm1 is a tap interface)");
    RUN_FAILS(cfg, "set interface vx2 options:frob=1", "options:frob is not supported (a vxlan"
              " interface takes remote_ip, local_ip, key, dst_port, tos, ttl or df_default)");
    RUN_FAILS(cfg, "set interface vx2 options:remote_ip=flow",
              "options:remote_ip=flow is not supported (give the address)");
    RUN_FAILS(cfg, "set interface vx2 options:remote_ip=10.0.0.3,10.0.0.3",
              "options:remote_ip: 10.0.0.3 given twice");
    RUN_FAILS(cfg, "set interface vx2 options:local_ip=239.0.0.1",
              "options:local_ip: 239.0.0.1 is not a unicast IPv4 address");
    RUN_FAILS(cfg, "set interface vx2 options:key=16777216",
              "options:key: invalid value \"16777216\" (expected 0-16777215)");
    RUN_FAILS(cfg, "set interface vx2 options:ttl=0",
              "options:ttl: invalid value \"0\" (expected 1-255)");
    RUN_FAILS(cfg, "set interface vx2 options:df_default=yes",
              "options:df_default: invalid value \"yes\" (expected true or false)");
    RUN_FAILS(cfg, "get interface vx2 options:psk",
              "no key \"psk\" in Interface record \"vx2\" column options");
    /* The configuration's rules stand: remote = local. */
    RUN_FAILS(cfg, "set interface vx2 options:local_ip=10.0.0.3 options:remote_ip=10.0.0.3",
              "bridges[0].ports[2].vxlan.remote_ips[0]: remote 10.0.0.3 is the local address"
              " (local_ip)");
    RUN_OK(cfg, "list interface vx2 -- list port vm1");
    RUN_FAILS(cfg, "list interface nosuch", "no row \"nosuch\" in table Interface");
    RUN_FAILS(cfg, "list bridge br0",
              "list of table Bridge is not supported (list port or list interface)");
    config_free(cfg);
}
