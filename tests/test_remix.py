"""Beat-cluster remix: the walk's rules, seamless joins, exact lengths, reproducibility, the command line."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from conftest import DRUM_BASS, FISHIN, ROOT, VIBE_ACE, shared_file
from synth_music import four_chord_track

from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip, load, save
from jamwithme.beats import Analysis, analyze
from jamwithme.errors import ParameterError
from jamwithme.remix import (
    CLICK_WINDOW,
    Remix,
    Walk,
    beat_remix,
    jump_chance,
    jump_targets,
    render,
    walk,
)

JAMWITHME = str(Path(sys.executable).with_name("jamwithme"))


@pytest.fixture(scope="module")
def song():
    """64 s of C-G-Am-F at 120 BPM, the truth about every beat, and its analysis."""
    clip, truth = four_chord_track()
    return clip, truth, analyze(clip)


def toy_analysis(labels, *, beats_per_bar: int = 4, beat: int = 2205, lead: int = 300, outro: int = 900) -> Analysis:
    """A hand-made analysis of ``len(labels)`` equal beats (0.05 s at 44.1 kHz): for testing walks alone."""
    labels = np.asarray(labels, dtype=np.int64)
    n = labels.size
    bounds = lead + beat * np.arange(n + 1, dtype=np.int64)
    zeros = np.zeros((12, n), np.float32)
    grid = Grid(bounds[:-1] / 44100, np.arange(n) % beats_per_bar, f"{beats_per_bar}/4", 1200.0, steady=True)
    return Analysis(
        sample_rate=44100, n_samples=int(bounds[-1] + outro), grid=grid, bounds=bounds, chroma=zeros, mfcc=zeros,
        features=zeros, labels=labels, n_clusters=int(labels.max()) + 1,
    )  # fmt: skip


def true_beat(truth, analysis: Analysis, beat: int) -> int:
    return int(truth.beat_of(analysis.beat_times[[beat]])[0])


def join_steps(remix: AudioClip, source: AudioClip, analysis: Analysis, take: Walk, crossfade: float = 0.01):
    """For each jump: the steepest step in the remix across the crossfade, and the material's own
    steepest step within 10 ms of either cut point (where the old beat left off, where the new one starts)."""
    half = int(round(crossfade * source.sample_rate / 2))
    reach = int(round(CLICK_WINDOW * source.sample_rate))
    out = []
    for j in take.jumps:
        at = int(take.starts[j.index])
        step = np.abs(np.diff(remix.samples[:, at - half - 1 : at + half + 1], axis=1)).max()
        own = max(
            np.abs(np.diff(source.samples[:, max(cut - reach, 0) : cut + reach], axis=1)).max()
            for cut in (int(analysis.bounds[j.source + 1]), int(analysis.bounds[j.target]))
        )
        out.append((float(step), float(own)))
    return out


# --------------------------------------------------------------------------- the jukebox walk


@pytest.mark.parametrize("seed", range(6))
def test_every_jump_lands_on_the_same_chord_and_bar_position(song, seed):
    clip, truth, analysis = song
    take = walk(analysis, duration=180.0, seed=seed, temperature=2.0)
    assert take.n_jumps >= 5
    for j in take.jumps:
        replaced, landed = true_beat(truth, analysis, j.source + 1), true_beat(truth, analysis, j.target)
        assert truth.chord[landed] == truth.chord[replaced], j
        assert truth.position[landed] == truth.position[replaced], j
        assert abs(landed - replaced) >= 16, j


@pytest.mark.parametrize("min_jump", [1, 16, 32])
def test_jumps_keep_the_minimum_distance(song, min_jump):
    _, _, analysis = song
    take = walk(analysis, duration=240.0, seed=1, temperature=3.0, min_jump=min_jump)
    assert take.n_jumps > 0
    assert all(abs(j.target - (j.source + 1)) >= min_jump for j in take.jumps)
    targets = jump_targets(analysis, min_jump=min_jump)
    assert all(j.target in targets[j.source] for j in take.jumps)


def test_jump_chance_ramps_up_and_resets():
    assert jump_chance(0, temperature=1.0, ramp=64) == 0.0
    chances = [jump_chance(t, temperature=1.0, ramp=64) for t in range(100)]
    assert np.all(np.diff(chances[:65]) > 0)
    assert chances[64:] == [0.5] * 36  # at most T / (T + 1), the original's chance
    assert jump_chance(5, temperature=0.0) == 0.0
    assert jump_chance(0, temperature=3.0, ramp=0) == 0.75


def test_the_walk_jumps_rarely_right_after_a_jump():
    analysis = toy_analysis(np.arange(2000) % 4)  # every beat may jump almost anywhere
    ramp, temperature = 32, 1.0
    take = walk(analysis, n_beats=40000, seed=0, temperature=temperature, ramp=ramp, recent=0)
    gaps = np.diff([0] + [j.index for j in take.jumps if not j.forced])
    # Empirical chance of jumping t beats after the last jump, against the ramp.
    for t in (0, 4, 8, 12, 16):
        reached = np.sum(gaps > t)
        jumped = np.sum(gaps == t + 1)
        expected = jump_chance(t, temperature=temperature, ramp=ramp)
        spread = 4 * np.sqrt(expected * (1 - expected) / reached) + 0.01
        assert jumped / reached == pytest.approx(expected, abs=spread), t
    assert gaps.min() >= 2  # no jump straight after a jump


def test_recently_played_beats_are_not_jumped_to(song):
    _, _, analysis = song
    recent = 40
    for seed in range(4):
        take = walk(analysis, duration=200.0, seed=seed, temperature=3.0, recent=recent)
        for j in take.jumps:
            if not j.forced:
                window = take.path[max(0, j.index - recent) : j.index]
                assert j.target not in window, (seed, j)


@pytest.mark.parametrize("duration", [20.0, 64.0, 300.0])
def test_never_walks_into_the_dead_end(song, duration):
    _, _, analysis = song
    n = analysis.n_beats
    for seed in range(3):
        take = walk(analysis, duration=duration, seed=seed, temperature=0.0)
        path = take.path
        assert n - 1 not in path[:-1]
        targets = jump_targets(analysis)
        for a, b in zip(path[:-1], path[1:]):
            assert b == a + 1 or b in targets[a]
        assert take.n_jumps == int(np.sum(np.diff(path) != 1))


def test_ends_on_the_real_ending_when_asked(song):
    clip, _, analysis = song
    period = 16 * 60 / analysis.tempo  # this song's jumps move by whole four-bar cycles
    for duration in (40.0, 100.0, 150.0):
        remix = beat_remix(clip, analysis=analysis, duration=duration, seed=4, ending=True)
        assert remix.walk.ended
        assert remix.path[-1] == analysis.n_beats - 1
        assert abs(remix.duration - duration) <= period / 2 + 0.5
        # The song's own ending, untouched: the last two seconds are the original's.
        tail = 2 * clip.sample_rate
        assert np.array_equal(remix.clip.samples[:, -tail:], clip.samples[:, -tail:])


# --------------------------------------------------------------------------- the original rule


@pytest.mark.parametrize("temperature", [0.5, 1.0, 3.0])
def test_original_rule(temperature):
    # Neighbouring beats are never in the same cluster, so every "next beat" is a continuation.
    labels = np.arange(400) % 2
    analysis = toy_analysis(labels)
    take = walk(analysis, n_beats=30000, seed=11, temperature=temperature, method="original")
    path = take.path
    cont = np.diff(path) == 1
    free = path[:-1] != analysis.n_beats - 1
    assert cont[free].mean() == pytest.approx(1 / (temperature + 1), abs=0.015)
    for j in take.jumps:
        assert labels[j.target] == labels[j.source]
        assert j.forced == (j.source == analysis.n_beats - 1)
    # Uniform over the cluster: every beat of it is reached.
    targets = np.array([j.target for j in take.jumps])
    assert np.unique(targets).size > 0.95 * analysis.n_beats


def test_original_stays_within_the_cluster_on_music(song):
    _, _, analysis = song
    take = walk(analysis, duration=120.0, seed=2, method="original")
    assert take.n_jumps > 20
    labels, last = analysis.labels, analysis.n_beats - 1
    alone = np.bincount(labels)[labels[last]] == 1  # the final chord, rung out: a cluster of its own
    for j in take.jumps:  # from a last beat alone in its cluster the original starts the song over
        assert labels[j.target] == labels[j.source] or (j.source == last and alone and j.target == 0), j


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("method", ["jukebox", "original"])
@pytest.mark.parametrize("duration", [10.0, 45.3, 200.0])
def test_duration_is_met_within_one_beat(song, method, duration):
    clip, _, analysis = song
    remix = beat_remix(clip, analysis=analysis, duration=duration, seed=3, method=method)
    beat = analysis.beat_lengths.max() / clip.sample_rate
    assert abs(remix.duration - duration) <= beat
    assert remix.clip.n_samples == remix.walk.n_samples
    assert remix.clip.channels == clip.channels
    assert remix.clip.samples.dtype == np.float32


def test_n_beats_plays_exactly_that_many(song):
    clip, _, analysis = song
    remix = beat_remix(clip, analysis=analysis, n_beats=77, seed=1)
    assert remix.path.size == 77
    assert remix.path[0] == 0
    expected = analysis.bounds[0] + analysis.beat_lengths[remix.path].sum()
    assert remix.clip.n_samples == expected


def test_default_length_is_the_songs(song):
    clip, _, analysis = song
    remix = beat_remix(clip, analysis=analysis, seed=1)
    assert abs(remix.duration - clip.duration) <= analysis.beat_lengths.max() / clip.sample_rate


def test_consecutive_beats_are_copied_untouched(song):
    clip, _, analysis = song
    remix = beat_remix(clip, analysis=analysis, duration=60.0, seed=5, temperature=0.0)
    # Before the first jump the remix is the song itself, lead-in included.
    first = remix.jumps[0] if remix.jumps else None
    upto = int(remix.walk.starts[first.index]) - 300 if first else remix.clip.n_samples - 44100
    assert np.array_equal(remix.clip.samples[:, :upto], clip.samples[:, :upto])


@pytest.mark.parametrize("method", ["jukebox", "original"])
def test_no_click_at_any_join(song, method):
    clip, _, analysis = song
    for seed in range(3):
        remix = beat_remix(clip, analysis=analysis, duration=120.0, seed=seed, method=method, temperature=2.0)
        for step, own in join_steps(remix.clip, clip, analysis, remix.walk):
            assert step <= own * (1 + 1e-6)


def test_same_seed_is_bit_identical_new_seed_is_another_take(song):
    clip, _, _ = song
    first = beat_remix(clip, duration=90.0, seed=42)
    again = beat_remix(clip, duration=90.0, seed=42)  # analysed afresh
    assert np.array_equal(first.clip.samples, again.clip.samples)
    assert np.array_equal(first.path, again.path)
    other = beat_remix(clip, duration=90.0, seed=43, analysis=first.analysis)
    assert not np.array_equal(first.path, other.path)


def test_seed_none_draws_one_and_keeps_it(song):
    clip, _, analysis = song
    remix = beat_remix(clip, analysis=analysis, duration=30.0)
    assert isinstance(remix.seed, int) and remix.seed >= 0
    again = beat_remix(clip, analysis=analysis, duration=30.0, seed=remix.seed)
    assert np.array_equal(remix.clip.samples, again.clip.samples)


def test_works_on_a_stem_and_on_mono(song):
    clip, _, analysis = song
    # A "stem" of the same song: one channel, quieter, remixed on the mix's beats.
    stem = AudioClip(clip.samples[:1] * 0.5, clip.sample_rate)
    take = walk(analysis, duration=50.0, seed=9)
    from_mix = render(clip, analysis, take)
    from_stem = beat_remix(stem, analysis=analysis, duration=50.0, seed=9)
    assert from_stem.clip.channels == 1
    assert np.array_equal(from_stem.path, take.path)
    assert np.allclose(from_stem.clip.samples[0], from_mix.samples[0] * 0.5, atol=1e-6)
    # And analysed on its own.
    assert beat_remix(stem, duration=20.0, seed=1).clip.channels == 1


@pytest.mark.parametrize("sample_rate", [22050, 48000])
def test_works_at_any_sample_rate(sample_rate):
    clip, _ = four_chord_track(cycles=4, sr=sample_rate)
    remix = beat_remix(clip, duration=50.0, seed=1)
    assert remix.clip.sample_rate == sample_rate
    assert remix.analysis.tempo == pytest.approx(120, rel=0.02)
    assert abs(remix.duration - 50.0) <= remix.analysis.beat_lengths.max() / sample_rate


def test_remix_holds_audio_and_path(song):
    clip, _, analysis = song
    remix = beat_remix(clip, analysis=analysis, duration=60.0, seed=8, temperature=2.0)
    assert isinstance(remix, Remix)
    assert remix.analysis is analysis
    assert remix.path is remix.walk.path
    for j in remix.jumps:
        assert remix.path[j.index] == j.target
        assert remix.path[j.index - 1] == j.source
        assert j.time == pytest.approx(remix.walk.starts[j.index] / clip.sample_rate)
    with pytest.raises(dataclasses.FrozenInstanceError):
        remix.walk = None
    with pytest.raises(ValueError):
        remix.path[0] = 5


def test_clusters_parameter_reclusters_a_given_analysis(song):
    clip, _, analysis = song
    remix = beat_remix(clip, analysis=analysis, clusters=6, duration=30.0, seed=1)
    assert remix.analysis.n_clusters == 6
    assert remix.analysis.bounds is analysis.bounds


def test_progress_is_reported(song):
    clip, _, _ = song
    seen = []
    beat_remix(clip, duration=20.0, seed=1, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_a_song_too_short_to_loop_still_fills_the_time():
    # Every beat its own cluster: no jumps at all, yet 10 times the song is asked for.
    analysis = toy_analysis(np.arange(40))
    take = walk(analysis, n_beats=400, seed=0)
    assert take.path.size == 400
    assert all(j.forced for j in take.jumps)
    assert analysis.n_beats - 1 not in take.path[:-1]


@pytest.mark.parametrize(
    "kwargs, bad",
    [
        ({"duration": 0}, "duration=0"),
        ({"duration": -5.0}, "duration=-5.0"),
        ({"duration": 1e6}, "duration=1000000.0"),
        ({"duration": 10.0, "n_beats": 20}, "n_beats=20"),
        ({"n_beats": 0}, "n_beats=0"),
        ({"temperature": -1.0}, "temperature=-1.0"),
        ({"temperature": float("inf")}, "temperature=inf"),
        ({"temperature": 100.5}, "temperature=100.5"),  # above MAX_TEMPERATURE, the API's and the jobs' cap too
        ({"seed": -1}, "seed=-1"),
        ({"seed": 1.5}, "seed=1.5"),
        ({"method": "shuffle"}, "method='shuffle'"),
        ({"min_jump": 0}, "min_jump=0"),
        ({"ramp": -1}, "ramp=-1"),
        ({"recent": -3}, "recent=-3"),
        ({"crossfade": 0.5}, "crossfade=0.5"),
        ({"fade_out": -1.0}, "fade_out=-1.0"),
        ({"clusters": 0}, "clusters=0"),
        ({"clusters": 513}, "clusters=513 must be a whole number from 1 to 512"),  # beats.MAX_CLUSTERS
    ],
)
def test_bad_parameters_are_refused(song, kwargs, bad):
    clip, _, analysis = song
    with pytest.raises(ParameterError, match=bad.replace("+", r"\+")):
        beat_remix(clip, analysis=analysis, **kwargs)


def test_an_analysis_of_another_clip_is_refused(song):
    clip, _, analysis = song
    shorter = AudioClip(clip.samples[:, :-100], clip.sample_rate)
    with pytest.raises(ParameterError, match="analysis is of a"):
        beat_remix(shorter, analysis=analysis)
    with pytest.raises(ParameterError, match="another analysis"):
        render(clip, analysis, walk(toy_analysis(np.arange(500) % 4), n_beats=300, seed=0))


# --------------------------------------------------------------------------- real songs


@pytest.fixture(scope="module")
def fishin():
    clip = load(shared_file(FISHIN))
    return clip, analyze(clip)


@pytest.mark.slow
@pytest.mark.parametrize("path", [FISHIN, VIBE_ACE, DRUM_BASS], ids=lambda p: p.stem[:20])
def test_real_songs_remix_seamlessly(path, fishin):
    clip, analysis = fishin if path == FISHIN else (lambda c: (c, analyze(c)))(load(shared_file(path)))
    beat = analysis.beat_lengths.max() / clip.sample_rate
    targets = jump_targets(analysis)
    for seed in range(2):
        remix = beat_remix(clip, analysis=analysis, duration=75.0, seed=seed, temperature=1.0)
        assert abs(remix.duration - 75.0) <= beat
        assert remix.n_jumps > 0
        for j in remix.jumps:
            assert j.target in targets[j.source]
        for step, own in join_steps(remix.clip, clip, analysis, remix.walk):
            assert step <= own * (1 + 1e-6)


@pytest.mark.slow
def test_the_click_check_catches_hard_cuts(fishin):
    # The join check is not vacuous: butting beats together without a crossfade fails it.
    clip, analysis = fishin
    take = walk(analysis, duration=120.0, seed=0, temperature=2.0)
    hard = render(clip, analysis, take, crossfade=0.0)
    steps = join_steps(hard, clip, analysis, take, crossfade=0.0)
    assert sum(step > own for step, own in steps) >= 3
    soft = render(clip, analysis, take)
    assert all(step <= own * (1 + 1e-6) for step, own in join_steps(soft, clip, analysis, take))


@pytest.mark.slow
def test_real_song_ends_on_its_ending(fishin):
    clip, analysis = fishin
    remix = beat_remix(clip, analysis=analysis, duration=180.0, seed=2, ending=True)
    assert remix.walk.ended and remix.path[-1] == analysis.n_beats - 1
    assert abs(remix.duration - 180.0) <= 8 * 60 / analysis.tempo  # within half a four-bar phrase
    outro = clip.n_samples - int(analysis.bounds[-1])
    assert np.array_equal(remix.clip.samples[:, -outro:], clip.samples[:, -outro:])


# --------------------------------------------------------------------------- command line


@pytest.fixture(scope="module")
def song_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("remix") / "chords.wav"
    save(four_chord_track(cycles=4)[0], path, "wav32f")
    return path


def run_cli(*args):
    return subprocess.run([JAMWITHME, *map(str, args)], capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.mark.slow
def test_cli_remix(song_file, tmp_path):
    out = tmp_path / "remix.wav"
    proc = run_cli("remix", song_file, "--duration", 40, "--seed", 5, "--temperature", 1.5, "-o", out)
    assert proc.returncode == 0, proc.stderr
    lines = dict(line.split(": ", 1) for line in proc.stdout.splitlines() if ": " in line)
    assert float(lines["tempo"].split()[0]) == pytest.approx(120, rel=0.02)
    assert int(lines["beats"]) >= 63
    assert int(lines["clusters"]) >= 4
    assert int(lines["jumps"]) >= 1
    info = sf.info(out)
    assert info.subtype == "PCM_16" and info.channels == 2
    assert abs(info.duration - 40.0) <= 0.5
    # Bit-identical across processes.
    again = tmp_path / "again.wav"
    assert run_cli("remix", song_file, "--duration", 40, "--seed", 5, "--temperature", 1.5, "-o", again).returncode == 0
    assert out.read_bytes() == again.read_bytes()


@pytest.mark.slow
def test_cli_remix_original_to_flac(song_file, tmp_path):
    out = tmp_path / "remix.flac"
    proc = run_cli("remix", song_file, "--method", "original", "--clusters", 4, "--seed", 1, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "clusters: 4" in proc.stdout
    assert sf.info(out).format == "FLAC"


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--temperature", "-1"], 1, "temperature=-1.0"),
        (["--duration", "0"], 1, "duration=0.0"),
        (["--method", "shuffle"], 2, "invalid choice"),
        (["--clusters", "two"], 2, "invalid int value"),
    ],
)
def test_cli_remix_refuses_bad_arguments(song_file, tmp_path, args, code, message):
    proc = run_cli("remix", song_file, *args, "-o", tmp_path / "out.wav")
    assert proc.returncode == code
    assert message in proc.stderr
    assert not (tmp_path / "out.wav").exists()


def test_cli_remix_refuses_an_unknown_format_before_working(song_file, tmp_path):
    proc = run_cli("remix", song_file, "-o", tmp_path / "out.ogg")
    assert proc.returncode == 1
    assert "format='ogg'" in proc.stderr
