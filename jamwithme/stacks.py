"""Where every thread of a server is, on request: ``kill -USR1 <pid>`` writes their stacks to its log.

A job that never ends (a lock never let go, one thread waiting on another) shows only as a page that
waits, its progress still. The stacks of every thread, written to the process's own stderr (the server's
log), say where each one stands without stopping the process.
"""

from __future__ import annotations

import faulthandler
import io
import signal
import sys

#: The signal that asks for the stacks (the one no part of the app uses; absent on Windows).
SIGNAL_NAME = "SIGUSR1"


def stacks_on_signal() -> bool:
    """Make :data:`SIGNAL_NAME` write every thread's stack to the process's stderr (idempotent).

    Returns whether it is set up: not where the platform has no such signal, or stderr is no file.
    """
    number = getattr(signal, SIGNAL_NAME, None)
    stream = sys.__stderr__
    if number is None or stream is None:
        return False
    try:
        faulthandler.register(number, file=stream, all_threads=True, chain=False)
    except (ValueError, OSError, io.UnsupportedOperation):  # a stderr with no file descriptor
        return False
    return True
