/* Packet capture, IOS-XE's embedded packet capture simplified
 * (switchd/capture.h, docs/cli.md "monitor capture"): privileged EXEC
 * commands, as on IOS-XE; captures are runtime state, never in the
 * configuration.
 *
 *   monitor capture NAME interface PORT [in|out|both]
 *   monitor capture NAME match any|mac MAC|vlan VID
 *   monitor capture NAME limit packets N [duration S] | limit duration S
 *   no monitor capture NAME limit
 *   monitor capture NAME buffer size MB | buffer circular
 *   no monitor capture NAME buffer circular
 *   monitor capture NAME start|stop|clear|export FILE
 *   no monitor capture NAME
 *   show monitor capture [NAME] | show monitor capture NAME buffer [brief]
 *
 * The buffer is the loop thread's; `show ... buffer` and `export` take a
 * snapshot of it there (capture_snapshot(): a stopped capture's buffer by
 * reference, a running one's copied) and format or write it on the
 * session thread, so neither a long listing nor a slow disk holds
 * forwarding (docs/design.md sections 5.9 and 7.3).
 * FILE names as `copy running-config json FILE`: absolute as given, else
 * in the startup file's directory; IOS-XE's "flash:" prefix means that
 * directory too. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "cmd_table.h"
#include "shell_private.h"
#include "state.h"

enum {
    V_BOTH = CAPTURE_DIR_BOTH, V_IN = CAPTURE_DIR_IN, V_OUT = CAPTURE_DIR_OUT,
};
enum { M_ANY, M_MAC, M_VLAN };
enum { L_PACKETS, L_DURATION, L_BOTH, L_NONE };
enum { B_SIZE, B_CIRCULAR, B_LINEAR };
enum { R_START, R_STOP, R_CLEAR };
enum { SHOW_BRIEF, SHOW_DUMP };

static const char *
name_of(struct cmd_ctx *ctx)
{
    return cmd_value(ctx, "name");
}

/* The status of a capture function: CMD_OK, or its message as the error. */
static enum cmd_status
done(struct cmd_ctx *ctx, int error, const char *err)
{
    return error ? cmd_error(ctx, "%s", err) : CMD_OK;
}

static enum cmd_status
set_interface(struct cmd_ctx *ctx)
{
    const struct port *p;
    enum cmd_status st = cmd_port(ctx, "port", &p);
    char err[256];

    if (st != CMD_OK)
        return st;
    return done(ctx, capture_set_interface(ctx->sw, name_of(ctx), state_port_name(p),
                                           ctx->match->cmd->variant, err, sizeof err), err);
}

static enum cmd_status
set_match(struct cmd_ctx *ctx)
{
    struct capture_match m = { .kind = CAPTURE_MATCH_ANY };
    char err[256];

    if (ctx->match->cmd->variant == M_MAC) {
        m.kind = CAPTURE_MATCH_MAC;
        eth_addr_parse(cmd_value(ctx, "mac"), m.mac);
    } else if (ctx->match->cmd->variant == M_VLAN) {
        m.kind = CAPTURE_MATCH_VLAN;
        m.vid = cmd_number(ctx, "vid");
    }
    return done(ctx, capture_set_match(ctx->sw, name_of(ctx), &m, err, sizeof err), err);
}

static enum cmd_status
set_limit(struct cmd_ctx *ctx)
{
    int v = ctx->match->cmd->variant;
    long packets = v == L_PACKETS || v == L_BOTH ? cmd_number(ctx, "packets") : -1;
    long duration = v == L_DURATION || v == L_BOTH ? cmd_number(ctx, "duration") : -1;
    char err[256];

    if (v == L_NONE)
        packets = duration = 0;
    return done(ctx, capture_set_limit(ctx->sw, name_of(ctx), packets, duration, err,
                                       sizeof err), err);
}

static enum cmd_status
set_buffer(struct cmd_ctx *ctx)
{
    int v = ctx->match->cmd->variant;
    char err[256];

    return done(ctx, capture_set_buffer(ctx->sw, name_of(ctx),
                                        v == B_SIZE ? cmd_number(ctx, "size") : 0,
                                        v == B_SIZE ? -1 : v == B_CIRCULAR, err, sizeof err),
                err);
}

static enum cmd_status
run(struct cmd_ctx *ctx)
{
    const char *name = name_of(ctx);
    struct capture_info info;
    char err[256];
    int error;

    switch (ctx->match->cmd->variant) {
    case R_START:
        if ((error = capture_start(ctx->sw, name, err, sizeof err)))
            return cmd_error(ctx, "%s", err);
        cmd_out(ctx, "Started capture point : %s", name);
        return CMD_OK;
    case R_STOP:
        if ((error = capture_stop(ctx->sw, name, err, sizeof err))
            || (error = capture_get(ctx->sw, name, &info, err, sizeof err)))
            return cmd_error(ctx, "%s", err);
        cmd_out(ctx, "Capture statistics collected: Packets captured - %llu; Packets not "
                "matched - %llu; Packets dropped - %llu",
                (unsigned long long) info.captured, (unsigned long long) info.not_matched,
                (unsigned long long) info.dropped);
        cmd_out(ctx, "Stopped capture point : %s", name);
        return CMD_OK;
    default:
        return done(ctx, capture_clear(ctx->sw, name, err, sizeof err), err);
    }
}

static enum cmd_status
delete(struct cmd_ctx *ctx)
{
    char err[256];

    return done(ctx, capture_delete(ctx->sw, name_of(ctx), err, sizeof err), err);
}

/* `show monitor capture [NAME]`, IOS-XE's layout with the counters added. */

static void
format_mac(const uint8_t mac[6], char buf[16])
{
    snprintf(buf, 16, "%02x%02x.%02x%02x.%02x%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
}

static void
show_one(struct cmd_ctx *ctx, const struct capture_info *c)
{
    static const char *const dirs[] = { "", "in", "out", "both" };
    char mac[16];

    cmd_out(ctx, "Status Information for Capture %s", c->name);
    cmd_out(ctx, "  Target Type:");
    if (c->port[0])
        cmd_out(ctx, "   Interface: %s, Direction: %s", c->port, dirs[c->dir & 3]);
    else
        cmd_out(ctx, "   Interface: none");
    cmd_out(ctx, "   Status : %s", c->running ? "Active" : "Inactive");
    cmd_out(ctx, "  Filter Details:");
    switch (c->match.kind) {
    case CAPTURE_MATCH_ANY:
        cmd_out(ctx, "   Capture all packets");
        break;
    case CAPTURE_MATCH_MAC:
        format_mac(c->match.mac, mac);
        cmd_out(ctx, "   MAC: frames from or to %s", mac);
        break;
    case CAPTURE_MATCH_VLAN:
        cmd_out(ctx, "   VLAN: %u", c->match.vid);
        break;
    }
    cmd_out(ctx, "  Buffer Details:");
    cmd_out(ctx, "   Buffer Type: %s", c->circular ? "CIRCULAR" : "LINEAR (default)");
    cmd_out(ctx, "   Buffer Size (in MB): %u", c->buffer_mb);
    cmd_out(ctx, "  Limit Details:");
    cmd_out(ctx, "   Number of Packets to capture: %u%s", c->limit_packets,
            c->limit_packets ? "" : " (no limit)");
    cmd_out(ctx, "   Packet Capture duration: %u%s", c->limit_duration_s,
            c->limit_duration_s ? "" : " (no limit)");
    cmd_out(ctx, "  Counters:");
    cmd_out(ctx, "   Packets captured: %llu", (unsigned long long) c->captured);
    cmd_out(ctx, "   Packets in buffer: %llu (%zu bytes used)",
            (unsigned long long) c->in_buffer, c->buffer_used);
    cmd_out(ctx, "   Packets not matching the filter: %llu",
            (unsigned long long) c->not_matched);
    cmd_out(ctx, "   Packets dropped, buffer full: %llu", (unsigned long long) c->dropped);
    cmd_out(ctx, "   Packets overwritten, circular buffer: %llu",
            (unsigned long long) c->overwritten);
    if (!c->running && c->stop_reason)
        cmd_out(ctx, "   Stopped by: %s", c->stop_reason);
}

static enum cmd_status
show_capture(struct cmd_ctx *ctx)
{
    struct capture_info all[CAPTURE_MAX];
    char err[256];
    size_t n;

    if (name_of(ctx)) {
        if (capture_get(ctx->sw, name_of(ctx), &all[0], err, sizeof err))
            return cmd_error(ctx, "%s", err);
        show_one(ctx, &all[0]);
        return CMD_OK;
    }
    n = capture_list(ctx->sw, all, CAPTURE_MAX);
    for (size_t i = 0; i < n; i++) {
        if (i)
            cmd_out(ctx, "%s", "");
        show_one(ctx, &all[i]);
    }
    return CMD_OK;
}

/* `show monitor capture NAME buffer [brief]`: formatted on the session
 * thread from the snapshot. */

#define RULE " ------------------------------------------------------------------------------------"

static void
brief_line(struct cmd_ctx *ctx, const struct capture_info *info, size_t i,
           const struct capture_rec *rec, int64_t first_ns, const uint8_t *d)
{
    char src[16] = "-", dst[16] = "-", vlan[16] = "-";
    int64_t t = (int64_t) rec->sec * 1000000000 + rec->nsec - first_ns;
    uint32_t ofs = 12;
    unsigned type = 0;

    if (rec->caplen >= 12) {
        format_mac(d, dst);
        format_mac(d + 6, src);
    }
    /* Up to two tags (802.1Q or 802.1ad): "outer" or "outer/inner". */
    for (int k = 0; k < 2 && ofs + 4 <= rec->caplen; k++) {
        unsigned tpid = d[ofs] << 8 | d[ofs + 1];
        size_t l = strlen(vlan);

        if (tpid != 0x8100 && tpid != 0x88a8)
            break;
        snprintf(vlan + (k ? l : 0), sizeof vlan - (k ? l : 0), "%s%u", k ? "/" : "",
                 (d[ofs + 2] << 8 | d[ofs + 3]) & 0xfff);
        ofs += 4;
    }
    if (ofs + 2 <= rec->caplen)
        type = d[ofs] << 8 | d[ofs + 1];
    cmd_out(ctx, " %5zu %5lld.%06lld  %-12.12s %-4s %-15s %-15s %-9s 0x%04x %6u", i,
            (long long) (t / 1000000000), (long long) (t % 1000000000 / 1000), info->port,
            rec->dir == CAPTURE_DIR_IN ? "in" : "out", src, dst, vlan, type, rec->len);
}

/* IOS-XE's `buffer dump` rows: 16 bytes as four groups, then ASCII. */
static void
dump(struct cmd_ctx *ctx, const struct capture_rec *rec, const uint8_t *d)
{
    char tbuf[64];
    time_t sec = rec->sec;
    struct tm tm;

    gmtime_r(&sec, &tm);
    strftime(tbuf, sizeof tbuf, "%b %e %H:%M:%S", &tm);
    cmd_out(ctx, "   Arrival time: %s.%09u UTC", tbuf, rec->nsec);
    for (uint32_t o = 0; o < rec->caplen; o += 16) {
        char hex[48] = "", asc[17] = "";
        size_t h = 0;

        for (uint32_t k = 0; k < 16 && o + k < rec->caplen; k++) {
            uint8_t b = d[o + k];

            h += snprintf(hex + h, sizeof hex - h, "%s%02X", k && !(k % 4) ? " " : "", b);
            asc[k] = b >= 0x20 && b < 0x7f ? b : '.';
            asc[k + 1] = 0;
        }
        cmd_out(ctx, "   %04X:  %-35s  %s", o, hex, asc);
    }
}

static enum cmd_status
show_buffer_after(struct cmd_ctx *ctx)
{
    struct capture_snapshot *s = ctx->after_arg;
    struct capture_ring_iter it;
    struct capture_rec rec;
    int64_t first = -1;
    uint8_t *data = malloc(CAPTURE_SNAPLEN);
    size_t i = 0;

    ctx->after_arg = NULL;
    if (!data) {
        capture_snapshot_free(s);
        return cmd_error(ctx, "Out of memory");
    }
    cmd_out(ctx, "%s", RULE);
    cmd_out(ctx, "     #     time (s)  interface    dir  source          destination     "
            "vlan      type     size");
    cmd_out(ctx, "%s", RULE);
    capture_ring_iter_init(&s->ring, &it);
    while (capture_ring_next(&s->ring, &it, &rec, data, CAPTURE_SNAPLEN)) {
        if (first < 0)
            first = (int64_t) rec.sec * 1000000000 + rec.nsec;
        brief_line(ctx, &s->info, i++, &rec, first, data);
        if (ctx->match->cmd->variant == SHOW_DUMP)
            dump(ctx, &rec, data);
    }
    free(data);
    capture_snapshot_free(s);
    return CMD_OK;
}

static enum cmd_status
show_buffer(struct cmd_ctx *ctx)
{
    struct capture_snapshot *s;
    char err[256];

    if (capture_snapshot(ctx->sw, name_of(ctx), false, &s, err, sizeof err))
        return cmd_error(ctx, "%s", err);
    ctx->after = show_buffer_after;
    ctx->after_arg = s;
    return CMD_OK;
}

/* `export FILE`. */

/* The path FILE names (see the top of the file), or false with the error
 * printed. */
static bool
file_path(struct cmd_ctx *ctx, char path[PATH_MAX])
{
    const char *file = cmd_value(ctx, "file");
    char dir[sizeof ctx->shell->startup_path];
    int len;

    if (!strncasecmp(file, "flash:", 6))
        file += 6;
    if (!file[0]) {
        cmd_error(ctx, "No file name given");
        return false;
    }
    if (file[0] == '/') {
        len = snprintf(path, PATH_MAX, "%s", file);
    } else {
        const char *d;

        snprintf(dir, sizeof dir, "%s", ctx->shell->startup_path);
        d = dirname(dir);
        len = snprintf(path, PATH_MAX, "%s%s%s", d, strcmp(d, "/") ? "/" : "", file);
    }
    if (len >= PATH_MAX) {
        cmd_error(ctx, "File name too long");
        return false;
    }
    return true;
}

static enum cmd_status
export_after(struct cmd_ctx *ctx)
{
    struct capture_snapshot *s = ctx->after_arg;
    char path[PATH_MAX], err[PATH_MAX + 128];
    enum cmd_status st = CMD_FAILED;

    ctx->after_arg = NULL;
    if (file_path(ctx, path)) {
        if (capture_export_pcap(s, path, err, sizeof err)) {
            st = cmd_error(ctx, "Export failed: %s", err);
        } else {
            cmd_out(ctx, "Exported Successfully: %llu packets to %s",
                    (unsigned long long) s->ring.count, path);
            st = CMD_OK;
        }
    }
    capture_snapshot_free(s);
    return st;
}

static enum cmd_status
export(struct cmd_ctx *ctx)
{
    struct capture_snapshot *s;
    char err[256];

    if (capture_snapshot(ctx->sw, name_of(ctx), true, &s, err, sizeof err))
        return cmd_error(ctx, "%s", err);
    ctx->after = export_after;
    ctx->after_arg = s;
    return CMD_OK;
}

#define MC "monitor capture WORD:name "
#define NAME_HELP "Name of the capture"
#define MC_CMD(syn, h, fn, v) \
    { .syntax = MC syn, .modes = IN_EXEC, .privilege = PRIV_ENABLE, .help = (h), \
      .arg_help = NAME_HELP, .exec = (fn), .variant = (v) }

static const struct cmdline_cmd cmds[] = {
    { .syntax = "monitor", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Monitoring different system events" },
    { .syntax = "monitor capture", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Monitor Capture" },
    MC_CMD("interface PORT:port", "Interface", set_interface, V_BOTH),
    MC_CMD("interface PORT:port both", "Inbound and outbound", set_interface, V_BOTH),
    MC_CMD("interface PORT:port in", "Inbound only", set_interface, V_IN),
    MC_CMD("interface PORT:port out", "Outbound only", set_interface, V_OUT),
    { .syntax = MC "match", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Describe filters inline", .arg_help = NAME_HELP },
    MC_CMD("match any", "All packets", set_match, M_ANY),
    MC_CMD("match mac MAC:mac", "Frames from or to this MAC address", set_match, M_MAC),
    MC_CMD("match vlan VID:vid", "Frames in this VLAN at the interface", set_match, M_VLAN),
    { .syntax = MC "limit", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Limit Packets Captured", .arg_help = NAME_HELP },
    MC_CMD("limit packets NUM(1-100000):packets", "Limit number of packets to capture",
           set_limit, L_PACKETS),
    MC_CMD("limit packets NUM(1-100000):packets duration NUM(1-1000000):duration",
           "Limit total duration of capture in seconds", set_limit, L_BOTH),
    MC_CMD("limit duration NUM(1-1000000):duration",
           "Limit total duration of capture in seconds", set_limit, L_DURATION),
    { .syntax = MC "buffer", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Buffer options", .arg_help = NAME_HELP },
    MC_CMD("buffer size NUM(1-100):size", "Size of buffer in MB", set_buffer, B_SIZE),
    MC_CMD("buffer circular", "Circular buffer", set_buffer, B_CIRCULAR),
    MC_CMD("start", "Enable Capture", run, R_START),
    MC_CMD("stop", "Disable Capture", run, R_STOP),
    MC_CMD("clear", "Clear capture buffer", run, R_CLEAR),
    MC_CMD("export WORD:file", "Export Capture", export, 0),
    { .syntax = "no monitor", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Monitoring different system events" },
    { .syntax = "no monitor capture", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Monitor Capture" },
    { .syntax = "no " MC, .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Monitor Capture", .arg_help = NAME_HELP, .exec = delete },
    { .syntax = "no " MC "limit", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Limit Packets Captured", .arg_help = NAME_HELP, .exec = set_limit,
      .variant = L_NONE },
    { .syntax = "no " MC "buffer", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Buffer options", .arg_help = NAME_HELP },
    { .syntax = "no " MC "buffer circular", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Circular buffer", .arg_help = NAME_HELP, .exec = set_buffer,
      .variant = B_LINEAR },
    { .syntax = "show monitor capture", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Monitor Capture", .exec = show_capture, .flags = CMDLINE_FILTERABLE },
    { .syntax = "show monitor capture WORD:name", .modes = IN_EXEC, .privilege = PRIV_ENABLE,
      .help = "Monitor Capture", .arg_help = NAME_HELP, .exec = show_capture,
      .flags = CMDLINE_FILTERABLE },
    { .syntax = "show monitor capture WORD:name buffer", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Buffer contents, with a dump of each packet",
      .arg_help = NAME_HELP, .exec = show_buffer, .flags = CMDLINE_FILTERABLE,
      .variant = SHOW_DUMP },
    { .syntax = "show monitor capture WORD:name buffer brief", .modes = IN_EXEC,
      .privilege = PRIV_ENABLE, .help = "Brief display, one line per packet",
      .arg_help = NAME_HELP, .exec = show_buffer, .flags = CMDLINE_FILTERABLE,
      .variant = SHOW_BRIEF },
};

const struct cmdline_table cmd_monitor_capture_table = CMD_TABLE(cmds);
