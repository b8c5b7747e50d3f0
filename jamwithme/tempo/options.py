"""What a tempo or key change accepts and promises: the engines, the ranges and their checks, the output length."""

from __future__ import annotations

import enum
import logging

import numpy as np

from jamwithme import checks

logger = logging.getLogger("jamwithme")

MIN_RATE = 0.25
MAX_RATE = 4.0
MAX_SEMITONES = 12.0
#: Shorter clips than this (46 ms at 44.1 kHz, one analysis window) are refused.
MIN_SAMPLES = 2048


class Engine(str, enum.Enum):
    """Time-stretch and pitch-shift engines."""

    RUBBERBAND = "rubberband"  # Rubber Band R3, short window, pieces in parallel: the default
    RUBBERBAND_BEST = "rubberband-best"  # Rubber Band R3, standard window: clearer bass, about 2.4x the time
    LIBROSA = "librosa"  # librosa's phase vocoder (+ soxr resampling for pitch)

    @classmethod
    def parse(cls, value: "str | Engine") -> "Engine":
        if isinstance(value, Engine):
            return value
        return cls(checks.one_of("engine", value, [e.value for e in cls], key=lambda v: str(v).lower()))


def check_rate(rate) -> float:
    """Validate a tempo rate and return it as a float.

    Parameters
    ----------
    rate : float
        Speed factor: 1.25 is 25 % faster, 0.5 half speed. From 0.25 to 4.0.

    Returns
    -------
    float

    Raises
    ------
    ParameterError
        Not a number, NaN, infinite, ≤ 0 or outside 0.25–4.0.

    Examples
    --------
    >>> check_rate(0.8)
    0.8
    """
    return checks.in_range("rate", rate, MIN_RATE, MAX_RATE, hint="(1.25 = 25 % faster, 0.5 = half speed)")


def check_semitones(semitones) -> float:
    """Validate a pitch shift in semitones (fractions allowed) and return it as a float.

    Raises
    ------
    ParameterError
        Not a number, NaN, infinite or outside −12 to +12.

    Examples
    --------
    >>> check_semitones(-1.5)
    -1.5
    """
    return checks.in_range("semitones", semitones, -MAX_SEMITONES, MAX_SEMITONES, hint="(fractions allowed)")


def stretched_length(n: int, rate: float) -> int:
    """Length in samples of ``n`` samples played at ``rate``: ``round(n / rate)``.

    Examples
    --------
    >>> stretched_length(44100, 0.8)
    55125
    """
    return int(round(n / rate))


def _fit(samples: np.ndarray, length: int) -> np.ndarray:
    """Trim or zero-pad ``(channels, m)`` to exactly ``length`` samples."""
    have = samples.shape[1]
    if have != length:
        logger.debug("engine returned %d samples for %d: fitted", have, length)
    if have >= length:
        return samples[:, :length]
    return np.pad(samples, ((0, 0), (0, length - have)))
