"""Practice tools: A–B loops, count-in, metronome and export names.

Beats and bars come from the song's :class:`~jamwithme.analysis.grid.Grid`
(the one stored with its analysis; :func:`detect_beats` tracks one for a clip
that has none): the tempo a drummer counts, beats on a tempo model and on
their attacks, so a loop snapped to beats starts on the hit, not just after
it, lasts whole beats of the real tempo, and a count-in lines up with the
song's first beat at the tempo of the bars it leads into.

A loop repeats the section ``[start, end)``; at each join the end of the
section fades out while the audio just before ``start`` fades in, over a short
crossfade that ends exactly where the next repeat starts. The crossfade keeps
the power constant for the correlation of the two sides (equal-power for
unrelated material, which is what music gives; linear for material in phase),
so a join never steps further from one sample to the next than the music does
around it, and the downbeat of each repeat is played at full level.

The package by job: :mod:`~jamwithme.practice.loops` (the loop and its
joins, a grid for a clip with none), :mod:`~jamwithme.practice.clicks`
(click, count-in, metronome), :mod:`~jamwithme.practice.names` (export file
names); here :func:`practice_loop`, all of them together.
"""

from __future__ import annotations

import numpy as np

from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip
from jamwithme.practice.clicks import (
    ACCENT_HZ,
    CLICK_HZ,
    CLICK_SECONDS,
    MAX_BEATS_PER_BAR,
    MAX_BPM,
    MAX_COUNT_IN_BARS,
    MIN_BPM,
    SILENT_LEAD_DB,
    add_metronome,
    click,
    count_in,
    count_in_clicks,
)
from jamwithme.practice.loops import (
    DEFAULT_CROSSFADE,
    EDGE_FADE,
    LOOP_BLOCK,
    LOOP_SHAPE,
    MAX_CROSSFADE,
    MAX_REPEAT,
    detect_beats,
    loop,
    loop_blocks,
    loop_bounds,
)
from jamwithme.practice.names import export, export_filename

__all__ = [
    "ACCENT_HZ",
    "CLICK_HZ",
    "CLICK_SECONDS",
    "DEFAULT_CROSSFADE",
    "EDGE_FADE",
    "LOOP_BLOCK",
    "LOOP_SHAPE",
    "MAX_BEATS_PER_BAR",
    "MAX_BPM",
    "MAX_COUNT_IN_BARS",
    "MAX_CROSSFADE",
    "MAX_REPEAT",
    "MIN_BPM",
    "SILENT_LEAD_DB",
    "add_metronome",
    "click",
    "count_in",
    "count_in_clicks",
    "detect_beats",
    "export",
    "export_filename",
    "loop",
    "loop_blocks",
    "loop_bounds",
    "practice_loop",
]


def practice_loop(
    clip: AudioClip,
    *,
    start: float,
    end: float,
    repeat: int = 4,
    snap: bool = False,
    count_in_bars: int = 0,
    metronome: bool = False,
    beats_per_bar: int | None = None,
    grid: Grid | None = None,
    crossfade: float = DEFAULT_CROSSFADE,
) -> AudioClip:
    """A loop to practise with: the section repeated, optionally with a metronome under it and a count-in before it.

    The clicks follow the song's grid (tracked once on the whole song when
    not given: more reliable than on the section); the count-in takes the
    grid's tempo over the looped bars.

    Parameters
    ----------
    clip : AudioClip
        The song, ``samples`` of shape ``(channels, n)``.
    start, end, repeat, snap, crossfade
        As for :func:`loop`.
    count_in_bars : int
        Bars of count-in clicks before the loop (0 for none).
    metronome : bool
        Mix a click under every beat of the loop.
    beats_per_bar : int, optional
        For the accents of count-in and metronome; default the grid's bars.
    grid : Grid, optional
        The song's beat grid (its stored analysis'); tracked if needed and not given.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, c + repeat * m)`` (``c`` the count-in length, see :func:`count_in`).

    Raises
    ------
    ParameterError
        Anything :func:`loop` or :func:`count_in` refuses.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100 * 4), np.float32))
    >>> grid = Grid.from_times(np.arange(8) * 0.5)
    >>> practice_loop(clip, start=1.0, end=3.0, repeat=2, count_in_bars=1, grid=grid).duration
    6.0
    """
    if grid is None and (snap or count_in_bars or metronome):
        grid = detect_beats(clip)
    start, end = loop_bounds(clip, start=start, end=end, snap=snap, grid=grid)
    out = loop(clip, start=start, end=end, repeat=repeat, crossfade=crossfade)
    if grid is None:
        return out
    m = out.n_samples // repeat
    inside = (grid.beats >= start - 1e-6) & (grid.beats < end - 1e-6)
    looped = Grid(
        np.concatenate([grid.beats[inside] - start + k * m / clip.sample_rate for k in range(repeat)]),
        np.tile(grid.beat_in_bar[inside], repeat), grid.time_signature, grid.tempo, grid.steady,
    )  # fmt: skip
    if metronome:
        out = add_metronome(out, grid=looped, beats_per_bar=beats_per_bar)
    tempo = grid.tempo_over(start, end)
    return count_in(out, bars=count_in_bars, beats_per_bar=beats_per_bar, grid=looped, tempo=tempo)
