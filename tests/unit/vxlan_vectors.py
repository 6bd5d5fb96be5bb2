#!/usr/bin/python3
# Prints the byte-exact VXLAN vectors of tests/unit/test_vxlan.c as C arrays:
# the UDP payloads (VXLAN header + inner Ethernet frame) of packets built by
# Scapy's own VXLAN layer (scapy.layers.vxlan, RFC 7348), so the codec is
# checked against an implementation other than ours.  Re-run and paste the
# output over the arrays in test_vxlan.c when a vector changes:
#
#   /usr/bin/python3 tests/unit/vxlan_vectors.py
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
