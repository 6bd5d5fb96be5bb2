/* The command-line matcher, '?' help and TAB completion (cmdline.h). */
#include "cmdline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "frame.h"
#include "output_filter.h"
#include "util.h"
#include "vlan.h"

const char *
cmdline_mode_prompt(enum cmdline_mode mode)
{
    switch (mode) {
    case SHELL_MODE_EXEC:     return "";
    case SHELL_MODE_CONFIG:   return "(config)";
    case SHELL_MODE_IF:       return "(config-if)";
    case SHELL_MODE_IF_RANGE: return "(config-if-range)";
    case SHELL_MODE_VLAN:     return "(config-vlan)";
    case SHELL_MODE_BRIDGE:   return "(config-bridge)";
    case SHELL_MODE_LINE:     return "(config-line)";
    case SHELL_MODE_NVE:      return "(config-if-nve)";
    case SHELL_MODE_NVE_VNI:  return "(config-if-nve-vni)";
    case SHELL_MODE_SSH_PUBKEY:      return "(conf-ssh-pubkey)";
    case SHELL_MODE_SSH_PUBKEY_USER: return "(conf-ssh-pubkey-user)";
    case SHELL_MODE_SSH_PUBKEY_DATA: return "(conf-ssh-pubkey-data)";
    case SHELL_N_MODES:       break;
    }
    return "";
}

/* Lists. */

void
cmdline_list_add(struct cmdline_list *l, const char *text)
{
    char *copy;

    if (l->n == l->size) {
        size_t size = l->size ? 2 * l->size : 16;
        char **items = realloc(l->items, size * sizeof *items);
        if (!items)
            return;
        l->items = items;
        l->size = size;
    }
    if ((copy = strdup(text)))
        l->items[l->n++] = copy;
}

void
cmdline_list_free(struct cmdline_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Syntax strings. */

static const struct {
    const char *name;
    enum cmdline_value_type type;
} value_types[] = {
    { "WORD", CMDLINE_T_WORD }, { "PORT", CMDLINE_T_PORT }, { "BRIDGE", CMDLINE_T_BRIDGE },
    { "VID", CMDLINE_T_VID }, { "VLANS", CMDLINE_T_VLANS }, { "MAC", CMDLINE_T_MAC },
    { "NUM", CMDLINE_T_NUM }, { "LINE", CMDLINE_T_LINE }, { "PORTS", CMDLINE_T_PORTS },
    { "TEXT", CMDLINE_T_TEXT },
};

static bool
is_rest_type(enum cmdline_value_type t)
{
    return t == CMDLINE_T_LINE || t == CMDLINE_T_PORTS || t == CMDLINE_T_TEXT;
}

/* Parses one value token "TYPE", "TYPE:name" or "NUM(lo-hi)[:name]". */
static bool
compile_value(const char *tok, struct cmdline_token *t, char *err, size_t err_size)
{
    char type[16];
    const char *name = strchr(tok, ':');
    size_t len = strcspn(tok, "(:");

    if (len >= sizeof type) {
        snprintf(err, err_size, "bad value token \"%s\"", tok);
        return false;
    }
    memcpy(type, tok, len);
    type[len] = '\0';
    t->is_value = true;
    for (size_t i = 0; i < ARRAY_SIZE(value_types); i++) {
        if (!strcmp(type, value_types[i].name)) {
            t->type = value_types[i].type;
            snprintf(t->word, sizeof t->word, "%s", name ? name + 1 : type);
            if (t->type == CMDLINE_T_NUM) {
                if (sscanf(tok + len, "(%ld-%ld)", &t->lo, &t->hi) != 2 || t->lo > t->hi) {
                    snprintf(err, err_size, "NUM needs (lo-hi): \"%s\"", tok);
                    return false;
                }
            }
            return true;
        }
    }
    snprintf(err, err_size, "unknown value type \"%s\"", type);
    return false;
}

bool
cmdline_syntax_compile(const struct cmdline_cmd *cmd, struct cmdline_syntax *out, char *err, size_t err_size)
{
    char buf[256], *save = NULL;
    int group = -1;
    bool in_group = false, seen_group = false, seen_rest = false;

    memset(out, 0, sizeof *out);
    out->cmd = cmd;
    if (strlen(cmd->syntax) >= sizeof buf) {
        snprintf(err, err_size, "syntax too long: \"%s\"", cmd->syntax);
        return false;
    }
    snprintf(buf, sizeof buf, "%s", cmd->syntax);
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        struct cmdline_token *t;
        size_t len;
        bool close = false;

        if (out->n_tokens == CMDLINE_MAX_TOKENS) {
            snprintf(err, err_size, "too many tokens in \"%s\"", cmd->syntax);
            return false;
        }
        if (*tok == '[') {
            if (in_group) {
                snprintf(err, err_size, "nested '[' in \"%s\"", cmd->syntax);
                return false;
            }
            in_group = seen_group = true;
            group = out->n_groups++;
            tok++;
        }
        len = strlen(tok);
        if (len && tok[len - 1] == ']') {
            if (!in_group) {
                snprintf(err, err_size, "']' without '[' in \"%s\"", cmd->syntax);
                return false;
            }
            tok[--len] = '\0';
            close = true;
        }
        if (!len || seen_rest) {
            snprintf(err, err_size, "%s in \"%s\"", seen_rest ? "token after a rest-of-line value"
                     : "empty token", cmd->syntax);
            return false;
        }
        t = &out->tokens[out->n_tokens];
        t->group = in_group ? group : -1;
        if (isupper((unsigned char) *tok)) {
            if (!compile_value(tok, t, err, err_size))
                return false;
            if (in_group && (out->n_tokens == 0 || out->tokens[out->n_tokens - 1].group != group
                             || out->tokens[out->n_tokens - 1].is_value)) {
                snprintf(err, err_size, "a group must start with a keyword: \"%s\"", cmd->syntax);
                return false;
            }
            seen_rest = is_rest_type(t->type) && !in_group;
        } else {
            if (strlen(tok) >= sizeof t->word) {
                snprintf(err, err_size, "keyword too long: \"%s\"", tok);
                return false;
            }
            snprintf(t->word, sizeof t->word, "%s", tok);
            if (in_group && out->n_tokens && out->tokens[out->n_tokens - 1].group == group) {
                snprintf(err, err_size, "a group holds a keyword and at most one value: \"%s\"",
                         cmd->syntax);
                return false;
            }
        }
        if (!in_group) {
            if (seen_group) {
                snprintf(err, err_size, "required token after a group in \"%s\"", cmd->syntax);
                return false;
            }
            out->n_required++;
        }
        out->n_tokens++;
        if (close)
            in_group = false;
    }
    if (in_group) {
        snprintf(err, err_size, "unclosed '[' in \"%s\"", cmd->syntax);
        return false;
    }
    if (!out->n_required || out->tokens[0].is_value) {
        snprintf(err, err_size, "a command starts with a keyword: \"%s\"", cmd->syntax);
        return false;
    }
    return true;
}

/* Command sets. */

struct cmdline_commands {
    struct cmdline_syntax *syntaxes;
    size_t n;
};

struct cmdline_commands *
cmdline_commands_create(const struct cmdline_table *tables, size_t n_tables, char *err, size_t err_size)
{
    struct cmdline_commands *cs = calloc(1, sizeof *cs);
    size_t n = 0;

    if (!cs)
        goto oom;
    for (size_t i = 0; i < n_tables; i++)
        n += tables[i].n_cmds;
    cs->syntaxes = calloc(n ? n : 1, sizeof *cs->syntaxes);
    if (!cs->syntaxes)
        goto oom;
    for (size_t i = 0; i < n_tables; i++) {
        for (size_t j = 0; j < tables[i].n_cmds; j++) {
            if (!cmdline_syntax_compile(&tables[i].cmds[j], &cs->syntaxes[cs->n], err, err_size)) {
                cmdline_commands_destroy(cs);
                return NULL;
            }
            cs->n++;
        }
    }
    return cs;

oom:
    snprintf(err, err_size, "out of memory");
    cmdline_commands_destroy(cs);
    return NULL;
}

void
cmdline_commands_destroy(struct cmdline_commands *cs)
{
    if (!cs)
        return;
    free(cs->syntaxes);
    free(cs);
}

void
cmdline_commands_foreach(const struct cmdline_commands *cs,
                     void (*cb)(const struct cmdline_syntax *, void *), void *arg)
{
    for (size_t i = 0; i < cs->n; i++)
        cb(&cs->syntaxes[i], arg);
}

void
cmdline_syntax_format(const struct cmdline_syntax *syn, char *buf, size_t size)
{
    size_t used = 0;

    if (size)
        buf[0] = '\0';
    for (unsigned i = 0; i < syn->n_tokens && used < size; i++) {
        const struct cmdline_token *t = &syn->tokens[i];
        bool opens = t->group >= 0 && (i == 0 || syn->tokens[i - 1].group != t->group);
        bool closes = t->group >= 0 && (i + 1 == syn->n_tokens
                                        || syn->tokens[i + 1].group != t->group);
        char word[48];

        if (!t->is_value) {
            snprintf(word, sizeof word, "%s", t->word);
        } else if (t->type == CMDLINE_T_NUM) {
            snprintf(word, sizeof word, "<%ld-%ld>", t->lo, t->hi);
        } else {
            size_t j;
            for (j = 0; t->word[j] && j < sizeof word - 1; j++)
                word[j] = toupper((unsigned char) t->word[j]);
            word[j] = '\0';
        }
        used += snprintf(buf + used, size - used, "%s%s%s%s", i ? " " : "", opens ? "[" : "",
                         word, closes ? "]" : "");
    }
}

/* Words. */

bool
cmdline_words_split(const char *line, struct cmdline_words *out)
{
    size_t len = strlen(line), used = 0;

    out->n = 0;
    if (len > CMDLINE_LINE_MAX)
        return false;
    for (size_t i = 0; i < len; ) {
        size_t start, wlen;

        if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n') {
            i++;
            continue;
        }
        start = i;
        if (line[i] == '|') {
            i++;
        } else {
            while (i < len && !strchr(" \t\r\n|", line[i]))
                i++;
        }
        wlen = i - start;
        if (out->n == CMDLINE_MAX_WORDS)
            return false;
        out->word[out->n] = out->buf + used;
        out->col[out->n] = start;
        memcpy(out->buf + used, line + start, wlen);
        out->buf[used + wlen] = '\0';
        used += wlen + 1;
        out->n++;
    }
    return true;
}

/* Values. */

static bool
all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char) *s))
            return false;
    return true;
}

bool
cmdline_value_valid(enum cmdline_value_type type, long lo, long hi, const char *text)
{
    uint8_t mac[ETH_ADDR_LEN];
    struct vlan_set set;
    long n;

    switch (type) {
    case CMDLINE_T_WORD:
        return *text != '\0';
    case CMDLINE_T_PORT:
    case CMDLINE_T_BRIDGE:
        return *text && strlen(text) <= 15;
    case CMDLINE_T_VID:
        if (!all_digits(text) || strlen(text) > 4)
            return false;
        n = atol(text);
        return n >= VLAN_VID_MIN && n <= VLAN_VID_MAX;
    case CMDLINE_T_VLANS:
        return vlan_set_parse(text, &set, NULL);
    case CMDLINE_T_MAC:
        return eth_addr_parse(text, mac);
    case CMDLINE_T_NUM:
        if (!all_digits(text) || strlen(text) > 10)
            return false;
        n = atol(text);
        return n >= lo && n <= hi;
    case CMDLINE_T_LINE:
    case CMDLINE_T_PORTS:
    case CMDLINE_T_TEXT:
        return *text != '\0';
    }
    return false;
}

/* The '?' name of a value: IOS writes ranges as <lo-hi>, words as WORD. */
static void
value_display(const struct cmdline_token *t, char *buf, size_t size)
{
    switch (t->type) {
    case CMDLINE_T_VID:    snprintf(buf, size, "<1-4094>"); break;
    case CMDLINE_T_NUM:    snprintf(buf, size, "<%ld-%ld>", t->lo, t->hi); break;
    case CMDLINE_T_MAC:    snprintf(buf, size, "H.H.H"); break;
    case CMDLINE_T_LINE:
    case CMDLINE_T_TEXT:   snprintf(buf, size, "LINE"); break;
    case CMDLINE_T_PORTS:  snprintf(buf, size, "PORTS"); break;
    case CMDLINE_T_VLANS:
    case CMDLINE_T_WORD:
    case CMDLINE_T_PORT:
    case CMDLINE_T_BRIDGE: snprintf(buf, size, "WORD"); break;
    }
}

static const char *
value_default_help(const struct cmdline_token *t)
{
    switch (t->type) {
    case CMDLINE_T_VID:    return "VLAN ID";
    case CMDLINE_T_VLANS:  return "VLAN IDs (e.g. 1,10-20)";
    case CMDLINE_T_MAC:    return "48 bit MAC address";
    case CMDLINE_T_PORT:   return "Port name";
    case CMDLINE_T_BRIDGE: return "Bridge name";
    case CMDLINE_T_PORTS:  return "Port names and ranges (vm1 - 4 , vm7)";
    case CMDLINE_T_LINE:
    case CMDLINE_T_TEXT:   return "Text";
    case CMDLINE_T_NUM:
    case CMDLINE_T_WORD:   break;
    }
    return "";
}

/* Matching. */

struct cand {
    const struct cmdline_syntax *syn;
    unsigned ti;                    /* next required token */
    uint32_t used_groups;
    int pending;                    /* token awaiting its value, or -1 */
    bool rest_done;                 /* a rest-of-line value took the line */
    unsigned n_values;
    struct { const struct cmdline_token *tok; unsigned word; bool rest; } values[CMDLINE_MAX_VALUES];
};

struct matcher {
    const struct cmdline_words *w;
    const char *line;
    struct cand *cands;
    size_t n_cands;
    unsigned stop;                  /* index of the '|' word, or w->n */
    enum cmdline_result result;
    unsigned col;
    unsigned fail_word;             /* the word the parse failed at */
};

static bool
cmd_visible(const struct cmdline_cmd *cmd, enum cmdline_mode mode, unsigned privilege)
{
    return (cmd->modes & SHELL_M(mode)) && cmd->privilege <= privilege;
}

static bool
matcher_init(struct matcher *m, const struct cmdline_commands *cs, const struct cmdline_words *w,
             const char *line, enum cmdline_mode mode, unsigned privilege)
{
    memset(m, 0, sizeof *m);
    m->w = w;
    m->line = line;
    m->cands = calloc(cs->n ? cs->n : 1, sizeof *m->cands);
    if (!m->cands)
        return false;
    for (size_t i = 0; i < cs->n; i++) {
        if (!cmd_visible(cs->syntaxes[i].cmd, mode, privilege))
            continue;
        m->cands[m->n_cands].syn = &cs->syntaxes[i];
        m->cands[m->n_cands].pending = -1;
        m->n_cands++;
    }
    m->stop = w->n;
    for (unsigned i = 0; i < w->n; i++) {
        if (!strcmp(w->word[i], "|")) {
            m->stop = i;
            break;
        }
    }
    return true;
}

/* The token indexes 'c' accepts next, into 'opts'; returns how many. */
static unsigned
cand_options(const struct cand *c, unsigned opts[CMDLINE_MAX_TOKENS])
{
    const struct cmdline_syntax *s = c->syn;
    unsigned n = 0;

    if (c->rest_done)
        return 0;
    if (c->pending >= 0) {
        opts[0] = c->pending;
        return 1;
    }
    if (c->ti < s->n_required) {
        opts[0] = c->ti;
        return 1;
    }
    for (unsigned i = s->n_required; i < s->n_tokens; i++) {
        const struct cmdline_token *t = &s->tokens[i];
        if (!t->is_value && !(c->used_groups & (1u << t->group)))
            opts[n++] = i;
    }
    return n;
}

static bool
cand_complete(const struct cand *c)
{
    return c->rest_done || (c->ti >= c->syn->n_required && c->pending < 0);
}

static unsigned
common_prefix(const char *a, const char *b)
{
    unsigned n = 0;

    while (a[n] && b[n] && tolower((unsigned char) a[n]) == tolower((unsigned char) b[n]))
        n++;
    return n;
}

static bool
is_prefix(const char *word, const char *keyword)
{
    size_t len = strlen(word);

    return len <= strlen(keyword) && !strncasecmp(word, keyword, len);
}

/* Moves 'c' past token 'ti', matched by word 'i'.  Values (and flag
 * groups, with empty text) are recorded for the command. */
static void
cand_record(struct cand *c, const struct cmdline_token *t, unsigned i)
{
    if (c->n_values == CMDLINE_MAX_VALUES)
        return;
    c->values[c->n_values].tok = t;
    c->values[c->n_values].word = i;
    c->values[c->n_values].rest = t->is_value && is_rest_type(t->type);
    c->n_values++;
}

static void
cand_advance(struct cand *c, unsigned ti, unsigned i)
{
    const struct cmdline_syntax *s = c->syn;
    const struct cmdline_token *t = &s->tokens[ti];

    if (t->is_value) {
        cand_record(c, t, i);
        if (is_rest_type(t->type))
            c->rest_done = true;
        if (c->pending == (int) ti)
            c->pending = -1;
        else
            c->ti++;
        return;
    }
    if (ti < s->n_required) {
        c->ti++;
        return;
    }
    c->used_groups |= 1u << t->group;
    if (ti + 1 < s->n_tokens && s->tokens[ti + 1].group == t->group)
        c->pending = ti + 1;        /* "[vlan VID]": the value comes next */
    else
        cand_record(c, t, i);       /* "[dynamic]": a flag */
}

/* The text a rest-of-line value starting at word 'i' takes: up to the '|'
 * (LINE, PORTS) or to the end (TEXT), right-trimmed; surrounding double
 * quotes are removed so flows can be pasted quoted. */
static void
rest_text(const struct matcher *m, const struct cmdline_token *t, unsigned i, char *buf, size_t size)
{
    size_t start = m->w->col[i];
    size_t end = (t->type == CMDLINE_T_TEXT || m->stop >= m->w->n) ? strlen(m->line)
                 : m->w->col[m->stop];

    while (end > start && isspace((unsigned char) m->line[end - 1]))
        end--;
    if (end - start >= 2 && (m->line[start] == '"' || m->line[start] == '\'')
        && m->line[end - 1] == m->line[start] && t->type != CMDLINE_T_TEXT) {
        start++;
        end--;
    }
    if (end - start >= size)
        end = start + size - 1;
    memcpy(buf, m->line + start, end - start);
    buf[end - start] = '\0';
}

static bool
value_accepts(const struct matcher *m, const struct cmdline_token *t, unsigned i)
{
    char rest[CMDLINE_LINE_MAX];

    if (!is_rest_type(t->type))
        return cmdline_value_valid(t->type, t->lo, t->hi, m->w->word[i]);
    rest_text(m, t, i, rest, sizeof rest);
    return cmdline_value_valid(t->type, t->lo, t->hi, rest);
}

/* Runs word 'i' over every candidate, keeping those that accept it.
 * Candidates that already took the rest of the line stay as they are. */
static bool
matcher_step(struct matcher *m, unsigned i)
{
    const char *word = m->w->word[i];
    const char *prefix_kw = NULL;
    bool exact = false, ambiguous = false, value_ok = false;
    unsigned best_prefix = 0;
    size_t kept = 0, advanced = 0;

    for (size_t k = 0; k < m->n_cands; k++) {
        struct cand *c = &m->cands[k];
        unsigned opts[CMDLINE_MAX_TOKENS], n = cand_options(c, opts);

        for (unsigned j = 0; j < n; j++) {
            const struct cmdline_token *t = &c->syn->tokens[opts[j]];
            if (t->is_value) {
                if (value_accepts(m, t, i))
                    value_ok = true;
            } else {
                unsigned p = common_prefix(word, t->word);
                if (p > best_prefix)
                    best_prefix = p;
                if (!strcasecmp(word, t->word)) {
                    exact = true;
                } else if (is_prefix(word, t->word)) {
                    if (prefix_kw && strcasecmp(prefix_kw, t->word))
                        ambiguous = true;
                    prefix_kw = t->word;
                }
            }
        }
    }
    if (!exact && ambiguous) {
        m->result = CMDLINE_AMBIGUOUS;
        m->col = m->w->col[i];
        m->fail_word = i;
        return false;
    }
    for (size_t k = 0; k < m->n_cands; k++) {
        struct cand c = m->cands[k];
        unsigned opts[CMDLINE_MAX_TOKENS], n = cand_options(&c, opts);
        int hit = -1;

        if (c.rest_done) {
            m->cands[kept++] = c;
            continue;
        }
        for (unsigned j = 0; j < n && hit < 0; j++) {
            const struct cmdline_token *t = &c.syn->tokens[opts[j]];
            if (t->is_value) {
                /* Keywords win over values at the same position. */
                if (!exact && !prefix_kw && value_accepts(m, t, i))
                    hit = opts[j];
            } else if (exact ? !strcasecmp(word, t->word)
                       : prefix_kw && !strcasecmp(prefix_kw, t->word)) {
                hit = opts[j];
            }
        }
        if (hit >= 0) {
            cand_advance(&c, hit, i);
            m->cands[kept++] = c;
            advanced++;
        }
    }
    if (!kept) {
        m->result = CMDLINE_INVALID;
        m->col = m->w->col[i] + (value_ok ? 0 : best_prefix);
        m->fail_word = i;
        return false;
    }
    m->n_cands = kept;
    return true;
}

/* Runs the words [0, n) through the matcher. */
static bool
matcher_run(struct matcher *m, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        bool all_done = m->n_cands > 0;

        for (size_t k = 0; k < m->n_cands && all_done; k++)
            all_done = m->cands[k].rest_done;
        if (all_done)
            break;
        if (!matcher_step(m, i))
            return false;
    }
    return true;
}

static void
fill_match(const struct matcher *m, const struct cand *c, enum cmdline_mode mode,
           struct cmdline_match *out)
{
    size_t used = 0;

    out->result = CMDLINE_OK;
    out->cmd = c->syn->cmd;
    out->mode = mode;
    out->n_values = 0;
    for (unsigned v = 0; v < c->n_values; v++) {
        const struct cmdline_token *t = c->values[v].tok;
        unsigned wi = c->values[v].word;
        char text[CMDLINE_LINE_MAX];
        const char *key = t->word;

        if (!t->is_value)
            text[0] = '\0';             /* a flag group */
        else if (c->values[v].rest)
            rest_text(m, t, wi, text, sizeof text);
        else
            snprintf(text, sizeof text, "%s", m->w->word[wi]);
        /* A group's value is named by the group's keyword. */
        if (t->is_value && t->group >= 0) {
            for (unsigned j = 0; j < c->syn->n_tokens; j++)
                if (c->syn->tokens[j].group == t->group && !c->syn->tokens[j].is_value)
                    key = c->syn->tokens[j].word;
        }
        size_t len = strlen(text);
        if (used + len + 1 > sizeof out->line)
            break;
        memcpy(out->line + used, text, len + 1);
        out->values[out->n_values].key = key;
        out->values[out->n_values].text = out->line + used;
        out->values[out->n_values].col = m->w->col[wi];
        out->n_values++;
        used += len + 1;
    }
    out->filter = NULL;
    if (m->stop < m->w->n && !(c->rest_done && c->values[c->n_values - 1].tok->type == CMDLINE_T_TEXT)) {
        size_t start = m->stop + 1 < m->w->n ? m->w->col[m->stop + 1] : strlen(m->line);
        const char *f = m->line + start;
        size_t len = strlen(f);
        if (used + len + 1 <= sizeof out->line) {
            memcpy(out->line + used, f, len + 1);
            out->filter = out->line + used;
            out->filter_col = start;
        }
    }
}

/* One parse in one mode. */
static void
parse_in_mode(const struct cmdline_commands *cs, const struct cmdline_words *w, const char *line,
              enum cmdline_mode mode, unsigned privilege, struct cmdline_match *out, unsigned *fail_word)
{
    struct matcher m;

    memset(out, 0, sizeof *out);
    *fail_word = 0;
    if (!matcher_init(&m, cs, w, line, mode, privilege)) {
        out->result = CMDLINE_INVALID;
        return;
    }
    if (!matcher_run(&m, m.stop)) {
        out->result = m.result;
        out->col = m.col;
        *fail_word = m.fail_word;
        free(m.cands);
        return;
    }
    /* The first complete command with a body wins, in table order. */
    const struct cand *best = NULL;
    for (size_t k = 0; k < m.n_cands && !best; k++)
        if (cand_complete(&m.cands[k]) && m.cands[k].syn->cmd->exec)
            best = &m.cands[k];
    if (!best && m.stop < w->n) {
        /* "description | text": a TEXT value may start at the '|' itself. */
        unsigned pipe = m.stop;

        free(m.cands);
        if (!matcher_init(&m, cs, w, line, mode, privilege)) {
            out->result = CMDLINE_INVALID;
            return;
        }
        m.stop = w->n;
        if (matcher_run(&m, w->n)) {
            for (size_t k = 0; k < m.n_cands && !best; k++) {
                const struct cand *c = &m.cands[k];
                if (cand_complete(c) && c->syn->cmd->exec && c->rest_done
                    && c->values[c->n_values - 1].tok->type == CMDLINE_T_TEXT)
                    best = c;
            }
        }
        if (!best)
            m.stop = pipe;          /* the error is about the words before it */
    }
    if (!best) {
        out->result = CMDLINE_INCOMPLETE;
        *fail_word = m.stop;
        free(m.cands);
        return;
    }
    fill_match(&m, best, mode, out);
    if (out->filter && !(out->cmd->flags & CMDLINE_FILTERABLE)) {
        out->result = CMDLINE_INVALID;
        out->col = w->col[m.stop];
        *fail_word = m.stop;
    }
    free(m.cands);
}

/* Copies match 'from' into 'to'.  The values and the filter point into
 * the match's own line copy, so they are moved along with it (a plain
 * struct copy would leave them pointing into 'from'). */
static void
match_move(struct cmdline_match *to, const struct cmdline_match *from)
{
    memcpy(to, from, sizeof *to);
    for (unsigned i = 0; i < to->n_values; i++)
        to->values[i].text = to->line + (from->values[i].text - from->line);
    if (from->filter)
        to->filter = to->line + (from->filter - from->line);
}

void
cmdline_parse(const struct cmdline_commands *cs, const char *line, enum cmdline_mode mode,
          unsigned privilege, struct cmdline_match *out)
{
    struct cmdline_words *w = malloc(sizeof *w);
    unsigned fail_word, fail_word2;

    memset(out, 0, sizeof *out);
    if (!w || !cmdline_words_split(line, w)) {
        out->result = CMDLINE_INVALID;
        out->col = 0;
        free(w);
        return;
    }
    if (!w->n || w->word[0][0] == '!') {
        out->result = CMDLINE_EMPTY;
        free(w);
        return;
    }
    parse_in_mode(cs, w, line, mode, privilege, out, &fail_word);
    /* NX-OS's interface nve1 is an interface: an interface command typed
     * in its modes runs as in config-if, on it, and the mode stays (the
     * lines running-config writes for a vxlan port named nve1). */
    if (out->result != CMDLINE_OK && (mode == SHELL_MODE_NVE || mode == SHELL_MODE_NVE_VNI)) {
        struct cmdline_match *alt = malloc(sizeof *alt);
        if (alt) {
            parse_in_mode(cs, w, line, SHELL_MODE_IF, privilege, alt, &fail_word2);
            if (alt->result == CMDLINE_OK || fail_word2 > fail_word) {
                match_move(out, alt);
                out->mode = mode;
                fail_word = fail_word2;
            }
            free(alt);
        }
    }
    /* IOS: a global configuration command typed in a submode runs in
     * global configuration mode.  Keep whichever parse got further. */
    if (out->result != CMDLINE_OK && mode != SHELL_MODE_EXEC && mode != SHELL_MODE_CONFIG) {
        struct cmdline_match *alt = malloc(sizeof *alt);
        if (alt) {
            parse_in_mode(cs, w, line, SHELL_MODE_CONFIG, privilege, alt, &fail_word2);
            if (alt->result == CMDLINE_OK || fail_word2 > fail_word)
                match_move(out, alt);
            free(alt);
        }
    }
    free(w);
}

const char *
cmdline_value(const struct cmdline_match *m, const char *key)
{
    for (unsigned i = 0; i < m->n_values; i++)
        if (!strcmp(m->values[i].key, key))
            return m->values[i].text;
    return NULL;
}

unsigned
cmdline_value_col(const struct cmdline_match *m, const char *key)
{
    for (unsigned i = 0; i < m->n_values; i++)
        if (!strcmp(m->values[i].key, key))
            return m->values[i].col;
    return 0;
}

/* Help and completion. */

/* Keywords whose help no command states (group keywords, shared words). */
static const struct { const char *word, *help; } keyword_help[] = {
    { "address", "address keyword" },
    { "aging-time", "aging-time keyword" },
    { "count", "count keyword" },
    { "dynamic", "dynamic entry type" },
    { "interface", "interface keyword" },
    { "static", "static entry type" },
    { "ofport", "OpenFlow port number (default: the lowest free one)" },
    { "vlan", "VLAN keyword" },
    { "no", "Negate a command or set its defaults" },
    { "--strict", "Match priority and fields exactly" },
    { "ofport", "OpenFlow port number" },
    { "peer", "The patch port at the other end" },
};

/* The help of keyword token 'ti' of 's': the command's own help if it is
 * the command's last keyword, else that of a command (or help-only entry)
 * ending with the same keywords, else the shared table. */
static const char *
keyword_help_of(const struct cmdline_commands *cs, const struct cmdline_syntax *s, unsigned ti,
                enum cmdline_mode mode, unsigned privilege)
{
    const struct cmdline_token *t = &s->tokens[ti];
    bool last = true;

    if (t->group >= 0)
        goto shared;
    for (unsigned j = ti + 1; j < s->n_required; j++)
        if (!s->tokens[j].is_value)
            last = false;
    if (last)
        return s->cmd->help ? s->cmd->help : "";
    for (size_t k = 0; k < cs->n; k++) {
        const struct cmdline_syntax *o = &cs->syntaxes[k];
        bool same = cmd_visible(o->cmd, mode, privilege) && o->n_required == ti + 1;
        for (unsigned j = 0; same && j <= ti; j++)
            same = o->tokens[j].is_value == s->tokens[j].is_value
                   && (o->tokens[j].is_value || !strcasecmp(o->tokens[j].word, s->tokens[j].word));
        if (same && o->cmd->help)
            return o->cmd->help;
    }
    /* "no switchport trunk": the help of "switchport trunk", as IOS. */
    if (ti >= 1 && !strcmp(s->tokens[0].word, "no")) {
        for (size_t k = 0; k < cs->n; k++) {
            const struct cmdline_syntax *o = &cs->syntaxes[k];
            bool same = cmd_visible(o->cmd, mode, privilege) && o->n_required == ti;
            for (unsigned j = 0; same && j < ti; j++)
                same = o->tokens[j].is_value == s->tokens[j + 1].is_value
                       && (o->tokens[j].is_value
                           || !strcasecmp(o->tokens[j].word, s->tokens[j + 1].word));
            if (same && o->cmd->help)
                return o->cmd->help;
        }
    }
shared:
    for (size_t k = 0; k < ARRAY_SIZE(keyword_help); k++)
        if (!strcmp(keyword_help[k].word, t->word))
            return keyword_help[k].help;
    return "";
}

struct help_item {
    char name[48];
    const char *help;
};

static int
help_item_cmp(const void *a, const void *b)
{
    return strcmp(((const struct help_item *) a)->name, ((const struct help_item *) b)->name);
}

struct name_collect {
    struct cmdline_list *list;
    const char *prefix;
};

static void
collect_name(void *arg, const char *name)
{
    struct name_collect *nc = arg;

    if (is_prefix(nc->prefix, name))
        cmdline_list_add(nc->list, name);
}

/* `do show v?`: help and completion of a command whose value is a line
 * of EXEC mode (CMDLINE_EXEC_LINE) are those of that line.  Returns the
 * offset of the nested line in 'line', or -1 if 'line' is not one. */
static int
nested_exec_offset(const struct cmdline_commands *cs, const char *line, enum cmdline_mode mode,
                   unsigned privilege)
{
    struct cmdline_words *w = malloc(sizeof *w);
    struct matcher m;
    size_t len = strlen(line);
    int offset = -1;

    if (!w || !cmdline_words_split(line, w) || !w->n
        || (w->n == 1 && (!len || !isspace((unsigned char) line[len - 1])))) {
        free(w);
        return -1;                  /* "do" still being typed */
    }
    if (matcher_init(&m, cs, w, line, mode, privilege)) {
        m.stop = w->n;
        if (matcher_run(&m, 1) && m.n_cands) {
            bool nested = true;
            for (size_t k = 0; k < m.n_cands; k++)
                nested = nested && (m.cands[k].syn->cmd->flags & CMDLINE_EXEC_LINE);
            if (nested)
                offset = w->n > 1 ? (int) w->col[1] : (int) len;
        }
        free(m.cands);
    }
    free(w);
    return offset;
}

/* `show run | inc?`: the part after the '|' of a filterable command, or
 * NULL if 'line' has none (a '|' inside a description is text). */
static const char *
filter_part(const struct cmdline_commands *cs, const char *line, enum cmdline_mode mode,
            unsigned privilege)
{
    struct cmdline_words *w = malloc(sizeof *w);
    struct cmdline_match *match = malloc(sizeof *match);
    const char *after = NULL;

    if (w && match && cmdline_words_split(line, w)) {
        for (unsigned i = 0; i < w->n; i++) {
            if (strcmp(w->word[i], "|"))
                continue;
            char *before = strndup(line, w->col[i]);
            if (before) {
                cmdline_parse(cs, before, mode, privilege, match);
                if (match->result == CMDLINE_OK && (match->cmd->flags & CMDLINE_FILTERABLE)
                    && !match->filter)
                    after = line + w->col[i] + 1;
                free(before);
            }
            break;
        }
    }
    free(match);
    free(w);
    return after;
}

/* Whether the text after '|' has a word after the filter's name. */
static bool
w_has_regex(const char *after)
{
    const char *p = after + strspn(after, " \t");

    p += strcspn(p, " \t");
    return p[strspn(p, " \t")] != '\0';
}

/* '?' and TAB after the '|': filter names, then the regular expression. */
static void
filter_help(const char *after, bool complete, struct cmdline_list *out)
{
    struct cmdline_words *w = malloc(sizeof *w);
    size_t len = strlen(after);
    bool trailing_space = !len || isspace((unsigned char) after[len - 1]);
    const char *name, *help;
    bool needs_re;
    int found = -1, n_found = 0;

    if (!w || !cmdline_words_split(after, w)) {
        free(w);
        return;
    }
    if (!w->n || (w->n == 1 && !trailing_space)) {
        /* The filter's name. */
        const char *partial = w->n ? w->word[0] : "";
        char text[256];
        size_t used = 0;

        for (size_t i = 0; (name = output_filter_name(i, &help, NULL)); i++) {
            if (!is_prefix(partial, name))
                continue;
            if (complete) {
                cmdline_list_add(out, name);
            } else if (*partial) {
                used += snprintf(text + used, sizeof text - used, "%s  ", name);
            } else {
                snprintf(text, sizeof text, "  %-7s  %s", name, help);
                cmdline_list_add(out, text);
            }
            n_found++;
        }
        if (!complete && *partial && n_found)
            cmdline_list_add(out, text);
        if (!complete && !n_found)
            cmdline_list_add(out, "% Unrecognized command");
        free(w);
        return;
    }
    free(w);
    if (complete)
        return;                     /* a regular expression: nothing to complete */
    for (size_t i = 0; (name = output_filter_name(i, NULL, NULL)); i++) {
        size_t n = strcspn(after + strspn(after, " \t"), " \t");
        if (n <= strlen(name) && !strncasecmp(after + strspn(after, " \t"), name, n)) {
            found = i;
            n_found++;
        }
    }
    if (n_found != 1) {
        cmdline_list_add(out, "% Unrecognized command");
        return;
    }
    output_filter_name(found, NULL, &needs_re);
    cmdline_list_add(out, "  LINE  Regular Expression");
    if (!needs_re || !trailing_space || w_has_regex(after))
        cmdline_list_add(out, "  <cr>");
}

/* Parses the complete words before the one being typed.  Returns the
 * matcher (caller frees m->cands) or false with an error line in 'out'. */
static bool
prepare(const struct cmdline_commands *cs, const char *line, enum cmdline_mode mode, unsigned privilege,
        struct cmdline_words *w, struct matcher *m, unsigned *n_done, const char **partial,
        struct cmdline_list *errors)
{
    size_t len = strlen(line);
    bool trailing_space = !len || isspace((unsigned char) line[len - 1]);

    if (!cmdline_words_split(line, w))
        return false;
    *n_done = trailing_space ? w->n : w->n - 1;
    *partial = trailing_space ? "" : w->word[w->n - 1];
    for (int attempt = 0; attempt < 2; attempt++) {
        enum cmdline_mode m_mode = attempt ? SHELL_MODE_CONFIG : mode;

        if (!matcher_init(m, cs, w, line, m_mode, privilege))
            return false;
        m->stop = w->n;             /* help looks at every word */
        if (matcher_run(m, *n_done))
            return true;
        free(m->cands);
        m->cands = NULL;
        if (mode == SHELL_MODE_EXEC || mode == SHELL_MODE_CONFIG || attempt)
            break;
    }
    if (errors) {
        if (m->result == CMDLINE_AMBIGUOUS) {
            char text[CMDLINE_LINE_MAX + 32];
            snprintf(text, sizeof text, "%% Ambiguous command:  \"%s\"", line);
            cmdline_list_add(errors, text);
        } else {
            cmdline_list_add(errors, "% Unrecognized command");
        }
    }
    return false;
}

void
cmdline_help(const struct cmdline_commands *cs, const char *line, enum cmdline_mode mode,
         unsigned privilege, cmdline_names_fn *names, void *names_arg, struct cmdline_list *out)
{
    struct cmdline_words *w;
    struct matcher m;
    unsigned n_done;
    const char *partial;
    struct help_item *items = NULL;
    size_t n_items = 0, size_items = 0;
    bool cr = false, pipe = false;
    const char *after;
    int nested;

    if ((nested = nested_exec_offset(cs, line, mode, privilege)) >= 0) {
        cmdline_help(cs, line + nested, SHELL_MODE_EXEC, privilege, names, names_arg, out);
        return;
    }
    if ((after = filter_part(cs, line, mode, privilege))) {
        filter_help(after, false, out);
        return;
    }
    if (!(w = malloc(sizeof *w)))
        return;
    if (!prepare(cs, line, mode, privilege, w, &m, &n_done, &partial, out)) {
        free(w);
        return;
    }
    if (*partial) {
        /* "sh?": the words that complete it, on one line. */
        struct cmdline_list words = { 0 };
        char text[CMDLINE_LINE_MAX];
        size_t used = 0;

        cmdline_complete(cs, line, mode, privilege, names, names_arg, &words);
        if (!words.n) {
            cmdline_list_add(out, "% Unrecognized command");
        } else {
            for (size_t i = 0; i < words.n && used < sizeof text - 64; i++)
                used += snprintf(text + used, sizeof text - used, "%s  ", words.items[i]);
            cmdline_list_add(out, text);
        }
        cmdline_list_free(&words);
        free(m.cands);
        free(w);
        return;
    }
    for (size_t k = 0; k < m.n_cands; k++) {
        const struct cand *c = &m.cands[k];
        unsigned opts[CMDLINE_MAX_TOKENS], n = cand_options(c, opts);

        if (c->syn->cmd->flags & CMDLINE_HIDDEN)
            continue;
        if (cand_complete(c) && c->syn->cmd->exec) {
            cr = true;
            if (c->syn->cmd->flags & CMDLINE_FILTERABLE)
                pipe = true;
        }
        for (unsigned j = 0; j < n; j++) {
            const struct cmdline_token *t = &c->syn->tokens[opts[j]];
            struct help_item item;
            bool dup = false;

            if (t->is_value) {
                value_display(t, item.name, sizeof item.name);
                item.help = (c->syn->cmd->arg_help && opts[j] < c->syn->n_required)
                            ? c->syn->cmd->arg_help : value_default_help(t);
            } else {
                snprintf(item.name, sizeof item.name, "%s", t->word);
                item.help = keyword_help_of(cs, c->syn, opts[j], mode, privilege);
            }
            for (size_t x = 0; x < n_items && !dup; x++)
                dup = !strcmp(items[x].name, item.name);
            if (dup)
                continue;
            if (n_items == size_items) {
                size_items = size_items ? 2 * size_items : 32;
                struct help_item *bigger = realloc(items, size_items * sizeof *items);
                if (!bigger)
                    break;
                items = bigger;
            }
            items[n_items++] = item;
        }
    }
    free(m.cands);
    free(w);
    if (n_items)
        qsort(items, n_items, sizeof *items, help_item_cmp);
    size_t width = 0;
    for (size_t i = 0; i < n_items; i++)
        if (strlen(items[i].name) > width)
            width = strlen(items[i].name);
    if (pipe && width < 4)
        width = 4;
    if (cr && width < 4)
        width = 4;
    for (size_t i = 0; i < n_items; i++) {
        char text[512];
        snprintf(text, sizeof text, "  %-*s  %s", (int) width, items[i].name, items[i].help);
        cmdline_list_add(out, text);
    }
    if (pipe) {
        char text[128];
        snprintf(text, sizeof text, "  %-*s  %s", (int) width, "|", "Output modifiers");
        cmdline_list_add(out, text);
    }
    if (cr) {
        char text[128];
        snprintf(text, sizeof text, "  %s", "<cr>");
        cmdline_list_add(out, text);
    }
    if (!n_items && !cr)
        cmdline_list_add(out, "% Unrecognized command");
    free(items);
}

static int
str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

void
cmdline_complete(const struct cmdline_commands *cs, const char *line, enum cmdline_mode mode,
             unsigned privilege, cmdline_names_fn *names, void *names_arg, struct cmdline_list *out)
{
    struct cmdline_words *w;
    struct matcher m;
    unsigned n_done;
    const char *partial, *after;
    struct cmdline_list found = { 0 };
    bool want_port = false, want_bridge = false;
    int nested;

    if ((nested = nested_exec_offset(cs, line, mode, privilege)) >= 0) {
        cmdline_complete(cs, line + nested, SHELL_MODE_EXEC, privilege, names, names_arg, out);
        return;
    }
    if ((after = filter_part(cs, line, mode, privilege))) {
        filter_help(after, true, out);
        return;
    }
    if (!(w = malloc(sizeof *w)))
        return;
    if (!prepare(cs, line, mode, privilege, w, &m, &n_done, &partial, NULL)) {
        free(w);
        return;
    }
    for (size_t k = 0; k < m.n_cands; k++) {
        const struct cand *c = &m.cands[k];
        unsigned opts[CMDLINE_MAX_TOKENS], n = cand_options(c, opts);

        if (c->syn->cmd->flags & CMDLINE_HIDDEN)
            continue;
        for (unsigned j = 0; j < n; j++) {
            const struct cmdline_token *t = &c->syn->tokens[opts[j]];
            if (!t->is_value) {
                if (is_prefix(partial, t->word))
                    cmdline_list_add(&found, t->word);
            } else if (t->type == CMDLINE_T_PORT || t->type == CMDLINE_T_PORTS) {
                want_port = true;
            } else if (t->type == CMDLINE_T_BRIDGE) {
                want_bridge = true;
            }
        }
    }
    if (names) {
        struct name_collect nc = { &found, partial };
        if (want_port)
            names(CMDLINE_T_PORT, collect_name, &nc, names_arg);
        if (want_bridge)
            names(CMDLINE_T_BRIDGE, collect_name, &nc, names_arg);
    }
    if (found.n)
        qsort(found.items, found.n, sizeof *found.items, str_cmp);
    for (size_t i = 0; i < found.n; i++)
        if (!i || strcmp(found.items[i], found.items[i - 1]))
            cmdline_list_add(out, found.items[i]);
    cmdline_list_free(&found);
    free(m.cands);
    free(w);
}

void
cmdline_error_lines(const struct cmdline_match *m, const char *line, unsigned prompt_len,
                struct cmdline_list *out)
{
    char text[CMDLINE_LINE_MAX + 64];

    switch (m->result) {
    case CMDLINE_INVALID:
        snprintf(text, sizeof text, "%*s^", (int) (prompt_len + m->col), "");
        cmdline_list_add(out, text);
        cmdline_list_add(out, "% Invalid input detected at '^' marker.");
        break;
    case CMDLINE_INCOMPLETE:
        cmdline_list_add(out, "% Incomplete command.");
        break;
    case CMDLINE_AMBIGUOUS:
        snprintf(text, sizeof text, "%% Ambiguous command:  \"%s\"", line);
        cmdline_list_add(out, text);
        break;
    case CMDLINE_OK:
    case CMDLINE_EMPTY:
        break;
    }
}
