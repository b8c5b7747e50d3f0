// JamWithMe's melody lane: a piano roll over the vocal's waveform, the current phrase as a staff
// (and a tab on request) with the note now lit, and a "melody" track synthesised from the notes,
// each track with its level, mute and solo. A Streamlit components.v2 component, built from here
// into ui/melody_frontend/melody.js by `make frontend` (build.mjs), with the staff the Practice
// player draws (notation.js) and its "melody" voice (melody.js, the one the export renders too).
//
// Streamlit calls the default export on mount and on every rerun that changes its data. The
// stems are fetched and decoded once per URL; a new key (other notes, stems in another key) keeps
// the playing position. Python has already moved the notes, their spelling and their tab to the
// key the musician plays in: this file draws and plays what it is given.

import { melodyBuffer } from "./melody.js";
import { mountStaff, phraseAt } from "./notation.js";
import { mmss } from "./text.js";

const SAMPLE_RATE = 44100;
const decoded = new Map(); // url -> Promise<AudioBuffer>
const lanes = new WeakMap(); // parent element -> lane
let context = null;


function audioContext() {
  if (!context) context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: "interactive" });
  return context;
}

function load(ctx, url) {
  if (!decoded.has(url)) {
    decoded.set(
      url,
      fetch(url)
        .then((r) => {
          if (!r.ok) throw new Error(`could not fetch ${url}: HTTP ${r.status}`);
          return r.arrayBuffer();
        })
        .then((b) => ctx.decodeAudioData(b)),
    );
  }
  return decoded.get(url);
}

/** The roll's colours from the player's theme variables (player.css), as the canvas takes them: resolved. */
function themed(root) {
  const resolve = (name, fallback) => {
    const probe = document.createElement("i");
    probe.style.color = `var(${name}, ${fallback})`;
    root.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    // a color-mix() resolves to "color(srgb r g b [/ a])", which not every canvas takes: as rgba()
    const srgb = color.match(/^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/);
    if (!srgb) return color;
    const [r, g, b] = srgb.slice(1, 4).map((v) => Math.round(255 * Number(v)));
    return `rgba(${r}, ${g}, ${b}, ${srgb[4] ?? 1})`;
  };
  return { note: resolve("--jam-roll-note", "#3a6ea5"), lit: resolve("--jam-roll-lit", "#e4572e"), line: resolve("--jam-text", "#31333f") };
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const c of children) node.append(c);
  return node;
}

/** The roll's zoom steps, seconds across it: "+" goes a step closer, "−" a step out (the player's steps double too). */
const ZOOMS = [32, 16, 8, 4, 2];
/** Note names smaller than this (px) are not drawn: rows too low to read them in. */
const MIN_LABEL_PX = 7;

class Lane {
  constructor(parent, data) {
    this.root = el("div", { className: "jam-player jam-melody" }); // the practice player's look (lane.css)
    parent.appendChild(this.root);
    this.tracks = new Map(); // name -> {gain, level, mute, solo, buffer}
    this.sources = [];
    this.playing = false;
    this.offset = 0; // song seconds at startedAt
    this.startedAt = 0;
    this.zoom = 8; // seconds across the roll
    this.lit = null;
    this.litIndex = -1;
    this.data = data; // the staff reads its strings as it is made
    this.#controls();
    this.update(data);
    this.raf = requestAnimationFrame(() => this.#frame());
  }

  /** New data from Python: notes (in the played key), stems, phrases. Playback goes on where it is. */
  update(data) {
    this.data = data;
    this.notes = data.notes;
    this.duration = data.duration;
    this.semitones = data.semitones;
    this.root.dataset.semitones = String(data.semitones);
    this.staff.refresh(); // other notes, or the same moved to another key
    const ctx = audioContext();
    const names = ["melody", ...data.stems.map((s) => s.name)];
    for (const name of names) if (!this.tracks.has(name)) this.#track(ctx, name);
    this.ready = Promise.all(
      data.stems.map(async (s) => {
        const buffer = await load(ctx, s.url);
        const track = this.tracks.get(s.name);
        if (track.url !== s.url) {
          track.url = s.url;
          track.buffer = buffer;
          if (s.name === data.waveform) this.peaks = peaks(buffer, 4000);
          if (this.playing) this.#restart();
        }
      }),
    ).then(() => {
      this.readyAt = performance.now();
      this.status.textContent = "";
    });
    this.ready.catch((err) => {
      this.status.textContent = `The stems could not be loaded: ${err.message || err}`;
      console.warn(err);
    });
    // The melody track: the Practice player's voice (melody.js), synthesised from the notes in the key played.
    const voice = this.tracks.get("melody");
    const line = JSON.stringify(data.notes.map((n) => [n.start, n.end, n.pitch, n.velocity]));
    if (voice.line !== line) {
      voice.line = line;
      voice.buffer = melodyBuffer(ctx, { notes: data.notes }, Math.round(data.duration * ctx.sampleRate));
      if (this.playing) this.#restart();
    }
    this.#mix();
  }

  #track(ctx, name) {
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    const track = { gain, level: name === "melody" ? 0.8 : 1, mute: false, solo: false, buffer: null, url: null };
    this.tracks.set(name, track);
    const level = el("input", { type: "range", min: 0, max: 1.5, step: 0.05, value: track.level, title: `${name} level` });
    level.dataset.track = name;
    level.oninput = () => {
      track.level = Number(level.value);
      this.#mix();
    };
    const mute = el("button", { textContent: "M", title: `mute ${name}`, className: "toggle" });
    mute.dataset.mute = name;
    mute.onclick = () => {
      track.mute = !track.mute;
      mute.classList.toggle("on", track.mute);
      this.#mix();
    };
    const solo = el("button", { textContent: "S", title: `solo ${name}`, className: "toggle" });
    solo.dataset.solo = name;
    solo.onclick = () => {
      track.solo = !track.solo;
      solo.classList.toggle("on", track.solo);
      this.#mix();
    };
    // as the practice player's stems: name, level, M and S (player.css's .stem and .slider)
    const strip = el("label", { className: "slider" }, el("span", { className: "name", textContent: name }), level);
    this.mixer.append(el("div", { className: "stem" }, strip, mute, solo));
  }

  #mix() {
    const soloed = [...this.tracks.values()].some((t) => t.solo);
    for (const t of this.tracks.values()) {
      const on = !t.mute && (!soloed || t.solo);
      t.gain.gain.setTargetAtTime(on ? t.level : 0, audioContext().currentTime, 0.01);
    }
  }

  /** Set a track's level, mute or solo as its controls do (the tests use it). */
  set(name, { level, mute, solo } = {}) {
    const t = this.tracks.get(name);
    if (level !== undefined) t.level = level;
    if (mute !== undefined) t.mute = mute;
    if (solo !== undefined) t.solo = solo;
    this.root.querySelector(`[data-mute="${name}"]`)?.classList.toggle("on", t.mute);
    this.root.querySelector(`[data-solo="${name}"]`)?.classList.toggle("on", t.solo);
    this.#mix();
  }

  #controls() {
    // words, as the Practice player's button: "⏸" is in no font Debian's Chromium has (a box showed)
    this.play = el("button", { textContent: "Play", className: "play" });
    this.play.onclick = () => this.playPause();
    this.time = el("span", { className: "time" });
    // Zoom as the Practice player's waveform zooms: "−" shows more of the song, "+" less. A slider of seconds
    // shown stood here, whose right end was the farthest view: beside the player's "+" (closer), backwards.
    const shown = el("output", { className: "zoom-seconds" });
    const zoomOut = el("button", { className: "icon", title: "Zoom out: more of the song", textContent: "−" });
    const zoomIn = el("button", { className: "icon", title: "Zoom in: closer to the notes", textContent: "+" });
    zoomOut.dataset.testid = "jam-zoom-out";
    zoomIn.dataset.testid = "jam-zoom-in";
    this.zoomBy = (steps) => {
      const at = ZOOMS.indexOf(this.zoom) + steps;
      this.zoom = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, at))];
      shown.textContent = `${this.zoom} s`;
      zoomOut.disabled = this.zoom === ZOOMS[0];
      zoomIn.disabled = this.zoom === ZOOMS[ZOOMS.length - 1];
    };
    zoomOut.onclick = () => this.zoomBy(-1);
    zoomIn.onclick = () => this.zoomBy(1);
    this.zoomBy(0);
    this.status = el("span", { className: "status", textContent: "Loading the stems…" });
    this.mixer = el("div", { className: "mixer" });
    this.roll = el("canvas", { className: "roll", height: 220 });
    this.staff = mountStaff(this.#line(), () => this.data.key_name);
    this.roll.onclick = (e) => {
      const r = this.roll.getBoundingClientRect();
      this.seek(this.#rollStart() + ((e.clientX - r.left) / r.width) * this.zoom);
    };
    this.root.append(
      el("div", { className: "bar" }, this.play, this.time, el("span", { className: "group", title: "Zoom the notes" }, el("span", { className: "name", textContent: "Zoom" }), zoomOut, zoomIn, shown), this.status),
      this.mixer,
      this.roll,
      this.staff.node,
    );
  }

  get position() {
    if (!this.playing) return this.offset;
    return Math.min(this.duration, this.offset + audioContext().currentTime - this.startedAt);
  }

  playPause() {
    if (this.playing) {
      this.offset = this.position;
      this.#stopSources();
      this.playing = false;
    } else {
      if (this.offset >= this.duration - 0.05) this.offset = 0;
      // from the paused offset: playing first made #restart read the position from the last start's
      // clock, and a Play after a pause skipped ahead by the time since (paused at 0:30, went on at 0:41)
      this.#restart();
      this.playing = true;
    }
    this.play.textContent = this.playing ? "Pause" : "Play";
  }

  seek(seconds) {
    this.offset = Math.max(0, Math.min(this.duration, seconds));
    if (this.playing) this.#restart();
  }

  #restart() {
    const ctx = audioContext();
    if (ctx.state === "suspended") ctx.resume();
    const at = this.position;
    this.#stopSources();
    this.offset = at;
    this.startedAt = ctx.currentTime + 0.05;
    for (const t of this.tracks.values()) {
      if (!t.buffer) continue;
      const src = ctx.createBufferSource();
      src.buffer = t.buffer;
      src.connect(t.gain);
      src.start(this.startedAt, Math.min(at, t.buffer.duration));
      this.sources.push(src);
    }
  }

  #stopSources() {
    for (const s of this.sources) {
      try {
        s.stop();
      } catch {
        /* never started */
      }
    }
    this.sources = [];
  }

  #rollStart() {
    return Math.max(0, this.position - this.zoom / 4);
  }

  #frame() {
    this.raf = requestAnimationFrame(() => this.#frame());
    const t = this.position;
    if (this.playing && t >= this.duration - 1e-3) this.playPause();
    const i = this.notes.findIndex((n) => n.start <= t && t < n.end);
    this.litIndex = i;
    this.lit = i >= 0 ? this.notes[i].pitch : null;
    this.root.dataset.lit = this.lit === null ? "" : String(this.lit);
    this.root.dataset.position = t.toFixed(3);
    this.time.textContent = `${mmss(t)} / ${mmss(this.duration)}`;
    this.#drawRoll(t);
    this.staff.show(t, this.litIndex, this.semitones);
    this.root.dataset.phrase = this.staff.node.dataset.phrase;
  }

  #drawRoll(t) {
    const c = this.roll;
    // the theme's colours, as the player's roll: read once the lane is in the page
    this.colors ??= c.isConnected ? themed(this.root) : null;
    const { note, lit, line } = this.colors ?? { note: "#3a6ea5", lit: "#e4572e", line: "rgba(0,0,0,0.35)" };
    const w = (c.width = c.clientWidth || 800);
    const h = c.height;
    const g = c.getContext("2d");
    g.clearRect(0, 0, w, h);
    const start = this.#rollStart();
    const x = (s) => ((s - start) / this.zoom) * w;
    if (this.peaks) {
      g.fillStyle = "rgba(120,120,140,0.25)";
      const n = this.peaks.length;
      for (let px = 0; px < w; px += 2) {
        const s = start + (px / w) * this.zoom;
        const v = this.peaks[Math.min(n - 1, Math.floor((s / this.duration) * n))] || 0;
        g.fillRect(px, h / 2 - (v * h) / 2, 2, v * h);
      }
    }
    for (const b of this.data.beats) {
      if (b < start || b > start + this.zoom) continue;
      g.fillStyle = line;
      g.globalAlpha = this.data.downbeats.includes(b) ? 0.4 : 0.12;
      g.fillRect(x(b), 0, 1, h);
      g.globalAlpha = 1;
    }
    const [low, high] = this.data.range || [60, 72];
    const rows = high - low + 3;
    const y = (p) => h - ((p - low + 1.5) / rows) * h;
    const row = h / rows;
    // A note's name only where it fits inside its bar (as the player's lanes leave out a label wider than its
    // span): a fixed 22 px let "F#4" (23 px in Debian's sans) run into the next short note's name. Rows lower
    // than the text leave the names out too: a chord's notes, a row apart, wrote over each other.
    const size = Math.min(10, Math.floor(row) - 1);
    g.font = `${size}px sans-serif`;
    this.labels = [];
    for (let i = 0; i < this.notes.length; i++) {
      const n = this.notes[i];
      if (n.end < start || n.start > start + this.zoom) continue;
      g.fillStyle = i === this.litIndex ? lit : note;
      const [left, width] = [x(n.start), Math.max(2, x(n.end) - x(n.start))];
      g.fillRect(left, y(n.pitch) - row / 2, width, Math.max(3, row - 1));
      const text = size >= MIN_LABEL_PX ? g.measureText(n.name).width : Infinity;
      if (left >= 0 && text + 4 <= width) {
        g.fillStyle = "#fff";
        g.fillText(n.name, left + 2, y(n.pitch) + size * 0.3);
        const [top, bottom] = [y(n.pitch) - size / 2, y(n.pitch) + size / 2];
        this.labels.push({ index: i, name: n.name, left: left + 2, right: left + 2 + text, top, bottom, end: left + width });
      }
    }
    g.fillStyle = lit;
    g.fillRect(x(t), 0, 2, h);
  }

  /** The notes as the staff reads them (notation.js): already moved, spelt and fingered by Python. */
  #line() {
    const lane = this;
    return {
      get notes() {
        return lane.notes;
      },
      get phrases() {
        return lane.data.phrases;
      },
      get strings() {
        return lane.data.strings;
      },
      // the grid, for the staff's bar lines and note values (empty without a steady beat: heads alone)
      get beats() {
        return lane.data.beats || [];
      },
      get downbeats() {
        return lane.data.downbeats || [];
      },
      get subdivision() {
        return lane.data.subdivision || 2;
      },
      phraseAt(p) {
        return phraseAt(lane.data.phrases, p);
      },
      spelling(i) {
        const n = lane.notes[i];
        return { pitch: n.pitch, name: n.name, step: n.step, mark: n.accidental };
      },
      tab(i) {
        return lane.notes[i].tab?.length === 2 ? lane.notes[i].tab : null;
      },
      clef() {
        return lane.data.clef;
      },
    };
  }

  dispose() {
    cancelAnimationFrame(this.raf);
    this.#stopSources();
    for (const t of this.tracks.values()) t.gain.disconnect();
    this.root.remove();
  }
}

/** The largest absolute sample in each of `n` slices of the buffer's first channel, scaled to 1. */
function peaks(buffer, n) {
  const data = buffer.getChannelData(0);
  const size = Math.max(1, Math.floor(data.length / n));
  const out = new Float32Array(n);
  let top = 1e-9;
  for (let i = 0; i < n; i++) {
    let m = 0;
    const end = Math.min(data.length, (i + 1) * size);
    for (let j = i * size; j < end; j += 4) m = Math.max(m, Math.abs(data[j]));
    out[i] = m;
    top = Math.max(top, m);
  }
  return out.map((v) => v / top);
}

/** The lane mounted in `parentElement`, if any (what the browser tests' hooks read: lane-testing.js). */
export function laneIn(parentElement) {
  return lanes.get(parentElement) ?? null;
}

export default function mount({ data, parentElement }) {
  let lane = lanes.get(parentElement);
  if (lane && lane.data.song !== data.song) {
    lane.dispose();
    lane = null;
  }
  if (!lane) {
    lane = new Lane(parentElement, data);
    lanes.set(parentElement, lane);
  } else {
    lane.update(data);
  }
  return () => {
    lanes.delete(parentElement);
    lane.dispose();
  };
}
