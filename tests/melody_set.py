"""The melody development set: isolated melody and bass lines, written as MIDI and rendered by fluidsynth.

Every note is known: the lines are composed here (:func:`compose`) from
phrases of rhythmic cells (steps and leaps, repeated notes, fast runs,
sustained notes, triplets, syncopation) separated by rests, and rendered one
line per file on one General MIDI instrument by Debian's ``fluidsynth`` with
the FluidR3 bank (the same renderer as the analysis set, ``tests/songs.py``).
Voice-like lines are sung the way a voice sings: MIDI pitch-bend vibrato on
held notes (a delay, then 20-80 cents at 4.5-6.5 Hz) and scoops into notes
(from 80-200 cents below, over 40-120 ms), so a transcription must give one
note where a bend or a vibrato wobbles, not a trill.

**The split.** Each line is in the ``"tune"`` part or the ``"heldout"`` part.
The held-out lines are new melodies (seeds of their own) played on
instruments the tune part does not have (another flute, sax, bowed string,
voice, brass, guitar and synth for melodies; other basses), with tempi and
keys of their own. The tune part also has eight melodies on patches whose
level wobbles and whose release rings on (a voice lead, a choir pad, synth
strings, a warm pad), drawn apart so the lines before them stay as they
were. Tune on :func:`lines` ``("tune")`` only; report
``lines("heldout")`` (``bench/notes.py``).

Renders are cached under ``.cache/melodyset`` on a hash of this file and the
line's spec. Nothing here imports ``jamwithme``: the set judges the
transcription, it does not use it.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from song_midi import RENDER_DELAY, TICKS
from songs import SOUNDFONT, Unavailable

__all__ = ["Line", "LineSpec", "Unavailable", "compose", "line_specs", "lines", "render", "write_midi"]

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "melodyset"
SAMPLE_RATE = 44100
#: Silence before the first note and after the last, seconds.
LEAD_IN, TAIL = 0.5, 1.5
#: fluidsynth's default pitch-bend range (RPN 0), set explicitly in every file: 2 semitones.
BEND_RANGE = 2.0
SPLITS = ("tune", "heldout")
MAJOR, MINOR = (0, 2, 4, 5, 7, 9, 11), (0, 2, 3, 5, 7, 8, 10)


@dataclass(frozen=True)
class LineSpec:
    """One line of the set: what it is, what plays it, how it is sung.

    ``vibrato`` is the largest vibrato depth in cents (0: none; held notes of
    at least 0.4 s get between a third of it and all of it); ``scoop`` the
    share of notes entered from below with a pitch bend.
    """

    name: str
    part: str  # "melody", "bass" or "chords"
    program: int  # General MIDI, 0-based
    bpm: float
    tonic: int
    mode: str
    low: int
    high: int
    bars: int = 16
    beats_per_bar: int = 4
    seed: int = 0
    split: str = "tune"
    vibrato: float = 0.0
    scoop: float = 0.0


@dataclass(frozen=True)
class Line:
    """A rendered line and its truth: ``notes`` rows of (start, end, MIDI pitch) in seconds of the audio."""

    spec: LineSpec
    path: Path
    notes: np.ndarray  # shape (n, 3)
    velocities: np.ndarray  # shape (n,)
    held: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # notes given vibrato

    @property
    def name(self) -> str:
        return self.spec.name

    def rests(self, longer_than: float = 0.25) -> list[tuple[float, float]]:
        """(start, end) of every silence longer than ``longer_than`` s, the lead-in and the tail included."""
        out, last = [], 0.0
        for start, end, _ in self.notes[np.argsort(self.notes[:, 0])]:
            if start - last > longer_than:
                out.append((last, float(start)))
            last = max(last, float(end))
        out.append((last, last + TAIL))
        return [r for r in out if r[1] - r[0] > longer_than]


# --------------------------------------------------------------------------- the lines

# Melody timbres: flute, sax, bowed string, voice, brass, guitar, synth lead (each part its own members).
_MELODY = {
    "tune": [("flute", 73), ("altosax", 65), ("violin", 40), ("oohs", 53), ("trumpet", 56), ("nylon", 24),
             ("square", 80), ("clarinet", 71), ("tenorsax", 66), ("aahs", 52)],
    "heldout": [("recorder", 74), ("sopranosax", 64), ("fiddle", 110), ("synthvoice", 54), ("mutedtpt", 59),
                ("jazzgtr", 26), ("sawlead", 81), ("oboe", 68)],
}  # fmt: skip
_BASS = {
    "tune": [("fingered", 33), ("picked", 34), ("synthbass", 38), ("fingered", 33)],
    "heldout": [("acoustic", 32), ("fretless", 35), ("synthbass2", 39), ("slap", 36)],
}
#: More tune-part melodies on patches whose level wobbles and whose release is long (ensembles, pads, a
#: voice lead): the held-out synth voice split held notes and left notes in its release tail, and the tune
#: part had only the choir of that kind. A draw of their own, so the lines above stay as they were.
_WOBBLY = {"tune": [("voicelead", 85), ("choirpad", 91), ("synthstrings", 50), ("warmpad", 89)]}
#: Chord parts (basic-pitch's measure): comping on keys and guitars.
_CHORDS = {"tune": [("piano", 0), ("steelgtr", 25), ("organ", 16)], "heldout": [("epiano", 4), ("cleangtr", 27),
                                                                                   ("strings", 48)]}  # fmt: skip
#: Instruments that sing: vibrato and scoops on their lines.
_SUNG = {
    "oohs",
    "aahs",
    "synthvoice",
    "violin",
    "fiddle",
    "altosax",
    "tenorsax",
    "sopranosax",
    "flute",
    "recorder",
    "oboe",
    "clarinet",
    "voicelead",
    "choirpad",
    "synthstrings",
    "warmpad",
}
_RANGES = {"oohs": (53, 77), "aahs": (55, 79), "altosax": (54, 80), "tenorsax": (48, 74), "violin": (60, 91),
           "fiddle": (60, 88), "trumpet": (58, 82), "mutedtpt": (60, 82), "nylon": (52, 79), "jazzgtr": (50, 77),
           "flute": (62, 93), "recorder": (64, 91), "square": (57, 84), "sawlead": (55, 84), "clarinet": (52, 84),
           "oboe": (60, 86), "sopranosax": (58, 86), "synthvoice": (55, 79),
           "voicelead": (55, 81), "choirpad": (55, 79), "synthstrings": (55, 84), "warmpad": (55, 81)}  # fmt: skip


#: Each part's random draw: (seed of the specs, base of the melodies' seeds). The held-out part is its second
#: draw: the first (7919 * 2, 1000) had tenor sax and choir "aahs", whose failures (octave errors; an ensemble
#: patch with a slow attack) were then worked on, so those timbres moved to the tune part and new melodies
#: were drawn on other instruments.
_DRAWS = {"tune": (7919, 0), "heldout": (7919 * 7, 2000)}
#: The wobbly patches' draw: (seed of the specs, base of the melodies' seeds).
_WOBBLY_DRAWS = {"tune": (7919 * 3, 3000)}


def line_specs(split: str | None = None, part: str | None = None) -> list[LineSpec]:
    """Every line of the set, or those of one split and/or one part (``"melody"``, ``"bass"``, ``"chords"``)."""
    if split not in (None, *SPLITS):
        raise ValueError(f"split={split!r} must be one of {SPLITS} or None")
    out = []
    for which in SPLITS:
        rng_seed, base = _DRAWS[which]
        rng = np.random.default_rng(rng_seed)
        timbres = _MELODY[which]
        for k, (timbre, program) in enumerate(timbres * 2):
            low, high = _RANGES[timbre]
            sung = timbre in _SUNG
            heavy = sung and (k + k // len(timbres)) % 2 == 0  # each sung timbre: one line of wide vibrato
            bpm = float(rng.choice([66, 76, 88, 96, 104, 112, 120, 132, 144, 160] if which == "tune"
                                   else [60, 72, 84, 92, 100, 108, 116, 126, 138, 152, 168]))  # fmt: skip
            out.append(LineSpec(
                name=f"{which}_melody_{k:02d}_{timbre}_{bpm:g}", part="melody", program=program, bpm=bpm,
                tonic=int(rng.integers(0, 12)), mode=str(rng.choice(["major", "minor"])), low=low, high=high,
                beats_per_bar=int(rng.choice([4, 4, 3])), seed=base + k, split=which,
                vibrato=float(rng.uniform(40, 80)) if heavy else (25.0 if sung else 0.0), scoop=0.3 if heavy else 0.0,
            ))  # fmt: skip
        for k, (timbre, program) in enumerate(_BASS[which] * 2):
            bpm = float(rng.choice([72, 84, 96, 108, 120, 132, 150] if which == "tune" else [66, 80, 92, 104, 116,
                                                                                            126, 144]))  # fmt: skip
            out.append(LineSpec(
                name=f"{which}_bass_{k:02d}_{timbre}_{bpm:g}", part="bass", program=program, bpm=bpm,
                tonic=int(rng.integers(0, 12)), mode=str(rng.choice(["major", "minor"])), low=28, high=55,
                beats_per_bar=4, seed=base + 100 + k, split=which,
            ))  # fmt: skip
        for k, (timbre, program) in enumerate(_CHORDS[which]):
            bpm = float(rng.choice([76, 92, 108, 120]))
            out.append(LineSpec(
                name=f"{which}_chords_{k:02d}_{timbre}_{bpm:g}", part="chords", program=program, bpm=bpm,
                tonic=int(rng.integers(0, 12)), mode=str(rng.choice(["major", "minor"])), low=48, high=76,
                bars=12, beats_per_bar=4, seed=base + 200 + k, split=which,
            ))  # fmt: skip
        rng = np.random.default_rng(_WOBBLY_DRAWS.get(which, (0, 0))[0])
        first = 2 * len(timbres)
        for k, (timbre, program) in enumerate(_WOBBLY.get(which, []) * 2):
            low, high = _RANGES[timbre]
            heavy = k % 2 == 0
            bpm = float(rng.choice([66, 76, 88, 96, 104, 112, 120, 132, 144, 160]))
            out.append(LineSpec(
                name=f"{which}_melody_{first + k:02d}_{timbre}_{bpm:g}", part="melody", program=program, bpm=bpm,
                tonic=int(rng.integers(0, 12)), mode=str(rng.choice(["major", "minor"])), low=low, high=high,
                beats_per_bar=int(rng.choice([4, 4, 3])), seed=_WOBBLY_DRAWS[which][1] + k, split=which,
                vibrato=float(rng.uniform(40, 80)) if heavy else 25.0, scoop=0.3 if heavy else 0.0,
            ))  # fmt: skip
    return [x for x in out if (split is None or x.split == split) and (part is None or x.part == part)]


# --------------------------------------------------------------------------- composing


@dataclass(frozen=True)
class Event:
    """One note in beats: onset, length sounding, pitch, velocity; bends in (beat, cents) points."""

    beat: float
    length: float
    pitch: int
    velocity: int
    vibrato: float = 0.0  # depth, cents
    rate: float = 5.5  # Hz
    scoop: float = 0.0  # cents below at the attack
    scoop_time: float = 0.08  # seconds


def _scale_pitches(spec: LineSpec) -> list[int]:
    steps = MAJOR if spec.mode == "major" else MINOR
    degrees = {(spec.tonic + s) % 12 for s in steps}
    return [p for p in range(spec.low, spec.high + 1) if p % 12 in degrees]


def compose(spec: LineSpec) -> tuple[list[Event], float]:
    """The line's notes as :class:`Event` s (in beats from the first bar) and its length in beats."""
    rng = np.random.default_rng(spec.seed)
    if spec.part == "bass":
        return _bass(spec, rng)
    if spec.part == "chords":
        return _chords(spec, rng)
    pitches = _scale_pitches(spec)
    fast_ok = spec.bpm <= 132
    cells = [
        ("quarters", [1.0, 1.0], 3), ("eighths", [0.5, 0.5], 3), ("dotted", [1.5, 0.5], 2), ("half", [2.0], 2),
        ("sustain", [3.0], 1), ("repeat", [0.5, 0.5, 0.5, 0.5], 2), ("repeatq", [1.0, 1.0], 1), ("leap", [1.0, 1.0], 2),
        ("sync", [0.5, 1.0, 0.5], 1),
    ] + ([("run", [0.25] * 4, 2), ("triplet", [1 / 3] * 3, 1)] if fast_ok else [("run8", [0.5] * 4, 2)])  # fmt: skip
    weights = np.array([w for *_, w in cells], float)
    total = spec.bars * spec.beats_per_bar
    events: list[Event] = []
    beat, i = 0.0, len(pitches) // 2
    while beat < total - 1:
        phrase_end = min(total, beat + spec.beats_per_bar * int(rng.integers(2, 5)) - float(rng.integers(1, 4)))
        gate = float(rng.choice([0.95, 0.85, 0.6]))
        dynamic = int(rng.integers(70, 105))
        while beat < phrase_end - 0.2:
            name, lengths, _ = cells[int(rng.choice(len(cells), p=weights / weights.sum()))]
            if beat + sum(lengths) > phrase_end:
                lengths = [phrase_end - beat]
                name = "end"
            for n, length in enumerate(lengths):
                if name in ("repeat", "repeatq") and n > 0:
                    pass  # the same pitch again
                elif name == "leap" and n == 0:
                    i = int(np.clip(i + rng.choice([-1, 1]) * rng.integers(3, 8), 0, len(pitches) - 1))
                else:
                    step = int(rng.choice([-2, -1, -1, 1, 1, 2]))
                    i = int(np.clip(i + step, 0, len(pitches) - 1))
                    if i in (0, len(pitches) - 1):
                        i = int(np.clip(i - step, 0, len(pitches) - 1))
                seconds = length * 60 / spec.bpm
                held = seconds >= 0.4 and spec.vibrato > 0
                events.append(Event(
                    beat=beat, length=max(length * gate, min(length, 0.1)), pitch=pitches[i],
                    velocity=int(np.clip(dynamic + rng.integers(-10, 11), 40, 120)),
                    vibrato=float(rng.uniform(spec.vibrato / 3, spec.vibrato)) if held else 0.0,
                    rate=float(rng.uniform(4.5, 6.5)),
                    scoop=float(rng.uniform(80, 200)) if rng.random() < spec.scoop and seconds >= 0.2 else 0.0,
                    scoop_time=float(rng.uniform(0.04, 0.12)),
                ))  # fmt: skip
                beat += length
        beat = float(np.ceil(beat * 2) / 2) + float(rng.choice([0.5, 1.0, 2.0]))  # a rest
    return events, float(total)


def _bass(spec: LineSpec, rng) -> tuple[list[Event], float]:
    """Bass patterns bar by bar: roots, root and fifth, pumping eighths, walking, syncopated, held, rests."""
    steps = MAJOR if spec.mode == "major" else MINOR
    roots = [0, 5, 7, 0, 9 if spec.mode == "major" else 8, 5, 7, 0]
    patterns = ["roots", "rootfifth", "pump", "walk", "sync", "held", "octaves"] + (["sixteenths"] if spec.bpm <= 100
                                                                                     else [])  # fmt: skip
    events: list[Event] = []
    for bar in range(spec.bars):
        start = float(bar * spec.beats_per_bar)
        degree = roots[bar % len(roots)]
        root = spec.low + (spec.tonic + degree - spec.low) % 12
        if root + 12 <= 45 and rng.random() < 0.3:
            root += 12
        fifth, octave = root + 7, root + 12 if root + 12 <= spec.high else root
        kind = str(rng.choice(patterns))
        if bar % 4 == 3 and rng.random() < 0.5:
            kind = "rest"
        gate = float(rng.choice([0.9, 0.75, 0.5]))
        notes: list[tuple[float, float, int]] = []
        if kind == "roots":
            notes = [(b, 1.0, root) for b in range(4)]
        elif kind == "rootfifth":
            notes = [(0, 1.5, root), (1.5, 0.5, root), (2, 1.0, fifth), (3, 1.0, octave)]
        elif kind == "pump":
            notes = [(b / 2, 0.5, root) for b in range(8)]
        elif kind == "walk":
            scale = [root + s for s in steps] + [root + 12]
            notes = [(b, 1.0, int(rng.choice(scale[:6]))) for b in range(4)]
        elif kind == "sync":
            notes = [(0, 0.75, root), (0.75, 0.75, root), (1.5, 1.0, fifth), (2.5, 0.5, octave), (3, 1.0, fifth)]
        elif kind == "held":
            notes = [(0, 3.0, root), (3, 1.0, fifth)]
        elif kind == "octaves":
            notes = [(b / 2, 0.5, root if b % 2 == 0 else octave) for b in range(8)]
        elif kind == "sixteenths":
            notes = [(b / 4, 0.25, [root, root, octave, fifth][b % 4]) for b in range(16)]
        for at, length, pitch in notes:
            events.append(Event(start + at, max(length * gate, 0.1), int(pitch), int(rng.integers(80, 115))))
    return events, float(spec.bars * spec.beats_per_bar)


def _chords(spec: LineSpec, rng) -> tuple[list[Event], float]:
    """Triads and sevenths of the key's degrees, close voiced around middle C: held, on beats, or pushed."""
    steps = MAJOR if spec.mode == "major" else MINOR
    events: list[Event] = []
    for bar in range(spec.bars):
        degree = int(rng.choice([0, 3, 4, 5, 1]))
        size = int(rng.choice([3, 3, 4]))
        chord = [spec.tonic + steps[(degree + 2 * i) % 7] + 12 * ((degree + 2 * i) // 7) for i in range(size)]
        chord = [55 + (p - 55) % 12 if i == 0 else p for i, p in enumerate(chord)]
        chord = sorted({chord[0] + (p - chord[0]) % 12 for p in chord})
        rhythm = {
            "held": [(0.0, 4.0)],
            "halves": [(0.0, 2.0), (2.0, 2.0)],
            "beats": [(b, 1.0) for b in range(4)],
            "pushed": [(0.0, 1.5), (1.5, 2.5)],
        }[str(rng.choice(["held", "halves", "beats", "pushed"]))]
        if bar % 4 == 3 and rng.random() < 0.4:
            rhythm = rhythm[:1]
        velocity = int(rng.integers(70, 100))
        for at, length in rhythm:
            for p in chord:
                events.append(Event(bar * spec.beats_per_bar + at, length * 0.9, int(p), velocity))
    return events, float(spec.bars * spec.beats_per_bar)


# --------------------------------------------------------------------------- MIDI and rendering


def write_midi(spec: LineSpec, path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Write the line as a MIDI file at ``path``; return its truth: notes (start, end, pitch), velocities, held."""
    import mido

    events, _ = compose(spec)
    tempo = round(60e6 / spec.bpm)  # microseconds per quarter
    tick_s = tempo / 1e6 / TICKS
    lead = round(LEAD_IN / tick_s)

    def tick(beat: float) -> int:
        return lead + round(beat * TICKS)

    msgs: list[tuple[int, int, object]] = []  # (tick, order, message); order puts bends before notes at a tick

    def bend(at: int, cents: float, order: int = 0) -> None:
        value = int(np.clip(round(cents / (100 * BEND_RANGE) * 8192), -8192, 8191))
        msgs.append((at, order, mido.Message("pitchwheel", channel=0, pitch=value)))

    notes, velocities, held = [], [], []
    for e in events:
        on, off = tick(e.beat), max(tick(e.beat) + 20, tick(e.beat + e.length) - 10)
        msgs.append((on, 2, mido.Message("note_on", channel=0, note=e.pitch, velocity=e.velocity)))
        msgs.append((off, 1, mido.Message("note_off", channel=0, note=e.pitch, velocity=0)))
        bend(on, -e.scoop if e.scoop else 0.0)
        step = max(1, round(0.01 / tick_s))  # a bend every 10 ms
        if e.scoop:
            n = max(1, round(e.scoop_time / tick_s))
            for t in range(step, n + 1, step):
                bend(on + t, -e.scoop * (1 - t / n) ** 2)
        if e.vibrato:
            delay = on + round(0.15 / tick_s)
            for t in range(delay, off, step):
                seconds = (t - delay) * tick_s
                depth = e.vibrato * min(1.0, seconds / 0.2)  # fading in over 0.2 s
                bend(t, depth * np.sin(2 * np.pi * e.rate * seconds))
            bend(off, 0.0)
        notes.append((on * tick_s + RENDER_DELAY, off * tick_s + RENDER_DELAY, e.pitch))
        velocities.append(e.velocity)
        held.append(e.vibrato > 0)
    mid = mido.MidiFile(type=0, ticks_per_beat=TICKS)
    track = mido.MidiTrack()
    mid.tracks.append(track)
    head = [
        mido.MetaMessage("set_tempo", tempo=tempo),
        mido.Message("program_change", channel=0, program=spec.program),
        mido.Message("control_change", channel=0, control=7, value=110),
        # Pitch-bend range: RPN 0 = BEND_RANGE semitones.
        mido.Message("control_change", channel=0, control=101, value=0),
        mido.Message("control_change", channel=0, control=100, value=0),
        mido.Message("control_change", channel=0, control=6, value=int(BEND_RANGE)),
        mido.Message("control_change", channel=0, control=38, value=0),
    ]
    track.extend(head)
    now = 0
    # A later bend at the same tick replaces an earlier one (the last bend of a note before the next note's reset).
    for at, _, msg in sorted(msgs, key=lambda m: (m[0], m[1])):
        track.append(msg.copy(time=at - now))
        now = at
    end = tick(max(e.beat + e.length for e in events)) + round(TAIL / tick_s)
    track.append(mido.MetaMessage("end_of_track", time=end - now))
    mid.save(str(path))
    order = np.argsort([n[0] for n in notes], kind="stable")
    return np.array(notes, float)[order], np.array(velocities, int)[order], np.array(held, bool)[order]


def _digest(spec: LineSpec) -> str:
    source = Path(__file__).read_bytes()
    return hashlib.sha256(repr(spec).encode() + source).hexdigest()[:12]


def render(spec: LineSpec) -> Line:
    """Write and render one line (cached); raise :class:`Unavailable` without fluidsynth."""
    fluidsynth = shutil.which("fluidsynth")
    if fluidsynth is None or not SOUNDFONT.is_file():
        raise Unavailable(
            "fluidsynth or the General MIDI sound font is absent (apt-get install fluidsynth fluid-soundfont-gm)"
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    wav = CACHE / f"{spec.name}-{_digest(spec)}.wav"
    with tempfile.TemporaryDirectory() as tmp:
        midi = Path(tmp) / "line.mid"
        notes, velocities, held = write_midi(spec, midi)
        if not wav.is_file():
            part = wav.with_suffix(f".{Path(tmp).name}.part.wav")
            subprocess.run(
                [fluidsynth, "-ni", "-q", "-g", "0.5", "-r", str(SAMPLE_RATE), "-F", str(part), str(SOUNDFONT),
                 str(midi)],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            part.replace(wav)
    return Line(spec, wav, notes, velocities, held)


def lines(split: str | None = None, part: str | None = None) -> list[Line]:
    """The rendered lines (all, or one split and/or part)."""
    return [render(s) for s in line_specs(split, part)]
