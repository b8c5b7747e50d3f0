"""Rendering a walk: the beats joined on their boundaries, with a short crossfade at every jump.

:func:`render` gives the whole remix; :func:`render_blocks` the same samples a
block at a time, so a long remix is never held whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from jamwithme import checks, dsp
from jamwithme.audio import AudioClip, join_blocks, release_pages
from jamwithme.beats import Analysis
from jamwithme.errors import ParameterError
from jamwithme.remix.walking import AN_ANALYSIS, Walk

#: Total length of the crossfade at each jump, in seconds.
DEFAULT_CROSSFADE = 0.01
#: A join may make no step between samples steeper than the material has this close (seconds) to either cut.
CLICK_WINDOW = 0.01
#: Longest crossfade at a jump, in seconds.
MAX_CROSSFADE = 0.1
#: Longest fade at the end of a remix, in seconds.
MAX_FADE_OUT = 60.0


def render(
    clip: AudioClip,
    analysis: Analysis,
    take: Walk,
    *,
    crossfade: float = DEFAULT_CROSSFADE,
    fade_out: float | None = None,
) -> AudioClip:
    """Play the beats of ``clip`` in the order of a walk, with a crossfade at every jump.

    Consecutive beats are copied as they are; at a jump the end of the beat
    played and the start of the beat jumped to overlap for ``crossfade``
    seconds, centred on the beat boundary, with equal-power gains (corrected
    for how alike the two sides are, so a jump between near-identical beats
    neither swells nor dips). The remix's length is exactly ``walk.n_samples``.

    Parameters
    ----------
    clip : AudioClip [shape=(channels, n)]
        The clip analysed, or another of the same length and rate (a stem of
        the same song: the accompaniment remixes on the mix's beats).
    analysis : Analysis
    take : Walk
        From :func:`walk` on ``analysis``.
    crossfade : float
        Seconds, ``0 <= crossfade <= 0.1``; 0 butts the beats together.
    fade_out : float, optional
        Seconds of fade at the end. Default: the last beat, unless the walk
        ended on the song's real ending (then none).

    Returns
    -------
    AudioClip [shape=(channels, walk.n_samples)]

    Raises
    ------
    ParameterError
        The clip, analysis and walk do not belong together, or a parameter is
        out of range.

    Examples
    --------
    >>> take = walk(analysis, duration=180, seed=7)  # doctest: +SKIP
    >>> render(accompaniment, analysis, take).duration  # doctest: +SKIP
    180.02
    """
    return join_blocks(render_blocks(clip, analysis, take, crossfade=crossfade, fade_out=fade_out),
                       clip.sample_rate, clip.channels)  # fmt: skip


def render_blocks(
    clip: AudioClip,
    analysis: Analysis,
    take: Walk,
    *,
    crossfade: float = DEFAULT_CROSSFADE,
    fade_out: float | None = None,
    block: int | None = None,
) -> Iterator[np.ndarray]:
    """:func:`render`, as consecutive ``(channels, m)`` blocks of ``block`` samples (default 10 s).

    The joins are worked out first (a few milliseconds of audio each); then
    each block is filled from the runs of consecutive beats that reach into
    it. Memory stays at a block whatever the remix's length, and a clip
    memory-mapped from the store lets go of the pages read for each block
    (:func:`jamwithme.audio.release_pages`).
    """
    _check_fits(clip, analysis)
    checks.instance("take", take, Walk, what="a Walk from jamwithme.remix.walk")
    if take.sample_rate != analysis.sample_rate or (take.path.size and take.path.max() >= analysis.n_beats):
        raise ParameterError("this walk was made on another analysis (its beats do not match)")
    crossfade = checks.in_range("crossfade", crossfade, 0, MAX_CROSSFADE, unit="seconds")
    if fade_out is not None:
        fade_out = checks.in_range("fade_out", fade_out, 0, MAX_FADE_OUT, unit="seconds", hint="or None")
    block = block or clip.sample_rate * 10
    src = clip.samples
    total = take.n_samples
    bounds = analysis.bounds
    beats = take.path
    lengths = analysis.beat_lengths
    half = min(int(round(crossfade * clip.sample_rate / 2)), int(lengths.min()) // 4)

    # Runs of consecutive beats: output from `at`, n samples of the clip from `lo`.
    breaks = np.flatnonzero(np.diff(beats) != 1) + 1
    run_first = np.concatenate([[0], breaks])
    run_last = np.concatenate([breaks, [beats.size]]) - 1
    runs = []
    for r, (i, j) in enumerate(zip(run_first, run_last)):
        lo = 0 if r == 0 else int(bounds[beats[i]])  # the first run brings the lead-in
        hi = int(bounds[beats[j] + 1])
        if r == run_first.size - 1 and take.ended:
            hi = analysis.n_samples
        at = 0 if r == 0 else int(take.starts[i])
        runs.append((at, lo, min(hi - lo, total - at)))
    run_at = np.array([at for at, _, _ in runs], np.int64)

    def copied(t0: int, t1: int) -> np.ndarray:
        """Output samples ``t0:t1`` as the runs alone make them."""
        t0, t1 = max(t0, 0), min(t1, total)
        out = np.zeros((clip.channels, max(t1 - t0, 0)), np.float32)
        first = max(int(np.searchsorted(run_at, t0, side="right")) - 1, 0)
        for at, lo, n in runs[first:]:
            if at >= t1:
                break
            a, b = max(at, t0), min(at + n, t1)
            if a < b:
                out[:, a - t0 : b - t0] = src[:, lo + a - at : lo + b - at]
        return out

    # The joins: the end of the beat played and the start of the beat jumped to, crossfaded around the cut.
    joins = []
    if half:
        reach = int(round(CLICK_WINDOW * clip.sample_rate))
        for i, j in zip(run_first[1:], run_last[:-1]):
            at = int(take.starts[i])
            leaving = int(bounds[beats[j] + 1])  # where the old run would have gone on
            arriving = int(bounds[beats[i]])
            limit = max(_steepest(src, leaving, reach), _steepest(src, arriving, reach))
            # The samples beside the fade are plain copies: a run is at least 4 halves long.
            mixed = _join(_window(src, leaving - half, 2 * half), _window(src, arriving - half, 2 * half),
                          before=copied(at - half - 1, at - half), after=copied(at + half, at + half + 1),
                          limit=limit)  # fmt: skip
            joins.append((at - half, mixed))
    if fade_out is None:
        fade_out = 0.0 if take.ended else float(lengths[beats[-1]]) / clip.sample_rate
    fade = min(int(round(fade_out * clip.sample_rate)), total)
    if not take.ended:
        fade = max(fade, half)  # at least no click at a cut end
    ramp = (0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, fade))).astype(np.float32) if fade else None

    k = 0
    for t0 in range(0, total, block):
        t1 = min(t0 + block, total)
        out = copied(t0, t1)
        while k < len(joins) and joins[k][0] + joins[k][1].shape[1] <= t0:
            k += 1
        for start, mixed in joins[k:]:
            if start >= t1:
                break
            a, b = max(start, t0, 0), min(start + mixed.shape[1], t1)
            out[:, a - t0 : b - t0] = mixed[:, a - start : b - start]
        if fade and t1 > total - fade:
            a = max(t0, total - fade)
            out[:, a - t0 :] *= ramp[a - (total - fade) : t1 - (total - fade)]
        release_pages(clip)
        yield out


def _window(samples: np.ndarray, start: int, length: int) -> np.ndarray:
    """``samples[:, start : start + length]`` with zeros where that reaches past either end."""
    out = np.zeros((samples.shape[0], length), np.float32)
    a, b = max(start, 0), min(start + length, samples.shape[1])
    if a < b:
        out[:, a - start : b - start] = samples[:, a:b]
    return out


def _join(a: np.ndarray, b: np.ndarray, *, before=None, after=None, limit: float = np.inf) -> np.ndarray:
    """Crossfade from ``a`` to ``b`` (same shape) that keeps the level, with no step steeper than ``limit``.

    The gains are :func:`jamwithme.dsp.crossfade_gains` of shape ``"sine"``
    for the two sides' correlation: equal power for unrelated beats, no 3 dB
    bump for near-identical ones.
    Where the gains' sum (up to 1.41) would still make a step between samples
    (including the samples ``before`` and ``after`` the fade) steeper than
    ``limit``, the material's own steepest, the gains move towards equal-gain
    ones (sum 1: each sample between its two sources), which cannot.
    """
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    ga, gb = dsp.crossfade_gains(a.shape[1], rho=dsp.correlation(a64, b64), shape="sine")
    equal_out, equal_in = dsp.crossfade_gains(a.shape[1], rho=1.0, shape="linear")  # sum 1
    for weight in (0.0, 0.25, 0.5, 0.75, 1.0):
        mixed = a64 * ((1 - weight) * ga + weight * equal_out) + b64 * ((1 - weight) * gb + weight * equal_in)
        edges = [x for x in (before, mixed, after) if x is not None and x.size]
        if np.max(np.abs(np.diff(np.concatenate(edges, axis=1), axis=1))) <= limit:
            break
    return mixed.astype(np.float32)


def _steepest(samples: np.ndarray, at: int, reach: int) -> float:
    """Largest step between neighbouring samples within ``reach`` of sample ``at``."""
    part = samples[:, max(at - reach, 0) : at + reach]
    return float(np.max(np.abs(np.diff(part, axis=1)))) if part.shape[1] > 1 else 0.0


def _check_fits(clip: AudioClip, analysis: Analysis) -> None:
    checks.instance("clip", clip, AudioClip, what="an AudioClip")
    checks.instance("analysis", analysis, Analysis, what=AN_ANALYSIS)
    if clip.sample_rate != analysis.sample_rate or clip.n_samples != analysis.n_samples:
        raise ParameterError(
            f"the analysis is of a {analysis.duration:.2f} s clip at {analysis.sample_rate} Hz, this clip is "
            f"{clip.duration:.2f} s at {clip.sample_rate} Hz: analyse this clip (or a stem of the same song)"
        )
