#ifndef SWITCHD_JSON_LOCATE_H
#define SWITCHD_JSON_LOCATE_H 1

/* Finding a value in JSON text
 * ============================
 * jansson keeps no positions for the values it parsed, so error messages
 * about a value (not the syntax) find it again in the original text by its
 * JSON path.
 *
 * The text has already been accepted by jansson, so the tokenizer trusts
 * its structure and only has to skip values and compare keys; it still never
 * reads past the end.  Columns count characters, not bytes, as jansson's do. */

#include <stddef.h>

/* One step of a JSON path: an object member, or an array element when 'key'
 * is NULL. */
struct path_step {
    const char *key;
    size_t index;
};

struct text_pos {
    int line, col;                  /* 1-based */
};

/* Finds the value at 'path' (of 'depth' steps) in 'text' and stores where
 * it starts in '*value' and, when the last step is a key, where that key
 * starts in '*key' (else '*key' = '*value').  A step missing from the text
 * leaves both at the deepest value found, so a missing key points at the
 * object that lacks it. */
void json_locate(const char *text, size_t len, const struct path_step *path, size_t depth,
                 struct text_pos *value, struct text_pos *key);

#endif /* switchd/json_locate.h */
