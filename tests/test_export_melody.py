"""Export what I hear has the player's "melody" track: the notes in the player's voice, at its level, speed and key.

Known answers: the test song's melody (tests/player_song.py: a C major scale, a note on every
beat held 0.4 s) exported with only the melody track soloed sounds exactly where the notes are,
at their pitches, moved by the player's key and speed; the voice is the browser's, sample for sample.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from player_song import BPM, NOTE_SECONDS, SCALE, melody_line, synthetic_stems

from jamwithme import export
from jamwithme.audio import SAMPLE_RATE
from jamwithme.errors import ParameterError
from jamwithme.notes import Note
from jamwithme.notes.voice import PEAK, RELEASE, synthesize
from jamwithme.player_state import MELODY, PlayerState
from jamwithme.practice import EDGE_FADE

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 8.0
BEAT = 60.0 / BPM


@pytest.fixture(scope="module")
def song():
    return synthetic_stems(SECONDS)


@pytest.fixture(scope="module")
def notes():
    return melody_line(SECONDS).notes


def render(song, notes, **settings):
    stems, grid = song
    engine = settings.pop("engine", "rubberband")
    return export.render(stems, PlayerState(**settings), grid=grid, engine=engine, melody=notes)


def hz(pitch: float) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


def main_frequency(y: np.ndarray) -> float:
    """The strongest frequency of ``y`` (Hz), to a fraction of a hertz: zero-padded FFT, parabolic peak."""
    spectrum = np.abs(np.fft.rfft(y * np.hanning(len(y)), 1 << 17))
    k = int(np.argmax(spectrum[1:])) + 1
    a, b, c = np.log(spectrum[k - 1 : k + 2] + 1e-12)
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * SAMPLE_RATE / (1 << 17)


def rms(y: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(y, dtype=np.float64))))


def check_notes_where_and_at_pitch(clip, notes, *, speed: float, semitones: int) -> None:
    """Each note sounds at its place (song time / speed) and pitch (+ semitones); between notes, silence."""
    y = clip.samples[0]
    at = lambda t: round(t / speed * SAMPLE_RATE)  # noqa: E731
    for i, note in enumerate(notes[:-1]):
        body = y[at(note.start + 0.05) : at(note.end - 0.05)]
        assert rms(body) > 0.05, f"note {i} ({note.pitch}) is not heard"
        assert main_frequency(body) == pytest.approx(hz(note.pitch + semitones), rel=0.01), f"note {i} pitch"
        gap = y[at(note.end + RELEASE + 0.005) : at(notes[i + 1].start - 0.005)]
        assert len(gap) > 0.02 * SAMPLE_RATE and rms(gap) < 1e-3, f"sound in the rest after note {i}"


def test_only_the_melody_soloed_is_the_voice_exactly_where_the_notes_are(song, notes):
    clip = render(song, notes, solo=[MELODY])
    assert clip.samples.shape == (2, round(SECONDS * SAMPLE_RATE))
    voice = synthesize(notes, sample_rate=SAMPLE_RATE, length=clip.n_samples)
    np.testing.assert_array_equal(clip.samples[0], voice)  # the player's synth, untouched (below the limiter)
    np.testing.assert_array_equal(clip.samples[1], voice)  # a mono track is heard the same on both sides
    check_notes_where_and_at_pitch(clip, notes, speed=1.0, semitones=0)
    assert notes[0].pitch == SCALE[0] and notes[1].start == pytest.approx(BEAT) and NOTE_SECONDS < BEAT


def test_the_melody_moves_with_the_key_and_the_speed(song, notes):
    clip = render(song, notes, solo=[MELODY], semitones=2, speed=0.8)
    assert clip.n_samples == pytest.approx(SECONDS / 0.8 * SAMPLE_RATE, rel=0.003)
    check_notes_where_and_at_pitch(clip, notes, speed=0.8, semitones=2)


def test_the_melody_track_has_its_level_and_the_rest_of_the_mix(song, notes):
    stems, _ = song
    loud = render(song, notes, solo=[MELODY])
    quiet = render(song, notes, solo=[MELODY], levels={MELODY: -6.0})
    assert rms(quiet.samples) / rms(loud.samples) == pytest.approx(10 ** (-6 / 20), rel=1e-3)
    # With the band: the band's mix plus the voice, as the player sums them.
    band = render(song, None, levels={"tone": -12.0, "clicks": -12.0})
    both = render(song, notes, levels={"tone": -12.0, "clicks": -12.0})
    np.testing.assert_allclose(both.samples, band.samples + loud.samples, atol=2e-6)


@pytest.mark.parametrize(
    "settings",
    [{"mute": [MELODY]}, {"solo": ["tone"]}, {"solo": ["tone", "clicks"], "levels": {MELODY: 12.0}}],
)
def test_a_melody_not_heard_is_not_in_the_export(song, notes, settings):
    np.testing.assert_array_equal(render(song, notes, **settings).samples, render(song, None, **settings).samples)


def test_the_melody_soloed_and_muted_leaves_silence(song, notes):
    clip = render(song, notes, solo=[MELODY], mute=[MELODY])
    assert not clip.samples.any(), "solo on the muted melody: nothing is heard, as in the player"


def test_a_loop_has_the_melody_of_the_whole_songs_export(song, notes):
    whole = render(song, notes, solo=[MELODY])
    loop = render(song, notes, solo=[MELODY], loop_on=True, loop_start=2.0, loop_end=4.0)
    a, b, fade = round(2.0 * SAMPLE_RATE), round(4.0 * SAMPLE_RATE), round(EDGE_FADE * SAMPLE_RATE)
    assert loop.n_samples == b - a
    # after the loop's own fade-in at its very start, the whole song's samples
    np.testing.assert_array_equal(loop.samples[:, fade:], whole.samples[:, a + fade : b])
    assert rms(loop.samples) > 0.05


def test_a_stem_named_melody_beside_the_melody_track_is_refused(song, notes):
    stems, grid = song
    with pytest.raises(ParameterError, match="'melody'"):
        export.render({**stems, MELODY: stems["tone"]}, PlayerState(), grid=grid, melody=notes)


def test_the_file_name_says_the_melody_is_in_it():
    tracks = ["accompaniment", "vocals", MELODY]
    assert export.filename("song", PlayerState(mute=["vocals"]), stems=tracks) == "song_accompaniment-melody.wav"
    assert export.filename("song", PlayerState(solo=[MELODY]), stems=tracks) == "song_melody.wav"


def test_the_voice_is_the_players_sample_for_sample():
    """jamwithme.notes.voice and frontend/src/melody.js synthesise the same samples from the same notes."""
    if not shutil.which("node"):
        pytest.skip("node is not installed (apt-get install nodejs)")
    notes = [Note(0.1, 0.35, 69, 100), Note(0.3, 0.31, 72, 127), Note(0.5, 1.2, 45, 60), Note(1.19, 1.5, 84, 90)]
    script = (
        f"import {{ synthesize }} from {json.dumps((ROOT / 'frontend/src/melody.js').as_uri())};"
        f"const out = synthesize({json.dumps([n.__dict__ for n in notes])}, 70000, 44100);"
        "process.stdout.write(JSON.stringify(Array.from(out)));"
    )
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    browser = np.array(json.loads(done.stdout), np.float32)
    here = synthesize(notes, sample_rate=44100, length=70000)
    assert np.abs(browser).max() > PEAK  # two notes overlap: a real mix of voices
    np.testing.assert_allclose(here, browser, rtol=0, atol=2e-7)
    part = synthesize(notes, sample_rate=44100, length=20000, start=13000)
    np.testing.assert_array_equal(part, here[13000:33000])


@pytest.mark.parametrize(
    "kwargs, message",
    [({"sample_rate": 0, "length": 10}, "sample_rate"), ({"sample_rate": 8000, "length": -1}, "length"),
     ({"sample_rate": 8000, "length": 4, "out": np.zeros(3, np.float32)}, "shape")],
)  # fmt: skip
def test_bad_synth_arguments_are_named(kwargs, message):
    with pytest.raises(ParameterError, match=message):
        synthesize([], **kwargs)
