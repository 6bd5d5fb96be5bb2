#!/usr/bin/python3
"""Telnet logins as a client (or an attacker) makes them, for the access
tests of switchd's telnet server.  HOST PORT first, then one action:

    refused                 connects and prints what the server says until it
                            closes (10 s at most); "closed=1" if it closed
    login USER PASS [LINE]...
                            logs in, runs each LINE, prints the screen;
                            "login=ok" or "login=failed"
    enable USER PASS SECRET logs in, types `enable` and SECRET; prints the
                            screen and "prompt=#" or "prompt=>"
    delays USER N           one session, N wrong passwords for USER: for each,
                            "answer_ms=A wait_ms=W" -- A from the password to
                            "% Login invalid", W from then to the next
                            "Username:" -- and "text=..." for the last answer
    timing USER ROUNDS      ROUNDS x (a wrong password for USER, one for an
                            unknown user), each on a new connection, in turn;
                            prints the median answer times "known_ms=K
                            unknown_ms=U" (from the password to the answer)
    silent N SECONDS        opens N connections that type nothing (or, with
                            a negative N, -N that type a letter every 0.3 s
                            and never Enter); prints "closed=C" for how many
                            the server closed within SECONDS and the text
                            the first one got ("text=...")
    held USER PASS SECONDS  logs in, stays idle for SECONDS, runs `show
                            version`; "alive=1" if it answered
    flood N                 N connections one after the other, each read until
                            the server closes it; "closed=C" how many did
    pipelined USER N        sends N wrong logins for USER at once, closes its
                            side, and prints "closed_ms=T": the time until
                            the server closed too, and "invalid=I" how many
                            "% Login invalid" came
Telnet negotiation bytes are dropped from what is printed.
"""
import re
import socket
import statistics
import sys
import time

IAC_RE = re.compile(rb"\xff[\xfb-\xfe].|\xff\xfa.*?\xff\xf0", re.S)


class Conn:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.buf = b""
        self.closed = False

    def read_until(self, pattern, timeout=20.0):
        """Reads until 'pattern' (bytes) is in what was read since the last
        call, or the connection ends; returns that text (negotiation
        dropped).  Raises TimeoutError."""
        deadline = time.time() + timeout
        while pattern is None or pattern not in IAC_RE.sub(b"", self.buf):
            left = deadline - time.time()
            if left <= 0:
                if pattern is None:
                    break
                raise TimeoutError("no %r in %r" % (pattern, self.buf[-300:]))
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                data = b""
            if not data:
                self.closed = True
                break
            self.buf += data
        out, self.buf = IAC_RE.sub(b"", self.buf), b""
        return out.decode(errors="replace")

    def send(self, line):
        self.sock.sendall(line.encode() + b"\r")


def say(key, value):
    print("%s=%s" % (key, value), flush=True)


def login(c, user, password):
    c.read_until(b"Username:")
    c.send(user)
    c.read_until(b"Password:")
    c.send(password)
    return c.read_until(b">", timeout=30)


def act_refused(host, port):
    c = Conn(host, port)
    text = c.read_until(None, timeout=10)
    print(text)
    say("closed", int(c.closed))


def act_login(host, port, user, password, *lines):
    c = Conn(host, port)
    out = login(c, user, password)
    print(out)
    if "% Login invalid" in out or not out.rstrip().endswith(">"):
        say("login", "failed")
        return
    say("login", "ok")
    for line in lines:
        c.send(line)
        print(c.read_until(b"\n", timeout=10) + c.read_until(None, timeout=1))


def act_enable(host, port, user, password, secret):
    c = Conn(host, port)
    out = login(c, user, password)
    c.send("enable")
    out = c.read_until(b"\n", timeout=10) + c.read_until(None, timeout=1)
    if out.rstrip().endswith("Password:"):
        c.send(secret)
        out += c.read_until(b"\nswitch", timeout=30) + c.read_until(None, timeout=0.5)
    print(out)
    say("prompt", out.rstrip()[-1:])


def act_delays(host, port, user, n):
    c = Conn(host, port)
    c.read_until(b"Username:")
    for _ in range(int(n)):
        c.send(user)
        c.read_until(b"Password:")
        t0 = time.monotonic()
        c.send("wrong-password")
        text = c.read_until(b"% Login invalid", timeout=60)
        t1 = time.monotonic()
        text += c.read_until(b"Username:", timeout=60)
        t2 = time.monotonic()
        say("answer_ms", "%d wait_ms=%d" % ((t1 - t0) * 1000, (t2 - t1) * 1000))
    say("text", text.replace("\r", "").replace("\n", "|"))


def answer_ms(host, port, user):
    c = Conn(host, port)
    c.read_until(b"Username:")
    c.send(user)
    c.read_until(b"Password:")
    t0 = time.monotonic()
    c.send("wrong-password")
    c.read_until(b"% Login invalid", timeout=60)
    ms = (time.monotonic() - t0) * 1000
    c.sock.close()
    return ms


def act_timing(host, port, user, rounds):
    known, unknown = [], []
    for i in range(int(rounds)):
        known.append(answer_ms(host, port, user))
        unknown.append(answer_ms(host, port, "nobody%d" % i))
    say("known_ms", "%d unknown_ms=%d" % (statistics.median(known), statistics.median(unknown)))


def act_silent(host, port, n, seconds):
    n = int(n)
    typing = n < 0
    conns = [Conn(host, port) for _ in range(abs(n))]
    deadline = time.time() + float(seconds)
    texts = [""] * len(conns)
    while time.time() < deadline and not all(c.closed for c in conns):
        for i, c in enumerate(conns):
            if not c.closed:
                texts[i] += c.read_until(None, timeout=0.3 / len(conns))
                if typing and not c.closed:
                    try:
                        c.sock.sendall(b"a")
                    except OSError:
                        pass
    say("closed", sum(c.closed for c in conns))
    say("text", texts[0].replace("\r", "").replace("\n", "|"))


def act_held(host, port, user, password, seconds):
    c = Conn(host, port)
    login(c, user, password)
    time.sleep(float(seconds))
    try:
        c.send("show version")
        out = c.read_until(b"Version", timeout=10)
    except (OSError, TimeoutError):
        out = ""
    say("alive", int("Version" in out))


def act_flood(host, port, n):
    closed = 0
    for _ in range(int(n)):
        c = Conn(host, port)
        c.read_until(None, timeout=10)
        closed += c.closed
        c.sock.close()
    say("closed", closed)


def act_pipelined(host, port, user, n):
    c = Conn(host, port)
    c.read_until(b"Username:")
    t0 = time.monotonic()
    c.sock.sendall(b"".join(b"%s\rwrong-password\r" % user.encode() for _ in range(int(n))))
    c.sock.shutdown(socket.SHUT_WR)
    text = c.read_until(None, timeout=90)
    say("closed_ms", "%d invalid=%d" % ((time.monotonic() - t0) * 1000,
                                        text.count("% Login invalid")))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    host, port, action = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    acts = {"refused": act_refused, "login": act_login, "enable": act_enable,
            "delays": act_delays, "timing": act_timing, "silent": act_silent,
            "held": act_held, "flood": act_flood, "pipelined": act_pipelined}
    if action not in acts:
        sys.exit(__doc__)
    acts[action](host, port, *sys.argv[4:])


if __name__ == "__main__":
    main()
