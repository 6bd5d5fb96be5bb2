#!/usr/bin/python3
"""Two telnet sessions and one swsh console open at once, each running lines.

    session_users.py SOCKET PORT STEP...

Session 'a' is telnet from 127.0.0.1 as $A_USER/$A_PASS, 'b' telnet from
127.0.0.2 as $B_USER/$B_PASS (both enable with $ENABLE), 'c' a console on
the control SOCKET (docs/control-protocol.md).  All three are open before
the first step and stay open until the last.  A STEP is "a:LINE" (or b:,
c:): LINE runs in that session; its output is printed after a line
"== a: LINE", each line as the session shows it.  A STEP "a:@close" ends
session a (typing exit, then waiting for the end of the connection);
"a:^Z" types ^Z in telnet session a.  A STEP "log:N:TEXT" waits until
switchd's log ($SWITCHD_LOG) holds TEXT N times (exit 1 after 10 s).
After the last step every session still open is dropped: its connection
closed in whatever mode it is.  Exits 1 if a session does not answer.
"""
import os
import socket
import sys
import time


class Telnet:
    def __init__(self, port, source, user, password, secret):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30,
                                             source_address=(source, 0))
        self.buf = b""
        self.answer(b"Username:", user)
        self.answer(b"Password:", password)
        self.read_prompt()
        self.sock.sendall(b"enable\r")
        self.answer(b"Password:", secret)
        self.read_prompt()

    def recv(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("telnet session closed")
        # libcli's option negotiation.
        self.buf += data.replace(b"\xff\xfb\x03\xff\xfb\x01\xff\xfd\x03\xff\xfd\x01", b"")

    def answer(self, question, text):
        while not self.buf.rstrip().endswith(question):
            self.recv()
        self.buf = b""
        self.sock.sendall(text.encode() + b"\r")

    def read_prompt(self):
        while not (self.buf.rstrip(b" ").endswith((b">", b"#")) and b"\n" in self.buf):
            self.recv()
        out, self.buf = self.buf, b""
        return out.decode(errors="replace")

    def run(self, line):
        self.sock.sendall(line.encode() + b"\r")
        text = self.read_prompt().replace("\r", "")
        lines = text.split("\n")
        # The echo of the line first, the next prompt last.
        return [l for l in lines[1:-1] if l]

    def ctrl_z(self):
        self.sock.sendall(b"\x1a")
        self.read_prompt()

    def close(self):
        """exit, and wait for the end of the connection: by then the
        session has left switchd's registry."""
        self.sock.sendall(b"exit\r")
        try:
            while self.sock.recv(4096):
                pass
        except OSError:
            pass
        self.sock.close()

    def drop(self):
        self.sock.close()


class Console:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(path)
        self.file = self.sock.makefile("rb")
        self.reply()

    def reply(self):
        lines = []
        while True:
            line = self.file.readline()
            if not line:
                raise EOFError("console closed")
            line = line.decode(errors="replace").rstrip("\n")
            if line[4] == " ":
                return lines
            lines.append(line[5:])

    def run(self, line):
        self.sock.sendall(b"X " + line.encode() + b"\n")
        return self.reply()

    def close(self):
        self.sock.sendall(b"X exit\n")
        self.reply()
        self.sock.close()

    def drop(self):
        self.sock.close()


def wait_log(count, text, timeout=10):
    """Waits until switchd's log ($SWITCHD_LOG) has 'text' 'count' times."""
    deadline = time.time() + timeout
    while True:
        with open(os.environ["SWITCHD_LOG"], encoding="utf-8", errors="replace") as f:
            if f.read().count(text) >= count:
                return
        if time.time() > deadline:
            raise TimeoutError("not %d x %r in switchd's log" % (count, text))
        time.sleep(0.05)


def main():
    sock, port, steps = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    env = os.environ
    sessions = {
        "a": Telnet(port, "127.0.0.1", env["A_USER"], env["A_PASS"], env["ENABLE"]),
        "b": Telnet(port, "127.0.0.2", env["B_USER"], env["B_PASS"], env["ENABLE"]),
        "c": Console(sock),
    }
    for step in steps:
        name, line = step.split(":", 1)
        if name == "log":
            count, text = line.split(":", 1)
            wait_log(int(count), text)
            print("== log: %s x %s" % (count, text), flush=True)
            continue
        if line == "^Z":
            sessions[name].ctrl_z()
            print("== %s: ^Z" % name, flush=True)
            continue
        if line == "@close":
            sessions.pop(name).close()
            print("== %s closed" % name, flush=True)
            continue
        print("== %s: %s" % (name, line))
        for out in sessions[name].run(line):
            print(out)
        sys.stdout.flush()
    for s in sessions.values():
        s.drop()


if __name__ == "__main__":
    try:
        main()
    except (OSError, EOFError, socket.timeout) as e:
        print("session_users.py: %s" % e, file=sys.stderr)
        sys.exit(1)
