// The melody in the player: the song's melody notes as a piano roll over the waveform, the note
// sounding now named in the key the player plays in, and a "melody" track synthesised from the
// notes, which the engine plays as one more stem (its level, mute and solo; speed, key and loop
// as the stems, since the stretcher moves it with them).
//
// The notes come from Python (ui/player.py's _melody: the stored notes job) in the song's key,
// with each pitch class's spelling in every key the player can move to; a key change moves the
// roll's notes and names here.

import { clefOf, phraseAt } from "./notation.js";

/** The track's name in the mixer and in the settings (PlayerState levels, mute and solo). */
export const MELODY = "melody";
/** The voice: a few harmonics (a soft reed), an attack, a decay to a sustain and a release. */
const PARTIALS = [1, 0.45, 0.22, 0.1];
const ATTACK = 0.012;
const DECAY = 0.12;
const SUSTAIN = 0.7;
const RELEASE = 0.06;
const PEAK = 0.3;
const TABLE = 4096;

/** The song's melody notes as Python sends them, and what the lane asks of them. */
export class Melody {
  constructor({ notes = [], range = null, names = [], shifts, phrases = [], strings = [], tabs = [], grid = {} }) {
    this.notes = notes; // [{start, end, pitch, velocity}] by start, in the song's key
    this.range = range || [60, 72]; // [lowest, highest] pitch in the song's key
    this.names = names; // names[k][pc]: [spelling, octave correction] of pitch class pc, shifts[0] + k away
    this.shifts = shifts;
    this.phrases = phrases; // [{start, end, first, count}]: notes first..first+count-1 sung in one breath
    this.strings = strings; // the tab's strings, highest first ("e", "B", ...)
    this.tabs = tabs; // tabs[k]: [string, fret, string, fret, ...] of every note, shifts[0] + k away
    // the song's beat grid (ui/player.py's _grid), for the staff's bar lines and note values (notation.js)
    this.beats = grid.beats || [];
    this.downbeats = grid.downbeats || [];
    this.subdivision = grid.subdivision || 2;
  }

  /** Index of the phrase to show at song time `p` (notation.js). */
  phraseAt(p) {
    return phraseAt(this.phrases, p);
  }

  /** Song pitch `pitch` played `semitones` away, spelt in that key: {name ("F♯4"), step, mark ("♯", "♭" or "")}. */
  spell(pitch, semitones) {
    const moved = pitch + semitones;
    const [lo, hi] = this.shifts;
    const spelt = this.names[Math.min(hi, Math.max(lo, Math.round(semitones))) - lo];
    const [name, correction] = spelt ? spelt[((moved % 12) + 12) % 12] : ["C", 0];
    const octave = Math.floor(moved / 12) - 1 + correction;
    const mark = { "": "", "#": "♯", b: "♭", "##": "𝄪", bb: "𝄫" }[name.slice(1)] ?? "";
    // a staff step counts letters from C-1 (C4, middle C, is 35), as jamwithme.notes.notation.staff_steps
    return { name: spelt ? `${name}${octave}` : String(moved), step: 7 * (octave + 1) + "CDEFGAB".indexOf(name[0]), mark };
  }

  /** Note `i` played `semitones` away, as the staff draws it (notation.js): {pitch, name, step, mark}. */
  spelling(i, semitones) {
    const pitch = this.notes[i].pitch + semitones;
    return { pitch, ...this.spell(this.notes[i].pitch, semitones) };
  }

  /** The clef of the line played `semitones` away (notation.js). */
  clef(semitones) {
    return clefOf(this.notes.map((n) => n.pitch + semitones));
  }

  /** Note `i`'s [string, fret] on the tab, played `semitones` away (null without a tab). */
  tab(i, semitones) {
    const [lo, hi] = this.shifts;
    const frets = this.tabs[Math.min(hi, Math.max(lo, Math.round(semitones))) - lo];
    return frets && 2 * i + 1 < frets.length ? [frets[2 * i], frets[2 * i + 1]] : null;
  }

  /** Index of the note sounding at song time `p`, or -1 (a rest). */
  at(p) {
    let lo = 0;
    let hi = this.notes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.notes[mid].start <= p) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    return i >= 0 && p < this.notes[i].end ? i : -1;
  }

  /** The name of song pitch `pitch` played `semitones` away, spelt in that key ("F♯4"). */
  name(pitch, semitones) {
    return this.spell(pitch, semitones).name;
  }
}

let table = null;
/** One cycle of the voice, TABLE samples, peak 1. */
function wave() {
  if (!table) {
    table = new Float32Array(TABLE + 1);
    PARTIALS.forEach((a, k) => {
      for (let i = 0; i <= TABLE; i++) table[i] += a * Math.sin((2 * Math.PI * (k + 1) * i) / TABLE);
    });
    const top = table.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (let i = 0; i <= TABLE; i++) table[i] /= top;
  }
  return table;
}

/**
 * The melody track: `length` samples at `sampleRate`, each note a voice at its pitch (the song's key:
 * the engine moves it with the stems). Returns a Float32Array; notes past the end are cut.
 */
export function synthesize(notes, length, sampleRate) {
  const out = new Float32Array(length);
  const w = wave();
  for (const { start, end, pitch, velocity } of notes) {
    const from = Math.round(start * sampleRate);
    if (from >= length) break;
    const held = Math.max(ATTACK + 0.01, end - start);
    const to = Math.min(length, Math.round((start + held + RELEASE) * sampleRate));
    const step = (TABLE * 440 * 2 ** ((pitch - 69) / 12)) / sampleRate;
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

/** The melody track as an AudioBuffer of `length` samples (mono) on `ctx`. */
export function melodyBuffer(ctx, melody, length) {
  const buffer = ctx.createBuffer(1, Math.max(1, length), ctx.sampleRate);
  buffer.copyToChannel(synthesize(melody.notes, buffer.length, ctx.sampleRate), 0);
  return buffer;
}

/* Inside wavesurfer's shadow root: the roll brings its own style. */
export const ROLL_CSS = `
  .jam-roll { position: absolute; left: 0; top: 0; width: 100%; pointer-events: none; z-index: 5; }
  .jam-roll b { position: absolute; min-width: 2px; box-sizing: border-box; border-radius: 2px;
    background: color-mix(in srgb, var(--jam-roll-note, #3a6ea5) 80%, transparent); }
  .jam-roll b.lit { background: var(--jam-roll-lit, #e4572e); z-index: 1; }
`;

/**
 * The piano roll over the waveform, in `wrapper` (wavesurfer's scrolling wrapper, so it zooms and
 * scrolls with it): a bar per note, placed in percent of the song, higher notes higher; `height`
 * in px. Returns {node, setKey(semitones), show(p) -> index of the lit note or -1}.
 */
export function mountRoll(wrapper, melody, duration, height) {
  const node = document.createElement("div");
  node.className = "jam-roll";
  node.style.height = `${height}px`;
  node.dataset.testid = "jam-melody-roll";
  const bars = melody.notes.map((n) => {
    const bar = document.createElement("b");
    bar.style.left = `${(100 * n.start) / duration}%`;
    bar.style.width = `${(100 * (n.end - n.start)) / duration}%`;
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
      // The rows span the song's range and where it moved to, so +2 st draws every note two rows higher.
      const bottom = low + Math.min(0, to) - 1;
      const rows = high + Math.max(0, to) + 2 - bottom;
      const row = height / rows;
      melody.notes.forEach((n, i) => {
        const bar = bars[i];
        bar.style.top = `${height - (n.pitch + to - bottom + 1) * row}px`;
        bar.style.height = `${Math.max(2, row - 1)}px`;
        bar.title = melody.name(n.pitch, to);
        bar.dataset.pitch = String(n.pitch + to);
      });
    },
    show(p) {
      const i = melody.at(p);
      if (i !== lit) {
        bars[lit]?.classList.remove("lit");
        bars[i]?.classList.add("lit");
        lit = i;
      }
      return i;
    },
    get semitones() {
      return semitones;
    },
  };
}
