"""What an RQ job runs on a worker: :func:`perform`, its progress saved in the job's ``meta`` through outages.

Enqueued by :class:`jamwithme.service.rq_queue.RQQueue` under the name
:data:`jamwithme.service.rq_queue.PERFORM` (which still resolves through that
module); :class:`jamwithme.service.worker.JamWorker` reads :data:`outcomes`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time

from jamwithme.errors import JamWithMeError, UnavailableError
from jamwithme.service import jobs as named
from jamwithme.service.queue import explain, through_outages
from jamwithme.service.redis_link import took_key

logger = logging.getLogger("jamwithme")

#: Seconds between saves of a running job's progress (each is one Redis write).
_PROGRESS_EVERY = 0.25


#: Jobs whose last save of ``meta`` failed (so the log says so once per outage, not four times a second).
_unsaved: set[str] = set()


#: HSET only if the hash exists: a save into a Redis that restarted empty must not leave a job that is half there.
_SAVE_IF_THERE = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('hset', KEYS[1], 'meta', ARGV[1]) end"


def _save_meta(job) -> None:
    """Save a running job's ``meta``; while Redis is down the job goes on, and its next save catches up.

    RQ's ``save_meta`` writes the field whether or not the job is there; into a
    Redis that restarted empty it would leave a hash holding only ``meta``, which
    RQ then counts as a job that exists (a new enqueue of that id is refused) but
    cannot read.
    """
    import redis

    try:
        job.connection.eval(_SAVE_IF_THERE, 1, job.key, job._serialize_meta())
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
        if job.id not in _unsaved:
            logger.warning("job %s: its progress cannot be saved while Redis is down (%s); it goes on", job.id, exc)
        _unsaved.add(job.id)
    else:
        _unsaved.discard(job.id)


class _Progress:
    """A job's progress callback that saves ``meta['progress']`` at most every 0.25 s."""

    def __init__(self, job):
        self.job = job
        self.value = 0.0
        self.saved_at = 0.0

    def __call__(self, fraction: float) -> None:
        self.value = max(self.value, min(1.0, float(fraction)))
        now = time.monotonic()
        if now - self.saved_at >= _PROGRESS_EVERY:
            self.saved_at = now
            self.job.meta["progress"] = self.value
            _save_meta(self.job)


#: job id -> whether this worker's last run of it stored its result (read when Redis comes back
#: after its outcome could not be recorded: :class:`jamwithme.service.worker.JamWorker`).
outcomes: dict[str, bool] = {}


def perform(name: str, song_id: str, settings_json: str) -> str:
    """What an RQ job runs on a worker: the named job against the worker's store; returns the result key."""
    from rq import get_current_job

    job = get_current_job()
    if job is None:  # called directly (tests, a debugger)
        return named.run(name, song_id, settings_json)
    job.meta["tries"] = int(job.meta.get("tries", 0)) + 1
    job.meta.update(progress=0.0, error=None, final=False, outage=None, worker=f"{socket.gethostname()}:{os.getpid()}")
    _save_meta(job)
    started = time.monotonic()
    outcomes[job.id] = False

    def outage(sentence: str | None) -> None:
        if job.meta.get("outage") != sentence:
            job.meta["outage"] = sentence
            _save_meta(job)

    try:
        key = through_outages(
            lambda: named.run(name, song_id, settings_json, _Progress(job)),
            report=outage, limit=float(job.timeout or 1800), what=f"job {job.id}",
        )  # fmt: skip
    except UnavailableError as exc:
        # The store stayed down for as long as the job may run: not the job's fault, so it is retried while
        # it has tries left, and its waiters are told to come back (the sentence names no address).
        job.meta.update(error=explain(exc), outage=str(exc))
        _save_meta(job)
        raise
    except JamWithMeError as exc:
        # The library refused (a bad song, a result gone): another try would give the same answer.
        job.retries_left = 0
        job.meta.update(error=explain(exc), final=True)
        _save_meta(job)
        raise
    except BaseException as exc:
        logger.exception("job %s failed (try %d)", job.id, job.meta["tries"])
        job.meta["error"] = explain(exc)
        _save_meta(job)
        raise
    outcomes[job.id] = True
    took = took_key(job.origin, name)
    with contextlib.suppress(Exception):  # a missing timing only makes the next wait estimate vaguer
        with job.connection.pipeline() as pipe:
            pipe.lpush(took, time.monotonic() - started).ltrim(took, 0, 7).execute()
    job.meta.update(progress=1.0, outage=None)
    _save_meta(job)
    return key
