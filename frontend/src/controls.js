// The player's controls (plain DOM) and its keyboard shortcuts. Ranges and steps are
// PlayerState's, as the player was given them (player.settings.spec: settings.js).

import { mmss } from "./text.js";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "testid") node.dataset.testid = v;
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function slider(label, { spec, value, format, onInput, testid, title = "" }) {
  const out = el("output", {}, format(value));
  const input = el("input", {
    type: "range",
    min: String(spec.min),
    max: String(spec.max),
    step: String(spec.step),
    value: String(value),
    testid,
    "aria-label": label,
  });
  input.addEventListener("input", () => {
    out.textContent = format(Number(input.value));
    onInput(Number(input.value));
  });
  const set = (v) => {
    input.value = String(v);
    out.textContent = format(v);
  };
  return { node: el("label", { class: "slider", title }, el("span", { class: "name" }, label), input, out), set, out };
}

function check(label, { checked, onChange, testid }) {
  const input = el("input", { type: "checkbox", checked, testid });
  input.addEventListener("change", () => onChange(input.checked));
  return { node: el("label", { class: "check" }, input, el("span", {}, label)), set: (v) => (input.checked = v) };
}

const signed = (v, unit) => `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v)}${unit}`;
/**
 * A dB control's label at `v`, as PlayerState's contract writes it for each step (jamwithme.text.decibels:
 * "−9 dB", "off" at a stem's floor): the Mixer page's captions use the same rule, so the two read alike.
 */
const dbLabel = (spec, v) => spec.labels?.[Math.round((v - spec.min) / spec.step)] ?? signed(v, " dB");

/**
 * Keyboard shortcuts, shown by "?" from this same list. Each acts on `player` (index.js's Player),
 * `here` being the playhead; those marked `practice` only where the player practises (not in the mixer).
 */
export const SHORTCUTS = [
  { keys: ["Space"], match: (e) => e.key === " ", does: "play / pause", run: (p) => p.playPause() },
  { keys: ["←", "→"], match: (e) => e.key === "ArrowLeft", does: "previous / next bar", run: (p, here) => p.seek(p.grid.barFrom(here, -1)) },
  { keys: [], match: (e) => e.key === "ArrowRight", run: (p, here) => p.seek(p.grid.barFrom(here, 1)) },
  { practice: true, keys: ["["], match: (e) => e.key === "[", does: "loop start (A) at the playhead", run: (p, here) => p.markLoop("start", here) },
  { practice: true, keys: ["]"], match: (e) => e.key === "]", does: "loop end (B) at the playhead", run: (p, here) => p.markLoop("end", here) },
  { practice: true, keys: ["L"], match: (e) => e.key.toLowerCase() === "l", does: "loop on / off", run: (p) => p.set({ loop_on: !p.state.loop_on }) },
  { practice: true, keys: ["−", "+"], match: (e) => e.key === "-", does: "slower / faster (5 %)", run: (p) => p.set({ speed: p.settings.clampSpeed(p.state.speed - 0.05) }) },
  { practice: true, keys: [], match: (e) => e.key === "+" || e.key === "=", run: (p) => p.set({ speed: p.settings.clampSpeed(p.state.speed + 0.05) }) },
  { practice: true, keys: ["↓", "↑"], match: (e) => e.key === "ArrowDown", does: "key down / up a semitone", run: (p) => p.transpose(-1) },
  { practice: true, keys: [], match: (e) => e.key === "ArrowUp", run: (p) => p.transpose(1) },
  { keys: ["I", "O"], match: (e) => e.key.toLowerCase() === "i", does: "zoom in / out", run: (p) => p.view.zoomBy(1) },
  { keys: [], match: (e) => e.key.toLowerCase() === "o", run: (p) => p.view.zoomBy(-1) },
  { keys: ["?"], match: (e) => e.key === "?", does: "show / hide these keys", run: (p) => p.controls.toggleHelp() },
];

/** The shortcuts of a player in `mode` ("practice" or "mixer"). */
export const shortcutsFor = (mode) => SHORTCUTS.filter((k) => mode === "practice" || !k.practice);

/**
 * Build the controls. `player` gives {state, names, music, mode, set(patch), playPause(), fallback, view}.
 * Returns {transport, mixer, practice, help} (nodes to place) and {refresh(state, playing), showTime(position, duration), toggleHelp()}.
 * In the mixer ("mixer" mode) the transport has no speed, key or loop.
 */
export function mountControls(player) {
  const s = player.state;
  const spec = player.settings.spec;
  const practising = player.mode === "practice";
  const play = el("button", { class: "play", onclick: () => player.playPause(), testid: "jam-play" }, "Play");
  const time = el("span", { class: "time" }, "0:00");
  const keyName = (v) => {
    const name = player.music.keyName(v);
    return `${signed(v, " st")}${name ? ` · ${name}` : ""}`;
  };
  const speed = slider("Speed", {
    spec: spec.speed,
    value: s.speed,
    format: (v) => `${Math.round(v * 100)} %`,
    onInput: (v) => player.set({ speed: player.settings.clampSpeed(v) }),
    testid: "jam-speed",
  });
  const key = slider("Key", {
    spec: spec.semitones,
    value: s.semitones,
    format: keyName,
    onInput: (v) => player.set({ semitones: v }),
    testid: "jam-key",
  });
  key.out.classList.add("key-name");
  const zoomOut = el("button", { class: "icon", title: "Zoom out (O)", testid: "jam-zoom-out", onclick: () => player.view.zoomBy(-1) }, "−");
  const zoomIn = el("button", { class: "icon", title: "Zoom in (I, or the wheel over the waveform)", testid: "jam-zoom-in", onclick: () => player.view.zoomBy(1) }, "+");
  const barsError = el("span", { class: "error", role: "alert", testid: "jam-loop-bars-error" });
  const markHint = el("span", { class: "hint", testid: "jam-loop-mark" });
  const bars = el("input", {
    type: "text",
    class: "bars",
    placeholder: "17-24",
    inputmode: "numeric",
    "aria-label": "Loop bars",
    title: "Loop these bars: first-last, e.g. 17-24",
    testid: "jam-loop-bars",
  });
  const applyBars = () => {
    if (!bars.value.trim()) return;
    const loop = player.music.parseBars(bars.value);
    barsError.textContent = loop.error || "";
    bars.setAttribute("aria-invalid", loop.error ? "true" : "false");
    if (!loop.error) player.set({ loop_start: loop.start, loop_end: loop.end, loop_on: true });
  };
  bars.addEventListener("change", applyBars);
  bars.addEventListener("keydown", (e) => e.key === "Enter" && applyBars());
  const helpButton = el("button", { class: "icon", title: "Keyboard shortcuts (?)", testid: "jam-help", onclick: () => toggleHelp() }, "?");
  const help = el(
    "div",
    { class: "help", hidden: true, testid: "jam-shortcuts" },
    el("strong", {}, "Keys (while the player has focus: click it first)"),
    el(
      "dl",
      {},
      ...shortcutsFor(player.mode)
        .filter((k) => k.does)
        .flatMap((k) => [el("dt", {}, ...k.keys.map((x) => el("kbd", {}, x))), el("dd", {}, k.does)]),
    ),
  );
  const toggleHelp = () => (help.hidden = !help.hidden);

  const loop = check("Loop", { checked: s.loop_on, onChange: (v) => player.set({ loop_on: v }), testid: "jam-loop" });
  const metronome = check("Metronome", {
    checked: s.metronome,
    onChange: (v) => player.set({ metronome: v }),
    testid: "jam-metronome",
  });
  const clickLevel = slider("Click", {
    spec: spec.metronome_db,
    value: s.metronome_db,
    format: (v) => dbLabel(spec.metronome_db, v),
    onInput: (v) => player.set({ metronome_db: v }),
    testid: "jam-metronome-level",
  });
  const countIn = check("Count-in", {
    checked: s.count_in,
    onChange: (v) => player.set({ count_in: v }),
    testid: "jam-count-in",
  });
  const everyPass = check("before every loop pass", {
    checked: s.count_in_every_pass,
    onChange: (v) => player.set({ count_in_every_pass: v }),
    testid: "jam-count-in-every-pass",
  });
  const trainer = check("Speed trainer", {
    checked: s.trainer_on,
    onChange: (v) => player.set({ trainer_on: v }),
    testid: "jam-trainer",
  });
  // The trainer's numbers, checked as typed: a value out of range says the range and is not taken (100 typed
  // where the top is 150 % became 150 % unsaid). A speed is shown in %, as the speed slider shows it; the
  // state holds it as PlayerState does, a ratio (its unit "x").
  const trainerError = el("span", { class: "error", role: "alert", testid: "jam-trainer-error" });
  const number = (field, label) => {
    const range = spec[field];
    const [scale, unit] = range.unit === "x" ? [100, " %"] : [1, ` ${range.unit}`];
    const shown = (v) => Math.round(v * scale * 1e6) / 1e6;
    const input = el("input", {
      type: "number",
      value: String(shown(s[field])),
      min: String(shown(range.min)),
      max: String(shown(range.max)),
      step: String(shown(range.step)),
      "aria-label": `${label} (${unit.trim()})`,
      testid: `jam-${field.replaceAll("_", "-")}`,
    });
    input.addEventListener("change", () => {
      const v = input.value.trim() === "" ? NaN : Number(input.value);
      const whole = range.type !== "integer" || Number.isInteger(v);
      const ok = Number.isFinite(v) && whole && v >= shown(range.min) && v <= shown(range.max);
      const [lo, hi] = [shown(range.min), shown(range.max)];
      const span = unit === " %" ? `from ${lo} % to ${hi} %` : `from ${lo} to ${hi}`;
      trainerError.textContent = ok ? "" : `${label} must be ${range.type === "integer" ? "a whole number " : ""}${span}`;
      input.setAttribute("aria-invalid", String(!ok));
      if (ok) player.set({ [field]: v / scale });
    });
    return input;
  };
  const trainerBox = el(
    "span",
    { class: "trainer" },
    "+",
    number("trainer_step", "Trainer step"),
    "% every",
    number("trainer_every", "Passes per step"),
    "passes up to",
    number("trainer_target", "Trainer target speed"),
    "%",
  );

  const rows = player.names.map((name) => {
    const level = slider(name, {
      spec: spec.levels,
      value: s.levels[name],
      format: (v) => dbLabel(spec.levels, v),
      onInput: (v) => player.set({ levels: { ...player.state.levels, [name]: v } }),
      testid: `jam-level-${name}`,
    });
    const toggle = (field, label, title) => {
      const b = el("button", { class: "toggle", title, "aria-pressed": "false", testid: `jam-${field}-${name}` }, label);
      b.addEventListener("click", () => {
        const list = player.state[field];
        player.set({ [field]: list.includes(name) ? list.filter((n) => n !== name) : [...list, name] });
      });
      return b;
    };
    const mute = toggle("mute", "M", `Mute ${name}`);
    const solo = toggle("solo", "S", `Solo ${name}: hear only the soloed stems`);
    return { name, level, mute, solo, node: el("div", { class: "stem" }, level.node, mute, solo) };
  });

  const transport = el(
    "div",
    { class: "bar transport" },
    play,
    time,
    ...(practising ? [speed.node, key.node] : []),
    // named: bare, its − and + sat just after "Key +2 st · C major" and read as a key change
    el("span", { class: "group", title: "Zoom the waveform" }, el("span", { class: "name" }, "Zoom"), zoomOut, zoomIn),
    ...(practising ? [el("label", { class: "loop-bars" }, el("span", { class: "name" }, "Bars"), bars)] : []),
    helpButton,
    barsError,
    markHint,
  );
  const mixer = el("div", { class: "stems" }, ...rows.map((r) => r.node));
  const practice = el(
    "div",
    { class: "practice" },
    el("div", { class: "bar" }, loop.node, metronome.node, clickLevel.node, countIn.node, everyPass.node),
    el("div", { class: "bar" }, trainer.node, trainerBox, trainerError),
  );
  if (practising && !player.grid.pulse) {
    // No steady beat found: nothing to click, count in or number bars by. The A-B loop and the rest still work.
    for (const input of [metronome, countIn, everyPass].map((c) => c.node.querySelector("input")).concat([bars])) {
      input.disabled = true;
    }
    practice.append(
      el("p", { class: "note", testid: "jam-no-beat" }, "No steady beat found: the metronome, count-in and bar loops are off (loop from A to B instead)."),
    );
  }
  if (player.fallback) {
    key.node.querySelector("input").disabled = true;
    practice.append(el("p", { class: "note" }, `Speed changes the pitch here and key is off: ${player.fallback}.`));
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
      for (const r of rows) {
        r.level.set(state.levels[r.name]);
        for (const [b, on] of [[r.mute, state.mute.includes(r.name)], [r.solo, state.solo.includes(r.name)]]) {
          b.classList.toggle("on", on);
          b.setAttribute("aria-pressed", String(on));
        }
      }
      if (document.activeElement !== bars && bars.getRootNode().activeElement !== bars) {
        const loopOn = state.loop_on && state.loop_end > state.loop_start;
        bars.value = loopOn ? player.music.barsOf({ start: state.loop_start, end: state.loop_end }) : "";
        barsError.textContent = "";
      }
      // A marked with [ and no B after it yet: say where A is and what comes next.
      const waiting = practising && !state.loop_on && state.loop_start > 0 && state.loop_end <= state.loop_start;
      markHint.textContent = waiting ? `A at ${mmss(state.loop_start)}: ] at the end of the passage sets B` : "";
    },
    showTime(position, duration) {
      time.textContent = `${mmss(position)} / ${mmss(duration)}`;
    },
  };
}

/** What a key does to a focused control of its own (typing, a slider's arrows, a button's Enter). */
function native(e) {
  const t = e.composedPath()[0];
  if (t?.isContentEditable || ["TEXTAREA", "SELECT"].includes(t?.tagName)) return true;
  if (t?.tagName === "INPUT" && !["range", "checkbox"].includes(t.type)) return true;
  if (t?.tagName === "INPUT" && t.type === "range" && e.key.startsWith("Arrow")) return true;
  return e.key === "Enter";
}

/**
 * Shortcuts on `root` only: they act while the player has focus (a click anywhere in it), never
 * while another widget of the page has it. Returns a function that removes the listeners.
 */
export function bindKeys(root, player) {
  const shortcuts = shortcutsFor(player.mode);
  const onKey = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || native(e)) return;
    const shortcut = shortcuts.find((k) => k.match(e));
    if (!shortcut) return;
    e.preventDefault(); // and no click of a focused button or checkbox on space
    shortcut.run(player, player.position());
  };
  // A focused button or checkbox clicks on space's keyup: the shortcut has acted already.
  const onKeyUp = (e) => e.key === " " && !native(e) && e.preventDefault();
  root.addEventListener("keydown", onKey);
  root.addEventListener("keyup", onKeyUp);
  return () => {
    root.removeEventListener("keydown", onKey);
    root.removeEventListener("keyup", onKeyUp);
  };
}
