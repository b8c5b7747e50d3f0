// The player's settings: what it reports to Python (ui/player.py's PlayerState, same
// field names) and how they are applied to an engine.

export const SPEED_MIN = 0.5;
export const SPEED_MAX = 1.5;

export function defaults(names) {
  return {
    levels: Object.fromEntries(names.map((n) => [n, 0])),
    mute: [],
    solo: [],
    speed: 1,
    semitones: 0,
    loop_on: false,
    loop_start: 0,
    loop_end: 0,
    metronome: false,
    metronome_db: -12,
    count_in: false,
    count_in_every_pass: false,
    trainer_on: false,
    trainer_step: 5,
    trainer_every: 2,
    trainer_target: 1,
  };
}

/** Settings from Python merged over the defaults, with unknown stems dropped. */
export function merge(names, given) {
  const s = { ...defaults(names), ...(given || {}) };
  s.levels = { ...defaults(names).levels, ...(given?.levels || {}) };
  s.mute = (s.mute || []).filter((n) => names.includes(n));
  s.solo = (s.solo || []).filter((n) => names.includes(n));
  s.speed = clampSpeed(s.speed);
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
