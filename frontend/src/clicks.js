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

/** Beats, downbeats and what follows from them: bar length, local period, snapping. */
export class Grid {
  constructor(beats, downbeats) {
    this.beats = Float64Array.from(beats || []).sort();
    this.downbeats = Float64Array.from(downbeats || []).sort();
    this.beatsPerBar = this.#beatsPerBar();
  }

  #beatsPerBar() {
    const counts = [];
    for (let i = 1; i < this.downbeats.length; i++) {
      counts.push(this.beats.filter((b) => b >= this.downbeats[i - 1] - 1e-3 && b < this.downbeats[i] - 1e-3).length);
    }
    if (!counts.length) return 4;
    counts.sort((a, b) => a - b);
    return Math.min(12, Math.max(1, counts[counts.length >> 1]));
  }

  isDownbeat(time) {
    return this.downbeats.some((d) => Math.abs(d - time) < 1e-3);
  }

  /** Seconds between beats near `time` (0.5 s if there are no beats). */
  period(time) {
    const b = this.beats;
    if (b.length < 2) return 0.5;
    const i = Math.min(Math.max(1, this.#after(time)), b.length - 1);
    return b[i] - b[i - 1];
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

  /** The first beat at or after `time`, or `time` itself past the last beat. */
  nextBeat(time) {
    const i = this.#after(time);
    return i < this.beats.length ? this.beats[i] : time;
  }

  /** Beats in [from, to). */
  between(from, to) {
    const out = [];
    for (let i = this.#after(from); i < this.beats.length && this.beats[i] < to; i++) out.push(this.beats[i]);
    return out;
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

  /** The downbeat `step` bars from the bar holding `time` (or ± one bar at 4 beats of the local period). */
  barFrom(time, step) {
    const d = this.downbeats;
    if (d.length < 2) return time + step * this.beatsPerBar * this.period(time);
    let i = 0;
    while (i + 1 < d.length && d[i + 1] <= time + 1e-3) i++;
    const j = Math.min(Math.max(0, i + step), d.length - 1);
    return d[j];
  }
}
