"""What a request may carry and what the schema says of it: the request and error models, and each route's docs.

The models are pydantic's; the remix models are made per server with
``duration`` capped by its duration limit (:func:`remix_models`), so the schema
states what is enforced. The request bodies are read by hand
(:mod:`jamwithme.web.inputs`: JSON or a multipart form on one path), so each
route's OpenAPI entry is written here (``REMIX_DOC`` ...) and the models it
names are added to the schema by :func:`openapi_schema`.
"""

from __future__ import annotations

from typing import Any, List, Literal, Optional

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from pydantic import BaseModel, ConstrainedStr, Extra, Field, create_model, validator
from pydantic.schema import schema as pydantic_schema

from jamwithme.audio import AudioFormat, Limits
from jamwithme.notes import MAX_TRANSPOSE, Engine, Part
from jamwithme.remix import MAX_DURATION as MAX_REMIX_SECONDS  # the longest remix jamwithme.remix.walk accepts
from jamwithme.remix import MAX_SEED, MAX_TEMPERATURE
from jamwithme.separation import Band
from jamwithme.web.link_checks import MAX_URL_LENGTH

#: Most links one remix may join.
MAX_URLS = 10
#: Response header with what the user should know about a song that was used anyway (cut short, silent),
#: percent-encoded UTF-8, several joined by " | ".
WARNING_HEADER = "X-JamWithMe-Warning"


#: What the schema says a link looks like: http(s), a host name or IPv4 address, an optional port and path.
#: The server checks more (and answers 400 with the reason): the host must resolve, and not to an internal address.
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(:[1-9][0-9]{0,3})?(/[!-~]*)?$"


class Url(ConstrainedStr):
    """An http(s) link; its form is checked by :func:`jamwithme.web.link_checks.check_link` (400 with the reason)."""

    strip_whitespace = True
    min_length = 1
    max_length = MAX_URL_LENGTH

    @classmethod
    def __modify_schema__(cls, field_schema: dict[str, Any]) -> None:
        super().__modify_schema__(field_schema)
        field_schema["pattern"] = URL_PATTERN


def finite(value: Any) -> Any:
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
        le=MAX_SEED,
        description="Same song, settings and seed: the same remix. Omitted: a fresh one, returned in X-Remix-Seed.",
    )
    temperature: Optional[float] = Field(
        None, ge=0, le=MAX_TEMPERATURE, description="How eagerly the walk jumps between similar beats (default 0.5)."
    )
    method: Optional[Literal["jukebox", "original"]] = Field(
        None, description="'jukebox' (default) or 'original' (MusicRemixer's rule)."
    )

    _numbers = validator("duration", "temperature", "seed", pre=True, allow_reuse=True)(finite)

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


def remix_models(limits: Limits) -> tuple[type[RemixOptions], type[RemixRequest], type[RemixUpload]]:
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
    semitones: int = Field(
        0, ge=-MAX_TRANSPOSE, le=MAX_TRANSPOSE, description="Move every note (and the key) this far."
    )
    format: Literal["json", "midi", "abc", "tab"] = Field(
        "json", description="The notes as JSON, or a MIDI file, ABC notation or a tab named with the key."
    )

    _numbers = validator("semitones", pre=True, allow_reuse=True)(finite)

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


# --------------------------------------------------------------------------- what the schema says of each route


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
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


WARNING_DOC = {
    WARNING_HEADER: {
        "schema": {"type": "string"},
        "description": "Only when the song was used anyway: cut short (both lengths named), or silent. "
        "Percent-encoded UTF-8.",
    }
}


def body_doc(json_model: str, upload_model: str, examples: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{json_model}"}, "examples": examples},
                "multipart/form-data": {"schema": {"$ref": f"#/components/schemas/{upload_model}"}},
            },
        }
    }


REMIX_DOC = dict(
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
                **WARNING_DOC,
            },
        },
        **error_responses(400, 408, 413, 415, 422, 503),
    },
    openapi_extra=body_doc(
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

SEPARATE_DOC = dict(
    summary="Vocals and accompaniment of a song, as a ZIP of two files",
    response_class=Response,
    responses={
        200: {
            "description": "A ZIP holding vocals.<ext> and accompaniment.<ext>, each the song's length.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            "headers": {**WARNING_DOC},
        },
        **error_responses(400, 408, 413, 415, 422, 503),
    },
    openapi_extra=body_doc(
        "SeparateRequest",
        "SeparateUpload",
        {
            "WAV stems": {"value": {"url": "https://example.com/song.mp3"}},
            "FLAC stems": {"value": {"url": "https://example.com/song.mp3", "format": "flac"}},
        },
    ),
)

ANALYZE_DOC = dict(
    summary="Tempo, bars, time signature, key, chords, sections and highlight of a song",
    responses={
        200: {
            "description": "The analysis, as `jamwithme analyze --json` prints it: {tempo, pulse, time_signature, "
            "beats_per_bar, steady, beats, downbeats, bars, key, key_confidence, chords, sections, highlight}. "
            "`pulse` false: the song has no steady beat (silence, a drone, a rubato line); `tempo` is then "
            'null, `beats`, `downbeats` and `bars` are empty and `pulse_note` says "no steady beat found". '
            '`key` null: the song sounds no tones (silence, noise); `key_note` then says "no key found".'
        },
        **error_responses(400, 413, 415, 422, 503),
    },
    openapi_extra=body_doc(
        "AnalyzeRequest", "AnalyzeUpload", {"a link": {"value": {"url": "https://example.com/song.mp3"}}}
    ),
)

NOTES_DOC = dict(
    summary="The melody of a song's vocals (or its bass line, or its chords) as notes, MIDI, ABC or tab",
    response_class=Response,
    responses={
        200: {
            "description": "JSON: {notes: [{start, end, pitch, velocity}], phrases, part, engine, duration, "
            "range, notices, sung, key, tempo, time_signature, semitones}, times in seconds of the song "
            "(`tempo` null: the song has no steady beat; `sung` false: nobody sings in the song's vocals, so no "
            "melody, and a notice says so); or the "
            "file asked for in `format`, named with the key (song_melody_D-major.mid).",
            "content": {
                "application/json": {},
                "audio/midi": {"schema": {"type": "string", "format": "binary"}},
                "text/vnd.abc": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
            },
            "headers": {**WARNING_DOC},
        },
        **error_responses(400, 408, 413, 415, 422, 503),
    },
    openapi_extra=body_doc(
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

HEALTH_DOC = dict(
    summary="Liveness, how busy the server is, and whether the queue, the store and the workers answer",
    responses={503: {"description": "The queue or the store is down (named in `dependencies`)."}},
)


def openapi_schema(app: FastAPI, models: list[type[BaseModel]]) -> dict[str, Any]:
    """The app's OpenAPI schema with ``models`` (the bodies the routes read by hand) among its components."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        definitions = pydantic_schema(models, ref_prefix="#/components/schemas/")["definitions"]
        schema.setdefault("components", {}).setdefault("schemas", {}).update(definitions)
        app.openapi_schema = schema
    return app.openapi_schema
