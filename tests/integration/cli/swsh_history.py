#!/usr/bin/python3
"""swsh's command history as a user at a terminal sees it.

    swsh_history.py SWSH SOCKET HISTFILE LINE...

Starts SWSH -s SOCKET in a pty (HOME must make HISTFILE its history file),
prints "at_start=..." -- the lines of HISTFILE once the first prompt is
shown, joined by '|' -- types each LINE and Enter, then ^P twice and prints
"previous1=..." and "previous2=...": the lines readline brings back from
its in-memory history.  Then ^U and ^D end swsh, which writes HISTFILE.
"""
import os
import pty
import re
import select
import sys
import time

PROMPT = re.compile(rb"[A-Za-z0-9._-]+(?:\([a-z-]+\))?[>#] ?$")


def read(fd, until=None, quiet=0.3, timeout=10.0):
    out = b""
    deadline = time.time() + timeout
    last = time.time()
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
            last = time.time()
            if until is not None and until.search(out):
                return out
        elif until is None and time.time() - last >= quiet:
            return out
    if until is not None:
        raise TimeoutError(out[-200:])
    return out


def history_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "|".join(line.rstrip("\n") for line in f)
    except FileNotFoundError:
        return "<none>"


def current_line(screen):
    """The line readline shows last, after the prompt, as a terminal would
    draw it: readline on a dumb terminal redraws with \\r and \\b."""
    line, col = [], 0
    for ch in screen.decode(errors="replace"):
        if ch == "\r":
            col = 0
        elif ch == "\n":
            line, col = [], 0
        elif ch == "\b":
            col = max(0, col - 1)
        elif ch >= " ":
            line[col:col + 1] = [ch]
            col += 1
    text = "".join(line).rstrip()
    m = re.search(r"[>#] ?(.*)$", text)
    return m.group(1) if m else text


def main():
    swsh, sock, hist = sys.argv[1:4]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        os.environ["INPUTRC"] = "/dev/null"
        os.execv(swsh, [swsh, "-s", sock])
    read(fd, PROMPT)
    print("at_start=" + history_lines(hist), flush=True)
    for line in sys.argv[4:]:
        os.write(fd, line.encode() + b"\r")
        read(fd, PROMPT)
    for n in (1, 2):
        os.write(fd, b"\x10")                   # ^P: previous history line
        print("previous%d=%s" % (n, current_line(read(fd))), flush=True)
    os.write(fd, b"\x15")                       # ^U
    read(fd)
    os.write(fd, b"\x04")                       # ^D on an empty line: exit
    read(fd, timeout=5)
    _, status = os.waitpid(pid, 0)
    print("exit=%d" % os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    main()
