#!/usr/bin/python3
"""Opens N telnet sessions to HOST:PORT, logs each in as $TELNET_USER with
$TELNET_PASSWORD, waits at their prompts, and reports when the server closes
each: "held N" once all are open (on stdout, then flushed), then "closed N"
once every one saw the end of the connection.  Exits 1 if they are not all
closed within TIMEOUT seconds."""
import os
import socket
import sys
import time

n, host, port, timeout = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
socks = []
for _ in range(n):
    s = socket.create_connection((host, port), timeout=30)
    buf = b""
    answers = [os.environ["TELNET_USER"], os.environ["TELNET_PASSWORD"]]
    while not buf.rstrip().endswith((b">", b"#")):
        data = s.recv(4096)
        if not data:
            sys.exit("closed before the prompt")
        buf += data
        if buf.rstrip().endswith((b"Username:", b"Password:")) and answers:
            s.sendall(answers.pop(0).encode() + b"\r")
            buf = b""
    socks.append(s)
print("held %d" % n, flush=True)
deadline = time.time() + timeout
closed = 0
for s in socks:
    s.settimeout(max(0.1, deadline - time.time()))
    try:
        while s.recv(4096):
            pass
        closed += 1
    except (socket.timeout, OSError):
        pass
print("closed %d" % closed, flush=True)
sys.exit(0 if closed == n else 1)
