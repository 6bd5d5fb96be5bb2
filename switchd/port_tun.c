#include "port_tun.h"

#include "caps.h"

#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Replies to one link request: the link and its attributes. */
#define TUN_NL_BUF 32768

int
tun_open_tap(const char *name, short extra_flags, int *fdp, char *err, size_t err_size)
{
    struct ifreq ifr;
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    int error;

    if (fd < 0) {
        /* The device's mode, not a capability (CAP_NET_ADMIN would not
         * open a 0600 node for another uid). */
        error = errno;
        snprintf(err, err_size, "%s: cannot create TAP: /dev/net/tun: %s", name, strerror(error));
        return error;
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | extra_flags;
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        error = errno;
        close(fd);
        goto err;
    }
    *fdp = fd;
    return 0;

err:
    {
        char what[IFNAMSIZ + 16];

        snprintf(what, sizeof what, "create TAP %s", name);
        if (!caps_explain(error, CAPS_NET_ADMIN, what, err, err_size))
            snprintf(err, err_size, "%s: cannot create TAP: %s", name, strerror(error));
    }
    return error;
}

bool
tun_is_tap(const char *name)
{
    char path[64];

    /* Only TUN/TAP netdevs have this attribute. */
    snprintf(path, sizeof path, "/sys/class/net/%s/tun_flags", name);
    return access(path, F_OK) == 0;
}

void
tun_owner_alias(char alias[TUN_ALIAS_MAX], const char *port)
{
    char ns[32];
    ssize_t n = readlink("/proc/self/ns/net", ns, sizeof ns - 1);

    ns[n > 0 ? n : 0] = '\0';
    snprintf(alias, TUN_ALIAS_MAX, "tapswitch switchd %s port %.*s", ns, IFNAMSIZ - 1, port);
}

/* Sends request 'nlh' on a new rtnetlink socket (so it is in the calling
 * thread's namespace), asks for an ack and hands each reply to 'cb'.
 * Returns 0 or an errno (the kernel's answer, e.g. ENODEV). */
static int
nl_request(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
    struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    char buf[TUN_NL_BUF];
    unsigned portid, seq = (unsigned) time(NULL);
    int error = 0, ret;

    if (!nl)
        return errno;
    if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
        error = errno;
        goto out;
    }
    portid = mnl_socket_get_portid(nl);
    nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    nlh->nlmsg_seq = seq;
    if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
        error = errno;
        goto out;
    }
    do {
        ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
        if (n < 0) {
            error = errno;
            break;
        }
        ret = mnl_cb_run(buf, n, seq, portid, cb, data);
        if (ret < 0)
            error = errno ? errno : EIO;
    } while (ret > 0);
out:
    mnl_socket_close(nl);
    return error;
}

static int
linkinfo_attr(const struct nlattr *attr, void *data)
{
    struct tun_link *link = data;

    if (mnl_attr_get_type(attr) == IFLA_INFO_KIND && mnl_attr_validate(attr, MNL_TYPE_STRING) >= 0)
        link->is_tun = !strncmp(mnl_attr_get_str(attr), "tun", mnl_attr_get_payload_len(attr));
    return MNL_CB_OK;
}

static int
link_attr(const struct nlattr *attr, void *data)
{
    struct tun_link *link = data;

    switch (mnl_attr_get_type(attr)) {
    case IFLA_IFNAME:
        if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
            snprintf(link->name, sizeof link->name, "%s", mnl_attr_get_str(attr));
        break;
    case IFLA_IFALIAS:
        if (mnl_attr_validate(attr, MNL_TYPE_STRING) >= 0)
            snprintf(link->alias, sizeof link->alias, "%.*s",
                     (int) strnlen(mnl_attr_get_str(attr), mnl_attr_get_payload_len(attr)),
                     mnl_attr_get_str(attr));
        break;
    case IFLA_LINKINFO:
        mnl_attr_parse_nested(attr, linkinfo_attr, link);
        break;
    }
    return MNL_CB_OK;
}

/* Parses one RTM_NEWLINK reply into 'link'.  Returns false for others. */
static bool
parse_link(const struct nlmsghdr *nlh, struct tun_link *link)
{
    const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

    memset(link, 0, sizeof *link);
    if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof *ifm)
        return false;
    link->ifindex = ifm->ifi_index;
    mnl_attr_parse(nlh, sizeof *ifm, link_attr, link);
    return true;
}

static int
link_reply(const struct nlmsghdr *nlh, void *data)
{
    struct tun_link link;

    if (parse_link(nlh, &link))
        *(struct tun_link *) data = link;
    return MNL_CB_OK;
}

int
tun_link_get(const char *name, struct tun_link *link)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;

    memset(link, 0, sizeof *link);
    if (strlen(name) >= IFNAMSIZ)
        return ENODEV;
    nlh->nlmsg_type = RTM_GETLINK;
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    return nl_request(nlh, link_reply, link);
}

struct each_link {
    tun_link_cb *cb;
    void *arg;
};

static int
each_link_reply(const struct nlmsghdr *nlh, void *data)
{
    const struct each_link *each = data;
    struct tun_link link;

    if (parse_link(nlh, &link))
        each->cb(each->arg, &link);
    return MNL_CB_OK;
}

int
tun_links_each(tun_link_cb *cb, void *arg)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;
    struct each_link each = { cb, arg };

    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_DUMP;
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_family = AF_UNSPEC;
    return nl_request(nlh, each_link_reply, &each);
}

bool
tun_is_owned(const char *name, const char *alias)
{
    struct tun_link link;

    return !tun_link_get(name, &link) && link.is_tun && !strcmp(link.alias, alias);
}

static int
no_reply(const struct nlmsghdr *nlh, void *data)
{
    (void) nlh; (void) data;
    return MNL_CB_OK;
}

int
tun_set_owned(int ifindex, const char *alias)
{
    char buf[MNL_SOCKET_BUFFER_SIZE];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifm;

    nlh->nlmsg_type = RTM_SETLINK;
    ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_family = AF_UNSPEC;
    ifm->ifi_index = ifindex;
    mnl_attr_put_str(nlh, IFLA_IFALIAS, alias);
    return nl_request(nlh, no_reply, NULL);
}
