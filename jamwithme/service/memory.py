"""Handing a job's freed memory back to the system (glibc's ``malloc_trim`` and ``mallopt``; nothing elsewhere).

:func:`jamwithme.service.jobs.run` calls both around every job; the queues
call :func:`return_large_blocks` once, early.
"""

from __future__ import annotations

import ctypes
import ctypes.util


def give_back_memory() -> None:
    """Hand the heap a job freed back to the system (glibc's ``malloc_trim``; nothing elsewhere).

    A job's arrays come and go in the worker threads' malloc arenas, which
    otherwise keep the freed pages: on a 20-minute song that is 0.15-0.2 GB a
    job that the next one does not reuse (``bench/session_memory.py``).
    """
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


#: Blocks at least this large are mapped on their own and unmapped when freed (glibc's ``M_MMAP_THRESHOLD``).
MMAP_THRESHOLD = 1 << 20


def return_large_blocks() -> None:
    """Make every freed array of :data:`MMAP_THRESHOLD` or more go straight back to the system (glibc only).

    glibc raises its mmap threshold to the size of each mapped block freed, up
    to 32 MB, after which a job's many 1-30 MB arrays come from the heap and
    stay there when freed, in whichever thread's arena made them: a 20-minute
    practice render then held about 0.6 GB instead of 0.2 GB at its peak, and
    the server kept some of it after the job. Fixing the threshold turns that
    off for the whole process; call it once, early (the queues do).
    """
    libc = _glibc()
    if libc is not None:
        libc.mallopt(-3, MMAP_THRESHOLD)  # M_MMAP_THRESHOLD; setting it also fixes it


def _glibc():
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc.malloc_trim, _libc.mallopt  # noqa: B018 - glibc only
        except (OSError, AttributeError):
            _libc = False
    return _libc or None


_libc = None
