#!/usr/bin/python3
"""Hostile SSH clients for t_ssh_hostile.sh (python3-paramiko).
HOST PORT first, then one action:

    exec USER PASS LINE     one exec channel: output, then "exit=N"
    bigexec USER PASS N     an exec of 'show version' plus N bytes of blanks
    twochan USER PASS       a second session channel on one connection:
                            "second=refused" or "second=opened"
    silent N SECONDS [K]    N TCP connections that send nothing; prints how
                            many the server closed within SECONDS (or once K
                            are closed): "closed=K"
    banner N SECONDS        N connections that send the SSH banner and then
                            nothing: "closed=K" as above
    drip SECONDS            a client that sends a byte every 0.3 s after its
                            greeting: "closed_after=T"
    flood USER PASS MB      a shell that gets MB MiB without a line end, then
                            "show version": "alive=1" when its output comes
"""
import socket
import sys
import threading
import time

import paramiko


def transport(host, port):
    sock = socket.create_connection((host, port), timeout=30)
    t = paramiko.Transport(sock)
    t.start_client(timeout=30)
    return t


def exec_line(host, port, user, password, line):
    t = transport(host, port)
    t.auth_password(user, password)
    ch = t.open_session()
    ch.settimeout(60)
    ch.exec_command(line)
    out = b''
    while True:
        d = ch.recv(65536)
        if not d:
            break
        out += d
    status = ch.recv_exit_status()
    t.close()
    return out.decode(errors='replace'), status


def count_closed(socks, seconds, want=None):
    deadline = time.time() + seconds
    closed = set()
    want = len(socks) if want is None else want
    while time.time() < deadline and len(closed) < want:
        for i, s in enumerate(socks):
            if i in closed:
                continue
            s.settimeout(0.01)
            try:
                d = s.recv(4096)
                if not d:
                    closed.add(i)
            except socket.timeout:
                pass
            except OSError:
                closed.add(i)
        time.sleep(0.2)
    return len(closed)


def main():
    host, port, action = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    args = sys.argv[4:]
    if action == 'exec':
        out, status = exec_line(host, port, args[0], args[1], args[2])
        print(out)
        print('exit=%d' % status)
    elif action == 'bigexec':
        out, status = exec_line(host, port, args[0], args[1],
                                'show version' + ' ' * int(args[2]))
        print(out[:2000])
        print('exit=%d' % status)
    elif action == 'twochan':
        t = transport(host, port)
        t.auth_password(args[0], args[1])
        ch = t.open_session()
        try:
            t.open_session(timeout=20)
            print('second=opened')
        except Exception:
            print('second=refused')
        ch.close()
        t.close()
    elif action in ('silent', 'banner'):
        socks = []
        for _ in range(int(args[0])):
            s = socket.create_connection((host, port), timeout=30)
            if action == 'banner':
                s.sendall(b'SSH-2.0-hostile\r\n')
            socks.append(s)
        want = int(args[2]) if len(args) > 2 else None
        print('closed=%d' % count_closed(socks, float(args[1]), want))
    elif action == 'drip':
        # A greeting, then a byte of a key exchange packet every 0.3 s for
        # SECONDS: "closed_after=T" when the server closed it after T s.
        s = socket.create_connection((host, port), timeout=30)
        s.sendall(b'SSH-2.0-hostile\r\n')
        t0 = time.time()
        payload = b'\x00\x00\x10\x00\x05\x14' + b'\x01' * 4090
        i = 0
        s.settimeout(0.3)
        while time.time() - t0 < float(args[0]):
            try:
                s.sendall(payload[i:i + 1])
                i = (i + 1) % len(payload)
                d = s.recv(4096)
                if not d:
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        print('closed_after=%d' % int(time.time() - t0))
    elif action == 'flood':
        t = transport(host, port)
        t.auth_password(args[0], args[1])
        ch = t.open_session()
        ch.get_pty()
        ch.invoke_shell()
        ch.settimeout(60)
        got = {'out': b''}

        def reader():               # the echoes, read as a terminal would
            while True:
                try:
                    d = ch.recv(65536)
                except Exception:
                    return
                if not d:
                    return
                got['out'] = (got['out'] + d)[-100000:]
        th = threading.Thread(target=reader, daemon=True)
        th.start()
        chunk = b'a' * 65536
        for _ in range(int(args[2]) * 16):
            ch.sendall(chunk)
        ch.sendall(b'\x15\rshow version\r')     # ^U: kill the line
        deadline = time.time() + 60
        while time.time() < deadline and b'uptime is' not in got['out']:
            time.sleep(0.2)
        print('alive=%d' % (b'uptime is' in got['out']))
        t.close()
    else:
        sys.exit('unknown action ' + action)


main()
