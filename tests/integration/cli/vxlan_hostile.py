#!/usr/bin/python3
# vxlan_hostile.py SRC_IP DST_IP MODE [N]: VXLAN payloads for
# t_vxlan_hostile.sh, N times each, from SRC_IP to DST_IP, UDP port 4789
# (or $VX_PORT; bcast's VNI: $VX_VNI, default 10100).  MODE: garbage (15 bad and odd payloads in VNI 10100),
# macflood (N broadcasts from N source MACs), bcast (N broadcasts from one
# MAC).
import socket, struct, sys, os, random
src, dst, mode = sys.argv[1], sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 1
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
s.bind((src, 0))
def hdr(vni, flags=0x08):
    return struct.pack('!B3xI', flags, vni << 8)
def mac(m): return bytes.fromhex(m.replace(':', ''))
BC = b'\xff' * 6
SRC = mac('02:00:00:00:aa:01')
def eth(d, sm, typ=0x0800, payload=b'\x45' + b'\0' * 45):
    return d + sm + struct.pack('!H', typ) + payload
def tx(p):
    try:
        s.sendto(p, (dst, int(os.environ.get('VX_PORT', '4789'))))
    except OSError as e:
        print('send', len(p), e, file=sys.stderr)
if mode == 'garbage':
    for p in [b'', b'\x08', hdr(10100), hdr(10100) + b'\0' * 13,
              hdr(10100, 0) + eth(BC, SRC), hdr(10100, 0xff) + eth(BC, SRC),
              hdr(999) + eth(BC, SRC), hdr(10100) + eth(BC, SRC)[:14],
              hdr(10100) + eth(BC, BC), hdr(10100) + eth(BC, b'\0' * 6),
              hdr(10100) + BC + SRC + b'\x81\x00\x00\x64\x81\x00\x00\xc8\x08\x00' + b'\0' * 40,
              hdr(10100) + BC + SRC + b'\x88\xa8\x00\x64\x81\x00\x00\xc8\x08\x00' + b'\0' * 40,
              hdr(10100) + BC + SRC + b'\x81\x00',
              hdr(10100) + eth(BC, SRC, payload=os.urandom(65507 - 22)),
              hdr(10100) + eth(mac('01:80:c2:00:00:00'), SRC),
              ]:
        for _ in range(n):
            tx(p)
elif mode == 'macflood':
    for i in range(n):
        m = struct.pack('!HI', 0x0200, i)
        tx(hdr(10100) + eth(BC, m))
elif mode == 'bcast':
    for i in range(n):
        tx(hdr(int(os.environ.get('VX_VNI', '10100'))) + eth(BC, SRC))
