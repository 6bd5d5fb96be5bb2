#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H 1

/* Fuzzing harnesses (docs/security.md section 9)
 * ===============================================
 * Each fuzz/fuzz_*.c defines LLVMFuzzerTestOneInput(), libFuzzer's entry
 * point: it runs one input through the code under test and checks what must
 * hold whatever the input (a round trip gives back what went in, counters
 * add up, nothing reads past a buffer).  The same source is linked twice:
 * with clang's libFuzzer for `make fuzz`, and with fuzz/replay.c, a plain
 * main() built by gcc, for `make check`, which feeds it every file of the
 * harness's corpus (fuzz/corpus/NAME/).
 *
 * A failed check prints what broke and aborts: libFuzzer saves the input as
 * a finding, the replay counts the file as failed. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional, run once before the first input (libFuzzer's hook). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                             \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,        \
                    __LINE__, #cond);                                     \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
            abort();                                                      \
        }                                                                 \
    } while (0)

/* 'data' as a NUL-terminated string (malloc'd, exactly size + 1 bytes so a
 * read past the end is caught); NULL when it holds a NUL byte, which no
 * text interface of the switch lets through. */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
    char *s;

    for (size_t i = 0; i < size; i++)
        if (!data[i])
            return NULL;
    if (!(s = malloc(size + 1)))
        return NULL;
    for (size_t i = 0; i < size; i++)
        s[i] = (char) data[i];
    s[size] = '\0';
    return s;
}

#endif /* fuzz/fuzz.h */
