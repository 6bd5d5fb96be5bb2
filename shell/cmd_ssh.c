/* SSH (docs/cli.md, "SSH"; docs/design.md section 10.4): `ip ssh version
 * 2`, `ip ssh time-out`, `ip ssh authentication-retries`, `show ip ssh`,
 * `show ssh`, `crypto key generate rsa`, and IOS's pubkey chain:
 *
 *     ip ssh pubkey-chain                  (conf-ssh-pubkey)
 *      username NAME                       (conf-ssh-pubkey-user)
 *       key-string                         (conf-ssh-pubkey-data)
 *        AAAAC3NzaC1lZDI1NTE5AAAAI...      key data over any number of lines,
 *        exit                              or a whole OpenSSH key line
 *       key-hash TYPE MD5 [COMMENT]        a key by its hash, as running-config
 *                                          shows keys (so it pastes back)
 *
 * The keys are the user's "ssh_keys" (a user with keys and no secret is
 * made when NAME is no local user).  The SSH server is a front end the
 * shell cannot call: it registers what these commands ask of it
 * (ssh_info.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "ssh_info.h"
#include "ssh_key_line.h"
#include "state.h"

#define IN_PUBKEY      SHELL_M(SHELL_MODE_SSH_PUBKEY)
#define IN_PUBKEY_USER SHELL_M(SHELL_MODE_SSH_PUBKEY_USER)

/* The SSH server's functions (ssh_info.h): one server per process. */
static pthread_mutex_t ssh_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct shell_ssh_ops *ssh_ops;
static void *ssh_arg;

void
shell_ssh_register(const struct shell_ssh_ops *ops, void *arg)
{
    pthread_mutex_lock(&ssh_lock);
    ssh_ops = ops;
    ssh_arg = arg;
    pthread_mutex_unlock(&ssh_lock);
}

/* The registered server (NULL when none) and its argument.  A server is
 * unregistered only at shutdown, after every session thread is joined. */
static const struct shell_ssh_ops *
server(void **arg)
{
    const struct shell_ssh_ops *ops;

    pthread_mutex_lock(&ssh_lock);
    ops = ssh_ops;
    *arg = ssh_arg;
    pthread_mutex_unlock(&ssh_lock);
    return ops;
}

/* ------------------------------------------------------------- settings */

enum { SSH_SET, SSH_NO };

/* Version 2 is the only one spoken; the line is kept so running-config
 * shows it as IOS does (and automation that sends it sees no change). */
static enum cmd_status
ip_ssh_version(struct cmd_ctx *ctx)
{
    struct switch_config *cfg;

    if (ctx->match->cmd->variant == SSH_SET && cmd_number(ctx, "version") != 2)
        return cmd_error(ctx, "SSH version 1 is not supported: the server speaks version 2"
                         " only");
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    cfg->ssh.version_2 = ctx->match->cmd->variant == SSH_SET;
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
ip_ssh_timeout(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->ssh.timeout_s = ctx->match->cmd->variant == SSH_SET ? cmd_number(ctx, "seconds")
                                                             : CONFIG_SSH_TIMEOUT_DEFAULT_S;
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
ip_ssh_retries(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->ssh.auth_retries = ctx->match->cmd->variant == SSH_SET ? cmd_number(ctx, "retries")
                                                                : CONFIG_SSH_RETRIES_DEFAULT;
    return cmd_apply(ctx, cfg);
}

/* ---------------------------------------------------------------- shows */

/* One comma-separated list as IOS prints it ("Encryption Algorithms:..."). */
static enum cmd_status
show_ip_ssh(struct cmd_ctx *ctx)
{
    const struct switch_config *cfg = state_config(ctx->sw);
    struct shell_ssh_host_key keys[4];
    const struct shell_ssh_ops *ops;
    char listen[64] = "";
    size_t n = 0;
    void *arg;

    if ((ops = server(&arg))) {
        ops->listening(arg, listen, sizeof listen);
        n = ops->host_keys(arg, keys, 4);
    }
    cmd_out(ctx, "SSH %s - version 2.0", listen[0] && CONFIG_TRANSPORT_SSH_OK(cfg->transport_input)
                                         ? "Enabled" : "Disabled");
    if (!ops)
        cmd_out(ctx, "%%SSH server not running: no host keys (see the log)");
    else if (!listen[0])
        cmd_out(ctx, "%%SSH server not listening: cli.ssh.listen is \"\"");
    else if (!CONFIG_TRANSPORT_SSH_OK(cfg->transport_input))
        cmd_out(ctx, "%%SSH logins refused: transport input %s on the vty lines",
                config_transport_name(cfg->transport_input));
    cmd_out(ctx, "Authentication methods:publickey,password");
    cmd_out(ctx, "Authentication Publickey Algorithms:%s", SSH_PUBKEY_ALGORITHMS);
    cmd_out(ctx, "Hostkey Algorithms:%s", SSH_HOSTKEYS);
    cmd_out(ctx, "Encryption Algorithms:%s", SSH_CIPHERS);
    cmd_out(ctx, "MAC Algorithms:%s", SSH_HMACS);
    cmd_out(ctx, "KEX Algorithms:%s", SSH_KEX);
    cmd_out(ctx, "Authentication timeout: %u secs; Authentication retries: %u",
            (unsigned) (cfg->ssh.timeout_s ? cfg->ssh.timeout_s : CONFIG_SSH_TIMEOUT_DEFAULT_S),
            (unsigned) cfg->ssh.auth_retries);
    if (listen[0])
        cmd_out(ctx, "Listening on %s", listen);
    for (size_t i = 0; i < n; i++)
        cmd_out(ctx, "Host key %s %u bits, fingerprint %s", keys[i].type, keys[i].bits,
                keys[i].fingerprint);
    return CMD_OK;
}

/* IOS's `show ssh`: a line per direction of each connection. */
static enum cmd_status
show_ssh(struct cmd_ctx *ctx)
{
    struct shell_ssh_conn *conns = NULL;
    const struct shell_ssh_ops *ops;
    size_t n = 0;
    void *arg;

    if ((ops = server(&arg)) && (conns = calloc(256, sizeof *conns)))
        n = ops->connections(arg, conns, 256);
    if (n)
        cmd_out(ctx, "%-10s %-7s %-4s %-30s %-29s %-21s %s", "Connection", "Version", "Mode",
                "Encryption", "Hmac", "State", "Username");
    for (size_t i = 0; i < n; i++) {
        const struct shell_ssh_conn *c = &conns[i];

        cmd_out(ctx, "%-10u %-7s %-4s %-30s %-29s %-21s %s", c->id, "2.0", "IN", c->cipher_in,
                c->hmac_in, c->state, c->user);
        cmd_out(ctx, "%-10u %-7s %-4s %-30s %-29s %-21s %s", c->id, "2.0", "OUT", c->cipher_out,
                c->hmac_out, c->state, c->user);
    }
    if (!n)
        cmd_out(ctx, "%%No SSHv2 server connections running.");
    cmd_out(ctx, "%%No SSHv1 server connections running.");
    free(conns);
    return CMD_OK;
}

/* ------------------------------------------------------------ host keys */

static enum cmd_status
modulus_keep(struct cmd_ctx *ctx, void *bits)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->ssh.rsa_modulus = *(unsigned *) bits;
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
modulus_current(struct cmd_ctx *ctx, void *bits)
{
    unsigned m = state_config(ctx->sw)->ssh.rsa_modulus;

    *(unsigned *) bits = m ? m : CONFIG_SSH_RSA_MODULUS_DEFAULT;
    return CMD_OK;
}

/* `crypto key generate rsa [general-keys] [modulus N]`: a new RSA host key
 * (seconds of work, on the session thread), kept in the state directory;
 * new connections get it.  N is kept too (cli.ssh.rsa_modulus). */
static enum cmd_status
crypto_key_generate(struct cmd_ctx *ctx)
{
    const struct shell_ssh_ops *ops;
    char host[64], err[256];
    unsigned bits = 0;
    time_t start;
    void *arg;

    if (cmd_value(ctx, "bits")) {
        bits = cmd_number(ctx, "bits");
        if (bits < CONFIG_SSH_RSA_MODULUS_MIN)
            return cmd_error(ctx, "RSA keys of %u bits are too weak: the modulus must be %d"
                             " to %d bits", bits, CONFIG_SSH_RSA_MODULUS_MIN,
                             CONFIG_SSH_RSA_MODULUS_MAX);
    } else if (cmd_on_loop(ctx, modulus_current, &bits) != CMD_OK) {
        return CMD_FAILED;
    }
    if (!(ops = server(&arg)))
        return cmd_error(ctx, "The SSH server is not running (see the log): no key to replace");
    shell_hostname(ctx->shell, host, sizeof host);
    cmd_out(ctx, "The name for the keys will be: %s", host);
    cmd_out(ctx, "%% The key modulus size is %u bits", bits);
    cmd_out(ctx, "%% Generating %u bit RSA keys, keys will be non-exportable...", bits);
    start = time(NULL);
    if (ops->generate_rsa(arg, bits, err, sizeof err))
        return cmd_error(ctx, "%s", err);
    cmd_out(ctx, "[OK] (elapsed time was %ld seconds)", (long) (time(NULL) - start));
    return cmd_on_loop(ctx, modulus_keep, &bits);
}

/* --------------------------------------------------------- pubkey chain */

static enum cmd_status
pubkey_chain(struct cmd_ctx *ctx)
{
    ctx->sess->mode = SHELL_MODE_SSH_PUBKEY;
    return CMD_OK;
}

static enum cmd_status
pubkey_user(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name");

    if (strlen(name) >= sizeof ctx->sess->pubkey.user)
        return cmd_error(ctx, "User name too long (at most %zu characters)",
                         sizeof ctx->sess->pubkey.user - 1);
    snprintf(ctx->sess->pubkey.user, sizeof ctx->sess->pubkey.user, "%s", name);
    ctx->sess->mode = SHELL_MODE_SSH_PUBKEY_USER;
    return CMD_OK;
}

static struct config_user *
find_user(struct switch_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->n_users; i++)
        if (!strcmp(cfg->users[i].name, name))
            return &cfg->users[i];
    return NULL;
}

static void
remove_user(struct switch_config *cfg, struct config_user *u)
{
    size_t i = u - cfg->users;

    memmove(u, u + 1, (cfg->n_users - i - 1) * sizeof *u);
    cfg->n_users--;
}

/* `no username NAME` here, and `no key-string`: the user's keys go; a
 * user left with no secret goes too. */
static enum cmd_status
pubkey_forget(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name") ? cmd_value(ctx, "name") : ctx->sess->pubkey.user;
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_user *u;

    if (!cfg)
        return CMD_FAILED;
    if (!(u = find_user(cfg, name)) || !u->n_ssh_keys) {
        config_free(cfg);
        return cmd_error(ctx, "User %s has no SSH keys", name);
    }
    u->n_ssh_keys = 0;
    if (!u->secret[0])
        remove_user(cfg, u);
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
key_string(struct cmd_ctx *ctx)
{
    ctx->sess->pubkey.len = 0;
    ctx->sess->pubkey.data[0] = '\0';
    ctx->sess->pubkey.too_long = false;
    ctx->sess->mode = SHELL_MODE_SSH_PUBKEY_DATA;
    return CMD_OK;
}

/* Whether key lines 'a' and 'b' (as ssh_key_line_parse() read them) are
 * the same key: same type and blob MD5, however given. */
static bool
same_key(const struct ssh_key_line *a, const struct ssh_key_line *b)
{
    return !strcmp(a->type, b->type) && !strcmp(a->md5, b->md5);
}

/* The index among 'u''s keys of the key 'k' is, or -1; '*hash_only' says
 * whether the user has it as a key-hash entry only. */
static int
find_key(const struct config_user *u, const struct ssh_key_line *k, bool *hash_only)
{
    struct ssh_key_line *have = malloc(sizeof *have);
    char why[160];
    int at = -1;

    for (unsigned i = 0; have && i < u->n_ssh_keys && at < 0; i++) {
        if (ssh_key_line_parse(u->ssh_keys[i], have, why, sizeof why) && same_key(have, k)) {
            at = (int) i;
            *hash_only = have->hash_only;
        }
    }
    free(have);
    return at;
}

/* Loop thread: adds the key line 'arg' to the session's user.  A key the
 * user has already (by type and MD5) is no change, so running-config's
 * key-hash lines paste back onto the switch they came from; a whole key
 * given for a key-hash entry takes its place. */
static enum cmd_status
key_add(struct cmd_ctx *ctx, void *arg)
{
    const char *line = arg, *name = ctx->sess->pubkey.user;
    struct switch_config *cfg = cmd_edit(ctx);
    struct ssh_key_line *k = malloc(sizeof *k);
    struct config_user *u;
    bool had_hash_only = false;
    char why[160];
    int at;

    if (!cfg || !k) {
        free(k);
        config_free(cfg);
        return cfg ? cmd_error(ctx, "Out of memory") : CMD_FAILED;
    }
    if (!ssh_key_line_parse(line, k, why, sizeof why)) {
        free(k);
        config_free(cfg);
        return cmd_error(ctx, "Invalid key: %s", why);
    }
    if (!(u = find_user(cfg, name))) {
        struct config_user *users = realloc(cfg->users, (cfg->n_users + 1) * sizeof *users);

        if (!users) {
            free(k);
            config_free(cfg);
            return cmd_error(ctx, "Out of memory");
        }
        cfg->users = users;
        u = &users[cfg->n_users++];
        memset(u, 0, sizeof *u);
        snprintf(u->name, sizeof u->name, "%s", name);
    }
    if ((at = find_key(u, k, &had_hash_only)) >= 0) {
        bool upgrade = !k->hash_only && had_hash_only;

        free(k);
        if (!upgrade) {
            config_free(cfg);
            return CMD_OK;          /* already there */
        }
        snprintf(u->ssh_keys[at], sizeof u->ssh_keys[0], "%s", line);
        return cmd_apply(ctx, cfg);
    }
    free(k);
    if (u->n_ssh_keys >= CONFIG_SSH_KEYS_MAX) {
        config_free(cfg);
        return cmd_error(ctx, "User %s has %d SSH keys already (the most there can be)", name,
                         CONFIG_SSH_KEYS_MAX);
    }
    snprintf(u->ssh_keys[u->n_ssh_keys++], sizeof u->ssh_keys[0], "%s", line);
    return cmd_apply(ctx, cfg);
}

/* `key-hash TYPE MD5 [COMMENT]`: a key known by its MD5, as running-config
 * shows keys; kept as that line with the hash in upper case. */
static enum cmd_status
key_hash(struct cmd_ctx *ctx)
{
    const char *comment = cmd_value(ctx, "comment");
    char line[CONFIG_SSH_KEY_MAX + 1], why[160];
    struct ssh_key_line *k = malloc(sizeof *k);
    size_t n;

    if (!k)
        return cmd_error(ctx, "Out of memory");
    n = (size_t) snprintf(line, sizeof line, "key-hash %s %s%s%s", cmd_value(ctx, "type"),
                          cmd_value(ctx, "hash"), comment ? " " : "", comment ? comment : "");
    if (n >= sizeof line) {
        free(k);
        return cmd_error(ctx, "Invalid key: key-hash line too long (at most %d characters)",
                         CONFIG_SSH_KEY_MAX);
    }
    if (!ssh_key_line_parse(line, k, why, sizeof why)) {
        free(k);
        return cmd_error(ctx, "Invalid key: %s", why);
    }
    snprintf(line, sizeof line, "key-hash %s %s%s%s", k->type, k->md5, comment ? " " : "",
             comment ? comment : "");
    free(k);
    for (const char *c = line; *c; c++)
        if ((unsigned char) *c < 0x20 || (unsigned char) *c >= 0x7f)
            return cmd_error(ctx, "Invalid key: the comment must be printable ASCII");
    return key_add(ctx, line);
}

/* `no key-hash TYPE MD5`: the user's key of that type and hash goes,
 * whether it was given whole or by its hash. */
static enum cmd_status
key_hash_remove(struct cmd_ctx *ctx)
{
    const char *name = ctx->sess->pubkey.user;
    struct ssh_key_line *k = malloc(sizeof *k);
    char line[128], why[160];
    struct switch_config *cfg;
    struct config_user *u;
    bool hash_only;
    int at;

    if (!k)
        return cmd_error(ctx, "Out of memory");
    snprintf(line, sizeof line, "key-hash %.40s %.40s", cmd_value(ctx, "type"),
             cmd_value(ctx, "hash"));
    if (!ssh_key_line_parse(line, k, why, sizeof why)) {
        free(k);
        return cmd_error(ctx, "Invalid key: %s", why);
    }
    if (!(cfg = cmd_edit(ctx))) {
        free(k);
        return CMD_FAILED;
    }
    at = (u = find_user(cfg, name)) ? find_key(u, k, &hash_only) : -1;
    if (at < 0) {
        enum cmd_status status = cmd_error(ctx, "User %s has no %s key with hash %s", name,
                                           k->type, k->md5);

        config_free(cfg);
        free(k);
        return status;
    }
    free(k);
    memmove(u->ssh_keys[at], u->ssh_keys[at + 1], (u->n_ssh_keys - at - 1) * sizeof u->ssh_keys[0]);
    u->n_ssh_keys--;
    if (!u->n_ssh_keys && !u->secret[0])
        remove_user(cfg, u);
    return cmd_apply(ctx, cfg);
}

/* The key typed: a whole OpenSSH line ("ssh-ed25519 AAAA... comment"),
 * or IOS's base64 data alone.  Fills 'line' or says why not. */
static bool
key_from_data(const char *data, char *line, size_t size, char *why, size_t why_size)
{
    struct ssh_key_line *k;
    bool ok;

    if (!strchr(data, ' '))
        return ssh_key_line_from_base64(data, line, size, why, why_size);
    if (!(k = malloc(sizeof *k))) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    ok = ssh_key_line_parse(data, k, why, why_size);
    free(k);
    if (ok)
        snprintf(line, size, "%s", data);
    return ok;
}

enum shell_status
shell_pubkey_data_line(struct shell_session *s, const char *line)
{
    struct cmd_ctx ctx = { .sess = s, .shell = s->shell };
    char key[CONFIG_SSH_KEY_MAX + 1], why[256], *msg = NULL;
    const char *p = line + strspn(line, " \t");
    size_t len = strlen(p), msg_len = 0;
    enum cmd_status status;

    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
        len--;
    if (!(len == 4 && !memcmp(p, "exit", 4)) && !(len == 4 && !memcmp(p, "quit", 4))) {
        /* Data: joined as typed, one space between a line's words. */
        if (s->pubkey.len + len >= sizeof s->pubkey.data)
            s->pubkey.too_long = true;
        else {
            memcpy(s->pubkey.data + s->pubkey.len, p, len);
            s->pubkey.len += len;
            s->pubkey.data[s->pubkey.len] = '\0';
        }
        return SHELL_OK;
    }
    s->mode = SHELL_MODE_SSH_PUBKEY_USER;
    /* Before the empty check: a first line too long left nothing kept. */
    if (s->pubkey.too_long) {
        snprintf(why, sizeof why, "key too long (at most %d characters)", CONFIG_SSH_KEY_MAX);
        goto bad;
    }
    if (!s->pubkey.len)
        return SHELL_OK;
    if (!key_from_data(s->pubkey.data, key, sizeof key, why, sizeof why))
        goto bad;
    if (!(ctx.msg = open_memstream(&msg, &msg_len))) {
        s->emit(s, SHELL_LINE_ERROR, "% Out of memory");
        return SHELL_FAILED;
    }
    ctx.out = ctx.msg;
    status = cmd_on_loop(&ctx, key_add, key);
    fclose(ctx.msg);
    for (char *save = NULL, *l = strtok_r(msg, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        s->emit(s, status == CMD_OK ? SHELL_LINE_INFO : SHELL_LINE_ERROR, l);
    free(msg);
    return status == CMD_OK ? SHELL_OK : SHELL_FAILED;

bad:
    snprintf(key, sizeof key, "%% Invalid key: %s", why);
    s->emit(s, SHELL_LINE_ERROR, key);
    return SHELL_FAILED;
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "ip ssh", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Configure ssh options" },
    { .syntax = "ip ssh version NUM(1-2):version", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Specify protocol version to be supported",
      .arg_help = "Protocol version", .exec = ip_ssh_version },
    { .syntax = "ip ssh time-out NUM(1-120):seconds", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Specify SSH time-out interval",
      .arg_help = "SSH time-out interval (secs)", .exec = ip_ssh_timeout },
    { .syntax = "ip ssh authentication-retries NUM(0-5):retries", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Specify number of authentication retries",
      .arg_help = "Number of authentication retries", .exec = ip_ssh_retries },
    { .syntax = "ip ssh pubkey-chain", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "pubkey-chain", .exec = pubkey_chain, .flags = CMDLINE_LOCAL },
    { .syntax = "no ip ssh", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Configure ssh options" },
    { .syntax = "no ip ssh version", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Specify protocol version to be supported", .exec = ip_ssh_version,
      .variant = SSH_NO },
    { .syntax = "no ip ssh time-out", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Specify SSH time-out interval", .exec = ip_ssh_timeout, .variant = SSH_NO },
    { .syntax = "no ip ssh authentication-retries", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Specify number of authentication retries",
      .exec = ip_ssh_retries, .variant = SSH_NO },
    /* Also from a user's keys, as IOS falls back to the parent mode: the
     * next user of a pasted chain (running-config lists them one after
     * the other). */
    { .syntax = "username WORD:name", .modes = IN_PUBKEY | IN_PUBKEY_USER,
      .privilege = PRIV_ENABLE, .help = "Config public key chain for user",
      .arg_help = "SSH user name", .exec = pubkey_user, .flags = CMDLINE_LOCAL },
    { .syntax = "no username WORD:name", .modes = IN_PUBKEY | IN_PUBKEY_USER,
      .privilege = PRIV_ENABLE, .help = "Config public key chain for user",
      .arg_help = "SSH user name", .exec = pubkey_forget },
    { .syntax = "key-string", .modes = IN_PUBKEY_USER, .privilege = PRIV_ENABLE,
      .help = "Enter a public key of the user (end with exit)", .exec = key_string,
      .flags = CMDLINE_LOCAL },
    { .syntax = "no key-string", .modes = IN_PUBKEY_USER, .privilege = PRIV_ENABLE,
      .help = "Remove the public keys of the user", .exec = pubkey_forget },
    { .syntax = "key-hash WORD:type WORD:hash", .modes = IN_PUBKEY_USER,
      .privilege = PRIV_ENABLE, .help = "Add a public key of the user by its MD5 hash",
      .arg_help = "Key type (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521)",
      .exec = key_hash },
    { .syntax = "key-hash WORD:type WORD:hash LINE:comment", .modes = IN_PUBKEY_USER,
      .privilege = PRIV_ENABLE, .help = "Add a public key of the user by its MD5 hash",
      .arg_help = "Key type (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521)",
      .exec = key_hash },
    { .syntax = "no key-hash WORD:type WORD:hash", .modes = IN_PUBKEY_USER,
      .privilege = PRIV_ENABLE, .help = "Remove a public key of the user by its MD5 hash",
      .arg_help = "Key type (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521)",
      .exec = key_hash_remove },
    /* The running-config line with "no" in front: the comment is not compared. */
    { .syntax = "no key-hash WORD:type WORD:hash LINE:comment", .modes = IN_PUBKEY_USER,
      .privilege = PRIV_ENABLE, .help = "Remove a public key of the user by its MD5 hash",
      .arg_help = "Key type (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521)",
      .exec = key_hash_remove },
    { .syntax = "show ip ssh", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Information on SSH", .exec = show_ip_ssh },
    { .syntax = "show ssh", .modes = IN_EXEC, .privilege = PRIV_USER,
      .help = "Status of SSH server connections", .exec = show_ssh },
    { .syntax = "crypto", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Encryption module" },
    { .syntax = "crypto key", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Long term key operations" },
    { .syntax = "crypto key generate", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Generate new keys" },
    { .syntax = "crypto key generate rsa", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Generate RSA keys (the SSH host key)", .exec = crypto_key_generate,
      .flags = CMDLINE_LOCAL },
    { .syntax = "crypto key generate rsa modulus NUM(360-4096):bits", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Provide number of modulus bits on the command line",
      .arg_help = "size of the key modulus [2048-4096]", .exec = crypto_key_generate,
      .flags = CMDLINE_LOCAL },
    { .syntax = "crypto key generate rsa general-keys", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Generate a general purpose RSA key pair for signing"
      " and encryption", .exec = crypto_key_generate, .flags = CMDLINE_LOCAL },
    { .syntax = "crypto key generate rsa general-keys modulus NUM(360-4096):bits",
      .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Provide number of modulus bits on the command line",
      .arg_help = "size of the key modulus [2048-4096]", .exec = crypto_key_generate,
      .flags = CMDLINE_LOCAL },
};

const struct cmdline_table cmd_ssh_table = CMD_TABLE(cmds);
