"""The API's limit on heavy requests in hand, shared by every API server through Redis."""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from jamwithme import checks
from jamwithme.errors import BusyError
from jamwithme.service.redis_link import connect, reaching_redis

logger = logging.getLogger("jamwithme")


class RedisAdmission:
    """A limit on heavy requests in hand, shared by every API server through Redis.

    The same ``async with admission.slot():`` as the API's per-process
    :class:`jamwithme.web.admission.Admission`: one request beyond ``limit`` across all servers gets
    :class:`~jamwithme.errors.BusyError` (the API's 503 + Retry-After). Each
    slot is a member of a Redis sorted set scored with its lease's end, renewed
    while the request runs, so a server that dies holding slots frees them when
    their leases end instead of blocking the limit forever.

    Parameters
    ----------
    redis : str or redis.Redis
        Redis URL or client.
    limit : int
        Requests in hand at once, across all servers.
    retry_after : int
        Seconds the refusal suggests waiting.
    key : str
        The sorted set's key (one per limit).
    lease : float
        Seconds a slot lives unless renewed (renewed every third of it).
    timeout : float
        Seconds a Redis command may take (when ``redis`` is a URL).
    """

    def __init__(
        self,
        redis: Any,
        limit: int,
        retry_after: int,
        *,
        key: str = "jamwithme:admission",
        lease: float = 60.0,
        timeout: float = 5.0,
    ):
        checks.integer("limit", limit, lo=1)
        checks.positive("lease", lease, unit="seconds")
        self.connection = connect(redis, timeout=timeout) if isinstance(redis, str) else redis
        self.limit = limit
        self.retry_after = retry_after
        self.key = key
        self.lease = lease

    @property
    def active(self) -> int:
        """Slots held now, across all servers (leases not yet ended); blocks up to the Redis timeout."""
        with reaching_redis("admission"):
            self.connection.zremrangebyscore(self.key, "-inf", time.time())
            return int(self.connection.zcard(self.key))

    def _take(self, token: str) -> int:
        now = time.time()
        with reaching_redis("admission"), self.connection.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(self.key, "-inf", now)
            pipe.zadd(self.key, {token: now + self.lease})
            pipe.zcard(self.key)
            return int(pipe.execute()[-1])

    def _quietly(self, call, *args, **kwargs) -> None:
        """A Redis call whose failure only costs a lease that ends by itself."""
        try:
            call(*args, **kwargs)
        except Exception as exc:
            logger.info("admission: %s failed (%s); the lease ends by itself", call.__name__, exc)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        import asyncio

        from anyio import to_thread

        token = uuid.uuid4().hex
        # On a thread: a frozen Redis must not hold up the event loop (every other request) for its timeout.
        held = await to_thread.run_sync(self._take, token)
        if held > self.limit:
            await to_thread.run_sync(self._quietly, self.connection.zrem, self.key, token)
            raise BusyError(f"the server is busy with {held - 1} songs; please try again in {self.retry_after} s")

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lease / 3)
                await to_thread.run_sync(
                    lambda: self._quietly(self.connection.zadd, self.key, {token: time.time() + self.lease}, xx=True)
                )

        renewal = asyncio.ensure_future(renew())
        try:
            yield
        finally:
            renewal.cancel()
            await to_thread.run_sync(self._quietly, self.connection.zrem, self.key, token)
