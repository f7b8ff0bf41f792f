#!/usr/bin/env python3
"""Runs a command and records what it cost, measured from the process itself.

usage: rusage.py OUT_FILE CMD [ARG...]

Starts CMD (stdin, stdout and stderr inherited), reaps it with wait4(2) and writes one
line to OUT_FILE: "wall_s user_s sys_s maxrss_kb exit_status floor_kb". user/sys CPU and
the peak resident set come from the kernel's rusage of that child (and of any process
it waited for), so no interpreter start-up of this script is counted and no `time`
binary is needed. Exits with CMD's exit status (128 + signal when it was killed).

floor_kb: the kernel keeps a process's peak RSS across exec, and the child starts as a
copy of this Python process, so a maxrss at or below this process's own peak RSS is a
floor, not a measurement (readers show it as "< floor"). Above it, maxrss is the
command's own peak.
"""
import os
import resource
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, cmd = sys.argv[1], sys.argv[2:]
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        proc = subprocess.Popen(cmd)
    except OSError as e:
        print(f"rusage.py: cannot run {cmd[0]}: {e}", file=sys.stderr)
        return 127
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    code = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
    # Linux reports ru_maxrss in KiB.
    line = f"{wall:.3f} {usage.ru_utime:.3f} {usage.ru_stime:.3f} {usage.ru_maxrss} {code} {floor}\n"
    with open(out, "w", encoding="ascii") as fh:
        fh.write(line)
    return code


if __name__ == "__main__":
    sys.exit(main())
