#!/usr/bin/python3
"""Console clients that hold switchd's control socket (SOCK) and wait for
switchd to drop them.

  console_idle.py SOCK silent N         N clients read the greeting and send
        nothing
  console_idle.py SOCK idle N ACTIVE_S  N-1 clients run one command and then
        send nothing; one more runs a command every second for ACTIVE_S s

Prints "held N" (flushed) once every client is connected (and has run its
command), then, once the idle ones were all dropped, "dropped K of N after
MIN-MAX s: FAREWELL" (seconds since each one connected, or sent its
command; FAREWELL is the last line before the end of the connection, the
same for all or "mixed"),
and in idle mode "active ran R commands in S s" or "active dropped: ...".
Exits 1 if some client was not dropped within 120 s."""
import socket
import sys
import threading
import time

sock_path, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])


def reply(s):
    """The lines of one reply, up to and including its final line."""
    buf = b""
    while True:
        data = s.recv(65536)
        if not data:
            raise EOFError("closed before the final line: %r" % buf[-200:])
        buf += data
        lines = buf.split(b"\n")
        for i, line in enumerate(lines[:-1]):
            if len(line) >= 5 and line[4:5] == b" ":
                return [l.decode(errors="replace") for l in lines[:i + 1]]


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(sock_path)
    r = reply(s)
    if not r[-1].startswith("0001 "):
        sys.exit("not greeted: %r" % r)
    return s


def wait_dropped(s, since, results):
    """Reads until the end; records (seconds, last line)."""
    s.settimeout(120)
    buf = b""
    try:
        while True:
            data = s.recv(4096)
            if not data:
                break
            buf += data
    except OSError:
        pass
    lines = [l for l in buf.decode(errors="replace").split("\n") if l]
    farewell = lines[-2] if len(lines) >= 2 and lines[-1] == "0009 bye" else "no farewell: %r" % lines
    results.append((time.monotonic() - since, farewell))


def active_client(s, seconds, out):
    end, runs = time.monotonic() + seconds, 0
    try:
        while time.monotonic() < end:
            time.sleep(1)
            s.sendall(b"X show version\n")
            r = reply(s)
            if not r[-1].startswith("0000 "):
                out.append("active dropped: %r" % r)
                return
            runs += 1
        out.append("active ran %d commands in %d s" % (runs, seconds))
    except (OSError, EOFError) as e:
        out.append("active dropped: %s" % e)


# The time each client last did something, taken before it did: switchd's
# clock for it starts later, so a drop measured from here is never early.
idle_n = n if mode == "silent" else n - 1
socks, since = [], {}
for _ in range(idle_n):
    t0 = time.monotonic()
    socks.append(connect())
    since[socks[-1]] = t0
active = connect() if mode == "idle" else None
# Twice: the first round may take a while on a loaded machine, the second
# is a quick burst, so every idle clock starts about when "held" is printed.
for _ in range(2 if mode == "idle" else 0):
    for s in socks:
        since[s] = time.monotonic()
        s.sendall(b"X show version\n")
        r = reply(s)
        if not r[-1].startswith("0000 "):
            sys.exit("command failed: %r" % r)
print("held %d" % n, flush=True)

active_out = []
if active:
    active_thread = threading.Thread(target=active_client,
                                     args=(active, float(sys.argv[4]), active_out))
    active_thread.start()
results = []
threads = [threading.Thread(target=wait_dropped, args=(s, since[s], results)) for s in socks]
for t in threads:
    t.start()
for t in threads:
    t.join()
dropped = [r for r in results if r[0] < 120]
farewells = set(r[1] for r in results)
print("dropped %d of %d after %.1f-%.1f s: %s" % (
    len(dropped), len(results), min(r[0] for r in results), max(r[0] for r in results),
    farewells.pop() if len(farewells) == 1 else "mixed %r" % farewells), flush=True)
if active:
    active_thread.join()
    print(active_out[0], flush=True)
    active.close()
sys.exit(0 if len(dropped) == len(results) else 1)
