#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal of a given width and prints what it wrote.

Usage: run_on_terminal.py COLUMNS COMMAND [ARGS...]. Used by tests/cli/terminal.test.ts to see the CLI as a
person at a terminal does (stdout.isTTY, stdout.columns), which a pipe cannot show.
"""
import os
import pty
import struct
import subprocess
import sys
import fcntl
import termios

columns = int(sys.argv[1])
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, columns, 0, 0))
child = subprocess.Popen(sys.argv[2:], stdin=slave, stdout=slave, stderr=slave)
os.close(slave)
chunks = []
while True:
    try:
        data = os.read(master, 65536)
    except OSError:  # the child closed the terminal
        break
    if not data:
        break
    chunks.append(data)
child.wait()
sys.stdout.write(b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))
sys.exit(child.returncode)
