// The melody's current phrase as notation in the player: a staff (and a guitar tab on request)
// with the note now lit, in the key the player plays in. The phrase under the playhead is drawn
// as the Melody page draws it (ui/melody_frontend/melody.js: the notes spaced by time, the clef
// as its letter, every altered note with its accidental, no key signature, the key named above),
// here in SVG so the lit note is an element the page and the tests can find.
//
// Spelling, steps and frets come from Python (ui/player.py's _melody) for every key the player
// can move to, as the roll's names do (melody.js: Melody.spell, Melody.tab).

const SVG = "http://www.w3.org/2000/svg";
/** The drawing's width in its own units; it scales to the player's width. */
const WIDTH = 800;
/** Space between staff lines, the top line's height, a tab string's spacing. */
const GAP = 10;
const TOP = 40;
const STRING = 12;
/** The top line's step: F5 on the treble staff, A3 on the bass (steps count letters from C-1). */
const TOP_STEP = { treble: 45, bass: 33 };

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
}

/** The clef for the line played `semitones` away: bass when its median note is below G3, as on the Melody page. */
export function clefFor(melody, semitones) {
  const pitches = melody.notes.map((n) => n.pitch + semitones).sort((a, b) => a - b);
  return pitches.length && pitches[pitches.length >> 1] < 55 ? "bass" : "treble";
}

/**
 * The staff: `melody` (a Melody), `keyName(semitones)` the key's name after a shift. Returns
 * {node, show(p, lit, semitones)}: show draws the phrase at song time `p` (again only when the
 * phrase, the key or the tab changed) and lights note index `lit` (-1: none).
 */
export function mountStaff(melody, keyName) {
  const node = document.createElement("div");
  node.className = "melody-staff";
  node.dataset.testid = "jam-melody-staff";
  const head = document.createElement("div");
  head.className = "staff-head";
  const title = document.createElement("span");
  title.className = "staff-title";
  title.textContent = "Phrase now";
  const tabBox = document.createElement("input");
  tabBox.type = "checkbox";
  tabBox.dataset.testid = "jam-melody-tab";
  const tabLabel = document.createElement("label");
  tabLabel.title = "The phrase on the guitar's strings (frets), under the staff";
  tabLabel.append(tabBox, melody.strings.length > 4 ? " Guitar tab" : " Tab");
  head.append(title, tabLabel);
  const drawing = svg("svg", { role: "img", "aria-label": "The phrase now on a staff" });
  node.append(head, drawing);
  let drawn = null; // what is drawn: "phrase|semitones|tab"
  let heads = []; // note index -> its note head
  let litNode = null;

  function draw(phrase, semitones, tab) {
    const strings = tab ? melody.strings.length : 0;
    const height = TOP + 4 * GAP + 30 + (strings ? strings * STRING + 10 : 0);
    drawing.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    drawing.replaceChildren();
    heads = [];
    litNode = null;
    node.dataset.lit = "";
    node.dataset.litStep = "";
    const clef = clefFor(melody, semitones);
    node.dataset.clef = clef;
    node.dataset.phrase = phrase < 0 ? "" : String(phrase);
    node.dataset.semitones = String(semitones);
    for (let k = 0; k < 5; k++) drawing.append(svg("line", { x1: 10, x2: WIDTH - 10, y1: TOP + k * GAP, y2: TOP + k * GAP, class: "staff-line" }));
    // the clef as its letter on its line (G on the second line from the bottom, F on the second from the top):
    // the music fonts with the clef glyphs are not on every machine
    drawing.append(svg("text", { x: 14, y: TOP + (clef === "bass" ? 1 : 3) * GAP + 8, class: "staff-clef" }, clef === "bass" ? "F" : "G"));
    drawing.append(svg("text", { x: 40, y: TOP - 22, class: "staff-key" }, keyName(semitones)));
    if (phrase < 0) return;
    const { start, end, first, count } = melody.phrases[phrase];
    const span = Math.max(0.5, end - start);
    const x = (s) => 60 + ((s - start) / span) * (WIDTH - 90);
    const base = TOP + 4 * GAP + 30;
    for (let s = 0; s < strings; s++) {
      drawing.append(svg("line", { x1: 30, x2: WIDTH - 10, y1: base + s * STRING, y2: base + s * STRING, class: "tab-line" }));
      drawing.append(svg("text", { x: 12, y: base + s * STRING + 4, class: "tab-string" }, melody.strings[s]));
    }
    for (let i = first; i < first + count; i++) {
      const n = melody.notes[i];
      const { step, mark, name } = melody.spell(n.pitch, semitones);
      const steps = TOP_STEP[clef] - step;
      const cy = TOP + (steps * GAP) / 2;
      const cx = x(n.start);
      const ledger = (y) => drawing.append(svg("line", { x1: cx - 9, x2: cx + 9, y1: y, y2: y, class: "staff-line" }));
      for (let l = 10; l <= steps; l += 2) ledger(TOP + (l * GAP) / 2); // below the staff
      for (let l = -2; l >= steps; l -= 2) ledger(TOP + (l * GAP) / 2); // above it
      if (mark) drawing.append(svg("text", { x: cx - 16, y: cy + 4, class: "staff-mark" }, mark));
      const head = svg("ellipse", { cx, cy, rx: 5.5, ry: 4, transform: `rotate(-17 ${cx} ${cy})`, class: "note" });
      head.dataset.pitch = String(n.pitch + semitones);
      head.dataset.step = String(step);
      head.dataset.index = String(i);
      head.append(svg("title", {}, name));
      drawing.append(head);
      heads[i] = head;
      const fret = strings ? melody.tab(i, semitones) : null;
      if (fret) {
        const [string, number] = fret;
        drawing.append(svg("text", { x: cx - 3, y: base + string * STRING + 4, class: "tab-fret" }, number));
      }
    }
  }

  function light(lit) {
    const head = heads[lit] || null;
    if (head === litNode) return;
    litNode?.classList.remove("lit");
    head?.classList.add("lit");
    litNode = head;
    node.dataset.lit = head ? head.dataset.pitch : "";
    node.dataset.litStep = head ? head.dataset.step : "";
  }

  tabBox.addEventListener("change", () => (drawn = null));
  return {
    node,
    /** Draw the phrase at song time `p` played `semitones` away, note index `lit` lit (-1: none). */
    show(p, lit, semitones) {
      const phrase = melody.phraseAt(p);
      const what = `${phrase}|${semitones}|${tabBox.checked}`;
      if (what !== drawn) {
        draw(phrase, semitones, tabBox.checked);
        drawn = what;
      }
      light(lit);
    },
    /** Show or hide the tab, as its checkbox does. */
    set tab(on) {
      tabBox.checked = Boolean(on);
      drawn = null;
    },
  };
}
