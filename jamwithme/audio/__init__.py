"""The one place audio is decoded, validated, resampled and encoded.

Everything inside :mod:`jamwithme` works on :class:`AudioClip`: float32 samples
of shape ``(channels, n)``, stereo, at :data:`SAMPLE_RATE`. Bytes, paths and
file objects come in through :func:`load` (or :class:`AudioReader` for
streaming long files block by block); bytes go out through :func:`encode`
(or :class:`AudioWriter` for streaming).

Decoding tries libsndfile first (WAV, FLAC, OGG, MP3: exact and in-process),
then the ffmpeg binary bundled with ``imageio-ffmpeg`` (M4A/AAC, video files,
multichannel layouts, anything else ffmpeg reads). If both fail, one
:class:`~jamwithme.errors.AudioLoadError` says what each decoder reported.
Resampling happens once, here, with soxr.

The package by job (each name below is importable from ``jamwithme.audio``):

- :mod:`~jamwithme.audio.types`: :class:`AudioClip`, :class:`AudioFormat`,
  :class:`Limits`, the constants, and reading a clip memory-mapped from the
  store block by block (:func:`blocks_of`, :func:`release_pages`);
- :mod:`~jamwithme.audio.probe`: the ffmpeg binary, its probe, and the header
  sniffers (WAV's declared length, Ogg's end-of-stream mark);
- :mod:`~jamwithme.audio.sources`: an input opened: a path checked or bytes spooled
  to a file, its size capped, its decoder chosen by its header;
- :mod:`~jamwithme.audio.reading`: :class:`AudioReader`, :func:`load`, :func:`check`;
- :mod:`~jamwithme.audio.writing`: :class:`AudioWriter`, :func:`encode`, :func:`save`;
- :mod:`~jamwithme.audio.blocks`: streams of blocks joined (:func:`join_blocks`)
  or mixed to mono at a rate (:func:`mono_blocks`);
- :mod:`~jamwithme.audio.npy`: clips as ``.npy`` files, streamed in
  (:class:`ClipWriter`) and memory-mapped out (:func:`read_clip`).
"""

from __future__ import annotations

from jamwithme.audio.blocks import join_blocks, mono_blocks
from jamwithme.audio.npy import ClipWriter, read_clip, write_clip
from jamwithme.audio.probe import NO_AUDIO_TRACK, ffmpeg_exe
from jamwithme.audio.reading import AudioReader, check, load
from jamwithme.audio.types import (
    CHANNELS,
    MAX_CHANNELS,
    MAX_INPUT_RATE,
    MIN_DURATION,
    MIN_INPUT_RATE,
    SAMPLE_RATE,
    SILENCE_PEAK,
    TRUNCATION_FRACTION,
    TRUNCATION_SECONDS,
    AudioClip,
    AudioFormat,
    Limits,
    Source,
    SourceInfo,
    blocks_of,
    is_silent,
    release_pages,
    silence,
)
from jamwithme.audio.writing import AudioWriter, encode, save

__all__ = [
    "CHANNELS",
    "MAX_CHANNELS",
    "MAX_INPUT_RATE",
    "MIN_DURATION",
    "MIN_INPUT_RATE",
    "NO_AUDIO_TRACK",
    "SAMPLE_RATE",
    "SILENCE_PEAK",
    "TRUNCATION_FRACTION",
    "TRUNCATION_SECONDS",
    "AudioClip",
    "AudioFormat",
    "AudioReader",
    "AudioWriter",
    "ClipWriter",
    "Limits",
    "Source",
    "SourceInfo",
    "blocks_of",
    "check",
    "encode",
    "ffmpeg_exe",
    "is_silent",
    "join_blocks",
    "load",
    "mono_blocks",
    "read_clip",
    "release_pages",
    "save",
    "silence",
    "write_clip",
]
