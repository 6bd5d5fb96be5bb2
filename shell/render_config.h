#ifndef SHELL_RENDER_CONFIG_H
#define SHELL_RENDER_CONFIG_H 1

/* running-config text
 * ===================
 * A 'struct switch_config' as IOS prints `show running-config`: sections
 * separated by "!", sub-lines indented by one space, the document closed
 * by "end".  Only what differs from the defaults is printed, except
 * `switchport mode`, which is always there (our default, trunk, is not
 * IOS's "dynamic auto").  The text pasted into `configure terminal` gives
 * the same configuration back, so the order matters:
 *
 *   hostname, username, enable secret, vlan dot1q tag native
 *   lacp system-priority, port-channel load-balance (when not the default)
 *   bridge NAME            ports (which create the interfaces, bonds
 *                          as `port PoN type bond`), the
 *                          bridge's own aging time and flows, then the
 *                          VLANs only this bridge has (nested, last, since
 *                          a nested `vlan` leaves config-bridge mode)
 *   vlan N                 VLANs every bridge has with the same name
 *   interface NAME         per port, IOS's line order; a bond named PoN
 *                          is `interface Port-channelN` (with `bond-mode`
 *                          when not balance-slb), a member of one has
 *                          `channel-group N mode active|passive|on` and
 *                          `lacp rate fast` after its switchport lines
 *   mac address-table      global aging time, static entries
 *   monitor session N      SPAN sources, then the destination
 *   end
 *
 * Several bridges share global VLAN and aging lines when they agree; a
 * switch with one bridge therefore reads like a plain IOS switch. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"

/* N of a port named "PoN" (IOS's port-channel N, 1-4096), else 0. */
unsigned render_port_channel_number(const char *name);

/* IOS's dotted MAC, "0011.2233.4455". */
void render_mac_dotted(const uint8_t mac[6], char buf[16]);

/* Writes the configuration text, from the first "!" to "end". */
void render_config(FILE *out, const struct switch_config *cfg);

/* The whole `show running-config` output: "Building configuration...",
 * the byte count, then render_config(). */
void render_running_config(FILE *out, const struct switch_config *cfg);

/* `show running-config interface PORT`: the same header, then "!", the
 * port's `interface` block exactly as render_config() writes it, and
 * "end".  False (nothing written) when no bridge has port 'port'. */
bool render_running_config_interface(FILE *out, const struct switch_config *cfg,
                                     const char *port);

#endif /* shell/render_config.h */
