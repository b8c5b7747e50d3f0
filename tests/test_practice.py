"""Beats, A–B loops without clicks, a loop rendered from its options (count-in and metronome on time, as the
export's), export names, the loop command."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import DRUM_BASS, click_track, shared_file, sine, stereo
from test_tempo import onset_times, run_cli

from jamwithme.analysis.grid import Grid
from jamwithme.audio import SAMPLE_RATE, AudioClip, load, save
from jamwithme.errors import ParameterError
from jamwithme.export import loop_render_blocks
from jamwithme.practice import (
    ACCENT_HZ,
    DEFAULT_CROSSFADE,
    detect_beats,
    export,
    export_filename,
    loop_blocks,
    loop_bounds,
    rebar,
)

SR = SAMPLE_RATE
NEAR = 0.1  # "nearby": 100 ms either side of the loop points


def join_step_ratio(source: AudioClip, looped: AudioClip, start: float, end: float, repeat: int, fade: int) -> float:
    """Largest sample step in the joins of ``looped``, over the largest step of ``source`` near both loop points."""
    x, a, b, w = source.samples, round(start * SR), round(end * SR), round(NEAR * SR)
    own = max(
        np.abs(np.diff(x[:, max(a - w, 0) : a + w])).max(),
        np.abs(np.diff(x[:, b - w : min(b + w, source.n_samples)])).max(),
    )
    m = b - a
    joins = [np.abs(np.diff(looped.samples[:, k * m - fade - 2 : k * m + 2])).max() for k in range(1, repeat)]
    return float(max(joins) / own)


def loop(clip: AudioClip, *, start: float, end: float, repeat: int) -> AudioClip:
    """The section repeated with the joins every loop render has (:func:`loop_blocks`, the default crossfade)."""
    sr = clip.sample_rate
    a, b = round(start * sr), min(round(end * sr), clip.n_samples)
    fade = round(DEFAULT_CROSSFADE * sr)
    blocks = loop_blocks(clip.samples, a, b, repeat=repeat, fade=fade, sample_rate=sr)
    return AudioClip(np.concatenate(list(blocks), axis=1), sr)


def render_loop(song: AudioClip, **options) -> AudioClip:
    """:func:`loop_render_blocks` of one song, joined."""
    return AudioClip(np.concatenate(list(loop_render_blocks({"mix": song}, **options)), axis=1), song.sample_rate)


def hard_cut_loop(clip: AudioClip, start: float, end: float, repeat: int) -> AudioClip:
    return AudioClip(np.tile(clip.samples[:, round(start * SR) : round(end * SR)], (1, repeat)))


def dominant_hz(y: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y)), 1 << 16))
    return float(np.argmax(spectrum) * SR / (1 << 16))


# --------------------------------------------------------------------------- beats


@pytest.mark.parametrize("bpm", [90.0, 120.0, 140.0])
def test_beats_land_on_the_attacks(bpm):
    y, times = click_track(bpm=bpm, seconds=10.0)
    y = np.concatenate([np.zeros(int(0.3 * SR), np.float32), y])  # first beat off the grid origin
    grid = detect_beats(stereo(y))
    assert grid.tempo == pytest.approx(bpm, rel=0.005)
    nearest = np.array([np.abs(times + 0.3 - t).min() for t in grid.beats])
    assert nearest.max() < 0.003  # librosa's own beats lag the attack by ~11 ms; refined ones do not


def test_no_beat_in_silence():
    with pytest.raises(ParameterError, match="no beat found"):
        detect_beats(AudioClip(np.zeros((2, SR * 3), np.float32)))


@pytest.mark.parametrize("bpm", [0.0, -5.0, float("nan"), float("inf"), True])
def test_bad_tempo_is_refused(bpm):
    with pytest.raises(ParameterError, match="tempo="):
        Grid(np.array([0.0]), np.zeros(1, np.int64), "4/4", bpm)


# --------------------------------------------------------------------------- loops


def test_loop_length_and_content(sine_clip):
    out = loop(sine_clip, start=0.25, end=1.25, repeat=3)
    m = SR
    assert out.samples.shape == (2, 3 * m)
    section = sine_clip.samples[:, round(0.25 * SR) : round(1.25 * SR)]
    for k in range(3):  # away from the fades, every repeat is the section itself
        np.testing.assert_array_equal(out.samples[:, k * m + 1000 : (k + 1) * m - 1000], section[:, 1000:-1000])


@pytest.mark.parametrize("block", [7, 100, 441, 10**9])
def test_loop_blocks_are_never_over_the_block_and_join_the_same(block):
    """Blocks smaller than the crossfade (441 samples here) too: none over ``block``, joined the same samples."""
    x = np.random.default_rng(5).standard_normal((2, 20_000)).astype(np.float32)
    whole = np.concatenate(list(loop_blocks(x, 3000, 15_000, repeat=3, fade=441, sample_rate=SR, block=10**9)), axis=1)
    parts = list(loop_blocks(x, 3000, 15_000, repeat=3, fade=441, sample_rate=SR, block=block))
    assert all(0 < p.shape[1] <= block for p in parts)
    np.testing.assert_array_equal(np.concatenate(parts, axis=1), whole)
    assert whole.shape == (2, 3 * 12_000)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_noise_loop_joins_have_no_step_larger_than_the_noise(seed):
    """Band-limited noise (below ~300 Hz, so neighbouring samples are alike and a hard cut shows)."""
    rng = np.random.default_rng(seed)
    raw = np.convolve(rng.standard_normal(3 * SR), np.hanning(200), "same")
    noise = stereo((0.3 * raw / raw.std()).astype(np.float32))
    start, end = 0.5 + 0.1 * seed, 1.9 - 0.1 * seed
    out = loop(noise, start=start, end=end, repeat=4)
    assert join_step_ratio(noise, out, start, end, 4, fade=441) <= 1.0
    assert join_step_ratio(noise, hard_cut_loop(noise, start, end, 4), start, end, 4, fade=441) > 1.5


@pytest.mark.parametrize("freq, start, end", [(440.0, 0.5, 1.73), (441.3, 0.21, 1.0), (97.7, 0.5, 1.50113)])
def test_tone_loop_joins_glide_instead_of_clicking(freq, start, end):
    """A pure tone whose phase jumps at the join glides over the 10 ms crossfade: its steepest
    step may grow by the glide (up to ~20 % at 100 Hz), where a hard cut jumps by 2 to 30 times."""
    clip = stereo(sine(freq, seconds=3.0))
    out = loop(clip, start=start, end=end, repeat=3)
    assert join_step_ratio(clip, out, start, end, 3, fade=441) < 1.25
    assert join_step_ratio(clip, hard_cut_loop(clip, start, end, 3), start, end, 3, fade=441) > 2.0


@pytest.mark.slow
@pytest.mark.parametrize("start, end, snap", [(4.0, 8.0, True), (10.3, 13.77, True), (2.0, 6.1, False)])
def test_real_song_loop_joins_are_click_free(start, end, snap):
    song = load(shared_file(DRUM_BASS))
    grid = detect_beats(song)
    a, b = loop_bounds(song, start=start, end=end, snap=snap, grid=grid)
    out = loop(song, start=a, end=b, repeat=3)
    # A loop snapped to a beat starts on its attack: the music's steepest step is the join's own, which
    # keeps 1/441 of the fading tail in its last sample.
    assert join_step_ratio(song, out, a, b, 3, fade=441) <= 1.01
    if snap:
        assert grid.nearest(a) == a and grid.nearest(b) == b


def test_loop_snaps_to_the_nearest_beats(click_clip):
    grid = detect_beats(click_clip)
    a, b = loop_bounds(click_clip, start=1.1, end=3.4, snap=True, grid=grid)
    assert a == pytest.approx(1.0, abs=0.003) and b == pytest.approx(3.5, abs=0.003)
    with pytest.raises(ParameterError, match="both snap to the beat"):
        loop_bounds(click_clip, start=1.1, end=1.2, snap=True, grid=grid)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"start": -0.5, "end": 1.0}, "start=-0.5 s and end=1 s must satisfy"),
        ({"start": 1.0, "end": 1.0}, "start=1 s and end=1 s must satisfy"),
        ({"start": 1.5, "end": 0.5}, "must satisfy 0 <= start < end"),
        ({"start": 0.5, "end": 2.5}, r"end <= 2.00 s"),
        ({"start": float("nan"), "end": 1.0}, "start=nan must be a finite number of seconds"),
        ({"start": "0", "end": 1.0}, "start='0' must be a finite number"),
        ({"start": 0.5, "end": 1.0, "repeat": 0}, "repeat=0 must be a whole number from 1 to 100"),
        ({"start": 0.5, "end": 1.0, "repeat": 101}, "repeat=101"),
        ({"start": 0.5, "end": 1.0, "repeat": 2.5}, "repeat=2.5"),
        ({"start": 0.5, "end": 1.0, "repeat": True}, "repeat=True"),
        ({"start": 0.5, "end": 1.0, "count_in_bars": -1}, "count_in_bars=-1 must be a whole number from 0 to 16"),
        ({"start": 0.5, "end": 1.0, "count_in_bars": 17}, "count_in_bars=17"),
        ({"start": 0.5, "end": 1.0, "metronome": True, "beats_per_bar": 0}, "beats_per_bar=0"),
        ({"start": 0.5, "end": 1.0, "speed": 2.0}, "speed"),
        ({"start": 0.5, "end": 1.0, "metronome": True}, "grid must be the song's beat Grid"),
    ],
)
def test_bad_loops_are_refused(kwargs, message, sine_clip):
    with pytest.raises(ParameterError, match=message):
        render_loop(sine_clip, **kwargs)


# --------------------------------------------------------------------------- a loop from its options


def test_a_loop_with_count_in_and_metronome_keeps_one_grid(click_clip):
    grid = detect_beats(click_clip)
    out = render_loop(click_clip, start=1.1, end=3.4, repeat=2, snap=True, count_in_bars=1, metronome=True, grid=grid)
    a, b = loop_bounds(click_clip, start=1.1, end=3.4, snap=True, grid=grid)
    assert (a, b) == (pytest.approx(1.0, abs=0.003), pytest.approx(3.5, abs=0.003))
    lead = round(4 * 60.0 / grid.tempo_over(a, b) * SR)
    assert out.n_samples == lead + 2 * (round(b * SR) - round(a * SR))
    found = onset_times(out.samples[0], threshold=0.1)
    assert np.abs(np.diff(found) - grid.period).max() < 0.010  # count-in, loop, join: one grid
    assert len(found) == 4 + 2 * 5  # four counted beats, then five beats a pass


def test_a_loop_at_another_speed_is_the_players(click_clip):
    """The loop's options at a speed: the export's length, count-in included, at that speed."""
    grid = detect_beats(click_clip)
    out = render_loop(click_clip, start=1.0, end=3.0, repeat=3, snap=True, count_in_bars=2, speed=0.8, grid=grid)
    a, b = loop_bounds(click_clip, start=1.0, end=3.0, snap=True, grid=grid)
    assert out.duration == pytest.approx((8 * 60.0 / grid.tempo_over(a, b) + 3 * (b - a)) / 0.8, abs=0.01)


def test_a_loop_tracks_its_grid_only_when_it_snaps_or_clicks(sine_clip):
    asked = []
    plain = render_loop(sine_clip, start=0.5, end=1.5, repeat=2, grid=lambda: asked.append(1))
    assert not asked and plain.n_samples == 2 * SR


@pytest.mark.parametrize("beats_per_bar, accents", [(None, [False, True, False, False, False, True]),
                                                    (3, [True, False, False, True, False, False])])  # fmt: skip
def test_the_loops_metronome_accents_the_bars_asked_for(beats_per_bar, accents):
    """The grid's downbeats, or bars of ``beats_per_bar`` from the loop's first beat (``--beats-per-bar``)."""
    grid = Grid.from_times(np.arange(0.25, 4.0, 0.5), [1.25, 3.25], time_signature="4/4")
    silence = AudioClip(np.zeros((2, 4 * SR), np.float32))
    out = render_loop(silence, start=0.75, end=3.75, repeat=1, metronome=True, beats_per_bar=beats_per_bar, grid=grid)
    np.testing.assert_allclose(onset_times(out.samples[0]), np.arange(6) * 0.5, atol=0.003)
    pitches = [dominant_hz(out.samples[0, round(t * SR) + 100 : round(t * SR) + 1100]) for t in np.arange(6) * 0.5]
    assert [abs(p - ACCENT_HZ) < 20 for p in pitches] == accents


def test_rebar_keeps_compound_time_where_it_can():
    grid = Grid.from_times(np.arange(12) * 0.3, time_signature="6/8")
    assert rebar(grid, beats_per_bar=3, start=0.6).time_signature == "9/8"
    assert rebar(grid, beats_per_bar=3, start=0.6).beat_in_bar[:4].tolist() == [1, 2, 0, 1]
    assert rebar(grid, beats_per_bar=11).time_signature == "11/4"  # no 33/8: counted beats, each a click


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize(
    "song, kwargs, name",
    [
        ("song", {"stem": "accompaniment", "rate": 0.8, "semitones": 2}, "song_accompaniment_tempo0.80_+2st.wav"),
        ("music/My Song!.ogg", {"stem": "vocals", "semitones": -1.5, "fmt": "flac"}, "My_Song_vocals_-1.5st.flac"),
        ("song.mp3", {"rate": 0.875, "fmt": "mp3"}, "song_tempo0.875.mp3"),
        ("song", {"start": 12.5, "end": 20, "repeat": 4, "count_in_bars": 1}, "song_loop12.50-20.00s_x4_countin1.wav"),
        ("song", {"fmt": "wav24"}, "song.wav"),
    ],
)
def test_export_names_say_what_was_done(song, kwargs, name):
    assert export_filename(song, **kwargs) == name


@pytest.mark.parametrize("fmt", ["wav", "flac", "mp3"])
def test_export_writes_through_the_encoder(fmt, tmp_path, sine_clip):
    path = export(sine_clip, tmp_path / "out", song="song.ogg", stem="mix", rate=1.25, fmt=fmt)
    assert path == tmp_path / "out" / f"song_mix_tempo1.25.{fmt}"
    assert load(path).duration == pytest.approx(sine_clip.duration, abs=0.06)


def test_export_refuses_unknown_formats(sine_clip, tmp_path):
    with pytest.raises(ParameterError, match="format='ogg'"):
        export(sine_clip, tmp_path, song="song", fmt="ogg")


# --------------------------------------------------------------------------- command line


def test_cli_loop(tmp_path):
    y, _ = click_track(seconds=8.0)
    save(stereo(0.5 * y), tmp_path / "clicks.wav")
    result = run_cli(
        "loop", str(tmp_path / "clicks.wav"), "--start", "1.1", "--end", "3.4", "--repeat", "3",
        "--snap", "--count-in", "1", "-o", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = tmp_path / "clicks_loop1.10-3.40s_x3_countin1.wav"
    assert result.stdout.strip() == str(written)
    assert load(written).duration == pytest.approx(2.0 + 3 * 2.5, abs=0.02)

    for args, message in [
        (["--start", "3", "--end", "1", "--repeat", "2"], "must satisfy 0 <= start < end"),
        (["--start", "1", "--end", "3", "--repeat", "0"], "repeat=0"),
        (["--start", "1", "--end", "3"], "required: --repeat"),
        (["--start", "1", "--end", "3", "--repeat", "two"], "invalid int value: 'two'"),
    ]:
        result = run_cli("loop", str(tmp_path / "clicks.wav"), *args, "-o", str(tmp_path / "x.wav"))
        lines = result.stderr.strip().splitlines()
        assert result.returncode != 0 and len(lines) == 1 and message in lines[0], result.stderr
