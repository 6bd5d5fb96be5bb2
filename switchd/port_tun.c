#include "port_tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int
tun_open_tap(const char *name, short extra_flags)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

    if (fd < 0)
        return -errno;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | extra_flags;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

bool
tun_is_tap(const char *name)
{
    char path[64];

    /* Only TUN/TAP netdevs have this attribute. */
    snprintf(path, sizeof path, "/sys/class/net/%s/tun_flags", name);
    return access(path, F_OK) == 0;
}
