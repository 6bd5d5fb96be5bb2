/* Unit tests for config_save_file() (switchd/config.h, "Atomic save"):
 * what is written, the file mode, no temp file left behind, failures that
 * keep the old file (unwritable directory, path that is a directory, a
 * write failing half-way), and a writer killed with SIGKILL at random
 * moments while a reader checks it never sees a partial file.
 *
 * Each test works in its own mkdtemp() directory under /tmp, which the
 * fixture removes even when the test fails.  Failures
 * that need another user or a resource limit run in a forked child, which
 * reports the return value and the message through a pipe. */

#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "config_gen.h"

#define NOBODY 65534

/* The test's directory. */

static char test_dir[] = "/tmp/test_config_save.XXXXXX";

static void
make_test_dir(void)
{
    cr_assert_not_null(mkdtemp(test_dir), "mkdtemp: %s", strerror(errno));
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st, (void) flag, (void) ftw;
    return remove(path) && errno != ENOENT ? -1 : 0;
}

static void
remove_test_dir(void)
{
    chmod(test_dir, 0700);          /* in case a test left it read-only */
    nftw(test_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(config_save, .init = make_test_dir, .fini = remove_test_dir);

/* Helpers. */

static char *
make_dir(void)
{
    return strdup(test_dir);
}

static char *
join(const char *dir, const char *name)
{
    char *path;

    cr_assert_geq(asprintf(&path, "%s/%s", dir, name), 0);
    return path;
}

/* The whole file at 'path', or NULL if it cannot be read. */
static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t size = 0;

    if (!f)
        return NULL;
    {
        FILE *mem = open_memstream(&buf, &size);
        char chunk[4096];
        size_t n;

        cr_assert_not_null(mem);
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            fwrite(chunk, 1, n, mem);
        fclose(mem);
    }
    fclose(f);
    return buf;
}

static void
write_text(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

    cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t) strlen(text));
    cr_assert_eq(fchmod(fd, mode), 0);
    close(fd);
}

/* Entries of 'dir' other than "." and "..", and how many of them are temp
 * files ("*.tmp.*"). */
static size_t
count_entries(const char *dir, size_t *n_temp)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
    *n_temp = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        *n_temp += strstr(e->d_name, ".tmp.") != NULL;
    }
    closedir(d);
    return n;
}

static void
remove_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    cr_assert_not_null(d);
    while ((e = readdir(d))) {
        if (strstr(e->d_name, ".tmp.")) {
            char *path = join(dir, e->d_name);

            unlink(path);
            free(path);
        }
    }
    closedir(d);
}

static struct switch_config *
valid_config(uint64_t seed)
{
    struct switch_config *cfg = config_gen(seed);
    char err[CONFIG_ERR_MAX];

    cr_assert_not_null(cfg);
    cr_assert(config_validate(cfg, err, sizeof err), "seed %llu: %s", (unsigned long long) seed,
              err);
    return cfg;
}

/* What a forked child's config_save_file() said. */
struct child_result {
    int rc;                         /* its return value, or -1 if it could not run */
    char err[256];
};

/* Runs config_save_file('cfg', 'path') in a child that first drops root
 * (when 'as_nobody' and we are root) or limits file sizes to 'fsize_max'
 * bytes (when not 0). */
static struct child_result
save_in_child(const struct switch_config *cfg, const char *path, bool as_nobody,
              rlim_t fsize_max)
{
    struct child_result result = { -1, "" };
    int fds[2];
    pid_t pid;

    cr_assert_eq(pipe(fds), 0);
    pid = fork();
    cr_assert_geq(pid, 0);
    if (!pid) {
        struct child_result r = { -1, "" };

        close(fds[0]);
        if (as_nobody && geteuid() == 0
            && (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))) {
            snprintf(r.err, sizeof r.err, "cannot drop root: %s", strerror(errno));
        } else if (fsize_max && (signal(SIGXFSZ, SIG_IGN) == SIG_ERR
                                 || setrlimit(RLIMIT_FSIZE,
                                              &(struct rlimit) { fsize_max, fsize_max }))) {
            snprintf(r.err, sizeof r.err, "cannot limit file size: %s", strerror(errno));
        } else {
            r.rc = config_save_file(cfg, path, r.err, sizeof r.err);
        }
        if (write(fds[1], &r, sizeof r) != sizeof r)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    cr_assert_eq(read(fds[0], &result, sizeof result), (ssize_t) sizeof result);
    close(fds[0]);
    cr_assert_eq(waitpid(pid, NULL, 0), pid);
    return result;
}

/* Success. */

Test(config_save, saved_file_is_the_export_loads_back_equal_and_is_mode_0600)
{
    char *dir = make_dir(), *path = join(dir, "startup.json");
    struct switch_config *cfg = valid_config(5), *back;
    char err[CONFIG_ERR_MAX] = "", *text = config_to_json(cfg), *saved;
    struct stat st;
    size_t n_temp;

    umask(0);                       /* the mode must not depend on the umask */
    cr_assert_eq(config_save_file(cfg, path, err, sizeof err), 0, "%s", err);
    saved = slurp(path);
    cr_assert_str_eq(saved, text);
    back = config_load_file(path, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_assert(config_equal(back, cfg));
    cr_assert_eq(stat(path, &st), 0);
    cr_assert(S_ISREG(st.st_mode));
    cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", (unsigned) (st.st_mode & 07777));
    cr_assert_eq(count_entries(dir, &n_temp), 1);
    cr_assert_eq(n_temp, 0);

    config_free(back);
    config_free(cfg);
    free(saved);
    free(text);
    free(path);
    free(dir);
}

Test(config_save, existing_file_is_replaced_by_a_new_one)
{
    char *dir = make_dir(), *path = join(dir, "startup.json");
    struct switch_config *cfg = valid_config(6);
    char err[CONFIG_ERR_MAX] = "", *text = config_to_json(cfg), *saved;
    struct stat before, after;
    size_t n_temp;

    write_text(path, "{\"hostname\": \"old\"}\n", 0644);
    cr_assert_eq(stat(path, &before), 0);
    cr_assert_eq(config_save_file(cfg, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(stat(path, &after), 0);
    cr_assert_neq(after.st_ino, before.st_ino, "a new file renamed in, not rewritten in place");
    cr_assert_eq(after.st_mode & 07777, 0600);
    saved = slurp(path);
    cr_assert_str_eq(saved, text);
    cr_assert_eq(count_entries(dir, &n_temp), 1);
    cr_assert_eq(n_temp, 0);

    config_free(cfg);
    free(saved);
    free(text);
    free(path);
    free(dir);
}

Test(config_save, relative_path_saves_in_the_current_directory)
{
    char *dir = make_dir(), *path = join(dir, "startup.json");
    struct switch_config *cfg = valid_config(7);
    char err[CONFIG_ERR_MAX] = "";
    struct switch_config *back;

    cr_assert_eq(chdir(dir), 0);
    cr_assert_eq(config_save_file(cfg, "startup.json", err, sizeof err), 0, "%s", err);
    back = config_load_file(path, err, sizeof err);
    cr_assert_not_null(back, "%s", err);
    cr_assert(config_equal(back, cfg));

    config_free(back);
    config_free(cfg);
    free(path);
    free(dir);
}

Test(config_save, symbolic_link_is_replaced_not_followed)
{
    char *dir = make_dir(), *path = join(dir, "startup.json"), *target = join(dir, "target");
    struct switch_config *cfg = valid_config(8);
    char err[CONFIG_ERR_MAX] = "", *kept;
    struct stat st;

    write_text(target, "target\n", 0644);
    cr_assert_eq(symlink("target", path), 0);
    cr_assert_eq(config_save_file(cfg, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(lstat(path, &st), 0);
    cr_assert(S_ISREG(st.st_mode));
    kept = slurp(target);
    cr_assert_str_eq(kept, "target\n");

    config_free(cfg);
    free(kept);
    free(target);
    free(path);
    free(dir);
}

/* Failures keep the old file and leave no temp file. */

static const char old_text[] = "{\"hostname\": \"old\"}\n";

static void
assert_old_file_kept(const char *dir, const char *path)
{
    char *text = slurp(path);
    size_t n_temp;

    cr_assert_not_null(text, "%s: %s", path, strerror(errno));
    cr_assert_str_eq(text, old_text);
    cr_assert_eq(count_entries(dir, &n_temp), 1);
    cr_assert_eq(n_temp, 0, "a temp file was left in %s", dir);
    free(text);
}

Test(config_save, unwritable_directory_gives_the_error_and_keeps_the_old_file)
{
    char *dir = make_dir(), *path = join(dir, "startup.json"), want[512];
    struct switch_config *cfg = valid_config(9);
    struct child_result r;

    write_text(path, old_text, 0644);
    cr_assert_eq(chmod(dir, 0555), 0);
    r = save_in_child(cfg, path, true, 0);
    cr_assert_eq(chmod(dir, 0700), 0);
    if (r.rc < 0 && strstr(r.err, "cannot drop root"))
        cr_skip_test("%s", r.err);
    cr_assert_eq(r.rc, EACCES, "rc %d: %s", r.rc, r.err);
    snprintf(want, sizeof want, "%s: Permission denied", path);
    cr_assert_str_eq(r.err, want);
    assert_old_file_kept(dir, path);

    config_free(cfg);
    free(path);
    free(dir);
}

Test(config_save, path_that_is_a_directory_gives_the_error_and_stays)
{
    char *dir = make_dir(), *path = join(dir, "startup.json"), *inside = join(path, "keep");
    struct switch_config *cfg = valid_config(10);
    char err[CONFIG_ERR_MAX] = "", want[512], *kept;
    struct stat st;
    size_t n_temp;

    cr_assert_eq(mkdir(path, 0755), 0);
    write_text(inside, old_text, 0644);
    cr_assert_eq(config_save_file(cfg, path, err, sizeof err), EISDIR, "%s", err);
    snprintf(want, sizeof want, "%s: Is a directory", path);
    cr_assert_str_eq(err, want);
    cr_assert_eq(stat(path, &st), 0);
    cr_assert(S_ISDIR(st.st_mode));
    kept = slurp(inside);
    cr_assert_str_eq(kept, old_text);
    cr_assert_eq(count_entries(dir, &n_temp), 1);
    cr_assert_eq(n_temp, 0);

    config_free(cfg);
    free(kept);
    free(inside);
    free(path);
    free(dir);
}

/* `copy running-config json /dev/null` as root: the rename would have
 * replaced the device with a regular file; a FIFO stands in for it. */
Test(config_save, path_that_is_a_fifo_or_device_is_refused_and_stays)
{
    char *dir = make_dir(), *path = join(dir, "pipe");
    struct switch_config *cfg = valid_config(11);
    char err[CONFIG_ERR_MAX] = "", want[512];
    struct stat st;
    size_t n_temp;

    cr_assert_eq(mkfifo(path, 0600), 0);
    cr_assert_eq(config_save_file(cfg, path, err, sizeof err), EINVAL, "%s", err);
    snprintf(want, sizeof want, "%s: not a regular file", path);
    cr_assert_str_eq(err, want);
    cr_assert_eq(lstat(path, &st), 0);
    cr_assert(S_ISFIFO(st.st_mode), "the FIFO is still there");
    cr_assert_eq(count_entries(dir, &n_temp), 1);
    cr_assert_eq(n_temp, 0);

    config_free(cfg);
    free(path);
    free(dir);
}

Test(config_save, missing_directory_gives_the_error)
{
    char *dir = make_dir(), *path = join(dir, "none/startup.json"), want[512];
    struct switch_config *cfg = valid_config(11);
    char err[CONFIG_ERR_MAX] = "";

    cr_assert_eq(config_save_file(cfg, path, err, sizeof err), ENOENT);
    snprintf(want, sizeof want, "%s: No such file or directory", path);
    cr_assert_str_eq(err, want);

    config_free(cfg);
    free(path);
    free(dir);
}

/* RLIMIT_FSIZE makes the first write short and the next one fail, as a
 * full disk would: both paths of the write loop. */
Test(config_save, write_failing_half_way_gives_the_error_and_keeps_the_old_file)
{
    char *dir = make_dir(), *path = join(dir, "startup.json"), want[512];
    struct switch_config *cfg = valid_config(12);
    char *text = config_to_json(cfg);
    struct child_result r;

    cr_assert_gt(strlen(text), 200);
    write_text(path, old_text, 0644);
    r = save_in_child(cfg, path, false, strlen(text) / 2);
    cr_assert_eq(r.rc, EFBIG, "rc %d: %s", r.rc, r.err);
    snprintf(want, sizeof want, "%s: File too large", path);
    cr_assert_str_eq(r.err, want);
    assert_old_file_kept(dir, path);

    config_free(cfg);
    free(text);
    free(path);
    free(dir);
}

Test(config_save, message_is_cut_to_the_buffer)
{
    struct switch_config *cfg = valid_config(13);
    char err[8];

    memset(err, 'x', sizeof err);
    cr_assert_eq(config_save_file(cfg, "/nonexistent/dir/startup.json", err, sizeof err), ENOENT);
    cr_assert_str_eq(err, "/nonexi");
    config_free(cfg);
}

/* Microseconds since 'start'. */
static long
us_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000000 + (now.tv_nsec - start->tv_nsec) / 1000;
}

/* What the writer child tells the reader, in memory shared across fork(). */
struct writer_progress {
    volatile unsigned n_saves;      /* saves completed (the file holds a after odd ones) */
    volatile long last_save_us;     /* how long the last one took */
};

/* A writer saving two configs in turn is killed at random moments.  Before
 * and after each kill, 'path' holds one of the two documents whole: the one
 * the writer last saved, or the one it was saving.  The kill moment follows
 * the writer's progress, not the clock: round k waits until the writer has
 * completed k % 3 saves, then a random part of one more save (as long as
 * the writer's last save took).  A fixed delay after fork() was no moment
 * at all on a loaded machine: an ASan writer that forks, writes and fsyncs
 * twice took longer than the 8 ms given, and 440 kills in 40 s never let
 * it finish one save of the second document. */
Test(config_save, sigkill_at_any_moment_never_leaves_a_partial_file, .timeout = 120)
{
    char *dir = make_dir(), *path = join(dir, "startup.json");
    struct switch_config *a = valid_config(21), *b = valid_config(22);
    char err[CONFIG_ERR_MAX] = "", *text_a = config_to_json(a), *text_b = config_to_json(b);
    struct config_gen_rng rng;
    struct writer_progress *progress;
    unsigned n_reads = 0, n_seen_b = 0, n_inside = 0, n_left = 0;
    struct timespec start;
    const char *before = text_a;    /* what the file holds when a round starts */
    long save_us;

    config_gen_rng_init(&rng, 42);
    cr_assert_str_neq(text_a, text_b);
    progress = mmap(NULL, sizeof *progress, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                    -1, 0);
    cr_assert_neq(progress, MAP_FAILED, "mmap: %s", strerror(errno));
    clock_gettime(CLOCK_MONOTONIC, &start);
    cr_assert_eq(config_save_file(a, path, err, sizeof err), 0, "%s", err);
    save_us = us_since(&start);
    for (int kill_no = 0; kill_no < 60; kill_no++) {
        unsigned want_saves = kill_no % 3, n_saves;
        long extra_us = config_gen_rng_below(&rng, save_us + 1);
        struct timespec since;
        size_t n_temp, bad_len = 0;
        bool bad = false, counting = false;
        pid_t pid;

        progress->n_saves = 0;
        pid = fork();
        cr_assert_geq(pid, 0);
        if (!pid) {
            /* Die with the test, whatever happens to it. */
            if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() == 1)
                _exit(1);
            for (;;) {
                struct timespec t0;

                clock_gettime(CLOCK_MONOTONIC, &t0);
                config_save_file(progress->n_saves % 2 ? b : a, path, err, sizeof err);
                progress->last_save_us = us_since(&t0);
                __atomic_add_fetch(&progress->n_saves, 1, __ATOMIC_RELEASE);
            }
        }
        do {                        /* read while the child writes */
            char *text = slurp(path);

            bad = !text || (strcmp(text, text_a) && strcmp(text, text_b));
            bad_len = text ? strlen(text) : 0;
            n_seen_b += text && !strcmp(text, text_b);
            free(text);
            n_reads++;
            if (!counting && __atomic_load_n(&progress->n_saves, __ATOMIC_ACQUIRE) >= want_saves) {
                clock_gettime(CLOCK_MONOTONIC, &since);
                counting = true;
            }
        } while (!bad && (!counting || us_since(&since) < extra_us));
        /* Stop the writer before any assertion can end the test. */
        cr_assert_eq(kill(pid, SIGKILL), 0);
        cr_assert_eq(waitpid(pid, NULL, 0), pid);
        cr_assert_not(bad, "kill %d: %s missing, partial or foreign (%zu bytes)", kill_no, path,
                      bad_len);
        n_saves = __atomic_load_n(&progress->n_saves, __ATOMIC_ACQUIRE);
        if (progress->last_save_us > 0)
            save_us = progress->last_save_us;
        {
            char *text = slurp(path);
            struct switch_config *back = config_load_file(path, err, sizeof err);
            /* Save n (from 0) writes a when n is even.  The file is the last
             * completed save (or the round's first document), or the one
             * under way when the kill came between its rename and the count. */
            const char *done = !n_saves ? before : n_saves % 2 ? text_a : text_b;
            const char *next = n_saves % 2 ? text_b : text_a;

            cr_assert_not_null(back, "after kill %d: %s", kill_no, err);
            cr_assert(!strcmp(text, done) || !strcmp(text, next),
                      "after kill %d (%u saves done): the file is neither the last save nor "
                      "the one under way", kill_no, n_saves);
            count_entries(dir, &n_temp);
            n_left += n_temp;
            n_inside += n_temp > 0 || strcmp(text, done);
            before = !strcmp(text, text_a) ? text_a : text_b;
            config_free(back);
            free(text);
        }
        remove_temp_files(dir);     /* what a kill may leave, by design */
    }
    cr_assert_gt(n_seen_b, 0, "the reader never saw the second document whole");
    cr_log_info("60 kills, %u reads (%u of the second document), %u kills inside a save "
                "(%u temp files left), saves take %ld us", n_reads, n_seen_b, n_inside, n_left,
                save_us);

    munmap(progress, sizeof *progress);
    config_free(a);
    config_free(b);
    free(text_a);
    free(text_b);
    free(path);
    free(dir);
}
