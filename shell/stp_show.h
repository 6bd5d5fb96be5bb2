#ifndef SHELL_STP_SHOW_H
#define SHELL_STP_SHOW_H 1

/* Spanning tree output, as text
 * =============================
 * The layouts of IOS's `show spanning-tree` (rapid-pvst), `show
 * spanning-tree interface X [detail]`, `show spanning-tree detail` and Open
 * vSwitch's `ovs-appctl rstp/show`, written from what net/rstp.h shows of
 * an instance.  Pure: no switch state, no clock (the caller passes what it
 * read), so unit tests drive them with made-up instances
 * (tests/unit/test_stp_show.c) and shell/cmd_spanning_tree.c with the live
 * ones.  One bridge runs one instance (docs/design.md section 5.13): each
 * block is labelled with the bridge's name where IOS names a VLAN, and
 * the system ID extension is 0. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "rstp.h"

struct stp_show_port {
    const char *name;
    struct rstp_port_info info;
    bool bpduguard;                 /* BPDU guard in force on it now */
    enum config_stp_link_type link_type;    /* as configured */
};

struct stp_show_bridge {
    const char *name;
    struct rstp_bridge_info info;
    uint32_t aging_s;               /* the bridge's MAC aging time */
    const struct stp_show_port *ports;      /* in port order */
    size_t n_ports;
};

/* IOS's dotted address, "5254.0000.0001". */
void stp_show_addr(const uint8_t addr[6], char buf[16]);

/* IOS's "Type" column of a port: "P2p", "Shr", then " Edge" and
 * " Peer(STP)" (a legacy 802.1D bridge speaks on it). */
void stp_show_port_type(const struct rstp_port_info *, bool force_stp, char *buf, size_t size);

/* One bridge's block of `show spanning-tree`: a blank line, the label,
 * the protocol, Root ID, Bridge ID and the port table (ports whose MAC is
 * operational, as IOS lists them).  The caller ends the output with a
 * blank line. */
void stp_show_bridge(FILE *out, const struct stp_show_bridge *);

/* The header and one row of `show spanning-tree interface X`: the
 * bridge's name in IOS's "Vlan" column. */
void stp_show_interface_header(FILE *out);
void stp_show_interface_row(FILE *out, const struct stp_show_bridge *, const struct stp_show_port *);

/* IOS's per-port block of `show spanning-tree [interface X] detail`. */
void stp_show_port_detail(FILE *out, const struct stp_show_bridge *, const struct stp_show_port *);

/* `show spanning-tree detail` for one bridge: its header, then each port
 * as stp_show_port_detail(); 'now_ms' dates the last topology change. */
void stp_show_bridge_detail(FILE *out, const struct stp_show_bridge *, int64_t now_ms);

/* `ovs-appctl rstp/show` for one bridge, in Open vSwitch 3.1's layout. */
void stp_show_ovs(FILE *out, const struct stp_show_bridge *);

#endif /* shell/stp_show.h */
