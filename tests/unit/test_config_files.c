/* Every class of bad configuration file, loaded from a real file with
 * config_load_file(), gives its exact "FILE:LINE:COLUMN: JSON.PATH:
 * message" (docs/config.md, "Errors").  The same classes as
 * tests/integration/t_bad_config.sh, which checks that switchd refuses
 * them before creating anything; test_config_json.c has the detailed
 * tables for each class. */

#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

struct file_case {
    const char *class;
    const char *content;
    const char *suffix;             /* the message after "FILE" */
};

static const struct file_case cases[] = {
    { "syntax",
      "{\n"
      "  \"version\": 1,\n"
      "  \"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
      "    {\"name\": \"vm1\", \"type\": \"tap\"}\n"
      "    {\"name\": \"vm2\", \"type\": \"tap\"}]}]\n"
      "}\n",
      ":5:5: syntax error: ']' expected near '{'" },
    { "unknown key",
      "{\n"
      "  \"version\": 1,\n"
      "  \"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
      "    {\"name\": \"vm1\", \"type\": \"tap\", \"acess_vlan\": 10}]}]\n"
      "}\n",
      ":4:36: bridges[0].ports[0].acess_vlan: unknown key \"acess_vlan\"" },
    { "wrong type",
      "{\n"
      "  \"version\": 1,\n"
      "  \"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
      "    {\"name\": \"vm1\", \"type\": \"tap\", \"access_vlan\": \"10\"}]}]\n"
      "}\n",
      ":4:51: bridges[0].ports[0].access_vlan: expected an integer, got a string" },
    { "VLAN out of range",
      "{\n"
      "  \"version\": 1,\n"
      "  \"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 10}, {\"id\": 4095}]}]\n"
      "}\n",
      ":3:60: bridges[0].vlans[1].id: invalid VLAN id 4095 (expected 1-4094)" },
    { "duplicate name",
      "{\n"
      "  \"version\": 1,\n"
      "  \"bridges\": [\n"
      "    {\"name\": \"br0\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}]},\n"
      "    {\"name\": \"br1\", \"ports\": [{\"name\": \"vm1\", \"type\": \"tap\"}]}]\n"
      "}\n",
      ":5:40: bridges[1].ports[0].name: duplicate port name \"vm1\""
      " (first at bridges[0].ports[0])" },
    { "dangling patch peer",
      "{\n"
      "  \"version\": 1,\n"
      "  \"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
      "    {\"name\": \"p1\", \"type\": \"patch\", \"peer\": \"p2\"}]}]\n"
      "}\n",
      ":4:45: bridges[0].ports[0].peer: patch peer \"p2\" is not a port" },
    { "VLAN 1 renamed",
      "{\n"
      "  \"bridges\": [{\"name\": \"br0\", \"vlans\": [{\"id\": 1, \"name\": \"mgmt\"}]}]\n"
      "}\n",
      ":2:59: bridges[0].vlans[0].name: VLAN 1 is named \"default\", not \"mgmt\""
      " (its name cannot be changed)" },
};

Test(config_files, every_class_of_bad_file_gives_its_exact_message)
{
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char path[] = "/tmp/test_config_files.XXXXXX";
        char err[CONFIG_ERR_MAX] = "", want[CONFIG_ERR_MAX];
        int fd = mkstemp(path);
        size_t len = strlen(cases[i].content);
        struct switch_config *cfg;

        cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
        cr_assert_eq(write(fd, cases[i].content, len), (ssize_t) len);
        close(fd);
        cfg = config_load_file(path, err, sizeof err);
        unlink(path);
        cr_expect_null(cfg, "%s: loaded", cases[i].class);
        config_free(cfg);
        snprintf(want, sizeof want, "%s%s", path, cases[i].suffix);
        cr_expect(!strcmp(err, want), "%s:\n got: %s\nwant: %s", cases[i].class, err, want);
    }
}

/* docs/config.md: each ```json block holding a "version" is a whole
 * document and must load; the last one, the full example, must be exactly
 * what the export writes for it. */
Test(config_files, documented_examples_load_and_the_full_one_is_the_export)
{
    FILE *f = fopen("docs/config.md", "r");
    char *doc = NULL, *p, *last = NULL;
    size_t size = 0, n_documents = 0;

    cr_assert_not_null(f, "docs/config.md: %s", strerror(errno));
    cr_assert_geq(getdelim(&doc, &size, '\0', f), 0);
    fclose(f);
    for (p = doc; (p = strstr(p, "```json\n")); ) {
        char *start = p + strlen("```json\n"), *end = strstr(start, "```");
        char err[CONFIG_ERR_MAX] = "";
        struct switch_config *cfg;

        cr_assert_not_null(end, "unterminated ```json block");
        *end = '\0';
        p = end + 1;
        if (!strstr(start, "\"version\""))
            continue;               /* a snippet, not a document */
        cfg = config_parse_string(start, "docs/config.md", err, sizeof err);
        cr_expect_not_null(cfg, "%s\n%s", err, start);
        config_free(cfg);
        last = start;
        n_documents++;
    }
    cr_assert_geq(n_documents, 2);
    {
        char err[CONFIG_ERR_MAX] = "";
        struct switch_config *cfg = config_parse_string(last, "docs/config.md", err, sizeof err);
        char *text = cfg ? config_to_json(cfg) : NULL;

        cr_assert_not_null(text, "%s", err);
        cr_expect_str_eq(text, last);
        free(text);
        config_free(cfg);
    }
    free(doc);
}

/* Only a regular file is read.  A FIFO blocked the reader in open() until
 * some writer came: `copy json FIFO running-config` hung its session, and
 * then SIGTERM hung switchd joining it (a startup file that is a FIFO held
 * the loop thread itself on SIGHUP).  Devices are refused with the same
 * words (a directory is "Is a directory": test_config_json.c). */
Test(config_files, only_regular_files_are_read, .timeout = 10)
{
    char dir[] = "/tmp/tapswitch-unit-XXXXXX", path[64], err[CONFIG_ERR_MAX] = "";
    const char *others[] = { "/dev/null", "/dev/zero" };

    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/fifo.json", dir);
    cr_assert_eq(mkfifo(path, 0600), 0, "mkfifo: %s", strerror(errno));
    cr_assert_null(config_load_file(path, err, sizeof err));
    cr_expect(strstr(err, "not a regular file") && !strncmp(err, path, strlen(path)),
              "FIFO: %s", err);
    unlink(path);
    rmdir(dir);
    for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
        err[0] = '\0';
        cr_assert_null(config_load_file(others[i], err, sizeof err));
        cr_expect(strstr(err, "not a regular file"), "%s: %s", others[i], err);
    }
}
