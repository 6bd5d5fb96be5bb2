/* swsh: the switchd console client.  This first version is the one-shot
 * part: `swsh -c CMD [-c CMD]...` or commands on standard input, one per
 * line; the readline console comes with the shell (docs/control-protocol.md). */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_proto.h"

enum { EXIT_OK = 0, EXIT_COMMAND_FAILED = 1, EXIT_NO_CONNECTION = 2 };

static void
usage(FILE *out)
{
    fprintf(out,
"Usage: swsh [-s PATH] [-c COMMAND]...\n"
"Runs switchd commands over its control socket: each -c COMMAND in order, or\n"
"else one command per line of standard input.\n"
"\n"
"  -s, --socket PATH   control socket (default: $" CONTROL_SOCKET_ENV " or\n"
"                      " CONTROL_DEFAULT_SOCKET ")\n"
"  -c, --command CMD   run CMD (repeatable)\n"
"  -h, --help          show this help and exit\n"
"\n"
"Exit status: 0 if every command succeeded, 1 if one failed, 2 if switchd\n"
"cannot be reached.\n");
}

static int
connect_socket(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof sun.sun_path) {
        fprintf(stderr, "swsh: %s: socket path too long\n", path);
        return -1;
    }
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &sun, sizeof sun) < 0) {
        fprintf(stderr, "swsh: cannot connect to switchd at %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Sends 'cmd' and prints its reply.  Returns true if it succeeded, false
 * if it failed; sets '*lost' if the connection broke. */
static bool
run_command(int fd, FILE *in, const char *cmd, bool *lost)
{
    char line[65536];

    if (dprintf(fd, "%s\n", cmd) < 0) {
        *lost = true;
        return false;
    }
    while (fgets(line, sizeof line, in)) {
        size_t len = strlen(line);
        int code;

        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len < 5 || sscanf(line, "%4d", &code) != 1) {
            fprintf(stderr, "swsh: malformed reply \"%s\"\n", line);
            *lost = true;
            return false;
        }
        bool last = line[4] == ' ';
        if (code >= CONTROL_ERROR)
            fprintf(stderr, "%% %s\n", line + 5);
        else if (code >= CONTROL_OUTPUT)
            printf("%s\n", line + 5);
        if (last)
            return code < CONTROL_ERROR;
    }
    fprintf(stderr, "swsh: connection to switchd closed\n");
    *lost = true;
    return false;
}

int
main(int argc, char **argv)
{
    static const struct option long_opts[] = {
        { "socket", required_argument, NULL, 's' },
        { "command", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *path = getenv(CONTROL_SOCKET_ENV);
    const char **cmds = calloc(argc, sizeof *cmds);
    int n_cmds = 0, status = EXIT_OK, fd, c;
    bool lost = false;
    FILE *in;

    if (!cmds)
        return EXIT_NO_CONNECTION;
    if (!path || !*path)
        path = CONTROL_DEFAULT_SOCKET;
    while ((c = getopt_long(argc, argv, "s:c:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 's': path = optarg; break;
        case 'c': cmds[n_cmds++] = optarg; break;
        case 'h': usage(stdout); free(cmds); return EXIT_OK;
        default:
            fprintf(stderr, "Try 'swsh --help' for more information.\n");
            free(cmds);
            return EXIT_COMMAND_FAILED;
        }
    }
    fd = connect_socket(path);
    if (fd < 0 || !(in = fdopen(dup(fd), "r"))) {
        if (fd >= 0)
            close(fd);
        free(cmds);
        return EXIT_NO_CONNECTION;
    }
    if (n_cmds) {
        for (int i = 0; i < n_cmds && !lost; i++)
            if (!run_command(fd, in, cmds[i], &lost))
                status = EXIT_COMMAND_FAILED;
    } else {
        char line[CONTROL_LINE_MAX];
        while (!lost && fgets(line, sizeof line, stdin)) {
            line[strcspn(line, "\n")] = '\0';
            if (*line && !run_command(fd, in, line, &lost))
                status = EXIT_COMMAND_FAILED;
        }
    }
    fclose(in);
    close(fd);
    free(cmds);
    return status;
}
