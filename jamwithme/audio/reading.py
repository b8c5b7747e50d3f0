"""Decoding: :class:`AudioReader` streams an input in blocks, :func:`load` reads it whole, :func:`check` checks it.

libsndfile first (WAV, FLAC, OGG, MP3: exact and in-process), then the bundled
ffmpeg; resampled once, here, with soxr. The input is opened, and its decoder
chosen by its header, in :mod:`jamwithme.audio.sources`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
import warnings
from collections.abc import Iterator

import numpy as np
import soundfile as sf
import soxr

from jamwithme import checks
from jamwithme.audio.probe import _last_line, _ogg_ends_cleanly, ffmpeg_exe
from jamwithme.audio.sources import materialize, open_decoder, short_error, too_long
from jamwithme.audio.types import (
    CHANNELS,
    MIN_DURATION,
    SAMPLE_RATE,
    SILENCE_PEAK,
    TRUNCATION_FRACTION,
    TRUNCATION_SECONDS,
    AudioClip,
    Limits,
    Source,
    SourceInfo,
)
from jamwithme.errors import AudioLoadError, InputTooLargeError, JamWithMeWarning
from jamwithme.text import mmss as _mmss

logger = logging.getLogger("jamwithme")


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
        self.path, self.name, self._tmp = materialize(source, name, self.limits)
        try:
            opened = open_decoder(self.path, self.name, self.limits)
        except BaseException:
            self.close()  # a refused input leaves no temporary file behind
            raise
        self.info: SourceInfo = opened.info
        self._sf = opened.soundfile
        self._expected, self._ogg = opened.expected, opened.ogg

    # -- reading
    def blocks(self, block_frames: int = SAMPLE_RATE * 10) -> Iterator[np.ndarray]:
        """Yield float32 blocks of shape ``(2, m)`` at 44.1 kHz, ``m <= block_frames`` (roughly).

        Raises while iterating if the input turns out corrupt, too long or holds
        NaN/Inf; raises at the end if it held less than :data:`MIN_DURATION`.
        An input that ends well before the length its header declares (cut
        short, or damaged midway) is kept up to where it ends, with a notice
        naming both lengths (see :attr:`notices`).
        """
        checks.positive("block_frames", block_frames)
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
                raise InputTooLargeError(too_long(None, self.limits.max_duration), name=self.name)
            if not np.isfinite(native).all():
                raise AudioLoadError("the audio holds invalid samples (NaN or infinite values)", name=self.name)
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
                raise AudioLoadError("it holds no samples (zero length)", name=self.name)
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
            detail = f"libsndfile: {short_error(exc) or 'decoding error'}"
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


def _to_stereo(block: np.ndarray) -> np.ndarray:
    """``(m, c)`` with c in {1, 2} to ``(m, 2)``: mono is duplicated."""
    if block.shape[1] == 2:
        return block
    return np.repeat(block[:, :1], 2, axis=1)


def _seconds(seconds: float) -> str:
    """``12.3 s``, with minutes too when it is long: ``1234.5 s (20:35)``."""
    return f"{seconds:.1f} s" + (f" ({_mmss(seconds)})" if seconds >= 60 else "")


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
