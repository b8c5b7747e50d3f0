// The audio engine: every stem decoded once and played from one AudioContext clock.
//
// Playback is planned as segments on the context's clock: a segment plays the
// song from input time p0 to p1 at one speed and key, from context time t0.
// A loop pass, a seek or a live speed change starts a new segment; joins are
// 10 ms crossfades, so nothing stops, restarts or is fetched again.
//
// Two paths carry the stems. At speed 1 and key 0 (and wherever AudioWorklet is
// missing) each stem plays from an AudioBufferSourceNode: bit-exact, cheap.
// Otherwise one signalsmith-stretch AudioWorklet node holds all stems as
// channels (2 per stem) and stretches them together, so they stay
// sample-synchronous. While playing, the stretcher runs all the time, following
// the plan behind a closed gate on the direct path, so a change of speed or key
// across 1.0x / 0 st is a cross-fade of the two paths (XFADE long) while both
// still play the same thing (1.0x, 0 st, the same song position, in phase), the
// stretcher changing before it is heard alone or after, never a stop and a cold start.

import SignalsmithStretch from "signalsmith-stretch";
import { clickBuffer } from "./clicks.js";

/** Join length in seconds: crossfades at loop wraps, seeks and live changes. */
export const FADE = 0.01;
/** Cross-fade between the direct path and the stretcher when speed or key crosses 1.0x / 0 st. */
export const XFADE = 0.03;
/** Going back to the direct path, the stretcher plays 1.0x / 0 st this long before the cross-fade (its own change settles). */
const SETTLE = 0.1;
/** How far ahead of the clock a live change is scheduled. */
const LEAD = 0.05;
/** How far ahead loop passes and clicks are planned. */
const HORIZON = 1.5;
/** How long the plan of what has been played is kept (positionAt answers for that long). */
const HISTORY = 10;
/** How far ahead a change is sent to the stretch worklet (it keeps one future change at a time). */
export const SEND_AHEAD = 0.15;
/**
 * The stretch worklet fades its output in over about one block (120 ms) after it starts, so it
 * starts this much before it is heard, behind a closed gate. Starting it costs this much delay.
 */
export const WARM = 0.15;

export const dbToGain = (db) => 10 ** (db / 20); // -Infinity: silence

/**
 * Ramp `param` linearly from `from` to `to` over [at, end], dropping what was planned after `at`.
 * The start is set explicitly: a ramp alone would start from the param's last event, which may be
 * long past, and so begin to fade at once (a gap before every change).
 */
function rampAt(param, from, to, at, end) {
  param.cancelAndHoldAtTime(at);
  param.setValueAtTime(from, at);
  param.linearRampToValueAtTime(to, Math.max(end, at + 1e-4));
}

/**
 * Build an engine on a context (an AudioContext, or an OfflineAudioContext for tests).
 * `stems` is [{name, buffer}] with AudioBuffers at the context's rate.
 * With `stretch` false, or without AudioWorklet, speed uses playbackRate and pitch follows it.
 */
export async function createEngine(ctx, stems, grid, { stretch = true } = {}) {
  let node = null;
  let fallback = "";
  if (!stretch) fallback = "the live pitch-keeping engine is turned off";
  else if (!ctx.audioWorklet || typeof AudioWorkletNode === "undefined") fallback = "this browser has no AudioWorklet";
  else {
    try {
      node = await SignalsmithStretch(ctx, {
        // One (unconnected) input: with none, the worklet's process() fails while it is inactive.
        numberOfInputs: 1,
        numberOfOutputs: 1,
        outputChannelCount: [2 * stems.length],
      });
      // The worklet wants channels of one length: shorter stems are padded with silence.
      const length = Math.max(...stems.map(({ buffer }) => buffer.length));
      const channels = stems.flatMap(({ buffer }) =>
        [0, 1].map((c) => {
          const padded = new Float32Array(length);
          padded.set(buffer.getChannelData(Math.min(c, buffer.numberOfChannels - 1)));
          return padded;
        }),
      );
      await node.addBuffers(
        channels,
        channels.map((c) => c.buffer),
      );
    } catch (err) {
      node = null;
      fallback = `the pitch-keeping engine did not start (${err.message || err})`;
    }
  }
  return new Engine(ctx, stems, grid, node, fallback);
}

/** Crossfade gains (fade-out, fade-in) that keep power constant for the two sides' correlation, as the server's loop does. */
function joinCurves(outgoing, incoming) {
  const n = outgoing.length;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    xy += outgoing[i] * incoming[i];
    xx += outgoing[i] * outgoing[i];
    yy += incoming[i] * incoming[i];
  }
  const r = xx > 0 && yy > 0 ? Math.min(Math.max(xy / Math.sqrt(xx * yy), 0), 1) : 0;
  const out = new Float32Array(n);
  const inc = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = (i + 0.5) / n;
    const norm = Math.sqrt((1 - t) ** 2 + t ** 2 + 2 * r * (1 - t) * t);
    out[i] = (1 - t) / norm;
    inc[i] = t / norm;
  }
  return [out, inc];
}

export class Engine {
  constructor(ctx, stems, grid, stretch, fallback) {
    this.ctx = ctx;
    this.grid = grid;
    this.stretch = stretch;
    /** Why speed changes the pitch here ("" when the stretch engine runs). */
    this.fallback = fallback;
    this.duration = Math.max(...stems.map((s) => s.buffer.duration));
    this.master = ctx.createGain();
    this.master.connect(ctx.destination);
    this.stems = stems.map(({ name, buffer }) => {
      const gain = ctx.createGain();
      gain.connect(this.master);
      return { name, buffer, gain };
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
      this.stems.forEach((stem, k) => {
        const merge = ctx.createChannelMerger(2);
        split.connect(merge, 2 * k, 0);
        split.connect(merge, 2 * k + 1, 1);
        merge.connect(stem.gain);
      });
    }
    this.speed = 1;
    this.semitones = 0;
    this.loop = null; // {start, end} while looping
    this.countIn = false;
    this.countInEveryPass = false;
    this.trainer = null; // {step, every, target}
    this.playing = false;
    this.pausedAt = 0;
    this.passes = 0;
    this.segments = [];
    this.countClicks = [];
    this.queue = []; // stretch changes not yet sent, by output time
    this.sentUntil = -Infinity;
    this.gateOpen = false; // the stretcher is heard
    this.stretchOn = false; // the stretcher runs (while playing, on either path)
    this.warmAt = Infinity; // context time from which the running stretcher's output is whole
    this.onSpeed = () => {};
    this.onEnded = () => {};
  }

  #path() {
    return this.stretch && (this.speed !== 1 || this.semitones !== 0) ? "stretch" : "direct";
  }

  #schedule(change) {
    this.queue.push(change);
    this.queue.sort((a, b) => a.output - b.output);
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
  #startPosition(p) {
    if (this.loop && (p < this.loop.start || p >= this.loop.end - 0.05)) return this.loop.start;
    return p >= this.duration - 0.05 ? 0 : p;
  }

  /** Song position (seconds of input) heard at context time `t`. */
  positionAt(t) {
    if (!this.playing) return this.pausedAt;
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i];
      if (t >= s.t0) return Math.min(s.p1, s.p0 + (t - s.t0) * s.rate);
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
    const T = at;
    const p = this.positionAt(T);
    this.#truncate(T, null);
    this.segments = [];
    this.playing = false;
    this.pausedAt = p;
  }

  seek(p) {
    p = Math.min(Math.max(0, p), this.duration);
    if (!this.playing) {
      this.pausedAt = p;
      return;
    }
    this.#replan(() => p);
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
    if (this.playing) param.setTargetAtTime(value, this.ctx.currentTime, 0.005);
    else param.value = value;
  }

  /** Plan ahead up to context time `until`: loop passes and their clicks. Called by the clock tick. */
  extend(until = this.ctx.currentTime + HORIZON) {
    while (this.playing && this.loop && this.segments.length) {
      const last = this.segments[this.segments.length - 1];
      if (last.t1 > until) break;
      this.passes += 1;
      this.#train();
      const countIn = this.countInEveryPass && this.countIn;
      if (countIn) this.#truncate(last.t1 - FADE, null);
      this.#planFrom(last.t1, this.loop.start, countIn);
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
    // Forget what was played more than HISTORY ago (a loop adds a segment per pass).
    this.segments = this.segments.filter((s, i) => s.t1 > now - HISTORY || i === this.segments.length - 1);
    this.countClicks = this.countClicks.filter((c) => c.at > now - HISTORY);
  }

  /** The speed trainer: +step % every `every` passes, up to the target. */
  #train() {
    const t = this.trainer;
    if (!t || this.passes % t.every !== 0 || this.speed >= t.target) return;
    this.speed = Math.min(t.target, Math.round((this.speed + t.step / 100) * 100) / 100);
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
    // Onto the stretcher: the direct path fades out over [T, T + XFADE] as it fades in, still at 1.0x.
    const fade = next === "stretch" && was !== "stretch" ? XFADE : FADE;
    const T = now + LEAD + (fade === XFADE ? this.#coldFor(now) : 0);
    const p = this.positionAt(T + fade);
    let from = typeof target === "number" ? target : p;
    if (keepInLoop) from = this.#startPosition(from);
    this.#truncate(T, next, fade);
    this.#planFrom(T + fade, from, false, fade);
  }

  /** End everything planned at T, fading out over `fade`; `next` is the path that takes over, null to stop. */
  #truncate(T, next, fade = FADE) {
    const end = T + fade;
    for (const s of this.segments) {
      for (const { src, env } of s.sources) {
        rampAt(env.gain, 1, 0, T, end);
        src.stop(end);
      }
      for (const c of s.clicks) if (c.at >= T) c.src.stop(T);
      s.t1 = Math.min(s.t1, end);
      s.p1 = Math.min(s.p1, s.p0 + (end - s.t0) * s.rate);
    }
    for (const c of this.countClicks) if (c.at >= T) c.src.stop(T);
    this.countClicks = this.countClicks.filter((c) => c.at < T);
    this.queue = this.queue.filter((c) => c.output < T);
    this.segments = this.segments.filter((s) => s.t0 < end);
    if (this.stretch && next === null) {
      if (this.gateOpen) rampAt(this.gate.gain, 1, 0, T, end);
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
  #countIn(t, p) {
    const { lead, clicks } = this.grid.countIn(p, this.loop ? this.loop.end : null, this.speed);
    for (const c of clicks) this.countClicks.push(this.#click(t + c.at, c.accent, this.countInGain));
    return t + lead;
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
  #planFrom(t, p, countIn, fade = FADE) {
    if (countIn) t = this.#countIn(t, p);
    const rate = this.speed;
    const p1 = this.loop ? this.loop.end : this.duration;
    const prev = this.segments[this.segments.length - 1];
    const joined = prev && Math.abs(prev.t1 - t) < 1e-9 && prev.p1 === p1 && this.loop && prev.sources.length;
    const seg = { t0: t, p0: p, p1, t1: t + (p1 - p) / rate, rate, sources: [], clicks: [] };
    // Lead-in: the audio just before p fades in over the `fade` before t, so p is heard at t exactly.
    const now = this.ctx.currentTime;
    const lead = Math.min(fade, p / rate, Math.max(0, t - now));
    const stretch = this.#path() === "stretch";
    let direct = { seg, lead, prev: joined ? prev : null };
    if (this.stretch) {
      const heard = this.gateOpen;
      const warmIn = stretch && !heard && this.stretchOn;
      const at = t - lead;
      const from = heard || warmIn ? t : at;
      const warm = this.stretchOn ? 0 : Math.min(WARM, Math.max(0, from - now));
      this.#schedule({
        output: from - warm,
        input: p - (t - from + warm) * rate,
        rate,
        semitones: this.semitones,
        active: true,
        loopStart: 0,
        loopEnd: 0,
      });
      if (!this.stretchOn) this.warmAt = from - warm + WARM;
      this.stretchOn = true;
      if (stretch && !heard) {
        rampAt(this.gate.gain, 0, 1, at, t);
        this.gateOpen = true;
      } else if (!stretch && heard) {
        const t0 = t + SETTLE + XFADE;
        rampAt(this.gate.gain, 1, 0, t0 - XFADE, t0);
        direct = { seg: { ...seg, t0, p0: p + (t0 - t) * rate }, lead: XFADE, prev: null };
        this.gateOpen = false;
      }
      if (!this.loop) this.#schedule({ output: seg.t1 + 0.5, active: false });
    }
    if (!stretch) this.#planDirect(direct.seg, direct.lead, direct.prev);
    for (const b of this.grid.between(p, p1)) {
      const at = t + (b - p) / rate;
      if (at >= this.ctx.currentTime) seg.clicks.push(this.#click(at, this.grid.isDownbeat(b), this.metronome));
    }
    this.segments.push(seg);
  }

  /** One AudioBufferSourceNode per stem, fading in over `lead`, out over the last FADE (a power-keeping join after `prev`). */
  #planDirect(seg, lead, prev) {
    const { t0, p0, t1, rate } = seg;
    const sr = this.ctx.sampleRate;
    const fadeOut = Math.min(FADE, t1 - t0);
    this.stems.forEach((stem, k) => {
      const src = this.ctx.createBufferSource();
      src.buffer = stem.buffer;
      src.playbackRate.value = rate;
      const env = this.ctx.createGain();
      // Silent until its fade-in: an automation event and a source's start may round to different
      // samples, and one sample at the default gain of 1 before the ramp is a click.
      if (lead > 0) env.gain.value = 0;
      src.connect(env).connect(stem.gain);
      if (prev && lead > 0) {
        const n = Math.max(2, Math.round(lead * sr));
        const data = stem.buffer.getChannelData(0);
        const at = Math.round(p0 * sr);
        const endAt = Math.round(prev.p1 * sr);
        const [out, inc] = joinCurves(data.subarray(endAt - n, endAt), data.subarray(at - n, at));
        prev.sources[k].env.gain.cancelScheduledValues(t0 - lead);
        prev.sources[k].env.gain.setValueCurveAtTime(out, t0 - lead, lead);
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
}
