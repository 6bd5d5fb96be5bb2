/* tapvm: make bench's stand-in for QEMU on the VM path (docs/performance.md).
 *
 * Attaches to two existing TAP devices by name, as QEMU does (IFF_TAP |
 * IFF_NO_PI | IFF_VNET_HDR), writes one broadcast frame into each so the
 * switch under test learns both "VMs", then writes 64-byte IPv4/UDP frames
 * (60 bytes and a zero virtio-net header) from the first VM to the second
 * into the first TAP for SECONDS, as fast as it can, pinned to one CPU.  It
 * never reads the second TAP: what the switch delivers there piles up in the
 * TAP's queue and is counted by the kernel as tx_packets + tx_dropped, so
 * the speed of a reader does not count against the switch.  A TAP takes one
 * frame per write(), as QEMU's, so "batch" here is only how often the clock
 * is read.
 *
 * It prints one JSON line: frames written, writes that failed, seconds. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "gen_common.h"

#define VNET_HDR_LEN 10                 /* struct virtio_net_hdr */
#define FRAME_LEN    60
#define BATCH        64

static int
tap_attach(const char *name)
{
    struct ifreq ifr = { 0 };
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

    if (fd < 0) {
        perror("tapvm: /dev/net/tun");
        exit(1);
    }
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        fprintf(stderr, "tapvm: attach %s: %s\n", name, strerror(errno));
        exit(1);
    }
    return fd;
}

/* A vnet header of zeros (no offload) and an IPv4/UDP frame, port 9. */
static void
build(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6])
{
    uint8_t *f = buf + VNET_HDR_LEN;

    memset(buf, 0, VNET_HDR_LEN + FRAME_LEN);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    uint8_t *ip = f + 14;
    ip[0] = 0x45; ip[3] = FRAME_LEN - 14; ip[8] = 64; ip[9] = 17;
    ip[12] = 10; ip[13] = 78; ip[15] = 1;
    ip[16] = 10; ip[17] = 78; ip[19] = 2;
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint32_t)ip[i] << 8 | ip[i + 1];
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    ip[10] = ~sum >> 8; ip[11] = ~sum;
    uint8_t *udp = ip + 20;
    udp[0] = 0x30; udp[1] = 0x39; udp[3] = 9; udp[5] = FRAME_LEN - 34;
}

static void
usage(void)
{
    fprintf(stderr,
            "usage: tapvm -w TAP1 -r TAP2 -s MAC1 -d MAC2 [-t SECONDS] [-c CPU]\n"
            "Writes 64-byte frames from MAC1 to MAC2 into TAP1, holds TAP2 unread\n"
            "(bench/tapvm.c).\n");
    exit(2);
}

int
main(int argc, char **argv)
{
    const char *wname = NULL, *hname = NULL;
    uint8_t mac1[6], mac2[6], bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    int have = 0, cpu = -1, opt;
    double seconds = 2.0;

    while ((opt = getopt(argc, argv, "w:r:s:d:t:c:")) != -1) {
        switch (opt) {
        case 'w': wname = optarg; break;
        case 'r': hname = optarg; break;
        case 's': if (parse_mac(optarg, mac1)) usage(); have |= 1; break;
        case 'd': if (parse_mac(optarg, mac2)) usage(); have |= 2; break;
        case 't': seconds = atof(optarg); break;
        case 'c': cpu = atoi(optarg); break;
        default: usage();
        }
    }
    if (!wname || !hname || have != 3 || seconds <= 0)
        usage();
    if (pin_cpu("tapvm", cpu))
        return 1;

    int wfd = tap_attach(wname), hfd = tap_attach(hname);
    uint8_t buf[VNET_HDR_LEN + FRAME_LEN];

    /* Both VMs announce themselves; give the switch time to see carrier
     * and learn them before the stream starts. */
    usleep(200 * 1000);
    build(buf, bcast, mac2);
    if (write(hfd, buf, sizeof buf) < 0)
        fprintf(stderr, "tapvm: write %s: %s\n", hname, strerror(errno));
    build(buf, bcast, mac1);
    if (write(wfd, buf, sizeof buf) < 0)
        fprintf(stderr, "tapvm: write %s: %s\n", wname, strerror(errno));
    usleep(100 * 1000);

    build(buf, mac2, mac1);
    unsigned long long written = 0, failed = 0;
    int last_errno = 0;
    double start = now_s(), end = start + seconds, t = start;
    while (t < end) {
        for (int i = 0; i < BATCH; i++) {
            if (write(wfd, buf, sizeof buf) == (ssize_t)sizeof buf) {
                written++;
            } else {
                failed++;
                last_errno = errno;
            }
        }
        t = now_s();
    }
    printf("{\"sent\": %llu, \"failed_writes\": %llu, \"last_errno\": %d, \"seconds\": %.3f, "
           "\"pps\": %.0f}\n", written, failed, last_errno, t - start, written / (t - start));
    close(wfd);
    close(hfd);
    return 0;
}
