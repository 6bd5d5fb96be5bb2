/* Random valid configurations for the tests (config_gen.h). */

#include "config_gen.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#define GEN_BRIDGES_MAX      4
#define GEN_PLAIN_PORTS_MAX  8      /* per bridge, patch ports not counted */
#define GEN_PATCH_PAIRS_MAX  3
#define GEN_PORTS_MAX        (GEN_PLAIN_PORTS_MAX + 2 * GEN_PATCH_PAIRS_MAX)
#define GEN_VLANS_MAX        7
#define GEN_STATIC_MACS_MAX  5
#define GEN_FLOWS_MAX        5
#define GEN_USERS_MAX        3

void
config_gen_rng_init(struct config_gen_rng *rng, uint64_t seed)
{
    rng->state = seed;
}

uint64_t
config_gen_rng_next(struct config_gen_rng *rng)     /* splitmix64 */
{
    uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint32_t
config_gen_rng_below(struct config_gen_rng *rng, uint32_t n)
{
    return (uint32_t) ((config_gen_rng_next(rng) >> 32) * n >> 32);
}

const char *const config_gen_flows[] = {
    "priority=4,in_port=1,dl_vlan=1 actions=mod_vlan_vid:100,NORMAL",
    "priority=2,in_port=1 actions=drop",
    "priority=1 actions=NORMAL",
    "priority=3,in_port=6,dl_vlan=100 actions=mod_vlan_vid:1,NORMAL",
    "priority=2,in_port=6 actions=drop",
    "priority=0 actions=NORMAL",
    "priority=10,dl_vlan=0xffff actions=push_vlan:0x8100,mod_vlan_vid:5,output:2",
    "priority=5,dl_dst=52:54:00:00:00:01 actions=output:1",
    "priority=6,in_port=2,dl_vlan=10 actions=strip_vlan,output:3",
    "priority=7,dl_src=52:54:00:00:00:02,dl_vlan=20 actions=mod_vlan_pcp:3,NORMAL",
    "priority=8,in_port=3 actions=mod_dl_src:52:54:00:00:00:09,IN_PORT",
    "actions=FLOOD",
};
const size_t config_gen_n_flows = ARRAY_SIZE(config_gen_flows);

/* Building blocks. */

static bool
chance(struct config_gen_rng *rng, unsigned percent)
{
    return config_gen_rng_below(rng, 100) < percent;
}

static const char *
pick(struct config_gen_rng *rng, const char *const *list, size_t n)
{
    return list[config_gen_rng_below(rng, n)];
}

#define PICK(rng, list) pick(rng, list, ARRAY_SIZE(list))
#define PICK_VALUE(rng, list) ((list)[config_gen_rng_below(rng, ARRAY_SIZE(list))])

static uint16_t
random_vid(struct config_gen_rng *rng)
{
    static const uint16_t edges[] = { 1, 2, 10, 100, 4093, 4094 };

    if (chance(rng, 30))
        return edges[config_gen_rng_below(rng, ARRAY_SIZE(edges))];
    return 1 + config_gen_rng_below(rng, 4094);
}

/* Appends 'len' random characters of 'alphabet' to 'buf' (which has room). */
static void
append_random(struct config_gen_rng *rng, char *buf, size_t len, const char *alphabet)
{
    size_t n = strlen(alphabet), at = strlen(buf);

    for (size_t i = 0; i < len; i++)
        buf[at + i] = alphabet[config_gen_rng_below(rng, n)];
    buf[at + len] = '\0';
}

#define NAME_START "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define NAME_CHARS NAME_START "._-"
/* Printable ASCII without space or '|': what VLAN and user names may
 * hold, including the characters JSON escapes. */
#define WORD_CHARS "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ" \
                   "[\\]^_`abcdefghijklmnopqrstuvwxyz{}~"
#define CRYPT_CHARS "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/* A name of 1 to 'max' characters (netdev and bridge names, hostnames). */
static void
random_name(struct config_gen_rng *rng, char *buf, size_t max)
{
    size_t len = chance(rng, 15) ? max : 1 + config_gen_rng_below(rng, max);

    buf[0] = '\0';
    append_random(rng, buf, 1, NAME_START);
    append_random(rng, buf, len - 1, NAME_CHARS);
}

/* OpenSSH public key lines (an ed25519 key with a comment, an RSA one). */
static const char *const ssh_keys[] = {
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPvY9fNHYIbuT3uv/hSvWSop0hty/d/LLjHPlSxrYMBm alice@host",
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCpAG2IE+YFOM+YbO/5+nk0m5HF9o3Fj0Q/zbr+BsFMIXh1KJqrymwqSbY3dcyYw9gLgJgP2S4ZPz/zIH8lGMa+QQPP90lnHsPF2ukAZUhmp3Rm4cSAokaYZNjWDcbqrSfdaetCAybYzLcWqTyWZCJrmIrPfBlIZrkSwum8rrTme/catnLe16ZVDFWNvlgZv2GOQaahRaOgLVv60fvEiRGWBnkjOCP+BBuJOATQ+oGrtBdi3BeQ77x8/SD4cInsF7+/bfZZD1pi8Nfjk5Ci/6qBQK2UTq/9k6SqZHkPO/jVs0nJnS+f83o52YP9bj/rB0WOxiApfydfTCvh/636zj6h bob",
};

/* A hash of the form config_validate() accepts (switchd/crypt_hash.h):
 * SHA-512 with or without rounds=, SHA-256, or yescrypt; random salt and
 * hash characters ('size' is the 128 of the config's arrays). */
static void
random_secret(struct config_gen_rng *rng, char *buf, size_t size)
{
    static const char *const rounds[] = { "", "rounds=1000$", "rounds=5000$", "rounds=500000$" };
    unsigned kind = config_gen_rng_below(rng, 4);

    (void) size;
    strcpy(buf, kind == 3 ? "$y$j9T$" : kind == 2 ? "$5$" : "$6$");
    if (kind < 3)
        strcat(buf, PICK(rng, rounds));
    append_random(rng, buf, 1 + config_gen_rng_below(rng, 16), CRYPT_CHARS);
    strcat(buf, "$");
    append_random(rng, buf, kind == 0 || kind == 1 ? 86 : 43, CRYPT_CHARS);
}

/* Free text with what breaks naive quoting and byte counting. */
static void
random_description(struct config_gen_rng *rng, char *buf)
{
    static const char *const pieces[] = {
        "web VM", " ", "\"quoted\"", "back\\slash", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac",
        "\xf0\x9f\x99\x82", "a|b", "|", "'", "{}[],:", "/etc/passwd", "100%", "x",
        "tenant-a uplink", "\\\\server\\share", "\\n is not a newline",
    };
    size_t len = 0, target;

    buf[0] = '\0';
    if (chance(rng, 35))
        return;
    target = chance(rng, 15) ? CONFIG_DESCRIPTION_MAX : 1 + config_gen_rng_below(rng, 80);
    while (len < target) {
        const char *piece = PICK(rng, pieces);
        size_t n = strlen(piece);

        if (len + n > target) {
            memset(buf + len, 'x', target - len);       /* land on the limit exactly */
            len = target;
            break;
        }
        memcpy(buf + len, piece, n);
        len += n;
    }
    buf[len] = '\0';
}

static void
random_vlan_set(struct config_gen_rng *rng, struct vlan_set *set)
{
    unsigned n = config_gen_rng_below(rng, 6);

    switch (config_gen_rng_below(rng, 4)) {
    case 0:
        vlan_set_fill(set);
        return;
    case 1:
        vlan_set_clear(set);
        return;
    default:
        vlan_set_clear(set);
        for (unsigned i = 0; i <= n; i++) {
            unsigned first = random_vid(rng);
            unsigned last = first + config_gen_rng_below(rng, chance(rng, 50) ? 3 : 200);

            vlan_set_add_range(set, first, last > VLAN_VID_MAX ? VLAN_VID_MAX : last);
        }
    }
}

/* Access or trunk, with every native VLAN variant; the fields the mode
 * does not use hold random valid values, as IOS keeps them. */
static void
random_vlan_port(struct config_gen_rng *rng, struct vlan_port *vlan)
{
    vlan_port_init_default(vlan);
    if (chance(rng, 50))
        vlan->access_vid = random_vid(rng);
    if (chance(rng, 40)) {
        vlan->mode = VLAN_MODE_ACCESS;
        vlan->access_vid = random_vid(rng);
        if (chance(rng, 30))
            random_vlan_set(rng, &vlan->allowed);
        if (chance(rng, 20))
            vlan->native_vid = random_vid(rng);
        vlan->native_tagged = chance(rng, 10);
        return;
    }
    vlan->mode = VLAN_MODE_TRUNK;
    switch (config_gen_rng_below(rng, 4)) {
    case 0:                             /* factory default: native 1 untagged */
        break;
    case 1:
        vlan->native_vid = random_vid(rng);
        break;
    case 2:
        vlan->native_vid = random_vid(rng);
        vlan->native_tagged = true;
        break;
    case 3:
        vlan->native_vid = 0;           /* native_vlan null */
        break;
    }
    if (chance(rng, 60))
        random_vlan_set(rng, &vlan->allowed);
}

/* Port names are unique across the switch. */
static bool
port_name_used(const struct switch_config *cfg, const char *name)
{
    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++)
            if (!strcmp(cfg->bridges[b].ports[p].name, name))
                return true;
    return false;
}

static void
unique_port_name(struct config_gen_rng *rng, const struct switch_config *cfg, char *name,
                 const char *prefix)
{
    do {
        if (prefix && !chance(rng, 20)) {
            snprintf(name, CONFIG_NAME_MAX + 1, "%s%u", prefix, config_gen_rng_below(rng, 1000));
        } else {
            random_name(rng, name, CONFIG_NAME_MAX);
        }
    } while (port_name_used(cfg, name));
}

/* An explicit ofport no port of 'br' has, or 0 (to be assigned). */
static uint16_t
random_ofport(struct config_gen_rng *rng, const struct config_bridge *br)
{
    uint16_t n;
    bool used;

    if (chance(rng, 50))
        return 0;
    do {
        n = chance(rng, 70) ? 1 + config_gen_rng_below(rng, 20)
                            : 1 + config_gen_rng_below(rng, 65279);
        used = false;
        for (size_t p = 0; p < br->n_ports; p++)
            used |= br->ports[p].ofport == n;
    } while (used);
    return n;
}

static struct config_port *
add_port(struct config_gen_rng *rng, struct switch_config *cfg, struct config_bridge *br,
         enum port_type type, const char *prefix)
{
    struct config_port *port = &br->ports[br->n_ports];

    memset(port, 0, sizeof *port);
    unique_port_name(rng, cfg, port->name, prefix);
    port->type = type;
    port->ofport = random_ofport(rng, br);
    port->enabled = !chance(rng, 20);
    random_description(rng, port->description);
    random_vlan_port(rng, &port->vlan);
    /* The lines with no effect, and the MTU where a netdev has one. */
    port->inert.speed = config_gen_rng_below(rng, 4);
    port->inert.duplex = config_gen_rng_below(rng, 3);
    port->inert.nonegotiate = chance(rng, 30);
    port->inert.no_cdp = chance(rng, 30);
    /* Spanning tree: each setting absent most of the time. */
    port->stp.portfast = chance(rng, 70) ? CONFIG_STP_DEFAULT : 1 + config_gen_rng_below(rng, 2);
    port->stp.bpduguard = chance(rng, 70) ? CONFIG_STP_DEFAULT : 1 + config_gen_rng_below(rng, 2);
    port->stp.bpdufilter = chance(rng, 80) ? CONFIG_STP_DEFAULT : 1 + config_gen_rng_below(rng, 2);
    if (chance(rng, 20))
        port->stp.cost = chance(rng, 50) ? 1 + config_gen_rng_below(rng, 200000000) : 4;
    if (chance(rng, 20)) {
        port->stp.priority_set = true;
        port->stp.priority = 16 * config_gen_rng_below(rng, 16);
    }
    port->stp.link_type = chance(rng, 70) ? CONFIG_STP_LINK_AUTO : config_gen_rng_below(rng, 3);
    if (type != PORT_TYPE_PATCH && type != PORT_TYPE_BOND && chance(rng, 30))
        port->mtu = chance(rng, 50) ? 9000 : CONFIG_MTU_MIN
                                             + config_gen_rng_below(rng, CONFIG_MTU_MAX - 67);
    /* Storm control: levels with falling <= rising, and the actions. */
    for (unsigned c = 0; c < STORM_N_CLASSES; c++) {
        struct storm_level *l = &port->storm.levels.level[c];

        if (!chance(rng, 20))
            continue;
        l->on = true;
        l->rising_pps = chance(rng, 10) ? STORM_PPS_MAX : config_gen_rng_below(rng, 100000);
        l->falling_pps = chance(rng, 50) ? l->rising_pps
                                         : config_gen_rng_below(rng, l->rising_pps < 100000
                                                                     ? l->rising_pps + 1 : 100000);
    }
    port->storm.action_shutdown = chance(rng, 15);
    port->storm.action_trap = chance(rng, 15);
    br->n_ports++;
    return port;
}

/* The pieces of a configuration. */

/* Random settings for the bond ports of 'br', and members for them among
 * its tap and system ports (at most GEN_PLAIN_PORTS_MAX - 1 members, under
 * BOND_MEMBERS_MAX). */
static void
gen_bonds(struct config_gen_rng *rng, struct config_bridge *br)
{
    size_t bonds[GEN_PORTS_MAX], n_bonds = 0;

    for (size_t p = 0; p < br->n_ports; p++) {
        struct config_port *port = &br->ports[p];

        if (port->type != PORT_TYPE_BOND)
            continue;
        bonds[n_bonds++] = p;
        port->bond_cfg.mode = chance(rng, 50) ? BOND_BALANCE_SLB : BOND_ACTIVE_BACKUP;
        port->bond_cfg.lacp = config_gen_rng_below(rng, 3);
        port->bond_cfg.lacp_fast = chance(rng, 30);
    }
    for (size_t p = 0; n_bonds && p < br->n_ports; p++) {
        struct config_port *port = &br->ports[p];

        if ((port->type == PORT_TYPE_TAP || port->type == PORT_TYPE_SYSTEM) && chance(rng, 60))
            strcpy(port->bond, br->ports[bonds[config_gen_rng_below(rng, n_bonds)]].name);
    }
}

static void
gen_cli(struct config_gen_rng *rng, struct switch_config *cfg)
{
    /* Addresses other hosts reach need a user (config_validate()). */
    static const char *const local_listens[] = {
        "127.0.0.1:2323", "", "[::1]:2424", "127.1.2.3:1", "[::ffff:127.0.0.1]:23",
    };
    static const char *const listens[] = {
        "0.0.0.0:23", "[::]:2323", "[fe80::1]:65535", "10.1.2.3:1", "192.168.100.200:8023",
    };
    static const uint32_t idles[] = { 0, 1, 60, CONFIG_TELNET_IDLE_DEFAULT_S,
                                      CONFIG_TELNET_IDLE_MAX_S };
    static const uint32_t blocks[] = { 0, 1, 60, CONFIG_LOGIN_BLOCK_MAX };

    cfg->telnet_idle_timeout_s = chance(rng, 70)
        ? idles[config_gen_rng_below(rng, ARRAY_SIZE(idles))]
        : config_gen_rng_below(rng, CONFIG_TELNET_IDLE_MAX_S + 1);
    cfg->telnet_login_timeout_s = chance(rng, 50) ? CONFIG_TELNET_LOGIN_TIMEOUT_DEFAULT_S
        : 1 + config_gen_rng_below(rng, CONFIG_TELNET_LOGIN_TIMEOUT_MAX_S);
    cfg->login_block.block_for_s = blocks[config_gen_rng_below(rng, ARRAY_SIZE(blocks))];
    cfg->login_block.attempts = 1 + config_gen_rng_below(rng, CONFIG_LOGIN_BLOCK_MAX);
    cfg->login_block.within_s = chance(rng, 50) ? CONFIG_LOGIN_WITHIN_DEFAULT_S
        : 1 + config_gen_rng_below(rng, CONFIG_LOGIN_BLOCK_MAX);
    cfg->console_idle_timeout_s = chance(rng, 70)
        ? idles[config_gen_rng_below(rng, ARRAY_SIZE(idles))]
        : config_gen_rng_below(rng, CONFIG_TELNET_IDLE_MAX_S + 1);
    cfg->telnet_login_local = chance(rng, 50);
    cfg->console_login_local = chance(rng, 30);
    cfg->transport_input = (enum config_transport) config_gen_rng_below(rng, 4);
    cfg->n_users = config_gen_rng_below(rng, GEN_USERS_MAX + 1);
    strcpy(cfg->telnet_listen, cfg->n_users && chance(rng, 50) ? PICK(rng, listens)
                                                              : PICK(rng, local_listens));
    for (size_t i = 0; i < cfg->n_users; i++) {
        struct config_user *user = &cfg->users[i];

        /* Unique by construction: a different first character each. */
        user->name[0] = "auz"[i];
        user->name[1] = '\0';
        append_random(rng, user->name,
                      chance(rng, 15) ? sizeof user->name - 2 : config_gen_rng_below(rng, 10),
                      WORD_CHARS);
        random_secret(rng, user->secret, sizeof user->secret);
        /* SSH keys (issue 19): none, one or two; then the secret may go. */
        user->n_ssh_keys = config_gen_rng_below(rng, 3);
        for (unsigned k = 0; k < user->n_ssh_keys; k++)
            strcpy(user->ssh_keys[k], PICK(rng, ssh_keys));
        if (user->n_ssh_keys && chance(rng, 30))
            user->secret[0] = '\0';
    }
    cfg->ssh = (struct config_ssh) {
        .listen = CONFIG_SSH_LISTEN_DEFAULT, .timeout_s = CONFIG_SSH_TIMEOUT_DEFAULT_S,
        .auth_retries = CONFIG_SSH_RETRIES_DEFAULT, .rsa_modulus = CONFIG_SSH_RSA_MODULUS_DEFAULT,
        .version_2 = chance(rng, 30),
    };
    if (chance(rng, 30))
        strcpy(cfg->ssh.listen, chance(rng, 50) ? "" : PICK(rng, local_listens));
    if (chance(rng, 30))
        cfg->ssh.timeout_s = 1 + config_gen_rng_below(rng, CONFIG_SSH_TIMEOUT_MAX_S);
    if (chance(rng, 30))
        cfg->ssh.auth_retries = config_gen_rng_below(rng, CONFIG_SSH_RETRIES_MAX + 1);
    if (chance(rng, 30))
        cfg->ssh.rsa_modulus = CONFIG_SSH_RSA_MODULUS_MIN
            + config_gen_rng_below(rng, CONFIG_SSH_RSA_MODULUS_MAX - CONFIG_SSH_RSA_MODULUS_MIN + 1);
    if (chance(rng, 60))
        random_secret(rng, cfg->enable_secret, sizeof cfg->enable_secret);
}

static void
gen_vlans(struct config_gen_rng *rng, struct config_bridge *br)
{
    unsigned n = config_gen_rng_below(rng, GEN_VLANS_MAX + 1);

    for (unsigned i = 0; i < n; i++) {
        struct config_vlan *vlan = &br->vlans[br->n_vlans];
        uint16_t id = chance(rng, 25) ? 1 : random_vid(rng);
        bool used = false;

        for (size_t j = 0; j < br->n_vlans; j++)
            used |= br->vlans[j].id == id;
        if (used)
            continue;
        memset(vlan, 0, sizeof *vlan);
        vlan->id = id;
        if (id == 1)
            strcpy(vlan->name, chance(rng, 50) ? "default" : "");
        else if (chance(rng, 60))
            append_random(rng, vlan->name,
                          1 + config_gen_rng_below(rng, chance(rng, 20) ? 32 : 12), WORD_CHARS);
        br->n_vlans++;
    }
}

static void
gen_static_macs(struct config_gen_rng *rng, struct config_bridge *br)
{
    unsigned n = br->n_ports ? config_gen_rng_below(rng, GEN_STATIC_MACS_MAX + 1) : 0;

    for (unsigned i = 0; i < n; i++) {
        struct config_static_mac *m = &br->static_macs[br->n_static_macs];
        const struct config_port *port;
        bool used = false;

        memset(m, 0, sizeof *m);
        for (size_t j = 0; j < 6; j++)
            m->mac[j] = config_gen_rng_below(rng, 256);
        m->mac[0] &= 0xfe;                      /* unicast */
        if (chance(rng, 30))
            m->mac[0] = 0x52, m->mac[1] = 0x54, m->mac[2] = 0;
        m->vlan = chance(rng, 50) ? 1 : random_vid(rng);
        port = &br->ports[config_gen_rng_below(rng, br->n_ports)];
        strcpy(m->port, port->bond[0] ? port->bond : port->name);  /* not on a member */
        for (size_t j = 0; j < br->n_static_macs; j++)
            used |= !memcmp(br->static_macs[j].mac, m->mac, 6) && br->static_macs[j].vlan == m->vlan;
        if (!used)
            br->n_static_macs++;
    }
    if (chance(rng, 50))
        br->mac_table_size = 8192;
    else if (br->n_static_macs && chance(rng, 30))
        br->mac_table_size = br->n_static_macs;         /* full of static entries */
    else
        /* Every bridge within its share of the global bound. */
        br->mac_table_size = 1 + br->n_static_macs
                             + config_gen_rng_below(rng, CONFIG_MAC_TABLE_TOTAL_MAX
                                                         / GEN_BRIDGES_MAX - 1
                                                         - br->n_static_macs);
}

/* Port security on some ports (not bond members), with up to two secure
 * addresses each, within the port's maximum and unique in the bridge. */
static bool
gen_port_security(struct config_gen_rng *rng, struct config_bridge *br)
{
    for (size_t p = 0; p < br->n_ports; p++) {
        struct config_port *port = &br->ports[p];
        unsigned n;

        if (port->bond[0] || !chance(rng, 20))
            continue;
        port->psec = (struct config_psec) {
            .enabled = chance(rng, 70),
            .maximum = chance(rng, 50) ? 0 : 1 + config_gen_rng_below(rng, PSEC_MAXIMUM_MAX),
            .violation = config_gen_rng_below(rng, 3),
            .sticky = chance(rng, 30),
            .aging_min = chance(rng, 70) ? 0 : config_gen_rng_below(rng, PSEC_AGING_MAX_MIN + 1),
            .aging_inactivity = chance(rng, 30),
        };
        n = config_gen_rng_below(rng, 3);
        if (n > config_psec_maximum(&port->psec))
            n = config_psec_maximum(&port->psec);
        for (unsigned i = 0; i < n; i++) {
            struct config_secure_mac *m = realloc(br->secure_macs,
                                                  (br->n_secure_macs + 1) * sizeof *m);
            bool used = false;

            if (!m)
                return false;
            br->secure_macs = m;
            m = &br->secure_macs[br->n_secure_macs];
            memset(m, 0, sizeof *m);
            m->mac[0] = 0x52, m->mac[1] = 0x54;
            for (size_t j = 2; j < 6; j++)
                m->mac[j] = config_gen_rng_below(rng, 256);
            m->mac[5] |= 1;                     /* never all zero */
            m->vlan = random_vid(rng);
            m->sticky = chance(rng, 50);
            strcpy(m->port, port->name);
            for (size_t j = 0; j < br->n_secure_macs; j++)
                used |= !memcmp(br->secure_macs[j].mac, m->mac, 6)
                        && br->secure_macs[j].vlan == m->vlan;
            if (!used)
                br->n_secure_macs++;
        }
    }
    return true;
}

static bool
gen_flows(struct config_gen_rng *rng, struct config_bridge *br)
{
    unsigned n = config_gen_rng_below(rng, GEN_FLOWS_MAX + 1);

    for (unsigned i = 0; i < n; i++) {
        br->flows[i] = strdup(PICK(rng, config_gen_flows));
        if (!br->flows[i])
            return false;
        br->n_flows++;
    }
    return true;
}

/* SPAN sessions over the ports made so far: destinations are tap, internal
 * or system ports, each in one session; sources the other ports (bond
 * members never), each in one session (config_json.c's rules). */
static bool
gen_monitor_sessions(struct config_gen_rng *rng, struct switch_config *cfg)
{
    unsigned n = chance(rng, 50) ? 1 + config_gen_rng_below(rng, 3) : 0;
    bool used_id[CONFIG_SPAN_SESSION_MAX + 1] = { false };

    if (!n)
        return true;
    cfg->monitor_sessions = calloc(n, sizeof *cfg->monitor_sessions);
    if (!cfg->monitor_sessions)
        return false;
    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            const struct config_port *port = &cfg->bridges[b].ports[p];
            bool can_dest = port->type == PORT_TYPE_TAP || port->type == PORT_TYPE_INTERNAL
                            || port->type == PORT_TYPE_SYSTEM;
            unsigned s = config_gen_rng_below(rng, n);
            struct config_monitor_session *ms = &cfg->monitor_sessions[s];

            if (port->bond[0] || chance(rng, 50))
                continue;
            if (can_dest && !ms->destination[0] && chance(rng, 40)) {
                strcpy(ms->destination, port->name);
                ms->replicate = chance(rng, 50);
            } else if (ms->n_sources < CONFIG_SPAN_SOURCES_MAX) {
                strcpy(ms->sources[ms->n_sources].port, port->name);
                ms->sources[ms->n_sources++].dir = config_gen_rng_below(rng, 3);
            }
        }
    for (unsigned s = 0; s < n; s++) {
        unsigned id;

        do
            id = 1 + config_gen_rng_below(rng, CONFIG_SPAN_SESSION_MAX);
        while (used_id[id]);
        used_id[id] = true;
        cfg->monitor_sessions[s].id = (uint16_t) id;
        /* VLAN sources only in a session without interface sources. */
        for (unsigned k = 0; !cfg->monitor_sessions[s].n_sources && k < 3 && chance(rng, 50); k++) {
            unsigned first = 1 + config_gen_rng_below(rng, 4094), dir = config_gen_rng_below(rng, 3);
            unsigned last = first + config_gen_rng_below(rng, 4);

            for (unsigned vid = first; vid <= last && vid <= 4094; vid++) {
                if (dir != CONFIG_SPAN_TX)
                    vlan_set_add(&cfg->monitor_sessions[s].vlans_rx, vid);
                if (dir != CONFIG_SPAN_RX)
                    vlan_set_add(&cfg->monitor_sessions[s].vlans_tx, vid);
            }
        }
    }
    cfg->n_monitor_sessions = n;
    return true;
}

static bool
bridge_alloc(struct config_bridge *br)
{
    br->vlans = calloc(GEN_VLANS_MAX, sizeof *br->vlans);
    br->ports = calloc(GEN_PORTS_MAX, sizeof *br->ports);
    br->static_macs = calloc(GEN_STATIC_MACS_MAX, sizeof *br->static_macs);
    br->flows = calloc(GEN_FLOWS_MAX, sizeof *br->flows);
    return br->vlans && br->ports && br->static_macs && br->flows;
}

/* IOS `logging buffered` and `logging monitor`: mostly the defaults. */
static void
gen_logging(struct config_gen_rng *rng, struct config_logging *l)
{
    static const uint32_t sizes[] = { CONFIG_LOG_BUFFER_MIN, CONFIG_LOG_BUFFER_DEFAULT, 8192,
                                      CONFIG_LOG_BUFFER_MAX };

    *l = (struct config_logging) {
        true, CONFIG_LOG_BUFFER_DEFAULT, CONFIG_LOG_LEVEL_DEBUGGING,
        true, CONFIG_LOG_LEVEL_DEBUGGING,
    };
    if (chance(rng, 60))
        return;
    l->buffered = chance(rng, 80);
    l->buffered_size = chance(rng, 50) ? PICK_VALUE(rng, sizes)
        : CONFIG_LOG_BUFFER_MIN
          + config_gen_rng_below(rng, CONFIG_LOG_BUFFER_MAX - CONFIG_LOG_BUFFER_MIN + 1);
    l->buffered_level = config_gen_rng_below(rng, CONFIG_LOG_LEVEL_DEBUGGING + 1);
    l->monitor = chance(rng, 80);
    l->monitor_level = config_gen_rng_below(rng, CONFIG_LOG_LEVEL_DEBUGGING + 1);
}

/* LLDP: mostly the defaults; drawn last, so the configurations generated
 * before LLDP existed stay the same. */
/* Spanning tree on a bridge, half of the time; timers drawn so that
 * 2 * (forward delay - 1) >= max age >= 2 * (hello + 1) holds whatever
 * the others are (hello <= 2, max age <= 20, forward delay >= 11). */
static void
gen_stp(struct config_gen_rng *rng, struct config_stp *stp)
{
    if (chance(rng, 50))
        return;
    stp->enabled = chance(rng, 70);
    if ((stp->priority_set = chance(rng, 40)))
        stp->priority = 4096 * config_gen_rng_below(rng, 16);
    stp->hello_s = chance(rng, 70) ? 0 : 1 + config_gen_rng_below(rng, 2);
    stp->max_age_s = chance(rng, 70) ? 0 : 6 + config_gen_rng_below(rng, 15);
    stp->forward_delay_s = chance(rng, 70) ? 0 : 11 + config_gen_rng_below(rng, 20);
    stp->tx_hold_count = chance(rng, 70) ? 0 : 1 + config_gen_rng_below(rng, 10);
    stp->force_stp = chance(rng, 20);
    stp->portfast_default = chance(rng, 30);
    stp->bpduguard_default = chance(rng, 30);
}

static void
gen_lldp(struct config_gen_rng *rng, struct switch_config *cfg)
{
    cfg->lldp = (struct config_lldp) {
        false, CONFIG_LLDP_TIMER_DEFAULT, CONFIG_LLDP_HOLDTIME_DEFAULT,
        CONFIG_LLDP_REINIT_DEFAULT,
    };
    if (!chance(rng, 60)) {
        cfg->lldp.run = chance(rng, 70);
        cfg->lldp.timer_s = (uint16_t) (CONFIG_LLDP_TIMER_MIN
            + config_gen_rng_below(rng, CONFIG_LLDP_TIMER_MAX - CONFIG_LLDP_TIMER_MIN + 1));
        cfg->lldp.holdtime_s = (uint16_t) config_gen_rng_below(rng, 65536);
        cfg->lldp.reinit_s = (uint8_t) (CONFIG_LLDP_REINIT_MIN
            + config_gen_rng_below(rng, CONFIG_LLDP_REINIT_MAX - CONFIG_LLDP_REINIT_MIN + 1));
    }
    for (size_t b = 0; b < cfg->n_bridges; b++)
        for (size_t i = 0; i < cfg->bridges[b].n_ports; i++) {
            struct config_port *p = &cfg->bridges[b].ports[i];
            bool wire = p->type != PORT_TYPE_PATCH && p->type != PORT_TYPE_BOND;

            p->lldp_no_transmit = chance(rng, 20) && wire;
            p->lldp_no_receive = chance(rng, 20) && wire;
        }
}

struct switch_config *
config_gen(uint64_t seed)
{
    static const enum port_type plain_types[] = { PORT_TYPE_TAP, PORT_TYPE_INTERNAL,
                                                  PORT_TYPE_SYSTEM, PORT_TYPE_BOND };
    static const char *const prefixes[] = { "vm", "tap", "eth", "veth", "host" };
    static const uint32_t agings[] = { 0, 1, 300, 1000000 };
    static const uint16_t lacp_priorities[] = { 1, CONFIG_LACP_SYSTEM_PRIORITY_DEFAULT, 65535 };
    struct config_gen_rng rng;
    struct switch_config *cfg = calloc(1, sizeof *cfg);

    config_gen_rng_init(&rng, seed);
    if (!cfg)
        return NULL;
    cfg->n_bridges = 1 + config_gen_rng_below(&rng, GEN_BRIDGES_MAX);
    cfg->bridges = calloc(cfg->n_bridges, sizeof *cfg->bridges);
    cfg->users = calloc(GEN_USERS_MAX, sizeof *cfg->users);
    if (!cfg->bridges || !cfg->users)
        goto err;

    random_name(&rng, cfg->hostname, chance(&rng, 50) ? 12 : sizeof cfg->hostname - 1);
    cfg->vlan_dot1q_tag_native = chance(&rng, 30);
    cfg->lacp_system_priority = chance(&rng, 50) ? PICK_VALUE(&rng, lacp_priorities)
                                                 : 1 + config_gen_rng_below(&rng, 65535);
    cfg->port_channel_load_balance = chance(&rng, 30) ? BOND_HASH_SRC_DST_MAC : BOND_HASH_SRC_MAC;
    gen_cli(&rng, cfg);
    cfg->inert.no_ip_domain_lookup = chance(&rng, 40);
    cfg->inert.no_cdp_run = chance(&rng, 40);
    cfg->inert.stp_mode = config_gen_rng_below(&rng, 3);
    cfg->inert.timestamps_debug_msec = chance(&rng, 40);
    cfg->inert.timestamps_log_msec = chance(&rng, 40);
    if (chance(&rng, 40))
        snprintf(cfg->banner_motd, sizeof cfg->banner_motd, "%s",
                 chance(&rng, 50) ? "Welcome" : "Authorized access only\n\nDisconnect now, \"%s\" | caf\xc3\xa9");

    /* Bridge names are unique by construction: "b<index>" plus a tail. */
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct config_bridge *br = &cfg->bridges[b];

        if (!bridge_alloc(br))
            goto err;
        snprintf(br->name, sizeof br->name, "%s%u", chance(&rng, 50) ? "br" : "b", (unsigned) b % 10);
        if (chance(&rng, 40))
            append_random(&rng, br->name, config_gen_rng_below(&rng, 12), NAME_CHARS);
        br->mac_aging_s = chance(&rng, 60) ? agings[config_gen_rng_below(&rng, 4)]
                                           : config_gen_rng_below(&rng, 1000001);
        gen_vlans(&rng, br);
        gen_stp(&rng, &br->stp);
    }
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct config_bridge *br = &cfg->bridges[b];
        unsigned n = config_gen_rng_below(&rng, GEN_PLAIN_PORTS_MAX + 1);

        for (unsigned i = 0; i < n; i++) {
            enum port_type type = PICK_VALUE(&rng, plain_types);

            add_port(&rng, cfg, br, type, type == PORT_TYPE_BOND ? "Po" : PICK(&rng, prefixes));
        }
        gen_bonds(&rng, br);
    }
    /* Patch pairs join two different bridges, each naming the other. */
    if (cfg->n_bridges > 1) {
        unsigned n = config_gen_rng_below(&rng, GEN_PATCH_PAIRS_MAX + 1);

        for (unsigned i = 0; i < n; i++) {
            size_t b1 = config_gen_rng_below(&rng, cfg->n_bridges);
            size_t b2 = (b1 + 1 + config_gen_rng_below(&rng, cfg->n_bridges - 1))
                        % cfg->n_bridges;
            struct config_port *p1 = add_port(&rng, cfg, &cfg->bridges[b1], PORT_TYPE_PATCH,
                                              "int-br-");
            struct config_port *p2 = add_port(&rng, cfg, &cfg->bridges[b2], PORT_TYPE_PATCH,
                                              "phy-br-");

            strcpy(p1->peer, p2->name);
            strcpy(p2->peer, p1->name);
        }
    }
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        gen_static_macs(&rng, &cfg->bridges[b]);
        if (!gen_flows(&rng, &cfg->bridges[b]) || !gen_port_security(&rng, &cfg->bridges[b]))
            goto err;
    }
    gen_logging(&rng, &cfg->logging);
    gen_lldp(&rng, cfg);
    if (!gen_monitor_sessions(&rng, cfg))
        goto err;
    if (chance(&rng, 20))
        cfg->errdisable = (struct config_errdisable) {
            config_gen_rng_below(&rng, 1u << CONFIG_ERR_N_CAUSES),
            chance(&rng, 50) ? 0 : 1 + config_gen_rng_below(&rng, CONFIG_ERR_INTERVAL_MAX_S),
        };
    return cfg;

err:
    config_free(cfg);
    return NULL;
}
