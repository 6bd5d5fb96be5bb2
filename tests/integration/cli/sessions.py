#!/usr/bin/python3
"""N concurrent telnet sessions, each running a round of commands.

    sessions.py N HOST PORT ROUNDS PORT_NAME...

Every session logs in as $TELNET_USER with $TELNET_PASSWORD, enables with
$TELNET_SECRET (telnet needs both; they are not counted as commands), and for
ROUNDS rounds runs show commands and configuration changes (a description
on one of the PORT_NAMEs, a VLAN name), checking each answer: the expected
text must be there and the prompt must come back.  Prints one line per
failure and a summary "sessions=N commands=C failures=F max_reply_ms=M";
exits 1 on any failure.
"""
import os
import socket
import sys
import threading
import time

PROMPTS = (b">", b"#")


class Session:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=60)
        self.buf = b""

    def read_prompt(self):
        """Reads until the output ends with a prompt; returns the text."""
        deadline = time.time() + 60
        while time.time() < deadline:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("connection closed")
            self.buf += data.replace(b"\xff\xfb\x03\xff\xfb\x01\xff\xfd\x03\xff\xfd\x01", b"")
            stripped = self.buf.rstrip(b" ")
            if stripped.endswith(PROMPTS) and b"\n" in self.buf or stripped in (b"switch>",):
                out, self.buf = self.buf, b""
                return out.decode(errors="replace")
        raise TimeoutError("no prompt: %r" % self.buf[-200:])

    def run(self, line):
        self.sock.sendall(line.encode() + b"\r")
        return self.read_prompt()

    def answer(self, question, text):
        """Reads until 'question' ends the output, then types 'text'."""
        deadline = time.time() + 20
        while not self.buf.rstrip().endswith(question):
            if time.time() > deadline:
                raise TimeoutError("no %r: %r" % (question, self.buf[-200:]))
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("connection closed before %r" % question)
            self.buf += data
        self.buf = b""
        self.sock.sendall(text.encode() + b"\r")

    def login(self):
        self.answer(b"Username:", os.environ["TELNET_USER"])
        self.answer(b"Password:", os.environ["TELNET_PASSWORD"])
        self.read_prompt()
        self.sock.sendall(b"enable\r")
        self.answer(b"Password:", os.environ["TELNET_SECRET"])
        if not self.read_prompt().rstrip().endswith("#"):
            raise RuntimeError("enable failed")


def worker(i, host, port, rounds, ports, stats, lock):
    try:
        s = Session(host, port)
        s.login()
        checks = [
            ("enable", "#"),
            ("terminal length 0", "#"),
            ("show version", "tapswitch Software"),
            ("show vlan brief", "VLAN Name"),
            ("show interfaces status", "Port"),
            ("show mac address-table", "Total Mac Addresses for this criterion"),
        ]
        for r in range(rounds):
            port = ports[(i + r) % len(ports)]
            for line, expect in checks + [
                ("configure terminal", "(config)#"),
                ("interface " + port, "(config-if)#"),
                ("description session %d round %d" % (i, r), "(config-if)#"),
                ("exit", "(config)#"),
                ("vlan %d" % (100 + i), "(config-vlan)#"),
                ("name s%d-r%d" % (i, r), "(config-vlan)#"),
                ("end", "#"),
                ("show running-config | include s%d-r%d" % (i, r), "name s%d-r%d" % (i, r)),
            ]:
                t0 = time.time()
                out = s.run(line)
                ms = (time.time() - t0) * 1000
                with lock:
                    stats["commands"] += 1
                    stats["max_ms"] = max(stats["max_ms"], ms)
                if expect not in out or "% " in out.replace("% Access VLAN", ""):
                    with lock:
                        stats["failures"] += 1
                    print("session %d: %r -> %r" % (i, line, out[-300:]), flush=True)
        s.run("exit") if False else s.sock.sendall(b"exit\r")
        s.sock.close()
    except Exception as e:  # noqa: BLE001 - any failure of a session counts
        with lock:
            stats["failures"] += 1
        print("session %d: %s" % (i, e), flush=True)


def main():
    n, host, port, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    ports = sys.argv[5:]
    stats = {"commands": 0, "failures": 0, "max_ms": 0.0}
    lock = threading.Lock()
    threads = [threading.Thread(target=worker, args=(i, host, port, rounds, ports, stats, lock))
               for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("sessions=%d commands=%d failures=%d max_reply_ms=%d"
          % (n, stats["commands"], stats["failures"], stats["max_ms"]))
    sys.exit(1 if stats["failures"] else 0)


if __name__ == "__main__":
    main()
