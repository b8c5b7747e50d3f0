// The song on screen: waveform, playhead, click-to-seek (wavesurfer.js), a timeline, bar
// numbers and a beat grid, the melody's piano roll over the waveform, chord and section lanes,
// the loop region, and zoom down to a few bars (the wheel over the waveform, a pinch, or the buttons).
//
// The grid and the lanes live inside wavesurfer's scrolling wrapper, so they zoom and scroll
// with it; a label that does not fit its span is left out (its name stays in the tooltip)
// rather than overlapping its neighbours, and comes back when zoomed in. A label keeps to the
// view's left edge while its span goes on past it: zoomed in to a few bars of a verse that began
// off-screen, the section lane read nothing (the name sat at the verse's start, out of view).

import WaveSurfer from "wavesurfer.js";
import RegionsPlugin from "wavesurfer.js/dist/plugins/regions.esm.js";
import TimelinePlugin from "wavesurfer.js/dist/plugins/timeline.esm.js";
import { ROLL_CSS, mountRoll } from "./melody.js";

/** Peaks per second of the song: enough for a few bars across the screen. */
const PEAKS_PER_SECOND = 100;
const HEIGHT = 96;
/** The closest zoom shows this many bars across the waveform. */
const FEWEST_BARS = 2;
/** Bar numbers at least this far apart (px). */
const BAR_NUMBER_PX = 28;
const REGION_COLOR = "rgba(255, 170, 0, 0.25)";

/** Peak envelope of the sum of the stems, `n` points. */
function mixPeaks(buffers, n) {
  const length = Math.max(...buffers.map((b) => b.length));
  const step = length / n;
  const peaks = new Float32Array(n);
  for (const b of buffers) {
    const data = b.getChannelData(0);
    for (let i = 0; i < n; i++) {
      let peak = 0;
      const stop = Math.min(data.length, Math.floor((i + 1) * step));
      for (let j = Math.floor(i * step); j < stop; j += 4) peak = Math.max(peak, Math.abs(data[j]));
      peaks[i] += peak;
    }
  }
  const top = Math.max(1e-9, ...peaks);
  return [Array.from(peaks, (p) => p / top)];
}

/* Inside wavesurfer's shadow root the page's stylesheet does not reach: the lanes bring their own. */
const LANE_CSS = `
  .jam-grid { position: absolute; left: 0; top: 0; width: 100%; height: ${HEIGHT}px; pointer-events: none; z-index: 4; }
  .jam-grid i { position: absolute; top: 0; bottom: 0; width: 1px; background: var(--jam-grid-beat); }
  .jam-grid i.bar { background: var(--jam-grid-bar); }
  .jam-lanes { position: relative; z-index: 6; font-family: var(--st-font, sans-serif); font-size: 12px;
    color: var(--st-text-color, #222); background: var(--st-background-color, transparent); }
  .jam-lane { position: relative; height: 18px; }
  .jam-lane span { position: absolute; top: 0; bottom: 0; box-sizing: border-box; white-space: nowrap;
    overflow: clip; border-left: 1px solid var(--jam-grid-bar); padding: 1px 0 0 2px; cursor: pointer; }
  /* sticky to wavesurfer's scroller: "clip" above, unlike "hidden", makes the span no scroller of its own */
  .jam-lane span em { position: sticky; left: 2px; font-style: normal; }
  .jam-lane.chords span { font-weight: 600; }
  .jam-lane.sections { height: 20px; }
  .jam-lane.sections span { background: var(--jam-section-bg); border-radius: 3px; }
  .jam-lane.sections span:hover { background: var(--jam-section-hover); }
`;

function lane(className) {
  const row = document.createElement("div");
  row.className = `jam-lane ${className}`;
  return row;
}

/** Set the label of a lane's span: its text, in the element that keeps to the view's edge. */
function name(span, text) {
  if (!span.firstChild) span.append(document.createElement("em"));
  span.firstChild.textContent = text;
}

/** Fill `row` with a span per item, placed in percent of the song; `act(item)` on click. */
function fill(row, items, duration, { label, title = label, act }) {
  row.replaceChildren();
  return items.map((item) => {
    const span = document.createElement("span");
    span.style.left = `${(100 * item.start) / duration}%`;
    if (item.end !== undefined) span.style.width = `${(100 * (item.end - item.start)) / duration}%`;
    name(span, label(item));
    span.title = title(item);
    // Neither a seek of wavesurfer's own nor a loop dragged from here: the lanes act themselves.
    span.addEventListener("pointerdown", (e) => e.stopPropagation());
    span.addEventListener("click", (e) => {
      e.stopPropagation();
      act(item);
    });
    row.appendChild(span);
    return span;
  });
}

/** Label the spans, emptying those wider than their span (each keeps its tooltip). Reads layout once, after the writes. */
function fit(spans, labels, titles = labels) {
  spans.forEach((span, i) => {
    name(span, labels[i]);
    span.title = titles[i];
  });
  const wide = spans.map((span) => span.scrollWidth > span.clientWidth + 0.5);
  spans.forEach((span, i) => {
    if (wide[i]) name(span, "");
  });
}

/**
 * Mount the waveform in `parent`. `media` is the engine's EngineMedia; `music` the chords, bars and
 * sections (chords.js's Music); `onLoop(region)` is called with the snapped loop when the musician
 * drags or resizes it, or clicks a section; `onSeek(seconds)` when a chord or a bar number is clicked;
 * `melody` (melody.js's Melody, optional) the notes drawn as a piano roll over the waveform.
 * `view` ({pxPerSecond, start}, from an earlier waveform's kept()): the zoom and scroll to open at.
 * Returns {ws, roll (null without notes), setLoop, setKey, zoomBy, zoom, kept, visibleSeconds}.
 */
/**
 * A timeline label as the player's clock reads: "0:30", "1:00", "1:10" (wavesurfer's own read "30", "60", "1:10"),
 * with the fraction of a second when zoomed in past whole seconds ("0:05.5").
 */
export function timeLabel(seconds) {
  const t = Math.round(seconds * 100) / 100;
  const m = Math.floor(t / 60);
  const s = Math.round((t - 60 * m) * 100) / 100;
  return `${m}:${s < 10 ? "0" : ""}${s}`;
}

export function mountWaveform(parent, { media, buffers, grid, music, melody, onLoop, onSeek, shiftHeld, view = null }) {
  const duration = media.duration;
  const regions = RegionsPlugin.create();
  // The canvas takes colours, not CSS variables: the theme's primary colour as the page resolves it.
  const primary = getComputedStyle(parent).getPropertyValue("--jam-primary").trim() || "#ff4b4b";
  const ws = WaveSurfer.create({
    container: parent,
    media,
    peaks: mixPeaks(buffers, Math.max(2000, Math.round(duration * PEAKS_PER_SECOND))),
    duration,
    height: HEIGHT,
    waveColor: "#8a9bb0",
    progressColor: "#5f7691",
    cursorColor: primary,
    cursorWidth: 2,
    autoScroll: true,
    autoCenter: true,
    plugins: [regions, TimelinePlugin.create({ height: 18, formatTimeCallback: timeLabel })],
  });
  const wrapper = ws.getWrapper();
  const style = document.createElement("style");
  style.textContent = LANE_CSS + ROLL_CSS;
  wrapper.getRootNode().appendChild(style);

  const overlay = document.createElement("div");
  overlay.className = "jam-grid";
  grid.beats.forEach((b) => {
    const line = document.createElement("i");
    line.className = grid.isDownbeat(b) ? "bar" : "beat";
    line.style.left = `${(100 * b) / duration}%`;
    overlay.appendChild(line);
  });
  wrapper.appendChild(overlay);
  const roll = melody?.notes.length ? mountRoll(wrapper, melody, duration, HEIGHT) : null;

  const lanes = document.createElement("div");
  lanes.className = "jam-lanes";
  const barRow = lane("bars");
  const chordRow = lane("chords");
  const sectionRow = lane("sections");
  lanes.append(barRow);
  if (music.chords.length) lanes.append(chordRow);
  if (music.sections.length) lanes.append(sectionRow);
  wrapper.appendChild(lanes);

  const chordSpans = fill(chordRow, music.chords, duration, {
    label: (c) => c.labels[music.slot(0)],
    act: (c) => onSeek(c.start),
  });
  const sectionSpans = fill(sectionRow, music.sections, duration, {
    label: (s) => s.label,
    title: (s) => `Loop ${s.label}`,
    act: ({ start, end }) => onLoop({ start, end }),
  });
  let semitones = 0;
  let level = 0; // zoom: 2 ** level times the whole song across the width
  let barNumbersEvery = 0;
  let barSpans = [];
  let barLabels = [];

  const pxPerSecond = () => wrapper.clientWidth / duration;
  const barSeconds = () => (grid.downbeats.length > 1 ? grid.period(duration / 2) * grid.beatsPerBar : 2);
  const maxLevel = () => Math.max(0, Math.log2(duration / (FEWEST_BARS * barSeconds())));

  /** Bar numbers every 1, 2, 4... bars, as the zoom leaves room for. */
  function drawBars() {
    const barPx = barSeconds() * pxPerSecond();
    const every = [1, 2, 4, 8, 16, 32, 64].find((k) => k * barPx >= BAR_NUMBER_PX) || 128;
    if (every === barNumbersEvery) return;
    barNumbersEvery = every;
    // Each number spans the bars up to the next one, so it has their room.
    const numbered = [];
    for (let i = 0; i < music.bars.length; i += every) {
      numbered.push({ start: music.bars[i].start, end: music.bars[Math.min(i + every, music.bars.length) - 1].end, n: i + 1 });
    }
    barSpans = fill(barRow, numbered, duration, {
      label: (b) => String(b.n),
      title: (b) => `Bar ${b.n}`,
      act: (b) => onSeek(b.start),
    });
    barLabels = numbered.map((b) => String(b.n));
  }

  function relabel() {
    drawBars();
    fit(barSpans, barLabels, barLabels.map((n) => `Bar ${n}`));
    const k = music.slot(semitones);
    fit(
      chordSpans,
      music.chords.map((c) => c.labels[k]),
    );
    fit(
      sectionSpans,
      music.sections.map((s) => s.label),
      music.sections.map((s) => `Loop ${s.label}`),
    );
  }

  /** Zoom to `to` (0: the whole song; each step doubles), clamped to the closest (a few bars). */
  function zoom(to) {
    level = Math.min(maxLevel(), Math.max(0, to));
    ws.zoom(level > 0.01 ? (parent.clientWidth / duration) * 2 ** level : 0);
    relabel();
  }

  // The wheel (or a trackpad's pinch, which comes as a wheel with ctrlKey) over the waveform zooms;
  // a sideways swipe scrolls as usual.
  let pending = 0;
  parent.addEventListener(
    "wheel",
    (e) => {
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) return;
      e.preventDefault();
      pending += -e.deltaY * (e.deltaMode === 1 ? 33 : 1) * (e.ctrlKey ? 0.01 : 0.004);
      requestAnimationFrame(() => {
        if (!pending) return;
        const by = pending;
        pending = 0;
        zoom(level + by);
      });
    },
    { passive: false },
  );
  // Two fingers on a touch screen: their spread zooms.
  const touches = new Map();
  let spread = 0;
  parent.style.touchAction = "pan-x";
  parent.addEventListener("pointerdown", (e) => e.pointerType === "touch" && touches.set(e.pointerId, e));
  parent.addEventListener("pointermove", (e) => {
    if (!touches.has(e.pointerId)) return;
    touches.set(e.pointerId, e);
    if (touches.size !== 2) return;
    const [a, b] = [...touches.values()];
    const d = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
    if (spread) zoom(level + Math.log2(d / spread));
    spread = d;
  });
  const lift = (e) => {
    touches.delete(e.pointerId);
    spread = 0;
  };
  parent.addEventListener("pointerup", lift);
  parent.addEventListener("pointercancel", lift);
  ws.on("redraw", relabel);
  ws.on("redrawcomplete", relabel);

  let region = null;
  let snapping = false;
  regions.enableDragSelection({ color: REGION_COLOR });
  const report = (r) => {
    if (snapping) return;
    const bars = shiftHeld();
    let start = grid.snap(r.start, bars);
    let end = grid.snap(r.end, bars);
    if (end <= start) end = grid.snap(r.end + grid.period(r.end) * (bars ? grid.beatsPerBar : 1), bars);
    if (end <= start) [start, end] = [r.start, r.end];
    snapping = true;
    r.setOptions({ start, end });
    snapping = false;
    onLoop({ start, end });
  };
  // A dragged region is created when the drag ends; moving or resizing it updates it.
  regions.on("region-created", (r) => {
    if (region && region !== r) region.remove();
    region = r;
    report(r);
  });
  regions.on("region-updated", report);

  /** Show `loop` ({start, end}) as the region, or remove it (null). */
  const setLoop = (loop) => {
    if (!loop) {
      region?.remove();
      region = null;
      return;
    }
    snapping = true;
    if (region) region.setOptions(loop);
    else region = regions.addRegion({ ...loop, color: REGION_COLOR });
    snapping = false;
  };
  relabel();
  // A player built again around the same music (the melody's notes arriving, the stems decoded whole) opens
  // where the musician had zoomed and scrolled: the waveform went back to the whole song.
  if (view?.pxPerSecond) {
    ws.once("ready", () => {
      zoom(Math.log2((view.pxPerSecond * duration) / parent.clientWidth));
      ws.setScrollTime(view.start);
    });
  }
  return {
    ws,
    roll,
    /** The zoom (px per second, 0: the whole song) and the time at the left edge now, for the waveform
     * that takes this one's place (of the same song, perhaps longer: a long MP3's head first). */
    kept: () => ({
      pxPerSecond: level > 0.01 ? pxPerSecond() : 0,
      start: (ws.getScroll() / Math.max(1, wrapper.clientWidth)) * duration,
    }),
    setLoop,
    /** Name the chords, and move the melody's notes, to the key `semitones` away. */
    setKey(to) {
      semitones = to;
      roll?.setKey(to);
      relabel();
    },
    zoomBy: (steps) => zoom(level + steps),
    zoom,
    /** Seconds of the song across the visible waveform. */
    visibleSeconds: () => parent.clientWidth / pxPerSecond(),
  };
}
