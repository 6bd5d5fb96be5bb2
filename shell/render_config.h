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
 *   bridge NAME            ports (which create the interfaces), the
 *                          bridge's own aging time and flows, then the
 *                          VLANs only this bridge has (nested, last, since
 *                          a nested `vlan` leaves config-bridge mode)
 *   vlan N                 VLANs every bridge has with the same name
 *   interface NAME         per port, IOS's line order
 *   mac address-table      global aging time, static entries
 *   end
 *
 * Several bridges share global VLAN and aging lines when they agree; a
 * switch with one bridge therefore reads like a plain IOS switch. */

#include <stdio.h>

#include "config.h"

/* Writes the configuration text, from the first "!" to "end". */
void render_config(FILE *out, const struct switch_config *cfg);

/* The whole `show running-config` output: "Building configuration...",
 * the byte count, then render_config(). */
void render_running_config(FILE *out, const struct switch_config *cfg);

#endif /* shell/render_config.h */
