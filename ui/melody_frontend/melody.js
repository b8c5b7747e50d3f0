// src/notation.js
var SVG = "http://www.w3.org/2000/svg";
var WIDTH = 800;
var NOTE_ROOM = 24;
var GAP = 10;
var TOP = 40;
var STRING = 12;
var TOP_STEP = { treble: 45, bass: 33 };
var HEAD_TOP = 28;
var HEAD_CLEAR = 12;
var STAFF_FOOT = 4 * GAP + 30;
var STEM = 34;
var BAR_BEFORE = 14;
var BAR_AFTER = 20;
var ON_BEAT = 0.1;
var VALUES = [
  { name: "whole", quarters: 4, hollow: true, stem: false, flags: 0, dot: false },
  { name: "dotted half", quarters: 3, hollow: true, stem: true, flags: 0, dot: true },
  { name: "half", quarters: 2, hollow: true, stem: true, flags: 0, dot: false },
  { name: "dotted quarter", quarters: 1.5, hollow: false, stem: true, flags: 0, dot: true },
  { name: "quarter", quarters: 1, hollow: false, stem: true, flags: 0, dot: false },
  { name: "dotted eighth", quarters: 0.75, hollow: false, stem: true, flags: 1, dot: true },
  { name: "eighth", quarters: 0.5, hollow: false, stem: true, flags: 1, dot: false },
  { name: "sixteenth", quarters: 0.25, hollow: false, stem: true, flags: 2, dot: false }
];
function beatPosition(beats, t) {
  const n = beats.length;
  let lo = 0;
  let hi = n - 1;
  if (t <= beats[0]) return (t - beats[0]) / (beats[1] - beats[0]);
  if (t >= beats[n - 1]) return n - 1 + (t - beats[n - 1]) / (beats[n - 1] - beats[n - 2]);
  while (hi - lo > 1) {
    const mid = lo + hi >> 1;
    if (beats[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo + (t - beats[lo]) / (beats[hi] - beats[lo]);
}
function noteValue(notes, i, beats, subdivision = 2) {
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
var STAFF_CSS = `
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
function phraseAt(phrases, p) {
  let i = -1;
  while (i + 1 < phrases.length && phrases[i + 1].start <= p + 0.05) i++;
  if (i >= 0 && p < phrases[i].end + 0.5) return i;
  return Math.min(i + 1, phrases.length - 1);
}
function mountStaff(line, keyName, { tab = false, onTab = () => {
} } = {}) {
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
  tabLabel.className = "check";
  tabLabel.title = "The phrase on the guitar's strings (frets), under the staff";
  tabLabel.append(tabBox, line.strings.length > 4 ? " Guitar tab" : " Tab");
  head.append(title, tabLabel);
  const drawing = svg("svg", { role: "img", "aria-label": "The phrase now on a staff" });
  node.append(style, head, drawing);
  let drawn = null;
  let width = WIDTH;
  const sized = new ResizeObserver(([entry]) => {
    const w = Math.round(entry.contentRect.width);
    if (w > 0) width = w;
  });
  sized.observe(drawing);
  let heads = [];
  let marks = [];
  let litNode = null;
  function layout(phrase, width2, values) {
    const { start, end, first, count } = line.phrases[phrase];
    const perSecond = (width2 - 90) / Math.max(0.5, end - start);
    const beats = line.beats || [];
    const inBeats = (t) => beats.length > 1 ? beatPosition(beats, t) : t;
    const onsets = [inBeats(line.notes[first].start), inBeats(line.notes[first + count - 1].start)];
    const events = (line.downbeats || []).map((t) => ({ t, at: inBeats(t) - ON_BEAT, bar: true })).filter(({ at }) => at >= onsets[0] - 2 * ON_BEAT && at <= onsets[1]);
    for (let i = first; i < first + count; i++) events.push({ t: line.notes[i].start, at: inBeats(line.notes[i].start), i });
    events.sort((a, b) => a.at - b.at);
    const places = [];
    const bars = [];
    let row = 0;
    let rowStart = start;
    let last = -Infinity;
    let room = 0;
    for (const event of events) {
      if (event.bar) {
        const x2 = Math.max(50 + (event.t - rowStart) * perSecond, last + BAR_BEFORE);
        bars.push({ x: Math.min(x2, width2 - 14), row });
        last = Math.min(x2, width2 - 14);
        room = BAR_AFTER;
        continue;
      }
      let x = Math.max(60 + (event.t - rowStart) * perSecond, last + room);
      if (x > width2 - 30 && places.length && last > 60) {
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
  function draw(phrase, semitones, tab2, width2) {
    const strings = tab2 ? line.strings.length : 0;
    const clef = line.clef(semitones);
    let high = 0;
    let low = 8;
    if (phrase >= 0) {
      const { first: first2, count: count2 } = line.phrases[phrase];
      for (let i = first2; i < first2 + count2; i++) {
        const steps = TOP_STEP[clef] - line.spelling(i, semitones).step;
        high = Math.min(high, steps);
        low = Math.max(low, steps);
      }
    }
    const lift = Math.max(0, HEAD_TOP - (TOP + high * GAP / 2));
    const drop = Math.max(0, low * GAP / 2 + HEAD_CLEAR - STAFF_FOOT);
    const rowHeight = TOP + lift + STAFF_FOOT + drop + (strings ? strings * STRING + 10 : 0);
    const values = [];
    if (phrase >= 0) {
      const { first: first2, count: count2 } = line.phrases[phrase];
      for (let i = first2; i < first2 + count2; i++) values.push(noteValue(line.notes, i, line.beats, line.subdivision));
    }
    const { places, bars } = phrase < 0 ? { places: [], bars: [] } : layout(phrase, width2, values);
    const rows = places.length ? places[places.length - 1].row + 1 : 1;
    drawing.setAttribute("viewBox", `0 0 ${width2} ${rows * rowHeight}`);
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
      for (let k = 0; k < 5; k++) drawing.append(svg("line", { x1: 10, x2: width2 - 10, y1: top + k * GAP, y2: top + k * GAP, class: "staff-line" }));
      drawing.append(svg("text", { x: 14, y: top + (clef === "bass" ? 1 : 3) * GAP + 8, class: "staff-clef" }, clef === "bass" ? "F" : "G"));
      const base = top + STAFF_FOOT + drop;
      for (let s = 0; s < strings; s++) {
        drawing.append(svg("line", { x1: 30, x2: width2 - 10, y1: base + s * STRING, y2: base + s * STRING, class: "tab-line" }));
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
      const cy = top + steps * GAP / 2;
      const ledger = (y) => drawing.append(svg("line", { x1: cx - 9, x2: cx + 9, y1: y, y2: y, class: "staff-line" }));
      for (let l = 10; l <= steps; l += 2) ledger(top + l * GAP / 2);
      for (let l = -2; l >= steps; l -= 2) ledger(top + l * GAP / 2);
      if (mark) drawing.append(svg("text", { x: cx - 16, y: cy + 4, class: "staff-mark" }, mark));
      const value = values[i - first];
      const head2 = svg("ellipse", { cx, cy, rx: 5.5, ry: 4, transform: `rotate(-17 ${cx} ${cy})`, class: value?.hollow ? "note hollow" : "note" });
      head2.dataset.pitch = String(pitch);
      head2.dataset.step = String(step);
      head2.dataset.index = String(i);
      head2.dataset.value = value ? value.name : "";
      head2.append(svg("title", {}, value ? `${name}, ${value.name}` : name));
      drawing.append(head2);
      heads[i] = head2;
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
    if (value.dot) group.append(svg("circle", { cx: cx + 10, cy: cy - (steps % 2 === 0 ? GAP / 2 : 0), r: 1.8, class: "note-dot" }));
    return group;
  }
  function light(lit) {
    const head2 = heads[lit] || null;
    if (head2 === litNode) return;
    litNode?.classList.remove("lit");
    if (litNode) marks[litNode.dataset.index]?.classList.remove("lit");
    head2?.classList.add("lit");
    marks[lit]?.classList.add("lit");
    litNode = head2;
    node.dataset.lit = head2 ? head2.dataset.pitch : "";
    node.dataset.litStep = head2 ? head2.dataset.step : "";
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
    }
  };
}

// src/melody.js
var PARTIALS = [1, 0.45, 0.22, 0.1];
var ATTACK = 0.012;
var DECAY = 0.12;
var SUSTAIN = 0.7;
var RELEASE = 0.06;
var PEAK = 0.3;
var TABLE = 4096;
var table = null;
function wave() {
  if (!table) {
    table = new Float32Array(TABLE + 1);
    PARTIALS.forEach((a, k) => {
      for (let i = 0; i <= TABLE; i++) table[i] += a * Math.sin(2 * Math.PI * (k + 1) * i / TABLE);
    });
    const top = table.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (let i = 0; i <= TABLE; i++) table[i] /= top;
  }
  return table;
}
function synthesize(notes, length, sampleRate) {
  const out = new Float32Array(length);
  const w = wave();
  for (const { start, end, pitch, velocity } of notes) {
    const from = Math.round(start * sampleRate);
    if (from >= length) break;
    const held = Math.max(ATTACK + 0.01, end - start);
    const to = Math.min(length, Math.round((start + held + RELEASE) * sampleRate));
    const step = TABLE * 440 * 2 ** ((pitch - 69) / 12) / sampleRate;
    const peak = PEAK * (velocity / 127);
    let phase = 0;
    for (let i = from; i < to; i++) {
      const t = (i - from) / sampleRate;
      let env;
      if (t < ATTACK) env = t / ATTACK;
      else if (t < held) env = SUSTAIN + (1 - SUSTAIN) * Math.exp(-(t - ATTACK) / DECAY);
      else env = (SUSTAIN + (1 - SUSTAIN) * Math.exp(-(held - ATTACK) / DECAY)) * Math.max(0, 1 - (t - held) / RELEASE);
      const j = phase | 0;
      const frac = phase - j;
      out[i] += peak * env * (w[j] + frac * (w[j + 1] - w[j]));
      phase += step;
      if (phase >= TABLE) phase -= TABLE;
    }
  }
  return out;
}
function melodyBuffer(ctx, melody, length) {
  const buffer = ctx.createBuffer(1, Math.max(1, length), ctx.sampleRate);
  buffer.copyToChannel(synthesize(melody.notes, buffer.length, ctx.sampleRate), 0);
  return buffer;
}

// src/text.js
var mmss = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;

// src/lane.js
var SAMPLE_RATE = 44100;
var decoded = /* @__PURE__ */ new Map();
var lanes = /* @__PURE__ */ new WeakMap();
var context = null;
function audioContext() {
  if (!context) context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: "interactive" });
  return context;
}
function load(ctx, url) {
  if (!decoded.has(url)) {
    decoded.set(
      url,
      fetch(url).then((r) => {
        if (!r.ok) throw new Error(`could not fetch ${url}: HTTP ${r.status}`);
        return r.arrayBuffer();
      }).then((b) => ctx.decodeAudioData(b))
    );
  }
  return decoded.get(url);
}
function themed(root) {
  const resolve = (name, fallback) => {
    const probe = document.createElement("i");
    probe.style.color = `var(${name}, ${fallback})`;
    root.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    const srgb = color.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/);
    if (!srgb) return color;
    const [r, g, b] = srgb.slice(1, 4).map((v) => Math.round(255 * Number(v)));
    return `rgba(${r}, ${g}, ${b}, ${srgb[4] ?? 1})`;
  };
  return { note: resolve("--jam-roll-note", "#3a6ea5"), lit: resolve("--jam-roll-lit", "#e4572e"), line: resolve("--jam-text", "#31333f") };
}
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const c of children) node.append(c);
  return node;
}
var ZOOMS = [32, 16, 8, 4, 2];
var MIN_LABEL_PX = 7;
var Lane = class {
  constructor(parent, data) {
    this.root = el("div", { className: "jam-player jam-melody" });
    parent.appendChild(this.root);
    this.tracks = /* @__PURE__ */ new Map();
    this.sources = [];
    this.playing = false;
    this.offset = 0;
    this.startedAt = 0;
    this.zoom = 8;
    this.lit = null;
    this.litIndex = -1;
    this.data = data;
    this.#controls();
    this.update(data);
    this.raf = requestAnimationFrame(() => this.#frame());
  }
  /** New data from Python: notes (in the played key), stems, phrases. Playback goes on where it is. */
  update(data) {
    this.data = data;
    this.notes = data.notes;
    this.duration = data.duration;
    this.semitones = data.semitones;
    this.root.dataset.semitones = String(data.semitones);
    this.staff.refresh();
    const ctx = audioContext();
    const names = ["melody", ...data.stems.map((s) => s.name)];
    for (const name of names) if (!this.tracks.has(name)) this.#track(ctx, name);
    this.ready = Promise.all(
      data.stems.map(async (s) => {
        const buffer = await load(ctx, s.url);
        const track = this.tracks.get(s.name);
        if (track.url !== s.url) {
          track.url = s.url;
          track.buffer = buffer;
          if (s.name === data.waveform) this.peaks = peaks(buffer, 4e3);
          if (this.playing) this.#restart();
        }
      })
    ).then(() => {
      this.readyAt = performance.now();
      this.status.textContent = "";
    });
    this.ready.catch((err) => {
      this.status.textContent = `The stems could not be loaded: ${err.message || err}`;
      console.warn(err);
    });
    const voice = this.tracks.get("melody");
    const line = JSON.stringify(data.notes.map((n) => [n.start, n.end, n.pitch, n.velocity]));
    if (voice.line !== line) {
      voice.line = line;
      voice.buffer = melodyBuffer(ctx, { notes: data.notes }, Math.round(data.duration * ctx.sampleRate));
      if (this.playing) this.#restart();
    }
    this.#mix();
  }
  #track(ctx, name) {
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    const track = { gain, level: name === "melody" ? 0.8 : 1, mute: false, solo: false, buffer: null, url: null };
    this.tracks.set(name, track);
    const level = el("input", { type: "range", min: 0, max: 1.5, step: 0.05, value: track.level, title: `${name} level` });
    level.dataset.track = name;
    level.oninput = () => {
      track.level = Number(level.value);
      this.#mix();
    };
    const mute = el("button", { textContent: "M", title: `mute ${name}`, className: "toggle" });
    mute.dataset.mute = name;
    mute.onclick = () => {
      track.mute = !track.mute;
      mute.classList.toggle("on", track.mute);
      this.#mix();
    };
    const solo = el("button", { textContent: "S", title: `solo ${name}`, className: "toggle" });
    solo.dataset.solo = name;
    solo.onclick = () => {
      track.solo = !track.solo;
      solo.classList.toggle("on", track.solo);
      this.#mix();
    };
    const strip = el("label", { className: "slider" }, el("span", { className: "name", textContent: name }), level);
    this.mixer.append(el("div", { className: "stem" }, strip, mute, solo));
  }
  #mix() {
    const soloed = [...this.tracks.values()].some((t) => t.solo);
    for (const t of this.tracks.values()) {
      const on = !t.mute && (!soloed || t.solo);
      t.gain.gain.setTargetAtTime(on ? t.level : 0, audioContext().currentTime, 0.01);
    }
  }
  /** Set a track's level, mute or solo as its controls do (the tests use it). */
  set(name, { level, mute, solo } = {}) {
    const t = this.tracks.get(name);
    if (level !== void 0) t.level = level;
    if (mute !== void 0) t.mute = mute;
    if (solo !== void 0) t.solo = solo;
    this.root.querySelector(`[data-mute="${name}"]`)?.classList.toggle("on", t.mute);
    this.root.querySelector(`[data-solo="${name}"]`)?.classList.toggle("on", t.solo);
    this.#mix();
  }
  #controls() {
    this.play = el("button", { textContent: "Play", className: "play" });
    this.play.onclick = () => this.playPause();
    this.time = el("span", { className: "time" });
    const shown = el("output", { className: "zoom-seconds" });
    const zoomOut = el("button", { className: "icon", title: "Zoom out: more of the song", textContent: "−" });
    const zoomIn = el("button", { className: "icon", title: "Zoom in: closer to the notes", textContent: "+" });
    zoomOut.dataset.testid = "jam-zoom-out";
    zoomIn.dataset.testid = "jam-zoom-in";
    this.zoomBy = (steps) => {
      const at = ZOOMS.indexOf(this.zoom) + steps;
      this.zoom = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, at))];
      shown.textContent = `${this.zoom} s`;
      zoomOut.disabled = this.zoom === ZOOMS[0];
      zoomIn.disabled = this.zoom === ZOOMS[ZOOMS.length - 1];
    };
    zoomOut.onclick = () => this.zoomBy(-1);
    zoomIn.onclick = () => this.zoomBy(1);
    this.zoomBy(0);
    this.status = el("span", { className: "status", textContent: "Loading the stems…" });
    this.mixer = el("div", { className: "mixer" });
    this.roll = el("canvas", { className: "roll", height: 220 });
    this.staff = mountStaff(this.#line(), () => this.data.key_name);
    this.roll.onclick = (e) => {
      const r = this.roll.getBoundingClientRect();
      this.seek(this.#rollStart() + (e.clientX - r.left) / r.width * this.zoom);
    };
    this.root.append(
      el("div", { className: "bar" }, this.play, this.time, el("span", { className: "group", title: "Zoom the notes" }, el("span", { className: "name", textContent: "Zoom" }), zoomOut, zoomIn, shown), this.status),
      this.mixer,
      this.roll,
      this.staff.node
    );
  }
  get position() {
    if (!this.playing) return this.offset;
    return Math.min(this.duration, this.offset + audioContext().currentTime - this.startedAt);
  }
  playPause() {
    if (this.playing) {
      this.offset = this.position;
      this.#stopSources();
      this.playing = false;
    } else {
      if (this.offset >= this.duration - 0.05) this.offset = 0;
      this.#restart();
      this.playing = true;
    }
    this.play.textContent = this.playing ? "Pause" : "Play";
  }
  seek(seconds) {
    this.offset = Math.max(0, Math.min(this.duration, seconds));
    if (this.playing) this.#restart();
  }
  #restart() {
    const ctx = audioContext();
    if (ctx.state === "suspended") ctx.resume();
    const at = this.position;
    this.#stopSources();
    this.offset = at;
    this.startedAt = ctx.currentTime + 0.05;
    for (const t of this.tracks.values()) {
      if (!t.buffer) continue;
      const src = ctx.createBufferSource();
      src.buffer = t.buffer;
      src.connect(t.gain);
      src.start(this.startedAt, Math.min(at, t.buffer.duration));
      this.sources.push(src);
    }
  }
  #stopSources() {
    for (const s of this.sources) {
      try {
        s.stop();
      } catch {
      }
    }
    this.sources = [];
  }
  #rollStart() {
    return Math.max(0, this.position - this.zoom / 4);
  }
  #frame() {
    this.raf = requestAnimationFrame(() => this.#frame());
    const t = this.position;
    if (this.playing && t >= this.duration - 1e-3) this.playPause();
    const i = this.notes.findIndex((n) => n.start <= t && t < n.end);
    this.litIndex = i;
    this.lit = i >= 0 ? this.notes[i].pitch : null;
    this.root.dataset.lit = this.lit === null ? "" : String(this.lit);
    this.root.dataset.position = t.toFixed(3);
    this.time.textContent = `${mmss(t)} / ${mmss(this.duration)}`;
    this.#drawRoll(t);
    this.staff.show(t, this.litIndex, this.semitones);
    this.root.dataset.phrase = this.staff.node.dataset.phrase;
  }
  #drawRoll(t) {
    const c = this.roll;
    this.colors ??= c.isConnected ? themed(this.root) : null;
    const { note, lit, line } = this.colors ?? { note: "#3a6ea5", lit: "#e4572e", line: "rgba(0,0,0,0.35)" };
    const w = c.width = c.clientWidth || 800;
    const h = c.height;
    const g = c.getContext("2d");
    g.clearRect(0, 0, w, h);
    const start = this.#rollStart();
    const x = (s) => (s - start) / this.zoom * w;
    if (this.peaks) {
      g.fillStyle = "rgba(120,120,140,0.25)";
      const n = this.peaks.length;
      for (let px = 0; px < w; px += 2) {
        const s = start + px / w * this.zoom;
        const v = this.peaks[Math.min(n - 1, Math.floor(s / this.duration * n))] || 0;
        g.fillRect(px, h / 2 - v * h / 2, 2, v * h);
      }
    }
    for (const b of this.data.beats) {
      if (b < start || b > start + this.zoom) continue;
      g.fillStyle = line;
      g.globalAlpha = this.data.downbeats.includes(b) ? 0.4 : 0.12;
      g.fillRect(x(b), 0, 1, h);
      g.globalAlpha = 1;
    }
    const [low, high] = this.data.range || [60, 72];
    const rows = high - low + 3;
    const y = (p) => h - (p - low + 1.5) / rows * h;
    const row = h / rows;
    const size = Math.min(10, Math.floor(row) - 1);
    g.font = `${size}px sans-serif`;
    this.labels = [];
    for (let i = 0; i < this.notes.length; i++) {
      const n = this.notes[i];
      if (n.end < start || n.start > start + this.zoom) continue;
      g.fillStyle = i === this.litIndex ? lit : note;
      const [left, width] = [x(n.start), Math.max(2, x(n.end) - x(n.start))];
      g.fillRect(left, y(n.pitch) - row / 2, width, Math.max(3, row - 1));
      const text = size >= MIN_LABEL_PX ? g.measureText(n.name).width : Infinity;
      if (left >= 0 && text + 4 <= width) {
        g.fillStyle = "#fff";
        g.fillText(n.name, left + 2, y(n.pitch) + size * 0.3);
        const [top, bottom] = [y(n.pitch) - size / 2, y(n.pitch) + size / 2];
        this.labels.push({ index: i, name: n.name, left: left + 2, right: left + 2 + text, top, bottom, end: left + width });
      }
    }
    g.fillStyle = lit;
    g.fillRect(x(t), 0, 2, h);
  }
  /** The notes as the staff reads them (notation.js): already moved, spelt and fingered by Python. */
  #line() {
    const lane = this;
    return {
      get notes() {
        return lane.notes;
      },
      get phrases() {
        return lane.data.phrases;
      },
      get strings() {
        return lane.data.strings;
      },
      // the grid, for the staff's bar lines and note values (empty without a steady beat: heads alone)
      get beats() {
        return lane.data.beats || [];
      },
      get downbeats() {
        return lane.data.downbeats || [];
      },
      get subdivision() {
        return lane.data.subdivision || 2;
      },
      phraseAt(p) {
        return phraseAt(lane.data.phrases, p);
      },
      spelling(i) {
        const n = lane.notes[i];
        return { pitch: n.pitch, name: n.name, step: n.step, mark: n.accidental };
      },
      tab(i) {
        return lane.notes[i].tab?.length === 2 ? lane.notes[i].tab : null;
      },
      clef() {
        return lane.data.clef;
      }
    };
  }
  dispose() {
    cancelAnimationFrame(this.raf);
    this.#stopSources();
    for (const t of this.tracks.values()) t.gain.disconnect();
    this.root.remove();
  }
};
function peaks(buffer, n) {
  const data = buffer.getChannelData(0);
  const size = Math.max(1, Math.floor(data.length / n));
  const out = new Float32Array(n);
  let top = 1e-9;
  for (let i = 0; i < n; i++) {
    let m = 0;
    const end = Math.min(data.length, (i + 1) * size);
    for (let j = i * size; j < end; j += 4) m = Math.max(m, Math.abs(data[j]));
    out[i] = m;
    top = Math.max(top, m);
  }
  return out.map((v) => v / top);
}
function laneIn(parentElement) {
  return lanes.get(parentElement) ?? null;
}
function mount({ data, parentElement }) {
  let lane = lanes.get(parentElement);
  if (lane && lane.data.song !== data.song) {
    lane.dispose();
    lane = null;
  }
  if (!lane) {
    lane = new Lane(parentElement, data);
    lanes.set(parentElement, lane);
  } else {
    lane.update(data);
  }
  return () => {
    lanes.delete(parentElement);
    lane.dispose();
  };
}
export {
  mount as default,
  laneIn
};
