"""The tempo model a song's beats are placed on: one constant tempo, or a smooth curve where the music drifts.

:func:`fit` takes the beats a tracker found (on their attacks, with the
tracker's mistakes: an extra beat between two, a missed one, a stretch on
the off-beats) and returns beats on a model: a constant tempo when the music
is steady, a tempo that changes once (a new tempo, or a ritardando from a
bar on), or a smooth tempo curve (a band's drift, a rubato intro), the
choice made by an information criterion on the tracked beats.
:func:`jamwithme.analysis.rhythm.track` then asks the onsets which of the
constant and the chosen model sits on the attacks.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np

from jamwithme.analysis.tempo_curves import (
    PENALTIES,
    _effective_parameters,
    _free_ends,
    _hinges,
    _robust_curve,
    _robust_line,
    _robust_scale,
)
from jamwithme.errors import ParameterError

__all__ = ["TempoFit", "fit"]

logger = logging.getLogger("jamwithme")


@dataclass(frozen=True, eq=False)
class TempoFit:
    """Beat times on a tempo model fitted to tracked beats (:func:`fit`).

    Parameters
    ----------
    times : np.ndarray [shape=(n,)]
        The model's beat times, one a beat from the first tracked beat to the last (missed ones filled in).
    steady : bool
        One constant tempo (else a smooth tempo curve).
    period : float
        Seconds a beat: the constant tempo's, or the curve's median.
    spread : float
        Robust spread (seconds) of the tracked beats about the model.
    inliers : int
        Tracked beats the model rests on (the rest were extra beats or off the grid).
    constant : np.ndarray [shape=(n,)]
        The same beats on one constant tempo (the robust straight line), to weigh a curve against.
    phases : tuple of float
        Offsets (seconds) the tracker's beats kept from ``times`` between its slips, most beats first: where
        it followed the off-beats or the sixteenths for a while and came back. Which is the beat is for the
        music to say (:func:`jamwithme.analysis.rhythm.track` asks the onsets); ``(0.0,)`` without slips.
    free : tuple
        ``(start, stop)``, the beats (indices of ``times``) of a free stretch beside one constant tempo (a
        rubato intro or ending) where the model is that; else ``()``.
    """

    times: np.ndarray
    steady: bool
    period: float
    spread: float
    inliers: int
    constant: np.ndarray
    phases: tuple = (0.0,)
    free: tuple = ()


#: Tracked beats more than this fraction of a beat off the model's nearest beat are not beats of it.
OFF_GRID = 0.3
#: A tempo curve replaces the constant tempo only when its information criterion is lower by this
#: much (Kass and Raftery's "strong" evidence).
STRONG_EVIDENCE = 6.0
#: A beat gap this far (in beats) off a whole number of beats, in steady time, is a slip of the tracker ...
SLIP = 0.1
#: ... when the gaps before and after it agree within this fraction; it is measured over this many beats.
SLIP_STEADY, SLIP_REACH = 0.04, 16
#: The noise a model leaves never counts as less than this (seconds): no beat is placed better.
NOISE_FLOOR = 0.001
#: A tempo curve has at most one effective parameter for this many beats.
MIN_BEATS_PER_PARAMETER = 4


def fit(observed: np.ndarray, *, period: float, rounds: int = 4) -> TempoFit:
    """Place beats on a tempo model fitted to tracked beats: constant where the music is steady, smooth where it drifts.

    The tracked beats are numbered by unwrapping their times against the
    local period (a beat the tracker added between two beats gets no number;
    one it missed leaves a number out), then fitted robustly (Tukey's
    biweight, iterated) by one constant tempo (a straight line through beat
    number and time) and by smooth tempo curves (a Whittaker smoother: the
    squared change, from beat to beat, of the change of period penalised, so
    a steady ritardando costs only where it begins). The Bayesian
    information criterion (the residuals against the effective number of
    parameters) chooses: a song made at one tempo stays on one, a ritardando
    or a band's drift gets its curve. The numbering is then redone against
    the chosen model, and the fit with it, until the numbers settle.

    Parameters
    ----------
    observed : np.ndarray [shape=(m,)]
        Tracked beat times in seconds, ascending (on their attacks).
    period : float
        The tracker's beat period in seconds.
    rounds : int
        At most this many numberings.

    Returns
    -------
    TempoFit

    Raises
    ------
    ParameterError
        Fewer than two beats, or a period that is not positive.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> tracked = np.sort(np.append(0.3 + 0.5 * np.arange(40) + rng.normal(0, 0.004, 40), 7.05))
    >>> model = fit(tracked, period=0.5)
    >>> model.steady, round(model.period, 3), model.times.size, model.inliers
    (True, 0.5, 40, 40)
    """
    observed = np.asarray(observed, np.float64).ravel()
    if observed.size < 2:
        raise ParameterError(f"a tempo model needs at least two beats, got {observed.size}")
    if not (isinstance(period, (int, float, np.number)) and math.isfinite(period) and period > 0):
        raise ParameterError(f"period={period!r} must be a positive number of seconds")
    observed, phases = _unslip(observed, period)
    number = _unwrap(observed, period)
    for _ in range(max(1, rounds)):
        times, weights, free = _choose(number, observed)
        again = _number_against(observed, times)
        if np.array_equal(again, number):
            break
        number = again
    times, weights, free = _choose(number, observed)
    used = number >= 0
    constant = _robust_line(number[used], observed[used], times.size)[0]
    spread = _robust_scale(observed[used] - times[number[used]], weights[number[used]])
    return TempoFit(
        times=times, steady=free is None, period=float(np.median(np.diff(times))) if times.size > 1 else float(period),
        spread=spread, inliers=int(np.count_nonzero(weights[number[used]] > 0)), constant=constant, phases=phases,
        free=free or (),
    )  # fmt: skip


def _unslip(observed: np.ndarray, period: float) -> tuple[np.ndarray, tuple]:
    """The tracked beats with the tracker's slips taken out, and the offsets it kept between them.

    A slip is one beat gap off a whole number of beats by more than
    :data:`SLIP` of a beat, where the gaps on either side agree with each
    other (not a change of tempo) and neither gap beside it undoes it (not
    one beat placed off its attack, nor an extra beat) and the gaps on both sides of it are not off the
    same way by half as much (a rubato's slowest or fastest beats, where the tempo bends and the beats
    do not jump):
    the tracker moved to another phase (the off-beats, a sixteenth) and stayed there. Its size is measured between
    straight lines through up to :data:`SLIP_REACH` beats either side (so a
    slip made over two gaps is measured whole), and every later beat is moved
    back by it. The offsets are returned wrapped into half a beat either side,
    the one held longest first.
    """
    gaps = np.diff(observed)
    starts = [0]
    for i in range(gaps.size):
        left, right = gaps[max(0, i - 8) : i], gaps[i + 1 : i + 9]
        if left.size < 3 or right.size < 3:
            continue
        if abs(np.median(left) / np.median(right) - 1.0) > SLIP_STEADY:
            continue  # the tempo changes here
        local = float(np.median(np.concatenate([left, right])))
        ratio = gaps[i] / local
        off = ratio - round(ratio)
        if round(ratio) < 1 or abs(off) <= SLIP:
            continue
        with_next = (gaps[i] + gaps[i + 1]) / local
        with_last = (gaps[i] + gaps[i - 1]) / local
        if min(abs(with_next - round(with_next)), abs(with_last - round(with_last))) <= SLIP / 2:
            continue  # one beat off its place, or an extra one between two: a gap beside undoes it
        beside = (np.array([gaps[i - 1], gaps[i + 1]]) / local - 1.0) * np.sign(off)
        if np.all(beside > max(SLIP, abs(off)) / 2):
            continue  # the gaps on both sides are off the same way, at least half as far: the tempo bends (rubato)
        if i + 1 - starts[-1] >= 2:
            starts.append(i + 1)
    starts.append(observed.size)
    corrected = observed.astype(np.float64).copy()
    shift, held = 0.0, {}
    for s0, s1, s2 in zip(starts[:-2], starts[1:-1], starts[2:]):
        before = corrected[max(0, s1 - SLIP_REACH) : s1]  # earlier slips already taken out
        after = observed[s1 : min(s2, s1 + SLIP_REACH)] - shift
        step = _local_period(before, period)
        k_before = _count(before, step)
        line = np.polyfit(k_before, before, 1) if before.size >= 2 else (step, before[-1])
        # the first beat after the slip: the whole beats from the last one, the slip's fraction aside
        gap = (after[0] - before[-1]) / step
        first = k_before[-1] + max(1, round(gap))
        k_after = first + _count(after, step)
        size = float(np.median(after - np.polyval(line, k_after)))
        if abs(size) > SLIP * step / 2:
            key = round(((shift + period / 2) % period - period / 2) * 1000)
            held[key] = held.get(key, 0) + (s1 - s0)
            shift += size
        corrected[s1:] = observed[s1:] - shift
    key = round(((shift + period / 2) % period - period / 2) * 1000)
    held[key] = held.get(key, 0) + (observed.size - starts[-2])
    phases = tuple(k / 1000 for k, _ in sorted(held.items(), key=lambda item: -item[1]))
    return corrected, phases


def _local_period(times: np.ndarray, period: float) -> float:
    """The median beat gap of a short run of beats, in whole beats of about ``period``."""
    if times.size < 2:
        return period
    gaps = np.diff(times)
    whole = np.maximum(1, np.round(gaps / period))
    return float(np.median(gaps / whole))


def _count(times: np.ndarray, step: float) -> np.ndarray:
    """Beat numbers of a run of beats from 0, each gap rounded to whole beats of ``step`` (at least one)."""
    return np.concatenate([[0], np.cumsum(np.maximum(1, np.round(np.diff(times) / step)))]).astype(np.float64)


def _unwrap(observed: np.ndarray, period: float) -> np.ndarray:
    """Beat numbers of tracked beats (-1: between beats), counted from a steady stretch outwards.

    Each beat is numbered from the last numbered one by the local period (the
    slope over the last eight numbered beats); one that falls more than
    :data:`OFF_GRID` of a beat off a whole number of beats gets none.
    """
    m = observed.size
    gaps = np.diff(observed) / period
    # start where the gaps are most like whole beats: a tracker's extra beat is not taken as the phase
    off = np.abs(gaps - np.round(gaps)) + (np.round(gaps) < 1)
    width = min(8, off.size)
    local = np.convolve(off, np.ones(width), "valid")
    anchor = int(np.argmin(local))
    number = np.zeros(m, np.int64)
    numbered = np.zeros(m, bool)
    numbered[anchor] = True

    def walk(order: range) -> None:
        done = [anchor]
        for j in order:
            recent = done[-8:]
            if len(recent) >= 4 and number[recent[-1]] != number[recent[0]]:
                slope = np.polyfit(number[recent], observed[recent], 1)[0]
                step = float(np.clip(slope, 0.8 * period, 1.25 * period))
            else:
                step = period
            last = done[-1]
            d = (observed[j] - observed[last]) / step
            whole = round(d)
            if whole != 0 and abs(d - whole) <= OFF_GRID:
                number[j] = number[last] + whole
                numbered[j] = True
                done.append(j)

    walk(range(anchor + 1, m))
    walk(range(anchor - 1, -1, -1))
    number -= number[numbered].min()
    number[~numbered] = -1
    return number


def _number_against(observed: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Beat numbers of tracked beats against a model's beat times (-1: off the grid); one tracked beat a number."""
    n = times.size
    step_lo = times[1] - times[0] if n > 1 else 1.0
    step_hi = times[-1] - times[-2] if n > 1 else 1.0
    position = np.interp(observed, times, np.arange(n, dtype=np.float64))
    before, after = observed < times[0], observed > times[-1]
    position[before] = (observed[before] - times[0]) / step_lo
    position[after] = n - 1 + (observed[after] - times[-1]) / step_hi
    whole = np.round(position)
    distance = np.abs(position - whole)
    number = np.where(distance <= OFF_GRID, whole, np.nan)
    # two tracked beats on one number: keep the nearer
    order = np.argsort(distance)
    seen: set = set()
    for j in order:
        if not np.isnan(number[j]):
            if number[j] in seen:
                number[j] = np.nan
            else:
                seen.add(number[j])
    out = np.full(observed.size, -1, np.int64)
    ok = ~np.isnan(number)
    if np.any(ok):
        out[ok] = (number[ok] - number[ok].min()).astype(np.int64)
    return out


def _choose(number: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple | None]:
    """The model (constant tempo, a change of tempo, a smooth curve, a free end) the information criterion prefers.

    Returns the model's beat times (one per number from 0 to the largest),
    the robust weight of the tracked beat on each number (0 where none or an
    outlier) and its free stretch: None for one constant tempo, ``()`` for a
    model of the whole song, ``(start, stop)`` for a free stretch beside one tempo.
    """
    used = number >= 0
    k, t = number[used], observed[used]
    n = int(k.max()) + 1
    line, w_line = _robust_line(k, t, n)
    candidates = [(line, w_line, 2.0, None)]
    try:
        keep, m, others = _models(k, t, n, w_line)
    except (np.linalg.LinAlgError, FloatingPointError, ValueError) as error:
        # defence in depth: a tempo model that cannot be fitted leaves the song on its steady grid, not unanalysed
        logger.warning("tempo curve fit failed (%s); the beats stay on one steady tempo", error)
        return line, w_line, None
    bad = [c for c in others if not np.all(np.isfinite(c[0]))]
    if bad:
        logger.warning("%d tempo models came out non-finite and are left out; the rest are compared", len(bad))
    candidates += [c for c in others if np.all(np.isfinite(c[0]))]

    def bic(times: np.ndarray, parameters: float) -> float:
        rss = float(np.sum((t[keep] - times[k[keep]]) ** 2))
        return m * math.log(max(rss / m, NOISE_FLOOR**2)) + parameters * math.log(m)

    # A curve must be strongly better than the line (by STRONG_EVIDENCE), more than a line in effect, and
    # a tempo curve: at most a parameter every MIN_BEATS_PER_PARAMETER beats (more follows the noise).
    best, score = candidates[0], bic(line, 2.0) - STRONG_EVIDENCE
    for candidate in candidates[1:]:
        times, _, parameters, _ = candidate
        if 2.5 <= parameters <= m / MIN_BEATS_PER_PARAMETER and bic(times, parameters) < score:
            best, score = candidate, bic(times, parameters)
    times, weights, _, free = best
    return times, weights, free


def _models(k: np.ndarray, t: np.ndarray, n: int, w_line: np.ndarray) -> tuple[np.ndarray, int, list]:
    """The tracked beats every model is compared on, their number, and the models beside the line (:func:`_choose`)."""
    candidates = []
    if n >= 8 and k.size >= 8:
        start = None
        for penalty in PENALTIES:  # from the most flexible: each starts from the last one's weights
            curve, w_curve = _robust_curve(k, t, n, penalty, start)
            start = w_curve[k]
            candidates.append((curve, w_curve, _effective_parameters(n, penalty, w_curve), ()))
    # Compare every model on the same beats: those the most flexible curve keeps (what no smooth tempo
    # explains is an extra beat; what the line alone leaves out may be a ritardando).
    keep = candidates[0][1][k] > 0 if candidates else w_line[k] > 0
    m = max(int(keep.sum()), 1)
    if m >= 12:
        candidates += [(times, weights, 4.0, ()) for times, weights in _hinges(k, t, keep, n)]
        candidates += _free_ends(k, t, n, w_line)
    return keep, m, candidates
