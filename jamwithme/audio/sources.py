"""An input opened for decoding: a path checked or bytes spooled to a file, its size capped, its decoder chosen.

libsndfile reads WAV, FLAC, Ogg and AIFF containers in-process and exactly;
anything else (MP3 by its content, M4A/AAC, video, more than two channels, a
stream whose length is not in its header) goes to the bundled ffmpeg. What is
opened here, :class:`~jamwithme.audio.reading.AudioReader` streams.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import soundfile as sf

from jamwithme.audio.probe import _SNDFILE_MAGIC, NO_AUDIO_TRACK, _probe_ffmpeg, _wav_declared_frames
from jamwithme.audio.types import MAX_CHANNELS, MAX_INPUT_RATE, MIN_INPUT_RATE, Limits, Source, SourceInfo
from jamwithme.errors import AudioLoadError, InputTooLargeError, NoAudioTrackError, ParameterError
from jamwithme.text import mmss as _mmss

#: What libsndfile reports as the length of a stream that does not declare one (a FLAC written to a pipe).
_UNKNOWN_FRAMES = 2**62


@dataclass(frozen=True)
class Opened:
    """An input's header as :func:`open_decoder` read it."""

    info: SourceInfo
    #: libsndfile's handle on the input, or None where ffmpeg decodes it.
    soundfile: sf.SoundFile | None
    #: Frames the header declares, at the native rate, if it says.
    expected: int | None
    #: An Ogg stream: whether it ends with its end-of-stream mark is checked once it is read.
    ogg: bool


def materialize(source: Source, name: str | None, limits: Limits) -> tuple[str, str, str | None]:
    """The input as a file: ``(path, name for messages, temporary file to remove or None)``.

    A path is checked (a file, not a folder, within the size cap); bytes and
    file objects are spooled to a temporary file, so that every decoder can
    seek (M4A keeps its index at the end).
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = printable(name or path.name or str(path))
        if path.is_dir():
            raise AudioLoadError("this is a folder, not an audio file", name=label)
        if not path.is_file():
            raise AudioLoadError("no such file", name=label)
        check_size(path.stat().st_size, label, limits)
        return str(path), label, None
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        label = name or getattr(source, "name", None) or "upload"
        size = remaining_size(source)
        if size is not None:
            check_size(size, str(label), limits)
        data = source.read(limits.max_bytes + 1)
        if isinstance(data, str):
            raise AudioLoadError("opened in text mode; open the file with 'rb'", name=str(label))
    else:
        raise ParameterError(f"source of type {type(source).__name__} is not a path, bytes or file")
    label = str(name or getattr(source, "name", None) or "upload")
    label = printable(os.path.basename(label.replace("\\", "/"))) or "upload"
    check_size(len(data), label, limits)
    suffix = "".join(c for c in Path(label).suffix[:8] if c.isascii() and (c.isalnum() or c == "."))
    fd, tmp = tempfile.mkstemp(prefix="jamwithme-in-", suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return tmp, label, tmp


def check_size(size: int, label: str, limits: Limits) -> None:
    """Refuse an empty input, or one over ``limits.max_bytes``."""
    if size == 0:
        raise AudioLoadError("the file is empty (0 bytes)", name=label)
    if size > limits.max_bytes:
        raise InputTooLargeError(
            f"the file is {size / 1e6:.1f} MB, more than the {limits.max_bytes / 1e6:.0f} MB limit", name=label
        )


def open_decoder(path: str, name: str, limits: Limits) -> Opened:
    """Read the input's header and choose its decoder: libsndfile where it reads the container, else ffmpeg.

    Refuses what no decoder reads (every decoder's report in the error's
    detail), a rate or a channel count outside what JamWithMe reads, and a
    header that declares more than ``limits.max_duration``.
    """
    reports = []
    expected: int | None = None  # frames the header declares, at the native rate, if it says
    ogg, handle = False, None
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
        if magic not in _SNDFILE_MAGIC:
            # libsndfile's MP3 fallback (mpg123) prints to stderr on junk; ffmpeg decodes the rest.
            raise RuntimeError("not a WAV, FLAC, Ogg or AIFF container")
        info = sf.info(path)
        if info.channels > 2:
            raise RuntimeError(f"{info.channels} channels: left to ffmpeg's downmix")
        frames = int(info.frames) if 0 <= info.frames < _UNKNOWN_FRAMES else None
        if frames is None:
            raise RuntimeError("the length is not in the header: left to ffmpeg")
        declared = _wav_declared_frames(path) if magic == b"RIFF" else None
        if frames == 0 and not declared:
            raise AudioLoadError("it holds no samples (zero length)")
        handle = sf.SoundFile(path)
        expected = max(frames or 0, declared or 0) or None
        ogg = magic == b"OggS"
        duration = frames / info.samplerate if frames is not None and info.samplerate > 0 else None
        result = SourceInfo(name, info.samplerate, info.channels, duration, "soundfile")
    except AudioLoadError as exc:
        raise AudioLoadError(exc.reason, name=name, detail=exc.detail) from None
    except Exception as exc:  # libsndfile raises several types; each is a report
        reports.append(f"soundfile: {short_error(exc).replace(repr(path), 'file').replace(path, 'file')}")
        try:
            rate, channels, duration = _probe_ffmpeg(path)
        except AudioLoadError as ff:
            reports.append(f"ffmpeg: {ff}")
            if str(ff) == NO_AUDIO_TRACK:  # ffmpeg read the container: a picture, or a video without sound
                raise NoAudioTrackError(name=name, detail="; ".join(reports)) from None
            raise AudioLoadError(
                "this is not audio we can read, or the file is damaged", name=name, detail="; ".join(reports)
            ) from None
        if duration is not None and rate > 0:
            expected = int(round(duration * rate))
        result = SourceInfo(name, rate, channels, duration, "ffmpeg")
    try:
        if not MIN_INPUT_RATE <= result.sample_rate <= MAX_INPUT_RATE:
            raise AudioLoadError(
                f"sample rate {result.sample_rate} Hz is outside the supported {MIN_INPUT_RATE}–{MAX_INPUT_RATE} Hz",
                name=name,
            )
        if not 1 <= result.channels <= MAX_CHANNELS:
            raise AudioLoadError(
                f"its header says {result.channels} channels; JamWithMe reads 1 to {MAX_CHANNELS}", name=name
            )
        if result.duration is not None and result.duration > limits.max_duration + 1.0:
            raise InputTooLargeError(too_long(result.duration, limits.max_duration), name=name)
    except BaseException:
        if handle is not None:  # a refused input leaves no file open
            handle.close()
        raise
    return Opened(result, handle, expected, ogg)


def remaining_size(fh) -> int | None:
    try:
        pos = fh.tell()
        fh.seek(0, io.SEEK_END)
        end = fh.tell()
        fh.seek(pos)
        return end - pos
    except (AttributeError, OSError, ValueError):
        return None


def short_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    text = text[-1] if text else type(exc).__name__
    return text.replace("Error opening ", "").strip()


def printable(text: str) -> str:
    """A name safe to show: control and direction-override characters become '?'."""
    return "".join(c if c.isprintable() else "?" for c in str(text))[:200]


def too_long(duration: float | None, cap: float) -> str:
    """Why an input over the length cap is refused, unnamed: "it is 25:00 long, longer than the 20:00 limit"."""
    length = f" is {_mmss(duration)} long," if duration else " is"
    return f"it{length} longer than the {_mmss(cap)} limit"
