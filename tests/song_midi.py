"""The composer of the development set: a :class:`SongSpec` written out as General MIDI, with its truth.

A song is a form of parts (intro, verse, chorus, bridge, solo, outro), each a
number of bars over a chord progression, played by a band in a style (drums,
bass, comping, a lead line, a pad under the chorus, a solo instrument), on a
tempo map (steady, a ritardando, a live-feel wander, a rubato intro) in a
metre (4/4, 3/4, 6/8, 12/8; one bar may be a 2/4 bar). Every beat, bar,
chord, key and section of the truth comes from the same numbers that wrote
the MIDI, and every time from the very tempo values written into the file.

Beats are the *counted* beats: quarter notes in simple metre, dotted quarters
in compound metre (6/8 has two beats a bar, each split in three; 12/8 four).
Nothing here imports ``jamwithme``: the set judges the analysis, it does not
use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

TICKS = 480  # MIDI ticks per quarter note
#: Silence before the first note, seconds (rounded to whole ticks at the first tempo).
LEAD_IN = 0.5
#: fluidsynth (2.3, 44.1 kHz) starts a note's sound 2.4-4.0 ms after its note-on, whatever the instrument:
#: the truth is where the music is heard, so every truth time is the MIDI time plus this.
RENDER_DELAY = 0.003

NAMES_SHARP = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
NAMES_FLAT = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
QUALITIES = {
    "maj": (0, 4, 7), "min": (0, 3, 7), "7": (0, 4, 7, 10), "maj7": (0, 4, 7, 11), "min7": (0, 3, 7, 10),
}  # fmt: skip
#: The names a musician gives the parts, as the truth labels them.
PART_NAMES = {"intro": "Intro", "verse": "Verse", "chorus": "Chorus", "bridge": "Bridge", "solo": "Solo",
              "outro": "Outro"}  # fmt: skip
KICK, SNARE, STICK, HAT, PEDAL_HAT, OPEN_HAT, RIDE, BELL, CRASH, TOM_LO, TOM_HI, TAMB, SHAKER = (
    36, 38, 37, 42, 44, 46, 51, 53, 49, 45, 48, 54, 70,
)  # fmt: skip


@dataclass(frozen=True)
class Meter:
    """Counted beats per bar and how each beat divides: 2 (simple: 4/4, 3/4) or 3 (compound: 6/8, 12/8)."""

    beats: int
    division: int = 2

    @property
    def signature(self) -> str:
        return f"{self.beats}/4" if self.division == 2 else f"{self.beats * 3}/8"

    @property
    def quarters(self) -> float:
        """Quarter notes per counted beat."""
        return 1.0 if self.division == 2 else 1.5

    @staticmethod
    def parse(text: str) -> Meter:
        top, bottom = (int(x) for x in text.split("/"))
        return Meter(top, 2) if bottom == 4 else Meter(top // 3, 3)


@dataclass(frozen=True)
class Chord:
    root: int  # pitch class, 0 = C
    quality: str  # a key of QUALITIES

    def moved(self, semitones: int) -> Chord:
        return Chord((self.root + semitones) % 12, self.quality)


@dataclass(frozen=True)
class Part:
    """A section of the form: its kind, its length in bars and its chords (one per bar, or two for a split bar)."""

    kind: str
    bars: int
    chords: tuple  # of Chord or (Chord, Chord), cycled over the bars


@dataclass(frozen=True)
class Band:
    """General MIDI programs (0-based) of the band's melodic instruments."""

    bass: int = 33
    comp: int = 0
    lead: int = 73
    pad: int = 48
    solo: int = 29


@dataclass(frozen=True)
class SongSpec:
    """Everything that makes a song of the development set.

    ``tempo`` is ``"steady"``, ``"ritardando"`` (the last bars slow to about
    two thirds), ``"wander"`` (a live band's slow drift within +-2 %), or
    ``"rubato"`` (a free intro, then steady). ``modulation`` moves the last
    chorus and the outro up that many semitones. ``short_bar`` makes one bar
    (its index in the song) two beats long. ``swing`` is where the off-beat
    eighth falls in simple metre (0.5 straight, 2/3 a triplet shuffle).
    ``humanize`` is the standard deviation of each note's timing, seconds.
    """

    name: str
    bpm: float
    meter: Meter
    tonic: int
    mode: str  # "major" or "minor"
    form: tuple  # of Part
    style: str
    band: Band = Band()
    tempo: str = "steady"
    modulation: int = 0
    short_bar: int | None = None
    swing: float = 0.5
    humanize: float = 0.0
    flats: bool = False
    seed: int = 0
    split: str = "tune"

    def name_of(self, pc: int) -> str:
        return (NAMES_FLAT if self.flats else NAMES_SHARP)[pc % 12]

    @property
    def key(self) -> str:
        return f"{self.name_of(self.tonic)} {self.mode}"


@dataclass
class Truth:
    """What a development song is. Times in seconds from the start of its audio.

    ``beats_per_bar`` and ``bpm`` count the beats a drummer counts (dotted
    quarters in 6/8). ``sections`` are ``(start, end, letter)`` with repeats
    of the same material sharing a letter; ``section_names`` names each
    (``"Verse"``, ``"Chorus"``...). ``steady`` is True when the whole song is
    at one tempo. ``keys`` lists ``(start, key)`` where a key begins.
    """

    bpm: float
    beats_per_bar: int
    time_signature: str = ""
    beats: np.ndarray = field(default_factory=lambda: np.zeros(0))
    downbeats: np.ndarray = field(default_factory=lambda: np.zeros(0))
    key: str | None = None
    chords: list = field(default_factory=list)  # (start, end, Harte label)
    sections: list = field(default_factory=list)  # (start, end, letter)
    section_names: list = field(default_factory=list)
    steady: bool = True
    keys: list = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.time_signature:
            self.time_signature = f"{self.beats_per_bar}/4"

    @property
    def bar_lengths(self) -> np.ndarray:
        """Beats in each bar (from the downbeats and beats; the last bar left out)."""
        return np.array(
            [np.count_nonzero((self.beats >= a - 1e-6) & (self.beats < b - 1e-6))
             for a, b in zip(self.downbeats[:-1], self.downbeats[1:])]
        )  # fmt: skip


# --------------------------------------------------------------------------- time


class Timeline:
    """Counted beats to MIDI ticks, and to seconds through the tempo map written into the file.

    The tempo is constant within each counted beat; ``tempos[i]`` is the MIDI
    tempo (microseconds per quarter) of beat ``i``.
    """

    def __init__(self, spec: SongSpec, n_beats: int, rng: np.random.Generator):
        self.ticks_per_beat = round(TICKS * spec.meter.quarters)
        bpm = np.full(n_beats + 8, float(spec.bpm))  # a few beats past the end for the held ending
        if spec.tempo == "ritardando":
            slow = min(n_beats, 6 * spec.meter.beats)  # the last six bars
            bpm[n_beats - slow :] = spec.bpm * np.linspace(1.0, 0.62, slow + 8)
        elif spec.tempo == "wander":
            t = np.arange(bpm.size) / 32.0
            drift = sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi)) / f for f in (0.21, 0.37, 0.63))
            bpm *= 1.0 + 0.02 * drift / np.abs(drift).max()
        elif spec.tempo == "rubato":
            intro = spec.form[0].bars * spec.meter.beats
            swell = np.sin(np.linspace(0, 3 * np.pi, intro)) * 0.06 * rng.choice([-1, 1])
            bpm[:intro] *= 0.9 + swell
        elif spec.tempo != "steady":
            raise ValueError(f"tempo={spec.tempo!r}")
        self.tempos = np.round(60e6 / (bpm * spec.meter.quarters)).astype(np.int64)
        seconds_per_beat = self.tempos * spec.meter.quarters / 1e6
        self.lead_ticks = round(LEAD_IN / (self.tempos[0] / 1e6) * TICKS)
        self.start = self.lead_ticks * self.tempos[0] / 1e6 / TICKS + RENDER_DELAY
        self.beat_times = self.start + np.concatenate([[0.0], np.cumsum(seconds_per_beat)])

    def tick(self, beat: float) -> int:
        return self.lead_ticks + round(beat * self.ticks_per_beat)

    def seconds(self, beat: float) -> float:
        i = int(np.floor(beat))
        return float(self.beat_times[i] + (beat - i) * (self.beat_times[i + 1] - self.beat_times[i]))

    def tempo_events(self) -> list[tuple[int, int]]:
        """(tick, microseconds per quarter) wherever the tempo changes."""
        out, last = [(0, int(self.tempos[0]))], int(self.tempos[0])
        for i, tempo in enumerate(self.tempos):
            if int(tempo) != last:
                out.append((self.tick(i), int(tempo)))
                last = int(tempo)
        return out


# --------------------------------------------------------------------------- patterns


def offset(beat: int, step: int, steps: int, swing: float) -> float:
    """Where subdivision ``step`` of ``steps`` falls in ``beat`` (the off-beat of a pair moved by ``swing``)."""
    if steps == 2 and step == 1:
        return beat + swing
    return beat + step / steps


def drum_hits(spec: SongSpec, kind: str, n_beats: int, last_of_part: bool, rng) -> list[tuple[float, int, int]]:
    """(beat offset in the bar, GM drum note, velocity) for one bar of ``kind`` in the spec's style."""
    style, div, sw = spec.style, spec.meter.division, spec.swing
    loud = kind == "chorus" or kind == "solo"
    top = RIDE if loud else HAT
    hits: list[tuple[float, int, int]] = []
    if style in ("folk", "none"):
        if style == "folk":
            hits += [(offset(b, s, 2, sw), SHAKER, 70 if s == 0 else 50) for b in range(n_beats) for s in range(2)]
            hits += [(b, TAMB, 60) for b in range(1, n_beats, 2)]
        return hits
    if div == 3:  # 6/8 and 12/8: the eighths on the hats, kick on 1, backbeat on every other counted beat
        for b in range(n_beats):
            hits += [(b + s / 3, top, 85 if s == 0 else 55) for s in range(3)]
        hits.append((0.0, KICK, 110))
        if spec.style == "twelveeight":
            hits += [(2.0, KICK, 95)] if n_beats > 2 else []
            hits += [(b, SNARE, 105) for b in range(1, n_beats, 2)]
        else:
            hits += [(1.0, SNARE, 100 if loud else 80)] if n_beats > 1 else []
            hits += [(1 + 2 / 3, KICK, 80)] if loud and n_beats > 1 else []
    elif style in ("waltz", "jazzwaltz"):
        hits.append((0.0, KICK, 105))
        if style == "jazzwaltz":
            hits += [(0.0, RIDE, 85), (1.0, RIDE, 75), (offset(1, 1, 2, sw), RIDE, 60), (2.0, RIDE, 75)]
            hits += [(1.0, PEDAL_HAT, 60)]
        else:
            hits += [(b, top, 70) for b in range(n_beats)] + [(b, SNARE, 55 if loud else 40) for b in (1, 2)]
    elif style == "jazz":
        for b in range(n_beats):
            hits.append((b, RIDE, 85 if b % 2 else 75))
            if b % 2 == 1:
                hits += [(offset(b, 1, 2, sw), RIDE, 60), (b, PEDAL_HAT, 65)]
        hits += [(0.0, KICK, 60)] + [(offset(int(rng.integers(0, n_beats)), 1, 2, sw), SNARE, 45)]
    else:  # the backbeat styles in 4 (or a 2-beat bar of them)
        steps = 4 if style == "funk" else 2
        for b in range(n_beats):
            for s in range(steps):
                accent = 90 if s == 0 else (60 if steps == 2 else 45 + 10 * (s == 2))
                hat = OPEN_HAT if (style == "disco" and s == 1) else top
                hits.append((offset(b, s, steps, sw), hat, accent))
        backbeat = [b for b in (1, 3) if b < n_beats]
        snare = STICK if style == "ballad" and not loud else SNARE
        hits += [(b, snare, 110) for b in backbeat]
        kicks = {
            "rock": [0.0, 2.0] + ([offset(2, 1, 2, sw)] if loud else []),
            "metal": [offset(b, s, 2, sw) for b in range(n_beats) for s in range(2)] if loud else [0.0, 2.0],
            "pop": [0.0, offset(1, 1, 2, sw), 2.0],
            "funk": [0.0, 0.75, 2.5] + ([3.25] if loud else []),
            "ballad": [0.0, offset(2, 1, 2, sw) if loud else 2.0],
            "shuffle": [0.0, 2.0, offset(2, 1, 2, sw)],
            "country": [0.0, 2.0],
            "disco": [0.0, 1.0, 2.0, 3.0],
        }[style]
        hits += [(k, KICK, 112 if k == 0 else 100) for k in kicks if k < n_beats]
        if style == "funk":
            hits += [(b + 0.75, SNARE, 35) for b in range(n_beats) if rng.random() < 0.4]
    if last_of_part and n_beats >= 2:  # a fill into the next part
        fill_at = n_beats - 1
        steps = 3 if div == 3 else 4 if spec.bpm < 150 else 2
        for s in range(steps):
            hits.append((fill_at + s / steps, [SNARE, TOM_HI, TOM_LO, SNARE][s % 4], 80 + 8 * s))
    return hits


def chord_notes(chord: Chord, low: int = 55) -> list[int]:
    """A close voicing of the chord from around ``low`` up."""
    root = low + (chord.root - low) % 12
    if root > low + 6:
        root -= 12
    return [root + i for i in QUALITIES[chord.quality]]


def bass_notes(spec: SongSpec, chord: Chord, next_chord: Chord, n_beats: int, rng) -> list[tuple[float, float, int]]:
    """(beat, length in beats, pitch) of the bass in one bar (or the part of a bar one chord holds)."""
    root = 33 + (chord.root - 33) % 12  # A1 .. G#2
    fifth, octave = root + 7, root + 12
    style, sw = spec.style, spec.swing
    if spec.meter.division == 3:
        out = [(0.0, 0.9, root)]
        if n_beats > 1:
            out.append((1.0, 0.6, fifth))
            out.append((1 + 2 / 3, 0.3, octave if spec.style == "twelveeight" else root))
        for b in range(2, n_beats):
            out.append((float(b), 0.9, [root, fifth, octave, fifth][b % 4]))
        return out
    if style in ("rock", "metal"):
        return [(offset(b, s, 2, sw), 0.45, root) for b in range(n_beats) for s in range(2)]
    if style in ("jazz", "jazzwaltz", "shuffle"):  # walking quarters towards the next root
        target = 33 + (next_chord.root - 33) % 12
        tones = [root, root + QUALITIES[chord.quality][1], fifth, octave]
        out = [(float(b), 0.9, tones[b % len(tones)]) for b in range(n_beats)]
        if n_beats >= 2:
            out[-1] = (float(n_beats - 1), 0.9, target + (1 if rng.random() < 0.5 else -1))
        return out
    if style == "waltz":
        return [(0.0, 0.9, root)]
    if style in ("country", "folk", "none"):  # root and fifth on alternate beats
        return [(float(b), 0.9 if style == "country" else 1.8, [root, fifth][b // 2 % 2]) for b in range(0, n_beats, 2)]
    if style == "ballad":
        return [(0.0, min(1.9, n_beats - 0.1), root)] + ([(2.0, 1.9, fifth)] if n_beats > 2 else [])
    if style == "disco":
        return [(offset(b, s, 2, sw), 0.4, root if s == 0 else octave) for b in range(n_beats) for s in range(2)]
    if style == "funk":
        pattern = [(0.0, root), (0.75, root), (1.5, octave), (2.0, fifth), (2.75, root), (3.5, root + 10)]
        return [(t, 0.2, p) for t, p in pattern if t < n_beats]
    pattern = [(0.0, root), (offset(1, 1, 2, sw), root), (2.0, fifth), (3.0, octave)]
    return [(t, 0.45, p) for t, p in pattern if t < n_beats]


def comp_notes(spec: SongSpec, chord: Chord, n_beats: int, kind: str) -> list[tuple[float, float, int, int]]:
    """(beat, length, pitch, velocity) of the comping instrument in one bar (or the part one chord holds)."""
    voicing = chord_notes(chord)
    style, sw, div = spec.style, spec.swing, spec.meter.division
    out: list[tuple[float, float, int, int]] = []
    if div == 3:  # arpeggiated eighths: root, third, fifth, octave, fifth, third
        shape = [voicing[0], voicing[1], voicing[2], voicing[0] + 12, voicing[2], voicing[1]]
        for b in range(n_beats):
            for s in range(3):
                out.append((b + s / 3, 0.3, shape[(3 * b + s) % 6], 70 if s == 0 else 55))
        return out
    if style in ("waltz", "jazzwaltz"):
        return [(float(b), 0.8, p, 70) for b in range(1, n_beats) for p in voicing]
    if style in ("rock", "metal", "folk", "country"):
        steps = 2 if style in ("folk", "country") else 1
        length = 0.4 if steps == 2 else 0.85
        for b in range(n_beats):
            for s in range(steps):
                out += [(offset(b, s, steps, sw), length, p, 80 if s == 0 else 60) for p in voicing]
        return out
    if style == "ballad":  # piano eighths broken over the chord
        low, third, fifth = voicing[0], voicing[1], voicing[2]
        shape = [low - 12, fifth - 12, low, third, fifth, third, low, fifth - 12]
        return [(offset(b, s, 2, sw), 0.45, shape[(2 * b + s) % 8], 60) for b in range(n_beats) for s in range(2)]
    if style in ("jazz", "shuffle"):
        hits = [0.0, offset(1, 1, 2, sw), 3.0]
        return [(t, 0.5, p, 65) for t in hits if t < n_beats for p in voicing]
    # pop, funk, disco: the bar's chord held, pushed on the and of three
    out += [(0.0, min(n_beats, 2.4), p, 70) for p in voicing]
    if n_beats > 2:
        out += [(offset(2, 1, 2, sw), min(0.9, n_beats - 2.5), p, 60) for p in voicing]
    return out


# --------------------------------------------------------------------------- the song


def bar_plan(spec: SongSpec) -> list[tuple[int, Part, int, object]]:
    """Every bar: (beats in it, its part, its index in the part, its chord or chord pair)."""
    plan = []
    for part in spec.form:
        for b in range(part.bars):
            plan.append([spec.meter.beats, part, b, part.chords[b % len(part.chords)]])
    if spec.short_bar is not None:
        plan[spec.short_bar][0] = 2
    return [tuple(x) for x in plan]


def modulated_from(spec: SongSpec) -> int:
    """Index of the first part played in the new key (len(form) when the song never modulates)."""
    if not spec.modulation:
        return len(spec.form)
    last_chorus = max(i for i, p in enumerate(spec.form) if p.kind == "chorus")
    return last_chorus


def write_midi(spec: SongSpec, path: Path) -> Truth:
    """Write ``spec`` as a type-1 MIDI file at ``path``; return its truth."""
    import mido

    rng = np.random.default_rng(spec.seed)
    plan = bar_plan(spec)
    bar_starts = np.concatenate([[0], np.cumsum([n for n, *_ in plan])]).astype(int)
    total = int(bar_starts[-1])
    ending = spec.meter.beats + spec.meter.beats // 2  # the tonic held a bar and a half
    timeline = Timeline(spec, total + ending, rng)
    events: dict[int, list] = {ch: [] for ch in (0, 1, 2, 3, 4, 9)}

    def note(ch: int, beat: float, length: float, pitch: int, vel: int) -> None:
        jitter = rng.normal(0.0, spec.humanize) if spec.humanize else 0.0
        on = timeline.tick(beat) + round(jitter * 1e6 / timeline.tempos[int(beat)] * TICKS)
        off = max(on + 20, timeline.tick(beat + length) - 10)
        events[ch].append((max(on, 0), 1, int(pitch), int(np.clip(vel + rng.integers(-6, 7), 1, 127))))
        events[ch].append((off, 0, int(pitch), 0))

    scale = [0, 2, 4, 5, 7, 9, 11] if spec.mode == "major" else [0, 2, 3, 5, 7, 8, 11]
    melodies: dict[tuple, list] = {}  # (part kind, bar in part) -> melody notes, so repeats repeat
    new_key_from = modulated_from(spec)
    part_index = -1
    for b, (n_beats, part, in_part, chords) in enumerate(plan):
        if in_part == 0:
            part_index += 1
        shift = spec.modulation if part_index >= new_key_from else 0
        start = float(bar_starts[b])
        home = chords if isinstance(chords, tuple) else (chords, chords)  # in the song's own key
        pair = tuple(c.moved(shift) for c in home)
        nxt = plan[b + 1][3] if b + 1 < len(plan) else Chord(spec.tonic, "maj")
        nxt = (nxt[0] if isinstance(nxt, tuple) else nxt).moved(shift)
        kind, loud = part.kind, part.kind in ("chorus", "solo")
        split = n_beats // 2 if pair[0] != pair[1] else n_beats
        intro_bare = kind == "intro" and in_part < max(1, part.bars // 2)
        percussion = not intro_bare and not (kind == "intro" and spec.tempo == "rubato")  # a rubato intro is free
        if in_part == 0 and percussion and spec.style not in ("folk", "none"):
            note(9, start, 1, CRASH, 105 if loud else 80)
        if percussion:
            for at, drum, vel in drum_hits(spec, kind, n_beats, in_part == part.bars - 1, rng):
                note(9, start + at, 0.25, drum, vel + (8 if loud else 0))
        for c, (lo, hi) in zip(pair, ((0, split), (split, n_beats)) if split < n_beats else ((0, n_beats),)):
            for at, length, pitch in bass_notes(spec, c, nxt, hi - lo, rng):
                if not intro_bare:
                    note(0, start + lo + at, length, pitch, 100)
            for at, length, pitch, vel in comp_notes(spec, c, hi - lo, kind):
                note(1, start + lo + at, length, pitch, vel + (10 if loud else 0))
            if kind == "chorus":
                for p in chord_notes(c, 50):
                    note(3, start + lo, hi - lo, p, 58)
        if kind in ("verse", "chorus", "bridge"):
            motif = (kind, in_part % 8, n_beats)
            if motif not in melodies:
                melodies[motif] = _melody(spec, home[0], kind, n_beats, scale, rng)
            line = melodies[motif]
            for at, length, pitch in line:
                note(2, start + at, length, pitch + shift, 92 if loud else 84)
        elif kind == "solo":
            for at, length, pitch in _solo(spec, home[0], n_beats, scale, rng):
                note(4, start + at, length, pitch + shift, 95)
    shift = spec.modulation if new_key_from < len(spec.form) else 0
    final = Chord((spec.tonic + shift) % 12, "maj" if spec.mode == "major" else "min")
    for p in chord_notes(final):
        note(1, total, ending - 0.1, p, 80)
    note(0, total, ending - 0.1, 33 + (final.root - 33) % 12, 100)
    if spec.style not in ("folk", "none"):
        note(9, total, 1, CRASH, 100)
        note(9, total, 1, KICK, 110)

    mid = mido.MidiFile(type=1, ticks_per_beat=TICKS)
    meta = mido.MidiTrack()
    mid.tracks.append(meta)
    changes = [(tick, "tempo", tempo) for tick, tempo in timeline.tempo_events()]
    sig = spec.meter
    numerator, denominator = (sig.beats, 4) if sig.division == 2 else (3 * sig.beats, 8)
    changes.append((0, "sig", (numerator, denominator)))
    if spec.short_bar is not None:
        changes.append((timeline.tick(bar_starts[spec.short_bar]), "sig", (2, 4)))
        changes.append((timeline.tick(bar_starts[spec.short_bar + 1]), "sig", (numerator, denominator)))
    now = 0
    for tick, what, value in sorted(changes, key=lambda c: (c[0], c[1] != "sig")):
        if what == "tempo":
            meta.append(mido.MetaMessage("set_tempo", tempo=value, time=tick - now))
        else:
            meta.append(mido.MetaMessage("time_signature", numerator=value[0], denominator=value[1], time=tick - now))
        now = tick
    programs = {0: spec.band.bass, 1: spec.band.comp, 2: spec.band.lead, 3: spec.band.pad, 4: spec.band.solo}
    volumes = {0: 108, 1: 84, 2: 92, 3: 66, 4: 96, 9: 104}
    for ch, evs in events.items():
        track = mido.MidiTrack()
        if ch in programs:
            track.append(mido.Message("program_change", channel=ch, program=programs[ch], time=0))
        track.append(mido.Message("control_change", channel=ch, control=7, value=volumes[ch], time=0))
        now = 0
        for tick, kind, pitch, vel in sorted(evs, key=lambda e: (e[0], e[1])):
            msg = "note_on" if kind else "note_off"
            track.append(mido.Message(msg, channel=ch, note=pitch, velocity=vel, time=tick - now))
            now = tick
        mid.tracks.append(track)
    mid.save(str(path))
    return _truth(spec, plan, bar_starts, timeline, total, ending, final, new_key_from)


def _melody(spec: SongSpec, chord: Chord, kind: str, n_beats: int, scale: list, rng) -> list[tuple[float, float, int]]:
    """One bar of the lead line: chord tones on the beats, scale steps between, a rest now and then."""
    div = spec.meter.division
    lengths = [1 / 3, 2 / 3, 1.0, 2.0] if div == 3 else ([0.5, 1.0, 1.0, 2.0] if spec.bpm < 150 else [1.0, 2.0])
    high = 12 if kind == "chorus" else (5 if kind == "bridge" else 0)
    tones = [72 + (chord.root + i - 72) % 12 - (12 if (chord.root + i) % 12 > 7 else 0) + high
             for i in QUALITIES[chord.quality][:3]]  # fmt: skip
    out, beat, last = [], 0.0, int(rng.choice(tones))
    while beat < n_beats - 1e-9:
        length = min(float(rng.choice(lengths)), n_beats - beat)
        if abs(beat - round(beat)) < 1e-9:
            pitch = int(rng.choice(tones))
        else:
            step = int(rng.choice([-2, -1, 1, 2]))
            degree = [(spec.tonic + s) % 12 for s in scale]
            candidates = [p for p in range(last - 4, last + 5) if p % 12 in degree and p != last]
            pitch = candidates[min(len(candidates) - 1, max(0, len(candidates) // 2 + step))]
        if rng.random() > 0.15:
            out.append((beat, length * 0.92, pitch))
        last, beat = pitch, beat + length
    return out


def _solo(spec: SongSpec, chord: Chord, n_beats: int, scale: list, rng) -> list[tuple[float, float, int]]:
    """A fast improvised line on the scale, starting on a chord tone each beat."""
    steps = 3 if spec.meter.division == 3 else (2 if spec.bpm >= 140 else 4)
    degree = sorted({(spec.tonic + s) % 12 for s in scale})
    pitches = [p for p in range(64, 89) if p % 12 in degree]
    i = int(rng.integers(4, len(pitches) - 4))
    out = []
    for b in range(n_beats):
        for s in range(steps):
            if s == 0:
                root = 64 + (chord.root - 64) % 12
                i = int(np.argmin([abs(p - root - 12 * (pitches[i] > root + 6)) for p in pitches]))
            else:
                i = int(np.clip(i + rng.choice([-2, -1, 1, 1, 2]), 0, len(pitches) - 1))
            at = offset(b, s, steps, spec.swing) if steps == 2 else b + s / steps
            out.append((at, 0.9 / steps, pitches[i]))
    return out


def _truth(spec, plan, bar_starts, timeline, total, ending, final, new_key_from) -> Truth:
    beats = np.array([timeline.seconds(b) for b in range(total + 1)])  # the ending's downbeat included
    downbeats = np.array([timeline.seconds(b) for b in bar_starts])
    end_time = timeline.seconds(total + ending)
    chords, sections, names, letters = [], [], [], {}
    part_index, shift = -1, 0
    key_changes = [(0.0, spec.key)]
    for b, (n_beats, part, in_part, pair) in enumerate(plan):
        start_beat = int(bar_starts[b])
        if in_part == 0:
            part_index += 1
            if part_index == new_key_from:
                shift = spec.modulation
                tonic = (spec.tonic + shift) % 12
                key_changes.append((timeline.seconds(start_beat), f"{spec.name_of(tonic)} {spec.mode}"))
            letter = letters.setdefault(_material(part), chr(ord("A") + len(letters)))
            sections.append([timeline.seconds(start_beat), None, letter])
            names.append(PART_NAMES[part.kind])
        pair = pair if isinstance(pair, tuple) else (pair, pair)
        split = n_beats // 2 if pair[0] != pair[1] else n_beats
        spans = ((0, split), (split, n_beats)) if split < n_beats else ((0, n_beats),)
        for c, (lo, hi) in zip(pair, spans):
            c = c.moved(shift)
            label = f"{spec.name_of(c.root)}:{c.quality}"
            t0, t1 = timeline.seconds(start_beat + lo), timeline.seconds(start_beat + hi)
            if chords and chords[-1][2] == label:
                chords[-1] = (chords[-1][0], t1, label)
            else:
                chords.append((t0, t1, label))
    final_label = f"{spec.name_of(final.root)}:{final.quality}"
    t_total = timeline.seconds(total)
    if chords[-1][2] == final_label:
        chords[-1] = (chords[-1][0], end_time, final_label)
    else:
        chords.append((t_total, end_time, final_label))
    for s, nxt in zip(sections, sections[1:] + [[end_time]]):
        s[1] = nxt[0]
    return Truth(
        bpm=spec.bpm, beats_per_bar=spec.meter.beats, time_signature=spec.meter.signature, beats=beats,
        downbeats=downbeats, key=spec.key, chords=chords, sections=[tuple(s) for s in sections],
        section_names=names, steady=spec.tempo == "steady", keys=key_changes,
    )  # fmt: skip


def _material(part: Part) -> tuple:
    """What makes two parts the same section: the same kind over the same chords."""
    return (part.kind, part.chords)
