/* Lines that carry a password (secret_line.h). */
#include "secret_line.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <strings.h>

/* Whether the word at 'w' ('len' characters) abbreviates 'keyword'. */
static bool
abbreviates(const char *w, size_t len, const char *keyword)
{
    size_t klen = 0;

    while (keyword[klen])
        klen++;
    return len && len <= klen && !strncasecmp(w, keyword, len);
}

/* The next word of '*p': its start and length (0 at the end). */
static size_t
next_word(const char **p, const char **word)
{
    const char *s = *p;
    size_t len = 0;

    while (*s && isspace((unsigned char) *s))
        s++;
    *word = s;
    while (s[len] && !isspace((unsigned char) s[len]))
        len++;
    *p = s + len;
    return len;
}

/* Where the password of a secret line starts: just after its `secret` or
 * `password` keyword; NULL for other lines. */
static const char *
secret_start(const char *line)
{
    const char *p = line, *w;
    size_t len = next_word(&p, &w);

    while (len && (abbreviates(w, len, "do") || abbreviates(w, len, "no")))
        len = next_word(&p, &w);
    /* IOS's line password (`line vty 0 15` / ` password cisco`): refused
     * here, but typed by every template.  Three letters at least, so
     * that `p` and `pa` of other commands stay as typed. */
    if (len >= 3 && abbreviates(w, len, "password"))
        return p;
    if (!abbreviates(w, len, "username") && !abbreviates(w, len, "enable"))
        return NULL;
    while ((len = next_word(&p, &w)))
        if (abbreviates(w, len, "secret") || abbreviates(w, len, "password"))
            return p;
    return NULL;
}

bool
secret_line(const char *line)
{
    return secret_start(line) != NULL;
}

void
secret_line_mask(const char *line, char *buf, size_t size)
{
    const char *p = secret_start(line), *w, *after;
    size_t len;

    if (!p) {
        snprintf(buf, size, "%s", line);
        return;
    }
    /* An encryption type ("secret 0 PASSWORD") stays, when a word follows
     * it: a lone digit may be the password itself. */
    after = p;
    len = next_word(&after, &w);
    if (len == 1 && isdigit((unsigned char) *w)) {
        const char *rest = after, *w2;
        if (next_word(&rest, &w2))
            p = after;
    }
    snprintf(buf, size, "%.*s *****", (int) (p - line), line);
}
