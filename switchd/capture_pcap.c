/* Writing a capture to a pcap file with libpcap (capture.h).  It runs on
 * the session thread, from a snapshot, so a slow disk never holds
 * forwarding (docs/design.md sections 7.3 and 5.9).  The file is written
 * beside its final name and renamed into place, as configurations are
 * (docs/design.md section 9.2): a full disk leaves no truncated pcap, and
 * a symbolic link at the name is replaced, not followed. */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
capture_export_pcap(const struct capture_snapshot *s, const char *path,
                    char *err, size_t err_size)
{
    struct capture_ring_iter it;
    struct capture_rec rec;
    char tmp[PATH_MAX];
    pcap_dumper_t *d;
    uint8_t *data;
    pcap_t *p;
    struct stat st;
    FILE *f;
    int fd, error = 0;

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
    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int) sizeof tmp) {
        snprintf(err, err_size, "Cannot open %s: %s", path, strerror(ENAMETOOLONG));
        error = ENAMETOOLONG;
        goto out;
    }
    /* rename() would replace a device, FIFO or socket at the name: an
     * export to /dev/null would turn it into a pcap file for the whole
     * system.  A directory gets rename()'s own EISDIR. */
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)
        && !S_ISDIR(st.st_mode)) {
        snprintf(err, err_size, "Cannot write %s: not a regular file", path);
        error = EEXIST;
        goto out;
    }
    if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
        error = errno;
        snprintf(err, err_size, "Cannot open %s: %s", path, strerror(error));
        goto out;
    }
    fchmod(fd, 0644);               /* mkstemp() makes it 0600 */
    if (!(f = fdopen(fd, "wb"))) {
        error = errno;
        snprintf(err, err_size, "Cannot open %s: %s", path, strerror(error));
        close(fd);
        unlink(tmp);
        goto out;
    }
    if (!(d = pcap_dump_fopen(p, f))) {
        snprintf(err, err_size, "Cannot write %s: %s", path, pcap_geterr(p));
        fclose(f);
        unlink(tmp);
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
    errno = 0;
    if (pcap_dump_flush(d) < 0 || ferror(f) || fsync(fileno(f)) < 0) {
        error = errno ? errno : EIO;
        snprintf(err, err_size, "Cannot write %s: %s", path, strerror(error));
    }
    pcap_dump_close(d);
    if (!error && rename(tmp, path) < 0) {
        error = errno;
        snprintf(err, err_size, "Cannot write %s: %s", path, strerror(error));
    }
    if (error)
        unlink(tmp);
out:
    if (p)
        pcap_close(p);
    free(data);
    return error;
}
