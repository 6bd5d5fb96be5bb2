/* A switch on the memory back end: see state_fixture.h. */
#include "state_fixture.h"

#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "port_dummy.h"
#include "state_private.h"

struct loop *fixture_loop;
static struct switch_state *fixture_sw;

void
fixture_setup(void)
{
    log_stderr_off();
    port_dummy_install();
    fixture_loop = loop_create();
    cr_assert_not_null(fixture_loop);
}

void
fixture_teardown(void)
{
    state_destroy(fixture_sw);
    fixture_sw = NULL;
    loop_destroy(fixture_loop);
    fixture_loop = NULL;
}

struct switch_config *
fixture_config(const char *json)
{
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *cfg = config_parse_string(json, "t.json", err, sizeof err);

    cr_assert_not_null(cfg, "config did not load: %s\n%s", err, json);
    return cfg;
}

struct switch_state *
fixture_create(const char *json)
{
    char err[256] = "";

    cr_assert_null(fixture_sw, "one switch per test");
    fixture_sw = state_create(fixture_config(json), fixture_loop, err, sizeof err);
    cr_assert_not_null(fixture_sw, "state_create: %s", err);
    return fixture_sw;
}

void
fixture_forget(void)
{
    fixture_sw = NULL;
}

int
fixture_apply(struct switch_state *sw, const char *json, unsigned flags, char *err,
              size_t err_size)
{
    return state_apply(sw, fixture_config(json), flags, err, err_size);
}

static void
print_port(FILE *f, const struct switch_state *sw, const struct port *p)
{
    const struct bridge *core = p->bridge->core;
    const struct vlan_port *v = bridge_port_vlan(core, p->port_no);
    const struct bridge_port_stats *st = bridge_port_stats(core, p->port_no);
    const struct config_port *cp = state_port_config(sw, p);
    char allowed[VLAN_SET_STR_MAX];

    vlan_set_format(&v->allowed, allowed, sizeof allowed);
    fprintf(f, "port %s %s bridge %s slot %u%s ofport %u/%u mode %d access %u native %u%s"
            " allowed %s %s rx %llu/%llu tx %llu/%llu os %llu/%llu peer %s %s %s config %s\n",
            p->name, p->class->type, p->bridge->name, (unsigned) p->port_no,
            p->bridge->ports[p->port_no] == p ? "" : " (NOT IN SLOT)",
            (unsigned) p->ofport, (unsigned) bridge_port_ofport(core, p->port_no), (int) v->mode,
            (unsigned) v->access_vid, (unsigned) v->native_vid, v->native_tagged ? " tagged" : "",
            allowed, bridge_port_is_enabled(core, p->port_no) ? "enabled" : "disabled",
            (unsigned long long) st->rx_frames, (unsigned long long) st->rx_bytes,
            (unsigned long long) st->tx_frames, (unsigned long long) st->tx_bytes,
            (unsigned long long) p->os.rx_errors, (unsigned long long) p->os.tx_errors,
            p->peer ? p->peer->name : "-", p->netdev_gone ? "gone" : "present",
            port_dummy_is_open(p->name) ? "open" : "CLOSED",
            cp && !strcmp(cp->name, p->name) ? "ok" : "WRONG");
}

static void
print_bridge(FILE *f, const struct sw_bridge *b)
{
    size_t n_flows = bridge_flow_count(b->core);
    struct bridge_flow_info *flows = calloc(n_flows + 1, sizeof *flows);
    struct mac_table *macs = bridge_mac_table(b->core);
    uint32_t n_macs = mac_table_count(macs);
    struct mac_entry_info *entries = calloc(n_macs + 1, sizeof *entries);
    size_t n_slots = 0;

    cr_assert(flows && entries);
    for (uint16_t i = 0; i < b->n_ports; i++)
        n_slots += b->ports[i] != NULL;
    fprintf(f, "bridge %s slots %u used %zu aging %u\n", b->name, (unsigned) b->n_ports, n_slots,
            mac_table_aging(macs));
    n_flows = bridge_flow_collect(b->core, NULL, flows, n_flows);
    for (size_t i = 0; i < n_flows; i++) {
        char text[FLOW_STR_MAX];
        flow_format(&flows[i].flow, text, sizeof text);
        fprintf(f, "  flow %s n_packets %llu\n", text,
                (unsigned long long) flows[i].stats.n_packets);
    }
    n_macs = mac_table_collect(macs, entries, n_macs);
    for (uint32_t i = 0; i < n_macs; i++) {
        const struct mac_entry_info *e = &entries[i];
        fprintf(f, "  mac %u %02x:%02x:%02x:%02x:%02x:%02x port %s%s\n", (unsigned) e->vid,
                e->mac[0], e->mac[1], e->mac[2], e->mac[3], e->mac[4], e->mac[5],
                b->ports[e->port] ? b->ports[e->port]->name : "?",
                e->is_static ? " static" : "");
    }
    free(flows);
    free(entries);
}

char *
fixture_fingerprint(const struct switch_state *sw)
{
    struct switch_config *snap = state_config_snapshot(sw);
    char *json = snap ? config_to_json(snap) : NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    cr_assert(json && f);
    fprintf(f, "%sgeneration %llu ports %zu bridges %zu gone %zu open %zu"
            " patch drops %llu/%llu\n", json, (unsigned long long) sw->config_generation,
            sw->n_ports, sw->n_bridges, sw->n_ports_gone, port_dummy_n_open(),
            (unsigned long long) sw->patch_loop_drops,
            (unsigned long long) sw->patch_no_peer_drops);
    for (size_t i = 0; i < sw->n_ports; i++) {
        print_port(f, sw, sw->ports[i]);
        fprintf(f, "  by name %s%s\n", sw->ports_by_name[i]->name,
                state_find_port(sw, sw->ports[i]->name) == sw->ports[i] ? "" : " NOT FOUND");
    }
    for (size_t i = 0; i < sw->n_bridges; i++)
        print_bridge(f, sw->bridges[i]);
    fclose(f);
    free(json);
    config_free(snap);
    return text;
}

size_t
fixture_count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    size_t n = 0;

    cr_assert_not_null(d);
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

size_t
fixture_frame(uint8_t f[FIXTURE_FRAME_LEN + 4], uint8_t dst, uint8_t src, uint16_t vid)
{
    size_t o = 12;

    memset(f, 0, FIXTURE_FRAME_LEN + 4);
    if (dst == 0xff)
        memset(f, 0xff, 6);
    else
        memcpy(f, (uint8_t[]) { 0x52, 0x54, 0x00, 0x00, 0x00, dst }, 6);
    memcpy(f + 6, (uint8_t[]) { 0x52, 0x54, 0x00, 0x00, 0x00, src }, 6);
    if (vid) {
        f[o++] = 0x81; f[o++] = 0x00; f[o++] = vid >> 8; f[o++] = vid & 0xff;
    }
    f[o++] = 0x08; f[o++] = 0x00;
    for (size_t i = o; i < (vid ? FIXTURE_FRAME_LEN + 4 : FIXTURE_FRAME_LEN); i++)
        f[i] = (uint8_t) i;
    return vid ? FIXTURE_FRAME_LEN + 4 : FIXTURE_FRAME_LEN;
}
