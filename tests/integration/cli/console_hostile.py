#!/usr/bin/python3
"""Hostile console clients on switchd's control socket (SOCK, switchd PID).

  console_hostile.py SOCK PID bigline MIB   one request of MIB MiB with no
        newline: switchd's memory must not grow with it (at most 16 MiB, read
        from /proc/PID/status), and once the newline comes the line is
        refused ("Line too long") and the session goes on
  console_hostile.py SOCK PID nul           a request with a NUL byte is
        refused whole (9001), not run up to the NUL
Prints "ok ..." lines; exits 1 with a reason on the first failure."""
import socket
import sys
import time

sock_path, pid, what = sys.argv[1], sys.argv[2], sys.argv[3]


def rss_kib():
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    sys.exit("no VmRSS for pid %s" % pid)


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect(sock_path)
    reply(s)                                    # 0001 hello
    # A first request at once, as swsh sends: a client that sends none
    # (or only part of a line) is dropped 10 s after connecting.
    s.sendall(b"X\n")
    reply(s)
    return s


def reply(s):
    """The lines of one reply, up to and including its final line."""
    buf = b""
    while True:
        data = s.recv(65536)
        if not data:
            sys.exit("connection closed before the final line: %r" % buf[-200:])
        buf += data
        lines = buf.split(b"\n")
        for i, line in enumerate(lines[:-1]):
            if len(line) >= 5 and line[4:5] == b" ":
                return lines[:i + 1]


def check(cond, msg):
    if not cond:
        sys.exit("FAIL: " + msg)
    print("ok", msg, flush=True)


if what == "bigline":
    mib = int(sys.argv[4])
    s = connect()
    before = rss_kib()
    chunk = b"X show " + b"a" * ((1 << 20) - 7)
    for _ in range(mib):
        s.sendall(chunk)
        chunk = b"a" * (1 << 20)
    time.sleep(0.5)                             # let the session read it all
    grown = rss_kib() - before
    print("rss grew by %d KiB over a %d MiB line" % (grown, mib), flush=True)
    check(grown < 16 * 1024, "memory does not grow with an endless line (%d KiB)" % grown)
    s.sendall(b"\n")
    r = reply(s)
    check(r[-1].startswith(b"9001 ") and any(b"Line too long" in l for l in r),
          "the long line is refused: %r" % r)
    s.sendall(b"X show version\n")
    r = reply(s)
    check(r[-1].startswith(b"0000 ") and any(l.startswith(b"1000-tapswitch") for l in r),
          "the session goes on after it")
elif what == "nul":
    s = connect()
    s.sendall(b"X show version\0 and more\n")
    r = reply(s)
    check(r[-1].startswith(b"9001 "), "a line with a NUL byte is refused: %r" % r)
    check(not any(l.startswith(b"1000-") for l in r), "nothing of it ran")
    check(any(b"NUL" in l for l in r), "the error names the NUL byte")
    s.sendall(b"\0\n")
    r = reply(s)
    check(r[-1].startswith(b"9001 "), "a lone NUL byte is refused too")
    s.sendall(b"X show version\n")
    r = reply(s)
    check(r[-1].startswith(b"0000 "), "the session goes on after it")
else:
    sys.exit("unknown test " + what)
