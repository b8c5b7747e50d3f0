"""Clicks: the metronome's click, a count-in before the music and a metronome under it, on the song's grid."""

from __future__ import annotations

import logging
import math

import numpy as np

from jamwithme import checks
from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip
from jamwithme.loudness import db_to_gain, limit_peak
from jamwithme.practice.loops import detect_beats

logger = logging.getLogger("jamwithme")

MAX_COUNT_IN_BARS = 16
MAX_BEATS_PER_BAR = 12
#: Tempi a beat grid may have.
MIN_BPM, MAX_BPM = 20.0, 400.0
CLICK_SECONDS = 0.03
CLICK_HZ = 1320.0  # E6
ACCENT_HZ = 1760.0  # A6, on the first beat of a bar
#: Audio this far below the clip's peak before its first beat counts as a silent intro.
SILENT_LEAD_DB = -40.0


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


def _add_clicks(samples: np.ndarray, times: np.ndarray, accents: np.ndarray, sample_rate: int, *, gain_db: float):
    """Add a click at each time (seconds) into ``samples`` ``(channels, n)`` in place; accented where ``accents``."""
    plain = click(sample_rate, gain_db=gain_db)
    accent = click(sample_rate, accent=True, gain_db=gain_db)
    n = samples.shape[1]
    for t, strong in zip(times, accents):
        at = round(t * sample_rate)
        if not 0 <= at < n:
            continue
        burst = accent if strong else plain
        stop = min(n, at + len(burst))
        samples[:, at:stop] += burst[: stop - at]


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


def count_in(
    clip: AudioClip,
    *,
    bars: int = 1,
    beats_per_bar: int | None = None,
    grid: Grid | None = None,
    tempo: float | None = None,
    gain_db: float = -6.0,
) -> AudioClip:
    """Put ``bars`` bars of clicks at the clip's tempo before it, in step with its first beat.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``.
    bars : int
        Bars of count-in, 0–16 (0 returns ``clip``).
    beats_per_bar : int, optional
        1–12; default the grid's (4 in 4/4, 3 in 3/4, 2 in 6/8, whose count-in
        clicks the six eighths: :func:`count_in_clicks`). The first click of each bar is accented.
    grid : Grid, optional
        The beat grid of ``clip``, timed from its start (tracked if not given).
    tempo : float, optional
        The count-in's tempo in BPM; default the grid's over its first bar.
    gain_db : float
        Click level in dBFS (default −6).

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, c + n)``. The clicks are a beat
        apart and the beat after the last one is the clip's first beat: the
        first beat of the grid if only silence comes before it, else the
        earliest point of the grid from a quarter beat before the clip's start
        (a grid may start after the music does). So ``c`` is
        ``bars * beats_per_bar`` beats less the time to that first beat, and 0
        if a silent intro is long enough to hold the clicks.

    Raises
    ------
    ParameterError
        Bad ``bars``, ``beats_per_bar`` or ``tempo``, or no beat found.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32))
    >>> count_in(clip, bars=2, grid=Grid.from_times([0.0], tempo=120.0)).duration
    5.0
    """
    bars = checks.integer("bars", bars, 0, MAX_COUNT_IN_BARS)
    if beats_per_bar is not None:
        beats_per_bar = checks.integer("beats_per_bar", beats_per_bar, 1, MAX_BEATS_PER_BAR)
    if tempo is not None:
        tempo = checks.in_range("tempo", tempo, MIN_BPM, MAX_BPM, unit="beats per minute")
    if bars == 0:
        return clip
    grid = grid if grid is not None else detect_beats(clip)
    downbeat = _count_target(clip, grid)
    if tempo is None:
        tempo = grid.tempo_over(downbeat, downbeat + grid.beats_per_bar * grid.period_at(downbeat))
    clicks_n, per_beat = count_in_clicks(grid, bars=bars, beats_per_bar=beats_per_bar)
    sr, step = clip.sample_rate, 60.0 / tempo / per_beat
    lead = max(0, round((clicks_n * step - downbeat) * sr))
    out = np.zeros((clip.channels, lead + clip.n_samples), np.float32)
    out[:, lead:] = clip.samples
    times = lead / sr + downbeat - step * np.arange(clicks_n, 0, -1)
    accents = np.arange(clicks_n) % (clicks_n // bars) == 0
    _add_clicks(out, times, accents, sr, gain_db=gain_db)
    logger.info("count-in: %d bars, %d clicks at %.1f BPM", bars, clicks_n, tempo)
    return limit_peak(AudioClip(out, sr))


def _count_target(clip: AudioClip, grid: Grid) -> float:
    """The beat a count-in leads into, in seconds from the clip's start (may be slightly negative)."""
    if not grid.n_beats:
        return 0.0
    first = float(grid.beats[0])
    period = grid.period_at(first)
    before = clip.samples[:, : max(0, round((first - 0.02) * clip.sample_rate))]
    if not before.size or np.abs(before).max() < db_to_gain(SILENT_LEAD_DB) * clip.peak():
        return first
    return first - math.floor((first + period / 4) / period) * period


def add_metronome(
    clip: AudioClip,
    *,
    grid: Grid | None = None,
    beats_per_bar: int | None = None,
    gain_db: float = -12.0,
) -> AudioClip:
    """Mix a click under the clip on every beat of its grid, accenting the downbeats.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``.
    grid : Grid, optional
        The beat grid of ``clip`` (tracked if not given); the clicks follow its beats.
    beats_per_bar : int, optional
        1–12: accent every ``beats_per_bar``-th beat from the first instead of the grid's downbeats.
    gain_db : float
        Click level in dBFS (default −12).

    Returns
    -------
    AudioClip
        Same shape, peak limited to −1 dBFS.

    Raises
    ------
    ParameterError
        Bad ``beats_per_bar``, or no beat found.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32))
    >>> add_metronome(clip, grid=Grid.from_times([0.0, 0.5])).n_samples
    44100
    """
    if beats_per_bar is not None:
        beats_per_bar = checks.integer("beats_per_bar", beats_per_bar, 1, MAX_BEATS_PER_BAR)
    grid = grid if grid is not None else detect_beats(clip)
    out = np.array(clip.samples, np.float32)
    if beats_per_bar is None:
        accents = grid.beat_in_bar == 0
    else:
        accents = np.arange(grid.n_beats) % beats_per_bar == 0
    _add_clicks(out, grid.beats, accents, clip.sample_rate, gain_db=gain_db)
    return limit_peak(AudioClip(out, clip.sample_rate))
