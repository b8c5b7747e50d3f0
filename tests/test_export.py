"""Export what I hear: jamwithme.export renders the player's settings on the server."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from player_song import BPM, synthetic_stems

from jamwithme import export
from jamwithme.audio import SAMPLE_RATE, AudioClip
from jamwithme.errors import ParameterError
from jamwithme.player_state import LEVEL_RANGE, LEVEL_STEP, PlayerState, contract

SECONDS = 12.0


@pytest.fixture(scope="module")
def song():
    return synthetic_stems(SECONDS)


def render(song, **settings):
    stems, grid = song
    repeat, engine = settings.pop("repeat", 1), settings.pop("engine", "rubberband")
    return export.render(stems, PlayerState(**settings), grid=grid, repeat=repeat, engine=engine)


def test_state_round_trips_through_json():
    state = PlayerState(levels={"vocals": -6.5}, mute=["vocals"], speed=0.8, semitones=-3, loop_on=True, loop_end=4.0)
    assert PlayerState.parse_raw(state.json()) == state
    assert PlayerState.parse_obj({**state.dict(), "unknown": 1}) == state  # newer fields from the browser are ignored
    assert state.loop == (0.0, 4.0)
    assert PlayerState(loop_on=True, loop_start=5, loop_end=5).loop is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("speed", 0.4),
        ("speed", 1.6),
        ("semitones", 13),
        ("levels", {"vocals": float("nan")}),
        ("levels", {"vocals": 12.5}),
        ("levels", {"vocals": -61}),
        ("trainer_every", 0),
        ("metronome_db", -41),
    ],  # fmt: skip
)
def test_state_refuses_bad_values(field, value):
    with pytest.raises(ValueError, match=field if field != "levels" else "vocals"):
        PlayerState(**{field: value})


def test_contract_covers_every_field_with_the_ranges_enforced():
    fields = json.loads(json.dumps(contract()))["fields"]  # as the player gets it
    assert list(fields) == list(PlayerState.__fields__)
    defaults = PlayerState()
    for name, spec in fields.items():
        if spec["type"] == "levels":
            assert defaults.levels == {} and spec["default_db"] == 0.0
            for db in (spec["min"], spec["max"]):
                assert PlayerState(levels={"vocals": db}).levels["vocals"] == db
            for db in (spec["min"] - spec["step"], spec["max"] + spec["step"]):
                with pytest.raises(ValueError, match="vocals"):
                    PlayerState(levels={"vocals": db})
            continue
        assert getattr(defaults, name) == spec["default"], name
        if "min" in spec:  # the ends are accepted, a step beyond them refused
            assert getattr(PlayerState(**{name: spec["min"]}), name) == spec["min"]
            with pytest.raises(ValueError, match=name):
                PlayerState(**{name: spec["min"] - spec.get("step", 1)})
        if "max" in spec:
            assert getattr(PlayerState(**{name: spec["max"]}), name) == spec["max"]
            with pytest.raises(ValueError, match=name):
                PlayerState(**{name: spec["max"] + spec.get("step", 1)})
    assert fields["levels"]["max"] == 12.0 and fields["speed"]["step"] == 0.01


def test_at_one_speed_the_export_is_the_mix(song):
    stems, _ = song
    out = render(song, levels={"tone": -6.0}, mute=[])
    expected = stems["tone"].samples * 10 ** (-6 / 20) + stems["clicks"].samples
    np.testing.assert_allclose(out.samples, expected, atol=1e-6)


def test_mute_and_solo(song):
    stems, _ = song
    np.testing.assert_allclose(render(song, mute=["clicks"]).samples, stems["tone"].samples, atol=1e-6)
    np.testing.assert_allclose(render(song, solo=["clicks"]).samples, stems["clicks"].samples, atol=1e-6)


FLOOR = LEVEL_RANGE[0]


@pytest.mark.parametrize(
    "settings",
    [{}, {"speed": 0.75, "semitones": 2, "metronome": True, "loop_on": True, "loop_start": 4.0, "loop_end": 8.0}],
)
def test_a_stem_at_the_floor_is_off_as_if_muted(song, settings):
    """The player's control says "off" at the bottom of the range and silences the stem: so does the export."""
    off = render(song, levels={"tone": FLOOR}, **settings).samples
    muted = render(song, mute=["tone"], **settings).samples
    np.testing.assert_array_equal(off, muted)
    # A step above the floor the stem is still there, quiet: the clicks alone are not the mix.
    quiet = render(song, levels={"tone": FLOOR + LEVEL_STEP}, **settings).samples
    assert np.abs(quiet - muted).max() > 1e-5


def test_a_stem_at_the_floor_is_in_the_state_as_set_and_muted_as_heard():
    state = PlayerState(levels={"vocals": FLOOR, "drums": -59.5}, mute=["bass"], solo=["vocals"])
    assert state.off() == ["vocals"]
    heard = state.as_heard()
    assert heard.mute == ["bass", "vocals"] and heard.levels == state.levels and heard.solo == ["vocals"]
    assert state.mute == ["bass"], "the state itself reads back as the musician set it"
    assert state.as_heard(["drums", "bass"]) is state, "only the stems named are muted"
    assert PlayerState(levels={"vocals": FLOOR}, mute=["vocals"]).as_heard().mute == ["vocals"]


@pytest.mark.slow
def test_slower_export_is_longer_by_the_speed(song):
    out = render(song, speed=0.8, semitones=2)
    assert out.n_samples == pytest.approx(SECONDS * SAMPLE_RATE / 0.8, rel=0.01)


def test_metronome_clicks_on_the_beats_with_accents(song):
    beats = song[1].beats
    out = render(song, solo=["tone"], mute=["tone"], metronome=True, metronome_db=0.0).samples[0]
    starts = np.flatnonzero((np.abs(out[1:]) > 0.05) & (np.abs(out[:-1]) <= 0.05))
    onsets = starts[np.concatenate([[True], np.diff(starts) > 0.1 * SAMPLE_RATE])] / SAMPLE_RATE
    np.testing.assert_allclose(onsets, beats, atol=0.002)
    # An accent is higher: more zero crossings in its 30 ms.
    crossings = [
        np.count_nonzero(np.diff(np.sign(out[round(t * SAMPLE_RATE) : round((t + 0.03) * SAMPLE_RATE)])))
        for t in beats[:4]
    ]
    assert crossings[0] > crossings[1] == crossings[2] == crossings[3]


def test_loop_repeats_with_a_count_in(song):
    period = 60 / BPM
    out = render(song, loop_on=True, loop_start=2.0, loop_end=4.0, repeat=3, count_in=True)
    assert out.duration == pytest.approx(4 * period + 3 * 2.0, abs=1e-3)  # one bar of 4 beats, then 3 passes
    every = render(song, loop_on=True, loop_start=2.0, loop_end=4.0, repeat=3, count_in=True, count_in_every_pass=True)
    assert every.duration == pytest.approx(3 * (4 * period + 2.0), abs=1e-3)


@pytest.mark.parametrize("repeat", [0, 101, 1.5, True])
def test_bad_repeat(song, repeat):
    with pytest.raises(ParameterError, match="repeat"):
        render(song, loop_on=True, loop_end=2.0, repeat=repeat)


def test_loop_past_the_end(song):
    with pytest.raises(ParameterError, match="ends after the song"):
        render(song, loop_on=True, loop_start=10.0, loop_end=20.0)


def test_filename():
    state = PlayerState(speed=0.8, semitones=2, loop_on=True, loop_start=10, loop_end=14, count_in=True)
    assert export.filename("music/song.ogg", state, repeat=4, fmt="flac") == (
        "song_mix_tempo0.80_+2st_loop10.00-14.00s_x4_countin1.flac"
    )
    assert export.filename("song", {}) == "song_mix.wav"


@pytest.mark.parametrize(
    "settings, name",
    [
        ({}, "song_mix.wav"),
        ({"levels": {"vocals": -12.0}}, "song_mix.wav"),
        ({"mute": ["vocals"]}, "song_accompaniment.wav"),  # the jam track, not a "mix"
        ({"solo": ["vocals"]}, "song_vocals.wav"),
        ({"solo": ["vocals", "accompaniment"], "mute": ["vocals"]}, "song_accompaniment.wav"),
        ({"mute": ["vocals", "accompaniment"]}, "song_silence.wav"),
        ({"mute": ["vocals", "accompaniment"], "metronome": True}, "song_click.wav"),
        ({"mute": ["vocals"], "metronome": True, "speed": 0.75}, "song_accompaniment_tempo0.75_click.wav"),
        ({"levels": {"vocals": LEVEL_RANGE[0]}}, "song_accompaniment.wav"),  # "off" in the player
        ({"levels": {"vocals": LEVEL_RANGE[0] + 0.5}}, "song_mix.wav"),
    ],
)
def test_the_file_name_says_what_is_in_the_export(settings, name):
    assert export.filename("song", settings, stems=["accompaniment", "vocals"]) == name


def test_the_file_name_of_a_song_played_whole_is_its_mix():
    assert export.filename("song", {"mute": ["vocals"]}, stems=["song"]) == "song_mix.wav"
    assert export.filename("song", {"mute": ["song"]}, stems=["song"]) == "song_silence.wav"


def test_clip_type():
    assert isinstance(render(synthetic_stems(2.0)), AudioClip)


LOOP = {"loop_on": True, "loop_start": 4.0, "loop_end": 8.0}


@pytest.mark.parametrize("engine", ["rubberband", "rubberband-best"])
def test_a_loop_export_is_that_part_of_the_whole_songs(song, engine):
    """The loop is stretched on its own, on the whole song's time line: the same samples at a speed change."""
    stems, grid = song
    settings = {"speed": 0.75, "solo": ["clicks"]}
    whole = export.render(stems, PlayerState(**settings), grid=grid, engine=engine).samples
    looped = export.render(stems, PlayerState(**settings, **LOOP), grid=grid, engine=engine).samples
    _, q = export.time_line(0.75, 0.0, engine, SAMPLE_RATE)
    a = round(LOOP["loop_start"] * SAMPLE_RATE * q)
    assert looped.shape[1] == pytest.approx(4.0 / 0.75 * SAMPLE_RATE, abs=2)
    inside = slice(200, looped.shape[1] - 1000)  # away from the fade-in and the fade-out
    np.testing.assert_allclose(looped[:, inside], whole[:, a : a + looped.shape[1]][:, inside], atol=1e-4)


def test_a_loop_export_keeps_the_beat_with_a_key_change(song):
    stems, grid = song
    out = export.render(stems, PlayerState(speed=0.8, semitones=2, solo=["clicks"], **LOOP), grid=grid).samples[0]
    starts = np.flatnonzero((np.abs(out[1:]) > 0.1) & (np.abs(out[:-1]) <= 0.1))
    onsets = starts[np.concatenate([[True], np.diff(starts) > 0.1 * SAMPLE_RATE])] / SAMPLE_RATE
    expected = (grid.beats[(grid.beats >= 4.0) & (grid.beats < 8.0 - 0.05)] - 4.0) / 0.8
    np.testing.assert_allclose(onsets[: len(expected)], expected, atol=0.003)


def test_a_loop_export_stretches_the_loop_not_the_song(caplog):
    """Export time follows the loop: only the loop and LOOP_CONTEXT_SECONDS either side go through the stretcher."""
    stems, grid = synthetic_stems(60.0)
    with caplog.at_level("INFO", logger="jamwithme"):
        out = export.render(stems, PlayerState(speed=0.75, **LOOP), grid=grid, repeat=2)
    (line,) = [r.getMessage() for r in caplog.records if "stretched" in r.getMessage()]
    stretched, song_seconds = (float(x) for x in re.search(r"([\d.]+) s of ([\d.]+) s stretched", line).groups())
    assert song_seconds == 60.0 and stretched <= 4.0 + 2 * export.LOOP_CONTEXT_SECONDS + 0.1
    assert out.duration == pytest.approx(2 * 4.0 / 0.75, abs=1e-3)


def test_the_quality_is_the_stretch_engine(song):
    fast = render(song, speed=0.75, **LOOP)
    best = render(song, speed=0.75, engine="rubberband-best", **LOOP)
    assert fast.n_samples == best.n_samples
    assert not np.allclose(fast.samples, best.samples, atol=1e-3)
    with pytest.raises(ParameterError, match="engine"):
        render(song, engine="best", **LOOP)
