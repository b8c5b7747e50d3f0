"""``kill -USR1`` on a server writes where each of its threads stands to its log (jamwithme.stacks)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

#: A process like a server: the stacks set up, one thread held on a lock that is never let go, the main thread idle.
HELD = """
import sys, threading
from jamwithme.stacks import stacks_on_signal

def waiting_on_a_lock_never_let_go(lock):
    lock.acquire()

lock = threading.Lock()
lock.acquire()
threading.Thread(target=waiting_on_a_lock_never_let_go, args=(lock,), daemon=True).start()
print("ready" if stacks_on_signal() else "not set up", flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="no SIGUSR1 on this platform")
def test_the_signal_writes_every_threads_stack_and_the_process_goes_on(tmp_path):
    log = tmp_path / "server.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-c", HELD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err, text=True)  # fmt: skip
        try:
            assert proc.stdout.readline().strip() == "ready"
            os.kill(proc.pid, signal.SIGUSR1)
            deadline = time.monotonic() + 60
            while "waiting_on_a_lock_never_let_go" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.05)  # the handler writes from the process's own signal handler, at once
            stacks = log.read_text()
            assert "waiting_on_a_lock_never_let_go" in stacks, stacks
            assert "in <module>" in stacks, stacks  # the main thread too: every thread, not only the one signalled
            assert proc.poll() is None  # still running: a dump does not stop the server
        finally:
            proc.kill()
            proc.wait()
