"""Long work (separation, remix analysis) behind a small queue: submit, status, result.

The app and the HTTP API never run a separation on their own request thread:
they :meth:`~JobQueue.submit` it and poll :meth:`~JobQueue.status`, which says
where the job waits in line and how far it has got. :class:`LocalJobQueue` runs
jobs on a few threads of this process (the model is shared, so one worker keeps
memory bounded and TensorFlow already uses every core). The interface is small
on purpose: a queue backed by Celery or RQ workers can stand in for more users
than one machine serves, with the same three calls.

Jobs with the same ``key`` (e.g. the song's content hash plus the settings) are
the same job: a second session asking for it shares the first one's work.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from jamwithme.errors import BusyError, JamWithMeError, ParameterError

logger = logging.getLogger("jamwithme")


class JobState(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class JobStatus:
    """A snapshot of one job.

    ``position`` is how many jobs run or wait ahead of this one (0 once it runs);
    ``progress`` is the fraction done as the job last reported it.
    """

    id: str
    state: JobState
    position: int
    progress: float
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class JobQueue(Protocol):
    """What the app and the API need from a queue."""

    def submit(self, fn: Callable[..., Any], *args: Any, key: str | None = None, **kwargs: Any) -> str: ...

    def status(self, job_id: str) -> JobStatus: ...

    def result(self, job_id: str, timeout: float | None = None) -> Any: ...


class _Job:
    __slots__ = ("id", "key", "future", "progress", "state", "seq", "finished_at")

    def __init__(self, job_id: str, key: str, seq: int):
        self.id, self.key, self.seq = job_id, key, seq
        self.future: Future | None = None
        self.progress = 0.0
        self.state = JobState.QUEUED
        self.finished_at: float | None = None


class LocalJobQueue:
    """An in-process queue with a bounded backlog.

    Parameters
    ----------
    workers : int
        Jobs run at once (default 1: separation holds the model's lock anyway).
    max_pending : int
        Jobs that may wait or run at once; one more is refused with
        :class:`~jamwithme.errors.BusyError` instead of piling up memory.
    keep : int
        Finished jobs remembered for :meth:`status` and :meth:`result`.

    The job function is called as ``fn(*args, progress=callback, **kwargs)``;
    ``callback(fraction)`` updates the job's progress.

    Examples
    --------
    >>> q = LocalJobQueue()
    >>> job = q.submit(lambda x, progress: x * 2, 21)
    >>> q.result(job)
    42
    """

    def __init__(self, *, workers: int = 1, max_pending: int = 8, keep: int = 8):
        if workers < 1 or max_pending < 1:
            raise ParameterError(f"workers={workers} and max_pending={max_pending} must be at least 1")
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jamwithme-job")
        self._max_pending = max_pending
        self._keep = keep
        self._jobs: OrderedDict[str, _Job] = OrderedDict()
        self._by_key: dict[str, str] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def submit(self, fn: Callable[..., Any], *args: Any, key: str | None = None, **kwargs: Any) -> str:
        """Queue ``fn``; return the job id (the existing one if ``key`` is already queued or done)."""
        with self._lock:
            if key is not None and key in self._by_key:
                existing = self._jobs.get(self._by_key[key])
                if existing is not None and existing.state is not JobState.FAILED:
                    return existing.id
            pending = sum(1 for j in self._jobs.values() if j.state in (JobState.QUEUED, JobState.RUNNING))
            if pending >= self._max_pending:
                raise BusyError(f"{pending} jobs are already waiting; please try again in a minute")
            seq = next(self._ids)
            job = _Job(f"job-{seq}", key or f"job-{seq}", seq)
            self._jobs[job.id] = job
            self._by_key[job.key] = job.id
            job.future = self._pool.submit(self._run, job, fn, args, kwargs)
            self._forget_old()
            return job.id

    def _run(self, job: _Job, fn, args, kwargs):
        job.state = JobState.RUNNING

        def progress(fraction: float) -> None:
            job.progress = max(job.progress, min(1.0, float(fraction)))

        try:
            value = fn(*args, progress=progress, **kwargs)
        except BaseException as exc:
            job.state = JobState.FAILED
            if not isinstance(exc, JamWithMeError):
                logger.exception("job %s failed", job.id)
            raise
        finally:
            job.finished_at = time.monotonic()
        job.progress = 1.0
        job.state = JobState.DONE
        return value

    def _get(self, job_id: str) -> _Job:
        job = self._jobs.get(job_id)
        if job is None:
            raise ParameterError(f"job id {job_id!r} is unknown (finished long ago, or never submitted)")
        return job

    def status(self, job_id: str) -> JobStatus:
        with self._lock:
            job = self._get(job_id)
            ahead = sum(
                1 for j in self._jobs.values() if j.seq < job.seq and j.state in (JobState.QUEUED, JobState.RUNNING)
            )
        error = None
        if job.state is JobState.FAILED and job.future is not None and job.future.done():
            error = str(job.future.exception())
        position = 0 if job.state is not JobState.QUEUED else ahead
        return JobStatus(job.id, job.state, position, job.progress, error)

    def result(self, job_id: str, timeout: float | None = None) -> Any:
        """The job's return value; re-raises its exception. Blocks up to ``timeout`` seconds."""
        with self._lock:
            job = self._get(job_id)
        return job.future.result(timeout=timeout)

    def discard(self, job_id: str) -> None:
        """Forget a finished job and its result once the caller has it (results can be large)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None and job.state in (JobState.DONE, JobState.FAILED):
                del self._jobs[job_id]
                if self._by_key.get(job.key) == job_id:
                    del self._by_key[job.key]

    def pending(self) -> int:
        """Jobs running or waiting now."""
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state in (JobState.QUEUED, JobState.RUNNING))

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state in (JobState.DONE, JobState.FAILED)]
        for job in finished[: max(0, len(finished) - self._keep)]:
            del self._jobs[job.id]
            if self._by_key.get(job.key) == job.id:
                del self._by_key[job.key]

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


_default: LocalJobQueue | None = None
_default_lock = threading.Lock()


def default_queue() -> LocalJobQueue:
    """The process-wide queue the app and the API share."""
    global _default
    with _default_lock:
        if _default is None:
            _default = LocalJobQueue()
        return _default
