// JamWithMe's practice player: the Streamlit components.v2 entry point.
//
// Streamlit calls the default export on mount and again whenever its data
// changes (every rerun that changes the settings), with the same parent
// element. The player is built once per element and the stems are fetched
// and decoded once per URL; later calls change nothing that is playing.

import { Grid } from "./clicks.js";
import { mountControls, bindKeys } from "./controls.js";
import { WARM, createEngine } from "./engine.js";
import { apply, merge } from "./settings.js";
import { EngineMedia } from "./transport.js";
import { mountWaveform } from "./waveform.js";

/** The rate stems are decoded at: jamwithme's own, so browser and export line up sample for sample. */
const SAMPLE_RATE = 44100;
const REPORT_DELAY_MS = 250;

const decoded = new Map(); // url -> Promise<AudioBuffer>
const players = new WeakMap(); // parent element -> player
let context = null;

function audioContext() {
  if (!context) context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: "interactive" });
  return context;
}

function decode(ctx, url) {
  if (!decoded.has(url)) {
    debug.fetches += 1;
    decoded.set(
      url,
      fetch(url)
        .then((r) => {
          if (!r.ok) throw new Error(`could not fetch ${url}: HTTP ${r.status}`);
          return r.arrayBuffer();
        })
        .then((bytes) => ctx.decodeAudioData(bytes)),
    );
  }
  return decoded.get(url);
}

/** What the browser tests read (window.__jamPlayer): the live player and a few counters. */
const debug = { fetches: 0, player: null };
window.__jamPlayer = debug;

function encodeFloats(data) {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

class Player {
  constructor(parent, data, setStateValue) {
    this.setStateValue = setStateValue;
    this.song = song(data);
    this.names = data.stems.map((s) => s.name);
    this.grid = new Grid(data.beats, data.downbeats);
    this.state = merge(this.names, data.state);
    this.root = document.createElement("div");
    this.root.className = "jam-player";
    this.root.textContent = "Loading the stems…";
    parent.appendChild(this.root);
    this.opened = performance.now(); // ms since the page was opened, as are the other marks
    this.ready = this.#build(data).catch((err) => {
      this.root.textContent = `The player could not load the song: ${err.message || err}`;
      console.warn(err);
    });
  }

  async #build(data) {
    const ctx = audioContext();
    const buffers = await Promise.all(data.stems.map((s) => decode(ctx, s.url)));
    this.decodedAt = performance.now();
    this.stems = data.stems.map((s, i) => ({ name: s.name, buffer: buffers[i] }));
    this.useStretch = data.engine !== "playback-rate";
    this.engine = await createEngine(ctx, this.stems, this.grid, { stretch: this.useStretch });
    this.fallback = this.engine.fallback;
    this.media = new EngineMedia(this.engine);
    this.engine.onSpeed = (speed) => this.set({ speed });
    this.engine.onEnded = () => this.media.notifyEnded();
    this.root.textContent = "";
    const wave = document.createElement("div");
    wave.className = "wave";
    this.root.appendChild(wave);
    let shift = false;
    const trackShift = (e) => (shift = e.shiftKey);
    document.addEventListener("keydown", trackShift);
    document.addEventListener("keyup", trackShift);
    wave.addEventListener("pointerdown", trackShift);
    const view = mountWaveform(wave, {
      media: this.media,
      buffers,
      grid: this.grid,
      chords: data.chords,
      sections: data.sections,
      onLoop: ({ start, end }) => this.set({ loop_start: start, loop_end: end, loop_on: true }),
      shiftHeld: () => shift,
    });
    this.ws = view.ws;
    this.showLoop = view.setLoop;
    this.controls = mountControls(this.root, this);
    const unbind = bindKeys(this);
    this.cleanups = [
      unbind,
      () => document.removeEventListener("keydown", trackShift),
      () => document.removeEventListener("keyup", trackShift),
    ];
    apply(this.engine, this.state);
    this.#refresh();
    this.timer = setInterval(() => this.#tick(), 25);
    this.readyMs = performance.now() - this.opened;
    this.readyAt = performance.now();
  }

  #tick() {
    this.engine.extend();
    if (this.engine.stretch) this.engine.pump();
    this.controls.showTime(this.engine.position, this.engine.duration);
    if (this.playing !== this.engine.playing) this.#refresh();
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

  /** Change settings: applied to the engine at once, reported to Python a moment later. */
  set(patch) {
    this.state = merge(this.names, { ...this.state, ...patch });
    apply(this.engine, this.state);
    this.#refresh();
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => this.setStateValue("state", this.state), REPORT_DELAY_MS);
  }

  /**
   * Render `seconds` of what the player would play from song time `from` with `settings`
   * (the player's own by default) in an OfflineAudioContext, through the same engine;
   * `changes` ([{at, settings}]) are applied while it plays, at context time `at`.
   * Returns {sampleRate, channels: [base64 float32, ...], speed} for the tests.
   */
  async renderOffline({ from = 0, seconds, settings = {}, changes = [] }) {
    // Rendered from WARM on and trimmed, so the stretch path starts warm, as it does live.
    const off = new OfflineAudioContext(2, Math.round((seconds + WARM) * SAMPLE_RATE), SAMPLE_RATE);
    const engine = await createEngine(off, this.stems, this.grid, { stretch: this.useStretch });
    const state = merge(this.names, { ...this.state, ...settings });
    apply(engine, state);
    engine.pausedAt = from;
    engine.play(WARM);
    engine.extend(seconds + WARM);
    await engine.prepareOffline();
    for (const { at, settings: patch } of changes) {
      // A live change, as the controls make it, at context time `at`.
      off.suspend(at + WARM).then(() => {
        apply(engine, merge(this.names, { ...state, ...patch }));
        return off.resume();
      });
    }
    const out = await off.startRendering();
    return {
      sampleRate: out.sampleRate,
      channels: [0, 1].map((c) => encodeFloats(out.getChannelData(c).subarray(Math.round(WARM * SAMPLE_RATE)))),
      speed: engine.speed, // where the speed trainer got to
    };
  }

  dispose() {
    clearInterval(this.timer);
    clearTimeout(this.reportTimer);
    this.engine?.pause();
    this.ws?.destroy();
    this.cleanups?.forEach((f) => f());
    this.root.remove();
  }
}

/** What the player is built from; settings in `data.state` only seed a new player. */
const song = ({ stems, beats, downbeats, chords, sections, engine }) =>
  JSON.stringify([stems, beats, downbeats, chords, sections, engine]);

export default function mount({ data, parentElement, setStateValue }) {
  let player = players.get(parentElement);
  if (player && player.song !== song(data)) {
    player.dispose(); // another song in the same place
    player = null;
  }
  if (!player) {
    player = new Player(parentElement, data, setStateValue);
    players.set(parentElement, player);
    debug.player = player;
  }
  return () => {
    players.delete(parentElement);
    player.dispose();
  };
}
