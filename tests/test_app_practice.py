"""The Practice page under Streamlit's AppTest: the player is the page, Export what I hear the one render,
and each song keeps its own player settings.

Under AppTest the player is a caption that hands back the settings it was given, i.e. what the
page saved as the player's last report for the song: :func:`report` stands in for the player.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import click_track, stereo, wait_for
from servers import serve_folder
from test_app import (
    APP,
    in_order,
    labels_of,
    load_demo,
    made,
    new_app,
    ok,
    private_cache,  # noqa: F401 (a fresh cache)
    song_of,
    svc,
)

from jamwithme import audio
from jamwithme.analysis.key_names import transposed_key
from jamwithme.player_state import LEVEL_RANGE, PlayerState
from ui import state

pytestmark = pytest.mark.slow

PRACTICE = "app_pages/practice.py"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    y, _ = click_track(bpm=120, seconds=8.0)
    audio.save(stereo(y), root / "clicks.flac")
    audio.save(audio.AudioClip(np.zeros((2, 12 * 44100), np.float32), 44100), root / "silence.flac")
    with serve_folder(root) as url:
        yield url


def analysed(at):
    """Wait for the session's song to be analysed (the page polls in a fragment AppTest does not run)."""
    wait_for(lambda: svc().stored("analysis", song_of(at).id, {}), timeout=600, what="the analysis stored")
    return at


def practice(at):
    at.switch_page(PRACTICE).run()
    analysed(at).run()
    return made(ok(at))  # the stems' MP3s for the player, made in the background


def report(at, **settings):
    """What the player reports when the musician changes ``settings`` on the session's song."""
    song = at.session_state[state.SONG]
    others = [list(item) for item in at.session_state[state.W_PLAYER_STATE] if item[0] != song]
    at.session_state[state.W_PLAYER_STATE] = [*others, [song, PlayerState(**settings)]]
    return ok(at.run())


def key_caption(at) -> str:
    (caption,) = [c.value for c in at.caption if c.value.startswith("Key:")]
    return caption


def music_of(at):
    from jamwithme.service.jobs import song_analysis

    return song_analysis(svc().store, svc().stored("analysis", song_of(at).id, {}))


@pytest.fixture(scope="module")
def demo():
    return practice(load_demo(new_app()))


def test_the_page_is_the_player_and_its_captions_follow_it(demo):
    at = demo
    assert not at.slider and not [b for b in at.button if b.key and "render" in b.key], "no second render form"
    assert not [h for h in at.subheader if "Render" in h.value]
    music = music_of(at)
    assert key_caption(at) == f"Key: {music.key} · {music.time_signature} · {music.tempo:.0f} BPM"
    report(at, speed=0.75, semitones=2)
    moved = transposed_key(music.key, 2)
    assert key_caption(at) == (
        f"Key: {music.key} · +2 → **{moved}** · {music.time_signature} · "
        f"{music.tempo * 0.75:.0f} BPM (75 % of {music.tempo:.0f})"
    )
    chordpro = [b.proto.label for b in at.get("download_button") if "ChordPro" in b.proto.label]
    played = round(music.tempo * 0.75)  # the .cho's {tempo} (the song's tempo once was written at 75 %)
    assert chordpro == [f"Chord chart (ChordPro, {moved}, {played} BPM)"], "the .cho is the chart as played"
    # One unit for speed on the page, the player's "%": no "×" beside it (the export's quality read "2.4× slower").
    shown = [*(r.options for r in at.radio), *([c.value] for c in at.caption), *([m.value] for m in at.markdown)]
    assert not [t for texts in shown for t in texts if "×" in t], shown
    report(at)


def test_export_what_i_hear_renders_the_players_settings_at_the_chosen_quality(demo):
    at = demo
    heard = {"speed": 0.8, "semitones": 2, "loop_on": True, "loop_start": 2.4, "loop_end": 7.2, "count_in": True}
    report(at, **heard)
    at.number_input(key=state.W_EXPORT_REPEAT).set_value(2).run()
    assert at.radio(key=state.W_EXPORT_QUALITY).value == "Fast"
    at.button(key=state.W_EXPORT).click().run()
    ok(at)
    assert not [b for b in at.button if b.key == state.W_EXPORT], "pressed, the button goes in that same run"
    settings = {"band": "full", "player": PlayerState(**heard).dict(), "repeat": 2}
    fast = svc().clips(svc().stored("export", song_of(at).id, settings))["export"]
    count_in = 4 * 60 / music_of(at).tempo / 0.8
    assert fast.duration == pytest.approx(count_in + 2 * 4.8 / 0.8, abs=0.5)
    assert at.get("audio") and not [b for b in at.get("download_button") if "export" in b.proto.label]
    assert [t for t in labels_of(in_order(at.main)) if t.startswith("Making the export download")], "its progress"
    made(at)  # its download, made in the background
    assert [b for b in at.get("download_button") if "export" in b.proto.label]
    # Away and back: the player's settings and the export are where they were, nothing made again.
    started = svc().queue.started
    at.switch_page("app_pages/load.py").run()
    at.switch_page(PRACTICE).run()
    ok(at)
    assert "+2 →" in key_caption(at) and svc().queue.started == started
    assert [b for b in at.get("download_button") if "export" in b.proto.label]
    # Best bass: an export of its own, as long (each engine's time line is within 0.3 % of the speed's), not the same.
    radio = at.radio(key=state.W_EXPORT_QUALITY)
    radio.set_value(radio.options[1]).run()
    at.button(key=state.W_EXPORT).click().run()
    ok(at)
    best = svc().clips(svc().stored("export", song_of(at).id, {**settings, "engine": "rubberband-best"}))["export"]
    assert best.n_samples == pytest.approx(fast.n_samples, rel=0.003)
    n = min(best.n_samples, fast.n_samples)
    assert not np.allclose(best.samples[:, :n], fast.samples[:, :n], atol=1e-3)
    radio.set_value(radio.options[0]).run()
    report(at)


def test_a_song_without_a_beat_shows_no_tempo(server):
    """Issue: 12 s of silence read "4/4 · 120 BPM" under the player. It says "no steady beat found" instead."""
    from jamwithme.analysis import NO_KEY, NO_PULSE

    at = new_app()
    at.switch_page("app_pages/load.py").run()
    at.text_input(key=state.W_URL).input(f"{server}/silence.flac").run()
    at.button(key=state.W_FETCH).click().run()
    practice(ok(at))
    assert not music_of(at).pulse
    assert NO_PULSE in key_caption(at) and "BPM" not in key_caption(at), key_caption(at)
    assert "Key: no key found" in key_caption(at), key_caption(at)  # silence read "B minor" (issue 20)
    # the Load page's figures too (they read "120 BPM" and "4/4")
    at.switch_page("app_pages/load.py").run()
    figures = {m.label: m.value for m in at.metric}
    assert figures["Tempo"] == figures["Time signature"] == figures["Key"] == "—", figures
    # said whole under them: st.metric cut "no steady beat found" to "no stea…" (tests/test_browser_load.py)
    said = " ".join(c.value for c in at.caption)
    assert NO_PULSE.capitalize() in said and NO_KEY.capitalize() in said, said


def test_each_song_opens_at_its_own_last_settings_and_a_reload_keeps_them(server):
    at = practice(load_demo(new_app()))
    demo_id = at.session_state[state.SONG]
    mine = {"speed": 0.75, "semitones": 2, "loop_on": True, "loop_start": 4.0, "loop_end": 8.0, "metronome": True}
    report(at, **mine)
    # Another song opens at the defaults, not at the last song's 75 %, +2, loop and metronome.
    at.switch_page("app_pages/load.py").run()
    at.text_input(key=state.W_URL).input(f"{server}/clicks.flac").run()
    at.button(key=state.W_FETCH).click().run()
    practice(ok(at))
    clicks_id = at.session_state[state.SONG]
    assert clicks_id != demo_id
    assert "→" not in key_caption(at) and not re.search(r"\(\d+ % of", key_caption(at)), key_caption(at)
    saved = dict((song, settings) for song, settings in at.session_state[state.W_PLAYER_STATE])
    assert saved[clicks_id] == PlayerState() and saved[demo_id] == PlayerState(**mine)
    assert all(isinstance(s, PlayerState) for s in saved.values()), "the session keeps the model, parsed once"
    report(at, semitones=-3)
    # Back to the first song: its own settings.
    at.switch_page("app_pages/load.py").run()
    load_demo(at)
    practice(at)
    assert "+2 →" in key_caption(at) and "(75 % of" in key_caption(at), key_caption(at)
    # A reload (a new session from the URL) keeps each song's settings.
    from streamlit.testing.v1 import AppTest

    fresh = AppTest.from_file(APP, default_timeout=300)
    fresh.query_params.update({k: v[0] for k, v in at.query_params.items()})
    fresh.run()
    practice(fresh)
    assert key_caption(fresh) == key_caption(at)
    saved = dict((song, settings) for song, settings in fresh.session_state[state.W_PLAYER_STATE])
    # Restored from the saved JSON: the song played parsed back into the model, the other one's settings as saved.
    assert saved[clicks_id] == PlayerState(semitones=-3).dict() and saved[demo_id] == PlayerState(**mine)
    assert isinstance(saved[demo_id], PlayerState)


def test_the_players_stems_stay_served_after_a_rerun_cut_short():
    """Streamlit drops a media file when a run ends without adding it again (a run cut short by the next
    rerun), while the browser may still be fetching it; the stems are kept, the latest KEPT_MEDIA_BYTES."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.media_file_storage import MediaFileStorageError
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from ui import media

    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    stems = [bytes([k]) * 1000 for k in range(3)]
    plain = manager.add(b"plain" * 200, "audio/mpeg", "plain")
    kept = [media.kept_media_url(data, "audio/mpeg", f"stem.{k}", manager=manager) for k, data in enumerate(stems)]
    manager.clear_session_refs()  # what the next run does first; cut short, it adds nothing
    manager.remove_orphaned_files()

    def served(url):
        try:
            return manager._storage.get_file(url.rsplit("/", 1)[-1]).content
        except MediaFileStorageError:
            return None

    assert served(plain) is None, "Streamlit's own media file is gone: the 404 the page had"
    assert [served(url) for url in kept] == stems
    # The latest KEPT_MEDIA_BYTES stay; older ones are let go.
    budget, media.KEPT_MEDIA_BYTES = media.KEPT_MEDIA_BYTES, 2500
    try:
        newer = media.kept_media_url(b"n" * 1000, "audio/mpeg", "stem.3", manager=manager)
        manager.remove_orphaned_files()
        assert [served(url) for url in kept] == [None, None, stems[2]] and served(newer) == b"n" * 1000
    finally:
        media.KEPT_MEDIA_BYTES = budget
    assert media.kept_media_url(b"x", "audio/mpeg", "stem.x", manager=object()) == b"x", "AppTest: the bytes"


def test_a_download_made_on_its_click_is_served_after_two_runs_end_before_the_browser_fetches_it():
    """A CI run's 24-bit WAV download answered 500 ("No media file with id"): the file a click made belongs
    to no session, and two runs of the page's polling fragments ended (two orphan sweeps) before the browser
    asked for it. It is kept, the latest KEPT_MADE_DOWNLOADS."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.media_file_storage import MediaFileStorageError
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from ui import media

    class Manager(MediaFileManager):  # a class of its own: the guard is put on it, not on Streamlit's
        pass

    media.keep_made_downloads(Manager)
    media.keep_made_downloads(Manager)  # once, however often asked
    manager = Manager(MemoryMediaFileStorage("/media"))

    def served(url):
        try:
            return manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content
        except MediaFileStorageError:
            return None

    made = []
    for k in range(media.KEPT_MADE_DOWNLOADS + 1):
        button = manager.add_deferred(lambda k=k: bytes([k]) * 100, "audio/wav", "$$ID-main-7", file_name=f"{k}.wav")
        made.append(manager.execute_deferred(button))  # the click
        manager.remove_orphaned_files()  # a fragment's run ends
        manager.remove_orphaned_files()  # and another's
        assert served(made[-1]) == bytes([k]) * 100, "the browser's request after two runs: the file is there"
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert served(made[0]) is None, "the oldest let go once more are made: an orphan like any other"
    budget, media.KEPT_MEDIA_BYTES = media.KEPT_MEDIA_BYTES, 250
    try:  # large ones: the latest kept whatever its size, older ones only within the bytes
        big = [manager.execute_deferred(manager.add_deferred(lambda k=k: bytes([k]) * 200, "audio/wav", "$$ID-main-8"))
               for k in range(2)]  # fmt: skip
        manager.remove_orphaned_files()
        manager.remove_orphaned_files()
        assert served(big[0]) is None and served(big[1]) == bytes([1]) * 200
    finally:
        media.KEPT_MEDIA_BYTES = budget


def test_a_result_player_is_kept_served_under_the_id_st_audio_gives_it():
    """ui.media.player keeps its bytes with kept_media_url, then st.audio adds them again: Streamlit names a
    file by its bytes and type, so the file the <audio> fetches is the one kept through a rerun cut short."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from ui import media

    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    flac = b"fLaC" + bytes(range(256)) * 8
    kept = media.kept_media_url(flac, "audio/flac", "player.k.accompaniment.audio/flac", manager=manager)
    shown = manager.add(flac, "audio/flac", "$$ID-main-3")  # what st.audio(flac, format="audio/flac") adds
    assert shown == kept
    manager.clear_session_refs()
    manager.remove_orphaned_files()
    assert manager._storage.get_file(shown.rsplit("/", 1)[-1].split(".")[0]).content == flac


def player_place(at) -> int:
    """The index in the page of the player (under AppTest, the caption that stands in for it)."""
    return [
        i for i, n in at.main.children.items()
        if getattr(n, "type", None) == "caption" and "practice player appears here" in n.value
    ][0]  # fmt: skip


def test_show_the_melody_finds_its_notes_for_the_player_once(demo):
    """The button finds the vocals' notes (the Melody page's stored job) and hands them to the player; then it goes."""
    at = demo
    assert svc().stored("notes", song_of(at).id, {"part": "melody"}) is None
    place = player_place(at)
    at.button(key=state.W_PRACTICE_MELODY).click().run()
    ok(at)
    made(at)  # the notes separated the song: the player's stems are now its MP3s, made in the background
    # The player keeps its place in the page as the notes arrive: moved, the browser built it anew (stopped, 0:00).
    assert player_place(at) == place
    assert svc().stored("notes", song_of(at).id, {"part": "melody"}) is not None
    # Pressed, the button goes in that same run (it stood above the found melody until the next click).
    assert not [b for b in at.button if b.key == state.W_PRACTICE_MELODY], "still offered beside its notes"
    at.run()
    ok(at)
    assert not [b for b in at.button if b.key == state.W_PRACTICE_MELODY], "found: the player has them, no button"
    assert player_place(at) == place
    assert any("practice player appears here" in c.value for c in at.caption)


def test_export_what_i_hear_has_nothing_of_a_track_the_player_has_off(demo):
    """At the bottom of its range a track's control says "off" and the player silences it: the export too."""
    at = demo
    off = {"solo": ["vocals"], "levels": {"vocals": LEVEL_RANGE[0]}}  # the vocals alone, at the floor
    report(at, **off)
    at.button(key=state.W_EXPORT).click().run()
    ok(at)
    key = svc().stored("export", song_of(at).id, {"band": "full", "player": PlayerState(**off).dict()})
    muted = {"band": "full", "player": PlayerState(**off, mute=["vocals"]).dict()}
    assert key is not None and key == svc().stored("export", song_of(at).id, muted), "the export with it muted"
    clip = svc().clips(key)["export"]
    assert clip.n_samples > 0 and not np.asarray(clip.samples).any(), "silence, not the song at -60 dB"
    report(at)


def test_export_what_i_hear_has_the_melody_track_the_player_plays(demo):
    """With the melody found, the player plays a "melody" track: the export has it, at the player's level."""
    from jamwithme.notes.voice import synthesize
    from jamwithme.service.jobs import song_notes

    at = demo
    notes_key = svc().stored("notes", song_of(at).id, {"part": "melody"})
    if notes_key is None:  # run alone: find them as the page does
        at.button(key=state.W_PRACTICE_MELODY).click().run()
        notes_key = svc().stored("notes", song_of(at).id, {"part": "melody"})
    notes = song_notes(svc().store, notes_key).notes
    assert notes, "the demo's vocals have notes"
    heard = {"solo": ["melody"], "levels": {"melody": -6.0}}
    report(at, **heard)
    at.button(key=state.W_EXPORT).click().run()
    ok(at)
    settings = {"band": "full", "player": PlayerState(**heard).dict(), "melody": {"part": "melody"}}
    clip = svc().clips(svc().stored("export", song_of(at).id, settings))["export"]
    voice = synthesize(notes, sample_rate=clip.sample_rate, length=clip.n_samples) * 10 ** (-6 / 20)
    np.testing.assert_allclose(clip.samples, np.stack([voice, voice]), atol=1e-6)  # the voice alone, -6 dB
    # The melody muted: the export (and its key) is the one without the track.
    report(at, mute=["melody"])
    assert svc().stored("export", song_of(at).id, {"band": "full", "player": PlayerState(mute=["melody"]).dict(),
                                                   "melody": {"part": "melody"}}) == svc().stored(
        "export", song_of(at).id, {"band": "full", "player": PlayerState(mute=["melody"]).dict()})  # fmt: skip
    report(at)


def test_a_download_click_is_answered_after_a_rerun_gave_the_button_a_new_id():
    """A download whose data is made on the click gets a new file id every run; the last run's id was forgotten
    when the next run ended, so a click the browser sent with it downloaded nothing. Kept, it is answered."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.media_file_storage import MediaFileStorageError
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from ui import media

    manager = MediaFileManager(MemoryMediaFileStorage("/media"))

    def run(keep: bool) -> str:
        """One script run drawing one such button; its file id."""
        manager.clear_session_refs()  # what a run does first
        draw = lambda: manager.add_deferred(lambda: b"the take", "audio/wav", "coord", "take.wav")  # noqa: E731
        file_id = media.kept_download(draw, manager=manager) if keep else draw()
        manager.remove_orphaned_files()  # what a run does last
        return file_id

    plain = run(keep=False)
    run(keep=False)
    with pytest.raises(MediaFileStorageError, match="not found"):
        manager.execute_deferred(plain)  # Streamlit's own: the click the browser sent with the last id
    old = run(keep=True)
    run(keep=True)
    assert manager._storage.get_file(manager.execute_deferred(old).rsplit("/", 1)[-1].split(".")[0]).content == (
        b"the take"
    )
    # The latest KEPT_DOWNLOADS stay; older ones are let go.
    most, media.KEPT_DOWNLOADS = media.KEPT_DOWNLOADS, 2
    try:
        run(keep=True)
        run(keep=True)
        with pytest.raises(MediaFileStorageError, match="not found"):
            manager.execute_deferred(old)
    finally:
        media.KEPT_DOWNLOADS = most
    assert media.kept_download(lambda: "drawn", manager=object()) == "drawn", "AppTest: drawn as it is"


def test_the_melody_page_opens_in_the_key_the_player_plays_in(demo):
    """At +2 in the player, the Melody page said "notes in Bb major" and gave its MIDI a tone below what is played."""
    at = demo
    report(at, semitones=2)
    at.switch_page("app_pages/melody.py").run()
    ok(at)
    if not [s for s in at.slider if s.key == state.W_NOTES_SEMITONES]:  # run alone: the notes found here
        at.button(key=state.W_NOTES_FIND).click().run()
        ok(at)
    assert at.slider(key=state.W_NOTES_SEMITONES).value == 2
    moved = transposed_key(music_of(at).key, 2)
    assert any(f"notes in **{moved}**" in c.value for c in at.caption), [c.value for c in at.caption]
    at.switch_page(PRACTICE).run()
    report(at)


def notes_key(at) -> int:
    """The Melody page's key slider for the session's song (its notes found, as they are, if not yet)."""
    at.switch_page("app_pages/melody.py").run()
    ok(at)
    if not [s for s in at.slider if s.key == state.W_NOTES_SEMITONES]:
        at.button(key=state.W_NOTES_FIND).click().run()
        ok(at)
    return at.slider(key=state.W_NOTES_SEMITONES).value


def test_the_melody_page_keeps_the_key_of_each_song_with_the_player(demo, server):
    """Issue 21 (settings per song): the Melody page's key was the browser tab's. After its first visit it no
    longer followed the Practice player's key for the song, and another song opened in the last song's key."""
    at = demo
    demo_id = at.session_state[state.SONG]
    report(at, semitones=2)
    assert notes_key(at) == 2
    at.switch_page(PRACTICE).run()
    report(at, semitones=-3)  # moved in the player after the Melody page's first visit
    assert notes_key(at) == -3
    # Moved on the Melody page: the player's key for the song, the rest of its settings as they were.
    report(at, semitones=-3, speed=0.8)
    assert notes_key(at) == -3
    at.slider(key=state.W_NOTES_SEMITONES).set_value(4).run()
    ok(at)
    assert state_of(at, demo_id) == PlayerState(semitones=4, speed=0.8)
    assert any(f"notes in **{transposed_key(music_of(at).key, 4)}**" in c.value for c in at.caption)
    practice(at)
    assert "+4 →" in key_caption(at) and "(80 % of" in key_caption(at), key_caption(at)
    # Another song (its notes found as it is): its own key, not the last song's +4.
    at.switch_page("app_pages/load.py").run()
    at.text_input(key=state.W_URL).input(f"{server}/clicks.flac").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    analysed(at)
    at.switch_page("app_pages/melody.py").run()
    at.checkbox(key=state.W_NOTES_AS_IS).check().run()
    assert notes_key(at) == 0
    at.slider(key=state.W_NOTES_SEMITONES).set_value(-1).run()
    ok(at)
    assert state_of(at, at.session_state[state.SONG]) == state.jam_track_defaults(separated=False).copy(
        update={"semitones": -1.0}
    )
    at.checkbox(key=state.W_NOTES_AS_IS).uncheck().run()
    # Back to the first song: its own +4.
    at.switch_page("app_pages/load.py").run()
    load_demo(at)
    assert notes_key(at) == 4 and state_of(at, demo_id).semitones == 4
    practice(at)
    report(at)


def state_of(at, song: str) -> PlayerState:
    (found,) = [PlayerState.parse_obj(s) for i, s in at.session_state[state.W_PLAYER_STATE] if i == song]
    return found
