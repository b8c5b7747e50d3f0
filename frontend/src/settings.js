// The player's settings: what it reports to Python (jamwithme.player_state.PlayerState, same field
// names) and how they are applied to an engine. Defaults, ranges and steps are PlayerState's,
// given with every mount as the component's `data.spec` (ui/player.py sends
// jamwithme.player_state.contract()'s fields), so the player, the export and the API cannot disagree.

const clamp = (v, { min = -Infinity, max = Infinity }) => Math.min(max, Math.max(min, v));

export class Settings {
  /** `spec`: each field's {type, default, min, max, step, unit}, as PlayerState enforces them. */
  constructor(spec) {
    if (!spec?.speed || !spec?.semitones || !spec?.levels) throw new Error("the player needs its settings' spec");
    this.spec = spec;
  }

  defaults(names) {
    const out = {};
    for (const [field, spec] of Object.entries(this.spec)) {
      out[field] = spec.type === "levels" ? Object.fromEntries(names.map((n) => [n, spec.default_db])) : spec.default;
    }
    out.mute = [];
    out.solo = [];
    return out;
  }

  /** Settings from Python merged over the defaults, unknown stems dropped, numbers in their ranges. */
  merge(names, given) {
    const base = this.defaults(names);
    const s = { ...base, ...(given || {}) };
    s.levels = { ...base.levels, ...(given?.levels || {}) };
    for (const n of Object.keys(s.levels)) s.levels[n] = clamp(Number(s.levels[n]) || 0, this.spec.levels);
    s.mute = (s.mute || []).filter((n) => names.includes(n));
    s.solo = (s.solo || []).filter((n) => names.includes(n));
    s.speed = this.clampSpeed(s.speed);
    s.semitones = Math.round(clamp(Number(s.semitones) || 0, this.spec.semitones));
    return s;
  }

  clampSpeed(speed) {
    const { min, max } = this.spec.speed;
    return Math.round(Math.min(max, Math.max(min, Number(speed) || 1)) * 100) / 100;
  }

  /** Push every setting into the engine (cheap: each is a parameter change or a replan). */
  apply(engine, s) {
    // A stem at the bottom of its range is off (the control says "off"), not just quiet.
    const floor = this.spec.levels.min;
    const levels = Object.fromEntries(Object.entries(s.levels).map(([n, db]) => [n, db <= floor ? -Infinity : db]));
    engine.setMix(levels, s.mute, s.solo);
    engine.setMetronome(s.metronome, s.metronome_db);
    engine.countIn = s.count_in;
    engine.countInEveryPass = s.count_in_every_pass;
    engine.trainer = s.trainer_on
      ? {
          step: s.trainer_step,
          every: Math.max(1, Math.round(s.trainer_every)),
          target: this.clampSpeed(s.trainer_target),
        }
      : null;
    if (engine.speed !== s.speed) engine.setSpeed(s.speed);
    const semitones = engine.stretch ? s.semitones : 0;
    if (engine.semitones !== semitones) engine.setSemitones(semitones);
    const loop = s.loop_on && s.loop_end > s.loop_start ? { start: s.loop_start, end: s.loop_end } : null;
    const same = loop && engine.loop ? loop.start === engine.loop.start && loop.end === engine.loop.end : loop === engine.loop;
    if (!same) engine.setLoop(loop);
  }
}
