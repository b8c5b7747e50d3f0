"""The phrase-now staff (frontend/src/notation.js, the Practice player's and the Melody page's) in a real browser.

The module is loaded as it is written, from a local server, and given lines of notes with known places on
the staff: no app, no audio. The committed bundles are this source built (test_player_frontend.py).
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from servers import serve_folder
from test_player import browser  # noqa: F401 (the module's Chromium)

pytestmark = [pytest.mark.browser]

#: A line of `pitches` (naturals only), one phrase, a note every 0.5 s, drawn on the staff at song time 0.
DRAW = """async ([base, pitches, tab]) => {
  const { mountStaff } = await import(base + "/notation.js");
  const letter = { 0: 0, 2: 1, 4: 2, 5: 3, 7: 4, 9: 5, 11: 6 };  // C D E F G A B
  const notes = pitches.map((pitch, i) => ({ start: i * 0.5, end: i * 0.5 + 0.4, pitch }));
  const line = {
    notes,
    phrases: [{ start: 0, end: notes.length * 0.5, first: 0, count: notes.length }],
    strings: ["e", "B", "G", "D", "A", "E"],
    phraseAt: () => 0,
    spelling: (i) => { const p = notes[i].pitch;
      return { pitch: p, name: String(p), step: 7 * (Math.floor(p / 12) - 1) + letter[p % 12] + 7, mark: "" }; },
    tab: () => [0, 12],
    clef: () => "treble",
  };
  document.body.replaceChildren();
  document.body.style.width = "900px";
  const staff = mountStaff(line, () => "C major", { tab });
  document.body.append(staff.node);
  await new Promise((r) => requestAnimationFrame(r));
  staff.show(0, -1, 0);
  await new Promise((r) => requestAnimationFrame(r));
  const box = (n) => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const svg = staff.node.querySelector("svg");
  return {
    svg: box(svg),
    heads: [...svg.querySelectorAll(".note")].map(box),
    key: box(svg.querySelector(".staff-key")),
    tab: [...svg.querySelectorAll(".tab-line")].map(box),
  };
}"""


@pytest.fixture(scope="module")
def page(browser):  # noqa: F811
    with serve_folder(ROOT / "frontend" / "src") as base:
        tab = browser.new_page(viewport={"width": 1000, "height": 800})
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(base + "/")
        yield tab, base
        tab.close()
        assert errors == []


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    "pitches, tab",
    [
        ([84, 86, 88, 89, 91, 93, 95, 96], False),  # C6 up to C7: a melody moved up an octave, a whistle, a flute
        ([84, 91, 96, 91, 84], True),  # the same, with the tab under the staff
        ([55, 57, 59, 60, 62, 64, 67, 72], True),  # down to G3 on the treble staff, over the tab
        ([60, 62, 64, 65, 67, 69, 71, 72], True),  # C4 to C5: on the staff, as before
    ],
)
def test_every_note_of_the_phrase_is_drawn_inside_the_staff_clear_of_the_key_name_and_the_tab(page, pitches, tab):
    """QA: on a song whose "vocals" were a guitar's leakage (Sectoid - Metal madness), notes above the treble staff
    ran off the top of the drawing (G6 and up cut away) and a C6 sat on the key's name above the staff."""
    tab_page, base = page
    drawn = tab_page.evaluate(DRAW, [base, pitches, tab])
    heads, svg = drawn["heads"], drawn["svg"]
    assert len(heads) == len(pitches)
    for head in heads:
        assert svg[1] <= head[1] and head[3] <= svg[3], (head, svg)  # within the drawing, top and bottom
        assert not overlap(head, drawn["key"]), (head, drawn["key"])
    if tab:
        top_string = min(line[1] for line in drawn["tab"])
        assert all(head[3] < top_string for head in heads), (heads, top_string)


#: A line of `notes` ([start, end, pitch], naturals), one phrase, on the grid `beats`/`downbeats` (song times),
#: drawn at song time 0 with note `lit` lit: every element's box, and the lit note's colours against an unlit one's.
DRAW_RHYTHM = """async ([base, notes, beats, downbeats, lit]) => {
  const { mountStaff } = await import(base + "/notation.js");
  const letter = { 0: 0, 2: 1, 4: 2, 5: 3, 7: 4, 9: 5, 11: 6 };
  const line = {
    notes: notes.map(([start, end, pitch]) => ({ start, end, pitch })),
    phrases: [{ start: notes[0][0], end: notes[notes.length - 1][1], first: 0, count: notes.length }],
    strings: ["e", "B", "G", "D", "A", "E"],
    beats, downbeats, subdivision: 2,
    phraseAt: () => 0,
    spelling: (i) => { const p = notes[i][2];
      return { pitch: p, name: String(p), step: 7 * (Math.floor(p / 12) - 1) + letter[p % 12] + 7, mark: "" }; },
    tab: () => null,
    clef: () => "treble",
  };
  document.body.replaceChildren();
  document.body.style.width = "900px";
  document.body.style.setProperty("--jam-roll-lit", "rgb(228, 87, 46)");
  const staff = mountStaff(line, () => "C major");
  document.body.append(staff.node);
  await new Promise((r) => requestAnimationFrame(r));
  staff.show(0, lit, 0);
  await new Promise((r) => requestAnimationFrame(r));
  const box = (n) => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const svg = staff.node.querySelector("svg");
  const marks = (i) => svg.querySelector(`.note-value[data-index="${i}"]`);
  const heads = [...svg.querySelectorAll("ellipse.note")];
  return {
    heads: heads.map((h) => ({ box: box(h), value: h.dataset.value, fill: getComputedStyle(h).fill,
                               stroke: getComputedStyle(h).stroke, lit: h.classList.contains("lit") })),
    stems: heads.map((h, i) => [...(marks(i)?.querySelectorAll(".note-stem") || [])].map(box)),
    flags: heads.map((h, i) => marks(i)?.querySelectorAll(".note-flag").length || 0),
    dots: heads.map((h, i) => marks(i)?.querySelectorAll(".note-dot").length || 0),
    stemColor: heads.map((h, i) => { const s = marks(i)?.querySelector(".note-stem");
                                     return s ? getComputedStyle(s).stroke : null; }),
    bars: [...svg.querySelectorAll(".bar-line")].map(box),
    staff: [...svg.querySelectorAll(".staff-line")].map(box),
  };
}"""

BEAT = 0.5  # 120 BPM, 4/4: a bar every 2 s
RHYTHM = [  # (start in beats, length in beats as sung, pitch, the value it is)
    (0.0, 0.9, 67, "quarter"), (1.0, 0.9, 69, "quarter"), (2.0, 1.9, 71, "half"),  # bar 1
    (4.0, 0.44, 72, "eighth"), (4.5, 0.44, 74, "eighth"), (5.0, 1.4, 72, "dotted quarter"),
    (6.5, 0.4, 71, "eighth"), (7.0, 0.9, 69, "quarter"),  # bar 2: a breath under a quarter beat before each next
    (8.0, 3.8, 67, "whole"),  # bar 3
    (12.0, 0.22, 65, "sixteenth"), (12.25, 0.22, 64, "sixteenth"), (12.5, 0.7, 62, "dotted eighth"),
    (13.25, 0.2, 64, "sixteenth"), (13.5, 2.9, 60, "dotted half"),  # bar 4
]  # fmt: skip
FLAGS = {"eighth": 1, "dotted eighth": 1, "sixteenth": 2}


def test_the_staff_draws_bar_lines_from_the_downbeats_and_note_values_from_the_beats(page):
    """QA walk: the phrase-now staff drew note heads only, no stems, no note values, no bar lines. Each note has its
    value from its length in beats (stem, flags, dot; hollow heads for halves and wholes), a bar line stands at each
    downbeat between the right notes, and the note now is lit with its stem."""
    tab_page, base = page
    notes = [[s * BEAT, (s + n) * BEAT, pitch] for s, n, pitch, _ in RHYTHM]
    beats = [i * BEAT for i in range(40)]
    downbeats = beats[::4]
    drawn = tab_page.evaluate(DRAW_RHYTHM, [base, notes, beats, downbeats, 2])
    heads = drawn["heads"]
    assert [h["value"] for h in heads] == [value for *_, value in RHYTHM]
    for h, stems, flags, dots, (*_, value) in zip(heads, drawn["stems"], drawn["flags"], drawn["dots"], RHYTHM):
        if not h["lit"]:
            assert (h["fill"] == "none") == (value in ("half", "dotted half", "whole")), (value, h["fill"])
        assert len(stems) == (value != "whole"), value
        if stems:  # the stem stands at the head's side, as long as a staff is high at least
            (stem,) = stems
            assert min(abs(stem[0] - h["box"][0]), abs(stem[2] - h["box"][2])) < 2.5, (value, stem, h["box"])
            assert stem[3] - stem[1] >= 30
        assert flags == FLAGS.get(value, 0) and dots == value.startswith("dotted"), (value, flags, dots)
    # bar lines at the downbeats 0, 2, 4 and 6 s: before the notes of beats 0, 4, 8 and 12 and after the one before
    starts = [s for s, *_ in RHYTHM]
    bars = sorted(drawn["bars"])
    assert len(bars) == 4
    for bar, beat in zip(bars, (0.0, 4.0, 8.0, 12.0)):
        after = starts.index(beat)
        assert bar[2] <= heads[after]["box"][0], (beat, bar)
        assert after == 0 or heads[after - 1]["box"][2] <= bar[0], (beat, bar)
        top, bottom = drawn["staff"][0][1], drawn["staff"][4][1]  # the staff's five lines come first
        assert bar[1] == pytest.approx(top, abs=1) and bar[3] == pytest.approx(bottom, abs=1)  # the staff's height
    for a, b in zip(heads, heads[1:]):
        assert not overlap(a["box"], b["box"])
    # lit: the half note (hollow) and its stem in the lit colour, the others not
    assert [h["lit"] for h in heads].index(True) == 2 and sum(h["lit"] for h in heads) == 1
    assert drawn["stemColor"][2] == "rgb(228, 87, 46)" != drawn["stemColor"][1]
    assert heads[2]["stroke"] == "rgb(228, 87, 46)" and heads[2]["fill"] not in ("none", heads[0]["fill"])


def test_without_a_beat_the_staff_draws_heads_alone(page):
    """A song with no steady beat has no beats to count a note's value in, nor bars: heads only, as before."""
    tab_page, base = page
    notes = [[s * BEAT, (s + n) * BEAT, pitch] for s, n, pitch, _ in RHYTHM]
    drawn = tab_page.evaluate(DRAW_RHYTHM, [base, notes, [], [], -1])
    assert len(drawn["heads"]) == len(RHYTHM) and all(h["value"] == "" for h in drawn["heads"])
    assert not drawn["bars"] and not any(drawn["stems"]) and not any(drawn["flags"])


def test_a_note_sung_a_little_off_the_downbeat_starts_its_bar_and_a_pickup_stays_before_it(page):
    """A singer's note 30 ms early or 40 ms late on a downbeat (a tenth of a beat at 120 BPM is 50 ms) begins that
    bar: the bar line stands before it, not after it. A sixteenth's pickup (a quarter beat early) stays before."""
    tab_page, base = page
    notes = [
        [0.0, 0.45, 67],
        [0.5, 1.9, 69],
        [1.97, 2.45, 71],  # bar 2's first note 30 ms early
        [2.5, 3.9, 72],
        [4.04, 5.4, 74],  # bar 3's 40 ms late
        [5.5, 5.8, 72],
        [5.875, 5.99, 71],
        [6.0, 6.9, 69],
    ]  # a sixteenth's pickup to bar 4's first note
    beats = [i * BEAT for i in range(20)]
    drawn = tab_page.evaluate(DRAW_RHYTHM, [base, notes, beats, beats[::4], -1])
    heads, bars = drawn["heads"], sorted(drawn["bars"])
    assert len(bars) == 4  # 0, 2, 4 and 6 s
    for bar, first_of_bar in zip(bars, (0, 2, 4, 7)):
        assert bar[2] <= heads[first_of_bar]["box"][0], (first_of_bar, bar, heads[first_of_bar])
        assert first_of_bar == 0 or heads[first_of_bar - 1]["box"][2] <= bar[0], (first_of_bar, bar)
