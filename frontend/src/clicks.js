// Metronome clicks and the song's beat grid.
// The click is the one jamwithme.practice.click renders on the server (30 ms
// decaying tone, E6, A6 on a downbeat), so the browser and the export sound alike.

const CLICK_SECONDS = 0.03;
const CLICK_HZ = 1320;
const ACCENT_HZ = 1760;

/** A mono AudioBuffer holding one click. */
export function clickBuffer(ctx, accent) {
  const sr = ctx.sampleRate;
  const n = Math.round(CLICK_SECONDS * sr);
  const taper = Math.round(0.005 * sr);
  const buffer = ctx.createBuffer(1, n, sr);
  const data = buffer.getChannelData(0);
  const hz = accent ? ACCENT_HZ : CLICK_HZ;
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    data[i] = Math.sin(2 * Math.PI * hz * t) * Math.exp(-t / 0.006);
  }
  for (let k = 1; k <= taper; k++) data[n - taper + k - 1] *= Math.cos((0.5 * Math.PI * k) / taper);
  return buffer;
}

/**
 * The song's beat grid as the analysis stored it (jamwithme.analysis.grid.Grid, sent by ui/player.py):
 * beats, downbeats, counted beats per bar, the parts of a beat (2, or 3 in compound time such as 6/8)
 * and the tempo; what follows from them: the tempo over a span, snapping, bars, the count-in.
 */
export class Grid {
  constructor({ beats = [], downbeats = [], beats_per_bar = 4, subdivision = 2, tempo = 120, pulse = true } = {}) {
    /** False: the song has no steady beat (no beats, and `tempo` a placeholder): no clicks, count-in or bars. */
    this.pulse = pulse !== false;
    this.beats = Float64Array.from(beats).sort();
    this.downbeats = Float64Array.from(downbeats).sort();
    this.beatsPerBar = beats_per_bar;
    this.subdivision = subdivision;
    this.tempo = tempo;
  }

  isDownbeat(time) {
    return this.downbeats.some((d) => Math.abs(d - time) < 1e-3);
  }

  /** Seconds between the beats around `time` (the first or last gap outside them; the tempo's without beats). */
  period(time) {
    const b = this.beats;
    if (b.length < 2) return 60 / this.tempo;
    const i = Math.min(Math.max(1, this.#after(time)), b.length - 1);
    return b[i] - b[i - 1];
  }

  /** The tempo in BPM over [from, to]: its beats over the time they span (the local tempo if fewer than two). */
  tempoOver(from, to) {
    let first = -1;
    let count = 0;
    for (let i = this.#after(from); i < this.beats.length && this.beats[i] <= to + 1e-6; i++) {
      if (first < 0) first = i;
      count++;
    }
    if (count < 2) return 60 / this.period(from);
    return (60 * (count - 1)) / (this.beats[first + count - 1] - this.beats[first]);
  }

  /** Index of the first beat at or after `time`. */
  #after(time) {
    let lo = 0;
    let hi = this.beats.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.beats[mid] < time - 1e-6) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first beat at or after `time`; past the last beat, where the last gap carries the grid. */
  nextBeat(time) {
    const i = this.#after(time);
    if (i < this.beats.length) return this.beats[i];
    if (!this.beats.length) return time;
    const last = this.beats[this.beats.length - 1];
    const step = this.period(last);
    return last + Math.ceil((time - last - 1e-6) / step) * step;
  }

  /** Beats in [from, to). */
  between(from, to) {
    const out = [];
    for (let i = this.#after(from); i < this.beats.length && this.beats[i] < to - 1e-6; i++) out.push(this.beats[i]);
    return out;
  }

  /**
   * One bar of count-in into the beat at or after song time `p` at `speed`: the grid's tempo over
   * [p, end] (the looped bars; without a loop, the bar from p), a click a counted beat (every part of
   * the beat in compound time). Returns {lead, clicks: [{at, accent}]}, `at` from the count-in's start;
   * jamwithme.export.count_in_plan is the same sum.
   */
  countIn(p, end, speed) {
    if (end == null || end <= p) end = p + this.beatsPerBar * this.period(p);
    const period = 60 / this.tempoOver(p, end) / speed;
    const perBeat = this.subdivision === 3 ? 3 : 1;
    const n = this.beatsPerBar * perBeat;
    const step = period / perBeat;
    const toBeat = Math.min((this.nextBeat(p) - p) / speed, period);
    const lead = Math.max(0, n * step - toBeat);
    const clicks = [];
    for (let k = n; k >= 1; k--) {
      const at = lead + toBeat - k * step;
      if (at >= -1e-6) clicks.push({ at, accent: k === n });
    }
    return { lead, clicks };
  }

  /** The nearest beat, or the nearest downbeat when `bars` is set (time itself if there are none). */
  snap(time, bars) {
    const list = bars && this.downbeats.length ? this.downbeats : this.beats;
    let best = time;
    let dist = Infinity;
    for (const t of list) {
      if (Math.abs(t - time) < dist) {
        dist = Math.abs(t - time);
        best = t;
      }
    }
    return best;
  }

  /** The downbeat `step` bars from the bar holding `time` (or ± one bar at the local period). */
  barFrom(time, step) {
    const d = this.downbeats;
    if (d.length < 2) return time + step * this.beatsPerBar * this.period(time);
    let i = 0;
    while (i + 1 < d.length && d[i + 1] <= time + 1e-3) i++;
    const j = Math.min(Math.max(0, i + step), d.length - 1);
    return d[j];
  }
}
