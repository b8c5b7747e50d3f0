"""Practice tools: A–B loops, the click and the count-in's count, export names.

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
(the click, how a count-in counts, a grid's bars for the accents),
:mod:`~jamwithme.practice.names` (export file names). They are put together
in one place, :mod:`jamwithme.export` ("Export what I hear"), which also
renders the loops of ``jamwithme loop`` and the service's practice job.
"""

from __future__ import annotations

from jamwithme.practice.clicks import (
    ACCENT_HZ,
    CLICK_HZ,
    CLICK_SECONDS,
    MAX_BEATS_PER_BAR,
    MAX_COUNT_IN_BARS,
    click,
    count_in_clicks,
    rebar,
)
from jamwithme.practice.loops import (
    DEFAULT_CROSSFADE,
    EDGE_FADE,
    LOOP_BLOCK,
    LOOP_SHAPE,
    MAX_REPEAT,
    detect_beats,
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
    "MAX_COUNT_IN_BARS",
    "MAX_REPEAT",
    "click",
    "count_in_clicks",
    "detect_beats",
    "export",
    "export_filename",
    "loop_blocks",
    "loop_bounds",
    "rebar",
]
