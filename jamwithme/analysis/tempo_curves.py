"""The candidate tempo models and their robust fitting, among which :func:`.tempo_model.fit` chooses.

One constant tempo (a straight line through beat number and time), a tempo
that changes once (:func:`_hinges`), one tempo beside a free stretch at
either end (:func:`_free_ends`) and smooth tempo curves (a Whittaker
smoother, :func:`_robust_curve`), each fitted by iterated biweight least
squares so the tracker's extra and off-grid beats weigh nothing; the
information criterion that picks one is in
:mod:`jamwithme.analysis.tempo_model`.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["robust_line"]


#: A tempo curve's roughness: the squared third differences of beat times (the change, from beat to beat, of
#: the change of period), so a steady ritardando or accelerando costs nothing but its start and end.
ORDER = 3
#: Smoothness penalties tried for a drifting tempo (weights of that roughness).
PENALTIES = tuple(10.0 ** (e / 2) for e in range(-2, 13))
#: Places tried at first for a single change of tempo (then every beat near the best).
HINGE_PLACES = 300
#: Tukey's biweight constant, in robust standard deviations.
BIWEIGHT = 4.685
#: The spread never counts as less than this (seconds): onsets are found on a grid of about 1.5 ms.
MIN_SPREAD = 0.0015
#: A free stretch at either end (a rubato intro) is a run that starts within this many tracked beats of the
#: end, holds at least this many outliers of the one-tempo line and ends this many beats before the line holds.
FREE_RUN = 4
#: Weight of the second differences where the tempo is held constant beside a free stretch (against the
#: beats' weights of at most 1): a line to well under a microsecond.
LINE_STIFFNESS = 1e8
#: Weight (against the beats' weights of at most 1) tying each beat of a free stretch to the steady tempo
#: extended over it: no difference spans the stretch and the steady part, so without a tie a stretch whose
#: beats are mostly outliers is undetermined (its Whittaker system singular: a blind test's 3/4 at 189 BPM);
#: where the stretch has beats the tie moves it by about a millionth of its distance from that tempo.
FREE_TIE = 1e-6


def _hinges(k: np.ndarray, t: np.ndarray, keep: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """One tempo that changes once: at a beat (a new tempo from there) or from a beat on, steadily (a ritardando).

    Least squares on the kept beats for every place of the change (every
    beat, or :data:`HINGE_PLACES` of them and then every beat near the best);
    returns each shape's best fit (times at 0..n-1, weights of every tracked beat).
    """
    kk, tt = k[keep].astype(np.float64), t[keep]
    every = np.arange(n, dtype=np.float64)

    def design(x: np.ndarray, k0: float, ramp: bool) -> np.ndarray:
        h = np.maximum(0.0, x - k0)
        return np.stack([np.ones_like(x), x, h * (h + 1) / 2 if ramp else h], axis=1)

    out = []
    for ramp in (False, True):
        places = np.arange(kk.min() + 2, kk.max() - 1)
        if places.size > HINGE_PLACES:
            coarse = places[:: places.size // HINGE_PLACES + 1]
        else:
            coarse = places

        def rss(k0: float, ramp: bool = ramp) -> tuple[float, np.ndarray]:
            x = design(kk, k0, ramp)
            coef, *_ = np.linalg.lstsq(x, tt, rcond=None)
            return float(np.sum((tt - x @ coef) ** 2)), coef

        scores = [rss(k0)[0] for k0 in coarse]
        best = coarse[int(np.argmin(scores))]
        if coarse.size < places.size:
            step = places.size // HINGE_PLACES + 1
            near = places[(places >= best - step) & (places <= best + step)]
            best = near[int(np.argmin([rss(k0)[0] for k0 in near]))]
        coef = rss(best)[1]
        times = design(every, best, ramp) @ coef
        weights = np.zeros(n)
        weights[k] = _biweight(t - times[k])
        out.append((times, weights))
    return out


def _free_ends(k: np.ndarray, t: np.ndarray, n: int, w_line: np.ndarray) -> list[tuple]:
    """One constant tempo with a free stretch before it (a rubato intro) or after it (a rubato ending).

    Where the song's first (or last) tracked beats are off the robust line through all of them (a run of
    its outliers, :func:`_free_run`), those beats get a smooth tempo curve of their own (third differences
    penalised, as :func:`_robust_curve`) and the rest one constant tempo (second differences held at
    zero), the tempo free to change where the two meet (the band comes in a tempo), at each of
    :data:`PENALTIES`. One curve over the whole song cannot take this shape: a curve free enough for
    the rubato bends the steady beats too and pays for it in parameters over the whole song.

    Returns
    -------
    list of (np.ndarray [shape=(n,)], np.ndarray [shape=(n,)], float, (int, int))
        For each end with a free stretch and each penalty: the times at 0..n-1, the weights, the
        effective number of parameters and the free stretch's beats (start, stop).
    """
    out = []
    for end in ("start", "end"):
        kk, tt = (k, t) if end == "start" else (n - 1 - k[::-1], -t[::-1])
        ww = w_line if end == "start" else w_line[::-1]
        free = _free_run(kk, ww[kk])
        if free is None:
            continue
        # the curve's differences lie inside the free stretch, the line's inside the rest: none spans the two
        bands = _penalty_bands(n, ORDER, rows=slice(0, max(free - ORDER, 0)))
        line = LINE_STIFFNESS * _penalty_bands(n, 2, rows=slice(free, None), upper=ORDER)
        tie = np.zeros(n)
        tie[:free] = FREE_TIE
        anchor = np.zeros(n)
        anchor[:free] = _steady_after(kk, tt, ww[kk], free, n)[:free]
        start = None
        for penalty in PENALTIES:
            times, weights = _robust_curve(kk, tt, n, penalty, start, bands=penalty * bands + line, tie=(tie, anchor))
            start = weights[kk]
            parameters = 2.0 + _effective_parameters(free, penalty, weights[:free])
            if end == "end":
                times, weights = -times[::-1], weights[::-1]
            out.append((times, weights, parameters, (0, free) if end == "start" else (n - free, n)))
    return out


def _steady_after(k: np.ndarray, t: np.ndarray, weights: np.ndarray, free: int, n: int) -> np.ndarray:
    """The steady tempo after a free stretch (a line through its inliers from beat ``free`` on), at 0..n-1."""
    after = k >= free
    kept = after & (weights > 0)
    if np.count_nonzero(kept) < 2:
        kept = after
    coef = np.polyfit(k[kept], t[kept], 1, w=np.sqrt(np.maximum(weights[kept], 1e-3)))
    return np.polyval(coef, np.arange(n))


def _free_run(k: np.ndarray, weights: np.ndarray) -> int | None:
    """The beat number where a song's opening run of the line's outliers ends, or None without one.

    The run starts among the first :data:`FREE_RUN` tracked beats, holds at least that many outliers
    and ends at the last outlier followed by :data:`FREE_RUN` beats on the line.
    """
    outlier = weights <= 0
    if np.count_nonzero(outlier[:FREE_RUN]) == 0:
        return None
    last = None
    for j in range(k.size - FREE_RUN):
        if outlier[j]:
            last = j
        elif last is not None and not np.any(outlier[j : j + FREE_RUN]):
            break
    if last is None or np.count_nonzero(outlier[: last + 1]) < FREE_RUN or k[last] + 1 >= k[-1] - FREE_RUN:
        return None
    return int(k[last]) + 1


def robust_line(k: np.ndarray, t: np.ndarray, n: int, *, at: np.ndarray | None = None) -> np.ndarray:
    """A straight line through beat numbers ``k`` and times ``t`` by iterated biweight least squares.

    Returns
    -------
    np.ndarray [shape=(n,)]
        Its times at numbers 0 .. n-1 (or at the numbers ``at``).
    """
    line, _ = _robust_line(np.asarray(k), np.asarray(t, np.float64), n)
    return line if at is None else np.interp(at, np.arange(n), line)


def _robust_line(k: np.ndarray, t: np.ndarray, n: int, iterations: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Straight line through (number, time) by iterated biweight least squares; its times at 0..n-1 and weights."""
    w = np.ones(k.size)
    coef = np.polyfit(k, t, 1)
    for _ in range(iterations):
        if np.count_nonzero(w) < 2:
            break
        coef = np.polyfit(k, t, 1, w=np.sqrt(w))
        w = _biweight(t - np.polyval(coef, k))
    weights = np.zeros(n)
    weights[k] = w
    return np.polyval(coef, np.arange(n)), weights


def _penalty_bands(n: int, order: int = 3, *, rows: slice = slice(None), upper: int | None = None) -> np.ndarray:
    """``D.T @ D`` for the ``order``-th difference matrix ``D`` of ``n`` points, as upper bands (``solveh_banded``).

    ``rows`` keeps only those rows of ``D`` (the differences starting at those points); ``upper`` is the
    number of upper bands to lay them in (``order`` unless given, to add to another order's bands).
    """
    upper = order if upper is None else upper
    coeffs = np.array([math.comb(order, i) * (-1) ** (order - i) for i in range(order + 1)], np.float64)
    bands = np.zeros((upper + 1, n))
    used = np.zeros(max(n - order, 0))
    used[rows] = 1.0
    count = used.size
    for lag in range(order + 1):  # entry (j, j + lag) = sum over rows r of D[r, j] * D[r, j + lag]
        for a in range(order + 1 - lag):
            # D[r, r + a] = coeffs[a]; D[r, r + a + lag] = coeffs[a + lag]; column j = r + a + lag, r = 0..count-1
            bands[upper - lag, a + lag : a + lag + count] += used * coeffs[a] * coeffs[a + lag]
    return bands


def _robust_curve(
    k: np.ndarray,
    t: np.ndarray,
    n: int,
    penalty: float,
    weights: np.ndarray | None = None,
    iterations: int = 10,
    *,
    bands: np.ndarray | None = None,
    tie: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Whittaker smoother of beat times (third differences penalised), iterated biweight weights.

    ``weights`` (one per tracked beat) start the iteration: the previous, more flexible curve's.
    ``bands`` replaces ``penalty`` times the third differences' (:func:`_penalty_bands`) with another penalty.
    ``tie`` (weights, times; each of shape (n,)) pulls each number's time towards the given time with that weight.
    """
    from scipy.linalg import solveh_banded

    penalised = penalty * _penalty_bands(n, ORDER) if bands is None else bands
    obs = np.zeros(n)
    obs[k] = t
    tie_weight, tie_times = (np.zeros(n), np.zeros(n)) if tie is None else tie
    w = np.ones(k.size) if weights is None else np.asarray(weights, np.float64).copy()
    times = np.interp(np.arange(n), k, t)
    for _ in range(iterations):
        node = np.zeros(n)
        node[k] = w
        bands = penalised.copy()
        bands[-1] += node + tie_weight
        bands[-1] += 1e-12  # nodes with no beat stay determined
        times = solveh_banded(bands, node * obs + tie_weight * tie_times)
        new = _biweight(t - times[k])
        settled = np.array_equal(new > 0, w > 0) and np.allclose(new, w, atol=1e-3)
        w = new
        if settled:
            break
    node = np.zeros(n)
    node[k] = w
    return times, node


def _effective_parameters(n: int, penalty: float, weights: np.ndarray) -> float:
    """Effective number of parameters of the Whittaker smoother (the trace of its hat matrix), approximately.

    With equal weights on every beat the ``ORDER``-th difference penalty's
    eigenvalues are about ``(2 - 2 cos(pi j / n))**ORDER`` beside the
    ``ORDER`` of its null space (polynomials); the mean weight scales the penalty.
    """
    mean = max(float(np.mean(weights)), 1e-3)
    eigen = np.append(np.zeros(ORDER), (2.0 - 2.0 * np.cos(np.pi * np.arange(1, n - ORDER + 1) / n)) ** ORDER)
    return float(np.sum(1.0 / (1.0 + penalty * eigen / mean)))


def _biweight(residual: np.ndarray) -> np.ndarray:
    u = residual / (BIWEIGHT * _robust_scale(residual))
    return np.where(np.abs(u) < 1, (1 - u**2) ** 2, 0.0)


def _robust_scale(residual: np.ndarray, weights: np.ndarray | None = None) -> float:
    """1.4826 times the median absolute deviation (of the residuals with a weight, if given), at least MIN_SPREAD."""
    r = np.asarray(residual, np.float64)
    if weights is not None:
        r = r[np.asarray(weights) > 0]
    if not r.size:
        return MIN_SPREAD
    return max(1.4826 * float(np.median(np.abs(r - np.median(r)))), MIN_SPREAD)
