#include "vlan.h"

#include <stdio.h>
#include <string.h>

#include "frame.h"

/* VLAN sets. */

void
vlan_set_clear(struct vlan_set *s)
{
    memset(s, 0, sizeof *s);
}

void
vlan_set_add(struct vlan_set *s, unsigned vid)
{
    if (vid >= VLAN_VID_MIN && vid <= VLAN_VID_MAX)
        s->bits[vid / 64] |= UINT64_C(1) << (vid % 64);
}

void
vlan_set_remove(struct vlan_set *s, unsigned vid)
{
    if (vid < VLAN_N_IDS)
        s->bits[vid / 64] &= ~(UINT64_C(1) << (vid % 64));
}

void
vlan_set_add_range(struct vlan_set *s, unsigned first, unsigned last)
{
    if (first < VLAN_VID_MIN)
        first = VLAN_VID_MIN;
    if (last > VLAN_VID_MAX)
        last = VLAN_VID_MAX;
    for (unsigned vid = first; vid <= last; vid++)
        s->bits[vid / 64] |= UINT64_C(1) << (vid % 64);
}

void
vlan_set_fill(struct vlan_set *s)
{
    memset(s->bits, 0xff, sizeof s->bits);
    vlan_set_remove(s, 0);
    vlan_set_remove(s, VLAN_N_IDS - 1);
}

bool
vlan_set_is_empty(const struct vlan_set *s)
{
    for (size_t i = 0; i < VLAN_N_IDS / 64; i++)
        if (s->bits[i])
            return false;
    return true;
}

bool
vlan_set_is_full(const struct vlan_set *s)
{
    /* Bits 0 and 4095 are never set, so "full" is every other bit. */
    if (s->bits[0] != ~UINT64_C(1)
        || s->bits[VLAN_N_IDS / 64 - 1] != ~(UINT64_C(1) << 63))
        return false;
    for (size_t i = 1; i < VLAN_N_IDS / 64 - 1; i++)
        if (s->bits[i] != UINT64_MAX)
            return false;
    return true;
}

unsigned
vlan_set_count(const struct vlan_set *s)
{
    unsigned n = 0;

    for (size_t i = 0; i < VLAN_N_IDS / 64; i++)
        n += __builtin_popcountll(s->bits[i]);
    return n;
}

bool
vlan_set_equal(const struct vlan_set *a, const struct vlan_set *b)
{
    return !memcmp(a->bits, b->bits, sizeof a->bits);
}

/* Parses the decimal number at 's' (up to a character not a digit) into
 * '*value' and returns the number of characters used, or 0 if 's' does not
 * start with a number written the IOS way (digits, no leading zero). */
static size_t
parse_number(const char *s, unsigned *value)
{
    size_t n = 0;
    unsigned v = 0;

    while (s[n] >= '0' && s[n] <= '9') {
        if (v < 100000)
            v = v * 10 + (s[n] - '0');
        n++;
    }
    if (n > 1 && s[0] == '0')
        return 0;
    *value = v;
    return n;
}

static bool
vid_in_range(unsigned v)
{
    return v >= VLAN_VID_MIN && v <= VLAN_VID_MAX;
}

bool
vlan_id_parse(const char *s, uint16_t *vid, struct err_msg *err)
{
    unsigned v;
    size_t n = parse_number(s, &v);

    if (!n || s[n])
        return err_msg_set(err, 1, "invalid VLAN id \"%s\" (expected 1-4094)", s);
    if (!vid_in_range(v))
        return err_msg_set(err, 1, "invalid VLAN id \"%s\" (expected 1-4094)", s);
    *vid = v;
    return true;
}

bool
vlan_set_parse(const char *list, struct vlan_set *out, struct err_msg *err)
{
    struct vlan_set s;
    const char *p = list;

    if (!*list)
        return err_msg_set(err, 1, "empty VLAN list (expected e.g. 1,10-20)");
    vlan_set_clear(&s);
    for (;;) {
        const char *atom = p;
        size_t atom_len = strcspn(atom, ",");
        int col = atom - list + 1;
        unsigned first, last;
        size_t n = parse_number(p, &first);

        if (!n)
            goto bad_atom;
        p += n;
        last = first;
        if (*p == '-') {
            n = parse_number(p + 1, &last);
            if (!n)
                goto bad_atom;
            p += 1 + n;
        }
        if (*p && *p != ',')
            goto bad_atom;
        if (!vid_in_range(first) || !vid_in_range(last))
            return err_msg_set(err, col, "invalid VLAN id \"%.*s\" (expected 1-4094)",
                               (int) atom_len, atom);
        if (first > last)
            return err_msg_set(err, col, "invalid VLAN range \"%.*s\" (start above end)",
                               (int) atom_len, atom);
        vlan_set_add_range(&s, first, last);
        if (!*p)
            break;
        p++;                    /* the ',' */
        continue;

    bad_atom:
        return err_msg_set(err, col,
                           "invalid VLAN list element \"%.*s\" (expected a VLAN id"
                           " or a range like 10-20)", (int) atom_len, atom);
    }
    *out = s;
    return true;
}

/* Copies the next space-separated word of '*p' into 'word' (truncated to
 * 'size'), stores where it starts in '*start' and advances '*p' past it.
 * Returns its length, 0 at the end; a length >= 'size' means the copy was
 * truncated. */
static size_t
next_word(const char **p, const char **start, char *word, size_t size)
{
    const char *s = *p + strspn(*p, " \t");
    size_t len = strcspn(s, " \t");

    snprintf(word, size, "%.*s", (int) len, s);
    *start = s;
    *p = s + len;
    return len;
}

bool
vlan_set_edit(struct vlan_set *s, const char *edit, struct err_msg *err)
{
    char verb[16], list[VLAN_SET_STR_MAX], extra[32];
    const char *p = edit, *word, *list_start;
    struct vlan_set arg, result = *s;

    if (!next_word(&p, &word, verb, sizeof verb))
        return err_msg_set(err, 1, "missing VLAN list");
    if (!strcmp(verb, "all") || !strcmp(verb, "none")) {
        if (next_word(&p, &word, extra, sizeof extra))
            return err_msg_set(err, word - edit + 1, "unexpected \"%s\" after \"%s\"",
                               extra, verb);
        if (!strcmp(verb, "all"))
            vlan_set_fill(&result);
        else
            vlan_set_clear(&result);
        *s = result;
        return true;
    }

    bool is_verb = !strcmp(verb, "add") || !strcmp(verb, "remove")
                   || !strcmp(verb, "except");
    size_t list_len;
    if (is_verb) {
        list_len = next_word(&p, &list_start, list, sizeof list);
        if (!list_len)
            return err_msg_set(err, 0, "\"%s\" needs a VLAN list", verb);
    } else if (verb[0] < '0' || verb[0] > '9') {
        return err_msg_set(err, word - edit + 1, "unknown word \"%s\" (expected a VLAN list, add,"
                           " remove, except, all or none)", verb);
    } else {
        p = edit;
        list_len = next_word(&p, &list_start, list, sizeof list);
    }
    if (list_len >= sizeof list)
        return err_msg_set(err, list_start - edit + 1,
                           "VLAN list too long (at most %zu characters)", sizeof list - 1);
    if (next_word(&p, &word, extra, sizeof extra))
        return err_msg_set(err, word - edit + 1, "unexpected \"%s\" after the VLAN list",
                           extra);
    if (!vlan_set_parse(list, &arg, err)) {
        if (err)                /* columns count from the start of 'edit' */
            err->col += list_start - edit;
        return false;
    }

    if (!is_verb) {
        result = arg;
    } else if (!strcmp(verb, "add")) {
        for (size_t i = 0; i < VLAN_N_IDS / 64; i++)
            result.bits[i] |= arg.bits[i];
    } else if (!strcmp(verb, "remove")) {
        for (size_t i = 0; i < VLAN_N_IDS / 64; i++)
            result.bits[i] &= ~arg.bits[i];
    } else {                    /* except */
        vlan_set_fill(&result);
        for (size_t i = 0; i < VLAN_N_IDS / 64; i++)
            result.bits[i] &= ~arg.bits[i];
    }
    *s = result;
    return true;
}

size_t
vlan_set_format(const struct vlan_set *s, char *buf, size_t size)
{
    size_t len = 0;
    unsigned vid = VLAN_VID_MIN;

    if (size)
        buf[0] = '\0';
    if (vlan_set_is_empty(s))
        return snprintf(buf, size, "none");

    while (vid <= VLAN_VID_MAX) {
        unsigned first, last;
        char atom[12];
        int n;

        if (!vlan_set_contains(s, vid)) {
            vid++;
            continue;
        }
        first = vid;
        while (vid + 1 <= VLAN_VID_MAX && vlan_set_contains(s, vid + 1))
            vid++;
        last = vid++;

        /* IOS prints runs of three or more as ranges, pairs as two ids. */
        if (last - first >= 2)
            n = snprintf(atom, sizeof atom, "%s%u-%u", len ? "," : "", first, last);
        else if (last > first)
            n = snprintf(atom, sizeof atom, "%s%u,%u", len ? "," : "", first, last);
        else
            n = snprintf(atom, sizeof atom, "%s%u", len ? "," : "", first);
        if (len + 1 < size) {     /* as snprintf: keep what fits, then NUL */
            size_t fit = len + n < size ? (size_t) n : size - 1 - len;
            memcpy(buf + len, atom, fit);
            buf[len + fit] = '\0';
        }
        len += n;
    }
    return len;
}

/* Port VLAN policy. */

void
vlan_port_init_default(struct vlan_port *p)
{
    memset(p, 0, sizeof *p);
    p->mode = VLAN_MODE_TRUNK;
    p->access_vid = 1;
    p->native_vid = 1;
    vlan_set_fill(&p->allowed);
}

void
vlan_port_init_access(struct vlan_port *p, uint16_t vid)
{
    vlan_port_init_default(p);
    p->mode = VLAN_MODE_ACCESS;
    p->access_vid = vid;
}

bool
vlan_port_validate(const struct vlan_port *p, struct err_msg *err)
{
    if (p->mode != VLAN_MODE_ACCESS && p->mode != VLAN_MODE_TRUNK)
        return err_msg_set(err, 0, "invalid VLAN mode %d", (int) p->mode);
    if (p->mode == VLAN_MODE_ACCESS && !vid_in_range(p->access_vid))
        return err_msg_set(err, 0, "invalid access VLAN %u (expected 1-4094)",
                           p->access_vid);
    if (p->mode == VLAN_MODE_TRUNK && p->native_vid > VLAN_VID_MAX)
        return err_msg_set(err, 0, "invalid native VLAN %u (expected 1-4094 or none)",
                           p->native_vid);
    if (vlan_set_contains(&p->allowed, 0) || vlan_set_contains(&p->allowed, 4095))
        return err_msg_set(err, 0, "allowed VLAN list holds reserved VLAN 0 or 4095");
    return true;
}

enum vlan_verdict
vlan_port_admit(const struct vlan_port *p, bool tagged, uint16_t tci,
                uint16_t *vid, uint16_t *prio)
{
    uint16_t v = tagged ? tci & VLAN_VID_MASK : 0;

    *prio = tagged ? tci & (VLAN_PCP_MASK | VLAN_DEI_MASK) : 0;
    if (p->mode == VLAN_MODE_ACCESS) {
        if (v)
            return VLAN_DROP_TAGGED_ON_ACCESS;
        *vid = p->access_vid;
        return VLAN_ADMIT;
    }
    if (!v) {                   /* untagged or priority-tagged */
        if (p->native_vid) {
            *vid = p->native_vid;
            return VLAN_ADMIT;
        }
        if (vlan_set_is_full(&p->allowed)) {
            *vid = 0;
            return VLAN_ADMIT;
        }
        return VLAN_DROP_UNTAGGED;
    }
    if (v == p->native_vid || vlan_set_contains(&p->allowed, v)) {
        *vid = v;
        return VLAN_ADMIT;
    }
    return VLAN_DROP_NOT_ALLOWED;
}

enum vlan_egress
vlan_port_egress(const struct vlan_port *p, uint16_t vid)
{
    if (p->mode == VLAN_MODE_ACCESS)
        return vid == p->access_vid ? VLAN_EGRESS_UNTAGGED : VLAN_EGRESS_NONE;
    if (!vid)
        return !p->native_vid && vlan_set_is_full(&p->allowed)
               ? VLAN_EGRESS_UNTAGGED : VLAN_EGRESS_NONE;
    if (vid == p->native_vid)
        return p->native_tagged ? VLAN_EGRESS_TAGGED : VLAN_EGRESS_UNTAGGED;
    return vlan_set_contains(&p->allowed, vid) ? VLAN_EGRESS_TAGGED : VLAN_EGRESS_NONE;
}
