"""Runs one command and reports its own wall time and peak memory, and nothing of the harness's.

    python -I -S bench/launcher.py RESULT_FILE TIMEOUT ARGV...

A child's ru_maxrss starts at the memory of the process it was spawned from, so a child of the
benchmark (tens of MB) could never read below the benchmark's own size. This launcher is a fresh,
small interpreter (-I -S: no site packages), so what it reports is the command's own peak.
It writes "seconds maxrss_kb exit_code cpu_seconds" (exit code "timeout" when it had to kill the
command; CPU seconds are the command's user and system time, which a busy machine does not inflate).
Standard library only.
"""

import os
import signal
import sys
import time


def main() -> None:
    result, timeout, argv = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, dict(os.environ))
    killed = []

    def kill(signum: int, frame: object) -> None:
        killed.append(True)
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, kill)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            break
        except InterruptedError:
            continue
    elapsed = time.perf_counter() - start
    signal.setitimer(signal.ITIMER_REAL, 0)
    code = "timeout" if killed else str(os.waitstatus_to_exitcode(status))
    with open(result, "w") as out:
        out.write(f"{elapsed!r} {usage.ru_maxrss} {code} {usage.ru_utime + usage.ru_stime!r}\n")


if __name__ == "__main__":
    main()
