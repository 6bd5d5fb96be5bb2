#ifndef SHELL_CMD_TABLE_H
#define SHELL_CMD_TABLE_H 1

/* Writing a family's command table (shell/cmd_*.c)
 * ================================================
 * Each family defines its entries with designated initialisers and these
 * shorthands, so every table reads the same way:
 *
 *     { .syntax = "flow modify --strict LINE:flow", .modes = IN_BRIDGE,
 *       .privilege = PRIV_ENABLE, .help = "Only the flow of this match and priority",
 *       .arg_help = FLOW_HELP, .exec = flow_modify, .variant = FLOW_STRICT },
 *
 * Fields left out are 0: no argument help (the value type's), no function
 * (a help-only entry for a keyword), no flags, variant 0.  When one
 * function serves several entries, '.variant' tells it which one it is
 * running for (each family names its variants in an enum); a function never
 * looks at the syntax text to decide what to do.  The family exports its
 * table with CMD_TABLE(). */

#include "cmdline.h"
#include "util.h"

/* Modes an entry is offered in (cmdline.h's SHELL_M bits). */
#define IN_EXEC        SHELL_M(SHELL_MODE_EXEC)
#define IN_CONFIG      SHELL_M(SHELL_MODE_CONFIG)
#define IN_IF          SHELL_M_IF          /* config-if and config-if-range */
#define IN_VLAN        SHELL_M(SHELL_MODE_VLAN)
#define IN_BRIDGE      SHELL_M(SHELL_MODE_BRIDGE)
#define IN_LINE        SHELL_M(SHELL_MODE_LINE)
#define IN_NVE         SHELL_M(SHELL_MODE_NVE)          /* interface nve1 */
#define IN_NVE_VNI     SHELL_M(SHELL_MODE_NVE_VNI)      /* member vni N */
#define IN_ANY_CONFIG  SHELL_M_ALL_CONFIG  /* global configuration and every submode */

/* The privilege an entry needs. */
#define PRIV_USER      SHELL_PRIV_USER
#define PRIV_ENABLE    SHELL_PRIV_ENABLE

/* The 'struct cmdline_table' of a family's array of entries. */
#define CMD_TABLE(cmds) { .cmds = (cmds), .n_cmds = ARRAY_SIZE(cmds) }

#endif /* shell/cmd_table.h */
