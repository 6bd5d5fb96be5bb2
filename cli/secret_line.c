/* Lines that carry a password (secret_line.h). */
#include "secret_line.h"

#include <ctype.h>
#include <stddef.h>
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

bool
secret_line(const char *line)
{
    const char *p = line, *w;
    size_t len = next_word(&p, &w);

    while (len && (abbreviates(w, len, "do") || abbreviates(w, len, "no")))
        len = next_word(&p, &w);
    if (!abbreviates(w, len, "username") && !abbreviates(w, len, "enable"))
        return false;
    while ((len = next_word(&p, &w)))
        if (abbreviates(w, len, "secret") || abbreviates(w, len, "password"))
            return true;
    return false;
}
