"""The Melody page driven by Streamlit's AppTest: the demo song's vocal line found, shown and offered as downloads."""

from __future__ import annotations

import shutil

import pytest
from test_app import load_demo, new_app, ok, private_cache, reset_service, song_of, svc  # noqa: F401

from ui import state

pytestmark = pytest.mark.slow


def test_the_melody_page_finds_the_notes_and_offers_them_in_the_key_you_play_in():
    at = load_demo(new_app())
    at.switch_page("app_pages/melody.py").run()
    ok(at)
    assert not at.get("download_button"), "nothing to download before the notes are found"
    at.button(key=state.W_NOTES_FIND).click().run()
    ok(at)
    assert not [b for b in at.button if b.key == state.W_NOTES_FIND], "pressed, the button goes in that same run"
    summary = " ".join(m.value for m in at.markdown)
    assert "notes** in" in summary and "phrases" in summary
    names = sorted(b.proto.help for b in at.get("download_button"))
    assert svc().stored("notes", song_of(at).id, {"part": "melody"}) is not None
    assert len(names) == 3 and all(n.startswith("demo_song_melody_") for n in names), names
    assert {n.rsplit(".", 1)[1] for n in names} == {"mid", "abc", "txt"}
    at.slider(key=state.W_NOTES_SEMITONES).set_value(2).run()
    ok(at)
    moved = sorted(b.proto.help for b in at.get("download_button"))
    assert moved != names and all("-major" in n or "-minor" in n for n in moved), moved
    assert "notes in" in " ".join(c.value for c in at.caption)
    # The range is named in the key you play in (found walking the app: "A#2 to G5" stood above "notes in
    # C major" at +2, the song's own range in sharps): two semitones up here, and in flats at -2 (Bb major).
    from jamwithme.notes import note_name
    from jamwithme.service import jobs

    found = svc().read(svc().stored("notes", song_of(at).id, {"part": "melody"}), jobs.notes_in)
    low, high = found.pitch_range
    summary = " ".join(m.value for m in at.markdown)
    assert f"{note_name(low + 2)} to {note_name(high + 2)}" in summary, summary
    at.slider(key=state.W_NOTES_SEMITONES).set_value(-2).run()
    ok(at)
    assert "Bb major" in " ".join(c.value for c in at.caption)
    summary = next(m.value for m in at.markdown if "phrases" in m.value)
    flats = {"C#": "Db", "D#": "Eb", "F#": "Gb", "G#": "Ab", "A#": "Bb"}
    named = [note_name(p - 2) for p in (low, high)]
    named = [flats.get(n[:2], n[:2]) + n[2:] if "#" in n else n for n in named]
    assert "#" not in summary and summary.endswith(f"{named[0]} to {named[1]}"), summary
    at.slider(key=state.W_NOTES_SEMITONES).set_value(2).run()
    # Issue 22: the song's analysis evicted while its notes stay is made again, not "removed ... try again".
    analysis = svc().stored("analysis", song_of(at).id, {})
    shutil.rmtree(svc().store.folder / analysis)
    at.run()
    ok(at)
    assert sorted(b.proto.help for b in at.get("download_button")) == moved and svc().store.has(analysis)


def test_the_melody_page_says_so_when_nobody_sings():
    """Issue 25: a song with no singer (drums and bass) has vocals all the same, the band's bleed, and the page
    drew their noise as a melody; it now says in one line that nobody sings, and draws nothing."""
    from conftest import MUSIC, shared_file

    from jamwithme.service import jobs

    path = shared_file(MUSIC / "admiralbob77_-_Choice_-_Drum-bass.ogg")
    at = new_app()
    at.session_state[state.SONG] = svc().add_song(str(path), name=path.name, source_kind="test").id
    at.switch_page("app_pages/melody.py").run()
    ok(at)
    at.button(key=state.W_NOTES_FIND).click().run()
    ok(at)
    assert [i.value for i in at.info if "nobody sings" in i.value], [i.value for i in at.info]
    assert not [m.value for m in at.markdown if "phrases" in m.value], "no notes, no summary of them"
    found = svc().read(svc().stored("notes", song_of(at).id, {"part": "melody"}), jobs.notes_in)
    assert found.sung is False and found.notes == ()


def test_the_melody_page_without_a_song_says_so():
    at = new_app()
    at.switch_page("app_pages/melody.py").run()
    ok(at)
    assert any("Load a song first" in i.value for i in at.info)
