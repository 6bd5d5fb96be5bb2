/* Writing a capture to a pcap file with libpcap (capture.h).  It runs on
 * the session thread, from a snapshot, so a slow disk never holds
 * forwarding (docs/design.md sections 7.3 and 5.9). */
#include "capture.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
capture_export_pcap(const struct capture_snapshot *s, const char *path,
                    char *err, size_t err_size)
{
    struct capture_ring_iter it;
    struct capture_rec rec;
    pcap_dumper_t *d;
    uint8_t *data;
    pcap_t *p;
    FILE *f;
    int error = 0;

    /* Nanosecond timestamps: what the records hold (pcap's magic
     * a1b23c4d, read by tcpdump and Wireshark alike). */
    p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, CAPTURE_SNAPLEN,
                                             PCAP_TSTAMP_PRECISION_NANO);
    data = malloc(CAPTURE_SNAPLEN);
    if (!p || !data) {
        snprintf(err, err_size, "Out of memory");
        error = ENOMEM;
        goto out;
    }
    if (!(f = fopen(path, "wb"))) {
        error = errno;
        snprintf(err, err_size, "Cannot open %s: %s", path, strerror(error));
        goto out;
    }
    if (!(d = pcap_dump_fopen(p, f))) {
        snprintf(err, err_size, "Cannot write %s: %s", path, pcap_geterr(p));
        fclose(f);
        error = EIO;
        goto out;
    }
    capture_ring_iter_init(&s->ring, &it);
    while (capture_ring_next(&s->ring, &it, &rec, data, CAPTURE_SNAPLEN)) {
        struct pcap_pkthdr h = { .caplen = rec.caplen, .len = rec.len };

        /* With nanosecond precision, libpcap's tv_usec carries nanoseconds. */
        h.ts.tv_sec = rec.sec;
        h.ts.tv_usec = rec.nsec;
        pcap_dump((u_char *) d, &h, data);
    }
    if (pcap_dump_flush(d) < 0 || ferror(f)) {
        error = EIO;
        snprintf(err, err_size, "Cannot write %s: %s", path, strerror(errno ? errno : EIO));
    }
    pcap_dump_close(d);
out:
    if (p)
        pcap_close(p);
    free(data);
    return error;
}
