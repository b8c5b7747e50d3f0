// The practice player with the browser tests' hooks: built to ui/player_frontend/player-test-hooks.js
// and served only when the app runs for tests (JAMWITHME_PLAYER_TEST_HOOKS=1); the shipped
// player.js carries none of this.
//
// window.__jamPlayer is what the tests read: the live player (its engine, gain nodes, state),
// how many stems were fetched, and on the player renderOffline (the same engine rendered in an
// OfflineAudioContext) and recordLive (what the live graph plays, through an AudioWorklet tap).

import { SEND_AHEAD, WARM, createEngine } from "./engine.js";
import mount, { Player, SAMPLE_RATE, playerIn, stemsFetched } from "./index.js";

/** What the browser tests read (window.__jamPlayer): the live player and the stems fetched. */
const hooks = {
  player: null,
  get fetches() {
    return stemsFetched();
  },
};
window.__jamPlayer = hooks;

/** A worklet that posts every block it hears with its context time: recordLive's tap, exact to the sample. */
const TAP_URL = URL.createObjectURL(
  new Blob(
    [
      `registerProcessor("jamwithme-tap", class extends AudioWorkletProcessor {
        process([input]) { if (input.length) this.port.postMessage([currentTime, input.map((c) => c.slice())]); return true; }
      });`,
    ],
    { type: "text/javascript" },
  ),
);
const tapReady = new WeakMap(); // context -> Promise of the tap module

function encodeFloats(data) {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * For an OfflineAudioContext: send the engine's planned stretch changes at their times by
 * suspending the rendering just before each. Call after planning, before startRendering().
 */
async function prepareOffline(engine) {
  const ctx = engine.ctx;
  const quantum = 128 / ctx.sampleRate;
  if (!engine.stretch) return;
  const due = engine.queue.splice(0);
  const byTime = new Map();
  const end = ctx.length / ctx.sampleRate;
  for (const change of due) {
    const at = Math.floor((change.output - SEND_AHEAD / 2) / quantum) * quantum;
    if (at >= end) continue;
    if (at <= 0) await engine.stretch.schedule(change);
    else byTime.set(at, change);
  }
  for (const [at, change] of byTime) {
    ctx.suspend(at).then(async () => {
      await engine.stretch.schedule(change);
      await ctx.resume();
    });
  }
  // The changes the engine sent while planning (play() sends the stretcher's start at once) are
  // messages not yet answered: an offline context renders faster than real time, so one that
  // reached the worklet after startRendering() left the stretcher off for the whole render (all
  // zeros at +2 st, once in CI). The port keeps order: one answered round trip means all arrived.
  await engine.stretch.latency();
}

/**
 * Render `seconds` of what the player would play from song time `from` with `settings`
 * (the player's own by default) in an OfflineAudioContext, through the same engine;
 * `changes` ([{at, settings}]) are applied while it plays, at context time `at`.
 * Returns {sampleRate, channels: [base64 float32, ...], speed} for the tests.
 */
Player.prototype.renderOffline = async function renderOffline({ from = 0, seconds, settings = {}, changes = [] }) {
  // Rendered from WARM on and trimmed, so the stretch path starts warm, as it does live.
  const off = new OfflineAudioContext(2, Math.round((seconds + WARM) * SAMPLE_RATE), SAMPLE_RATE);
  const engine = await createEngine(off, this.stems, this.grid, { stretch: this.useStretch });
  const state = this.settings.merge(this.names, { ...this.state, ...settings });
  this.settings.apply(engine, state);
  engine.pausedAt = from;
  engine.play(WARM);
  engine.extend(seconds + WARM);
  await prepareOffline(engine);
  for (const { at, settings: patch } of changes) {
    // A live change, as the controls make it, at context time `at`.
    off.suspend(at + WARM).then(() => {
      this.settings.apply(engine, this.settings.merge(this.names, { ...state, ...patch }));
      return off.resume();
    });
  }
  const out = await off.startRendering();
  return {
    sampleRate: out.sampleRate,
    channels: [0, 1].map((c) => encodeFloats(out.getChannelData(c).subarray(Math.round(WARM * SAMPLE_RATE)))),
    speed: engine.speed, // where the speed trainer got to
  };
};

/**
 * Record `seconds` of what the live engine plays, from now (the stretch worklet takes its changes
 * just in time while playing, which an OfflineAudioContext cannot show).
 * Returns {start (context time of the first sample), sampleRate, channels: [base64 float32, ...]}.
 */
Player.prototype.recordLive = async function recordLive(seconds) {
  const ctx = this.engine.ctx;
  if (!tapReady.has(ctx)) tapReady.set(ctx, ctx.audioWorklet.addModule(TAP_URL));
  await tapReady.get(ctx);
  const tap = new AudioWorkletNode(ctx, "jamwithme-tap", { numberOfOutputs: 0 });
  const blocks = [];
  tap.port.onmessage = (e) => blocks.push(e.data);
  this.engine.master.connect(tap);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  this.engine.master.disconnect(tap);
  tap.port.onmessage = null;
  const join = (c) => {
    const out = new Float32Array(blocks.reduce((n, [, chans]) => n + chans[c].length, 0));
    blocks.reduce((at, [, chans]) => (out.set(chans[c], at), at + chans[c].length), 0);
    return out;
  };
  return { start: blocks[0][0], sampleRate: ctx.sampleRate, channels: [0, 1].map((c) => encodeFloats(join(c))) };
};

/** The player's own mount, then the player in this element made the one the tests read. */
export default function mountWithHooks(args) {
  const cleanup = mount(args);
  hooks.player = playerIn(args.parentElement);
  return cleanup;
}
