"""Levels: decibels, the sample peak kept under a ceiling or set to a value, and loudness in LUFS.

:func:`limit_peak` scales a clip down so its sample peak stays at or below a
ceiling (a gain, not a clipper or a compressor, so nothing is distorted);
:func:`normalize_peak` sets the peak; :func:`loudness` measures integrated
loudness (ITU-R BS.1770, as ``pyloudnorm`` does) with :class:`LoudnessMeter`,
which is fed a block at a time; :func:`normalize_loudness` brings a clip to a
target LUFS as far as the ceiling allows. The ``*_blocks`` and ``*_gain``
helpers do the same for signals too long to hold (:mod:`jamwithme.mixing`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from jamwithme import checks
from jamwithme.audio import SILENCE_PEAK, AudioClip, blocks_of
from jamwithme.errors import ParameterError

logger = logging.getLogger("jamwithme")

DEFAULT_CEILING_DB = -1.0
#: Lowest peak ceiling or target accepted, in dBFS.
MIN_CEILING_DB = -60.0
MIN_LUFS = -60.0
MAX_LUFS = -5.0
#: pyloudnorm's gating block: shorter clips have no integrated loudness.
LOUDNESS_MIN_SECONDS = 0.4


def db_to_gain(db: float) -> float:
    """Decibels to a linear amplitude factor (``-inf`` gives 0).

    Examples
    --------
    >>> round(db_to_gain(-6.0), 3)
    0.501
    """
    return 0.0 if db == -math.inf else 10.0 ** (db / 20.0)


def gain_to_db(gain: float) -> float:
    """A linear amplitude factor to decibels (0 gives ``-inf``).

    Examples
    --------
    >>> round(gain_to_db(0.7), 2)
    -3.1
    """
    return -math.inf if gain <= 0 else 20.0 * math.log10(gain)


def limit_peak(clip: AudioClip, *, ceiling_db: float = DEFAULT_CEILING_DB) -> AudioClip:
    """Scale a clip down so its sample peak is at most ``ceiling_db``; quieter clips are returned as they are.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``.
    ceiling_db : float
        Highest allowed sample peak in dBFS, −60 to 0 (default −1).

    Returns
    -------
    AudioClip
        Same shape; one gain for the whole clip, so the waveform is not distorted.

    Raises
    ------
    ParameterError
        ``ceiling_db`` out of range.

    Examples
    --------
    >>> loud = AudioClip(np.full((2, 4), 1.5, np.float32))
    >>> round(gain_to_db(limit_peak(loud).peak()), 2)
    -1.0
    """
    gain = _limit_gain(clip.peak(), ceiling_db)
    return clip if gain is None else AudioClip(_scaled(clip.samples, gain), clip.sample_rate)


def _limit_gain(peak: float, ceiling_db: float) -> float | None:
    """The gain that brings ``peak`` down to ``ceiling_db`` dBFS, or ``None`` if it is not above it."""
    ceiling = db_to_gain(checks.in_range("ceiling_db", ceiling_db, MIN_CEILING_DB, 0.0, unit="dBFS"))
    if peak <= ceiling:
        return None
    logger.info("peak %.2f dBFS scaled down to %.1f dBFS", gain_to_db(peak), ceiling_db)
    return ceiling / peak


def normalize_peak(clip: AudioClip, *, peak_db: float = DEFAULT_CEILING_DB) -> AudioClip:
    """Scale a clip up or down so its sample peak is exactly ``peak_db``.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``.
    peak_db : float
        Target sample peak in dBFS, −60 to 0 (default −1).

    Returns
    -------
    AudioClip
        Same shape. A silent clip (peak below −100 dBFS) is returned as it is.

    Raises
    ------
    ParameterError
        ``peak_db`` out of range.

    Examples
    --------
    >>> quiet = AudioClip(np.full((2, 4), 0.1, np.float32))
    >>> round(normalize_peak(quiet, peak_db=0.0).peak(), 6)
    1.0
    """
    gain = peak_gain(clip.peak(), peak_db)
    return clip if gain is None else AudioClip(_scaled(clip.samples, gain), clip.sample_rate)


def peak_gain(peak: float, peak_db: float) -> float | None:
    """The gain that puts ``peak`` at ``peak_db`` dBFS, or ``None`` for silence (left as it is)."""
    target = db_to_gain(checks.in_range("peak_db", peak_db, MIN_CEILING_DB, 0.0, unit="dBFS"))
    if peak < SILENCE_PEAK:
        logger.warning("the mix is silent: peak normalization skipped")
        return None
    return target / peak


def limit_peak_blocks(
    blocks: Callable[[], Iterable[np.ndarray]], *, ceiling_db: float = DEFAULT_CEILING_DB
) -> Iterator[np.ndarray]:
    """:func:`limit_peak` of a signal too long to hold: ``blocks()`` is read twice (its peak, then out at one gain).

    ``blocks`` makes the signal's consecutive ``(channels, m)`` blocks anew on
    each call. Joined, the blocks handed out are ``limit_peak``'s samples.
    """
    return at_one_gain(blocks, lambda peak: _limit_gain(peak, ceiling_db))


def at_one_gain(
    blocks: Callable[[], Iterable[np.ndarray]],
    gain_for: Callable[[float], float | None],
    *,
    meter: LoudnessMeter | None = None,
) -> Iterator[np.ndarray]:
    """The blocks read once for their peak (fed to ``meter`` too), then again, scaled by ``gain_for(peak)``."""
    peak = 0.0
    for part in blocks():
        peak = max(peak, float(np.max(np.abs(part))))
        if meter is not None:
            meter.feed(part)
    gain = gain_for(peak)
    for part in blocks():
        yield part if gain is None else _scaled(part, gain)


def loudness(clip: AudioClip) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, gated), ``-inf`` for silence.

    Raises
    ------
    ParameterError
        Clip shorter than 0.4 s (one gating block).

    Examples
    --------
    >>> t = np.arange(44100 * 2) / 44100
    >>> tone = AudioClip(np.stack([0.1 * np.sin(2 * np.pi * 997 * t)] * 2))
    >>> round(loudness(tone))
    -20
    """
    check_loudness_length(clip.n_samples, clip.sample_rate)
    meter = LoudnessMeter(clip.sample_rate, clip.channels)
    for block in blocks_of(clip):
        meter.feed(block)
    return meter.integrated()


def check_loudness_length(n: int, sample_rate: int) -> None:
    """Refuse fewer samples than one 400 ms gating block."""
    if n / sample_rate < LOUDNESS_MIN_SECONDS:
        seconds = n / sample_rate
        raise ParameterError(f"the clip is {seconds:.2f} s long; loudness needs at least {LOUDNESS_MIN_SECONDS} s")


class LoudnessMeter:
    """Integrated loudness fed a block at a time: exactly ``pyloudnorm.Meter(rate).integrated_loudness``.

    pyloudnorm filters and squares a float64 copy of the whole signal (0.85 GB
    for a 20-minute stereo song, twice over while it is made); here the
    K-weighting filters carry their state from block to block and each 400 ms
    gating block's mean square is taken as soon as its samples are in, with
    the same arithmetic, so the result is the same number
    (``tests/test_mixing.py``).

    Examples
    --------
    >>> t = np.arange(44100 * 2) / 44100
    >>> meter = LoudnessMeter(44100, 2)
    >>> meter.feed(np.stack([0.1 * np.sin(2 * np.pi * 997 * t)] * 2))
    >>> round(meter.integrated())
    -20
    """

    def __init__(self, sample_rate: int, channels: int):
        import pyloudnorm
        from pyloudnorm.iirfilter import IIRfilter

        self._meter = pyloudnorm.Meter(sample_rate)  # its block size and overlap (public); the filters are built here
        # ITU-R BS.1770's K-weighting as pyloudnorm's Meter builds it (its "K-weighting" class): a +4 dB shelf
        # at 1500 Hz, then a high-pass at 38 Hz. Built through the public IIRfilter, not the Meter's private dict.
        self._stages = [
            IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sample_rate, "high_shelf"),
            IIRfilter(0.0, 0.5, 38.0, sample_rate, "high_pass"),
        ]
        self._state = [[np.zeros(max(len(f.a), len(f.b)) - 1) for f in self._stages] for _ in range(channels)]
        self.rate, self.channels = sample_rate, channels
        self.n = 0
        self._held = np.zeros((0, channels))  # the filtered signal from sample self._at on
        self._at = 0
        self._z: list[list[float]] = [[] for _ in range(channels)]

    def _bounds(self, j: int) -> tuple[int, int]:
        block, step = self._meter.block_size, 1.0 - self._meter.overlap
        return int(block * (j * step) * self.rate), int(block * (j * step + 1) * self.rate)

    def feed(self, block: np.ndarray) -> None:
        """Add ``(channels, m)`` samples."""
        from scipy.signal import lfilter

        x = np.asarray(block).T.astype(np.float64)
        for ch in range(self.channels):
            for k, stage in enumerate(self._stages):
                y, self._state[ch][k] = lfilter(stage.b, stage.a, x[:, ch], zi=self._state[ch][k])
                x[:, ch] = stage.passband_gain * y
        self._held = np.concatenate([self._held, x]) if self._held.size else x
        self.n += x.shape[0]
        self._gate_blocks(until=None)

    def _gate_blocks(self, until: int | None) -> None:
        """Mean squares of the gating blocks whose samples are all in (or, at the end, the first ``until``)."""
        scale = 1.0 / (self._meter.block_size * self.rate)
        j = len(self._z[0])
        while until is None or j < until:
            lo, hi = self._bounds(j)
            if until is None and hi > self.n:
                break
            for ch in range(self.channels):
                self._z[ch].append(scale * np.sum(np.square(self._held[lo - self._at : hi - self._at, ch])))
            j += 1
        keep = self._bounds(j)[0] - self._at
        if keep > 0:
            self._held, self._at = self._held[keep:], self._at + keep

    def integrated(self) -> float:
        """LUFS of everything fed (``-inf`` for silence), pyloudnorm's gating step for step."""
        import warnings

        meter = self._meter
        check_loudness_length(self.n, self.rate)
        seconds = self.n / self.rate
        blocks = int(np.round((seconds - meter.block_size) / (meter.block_size * (1.0 - meter.overlap)))) + 1
        self._gate_blocks(until=blocks)
        z = np.array([row[:blocks] for row in self._z])
        gains = [1.0, 1.0, 1.0, 1.41, 1.41][: self.channels]
        with warnings.catch_warnings(), np.errstate(divide="ignore"):
            warnings.simplefilter("ignore", category=RuntimeWarning)
            levels = [-0.691 + 10.0 * np.log10(np.sum([gains[i] * z[i, j] for i in range(self.channels)]))
                      for j in range(blocks)]  # fmt: skip
            gated = [j for j, level in enumerate(levels) if level >= -70.0]
            mean = [np.mean([z[i, j] for j in gated]) for i in range(self.channels)]
            relative = -0.691 + 10.0 * np.log10(np.sum([gains[i] * mean[i] for i in range(self.channels)])) - 10.0
            gated = [j for j, level in enumerate(levels) if level > relative and level > -70.0]
            mean = np.nan_to_num(np.array([np.mean([z[i, j] for j in gated]) for i in range(self.channels)]))
            return float(-0.691 + 10.0 * np.log10(np.sum([gains[i] * mean[i] for i in range(self.channels)])))


def normalize_loudness(clip: AudioClip, *, target_lufs: float, ceiling_db: float = DEFAULT_CEILING_DB) -> AudioClip:
    """Bring a clip to a target integrated loudness, never letting the sample peak exceed ``ceiling_db``.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``, at least 0.4 s long.
    target_lufs : float
        −60 to −5 LUFS (streaming services play at about −14).
    ceiling_db : float
        Peak ceiling in dBFS. If reaching the target would cross it, the clip
        stays quieter than the target and a warning says by how much.

    Returns
    -------
    AudioClip
        Same shape. A silent clip is returned as it is.

    Raises
    ------
    ParameterError
        Target or ceiling out of range, or a clip shorter than 0.4 s.

    Examples
    --------
    >>> t = np.arange(44100 * 2) / 44100
    >>> tone = AudioClip(np.stack([0.01 * np.sin(2 * np.pi * 997 * t)] * 2))
    >>> round(loudness(normalize_loudness(tone, target_lufs=-23.0)), 1)
    -23.0
    """
    check_loudness_target(target_lufs, ceiling_db)
    gain = loudness_gain(loudness(clip), clip.peak(), target_lufs, ceiling_db)
    return clip if gain is None else AudioClip(_scaled(clip.samples, gain), clip.sample_rate)


def check_loudness_target(target_lufs: float, ceiling_db: float) -> None:
    checks.in_range("target_lufs", target_lufs, MIN_LUFS, MAX_LUFS, unit="LUFS")
    checks.in_range("ceiling_db", ceiling_db, MIN_CEILING_DB, 0.0, unit="dBFS")


def loudness_gain(measured: float, peak: float, target_lufs: float, ceiling_db: float) -> float | None:
    """The gain to ``target_lufs`` from ``measured`` with the peak kept under ``ceiling_db``; ``None`` for silence."""
    if not math.isfinite(measured):
        logger.warning("the mix is silent: loudness normalization skipped")
        return None
    gain_db = target_lufs - measured
    peak_db = gain_to_db(peak) + gain_db
    if peak_db > ceiling_db:
        logger.warning(
            "reaching %.1f LUFS would put the peak at %.1f dBFS; the mix stays %.1f LU quieter to keep "
            "the peak at %.1f dBFS",
            target_lufs,
            peak_db,
            peak_db - ceiling_db,
            ceiling_db,
        )
        gain_db -= peak_db - ceiling_db
    return db_to_gain(gain_db)


def _scaled(samples: np.ndarray, gain: float, block: int = 1 << 20) -> np.ndarray:
    """``samples * gain`` computed in float64, as float32: a block at a time, not a float64 copy of the song."""
    out = np.empty(samples.shape, np.float32)
    for start in range(0, samples.shape[-1], block):
        out[..., start : start + block] = samples[..., start : start + block].astype(np.float64) * gain
    return out
