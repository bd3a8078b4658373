#!/usr/bin/env python3
"""Type commands at the kernel monitor of a Bochs or QEMU run, as a student would.

    interact.py --port P --type "help;kerninfo" -- bochs ARGS...   (or qemu-system-i386 ARGS...)

Meant to run inside the private network namespace of a test run
(`unshare -rn`): it brings the loopback interface up, starts the emulator
(whose COM1 is a socket server on 127.0.0.1:P), connects to COM1, waits
for each "K> " prompt and types the next command followed by Enter. After
the last command's output it stops the emulator with SIGINT (Bochs' rc
file then quits; QEMU exits). Exit status: 0 if every command got a
prompt back, 1 otherwise.
"""
import argparse
import fcntl
import signal
import socket
import struct
import subprocess
import sys
import time

PROMPT = b"K> "


def loopback_up():
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ifr = struct.pack("16sH14s", b"lo", 0, b"")
    flags = struct.unpack("16sH14s", fcntl.ioctl(s, siocgifflags, ifr))[1]
    fcntl.ioctl(s, siocsifflags, struct.pack("16sH14s", b"lo", flags | iff_up, b""))
    s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--type", required=True, help="commands separated by ';'")
    ap.add_argument("--wait", type=float, default=120, help="seconds per prompt")
    ap.add_argument("bochs", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.bochs[1:] if args.bochs[:1] == ["--"] else args.bochs

    loopback_up()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    sock = None
    for _ in range(200):
        try:
            sock = socket.create_connection(("127.0.0.1", args.port))
            break
        except OSError:
            time.sleep(0.05)
    ok = sock is not None
    buf = b""

    def wait_prompt():
        nonlocal buf
        end = time.time() + args.wait
        sock.settimeout(1)
        while time.time() < end:
            i = buf.find(PROMPT)
            if i >= 0:
                buf = buf[i + len(PROMPT):]
                return True
            try:
                data = sock.recv(4096)
            except socket.timeout:
                continue
            if not data:
                return False
            buf += data
        return False

    if ok:
        for command in [c for c in args.type.split(";")] + [None]:
            if not wait_prompt():
                ok = False
                break
            if command is None:
                break
            sock.sendall(command.encode() + b"\r")
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
