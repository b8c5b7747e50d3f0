"""The types audio travels in, the constants every input is held to, and a stored clip read in blocks.

:class:`AudioClip` is float32 samples of shape ``(channels, n)``; a clip read
from the store may be a memory map of its file, and :func:`blocks_of` and
:func:`release_pages` read such a clip without pulling the file into memory.
"""

from __future__ import annotations

import enum
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Union

import numpy as np

from jamwithme import checks, settings
from jamwithme.errors import ParameterError

SAMPLE_RATE = 44100
CHANNELS = 2
MIN_INPUT_RATE = 8000
MAX_INPUT_RATE = 192000
#: Most channels an input may have; ffmpeg mixes 3 to 8 down to stereo.
MAX_CHANNELS = 8
#: Shortest usable input, in seconds: less is refused (a song needs a few beats to work with).
MIN_DURATION = 0.5
#: An input counts as cut short when it ends more than this fraction of its declared length early...
TRUNCATION_FRACTION = 0.01
#: ...and at least this many seconds early (so the difference always shows in the message).
TRUNCATION_SECONDS = 0.5
#: What libsndfile reports as the length of a stream that does not declare one (a FLAC written to a pipe).
#: Below this peak (-100 dBFS) a clip is called silent.
SILENCE_PEAK = 1e-5

Source = Union[str, os.PathLike, bytes, bytearray, BinaryIO]


@dataclass(frozen=True)
class Limits:
    """Caps applied to every input before and while it is decoded.

    Parameters
    ----------
    max_duration : float
        Longest accepted input, in seconds (default 20 minutes, or the
        ``JAMWITHME_MAX_DURATION`` environment variable).
    max_bytes : int
        Largest accepted input, in bytes (default 200 MB, or
        ``JAMWITHME_MAX_BYTES``).
    """

    max_duration: float = field(default_factory=lambda: settings.current().max_duration)
    max_bytes: int = field(default_factory=lambda: settings.current().max_bytes)

    def __post_init__(self) -> None:
        checks.positive("max_duration", self.max_duration, unit="seconds")
        checks.positive("max_bytes", self.max_bytes)


@dataclass(frozen=True, eq=False)
class AudioClip:
    """Audio as JamWithMe passes it around.

    Parameters
    ----------
    samples : np.ndarray [shape=(channels, n), dtype=float32]
        The samples, nominally in [-1, 1]. Stored read-only.
    sample_rate : int
        Samples per second.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32), 44100)
    >>> clip.duration
    1.0
    """

    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE

    def __post_init__(self) -> None:
        samples = np.asarray(self.samples)
        if samples.ndim != 2:
            raise ParameterError(f"samples must have shape (channels, n), got shape {samples.shape}")
        if samples.dtype != np.float32:
            samples = samples.astype(np.float32)
        if samples.flags.writeable:
            samples = samples.view()
            samples.flags.writeable = False
        object.__setattr__(self, "samples", samples)
        checks.positive("sample_rate", self.sample_rate)

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def n_samples(self) -> int:
        return int(self.samples.shape[1])

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return self.n_samples / self.sample_rate

    def mono(self) -> np.ndarray:
        """Mean of the channels, shape ``(n,)``.

        A clip memory-mapped from the store is read block by block
        (:func:`blocks_of`), so its file is not pulled into memory alongside the result.
        """
        if _mapping(self.samples)[0] is None or self.n_samples == 0:
            return self.samples.mean(axis=0)
        return np.concatenate([block.mean(axis=0) for block in blocks_of(self)])

    def peak(self) -> float:
        return float(np.max(np.abs(self.samples))) if self.n_samples else 0.0


@dataclass(frozen=True)
class SourceInfo:
    """What is known about an input before its samples are read."""

    name: str
    sample_rate: int
    channels: int
    duration: float | None
    decoder: str


class AudioFormat(str, enum.Enum):
    """Output formats :func:`encode` writes."""

    WAV = "wav"  # 16-bit PCM
    WAV24 = "wav24"
    WAV_FLOAT = "wav32f"
    FLAC = "flac"
    MP3 = "mp3"

    @property
    def extension(self) -> str:
        return {"wav24": "wav", "wav32f": "wav"}.get(self.value, self.value)

    @property
    def mime(self) -> str:
        return {"flac": "audio/flac", "mp3": "audio/mpeg"}.get(self.value, "audio/wav")

    def file_name(self, stem: str) -> str:
        """``stem`` with the extension, and the sample format where one extension has several.

        Examples
        --------
        >>> [AudioFormat(f).file_name("song") for f in ("wav", "wav24", "wav32f", "flac", "mp3")]
        ['song.wav', 'song_24bit.wav', 'song_32bit-float.wav', 'song.flac', 'song.mp3']
        """
        suffix = {"wav24": "_24bit", "wav32f": "_32bit-float"}.get(self.value, "")
        return f"{stem}{suffix}.{self.extension}"

    @classmethod
    def parse(cls, value: "str | AudioFormat") -> "AudioFormat":
        if isinstance(value, AudioFormat):
            return value
        return cls(checks.one_of("format", value, [f.value for f in cls], key=lambda v: str(v).lower().lstrip(".")))


def _mapping(samples: np.ndarray) -> tuple[mmap.mmap | None, int]:
    """The memory map under ``samples`` (a stored clip read with ``mmap_mode``) and where its data starts."""
    base = samples
    # An array's base chain ends in its owner: an array, a memory map, or a buffer such as bytes (np.frombuffer,
    # an unpickled array), which has no ``base`` of its own.
    while isinstance(base, np.ndarray) and not isinstance(base, np.memmap):
        base = base.base
    if not isinstance(base, np.memmap) or getattr(base, "_mmap", None) is None:
        return None, 0
    return base._mmap, int(base.offset)


def blocks_of(clip: AudioClip, block: int | None = None) -> Iterator[np.ndarray]:
    """The clip as ``(channels, m)`` blocks (copies) of ``block`` samples (default 10 s).

    A clip memory-mapped from the store (interleaved on disk) lets go of each
    block's pages once it has been handed out, so reading a 20-minute stem
    through this keeps the process's memory flat instead of growing by the
    file's size.
    """
    block = block or clip.sample_rate * 10
    for start in range(0, clip.n_samples, block):
        yield np.array(clip.samples[:, start : start + block])
        release_pages(clip, start, start + block)


def release_pages(clip: AudioClip, start: int = 0, stop: int | None = None) -> None:
    """Let go of the pages of samples ``start:stop`` of a clip memory-mapped from the store.

    The file stays as it is and is read again on demand; the process's
    resident memory no longer counts it. A clip in memory, or one not stored
    interleaved (frame by frame), is left alone.
    """
    mapped, offset = _mapping(clip.samples)
    stop = clip.n_samples if stop is None else min(stop, clip.n_samples)
    if mapped is None or not clip.samples.flags.f_contiguous or start >= stop:
        return
    frame = clip.samples.itemsize * clip.channels
    lo = offset + start * frame
    lo -= lo % mmap.PAGESIZE
    mapped.madvise(mmap.MADV_DONTNEED, lo, offset + stop * frame - lo)


def is_silent(clip: AudioClip) -> bool:
    """Whether the clip's peak is below -100 dBFS (what :func:`load` warns about)."""
    return clip.peak() < SILENCE_PEAK


def silence(seconds: float, sample_rate: int = SAMPLE_RATE) -> AudioClip:
    """A silent stereo clip of the given length."""
    return AudioClip(np.zeros((CHANNELS, int(round(seconds * sample_rate))), np.float32), sample_rate)
