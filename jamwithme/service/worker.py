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
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time

from rq import SimpleWorker
from rq.worker import WorkerStatus

from jamwithme.service import jobs
from jamwithme.service.rq_queue import done_channel

logger = logging.getLogger("jamwithme")

#: Seconds between sweeps of the shared store (by whichever worker takes the lock).
SWEEP_EVERY = 3600
_SWEEP_LOCK = "jamwithme:sweep:{queue}"


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

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        return max(2, int(math.ceil(3 * self.heartbeat_interval)))

    def execute_job(self, job, queue) -> None:
        execution = self.prepare_execution(job)
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job, execution, stop), daemon=True, name="jamwithme-beat")
        beat.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            stop.set()
            beat.join()
        # RQ has recorded the outcome by now: wake the clients waiting for it.
        with contextlib.suppress(Exception):
            self.connection.publish(done_channel(job.id), b"1")
        self.set_state(WorkerStatus.IDLE)

    def _beat(self, job, execution, stop: threading.Event) -> None:
        while not stop.wait(self.heartbeat_interval):
            try:
                self.maintain_heartbeats(job, execution)
            except Exception:  # a missed beat is retried next time; three in a row and the job is requeued
                logger.warning("worker %s: heartbeat failed", self.name, exc_info=True)

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
    from jamwithme.service import store_for
    from jamwithme.service.rq_queue import connect

    config = _settings.check()
    if not config.redis_url:
        raise SettingsError("JAMWITHME_REDIS_URL is not set: a worker needs the Redis that the app and API queue on")
    connection = connect(config.redis_url)
    store = store_for()
    jobs.return_large_blocks()
    if preload:
        from jamwithme.separation import get_separator

        started = time.perf_counter()
        get_separator()
        logger.info("worker: separation model loaded in %.1f s", time.perf_counter() - started)
    worker = JamWorker(
        [config.queue_name], connection=connection, name=name, heartbeat=config.worker_heartbeat, store=store
    )
    logger.info("worker %s: serving queue %s, store %r", worker.name, config.queue_name, store)
    return worker.work(burst=burst, logging_level="INFO" if logger.isEnabledFor(logging.INFO) else "WARNING")
