// The melody's current phrase as notation: a staff (and a tab on request) with the note now lit.
// One drawing for the Practice player (index.js) and the Melody page's lane (lane.js): the phrase
// under the playhead with its notes spaced by time, the clef as its letter, every altered note with
// its accidental (no key signature), the key named above; in SVG, so the lit note is an element the
// page and the tests can find. On a song with a beat, its bar lines are the grid's downbeats and
// each note has its value from its length in beats (whole to sixteenth, dotted between: hollow or
// filled head, stem, flags, dot); the QA walk found heads alone, no rhythm and no bars to read.
//
// What is drawn comes from a "line": {notes, phrases, strings, beats, downbeats, subdivision,
// phraseAt(p), spelling(i, semitones) -> {pitch, name, step, mark}, tab(i, semitones) -> [string,
// fret] | null, clef(semitones)}; beats and downbeats are song times (empty without a steady beat:
// heads alone then), subdivision 2 in simple time, 3 in compound. The player's Melody (melody.js)
// spells any key from the names Python sends; the lane's notes come spelt by Python in the key played.

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
/** A stem's least length (px), and the room a bar line takes from the note before it and gives the note after. */
const STEM = 34;
const BAR_BEFORE = 14;
const BAR_AFTER = 20;
/** A note this many beats from a downbeat, before or after, starts that bar. */
const ON_BEAT = 0.1;

/** The note values drawn, longest first, in quarter notes: whole to sixteenth, with the dotted ones between. */
export const VALUES = [
  { name: "whole", quarters: 4, hollow: true, stem: false, flags: 0, dot: false },
  { name: "dotted half", quarters: 3, hollow: true, stem: true, flags: 0, dot: true },
  { name: "half", quarters: 2, hollow: true, stem: true, flags: 0, dot: false },
  { name: "dotted quarter", quarters: 1.5, hollow: false, stem: true, flags: 0, dot: true },
  { name: "quarter", quarters: 1, hollow: false, stem: true, flags: 0, dot: false },
  { name: "dotted eighth", quarters: 0.75, hollow: false, stem: true, flags: 1, dot: true },
  { name: "eighth", quarters: 0.5, hollow: false, stem: true, flags: 1, dot: false },
  { name: "sixteenth", quarters: 0.25, hollow: false, stem: true, flags: 2, dot: false },
];

/** Song time `t` counted in beats of `beats` (sorted times, two or more): the first or last gap carries it outside. */
export function beatPosition(beats, t) {
  const n = beats.length;
  let lo = 0;
  let hi = n - 1;
  if (t <= beats[0]) return (t - beats[0]) / (beats[1] - beats[0]);
  if (t >= beats[n - 1]) return n - 1 + (t - beats[n - 1]) / (beats[n - 1] - beats[n - 2]);
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (beats[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo + (t - beats[lo]) / (beats[hi] - beats[lo]);
}

/**
 * The value of note `i` of `notes` ({start, end} song times) on the beats `beats` (VALUES' entry; null without two
 * beats): its length in beats, counting a breath of under a quarter beat before the next note as the note's (a
 * singer lets go of a note a little before the next), times the quarters in a beat (1.5 in compound time), to the
 * nearest value drawn (by ratio). A note the next one cuts short lasts until it.
 */
export function noteValue(notes, i, beats, subdivision = 2) {
  if (!beats || beats.length < 2) return null;
  const note = notes[i];
  const next = notes[i + 1];
  const startBeat = beatPosition(beats, note.start);
  let endBeat = beatPosition(beats, note.end);
  if (next && beatPosition(beats, next.start) - endBeat < 0.25) endBeat = beatPosition(beats, next.start);
  const quarters = Math.max(1e-3, endBeat - startBeat) * (subdivision === 3 ? 1.5 : 1);
  let best = VALUES[0];
  for (const v of VALUES) if (Math.abs(Math.log2(quarters / v.quarters)) < Math.abs(Math.log2(quarters / best.quarters))) best = v;
  return best;
}

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
  .melody-staff ellipse.note.hollow { fill: none; stroke: currentColor; stroke-width: 1.6; }
  .melody-staff ellipse.note.hollow.lit { stroke: var(--jam-roll-lit, #e4572e);
    fill: color-mix(in srgb, var(--jam-roll-lit, #e4572e) 30%, transparent); }
  .melody-staff .note-value { stroke: currentColor; fill: none; }
  .melody-staff .note-value.lit { color: var(--jam-roll-lit, #e4572e); }
  .melody-staff .note-stem { stroke-width: 1.2; }
  .melody-staff .note-flag { stroke-width: 1.6; }
  .melody-staff .note-dot { fill: currentColor; stroke: none; }
  .melody-staff .bar-line { stroke: currentColor; stroke-opacity: 0.8; stroke-width: 1.2; }
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
  let marks = []; // note index -> its stem, flags and dot (a group), where it has a value
  let litNode = null;

  /**
   * Where the phrase's notes and bar lines go: {places: [{x, row}] per note, bars: [{x, row}]}, spaced by time
   * across `width` px, each note at least NOTE_ROOM after the one before (more for its dot or flags), a bar line
   * BAR_BEFORE after a note and BAR_AFTER before one; a note that would pass the right edge starts the next line
   * (a system), a bar line there closes the line it ends. At a phone's width (390 px) a phrase of 16 notes scaled
   * down to fit one line drew note heads 5 px wide, overlapping; now the units are the page's pixels and the
   * phrase wraps. `values`: each note's value (null: a head alone).
   */
  function layout(phrase, width, values) {
    const { start, end, first, count } = line.phrases[phrase];
    const perSecond = (width - 90) / Math.max(0.5, end - start);
    // The bar lines between the phrase's first note and its last, ordered with the notes in beats: a note sung
    // within a tenth of a beat of a downbeat, early or late, starts that bar (a bar line before it); a sixteenth's
    // pickup stays before the bar line.
    const beats = line.beats || [];
    const inBeats = (t) => (beats.length > 1 ? beatPosition(beats, t) : t);
    const onsets = [inBeats(line.notes[first].start), inBeats(line.notes[first + count - 1].start)];
    const events = (line.downbeats || [])
      .map((t) => ({ t, at: inBeats(t) - ON_BEAT, bar: true }))
      .filter(({ at }) => at >= onsets[0] - 2 * ON_BEAT && at <= onsets[1]);
    for (let i = first; i < first + count; i++) events.push({ t: line.notes[i].start, at: inBeats(line.notes[i].start), i });
    events.sort((a, b) => a.at - b.at);
    const places = [];
    const bars = [];
    let row = 0;
    let rowStart = start;
    let last = -Infinity; // x of the last note or bar line on this row
    let room = 0; // what the last one needs after it
    for (const event of events) {
      if (event.bar) {
        const x = Math.max(50 + (event.t - rowStart) * perSecond, last + BAR_BEFORE);
        bars.push({ x: Math.min(x, width - 14), row });
        last = Math.min(x, width - 14);
        room = BAR_AFTER;
        continue;
      }
      let x = Math.max(60 + (event.t - rowStart) * perSecond, last + room);
      if (x > width - 30 && places.length && last > 60) {
        row += 1;
        rowStart = event.t;
        x = 60;
      }
      places.push({ x, row });
      last = x;
      const value = values[event.i - first];
      room = NOTE_ROOM + (value?.dot ? 6 : 0) + (value?.flags ? 6 : 0);
    }
    return { places, bars };
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
    const values = [];
    if (phrase >= 0) {
      const { first, count } = line.phrases[phrase];
      for (let i = first; i < first + count; i++) values.push(noteValue(line.notes, i, line.beats, line.subdivision));
    }
    const { places, bars } = phrase < 0 ? { places: [], bars: [] } : layout(phrase, width, values);
    const rows = places.length ? places[places.length - 1].row + 1 : 1;
    drawing.setAttribute("viewBox", `0 0 ${width} ${rows * rowHeight}`);
    drawing.replaceChildren();
    heads = [];
    marks = [];
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
    for (const { x, row } of bars) {
      const top = TOP + lift + row * rowHeight;
      drawing.append(svg("line", { x1: x, x2: x, y1: top, y2: top + 4 * GAP, class: "bar-line" }));
    }
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
      const value = values[i - first];
      const head = svg("ellipse", { cx, cy, rx: 5.5, ry: 4, transform: `rotate(-17 ${cx} ${cy})`, class: value?.hollow ? "note hollow" : "note" });
      head.dataset.pitch = String(pitch);
      head.dataset.step = String(step);
      head.dataset.index = String(i);
      head.dataset.value = value ? value.name : "";
      head.append(svg("title", {}, value ? `${name}, ${value.name}` : name));
      drawing.append(head);
      heads[i] = head;
      if (value) {
        marks[i] = valueMarks(value, cx, cy, steps, top);
        marks[i].dataset.index = String(i);
        drawing.append(marks[i]);
      }
      const fret = strings ? line.tab(i, semitones) : null;
      if (fret) {
        const [string, number] = fret;
        drawing.append(svg("text", { x: cx - 3, y: base + string * STRING + 4, class: "tab-fret" }, number));
      }
    }
  }

  /**
   * A note value's stem, flags and dot, as a group lit with its head. The stem goes up on the right of a head
   * below the middle line, else down on its left, and reaches the middle line from a note far off the staff.
   */
  function valueMarks(value, cx, cy, steps, top) {
    const group = svg("g", { class: "note-value" });
    const middle = top + 2 * GAP;
    if (value.stem) {
      const up = steps > 4;
      const x = up ? cx + 5 : cx - 5;
      const tip = up ? Math.min(cy - STEM, middle) : Math.max(cy + STEM, middle);
      group.append(svg("line", { x1: x, x2: x, y1: cy, y2: tip, class: "note-stem" }));
      for (let f = 0; f < value.flags; f++) {
        const y = up ? tip + 7 * f : tip - 7 * f;
        const d = up ? `M ${x} ${y} c 1 6 9 7 7 15` : `M ${x} ${y} c 1 -6 9 -7 7 -15`;
        group.append(svg("path", { d, class: "note-flag" }));
      }
    }
    // the dot in the space beside the head: above it where the head sits on a line
    if (value.dot) group.append(svg("circle", { cx: cx + 10, cy: cy - (steps % 2 === 0 ? GAP / 2 : 0), r: 1.8, class: "note-dot" }));
    return group;
  }

  function light(lit) {
    const head = heads[lit] || null;
    if (head === litNode) return;
    litNode?.classList.remove("lit");
    if (litNode) marks[litNode.dataset.index]?.classList.remove("lit");
    head?.classList.add("lit");
    marks[lit]?.classList.add("lit");
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
