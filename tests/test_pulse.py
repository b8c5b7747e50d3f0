"""A song with no steady beat gets no made-up tempo: the analysis says "no steady beat found", and so does every
surface (the JSON, the CLI, the chord chart, the Practice caption), where it said "120 BPM" or a tempo of the
tracker's own making. Songs with a beat keep theirs (bench/analysis.py --split heldout is unchanged)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import songs
from conftest import DRUM_BASS, SHARED, click_track, shared_file, stereo

from jamwithme import audio
from jamwithme.analysis import NO_KEY, NO_PULSE, Grid, SongAnalysis, analyze, chordpro, rhythm, transposed
from jamwithme.audio import AudioClip

no_pulse = pytest.importorskip("no_pulse")

EXE = shutil.which("jamwithme", path=str(Path(sys.executable).parent)) or "jamwithme"


def piece(name: str) -> AudioClip:
    try:
        return AudioClip(*no_pulse.samples(name))
    except songs.Unavailable as exc:
        pytest.skip(str(exc))


@pytest.mark.parametrize("name", no_pulse.NAMES)
def test_music_without_a_beat_has_no_tempo(name):
    found = analyze(piece(name))
    assert not found.pulse and found.tempo_text() == NO_PULSE == "no steady beat found"
    assert found.beats.size == 0 and found.bars() == []
    data = found.to_json()
    assert data["tempo"] is None and data["pulse"] is False and data["pulse_note"] == NO_PULSE
    assert data["beats"] == data["downbeats"] == data["bars"] == []
    assert json.loads(json.dumps(data)) == data
    back = SongAnalysis.from_json(data)
    assert not back.pulse and back.to_json() == data
    assert "{tempo:" not in chordpro(found) and f"{{comment: {NO_PULSE}}}" in chordpro(found)


def test_a_held_chord_without_a_beat_shows_its_chord_and_key():
    """Issue 20: a drone (C major on strings, held 11 s) got no chords at all ("N" throughout)."""
    found = analyze(piece("held_chord"))
    assert not found.pulse and found.tonal and found.key_text() == found.key == "C major"
    sounding = [(a, b, label) for a, b, label in found.chords if label != "N"]
    assert [label for _, _, label in sounding] == ["C:maj"], found.chords
    (start, end, _) = sounding[0]
    assert start < 0.6 and end > 10.5, sounding  # struck at 0.2 s, held to 11.2 s
    assert "{key: C}" in chordpro(found)
    assert transposed(found, 2).chords[0][2] == "D:maj"


@pytest.mark.parametrize("name, tonal", [("silence", False), ("noise", False), ("rubato_line", True)])
def test_silence_and_noise_have_no_key_and_no_chords(name, tonal):
    """Issue 20: silence read "B minor" (white noise "C minor"); with no tones there is no key to give. A rubato
    flute line sounds tones: it keeps its key."""
    found = analyze(piece(name))
    assert found.tonal is tonal
    data = found.to_json()
    back = SongAnalysis.from_json(json.loads(json.dumps(data)))
    assert back.tonal is tonal and back.to_json() == data
    if tonal:
        assert data["key"] == found.key_text() == found.key and "key_note" not in data
        return
    assert data["key"] is None and data["key_note"] == NO_KEY == found.key_text() == "no key found"
    assert [label for _, _, label in found.chords] == ["N"]  # the chord model heard D#7 in silence, F7 in noise
    assert "{key:" not in chordpro(found) and f"{{comment: {NO_KEY}}}" in chordpro(found)
    assert transposed(found, 3).key_text() == NO_KEY


def drums(style: str, bpm: float, swing: float) -> AudioClip:
    import soundfile as sf

    try:
        y, sr = sf.read(str(no_pulse.drum_loop(style, bpm, swing=swing)), dtype="float32", always_2d=True)
    except songs.Unavailable as exc:
        pytest.skip(str(exc))
    return AudioClip(np.ascontiguousarray(y.T), sr)


@pytest.mark.parametrize("style, bpm, swing", [("rock", 100, 0.5), ("jazz", 140, 0.64), ("funk", 96, 0.5)])
def test_a_drum_loop_has_its_beat_and_no_key(style, bpm, swing):
    """Issue 20: a drum kit alone (toms, a crash, fills) was given a key; like silence, it has none to give. Its
    beat is still found."""
    found = analyze(drums(style, bpm, swing))
    assert found.pulse and abs(found.tempo - bpm) < 0.04 * bpm, found.tempo
    assert not found.tonal and found.key_text() == NO_KEY
    data = found.to_json()
    assert data["key"] is None and data["key_note"] == NO_KEY and data["tempo"] is not None
    assert SongAnalysis.from_json(json.loads(json.dumps(data))).to_json() == data
    assert [label for _, _, label in found.chords] == ["N"]


def test_a_line_alone_keeps_its_key():
    """A sung line alone (the Melody page's "the song is the part itself", the API's ``as_is``) is heard by the
    chord model as no chord and no bass, like a drum kit; but it sounds one pitch at a time, not every pitch
    class: it has a key (analysis version 6 gave it none, and its downloads lost the key in their names)."""
    from test_notes import _melody_song

    clip, _ = _melody_song()
    found = analyze(clip)
    assert found.tonal and found.to_json()["key"] == found.key_text() == found.key
    assert found.key in ("C major", "A minor"), found.key  # a line of C, E and G over C major's scale


@pytest.mark.parametrize("path", [DRUM_BASS, SHARED / "audio" / "tempo" / "Sectoid_-_War_of_freedom.ogg"],
                         ids=["drums_and_bass", "distorted_guitars"])  # fmt: skip
def test_drums_with_a_bass_or_guitars_the_chord_model_hears_as_no_chord_keep_their_key(path):
    """The controls: drums and a bass line (Choice), and distorted guitars the chord model reads as no chord for
    93 % of the song (War_of_freedom), sound tones: they keep a key."""
    found = analyze(audio.load(shared_file(path)))
    assert found.tonal and found.to_json()["key"] == found.key_text() == found.key


@pytest.mark.parametrize("bpm, seconds", [(50, 4.0), (60, 4.0), (120, 4.0), (200, 4.0), (60, 8.0), (170, 8.0)])
def test_click_tracks_keep_their_tempo(bpm, seconds):
    """The shortest songs analysed (4 s) at the ends of the tempo range still have a pulse and their tempo."""
    grid = rhythm.track(stereo(click_track(bpm=bpm, seconds=seconds)[0]))
    assert grid.pulse and grid.n_beats >= 3
    assert grid.tempo_text() == f"{grid.tempo:.0f} BPM" and grid.to_json()["tempo"] == round(grid.tempo, 2)
    assert min(abs(grid.tempo / bpm - k) for k in (0.5, 1.0, 2.0)) < 0.04, grid.tempo


def test_a_caller_given_tempo_is_kept_whatever_the_music():
    """track(tempo=...) is the caller's knowledge: it is not second-guessed by the pulse test."""
    grid = rhythm.track(piece("rubato_line"), tempo=90.0)
    assert grid.pulse


@pytest.mark.parametrize(
    "data, match",
    [
        ({"tempo": None, "time_signature": "4/4", "beats": [], "downbeats": []}, "tempo is null but pulse"),
        ({"tempo": 120.0, "pulse": False, "time_signature": "4/4", "beats": [1.0, 2.0], "downbeats": []}, "no beats"),
    ],
)
def test_a_grid_without_a_pulse_is_read_only_as_one(data, match):
    from jamwithme.errors import ParameterError

    with pytest.raises(ParameterError, match=match):
        Grid.from_json(data)


def test_grid_tempo_text():
    grid = Grid(np.arange(9) * 0.5, np.arange(9) % 4, "4/4", 120.0)
    assert grid.tempo_text() == "120 BPM" and grid.tempo_text(0.75) == "90 BPM"
    assert Grid(np.zeros(0), np.zeros(0, np.int64), pulse=False).tempo_text(0.75) == NO_PULSE


def cli_analysis(tmp_path, name: str) -> tuple[str, dict]:
    """``jamwithme analyze`` on a piece: its text, and its ``--json``."""
    path = tmp_path / f"{name}.wav"
    audio.save(piece(name), path)
    out = []
    for flags in ([], ["--json"]):
        proc = subprocess.run([EXE, "analyze", *flags, str(path)], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        out.append(proc.stdout)
    return out[0], json.loads(out[1])


@pytest.mark.slow
def test_cli_says_no_steady_beat_instead_of_a_tempo(tmp_path):
    text, data = cli_analysis(tmp_path, "held_chord")
    (line,) = [line for line in text.splitlines() if line.startswith("tempo:")]
    assert NO_PULSE in line and "BPM" not in line, text
    assert data["tempo"] is None and data["pulse"] is False and data["pulse_note"] == NO_PULSE


@pytest.mark.slow
def test_cli_says_no_key_for_silence(tmp_path):
    text, data = cli_analysis(tmp_path, "silence")
    (line,) = [line for line in text.splitlines() if line.startswith("key:")]
    assert line == f"key: {NO_KEY}", text
    assert data["key"] is None and data["key_note"] == NO_KEY
