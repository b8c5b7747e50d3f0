// The song on screen: waveform, playhead, click-to-seek (wavesurfer.js), a timeline,
// bar numbers and a beat grid, chord and section lanes, and the loop region.

import WaveSurfer from "wavesurfer.js";
import RegionsPlugin from "wavesurfer.js/dist/plugins/regions.esm.js";
import TimelinePlugin from "wavesurfer.js/dist/plugins/timeline.esm.js";

const PEAKS = 2000;

/** Peak envelope of the sum of the stems, PEAKS points. */
function mixPeaks(buffers) {
  const length = Math.max(...buffers.map((b) => b.length));
  const step = length / PEAKS;
  const peaks = new Float32Array(PEAKS);
  for (const b of buffers) {
    const data = b.getChannelData(0);
    for (let i = 0; i < PEAKS; i++) {
      let peak = 0;
      for (let j = Math.floor(i * step); j < Math.min(data.length, Math.floor((i + 1) * step)); j += 4) {
        peak = Math.max(peak, Math.abs(data[j]));
      }
      peaks[i] += peak;
    }
  }
  const top = Math.max(1e-9, ...peaks);
  return [Array.from(peaks, (p) => p / top)];
}

function lane(parent, className, items, duration, label) {
  const row = document.createElement("div");
  row.className = `lane ${className}`;
  for (const item of items) {
    const el = document.createElement("span");
    el.style.left = `${(100 * item.start) / duration}%`;
    if (item.end !== undefined) el.style.width = `${(100 * (item.end - item.start)) / duration}%`;
    el.textContent = label(item);
    row.appendChild(el);
  }
  parent.appendChild(row);
  return row;
}

/**
 * Mount the waveform in `parent`. `media` is the engine's EngineMedia; `onLoop(region|null)` is called with
 * the snapped loop when the musician drags or resizes it. Returns {ws, setLoop}.
 */
export function mountWaveform(parent, { media, buffers, grid, chords, sections, onLoop, shiftHeld }) {
  const duration = media.duration;
  const regions = RegionsPlugin.create();
  const timelineBox = document.createElement("div");
  const ws = WaveSurfer.create({
    container: parent,
    media,
    peaks: mixPeaks(buffers),
    duration,
    height: 96,
    waveColor: "#8a9bb0",
    progressColor: "#3c5a80",
    cursorColor: "#d33",
    cursorWidth: 2,
    plugins: [regions, TimelinePlugin.create({ container: timelineBox })],
  });
  parent.after(timelineBox);

  // wavesurfer draws in a shadow root of its own, so the grid and lanes sit beside it, in
  // percent of the width (the waveform fills it: no zoom).
  const overlay = document.createElement("div");
  overlay.className = "grid";
  grid.beats.forEach((b) => {
    const line = document.createElement("i");
    line.className = grid.isDownbeat(b) ? "bar" : "beat";
    line.style.left = `${(100 * b) / duration}%`;
    overlay.appendChild(line);
  });
  parent.appendChild(overlay);
  const lanes = document.createElement("div");
  // Every bar has a line; a number on every 1st, 2nd, 4th... bar, at most 32 across.
  const every = [1, 2, 4, 8, 16, 32].find((k) => grid.downbeats.length / k <= 32) || 64;
  const bars = Array.from(grid.downbeats, (start, i) => ({ start, n: i + 1 })).filter((b) => (b.n - 1) % every === 0);
  lane(lanes, "bars", bars, duration, (b) => String(b.n));
  if (chords?.length) lane(lanes, "chords", chords, duration, (c) => c.label);
  if (sections?.length) lane(lanes, "sections", sections, duration, (s) => s.label);
  parent.after(lanes);

  let region = null;
  let snapping = false;
  regions.enableDragSelection({ color: "rgba(255, 170, 0, 0.25)" });
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
    else region = regions.addRegion({ ...loop, color: "rgba(255, 170, 0, 0.25)" });
    snapping = false;
  };
  return { ws, setLoop };
}
