#!/usr/bin/python3
"""Run a command and kill it with SIGKILL, for tests/it_crash.sh.

    crashkill.py [--after-line REGEX] [--log FILE] DELAY -- COMMAND ARGS...

Starts COMMAND (standard output discarded, standard error read line by
line), waits DELAY seconds -- counted from the start, or, with
--after-line, from the first line of standard error matching REGEX --
then sends SIGKILL unless the command has already exited.  Prints one
line:

    STATUS KILLED SECONDS LAST

STATUS is the exit status as the shell shows it (128 + 9 when killed),
KILLED is 1 when the signal was sent to a live process, SECONDS the time
from the start to the end, and LAST the last line written to standard
error before the end (or "-").  --log FILE keeps the whole standard
error.  Python standard library only.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--after-line")
    p.add_argument("--log")
    p.add_argument("delay", type=float)
    p.add_argument("command", nargs=argparse.REMAINDER)
    o = p.parse_args()
    cmd = o.command[1:] if o.command[:1] == ["--"] else o.command
    pattern = re.compile(o.after_line) if o.after_line else None

    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = []
    seen = threading.Event()
    if pattern is None:
        seen.set()

    def reader():
        for raw in proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            lines.append(line)
            if pattern is not None and pattern.search(line):
                seen.set()
        seen.set()   # end of output: stop waiting for a line that will not come

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    seen.wait()
    deadline = time.monotonic() + o.delay
    while proc.poll() is None:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(left, 0.001))
    killed = 0
    if proc.poll() is None:
        try:
            os.kill(proc.pid, signal.SIGKILL)
            killed = 1
        except ProcessLookupError:
            pass
    rc = proc.wait()
    t.join(5)
    end = time.monotonic() - start
    status = 128 - rc if rc < 0 else rc
    if o.log:
        with open(o.log, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + ("\n" if lines else ""))
    print("%d %d %.3f %s" % (status, killed, end, lines[-1] if lines else "-"))


if __name__ == "__main__":
    sys.exit(main())
