"""A–B loops: the section repeated, joined by a short crossfade that keeps the power; a grid for a clip with none.

A loop repeats the section ``[start, end)``; at each join the end of the
section fades out while the audio just before ``start`` fades in, over a short
crossfade that ends exactly where the next repeat starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import numpy as np

from jamwithme import checks, dsp
from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError

logger = logging.getLogger("jamwithme")

DEFAULT_CROSSFADE = 0.010
#: Path of the loop's crossfades (:func:`jamwithme.dsp.crossfade_gains`): a linear fade for material in phase.
LOOP_SHAPE = "linear"
#: Fade at the very start of a loop export: short enough to keep the first attack.
EDGE_FADE = 0.002
MAX_REPEAT = 100


def detect_beats(clip: AudioClip) -> Grid:
    """Find the beat grid of a clip (:func:`jamwithme.analysis.rhythm.track`), for a clip with no stored analysis.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``; a few seconds at least.

    Returns
    -------
    Grid
        Beats on the tempo model, on their attacks, with bars and metre.

    Raises
    ------
    ParameterError
        No beat found (silence, or no steady pulse).

    Examples
    --------
    >>> clicks = np.zeros(44100 * 6, np.float32)
    >>> clicks[:: 22050] = 1.0
    >>> round(detect_beats(AudioClip(np.stack([clicks, clicks]))).tempo)
    120
    """
    from jamwithme.analysis.rhythm import track

    found = track(clip)
    if found.n_beats < 2:
        raise ParameterError("no beat found in the clip (silent, or no steady pulse); give the tempo instead")
    logger.info("%d beats, %.1f BPM, %s", found.n_beats, found.tempo, found.time_signature)
    return found


def loop_bounds(
    clip: AudioClip, *, start: float, end: float, snap: bool = False, grid: Grid | None = None
) -> tuple[float, float]:
    """Validate an A–B section and, if asked, snap both ends to the nearest beats.

    Parameters
    ----------
    clip : AudioClip
        The song, ``samples`` of shape ``(channels, n)``.
    start, end : float
        Seconds from the start of the clip, ``0 <= start < end <= duration``.
    snap : bool
        Move ``start`` and ``end`` to their nearest beats.
    grid : Grid, optional
        The beat grid of ``clip`` (its stored analysis'); tracked if needed and not given.

    Returns
    -------
    (float, float)
        ``(start, end)`` in seconds.

    Raises
    ------
    ParameterError
        Not numbers, outside the clip, ``start >= end``, or both snapping to one beat.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100 * 4), np.float32))
    >>> loop_bounds(clip, start=1.1, end=2.9, snap=True, grid=Grid.from_times(np.arange(8) * 0.5))
    (1.0, 3.0)
    """
    start = checks.finite("start", start, unit="seconds")
    end = checks.finite("end", end, unit="seconds")
    if not 0.0 <= start < end <= clip.duration + 0.5 / clip.sample_rate:
        raise ParameterError(
            f"start={start:g} s and end={end:g} s must satisfy 0 <= start < end <= {clip.duration:.2f} s "
            "(the length of the song)"
        )
    if snap:
        grid = grid if grid is not None else detect_beats(clip)
        snapped = grid.nearest(start), grid.nearest(end)
        if snapped[0] >= snapped[1]:
            raise ParameterError(
                f"start={start:g} s and end={end:g} s both snap to the beat at {snapped[0]:.2f} s; "
                "choose a longer section or turn snapping off"
            )
        logger.info("loop %.3f-%.3f s snapped to beats %.3f-%.3f s", start, end, *snapped)
        start, end = snapped
    return start, end


#: Samples :func:`loop_blocks` hands out at a time (24 s at 44.1 kHz).
LOOP_BLOCK = 1 << 20


def loop_blocks(
    samples: np.ndarray,
    a: int,
    b: int,
    *,
    repeat: int,
    fade: int,
    sample_rate: int,
    block: int = LOOP_BLOCK,
    read: Callable[[int, int], None] | None = None,
) -> Iterator[np.ndarray]:
    """:func:`loop` of samples ``a:b`` as consecutive float32 ``(channels, m)`` blocks, each at most ``block`` long.

    Each join crossfades the end of the section into the ``fade`` samples
    just before ``a`` (silence where there are none), ending where the next
    pass starts; the first pass fades in over :data:`EDGE_FADE`, the last
    fades out over ``fade``. ``samples`` may be a memory map: it is read a
    block at a time, and ``read(lo, hi)`` is called after each read (e.g. to
    let go of the pages). The caller has checked the arguments.

    Raises
    ------
    ParameterError
        A section no longer than two crossfades.

    Examples
    --------
    >>> x = np.ones((2, 1000), np.float32)
    >>> sum(part.shape[1] for part in loop_blocks(x, 100, 600, repeat=3, fade=10, sample_rate=44100))
    1500
    """
    m = b - a
    if m <= 2 * fade:
        raise ParameterError(
            f"the section {a / sample_rate:g}-{b / sample_rate:g} s is {m / sample_rate * 1000:.0f} ms long; it must "
            f"be longer than twice the crossfade ({2 * fade / sample_rate * 1000:.0f} ms)"
        )
    tail = np.array(samples[:, b - fade : b], np.float32)
    lead_in = np.zeros_like(tail)  # the audio just before `a`, silence where the song has none
    lead_in[:, fade - min(fade, a) :] = samples[:, a - min(fade, a) : a]
    joined = dsp.crossfade(tail, lead_in, shape=LOOP_SHAPE) if fade else tail
    last = tail * dsp.crossfade_gains(fade, shape=LOOP_SHAPE)[0] if fade else tail
    edge = min(round(EDGE_FADE * sample_rate), m)
    fade_in = dsp.crossfade_gains(edge)[1] if edge else None
    for k in range(repeat):
        for lo in range(a, b - fade, block):
            hi = min(b - fade, lo + block)
            part = np.array(samples[:, lo:hi], np.float32)
            if read is not None:
                read(lo, hi)
            if k == 0 and lo < a + edge:  # in from silence: sin(πt/2), over as many blocks as it spans
                n = min(a + edge, hi) - lo
                part[:, :n] *= fade_in[lo - a : lo - a + n]
            yield part
        if fade:
            join = (joined if k < repeat - 1 else last).astype(np.float32)
            for lo in range(0, fade, block):  # a crossfade longer than a block goes out in pieces too
                yield join[:, lo : lo + block]
