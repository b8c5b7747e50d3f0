"""Learn the melody: notes from audio with known answers, their phrases, and the MIDI, ABC and tab made of them.

The signals are synthesized here (a sung vowel: a sawtooth through formants,
with vibrato, scoops and a breath of amplitude wobble), so every note is
known; ``test_rendered_lines`` runs a few lines of the rendered development
set (``tests/melody_set.py``, fluidsynth) through the same code as
``bench/notes.py``.
"""

from __future__ import annotations

import io

import mido
import numpy as np
import pytest
from scipy.signal import lfilter

from jamwithme.audio import AudioClip, silence
from jamwithme.errors import ParameterError
from jamwithme.notes import Note, Transcription, phrases_of, transcribe
from jamwithme.notes.files import NotesFormat, download_name
from jamwithme.notes.midi import midi_bytes
from jamwithme.notes.notation import abc, quantised, tab
from jamwithme.notes.timeline import BeatMap

SR = 44100


def hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def sung(
    notes: list[tuple[float, float, int]],
    *,
    seconds: float | None = None,
    vibrato: float = 20.0,
    rate: float = 5.5,
    scoop: float = 0.0,
    wobble_db: float = 0.0,
    bass: bool = False,
    sub: float = 0.0,
    bend: float = 0.0,
) -> AudioClip:
    """A voice (or with ``bass``, a plucked bass) singing ``(start, end, MIDI pitch)``; vibrato in cents.

    ``scoop`` enters each note that many cents below, gliding up over 80 ms;
    ``wobble_db`` moves the level with the vibrato, as a real voice does; ``sub`` adds a partial an
    octave below the bass's note at that level (a slap bass's sample has one); ``bend`` bends each note
    slowly up that many cents and back (a half sine over the note).
    """
    total = seconds or max(e for _, e, _ in notes) + 1.0
    out = np.zeros(int(total * SR))
    for k, (start, end, pitch) in enumerate(notes):
        n = int((end - start) * SR)
        t = np.arange(n) / SR
        cents = vibrato * np.sin(2 * np.pi * rate * t) * np.clip(t / 0.25, 0, 1)
        cents = cents - scoop * np.clip(1 - t / 0.08, 0, 1) + bend * np.sin(np.pi * t / (end - start))
        f = hz(pitch) * 2 ** (cents / 1200)
        phase = np.cumsum(f) / SR
        if bass:
            wave = np.sin(2 * np.pi * phase) + 0.5 * np.sin(4 * np.pi * phase) + 0.25 * np.sin(6 * np.pi * phase)
            wave = wave + sub * np.sin(np.pi * phase)
            env = np.exp(-t * 2.5) * np.clip(t / 0.005, 0, 1)
        else:
            saw = 2 * (phase % 1.0) - 1
            f1, f2 = [(730, 1090), (270, 2290), (570, 840), (530, 1840)][k % 4]
            wave = sum(g * _resonator(saw, fc, 90) for g, fc in ((1.0, f1), (0.6, f2)))
            env = np.clip(t / 0.03, 0, 1)
        env = env * np.clip((end - start - t) / 0.04, 0, 1)  # released over 40 ms
        env = env * 10 ** (wobble_db / 20 * np.sin(2 * np.pi * rate * t))
        i = int(start * SR)
        out[i : i + n] += wave * env
    out *= 0.5 / np.max(np.abs(out))
    return AudioClip(np.stack([out, out]).astype(np.float32), SR)


def partials(
    notes: list[tuple[float, float, int]],
    amplitudes: list[float],
    *,
    ring: float = 0.0,
    decay: float = 0.0,
    pluck: float = 0.0,
    release: float = 0.0,
) -> AudioClip:
    """Notes ``(start, end, MIDI pitch)`` of harmonics at ``amplitudes`` (the fundamental first), fading by
    ``decay`` nepers a second, each ringing on ``ring`` seconds past its end (a struck bar: under the next);
    ``pluck`` of the level falls away within 0.2 s of the attack (a sitar's pluck, then its buzz); the ring
    falls ``release`` dB a second (an organ pipe let go)."""
    out = np.zeros(int((max(e for _, e, _ in notes) + 1.0 + ring) * SR))
    for start, end, pitch in notes:
        n = int((end - start + ring) * SR)
        t = np.arange(n) / SR
        wave = sum(a * np.sin(2 * np.pi * (k + 1) * hz(pitch) * t) for k, a in enumerate(amplitudes))
        env = np.clip(t / 0.005, 0, 1) * np.exp(-t * decay) * np.clip((end - start + ring - t) / 0.03, 0, 1)
        env = env * (1 - pluck + pluck * np.exp(-t * 18))
        env = env * 10 ** (-release * np.maximum(t - (end - start), 0) / 20)
        i = int(start * SR)
        out[i : i + n] += wave * env
    out *= 0.5 / np.max(np.abs(out))
    return AudioClip(np.stack([out, out]).astype(np.float32), SR)


def _resonator(x: np.ndarray, freq: float, bandwidth: float) -> np.ndarray:
    r = np.exp(-np.pi * bandwidth / SR)
    theta = 2 * np.pi * freq / SR
    return lfilter([1 - r], [1, -2 * r * np.cos(theta), r * r], x)


def matched(found, truth, tolerance: float = 0.05) -> int:
    """How many true (start, end, pitch) notes have a found note of that pitch starting within ``tolerance``."""
    starts = np.array([n.start for n in found.notes])
    pitches = np.array([n.pitch for n in found.notes])
    return sum(bool(np.any((np.abs(starts - s) <= tolerance) & (pitches == p))) for s, _, p in truth)


def ended(found, truth) -> int:
    """How many true (start, end, pitch) notes have a found note of that pitch starting within 0.05 s and ending
    within mir_eval's offset tolerance (the larger of 0.05 s and a fifth of the note)."""
    starts = np.array([n.start for n in found.notes])
    ends = np.array([n.end for n in found.notes])
    pitches = np.array([n.pitch for n in found.notes])
    on_time = [(np.abs(starts - s) <= 0.05) & (pitches == p) & (np.abs(ends - e) <= max(0.05, 0.2 * (e - s)))
               for s, e, p in truth]  # fmt: skip
    return sum(bool(np.any(hit)) for hit in on_time)


def held_split(found, line) -> int:
    """How many of ``line``'s held notes have a found note starting inside them (0.1 s after their start to
    0.05 s before their end): a held note split in two or more."""
    starts = np.array([n.start for n in found.notes])
    return sum(bool(np.any((starts > a + 0.1) & (starts < b - 0.05))) for a, b, _ in line.notes[line.held])


def tune_line_found(seed: int, program: int | None = None, *, part: str = "melody"):
    """The tune part's ``part`` line drawn from ``seed`` (played on GM ``program`` if given), rendered, and that
    part found in it: ``(found, line)``; skipped without fluidsynth."""
    import fresh_lines
    import melody_set

    spec = next(s for s in melody_set.line_specs("tune", part) if s.seed == seed)
    return found_in(spec if program is None else fresh_lines.retimbred(spec, program))


def found_in(spec):
    """The melody set's line ``spec`` rendered, and its part found in it: ``(found, line)``; skipped without
    fluidsynth."""
    import melody_set

    from jamwithme.audio import load

    try:
        line = melody_set.render(spec)
    except melody_set.Unavailable as exc:
        pytest.skip(str(exc))
    return transcribe(load(line.path), part=spec.part), line


# --------------------------------------------------------------------------- known answers


def test_a_sung_scale_gives_its_notes():
    scale = [60, 62, 64, 65, 67, 69, 71, 72]
    truth = [(0.5 + 0.45 * i, 0.5 + 0.45 * i + 0.38, p) for i, p in enumerate(scale)]
    found = transcribe(sung(truth), part="melody")
    assert [n.pitch for n in found.notes] == scale
    assert matched(found, truth) == len(truth)
    for note, (_, end, _) in zip(found.notes, truth):
        assert abs(note.end - end) <= max(0.05, 0.2 * (end - note.start))
        assert 1 <= note.velocity <= 127


def test_repeated_notes_are_each_a_note():
    # The same pitch six times, legato (20 ms between): only the attacks tell them apart.
    truth = [(0.5 + 0.3 * i, 0.5 + 0.3 * i + 0.28, 67) for i in range(6)]
    found = transcribe(sung(truth, vibrato=0.0), part="melody")
    assert len(found.notes) == 6
    assert matched(found, truth) == 6


@pytest.mark.parametrize("vibrato, scoop, wobble", [(60.0, 0.0, 0.0), (100.0, 0.0, 3.0), (50.0, 150.0, 2.0)])
def test_a_held_note_with_vibrato_and_a_scoop_is_one_note(vibrato, scoop, wobble):
    truth = [(0.5, 3.0, 64)]
    found = transcribe(sung(truth, vibrato=vibrato, scoop=scoop, wobble_db=wobble), part="melody")
    assert [(n.pitch) for n in found.notes] == [64], found.notes
    assert abs(found.notes[0].start - 0.5) <= 0.05


@pytest.mark.parametrize("bend, wobble", [(60.0, 0.0), (60.0, 4.0), (0.0, 8.0), (40.0, 8.0)])
def test_a_held_note_with_vibrato_a_slow_bend_and_a_swinging_level_is_one_note(bend, wobble):
    # Vibrato of +-50 cents at 6 Hz; a bend slowly up ``bend`` cents and back; the level swinging ``wobble`` dB
    # with the vibrato (a synth voice's swings 6-16 dB). Before the bend and the wobble rules: E4-F4-E4 for a
    # 60-cent bend, six E4s for an 8 dB swing.
    truth = [(0.5, 3.0, 64)]
    found = transcribe(sung(truth, vibrato=50.0, rate=6.0, bend=bend, wobble_db=wobble), part="melody")
    assert [n.pitch for n in found.notes] == [64], found.notes
    assert abs(found.notes[0].start - 0.5) <= 0.05


def test_a_semitone_sung_is_not_a_bend():
    # E4, F4, E4 sung legato: the F4 is a note (its pitch a full semitone up), bend or not.
    truth = [(0.5, 1.2, 64), (1.2, 1.9, 65), (1.9, 2.6, 64)]
    found = transcribe(sung(truth, vibrato=20.0), part="melody")
    assert [n.pitch for n in found.notes] == [64, 65, 64], found.notes


def wobbling(clip: AudioClip, db: float, seed: int) -> AudioClip:
    """``clip`` with its level wobbling ``db`` (standard deviation) every 12 ms, as an ensemble patch's
    detuned voices beat (a choir's "aahs", a synth voice)."""
    rng = np.random.default_rng(seed)
    n, step = clip.samples.shape[1], int(0.012 * SR)
    gain = np.convolve(10 ** (np.repeat(rng.normal(0, db, n // step + 2), step)[:n] / 20), np.ones(step // 2),
                       mode="same") / (step // 2)  # fmt: skip
    return AudioClip((clip.samples * gain).astype(np.float32), SR)


@pytest.mark.parametrize("db, seed", [(3.0, 2), (4.0, 1)])
def test_an_ensembles_wobble_does_not_split_a_held_note_or_join_repeated_ones(db, seed):
    # Its wobble made 4 notes of these two before the level was averaged over 70 ms for such a part.
    held = [(0.5, 3.0, 64), (3.2, 5.0, 67)]
    found = transcribe(wobbling(sung(held, vibrato=60.0), db, seed), part="melody")
    assert [n.pitch for n in found.notes] == [64, 67], found.notes
    repeated = [(0.5 + 0.3 * i, 0.5 + 0.3 * i + 0.26, 67) for i in range(6)]
    found = transcribe(wobbling(sung(repeated, vibrato=0.0), db, seed), part="melody")
    assert matched(found, repeated) == 6, found.notes


def test_a_trill_is_still_notes():
    # Two notes a semitone apart, alternating every 120 ms: not a vibrato, each is a note.
    truth = [(0.5 + 0.12 * i, 0.5 + 0.12 * i + 0.11, 64 + i % 2) for i in range(10)]
    found = transcribe(sung(truth, vibrato=0.0), part="melody")
    assert matched(found, truth) >= 9


def test_a_rest_has_no_notes_and_ends_a_phrase():
    truth = [(0.5, 0.9, 62), (1.0, 1.4, 64), (1.5, 2.2, 65), (3.6, 4.0, 67), (4.1, 4.8, 69)]
    beats = np.arange(20) * 0.5
    found = transcribe(sung(truth), part="melody", beats=beats, downbeats=beats[::4])
    assert matched(found, truth) == 5
    assert not [n for n in found.notes if 2.3 < n.start < 3.5 or 2.35 < n.end < 3.5]
    assert [(p.first, p.count) for p in found.phrases] == [(0, 3), (3, 2)]


@pytest.mark.parametrize("block", [1, 7, 500])
def test_the_pitch_track_is_the_same_whatever_its_blocks(monkeypatch, block):
    # The YIN frames and the Viterbi's back pointers are held a block at a time (a 20-minute stem's pitch
    # track in 0.03 GB, not 0.13): the path traced back from checkpoints is the one held whole gives.
    from jamwithme.analysis.features import analysis_signal
    from jamwithme.notes import pitch

    truth = [(0.3, 0.8, 60), (0.9, 1.6, 67), (1.7, 1.9, 55), (2.3, 3.1, 72)]
    y = analysis_signal(sung(truth, vibrato=60.0, scoop=120.0))
    whole = pitch.f0_track(y, fmin=65.0, fmax=2100.0, frame_length=1024)
    assert whole.f0.size < pitch.VITERBI_BLOCK and whole.f0.size < 500 * pitch.BLOCK_FRAMES
    monkeypatch.setattr(pitch, "VITERBI_BLOCK", block)
    monkeypatch.setattr(pitch, "BLOCK_FRAMES", max(block, 3))
    blocks = pitch.f0_track(y, fmin=65.0, fmax=2100.0, frame_length=1024)
    assert np.isfinite(whole.f0).sum() > 0.5 * whole.f0.size  # it sings: the path has somewhere to go
    for name in ("f0", "voiced_prob", "rms", "level"):
        np.testing.assert_array_equal(getattr(blocks, name), getattr(whole, name), err_msg=name)


@pytest.mark.parametrize("tail_db, notes", [(-14.0, 1), (-3.0, 2)])
def test_a_faint_echo_of_the_note_just_stopped_is_not_a_note(tail_db, notes):
    # A held note, then after 60 ms its pitch again, short: far fainter it is the note's release or reverb
    # heard again (a choir pad's long release), a little softer it is a note sung again.
    held = sung([(0.5, 1.5, 64)], seconds=2.5, vibrato=0.0)
    echo = sung([(1.56, 1.71, 64)], seconds=2.5, vibrato=0.0)
    both = AudioClip(held.samples + 10 ** (tail_db / 20) * echo.samples, SR)
    found = transcribe(both, part="melody")
    assert [n.pitch for n in found.notes] == [64] * notes, found.notes
    assert abs(found.notes[0].start - 0.5) <= 0.05


@pytest.mark.parametrize("stray_db, kept", [(-30.0, False), (-3.0, True)])
def test_a_faint_note_two_octaves_off_the_line_is_not_a_note(stray_db, kept):
    # A separated voice's sibilant or breath reads a pitch far from the line, far quieter than it: left
    # out; as loud as the line, a note that far off is sung, and stays.
    starts = [0.5, 0.95, 1.4, 1.85, 2.8, 3.25, 3.7, 4.15]  # a rest between the fourth and the fifth
    line = [(s, s + 0.4, p) for s, p in zip(starts, [60, 62, 64, 65, 64, 62, 60, 62])]
    stray = [(2.4, 2.6, 86)]
    both = AudioClip(sung(line, seconds=5.5).samples + 10 ** (stray_db / 20) * sung(stray, seconds=5.5).samples, SR)
    found = transcribe(both, part="melody")
    assert matched(found, line) == len(line), found.notes
    assert (86 in [n.pitch for n in found.notes]) is kept, found.notes


def test_a_bass_line():
    line = [40, 40, 47, 45, 43, 43, 38, 36]
    truth = [(0.5 + 0.5 * i, 0.5 + 0.5 * i + 0.45, p) for i, p in enumerate(line)]
    found = transcribe(sung(truth, bass=True), part="bass")
    assert [n.pitch for n in found.notes] == line
    assert matched(found, truth) == len(truth)


def test_a_bass_with_a_partial_an_octave_below_is_not_an_octave_low():
    # The partial makes the waveform repeat every two periods: YIN's period; the odd harmonics say it is not.
    line = [40, 43, 45, 47, 43, 38]
    truth = [(0.5 + 0.5 * i, 0.5 + 0.5 * i + 0.45, p) for i, p in enumerate(line)]
    found = transcribe(sung(truth, bass=True, sub=0.8), part="bass")
    assert [n.pitch for n in found.notes] == line
    assert matched(found, truth) == len(truth)


def test_a_bass_with_a_weak_fundamental_is_not_an_octave_high():
    # A bowed bass's fundamental 20 dB under its second harmonic: YIN takes the second for the period (a
    # contrabass on the tune part's lines read one and two octaves up); a partial standing at half the pitch
    # says it is the note.
    line = [33, 36, 38, 40, 35, 31, 33, 43]
    truth = [(0.5 + 0.5 * i, 0.5 + 0.5 * i + 0.45, p) for i, p in enumerate(line)]
    found = transcribe(partials(truth, [0.1, 1.0, 0.2, 0.5, 0.1, 0.2]), part="bass")
    assert [n.pitch for n in found.notes] == line


def test_a_struck_note_ringing_under_the_next_does_not_pull_its_pitch():
    # A celesta's notes ring on under the next: the pitch track of a short note is drawn toward the note
    # before, and its median landed a semitone off (82 for 81 after 83); the spectrum says which was struck.
    line = [83, 81, 83, 85, 84, 81, 79, 81, 77, 76, 74, 76]
    truth = [(0.5 + 0.15 * i, 0.5 + 0.15 * i + 0.12, p) for i, p in enumerate(line)]
    found = transcribe(partials(truth, [1.0, 0.3, 0.1], ring=0.6, decay=6.0), part="melody")
    assert [n.pitch for n in found.notes] == line
    assert matched(found, truth) == len(truth)


def test_a_plucked_note_ends_where_it_is_let_go_not_where_its_pluck_fades():
    # A sitar's level falls 9 dB within 0.15 s of the pluck and its buzz holds on: the fall passed for the
    # release, and its notes ended 0.1 s in; a release falls on to silence.
    line = [62, 65, 67, 69, 67, 65]
    truth = [(0.5 + 0.8 * i, 0.5 + 0.8 * i + 0.6, p) for i, p in enumerate(line)]
    found = transcribe(partials(truth, [1.0, 0.5, 0.4, 0.3], decay=0.5, pluck=0.88), part="melody")
    assert [n.pitch for n in found.notes] == line
    ends = np.array([n.end for n in found.notes]) - np.array([e for _, e, _ in truth])
    assert np.all(np.abs(ends) <= 0.1), ends


def test_a_held_note_let_go_slowly_ends_where_it_is_let_go():
    # An organ's note holds its level, then falls 25-65 dB/s once let go: under the drop rule's 8 dB in 0.11 s,
    # so the note ran on through its release into the rest (0.3-0.4 s late); its level leaving the held
    # level, falling on and not coming back, is the end.
    line = [67, 64, 65, 62, 60, 67]
    truth = [(0.5 + 1.0 * i, 0.5 + 1.0 * i + 0.5, p) for i, p in enumerate(line)]
    found = transcribe(partials(truth, [1.0, 0.6, 0.4, 0.3, 0.2], ring=0.4, release=45.0), part="melody")
    assert [n.pitch for n in found.notes] == line
    ends = np.array([n.end for n in found.notes]) - np.array([e for _, e, _ in truth])
    assert np.all(np.abs(ends) <= 0.05), ends


def test_silence_gives_no_notes_and_says_so():
    found = transcribe(silence(3.0), part="melody")
    assert found.notes == () and found.phrases == ()
    assert found.notices == ("no notes found: the melody is silent",)
    noise = AudioClip((np.random.default_rng(0).standard_normal((2, SR * 2)) * 1e-3).astype(np.float32), SR)
    assert transcribe(noise, part="bass").notes == ()


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"part": "drums"}, "part='drums' must be one of melody, bass, chords"),
        ({"part": 2}, "part=2 must be one of melody, bass, chords"),
        ({"engine": "crepe"}, "engine='crepe' must be one of pyin, basic-pitch"),
    ],
)
def test_bad_settings_are_refused(kwargs, match):
    with pytest.raises(ParameterError, match=f"^{match}$"):
        transcribe(silence(1.0), **kwargs)
    with pytest.raises(ParameterError, match="^clip must be an AudioClip, got ndarray$"):
        transcribe(np.zeros(100))


def test_the_json_round_trips():
    truth = [(0.5, 0.9, 62), (1.0, 1.4, 64)]
    found = transcribe(sung(truth), part="melody")
    data = found.to_json()
    assert set(data["notes"][0]) == {"start", "end", "pitch", "velocity"}
    assert data["range"] == {"low": 62, "high": 64}
    assert Transcription.from_json(data).to_json() == data
    with pytest.raises(ParameterError, match="not a transcription"):
        Transcription.from_json({"notes": [{"start": 0}]})


def test_phrases_break_at_rests_and_every_four_bars():
    beats = np.arange(64) * 0.5
    notes = [Note(float(t), float(t) + 0.45, 60, 90) for t in np.arange(0, 20, 0.5)]  # 10 bars without a rest
    phrases = phrases_of(notes, beats=beats, downbeats=beats[::4])
    assert [p.count for p in phrases] == [16, 16, 8]
    assert sum(p.count for p in phrases) == len(notes)
    assert phrases_of([]) == ()


# --------------------------------------------------------------------------- MIDI, ABC, tab


def _grid(bpm: float = 120.0, start: float = 0.5, bars: int = 8, per_bar: int = 4) -> BeatMap:
    beats = start + np.arange(bars * per_bar) * 60 / bpm
    return BeatMap(beats=beats, downbeats=beats[::per_bar], beats_per_bar=per_bar)


def _read(data: bytes) -> tuple[list[tuple[float, float, int]], mido.MidiFile]:
    mid = mido.MidiFile(file=io.BytesIO(data))
    now, on, out = 0.0, {}, []
    for msg in mid:
        now += msg.time
        if msg.type == "note_on" and msg.velocity > 0:
            on[msg.note] = now
        elif msg.type in ("note_off", "note_on"):
            out.append((on.pop(msg.note), now, msg.note))
    return sorted(out), mid


def test_midi_keeps_times_on_the_songs_tempo_map_and_moves_the_key():
    # A song that slows down: beats 0.5 s apart, then 0.6 s; the first downbeat at 1.3 s after a pickup beat.
    beats = np.concatenate([0.8 + np.arange(9) * 0.5, 5.3 + np.arange(1, 12) * 0.6])
    grid = BeatMap(beats=beats, downbeats=beats[1::4], beats_per_bar=4)
    notes = (Note(0.81, 1.2, 60, 90), Note(1.31, 2.0, 64, 80), Note(6.02, 7.5, 67, 100))
    data = midi_bytes(Transcription(notes=notes), grid, key="C major", semitones=2)
    back, mid = _read(data)
    assert [p for *_, p in back] == [62, 66, 69]
    for (start, end, _), note in zip(back, notes):
        assert abs(start - note.start) < 0.002 and abs(end - note.end) < 0.002
    metas = {m.type: m for m in mid.tracks[0] if m.is_meta}
    assert metas["key_signature"].key == "D"
    assert (metas["time_signature"].numerator, metas["time_signature"].denominator) == (4, 4)
    # Every downbeat is on a bar line: its tick is a whole number of 4/4 bars after the pickup bar.
    ticks = np.round((grid.beat_of(beats[1::4]) - grid.origin) * mid.ticks_per_beat).astype(int)
    pickup = next(m for m in mid.tracks[0] if m.type == "time_signature")
    assert (pickup.numerator, pickup.denominator) == (10, 16)  # 1.3 s at 0.5 s a beat, to the sixteenth
    assert np.all((ticks - ticks[0]) % (4 * mid.ticks_per_beat) == 0) and ticks[0] == 10 * mid.ticks_per_beat // 4


@pytest.mark.parametrize("value", [0, 17, 2.5, True, "4"])
@pytest.mark.parametrize("write", [abc, tab])
def test_abc_and_tab_refuse_a_bad_number_of_bars_a_line(write, value):
    notes = Transcription(notes=(Note(0.5, 1.0, 62, 90),))
    with pytest.raises(ParameterError, match=rf"bars_per_line={value!r} must be a whole number from 1 to 16"):
        write(notes, _grid(), bars_per_line=value)
    assert write(notes, _grid(), bars_per_line=16).count("|") > 0


@pytest.mark.parametrize("value", [0, 25, 4.0, True])
def test_a_beat_map_refuses_a_bad_number_of_beats_a_bar(value):
    beats = np.arange(8) * 0.5
    with pytest.raises(ParameterError, match=rf"beats_per_bar={value!r} must be a whole number from 1 to 24"):
        BeatMap(beats=beats, beats_per_bar=value)
    assert BeatMap(beats=beats, beats_per_bar=np.int64(3)).beats_per_bar == 3


def _lead_in_song() -> tuple[BeatMap, Transcription]:
    """The first downbeat 0.225 s in (a sliver of lead-in, as Lets_Go_Fishin), 120 BPM, notes in bar 8."""
    beats = 0.225 + np.arange(40) * 0.5
    bar8 = 0.225 + 7 * 2.0
    notes = (Note(bar8, bar8 + 0.5, 62, 90), Note(bar8 + 0.5, bar8 + 1.0, 64, 90))
    return BeatMap(beats=beats, downbeats=beats[::4], beats_per_bar=4), Transcription(notes=notes)


def test_abc_and_tab_put_notes_in_the_charts_bar_after_a_lead_in():
    grid, notes = _lead_in_song()
    body = abc(notes, grid, key="D major").splitlines()[6:]
    # The lead-in has no notes: bar 1 is the first downbeat's, and the notes are in bar 8, as the chart's.
    assert body == ["Z7 | D4 E4 z8 |"]
    assert tab(notes, grid, key="D major").splitlines()[3].strip() == "8"


def test_abc_writes_a_lead_in_with_notes_as_a_pickup():
    # The first downbeat 0.8 s in after a beat at 0.3 s: 1.6 beats of lead-in, a pickup of six sixteenths.
    beats = 0.3 + np.arange(20) * 0.5
    grid = BeatMap(beats=beats, downbeats=beats[1::4], beats_per_bar=4)
    notes = Transcription(notes=(Note(0.3, 0.8, 62, 90), Note(0.8, 1.8, 64, 90), Note(2.8, 3.3, 66, 90)))
    assert abc(notes, grid, key="D major").splitlines()[6:] == ["z2 D4 | E8 z8 | F4 z12 |"]


def test_midi_opens_with_a_pickup_at_the_songs_tempo_not_a_squeezed_bar():
    grid, notes = _lead_in_song()
    back, mid = _read(midi_bytes(notes, grid, key="D major"))
    for (start, end, _), note in zip(back, notes.notes):
        assert abs(start - note.start) < 0.002 and abs(end - note.end) < 0.002
    metas = [(m.type, m) for m in mid.tracks[0] if m.type in ("time_signature", "set_tempo")]
    assert [t for t, _ in metas][:2] == ["time_signature", "set_tempo"]
    pickup, first_tempo = metas[0][1], metas[1][1]
    assert (pickup.numerator, pickup.denominator) == (2, 16)  # 0.225 s: a half beat at 120 BPM, to the sixteenth
    assert first_tempo.tempo == 450000  # 133 BPM: 120 with the lead-in rounded to the sixteenth (not 1066)
    tick, first_on = 0, None
    for m in mid.tracks[1]:
        tick += m.time
        if m.type == "note_on" and first_on is None:
            first_on = tick
    assert first_on == 2 * 120 + 7 * 4 * mid.ticks_per_beat  # the pickup, then seven bars: the chart's bar 8


def test_midi_in_six_eight_counts_dotted_quarters():
    beats = np.arange(16) * 0.6
    grid = BeatMap(beats=beats, downbeats=beats[::2], beats_per_bar=2, subdivision=3)
    data = midi_bytes(Transcription(notes=(Note(0.6, 0.9, 60, 90),)), grid, key="A minor")
    back, mid = _read(data)
    assert abs(back[0][0] - 0.6) < 0.002
    sig = next(m for m in mid.tracks[0] if m.type == "time_signature")
    assert (sig.numerator, sig.denominator) == (6, 8)
    tempo = next(m for m in mid.tracks[0] if m.type == "set_tempo").tempo
    assert tempo == 400000  # a dotted quarter of 0.6 s: a quarter of 0.4 s


def test_abc_spells_the_key_ties_across_bars_and_rests_whole_bars():
    grid = _grid(start=0.0)  # 120 BPM, 2 s a bar, sixteenths of 0.125 s
    notes = (
        Note(0.0, 0.5, 62, 90),  # D, a quarter
        Note(0.5, 1.0, 66, 90),  # F# (in the key: no mark)
        Note(1.0, 1.25, 65, 90),  # F natural: marked
        Note(1.25, 1.5, 65, 90),  # F natural again in the bar: no mark
        Note(1.5, 2.5, 69, 90),  # A across the bar line: tied
        Note(8.0, 8.5, 74, 90),  # after two empty bars
    )
    text = abc(Transcription(notes=notes), grid, key="D major", title="Demo")
    lines = text.splitlines()
    assert lines[:6] == ["X:1", "T:Demo", "M:4/4", "L:1/16", "Q:1/4=120", "K:D"]
    body = " ".join(lines[6:])
    assert body.startswith("D4 F4 =F2 F2 A4- | A4 z12 | Z2 | d4 z12 |")
    assert abc(Transcription(notes=notes), grid, key="D major", semitones=-2).splitlines()[5] == "K:C"


def test_quantising_keeps_a_line_a_line():
    grid = _grid(start=0.0)
    notes = (Note(0.0, 0.3, 60, 90), Note(0.26, 0.5, 62, 90), Note(0.51, 0.52, 64, 90))
    events = quantised(Transcription(notes=notes), grid)
    assert [(e.start, e.stop, e.pitches) for e in events] == [(0, 2, (60,)), (2, 4, (62,)), (4, 5, (64,))]


def test_tab_fingers_a_scale_in_one_position():
    grid = _grid(start=0.0)
    scale = [55, 57, 59, 60, 62, 64, 65, 67]  # G major from G3, one octave
    notes = tuple(Note(0.25 * i, 0.25 * i + 0.2, p, 90) for i, p in enumerate(scale))
    text = tab(Transcription(notes=notes), grid, key="G major")
    rows = [line for line in text.splitlines() if "|" in line]
    assert [r[0] for r in rows] == ["e", "B", "G", "D", "A", "E"]
    frets = [int(f) for r in rows for f in r[2:].replace("|", "-").split("-") if f]
    assert len(frets) == len(scale) and max(frets) - min(frets) <= 5  # one hand position
    bass = tab(Transcription(notes=(Note(0.0, 0.4, 28, 90),), part="bass"), grid)
    assert [line[0] for line in bass.splitlines() if "|" in line] == ["G", "D", "A", "E"]
    assert "E|0" in bass


def test_download_names_say_the_key():
    assert download_name("My Song.mp3", part="melody", key="C major", semitones=2, fmt="midi") == (
        "My_Song_melody_D-major.mid"
    )
    assert download_name("song", part="bass", key="F# minor", semitones=-1, fmt="abc") == "song_bass_F-minor.abc"
    with pytest.raises(ParameterError, match="not a notes download"):
        NotesFormat.parse("pdf")


def test_vocals_nobody_sings_in_give_no_melody_and_say_so():
    # A band (a chord and a bass note a bar, its voicing moving), with a singer and without one: the vocals of
    # the instrumental are the band's bleed 45 dB down and a breath of noise, whose few pitched frames drew a
    # melody of noise before.
    from jamwithme.notes.sung import mix_levels

    chords = [
        (0.5 + 2.0 * i, 2.4 + 2.0 * i, p)
        for i, root in enumerate([48, 53, 55, 48, 53])
        for p in (root, root + 7, root + 16)
    ]
    band = partials(chords, [1.0, 0.5, 0.3, 0.2]).samples[:, : 10 * SR]
    voice, truth = _melody_song()
    sung_mix = AudioClip(band * 0.5 + voice.samples, SR)
    found = transcribe(voice, part="melody", mix_level=mix_levels(sung_mix))
    assert found.sung is True and matched(found, truth) >= 15 and not found.notices
    bleed = band * 10 ** (-45 / 20) + np.random.default_rng(0).normal(0, 1e-4, band.shape)
    found = transcribe(
        AudioClip(bleed.astype(np.float32), SR), part="melody", mix_level=mix_levels(AudioClip(band, SR))
    )
    assert found.sung is False and found.notes == () and "nobody sings" in found.notices[0], found
    assert Transcription.from_json(found.to_json()).sung is False
    # Without the song's level (a part as it is, the melody set), nobody asks: the bleed's notes as before.
    assert transcribe(AudioClip(bleed.astype(np.float32), SR), part="melody").sung is None


# --------------------------------------------------------------------------- the rendered development set


@pytest.mark.slow
def test_rendered_lines():
    import melody_set

    try:
        # Three lines of the tune part: a flute with vibrato, a trumpet, a fingered bass.
        picked = [melody_set.render(s) for s in melody_set.line_specs("tune") if s.seed in (10, 14, 103)]
    except melody_set.Unavailable as exc:
        pytest.skip(str(exc))
    from jamwithme.audio import load

    for line in picked:
        found = transcribe(load(line.path), part=line.spec.part)
        hits = matched(found, line.notes)
        assert hits >= 0.9 * len(line.notes), (line.name, hits, len(line.notes))
        assert len(found.notes) <= 1.1 * len(line.notes), line.name


@pytest.mark.parametrize("program", [67, 70])
def test_low_reeds_are_read_in_their_octave(program):
    """A tune-part line played on a baritone sax (its upper notes: pYIN took two periods for one, 3 of 48
    notes an octave down) and on a bassoon (a weak fundamental: 10 of 48 an octave up)."""
    found, line = tune_line_found(1, program)  # an alto sax's line, 66 BPM
    assert matched(found, line.notes) >= 0.95 * len(line.notes), [n.pitch for n in found.notes]


def test_a_bowed_notes_start_is_its_attack_not_where_its_pitch_took_over():
    """A tune-part line (a nylon guitar's, 104 BPM) played on a cello (GM 42): the bow's attack sounds 50-150
    ms before the new pitch takes over from the old one ringing on, so the note started at the attack after
    the pitch step (or 30 ms before the step) and 43 of its 86 notes began late; the latest attack before
    the step is the note's, and one up to 0.2 s before it when the pitch was lost between (53 now)."""
    found, line = tune_line_found(5, 42)
    assert matched(found, line.notes) >= 50, (matched(found, line.notes), len(line.notes))


def test_a_slap_bass_note_starts_on_its_slap_not_where_pyin_found_its_pitch():
    """A tune-part bass line (a synth bass's, 72 BPM) played on a slap bass (GM 36): pYIN finds a note's pitch
    0.1-0.2 s after the slap, too late for the attack to be snapped onto, so the note began there (64 of its
    78 notes on time). With the pitch lost between, the note starts on the attack up to 0.2 s before (66)."""
    found, line = tune_line_found(106, 36, part="bass")
    assert matched(found, line.notes) >= 66, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)


def test_a_slap_bass_2_note_is_found_though_pyin_hardly_voices_its_sweeping_attack():
    """A tune-part bass line (a synth bass's, 120 BPM) played on slap bass 2 (GM 37): the patch's pitch sweeps
    down 2-3 semitones over a note's first 0.1 s and pYIN gives its notes a voiced probability of 0.02-0.05,
    under the 0.05 a note needed, so 8 of its 70 notes were left out (62 found on time). Now 70."""
    found, line = tune_line_found(102, 37, part="bass")
    assert matched(found, line.notes) >= 68, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)


def test_a_slap_bass_2_note_is_the_semitone_its_sweep_settles_on():
    """A fresh bass line of seed 8024 (``fresh_lines``; slap bass 2, GM 37, 145 BPM; never a blind seed): the
    patch's pitch starts 2-3 semitones sharp and steps down over a note's first 0.1 s, so a short note's median
    pitch stayed a semitone sharp (65 of its 73 notes on time). The semitone its track holds longest (72)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(8024, 8))
    assert matched(found, line.notes) >= 70, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)


def test_a_bass_notes_faint_partial_an_octave_below_is_not_its_fundamental():
    """A D2 made as the slap bass's (GM 36) sample of it sounds, read at D1 as YIN reads it there: a partial at
    D1 and one at 1.5 times the note, 14-16 dB under the note's strongest harmonic (its second), odd harmonics
    5 and 7 of D1 missing. Its odd harmonics hold 0.12 of the even ones, over the 0.1 the octave-up check
    needed, so it stayed a D1; a synth bass's low note, whose fundamental leads with odd harmonics at a
    quarter of the even ones, stays where it is."""
    from jamwithme.notes.segmentation import BASS
    from jamwithme.notes.spectrum_checks import octave_checked

    slap = partials([(0.5, 0.85, 26)], [0.18, 0.28, 0.22, 1.0, 0.0, 0.56, 0.0, 0.25], decay=1.5)
    assert octave_checked(slap.samples[0], SR, 0.5, 0.85, 26, BASS) == 38
    low = partials([(0.5, 0.85, 29)], [1.0, 0.35, 0.13, 0.14, 0.01, 0.06], decay=1.5)
    assert octave_checked(low.samples[0], SR, 0.5, 0.85, 29, BASS) == 29


def test_a_slap_bass_line_is_read_in_its_octave():
    """A fresh bass line of seed 8060 (``fresh_lines``; slap bass, GM 36, 76 BPM; never a blind seed): the
    patch's D2 and D#2 carry a partial at D1, which pYIN took for the period (61 of its 82 notes on time, 13
    of its 20 D2s and D#2s an octave low); a partial that far under the note's strongest harmonic is not the
    note (73 on time, 1 an octave low; most of the rest are short D2s pYIN does not voice at all)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(8060, 5))
    assert matched(found, line.notes) >= 71, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)


def test_a_fiddles_note_struck_again_is_a_note_though_its_level_falls_after_the_attack():
    """A fresh melody of seed 8709 (``fresh_lines``; own tune seed, never a blind seed) on a fiddle (GM 110) at
    114 BPM: a note played again 20-40 ms after the note before makes a flux peak, but the level falls on after
    it (the old note's release dying under the new note's slow attack) and only climbs back later, so the rise
    rule saw no attack and the notes ran together (26 of its 33 notes on time, 2 of its 6 notes played again).
    A fall of 10 dB within 8 frames after the peak and a climb back out of it is the attack (31, 5 of 6)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(8709, 0))
    notes = line.notes
    again = [i for i in range(1, len(notes)) if notes[i, 2] == notes[i - 1, 2] and notes[i, 0] - notes[i - 1, 1] < 0.1]
    assert len(again) == 6
    assert matched(found, notes[again]) >= 5, matched(found, notes[again])
    assert matched(found, notes) >= 30, (matched(found, notes), len(notes))
    assert len(found.notes) <= len(notes)


def test_a_contrabass_note_played_again_is_a_note_though_its_attack_makes_little_flux():
    """A fresh bass line of seed 8100 (``fresh_lines``; never a blind seed) played on a contrabass (GM 43) at
    117 BPM: its bowed notes played again at one pitch (or read at one, its low notes an octave up) make flux
    peaks of 0.1-0.2 of the part's strong attacks, under the attack threshold, so they ran together or were
    left out after the first one's release (46 of its 89 notes on time, 55 found). The level's trough between
    them, 6 dB under both, with that faint peak by it, starts a note (74 on time; most of the rest an octave
    or two off)."""
    import dataclasses

    import fresh_lines

    spec = dataclasses.replace(fresh_lines.retimbred(fresh_lines.fresh_line_spec(8100, 2), 43), bpm=117.0)
    found, line = found_in(spec)
    assert matched(found, line.notes) >= 70, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)


def test_a_bass_note_with_no_fundamental_to_stand_out_is_read_by_its_odd_harmonics():
    """An A1 whose fundamental is lost (a contrabass's low notes: 20-30 dB under the second harmonic, a few dB
    over the spectrum around it), its third and fifth harmonics 12 and 17 dB under the second: YIN reads A2,
    and with nothing standing at A1 the octave-down check kept it. Partials at 3/2 and 5/2 of A2 are A1's own;
    unless the note before, an A1 let go just before, rings on under an A2 and puts them there."""
    from jamwithme.notes.segmentation import BASS
    from jamwithme.notes.spectrum_checks import octave_checked

    note = partials([(0.5, 0.9, 33)], [0.0, 1.0, 0.25, 0.7, 0.15, 0.1]).samples[0]
    assert octave_checked(note, SR, 0.5, 0.9, 45, BASS) == 33
    assert octave_checked(note, SR, 0.5, 0.9, 45, BASS, ringing=33) == 45


def test_a_contrabass_line_is_read_in_its_octave():
    """A fresh bass line of seed 8151 (``fresh_lines``; never a blind seed) played on a contrabass (GM 43) at
    118 BPM: its low notes' fundamental is too faint to stand out, so YIN read them an octave up and the
    octave-up check then took many another octave up (58 of its 71 notes on time, 12 an octave or two off).
    Their partials at 3/2 and 5/2 of the pitch read say the octave below (70 on time)."""
    import fresh_lines

    found, line = found_in(fresh_lines.retimbred(fresh_lines.fresh_line_spec(8151, 11), 43))
    assert matched(found, line.notes) >= 68, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)


def test_a_contrabass_line_in_octaves_finds_its_upper_notes():
    """A fresh bass line of seed 8507 (``fresh_lines``; never a blind seed) played on a contrabass (GM 43) at
    125 BPM, 24 of its 99 notes an octave over the note before: the low note rings on under the upper one, YIN
    reads its period, and the pitch track holds the low note through both; the upper note was lost after the
    low note's release (86 of 99 on time). There its odd harmonics (of the low pitch) stand 5-15 dB under the low
    note's: the note an octave up (95 on time)."""
    import fresh_lines

    found, line = found_in(fresh_lines.retimbred(fresh_lines.fresh_line_spec(8507, 2), 43))
    assert matched(found, line.notes) >= 93, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)


def test_a_violins_vibrato_swinging_its_level_does_not_split_a_held_note():
    """A tune-part line (synth strings, 88 BPM) played on a violin (GM 40): its vibrato moves the pitch
    through the body's resonances and swings the level 4-6 dB a cycle with it; a trough 0.3-0.4 s into a
    held note, before the note had wobbled long enough to judge by, passed for a repeated note (4 of its 34
    held notes split). A trough as deep as the one a vibrato period before it, the pitch swinging between,
    is the vibrato (1 now)."""
    found, line = tune_line_found(3006, program=40)
    split = held_split(found, line)
    assert split <= 2, split
    assert matched(found, line.notes) >= 0.7 * len(line.notes), (matched(found, line.notes), len(line.notes))


def test_a_violins_vibrato_starting_does_not_split_a_held_note():
    """A tune-part line (a clarinet's, 88 BPM) played on a violin (GM 40): a held note's vibrato starts 0.15 s
    in, and its first trough (a 4 dB dip, the flux of a weak attack, 0.29 s in) has no trough before it in the
    note for the vibrato rule to match, so it passed for a repeated note (held notes split: 1). The bow never
    stops there (pYIN's voicing holds) and the pitch swings: the vibrato, not a note played again (0 now)."""
    found, line = tune_line_found(17, program=40)
    assert held_split(found, line) == 0
    assert matched(found, line.notes) >= 0.7 * len(line.notes), (matched(found, line.notes), len(line.notes))


def test_a_voice_leads_swing_early_in_a_held_note_is_not_an_attack():
    """The tune part's voice lead at 66 BPM (GM 85): its level swings 10-18 dB a few times a second, and the
    first trough, 0.15-0.4 s after a note's attack, came before the note had wobbled long enough to judge the
    swing by: 23 of its 55 held notes were split (now 8, judged by the part's held notes' wobble)."""
    found, line = tune_line_found(3004)
    split = held_split(found, line)
    assert split <= 12, split
    assert matched(found, line.notes) >= 0.75 * len(line.notes), (matched(found, line.notes), len(line.notes))


def test_a_synth_voice_note_starts_on_its_attack_not_on_its_wobble_after_it():
    """A fresh melody of seed 8075 (``fresh_lines``; never a blind seed) played on a synth voice (GM 54) at 86
    BPM with a 44-cent vibrato: its tone breaks at a note's attack (pYIN loses the pitch for 50-100 ms) and its
    beating voices make a flux peak every 50-100 ms until the new pitch takes over, so the latest attack
    before the pitch step was one of those, 0.05-0.2 s late (46 of its 73 notes on time, 5 of its 34 held
    notes with a note starting inside). With the pitch lost between, the strongest of them is the note's
    attack (51 on time, 3)."""
    import dataclasses

    import fresh_lines

    spec = fresh_lines.retimbred(fresh_lines.fresh_line_spec(8075, 0), 54)
    found, line = found_in(dataclasses.replace(spec, vibrato=44.0, scoop=0.25, bpm=86.0))
    assert matched(found, line.notes) >= 50, (matched(found, line.notes), len(line.notes))
    assert held_split(found, line) <= 3, held_split(found, line)


def in_rests(found, line) -> list[tuple[float, float, int]]:
    """The found notes wholly inside a rest of ``line``'s truth longer than 0.25 s (from 50 ms into it), as
    ``bench/notes.py`` counts notes in silence."""
    rests = line.rests(0.25)
    return [(n.start, n.end, n.pitch) for n in found.notes if any(n.start >= a + 0.05 and n.end <= b for a, b in rests)]


@pytest.mark.parametrize(
    "seed, k, vibrato, scoop, bpm, rest",
    [(8081, 9, 50.0, 0.28, 107.0, (15.69, 16.48)), (8083, 10, 64.0, 0.27, 79.0, (32.08, 33.92))],
)
def test_a_synth_voice_release_is_not_a_note_in_the_rest(seed, k, vibrato, scoop, bpm, rest):
    """Fresh melodies of seeds 8081 and 8083 (``fresh_lines``; never blind seeds) played on a synth voice (GM
    54) with a singing vibrato: after a note is let go before a rest, its detuned voices beat on, the level
    climbing 5 dB out of a trough 0.1 s after the note's end and dying at the note's pitch 5-7 dB under it; a
    flux peak on that climb started a note of 0.59 s and one of 0.14 s in the rest. That is the note dying,
    not played again (which climbs back to where the note was let go): none now, and the notes before them
    found as before."""
    import dataclasses

    import fresh_lines

    spec = fresh_lines.retimbred(fresh_lines.fresh_line_spec(seed, k), 54)
    found, line = found_in(dataclasses.replace(spec, vibrato=vibrato, scoop=scoop, bpm=bpm))
    assert in_rests(found, line) == [], in_rests(found, line)
    before = [tuple(line.notes[line.notes[:, 0] < rest[0]][-1])]  # the note let go before the rest
    assert matched(found, before) == 1, (before, [(n.start, n.pitch) for n in found.notes])
    assert matched(found, line.notes) >= 0.75 * len(line.notes), (matched(found, line.notes), len(line.notes))


def sung_draw(seed: int, k: int, program: int):
    """Fresh melody ``k`` of ``seed`` (``fresh_lines``) on GM ``program`` with the singing draw the issue's
    lines were played with: a vibrato of 40-80 cents, a scoop of 0.1-0.4 and 60-110 BPM, drawn from the seed
    and the line's own seed."""
    import dataclasses

    import fresh_lines

    spec = fresh_lines.fresh_line_spec(seed, k)
    rng = np.random.default_rng([seed, spec.seed % 1000, 15])
    return dataclasses.replace(fresh_lines.retimbred(spec, program), vibrato=float(rng.uniform(40, 80)),
                               scoop=float(rng.uniform(0.1, 0.4)), bpm=float(rng.integers(60, 110)))  # fmt: skip


@pytest.mark.parametrize("seed, k, on_time", [(8086, 1, 44), (8088, 6, 68), (8090, 9, 63)])
def test_the_releases_of_a_synth_voice_notes_before_a_rest_are_not_a_note_in_it(seed, k, on_time):
    """Fresh melodies of seeds 8086, 8088 and 8090 (``fresh_lines``; never blind seeds) on a synth voice (GM
    54) with the singing draw: the patch lets its notes go slowly (40 dB down 0.9-1.15 s after the note-off),
    so the last three or four notes before a rest sound on together in it, and pYIN reads their common
    fundamental (two octaves and a third under the last note) or one of them: 2, 1 and 1 notes in the rest,
    at no pitch the note just before had, so the test of that note dying (its pitch) did not see them. They
    start 0.24-0.34 s after the note before was let go, 15-29 dB under it, and their level never climbs out
    of the fall: the releases, not a note. None now, and as many notes on time as before (44 of 76, 68 of
    98, 63 of 87)."""
    found, line = found_in(sung_draw(seed, k, 54))
    assert in_rests(found, line) == [], in_rests(found, line)
    assert matched(found, line.notes) >= on_time, (matched(found, line.notes), len(line.notes))


@pytest.mark.parametrize("seed, k, tail, on_time", [(8664, 9, 5.004, 22), (8665, 3, 5.445, 40)])
def test_a_ringing_notes_tail_read_at_a_pitch_of_its_own_is_not_a_note_in_the_rest(seed, k, tail, on_time):
    """Own tune seeds 8664 and 8665 (``fresh_lines``; never blind seeds): a sitar (GM 104) and a celesta (GM 8)
    ring on after a note's note-off, the sitar's buzz read at a pitch of its own (a semitone under the note), the
    celesta's pitch drifting a semitone flat, and pYIN's path stepped there with no attack: a note in the rest at
    5.004 s, 19 dB under the note before and 0.05 s after its let-go, and one at 5.445 s, 20 dB under it, touching
    it, their flux 0.02-0.07 of the part's attacks and their level never climbing out of the fall (the next note's
    attack heard in the averaged level's last frames). Not notes now, and the notes on time as before."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(seed, k))
    assert in_rests(found, line) == [], in_rests(found, line)
    assert not any(abs(n.start - tail) < 0.02 for n in found.notes), [(n.start, n.pitch) for n in found.notes]
    assert matched(found, line.notes) >= on_time, (matched(found, line.notes), len(line.notes))


def test_a_pad_note_soon_after_the_note_before_and_far_under_it_is_a_note():
    """Fresh melody 6 of seed 8082 (``fresh_lines``; never a blind seed) on the warm pad (GM 90): its note at
    8.355 s starts 58 ms after the note before was let go, 13 dB under it, with the pad's slow attack (its
    level climbing little in its first 70 ms). A piece that soon after a note is no release sounding on in a
    rest: the rule of the releases in a rest waits ``rest_tail_gap`` (0.15 s) after the let-go, and the note
    is found."""
    import fresh_lines

    found, line = found_in(fresh_lines.retimbred(fresh_lines.fresh_line_spec(8082, 6), 90))
    note = [tuple(line.notes[np.argmin(np.abs(line.notes[:, 0] - 8.355))])]
    assert note[0][2] == 83, note
    assert matched(found, note) == 1, (note, [(n.start, n.end, n.pitch) for n in found.notes if 8 < n.start < 9])


def late_starts(found, truth) -> int:
    """How many true (start, end, pitch) notes have no found note of their pitch starting within 50 ms, but one
    starting 50-300 ms after: found, late."""
    starts = np.array([n.start for n in found.notes])
    pitches = np.array([n.pitch for n in found.notes])
    return sum(bool(np.any((starts - s > 0.05) & (starts - s < 0.3) & (pitches == p)))
               and not np.any((np.abs(starts - s) <= 0.05) & (pitches == p)) for s, _, p in truth)  # fmt: skip


@pytest.mark.parametrize(
    "seed, k, vibrato, scoop, bpm, was_late, now_late",
    [(8081, 6, 73.0, 0.35, 108.0, 12, 8), (8082, 6, 52.0, 0.21, 87.0, 16, 9)],
)
def test_a_choir_note_starts_on_the_attack_that_brings_its_partials_in(
    seed, k, vibrato, scoop, bpm, was_late, now_late
):
    """Fresh melodies of seeds 8081 and 8082 (``fresh_lines``; never blind seeds) played on the choir "aahs"
    (GM 52) with a singing vibrato: the patch swells 0.14 s after a note-on while the note before rings on, so
    pYIN reads the old pitch for 0.1-0.2 s after the new note's attack, and the note started on a later
    attack at its pitch step (12 and 16 of their notes 50-300 ms late, 38 of 78 and of 93 on time). The
    attack that brings the new note's partials in (10-30 dB, the old note's not) is its start: 43 on time
    each, 7 and 8 late."""
    import dataclasses

    import fresh_lines

    spec = fresh_lines.retimbred(fresh_lines.fresh_line_spec(seed, k), 52)
    found, line = found_in(dataclasses.replace(spec, vibrato=vibrato, scoop=scoop, bpm=bpm))
    assert late_starts(found, line.notes) <= now_late < was_late, late_starts(found, line.notes)
    assert matched(found, line.notes) >= 42, (matched(found, line.notes), len(line.notes))
    assert held_split(found, line) <= 4, held_split(found, line)


def test_a_slow_glide_into_a_held_note_is_not_a_note_of_its_own():
    """The tune part's synth strings at 88 BPM (GM 50): its detuned voices glide from one note to the next
    over 0.1-0.2 s, and the pitch path stepped through the semitone between; that piece, read as the held
    note's own pitch with no attack where the path stepped on, made the held note two (6 of its 34 held
    notes split; the held-out synth voice's one split was this). A note at the pitch of the note it runs
    on from, with no attack between, is that note (4 now)."""
    found, line = tune_line_found(3006)
    split = held_split(found, line)
    assert split <= 4, split
    assert matched(found, line.notes) >= 0.5 * len(line.notes), (matched(found, line.notes), len(line.notes))


@pytest.mark.slow
def test_chords_with_basic_pitch():
    """Three voices at once (plucked tones: C E G, then F A C, then G B D), found by basic-pitch's network."""
    chords = [(0.5, 1.5, (60, 64, 67)), (1.75, 2.75, (65, 69, 72)), (3.0, 4.0, (67, 71, 74))]
    clip = sung([(a, b, p) for a, b, ps in chords for p in ps], seconds=5.0, vibrato=0.0, bass=True)
    found = transcribe(clip, part="chords")
    assert found.engine == "basic-pitch" and found.part == "chords"
    truth = [(a, b, p) for a, b, ps in chords for p in ps]
    assert matched(found, truth, tolerance=0.06) >= 8, [(n.start, n.pitch) for n in found.notes]
    assert len(found.notes) <= 18  # a chord's strong harmonics may come as notes too (13 here): no more than that
    assert not any(n.start < 0.4 or n.start > 4.1 for n in found.notes)  # nothing in the silence around


# --------------------------------------------------------------------------- the job, the command line


def _melody_song() -> tuple[AudioClip, list[tuple[float, float, int]]]:
    """A sung line of 16 notes at 120 BPM (C major, then a rest, then an answer), 9 s."""
    line = [60, 64, 67, 72, 71, 67, 64, 62, 65, 69, 72, 74, 72, 67, 64, 60]
    truth = [(0.5 + 0.5 * i + (1.0 if i >= 8 else 0.0), 0.5 + 0.5 * i + 0.45 + (1.0 if i >= 8 else 0.0), p)
             for i, p in enumerate(line)]  # fmt: skip
    return sung(truth, seconds=10.0), truth


@pytest.mark.slow
def test_the_notes_job_through_the_service(tmp_path):
    from jamwithme.notes.files import download
    from jamwithme.service import LocalStore, Service, jobs

    service = Service(LocalStore(tmp_path / "store"))
    clip, truth = _melody_song()
    song = service.add_song(clip, name="line.wav", source_kind="test")
    settings = {"source": "mix", "part": "melody"}
    key = service.run("notes", song.id, settings)
    assert service.stored("notes", song.id, settings) == key  # a second request finds it stored
    data = service.entry(key).read_json("notes.json")
    assert {"notes", "phrases", "part", "engine", "duration", "range", "notices"} <= set(data)
    found = jobs.song_notes(service.store, key)
    assert matched(found, truth) >= 15 and len(found.notes) <= 17
    assert data["engine"] == "pyin" and data["range"] == {"low": 60, "high": 74}
    assert sum(p["count"] for p in data["phrases"]) == len(data["notes"]) and len(data["phrases"]) >= 2
    analysis = jobs.song_analysis(service.store, service.meta(key)["analysis"])
    name, midi, media_type = download(found, analysis, fmt="midi", semitones=-3, song=song.name)
    assert name.startswith("line_melody_") and name.endswith(".mid") and media_type == "audio/midi"
    back, _ = _read(midi)
    assert [p for *_, p in back] == [n.pitch - 3 for n in found.notes]
    # A silent song: no notes, said in the entry, nothing fails.
    quiet = service.add_song(silence(5.0), name="quiet.wav", source_kind="test")
    empty = jobs.song_notes(service.store, service.run("notes", quiet.id, settings))
    assert empty.notes == () and empty.notices == ("no notes found: the melody is silent",)


def _cli(*args: str, env: dict | None = None):
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "jamwithme"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=900,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {})})  # fmt: skip


@pytest.mark.slow
def test_the_notes_command(tmp_path):
    import json

    from jamwithme.audio import save

    env = {"JAMWITHME_CACHE_DIR": str(tmp_path / "store")}
    clip, truth = _melody_song()
    song = save(clip, tmp_path / "line.wav")
    out = tmp_path / "out"
    out.mkdir()
    proc = _cli("notes", str(song), "--as-is", "-o", str(out), "--semitones", "2", env=env)
    assert proc.returncode == 0, proc.stderr
    (written,) = out.iterdir()
    assert written.name.startswith("line_melody_") and written.suffix == ".mid" and str(written) in proc.stdout
    back, _ = _read(written.read_bytes())
    assert sum(any(abs(a - s) <= 0.05 and q == p + 2 for a, _, q in back) for s, _, p in truth) >= 15
    proc = _cli("notes", str(song), "--as-is", "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data["notes"][0]) == {"start", "end", "pitch", "velocity"}
    assert [n["pitch"] for n in data["notes"]][:4] == [60, 64, 67, 72]
    tab_path = tmp_path / "line.txt"
    assert _cli("notes", str(song), "--as-is", "-o", str(tab_path), env=env).returncode == 0
    assert tab_path.read_text().count("|") > 10
    quiet = save(silence(5.0), tmp_path / "quiet.wav")
    proc = _cli("notes", str(quiet), "--as-is", "--json", env=env)
    assert proc.returncode == 0 and "no notes found: the melody is silent" in proc.stderr
    assert json.loads(proc.stdout)["notes"] == []


@pytest.mark.parametrize(
    "args, code, match",
    [
        (["--part", "drums"], 2, "invalid choice"),
        (["--semitones", "30"], 1, "semitones=30"),
        (["-o", "/no/such/folder/x.mid"], 1, "does not exist"),
        (["-o", "{tmp}/x.pdf"], 1, "not a notes download"),
    ],
)
def test_the_notes_command_refuses_bad_arguments_before_any_work(tmp_path, args, code, match):
    from jamwithme.audio import save

    song = save(silence(1.0), tmp_path / "song.wav")
    proc = _cli("notes", str(song), *[a.replace("{tmp}", str(tmp_path)) for a in args],
                env={"JAMWITHME_CACHE_DIR": str(tmp_path / "store")})  # fmt: skip
    assert proc.returncode == code and match in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "store").exists()  # nothing was decoded or stored


@pytest.mark.parametrize("content, match", [(b"", "empty"), (b"<html>not a song</html>" * 40, "not audio")])
def test_the_notes_command_refuses_what_is_not_audio(tmp_path, content, match):
    path = tmp_path / "song.mp3"
    path.write_bytes(content)
    proc = _cli("notes", str(path), "-o", str(tmp_path), env={"JAMWITHME_CACHE_DIR": str(tmp_path / "store")})
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and match in lines[0]


@pytest.mark.slow
def test_the_melody_of_the_demo_songs_vocals(tmp_path):
    """The demo song's voice sings a known line over a band: separated, then transcribed."""
    import json
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "sample_data"))
    import make_demo

    beat = 60 / make_demo.BPM
    truth = [((rep * 16 + b) * beat, (rep * 16 + b + n * 0.95) * beat, p)
             for rep in range(2) for b, n, p in make_demo.MELODY]  # fmt: skip
    proc = _cli("notes", str(ROOT / "sample_data" / "demo_song.mp3"), "--json",
                env={"JAMWITHME_CACHE_DIR": str(tmp_path / "store")})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    found = Transcription.from_json(json.loads(proc.stdout))
    assert matched(found, truth, tolerance=0.06) >= 0.9 * len(truth)
    assert len(found.notes) <= 1.15 * len(truth)
    assert found.sung is True


@pytest.mark.slow
def test_an_instrumentals_vocals_give_no_melody_and_say_so(tmp_path):
    """Vibe_Ace (jazz, no singer): its separated vocals are the band's bleed, 58 dB under the song, pitched
    now and then (5 notes of noise before); the command's JSON says nobody sings, and no notes."""
    import json

    from conftest import MUSIC, shared_file

    song = shared_file(MUSIC / "Kevin_MacLeod_-_Vibe_Ace.ogg")
    proc = _cli("notes", str(song), "--json", env={"JAMWITHME_CACHE_DIR": str(tmp_path / "store")})
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["sung"] is False and data["notes"] == [] and "nobody sings" in data["notices"][0], data
    assert "nobody sings" in proc.stderr


@pytest.mark.slow
def test_the_chord_model_survives_a_separation_built_after_it(tmp_path):
    """A song analysed, another separated, then analysed, in one fresh process (a server's life; /notes needs both).

    Building Spleeter's graph left the chord model built before it "in an
    invalid state": the second analysis failed with a ValueError.
    """
    import os
    import subprocess
    import sys

    from conftest import ROOT

    code = f"""
import sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from synth_music import four_chord_track
from jamwithme.service import LocalStore, Service
song, _ = four_chord_track(cycles=1, bpm=140)
service = Service(LocalStore({str(tmp_path)!r}))
first = service.add_song(song, name="a", source_kind="test")
demo = service.add_song({str(ROOT / "sample_data" / "demo_song.mp3")!r}, name="demo.mp3")
service.run("analysis", first.id, {{}})
service.run("separate", demo.id, {{}})
print(service.entry(service.run("analysis", demo.id, {{}})).read_json("analysis.json")["key"])
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == "C major"


@pytest.mark.parametrize(
    "amplitudes, octaves",
    [
        # A drawbar organ (GM 16) read two octaves under its key f: f/4 and f/2 as loud as f, then 3f/2, 2f, 4f;
        # nothing at 3f/4, 5f/4 or 5f/2 (harmonics 1-8 and 16 of f/4).
        ([1.0, 0.9, 0.0, 0.5, 0.0, 0.17, 0.0, 0.25] + [0.0] * 7 + [0.03], 2),
        # A percussive organ (GM 17) read an octave under: f/2, f, 3f/2, 2f and 3f, nothing at 5f/2 or 7f/2.
        ([1.0, 0.7, 0.45, 0.55, 0.0, 1.0, 0.0, 0.01], 1),
        # A bassoon's low note: harmonics fading with their number, none of them a hole.
        ([0.7, 1.0, 0.25, 0.22, 0.03, 0.006, 0.01, 0.004], 0),
        # A clarinet's: weak even harmonics, the opposite holes.
        ([1.0, 0.05, 0.6, 0.05, 0.4, 0.05, 0.2, 0.02], 0),
        # A steel guitar's A4 (GM 25): its pluck leaves holes at 5 and 7, but its 6th fades with them.
        ([1.0, 0.3, 0.08, 0.06, 0.016, 0.08, 0.02, 0.16], 0),
        # A church organ (GM 19) read an octave under its key 2f: its quint stop at 3f (a fifth over the key)
        # shares the period of f with the key; nothing at f, 5f or 7f (a note of seed 8266's organ line, 3f the
        # strongest: too strong for the hollow check's odd harmonics 1, 3, 5).
        ([0.0, 0.45, 1.0, 0.35, 0.0, 0.5, 0.0, 0.4], 1),
        # ... and two octaves under (the key at 4f, the quint at 6f): nothing at f, 2f or 3f either.
        ([0.0, 0.0, 0.0, 1.0, 0.0, 0.6, 0.0, 0.5, 0.0, 0.0, 0.0, 0.3, 0.0, 0.0, 0.0, 0.2], 2),
        # A missing fundamental with every other harmonic sounding (5f and 7f too) is the note f.
        ([0.0, 1.0, 0.5, 0.3, 0.2, 0.1, 0.08, 0.05], 0),
    ],
)
def test_an_organs_stops_under_its_key_are_not_the_note(amplitudes, octaves):
    """FluidR3's drawbar organ sounds its key with stops one and two octaves under it, so YIN reads the lowest
    (every note of a blind seed's organ line two octaves down). Against that pitch f its partials stand at f,
    2f, 4f, 6f and 8f with holes at 5f and 7f, where an instrument's harmonics fade one after another."""
    from jamwithme.notes.segmentation import MELODY
    from jamwithme.notes.spectrum_checks import octave_checked

    note = partials([(0.5, 1.0, 45)], amplitudes).samples[0]
    assert octave_checked(note, SR, 0.5, 1.0, 45, MELODY) == 45 + 12 * octaves


def test_a_church_organ_line_is_read_in_its_octave():
    """Seed 8175's first fresh melody (``fresh_lines``; never a blind seed) played on a church organ (GM 19): its
    quint stop put notes an octave or two under the key, 64 of its 93 on time at their pitch; where nothing sounds
    at the pitch read, nor at its 5th and 7th harmonics, the key is an octave up (71 now; the rest are mostly
    notes played again, run together)."""
    import fresh_lines

    found, line = found_in(fresh_lines.retimbred(fresh_lines.fresh_line_spec(8175, 0), 19))
    assert matched(found, line.notes) >= 70, (matched(found, line.notes), len(line.notes))


def test_a_xylophone_note_lasts_until_the_next_is_played():
    """Seed 8366's tenth fresh line (``fresh_lines``; an own tune seed, never a blind one), a melody on a xylophone
    (GM 13): its notes die away, 24 dB down 0.2 s after their attack (median), long before they are let go, so
    each ended where it had faded and none of its 77 notes ended on time (72 start on time); its let-go is not
    heard, so each lasts until the next is played (64 end on time now)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(8366, 9))
    assert matched(found, line.notes) >= 70, (matched(found, line.notes), len(line.notes))
    assert ended(found, line.notes) >= 60, (ended(found, line.notes), len(line.notes))


@pytest.mark.parametrize(
    "seed, k, least",
    [
        (8771, 0, 42),  # a banjo (GM 105) at 162 BPM, its notes 11-16 dB down 0.2 s after their attack
        (8773, 1, 34),  # a steel guitar (GM 25) at 172 BPM, ringing on under the next note's attack
    ],
)
def test_a_note_whose_let_go_is_not_heard_ends_before_the_next_is_played(seed, k, least):
    """Own tune seeds' fresh melodies (``fresh_lines``; never blind seeds): a banjo's notes die away long before
    they are let go, a steel guitar's ring on into the next attack, so no let-go is heard and each note ran on to
    the next: 27 of the banjo's 84 notes and 18 of the steel guitar's 76 ended on time (77 and 67 start on time),
    most of them played staccato or plain (0.6 or 0.85 of the time to the next note). Each now ends 0.85 of the
    way to the next note (46 and 38 end on time)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(seed, k))
    assert matched(found, line.notes) >= len(line.notes) - 10, (matched(found, line.notes), len(line.notes))
    assert ended(found, line.notes) >= least, (ended(found, line.notes), len(line.notes))


def test_a_violin_note_ends_where_its_release_starts_before_the_next():
    """Seed 8379's fourth fresh line (``fresh_lines``; an own tune seed, never a blind one), a melody on a violin
    (GM 40) with short gaps between its notes (0.076 s, median): its release falls only 4-8 dB before the next
    note's attack, too slowly for the drop rule, so its notes ran on to the next one and 52 of its 80 ended on time
    (71 start on time); each now ends where that fall starts (65 end on time)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(8379, 3))
    assert matched(found, line.notes) >= 68, (matched(found, line.notes), len(line.notes))
    assert ended(found, line.notes) >= 60, (ended(found, line.notes), len(line.notes))


def test_a_steel_guitar_note_ends_where_its_release_starts_falling_into_the_next():
    """Seed 8434's first fresh line (``fresh_lines``; an own tune seed, never a blind one), a melody on a steel
    guitar (GM 25): a note let go rings on into the gap or the rest, its level falling steadily (50-150 dB/s) for
    longer than the let-off rule's frame-by-frame fall, into the trough at the next note's attack, so 34 of its 61
    notes ended on time (58 start on time); each now ends where that steep fall starts (48 end on time)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(8434, 0))
    assert matched(found, line.notes) >= 55, (matched(found, line.notes), len(line.notes))
    assert ended(found, line.notes) >= 44, (ended(found, line.notes), len(line.notes))


def test_a_harpsichord_note_ends_where_it_is_let_go_not_in_its_attacks_fall():
    """Seed 8862's fourth fresh line (``fresh_lines``; an own tune seed, never a blind one), a melody on a
    harpsichord (GM 6) at 65 BPM: its notes fall 8 dB or more right after the pluck, then hold, so the drop rule
    ended them in that first fall, before they were let go, and 48 of its 60 notes ended on time (all 60 start on
    time); each now ends where its level, held after that fall, falls again 7 dB within 0.035 s (57 end on time)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(8862, 3))
    assert matched(found, line.notes) >= 58, (matched(found, line.notes), len(line.notes))
    assert ended(found, line.notes) >= 55, (ended(found, line.notes), len(line.notes))


def test_a_synth_voice_note_ends_where_its_slow_fade_starts():
    """Seed 9101's first fresh line (``fresh_lines``; an own tune seed, never a blind one), a melody on a synth
    voice (GM 54) at 115 BPM: its notes swell in over about 0.2 s and fade out at 30-60 dB/s, too slowly for the
    drop rule and not held steady enough for the sustain rule, so they ran on 0.05-0.3 s into the gap after them
    or were gated at the next note, and 19 of its 81 notes ended on time (58 start on time); each now ends where
    its level averaged over 70 ms starts the fall of 4 dB that goes on to its end (31 end on time)."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(9101, 0))
    assert matched(found, line.notes) >= 55, (matched(found, line.notes), len(line.notes))
    assert ended(found, line.notes) >= 28, (ended(found, line.notes), len(line.notes))


def test_a_harpsichord_note_is_not_taken_for_a_slow_fade():
    """Seed 9159's first fresh line (``fresh_lines``; an own tune seed, never a blind one), a melody on a
    harpsichord (GM 6) at 67 BPM: its level averaged over 70 ms takes about 0.15 s to its peak and its let-go is
    slow, so the fade rule took the part for a swelling voice and cut 36 of its notes where they die along
    (58 of 75 ended on time, then 22). Its notes lie 9.5 dB under their peak 0.3 s after it (a synth voice's
    3.5 dB or less): a part whose notes die along is plucked or struck, not faded, and keeps its ends."""
    import fresh_lines

    found, line = found_in(fresh_lines.fresh_line_spec(9159, 0))
    assert matched(found, line.notes) >= 72, (matched(found, line.notes), len(line.notes))
    assert ended(found, line.notes) >= 52, (ended(found, line.notes), len(line.notes))


def test_a_drawbar_organ_line_is_read_in_its_octave():
    """A fresh melody of seed 8175 (``fresh_lines``; never a blind seed) played on a drawbar organ (GM 16) at
    66 BPM: every one of its 86 notes was read two octaves under its key (none on time at its pitch). Its
    stops' partials say the key (84 now)."""
    import fresh_lines

    found, line = found_in(fresh_lines.retimbred(fresh_lines.fresh_line_spec(8175, 0), 16))
    assert matched(found, line.notes) >= 80, (matched(found, line.notes), len(line.notes))
    assert len(found.notes) <= len(line.notes)
