"""Seconds of the song to beats and bars of its grid, for the MIDI tempo map and the notation.

A :class:`BeatMap` numbers the song's counted beats: the first downbeat is
beat ``lead`` (a whole number of bars, so every downbeat falls on a bar
line), the time before it from second 0 is a pickup at the song's own tempo
(second 0 is beat ``origin``, rounded to the sixteenth so the pickup bar is a
whole number of sixteenths), and the grid is extended before the first and
after the last beat at the nearest beat's length. Between two beats, time
runs evenly. The MIDI file's tempo map is exactly these beats; the notation
quantises note starts and ends on them.

Examples
--------
>>> m = BeatMap(beats=np.arange(1, 9) * 0.5, downbeats=[0.5, 2.5], beats_per_bar=4)
>>> m.lead, float(m.beat_of(0.5)), float(m.beat_of(2.75))
(4, 4.0, 8.5)
>>> m.origin  # second 0 is a beat before the first downbeat: a one-beat pickup
3.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from jamwithme import checks
from jamwithme.errors import ParameterError


class BeatMap:
    """The song's beats numbered from a bar line, the lead-in before the first downbeat a pickup at its tempo.

    Parameters
    ----------
    beats : array_like [shape=(n,)]
        Counted beats, seconds, ascending (the song's grid).
    downbeats : array_like [shape=(b,)]
        The beats that start a bar. None or empty: the first beat starts one.
    beats_per_bar : int
        Counted beats in a bar (2 in 6/8).
    subdivision : int
        2 in simple time, 3 in compound time.
    end : float
        Extend the map at least to this second.

    Raises
    ------
    ParameterError
        Fewer than two beats, beats not ascending, a bad metre.
    """

    def __init__(
        self,
        *,
        beats: Sequence[float] | np.ndarray,
        downbeats: Sequence[float] | np.ndarray | None = None,
        beats_per_bar: int = 4,
        subdivision: int = 2,
        end: float = 0.0,
    ):
        beats = np.asarray(beats, np.float64).ravel()
        if beats.size < 2 or not np.all(np.isfinite(beats)) or not np.all(np.diff(beats) > 0):
            raise ParameterError("a beat map needs at least two beats, finite and ascending")
        self.beats_per_bar = checks.integer("beats_per_bar", beats_per_bar, 1, 24)
        if subdivision not in (2, 3):
            raise ParameterError(f"subdivision={subdivision!r} must be 2 (simple time) or 3 (compound time)")
        self.subdivision = int(subdivision)
        downs = np.asarray(downbeats if downbeats is not None else (), np.float64).ravel()
        first_down = int(np.argmin(np.abs(beats - downs[0]))) if downs.size else 0
        period_in = float(beats[1] - beats[0])
        period_out = float(beats[-1] - beats[-2])
        # Extend backwards to second 0 at the first beat's length, then forwards past ``end``.
        before = max(0, math.ceil((beats[0] - 1e-9) / period_in) - 1) if beats[0] > 0 else 0
        pre = beats[0] - period_in * np.arange(before, 0, -1)
        pre = pre[pre > 1e-3]
        after = max(0, math.ceil((max(end, beats[-1]) - beats[-1]) / period_out)) + 2
        post = beats[-1] + period_out * np.arange(1, after + 1)
        times = np.concatenate([pre, beats, post])
        down_at = first_down + pre.size  # index of the first downbeat in ``times``
        # The lead-in from second 0 to the first downbeat is a pickup at the song's own tempo (the first
        # beat's length), to the sixteenth the notation counts; the first downbeat lands on a bar line,
        # ``lead`` beats from the start of the whole bars the pickup fills, and second 0 is ``origin``.
        units = 6 if self.subdivision == 3 else 4
        pickup = float(down_at)
        if times[0] > 1e-3:
            pickup = max(down_at * units + 1, round((down_at + times[0] / period_in) * units)) / units
        lead = self.beats_per_bar * math.ceil(pickup / self.beats_per_bar - 1e-9)
        positions = lead - down_at + np.arange(times.size, dtype=np.float64)
        if times[0] > 1e-3:
            times, positions = np.concatenate([[0.0], times]), np.concatenate([[lead - pickup], positions])
        else:
            times[0] = 0.0
        self.lead = int(lead)
        #: The beat position of second 0: the pickup bar (0 when the song starts on a downbeat) is
        #: ``beats_per_bar - origin`` beats long.
        self.origin = float(positions[0])
        self.times = times
        self.positions = positions

    @classmethod
    def of(cls, analysis, *, end: float = 0.0) -> BeatMap:
        """The beat map of a song's analysis (:class:`jamwithme.analysis.SongAnalysis`, or anything with a
        ``grid`` of beats, downbeats, beats_per_bar and subdivision)."""
        grid = getattr(analysis, "grid", None)
        if grid is not None:
            beats, downbeats, per_bar, subdivision = grid.beats, grid.downbeats, grid.beats_per_bar, grid.subdivision
        else:
            beats, downbeats, per_bar, subdivision = analysis.beats, analysis.downbeats, analysis.beats_per_bar, 2
        if len(beats) < 2:  # no beat found (silence, a free recitative): bars of 120 BPM from the start
            beats, downbeats = np.arange(8) * 0.5, np.arange(0, 8, per_bar) * 0.5
        return cls(beats=beats, downbeats=downbeats, beats_per_bar=per_bar, subdivision=subdivision, end=end)

    @property
    def time_signature(self) -> tuple[int, int]:
        """(numerator, denominator) as written: 4/4, 3/4, 6/8, 12/8."""
        if self.subdivision == 2:
            return self.beats_per_bar, 4
        return 3 * self.beats_per_bar, 8

    def beat_of(self, seconds) -> np.ndarray:
        """Fractional beat positions of times in seconds (second 0 at beat :attr:`origin`)."""
        seconds = np.asarray(seconds, np.float64)
        inside = np.interp(seconds, self.times, self.positions)
        last = (self.positions[-1] - self.positions[-2]) / (self.times[-1] - self.times[-2])
        return np.where(seconds > self.times[-1], self.positions[-1] + (seconds - self.times[-1]) * last, inside)

    def seconds_of(self, positions) -> np.ndarray:
        """Times in seconds of fractional beat positions (the inverse of :meth:`beat_of`)."""
        return np.interp(np.asarray(positions, np.float64), self.positions, self.times)

    def tempo_changes(self) -> list[tuple[float, float]]:
        """(beat position, seconds per beat) wherever a beat's length starts, to the last beat."""
        lengths = np.diff(self.times) / np.diff(self.positions)
        return [(float(p), float(s)) for p, s in zip(self.positions[:-1], lengths)]
