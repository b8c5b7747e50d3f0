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
/** The drawing's width in its own units before it is laid out; then its units are the page's pixels. */
const WIDTH = 800;
/** The least room a note takes on a line (its accidental, its head and a gap), in px: closer, it wraps. */
const NOTE_ROOM = 24;
/** Space between staff lines, the top line's height, a tab string's spacing. */
const GAP = 10;
const TOP = 40;
const STRING = 12;
/** The top line's step: F5 on the treble staff, A3 on the bass (steps count letters from C-1). */
const TOP_STEP = { treble: 45, bass: 33 };
/** Where a note head's centre may go (px from the drawing's top): under the key's name (its baseline at
 * TOP - 22), half a head and a gap clear; and a head's half height and a gap, clear of the tab's top string
 * (STAFF_FOOT under the staff's top line). */
const HEAD_TOP = 28;
const HEAD_CLEAR = 12;
const STAFF_FOOT = 4 * GAP + 30;

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
  .melody-staff svg { display: block; width: 100%; height: auto; }
  .melody-staff .staff-line { stroke: currentColor; stroke-opacity: 0.7; stroke-width: 1; }
  .melody-staff .tab-line { stroke: currentColor; stroke-opacity: 0.25; stroke-width: 1; }
  .melody-staff text { fill: currentColor; font-size: 12px; }
  .melody-staff .staff-clef { font: bold 22px serif; }
  .melody-staff .staff-mark { font: 13px serif; }
  .melody-staff .tab-fret, .melody-staff .tab-string { font: 11px monospace; }
  .melody-staff ellipse.note { fill: currentColor; color: inherit; }
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
  tabLabel.className = "check"; // the player's checkbox look (player.css), as its other controls
  tabLabel.title = "The phrase on the guitar's strings (frets), under the staff";
  tabLabel.append(tabBox, line.strings.length > 4 ? " Guitar tab" : " Tab");
  head.append(title, tabLabel);
  const drawing = svg("svg", { role: "img", "aria-label": "The phrase now on a staff" });
  node.append(style, head, drawing);
  let drawn = null; // what is drawn: "phrase|semitones|tab|width"
  let width = WIDTH; // the drawing's width in px, once laid out: one unit a pixel, so nothing shrinks
  const sized = new ResizeObserver(([entry]) => {
    const w = Math.round(entry.contentRect.width);
    if (w > 0) width = w;
  });
  sized.observe(drawing);
  let heads = []; // note index -> its note head
  let litNode = null;

  /**
   * Where the phrase's notes go: {x, row} per note, spaced by time across `width` px, each at least
   * NOTE_ROOM after the one before; a note that would pass the right edge starts the next line (a system).
   * At a phone's width (390 px) a phrase of 16 notes scaled down to fit one line drew note heads 5 px wide,
   * overlapping; now the units are the page's pixels and the phrase wraps.
   */
  function layout(phrase, width) {
    const { start, end, first, count } = line.phrases[phrase];
    const perSecond = (width - 90) / Math.max(0.5, end - start);
    const places = [];
    let row = 0;
    let rowStart = start;
    let last = -Infinity;
    for (let i = first; i < first + count; i++) {
      const t = line.notes[i].start;
      let x = Math.max(60 + (t - rowStart) * perSecond, last + NOTE_ROOM);
      if (x > width - 30 && i > first && last > 60) {
        row += 1;
        rowStart = t;
        x = 60;
      }
      places.push({ x, row });
      last = x;
    }
    return places;
  }

  function draw(phrase, semitones, tab, width) {
    const strings = tab ? line.strings.length : 0;
    const clef = line.clef(semitones);
    // Room for the phrase's highest note (its head and ledger lines) under the key's name, and for its lowest
    // above the tab: a guitar's leakage in the "vocals" (Sectoid - Metal madness) drew notes from G6 up off
    // the top of the drawing and a C6 on the key's name; a G3 on the treble staff sat on the tab's top string.
    let high = 0; // steps from the top line, up (negative) or down: 8 is the bottom line
    let low = 8;
    if (phrase >= 0) {
      const { first, count } = line.phrases[phrase];
      for (let i = first; i < first + count; i++) {
        const steps = TOP_STEP[clef] - line.spelling(i, semitones).step;
        high = Math.min(high, steps);
        low = Math.max(low, steps);
      }
    }
    const lift = Math.max(0, HEAD_TOP - (TOP + (high * GAP) / 2));
    const drop = Math.max(0, (low * GAP) / 2 + HEAD_CLEAR - STAFF_FOOT);
    const rowHeight = TOP + lift + STAFF_FOOT + drop + (strings ? strings * STRING + 10 : 0);
    const places = phrase < 0 ? [] : layout(phrase, width);
    const rows = places.length ? places[places.length - 1].row + 1 : 1;
    drawing.setAttribute("viewBox", `0 0 ${width} ${rows * rowHeight}`);
    drawing.replaceChildren();
    heads = [];
    litNode = null;
    node.dataset.lit = "";
    node.dataset.litStep = "";
    node.dataset.clef = clef;
    node.dataset.phrase = phrase < 0 ? "" : String(phrase);
    node.dataset.semitones = String(semitones);
    node.dataset.rows = String(rows);
    drawing.append(svg("text", { x: 40, y: TOP - 22, class: "staff-key" }, keyName(semitones)));
    for (let r = 0; r < rows; r++) {
      const top = TOP + lift + r * rowHeight;
      for (let k = 0; k < 5; k++) drawing.append(svg("line", { x1: 10, x2: width - 10, y1: top + k * GAP, y2: top + k * GAP, class: "staff-line" }));
      // the clef as its letter on its line (G on the second line from the bottom, F on the second from the top):
      // the music fonts with the clef glyphs are not on every machine
      drawing.append(svg("text", { x: 14, y: top + (clef === "bass" ? 1 : 3) * GAP + 8, class: "staff-clef" }, clef === "bass" ? "F" : "G"));
      const base = top + STAFF_FOOT + drop;
      for (let s = 0; s < strings; s++) {
        drawing.append(svg("line", { x1: 30, x2: width - 10, y1: base + s * STRING, y2: base + s * STRING, class: "tab-line" }));
        drawing.append(svg("text", { x: 12, y: base + s * STRING + 4, class: "tab-string" }, line.strings[s]));
      }
    }
    if (phrase < 0) return;
    const { first, count } = line.phrases[phrase];
    for (let i = first; i < first + count; i++) {
      const { pitch, step, mark, name } = line.spelling(i, semitones);
      const { x: cx, row } = places[i - first];
      const top = TOP + lift + row * rowHeight;
      const base = top + STAFF_FOOT + drop;
      const steps = TOP_STEP[clef] - step;
      const cy = top + (steps * GAP) / 2;
      const ledger = (y) => drawing.append(svg("line", { x1: cx - 9, x2: cx + 9, y1: y, y2: y, class: "staff-line" }));
      for (let l = 10; l <= steps; l += 2) ledger(top + (l * GAP) / 2); // below the staff
      for (let l = -2; l >= steps; l -= 2) ledger(top + (l * GAP) / 2); // above it
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
      const what = `${phrase}|${semitones}|${tabBox.checked}|${width}`;
      if (what !== drawn) {
        draw(phrase, semitones, tabBox.checked, width);
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
