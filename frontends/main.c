/* switchd: the tapswitch daemon.  Parses options, loads the configuration,
 * detaches (without -f), takes its locks and listening sockets, builds the
 * switch, serves the control socket and runs the event loop until SIGTERM
 * or SIGINT. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cmdq.h"
#include "config.h"
#include "control.h"
#include "control_proto.h"
#include "detach.h"
#include "lockfile.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "port_options.h"
#include "reload.h"
#include "shell.h"
#include "state.h"
#include "tap_io_mode.h"
#include "ssh.h"
#include "telnet.h"
#include "version.h"

#define DEFAULT_STARTUP RELOAD_DEFAULT_STARTUP

enum exit_code {
    EXIT_OK = 0,                    /* clean exit on SIGTERM/SIGINT */
    EXIT_RUNTIME = 1,               /* the switch could not be built or run */
    EXIT_USAGE = 2,                 /* bad options or an invalid configuration */
};

struct options {
    const char *config_file;        /* -c; NULL: DEFAULT_STARTUP or the embedded default */
    const char *check_file;         /* --check-config */
    const char *socket_path;
    const char *pidfile;
    const char *log_file;
    const char *state_dir;          /* --state-dir */
    bool foreground;
    enum log_level log_level;
    unsigned poll_usecs;            /* --poll-usecs */
    enum packet_ring_mode rx_ring;  /* --rx-ring */
};

#define DEFAULT_POLL_USECS 200

static void
usage(FILE *out)
{
    fprintf(out,
"Usage: switchd [OPTION]...\n"
"The tapswitch daemon: a userspace Ethernet switch with VLANs for VM hosts.\n"
"\n"
"  -c, --config FILE      JSON startup configuration, also where `write memory`\n"
"                         saves (default: " DEFAULT_STARTUP " if it\n"
"                         exists, else the embedded examples/default.json)\n"
"      --check-config FILE  check FILE with every rule of the loader and exit:\n"
"                         prints \"FILE: valid\" and exits 0, or prints\n"
"                         \"FILE:LINE:COLUMN: JSON.PATH: message\" on stderr and\n"
"                         exits 2; creates nothing (netdevs named by system\n"
"                         ports are not looked for)\n"
"  -f, --foreground       stay in the foreground and log to stderr; without\n"
"                         -f, switchd detaches and returns once the daemon\n"
"                         serves (exit 0), or with its error and status\n"
"  -s, --socket PATH      control socket (default: $" CONTROL_SOCKET_ENV " or\n"
"                         " CONTROL_DEFAULT_SOCKET "); one switchd per\n"
"                         socket: PATH.lock holds the running one's PID\n"
"      --pidfile FILE     write the daemon's PID to FILE, locked while it\n"
"                         runs (a second switchd naming it is refused)\n"
"      --log-file FILE    append log lines to FILE (mode 0640; reopened on\n"
"                         SIGHUP); detached without it, switchd logs to\n"
"                         syslog, or to " LOG_DEFAULT_FILE "\n"
"                         when no syslog daemon listens on " LOG_SYSLOG_SOCKET "\n"
"      --log-level LEVEL  error, warn, info (default) or debug\n"
"      --state-dir DIR    where switchd keeps its state: the SSH host keys,\n"
"                         made there at the first start (default:\n"
"                         $TAPSWITCH_STATE_DIR, else\n"
"                         " SSH_DEFAULT_STATE_DIR "; made with mode 0700)\n"
"      --no-io-uring      internal ports read and write their TAPs with one\n"
"                         readv/writev per frame instead of io_uring batches\n"
"                         (the fallback where io_uring is unavailable)\n"
"      --poll-usecs N     after a round with traffic, keep polling the ports\n"
"                         for N microseconds before sleeping (lower latency\n"
"                         under light load; idle, switchd sleeps); 0 = off,\n"
"                         at most 1000000 (default: %u)\n"
"      --rx-ring[=KIND]   how tap and system ports receive: v3, TPACKET_V3\n"
"                         mmap rings (KIND when none is given; 1 MiB each):\n"
"                         fewest system calls under load, but a frame may\n"
"                         wait a millisecond or more for its block; v2,\n"
"                         TPACKET_V2 rings (2 MiB each): a slot per frame,\n"
"                         no wait; off: recvmmsg(); auto: v2 (default:\n"
"                         auto; rings for at most 64 ports, then\n"
"                         recvmmsg())\n"
"  -h, --help             show this help and exit\n"
"  -V, --version          show the version and exit\n"
"\n"
"Exit status: 0 after SIGTERM or SIGINT, 1 if the switch cannot be built or\n"
"run (another switchd holds the socket, the pidfile or a port's netdev, a\n"
"port cannot be created), 2 for bad options or an invalid configuration\n"
"(nothing is created).\n"
"SIGHUP reopens the log file, re-reads the startup configuration and applies\n"
"what changed, as the shell's `reload` does (no restart: untouched ports keep\n"
"their traffic, MAC entries and counters); an invalid file is logged and\n"
"changes nothing.\n", DEFAULT_POLL_USECS);
}

static int
parse_options(int argc, char **argv, struct options *opt)
{
    enum { OPT_PIDFILE = 256, OPT_LOG_FILE, OPT_LOG_LEVEL, OPT_CHECK_CONFIG, OPT_NO_IO_URING,
           OPT_POLL_USECS, OPT_RX_RING, OPT_STATE_DIR };
    static const struct option long_opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "foreground", no_argument, NULL, 'f' },
        { "socket", required_argument, NULL, 's' },
        { "pidfile", required_argument, NULL, OPT_PIDFILE },
        { "log-file", required_argument, NULL, OPT_LOG_FILE },
        { "log-level", required_argument, NULL, OPT_LOG_LEVEL },
        { "check-config", required_argument, NULL, OPT_CHECK_CONFIG },
        { "no-io-uring", no_argument, NULL, OPT_NO_IO_URING },
        { "poll-usecs", required_argument, NULL, OPT_POLL_USECS },
        { "rx-ring", optional_argument, NULL, OPT_RX_RING },
        { "state-dir", required_argument, NULL, OPT_STATE_DIR },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    opt->socket_path = getenv(CONTROL_SOCKET_ENV);
    if (!opt->socket_path || !*opt->socket_path)
        opt->socket_path = CONTROL_DEFAULT_SOCKET;
    opt->log_level = LOG_LEVEL_INFO;
    opt->poll_usecs = DEFAULT_POLL_USECS;
    opt->rx_ring = PACKET_RING_AUTO;
    opt->state_dir = getenv("TAPSWITCH_STATE_DIR");
    if (!opt->state_dir || !*opt->state_dir)
        opt->state_dir = SSH_DEFAULT_STATE_DIR;
    while ((c = getopt_long(argc, argv, "c:fs:hV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'c': opt->config_file = optarg; break;
        case 'f': opt->foreground = true; break;
        case 's': opt->socket_path = optarg; break;
        case OPT_PIDFILE: opt->pidfile = optarg; break;
        case OPT_LOG_FILE: opt->log_file = optarg; break;
        case OPT_CHECK_CONFIG: opt->check_file = optarg; break;
        case OPT_STATE_DIR:
            if (!*optarg) {
                fprintf(stderr, "switchd: --state-dir needs a directory\n");
                return EXIT_USAGE;
            }
            opt->state_dir = optarg;
            break;
        case OPT_NO_IO_URING: tap_io_set_uring(false); break;
        case OPT_LOG_LEVEL:
            if (!log_level_parse(optarg, &opt->log_level)) {
                fprintf(stderr, "switchd: invalid log level \"%s\" (expected error,"
                        " warn, info or debug)\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_POLL_USECS: {
            char *end;
            unsigned long v;

            errno = 0;
            v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || errno || optarg[0] == '-' || v > LOOP_POLL_USECS_MAX) {
                fprintf(stderr, "switchd: invalid --poll-usecs \"%s\" (expected 0 to %u)\n",
                        optarg, LOOP_POLL_USECS_MAX);
                return EXIT_USAGE;
            }
            opt->poll_usecs = v;
            break;
        }
        case OPT_RX_RING:
            if (!optarg || !strcmp(optarg, "v3")) {
                opt->rx_ring = PACKET_RING_V3;
            } else if (!strcmp(optarg, "v2")) {
                opt->rx_ring = PACKET_RING_V2;
            } else if (!strcmp(optarg, "off")) {
                opt->rx_ring = PACKET_RING_OFF;
            } else if (!strcmp(optarg, "auto")) {
                opt->rx_ring = PACKET_RING_AUTO;
            } else {
                fprintf(stderr, "switchd: invalid --rx-ring \"%s\" (expected v2, v3, off or auto)\n",
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': usage(stdout); exit(EXIT_OK);
        case 'V': printf("switchd (tapswitch) %s\n", SWITCHD_VERSION); exit(EXIT_OK);
        default:
            fprintf(stderr, "Try 'switchd --help' for more information.\n");
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "switchd: unexpected argument \"%s\"\n"
                "Try 'switchd --help' for more information.\n", argv[optind]);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

struct daemon {
    struct loop *loop;
    const struct options *opt;
    const char *startup;            /* the startup file (-c or DEFAULT_STARTUP) */
    struct switch_state *sw;
    int signal_fd;
    int pidfile_fd;                 /* holds --pidfile's lock, -1 without */
};

/* The startup configuration at start: the -c file, which must exist;
 * without -c, DEFAULT_STARTUP or the embedded default (reload.h). */
static struct switch_config *
load_startup(const struct daemon *d, char *err, size_t err_size, const char **source)
{
    if (d->opt->config_file) {
        *source = d->startup;
        return config_load_file(d->startup, err, err_size);
    }
    return reload_read_startup(d->startup, err, err_size, source);
}

static void
signal_event(struct loop *loop, int fd, uint32_t events, void *arg)
{
    struct daemon *d = arg;
    struct signalfd_siginfo si;

    (void) events;
    while (read(fd, &si, sizeof si) == sizeof si) {
        if (si.ssi_signo == SIGHUP) {
            /* The same two steps as the shell's `reload`, after the log
             * file is reopened, as logrotate expects of a daemon. */
            char err[CONFIG_ERR_MAX];
            const char *source;
            struct switch_config *cfg;

            notify_reloading();
            if (log_reopen(err, sizeof err))
                log_error("SIGHUP: cannot reopen the log file: %s", err);
            cfg = reload_read_startup(d->startup, err, sizeof err, &source);
            if (!cfg)
                log_error("SIGHUP: %s (nothing changed)", err);
            else if (reload_apply(d->sw, cfg, err, sizeof err))
                log_error("SIGHUP: %s: %s (nothing changed)", source, err);
            else
                log_info("SIGHUP: %s applied: %s", source, err);
            notify_ready(state_n_bridges(d->sw), state_n_ports(d->sw), d->opt->socket_path);
        } else {
            log_info("signal %d: shutting down", (int) si.ssi_signo);
            notify_stopping();
            loop_stop(loop);
        }
    }
}

/* `logging buffered` and `logging monitor` of the running configuration
 * (log.h), at start and after every apply. */
static void
log_follow_config(void *arg, const struct switch_config *cfg)
{
    (void) arg;
    log_buffered_configure(cfg->logging.buffered, cfg->logging.buffered_size,
                           cfg->logging.buffered_level);
    log_monitor_configure(cfg->logging.monitor, cfg->logging.monitor_level);
}

/* The hook of the shell and the logger: STATE_MAX_HOOKS is small. */
static void
shell_follow_config(void *arg, const struct switch_config *cfg)
{
    shell_config_changed(arg, cfg);
    log_follow_config(NULL, cfg);
}

/* A second switchd naming the same pidfile is refused, and never
 * overwrites nor removes the running one's (docs/security.md section 2). */
static int
take_pidfile(const char *path)
{
    long holder;
    int fd, error = lockfile_take(path, 0644, &fd, &holder);

    if (error == EAGAIN)
        log_error("%s: another switchd is running (pid %ld)", path, holder);
    else if (error == EINVAL)
        log_error("%s: not a regular file", path);
    else if (error)
        log_error("%s: %s", path, strerror(error));
    return error ? -1 : fd;
}

/* 'path' made absolute, as a daemon works from "/": the startup file is
 * read again (SIGHUP, reload) and written (write memory) there, and the
 * socket, pidfile and log file are removed or reopened by name.  Returns
 * NULL (and says why) if it does not fit. */
static const char *
absolute(const char *path, char buf[PATH_MAX])
{
    char cwd[PATH_MAX];

    if (!path || path[0] == '/')
        return path;
    if (!getcwd(cwd, sizeof cwd)) {
        fprintf(stderr, "switchd: %s: the working directory: %s\n", path, strerror(errno));
        return NULL;
    }
    if (snprintf(buf, PATH_MAX, "%s/%s", cwd, path) >= PATH_MAX) {
        fprintf(stderr, "switchd: %s: %s\n", path, strerror(ENAMETOOLONG));
        return NULL;
    }
    return buf;
}

/* Where log lines go (log.h): the log file if given; detached without
 * one, syslog if a syslog daemon listens, else LOG_DEFAULT_FILE, and the
 * terminal is told so. */
static int
open_logs(const struct options *opt)
{
    char err[PATH_MAX + 128];

    if (opt->log_file) {
        if (log_use_file(opt->log_file, false, err, sizeof err)) {
            fprintf(stderr, "switchd: log file %s\n", err);
            return EXIT_RUNTIME;
        }
    } else if (!opt->foreground) {
        if (log_syslog_present()) {
            log_use_syslog();
        } else if (log_use_file(LOG_DEFAULT_FILE, true, err, sizeof err)) {
            fprintf(stderr, "switchd: no syslog daemon (%s) and no log file: %s\n",
                    LOG_SYSLOG_SOCKET, err);
            return EXIT_RUNTIME;
        } else {
            fprintf(stderr, "switchd: no syslog daemon (%s): logging to %s\n",
                    LOG_SYSLOG_SOCKET, LOG_DEFAULT_FILE);
        }
    }
    return EXIT_OK;
}

int
main(int argc, char **argv)
{
    struct options opt = { 0 };
    struct daemon d = { .opt = &opt, .signal_fd = -1, .pidfile_fd = -1 };
    struct switch_config *cfg;
    struct cmdq *q = NULL;
    struct shell *shell = NULL;
    struct telnet *telnet = NULL;
    struct ssh_server *ssh = NULL;
    struct control *ctl = NULL;
    char err[CONFIG_ERR_MAX];
    char abs_config[PATH_MAX], abs_socket[PATH_MAX], abs_pidfile[PATH_MAX], abs_log[PATH_MAX];
    char abs_state[PATH_MAX];
    const char *source;
    int status = parse_options(argc, argv, &opt);
    int telnet_fd = -1, ssh_fd = -1;
    sigset_t signals;

    if (status != EXIT_OK)
        return status;
    log_set_level(opt.log_level);
    if (opt.check_file) {
        cfg = config_load_file(opt.check_file, err, sizeof err);
        if (!cfg) {
            fprintf(stderr, "%s\n", err);
            return EXIT_USAGE;
        }
        config_free(cfg);
        printf("%s: valid\n", opt.check_file);
        return EXIT_OK;
    }
    if (!opt.foreground
        && ((opt.config_file && !(opt.config_file = absolute(opt.config_file, abs_config)))
            || !(opt.socket_path = absolute(opt.socket_path, abs_socket))
            || (opt.pidfile && !(opt.pidfile = absolute(opt.pidfile, abs_pidfile)))
            || (opt.log_file && !(opt.log_file = absolute(opt.log_file, abs_log)))
            || !(opt.state_dir = absolute(opt.state_dir, abs_state))))
        return EXIT_USAGE;
    d.startup = opt.config_file ? opt.config_file : DEFAULT_STARTUP;
    cfg = load_startup(&d, err, sizeof err, &source);
    if (!cfg) {
        fprintf(stderr, "%s\n", err);
        return EXIT_USAGE;
    }
    if ((status = open_logs(&opt)) != EXIT_OK) {
        config_free(cfg);
        return status;
    }

    /* Detached first, before anything a fork would not carry over (a
     * signalfd watched by epoll stays the parent's: a daemon made after it
     * ignored SIGTERM) and before any lock or device. */
    if (!opt.foreground) {
        if (detach_start(err, sizeof err)) {
            fprintf(stderr, "switchd: %s\n", err);
            config_free(cfg);
            return EXIT_RUNTIME;
        }
        /* The terminal hears of warnings and errors until the daemon is
         * ready; every line goes to the log. */
        log_set_stderr_level(LOG_LEVEL_WARN);
    }

    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    /* Blocked before any thread starts, so session threads inherit it and
     * only the signalfd sees these signals. */
    sigprocmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* What makes this the one switchd of its socket and pidfile, and the
     * listening sockets, come before any device: a second instance, or a
     * taken address, fails here having touched nothing
     * (docs/security.md section 2). */
    status = EXIT_RUNTIME;
    log_info("configuration: %s", source);
    if (!(ctl = control_listen(opt.socket_path, err, sizeof err))) {
        log_error("%s", err);
        config_free(cfg);
        goto out;
    }
    if (opt.pidfile && (d.pidfile_fd = take_pidfile(opt.pidfile)) < 0) {
        config_free(cfg);
        goto out;
    }
    if (telnet_listen(cfg, &telnet_fd, err, sizeof err)
        || ssh_listen(cfg, &ssh_fd, err, sizeof err)) {
        log_error("%s", err);
        config_free(cfg);
        goto out;
    }
    d.loop = loop_create();
    if (!d.loop) {
        log_error("epoll: %s", strerror(errno));
        config_free(cfg);
        goto out;
    }
    loop_set_poll_usecs(d.loop, opt.poll_usecs);
    packet_ring_mode = opt.rx_ring;
    d.signal_fd = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
    if (d.signal_fd < 0 || loop_watch_fd(d.loop, d.signal_fd, EPOLLIN, signal_event, &d)) {
        log_error("signalfd: %s", strerror(errno));
        config_free(cfg);
        goto out;
    }
    d.sw = state_create(cfg, d.loop, err, sizeof err);
    if (!d.sw) {
        log_error("%s", err);
        goto out;
    }
    log_follow_config(NULL, state_config(d.sw));
    if (!(q = cmdq_create(d.loop))) {
        log_error("command queue: %s", strerror(errno));
        goto out;
    }
    if (!(shell = shell_create(d.sw, q, d.startup, err, sizeof err))) {
        log_error("shell: %s", err);
        goto out;
    }
    if (state_add_hook(d.sw, &(struct state_hook) { NULL, shell_follow_config, NULL, shell },
                       err, sizeof err)) {
        log_error("shell: %s", err);
        goto out;
    }
    telnet = telnet_create(d.loop, shell, d.sw, telnet_fd, err, sizeof err);
    telnet_fd = -1;
    if (!telnet) {
        log_error("%s", err);
        goto out;
    }
    /* Without host keys (an unwritable state directory) switchd serves
     * on, without SSH: swsh and telnet still reach it. */
    ssh = ssh_create(d.loop, shell, d.sw, telnet, opt.state_dir, ssh_fd, err, sizeof err);
    ssh_fd = -1;
    if (!ssh)
        log_error("%s; no SSH server", err);
    if (control_start(ctl, d.loop, shell, err, sizeof err)) {
        log_error("%s", err);
        goto out;
    }
    log_info("ready: %zu bridge(s), %zu port(s), control socket %s", state_n_bridges(d.sw),
             state_n_ports(d.sw), opt.socket_path);
    if (!opt.foreground) {
        log_stderr_off();
        detach_done();
    }
    notify_ready(state_n_bridges(d.sw), state_n_ports(d.sw), opt.socket_path);

    status = loop_run(d.loop) ? EXIT_RUNTIME : EXIT_OK;

out:
    /* Sessions first: release any waiting on the loop, then join them. */
    if (q)
        cmdq_shutdown(q);
    ssh_destroy(ssh);
    if (ssh_fd >= 0)
        close(ssh_fd);
    telnet_destroy(telnet);
    if (telnet_fd >= 0)
        close(telnet_fd);
    control_destroy(ctl);
    shell_destroy(shell);
    cmdq_destroy(q);
    state_destroy(d.sw);
    if (d.signal_fd >= 0) {
        loop_unwatch_fd(d.loop, d.signal_fd);
        close(d.signal_fd);
    }
    loop_destroy(d.loop);
    /* Last, once every device and socket is gone. */
    if (d.pidfile_fd >= 0)
        lockfile_release(opt.pidfile, d.pidfile_fd);
    return status;
}
