"""Reaching Redis: clients whose every command has a timeout, outages as one sentence, and our own keys.

What the RQ queue (:mod:`jamwithme.service.rq_queue`), the code its jobs run on a
worker (:mod:`jamwithme.service.rq_perform`), the workers
(:mod:`jamwithme.service.worker`) and the shared admission limit
(:mod:`jamwithme.service.redis_admission`) all use.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from jamwithme.errors import JobError, UnavailableError

logger = logging.getLogger("jamwithme")

#: Redis keys of our own, beside RQ's ``rq:*``.
_TOOK = "jamwithme:took:{queue}:{name}"
_RECOVER_LOCK = "jamwithme:recover:{queue}"
#: Sorted set of the workers serving a queue, each scored with the time of its last sign of life.
_ALIVE = "jamwithme:alive:{queue}"
#: What a client is told when Redis is down or frozen (the address goes to the log, not to clients).
QUEUE_DOWN = "the job queue is not answering; please try again in a few seconds"


def done_channel(job_id: str) -> str:
    """The Redis channel a worker publishes on when it has finished (or failed) a try of ``job_id``."""
    return f"jamwithme:done:{job_id}"


def client(url: str, *, timeout: float = 5.0):
    """A Redis client for ``url`` whose every command gives up after ``timeout`` seconds.

    A connection Redis dropped (it restarted) is tried once more at once; a
    command that timed out is not (a frozen Redis would take twice as long to
    be noticed). redis-py's default is three more tries with backoff.
    """
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url, socket_connect_timeout=timeout, socket_timeout=timeout, health_check_interval=30,
        retry=Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)),
    )  # fmt: skip


def connect(url: str, *, timeout: float = 5.0):
    """A Redis client for ``url``, checked to answer (raises :class:`JobError` with the URL if it does not)."""
    import redis

    connection = client(url, timeout=timeout)
    try:
        connection.ping()
    except redis.RedisError as exc:
        raise JobError(f"the job queue's Redis at {_safe(url)} cannot be reached: {exc}") from None
    return connection


@contextlib.contextmanager
def reaching_redis(what: str = "queue") -> Iterator[None]:
    """Turn Redis being down or frozen into :class:`UnavailableError` (details logged, not shown)."""
    import redis

    try:
        yield
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
        logger.warning("%s: Redis is not answering: %s", what, exc)
        raise UnavailableError(QUEUE_DOWN) from None


def alive_key(queue: str) -> str:
    return _ALIVE.format(queue=queue)


def _safe(url: str) -> str:
    """``url`` without a password, for messages and logs."""
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


def took_key(queue: str, name: str) -> str:
    return _TOOK.format(queue=queue, name=name)
