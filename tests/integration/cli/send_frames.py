#!/usr/bin/python3
"""send_frames.py IFNAME DST SRC [SIZE [VID]]: send one frame DST <- SRC out
of IFNAME, 802.1Q-tagged with VID if given, EtherType 0x88b5 (local
experimental), SIZE bytes in all (default 60).  For what no well-behaved
host sends."""
import socket, sys

ifname, dst, src = sys.argv[1], sys.argv[2], sys.argv[3]
size = int(sys.argv[4]) if len(sys.argv) > 4 else 60
mac = lambda s: bytes.fromhex(s.replace(":", ""))
frame = mac(dst) + mac(src)
if len(sys.argv) > 5:
    frame += b"\x81\x00" + int(sys.argv[5]).to_bytes(2, "big")
frame += b"\x88\xb5"
frame += b"tapswitch".ljust(size - len(frame), b"\0")
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
s.send(frame)
