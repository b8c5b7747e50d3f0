// The player's settings: what it reports to Python (jamwithme.export.PlayerState, same field
// names) and how they are applied to an engine. Defaults, ranges and steps are the contract's
// (`python -m jamwithme.export --contract` writes contract.json), so the player, the export and
// the API cannot disagree.

import contract from "./contract.json";

/** Each field's {type, default, min, max, step, unit}, as PlayerState enforces them. */
export const SPEC = contract.fields;
export const SPEED_MIN = SPEC.speed.min;
export const SPEED_MAX = SPEC.speed.max;

export function defaults(names) {
  const out = {};
  for (const [field, spec] of Object.entries(SPEC)) {
    out[field] = spec.type === "levels" ? Object.fromEntries(names.map((n) => [n, spec.default_db])) : spec.default;
  }
  out.mute = [];
  out.solo = [];
  return out;
}

const clamp = (v, { min = -Infinity, max = Infinity }) => Math.min(max, Math.max(min, v));

/** Settings from Python merged over the defaults, unknown stems dropped, numbers in their ranges. */
export function merge(names, given) {
  const base = defaults(names);
  const s = { ...base, ...(given || {}) };
  s.levels = { ...base.levels, ...(given?.levels || {}) };
  for (const n of Object.keys(s.levels)) s.levels[n] = clamp(Number(s.levels[n]) || 0, SPEC.levels);
  s.mute = (s.mute || []).filter((n) => names.includes(n));
  s.solo = (s.solo || []).filter((n) => names.includes(n));
  s.speed = clampSpeed(s.speed);
  s.semitones = Math.round(clamp(Number(s.semitones) || 0, SPEC.semitones));
  return s;
}

export function clampSpeed(speed) {
  return Math.round(Math.min(SPEED_MAX, Math.max(SPEED_MIN, Number(speed) || 1)) * 100) / 100;
}

/** Push every setting into the engine (cheap: each is a parameter change or a replan). */
export function apply(engine, s) {
  engine.setMix(s.levels, s.mute, s.solo);
  engine.setMetronome(s.metronome, s.metronome_db);
  engine.countIn = s.count_in;
  engine.countInEveryPass = s.count_in_every_pass;
  engine.trainer = s.trainer_on
    ? { step: s.trainer_step, every: Math.max(1, Math.round(s.trainer_every)), target: clampSpeed(s.trainer_target) }
    : null;
  if (engine.speed !== s.speed) engine.setSpeed(s.speed);
  const semitones = engine.stretch ? s.semitones : 0;
  if (engine.semitones !== semitones) engine.setSemitones(semitones);
  const loop = s.loop_on && s.loop_end > s.loop_start ? { start: s.loop_start, end: s.loop_end } : null;
  const same = loop && engine.loop ? loop.start === engine.loop.start && loop.end === engine.loop.end : loop === engine.loop;
  if (!same) engine.setLoop(loop);
}
