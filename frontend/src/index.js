// JamWithMe's practice player: the Streamlit components.v2 entry point.
//
// Streamlit calls the default export on mount and again whenever its data
// changes (every rerun that changes the settings), with the same parent
// element. The player is built once per element and the stems are fetched
// and decoded once per URL; later calls change nothing that is playing. New
// data for the same stems (the melody's notes found while the song plays) builds
// the player again around the playing engine: the music goes on where it was.

import { Music, mountBigChords, mountChart } from "./chords.js";
import { Grid } from "./clicks.js";
import { mountControls, bindKeys } from "./controls.js";
import { FADE, WARM, createEngine } from "./engine.js";
import { MELODY, Melody, melodyBuffer } from "./melody.js";
import { mountStaff } from "./notation.js";
import { Settings } from "./settings.js";
import { EngineMedia } from "./transport.js";
import { mountWaveform } from "./waveform.js";

/** The rate stems are decoded at: jamwithme's own, so browser and export line up sample for sample. */
export const SAMPLE_RATE = 44100;
const REPORT_DELAY_MS = 250;
/** What the mixer changes: the rest of its settings stay the defaults (1.0x, 0 st, no loop). */
const MIXER_FIELDS = ["levels", "mute", "solo"];

const loaded = new Map(); // url -> {head, full, done}: see load()
const players = new WeakMap(); // parent element -> player
let context = null;

function audioContext() {
  if (!context) context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: "interactive" });
  return context;
}

/** The first bytes of an MP3 stem decoded first: about 30 s at 320 kb/s, playable while the rest decodes. */
const HEAD_BYTES = 1_200_000;

const isMp3 = (b) => {
  const h = new Uint8Array(b, 0, 3);
  return (h[0] === 0x49 && h[1] === 0x44 && h[2] === 0x33) || (h[0] === 0xff && (h[1] & 0xe0) === 0xe0); // "ID3" or a frame
};

/**
 * Fetch a stem once and decode it: {head, full} promises of AudioBuffers (head is null unless the stem
 * is a long MP3) and, once decoded, the full buffer in `done`. The head decodes first.
 */
function load(ctx, url) {
  if (!loaded.has(url)) {
    const entry = { done: null };
    const bytes = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`could not fetch ${url}: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
    entry.head = bytes.then((b) =>
      isMp3(b) && b.byteLength > 2 * HEAD_BYTES ? ctx.decodeAudioData(b.slice(0, HEAD_BYTES)) : null,
    );
    entry.full = entry.head
      .then(() => bytes)
      .then((b) => ctx.decodeAudioData(b))
      .then((buffer) => (entry.done = buffer));
    loaded.set(url, entry);
  }
  return loaded.get(url);
}

export class Player {
  /** `from`: what a player of the same stems hands over (see handOver), so playback goes on through the rebuild. */
  constructor(parent, data, setStateValue, from = null) {
    this.setStateValue = setStateValue;
    this.song = song(data);
    this.sound = sound(data);
    /** "practice" (the whole instrument) or "mixer" (levels, mute and solo only). */
    this.mode = data.mode === "mixer" ? "mixer" : "practice";
    /** The melody's notes (the roll and the "melody" track), when the song's were found. */
    this.melody =
      this.mode === "practice" && data.melody?.notes?.length ? new Melody({ ...data.melody, shifts: data.shifts, grid: data.grid }) : null;
    this.names = [...data.stems.map((s) => s.name), ...(this.melody ? [MELODY] : [])];
    this.grid = new Grid(data.grid);
    this.music = new Music(data);
    /** The melody note sounding now: {index, pitch (in the key played), name}, index -1 in a rest. */
    this.lit = { index: -1, pitch: null, name: "" };
    /** The guitar tab under the phrase's staff: shown on request. */
    this.showTab = false;
    /** Defaults and ranges: PlayerState's, sent by Python with the song (data.spec). */
    this.settings = new Settings(data.spec);
    // The musician's latest settings (a report to Python may still be on its way) over those Python sent.
    this.state = this.settings.merge(this.names, { ...data.state, ...from?.state, ...this.#withoutBeat() });
    if (from) {
      this.engine = from.engine; // #mount hands its playback over to the new engine
      this.showTab = from.showTab;
      this.keptView = from.view; // and opens the waveform zoomed and scrolled as it was
    }
    this.root = document.createElement("div");
    this.root.className = "jam-player";
    // Focusable: the shortcuts act while the player (or a control in it) has focus, and only then.
    this.root.tabIndex = 0;
    this.root.setAttribute("aria-label", "Practice player: press ? for its keys");
    this.root.textContent = "Loading the stems…";
    parent.appendChild(this.root);
    this.opened = performance.now(); // ms since the page was opened, as are the other marks
    this.ready = this.#build(data).catch((err) => {
      this.root.textContent = `The player could not load the song: ${err.message || err}`;
      if (!this.view) this.engine?.pause(); // a handed-over engine must not play on without controls
      console.warn(err);
    });
  }

  /**
   * Fetch and decode the stems and mount the player. Long MP3 stems are playable from their heads
   * first; when they are decoded whole, the player is mounted again and playback handed over.
   */
  async #build(data) {
    const ctx = audioContext();
    this.useStretch = data.engine !== "playback-rate";
    const entries = data.stems.map((s) => load(ctx, s.url));
    const heads = entries.every((e) => e.done) ? [] : await Promise.all(entries.map((e) => e.head));
    const early = heads.length && heads.every(Boolean);
    const first = early ? heads : await Promise.all(entries.map((e) => e.full));
    this.decodedAt = performance.now();
    await this.#mount(ctx, data, first);
    this.readyMs = performance.now() - this.opened;
    this.readyAt = performance.now();
    if (early) await this.#mount(ctx, data, await Promise.all(entries.map((e) => e.full)));
    this.completeAt = performance.now();
  }

  /** Build the engine and the UI on `buffers`; if a player was playing, hand its playback over seamlessly. */
  async #mount(ctx, data, buffers) {
    const stems = data.stems.map((s, i) => ({ name: s.name, buffer: buffers[i] }));
    if (this.melody) {
      // As long as the stems it plays with (their heads first, then whole): one more stem to the engine.
      const length = Math.max(...buffers.map((b) => b.length));
      if (this.melodyTrack?.length !== length) this.melodyTrack = melodyBuffer(ctx, this.melody, length);
      stems.push({ name: MELODY, buffer: this.melodyTrack });
    }
    const engine = await createEngine(ctx, stems, this.grid, { stretch: this.useStretch });
    this.settings.apply(engine, this.state);
    const keptView = this.view?.kept() ?? this.keptView ?? null; // read before the old waveform goes
    const old = this.engine;
    if (old) {
      engine.pausedAt = old.position;
      if (old.playing) {
        const at = ctx.currentTime + 0.05 + WARM;
        engine.pausedAt = old.positionAt(at);
        old.pause(at - FADE); // a linear crossfade of the same audio: no seam
        engine.play(at, false);
        engine.passes = old.passes;
        setTimeout(() => old.master.disconnect(), 1000 * (at - ctx.currentTime + 0.5));
      } else old.master.disconnect();
      this.#unmount();
    }
    this.stems = stems;
    this.engine = engine;
    this.fallback = engine.fallback;
    this.media = new EngineMedia(engine);
    engine.onSpeed = (speed) => this.set({ speed });
    engine.onEnded = () => this.media.notifyEnded();
    this.root.textContent = "";
    this.controls = mountControls(this);
    const big = mountBigChords(this.music);
    const noteNow = document.createElement("span");
    noteNow.className = "melody-now";
    noteNow.dataset.testid = "jam-melody-now";
    noteNow.title = "The melody's note now, in the key you play in";
    if (this.melody) big.node.append(noteNow);
    const wave = document.createElement("div");
    wave.className = "wave";
    const chart = mountChart(this.music, {
      onSeek: (seconds) => this.seek(seconds),
      onLoop: ({ start, end }) => this.set({ loop_start: start, loop_end: end, loop_on: true }),
    });
    // The phrase now as notation (the tab on request), under the waveform and its piano roll.
    // The tab stays as the musician set it when the player is mounted again (on the whole stems, after their heads).
    const tab = { tab: this.showTab, onTab: (on) => (this.showTab = on) };
    const staff = this.melody ? mountStaff(this.melody, (s) => this.music.keyName(s), tab) : null;
    if (this.mode === "practice") {
      this.root.append(this.controls.transport, this.controls.help, big.node, wave, ...(staff ? [staff.node] : []), chart.node);
      this.root.append(this.controls.mixer, this.controls.practice);
    } else this.root.append(this.controls.transport, this.controls.help, wave, this.controls.mixer);
    let shift = false;
    const trackShift = (e) => (shift = e.shiftKey);
    document.addEventListener("keydown", trackShift);
    document.addEventListener("keyup", trackShift);
    wave.addEventListener("pointerdown", trackShift);
    const view = mountWaveform(wave, {
      media: this.media,
      buffers,
      grid: this.grid,
      music: this.music,
      melody: this.melody,
      onLoop: ({ start, end }) => this.set({ loop_start: start, loop_end: end, loop_on: true }),
      onSeek: (seconds) => this.seek(seconds),
      shiftHeld: () => shift,
      view: keptView,
    });
    this.view = view;
    this.ws = view.ws;
    this.showLoop = view.setLoop;
    this.big = big;
    this.noteNow = noteNow;
    this.staff = staff;
    this.chart = chart;
    this.shownKey = null; // a new view: name its chords
    this.#showKey();
    const unbind = bindKeys(this.root, this);
    this.cleanups = [
      unbind,
      () => document.removeEventListener("keydown", trackShift),
      () => document.removeEventListener("keyup", trackShift),
    ];
    this.#refresh();
    this.timer = setInterval(() => this.#tick(), 25);
  }

  /** Remove the UI and stop the clock tick (the engine is left to the caller). */
  #unmount() {
    clearInterval(this.timer);
    this.ws?.destroy();
    this.cleanups?.forEach((f) => f());
  }

  #tick() {
    this.engine.extend();
    if (this.engine.stretch) this.engine.pump();
    const p = this.engine.position;
    this.controls.showTime(p, this.engine.duration);
    this.big.show(p, this.state.semitones, this.engine.loop);
    this.chart.show(p, this.engine.loop);
    if (this.view.roll) this.#showNote(this.view.roll.show(p));
    this.staff?.show(p, this.lit.index, this.state.semitones);
    // The song time all of the above were shown for, as the Melody page's lane writes it: the clock has moved
    // on by the time anyone reads them, a tick or more on a busy machine.
    this.root.dataset.position = p.toFixed(3);
    if (this.playing !== this.engine.playing) this.#refresh();
  }

  /** The melody's note at index `i` (-1: none) lit, named in the key played. */
  #showNote(i) {
    const s = this.state.semitones;
    if (i === this.lit.index && s === this.lit.semitones) return;
    const note = this.melody.notes[i];
    const pitch = note ? note.pitch + s : null;
    this.lit = { index: i, pitch, semitones: s, name: note ? this.melody.name(note.pitch, s) : "" };
    this.noteNow.textContent = this.lit.name ? `♪ ${this.lit.name}` : "♪ –";
    this.root.dataset.lit = pitch === null ? "" : String(pitch);
  }

  /** Name the chords in the key the player plays in. */
  #showKey() {
    if (this.shownKey === this.state.semitones) return;
    this.shownKey = this.state.semitones;
    this.view.setKey(this.state.semitones);
    this.chart.setKey(this.state.semitones);
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

  /**
   * `[` and `]`: the loop's start (A) or end (B) at `here`. The loop plays once A comes before B;
   * until then the mark waits for the other one.
   */
  markLoop(which, here) {
    const { loop_start: a, loop_end: b } = this.state;
    const [start, end] = which === "start" ? [here, b] : [a, here];
    this.set({ loop_start: start, loop_end: end, loop_on: end > start });
  }

  /** Move the key by `step` semitones, within the player's range. */
  transpose(step) {
    const { min, max } = this.settings.spec.semitones;
    this.set({ semitones: Math.min(max, Math.max(min, this.state.semitones + step)) });
  }

  /** Change settings: applied to the engine at once, reported to Python a moment later. The mixer takes levels, mute and solo only. */
  set(patch) {
    if (this.mode === "mixer") patch = Object.fromEntries(Object.entries(patch).filter(([k]) => MIXER_FIELDS.includes(k)));
    patch = { ...patch, ...this.#withoutBeat() };
    this.state = this.settings.merge(this.names, { ...this.state, ...patch });
    this.settings.apply(this.engine, this.state);
    this.#refresh();
    this.#showKey();
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => this.setStateValue("state", this.state), REPORT_DELAY_MS);
  }

  /** What a song with no steady beat cannot have: a metronome or a count-in (they would click a made-up tempo). */
  #withoutBeat() {
    return this.grid.pulse ? {} : { metronome: false, count_in: false, count_in_every_pass: false };
  }

  /**
   * Remove this player but keep its engine playing, for a player built on the same stems with new data:
   * returns what the new one takes over (the engine, the settings, the tab shown).
   */
  handOver() {
    const view = this.view?.kept() ?? null;
    this.#unmount(); // a report to Python still waiting goes out as planned
    this.root.remove();
    return { engine: this.engine, state: this.state, showTab: this.showTab, view };
  }

  dispose() {
    clearTimeout(this.reportTimer);
    this.engine?.pause();
    this.#unmount();
    this.root.remove();
  }
}

/** What the player is built from; settings in `data.state` only seed a new player. */
const song = ({ stems, grid, chords, names, bars, sections, keys, engine, mode, melody }) =>
  JSON.stringify([stems, grid, chords, names, bars, sections, keys, engine, mode, melody]);

/** What the engine plays: new data with the same stems hands the playing engine over, not a stop. */
const sound = ({ stems, engine, mode }) => JSON.stringify([stems, engine, mode]);

/** How many stems this page has fetched: each URL once, whatever the reruns. */
export const stemsFetched = () => loaded.size;

/** The player mounted in `parentElement`, if any. */
export const playerIn = (parentElement) => players.get(parentElement);

export default function mount({ data, parentElement, setStateValue }) {
  let player = players.get(parentElement);
  let from = null;
  if (player && player.song !== song(data)) {
    // The same stems with new data (the melody's notes, a new analysis): the music plays on where it was.
    if (player.sound === sound(data) && player.engine) from = player.handOver();
    else player.dispose(); // another song in the same place
    player = null;
  }
  if (!player) {
    player = new Player(parentElement, data, setStateValue, from);
    players.set(parentElement, player);
  }
  return () => {
    players.delete(parentElement);
    player.dispose();
  };
}
