/* Unit tests for packet capture (switchd/capture.c) on the memory back end
 * (port_dummy.h): what crosses a port in each direction lands in the
 * buffer as on the wire, the filters and limits hold, bad definitions get
 * clear errors, and an export reads back with libpcap. */

#include <criterion/criterion.h>

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "port_dummy.h"
#include "state_fixture.h"
#include "state_private.h"

/* br0: vm1 access 10, vm2 trunk of 10 and 20 (native 1). */
#define CONFIG_C \
    "{\"bridges\": [" \
    " {\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 20}]," \
    "  \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\", \"mode\": \"access\", \"access_vlan\": 10}," \
    "            {\"name\": \"vm2\", \"type\": \"tap\", \"mode\": \"trunk\", \"allowed_vlans\": \"10,20\"}]}]}"

#define FRAME_LEN FIXTURE_FRAME_LEN

static char err[256];

static void
inject(const char *port, const uint8_t *f, size_t len)
{
    cr_assert(port_dummy_inject(port, f, len), "inject on %s", port);
    port_dummy_run(fixture_loop);
}

static void
define(struct switch_state *sw, const char *name, const char *port, enum capture_dir dir)
{
    cr_assert_eq(capture_set_interface(sw, name, port, dir, err, sizeof err), 0, "%s", err);
}

static struct capture_snapshot *
snapshot(struct switch_state *sw, const char *name)
{
    struct capture_snapshot *s;

    cr_assert_eq(capture_snapshot(sw, name, false, &s, err, sizeof err), 0, "%s", err);
    return s;
}

/* Record 'i' of 's': its header, and its bytes in 'data'. */
static void
record(const struct capture_snapshot *s, size_t i, struct capture_rec *rec, uint8_t *data,
       size_t size)
{
    struct capture_ring_iter it;

    capture_ring_iter_init(&s->ring, &it);
    for (size_t k = 0; k <= i; k++)
        cr_assert(capture_ring_next(&s->ring, &it, rec, data, size), "no record %zu", i);
}

TestSuite(capture, .init = fixture_setup, .fini = fixture_teardown);

Test(capture, both_directions_as_on_the_wire)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4], got[FRAME_LEN + 8];
    size_t len = fixture_frame(f, 0xff, 1, 20);
    struct capture_snapshot *s;
    struct capture_rec rec;
    struct port *vm2 = state_find_port(sw, "vm2");

    define(sw, "CAP", "vm2", CAPTURE_DIR_BOTH);
    cr_assert_null(vm2->capture, "not watched before start");
    cr_assert_eq(capture_start(sw, "CAP", err, sizeof err), 0, "%s", err);
    cr_assert_not_null(vm2->capture);
    inject("vm2", f, len);                      /* in, tagged 20 */
    len = fixture_frame(f, 0xff, 1, 0);
    inject("vm1", f, len);                      /* out on vm2 tagged 10 */
    cr_assert_eq(capture_stop(sw, "CAP", err, sizeof err), 0, "%s", err);
    cr_assert_null(vm2->capture, "stop unhooks the port");
    inject("vm1", f, len);                      /* not captured */

    s = snapshot(sw, "CAP");
    cr_assert_eq(s->info.in_buffer, 2);
    record(s, 0, &rec, got, sizeof got);
    cr_assert_eq(rec.dir, CAPTURE_DIR_IN);
    cr_assert_eq(rec.len, FRAME_LEN + 4);
    cr_assert_eq(got[12], 0x81);
    cr_assert_eq(got[15], 20, "the tag it came with");
    record(s, 1, &rec, got, sizeof got);
    cr_assert_eq(rec.dir, CAPTURE_DIR_OUT);
    cr_assert_eq(rec.len, FRAME_LEN + 4, "sent tagged");
    cr_assert_eq(got[15], 10, "the tag it left with");
    cr_assert_arr_eq(got + 16, f + 12, FRAME_LEN - 12, "payload as sent");
    cr_assert(rec.sec > 1700000000, "wall-clock time");
    capture_snapshot_free(s);
}

Test(capture, direction_in_only)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    struct capture_info info;

    define(sw, "in1", "vm2", CAPTURE_DIR_IN);
    cr_assert_eq(capture_start(sw, "in1", err, sizeof err), 0, "%s", err);
    inject("vm1", f, len);                      /* out on vm2: not wanted */
    inject("vm2", f, len);                      /* in on vm2 */
    cr_assert_eq(capture_get(sw, "in1", &info, err, sizeof err), 0);
    cr_assert_eq(info.captured, 1);
    cr_assert(info.running);
}

Test(capture, match_vlan_counts_untagged_frames_of_the_ports_vlan)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4];
    size_t len;
    struct capture_match m = { .kind = CAPTURE_MATCH_VLAN, .vid = 10 };
    struct capture_info info;

    define(sw, "v", "vm2", CAPTURE_DIR_IN);
    cr_assert_eq(capture_set_match(sw, "v", &m, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_start(sw, "v", err, sizeof err), 0, "%s", err);
    len = fixture_frame(f, 0xff, 2, 10);
    inject("vm2", f, len);                      /* tagged 10: yes */
    len = fixture_frame(f, 0xff, 2, 20);
    inject("vm2", f, len);                      /* tagged 20: no */
    len = fixture_frame(f, 0xff, 2, 0);
    inject("vm2", f, len);                      /* untagged: native 1, no */
    cr_assert_eq(capture_get(sw, "v", &info, err, sizeof err), 0);
    cr_assert_eq(info.captured, 1);
    cr_assert_eq(info.not_matched, 2);
    capture_stop(sw, "v", err, sizeof err);

    /* On access port vm1 (VLAN 10) an untagged frame is in VLAN 10. */
    define(sw, "v", "vm1", CAPTURE_DIR_IN);
    cr_assert_eq(capture_start(sw, "v", err, sizeof err), 0, "%s", err);
    inject("vm1", f, len);
    cr_assert_eq(capture_get(sw, "v", &info, err, sizeof err), 0);
    cr_assert_eq(info.captured, 1);
}

Test(capture, match_mac_is_source_or_destination)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4];
    size_t len;
    struct capture_match m = { .kind = CAPTURE_MATCH_MAC,
                               .mac = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x07 } };
    struct capture_info info;

    define(sw, "m", "vm1", CAPTURE_DIR_IN);
    cr_assert_eq(capture_set_match(sw, "m", &m, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_start(sw, "m", err, sizeof err), 0, "%s", err);
    len = fixture_frame(f, 0xff, 7, 0);
    inject("vm1", f, len);                      /* from ..:07 */
    len = fixture_frame(f, 7, 3, 0);
    inject("vm1", f, len);                      /* to ..:07 */
    len = fixture_frame(f, 8, 3, 0);
    inject("vm1", f, len);                      /* neither */
    cr_assert_eq(capture_get(sw, "m", &info, err, sizeof err), 0);
    cr_assert_eq(info.captured, 2);
    cr_assert_eq(info.not_matched, 1);
}

Test(capture, packet_limit_stops_the_capture)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    struct capture_info info;

    define(sw, "l", "vm1", CAPTURE_DIR_IN);
    cr_assert_eq(capture_set_limit(sw, "l", 3, -1, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_start(sw, "l", err, sizeof err), 0, "%s", err);
    for (int i = 0; i < 5; i++)
        inject("vm1", f, len);
    cr_assert_eq(capture_get(sw, "l", &info, err, sizeof err), 0);
    cr_assert_eq(info.in_buffer, 3);
    cr_assert_not(info.running);
    cr_assert_str_eq(info.stop_reason, "packet limit");
    cr_assert_null(state_find_port(sw, "vm1")->capture);
}

Test(capture, a_recreated_port_is_watched_again_and_a_removed_one_is_not_touched)
{
    struct switch_state *sw = fixture_create(CONFIG_C);

    define(sw, "r", "vm1", CAPTURE_DIR_BOTH);
    cr_assert_eq(capture_start(sw, "r", err, sizeof err), 0, "%s", err);
    cr_assert_eq(fixture_apply(sw, "{\"bridges\": [{\"name\": \"br0\", \"ports\": ["
                               "{\"name\": \"vm2\", \"type\": \"tap\"}]}]}", 0, err,
                               sizeof err), 0, "%s", err);
    cr_assert_null(state_find_port(sw, "vm1"));
    cr_assert_eq(fixture_apply(sw, CONFIG_C, 0, err, sizeof err), 0, "%s", err);
    cr_assert_not_null(state_find_port(sw, "vm1")->capture, "back with the port");
    cr_assert_eq(capture_delete(sw, "r", err, sizeof err), 0, "%s", err);
    cr_assert_null(state_find_port(sw, "vm1")->capture);
}

Test(capture, bad_definitions_get_clear_errors)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    struct capture_match m = { .kind = CAPTURE_MATCH_VLAN, .vid = 4095 };
    struct capture_snapshot *s;

    cr_assert_eq(capture_set_interface(sw, "x", "nope", CAPTURE_DIR_BOTH, err, sizeof err),
                 ENODEV);
    cr_assert(strstr(err, "nope"), "%s", err);
    cr_assert_eq(capture_set_interface(sw, "bad name", "vm1", CAPTURE_DIR_BOTH, err,
                                       sizeof err), EINVAL);
    cr_assert_eq(capture_start(sw, "x", err, sizeof err), ENOENT);
    cr_assert_str_eq(err, "Capture point x does not exist");
    cr_assert_eq(capture_set_match(sw, "x", &m, err, sizeof err), EINVAL);
    cr_assert_eq(capture_set_limit(sw, "x", CAPTURE_PACKETS_MAX + 1, -1, err, sizeof err),
                 EINVAL);
    cr_assert_eq(capture_set_limit(sw, "x", -1, CAPTURE_DURATION_MAX + 1, err, sizeof err),
                 EINVAL);
    cr_assert_eq(capture_set_buffer(sw, "x", CAPTURE_BUFFER_MB_MAX + 1, -1, err, sizeof err),
                 EINVAL);
    cr_assert_eq(capture_set_buffer(sw, "x", 1, -1, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_start(sw, "x", err, sizeof err), EINVAL, "no interface yet");
    cr_assert(strstr(err, "no interface"), "%s", err);
    define(sw, "x", "vm1", CAPTURE_DIR_BOTH);
    cr_assert_eq(capture_snapshot(sw, "x", true, &s, err, sizeof err), ENODATA, "empty");
    cr_assert_eq(capture_start(sw, "x", err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_snapshot(sw, "x", true, &s, err, sizeof err), EBUSY, "running");
    cr_assert(strstr(err, "stop it"), "%s", err);
    cr_assert_eq(capture_set_interface(sw, "x", "vm2", CAPTURE_DIR_IN, err, sizeof err), EBUSY);
    define(sw, "y", "vm2", CAPTURE_DIR_BOTH);
    cr_assert_eq(capture_start(sw, "y", err, sizeof err), EBUSY, "one runs at a time");
    cr_assert_eq(capture_stop(sw, "y", err, sizeof err), EINVAL, "not active");
    for (int i = 2; i < CAPTURE_MAX; i++) {
        char name[8];

        snprintf(name, sizeof name, "c%d", i);
        define(sw, name, "vm1", CAPTURE_DIR_BOTH);
    }
    cr_assert_eq(capture_set_interface(sw, "one-more", "vm1", CAPTURE_DIR_BOTH, err,
                                       sizeof err), ENOSPC);
}

/* A 1 MB buffer (the smallest) fills with frames of 2000 bytes: a
 * linear one stops at the first that does not fit, a circular one keeps
 * going and holds the newest.  The bound counts record headers too. */
Test(capture, linear_buffer_full_stops_and_circular_keeps_the_newest)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    static uint8_t f[2000];
    const size_t rec = CAPTURE_REC_HEADER + sizeof f, fits = (1u << 20) / rec;
    struct capture_info info;

    memset(f, 0xff, 6);
    memcpy(f + 6, (uint8_t[]) { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00 }, 8);
    define(sw, "b", "vm1", CAPTURE_DIR_IN);
    cr_assert_eq(capture_set_buffer(sw, "b", 1, 0, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_start(sw, "b", err, sizeof err), 0, "%s", err);
    for (size_t i = 0; i < fits + 5; i++)
        inject("vm1", f, sizeof f);
    cr_assert_eq(capture_get(sw, "b", &info, err, sizeof err), 0);
    cr_assert_eq(info.in_buffer, fits);
    cr_assert_leq(info.buffer_used, 1u << 20);
    cr_assert_eq(info.dropped, 1);
    cr_assert_not(info.running);
    cr_assert_str_eq(info.stop_reason, "buffer full");

    cr_assert_eq(capture_set_buffer(sw, "b", 0, 1, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_start(sw, "b", err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_get(sw, "b", &info, err, sizeof err), 0);
    cr_assert_eq(info.in_buffer, 0, "start empties the buffer");
    for (size_t i = 0; i < fits + 5; i++) {
        f[100] = (uint8_t) i;
        inject("vm1", f, sizeof f);
    }
    cr_assert_eq(capture_get(sw, "b", &info, err, sizeof err), 0);
    cr_assert(info.running);
    cr_assert_eq(info.captured, fits + 5);
    cr_assert_eq(info.in_buffer, fits);
    cr_assert_eq(info.overwritten, 5);
    cr_assert_eq(info.dropped, 0);
}

Test(capture, export_reads_back_with_libpcap)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4], f2[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 20), len2 = fixture_frame(f2, 2, 5, 0);
    struct capture_snapshot *s;
    char path[] = "/tmp/test_capture_XXXXXX", pe[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *h;
    const u_char *data;
    pcap_t *p;
    int fd = mkstemp(path);

    cr_assert_geq(fd, 0);
    close(fd);
    define(sw, "e", "vm2", CAPTURE_DIR_IN);
    cr_assert_eq(capture_start(sw, "e", err, sizeof err), 0, "%s", err);
    inject("vm2", f, len);
    inject("vm2", f2, len2);
    cr_assert_eq(capture_stop(sw, "e", err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_snapshot(sw, "e", true, &s, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_export_pcap(s, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_export_pcap(s, "/nonexistent/dir/x.pcap", err, sizeof err), ENOENT);
    cr_assert(strstr(err, "/nonexistent/dir/x.pcap"), "%s", err);
    cr_assert_eq(capture_export_pcap(s, "/tmp", err, sizeof err), EISDIR, "%s", err);
    {
        /* A symbolic link at the name is replaced, its target untouched. */
        char target[] = "/tmp/test_capture_target_XXXXXX", link[sizeof path + 8];
        struct stat st;
        int tfd = mkstemp(target);

        cr_assert_geq(tfd, 0);
        close(tfd);
        snprintf(link, sizeof link, "%s.link", path);
        cr_assert_eq(symlink(target, link), 0);
        cr_assert_eq(capture_export_pcap(s, link, err, sizeof err), 0, "%s", err);
        cr_assert_eq(lstat(link, &st), 0);
        cr_assert(S_ISREG(st.st_mode), "the link became the pcap file");
        cr_assert_eq(stat(target, &st), 0);
        cr_assert_eq(st.st_size, 0, "the link's target was not written");
        unlink(link);
        unlink(target);
    }
    {
        /* A special file at the name (a FIFO here; /dev/null or /dev/full
         * in real life) is refused, never replaced by the pcap file. */
        char fifo[sizeof path + 8];
        struct stat st;

        snprintf(fifo, sizeof fifo, "%s.fifo", path);
        cr_assert_eq(mkfifo(fifo, 0600), 0);
        cr_assert_eq(capture_export_pcap(s, fifo, err, sizeof err), EEXIST, "%s", err);
        cr_assert(strstr(err, "not a regular file"), "%s", err);
        cr_assert_eq(lstat(fifo, &st), 0);
        cr_assert(S_ISFIFO(st.st_mode), "the FIFO was replaced");
        unlink(fifo);
    }
    capture_snapshot_free(s);

    p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, pe);
    cr_assert_not_null(p, "%s", pe);
    cr_assert_eq(pcap_datalink(p), DLT_EN10MB);
    cr_assert_eq(pcap_next_ex(p, &h, &data), 1);
    cr_assert_eq(h->caplen, len);
    cr_assert_eq(h->len, len);
    cr_assert_arr_eq(data, f, len);
    cr_assert(h->ts.tv_sec > 1700000000);
    cr_assert_eq(pcap_next_ex(p, &h, &data), 1);
    cr_assert_eq(h->caplen, len2);
    cr_assert_arr_eq(data, f2, len2);
    cr_assert_eq(pcap_next_ex(p, &h, &data), PCAP_ERROR_BREAK, "two frames, no more");
    pcap_close(p);
    unlink(path);
}

/* A stopped capture's snapshot shares its buffer; a `start` or `no monitor
 * capture` meanwhile leaves the snapshot's frames as they were. */
Test(capture, snapshot_outlives_restart_and_delete)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4], got[FRAME_LEN + 8];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    struct capture_snapshot *s, *run;
    struct capture_rec rec;

    define(sw, "s", "vm1", CAPTURE_DIR_IN);
    cr_assert_eq(capture_start(sw, "s", err, sizeof err), 0, "%s", err);
    inject("vm1", f, len);
    cr_assert_eq(capture_snapshot(sw, "s", false, &run, err, sizeof err), 0, "%s", err);
    cr_assert_null(run->block, "a running capture's buffer is copied");
    cr_assert_eq(capture_stop(sw, "s", err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_snapshot(sw, "s", true, &s, err, sizeof err), 0, "%s", err);
    cr_assert_not_null(s->block, "a stopped one's is shared");

    cr_assert_eq(capture_start(sw, "s", err, sizeof err), 0, "%s", err);
    f[0] = 0x02;                                /* another frame, same length */
    for (int i = 0; i < 3; i++)
        inject("vm1", f, len);
    cr_assert_eq(capture_delete(sw, "s", err, sizeof err), 0, "%s", err);
    cr_assert_eq(s->ring.count, 1);
    record(s, 0, &rec, got, sizeof got);
    cr_assert_eq(got[0], 0xff, "the snapshot's frame was not overwritten");
    record(run, 0, &rec, got, sizeof got);
    cr_assert_eq(got[0], 0xff);
    capture_snapshot_free(s);
    capture_snapshot_free(run);
}

/* `limit duration 1`: a frame after the second is not kept, and the
 * capture shows stopped by its duration even with no frame to notice it. */
Test(capture, duration_limit_stops_the_capture)
{
    struct switch_state *sw = fixture_create(CONFIG_C);
    uint8_t f[FRAME_LEN + 4];
    size_t len = fixture_frame(f, 0xff, 1, 0);
    struct capture_info info;

    define(sw, "d", "vm1", CAPTURE_DIR_IN);
    cr_assert_eq(capture_set_limit(sw, "d", -1, 1, err, sizeof err), 0, "%s", err);
    cr_assert_eq(capture_start(sw, "d", err, sizeof err), 0, "%s", err);
    inject("vm1", f, len);
    usleep(1100 * 1000);                        /* past the deadline, whatever the load */
    inject("vm1", f, len);
    cr_assert_eq(capture_get(sw, "d", &info, err, sizeof err), 0);
    cr_assert_eq(info.captured, 1);
    cr_assert_not(info.running);
    cr_assert_str_eq(info.stop_reason, "duration limit");
    cr_assert_null(state_find_port(sw, "vm1")->capture);

    cr_assert_eq(capture_start(sw, "d", err, sizeof err), 0, "%s", err);
    usleep(1100 * 1000);                        /* no frame this time */
    cr_assert_eq(capture_get(sw, "d", &info, err, sizeof err), 0);
    cr_assert_not(info.running, "noticed by the next command");
    cr_assert_null(state_find_port(sw, "vm1")->capture);
}
