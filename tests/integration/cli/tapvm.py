#!/usr/bin/python3
"""tapvm.py IFNAME send MARK N | IFNAME count MARK

A VM's end of TAP IFNAME, as QEMU holds it (attached with TUNSETIFF,
IFF_TAP | IFF_NO_PI).  send: writes N broadcast frames whose payload holds
MARK, from source MAC 52:54:00:00:00:01, then detaches.  count: prints
"ready" once attached, then "got N" each time a frame holding MARK arrives
(N so far), until killed."""
import fcntl, os, struct, sys

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000

ifname, mode, mark = sys.argv[1], sys.argv[2], sys.argv[3].encode()
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", ifname.encode(), IFF_TAP | IFF_NO_PI))
if mode == "send":
    frame = b"\xff" * 6 + bytes.fromhex("525400000001") + b"\x88\xb5"
    frame += mark.ljust(46, b"\0")
    for _ in range(int(sys.argv[4])):
        os.write(fd, frame)
else:
    print("ready", flush=True)
    got = 0
    while True:
        if mark in os.read(fd, 65536):
            got += 1
            print("got", got, flush=True)
