#!/usr/bin/python3
"""inject.py IFNAME SRC_MAC [VID]: send one broadcast frame out of IFNAME."""
import socket, sys
ifname, src = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", "").replace(".", ""))
frame = b"\xff" * 6 + src
if len(sys.argv) > 3:
    frame += b"\x81\x00" + int(sys.argv[3]).to_bytes(2, "big")
frame += b"\x88\xb5" + b"tapswitch transcript".ljust(46, b"\0")
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
s.send(frame)
