/* Sessions: running lines, filters, help and completion (shell.h). */
#include "shell_private.h"

#include <crypt.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output_filter.h"
#include "cmdq.h"
#include "log.h"
#include "loop.h"
#include "state.h"
#include "util.h"

static const struct cmdline_table *const tables[] = {
    &cmd_exec_table, &cmd_config_table, &cmd_system_table, &cmd_bridge_table,
    &cmd_vlan_table, &cmd_interface_table, &cmd_mac_table, &cmd_flow_table, &cmd_bond_table,
    &cmd_bond_show_table,
    &cmd_interface_show_table,
    &cmd_if_lines_table,
    &cmd_line_table,
    &cmd_template_globals_table,
    &cmd_session_table,
    &cmd_logging_table,
    &cmd_ovs_table,
    &cmd_nve_table,
    &cmd_port_security_table,
    &cmd_errdisable_table,
    &cmd_storm_control_table,
    &cmd_lldp_table,
    &cmd_spanning_tree_table,
    &cmd_monitor_capture_table,
    &cmd_monitor_session_table,
};

struct shell *
shell_create(struct switch_state *sw, struct cmdq *q, const char *startup_path,
             char *err, size_t err_size)
{
    struct cmdline_table list[ARRAY_SIZE(tables)];
    struct shell *sh = calloc(1, sizeof *sh);

    if (!sh) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++)
        list[i] = *tables[i];
    sh->cmds = cmdline_commands_create(list, ARRAY_SIZE(tables), err, err_size);
    if (!sh->cmds) {
        free(sh);
        return NULL;
    }
    sh->sw = sw;
    sh->cmdq = q;
    sh->started_ms = loop_now_ms();
    snprintf(sh->startup_path, sizeof sh->startup_path, "%s", startup_path);
    pthread_mutex_init(&sh->lock, NULL);
    pthread_mutex_init(&sh->crypt_lock, NULL);
    shell_config_changed(sh, state_config(sw));
    return sh;
}

void
shell_destroy(struct shell *sh)
{
    if (!sh)
        return;
    cmdline_commands_destroy(sh->cmds);
    pthread_mutex_destroy(&sh->lock);
    pthread_mutex_destroy(&sh->crypt_lock);
    free(sh->users);
    free(sh);
}

void
shell_config_changed(struct shell *sh, const struct switch_config *cfg)
{
    struct config_user *users = NULL;
    bool users_ok = true;

    if (cfg->n_users && (users_ok = (users = malloc(cfg->n_users * sizeof *users)) != NULL))
        memcpy(users, cfg->users, cfg->n_users * sizeof *users);
    pthread_mutex_lock(&sh->lock);
    snprintf(sh->hostname, sizeof sh->hostname, "%s", cfg->hostname);
    /* Out of memory, the old logins stay: an empty list would let anyone
     * in without a password. */
    if (users_ok) {
        free(sh->users);
        sh->users = users;
        sh->n_users = cfg->n_users;
    }
    snprintf(sh->enable_secret, sizeof sh->enable_secret, "%s", cfg->enable_secret);
    sh->idle_timeout_s = cfg->telnet_idle_timeout_s;
    sh->console_idle_timeout_s = cfg->console_idle_timeout_s;
    snprintf(sh->banner_motd, sizeof sh->banner_motd, "%s", cfg->banner_motd);
    pthread_mutex_unlock(&sh->lock);
}

void
shell_banner_motd(struct shell *sh, char *buf, size_t size)
{
    pthread_mutex_lock(&sh->lock);
    snprintf(buf, size, "%s", sh->banner_motd);
    pthread_mutex_unlock(&sh->lock);
}

/* Whether 'password' hashes to 'hash' (crypt(3) format).  crypt_r, on the
 * session's own thread, one hash at a time (crypt_lock): a hash costs up to
 * 64 MiB and a good part of a core (switchd/crypt_hash.h), and a hundred
 * sessions answering Password: at once must not take every core from the
 * loop thread, nor that memory a hundred times (docs/security.md
 * section 3). */
static bool
secret_matches(struct shell *sh, const char *hash, const char *password)
{
    struct crypt_data *data = calloc(1, sizeof *data);
    const char *out;
    bool ok;

    if (!data || !hash[0])
        return free(data), false;
    pthread_mutex_lock(&sh->crypt_lock);
    out = crypt_r(password, hash, data);
    ok = out && out[0] != '*' && strlen(out) == strlen(hash)
         && !memcmp(out, hash, strlen(hash));
    pthread_mutex_unlock(&sh->crypt_lock);
    explicit_bzero(data, sizeof *data);
    free(data);
    return ok;
}

bool
shell_check_login(struct shell *sh, const char *user, const char *password)
{
    char hash[128] = "";
    bool known = false;

    pthread_mutex_lock(&sh->lock);
    for (size_t i = 0; i < sh->n_users; i++) {
        if (!strcmp(sh->users[i].name, user)) {
            snprintf(hash, sizeof hash, "%s", sh->users[i].secret);
            known = true;
        }
    }
    /* An unknown name costs the same hash as a known one (the first user's
     * method, salt and rounds), so the time of an answer does not tell
     * which names exist (docs/security.md section 3). */
    if (!known && sh->n_users)
        snprintf(hash, sizeof hash, "%s", sh->users[0].secret);
    pthread_mutex_unlock(&sh->lock);
    return secret_matches(sh, hash, password) && known;
}

bool
shell_logins_required(struct shell *sh)
{
    bool required;

    pthread_mutex_lock(&sh->lock);
    required = sh->n_users > 0;
    pthread_mutex_unlock(&sh->lock);
    return required;
}

bool
shell_check_enable(struct shell *sh, const char *password)
{
    char hash[128];

    pthread_mutex_lock(&sh->lock);
    snprintf(hash, sizeof hash, "%s", sh->enable_secret);
    pthread_mutex_unlock(&sh->lock);
    return secret_matches(sh, hash, password);
}

bool
shell_has_enable_secret(struct shell *sh)
{
    bool has;

    pthread_mutex_lock(&sh->lock);
    has = sh->enable_secret[0] != '\0';
    pthread_mutex_unlock(&sh->lock);
    return has;
}

uint32_t
shell_idle_timeout(struct shell *sh)
{
    uint32_t s;

    pthread_mutex_lock(&sh->lock);
    s = sh->idle_timeout_s;
    pthread_mutex_unlock(&sh->lock);
    return s;
}

uint32_t
shell_console_idle_timeout(struct shell *sh)
{
    uint32_t s;

    pthread_mutex_lock(&sh->lock);
    s = sh->console_idle_timeout_s;
    pthread_mutex_unlock(&sh->lock);
    return s;
}

void
shell_hostname(struct shell *sh, char *buf, size_t size)
{
    pthread_mutex_lock(&sh->lock);
    snprintf(buf, size, "%s", sh->hostname);
    pthread_mutex_unlock(&sh->lock);
}

/* Sessions. */

/* The registry: every live session, on a line of its own
 * (shell/session_info.h says how lines are numbered). */

/* Under sh->lock: 's' joins the registry on the lowest free line of its
 * kind. */
static bool
register_session(struct shell *sh, struct shell_session *s)
{
    enum session_line_kind kind = s->console ? SESSION_LINE_CON : SESSION_LINE_VTY;
    unsigned *taken = NULL;
    size_t n = 0, cap = 0;

    for (struct shell_session *o = sh->sessions; o; o = o->reg_next) {
        if (o->line.kind != kind)
            continue;
        if (n == cap) {
            unsigned *more = realloc(taken, (cap = cap ? 2 * cap : 16) * sizeof *taken);
            if (!more)
                return free(taken), false;
            taken = more;
        }
        taken[n++] = o->line.number;
    }
    s->line = (struct session_line) { kind, session_line_lowest_free(taken, n) };
    free(taken);
    s->reg_next = sh->sessions;
    if (s->reg_next)
        s->reg_next->reg_prev = s;
    sh->sessions = s;
    return true;
}

static void
touch_session(struct shell_session *s)
{
    int64_t now = loop_now_ms();

    pthread_mutex_lock(&s->shell->lock);
    s->active_ms = now;
    pthread_mutex_unlock(&s->shell->lock);
}

void
shell_session_log_config(struct shell_session *s, const char *from)
{
    char text[256];

    pthread_mutex_lock(&s->shell->lock);
    session_config_message(text, sizeof text, from, s->line, s->user, s->source);
    pthread_mutex_unlock(&s->shell->lock);
    log_info("%%SYS-5-CONFIG_I: %s", text);
}

/* IOS logs %SYS-5-CONFIG_I whenever a session leaves configuration mode
 * (end, ^Z, exit from global configuration, the session ending there),
 * whether or not a line changed something (docs/cli.md, "EXEC: sessions,
 * history and clock"). */
static void
left_config(struct shell_session *s, enum cmdline_mode before)
{
    if (before != SHELL_MODE_EXEC && s->mode == SHELL_MODE_EXEC)
        shell_session_log_config(s, "console");
}

struct shell_session *
shell_session_create(struct shell *sh, bool console, shell_emit_fn *emit,
                     shell_request_enable_fn *request_enable, void *arg)
{
    struct shell_session *s = calloc(1, sizeof *s);
    bool registered;

    if (!s)
        return NULL;
    s->shell = sh;
    s->mode = SHELL_MODE_EXEC;
    s->console = console;
    /* swsh is root-local, like vtysh: it starts privileged. */
    s->privilege = console ? SHELL_PRIV_ENABLE : SHELL_PRIV_USER;
    s->terminal_width = 80;
    s->emit = emit;
    s->request_enable = request_enable;
    s->emit_arg = arg;
    s->active_ms = loop_now_ms();
    session_history_init(&s->history, SESSION_HISTORY_SIZE);
    pthread_mutex_lock(&sh->lock);
    registered = register_session(sh, s);
    pthread_mutex_unlock(&sh->lock);
    if (!registered) {
        free(s);
        return NULL;
    }
    return s;
}

void
shell_session_destroy(struct shell_session *s)
{
    struct shell *sh;

    if (!s)
        return;
    sh = s->shell;
    if (s->mode != SHELL_MODE_EXEC) {
        s->mode = SHELL_MODE_EXEC;
        shell_session_log_config(s, "console");
    }
    pthread_mutex_lock(&sh->lock);
    if (s->reg_prev)
        s->reg_prev->reg_next = s->reg_next;
    else
        sh->sessions = s->reg_next;
    if (s->reg_next)
        s->reg_next->reg_prev = s->reg_prev;
    pthread_mutex_unlock(&sh->lock);
    session_history_free(&s->history);
    free(s);
}

void
shell_session_set_identity(struct shell_session *s, const char *user, const char *source)
{
    pthread_mutex_lock(&s->shell->lock);
    snprintf(s->user, sizeof s->user, "%s", user ? user : "");
    snprintf(s->source, sizeof s->source, "%s", source ? source : "");
    pthread_mutex_unlock(&s->shell->lock);
}

void *
shell_session_arg(const struct shell_session *s)
{
    return s->emit_arg;
}

unsigned
shell_session_privilege(const struct shell_session *s)
{
    return s->privilege;
}

enum cmdline_mode
shell_session_mode(const struct shell_session *s)
{
    return s->mode;
}

void
shell_session_set_privilege(struct shell_session *s, unsigned privilege)
{
    s->privilege = privilege;
}

void
shell_session_set_mode(struct shell_session *s, enum cmdline_mode mode)
{
    enum cmdline_mode before = s->mode;

    s->mode = mode;
    left_config(s, before);         /* telnet's ^Z, seen by libcli alone */
}

void
shell_session_set_prompt_offset(struct shell_session *s, unsigned columns)
{
    s->prompt_offset = columns;
}

void
shell_prompt(struct shell_session *s, char *buf, size_t size)
{
    char host[64];

    pthread_mutex_lock(&s->shell->lock);
    snprintf(host, sizeof host, "%s", s->shell->hostname);
    pthread_mutex_unlock(&s->shell->lock);
    snprintf(buf, size, "%s%s%c", host, cmdline_mode_prompt(s->mode),
             s->privilege >= SHELL_PRIV_ENABLE ? '#' : '>');
}

static void
emit_list(struct shell_session *s, enum shell_line kind, const struct cmdline_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        s->emit(s, kind, l->items[i]);
}

/* Emits the lines of 'text' ('len' bytes), through 'filter' if given.
 * Returns false if it stopped before the end: the filter stopped (its
 * error is emitted), or switchd is shutting down -- checked between lines,
 * so a session emitting or filtering a long output ends promptly at
 * SIGTERM (docs/security.md section 4). */
static bool
emit_text(struct shell_session *s, enum shell_line kind, char *text, size_t len,
          struct output_filter *filter)
{
    char *line = text, *end = text + len;

    while (line < end) {
        char *nl = memchr(line, '\n', end - line);
        if (cmdq_closed(s->shell->cmdq)) {
            s->emit(s, SHELL_LINE_ERROR, "% switchd is shutting down");
            return false;
        }
        if (nl)
            *nl = '\0';
        else
            text[len] = '\0';
        if (!filter || output_filter_line(filter, line)) {
            s->emit(s, kind, line);
        } else if (filter->stop) {
            char err[160];
            s->emit(s, SHELL_LINE_ERROR, output_filter_error(filter, err, sizeof err));
            return false;
        }
        if (!nl)
            break;
        line = nl + 1;
    }
    return true;
}

struct remote_call {
    struct cmd_ctx *ctx;
    enum cmd_status status;
};

static void
run_remote(void *arg)
{
    struct remote_call *call = arg;

    call->ctx->sw = call->ctx->shell->sw;
    if (call->ctx->loop_fn)
        call->status = call->ctx->loop_fn(call->ctx, call->ctx->loop_arg);
    else
        call->status = call->ctx->match->cmd->exec(call->ctx);
    call->ctx->sw = NULL;
}

enum cmd_status
cmd_on_loop(struct cmd_ctx *ctx, enum cmd_status (*fn)(struct cmd_ctx *, void *), void *arg)
{
    struct remote_call call = { ctx, CMD_FAILED };
    int error;

    ctx->loop_fn = fn;
    ctx->loop_arg = arg;
    error = cmdq_call(ctx->shell->cmdq, run_remote, &call);
    ctx->loop_fn = NULL;
    if (error == ESHUTDOWN)
        return cmd_error(ctx, "switchd is shutting down");
    return call.status;
}

/* Runs 'line', whose first character sits 'offset' columns after the
 * prompt (for carets: `do` runs its text at an offset). */
static enum shell_status
run_line_at(struct shell_session *s, const char *line, unsigned offset)
{
    struct cmdline_match *m = malloc(sizeof *m);
    struct cmdline_list errors = { 0 };
    struct output_filter filter;
    bool filtering = false;
    char *out_buf = NULL, *msg_buf = NULL;
    size_t out_len = 0, msg_len = 0;
    struct cmd_ctx ctx;
    enum cmd_status status;
    enum shell_status result;

    if (!m) {
        s->emit(s, SHELL_LINE_ERROR, "% Out of memory");
        return SHELL_FAILED;
    }
    cmdline_parse(s->shell->cmds, line, s->mode, s->privilege, m);
    if (m->result == CMDLINE_EMPTY) {
        free(m);
        return SHELL_OK;
    }
    if (m->result != CMDLINE_OK) {
        cmdline_error_lines(m, line, s->prompt_offset + offset, &errors);
        emit_list(s, SHELL_LINE_ERROR, &errors);
        cmdline_list_free(&errors);
        free(m);
        return SHELL_INVALID;
    }
    if (m->filter) {
        char err[256];
        int col;
        if (!output_filter_init(&filter, m->filter, NULL, err, sizeof err, &col)) {
            if (col >= 0) {
                char caret[CMDLINE_LINE_MAX + 8];
                snprintf(caret, sizeof caret, "%*s^",
                         (int) (s->prompt_offset + offset + m->filter_col + col), "");
                s->emit(s, SHELL_LINE_ERROR, caret);
            }
            s->emit(s, SHELL_LINE_ERROR, err);
            free(m);
            return SHELL_INVALID;
        }
        filtering = true;
    }
    /* IOS: a global command typed in a submode leaves the submode. */
    if (m->mode != s->mode)
        s->mode = m->mode;

    memset(&ctx, 0, sizeof ctx);
    ctx.sess = s;
    ctx.shell = s->shell;
    ctx.match = m;
    ctx.out = open_memstream(&out_buf, &out_len);
    ctx.msg = open_memstream(&msg_buf, &msg_len);
    if (!ctx.out || !ctx.msg) {
        if (ctx.out)
            fclose(ctx.out);
        if (ctx.msg)
            fclose(ctx.msg);
        free(out_buf);
        free(msg_buf);
        if (filtering)
            output_filter_uninit(&filter);
        free(m);
        s->emit(s, SHELL_LINE_ERROR, "% Out of memory");
        return SHELL_FAILED;
    }
    if (m->cmd->flags & CMDLINE_LOCAL) {
        status = m->cmd->exec(&ctx);
    } else {
        struct remote_call call = { &ctx, CMD_FAILED };
        if (cmdq_call(s->shell->cmdq, run_remote, &call) == ESHUTDOWN)
            status = cmd_error(&ctx, "switchd is shutting down");
        else
            status = call.status;
    }
    if (ctx.after && status == CMD_OK)
        status = ctx.after(&ctx);
    fclose(ctx.out);
    fclose(ctx.msg);

    if (!emit_text(s, SHELL_LINE_OUT, out_buf, out_len, filtering ? &filter : NULL)
        && status == CMD_OK)
        status = CMD_FAILED;
    if (filtering) {
        char buf[128];
        const char *last = output_filter_finish(&filter, buf, sizeof buf);
        if (last)
            s->emit(s, SHELL_LINE_OUT, last);
        output_filter_uninit(&filter);
    }
    emit_text(s, status == CMD_OK || status == CMD_QUIT ? SHELL_LINE_INFO : SHELL_LINE_ERROR,
              msg_buf, msg_len, NULL);
    if (status == CMD_INVALID) {
        char caret[CMDLINE_LINE_MAX + 8];
        snprintf(caret, sizeof caret, "%*s^", (int) (s->prompt_offset + offset + ctx.invalid_col),
                 "");
        s->emit(s, SHELL_LINE_ERROR, caret);
        s->emit(s, SHELL_LINE_ERROR, "% Invalid input detected at '^' marker.");
    } else if (status == CMD_AMBIGUOUS) {
        char text[CMDLINE_LINE_MAX + 32];
        snprintf(text, sizeof text, "%% Ambiguous command:  \"%s\"", line);
        s->emit(s, SHELL_LINE_ERROR, text);
    }
    free(out_buf);
    free(msg_buf);
    free(m);
    switch (status) {
    case CMD_OK:      result = SHELL_OK; break;
    case CMD_QUIT:    result = SHELL_QUIT; break;
    case CMD_INVALID:
    case CMD_INVALID_SHOWN:
    case CMD_AMBIGUOUS: result = SHELL_INVALID; break;
    case CMD_FAILED:
    default:          result = SHELL_FAILED; break;
    }
    return result;
}

enum shell_status
shell_run_line(struct shell_session *s, const char *line)
{
    enum cmdline_mode before = s->mode;
    enum shell_status status;

    touch_session(s);
    /* The text of an open `banner motd` is no command: not in the history. */
    if (s->banner.open)
        return shell_banner_line(s, line);
    /* Kept before it runs, as IOS does: `show history` lists itself. */
    if (line[strspn(line, " \t")])
        session_history_add(&s->history, line);
    status = run_line_at(s, line, 0);
    left_config(s, before);
    return status;
}

enum shell_status
shell_run_nested(struct shell_session *s, const char *line, unsigned offset)
{
    return run_line_at(s, line, offset);
}

/* Help and completion: port and bridge names come from the loop thread
 * once per request. */

struct names_snapshot {
    struct shell *shell;
    struct cmdline_list ports, bridges;
};

static void
snapshot_names(void *arg)
{
    struct names_snapshot *n = arg;
    struct switch_state *sw = n->shell->sw;

    for (size_t i = 0; i < state_n_ports(sw); i++)
        cmdline_list_add(&n->ports, state_port_name(state_port_at(sw, i)));
    for (size_t i = 0; i < state_n_bridges(sw); i++)
        cmdline_list_add(&n->bridges, state_bridge_name(state_bridge_at(sw, i)));
}

static void
names_from_snapshot(enum cmdline_value_type type, cmdline_name_add_fn *add, void *add_arg, void *arg)
{
    struct names_snapshot *n = arg;
    const struct cmdline_list *l = type == CMDLINE_T_BRIDGE ? &n->bridges : &n->ports;

    for (size_t i = 0; i < l->n; i++)
        add(add_arg, l->items[i]);
}

void
shell_help(struct shell_session *s, const char *line, struct cmdline_list *out)
{
    struct names_snapshot n = { .shell = s->shell };

    touch_session(s);
    cmdq_call(s->shell->cmdq, snapshot_names, &n);
    cmdline_help(s->shell->cmds, line, s->mode, s->privilege, names_from_snapshot, &n, out);
    cmdline_list_free(&n.ports);
    cmdline_list_free(&n.bridges);
}

void
shell_complete(struct shell_session *s, const char *line, struct cmdline_list *out)
{
    struct names_snapshot n = { .shell = s->shell };

    touch_session(s);
    cmdq_call(s->shell->cmdq, snapshot_names, &n);
    cmdline_complete(s->shell->cmds, line, s->mode, s->privilege, names_from_snapshot, &n, out);
    cmdline_list_free(&n.ports);
    cmdline_list_free(&n.bridges);
}

/* Command helpers. */

const char *
cmd_value(const struct cmd_ctx *ctx, const char *key)
{
    return cmdline_value(ctx->match, key);
}

long
cmd_number(const struct cmd_ctx *ctx, const char *key)
{
    const char *v = cmdline_value(ctx->match, key);

    return v ? strtol(v, NULL, 10) : 0;
}

void
cmd_out(struct cmd_ctx *ctx, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vfprintf(ctx->out, fmt, args);
    va_end(args);
    fputc('\n', ctx->out);
}

void
cmd_info(struct cmd_ctx *ctx, const char *fmt, ...)
{
    va_list args;

    fputs("% ", ctx->msg);
    va_start(args, fmt);
    vfprintf(ctx->msg, fmt, args);
    va_end(args);
    fputc('\n', ctx->msg);
}

enum cmd_status
cmd_error(struct cmd_ctx *ctx, const char *fmt, ...)
{
    va_list args;

    fputs("% ", ctx->msg);
    va_start(args, fmt);
    vfprintf(ctx->msg, fmt, args);
    va_end(args);
    fputc('\n', ctx->msg);
    return CMD_FAILED;
}

enum cmd_status
cmd_invalid(struct cmd_ctx *ctx, const char *key)
{
    ctx->invalid_col = cmdline_value_col(ctx->match, key);
    return CMD_INVALID;
}

enum cmd_status
cmd_ambiguous(struct cmd_ctx *ctx)
{
    (void) ctx;
    return CMD_AMBIGUOUS;
}

/* IOS's spellings of port-channel N -- "po1", "Port-channel1",
 * "port-ch1": "po" or a prefix of "port-channel" at least "port-" long (so
 * that "port1" stays a port name), then N -- written "PoN" in 'buf'. */
static bool
port_channel_alias(const char *typed, char *buf, size_t size)
{
    size_t word = strcspn(typed, "0123456789");

    if (!typed[word] || typed[word] == '0' || strspn(typed + word, "0123456789") > 4
        || typed[word + strspn(typed + word, "0123456789")])
        return false;
    if (!(word == 2 || (word >= 5 && word <= strlen("port-channel")))
        || strncasecmp(typed, "port-channel", word))
        return false;
    snprintf(buf, size, "Po%s", typed + word);
    return true;
}

const struct port *
shell_find_port(const struct switch_state *sw, const char *typed, bool *ambiguous)
{
    const struct port *found;
    size_t len = strlen(typed);
    char alias[16];

    *ambiguous = false;
    if ((found = state_find_port(sw, typed)))
        return found;
    if (port_channel_alias(typed, alias, sizeof alias) && (found = state_find_port(sw, alias)))
        return found;
    for (size_t i = 0; i < state_n_ports(sw); i++) {
        if (!strncasecmp(state_port_name(state_port_at(sw, i)), typed, len)) {
            if (found) {
                *ambiguous = true;
                return NULL;
            }
            found = state_port_at(sw, i);
        }
    }
    return found;
}

enum cmd_status
cmd_port(struct cmd_ctx *ctx, const char *key, const struct port **out)
{
    bool ambiguous;

    *out = shell_find_port(ctx->sw, cmd_value(ctx, key), &ambiguous);
    if (ambiguous)
        return cmd_ambiguous(ctx);
    return *out ? CMD_OK : cmd_invalid(ctx, key);
}

struct switch_config *
cmd_edit(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = state_config_edit(ctx->sw);

    if (!cfg)
        cmd_error(ctx, "Out of memory");
    return cfg;
}

enum cmd_status
cmd_apply(struct cmd_ctx *ctx, struct switch_config *cfg)
{
    char err[CONFIG_ERR_MAX];

    if (!config_validate(cfg, err, sizeof err)) {
        config_free(cfg);
        return cmd_error(ctx, "%s", err);
    }
    if (state_apply(ctx->sw, cfg, STATE_APPLY_KEEP_FLOWS, err, sizeof err))
        return cmd_error(ctx, "%s", err);
    return CMD_OK;
}

struct config_port *
cmd_config_port(struct switch_config *cfg, const char *name, struct config_bridge **bridge)
{
    return config_find_port(cfg, name, bridge);
}

struct config_bridge *
cmd_config_bridge(struct switch_config *cfg, const char *name)
{
    return config_find_bridge(cfg, name);
}

struct config_port *
cmd_config_port_add(struct config_bridge *b, const char *name)
{
    return config_bridge_add_port(b, name);
}

enum cmd_status
cmd_edit_selected(struct cmd_ctx *ctx, cmd_port_edit_fn *edit)
{
    struct shell_session *s = ctx->sess;
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    for (unsigned i = 0; i < s->n_ports; i++) {
        struct config_bridge *b;
        struct config_port *p = cmd_config_port(cfg, s->ports[i], &b);
        enum cmd_status status;

        if (!p) {
            config_free(cfg);
            return cmd_error(ctx, "Interface %s no longer exists", s->ports[i]);
        }
        if ((status = edit(ctx, b, p)) != CMD_OK) {
            config_free(cfg);
            return status;
        }
    }
    return cmd_apply(ctx, cfg);
}

void
cmd_config_port_remove(struct config_bridge *b, const char *name)
{
    config_bridge_remove_port(b, name);
}

struct config_vlan *
cmd_config_vlan(struct config_bridge *b, uint16_t vid, bool create)
{
    size_t i;
    struct config_vlan *vlans;

    for (i = 0; i < b->n_vlans; i++) {
        if (b->vlans[i].id == vid)
            return &b->vlans[i];
        if (b->vlans[i].id > vid)
            break;
    }
    if (!create)
        return NULL;
    vlans = realloc(b->vlans, (b->n_vlans + 1) * sizeof *vlans);
    if (!vlans)
        return NULL;
    b->vlans = vlans;
    memmove(&vlans[i + 1], &vlans[i], (b->n_vlans - i) * sizeof *vlans);
    memset(&vlans[i], 0, sizeof vlans[i]);
    vlans[i].id = vid;
    snprintf(vlans[i].name, sizeof vlans[i].name, vid == 1 ? "default" : "VLAN%04u",
             (unsigned) vid);
    b->n_vlans++;
    return &vlans[i];
}
