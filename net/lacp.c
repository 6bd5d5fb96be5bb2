#include "lacp.h"

#include <stdio.h>
#include <string.h>

const uint8_t lacp_dst_mac[ETH_ADDR_LEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };

const char *
lacp_rx_state_name(enum lacp_rx_state s)
{
    switch (s) {
    case LACP_RX_PORT_DISABLED: return "PORT_DISABLED";
    case LACP_RX_LACP_DISABLED: return "LACP_DISABLED";
    case LACP_RX_EXPIRED: return "EXPIRED";
    case LACP_RX_DEFAULTED: return "DEFAULTED";
    case LACP_RX_CURRENT: return "CURRENT";
    }
    return "?";
}

const char *
lacp_mux_state_name(enum lacp_mux_state s)
{
    switch (s) {
    case LACP_MUX_DETACHED: return "DETACHED";
    case LACP_MUX_WAITING: return "WAITING";
    case LACP_MUX_ATTACHED: return "ATTACHED";
    case LACP_MUX_COLLECTING_DISTRIBUTING: return "COLLECTING_DISTRIBUTING";
    }
    return "?";
}

void
lacp_state_format(uint8_t state, char *buf, size_t size)
{
    static const char *const words[8] = {
        "activity", "timeout", "aggregation", "synchronized",
        "collecting", "distributing", "defaulted", "expired",
    };
    size_t len = 0;

    if (size)
        buf[0] = '\0';
    for (int bit = 0; bit < 8; bit++) {
        if (!(state & (1u << bit)))
            continue;
        int n = snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? " " : "",
                         words[bit]);
        if (n < 0 || (size_t) n >= (len < size ? size - len : 0))
            return;
        len += (size_t) n;
    }
}
