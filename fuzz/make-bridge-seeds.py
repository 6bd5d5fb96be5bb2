#!/usr/bin/python3
# Writes the seeds of the bridge harness (fuzz/fuzz_bridge.c describes the
# input format) into fuzz/corpus/bridge/: real frames built with scapy
# (Debian python3-scapy) in the scenarios switchd sees.  Run from the top
# of the tree; the seeds are committed, so this is only needed to change them.
import struct
import warnings
warnings.filterwarnings('ignore')
from scapy.all import (Ether, ARP, IP, ICMP, TCP, UDP, DNS, DNSQR, Dot1Q, Dot1AD, LLC, STP,
                       IPv6, ICMPv6ND_NS, Raw, raw)
from scapy.contrib.lldp import (LLDPDU, LLDPDUChassisID, LLDPDUPortID, LLDPDUTimeToLive,
                                LLDPDUEndOfLLDPDU)

OUT = 'fuzz/corpus/bridge/'
M1, M2, M3 = '52:54:00:00:00:01', '52:54:00:00:00:02', '52:54:00:00:00:03'
BCAST = 'ff:ff:ff:ff:ff:ff'

arp_req = raw(Ether(src=M1, dst=BCAST) / ARP(op=1, hwsrc=M1, psrc='10.0.0.1', pdst='10.0.0.2'))
arp_rep = raw(Ether(src=M2, dst=M1) / ARP(op=2, hwsrc=M2, psrc='10.0.0.2', hwdst=M1,
                                          pdst='10.0.0.1'))
ping = raw(Ether(src=M1, dst=M2) / IP(src='10.0.0.1', dst='10.0.0.2') / ICMP() / Raw(b'x' * 8))
pong = raw(Ether(src=M2, dst=M1) / IP(src='10.0.0.2', dst='10.0.0.1') / ICMP(type=0)
           / Raw(b'x' * 8))
syn = raw(Ether(src=M1, dst=M3) / IP(src='10.0.0.1', dst='10.0.0.3')
          / TCP(sport=40000, dport=80, flags='S'))
dns = raw(Ether(src=M2, dst=M3) / IP(src='10.0.0.2', dst='10.9.9.9') / UDP(sport=5353, dport=53)
          / DNS(qd=DNSQR(qname='a.example')))
sctp = raw(Ether(src=M1, dst=M2) / IP(src='10.0.0.1', dst='10.0.0.2', proto=132)
           / Raw(b'\x12\x34\x00\x50' + b'\0' * 8))
tag10 = raw(Ether(src=M1, dst=M2) / Dot1Q(vlan=10, prio=5) / IP(src='10.0.10.1', dst='10.0.10.2')
            / ICMP())
tag100 = raw(Ether(src=M3, dst=BCAST) / Dot1Q(vlan=100) / ARP(hwsrc=M3, psrc='10.1.0.3',
                                                              pdst='10.1.0.1'))
tag1 = raw(Ether(src=M1, dst=BCAST) / Dot1Q(vlan=1) / ARP(hwsrc=M1, psrc='10.1.0.1',
                                                          pdst='10.1.0.3'))
prio0 = raw(Ether(src=M2, dst=M1) / Dot1Q(vlan=0, prio=3) / IP() / ICMP())
qinq = raw(Ether(src=M1, dst=M2) / Dot1AD(vlan=200) / Dot1Q(vlan=20) / IP() / UDP(dport=53))
c_in_c = raw(Ether(src=M2, dst=M1) / Dot1Q(vlan=20) / Dot1Q(vlan=30) / IP() / TCP(dport=80))
vid4095 = raw(Ether(src=M1, dst=M2) / Dot1Q(vlan=4095) / Dot1Q(vlan=7) / IP())
stp = raw(Ether(src=M3, dst='01:80:c2:00:00:00') / LLC() / STP())
lldp = raw(Ether(src=M2, dst='01:80:c2:00:00:0e', type=0x88cc) / LLDPDU()
           / LLDPDUChassisID(subtype=4, id=M2) / LLDPDUPortID(subtype=5, id=b'vm2')
           / LLDPDUTimeToLive(ttl=120) / LLDPDUEndOfLLDPDU())
mcast_src = raw(Ether(src='01:00:5e:00:00:01', dst=M1) / IP() / UDP())
zero_src = raw(Ether(src='00:00:00:00:00:00', dst=BCAST) / ARP())
nd = raw(Ether(src=M1, dst='33:33:ff:00:00:02') / IPv6(src='fe80::1', dst='ff02::1:ff00:2')
         / ICMPv6ND_NS(tgt='fe80::2'))
runt = arp_req[:10]
trunc_tag = raw(Ether(src=M1, dst=M2) / Dot1Q(vlan=10))[:16]
frames = [arp_req, arp_rep, ping, pong, syn, dns, sctp, tag10, tag100, tag1, prio0, qinq, c_in_c,
          vid4095, stp, lldp, mcast_src, zero_src, nd, runt, trunc_tag]
assert all(len(f) < 256 for f in frames)


def header(mask, mac_size, ports):
    return struct.pack('>I', mask) + bytes([mac_size]) + bytes(ports)


def batch(port, fs):
    out = bytes([port << 3, len(fs) - 1])
    for f in fs:
        out += bytes([len(f)]) + f
    return out


def toggle(port):
    return bytes([4, port])


def remove_or_add(port, p=1):
    return bytes([4, 0x40 | port, p])


def renumber(port, ofport):
    return bytes([4, 0x80 | port, ofport])


def clear_stats(port):
    return bytes([4, 0xc0 | port])


def time(s):
    return bytes([5, s, 0])


def flow(i, delete=False):
    return bytes([6, 0x80 if delete else 0, i])


def del_loose(i, out_port=None):
    return bytes([6, 0xa0 | (1 + 2 * (out_port - 1) if out_port else 0), i])


def mod_flows(i, actions_of, strict=False):
    # 'what' picks the actions (what % 32) and its low bits the options
    what = 0xc0 | (actions_of & 0x18) | (1 if strict else 0)
    return bytes([6, what, i])


def clear_flows():
    return bytes([6, 0xe0, 0])


def policy(port, p):
    return bytes([7, port, p])


def edit(frame, ops):
    out = bytes([7 | 0x80, len(frame), len(ops)]) + frame
    for what, tci in ops:
        out += bytes([what, tci >> 8, tci & 0xff])
    return out


def access(vid_index):          # fuzz_bridge.c vids[]: 1 10 20 30 100 4094 2 5
    return vid_index << 3


TRUNK, NO_NATIVE, NATIVE_TAGGED, LIST, NO_OFPORT = 1, 2, 3, 4, 0x40


def write(name, data):
    with open(OUT + name, 'wb') as f:
        f.write(data)


# Default table, six factory trunks: learning, then known unicast.
write('normal-arp-ping', header(0, 64, [TRUNK] * 6) + batch(0, [arp_req]) + batch(1, [arp_rep])
      + batch(0, [ping]) + batch(1, [pong]) + batch(2, [syn, dns, nd]))
# The OpenStack translation flows of docs/flows.md (br-eth1 and br-int sides).
write('openstack-translation', header(0b11110, 64, [TRUNK, TRUNK, access(0), TRUNK | NO_OFPORT,
                                                    TRUNK, (4 << 3) | NO_NATIVE])
      + batch(0, [tag1, tag100]) + batch(5, [tag100, tag1]) + batch(1, [tag1]) + time(10))
# Every flow; frames of every kind on every port, and on a port past max_ports.
write('all-flows-mixed', header(0xffffffff, 16, [TRUNK, access(0), NO_NATIVE,
                                                 NATIVE_TAGGED | (4 << 3), LIST, access(4)])
      + b''.join(batch(p, frames[p * 3:p * 3 + 4]) for p in range(6)) + batch(8, [ping]))
# Reserved destinations (STP, LLDP), multicast and zero source addresses.
write('reserved-and-bad-sources', header(0, 64, [TRUNK] * 6)
      + batch(0, [stp, lldp, mcast_src, zero_src]) + batch(1, [arp_rep, ping]))
# Priority tags, 802.1ad, C-in-C, VID 4095, a cut tag, a runt.
write('tags-and-runts', header(1 << 12 | 1 << 13 | 1 << 19 | 1 << 26 | 1, 8,
                               [access(0), NO_NATIVE, NATIVE_TAGGED | (1 << 3), TRUNK,
                                6 | (2 << 3), 7])
      + batch(0, [prio0, qinq, c_in_c, vid4095, trunc_tag, runt]) + batch(3, [c_in_c, tag10])
      + batch(2, [vid4095, prio0]))
# Time passing (idle and hard timeouts), flow edits, a port shut, a policy change.
write('flows-time-ports', header(1 << 15 | 1 << 16 | 1, 4, [TRUNK] * 6) + batch(0, [ping, ping])
      + time(4) + batch(0, [ping]) + time(6) + flow(6) + flow(10) + batch(0, [syn, ping])
      + toggle(1) + batch(0, [arp_req]) + toggle(1) + policy(1, access(0)) + flow(6, True)
      + batch(1, [tag10, arp_rep]))
# Tag edits on a frame: push, pop, set.
write('tag-edits', header(0, 64, [TRUNK] * 6)
      + edit(ping, [(0, 0x000a), (4, 0x00c8), (1, 0), (2, 0xa005), (1, 0), (1, 0), (0, 0x0fff)])
      + edit(runt, [(0, 1), (1, 0)]))
# A full batch whose flow outputs to one port three times: the queue overflows.
write('full-batch', header(1 << 17 | 1, 64, [TRUNK] * 6) + batch(1, [sctp] * 40 + [ping] * 24))
# Ports removed and added back, renumbered, counters cleared; mod-flows, loose
# del-flows with an out_port, all flows deleted.
write('ports-and-flow-edits', header(0b11110 | 1 << 6 | 1, 64, [TRUNK] * 6)
      + batch(0, [arp_req, tag1]) + remove_or_add(1) + batch(0, [ping]) + remove_or_add(1)
      + renumber(2, 9) + batch(2, [syn]) + clear_stats(0) + mod_flows(1, 8)
      + batch(0, [tag1, tag10]) + mod_flows(6, 16, strict=True) + del_loose(0)
      + del_loose(4, out_port=2) + batch(1, [syn]) + clear_flows() + batch(1, [ping]))
