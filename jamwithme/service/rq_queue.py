"""Jobs on RQ workers through Redis: the same :class:`~jamwithme.service.queue.JobQueue`, many machines.

A job travels as ``perform(name, song_id, settings JSON)`` and its RQ job id
is its result key (:func:`jamwithme.service.job_settings.result_key`), so:

* a second submit of the same work, from any app replica or API server, finds
  the RQ job under that id and joins it (RQ's ``unique`` enqueue makes the
  check and the enqueue one step in Redis);
* a job whose result is in the shared store is done, whether or not Redis
  still remembers it (RQ forgets finished jobs after ``result_ttl``).

Audio never goes through Redis: a worker reads the song from the shared store
and writes its result there (:mod:`jamwithme.service.s3_store`).

**Outages.** Every Redis command has a timeout (``JAMWITHME_REDIS_TIMEOUT``):
a Redis that is down or frozen turns into one
:class:`~jamwithme.errors.UnavailableError` ("the job queue is not answering")
within it, never a hang, and the address stays in the log. A job RQ finished
but whose result is not in the store (evicted, damaged), and a job Redis no
longer knows (restarted empty), raise :class:`~jamwithme.errors.JobLostError`,
which the service answers by submitting it again. A waiter whose job stays
queued while no worker is alive (each worker marks itself alive every
heartbeat) is answered :class:`~jamwithme.errors.UnavailableError` after
``JAMWITHME_NO_WORKER_WAIT`` seconds; the job stays queued for the next worker.

The worker (:mod:`jamwithme.service.worker`) reports progress in the job's
``meta``, and heartbeats every few seconds while a job runs. If the worker
dies (killed, out of memory, the machine gone), the job's entry in RQ's
started-job registry expires a few heartbeats later, and RQ's own clean-up
(run here when a client asks about a running job, and by every worker's
maintenance) puts it back on the queue while it has retries left (RQ's
``Retry``), or fails it with a sentence saying so. A job that raises fails
with its own sentence (:func:`jamwithme.service.queue.explain`); one of the
library's refusals (a bad song, a missing result) is not retried, since
another try would give the same answer. A job whose store is down is tried
again on its worker with backoff while its time lasts
(:func:`~jamwithme.service.queue.through_outages`), with the outage in its
``meta`` so that waiters answer "try again shortly" meanwhile.

Examples
--------
>>> queue = RQQueue(store, "redis://127.0.0.1:6379/0")  # doctest: +SKIP
>>> key = queue.submit("separate", song_id, {"band": "full"})  # doctest: +SKIP
>>> queue.wait(key, timeout=600) == key  # doctest: +SKIP
True

The module by job: the queue itself (:class:`RQQueue`) here; reaching Redis
and our keys in :mod:`~jamwithme.service.redis_link`; what a job runs on a
worker (:func:`perform`) in :mod:`~jamwithme.service.rq_perform`; the API's
shared admission limit (:class:`RedisAdmission`) in
:mod:`~jamwithme.service.redis_admission`. Import each name from its home;
:func:`perform` alone is also importable from here, as :data:`PERFORM` names it
(RQ keeps that name with every queued job).
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Mapping
from typing import Any

from jamwithme.errors import BusyError, JobError, JobLostError, ParameterError, UnavailableError
from jamwithme.service import jobs as named
from jamwithme.service.queue import JobState, JobStatus, typical, wait_estimate
from jamwithme.service.redis_link import _RECOVER_LOCK, alive_key, connect, done_channel, reaching_redis, took_key

# Not used here: RQ imports jobs queued before this module was split by this name (PERFORM), so it stays importable.
from jamwithme.service.rq_perform import perform  # noqa: F401
from jamwithme.service.store import Store

__all__ = ["PERFORM", "RQQueue", "perform"]

logger = logging.getLogger("jamwithme")

#: The function every RQ job calls (workers import it by this name).
PERFORM = "jamwithme.service.rq_queue.perform"
#: Seconds between looks at a job a client waits for when no word comes from its worker.
_LOOK_EVERY = 0.5


class RQQueue:
    """Jobs on RQ workers (``jamwithme worker``) through Redis.

    Parameters
    ----------
    store : Store
        The store shared with the workers (an :class:`~jamwithme.service.s3_store.S3Store`
        across machines; a :class:`~jamwithme.service.store.LocalStore` folder on one).
    redis : str or redis.Redis
        Redis URL or client.
    name : str
        RQ queue name (workers must serve the same one).
    job_timeout : float
        Seconds a job may run before its worker stops it.
    retries : int
        Tries after the first when a job raises or its worker dies (RQ ``Retry``).
    result_ttl : int
        Seconds Redis remembers a finished or failed job (its result stays in the store).
    heartbeat : float
        Seconds between worker heartbeats; a running job whose worker missed
        three is taken as abandoned.
    max_pending : int, optional
        Jobs waiting or running at once beyond which a submit is refused with
        :class:`~jamwithme.errors.BusyError` (``None``: no limit).
    no_worker_wait : float
        Seconds a waiter waits on a queued job while no worker is alive
        before it gets :class:`~jamwithme.errors.UnavailableError`.
    timeout : float
        Seconds a Redis command may take (when ``redis`` is a URL).
    """

    def __init__(
        self,
        store: Store,
        redis: Any,
        *,
        name: str = "jamwithme",
        job_timeout: float = 1800.0,
        retries: int = 2,
        result_ttl: int = 24 * 3600,
        heartbeat: float = 5.0,
        max_pending: int | None = None,
        no_worker_wait: float = 60.0,
        timeout: float = 5.0,
    ):
        from rq import Queue

        if retries < 0 or job_timeout <= 0 or result_ttl <= 0 or heartbeat <= 0 or no_worker_wait <= 0:
            raise ParameterError(
                f"retries={retries}, job_timeout={job_timeout}, result_ttl={result_ttl}, heartbeat={heartbeat} and "
                f"no_worker_wait={no_worker_wait} must be positive (retries may be 0)"
            )
        self.store = store
        self.connection = connect(redis, timeout=timeout) if isinstance(redis, str) else redis
        self.no_worker_wait = float(no_worker_wait)
        self.name = name
        self.job_timeout = job_timeout
        self.retries = retries
        self.result_ttl = int(result_ttl)
        self.heartbeat = heartbeat
        self.max_pending = max_pending
        self._queue = Queue(name, connection=self.connection, default_timeout=int(job_timeout))

    def __repr__(self) -> str:
        return f"RQQueue({self.name!r}, retries={self.retries}, job_timeout={self.job_timeout:g})"

    # ---------------------------------------------------------------- submit
    def submit(self, name: str, song_id: str, settings: named.JobSettings | Mapping[str, Any]) -> str:
        with reaching_redis():
            return self._submit(name, song_id, settings)

    def _submit(self, name: str, song_id: str, settings: named.JobSettings | Mapping[str, Any]) -> str:
        from rq.exceptions import DuplicateJobError
        from rq.job import Job

        parsed = named.parse_settings(name, settings)
        key = named.result_key(name, song_id, parsed)
        job = self._fetch(key)
        if job is not None and _alive(job):
            return key
        if self.store.has(key):
            return key
        if self.max_pending is not None and self.pending() >= self.max_pending:
            raise BusyError(f"{self.pending()} jobs are already waiting; please try again in a minute")
        for _ in range(3):
            if job is not None:
                job.delete()  # failed, or finished with its result gone from the store: run it again
            try:
                self._enqueue(key, name, song_id, parsed)
                return key
            except DuplicateJobError:
                job = self._fetch(key)  # another client enqueued it between our look and our enqueue
                if job is None and self.connection.exists(Job.key_for(key)):
                    # A hash that is no whole job (written into a Redis that had restarted empty): not a job.
                    self.connection.delete(Job.key_for(key))
                    continue
                if job is None or _alive(job):
                    return key
        raise JobError(f"could not queue {key[:24]}...: its old job kept coming back; please try again")

    def _enqueue(self, key: str, name: str, song_id: str, settings: named.JobSettings) -> None:
        from rq import Retry

        self._queue.enqueue(
            PERFORM,
            name,
            song_id,
            settings.json(),
            job_id=key,
            unique=True,
            job_timeout=int(self.job_timeout),
            result_ttl=self.result_ttl,
            failure_ttl=self.result_ttl,
            retry=Retry(max=self.retries) if self.retries else None,
            meta={"progress": 0.0, "tries": 0, "heartbeat": self.heartbeat},
            description=f"{name} {song_id[:12]}",
        )

    def _fetch(self, job_id: str):
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        try:
            return Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return None

    # ---------------------------------------------------------------- follow
    def status(self, job_id: str) -> JobStatus:
        with reaching_redis():
            return self._status(job_id)

    def _status(self, job_id: str) -> JobStatus:
        from rq.job import JobStatus as RQ

        job = self._fetch(job_id)
        if job is None:
            if self.store.has(job_id):
                return JobStatus(job_id, JobState.DONE, progress=1.0)
            raise JobLostError(f"no job {job_id[:12]}... is known here, and no result is stored under that key")
        state = job.get_status(refresh=False)
        meta = job.meta or {}
        if state == RQ.STARTED:
            self.recover()
            state = job.get_status(refresh=True)
            meta = job.get_meta(refresh=True) or {}
        progress = float(meta.get("progress", 0.0))
        if state == RQ.FINISHED:
            if self.store.has(job_id):
                return JobStatus(job_id, JobState.DONE, progress=1.0)
            # Redis remembers it done, but its result is gone (evicted, damaged): it is done no more.
            raise JobLostError(f"job {job_id[:12]}... finished, but its result is no longer stored")
        if state == RQ.STARTED:
            return JobStatus(job_id, JobState.RUNNING, 0, progress, outage=meta.get("outage") or None)
        if state in (RQ.FAILED, RQ.STOPPED, RQ.CANCELED):
            outage = meta.get("outage") or None  # failed only because the store stayed down: try again later
            return JobStatus(job_id, JobState.FAILED, progress=progress, error=_failure(job, meta), outage=outage)
        position, wait = self._position(job_id)
        return JobStatus(job_id, JobState.QUEUED, position, progress, None, wait)

    def _position(self, job_id: str) -> tuple[int, float | None]:
        """Jobs running or waiting ahead of ``job_id``, and an estimate of the seconds until it starts."""
        from rq.worker import Worker

        index = self._queue.get_job_position(job_id)
        ahead_ids = self._queue.get_job_ids(0, index) if index else []
        running = self._running_ids()
        position = (index or 0) + len(running)
        workers = max(1, Worker.count(queue=self._queue))
        return position, wait_estimate(
            ((self._typical(jid.split("-", 1)[0]), self._progress(jid) if jid in running else 0.0)
             for jid in list(running) + ahead_ids),
            workers,
        )  # fmt: skip

    def _progress(self, job_id: str) -> float:
        job = self._fetch(job_id)
        return float(((job.meta if job else None) or {}).get("progress", 0.0))

    def _running_ids(self) -> list[str]:
        registry = self._queue.started_job_registry
        return [registry.parse_job_id(m) for m in self.connection.zrange(registry.key, 0, -1)]

    def _typical(self, name: str) -> float | None:
        return typical(float(x) for x in self.connection.lrange(took_key(self.name, name), 0, -1))

    def recover(self) -> None:
        """Requeue (or fail) jobs whose worker stopped heartbeating: RQ's started-registry clean-up.

        Every worker runs it in its maintenance too; clients run it when they
        look at a running job, so no one waits on a dead worker longer than its
        heartbeats take to expire. A short Redis lock keeps two clients from
        requeueing the same job twice.
        """
        lock = _RECOVER_LOCK.format(queue=self.name)
        if self.connection.set(lock, uuid.uuid4().hex, nx=True, px=max(200, int(self.heartbeat * 500))):
            self._queue.started_job_registry.cleanup()

    def wait(self, job_id: str, timeout: float | None = None) -> str:
        """Block until the job is done: woken by its worker's word on Redis, looking again every 0.5 s.

        Raises
        ------
        JobError
            The job failed (its sentence), or did not finish within ``timeout`` s.
        JobLostError
            Redis forgot the job, or its result is gone: the service submits it again.
        UnavailableError
            Redis or the store is down (the job goes on when they are back), or
            the job stayed queued for ``no_worker_wait`` seconds with no worker alive.
        """
        with reaching_redis():
            return self._wait(job_id, timeout)

    def _wait(self, job_id: str, timeout: float | None) -> str:
        deadline = None if timeout is None else time.monotonic() + timeout
        no_worker_since: float | None = None
        # Subscribed before the first look, so a job that ends in between still wakes us.
        pubsub = self.connection.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(done_channel(job_id))
        try:
            while True:
                status = self._status(job_id)
                if status.state is JobState.DONE:
                    return job_id
                if status.outage:
                    raise UnavailableError(status.outage)  # the job goes on (or is tried again) once it is back
                if status.state is JobState.FAILED:
                    raise JobError(status.error or "the job failed")
                now = time.monotonic()
                if status.state is JobState.QUEUED and self.live_workers() == 0:
                    no_worker_since = no_worker_since or now
                    if now - no_worker_since >= self.no_worker_wait:
                        raise UnavailableError(
                            f"no worker has been serving the job queue for {self.no_worker_wait:g} s; the job stays "
                            "in line and runs when one is back: please try again later"
                        )
                else:
                    no_worker_since = None
                left = None if deadline is None else deadline - now
                if left is not None and left <= 0:
                    raise JobError(f"job {job_id} did not finish within {timeout:g} s")
                # Looking again without a word covers a worker that died (status() runs the clean-up).
                pubsub.get_message(timeout=_LOOK_EVERY if left is None else min(_LOOK_EVERY, left))
        finally:
            with contextlib.suppress(Exception):  # Redis may be what failed
                pubsub.close()

    def pending(self) -> int:
        with reaching_redis():
            return self._queue.count + len(self._running_ids())

    def workers(self) -> int:
        """Workers serving this queue now, as RQ counts them (a killed one stays counted for a minute or so)."""
        from rq.worker import Worker

        with reaching_redis():
            return Worker.count(queue=self._queue)

    def live_workers(self) -> int:
        """Workers that gave a sign of life in the last three heartbeats (the same rule as a running job's)."""
        window = 3 * self.heartbeat
        with reaching_redis():
            return int(self.connection.zcount(alive_key(self.name), time.time() - window, "+inf"))

    def ping(self) -> None:
        """Raise :class:`UnavailableError` if Redis does not answer within its timeout."""
        with reaching_redis():
            self.connection.ping()


def _alive(job) -> bool:
    from rq.job import JobStatus as RQ

    return job.get_status(refresh=False) in (RQ.QUEUED, RQ.STARTED, RQ.DEFERRED, RQ.SCHEDULED, RQ.CREATED)


def _failure(job, meta: Mapping[str, Any]) -> str:
    """The sentence for a failed job: its own, or what happened to its worker."""
    tries = int(meta.get("tries", 0)) or 1
    if meta.get("error"):
        sentence = str(meta["error"])
        if meta.get("final") or tries == 1:
            return sentence
        return f"{sentence} (it failed on every one of {tries} tries)"
    if tries > 1:
        return (
            f"the worker doing this job stopped in the middle {tries} times (killed, out of memory, or its machine "
            "went away); it was not retried again. Try again later, or with a shorter song"
        )
    return (
        "the worker doing this job stopped in the middle (killed, out of memory, or its machine went away); try again"
    )
