"""Encoding: :class:`AudioWriter` streams blocks to a file; :func:`encode` gives bytes, :func:`save` a file."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile as sf

from jamwithme.audio.types import CHANNELS, SAMPLE_RATE, AudioClip, AudioFormat, blocks_of
from jamwithme.errors import ParameterError

logger = logging.getLogger("jamwithme")

_SUBTYPES = {
    AudioFormat.WAV: ("WAV", "PCM_16"),
    AudioFormat.WAV24: ("WAV", "PCM_24"),
    AudioFormat.WAV_FLOAT: ("WAV", "FLOAT"),
    AudioFormat.FLAC: ("FLAC", "PCM_24"),
    AudioFormat.MP3: ("MP3", "MPEG_LAYER_III"),
}


def _quantize(samples: np.ndarray, subtype: str) -> np.ndarray:
    """``(n, c)`` float to the integer type soundfile writes without rescaling.

    Scaling by 2^(bits-1) is the exact inverse of how PCM is read, so a 16-bit
    file read and written again is bit-identical.
    """
    if subtype == "PCM_16":
        return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)
    if subtype == "PCM_24":
        ints = np.clip(np.round(samples.astype(np.float64) * 8388608.0), -8388608, 8388607)
        return (ints.astype(np.int32) << 8).astype(np.int32)
    return samples


class AudioWriter:
    """Write a stream of ``(channels, m)`` blocks to a file in one of :class:`AudioFormat`.

    Examples
    --------
    >>> with AudioWriter("out.flac", "flac") as w:  # doctest: +SKIP
    ...     w.write(block)
    """

    def __init__(self, target, fmt: "str | AudioFormat" = AudioFormat.WAV, *, sample_rate: int = SAMPLE_RATE,
                 channels: int = CHANNELS):  # fmt: skip
        self.format = AudioFormat.parse(fmt)
        container, self._subtype = _SUBTYPES[self.format]
        self.clipped = 0
        self.written = 0  # samples per channel
        extra = {}
        if self.format is AudioFormat.MP3:
            # 320 kb/s constant bit rate: a jam track is listened to closely.
            extra = {"compression_level": 0.0, "bitrate_mode": "CONSTANT"}
        self._file = sf.SoundFile(
            target, "w", samplerate=int(sample_rate), channels=int(channels), format=container,
            subtype=self._subtype, **extra,
        )  # fmt: skip

    def write(self, block: np.ndarray) -> None:
        frames = np.ascontiguousarray(np.asarray(block, np.float32).T)
        if self._subtype != "FLOAT":
            self.clipped += int(np.count_nonzero(np.abs(frames) > 1.0))
        self._file.write(_quantize(frames, self._subtype))
        self.written += frames.shape[0]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
            if self.clipped:
                logger.warning("%d samples were clipped to full scale while encoding", self.clipped)

    def __enter__(self) -> "AudioWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def encode(
    clip: AudioClip, fmt: "str | AudioFormat" = AudioFormat.WAV, *, progress: "Callable[[float], None] | None" = None
) -> bytes:
    """Encode a clip as WAV (16-bit, 24-bit or float), FLAC or MP3 bytes.

    Parameters
    ----------
    clip : AudioClip
    fmt : str or AudioFormat
        ``"wav"`` (16-bit), ``"wav24"``, ``"wav32f"``, ``"flac"`` (24-bit) or ``"mp3"`` (320 kb/s).
    progress : callable, optional
        Called with the share encoded (0 to 1) after each 10 s block: an MP3 of a 3-minute stem takes
        14 s on a busy 2-core machine, where WAV and FLAC take under a second.

    Returns
    -------
    bytes
        The encoded file. Samples beyond full scale are clipped (except float WAV).

    Examples
    --------
    >>> data = encode(AudioClip(np.zeros((2, 100), np.float32)), "flac")
    >>> data[:4]
    b'fLaC'
    """
    if clip.n_samples == 0:
        raise ParameterError("cannot encode an empty clip (0 samples)")
    buf = io.BytesIO()
    with AudioWriter(buf, fmt, sample_rate=clip.sample_rate, channels=clip.channels) as writer:
        for block in blocks_of(clip):  # a stored 20-minute stem is not pulled into memory whole
            writer.write(block)
            if progress is not None:
                progress(min(1.0, writer.written / clip.n_samples))
    return buf.getvalue()


def save(
    clip: AudioClip,
    path: "str | os.PathLike",
    fmt: "str | AudioFormat | None" = None,
    *,
    progress: "Callable[[float], None] | None" = None,
) -> Path:
    """Write a clip to ``path``; the format defaults to the file's extension.

    Written block by block, so encoding takes no second copy of a long clip.
    libsndfile writes the file itself, where :func:`encode` hands it a Python
    buffer to call back for every MP3 frame: in a process whose other threads
    keep Python busy (a Streamlit server), each call back waits for the
    interpreter (30 s of MP3 beside one busy thread: 14.1 s to bytes, 7.7 s to
    a file, 4.2 s either alone; load 18). ``progress`` as for :func:`encode`.
    """
    path = Path(path)
    fmt = AudioFormat.parse(fmt or path.suffix.lstrip(".") or "wav")
    if clip.n_samples == 0:
        raise ParameterError("cannot encode an empty clip (0 samples)")
    with AudioWriter(path, fmt, sample_rate=clip.sample_rate, channels=clip.channels) as writer:
        for block in blocks_of(clip):
            writer.write(block)
            if progress is not None:
                progress(min(1.0, writer.written / clip.n_samples))
    return path
