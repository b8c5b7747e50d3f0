"""Where jobs run: submit, status, wait. Jobs are named, keyed on their result, and shared.

A job's id *is* its result key (:func:`jamwithme.service.job_settings.result_key`), so
every session, page and API request that asks for the same work gets the same
id: the second one joins the running job instead of starting another, and a
session that asks about a job after it finished (and after the queue forgot
it) still gets ``done``, because the result is in the store. Nothing a session
waits on can become "unknown" while its result exists.

The other way round holds too: the queue's memory of a finished job never
outlives its result. A job is ``done`` only while the store holds its result;
once that is evicted or found damaged, a submit runs the job again and a status
raises :class:`~jamwithme.errors.JobLostError`, which the service answers by
submitting it again (:class:`jamwithme.service.Service`).

A job whose store or queue is down (:class:`~jamwithme.errors.UnavailableError`)
is tried again with backoff until it gets through (:func:`through_outages`);
meanwhile its status names the outage, so a waiter can answer "try again
shortly" at once instead of waiting without a word.

:class:`LocalQueue` runs jobs on threads of this process (the default: ``make
run`` needs nothing else). A distributed backend (RQ on Redis) implements the
same :class:`JobQueue` methods, carrying only ``(name, song_id, settings
JSON)`` to its workers.
"""

from __future__ import annotations

import copy
import enum
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from jamwithme import checks
from jamwithme.errors import BusyError, JamWithMeError, JobError, JobLostError, UnavailableError
from jamwithme.service import jobs as named
from jamwithme.service.store import Store

logger = logging.getLogger("jamwithme")

#: Seconds before the first new try of a job whose store or queue was down; doubled each time, up to the max.
OUTAGE_BACKOFF = 1.0
OUTAGE_BACKOFF_MAX = 10.0
#: Seconds between looks at a job a waiter follows.
_LOOK_EVERY = 0.5


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
    unknown); ``error`` the sentence to show when it failed; ``outage`` the
    sentence saying what the job waits for while its store or queue is down
    (it is tried again when that is back).
    """

    id: str
    state: JobState
    position: int = 0
    progress: float = 0.0
    error: str | None = None
    wait: float | None = None
    outage: str | None = None

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

    def ping(self) -> None:
        """Raise :class:`~jamwithme.errors.UnavailableError` if the queue cannot be reached now."""


class _Job:
    __slots__ = ("id", "name", "seq", "state", "progress", "error", "exc", "done", "started", "finished_at", "outage")

    def __init__(self, job_id: str, name: str, seq: int):
        self.id, self.name, self.seq = job_id, name, seq
        self.state = JobState.QUEUED
        self.progress = 0.0
        self.error: str | None = None
        self.exc: JamWithMeError | None = None  # the library's own refusal, re-raised as it is to a waiter here
        self.done = threading.Event()
        self.started: float | None = None
        self.finished_at: float | None = None
        self.outage: str | None = None


def typical(took: Iterable[float]) -> float | None:
    """How long a job of a kind takes: the median of the last runs' seconds (the upper one of an even count).

    >>> typical([30.0, 10.0, 20.0, 400.0]), typical([])
    (30.0, None)
    """
    took = sorted(took)
    return took[len(took) // 2] if took else None


def wait_estimate(ahead: Iterable[tuple[float | None, float]], workers: int) -> float | None:
    """Seconds until a job starts behind ``ahead``: (typical seconds, share done) of each job, over ``workers``.

    ``None`` as soon as a job ahead is of a kind never timed here. Both queues
    answer with it (:class:`LocalQueue` from its threads' runs, RQ from every
    worker's, kept in Redis).

    >>> wait_estimate([(10.0, 0.5), (10.0, 0.0)], 1), wait_estimate([(10.0, 0.0), (None, 0.0)], 2)
    (15.0, None)
    """
    total = 0.0
    for seconds, done in ahead:
        if seconds is None:
            return None
        total += max(0.0, seconds * (1.0 - done))
    return total / workers


def explain(exc: BaseException) -> str:
    """The sentence a user sees for a failed job: the library's own, or a plain one for a bug."""
    if isinstance(exc, JamWithMeError):
        return str(exc)
    return f"an unexpected problem ({type(exc).__name__}) stopped the work; it has been logged"


def bare(exc: JamWithMeError) -> JamWithMeError:
    """A copy of ``exc`` without its traceback or chained exceptions.

    A failed job's error is kept for an hour for the waiters that come late; its
    traceback would keep the job's frames alive with it, and with them every
    memory map they held open (the song a refused remix had read: one open file
    per refusal, for that hour).
    """
    clone = copy.copy(exc)
    clone.__traceback__ = clone.__context__ = clone.__cause__ = None
    return clone


def through_outages(
    call: Callable[[], str], *, report: Callable[[str | None], None], limit: float, what: str = "job"
) -> str:
    """``call()``; while it fails because its store or queue is down, try again with backoff.

    Each outage is told to ``report`` (its sentence, so waiters can answer
    "try again shortly" meanwhile), and ``report(None)`` before each new try.
    The tries wait 1, 2, 4... seconds (at most :data:`OUTAGE_BACKOFF_MAX`, 10);
    after ``limit`` seconds of outages the last :class:`UnavailableError` is raised.
    """
    started = time.monotonic()
    delay = OUTAGE_BACKOFF
    while True:
        try:
            return call()
        except UnavailableError as exc:
            if time.monotonic() + delay - started > limit:
                raise
            report(str(exc))
            logger.warning("%s: %s; trying again in %.0f s", what, exc, delay)
        time.sleep(delay)
        delay = min(delay * 2, OUTAGE_BACKOFF_MAX)
        report(None)


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
        Seconds a finished job's status (and a failure's message) is remembered
        (a success's only while its result is in the store).
    outage_limit : float
        Seconds a job keeps trying while its store is down before it fails.

    Examples
    --------
    >>> import tempfile
    >>> from jamwithme.service.store import LocalStore
    >>> q = LocalQueue(LocalStore(tempfile.mkdtemp()))
    >>> q.status("separate-" + "0" * 52).state
    Traceback (most recent call last):
    ...
    jamwithme.errors.JobLostError: no job separate-000... is known here, and no result is stored under that key
    """

    def __init__(
        self,
        store: Store,
        *,
        workers: int = 1,
        max_pending: int = 8,
        keep: float = 3600.0,
        outage_limit: float = 1800.0,
    ):
        checks.integer("workers", workers, lo=1)
        checks.integer("max_pending", max_pending, lo=1)
        self.store = store
        self.outage_limit = outage_limit
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
            if _live(self._jobs.get(key)):
                return key
        if self.store.has(key):
            return key
        with self._lock:
            # Not stored: a job that failed, or finished with its result gone since, runs again.
            if _live(self._jobs.get(key)):
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

        def outage(sentence: str | None) -> None:
            job.outage = sentence

        try:
            through_outages(
                lambda: named.run(job.name, song_id, settings, progress, store=self.store),
                report=outage, limit=self.outage_limit, what=f"job {job.id}",
            )  # fmt: skip
        except BaseException as exc:
            if isinstance(exc, JamWithMeError):
                job.exc = bare(exc)
            else:
                logger.exception("job %s failed", job.id)
            job.error, job.state = explain(exc), JobState.FAILED
        else:
            job.progress, job.state = 1.0, JobState.DONE
            self._took.setdefault(job.name, []).append(time.monotonic() - job.started)
            del self._took[job.name][:-8]
        finally:
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
                if job.state is not JobState.DONE:
                    return JobStatus(job.id, job.state, position, job.progress, job.error, wait, job.outage)
        if self.store.has(job_id):
            return JobStatus(job_id, JobState.DONE, progress=1.0)
        with self._lock:
            if self._jobs.get(job_id) is job and job is not None and job.state is JobState.DONE:
                del self._jobs[job_id]  # done, and its result is gone: forget it, so nothing says done
        raise JobLostError(f"no job {job_id[:12]}... is known here, and no result is stored under that key")

    def _estimate(self, ahead: list[_Job]) -> float | None:
        """Seconds until a job behind ``ahead`` starts, from how long jobs of each kind took here."""
        return wait_estimate(
            ((typical(self._took.get(j.name, ())), j.progress if j.state is JobState.RUNNING else 0.0) for j in ahead),
            self._workers,
        )

    def wait(self, job_id: str, timeout: float | None = None) -> str:
        """Block until the job is done; raise :class:`UnavailableError` at once if it waits out an outage."""
        with self._lock:
            job = self._jobs.get(job_id)
        deadline = None if timeout is None else time.monotonic() + timeout
        while job is not None:
            left = None if deadline is None else deadline - time.monotonic()
            if job.done.wait(_LOOK_EVERY if left is None else max(0.0, min(_LOOK_EVERY, left))):
                break
            if job.outage:
                raise UnavailableError(job.outage)
            if left is not None and left <= _LOOK_EVERY:
                raise JobError(f"job {job_id} did not finish within {timeout:g} s")
        status = self.status(job_id)
        if status.state is JobState.FAILED:
            if job is not None and job.exc is not None:
                raise bare(job.exc)  # its own type: the API answers a refused song 422, not a generic error
            raise JobError(status.error or "the job failed")
        return job_id

    def pending(self) -> int:
        with self._lock:
            return self._pending()

    def ping(self) -> None:
        """Threads of this process: always there."""

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, j in self._jobs.items() if j.finished_at is not None and now - j.finished_at > self._keep]:
            del self._jobs[key]

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _live(job: _Job | None) -> bool:
    """Whether ``job`` waits or runs (a new submit joins it)."""
    return job is not None and job.state in (JobState.QUEUED, JobState.RUNNING)
