#!/usr/bin/python3
"""SSH clients for switchd's SSH server tests (Debian's python3-paramiko).
HOST PORT first, then one action:

    shell USER PASS [LINE]...   logs in with a password, asks for a PTY and a
                                shell, types each LINE (a line ending in '?'
                                is typed without Enter, then erased), prints
                                the screen; "login=ok" or "login=failed"
    pipe USER PASS LINE...      a shell without a PTY: sends the LINEs and EOF
                                at once, prints all that comes back until the
                                server closes, then "closed=1"
    exec USER PASS LINE         runs LINE in an exec channel: prints its
                                output, then "exit=N"
    keyexec USER KEYFILE LINE   the same with a private key file (no password)
    badpass USER PASS           one wrong password: "refused=1 ms=T", T from
                                the attempt to the refusal
    hostkeys                    "TYPE SHA256:..." for the ed25519 and the RSA
                                host key
    algos USER PASS             the cipher and MAC the session took
    hold USER PASS SECONDS      opens a shell and waits (SECONDS at most) for
                                the server to end it: "ended=1 ms=T" or
                                "ended=0"
    retries USER N              N wrong passwords on one connection: "tried=T
                                closed=C", T the attempts answered before the
                                server closed (C=1) the connection
    refused                     "refused=1" when the server closes before its
                                SSH greeting (transport input telnet)
    genkey PATH [rsa]           writes a new ed25519 (or 2048-bit RSA) key
                                pair: PATH (OpenSSH private key) and PATH.pub
                                (one line)
"""
import base64
import hashlib
import socket
import sys
import time

import paramiko


def transport(host, port, key_type=None):
    sock = socket.create_connection((host, port), timeout=30)
    t = paramiko.Transport(sock)
    if key_type:
        opts = t.get_security_options()
        opts.key_types = [key_type]
    t.start_client(timeout=30)
    return t


def login(t, user, password=None, key=None):
    try:
        if key is not None:
            t.auth_publickey(user, key)
        else:
            t.auth_password(user, password)
    except paramiko.AuthenticationException:
        return False
    return t.is_authenticated()


def shell_channel(host, port, user, password, pty):
    """A logged-in transport and its shell channel; None if the login fails."""
    t = transport(host, port)
    if not login(t, user, password):
        print("login=failed")
        return None, None
    chan = t.open_session()
    if pty:
        chan.get_pty()
    chan.invoke_shell()
    return t, chan


def read_until(chan, pattern, timeout=30):
    out = b""
    end = time.time() + timeout
    while time.time() < end:
        if chan.recv_ready():
            out += chan.recv(65536)
            if pattern(out):
                return out
        elif chan.exit_status_ready() or chan.closed:
            break
        else:
            time.sleep(0.05)
    return out


def prompt_seen(out):
    tail = out.rstrip(b" ")
    return tail.endswith(b">") or tail.endswith(b"#") or tail.endswith(b"Password:")


def shell(host, port, user, password, lines):
    t = transport(host, port)
    if not login(t, user, password):
        print("login=failed")
        return 0
    print("login=ok")
    chan = t.open_session()
    chan.get_pty(term="vt100", width=200, height=24)
    chan.invoke_shell()
    screen = read_until(chan, prompt_seen)
    for i, line in enumerate(lines):
        if line.endswith("?"):
            chan.send(line)
            typed = line[:-1].encode()
            screen += read_until(chan, lambda o: b"\n" in o and o.endswith(typed))
            chan.send("\x15")        # ^U: the typed text goes
            time.sleep(0.2)
            continue
        chan.send(line + "\n")
        if i == len(lines) - 1 and line in ("exit", "logout", "quit"):
            screen += read_until(chan, lambda o: False, timeout=10)
            break
        screen += read_until(chan, prompt_seen)
    sys.stdout.write(screen.decode("utf-8", "replace").replace("\r", ""))
    print()
    print("closed=%d" % (1 if chan.closed or chan.exit_status_ready() else 0))
    t.close()
    return 0


def run_exec(t, line):
    chan = t.open_session()
    chan.exec_command(line)
    out = b""
    while True:
        data = chan.recv(65536)
        if not data:
            break
        out += data
    status = chan.recv_exit_status()
    sys.stdout.write(out.decode("utf-8", "replace"))
    print("exit=%d" % status)


def main():
    host, port, action = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    args = sys.argv[4:]
    if action == "shell":
        return shell(host, port, args[0], args[1], args[2:])
    if action in ("exec", "keyexec"):
        t = transport(host, port)
        key = None
        if action == "keyexec":
            with open(args[1] + ".pub") as f:
                rsa = f.read().startswith("ssh-rsa ")
            key = (paramiko.RSAKey if rsa else paramiko.Ed25519Key).from_private_key_file(args[1])
            ok = login(t, args[0], key=key)
        else:
            ok = login(t, args[0], args[1])
        if not ok:
            print("login=failed")
            return 0
        run_exec(t, args[2])
        t.close()
        return 0
    if action == "badpass":
        t = transport(host, port)
        t0 = time.monotonic()
        ok = login(t, args[0], args[1])
        print("refused=%d ms=%d" % (0 if ok else 1, (time.monotonic() - t0) * 1000))
        t.close()
        return 0
    if action == "hostkeys":
        for kt in ("ssh-ed25519", "rsa-sha2-256"):
            t = transport(host, port, kt)
            k = t.get_remote_server_key()
            fp = base64.b64encode(hashlib.sha256(k.asbytes()).digest()).decode().rstrip("=")
            print("%s SHA256:%s" % (k.get_name(), fp))
            t.close()
        return 0
    if action == "pipe":
        t, chan = shell_channel(host, port, args[0], args[1], pty=False)
        if not t:
            return 0
        chan.sendall("".join(line + "\n" for line in args[2:]))
        chan.shutdown_write()
        out = b""
        chan.settimeout(30)
        while True:
            data = chan.recv(65536)
            if not data:
                break
            out += data
        sys.stdout.write(out.decode("utf-8", "replace").replace("\r", ""))
        print()
        print("closed=1")
        t.close()
        return 0
    if action == "hold":
        t, chan = shell_channel(host, port, args[0], args[1], pty=True)
        if not t:
            return 0
        t0 = time.monotonic()
        end = t0 + float(args[2])
        while time.monotonic() < end:
            if chan.recv_ready():
                if not chan.recv(65536):
                    break
            elif chan.closed or chan.eof_received or not t.is_active():
                break
            time.sleep(0.05)
        done = chan.closed or chan.eof_received or not t.is_active()
        print("ended=%d ms=%d" % (1 if done else 0, (time.monotonic() - t0) * 1000))
        t.close()
        return 0
    if action == "retries":
        t = transport(host, port)
        tried = 0
        closed = 0
        for i in range(int(args[1])):
            try:
                t.auth_password(args[0], "wrong-%d" % i)
            except paramiko.AuthenticationException:
                # paramiko says this too when the server hangs up.
                if not t.is_active():
                    closed = 1
                    break
                tried += 1
                continue
            except (paramiko.SSHException, EOFError, OSError):
                closed = 1
                break
        if not closed and not t.is_active():
            closed = 1
        print("tried=%d closed=%d" % (tried, closed))
        t.close()
        return 0
    if action == "refused":
        try:
            t = transport(host, port)
        except (paramiko.SSHException, EOFError, OSError) as e:
            print("refused=1 (%s)" % type(e).__name__)
            return 0
        print("refused=0")
        t.close()
        return 0
    if action == "genkey":
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
        if args[1:] == ["rsa"]:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            key = ed25519.Ed25519PrivateKey.generate()
        with open(args[0], "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.OpenSSH,
                                      serialization.NoEncryption()))
        with open(args[0] + ".pub", "wb") as f:
            f.write(key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                                  serialization.PublicFormat.OpenSSH)
                    + b" test@tapswitch\n")
        return 0
    if action == "algos":
        t = transport(host, port)
        print("cipher=%s mac=%s" % (t.remote_cipher, t.remote_mac))
        t.close()
        return 0
    sys.exit("unknown action " + action)


if __name__ == "__main__":
    sys.exit(main())
