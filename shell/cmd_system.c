/* System settings: hostname, usernames with secrets, the enable secret,
 * login block-for. */
#include <crypt.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "crypt_hash.h"
#include "shell.h"
#include "state.h"
#include "util.h"

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
static enum cmd_status
secret_value(struct cmd_ctx *ctx, char *out, size_t size)
{
    const char *text = cmd_value(ctx, "secret");

    if (strstr(ctx->match->cmd->syntax, " secret 5 ")) {
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
    cfg->login_block.block_for_s = 0;
    return cmd_apply(ctx, cfg);
}

#define C   SHELL_M(SHELL_MODE_CONFIG)
#define EN  SHELL_PRIV_ENABLE

static const struct cmdline_cmd cmds[] = {
    { "hostname WORD", C, EN, "Set system's network name", "This system's network name",
      set_hostname, 0 },
    { "no hostname", C, EN, "Set system's network name", NULL, no_hostname, 0 },
    { "username WORD:name", C, EN, "Establish User Name Authentication", "User name", NULL, 0 },
    { "username WORD:name secret WORD:secret", C, EN, "Specify the secret for the user",
      "The UNENCRYPTED (cleartext) user secret", set_username, CMDLINE_LOCAL },
    { "username WORD:name secret 0 WORD:secret", C, EN,
      "Specifies an UNENCRYPTED secret will follow", "The UNENCRYPTED (cleartext) user secret",
      set_username, CMDLINE_LOCAL },
    { "username WORD:name secret 5 WORD:secret", C, EN,
      "Specifies a HASHED secret will follow (crypt(3), as running-config shows it)",
      "The HASHED user secret", set_username, CMDLINE_LOCAL },
    { "no username WORD:name", C, EN, "Establish User Name Authentication", "User name",
      no_username, 0 },
    { "enable", C, EN, "Modify enable password parameters", NULL, NULL, 0 },
    { "enable secret WORD:secret", C, EN, "Assign the privileged level secret",
      "The UNENCRYPTED (cleartext) 'enable' secret", set_enable_secret, CMDLINE_LOCAL },
    { "enable secret 0 WORD:secret", C, EN, "Specifies an UNENCRYPTED password will follow",
      "The UNENCRYPTED (cleartext) 'enable' secret", set_enable_secret, CMDLINE_LOCAL },
    { "enable secret 5 WORD:secret", C, EN, "Specifies a HASHED secret will follow (crypt(3),"
      " as running-config shows it)", "The HASHED 'enable' secret", set_enable_secret,
      CMDLINE_LOCAL },
    { "no enable", C, EN, "Modify enable password parameters", NULL, NULL, 0 },
    { "no enable secret", C, EN, "Assign the privileged level secret", NULL, no_enable_secret,
      0 },
    /* Help-only entries give each keyword and value of the long command
     * IOS's help (cmdline.c takes the first entry that covers a word). */
    { "login", C, EN, "Enable secure login checking", NULL, NULL, 0 },
    { "login block-for", C, EN, "Set quiet-mode active time period", NULL, NULL, 0 },
    { "login block-for NUM(1-65535):block attempts", C, EN, "Set max number of fail attempts",
      "Number of seconds", NULL, 0 },
    { "login block-for NUM(1-65535):block attempts NUM(1-65535):attempts within", C, EN,
      "Watch period for repeated login failures", "Number of attempts", NULL, 0 },
    { "login block-for NUM(1-65535):block attempts NUM(1-65535):attempts within"
      " NUM(1-65535):within", C, EN, "Watch period for repeated login failures",
      "Number of seconds", set_login_block, 0 },
    { "no login", C, EN, "Enable secure login checking", NULL, NULL, 0 },
    { "no login block-for", C, EN, "Set quiet-mode active time period", NULL, no_login_block, 0 },
};

const struct cmdline_table cmd_system_table = { cmds, ARRAY_SIZE(cmds) };
