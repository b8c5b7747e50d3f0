"""The melody lane in a real browser: tests/melody_app.py under `streamlit run`, driven by Playwright.

Started with ``JAMWITHME_PLAYER_TEST_HOOKS=1``, the page exposes ``window.__jamMelody.lane``
(its position, the lit note, the notes it was given, its tracks). The lane plays a known line;
the lit note must be the note under the playhead, and two semitones up it must be two semitones higher.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from test_player import browser, pitch, running_app  # noqa: F401 (the module's Chromium)

from ui.melody import lane_data

pytestmark = [pytest.mark.slow, pytest.mark.browser]

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):  # noqa: F811
    with running_app(tmp_path_factory.mktemp("melody"), "tests/melody_app.py") as url:  # with the lane's test hook
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(url, wait_until="domcontentloaded")
        # the app's first run makes the stems before the lane mounts: minutes on the busy machine
        tab.wait_for_function("window.__jamMelody?.lane?.readyAt !== undefined", timeout=300_000)
        yield tab, errors


#: The lit note and the note of the line under the playhead, read in one frame: (lit, truth, position). The
#: position is the one the last animation frame lit the note for (not the clock's now, which on a busy machine
#: is a frame or more later, past the edge of a note).
READ = """(shift) => { const l = __jamMelody.lane; const t = Number(l.root.dataset.position);
  const n = l.notes.find((n) => n.start <= t && t < n.end);
  return [l.lit, n ? n.pitch - l.semitones + shift : null, t,
          l.root.querySelector("[data-testid=jam-melody-staff]").dataset.lit]; }"""


def lit_notes(page, shift: int, count: int = 6) -> list[tuple[int, int, float]]:
    """``count`` readings of (lit pitch, the line's pitch there moved by ``shift``, position), 0.35 s of song apart."""
    out = []
    for _ in range(count):
        start = page.evaluate("__jamMelody.lane.position")
        # the lit note is updated each animation frame: wait for a frame 0.35 s of song on
        page.wait_for_function("t => Number(__jamMelody.lane.root.dataset.position) > t + 0.35", arg=start)
        lit, line, position, staff = page.evaluate(READ, shift)
        # the staff (the Practice player's, notation.js) lights the same note in the same frame
        assert staff == ("" if lit is None else str(lit)), (staff, lit)
        out.append((lit, line, position))
    return out


def test_the_lit_note_follows_the_playhead_and_the_key(page):
    import melody_app

    tab, errors = page
    truth = {round(n.start, 3): n.pitch for n in melody_app.line()}
    tab.evaluate("__jamMelody.lane.playPause()")
    seen = lit_notes(tab, 0)
    # the line itself (not the lane's copy of it) gives the pitch under the playhead
    for lit, _, position in seen:
        at = truth[round(0.5 * int(position / 0.5), 3)]
        near_edge = abs(position / 0.5 - round(position / 0.5)) < 0.04  # a frame's lag at a note change
        assert lit == at or near_edge, (lit, at, position)
    assert len({lit for lit, _, _ in seen}) >= 3 and seen[-1][2] > seen[0][2] + 1.5
    # the melody track sounds: the player's voice (melody.js synthesize) of the notes, played with the stems
    assert tab.evaluate(
        "__jamMelody.lane.sources.some((s) => s.buffer === __jamMelody.lane.tracks.get('melody').buffer)"
    )
    held = tab.evaluate(
        "() => { const l = __jamMelody.lane; const n = l.notes[0]; const b = l.tracks.get('melody').buffer;"
        " const d = b.getChannelData(0).subarray(Math.round((n.start + 0.05) * b.sampleRate),"
        " Math.round((n.end - 0.05) * b.sampleRate)); return [n.pitch, b.sampleRate, Array.from(d)]; }"
    )
    assert abs(1200 * np.log2(pitch(np.array(held[2], np.float32), held[1]) / (440 * 2 ** ((held[0] - 69) / 12)))) < 15
    tab.get_by_text("2", exact=True).click()  # the radio: +2 semitones
    tab.wait_for_function("__jamMelody.lane.semitones === 2", timeout=30_000)
    for lit, _, position in lit_notes(tab, 2):
        at = truth[round(0.5 * int(position / 0.5), 3)]
        near_edge = abs(position / 0.5 - round(position / 0.5)) < 0.04
        assert lit == at + 2 or near_edge, (lit, at, position)
    assert tab.evaluate("__jamMelody.lane.root.dataset.semitones") == "2"
    tab.evaluate("__jamMelody.lane.set('melody', {mute: true})")
    assert tab.evaluate("__jamMelody.lane.tracks.get('melody').mute") is True
    tab.evaluate("__jamMelody.lane.playPause()")
    assert not errors, errors


def test_lane_data_moves_spells_and_fingers_the_notes():
    from types import SimpleNamespace

    import melody_app

    from jamwithme.analysis.grid import Grid
    from jamwithme.notes import Transcription

    grid = Grid(np.arange(8) * 0.5, np.arange(8) % 4, "4/4", 120.0)
    found = Transcription(notes=tuple(melody_app.line()[:3]), duration=2.0)
    data = lane_data(found, SimpleNamespace(key="C major", grid=grid), semitones=2)
    assert [n["pitch"] for n in data["notes"]] == [62, 64, 66] and data["key_name"] == "D major"
    assert [(n["name"], n["accidental"]) for n in data["notes"]] == [("D4", ""), ("E4", ""), ("F#4", "♯")]
    assert [n["step"] for n in data["notes"]] == [36, 37, 38] and data["clef"] == "treble"
    assert all(len(n["tab"]) == 2 for n in data["notes"]) and data["strings"][0] == "e"
    # the grid for the staff's bar lines and note values: a beat of 6/8 is a dotted quarter (3 eighths)
    assert data["downbeats"] == [0.0, 2.0] and data["subdivision"] == 2
    six_eight = Grid(np.arange(8) * 0.5, np.arange(8) % 2, "6/8", 120.0)
    assert lane_data(found, SimpleNamespace(key="C major", grid=six_eight))["subdivision"] == 3
    # named as the staff spells them: in Bb major, B♭ and E♭ (the lane said "A#" and "D#")
    flat = Transcription(notes=tuple(melody_app.line()[:1]), duration=2.0)
    for semitones, name in ((-2, "Bb3"), (3, "Eb4")):
        (note,) = lane_data(flat, SimpleNamespace(key="Bb major", grid=grid), semitones=semitones)["notes"]
        assert (note["name"], note["accidental"]) == (name, "♭"), note


def test_play_after_a_pause_goes_on_from_where_it_paused(page):
    """Paused at 0:30 and played again 8 s later, the lane went on at 0:41: it skipped the time since its last start."""
    tab, errors = page
    tab.evaluate(
        "() => { const l = __jamMelody.lane; if (l.playing) l.playPause(); l.seek(0); l.playPause();"
        " window.__laneClock = l.sources[0].context; }"
    )
    tab.wait_for_function("__jamMelody.lane.position > 0.5", timeout=30_000)
    paused = tab.evaluate("() => { const l = __jamMelody.lane; l.playPause(); return l.position; }")
    clock = tab.evaluate("__laneClock.currentTime")
    tab.wait_for_function("t => __laneClock.currentTime > t + 2", arg=clock, timeout=30_000)  # the clock runs on
    resumed = tab.evaluate("() => { const l = __jamMelody.lane; l.playPause(); return l.position; }")
    # the button's words, as the Practice player's: its "⏸ Pause" showed a box where no font has the glyph
    assert tab.evaluate("__jamMelody.lane.play.textContent") == "Pause"
    tab.evaluate("__jamMelody.lane.playPause()")
    assert tab.evaluate("__jamMelody.lane.play.textContent") == "Play"
    assert abs(resumed - paused) < 0.1, f"paused at {paused:.2f} s, went on at {resumed:.2f} s"
    assert not errors, errors


#: How the lane's controls look: [what, background, accent colour, font family, border radius], and the
#: theme's primary colour and the page's font as the lane resolves them.
LOOK = """() => { const r = __jamMelody.lane.root;
  const resolve = (c) => { const i = document.createElement("i"); i.style.color = c; r.append(i);
    const out = getComputedStyle(i).color; i.remove(); return out; };
  const look = (e, what) => { const s = getComputedStyle(e);
    return [what, s.backgroundColor, s.accentColor, s.fontFamily, s.borderTopLeftRadius]; };
  return {controls: [look(r.querySelector("button.play"), "play"),
    ...[...r.querySelectorAll("input[type=range], input[type=checkbox]")].map((e) => look(e, e.title || e.type)),
    ...[...r.querySelectorAll("button.toggle")].map((e) => look(e, e.title))],
    primary: resolve("var(--jam-primary)"), font: getComputedStyle(r).fontFamily}; }"""


def test_the_lanes_controls_are_the_players(page):
    """QA: the lane's Play, zoom, levels, M/S and tab checkbox were the browser's native widgets beside the
    practice player's styled ones. They take the player's stylesheet (its theme colour, font and corners)."""
    tab, errors = page
    look = tab.evaluate(LOOK)
    controls = {what: rest for what, *rest in look["controls"]}
    assert len(controls) >= 8, controls  # play, zoom, 2 levels, the tab box, 2 M and 2 S
    assert controls["play"][0] == look["primary"], controls["play"]
    for what, (_, accent, font, radius) in controls.items():
        if what.startswith(("mute", "solo")):
            assert font == look["font"] and radius != "0px", (what, font, radius)
        elif what != "play":  # the ranges and the checkbox: in the theme's colour
            assert accent == look["primary"], (what, accent)
    tab.evaluate("__jamMelody.lane.set('line', {solo: true})")
    on = tab.evaluate("getComputedStyle(__jamMelody.lane.root.querySelector('[data-solo=line]')).backgroundColor")
    tab.evaluate("__jamMelody.lane.set('line', {solo: false})")
    assert on == look["primary"]
    assert not errors, errors


#: The names drawn on the roll in the last frame: {index, name, left, right, top, bottom, end (of its note's bar)}.
LABELS = "() => { const l = __jamMelody.lane; return [l.zoom, l.roll.width, l.labels]; }"


def test_note_names_only_where_they_fit_and_zoom_as_the_player_does(page):
    """QA: the lane's note names ran into each other on short notes (a fixed 22 px let "F#4", 23 px wide, spill
    into the next note's name), and its zoom slider went the other way from the player's −/+ (its right end was
    the farthest view). Names are drawn inside their note or not at all; "+" goes closer, "−" out, as the player's."""
    tab, errors = page
    tab.get_by_text("2", exact=True).click()  # +2: D major, whose F#4 and C#5 have the widest names
    tab.wait_for_function("__jamMelody.lane.semitones === 2", timeout=30_000)
    tab.evaluate("() => { const l = __jamMelody.lane; if (l.playing) l.playPause(); l.seek(6); }")
    zoom_in, zoom_out = (tab.locator(f".jam-melody [data-testid=jam-zoom-{d}]") for d in ("in", "out"))
    shown = tab.locator(".jam-melody .zoom-seconds")
    assert tab.evaluate("__jamMelody.lane.zoom") == 8 and shown.inner_text() == "8 s"
    zoom_in.click()
    assert tab.evaluate("__jamMelody.lane.zoom") == 4 and shown.inner_text() == "4 s"
    for _ in range(3):
        zoom_out.click()
    assert tab.evaluate("__jamMelody.lane.zoom") == 32 and zoom_out.is_disabled() and not zoom_in.is_disabled()
    # A roll 23 px per half-second note at 16 s across: just over the 22 px that let a name spill.
    tab.evaluate("__jamMelody.lane.roll.style.width = '736px'")
    drawn = {}
    for zoom in (16, 8, 4, 2):
        while tab.evaluate("__jamMelody.lane.zoom") != zoom:
            zoom_in.click()
        tab.wait_for_function(
            "z => { const l = __jamMelody.lane; return l.zoom === z && l.roll.width === 736 && l.labels; }", arg=zoom
        )
        # Names are measured in the page's font: once it is in (a fallback's wider "F#4" did not fit at 8 s in one
        # CI run at load 8-14), and on a frame drawn after the zoom changed (the one before could still be read).
        tab.evaluate("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => "
                     "requestAnimationFrame(r))))")  # fmt: skip
        _, width, labels = tab.evaluate(LABELS)
        for label in labels:
            assert label["right"] <= label["end"], (zoom, label)  # inside its own note's bar
        for a, b in zip(labels, labels[1:]):
            apart = a["right"] <= b["left"] or b["right"] <= a["left"]
            assert apart or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], (zoom, a, b)
        drawn[zoom] = {label["name"] for label in labels}
    assert zoom_in.is_disabled()
    assert "F#4" not in drawn[16] and {"F#4", "C#5"} <= drawn[8] <= drawn[2] | drawn[4] | drawn[8], drawn
    while tab.evaluate("__jamMelody.lane.zoom") != 8:
        zoom_out.click()
    tab.evaluate("__jamMelody.lane.roll.style.width = ''")
    tab.get_by_text("0", exact=True).click()
    tab.wait_for_function("__jamMelody.lane.semitones === 0", timeout=30_000)
    assert not errors, errors


def test_the_lanes_staff_has_bar_lines_and_note_values(page):
    """The Melody page's staff is the player's (notation.js) on the grid Python sends: the line's notes, one a beat,
    are quarter notes with stems, and a bar line stands before every fourth."""
    tab, errors = page
    tab.wait_for_function(
        "() => { const s = __jamMelody.lane.root.querySelector('[data-testid=jam-melody-staff]');"
        " return s.dataset.phrase !== '' && s.querySelectorAll('ellipse.note').length > 0; }"
    )
    drawn = tab.evaluate(
        """() => { const s = __jamMelody.lane.root.querySelector("[data-testid=jam-melody-staff]");
          return { values: [...s.querySelectorAll("ellipse.note")].map((h) => h.dataset.value),
                   stems: s.querySelectorAll(".note-stem").length, bars: s.querySelectorAll(".bar-line").length }; }"""
    )
    count = len(drawn["values"])
    assert drawn["values"] == ["quarter"] * count and drawn["stems"] == count, drawn
    assert drawn["bars"] == (count - 1) // 4 + 1, drawn  # the phrase's downbeats, from its first note to its last
    assert errors == []
