#!/usr/bin/python3
"""flood.py IFNAME COUNT SECONDS: send COUNT 60-byte broadcast frames
(ff:ff:ff:ff:ff:ff <- the netdev's own address, EtherType 0x88b5, local
experimental) out of IFNAME, spread evenly over SECONDS (0: as fast as
possible).  Prints "sent N in S s".  A broadcast storm for the storm-control
test; a send the kernel refuses (ENOBUFS) is retried after a short pause."""
import socket, sys, time

ifname, count, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
src = s.getsockname()[4][:6]
frame = (b"\xff" * 6 + src + b"\x88\xb5" + b"storm").ljust(60, b"\0")
start = time.monotonic()
sent = 0
while sent < count:
    due = start + seconds * sent / count
    now = time.monotonic()
    if due > now:
        time.sleep(due - now)
    try:
        s.send(frame)
        sent += 1
    except OSError:
        time.sleep(0.001)
print("sent %d in %.2f s" % (sent, time.monotonic() - start))
