/* VLANs: `vlan LIST` (config-vlan mode), `name`, `no vlan`, global
 * `vlan dot1q tag native`, and `show vlan [brief | id N | name NAME]`.
 *
 * Each bridge has its own VLAN database (docs/design.md section 4.4).  `vlan`
 * typed in global configuration edits every bridge, as IOS's one database
 * would; typed in config-bridge mode it edits that bridge only. */
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"
#include "util.h"

/* The bridges a VLAN command in this session edits. */
static bool
in_scope(const struct shell_session *s, const struct config_bridge *b)
{
    return !s->vlan_bridge[0] || !strcmp(s->vlan_bridge, b->name);
}

static enum cmd_status
vlan_enter(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;
    struct vlan_set set;
    struct switch_config *cfg;
    enum cmd_status status;

    /* Any list, up to every VLAN (`vlan 1-4094`), as IOS takes it. */
    vlan_set_parse(cmd_value(ctx, "VLANS"), &set, NULL);   /* checked by the parser */
    /* Entered from config-bridge, or re-entered from config-vlan: the scope
     * stays; from global configuration it is every bridge. */
    if (ctx->match->mode == SHELL_MODE_BRIDGE)
        snprintf(s->vlan_bridge, sizeof s->vlan_bridge, "%s", s->bridge);
    else if (ctx->match->mode == SHELL_MODE_CONFIG)
        s->vlan_bridge[0] = '\0';
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        if (!in_scope(s, &cfg->bridges[b]))
            continue;
        for (unsigned vid = VLAN_VID_MIN; vid <= VLAN_VID_MAX; vid++) {
            if (vlan_set_contains(&set, vid) && !cmd_config_vlan(&cfg->bridges[b], vid, true)) {
                config_free(cfg);
                return cmd_error(ctx, "Out of memory");
            }
        }
    }
    if ((status = cmd_apply(ctx, cfg)) != CMD_OK)
        return status;
    s->vlans = set;
    s->n_vlans = vlan_set_count(&set);
    s->mode = SHELL_MODE_VLAN;
    return CMD_OK;
}

static enum cmd_status
vlan_delete(struct cmd_ctx *ctx)
{
    struct shell_session *s = ctx->sess;
    struct vlan_set set;
    struct switch_config *cfg;
    char scope[CONFIG_NAME_MAX + 1] = "";

    vlan_set_parse(cmd_value(ctx, "VLANS"), &set, NULL);
    if (vlan_set_contains(&set, 1))
        return cmd_error(ctx, "Default VLAN 1 may not be deleted.");
    if (ctx->match->mode == SHELL_MODE_BRIDGE)
        snprintf(scope, sizeof scope, "%s", s->bridge);
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct config_bridge *br = &cfg->bridges[b];
        if (scope[0] && strcmp(scope, br->name))
            continue;
        for (size_t i = 0; i < br->n_vlans; ) {
            if (vlan_set_contains(&set, br->vlans[i].id)) {
                memmove(&br->vlans[i], &br->vlans[i + 1], (br->n_vlans - i - 1) * sizeof *br->vlans);
                br->n_vlans--;
            } else {
                i++;
            }
        }
    }
    return cmd_apply(ctx, cfg);
}

/* An edit of one VLAN of config-vlan mode in one bridge. */
typedef enum cmd_status vlan_edit_fn(struct cmd_ctx *, struct config_bridge *,
                                     struct config_vlan *);

/* Applies 'edit' to each VLAN of the session in each bridge of its scope
 * (making the VLANs that are missing), in one configuration change. */
static enum cmd_status
edit_session_vlans(struct cmd_ctx *ctx, vlan_edit_fn *edit)
{
    struct shell_session *s = ctx->sess;
    struct switch_config *cfg;

    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    for (size_t b = 0; b < cfg->n_bridges; b++) {
        if (!in_scope(s, &cfg->bridges[b]))
            continue;
        for (unsigned vid = VLAN_VID_MIN; vid <= VLAN_VID_MAX; vid++) {
            struct config_vlan *v;
            enum cmd_status st;

            if (!vlan_set_contains(&s->vlans, vid))
                continue;
            if (!(v = cmd_config_vlan(&cfg->bridges[b], vid, true))) {
                config_free(cfg);
                return cmd_error(ctx, "Out of memory");
            }
            if ((st = edit(ctx, &cfg->bridges[b], v)) != CMD_OK) {
                config_free(cfg);
                return st;
            }
        }
    }
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
edit_name(struct cmd_ctx *ctx, struct config_bridge *b, struct config_vlan *v)
{
    const char *name = cmd_value(ctx, "WORD");

    (void) b;
    if (name)
        snprintf(v->name, sizeof v->name, "%s", name);
    else
        snprintf(v->name, sizeof v->name, v->id == 1 ? "default" : "VLAN%04u",
                 (unsigned) v->id);
    return CMD_OK;
}

static enum cmd_status
vlan_name(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "WORD");

    if (ctx->sess->n_vlans != 1 && name)
        return cmd_error(ctx, "The name command is not allowed in range mode.");
    if (name && strlen(name) > 32)
        return cmd_error(ctx, "VLAN name too long (at most 32 characters)");
    return edit_session_vlans(ctx, edit_name);
}

/* NX-OS `vn-segment N` / `no vn-segment` (docs/cli.md "VXLAN"): the VNI
 * the VLAN is mapped to, which `member vni N` of interface nve1 looks up.
 * One VLAN per VNI in a bridge; a VLAN an NVE interface carries keeps its
 * VNI until `no member vni`. */
enum { VN_SEGMENT_SET, VN_SEGMENT_NO };     /* the variants of vn_segment() */

static enum cmd_status
edit_vn_segment(struct cmd_ctx *ctx, struct config_bridge *b, struct config_vlan *v)
{
    uint32_t vni = ctx->match->cmd->variant == VN_SEGMENT_NO ? CONFIG_VN_SEGMENT_NONE
                                                             : (uint32_t) cmd_number(ctx, "N");

    for (size_t i = 0; vni != CONFIG_VN_SEGMENT_NONE && i < b->n_vlans; i++)
        if (b->vlans[i].vn_segment == vni && b->vlans[i].id != v->id)
            return cmd_error(ctx, "vn-segment %u is already VLAN %u's", (unsigned) vni,
                             (unsigned) b->vlans[i].id);
    for (size_t p = 0; vni != CONFIG_VN_SEGMENT_NONE && p < b->n_ports; p++) {
        const struct config_vxlan_vni *e = config_vxlan_vni_of_vlan(b->ports[p].vxlan, v->id);

        if (e && e->vni != vni)
            return cmd_error(ctx, "VLAN %u is VNI %u of %s (first: no member vni %u there)",
                             (unsigned) v->id, (unsigned) e->vni, b->ports[p].name,
                             (unsigned) e->vni);
    }
    v->vn_segment = vni;
    return CMD_OK;
}

static enum cmd_status
vn_segment(struct cmd_ctx *ctx)
{
    if (ctx->sess->n_vlans != 1 && ctx->match->cmd->variant != VN_SEGMENT_NO)
        return cmd_error(ctx, "The vn-segment command is not allowed in range mode.");
    return edit_session_vlans(ctx, edit_vn_segment);
}

enum { TAG_NATIVE_ON, TAG_NATIVE_OFF };     /* the variants of tag_native() */

static enum cmd_status
tag_native(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->vlan_dot1q_tag_native = ctx->match->cmd->variant == TAG_NATIVE_ON;
    return cmd_apply(ctx, cfg);
}

/* show vlan */

/* Appends 'name' to the Ports column of `show vlan brief`: names joined by
 * ", ", wrapped so the column stays within 31 characters (IOS). */
#define VLAN_LINE_MAX 128

static void
ports_column(struct cmd_ctx *ctx, char line[VLAN_LINE_MAX], size_t *len, bool *first,
             const char *name)
{
    size_t col = strlen(line) - 48;

    if (!*first && col + 2 + strlen(name) > 31) {
        cmd_out(ctx, "%s", line);
        snprintf(line, VLAN_LINE_MAX, "%48s%s", "", name);
    } else {
        snprintf(line + *len, VLAN_LINE_MAX - *len, "%s%s", *first ? "" : ", ", name);
    }
    *len = strlen(line);
    *first = false;
}

static void
vlan_table(struct cmd_ctx *ctx, const struct switch_config *cfg, const struct config_bridge *b,
           int only_vid, const char *only_name)
{
    cmd_out(ctx, "VLAN Name                             Status    Ports");
    cmd_out(ctx, "---- -------------------------------- --------- -------------------------------");
    for (size_t i = 0; i < b->n_vlans; i++) {
        const struct config_vlan *v = &b->vlans[i];
        char line[VLAN_LINE_MAX];
        size_t len;
        bool first = true;

        if ((only_vid && v->id != only_vid) || (only_name && strcmp(v->name, only_name)))
            continue;
        snprintf(line, sizeof line, "%-4u %-32s %-9s ", (unsigned) v->id, v->name, "active");
        len = strlen(line);
        /* Only access ports are listed, as on IOS (trunks never). */
        for (size_t p = 0; p < b->n_ports; p++) {
            const struct config_port *cp = &b->ports[p];
            if (cp->vlan.mode == VLAN_MODE_ACCESS && cp->vlan.access_vid == v->id)
                ports_column(ctx, line, &len, &first, cp->name);
        }
        while (len && line[len - 1] == ' ')
            line[--len] = '\0';
        cmd_out(ctx, "%s", line);
    }
    (void) cfg;
}

static enum cmd_status
show_vlan(struct cmd_ctx *ctx)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    const char *id = cmd_value(ctx, "VID"), *name = cmd_value(ctx, "WORD");
    bool found = !id && !name;

    for (size_t b = 0; b < cfg->n_bridges; b++) {
        const struct config_bridge *br = &cfg->bridges[b];
        bool here = !id && !name;

        for (size_t i = 0; i < br->n_vlans && !here; i++)
            here = id ? br->vlans[i].id == atoi(id) : !strcmp(br->vlans[i].name, name);
        if (!here)
            continue;
        found = true;
        /* Several bridges, several VLAN databases: say whose table it is. */
        if (cfg->n_bridges > 1) {
            if (b)
                cmd_out(ctx, "%s", "");
            cmd_out(ctx, "Bridge %s", br->name);
            cmd_out(ctx, "%s", "");
        }
        vlan_table(ctx, cfg, br, id ? atoi(id) : 0, name);
    }
    if (!found) {
        /* IOS prints these without the "% " of other errors. */
        if (id)
            cmd_out(ctx, "VLAN id %s not found in current VLAN database", id);
        else
            cmd_out(ctx, "VLAN %s not found in current VLAN database", name);
        return CMD_FAILED;
    }
    return CMD_OK;
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "vlan VLANS", .modes = IN_CONFIG | IN_BRIDGE | IN_VLAN, .privilege = PRIV_ENABLE,
      .help = "VLAN commands", .arg_help = "VLAN IDs of the VLANs (1-4094, e.g. 10,20-25)",
      .exec = vlan_enter },
    { .syntax = "no vlan VLANS", .modes = IN_CONFIG | IN_BRIDGE, .privilege = PRIV_ENABLE,
      .help = "VLAN commands", .arg_help = "VLAN IDs of the VLANs to delete",
      .exec = vlan_delete },
    { .syntax = "name WORD", .modes = IN_VLAN, .privilege = PRIV_ENABLE,
      .help = "Ascii name of the VLAN",
      .arg_help = "The ascii name for the VLAN (up to 32 characters)", .exec = vlan_name },
    { .syntax = "no name", .modes = IN_VLAN, .privilege = PRIV_ENABLE,
      .help = "Ascii name of the VLAN", .exec = vlan_name },
    { .syntax = "vn-segment NUM(1-16777215):N", .modes = IN_VLAN, .privilege = PRIV_ENABLE,
      .help = "VXLAN network identifier of the VLAN (NX-OS)", .arg_help = "VNI",
      .exec = vn_segment },
    { .syntax = "no vn-segment", .modes = IN_VLAN, .privilege = PRIV_ENABLE,
      .help = "VXLAN network identifier of the VLAN (NX-OS)", .exec = vn_segment,
      .variant = VN_SEGMENT_NO },
    { .syntax = "vlan dot1q", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "dot1q parameters" },
    { .syntax = "vlan dot1q tag", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "tag parameters" },
    { .syntax = "vlan dot1q tag native", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "tag native vlan", .exec = tag_native },
    { .syntax = "no vlan dot1q tag native", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "tag native vlan", .exec = tag_native, .variant = TAG_NATIVE_OFF },
    { .syntax = "show vlan", .modes = IN_EXEC, .privilege = PRIV_USER, .help = "VTP VLAN status",
      .exec = show_vlan, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show vlan brief", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "VTP all VLAN status in brief", .exec = show_vlan, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show vlan id VID", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "VTP VLAN status by VLAN id", .exec = show_vlan, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show vlan name WORD", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "VTP VLAN status by VLAN name", .arg_help = "A VLAN name", .exec = show_vlan,
      .flags = CMDLINE_FILTERABLE },
};

const struct cmdline_table cmd_vlan_table = CMD_TABLE(cmds);
