"""Beat analysis: beats, bars, per-beat features and clusters, checked against music with a known answer."""

from __future__ import annotations

import dataclasses

import librosa
import numpy as np
import pytest
from conftest import DRUM_BASS, FISHIN, VIBE_ACE, click_track, shared_file, sine, stereo
from synth_music import PROGRESSION, four_chord_track

from jamwithme.audio import AudioClip, load
from jamwithme.beats import Analysis, analyze, bar_positions, cluster_beats
from jamwithme.errors import ParameterError


@pytest.fixture(scope="module")
def song():
    """64 s of C-G-Am-F at 120 BPM in 4/4, and the truth about every beat."""
    return four_chord_track()


@pytest.fixture(scope="module")
def analysis(song) -> Analysis:
    return analyze(song[0])


def test_beats_fall_just_before_each_true_attack(song, analysis):
    clip, truth = song
    assert analysis.tempo == pytest.approx(truth.bpm, rel=0.02)
    nearest = truth.beat_of(analysis.beat_times)
    # Every beat, in order; the tracker may leave out the last (a ringing chord).
    assert analysis.n_beats >= truth.beat_times.size - 1
    assert np.array_equal(nearest, np.arange(analysis.n_beats))
    early = truth.beat_times[nearest] - analysis.beat_times
    # Cuts sit ~10 ms before the attack: never after it, never far before it (the song starts on its first
    # beat: that one is at the first sample, as early as a cut can be).
    assert early[1:].min() > 0.0 and early[0] >= 0.0
    assert early.max() < 0.02
    assert analysis.bounds.dtype == np.int64
    assert np.all(np.diff(analysis.bounds) > 0)
    assert analysis.bounds[-1] <= clip.n_samples


def test_downbeats_are_found(song, analysis):
    _, truth = song
    assert analysis.beats_per_bar == 4
    assert np.array_equal(analysis.beat_in_bar, truth.position[truth.beat_of(analysis.beat_times)])


@pytest.mark.parametrize("beats_per_bar", [3, 4])
def test_meter_is_estimated_when_not_given(beats_per_bar):
    clip, truth = four_chord_track(beats_per_bar=beats_per_bar, cycles=5, bpm=132)
    found = analyze(clip, beats_per_bar=None)
    assert found.beats_per_bar == beats_per_bar
    assert np.array_equal(found.beat_in_bar, truth.position[truth.beat_of(found.beat_times)])


def test_chosen_clusters_each_hold_one_chord(song, analysis):
    _, truth = song
    chord = truth.chord[truth.beat_of(analysis.beat_times)]
    assert 4 <= analysis.n_clusters <= analysis.n_beats // 8
    for cluster in range(analysis.n_clusters):
        chords = np.unique(chord[analysis.labels == cluster])
        assert chords.size == 1, f"cluster {cluster} mixes chords {chords}"
    # Labels are numbered in order of first appearance.
    _, first = np.unique(analysis.labels, return_index=True)
    assert np.all(np.diff(first) > 0)


def test_given_clusters_are_used_and_reclustering_is_cheap(analysis):
    eight = analysis.with_clusters(8)
    assert eight.n_clusters == 8
    assert set(np.unique(eight.labels)) == set(range(8))
    assert eight.bounds is analysis.bounds  # nothing but the clusters is recomputed
    assert analysis.with_clusters(analysis.n_clusters) is analysis
    assert eight.with_clusters(8) is eight
    again = analysis.with_clusters(8)
    assert np.array_equal(again.labels, eight.labels)  # fixed random state


@pytest.mark.parametrize("n_chroma", [12, 50])
def test_beat_synchronous_features(song, n_chroma):
    clip, truth = song
    a = analyze(clip, n_chroma=n_chroma, n_mfcc=20, clusters=4)
    assert a.chroma.shape == (n_chroma, a.n_beats)
    assert a.mfcc.shape == (20, a.n_beats)
    assert a.chroma.dtype == a.mfcc.dtype == np.float32
    assert a.n_clusters == 4
    # The strongest pitch class of each beat is a note of its chord.
    names = list(PROGRESSION)
    chord = truth.chord[truth.beat_of(a.beat_times)]
    strongest = np.round(np.argmax(a.chroma, axis=0) * 12 / n_chroma).astype(int) % 12
    for beat, pitch in enumerate(strongest):
        notes = {m % 12 for m in PROGRESSION[names[chord[beat]]]}
        assert pitch in notes, f"beat {beat}: pitch class {pitch} not in {names[chord[beat]]}"


def test_tightness_and_start_bpm_reach_the_beat_tracker(song, monkeypatch):
    seen = {}
    real = librosa.beat.beat_track

    def spy(**kwargs):
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(librosa.beat, "beat_track", spy)
    analyze(song[0], tightness=400.0, start_bpm=90.0)
    assert seen["tightness"] == 400.0
    assert seen["start_bpm"] == 90.0


def test_any_clip_mono_or_click_track():
    y, times = click_track(bpm=120.0, seconds=10.0)
    a = analyze(AudioClip(y[None, :], 44100))
    assert a.tempo == pytest.approx(120.0, rel=0.02)
    assert abs(a.n_beats - times.size) <= 1


def test_analysis_is_immutable(analysis):
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.tempo = 1.0
    with pytest.raises(ValueError):
        analysis.labels[0] = 3


def test_bar_positions_keep_a_short_bar_the_music_of_many_bars_after_it_says_is_there():
    evidence = np.zeros(80)
    evidence[0:40:4] = 3.0  # ten bars start at 0, 4, 8 ...
    evidence[42::4] = 3.0  # ... then a 2/4 bar: downbeats on 42, 46, ... to the end
    pos = bar_positions(evidence, beats_per_bar=4)
    assert list(pos[:42]) == [0, 1, 2, 3] * 10 + [0, 1]
    assert list(pos[42:]) == ([0, 1, 2, 3] * 10)[:38]
    assert list(bar_positions(evidence[:48], beats_per_bar=4)[40:]) == [0, 1, 2, 3] * 2  # two bars say too little


def test_bar_positions_keep_the_metre_through_a_lone_accent_and_never_run_a_bar_long():
    evidence = np.zeros(40)
    evidence[0::4] = 2.0
    evidence[[21, 22]] = 6.0  # a crash on beat 2 and 3 of one bar: no bar changes length for it
    pos = bar_positions(evidence, beats_per_bar=4)
    assert list(pos) == [0, 1, 2, 3] * 10
    late = np.zeros(80)
    late[0:40:4] = 3.0
    late[41::4] = 3.0  # bars a beat late after beat 40: a 5-beat bar would fit, only a 3-beat one is allowed
    found = bar_positions(late, beats_per_bar=4)
    lengths = np.diff(np.flatnonzero(found == 0))
    assert lengths.max() <= 4 and np.count_nonzero(lengths != 4) == 1


@pytest.mark.parametrize("cost", [0.0, 1.0, 30.0, 400.0])
@pytest.mark.parametrize("seed", range(4))
def test_the_local_tempos_path_is_the_best_of_all_paths(seed, cost):
    """_smooth_path against every path of a small comb: its total (score less cost per squared octave) is the best."""
    import itertools

    from jamwithme.analysis.periodicity import _smooth_path

    rng = np.random.default_rng(seed)
    octaves = np.log2(120 * np.geomspace(1 / 1.3, 1.3, 5))
    scores = rng.uniform(-0.5, 1.0, (6, 5))
    scores[:, 3] = scores[:, 2]  # two neighbouring tempos read at the same lags, as real combs do

    def total(path) -> float:
        path = np.asarray(path)
        return scores[np.arange(path.size), path].sum() - cost * np.square(np.diff(octaves[path])).sum()

    best = max(total(p) for p in itertools.product(range(5), repeat=6))
    found = _smooth_path(scores, octaves, cost)
    assert found.dtype == np.int64 and found.shape == (6,)
    assert total(found) == pytest.approx(best, abs=1e-12)


def test_cluster_beats_labels_in_order_of_appearance():
    features = np.array([[5.0, 5.1, 0.0, 0.1, 5.0, 9.0, 9.1]])
    labels = cluster_beats(features, np.zeros(7), clusters=3)
    assert list(labels) == [0, 0, 1, 1, 0, 2, 2]


@pytest.mark.parametrize(
    "kwargs, bad",
    [
        ({"tightness": 0}, "tightness=0"),
        ({"tightness": float("nan")}, "tightness=nan"),
        ({"start_bpm": 10}, "start_bpm=10"),
        ({"beats_per_bar": 1}, "beats_per_bar=1"),
        ({"n_chroma": 2}, "n_chroma=2"),
        ({"n_mfcc": 1}, "n_mfcc=1"),
        ({"timbre_weight": -1}, "timbre_weight=-1"),
        ({"clusters": 0}, "clusters=0"),
        ({"clusters": 2.5}, "clusters=2.5"),
        ({"random_state": -2}, "random_state=-2"),
    ],
)
def test_bad_parameters_are_refused(kwargs, bad):
    clip = stereo(click_track(seconds=6.0)[0])
    with pytest.raises(ParameterError, match=bad.replace("(", r"\(")):
        analyze(clip, **kwargs)


def test_too_many_clusters_is_refused(analysis):
    with pytest.raises(ParameterError, match="clusters=1000"):
        analysis.with_clusters(1000)


@pytest.mark.parametrize(
    "clip, why",
    [
        (stereo(sine(seconds=3.0)), "beats"),  # no pulse at all
        (stereo(np.zeros(44100 * 3, np.float32)), "beats"),  # silence
        (stereo(sine(seconds=0.02)), "too short"),
        ("song.wav", "AudioClip"),
    ],
)
def test_clips_without_beats_are_refused(clip, why):
    with pytest.raises(ParameterError, match=why):
        analyze(clip)


@pytest.mark.slow
@pytest.mark.parametrize("path", [FISHIN, VIBE_ACE, DRUM_BASS], ids=lambda p: p.stem[:20])
def test_real_songs(path):
    clip = load(shared_file(path))
    a = analyze(clip)
    assert 60 <= a.tempo <= 200
    # Beats cover the song at the tempo found.
    assert a.n_beats == pytest.approx((a.bounds[-1] - a.bounds[0]) / clip.sample_rate * a.tempo / 60, rel=0.05)
    assert 2 <= a.n_clusters <= max(2, a.n_beats // 8)
    steps = (np.diff(a.beat_in_bar) % a.beats_per_bar) == 1
    assert steps.mean() > 0.95  # positions advance bar after bar
    assert a.chroma.shape == (12, a.n_beats)
