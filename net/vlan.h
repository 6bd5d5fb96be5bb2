#ifndef NET_VLAN_H
#define NET_VLAN_H 1

/* VLANs
 * =====
 * VLAN sets
 * ---------
 * A 'struct vlan_set' is a 4096-bit map, one bit per VID.  Valid user VLANs are
 * 1..4094; VID 0 means "priority tag / no VLAN" and 4095 is reserved, so the
 * parsers never set those bits (the VLAN-0 rule below is a policy, not a set
 * member).  Sets are plain values: copy them with '='.
 *
 * The IOS VLAN-list grammar is atoms separated by ',' where an atom is a VID
 * or a range "a-b" (a <= b), no spaces, e.g. "1,10-20,100".  vlan_set_format()
 * writes the compact form IOS prints (runs of three or more as ranges), and
 * "none" for the empty set.  vlan_set_edit() adds the words of
 * `switchport trunk allowed vlan`: LIST, add LIST, remove LIST, except LIST,
 * all, none.  Both are all-or-nothing: on error the set is unchanged.
 *
 * Port VLAN policy
 * ----------------
 * The VLAN rules of one port reduce to two questions, as in the Linux bridge's
 * br_allowed_ingress()/br_allowed_egress():
 *
 *   vlan_port_admit()  which VLAN does a received frame belong to, or why is
 *                      it dropped;
 *   vlan_port_egress() is a frame of VLAN v sent by this port, tagged or not.
 *
 * Modes (docs/design.md section 4.2; IOS words, OVS meaning):
 *   access           untagged and priority-tagged frames join 'access_vid';
 *                    tagged frames are dropped; only 'access_vid' leaves,
 *                    untagged.
 *   trunk            tagged frames of an allowed VLAN (or the native VLAN,
 *                    which is always carried) are admitted; untagged and
 *                    priority-tagged frames join 'native_vid'.  The native
 *                    VLAN leaves untagged unless 'native_tagged'.
 *   trunk, no native ('native_vid' 0, IOS `native vlan none`, OVS trunk):
 *                    untagged frames belong to VLAN 0, which the port carries
 *                    (admits and sends untagged) only when it allows all of
 *                    1..4094.
 * A priority tag (VID 0) counts as untagged; its PCP is kept, so a frame that
 * leaves tagged keeps the priority it came in with.
 *
 * Factory default (IOS): trunk, all VLANs allowed, native VLAN 1 untagged. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err_msg.h"

#define VLAN_VID_MIN     1
#define VLAN_VID_MAX     4094
#define VLAN_N_IDS       4096

/* VLAN sets. */

struct vlan_set {
    uint64_t bits[VLAN_N_IDS / 64];
};

static inline bool vlan_set_contains(const struct vlan_set *s, unsigned vid)
{
    return vid < VLAN_N_IDS && (s->bits[vid / 64] >> (vid % 64)) & 1;
}

void vlan_set_clear(struct vlan_set *);
void vlan_set_fill(struct vlan_set *);          /* 1..4094 */
void vlan_set_add(struct vlan_set *, unsigned vid);
void vlan_set_remove(struct vlan_set *, unsigned vid);
void vlan_set_add_range(struct vlan_set *, unsigned first, unsigned last);
bool vlan_set_is_empty(const struct vlan_set *);
bool vlan_set_is_full(const struct vlan_set *); /* all of 1..4094 */
unsigned vlan_set_count(const struct vlan_set *);
bool vlan_set_equal(const struct vlan_set *, const struct vlan_set *);

/* Parses a VLAN list such as "1,10-20,100" into '*out'.  On error returns
 * false, leaves '*out' unchanged and names the bad atom in 'err'. */
bool vlan_set_parse(const char *list, struct vlan_set *out, struct err_msg *err);

/* Applies an IOS allowed-list edit to '*s': "LIST", "add LIST",
 * "remove LIST", "except LIST", "all" or "none" (words separated by one or
 * more spaces).  All or nothing. */
bool vlan_set_edit(struct vlan_set *s, const char *edit, struct err_msg *err);

/* Writes the compact list ("1-4,10,4094", "none" when empty) into 'buf' of
 * 'size' bytes, always NUL-terminated.  Returns the length the full text
 * needs, like snprintf.  VLAN_SET_STR_MAX bytes always suffice: at most 4094
 * ids of up to four digits, each with a comma or the final NUL. */
#define VLAN_SET_STR_MAX (VLAN_VID_MAX * 5)
size_t vlan_set_format(const struct vlan_set *s, char *buf, size_t size);

/* Parses a single VID "1".."4094". */
bool vlan_id_parse(const char *s, uint16_t *vid, struct err_msg *err);

/* Port VLAN policy. */

enum vlan_mode {
    VLAN_MODE_ACCESS,
    VLAN_MODE_TRUNK,
};

struct vlan_port {
    enum vlan_mode mode;
    uint16_t access_vid;        /* access: 1..4094 */
    uint16_t native_vid;        /* trunk: 1..4094, or 0 for no native VLAN */
    bool native_tagged;         /* trunk: the native VLAN leaves tagged */
    struct vlan_set allowed;    /* trunk: tagged VLANs carried */
};

/* Why vlan_port_admit() refused a frame. */
enum vlan_verdict {
    VLAN_ADMIT = 0,
    VLAN_DROP_TAGGED_ON_ACCESS,     /* access port got a VID 1..4095 tag */
    VLAN_DROP_NOT_ALLOWED,          /* trunk got a VID it does not carry */
    VLAN_DROP_UNTAGGED,             /* no-native trunk that can't carry VLAN 0 */
};

enum vlan_egress {
    VLAN_EGRESS_NONE,           /* the port does not carry this VLAN */
    VLAN_EGRESS_UNTAGGED,
    VLAN_EGRESS_TAGGED,
};

/* IOS factory default: trunk, allowed 1-4094, native 1 untagged. */
void vlan_port_init_default(struct vlan_port *);
void vlan_port_init_access(struct vlan_port *, uint16_t vid);

/* Checks that the fields make sense (VIDs in range).  Writes why not. */
bool vlan_port_validate(const struct vlan_port *, struct err_msg *err);

/* Ingress: a frame arrived with outer 802.1Q TCI 'tci' if 'tagged', else
 * untagged.  On VLAN_ADMIT stores the frame's VLAN (0..4094) in '*vid' and
 * the priority bits to keep (PCP and DEI, in TCI position) in '*prio'. */
enum vlan_verdict vlan_port_admit(const struct vlan_port *, bool tagged,
                                  uint16_t tci, uint16_t *vid, uint16_t *prio);

/* Egress: how the port sends a frame of VLAN 'vid' (0..4094). */
enum vlan_egress vlan_port_egress(const struct vlan_port *, uint16_t vid);

/* Whether the port carries 'vid' at all (admit and egress agree on this). */
static inline bool vlan_port_carries(const struct vlan_port *p, uint16_t vid)
{
    return vlan_port_egress(p, vid) != VLAN_EGRESS_NONE;
}

#endif /* net/vlan.h */
