"""The ASGI guard in front of the API: bodies capped and timed while they stream, true bugs caught.

It sits outside FastAPI (a plain ASGI middleware), so it sees the body before
any route reads it, and an exception nobody handled still leaves as JSON.
"""

from __future__ import annotations

import logging
import time

import anyio
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jamwithme.errors import InputTooLargeError
from jamwithme.web.errors import error_response

logger = logging.getLogger("jamwithme")

#: After refusing an over-long body, up to this much more is read and discarded so
#: that the client, still sending, gets to read the 413 rather than a reset connection.
DRAIN_BYTES = 16 * 1024 * 1024


class BodyGuard:
    """Caps request bodies while they stream, bounds how long they take, and catches true bugs.

    A ``Content-Length`` over the cap is refused before the body is read; a
    body without one is counted as it arrives. Exceptions no handler claimed
    are logged with their traceback and answered with a plain JSON 500.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, body_timeout: float):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout = body_timeout

    def _too_large(self, size: int | None = None) -> str:
        have = f" ({size / 1e6:.1f} MB)" if size else ""
        return f"the request body{have} is bigger than the {self.max_body_bytes / 1e6:g} MB limit"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length", b"").strip()
        if length and (not length.isdigit() or int(length) > self.max_body_bytes):
            if not length.isdigit():
                response = error_response(400, f"Content-Length {length[:40].decode('latin-1')!r} is not a number")
            else:
                if int(length) <= self.max_body_bytes + DRAIN_BYTES:
                    await self._drain(receive, DRAIN_BYTES + self.max_body_bytes)
                response = error_response(413, self._too_large(int(length)), headers={"Connection": "close"})
            await response(scope, receive, send)
            return

        received = 0
        complete = False
        deadline = time.monotonic() + self.body_timeout

        async def receive_capped() -> Message:
            nonlocal received, complete
            if complete:  # the body is in; later calls wait for a disconnect, unbounded
                return await receive()
            try:
                with anyio.fail_after(max(0.0, deadline - time.monotonic())):
                    message = await receive()
            except TimeoutError:
                raise StarletteHTTPException(
                    408, f"the request body took longer than {self.body_timeout:g} s to arrive"
                ) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                complete = not message.get("more_body", False)
                if received > self.max_body_bytes:
                    if not complete:
                        await self._drain(receive, DRAIN_BYTES)
                    complete = True
                    raise InputTooLargeError(self._too_large())
            else:
                complete = True
            return message

        try:
            await self.app(scope, receive_capped, send_tracked)
        except Exception:
            logger.exception("api: unexpected error in %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await error_response(500, "internal error: the server failed unexpectedly (it has been logged)")(
                    scope, receive, send
                )

    @staticmethod
    async def _drain(receive: Receive, limit: int) -> None:
        """Read and drop up to ``limit`` bytes of body, for at most a few seconds."""
        dropped = 0
        with anyio.move_on_after(5.0):
            while dropped <= limit:
                message = await receive()
                if message["type"] != "http.request":
                    return
                dropped += len(message.get("body", b""))
                if not message.get("more_body", False):
                    return
