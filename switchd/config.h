#ifndef SWITCHD_CONFIG_H
#define SWITCHD_CONFIG_H 1

/* Switch configuration
 * ====================
 * The parsed, validated form of the JSON startup configuration (DESIGN.md
 * section 3).  config_json.c turns a file or a string into a 'struct
 * switch_config' or an error; state.c turns a switch_config into live
 * bridges and ports.  Nothing here touches the system.
 *
 * Validation happens entirely at load time, so a config that loads is one
 * state.c can apply: unknown keys, wrong types, VLAN ids out of 1..4094,
 * bad VLAN lists, duplicate bridge/port names (port names are unique across
 * the whole switch), duplicate ofports within a bridge, duplicate VLAN ids,
 * patch ports without a peer or with a peer that is not a patch port naming
 * them back, a peer in the same bridge, malformed or multicast static MACs,
 * static MACs on unknown ports, and invalid listen addresses are all errors.
 *
 * Errors read "FILE:LINE:COLUMN: JSON.PATH: message", e.g.
 *   startup.json:12:26: bridges[0].ports[1].access_vlan: invalid VLAN id 5000 (expected 1-4094)
 * LINE:COLUMN point at the offending value (at the key itself for an
 * unknown key, at the object holding a missing key); for JSON syntax errors
 * they are jansson's and the path is omitted:
 * "startup.json:3:5: syntax error: ..." */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vlan.h"

#define CONFIG_NAME_MAX  15         /* IFNAMSIZ - 1: port names are netdev names */
#define CONFIG_ERR_MAX   512
#define CONFIG_DESCRIPTION_MAX 240  /* IOS: description LINE, up to 240 characters */
#define CONFIG_TELNET_IDLE_DEFAULT_S 600    /* IOS exec-timeout 10 0 */

enum port_type {
    PORT_TYPE_TAP,                  /* "tap" */
    PORT_TYPE_INTERNAL,             /* "internal" */
    PORT_TYPE_SYSTEM,               /* "system" */
    PORT_TYPE_PATCH,                /* "patch" */
};

struct config_port {
    char name[CONFIG_NAME_MAX + 1];
    enum port_type type;
    char peer[CONFIG_NAME_MAX + 1]; /* patch only, else "" */
    uint16_t ofport;                /* 1..65279; 0 in JSON = not given -> assigned */
    bool enabled;                   /* "enabled", default true */
    char description[CONFIG_DESCRIPTION_MAX + 1]; /* "description", default "" */
    struct vlan_port vlan;          /* "mode", "access_vlan", "native_vlan",
                                       "native_tagged", "allowed_vlans" */
};

struct config_vlan {
    uint16_t id;
    char name[33];                  /* default "VLAN0010" style, "default" for 1 */
};

struct config_static_mac {
    uint8_t mac[6];
    uint16_t vlan;
    char port[CONFIG_NAME_MAX + 1];
};

struct config_bridge {
    char name[CONFIG_NAME_MAX + 1];
    uint32_t mac_aging_s;           /* default 300, 0 = never */
    uint32_t mac_table_size;        /* default 8192, 1..16777216 */
    struct config_vlan *vlans;      size_t n_vlans;
    struct config_port *ports;      size_t n_ports;
    struct config_static_mac *static_macs; size_t n_static_macs;
    char **flows;                   size_t n_flows;   /* kept as text for now */
};

struct config_user {
    char name[33];
    char secret[128];               /* crypt(3) hash, "$6$..." */
};

struct switch_config {
    char hostname[64];              /* default "switch" */
    char telnet_listen[64];         /* "ADDR:PORT", default "127.0.0.1:2323";
                                       "" = no telnet server */
    uint32_t telnet_idle_timeout_s; /* "cli.telnet.idle_timeout_s", default 600,
                                       0 = sessions never time out */
    bool vlan_dot1q_tag_native;     /* "vlan_dot1q_tag_native" (IOS global
                                       `vlan dot1q tag native`): every trunk
                                       sends its native VLAN tagged; default false */
    struct config_user *users;      size_t n_users;
    char enable_secret[128];        /* "" = none */
    struct config_bridge *bridges;  size_t n_bridges;
};

/* Parses and validates the JSON in 'text' ('source' names it in errors, e.g.
 * the file name or "<default>").  Returns a config the caller frees with
 * config_free(), or NULL with the message in 'err' (CONFIG_ERR_MAX bytes). */
struct switch_config *config_parse_string(const char *text, const char *source,
                                          char err[CONFIG_ERR_MAX]);

/* Same for the file at 'path'; a file that cannot be read is an error
 * ("PATH: No such file or directory"). */
struct switch_config *config_load_file(const char *path, char err[CONFIG_ERR_MAX]);

void config_free(struct switch_config *);           /* accepts NULL */

/* A deep copy, or NULL when memory is short. */
struct switch_config *config_clone(const struct switch_config *);
bool config_validate(struct switch_config *, char err[CONFIG_ERR_MAX]);
int config_save_file(const struct switch_config *cfg, const char *path, char *err,
                     size_t err_size);

const char *port_type_name(enum port_type);

/* The embedded default configuration (examples/default.json compiled in). */
extern const char config_default_json[];

#endif /* switchd/config.h */
