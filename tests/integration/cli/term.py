#!/usr/bin/python3
"""Drive a tapswitch shell like a user at a terminal and print the screen.

    term.py telnet HOST PORT SCRIPT     a real telnet connection (raw TCP,
                                        IAC negotiation answered as a client)
    term.py swsh SWSH SOCKET SCRIPT     swsh's interactive console in a pty

SCRIPT holds one step per line:
    LINE            type LINE and Enter, wait for the next prompt
    ?LINE           type LINE then '?', wait for the help and the prompt
                    with LINE drawn again, then erase the line (^U)
    \\tLINE          type LINE, wait for its echo, then TAB; wait for the
                    answer (completion or bell), record the line as
                    "[TAB] <line>", then ^U
    \\t\\tLINE        the same with TAB twice (candidates listed)
    ^Z              type ^Z
    @sleep SECONDS  wait
    @wait TEXT      wait for TEXT to arrive by itself (a `terminal monitor`
                    log line) and the prompt drawn again after it
    @expect-close   the session must end (exit, idle timeout)
    @telnet STEP    STEP on telnet only (@swsh STEP: in swsh only), where the
                    two differ (^Z suspends swsh, as any terminal program)
    # ...           comment (not sent)
    # mask: REGEX   comment too: what REGEX (Python re) matches on a screen
                    line is shown as "<masked>" (a clock, say: the regex
                    then also checks its format)
The output is what a terminal would show: backspaces applied, bells shown
as " <BEL>" at the end of their line, trailing blanks removed.  Lines matching "uptime is", crypt
hashes, log timestamps ("*Dec  5 22:45:01.123:") and `show logging`'s
message counts are masked so transcripts can be compared verbatim.  Exit status 1
if a step timed out waiting for a prompt.
"""
import os
import pty
import re
import select
import socket
import sys
import time

MASKS = []                          # the script's "# mask:" expressions
PROMPT_BODY = rb"(?:^|[\r\n])[A-Za-z0-9._-]+(?:\([a-z-]+\))?[>#] ?"
PROMPT_RE = re.compile(PROMPT_BODY + rb"$|(?:Username|Password): ?$")
IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240


class Screen:
    """A minimal terminal: \\r, \\n, \\b, BEL, printable characters."""

    def __init__(self):
        self.lines = [""]
        self.col = 0
        self.bells = set()          # lines that rang the bell

    def feed(self, data):
        for ch in data.decode("utf-8", errors="replace"):
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self.lines.append("")
                self.col = 0
            elif ch == "\b":
                self.col = max(0, self.col - 1)
            elif ch == "\a":
                self.bells.add(len(self.lines) - 1)
            elif ch == "\x1b":
                continue
            elif ch >= " " or ch == "\t":
                self.put(ch)

    def put(self, text):
        line = self.lines[-1]
        if len(line) < self.col:
            line += " " * (self.col - len(line))
        self.lines[-1] = line[:self.col] + text + line[self.col + len(text):]
        self.col += len(text)

    def text(self):
        out = []
        for i, line in enumerate(self.lines):
            line = line.rstrip() + (" <BEL>" if i in self.bells else "")
            line = re.sub(r"uptime is .*", "uptime is <masked>", line)
            line = re.sub(r"\$6\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+", "$6$<hash>", line)
            line = re.sub(r"^\*[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8}\.[0-9]{3}:", "*<time>:", line)
            line = re.sub(r"\b[0-9]+ messages logged", "<n> messages logged", line)
            for mask in MASKS:
                line = mask.sub("<masked>", line)
            out.append(line)
        while out and not out[-1]:
            out.pop()
        return "\n".join(out) + "\n"


class Telnet:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        self.sock.setblocking(False)
        self.pending = b""

    def fileno(self):
        return self.sock.fileno()

    def send(self, data):
        self.sock.sendall(data)

    def recv(self):
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return b""
        if not data:
            raise EOFError
        return self.strip_iac(data)

    def strip_iac(self, data):
        """Drop telnet negotiation (libcli's WILL ECHO/SGA, DO ECHO/SGA)."""
        data = self.pending + data
        self.pending = b""
        out = bytearray()
        i = 0
        while i < len(data):
            if data[i] != IAC:
                out.append(data[i])
                i += 1
                continue
            if i + 1 >= len(data):
                self.pending = data[i:]
                break
            cmd = data[i + 1]
            if cmd in (DO, DONT, WILL, WONT):
                if i + 2 >= len(data):
                    self.pending = data[i:]
                    break
                i += 3
            elif cmd == SB:
                end = data.find(bytes([IAC, SE]), i)
                if end < 0:
                    self.pending = data[i:]
                    break
                i = end + 2
            elif cmd == IAC:
                out.append(IAC)
                i += 2
            else:
                i += 2
        return bytes(out)

    def close(self):
        self.sock.close()


class Pty:
    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "dumb"
            os.environ["INPUTRC"] = "/dev/null"
            os.execv(argv[0], argv)

    def fileno(self):
        return self.fd

    def send(self, data):
        os.write(self.fd, data)

    def recv(self):
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            raise EOFError
        if not data:
            raise EOFError
        return data

    def close(self):
        try:
            os.close(self.fd)
        except OSError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def read_until(conn, screen, done, timeout=30.0):
    """Feeds the screen until done(raw) is true; returns the raw bytes."""
    raw = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        r, _, _ = select.select([conn], [], [], 0.05)
        if r:
            try:
                data = conn.recv()
            except EOFError:
                return raw, True
            raw += data
            screen.feed(data)
            if done(raw):
                # Let a trailing echo settle.
                return raw, False
    raise TimeoutError(raw)


def erase(conn, screen, text):
    """^U: erase the typed line (not on an empty one: readline rings the bell)."""
    if text:
        conn.send(b"\x15")
        settle(conn, screen, quiet=0.1)


def at_prompt(raw):
    return PROMPT_RE.search(raw) is not None


def settle(conn, screen, quiet=0.3, timeout=5.0):
    """Reads until nothing arrives for 'quiet' seconds."""
    deadline = time.time() + timeout
    last = time.time()
    while time.time() < deadline and time.time() - last < quiet:
        r, _, _ = select.select([conn], [], [], 0.05)
        if r:
            try:
                data = conn.recv()
            except EOFError:
                return
            screen.feed(data)
            last = time.time()


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("telnet", "swsh"):
        sys.exit(__doc__)
    kind, a, b, script = sys.argv[1:]
    if kind == "telnet":
        conn = Telnet(a, b)
        newline = b"\r"
    else:
        conn = Pty([a, "-s", b])
        newline = b"\r"
    for step in open(script, encoding="utf-8").read().splitlines():
        if step.startswith("# mask: "):
            MASKS.append(re.compile(step[len("# mask: "):]))
    screen = Screen()
    status = 0
    closed = False
    try:
        read_until(conn, screen, at_prompt)
        for step in open(script, encoding="utf-8").read().splitlines():
            if not step or step.startswith("#"):
                continue
            if step.startswith("@telnet ") or step.startswith("@swsh "):
                only, step = step[1:].split(" ", 1)
                if only != kind:
                    continue
            if step.startswith("@sleep"):
                time.sleep(float(step.split()[1]))
                continue
            if step.startswith("@wait "):
                text = step[6:].encode()
                try:
                    read_until(conn, screen, lambda raw: text in raw
                               and at_prompt(raw[raw.rfind(text):]))
                except TimeoutError:
                    screen.lines.append("<no " + step[6:] + " arrived>")
                    status = 1
                continue
            if step == "@expect-close":
                try:
                    _, closed = read_until(conn, screen, lambda raw: False, timeout=30)
                except TimeoutError:
                    screen.lines.append("<session still open>")
                    status = 1
                continue
            if step == "^Z":
                conn.send(b"\x1a")
                read_until(conn, screen, at_prompt)
                continue
            if step.startswith("?"):
                text = step[1:].encode()
                conn.send(text + b"?")
                # The help, then the prompt and the line drawn again.
                redrawn = re.compile(PROMPT_BODY + re.escape(text) + rb"$")
                try:
                    read_until(conn, screen, lambda raw: b"\n" in raw and redrawn.search(raw))
                except TimeoutError:
                    screen.lines.append("<no help line redrawn>")
                    status = 1
                settle(conn, screen, quiet=0.1)
                erase(conn, screen, text)
                continue
            if step.startswith("\\t"):
                double = step.startswith("\\t\\t")
                text = (step[4:] if double else step[2:]).encode()
                conn.send(text)
                if text:
                    read_until(conn, screen, lambda raw: raw.endswith(text))
                for _ in range(2 if double else 1):
                    conn.send(b"\t")
                    try:
                        read_until(conn, screen, lambda raw: len(raw) > 0, timeout=3)
                    except TimeoutError:
                        pass                # nothing to complete, no bell
                    settle(conn, screen)
                # The completed line, kept before ^U erases it.
                done = screen.lines[-1].rstrip()
                if len(screen.lines) - 1 in screen.bells:
                    done += " <BEL>"
                    screen.bells.discard(len(screen.lines) - 1)
                erase(conn, screen, b"x")
                screen.lines.insert(len(screen.lines) - 1, "[TAB] " + done)
                continue
            conn.send(step.encode() + newline)
            _, closed = read_until(conn, screen, at_prompt)
            if closed:
                break
        if not closed:
            settle(conn, screen, quiet=0.1)
    except TimeoutError:
        screen.lines.append("<timed out waiting for a prompt>")
        status = 1
    finally:
        conn.close()
    sys.stdout.write(screen.text())
    sys.exit(status)


if __name__ == "__main__":
    main()
