"""Figures of the analysis and the remix: figure objects with the right content, no window opened."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import sine, stereo
from matplotlib.figure import Figure
from matplotlib.patches import Arc
from synth_music import four_chord_track

from jamwithme import figures
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError
from jamwithme.remix import beat_remix


@pytest.fixture(scope="module")
def remix():
    clip, _ = four_chord_track(cycles=6)
    return clip, beat_remix(clip, duration=120.0, seed=2, temperature=2.0)


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before  # made with the object API: nothing registered, no window


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


def segments(ax, gid: str) -> int:
    return sum(len(c.get_segments()) for c in ax.collections if c.get_gid() == gid)


def test_waveform_with_beat_lines(remix, artifacts):
    clip, r = remix
    analysis = r.analysis
    fig = figures.waveform_figure(clip, analysis)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    downbeats = int(np.sum(analysis.beat_in_bar == 0))
    assert segments(ax, "downbeats") == downbeats
    assert segments(ax, "beats") == analysis.n_beats - downbeats
    assert ax.get_xlim() == pytest.approx((0, clip.duration))
    (artifacts / "remix_waveform.png").write_bytes(png(fig))


def test_waveform_of_the_remix_marks_its_jumps(remix):
    _, r = remix
    fig = figures.waveform_figure(r.clip, r.analysis, take=r)
    (ax,) = fig.axes
    assert segments(ax, "beats") == r.path.size
    assert segments(ax, "jumps") == r.n_jumps
    assert png(fig).startswith(b"\x89PNG")


def test_feature_matrices(remix, artifacts):
    _, r = remix
    analysis = r.analysis
    fig = figures.features_figure(analysis)
    chroma_ax, mfcc_ax = fig.axes[:2]
    assert chroma_ax.images[0].get_array().shape == (12, analysis.n_beats)
    assert mfcc_ax.images[0].get_array().shape == (analysis.mfcc.shape[0] - 1, analysis.n_beats)
    assert [t.get_text() for t in chroma_ax.get_yticklabels()][:3] == ["C", "C#", "D"]
    (artifacts / "remix_features.png").write_bytes(png(fig))


def test_clusters_along_the_song(remix, artifacts):
    _, r = remix
    analysis = r.analysis
    fig = figures.clusters_figure(analysis)
    timeline, bars = fig.axes[:2]
    (marks,) = [c for c in timeline.collections if c.get_gid() == "beats"]
    offsets = marks.get_offsets()
    assert len(offsets) == analysis.n_beats
    assert np.array_equal(np.asarray(offsets)[:, 1], analysis.labels)
    grid = bars.images[0].get_array()
    assert grid.shape == (int(np.ceil(analysis.n_beats / 4)) + (analysis.beat_in_bar[0] != 0), 4)
    (artifacts / "remix_clusters.png").write_bytes(png(fig))


def test_jumps_as_arcs(remix, artifacts):
    _, r = remix
    fig = figures.jumps_figure(r.analysis, r)
    (ax,) = fig.axes
    arcs = [p for p in ax.patches if isinstance(p, Arc) and p.get_gid() == "jump"]
    assert len(arcs) == r.n_jumps > 0
    sr = r.analysis.sample_rate
    for arc, jump in zip(arcs, r.jumps):
        left, right = sorted([r.analysis.bounds[jump.source + 1] / sr, r.analysis.bounds[jump.target] / sr])
        assert arc.center[0] == pytest.approx((left + right) / 2)
        assert arc.width == pytest.approx(right - left)
    assert sum(p.get_gid() == "beat" for p in ax.patches) == r.analysis.n_beats
    # The walk alone draws the same.
    assert len(figures.jumps_figure(r.analysis, r.walk).axes[0].patches) == len(ax.patches)
    (artifacts / "remix_jumps.png").write_bytes(png(fig))


def test_cluster_colors_are_stable():
    assert np.array_equal(figures.cluster_colors(5), figures.cluster_colors(12)[:5])
    assert figures.cluster_colors(40).shape == (40, 4)


def test_mismatched_inputs_are_refused(remix):
    clip, r = remix
    with pytest.raises(ParameterError, match="not the analysed clip"):
        figures.waveform_figure(AudioClip(clip.samples[:, :1000]), r.analysis)
    with pytest.raises(ParameterError, match="rendered remix"):
        figures.waveform_figure(clip, r.analysis, take=r)
    with pytest.raises(ParameterError, match="Walk or Remix"):
        figures.jumps_figure(r.analysis, "walk")


def test_plain_waveform_before_beats_are_known_and_png():
    from jamwithme.figures import to_png, waveform_figure

    clip = stereo(sine(440, 1.0))
    fig = waveform_figure(clip, None)
    assert len(fig.axes) == 1 and not any(c.get_gid() == "beats" for c in fig.axes[0].collections)
    png = to_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
