"""The analysis development set: songs whose every beat, bar, chord, key and section is known.

Two kinds, used by ``tests/test_analysis.py`` and ``bench/analysis.py``:

- **Band songs** written here as MIDI (``mido``) and rendered by Debian's
  ``fluidsynth`` with the ``fluid-soundfont-gm`` General MIDI bank: drums,
  bass, chords and a melody, in verse/chorus/bridge sections that repeat, in
  several keys (major and minor), from a 78 BPM ballad to fast rock at 172-188
  BPM, and two 3/4 waltzes. The truth comes from the same numbers that wrote
  the MIDI.
- **Tempo songs**: the four Sectoid songs in ``../shared/audio/tempo`` (tempo
  from their own MIDI, in ``tempo.json``), as they are and time-stretched by
  Rubber Band (``pedalboard.time_stretch``) to x0.8 and x1.25, the truth
  scaled by the rate. Only tempo and metre are known for these.

Rendered audio is cached under ``.cache/devset`` (gitignored) on a hash of
what made it, so a second run reads WAV files. Nothing here imports
``jamwithme``: the set judges the analysis, it does not use it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "devset"
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
#: ../shared beside the project (a git worktree one level deeper finds it one level up).
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared"
)
TEMPO_DIR = SHARED / "audio" / "tempo"
SAMPLE_RATE = 44100
TICKS = 480  # per beat
#: Silence before the first beat, seconds.
LEAD_IN = 0.5
#: Bump when the generator changes what it writes: cached renders are then redone.
VERSION = 3

NAMES_SHARP = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
NAMES_FLAT = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
QUALITIES = {"maj": (0, 4, 7), "min": (0, 3, 7), "7": (0, 4, 7, 10)}


class Unavailable(RuntimeError):
    """The renderer or the source audio is missing here; tests skip with this message."""


@dataclass(frozen=True)
class Chord:
    root: int  # pitch class, 0 = C
    quality: str  # "maj", "min" or "7"


@dataclass(frozen=True)
class SongSpec:
    """A band song: tempo, metre, key, the chord of each bar per section, the form and the style."""

    name: str
    bpm: float
    beats_per_bar: int
    tonic: int
    mode: str  # "major" or "minor"
    sections: dict  # letter -> tuple of chords (one per bar, repeated to fill the section)
    form: str  # e.g. "ABABCB"
    bars_per_section: int
    style: str  # "rock", "pop", "ballad", "waltz"
    programs: tuple = (33, 0, 73)  # bass, chords, melody (General MIDI, 0-based)
    chorus_pad: int = 48  # string ensemble under the chorus
    seed: int = 0
    flats: bool = False

    def name_of(self, pc: int) -> str:
        return (NAMES_FLAT if self.flats else NAMES_SHARP)[pc % 12]

    @property
    def key(self) -> str:
        return f"{self.name_of(self.tonic)} {self.mode}"


@dataclass
class Truth:
    """What a development song is. Times in seconds from the start of its audio."""

    bpm: float
    beats_per_bar: int
    beats: np.ndarray = field(default_factory=lambda: np.zeros(0))
    downbeats: np.ndarray = field(default_factory=lambda: np.zeros(0))
    key: str | None = None
    chords: list = field(default_factory=list)  # (start, end, Harte label)
    sections: list = field(default_factory=list)  # (start, end, letter)

    @property
    def time_signature(self) -> str:
        return f"{self.beats_per_bar}/4"


@dataclass(frozen=True)
class DevSong:
    name: str
    path: Path
    truth: Truth
    kind: str  # "band" or "tempo"


def _c(degree_root: int, quality: str, tonic: int) -> Chord:
    return Chord((tonic + degree_root) % 12, quality)


def _major(tonic: int) -> dict:
    i, ii, iii, iv, v7, vi, v = (
        _c(0, "maj", tonic), _c(2, "min", tonic), _c(4, "min", tonic), _c(5, "maj", tonic),
        _c(7, "7", tonic), _c(9, "min", tonic), _c(7, "maj", tonic),
    )  # fmt: skip
    return {
        "A": (i, vi, iv, v7),
        "B": (iv, v, i, vi, iv, v7, i, i),
        "C": (ii, iii, iv, v7),
    }


def _minor(tonic: int) -> dict:
    i, iv, v7, vi, iii, vii = (
        _c(0, "min", tonic), _c(5, "min", tonic), _c(7, "7", tonic),
        _c(8, "maj", tonic), _c(3, "maj", tonic), _c(10, "maj", tonic),
    )  # fmt: skip
    return {
        "A": (i, iv, i, v7),
        "B": (vi, vii, iii, vi, iv, v7, i, i),
        "C": (iv, i, vi, v7),
    }


def band_specs() -> list[SongSpec]:
    """The synthesised band songs of the development set."""
    specs = [
        ("pop_120_C", 120.0, 4, 0, "major", "pop", (33, 0, 73), False, 8),
        ("rock_176_A", 176.0, 4, 9, "major", "rock", (34, 29, 81), False, 8),
        ("rock_188_Em", 188.0, 4, 4, "minor", "rock", (34, 30, 81), False, 8),
        ("rock_172_D", 172.0, 4, 2, "major", "rock", (34, 29, 56), False, 8),
        ("waltz_138_F", 138.0, 3, 5, "major", "waltz", (32, 0, 40), True, 8),
        ("waltz_96_Dm", 96.0, 3, 2, "minor", "waltz", (32, 46, 71), True, 8),
        ("ballad_78_Bb", 78.0, 4, 10, "major", "ballad", (33, 4, 73), True, 4),
        ("funk_104_Gm", 104.0, 4, 7, "minor", "pop", (36, 16, 65), True, 8),
    ]
    out = []
    for k, (name, bpm, bpb, tonic, mode, style, programs, flats, bars) in enumerate(specs):
        sections = _major(tonic) if mode == "major" else _minor(tonic)
        out.append(
            SongSpec(
                name=name,
                bpm=bpm,
                beats_per_bar=bpb,
                tonic=tonic,
                mode=mode,
                sections=sections,
                form="ABABCB",
                bars_per_section=bars,
                style=style,
                programs=programs,
                seed=k,
                flats=flats,
            )  # fmt: skip
        )
    return out


# --------------------------------------------------------------------------- MIDI


def _bar_plan(spec: SongSpec) -> list[tuple[str, Chord]]:
    plan = []
    for letter in spec.form:
        chords = spec.sections[letter]
        for b in range(spec.bars_per_section):
            plan.append((letter, chords[b % len(chords)]))
    return plan


def _chord_notes(chord: Chord, low: int = 55) -> list[int]:
    """A close voicing of the chord from ``low`` up (the root's pitch class nearest above ``low``)."""
    root = low + (chord.root - low) % 12
    if root > low + 6:
        root -= 12
    return [root + i for i in QUALITIES[chord.quality]]


def _drum_hits(style: str, letter: str, beats_per_bar: int, last_bar_of_section: bool) -> list[tuple[float, int, int]]:
    """(beat offset within the bar, GM drum note, velocity)."""
    kick, snare, hat, open_hat, ride, stick = 36, 38, 42, 46, 51, 37
    chorus = letter == "B"
    hits: list[tuple[float, int, int]] = []
    if style == "waltz":
        hits += [(0.0, kick, 100), (0.0, hat, 70), (1.0, hat, 60), (2.0, hat, 60)]
        hits += [(1.0, snare, 45 if not chorus else 60), (2.0, snare, 40 if not chorus else 55)]
        return hits
    top = ride if chorus else hat
    if style == "rock":
        for e in range(8):
            hits.append((e / 2, top if e % 2 == 0 or not chorus else open_hat, 90 if e % 2 == 0 else 70))
        hits += [(0.0, kick, 115), (2.0, kick, 110), (1.0, snare, 115), (3.0, snare, 115)]
        if chorus:
            hits.append((2.5, kick, 100))
    elif style == "ballad":
        for e in range(8):
            hits.append((e / 2, hat, 70 if e % 2 == 0 else 50))
        hits += [(0.0, kick, 100), (2.0, kick, 90), (2.5, kick, 80)]
        hits += [(1.0, snare if chorus else stick, 95), (3.0, snare if chorus else stick, 95)]
    else:  # pop / funk
        for e in range(8):
            hits.append((e / 2, top, 85 if e % 2 == 0 else 60))
        hits += [(0.0, kick, 110), (1.5, kick, 90), (2.0, kick, 105), (1.0, snare, 110), (3.0, snare, 110)]
    if last_bar_of_section:
        hits += [(3.5, snare, 90)]
    return hits


def write_midi(spec: SongSpec, path: Path) -> Truth:
    """Write ``spec`` as a type-1 MIDI file at ``path``; return its truth."""
    import mido

    rng = np.random.default_rng(spec.seed)
    bpb = spec.beats_per_bar
    plan = _bar_plan(spec)
    lead_ticks = round(LEAD_IN * spec.bpm / 60 * TICKS)
    events: dict[int, list] = {ch: [] for ch in (0, 1, 2, 3, 9)}  # channel -> (tick, kind, note, vel)

    def note(ch: int, start_beat: float, length_beats: float, pitch: int, vel: int) -> None:
        on = lead_ticks + round(start_beat * TICKS)
        off = lead_ticks + round((start_beat + length_beats) * TICKS) - 10
        events[ch].append((on, 1, pitch, int(np.clip(vel + rng.integers(-6, 7), 1, 127))))
        events[ch].append((off, 0, pitch, 0))

    scale = [0, 2, 4, 5, 7, 9, 11] if spec.mode == "major" else [0, 2, 3, 5, 7, 8, 11]
    for b, (letter, chord) in enumerate(plan):
        start = b * bpb
        end_of_section = (b + 1) % spec.bars_per_section == 0
        if b % spec.bars_per_section == 0:
            note(9, start, 1, 49, 100 if letter == "B" else 80)  # crash on each section's first beat
        for offset, drum, vel in _drum_hits(spec.style, letter, bpb, end_of_section):
            if offset < bpb:
                note(9, start + offset, 0.25, drum, vel)
        # bass: the root, low
        root = 36 + (chord.root - 36) % 12
        fifth = root + 7
        if spec.style == "rock":
            for e in range(2 * bpb):
                note(0, start + e / 2, 0.45, root, 100)
        elif spec.style == "waltz":
            note(0, start, 0.95, root, 105)
        elif spec.style == "ballad":
            note(0, start, 2.9, root, 95)
            note(0, start + 3, 0.9, fifth, 85)
        else:
            for offset, pitch in ((0, root), (1.5, root), (2, fifth), (3, root + 12)):
                note(0, start + offset, 0.45, pitch, 100)
        # chords
        voicing = _chord_notes(chord)
        if spec.style == "waltz":
            for beat in (1, 2):
                for p in voicing:
                    note(1, start + beat, 0.9, p, 80)
        elif spec.style == "rock":
            for beat in range(bpb):
                for p in voicing:
                    note(1, start + beat, 0.9, p, 85)
        else:
            for p in voicing:
                note(1, start, bpb - 0.05, p, 70)
            for p in voicing:
                note(1, start + 2.5, 0.4, p, 55)
        if letter == "B":  # a string pad under the chorus
            for p in voicing:
                note(3, start, bpb, p - 12 if p > 60 else p, 60)
        # melody: chord tones on strong beats, scale steps between
        tones = [60 + (chord.root + i - 60) % 12 + (12 if letter == "B" else 0) for i in QUALITIES[chord.quality][:3]]
        beat = 0.0
        while beat < bpb:
            length = float(rng.choice([1.0, 1.0, 2.0, 0.5])) if spec.bpm < 150 else float(rng.choice([1.0, 2.0]))
            length = min(length, bpb - beat)
            if beat == int(beat):
                pitch = int(rng.choice(tones))
            else:
                pitch = 60 + (spec.tonic + int(rng.choice(scale)) - 60) % 12 + (12 if letter == "B" else 0)
            if rng.random() > 0.15:
                note(2, start + beat, length * 0.95, pitch + 12, 90)
            beat += length
    total_beats = len(plan) * bpb
    # the ending: the tonic on the next downbeat, held
    tonic_chord = Chord(spec.tonic, "maj" if spec.mode == "major" else "min")
    for p in _chord_notes(tonic_chord):
        note(1, total_beats, bpb * 1.5, p, 80)
    note(0, total_beats, bpb * 1.5, 36 + (spec.tonic - 36) % 12, 100)
    note(9, total_beats, 1, 49, 100)
    note(9, total_beats, 1, 36, 110)

    mid = mido.MidiFile(type=1, ticks_per_beat=TICKS)
    meta = mido.MidiTrack()
    meta.append(mido.MetaMessage("set_tempo", tempo=round(60e6 / spec.bpm), time=0))
    meta.append(mido.MetaMessage("time_signature", numerator=bpb, denominator=4, time=0))
    mid.tracks.append(meta)
    programs = {0: spec.programs[0], 1: spec.programs[1], 2: spec.programs[2], 3: spec.chorus_pad}
    for ch, evs in events.items():
        track = mido.MidiTrack()
        if ch in programs:
            track.append(mido.Message("program_change", channel=ch, program=programs[ch], time=0))
        volume = {0: 110, 1: 85, 2: 90, 3: 70, 9: 105}[ch]
        track.append(mido.Message("control_change", channel=ch, control=7, value=volume, time=0))
        now = 0
        for tick, kind, pitch, vel in sorted(evs, key=lambda e: (e[0], e[1])):
            msg = "note_on" if kind else "note_off"
            track.append(mido.Message(msg, channel=ch, note=pitch, velocity=vel, time=tick - now))
            now = tick
        mid.tracks.append(track)
    mid.save(str(path))

    period = 60.0 / spec.bpm
    beats = LEAD_IN + np.arange(total_beats + 1) * period  # the ending's downbeat included
    downbeats = beats[::bpb]
    bar_len = bpb * period
    chords, sections = [], []
    for b, (letter, chord) in enumerate(plan):
        t0 = LEAD_IN + b * bar_len
        label = f"{spec.name_of(chord.root)}:{chord.quality}"
        if chords and chords[-1][2] == label and abs(chords[-1][1] - t0) < 1e-9:
            chords[-1] = (chords[-1][0], t0 + bar_len, label)
        else:
            chords.append((t0, t0 + bar_len, label))
        if b % spec.bars_per_section == 0:
            sections.append((t0, t0 + spec.bars_per_section * bar_len, letter))
    t_end = LEAD_IN + total_beats * period
    sections.append((t_end, t_end + bpb * 1.5 * period, chr(ord(max(spec.form)) + 1)))  # the ending
    chords.append((t_end, t_end + bpb * 1.5 * period, f"{spec.name_of(spec.tonic)}:{tonic_chord.quality}"))
    return Truth(
        bpm=spec.bpm, beats_per_bar=bpb, beats=beats, downbeats=downbeats, key=spec.key,
        chords=chords, sections=sections,
    )  # fmt: skip


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps([VERSION, *parts], default=str, sort_keys=True).encode()).hexdigest()[:12]


def render_band_song(spec: SongSpec) -> DevSong:
    """Write and render one band song (cached); raise :class:`Unavailable` without fluidsynth."""
    fluidsynth = shutil.which("fluidsynth")
    if fluidsynth is None or not SOUNDFONT.is_file():
        raise Unavailable(
            "fluidsynth or the General MIDI sound font is absent (apt-get install fluidsynth fluid-soundfont-gm)"
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    wav = CACHE / f"{spec.name}-{_digest(repr(spec))}.wav"
    with tempfile.TemporaryDirectory() as tmp:
        midi = Path(tmp) / "song.mid"
        truth = write_midi(spec, midi)
        if not wav.is_file():
            part = wav.with_suffix(".part.wav")
            subprocess.run(
                [fluidsynth, "-ni", "-q", "-g", "0.6", "-r", str(SAMPLE_RATE), "-F", str(part), str(SOUNDFONT),
                 str(midi)],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            part.replace(wav)
    return DevSong(spec.name, wav, truth, "band")


def tempo_songs(rates: tuple[float, ...] = (1.0, 0.8, 1.25)) -> list[DevSong]:
    """The Sectoid songs at each rate (stretched ones cached); raise :class:`Unavailable` if absent."""
    info = TEMPO_DIR / "tempo.json"
    if not info.is_file():
        raise Unavailable(f"{TEMPO_DIR} is absent: the tempo songs come from ../shared beside the project")
    songs = json.loads(info.read_text())["songs"]
    out = []
    for file, meta in sorted(songs.items()):
        source = TEMPO_DIR / file
        for rate in rates:
            truth = Truth(bpm=meta["bpm"] * rate, beats_per_bar=meta["beats_per_bar"])
            name = f"{Path(file).stem.replace('Sectoid_-_', '')}_x{rate:g}"
            path = source if rate == 1.0 else _stretched(source, rate)
            out.append(DevSong(name, path, truth, "tempo"))
    return out


def _stretched(source: Path, rate: float) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"{source.stem}-x{rate:g}-{_digest(source.name, source.stat().st_size, rate)}.wav"
    if out.is_file():
        return out
    import pedalboard
    import soundfile as sf

    y, sr = sf.read(str(source), dtype="float32", always_2d=True)
    stretched = pedalboard.time_stretch(np.ascontiguousarray(y.T), sr, stretch_factor=rate)
    part = out.with_suffix(".part.wav")
    sf.write(str(part), stretched.T, sr, subtype="PCM_16")
    part.replace(out)
    return out


def band_songs(names: list[str] | None = None) -> list[DevSong]:
    """The rendered band songs (all, or those named)."""
    specs = [s for s in band_specs() if names is None or s.name in names]
    return [render_band_song(s) for s in specs]


def dev_set() -> list[DevSong]:
    """Every song of the development set that can be made here (band songs first)."""
    out: list[DevSong] = []
    for make in (band_songs, tempo_songs):
        try:
            out += make()
        except Unavailable:
            pass
    return out


# --------------------------------------------------------------------------- scores


def tempo_scores(found: float, true: float) -> tuple[bool, bool, bool]:
    """Acc1, Acc2, and whether it is a 2/3 or 3/2 error."""
    ratio = found / true

    def near(r: float) -> bool:
        return abs(ratio / r - 1.0) <= 0.04

    return near(1.0), any(near(r) for r in (1.0, 2.0, 0.5, 3.0, 1 / 3)), near(2 / 3) or near(1.5)


def evaluate(song, analysis) -> dict:
    import mir_eval

    t = song.truth
    acc1, acc2, ternary = tempo_scores(analysis.tempo, t.bpm)
    row = {"acc1": acc1, "acc2": acc2, "ternary": ternary, "meter": analysis.time_signature == t.time_signature}
    if t.beats.size:
        trim = mir_eval.beat.trim_beats
        row["beat_f"] = mir_eval.beat.f_measure(trim(t.beats), trim(analysis.beats))
        row["downbeat_f"] = mir_eval.beat.f_measure(trim(t.downbeats), trim(analysis.downbeats))
    if t.key:
        row["key"] = mir_eval.key.weighted_score(_mirex_key(t.key), _mirex_key(analysis.key))
        ref_iv = np.array([[a, b] for a, b, _ in t.chords])
        ref_lab = [c for _, _, c in t.chords]
        est_iv = np.array([[a, b] for a, b, _ in analysis.chords])
        est_lab = [c for _, _, c in analysis.chords]
        est_iv, est_lab = mir_eval.util.adjust_intervals(
            est_iv, est_lab, ref_iv.min(), ref_iv.max(), mir_eval.chord.NO_CHORD, mir_eval.chord.NO_CHORD
        )
        iv, ref_l, est_l = mir_eval.util.merge_labeled_intervals(ref_iv, ref_lab, est_iv, est_lab)
        row["majmin"] = mir_eval.chord.weighted_accuracy(mir_eval.chord.majmin(ref_l, est_l), np.diff(iv).ravel())
        ref_s = np.array([[a, b] for a, b, _ in t.sections])
        est_s = np.array([[a, b] for a, b, _ in analysis.sections])
        row["boundary_f"] = mir_eval.segment.detection(ref_s, est_s, window=3.0, trim=True)[2]
    return row


def _mirex_key(key: str) -> str:
    tonic, mode = key.split()
    return f"{tonic} {mode}"
