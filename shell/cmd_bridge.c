/* Bridges and their ports: `bridge NAME` (config-bridge mode),
 * `port NAME type tap|internal|system|vxlan|patch [peer P] [ofport N]`, `no port`,
 * `no bridge`. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

/* Port and bridge names are netdev names (IFNAMSIZ). */
static bool
netdev_name_valid(const char *s)
{
    size_t len = strlen(s);

    if (!len || len > CONFIG_NAME_MAX || !isalnum((unsigned char) s[0]))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char) *s) && !strchr("._-", *s))
            return false;
    return true;
}

static enum cmd_status
bridge_enter(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name");
    struct switch_config *cfg;
    struct config_bridge *b;
    enum cmd_status status;

    if (!netdev_name_valid(name))
        return cmd_error(ctx, "Invalid bridge name \"%s\" (up to %d letters, digits, '.', '_'"
                         " or '-')", name, CONFIG_NAME_MAX);
    if (!state_find_bridge(ctx->sw, name)) {
        if (!(cfg = cmd_edit(ctx)))
            return CMD_FAILED;
        b = realloc(cfg->bridges, (cfg->n_bridges + 1) * sizeof *b);
        if (!b) {
            config_free(cfg);
            return cmd_error(ctx, "Out of memory");
        }
        cfg->bridges = b;
        b = &cfg->bridges[cfg->n_bridges++];
        memset(b, 0, sizeof *b);
        snprintf(b->name, sizeof b->name, "%s", name);
        b->mac_aging_s = 300;
        b->mac_table_size = 8192;
        /* New bridges inherit the aging the others share. */
        if (cfg->n_bridges > 1)
            b->mac_aging_s = cfg->bridges[0].mac_aging_s;
        if (!cmd_config_vlan(b, 1, true)) {
            config_free(cfg);
            return cmd_error(ctx, "Out of memory");
        }
        if ((status = cmd_apply(ctx, cfg)) != CMD_OK)
            return status;
    }
    ctx->sess->mode = SHELL_MODE_BRIDGE;
    snprintf(ctx->sess->bridge, sizeof ctx->sess->bridge, "%s", name);
    return CMD_OK;
}

static enum cmd_status
bridge_delete(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name");
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_bridge *b;

    if (!cfg)
        return CMD_FAILED;
    if (!(b = cmd_config_bridge(cfg, name))) {
        config_free(cfg);
        return cmd_error(ctx, "Bridge %s does not exist", name);
    }
    /* Patch peers in other bridges would dangle: refuse, naming them. */
    for (size_t i = 0; i < b->n_ports; i++) {
        struct config_bridge *pb;
        struct config_port *peer;
        if (b->ports[i].type != PORT_TYPE_PATCH || !b->ports[i].peer[0])
            continue;
        peer = cmd_config_port(cfg, b->ports[i].peer, &pb);
        if (peer && pb != b) {
            enum cmd_status st = cmd_error(ctx, "Port %s of bridge %s is the patch peer of %s;"
                                           " remove it first", peer->name, pb->name,
                                           b->ports[i].name);
            config_free(cfg);
            return st;
        }
    }
    free(b->vlans);
    free(b->ports);
    free(b->static_macs);
    for (size_t i = 0; i < b->n_flows; i++)
        free(b->flows[i]);
    free(b->flows);
    memmove(b, b + 1, (cfg->n_bridges - (b - cfg->bridges) - 1) * sizeof *b);
    cfg->n_bridges--;
    return cmd_apply(ctx, cfg);
}

/* The `port NAME type ...` entries carry their port type as their variant. */
static enum port_type
type_of_command(const struct cmd_ctx *ctx)
{
    return (enum port_type) ctx->match->cmd->variant;
}

/* Adds port 'name' to 'b' (or finds it there) and sets its type, peer and
 * ofport ('ofport' 0: keep it, or let the loader assign one).  Returns
 * NULL with an error printed. */
static struct config_port *
port_set(struct cmd_ctx *ctx, struct switch_config *cfg, struct config_bridge *b,
         const char *name, enum port_type type, const char *peer, unsigned ofport)
{
    struct config_bridge *other;
    struct config_port *p = cmd_config_port(cfg, name, &other);

    if (p && other != b) {
        cmd_error(ctx, "Port %s already exists in bridge %s", name, other->name);
        return NULL;
    }
    if (ofport) {
        for (size_t i = 0; i < b->n_ports; i++) {
            if (&b->ports[i] != p && b->ports[i].ofport == ofport) {
                cmd_error(ctx, "ofport %u is taken by port %s", ofport, b->ports[i].name);
                return NULL;
            }
        }
    }
    if (!p && !(p = cmd_config_port_add(b, name))) {
        cmd_error(ctx, "Out of memory");
        return NULL;
    }
    p->type = type;
    snprintf(p->peer, sizeof p->peer, "%s", type == PORT_TYPE_PATCH ? peer : "");
    if (type != PORT_TYPE_VXLAN) {      /* its tunnel settings go with the type */
        config_vxlan_free(p->vxlan);
        p->vxlan = NULL;
    }
    if (ofport)
        p->ofport = ofport;
    return p;
}

/* A patch port of a pair may not change its type or peer alone: the other
 * end would name a port that no longer links back. */
static bool
pair_kept(struct cmd_ctx *ctx, struct switch_config *cfg, const char *name,
          enum port_type type, const char *peer)
{
    struct config_bridge *pb;
    struct config_port *p = cmd_config_port(cfg, name, NULL), *other;

    if (!p || p->type != PORT_TYPE_PATCH || !(other = cmd_config_port(cfg, p->peer, &pb)))
        return true;
    if (type == PORT_TYPE_PATCH && !strcmp(peer, p->peer))
        return true;
    cmd_error(ctx, "Port %s is the patch peer of %s (bridge %s); remove the pair first"
              " with \"no port %s\"", name, other->name, pb->name, name);
    return false;
}

/* Moves the last port of 'b' to just after port 'after' ("": to the
 * front), where a pending patch port was typed; if 'after' is gone, it
 * stays last. */
static void
port_move_after(struct config_bridge *b, const char *after)
{
    size_t last = b->n_ports - 1, to = 0;
    struct config_port p;

    if (after[0]) {
        while (to < last && strcmp(b->ports[to].name, after))
            to++;
        if (to++ == last)
            return;
    }
    p = b->ports[last];
    memmove(&b->ports[to + 1], &b->ports[to], (last - to) * sizeof *b->ports);
    b->ports[to] = p;
}

/* `port NAME type patch peer PEER`: a pair is made of two such lines, one
 * in each bridge.  The first one, while PEER does not exist, is kept in
 * the session; the second creates both ports in one change. */
static enum cmd_status
patch_add(struct cmd_ctx *ctx, struct switch_config *cfg, struct config_bridge *b,
          const char *name, const char *peer, unsigned ofport)
{
    struct shell_session *s = ctx->sess;
    struct config_bridge *pb;
    struct config_port *other = cmd_config_port(cfg, peer, &pb);
    enum cmd_status st;
    size_t had;

    if (!strcmp(name, peer)) {
        st = cmd_error(ctx, "A patch port cannot be its own peer");
        goto fail;
    }
    if (other) {
        if (pb == b)
            st = cmd_error(ctx, "Patch peer %s is in the same bridge %s", peer, b->name);
        else if (other->type != PORT_TYPE_PATCH)
            st = cmd_error(ctx, "Patch peer %s is a %s port, not a patch port", peer,
                           port_type_name(other->type));
        else if (strcmp(other->peer, name))
            st = cmd_error(ctx, "Patch port %s is already the peer of %s", peer, other->peer);
        else
            goto add;
        goto fail;
    }
    if (strcmp(s->pending_patch.name, peer) || strcmp(s->pending_patch.peer, name)) {
        snprintf(s->pending_patch.name, sizeof s->pending_patch.name, "%s", name);
        snprintf(s->pending_patch.bridge, sizeof s->pending_patch.bridge, "%s", b->name);
        snprintf(s->pending_patch.peer, sizeof s->pending_patch.peer, "%s", peer);
        s->pending_patch.ofport = ofport;
        /* Its place in the bridge, so that a pasted bridge block makes its
         * ports in the order it lists them (the port list's order). */
        snprintf(s->pending_patch.after, sizeof s->pending_patch.after, "%s",
                 b->n_ports ? b->ports[b->n_ports - 1].name : "");
        config_free(cfg);
        cmd_info(ctx, "Patch port %s waits for its peer: type \"port %s type patch peer %s\""
                 " in the other bridge", name, peer, name);
        return CMD_OK;
    }
    /* The pending end, in its own bridge. */
    if (!(pb = cmd_config_bridge(cfg, s->pending_patch.bridge))) {
        st = cmd_error(ctx, "Bridge %s of patch port %s no longer exists",
                       s->pending_patch.bridge, peer);
        goto fail;
    }
    if (pb == b) {
        st = cmd_error(ctx, "Patch peer %s is in the same bridge %s", peer, b->name);
        goto fail;
    }
    had = pb->n_ports;
    if (!port_set(ctx, cfg, pb, peer, PORT_TYPE_PATCH, name, s->pending_patch.ofport))
        goto fail_quiet;
    if (pb->n_ports > had)
        port_move_after(pb, s->pending_patch.after);
add:
    if (!port_set(ctx, cfg, b, name, PORT_TYPE_PATCH, peer, ofport))
        goto fail_quiet;
    st = cmd_apply(ctx, cfg);
    if (st == CMD_OK)
        memset(&s->pending_patch, 0, sizeof s->pending_patch);
    return st;

fail_quiet:
    st = CMD_FAILED;
fail:
    config_free(cfg);
    return st;
}

static enum cmd_status
port_add(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name"), *peer = cmd_value(ctx, "peer");
    unsigned ofport = cmd_value(ctx, "ofport") ? (unsigned) cmd_number(ctx, "ofport") : 0;
    enum port_type type = type_of_command(ctx);
    struct switch_config *cfg;
    struct config_bridge *b;

    if (!netdev_name_valid(name))
        return cmd_error(ctx, "Invalid port name \"%s\" (up to %d letters, digits, '.', '_'"
                         " or '-')", name, CONFIG_NAME_MAX);
    if (peer && !netdev_name_valid(peer))
        return cmd_error(ctx, "Invalid peer name \"%s\"", peer);
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    if (!(b = cmd_config_bridge(cfg, ctx->sess->bridge))) {
        config_free(cfg);
        return cmd_error(ctx, "Bridge %s no longer exists", ctx->sess->bridge);
    }
    if (!pair_kept(ctx, cfg, name, type, peer)) {
        config_free(cfg);
        return CMD_FAILED;
    }
    if (type == PORT_TYPE_PATCH)
        return patch_add(ctx, cfg, b, name, peer, ofport);
    if (!port_set(ctx, cfg, b, name, type, NULL, ofport)) {
        config_free(cfg);
        return CMD_FAILED;
    }
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
port_delete(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name");
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_bridge *b, *pb;
    struct config_port *p, *other = NULL;
    char peer[CONFIG_NAME_MAX + 1] = "";

    if (!cfg)
        return CMD_FAILED;
    p = cmd_config_port(cfg, name, &b);
    if (!p || strcmp(b->name, ctx->sess->bridge)) {
        config_free(cfg);
        return cmd_error(ctx, "Port %s is not in bridge %s", name, ctx->sess->bridge);
    }
    /* A patch pair goes as a whole: its other end alone would be invalid. */
    if (p->type == PORT_TYPE_PATCH && (other = cmd_config_port(cfg, p->peer, &pb))
        && other->type == PORT_TYPE_PATCH && !strcmp(other->peer, name)) {
        snprintf(peer, sizeof peer, "%s", other->name);
        cmd_config_port_remove(pb, peer);
        cmd_info(ctx, "Removed its patch peer %s (bridge %s) too", peer, pb->name);
    }
    cmd_config_port_remove(b, name);
    return cmd_apply(ctx, cfg);
}

#define OFPORT "[ofport NUM(1-65279)]"

static const struct cmdline_cmd cmds[] = {
    { .syntax = "bridge BRIDGE:name", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Configure a bridge (created if new)", .arg_help = "Bridge name",
      .exec = bridge_enter },
    { .syntax = "no bridge BRIDGE:name", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Delete a bridge and its ports", .arg_help = "Bridge name", .exec = bridge_delete },
    { .syntax = "port", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Add or change a port of this bridge" },
    { .syntax = "port WORD:name", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Add or change a port of this bridge", .arg_help = "Port (netdev) name" },
    { .syntax = "port WORD:name type", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Port back end" },
    { .syntax = "port WORD:name type tap " OFPORT, .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "A persistent TAP for a VM (QEMU attaches by name)", .exec = port_add,
      .variant = PORT_TYPE_TAP },
    { .syntax = "port WORD:name type internal " OFPORT, .modes = IN_BRIDGE,
      .privilege = PRIV_ENABLE, .help = "A host endpoint (a TAP switchd holds)", .exec = port_add,
      .variant = PORT_TYPE_INTERNAL },
    { .syntax = "port WORD:name type system " OFPORT, .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "An existing NIC or veth", .exec = port_add, .variant = PORT_TYPE_SYSTEM },
    { .syntax = "port WORD:name type vxlan " OFPORT, .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "A VXLAN tunnel endpoint (docs/cli.md \"VXLAN\")", .exec = port_add,
      .variant = PORT_TYPE_VXLAN },
    { .syntax = "port WORD:name type patch", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "A link to a patch port of another bridge" },
    { .syntax = "port WORD:name type patch peer PORT:peer " OFPORT, .modes = IN_BRIDGE,
      .privilege = PRIV_ENABLE, .help = "The patch port it links to", .arg_help = "Peer port name",
      .exec = port_add, .variant = PORT_TYPE_PATCH },
    { .syntax = "no port PORT:name", .modes = IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "Remove a port of this bridge", .arg_help = "Port name", .exec = port_delete },
};

const struct cmdline_table cmd_bridge_table = CMD_TABLE(cmds);
