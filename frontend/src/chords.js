// The music on screen besides the waveform: the chord sounding now and the next one, large,
// and the chart by bars and sections, which follows playback (the current bar lit and kept in
// view); a bar clicked seeks there, a section clicked loops it.
//
// Chord names come from Python in every key the player can move to (ui/player.py's _music:
// the functions that write the ChordPro file), so nothing is transposed here: `labels[k]` is
// the name `shifts[0] + k` semitones away (`shifts`: the key range PlayerState allows, from Python).

/** The song's chords, bars and sections as ui/player.py sends them, and what follows from them. */
export class Music {
  constructor({ chords = [], bars = [], names = [], sections = [], keys = [], shifts }) {
    // Each chord's names in every key come once (`names`), referred to by index.
    const named = (c) => ({ ...c, labels: names[c.name] });
    this.chords = chords.map(named); // [{start, end, labels}]
    this.bars = bars.map((b) => ({ ...b, chords: b.chords.map(named) })); // [{start, end, chords: [{at, labels}]}]
    this.sections = sections; // [{start, end, label}]
    this.keys = keys; // the key's name after each shift ([] when unknown)
    this.shifts = shifts;
  }

  /** Index into `labels` for a key change of `semitones`. */
  slot(semitones) {
    const [lo, hi] = this.shifts;
    return Math.min(hi, Math.max(lo, Math.round(semitones))) - lo;
  }

  /** The key's name after `semitones` ("" when unknown). */
  keyName(semitones) {
    return this.keys[this.slot(semitones)] || "";
  }

  /** Index of the last item of `list` (sorted by `start`) starting at or before `t`, or -1. */
  static #before(list, t, start = (x) => x.start) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (start(list[mid]) <= t + 1e-6) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /**
   * {now, next}: the chord names at song time `p` and the next different one ("" where there is none).
   * In a `loop` ({start, end}) the next is what is heard next: after the loop's last chord, its first.
   */
  nowNext(p, semitones, loop = null) {
    const k = this.slot(semitones);
    const i = Music.#before(this.chords, p);
    const current = i >= 0 && p < this.chords[i].end ? this.chords[i] : null;
    const now = current ? current.labels[k] : "";
    const inLoop = loop && p >= loop.start && p < loop.end;
    const first = inLoop ? Math.max(0, Music.#before(this.chords, loop.start)) : 0;
    // Ahead to the end (the loop's, when in one), then from the loop's start back round to here.
    const order = [];
    for (let j = i + 1; j < this.chords.length && !(inLoop && this.chords[j].start >= loop.end); j++) order.push(j);
    if (inLoop) for (let j = first; j <= i; j++) order.push(j);
    const j = order.find((n) => this.chords[n].labels[k] !== now);
    return { now, next: j === undefined ? "" : this.chords[j].labels[k] };
  }

  /** Index of the bar holding song time `p` (-1 before the first). */
  barAt(p) {
    const i = Music.#before(this.bars, p);
    return i >= 0 && (p < this.bars[i].end || i === this.bars.length - 1) ? i : -1;
  }

  /** Index of the section holding song time `p` (-1 outside every section). */
  sectionAt(p) {
    const i = Music.#before(this.sections, p);
    return i >= 0 && p < this.sections[i].end ? i : -1;
  }

  /**
   * The loop over bars written as "17-24" (or "17" for one bar), numbered from 1:
   * {start, end} in seconds, or {error} with a sentence naming the problem.
   */
  parseBars(text) {
    const n = this.bars.length;
    if (!n) return { error: "this song has no bars to loop by (no beat grid)" };
    const m = String(text)
      .trim()
      .match(/^(\d+)(?:\s*(?:-|–|—|to|\.\.)\s*(\d+))?$/);
    if (!m) return { error: `"${text}" is not bars like 17-24 (first and last bar, from 1 to ${n})` };
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (first < 1 || last > n) return { error: `bars ${first}-${last}: this song has bars 1 to ${n}` };
    if (last < first) return { error: `bars ${first}-${last}: the last bar comes before the first` };
    return { start: this.bars[first - 1].start, end: this.bars[last - 1].end, first, last };
  }

  /** "17-24" when `loop` starts and ends on bar lines (else ""). */
  barsOf(loop) {
    if (!loop || !this.bars.length) return "";
    const first = this.bars.findIndex((b) => Math.abs(b.start - loop.start) < 0.02);
    const last = this.bars.findIndex((b) => Math.abs(b.end - loop.end) < 0.02);
    if (first < 0 || last < first) return "";
    return first === last ? String(first + 1) : `${first + 1}-${last + 1}`;
  }
}

function el(tag, className, text = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

/**
 * The big chords: `jam-now-chord` and `jam-next-chord`, whose text is the chord's name as shown.
 * Returns {node, show(p, semitones, loop)}.
 */
export function mountBigChords(music) {
  const now = el("span", "chord-now");
  now.dataset.testid = "jam-now-chord";
  const next = el("span", "chord-next");
  next.dataset.testid = "jam-next-chord";
  const where = el("span", "chord-where");
  const node = el("div", "big-chords");
  node.append(
    el("span", "chord-caption", "Now"),
    now,
    el("span", "chord-caption", "Next"),
    next,
    where,
  );
  node.hidden = !music.chords.length;
  let shown = "";
  return {
    node,
    show(p, semitones, loop = null) {
      const { now: a, next: b } = music.nowNext(p, semitones, loop);
      const bar = music.barAt(p);
      const key = `${a}|${b}|${bar}`;
      if (key === shown) return;
      shown = key;
      now.textContent = a;
      next.textContent = b;
      where.textContent = bar >= 0 ? `bar ${bar + 1}` : "";
    },
  };
}

/**
 * The chart: the bars in rows under their sections, each with its chord at the bar line and the
 * changes inside. `onSeek(seconds)` for a bar clicked, `onLoop({start, end})` for a section clicked.
 * Returns {node, show(p, loop), setKey(semitones)}.
 */
export function mountChart(music, { onSeek, onLoop }) {
  const node = el("div", "chart");
  node.tabIndex = -1;
  node.hidden = !music.bars.length;
  const cells = [];
  const names = []; // [cell's chord spans, their labels]
  let row = null;
  let section = -2;
  music.bars.forEach((bar, i) => {
    const s = music.sectionAt(bar.start + 0.05);
    if (s !== section || !row) {
      section = s;
      const head = el("button", "chart-section", s >= 0 ? music.sections[s].label : "");
      head.hidden = s < 0;
      if (s >= 0) {
        const { start, end, label } = music.sections[s];
        head.dataset.testid = `jam-section-${s}`;
        head.title = `Loop ${label}: bars ${i + 1}-${music.barAt(end - 0.05) + 1}`;
        head.addEventListener("click", () => onLoop({ start, end }));
      }
      row = el("div", "chart-row");
      node.append(head, row);
    }
    const cell = el("button", "chart-bar");
    cell.dataset.bar = String(i + 1);
    cell.title = `Bar ${i + 1}: play from here`;
    cell.append(el("span", "chart-number", String(i + 1)));
    const chordBox = el("span", "chart-chords");
    for (const c of bar.chords) {
      const span = el("span", "chart-chord");
      chordBox.append(span);
      names.push([span, c.labels]);
    }
    cell.append(chordBox);
    cell.addEventListener("click", () => onSeek(bar.start));
    row.append(cell);
    cells.push(cell);
  });
  let lit = -1;
  let looped = "";
  return {
    node,
    setKey(semitones) {
      const k = music.slot(semitones);
      for (const [span, labels] of names) span.textContent = labels[k];
    },
    show(p, loop) {
      const i = music.barAt(p);
      if (i !== lit) {
        cells[lit]?.classList.remove("now");
        lit = i;
        const cell = cells[i];
        if (cell) {
          cell.classList.add("now");
          // Keep the lit bar's row in view inside the chart (the page itself does not move).
          const top = cell.offsetTop; // the chart is the cells' offset parent
          const margin = cell.offsetHeight;
          if (top - margin < node.scrollTop || top + 2 * margin > node.scrollTop + node.clientHeight) {
            node.scrollTop = Math.max(0, top - margin);
          }
        }
      }
      const key = loop ? `${loop.start}|${loop.end}` : "";
      if (key !== looped) {
        looped = key;
        music.bars.forEach((b, j) => {
          cells[j].classList.toggle("looped", !!loop && b.start >= loop.start - 0.02 && b.end <= loop.end + 0.02);
        });
      }
    },
  };
}
