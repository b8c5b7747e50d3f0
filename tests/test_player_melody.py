"""The melody in the practice player, in a real browser: tests/player_app.py with the song's melody as its notes.

The melody (player_song.melody_line: a C major scale, a note on every beat held 0.4 s) is drawn as a
piano roll over the waveform and played as the "melody" track. The lit note must be the note under
the playhead (none in a rest), two semitones higher at +2 st; the track must sound the notes in the
key played; the roll must zoom with the waveform.
"""

from __future__ import annotations

import numpy as np
import pytest
from player_song import BPM, NOTE_SECONDS, melody_line, synthetic_stems
from test_player import browser, open_player, pitch, ready, render, reported, running_app, settle  # noqa: F401

from jamwithme import export, player_state
from jamwithme.errors import ParameterError
from jamwithme.notes.notation import tab_positions
from ui.player import _melody

SECONDS = 20.0
LINE = melody_line(SECONDS).notes
#: Readings this close to a note's start or end are not judged: the player writes the position to the ms.
EDGE = 0.002


@pytest.fixture(scope="module")
def app(browser, tmp_path_factory):  # noqa: F811
    with running_app(tmp_path_factory.mktemp("melody"), JAM_PLAYER_SECONDS=str(SECONDS), JAM_PLAYER_MELODY="1") as url:
        yield open_player(browser, url)


def truth(position: float) -> int | None | str:
    """The line's pitch at ``position`` (None in a rest), or "edge" near a note's start or end."""
    for n in LINE:
        if abs(position - n.start) < EDGE or abs(position - n.end) < EDGE:
            return "edge"
        if n.start <= position < n.end:
            return n.pitch
    return None


#: The lit note as the player shows it and the position it showed it for (its last tick's), read in one go.
READ_LIT = """() => { const p = __jamPlayer.player;
  return [p.lit.pitch, p.lit.name, p.root.dataset.lit, p.view.roll.node.querySelector("b.lit")?.dataset.pitch ?? null,
          Number(p.root.dataset.position)]; }"""


def judged(page, read: str, count: int, skip=lambda position: False) -> list[tuple]:
    """``count`` readings of ``read`` (its last value the position) that can be judged, at least 0.13 s of play apart.

    Each reading is judged at the position the player's tick showed it for (its root's data-position), not at
    the clock's now: on a busy machine the tick that lit a note is 100 ms and more behind the clock, across a
    note's edge. Readings within EDGE of an edge (or ``skip``-ped) are not judged, so readings are taken until
    ``count`` are. 0.13 s is no divisor of the beat, so the readings walk through the notes' positions instead of
    landing on the same one each beat.
    """
    out = []
    for _ in range(6 * count):
        start = page.evaluate("Number(__jamPlayer.player.root.dataset.position)")
        page.wait_for_function("t => Number(__jamPlayer.player.root.dataset.position) > t + 0.13", arg=start)
        *shown, position = page.evaluate(read)
        assert position < SECONDS - 0.5, f"the song ended with {len(out)} of {count} readings judged"
        if truth(position) != "edge" and not skip(position):
            out.append((*shown, position))
            if len(out) == count:
                return out
    raise AssertionError(f"{len(out)} of {count} readings off the notes' edges in {6 * count} tries")


def readings(page, count: int) -> list[tuple]:
    """``count`` judged readings of (lit pitch, its name, the root's data-lit, the lit bar's pitch, position)."""
    return judged(page, READ_LIT, count)


@pytest.mark.slow
@pytest.mark.browser
def test_the_lit_note_follows_the_playhead_and_moves_with_the_key(app):
    page, errors, _ = app
    assert page.evaluate("__jamPlayer.player.names") == ["tone", "clicks", "melody"]
    assert page.evaluate("__jamPlayer.player.view.roll.node.children.length") == len(LINE)
    low_bar_top = page.evaluate("parseFloat(__jamPlayer.player.view.roll.node.children[0].style.top)")
    page.evaluate("() => { __jamPlayer.player.seek(0.2); __jamPlayer.player.playPause(); }")
    for lit, name, data_lit, bar, position in readings(page, 6):
        want = truth(position)
        assert lit == want, (lit, want, position)
        assert data_lit == ("" if want is None else str(want))
        assert bar == (None if want is None else str(want))
        if want is not None:
            assert name[:-1] in "C D E F G A B".split()  # C major: no accidentals
    settle(page, semitones=2)
    page.wait_for_function("__jamPlayer.player.lit.semitones === 2", timeout=10_000)
    names = {62: "D4", 64: "E4", 66: "F#4", 67: "G4", 69: "A4", 71: "B4", 73: "C#5", 74: "D5"}  # D major
    for lit, name, _, bar, position in readings(page, 5):
        want = truth(position)
        assert lit == (None if want is None else want + 2), (lit, want, position)
        if want is not None:
            assert name == names[want + 2] and bar == str(want + 2)
    # the roll's notes moved up two rows: the first (C4, now D4) sits higher than it did
    first = page.evaluate(
        "() => { const b = __jamPlayer.player.view.roll.node.children[0];"
        " return [b.dataset.pitch, parseFloat(b.style.top)]; }"
    )
    assert first[0] == "62" and first[1] < low_bar_top
    page.evaluate("__jamPlayer.player.playPause()")
    settle(page, semitones=0)
    assert errors == []


@pytest.mark.slow
@pytest.mark.browser
def test_the_melody_track_sounds_the_notes_in_the_key_played(app):
    page, _, _ = app
    beat = 60.0 / BPM
    note = LINE[2]  # E4, 1.0 s to 1.4 s
    assert note.pitch == 64 and note.start == 2 * beat
    for semitones in (0, 2):
        options = {"from": note.start, "seconds": 1.0, "settings": {"solo": ["melody"], "semitones": semitones}}
        y = render(page, **options)
        held = y[0, round(0.05 * 44100) : round((NOTE_SECONDS - 0.05) * 44100)]
        hz = pitch(held)
        want = 440.0 * 2 ** ((note.pitch + semitones - 69) / 12)
        assert abs(1200 * np.log2(hz / want)) < 15, (semitones, hz, want)
        assert np.sqrt(np.mean(held**2)) > 0.05  # heard, not a whisper
    # the rest after the note (its release is 60 ms) is silent on the direct path
    y = render(page, **{"from": note.start, "seconds": 0.5, "settings": {"solo": ["melody"]}})
    assert np.abs(y[0, round(0.47 * 44100) : round(0.49 * 44100)]).max() < 1e-3
    # its own level, mute and solo, as a stem
    y = render(page, **{"from": note.start, "seconds": 0.5, "settings": {"solo": ["melody"], "mute": ["melody"]}})
    assert np.abs(y).max() < 1e-4
    quiet = render(
        page, **{"from": note.start, "seconds": 0.3, "settings": {"solo": ["melody"], "levels": {"melody": -12}}}
    )
    loud = render(page, **{"from": note.start, "seconds": 0.3, "settings": {"solo": ["melody"]}})
    assert abs(20 * np.log10(np.abs(quiet).max() / np.abs(loud).max()) + 12) < 0.5
    page.evaluate("__jamPlayer.player.set({levels: {tone: 0, clicks: 0, melody: -6}})")
    reported(page, '"melody": -6.0')  # reported to Python with the stems' levels


@pytest.mark.slow
@pytest.mark.browser
def test_export_what_i_hear_has_the_melody_the_browser_plays(app):
    """The server's export of the player's settings with its melody track (jamwithme.notes.voice) is what the
    browser plays (melody.js), the voice and the band at their levels: at 1.0x / 0 st, sample for sample."""
    page, _, _ = app
    stems, grid = synthetic_stems(SECONDS)
    settings = {"levels": {"tone": -12.0, "clicks": -60.0, "melody": -3.0}, "mute": ["clicks"]}
    y = render(page, **{"from": 0.0, "seconds": 6.0, "settings": settings})
    short = {name: type(clip)(clip.samples[:, : 6 * 44100]) for name, clip in stems.items()}
    ref = export.render(short, player_state.PlayerState(**settings), grid=grid.within(0.0, 6.0), melody=LINE).samples
    n = min(ref.shape[1], y.shape[1]) - 441  # the browser fades the last 10 ms out
    voice = np.abs(ref[0, :n]).max()
    assert voice > 0.2, "the melody is in the export"  # the tone alone peaks at 0.06
    snr = 10 * np.log10(np.sum(ref[:, :n] ** 2) / np.sum((y[:, :n] - ref[:, :n]) ** 2))
    assert snr >= 80, f"SNR {snr:.1f} dB"  # 139 dB measured: float rounding; a voice or level apart is < 20


#: The staff as shown, with the player's own lit note and the position its tick showed them for, read in one go.
READ_STAFF = """() => { const p = __jamPlayer.player;
  const staff = p.root.querySelector("[data-testid=jam-melody-staff]"); const head = staff.querySelector(".note.lit");
  return [p.lit.pitch, staff.dataset.lit, staff.dataset.litStep, head ? parseFloat(head.getAttribute("cy")) : null,
          staff.dataset.phrase, Number(p.root.dataset.position)]; }"""
#: The staff's steps of the scale's notes in C major (letters from C-1: C4 is 35), and its geometry (notation.js).
STEPS = {60: 35, 62: 36, 64: 37, 65: 38, 67: 39, 69: 40, 71: 41, 72: 42}
TOP, GAP, TREBLE_TOP_STEP = 40, 10, 45


@pytest.mark.slow
@pytest.mark.browser
def test_the_staff_lights_the_note_now_and_moves_it_with_the_key(app, artifacts):
    """The phrase now on a staff: the lit note is the one under the playhead, in the phrase being sung; at +2 st
    it is two semitones up, a letter higher on the staff (the scale in D major), and the tab follows the key."""
    page, errors, _ = app
    phrases = melody_line(SECONDS).phrases
    assert [(p.first, p.count) for p in phrases] == [(0, 16), (16, 16), (32, 8)]
    page.evaluate("() => { __jamPlayer.player.seek(6.6); __jamPlayer.player.playPause(); }")
    phrases_seen = set()
    # until a reading in the second phrase (from 8 s): the phrase on the staff changes with the one sung
    seen = judged(page, READ_STAFF, 5, skip=lambda position: abs(position - 8.0) < 0.1)
    while seen[-1][-1] < 8.1:
        seen += judged(page, READ_STAFF, 1, skip=lambda position: abs(position - 8.0) < 0.1)
    for lit, staff_lit, step, cy, phrase, position in seen:
        want = truth(position)
        phrases_seen.add(phrase)
        assert phrase == ("0" if position < 8.0 else "1"), (phrase, position)
        assert staff_lit == ("" if want is None else str(want)) and lit == want, (staff_lit, want, position)
        if want is not None:
            assert int(step) == STEPS[want]
            assert cy == pytest.approx(TOP + (TREBLE_TOP_STEP - STEPS[want]) * GAP / 2)
    assert phrases_seen == {"0", "1"}
    settle(page, semitones=2)
    page.wait_for_function(
        "__jamPlayer.player.root.querySelector('[data-testid=jam-melody-staff]').dataset.semitones === '2'",
        timeout=10_000,
    )
    for lit, staff_lit, step, cy, _, position in judged(page, READ_STAFF, 4):
        want = truth(position)
        assert staff_lit == ("" if want is None else str(want + 2)) and lit == (None if want is None else want + 2)
        if want is not None:
            assert int(step) == STEPS[want] + 1  # C→D, E→F#, B→C#: a letter up, every one
            assert cy == pytest.approx(TOP + (TREBLE_TOP_STEP - STEPS[want] - 1) * GAP / 2)  # half a gap higher
    page.evaluate("__jamPlayer.player.playPause()")
    # The tab on request: the phrase's frets, the Melody page's fingering of the line moved +2.
    page.click("[data-testid=jam-melody-tab]")
    page.wait_for_function("__jamPlayer.player.root.querySelectorAll('.melody-staff .tab-string').length > 0")
    assert page.evaluate("__jamPlayer.player.showTab") is True  # kept by the player: a remount shows it again
    shown = page.evaluate(
        "() => { const s = __jamPlayer.player.root.querySelector('[data-testid=jam-melody-staff]');"
        " return [s.dataset.phrase, [...s.querySelectorAll('.tab-string')].map((t) => t.textContent),"
        " [...s.querySelectorAll('.tab-fret')].map((t) => t.textContent)]; }"
    )
    phrase = phrases[int(shown[0])]
    _, frets, _ = tab_positions([n.pitch + 2 for n in LINE])
    assert shown[1] == ["e", "B", "G", "D", "A", "E"]
    assert shown[2] == [str(f) for _, f in frets[phrase.first : phrase.first + phrase.count]]
    page.locator("[data-testid=jam-melody-staff]").screenshot(path=str(artifacts / "player_staff_tab.png"))
    page.click("[data-testid=jam-melody-tab]")
    assert page.evaluate("__jamPlayer.player.showTab") is False
    settle(page, semitones=0)
    assert errors == []


#: The staff's note heads as the page shows them: [left, top, right, bottom] in px, and the lines' count.
HEADS = """() => { const s = __jamPlayer.player.root.querySelector("[data-testid=jam-melody-staff]");
  return [[...s.querySelectorAll(".note")].map((h) => { const r = h.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; }), Number(s.dataset.rows)]; }"""


@pytest.mark.slow
@pytest.mark.browser
def test_the_staff_wraps_on_a_phone_and_its_notes_stay_readable(app, browser, artifacts):  # noqa: F811
    """QA at 390 px (a phone): the phrase was scaled down to one line, its note heads 5 px wide. Now a note head
    keeps its size (about 11 px), the phrase wraps onto more lines, every note inside the viewport, none on another."""
    page0, _, _ = app
    for width, height in [(390, 844), (1300, 900)]:
        page = browser.new_page(viewport={"width": width, "height": height})
        try:
            page.goto(page0.url, wait_until="domcontentloaded")
            ready(page)
            page.evaluate("__jamPlayer.player.seek(2.2)")
            page.wait_for_function(
                "__jamPlayer.player.root.querySelector('[data-testid=jam-melody-staff]').dataset.phrase === '0'"
                " && __jamPlayer.player.root.querySelectorAll('.melody-staff .note').length === 16"
            )
            staff = page.locator("[data-testid=jam-melody-staff]")
            staff.scroll_into_view_if_needed()
            heads, rows = page.evaluate(HEADS)
            if width == 390:
                staff.screenshot(path=str(artifacts / "player_staff_390px.png"))
        finally:
            page.close()
        assert len(heads) == 16
        assert all(0 <= left and right <= width for left, _, right, _ in heads), (width, heads)
        assert all(right - left >= 9 for left, _, right, _ in heads), (width, heads)  # readable: as on a desktop
        for i, a in enumerate(heads):
            for b in heads[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (width, a, b)
        assert (rows > 1) == (width == 390), (width, rows)  # a desktop's line holds the phrase


#: Every message to a worklet (the stretcher's changes, its buffers) delivered `ms` late, as on a busy machine.
LATE_PORT = """ms => { const post = MessagePort.prototype.postMessage; window.__jamPost = post;
  MessagePort.prototype.postMessage = function (...args) { setTimeout(() => post.apply(this, args), ms); }; }"""


@pytest.mark.slow
@pytest.mark.browser
def test_an_offline_render_waits_for_the_stretcher_to_take_its_start(app):
    """The cause of a +2 st offline render that was all zeros once in CI: the stretcher's start, sent as
    the engine plans, reached the worklet after the offline context had rendered everything. Delivered
    100 ms late it did so every time (0 st, on the direct path, was never touched); the render now waits."""
    page, _, _ = app
    page.evaluate(LATE_PORT, 100)
    try:
        for semitones in (2, -3):
            y = render(
                page,
                **{"from": LINE[2].start, "seconds": 0.5, "settings": {"solo": ["melody"], "semitones": semitones}},
            )
            held = y[0, round(0.05 * 44100) : round(0.35 * 44100)]
            assert np.sqrt(np.mean(held**2)) > 0.05, f"silent at {semitones:+d} st"
            want = 440.0 * 2 ** ((LINE[2].pitch + semitones - 69) / 12)
            assert abs(1200 * np.log2(pitch(held) / want)) < 15
    finally:
        page.evaluate("() => { MessagePort.prototype.postMessage = window.__jamPost; }")


@pytest.mark.slow
@pytest.mark.browser
def test_the_roll_zooms_and_scrolls_with_the_waveform(app):
    page, _, _ = app
    where = """() => { const p = __jamPlayer.player; const w = p.ws.getWrapper().getBoundingClientRect();
      const b = p.view.roll.node.querySelector("b.lit").getBoundingClientRect();
      return [b.left, b.right, b.width, w.left + (p.engine.position / p.engine.duration) * w.width]; }"""
    widths = []
    for level in (0, 2):
        page.evaluate(f"() => {{ __jamPlayer.player.view.zoom({level}); __jamPlayer.player.seek(10.2); }}")
        page.wait_for_function("__jamPlayer.player.lit.index === 20", timeout=10_000)
        left, right, width, playhead = page.evaluate(where)
        assert left <= playhead <= right, (level, left, playhead, right)
        widths.append(width)
    assert 3.5 < widths[1] / widths[0] < 4.5  # 2 ** 2 times closer
    page.evaluate("__jamPlayer.player.view.zoom(0)")


def test_melody_data_names_the_notes_in_every_key():
    found = melody_line(4.0)
    keys = ["F major"] * 25
    data = _melody(found, keys)
    assert data["range"] == [60, 72] and len(data["notes"]) == 8 and data["notes"][1]["pitch"] == 62
    assert data["names"][0][10] == ["Bb", 0] and data["names"][0][5] == ["F", 0]
    b_sharp = _melody(found, ["C# major"] * 25)["names"][0][0]
    assert b_sharp == ["B#", -1]  # MIDI 60 in C# major: B#3
    assert [(p["first"], p["count"]) for p in data["phrases"]] == [(0, 8)]
    # the tab after every shift: [string, fret] per note, the Melody page's fingering of the moved line
    assert data["strings"] == ["e", "B", "G", "D", "A", "E"] and len(data["tabs"]) == 25
    for k, shift in enumerate(range(-12, 13)):
        _, frets, _ = tab_positions([n.pitch + shift for n in found.notes])
        assert data["tabs"][k] == [x for fret in frets for x in fret]
    assert all(len(tab) == 2 * len(found.notes) for tab in data["tabs"])
    assert _melody(None, keys) is None
    with pytest.raises(ParameterError, match="Transcription"):
        _melody([{"start": 0, "end": 1, "pitch": 60}], keys)


#: The waveform's view: [seconds across it, the time at its left edge].
VIEW = """() => { const p = __jamPlayer.player;
  return [p.view.visibleSeconds(), (p.ws.getScroll() / p.ws.getWrapper().clientWidth) * p.engine.duration]; }"""


@pytest.mark.slow
@pytest.mark.browser
def test_the_melody_arriving_while_playing_keeps_the_music_going(browser, tmp_path):  # noqa: F811
    """The Practice page's "Show the melody" delivers the notes while the song may play: the player takes them
    (the roll, the "melody" track) and plays on from where it was, not stopped and back at 0:00; the waveform
    stays zoomed and scrolled as it was."""
    with running_app(tmp_path, JAM_PLAYER_SECONDS="60", JAM_PLAYER_MELODY="ask") as url:
        page, errors, _ = open_player(browser, url)
        assert page.evaluate("__jamPlayer.player.names") == ["tone", "clicks"]
        # QA: the waveform's zoom and scroll went back to the whole song when the notes arrived.
        page.evaluate("() => { __jamPlayer.player.seek(20); __jamPlayer.player.view.zoom(2); }")
        page.evaluate("__jamPlayer.player.ws.setScrollTime(30)")  # away from the playhead, paused
        zoomed = page.evaluate(VIEW)
        assert zoomed[0] < 20 and zoomed[1] == pytest.approx(30, abs=0.5), zoomed
        page.get_by_text("Show the melody").click()
        page.wait_for_function("__jamPlayer.player.names.includes('melody') && __jamPlayer.player.view?.roll")
        page.wait_for_function(f"__jamPlayer.player.view.visibleSeconds() < {zoomed[0] + 1}", timeout=10_000)
        assert page.evaluate(VIEW) == pytest.approx(zoomed, abs=0.5)
        page.get_by_text("Show the melody").click()  # and back without the notes: the same view
        page.wait_for_function("!__jamPlayer.player.names.includes('melody') && __jamPlayer.player.view")
        page.wait_for_function(f"__jamPlayer.player.view.visibleSeconds() < {zoomed[0] + 1}", timeout=10_000)
        assert page.evaluate(VIEW) == pytest.approx(zoomed, abs=0.5)
        page.evaluate("() => { __jamPlayer.player.seek(20); __jamPlayer.player.playPause(); }")
        page.wait_for_function("__jamPlayer.player.engine.playing && __jamPlayer.player.engine.position > 20.2")
        page.get_by_text("Show the melody").click()
        page.wait_for_function("__jamPlayer.player.names.includes('melody') && __jamPlayer.player.view?.roll")
        start = page.evaluate("__jamPlayer.player.engine.position")
        assert start >= 20, start
        page.wait_for_function("t => __jamPlayer.player.engine.position > t + 0.5", arg=start, timeout=10_000)
        assert page.evaluate("__jamPlayer.player.engine.playing")
        assert page.evaluate("__jamPlayer.player.view.roll.node.children.length") == len(melody_line(60.0).notes)
        assert page.locator(".jam-player").count() == 1
        page.wait_for_function("__jamPlayer.player.controls.transport.querySelector('.play').textContent === 'Pause'")
        page.evaluate("__jamPlayer.player.playPause()")
        assert errors == []


#: The staff's bar lines and note heads (left, right, its value, its stem's count) as the page shows them.
RHYTHM = """() => { const s = __jamPlayer.player.root.querySelector("[data-testid=jam-melody-staff]");
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
  return { bars: [...s.querySelectorAll(".bar-line")].map(box),
           heads: [...s.querySelectorAll("ellipse.note")].map((h) => [...box(h), h.dataset.value,
             s.querySelectorAll(`.note-value[data-index="${h.dataset.index}"] .note-stem`).length]) }; }"""


@pytest.mark.browser
def test_the_staff_has_the_songs_bars_and_each_notes_value(app, artifacts):
    """QA walk: the staff drew note heads only. In the player it reads the song's grid: the scale's notes, one a beat
    (held 0.4 s of 0.5), are quarter notes with stems, four to a bar, a bar line before every fourth."""
    page, errors, _ = app
    page.evaluate("__jamPlayer.player.seek(2.2)")
    page.wait_for_function(
        "__jamPlayer.player.root.querySelector('[data-testid=jam-melody-staff]').dataset.phrase === '0'"
        " && __jamPlayer.player.root.querySelectorAll('.melody-staff ellipse.note').length === 16"
    )
    drawn = page.evaluate(RHYTHM)
    page.locator("[data-testid=jam-melody-staff]").screenshot(path=str(artifacts / "player_staff_rhythm.png"))
    heads, bars = drawn["heads"], sorted(drawn["bars"])
    assert [(value, stems) for _, _, value, stems in heads] == [("quarter", 1)] * 16
    assert len(bars) == 4  # the downbeats at 0, 2, 4 and 6 s: the phrase's first note to its last
    for k, (left, right) in enumerate(bars):
        assert right <= heads[4 * k][0] and (k == 0 or heads[4 * k - 1][1] <= left), (k, bars, heads)
    assert errors == []
