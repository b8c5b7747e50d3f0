"""The analysis development set: songs whose every beat, bar, chord, key and section is known.

Two kinds, used by ``tests/test_analysis.py`` and ``bench/analysis.py``:

- **Band songs** written as MIDI (``tests/song_midi.py``, with ``mido``) and
  rendered by Debian's ``fluidsynth`` with the ``fluid-soundfont-gm`` General
  MIDI bank. 55 songs: forms with intros, verses, choruses, bridges, solos and
  outros of 2 to 16 bars; 4/4, 3/4, 6/8 and 12/8, and two songs with a 2/4
  bar; 60 to 200 BPM; straight, shuffled and swung; a ritardando, a live
  band's +-2 % wander or a rubato intro on eight of them; a key change on
  three; rock, metal, pop, funk, disco, ballads, country, folk without a kit,
  jazz, waltzes, 6/8 and 12/8 blues, on 17 instrument sets. The truth comes
  from the same numbers that wrote the MIDI.
- **Tempo songs**: the four Sectoid songs in ``../shared/audio/tempo`` (real
  recordings; tempo from their own MIDI, in ``tempo.json``), as they are and
  played x0.8 and x1.25 as fast as a tape is (resampled: every time scales
  exactly, the pitch moves too), the truth scaled by the rate. Only tempo and
  metre are known, and that the tempo is constant: their grid is that tempo at the best phase.

**The split.** Each band song is in the ``"tune"`` part (the eight songs the
analysis was first tuned on, and 21 new ones) or the ``"heldout"`` part (26
songs, with instrument sets, styles and tempi the tune part does not have in
that combination). Tune thresholds on ``dev_set("tune")`` only; report
``dev_set("heldout")``.

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import song_midi
from song_midi import NAMES_FLAT, NAMES_SHARP, PART_NAMES, Band, Chord, Meter, Part, SongSpec, Truth, write_midi

__all__ = ["DevSong", "SongSpec", "Truth", "Unavailable", "band_songs", "band_specs", "describe", "dev_set",
           "evaluate", "fresh_songs", "fresh_specs", "tempo_songs"]  # fmt: skip

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "devset"
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
#: ../shared beside the project (a git worktree one level deeper finds it one level up).
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared"
)
TEMPO_DIR = SHARED / "audio" / "tempo"
SAMPLE_RATE = 44100
#: Bump when the rendering changes (the composer's own source is part of each render's hash already).
VERSION = 4
SPLITS = ("tune", "heldout")


class Unavailable(RuntimeError):
    """The renderer or the source audio is missing here; tests skip with this message."""


@dataclass(frozen=True)
class DevSong:
    name: str
    path: Path
    truth: Truth
    kind: str  # "band" or "tempo"
    split: str = "tune"  # "tune" or "heldout" (tempo songs: "real")


# --------------------------------------------------------------------------- harmony, forms, bands

_MAJOR = {"I": (0, "maj"), "ii": (2, "min"), "iii": (4, "min"), "IV": (5, "maj"), "V": (7, "maj"), "V7": (7, "7"),
          "vi": (9, "min"), "bVII": (10, "maj"), "I7": (0, "7"), "IV7": (5, "7"), "II7": (2, "7"),
          "Imaj7": (0, "maj7"), "IVmaj7": (5, "maj7"), "ii7": (2, "min7"), "iii7": (4, "min7"),
          "vi7": (9, "min7")}  # fmt: skip
_MINOR = {"i": (0, "min"), "iv": (5, "min"), "v": (7, "min"), "V7": (7, "7"), "V": (7, "maj"), "bVI": (8, "maj"),
          "bIII": (3, "maj"), "bVII": (10, "maj"), "i7": (0, "min7"), "iv7": (5, "min7"), "bVImaj7": (8, "maj7"),
          "bIIImaj7": (3, "maj7")}  # fmt: skip
#: Progressions per part kind; "a/b" is a bar split between two chords.
HARMONY = {
    "M1": {"verse": "I vi IV V7", "chorus": "IV V I vi", "bridge": "ii iii IV V7"},
    "M2": {"verse": "I V vi IV", "chorus": "vi IV I V", "bridge": "IV I/V vi V7"},
    "M3": {"verse": "I IV I V7", "chorus": "IV I V7 I", "bridge": "vi iii IV V7"},
    "M4": {"verse": "Imaj7 vi7 ii7 V7", "chorus": "IVmaj7 iii7 vi7 II7", "bridge": "ii7 V7 Imaj7 Imaj7"},
    "M5": {"verse": "I7 I7 I7 I7 IV7 IV7 I7 I7 V7 IV7 I7 V7", "chorus": "IV7 IV7 I7 I7", "bridge": "V7 IV7 I7 V7"},
    "M6": {"verse": "I iii IV V", "chorus": "I V/vi IV V", "bridge": "bVII IV I I"},
    "m1": {"verse": "i iv i V7", "chorus": "bVI bVII bIII bVI", "bridge": "iv i bVI V7"},
    "m2": {"verse": "i bVII bVI bVII", "chorus": "i bVI bIII bVII", "bridge": "iv v bVI bVII"},
    "m3": {"verse": "i bVI bIII bVII", "chorus": "bVI bVII i i", "bridge": "iv i/v bVI V7"},
    "m4": {"verse": "i7 iv7 i7 V7", "chorus": "bVImaj7 bVII bIIImaj7 V7", "bridge": "iv7 V7 i7 i7"},
}
#: (part kind, bars); intros take the chorus's chords, solos the verse's, outros the chorus's.
FORMS = {
    "pop": (("intro", 4), ("verse", 8), ("chorus", 8), ("verse", 8), ("chorus", 8), ("bridge", 8), ("chorus", 8),
            ("outro", 4)),
    "long": (("intro", 8), ("verse", 16), ("chorus", 8), ("verse", 16), ("chorus", 8), ("solo", 8), ("chorus", 16),
             ("outro", 4)),
    "direct": (("verse", 8), ("chorus", 8), ("verse", 8), ("chorus", 8), ("bridge", 4), ("chorus", 8), ("outro", 2)),
    "aaba": (("intro", 4), ("verse", 8), ("verse", 8), ("bridge", 8), ("verse", 8), ("solo", 16), ("verse", 8),
             ("outro", 4)),
    "blues": (("intro", 4), ("verse", 12), ("verse", 12), ("solo", 12), ("verse", 12), ("outro", 4)),
    "prechorus": (("intro", 4), ("verse", 8), ("bridge", 4), ("chorus", 8), ("verse", 8), ("bridge", 4),
                  ("chorus", 8), ("outro", 8)),
    "solo": (("intro", 4), ("verse", 8), ("chorus", 8), ("verse", 8), ("chorus", 8), ("solo", 8), ("bridge", 4),
             ("chorus", 8), ("chorus", 8), ("outro", 4)),
    "short": (("intro", 4), ("verse", 16), ("chorus", 8), ("verse", 16), ("chorus", 8), ("outro", 4)),
}  # fmt: skip
BANDS = {  # bass, comping, lead, pad, solo (General MIDI programs, 0-based)
    "rock": Band(34, 29, 81, 48, 30), "metal": Band(34, 30, 30, 48, 30), "pop": Band(33, 4, 73, 89, 81),
    "ballad": Band(35, 0, 71, 49, 65), "jazz": Band(32, 26, 65, 48, 56), "folk": Band(32, 25, 22, 48, 105),
    "country": Band(33, 25, 110, 48, 27), "synth": Band(39, 5, 85, 90, 80), "funk": Band(36, 28, 61, 89, 27),
    "organ": Band(33, 18, 54, 52, 29), "world": Band(32, 24, 75, 52, 104), "chamber": Band(43, 46, 68, 48, 40),
    "accordion": Band(32, 21, 22, 48, 71), "brass": Band(58, 0, 56, 61, 57), "vibes": Band(32, 11, 66, 48, 11),
    "church": Band(33, 19, 52, 48, 68), "disco": Band(38, 16, 62, 50, 80),
}  # fmt: skip
TONICS = {"C": 0, "C#": 1, "Db": 1, "D": 2, "Eb": 3, "E": 4, "F": 5, "F#": 6, "Gb": 6, "G": 7, "Ab": 8, "A": 9,
          "Bb": 10, "B": 11}  # fmt: skip


def _chords(progression: str, tonic: int, mode: str) -> tuple:
    table = _MAJOR if mode == "major" else _MINOR

    def one(symbol: str) -> Chord:
        degree, quality = table[symbol]
        return Chord((tonic + degree) % 12, quality)

    return tuple(tuple(one(s) for s in bar.split("/")) if "/" in bar else one(bar) for bar in progression.split())


def _form(name: str, harmony: str, tonic: int, mode: str, intro_from: str = "chorus") -> tuple:
    prog = HARMONY[harmony]
    source = {"intro": intro_from, "verse": "verse", "chorus": "chorus", "bridge": "bridge", "solo": "verse",
              "outro": "chorus"}  # fmt: skip
    return tuple(Part(kind, bars, _chords(prog[source[kind]], tonic, mode)) for kind, bars in FORMS[name])


def _last_bar_of_first(form: tuple, kind: str) -> int:
    bar = 0
    for part in form:
        bar += part.bars
        if part.kind == kind:
            return bar - 1
    raise ValueError(kind)


# name, style, metre, bpm, key, harmony, form, band, extras
_TUNE = [
    ("pop_112_E", "pop", "4/4", 112, "E major", "M2", "pop", "pop", {}),
    ("rock_150_Gm", "rock", "4/4", 150, "G minor", "m2", "solo", "rock", {"flats": True}),
    ("metal_196_Dm", "metal", "4/4", 196, "D minor", "m1", "long", "metal", {}),
    ("ballad_64_Eb", "ballad", "4/4", 64, "Eb major", "M1", "direct", "ballad", {"flats": True}),
    ("waltz_150_C", "waltz", "3/4", 150, "C major", "M3", "short", "chamber", {}),
    ("sixeight_66_A", "sixeight", "6/8", 66, "A major", "M1", "pop", "pop", {}),
    ("sixeight_100_Bm", "sixeight", "6/8", 100, "B minor", "m3", "pop", "rock", {}),
    ("blues128_60_F", "twelveeight", "12/8", 60, "F major", "M5", "blues", "jazz", {"flats": True}),
    ("shuffle_132_G", "shuffle", "4/4", 132, "G major", "M3", "pop", "rock", {"swing": 2 / 3}),
    ("jazz_176_Bb", "jazz", "4/4", 176, "Bb major", "M4", "aaba", "jazz", {"swing": 0.62, "flats": True}),
    ("jazzwaltz_140_Dm", "jazzwaltz", "3/4", 140, "D minor", "m4", "short", "jazz", {"swing": 0.62, "flats": True}),
    ("funk_98_Cm", "funk", "4/4", 98, "C minor", "m3", "prechorus", "funk", {"flats": True}),
    ("disco_124_F#m", "disco", "4/4", 124, "F# minor", "m1", "pop", "synth", {}),
    ("folk_92_D", "folk", "4/4", 92, "D major", "M3", "short", "folk", {"humanize": 0.006}),
    ("country_160_A", "country", "4/4", 160, "A major", "M3", "pop", "folk", {}),
    ("ritballad_72_G", "ballad", "4/4", 72, "G major", "M1", "direct", "chamber", {"tempo": "ritardando"}),
    ("wanderrock_126_Em", "rock", "4/4", 126, "E minor", "m2", "solo", "rock",
     {"tempo": "wander", "humanize": 0.006}),
    ("rubatopop_84_Ab", "pop", "4/4", 84, "Ab major", "M2", "pop", "pop", {"tempo": "rubato", "flats": True}),
    ("modpop_104_D", "pop", "4/4", 104, "D major", "M1", "solo", "synth", {"modulation": 2}),
    ("shortbar_140_C", "rock", "4/4", 140, "C major", "M2", "pop", "rock", {"short_bar": "chorus"}),
    ("nokit_76_Fm", "none", "4/4", 76, "F minor", "m1", "short", "chamber", {"flats": True}),
]  # fmt: skip
_HELDOUT = [
    ("ballad_62_C", "ballad", "4/4", 62, "C major", "M2", "pop", "church", {}),
    ("metal_184_Em", "metal", "4/4", 184, "E minor", "m2", "long", "metal", {}),
    ("rock_160_Am", "rock", "4/4", 160, "A minor", "m1", "solo", "metal", {}),
    ("sixeight_72_D", "sixeight", "6/8", 72, "D major", "M1", "pop", "world", {}),
    ("sixeight_110_Em", "sixeight", "6/8", 110, "E minor", "m3", "short", "organ", {}),
    ("sixeight_60_Bb", "sixeight", "6/8", 60, "Bb major", "M2", "direct", "brass", {"flats": True}),
    ("waltz_120_G", "waltz", "3/4", 120, "G major", "M3", "short", "accordion", {}),
    ("waltz_180_Cm", "waltz", "3/4", 180, "C minor", "m1", "short", "brass", {"flats": True}),
    ("jazzwaltz_112_F", "jazzwaltz", "3/4", 112, "F major", "M4", "short", "vibes", {"swing": 0.62, "flats": True}),
    ("blues128_66_E", "twelveeight", "12/8", 66, "E major", "M5", "blues", "organ", {}),
    ("shuffle_118_Bb", "shuffle", "4/4", 118, "Bb major", "M5", "blues", "brass", {"swing": 2 / 3, "flats": True}),
    ("jazz_200_Eb", "jazz", "4/4", 200, "Eb major", "M4", "aaba", "vibes", {"swing": 0.6, "flats": True}),
    ("funk_108_Db", "funk", "4/4", 108, "Db major", "M2", "prechorus", "brass", {"flats": True}),
    ("disco_118_Am", "disco", "4/4", 118, "A minor", "m3", "pop", "organ", {}),
    ("folk_84_G", "folk", "4/4", 84, "G major", "M3", "short", "country", {"humanize": 0.006}),
    ("country_172_E", "country", "4/4", 172, "E major", "M6", "solo", "country", {}),
    ("ritrock_96_F", "rock", "4/4", 96, "F major", "M1", "direct", "organ", {"tempo": "ritardando", "flats": True}),
    ("ritsixeight_80_Gm", "sixeight", "6/8", 80, "G minor", "m1", "pop", "world",
     {"tempo": "ritardando", "flats": True}),
    ("wanderpop_100_B", "pop", "4/4", 100, "B major", "M2", "pop", "vibes", {"tempo": "wander", "humanize": 0.006}),
    ("wanderballad_70_F#m", "ballad", "4/4", 70, "F# minor", "m3", "direct", "church",
     {"tempo": "wander", "humanize": 0.006}),
    ("rubatoballad_76_A", "ballad", "4/4", 76, "A major", "M1", "pop", "brass", {"tempo": "rubato"}),
    ("modrock_138_G", "rock", "4/4", 138, "G major", "M6", "solo", "metal", {"modulation": 1}),
    ("shortbar_116_F", "pop", "4/4", 116, "F major", "M1", "pop", "world", {"short_bar": "chorus", "flats": True}),
    ("nokit_88_Cm", "none", "4/4", 88, "C minor", "m1", "short", "accordion", {"flats": True}),
    ("pop_132_C#m", "pop", "4/4", 132, "C# minor", "m2", "pop", "organ", {}),
    ("metal_200_Bm", "metal", "4/4", 200, "B minor", "m1", "long", "metal", {}),
]  # fmt: skip


def _legacy() -> list[SongSpec]:
    """The eight songs the analysis was first tuned on (verse, chorus, bridge: A B A B C B), in the tune part."""
    rows = [
        ("pop_120_C", 120.0, "4/4", "C major", "pop", (33, 0, 73), False, 8),
        ("rock_176_A", 176.0, "4/4", "A major", "rock", (34, 29, 81), False, 8),
        ("rock_188_Em", 188.0, "4/4", "E minor", "rock", (34, 30, 81), False, 8),
        ("rock_172_D", 172.0, "4/4", "D major", "rock", (34, 29, 56), False, 8),
        ("waltz_138_F", 138.0, "3/4", "F major", "waltz", (32, 0, 40), True, 8),
        ("waltz_96_Dm", 96.0, "3/4", "D minor", "waltz", (32, 46, 71), True, 8),
        ("ballad_78_Bb", 78.0, "4/4", "Bb major", "ballad", (33, 4, 73), True, 4),
        ("funk_104_Gm", 104.0, "4/4", "G minor", "pop", (36, 16, 65), True, 8),
    ]
    legacy = {
        "major": {"verse": "I vi IV V7", "chorus": "IV V I vi IV V7 I I", "bridge": "ii iii IV V7"},
        "minor": {"verse": "i iv i V7", "chorus": "bVI bVII bIII bVI iv V7 i i", "bridge": "iv i bVI V7"},
    }
    out = []
    for k, (name, bpm, metre, key, style, programs, flats, bars) in enumerate(rows):
        tonic_name, mode = key.split()
        tonic = TONICS[tonic_name]
        form = tuple(
            Part(kind, bars, _chords(legacy[mode][kind], tonic, mode))
            for kind in ("verse", "chorus", "verse", "chorus", "bridge", "chorus")
        )
        band = Band(programs[0], programs[1], programs[2], 48, 29)
        out.append(SongSpec(name=name, bpm=bpm, meter=Meter.parse(metre), tonic=tonic, mode=mode, form=form,
                            style=style, band=band, flats=flats, seed=k, split="tune"))  # fmt: skip
    return out


def band_specs(split: str | None = None) -> list[SongSpec]:
    """The band songs of the development set: all, or one part of the split (``"tune"`` or ``"heldout"``)."""
    if split not in (None, *SPLITS):
        raise ValueError(f"split={split!r} must be one of {SPLITS} or None")
    out = _legacy()
    for part, rows in (("tune", _TUNE), ("heldout", _HELDOUT)):
        for k, (name, style, metre, bpm, key, harmony, form_name, band, extra) in enumerate(rows):
            tonic_name, mode = key.split()
            tonic = TONICS[tonic_name]
            extra = dict(extra)
            form = _form(form_name, harmony, tonic, mode, intro_from="verse" if k % 3 == 0 else "chorus")
            if extra.get("short_bar"):
                extra["short_bar"] = _last_bar_of_first(form, extra["short_bar"])
            out.append(
                SongSpec(name=name, bpm=float(bpm), meter=Meter.parse(metre), tonic=tonic, mode=mode, form=form,
                         style=style, band=BANDS[band], seed=100 * (part == "heldout") + k + 10, split=part, **extra)
            )  # fmt: skip
    return [s for s in out if split is None or s.split == split]


# --------------------------------------------------------------------------- fresh songs (the blind test)

#: General MIDI programs (0-based) each role of a fresh band is drawn from: wider than the fixed bands.
FRESH_PROGRAMS = {
    "bass": (32, 33, 34, 35, 36, 37, 38, 39, 43, 58),
    "comp": (0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 16, 17, 18, 19, 21, 24, 25, 26, 27, 28, 29, 30, 46, 108),
    "lead": (22, 40, 41, 52, 53, 54, 56, 57, 59, 60, 64, 65, 66, 68, 69, 70, 71, 72, 73, 74, 75, 79, 80, 81, 82,
             83, 84, 85, 109, 110),
    "pad": (48, 49, 50, 51, 52, 61, 88, 89, 90, 91, 92, 94, 95),
    "solo": (11, 27, 29, 30, 40, 56, 64, 65, 66, 71, 80, 81, 84, 104, 105, 110),
}  # fmt: skip
#: The styles (drum pattern, bass and comping) each metre is played in, and each style's tempo range (BPM).
FRESH_STYLES = {
    "4/4": {"rock": (90, 200), "metal": (140, 200), "pop": (76, 150), "ballad": (60, 92), "funk": (84, 124),
            "disco": (108, 132), "country": (96, 200), "folk": (66, 144), "shuffle": (84, 168), "jazz": (96, 200),
            "none": (60, 132)},
    "3/4": {"waltz": (72, 200), "jazzwaltz": (96, 200)},
    "6/8": {"sixeight": (60, 132)},
    "12/8": {"twelveeight": (60, 96)},
}  # fmt: skip
FRESH_METRES = (("4/4", 0.55), ("3/4", 0.2), ("6/8", 0.18), ("12/8", 0.07))
#: Chords a fresh progression may use, by where they may stand (the first chord of a verse is the tonic).
_FRESH_CHORDS = {
    "major": ("I", "ii", "iii", "IV", "V", "V7", "vi", "bVII", "Imaj7", "IVmaj7", "ii7", "vi7", "iii7"),
    "minor": ("i", "iv", "v", "V7", "V", "bVI", "bIII", "bVII", "i7", "iv7", "bVImaj7", "bIIImaj7"),
}
#: Keys written with flats, as a musician spells them.
_FLAT_KEYS = {("major", t) for t in (1, 3, 5, 8, 10)} | {("minor", t) for t in (0, 2, 3, 5, 7, 10)}


def _fresh_progression(rng, mode: str, kind: str) -> str:
    """Four (sometimes two or eight) bars of chords; a verse starts on the tonic, a bridge away from it."""
    pool = _FRESH_CHORDS[mode]
    tonic = "I" if mode == "major" else "i"
    n = int(rng.choice([2, 4, 4, 4, 8]))
    bars = [str(rng.choice(pool)) for _ in range(n)]
    if kind == "verse":
        bars[0] = tonic
    elif kind == "bridge" and bars[0] in (tonic, tonic + "7", "Imaj7"):
        bars[0] = "IV" if mode == "major" else "iv"
    if n >= 4 and rng.random() < 0.2:  # a bar split between two chords
        k = int(rng.integers(1, n))
        bars[k] = f"{bars[k]}/{rng.choice(pool)}"
    return " ".join(bars)


def _fresh_form(rng, meter: Meter) -> list[tuple[str, int]]:
    """(part kind, bars): an intro now and then, verse and chorus two or three times, a bridge or solo, an outro."""
    lengths = (4, 8, 8, 12, 16) if meter.beats <= 2 else (4, 6, 8, 8, 12, 16)
    out = []
    if rng.random() < 0.75:
        out.append(("intro", int(rng.choice([2, 4, 4, 8]))))
    verse, chorus = int(rng.choice(lengths)), int(rng.choice([4, 8, 8, 16]))
    pre = int(rng.choice([2, 4])) if rng.random() < 0.2 else 0
    middle = rng.choice(["bridge", "solo", "both", "none"], p=[0.35, 0.25, 0.15, 0.25])
    for cycle in range(int(rng.choice([2, 2, 3]))):
        out.append(("verse", verse if cycle == 0 or rng.random() < 0.6 else max(4, verse // 2)))
        if pre:
            out.append(("bridge", pre))
        out.append(("chorus", chorus))
    if middle in ("bridge", "both") and not pre:
        out.append(("bridge", int(rng.choice([4, 8, 8]))))
    if middle in ("solo", "both"):
        out.append(("solo", int(rng.choice([4, 8, 12, 16]))))
    if middle != "none":
        out.append(("chorus", chorus * int(rng.choice([1, 1, 2]))))
    if rng.random() < 0.7:
        out.append(("outro", int(rng.choice([2, 4, 4, 8]))))
    return out


def fresh_spec(seed: int, k: int) -> SongSpec:
    """Song ``k`` of the fresh set ``seed``: every choice drawn from ``(seed, k)``, none seen in tuning.

    The metre (4/4, 3/4, 6/8, 12/8), the style (drum pattern, bass and
    comping) and its tempo (60-200 BPM, dotted quarters in compound metre),
    straight or swung, steady or drifting (a ritardando, a +-2 % wander, a
    rubato intro), the key and mode, each part's progression (a fixed one or a
    new draw), the form and its parts' lengths, five General MIDI instruments,
    a 2/4 bar and a key change now and then. Song ``k`` is the same whatever
    the count asked for.
    """
    if seed < 0 or k < 0:
        raise ValueError(f"seed={seed} and k={k} must not be negative")
    rng = np.random.default_rng([seed, k, 20])
    metre = str(rng.choice([m for m, _ in FRESH_METRES], p=[p for _, p in FRESH_METRES]))
    meter = Meter.parse(metre)
    style = str(rng.choice(sorted(FRESH_STYLES[metre])))
    low, high = FRESH_STYLES[metre][style]
    bpm = float(rng.integers(low, high + 1))
    mode = str(rng.choice(["major", "minor"]))
    tonic = int(rng.integers(0, 12))
    presets = [h for h in sorted(HARMONY) if h.startswith("M" if mode == "major" else "m")]
    if style in ("jazz", "jazzwaltz", "shuffle", "twelveeight") and rng.random() < 0.5 and mode == "major":
        harmony = HARMONY["M5" if style in ("shuffle", "twelveeight") else "M4"]
    elif rng.random() < 0.4:
        harmony = HARMONY[str(rng.choice(presets))]
    else:
        harmony = {kind: _fresh_progression(rng, mode, kind) for kind in ("verse", "chorus", "bridge")}
    intro_from = str(rng.choice(["verse", "chorus"]))
    source = {"intro": intro_from, "verse": "verse", "chorus": "chorus", "bridge": "bridge", "solo": "verse",
              "outro": "chorus"}  # fmt: skip
    plan = _fresh_form(rng, meter)
    while sum(b for _, b in plan) * meter.beats * 60.0 / bpm > 210.0:  # at most about 3.5 minutes
        plan = [(kind, max(2, bars // 2) if bars > 4 else bars) for kind, bars in plan]
        if all(b <= 4 for _, b in plan):
            break
    form = tuple(Part(kind, bars, _chords(harmony[source[kind]], tonic, mode)) for kind, bars in plan)
    swing = 0.5
    if style == "shuffle":
        swing = 2 / 3
    elif style in ("jazz", "jazzwaltz"):
        swing = float(rng.uniform(0.56, 0.67))
    elif meter.division == 2 and rng.random() < 0.2:
        swing = float(rng.uniform(0.55, 0.64))
    tempo = str(rng.choice(["steady", "ritardando", "wander", "rubato"], p=[0.64, 0.12, 0.12, 0.12]))
    if tempo == "rubato" and form[0].kind != "intro":
        tempo = "steady"
    humanize = float(rng.choice([0.0, 0.0, 0.004, 0.006, 0.008])) if tempo in ("steady", "wander") else 0.0
    modulation = int(rng.choice([1, 2, 3])) if rng.random() < 0.15 else 0
    short_bar = None
    if meter.division == 2 and rng.random() < 0.2:
        ends = np.cumsum([p.bars for p in form])[:-1] - 1  # the last bar of a part, not the song's last
        short_bar = int(rng.choice(ends))
    band = Band(*(int(rng.choice(FRESH_PROGRAMS[role])) for role in ("bass", "comp", "lead", "pad", "solo")))
    key = f"{(NAMES_FLAT if (mode, tonic) in _FLAT_KEYS else NAMES_SHARP)[tonic]}{'m' if mode == 'minor' else ''}"
    name = f"f{seed}_{k:02d}_{style}_{bpm:.0f}_{key}"
    flats, song_seed = (mode, tonic) in _FLAT_KEYS, int(rng.integers(0, 2**31))
    return SongSpec(name=name, bpm=bpm, meter=meter, tonic=tonic, mode=mode, form=form, style=style, band=band,
                    tempo=tempo, modulation=modulation, short_bar=short_bar, swing=swing, humanize=humanize,
                    flats=flats, seed=song_seed, split=f"fresh-{seed}")  # fmt: skip


def fresh_specs(seed: int, count: int = 12) -> list[SongSpec]:
    """``count`` fresh songs drawn from ``seed`` (:func:`fresh_spec`); the first ``n`` are the same for any count."""
    if count < 1:
        raise ValueError(f"count={count} must be at least 1")
    return [fresh_spec(seed, k) for k in range(count)]


def fresh_songs(seed: int, count: int = 12) -> list[DevSong]:
    """The fresh songs of ``seed``, rendered (cached like the development set); raise :class:`Unavailable`."""
    return [render_band_song(s) for s in fresh_specs(seed, count)]


def describe(spec: SongSpec) -> str:
    """One line of everything that made a song: to reproduce a failure's mechanism on a tune song."""
    form = " ".join(f"{p.kind[:2]}{p.bars}" for p in spec.form)
    extras = [spec.tempo] if spec.tempo != "steady" else []
    extras += [f"swing {spec.swing:.2f}"] if spec.swing != 0.5 else []
    extras += [f"humanize {1000 * spec.humanize:.0f} ms"] if spec.humanize else []
    extras += [f"key change +{spec.modulation}"] if spec.modulation else []
    extras += [f"2/4 bar at bar {spec.short_bar}"] if spec.short_bar is not None else []
    chords = {p.kind: " ".join("/".join(f"{spec.name_of(c.root)}:{c.quality}" for c in (ch if isinstance(ch, tuple)
              else (ch,))) for ch in p.chords) for p in spec.form}  # fmt: skip
    return (f"{spec.name}: {spec.meter.signature} {spec.bpm:.0f} BPM {spec.style}, {spec.key}, "
            f"band {tuple(spec.band.__dict__.values())}, form {form}" + (f", {', '.join(extras)}" if extras else "")
            + f"; verse {chords.get('verse', '-')} | chorus {chords.get('chorus', '-')}")  # fmt: skip


# --------------------------------------------------------------------------- rendering


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps([VERSION, *parts], default=str, sort_keys=True).encode()).hexdigest()[:12]


def _composer() -> str:
    """A hash of ``song_midi.py``: a render made by another version of the composer is not reused."""
    return hashlib.sha256(Path(song_midi.__file__).read_bytes()).hexdigest()[:12]


def render_band_song(spec: SongSpec) -> DevSong:
    """Write and render one band song (cached); raise :class:`Unavailable` without fluidsynth."""
    fluidsynth = shutil.which("fluidsynth")
    if fluidsynth is None or not SOUNDFONT.is_file():
        raise Unavailable(
            "fluidsynth or the General MIDI sound font is absent (apt-get install fluidsynth fluid-soundfont-gm)"
        )
    CACHE.mkdir(parents=True, exist_ok=True)
    wav = CACHE / f"{spec.name}-{_digest(repr(spec), _composer())}.wav"
    with tempfile.TemporaryDirectory() as tmp:
        midi = Path(tmp) / "song.mid"
        truth = write_midi(spec, midi)
        if not wav.is_file():
            part = wav.with_suffix(".part.wav")
            subprocess.run(
                [fluidsynth, "-ni", "-q", "-g", "0.4", "-r", str(SAMPLE_RATE), "-F", str(part), str(SOUNDFONT),
                 str(midi)],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            part.replace(wav)
    return DevSong(spec.name, wav, truth, "band", spec.split)


def write_band_midi(name: str, path: Path) -> Truth:
    """The MIDI of one band song at ``path`` (to listen to, or render elsewhere), and its truth."""
    (spec,) = [s for s in band_specs() if s.name == name]
    return write_midi(spec, path)


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
            out.append(DevSong(name, path, truth, "tempo", "real"))
    return out


def _stretched(source: Path, rate: float) -> Path:
    """``source`` played ``rate`` times as fast, as a tape is: every time scales by exactly ``1 / rate``.

    Resampled (``scipy.signal.resample_poly``) and written at the original
    rate, so tempo and grid scale exactly and the pitch moves with them (key
    is not scored on these songs). Rubber Band kept the pitch but its timing
    drifted up to ~50 ms against the scaled original (Feelings x1.25), which
    made the true grid wrong.
    """
    from fractions import Fraction

    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"{source.stem}-x{rate:g}-{_digest(source.name, source.stat().st_size, rate, 'tape')}.wav"
    if out.is_file():
        return out
    import soundfile as sf
    from scipy.signal import resample_poly

    y, sr = sf.read(str(source), dtype="float32", always_2d=True)
    speed = Fraction(rate).limit_denominator(1000)
    faster = resample_poly(y, speed.denominator, speed.numerator, axis=0)
    part = out.with_suffix(".part.wav")
    sf.write(str(part), np.clip(faster, -1.0, 1.0), sr, subtype="PCM_16")
    part.replace(out)
    return out


def band_songs(names: list[str] | None = None, *, split: str | None = None) -> list[DevSong]:
    """The rendered band songs (all, those named, or one part of the split)."""
    specs = [s for s in band_specs(split) if names is None or s.name in names]
    missing = set(names or ()) - {s.name for s in specs}
    if missing:
        raise ValueError(f"no band song named {sorted(missing)}")
    return [render_band_song(s) for s in specs]


def dev_set(split: str | None = None) -> list[DevSong]:
    """Every song of the development set that can be made here: band songs (all, or one part), then tempo songs.

    The tempo songs come with ``split=None`` only (they are real recordings, reported beside the parts).
    """
    out: list[DevSong] = []
    try:
        out += band_songs(split=split)
    except Unavailable:
        pass
    if split is None:
        try:
            out += tempo_songs()
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


def grid_error(true_beats: np.ndarray, beats: np.ndarray) -> float:
    """95th percentile (seconds) of how far beats are from the true grid, both ways.

    Every true beat's distance to the nearest found beat (a missed beat
    counts) and every found beat's, within the true beats' span, to the
    nearest true beat (an extra beat counts).
    """
    true_beats, beats = np.asarray(true_beats, float), np.asarray(beats, float)
    if beats.size == 0 or true_beats.size == 0:
        return float("inf")
    half = 0.5 * float(np.median(np.diff(true_beats))) if true_beats.size > 1 else 0.25
    inside = beats[(beats >= true_beats[0] - half) & (beats <= true_beats[-1] + half)]
    d_true = _nearest(beats, true_beats)
    d_found = _nearest(true_beats, inside)
    return float(np.percentile(np.concatenate([d_true, d_found]), 95))


def _nearest(grid: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Distance from each of ``x`` to the nearest of ``grid`` (ascending, not empty)."""
    i = np.clip(np.searchsorted(grid, x), 1, max(grid.size - 1, 1))
    return np.minimum(np.abs(x - grid[i - 1]), np.abs(x - grid[np.minimum(i, grid.size - 1)]))


def phase_grid_error(bpm: float, beats: np.ndarray, *, tempo_tolerance: float = 0.005) -> float:
    """95th percentile (seconds) of the found beats' distance to the best constant grid near ``bpm``.

    A real recording made at one tempo: its grid is some tempo within
    ``tempo_tolerance`` of the known one (slack for a recording's clock against
    the tempo its MIDI states; the x0.8 and x1.25 songs scale it exactly; 0.05 %
    is 0.1 s over 3 minutes) at some phase. The grid that
    fits the found beats best is the kindest such grid: what is left is the
    beats' own wobble.
    """
    beats = np.asarray(beats, float)
    if beats.size < 2:
        return float("inf")
    best = float("inf")
    for candidate in bpm * np.linspace(1 - tempo_tolerance, 1 + tempo_tolerance, 201):
        period = 60.0 / candidate
        angle = 2 * np.pi * beats / period
        phase = np.angle(np.mean(np.exp(1j * angle)))
        residual = (angle - phase + np.pi) % (2 * np.pi) - np.pi
        best = min(best, float(np.percentile(np.abs(residual) * period / (2 * np.pi), 95)))
    return best


def ibi_spread(true_beats: np.ndarray, beats: np.ndarray) -> float:
    """Standard deviation of the found beat-to-beat intervals over their mean, within the true span (a fraction)."""
    beats = np.asarray(beats, float)
    if true_beats is not None and len(true_beats):
        beats = beats[(beats >= true_beats[0] - 0.05) & (beats <= true_beats[-1] + 0.05)]
    if beats.size < 3:
        return float("inf")
    ibi = np.diff(beats)
    return float(np.std(ibi) / np.mean(ibi))


def wrong_bars(truth: Truth, downbeats: np.ndarray) -> int:
    """Found bars whose length, counted in true beats, is not the true bar's length where the found bar sits.

    Bars outside the song's true beats, and the last found bar, are not counted.
    """
    downbeats = np.asarray(downbeats, float)
    beats, true_down = truth.beats, truth.downbeats
    if beats.size < 2 or downbeats.size < 2:
        return 0
    tol = 0.25 * float(np.median(np.diff(beats)))
    lengths = truth.bar_lengths
    wrong = 0
    for a, b in zip(downbeats[:-1], downbeats[1:]):
        if a < beats[0] - tol or b > beats[-1] + tol:
            continue
        n = int(np.count_nonzero((beats >= a - tol) & (beats < b - tol)))
        i = int(np.clip(np.searchsorted(true_down, 0.5 * (a + b), side="right") - 1, 0, lengths.size - 1))
        wrong += n != lengths[i]
    return wrong


def section_names(analysis) -> list[str] | None:
    """The names the analysis gives its sections (``"Verse"``...), if it gives any."""
    names = getattr(analysis, "section_names", None)
    if names:
        return list(names)
    labels = [label for _, _, label in analysis.sections]
    known = set(PART_NAMES.values())
    return labels if labels and all(label.split()[0] in known for label in labels) else None


def evaluate(song: DevSong, analysis) -> dict:
    """Every score of one song: tempo, metre, grid, bars, key, chords, sections (those its truth allows)."""
    import mir_eval

    t = song.truth
    acc1, acc2, ternary = tempo_scores(analysis.tempo, t.bpm)
    row = {"acc1": acc1, "acc2": acc2, "ternary": ternary, "meter": analysis.time_signature == t.time_signature,
           "steady": t.steady}  # fmt: skip
    if t.beats.size:
        trim = mir_eval.beat.trim_beats
        row["beat_f"] = mir_eval.beat.f_measure(trim(t.beats), trim(analysis.beats))
        row["downbeat_f"] = mir_eval.beat.f_measure(trim(t.downbeats), trim(analysis.downbeats))
        row["grid_p95"] = grid_error(t.beats, analysis.beats)
        row["ibi_spread"] = ibi_spread(t.beats, analysis.beats)
        row["wrong_bars"] = wrong_bars(t, analysis.downbeats)
    else:  # a real recording at one known tempo: the grid at that tempo with the best phase
        row["grid_p95"] = phase_grid_error(t.bpm, analysis.beats)
        row["ibi_spread"] = ibi_spread(None, analysis.beats)
    if t.key:
        row["key"] = mir_eval.key.weighted_score(t.key, analysis.key)
        ref_iv = np.array([[a, b] for a, b, _ in t.chords])
        ref_lab = [c for _, _, c in t.chords]
        est_iv = np.array([[a, b] for a, b, _ in analysis.chords])
        est_lab = [c for _, _, c in analysis.chords]
        est_iv, est_lab = mir_eval.util.adjust_intervals(
            est_iv, est_lab, ref_iv.min(), ref_iv.max(), mir_eval.chord.NO_CHORD, mir_eval.chord.NO_CHORD
        )
        iv, ref_l, est_l = mir_eval.util.merge_labeled_intervals(ref_iv, ref_lab, est_iv, est_lab)
        row["majmin"] = mir_eval.chord.weighted_accuracy(mir_eval.chord.majmin(ref_l, est_l), np.diff(iv).ravel())
    if t.sections:
        ref_s = np.array([[a, b] for a, b, _ in t.sections])
        est_s = np.array([[a, b] for a, b, _ in analysis.sections])
        row["boundary_f"] = mir_eval.segment.detection(ref_s, est_s, window=3.0, trim=True)[2]
        ref_s, ref_l = mir_eval.util.adjust_intervals(ref_s, [lab for *_, lab in t.sections], t_min=0.0)
        est_s, est_l = mir_eval.util.adjust_intervals(est_s, [lab for *_, lab in analysis.sections], t_min=0.0,
                                                      t_max=float(ref_s.max()))  # fmt: skip
        row["pairwise_f"] = mir_eval.segment.pairwise(ref_s, ref_l, est_s, est_l)[2]
        row["n_sections"] = len(analysis.sections)
        row["true_sections"] = len(t.sections)
        names = section_names(analysis)
        if names is not None:
            row["names"] = _name_agreement(t, analysis.sections, names)
    return row


def _name_agreement(truth: Truth, sections: list, names: list[str]) -> float:
    """Fraction of the song's time where the found section's name is the true one."""
    total = agree = 0.0
    for (a, b, _), true_name in zip(truth.sections, truth.section_names):
        for (c, d, _), name in zip(sections, names):
            overlap = min(b, d) - max(a, c)
            if overlap > 0:
                total += overlap
                agree += overlap * (name.split()[0] == true_name)
    return agree / total if total else 0.0
