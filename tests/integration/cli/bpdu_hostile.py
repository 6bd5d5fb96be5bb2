#!/usr/bin/python3
"""bpdu_hostile.py IFNAME MODE [ARG]: hostile BPDUs out of IFNAME (a raw socket;
t_stp_hostile.sh).  MODE: malformed (every truncation, bad lengths, LLC,
types, versions, absurd timers), hijack (a root of priority 0), tagged,
ownmac MAC (the switch's own bridge address), reserved (the other
01:80:c2:00:00:0X), flood N (N RST BPDUs, each naming a new root), tcnflood N."""
import socket, struct, sys, time
ifname, mode = sys.argv[1], sys.argv[2]
arg = sys.argv[3] if len(sys.argv) > 3 else None
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
src = s.getsockname()[4]
GROUP = bytes.fromhex("0180c2000000")

def mac(t): return bytes.fromhex(t.replace(":", "").replace(".", ""))

def bpdu(btype=2, version=2, flags=0x3c, root_prio=32768, root_mac=src, cost=0,
         br_prio=32768, br_mac=src, port=0x8001, age=0, max_age=20, hello=2, fwd=15,
         dst=GROUP, s_mac=src, length=None, llc=b"\x42\x42\x03", tag=None):
    if btype == 0x80:
        body = struct.pack("!HBB", 0, version, btype)
    else:
        body = struct.pack("!HBBB", 0, version, btype, flags)
        body += struct.pack("!H", root_prio) + root_mac + struct.pack("!I", cost)
        body += struct.pack("!H", br_prio) + br_mac + struct.pack("!H", port)
        body += struct.pack("!HHHH", age * 256, max_age * 256, hello * 256, fwd * 256)
        if btype == 2:
            body += b"\x00"
    pdu = llc + body
    n = len(pdu) if length is None else length
    hdr = dst + s_mac
    if tag is not None:
        hdr += struct.pack("!HH", 0x8100, tag)
    f = hdr + struct.pack("!H", n) + pdu
    return f + b"\x00" * max(0, 60 - len(f))

frames = []
if mode == "malformed":
    good = bpdu()
    for cut in range(14, len(good.rstrip(b"\x00")) + 1):
        frames.append(good[:cut])                  # every truncation
    frames.append(bpdu(length=1497))               # 802.3 length past the frame
    frames.append(bpdu(length=0))
    frames.append(bpdu(length=2))
    frames.append(bpdu()[:14] + b"\x42\x42\x03" + b"\xff" * 1400)   # oversized junk
    frames.append(bpdu() + b"\xab" * 1400)         # a good BPDU, oversized frame
    frames.append(bpdu(length=0x0800))             # an EtherType, not a length
    frames.append(bpdu(llc=b"\xaa\xaa\x03"))       # SNAP, not STP's LLC
    frames.append(bpdu(btype=0x7f))                # unknown type
    frames.append(bpdu(btype=2, version=0))        # RST type with version 0
    frames.append(bpdu(btype=2, version=255))      # future version
    frames.append(bpdu(btype=0, version=255))
    frames.append(bpdu(btype=0x80, version=255))
    frames.append(bpdu(max_age=0, root_prio=4096))           # absurd timers
    frames.append(bpdu(age=30, max_age=20, root_prio=4096))
    frames.append(bpdu(hello=0, fwd=0, root_prio=4096))
    frames.append(bpdu(btype=0, version=0, age=255, max_age=255, hello=255, fwd=255, root_prio=4096))
    frames.append(bpdu(port=0x0000))
    frames.append(bpdu(flags=0xff))
    frames.append(bpdu(cost=0xffffffff))
elif mode == "hijack":                             # root with priority 0
    frames = [bpdu(root_prio=0, br_prio=0, flags=0x0e)]
elif mode == "tagged":
    frames = [bpdu(tag=100, root_prio=0, br_prio=0), bpdu(tag=0, root_prio=0, br_prio=0)]
elif mode == "ownmac":                             # the switch's own bridge address
    m = mac(arg)
    frames = [bpdu(root_prio=0, root_mac=m, br_prio=0, br_mac=m, s_mac=m)]
elif mode == "reserved":
    for last in range(1, 16):
        frames.append(bpdu(dst=GROUP[:5] + bytes([last]), root_prio=0))
elif mode in ("flood", "tcnflood"):
    n = int(arg)
    for i in range(n):
        if mode == "flood":         # a new root every frame
            s.send(bpdu(root_prio=(i % 16) * 4096, root_mac=struct.pack("!HI", 0x0200, i),
                        flags=0x3d if i & 1 else 0x3c))
        else:
            s.send(bpdu(btype=0x80, version=0))
    sys.exit(0)
# Under the switch's 32 BPDUs a second and port (docs/design.md section
# 5.13), so that each is parsed, and a second's pause so the next run
# starts a new second.
for f in frames:
    s.send(f)
    time.sleep(0.04)
time.sleep(1.1)
