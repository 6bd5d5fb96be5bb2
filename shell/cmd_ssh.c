/* SSH: `ip ssh ...`, `show ip ssh`, `show ssh`, `crypto key generate rsa`,
 * `ip ssh pubkey-chain` (docs/cli.md, "SSH"). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_table.h"
#include "shell_private.h"
#include "ssh_info.h"
#include "state.h"

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
