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
"""

from __future__ import annotations

import enum
import io
import logging
import math
import mmap
import os
import re
import subprocess
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Union

import numpy as np
import soundfile as sf
import soxr

from jamwithme import settings
from jamwithme.errors import AudioLoadError, InputTooLargeError, JamWithMeWarning, ParameterError

logger = logging.getLogger("jamwithme")

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
_UNKNOWN_FRAMES = 2**62
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
        if not (self.max_duration > 0 and math.isfinite(self.max_duration)):
            raise ParameterError(f"max_duration={self.max_duration} must be a positive number of seconds")
        if self.max_bytes <= 0:
            raise ParameterError(f"max_bytes={self.max_bytes} must be positive")


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
        if int(self.sample_rate) <= 0:
            raise ParameterError(f"sample_rate={self.sample_rate} must be positive")

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
        try:
            return cls(str(value).lower().lstrip("."))
        except ValueError:
            names = ", ".join(f.value for f in cls)
            raise ParameterError(f"format={value!r} is not one of {names}") from None


# --------------------------------------------------------------------------- ffmpeg


def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary shipped by ``imageio-ffmpeg`` (no system install)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


#: Containers libsndfile reads in-process; everything else goes to ffmpeg.
_SNDFILE_MAGIC = {b"RIFF", b"RIFX", b"RF64", b"fLaC", b"OggS", b"FORM"}
_DURATION_RE = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_AUDIO_RE = re.compile(r"Stream #\S+.*?: Audio: [^,]+(?:, [^,]*)*?, (\d+) Hz, ([^,]+)")


#: What the probe says of a container ffmpeg reads that has streams but none of audio.
NO_AUDIO_TRACK = "it has no audio track"


def _probe_ffmpeg(path: str) -> tuple[int, int, float | None]:
    """Sample rate, channel count and duration of the first audio stream."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", path],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
    )
    text = proc.stderr
    audio = _AUDIO_RE.search(text)
    if audio is None:
        reason = _last_line(text) or "no audio stream"
        if "Stream #" in text:
            reason = NO_AUDIO_TRACK
        raise AudioLoadError(reason)
    rate = int(audio.group(1))
    layout = audio.group(2).strip()
    counted = re.match(r"(\d+) channels", layout)
    channels = 1 if layout == "mono" else 2 if layout == "stereo" else int(counted.group(1)) if counted else 6
    dur = _DURATION_RE.search(text)
    duration = None
    if dur:
        h, m, s = dur.groups()
        duration = int(h) * 3600 + int(m) * 60 + float(s)
    return rate, channels, duration


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    last = lines[-1] if lines else ""
    # ffmpeg prefixes the input path; keep only the reason.
    return last.split(": ", 1)[-1] if ": " in last else last


# --------------------------------------------------------------------------- reading


class AudioReader:
    """Decode an input block by block at 44.1 kHz stereo, with caps checked as it goes.

    Use it to stream long files with bounded memory; :func:`load` uses it to read
    a whole clip.

    Parameters
    ----------
    source : path, bytes or binary file object
        The input. Bytes and file objects are spooled to a temporary file so
        that every decoder can seek (M4A keeps its index at the end).
    limits : Limits
        Duration and size caps.
    name : str, optional
        Name used in messages (defaults to the file name).

    Raises
    ------
    AudioLoadError
        Empty, not audio, corrupt or truncated input; NaN or infinite samples.
    InputTooLargeError
        Input longer than ``limits.max_duration`` or bigger than ``limits.max_bytes``.

    Examples
    --------
    >>> with AudioReader("song.ogg") as reader:  # doctest: +SKIP
    ...     for block in reader.blocks(44100 * 10):
    ...         print(block.shape)  # (2, 441000)
    """

    def __init__(self, source: Source, *, limits: Limits | None = None, name: str | None = None):
        self.limits = limits or Limits()
        self._tmp: str | None = None
        self._proc: subprocess.Popen | None = None
        self._sf: sf.SoundFile | None = None
        #: Messages worth showing the user about this input (cut short, silent), also given as JamWithMeWarning.
        self.notices: list[str] = []
        self.path, self.name = self._materialize(source, name)
        try:
            self.info = self._open()
        except BaseException:
            self.close()  # a refused input leaves no temporary file behind
            raise

    # -- set-up
    def _materialize(self, source: Source, name: str | None) -> tuple[str, str]:
        if isinstance(source, (str, os.PathLike)):
            path = Path(source)
            label = _printable(name or path.name or str(path))
            if path.is_dir():
                raise AudioLoadError(f"{label}: this is a folder, not an audio file")
            if not path.is_file():
                raise AudioLoadError(f"{label}: no such file")
            self._check_size(path.stat().st_size, label)
            return str(path), label
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
        elif hasattr(source, "read"):
            label = name or getattr(source, "name", None) or "upload"
            size = _remaining_size(source)
            if size is not None:
                self._check_size(size, str(label))
            data = source.read(self.limits.max_bytes + 1)
            if isinstance(data, str):
                raise AudioLoadError(f"{label}: opened in text mode; open the file with 'rb'")
        else:
            raise ParameterError(f"source of type {type(source).__name__} is not a path, bytes or file")
        label = str(name or getattr(source, "name", None) or "upload")
        label = _printable(os.path.basename(label.replace("\\", "/"))) or "upload"
        self._check_size(len(data), label)
        suffix = "".join(c for c in Path(label).suffix[:8] if c.isascii() and (c.isalnum() or c == "."))
        fd, tmp = tempfile.mkstemp(prefix="jamwithme-in-", suffix=suffix)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        self._tmp = tmp
        return tmp, label

    def _check_size(self, size: int, label: str) -> None:
        if size == 0:
            raise AudioLoadError(f"{label}: the file is empty (0 bytes)")
        if size > self.limits.max_bytes:
            raise InputTooLargeError(
                f"{label}: the file is {size / 1e6:.1f} MB, more than the {self.limits.max_bytes / 1e6:.0f} MB limit"
            )

    def _open(self) -> SourceInfo:
        reports = []
        self._expected: int | None = None  # frames the header declares, at the native rate, if it says
        self._ogg = False
        try:
            with open(self.path, "rb") as fh:
                magic = fh.read(4)
            if magic not in _SNDFILE_MAGIC:
                # libsndfile's MP3 fallback (mpg123) prints to stderr on junk; ffmpeg decodes the rest.
                raise RuntimeError("not a WAV, FLAC, Ogg or AIFF container")
            info = sf.info(self.path)
            if info.channels > 2:
                raise RuntimeError(f"{info.channels} channels: left to ffmpeg's downmix")
            frames = int(info.frames) if 0 <= info.frames < _UNKNOWN_FRAMES else None
            if frames is None:
                raise RuntimeError("the length is not in the header: left to ffmpeg")
            declared = _wav_declared_frames(self.path) if magic == b"RIFF" else None
            if frames == 0 and not declared:
                raise AudioLoadError("it holds no samples (zero length)")
            self._sf = sf.SoundFile(self.path)
            self._expected = max(frames or 0, declared or 0) or None
            self._ogg = magic == b"OggS"
            duration = frames / info.samplerate if frames is not None and info.samplerate > 0 else None
            result = SourceInfo(self.name, info.samplerate, info.channels, duration, "soundfile")
        except AudioLoadError as exc:
            raise AudioLoadError(exc.reason, name=self.name, detail=exc.detail) from None
        except Exception as exc:  # libsndfile raises several types; each is a report
            reports.append(f"soundfile: {_short(exc).replace(repr(self.path), 'file').replace(self.path, 'file')}")
            try:
                rate, channels, duration = _probe_ffmpeg(self.path)
            except AudioLoadError as ff:
                reports.append(f"ffmpeg: {ff}")
                reason = "this is not audio we can read, or the file is damaged"
                if str(ff) == NO_AUDIO_TRACK:  # ffmpeg read the container: a picture, or a video without sound
                    reason = "it is not audio: it has no audio track (a picture, or a video without sound?)"
                raise AudioLoadError(reason, name=self.name, detail="; ".join(reports)) from None
            if duration is not None and rate > 0:
                self._expected = int(round(duration * rate))
            result = SourceInfo(self.name, rate, channels, duration, "ffmpeg")
        if not MIN_INPUT_RATE <= result.sample_rate <= MAX_INPUT_RATE:
            raise AudioLoadError(
                f"{self.name}: sample rate {result.sample_rate} Hz is outside the supported "
                f"{MIN_INPUT_RATE}–{MAX_INPUT_RATE} Hz"
            )
        if not 1 <= result.channels <= MAX_CHANNELS:
            raise AudioLoadError(
                f"{self.name}: its header says {result.channels} channels; JamWithMe reads 1 to {MAX_CHANNELS}"
            )
        if result.duration is not None and result.duration > self.limits.max_duration + 1.0:
            raise InputTooLargeError(_too_long(self.name, result.duration, self.limits.max_duration))
        return result

    # -- reading
    def blocks(self, block_frames: int = SAMPLE_RATE * 10) -> Iterator[np.ndarray]:
        """Yield float32 blocks of shape ``(2, m)`` at 44.1 kHz, ``m <= block_frames`` (roughly).

        Raises while iterating if the input turns out corrupt, too long or holds
        NaN/Inf; raises at the end if it held less than :data:`MIN_DURATION`.
        An input that ends well before the length its header declares (cut
        short, or damaged midway) is kept up to where it ends, with a notice
        naming both lengths (see :attr:`notices`).
        """
        if block_frames <= 0:
            raise ParameterError(f"block_frames={block_frames} must be positive")
        rate = self.info.sample_rate
        native_block = max(1, int(block_frames * rate / SAMPLE_RATE))
        resampler = None
        if rate != SAMPLE_RATE:
            resampler = soxr.ResampleStream(rate, SAMPLE_RATE, CHANNELS, dtype="float32", quality="HQ")
        max_native = int(self.limits.max_duration * rate) + 1
        total = 0
        self.peak = 0.0
        self._damaged = False
        self._detail: str | None = None  # what the decoder said, shown if the input ends early
        for native in self._native_blocks(native_block):
            total += native.shape[0]
            if total > max_native:
                raise InputTooLargeError(_too_long(self.name, None, self.limits.max_duration))
            if not np.isfinite(native).all():
                raise AudioLoadError(f"{self.name}: the audio holds invalid samples (NaN or infinite values)")
            stereo = _to_stereo(native)
            out = resampler.resample_chunk(stereo) if resampler else stereo
            if out.shape[0]:
                self.peak = max(self.peak, float(np.max(np.abs(out))))
                yield np.ascontiguousarray(out.T)
        self._check_length(total)
        if resampler is not None:
            tail = resampler.resample_chunk(np.zeros((0, CHANNELS), np.float32), last=True)
            if tail.shape[0]:
                yield np.ascontiguousarray(tail.T)
        self.frames_read = total
        if self.peak < SILENCE_PEAK:
            self._notice(f"{self.name} is silent (peak below -100 dBFS): results will be silent too")

    def _check_length(self, frames: int) -> None:
        """Refuse an input too short to use; give notice of one that ends well before its declared length."""
        rate = self.info.sample_rate
        got = frames / rate
        expected = self._expected / rate if self._expected else None
        cut = expected is not None and got < expected - max(TRUNCATION_SECONDS, TRUNCATION_FRACTION * expected)
        detail = self._detail if cut or self._damaged else None
        if got < MIN_DURATION:
            if frames == 0 and not cut and not self._damaged:
                raise AudioLoadError(f"{self.name}: it holds no samples (zero length)")
            if cut:
                raise AudioLoadError(
                    f"the file is truncated or damaged: its header promises {_seconds(expected)} but it holds only "
                    f"{got:.1f} s, too short to use", name=self.name, detail=detail,
                )  # fmt: skip
            what = "could be read before the file turned out damaged" if self._damaged else "long"
            raise AudioLoadError(
                f"only {got:.3f} s {what}: too short to use (at least {MIN_DURATION:g} s)", name=self.name,
                detail=detail,
            )  # fmt: skip
        if detail:
            logger.info("%s: the decoder said: %s", self.name, detail)
        if cut:
            self._notice(
                f"{self.name} ends at {got:.1f} s, but its header promises {_seconds(expected)}: the file is cut "
                f"short or damaged, so only its first {got:.1f} s are used"
            )
        elif self._damaged:
            self._notice(f"{self.name}: decoding stopped at {got:.1f} s because the file is damaged")
        elif self._ogg and not _ogg_ends_cleanly(self.path):
            self._notice(
                f"{self.name} ends at {got:.1f} s without Ogg's end-of-stream mark: the file was cut short, "
                "so only what it holds is used"
            )

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        logger.warning(message)
        warnings.warn(message, JamWithMeWarning, stacklevel=4)

    def _native_blocks(self, native_block: int) -> Iterator[np.ndarray]:
        if self._sf is not None:
            yield from self._soundfile_blocks(native_block)
        else:
            yield from self._ffmpeg_blocks(native_block)

    def _soundfile_blocks(self, native_block: int) -> Iterator[np.ndarray]:
        read = 0
        try:
            while True:
                block = self._sf.read(native_block, dtype="float32", always_2d=True)
                if not block.shape[0]:
                    break
                read += block.shape[0]
                yield block
        except sf.LibsndfileError as exc:
            detail = f"libsndfile: {_short(exc) or 'decoding error'}"
            if read == 0:  # nothing given out yet: let ffmpeg, which resynchronises, try the whole file
                logger.info("%s: %s; decoding with ffmpeg instead", self.name, detail)
                self._sf.close()
                self._sf = None
                yield from self._ffmpeg_blocks(native_block)
                return
            # What was read so far is kept; _check_length decides whether it is enough.
            self._damaged = True
            self._detail = detail

    def _ffmpeg_blocks(self, native_block: int) -> Iterator[np.ndarray]:
        out_channels = min(self.info.channels, 2)
        limit = self.limits.max_duration + 1.0
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", self.path,
               "-map", "0:a:0", "-vn", "-ac", str(out_channels), "-t", f"{limit:.3f}",
               "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1"]  # fmt: skip
        frame_bytes = 4 * out_channels
        want = native_block * frame_bytes
        pending = b""
        decoded = 0
        # Closed however the reading ends (a refused block, a consumer that stops): no descriptor outlives it.
        with tempfile.TemporaryFile() as errlog:
            self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errlog, stdin=subprocess.DEVNULL)
            try:
                while True:
                    chunk = self._proc.stdout.read(want - len(pending))
                    if not chunk:
                        break
                    pending += chunk
                    if len(pending) >= want:
                        usable = len(pending) - len(pending) % frame_bytes
                        decoded += usable // frame_bytes
                        yield np.frombuffer(pending[:usable], np.float32).reshape(-1, out_channels)
                        pending = pending[usable:]
                usable = len(pending) - len(pending) % frame_bytes
                if usable:
                    decoded += usable // frame_bytes
                    yield np.frombuffer(pending[:usable], np.float32).reshape(-1, out_channels)
                code = self._proc.wait()
            finally:
                self._stop_proc()
            errlog.seek(0)
            stderr = errlog.read(1 << 20).decode("utf-8", "replace")
        if code != 0 and decoded == 0:
            raise AudioLoadError(
                "the file is truncated or damaged", name=self.name, detail=f"ffmpeg: {_last_line(stderr)}"
            )
        if stderr.strip():
            logger.info("%s: the decoder reported errors: %s", self.name, _last_line(stderr))
            self._detail = f"ffmpeg: {_last_line(stderr)}"

    def read(self) -> AudioClip:
        """Decode the whole input into one :class:`AudioClip`.

        Blocks go straight into one array sized from the header's length, so a
        long song is held once, not twice (blocks, then their concatenation).
        """
        expected = self.info.duration
        size = int(expected * SAMPLE_RATE) + SAMPLE_RATE if expected else 0
        buffer = np.empty((CHANNELS, size), np.float32)  # pages are only taken as they are written
        filled = 0
        extra: list[np.ndarray] = []  # whatever the header did not announce
        for block in self.blocks(SAMPLE_RATE * 10):
            n = block.shape[1]
            if not extra and filled + n <= size:
                buffer[:, filled : filled + n] = block
                filled += n
            else:
                extra.append(block)
        if extra:
            samples = np.concatenate([buffer[:, :filled], *extra], axis=1)
        elif filled < 0.9 * size:  # far shorter than announced: do not keep the rest of the buffer
            samples = buffer[:, :filled].copy()
        else:
            samples = buffer[:, :filled]
        return AudioClip(samples, SAMPLE_RATE)

    # -- clean-up
    def _stop_proc(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            self._proc.stdout.close()
            self._proc = None

    def close(self) -> None:
        self._stop_proc()
        if self._sf is not None:
            self._sf.close()
            self._sf = None
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except FileNotFoundError:
                pass
            self._tmp = None

    def __enter__(self) -> "AudioReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:  # a reader dropped mid-stream must not leak a process or a file
        try:
            self.close()
        except Exception:
            pass


def _remaining_size(fh) -> int | None:
    try:
        pos = fh.tell()
        fh.seek(0, io.SEEK_END)
        end = fh.tell()
        fh.seek(pos)
        return end - pos
    except (AttributeError, OSError, ValueError):
        return None


def _to_stereo(block: np.ndarray) -> np.ndarray:
    """``(m, c)`` with c in {1, 2} to ``(m, 2)``: mono is duplicated."""
    if block.shape[1] == 2:
        return block
    return np.repeat(block[:, :1], 2, axis=1)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    text = text[-1] if text else type(exc).__name__
    return text.replace("Error opening ", "").strip()


def _printable(text: str) -> str:
    """A name safe to show: control and direction-override characters become '?'."""
    return "".join(c if c.isprintable() else "?" for c in str(text))[:200]


def _seconds(seconds: float) -> str:
    """``12.3 s``, with minutes too when it is long: ``1234.5 s (20:35)``."""
    return f"{seconds:.1f} s" + (f" ({_mmss(seconds)})" if seconds >= 60 else "")


def _wav_declared_frames(path: str) -> int | None:
    """Frames a RIFF/WAVE header's ``data`` chunk declares (libsndfile clamps them to the file), if any."""
    try:
        with open(path, "rb") as fh:
            if fh.read(12)[8:12] != b"WAVE":
                return None
            block_align = None
            for _ in range(64):
                head = fh.read(8)
                if len(head) < 8:
                    return None
                chunk, size = head[:4], int.from_bytes(head[4:], "little")
                if chunk == b"fmt ":
                    fmt = fh.read(min(size, 64))
                    block_align = int.from_bytes(fmt[12:14], "little") if len(fmt) >= 14 else None
                    fh.seek(size - len(fmt) + (size & 1), io.SEEK_CUR)
                elif chunk == b"data":
                    if not block_align or size in (0, 0xFFFFFFFF):  # 0 and ~0: "unknown" (written to a pipe)
                        return None
                    return size // block_align
                else:
                    fh.seek(size + (size & 1), io.SEEK_CUR)
    except OSError:
        return None
    return None


def _ogg_ends_cleanly(path: str) -> bool:
    """Whether an Ogg file's last page is complete and carries the end-of-stream flag (cut files lack it)."""
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 140_000))  # a page is at most 65,307 bytes
        tail = fh.read()
    pos = tail.rfind(b"OggS")
    while pos >= 0:
        header = tail[pos : pos + 27]
        if len(header) == 27 and header[4] == 0:
            lacing = tail[pos + 27 : pos + 27 + header[26]]
            end = pos + 27 + header[26] + sum(lacing)
            if len(lacing) < header[26] or end > len(tail):
                return False  # the last page is incomplete
            if end == len(tail):
                return bool(header[5] & 0x04)
        pos = tail.rfind(b"OggS", 0, pos)
    return True  # nothing to tell by: no warning


def _too_long(name: str, duration: float | None, cap: float) -> str:
    length = f" is {_mmss(duration)} long," if duration else " is"
    return f"{name}{length} longer than the {_mmss(cap)} limit"


def _mmss(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def load(
    source: Source, *, limits: Limits | None = None, name: str | None = None, notices: list[str] | None = None
) -> AudioClip:
    """Decode any supported input into a 44.1 kHz stereo float32 :class:`AudioClip`.

    Parameters
    ----------
    source : str, path, bytes or binary file object
        WAV (8/16/24/32-bit integer or float), FLAC, OGG, MP3, M4A/AAC, or any
        other format the bundled ffmpeg decodes, at 8–192 kHz.
    limits : Limits, optional
        Duration and size caps (default 20 min and 200 MB).
    name : str, optional
        Name used in error messages.
    notices : list of str, optional
        Receives what the user should be told about an input that was kept:
        cut short (both lengths named), damaged midway, silent. Each is also
        logged and issued as a :class:`~jamwithme.errors.JamWithMeWarning`.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(2, n)``, float32; mono is duplicated, more than two
        channels are downmixed by ffmpeg, other rates resampled with soxr (HQ).

    Raises
    ------
    AudioLoadError
        Empty, not audio, a folder, a header with 0 or more than 8 channels or
        a rate outside 8–192 kHz, shorter than :data:`MIN_DURATION` (also when
        cut short), NaN/Inf samples.
    InputTooLargeError
        Over the duration or size cap.

    Examples
    --------
    >>> clip = load("song.flac")  # doctest: +SKIP
    >>> clip.samples.shape  # doctest: +SKIP
    (2, 5880000)
    """
    with AudioReader(source, limits=limits, name=name) as reader:
        try:
            return reader.read()
        finally:
            if notices is not None:
                notices.extend(reader.notices)


def check(source: Source, *, limits: Limits | None = None, name: str | None = None) -> list[str]:
    """Decode the whole input, keeping nothing, and refuse it as :func:`load` would.

    For callers about to do something costly with a file (load TensorFlow,
    stream it through separation): a broken input is refused first, in the
    time it takes to decode, with memory bounded by one block.

    Returns
    -------
    list of str
        The notices :func:`load` would give (cut short, silent).

    Raises
    ------
    AudioLoadError, InputTooLargeError
        As :func:`load`.

    Examples
    --------
    >>> check("song.mp3")  # doctest: +SKIP
    []
    """
    with AudioReader(source, limits=limits, name=name) as reader:
        for _ in reader.blocks(SAMPLE_RATE * 10):
            pass
        return list(reader.notices)


# --------------------------------------------------------------------------- writing

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


def encode(clip: AudioClip, fmt: "str | AudioFormat" = AudioFormat.WAV) -> bytes:
    """Encode a clip as WAV (16-bit, 24-bit or float), FLAC or MP3 bytes.

    Parameters
    ----------
    clip : AudioClip
    fmt : str or AudioFormat
        ``"wav"`` (16-bit), ``"wav24"``, ``"wav32f"``, ``"flac"`` (24-bit) or ``"mp3"`` (320 kb/s).

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
    return buf.getvalue()


def _mapping(samples: np.ndarray) -> tuple[mmap.mmap | None, int]:
    """The memory map under ``samples`` (a stored clip read with ``mmap_mode``) and where its data starts."""
    base = samples
    while base is not None and not isinstance(base, np.memmap):
        base = base.base
    if base is None or getattr(base, "_mmap", None) is None:
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


def join_blocks(blocks: Iterable[np.ndarray], sample_rate: int, channels: int) -> AudioClip:
    """Consecutive ``(channels, m)`` blocks joined into one clip (a copy: a block may be a view of a file).

    The one-go form of every ``*_blocks`` generator; no blocks give an empty
    clip of ``channels`` channels.
    """
    blocks = list(blocks)
    samples = np.concatenate(blocks, axis=1) if blocks else np.zeros((channels, 0), np.float32)
    return AudioClip(samples, sample_rate)


def mono_blocks(clip: AudioClip, sample_rate: int | None = None) -> Iterator[np.ndarray]:
    """The clip's mono mix (float32) as consecutive blocks, at ``sample_rate`` (default: the clip's own).

    Joined, the blocks are exactly ``clip.mono()`` resampled in one go with
    soxr's HQ quality (``librosa.resample``'s default): one soxr stream runs
    over the blocks of :func:`blocks_of`, so a 20-minute song is never held whole.
    """
    blocks = (block.mean(axis=0).astype(np.float32) for block in blocks_of(clip))
    if sample_rate is None or sample_rate == clip.sample_rate:
        yield from blocks
        return
    import soxr

    stream = soxr.ResampleStream(clip.sample_rate, sample_rate, 1, dtype="float32", quality="HQ")
    for block in blocks:
        yield stream.resample_chunk(block)
    yield stream.resample_chunk(np.zeros(0, np.float32), last=True)


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


def save(clip: AudioClip, path: "str | os.PathLike", fmt: "str | AudioFormat | None" = None) -> Path:
    """Write a clip to ``path``; the format defaults to the file's extension.

    Written block by block, so encoding takes no second copy of a long clip.
    """
    path = Path(path)
    fmt = AudioFormat.parse(fmt or path.suffix.lstrip(".") or "wav")
    if clip.n_samples == 0:
        raise ParameterError("cannot encode an empty clip (0 samples)")
    with AudioWriter(path, fmt, sample_rate=clip.sample_rate, channels=clip.channels) as writer:
        for block in blocks_of(clip):
            writer.write(block)
    return path


def is_silent(clip: AudioClip) -> bool:
    """Whether the clip's peak is below -100 dBFS (what :func:`load` warns about)."""
    return clip.peak() < SILENCE_PEAK


def silence(seconds: float, sample_rate: int = SAMPLE_RATE) -> AudioClip:
    """A silent stereo clip of the given length."""
    return AudioClip(np.zeros((CHANNELS, int(round(seconds * sample_rate))), np.float32), sample_rate)
