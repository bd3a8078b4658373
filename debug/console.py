#!/usr/bin/env python3
"""Connect this terminal to the kernel console of an interactive session.

`bochs -f bochsrc` gives COM1 to a socket on localhost:4555 and waits for
one client before it starts. Run this in a second terminal: what the
kernel prints appears here, and what you type goes to the kernel monitor
(K> prompt). Ctrl-] quits -- and Bochs with it: it stops when its COM1
client goes away.

    python3 debug/console.py [PORT]
"""
import os
import select
import socket
import sys
import termios
import time
import tty


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 4555
    for _ in range(100):                    # Bochs may still be starting
        try:
            sock = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit("console: nothing listens on localhost:%d: is `bochs -f bochsrc` running?" % port)
    print("console: connected to the kernel on localhost:%d (Ctrl-] quits)\r" % port)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd) if os.isatty(fd) else None
    try:
        if saved:
            tty.setraw(fd)
        inputs = [sock, fd]
        while True:
            ready, _, _ = select.select(inputs, [], [])
            if sock in ready:
                data = sock.recv(4096)
                if not data:
                    break
                os.write(sys.stdout.fileno(), data)
            if fd in ready:
                data = os.read(fd, 1024)
                if not data:            # no more input: keep showing output
                    inputs = [sock]
                    continue
                if b"\x1d" in data:
                    break
                sock.sendall(data)
    finally:
        if saved:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    print("\nconsole: closed")


if __name__ == "__main__":
    main()
