/* The JSON configuration loader (switchd/config_json.c) and its export
 * (switchd/config_export.c) on arbitrary text, as a startup file, an
 * import (`copy json FILE running-config`) or a reload may hand it over.
 *
 * Whatever the text, the loader either refuses it with a message or gives
 * a configuration in normal form (switchd/config.h).  A message other than
 * jansson's syntax errors points (LINE:COLUMN, columns in characters) at
 * the first character of a JSON value or key of the text.  A configuration:
 *   - exports, and the export loads back (load -> export -> reload) into an
 *     equal configuration whose export is the same text;
 *   - stays the same through config_clone() and config_validate() (normal
 *     form is a fixed point: validating a loaded config changes nothing);
 *   - shows no difference from its reloaded self in config_diff();
 *   - renders the same `show running-config` text as its reloaded self. */
#include "fuzz.h"

#include <string.h>

#include "config.h"
#include "render_config.h"

static char *
rendered(const struct switch_config *cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    if (!out)
        return NULL;
    render_config(out, cfg);
    if (fclose(out)) {
        free(text);
        return NULL;
    }
    return text;
}

/* The byte at 1-based 'line' and character column 'col' of 'text', or -1. */
static int
char_at(const char *text, int line, int col)
{
    const unsigned char *p = (const unsigned char *) text;

    for (int l = 1; l < line; l++) {
        p = (const unsigned char *) strchr((const char *) p, '\n');
        if (!p++)
            return -1;
    }
    for (int c = 1; *p && *p != '\n'; p++) {
        if ((*p & 0xc0) == 0x80)
            continue;                   /* a UTF-8 continuation byte */
        if (c++ == col)
            return *p;
    }
    return -1;
}

/* A refusal of 'text' says where. */
static void
check_refusal(const char *text, const char *err)
{
    int line, col, n = 0, ch;

    FUZZ_CHECK(err[0] && memchr(err, '\0', CONFIG_ERR_MAX), "refused without a message");
    FUZZ_CHECK(sscanf(err, "fuzz.json:%d:%d: %n", &line, &col, &n) == 2 && n > 0,
               "a message without FILE:LINE:COLUMN: %s", err);
    if (!strncmp(err + n, "syntax error: ", 14))
        return;                         /* jansson's position */
    ch = char_at(text, line, col);
    FUZZ_CHECK(ch >= 0 && strchr("{[\"-0123456789tfn", ch),
               "%s: points at %d (%c), not at a value or key", err, ch, ch > ' ' ? ch : '?');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size), *json, *json_again, *shown, *shown_again;
    struct switch_config *cfg, *back, *copy;
    char err[CONFIG_ERR_MAX] = "";
    struct config_diff d;

    if (!text)
        return 0;
    cfg = config_parse_string(text, "fuzz.json", err, sizeof err);
    if (!cfg)
        check_refusal(text, err);
    free(text);
    if (!cfg)
        return 0;

    json = config_to_json(cfg);
    FUZZ_CHECK(json, "a loaded configuration does not export");
    back = config_parse_string(json, "export.json", err, sizeof err);
    FUZZ_CHECK(back, "the export does not load: %s\n%s", err, json);
    json_again = config_to_json(back);
    FUZZ_CHECK(json_again && !strcmp(json, json_again),
               "the export of the reloaded export differs:\n%s\n---\n%s", json,
               json_again ? json_again : "(none)");
    FUZZ_CHECK(config_equal(cfg, back), "the reloaded export is another configuration:\n%s",
               json);

    copy = config_clone(cfg);
    if (copy) {
        FUZZ_CHECK(config_equal(cfg, copy), "a clone differs");
        FUZZ_CHECK(config_validate(copy, err, sizeof err), "a loaded configuration is invalid: %s",
                   err);
        FUZZ_CHECK(config_equal(cfg, copy), "validating a loaded configuration changed it:\n%s",
                   json);
        config_free(copy);
    }

    config_diff(cfg, back, &d);
    FUZZ_CHECK(!d.bridges_added && !d.bridges_removed && !d.bridges_changed
               && !d.ports_added && !d.ports_removed && !d.ports_changed && !d.globals
               && !d.reordered, "the reloaded export differs in config_diff()");

    shown = rendered(cfg);
    shown_again = rendered(back);
    if (shown && shown_again)
        FUZZ_CHECK(!strcmp(shown, shown_again), "running-config differs after the round trip:"
                   "\n%s\n---\n%s", shown, shown_again);

    free(shown);
    free(shown_again);
    free(json);
    free(json_again);
    config_free(back);
    config_free(cfg);
    return 0;
}
