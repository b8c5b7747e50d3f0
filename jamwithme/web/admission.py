"""How many heavy requests (remix, separate, analyze, notes) are in hand at once; one more gets 503.

A place is taken before the request's body is read, so a server that is full
refuses at once instead of first reading 100 MB. One API server counts in its
event loop (:class:`Admission`); several count together through Redis
(:class:`jamwithme.service.redis_admission.RedisAdmission`, the same ``slot()``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from jamwithme import settings as jwm_settings
from jamwithme.errors import BusyError


class Admission:
    """Counts heavy requests in hand; one beyond ``limit`` is refused before its body is read.

    Examples
    --------
    >>> import asyncio
    >>> admission = Admission(1, retry_after=10)
    >>> async def two_at_once():
    ...     async with admission.slot():
    ...         async with admission.slot():
    ...             pass
    >>> asyncio.run(two_at_once())
    Traceback (most recent call last):
    ...
    jamwithme.errors.BusyError: the server is busy with 1 songs; please try again in 10 s
    >>> admission.active
    0
    """

    def __init__(self, limit: int, retry_after: int):
        self.limit = limit
        self.retry_after = retry_after
        self.active = 0

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        # One event loop: no lock needed between the check and the increment.
        if self.active >= self.limit:
            raise BusyError(f"the server is busy with {self.active} songs; please try again in {self.retry_after} s")
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1


def admission_for(config: jwm_settings.Settings, limit: int, retry_after: int) -> Any:
    """This server's count (:class:`Admission`); or, with ``JAMWITHME_REDIS_URL``, the count all servers share."""
    if not config.redis_url:
        return Admission(limit, retry_after)
    from jamwithme.service.redis_admission import RedisAdmission
    from jamwithme.service.redis_link import client

    # Not pinged: a Redis down at start-up is an outage like any other (503 until it is back).
    return RedisAdmission(client(config.redis_url, timeout=config.redis_timeout), limit, retry_after)
