/* Corpus replay: the main() `make check` links with a harness instead of
 * libFuzzer's, so the corpora run under gcc, in the normal and the
 * ASan+UBSan builds, without clang (docs/security.md section 9).
 *
 *   replay-NAME FILE|DIR...
 *
 * Runs LLVMFuzzerTestOneInput() once per file (the files of a directory in
 * name order) and counts each file passed or failed: a crash, a failed
 * check or a sanitizer report fails it.  The files run one after the other
 * in a child process, which tells the parent through a pipe when each one
 * is done; when the child dies in the middle of a file, that file failed
 * and a new child goes on with the next.  A child that runs one file longer
 * than REPLAY_TIMEOUT_S is killed and the file fails.  Leaks show when a
 * child exits (LeakSanitizer): then each file of that child runs again in a
 * child of its own to find the ones that leak.  One process per file would
 * say the same, but LeakSanitizer's exit check costs a tenth of a second
 * each.  Prints a line per failed file and ends with
 * "replay-NAME: N passed, N failed"; exits 1 when any failed or there was
 * no input. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPLAY_TIMEOUT_S 60

/* Optional in a harness. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static const char *prog;

static int
read_file(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f)
        return errno;
    do {
        if (len == cap) {
            uint8_t *bigger = realloc(buf, cap = cap ? 2 * cap : 4096);
            if (!bigger) {
                free(buf);
                fclose(f);
                return ENOMEM;
            }
            buf = bigger;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n);
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return EIO;
    }
    fclose(f);
    /* Exactly 'len' bytes, so a read past the input is caught under ASan. */
    *data = len ? realloc(buf, len) : buf;
    if (!*data)
        *data = buf;
    *size = len;
    return 0;
}

/* In the child: runs files [first, last) and writes each one's index to
 * 'done_fd' once it returned. */
static void
run_files(char **files, size_t first, size_t last, int done_fd)
{
    for (size_t i = first; i < last; i++) {
        uint8_t *data = NULL;
        size_t size = 0;
        int error = read_file(files[i], &data, &size);

        if (error) {
            fprintf(stderr, "%s: %s: %s\n", prog, files[i], strerror(error));
            _exit(2);
        }
        alarm(REPLAY_TIMEOUT_S);
        LLVMFuzzerTestOneInput(data, size);
        alarm(0);
        free(data);
        if (write(done_fd, &i, sizeof i) != sizeof i)
            _exit(2);
    }
    /* exit(), not _exit(): LeakSanitizer checks at exit. */
    exit(0);
}

static void
print_status(const char *path, int status)
{
    if (WIFSIGNALED(status))
        printf("FAIL %s: %s%s\n", path, strsignal(WTERMSIG(status)),
               WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
    else
        printf("FAIL %s: exit status %d\n", path, WEXITSTATUS(status));
}

/* Runs files [first, last) in one child.  Returns how many of them are
 * done (returned) and stores the child's wait status; -1 if it could not
 * run. */
static long
run_child(char **files, size_t first, size_t last, int *status)
{
    size_t done = first, index;
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0) {
        fprintf(stderr, "%s: pipe: %s\n", prog, strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s: fork: %s\n", prog, strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        run_files(files, first, last, fds[1]);
    }
    close(fds[1]);
    while (read(fds[0], &index, sizeof index) == sizeof index)
        done = index + 1;
    close(fds[0]);
    while (waitpid(pid, status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "%s: waitpid: %s\n", prog, strerror(errno));
            return -1;
        }
    return (long) (done - first);
}

static bool
exited_ok(int status)
{
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Replays files [first, last); returns how many failed. */
static size_t
replay(char **files, size_t first, size_t last)
{
    size_t failed = 0;

    while (first < last) {
        int status = 0;
        long done = run_child(files, first, last, &status);

        if (done < 0)
            return failed + (last - first);
        if (first + done == last) {
            if (exited_ok(status))
                return failed;
            /* Every file returned and the exit failed: a leak; find whose. */
            if (last - first == 1) {
                print_status(files[first], status);
                return failed + 1;
            }
            for (size_t i = first; i < last; i++)
                failed += replay(files, i, i + 1);
            return failed;
        }
        /* The child died in a file.  The ones before it returned, but
         * their leaks show only at an exit: run them again. */
        print_status(files[first + done], status);
        failed++;
        if (done)
            failed += replay(files, first, first + done);
        first += done + 1;
    }
    return failed;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_input(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

/* Appends 'path' to the list. */
static bool
add_file(char ***files, size_t *n, const char *path)
{
    char **bigger = realloc(*files, (*n + 1) * sizeof **files);

    if (!bigger || !(bigger[*n] = strdup(path))) {
        if (bigger)
            *files = bigger;
        return false;
    }
    *files = bigger;
    (*n)++;
    return true;
}

int
main(int argc, char **argv)
{
    size_t n = 0, failed = 0, failed_files;
    char **files = NULL;
    const char *name;

    prog = argv[0];
    name = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", prog);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct dirent **names;
        struct stat st;
        int n_names;

        if (stat(argv[i], &st) < 0) {
            printf("FAIL %s: %s\n", argv[i], strerror(errno));
            failed++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (!add_file(&files, &n, argv[i]))
                failed++;
            continue;
        }
        n_names = scandir(argv[i], &names, is_input, by_name);
        if (n_names < 0) {
            printf("FAIL %s: %s\n", argv[i], strerror(errno));
            failed++;
            continue;
        }
        for (int j = 0; j < n_names; j++) {
            char path[4096];

            snprintf(path, sizeof path, "%s/%s", argv[i], names[j]->d_name);
            if (!add_file(&files, &n, path))
                failed++;
            free(names[j]);
        }
        free(names);
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    failed_files = replay(files, 0, n);
    failed += failed_files;
    /* An empty corpus would pass without testing anything. */
    if (!n && !failed) {
        printf("FAIL %s: no inputs\n", name);
        failed++;
    }
    printf("%s: %zu passed, %zu failed\n", name, n - failed_files, failed);
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    return failed ? 1 : 0;
}
