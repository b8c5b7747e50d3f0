"""ui/player.py's checks and helpers, without a browser (the browser tests are in test_player.py)."""

from __future__ import annotations

import numpy as np
import pytest

from jamwithme import audio
from jamwithme.analysis import SongAnalysis
from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError
from ui import melody, player


@pytest.mark.parametrize("fmt, mime", [("flac", "audio/flac"), ("wav", "audio/wav"), ("mp3", "audio/mpeg")])
def test_mime_from_the_bytes(fmt, mime):
    data = audio.encode(AudioClip(np.zeros((2, 4410), np.float32)), fmt)
    assert player._mime(data) == mime


def test_stem_bytes_fit_the_budget():
    clip = AudioClip(np.random.default_rng(0).uniform(-0.5, 0.5, (2, 44100 * 6)).astype(np.float32))
    per_minute = len(player.stem_bytes(clip)) / (6 / 60)
    assert per_minute <= 3_000_000


def test_spans_take_dicts_and_tuples():
    spans = player._spans("chords", [{"start": 0, "end": 2, "label": "C"}, (2, 4.5, "G7")])
    assert spans == [{"start": 0.0, "end": 2.0, "label": "C"}, {"start": 2.0, "end": 4.5, "label": "G7"}]


@pytest.mark.parametrize("items", [[{"start": 0}], [(1, 2)], [("a", 2, "C")]])
def test_bad_spans(items):
    with pytest.raises(ParameterError, match="chords"):
        player._spans("chords", items)


def test_the_grid_goes_to_the_browser_as_clicks_js_reads_it():
    grid = Grid.from_times([0.5, 1.0, 1.5, 2.0], [1.0], time_signature="6/8", tempo=120.0)
    assert player._grid(grid) == {
        "beats": [0.5, 1.0, 1.5, 2.0], "downbeats": [1.0], "beats_per_bar": 2, "subdivision": 3, "tempo": 120.0,
        "pulse": True,
    }  # fmt: skip
    assert player._grid(None)["beats"] == []
    assert player._grid(Grid(np.zeros(0), np.zeros(0, np.int64), pulse=False))["pulse"] is False


@pytest.mark.parametrize("grid", [[0.5, 1.0], {"beats": [0.5]}])
def test_a_grid_that_is_not_a_grid_is_refused(grid):
    with pytest.raises(ParameterError, match="grid must be the song's beat Grid"):
        player.practice_player({"vocals": "/media/v.mp3"}, grid=grid, key="p")


@pytest.mark.parametrize(
    "stems, engine, match",
    [({}, "stretch", "at least one stem"), ({"vocals": "/media/v.mp3"}, "rubberband", "engine")],
)
def test_practice_player_refuses(stems, engine, match):
    with pytest.raises(ParameterError, match=match):
        player.practice_player(stems, key="p", engine=engine)


@pytest.mark.parametrize("given", [{"speed": 3.0}, {"semitones": -13}, {"levels": {"vocals": 20.0}}])
def test_bad_settings_given_are_refused_naming_them(given):
    with pytest.raises(ParameterError, match=f"(?s)bad player settings.*{next(iter(given))}"):
        player.practice_player({"vocals": "/media/v.mp3"}, state=given, key="p")


def test_under_apptest_the_player_is_a_caption():
    """AppTest cannot mount v2 components: the page still runs and gets the state back."""
    from streamlit.testing.v1 import AppTest

    def page():
        from jamwithme.analysis.grid import Grid
        from ui.player import practice_player

        state = practice_player(
            {"vocals": b"ID3" + bytes(100)}, grid=Grid.from_times([0.5]), state={"speed": 0.8}, key="p"
        )
        import streamlit as st

        st.write(f"speed {state.speed}")

    at = AppTest.from_function(page).run(timeout=60)
    assert not at.exception
    assert [m.value for m in at.markdown] == ["speed 0.8"]
    assert "practice player" in at.caption[0].value


def _song() -> SongAnalysis:
    beats = np.arange(32) * 0.5  # 4 bars of 4/4 at 120 BPM
    chords = [(0.0, 3.0, "Bb:maj"), (3.0, 8.0, "G:min7"), (8.0, 16.0, "F:7")]
    return SongAnalysis(Grid.from_times(beats), "Bb major", 0.9, chords, [(0.0, 8.0, "A"), (8.0, 16.0, "B")], (0, 8))


@pytest.mark.parametrize("shift", [0, 2, -1, 7, 12])
def test_chords_in_every_key_agree_with_the_chordpro_chart(shift):
    """The lane, the chart by bars and the key name after a shift are the .cho's and the caption's."""
    from jamwithme.analysis import chordpro, transposed
    from jamwithme.analysis.key_names import transposed_key

    music = player._music(_song(), None, None, None)
    k = shift - music["shifts"][0]
    named = lambda item: music["names"][item["name"]][k]  # noqa: E731
    assert music["shifts"] == [-12, 12] and music["keys"][k] == transposed_key("Bb major", shift)
    cells = [
        f"[{named(bar['chords'][0])}]{n}" + "".join(f" [{named(c)}]." for c in bar["chords"][1:])
        for n, bar in enumerate(music["bars"], start=1)
    ]
    cho = chordpro(transposed(_song(), shift) if shift else _song())
    assert all(cell in cho for cell in cells) and len(cells) == 8
    expected = {0: ["Bb", "Gm7", "F7"], 2: ["C", "Am7", "G7"], -1: ["A", "F#m7", "E7"], 7: ["F", "Dm7", "C7"]}
    assert [named(c) for c in music["chords"]] == expected.get(shift, ["Bb", "Gm7", "F7"])
    assert music["bars"][1]["chords"][1] == {"at": 3.0, "name": music["chords"][1]["name"]}  # a change mid-bar
    assert len(music["names"]) == 3  # each chord's 25 names sent once


def test_chords_without_an_analysis_keep_their_labels():
    music = player._music(None, Grid.from_times(np.arange(8) * 0.5), [(0, 2, "C")], [(0, 4, "verse")])
    assert music["chords"] == [{"start": 0.0, "end": 2.0, "name": 0}] and music["names"] == [["C"] * 25]
    assert [b["start"] for b in music["bars"]] == [0.0, 2.0] and music["keys"] == []


def test_an_analysis_comes_alone():
    with pytest.raises(ParameterError, match="not both"):
        player.practice_player({"vocals": "/media/v.mp3"}, analysis=_song(), grid=_song().grid, key="p")
    with pytest.raises(ParameterError, match="SongAnalysis"):
        player.practice_player({"vocals": "/media/v.mp3"}, analysis={"key": "C major"}, key="p")


@pytest.mark.parametrize("value, bundle", [(None, "player.js"), ("0", "player.js"), ("1", "player-test-hooks.js")])
def test_the_test_hooks_are_served_only_when_asked_for(monkeypatch, value, bundle):
    if value is None:
        monkeypatch.delenv("JAMWITHME_PLAYER_TEST_HOOKS", raising=False)
    else:
        monkeypatch.setenv("JAMWITHME_PLAYER_TEST_HOOKS", value)
    assert player._bundle() == bundle
    assert ("window.__jamPlayer" in (player.ASSETS / bundle).read_text(encoding="utf-8")) == (value == "1")
    # The Melody page's lane on the same setting: its hook (window.__jamMelody) only for the tests.
    lane = melody._bundle()
    assert lane == ("melody-test-hooks.js" if value == "1" else "melody.js")
    assert ("window.__jamMelody" in (melody.ASSETS / lane).read_text(encoding="utf-8")) == (value == "1")
