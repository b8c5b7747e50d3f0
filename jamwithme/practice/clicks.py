"""Clicks: the metronome's click, how a count-in counts, and a grid with other bars for their accents."""

from __future__ import annotations

import numpy as np

from jamwithme import checks
from jamwithme.analysis.grid import Grid, time_signature
from jamwithme.errors import ParameterError
from jamwithme.loudness import db_to_gain

MAX_COUNT_IN_BARS = 16
MAX_BEATS_PER_BAR = 12
CLICK_SECONDS = 0.03
CLICK_HZ = 1320.0  # E6
ACCENT_HZ = 1760.0  # A6, on the first beat of a bar


def click(sample_rate: int, *, accent: bool = False, gain_db: float = 0.0) -> np.ndarray:
    """One metronome click: a 30 ms decaying tone burst, higher on an accent.

    Returns
    -------
    np.ndarray [shape=(m,), dtype=float32]
        Starts at zero and ends at zero, so it adds no step of its own.

    Examples
    --------
    >>> click(44100).shape
    (1323,)
    """
    n = round(CLICK_SECONDS * sample_rate)
    t = np.arange(n) / sample_rate
    tone = np.sin(2 * np.pi * (ACCENT_HZ if accent else CLICK_HZ) * t) * np.exp(-t / 0.006)
    taper = round(0.005 * sample_rate)
    tone[-taper:] *= np.cos(0.5 * np.pi * np.arange(1, taper + 1) / taper)
    return (tone * db_to_gain(gain_db)).astype(np.float32)


def count_in_clicks(grid: Grid, *, bars: int = 1, beats_per_bar: int | None = None) -> tuple[int, int]:
    """How a count-in clicks: ``(clicks, per_beat)``, ``bars`` bars of the grid's metre.

    In simple time one click a counted beat; in compound time (``6/8``)
    every part of the beat, as a musician counts "1 2 3 4 5 6" (two clicks
    would not tell the tempo). ``beats_per_bar`` overrides the grid's bar.
    The player's count-in (``frontend/src/clicks.js``) clicks the same.

    Examples
    --------
    >>> count_in_clicks(Grid.from_times([0.0, 0.6], time_signature="6/8"))
    (6, 3)
    """
    per_beat = grid.subdivision if grid.subdivision == 3 else 1
    return bars * (beats_per_bar or grid.beats_per_bar) * per_beat, per_beat


def rebar(grid: Grid, *, beats_per_bar: int, start: float = 0.0) -> Grid:
    """The grid with bars of ``beats_per_bar`` counted beats, the first starting on the beat at or after ``start``.

    For a count-in and a metronome that accent other bars than the song's
    (``jamwithme loop --beats-per-bar``); the beats and their parts stay the grid's.

    Raises
    ------
    ParameterError
        ``beats_per_bar`` not a whole number from 1 to 12.

    Examples
    --------
    >>> rebar(Grid.from_times(np.arange(8) * 0.5), beats_per_bar=3, start=1.0).beat_in_bar
    array([1, 2, 0, 1, 2, 0, 1, 2])
    """
    beats_per_bar = checks.integer("beats_per_bar", beats_per_bar, 1, MAX_BEATS_PER_BAR)
    try:  # compound time stays compound where such a bar has a time signature (2 to 8 beats of 3 parts)
        signature = time_signature(beats_per_bar, grid.subdivision)
    except ParameterError:
        signature = time_signature(beats_per_bar)
    first = int(np.searchsorted(grid.beats, start - 1e-6))
    return Grid.from_times(
        grid.beats, grid.beats[first::beats_per_bar], time_signature=signature, tempo=grid.tempo, steady=grid.steady,
        pulse=grid.pulse,
    )  # fmt: skip
