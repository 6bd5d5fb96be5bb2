#!/usr/bin/python3
# Prints the byte-exact VXLAN vectors of tests/unit/test_vxlan.c as C arrays:
# the UDP payloads (VXLAN header + inner Ethernet frame) of packets built by
# Scapy's own VXLAN layer (scapy.layers.vxlan, RFC 7348), so the codec is
# checked against an implementation other than ours.  Re-run and paste the
# output over the arrays in test_vxlan.c when a vector changes:
#
#   /usr/bin/python3 tests/unit/vxlan_vectors.py
#
# With --fuzz-seeds (from the top of the tree) it also writes the seed inputs
# of fuzz/fuzz_vxlan.c into fuzz/corpus/vxlan/.
#
# Needs python3-scapy (make deps installs it); no root, no network.
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import ARP, ICMP, IP, UDP, VXLAN, Ether, raw  # noqa: E402

H1 = "52:54:00:00:64:01"
H2 = "52:54:00:00:64:02"


def outer(vxlan):
    # What the wire carries: outer Ethernet, IPv4, UDP to 4789.
    return (Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:0b")
            / IP(src="192.0.2.1", dst="192.0.2.2")
            / UDP(sport=49152, dport=4789) / vxlan)


# flags=0x08 as Linux's vxlan and OVS send it: left alone, Scapy fills in the
# VXLAN-GPE fields (P flag, next protocol 3) for an inner Ethernet frame,
# which the fourth vector keeps on purpose.
VECTORS = [
    # name, packet, comment
    ("vxlan_arp_10100",
     outer(VXLAN(flags=0x08, vni=10100) / Ether(src=H1, dst="ff:ff:ff:ff:ff:ff")
           / ARP(op=1, hwsrc=H1, psrc="10.0.100.1", pdst="10.0.100.2")),
     "VNI 10100: a broadcast ARP request from H1"),
    ("vxlan_ping_max_vni",
     outer(VXLAN(flags=0x08, vni=0xffffff) / Ether(src=H2, dst=H1)
           / IP(src="10.0.100.2", dst="10.0.100.1") / ICMP(type=0, id=7, seq=1)),
     "VNI 16777215 (the largest): a unicast echo reply from H2 to H1"),
    ("vxlan_gbp_vni_5",
     outer(VXLAN(flags=0x88, gpflags=0x08, gpid=0x1234, vni=5)
           / Ether(src=H1, dst=H2) / IP(src="10.0.100.1", dst="10.0.100.2") / ICMP()),
     "Group Policy extension (G flag, policy ID 0x1234): reserved bits set, VNI 5"),
    ("vxlan_scapy_default_10100",
     outer(VXLAN(vni=10100) / Ether(src=H1, dst=H2)
           / IP(src="10.0.100.1", dst="10.0.100.2") / ICMP()),
     "Scapy's default: P flag and next protocol 3 (VXLAN-GPE), reserved here, VNI 10100"),
    ("vxlan_no_i_flag",
     outer(VXLAN(flags=0x80, gpid=0x1234, vni=10100) / Ether(src=H1, dst=H2)
           / IP(src="10.0.100.1", dst="10.0.100.2") / ICMP()),
     "G flag without the I flag: no valid VNI, to be dropped"),
]

for name, pkt, comment in VECTORS:
    payload = raw(pkt[UDP].payload)
    assert pkt[UDP].dport == 4789
    print("/* %s */" % comment)
    print("static const uint8_t %s[%d] = {" % (name, len(payload)))
    for i in range(0, len(payload), 12):
        print("    " + " ".join("0x%02x," % b for b in payload[i:i + 12]))
    print("};")


# --fuzz-seeds: also writes the seeds of fuzz/fuzz_vxlan.c (its comment
# describes the input) into fuzz/corpus/vxlan/, from the packets above.
def seeds():
    import os
    import struct
    out = "fuzz/corpus/vxlan/"
    os.makedirs(out, exist_ok=True)
    payloads = {name: raw(pkt[UDP].payload) for name, pkt, _ in VECTORS}

    def rx(remote, payload):
        return bytes([0, remote, len(payload)]) + payload

    def map_add(vlan, vni):
        return bytes([1, 0x80]) + struct.pack(">HI", vlan, vni)

    def learn(vni_index, mac_index, remote):
        return bytes([2, (vni_index << 3) | mac_index, remote])

    def learn_raw(vni, mac, remote):
        return bytes([2, 0xc0]) + vni.to_bytes(3, "big") + bytes(mac) + bytes([remote])

    def age(aging, passes):
        return bytes([3, aging, passes])

    def flush(remote):
        return bytes([4, remote])

    scenarios = {
        # Scapy's packets from three VTEPs, those without the I flag among
        # them (one with the P flag only); then the sources age out.
        "scapy-packets-learn-and-age": bytes([16])
        + rx(1, payloads["vxlan_arp_10100"]) + rx(2, payloads["vxlan_ping_max_vni"])
        + rx(3, payloads["vxlan_gbp_vni_5"]) + rx(1, payloads["vxlan_scapy_default_10100"])
        + rx(2, payloads["vxlan_no_i_flag"]) + rx(0, payloads["vxlan_arp_10100"])
        + rx(3, b"\x04" + payloads["vxlan_scapy_default_10100"][1:])
        + age(30, 10) + rx(2, payloads["vxlan_arp_10100"]) + age(30, 25) + flush(2),
        # Every length below a header and an inner Ethernet header.
        "short-payloads": bytes([4]) + b"".join(
            rx(1, payloads["vxlan_arp_10100"][:n]) for n in range(0, 23)),
        # NX-OS `vlan 100` / `vn-segment 10100` and its conflicts and bounds.
        "map-edits": bytes([8]) + map_add(100, 10100) + map_add(200, 10200)
        + map_add(100, 10100) + map_add(100, 10300) + map_add(300, 10100)
        + map_add(0, 5) + map_add(4094, 0xffffff) + map_add(4095, 6) + map_add(1, 0)
        + map_add(2, 0x1000000) + bytes([1, 0x13, 1, 0x25, 1, 0x15]),
        # A MAC moving between VTEPs, multicast and 0.0.0.0 ignored, flushes.
        "learn-move-flush": bytes([8]) + learn(2, 0, 1) + learn(2, 1, 1) + learn(2, 0, 2)
        + learn(3, 0, 3) + learn(2, 5, 1) + learn(2, 6, 2) + learn(2, 2, 0) + learn(6, 0, 1)
        + age(0, 1) + learn(2, 0, 2) + flush(2) + learn(4, 3, 3) + flush(0) + learn(1, 1, 1),
        # A table of 3 overflowing: the oldest goes; keys of raw bytes.
        "evict-oldest": bytes([2]) + b"".join(
            learn_raw(10100, [0x02, 0, 0, 0, 0, i], 1 + i % 3) + age(0, 1) for i in range(12))
        + learn_raw(10100, [0x02, 0, 0, 0, 0, 11], 2) + learn_raw(0x123456, [0x02] * 6, 3)
        + flush(1) + flush(2),
    }
    for name, data in scenarios.items():
        with open(out + name, "wb") as f:
            f.write(data)


if __name__ == "__main__":
    import sys
    if "--fuzz-seeds" in sys.argv[1:]:
        seeds()
