"""Which error is which status, and the one JSON error body ``{"error": "…"}`` every refusal has.

The library's exceptions (:mod:`jamwithme.errors`) are mapped to a status by
:data:`STATUS`; a 503 carries ``Retry-After``. :func:`add_error_handlers`
installs that mapping, FastAPI's validation errors and Starlette's HTTP errors
on an app, so every error leaves in the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from jamwithme.errors import (
    AudioLoadError,
    BusyError,
    DownloadError,
    InputTooLargeError,
    JamWithMeError,
    ModelError,
    ParameterError,
)

logger = logging.getLogger("jamwithme")

#: Exception class to status code; the first match wins (subclasses first).
STATUS = (
    (BusyError, 503),
    (ModelError, 503),
    (InputTooLargeError, 413),
    (AudioLoadError, 415),
    (ParameterError, 422),
    (DownloadError, 400),
    (JamWithMeError, 400),
)


class Unsupported(JamWithMeError):
    """The body is neither JSON nor a multipart form (415)."""


class Invalid(ParameterError):
    """The body is not valid JSON, or fails the schema (422); ``detail`` lists the invalid fields."""

    def __init__(self, message: str, detail: list | None = None):
        super().__init__(message)
        self.detail = detail


def status_of(exc: JamWithMeError) -> int:
    """The HTTP status of a library error.

    Examples
    --------
    >>> status_of(BusyError("busy")), status_of(Unsupported("text/plain")), status_of(JamWithMeError("no"))
    (503, 415, 400)
    """
    if isinstance(exc, Unsupported):
        return 415
    return next(code for cls, code in STATUS if isinstance(exc, cls))


def error_response(
    status: int, message: str, *, detail: list | None = None, headers: dict | None = None
) -> JSONResponse:
    """``{"error": message}`` (and ``detail``, the invalid fields of a 422) with ``status``."""
    body: dict[str, Any] = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=headers)


def explain_validation(errors: list[dict]) -> tuple[str, list[dict]]:
    """Pydantic's errors as one sentence plus a JSON-safe list.

    Examples
    --------
    >>> explain_validation([{"loc": ("body", "seed"), "msg": "must be at least 0"}])[0]
    'invalid request: body.seed: must be at least 0'
    """
    detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in errors]
    parts = [f"{'.'.join(d['loc']) or 'body'}: {d['msg']}" for d in detail[:5]]
    return "invalid request: " + "; ".join(parts), detail


def add_error_handlers(app: FastAPI, *, retry_after: int) -> None:
    """Answer the library's errors, invalid requests and HTTP errors with :func:`error_response`."""

    @app.exception_handler(JamWithMeError)
    async def _library_error(request: Request, exc: JamWithMeError) -> JSONResponse:
        status = status_of(exc)
        headers = {"Retry-After": str(retry_after)} if status == 503 else None
        # Only a request's invalid fields go out as ``detail`` (a list); what each decoder said about a file
        # (AudioLoadError.detail, a string) is for the log, not the client.
        fields = exc.detail if isinstance(exc, Invalid) else None
        logger.info("api: %s %s -> %d: %s", request.method, request.url.path, status, exc)
        return error_response(status, str(exc), detail=fields, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, detail = explain_validation(exc.errors())
        return error_response(422, message, detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))
