"""The phrase-now staff (frontend/src/notation.js, the Practice player's and the Melody page's) in a real browser.

The module is loaded as it is written, from a local server, and given lines of notes with known places on
the staff: no app, no audio. The committed bundles are this source built (test_player_frontend.py).
"""

from __future__ import annotations

import pytest
from conftest import ROOT, serve_folder
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
