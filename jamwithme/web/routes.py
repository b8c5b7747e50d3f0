"""The API's endpoints: each reads its request, runs its job on the service's queue and sends the result.

The routes hold nothing of their own: what they work with (the service, the
settings, the admission count, this server's remix models) is made once by
:func:`jamwithme.web.app.create_app` and kept on the app as :class:`Web`.
Decoding, jobs and encoding run on threads (the queue's and the threadpool's),
never on the event loop, so ``/health`` keeps answering.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from jamwithme import __version__
from jamwithme.errors import BusyError
from jamwithme.remix import fresh_seed
from jamwithme.service import Service, jobs
from jamwithme.service.health import WITHIN
from jamwithme.web import answers, inputs
from jamwithme.web.schemas import (
    ANALYZE_DOC,
    HEALTH_DOC,
    NOTES_DOC,
    REMIX_DOC,
    SEPARATE_DOC,
    AnalyzeOptions,
    AnalyzeRequest,
    NotesOptions,
    NotesRequest,
    RemixOptions,
    RemixRequest,
    RemixUpload,
    SeparateOptions,
    SeparateRequest,
)
from jamwithme.web.settings import ApiSettings

router = APIRouter()


@dataclass(frozen=True)
class Web:
    """What the routes work with, made once per app by ``create_app`` (``app.state.web``)."""

    settings: ApiSettings
    service: Service
    admission: Any  # Admission or RedisAdmission: ``async with admission.slot()``, ``admission.active``
    remix_options: type[RemixOptions]
    remix_request: type[RemixRequest]
    remix_upload: type[RemixUpload]

    def incoming(self, request: Request, json_model, form_model, *, links) -> Any:
        """The request read (a place in line first; see :func:`jamwithme.web.inputs.incoming`)."""
        return inputs.incoming(request, self.admission, self.settings.fetch, json_model, form_model, links=links)

    async def add_songs(self, got: inputs.Incoming) -> tuple[Any, list[str]]:
        """The request's songs kept as one (several links joined in order); what their decoders noticed."""
        return await run_in_threadpool(self.service.add_songs, got.songs, source_kind="api")

    async def run(self, name: str, song_id: str, job_settings: dict[str, Any]) -> str:
        """Run a named job on the service's queue; its result key.

        Submitting and waiting may talk to Redis: they occupy a threadpool thread
        (at most max_pending wait), never the event loop, so ``/health`` still answers.
        """
        return await run_in_threadpool(lambda: self.service.wait(self.service.submit(name, song_id, job_settings)))


def _sent_then_removed(got: inputs.Incoming) -> BackgroundTask:
    """The request's work folder kept until the response streamed from it is sent, then removed."""
    got.keep = True
    return BackgroundTask(shutil.rmtree, got.workdir, ignore_errors=True)


@router.post("/remix", **REMIX_DOC)
async def remix(request: Request) -> Response:
    web: Web = request.app.state.web
    async with web.incoming(request, web.remix_request, web.remix_options, links=lambda o: o.urls) as got:
        given = got.options.dict(exclude={"urls"})
        # Unset means the library's default, except the length: unset is the song's own (None).
        options = {k: v for k, v in given.items() if v is not None or k == "duration"}
        options.setdefault("seed", fresh_seed())
        song, notices = await web.add_songs(got)
        key = await web.run("remix", song.id, options)
        out, headers = await run_in_threadpool(answers.remix_answer, web.service, key, got.workdir, notices)
        cleanup = _sent_then_removed(got)
    return FileResponse(out, media_type="audio/wav", filename="remix.wav", headers=headers, background=cleanup)


@router.post("/separate", **SEPARATE_DOC)
async def separate(request: Request) -> Response:
    web: Web = request.app.state.web
    async with web.incoming(request, SeparateRequest, SeparateOptions, links=lambda o: [o.url]) as got:
        options = SeparateOptions(format=got.options.format, band=got.options.band)
        song, notices = await web.add_songs(got)
        key = await web.run("separate", song.id, {"band": options.band})
        archive = await run_in_threadpool(answers.zip_stems, web.service, key, options.format, got.workdir)
        cleanup = _sent_then_removed(got)
    # The song's name as the client gave it (made safe to create by text.given_name when it was saved);
    # FileResponse sends a name that is not plain ASCII as filename*=utf-8''.
    stem = got.songs[0].stem[:60] or "song"
    return FileResponse(
        archive, media_type="application/zip", filename=f"{stem}-stems.zip",
        headers=answers.warning_headers(notices), background=cleanup,
    )  # fmt: skip


@router.post("/analyze", **ANALYZE_DOC)
async def analyze_song(request: Request) -> JSONResponse:
    web: Web = request.app.state.web
    async with web.incoming(request, AnalyzeRequest, AnalyzeOptions, links=lambda o: [o.url]) as got:
        song, notices = await web.add_songs(got)
        key = await web.run("analysis", song.id, {})
        # Made again, once, if it is gone or does not parse (a stored NaN is damage, not a 500).
        result = await run_in_threadpool(web.service.read, key, lambda entry: jobs.analysis_in(entry).to_json())
    return JSONResponse(result, headers=answers.warning_headers(notices))


@router.post("/notes", **NOTES_DOC)
async def notes_of(request: Request) -> Response:
    web: Web = request.app.state.web
    async with web.incoming(request, NotesRequest, NotesOptions, links=lambda o: [o.url]) as got:
        options = got.options
        song, notices = await web.add_songs(got)
        job = {"part": options.part, "engine": options.engine, "source": "mix" if options.as_is else None}
        key = await web.run("notes", song.id, job)
        answer = await run_in_threadpool(answers.notes_answer, web.service, key, options, song)
    name, data, media_type, found_notices = answer
    headers = answers.warning_headers([*notices, *found_notices])
    if options.format == "json":
        return Response(data, media_type="application/json", headers=headers)
    # Starlette adds "; charset=utf-8" to a text/ type itself, even to one that says it (said twice, then).
    media_type = media_type.split(";")[0] if media_type.startswith("text/") else media_type
    return Response(data, media_type=media_type, headers={**headers, **answers.attachment(name)})


@router.get("/health", **HEALTH_DOC)
async def health(request: Request) -> JSONResponse:
    web: Web = request.app.state.web
    dependencies = await run_in_threadpool(web.service.health)  # bounded: see Service.health
    busy = None
    if dependencies.get("queue") == "ok":  # (shared through Redis: not asked of one that is down)
        with contextlib.suppress(BusyError), anyio.move_on_after(WITHIN):
            busy = await anyio.to_thread.run_sync(lambda: web.admission.active, cancellable=True)
    down = any(dependencies.get(name, "ok") != "ok" for name in ("queue", "store"))
    body = {
        "status": "unavailable" if down else "ok",
        "version": __version__,
        "busy": busy,
        "capacity": web.settings.max_pending,
        "dependencies": dependencies,
    }
    headers = {"Retry-After": str(web.settings.retry_after)} if down else None
    return JSONResponse(body, status_code=503 if down else 200, headers=headers)
