#include "bond.h"

const char *
bond_mode_name(enum bond_mode m)
{
    return m == BOND_ACTIVE_BACKUP ? "active-backup" : "balance-slb";
}

const char *
bond_hash_name(enum bond_hash h)
{
    return h == BOND_HASH_SRC_DST_MAC ? "src-dst-mac" : "src-mac";
}

const char *
bond_rx_verdict_name(enum bond_rx_verdict v)
{
    switch (v) {
    case BOND_RX_ACCEPT: return "accept";
    case BOND_RX_DROP_INACTIVE: return "inactive-member";
    case BOND_RX_DROP_MULTICAST: return "multicast-on-backup";
    case BOND_RX_DROP_REFLECTED: return "reflected";
    }
    return "?";
}
