"""Where jobs run: submit, status, wait. Jobs are named, keyed on their result, and shared.

A job's id *is* its result key (:func:`jamwithme.service.jobs.result_key`), so
every session, page and API request that asks for the same work gets the same
id: the second one joins the running job instead of starting another, and a
session that asks about a job after it finished (and after the queue forgot
it) still gets ``done``, because the result is in the store. Nothing a session
waits on can become "unknown" while its result exists.

:class:`LocalQueue` runs jobs on threads of this process (the default: ``make
run`` needs nothing else). A distributed backend (RQ on Redis) implements the
same :class:`JobQueue` methods, carrying only ``(name, song_id, settings
JSON)`` to its workers.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from jamwithme.errors import BusyError, JamWithMeError, JobError, ParameterError
from jamwithme.service import jobs as named
from jamwithme.service.store import Store

logger = logging.getLogger("jamwithme")


class JobState(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class JobStatus:
    """A snapshot of one job.

    ``position`` is how many jobs run or wait ahead of this one (0 once it
    runs); ``progress`` the fraction done as the job last reported it; ``wait``
    an estimate of the seconds until it starts, from the jobs ahead (None if
    unknown); ``error`` the sentence to show when it failed.
    """

    id: str
    state: JobState
    position: int = 0
    progress: float = 0.0
    error: str | None = None
    wait: float | None = None

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class JobQueue(Protocol):
    """What the app, the API and the command line need from a queue."""

    store: Store

    def submit(self, name: str, song_id: str, settings: named.JobSettings | Mapping[str, Any]) -> str:
        """Queue job ``name``; return its id (its result key). Joins a running job with the same key."""

    def status(self, job_id: str) -> JobStatus: ...

    def wait(self, job_id: str, timeout: float | None = None) -> str:
        """Block until the job is done; return its result key, or raise :class:`JobError` with its sentence."""

    def pending(self) -> int:
        """Jobs running or waiting now."""


class _Job:
    __slots__ = ("id", "name", "seq", "state", "progress", "error", "exc", "done", "started", "finished_at")

    def __init__(self, job_id: str, name: str, seq: int):
        self.id, self.name, self.seq = job_id, name, seq
        self.state = JobState.QUEUED
        self.progress = 0.0
        self.error: str | None = None
        self.exc: JamWithMeError | None = None  # the library's own refusal, re-raised as it is to a waiter here
        self.done = threading.Event()
        self.started: float | None = None
        self.finished_at: float | None = None


def explain(exc: BaseException) -> str:
    """The sentence a user sees for a failed job: the library's own, or a plain one for a bug."""
    if isinstance(exc, JamWithMeError):
        return str(exc)
    return f"an unexpected problem ({type(exc).__name__}) stopped the work; it has been logged"


class LocalQueue:
    """Jobs on threads of this process, with a bounded backlog.

    Parameters
    ----------
    store : Store
        Where jobs find songs and keep results.
    workers : int
        Jobs run at once (default 1: TensorFlow and Rubber Band already use every core).
    max_pending : int
        Jobs that may wait or run at once; one more is refused with
        :class:`~jamwithme.errors.BusyError`.
    keep : float
        Seconds a finished job's status (and a failure's message) is remembered.

    Examples
    --------
    >>> import tempfile
    >>> from jamwithme.service.store import LocalStore
    >>> q = LocalQueue(LocalStore(tempfile.mkdtemp()))
    >>> q.status("separate-" + "0" * 52).state
    Traceback (most recent call last):
    ...
    jamwithme.errors.JobError: no job separate-000... is known here, and no result is stored under that key
    """

    def __init__(self, store: Store, *, workers: int = 1, max_pending: int = 8, keep: float = 3600.0):
        if workers < 1 or max_pending < 1:
            raise ParameterError(f"workers={workers} and max_pending={max_pending} must be at least 1")
        self.store = store
        named.return_large_blocks()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jamwithme-job")
        self._workers = workers
        self._max_pending = max_pending
        self._keep = keep
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        #: Seconds each finished job of a name took, most recent last: the wait estimate's speed.
        self._took: dict[str, list[float]] = {}
        #: Jobs started (not joined, not found stored): the tests' way to see recomputation.
        self.started = 0

    def submit(self, name: str, song_id: str, settings: named.JobSettings | Mapping[str, Any]) -> str:
        parsed = named.parse_settings(name, settings)
        key = named.result_key(name, song_id, parsed)
        with self._lock:
            self._forget_old()
            job = self._jobs.get(key)
            if job is not None and job.state is not JobState.FAILED:
                return key
        if self.store.has(key):
            return key
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job.state is not JobState.FAILED:
                return key
            pending = self._pending()
            if pending >= self._max_pending:
                raise BusyError(f"{pending} jobs are already waiting; please try again in a minute")
            job = self._jobs[key] = _Job(key, name, next(self._seq))
            self.started += 1
        self._pool.submit(self._run, job, song_id, parsed)
        return key

    def _run(self, job: _Job, song_id: str, settings: named.JobSettings) -> None:
        job.state, job.started = JobState.RUNNING, time.monotonic()
        logger.info("job started: %s", job.id)

        def progress(fraction: float) -> None:
            job.progress = max(job.progress, min(1.0, float(fraction)))

        try:
            named.JOBS[job.name][0](self.store, song_id, settings, progress)
        except BaseException as exc:
            if isinstance(exc, JamWithMeError):
                job.exc = exc
            else:
                logger.exception("job %s failed", job.id)
            job.error, job.state = explain(exc), JobState.FAILED
        else:
            job.progress, job.state = 1.0, JobState.DONE
            self._took.setdefault(job.name, []).append(time.monotonic() - job.started)
            del self._took[job.name][:-8]
        finally:
            named.give_back_memory()
            job.finished_at = time.monotonic()
            job.done.set()

    def _pending(self) -> int:
        return sum(1 for j in self._jobs.values() if j.state in (JobState.QUEUED, JobState.RUNNING))

    def status(self, job_id: str) -> JobStatus:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                ahead = [
                    j for j in self._jobs.values()
                    if j.seq < job.seq and j.state in (JobState.QUEUED, JobState.RUNNING)
                ]  # fmt: skip
                position = len(ahead) if job.state is JobState.QUEUED else 0
                wait = self._estimate(ahead) if job.state is JobState.QUEUED else None
                return JobStatus(job.id, job.state, position, job.progress, job.error, wait)
        if self.store.has(job_id):
            return JobStatus(job_id, JobState.DONE, progress=1.0)
        raise JobError(f"no job {job_id[:12]}... is known here, and no result is stored under that key")

    def _estimate(self, ahead: list[_Job]) -> float | None:
        """Seconds until a job behind ``ahead`` starts, from how long jobs of each kind took here."""
        total = 0.0
        for job in ahead:
            took = self._took.get(job.name)
            if not took:
                return None
            typical = sorted(took)[len(took) // 2]
            if job.state is JobState.RUNNING and job.started is not None:
                typical = max(0.0, typical * (1.0 - job.progress))
            total += typical
        return total / self._workers

    def wait(self, job_id: str, timeout: float | None = None) -> str:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None and not job.done.wait(timeout):
            raise JobError(f"job {job_id} did not finish within {timeout:g} s")
        status = self.status(job_id)
        if status.state is JobState.FAILED:
            if job is not None and job.exc is not None:
                raise job.exc  # its own type: the API answers a refused song 422, not a generic error
            raise JobError(status.error or "the job failed")
        return job_id

    def pending(self) -> int:
        with self._lock:
            return self._pending()

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, j in self._jobs.items() if j.finished_at is not None and now - j.finished_at > self._keep]:
            del self._jobs[key]

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
