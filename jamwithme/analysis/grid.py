"""The beat grid: a song's beats, bars and tempo, the one type everything that keeps time reads.

A :class:`Grid` holds the beats at the level a drummer counts, the position
of each beat in its bar and the time signature, and answers what a player
asks of it: the next beat, the beat or bar at a time, the tempo over a span,
the bars. The analysis makes one per song (:func:`jamwithme.analysis.analyze`,
stored with it), and the remix, the practice player, its metronome and
count-in and every export read that one; nothing tracks beats again.

Metre follows the musician's count. In simple time (``2/4``, ``3/4``,
``4/4``) the counted beat is the quarter note, split in two; in compound time
(``6/8``, ``9/8``, ``12/8``) it is the dotted quarter, split in three, so a
``6/8`` bar has two beats and its tempo is in dotted quarters a minute.

The tempo model the beats are placed on (a constant tempo, or a smooth curve
where the music drifts) is :mod:`jamwithme.analysis.tempo_model`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from jamwithme.errors import ParameterError

__all__ = ["NO_PULSE", "Grid", "parse_time_signature", "time_signature"]

#: Times closer than this (seconds) are the same time: a downbeat matches its beat after JSON's rounding.
SAME_TIME = 2e-3
#: What the pages, the CLI and the API say of a song with no steady beat (silence, a drone, a rubato line), where
#: a tempo would be an invented figure.
NO_PULSE = "no steady beat found"


def parse_time_signature(text: str) -> tuple[int, int]:
    """Counted beats per bar and the parts each beat splits into, from a time signature.

    Parameters
    ----------
    text : str
        ``"n/4"`` (n from 1 to 12: simple time, beats split in two) or
        ``"n/8"`` with n a multiple of 3 from 6 to 24 (compound time: n/3
        dotted-quarter beats, each split in three).

    Returns
    -------
    (int, int)
        ``(beats_per_bar, subdivision)``.

    Raises
    ------
    ParameterError
        Not a time signature of that form.

    Examples
    --------
    >>> parse_time_signature("4/4"), parse_time_signature("3/4"), parse_time_signature("6/8")
    ((4, 2), (3, 2), (2, 3))
    """
    match = re.fullmatch(r"(\d{1,2})/(4|8)", text) if isinstance(text, str) else None
    if match:
        top, bottom = int(match.group(1)), int(match.group(2))
        if bottom == 4 and 1 <= top <= 12:
            return top, 2
        if bottom == 8 and top % 3 == 0 and 6 <= top <= 24:
            return top // 3, 3
    raise ParameterError(
        f"time_signature={text!r} must be n/4 (n from 1 to 12) or n/8 with n a multiple of 3 from 6 to 24"
    )


def time_signature(beats_per_bar: int, subdivision: int = 2) -> str:
    """The time signature of ``beats_per_bar`` counted beats, each split in ``subdivision`` (2 or 3).

    Examples
    --------
    >>> time_signature(4), time_signature(2, 3), time_signature(4, 3)
    ('4/4', '6/8', '12/8')
    """
    text = f"{beats_per_bar}/4" if subdivision == 2 else f"{3 * beats_per_bar}/8"
    if subdivision not in (2, 3) or parse_time_signature(text) != (beats_per_bar, subdivision):
        raise ParameterError(f"no time signature has {beats_per_bar!r} beats per bar split in {subdivision!r}")
    return text


@dataclass(frozen=True, eq=False)
class Grid:
    """A song's beats, bars and tempo.

    Parameters
    ----------
    beats : np.ndarray [shape=(n,)]
        Beat times in seconds from the start of the song, ascending, at the counted level.
    beat_in_bar : np.ndarray [shape=(n,), dtype=int64]
        Position of each beat in its bar, 0 on a downbeat. A bar is the beats
        from one downbeat to the next, so a bar of another length (a 2/4 bar
        in a 4/4 song) is where a downbeat comes early.
    time_signature : str
        ``"4/4"``, ``"3/4"``, ``"6/8"``, ... (see :func:`parse_time_signature`).
    tempo : float
        The song's tempo in counted beats a minute (the constant tempo of a
        steady song, the median of a drifting one's).
    steady : bool
        The beats are on one constant tempo (else on a smooth tempo curve).
    pulse : bool
        The music has a steady beat. False (silence, a held drone, a rubato
        line): the grid has no beats and its ``tempo`` is a placeholder no
        surface shows; it says :data:`NO_PULSE` instead of a figure.

    Raises
    ------
    ParameterError
        Beats not finite or not ascending, positions of another length or
        negative, a bad time signature, a tempo that is not positive, or
        beats in a grid without a pulse.

    Examples
    --------
    >>> g = Grid(np.arange(9) * 0.5, np.arange(9) % 4, "4/4", 120.0)
    >>> g.downbeats, g.next_beat(1.2), g.bar_of(2.1), g.tempo_over(0.0, 4.0)
    (array([0., 2., 4.]), 1.5, 1, 120.0)
    """

    beats: np.ndarray
    beat_in_bar: np.ndarray
    time_signature: str = "4/4"
    tempo: float = 120.0
    steady: bool = False
    pulse: bool = True

    def __post_init__(self) -> None:
        beats = np.array(self.beats, dtype=np.float64).ravel()
        if beats.size and not (np.all(np.isfinite(beats)) and np.all(np.diff(beats) > 0)):
            raise ParameterError("a grid's beats must be finite times in seconds, strictly ascending")
        positions = np.array(self.beat_in_bar).ravel()
        if positions.size != beats.size:
            raise ParameterError(f"beat_in_bar has {positions.size} positions for {beats.size} beats")
        if positions.size and (positions.dtype.kind not in "iu" or positions.min() < 0):
            raise ParameterError("beat_in_bar must hold whole numbers from 0 (a downbeat) up")
        parse_time_signature(self.time_signature)
        tempo = self.tempo
        if isinstance(tempo, bool) or not (isinstance(tempo, (int, float, np.number)) and 0 < tempo < math.inf):
            raise ParameterError(f"tempo={tempo!r} must be a positive number of beats per minute")
        for name, value in (("beats", beats), ("beat_in_bar", positions.astype(np.int64))):
            value.flags.writeable = False
            object.__setattr__(self, name, value)
        object.__setattr__(self, "tempo", float(tempo))
        object.__setattr__(self, "steady", bool(self.steady))
        object.__setattr__(self, "pulse", bool(self.pulse))
        if not self.pulse and beats.size:
            raise ParameterError(f"a grid without a pulse has no beats, got {beats.size}")

    # ------------------------------------------------------------------ making one

    @classmethod
    def from_times(
        cls,
        beats,
        downbeats=None,
        *,
        time_signature: str | None = None,
        tempo: float | None = None,
        steady: bool = False,
        pulse: bool = True,
    ) -> Grid:
        """A grid from beat and downbeat times (as the analysis' JSON holds them).

        Parameters
        ----------
        beats : array_like [shape=(n,)]
            Seconds, ascending.
        downbeats : array_like [shape=(b,)], optional
            The beats that start a bar (each within 2 ms of a beat); None: every
            ``beats_per_bar``-th beat from the first.
        time_signature : str, optional
            Default: ``"n/4"`` with n the most common bar length in beats (4 without bars).
        tempo : float, optional
            Default: from the median beat interval (120 with fewer than two beats).
        steady : bool
        pulse : bool
            False: no steady beat (no beats given).

        Raises
        ------
        ParameterError
            A downbeat that is not a beat, or what :class:`Grid` refuses.

        Examples
        --------
        >>> Grid.from_times([0.0, 0.5, 1.0, 1.5, 2.0], [0.5]).beat_in_bar
        array([3, 0, 1, 2, 3])
        """
        beats = np.array(beats, dtype=np.float64).ravel()
        downs = np.array([] if downbeats is None else downbeats, dtype=np.float64).ravel()
        if beats.size and downs.size:
            nearest = np.clip(np.searchsorted(beats, downs), 1, max(beats.size - 1, 1))
            index = np.where(
                np.abs(beats[nearest - 1] - downs) <= np.abs(beats[np.minimum(nearest, beats.size - 1)] - downs),
                nearest - 1, np.minimum(nearest, beats.size - 1),
            )  # fmt: skip
            off = np.abs(beats[index] - downs)
            if off.max() > SAME_TIME:
                bad = float(downs[np.argmax(off)])
                raise ParameterError(f"the downbeat at {bad:.3f} s is not one of the beats")
            index = np.unique(index)
        else:
            index = np.zeros(0, np.int64)
        if time_signature is None:
            lengths = np.diff(index)
            common = int(np.bincount(lengths).argmax()) if lengths.size else 4
            time_signature = f"{min(max(common, 1), 12)}/4"
        per_bar = parse_time_signature(time_signature)[0]
        if downbeats is None:
            index = np.arange(0, beats.size, per_bar)
        positions = _positions(beats.size, index, per_bar)
        if tempo is None:
            tempo = 60.0 / float(np.median(np.diff(beats))) if beats.size >= 2 else 120.0
        return cls(beats, positions, time_signature, tempo, steady, pulse)

    # ------------------------------------------------------------------ what it is

    @property
    def n_beats(self) -> int:
        return int(self.beats.size)

    @property
    def downbeats(self) -> np.ndarray:
        """Times of the beats that start a bar, shape ``(b,)``."""
        return self.beats[self.beat_in_bar == 0]

    @property
    def beats_per_bar(self) -> int:
        """Counted beats in a bar of the time signature (2 in ``6/8``)."""
        return parse_time_signature(self.time_signature)[0]

    @property
    def subdivision(self) -> int:
        """Parts a counted beat splits into: 2 in simple time, 3 in compound time."""
        return parse_time_signature(self.time_signature)[1]

    @property
    def period(self) -> float:
        """Seconds a beat lasts at :attr:`tempo`."""
        return 60.0 / self.tempo

    # ------------------------------------------------------------------ questions

    def beat_at(self, seconds: float) -> int:
        """Index of the beat sounding at ``seconds`` (the last at or before it); -1 before the first."""
        return int(np.searchsorted(self.beats, float(seconds) + 1e-6, side="right")) - 1

    def next_beat(self, seconds: float) -> float:
        """The first beat at or after ``seconds``; past the last beat, where the grid's last period carries it."""
        i = int(np.searchsorted(self.beats, float(seconds) - 1e-6))
        if i < self.n_beats:
            return float(self.beats[i])
        if not self.n_beats:
            return float(seconds)
        step = self.period_at(float(self.beats[-1]))
        return float(self.beats[-1] + math.ceil((seconds - self.beats[-1] - 1e-6) / step) * step)

    def nearest(self, seconds: float) -> float:
        """The beat nearest to ``seconds``.

        Raises
        ------
        ParameterError
            The grid has no beats.
        """
        if not self.n_beats:
            raise ParameterError("no beats to snap to")
        return float(self.beats[np.argmin(np.abs(self.beats - seconds))])

    def between(self, start: float, end: float) -> np.ndarray:
        """The beat times in ``[start, end)``."""
        return self.beats[(self.beats >= start - 1e-6) & (self.beats < end - 1e-6)]

    def within(self, start: float, end: float) -> Grid:
        """The grid of the beats in ``[start, end)``, at the same times (a song cut short, a loop's beats)."""
        inside = (self.beats >= start - 1e-6) & (self.beats < end - 1e-6)
        return Grid(self.beats[inside], self.beat_in_bar[inside], self.time_signature, self.tempo, self.steady,
                    self.pulse)  # fmt: skip

    def bar_of(self, seconds: float) -> int:
        """Index of the bar holding ``seconds`` (0 is the first bar); -1 before the first downbeat."""
        return int(np.searchsorted(self.downbeats, float(seconds) + 1e-6, side="right")) - 1

    def bars(self) -> list[tuple[float, float]]:
        """(start, end) of every bar: one downbeat to the next, the last a full bar at the local tempo."""
        d = self.downbeats
        if not d.size:
            return []
        last = d[-1] + self.beats_per_bar * self.period_at(float(d[-1]))
        ends = np.append(d[1:], last)
        return [(float(a), float(b)) for a, b in zip(d, ends)]

    def bar_lengths(self) -> np.ndarray:
        """Beats in each bar (the last, which the song may end inside, included), shape ``(b,)``."""
        index = np.flatnonzero(self.beat_in_bar == 0)
        return np.diff(np.append(index, self.n_beats))

    def period_at(self, seconds: float) -> float:
        """Seconds between the beats around ``seconds`` (the first or last gap outside them)."""
        if self.n_beats < 2:
            return self.period
        i = min(max(1, int(np.searchsorted(self.beats, float(seconds) - 1e-6))), self.n_beats - 1)
        return float(self.beats[i] - self.beats[i - 1])

    def tempo_over(self, start: float, end: float) -> float:
        """The tempo in BPM over ``[start, end]``: its beats over the time they span (else the local tempo)."""
        inside = self.beats[(self.beats >= start - 1e-6) & (self.beats <= end + 1e-6)]
        if inside.size < 2:
            return 60.0 / self.period_at(start)
        return 60.0 * (inside.size - 1) / float(inside[-1] - inside[0])

    def tempo_curve(self) -> np.ndarray:
        """The tempo of each bar in BPM, shape ``(b,)`` (as :meth:`bars`)."""
        return np.array([self.tempo_over(a, b - 1e-3) if b - a > 0 else self.tempo for a, b in self.bars()])

    # ------------------------------------------------------------------ JSON

    def to_json(self) -> dict:
        """The grid's part of the analysis JSON: ``tempo``, ``time_signature``, ``beats``, ``downbeats`` (the
        schema of issue 11), and ``beats_per_bar``, ``steady``, ``pulse`` and ``bars`` (``{"start", "end",
        "beats", "tempo"}`` each), times to the millisecond. Without a pulse ``tempo`` is null, ``beats`` and
        ``bars`` are empty and ``pulse_note`` says :data:`NO_PULSE`."""
        lengths = self.bar_lengths()
        return {
            "tempo": round(self.tempo, 2) if self.pulse else None,
            "pulse": self.pulse,
            **({} if self.pulse else {"pulse_note": NO_PULSE}),
            "time_signature": self.time_signature,
            "beats_per_bar": self.beats_per_bar,
            "steady": self.steady,
            "beats": [round(float(t), 3) for t in self.beats],
            "downbeats": [round(float(t), 3) for t in self.downbeats],
            "bars": [
                {"start": round(a, 3), "end": round(b, 3), "beats": int(n), "tempo": round(float(bpm), 2)}
                for (a, b), n, bpm in zip(self.bars(), lengths, self.tempo_curve())
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> Grid:
        """The grid back from :meth:`to_json` (or an analysis JSON that has only the issue-11 fields).

        Raises
        ------
        ParameterError
            A field missing or of the wrong kind.
        """
        try:
            return cls.from_times(
                np.asarray(data["beats"], np.float64), np.asarray(data["downbeats"], np.float64),
                time_signature=str(data["time_signature"]), tempo=_stored_tempo(data),
                steady=bool(data.get("steady", False)), pulse=bool(data.get("pulse", True)),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ParameterError):
                raise
            raise ParameterError(f"not a beat grid: {type(exc).__name__} {exc}") from exc

    def rounded(self, decimals: int = 3) -> Grid:
        """The same grid with its times rounded as its JSON holds them."""
        beats = np.round(self.beats, decimals)
        keep = np.diff(beats, prepend=-np.inf) > 0  # never expected: beats a millisecond apart
        return Grid(beats[keep], self.beat_in_bar[keep], self.time_signature, round(self.tempo, 2), self.steady,
                    self.pulse)  # fmt: skip

    def tempo_text(self, speed: float = 1.0) -> str:
        """The tempo as every surface shows it: ``"134 BPM"`` at ``speed`` times the song's, or :data:`NO_PULSE`.

        Examples
        --------
        >>> Grid(np.arange(9) * 0.5, np.arange(9) % 4, "4/4", 120.0).tempo_text(0.75)
        '90 BPM'
        >>> Grid(np.zeros(0), np.zeros(0, np.int64), pulse=False).tempo_text()
        'no steady beat found'
        """
        return f"{self.tempo * speed:.0f} BPM" if self.pulse else NO_PULSE


def _stored_tempo(data: dict) -> float | None:
    """The JSON's tempo, None where it is null (a grid without a pulse: :meth:`Grid.from_times` puts its default)."""
    tempo = data["tempo"]
    if tempo is None and data.get("pulse", True):
        raise ParameterError("not a beat grid: tempo is null but pulse is not false")
    return None if tempo is None else float(tempo)


def _positions(n: int, downbeat_index: np.ndarray, beats_per_bar: int) -> np.ndarray:
    """Position in the bar of each of ``n`` beats, given the indices of the downbeats."""
    positions = np.zeros(n, np.int64)
    if not n:
        return positions
    index = np.asarray(downbeat_index, np.int64)
    if not index.size:
        return np.arange(n, dtype=np.int64) % beats_per_bar
    bar = np.searchsorted(index, np.arange(n), side="right") - 1
    inside = bar >= 0
    positions[inside] = np.arange(n)[inside] - index[bar[inside]]
    before = np.arange(index[0])  # a pickup: counted back from the first downbeat
    positions[before] = (before - index[0]) % beats_per_bar
    return positions
