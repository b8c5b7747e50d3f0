"""The HTTP API: the original MusicRemixer's ``POST /remix`` contract, plus ``/separate``, ``/analyze`` and ``/notes``.

What it offers and promises, as its users read it at ``/docs``, is :data:`DESCRIPTION`: links fetched by
:func:`jamwithme.web.fetch.fetch`, bodies and heavy requests capped by :class:`jamwithme.web.settings.ApiSettings`,
results made again by :meth:`jamwithme.service.Service.read`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from jamwithme import __version__
from jamwithme import settings as jwm_settings
from jamwithme.service import Service, default_service, queue_from, store_for
from jamwithme.service.leftovers import sweep_leftovers
from jamwithme.web.admission import admission_for
from jamwithme.web.errors import add_error_handlers
from jamwithme.web.guard import BodyGuard
from jamwithme.web.routes import Web, router
from jamwithme.web.schemas import (
    AnalyzeRequest,
    AnalyzeUpload,
    ErrorBody,
    NotesRequest,
    NotesUpload,
    SeparateRequest,
    SeparateUpload,
    openapi_schema,
    remix_models,
)
from jamwithme.web.settings import ApiSettings

#: The API's description at ``/docs`` and in ``/openapi.json``: Markdown, as Swagger UI shows it.
DESCRIPTION = """\
Jam tracks from songs over HTTP. Run it with `jamwithme serve [--host 127.0.0.1] [--port 8000]` (or `make api`);
the schema is at `/openapi.json`.

- `POST /remix`: `{"urls": ["https://…/song.wav", …], "duration": 180, "seed": 7}` (only `urls` required) or a
  multipart upload in the field `file`; a beat remix as `audio/wav`. Several URLs are joined in order before
  remixing. The seed used is returned in the `X-Remix-Seed` header, so a take can be made again.
- `POST /separate`: a multipart upload in `file` or `{"url": …}`; a ZIP of `vocals.<ext>` and
  `accompaniment.<ext>` in `format` (wav, wav24, wav32f, flac, mp3).
- `POST /analyze`: the same two ways; the tempo, bars, time signature, key, chords, sections and highlight as JSON.
- `POST /notes`: the same two ways, with `part` (melody, bass, chords), `as_is`, `semitones` and `format` (json,
  midi, abc, tab); the notes as JSON, or the file named with the key (`song_melody_D-major.mid`).
- `GET /health`: answers at once, also while a separation runs, with how busy the server is and whether the
  queue, the store and (with RQ) the workers answer: 200 when they do, 503 with `Retry-After` naming the one that
  does not (its checks wait 2 s at most: a frozen dependency never holds up other requests).

**Safe to expose.** Links are http or https only, to no internal address, also after redirects, their size and
time capped while they stream; what is fetched or uploaded must decode as audio. Request bodies are capped while
they stream. A limited number of heavy requests are in hand at once, counted before their body is read; one more
gets `503` with `Retry-After`. Decoding, remixing, separation and encoding run on the job queue, never on the
event loop, so `/health` keeps answering.

**Errors.** Every error is a JSON body `{"error": "…"}` with 400 (a link refused or unreachable), 413 (too big or
too long), 415 (not audio, or a body that is neither JSON nor a form), 422 (invalid JSON or parameters) or 503
(busy, or the queue, the store or the workers down: a sentence that names no address, bucket or error, which go
to the server's log); an unexpected failure is logged with its traceback and answered with a plain JSON 500.

**Outages heal.** A result that is gone or damaged is made again; a request that meets an outage gets 503 with
`Retry-After` within the dependency's timeout, and the job goes on once it is back.
"""
logger = logging.getLogger("jamwithme")

__all__ = ["ApiSettings", "create_app"]


def create_app(settings: ApiSettings | None = None, *, service: Service | None = None) -> FastAPI:
    """Build the API over the service: songs go to its store, work to its queue.

    The factory uvicorn calls (``uvicorn --factory jamwithme.web.app:create_app``);
    nothing is built when the module is imported.

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
    if service is None and config.redis_url:
        service = default_service()  # RQ workers: the process's one service
    elif service is None:  # threads of this server: the API's own number of them and of places in line
        store = store_for()
        queue = queue_from(config, store, workers=settings.workers, max_pending=settings.max_pending)
        service = Service(store, queue, limits=settings.limits)
    admission = admission_for(config, settings.max_pending, settings.retry_after)
    remix_options, remix_request, remix_upload = remix_models(settings.limits)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The uploads a killed server (kill -9) left in the temporary folder: nobody else removes them.
        await run_in_threadpool(sweep_leftovers)
        if settings.preload_model:
            # Not awaited: the server answers while the model loads. Not a daemon: a server stopped meanwhile
            # waits for it, as a daemon thread inside TensorFlow at the interpreter's end aborts the process.
            threading.Thread(target=_preload, daemon=False, name="jamwithme-preload").start()
        yield

    app = FastAPI(
        title="JamWithMe",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,  # FastAPI's own /docs loads Swagger UI from a CDN: ours below is served from here
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = Web(settings, service, admission, remix_options, remix_request, remix_upload)
    app.add_middleware(BodyGuard, max_body_bytes=settings.max_body_bytes, body_timeout=settings.body_timeout)
    add_error_handlers(app, retry_after=settings.retry_after)
    app.include_router(router)
    # The bodies are read by hand (JSON or a form on one path): their models join the schema here.
    models = [remix_request, remix_upload, SeparateRequest, SeparateUpload, AnalyzeRequest, AnalyzeUpload,
              NotesRequest, NotesUpload, ErrorBody]  # fmt: skip
    app.openapi = lambda: openapi_schema(app, models)  # type: ignore[method-assign]
    add_docs(app)
    return app


#: Where the API serves Swagger UI's script, style and icon (the static files of the fastapi-offline package).
DOCS_ASSETS = "/docs-assets"


def add_docs(app: FastAPI) -> None:
    """``GET /docs``: Swagger UI on the schema, its assets served by the API itself, so the page works offline
    (nothing is fetched from any other host; the online validator is off)."""
    import fastapi_offline

    static = Path(fastapi_offline.__file__).parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=static), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")  # behind a proxy's path prefix, as FastAPI's own
        assets = root + DOCS_ASSETS
        return get_swagger_ui_html(
            openapi_url=root + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} - API docs",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},
        )


def _preload() -> None:
    from jamwithme.separation import get_separator

    try:
        started = time.perf_counter()
        get_separator()
        logger.info("api: separation model loaded in %.1f s", time.perf_counter() - started)
    except Exception:  # a failure here resurfaces, as a JSON error, on the first /separate
        logger.exception("api: could not preload the separation model")
