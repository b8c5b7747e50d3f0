// The player's controls (plain DOM) and its keyboard shortcuts.

import { clampSpeed } from "./settings.js";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function slider(label, { min, max, step, value, format, onInput, testid }) {
  const out = el("output", {}, format(value));
  const input = el("input", { type: "range", min: String(min), max: String(max), step: String(step), value: String(value) });
  input.dataset.testid = testid;
  input.addEventListener("input", () => {
    out.textContent = format(Number(input.value));
    onInput(Number(input.value));
  });
  const set = (v) => {
    input.value = String(v);
    out.textContent = format(v);
  };
  return { node: el("label", { class: "slider" }, el("span", {}, label), input, out), set };
}

function check(label, { checked, onChange, testid }) {
  const input = el("input", { type: "checkbox", checked });
  input.dataset.testid = testid;
  input.addEventListener("change", () => onChange(input.checked));
  return { node: el("label", { class: "check" }, input, label), set: (v) => (input.checked = v) };
}

const mmss = (t) => `${Math.floor(t / 60)}:${String(Math.floor(t % 60)).padStart(2, "0")}`;
const signed = (v, unit) => `${v > 0 ? "+" : ""}${v}${unit}`;

/**
 * Build the controls into `root`. `player` gives {state, names, set(patch), playPause(), fallback}.
 * Returns {refresh(state), showTime(position, duration)}.
 */
export function mountControls(root, player) {
  const s = player.state;
  const play = el("button", { class: "play", onclick: () => player.playPause() }, "Play");
  play.dataset.testid = "play";
  const time = el("span", { class: "time" }, "0:00");
  const speed = slider("Speed", {
    min: 0.5,
    max: 1.5,
    step: 0.01,
    value: s.speed,
    format: (v) => `${Math.round(v * 100)} %`,
    onInput: (v) => player.set({ speed: clampSpeed(v) }),
    testid: "speed",
  });
  const key = slider("Key", {
    min: -12,
    max: 12,
    step: 1,
    value: s.semitones,
    format: (v) => signed(v, " st"),
    onInput: (v) => player.set({ semitones: v }),
    testid: "key",
  });
  const loop = check("Loop (drag on the waveform; shift: bars)", {
    checked: s.loop_on,
    onChange: (v) => player.set({ loop_on: v }),
    testid: "loop",
  });
  const metronome = check("Metronome", {
    checked: s.metronome,
    onChange: (v) => player.set({ metronome: v }),
    testid: "metronome",
  });
  const clickLevel = slider("Click", {
    min: -40,
    max: 0,
    step: 1,
    value: s.metronome_db,
    format: (v) => `${v} dB`,
    onInput: (v) => player.set({ metronome_db: v }),
    testid: "metronome-level",
  });
  const countIn = check("Count-in", {
    checked: s.count_in,
    onChange: (v) => player.set({ count_in: v }),
    testid: "count-in",
  });
  const everyPass = check("before every loop pass", {
    checked: s.count_in_every_pass,
    onChange: (v) => player.set({ count_in_every_pass: v }),
    testid: "count-in-every-pass",
  });
  const trainer = check("Speed trainer", {
    checked: s.trainer_on,
    onChange: (v) => player.set({ trainer_on: v }),
    testid: "trainer",
  });
  const number = (field, attrs) => {
    const input = el("input", { type: "number", value: String(s[field]), ...attrs });
    input.dataset.testid = field;
    input.addEventListener("change", () => player.set({ [field]: Number(input.value) }));
    return input;
  };
  const trainerBox = el(
    "span",
    { class: "trainer" },
    "+",
    number("trainer_step", { min: "1", max: "20", step: "1" }),
    "% every",
    number("trainer_every", { min: "1", max: "16", step: "1" }),
    "passes up to",
    number("trainer_target", { min: "0.5", max: "1.5", step: "0.05" }),
    "×",
  );

  const rows = player.names.map((name) => {
    const level = slider(name, {
      min: -30,
      max: 6,
      step: 0.5,
      value: s.levels[name],
      format: (v) => signed(v, " dB"),
      onInput: (v) => player.set({ levels: { ...player.state.levels, [name]: v } }),
      testid: `level-${name}`,
    });
    const toggle = (field, label) => {
      const b = el("button", { class: "toggle" }, label);
      b.dataset.testid = `${field}-${name}`;
      b.addEventListener("click", () => {
        const list = player.state[field];
        player.set({ [field]: list.includes(name) ? list.filter((n) => n !== name) : [...list, name] });
      });
      return b;
    };
    const mute = toggle("mute", "M");
    const solo = toggle("solo", "S");
    return { name, level, mute, solo, node: el("div", { class: "stem" }, level.node, mute, solo) };
  });

  root.append(
    el("div", { class: "bar" }, play, time, speed.node, key.node),
    el("div", { class: "stems" }, ...rows.map((r) => r.node)),
    el("div", { class: "bar" }, loop.node, metronome.node, clickLevel.node, countIn.node, everyPass.node),
    el("div", { class: "bar" }, trainer.node, trainerBox),
  );
  if (player.fallback) {
    key.node.querySelector("input").disabled = true;
    root.append(el("p", { class: "note" }, `Speed changes the pitch here and key is off: ${player.fallback}.`));
  }

  return {
    refresh(state, playing) {
      play.textContent = playing ? "Pause" : "Play";
      speed.set(state.speed);
      key.set(state.semitones);
      loop.set(state.loop_on);
      metronome.set(state.metronome);
      countIn.set(state.count_in);
      everyPass.set(state.count_in_every_pass);
      trainer.set(state.trainer_on);
      for (const r of rows) {
        r.level.set(state.levels[r.name]);
        r.mute.classList.toggle("on", state.mute.includes(r.name));
        r.solo.classList.toggle("on", state.solo.includes(r.name));
      }
    },
    showTime(position, duration) {
      time.textContent = `${mmss(position)} / ${mmss(duration)}`;
    },
  };
}

/**
 * Keyboard: space play/pause, L loop, [ and ] loop ends at the playhead, ←/→ one bar, −/+ 5 % speed.
 * Keys typed into other text fields of the page are left alone. Returns a function that removes the listener.
 */
export function bindKeys(player) {
  const onKey = (e) => {
    const target = e.composedPath()[0];
    if (target?.isContentEditable || ["TEXTAREA", "SELECT"].includes(target?.tagName)) return;
    if (target?.tagName === "INPUT" && !["range", "checkbox", "button"].includes(target.type)) return;
    const s = player.state;
    const here = player.position();
    const actions = {
      " ": () => player.playPause(),
      l: () => player.set({ loop_on: !s.loop_on }),
      "[": () => player.set({ loop_start: here, loop_end: Math.max(s.loop_end, here + 1), loop_on: true }),
      "]": () => player.set({ loop_end: here, loop_start: Math.min(s.loop_start, Math.max(0, here - 1)), loop_on: true }),
      ArrowLeft: () => player.seek(player.grid.barFrom(here, -1)),
      ArrowRight: () => player.seek(player.grid.barFrom(here, 1)),
      "-": () => player.set({ speed: clampSpeed(s.speed - 0.05) }),
      "+": () => player.set({ speed: clampSpeed(s.speed + 0.05) }),
      "=": () => player.set({ speed: clampSpeed(s.speed + 0.05) }),
    };
    const action = actions[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };
  document.addEventListener("keydown", onKey);
  return () => document.removeEventListener("keydown", onKey);
}
