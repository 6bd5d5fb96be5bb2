/* blast: make bench's 64-byte frame generator (docs/performance.md).
 *
 * Sends pre-built 60-byte Ethernet frames (64 on the wire with the FCS):
 * IPv4/UDP from SRC_IP to DST_IP, port 9, from an AF_PACKET socket bound to
 * one netdev, BATCH frames per sendmmsg(), for SECONDS, pinned to one CPU.
 * With -m N the source MAC runs through N locally administered addresses
 * (02:xx:xx:xx:xx:xx), one per frame, so the switch under test learns N
 * hosts; otherwise every frame carries the netdev's own address.
 * PACKET_QDISC_BYPASS is on: the generator should cost as little as
 * possible, and what the first hop cannot take shows as its tx_dropped.
 *
 * It prints one JSON line: frames sent, sendmmsg() calls that failed
 * (ENOBUFS and the like, by errno), seconds.  The receiver is counted by the
 * caller (bench/bench.py) at the receiving netdev's rx_packets. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "gen_common.h"

#define FRAME_LEN 60
#define MAX_BATCH 256

static uint16_t
ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return ~sum & 0xffff;
}

static void
build_frame(uint8_t *f, const uint8_t dst[6], const uint8_t src[6],
            struct in_addr sip, struct in_addr dip)
{
    memset(f, 0, FRAME_LEN);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;                           /* IPv4 */
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    ip[2] = 0; ip[3] = FRAME_LEN - 14;      /* total length 46 */
    ip[8] = 64;                             /* TTL */
    ip[9] = 17;                             /* UDP */
    memcpy(ip + 12, &sip, 4);
    memcpy(ip + 16, &dip, 4);
    uint16_t c = ip_checksum(ip, 20);
    ip[10] = c >> 8; ip[11] = c;
    uint8_t *udp = ip + 20;
    udp[0] = 0x30; udp[1] = 0x39;           /* source port 12345 */
    udp[3] = 9;                             /* discard */
    udp[5] = FRAME_LEN - 14 - 20;           /* UDP length 26, checksum 0 */
}

static void
usage(void)
{
    fprintf(stderr,
            "usage: blast -i IFACE -d DST_MAC -S SRC_IP -D DST_IP [-t SECONDS] [-m N_MACS]\n"
            "             [-c CPU] [-b BATCH]\n"
            "Sends 64-byte IPv4/UDP frames from IFACE as fast as it can (bench/blast.c).\n");
    exit(2);
}

int
main(int argc, char **argv)
{
    const char *ifname = NULL;
    uint8_t dst[6], src[6];
    bool have_dst = false;
    struct in_addr sip = { 0 }, dip = { 0 };
    double seconds = 2.0;
    unsigned long n_macs = 1;
    int cpu = -1, batch = 64, opt;

    while ((opt = getopt(argc, argv, "i:d:S:D:t:m:c:b:")) != -1) {
        switch (opt) {
        case 'i': ifname = optarg; break;
        case 'd': if (parse_mac(optarg, dst)) usage(); have_dst = true; break;
        case 'S': if (!inet_aton(optarg, &sip)) usage(); break;
        case 'D': if (!inet_aton(optarg, &dip)) usage(); break;
        case 't': seconds = atof(optarg); break;
        case 'm': n_macs = strtoul(optarg, NULL, 10); break;
        case 'c': cpu = atoi(optarg); break;
        case 'b': batch = atoi(optarg); break;
        default: usage();
        }
    }
    if (!ifname || !have_dst || n_macs < 1 || n_macs > 0xffffffffUL || batch < 1
        || batch > MAX_BATCH || seconds <= 0)
        usage();

    if (pin_cpu("blast", cpu))
        return 1;

    int fd = socket(AF_PACKET, SOCK_RAW, 0);    /* protocol 0: send only */
    if (fd < 0) {
        perror("blast: socket(AF_PACKET)");
        return 1;
    }
    struct ifreq ifr = { 0 };
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
        fprintf(stderr, "blast: %s: %s\n", ifname, strerror(errno));
        return 1;
    }
    memcpy(src, ifr.ifr_hwaddr.sa_data, 6);
    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_ifindex = if_nametoindex(ifname),
    };
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
        fprintf(stderr, "blast: bind %s: %s\n", ifname, strerror(errno));
        return 1;
    }
    int one = 1, sndbuf = 4 << 20;
    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);

    static uint8_t frames[MAX_BATCH][FRAME_LEN];
    static struct iovec iov[MAX_BATCH];
    static struct mmsghdr msgs[MAX_BATCH];
    for (int i = 0; i < batch; i++) {
        build_frame(frames[i], dst, src, sip, dip);
        iov[i].iov_base = frames[i];
        iov[i].iov_len = FRAME_LEN;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    unsigned long long sent = 0, calls = 0, failed = 0, eagain = 0, enobufs = 0;
    unsigned long mac_i = 0;
    double start = now_s(), end = start + seconds, t = start;
    int last_errno = 0;
    while (t < end) {
        if (n_macs > 1) {
            for (int i = 0; i < batch; i++) {
                uint8_t *s = frames[i] + 6;
                s[0] = 0x02; s[1] = 0x00;
                s[2] = mac_i >> 24; s[3] = mac_i >> 16; s[4] = mac_i >> 8; s[5] = mac_i;
                if (++mac_i == n_macs)
                    mac_i = 0;
            }
        }
        int n = sendmmsg(fd, msgs, batch, 0);
        calls++;
        if (n > 0) {
            sent += n;
        } else {
            failed++;
            last_errno = errno;
            if (errno == EAGAIN)
                eagain++;
            else if (errno == ENOBUFS)
                enobufs++;
            else if (errno != EINTR) {
                fprintf(stderr, "blast: sendmmsg: %s\n", strerror(errno));
                return 1;
            }
        }
        t = now_s();
    }
    printf("{\"sent\": %llu, \"calls\": %llu, \"failed_calls\": %llu, \"eagain\": %llu, "
           "\"enobufs\": %llu, \"last_errno\": %d, \"seconds\": %.3f, \"pps\": %.0f}\n",
           sent, calls, failed, eagain, enobufs, last_errno, t - start, sent / (t - start));
    close(fd);
    return 0;
}
