"""Figures of a beat analysis and a remix, for the app and for reports.

Every function returns a :class:`matplotlib.figure.Figure` made with the
object API (no pyplot, so no window opens and no global state is shared
between Streamlit sessions); render it with ``st.pyplot(fig)`` or save it with
``fig.savefig(path)``. Clusters have the same colour in every figure.

- :func:`waveform_figure`: the waveform with a line on every beat (as the
  original MusicRemixer drew it), downbeats stronger; for a remix, its jumps.
- :func:`features_figure`: the per-beat chroma and timbre (MFCC) matrices.
- :func:`clusters_figure`: the cluster of each beat along the song, and the
  song as a grid of bars, so repeated sections show as repeated colours.
- :func:`jumps_figure`: the jumps of a walk as arcs over the song's timeline,
  as the Infinite Jukebox draws them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Arc, Rectangle

from jamwithme import checks
from jamwithme.audio import AudioClip
from jamwithme.beats import Analysis
from jamwithme.errors import ParameterError
from jamwithme.remix import Remix, Walk

PITCH_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
WAVE_COLOR = "#4a6fa5"
DOWNBEAT_COLOR = "#c0392b"
BACK_COLOR = "#2e86de"
AHEAD_COLOR = "#e67e22"
#: Widest figure drawn, in inches.
MAX_WIDTH = 100.0
#: Points of the waveform envelope drawn across the figure's width.
ENVELOPE_POINTS = 2000


def cluster_colors(n_clusters: int) -> np.ndarray:
    """One RGBA colour per cluster, shape ``(n_clusters, 4)``, the same in every figure.

    Examples
    --------
    >>> cluster_colors(3).shape
    (3, 4)
    """
    from matplotlib import colormaps

    if n_clusters <= 20:
        return colormaps["tab20"](np.arange(n_clusters) % 20)
    return colormaps["hsv"](np.linspace(0.0, 1.0, n_clusters, endpoint=False))


def waveform_figure(
    clip: AudioClip, analysis: Analysis | None, *, take: Walk | Remix | None = None, width: float = 12.0
) -> Figure:
    """The waveform with a line on every beat; with ``take``, the remix's waveform and its jumps.

    With ``analysis=None`` (beats not known yet) it is the plain waveform.

    Parameters
    ----------
    clip : AudioClip [shape=(channels, n)]
        The analysed clip, or with ``take`` the rendered remix.
    analysis : Analysis or None
    take : Walk or Remix, optional
        Draw the remix: beat lines where each played beat starts, jumps in red.
    width : float
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; beat lines are the collection with gid ``"beats"``, downbeats
        (or jumps) ``"downbeats"`` (``"jumps"``).

    Raises
    ------
    ParameterError
        ``clip`` and ``analysis`` (or ``take``) do not belong together.

    Examples
    --------
    >>> fig = waveform_figure(clip, analysis)  # doctest: +SKIP
    >>> fig.savefig("beats.png")  # doctest: +SKIP
    """
    checks.instance("clip", clip, AudioClip, what="an AudioClip")
    _check(analysis, width, optional=True)
    if analysis is None:
        if take is not None:
            raise ParameterError("a remix take needs the analysis it was walked on")
        fig = Figure(figsize=(width, 2.4), layout="constrained")
        _draw_waveform(fig.add_subplot(), clip)
        return fig
    walk_ = _as_walk(take)
    expected = analysis.n_samples if walk_ is None else walk_.n_samples
    if clip.n_samples != expected:
        raise ParameterError(
            f"the clip ({clip.n_samples} samples) is not the "
            f"{'analysed clip' if walk_ is None else 'rendered remix'} ({expected} samples)"
        )
    fig = Figure(figsize=(width, 3.0), layout="constrained")
    ax = fig.add_subplot()
    peak = _draw_waveform(ax, clip)
    sr = analysis.sample_rate
    if walk_ is None:
        onsets = analysis.beat_times
        down = analysis.beat_in_bar == 0
        ax.vlines(onsets[~down], -peak, peak, color="0.55", linewidth=0.5, zorder=2, gid="beats")
        ax.vlines(onsets[down], -peak, peak, color=DOWNBEAT_COLOR, linewidth=0.9, zorder=3, gid="downbeats")
        ax.set_title(
            f"{analysis.tempo:.0f} BPM · {analysis.n_beats} beats · "
            f"{analysis.beats_per_bar} beats per bar (red: downbeats)"
        )
    else:
        ax.vlines(walk_.starts / sr, -peak, peak, color="0.55", linewidth=0.5, zorder=2, gid="beats")
        jump_times = np.array([j.time for j in walk_.jumps])
        ax.vlines(jump_times, -peak, peak, color=DOWNBEAT_COLOR, linewidth=1.2, zorder=3, gid="jumps")
        ax.set_title(f"remix: {walk_.path.size} beats played, {walk_.n_jumps} jumps (red)")
    return fig


def features_figure(analysis: Analysis, *, width: float = 12.0) -> Figure:
    """The per-beat feature matrices: chroma (harmony) above, MFCC (timbre) below.

    Parameters
    ----------
    analysis : Analysis
    width : float
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes sharing the beat axis, each with an image of shape
        ``(n_bins, n_beats)``.

    Examples
    --------
    >>> features_figure(analysis).axes[0].get_ylabel()  # doctest: +SKIP
    'pitch class'
    """
    _check(analysis, width)
    fig = Figure(figsize=(width, 5.0), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[1.2, 1.0])
    extent = (-0.5, analysis.n_beats - 0.5)
    n_chroma = analysis.chroma.shape[0]
    image = top.imshow(
        analysis.chroma, aspect="auto", origin="lower", interpolation="nearest", cmap="magma",
        extent=(*extent, -0.5, n_chroma - 0.5),
    )  # fmt: skip
    per_pitch = n_chroma / 12
    top.set_yticks(np.arange(12) * per_pitch, PITCH_NAMES)
    top.set_ylabel("pitch class")
    top.set_title(f"chroma per beat ({n_chroma} bins per octave)")
    fig.colorbar(image, ax=top, label="relative energy")
    mfcc = analysis.mfcc[1:]
    z = (mfcc - mfcc.mean(axis=1, keepdims=True)) / np.maximum(mfcc.std(axis=1, keepdims=True), 1e-9)
    image = bottom.imshow(
        z, aspect="auto", origin="lower", interpolation="nearest", cmap="coolwarm", vmin=-3, vmax=3,
        extent=(*extent, 0.5, mfcc.shape[0] + 0.5),
    )  # fmt: skip
    bottom.set_ylabel("MFCC")
    bottom.set_title(f"timbre per beat (MFCC 1-{mfcc.shape[0]}, standardised)")
    bottom.set_xlabel("beat")
    fig.colorbar(image, ax=bottom, label="standard deviations")
    for ax in (top, bottom):
        downbeats = np.flatnonzero(analysis.beat_in_bar == 0)
        ax.vlines(downbeats - 0.5, *ax.get_ylim(), color="white", linewidth=0.3, alpha=0.5)
    return fig


def clusters_figure(analysis: Analysis, *, width: float = 12.0) -> Figure:
    """The cluster of each beat along the song, and the song laid out bar by bar.

    Parameters
    ----------
    analysis : Analysis
    width : float
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        Top axes: one mark per beat at (time, cluster). Bottom axes: a grid
        with a row per bar and a column per beat in the bar, coloured by
        cluster, so verses and choruses show as repeated rows.

    Examples
    --------
    >>> clusters_figure(analysis).savefig("clusters.png")  # doctest: +SKIP
    """
    _check(analysis, width)
    k = analysis.n_clusters
    colors = cluster_colors(k)
    grid, row_starts = _bar_grid(analysis)
    fig = Figure(figsize=(width, 3.0 + min(0.12 * grid.shape[0], 6.0)), layout="constrained")
    top, bottom = fig.subplots(2, 1, height_ratios=[1.0, max(1.0, min(grid.shape[0] / 16, 3.0))])
    times = analysis.beat_times
    top.scatter(times, analysis.labels, c=colors[analysis.labels], s=14, marker="s", linewidths=0, gid="beats")
    if k <= 20:
        top.set_yticks(np.arange(k))
    top.set_ylim(-0.7, k - 0.3)
    top.set_xlim(0, analysis.duration)
    top.set_xlabel("time (s)")
    top.set_ylabel("cluster")
    top.set_title(f"{k} clusters of similar beats along the song")

    cmap = ListedColormap(np.vstack([[1, 1, 1, 1], colors]))
    bottom.imshow(grid + 1, cmap=cmap, vmin=0, vmax=k, aspect="auto", interpolation="nearest")
    bottom.set_xticks(np.arange(analysis.beats_per_bar), [str(b + 1) for b in range(analysis.beats_per_bar)])
    step = max(1, grid.shape[0] // 12)
    rows = np.arange(0, grid.shape[0], step)
    bottom.set_yticks(rows, [f"{times[row_starts[r]]:.0f} s" for r in rows])
    bottom.set_xlabel("beat in the bar")
    bottom.set_title("bar by bar (same colour, same kind of beat)")
    return fig


def jumps_figure(analysis: Analysis, take: Walk | Remix, *, width: float = 12.0) -> Figure:
    """The jumps of a walk as arcs over the song's timeline, as the Infinite Jukebox draws them.

    The song runs left to right as a strip of beats coloured by cluster; each
    jump is an arc from the end of the beat it leaves to the start of the beat
    it lands on, above the strip for jumps back (blue), below for jumps ahead
    (orange); dashed where the walk had to jump to avoid a dead end.

    Parameters
    ----------
    analysis : Analysis
    take : Walk or Remix
        A walk on ``analysis``.
    width : float
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; the arcs are its :class:`~matplotlib.patches.Arc` patches
        with gid ``"jump"``, one per jump.

    Raises
    ------
    ParameterError
        ``take`` is not a walk on this analysis.

    Examples
    --------
    >>> fig = jumps_figure(remix.analysis, remix)  # doctest: +SKIP
    """
    _check(analysis, width)
    walk_ = _as_walk(take)
    if walk_ is None or (walk_.path.size and walk_.path.max() >= analysis.n_beats):
        raise ParameterError("take must be a Walk or Remix made on this analysis")
    fig = Figure(figsize=(width, 4.0), layout="constrained")
    ax = fig.add_subplot()
    colors = cluster_colors(analysis.n_clusters)
    sr = analysis.sample_rate
    starts, lengths = analysis.bounds[:-1] / sr, analysis.beat_lengths / sr
    strip = 0.06
    for i in range(analysis.n_beats):
        ax.add_patch(
            Rectangle((starts[i], -strip), lengths[i], 2 * strip, facecolor=colors[analysis.labels[i]],
                      edgecolor="none", gid="beat")
        )  # fmt: skip
    duration = analysis.duration
    for jump in walk_.jumps:
        x0 = analysis.bounds[jump.source + 1] / sr
        x1 = analysis.bounds[jump.target] / sr
        span = abs(x1 - x0)
        height = 2.0 * (0.15 + 0.85 * span / duration)
        back = x1 < x0
        ax.add_patch(
            Arc(((x0 + x1) / 2, strip if back else -strip), span, height,
                theta1=0 if back else 180, theta2=180 if back else 360,
                color=BACK_COLOR if back else AHEAD_COLOR, linewidth=1.2, alpha=0.75,
                linestyle="--" if jump.forced else "-", gid="jump")
        )  # fmt: skip
    ax.set_xlim(0, duration)
    ax.set_ylim(-1.1, 1.1)
    ax.set_yticks([])
    ax.set_xlabel("time in the song (s)")
    ax.set_title(
        f"{walk_.n_jumps} jumps in a {walk_.duration:.0f} s remix "
        "(above: back, below: ahead, dashed: to avoid a dead end)"
    )
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return fig


def _check(analysis, width, *, optional: bool = False) -> None:
    if analysis is not None or not optional:
        checks.instance("analysis", analysis, Analysis, what="an Analysis from jamwithme.beats.analyze")
    checks.positive("width", width, hi=MAX_WIDTH, unit="inches")


def _as_walk(take) -> Walk | None:
    if take is None:
        return None
    take = checks.instance("take", take, (Walk, Remix), what="a Walk or Remix")
    return take.walk if isinstance(take, Remix) else take


def _draw_waveform(ax, clip: AudioClip) -> float:
    """The clip's envelope on ``ax``, with its time axis; returns the envelope's peak (for lines over it)."""
    times, low, high = _envelope(clip.mono(), clip.sample_rate)
    ax.fill_between(times, low, high, color=WAVE_COLOR, linewidth=0, zorder=1)
    peak = max(float(np.max(np.abs([low, high]))), 1e-6)
    ax.set_xlim(0, clip.duration)
    ax.set_ylim(-1.05 * peak, 1.05 * peak)
    ax.set_xlabel("time (s)")
    ax.set_yticks([])
    return peak


def to_png(fig: Figure, *, dpi: int = 100) -> bytes:
    """Render a figure to PNG bytes (for ``st.image``, the API, or a file)."""
    import io

    checks.integer("dpi", dpi, 10, 1000)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _envelope(y: np.ndarray, sample_rate: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Min and max of ``y`` over ``ENVELOPE_POINTS`` equal slices, with the slices' centre times."""
    per = max(1, y.size // ENVELOPE_POINTS)
    usable = (y.size // per) * per
    blocks = y[:usable].reshape(-1, per)
    times = (np.arange(blocks.shape[0]) + 0.5) * per / sample_rate
    return times, blocks.min(axis=1), blocks.max(axis=1)


def _bar_grid(analysis: Analysis) -> tuple[np.ndarray, np.ndarray]:
    """Clusters as a ``(n_bars, beats_per_bar)`` grid (-1 where a bar is incomplete) and each row's first beat."""
    pos = analysis.beat_in_bar
    m = analysis.beats_per_bar
    # A new row at every downbeat, and wherever the position does not advance (a slip).
    new_row = np.ones(pos.size, bool)
    new_row[1:] = (pos[1:] == 0) | (pos[1:] <= pos[:-1])
    row = np.cumsum(new_row) - 1
    grid = np.full((int(row[-1]) + 1, m), -1, np.int64)
    grid[row, pos] = analysis.labels
    return grid, np.flatnonzero(new_row)
