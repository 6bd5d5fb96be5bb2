#!/usr/bin/python3
# gso_tap.py TAPNAME GOFILE MSS...: makes TAP TAPNAME (IFF_VNET_HDR) and
# sets it up; once GOFILE exists (the test's switchd has its port), writes
# for each MSS one broadcast TCP super-frame of 60000 bytes of payload with
# that gso_size, as a VM's virtio-net would, 1 s apart; keeps the TAP 1 s
# more.  For t_vxlan_hostile.sh.
import fcntl, os, struct, sys, time
TUNSETIFF = 0x400454ca
IFF_TAP, IFF_NO_PI, IFF_VNET_HDR = 0x0002, 0x1000, 0x4000
name, gofile, msss = sys.argv[1], sys.argv[2], [int(m) for m in sys.argv[3:]]
fd = os.open('/dev/net/tun', os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TAP | IFF_NO_PI | IFF_VNET_HDR))
os.system('ip link set %s up' % name)
deadline = time.time() + 120
while not os.path.exists(gofile):
    if time.time() > deadline:
        sys.exit('gso_tap: %s never came' % gofile)
    time.sleep(0.1)
pay = 60000


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + 20 + pay, 1, 0x4000, 64, 6, 0,
                 bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
tcp = struct.pack('!HHIIBBHHH', 1234, 80, 1, 0, 5 << 4, 0x18, 65535, 0, 0)
frame = b'\xff' * 6 + b'\x02\x00\x00\x00\x00\x01' + b'\x08\x00' + ip + tcp + b'x' * pay
for mss in msss:
    # virtio_net_hdr: NEEDS_CSUM, GSO TCPV4, hdr_len, gso_size, csum_start, csum_offset
    os.write(fd, struct.pack('<BBHHHH', 1, 1, 54, mss, 34, 16) + frame)
    time.sleep(1)
