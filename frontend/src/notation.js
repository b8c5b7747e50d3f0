// The melody's current phrase as notation: a staff (and a tab on request) with the note now lit.
// One drawing for the Practice player (index.js) and the Melody page's lane (lane.js): the phrase
// under the playhead with its notes spaced by time, the clef as its letter, every altered note with
// its accidental (no key signature), the key named above; in SVG, so the lit note is an element the
// page and the tests can find.
//
// What is drawn comes from a "line": {notes, phrases, strings, phraseAt(p), spelling(i, semitones)
// -> {pitch, name, step, mark}, tab(i, semitones) -> [string, fret] | null, clef(semitones)}. The
// player's Melody (melody.js) spells any key from the names Python sends; the lane's notes come
// spelt by Python in the key played.

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

/** The staff's look: the page's text colour (Streamlit's theme in the player), the lit note in its accent. */
const STAFF_CSS = `
  .melody-staff { border: 1px solid var(--jam-border, #ddd); border-radius: var(--jam-radius, 4px); padding: 0.25rem 0.5rem; }
  .melody-staff .staff-head { display: flex; gap: 1rem; align-items: center; font-size: 0.85rem; }
  .melody-staff .staff-title { opacity: 0.7; text-transform: uppercase; letter-spacing: 0.05em; }
  .melody-staff svg { display: block; width: 100%; height: auto; max-height: 12rem; }
  .melody-staff .staff-line { stroke: currentColor; stroke-opacity: 0.7; stroke-width: 1; }
  .melody-staff .tab-line { stroke: currentColor; stroke-opacity: 0.25; stroke-width: 1; }
  .melody-staff text { fill: currentColor; font-size: 12px; }
  .melody-staff .staff-clef { font: bold 22px serif; }
  .melody-staff .staff-mark { font: 13px serif; }
  .melody-staff .tab-fret, .melody-staff .tab-string { font: 11px monospace; }
  .melody-staff .note { fill: currentColor; }
  .melody-staff .note.lit { fill: var(--jam-roll-lit, #e4572e); }
`;

/**
 * Index of the phrase to show at song time `p` (-1 without phrases): the last one started (until half a
 * second after its end, so a short rest keeps it in view), else the next, the last after the end.
 */
export function phraseAt(phrases, p) {
  let i = -1;
  while (i + 1 < phrases.length && phrases[i + 1].start <= p + 0.05) i++;
  if (i >= 0 && p < phrases[i].end + 0.5) return i;
  return Math.min(i + 1, phrases.length - 1);
}

/** The clef for `notes` (pitches as drawn): bass when the median note is below G3, as jamwithme's lane data. */
export function clefOf(pitches) {
  const sorted = [...pitches].sort((a, b) => a - b);
  return sorted.length && sorted[sorted.length >> 1] < 55 ? "bass" : "treble";
}

/**
 * The staff of `line` (see above), `keyName(semitones)` the key's name after a shift; the tab shown
 * from the start with `tab`, `onTab(on)` told when it is turned on or off. Returns
 * {node, show(p, lit, semitones), refresh()}: show draws the phrase at song time `p` (again only when
 * the phrase, the key or the tab changed, or after refresh()) and lights note index `lit` (-1: none).
 */
export function mountStaff(line, keyName, { tab = false, onTab = () => {} } = {}) {
  const node = document.createElement("div");
  node.className = "melody-staff";
  node.dataset.testid = "jam-melody-staff";
  const style = document.createElement("style");
  style.textContent = STAFF_CSS;
  const head = document.createElement("div");
  head.className = "staff-head";
  const title = document.createElement("span");
  title.className = "staff-title";
  title.textContent = "Phrase now";
  const tabBox = document.createElement("input");
  tabBox.type = "checkbox";
  tabBox.dataset.testid = "jam-melody-tab";
  tabBox.checked = tab;
  const tabLabel = document.createElement("label");
  tabLabel.title = "The phrase on the guitar's strings (frets), under the staff";
  tabLabel.append(tabBox, line.strings.length > 4 ? " Guitar tab" : " Tab");
  head.append(title, tabLabel);
  const drawing = svg("svg", { role: "img", "aria-label": "The phrase now on a staff" });
  node.append(style, head, drawing);
  let drawn = null; // what is drawn: "phrase|semitones|tab"
  let heads = []; // note index -> its note head
  let litNode = null;

  function draw(phrase, semitones, tab) {
    const strings = tab ? line.strings.length : 0;
    const height = TOP + 4 * GAP + 30 + (strings ? strings * STRING + 10 : 0);
    drawing.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
    drawing.replaceChildren();
    heads = [];
    litNode = null;
    node.dataset.lit = "";
    node.dataset.litStep = "";
    const clef = line.clef(semitones);
    node.dataset.clef = clef;
    node.dataset.phrase = phrase < 0 ? "" : String(phrase);
    node.dataset.semitones = String(semitones);
    for (let k = 0; k < 5; k++) drawing.append(svg("line", { x1: 10, x2: WIDTH - 10, y1: TOP + k * GAP, y2: TOP + k * GAP, class: "staff-line" }));
    // the clef as its letter on its line (G on the second line from the bottom, F on the second from the top):
    // the music fonts with the clef glyphs are not on every machine
    drawing.append(svg("text", { x: 14, y: TOP + (clef === "bass" ? 1 : 3) * GAP + 8, class: "staff-clef" }, clef === "bass" ? "F" : "G"));
    drawing.append(svg("text", { x: 40, y: TOP - 22, class: "staff-key" }, keyName(semitones)));
    if (phrase < 0) return;
    const { start, end, first, count } = line.phrases[phrase];
    const span = Math.max(0.5, end - start);
    const x = (s) => 60 + ((s - start) / span) * (WIDTH - 90);
    const base = TOP + 4 * GAP + 30;
    for (let s = 0; s < strings; s++) {
      drawing.append(svg("line", { x1: 30, x2: WIDTH - 10, y1: base + s * STRING, y2: base + s * STRING, class: "tab-line" }));
      drawing.append(svg("text", { x: 12, y: base + s * STRING + 4, class: "tab-string" }, line.strings[s]));
    }
    for (let i = first; i < first + count; i++) {
      const { pitch, step, mark, name } = line.spelling(i, semitones);
      const steps = TOP_STEP[clef] - step;
      const cy = TOP + (steps * GAP) / 2;
      const cx = x(line.notes[i].start);
      const ledger = (y) => drawing.append(svg("line", { x1: cx - 9, x2: cx + 9, y1: y, y2: y, class: "staff-line" }));
      for (let l = 10; l <= steps; l += 2) ledger(TOP + (l * GAP) / 2); // below the staff
      for (let l = -2; l >= steps; l -= 2) ledger(TOP + (l * GAP) / 2); // above it
      if (mark) drawing.append(svg("text", { x: cx - 16, y: cy + 4, class: "staff-mark" }, mark));
      const head = svg("ellipse", { cx, cy, rx: 5.5, ry: 4, transform: `rotate(-17 ${cx} ${cy})`, class: "note" });
      head.dataset.pitch = String(pitch);
      head.dataset.step = String(step);
      head.dataset.index = String(i);
      head.append(svg("title", {}, name));
      drawing.append(head);
      heads[i] = head;
      const fret = strings ? line.tab(i, semitones) : null;
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

  tabBox.addEventListener("change", () => {
    drawn = null;
    onTab(tabBox.checked);
  });
  return {
    node,
    /** Draw the phrase at song time `p` played `semitones` away, note index `lit` lit (-1: none). */
    show(p, lit, semitones) {
      const phrase = line.phraseAt(p);
      const what = `${phrase}|${semitones}|${tabBox.checked}`;
      if (what !== drawn) {
        draw(phrase, semitones, tabBox.checked);
        drawn = what;
      }
      light(lit);
    },
    /** Draw again at the next show (the line's notes changed). */
    refresh() {
      drawn = null;
    },
    /** Show or hide the tab, as its checkbox does. */
    set tab(on) {
      tabBox.checked = Boolean(on);
      drawn = null;
    },
  };
}
