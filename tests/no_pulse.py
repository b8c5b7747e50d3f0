"""Music with no steady beat (no tempo to find): silence, noise, a held chord, a rubato line; and its opposite,
a drum loop (a beat and no tones: no key to find).

The held chord, the rubato line and the drum loops are General MIDI rendered
by Debian's ``fluidsynth`` as the development set is (:mod:`songs`), cached
beside it. Nothing here imports ``jamwithme``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from songs import CACHE, SAMPLE_RATE, SOUNDFONT, Unavailable

#: Every piece's length, seconds (the analysis takes 4 s and more).
SECONDS = 12.0
NAMES = ("silence", "noise", "held_chord", "rubato_line")


def _render(name: str, events: list[tuple[float, int, int, int]], program: int, channel: int = 0) -> Path:
    """``events`` (seconds, 0x90 or 0x80, note, velocity) on ``channel`` (9: the drum kit) as a WAV (cached)."""
    import mido

    fluidsynth = shutil.which("fluidsynth")
    if fluidsynth is None or not SOUNDFONT.is_file():
        raise Unavailable("fluidsynth or the General MIDI sound font is absent")
    CACHE.mkdir(parents=True, exist_ok=True)
    wav = CACHE / f"nopulse-{name}-v1.wav"
    if wav.is_file():
        return wav
    midi = mido.MidiFile(ticks_per_beat=480)
    track = mido.MidiTrack()
    midi.tracks.append(track)
    track.append(mido.MetaMessage("set_tempo", tempo=500000))  # 120 BPM: a tick is 1/960 s
    track.append(mido.Message("program_change", channel=channel, program=program, time=0))
    now = 0
    for seconds, kind, note, velocity in sorted(events, key=lambda e: (e[0], e[1] == 0x90)):
        tick = int(round(seconds * 960))
        message = "note_on" if kind == 0x90 else "note_off"
        track.append(mido.Message(message, channel=channel, note=note, velocity=velocity, time=tick - now))
        now = tick
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.mid"
        midi.save(str(path))
        part = wav.with_suffix(".part.wav")
        subprocess.run(
            [fluidsynth, "-ni", "-q", "-g", "0.4", "-r", str(SAMPLE_RATE), "-F", str(part), str(SOUNDFONT), str(path)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        part.replace(wav)
    return wav


def held_chord() -> Path:
    """A C major chord on strings (GM 49), struck once and held 11 s: a drone with one attack."""
    events = [(0.2, 0x90, n, 80) for n in (48, 55, 60, 64, 67)] + [(11.2, 0x80, n, 0) for n in (48, 55, 60, 64, 67)]
    return _render("held_chord", events, program=48)


def rubato_line(seed: int = 7) -> Path:
    """A free solo flute line (GM 74): notes 0.25-1.6 s long, no two gaps alike, breaths between phrases."""
    rng = np.random.default_rng(seed)
    scale = [62, 64, 65, 67, 69, 70, 72, 74]
    events, t, step = [], 0.3, 3
    while t < SECONDS - 1.5:
        length = float(rng.uniform(0.25, 1.6))
        step = int(np.clip(step + rng.integers(-2, 3), 0, len(scale) - 1))
        events += [(t, 0x90, scale[step], int(rng.integers(55, 95))), (t + length * 0.95, 0x80, scale[step], 0)]
        t += length + (float(rng.uniform(0.3, 0.9)) if rng.random() < 0.2 else 0.0)
    return _render(f"rubato_line{seed}", events, program=73)


def drum_loop(style: str, bpm: float, *, bars: int = 12, swing: float = 0.5) -> Path:
    """A drum kit alone (GM channel 10) in one of the development set's styles: a crash on bar 1, a fill every
    fourth bar (snare and toms), the chorus's ride and busier kick in the second half; a constant tempo."""
    from song_midi import Meter, SongSpec, drum_hits

    spec = SongSpec(f"drums_{style}", bpm, Meter(4), 0, "major", (), style, swing=swing)
    rng = np.random.default_rng(11)
    beat, start = 60.0 / bpm, 0.5
    events = [(start, 0x90, 49, 90)]
    for bar in range(bars):
        kind = "verse" if bar < bars // 2 else "chorus"
        for at, drum, velocity in drum_hits(spec, kind, 4, bar % 4 == 3, rng):
            t = start + (4 * bar + at) * beat
            events += [(t, 0x90, drum, velocity), (t + 0.1, 0x80, drum, 0)]
    return _render(f"drums_{style}_{bpm:g}_{swing:g}_{bars}", events, program=0, channel=9)


def samples(name: str) -> tuple[np.ndarray, int]:
    """One piece as float32 ``(channels, n)`` and its sample rate."""
    n = int(SECONDS * SAMPLE_RATE)
    if name == "silence":
        return np.zeros((2, n), np.float32), SAMPLE_RATE
    if name == "noise":
        return (0.1 * np.random.default_rng(3).standard_normal((2, n))).astype(np.float32), SAMPLE_RATE
    import soundfile as sf

    path = {"held_chord": held_chord, "rubato_line": rubato_line}[name]()
    y, sr = sf.read(str(path), dtype="float32", always_2d=True)
    return np.ascontiguousarray(y.T), sr
