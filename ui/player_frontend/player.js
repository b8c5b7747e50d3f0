// src/chords.js
var Music = class _Music {
  constructor({ chords = [], bars = [], names = [], sections = [], keys = [], shifts }) {
    const named = (c4) => ({ ...c4, labels: names[c4.name] });
    this.chords = chords.map(named);
    this.bars = bars.map((b2) => ({ ...b2, chords: b2.chords.map(named) }));
    this.sections = sections;
    this.keys = keys;
    this.shifts = shifts;
  }
  /** Index into `labels` for a key change of `semitones`. */
  slot(semitones) {
    const [lo, hi] = this.shifts;
    return Math.min(hi, Math.max(lo, Math.round(semitones))) - lo;
  }
  /** The key's name after `semitones` ("" when unknown). */
  keyName(semitones) {
    return this.keys[this.slot(semitones)] || "";
  }
  /** Index of the last item of `list` (sorted by `start`) starting at or before `t`, or -1. */
  static #before(list, t4, start = (x2) => x2.start) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (start(list[mid]) <= t4 + 1e-6) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
  /**
   * {now, next}: the chord names at song time `p` and the next different one ("" where there is none).
   * In a `loop` ({start, end}) the next is what is heard next: after the loop's last chord, its first.
   */
  nowNext(p3, semitones, loop = null) {
    const k2 = this.slot(semitones);
    const i4 = _Music.#before(this.chords, p3);
    const current = i4 >= 0 && p3 < this.chords[i4].end ? this.chords[i4] : null;
    const now = current ? current.labels[k2] : "";
    const inLoop = loop && p3 >= loop.start && p3 < loop.end;
    const first = inLoop ? Math.max(0, _Music.#before(this.chords, loop.start)) : 0;
    const order = [];
    for (let j2 = i4 + 1; j2 < this.chords.length && !(inLoop && this.chords[j2].start >= loop.end); j2++) order.push(j2);
    if (inLoop) for (let j2 = first; j2 <= i4; j2++) order.push(j2);
    const j = order.find((n4) => this.chords[n4].labels[k2] !== now);
    return { now, next: j === void 0 ? "" : this.chords[j].labels[k2] };
  }
  /** Index of the bar holding song time `p` (-1 before the first). */
  barAt(p3) {
    const i4 = _Music.#before(this.bars, p3);
    return i4 >= 0 && (p3 < this.bars[i4].end || i4 === this.bars.length - 1) ? i4 : -1;
  }
  /** Index of the section holding song time `p` (-1 outside every section). */
  sectionAt(p3) {
    const i4 = _Music.#before(this.sections, p3);
    return i4 >= 0 && p3 < this.sections[i4].end ? i4 : -1;
  }
  /**
   * The loop over bars written as "17-24" (or "17" for one bar), numbered from 1:
   * {start, end} in seconds, or {error} with a sentence naming the problem.
   */
  parseBars(text) {
    const n4 = this.bars.length;
    if (!n4) return { error: "this song has no bars to loop by (no beat grid)" };
    const m2 = String(text).trim().match(/^(\d+)(?:\s*(?:-|–|—|to|\.\.)\s*(\d+))?$/);
    if (!m2) return { error: `"${text}" is not bars like 17-24 (first and last bar, from 1 to ${n4})` };
    const first = Number(m2[1]);
    const last = m2[2] === void 0 ? first : Number(m2[2]);
    if (first < 1 || last > n4) return { error: `bars ${first}-${last}: this song has bars 1 to ${n4}` };
    if (last < first) return { error: `bars ${first}-${last}: the last bar comes before the first` };
    return { start: this.bars[first - 1].start, end: this.bars[last - 1].end, first, last };
  }
  /** "17-24" when `loop` starts and ends on bar lines (else ""). */
  barsOf(loop) {
    if (!loop || !this.bars.length) return "";
    const first = this.bars.findIndex((b2) => Math.abs(b2.start - loop.start) < 0.02);
    const last = this.bars.findIndex((b2) => Math.abs(b2.end - loop.end) < 0.02);
    if (first < 0 || last < first) return "";
    return first === last ? String(first + 1) : `${first + 1}-${last + 1}`;
  }
};
function el(tag, className, text = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}
function mountBigChords(music) {
  const now = el("span", "chord-now");
  now.dataset.testid = "jam-now-chord";
  const next = el("span", "chord-next");
  next.dataset.testid = "jam-next-chord";
  const where = el("span", "chord-where");
  const node = el("div", "big-chords");
  node.append(
    el("span", "chord-caption", "Now"),
    now,
    el("span", "chord-caption", "Next"),
    next,
    where
  );
  node.hidden = !music.chords.length;
  let shown = "";
  return {
    node,
    show(p3, semitones, loop = null) {
      const { now: a4, next: b2 } = music.nowNext(p3, semitones, loop);
      const bar = music.barAt(p3);
      const key = `${a4}|${b2}|${bar}`;
      if (key === shown) return;
      shown = key;
      now.textContent = a4;
      next.textContent = b2;
      where.textContent = bar >= 0 ? `bar ${bar + 1}` : "";
    }
  };
}
function mountChart(music, { onSeek, onLoop }) {
  const node = el("div", "chart");
  node.tabIndex = -1;
  node.hidden = !music.bars.length;
  const cells = [];
  const names = [];
  let row = null;
  let section = -2;
  music.bars.forEach((bar, i4) => {
    const s4 = music.sectionAt(bar.start + 0.05);
    if (s4 !== section || !row) {
      section = s4;
      const head = el("button", "chart-section", s4 >= 0 ? music.sections[s4].label : "");
      head.hidden = s4 < 0;
      if (s4 >= 0) {
        const { start, end, label } = music.sections[s4];
        head.dataset.testid = `jam-section-${s4}`;
        head.title = `Loop ${label}: bars ${i4 + 1}-${music.barAt(end - 0.05) + 1}`;
        head.addEventListener("click", () => onLoop({ start, end }));
      }
      row = el("div", "chart-row");
      node.append(head, row);
    }
    const cell = el("button", "chart-bar");
    cell.dataset.bar = String(i4 + 1);
    cell.title = `Bar ${i4 + 1}: play from here`;
    cell.append(el("span", "chart-number", String(i4 + 1)));
    const chordBox = el("span", "chart-chords");
    for (const c4 of bar.chords) {
      const span = el("span", "chart-chord");
      chordBox.append(span);
      names.push([span, c4.labels]);
    }
    cell.append(chordBox);
    cell.addEventListener("click", () => onSeek(bar.start));
    row.append(cell);
    cells.push(cell);
  });
  let lit = -1;
  let looped = "";
  return {
    node,
    setKey(semitones) {
      const k2 = music.slot(semitones);
      for (const [span, labels] of names) span.textContent = labels[k2];
    },
    show(p3, loop) {
      const i4 = music.barAt(p3);
      if (i4 !== lit) {
        cells[lit]?.classList.remove("now");
        lit = i4;
        const cell = cells[i4];
        if (cell) {
          cell.classList.add("now");
          const top = cell.offsetTop;
          const margin = cell.offsetHeight;
          if (top - margin < node.scrollTop || top + 2 * margin > node.scrollTop + node.clientHeight) {
            node.scrollTop = Math.max(0, top - margin);
          }
        }
      }
      const key = loop ? `${loop.start}|${loop.end}` : "";
      if (key !== looped) {
        looped = key;
        music.bars.forEach((b2, j) => {
          cells[j].classList.toggle("looped", !!loop && b2.start >= loop.start - 0.02 && b2.end <= loop.end + 0.02);
        });
      }
    }
  };
}

// src/clicks.js
var CLICK_SECONDS = 0.03;
var CLICK_HZ = 1320;
var ACCENT_HZ = 1760;
function clickBuffer(ctx, accent) {
  const sr = ctx.sampleRate;
  const n4 = Math.round(CLICK_SECONDS * sr);
  const taper = Math.round(5e-3 * sr);
  const buffer = ctx.createBuffer(1, n4, sr);
  const data = buffer.getChannelData(0);
  const hz = accent ? ACCENT_HZ : CLICK_HZ;
  for (let i4 = 0; i4 < n4; i4++) {
    const t4 = i4 / sr;
    data[i4] = Math.sin(2 * Math.PI * hz * t4) * Math.exp(-t4 / 6e-3);
  }
  for (let k2 = 1; k2 <= taper; k2++) data[n4 - taper + k2 - 1] *= Math.cos(0.5 * Math.PI * k2 / taper);
  return buffer;
}
var Grid = class {
  constructor({ beats = [], downbeats = [], beats_per_bar = 4, subdivision = 2, tempo = 120, pulse = true } = {}) {
    this.pulse = pulse !== false;
    this.beats = Float64Array.from(beats).sort();
    this.downbeats = Float64Array.from(downbeats).sort();
    this.beatsPerBar = beats_per_bar;
    this.subdivision = subdivision;
    this.tempo = tempo;
  }
  isDownbeat(time) {
    return this.downbeats.some((d3) => Math.abs(d3 - time) < 1e-3);
  }
  /** Seconds between the beats around `time` (the first or last gap outside them; the tempo's without beats). */
  period(time) {
    const b2 = this.beats;
    if (b2.length < 2) return 60 / this.tempo;
    const i4 = Math.min(Math.max(1, this.#after(time)), b2.length - 1);
    return b2[i4] - b2[i4 - 1];
  }
  /** The tempo in BPM over [from, to]: its beats over the time they span (the local tempo if fewer than two). */
  tempoOver(from, to) {
    let first = -1;
    let count = 0;
    for (let i4 = this.#after(from); i4 < this.beats.length && this.beats[i4] <= to + 1e-6; i4++) {
      if (first < 0) first = i4;
      count++;
    }
    if (count < 2) return 60 / this.period(from);
    return 60 * (count - 1) / (this.beats[first + count - 1] - this.beats[first]);
  }
  /** Index of the first beat at or after `time`. */
  #after(time) {
    let lo = 0;
    let hi = this.beats.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (this.beats[mid] < time - 1e-6) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** The first beat at or after `time`; past the last beat, where the last gap carries the grid. */
  nextBeat(time) {
    const i4 = this.#after(time);
    if (i4 < this.beats.length) return this.beats[i4];
    if (!this.beats.length) return time;
    const last = this.beats[this.beats.length - 1];
    const step = this.period(last);
    return last + Math.ceil((time - last - 1e-6) / step) * step;
  }
  /** Beats in [from, to). */
  between(from, to) {
    const out = [];
    for (let i4 = this.#after(from); i4 < this.beats.length && this.beats[i4] < to - 1e-6; i4++) out.push(this.beats[i4]);
    return out;
  }
  /**
   * One bar of count-in into the beat at or after song time `p` at `speed`: the grid's tempo over
   * [p, end] (the looped bars; without a loop, the bar from p), a click a counted beat (every part of
   * the beat in compound time). Returns {lead, clicks: [{at, accent}]}, `at` from the count-in's start;
   * jamwithme.export.count_in_plan is the same sum.
   */
  countIn(p3, end, speed) {
    if (end == null || end <= p3) end = p3 + this.beatsPerBar * this.period(p3);
    const period = 60 / this.tempoOver(p3, end) / speed;
    const perBeat = this.subdivision === 3 ? 3 : 1;
    const n4 = this.beatsPerBar * perBeat;
    const step = period / perBeat;
    const toBeat = Math.min((this.nextBeat(p3) - p3) / speed, period);
    const lead = Math.max(0, n4 * step - toBeat);
    const clicks = [];
    for (let k2 = n4; k2 >= 1; k2--) {
      const at = lead + toBeat - k2 * step;
      if (at >= -1e-6) clicks.push({ at, accent: k2 === n4 });
    }
    return { lead, clicks };
  }
  /** The nearest beat, or the nearest downbeat when `bars` is set (time itself if there are none). */
  snap(time, bars) {
    const list = bars && this.downbeats.length ? this.downbeats : this.beats;
    let best = time;
    let dist = Infinity;
    for (const t4 of list) {
      if (Math.abs(t4 - time) < dist) {
        dist = Math.abs(t4 - time);
        best = t4;
      }
    }
    return best;
  }
  /** The downbeat `step` bars from the bar holding `time` (or ± one bar at the local period). */
  barFrom(time, step) {
    const d3 = this.downbeats;
    if (d3.length < 2) return time + step * this.beatsPerBar * this.period(time);
    let i4 = 0;
    while (i4 + 1 < d3.length && d3[i4 + 1] <= time + 1e-3) i4++;
    const j = Math.min(Math.max(0, i4 + step), d3.length - 1);
    return d3[j];
  }
};

// src/text.js
var mmss = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;

// src/controls.js
function el2(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k2, v3] of Object.entries(attrs)) {
    if (k2.startsWith("on")) node.addEventListener(k2.slice(2), v3);
    else if (k2 === "testid") node.dataset.testid = v3;
    else if (k2 in node && typeof v3 !== "string") node[k2] = v3;
    else node.setAttribute(k2, v3);
  }
  node.append(...children);
  return node;
}
function slider(label, { spec, value, format, onInput, testid, title = "" }) {
  const out = el2("output", {}, format(value));
  const input = el2("input", {
    type: "range",
    min: String(spec.min),
    max: String(spec.max),
    step: String(spec.step),
    value: String(value),
    testid,
    "aria-label": label
  });
  input.addEventListener("input", () => {
    out.textContent = format(Number(input.value));
    onInput(Number(input.value));
  });
  const set = (v3) => {
    input.value = String(v3);
    out.textContent = format(v3);
  };
  return { node: el2("label", { class: "slider", title }, el2("span", { class: "name" }, label), input, out), set, out };
}
function check(label, { checked, onChange, testid }) {
  const input = el2("input", { type: "checkbox", checked, testid });
  input.addEventListener("change", () => onChange(input.checked));
  return { node: el2("label", { class: "check" }, input, el2("span", {}, label)), set: (v3) => input.checked = v3 };
}
var signed = (v3, unit) => `${v3 > 0 ? "+" : v3 < 0 ? "−" : ""}${Math.abs(v3)}${unit}`;
var dbLabel = (spec, v3) => spec.labels?.[Math.round((v3 - spec.min) / spec.step)] ?? signed(v3, " dB");
var SHORTCUTS = [
  { keys: ["Space"], match: (e4) => e4.key === " ", does: "play / pause", run: (p3) => p3.playPause() },
  { keys: ["←", "→"], match: (e4) => e4.key === "ArrowLeft", does: "previous / next bar", run: (p3, here) => p3.seek(p3.grid.barFrom(here, -1)) },
  { keys: [], match: (e4) => e4.key === "ArrowRight", run: (p3, here) => p3.seek(p3.grid.barFrom(here, 1)) },
  { practice: true, keys: ["["], match: (e4) => e4.key === "[", does: "loop start (A) at the playhead", run: (p3, here) => p3.markLoop("start", here) },
  { practice: true, keys: ["]"], match: (e4) => e4.key === "]", does: "loop end (B) at the playhead", run: (p3, here) => p3.markLoop("end", here) },
  { practice: true, keys: ["L"], match: (e4) => e4.key.toLowerCase() === "l", does: "loop on / off", run: (p3) => p3.set({ loop_on: !p3.state.loop_on }) },
  { practice: true, keys: ["−", "+"], match: (e4) => e4.key === "-", does: "slower / faster (5 %)", run: (p3) => p3.set({ speed: p3.settings.clampSpeed(p3.state.speed - 0.05) }) },
  { practice: true, keys: [], match: (e4) => e4.key === "+" || e4.key === "=", run: (p3) => p3.set({ speed: p3.settings.clampSpeed(p3.state.speed + 0.05) }) },
  { practice: true, keys: ["↓", "↑"], match: (e4) => e4.key === "ArrowDown", does: "key down / up a semitone", run: (p3) => p3.transpose(-1) },
  { practice: true, keys: [], match: (e4) => e4.key === "ArrowUp", run: (p3) => p3.transpose(1) },
  { keys: ["I", "O"], match: (e4) => e4.key.toLowerCase() === "i", does: "zoom in / out", run: (p3) => p3.view.zoomBy(1) },
  { keys: [], match: (e4) => e4.key.toLowerCase() === "o", run: (p3) => p3.view.zoomBy(-1) },
  { keys: ["?"], match: (e4) => e4.key === "?", does: "show / hide these keys", run: (p3) => p3.controls.toggleHelp() }
];
var shortcutsFor = (mode) => SHORTCUTS.filter((k2) => mode === "practice" || !k2.practice);
function mountControls(player) {
  const s4 = player.state;
  const spec = player.settings.spec;
  const practising = player.mode === "practice";
  const play = el2("button", { class: "play", onclick: () => player.playPause(), testid: "jam-play" }, "Play");
  const time = el2("span", { class: "time" }, "0:00");
  const keyName = (v3) => {
    const name2 = player.music.keyName(v3);
    return `${signed(v3, " st")}${name2 ? ` · ${name2}` : ""}`;
  };
  const speed = slider("Speed", {
    spec: spec.speed,
    value: s4.speed,
    format: (v3) => `${Math.round(v3 * 100)} %`,
    onInput: (v3) => player.set({ speed: player.settings.clampSpeed(v3) }),
    testid: "jam-speed"
  });
  const key = slider("Key", {
    spec: spec.semitones,
    value: s4.semitones,
    format: keyName,
    onInput: (v3) => player.set({ semitones: v3 }),
    testid: "jam-key"
  });
  key.out.classList.add("key-name");
  const zoomOut = el2("button", { class: "icon", title: "Zoom out (O)", testid: "jam-zoom-out", onclick: () => player.view.zoomBy(-1) }, "−");
  const zoomIn = el2("button", { class: "icon", title: "Zoom in (I, or the wheel over the waveform)", testid: "jam-zoom-in", onclick: () => player.view.zoomBy(1) }, "+");
  const barsError = el2("span", { class: "error", role: "alert", testid: "jam-loop-bars-error" });
  const markHint = el2("span", { class: "hint", testid: "jam-loop-mark" });
  const bars = el2("input", {
    type: "text",
    class: "bars",
    placeholder: "17-24",
    inputmode: "numeric",
    "aria-label": "Loop bars",
    title: "Loop these bars: first-last, e.g. 17-24",
    testid: "jam-loop-bars"
  });
  const applyBars = () => {
    if (!bars.value.trim()) return;
    const loop2 = player.music.parseBars(bars.value);
    barsError.textContent = loop2.error || "";
    bars.setAttribute("aria-invalid", loop2.error ? "true" : "false");
    if (!loop2.error) player.set({ loop_start: loop2.start, loop_end: loop2.end, loop_on: true });
  };
  bars.addEventListener("change", applyBars);
  bars.addEventListener("keydown", (e4) => e4.key === "Enter" && applyBars());
  const helpButton = el2("button", { class: "icon", title: "Keyboard shortcuts (?)", testid: "jam-help", onclick: () => toggleHelp() }, "?");
  const help = el2(
    "div",
    { class: "help", hidden: true, testid: "jam-shortcuts" },
    el2("strong", {}, "Keys (while the player has focus: click it first)"),
    el2(
      "dl",
      {},
      ...shortcutsFor(player.mode).filter((k2) => k2.does).flatMap((k2) => [el2("dt", {}, ...k2.keys.map((x2) => el2("kbd", {}, x2))), el2("dd", {}, k2.does)])
    )
  );
  const toggleHelp = () => help.hidden = !help.hidden;
  const loop = check("Loop", { checked: s4.loop_on, onChange: (v3) => player.set({ loop_on: v3 }), testid: "jam-loop" });
  const metronome = check("Metronome", {
    checked: s4.metronome,
    onChange: (v3) => player.set({ metronome: v3 }),
    testid: "jam-metronome"
  });
  const clickLevel = slider("Click", {
    spec: spec.metronome_db,
    value: s4.metronome_db,
    format: (v3) => dbLabel(spec.metronome_db, v3),
    onInput: (v3) => player.set({ metronome_db: v3 }),
    testid: "jam-metronome-level"
  });
  const countIn = check("Count-in", {
    checked: s4.count_in,
    onChange: (v3) => player.set({ count_in: v3 }),
    testid: "jam-count-in"
  });
  const everyPass = check("before every loop pass", {
    checked: s4.count_in_every_pass,
    onChange: (v3) => player.set({ count_in_every_pass: v3 }),
    testid: "jam-count-in-every-pass"
  });
  const trainer = check("Speed trainer", {
    checked: s4.trainer_on,
    onChange: (v3) => player.set({ trainer_on: v3 }),
    testid: "jam-trainer"
  });
  const trainerError = el2("span", { class: "error", role: "alert", testid: "jam-trainer-error" });
  const number = (field, label) => {
    const range = spec[field];
    const [scale, unit] = range.unit === "x" ? [100, " %"] : [1, ` ${range.unit}`];
    const shown = (v3) => Math.round(v3 * scale * 1e6) / 1e6;
    const input = el2("input", {
      type: "number",
      value: String(shown(s4[field])),
      min: String(shown(range.min)),
      max: String(shown(range.max)),
      step: String(shown(range.step)),
      "aria-label": `${label} (${unit.trim()})`,
      testid: `jam-${field.replaceAll("_", "-")}`
    });
    input.addEventListener("change", () => {
      const v3 = input.value.trim() === "" ? NaN : Number(input.value);
      const whole = range.type !== "integer" || Number.isInteger(v3);
      const ok = Number.isFinite(v3) && whole && v3 >= shown(range.min) && v3 <= shown(range.max);
      const [lo, hi] = [shown(range.min), shown(range.max)];
      const span = unit === " %" ? `from ${lo} % to ${hi} %` : `from ${lo} to ${hi}`;
      trainerError.textContent = ok ? "" : `${label} must be ${range.type === "integer" ? "a whole number " : ""}${span}`;
      input.setAttribute("aria-invalid", String(!ok));
      if (ok) player.set({ [field]: v3 / scale });
    });
    return input;
  };
  const trainerBox = el2(
    "span",
    { class: "trainer" },
    "+",
    number("trainer_step", "Trainer step"),
    "% every",
    number("trainer_every", "Passes per step"),
    "passes up to",
    number("trainer_target", "Trainer target speed"),
    "%"
  );
  const rows = player.names.map((name2) => {
    const level = slider(name2, {
      spec: spec.levels,
      value: s4.levels[name2],
      format: (v3) => dbLabel(spec.levels, v3),
      onInput: (v3) => player.set({ levels: { ...player.state.levels, [name2]: v3 } }),
      testid: `jam-level-${name2}`
    });
    const toggle = (field, label, title) => {
      const b2 = el2("button", { class: "toggle", title, "aria-pressed": "false", testid: `jam-${field}-${name2}` }, label);
      b2.addEventListener("click", () => {
        const list = player.state[field];
        player.set({ [field]: list.includes(name2) ? list.filter((n4) => n4 !== name2) : [...list, name2] });
      });
      return b2;
    };
    const mute = toggle("mute", "M", `Mute ${name2}`);
    const solo = toggle("solo", "S", `Solo ${name2}: hear only the soloed stems`);
    return { name: name2, level, mute, solo, node: el2("div", { class: "stem" }, level.node, mute, solo) };
  });
  const transport = el2(
    "div",
    { class: "bar transport" },
    play,
    time,
    ...practising ? [speed.node, key.node] : [],
    // named: bare, its − and + sat just after "Key +2 st · C major" and read as a key change
    el2("span", { class: "group", title: "Zoom the waveform" }, el2("span", { class: "name" }, "Zoom"), zoomOut, zoomIn),
    ...practising ? [el2("label", { class: "loop-bars" }, el2("span", { class: "name" }, "Bars"), bars)] : [],
    helpButton,
    barsError,
    markHint
  );
  const mixer = el2("div", { class: "stems" }, ...rows.map((r4) => r4.node));
  const practice = el2(
    "div",
    { class: "practice" },
    el2("div", { class: "bar" }, loop.node, metronome.node, clickLevel.node, countIn.node, everyPass.node),
    el2("div", { class: "bar" }, trainer.node, trainerBox, trainerError)
  );
  if (practising && !player.grid.pulse) {
    for (const input of [metronome, countIn, everyPass].map((c4) => c4.node.querySelector("input")).concat([bars])) {
      input.disabled = true;
    }
    practice.append(
      el2("p", { class: "note", testid: "jam-no-beat" }, "No steady beat found: the metronome, count-in and bar loops are off (loop from A to B instead).")
    );
  }
  if (player.fallback) {
    key.node.querySelector("input").disabled = true;
    practice.append(el2("p", { class: "note" }, `Speed changes the pitch here and key is off: ${player.fallback}.`));
  }
  return {
    transport,
    mixer,
    practice,
    help,
    toggleHelp,
    refresh(state, playing) {
      play.textContent = playing ? "Pause" : "Play";
      play.setAttribute("aria-pressed", String(playing));
      speed.set(state.speed);
      key.set(state.semitones);
      loop.set(state.loop_on);
      metronome.set(state.metronome);
      countIn.set(state.count_in);
      everyPass.set(state.count_in_every_pass);
      trainer.set(state.trainer_on);
      for (const r4 of rows) {
        r4.level.set(state.levels[r4.name]);
        for (const [b2, on] of [[r4.mute, state.mute.includes(r4.name)], [r4.solo, state.solo.includes(r4.name)]]) {
          b2.classList.toggle("on", on);
          b2.setAttribute("aria-pressed", String(on));
        }
      }
      if (document.activeElement !== bars && bars.getRootNode().activeElement !== bars) {
        const loopOn = state.loop_on && state.loop_end > state.loop_start;
        bars.value = loopOn ? player.music.barsOf({ start: state.loop_start, end: state.loop_end }) : "";
        barsError.textContent = "";
      }
      const waiting = practising && !state.loop_on && state.loop_start > 0 && state.loop_end <= state.loop_start;
      markHint.textContent = waiting ? `A at ${mmss(state.loop_start)}: ] at the end of the passage sets B` : "";
    },
    showTime(position, duration) {
      time.textContent = `${mmss(position)} / ${mmss(duration)}`;
    }
  };
}
function native(e4) {
  const t4 = e4.composedPath()[0];
  if (t4?.isContentEditable || ["TEXTAREA", "SELECT"].includes(t4?.tagName)) return true;
  if (t4?.tagName === "INPUT" && !["range", "checkbox"].includes(t4.type)) return true;
  if (t4?.tagName === "INPUT" && t4.type === "range" && e4.key.startsWith("Arrow")) return true;
  return e4.key === "Enter";
}
function bindKeys(root, player) {
  const shortcuts = shortcutsFor(player.mode);
  const onKey = (e4) => {
    if (e4.ctrlKey || e4.metaKey || e4.altKey || native(e4)) return;
    const shortcut = shortcuts.find((k2) => k2.match(e4));
    if (!shortcut) return;
    e4.preventDefault();
    shortcut.run(player, player.position());
  };
  const onKeyUp = (e4) => e4.key === " " && !native(e4) && e4.preventDefault();
  root.addEventListener("keydown", onKey);
  root.addEventListener("keyup", onKeyUp);
  return () => {
    root.removeEventListener("keydown", onKey);
    root.removeEventListener("keyup", onKeyUp);
  };
}

// node_modules/signalsmith-stretch/SignalsmithStretch.mjs
var module = {};
var exports = {};
var SignalsmithStretch = (() => {
  var _scriptName = typeof document != "undefined" ? document.currentScript?.src : void 0;
  return (function(moduleArg = {}) {
    var moduleRtn;
    var Module = moduleArg;
    var readyPromiseResolve, readyPromiseReject;
    var readyPromise = new Promise((resolve, reject) => {
      readyPromiseResolve = resolve;
      readyPromiseReject = reject;
    });
    var ENVIRONMENT_IS_WEB = typeof window == "object";
    var ENVIRONMENT_IS_WORKER = typeof WorkerGlobalScope != "undefined";
    var ENVIRONMENT_IS_NODE = typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string" && process.type != "renderer";
    var ENVIRONMENT_IS_SHELL = !ENVIRONMENT_IS_WEB && !ENVIRONMENT_IS_NODE && !ENVIRONMENT_IS_WORKER;
    var crypto = globalThis?.crypto || { getRandomValues: (array) => {
      for (var i4 = 0; i4 < array.length; i4++) array[i4] = Math.random() * 256 | 0;
    } };
    var performance2 = globalThis?.performance || { now: (_) => Date.now() };
    var moduleOverrides = Object.assign({}, Module);
    var arguments_ = [];
    var quit_ = (status, toThrow) => {
      throw toThrow;
    };
    var scriptDirectory = "";
    var readAsync, readBinary;
    if (ENVIRONMENT_IS_SHELL) {
      readBinary = (f3) => {
        if (typeof readbuffer == "function") {
          return new Uint8Array(readbuffer(f3));
        }
        let data = read(f3, "binary");
        assert(typeof data == "object");
        return data;
      };
      readAsync = (f3) => new Promise((resolve, reject) => {
        setTimeout(() => resolve(readBinary(f3)));
      });
      globalThis.clearTimeout ??= (id) => {
      };
      globalThis.setTimeout ??= (f3) => f3();
      arguments_ = globalThis.arguments || globalThis.scriptArgs;
      if (typeof quit == "function") {
        quit_ = (status, toThrow) => {
          setTimeout(() => {
            if (!(toThrow instanceof ExitStatus)) {
              let toLog = toThrow;
              if (toThrow && typeof toThrow == "object" && toThrow.stack) {
                toLog = [toThrow, toThrow.stack];
              }
              err(`exiting due to exception: ${toLog}`);
            }
            quit(status);
          });
          throw toThrow;
        };
      }
      if (typeof print != "undefined") {
        globalThis.console ??= {};
        console.log = print;
        console.warn = console.error = globalThis.printErr ?? print;
      }
    } else if (ENVIRONMENT_IS_WEB || ENVIRONMENT_IS_WORKER) {
      if (ENVIRONMENT_IS_WORKER) {
        scriptDirectory = self.location.href;
      } else if (typeof document != "undefined" && document.currentScript) {
        scriptDirectory = document.currentScript.src;
      }
      if (_scriptName) {
        scriptDirectory = _scriptName;
      }
      if (scriptDirectory.startsWith("blob:")) {
        scriptDirectory = "";
      } else {
        scriptDirectory = scriptDirectory.substr(0, scriptDirectory.replace(/[?#].*/, "").lastIndexOf("/") + 1);
      }
      {
        if (ENVIRONMENT_IS_WORKER) {
          readBinary = (url) => {
            var xhr = new XMLHttpRequest();
            xhr.open("GET", url, false);
            xhr.responseType = "arraybuffer";
            xhr.send(null);
            return new Uint8Array(xhr.response);
          };
        }
        readAsync = (url) => fetch(url, { credentials: "same-origin" }).then((response) => {
          if (response.ok) {
            return response.arrayBuffer();
          }
          return Promise.reject(new Error(response.status + " : " + response.url));
        });
      }
    } else {
    }
    var out = console.log.bind(console);
    var err = console.error.bind(console);
    Object.assign(Module, moduleOverrides);
    moduleOverrides = null;
    var wasmBinary;
    if (typeof atob == "undefined") {
      if (typeof global != "undefined" && typeof globalThis == "undefined") {
        globalThis = global;
      }
      globalThis.atob = function(input) {
        var keyStr = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        var output = "";
        var chr1, chr2, chr3;
        var enc1, enc2, enc3, enc4;
        var i4 = 0;
        input = input.replace(/[^A-Za-z0-9\+\/\=]/g, "");
        do {
          enc1 = keyStr.indexOf(input.charAt(i4++));
          enc2 = keyStr.indexOf(input.charAt(i4++));
          enc3 = keyStr.indexOf(input.charAt(i4++));
          enc4 = keyStr.indexOf(input.charAt(i4++));
          chr1 = enc1 << 2 | enc2 >> 4;
          chr2 = (enc2 & 15) << 4 | enc3 >> 2;
          chr3 = (enc3 & 3) << 6 | enc4;
          output = output + String.fromCharCode(chr1);
          if (enc3 !== 64) {
            output = output + String.fromCharCode(chr2);
          }
          if (enc4 !== 64) {
            output = output + String.fromCharCode(chr3);
          }
        } while (i4 < input.length);
        return output;
      };
    }
    function intArrayFromBase64(s4) {
      var decoded = atob(s4);
      var bytes = new Uint8Array(decoded.length);
      for (var i4 = 0; i4 < decoded.length; ++i4) {
        bytes[i4] = decoded.charCodeAt(i4);
      }
      return bytes;
    }
    function tryParseAsDataURI(filename) {
      if (!isDataURI(filename)) {
        return;
      }
      return intArrayFromBase64(filename.slice(dataURIPrefix.length));
    }
    var wasmMemory;
    var ABORT = false;
    var EXITSTATUS;
    var HEAP8, HEAPU8, HEAP16, HEAPU16, HEAP32, HEAPU32, HEAPF32, HEAPF64;
    function updateMemoryViews() {
      var b2 = wasmMemory.buffer;
      Module["HEAP8"] = HEAP8 = new Int8Array(b2);
      HEAP16 = new Int16Array(b2);
      HEAPU8 = new Uint8Array(b2);
      HEAPU16 = new Uint16Array(b2);
      HEAP32 = new Int32Array(b2);
      HEAPU32 = new Uint32Array(b2);
      HEAPF32 = new Float32Array(b2);
      HEAPF64 = new Float64Array(b2);
    }
    var __ATPRERUN__ = [];
    var __ATINIT__ = [];
    var __ATMAIN__ = [];
    var __ATPOSTRUN__ = [];
    var runtimeInitialized = false;
    function preRun() {
      callRuntimeCallbacks(__ATPRERUN__);
    }
    function initRuntime() {
      runtimeInitialized = true;
      callRuntimeCallbacks(__ATINIT__);
    }
    function preMain() {
      callRuntimeCallbacks(__ATMAIN__);
    }
    function postRun() {
      callRuntimeCallbacks(__ATPOSTRUN__);
    }
    function addOnInit(cb) {
      __ATINIT__.unshift(cb);
    }
    var runDependencies = 0;
    var runDependencyWatcher = null;
    var dependenciesFulfilled = null;
    function addRunDependency(id) {
      runDependencies++;
    }
    function removeRunDependency(id) {
      runDependencies--;
      if (runDependencies == 0) {
        if (runDependencyWatcher !== null) {
          clearInterval(runDependencyWatcher);
          runDependencyWatcher = null;
        }
        if (dependenciesFulfilled) {
          var callback = dependenciesFulfilled;
          dependenciesFulfilled = null;
          callback();
        }
      }
    }
    function abort(what) {
      what = "Aborted(" + what + ")";
      err(what);
      ABORT = true;
      what += ". Build with -sASSERTIONS for more info.";
      var e4 = new WebAssembly.RuntimeError(what);
      readyPromiseReject(e4);
      throw e4;
    }
    var dataURIPrefix = "data:application/octet-stream;base64,";
    var isDataURI = (filename) => filename.startsWith(dataURIPrefix);
    function findWasmBinary() {
      var f3 = "data:application/octet-stream;base64,AGFzbQEAAAABeBVgAX8AYAJ/fwBgAABgAX8Bf2ACf38Bf2ADf39/AGAAAX9gAX0BfWAEf39/fwBgAXwBfWABfAF8YAl/f39/f39/f38AYAF9AGAHf39/f39/fwBgAn9/AX1gAn1/AGACfX0AYAJ/fQBgAnx/AXxgAn1/AX9gAn98AAIZBAFhAWEABAFhAWIAAwFhAWMABQFhAWQAAgM8OwAEAQMBBwcJCQICCAMKEgULCwwAAQgCBQMHCgUTDQ0BAQEBBgQCAwAABAAAARQMDw8QEAgAERECBgYGBAUBcAEFBQUGAQEIgIACBggBfwFB4LgECwdVFQFlAgABZgAaAWcBAAFoACgBaQAnAWoAPgFrAD0BbAA8AW0AOwFuADoBbwA5AXAANwFxADYBcgA1AXMANAF0ADMBdQAyAXYAMQF3ADABeAAuAXkALQkKAQBBAQsEOC8sKwqfzQM73gsBB38CQCAARQ0AIABBCGsiAyAAQQRrKAIAIgJBeHEiAGohBQJAIAJBAXENACACQQJxRQ0BIAMgAygCACIEayIDQfA0KAIASQ0BIAAgBGohAAJAAkACQEH0NCgCACADRwRAIAMoAgwhASAEQf8BTQRAIAEgAygCCCICRw0CQeA0QeA0KAIAQX4gBEEDdndxNgIADAULIAMoAhghBiABIANHBEAgAygCCCICIAE2AgwgASACNgIIDAQLIAMoAhQiAgR/IANBFGoFIAMoAhAiAkUNAyADQRBqCyEEA0AgBCEHIAIiAUEUaiEEIAEoAhQiAg0AIAFBEGohBCABKAIQIgINAAsgB0EANgIADAMLIAUoAgQiAkEDcUEDRw0DQeg0IAA2AgAgBSACQX5xNgIEIAMgAEEBcjYCBCAFIAA2AgAPCyACIAE2AgwgASACNgIIDAILQQAhAQsgBkUNAAJAIAMoAhwiBEECdEGQN2oiAigCACADRgRAIAIgATYCACABDQFB5DRB5DQoAgBBfiAEd3E2AgAMAgsCQCADIAYoAhBGBEAgBiABNgIQDAELIAYgATYCFAsgAUUNAQsgASAGNgIYIAMoAhAiAgRAIAEgAjYCECACIAE2AhgLIAMoAhQiAkUNACABIAI2AhQgAiABNgIYCyADIAVPDQAgBSgCBCIEQQFxRQ0AAkACQAJAAkAgBEECcUUEQEH4NCgCACAFRgRAQfg0IAM2AgBB7DRB7DQoAgAgAGoiADYCACADIABBAXI2AgQgA0H0NCgCAEcNBkHoNEEANgIAQfQ0QQA2AgAPC0H0NCgCACAFRgRAQfQ0IAM2AgBB6DRB6DQoAgAgAGoiADYCACADIABBAXI2AgQgACADaiAANgIADwsgBEF4cSAAaiEAIAUoAgwhASAEQf8BTQRAIAUoAggiAiABRgRAQeA0QeA0KAIAQX4gBEEDdndxNgIADAULIAIgATYCDCABIAI2AggMBAsgBSgCGCEGIAEgBUcEQCAFKAIIIgIgATYCDCABIAI2AggMAwsgBSgCFCICBH8gBUEUagUgBSgCECICRQ0CIAVBEGoLIQQDQCAEIQcgAiIBQRRqIQQgASgCFCICDQAgAUEQaiEEIAEoAhAiAg0ACyAHQQA2AgAMAgsgBSAEQX5xNgIEIAMgAEEBcjYCBCAAIANqIAA2AgAMAwtBACEBCyAGRQ0AAkAgBSgCHCIEQQJ0QZA3aiICKAIAIAVGBEAgAiABNgIAIAENAUHkNEHkNCgCAEF+IAR3cTYCAAwCCwJAIAUgBigCEEYEQCAGIAE2AhAMAQsgBiABNgIUCyABRQ0BCyABIAY2AhggBSgCECICBEAgASACNgIQIAIgATYCGAsgBSgCFCICRQ0AIAEgAjYCFCACIAE2AhgLIAMgAEEBcjYCBCAAIANqIAA2AgAgA0H0NCgCAEcNAEHoNCAANgIADwsgAEH/AU0EQCAAQXhxQYg1aiECAn9B4DQoAgAiBEEBIABBA3Z0IgBxRQRAQeA0IAAgBHI2AgAgAgwBCyACKAIICyEAIAIgAzYCCCAAIAM2AgwgAyACNgIMIAMgADYCCA8LQR8hASAAQf///wdNBEAgAEEmIABBCHZnIgJrdkEBcSACQQF0a0E+aiEBCyADIAE2AhwgA0IANwIQIAFBAnRBkDdqIQQCfwJAAn9B5DQoAgAiB0EBIAF0IgJxRQRAQeQ0IAIgB3I2AgAgBCADNgIAQRghAUEIDAELIABBGSABQQF2a0EAIAFBH0cbdCEBIAQoAgAhBANAIAQiAigCBEF4cSAARg0CIAFBHXYhBCABQQF0IQEgAiAEQQRxaiIHKAIQIgQNAAsgByADNgIQQRghASACIQRBCAshACADIgIMAQsgAigCCCIEIAM2AgwgAiADNgIIQRghAEEIIQFBAAshByABIANqIAQ2AgAgAyACNgIMIAAgA2ogBzYCAEGANUGANSgCAEEBayIAQX8gABs2AgALC9gCAQJ/AkAgAUUNACAAQQA6AAAgACABaiICQQFrQQA6AAAgAUEDSQ0AIABBADoAAiAAQQA6AAEgAkEDa0EAOgAAIAJBAmtBADoAACABQQdJDQAgAEEAOgADIAJBBGtBADoAACABQQlJDQAgAEEAIABrQQNxIgNqIgJBADYCACACIAEgA2tBfHEiA2oiAUEEa0EANgIAIANBCUkNACACQQA2AgggAkEANgIEIAFBCGtBADYCACABQQxrQQA2AgAgA0EZSQ0AIAJBADYCGCACQQA2AhQgAkEANgIQIAJBADYCDCABQRBrQQA2AgAgAUEUa0EANgIAIAFBGGtBADYCACABQRxrQQA2AgAgAyACQQRxQRhyIgNrIgFBIEkNACACIANqIQIDQCACQgA3AxggAkIANwMQIAJCADcDCCACQgA3AwAgAkEgaiECIAFBIGsiAUEfSw0ACwsgAAv/AQEHfyABIAAoAggiAiAAKAIEIgNrQQJ1TQRAIAAgAQR/IAMgAUECdCIAEAUgAGoFIAMLNgIEDwsCQCADIAAoAgAiBWtBAnUiByABaiIEQYCAgIAESQRAQf////8DIAIgBWsiAkEBdSIIIAQgBCAISRsgAkH8////B08bIgQEQCAEQYCAgIAETw0CIARBAnQQByEGCyAHQQJ0IAZqIgIgAUECdCIBEAUgAWohASADIAVHBEADQCACQQRrIgIgA0EEayIDKgIAOAIAIAMgBUcNAAsLIAAgBiAEQQJ0ajYCCCAAIAE2AgQgACACNgIAIAUEQCAFEAQLDwsQDQALEA4ACzoBAn9BASAAIABBAU0bIQEDQAJAIAEQKiIADQBB0DgoAgAiAkUNACACEQIADAELCyAARQRAECkLIAALhgIBB38gASAAKAIIIgIgACgCBCIDa0EDdU0EQCAAIAEEfyADIAFBA3QiABAFIABqBSADCzYCBA8LAkAgAyAAKAIAIgRrQQN1IgcgAWoiBUGAgICAAkkEQEH/////ASACIARrIgJBAnUiCCAFIAUgCEkbIAJB+P///wdPGyIFBEAgBUGAgICAAk8NAiAFQQN0EAchBgsgB0EDdCAGaiICIAFBA3QiARAFIAFqIQEgAyAERwRAA0AgAkEIayICIANBCGsiAykCADcCACADIARHDQALIAAoAgAhBAsgACAGIAVBA3RqNgIIIAAgATYCBCAAIAI2AgAgBARAIAQQBAsPCxANAAsQDgALgAMCAXwDfyMAQRBrIgQkAAJAIAC8IgNB/////wdxIgJB2p+k+gNNBEAgAkGAgIDMA0kNASAAuxALIQAMAQsgAkHRp+2DBE0EQCAAuyEBIAJB45fbgARNBEAgA0EASARAIAFEGC1EVPsh+T+gEAyMIQAMAwsgAUQYLURU+yH5v6AQDCEADAILRBgtRFT7IQnARBgtRFT7IQlAIANBAE4bIAGgmhALIQAMAQsgAkHV44iHBE0EQCACQd/bv4UETQRAIAC7IQEgA0EASARAIAFE0iEzf3zZEkCgEAwhAAwDCyABRNIhM3982RLAoBAMjCEADAILRBgtRFT7IRlARBgtRFT7IRnAIANBAEgbIAC7oBALIQAMAQsgAkGAgID8B08EQCAAIACTIQAMAQsgACAEQQhqECAhAiAEKwMIIQECQAJAAkACQCACQQNxQQFrDgMBAgMACyABEAshAAwDCyABEAwhAAwCCyABmhALIQAMAQsgARAMjCEACyAEQRBqJAAgAAvmAgIDfwF8IwBBEGsiAyQAAn0gALwiAkH/////B3EiAUHan6T6A00EQEMAAIA/IAFBgICAzANJDQEaIAC7EAwMAQsgAUHRp+2DBE0EQCABQeSX24AETwRARBgtRFT7IQlARBgtRFT7IQnAIAJBAEgbIAC7oBAMjAwCCyAAuyEEIAJBAEgEQCAERBgtRFT7Ifk/oBALDAILRBgtRFT7Ifk/IAShEAsMAQsgAUHV44iHBE0EQCABQeDbv4UETwRARBgtRFT7IRlARBgtRFT7IRnAIAJBAEgbIAC7oBAMDAILIAJBAEgEQETSITN/fNkSwCAAu6EQCwwCCyAAu0TSITN/fNkSwKAQCwwBCyAAIACTIAFBgICA/AdPDQAaIAAgA0EIahAgIQEgAysDCCEEAkACQAJAAkAgAUEDcUEBaw4DAQIDAAsgBBAMDAMLIASaEAsMAgsgBBAMjAwBCyAEEAsLIANBEGokAAtLAQJ8IAAgACAAoiIBoiICIAEgAaKiIAFEp0Y7jIfNxj6iRHTnyuL5ACq/oKIgAiABRLL7bokQEYE/okR3rMtUVVXFv6CiIACgoLYLTwEBfCAAIACiIgAgACAAoiIBoiAARGlQ7uBCk/k+okQnHg/oh8BWv6CiIAFEQjoF4VNVpT+iIABEgV4M/f//37+iRAAAAAAAAPA/oKCgtgsFABADAAsFABANAAuxAgEDfyAAKAIIIgQgACgCACIFa0ECdSADTwRAIAMgACgCBCIEIAVrIgZBAnVLBEAgBCAFRwRAIAUgASAGEBMgACgCBCEECyACIAEgBmoiAWshAyABIAJHBEAgBCABIAMQEwsgACADIARqNgIEDwsgAiABayEDIAEgAkcEQCAFIAEgAxATCyAAIAMgBWo2AgQPCyAFBEAgACAFNgIEIAUQBCAAQQA2AgggAEIANwIAQQAhBAsCQCADQYCAgIAETw0AQf////8DIARBAXUiBSADIAMgBUkbIARB/P///wdPGyIDQYCAgIAETw0AIAAgA0ECdCIEEAciAzYCBCAAIAM2AgAgACADIARqNgIIIAIgAWshBCABIAJHBEAgAyABIAQQHwsgACADIARqNgIEDwsQDQALTwECf0HwLygCACIBIABBB2pBeHEiAmohAAJAIAJBACAAIAFNG0UEQCAAPwBBEHRNDQEgABABDQELQdw0QTA2AgBBfw8LQfAvIAA2AgAgAQu5BAMDfAN/An4CfAJAIAC9QjSIp0H/D3EiBUHJB2tBP0kEQCAFIQQMAQsgBUHJB0kEQCAARAAAAAAAAPA/oA8LIAVBiQhJDQBEAAAAAAAAAAAgAL0iB0KAgICAgICAeFENARogBUH/D08EQCAARAAAAAAAAPA/oA8LIAdCAFMEQCMAQRBrIgREAAAAAAAAABA5AwggBCsDCEQAAAAAAAAAEKIPCyMAQRBrIgREAAAAAAAAAHA5AwggBCsDCEQAAAAAAAAAcKIPCyAAQYAfKwMAokGIHysDACIBoCICIAGhIgFBmB8rAwCiIAFBkB8rAwCiIACgoCIBIAGiIgAgAKIgAUG4HysDAKJBsB8rAwCgoiAAIAFBqB8rAwCiQaAfKwMAoKIgAr0iB6dBBHRB8A9xIgVB8B9qKwMAIAGgoKAhASAFQfgfaikDACAHQi2GfCEIIARFBEACfCAHQoCAgIAIg1AEQCAIQoCAgICAgICIP32/IgAgAaIgAKBEAAAAAAAAAH+iDAELIAhCgICAgICAgPA/fL8iAiABoiIBIAKgIgNEAAAAAAAA8D9jBHwjAEEQayIEIARCgICAgICAgAg3AwggBCsDCEQAAAAAAAAQAKI5AwhEAAAAAAAAAAAgA0QAAAAAAADwP6AiACABIAIgA6GgIANEAAAAAAAA8D8gAKGgoKBEAAAAAAAA8L+gIgAgAEQAAAAAAAAAAGEbBSADC0QAAAAAAAAQAKILDwsgCL8iACABoiAAoAsLqAEAAkAgAUGACE4EQCAARAAAAAAAAOB/oiEAIAFB/w9JBEAgAUH/B2shAQwCCyAARAAAAAAAAOB/oiEAQf0XIAEgAUH9F08bQf4PayEBDAELIAFBgXhKDQAgAEQAAAAAAABgA6IhACABQbhwSwRAIAFByQdqIQEMAQsgAEQAAAAAAABgA6IhAEHwaCABIAFB8GhNG0GSD2ohAQsgACABQf8Haq1CNIa/ogvUAgECfwJAIAAgAUYNACABIAAgAmoiBGtBACACQQF0a00EQCAAIAEgAhAfDwsgACABc0EDcSEDAkACQCAAIAFJBEAgAw0CIABBA3FFDQEDQCACRQ0EIAAgAS0AADoAACABQQFqIQEgAkEBayECIABBAWoiAEEDcQ0ACwwBCwJAIAMNACAEQQNxBEADQCACRQ0FIAAgAkEBayICaiIDIAEgAmotAAA6AAAgA0EDcQ0ACwsgAkEDTQ0AA0AgACACQQRrIgJqIAEgAmooAgA2AgAgAkEDSw0ACwsgAkUNAgNAIAAgAkEBayICaiABIAJqLQAAOgAAIAINAAsMAgsgAkEDTQ0AA0AgACABKAIANgIAIAFBBGohASAAQQRqIQAgAkEEayICQQNLDQALCyACRQ0AA0AgACABLQAAOgAAIABBAWohACABQQFqIQEgAkEBayICDQALCwvNAQEEfSABQQdLBEAgACABQQJ2IAJBAnQgAyAEIAcgCCAFIAYQFCAAIAEgAiAHIAggBSAGECEPCyABQQRHBEAgAgRAQQAhAQNAIAQgAUECdCIAaioCACEJIAQgASACakECdCIHaioCACEKIAAgBWogAyAHaioCACILIAAgA2oqAgAiDJI4AgAgACAGaiAKIAmSOAIAIAUgB2ogDCALkzgCACAGIAdqIAkgCpM4AgAgAUEBaiIBIAJHDQALCw8LIABBBCACIAMgBCAFIAYQIQvNAQEEfSABQQdLBEAgACABQQJ2IAJBAnQgAyAEIAcgCCAFIAYQFSAAIAEgAiAHIAggBSAGECIPCyABQQRHBEAgAgRAQQAhAQNAIAQgAUECdCIAaioCACEJIAQgASACakECdCIHaioCACEKIAAgBWogAyAHaioCACILIAAgA2oqAgAiDJI4AgAgACAGaiAKIAmSOAIAIAUgB2ogDCALkzgCACAGIAdqIAkgCpM4AgAgAUEBaiIBIAJHDQALCw8LIABBBCACIAMgBCAFIAYQIgvuBQIMfwF9QYQyQQA2AgBB9DFBrDIoAgAiAzYCAEH4MSgCACIBQfwxKAIAIgJHBEAgASACIAFrQQRrQXxxQQRqEAUaC0GIMigCACIBQYwyKAIAIgJHBEAgASACIAFrQQRrQXxxQQRqEAUaC0HcMigCACIBQeAyKAIAIgJHBEAgASACIAFrQQhrQXhxQQhqEAUaC0GUMigCACIEQZgyKAIAIgtGIgxFBEAgBCALIARrQQRrQXxxQQRqEAUaC0H0MkEANgIAAkBB2DIoAgBB1DIoAgBrIgUgA2oiASADIAEgA0gbIgcgBUEAIAVBAEobIgFMDQAgAUEBaiECQcgyKAIAIQZBvDIoAgAhCUGwMigCALMhDSAHIAFrQQFxBEAgBCABQQJ0IghqIgogCSABIAVrQQJ0aioCACANlCAGIAhqKgIAlCAKKgIAkjgCACACIQELIAIgB0YNAANAIAQgAUECdCICaiIIIAkgASAFa0ECdGoqAgAgDZQgAiAGaioCAJQgCCoCAJI4AgAgBCABQQFqIgJBAnQiCGoiCiAJIAIgBWtBAnRqKgIAIA2UIAYgCGoqAgCUIAoqAgCSOAIAIAFBAmoiASAHRw0ACwsCQCADQbgyKAIAIgdBf3NqIgJBAEgNACAEIAdBAnRqIQUgAiEBIAMgB2tBA3EiBgRAQQAhAwNAIAQgAUECdCIJaiIIIAgqAgAgBSAJaioCAJI4AgAgAUEBayEBIANBAWoiAyAGRw0ACwsgAkECTQ0AA0AgBCABQQJ0IgJqIgMgAyoCACACIAVqKgIAkjgCACAEIAJBBGsiA2oiBiAGKgIAIAMgBWoqAgCSOAIAIAQgAkEIayICaiIDIAMqAgAgAiAFaioCAJI4AgAgBCABQQNrIgJBAnQiA2oiBiAGKgIAIAMgBWoqAgCSOAIAIAFBBGshASACDQALCyAMRQRAA0AgBCAEKgIAIACUQ2BCog2SOAIAIARBBGoiBCALRw0ACwsgBxAXC4kJAQ9/QawyKAIAIg1BhDIoAgAiDmsiDyAAIAAgD0siARshCQJAAkBBpDIoAgAiDEUNAEGIMigCACEHIAkEQCAJQQJ0IQogDUECdCELIA5BAnQhAyABBEAgAyAHaiEGIAAgCWtBAnQhAiAHIAMgCmogC2tqIQhBACEBIAxBBE8EQCAMQXxxIQcDQCAGIAEgC2wiA2ogChAFGiADIAhqIAIQBRogBiALIAFBAXJsIgNqIAoQBRogAyAIaiACEAUaIAYgCyABQQJybCIDaiAKEAUaIAMgCGogAhAFGiAGIAsgAUEDcmwiA2ogChAFGiADIAhqIAIQBRogAUEEaiEBIARBBGoiBCAHRw0ACwsgDEEDcSIDRQ0CA0AgBiABIAtsIgRqIAoQBRogBCAIaiACEAUaIAFBAWohASAFQQFqIgUgA0cNAAsMAgsgAyAHaiEEQQAhASAMQQRPBEAgDEF8cSEFQQAhBwNAIAQgASALbGogChAFGiAEIAsgAUEBcmxqIAoQBRogBCALIAFBAnJsaiAKEAUaIAQgCyABQQNybGogChAFGiABQQRqIQEgB0EEaiIHIAVHDQALCyAMQQNxIgVFDQEDQCAEIAEgC2xqIAoQBRogAUEBaiEBIAhBAWoiCCAFRw0ACwwBCyAAIA9NDQEgAEECdCEDIA1BAnQhBCAHIA4gDWtBAnRqIQUgDEEETwRAIAxBfHEhAUEAIQcDQCAFIAIgBGxqIAMQBRogBSAEIAJBAXJsaiADEAUaIAUgBCACQQJybGogAxAFGiAFIAQgAkEDcmxqIAMQBRogAkEEaiECIAdBBGoiByABRw0ACwsgDEEDcSIBRQ0AA0AgBSACIARsaiADEAUaIAJBAWohAiAIQQFqIgggAUcNAAsLIAlFDQBBlDIoAgAgDkECdGohBEEAIQFBACECIAlBCE8EQCAJQXhxIQVBACEIA0AgBCACQQJ0aiIDQuCEie2AzJDRDTcCACADQuCEie2AzJDRDTcCCCADQuCEie2AzJDRDTcCECADQuCEie2AzJDRDTcCGCACQQhqIQIgCEEIaiIIIAVHDQALCyAJQQdxIgVFDQADQCAEIAJBAnRqQeCEie0ANgIAIAJBAWohAiABQQFqIgEgBUcNAAsLAkAgACAPTQ0AQZQyKAIAIA4gDWtBAnRqIQYgACAJIgFrQQdxIgUEQEEAIQIDQCAGIAFBAnRqQeCEie0ANgIAIAFBAWohASACQQFqIgIgBUcNAAsLIAkgAGtBeEsNACAGQRxqIQggBkEYaiEPIAZBFGohByAGQRBqIQMgBkEMaiEEIAZBCGohBSAGQQRqIQkDQCAGIAFBAnQiAmpB4ISJ7QA2AgAgAiAJakHghIntADYCACACIAVqQeCEie0ANgIAIAIgBGpB4ISJ7QA2AgAgAiADakHghIntADYCACACIAdqQeCEie0ANgIAIAIgD2pB4ISJ7QA2AgAgAiAIakHghIntADYCACABQQhqIgEgAEcNAAsLQYQyIAAgDmogDXA2AgBB9DJB9DIoAgAgAGo2AgALkA4BHH8CQCABIAAoAgQoAgBrIgIgACgCACIKKALAAiAKKAK0AmoiBSACIAVIGyIHIAooArQDIAooArADIgVrQQJ1IgJLBEAgCkGwA2ogByACaxAGDAELIAIgB00NACAKIAUgB0ECdGo2ArQDCwJAIAooArwDIhVBAEwEQCAKKAKwAiERIAooAvwBIRsMAQsgCigCsAIiESAKKAL8ASIbIBFwIhZrIhcgByAHIBdLGyEFIBYgEWshGiAKKAKAAiEYIAooArADIQQgB0EASgRAIAAoAggoAgAhDSAFQfz///8HcSEQIAVBA3EhHCAHQfz///8HcSELIAdBA3EhHSAHIAVrQQNxIRIgASAHa0ECdCEOIAdBBEkhEyAFIAdrQXxLIQ8DQCANIBlBAnRqKAIAIA5qIQZBACECQQAhDCATRQRAA0AgBCACQQJ0IglqIAYgCWoqAgA4AgAgBCAJQQRyIgNqIAMgBmoqAgA4AgAgBCAJQQhyIgNqIAMgBmoqAgA4AgAgBCAJQQxyIgNqIAMgBmoqAgA4AgAgAkEEaiECIAxBBGoiDCALRw0ACwtBACEIIB0EQANAIAQgAkECdCIDaiADIAZqKgIAOAIAIAJBAWohAiAIQQFqIgggHUcNAAsLIBggESAZbEECdGohBgJAIAVFDQAgBiAWQQJ0aiEUQQAhDEEAIQJBACEJIAVBBE8EQANAIBQgAkECdCIIaiAEIAhqKgIAOAIAIBQgCEEEciIDaiADIARqKgIAOAIAIBQgCEEIciIDaiADIARqKgIAOAIAIBQgCEEMciIDaiADIARqKgIAOAIAIAJBBGohAiAJQQRqIgkgEEcNAAsLIBxFDQADQCAUIAJBAnQiA2ogAyAEaioCADgCACACQQFqIQIgDEEBaiIMIBxHDQALCwJAIAcgF00NACAGIBpBAnRqIQZBACEIIAUhAiASBEADQCAGIAJBAnQiA2ogAyAEaioCADgCACACQQFqIQIgCEEBaiIIIBJHDQALCyAPDQADQCAGIAJBAnQiCWogBCAJaioCADgCACAGIAlBBGoiA2ogAyAEaioCADgCACAGIAlBCGoiA2ogAyAEaioCADgCACAGIAlBDGoiA2ogAyAEaioCADgCACACQQRqIgIgB0kNAAsLIBlBAWoiGSAVRw0ACwwBCyAFRQRAIAcgF00NASAYIBpBAnRqIQ8gB0F8cSEDIAdBA3EhEwNAIA8gDSARbEECdGohDkEAIQtBACEMA0AgDiALQQJ0IgJqIAIgBGoqAgA4AgAgDiACQQRyIgVqIAQgBWoqAgA4AgAgDiACQQhyIgVqIAQgBWoqAgA4AgAgDiACQQxyIgVqIAQgBWoqAgA4AgAgC0EEaiELIAxBBGoiDCADRw0AC0EAIQIgEwRAA0AgDiALQQJ0IgVqIAQgBWoqAgA4AgAgC0EBaiELIAJBAWoiAiATRw0ACwsgDUEBaiINIBVHDQALDAELIAcgF0sEQCAFQXxxIQsgBUEDcSENIAcgBWtBA3EhECAFQQRJIQ4gBSAHa0F8SyETA0AgGCAJIBFsQQJ0aiIPIBZBAnRqIRJBACECQQAhDCAORQRAA0AgEiACQQJ0IgZqIAQgBmoqAgA4AgAgEiAGQQRyIgNqIAMgBGoqAgA4AgAgEiAGQQhyIgNqIAMgBGoqAgA4AgAgEiAGQQxyIgNqIAMgBGoqAgA4AgAgAkEEaiECIAxBBGoiDCALRw0ACwtBACEIIA0EQANAIBIgAkECdCIDaiADIARqKgIAOAIAIAJBAWohAiAIQQFqIgggDUcNAAsLIA8gGkECdGohBkEAIQggBSECIBAEQANAIAYgAkECdCIDaiADIARqKgIAOAIAIAJBAWohAiAIQQFqIgggEEcNAAsLIBNFBEADQCAGIAJBAnQiD2ogBCAPaioCADgCACAGIA9BBGoiA2ogAyAEaioCADgCACAGIA9BCGoiA2ogAyAEaioCADgCACAGIA9BDGoiA2ogAyAEaioCADgCACACQQRqIgIgB0kNAAsLIAlBAWoiCSAVRw0ACwwBCyAFQXxxIRMgBUEDcSEOIBggFkECdGohDwNAIA8gDSARbEECdGohEEEAIQJBACEMIAVBA0sEQANAIBAgAkECdCILaiAEIAtqKgIAOAIAIBAgC0EEciIDaiADIARqKgIAOAIAIBAgC0EIciIDaiADIARqKgIAOAIAIBAgC0EMciIDaiADIARqKgIAOAIAIAJBBGohAiAMQQRqIgwgE0cNAAsLQQAhCCAOBEADQCAQIAJBAnQiA2ogAyAEaioCADgCACACQQFqIQIgCEEBaiIIIA5HDQALCyANQQFqIg0gFUcNAAsLIAogByAbaiARcDYC/AEgCiAKKAKAAyAHajYCgAMgACgCBCABNgIAC74OAQV/IwBBIGsiBiQAQbQzIAA2AgBB+C8gAzoAACACQQFqIQVBrDIgATYCAEGkMiAANgIAQaAyIAA2AgBBECABQQFqQQF2QQFqQQF2IgQgBEEQTxshB0EBIQMDQCADIgBBAXQhAyAAIAdJDQALA0AgACIDQQF0IQAgA0EDdCAESQ0AC0GwMiADQQggAyAEakEBayADbiIAIABBB0YbbEECdCIANgIAQcQwIAAQJkG0MkGwMigCAEEBdjYCAEGoMkGsMigCACIAIAVqIgM2AgACQEGgMigCACADbCIDQfwxKAIAQfgxKAIAIgVrQQJ1IgRLBEBB+DEgAyAEaxAGQawyKAIAIQAMAQsgAyAETw0AQfwxIAUgA0ECdGo2AgALAkBBpDIoAgAgAGwiA0GMMigCAEGIMigCACIFa0ECdSIESwRAQYgyIAMgBGsQBkGsMigCACEADAELIAMgBE8NAEGMMiAFIANBAnRqNgIACwJAQZgyKAIAQZQyKAIAIgRrQQJ1IgMgAEkEQEGUMiAAIANrEAYMAQsgACADTw0AQZgyIAQgAEECdGo2AgALAkBBtDIoAgBBoDIoAgAiAEGkMigCACIDIAAgA0sbbCIAQeAyKAIAQdwyKAIAIgRrQQN1IgNLBEBB3DIgACADaxAIDAELIAAgA08NAEHgMiAEIABBA3RqNgIACwJAQbAyKAIAIgBB7DIoAgBB6DIoAgAiBGtBAnUiA0sEQEHoMiAAIANrEAYMAQsgACADTw0AQewyIAQgAEECdGo2AgALAkBBrDIoAgAiAEHAMigCAEG8MigCACIEa0ECdSIDSwRAQbwyIAAgA2sQBkGsMigCACEADAELIAAgA08NAEHAMiAEIABBAnRqNgIACwJAQcwyKAIAQcgyKAIAIgRrQQJ1IgMgAEkEQEHIMiAAIANrEAYMAQsgACADTw0AQcwyIAQgAEECdGo2AgALIAFBAnZBARAkQwAAgD8QFiACQQIQJEPNzMw9EBZB/DJB9DEoAgA2AgBBgDNB+DEoAgAiAEH8MSgCACIDIAMgAGtBAnUQD0GMM0GEMigCADYCAEGQM0GIMigCACIAQYwyKAIAIgMgAyAAa0ECdRAPQZwzQZQyKAIAIgBBmDIoAgAiAyADIABrQQJ1EA8CQCABIAJqIgBBrDMoAgBBqDMoAgAiAmtBAnUiAUsEQEGoMyAAIAFrEAYMAQsgACABTw0AQawzIAIgAEECdGo2AgALQbgzQbQyKAIAIgA2AgBBtDMoAgAhASAGQQA2AhggBkIANwMQIAZCADcDCCAGQgA3AwAgACABbCAGECUCQAJAQbgzKAIAIgNBAm0iAkHcMygCAEHUMygCACIBa0EDdU0NACACQYCAgIACTw0BQdgzKAIAIQAgAkEDdCICEAciBCACaiEFIAQgACABa2oiBCECIAAgAUcEQANAIAJBCGsiAiAAQQhrIgApAgA3AgAgACABRw0ACwtB3DMgBTYCAEHYMyAENgIAQdQzIAI2AgAgAUUNACABEARBuDMoAgAhAwsCQEHkMygCAEHgMygCACIBa0ECdSIAIANJBEBB4DMgAyAAaxAGQbgzKAIAIQMMAQsgACADTQ0AQeQzIAEgA0ECdGo2AgALAkBB8DMoAgBB7DMoAgAiAWtBAnUiACADSQRAQewzIAMgAGsQBkG4MygCACEDDAELIAAgA00NAEHwMyABIANBAnRqNgIACwJAQfwzKAIAQfgzKAIAIgFrQQN1IgAgA0kEQEH4MyADIABrEAhBuDMoAgAhAwwBCyAAIANNDQBB/DMgASADQQN0ajYCAAsCQCADQbQzKAIAbCIBQYg0KAIAIgBBhDQoAgAiBGtBDG0iAksEQEEAIQQCQCABIAJrIgNBjDQoAgAiBSAAa0EMbU0EQEGINCADBH8gACADQQxsQQxrIgAgAEEMcGtBDGoiABAFIABqBSAACzYCAAwBCwJAIABBhDQoAgAiAWtBDG0iByADaiICQdaq1aoBSQRAQdWq1aoBIAUgAWtBDG0iBUEBdCIIIAIgAiAISRsgBUGq1arVAE8bIgUEQCAFQdaq1aoBTw0CIAVBDGwQByEECyAHQQxsIARqIgIgA0EMbEEMayIDIANBDHBrQQxqIgMQBSADaiEDIAAgAUcEQANAIAJBDGsiAiAAQQxrIgApAgA3AgAgAiAAKAIINgIIIAAgAUcNAAtBhDQoAgAhAQtBjDQgBCAFQQxsajYCAEGINCADNgIAQYQ0IAI2AgAgAQRAIAEQBAsMAgsQDQALEA4AC0G4MygCACEDDAELIAEgAk8NAEGINCAEIAFBDGxqNgIAC0GAMEIANwMAQfwvQX82AgBBiDBCADcDAAJAIANBAmoiAEGsNCgCAEGoNCgCACICa0ECdSIBSwRAQag0IAAgAWsQBgwBCyAAIAFPDQBBrDQgAiAAQQJ0ajYCAAsgBkEgaiQADwsQDQAL/goCC38BfiMAQRBrIgckAEGAMEIANwMAQfwvQX82AgBB+C9BADoAAEG8MEKAgID8g4CAwD83AgBBuDBBADoAAEGwMEEANgIAQZgwQoCAgPyDgICAPzcDAEGUMEEBOgAAQZAwQQA2AgBBiDBBADYCAEGgMUHUABAFGkHEMEHUABAFQZgxQgE3AwBBABAmQZwyQQA2AgBBlDJCADcCAEGMMkIANwIAQYQyQgA3AgBB/DFCADcCAEH0MUIANwIAQbgyQYQBEAUaQcQzQYCAgPwDNgIAQcAzQQA6AABBvDNBfzYCAEHIM0HIABAFGiAHQRAQByICNgIEIAdCjICAgICCgICAfzcCCCACQYgIKAAANgAIIAJBgAgpAAA3AAAgAkEAOgAMIwBBEGsiCCQAIwBBIGsiACQAAn8gB0EEaiICLQALQQd2BEAgAigCAAwBCyACCyEBIAACfyACLQALQQd2BEAgAigCBAwBCyACLQALQf8AcQs2AhwgACABNgIYIABBgAg2AhAgAEGACBAcNgIUIAAgACkCGDcDCCAAIAApAhA3AwAjAEEQayIEJAAgACgCDCAAKAIERgRAIAQgACkCACILNwMAIAQgCzcDCCMAQRBrIgYkACAGIAAoAgw2AgwgBiAEKAIENgIIIwBBEGsiASQAIAZBCGoiAygCACAGQQxqIgUoAgBJIQkgAUEQaiQAIAMgBSAJGygCACEBAkACfyAAKAIIIQMgBCgCACEFAkACQCABQQRPBEAgAyAFckEDcQ0BA0AgAygCACAFKAIARw0CIAVBBGohBSADQQRqIQMgAUEEayIBQQNLDQALCyABRQ0BCwNAIAMtAAAiCSAFLQAAIgpGBEAgBUEBaiEFIANBAWohAyABQQFrIgENAQwCCwsgCSAKawwBC0EACyIBDQBBACEBIAAoAgwiAyAEKAIEIgVGDQBBf0EBIAMgBUkbIQELIAZBEGokACABRSEDCyAEQRBqJAAgAEEgaiQAIANFBEAjAEEQayIFJABBuggQHCEEAn8gAi0AC0EHdgRAIAIoAgQMAQsgAi0AC0H/AHELIQMCfwJ/IwBBEGsiByQAIAhBBGohASADIARqIgBB9////wdNBEACQCAAQQtJBEAgAUIANwIAIAFBADYCCCABIAEtAAtBgAFxIABB/wBxcjoACyABIAEtAAtB/wBxOgALDAELIABBC08EfyAAQQhqQXhxIgYgBkEBayIGIAZBC0YbBUEKC0EBaiIGEAchCCABIAEoAghBgICAgHhxIAZB/////wdxcjYCCCABIAEoAghBgICAgHhyNgIIIAEgCDYCACABIAA2AgQLIAdBEGokACABDAELEA0ACyIALQALQQd2BEAgACgCAAwBCyAACyIAQboIIAQQGyAAIARqIgACfyACLQALQQd2BEAgAigCAAwBCyACCyADEBsgACADaiECIwBBEGsiACQAIABBADoAD0EBIQQDQCAEBEAgAiAALQAPOgAAIARBAWshBCACQQFqIQIMAQsLIABBEGokACAFQRBqJAACfyABLQALQQd2BEAgASgCAAwBC0EACxoQDgALIAhBEGokACAHLAAPQQBIBEAgBygCBBAECyMAQRBrIgIkACMAQRBrIgEkACACQQxqQQQQACIABH9B3DQgADYCAEF/BUEACyABKAIMGiABQRBqJAAEQEHcNCgCABoQDgALIAIoAgwhASACQRBqJABBkDRBASABQf////8HcCICIAJBAU0bNgIAQZw0QgA3AgBBlDRCADcCAEGoNEIANwMAQbA0QgA3AwAgB0EQaiQAQbg0QgA3AgBBwDRBADYCAEHENEIANwIAQcw0QQA2AgBB0DRCADcCAEHYNEEANgIAC+gBAQR/IwBBEGsiBiQAIwBBIGsiAyQAIwBBEGsiBCQAIAQgATYCDCAEIAEgAmo2AgggAyAEKAIMNgIYIAMgBCgCCDYCHCAEQRBqJAAgAygCGCEEIAMoAhwhBSMAQRBrIgIkACACIAU2AgwgBSAEayIFBEAgACAEIAUQEwsgAiAAIAVqNgIIIAMgAigCDDYCECADIAIoAgg2AhQgAkEQaiQAIAMgASADKAIQIAFrajYCDCADIAAgAygCFCAAa2o2AgggBiADKAIMNgIIIAYgAygCCDYCDCADQSBqJAAgBigCDBogBkEQaiQAC38BA38CfwJAAkAgACICQQNxRQ0AQQAgAC0AAEUNAhoDQCAAQQFqIgBBA3FFDQEgAC0AAA0ACwwBCwNAIAAiAUEEaiEAQYCChAggASgCACIDayADckGAgYKEeHFBgIGChHhGDQALA0AgASIAQQFqIQEgAC0AAA0ACwsgACACawsLhQECAX0CfyAAvCICQRd2Qf8BcSIDQZUBTQR9IANB/QBNBEAgAEMAAAAAlA8LAn0gAIsiAEMAAABLkkMAAADLkiAAkyIBQwAAAD9eBEAgACABkkMAAIC/kgwBCyAAIAGSIgAgAUMAAAC/X0UNABogAEMAAIA/kgsiAIwgACACQQBIGwUgAAsLwwQDA38DfAJ+AnwgAL1CNIinQf8PcSIBQckHa0E/TwRAIAFByQdJBEAgAEQAAAAAAADwP6APCyAAvSEHAkAgAUGJCEkNAEQAAAAAAAAAACAHQoCAgICAgIB4UQ0CGiABQf8PTwRAIABEAAAAAAAA8D+gDwsgB0IAWQRAIwBBEGsiAUQAAAAAAAAAcDkDCCABKwMIRAAAAAAAAABwog8LIAdCgICAgICAs8hAVA0AIwBBEGsiAUQAAAAAAAAAEDkDCCABKwMIRAAAAAAAAAAQog8LIAFBACAHQgGGQoCAgICAgICNgX9YGyEBCyAAIABBwB8rAwAiAKAiBSAAoaEiACAAoiIEIASiIABB6B8rAwCiQeAfKwMAoKIgBCAAQdgfKwMAokHQHysDAKCiIABByB8rAwCiIAW9IginQQR0QfAPcSICQfAfaisDAKCgoCEAIAJB+B9qKQMAIAhCLYZ8IQcgAUUEQAJ8IAhCgICAgAiDUARAIAdCgICAgICAgAh9vyIEIACiIASgIgAgAKAMAQsgB0KAgICAgICA8D98vyIEIACiIgUgBKAiAEQAAAAAAADwP2MEfCMAQRBrIgEgAUKAgICAgICACDcDCCABKwMIRAAAAAAAABAAojkDCEQAAAAAAAAAACAARAAAAAAAAPA/oCIGIAUgBCAAoaAgAEQAAAAAAADwPyAGoaCgoEQAAAAAAADwv6AiACAARAAAAAAAAAAAYRsFIAALRAAAAAAAABAAogsPCyAHvyIEIACiIASgCwv+AwECfyACQYAETwRAIAAgASACEAIPCyAAIAJqIQMCQCAAIAFzQQNxRQRAAkAgAEEDcUUEQCAAIQIMAQsgAkUEQCAAIQIMAQsgACECA0AgAiABLQAAOgAAIAFBAWohASACQQFqIgJBA3FFDQEgAiADSQ0ACwsgA0F8cSEAAkAgA0HAAEkNACACIABBQGoiBEsNAANAIAIgASgCADYCACACIAEoAgQ2AgQgAiABKAIINgIIIAIgASgCDDYCDCACIAEoAhA2AhAgAiABKAIUNgIUIAIgASgCGDYCGCACIAEoAhw2AhwgAiABKAIgNgIgIAIgASgCJDYCJCACIAEoAig2AiggAiABKAIsNgIsIAIgASgCMDYCMCACIAEoAjQ2AjQgAiABKAI4NgI4IAIgASgCPDYCPCABQUBrIQEgAkFAayICIARNDQALCyAAIAJNDQEDQCACIAEoAgA2AgAgAUEEaiEBIAJBBGoiAiAASQ0ACwwBCyADQQRJBEAgACECDAELIANBBGsiBCAASQRAIAAhAgwBCyAAIQIDQCACIAEtAAA6AAAgAiABLQABOgABIAIgAS0AAjoAAiACIAEtAAM6AAMgAUEEaiEBIAJBBGoiAiAETQ0ACwsgAiADSQRAA0AgAiABLQAAOgAAIAFBAWohASACQQFqIgIgA0cNAAsLC+YPAhN/A3wjAEEQayIKJAACQCAAvCIQQf////8HcSIDQdqfpO4ETQRAIAEgALsiFiAWRIPIyW0wX+Q/okQAAAAAAAA4Q6BEAAAAAAAAOMOgIhVEAAAAUPsh+b+ioCAVRGNiGmG0EFG+oqAiFzkDACAXRAAAAGD7Iem/YwJ/IBWZRAAAAAAAAOBBYwRAIBWqDAELQYCAgIB4CyEDBEAgASAWIBVEAAAAAAAA8L+gIhVEAAAAUPsh+b+ioCAVRGNiGmG0EFG+oqA5AwAgA0EBayEDDAILIBdEAAAAYPsh6T9kRQ0BIAEgFiAVRAAAAAAAAPA/oCIVRAAAAFD7Ifm/oqAgFURjYhphtBBRvqKgOQMAIANBAWohAwwBCyADQYCAgPwHTwRAIAEgACAAk7s5AwBBACEDDAELIAogAyADQRd2QZYBayIDQRd0a767OQMIIApBCGohDiMAQbAEayIFJAAgAyADQQNrQRhtIgJBACACQQBKGyINQWhsaiEGQeAIKAIAIgdBAE4EQCAHQQFqIQMgDSECA0AgBUHAAmogBEEDdGogAkEASAR8RAAAAAAAAAAABSACQQJ0QfAIaigCALcLOQMAIAJBAWohAiAEQQFqIgQgA0cNAAsLIAZBGGshCEEAIQMgB0EAIAdBAEobIQQDQEEAIQJEAAAAAAAAAAAhFQNAIA4gAkEDdGorAwAgBUHAAmogAyACa0EDdGorAwCiIBWgIRUgAkEBaiICQQFHDQALIAUgA0EDdGogFTkDACADIARGIANBAWohA0UNAAtBLyAGayERQTAgBmshDyAGQRlrIRIgByEDAkADQCAFIANBA3RqKwMAIRVBACECIAMhBCADQQBKBEADQCAFQeADaiACQQJ0agJ/An8gFUQAAAAAAABwPqIiFplEAAAAAAAA4EFjBEAgFqoMAQtBgICAgHgLtyIWRAAAAAAAAHDBoiAVoCIVmUQAAAAAAADgQWMEQCAVqgwBC0GAgICAeAs2AgAgBSAEQQFrIgRBA3RqKwMAIBagIRUgAkEBaiICIANHDQALCwJ/IBUgCBASIhUgFUQAAAAAAADAP6KcRAAAAAAAACDAoqAiFZlEAAAAAAAA4EFjBEAgFaoMAQtBgICAgHgLIQkgFSAJt6EhFQJAAkACQAJ/IAhBAEwiE0UEQCADQQJ0IAVqIgIgAigC3AMiAiACIA91IgIgD3RrIgQ2AtwDIAIgCWohCSAEIBF1DAELIAgNASADQQJ0IAVqKALcA0EXdQsiC0EATA0CDAELQQIhCyAVRAAAAAAAAOA/Zg0AQQAhCwwBC0EAIQJBACEMQQEhBCADQQBKBEADQCAFQeADaiACQQJ0aiIUKAIAIQQCfwJAIBQgDAR/Qf///wcFIARFDQFBgICACAsgBGs2AgBBASEMQQAMAQtBACEMQQELIQQgAkEBaiICIANHDQALCwJAIBMNAEH///8DIQICQAJAIBIOAgEAAgtB////ASECCyADQQJ0IAVqIgwgDCgC3AMgAnE2AtwDCyAJQQFqIQkgC0ECRw0ARAAAAAAAAPA/IBWhIRVBAiELIAQNACAVRAAAAAAAAPA/IAgQEqEhFQsgFUQAAAAAAAAAAGEEQEEAIQQCQCAHIAMiAk4NAANAIAVB4ANqIAJBAWsiAkECdGooAgAgBHIhBCACIAdKDQALIARFDQAgCCEGA0AgBkEYayEGIAVB4ANqIANBAWsiA0ECdGooAgBFDQALDAMLQQEhAgNAIAIiBEEBaiECIAVB4ANqIAcgBGtBAnRqKAIARQ0ACyADIARqIQQDQCAFQcACaiADQQFqIgNBA3RqIAMgDWpBAnRB8AhqKAIAtzkDAEEAIQJEAAAAAAAAAAAhFQNAIA4gAkEDdGorAwAgBUHAAmogAyACa0EDdGorAwCiIBWgIRUgAkEBaiICQQFHDQALIAUgA0EDdGogFTkDACADIARIDQALIAQhAwwBCwsCQCAVQRggBmsQEiIVRAAAAAAAAHBBZgRAIAVB4ANqIANBAnRqAn8CfyAVRAAAAAAAAHA+oiIWmUQAAAAAAADgQWMEQCAWqgwBC0GAgICAeAsiArdEAAAAAAAAcMGiIBWgIhWZRAAAAAAAAOBBYwRAIBWqDAELQYCAgIB4CzYCACADQQFqIQMMAQsCfyAVmUQAAAAAAADgQWMEQCAVqgwBC0GAgICAeAshAiAIIQYLIAVB4ANqIANBAnRqIAI2AgALRAAAAAAAAPA/IAYQEiEVIANBAE4EQCADIQIDQCAFIAIiBEEDdGogFSAFQeADaiACQQJ0aigCALeiOQMAIAJBAWshAiAVRAAAAAAAAHA+oiEVIAQNAAsgAyEEA0BEAAAAAAAAAAAhFUEAIQIgByADIARrIgYgBiAHShsiCEEATgRAA0AgAkEDdEHAHmorAwAgBSACIARqQQN0aisDAKIgFaAhFSACIAhHIAJBAWohAg0ACwsgBUGgAWogBkEDdGogFTkDACAEQQBKIARBAWshBA0ACwtEAAAAAAAAAAAhFSADQQBOBEADQCADIgJBAWshAyAVIAVBoAFqIAJBA3RqKwMAoCEVIAINAAsLIAogFZogFSALGzkDACAFQbAEaiQAIAlBB3EhAyAKKwMAIRUgEEEASARAIAEgFZo5AwBBACADayEDDAELIAEgFTkDAAsgCkEQaiQAIAMLnQUCGH8TfSAAKAIQIAAoAgxrQQN1IAFuIQgCQCABQQRJDQAgAkUNACABQQJ2IglBA2whCyAJQQF0IQwgCEEDbCENIAhBAXQhDiAAKAIAIQoDQCAGIAIgB2xBAnQiAGohDyAAIAVqIRAgBiAHIAtqIAJsQQJ0IgBqIREgACAFaiESIAYgByAMaiACbEECdCIAaiETIAAgBWohFCAGIAcgCWogAmxBAnQiAGohFSAAIAVqIRYgBCAHQQJ0IgAgAmxBAnQiAWohFyABIANqIRggBCAAQQNyIAJsQQJ0IgFqIRkgASADaiEaIAQgAEECciACbEECdCIBaiEbIAEgA2ohHCAEIABBAXIgAmxBAnQiAGohHSAAIANqIR4gCiAHIA1sQQN0aiIAKgIEISYgACoCACEnIAogByAObEEDdGoiACoCBCEoIAAqAgAhKSAKIAcgCGxBA3RqIgAqAgQhKiAAKgIAIStBACEAA0AgFyAAQQJ0IgFqKgIAISEgASAQaiABIBlqKgIAIh8gJpQgASAaaioCACIgICeUkiIiIAEgHWoqAgAiIyAqlCABIB5qKgIAIiQgK5SSIiySIi0gASAbaioCACIlICiUIAEgHGoqAgAiLiAplJIiLyABIBhqKgIAIjCSIjGSOAIAIAEgD2ogHyAnlCAgICaUkyIfICMgK5QgJCAqlJMiIJIiIyAhICUgKZQgLiAolJMiJJIiJZI4AgAgASAWaiAfICCTIh8gMCAvkyIgkjgCACABIBVqICwgIpMiIiAhICSTIiGSOAIAIAEgFGogMSAtkzgCACABIBNqICUgI5M4AgAgASASaiAgIB+TOAIAIAEgEWogISAikzgCACAAQQFqIgAgAkcNAAsgB0EBaiIHIAlHDQALCwudBQIYfxN9IAAoAhAgACgCDGtBA3UgAW4hCAJAIAFBBEkNACACRQ0AIAFBAnYiCUEDbCELIAlBAXQhDCAIQQNsIQ0gCEEBdCEOIAAoAgAhCgNAIAYgAiAHbEECdCIAaiEPIAAgBWohECAGIAcgC2ogAmxBAnQiAGohESAAIAVqIRIgBiAHIAxqIAJsQQJ0IgBqIRMgACAFaiEUIAYgByAJaiACbEECdCIAaiEVIAAgBWohFiAEIAdBAnQiACACbEECdCIBaiEXIAEgA2ohGCAEIABBA3IgAmxBAnQiAWohGSABIANqIRogBCAAQQJyIAJsQQJ0IgFqIRsgASADaiEcIAQgAEEBciACbEECdCIAaiEdIAAgA2ohHiAKIAcgDWxBA3RqIgAqAgQhJiAAKgIAIScgCiAHIA5sQQN0aiIAKgIEISggACoCACEpIAogByAIbEEDdGoiACoCBCEqIAAqAgAhK0EAIQADQCAXIABBAnQiAWoqAgAhISABIBBqIAEgGmoqAgAiHyAnlCABIBlqKgIAIiAgJpSTIiIgASAeaioCACIjICuUIAEgHWoqAgAiJCAqlJMiLJIiLSABIBxqKgIAIiUgKZQgASAbaioCACIuICiUkyIvIAEgGGoqAgAiMJIiMZI4AgAgASAPaiAgICeUIB8gJpSSIh8gJCArlCAjICqUkiIgkiIjICEgLiAplCAlICiUkiIkkiIlkjgCACABIBZqICAgH5MiHyAwIC+TIiCSOAIAIAEgFWogIiAskyIiICEgJJMiIZI4AgAgASAUaiAxIC2TOAIAIAEgE2ogJSAjkzgCACABIBJqICAgH5M4AgAgASARaiAhICKTOAIAIABBAWoiACACRw0ACyAHQQFqIgcgCUcNAAsLC/UsAxd/D30BfkH4MiABNgIAQagyKAIAIgNB9DEoAgAgA0EBdGogAUGsMigCACIPamsgA3AiBmsiBSAPIAUgD0kbIQdB+DEoAgAgACADbEECdGohCgJAIAVB1DIoAgAiAiACIAVLGyIBRQ0AIAogBkECdGohCEHoMigCAEGwMigCACACa0ECdGohCUG8MigCACELIAFBAUcEQCABQX5xIRMDQCAJIARBAnQiDGogCCAMaioCACALIAxqKgIAjJQ4AgAgCSAMQQRyIgxqIAggDGoqAgAgCyAMaioCAIyUOAIAIARBAmohBCAUQQJqIhQgE0cNAAsLIAFBAXFFDQAgCSAEQQJ0IgRqIAQgCGoqAgAgBCALaioCAIyUOAIACyACIAdLIQsCQCACIAVNDQAgAUEBaiEEIAogBiADa0ECdGohBUHoMigCAEGwMigCACACa0ECdGohCEG8MigCACEJIAIgAWtBAXEEQCAIIAFBAnQiAWogASAFaioCACABIAlqKgIAjJQ4AgAgBCEBCyACIARGDQADQCAIIAFBAnQiBGogBCAFaioCACAEIAlqKgIAjJQ4AgAgCCAEQQRqIgRqIAQgBWoqAgAgBCAJaioCAIyUOAIAIAFBAmoiASACSQ0ACwsgAiAHIAsbIQECQCACIAdPDQAgAkEBaiEFIAogBkECdGohB0HoMigCACEIQbwyKAIAIQkgASACIgRrQQFxBEAgCCAHIAJBAnQiBGoqAgAgBCAJaioCAJQ4AgAgBSEECyABIAVGDQADQCAIIAQgAmtBAnRqIAcgBEECdCIFaioCACAFIAlqKgIAlDgCACAIIARBAWoiBSACa0ECdGogByAFQQJ0IgVqKgIAIAUgCWoqAgCUOAIAIARBAmoiBCABRw0ACwsCQCABIA9PDQAgAUEBaiEEIAogBiADa0ECdGohBUHoMigCACEDQbwyKAIAIQYgDyABa0EBcQRAIAMgASACa0ECdGogBSABQQJ0IgFqKgIAIAEgBmoqAgCUOAIAIAQhAQsgBCAPRg0AA0AgAyABIAJrQQJ0aiAFIAFBAnQiBGoqAgAgBCAGaioCAJQ4AgAgAyABQQFqIgQgAmtBAnRqIAUgBEECdCIEaioCACAEIAZqKgIAlDgCACABQQJqIgEgD0cNAAsLQegyKAIAIRMgDyACayIBQbAyKAIAIgQgAmtJBEAgEyABQQJ0aiAEIA9rQQJ0EAUaC0HsMSgCAEHoMSgCAGtBcEcEQEHcMigCAEG0MigCACAAbEEDdGohFEEAIQEDQCMAQRBrIg8kAEHQMCgCACICQZwxKAIAQZgxKAIAbCIGQQJ0IgBqIQUCQCABRQRAIAZFDQFB6DAoAgAhAEEAIQMDQCACIANBAnQiBGogACADQQN0IgpqIgcqAgAiGSAKIBNqIgoqAgAiGpQgByoCBCIbIAoqAgQiHJSTOAIAIAQgBWogGyAalCAZIByUkjgCACADQQFqIgMgBkcNAAsMAQsgAEHEMCgCACIAaiEEIAFBAWsiA0HsMSgCAEHoMSgCACIKa0EDdUkEQCAPIAogA0EDdGopAgAiKDcDACAPICg3AwhBACELQaAxKAIAIgZBpDEoAgAgBmtBAXVqIQoCQAJAAkACQAJAAkACQAJAAkACQAJAAkACQAJAAkAgDygCAA4OAAECAwQFBgcICQoLDA0OC0GQMSgCAEGMMSgCACIDa0EDdSIGQQFNBEAgACACKgIAOAIAIAQgBSoCADgCAAwOC0GAMSAGQQEgAiAFIAAgBCADIAMgBkECdGoQFQwNC0GYMSgCACIARQ0MIABBAXECQCAAQQFrIghFBEBBACEDDAELIABBfnEhCUEAIQNBACEEA0AgBiADQQJ0aiILIAIgA0EDdGoiDCoCADgCACALIABBAnQiDmogDCoCBDgCACAGIANBAXIiC0ECdGoiDCACIAtBA3RqIgsqAgA4AgAgDCAOaiALKgIEOAIAIANBAmohAyAEQQJqIgQgCUcNAAsLBEAgBiADQQJ0aiIEIAIgA0EDdGoiAioCADgCACAEIABBAnRqIAIqAgQ4AgALIABBAXECQCAIRQRAQQAhAwwBCyAAQX5xIQZBACEDQQAhBANAIAogA0ECdGoiByAFIANBA3RqIggqAgA4AgAgByAAQQJ0IglqIAgqAgQ4AgAgCiADQQFyIgdBAnRqIgggBSAHQQN0aiIHKgIAOAIAIAggCWogByoCBDgCACADQQJqIQMgBEECaiIEIAZHDQALC0UNDCAKIANBAnRqIgQgBSADQQN0aiICKgIAOAIAIAQgAEECdGogAioCBDgCAAwMC0GYMSgCACIERQ0LIARBAXEgBEEDdCEHAkAgBEEBayIMRQRAQQAhAwwBCyAEQX5xIQ5BACEDQQAhAANAIAYgA0ECdGoiCCACIANBDGxqIgkqAgA4AgAgCCAEQQJ0Ig1qIAkqAgQ4AgAgByAIaiAJKgIIOAIAIAYgA0EBciIJQQJ0aiIIIAIgCUEMbGoiCSoCADgCACAIIA1qIAkqAgQ4AgAgByAIaiAJKgIIOAIAIANBAmohAyAAQQJqIgAgDkcNAAsLBEAgBiADQQJ0aiIAIAIgA0EMbGoiAioCADgCACAAIARBAnRqIAIqAgQ4AgAgACAHaiACKgIIOAIACyAEQQFxAkAgDEUEQEEAIQMMAQsgBEF+cSEJQQAhA0EAIQADQCAKIANBAnRqIgIgBSADQQxsaiIGKgIAOAIAIAIgBEECdCILaiAGKgIEOAIAIAIgB2ogBioCCDgCACAKIANBAXIiBkECdGoiAiAFIAZBDGxqIgYqAgA4AgAgAiALaiAGKgIEOAIAIAIgB2ogBioCCDgCACADQQJqIQMgAEECaiIAIAlHDQALC0UNCyAKIANBAnRqIgAgBSADQQxsaiICKgIAOAIAIAAgBEECdGogAioCBDgCACAAIAdqIAIqAgg4AgAMCwtBmDEoAgAiA0UNCiADQQxsIQkgA0EDdCELQQAhAEEAIQQDQCAGIARBAnRqIgcgAiAEQQR0aiIIKgIAOAIAIAcgA0ECdGogCCoCBDgCACAHIAtqIAgqAgg4AgAgByAJaiAIKgIMOAIAIARBAWoiBCADRw0ACwNAIAogAEECdGoiBCAFIABBBHRqIgIqAgA4AgAgBCADQQJ0aiACKgIEOAIAIAQgC2ogAioCCDgCACAEIAlqIAIqAgw4AgAgAEEBaiIAIANHDQALDAoLQZgxKAIAIgBFDQkgAEEEdCEJIABBDGwhCyAAQQN0IQxBACEDQQAhBANAIAYgBEECdGoiByACIARBFGxqIggqAgA4AgAgByAAQQJ0aiAIKgIEOAIAIAcgDGogCCoCCDgCACAHIAtqIAgqAgw4AgAgByAJaiAIKgIQOAIAIARBAWoiBCAARw0ACwNAIAogA0ECdGoiBCAFIANBFGxqIgIqAgA4AgAgBCAAQQJ0aiACKgIEOAIAIAQgDGogAioCCDgCACAEIAtqIAIqAgw4AgAgBCAJaiACKgIQOAIAIANBAWoiAyAARw0ACwwJC0GcMSgCACIERQ0IQZgxKAIAIgdFDQggBEF+cSENIARBAXEhEEEAIQADQCAKIABBAnQiA2ohCCADIAZqIQkgBSAAIARsQQJ0IgNqIQsgAiADaiEMQQAhA0EAIQ4gBEEBRwRAA0AgCSADIAdsQQJ0IhFqIAwgA0ECdCISaioCADgCACAIIBFqIAsgEmoqAgA4AgAgCSADQQFyIhEgB2xBAnQiEmogDCARQQJ0IhFqKgIAOAIAIAggEmogCyARaioCADgCACADQQJqIQMgDkECaiIOIA1HDQALCyAQBEAgCSADIAdsQQJ0Ig5qIAwgA0ECdCIDaioCADgCACAIIA5qIAMgC2oqAgA4AgALIABBAWoiACAHRw0ACwwIC0GQMSgCAEGMMSgCACICa0EDdSIFQQFNBEAgACAGKgIAOAIAIAQgCioCADgCAAwIC0GAMSAFQQEgBiAKIAAgBCACIAIgBUECdGoQFQwHCyAKIA8oAgRBAnQiAmohBSACIAZqIQMgAiAEaiEEIAAgAmohAEGQMSgCAEGMMSgCACICa0EDdSIGQQFNBEAgACADKgIAOAIAIAQgBSoCADgCAAwHC0GAMSAGQQEgAyAFIAAgBCACIAIgBkECdGoQFQwGC0GYMSgCACICQZwxKAIAQQFrbCIFRQ0FIAQgAkECdCICaiEDIAAgAmohAkHEMSgCACEGQbgxKAIAIQpBACEAA0AgAiAAQQJ0IgRqIgcgBCAKaioCACIZIAcqAgAiGpQgBCAGaioCACIbIAMgBGoiBCoCACIclJM4AgAgBCAbIBqUIBwgGZSSOAIAIABBAWoiACAFRw0ACwwFC0GYMSgCACIFRQ0EIAQgBUECdCICaiEGIAAgAmohCkEAIQMDQCAGIANBAnQiAmoiByoCACEZIAIgBGoiCCoCACEaIAAgAmoiCSACIApqIgIqAgAiGyAJKgIAIhySOAIAIAggGSAakjgCACACIBwgG5M4AgAgByAaIBmTOAIAIANBAWoiAyAFRw0ACwwEC0GYMSgCACIFRQ0DIAQgBUEDdCICaiEGIAAgAmohCiAEIAVBAnQiAmohByAAIAJqIQhBACEDA0AgBiADQQJ0IgJqIgkqAgAhGSACIAdqIgsqAgAhGiACIARqIgwqAgAhGyAAIAJqIg4gAiAIaiINKgIAIhwgDioCACIdkiACIApqIgIqAgAiHpI4AgAgDCAZIBogG5KSOAIAIA0gHSAcQwAAAL+UkiIdIBpD17Ndv5QiH5MgHkMAAAC/lCIgkiAZQ9ezXb+UIiGSOAIAIAsgGyAaQwAAAL+UkiIaIBxD17Ndv5QiG5IgHkPXs12/lCIckyAZQwAAAL+UIhmSOAIAIAIgHSAfkiAgkiAhkzgCACAJIBogG5MgHJIgGZI4AgAgA0EBaiIDIAVHDQALDAMLQZgxKAIAIgVFDQIgBCAFQQxsIgJqIQYgACACaiEKIAQgBUEDdCICaiEHIAAgAmohCCAEIAVBAnQiAmohCSAAIAJqIQtBACEDA0AgBiADQQJ0IgJqIgwqAgAhGSACIAlqIg4qAgAhGiACIAdqIg0qAgAhGyACIARqIhAqAgAhHCAAIAJqIhEgAiAKaiISKgIAIh4gAiALaiIVKgIAIh2SIh8gAiAIaiICKgIAIiAgESoCACIhkiIkkjgCACAQIBkgGpIiIiAbIBySIiOSOAIAIBUgGiAZkyIZICEgIJMiGpI4AgAgDiAcIBuTIhsgHSAekyIckzgCACACICQgH5M4AgAgDSAjICKTOAIAIBIgGiAZkzgCACAMIBwgG5I4AgAgA0EBaiIDIAVHDQALDAILQQAhA0GYMSgCACIFBEAgBCAFQQR0IgJqIQYgACACaiEKIAQgBUEMbCICaiEHIAAgAmohCCAEIAVBA3QiAmohCSAAIAJqIQsgBCAFQQJ0IgJqIQwgACACaiEOA0AgBCADQQJ0IgJqIg0qAgAhGSACIAdqIhAqAgAhGiACIAlqIhEqAgAhGyACIAZqIhIqAgAhHCACIAxqIhUqAgAhHiAAIAJqIhYgAiAIaiIXKgIAIiIgAiALaiIYKgIAIiOSIh0gFioCACIfkiACIApqIhYqAgAiJSACIA5qIgIqAgAiJpIiIJI4AgAgDSAZIBogG5IiIZIgHCAekiIkkjgCACACIB8gIEN6N54+lCAdQ70bTz+Uk5IiJyAaIBuTIhpDGHkWv5QgHCAekyIbQ3F4cz+UkyIckjgCACAVIBkgJEN6N54+lCAhQ70bTz+Uk5IiHiAjICKTIiJDGHkWv5QgJiAlkyIjQ3F4cz+UkyIlkjgCACAYIB8gHUN6N54+lCAgQ70bTz+Uk5IiHSAbQxh5Fr+UIBpDcXhzP5SSIhqSOAIAIBEgGSAhQ3o3nj6UICRDvRtPP5STkiIZICNDGHkWv5QgIkNxeHM/lJIiG5I4AgAgFyAdIBqTOAIAIBAgGSAbkzgCACAWICcgHJM4AgAgEiAeICWTOAIAIANBAWoiAyAFRw0ACwsMAQtBACEDQQAhAgJAQZgxKAIAIgVFDQBB3DEoAgAiBkGcMSgCACIHQQJ0aiEKIAdBAk8EQCAHQX5xIQwgB0EBcSEOA0AgBCALQQJ0IgJqIQggACACaiEJQwAAAAAhGUEAIQNDAAAAACEaQQAhAgNAIAYgA0ECdCINaiAJIAMgBWxBAnQiEGoqAgAiGzgCACAKIA1qIAggEGoqAgAiHDgCACAGIANBAXIiDUECdCIQaiAJIAUgDWxBAnQiDWoqAgAiHjgCACAKIBBqIAggDWoqAgAiHTgCACAeIBsgGpKSIRogHSAcIBmSkiEZIANBAmohAyACQQJqIgIgDEcNAAsgDgRAIAYgA0ECdCICaiAJIAMgBWxBAnQiA2oqAgAiGzgCACACIApqIAMgCGoqAgAiHDgCACAbIBqSIRogHCAZkiEZCyAJIBo4AgAgCCAZOAIAQdAxKAIAIQ1BASECA0AgCioCACEZIAYqAgAhGkEBIQMDQCAGIANBAnQiEGoqAgAiGyANIAIgA2wgB3BBA3RqIhEqAgQiHJQgGZIgCiAQaioCACIeIBEqAgAiHZSSIRkgGyAdlCAakiAcIB6UkyEaIANBAWoiAyAHRw0ACyAJIAIgBWxBAnQiA2ogGjgCACADIAhqIBk4AgAgAkEBaiICIAdHDQALIAtBAWoiCyAFRw0ACwwBCyAHBEAgBUEBRwRAIAVBfnEhCANAIAYgACADQQJ0IgdqIgkqAgAiGTgCACAKIAQgB2oiCyoCACIaOAIAIAkgGTgCACALIBo4AgAgBiAAIAdBBHIiB2oiCSoCACIZOAIAIAogBCAHaiIHKgIAIho4AgAgCSAZOAIAIAcgGjgCACADQQJqIQMgAkECaiICIAhHDQALCyAFQQFxRQ0BIAYgACADQQJ0IgJqIgAqAgAiGTgCACAKIAIgBGoiBCoCACIaOAIAIAAgGTgCACAEIBo4AgAMAQsgBUEETwRAIAVBfHEhB0EAIQoDQCAAIANBAnQiBmpBADYCACAEIAZqQQA2AgAgACAGQQRyIghqQQA2AgAgBCAIakEANgIAIAAgBkEIciIIakEANgIAIAQgCGpBADYCACAAIAZBDHIiBmpBADYCACAEIAZqQQA2AgAgA0EEaiEDIApBBGoiCiAHRw0ACwsgBUEDcSIFRQ0AA0AgACADQQJ0IgZqQQA2AgAgBCAGakEANgIAIANBAWohAyACQQFqIgIgBUcNAAsLCwwBCyAGQQF2IQJBACEDA0AgFCADQQN0IgVqIgogBCAGIANBf3NqIgdBAnQiCGoqAgAiGSAEIANBAnQiCWoqAgAiGpJDAAAAP5QiG0HcMCgCACAFaiIFKgIAIhyUIAAgCWoqAgAiHiAAIAhqKgIAIh2TQwAAAD+UIh8gBSoCBCIglJIiISAaIBmTQwAAAD+UIhmSOAIEIAogHyAclCAbICCUkyIaIB0gHpJDAAAAP5QiG5I4AgAgFCAHQQN0aiIFICEgGZM4AgQgBSAbIBqTOAIAIAIgA0cgA0EBaiEDDQALCyAPQRBqJAAgAUEBaiIBQewxKAIAQegxKAIAa0EDdUECakkNAAsLC+IIAwd8B38BfUG4MiAANgIAAkAgAUUNAEHYMkGsMigCACIJQQF2Igo2AgBB1DIgCjYCAAJAAkACQCABQQFrDgIAAQILIAm4IgdEjuM4juM45j+iIAC4oyICmiIDEBEhBCACRAAAAAAAACLAohARIQUgCUEATA0BRAAAAAAAAPA/IAejIQdEAAAAAAAA8D9EAAAAAAAA8D8gAkQAAAAAAAAQwKIQESAEIAUgBKCjIgIgAqCioaMhBUG8MigCACEKQQAhAQNAIAFBAXRBAXK4IAeiIgREAAAAAAAACMCgIgYgBqIgA6IQESEGIAREAAAAAAAA8D+gIgggCKIgA6IQESEIIAogAUECdGogBEQAAAAAAADwv6AiBCAEoiADohARIAYgCKAgAqKhIAWitjgCACABQQFqIgEgCUcNAAsMAQtEAAAAAAAAAEBEAAAAAAAAIEAgCbgiBSAAuKMiAkQAAAAAAAAIQKAiBCAEoqMgAqBEAAAAAAAAAABEAAAAAAAACEAgAqEiAiACRAAAAAAAAAAAYxtEAAAAAAAA0D+ioCICIAJEAAAAAAAAAEBjGyICIAKiRAAAAAAAANA/okQAAAAAAADwv6CfRBgtRFT7IQlAoiIHIAeiIQZEAAAAAAAA8D8hAkQAAAAAAAAAACEEA0AgBCACoCEEIAYgAqIgA0QAAAAAAADwP6AiAyADokQAAAAAAAAQQKKjIgJELUMc6+I2Gj9kDQALIAlBAEwNAEQAAAAAAADwPyAEoyEGRAAAAAAAAPA/IAWjIQVBvDIoAgAhCkEAIQEDQEQAAAAAAADwPyABQQF0QQFyuCAFokQAAAAAAADwv6AiAyADoqGfIAeiIgMgA6IhCEQAAAAAAAAAACEDRAAAAAAAAPA/IQJEAAAAAAAAAAAhBANAIAQgAqAhBCAIIAKiIANEAAAAAAAA8D+gIgMgA6JEAAAAAAAAEECioyICRC1DHOviNho/ZA0ACyAKIAFBAnRqIAQgBqK2OAIAIAFBAWoiASAJRw0ACwsgAEEASgRAQbwyKAIAIQtBACEKA0BEAAAAAAAAAAAhAyAJIAoiAUoEQANAIAMgCyABQQJ0aioCACIQIBCUu6AhAyAAIAFqIgEgCUgNAAtEAAAAAAAA8D8gA5+jIQMgCiEBA0AgCyABQQJ0aiIMIAwqAgC7IAOitjgCACAAIAFqIgEgCUgNAAsLIApBAWoiCiAARw0ACwsgCUUNAEHIMigCACEAQbwyKAIAIQtBACEBIAlBBE8EQCAJQXxxIQ9BACEKA0AgACABQQJ0IgxqIAsgDGoqAgA4AgAgACAMQQRyIg1qIAsgDWoqAgA4AgAgACAMQQhyIg1qIAsgDWoqAgA4AgAgACAMQQxyIgxqIAsgDGoqAgA4AgAgAUEEaiEBIApBBGoiCiAPRw0ACwsgCUEDcSIKRQ0AA0AgACABQQJ0IglqIAkgC2oqAgA4AgAgAUEBaiEBIA5BAWoiDiAKRw0ACwsLgwcBBn9B0DMoAgAiA0HIMygCACICa0EcbSAATwRAAkBBzDMoAgAgAmtBHG0iBSAAIAAgBUsbIgRFDQACQCAEQQNxIgZFBEAgBCEDDAELIAQhAwNAIAIgASkCADcCACACIAEoAhg2AhggAiABKQIQNwIQIAIgASkCCDcCCCADQQFrIQMgAkEcaiECIAdBAWoiByAGRw0ACwsgBEEESQ0AA0AgAiABKQIANwIAIAIgASgCGDYCGCACIAEpAhA3AhAgAiABKQIINwIIIAIgASgCGDYCNCACIAEpAhA3AiwgAiABKQIINwIkIAIgASkCADcCHCACIAEoAhg2AlAgAiABKQIQNwJIIAJBQGsgASkCCDcCACACIAEpAgA3AjggAiABKQIANwJUIAIgASkCCDcCXCACIAEpAhA3AmQgAiABKAIYNgJsIAJB8ABqIQIgA0EEayIDDQALCyAAIAVLBEBBzDMoAgAiAiAAIAVrQRxsaiEAA0AgAiABKQIANwIAIAIgASgCGDYCGCACIAEpAhA3AhAgAiABKQIINwIIIAJBHGoiAiAARw0AC0HMMyAANgIADwtBzDNByDMoAgAgAEEcbGo2AgAPCyACBEBBzDMgAjYCACACEARB0DNBADYCAEHIM0IANwIAQQAhAwsCQCAAQcqkkskATw0AQcmkkskAIANBHG0iA0EBdCIEIAAgACAESRsgA0GkkskkTxsiA0HKpJLJAE8NAEHMMyADQRxsIgMQByIENgIAQcgzIAQ2AgBB0DMgAyAEajYCACAEIQIgAEEcbCIAQRxrIgVBHG4iA0EDcUEDRwRAIANBAWpBA3EhBkEAIQMDQCACIAEpAgA3AgAgAiABKAIYNgIYIAIgASkCEDcCECACIAEpAgg3AgggAkEcaiECIANBAWoiAyAGRw0ACwsgACAEaiEAIAVB1ABPBEADQCACIAEpAgA3AgAgAiABKAIYNgIYIAIgASkCEDcCECACIAEpAgg3AgggAiABKAIYNgI0IAIgASkCEDcCLCACIAEpAgg3AiQgAiABKQIANwIcIAIgASgCGDYCUCACIAEpAhA3AkggAkFAayABKQIINwIAIAIgASkCADcCOCACIAEpAgA3AlQgAiABKQIINwJcIAIgASkCEDcCZCACIAEoAhg2AmwgAkHwAGoiAiAARw0ACwtBzDMgADYCAA8LEA0AC40dAw5/AX0CfCAAQTBqIgMgAUEBdiIJIgU2AiggA0EBNgIkIAMoAmgiAiADKAJsRwRAIAMgAjYCbAsgAygCXCICIAMoAmBHBEAgAyACNgJgCyADKAJ0IgIgAygCeEcEQCADIAI2AngLAkAgBUUNAEEBIQQCQCAFQQFxDQAgBSECA0AgAkEBTSAEQR9LcQ0BIAMgAkEBdiIGNgIoIAMgBEEBdCIENgIkIAJBAnEgBiECRQ0ACwsCQCADKAIwIAMoAiwiBmtBA3UiAiAFSQRAIANBLGogBSACaxAIIAMoAiQhBAwBCyACIAVNDQAgAyAGIAVBA3RqNgIwCyADQQxqIQUCQCAEQQNsIgZBAnYiAiADKAIQIAMoAgwiCGtBA3UiB0sEQCAFIAIgB2sQCAwBCyACIAdPDQAgAyAIIAJBA3RqNgIQCwJAIAZBBEkNAEEBIAIgAkEBTRsiB0EBcSAEuCERQQAhAiAGQQhPBEBEAAAAAAAA8D8gEaMhEiAHQf7///8DcSEHQQAhBgNAIAUoAgAgAkEDdGoiCiACuEQYLURU+yEZwKIgEqK2IhAQCTgCBCAKIBAQCjgCACAFKAIAIAJBAXIiCkEDdGoiCyAKuEQYLURU+yEZwKIgEqK2IhAQCTgCBCALIBAQCjgCACACQQJqIQIgBkECaiIGIAdHDQALC0UNACAFKAIAIAJBA3RqIgUgArhEGC1EVPshGcCiIBGjtiIQEAk4AgQgBSAQEAo4AgALAkAgAygCHCADKAIYIgVrQQN1IgIgBEkEQCADQRhqIAQgAmsQCAwBCyACIARNDQAgAyAFIARBA3RqNgIcCwJAIAMoAgQgAygCACIFa0EDdSICIARJBEAgAyAEIAJrEAgMAQsgAiAESwRAIAMgBSAEQQN0ajYCBAsLAkAgAygCJCICIAMoAihBAWtsIgQgAygCPCADKAI4IgZrQQN1IgVLBEAgA0E4aiAEIAVrEAggAygCJCICIAMoAihBAWtsIQQMAQsgBCAFTw0AIAMgBiAEQQN0ajYCPAsgA0HEAGohBwJAIAMoAkggAygCRCIGa0ECdSIFIARJBEAgByAEIAVrEAYgAygCJCICIAMoAihBAWtsIQQMAQsgBCAFTw0AIAMgBiAEQQJ0ajYCSAsgA0HQAGohBQJAIAMoAlQgAygCUCIIa0ECdSIGIARJBEAgBSAEIAZrEAYgAygCJCECDAELIAQgBk8NACADIAggBEECdGo2AlQLAkAgAkUNACADKAIoIgRBAkkNAEEAIQYDQCAEQQJPBEAgBrhEGC1EVPshGcCiIRFBASECA0AgAygCOCAGQQN0aiADKAIkIgggAkEBa2xBA3RqIgogESACuKIgCLggBLiio7YiEBAJOAIEIAogEBAKOAIAIAJBAWoiAiADKAIoIgRJDQALIAMoAiQhAgsgBkEBaiIGIAJJDQALCwJAIAMoAjwiAiADKAI4IgRGDQBBASACIARrQQN1IgYgBkEBTRsiCEEBcSAFKAIAIQUgBygCACEHQQAhAiAGQQJPBEAgCEF+cSEIQQAhBgNAIAcgAkECdCILaiAEIAJBA3RqIg0qAgA4AgAgBSALaiANKgIEOAIAIAcgAkEBciILQQJ0Ig1qIAQgC0EDdGoiCyoCADgCACAFIA1qIAsqAgQ4AgAgAkECaiECIAZBAmoiBiAIRw0ACwtFDQAgByACQQJ0IgZqIAQgAkEDdGoiAioCADgCACAFIAZqIAIqAgQ4AgALIAMoAnwhBCADKAJ4IQICQAJAIAMoAigiBUECSQRAIAIgBEkEQCACQgA3AgAgAyACQQhqNgJ4DAQLIAIgAygCdCIFa0EDdSIHQQFqIgZBgICAgAJPDQFB/////wEgBCAFayIEQQJ1IgggBiAGIAhJGyAEQfj///8HTxsiBgR/IAZBgICAgAJPDQMgBkEDdBAHBUEACyIIIAdBA3RqIgRCADcCACAEQQhqIQcgAiAFRwRAA0AgBEEIayIEIAJBCGsiAikCADcCACACIAVHDQALIAMoAnQhBQsgAyAIIAZBA3RqNgJ8IAMgBzYCeCADIAQ2AnQgBQRAIAUQBAsgAyAHNgJ4DAMLQQRBA0ECQQFBBSAFQQJGIgobIAVBA0YiCxsgBUEERiINGyAFQQVGIg8bIQgCQCACIARJBEAgAiAIrTcCACACQQhqIQQMAQsgAiADKAJ0IgZrQQN1IgxBAWoiBUGAgICAAk8NAUH/////ASAEIAZrIgRBAnUiByAFIAUgB0kbIARB+P///wdPGyIHBH8gB0GAgICAAk8NAyAHQQN0EAcFQQALIg4gDEEDdGoiBSAIrTcCACAFQQhqIQQgAiAGRwRAA0AgBUEIayIFIAJBCGsiAikCADcCACACIAZHDQALIAMoAnQhBgsgAyAOIAdBA3RqNgJ8IAMgBDYCeCADIAU2AnQgBkUNACAGEAQLIAMgBDYCeAJAIAMoAnwiBSAESwRAIARCBjcCACAEQQhqIQIMAQsgBCADKAJ0IgZrQQN1IghBAWoiAkGAgICAAk8NAUH/////ASAFIAZrIgVBAnUiByACIAIgB0kbIAVB+P///wdPGyIHBH8gB0GAgICAAk8NAyAHQQN0EAcFQQALIgwgCEEDdGoiBUIGNwIAIAVBCGohAiAEIAZHBEADQCAFQQhrIgUgBEEIayIEKQIANwIAIAQgBkcNAAsgAygCdCEGCyADIAwgB0EDdGo2AnwgAyACNgJ4IAMgBTYCdCAGRQ0AIAYQBAsgAyACNgJ4QQEhBiADKAIoQQFLBEADQCADKAIkIAZsIQggAwJ/IAMoAnwiByACSwRAIAIgCK1CIIZCB4Q3AgAgAkEIagwBCyACIAMoAnQiBWtBA3UiDEEBaiIEQYCAgIACTw0DQf////8BIAcgBWsiB0ECdSIOIAQgBCAOSRsgB0H4////B08bIgcEfyAHQYCAgIACTw0FIAdBA3QQBwVBAAsiDiAMQQN0aiIEIAitQiCGQgeENwIAIARBCGohCCACIAVHBEADQCAEQQhrIgQgAkEIayICKQIANwIAIAIgBUcNAAsgAygCdCEFCyADIA4gB0EDdGo2AnwgAyAINgJ4IAMgBDYCdCAFBEAgBRAECyAICyICNgJ4IAZBAWoiBiADKAIoSQ0ACwsCQCADKAJ8IgUgAksEQCACQgg3AgAgAkEIaiEEDAELIAIgAygCdCIGa0EDdSIIQQFqIgRBgICAgAJPDQFB/////wEgBSAGayIFQQJ1IgcgBCAEIAdJGyAFQfj///8HTxsiBwR/IAdBgICAgAJPDQMgB0EDdBAHBUEACyIMIAhBA3RqIgVCCDcCACAFQQhqIQQgAiAGRwRAA0AgBUEIayIFIAJBCGsiAikCADcCACACIAZHDQALIAMoAnQhBgsgAyAMIAdBA3RqNgJ8IAMgBDYCeCADIAU2AnQgBkUNACAGEAQLQQxBC0EKQQlBDSAKGyALGyANGyAPGyEHIAMgBDYCeAJAIAMoAnwiBiAESwRAIAQgB603AgAgBEEIaiEGDAELIAQgAygCdCIFa0EDdSIKQQFqIgJBgICAgAJPDQFB/////wEgBiAFayIGQQJ1IgggAiACIAhJGyAGQfj///8HTxsiCAR/IAhBgICAgAJPDQMgCEEDdBAHBUEACyILIApBA3RqIgIgB603AgAgAkEIaiEGIAQgBUcEQANAIAJBCGsiAiAEQQhrIgQpAgA3AgAgBCAFRw0ACyADKAJ0IQULIAMgCyAIQQN0ajYCfCADIAY2AnggAyACNgJ0IAVFDQAgBRAECyADIAY2AnggB0ENRw0CAkAgAygCKCIEIAMoAmwgAygCaCIFa0EDdSICSwRAIANB6ABqIAQgAmsQCCADKAIoIQQMAQsgAiAETQ0AIAMgBSAEQQN0ajYCbAsCQCADKAJgIAMoAlwiBWtBA3UiAiAESQRAIANB3ABqIAQgAmsQCCADKAIoIQQMAQsgAiAETQ0AIAMgBSAEQQN0ajYCYAsgBEUNAkEAIQIDQCADKAJcIAJBA3RqIgUgArhEGC1EVPshGcCiIAS4o7YiEBAJOAIEIAUgEBAKOAIAIAJBAWoiAiADKAIoIgRJDQALDAILEA0ACxAOAAsCQCAAKAIEIAAoAgAiA2tBA3UiAiAJSQRAIAAgCSACaxAIDAELIAIgCU0NACAAIAMgCUEDdGo2AgQLAkAgACgCECAAKAIMIgNrQQN1IgIgCUkEQCAAQQxqIAkgAmsQCAwBCyACIAlNDQAgACADIAlBA3RqNgIQCyABQQJ2IgZBAWohAwJAIAYgACgCHCICIAAoAhgiBWtBA3UiBE8EQCAAQRhqIAMgBGsQCCAAKAIYIQUgACgCHCECDAELIAMgBE8NACAAIAUgA0EDdGoiAjYCHAsgAiAFRwRARAAAAAAAAPA/IAG4oyERQQAhAgNAIAUgAkEDdGoiAyACuEQYLURU+yEZwKJEGC1EVPshCcCgIBGiRBgtRFT7Ifm/oLYiEBAJOAIEIAMgEBAKOAIAIAJBAWoiAiAAKAIcIAAoAhgiBWtBA3VJDQALCyAAQSRqIQMCQCAAKAIoIAAoAiQiBGtBA3UiAiAJSQRAIAMgCSACaxAIDAELIAIgCU0NACAAIAQgCUEDdGo2AigLAkAgAUECSQ0AIAG4IRFBACECIAlBAUcEQEQAAAAAAADwPyARoyESIAlB/v///wdxIQRBACEAA0AgAygCACACQQN0aiIFIAK4RBgtRFT7IRnAoiASorYiEBAJOAIEIAUgEBAKOAIAIAMoAgAgAkEBciIFQQN0aiIGIAW4RBgtRFT7IRnAoiASorYiEBAJOAIEIAYgEBAKOAIAIAJBAmohAiAAQQJqIgAgBEcNAAsLIAFBAnFFDQAgAygCACACQQN0aiIAIAK4RBgtRFT7IRnAoiARo7YiEBAJOAIEIAAgEBAKOAIACwsIAEGsMigCAAu1BQEJfwJAIAAgAWxBAXQiAkG8NCgCAEG4NCgCACIIa0ECdSIDSwRAQbg0IAIgA2sQBkG4NCgCACEIDAELIAIgA08NAEG8NCAIIAJBAnRqNgIAC0HENCgCACICQcg0KAIARwRAQcg0IAI2AgALQdA0KAIAIgJB1DQoAgBHBEBB1DQgAjYCAAsCQAJAIABBAEoEQANAIAggASAJbEECdGohBgJAQcg0KAIAIgJBzDQoAgAiBEkEQCACIAY2AgAgAkEEaiEGDAELIAJBxDQoAgAiA2tBAnUiCkEBaiIFQYCAgIAETw0DQf////8DIAQgA2siBEEBdSIHIAUgBSAHSRsgBEH8////B08bIgQEfyAEQYCAgIAETw0FIARBAnQQBwVBAAsiByAKQQJ0aiIFIAY2AgAgBUEEaiEGIAIgA0cEQANAIAVBBGsiBSACQQRrIgIoAgA2AgAgAiADRw0AC0HENCgCACEDC0HMNCAHIARBAnRqNgIAQcg0IAY2AgBBxDQgBTYCACADRQ0AIAMQBAtByDQgBjYCACAIIAAgCWogAWxBAnRqIQYCQEHUNCgCACICQdg0KAIAIgRJBEAgAiAGNgIAIAJBBGohBgwBCyACQdA0KAIAIgNrQQJ1IgpBAWoiBUGAgICABE8NA0H/////AyAEIANrIgRBAXUiByAFIAUgB0kbIARB/P///wdPGyIEBH8gBEGAgICABE8NBSAEQQJ0EAcFQQALIgcgCkECdGoiBSAGNgIAIAVBBGohBiACIANHBEADQCAFQQRrIgUgAkEEayICKAIANgIAIAIgA0cNAAtB0DQoAgAhAwtB2DQgByAEQQJ0ajYCAEHUNCAGNgIAQdA0IAU2AgAgA0UNACADEAQLQdQ0IAY2AgAgCUEBaiIJIABHDQALCyAIDwsQDQALEA4ACwUAEA4AC9onAQt/IwBBEGsiCiQAAkACQAJAAkACQAJAAkACQAJAAkAgAEH0AU0EQEHgNCgCACIEQRAgAEELakH4A3EgAEELSRsiBkEDdiIAdiIBQQNxBEACQCABQX9zQQFxIABqIgJBA3QiAUGINWoiACABQZA1aigCACIBKAIIIgVGBEBB4DQgBEF+IAJ3cTYCAAwBCyAFIAA2AgwgACAFNgIICyABQQhqIQAgASACQQN0IgJBA3I2AgQgASACaiIBIAEoAgRBAXI2AgQMCwsgBkHoNCgCACIITQ0BIAEEQAJAQQIgAHQiAkEAIAJrciABIAB0cWgiAUEDdCIAQYg1aiICIABBkDVqKAIAIgAoAggiBUYEQEHgNCAEQX4gAXdxIgQ2AgAMAQsgBSACNgIMIAIgBTYCCAsgACAGQQNyNgIEIAAgBmoiByABQQN0IgEgBmsiBUEBcjYCBCAAIAFqIAU2AgAgCARAIAhBeHFBiDVqIQFB9DQoAgAhAgJ/IARBASAIQQN2dCIDcUUEQEHgNCADIARyNgIAIAEMAQsgASgCCAshAyABIAI2AgggAyACNgIMIAIgATYCDCACIAM2AggLIABBCGohAEH0NCAHNgIAQeg0IAU2AgAMCwtB5DQoAgAiC0UNASALaEECdEGQN2ooAgAiAigCBEF4cSAGayEDIAIhAQNAAkAgASgCECIARQRAIAEoAhQiAEUNAQsgACgCBEF4cSAGayIBIAMgASADSSIBGyEDIAAgAiABGyECIAAhAQwBCwsgAigCGCEJIAIgAigCDCIARwRAIAIoAggiASAANgIMIAAgATYCCAwKCyACKAIUIgEEfyACQRRqBSACKAIQIgFFDQMgAkEQagshBQNAIAUhByABIgBBFGohBSAAKAIUIgENACAAQRBqIQUgACgCECIBDQALIAdBADYCAAwJC0F/IQYgAEG/f0sNACAAQQtqIgFBeHEhBkHkNCgCACIHRQ0AQR8hCEEAIAZrIQMgAEH0//8HTQRAIAZBJiABQQh2ZyIAa3ZBAXEgAEEBdGtBPmohCAsCQAJAAkAgCEECdEGQN2ooAgAiAUUEQEEAIQAMAQtBACEAIAZBGSAIQQF2a0EAIAhBH0cbdCECA0ACQCABKAIEQXhxIAZrIgQgA08NACABIQUgBCIDDQBBACEDIAEhAAwDCyAAIAEoAhQiBCAEIAEgAkEddkEEcWooAhAiAUYbIAAgBBshACACQQF0IQIgAQ0ACwsgACAFckUEQEEAIQVBAiAIdCIAQQAgAGtyIAdxIgBFDQMgAGhBAnRBkDdqKAIAIQALIABFDQELA0AgACgCBEF4cSAGayICIANJIQEgAiADIAEbIQMgACAFIAEbIQUgACgCECIBBH8gAQUgACgCFAsiAA0ACwsgBUUNACADQeg0KAIAIAZrTw0AIAUoAhghCCAFIAUoAgwiAEcEQCAFKAIIIgEgADYCDCAAIAE2AggMCAsgBSgCFCIBBH8gBUEUagUgBSgCECIBRQ0DIAVBEGoLIQIDQCACIQQgASIAQRRqIQIgACgCFCIBDQAgAEEQaiECIAAoAhAiAQ0ACyAEQQA2AgAMBwsgBkHoNCgCACIFTQRAQfQ0KAIAIQACQCAFIAZrIgFBEE8EQCAAIAZqIgIgAUEBcjYCBCAAIAVqIAE2AgAgACAGQQNyNgIEDAELIAAgBUEDcjYCBCAAIAVqIgEgASgCBEEBcjYCBEEAIQJBACEBC0HoNCABNgIAQfQ0IAI2AgAgAEEIaiEADAkLIAZB7DQoAgAiAkkEQEHsNCACIAZrIgE2AgBB+DRB+DQoAgAiACAGaiICNgIAIAIgAUEBcjYCBCAAIAZBA3I2AgQgAEEIaiEADAkLQQAhACAGQS9qIgMCf0G4OCgCAARAQcA4KAIADAELQcQ4Qn83AgBBvDhCgKCAgICABDcCAEG4OCAKQQxqQXBxQdiq1aoFczYCAEHMOEEANgIAQZw4QQA2AgBBgCALIgFqIgRBACABayIHcSIBIAZNDQhBmDgoAgAiBQRAQZA4KAIAIgggAWoiCSAITQ0JIAUgCUkNCQsCQEGcOC0AAEEEcUUEQAJAAkACQAJAQfg0KAIAIgUEQEGgOCEAA0AgACgCACIIIAVNBEAgBSAIIAAoAgRqSQ0DCyAAKAIIIgANAAsLQQAQECICQX9GDQMgASEEQbw4KAIAIgBBAWsiBSACcQRAIAEgAmsgAiAFakEAIABrcWohBAsgBCAGTQ0DQZg4KAIAIgAEQEGQOCgCACIFIARqIgcgBU0NBCAAIAdJDQQLIAQQECIAIAJHDQEMBQsgBCACayAHcSIEEBAiAiAAKAIAIAAoAgRqRg0BIAIhAAsgAEF/Rg0BIAZBMGogBE0EQCAAIQIMBAtBwDgoAgAiAiADIARrakEAIAJrcSICEBBBf0YNASACIARqIQQgACECDAMLIAJBf0cNAgtBnDhBnDgoAgBBBHI2AgALIAEQECECQQAQECEAIAJBf0YNBSAAQX9GDQUgACACTQ0FIAAgAmsiBCAGQShqTQ0FC0GQOEGQOCgCACAEaiIANgIAQZQ4KAIAIABJBEBBlDggADYCAAsCQEH4NCgCACIDBEBBoDghAANAIAIgACgCACIBIAAoAgQiBWpGDQIgACgCCCIADQALDAQLQfA0KAIAIgBBACAAIAJNG0UEQEHwNCACNgIAC0EAIQBBpDggBDYCAEGgOCACNgIAQYA1QX82AgBBhDVBuDgoAgA2AgBBrDhBADYCAANAIABBA3QiAUGQNWogAUGINWoiBTYCACABQZQ1aiAFNgIAIABBAWoiAEEgRw0AC0HsNCAEQShrIgBBeCACa0EHcSIBayIFNgIAQfg0IAEgAmoiATYCACABIAVBAXI2AgQgACACakEoNgIEQfw0Qcg4KAIANgIADAQLIAIgA00NAiABIANLDQIgACgCDEEIcQ0CIAAgBCAFajYCBEH4NCADQXggA2tBB3EiAGoiATYCAEHsNEHsNCgCACAEaiICIABrIgA2AgAgASAAQQFyNgIEIAIgA2pBKDYCBEH8NEHIOCgCADYCAAwDC0EAIQAMBgtBACEADAQLQfA0KAIAIAJLBEBB8DQgAjYCAAsgAiAEaiEFQaA4IQACQANAIAUgACgCACIBRwRAIAAoAggiAA0BDAILCyAALQAMQQhxRQ0DC0GgOCEAA0ACQCAAKAIAIgEgA00EQCADIAEgACgCBGoiBUkNAQsgACgCCCEADAELC0HsNCAEQShrIgBBeCACa0EHcSIBayIHNgIAQfg0IAEgAmoiATYCACABIAdBAXI2AgQgACACakEoNgIEQfw0Qcg4KAIANgIAIAMgBUEnIAVrQQdxakEvayIAIAAgA0EQakkbIgFBGzYCBCABQag4KQIANwIQIAFBoDgpAgA3AghBqDggAUEIajYCAEGkOCAENgIAQaA4IAI2AgBBrDhBADYCACABQRhqIQADQCAAQQc2AgQgAEEIaiAAQQRqIQAgBUkNAAsgASADRg0AIAEgASgCBEF+cTYCBCADIAEgA2siAkEBcjYCBCABIAI2AgACfyACQf8BTQRAIAJBeHFBiDVqIQACf0HgNCgCACIBQQEgAkEDdnQiAnFFBEBB4DQgASACcjYCACAADAELIAAoAggLIQEgACADNgIIIAEgAzYCDEEMIQJBCAwBC0EfIQAgAkH///8HTQRAIAJBJiACQQh2ZyIAa3ZBAXEgAEEBdGtBPmohAAsgAyAANgIcIANCADcCECAAQQJ0QZA3aiEBAkACQEHkNCgCACIFQQEgAHQiBHFFBEBB5DQgBCAFcjYCACABIAM2AgAMAQsgAkEZIABBAXZrQQAgAEEfRxt0IQAgASgCACEFA0AgBSIBKAIEQXhxIAJGDQIgAEEddiEFIABBAXQhACABIAVBBHFqIgQoAhAiBQ0ACyAEIAM2AhALIAMgATYCGEEIIQIgAyIBIQBBDAwBCyABKAIIIgAgAzYCDCABIAM2AgggAyAANgIIQQAhAEEYIQJBDAsgA2ogATYCACACIANqIAA2AgALQew0KAIAIgAgBk0NAEHsNCAAIAZrIgE2AgBB+DRB+DQoAgAiACAGaiICNgIAIAIgAUEBcjYCBCAAIAZBA3I2AgQgAEEIaiEADAQLQdw0QTA2AgBBACEADAMLIAAgAjYCACAAIAAoAgQgBGo2AgQgAkF4IAJrQQdxaiIIIAZBA3I2AgQgAUF4IAFrQQdxaiIEIAYgCGoiA2shBwJAQfg0KAIAIARGBEBB+DQgAzYCAEHsNEHsNCgCACAHaiIANgIAIAMgAEEBcjYCBAwBC0H0NCgCACAERgRAQfQ0IAM2AgBB6DRB6DQoAgAgB2oiADYCACADIABBAXI2AgQgACADaiAANgIADAELIAQoAgQiAEEDcUEBRgRAIABBeHEhCSAEKAIMIQICQCAAQf8BTQRAIAQoAggiASACRgRAQeA0QeA0KAIAQX4gAEEDdndxNgIADAILIAEgAjYCDCACIAE2AggMAQsgBCgCGCEGAkAgAiAERwRAIAQoAggiACACNgIMIAIgADYCCAwBCwJAIAQoAhQiAAR/IARBFGoFIAQoAhAiAEUNASAEQRBqCyEBA0AgASEFIAAiAkEUaiEBIAAoAhQiAA0AIAJBEGohASACKAIQIgANAAsgBUEANgIADAELQQAhAgsgBkUNAAJAIAQoAhwiAEECdEGQN2oiASgCACAERgRAIAEgAjYCACACDQFB5DRB5DQoAgBBfiAAd3E2AgAMAgsCQCAEIAYoAhBGBEAgBiACNgIQDAELIAYgAjYCFAsgAkUNAQsgAiAGNgIYIAQoAhAiAARAIAIgADYCECAAIAI2AhgLIAQoAhQiAEUNACACIAA2AhQgACACNgIYCyAHIAlqIQcgBCAJaiIEKAIEIQALIAQgAEF+cTYCBCADIAdBAXI2AgQgAyAHaiAHNgIAIAdB/wFNBEAgB0F4cUGINWohAAJ/QeA0KAIAIgFBASAHQQN2dCICcUUEQEHgNCABIAJyNgIAIAAMAQsgACgCCAshASAAIAM2AgggASADNgIMIAMgADYCDCADIAE2AggMAQtBHyECIAdB////B00EQCAHQSYgB0EIdmciAGt2QQFxIABBAXRrQT5qIQILIAMgAjYCHCADQgA3AhAgAkECdEGQN2ohAAJAAkBB5DQoAgAiAUEBIAJ0IgVxRQRAQeQ0IAEgBXI2AgAgACADNgIADAELIAdBGSACQQF2a0EAIAJBH0cbdCECIAAoAgAhAQNAIAEiACgCBEF4cSAHRg0CIAJBHXYhASACQQF0IQIgACABQQRxaiIFKAIQIgENAAsgBSADNgIQCyADIAA2AhggAyADNgIMIAMgAzYCCAwBCyAAKAIIIgEgAzYCDCAAIAM2AgggA0EANgIYIAMgADYCDCADIAE2AggLIAhBCGohAAwCCwJAIAhFDQACQCAFKAIcIgFBAnRBkDdqIgIoAgAgBUYEQCACIAA2AgAgAA0BQeQ0IAdBfiABd3EiBzYCAAwCCwJAIAUgCCgCEEYEQCAIIAA2AhAMAQsgCCAANgIUCyAARQ0BCyAAIAg2AhggBSgCECIBBEAgACABNgIQIAEgADYCGAsgBSgCFCIBRQ0AIAAgATYCFCABIAA2AhgLAkAgA0EPTQRAIAUgAyAGaiIAQQNyNgIEIAAgBWoiACAAKAIEQQFyNgIEDAELIAUgBkEDcjYCBCAFIAZqIgQgA0EBcjYCBCADIARqIAM2AgAgA0H/AU0EQCADQXhxQYg1aiEAAn9B4DQoAgAiAUEBIANBA3Z0IgJxRQRAQeA0IAEgAnI2AgAgAAwBCyAAKAIICyEBIAAgBDYCCCABIAQ2AgwgBCAANgIMIAQgATYCCAwBC0EfIQAgA0H///8HTQRAIANBJiADQQh2ZyIAa3ZBAXEgAEEBdGtBPmohAAsgBCAANgIcIARCADcCECAAQQJ0QZA3aiEBAkACQCAHQQEgAHQiAnFFBEBB5DQgAiAHcjYCACABIAQ2AgAgBCABNgIYDAELIANBGSAAQQF2a0EAIABBH0cbdCEAIAEoAgAhAQNAIAEiAigCBEF4cSADRg0CIABBHXYhASAAQQF0IQAgAiABQQRxaiIHKAIQIgENAAsgByAENgIQIAQgAjYCGAsgBCAENgIMIAQgBDYCCAwBCyACKAIIIgAgBDYCDCACIAQ2AgggBEEANgIYIAQgAjYCDCAEIAA2AggLIAVBCGohAAwBCwJAIAlFDQACQCACKAIcIgFBAnRBkDdqIgUoAgAgAkYEQCAFIAA2AgAgAA0BQeQ0IAtBfiABd3E2AgAMAgsCQCACIAkoAhBGBEAgCSAANgIQDAELIAkgADYCFAsgAEUNAQsgACAJNgIYIAIoAhAiAQRAIAAgATYCECABIAA2AhgLIAIoAhQiAUUNACAAIAE2AhQgASAANgIYCwJAIANBD00EQCACIAMgBmoiAEEDcjYCBCAAIAJqIgAgACgCBEEBcjYCBAwBCyACIAZBA3I2AgQgAiAGaiIFIANBAXI2AgQgAyAFaiADNgIAIAgEQCAIQXhxQYg1aiEAQfQ0KAIAIQECf0EBIAhBA3Z0IgcgBHFFBEBB4DQgBCAHcjYCACAADAELIAAoAggLIQQgACABNgIIIAQgATYCDCABIAA2AgwgASAENgIIC0H0NCAFNgIAQeg0IAM2AgALIAJBCGohAAsgCkEQaiQAIAALGQBB0DQoAgAiAARAQdQ0IAA2AgAgABAECwsZAEHENCgCACIABEBByDQgADYCACAAEAQLCwQAQQALvhACF38CfSAAIQoCQEGsMigCACIIQYQyKAIAIg9rIgkgCCAIIAlLGyICRQ0AQZQyKAIAIA9BAnRqIQQgAkEETwRAIAJBfHEhCwNAIAQgAUECdGoiACAYIAAqAgAiGSAYIBleGyIYOAIAIAAgGCAAKgIEIhkgGCAZXhsiGDgCBCAAIBggACoCCCIZIBggGV4bIhg4AgggACAYIAAqAgwiGSAYIBleGyIYOAIMIAFBBGohASADQQRqIgMgC0cNAAsLIAJBA3EiAEUNAANAIAQgAUECdGoiAyAYIAMqAgAiGSAYIBleGyIYOAIAIAFBAWohASAFQQFqIgUgAEcNAAsLAkAgCCAJTQ0AQZQyKAIAIA8gCGtBAnRqIQUCQCAIIAJrQQNxIglFBEAgAiEBDAELQQAhACACIQEDQCAFIAFBAnRqIgQgGCAEKgIAIhkgGCAZXhsiGDgCACABQQFqIQEgAEEBaiIAIAlHDQALCyACIAhrQXxLDQAgBUEMaiECIAVBCGohCSAFQQRqIQQDQCAFIAFBAnQiAGoiAyAYIAMqAgAiGSAYIBleGyIYOAIAIAAgBGoiAyAYIAMqAgAiGSAYIBleGyIYOAIAIAAgCWoiAyAYIAMqAgAiGSAYIBleGyIYOAIAIAAgAmoiACAYIAAqAgAiGSAYIBleGyIYOAIAIAFBBGoiASAIRw0ACwtBtDMoAgBBAEoEQCAIIAggCiAIIApIGyIFayIAIAogACAKSBsiCUH+////B3EhFCAJQQFxIRUgBUH8////B3EhFiAFQQNxIRIgCUEBayETIAVBAWshF0GoMygCACEBQQAhCwNAAkBBrDMoAgAgAWtBAnUiACAFSQRAQagzIAUgAGsQBkGEMigCACEPQawyKAIAIQhBqDMoAgAhAQwBCyAAIAVNDQBBrDMgASAFQQJ0ajYCAAtBiDIoAgAiDCAIIAtsIhFBAnRqIQMCQCAIIA8gCHAiBmsiDSAFIAUgDUsbIgJFDQBBlDIoAgAhB0EAIQAgAkEBRwRAIAJBfnEhDkEAIQQDQCABIABBAnRqIAMgACAGakECdCIQaioCACAHIBBqKgIAlTgCACABIABBAXIiEEECdGogAyAGIBBqQQJ0IhBqKgIAIAcgEGoqAgCVOAIAIABBAmohACAEQQJqIgQgDkcNAAsLIAJBAXFFDQAgASAAQQJ0aiADIAAgBmpBAnQiAGoqAgAgACAHaioCAJU4AgALAkAgBSANTQ0AIAYgCGshBEGUMigCACEGIAUgAiIAa0EBcQRAIAEgAEECdGogAyAAIARqQQJ0IgdqKgIAIAYgB2oqAgCVOAIAIABBAWohAAsgAiAXRg0AIARBAWohAgNAIAEgAEECdGoiByADIAAgBGpBAnQiDWoqAgAgBiANaioCAJU4AgAgByADIAAgAmpBAnQiB2oqAgAgBiAHaioCAJU4AgQgAEECaiIAIAVJDQALC0HQNCgCACALQQJ0aiENAkAgBUEATA0AIA0oAgAhAkEAIQNBACEAQQAhBCAFQQNLBEADQCACIABBAnQiBmogASAGaioCADgCACACIAZBBHIiB2ogASAHaioCADgCACACIAZBCHIiB2ogASAHaioCADgCACACIAZBDHIiBmogASAGaioCADgCACAAQQRqIQAgBEEEaiIEIBZHDQALCyASRQ0AA0AgAiAAQQJ0IgRqIAEgBGoqAgA4AgAgAEEBaiEAIANBAWoiAyASRw0ACwsCQEGsMygCACABa0ECdSIAIAlJBEBBqDMgCSAAaxAGQawyKAIAIgggC2whEUGEMigCACEPQYgyKAIAIQxBqDMoAgAhAQwBCyAAIAlNDQBBrDMgASAJQQJ0ajYCAAsgDCARQQJ0aiEDAkAgCCAFIA9qIAhwIgZrIgwgCSAJIAxLGyICRQ0AQZQyKAIAIQdBACEAIAJBAUcEQCACQX5xIRFBACEEA0AgASAAQQJ0aiADIAAgBmpBAnQiDmoqAgAgByAOaioCAJU4AgAgASAAQQFyIg5BAnRqIAMgBiAOakECdCIOaioCACAHIA5qKgIAlTgCACAAQQJqIQAgBEECaiIEIBFHDQALCyACQQFxRQ0AIAEgAEECdGogAyAAIAZqQQJ0IgBqKgIAIAAgB2oqAgCVOAIACwJAIAkgDE0NACAGIAhrIQRBlDIoAgAhBiAJIAIiAGtBAXEEQCABIABBAnRqIAMgACAEakECdCIHaioCACAGIAdqKgIAlTgCACAAQQFqIQALIAIgE0YNACAEQQFqIQIDQCABIABBAnRqIgcgAyAAIARqQQJ0IgxqKgIAIAYgDGoqAgCVOAIAIAcgAyAAIAJqQQJ0IgdqKgIAIAYgB2oqAgCVOAIEIABBAmoiACAJSQ0ACwsCQCAJQQBMDQAgDSgCACAKQQJ0aiEEQQAhAEEAIQIgEwRAA0AgBCAAQX9zQQJ0aiIDIAMqAgAgASAAQQJ0aiIDKgIAkzgCACAEIABB/v///wNzQQJ0aiIGIAYqAgAgAyoCBJM4AgAgAEECaiEAIAJBAmoiAiAURw0ACwsgFUUNACAEIABBf3NBAnRqIgIgAioCACABIABBAnRqKgIAkzgCAAsgC0EBaiILQbQzKAIASA0ACwtDzczMPRAWAkBBtDMoAgAiBUEATA0AQQAhAkG4MygCACIAQQBMDQADQEEAIQEgAEEASgRAQcgzKAIAIAAgAmxBHGxqIQoDQCAKIAFBHGxqIgBCADcCCCAAQgA3AhAgAUEBaiIBQbgzKAIAIgBIDQALQbQzKAIAIQULIAJBAWoiAiAFSA0ACwsLGQBBuDQoAgAiAARAQbw0IAA2AgAgABAECwvNkgEEHn8TfQF+AXwjAEEQayIWJAAgFkEANgIMIBZBxDQ2AgggFkH4LzYCACAWIBZBDGo2AgQCQAJAAkACQEG0MygCACIKQQBMDQAgAEEATA0AQcQ0KAIAIQcgAEH8////B3EhBiAAQQNxIQsgAEEESSEFA0AgByAEQQJ0aigCACEIQQAhA0EAIQIgBUUEQANAIAggA0ECdGoiDCoCDCIgICCUIAwqAggiICAglCAMKgIEIiAgIJQgDCoCACIgICCUICSSkpKSISQgA0EEaiEDIAJBBGoiAiAGRw0ACwtBACECIAsEQANAIAggA0ECdGoqAgAiICAglCAkkiEkIANBAWohAyACQQFqIgIgC0cNAAsLIARBAWoiBCAKRw0ACyAkQ30dkCZgDQELQZAwKAIAIgNBrDIoAgBBAXRPBEACQEGUMC0AAEEBRw0AQYAwQgA3AwBB/C9BfzYCAEGUMEEAOgAAQYgwQgA3AwBByDMoAgAiA0HMMygCACICRg0AA0AgA0IANwIIIANCADcCECADQQA2AhggA0IANwIAIANBHGoiAyACRw0ACwsCQCAAQQBMBEBBtDMoAgAiB0EATA0BIAFBAEwNAUHQNCgCACECIAFBAnQhCkEAIQRBACEDIAdBBE8EQCAHQfz///8HcSEBQQAhBQNAIAIgA0ECdGoiBigCACAKEAUaIAYoAgQgChAFGiAGKAIIIAoQBRogBigCDCAKEAUaIANBBGohAyAFQQRqIgUgAUcNAAsLIAdBA3EiAUUNAQNAIAIgA0ECdGooAgAgChAFGiADQQFqIQMgBEEBaiIEIAFHDQALDAELIAFBAEwNAEG0MygCACINQQBMDQBB0DQoAgAhDkHENCgCACEMIA1B/v///wdxIQggDUEBcSEKQQAhBEEAIQUDQEEAIQNBACECIA1BAUcEQANAIAVBAnQiBiAOIANBAnQiC2ooAgBqIARBAnQiByALIAxqKAIAaioCADgCACAGIA4gC0EEciIGaigCAGogBiAMaigCACAHaioCADgCACADQQJqIQMgAkECaiICIAhHDQALCyAKBEAgDiADQQJ0IgNqKAIAIAVBAnRqIAMgDGooAgAgBEECdGoqAgA4AgALIARBAWoiA0EAIAAgA0cbIQQgBUEBaiIFIAFHDQALCyAWIAAQGAwDC0GQMCAAIANqNgIADAELQZQwQQE6AABBkDBBADYCAAsgAUEASgRAQwAAgD8gAbOVITAgALIhMQNAQQAhGEH8LygCAEG4MigCAE8EQEGEMEEANgIAQfwvQgA3AgACfyAZsyAxlCAwlBAdIiCLQwAAAE9dBEAgIKgMAQtBgICAgHgLIQVBvDMoAgAhBEG8MyAFNgIAIBYgBRAYQfwyQfQxKAIANgIAQYAzQfgxKAIAIgJB/DEoAgAiAyADIAJrQQJ1EA9B+C8tAABBAUYEQEGMM0GEMigCADYCAEGQM0GIMigCACICQYwyKAIAIgMgAyACa0ECdRAPQZwzQZQyKAIAIgJBmDIoAgAiAyADIAJrQQJ1EA9BuDIoAgAQFwtBiDBBwDMtAAAiByAFIARrIgZBAEpyIgM6AABBijBBsDAoAgBBAEdBmDAqAgBDAACAP1xyIgU6AAAgA0EBcSIEBEBBgDACfwJAIAdBAXFFBEBBiTAgBkG4MigCAGsiAyADQR91IgNzIANrQQFLIgM6AAAgAw0BQaAyKAIAQQFqIQJBgDAoAgAMAgtBiTBBAToAAAtBoDIoAgBBAWoiAkGAMCgCAGoLIAJqNgIAC0GLMEG8MCoCAEMAAIA/WwR/QbgwLQAAIAVxBUEBC0EBcSICOgAAAn0gB0EBcQRAQcQzKgIADAELQbgyKAIAsyAGsiIgQwAAgD8gIEMAAIA/XhuVCyEgQcAzQQA6AABBjDAgIDgCAEGUNEG0MygCACIDQQpBCSAEG2ogA0EAIAQbIgNBBGogAyAFG2oiA0EDaiADIAIbIgM2AgBBgDBBpDIoAgAgA0GAMCgCAGpqQQFqIhg2AgALQfgvLQAAIgJBAUYEQAJ/QYAwKAIAIgSzQ3e+fz+SQfwvKAIAQQFqs5RBuDIoAgCzlSIgQwAAgE9dICBDAAAAAGBxBEAgIKkMAQtBAAshAyAEIAMgAyAESxshGAsCQAJAIBhBhDAoAgAiA0sEQANAQYQwIANBAWo2AgACQEGIMC0AAEEBRgRAQaAyKAIAIQJBiTAtAABBAUYEQCACIANLBEBB/DIpAgAhM0H8MkH0MSkCADcCAEH0MSAzNwIAQYQzKQIAITNBhDNB/DEpAgA3AgBB/DEgMzcCACADQbgyKAIAECNB/DIpAgAhM0H8MkH0MSkCADcCAEH0MSAzNwIAQYQzKQIAITNBhDNB/DEpAgA3AgBB/DEgMzcCAAwDCyACIANGBEBBtDMoAgAiA0EATA0DQbgzKAIAIQJBACEFA0AgAkEASgRAQcgzKAIAIAIgBWxBHGxqIQZB3DIoAgBBtDIoAgAgBWxBA3RqIQRBACEDA0AgBiADQRxsaiAEIANBA3RqKQIANwIIIANBAWoiA0G4MygCACICSA0AC0G0MygCACEDCyAFQQFqIgUgA0gNAAsMAwsgAyACQX9zaiEDCyACIANLBEBB/DIpAgAhM0H8MkH0MSkCADcCAEH0MSAzNwIAQYQzKQIAITNBhDNB/DEpAgA3AgBB/DEgMzcCACADQQAQI0H8MikCACEzQfwyQfQxKQIANwIAQfQxIDM3AgBBhDMpAgAhM0GEM0H8MSkCADcCAEH8MSAzNwIADAILIAIgA0YEQEG0MygCACIDQQBMDQJBuDMoAgAhAkEAIQUDQCACQQBKBEBByDMoAgAgAiAFbEEcbGohBkHcMigCAEG0MigCACAFbEEDdGohBEEAIQMDQCAGIANBHGxqIAQgA0EDdGopAgA3AgAgA0EBaiIDQbgzKAIAIgJIDQALQbQzKAIAIQMLIAVBAWoiBSADSA0ACwwCCyADIAJBf3NqIQMLQZQ0KAIAIgIgA0sEQEEAIQVBACEEQQAhCUGMMCoCACElQYgwLQAAIgZBAUchAgJ/QbAyKAIAsyIjQbgyKAIAsyIilSIhEB0iIItDAAAAT10EQCAgqAwBC0GAgICAeAshFAJAIAJFBEBBtDMoAgAiAiADSwRAQbgzKAIAIQRByDMoAgAgIkPbD8lAlCIiQwAAwD8gI5VDAAAAPyAjlSIhk5QiIBAJISUgIBAKISMgBEEATA0CIAMgBGxBHGxqIQNBACECICIgIZQiIBAKISYgIBAJIScDQCADIAJBHGxqIgQgBCoCFCIhICaUIAQqAhAiICAnlJI4AhQgBCAgICaUICEgJ5STOAIQIAQgBCoCCCIhICaUIAQqAgwiICAnlJM4AgggBCAgICaUICEgJ5SSOAIMICYgJZQgJiAjlCAnICWUkyEmICcgI5SSIScgAkEBaiICQbgzKAIASA0ACwwCCyADIAJrIQMLAkACQEGKMC0AAEEBRgRAIANBAk0EQCADRQRAQeAzKAIAIg5B5DMoAgAiA0cEQCAOIAMgDmtBBGtBfHFBBGoQBRoLAkACQEG0MygCACIIQQBMBEBBuDMoAgAhBQwBC0G4MygCACIFQQBMDQFByDMoAgAhCiAFQf7///8HcSEHIAVBAXEhBgNAIAogBCAFbEEcbGohDEEAIQNBACEJIAVBAUcEQANAIAwgA0EcbGoiAiACKgIEIiAgIJQgAioCACIgICCUkiIgOAIYIA4gA0ECdGoiAiACKgIAICCSOAIAIAwgA0EBciICQRxsaiILIAsqAgQiICAglCALKgIAIiAgIJSSIiA4AhggDiACQQJ0aiICIAIqAgAgIJI4AgAgA0ECaiEDIAlBAmoiCSAHRw0ACwsgBgRAIAwgA0EcbGoiAiACKgIEIiAgIJQgAioCACIgICCUkiIgOAIYIA4gA0ECdGoiAyADKgIAICCSOAIACyAEQQFqIgQgCEcNAAsLIAVBAEwNAEHsMygCACEKQQAhCUEAIQMgBUEETwRAIAVB/P///wdxIQRBACEGA0AgCiADQQJ0IgdqIAcgDmoqAgA4AgAgCiAHQQRyIgJqIAIgDmoqAgA4AgAgCiAHQQhyIgJqIAIgDmoqAgA4AgAgCiAHQQxyIgJqIAIgDmoqAgA4AgAgA0EEaiEDIAZBBGoiBiAERw0ACwsgBUEDcSIERQ0AA0AgCiADQQJ0IgJqIAIgDmoqAgA4AgAgA0EBaiEDIAlBAWoiCSAERw0ACwtBmDRBADYCAAwHC0GYNCoCACEiAkBBuDMoAgAiAkEATA0AQwAAgD8gIUMAAAA/lEMAAIA/kpUhIUHsMygCACEIAkAgAkEDcSIGRQRAIAIhAwwBCyACIQMDQCAIIANBAWsiA0ECdGoiBSAFKgIAICKTICGUICKSIiI4AgAgBEEBaiIEIAZHDQALCyACQQRJIgpFBEAgCEEIayEHIAhBBGshBgNAIAYgA0ECdCIFaiIEIAQqAgAgIpMgIZQgIpIiIDgCACAFIAdqIgQgBCoCACAgkyAhlCAgkiIgOAIAIAggA0EDayIFQQJ0aiIEIAQqAgAgIJMgIZQgIJIiIDgCACAIIANBBGsiA0ECdGoiBCAEKgIAICCTICGUICCSIiI4AgAgBUEBSw0ACwsgAkEDcSEGQewzKAIAIQVBACEEAkAgCgRAQQAhAwwBCyACQfz///8HcSECQQAhAwNAIAUgA0ECdGoiByAHKgIAICKTICGUICKSIiA4AgAgByAHKgIEICCTICGUICCSIiA4AgQgByAHKgIIICCTICGUICCSIiA4AgggByAHKgIMICCTICGUICCSIiI4AgwgA0EEaiEDIAlBBGoiCSACRw0ACwsgBkUNAANAIAUgA0ECdGoiAiACKgIAICKTICGUICKSIiI4AgAgA0EBaiEDIARBAWoiBCAGRw0ACwtBmDQgIjgCAAwGCyADQQNGBEAjAEEQayIIJABB2DMoAgAiA0HUMygCACICRwRAQdgzIAI2AgAgAiEDCwJAAkACQEG4MygCACICQQBKBEADQEHgMygCACIHIAVBAnQiBGoqAgAgBEHsMygCACIGaioCAF9FBEBDAADAfyEhQwAAAAAhIkMAAAAAISQgAiAFSgRAAkADQCAHIAVBAnQiBGoqAgAiICAEIAZqKgIAXw0BICAgIpIhIiAgIAWylCAkkiEkIAVBAWoiBSACRw0ACyACIQULICQgIpUhIQsgIUMAAAA/kkGwMigCALMiIpUhJQJAQbAwKAIAIgIEQCAIICU4AgwgAiAIQQxqIAIoAgAoAhgRDgAhJEHYMygCACEDQbAyKAIAsyEiDAELQZgwKgIAISMgJUGcMCoCACIgX0UEQCAjQwAAgL+SICCUICWSISQMAQsgIyAllCEkCyAkICKUQwAAAL+SISBB2DMCf0HcMygCACIEIANLBEAgAyAgOAIEIAMgITgCACADQQhqDAELIANB1DMoAgAiAmtBA3UiB0EBaiIKQYCAgIACTw0EQf////8BIAQgAmsiBkECdSIEIAogBCAKSxsgBkH4////B08bIgoEfyAKQYCAgIACTw0GIApBA3QQBwVBAAsiBiAHQQN0aiIEICA4AgQgBCAhOAIAIARBCGohByACIANHBEADQCAEQQhrIgQgA0EIayIDKQIANwIAIAIgA0cNAAtB1DMoAgAhAgtB3DMgBiAKQQN0ajYCAEHYMyAHNgIAQdQzIAQ2AgAgAgRAIAIQBAsgBwsiAzYCAEG4MygCACECCyAFQQFqIgUgAkgNAAsLIAhBEGokAAwCCxANAAsQDgALDAYLIANBBGsiAkUNASADQQVrIQQMAgsgAwRAIANBAWshBCADIQIMAgsCQEG0MygCACIKQQBMBEBBuDMoAgAhAgwBC0G4MygCACICQQBMDQNByDMoAgAhByACQf7///8HcSEGIAJBAXEhBQNAIAcgAiAEbEEcbGohC0EAIQNBACEJIAJBAUcEQANAIAsgA0EcbGoiCCAIKgIEIiAgIJQgCCoCACIgICCUkjgCGCALIANBAXJBHGxqIgggCCoCBCIgICCUIAgqAgAiICAglJI4AhggA0ECaiEDIAlBAmoiCSAGRw0ACwsgBQRAIAsgA0EcbGoiAyADKgIEIiAgIJQgAyoCACIgICCUkjgCGAsgBEEBaiIEIApHDQALCyACQQBMDQJB+DMoAgAhCkEAIQlBACEDIAJBBE8EQCACQfz///8HcSEHQQAhBQNAIAogA0EDdGoiBEGAgID8AzYCBCAEIAOzOAIAIAogA0EBciIGQQN0aiIEQYCAgPwDNgIEIAQgBrM4AgAgCiADQQJyIgZBA3RqIgRBgICA/AM2AgQgBCAGszgCACAKIANBA3IiBkEDdGoiBEGAgID8AzYCBCAEIAazOAIAIANBBGohAyAFQQRqIgUgB0cNAAsLIAJBA3EiBEUNAgNAIAogA0EDdGoiAkGAgID8AzYCBCACIAOzOAIAIANBAWohAyAJQQFqIgkgBEcNAAsMAgtBACEDAkBB1DMoAgAiC0HYMygCACIIRgRAQbgzKAIAIgdBAEwNAUH4MygCACEKIAdBBE8EQCAHQfz///8HcSEGA0AgCiADQQN0aiICQYCAgPwDNgIEIAIgA7M4AgAgCiADQQFyIgVBA3RqIgJBgICA/AM2AgQgAiAFszgCACAKIANBAnIiBUEDdGoiAkGAgID8AzYCBCACIAWzOAIAIAogA0EDciIFQQN0aiICQYCAgPwDNgIEIAIgBbM4AgAgA0EEaiEDIAlBBGoiCSAGRw0ACwsgB0EDcSIFRQ0BA0AgCiADQQN0aiICQYCAgPwDNgIEIAIgA7M4AgAgA0EBaiEDIARBAWoiBCAFRw0ACwwBCyALKgIAISJBuDMoAgAiDAJ/IAsqAgQiIY0iIItDAAAAT10EQCAgqAwBC0GAgICAeAsiAiACIAxKG0EASgRAICIgIZMhIUH4MygCACEEA0AgBCADQQN0aiICQYCAgPwDNgIEIAIgISADs5I4AgAgA0EBaiIDIAwCfyALKgIEjSIgi0MAAABPXQRAICCoDAELQYCAgIB4CyICIAIgDEobSA0ACwsgCCALa0EDdSIHQQJPBEBB+DMoAgAhBkEBIQQDQCAMAn8gCyAEQQN0aiICKgIEIiGNIiCLQwAAAE9dBEAgIKgMAQtBgICAgHgLIgMgAyAMShshCiAKAn8gAkEEayIFKgIAIiKNIiCLQwAAAE9dBEAgIKgMAQtBgICAgHgLIgNBACADQQBKGyIDSgRAIAJBCGsqAgAiICAikyElQwAAgD8gISAik5UiIyAiICEgIJKTIAIqAgCSIiKUQwAAwECUISEDQCAGIANBA3RqIgIgISADsyIgIAUqAgCTICOUIiiUQwAAgD8gKJOUQwAAgD+SOAIEIAIgJSAgkiAoICiUICKUQwAAQEAgKCAokpOUkjgCACADQQFqIgMgCkcNAAsLIARBAWoiBCAHRw0ACwsgCEEIayoCAEEAIQQCfyAIQQRrKgIAIiGLQwAAAE9dBEAgIagMAQtBgICAgHgLIgNBACADQQBKGyICIAxODQAgIZMhIEH4MygCACEHIAwgAiIDa0EDcSIGBEADQCAHIANBA3RqIgVBgICA/AM2AgQgBSAgIAOzkjgCACADQQFqIQMgBEEBaiIEIAZHDQALCyACIAxrQXxLDQADQCAHIANBA3RqIgJBgICA/AM2AgQgAiAgIAOzkjgCACAHIANBAWoiBEEDdGoiAkGAgID8AzYCBCACICAgBLOSOAIAIAcgA0ECaiIEQQN0aiICQYCAgPwDNgIEIAIgICAEs5I4AgAgByADQQNqIgRBA3RqIgJBgICA/AM2AgQgAiAgIASzkjgCACADQQRqIgMgDEcNAAsLDAMLQYswLQAAQQFGBEAgAkEDTQRAQwAAAAAhJCMAQRBrIgwkAAJAAkACQAJAIAQOAgIBAAtBuDMoAgAiA0EATA0CQbAyKAIAIQoDQCAJs0MAAAA/kiAKsyIilSEkAkBBuDAtAABBAUcNAEGwMCgCACICBEAgDCAkOAIMIAIgDEEMaiACKAIAKAIYEQ4AISRBuDMoAgAhA0GwMigCACIKsyEiDAELQZgwKgIAISEgJEGcMCoCACIgX0UEQCAhQwAAgL+SICCUICSSISQMAQsgISAklCEkC0MAAAAAISFBqDQoAgAiAiAJQQJ0aioCACElQwAAgD9BvDAqAgCTQZwwKgIAIiOUICSSQcAwKgIAICSUIiAgICAjXhsgIpRDAAAAv5IiIkMAAAAAXUUEQCADsiIgICIgICAiXRsiICAgjiIgkyACAn8gIItDAAAAT10EQCAgqAwBC0GAgICAeAtBAnRqIgIqAgQgAioCACIgk5QgIJIhIQsCQEG0MygCACIIQQBMDQAgISAlQ2BCog2SlSIgICCUISBByDMoAgAgCUEcbGpBGGohC0EAIQVBACECIAhBBE8EQCAIQfz///8HcSEHQQAhBANAIAsgAiADbEEcbGoiBiAgIAYqAgCUOAIAIAsgAyACQQFybEEcbGoiBiAgIAYqAgCUOAIAIAsgAyACQQJybEEcbGoiBiAgIAYqAgCUOAIAIAsgAyACQQNybEEcbGoiBiAgIAYqAgCUOAIAIAJBBGohAiAEQQRqIgQgB0cNAAsLIAhBA3EiBkUNAANAIAsgAiADbEEcbGoiBCAgIAQqAgCUOAIAIAJBAWohAiAFQQFqIgUgBkcNAAsLIAlBAWoiCSADSA0ACwwCC0G4MygCACICQQBMDQFEAAAAAAAA8D9BpDQqAgC7RAAAAAAAAOA/okQAAAAAAADwP6CjtiEhQag0KAIAIQgCQCACQQNxIgZFBEAgAiEDDAELIAIhAwNAIAggA0EBayIDQQJ0aiIEIAQqAgAgJJMgIZQgJJIiJDgCACAFQQFqIgUgBkcNAAsLIAJBBEkiCkUEQCAIQQhrIQcgCEEEayEGA0AgBiADQQJ0IgVqIgQgBCoCACAkkyAhlCAkkiIgOAIAIAUgB2oiBCAEKgIAICCTICGUICCSIiA4AgAgCCADQQNrIgVBAnRqIgQgBCoCACAgkyAhlCAgkiIgOAIAIAggA0EEayIDQQJ0aiIEIAQqAgAgIJMgIZQgIJIiJDgCACAFQQFLDQALCyACQQNxIQdBACEFAkAgCgRAQQAhAwwBCyACQfz///8HcSEGQQAhA0EAIQQDQCAIIANBAnRqIgogCioCACAkkyAhlCAkkiIgOAIAIAogCioCBCAgkyAhlCAgkiIgOAIEIAogCioCCCAgkyAhlCAgkiIgOAIIIAogCioCDCAgkyAhlCAgkiIkOAIMIANBBGohAyAEQQRqIgQgBkcNAAsLIAcEQANAIAggA0ECdGoiBCAEKgIAICSTICGUICSSIiQ4AgAgA0EBaiEDIAVBAWoiBSAHRw0ACwsgAiEDA0AgCCADQQFrIgRBAnRqIgUgBSoCACAkkyAhlCAkkiIkOAIAIANBAUogBCEDDQALIAJBA3EhBkEAIQUCQCACQQRJBEBBACEDDAELIAJB/P///wdxIQJBACEDQQAhBANAIAggA0ECdGoiByAHKgIAICSTICGUICSSIiA4AgAgByAHKgIEICCTICGUICCSIiA4AgQgByAHKgIIICCTICGUICCSIiA4AgggByAHKgIMICCTICGUICCSIiQ4AgwgA0EEaiEDIARBBGoiBCACRw0ACwsgBkUNAQNAIAggA0ECdGoiAiACKgIAICSTICGUICSSIiQ4AgAgA0EBaiEDIAVBAWoiBSAGRw0ACwwBC0GoNCgCACIRQaw0KAIAIgNHBEAgESADIBFrQQRrQXxxQQRqEAUaCwJAQbQzKAIAIghBAEwNAEG4MygCACIOQQBMDQBByDMoAgAhCiAOQfz///8HcSEHIA5BA3EhCyAOQQRJIQYDQCAKIAkgDmxBHGxqIQ1BACECQQAhBSAGRQRAA0AgESACQQJ0aiIDIAMqAgAgDSACQRxsaioCGJI4AgAgESACQQFyIgRBAnRqIgMgAyoCACANIARBHGxqKgIYkjgCACARIAJBAnIiBEECdGoiAyADKgIAIA0gBEEcbGoqAhiSOAIAIBEgAkEDciIEQQJ0aiIDIAMqAgAgDSAEQRxsaioCGJI4AgAgAkEEaiECIAVBBGoiBSAHRw0ACwtBACEFIAsEQANAIBEgAkECdGoiAyADKgIAIA0gAkEcbGoqAhiSOAIAIAJBAWohAiAFQQFqIgUgC0cNAAsLIAlBAWoiCSAIRw0ACwtBpDRBtDQqAgAiIEGwMigCALOUQwAAAL+SOAIAICBDAAAAAF5FBEBBACECQQAhBUEAIQRBqDQoAgAhC0G4MygCACIDQQNOBEAgA0ECayEIIAtBBGohCiALQQRrIQdBASEGA0ACQCALIAYiA0ECdCIGaioCACIgIAYgB2oqAgBdDQAgICAGIApqKgIAXw0AICAgCyAEQQJ0aioCAF8NACALIAJBAnRqKgIAICBgBEAgAyEEDAELIAsgBUECdGoqAgAgIF0EQCACIQQgBSECIAMhBQwBCyACIQQgAyECCyADQQFqIQYgAyAIRw0ACwsCQCALIAJBAnRqKgIAuyALIAVBAnRqKgIAIiK7IjREmpmZmZmZuT+iZEUNAAJAIAUgAmsiAyADQR91IgNzIANrIgMgBUEIbUwNACADIAVBB2xBCG1ODQAgBSADbyEFCyALIARBAnRqKgIAuyA0RHsUrkfheoQ/omUNACAFIARrIgMgA0EfdSIDcyADayIDIAVBCG1MDQAgAyAFQQdsQQhtTg0AIAUgA28hBQtBoDQgIkGgNCoCACIgk7tEAAAAAAAA0D+iICC7oLYiITgCAEGcNCAiIAWylEGcNCoCACIgk7tEAAAAAAAA0D+iICC7oLYiIDgCAEGkNCAgICFDYEKiDZKVOAIAC0G4MygCACIHQQBMDQBBqDQoAgAhBkEAIQVBACECIAdBBE8EQCAHQfz///8HcSEDQQAhBANAIAYgAkECdGoiCiAKKgIAkTgCACAKIAoqAgSROAIEIAogCioCCJE4AgggCiAKKgIMkTgCDCACQQRqIQIgBEEEaiIEIANHDQALCyAHQQNxIgRFDQADQCAGIAJBAnRqIgMgAyoCAJE4AgAgAkEBaiECIAVBAWoiBSAERw0ACwsgDEEQaiQADAQLIAJBBGshBAtBtDMoAgAiBSAESwRAQbgzKAIAIgJBAEwNAUGENCgCACACIARsIgNBDGxqIQdByDMoAgAgA0EcbGohBkEAIQUDQAJ/QfgzKAIAIAVBA3RqIgMqAgAiII4iIYtDAAAAT10EQCAhqAwBC0GAgICAeAshCyAgICGTISMgByAFQQxsaiIIKgIAISsgAyoCBCEgIAgCfQJAIAtBAEgiCkUEQEMAAAAAIScgAiALTA0BQcgzKAIAIAtBHGxqIAIgBGxBHGxqKgIYIScMAQtDAAAAACEnQwAAAAAgC0F/Rw0BGgtDAAAAACALQQFqIgMgAk4NABpByDMoAgAgA0EcbGogAiAEbEEcbGoqAhgLICeTICOUICeSICBDAAAAACAgQwAAAABeG5QiKjgCAAJ9AkAgCkUEQEMAAAAAISdDAAAAACEpIAIgC0wNAUHIMygCACALQRxsaiACIARsQRxsaiIDKgIEIScgAyoCACEpDAELQwAAAAAhJ0MAAAAAISlDAAAAACEkQwAAAAAhJkMAAAAAIAtBf0cNARoLQwAAAAAhJCACIAtBAWoiA0wEQEMAAAAAISYgKQwBC0HIMygCACADQRxsaiACIARsQRxsaiIDKgIEISYgAyoCACEkICkLISAgCCAmICeTICOUICeSIig4AgggCCAkICCTICOUICCSIiI4AgQgBiAFQRxsaiIIAn0CQAJAAn0CfSAKRQRAQwAAAABBuDMoAgAiAiALTA0BGkHIMygCACALQRxsaiACIARsQRxsaiIDKgIMIScgAyoCCAwCCyALQX9HBEBDAAAAACEnQwAAAAAhJAwDC0G4MygCACECQwAAAAALISdDAAAAAAshJCALQQFqIgMgAkgNAQtDAAAAACElQwAAAAAMAQtByDMoAgAgA0EcbGogAiAEbEEcbGoiAyoCDCElIAMqAggLICSTICOUICSSIiEgKJQgJSAnkyAjlCAnkiIgICKUkyIlIAgqAhAiI5QgICAolCAhICKUkiIiIAgqAhQiIZSSICogKyAqICteG0N9HZAmkiIglTgCFCAIICIgI5QgJSAhlJMgIJU4AhAgBUEBaiIFQbgzKAIAIgJIDQALDAELIAQgBWsiAkEHTQRAQbgzKAIAIgMgAmxBA3YiCSADIAJBAWpsQQN2IhFPDQFDAAAAPyAlICVDAAAAP10bIiBDAACAQEMAAAAAICBDAAAAQF4bICCTIi2TQwAAADCUIS4gFLIhLANAIAlBDGwhD0GENCgCACETQbgzKAIAIRVBACECAkAgBUECSA0AIAVBAWsiAkEDcSEQIA8gE2oiEioCACEmQQEhA0EAIQQCQCAFQQJrQQNJBEBBACECDAELIAJBfHEhDUEAIQJBACEFA0AgEiAVIANBA2oiDmxBDGxqKgIAIiUgEiAVIANBAmoiDGxBDGxqKgIAIiMgEiAVIANBAWoiC2xBDGxqKgIAIiIgEiADIBVsQQxsaioCACIhICYgISAmXiIIGyIhICEgIl0iChsiISAhICNdIgcbIiEgISAlXSIGGyEmIA4gDCALIAMgAiAIGyAKGyAHGyAGGyECIANBBGohAyAFQQRqIgUgDUcNAAsLIBBFDQADQCASIAMgFWxBDGxqKgIAIiEgJiAhICZeIgUbISYgAyACIAUbIQIgA0EBaiEDIARBAWoiBCAQRw0ACwsgEyACIBVsIgNBDGxqIgUgD2ohCEHIMygCACIMIANBHGwiC2ohCkH4MygCACEGAn0CfSAJRQRAQwAAAAAhJ0MAAAAADAELAn0CQAJ/IAYgCUEDdGoqAgAiKiAgIiJDAAAAQF9FBEBBkDRB/////wdBAEGQNCgCACIDIANByNsCbiIDQcjbAmxrQY/5AmwiBCADQccabCIDSRsgBCADa2oiAzYCACAuIANBAWuzlCAtkiEiCyAikyIjjiIhi0MAAABPXQRAICGoDAELQYCAgIB4CyIEQQBOBEBDAAAAACEmQwAAAAAhKSAEIBVODQEgDCAEQRxsaiALaiIDKgIEISYgAyoCACEpDAELQwAAAAAhJkMAAAAAISlDAAAAACElQwAAAAAhIUMAAAAAIARBf0cNARoLQwAAAAAhJSAVIARBAWoiA0wEQEMAAAAAISEgKQwBCyAMIANBHGxqIAtqIgMqAgQhISADKgIAISUgKQshKCAlICiTICMgBLKTIiWUICiSIiMgCCoCCCIklCAhICaTICWUICaSIiEgCCoCBCIrlJMiKCAKIAlBHGxqIgNBDGsqAgAiJZQgISAklCAjICuUkiIjIANBCGsqAgAiIZSSIScgIyAllCAoICGUkyIoIAkgFEgNABoCQAJAAn8gKiAiICyUkyIjjiIhi0MAAABPXQRAICGoDAELQYCAgIB4CyIEQQBOBEBDAAAAACEiQwAAAAAhJiAEIBVODQEgDCAEQRxsaiALaiIDKgIEISIgAyoCACEmDAELQwAAAAAhIkMAAAAAISZDAAAAACEpQwAAAAAhJSAEQX9HDQELQwAAAAAhKSAVIARBAWoiA0wEQEMAAAAAISUMAQsgDCADQRxsaiALaiIDKgIEISUgAyoCACEpCyAlICKTICMgBLKTIiGUICKSIiIgJJQgKSAmkyAhlCAmkiIhICuUkiIlIAogCSAUa0EcbGoiAyoCFCIjlCAnkiAhICSUICIgK5STIiIgAyoCECIhlJIhJyAlICGUICiSICMgIpSTCyIkIAkgFUEBa04NABogICIhQwAAAEBfRQRAQZA0Qf////8HQQBBkDQoAgAiAyADQcjbAm4iA0HI2wJsa0GP+QJsIgQgA0HHGmwiA0kbIAQgA2tqIgM2AgAgLiADQQFrs5QgLZIhIQsCQAJAAn8gBiAJQQFqIgRBA3RqKgIAICGTIiOOIiKLQwAAAE9dBEAgIqgMAQtBgICAgHgLIgdBAE4EQEMAAAAAISJDAAAAACElIAcgFU4NASAMIAdBHGxqIAtqIgMqAgQhIiADKgIAISUMAQtDAAAAACEiQwAAAAAhJUMAAAAAISZDAAAAACEpIAdBf0cNAQtDAAAAACEmIBUgB0EBaiIDTARAQwAAAAAhKQwBCyAMIANBHGxqIAtqIgMqAgQhKSADKgIAISYLICkgIpMgIyAHspMiI5QgIpIiKyAFIARBDGxqIgMqAggiKpQgJiAlkyAjlCAlkiIjIAMqAgQiIpSSIiggCiAEQRxsaiIDKgIUIiWUICMgKpQgKyAilJMiIyADKgIQIiKUkyAnkiEnICggIpQgJJIgIyAllJIiJCAJIBUgFGtODQAaAn0CQAJ/IAYgCSAUaiIEQQN0aioCACAhICyUkyIjjiIhi0MAAABPXQRAICGoDAELQYCAgIB4CyIGQQBOBEBDAAAAACEiQwAAAAAhKSAGIBVODQEgDCAGQRxsaiALaiIDKgIEISIgAyoCACEpDAELQwAAAAAhIkMAAAAAISlDAAAAACEhQwAAAAAhJkMAAAAAIAZBf0cNARoLQwAAAAAhISAVIAZBAWoiA0wEQEMAAAAAISYgKQwBCyAMIANBHGxqIAtqIgMqAgQhJiADKgIAISEgKQshJSAmICKTICMgBrKTIiOUICKSIisgBSAEQQxsaiIDKgIIIiqUICEgJZMgI5QgJZIiKCADKgIEIiGUkiIlIAogBEEcbGoiAyoCFCIjlCAnkiADKgIQIiIgKCAqlCArICGUkyIhlJMhJyAlICKUICSSICEgI5SSCyEmIAogCUEcbCIGaiIHIAgqAgAgJyAnlCAmICaUkiIhQ30dkCZeBH0gIQUgCCkCBCIzp74iJiAmlEN9HZAmkiAzQiCIp74iJyAnlJILlZEiISAnlDgCFCAHICEgJpQ4AhBBtDMoAgAiBUEASgRAQQAhAwNAIAIgA0cEQEHIMygCAEG4MygCACADbCIFQRxsaiAIKgIEIipBhDQoAgAgBUEMbGogD2oiBSoCCCIolCAIKgIIIiIgBSoCBCIhlJMiJSAHKgIQIiOUICIgKJQgKiAhlJIiIiAHKgIUIiGUkiImICaUICIgI5QgJSAhlJMiJyAnlJIiIkN9HZAmXkUEQCAFKQIEIjOnviInICeUQ30dkCaSIDNCIIinviImICaUkiEiCyAGaiIEIAUqAgAgIpWRIiEgJpQ4AhQgBCAhICeUOAIQQbQzKAIAIQULIANBAWoiAyAFSA0ACwsgCUEBaiIJIBFHDQALDAELIAJBCEcNACAGRQ0AQcgzKAIAIgNBzDMoAgAiAkYNAANAIAMgAykCADcCCCADQRxqIgMgAkcNAAsLDAELIAIgA0YEQEG0MygCACIEQQBMDQFBACEFQbgzKAIAIgJBAEwNAQNAQQAhAyACQQBKBEBByDMoAgAgAiAFbEEcbGohBkHcMigCAEG0MigCACAFbEEDdGohBANAIAQgA0EDdGogBiADQRxsaikCEDcCACADQQFqIgNBuDMoAgAiAkgNAAtBtDMoAgAhBAsgBUEBaiIFIARIDQALDAELIAMgAkF/c2oiG0GkMigCAE8NAAJ/IBsEQEHcMigCAEG0MigCACAbbEEDdGoMAQtB9DJBADYCAEGUMigCACEIAkBB2DIoAgBB1DIoAgBrIhBBACAQQQBKGyICQawyKAIAIg1BhDIoAgAiCmsiAyACIANKGyIHIA0gEGoiAyANIAMgDUgbIhEgByARSBsiAyACTA0AIAJBAWohBCAIIApBAnRqIQ5ByDIoAgAhDEG8MigCACELQbAyKAIAsyEgIAMgAmtBAXEEQCAOIAJBAnQiBmoiBSALIAIgEGtBAnRqKgIAICCUIAYgDGoqAgCUIAUqAgCSOAIAIAQhAgsgAyAERg0AA0AgDiACQQJ0IgVqIgQgCyACIBBrQQJ0aioCACAglCAFIAxqKgIAlCAEKgIAkjgCACAOIAJBAWoiBkECdCIFaiIEIAsgBiAQa0ECdGoqAgAgIJQgBSAMaioCAJQgBCoCAJI4AgAgAkECaiICIANHDQALCwJAIAcgEU4NACADQQFqIQIgCCAKIA1rQQJ0aiEKQcgyKAIAIQdBvDIoAgAhBkGwMigCALMhICARIANrQQFxBEAgCiADQQJ0IgVqIgQgBiADIBBrQQJ0aioCACAglCAFIAdqKgIAlCAEKgIAkjgCACACIQMLIAIgEUYNAANAIAogA0ECdCIEaiICIAYgAyAQa0ECdGoqAgAgIJQgBCAHaioCAJQgAioCAJI4AgAgCiADQQFqIgVBAnQiBGoiAiAGIAUgEGtBAnRqKgIAICCUIAQgB2oqAgCUIAIqAgCSOAIAIANBAmoiAyARRw0ACwtB3DIoAgALIR1B7DEoAgBB6DEoAgBrQXBHBEBB6DIoAgAhHkEAIQMDQCMAQRBrIgokAEHEMCgCACIHQZwxKAIAQZgxKAIAbCINQQJ0IgJqIQYCQCADRQRAIA1BAXYhDkHcMCgCACEMQQAhAgNAIAcgAkECdCILaiAdIA0gAkF/c2oiCEEDdGoiBSoCBCIkIB0gAkEDdCIEaikCACIzQiCIp74iK5IiKiAEIAxqIgQqAgQiKJQgM6e+IiUgBSoCACIikyIhIAQqAgAiIJSSIiMgIiAlkiIikjgCACAGIAtqICogIJQgISAolJMiISArICSTIiCSOAIAIAcgCEECdCIEaiAiICOTOAIAIAQgBmogISAgkzgCACACIA5GIAJBAWohAkUNAAsMAQtB0DAoAgAiBSACaiEEIANBAWsiCEHsMSgCAEHoMSgCACICa0EDdU8EQCANRQ0BQegwKAIAIQtBACECA0AgHiACQQN0IgZqIgggBiALaiIHKgIAIiMgBCACQQJ0IgZqKgIAIiKUIAcqAgQiISAFIAZqKgIAIiCUkzgCBCAIICEgIpQgIyAglJI4AgAgAkEBaiICIA1HDQALDAELIAogAiAIQQN0aikCACIzNwMAIAogMzcDCEEAIQxBoDEoAgAiEkGkMSgCACASa0EBdWohDwJAAkACQAJAAkACQAJAAkACQAJAAkACQAJAAkACQCAKKAIADg4AAQIDBAUGBwgJCgsMDQ4LQZAxKAIAQYwxKAIAIghrQQN1IgJBAU0EQCAFIAcqAgA4AgAgBCAGKgIAOAIADA4LQYAxIAJBASAHIAYgBSAEIAggCCACQQJ0ahAUDA0LQZgxKAIAIg5FDQwgDkEBcQJAIA5BAWsiC0UEQEEAIQkMAQsgDkF+cSEIQQAhCUEAIQ0DQCASIAlBAnRqIgQgByAJQQN0aiICKgIAOAIAIAQgDkECdCIFaiACKgIEOAIAIBIgCUEBciICQQJ0aiIEIAcgAkEDdGoiAioCADgCACAEIAVqIAIqAgQ4AgAgCUECaiEJIA1BAmoiDSAIRw0ACwsEQCASIAlBAnRqIgQgByAJQQN0aiICKgIAOAIAIAQgDkECdGogAioCBDgCAAsgDkEBcQJAIAtFBEBBACEJDAELIA5BfnEhB0EAIQlBACENA0AgDyAJQQJ0aiIEIAYgCUEDdGoiAioCADgCACAEIA5BAnQiBWogAioCBDgCACAPIAlBAXIiAkECdGoiBCAGIAJBA3RqIgIqAgA4AgAgBCAFaiACKgIEOAIAIAlBAmohCSANQQJqIg0gB0cNAAsLRQ0MIA8gCUECdGoiBCAGIAlBA3RqIgIqAgA4AgAgBCAOQQJ0aiACKgIEOAIADAwLQZgxKAIAIg1FDQsgDUEBcSANQQN0IQ4CQCANQQFrIghFBEBBACEJDAELIA1BfnEhBUEAIQlBACEUA0AgEiAJQQJ0aiIMIAcgCUEMbGoiAioCADgCACAMIA1BAnQiBGogAioCBDgCACAMIA5qIAIqAgg4AgAgEiAJQQFyIgJBAnRqIgwgByACQQxsaiICKgIAOAIAIAQgDGogAioCBDgCACAMIA5qIAIqAgg4AgAgCUECaiEJIBRBAmoiFCAFRw0ACwsEQCASIAlBAnRqIgQgByAJQQxsaiICKgIAOAIAIAQgDUECdGogAioCBDgCACAEIA5qIAIqAgg4AgALIA1BAXECQCAIRQRAQQAhCQwBCyANQX5xIQVBACEJQQAhFANAIA8gCUECdGoiCCAGIAlBDGxqIgIqAgA4AgAgCCANQQJ0IgRqIAIqAgQ4AgAgCCAOaiACKgIIOAIAIA8gCUEBciICQQJ0aiIIIAYgAkEMbGoiAioCADgCACAEIAhqIAIqAgQ4AgAgCCAOaiACKgIIOAIAIAlBAmohCSAUQQJqIhQgBUcNAAsLRQ0LIA8gCUECdGoiBCAGIAlBDGxqIgIqAgA4AgAgBCANQQJ0aiACKgIEOAIAIAQgDmogAioCCDgCAAwLC0GYMSgCACILRQ0KIAtBDGwhBCALQQN0IQJBACEUQQAhDQNAIBIgDUECdGoiCCAHIA1BBHRqIgUqAgA4AgAgCCALQQJ0aiAFKgIEOAIAIAIgCGogBSoCCDgCACAEIAhqIAUqAgw4AgAgDUEBaiINIAtHDQALA0AgDyAUQQJ0aiIHIAYgFEEEdGoiBSoCADgCACAHIAtBAnRqIAUqAgQ4AgAgAiAHaiAFKgIIOAIAIAQgB2ogBSoCDDgCACAUQQFqIhQgC0cNAAsMCgtBmDEoAgAiDEUNCSAMQQR0IQUgDEEMbCEEIAxBA3QhAkEAIQlBACENA0AgEiANQQJ0aiILIAcgDUEUbGoiCCoCADgCACALIAxBAnRqIAgqAgQ4AgAgAiALaiAIKgIIOAIAIAQgC2ogCCoCDDgCACAFIAtqIAgqAhA4AgAgDUEBaiINIAxHDQALA0AgDyAJQQJ0aiIIIAYgCUEUbGoiByoCADgCACAIIAxBAnRqIAcqAgQ4AgAgAiAIaiAHKgIIOAIAIAQgCGogByoCDDgCACAFIAhqIAcqAhA4AgAgCUEBaiIJIAxHDQALDAkLQZwxKAIAIhNFDQhBmDEoAgAiEEUNCCATQX5xIQggE0EBcSEFQQAhFANAIA8gFEECdCICaiERIAIgEmohDSAGIBMgFGxBAnQiAmohDiACIAdqIQxBACEJQQAhCyATQQFHBEADQCANIAkgEGxBAnQiBGogDCAJQQJ0IgJqKgIAOAIAIAQgEWogAiAOaioCADgCACANIAlBAXIiAiAQbEECdCIEaiAMIAJBAnQiAmoqAgA4AgAgBCARaiACIA5qKgIAOAIAIAlBAmohCSALQQJqIgsgCEcNAAsLIAUEQCANIAkgEGxBAnQiBGogDCAJQQJ0IgJqKgIAOAIAIAQgEWogAiAOaioCADgCAAsgFEEBaiIUIBBHDQALDAgLQZAxKAIAQYwxKAIAIgZrQQN1IgJBAU0EQCAFIBIqAgA4AgAgBCAPKgIAOAIADAgLQYAxIAJBASASIA8gBSAEIAYgBiACQQJ0ahAUDAcLIA8gCigCBEECdCICaiEIIAIgEmohByACIARqIQYgAiAFaiEFQZAxKAIAQYwxKAIAIgRrQQN1IgJBAU0EQCAFIAcqAgA4AgAgBiAIKgIAOAIADAcLQYAxIAJBASAHIAggBSAGIAQgBCACQQJ0ahAUDAYLQZgxKAIAIgJBnDEoAgBBAWtsIgtFDQUgBCACQQJ0IgJqIQggAiAFaiEHQcQxKAIAIQZBuDEoAgAhBUEAIRQDQCAHIBRBAnQiDGoiBCAIIAxqIgIqAgAiIyAGIAxqKgIAIiKUIAQqAgAiISAFIAxqKgIAIiCUkjgCACACICMgIJQgIiAhlJM4AgAgFEEBaiIUIAtHDQALDAULQZgxKAIAIg5FDQQgBCAOQQJ0IgJqIQwgAiAFaiELQQAhCQNAIAwgCUECdCICaiIIKgIAISMgAiAEaiIHKgIAISIgAiAFaiIGIAIgC2oiAioCACIhIAYqAgAiIJI4AgAgByAjICKSOAIAIAIgICAhkzgCACAIICIgI5M4AgAgCUEBaiIJIA5HDQALDAQLQZgxKAIAIhBFDQMgBCAQQQN0IgJqIREgAiAFaiENIAQgEEECdCICaiEOIAIgBWohDEEAIQkDQCARIAlBAnQiE2oiCyoCACEsIA4gE2oiCCoCACEkIAQgE2oiByoCACEjIAUgE2oiAiAMIBNqIgYqAgAiIiACKgIAIiCSIA0gE2oiAioCACIhkjgCACAHICwgJCAjkpI4AgAgBiAgICJDAAAAv5SSIisgJEPXs10/lCIqkyAhQwAAAL+UIiiSICxD17NdP5QiJZI4AgAgCCAjICRDAAAAv5SSIiMgIkPXs10/lCIikiAhQ9ezXT+UIiGTICxDAAAAv5QiIJI4AgAgAiArICqSICiSICWTOAIAIAsgIyAikyAhkiAgkjgCACAJQQFqIgkgEEcNAAsMAwtBmDEoAgAiFUUNAiAEIBVBDGwiAmohFCACIAVqIRIgBCAVQQN0IgJqIQ8gAiAFaiETIAQgFUECdCICaiEQIAIgBWohEUEAIQkDQCAUIAlBAnQiAmoiDSoCACEpIAIgEGoiDioCACEiIAIgD2oiDCoCACEtIAIgBGoiCyoCACEuIAIgBWoiCCACIBJqIgcqAgAiLCACIBFqIgYqAgAiJJIiKyACIBNqIgIqAgAiISAIKgIAIiCSIiqSOAIAIAsgKSAikiIoIC0gLpIiJZI4AgAgBiAgICGTIiMgIiApkyIikzgCACAOICQgLJMiISAuIC2TIiCSOAIAIAIgKiArkzgCACAMICUgKJM4AgAgByAiICOSOAIAIA0gICAhkzgCACAJQQFqIgkgFUcNAAsMAgtBACEcQZgxKAIAIhoEQCAEIBpBBHQiAmohHyACIAVqIQkgBCAaQQxsIgJqIRUgAiAFaiEUIAQgGkEDdCICaiESIAIgBWohDyAEIBpBAnQiAmohEyACIAVqIRADQCAEIBxBAnQiF2oiESoCACEvIBUgF2oiDSoCACEqIBIgF2oiDioCACEoIBcgH2oiDCoCACEiIBMgF2oiCyoCACEhIAUgF2oiAiAUIBdqIggqAgAiLCAPIBdqIgcqAgAiJZIiJiACKgIAIieSIAkgF2oiBioCACIjIBAgF2oiAioCACIgkiIpkjgCACARIC8gKiAokiItkiAiICGSIi6SOAIAIAIgJyApQ3o3nj6UICZDvRtPP5STkiIkICIgIZMiIkNxeHM/lCAqICiTIiFDGHkWP5SSIiuSOAIAIAsgLyAuQ3o3nj6UIC1DvRtPP5STkiIqICAgI5MiKENxeHM/lCAlICyTIiBDGHkWP5SSIiWSOAIAIAcgJyAmQ3o3nj6UIClDvRtPP5STkiIjICJDGHkWP5QgIUNxeHM/lJMiIpI4AgAgDiAvIC1DejeePpQgLkO9G08/lJOSIiEgKEMYeRY/lCAgQ3F4cz+UkyIgkjgCACAIICMgIpM4AgAgDSAhICCTOAIAIAYgJCArkzgCACAMICogJZM4AgAgHEEBaiIcIBpHDQALCwwBC0EAIQlBACESAkBBmDEoAgAiD0UNAEHcMSgCACITQZwxKAIAIhFBAnRqIRAgEUECTwRAIBFBfnEhCyARQQFxIQgDQCAEIAxBAnQiAmohDSACIAVqIQ5DAAAAACEoQQAhCUMAAAAAISVBACESA0AgEyAJQQJ0IgZqIA4gCSAPbEECdCICaioCACIjOAIAIAYgEGogAiANaioCACIiOAIAIBMgCUEBciICQQJ0IgZqIA4gAiAPbEECdCICaioCACIhOAIAIAYgEGogAiANaioCACIgOAIAICEgIyAlkpIhJSAgICIgKJKSISggCUECaiEJIBJBAmoiEiALRw0ACyAOIAgEfSATIAlBAnQiBmogDiAJIA9sQQJ0IgJqKgIAIiE4AgAgBiAQaiACIA1qKgIAIiA4AgAgICAokiEoICEgJZIFICULOAIAIA0gKDgCAEHQMSgCACEHQQEhEgNAIBAqAgAhKCATKgIAISVBASEJA0AgKCAHIAkgEmwgEXBBA3RqIgYqAgQiIyATIAlBAnQiAmoqAgAiIpSTIAIgEGoqAgAiISAGKgIAIiCUkiEoICIgIJQgJZIgISAjlJIhJSAJQQFqIgkgEUcNAAsgDiAPIBJsQQJ0IgJqICU4AgAgAiANaiAoOAIAIBJBAWoiEiARRw0ACyAMQQFqIgwgD0cNAAsMAQsgEQRAIA9BAUcEQCAPQX5xIQcDQCATIAUgCUECdCIIaiIGKgIAIiE4AgAgECAEIAhqIgIqAgAiIDgCACAGICE4AgAgAiAgOAIAIBMgBSAIQQRyIgJqIgYqAgAiITgCACAQIAIgBGoiAioCACIgOAIAIAYgITgCACACICA4AgAgCUECaiEJIBJBAmoiEiAHRw0ACwsgD0EBcUUNASATIAUgCUECdCICaiIFKgIAIiE4AgAgECACIARqIgIqAgAiIDgCACAFICE4AgAgAiAgOAIADAELIA9BBE8EQCAPQXxxIQZBACEHA0AgBSAJQQJ0IghqQQA2AgAgBCAIakEANgIAIAUgCEEEciICakEANgIAIAIgBGpBADYCACAFIAhBCHIiAmpBADYCACACIARqQQA2AgAgBSAIQQxyIgJqQQA2AgAgAiAEakEANgIAIAlBBGohCSAHQQRqIgcgBkcNAAsLIA9BA3EiBkUNAANAIAUgCUECdCICakEANgIAIAIgBGpBADYCACAJQQFqIQkgEkEBaiISIAZHDQALCwsLIApBEGokACADQQFqIgNB7DEoAgBB6DEoAgBrQQN1QQJqSQ0ACwtB2DIoAgAiBUGsMigCACIPQYQyKAIAIhNrIhEgBSARSyIDGyILIA9JIQdBiDIoAgAgDyAbbEECdGohEAJAIBEgBSADGyIERQ0AIBAgE0ECdGohDUHoMigCAEGwMigCACAFa0ECdGohDkHIMigCACEMQQAhAiAEQQFHBEAgBEF+cSEGQQAhCANAIA0gAkECdCIKaiIDIAMqAgAgCiAOaioCACAKIAxqKgIAlJM4AgAgDSAKQQRyIgpqIgMgAyoCACAKIA5qKgIAIAogDGoqAgCUkzgCACACQQJqIQIgCEECaiIIIAZHDQALCyAEQQFxRQ0AIA0gAkECdCICaiIDIAMqAgAgAiAOaioCACACIAxqKgIAlJM4AgALIAsgDyAHGyEDAkAgBSARTQ0AIARBAWohAiAQIBMgD2tBAnRqIQhB6DIoAgBBsDIoAgAgBWtBAnRqIQpByDIoAgAhByAFIARrQQFxBEAgCCAEQQJ0IgZqIgQgBCoCACAGIApqKgIAIAYgB2oqAgCUkzgCACACIQQLIAIgBUYNAANAIAggBEECdCIGaiICIAIqAgAgBiAKaioCACAGIAdqKgIAlJM4AgAgCCAGQQRqIgZqIgIgAioCACAGIApqKgIAIAYgB2oqAgCUkzgCACAEQQJqIgQgBUcNAAsLAkAgAyAFTQ0AIAVBAWohBCAQIBNBAnRqIQxB6DIoAgAhCEHIMigCACEKIAMgBSICa0EBcQRAIAwgAkECdCIGaiICIAIqAgAgCCoCACAGIApqKgIAlJI4AgAgBCECCyADIARGDQADQCAMIAJBAnQiBmoiBCAEKgIAIAggAiAFa0ECdGoqAgAgBiAKaioCAJSSOAIAIAwgAkEBaiIHQQJ0IgZqIgQgBCoCACAIIAcgBWtBAnRqKgIAIAYgCmoqAgCUkjgCACACQQJqIgIgA0cNAAsLAkAgCyAPTw0AIANBAWohAiAQIBMgD2tBAnRqIQhB6DIoAgAhCkHIMigCACEHIA8gA2tBAXEEQCAIIANBAnQiBmoiBCAEKgIAIAogAyAFa0ECdGoqAgAgBiAHaioCAJSSOAIAIAIhAwsgAiAPRg0AA0AgCCADQQJ0IgRqIgIgAioCACAKIAMgBWtBAnRqKgIAIAQgB2oqAgCUkjgCACAIIANBAWoiBkECdCIEaiICIAIqAgAgCiAGIAVrQQJ0aioCACAEIAdqKgIAlJI4AgAgA0ECaiIDIA9HDQALCwtBhDAoAgAiAyAYSQ0AC0H8L0H8LygCAEEBajYCAEH4Ly0AAEEBcQ0BDAILQfwvQfwvKAIAQQFqNgIAIAJFDQELQYwzKQIAITNBjDNBhDIpAgA3AgBBhDIgMzcCAEGUMykCACEzQZQzQYwyKQIANwIAQYwyIDM3AgBBnDMpAgAhM0GcM0GUMikCADcCAEGUMiAzNwIAQaQzKAIAIQNBpDNBnDIoAgA2AgBBnDIgAzYCAAsCQEG0MygCACILQQBMDQBBhDIoAgBBrDIoAgAiCHBBAnQiA0GUMigCAGohCkGIMigCACADaiEHQdA0KAIAIQZBACEDIAtBAUcEQCALQf7///8HcSEFQQAhGANAIBlBAnQiBCAGIANBAnRqKAIAaiAHIAMgCGxBAnRqKgIAIAoqAgCVOAIAIAQgBiADQQFyIgJBAnRqKAIAaiAHIAIgCGxBAnRqKgIAIAoqAgCVOAIAIANBAmohAyAYQQJqIhggBUcNAAsLIAtBAXFFDQAgBiADQQJ0aigCACAZQQJ0aiAHIAMgCGxBAnRqKgIAIAoqAgCVOAIAC0EBEBdB+C8tAAAEQEGMMykCACEzQYwzQYQyKQIANwIAQYQyIDM3AgBBlDMpAgAhM0GUM0GMMikCADcCAEGMMiAzNwIAQZwzKQIAITNBnDNBlDIpAgA3AgBBlDIgMzcCAEGkMygCACEDQaQzQZwyKAIANgIAQZwyIAM2AgALIBlBAWoiGSABRw0ACwsgFiAAEBhBvDNBvDMoAgAgAGs2AgALIBZBEGokAAvLDwMbfwV9AXwgACEJQawzKAIAIgBBqDMoAgAiA0cEQEGsMyADNgIAIAMhAAsCQEG4MigCAEGsMigCAGoiByAAIANrQQJ1IgRLBEBBqDMgByAEaxAGQagzKAIAIQNBrDMoAgAhAAwBCyAEIAdNDQBBrDMgAyAHQQJ0aiIANgIACyAAIANrQQJ1IQgCQAJAQbQzKAIAIg9BAEwEQEGoMigCACENQfQxKAIAIRQMAQtBqDIoAgAiDUH0MSgCACIUIA1wIg5rIgsgCCAIIAtLGyEHIA4gDWshFUH4MSgCACEQIAkgCSAIayIAQQAgAEEAShsiBEoEQCADIAggCWtBAnRqIQVBxDQoAgAhGSAHQXxxIRogB0EDcSERIAggB2tBA3EhEiAJIARrQQNxIRMgBCAJa0F8SyEbIAcgCGtBfEshHANAIBkgDEECdGooAgAhBiAEIQBBACECIBMEQANAIAUgAEECdCIKaiAGIApqKgIAIh44AgAgAEEBaiEAIB4gHpQgHZIhHSACQQFqIgIgE0cNAAsLIBtFBEADQCAFIABBAnQiAmogAiAGaioCACIeOAIAIAUgAkEEaiIKaiAGIApqKgIAIh84AgAgBSACQQhqIgpqIAYgCmoqAgAiIDgCACAFIAJBDGoiAmogAiAGaioCACIhOAIAICEgIZQgICAglCAfIB+UIB4gHpQgHZKSkpIhHSAAQQRqIgAgCUcNAAsLIBAgDCANbEECdGohCgJAIAdFDQAgCiAOQQJ0aiECQQAhF0EAIQBBACEYIAdBBE8EQANAIAIgAEECdCIGaiADIAZqKgIAOAIAIAIgBkEEciIWaiADIBZqKgIAOAIAIAIgBkEIciIWaiADIBZqKgIAOAIAIAIgBkEMciIGaiADIAZqKgIAOAIAIABBBGohACAYQQRqIhggGkcNAAsLIBFFDQADQCACIABBAnQiBmogAyAGaioCADgCACAAQQFqIQAgF0EBaiIXIBFHDQALCwJAIAggC00NACAKIBVBAnRqIQZBACECIAchACASBEADQCAGIABBAnQiCmogAyAKaioCADgCACAAQQFqIQAgAkEBaiICIBJHDQALCyAcDQADQCAGIABBAnQiAmogAiADaioCADgCACAGIAJBBGoiCmogAyAKaioCADgCACAGIAJBCGoiCmogAyAKaioCADgCACAGIAJBDGoiAmogAiADaioCADgCACAAQQRqIgAgCEkNAAsLIAxBAWoiDCAPRw0AC0H0MSAIIBRqIA1wNgIAQfgyQfgyKAIAIAhqNgIAIB1DfR2QJl0NAkGUMEEBOgAAQZAwQQA2AgAMAgsgB0UEQCAIIAtNDQEgECAVQQJ0aiEGIAhBfHEhDCAIQQNxIQVBACEJIAhBBEkhDgNAIAYgCSANbEECdGohB0EAIQBBACECIA5FBEADQCAHIABBAnQiBGogAyAEaioCADgCACAHIARBBHIiC2ogAyALaioCADgCACAHIARBCHIiC2ogAyALaioCADgCACAHIARBDHIiBGogAyAEaioCADgCACAAQQRqIQAgAkEEaiICIAxHDQALC0EAIQIgBQRAA0AgByAAQQJ0IgRqIAMgBGoqAgA4AgAgAEEBaiEAIAJBAWoiAiAFRw0ACwsgCUEBaiIJIA9HDQALDAELIAggC0sEQCAHQXxxIQsgB0EDcSEGIAggB2tBA3EhDEEAIQkgB0EESSERIAcgCGtBfEshEgNAIBAgCSANbEECdGoiEyAOQQJ0aiEEQQAhAEEAIQIgEUUEQANAIAQgAEECdCIFaiADIAVqKgIAOAIAIAQgBUEEciIKaiADIApqKgIAOAIAIAQgBUEIciIKaiADIApqKgIAOAIAIAQgBUEMciIFaiADIAVqKgIAOAIAIABBBGohACACQQRqIgIgC0cNAAsLQQAhAiAGBEADQCAEIABBAnQiBWogAyAFaioCADgCACAAQQFqIQAgAkEBaiICIAZHDQALCyATIBVBAnRqIQRBACECIAchACAMBEADQCAEIABBAnQiBWogAyAFaioCADgCACAAQQFqIQAgAkEBaiICIAxHDQALCyASRQRAA0AgBCAAQQJ0IgJqIAIgA2oqAgA4AgAgBCACQQRqIgVqIAMgBWoqAgA4AgAgBCACQQhqIgVqIAMgBWoqAgA4AgAgBCACQQxqIgJqIAIgA2oqAgA4AgAgAEEEaiIAIAhJDQALCyAJQQFqIgkgD0cNAAsMAQsgB0F8cSEMIAdBA3EhBiAQIA5BAnRqIQ5BACEJA0AgDiAJIA1sQQJ0aiEEQQAhAEEAIQIgB0EDSwRAA0AgBCAAQQJ0IgVqIAMgBWoqAgA4AgAgBCAFQQRyIgtqIAMgC2oqAgA4AgAgBCAFQQhyIgtqIAMgC2oqAgA4AgAgBCAFQQxyIgVqIAMgBWoqAgA4AgAgAEEEaiEAIAJBBGoiAiAMRw0ACwtBACECIAYEQANAIAQgAEECdCIFaiADIAVqKgIAOAIAIABBAWohACACQQFqIgIgBkcNAAsLIAlBAWoiCSAPRw0ACwtB9DEgCCAUaiANcDYCAEH4MkH4MigCACAIajYCAAtBwDNBAToAAEHEM0QAAAAAAADwPyABo0G4MigCALgiIiABICKiRAAAAAAAAPA/ZBu2OAIACwoAQbQ0IAA4AgALLABBuDAgAToAAEG8MCAAQ6uqqj2UuxAetiIAOAIAQcAwQwAAgD8gAJU4AgALIABBvDAgADgCAEG4MCABOgAAQcAwQwAAgD8gAJU4AgALcgIBfwF9QZgwIABDq6qqPZS7EB62IgM4AgBDAACAPyEAQZwwIAFDAAAAAF8EfUMAAIA/BSABIAORlQs4AgBBsDAoAgAhAkGwMEEANgIAAkAgAiACQaAwRgR/QRAFIAJFDQFBFAsgAigCAGooAgARAAALC2YCAX8BfUGYMCAAOAIAQwAAgD8hA0GcMCABQwAAAABfBH1DAACAPwUgASAAkZULOAIAQbAwKAIAIQJBsDBBADYCAAJAIAIgAkGgMEYEf0EQBSACRQ0BQRQLIAIoAgBqKAIAEQAACwsMACAAIAEgAiADEBkLkgYBAX9BqDQoAgAiAARAQaw0IAA2AgAgABAEC0GENCgCACIABEBBiDQgADYCACAAEAQLQfgzKAIAIgAEQEH8MyAANgIAIAAQBAtB7DMoAgAiAARAQfAzIAA2AgAgABAEC0HgMygCACIABEBB5DMgADYCACAAEAQLQdQzKAIAIgAEQEHYMyAANgIAIAAQBAtByDMoAgAiAARAQcwzIAA2AgAgABAEC0GoMygCACIABEBBrDMgADYCACAAEAQLQZwzKAIAIgAEQEGgMyAANgIAIAAQBAtBkDMoAgAiAARAQZQzIAA2AgAgABAEC0GAMygCACIABEBBhDMgADYCACAAEAQLQegyKAIAIgAEQEHsMiAANgIAIAAQBAtB3DIoAgAiAARAQeAyIAA2AgAgABAEC0HIMigCACIABEBBzDIgADYCACAAEAQLQbwyKAIAIgAEQEHAMiAANgIAIAAQBAtBlDIoAgAiAARAQZgyIAA2AgAgABAEC0GIMigCACIABEBBjDIgADYCACAAEAQLQfgxKAIAIgAEQEH8MSAANgIAIAAQBAtB6DEoAgAiAARAQewxIAA2AgAgABAEC0HcMSgCACIABEBB4DEgADYCACAAEAQLQdAxKAIAIgAEQEHUMSAANgIAIAAQBAtBxDEoAgAiAARAQcgxIAA2AgAgABAEC0G4MSgCACIABEBBvDEgADYCACAAEAQLQawxKAIAIgAEQEGwMSAANgIAIAAQBAtBoDEoAgAiAARAQaQxIAA2AgAgABAEC0GMMSgCACIABEBBkDEgADYCACAAEAQLQYAxKAIAIgAEQEGEMSAANgIAIAAQBAtB9DAoAgAiAARAQfgwIAA2AgAgABAEC0HoMCgCACIABEBB7DAgADYCACAAEAQLQdwwKAIAIgAEQEHgMCAANgIAIAAQBAtB0DAoAgAiAARAQdQwIAA2AgAgABAEC0HEMCgCACIABEBByDAgADYCACAAEAQLAkBBsDAoAgAiAEGgMEYEf0EQBSAARQ0BQRQLIQEgACAAKAIAIAFqKAIAEQAACwtnAgJ8AX8CfyABuyICRHsUrkfheqQ/oiIDmUQAAAAAAADgQWMEQCADqgwBC0GAgICAeAshBCAAAn8gAkSamZmZmZm5P6IiAplEAAAAAAAA4EFjBEAgAqoMAQtBgICAgHgLIARBARAZC2cCAnwBfwJ/IAG7IgJEuB6F61G4nj+iIgOZRAAAAAAAAOBBYwRAIAOqDAELQYCAgIB4CyEEIAACfyACRLgehetRuL4/oiICmUQAAAAAAADgQWMEQCACqgwBC0GAgICAeAsgBEEAEBkL8gEBA38jAEEgayICJABDzczMPRAWQfwyQfQxKAIANgIAQYAzQfgxKAIAIgBB/DEoAgAiASABIABrQQJ1EA9BjDNBhDIoAgA2AgBBkDNBiDIoAgAiAEGMMigCACIBIAEgAGtBAnUQD0GcM0GUMigCACIAQZgyKAIAIgEgASAAa0ECdRAPQbwzQX82AgBBzDMoAgBByDMoAgAgAkEANgIYIAJCADcDECACQgA3AwggAkIANwMAa0EcbSACECVBgDBCADcDAEH8L0F/NgIAQYgwQgA3AwBBnDRCADcCAEHAM0EAOgAAQZAwQQA2AgAgAkEgaiQACxYAQdgyKAIAQbgyKAIAQfgvLQAAbGoLDwBBrDIoAgBB1DIoAgBrCwgAQbgyKAIACwvxJwUAQYAIC1YvZGV2L3VyYW5kb20AYmFzaWNfc3RyaW5nAHJhbmRvbV9kZXZpY2UgZ2V0ZW50cm9weSBmYWlsZWQAcmFuZG9tIGRldmljZSBub3Qgc3VwcG9ydGVkIABB4AgL1xUDAAAABAAAAAQAAAAGAAAAg/miAERObgD8KRUA0VcnAN009QBi28AAPJmVAEGQQwBjUf4Au96rALdhxQA6biQA0k1CAEkG4AAJ6i4AHJLRAOsd/gApsRwA6D6nAPU1ggBEuy4AnOmEALQmcABBfl8A1pE5AFODOQCc9DkAi1+EACj5vQD4HzsA3v+XAA+YBQARL+8AClqLAG0fbQDPfjYACcsnAEZPtwCeZj8ALepfALondQDl68cAPXvxAPc5BwCSUooA+2vqAB+xXwAIXY0AMANWAHv8RgDwq2sAILzPADb0mgDjqR0AXmGRAAgb5gCFmWUAoBRfAI1AaACA2P8AJ3NNAAYGMQDKVhUAyahzAHviYABrjMAAGcRHAM1nwwAJ6NwAWYMqAIt2xACmHJYARK/dABlX0QClPgUABQf/ADN+PwDCMugAmE/eALt9MgAmPcMAHmvvAJ/4XgA1HzoAf/LKAPGHHQB8kCEAaiR8ANVu+gAwLXcAFTtDALUUxgDDGZ0ArcTCACxNQQAMAF0Ahn1GAONxLQCbxpoAM2IAALTSfAC0p5cAN1XVANc+9gCjEBgATXb8AGSdKgBw16sAY3z4AHqwVwAXFecAwElWADvW2QCnhDgAJCPLANaKdwBaVCMAAB+5APEKGwAZzt8AnzH/AGYeagCZV2EArPtHAH5/2AAiZbcAMuiJAOa/YADvxM0AbDYJAF0/1AAW3tcAWDveAN6bkgDSIigAKIboAOJYTQDGyjIACOMWAOB9ywAXwFAA8x2nABjgWwAuEzQAgxJiAINIAQD1jlsArbB/AB7p8gBISkMAEGfTAKrd2ACuX0IAamHOAAoopADTmbQABqbyAFx3fwCjwoMAYTyIAIpzeACvjFoAb9e9AC2mYwD0v8sAjYHvACbBZwBVykUAytk2ACio0gDCYY0AEsl3AAQmFAASRpsAxFnEAMjFRABNspEAABfzANRDrQApSeUA/dUQAAC+/AAelMwAcM7uABM+9QDs8YAAs+fDAMf4KACTBZQAwXE+AC4JswALRfMAiBKcAKsgewAutZ8AR5LCAHsyLwAMVW0AcqeQAGvnHwAxy5YAeRZKAEF54gD034kA6JSXAOLmhACZMZcAiO1rAF9fNgC7/Q4ASJq0AGekbABxckIAjV0yAJ8VuAC85QkAjTElAPd0OQAwBRwADQwBAEsIaAAs7lgAR6qQAHTnAgC91iQA932mAG5IcgCfFu8AjpSmALSR9gDRU1EAzwryACCYMwD1S34AsmNoAN0+XwBAXQMAhYl/AFVSKQA3ZMAAbdgQADJIMgBbTHUATnHUAEVUbgALCcEAKvVpABRm1QAnB50AXQRQALQ72wDqdsUAh/kXAElrfQAdJ7oAlmkpAMbMrACtFFQAkOJqAIjZiQAsclAABKS+AHcHlADzMHAAAPwnAOpxqABmwkkAZOA9AJfdgwCjP5cAQ5T9AA2GjAAxQd4AkjmdAN1wjAAXt+cACN87ABU3KwBcgKAAWoCTABARkgAP6NgAbICvANv/SwA4kA8AWRh2AGKlFQBhy7sAx4m5ABBAvQDS8gQASXUnAOu29gDbIrsAChSqAIkmLwBkg3YACTszAA6UGgBROqoAHaPCAK/trgBcJhIAbcJNAC16nADAVpcAAz+DAAnw9gArQIwAbTGZADm0BwAMIBUA2MNbAPWSxADGrUsATsqlAKc3zQDmqTYAq5KUAN1CaAAZY94AdozvAGiLUgD82zcArqGrAN8VMQAArqEADPvaAGRNZgDtBbcAKWUwAFdWvwBH/zoAavm5AHW+8wAok98Aq4AwAGaM9gAEyxUA+iIGANnkHQA9s6QAVxuPADbNCQBOQukAE76kADMjtQDwqhoAT2WoANLBpQALPw8AW3jNACP5dgB7iwQAiRdyAMamUwBvbuIA7+sAAJtKWADE2rcAqma6AHbPzwDRAh0AsfEtAIyZwQDDrXcAhkjaAPddoADGgPQArPAvAN3smgA/XLwA0N5tAJDHHwAq27YAoyU6AACvmgCtU5MAtlcEACkttABLgH4A2genAHaqDgB7WaEAFhIqANy3LQD65f0Aidv+AIm+/QDkdmwABqn8AD6AcACFbhUA/Yf/ACg+BwBhZzMAKhiGAE296gCz568Aj21uAJVnOQAxv1sAhNdIADDfFgDHLUMAJWE1AMlwzgAwy7gAv2z9AKQAogAFbOQAWt2gACFvRwBiEtIAuVyEAHBhSQBrVuAAmVIBAFBVNwAe1bcAM/HEABNuXwBdMOQAhS6pAB2ywwChMjYACLekAOqx1AAW9yEAj2nkACf/dwAMA4AAjUAtAE/NoAAgpZkAs6LTAC9dCgC0+UIAEdrLAH2+0ACb28EAqxe9AMqigQAIalwALlUXACcAVQB/FPAA4QeGABQLZACWQY0Ah77eANr9KgBrJbYAe4k0AAXz/gC5v54AaGpPAEoqqABPxFoALfi8ANdamAD0x5UADU2NACA6pgCkV18AFD+xAIA4lQDMIAEAcd2GAMnetgC/YPUATWURAAEHawCMsKwAssDQAFFVSAAe+w4AlXLDAKMGOwDAQDUABtx7AOBFzABOKfoA1srIAOjzQQB8ZN4Am2TYANm+MQCkl8MAd1jUAGnjxQDw2hMAujo8AEYYRgBVdV8A0r31AG6SxgCsLl0ADkTtABw+QgBhxIcAKf3pAOfW8wAifMoAb5E1AAjgxQD/140AbmriALD9xgCTCMEAfF10AGutsgDNbp0APnJ7AMYRagD3z6kAKXPfALXJugC3AFEA4rINAHS6JADlfWAAdNiKAA0VLACBGAwAfmaUAAEpFgCfenYA/f2+AFZF7wDZfjYA7NkTAIu6uQDEl/wAMagnAPFuwwCUxTYA2KhWALSotQDPzA4AEoktAG9XNAAsVokAmc7jANYguQBrXqoAPiqcABFfzAD9C0oA4fT7AI47bQDihiwA6dSEAPy0qQDv7tEALjXJAC85YQA4IUQAG9nIAIH8CgD7SmoALxzYAFO0hABOmYwAVCLMACpV3ADAxtYACxmWABpwuABplWQAJlpgAD9S7gB/EQ8A9LURAPzL9QA0vC0ANLzuAOhdzADdXmAAZ46bAJIz7wDJF7gAYVibAOFXvABRg8YA2D4QAN1xSAAtHN0ArxihACEsRgBZ89cA2XqYAJ5UwABPhvoAVgb8AOV5rgCJIjYAOK0iAGeT3ABV6KoAgiY4AMrnmwBRDaQAmTOxAKnXDgBpBUgAZbLwAH+IpwCITJcA+dE2ACGSswB7gkoAmM8hAECf3ADcR1UA4XQ6AGfrQgD+nd8AXtRfAHtnpAC6rHoAVfaiACuIIwBBulUAWW4IACEqhgA5R4MAiePmAOWe1ABJ+0AA/1bpABwPygDFWYoAlPorANPBxQAPxc8A21quAEfFhgCFQ2IAIYY7ACx5lAAQYYcAKkx7AIAsGgBDvxIAiCaQAHg8iQCoxOQA5dt7AMQ6wgAm9OoA92eKAA2SvwBloysAPZOxAL18CwCkUdwAJ91jAGnh3QCalBkAqCmVAGjOKAAJ7bQARJ8gAE6YygBwgmMAfnwjAA+5MgCn9Y4AFFbnACHxCAC1nSoAb35NAKUZUQC1+asAgt/WAJbdYQAWNgIAxDqfAIOioQBy7W0AOY16AIK4qQBrMlwARidbAAA07QDSAHcA/PRVAAFZTQDgcYAAQcMeC60BQPsh+T8AAAAALUR0PgAAAICYRvg8AAAAYFHMeDsAAACAgxvwOQAAAEAgJXo4AAAAgCKC4zYAAAAAHfNpNf6CK2VHFWdAAAAAAAAAOEMAAPr+Qi52vzo7nrya9wy9vf3/////3z88VFVVVVXFP5ErF89VVaU/F9CkZxERgT8AAAAAAADIQu85+v5CLuY/JMSC/72/zj+19AzXCGusP8xQRtKrsoM/hDpOm+DXVT8AQf4fC/IP8D9uv4gaTzubPDUz+6k99u8/XdzYnBNgcbxhgHc+muzvP9FmhxB6XpC8hX9u6BXj7z8T9mc1UtKMPHSFFdOw2e8/+o75I4DOi7ze9t0pa9DvP2HI5mFO92A8yJt1GEXH7z+Z0zNb5KOQPIPzxso+vu8/bXuDXaaalzwPiflsWLXvP/zv/ZIatY4890dyK5Ks7z/RnC9wPb4+PKLR0zLso+8/C26QiTQDarwb0/6vZpvvPw69LypSVpW8UVsS0AGT7z9V6k6M74BQvMwxbMC9iu8/FvTVuSPJkbzgLamumoLvP69VXOnj04A8UY6lyJh67z9Ik6XqFRuAvHtRfTy4cu8/PTLeVfAfj7zqjYw4+WrvP79TEz+MiYs8dctv61tj7z8m6xF2nNmWvNRcBITgW+8/YC86PvfsmjyquWgxh1TvP504hsuC54+8Hdn8IlBN7z+Nw6ZEQW+KPNaMYog7Ru8/fQTksAV6gDyW3H2RST/vP5SoqOP9jpY8OGJ1bno47z99SHTyGF6HPD+msk/OMe8/8ucfmCtHgDzdfOJlRSvvP14IcT97uJa8gWP14d8k7z8xqwlt4feCPOHeH/WdHu8/+r9vGpshPbyQ2drQfxjvP7QKDHKCN4s8CwPkpoUS7z+Py86JkhRuPFYvPqmvDO8/tquwTXVNgzwVtzEK/gbvP0x0rOIBQoY8MdhM/HAB7z9K+NNdOd2PPP8WZLII/O4/BFuOO4Cjhrzxn5JfxfbuP2hQS8ztSpK8y6k6N6fx7j+OLVEb+AeZvGbYBW2u7O4/0jaUPujRcbz3n+U02+fuPxUbzrMZGZm85agTwy3j7j9tTCqnSJ+FPCI0Ekym3u4/imkoemASk7wcgKwERdruP1uJF0iPp1i8Ki73IQrW7j8bmklnmyx8vJeoUNn10e4/EazCYO1jQzwtiWFgCM7uP+9kBjsJZpY8VwAd7UHK7j95A6Ha4cxuPNA8wbWixu4/MBIPP47/kzze09fwKsPuP7CvervOkHY8Jyo21dq/7j934FTrvR2TPA3d/ZmyvO4/jqNxADSUj7ynLJ12srnuP0mjk9zM3oe8QmbPotq27j9fOA+9xt54vIJPnVYrtO4/9lx77EYShrwPkl3KpLHuP47X/RgFNZM82ie1Nkev7j8Fm4ovt5h7PP3Hl9QSre4/CVQc4uFjkDwpVEjdB6vuP+rGGVCFxzQ8t0ZZiiap7j81wGQr5jKUPEghrRVvp+4/n3aZYUrkjLwJ3Ha54aXuP6hN7zvFM4y8hVU6sH6k7j+u6SuJeFOEvCDDzDRGo+4/WFhWeN3Ok7wlIlWCOKLuP2QZfoCqEFc8c6lM1FWh7j8oIl6/77OTvM07f2aeoO4/grk0h60Sary/2gt1EqDuP+6pbbjvZ2O8LxplPLKf7j9RiOBUPdyAvISUUfl9n+4/zz5afmQfeLx0X+zodZ/uP7B9i8BK7oa8dIGlSJqf7j+K5lUeMhmGvMlnQlbrn+4/09QJXsuckDw/Xd5PaaDuPx2lTbncMnu8hwHrcxSh7j9rwGdU/eyUPDLBMAHtoe4/VWzWq+HrZTxiTs8286LuP0LPsy/FoYi8Eho+VCek7j80NzvxtmmTvBPOTJmJpe4/Hv8ZOoRegLytxyNGGqfuP25XcthQ1JS87ZJEm9mo7j8Aig5bZ62QPJlmitnHqu4/tOrwwS+3jTzboCpC5azuP//nxZxgtmW8jES1FjKv7j9EX/NZg/Z7PDZ3FZmuse4/gz0epx8Jk7zG/5ELW7TuPykebIu4qV285cXNsDe37j9ZuZB8+SNsvA9SyMtEuu4/qvn0IkNDkrxQTt6fgr3uP0uOZtdsyoW8ugfKcPHA7j8nzpEr/K9xPJDwo4KRxO4/u3MK4TXSbTwjI+MZY8juP2MiYiIExYe8ZeVde2bM7j/VMeLjhhyLPDMtSuyb0O4/Fbu809G7kbxdJT6yA9XuP9Ix7pwxzJA8WLMwE57Z7j+zWnNuhGmEPL/9eVVr3u4/tJ2Ol83fgrx689O/a+PuP4czy5J3Gow8rdNamZ/o7j/62dFKj3uQvGa2jSkH7u4/uq7cVtnDVbz7FU+4ovPuP0D2pj0OpJC8OlnljXL57j80k6049NZovEde+/J2/+4/NYpYa+LukbxKBqEwsAXvP83dXwrX/3Q80sFLkB4M7z+smJL6+72RvAke11vCEu8/swyvMK5uczycUoXdmxnvP5T9n1wy4448etD/X6sg7z+sWQnRj+CEPEvRVy7xJ+8/ZxpOOK/NYzy15waUbS/vP2gZkmwsa2c8aZDv3CA37z/StcyDGIqAvPrDXVULP+8/b/r/P12tj7x8iQdKLUfvP0mpdTiuDZC88okNCIdP7z+nBz2mhaN0PIek+9wYWO8/DyJAIJ6RgryYg8kW42DvP6ySwdVQWo48hTLbA+Zp7z9LawGsWTqEPGC0AfMhc+8/Hz60ByHVgrxfm3szl3zvP8kNRzu5Kom8KaH1FEaG7z/TiDpgBLZ0PPY/i+cukO8/cXKdUezFgzyDTMf7UZrvP/CR048S94+82pCkoq+k7z99dCPimK6NvPFnji1Ir+8/CCCqQbzDjjwnWmHuG7rvPzLrqcOUK4Q8l7prNyvF7z/uhdExqWSKPEBFblt20O8/7eM75Lo3jrwUvpyt/dvvP53NkU07iXc82JCegcHn7z+JzGBBwQVTPPFxjyvC8+8/AEHwLwsDYBwB";
      return f3;
    }
    var wasmBinaryFile;
    function getBinarySync(file) {
      if (file == wasmBinaryFile && wasmBinary) {
        return new Uint8Array(wasmBinary);
      }
      var binary = tryParseAsDataURI(file);
      if (binary) {
        return binary;
      }
      if (readBinary) {
        return readBinary(file);
      }
      throw "both async and sync fetching of the wasm failed";
    }
    function getBinaryPromise(binaryFile) {
      return Promise.resolve().then(() => getBinarySync(binaryFile));
    }
    function instantiateArrayBuffer(binaryFile, imports, receiver) {
      return getBinaryPromise(binaryFile).then((binary) => WebAssembly.instantiate(binary, imports)).then(receiver, (reason) => {
        err(`failed to asynchronously prepare wasm: ${reason}`);
        abort(reason);
      });
    }
    function instantiateAsync(binary, binaryFile, imports, callback) {
      return instantiateArrayBuffer(binaryFile, imports, callback);
    }
    function getWasmImports() {
      return { a: wasmImports };
    }
    function createWasm() {
      function receiveInstance(instance, module2) {
        wasmExports = instance.exports;
        wasmMemory = wasmExports["e"];
        updateMemoryViews();
        addOnInit(wasmExports["f"]);
        removeRunDependency("wasm-instantiate");
        return wasmExports;
      }
      addRunDependency("wasm-instantiate");
      function receiveInstantiationResult(result) {
        receiveInstance(result["instance"]);
      }
      var info = getWasmImports();
      wasmBinaryFile ??= findWasmBinary();
      instantiateAsync(wasmBinary, wasmBinaryFile, info, receiveInstantiationResult).catch(readyPromiseReject);
      return {};
    }
    class ExitStatus {
      name = "ExitStatus";
      constructor(status) {
        this.message = `Program terminated with exit(${status})`;
        this.status = status;
      }
    }
    var callRuntimeCallbacks = (callbacks) => {
      while (callbacks.length > 0) {
        callbacks.shift()(Module);
      }
    };
    var __abort_js = () => abort("");
    var __emscripten_memcpy_js = (dest, src, num) => HEAPU8.copyWithin(dest, src, src + num);
    var getHeapMax = () => 2147483648;
    var alignMemory = (size, alignment) => Math.ceil(size / alignment) * alignment;
    var abortOnCannotGrowMemory = (requestedSize) => {
      abort("OOM");
    };
    var growMemory = (size) => {
      var b2 = wasmMemory.buffer;
      var pages = (size - b2.byteLength + 65535) / 65536 | 0;
      try {
        wasmMemory.grow(pages);
        updateMemoryViews();
        return 1;
      } catch (e4) {
      }
    };
    var _emscripten_resize_heap = (requestedSize) => {
      var oldSize = HEAPU8.length;
      requestedSize >>>= 0;
      var maxHeapSize = getHeapMax();
      if (requestedSize > maxHeapSize) {
        abortOnCannotGrowMemory(requestedSize);
      }
      for (var cutDown = 1; cutDown <= 4; cutDown *= 2) {
        var overGrownHeapSize = oldSize * (1 + 0.5 / cutDown);
        overGrownHeapSize = Math.min(overGrownHeapSize, requestedSize + 100663296);
        var newSize = Math.min(maxHeapSize, alignMemory(Math.max(requestedSize, overGrownHeapSize), 65536));
        var replacement = growMemory(newSize);
        if (replacement) {
          return true;
        }
      }
      abortOnCannotGrowMemory(requestedSize);
    };
    var initRandomFill = () => {
      if (typeof crypto == "object" && typeof crypto["getRandomValues"] == "function") {
        return (view) => crypto.getRandomValues(view);
      } else abort("initRandomDevice");
    };
    var randomFill = (view) => (randomFill = initRandomFill())(view);
    var _random_get = (buffer, size) => {
      randomFill(HEAPU8.subarray(buffer, buffer + size));
      return 0;
    };
    var keepRuntimeAlive = () => true;
    var _proc_exit = (code) => {
      EXITSTATUS = code;
      if (!keepRuntimeAlive()) {
        ABORT = true;
      }
      quit_(code, new ExitStatus(code));
    };
    var exitJS = (status, implicit) => {
      EXITSTATUS = status;
      _proc_exit(status);
    };
    var handleException = (e4) => {
      if (e4 instanceof ExitStatus || e4 == "unwind") {
        return EXITSTATUS;
      }
      quit_(1, e4);
    };
    var UTF8Decoder = typeof TextDecoder != "undefined" ? new TextDecoder() : void 0;
    var UTF8ArrayToString = (heapOrArray, idx = 0, maxBytesToRead = NaN) => {
      var endIdx = idx + maxBytesToRead;
      var endPtr = idx;
      while (heapOrArray[endPtr] && !(endPtr >= endIdx)) ++endPtr;
      if (endPtr - idx > 16 && heapOrArray.buffer && UTF8Decoder) {
        return UTF8Decoder.decode(heapOrArray.subarray(idx, endPtr));
      }
      var str = "";
      while (idx < endPtr) {
        var u0 = heapOrArray[idx++];
        if (!(u0 & 128)) {
          str += String.fromCharCode(u0);
          continue;
        }
        var u1 = heapOrArray[idx++] & 63;
        if ((u0 & 224) == 192) {
          str += String.fromCharCode((u0 & 31) << 6 | u1);
          continue;
        }
        var u22 = heapOrArray[idx++] & 63;
        if ((u0 & 240) == 224) {
          u0 = (u0 & 15) << 12 | u1 << 6 | u22;
        } else {
          u0 = (u0 & 7) << 18 | u1 << 12 | u22 << 6 | heapOrArray[idx++] & 63;
        }
        if (u0 < 65536) {
          str += String.fromCharCode(u0);
        } else {
          var ch = u0 - 65536;
          str += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
        }
      }
      return str;
    };
    var UTF8ToString = (ptr, maxBytesToRead) => ptr ? UTF8ArrayToString(HEAPU8, ptr, maxBytesToRead) : "";
    var wasmImports = { d: __abort_js, c: __emscripten_memcpy_js, b: _emscripten_resize_heap, a: _random_get };
    var wasmExports = createWasm();
    var ___wasm_call_ctors = () => (___wasm_call_ctors = wasmExports["f"])();
    var _setBuffers = Module["_setBuffers"] = (a0, a1) => (_setBuffers = Module["_setBuffers"] = wasmExports["h"])(a0, a1);
    var _blockSamples = Module["_blockSamples"] = () => (_blockSamples = Module["_blockSamples"] = wasmExports["i"])();
    var _intervalSamples = Module["_intervalSamples"] = () => (_intervalSamples = Module["_intervalSamples"] = wasmExports["j"])();
    var _inputLatency = Module["_inputLatency"] = () => (_inputLatency = Module["_inputLatency"] = wasmExports["k"])();
    var _outputLatency = Module["_outputLatency"] = () => (_outputLatency = Module["_outputLatency"] = wasmExports["l"])();
    var _reset = Module["_reset"] = () => (_reset = Module["_reset"] = wasmExports["m"])();
    var _presetDefault = Module["_presetDefault"] = (a0, a1) => (_presetDefault = Module["_presetDefault"] = wasmExports["n"])(a0, a1);
    var _presetCheaper = Module["_presetCheaper"] = (a0, a1) => (_presetCheaper = Module["_presetCheaper"] = wasmExports["o"])(a0, a1);
    var _configure = Module["_configure"] = (a0, a1, a22, a32) => (_configure = Module["_configure"] = wasmExports["p"])(a0, a1, a22, a32);
    var _setTransposeFactor = Module["_setTransposeFactor"] = (a0, a1) => (_setTransposeFactor = Module["_setTransposeFactor"] = wasmExports["q"])(a0, a1);
    var _setTransposeSemitones = Module["_setTransposeSemitones"] = (a0, a1) => (_setTransposeSemitones = Module["_setTransposeSemitones"] = wasmExports["r"])(a0, a1);
    var _setFormantFactor = Module["_setFormantFactor"] = (a0, a1) => (_setFormantFactor = Module["_setFormantFactor"] = wasmExports["s"])(a0, a1);
    var _setFormantSemitones = Module["_setFormantSemitones"] = (a0, a1) => (_setFormantSemitones = Module["_setFormantSemitones"] = wasmExports["t"])(a0, a1);
    var _setFormantBase = Module["_setFormantBase"] = (a0) => (_setFormantBase = Module["_setFormantBase"] = wasmExports["u"])(a0);
    var _seek = Module["_seek"] = (a0, a1) => (_seek = Module["_seek"] = wasmExports["v"])(a0, a1);
    var _process = Module["_process"] = (a0, a1) => (_process = Module["_process"] = wasmExports["w"])(a0, a1);
    var _flush = Module["_flush"] = (a0) => (_flush = Module["_flush"] = wasmExports["x"])(a0);
    var _main = Module["_main"] = (a0, a1) => (_main = Module["_main"] = wasmExports["y"])(a0, a1);
    Module["UTF8ToString"] = UTF8ToString;
    var calledRun;
    dependenciesFulfilled = function runCaller() {
      if (!calledRun) run();
      if (!calledRun) dependenciesFulfilled = runCaller;
    };
    function callMain() {
      var entryFunction = _main;
      var argc = 0;
      var argv = 0;
      try {
        var ret = entryFunction(argc, argv);
        exitJS(ret, true);
        return ret;
      } catch (e4) {
        return handleException(e4);
      }
    }
    function run() {
      if (runDependencies > 0) {
        return;
      }
      preRun();
      if (runDependencies > 0) {
        return;
      }
      function doRun() {
        if (calledRun) return;
        calledRun = true;
        Module["calledRun"] = true;
        if (ABORT) return;
        initRuntime();
        preMain();
        readyPromiseResolve(Module);
        if (shouldRunNow) callMain();
        postRun();
      }
      {
        doRun();
      }
    }
    var shouldRunNow = true;
    run();
    moduleRtn = readyPromise;
    return moduleRtn;
  });
})();
if (typeof exports === "object" && typeof module === "object")
  module.exports = SignalsmithStretch;
else if (typeof define === "function" && define["amd"])
  define([], () => SignalsmithStretch);
function registerWorkletProcessor(Module, audioNodeKey) {
  class WasmProcessor extends AudioWorkletProcessor {
    constructor(options) {
      super(options);
      this.wasmReady = false;
      this.wasmModule = null;
      this.channels = 0;
      this.buffersIn = [];
      this.buffersOut = [];
      this.audioBuffers = [];
      this.audioBuffersStart = 0;
      this.audioBuffersEnd = 0;
      this.timeIntervalSamples = sampleRate * 0.1;
      this.timeIntervalCounter = 0;
      this.timeMap = [{
        active: false,
        input: 0,
        output: 0,
        rate: 1,
        semitones: 0,
        tonalityHz: 8e3,
        formantSemitones: 0,
        formantCompensation: false,
        formantBaseHz: 0,
        /* 0 = attempt to detect */
        loopStart: 0,
        loopEnd: 0
      }];
      let remoteMethods = {
        configure: (config) => {
          Object.assign(this.config, config);
          this.configure();
        },
        latency: (_) => {
          return this.inputLatencySeconds + this.outputLatencySeconds;
        },
        setUpdateInterval: (seconds) => {
          this.timeIntervalSamples = sampleRate * seconds;
        },
        stop: (when) => {
          if (typeof when !== "number") when = currentTime;
          return remoteMethods.schedule({ active: false, output: when });
        },
        start: (when, offset, duration, rate, semitones) => {
          if (typeof when === "object") {
            if (!("active" in when)) when.active = true;
            return remoteMethods.schedule(when);
          }
          let obj = { active: true, input: 0, output: currentTime + this.outputLatencySeconds };
          if (typeof when === "number") obj.output = when;
          if (typeof offset === "number") obj.input = offset;
          if (typeof rate === "number") obj.rate = rate;
          if (typeof semitones === "number") obj.semitones = semitones;
          let result = remoteMethods.schedule(obj);
          if (typeof duration === "number") {
            remoteMethods.stop(obj.output + duration);
            obj.output += duration;
            obj.active = false;
            remoteMethods.schedule(obj);
          }
          return result;
        },
        schedule: (objIn, adjustPrevious) => {
          let outputTime = "outputTime" in objIn ? objIn.outputTime : currentTime;
          let latestSegment = this.timeMap[this.timeMap.length - 1];
          while (this.timeMap.length && this.timeMap[this.timeMap.length - 1].output >= outputTime) {
            latestSegment = this.timeMap.pop();
          }
          let obj = Object.assign({}, latestSegment);
          Object.assign(obj, {
            input: null,
            output: outputTime
          });
          Object.assign(obj, objIn);
          if (obj.input === null) {
            let rate2 = latestSegment.active ? latestSegment.rate : 0;
            obj.input = latestSegment.input + (obj.output - latestSegment.output) * rate2;
          }
          this.timeMap.push(obj);
          if (adjustPrevious && this.timeMap.length > 1) {
            let previous = this.timeMap[this.timeMap.length - 2];
            if (previous.output < currentTime) {
              let rate2 = previous.active ? previous.rate : 0;
              previous.input += (currentTime - previous.output) * rate2;
              previous.output = currentTime;
            }
            previous.rate = (obj.input - previous.input) / (obj.output - previous.output);
          }
          let currentMapSegment = this.timeMap[0];
          while (this.timeMap.length > 1 && this.timeMap[1].output <= outputTime) {
            this.timeMap.shift();
            currentMapSegment = this.timeMap[0];
          }
          let rate = currentMapSegment.active ? currentMapSegment.rate : 0;
          let inputTime = currentMapSegment.input + (outputTime - currentMapSegment.output) * rate;
          this.timeIntervalCounter = this.timeIntervalSamples;
          this.port.postMessage(["time", inputTime]);
          return obj;
        },
        dropBuffers: (toSeconds) => {
          if (typeof toSeconds !== "number") {
            let buffers = this.audioBuffers.flat(1).map((b2) => b2.buffer);
            this.audioBuffers = [];
            this.audioBuffersStart = this.audioBuffersEnd = 0;
            return {
              value: { start: 0, end: 0 },
              transfer: buffers
            };
          }
          let transfer = [];
          while (this.audioBuffers.length) {
            let first = this.audioBuffers[0];
            let length = first[0].length;
            let endSamples = this.audioBuffersStart + length;
            let endSeconds = endSamples / sampleRate;
            if (endSeconds > toSeconds) break;
            this.audioBuffers.shift().forEach((b2) => transfer.push(b2.buffer));
            this.audioBuffersStart += length;
          }
          return {
            value: {
              start: this.audioBuffersStart / sampleRate,
              end: this.audioBuffersEnd / sampleRate
            },
            transfer
          };
        },
        addBuffers: (sampleBuffers) => {
          sampleBuffers = [].concat(sampleBuffers);
          this.audioBuffers.push(sampleBuffers);
          let length = sampleBuffers[0].length;
          this.audioBuffersEnd += length;
          return this.audioBuffersEnd / sampleRate;
        }
      };
      let pendingMessages = [];
      this.port.onmessage = (event) => pendingMessages.push(event);
      Module().then((wasmModule) => {
        this.wasmModule = wasmModule;
        this.wasmReady = true;
        wasmModule._main();
        this.channels = options.numberOfOutputs ? options.outputChannelCount[0] : 2;
        this.configure();
        this.port.onmessage = (event) => {
          let data = event.data;
          let messageId = data.shift();
          let method = data.shift();
          let result = remoteMethods[method](...data);
          if (result?.transfer) {
            this.port.postMessage([messageId, result.value], result.transfer);
          } else {
            this.port.postMessage([messageId, result]);
          }
        };
        let methodArgCounts = {};
        for (let key in remoteMethods) {
          methodArgCounts[key] = remoteMethods[key].length;
        }
        this.port.postMessage(["ready", methodArgCounts]);
        pendingMessages.forEach(this.port.onmessage);
        pendingMessages = null;
      });
    }
    config = {
      preset: "default"
    };
    configure() {
      if (this.config.blockMs) {
        let blockSamples = Math.round(this.config.blockMs / 1e3 * sampleRate);
        let intervalSamples = Math.round((this.config.intervalMs || this.config.blockMs * 0.25) / 1e3 * sampleRate);
        let splitComputation = this.config.splitComputation;
        this.wasmModule._configure(this.channels, blockSamples, intervalSamples, splitComputation);
        this.wasmModule._reset();
      } else if (this.config.preset == "cheaper") {
        this.wasmModule._presetCheaper(this.channels, sampleRate);
      } else {
        this.wasmModule._presetDefault(this.channels, sampleRate);
      }
      this.updateBuffers();
      this.inputLatencySeconds = this.wasmModule._inputLatency() / sampleRate;
      this.outputLatencySeconds = this.wasmModule._outputLatency() / sampleRate;
    }
    updateBuffers() {
      let wasmModule = this.wasmModule;
      this.bufferLength = wasmModule._inputLatency() + wasmModule._outputLatency();
      let lengthBytes = this.bufferLength * 4;
      let bufferPointer = wasmModule._setBuffers(this.channels, this.bufferLength);
      this.buffersIn = [];
      this.buffersOut = [];
      for (let c4 = 0; c4 < this.channels; ++c4) {
        this.buffersIn.push(bufferPointer + lengthBytes * c4);
        this.buffersOut.push(bufferPointer + lengthBytes * (c4 + this.channels));
      }
    }
    process(inputList, outputList, parameters) {
      if (!this.wasmReady) {
        outputList.forEach((output) => {
          output.forEach((channel) => {
            channel.fill(0);
          });
        });
        return true;
      }
      if (!outputList[0]?.length) return false;
      let outputTime = currentTime + this.outputLatencySeconds;
      while (this.timeMap.length > 1 && this.timeMap[1].output <= outputTime) {
        this.timeMap.shift();
      }
      let currentMapSegment = this.timeMap[0];
      let wasmModule = this.wasmModule;
      wasmModule._setTransposeSemitones(currentMapSegment.semitones, currentMapSegment.tonalityHz / sampleRate);
      wasmModule._setFormantSemitones(currentMapSegment.formantSemitones, currentMapSegment.formantCompensation);
      wasmModule._setFormantBase(currentMapSegment.formantBaseHz / sampleRate);
      if (outputList[0].length != this.channels) {
        this.channels = outputList[0]?.length || 0;
        configure();
      }
      let outputBlockSize = outputList[0][0].length;
      let memory = wasmModule.exports ? wasmModule.exports.memory.buffer : wasmModule.HEAP8.buffer;
      let inputs = inputList[0];
      if (!currentMapSegment.active) {
        outputList[0].forEach((_, c4) => {
          let channelBuffer = inputs[c4 % inputs.length];
          let buffer = new Float32Array(memory, this.buffersIn[c4], outputBlockSize);
          buffer.fill(0);
        });
        wasmModule._process(outputBlockSize, outputBlockSize);
      } else if (inputs?.length) {
        outputList[0].forEach((_, c4) => {
          let channelBuffer = inputs[c4 % inputs.length];
          let buffer = new Float32Array(memory, this.buffersIn[c4], outputBlockSize);
          if (channelBuffer) {
            buffer.set(channelBuffer);
          } else {
            buffer.fill(0);
          }
        });
        wasmModule._process(outputBlockSize, outputBlockSize);
      } else {
        let inputTime = currentMapSegment.input + (outputTime - currentMapSegment.output) * currentMapSegment.rate;
        let loopLength = currentMapSegment.loopEnd - currentMapSegment.loopStart;
        if (loopLength > 0 && inputTime >= currentMapSegment.loopEnd) {
          currentMapSegment.input -= loopLength;
          inputTime -= loopLength;
        }
        inputTime += this.inputLatencySeconds;
        let inputSamplesEnd = Math.round(inputTime * sampleRate);
        let buffers = outputList[0].map((_, c4) => new Float32Array(memory, this.buffersIn[c4], this.bufferLength));
        let blockSamples = 0;
        let audioBufferIndex = 0;
        let audioSamples = this.audioBuffersStart;
        let inputSamples = inputSamplesEnd - this.bufferLength;
        if (inputSamples < audioSamples) {
          blockSamples = audioSamples - inputSamples;
          buffers.forEach((b2) => b2.fill(0, 0, blockSamples));
          inputSamples = audioSamples;
        }
        while (audioBufferIndex < this.audioBuffers.length && audioSamples < inputSamplesEnd) {
          let audioBuffer = this.audioBuffers[audioBufferIndex];
          let startIndex = inputSamples - audioSamples;
          let bufferEnd = audioSamples + audioBuffer[0].length;
          let count = Math.min(audioBuffer[0].length - startIndex, inputSamplesEnd - inputSamples);
          if (count > 0) {
            buffers.forEach((buffer, c4) => {
              let channelBuffer = audioBuffer[c4 % audioBuffer.length];
              buffer.subarray(blockSamples).set(channelBuffer.subarray(startIndex, startIndex + count));
            });
            audioSamples += count;
            blockSamples += count;
          } else {
            audioSamples += audioBuffer[0].length;
          }
          ++audioBufferIndex;
        }
        if (blockSamples < this.bufferLength) {
          buffers.forEach((buffer) => buffer.subarray(blockSamples).fill(0));
        }
        wasmModule._seek(this.bufferLength, currentMapSegment.rate);
        wasmModule._process(0, outputBlockSize);
        this.timeIntervalCounter -= outputBlockSize;
        if (this.timeIntervalCounter <= 0) {
          this.timeIntervalCounter = this.timeIntervalSamples;
          this.port.postMessage(["time", inputTime]);
        }
      }
      memory = wasmModule.exports ? wasmModule.exports.memory.buffer : wasmModule.HEAP8.buffer;
      outputList[0].forEach((channelBuffer, c4) => {
        let buffer = new Float32Array(memory, this.buffersOut[c4], outputBlockSize);
        channelBuffer.set(buffer);
      });
      return true;
    }
  }
  registerProcessor(audioNodeKey, WasmProcessor);
}
SignalsmithStretch = ((Module, audioNodeKey) => {
  if (typeof AudioWorkletProcessor === "function" && typeof registerProcessor === "function") {
    registerWorkletProcessor(Module, audioNodeKey);
    return {};
  }
  let promiseKey = /* @__PURE__ */ Symbol();
  let createNode = async function(audioContext2, options) {
    let audioNode;
    options = options || {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [2]
    };
    try {
      audioNode = new AudioWorkletNode(audioContext2, audioNodeKey, options);
    } catch (e4) {
      if (!audioContext2[promiseKey]) {
        let moduleUrl = createNode.moduleUrl;
        if (!moduleUrl) {
          let moduleCode = `(${registerWorkletProcessor})((_scriptName=>${Module})(),${JSON.stringify(audioNodeKey)})`;
          moduleUrl = URL.createObjectURL(new Blob([moduleCode], { type: "text/javascript" }));
        }
        audioContext2[promiseKey] = audioContext2.audioWorklet.addModule(moduleUrl);
      }
      await audioContext2[promiseKey];
      audioNode = new AudioWorkletNode(audioContext2, audioNodeKey, options);
    }
    let requestMap = {};
    let idCounter = 0;
    let timeUpdateCallback = null;
    let post = (transfer, ...data) => {
      let id = idCounter++;
      return new Promise((resolve) => {
        requestMap[id] = resolve;
        audioNode.port.postMessage([id].concat(data), transfer);
      });
    };
    audioNode.inputTime = 0;
    audioNode.port.onmessage = (event) => {
      let data = event.data;
      let id = data[0], value = data[1];
      if (id == "time") {
        audioNode.inputTime = value;
        if (timeUpdateCallback) timeUpdateCallback(value);
      }
      if (id in requestMap) {
        requestMap[id](value);
        delete requestMap[id];
      }
    };
    return new Promise((resolve) => {
      requestMap["ready"] = (remoteMethodKeys) => {
        Object.keys(remoteMethodKeys).forEach((key) => {
          let argCount = remoteMethodKeys[key];
          audioNode[key] = (...args) => {
            let transfer = null;
            if (args.length > argCount) {
              transfer = args.pop();
            }
            return post(transfer, key, ...args);
          };
        });
        audioNode.setUpdateInterval = (seconds, callback) => {
          timeUpdateCallback = callback;
          return post(null, "setUpdateInterval", seconds);
        };
        resolve(audioNode);
      };
    });
  };
  return createNode;
})(SignalsmithStretch, "signalsmith-stretch");
if (typeof exports === "object" && typeof module === "object") {
  module.exports = SignalsmithStretch;
} else if (typeof define === "function" && define["amd"]) {
  define([], () => SignalsmithStretch);
}
var _export = SignalsmithStretch;
var SignalsmithStretch_default = _export;

// src/engine.js
var FADE = 0.01;
var XFADE = 0.03;
var SETTLE = 0.1;
var LEAD = 0.05;
var HORIZON = 1.5;
var HISTORY = 10;
var SEND_AHEAD = 0.15;
var WARM = 0.15;
var dbToGain = (db) => 10 ** (db / 20);
function rampAt(param, from, to, at, end) {
  param.cancelAndHoldAtTime(at);
  param.setValueAtTime(from, at);
  param.linearRampToValueAtTime(to, Math.max(end, at + 1e-4));
}
async function createEngine(ctx, stems, grid, { stretch = true } = {}) {
  let node = null;
  let fallback = "";
  if (!stretch) fallback = "the live pitch-keeping engine is turned off";
  else if (!ctx.audioWorklet || typeof AudioWorkletNode === "undefined") fallback = "this browser has no AudioWorklet";
  else {
    try {
      node = await SignalsmithStretch_default(ctx, {
        // One (unconnected) input: with none, the worklet's process() fails while it is inactive.
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [2 * stems.length]
      });
      const length = Math.max(...stems.map(({ buffer }) => buffer.length));
      const channels = stems.flatMap(
        ({ buffer }) => [0, 1].map((c4) => {
          const padded = new Float32Array(length);
          padded.set(buffer.getChannelData(Math.min(c4, buffer.numberOfChannels - 1)));
          return padded;
        })
      );
      await node.addBuffers(
        channels,
        channels.map((c4) => c4.buffer)
      );
    } catch (err) {
      node = null;
      fallback = `the pitch-keeping engine did not start (${err.message || err})`;
    }
  }
  return new Engine(ctx, stems, grid, node, fallback);
}
function joinCurves(outgoing, incoming) {
  const n4 = outgoing.length;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i4 = 0; i4 < n4; i4++) {
    xy += outgoing[i4] * incoming[i4];
    xx += outgoing[i4] * outgoing[i4];
    yy += incoming[i4] * incoming[i4];
  }
  const r4 = xx > 0 && yy > 0 ? Math.min(Math.max(xy / Math.sqrt(xx * yy), 0), 1) : 0;
  const out = new Float32Array(n4);
  const inc = new Float32Array(n4);
  for (let i4 = 0; i4 < n4; i4++) {
    const t4 = (i4 + 0.5) / n4;
    const norm = Math.sqrt((1 - t4) ** 2 + t4 ** 2 + 2 * r4 * (1 - t4) * t4);
    out[i4] = (1 - t4) / norm;
    inc[i4] = t4 / norm;
  }
  return [out, inc];
}
var Engine = class {
  constructor(ctx, stems, grid, stretch, fallback) {
    this.ctx = ctx;
    this.grid = grid;
    this.stretch = stretch;
    this.fallback = fallback;
    this.duration = Math.max(...stems.map((s4) => s4.buffer.duration));
    this.master = ctx.createGain();
    this.master.connect(ctx.destination);
    this.stems = stems.map(({ name: name2, buffer }) => {
      const gain = ctx.createGain();
      gain.connect(this.master);
      return { name: name2, buffer, gain };
    });
    this.metronome = ctx.createGain();
    this.metronome.gain.value = 0;
    this.metronome.connect(this.master);
    this.countInGain = ctx.createGain();
    this.countInGain.connect(this.master);
    this.clicks = [clickBuffer(ctx, false), clickBuffer(ctx, true)];
    if (stretch) {
      this.gate = ctx.createGain();
      this.gate.gain.value = 0;
      const split = ctx.createChannelSplitter(2 * stems.length);
      stretch.connect(this.gate).connect(split);
      this.stems.forEach((stem, k2) => {
        const merge = ctx.createChannelMerger(2);
        split.connect(merge, 2 * k2, 0);
        split.connect(merge, 2 * k2 + 1, 1);
        merge.connect(stem.gain);
      });
    }
    this.speed = 1;
    this.semitones = 0;
    this.loop = null;
    this.countIn = false;
    this.countInEveryPass = false;
    this.trainer = null;
    this.playing = false;
    this.pausedAt = 0;
    this.passes = 0;
    this.segments = [];
    this.countClicks = [];
    this.queue = [];
    this.sentUntil = -Infinity;
    this.gateOpen = false;
    this.stretchOn = false;
    this.warmAt = Infinity;
    this.onSpeed = () => {
    };
    this.onEnded = () => {
    };
  }
  #path() {
    return this.stretch && (this.speed !== 1 || this.semitones !== 0) ? "stretch" : "direct";
  }
  #schedule(change) {
    this.queue.push(change);
    this.queue.sort((a4, b2) => a4.output - b2.output);
    this.pump();
  }
  /**
   * Send due changes to the stretch worklet. Each change it receives drops those it holds for
   * later, so changes go one at a time, each once the one before has taken effect.
   */
  pump(now = this.ctx.currentTime) {
    while (this.queue.length && this.queue[0].output <= now + SEND_AHEAD && this.sentUntil <= now) {
      const change = this.queue.shift();
      this.stretch.schedule(change);
      this.sentUntil = change.output;
    }
  }
  /** Where playback starts from `p`: inside the loop when looping, at 0 past the end. */
  #startPosition(p3) {
    if (this.loop && (p3 < this.loop.start || p3 >= this.loop.end - 0.05)) return this.loop.start;
    return p3 >= this.duration - 0.05 ? 0 : p3;
  }
  /** Song position (seconds of input) heard at context time `t`. */
  positionAt(t4) {
    if (!this.playing) return this.pausedAt;
    for (let i4 = this.segments.length - 1; i4 >= 0; i4--) {
      const s4 = this.segments[i4];
      if (t4 >= s4.t0) return Math.min(s4.p1, s4.p0 + (t4 - s4.t0) * s4.rate);
    }
    return this.segments.length ? this.segments[0].p0 : this.pausedAt;
  }
  get position() {
    return this.positionAt(this.ctx.currentTime);
  }
  /** Seconds after `now` + LEAD until the stretcher's output is whole (WARM from cold). */
  #coldFor(now) {
    return this.stretchOn ? Math.max(0, this.warmAt - (now + LEAD)) : WARM;
  }
  /** Delay before the stretch path can be heard (0 if it is not needed or already warm). */
  warmUp() {
    return this.#path() === "stretch" ? this.#coldFor(this.ctx.currentTime) : 0;
  }
  /** Start playing at context time `at` (default: as soon as it can), with a count-in if it is on. */
  play(at = this.ctx.currentTime + LEAD + this.warmUp(), countIn = this.countIn) {
    if (this.playing) return;
    this.playing = true;
    this.passes = 0;
    this.#planFrom(at, this.#startPosition(this.pausedAt), countIn);
  }
  /** Stop, fading out over FADE from context time `at` (default: at once). */
  pause(at = this.ctx.currentTime + 0.01) {
    if (!this.playing) return;
    const T2 = at;
    const p3 = this.positionAt(T2);
    this.#truncate(T2, null);
    this.segments = [];
    this.playing = false;
    this.pausedAt = p3;
  }
  seek(p3) {
    p3 = Math.min(Math.max(0, p3), this.duration);
    if (!this.playing) {
      this.pausedAt = p3;
      return;
    }
    this.#replan(() => p3);
  }
  setSpeed(speed) {
    this.#replan(() => {
      this.speed = speed;
    });
  }
  setSemitones(semitones) {
    this.#replan(() => {
      this.semitones = semitones;
    });
  }
  /** Loop `{start, end}` in seconds of the song, or null. */
  setLoop(loop) {
    this.#replan(() => {
      this.loop = loop && loop.end - loop.start > 4 * FADE ? loop : null;
      this.passes = 0;
    }, true);
  }
  /** Level in dB per stem name, and which are muted or soloed; takes effect within a few ms. */
  setMix(levels, mute, solo) {
    for (const stem of this.stems) {
      const heard = (!solo.length || solo.includes(stem.name)) && !mute.includes(stem.name);
      this.#level(stem.gain.gain, heard ? dbToGain(levels[stem.name] ?? 0) : 0);
    }
  }
  setMetronome(on, levelDb) {
    this.#level(this.metronome.gain, on ? dbToGain(levelDb) : 0);
    this.#level(this.countInGain.gain, dbToGain(levelDb));
  }
  /** A level change: a 5 ms glide while playing (no zipper noise), immediate otherwise. */
  #level(param, value) {
    if (this.playing) param.setTargetAtTime(value, this.ctx.currentTime, 5e-3);
    else param.value = value;
  }
  /** Plan ahead up to context time `until`: loop passes and their clicks. Called by the clock tick. */
  extend(until = this.ctx.currentTime + HORIZON) {
    while (this.playing && this.loop && this.segments.length) {
      const last2 = this.segments[this.segments.length - 1];
      if (last2.t1 > until) break;
      this.passes += 1;
      this.#train();
      const countIn = this.countInEveryPass && this.countIn;
      if (countIn) this.#truncate(last2.t1 - FADE, null);
      this.#planFrom(last2.t1, this.loop.start, countIn);
    }
    const now = this.ctx.currentTime;
    const last = this.segments[this.segments.length - 1];
    if (this.playing && !this.loop && last && now >= last.t1) {
      this.#truncate(now, null);
      this.playing = false;
      this.segments = [];
      this.pausedAt = 0;
      this.onEnded();
    }
    this.segments = this.segments.filter((s4, i4) => s4.t1 > now - HISTORY || i4 === this.segments.length - 1);
    this.countClicks = this.countClicks.filter((c4) => c4.at > now - HISTORY);
  }
  /** The speed trainer: +step % every `every` passes, up to the target. */
  #train() {
    const t4 = this.trainer;
    if (!t4 || this.passes % t4.every !== 0 || this.speed >= t4.target) return;
    this.speed = Math.min(t4.target, Math.round((this.speed + t4.step / 100) * 100) / 100);
    this.onSpeed(this.speed);
  }
  /**
   * Apply `change` to the settings; while playing, cross over to the new plan at the clock + LEAD
   * (once the stretcher is warm, if the change moves onto it). A change that moves between the
   * direct path and the stretcher is an XFADE long cross-fade (see #planFrom).
   */
  #replan(change, keepInLoop = false) {
    if (!this.playing) {
      change();
      return;
    }
    const was = this.#path();
    const target = change();
    const now = this.ctx.currentTime;
    const next = this.#path();
    const fade = next === "stretch" && was !== "stretch" ? XFADE : FADE;
    const T2 = now + LEAD + (fade === XFADE ? this.#coldFor(now) : 0);
    const p3 = this.positionAt(T2 + fade);
    let from = typeof target === "number" ? target : p3;
    if (keepInLoop) from = this.#startPosition(from);
    this.#truncate(T2, next, fade);
    this.#planFrom(T2 + fade, from, false, fade);
  }
  /** End everything planned at T, fading out over `fade`; `next` is the path that takes over, null to stop. */
  #truncate(T2, next, fade = FADE) {
    const end = T2 + fade;
    for (const s4 of this.segments) {
      for (const { src, env } of s4.sources) {
        rampAt(env.gain, 1, 0, T2, end);
        src.stop(end);
      }
      for (const c4 of s4.clicks) if (c4.at >= T2) c4.src.stop(T2);
      s4.t1 = Math.min(s4.t1, end);
      s4.p1 = Math.min(s4.p1, s4.p0 + (end - s4.t0) * s4.rate);
    }
    for (const c4 of this.countClicks) if (c4.at >= T2) c4.src.stop(T2);
    this.countClicks = this.countClicks.filter((c4) => c4.at < T2);
    this.queue = this.queue.filter((c4) => c4.output < T2);
    this.segments = this.segments.filter((s4) => s4.t0 < end);
    if (this.stretch && next === null) {
      if (this.gateOpen) rampAt(this.gate.gain, 1, 0, T2, end);
      if (this.stretchOn) this.#schedule({ output: end, active: false });
      this.gateOpen = false;
      this.stretchOn = false;
      this.warmAt = Infinity;
    }
  }
  /**
   * A bar of clicks from context time t, leading into the beat after song time p at the grid's tempo
   * over the looped bars (the bar from p without a loop), scaled by the speed; returns when the music starts.
   */
  #countIn(t4, p3) {
    const { lead, clicks } = this.grid.countIn(p3, this.loop ? this.loop.end : null, this.speed);
    for (const c4 of clicks) this.countClicks.push(this.#click(t4 + c4.at, c4.accent, this.countInGain));
    return t4 + lead;
  }
  #click(at, accent, out) {
    const src = this.ctx.createBufferSource();
    src.buffer = this.clicks[accent ? 1 : 0];
    src.connect(out);
    src.start(Math.max(at, 0));
    return { src, at };
  }
  /**
   * Plan one segment from context time t at song time p to the loop's end (or the song's); the
   * audio just before it fades in over `fade` before t.
   *
   * The stretcher follows the plan on both paths and is heard only on its own. Coming in from the
   * direct path it is already warm and plays what the direct path plays until t, cross-fading over
   * `fade` before t, and takes the new speed and key at t. Going back, it takes 1.0x / 0 st at t and
   * the direct path comes in SETTLE later, cross-fading over XFADE.
   */
  #planFrom(t4, p3, countIn, fade = FADE) {
    if (countIn) t4 = this.#countIn(t4, p3);
    const rate = this.speed;
    const p1 = this.loop ? this.loop.end : this.duration;
    const prev = this.segments[this.segments.length - 1];
    const joined = prev && Math.abs(prev.t1 - t4) < 1e-9 && prev.p1 === p1 && this.loop && prev.sources.length;
    const seg = { t0: t4, p0: p3, p1, t1: t4 + (p1 - p3) / rate, rate, sources: [], clicks: [] };
    const now = this.ctx.currentTime;
    const lead = Math.min(fade, p3 / rate, Math.max(0, t4 - now));
    const stretch = this.#path() === "stretch";
    let direct = { seg, lead, prev: joined ? prev : null };
    if (this.stretch) {
      const heard = this.gateOpen;
      const warmIn = stretch && !heard && this.stretchOn;
      const at = t4 - lead;
      const from = heard || warmIn ? t4 : at;
      const warm = this.stretchOn ? 0 : Math.min(WARM, Math.max(0, from - now));
      this.#schedule({
        output: from - warm,
        input: p3 - (t4 - from + warm) * rate,
        rate,
        semitones: this.semitones,
        active: true,
        loopStart: 0,
        loopEnd: 0
      });
      if (!this.stretchOn) this.warmAt = from - warm + WARM;
      this.stretchOn = true;
      if (stretch && !heard) {
        rampAt(this.gate.gain, 0, 1, at, t4);
        this.gateOpen = true;
      } else if (!stretch && heard) {
        const t0 = t4 + SETTLE + XFADE;
        rampAt(this.gate.gain, 1, 0, t0 - XFADE, t0);
        direct = { seg: { ...seg, t0, p0: p3 + (t0 - t4) * rate }, lead: XFADE, prev: null };
        this.gateOpen = false;
      }
      if (!this.loop) this.#schedule({ output: seg.t1 + 0.5, active: false });
    }
    if (!stretch) this.#planDirect(direct.seg, direct.lead, direct.prev);
    for (const b2 of this.grid.between(p3, p1)) {
      const at = t4 + (b2 - p3) / rate;
      if (at >= this.ctx.currentTime) seg.clicks.push(this.#click(at, this.grid.isDownbeat(b2), this.metronome));
    }
    this.segments.push(seg);
  }
  /** One AudioBufferSourceNode per stem, fading in over `lead`, out over the last FADE (a power-keeping join after `prev`). */
  #planDirect(seg, lead, prev) {
    const { t0, p0, t1, rate } = seg;
    const sr = this.ctx.sampleRate;
    const fadeOut = Math.min(FADE, t1 - t0);
    this.stems.forEach((stem, k2) => {
      const src = this.ctx.createBufferSource();
      src.buffer = stem.buffer;
      src.playbackRate.value = rate;
      const env = this.ctx.createGain();
      if (lead > 0) env.gain.value = 0;
      src.connect(env).connect(stem.gain);
      if (prev && lead > 0) {
        const n4 = Math.max(2, Math.round(lead * sr));
        const data = stem.buffer.getChannelData(0);
        const at = Math.round(p0 * sr);
        const endAt = Math.round(prev.p1 * sr);
        const [out, inc] = joinCurves(data.subarray(endAt - n4, endAt), data.subarray(at - n4, at));
        prev.sources[k2].env.gain.cancelScheduledValues(t0 - lead);
        prev.sources[k2].env.gain.setValueCurveAtTime(out, t0 - lead, lead);
        env.gain.setValueCurveAtTime(inc, t0 - lead, lead);
      } else if (lead > 0) {
        env.gain.setValueAtTime(0, t0 - lead);
        env.gain.linearRampToValueAtTime(1, t0);
      }
      env.gain.setValueAtTime(1, t1 - fadeOut);
      env.gain.linearRampToValueAtTime(0, t1);
      src.start(t0 - lead, p0 - lead * rate);
      src.stop(t1);
      seg.sources.push({ src, env });
    });
  }
};

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
function beatPosition(beats, t4) {
  const n4 = beats.length;
  let lo = 0;
  let hi = n4 - 1;
  if (t4 <= beats[0]) return (t4 - beats[0]) / (beats[1] - beats[0]);
  if (t4 >= beats[n4 - 1]) return n4 - 1 + (t4 - beats[n4 - 1]) / (beats[n4 - 1] - beats[n4 - 2]);
  while (hi - lo > 1) {
    const mid = lo + hi >> 1;
    if (beats[mid] <= t4) lo = mid;
    else hi = mid;
  }
  return lo + (t4 - beats[lo]) / (beats[hi] - beats[lo]);
}
function noteValue(notes, i4, beats, subdivision = 2) {
  if (!beats || beats.length < 2) return null;
  const note = notes[i4];
  const next = notes[i4 + 1];
  const startBeat = beatPosition(beats, note.start);
  let endBeat = beatPosition(beats, note.end);
  if (next && beatPosition(beats, next.start) - endBeat < 0.25) endBeat = beatPosition(beats, next.start);
  const quarters = Math.max(1e-3, endBeat - startBeat) * (subdivision === 3 ? 1.5 : 1);
  let best = VALUES[0];
  for (const v3 of VALUES) if (Math.abs(Math.log2(quarters / v3.quarters)) < Math.abs(Math.log2(quarters / best.quarters))) best = v3;
  return best;
}
function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k2, v3] of Object.entries(attrs)) node.setAttribute(k2, String(v3));
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
function phraseAt(phrases, p3) {
  let i4 = -1;
  while (i4 + 1 < phrases.length && phrases[i4 + 1].start <= p3 + 0.05) i4++;
  if (i4 >= 0 && p3 < phrases[i4].end + 0.5) return i4;
  return Math.min(i4 + 1, phrases.length - 1);
}
function clefOf(pitches) {
  const sorted = [...pitches].sort((a4, b2) => a4 - b2);
  return sorted.length && sorted[sorted.length >> 1] < 55 ? "bass" : "treble";
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
    const w2 = Math.round(entry.contentRect.width);
    if (w2 > 0) width = w2;
  });
  sized.observe(drawing);
  let heads = [];
  let marks = [];
  let litNode = null;
  function layout(phrase, width2, values) {
    const { start, end, first, count } = line.phrases[phrase];
    const perSecond = (width2 - 90) / Math.max(0.5, end - start);
    const beats = line.beats || [];
    const inBeats = (t4) => beats.length > 1 ? beatPosition(beats, t4) : t4;
    const onsets = [inBeats(line.notes[first].start), inBeats(line.notes[first + count - 1].start)];
    const events = (line.downbeats || []).map((t4) => ({ t: t4, at: inBeats(t4) - ON_BEAT, bar: true })).filter(({ at }) => at >= onsets[0] - 2 * ON_BEAT && at <= onsets[1]);
    for (let i4 = first; i4 < first + count; i4++) events.push({ t: line.notes[i4].start, at: inBeats(line.notes[i4].start), i: i4 });
    events.sort((a4, b2) => a4.at - b2.at);
    const places = [];
    const bars = [];
    let row = 0;
    let rowStart = start;
    let last = -Infinity;
    let room = 0;
    for (const event of events) {
      if (event.bar) {
        const x3 = Math.max(50 + (event.t - rowStart) * perSecond, last + BAR_BEFORE);
        bars.push({ x: Math.min(x3, width2 - 14), row });
        last = Math.min(x3, width2 - 14);
        room = BAR_AFTER;
        continue;
      }
      let x2 = Math.max(60 + (event.t - rowStart) * perSecond, last + room);
      if (x2 > width2 - 30 && places.length && last > 60) {
        row += 1;
        rowStart = event.t;
        x2 = 60;
      }
      places.push({ x: x2, row });
      last = x2;
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
      for (let i4 = first2; i4 < first2 + count2; i4++) {
        const steps = TOP_STEP[clef] - line.spelling(i4, semitones).step;
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
      for (let i4 = first2; i4 < first2 + count2; i4++) values.push(noteValue(line.notes, i4, line.beats, line.subdivision));
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
    for (let r4 = 0; r4 < rows; r4++) {
      const top = TOP + lift + r4 * rowHeight;
      for (let k2 = 0; k2 < 5; k2++) drawing.append(svg("line", { x1: 10, x2: width2 - 10, y1: top + k2 * GAP, y2: top + k2 * GAP, class: "staff-line" }));
      drawing.append(svg("text", { x: 14, y: top + (clef === "bass" ? 1 : 3) * GAP + 8, class: "staff-clef" }, clef === "bass" ? "F" : "G"));
      const base = top + STAFF_FOOT + drop;
      for (let s4 = 0; s4 < strings; s4++) {
        drawing.append(svg("line", { x1: 30, x2: width2 - 10, y1: base + s4 * STRING, y2: base + s4 * STRING, class: "tab-line" }));
        drawing.append(svg("text", { x: 12, y: base + s4 * STRING + 4, class: "tab-string" }, line.strings[s4]));
      }
    }
    if (phrase < 0) return;
    for (const { x: x2, row } of bars) {
      const top = TOP + lift + row * rowHeight;
      drawing.append(svg("line", { x1: x2, x2, y1: top, y2: top + 4 * GAP, class: "bar-line" }));
    }
    const { first, count } = line.phrases[phrase];
    for (let i4 = first; i4 < first + count; i4++) {
      const { pitch, step, mark, name: name2 } = line.spelling(i4, semitones);
      const { x: cx, row } = places[i4 - first];
      const top = TOP + lift + row * rowHeight;
      const base = top + STAFF_FOOT + drop;
      const steps = TOP_STEP[clef] - step;
      const cy = top + steps * GAP / 2;
      const ledger = (y2) => drawing.append(svg("line", { x1: cx - 9, x2: cx + 9, y1: y2, y2, class: "staff-line" }));
      for (let l4 = 10; l4 <= steps; l4 += 2) ledger(top + l4 * GAP / 2);
      for (let l4 = -2; l4 >= steps; l4 -= 2) ledger(top + l4 * GAP / 2);
      if (mark) drawing.append(svg("text", { x: cx - 16, y: cy + 4, class: "staff-mark" }, mark));
      const value = values[i4 - first];
      const head2 = svg("ellipse", { cx, cy, rx: 5.5, ry: 4, transform: `rotate(-17 ${cx} ${cy})`, class: value?.hollow ? "note hollow" : "note" });
      head2.dataset.pitch = String(pitch);
      head2.dataset.step = String(step);
      head2.dataset.index = String(i4);
      head2.dataset.value = value ? value.name : "";
      head2.append(svg("title", {}, value ? `${name2}, ${value.name}` : name2));
      drawing.append(head2);
      heads[i4] = head2;
      if (value) {
        marks[i4] = valueMarks(value, cx, cy, steps, top);
        marks[i4].dataset.index = String(i4);
        drawing.append(marks[i4]);
      }
      const fret = strings ? line.tab(i4, semitones) : null;
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
      const x2 = up ? cx + 5 : cx - 5;
      const tip = up ? Math.min(cy - STEM, middle) : Math.max(cy + STEM, middle);
      group.append(svg("line", { x1: x2, x2, y1: cy, y2: tip, class: "note-stem" }));
      for (let f3 = 0; f3 < value.flags; f3++) {
        const y2 = up ? tip + 7 * f3 : tip - 7 * f3;
        const d3 = up ? `M ${x2} ${y2} c 1 6 9 7 7 15` : `M ${x2} ${y2} c 1 -6 9 -7 7 -15`;
        group.append(svg("path", { d: d3, class: "note-flag" }));
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
    show(p3, lit, semitones) {
      const phrase = line.phraseAt(p3);
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
var MELODY = "melody";
var PARTIALS = [1, 0.45, 0.22, 0.1];
var ATTACK = 0.012;
var DECAY = 0.12;
var SUSTAIN = 0.7;
var RELEASE = 0.06;
var PEAK = 0.3;
var TABLE = 4096;
var Melody = class {
  constructor({ notes = [], range = null, names = [], shifts, phrases = [], strings = [], tabs = [], grid = {} }) {
    this.notes = notes;
    this.range = range || [60, 72];
    this.names = names;
    this.shifts = shifts;
    this.phrases = phrases;
    this.strings = strings;
    this.tabs = tabs;
    this.beats = grid.beats || [];
    this.downbeats = grid.downbeats || [];
    this.subdivision = grid.subdivision || 2;
  }
  /** Index of the phrase to show at song time `p` (notation.js). */
  phraseAt(p3) {
    return phraseAt(this.phrases, p3);
  }
  /** Song pitch `pitch` played `semitones` away, spelt in that key: {name ("F♯4"), step, mark ("♯", "♭" or "")}. */
  spell(pitch, semitones) {
    const moved = pitch + semitones;
    const [lo, hi] = this.shifts;
    const spelt = this.names[Math.min(hi, Math.max(lo, Math.round(semitones))) - lo];
    const [name2, correction] = spelt ? spelt[(moved % 12 + 12) % 12] : ["C", 0];
    const octave = Math.floor(moved / 12) - 1 + correction;
    const mark = { "": "", "#": "♯", b: "♭", "##": "𝄪", bb: "𝄫" }[name2.slice(1)] ?? "";
    return { name: spelt ? `${name2}${octave}` : String(moved), step: 7 * (octave + 1) + "CDEFGAB".indexOf(name2[0]), mark };
  }
  /** Note `i` played `semitones` away, as the staff draws it (notation.js): {pitch, name, step, mark}. */
  spelling(i4, semitones) {
    const pitch = this.notes[i4].pitch + semitones;
    return { pitch, ...this.spell(this.notes[i4].pitch, semitones) };
  }
  /** The clef of the line played `semitones` away (notation.js). */
  clef(semitones) {
    return clefOf(this.notes.map((n4) => n4.pitch + semitones));
  }
  /** Note `i`'s [string, fret] on the tab, played `semitones` away (null without a tab). */
  tab(i4, semitones) {
    const [lo, hi] = this.shifts;
    const frets = this.tabs[Math.min(hi, Math.max(lo, Math.round(semitones))) - lo];
    return frets && 2 * i4 + 1 < frets.length ? [frets[2 * i4], frets[2 * i4 + 1]] : null;
  }
  /** Index of the note sounding at song time `p`, or -1 (a rest). */
  at(p3) {
    let lo = 0;
    let hi = this.notes.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (this.notes[mid].start <= p3) lo = mid + 1;
      else hi = mid;
    }
    const i4 = lo - 1;
    return i4 >= 0 && p3 < this.notes[i4].end ? i4 : -1;
  }
  /** The name of song pitch `pitch` played `semitones` away, spelt in that key ("F♯4"). */
  name(pitch, semitones) {
    return this.spell(pitch, semitones).name;
  }
};
var table = null;
function wave() {
  if (!table) {
    table = new Float32Array(TABLE + 1);
    PARTIALS.forEach((a4, k2) => {
      for (let i4 = 0; i4 <= TABLE; i4++) table[i4] += a4 * Math.sin(2 * Math.PI * (k2 + 1) * i4 / TABLE);
    });
    const top = table.reduce((m2, v3) => Math.max(m2, Math.abs(v3)), 0);
    for (let i4 = 0; i4 <= TABLE; i4++) table[i4] /= top;
  }
  return table;
}
function synthesize(notes, length, sampleRate2) {
  const out = new Float32Array(length);
  const w2 = wave();
  for (const { start, end, pitch, velocity } of notes) {
    const from = Math.round(start * sampleRate2);
    if (from >= length) break;
    const held = Math.max(ATTACK + 0.01, end - start);
    const to = Math.min(length, Math.round((start + held + RELEASE) * sampleRate2));
    const step = TABLE * 440 * 2 ** ((pitch - 69) / 12) / sampleRate2;
    const peak = PEAK * (velocity / 127);
    let phase = 0;
    for (let i4 = from; i4 < to; i4++) {
      const t4 = (i4 - from) / sampleRate2;
      let env;
      if (t4 < ATTACK) env = t4 / ATTACK;
      else if (t4 < held) env = SUSTAIN + (1 - SUSTAIN) * Math.exp(-(t4 - ATTACK) / DECAY);
      else env = (SUSTAIN + (1 - SUSTAIN) * Math.exp(-(held - ATTACK) / DECAY)) * Math.max(0, 1 - (t4 - held) / RELEASE);
      const j = phase | 0;
      const frac = phase - j;
      out[i4] += peak * env * (w2[j] + frac * (w2[j + 1] - w2[j]));
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
var ROLL_CSS = `
  .jam-roll { position: absolute; left: 0; top: 0; width: 100%; pointer-events: none; z-index: 5; }
  .jam-roll b { position: absolute; min-width: 2px; box-sizing: border-box; border-radius: 2px;
    background: color-mix(in srgb, var(--jam-roll-note, #3a6ea5) 80%, transparent); }
  .jam-roll b.lit { background: var(--jam-roll-lit, #e4572e); z-index: 1; }
`;
function mountRoll(wrapper, melody, duration, height) {
  const node = document.createElement("div");
  node.className = "jam-roll";
  node.style.height = `${height}px`;
  node.dataset.testid = "jam-melody-roll";
  const bars = melody.notes.map((n4) => {
    const bar = document.createElement("b");
    bar.style.left = `${100 * n4.start / duration}%`;
    bar.style.width = `${100 * (n4.end - n4.start) / duration}%`;
    node.appendChild(bar);
    return bar;
  });
  wrapper.appendChild(node);
  let lit = -1;
  let semitones = 0;
  return {
    node,
    /** Move the notes (and their names) `to` semitones from the song's key: a row a semitone. */
    setKey(to) {
      semitones = to;
      const [low, high] = melody.range;
      const bottom = low + Math.min(0, to) - 1;
      const rows = high + Math.max(0, to) + 2 - bottom;
      const row = height / rows;
      melody.notes.forEach((n4, i4) => {
        const bar = bars[i4];
        bar.style.top = `${height - (n4.pitch + to - bottom + 1) * row}px`;
        bar.style.height = `${Math.max(2, row - 1)}px`;
        bar.title = melody.name(n4.pitch, to);
        bar.dataset.pitch = String(n4.pitch + to);
      });
    },
    show(p3) {
      const i4 = melody.at(p3);
      if (i4 !== lit) {
        bars[lit]?.classList.remove("lit");
        bars[i4]?.classList.add("lit");
        lit = i4;
      }
      return i4;
    },
    get semitones() {
      return semitones;
    }
  };
}

// src/settings.js
var clamp = (v3, { min = -Infinity, max = Infinity }) => Math.min(max, Math.max(min, v3));
var Settings = class {
  /** `spec`: each field's {type, default, min, max, step, unit}, as PlayerState enforces them. */
  constructor(spec) {
    if (!spec?.speed || !spec?.semitones || !spec?.levels) throw new Error("the player needs its settings' spec");
    this.spec = spec;
  }
  defaults(names) {
    const out = {};
    for (const [field, spec] of Object.entries(this.spec)) {
      out[field] = spec.type === "levels" ? Object.fromEntries(names.map((n4) => [n4, spec.default_db])) : spec.default;
    }
    out.mute = [];
    out.solo = [];
    return out;
  }
  /** Settings from Python merged over the defaults, unknown stems dropped, numbers in their ranges. */
  merge(names, given) {
    const base = this.defaults(names);
    const s4 = { ...base, ...given || {} };
    s4.levels = { ...base.levels, ...given?.levels || {} };
    for (const n4 of Object.keys(s4.levels)) s4.levels[n4] = clamp(Number(s4.levels[n4]) || 0, this.spec.levels);
    s4.mute = (s4.mute || []).filter((n4) => names.includes(n4));
    s4.solo = (s4.solo || []).filter((n4) => names.includes(n4));
    s4.speed = this.clampSpeed(s4.speed);
    s4.semitones = Math.round(clamp(Number(s4.semitones) || 0, this.spec.semitones));
    return s4;
  }
  clampSpeed(speed) {
    const { min, max } = this.spec.speed;
    return Math.round(Math.min(max, Math.max(min, Number(speed) || 1)) * 100) / 100;
  }
  /** Push every setting into the engine (cheap: each is a parameter change or a replan). */
  apply(engine, s4) {
    const floor = this.spec.levels.min;
    const levels = Object.fromEntries(Object.entries(s4.levels).map(([n4, db]) => [n4, db <= floor ? -Infinity : db]));
    engine.setMix(levels, s4.mute, s4.solo);
    engine.setMetronome(s4.metronome, s4.metronome_db);
    engine.countIn = s4.count_in;
    engine.countInEveryPass = s4.count_in_every_pass;
    engine.trainer = s4.trainer_on ? {
      step: s4.trainer_step,
      every: Math.max(1, Math.round(s4.trainer_every)),
      target: this.clampSpeed(s4.trainer_target)
    } : null;
    if (engine.speed !== s4.speed) engine.setSpeed(s4.speed);
    const semitones = engine.stretch ? s4.semitones : 0;
    if (engine.semitones !== semitones) engine.setSemitones(semitones);
    const loop = s4.loop_on && s4.loop_end > s4.loop_start ? { start: s4.loop_start, end: s4.loop_end } : null;
    const same = loop && engine.loop ? loop.start === engine.loop.start && loop.end === engine.loop.end : loop === engine.loop;
    if (!same) engine.setLoop(loop);
  }
};

// src/transport.js
var EngineMedia = class extends EventTarget {
  constructor(engine) {
    super();
    this.engine = engine;
    this.readyState = 4;
    this.seeking = false;
    this.volume = 1;
    this.muted = false;
    this.playbackRate = 1;
    this.src = "";
    this.currentSrc = "";
    this.error = null;
  }
  get duration() {
    return this.engine.duration;
  }
  get currentTime() {
    return this.engine.position;
  }
  set currentTime(seconds) {
    this.engine.seek(seconds);
    this.#emit("timeupdate");
  }
  get paused() {
    return !this.engine.playing;
  }
  get ended() {
    return false;
  }
  async play() {
    if (this.engine.ctx.state === "suspended") await this.engine.ctx.resume();
    this.engine.play();
    this.#emit("play");
  }
  pause() {
    this.engine.pause();
    this.#emit("pause");
  }
  /** The engine stopped at the song's end. */
  notifyEnded() {
    this.#emit("pause");
  }
  #emit(type) {
    this.dispatchEvent(new Event(type));
  }
  canPlayType() {
    return "probably";
  }
};

// node_modules/wavesurfer.js/dist/wavesurfer.esm.js
function t(t4, e4, i4, s4) {
  return new (i4 || (i4 = Promise))((function(n4, r4) {
    function o4(t5) {
      try {
        l4(s4.next(t5));
      } catch (t6) {
        r4(t6);
      }
    }
    function a4(t5) {
      try {
        l4(s4.throw(t5));
      } catch (t6) {
        r4(t6);
      }
    }
    function l4(t5) {
      var e5;
      t5.done ? n4(t5.value) : (e5 = t5.value, e5 instanceof i4 ? e5 : new i4((function(t6) {
        t6(e5);
      }))).then(o4, a4);
    }
    l4((s4 = s4.apply(t4, e4 || [])).next());
  }));
}
var e = class {
  constructor() {
    this.listeners = {};
  }
  on(t4, e4, i4) {
    if (this.listeners[t4] || (this.listeners[t4] = /* @__PURE__ */ new Set()), null == i4 ? void 0 : i4.once) {
      const i5 = (...s4) => {
        this.un(t4, i5), e4(...s4);
      };
      return this.listeners[t4].add(i5), () => this.un(t4, i5);
    }
    return this.listeners[t4].add(e4), () => this.un(t4, e4);
  }
  un(t4, e4) {
    var i4;
    null === (i4 = this.listeners[t4]) || void 0 === i4 || i4.delete(e4);
  }
  once(t4, e4) {
    return this.on(t4, e4, { once: true });
  }
  unAll() {
    this.listeners = {};
  }
  emit(t4, ...e4) {
    this.listeners[t4] && this.listeners[t4].forEach(((t5) => t5(...e4)));
  }
};
var i = class _i {
  constructor() {
    this.disposers = [], this.children = /* @__PURE__ */ new Set(), this.parent = null, this._disposed = false, this.abortController = null;
  }
  get disposed() {
    return this._disposed;
  }
  add(t4) {
    return this._disposed ? (this.safeRun(t4), () => {
    }) : (this.disposers.push(t4), () => {
      const e4 = this.disposers.indexOf(t4);
      -1 !== e4 && (this.disposers.splice(e4, 1), this.safeRun(t4));
    });
  }
  child() {
    const t4 = new _i();
    return this._disposed ? (t4.dispose(), t4) : (t4.parent = this, this.children.add(t4), t4);
  }
  listen(t4, e4, i4, s4) {
    return t4.addEventListener(e4, i4, s4), this.add((() => t4.removeEventListener(e4, i4, s4)));
  }
  timeout(t4, e4) {
    const i4 = setTimeout((() => {
      s4(), t4();
    }), e4), s4 = this.add((() => clearTimeout(i4)));
    return s4;
  }
  interval(t4, e4) {
    const i4 = setInterval(t4, e4);
    return this.add((() => clearInterval(i4)));
  }
  raf(t4) {
    const e4 = requestAnimationFrame(((e5) => {
      i4(), t4(e5);
    })), i4 = this.add((() => cancelAnimationFrame(e4)));
    return i4;
  }
  observeResize(t4, e4) {
    t4.observe(e4), this.add((() => t4.unobserve(e4)));
  }
  createResizeObserver(t4, e4) {
    const i4 = new ResizeObserver(e4);
    return i4.observe(t4), this.add((() => i4.disconnect())), i4;
  }
  abortSignal() {
    return this.abortController || (this.abortController = new AbortController(), this._disposed && this.abortController.abort()), this.abortController.signal;
  }
  dispose() {
    var t4;
    if (this._disposed) return;
    this._disposed = true, this.parent && (this.parent.children.delete(this), this.parent = null);
    for (const t5 of [...this.children]) t5.dispose();
    this.children.clear();
    const e4 = this.disposers;
    this.disposers = [];
    for (let t5 = e4.length - 1; t5 >= 0; t5--) this.safeRun(e4[t5]);
    null === (t4 = this.abortController) || void 0 === t4 || t4.abort();
  }
  safeRun(t4) {
    try {
      t4();
    } catch (t5) {
      console.error("Scope disposer error:", t5);
    }
  }
};
var s = class extends e {
  get destroyed() {
    return this.isDestroyed;
  }
  constructor(t4) {
    super(), this.subscriptions = [], this.scope = new i(), this.isDestroyed = false, this.options = t4;
  }
  onInit() {
  }
  _init(t4) {
    this.isDestroyed = false, this.wavesurfer = t4, this.onInit();
  }
  destroy() {
    this.isDestroyed || (this.isDestroyed = true, this.emit("destroy"), this.subscriptions.forEach(((t4) => t4())), this.subscriptions = [], this.unAll(), this.scope.dispose(), this.wavesurfer = void 0);
  }
};
var n = { decode: function(e4, i4) {
  return t(this, void 0, void 0, (function* () {
    const t4 = new AudioContext({ sampleRate: i4 });
    try {
      return yield t4.decodeAudioData(e4);
    } finally {
      "closed" !== t4.state && (yield t4.close().catch((() => {
      })));
    }
  }));
}, createBuffer: function(t4, e4) {
  if (!t4 || 0 === t4.length) throw new Error("channelData must be a non-empty array");
  if (e4 <= 0) throw new Error("duration must be greater than 0");
  if ("number" == typeof t4[0] && (t4 = [t4]), !t4[0] || 0 === t4[0].length) throw new Error("channelData must contain non-empty channel arrays");
  const i4 = (function(t5) {
    let e5 = 0;
    for (const i5 of t5) for (let t6 = 0; t6 < i5.length; t6++) {
      const s5 = Math.abs(i5[t6]);
      s5 > e5 && (e5 = s5);
    }
    return e5 <= 1 ? t5 : t5.map(((t6) => {
      const i5 = new Float32Array(t6.length);
      for (let s5 = 0; s5 < t6.length; s5++) i5[s5] = t6[s5] / e5;
      return i5;
    }));
  })(t4).map(((t5) => t5 instanceof Float32Array ? t5 : Float32Array.from(t5))), s4 = (t5) => {
    const e5 = i4[t5];
    if (!e5) throw new Error(`Channel ${t5} not found`);
    return e5;
  };
  return { duration: e4, length: i4[0].length, sampleRate: i4[0].length / e4, numberOfChannels: i4.length, getChannelData: s4, copyFromChannel: (t5, e5, i5 = 0) => {
    const n4 = s4(e5), r4 = Math.max(0, i5), o4 = Math.max(0, Math.min(t5.length, n4.length - r4));
    t5.set(n4.subarray(r4, r4 + o4));
  }, copyToChannel: (t5, e5, i5 = 0) => {
    const n4 = s4(e5), r4 = Math.max(0, i5), o4 = Math.max(0, Math.min(t5.length, n4.length - r4));
    n4.set(t5.subarray(0, o4), r4);
  } };
} };
var r = /* @__PURE__ */ new Set(["destroy", "_init", "onInit", "emit", "on", "un", "once", "unAll", "options", "wavesurfer", "subscriptions", "scope", "destroyed", "isDestroyed", "listeners"]);
function o(t4, e4) {
  const i4 = e4.xmlns ? document.createElementNS(e4.xmlns, t4) : document.createElement(t4);
  for (const [t5, s4] of Object.entries(e4)) if ("children" === t5 && s4) for (const [t6, e5] of Object.entries(s4)) e5 instanceof Node ? i4.appendChild(e5) : "string" == typeof e5 ? i4.appendChild(document.createTextNode(e5)) : i4.appendChild(o(t6, e5));
  else "style" === t5 ? Object.assign(i4.style, s4) : "textContent" === t5 ? i4.textContent = s4 : i4.setAttribute(t5, s4.toString());
  return i4;
}
function a(t4, e4, i4) {
  const s4 = o(t4, e4 || {});
  return null == i4 || i4.appendChild(s4), s4;
}
function l(t4) {
  if (t4 instanceof HTMLElement) return true;
  if ("object" != typeof t4 || null === t4) return false;
  const e4 = t4;
  return e4.nodeType === Node.ELEMENT_NODE && "string" == typeof e4.nodeName && "http://www.w3.org/1999/xhtml" === e4.namespaceURI && "object" == typeof e4.style && null !== e4.style && "function" == typeof e4.appendChild;
}
var h = Object.freeze({ __proto__: null, createElement: a, default: a, isHTMLElement: l });
var d = { fetchBlob: function(e4, i4, s4) {
  return t(this, void 0, void 0, (function* () {
    var n4;
    const r4 = yield fetch(e4, s4);
    if (r4.status >= 400) throw new Error(`Failed to fetch ${e4}: ${r4.status} (${r4.statusText})`);
    return (function(e5, i5, s5) {
      t(this, void 0, void 0, (function* () {
        var t4;
        if (!e5.body || !e5.headers) return;
        const n5 = e5.body.getReader(), r5 = Number(e5.headers.get("Content-Length")) || 0;
        let o4 = 0;
        const a4 = () => {
          n5.cancel();
        };
        if (s5) {
          if (s5.aborted) return void n5.cancel();
          s5.addEventListener("abort", a4, { once: true });
        }
        try {
          for (; ; ) {
            const e6 = yield n5.read();
            if (e6.done) break;
            if (o4 += (null === (t4 = e6.value) || void 0 === t4 ? void 0 : t4.length) || 0, r5 > 0) {
              const t5 = Math.round(o4 / r5 * 100);
              i5(t5);
            }
          }
        } catch (t5) {
          if (t5 instanceof DOMException && "AbortError" === t5.name) return;
          console.warn("Progress tracking error:", t5);
        } finally {
          s5 && s5.removeEventListener("abort", a4);
        }
      }));
    })(r4.clone(), i4, null !== (n4 = null == s4 ? void 0 : s4.signal) && void 0 !== n4 ? n4 : void 0), r4.blob();
  }));
} };
var c = class {
  constructor(t4) {
    this.frameId = null, this.callback = null, this.isRunning = false, t4.add((() => this.stop()));
  }
  get running() {
    return this.isRunning;
  }
  start(t4) {
    if (this.callback = t4, this.isRunning) return;
    this.isRunning = true;
    const e4 = () => {
      var t5;
      this.isRunning && (this.frameId = requestAnimationFrame(e4), null === (t5 = this.callback) || void 0 === t5 || t5.call(this));
    };
    e4();
  }
  stop() {
    this.isRunning = false, null !== this.frameId && (cancelAnimationFrame(this.frameId), this.frameId = null);
  }
};
var u = null;
function p(t4) {
  let e4 = t4;
  const i4 = /* @__PURE__ */ new Set();
  let s4 = false, n4 = false;
  const r4 = { get value() {
    return null == u || u.add(r4), e4;
  }, set(t5) {
    Object.is(e4, t5) || (e4 = t5, (() => {
      if (s4) n4 = true;
      else {
        s4 = true;
        try {
          do {
            n4 = false;
            const t6 = [...i4], s5 = e4;
            for (const i5 of t6) {
              try {
                i5(s5);
              } catch (t7) {
                console.error("Signal subscriber error:", t7);
              }
              if (!Object.is(e4, s5)) {
                n4 = true;
                break;
              }
            }
          } while (n4);
        } finally {
          s4 = false;
        }
      }
    })());
  }, update(t5) {
    this.set(t5(e4));
  }, subscribe: (t5) => (i4.add(t5), () => i4.delete(t5)) };
  return r4;
}
function g(t4) {
  const e4 = u, i4 = /* @__PURE__ */ new Set();
  u = i4;
  try {
    return [t4(), i4];
  } finally {
    u = e4;
  }
}
function m(t4, e4) {
  const i4 = p(void 0);
  let s4 = [], n4 = false;
  const r4 = /* @__PURE__ */ new Set(), o4 = () => {
    if (!n4) if (e4) i4.set(t4());
    else {
      s4.forEach(((t5) => t5()));
      const [e5, n5] = g(t4);
      s4 = [...n5].map(((t5) => t5.subscribe(o4))), i4.set(e5);
    }
  };
  e4 ? (s4 = e4.map(((t5) => t5.subscribe(o4))), i4.set(t4())) : o4();
  const a4 = () => {
    n4 = true, s4.forEach(((t5) => t5())), s4 = [], r4.forEach(((t5) => t5())), r4.clear();
  }, l4 = { get value() {
    return null == u || u.add(l4), i4.value;
  }, subscribe: (t5) => {
    const e5 = i4.subscribe(t5);
    return r4.add(e5), () => {
      r4.delete(e5), e5();
    };
  }, dispose: a4 };
  return Object.defineProperty(l4, "_cleanup", { value: a4, enumerable: false }), Object.defineProperty(l4, "_subscriberCount", { value: () => r4.size, enumerable: false }), l4;
}
function f(t4, e4) {
  let i4, s4 = [], n4 = false;
  const r4 = () => {
    if (!n4) {
      if (i4) {
        try {
          i4();
        } catch (t5) {
          console.error("Effect cleanup error:", t5);
        }
        i4 = void 0;
      }
      if (e4) i4 = t4();
      else {
        s4.forEach(((t5) => t5()));
        const [e5, n5] = g(t4);
        s4 = [...n5].map(((t5) => t5.subscribe(r4))), i4 = e5;
      }
    }
  };
  return e4 && (s4 = e4.map(((t5) => t5.subscribe(r4)))), r4(), () => {
    if (n4 = true, i4) {
      try {
        i4();
      } catch (t5) {
        console.error("Effect cleanup error:", t5);
      }
      i4 = void 0;
    }
    s4.forEach(((t5) => t5())), s4 = [];
  };
}
var v = class {
  get isPlayingSignal() {
    return this._isPlaying;
  }
  get currentTimeSignal() {
    return this._currentTime;
  }
  get durationSignal() {
    return this._duration;
  }
  get volumeSignal() {
    return this._volume;
  }
  get mutedSignal() {
    return this._muted;
  }
  get playbackRateSignal() {
    return this._playbackRate;
  }
  get seekingSignal() {
    return this._seeking;
  }
  constructor(t4) {
    this.isExternalMedia = false, this._ownBlobUrl = null, this.pendingTime = null, this.mediaScope = new i(), t4.media ? (this.media = t4.media, this.isExternalMedia = true) : this.media = document.createElement("audio"), this._isPlaying = p(false), this._currentTime = p(0), this._duration = p(0), this._volume = p(this.media.volume), this._muted = p(this.media.muted), this._playbackRate = p(this.media.playbackRate || 1), this._seeking = p(false), this.setupReactiveMediaEvents(), t4.mediaControls && (this.media.controls = true), t4.autoplay && (this.media.autoplay = true), null != t4.playbackRate && this.mediaScope.add(this.onMediaEvent("canplay", (() => {
      null != t4.playbackRate && (this.media.playbackRate = t4.playbackRate);
    }), { once: true }));
  }
  setupReactiveMediaEvents() {
    this.mediaScope.add(this.onMediaEvent("play", (() => {
      this._isPlaying.set(true);
    }))), this.mediaScope.add(this.onMediaEvent("pause", (() => {
      this._isPlaying.set(false);
    }))), this.mediaScope.add(this.onMediaEvent("ended", (() => {
      this._isPlaying.set(false);
    }))), this.mediaScope.add(this.onMediaEvent("timeupdate", (() => {
      this._currentTime.set(this.media.currentTime);
    }))), this.mediaScope.add(this.onMediaEvent("durationchange", (() => {
      this._duration.set(this.media.duration || 0);
    }))), this.mediaScope.add(this.onMediaEvent("loadedmetadata", (() => {
      this._duration.set(this.media.duration || 0);
    }))), this.mediaScope.add(this.onMediaEvent("canplay", (() => this.applyPendingTime()))), this.mediaScope.add(this.onMediaEvent("seeking", (() => {
      null != this.pendingTime && Math.abs(this.media.currentTime - this.pendingTime) > 0.01 && (this.pendingTime = null), this._seeking.set(true);
    }))), this.mediaScope.add(this.onMediaEvent("seeked", (() => {
      this._seeking.set(false);
    }))), this.mediaScope.add(this.onMediaEvent("volumechange", (() => {
      this._volume.set(this.media.volume), this._muted.set(this.media.muted);
    }))), this.mediaScope.add(this.onMediaEvent("ratechange", (() => {
      this._playbackRate.set(this.media.playbackRate);
    })));
  }
  onMediaEvent(t4, e4, i4) {
    return this.media.addEventListener(t4, e4, i4), () => this.media.removeEventListener(t4, e4, i4);
  }
  getSrc() {
    return this.media.currentSrc || this.media.src || "";
  }
  revokeSrc() {
    this._ownBlobUrl && (URL.revokeObjectURL(this._ownBlobUrl), this._ownBlobUrl = null);
  }
  canPlayType(t4) {
    return "" !== this.media.canPlayType(t4);
  }
  applyPendingTime() {
    if (null == this.pendingTime) return;
    const t4 = this.pendingTime;
    this.media.currentTime = t4, this.pendingTime = null;
  }
  setSrc(t4, e4) {
    const i4 = this.getSrc();
    if (t4 && i4 === t4) return;
    this.revokeSrc();
    const s4 = e4 instanceof Blob && (this.canPlayType(e4.type) || !t4) ? URL.createObjectURL(e4) : t4;
    if (this.pendingTime = null, s4 !== t4 && (this._ownBlobUrl = s4), i4 && this.media.removeAttribute("src"), s4 || t4) try {
      this.media.src = s4;
    } catch (e5) {
      this.media.src = t4;
    }
  }
  destroy() {
    this.pendingTime = null, this.mediaScope.dispose(), this.revokeSrc(), this.isExternalMedia || (this.media.pause(), this.media.removeAttribute("src"), this.media.load(), this.media.remove());
  }
  setMediaElement(t4) {
    this.pendingTime = null, this.mediaScope.dispose(), this.mediaScope = new i(), this.media = t4, this.setupReactiveMediaEvents();
  }
  play() {
    return t(this, void 0, void 0, (function* () {
      try {
        this.media.readyState >= 3 && this.applyPendingTime();
        const t4 = yield this.media.play();
        return this.applyPendingTime(), t4;
      } catch (t4) {
        if (t4 instanceof DOMException && "AbortError" === t4.name) return;
        throw t4;
      }
    }));
  }
  pause() {
    this.media.pause();
  }
  isPlaying() {
    return !this.media.paused && !this.media.ended;
  }
  setTime(t4) {
    const e4 = this.getDuration(), i4 = Number.isFinite(e4) ? Math.max(0, Math.min(t4, e4)) : Math.max(0, t4);
    this.media.readyState < 3 ? this.pendingTime = i4 : (this.pendingTime = null, this.media.currentTime = i4);
  }
  getDuration() {
    return this.media.duration;
  }
  getCurrentTime() {
    var t4;
    return null !== (t4 = this.pendingTime) && void 0 !== t4 ? t4 : this.media.currentTime;
  }
  getVolume() {
    return this.media.volume;
  }
  setVolume(t4) {
    this.media.volume = t4;
  }
  getMuted() {
    return this.media.muted;
  }
  setMuted(t4) {
    this.media.muted = t4;
  }
  getPlaybackRate() {
    return this.media.playbackRate;
  }
  isSeeking() {
    return this.media.seeking;
  }
  setPlaybackRate(t4, e4) {
    null != e4 && (this.media.preservesPitch = e4), this.media.playbackRate = t4;
  }
  getMediaElement() {
    return this.media;
  }
  setSinkId(t4) {
    return this.media.setSinkId(t4);
  }
};
function y(t4, e4) {
  const i4 = t4.barWidth ? t4.barWidth * e4 : 1;
  return { barWidth: i4, barGap: t4.barGap ? t4.barGap * e4 : t4.barWidth ? i4 / 2 : 0 };
}
function b({ maxTop: t4, maxBottom: e4, halfHeight: i4, vScale: s4, barMinHeight: n4 = 0, barAlign: r4 }) {
  let o4 = Math.round(t4 * i4 * s4);
  let a4 = o4 + Math.round(e4 * i4 * s4) || 1;
  return a4 < n4 && (a4 = n4, r4 || (o4 = a4 / 2)), { topHeight: o4, totalHeight: a4 };
}
function S({ barAlign: t4, halfHeight: e4, topHeight: i4, totalHeight: s4, canvasHeight: n4 }) {
  return "top" === t4 ? 0 : "bottom" === t4 ? n4 - s4 : e4 - i4;
}
function w(t4, e4, i4) {
  return [t4.width > 0 ? (e4 - t4.left) / t4.width : 0, t4.height > 0 ? (i4 - t4.top) / t4.height : 0];
}
function C(t4) {
  return Boolean(t4.barWidth || t4.barGap || t4.barAlign);
}
var P = null;
function E(t4, e4) {
  if (!C(e4)) return t4;
  const { barWidth: i4, barGap: s4 } = y(e4, 1), n4 = i4 + s4;
  return 0 === n4 ? t4 : Math.floor(t4 / n4) * n4;
}
function k({ totalWidth: t4, clientWidth: e4, options: i4 }) {
  const s4 = (function({ clientWidth: t5, totalWidth: e5, options: i5 }) {
    return E(Math.min(8e3, t5, e5), i5);
  })({ clientWidth: e4, totalWidth: t4, options: i4 });
  if (0 === s4) return { singleCanvasWidth: 0, numCanvases: 0, slots: [] };
  const n4 = Math.ceil(t4 / s4), r4 = [];
  for (let e5 = 0; e5 < n4; e5++) {
    const n5 = e5 * s4, o4 = E(Math.min(t4 - n5, s4), i4);
    o4 > 0 && r4.push({ index: e5, offset: n5, width: o4 });
  }
  return { singleCanvasWidth: s4, numCanvases: n4, slots: r4 };
}
function M({ scrollLeft: t4, clientWidth: e4, singleCanvasWidth: i4, numCanvases: s4 }) {
  if (i4 <= 0 || s4 <= 0) return [0];
  const n4 = Math.min(s4 - 1, Math.floor(t4 / i4)), r4 = Math.min(s4 - 1, Math.floor((t4 + e4) / i4)), o4 = [];
  for (let t5 = n4 - 1; t5 <= r4 + 1; t5++) o4.push(t5);
  return o4;
}
function x(t4) {
  var e4;
  let i4 = 0;
  for (const s4 of t4) for (let t5 = 0; t5 < s4.length; t5++) {
    const n4 = Math.abs(null !== (e4 = s4[t5]) && void 0 !== e4 ? e4 : 0);
    n4 > i4 && (i4 = n4);
  }
  return i4;
}
function R(t4) {
  const e4 = () => ({ scrollLeft: t4.scrollLeft, scrollWidth: t4.scrollWidth, clientWidth: t4.clientWidth }), i4 = p(e4()), s4 = m((() => (function(t5) {
    const { scrollLeft: e5, scrollWidth: i5, clientWidth: s5 } = t5;
    if (0 === i5) return { startX: 0, endX: 1 };
    const n5 = e5 / i5, r5 = (e5 + s5) / i5;
    return { startX: Math.max(0, Math.min(1, n5)), endX: Math.max(0, Math.min(1, r5)) };
  })(i4.value)), [i4]), n4 = m((() => (function(t5) {
    return { left: t5.scrollLeft, right: t5.scrollLeft + t5.clientWidth };
  })(i4.value)), [i4]), r4 = () => {
    i4.set(e4());
  };
  t4.addEventListener("scroll", r4, { passive: true });
  return { scrollData: i4, percentages: s4, bounds: n4, refresh: () => {
    const t5 = e4(), s5 = i4.value;
    s5.scrollLeft === t5.scrollLeft && s5.scrollWidth === t5.scrollWidth && s5.clientWidth === t5.clientWidth || i4.set(t5);
  }, cleanup: () => {
    t4.removeEventListener("scroll", r4), s4.dispose(), n4.dispose();
  } };
}
var D = class {
  constructor(t4, e4) {
    this.isScrollable = p(false), this.audioData = null, this.lastContainerWidth = 0, this.isDragging = false, this.scope = new i(), this.scrollRenderScope = this.scope.child(), this.delayScope = this.scope.child(), this.dragScope = null, this.dragStream = null, this.scrollStream = null, this.containerInlinePadding = 0, this.audioDuration = p(0), this._clickSignal = p(null), this._dblclickSignal = p(null), this._dragEventsSignal = p(null), this._renderEpoch = p(0), this._renderedEpoch = p(0), this._resizeEpoch = p(0), this.onClickWrapper = (t5) => {
      const e5 = this.wrapper.getBoundingClientRect(), [i4, s5] = w(e5, t5.clientX, t5.clientY);
      this._clickSignal.set({ relativeX: i4, relativeY: s5 });
    }, this.onDblClickWrapper = (t5) => {
      const e5 = this.wrapper.getBoundingClientRect(), [i4, s5] = w(e5, t5.clientX, t5.clientY);
      this._dblclickSignal.set({ relativeX: i4, relativeY: s5 });
    }, this.options = t4;
    const s4 = this.parentFromOptionsContainer(t4.container);
    this.parent = s4;
    const [n4, r4] = this.initHtml();
    s4.appendChild(n4), this.container = n4, this.scrollContainer = r4.querySelector(".scroll"), this.wrapper = r4.querySelector(".wrapper"), this.canvasWrapper = r4.querySelector(".canvases"), this.progressWrapper = r4.querySelector(".progress"), this.cursor = r4.querySelector(".cursor"), this.calculateInlinePadding(), e4 && r4.appendChild(e4), this.initEvents(), this.visibleRange = m((() => {
      const t5 = this.audioDuration.value;
      if (!this.isScrollable.value || 0 === t5 || !this.scrollStream) return { startTime: 0, endTime: t5 };
      const { startX: e5, endX: i4 } = this.scrollStream.percentages.value;
      return { startTime: e5 * t5, endTime: i4 * t5 };
    })), this.scope.add((() => this.visibleRange.dispose()));
  }
  parentFromOptionsContainer(t4) {
    let e4;
    if ("string" == typeof t4 ? e4 = document.querySelector(t4) : l(t4) && (e4 = t4), !e4) throw new Error("Container not found");
    return e4;
  }
  initEvents() {
    if (this.scope.listen(this.wrapper, "click", this.onClickWrapper), this.scope.listen(this.wrapper, "dblclick", this.onDblClickWrapper), true !== this.options.dragToSeek && "object" != typeof this.options.dragToSeek || this.initDrag(), this.scrollStream = R(this.scrollContainer), this.scrollSignals = { percentages: this.scrollStream.percentages, bounds: this.scrollStream.bounds }, this.scope.add((() => {
      var t4;
      null === (t4 = this.scrollStream) || void 0 === t4 || t4.cleanup(), this.scrollStream = null;
    })), "function" == typeof ResizeObserver) {
      const t4 = this.createDelay(100);
      this.scope.createResizeObserver(this.scrollContainer, (() => {
        t4().then((() => this.onContainerResize())).catch((() => {
        }));
      }));
    }
  }
  onContainerResize() {
    var t4;
    null === (t4 = this.scrollStream) || void 0 === t4 || t4.refresh();
    const e4 = this.parent.clientWidth;
    this.calculateInlinePadding(), e4 === this.lastContainerWidth && "auto" !== this.options.height || (this.lastContainerWidth = e4, this.reRender(), this._resizeEpoch.update(((t5) => t5 + 1)));
  }
  initDrag() {
    if (this.dragStream) return;
    const t4 = this.scope.child();
    this.dragScope = t4, this.dragStream = (function(t5, e5 = {}) {
      const { threshold: i4 = 3, mouseButton: s4 = 0, touchDelay: n4 = 100 } = e5, r4 = p(null), o4 = /* @__PURE__ */ new Map(), a4 = matchMedia("(pointer: coarse)").matches;
      let l4 = () => {
      };
      const h3 = (e6) => {
        if (e6.button !== s4) return;
        if (o4.has(e6.pointerId)) return;
        if (o4.set(e6.pointerId, e6), o4.size > 1) return;
        const h4 = e6.pointerId;
        let d3 = e6.clientX, c4 = e6.clientY, u3 = false;
        const p3 = Date.now(), g3 = t5.getBoundingClientRect(), { left: m2, top: f3 } = g3, v3 = (t6) => {
          if (t6.pointerId !== h4) return;
          if (t6.defaultPrevented || o4.size > 1) return;
          if (a4 && Date.now() - p3 < n4) return;
          const e7 = t6.clientX, s5 = t6.clientY, l5 = e7 - d3, g4 = s5 - c4;
          (u3 || Math.abs(l5) > i4 || Math.abs(g4) > i4) && (t6.preventDefault(), t6.stopPropagation(), u3 || (r4.set({ type: "start", x: d3 - m2, y: c4 - f3 }), u3 = true), r4.set({ type: "move", x: e7 - m2, y: s5 - f3, deltaX: l5, deltaY: g4 }), d3 = e7, c4 = s5);
        }, y2 = (t6) => {
          if (o4.delete(t6.pointerId)) {
            if (t6.pointerId === h4 && u3) {
              const e7 = t6.clientX, i5 = t6.clientY;
              r4.set({ type: "end", x: e7 - m2, y: i5 - f3 });
            }
            0 === o4.size && l4();
          }
        }, b2 = (t6) => {
          u3 && (t6.stopPropagation(), t6.preventDefault());
        }, S2 = (t6) => {
          t6.defaultPrevented || o4.size > 1 || u3 && t6.preventDefault();
        };
        window.addEventListener("pointermove", v3), window.addEventListener("pointerup", y2), window.addEventListener("pointercancel", y2), document.addEventListener("touchmove", S2, { passive: false }), document.addEventListener("click", b2, { capture: true }), l4 = () => {
          window.removeEventListener("pointermove", v3), window.removeEventListener("pointerup", y2), window.removeEventListener("pointercancel", y2), document.removeEventListener("touchmove", S2), setTimeout((() => {
            document.removeEventListener("click", b2, { capture: true });
          }), 10);
        };
      };
      return t5.addEventListener("pointerdown", h3), { signal: r4, cleanup: () => {
        l4(), t5.removeEventListener("pointerdown", h3), o4.clear();
      } };
    })(this.wrapper), t4.add((() => {
      var t5;
      null === (t5 = this.dragStream) || void 0 === t5 || t5.cleanup(), this.dragStream = null;
    }));
    const e4 = f((() => {
      const t5 = this.dragStream.signal.value;
      if (!t5) return;
      const e5 = this.wrapper.getBoundingClientRect().width, i4 = (s4 = t5.x / e5, Number.isNaN(s4) || s4 < 0 ? 0 : s4 > 1 ? 1 : s4);
      var s4;
      "start" === t5.type ? (this.isDragging = true, this._dragEventsSignal.set({ type: "start", relativeX: i4 })) : "move" === t5.type ? this._dragEventsSignal.set({ type: "move", relativeX: i4 }) : "end" === t5.type && (this.isDragging = false, this._dragEventsSignal.set({ type: "end", relativeX: i4 }));
    }), [this.dragStream.signal]);
    t4.add(e4);
  }
  disposeDrag() {
    var t4;
    null === (t4 = this.dragScope) || void 0 === t4 || t4.dispose(), this.dragScope = null;
  }
  calculateInlinePadding() {
    const { paddingLeft: t4, paddingRight: e4 } = getComputedStyle(this.scrollContainer), i4 = parseFloat(t4) + parseFloat(e4);
    this.containerInlinePadding = Number.isNaN(i4) ? 0 : i4;
  }
  initHtml() {
    const t4 = document.createElement("div"), e4 = t4.attachShadow({ mode: "open" }), i4 = this.options.cspNonce && "string" == typeof this.options.cspNonce ? this.options.cspNonce.replace(/"/g, "") : "";
    return e4.innerHTML = `
      <style${i4 ? ` nonce="${i4}"` : ""}>
        :host {
          user-select: none;
          min-width: 1px;
        }
        :host audio {
          display: block;
          width: 100%;
        }
        :host .scroll {
          overflow-x: auto;
          overflow-y: hidden;
          width: 100%;
          position: relative;
        }
        :host .noScrollbar {
          scrollbar-color: transparent;
          scrollbar-width: none;
        }
        :host .noScrollbar::-webkit-scrollbar {
          display: none;
          -webkit-appearance: none;
        }
        :host .wrapper {
          position: relative;
          overflow: visible;
          z-index: 2;
        }
        :host .canvases {
          min-height: ${this.getHeight(this.options.height, this.options.splitChannels)}px;
          pointer-events: none;
        }
        :host .canvases > div {
          position: relative;
        }
        :host canvas {
          display: block;
          position: absolute;
          top: 0;
          image-rendering: pixelated;
        }
        :host .progress {
          pointer-events: none;
          position: absolute;
          z-index: 2;
          top: 0;
          left: 0;
          width: 0;
          height: 100%;
          overflow: hidden;
        }
        :host .progress > div {
          position: relative;
        }
        :host .cursor {
          pointer-events: none;
          position: absolute;
          z-index: 5;
          top: 0;
          left: 0;
          height: 100%;
          border-radius: 2px;
        }
      </style>

      <div class="scroll" part="scroll">
        <div class="wrapper" part="wrapper">
          <div class="canvases" part="canvases"></div>
          <div class="progress" part="progress"></div>
          <div class="cursor" part="cursor"></div>
        </div>
      </div>
    `, [t4, e4];
  }
  setOptions(t4) {
    if (this.options.container !== t4.container) {
      const e4 = this.parentFromOptionsContainer(t4.container);
      e4.appendChild(this.container), this.parent = e4;
    }
    true === t4.dragToSeek || "object" == typeof t4.dragToSeek ? this.initDrag() : this.disposeDrag(), this.options = t4, this.reRender();
  }
  getWrapper() {
    return this.wrapper;
  }
  getWidth() {
    return this.scrollContainer.clientWidth - this.containerInlinePadding;
  }
  getScroll() {
    return this.scrollContainer.scrollLeft;
  }
  setScroll(t4) {
    this.scrollContainer.scrollLeft = t4;
  }
  setScrollPercentage(t4) {
    const { scrollWidth: e4 } = this.scrollContainer, i4 = e4 * t4;
    this.setScroll(i4);
  }
  getVisibleRange() {
    return this.visibleRange;
  }
  get clickSignal() {
    return this._clickSignal;
  }
  get dblclickSignal() {
    return this._dblclickSignal;
  }
  get dragEventsSignal() {
    return this._dragEventsSignal;
  }
  get renderEpoch() {
    return this._renderEpoch;
  }
  get renderedEpoch() {
    return this._renderedEpoch;
  }
  get resizeEpoch() {
    return this._resizeEpoch;
  }
  getScrollSignals() {
    return this.scrollSignals;
  }
  destroy() {
    this.scope.dispose(), this.audioData = null, this.container.remove();
  }
  createDelay(t4 = 10) {
    let e4, i4, s4;
    const n4 = () => {
      null == e4 || e4(), e4 = void 0, null == i4 || i4(), i4 = void 0, s4 && (s4(), s4 = void 0);
    };
    return () => new Promise(((r4, o4) => {
      n4(), s4 = o4, e4 = this.delayScope.timeout((() => {
        s4 = void 0, null == i4 || i4(), i4 = void 0, r4();
      }), t4), i4 = this.delayScope.add(n4);
    }));
  }
  getHeight(t4, e4) {
    var i4;
    const s4 = (null === (i4 = this.audioData) || void 0 === i4 ? void 0 : i4.numberOfChannels) || 1;
    return (function({ optionsHeight: t5, optionsSplitChannels: e5, parentHeight: i5, numberOfChannels: s5, defaultHeight: n4 = 128 }) {
      if (null == t5) return n4;
      const r4 = Number(t5);
      if (!isNaN(r4)) return r4;
      if ("auto" === t5) {
        const t6 = i5 || n4;
        return (null == e5 ? void 0 : e5.every(((t7) => !t7.overlay))) ? t6 / s5 : t6;
      }
      return n4;
    })({ optionsHeight: t4, optionsSplitChannels: e4, parentHeight: this.parent.clientHeight, numberOfChannels: s4, defaultHeight: 128 });
  }
  convertColorValues(t4, e4) {
    return (function(t5, e5, i4) {
      if (!Array.isArray(t5)) return t5 || "";
      if (0 === t5.length) return "#999";
      if (t5.length < 2) return t5[0] || "";
      null != P || (P = document.createElement("canvas"));
      const s4 = P.getContext("2d");
      if (!s4) return t5[0] || "";
      const n4 = i4 || P.height * e5, r4 = s4.createLinearGradient(0, 0, 0, n4), o4 = 1 / (t5.length - 1);
      return t5.forEach(((t6, e6) => {
        r4.addColorStop(e6 * o4, t6);
      })), r4;
    })(t4, this.getPixelRatio(), null == e4 ? void 0 : e4.canvas.height);
  }
  getPixelRatio() {
    return t4 = window.devicePixelRatio, Math.max(1, t4 || 1);
    var t4;
  }
  renderBarWaveform(t4, e4, i4, s4) {
    const { width: n4, height: r4 } = i4.canvas, { halfHeight: o4, barWidth: a4, barRadius: l4, barIndexScale: h3, barSpacing: d3, barMinHeight: c4 } = (function({ width: t5, height: e5, length: i5, options: s5, pixelRatio: n5 }) {
      const r5 = e5 / 2, { barWidth: o5, barGap: a5 } = y(s5, n5), l5 = o5 + a5 || 1;
      return { halfHeight: r5, barWidth: o5, barGap: a5, barRadius: s5.barRadius || 0, barMinHeight: s5.barMinHeight ? s5.barMinHeight * n5 : 0, barIndexScale: i5 > 0 ? t5 / l5 / i5 : 0, barSpacing: l5 };
    })({ width: n4, height: r4, length: (t4[0] || []).length, options: e4, pixelRatio: this.getPixelRatio() }), u3 = (function({ channelData: t5, barIndexScale: e5, barSpacing: i5, barWidth: s5, halfHeight: n5, vScale: r5, canvasHeight: o5, barAlign: a5, barMinHeight: l5 }) {
      const h4 = t5[0] || [], d4 = t5[1] || h4, c5 = h4.length, u4 = [];
      let p3 = 0, g3 = 0, m2 = 0;
      for (let t6 = 0; t6 <= c5; t6++) {
        const c6 = Math.round(t6 * e5);
        if (c6 > p3) {
          const { topHeight: t7, totalHeight: e6 } = b({ maxTop: g3, maxBottom: m2, halfHeight: n5, vScale: r5, barMinHeight: l5, barAlign: a5 }), h5 = S({ barAlign: a5, halfHeight: n5, topHeight: t7, totalHeight: e6, canvasHeight: o5 });
          u4.push({ x: p3 * i5, y: h5, width: s5, height: e6 }), p3 = c6, g3 = 0, m2 = 0;
        }
        const f3 = Math.abs(h4[t6] || 0), v3 = Math.abs(d4[t6] || 0);
        f3 > g3 && (g3 = f3), v3 > m2 && (m2 = v3);
      }
      return u4;
    })({ channelData: t4, barIndexScale: h3, barSpacing: d3, barWidth: a4, halfHeight: o4, vScale: s4, canvasHeight: r4, barAlign: e4.barAlign, barMinHeight: c4 });
    i4.beginPath();
    for (const t5 of u3) l4 && "roundRect" in i4 ? i4.roundRect(t5.x, t5.y, t5.width, t5.height, l4) : i4.rect(t5.x, t5.y, t5.width, t5.height);
    i4.fill(), i4.closePath();
  }
  renderLineWaveform(t4, e4, i4, s4) {
    const { width: n4, height: r4 } = i4.canvas, o4 = (function({ channelData: t5, width: e5, height: i5, vScale: s5 }) {
      const n5 = i5 / 2, r5 = t5[0] || [];
      return [r5, t5[1] || r5].map(((t6, i6) => {
        const r6 = t6.length, o5 = r6 ? e5 / r6 : 0, a4 = n5, l4 = 0 === i6 ? -1 : 1, h3 = [{ x: 0, y: a4 }];
        let d3 = 0, c4 = 0;
        for (let e6 = 0; e6 <= r6; e6++) {
          const i7 = Math.round(e6 * o5);
          if (i7 > d3) {
            const t7 = a4 + (Math.round(c4 * n5 * s5) || 1) * l4;
            h3.push({ x: d3, y: t7 }), d3 = i7, c4 = 0;
          }
          const r7 = Math.abs(t6[e6] || 0);
          r7 > c4 && (c4 = r7);
        }
        return h3.push({ x: d3, y: a4 }), h3;
      }));
    })({ channelData: t4, width: n4, height: r4, vScale: s4 });
    i4.beginPath();
    for (const t5 of o4) if (t5.length) {
      i4.moveTo(t5[0].x, t5[0].y);
      for (let e5 = 1; e5 < t5.length; e5++) {
        const s5 = t5[e5];
        i4.lineTo(s5.x, s5.y);
      }
    }
    i4.fill(), i4.closePath();
  }
  renderWaveform(t4, e4, i4) {
    if (i4.fillStyle = this.convertColorValues(e4.waveColor, i4), e4.renderFunction) return void e4.renderFunction(t4, i4);
    const s4 = (function({ channelData: t5, barHeight: e5, normalize: i5, maxPeak: s5 }) {
      var n4;
      const r4 = e5 || 1;
      if (!i5) return r4;
      const o4 = t5[0];
      if (!o4 || 0 === o4.length) return r4;
      let a4 = null != s5 ? s5 : 0;
      if (!s5) for (let t6 = 0; t6 < o4.length; t6++) {
        const e6 = null !== (n4 = o4[t6]) && void 0 !== n4 ? n4 : 0, i6 = Math.abs(e6);
        i6 > a4 && (a4 = i6);
      }
      return a4 ? r4 / a4 : r4;
    })({ channelData: t4, barHeight: e4.barHeight, normalize: e4.normalize, maxPeak: e4.maxPeak });
    C(e4) ? this.renderBarWaveform(t4, e4, i4, s4) : this.renderLineWaveform(t4, e4, i4, s4);
  }
  renderSingleCanvas(t4, e4, i4, s4, n4, r4, o4) {
    const a4 = this.getPixelRatio(), l4 = document.createElement("canvas");
    l4.width = Math.round(i4 * a4), l4.height = Math.round(s4 * a4), l4.style.width = `${i4}px`, l4.style.height = `${s4}px`, l4.style.left = `${Math.round(n4)}px`, r4.appendChild(l4);
    const h3 = l4.getContext("2d");
    if (e4.renderFunction ? (h3.fillStyle = this.convertColorValues(e4.waveColor, h3), e4.renderFunction(t4, h3)) : this.renderWaveform(t4, e4, h3), l4.width > 0 && l4.height > 0) {
      const t5 = l4.cloneNode(), i5 = t5.getContext("2d");
      i5.drawImage(l4, 0, 0), i5.globalCompositeOperation = "source-in", i5.fillStyle = this.convertColorValues(e4.progressColor, i5), i5.fillRect(0, 0, l4.width, l4.height), o4.appendChild(t5);
    }
  }
  renderMultiCanvas(t4, e4, i4, s4, n4, r4) {
    const o4 = this.getPixelRatio(), { clientWidth: a4 } = this.scrollContainer, l4 = i4 / o4, h3 = k({ clientWidth: a4, totalWidth: l4, options: e4 });
    let d3 = {};
    if (0 === h3.singleCanvasWidth) return;
    const c4 = (i5) => {
      const o5 = h3.slots[i5];
      if (!o5) return;
      if (d3[i5]) return;
      d3[i5] = true;
      const a5 = (function({ channelData: t5, offset: e5, clampedWidth: i6, totalWidth: s5 }) {
        return t5.map(((t6) => {
          const n5 = Math.floor(e5 / s5 * t6.length), r5 = Math.floor((e5 + i6) / s5 * t6.length);
          return t6.slice(n5, r5);
        }));
      })({ channelData: t4, offset: o5.offset, clampedWidth: o5.width, totalWidth: l4 });
      this.renderSingleCanvas(a5, e4, o5.width, s4, o5.offset, n4, r4);
    };
    if (!this.isScrollable.value) {
      for (let t5 = 0; t5 < h3.numCanvases; t5++) c4(t5);
      return;
    }
    if (M({ scrollLeft: this.scrollContainer.scrollLeft, clientWidth: a4, singleCanvasWidth: h3.singleCanvasWidth, numCanvases: h3.numCanvases }).forEach(((t5) => c4(t5))), h3.numCanvases > 1) {
      const t5 = f((() => {
        const { scrollLeft: t6, clientWidth: e5 } = this.scrollContainer;
        Object.keys(d3).length > 10 && (n4.innerHTML = "", r4.innerHTML = "", d3 = {}), M({ scrollLeft: t6, clientWidth: e5, singleCanvasWidth: h3.singleCanvasWidth, numCanvases: h3.numCanvases }).forEach(((t7) => c4(t7)));
      }), [this.visibleRange]);
      this.scrollRenderScope.add(t5);
    }
  }
  renderChannel(t4, e4, i4, s4) {
    var { overlay: n4 } = e4, r4 = (function(t5, e5) {
      var i5 = {};
      for (var s5 in t5) Object.prototype.hasOwnProperty.call(t5, s5) && e5.indexOf(s5) < 0 && (i5[s5] = t5[s5]);
      if (null != t5 && "function" == typeof Object.getOwnPropertySymbols) {
        var n5 = 0;
        for (s5 = Object.getOwnPropertySymbols(t5); n5 < s5.length; n5++) e5.indexOf(s5[n5]) < 0 && Object.prototype.propertyIsEnumerable.call(t5, s5[n5]) && (i5[s5[n5]] = t5[s5[n5]]);
      }
      return i5;
    })(e4, ["overlay"]);
    const o4 = document.createElement("div"), a4 = this.getHeight(r4.height, r4.splitChannels);
    o4.style.height = `${a4}px`, n4 && s4 > 0 && (o4.style.marginTop = `-${a4}px`), this.canvasWrapper.style.minHeight = `${a4}px`, this.canvasWrapper.appendChild(o4);
    const l4 = o4.cloneNode();
    this.progressWrapper.appendChild(l4), r4.normalize && null == r4.maxPeak && (r4 = Object.assign(Object.assign({}, r4), { maxPeak: x(t4) })), this.renderMultiCanvas(t4, r4, i4, a4, o4, l4);
  }
  render(e4) {
    return t(this, void 0, void 0, (function* () {
      var t4, i4;
      this.delayScope.dispose(), this.delayScope = this.scope.child(), this.scrollRenderScope.dispose(), this.scrollRenderScope = this.scope.child(), this.canvasWrapper.innerHTML = "", this.progressWrapper.innerHTML = "", null != this.options.width ? this.scrollContainer.style.width = "number" == typeof this.options.width ? `${this.options.width}px` : this.options.width : this.scrollContainer.style.width = "";
      const s4 = this.getPixelRatio(), n4 = this.scrollContainer.clientWidth - this.containerInlinePadding, { scrollWidth: r4, isScrollable: o4, useParentWidth: a4, width: l4 } = (function({ duration: t5, minPxPerSec: e5 = 0, parentWidth: i5, fillParent: s5, pixelRatio: n5 }) {
        const r5 = Math.ceil(t5 * e5), o5 = r5 > i5, a5 = Boolean(s5 && !o5);
        return { scrollWidth: r5, isScrollable: o5, useParentWidth: a5, width: (a5 ? i5 : r5) * n5 };
      })({ duration: e4.duration, minPxPerSec: this.options.minPxPerSec || 0, parentWidth: n4, fillParent: this.options.fillParent, pixelRatio: s4 });
      if (this.isScrollable.set(o4), this.wrapper.style.width = a4 ? "100%" : `${r4}px`, this.scrollContainer.style.overflowX = this.isScrollable.value ? "auto" : "hidden", this.scrollContainer.classList.toggle("noScrollbar", !!this.options.hideScrollbar), this.cursor.style.backgroundColor = `${this.options.cursorColor || this.options.progressColor}`, this.cursor.style.width = `${this.options.cursorWidth}px`, null === (t4 = this.scrollStream) || void 0 === t4 || t4.refresh(), this.audioData = e4, this.audioDuration.set(e4.duration), this._renderEpoch.update(((t5) => t5 + 1)), this.options.splitChannels) for (let t5 = 0; t5 < e4.numberOfChannels; t5++) {
        const s5 = Object.assign(Object.assign({}, this.options), null === (i4 = this.options.splitChannels) || void 0 === i4 ? void 0 : i4[t5]);
        this.renderChannel([e4.getChannelData(t5)], s5, l4, t5);
      }
      else {
        const t5 = [e4.getChannelData(0)];
        e4.numberOfChannels > 1 && t5.push(e4.getChannelData(1)), this.renderChannel(t5, this.options, l4, 0);
      }
      Promise.resolve().then((() => this._renderedEpoch.update(((t5) => t5 + 1))));
    }));
  }
  reRender() {
    if (this.scrollRenderScope.dispose(), this.scrollRenderScope = this.scope.child(), !this.audioData) return;
    const { scrollWidth: t4 } = this.scrollContainer, { right: e4 } = this.progressWrapper.getBoundingClientRect();
    if (this.render(this.audioData), !this.isScrollable.value && this.scrollContainer.scrollLeft) this.scrollContainer.scrollLeft = 0;
    else if (this.isScrollable.value && t4 !== this.scrollContainer.scrollWidth) {
      const { right: t5 } = this.progressWrapper.getBoundingClientRect(), s4 = (i4 = t5 - e4, Math.sign(i4) * Math.round(Math.abs(i4)));
      this.scrollContainer.scrollLeft += s4;
    }
    var i4;
  }
  zoom(t4) {
    this.options.minPxPerSec = t4, this.reRender();
  }
  scrollIntoView(t4, e4 = false) {
    var i4;
    const { scrollLeft: s4, scrollWidth: n4, clientWidth: r4 } = this.scrollContainer, o4 = t4 * n4, a4 = s4, l4 = s4 + r4, h3 = r4 / 2;
    if (this.isDragging) {
      const t5 = 30;
      o4 + t5 > l4 ? this.scrollContainer.scrollLeft += t5 : o4 - t5 < a4 && (this.scrollContainer.scrollLeft -= t5);
    } else {
      (o4 < a4 || o4 > l4) && (this.scrollContainer.scrollLeft = o4 - (this.options.autoCenter ? h3 : 0));
      const t5 = o4 - s4 - h3;
      if (e4 && this.options.autoCenter && t5 > 0) {
        const e5 = null === (i4 = this.audioData) || void 0 === i4 ? void 0 : i4.duration;
        if (void 0 === e5 || e5 <= 0) return void (this.scrollContainer.scrollLeft += t5);
        const s5 = n4 / e5;
        this.scrollContainer.scrollLeft += s5 <= 600 ? Math.min(t5, 10) : t5;
      }
    }
  }
  renderProgress(t4, e4) {
    if (isNaN(t4)) return;
    const i4 = 100 * t4;
    this.canvasWrapper.style.clipPath = `polygon(${i4}% 0%, 100% 0%, 100% 100%, ${i4}% 100%)`, this.progressWrapper.style.width = `${i4}%`, this.cursor.style.left = `${i4}%`, this.cursor.style.transform = this.options.cursorWidth ? `translateX(-${t4 * this.options.cursorWidth}px)` : "", this.isScrollable.value && this.options.autoScroll && this.audioData && this.audioData.duration > 0 && this.scrollIntoView(t4, e4);
  }
  exportImage(e4, i4, s4) {
    return t(this, void 0, void 0, (function* () {
      const t4 = this.canvasWrapper.querySelectorAll("canvas");
      if (!t4.length) throw new Error("No waveform data");
      if ("dataURL" === s4) {
        const s5 = Array.from(t4).map(((t5) => t5.toDataURL(e4, i4)));
        return Promise.resolve(s5);
      }
      return Promise.all(Array.from(t4).map(((t5) => new Promise(((s5, n4) => {
        t5.toBlob(((t6) => {
          t6 ? s5(t6) : n4(new Error("Could not export image"));
        }), e4, i4);
      })))));
    }));
  }
};
var T = class extends e {
  constructor(t4) {
    super(), this.bufferNode = null, this.playStartTime = 0, this.playbackPosition = 0, this._muted = false, this._playbackRate = 1, this._duration = void 0, this.buffer = null, this.currentSrc = "", this.paused = true, this.crossOrigin = null, this.seeking = false, this.autoplay = false, this.error = null, this.scope = new i(), this.scheduledStop = null, this.addEventListener = this.on, this.removeEventListener = this.un, this._destroyed = false, this.srcGeneration = 0, this.srcFetchAbort = null, (function() {
      const t5 = globalThis.navigator;
      if (null == t5 ? void 0 : t5.audioSession) try {
        t5.audioSession.type = "playback";
      } catch (t6) {
        console.warn("Setting navigator.audioSession.type failed:", t6);
      }
    })(), this.audioContext = t4 || new AudioContext(), this.gainNode = this.audioContext.createGain(), this.gainNode.connect(this.audioContext.destination);
  }
  load() {
    return t(this, void 0, void 0, (function* () {
    }));
  }
  remove() {
    this.destroy();
  }
  destroy() {
    var t4;
    if (!this._destroyed) {
      if (this._destroyed = true, this.scope.dispose(), this.scheduledStop = null, this.srcGeneration++, null === (t4 = this.srcFetchAbort) || void 0 === t4 || t4.abort(), this.srcFetchAbort = null, this.currentSrc = "", this.bufferNode) {
        this.bufferNode.onended = null;
        try {
          this.bufferNode.stop();
        } catch (t5) {
        }
        this.bufferNode.disconnect(), this.bufferNode = null;
      }
      this.gainNode.disconnect(), "function" == typeof this.audioContext.close && Promise.resolve(this.audioContext.close.call(this.audioContext)).catch((() => {
      })), this.buffer = null, this.unAll();
    }
  }
  get src() {
    return this.currentSrc;
  }
  set src(t4) {
    var e4;
    this.currentSrc = t4, this._duration = void 0, this.error = null;
    const i4 = ++this.srcGeneration;
    if (null === (e4 = this.srcFetchAbort) || void 0 === e4 || e4.abort(), this.srcFetchAbort = null, !t4) return this.buffer = null, void this.emit("emptied");
    const s4 = new AbortController();
    this.srcFetchAbort = s4, fetch(t4, { signal: s4.signal }).then(((e5) => {
      if (e5.status >= 400) throw new Error(`Failed to fetch ${t4}: ${e5.status} (${e5.statusText})`);
      return e5.arrayBuffer();
    })).then(((t5) => i4 !== this.srcGeneration ? null : this.audioContext.decodeAudioData(t5))).then(((t5) => {
      i4 === this.srcGeneration && (this.buffer = t5, this.emit("loadedmetadata"), this.emit("canplay"), this.autoplay && this.play());
    })).catch(((t5) => {
      i4 === this.srcGeneration && (console.error("WebAudioPlayer load error:", t5), this.error = t5 instanceof Error ? t5 : new Error(String(t5)), this.emit("error", this.error));
    }));
  }
  _play() {
    if (!this.paused) return;
    this.paused = false, this.bufferNode && (this.bufferNode.onended = null, this.bufferNode.disconnect()), this.bufferNode = this.audioContext.createBufferSource(), this.buffer && (this.bufferNode.buffer = this.buffer), this.bufferNode.playbackRate.value = this._playbackRate, this.bufferNode.connect(this.gainNode);
    let t4 = this.playbackPosition;
    (t4 >= this.duration || t4 < 0) && (t4 = 0, this.playbackPosition = 0), this.bufferNode.start(this.audioContext.currentTime, t4), this.playStartTime = this.audioContext.currentTime, this.bufferNode.onended = () => {
      !this.paused && this.duration - this.currentTime < 0.01 && (this.pause(), this.emit("ended"));
    };
  }
  _pause() {
    if (this.scheduledStop && this.currentTime < this.scheduledStop.time && this.cancelScheduledStop(), this.playbackPosition = this.currentTime, this.paused = true, this.bufferNode) {
      this.bufferNode.onended = null;
      try {
        this.bufferNode.stop();
      } catch (t4) {
      }
    }
  }
  play() {
    return t(this, void 0, void 0, (function* () {
      this.paused && ("suspended" === this.audioContext.state && "function" == typeof this.audioContext.resume && this.audioContext.resume().catch((() => {
      })), this._play(), this.emit("play"));
    }));
  }
  pause() {
    this.paused || (this._pause(), this.emit("pause"));
  }
  cancelScheduledStop() {
    var t4;
    null === (t4 = this.scheduledStop) || void 0 === t4 || t4.cancel(), this.scheduledStop = null;
  }
  stopAt(t4) {
    const e4 = this.bufferNode;
    if (!e4) return;
    this.cancelScheduledStop();
    const i4 = (t4 - this.currentTime) / this._playbackRate;
    e4.stop(this.audioContext.currentTime + Math.max(0, i4));
    const s4 = this.scope.listen(e4, "ended", (() => {
      const i5 = this.scheduledStop;
      (null == i5 ? void 0 : i5.node) === e4 && (this.scheduledStop = null, i5.cancel(), e4 === this.bufferNode && (this.bufferNode = null, this.pause(), this.playbackPosition = Math.min(t4, this.duration), this.emit("timeupdate")));
    }), { once: true });
    this.scheduledStop = { node: e4, time: t4, cancel: s4 };
  }
  setSinkId(e4) {
    return t(this, void 0, void 0, (function* () {
      return this.audioContext.setSinkId(e4);
    }));
  }
  get playbackRate() {
    return this._playbackRate;
  }
  set playbackRate(t4) {
    const e4 = !this.paused;
    e4 && this._pause(), this._playbackRate = t4, e4 && this._play(), this.bufferNode && (this.bufferNode.playbackRate.value = t4);
  }
  get currentTime() {
    return this.paused ? this.playbackPosition : this.playbackPosition + (this.audioContext.currentTime - this.playStartTime) * this._playbackRate;
  }
  set currentTime(t4) {
    const e4 = !this.paused;
    e4 && this._pause(), this.playbackPosition = t4, e4 && this._play(), this.emit("seeking"), this.emit("seeked"), this.emit("timeupdate");
  }
  get duration() {
    var t4, e4;
    return null !== (t4 = this._duration) && void 0 !== t4 ? t4 : (null === (e4 = this.buffer) || void 0 === e4 ? void 0 : e4.duration) || 0;
  }
  set duration(t4) {
    this._duration = t4;
  }
  get volume() {
    return this.gainNode.gain.value;
  }
  set volume(t4) {
    this.gainNode.gain.value = t4, this.emit("volumechange");
  }
  get muted() {
    return this._muted;
  }
  set muted(t4) {
    this._muted !== t4 && (this._muted = t4, this._muted ? this.gainNode.disconnect() : this.gainNode.connect(this.audioContext.destination));
  }
  canPlayType(t4) {
    return /^(audio|video)\//.test(t4);
  }
  getGainNode() {
    return this.gainNode;
  }
  getChannelData() {
    const t4 = [];
    if (!this.buffer) return t4;
    const e4 = this.buffer.numberOfChannels;
    for (let i4 = 0; i4 < e4; i4++) t4.push(this.buffer.getChannelData(i4));
    return t4;
  }
  removeAttribute(t4) {
    switch (t4) {
      case "src":
        this.src = "";
        break;
      case "playbackRate":
        this.playbackRate = 0;
        break;
      case "currentTime":
        this.currentTime = 0;
        break;
      case "duration":
        this.duration = 0;
        break;
      case "volume":
        this.volume = 0;
        break;
      case "muted":
        this.muted = false;
    }
  }
};
var W = { waveColor: "#999", progressColor: "#555", cursorWidth: 1, minPxPerSec: 0, fillParent: true, interact: true, dragToSeek: false, autoScroll: true, autoCenter: true, sampleRate: 8e3 };
var A = class _A extends e {
  static create(t4) {
    return new _A(t4);
  }
  getState() {
    return this.wavesurferState;
  }
  getRenderer() {
    return this.renderer;
  }
  constructor(t4) {
    var e4, s4;
    super(), this.plugins = [], this.decodedData = null, this.stopAtPosition = null, this.internalWebAudioPlayer = null, this.webAudioPlayer = null, this.scope = new i(), this.mediaEventScope = this.scope.child(), this.frameScheduler = new c(this.scope), this.loadScope = null, this.supersededLoadScopes = /* @__PURE__ */ new WeakSet(), this.isDestroyed = false, this.onTick = () => {
      if (!this.isSeeking()) {
        const t5 = this.updateProgress();
        if (this.emit("timeupdate", t5), this.emit("audioprocess", t5), null != this.stopAtPosition && this.isPlaying() && t5 >= this.stopAtPosition) {
          const t6 = this.stopAtPosition;
          this.pause(), this.setTime(t6);
        }
      }
    };
    const n4 = t4.media || "WebAudio" !== t4.backend ? null : new T(), r4 = null !== (s4 = null !== (e4 = t4.media) && void 0 !== e4 ? e4 : n4) && void 0 !== s4 ? s4 : void 0;
    this.player = new v({ media: r4, mediaControls: t4.mediaControls, autoplay: t4.autoplay, playbackRate: t4.audioRate }), this.internalWebAudioPlayer = n4, this.webAudioPlayer = null != n4 ? n4 : t4.media instanceof T ? t4.media : null, this.options = Object.assign({}, W, t4);
    const { state: o4, actions: a4, dispose: l4 } = (function(t5) {
      var e5, i4, s5, n5, r5, o5, a5;
      const l5 = null !== (e5 = null == t5 ? void 0 : t5.currentTime) && void 0 !== e5 ? e5 : p(0), h4 = null !== (i4 = null == t5 ? void 0 : t5.duration) && void 0 !== i4 ? i4 : p(0), d4 = null !== (s5 = null == t5 ? void 0 : t5.isPlaying) && void 0 !== s5 ? s5 : p(false), c4 = null !== (n5 = null == t5 ? void 0 : t5.isSeeking) && void 0 !== n5 ? n5 : p(false), u3 = null !== (r5 = null == t5 ? void 0 : t5.volume) && void 0 !== r5 ? r5 : p(1), g3 = null !== (o5 = null == t5 ? void 0 : t5.muted) && void 0 !== o5 ? o5 : p(false), f3 = null !== (a5 = null == t5 ? void 0 : t5.playbackRate) && void 0 !== a5 ? a5 : p(1), v3 = p(null), y2 = p(null), b2 = p(""), S2 = p(0), w2 = p(0), C2 = p("idle"), P2 = m((() => !d4.value), [d4]), E2 = m((() => null !== v3.value), [v3]), k2 = m((() => E2.value && h4.value > 0), [E2, h4]), M2 = m((() => l5.value), [l5]), x2 = m((() => h4.value > 0 ? l5.value / h4.value : 0), [l5, h4]), R2 = [P2, E2, k2, M2, x2];
      return { state: { currentTime: l5, duration: h4, isPlaying: d4, isPaused: P2, isSeeking: c4, volume: u3, muted: g3, playbackRate: f3, audioBuffer: v3, peaks: y2, url: b2, zoom: S2, scrollPosition: w2, loadPhase: C2, canPlay: E2, isReady: k2, progress: M2, progressPercent: x2 }, actions: { setCurrentTime: (t6) => {
        const e6 = Math.max(0, Math.min(h4.value || 1 / 0, t6));
        l5.set(e6);
      }, setDuration: (t6) => {
        h4.set(Math.max(0, t6));
      }, setPlaying: (t6) => {
        d4.set(t6);
      }, setSeeking: (t6) => {
        c4.set(t6);
      }, setVolume: (t6) => {
        const e6 = Math.max(0, Math.min(1, t6));
        u3.set(e6);
      }, setPlaybackRate: (t6) => {
        const e6 = Math.max(0.1, Math.min(16, t6));
        f3.set(e6);
      }, setAudioBuffer: (t6) => {
        if (v3.set(t6), t6) {
          const e6 = h4.value;
          (0 === e6 || Number.isNaN(e6) || e6 === 1 / 0) && h4.set(t6.duration);
        }
      }, setPeaks: (t6) => {
        y2.set(t6);
      }, setUrl: (t6) => {
        b2.set(t6);
      }, setZoom: (t6) => {
        S2.set(Math.max(0, t6));
      }, setScrollPosition: (t6) => {
        w2.set(Math.max(0, t6));
      }, setLoadPhase: (t6) => {
        C2.set(t6);
      } }, dispose: () => {
        R2.forEach(((t6) => t6.dispose()));
      } };
    })({ isPlaying: this.player.isPlayingSignal, currentTime: this.player.currentTimeSignal, duration: this.player.durationSignal, volume: this.player.volumeSignal, muted: this.player.mutedSignal, playbackRate: this.player.playbackRateSignal, isSeeking: this.player.seekingSignal });
    this.wavesurferState = o4, this.wavesurferActions = a4, this.scope.add(l4);
    const h3 = r4 ? void 0 : this.player.getMediaElement();
    this.renderer = new D(this.options, h3), this.initPlayerEvents(), this.initRendererEvents(), this.initPlugins();
    const d3 = this.options.url || this.player.getSrc() || "";
    Promise.resolve().then((() => {
      if (this.isDestroyed) return;
      this.emit("init");
      const { peaks: t5, duration: e5 } = this.options;
      (d3 || t5 && e5) && this.load(d3, t5, e5).catch((() => {
      }));
    }));
  }
  updateProgress(t4 = this.getCurrentTime()) {
    return this.renderer.renderProgress(t4 / this.getDuration(), this.isPlaying()), t4;
  }
  initPlayerEvents() {
    this.isPlaying() && (this.emit("play"), this.frameScheduler.start(this.onTick)), this.mediaEventScope.add(this.player.onMediaEvent("timeupdate", (() => {
      const t4 = this.updateProgress();
      if (this.emit("timeupdate", t4), null != this.stopAtPosition && this.isPlaying() && t4 >= this.stopAtPosition) {
        const t5 = this.stopAtPosition;
        this.pause(), this.setTime(t5);
      }
    }))), this.mediaEventScope.add(this.player.onMediaEvent("play", (() => {
      this.emit("play"), this.frameScheduler.start(this.onTick);
    }))), this.mediaEventScope.add(this.player.onMediaEvent("pause", (() => {
      this.emit("pause"), this.frameScheduler.stop(), this.stopAtPosition = null;
    }))), this.mediaEventScope.add(this.player.onMediaEvent("emptied", (() => {
      this.frameScheduler.stop(), this.stopAtPosition = null;
    }))), this.mediaEventScope.add(this.player.onMediaEvent("ended", (() => {
      this.emit("timeupdate", this.getDuration()), this.emit("finish"), this.stopAtPosition = null;
    }))), this.mediaEventScope.add(this.player.onMediaEvent("seeking", (() => {
      this.emit("seeking", this.getCurrentTime());
    }))), this.mediaEventScope.add(this.player.onMediaEvent("error", (() => {
      const t4 = this.player.getMediaElement().error;
      let e4;
      e4 = t4 instanceof Error ? t4 : t4 ? new Error(t4.message || `Media error ${t4.code}`) : new Error("Media error"), this.emit("error", e4), this.stopAtPosition = null;
    })));
  }
  initRendererEvents() {
    this.scope.add(this.renderer.clickSignal.subscribe(((t4) => {
      t4 && this.options.interact && (this.seekTo(t4.relativeX), this.emit("interaction", t4.relativeX * this.getDuration()), this.emit("click", t4.relativeX, t4.relativeY));
    }))), this.scope.add(this.renderer.dblclickSignal.subscribe(((t4) => {
      t4 && this.emit("dblclick", t4.relativeX, t4.relativeY);
    })));
    {
      const { percentages: t4, bounds: e4 } = this.renderer.getScrollSignals();
      this.scope.add(f((() => {
        const { startX: i4, endX: s4 } = t4.value, { left: n4, right: r4 } = e4.value, o4 = this.getDuration();
        this.wavesurferActions.setScrollPosition(n4), this.emit("scroll", i4 * o4, s4 * o4, n4, r4);
      }), [t4, e4]));
    }
    this.scope.add(this.renderer.renderEpoch.subscribe((() => {
      this.emit("redraw");
    }))), this.scope.add(this.renderer.renderedEpoch.subscribe((() => {
      this.emit("redrawcomplete");
    }))), this.scope.add(this.renderer.resizeEpoch.subscribe((() => {
      this.emit("resize");
    })));
    {
      let t4;
      const e4 = this.renderer.dragEventsSignal.subscribe(((e5) => {
        var i4;
        if (!e5) return;
        const { relativeX: s4 } = e5;
        if ("start" === e5.type) return void this.emit("dragstart", s4);
        if ("end" === e5.type) return void this.emit("dragend", s4);
        if (!this.options.interact) return;
        this.renderer.renderProgress(s4), null == t4 || t4();
        let n4 = 0;
        const r4 = this.options.dragToSeek;
        this.isPlaying() ? n4 = 0 : true === r4 ? n4 = 200 : r4 && "object" == typeof r4 && (n4 = null !== (i4 = r4.debounceTime) && void 0 !== i4 ? i4 : 200), t4 = this.scope.timeout((() => {
          this.seekTo(s4);
        }), n4), this.emit("interaction", s4 * this.getDuration()), this.emit("drag", s4);
      }));
      this.scope.add(e4);
    }
  }
  initPlugins() {
    var t4;
    (null === (t4 = this.options.plugins) || void 0 === t4 ? void 0 : t4.length) && this.options.plugins.forEach(((t5) => {
      this.registerPlugin(t5);
    }));
  }
  unsubscribePlayerEvents() {
    this.mediaEventScope.dispose(), this.mediaEventScope = this.scope.child();
  }
  setOptions(t4) {
    this.isDestroyed || (this.options = Object.assign({}, this.options, t4), t4.duration && !t4.peaks && (this.decodedData = n.createBuffer(this.exportPeaks(), t4.duration), this.wavesurferActions.setAudioBuffer(this.decodedData)), t4.peaks && t4.duration && (this.decodedData = n.createBuffer(t4.peaks, t4.duration), this.wavesurferActions.setAudioBuffer(this.decodedData)), this.renderer.setOptions(this.options), t4.audioRate && this.setPlaybackRate(t4.audioRate), null != t4.mediaControls && (this.player.getMediaElement().controls = t4.mediaControls));
  }
  registerPlugin(t4) {
    if (this.isDestroyed) throw new Error("Cannot register a plugin: wavesurfer was destroyed. Create a new instance instead.");
    if (this.plugins.includes(t4)) return t4;
    t4._init(this), this.plugins.push(t4);
    const e4 = this.scope.add(t4.once("destroy", (() => {
      this.plugins = this.plugins.filter(((e5) => e5 !== t4)), e4();
    })));
    return t4;
  }
  unregisterPlugin(t4) {
    this.plugins = this.plugins.filter(((e4) => e4 !== t4)), t4.destroy();
  }
  getWrapper() {
    return this.renderer.getWrapper();
  }
  getWidth() {
    return this.renderer.getWidth();
  }
  getScroll() {
    return this.renderer.getScroll();
  }
  setScroll(t4) {
    if (!this.isDestroyed) return this.renderer.setScroll(t4);
  }
  setScrollTime(t4) {
    const e4 = t4 / this.getDuration();
    this.renderer.setScrollPercentage(e4);
  }
  getActivePlugins() {
    return this.plugins;
  }
  bailedLoadOutcome(t4) {
    return this.supersededLoadScopes.has(t4) ? "superseded" : void 0;
  }
  loadAudio(e4, i4, s4, r4) {
    return t(this, void 0, void 0, (function* () {
      var t4;
      if (this.isDestroyed) throw new Error("Cannot load audio: wavesurfer was destroyed. Create a new instance instead.");
      this.loadScope && !this.loadScope.disposed && this.supersededLoadScopes.add(this.loadScope), null === (t4 = this.loadScope) || void 0 === t4 || t4.dispose();
      const o4 = this.scope.child();
      this.loadScope = o4;
      try {
        if (this.emit("load", e4), o4.disposed || i4 || s4 || this.wavesurferActions.setLoadPhase("fetching"), this.wavesurferActions.setUrl(e4 || ""), s4 ? this.wavesurferActions.setPeaks(s4) : this.wavesurferActions.setPeaks(null), !this.options.media && this.isPlaying() && this.pause(), this.decodedData = null, this.wavesurferActions.setAudioBuffer(null), this.stopAtPosition = null, !i4 && !s4) {
          const t6 = Object.assign({}, this.options.fetchParams);
          t6.signal || (t6.signal = o4.abortSignal());
          const s5 = (t7) => this.emit("loading", t7);
          if (i4 = yield d.fetchBlob(e4, s5, t6), o4.disposed) return this.bailedLoadOutcome(o4);
          const n4 = this.options.blobMimeType;
          n4 && (i4 = new Blob([i4], { type: n4 }));
        }
        if (o4.disposed) return this.bailedLoadOutcome(o4);
        this.player.setSrc(e4, i4);
        const t5 = yield new Promise(((t6) => {
          const e5 = r4 || this.getDuration();
          if (e5) t6(e5);
          else {
            this.mediaEventScope.add(this.player.onMediaEvent("loadedmetadata", (() => t6(this.getDuration())), { once: true }));
            const e6 = this.mediaEventScope.add((() => t6(0)));
            o4.add(e6);
          }
        }));
        if (o4.disposed) return this.bailedLoadOutcome(o4);
        if (e4 || i4 || !this.webAudioPlayer || (this.webAudioPlayer.duration = t5), o4.disposed || this.wavesurferActions.setLoadPhase("decoding"), s4) this.decodedData = n.createBuffer(s4, t5 || 0);
        else if (i4) {
          const t6 = yield i4.arrayBuffer();
          if (o4.disposed) return this.bailedLoadOutcome(o4);
          const e5 = yield n.decode(t6, this.options.sampleRate);
          if (o4.disposed) return this.bailedLoadOutcome(o4);
          this.decodedData = e5;
        }
        if (o4.disposed) return this.bailedLoadOutcome(o4);
        this.decodedData && (this.wavesurferActions.setAudioBuffer(this.decodedData), this.emit("decode", this.getDuration()), this.renderer.render(this.decodedData)), o4.disposed || this.wavesurferActions.setLoadPhase("ready"), this.emit("ready", this.getDuration());
      } catch (t5) {
        if (!this.supersededLoadScopes.has(o4)) throw this.loadScope !== o4 && null !== this.loadScope || this.wavesurferActions.setLoadPhase("error"), t5;
        return "superseded";
      }
    }));
  }
  classifyLoadResult(t4) {
    const e4 = t4.then(((t5) => {
      if ("superseded" === t5) throw new DOMException("The load was superseded by a newer load call", "AbortError");
    }), ((t5) => {
      throw this.emit("error", t5), t5;
    }));
    return e4.catch((() => {
    })), e4;
  }
  load(t4, e4, i4) {
    return this.classifyLoadResult(this.loadAudio(t4, void 0, e4, i4));
  }
  loadBlob(t4, e4, i4) {
    return this.classifyLoadResult(this.loadAudio("", t4, e4, i4));
  }
  zoom(t4) {
    if (!this.decodedData) throw new Error("No audio loaded");
    this.renderer.zoom(t4), this.wavesurferActions.setZoom(t4), this.emit("zoom", t4);
  }
  getDecodedData() {
    return this.decodedData;
  }
  exportPeaks({ channels: t4 = 2, maxLength: e4 = 8e3, precision: i4 = 1e4 } = {}) {
    if (!this.decodedData) throw new Error("The audio has not been decoded yet");
    const s4 = Math.min(t4, this.decodedData.numberOfChannels), n4 = [];
    for (let t5 = 0; t5 < s4; t5++) {
      const s5 = this.decodedData.getChannelData(t5), r4 = [], o4 = s5.length / e4;
      for (let t6 = 0; t6 < e4; t6++) {
        const e5 = s5.slice(Math.floor(t6 * o4), Math.ceil((t6 + 1) * o4));
        let n5 = 0;
        for (let t7 = 0; t7 < e5.length; t7++) {
          const i5 = e5[t7];
          Math.abs(i5) > Math.abs(n5) && (n5 = i5);
        }
        r4.push(Math.round(n5 * i4) / i4);
      }
      n4.push(r4);
    }
    return n4;
  }
  getDuration() {
    let t4 = this.player.getDuration() || 0;
    return 0 !== t4 && t4 !== 1 / 0 || !this.decodedData || (t4 = this.decodedData.duration), t4;
  }
  toggleInteraction(t4) {
    this.options.interact = t4;
  }
  setTime(t4) {
    this.isDestroyed || (this.stopAtPosition = null, this.player.setTime(t4), this.updateProgress(t4), this.emit("timeupdate", t4));
  }
  seekTo(t4) {
    const e4 = this.getDuration() * t4;
    this.setTime(e4);
  }
  pause() {
    this.isDestroyed || this.player.pause();
  }
  isPlaying() {
    return this.player.isPlaying();
  }
  isSeeking() {
    return this.player.isSeeking();
  }
  getCurrentTime() {
    return this.player.getCurrentTime();
  }
  getVolume() {
    return this.player.getVolume();
  }
  setVolume(t4) {
    this.isDestroyed || this.player.setVolume(t4);
  }
  getMuted() {
    return this.player.getMuted();
  }
  setMuted(t4) {
    this.isDestroyed || this.player.setMuted(t4);
  }
  getPlaybackRate() {
    return this.player.getPlaybackRate();
  }
  setPlaybackRate(t4, e4) {
    this.isDestroyed || this.player.setPlaybackRate(t4, e4);
  }
  setSinkId(t4) {
    return this.isDestroyed ? Promise.resolve() : this.player.setSinkId(t4);
  }
  getMediaElement() {
    return this.webAudioPlayer ? null : this.player.getMediaElement();
  }
  play(e4, i4) {
    return t(this, void 0, void 0, (function* () {
      if (this.isDestroyed) return;
      null != e4 && this.setTime(e4);
      const t4 = yield this.player.play();
      return null != i4 && (this.webAudioPlayer ? this.webAudioPlayer.stopAt(i4) : this.stopAtPosition = i4), t4;
    }));
  }
  playPause() {
    return t(this, void 0, void 0, (function* () {
      return this.isPlaying() ? this.pause() : this.play();
    }));
  }
  stop() {
    this.pause(), this.setTime(0);
  }
  skip(t4) {
    this.setTime(this.getCurrentTime() + t4);
  }
  empty() {
    this.load("", [[0]], 1e-3).catch((() => {
    }));
  }
  setMediaElement(t4) {
    this.isDestroyed || (this.unsubscribePlayerEvents(), this.player.setMediaElement(t4), this.webAudioPlayer = t4 instanceof T ? t4 : null, this.initPlayerEvents());
  }
  exportImage() {
    return t(this, arguments, void 0, (function* (t4 = "image/png", e4 = 1, i4 = "dataURL") {
      return this.renderer.exportImage(t4, e4, i4);
    }));
  }
  destroy() {
    var t4;
    this.isDestroyed || (this.isDestroyed = true, this.emit("destroy"), this.plugins.forEach(((t5) => t5.destroy())), this.scope.dispose(), this.loadScope = null, this.decodedData = null, this.wavesurferActions.setAudioBuffer(null), this.renderer.destroy(), this.player.destroy(), this.unAll(), null === (t4 = this.internalWebAudioPlayer) || void 0 === t4 || t4.destroy());
  }
};
A.BasePlugin = s, A.dom = h, A.definePlugin = function(t4, e4) {
  class n4 extends s {
    static create(...t5) {
      return new n4(t5[0]);
    }
    onInit() {
      this.scope.dispose(), this.scope = new i();
      const s4 = this, n5 = { get wavesurfer() {
        return s4.wavesurfer;
      }, get state() {
        return s4.wavesurfer.getState();
      }, scope: this.scope, emit: (t5, ...e5) => this.emit(t5, ...e5) }, o4 = e4(n5, this.options);
      for (const e5 of Object.keys(o4)) if (r.has(e5)) throw new Error(`definePlugin('${t4}'): api key "${e5}" collides with the plugin chassis`);
      Object.assign(this, o4);
    }
    destroy() {
      this.scope.dispose(), super.destroy();
    }
  }
  return Object.defineProperty(n4, "name", { value: t4 }), n4;
};

// node_modules/wavesurfer.js/dist/plugins/regions.esm.js
var e2 = class {
  constructor() {
    this.listeners = {};
  }
  on(e4, t4, n4) {
    if (this.listeners[e4] || (this.listeners[e4] = /* @__PURE__ */ new Set()), null == n4 ? void 0 : n4.once) {
      const n5 = (...i4) => {
        this.un(e4, n5), t4(...i4);
      };
      return this.listeners[e4].add(n5), () => this.un(e4, n5);
    }
    return this.listeners[e4].add(t4), () => this.un(e4, t4);
  }
  un(e4, t4) {
    var n4;
    null === (n4 = this.listeners[e4]) || void 0 === n4 || n4.delete(t4);
  }
  once(e4, t4) {
    return this.on(e4, t4, { once: true });
  }
  unAll() {
    this.listeners = {};
  }
  emit(e4, ...t4) {
    this.listeners[e4] && this.listeners[e4].forEach(((e5) => e5(...t4)));
  }
};
var t2 = class _t {
  constructor() {
    this.disposers = [], this.children = /* @__PURE__ */ new Set(), this.parent = null, this._disposed = false, this.abortController = null;
  }
  get disposed() {
    return this._disposed;
  }
  add(e4) {
    return this._disposed ? (this.safeRun(e4), () => {
    }) : (this.disposers.push(e4), () => {
      const t4 = this.disposers.indexOf(e4);
      -1 !== t4 && (this.disposers.splice(t4, 1), this.safeRun(e4));
    });
  }
  child() {
    const e4 = new _t();
    return this._disposed ? (e4.dispose(), e4) : (e4.parent = this, this.children.add(e4), e4);
  }
  listen(e4, t4, n4, i4) {
    return e4.addEventListener(t4, n4, i4), this.add((() => e4.removeEventListener(t4, n4, i4)));
  }
  timeout(e4, t4) {
    const n4 = setTimeout((() => {
      i4(), e4();
    }), t4), i4 = this.add((() => clearTimeout(n4)));
    return i4;
  }
  interval(e4, t4) {
    const n4 = setInterval(e4, t4);
    return this.add((() => clearInterval(n4)));
  }
  raf(e4) {
    const t4 = requestAnimationFrame(((t5) => {
      n4(), e4(t5);
    })), n4 = this.add((() => cancelAnimationFrame(t4)));
    return n4;
  }
  observeResize(e4, t4) {
    e4.observe(t4), this.add((() => e4.unobserve(t4)));
  }
  createResizeObserver(e4, t4) {
    const n4 = new ResizeObserver(t4);
    return n4.observe(e4), this.add((() => n4.disconnect())), n4;
  }
  abortSignal() {
    return this.abortController || (this.abortController = new AbortController(), this._disposed && this.abortController.abort()), this.abortController.signal;
  }
  dispose() {
    var e4;
    if (this._disposed) return;
    this._disposed = true, this.parent && (this.parent.children.delete(this), this.parent = null);
    for (const e5 of [...this.children]) e5.dispose();
    this.children.clear();
    const t4 = this.disposers;
    this.disposers = [];
    for (let e5 = t4.length - 1; e5 >= 0; e5--) this.safeRun(t4[e5]);
    null === (e4 = this.abortController) || void 0 === e4 || e4.abort();
  }
  safeRun(e4) {
    try {
      e4();
    } catch (e5) {
      console.error("Scope disposer error:", e5);
    }
  }
};
var n2 = class extends e2 {
  get destroyed() {
    return this.isDestroyed;
  }
  constructor(e4) {
    super(), this.subscriptions = [], this.scope = new t2(), this.isDestroyed = false, this.options = e4;
  }
  onInit() {
  }
  _init(e4) {
    this.isDestroyed = false, this.wavesurfer = e4, this.onInit();
  }
  destroy() {
    this.isDestroyed || (this.isDestroyed = true, this.emit("destroy"), this.subscriptions.forEach(((e4) => e4())), this.subscriptions = [], this.unAll(), this.scope.dispose(), this.wavesurfer = void 0);
  }
};
var i2 = /* @__PURE__ */ new Set(["destroy", "_init", "onInit", "emit", "on", "un", "once", "unAll", "options", "wavesurfer", "subscriptions", "scope", "destroyed", "isDestroyed", "listeners"]);
function s2(e4, t4) {
  const n4 = t4.xmlns ? document.createElementNS(t4.xmlns, e4) : document.createElement(e4);
  for (const [e5, i4] of Object.entries(t4)) if ("children" === e5 && i4) for (const [e6, t5] of Object.entries(i4)) t5 instanceof Node ? n4.appendChild(t5) : "string" == typeof t5 ? n4.appendChild(document.createTextNode(t5)) : n4.appendChild(s2(e6, t5));
  else "style" === e5 ? Object.assign(n4.style, i4) : "textContent" === e5 ? n4.textContent = i4 : n4.setAttribute(e5, i4.toString());
  return n4;
}
function o2(e4, t4, n4) {
  const i4 = s2(e4, t4 || {});
  return null == n4 || n4.appendChild(i4), i4;
}
var r2 = null;
function l2(e4) {
  let t4 = e4;
  const n4 = /* @__PURE__ */ new Set();
  let i4 = false, s4 = false;
  const o4 = { get value() {
    return null == r2 || r2.add(o4), t4;
  }, set(e5) {
    Object.is(t4, e5) || (t4 = e5, (() => {
      if (i4) s4 = true;
      else {
        i4 = true;
        try {
          do {
            s4 = false;
            const e6 = [...n4], i5 = t4;
            for (const n5 of e6) {
              try {
                n5(i5);
              } catch (e7) {
                console.error("Signal subscriber error:", e7);
              }
              if (!Object.is(t4, i5)) {
                s4 = true;
                break;
              }
            }
          } while (s4);
        } finally {
          i4 = false;
        }
      }
    })());
  }, update(e5) {
    this.set(e5(t4));
  }, subscribe: (e5) => (n4.add(e5), () => n4.delete(e5)) };
  return o4;
}
function a2(e4, t4) {
  let n4, i4 = [], s4 = false;
  const o4 = () => {
    if (!s4) {
      if (n4) {
        try {
          n4();
        } catch (e5) {
          console.error("Effect cleanup error:", e5);
        }
        n4 = void 0;
      }
      if (t4) n4 = e4();
      else {
        i4.forEach(((e5) => e5()));
        const [t5, s5] = (function(e5) {
          const t6 = r2, n5 = /* @__PURE__ */ new Set();
          r2 = n5;
          try {
            return [e5(), n5];
          } finally {
            r2 = t6;
          }
        })(e4);
        i4 = [...s5].map(((e5) => e5.subscribe(o4))), n4 = t5;
      }
    }
  };
  return t4 && (i4 = t4.map(((e5) => e5.subscribe(o4)))), o4(), () => {
    if (s4 = true, n4) {
      try {
        n4();
      } catch (e5) {
        console.error("Effect cleanup error:", e5);
      }
      n4 = void 0;
    }
    i4.forEach(((e5) => e5())), i4 = [];
  };
}
function d2(e4, t4 = {}) {
  const { threshold: n4 = 3, mouseButton: i4 = 0, touchDelay: s4 = 100 } = t4, o4 = l2(null), r4 = /* @__PURE__ */ new Map(), a4 = matchMedia("(pointer: coarse)").matches;
  let d3 = () => {
  };
  const h3 = (t5) => {
    if (t5.button !== i4) return;
    if (r4.has(t5.pointerId)) return;
    if (r4.set(t5.pointerId, t5), r4.size > 1) return;
    const l4 = t5.pointerId;
    let h4 = t5.clientX, c4 = t5.clientY, u3 = false;
    const v3 = Date.now(), p3 = e4.getBoundingClientRect(), { left: f3, top: g3 } = p3, m2 = (e5) => {
      if (e5.pointerId !== l4) return;
      if (e5.defaultPrevented || r4.size > 1) return;
      if (a4 && Date.now() - v3 < s4) return;
      const t6 = e5.clientX, i5 = e5.clientY, d4 = t6 - h4, p4 = i5 - c4;
      (u3 || Math.abs(d4) > n4 || Math.abs(p4) > n4) && (e5.preventDefault(), e5.stopPropagation(), u3 || (o4.set({ type: "start", x: h4 - f3, y: c4 - g3 }), u3 = true), o4.set({ type: "move", x: t6 - f3, y: i5 - g3, deltaX: d4, deltaY: p4 }), h4 = t6, c4 = i5);
    }, b2 = (e5) => {
      if (r4.delete(e5.pointerId)) {
        if (e5.pointerId === l4 && u3) {
          const t6 = e5.clientX, n5 = e5.clientY;
          o4.set({ type: "end", x: t6 - f3, y: n5 - g3 });
        }
        0 === r4.size && d3();
      }
    }, w2 = (e5) => {
      u3 && (e5.stopPropagation(), e5.preventDefault());
    }, y2 = (e5) => {
      e5.defaultPrevented || r4.size > 1 || u3 && e5.preventDefault();
    };
    window.addEventListener("pointermove", m2), window.addEventListener("pointerup", b2), window.addEventListener("pointercancel", b2), document.addEventListener("touchmove", y2, { passive: false }), document.addEventListener("click", w2, { capture: true }), d3 = () => {
      window.removeEventListener("pointermove", m2), window.removeEventListener("pointerup", b2), window.removeEventListener("pointercancel", b2), document.removeEventListener("touchmove", y2), setTimeout((() => {
        document.removeEventListener("click", w2, { capture: true });
      }), 10);
    };
  };
  e4.addEventListener("pointerdown", h3);
  return { signal: o4, cleanup: () => {
    d3(), e4.removeEventListener("pointerdown", h3), r4.clear();
  } };
}
function h2(e4, t4) {
  const n4 = l2(null), i4 = (e5) => {
    n4.set(e5);
  };
  return e4.addEventListener(t4, i4), n4._cleanup = () => {
    e4.removeEventListener(t4, i4);
  }, n4;
}
function c2(e4) {
  const t4 = e4._cleanup;
  "function" == typeof t4 && t4();
}
function u2(e4, t4) {
  if (!e4 || !t4) return;
  const { clientWidth: n4, scrollWidth: i4 } = t4;
  if (i4 <= n4) return;
  const s4 = t4.getBoundingClientRect(), o4 = e4.getBoundingClientRect(), r4 = o4.left - s4.left, l4 = o4.right - s4.left, a4 = r4 < 0, d3 = l4 > n4;
  return a4 && d3 ? { overflowLeft: -r4, overflowRight: l4 - n4 } : d3 ? { overflowLeft: 0, overflowRight: l4 - n4 } : a4 ? { overflowLeft: -r4, overflowRight: 0 } : { overflowLeft: 0, overflowRight: 0 };
}
function v2(e4, t4) {
  return (n4, i4, s4) => {
    const o4 = s4 - e4.scrollLeft;
    e4.scrollLeft = s4, t4(o4);
  };
}
var p2 = class extends e2 {
  constructor(e4, t4, n4, i4 = 0, s4 = null) {
    var o4, r4, l4, a4, d3, h3, c4, u3, v3, p3;
    super(), this.totalDuration = t4, this.scope = n4, this.numberOfChannels = i4, this.wavesurfer = s4, this.element = null, this.minLength = 0, this.maxLength = 1 / 0, this.contentEditable = false, this.updatingSide = void 0, this.isRemoved = false, this.isDragging = false, this.autoScrollDirection = "none", this.resizeHandleCleanup = null, this.contentListenersCleanup = null, this.mouseEventsInitialized = false, this.id = e4.id || `region-${Math.random().toString(32).slice(2)}`, this.start = this.clampPosition(e4.start), this.end = this.clampPosition(null !== (o4 = e4.end) && void 0 !== o4 ? o4 : e4.start), this.drag = null === (r4 = e4.drag) || void 0 === r4 || r4, this.resize = null === (l4 = e4.resize) || void 0 === l4 || l4, this.resizeStart = null === (a4 = e4.resizeStart) || void 0 === a4 || a4, this.resizeEnd = null === (d3 = e4.resizeEnd) || void 0 === d3 || d3, this.color = null !== (h3 = e4.color) && void 0 !== h3 ? h3 : "rgba(0, 0, 0, 0.1)", this.minLength = null !== (c4 = e4.minLength) && void 0 !== c4 ? c4 : this.minLength, this.maxLength = null !== (u3 = e4.maxLength) && void 0 !== u3 ? u3 : this.maxLength, this.channelIdx = null !== (v3 = e4.channelIdx) && void 0 !== v3 ? v3 : -1, this.contentEditable = null !== (p3 = e4.contentEditable) && void 0 !== p3 ? p3 : this.contentEditable, this.element = this.initElement(), this.setContent(e4.content), this.setPart(), this.renderPosition(), this.initMouseEvents();
  }
  clampPosition(e4) {
    return Math.max(0, Math.min(this.totalDuration, e4));
  }
  setPart() {
    var e4;
    const t4 = this.start === this.end;
    null === (e4 = this.element) || void 0 === e4 || e4.setAttribute("part", `${t4 ? "marker" : "region"} ${this.id}`);
  }
  addResizeHandles(e4) {
    const t4 = { position: "absolute", zIndex: "2", width: "6px", height: "100%", top: "0", cursor: "ew-resize", wordBreak: "keep-all" }, n4 = o2("div", { part: "region-handle region-handle-left", style: Object.assign(Object.assign({}, t4), { left: "0", borderLeft: "2px solid rgba(0, 0, 0, 0.5)", borderRadius: "2px 0 0 2px" }) }, e4), i4 = o2("div", { part: "region-handle region-handle-right", style: Object.assign(Object.assign({}, t4), { right: "0", borderRight: "2px solid rgba(0, 0, 0, 0.5)", borderRadius: "0 2px 2px 0" }) }, e4), s4 = d2(n4, { threshold: 1 }), r4 = d2(i4, { threshold: 1 }), l4 = { scrollLeft: 0 }, h3 = v2(l4, ((e5) => this.onResize(e5, "start"))), c4 = v2(l4, ((e5) => this.onResize(e5, "end")));
    let u3 = null, p3 = null;
    const f3 = this.scope.add(a2((() => {
      var e5, t5;
      const n5 = s4.signal.value;
      n5 && ("start" === n5.type ? (l4.scrollLeft = null !== (t5 = null === (e5 = this.wavesurfer) || void 0 === e5 ? void 0 : e5.getScroll()) && void 0 !== t5 ? t5 : 0, this.wavesurfer && (u3 = this.scope.add(this.wavesurfer.on("scroll", h3)))) : "move" === n5.type && void 0 !== n5.deltaX ? this.onResize(n5.deltaX, "start") : "end" === n5.type && (null == u3 || u3(), u3 = null, this.onEndResizing("start")));
    }), [s4.signal])), g3 = this.scope.add(a2((() => {
      var e5, t5;
      const n5 = r4.signal.value;
      n5 && ("start" === n5.type ? (l4.scrollLeft = null !== (t5 = null === (e5 = this.wavesurfer) || void 0 === e5 ? void 0 : e5.getScroll()) && void 0 !== t5 ? t5 : 0, this.wavesurfer && (p3 = this.scope.add(this.wavesurfer.on("scroll", c4)))) : "move" === n5.type && void 0 !== n5.deltaX ? this.onResize(n5.deltaX, "end") : "end" === n5.type && (null == p3 || p3(), p3 = null, this.onEndResizing("end")));
    }), [r4.signal])), m2 = this.scope.add((() => {
      s4.cleanup(), r4.cleanup();
    }));
    this.resizeHandleCleanup = () => {
      f3(), g3(), m2(), null == u3 || u3(), u3 = null, null == p3 || p3(), p3 = null;
    };
  }
  removeResizeHandles(e4) {
    this.resizeHandleCleanup && (this.resizeHandleCleanup(), this.resizeHandleCleanup = null);
    const t4 = e4.querySelector('[part*="region-handle-left"]'), n4 = e4.querySelector('[part*="region-handle-right"]');
    t4 && e4.removeChild(t4), n4 && e4.removeChild(n4);
  }
  initElement() {
    if (this.isRemoved) return null;
    const e4 = this.start === this.end;
    let t4 = 0, n4 = 100;
    this.channelIdx >= 0 && this.numberOfChannels > 0 && this.channelIdx < this.numberOfChannels && (n4 = 100 / this.numberOfChannels, t4 = n4 * this.channelIdx);
    const i4 = o2("div", { style: { position: "absolute", top: `${t4}%`, height: `${n4}%`, backgroundColor: e4 ? "none" : this.color, borderLeft: e4 ? "2px solid " + this.color : "none", borderRadius: "2px", boxSizing: "border-box", transition: "background-color 0.2s ease", cursor: this.drag ? "grab" : "default", pointerEvents: "all" } });
    return !e4 && this.resize && this.addResizeHandles(i4), i4;
  }
  renderPosition() {
    if (!this.element) return;
    const e4 = this.start / this.totalDuration, t4 = (this.totalDuration - this.end) / this.totalDuration;
    this.element.style.left = 100 * e4 + "%", this.element.style.right = 100 * t4 + "%";
  }
  toggleCursor(e4) {
    var t4;
    this.drag && (null === (t4 = this.element) || void 0 === t4 ? void 0 : t4.style) && (this.element.style.cursor = e4 ? "grabbing" : "grab");
  }
  attachContentListeners() {
    if (this.detachContentListeners(), !this.contentEditable || !this.content) return;
    const e4 = this.content, t4 = this.scope.listen(e4, "click", ((e5) => this.onContentClick(e5))), n4 = this.scope.listen(e4, "blur", (() => this.onContentBlur()));
    this.contentListenersCleanup = () => {
      t4(), n4();
    };
  }
  detachContentListeners() {
    this.contentListenersCleanup && (this.contentListenersCleanup(), this.contentListenersCleanup = null);
  }
  initMouseEvents() {
    const { element: e4 } = this;
    if (!e4) return;
    const t4 = h2(e4, "click"), n4 = h2(e4, "mouseenter"), i4 = h2(e4, "mouseleave"), s4 = h2(e4, "dblclick"), o4 = h2(e4, "pointerdown"), r4 = h2(e4, "pointerup"), l4 = h2(e4, "touchend");
    let u3 = 0, p3 = 0;
    const g3 = (e5) => this.emit("dblclick", e5), m2 = t4.subscribe(((e5) => e5 && this.emit("click", e5))), b2 = n4.subscribe(((e5) => e5 && this.emit("over", e5))), w2 = i4.subscribe(((e5) => e5 && this.emit("leave", e5))), y2 = s4.subscribe(((e5) => {
      e5 && (Date.now() - p3 <= 2 * f2 || g3(e5));
    })), L = l4.subscribe(((e5) => {
      var t5, n5, i5;
      if (!e5) return;
      const s5 = Date.now();
      if (u3 && s5 - u3 <= f2) {
        u3 = 0, p3 = s5;
        const o5 = null === (t5 = e5.changedTouches) || void 0 === t5 ? void 0 : t5[0];
        g3(new MouseEvent("dblclick", { bubbles: true, cancelable: true, clientX: null !== (n5 = null == o5 ? void 0 : o5.clientX) && void 0 !== n5 ? n5 : 0, clientY: null !== (i5 = null == o5 ? void 0 : o5.clientY) && void 0 !== i5 ? i5 : 0 }));
      } else u3 = s5;
    })), C2 = o4.subscribe(((e5) => e5 && this.toggleCursor(true))), E2 = r4.subscribe(((e5) => e5 && this.toggleCursor(false)));
    this.scope.add((() => {
      m2(), b2(), w2(), y2(), L(), C2(), E2(), c2(t4), c2(n4), c2(i4), c2(s4), c2(l4), c2(o4), c2(r4);
    }));
    const z = d2(e4), x2 = { scrollLeft: 0 }, R2 = v2(x2, ((e5) => this.onMove(e5)));
    let D2 = null;
    this.scope.add(a2((() => {
      var e5, t5, n5, i5;
      const s5 = z.signal.value;
      if (s5) if ("start" === s5.type) this.toggleCursor(true), this.isDragging = true, this.autoScrollDirection = this.getAutoScrollDirection(), x2.scrollLeft = null !== (t5 = null === (e5 = this.wavesurfer) || void 0 === e5 ? void 0 : e5.getScroll()) && void 0 !== t5 ? t5 : 0, this.wavesurfer && (D2 = this.scope.add(this.wavesurfer.on("scroll", R2)));
      else if ("move" === s5.type && void 0 !== s5.deltaX) {
        const e6 = null !== (i5 = null === (n5 = this.wavesurfer) || void 0 === n5 ? void 0 : n5.getScroll()) && void 0 !== i5 ? i5 : x2.scrollLeft, t6 = e6 - x2.scrollLeft;
        x2.scrollLeft = e6, this.onMove(s5.deltaX + t6);
      } else "end" === s5.type && (this.toggleCursor(false), this.isDragging = false, this.autoScrollDirection = "none", null == D2 || D2(), D2 = null, this.drag && this.emit("update-end"));
    }), [z.signal])), this.scope.add((() => z.cleanup())), this.attachContentListeners(), this.mouseEventsInitialized = true;
  }
  getAutoScrollDirection() {
    var e4, t4;
    const n4 = null === (t4 = null === (e4 = this.wavesurfer) || void 0 === e4 ? void 0 : e4.getWrapper()) || void 0 === t4 ? void 0 : t4.parentElement, i4 = u2(this.element, n4);
    if (!i4) return "none";
    const { overflowLeft: s4, overflowRight: o4 } = i4;
    return s4 > 0 && o4 > 0 ? "none" : s4 > 0 ? "right" : o4 > 0 ? "left" : "both";
  }
  _onUpdate(e4, t4, n4, i4) {
    var s4;
    if (!(null === (s4 = this.element) || void 0 === s4 ? void 0 : s4.parentElement)) return;
    const { width: o4 } = this.element.parentElement.getBoundingClientRect(), r4 = e4 / o4 * this.totalDuration;
    let l4 = t4 && "start" !== t4 ? this.start : this.start + r4, a4 = t4 && "end" !== t4 ? this.end : this.end + r4;
    const d3 = void 0 !== n4;
    if (d3 && this.updatingSide && this.updatingSide !== t4 && ("start" === this.updatingSide ? l4 = n4 : a4 = n4), !t4) {
      const e5 = Math.max(-this.start, Math.min(this.totalDuration - this.end, r4));
      l4 = this.start + e5, a4 = this.end + e5;
    }
    l4 = Math.max(0, l4), a4 = Math.min(this.totalDuration, a4);
    const h3 = a4 - l4;
    this.updatingSide = t4;
    const c4 = h3 >= this.minLength && h3 <= this.maxLength, u3 = d3 && h3 <= this.maxLength;
    l4 <= a4 && (c4 || u3) && (this.start = l4, this.end = a4, this.renderPosition(), this.emit("update", t4, i4));
  }
  onMove(e4) {
    this.drag && this._onUpdate(e4, void 0, void 0, this.autoScrollDirection);
  }
  onResize(e4, t4) {
    this.resize && (this.resizeStart || "start" !== t4) && (this.resizeEnd || "end" !== t4) && this._onUpdate(e4, t4, void 0, "start" === t4 ? "left" : "right");
  }
  onEndResizing(e4) {
    this.resize && (this.emit("update-end", e4), this.updatingSide = void 0);
  }
  onContentClick(e4) {
    e4.stopPropagation();
    e4.target.focus(), this.emit("click", e4);
  }
  onContentBlur() {
    this.emit("update-end");
  }
  _setTotalDuration(e4) {
    this.totalDuration = e4, this.renderPosition();
  }
  play(e4) {
    this.emit("play", e4 && this.end !== this.start ? this.end : void 0);
  }
  getContent(e4 = false) {
    var t4;
    return e4 ? this.content || void 0 : this.element instanceof HTMLElement ? (null === (t4 = this.content) || void 0 === t4 ? void 0 : t4.innerHTML) || void 0 : "";
  }
  setContent(e4) {
    var t4;
    if (this.element) if (this.detachContentListeners(), null === (t4 = this.content) || void 0 === t4 || t4.remove(), e4) {
      if ("string" == typeof e4) {
        const t5 = this.start === this.end;
        this.content = o2("div", { style: { padding: `0.2em ${t5 ? 0.2 : 0.4}em`, display: "inline-block" }, textContent: e4 });
      } else this.content = e4;
      this.contentEditable && (this.content.contentEditable = "true", this.mouseEventsInitialized && this.attachContentListeners()), this.content.setAttribute("part", "region-content"), this.element.appendChild(this.content), this.emit("content-changed");
    } else this.content = void 0;
  }
  setOptions(e4) {
    var t4, n4;
    if (this.element) {
      if (e4.color && (this.color = e4.color, this.element.style.backgroundColor = this.color), void 0 !== e4.drag && (this.drag = e4.drag, this.element.style.cursor = this.drag ? "grab" : "default"), void 0 !== e4.start || void 0 !== e4.end) {
        const i4 = this.start === this.end;
        this.start = this.clampPosition(null !== (t4 = e4.start) && void 0 !== t4 ? t4 : this.start), this.end = this.clampPosition(null !== (n4 = e4.end) && void 0 !== n4 ? n4 : i4 ? this.start : this.end), this.renderPosition(), this.setPart();
        const s4 = this.start === this.end;
        s4 !== i4 && (this.element.style.backgroundColor = s4 ? "" : this.color, this.element.style.borderLeft = s4 ? "2px solid " + this.color : "none", this.resize && (s4 ? this.removeResizeHandles(this.element) : this.addResizeHandles(this.element))), this.emit("render");
      }
      if (e4.content && this.setContent(e4.content), e4.id && (this.id = e4.id, this.setPart()), void 0 !== e4.resize && e4.resize !== this.resize) {
        const t5 = this.start === this.end;
        this.resize = e4.resize, this.resize && !t5 ? this.addResizeHandles(this.element) : this.removeResizeHandles(this.element);
      }
      void 0 !== e4.resizeStart && (this.resizeStart = e4.resizeStart), void 0 !== e4.resizeEnd && (this.resizeEnd = e4.resizeEnd);
    }
  }
  remove() {
    this.isRemoved = true, this.emit("remove"), this.scope.dispose(), this.detachContentListeners(), this.element && (this.element.remove(), this.element = null), this.unAll();
  }
};
var f2 = 300;
var g2 = (function(e4, s4) {
  class o4 extends n2 {
    static create(...e5) {
      return new o4(e5[0]);
    }
    onInit() {
      this.scope.dispose(), this.scope = new t2();
      const n4 = this, o5 = { get wavesurfer() {
        return n4.wavesurfer;
      }, get state() {
        return n4.wavesurfer.getState();
      }, scope: this.scope, emit: (e5, ...t4) => this.emit(e5, ...t4) }, r4 = s4(o5, this.options);
      for (const t4 of Object.keys(r4)) if (i2.has(t4)) throw new Error(`definePlugin('${e4}'): api key "${t4}" collides with the plugin chassis`);
      Object.assign(this, r4);
    }
    destroy() {
      this.scope.dispose(), super.destroy();
    }
  }
  return Object.defineProperty(o4, "name", { value: e4 }), o4;
})("RegionsPlugin", ((e4) => {
  let n4 = [], i4 = [];
  const s4 = /* @__PURE__ */ new WeakMap(), r4 = o2("div", { part: "regions-container", style: { position: "absolute", top: "0", left: "0", width: "100%", height: "100%", zIndex: "5", pointerEvents: "none" } });
  function l4(e5) {
    if (!e5.content || e5.isRemoved) return;
    s4.get(e5).timeout((() => {
      if (!e5.content) return;
      const t4 = e5.content;
      t4.style.marginTop = "0";
      const i5 = t4.getBoundingClientRect(), s5 = n4.indexOf(e5);
      if (s5 < 0) return;
      const o4 = n4.slice(0, s5).filter(((e6) => !e6.isRemoved)).reduce(((t5, n5) => {
        if (n5 === e5 || !n5.content) return t5;
        const s6 = n5.content.getBoundingClientRect();
        return i5.left < s6.right && s6.left < i5.right && t5.push(s6), t5;
      }), []).sort(((e6, t5) => e6.top - t5.top)).reduce(((e6, t5) => {
        const n5 = i5.top + e6, s6 = n5 + i5.height;
        return n5 < t5.bottom && t5.top < s6 ? t5.bottom - i5.top + 2 : e6;
      }), 0);
      t4.style.marginTop = `${o4}px`;
    }), 10);
  }
  function h3(t4, n5) {
    var i5, s5;
    if (!n5 || "none" === n5) return;
    const o4 = null === (s5 = null === (i5 = e4.wavesurfer) || void 0 === i5 ? void 0 : i5.getWrapper()) || void 0 === s5 ? void 0 : s5.parentElement, r5 = u2(t4.element, o4);
    if (!o4 || !r5) return;
    const { overflowLeft: l5, overflowRight: a4 } = r5;
    l5 > 0 && a4 > 0 ? "left" === n5 ? o4.scrollLeft -= l5 : "right" === n5 && (o4.scrollLeft += a4) : ("left" !== n5 && "both" !== n5 || (o4.scrollLeft -= l5), "right" !== n5 && "both" !== n5 || (o4.scrollLeft += a4));
  }
  function c4(t4, i5) {
    t4.element && (s4.set(t4, i5), (function(t5, n5, i6, s5) {
      const o4 = () => {
        if (!e4.wavesurfer) return;
        const n6 = e4.wavesurfer.getWidth(), o5 = e4.wavesurfer.getScroll(), r5 = i6.clientWidth, l5 = e4.wavesurfer.getDuration(), a4 = Math.round(t5.start / l5 * r5), d3 = a4 + (Math.round((t5.end - t5.start) / l5 * r5) || 1) > o5 && a4 < o5 + n6;
        d3 && !s5.parentElement ? i6.appendChild(s5) : d3 || !s5.parentElement || t5.isDragging || s5.remove();
      };
      n5.timeout((() => {
        e4.wavesurfer && t5.element && (o4(), n5.add(e4.wavesurfer.on("scroll", o4)), n5.add(e4.wavesurfer.on("zoom", o4)), n5.add(e4.wavesurfer.on("resize", o4)), n5.add(t5.on("render", o4)));
      }), 0);
    })(t4, i5, r4, t4.element), l4(t4), n4.push(t4), i5.add(t4.on("update", ((n5, i6) => {
      h3(t4, i6), e4.emit("region-update", t4, n5);
    }))), i5.add(t4.on("update-end", ((i6) => {
      n4.forEach(((e5) => l4(e5))), e4.emit("region-updated", t4, i6);
    }))), i5.add(t4.on("play", ((n5) => {
      var i6;
      null === (i6 = e4.wavesurfer) || void 0 === i6 || i6.play(t4.start, n5);
    }))), i5.add(t4.on("click", ((n5) => {
      e4.emit("region-clicked", t4, n5);
    }))), i5.add(t4.on("dblclick", ((n5) => {
      e4.emit("region-double-clicked", t4, n5);
    }))), i5.add(t4.on("content-changed", (() => {
      e4.emit("region-content-changed", t4);
    }))), t4.once("remove", (() => {
      n4 = n4.filter(((e5) => e5 !== t4)), e4.emit("region-removed", t4);
    })), e4.emit("region-created", t4));
  }
  function f3() {
    n4.slice().forEach(((e5) => e5.remove())), n4 = [];
  }
  return e4.wavesurfer.getWrapper().appendChild(r4), e4.scope.add((() => r4.remove())), e4.scope.add(e4.wavesurfer.on("ready", ((e5) => {
    n4.forEach(((t4) => t4._setTotalDuration(e5)));
  }))), e4.scope.add(e4.wavesurfer.on("timeupdate", ((t4) => {
    const s5 = n4.filter(((e5) => e5.start - 0.05 <= t4 && (e5.end === e5.start ? e5.start + 0.05 : e5.end) >= t4));
    s5.forEach(((t5) => {
      i4.includes(t5) || e4.emit("region-in", t5);
    })), i4.forEach(((t5) => {
      s5.includes(t5) || e4.emit("region-out", t5);
    })), i4 = s5;
  }))), e4.scope.add((() => f3())), { getRegions: function() {
    return n4;
  }, addRegion: function(n5) {
    var i5;
    if (!e4.wavesurfer) {
      const e5 = new p2(n5, 0, new t2());
      return e5.remove(), e5;
    }
    const s5 = e4.wavesurfer.getDuration(), o4 = null === (i5 = e4.wavesurfer.getDecodedData()) || void 0 === i5 ? void 0 : i5.numberOfChannels, r5 = e4.scope.child(), l5 = new p2(n5, s5, r5, o4, e4.wavesurfer);
    return e4.emit("region-initialized", l5), s5 ? c4(l5, r5) : r5.add(e4.wavesurfer.once("ready", ((e5) => {
      l5._setTotalDuration(e5), c4(l5, r5);
    }))), l5;
  }, enableDragSelection: function(t4, n5 = 3) {
    var i5;
    const s5 = null === (i5 = e4.wavesurfer) || void 0 === i5 ? void 0 : i5.getWrapper();
    if (!(s5 && s5 instanceof HTMLElement)) return () => {
    };
    let o4 = null, l5 = null, u3 = 0, f4 = 0;
    const g3 = d2(s5, { threshold: n5 }), m2 = { scrollLeft: 0 }, b2 = v2(m2, ((e5) => {
      o4 && 0 !== e5 && (o4._onUpdate(e5, e5 > 0 ? "end" : "start", f4), h3(o4, e5 > 0 ? "right" : "left"));
    }));
    let w2 = null;
    const y2 = a2((() => {
      var n6, i6, s6, a4;
      const d3 = g3.signal.value;
      if (d3) {
        if ("start" === d3.type) {
          if (null == l5 || l5.dispose(), null == w2 || w2(), w2 = null, u3 = d3.x, !e4.wavesurfer) return;
          m2.scrollLeft = e4.wavesurfer.getScroll(), w2 = e4.scope.add(e4.wavesurfer.on("scroll", b2));
          const s7 = e4.wavesurfer.getDuration(), a5 = null === (i6 = null === (n6 = e4.wavesurfer) || void 0 === n6 ? void 0 : n6.getDecodedData()) || void 0 === i6 ? void 0 : i6.numberOfChannels, { width: h4 } = e4.wavesurfer.getWrapper().getBoundingClientRect();
          f4 = u3 / h4 * s7;
          const c5 = d3.x / h4 * s7, v3 = (d3.x + 5) / h4 * s7;
          l5 = e4.scope.child(), o4 = new p2(Object.assign(Object.assign({}, t4), { start: c5, end: v3 }), s7, l5, a5, e4.wavesurfer), e4.emit("region-initialized", o4), o4.element && r4.appendChild(o4.element);
        } else if ("move" === d3.type && void 0 !== d3.deltaX) o4 && (o4._onUpdate(d3.deltaX, d3.x > u3 ? "end" : "start", f4), h3(o4, d3.x > u3 ? "right" : "left"));
        else if ("end" === d3.type && (null == w2 || w2(), w2 = null, o4 && l5)) {
          if (o4.end - o4.start < o4.minLength) {
            const t5 = null !== (a4 = null === (s6 = e4.wavesurfer) || void 0 === s6 ? void 0 : s6.getDuration()) && void 0 !== a4 ? a4 : 0, n7 = Math.min(t5, o4.start + o4.minLength), i7 = Math.max(0, n7 - o4.minLength);
            o4.setOptions({ start: i7, end: n7 });
          }
          c4(o4, l5), o4.updatingSide = void 0, o4 = null, l5 = null;
        }
      }
    }), [g3.signal]);
    return e4.scope.add((() => {
      y2(), g3.cleanup(), null == w2 || w2(), w2 = null;
    }));
  }, clearRegions: f3 };
}));

// node_modules/wavesurfer.js/dist/plugins/timeline.esm.js
var e3 = class {
  constructor() {
    this.listeners = {};
  }
  on(e4, t4, s4) {
    if (this.listeners[e4] || (this.listeners[e4] = /* @__PURE__ */ new Set()), null == s4 ? void 0 : s4.once) {
      const s5 = (...r4) => {
        this.un(e4, s5), t4(...r4);
      };
      return this.listeners[e4].add(s5), () => this.un(e4, s5);
    }
    return this.listeners[e4].add(t4), () => this.un(e4, t4);
  }
  un(e4, t4) {
    var s4;
    null === (s4 = this.listeners[e4]) || void 0 === s4 || s4.delete(t4);
  }
  once(e4, t4) {
    return this.on(e4, t4, { once: true });
  }
  unAll() {
    this.listeners = {};
  }
  emit(e4, ...t4) {
    this.listeners[e4] && this.listeners[e4].forEach(((e5) => e5(...t4)));
  }
};
var t3 = class _t {
  constructor() {
    this.disposers = [], this.children = /* @__PURE__ */ new Set(), this.parent = null, this._disposed = false, this.abortController = null;
  }
  get disposed() {
    return this._disposed;
  }
  add(e4) {
    return this._disposed ? (this.safeRun(e4), () => {
    }) : (this.disposers.push(e4), () => {
      const t4 = this.disposers.indexOf(e4);
      -1 !== t4 && (this.disposers.splice(t4, 1), this.safeRun(e4));
    });
  }
  child() {
    const e4 = new _t();
    return this._disposed ? (e4.dispose(), e4) : (e4.parent = this, this.children.add(e4), e4);
  }
  listen(e4, t4, s4, r4) {
    return e4.addEventListener(t4, s4, r4), this.add((() => e4.removeEventListener(t4, s4, r4)));
  }
  timeout(e4, t4) {
    const s4 = setTimeout((() => {
      r4(), e4();
    }), t4), r4 = this.add((() => clearTimeout(s4)));
    return r4;
  }
  interval(e4, t4) {
    const s4 = setInterval(e4, t4);
    return this.add((() => clearInterval(s4)));
  }
  raf(e4) {
    const t4 = requestAnimationFrame(((t5) => {
      s4(), e4(t5);
    })), s4 = this.add((() => cancelAnimationFrame(t4)));
    return s4;
  }
  observeResize(e4, t4) {
    e4.observe(t4), this.add((() => e4.unobserve(t4)));
  }
  createResizeObserver(e4, t4) {
    const s4 = new ResizeObserver(t4);
    return s4.observe(e4), this.add((() => s4.disconnect())), s4;
  }
  abortSignal() {
    return this.abortController || (this.abortController = new AbortController(), this._disposed && this.abortController.abort()), this.abortController.signal;
  }
  dispose() {
    var e4;
    if (this._disposed) return;
    this._disposed = true, this.parent && (this.parent.children.delete(this), this.parent = null);
    for (const e5 of [...this.children]) e5.dispose();
    this.children.clear();
    const t4 = this.disposers;
    this.disposers = [];
    for (let e5 = t4.length - 1; e5 >= 0; e5--) this.safeRun(t4[e5]);
    null === (e4 = this.abortController) || void 0 === e4 || e4.abort();
  }
  safeRun(e4) {
    try {
      e4();
    } catch (e5) {
      console.error("Scope disposer error:", e5);
    }
  }
};
var s3 = class extends e3 {
  get destroyed() {
    return this.isDestroyed;
  }
  constructor(e4) {
    super(), this.subscriptions = [], this.scope = new t3(), this.isDestroyed = false, this.options = e4;
  }
  onInit() {
  }
  _init(e4) {
    this.isDestroyed = false, this.wavesurfer = e4, this.onInit();
  }
  destroy() {
    this.isDestroyed || (this.isDestroyed = true, this.emit("destroy"), this.subscriptions.forEach(((e4) => e4())), this.subscriptions = [], this.unAll(), this.scope.dispose(), this.wavesurfer = void 0);
  }
};
var r3 = /* @__PURE__ */ new Set(["destroy", "_init", "onInit", "emit", "on", "un", "once", "unAll", "options", "wavesurfer", "subscriptions", "scope", "destroyed", "isDestroyed", "listeners"]);
function i3(e4, t4) {
  const s4 = t4.xmlns ? document.createElementNS(t4.xmlns, e4) : document.createElement(e4);
  for (const [e5, r4] of Object.entries(t4)) if ("children" === e5 && r4) for (const [e6, t5] of Object.entries(r4)) t5 instanceof Node ? s4.appendChild(t5) : "string" == typeof t5 ? s4.appendChild(document.createTextNode(t5)) : s4.appendChild(i3(e6, t5));
  else "style" === e5 ? Object.assign(s4.style, r4) : "textContent" === e5 ? s4.textContent = r4 : s4.setAttribute(e5, r4.toString());
  return s4;
}
function n3(e4, t4, s4) {
  return i3(e4, t4 || {});
}
function o3(e4) {
  if (e4 instanceof HTMLElement) return true;
  if ("object" != typeof e4 || null === e4) return false;
  const t4 = e4;
  return t4.nodeType === Node.ELEMENT_NODE && "string" == typeof t4.nodeName && "http://www.w3.org/1999/xhtml" === t4.namespaceURI && "object" == typeof t4.style && null !== t4.style && "function" == typeof t4.appendChild;
}
function a3(e4, t4) {
  let s4, r4 = [], i4 = false;
  const n4 = () => {
    if (!i4) {
      if (s4) {
        try {
          s4();
        } catch (e5) {
          console.error("Effect cleanup error:", e5);
        }
        s4 = void 0;
      }
      if (t4) s4 = e4();
      else {
        r4.forEach(((e5) => e5()));
        const [t5, i5] = (function(e5) {
          const t6 = /* @__PURE__ */ new Set();
          try {
            return [e5(), t6];
          } finally {
          }
        })(e4);
        r4 = [...i5].map(((e5) => e5.subscribe(n4))), s4 = t5;
      }
    }
  };
  return t4 && (r4 = t4.map(((e5) => e5.subscribe(n4)))), n4(), () => {
    if (i4 = true, s4) {
      try {
        s4();
      } catch (e5) {
        console.error("Effect cleanup error:", e5);
      }
      s4 = void 0;
    }
    r4.forEach(((e5) => e5())), r4 = [];
  };
}
var l3 = { height: 20, timeOffset: 0, formatTimeCallback: (e4) => {
  if (e4 / 60 > 1) {
    return `${Math.floor(e4 / 60)}:${`${(e4 = Math.round(e4 % 60)) < 10 ? "0" : ""}${e4}`}`;
  }
  return `${Math.round(1e3 * e4) / 1e3}`;
} };
var c3 = (function(e4, i4) {
  class n4 extends s3 {
    static create(...e5) {
      return new n4(e5[0]);
    }
    onInit() {
      this.scope.dispose(), this.scope = new t3();
      const s4 = this, n5 = { get wavesurfer() {
        return s4.wavesurfer;
      }, get state() {
        return s4.wavesurfer.getState();
      }, scope: this.scope, emit: (e5, ...t4) => this.emit(e5, ...t4) }, o4 = i4(n5, this.options);
      for (const t4 of Object.keys(o4)) if (r3.has(t4)) throw new Error(`definePlugin('${e4}'): api key "${t4}" collides with the plugin chassis`);
      Object.assign(this, o4);
    }
    destroy() {
      this.scope.dispose(), super.destroy();
    }
  }
  return Object.defineProperty(n4, "name", { value: e4 }), n4;
})("TimelinePlugin", ((e4, t4) => {
  const s4 = Object.assign({}, l3, t4), r4 = n3("div", { part: "timeline-wrapper", style: { pointerEvents: "none" } }), i4 = /* @__PURE__ */ new Map();
  let c4;
  function d3(t5, s5, r5) {
    s5.appendChild(r5);
    const n4 = r5.clientWidth, o4 = e4.wavesurfer.getScroll(), a4 = o4 + e4.wavesurfer.getWidth(), l4 = t5 >= o4 && t5 + n4 < a4;
    i4.set(r5, { start: t5, width: n4, wasVisible: l4 }), l4 || r5.remove();
  }
  function u3() {
    var t5, o4, a4, l4;
    i4.clear();
    const u4 = e4.wavesurfer.getDuration() || s4.duration || 0, h4 = (e4.wavesurfer.getWrapper().scrollWidth || r4.scrollWidth) / u4, p4 = null !== (t5 = s4.timeInterval) && void 0 !== t5 ? t5 : (function(e5) {
      return e5 >= 25 ? 1 : 5 * e5 >= 25 ? 5 : 15 * e5 >= 25 ? 15 : 60 * Math.ceil(0.5 / e5);
    })(h4), f4 = null !== (o4 = s4.primaryLabelInterval) && void 0 !== o4 ? o4 : (function(e5) {
      return e5 >= 25 ? 10 : 5 * e5 >= 25 ? 6 : 4;
    })(h4), y2 = s4.primaryLabelSpacing, b2 = null !== (a4 = s4.secondaryLabelInterval) && void 0 !== a4 ? a4 : (function(e5) {
      return e5 >= 25 ? 5 : 2;
    })(h4), v3 = s4.secondaryLabelSpacing, m2 = "beforebegin" === s4.insertPosition, w2 = n3("div", { style: Object.assign({ height: `${s4.height}px`, overflow: "hidden", fontSize: s4.height / 2 + "px", whiteSpace: "nowrap" }, m2 ? { position: "absolute", top: "0", left: "0", right: "0", zIndex: "2" } : { position: "relative" }) });
    w2.setAttribute("part", "timeline"), "string" == typeof s4.style ? w2.setAttribute("style", w2.getAttribute("style") + s4.style) : "object" == typeof s4.style && Object.assign(w2.style, s4.style), r4.innerHTML = "", r4.appendChild(w2), c4 = w2;
    const g3 = n3("div", { style: { width: "0", height: "50%", display: "flex", flexDirection: "column", justifyContent: m2 ? "flex-start" : "flex-end", top: m2 ? "0" : "auto", bottom: m2 ? "auto" : "0", overflow: "visible", borderLeft: "1px solid currentColor", opacity: `${null !== (l4 = s4.secondaryLabelOpacity) && void 0 !== l4 ? l4 : 0.25}`, position: "absolute", zIndex: "1" } });
    for (let e5 = 0, t6 = 0; e5 < u4; e5 += p4, t6++) {
      const r5 = g3.cloneNode(), i5 = Math.round(100 * e5) % Math.round(100 * f4) == 0 || y2 && t6 % y2 == 0, n4 = Math.round(100 * e5) % Math.round(100 * b2) == 0 || v3 && t6 % v3 == 0;
      (i5 || n4) && (r5.style.height = "100%", r5.style.textIndent = "3px", r5.textContent = s4.formatTimeCallback(e5), i5 && (r5.style.opacity = "1"));
      const o5 = i5 ? "primary" : n4 ? "secondary" : "tick";
      r5.setAttribute("part", `timeline-notch timeline-notch-${o5}`);
      const a5 = (e5 + s4.timeOffset) * h4;
      r5.style.left = `${a5}px`, d3(a5, w2, r5);
    }
    e4.emit("ready");
  }
  const h3 = (function(e5, t5, s5) {
    if (!e5) return t5;
    if (o3(e5)) return e5;
    const r5 = document.querySelector(e5);
    if (!o3(r5)) throw new Error(`${s5}: container not found: ${e5}`);
    return r5;
  })(s4.container, e4.wavesurfer.getWrapper(), "timeline");
  s4.insertPosition ? (h3.firstElementChild || h3).insertAdjacentElement(s4.insertPosition, r4) : h3.appendChild(r4), e4.scope.add((() => r4.remove()));
  const { duration: p3 } = e4.state;
  e4.scope.add(a3((() => {
    (p3.value > 0 || s4.duration) && u3();
  }), [p3])), e4.scope.add(e4.wavesurfer.on("redraw", (() => u3())));
  const f3 = e4.wavesurfer.getRenderer();
  return e4.scope.add(a3((() => {
    if (c4) {
      const t5 = e4.wavesurfer.getScroll();
      !(function(e5, t6, s5) {
        i4.forEach(((r5, i5) => {
          const n4 = r5.start >= e5 && r5.start + r5.width < t6;
          n4 !== r5.wasVisible && (r5.wasVisible = n4, n4 ? s5.appendChild(i5) : i5.remove());
        }));
      })(t5, t5 + e4.wavesurfer.getWidth(), c4);
    }
  }), [f3.getVisibleRange()])), (e4.wavesurfer.getDuration() || s4.duration) && u3(), {};
}));

// src/waveform.js
var PEAKS_PER_SECOND = 100;
var HEIGHT = 96;
var FEWEST_BARS = 2;
var BAR_NUMBER_PX = 28;
var REGION_COLOR = "rgba(255, 170, 0, 0.25)";
function mixPeaks(buffers, n4) {
  const length = Math.max(...buffers.map((b2) => b2.length));
  const step = length / n4;
  const peaks = new Float32Array(n4);
  for (const b2 of buffers) {
    const data = b2.getChannelData(0);
    for (let i4 = 0; i4 < n4; i4++) {
      let peak = 0;
      const stop = Math.min(data.length, Math.floor((i4 + 1) * step));
      for (let j = Math.floor(i4 * step); j < stop; j += 4) peak = Math.max(peak, Math.abs(data[j]));
      peaks[i4] += peak;
    }
  }
  const top = Math.max(1e-9, ...peaks);
  return [Array.from(peaks, (p3) => p3 / top)];
}
var LANE_CSS = `
  .jam-grid { position: absolute; left: 0; top: 0; width: 100%; height: ${HEIGHT}px; pointer-events: none; z-index: 4; }
  .jam-grid i { position: absolute; top: 0; bottom: 0; width: 1px; background: var(--jam-grid-beat); }
  .jam-grid i.bar { background: var(--jam-grid-bar); }
  .jam-lanes { position: relative; z-index: 6; font-family: var(--st-font, sans-serif); font-size: 12px;
    color: var(--st-text-color, #222); background: var(--st-background-color, transparent); }
  .jam-lane { position: relative; height: 18px; }
  .jam-lane span { position: absolute; top: 0; bottom: 0; box-sizing: border-box; white-space: nowrap;
    overflow: clip; border-left: 1px solid var(--jam-grid-bar); padding: 1px 0 0 2px; cursor: pointer; }
  /* sticky to wavesurfer's scroller: "clip" above, unlike "hidden", makes the span no scroller of its own */
  .jam-lane span em { position: sticky; left: 2px; font-style: normal; }
  .jam-lane.chords span { font-weight: 600; }
  .jam-lane.sections { height: 20px; }
  .jam-lane.sections span { background: var(--jam-section-bg); border-radius: 3px; }
  .jam-lane.sections span:hover { background: var(--jam-section-hover); }
`;
function lane(className) {
  const row = document.createElement("div");
  row.className = `jam-lane ${className}`;
  return row;
}
function name(span, text) {
  if (!span.firstChild) span.append(document.createElement("em"));
  span.firstChild.textContent = text;
}
function fill(row, items, duration, { label, title = label, act }) {
  row.replaceChildren();
  return items.map((item) => {
    const span = document.createElement("span");
    span.style.left = `${100 * item.start / duration}%`;
    if (item.end !== void 0) span.style.width = `${100 * (item.end - item.start) / duration}%`;
    name(span, label(item));
    span.title = title(item);
    span.addEventListener("pointerdown", (e4) => e4.stopPropagation());
    span.addEventListener("click", (e4) => {
      e4.stopPropagation();
      act(item);
    });
    row.appendChild(span);
    return span;
  });
}
function fit(spans, labels, titles = labels) {
  spans.forEach((span, i4) => {
    name(span, labels[i4]);
    span.title = titles[i4];
  });
  const wide = spans.map((span) => span.scrollWidth > span.clientWidth + 0.5);
  spans.forEach((span, i4) => {
    if (wide[i4]) name(span, "");
  });
}
function timeLabel(seconds) {
  const t4 = Math.round(seconds * 100) / 100;
  const m2 = Math.floor(t4 / 60);
  const s4 = Math.round((t4 - 60 * m2) * 100) / 100;
  return `${m2}:${s4 < 10 ? "0" : ""}${s4}`;
}
function mountWaveform(parent, { media, buffers, grid, music, melody, onLoop, onSeek, shiftHeld, view = null }) {
  const duration = media.duration;
  const regions = g2.create();
  const primary = getComputedStyle(parent).getPropertyValue("--jam-primary").trim() || "#ff4b4b";
  const ws = A.create({
    container: parent,
    media,
    peaks: mixPeaks(buffers, Math.max(2e3, Math.round(duration * PEAKS_PER_SECOND))),
    duration,
    height: HEIGHT,
    waveColor: "#8a9bb0",
    progressColor: "#5f7691",
    cursorColor: primary,
    cursorWidth: 2,
    autoScroll: true,
    autoCenter: true,
    plugins: [regions, c3.create({ height: 18, formatTimeCallback: timeLabel })]
  });
  const wrapper = ws.getWrapper();
  const style = document.createElement("style");
  style.textContent = LANE_CSS + ROLL_CSS;
  wrapper.getRootNode().appendChild(style);
  const overlay = document.createElement("div");
  overlay.className = "jam-grid";
  grid.beats.forEach((b2) => {
    const line = document.createElement("i");
    line.className = grid.isDownbeat(b2) ? "bar" : "beat";
    line.style.left = `${100 * b2 / duration}%`;
    overlay.appendChild(line);
  });
  wrapper.appendChild(overlay);
  const roll = melody?.notes.length ? mountRoll(wrapper, melody, duration, HEIGHT) : null;
  const lanes = document.createElement("div");
  lanes.className = "jam-lanes";
  const barRow = lane("bars");
  const chordRow = lane("chords");
  const sectionRow = lane("sections");
  lanes.append(barRow);
  if (music.chords.length) lanes.append(chordRow);
  if (music.sections.length) lanes.append(sectionRow);
  wrapper.appendChild(lanes);
  const chordSpans = fill(chordRow, music.chords, duration, {
    label: (c4) => c4.labels[music.slot(0)],
    act: (c4) => onSeek(c4.start)
  });
  const sectionSpans = fill(sectionRow, music.sections, duration, {
    label: (s4) => s4.label,
    title: (s4) => `Loop ${s4.label}`,
    act: ({ start, end }) => onLoop({ start, end })
  });
  let semitones = 0;
  let level = 0;
  let barNumbersEvery = 0;
  let barSpans = [];
  let barLabels = [];
  const pxPerSecond = () => wrapper.clientWidth / duration;
  const barSeconds = () => grid.downbeats.length > 1 ? grid.period(duration / 2) * grid.beatsPerBar : 2;
  const maxLevel = () => Math.max(0, Math.log2(duration / (FEWEST_BARS * barSeconds())));
  function drawBars() {
    const barPx = barSeconds() * pxPerSecond();
    const every = [1, 2, 4, 8, 16, 32, 64].find((k2) => k2 * barPx >= BAR_NUMBER_PX) || 128;
    if (every === barNumbersEvery) return;
    barNumbersEvery = every;
    const numbered = [];
    for (let i4 = 0; i4 < music.bars.length; i4 += every) {
      numbered.push({ start: music.bars[i4].start, end: music.bars[Math.min(i4 + every, music.bars.length) - 1].end, n: i4 + 1 });
    }
    barSpans = fill(barRow, numbered, duration, {
      label: (b2) => String(b2.n),
      title: (b2) => `Bar ${b2.n}`,
      act: (b2) => onSeek(b2.start)
    });
    barLabels = numbered.map((b2) => String(b2.n));
  }
  function relabel() {
    drawBars();
    fit(barSpans, barLabels, barLabels.map((n4) => `Bar ${n4}`));
    const k2 = music.slot(semitones);
    fit(
      chordSpans,
      music.chords.map((c4) => c4.labels[k2])
    );
    fit(
      sectionSpans,
      music.sections.map((s4) => s4.label),
      music.sections.map((s4) => `Loop ${s4.label}`)
    );
  }
  function zoom(to) {
    level = Math.min(maxLevel(), Math.max(0, to));
    ws.zoom(level > 0.01 ? parent.clientWidth / duration * 2 ** level : 0);
    relabel();
  }
  let pending = 0;
  parent.addEventListener(
    "wheel",
    (e4) => {
      if (Math.abs(e4.deltaX) > Math.abs(e4.deltaY)) return;
      e4.preventDefault();
      pending += -e4.deltaY * (e4.deltaMode === 1 ? 33 : 1) * (e4.ctrlKey ? 0.01 : 4e-3);
      requestAnimationFrame(() => {
        if (!pending) return;
        const by = pending;
        pending = 0;
        zoom(level + by);
      });
    },
    { passive: false }
  );
  const touches = /* @__PURE__ */ new Map();
  let spread = 0;
  parent.style.touchAction = "pan-x";
  parent.addEventListener("pointerdown", (e4) => e4.pointerType === "touch" && touches.set(e4.pointerId, e4));
  parent.addEventListener("pointermove", (e4) => {
    if (!touches.has(e4.pointerId)) return;
    touches.set(e4.pointerId, e4);
    if (touches.size !== 2) return;
    const [a4, b2] = [...touches.values()];
    const d3 = Math.hypot(a4.clientX - b2.clientX, a4.clientY - b2.clientY);
    if (spread) zoom(level + Math.log2(d3 / spread));
    spread = d3;
  });
  const lift = (e4) => {
    touches.delete(e4.pointerId);
    spread = 0;
  };
  parent.addEventListener("pointerup", lift);
  parent.addEventListener("pointercancel", lift);
  ws.on("redraw", relabel);
  ws.on("redrawcomplete", relabel);
  let region = null;
  let snapping = false;
  regions.enableDragSelection({ color: REGION_COLOR });
  const report = (r4) => {
    if (snapping) return;
    const bars = shiftHeld();
    let start = grid.snap(r4.start, bars);
    let end = grid.snap(r4.end, bars);
    if (end <= start) end = grid.snap(r4.end + grid.period(r4.end) * (bars ? grid.beatsPerBar : 1), bars);
    if (end <= start) [start, end] = [r4.start, r4.end];
    snapping = true;
    r4.setOptions({ start, end });
    snapping = false;
    onLoop({ start, end });
  };
  regions.on("region-created", (r4) => {
    if (region && region !== r4) region.remove();
    region = r4;
    report(r4);
  });
  regions.on("region-updated", report);
  const setLoop = (loop) => {
    if (!loop) {
      region?.remove();
      region = null;
      return;
    }
    snapping = true;
    if (region) region.setOptions(loop);
    else region = regions.addRegion({ ...loop, color: REGION_COLOR });
    snapping = false;
  };
  relabel();
  if (view?.pxPerSecond) {
    ws.once("ready", () => {
      zoom(Math.log2(view.pxPerSecond * duration / parent.clientWidth));
      ws.setScrollTime(view.start);
    });
  }
  return {
    ws,
    roll,
    /** The zoom (px per second, 0: the whole song) and the time at the left edge now, for the waveform
     * that takes this one's place (of the same song, perhaps longer: a long MP3's head first). */
    kept: () => ({
      pxPerSecond: level > 0.01 ? pxPerSecond() : 0,
      start: ws.getScroll() / Math.max(1, wrapper.clientWidth) * duration
    }),
    setLoop,
    /** Name the chords, and move the melody's notes, to the key `semitones` away. */
    setKey(to) {
      semitones = to;
      roll?.setKey(to);
      relabel();
    },
    zoomBy: (steps) => zoom(level + steps),
    zoom,
    /** Seconds of the song across the visible waveform. */
    visibleSeconds: () => parent.clientWidth / pxPerSecond()
  };
}

// src/index.js
var SAMPLE_RATE = 44100;
var REPORT_DELAY_MS = 250;
var MIXER_FIELDS = ["levels", "mute", "solo"];
var loaded = /* @__PURE__ */ new Map();
var players = /* @__PURE__ */ new WeakMap();
var context = null;
function audioContext() {
  if (!context) context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: "interactive" });
  return context;
}
var HEAD_BYTES = 12e5;
var isMp3 = (b2) => {
  const h3 = new Uint8Array(b2, 0, 3);
  return h3[0] === 73 && h3[1] === 68 && h3[2] === 51 || h3[0] === 255 && (h3[1] & 224) === 224;
};
function load(ctx, url) {
  if (!loaded.has(url)) {
    const entry = { done: null };
    const bytes = fetch(url).then((r4) => {
      if (!r4.ok) throw new Error(`could not fetch ${url}: HTTP ${r4.status}`);
      return r4.arrayBuffer();
    });
    entry.head = bytes.then(
      (b2) => isMp3(b2) && b2.byteLength > 2 * HEAD_BYTES ? ctx.decodeAudioData(b2.slice(0, HEAD_BYTES)) : null
    );
    entry.full = entry.head.then(() => bytes).then((b2) => ctx.decodeAudioData(b2)).then((buffer) => entry.done = buffer);
    loaded.set(url, entry);
  }
  return loaded.get(url);
}
var Player = class {
  /** `from`: what a player of the same stems hands over (see handOver), so playback goes on through the rebuild. */
  constructor(parent, data, setStateValue, from = null) {
    this.setStateValue = setStateValue;
    this.song = song(data);
    this.sound = sound(data);
    this.mode = data.mode === "mixer" ? "mixer" : "practice";
    this.melody = this.mode === "practice" && data.melody?.notes?.length ? new Melody({ ...data.melody, shifts: data.shifts, grid: data.grid }) : null;
    this.names = [...data.stems.map((s4) => s4.name), ...this.melody ? [MELODY] : []];
    this.grid = new Grid(data.grid);
    this.music = new Music(data);
    this.lit = { index: -1, pitch: null, name: "" };
    this.showTab = false;
    this.settings = new Settings(data.spec);
    this.state = this.settings.merge(this.names, { ...data.state, ...from?.state, ...this.#withoutBeat() });
    if (from) {
      this.engine = from.engine;
      this.showTab = from.showTab;
      this.keptView = from.view;
    }
    this.root = document.createElement("div");
    this.root.className = "jam-player";
    this.root.tabIndex = 0;
    this.root.setAttribute("aria-label", "Practice player: press ? for its keys");
    this.root.textContent = "Loading the stems…";
    parent.appendChild(this.root);
    this.opened = performance.now();
    this.ready = this.#build(data).catch((err) => {
      this.root.textContent = `The player could not load the song: ${err.message || err}`;
      if (!this.view) this.engine?.pause();
      console.warn(err);
    });
  }
  /**
   * Fetch and decode the stems and mount the player. Long MP3 stems are playable from their heads
   * first; when they are decoded whole, the player is mounted again and playback handed over.
   */
  async #build(data) {
    const ctx = audioContext();
    this.useStretch = data.engine !== "playback-rate";
    const entries = data.stems.map((s4) => load(ctx, s4.url));
    const heads = entries.every((e4) => e4.done) ? [] : await Promise.all(entries.map((e4) => e4.head));
    const early = heads.length && heads.every(Boolean);
    const first = early ? heads : await Promise.all(entries.map((e4) => e4.full));
    this.decodedAt = performance.now();
    await this.#mount(ctx, data, first);
    this.readyMs = performance.now() - this.opened;
    this.readyAt = performance.now();
    if (early) await this.#mount(ctx, data, await Promise.all(entries.map((e4) => e4.full)));
    this.completeAt = performance.now();
  }
  /** Build the engine and the UI on `buffers`; if a player was playing, hand its playback over seamlessly. */
  async #mount(ctx, data, buffers) {
    const stems = data.stems.map((s4, i4) => ({ name: s4.name, buffer: buffers[i4] }));
    if (this.melody) {
      const length = Math.max(...buffers.map((b2) => b2.length));
      if (this.melodyTrack?.length !== length) this.melodyTrack = melodyBuffer(ctx, this.melody, length);
      stems.push({ name: MELODY, buffer: this.melodyTrack });
    }
    const engine = await createEngine(ctx, stems, this.grid, { stretch: this.useStretch });
    this.settings.apply(engine, this.state);
    const keptView = this.view?.kept() ?? this.keptView ?? null;
    const old = this.engine;
    if (old) {
      engine.pausedAt = old.position;
      if (old.playing) {
        const at = ctx.currentTime + 0.05 + WARM;
        engine.pausedAt = old.positionAt(at);
        old.pause(at - FADE);
        engine.play(at, false);
        engine.passes = old.passes;
        setTimeout(() => old.master.disconnect(), 1e3 * (at - ctx.currentTime + 0.5));
      } else old.master.disconnect();
      this.#unmount();
    }
    this.stems = stems;
    this.engine = engine;
    this.fallback = engine.fallback;
    this.media = new EngineMedia(engine);
    engine.onSpeed = (speed) => this.set({ speed });
    engine.onEnded = () => this.media.notifyEnded();
    this.root.textContent = "";
    this.controls = mountControls(this);
    const big = mountBigChords(this.music);
    const noteNow = document.createElement("span");
    noteNow.className = "melody-now";
    noteNow.dataset.testid = "jam-melody-now";
    noteNow.title = "The melody's note now, in the key you play in";
    if (this.melody) big.node.append(noteNow);
    const wave2 = document.createElement("div");
    wave2.className = "wave";
    const chart = mountChart(this.music, {
      onSeek: (seconds) => this.seek(seconds),
      onLoop: ({ start, end }) => this.set({ loop_start: start, loop_end: end, loop_on: true })
    });
    const tab = { tab: this.showTab, onTab: (on) => this.showTab = on };
    const staff = this.melody ? mountStaff(this.melody, (s4) => this.music.keyName(s4), tab) : null;
    if (this.mode === "practice") {
      this.root.append(this.controls.transport, this.controls.help, big.node, wave2, ...staff ? [staff.node] : [], chart.node);
      this.root.append(this.controls.mixer, this.controls.practice);
    } else this.root.append(this.controls.transport, this.controls.help, wave2, this.controls.mixer);
    let shift = false;
    const trackShift = (e4) => shift = e4.shiftKey;
    document.addEventListener("keydown", trackShift);
    document.addEventListener("keyup", trackShift);
    wave2.addEventListener("pointerdown", trackShift);
    const view = mountWaveform(wave2, {
      media: this.media,
      buffers,
      grid: this.grid,
      music: this.music,
      melody: this.melody,
      onLoop: ({ start, end }) => this.set({ loop_start: start, loop_end: end, loop_on: true }),
      onSeek: (seconds) => this.seek(seconds),
      shiftHeld: () => shift,
      view: keptView
    });
    this.view = view;
    this.ws = view.ws;
    this.showLoop = view.setLoop;
    this.big = big;
    this.noteNow = noteNow;
    this.staff = staff;
    this.chart = chart;
    this.shownKey = null;
    this.#showKey();
    const unbind = bindKeys(this.root, this);
    this.cleanups = [
      unbind,
      () => document.removeEventListener("keydown", trackShift),
      () => document.removeEventListener("keyup", trackShift)
    ];
    this.#refresh();
    this.timer = setInterval(() => this.#tick(), 25);
  }
  /** Remove the UI and stop the clock tick (the engine is left to the caller). */
  #unmount() {
    clearInterval(this.timer);
    this.ws?.destroy();
    this.cleanups?.forEach((f3) => f3());
  }
  #tick() {
    this.engine.extend();
    if (this.engine.stretch) this.engine.pump();
    const p3 = this.engine.position;
    this.controls.showTime(p3, this.engine.duration);
    this.big.show(p3, this.state.semitones, this.engine.loop);
    this.chart.show(p3, this.engine.loop);
    if (this.view.roll) this.#showNote(this.view.roll.show(p3));
    this.staff?.show(p3, this.lit.index, this.state.semitones);
    this.root.dataset.position = p3.toFixed(3);
    if (this.playing !== this.engine.playing) this.#refresh();
  }
  /** The melody's note at index `i` (-1: none) lit, named in the key played. */
  #showNote(i4) {
    const s4 = this.state.semitones;
    if (i4 === this.lit.index && s4 === this.lit.semitones) return;
    const note = this.melody.notes[i4];
    const pitch = note ? note.pitch + s4 : null;
    this.lit = { index: i4, pitch, semitones: s4, name: note ? this.melody.name(note.pitch, s4) : "" };
    this.noteNow.textContent = this.lit.name ? `♪ ${this.lit.name}` : "♪ –";
    this.root.dataset.lit = pitch === null ? "" : String(pitch);
  }
  /** Name the chords in the key the player plays in. */
  #showKey() {
    if (this.shownKey === this.state.semitones) return;
    this.shownKey = this.state.semitones;
    this.view.setKey(this.state.semitones);
    this.chart.setKey(this.state.semitones);
  }
  #refresh() {
    this.playing = this.engine.playing;
    this.controls.refresh(this.state, this.playing);
    this.showLoop(this.state.loop_on ? { start: this.state.loop_start, end: this.state.loop_end } : null);
  }
  position() {
    return this.engine.position;
  }
  seek(seconds) {
    this.media.currentTime = seconds;
  }
  playPause() {
    if (this.engine.playing) this.media.pause();
    else this.media.play();
  }
  /**
   * `[` and `]`: the loop's start (A) or end (B) at `here`. The loop plays once A comes before B;
   * until then the mark waits for the other one.
   */
  markLoop(which, here) {
    const { loop_start: a4, loop_end: b2 } = this.state;
    const [start, end] = which === "start" ? [here, b2] : [a4, here];
    this.set({ loop_start: start, loop_end: end, loop_on: end > start });
  }
  /** Move the key by `step` semitones, within the player's range. */
  transpose(step) {
    const { min, max } = this.settings.spec.semitones;
    this.set({ semitones: Math.min(max, Math.max(min, this.state.semitones + step)) });
  }
  /** Change settings: applied to the engine at once, reported to Python a moment later. The mixer takes levels, mute and solo only. */
  set(patch) {
    if (this.mode === "mixer") patch = Object.fromEntries(Object.entries(patch).filter(([k2]) => MIXER_FIELDS.includes(k2)));
    patch = { ...patch, ...this.#withoutBeat() };
    this.state = this.settings.merge(this.names, { ...this.state, ...patch });
    this.settings.apply(this.engine, this.state);
    this.#refresh();
    this.#showKey();
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => this.setStateValue("state", this.state), REPORT_DELAY_MS);
  }
  /** What a song with no steady beat cannot have: a metronome or a count-in (they would click a made-up tempo). */
  #withoutBeat() {
    return this.grid.pulse ? {} : { metronome: false, count_in: false, count_in_every_pass: false };
  }
  /**
   * Remove this player but keep its engine playing, for a player built on the same stems with new data:
   * returns what the new one takes over (the engine, the settings, the tab shown).
   */
  handOver() {
    const view = this.view?.kept() ?? null;
    this.#unmount();
    this.root.remove();
    return { engine: this.engine, state: this.state, showTab: this.showTab, view };
  }
  dispose() {
    clearTimeout(this.reportTimer);
    this.engine?.pause();
    this.#unmount();
    this.root.remove();
  }
};
var song = ({ stems, grid, chords, names, bars, sections, keys, engine, mode, melody }) => JSON.stringify([stems, grid, chords, names, bars, sections, keys, engine, mode, melody]);
var sound = ({ stems, engine, mode }) => JSON.stringify([stems, engine, mode]);
function mount({ data, parentElement, setStateValue }) {
  let player = players.get(parentElement);
  let from = null;
  if (player && player.song !== song(data)) {
    if (player.sound === sound(data) && player.engine) from = player.handOver();
    else player.dispose();
    player = null;
  }
  if (!player) {
    player = new Player(parentElement, data, setStateValue, from);
    players.set(parentElement, player);
  }
  return () => {
    players.delete(parentElement);
    player.dispose();
  };
}
export {
  mount as default
};
