"""The HTTP API: the original MusicRemixer's ``POST /remix`` contract, plus ``POST /separate``.

Run it with ``jamwithme serve [--host 127.0.0.1] [--port 8000]`` (or ``make api``);
the schema is at ``/openapi.json`` and browsable at ``/docs``.

``POST /remix``
    ``{"urls": ["https://…/song.wav", …], "duration": 180, "seed": 7}`` (only
    ``urls`` required) or a multipart upload in the field ``file``: a beat
    remix (:func:`jamwithme.remix.beat_remix`) as ``audio/wav``. Several URLs
    are joined in order before remixing. The seed used is returned in the
    ``X-Remix-Seed`` header, so a take can be made again.
``POST /separate``
    A multipart upload in ``file`` or ``{"url": …}``; a ZIP of
    ``vocals.<ext>`` and ``accompaniment.<ext>`` in ``format`` (wav, wav24,
    wav32f, flac, mp3).
``GET /health``
    Answers at once, also while a separation runs, with how busy the server is
    and whether the queue, the store and (with RQ) the workers answer: 200 when
    they do, 503 with ``Retry-After`` naming the one that does not (its checks
    run on threads and are waited for 2 s at most: a frozen dependency never
    holds up other requests).

Safe to expose
    Links are fetched by :func:`jamwithme.fetch.fetch` (http/https only, no
    internal addresses, also after redirects, size and time capped while
    streaming); what is fetched or uploaded must decode as audio. Request
    bodies are capped while they stream (:class:`ApiSettings.max_body_bytes`).
    At most :attr:`ApiSettings.max_pending` heavy requests are in hand at
    once, counted before their body is read; one more gets ``503`` with
    ``Retry-After``. Decoding, remixing, separation and encoding run on the job
    queue's threads, never on the event loop, so ``/health`` keeps answering.
    Every error is a JSON body ``{"error": "…"}`` with 400 (refused link,
    unreachable), 413 (too big or too long), 415 (not audio, or a body that is
    neither JSON nor a form), 422 (invalid JSON or parameters) or 503 (busy, or
    the queue, the store or the workers down: a sentence that names no address,
    bucket or error, which go to the log); an unexpected failure is logged with
    its traceback and answered with a plain JSON 500.
Outages heal
    A result that is gone or damaged is made again (:meth:`jamwithme.service.Service.read`);
    a request that meets an outage gets 503 with ``Retry-After`` within the
    dependency's timeout, and the job goes on once it is back.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import threading
import time
import zipfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Literal, Optional
from urllib.parse import quote

import anyio
import numpy as np
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConstrainedStr, Extra, Field, ValidationError, create_model, validator
from pydantic.schema import schema as pydantic_schema
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jamwithme import __version__
from jamwithme import settings as jwm_settings
from jamwithme.audio import AudioClip, AudioFormat, Limits, load, save
from jamwithme.errors import (
    AudioLoadError,
    BusyError,
    DownloadError,
    InputTooLargeError,
    JamWithMeError,
    ModelError,
    ParameterError,
)
from jamwithme.fetch import MAX_URL_LENGTH, FetchPolicy, fetch_each
from jamwithme.notes import Engine, Part
from jamwithme.separation import Band
from jamwithme.service import Service, SongInfo, default_service, jobs, store_for
from jamwithme.service.clips import get_clips
from jamwithme.service.health import WITHIN
from jamwithme.service.queue import LocalQueue
from jamwithme.service.store import private_folder, sweep_leftovers

try:  # python-multipart >= 0.0.13 is importable under this name; older ones only as ``multipart``
    from python_multipart.exceptions import FormParserError
except ImportError:  # pragma: no cover
    from multipart.exceptions import FormParserError

logger = logging.getLogger("jamwithme")

#: Most links one remix may join.
MAX_URLS = 10
#: Longest remix, in seconds (what :func:`jamwithme.remix.beat_remix` accepts).
MAX_REMIX_SECONDS = 3600.0
#: JSON bodies only carry links and settings.
MAX_JSON_BYTES = 64 * 1024
#: After refusing an over-long body, up to this much more is read and discarded so
#: that the client, still sending, gets to read the 413 rather than a reset connection.
DRAIN_BYTES = 16 * 1024 * 1024
FILE_FIELD = "file"


@dataclass(frozen=True)
class ApiSettings:
    """How much the API accepts and does at once.

    Parameters
    ----------
    fetch : FetchPolicy
        Caps of link downloads and which internal addresses are allowed (none
        by default; see :class:`jamwithme.fetch.FetchPolicy` and its
        ``JAMWITHME_ALLOW_PRIVATE_URLS`` / ``JAMWITHME_ALLOWED_ADDRESSES``).
        The byte cap applies to all links of one request together.
    limits : Limits
        Duration and size caps of every input (``JAMWITHME_MAX_DURATION``,
        ``JAMWITHME_MAX_BYTES``); for a remix of several links, of the joined song.
    max_body_bytes : int
        Largest request body, uploads included (default 100 MB,
        ``JAMWITHME_API_MAX_BODY_BYTES``).
    body_timeout : float
        Seconds a client may take to send its body (default 300).
    max_pending : int
        Heavy requests (remix, separate) in hand at once, waiting or running;
        one more gets 503 (default 4, ``JAMWITHME_API_MAX_PENDING``).
    workers : int
        Jobs run at once (default 1, ``JAMWITHME_API_WORKERS``): separation
        holds the model's lock anyway, and each job holds a song in memory.
    retry_after : int
        Seconds suggested in ``Retry-After`` with a 503 (default 10).
    preload_model : bool
        Load the separation model in the background at start-up, so the first
        ``/separate`` does not wait for it (``JAMWITHME_API_PRELOAD=1``).

    Examples
    --------
    >>> app = create_app(ApiSettings(max_pending=2, fetch=FetchPolicy(allow=("127.0.0.1:8123",))))
    """

    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    limits: Limits = field(default_factory=Limits)
    max_body_bytes: int = field(default_factory=lambda: jwm_settings.current().api_max_body_bytes)
    body_timeout: float = 300.0
    max_pending: int = field(default_factory=lambda: jwm_settings.current().api_max_pending)
    workers: int = field(default_factory=lambda: jwm_settings.current().api_workers)
    retry_after: int = 10
    preload_model: bool = field(default_factory=lambda: jwm_settings.current().api_preload)

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_pending", "workers", "retry_after"):
            if getattr(self, name) < 1:
                raise ParameterError(f"{name}={getattr(self, name)} must be at least 1")
        if not self.body_timeout > 0:
            raise ParameterError(f"body_timeout={self.body_timeout} must be a positive number of seconds")


# --------------------------------------------------------------------------- request and error models

#: What the schema says a link looks like: http(s), a host name or IPv4 address, an optional port and path.
#: The server checks more (and answers 400 with the reason): the host must resolve, and not to an internal address.
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(:[1-9][0-9]{0,3})?(/[!-~]*)?$"


class Url(ConstrainedStr):
    """An http(s) link; its form is checked by :func:`jamwithme.fetch.check_link` (400 with the reason)."""

    strip_whitespace = True
    min_length = 1
    max_length = MAX_URL_LENGTH

    @classmethod
    def __modify_schema__(cls, field_schema: dict[str, Any]) -> None:
        super().__modify_schema__(field_schema)
        field_schema["pattern"] = URL_PATTERN


def _finite(value: Any) -> Any:
    """Refuse numbers too big to be a float instead of letting ``float()`` overflow."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not true or false")
    if isinstance(value, int):
        try:
            float(value)
        except OverflowError:
            raise ValueError("is far too large") from None
    return value


class RemixOptions(BaseModel):
    """Settings of a remix; everything is optional."""

    duration: Optional[float] = Field(
        None, gt=0, le=MAX_REMIX_SECONDS, description="Length of the remix in seconds (default: the song's length)."
    )
    seed: Optional[int] = Field(
        None,
        ge=0,
        le=2**63 - 1,
        description="Same song, settings and seed: the same remix. Omitted: a fresh one, returned in X-Remix-Seed.",
    )
    temperature: Optional[float] = Field(
        None, ge=0, le=100, description="How eagerly the walk jumps between similar beats (default 0.5)."
    )
    method: Optional[Literal["jukebox", "original"]] = Field(
        None, description="'jukebox' (default) or 'original' (MusicRemixer's rule)."
    )

    _numbers = validator("duration", "temperature", "seed", pre=True, allow_reuse=True)(_finite)

    class Config:
        extra = Extra.forbid


class RemixRequest(RemixOptions):
    """``POST /remix`` as JSON: the links of the song, in order, and optional settings."""

    urls: List[Url] = Field(
        ...,
        min_items=1,
        max_items=MAX_URLS,
        description="http(s) links to audio files, joined in this order before remixing.",
    )

    class Config:
        extra = Extra.forbid
        schema_extra = {"example": {"urls": ["https://example.com/song.wav"], "duration": 180, "seed": 7}}


class RemixUpload(RemixOptions):
    """``POST /remix`` as a multipart form: the song in ``file`` and optional settings."""

    file: bytes = Field(..., description="The song: WAV, FLAC, OGG, MP3, M4A...")


class SeparateOptions(BaseModel):
    """Settings of a separation."""

    format: AudioFormat = Field(AudioFormat.WAV, description="Format of the two stems in the ZIP.")
    band: Band = Field(
        Band.FULL,
        description="'full' keeps the highs above 11 kHz in the accompaniment; 'spleeter' is Spleeter's output.",
    )

    class Config:
        extra = Extra.forbid


class SeparateRequest(SeparateOptions):
    """``POST /separate`` as JSON: a link to the song and optional settings."""

    url: Url = Field(..., description="http(s) link to an audio file.")

    class Config:
        extra = Extra.forbid
        schema_extra = {"example": {"url": "https://example.com/song.mp3", "format": "flac"}}


class SeparateUpload(SeparateOptions):
    """``POST /separate`` as a multipart form: the song in ``file`` and optional settings."""

    file: bytes = Field(..., description="The song: WAV, FLAC, OGG, MP3, M4A...")


def _remix_models(limits: Limits) -> tuple[type[RemixOptions], type[RemixRequest], type[RemixUpload]]:
    """The remix models with ``duration`` capped by the server's duration limit: the schema says what is enforced."""
    cap = min(MAX_REMIX_SECONDS, limits.max_duration)
    duration = (
        Optional[float],
        Field(None, gt=0, le=cap, description=f"Length of the remix in seconds, at most {cap:g} (default: the song's)"),
    )
    return (
        create_model("RemixOptions", __base__=RemixOptions, duration=duration),
        create_model("RemixRequest", __base__=RemixRequest, duration=duration),
        create_model("RemixUpload", __base__=RemixUpload, duration=duration),
    )


class AnalyzeOptions(BaseModel):
    """``POST /analyze`` settings: none yet."""

    class Config:
        extra = Extra.forbid


class AnalyzeRequest(AnalyzeOptions):
    """``POST /analyze`` as JSON: a link to the song."""

    url: Url = Field(..., description="http(s) link to an audio file.")

    class Config:
        extra = Extra.forbid
        schema_extra = {"example": {"url": "https://example.com/song.mp3"}}


class AnalyzeUpload(AnalyzeOptions):
    """``POST /analyze`` as a multipart form: the song in ``file``."""

    file: bytes = Field(..., description="The song: WAV, FLAC, OGG, MP3, M4A...")


class NotesOptions(BaseModel):
    """``POST /notes`` settings; everything is optional."""

    part: Part = Field(
        Part.MELODY, description="'melody' (from the separated vocals), 'bass' or 'chords' (from the accompaniment)."
    )
    as_is: bool = Field(False, description="Transcribe the song as it is sent (a solo recording, a stem).")
    engine: Optional[Engine] = Field(None, description="'pyin' or 'basic-pitch' (default: the part's measured best).")
    semitones: int = Field(0, ge=-24, le=24, description="Move every note (and the key) this far.")
    format: Literal["json", "midi", "abc", "tab"] = Field(
        "json", description="The notes as JSON, or a MIDI file, ABC notation or a tab named with the key."
    )

    _numbers = validator("semitones", pre=True, allow_reuse=True)(_finite)

    class Config:
        extra = Extra.forbid


class NotesRequest(NotesOptions):
    """``POST /notes`` as JSON: a link to the song and optional settings."""

    url: Url = Field(..., description="http(s) link to an audio file.")

    class Config:
        extra = Extra.forbid
        schema_extra = {"example": {"url": "https://example.com/song.mp3", "format": "midi", "semitones": 2}}


class NotesUpload(NotesOptions):
    """``POST /notes`` as a multipart form: the song in ``file`` and optional settings."""

    file: bytes = Field(..., description="The song: WAV, FLAC, OGG, MP3, M4A...")


class ErrorBody(BaseModel):
    """Every error: a sentence saying what was wrong; ``detail`` lists invalid fields (422)."""

    error: str
    detail: Optional[List[dict]] = None

    class Config:
        schema_extra = {"example": {"error": "file:///etc/passwd: file:// links are not accepted; only http and https"}}


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


class _Unsupported(JamWithMeError):
    """The body is neither JSON nor a multipart form (415)."""


class _Invalid(ParameterError):
    """The body is not valid JSON, or fails the schema (422)."""

    def __init__(self, message: str, detail: list | None = None):
        super().__init__(message)
        self.detail = detail


def _status_of(exc: JamWithMeError) -> int:
    if isinstance(exc, _Unsupported):
        return 415
    return next(code for cls, code in STATUS if isinstance(exc, cls))


def _error(status: int, message: str, *, detail: list | None = None, headers: dict | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, headers=headers)


def _explain_validation(errors: list[dict]) -> tuple[str, list[dict]]:
    """Pydantic's errors as one sentence plus a JSON-safe list."""
    detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in errors]
    parts = [f"{'.'.join(d['loc']) or 'body'}: {d['msg']}" for d in detail[:5]]
    return "invalid request: " + "; ".join(parts), detail


# --------------------------------------------------------------------------- body cap, catch-all


class _Guard:
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
                response = _error(400, f"Content-Length {length[:40].decode('latin-1')!r} is not a number")
            else:
                if int(length) <= self.max_body_bytes + DRAIN_BYTES:
                    await self._drain(receive, DRAIN_BYTES + self.max_body_bytes)
                response = _error(413, self._too_large(int(length)), headers={"Connection": "close"})
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
                await _error(500, "internal error: the server failed unexpectedly (it has been logged)")(
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


# --------------------------------------------------------------------------- admission


class _Admission:
    """Counts heavy requests in hand; one beyond ``limit`` is refused before its body is read."""

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


# --------------------------------------------------------------------------- reading requests


@dataclass
class _Incoming:
    """A heavy request once read: its settings, its songs saved as files, and the folder holding them."""

    options: Any
    workdir: Path
    songs: list[Path] = field(default_factory=list)
    keep: bool = False


def _safe_name(name: str | None, default: str) -> str:
    """A file name from a client (upload or link) that is safe to create: no folders, no dot files, short."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in name if c.isprintable()).strip().lstrip(".")
    # At most 120 bytes of UTF-8 (file systems allow 255); drops lone surrogates too.
    name = name.encode("utf-8", "ignore")[:120].decode("utf-8", "ignore")
    return name or default


def _spot(workdir: Path, index: int, name: str) -> Path:
    """Where input ``index`` is saved: its own folder, so that it keeps its name for messages."""
    folder = workdir / f"in{index}"
    folder.mkdir()
    return folder / name


def _save_upload(upload: UploadFile, workdir: Path) -> Path:
    path = _spot(workdir, 0, _safe_name(upload.filename, "upload"))
    upload.file.seek(0)
    with open(path, "wb") as out:
        shutil.copyfileobj(upload.file, out, 1 << 20)
    return path


def _download_all(urls: list[str], policy: FetchPolicy, workdir: Path) -> list[Path]:
    """Fetch the links in order into the work folder (one size cap, one deadline for all: :func:`fetch_each`)."""
    paths = []
    for index, download in enumerate(fetch_each(urls, policy=policy)):
        path = _spot(workdir, index, _safe_name(download.name, "download"))
        path.write_bytes(download.data)
        paths.append(path)
    return paths


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a valid JSON number")


async def _read_request(
    request: Request, json_model: type[BaseModel], form_model: type[BaseModel]
) -> tuple[BaseModel, UploadFile | None, Any]:
    """Parse a JSON body with ``json_model`` or a multipart form (song in ``file``) with ``form_model``.

    Returns the settings, the upload (or None) and the form to close afterwards.
    """
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or (media.startswith("application/") and media.endswith("+json")):
        body = await request.body()
        if len(body) > MAX_JSON_BYTES:
            raise InputTooLargeError(f"a JSON body may be {MAX_JSON_BYTES // 1024} KB at most, not {len(body)} bytes")
        try:
            data = json.loads(body, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as exc:
            raise _Invalid(f"the body is not valid JSON ({str(exc)[:200]})") from None
        if not isinstance(data, dict):
            raise _Invalid(f"the JSON body must be an object, like {_example(json_model)}")
        return _validate(json_model, data), None, None
    if media == "multipart/form-data":
        if "boundary=" not in content_type.lower():
            raise _Unsupported("multipart/form-data without a boundary: let your HTTP client build the form")
        try:
            form = await request.form(max_files=1, max_fields=20)
        except FormParserError as exc:
            raise DownloadError(f"the upload is not a valid multipart form ({str(exc)[:200]})") from None
        try:
            upload = form.get(FILE_FIELD)
            if not isinstance(upload, UploadFile):
                raise _Invalid(f"a form upload needs the song in the field {FILE_FIELD!r}")
            fields: dict[str, Any] = {}
            for key, value in form.multi_items():
                if key == FILE_FIELD:
                    continue
                if isinstance(value, UploadFile) or key in fields:
                    raise _Invalid(f"the form field {key!r} must be given once, as text")
                fields[key] = value
            return _validate(form_model, fields), upload, form
        except BaseException:
            await form.close()
            raise
    if not media and not await request.body():
        raise _Invalid(f"send a JSON body like {_example(json_model)}, or upload the song in the form field 'file'")
    raise _Unsupported(f"the body is {media or 'of no declared type'}; send application/json or multipart/form-data")


def _validate(model: type[BaseModel], data: dict) -> BaseModel:
    try:
        return model.parse_obj(data)
    except ValidationError as exc:
        message, detail = _explain_validation(exc.errors())
        raise _Invalid(message, detail) from None


def _example(model: type[BaseModel]) -> str:
    example = getattr(model.Config, "schema_extra", {}).get("example", {})
    return json.dumps(example)


# --------------------------------------------------------------------------- jobs (run on the queue's threads)


#: Response header with what the user should know about a song that was used anyway (cut short, silent),
#: percent-encoded UTF-8, several joined by " | ".
WARNING_HEADER = "X-JamWithMe-Warning"


def _warning_headers(notices: list[str]) -> dict[str, str]:
    if not notices:
        return {}
    return {WARNING_HEADER: quote(" | ".join(notices)[:2000], safe=" !#$&'()*+,/:;=?@[]~-._|")}


def _load_all(paths: list[Path], limits: Limits, notices: list[str]) -> AudioClip:
    clips = [load(path, limits=limits, notices=notices) for path in paths]
    if len(clips) == 1:
        return clips[0]
    total = sum(c.duration for c in clips)
    if total > limits.max_duration + 1.0:
        raise InputTooLargeError(
            f"the {len(clips)} songs together last {total / 60:.1f} minutes, more than the "
            f"{limits.max_duration / 60:g}-minute limit"
        )
    # Joined into one array, each part dropped once copied: the songs are held about once, not twice.
    joined = np.empty((clips[0].channels, sum(c.n_samples for c in clips)), np.float32)
    rate, at = clips[0].sample_rate, 0
    while clips:
        part = clips.pop(0).samples
        joined[:, at : at + part.shape[1]] = part
        at += part.shape[1]
        del part
    return AudioClip(joined, rate)


def _add_songs(service: Service, paths: list[Path], limits: Limits) -> tuple[SongInfo, list[str]]:
    """Decode and keep the request's songs (several are joined in order into one); their notices too."""
    notices: list[str] = []
    if len(paths) == 1:
        info = service.add_song(paths[0], name=paths[0].name, source_kind="api")
        return info, list(info.notices)
    joined = _load_all(paths, limits, notices)
    return service.add_song(joined, name="joined", source_kind="api"), notices


def _remix_answer(service: Service, key: str, workdir: Path, notices: list[str]) -> tuple[Path, dict[str, str]]:
    """The stored remix as a WAV in the request's work folder (the answer streams from it), and its headers."""

    def written(entry) -> tuple[Any, dict[str, Any]]:
        take = jobs.walk_in(entry)
        meta = dict(entry.meta)
        if "tempo" not in meta:  # stored before the remix kept its tempo
            analysis = jobs.beat_analysis(service.store, meta["analysis"])
            meta.update(tempo=analysis.tempo, n_beats=analysis.n_beats)
        save(get_clips(entry, ["remix"])["remix"], workdir / "remix.wav", "wav")
        return take, meta

    # Made again, once, if the remix is gone or does not read.
    take, meta = service.read(key, written)
    out = workdir / "remix.wav"
    headers = {
        "X-Remix-Seed": str(take.seed),
        "X-Remix-Tempo": f"{meta['tempo']:.1f}",
        "X-Remix-Beats": str(meta["n_beats"]),
        "X-Remix-Jumps": str(take.n_jumps),
        "X-Remix-Duration": f"{take.duration:.3f}",
        **_warning_headers(notices),
    }
    return out, headers


def _notes_answer(service: Service, key: str, options: NotesOptions, song: SongInfo) -> tuple[str, bytes, str, list]:
    """The stored notes as the request asks: JSON (with the key, tempo and metre) or one download.

    The notes and the song's analysis are read through the service: either one
    gone or damaged since its job finished is made again, once, not refused.
    """
    from jamwithme.analysis.key import transposed_key
    from jamwithme.notes.files import download

    found = service.read(key, jobs.notes_in)
    # Submitted (found stored at once, as a rule) so the service knows how to make the analysis again if it is gone.
    analysis = service.read(service.submit("analysis", song.id, {}), jobs.analysis_in)
    if options.format == "json":
        body = found.transposed(options.semitones).to_json()
        body.update(key=transposed_key(analysis.key, options.semitones), tempo=round(float(analysis.tempo), 2),
                    time_signature=analysis.time_signature, semitones=options.semitones)  # fmt: skip
        return "notes.json", json.dumps(body).encode(), "application/json", list(found.notices)
    name, data, media_type = download(found, analysis, fmt=options.format, semitones=options.semitones, song=song.name)
    return name, data, media_type, list(found.notices)


def _ascii_name(name: str) -> str:
    """A file name for the plain ``filename=`` of Content-Disposition: ASCII, no quotes or backslashes."""
    return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name)


def _zip_stems(service: Service, key: str, fmt: str, workdir: Path) -> Path:
    """The stored stems encoded in ``fmt``, in a ZIP in the request's work folder."""
    archive = workdir / "stems.zip"
    extension = AudioFormat(fmt).extension
    # Stored, not deflated: encoded audio barely compresses and would cost seconds.
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for stem, clip in service.clips(key, ["vocals", "accompaniment"]).items():
            path = save(clip, workdir / f"{stem}.{extension}", fmt)
            zf.write(path, arcname=path.name)
            path.unlink()
    return archive


# --------------------------------------------------------------------------- the app


def _error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    reasons = {
        400: "A link was refused (not http/https, an internal address, also after a redirect) or could not "
        "be fetched, or the form is malformed.",
        413: "The body, a download or the song is too big or too long.",
        415: "What was uploaded or fetched is not audio, or the body is neither JSON nor a multipart form.",
        408: "The request body took longer than the server's body timeout to arrive.",
        422: "Invalid JSON or invalid settings.",
        503: "Busy: too many songs in hand. Retry after the seconds in Retry-After.",
    }
    return {code: {"model": ErrorBody, "description": reasons[code]} for code in codes}


_WARNING_DOC = {
    WARNING_HEADER: {
        "schema": {"type": "string"},
        "description": "Only when the song was used anyway: cut short (both lengths named), or silent. "
        "Percent-encoded UTF-8.",
    }
}


def _body_doc(json_model: str, upload_model: str, examples: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{json_model}"}, "examples": examples},
                "multipart/form-data": {"schema": {"$ref": f"#/components/schemas/{upload_model}"}},
            },
        }
    }


def create_app(settings: ApiSettings | None = None, *, service: Service | None = None) -> FastAPI:
    """Build the API over the service: songs go to its store, work to its queue.

    Parameters
    ----------
    settings : ApiSettings, optional
        Caps and policies (default: from the environment, see :class:`ApiSettings`).
    service : Service, optional
        Where songs, jobs and results live (default: this process's store, with
        RQ workers when ``JAMWITHME_REDIS_URL`` is set, else a queue of
        ``settings.workers`` threads and ``settings.max_pending`` places).

    Returns
    -------
    FastAPI
        Serve it with uvicorn: ``uvicorn.run(create_app(), host="127.0.0.1", port=8000)``.

    Examples
    --------
    >>> app = create_app(ApiSettings(max_pending=1))
    >>> sorted(r.path for r in app.routes if r.path in ("/remix", "/separate", "/health"))
    ['/health', '/remix', '/separate']
    """
    settings = settings or ApiSettings()
    config = jwm_settings.check()
    if service is None:
        if config.redis_url:
            service = default_service()
        else:
            store = store_for()
            service = Service(
                store, LocalQueue(store, workers=settings.workers, max_pending=settings.max_pending),
                limits=settings.limits,
            )  # fmt: skip
    if config.redis_url:
        from jamwithme.service.rq_queue import RedisAdmission, client

        # Not pinged: a Redis down at start-up is an outage like any other (503 until it is back).
        connection = client(config.redis_url, timeout=config.redis_timeout)
        admission = RedisAdmission(connection, settings.max_pending, settings.retry_after)
    else:
        admission = _Admission(settings.max_pending, settings.retry_after)
    remix_options, remix_request, remix_upload = _remix_models(settings.limits)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The uploads a killed server (kill -9) left in the temporary folder: nobody else removes them.
        await run_in_threadpool(sweep_leftovers)
        if settings.preload_model:
            # Not awaited: the server answers while the model loads.
            threading.Thread(target=_preload, daemon=True, name="jamwithme-preload").start()
        yield

    app = FastAPI(
        title="JamWithMe",
        version=__version__,
        description=__doc__.split("\n\n", 1)[1] if __doc__ else "",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = service
    app.state.admission = admission
    app.add_middleware(_Guard, max_body_bytes=settings.max_body_bytes, body_timeout=settings.body_timeout)

    @app.exception_handler(JamWithMeError)
    async def _library_error(request: Request, exc: JamWithMeError) -> JSONResponse:
        status = _status_of(exc)
        headers = {"Retry-After": str(settings.retry_after)} if status == 503 else None
        # Only a request's invalid fields go out as ``detail`` (a list); what each decoder said about a file
        # (AudioLoadError.detail, a string) is for the log, not the client.
        fields = exc.detail if isinstance(exc, _Invalid) else None
        logger.info("api: %s %s -> %d: %s", request.method, request.url.path, status, exc)
        return _error(status, str(exc), detail=fields, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, detail = _explain_validation(exc.errors())
        return _error(422, message, detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @contextlib.asynccontextmanager
    async def _incoming(
        request: Request,
        json_model: type[BaseModel],
        form_model: type[BaseModel],
        *,
        links: Callable[[Any], list[str]],
    ) -> AsyncIterator[_Incoming]:
        """A heavy request: a place in line (or 503) before its body is read; its settings; its songs as files.

        The songs (the upload, or the downloads of ``links(options)``) go to a work
        folder of their own, removed afterwards unless ``keep`` is set (a
        response still streams from it).
        """
        async with admission.slot():
            options, upload, form = await _read_request(request, json_model, form_model)
            incoming = _Incoming(options, private_folder("jamwithme-api-"))
            try:
                if upload is not None:
                    incoming.songs = [await run_in_threadpool(_save_upload, upload, incoming.workdir)]
                else:
                    incoming.songs = await run_in_threadpool(
                        _download_all, links(options), settings.fetch, incoming.workdir
                    )
                if form is not None:
                    await form.close()  # the upload is saved: free its spool now
                    form = None
                yield incoming
            finally:
                if form is not None:
                    await form.close()
                if not incoming.keep:
                    shutil.rmtree(incoming.workdir, ignore_errors=True)

    async def _run(name: str, song_id: str, job_settings: dict[str, Any]) -> str:
        """Run a named job on the service's queue; its result key. Submitting and waiting use threads, not the loop.

        (Both may talk to Redis; a frozen one must not hold up the event loop, so ``/health`` still answers.)
        """
        # Waiting occupies a threadpool thread, never the event loop; at most max_pending wait.
        return await run_in_threadpool(lambda: service.wait(service.submit(name, song_id, job_settings)))

    @app.post(
        "/remix",
        summary="Beat remix of one song, or of several joined in order",
        response_class=Response,
        responses={
            200: {
                "description": "The remix, 16-bit WAV. X-Remix-Seed makes the same take again.",
                "content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}},
                "headers": {
                    "X-Remix-Seed": {"schema": {"type": "integer"}, "description": "seed used"},
                    "X-Remix-Tempo": {"schema": {"type": "number"}, "description": "tempo in BPM"},
                    "X-Remix-Jumps": {"schema": {"type": "integer"}, "description": "jumps in the walk"},
                    **_WARNING_DOC,
                },
            },
            **_error_responses(400, 408, 413, 415, 422, 503),
        },
        openapi_extra=_body_doc(
            "RemixRequest",
            "RemixUpload",
            {
                "one song": {"value": {"urls": ["https://example.com/song.wav"]}},
                "two songs, 3 minutes, fixed seed": {
                    "value": {
                        "urls": ["https://example.com/verse.mp3", "https://example.com/chorus.mp3"],
                        "duration": 180,
                        "seed": 7,
                    }
                },
            },
        ),
    )
    async def remix(request: Request) -> Response:
        async with _incoming(request, remix_request, remix_options, links=lambda o: o.urls) as incoming:
            given = incoming.options.dict(exclude={"urls"})
            # Unset means the library's default, except the length: unset is the song's own (None).
            options = {k: v for k, v in given.items() if v is not None or k == "duration"}
            options.setdefault("seed", secrets.randbelow(2**31))
            song, notices = await run_in_threadpool(_add_songs, service, incoming.songs, settings.limits)
            key = await _run("remix", song.id, options)
            out, headers = await run_in_threadpool(_remix_answer, service, key, incoming.workdir, notices)
            incoming.keep = True  # removed once the WAV is sent
        return FileResponse(
            out,
            media_type="audio/wav",
            filename="remix.wav",
            headers=headers,
            background=BackgroundTask(shutil.rmtree, incoming.workdir, ignore_errors=True),
        )

    @app.post(
        "/separate",
        summary="Vocals and accompaniment of a song, as a ZIP of two files",
        response_class=Response,
        responses={
            200: {
                "description": "A ZIP holding vocals.<ext> and accompaniment.<ext>, each the song's length.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
                "headers": {**_WARNING_DOC},
            },
            **_error_responses(400, 408, 413, 415, 422, 503),
        },
        openapi_extra=_body_doc(
            "SeparateRequest",
            "SeparateUpload",
            {
                "WAV stems": {"value": {"url": "https://example.com/song.mp3"}},
                "FLAC stems": {"value": {"url": "https://example.com/song.mp3", "format": "flac"}},
            },
        ),
    )
    async def separate(request: Request) -> Response:
        async with _incoming(request, SeparateRequest, SeparateOptions, links=lambda o: [o.url]) as incoming:
            options = SeparateOptions(format=incoming.options.format, band=incoming.options.band)
            (path,) = incoming.songs
            song, notices = await run_in_threadpool(_add_songs, service, [path], settings.limits)
            key = await _run("separate", song.id, {"band": options.band})
            archive = await run_in_threadpool(_zip_stems, service, key, options.format, incoming.workdir)
            incoming.keep = True  # removed once the ZIP is sent
        stem = "".join(c for c in path.stem if c.isalnum() or c in "-_ ")[:60] or "song"
        return FileResponse(
            archive,
            media_type="application/zip",
            filename=f"{stem}-stems.zip",
            headers=_warning_headers(notices),
            background=BackgroundTask(shutil.rmtree, incoming.workdir, ignore_errors=True),
        )

    @app.post(
        "/analyze",
        summary="Tempo, bars, time signature, key, chords, sections and highlight of a song",
        responses={
            200: {"description": "The analysis, as `jamwithme analyze --json` prints it."},
            **_error_responses(400, 413, 415, 422, 503),
        },
        openapi_extra=_body_doc(
            "AnalyzeRequest", "AnalyzeUpload", {"a link": {"value": {"url": "https://example.com/song.mp3"}}}
        ),
    )
    async def analyze_song(request: Request) -> JSONResponse:
        async with _incoming(request, AnalyzeRequest, AnalyzeOptions, links=lambda o: [o.url]) as incoming:
            song, notices = await run_in_threadpool(_add_songs, service, incoming.songs, settings.limits)
            key = await _run("analysis", song.id, {})
            # Made again, once, if it is gone or does not parse (a stored NaN is damage, not a 500).
            result = await run_in_threadpool(service.read, key, lambda entry: jobs.analysis_in(entry).to_json())
        return JSONResponse(result, headers=_warning_headers(notices))

    @app.post(
        "/notes",
        summary="The melody of a song's vocals (or its bass line, or its chords) as notes, MIDI, ABC or tab",
        response_class=Response,
        responses={
            200: {
                "description": "JSON: {notes: [{start, end, pitch, velocity}], phrases, part, engine, duration, "
                "range, notices, key, tempo, time_signature, semitones}, times in seconds of the song; or the "
                "file asked for in `format`, named with the key (song_melody_D-major.mid).",
                "content": {
                    "application/json": {},
                    "audio/midi": {"schema": {"type": "string", "format": "binary"}},
                    "text/vnd.abc": {"schema": {"type": "string"}},
                    "text/plain": {"schema": {"type": "string"}},
                },
                "headers": {**_WARNING_DOC},
            },
            **_error_responses(400, 408, 413, 415, 422, 503),
        },
        openapi_extra=_body_doc(
            "NotesRequest",
            "NotesUpload",
            {
                "the melody as JSON": {"value": {"url": "https://example.com/song.mp3"}},
                "the bass line as MIDI, 2 semitones up": {
                    "value": {"url": "https://example.com/song.mp3", "part": "bass", "format": "midi", "semitones": 2}
                },
            },
        ),
    )
    async def notes_of(request: Request) -> Response:
        async with _incoming(request, NotesRequest, NotesOptions, links=lambda o: [o.url]) as incoming:
            options = incoming.options
            song, notices = await run_in_threadpool(_add_songs, service, incoming.songs, settings.limits)
            job = {"part": options.part, "engine": options.engine, "source": "mix" if options.as_is else None}
            key = await _run("notes", song.id, job)
            answer = await run_in_threadpool(_notes_answer, service, key, options, song)
        name, data, media_type, found_notices = answer
        headers = _warning_headers([*notices, *found_notices])
        if options.format == "json":
            return Response(data, media_type="application/json", headers=headers)
        disposition = f"attachment; filename=\"{_ascii_name(name)}\"; filename*=utf-8''{quote(name)}"
        return Response(data, media_type=media_type, headers={**headers, "Content-Disposition": disposition})

    @app.get(
        "/health",
        summary="Liveness, how busy the server is, and whether the queue, the store and the workers answer",
        responses={503: {"description": "The queue or the store is down (named in `dependencies`)."}},
    )
    async def health() -> JSONResponse:
        dependencies = await run_in_threadpool(service.health)  # bounded: see Service.health
        busy = None
        if dependencies.get("queue") == "ok":  # (shared through Redis: not asked of one that is down)
            with contextlib.suppress(BusyError), anyio.move_on_after(WITHIN):
                busy = await anyio.to_thread.run_sync(lambda: admission.active, cancellable=True)
        down = any(dependencies.get(name, "ok") != "ok" for name in ("queue", "store"))
        body = {
            "status": "unavailable" if down else "ok",
            "version": __version__,
            "busy": busy,
            "capacity": settings.max_pending,
            "dependencies": dependencies,
        }
        headers = {"Retry-After": str(settings.retry_after)} if down else None
        return JSONResponse(body, status_code=503 if down else 200, headers=headers)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            models = [
                remix_request,
                remix_upload,
                SeparateRequest,
                SeparateUpload,
                AnalyzeRequest,
                AnalyzeUpload,
                NotesRequest,
                NotesUpload,
                ErrorBody,
            ]
            definitions = pydantic_schema(models, ref_prefix="#/components/schemas/")["definitions"]
            schema.setdefault("components", {}).setdefault("schemas", {}).update(definitions)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _preload() -> None:
    from jamwithme.separation import get_separator

    try:
        started = time.perf_counter()
        get_separator()
        logger.info("api: separation model loaded in %.1f s", time.perf_counter() - started)
    except Exception:  # a failure here resurfaces, as a JSON error, on the first /separate
        logger.exception("api: could not preload the separation model")


app = create_app()
