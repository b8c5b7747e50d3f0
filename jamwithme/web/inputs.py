"""A heavy request read: a place in line, then its settings and its songs saved as files.

The body is JSON (links and settings) or a multipart form (the song in
``file``, settings as text fields), on the same path; both are validated by the
route's models (:mod:`jamwithme.web.schemas`) and refused with the field named.
The songs, uploaded or fetched (:func:`jamwithme.web.fetch.fetch_each`), go
to a private work folder that :func:`incoming` removes afterwards.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from jamwithme.errors import DownloadError, InputTooLargeError
from jamwithme.service.leftovers import private_folder
from jamwithme.text import given_name
from jamwithme.web.errors import Invalid, Unsupported, explain_validation
from jamwithme.web.fetch import fetch_each
from jamwithme.web.link_checks import FetchPolicy

try:  # python-multipart >= 0.0.13 is importable under this name; older ones only as ``multipart``
    from python_multipart.exceptions import FormParserError
except ImportError:  # pragma: no cover
    from multipart.exceptions import FormParserError

#: JSON bodies only carry links and settings.
MAX_JSON_BYTES = 64 * 1024
FILE_FIELD = "file"


@contextlib.asynccontextmanager
async def incoming(
    request: Request,
    admission: Any,
    fetch: FetchPolicy,
    json_model: type[BaseModel],
    form_model: type[BaseModel],
    *,
    links: Callable[[Any], list[str]],
) -> AsyncIterator[Incoming]:
    """A heavy request: a place in line (or 503) before its body is read; its settings; its songs as files.

    The songs (the upload, or the downloads of ``links(options)``) go to a work
    folder of their own, removed afterwards unless ``keep`` is set (a
    response still streams from it).
    """
    async with admission.slot():
        options, upload, form = await read_request(request, json_model, form_model)
        got = Incoming(options, private_folder("jamwithme-api-"))
        try:
            if upload is not None:
                got.songs = [await run_in_threadpool(save_upload, upload, got.workdir)]
            else:
                got.songs = await run_in_threadpool(download_all, links(options), fetch, got.workdir)
            if form is not None:
                await form.close()  # the upload is saved: free its spool now
                form = None
            yield got
        finally:
            if form is not None:
                await form.close()
            if not got.keep:
                shutil.rmtree(got.workdir, ignore_errors=True)


@dataclass
class Incoming:
    """A heavy request once read: its settings, its songs saved as files, and the folder holding them."""

    options: Any
    workdir: Path
    songs: list[Path] = field(default_factory=list)
    keep: bool = False


def spot(workdir: Path, index: int, name: str) -> Path:
    """Where input ``index`` is saved: its own folder, so that it keeps its name for messages."""
    folder = workdir / f"in{index}"
    folder.mkdir()
    return folder / name


def save_upload(upload: UploadFile, workdir: Path) -> Path:
    path = spot(workdir, 0, given_name(upload.filename, "upload"))
    upload.file.seek(0)
    with open(path, "wb") as out:
        shutil.copyfileobj(upload.file, out, 1 << 20)
    return path


def download_all(urls: list[str], policy: FetchPolicy, workdir: Path) -> list[Path]:
    """Fetch the links in order into the work folder (one size cap, one deadline for all: :func:`fetch_each`)."""
    paths = []
    for index, download in enumerate(fetch_each(urls, policy=policy)):
        path = spot(workdir, index, given_name(download.name, "download"))
        path.write_bytes(download.data)
        paths.append(path)
    return paths


def reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a valid JSON number")


async def read_request(
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
            data = json.loads(body, parse_constant=reject_constant)
        except (ValueError, RecursionError) as exc:
            raise Invalid(f"the body is not valid JSON ({str(exc)[:200]})") from None
        if not isinstance(data, dict):
            raise Invalid(f"the JSON body must be an object, like {example(json_model)}")
        return validate(json_model, data), None, None
    if media == "multipart/form-data":
        if "boundary=" not in content_type.lower():
            raise Unsupported("multipart/form-data without a boundary: let your HTTP client build the form")
        try:
            form = await request.form(max_files=1, max_fields=20)
        except FormParserError as exc:
            raise DownloadError(f"the upload is not a valid multipart form ({str(exc)[:200]})") from None
        try:
            upload = form.get(FILE_FIELD)
            if not isinstance(upload, UploadFile):
                raise Invalid(f"a form upload needs the song in the field {FILE_FIELD!r}")
            fields: dict[str, Any] = {}
            for key, value in form.multi_items():
                if key == FILE_FIELD:
                    continue
                if isinstance(value, UploadFile) or key in fields:
                    raise Invalid(f"the form field {key!r} must be given once, as text")
                fields[key] = value
            return validate(form_model, fields), upload, form
        except BaseException:
            await form.close()
            raise
    if not media and not await request.body():
        raise Invalid(f"send a JSON body like {example(json_model)}, or upload the song in the form field 'file'")
    raise Unsupported(f"the body is {media or 'of no declared type'}; send application/json or multipart/form-data")


def validate(model: type[BaseModel], data: dict) -> BaseModel:
    try:
        return model.parse_obj(data)
    except ValidationError as exc:
        message, detail = explain_validation(exc.errors())
        raise Invalid(message, detail) from None


def example(model: type[BaseModel]) -> str:
    example = getattr(model.Config, "schema_extra", {}).get("example", {})
    return json.dumps(example)
