"""``jamwithme worker``: a process that loads the model once and runs queued jobs until it is stopped.

A worker is an RQ :class:`rq.SimpleWorker` (jobs run in the worker's own
process, so the separation model built at start serves every job; RQ's default
forks a child per job, and TensorFlow does not survive a fork) with two
additions:

* while a job runs, a thread heartbeats every ``heartbeat`` seconds and RQ's
  started-job registry holds the job for three heartbeats only, so a worker
  killed mid-job is noticed within seconds, not after the job's whole timeout;
* its maintenance (RQ's registry clean-up, which requeues abandoned jobs) runs
  every few heartbeats, and sweeps the shared store now and then (one worker
  at a time, under a Redis lock).

Stop it with Ctrl+C or SIGTERM: it finishes the job in hand first (a second
signal stops at once, and the job goes back on the queue for another worker).

**Redis going away does not end a worker.** RQ's own loop quits on most Redis
errors (it only retries while it waits for a job); :func:`run` starts it again,
under a new name, once Redis answers, waiting 1, 2, 4... up to 10 seconds
between looks. A job that was running when Redis went away runs on (its
progress is saved again once Redis is back); if its outcome could not be
recorded, the worker records it when Redis is back, or puts the job back on the
queue if it had not finished: its next run finds its result stored and ends at
once. A job whose *store* is down is tried again on the worker
(:func:`jamwithme.service.queue.through_outages`).

A thread marks the worker alive in Redis every heartbeat (a sorted set scored
by time), which is how waiters tell "queued behind other jobs" from "no worker
at all" (:meth:`jamwithme.service.rq_queue.RQQueue.live_workers`).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import threading
import time

import redis
from rq import SimpleWorker
from rq.exceptions import StopRequested
from rq.worker import WorkerStatus

from jamwithme.parsing import parse_one_at_a_time
from jamwithme.service import jobs
from jamwithme.service.redis_link import alive_key, done_channel
from jamwithme.service.rq_perform import outcomes

logger = logging.getLogger("jamwithme")

#: Seconds between sweeps of the shared store (by whichever worker takes the lock).
SWEEP_EVERY = 3600
_SWEEP_LOCK = "jamwithme:sweep:{queue}"
#: Redis errors that mean "down or frozen", not a bug.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
#: Seconds between looks at a Redis that is down: doubled from the first up to the last.
BACKOFF = (1.0, 10.0)


def wait_for_redis(connection, *, stopping=lambda: False, what: str = "worker") -> bool:
    """Block until Redis answers a PING, looking again after 1, 2, 4... (at most 10) seconds.

    Returns False if ``stopping()`` became true first.
    """
    delay = BACKOFF[0]
    while not stopping():
        try:
            connection.ping()
            return True
        except REDIS_DOWN as exc:
            logger.warning("%s: Redis is not answering (%s); looking again in %.0f s", what, exc, delay)
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and not stopping():
            time.sleep(0.2)
        delay = min(delay * 2, BACKOFF[1])
    return False


class JamWorker(SimpleWorker):
    """An RQ worker that runs jobs in its own process and heartbeats while it does.

    Parameters
    ----------
    heartbeat : float
        Seconds between heartbeats while a job runs; a job whose worker
        missed three is abandoned (requeued, or failed when out of tries).
    store : Store, optional
        Swept during maintenance, at most every :data:`SWEEP_EVERY` seconds across all workers.
    Other parameters are RQ's.
    """

    def __init__(self, *args, heartbeat: float = 5.0, store=None, **kwargs):
        kwargs.setdefault("maintenance_interval", max(1, int(math.ceil(3 * heartbeat))))
        # RQ's idle wait for a job is its worker TTL less 15 s: keep it short so maintenance runs when idle.
        kwargs.setdefault("worker_ttl", max(20, int(math.ceil(3 * heartbeat)) + 15))
        super().__init__(*args, **kwargs)
        self.heartbeat_interval = float(heartbeat)
        self.store = store
        self._alive_stop = threading.Event()
        self._alive_thread: threading.Thread | None = None

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        return max(2, int(math.ceil(3 * self.heartbeat_interval)))

    # ---------------------------------------------------------------- alive
    def bootstrap(self, *args, **kwargs) -> None:
        super().bootstrap(*args, **kwargs)
        self._alive_thread = threading.Thread(target=self._keep_alive, daemon=True, name="jamwithme-alive")
        self._alive_thread.start()

    def _keep_alive(self) -> None:
        """Mark this worker alive every heartbeat, whatever its loop is doing (a long job, a sweep)."""
        key = alive_key(self.queues[0].name)
        while True:
            with contextlib.suppress(Exception):  # Redis down: no sign of life, which is the truth for waiters
                with self.connection.pipeline() as pipe:
                    now = time.time()
                    pipe.zadd(key, {self.name: now}).zremrangebyscore(key, "-inf", now - 3600).execute()
            if self._alive_stop.wait(self.heartbeat_interval):
                return

    def teardown(self) -> None:
        """RQ's teardown, except that Redis being down does not stop it half-way (its pubsub thread would stay)."""
        self._alive_stop.set()
        try:
            self.connection.zrem(alive_key(self.queues[0].name), self.name)
            super().teardown()
        except REDIS_DOWN as exc:
            logger.warning("worker %s: could not record its end in Redis (%s)", self.name, exc)
            with contextlib.suppress(Exception):
                self.unsubscribe()

    # ---------------------------------------------------------------- jobs
    def execute_job(self, job, queue) -> None:
        execution = self.prepare_execution(job)
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job, execution, stop), daemon=True, name="jamwithme-beat")
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        except REDIS_DOWN as exc:
            # The job ran (or failed, or never started), but RQ could not record how: Redis went away.
            logger.warning("worker %s: Redis went away around job %s (%s)", self.name, job.id, exc)
            self._settle(job, queue, execution)
        finally:
            stop.set()
            beat.join()
            outcomes.pop(job.id, None)
        # RQ has recorded the outcome by now: wake the clients waiting for it.
        with contextlib.suppress(Exception):
            self.connection.publish(done_channel(job.id), b"1")
        with contextlib.suppress(*REDIS_DOWN):  # the main loop notices by itself
            self.set_state(WorkerStatus.IDLE)

    def handle_job_success(self, job, queue, started_job_registry, execution) -> None:
        if not self._known(job):
            return
        super().handle_job_success(job, queue, started_job_registry, execution)

    def handle_job_failure(self, job, queue, started_job_registry=None, exc_string="", execution=None) -> None:
        if not self._known(job):
            return
        super().handle_job_failure(job, queue, started_job_registry, exc_string, execution)

    def _known(self, job) -> bool:
        """Whether Redis still has the job: one that restarted without its data does not, and then there is
        nothing to record (a waiter that asks finds the result in the store, or submits the job again)."""
        if self.connection.exists(job.key):
            return True
        logger.warning("worker %s: Redis no longer knows job %s; its outcome is not recorded there", self.name, job.id)
        return False

    def _settle(self, job, queue, execution) -> None:
        """Once Redis answers again, record the outcome of a job whose outcome could not be recorded."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job
        from rq.job import JobStatus as RQ
        from rq.utils import now

        stopping = lambda: self._stop_requested  # noqa: E731
        while wait_for_redis(self.connection, stopping=stopping, what=f"worker {self.name}"):
            try:
                try:
                    state = Job.fetch(job.id, connection=self.connection).get_status()
                except NoSuchJobError:  # Redis restarted without its data: the store is what counts now
                    logger.warning("worker %s: Redis no longer knows job %s", self.name, job.id)
                    return
                if state != RQ.STARTED:
                    return  # recorded after all, or already put back on the queue by the clean-up
                if outcomes.get(job.id):
                    job.ended_at = job.ended_at or now()
                    self.handle_job_success(job, queue, queue.started_job_registry, execution)
                    logger.info("worker %s: job %s recorded done once Redis was back", self.name, job.id)
                else:
                    # It failed or never ran because of the outage: back on the queue, not counted as a try.
                    job.retries_left = (job.retries_left or 0) + 1
                    self.handle_job_failure(job, queue, exc_string="Redis went away while it ran", execution=execution)
                    logger.info("worker %s: job %s put back on the queue once Redis was back", self.name, job.id)
                return
            except REDIS_DOWN:
                continue  # gone again: wait again

    def _beat(self, job, execution, stop: threading.Event) -> None:
        failing = False
        while not stop.wait(self.heartbeat_interval):
            try:
                self.maintain_heartbeats(job, execution)
                failing = False
            except Exception as exc:  # a missed beat is retried next time; three in a row and the job is requeued
                if not failing:
                    logger.warning("worker %s: heartbeat failed (%s); the job goes on", self.name, exc)
                failing = True

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        if self.store is None:
            return
        lock = _SWEEP_LOCK.format(queue=self.queues[0].name)
        if self.connection.set(lock, self.name, nx=True, ex=SWEEP_EVERY):
            started = time.monotonic()
            try:
                self.store.sweep()
                logger.info("worker %s: swept the store in %.1f s", self.name, time.monotonic() - started)
            except Exception:
                logger.warning("worker %s: sweeping the store failed", self.name, exc_info=True)


def run(*, burst: bool = False, name: str | None = None, preload: bool = True) -> bool:
    """Serve jobs from the queue the settings name until stopped (or, with ``burst``, until it is empty).

    Raises
    ------
    SettingsError
        ``JAMWITHME_REDIS_URL`` is not set (a worker has no queue to serve).
    """
    from jamwithme import settings as _settings
    from jamwithme.errors import SettingsError
    from jamwithme.service.redis_link import client
    from jamwithme.service.runtime import store_for

    parse_one_at_a_time()  # its heartbeat and keep-alive threads log beside the job (jamwithme.parsing)
    config = _settings.check()
    if not config.redis_url:
        raise SettingsError("JAMWITHME_REDIS_URL is not set: a worker needs the Redis that the app and API queue on")
    connection = client(config.redis_url, timeout=config.redis_timeout)
    store = store_for()
    jobs.return_large_blocks()
    if preload:
        from jamwithme.separation import get_separator

        started = time.perf_counter()
        get_separator()
        logger.info("worker: separation model loaded in %.1f s", time.perf_counter() - started)
    try:
        return _serve(connection, config, store, burst=burst, name=name)
    except StopRequested:  # asked to stop while waiting for Redis
        return False


def _serve(connection, config, store, *, burst: bool, name: str | None) -> bool:
    """RQ's work loop, started again (under a new name) whenever it ends without being asked to."""
    worked = False
    for life in itertools.count(1):
        if not wait_for_redis(connection):
            return worked
        # A new name for each start: Redis may still hold the last one's record, which RQ would refuse to reuse.
        worker = JamWorker(
            [config.queue_name], connection=connection, name=name if life == 1 or name is None else f"{name}.{life}",
            heartbeat=config.worker_heartbeat, store=store,
        )  # fmt: skip
        logger.info("worker %s: serving queue %s, store %r", worker.name, config.queue_name, store)
        try:
            worked |= worker.work(burst=burst, logging_level="INFO" if logger.isEnabledFor(logging.INFO) else "WARNING")
        except StopRequested:
            return worked
        except REDIS_DOWN as exc:
            logger.warning("worker %s: Redis went away (%s)", worker.name, exc)
        if burst or worker._shutdown_requested_date is not None:
            return worked
        logger.warning("worker %s: its loop ended without being asked to stop; starting again", worker.name)
    return worked  # pragma: no cover - the loop ends by returning
