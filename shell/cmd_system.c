/* System settings: hostname, usernames with secrets, the enable secret,
 * login block-for. */
#include <crypt.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cmd_table.h"
#include "crypt_hash.h"
#include "shell.h"
#include "state.h"

static bool
hostname_valid(const char *s)
{
    if (!isalnum((unsigned char) *s) || strlen(s) > 63)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char) *s) && *s != '-' && *s != '_' && *s != '.')
            return false;
    return true;
}

static enum cmd_status
set_hostname(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "WORD");
    struct switch_config *cfg;

    if (!hostname_valid(name))
        return cmd_error(ctx, "Hostname contains one or more illegal characters.");
    if (!(cfg = cmd_edit(ctx)))
        return CMD_FAILED;
    snprintf(cfg->hostname, sizeof cfg->hostname, "%s", name);
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
no_hostname(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    snprintf(cfg->hostname, sizeof cfg->hostname, "switch");
    return cmd_apply(ctx, cfg);
}

/* SHA-512 crypt ("$6$"), salted from the kernel's random pool. */
static bool
hash_secret(const char *password, char *out, size_t size)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    struct crypt_data *data = calloc(1, sizeof *data);
    const char *hash;
    bool ok = false;

    if (data && crypt_gensalt_rn("$6$", 0, NULL, 0, salt, sizeof salt)
        && (hash = crypt_r(password, salt, data)) && hash[0] == '$' && strlen(hash) < size) {
        snprintf(out, size, "%s", hash);
        ok = true;
    }
    free(data);
    return ok;
}

/* The stored form of `secret [0|5] TEXT`: type 0 (or none) is a password to
 * hash; 5 (IOS's "encrypted") is a crypt(3) hash given as is -- that is how
 * running-config prints it, so its lines can be pasted back. */
enum { SECRET_CLEARTEXT, SECRET_HASHED };   /* `secret [0]` and `secret 5` */

static enum cmd_status
secret_value(struct cmd_ctx *ctx, char *out, size_t size)
{
    const char *text = cmd_value(ctx, "secret");

    if (ctx->match->cmd->variant == SECRET_HASHED) {
        char why[256];

        if (strlen(text) >= size)
            return cmd_error(ctx, "Invalid encrypted secret (at most %zu characters)", size - 1);
        if (!crypt_hash_check(text, why, sizeof why))
            return cmd_error(ctx, "Invalid encrypted secret: %s", why);
        snprintf(out, size, "%s", text);
        return CMD_OK;
    }
    if (!hash_secret(text, out, size))
        return cmd_error(ctx, "Cannot hash the secret");
    return CMD_OK;
}

/* Users with a secret come first, then those with SSH keys only, each in
 * the order they came: running-config's `username` lines make the first,
 * its pubkey chain the others, so a pasted configuration lists them in
 * the same order.  'user' gets a secret: it goes after the others that
 * have one. */
static struct config_user *
user_to_secret_group(struct switch_config *cfg, struct config_user *user)
{
    size_t i = (size_t) (user - cfg->users), to;
    struct config_user u = *user;

    memmove(&cfg->users[i], &cfg->users[i + 1], (cfg->n_users - i - 1) * sizeof u);
    for (to = 0; to < cfg->n_users - 1 && cfg->users[to].secret[0]; to++)
        continue;
    memmove(&cfg->users[to + 1], &cfg->users[to], (cfg->n_users - 1 - to) * sizeof u);
    cfg->users[to] = u;
    return &cfg->users[to];
}

static enum cmd_status
username_apply(struct cmd_ctx *ctx, void *secret)
{
    const char *name = cmd_value(ctx, "name");
    struct switch_config *cfg = cmd_edit(ctx);
    struct config_user *user = NULL;

    if (!cfg)
        return CMD_FAILED;
    for (size_t i = 0; i < cfg->n_users; i++)
        if (!strcmp(cfg->users[i].name, name))
            user = &cfg->users[i];
    if (!user) {
        struct config_user *users = realloc(cfg->users, (cfg->n_users + 1) * sizeof *users);
        if (!users) {
            config_free(cfg);
            return cmd_error(ctx, "Out of memory");
        }
        cfg->users = users;
        user = &users[cfg->n_users++];
        memset(user, 0, sizeof *user);
        snprintf(user->name, sizeof user->name, "%s", name);
    }
    if (!user->secret[0])
        user = user_to_secret_group(cfg, user);
    snprintf(user->secret, sizeof user->secret, "%s", (const char *) secret);
    return cmd_apply(ctx, cfg);
}

/* Hashing is slow on purpose, so it happens here on the session thread
 * (CMDLINE_LOCAL); only the edit runs on the loop. */
static enum cmd_status
set_username(struct cmd_ctx *ctx)
{
    char secret[128];
    enum cmd_status status;

    if (strlen(cmd_value(ctx, "name")) >= sizeof ((struct config_user *) 0)->name)
        return cmd_error(ctx, "User name too long (at most %zu characters)",
                         sizeof ((struct config_user *) 0)->name - 1);
    if ((status = secret_value(ctx, secret, sizeof secret)) != CMD_OK)
        return status;
    return cmd_on_loop(ctx, username_apply, secret);
}

static enum cmd_status
no_username(struct cmd_ctx *ctx)
{
    const char *name = cmd_value(ctx, "name");
    struct switch_config *cfg = cmd_edit(ctx);
    bool found = false;

    if (!cfg)
        return CMD_FAILED;
    for (size_t i = 0; i < cfg->n_users; i++) {
        if (!strcmp(cfg->users[i].name, name)) {
            memmove(&cfg->users[i], &cfg->users[i + 1], (cfg->n_users - i - 1) * sizeof *cfg->users);
            cfg->n_users--;
            found = true;
            break;
        }
    }
    if (!found) {
        config_free(cfg);
        return cmd_error(ctx, "User %s does not exist", name);
    }
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
enable_secret_apply(struct cmd_ctx *ctx, void *secret)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    snprintf(cfg->enable_secret, sizeof cfg->enable_secret, "%s", (const char *) secret);
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
set_enable_secret(struct cmd_ctx *ctx)
{
    char secret[128];
    enum cmd_status status = secret_value(ctx, secret, sizeof secret);

    if (status != CMD_OK)
        return status;
    return cmd_on_loop(ctx, enable_secret_apply, secret);
}

static enum cmd_status
no_enable_secret(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->enable_secret[0] = '\0';
    return cmd_apply(ctx, cfg);
}

/* IOS `login block-for SECONDS attempts TRIES within SECONDS`. */
static enum cmd_status
set_login_block(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    cfg->login_block.block_for_s = cmd_number(ctx, "block");
    cfg->login_block.attempts = cmd_number(ctx, "attempts");
    cfg->login_block.within_s = cmd_number(ctx, "within");
    return cmd_apply(ctx, cfg);
}

static enum cmd_status
no_login_block(struct cmd_ctx *ctx)
{
    struct switch_config *cfg = cmd_edit(ctx);

    if (!cfg)
        return CMD_FAILED;
    /* The whole line goes, as on IOS: with the attempts and the watch time
     * kept, the JSON would hold what running-config (`no login block-for`)
     * cannot say, and a paste of it would make another switch. */
    cfg->login_block.block_for_s = 0;
    cfg->login_block.attempts = CONFIG_LOGIN_ATTEMPTS_DEFAULT;
    cfg->login_block.within_s = CONFIG_LOGIN_WITHIN_DEFAULT_S;
    return cmd_apply(ctx, cfg);
}

static const struct cmdline_cmd cmds[] = {
    { .syntax = "hostname WORD", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set system's network name", .arg_help = "This system's network name",
      .exec = set_hostname },
    { .syntax = "no hostname", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set system's network name", .exec = no_hostname },
    { .syntax = "username WORD:name", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Establish User Name Authentication", .arg_help = "User name" },
    { .syntax = "username WORD:name secret WORD:secret", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Specify the secret for the user",
      .arg_help = "The UNENCRYPTED (cleartext) user secret", .exec = set_username,
      .flags = CMDLINE_LOCAL },
    { .syntax = "username WORD:name secret 0 WORD:secret", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Specifies an UNENCRYPTED secret will follow",
      .arg_help = "The UNENCRYPTED (cleartext) user secret", .exec = set_username,
      .flags = CMDLINE_LOCAL },
    { .syntax = "username WORD:name secret 5 WORD:secret", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE,
      .help = "Specifies a HASHED secret will follow (crypt(3), as running-config shows it)",
      .arg_help = "The HASHED user secret", .exec = set_username, .flags = CMDLINE_LOCAL,
      .variant = SECRET_HASHED },
    { .syntax = "no username WORD:name", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Establish User Name Authentication", .arg_help = "User name", .exec = no_username },
    { .syntax = "enable", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Modify enable password parameters" },
    { .syntax = "enable secret WORD:secret", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Assign the privileged level secret",
      .arg_help = "The UNENCRYPTED (cleartext) 'enable' secret", .exec = set_enable_secret,
      .flags = CMDLINE_LOCAL },
    { .syntax = "enable secret 0 WORD:secret", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Specifies an UNENCRYPTED password will follow",
      .arg_help = "The UNENCRYPTED (cleartext) 'enable' secret", .exec = set_enable_secret,
      .flags = CMDLINE_LOCAL },
    { .syntax = "enable secret 5 WORD:secret", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Specifies a HASHED secret will follow (crypt(3), as running-config shows it)",
      .arg_help = "The HASHED 'enable' secret", .exec = set_enable_secret, .flags = CMDLINE_LOCAL,
      .variant = SECRET_HASHED },
    { .syntax = "no enable", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Modify enable password parameters" },
    { .syntax = "no enable secret", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Assign the privileged level secret", .exec = no_enable_secret },
    /* Help-only entries give each keyword and value of the long command
     * IOS's help (cmdline.c takes the first entry that covers a word). */
    { .syntax = "login", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Enable secure login checking" },
    { .syntax = "login block-for", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set quiet-mode active time period" },
    { .syntax = "login block-for NUM(1-65535):block attempts", .modes = IN_CONFIG,
      .privilege = PRIV_ENABLE, .help = "Set max number of fail attempts",
      .arg_help = "Number of seconds" },
    { .syntax = "login block-for NUM(1-65535):block attempts NUM(1-65535):attempts within",
      .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Watch period for repeated login failures", .arg_help = "Number of attempts" },
    { .syntax = "login block-for NUM(1-65535):block attempts NUM(1-65535):attempts within"
      " NUM(1-65535):within", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Watch period for repeated login failures", .arg_help = "Number of seconds",
      .exec = set_login_block },
    { .syntax = "no login", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Enable secure login checking" },
    { .syntax = "no login block-for", .modes = IN_CONFIG, .privilege = PRIV_ENABLE,
      .help = "Set quiet-mode active time period", .exec = no_login_block },
};

const struct cmdline_table cmd_system_table = CMD_TABLE(cmds);
