"""The block-by-block paths that keep a 20-minute song under 1.5 GB give what the whole-array ones did.

Each test compares a block-wise result with the one-go computation it
replaced (librosa's own functions, or the same function with one block), at
block sizes small enough that the song spans many blocks.
"""

from __future__ import annotations

import logging
import math
import subprocess
import sys
from pathlib import Path

import librosa
import numpy as np
import pytest
import soxr
from conftest import FISHIN, click_track, shared_file, stereo

from jamwithme import tempo
from jamwithme.analysis import drum_bands, rhythm
from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip, load, release_pages
from jamwithme.beats import analyze
from jamwithme.errors import ParameterError
from jamwithme.remix import render, render_blocks, walk
from jamwithme.service.clips import read_clip, write_clip
from jamwithme.tempo import rubberband


@pytest.fixture(scope="module")
def excerpt():
    """40 s of a real song."""
    song = load(shared_file(FISHIN))
    return AudioClip(song.samples[:, 20 * 44100 : 60 * 44100], 44100)


@pytest.fixture
def small_blocks(monkeypatch):
    """Spectrogram blocks of 500 frames (6 s), so 40 s cross several block edges."""
    monkeypatch.setattr(rhythm, "BLOCK_FRAMES", 500)


def test_the_analysis_signal_is_one_go_resampling(excerpt, tmp_path):
    """Mono mix, resampled as a stream from a stored (memory-mapped) clip: the same samples as in one go."""
    path = tmp_path / "clip.npy"
    write_clip(path, excerpt)
    stored = read_clip(path, excerpt.sample_rate)
    one_go = soxr.resample(excerpt.mono().astype(np.float32), excerpt.sample_rate, rhythm.ANALYSIS_RATE, quality="HQ")
    streamed = rhythm.analysis_signal(stored)
    assert streamed.dtype == np.float32
    assert streamed.shape == one_go.shape
    np.testing.assert_array_equal(streamed, one_go)


@pytest.mark.parametrize("n", [2048, 5000, 128_000, 441_001])
def test_reduced_power_is_the_centred_stft(n, small_blocks):
    """``basis @ |stft|**2`` made in blocks equals librosa's one centred STFT, at the edges too."""
    y = np.random.default_rng(n).standard_normal(n).astype(np.float32)
    basis = librosa.filters.mel(sr=rhythm.ANALYSIS_RATE, n_fft=rhythm.N_FFT, n_mels=128)
    whole = basis @ (np.abs(librosa.stft(y, n_fft=rhythm.N_FFT, hop_length=rhythm.HOP_LENGTH)) ** 2)
    blocks = rhythm._reduced_power(y, rhythm.N_FFT, rhythm.HOP_LENGTH, basis)
    assert blocks.shape == whole.shape
    np.testing.assert_allclose(blocks, whole, rtol=1e-4, atol=1e-6 * whole.max())


def test_fine_onsets_are_librosas(excerpt, small_blocks):
    """The fine onset envelope made in blocks is librosa's ``onset_strength(y=...)``."""
    y = rhythm.analysis_signal(excerpt)
    expected = librosa.onset.onset_strength(
        y=y, sr=rhythm.ANALYSIS_RATE, hop_length=rhythm.FINE_HOP, n_fft=rhythm.FINE_FFT, n_mels=40
    )
    got = rhythm.fine_onsets(y)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, atol=1e-4 * expected.max())


def test_one_fine_pass_gives_each_reading_what_its_own_pass_gave(excerpt, small_blocks):
    """The fine spectrogram made once for the fine onsets and the sharp rises: each basis's power, and each
    reading of it, is the same number for number as a pass of its own."""
    from jamwithme.analysis.features import fine_band_onsets, fine_mel_basis

    y = rhythm.analysis_signal(excerpt)
    mel_basis, band_basis = fine_mel_basis(), drum_bands.sharp_basis()
    mel, bands = rhythm._reduced_power(y, rhythm.FINE_FFT, rhythm.FINE_HOP, [mel_basis, band_basis])
    np.testing.assert_array_equal(mel, rhythm._reduced_power(y, rhythm.FINE_FFT, rhythm.FINE_HOP, mel_basis))
    np.testing.assert_array_equal(bands, rhythm._reduced_power(y, rhythm.FINE_FFT, rhythm.FINE_HOP, band_basis))
    n_frames = 1 + y.size // rhythm.HOP_LENGTH
    alone, kit = drum_bands.sharp_rises(y, n_frames)
    shared, shared_kit = drum_bands.sharp_rises(None, n_frames, band_power=bands)
    assert shared_kit == kit
    np.testing.assert_array_equal(np.array(shared), np.array(alone))
    high = ((3000.0, 11025.0),)
    np.testing.assert_array_equal(fine_band_onsets(None, high, mel_power=mel), fine_band_onsets(y, high))


def test_the_tracker_reads_the_fine_spectrogram_once(excerpt, monkeypatch):
    """The tempo choice's sharp rises and the tracking's attacks come from one pass of the fine spectrogram
    (each pass of its own was 0.45 s of a 3-minute song's analysis)."""
    from jamwithme.analysis import features as features_module

    feats = rhythm.features(excerpt)
    passes = []
    real = features_module._reduced_power

    def counted(y, n_fft, hop, basis):
        passes.append(n_fft)
        return real(y, n_fft, hop, basis)

    monkeypatch.setattr(features_module, "_reduced_power", counted)
    monkeypatch.setattr(rhythm, "_reduced_power", counted)
    grid = rhythm.track(feats)
    assert grid.beats.size > 10
    assert passes.count(rhythm.FINE_FFT) == 1


def test_features_match_librosa_in_one_go(excerpt, small_blocks):
    """Chroma (12 and 36 bins), log mel and onset envelope equal librosa's whole-song functions."""
    feats = rhythm.features(excerpt, chroma_bins=(12, 36))
    y = feats.y
    power = np.abs(librosa.stft(y, n_fft=rhythm.N_FFT, hop_length=rhythm.HOP_LENGTH)) ** 2
    for bins in (12, 36):
        chroma = librosa.feature.chroma_stft(S=power, sr=rhythm.ANALYSIS_RATE, n_chroma=bins, tuning=0.0)
        np.testing.assert_allclose(feats.chroma(bins), chroma, atol=1e-4)
    mel = librosa.feature.melspectrogram(S=power, sr=rhythm.ANALYSIS_RATE, n_mels=128)
    np.testing.assert_allclose(feats.log_mel, librosa.power_to_db(mel, ref=np.max), atol=1e-3)
    with pytest.raises(ParameterError, match="50 bins was not computed"):
        feats.chroma(50)


def test_percussive_bands_match_hpss_in_one_go(excerpt, small_blocks, monkeypatch):
    """HPSS a block at a time (with a margin wider than the median filter) is HPSS of the whole; where a kit is
    heard the bands above the kick's are the sharp rises on the fine spectrogram in one go."""
    feats = rhythm.features(excerpt)
    mel = librosa.db_to_power(feats.log_mel)
    _, percussive = librosa.decompose.hpss(mel, kernel_size=drum_bands.HPSS_KERNEL)
    freqs = librosa.mel_frequencies(n_mels=percussive.shape[0] + 2, fmax=rhythm.ANALYSIS_RATE / 2)[1:-1]
    edges = drum_bands.BAND_EDGES
    hpss = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        # Each band's rises in loudness (the cube root of its mean power) over their 99th percentile.
        loudness = np.cbrt(percussive[(freqs >= lo) & (freqs < hi)].mean(axis=0, dtype=np.float64))
        step = np.maximum(0.0, np.diff(loudness, prepend=loudness[:1]))
        hpss.append(step / max(float(np.percentile(step, 99)), 1e-12))
    # The sharp rises: on the fine spectrogram in one go, each band's rise over SHARP_HOPS fine hops, the strongest
    # of each analysis frame's fine frames, over its 99th percentile.
    fine = np.abs(librosa.stft(feats.y, n_fft=rhythm.FINE_FFT, hop_length=rhythm.FINE_HOP)) ** 2
    fine_freqs = librosa.fft_frequencies(sr=rhythm.ANALYSIS_RATE, n_fft=rhythm.FINE_FFT)
    per, hops = rhythm.HOP_LENGTH // rhythm.FINE_HOP, drum_bands.SHARP_HOPS
    sharp, medians = [], []
    for lo, hi in zip(edges[1:-1], edges[2:]):
        x = np.cbrt(fine[(fine_freqs >= lo) & (fine_freqs < hi)].mean(axis=0, dtype=np.float64))
        medians.append(float(np.median(x)))
        rise = np.concatenate([np.zeros(per // 2 + hops), np.maximum(0.0, x[hops:] - x[:-hops])])
        pooled = np.zeros(len(hpss[0]))
        part = rise[: rise.size // per * per].reshape(-1, per).max(axis=1)[: pooled.size]
        pooled[: part.size] = part
        sharp.append(pooled / max(float(np.percentile(pooled, 99)), 1e-12))
    # How much a kit is heard: the 8-11 kHz band's median loudness over the 1-2 kHz band's
    _, kit = drum_bands.sharp_rises(feats.y, len(hpss[0]))
    assert kit == pytest.approx(medians[-1] / medians[3], rel=1e-3)
    for threshold, expected in ((0.0, [hpss[0], *sharp]), (math.inf, hpss)):
        monkeypatch.setattr(drum_bands, "KIT_TOP_OVER_MID", threshold)
        np.testing.assert_allclose(drum_bands.percussive_bands(feats), np.array(expected), atol=1e-3)


@pytest.mark.parametrize("block", [4410, 44100, 10**9])
def test_remix_blocks_join_into_the_render(excerpt, block):
    """A remix handed out in blocks of any size is the same audio, sample for sample."""
    analysis = analyze(excerpt)
    take = walk(analysis, seed=3, duration=50)
    whole = render(excerpt, analysis, take).samples
    blocks = list(render_blocks(excerpt, analysis, take, block=block))
    assert all(b.shape[1] <= block for b in blocks)
    np.testing.assert_array_equal(np.concatenate(blocks, axis=1), whole)
    assert take.jumps, "the walk should jump, so joins cross block edges"


def test_tempo_blocks_of_a_long_song_run_in_more_pieces_and_meet_the_one_run(monkeypatch, caplog):
    """With long-song pieces of 12 s, 45 s run as 4 pieces handed out in order; clicks land where one run puts them."""
    monkeypatch.setattr(rubberband, "MAX_PIECE_SECONDS", 12.0)
    monkeypatch.setattr(rubberband, "LONG_PIECE_SECONDS", 12.0)
    monkeypatch.setenv("JAMWITHME_TEMPO_THREADS", "2")
    y, times = click_track(seconds=45)
    clip = stereo(y)
    with caplog.at_level(logging.DEBUG, logger="jamwithme"):
        blocks = list(tempo.change_tempo_blocks(clip, rate=0.8))
    assert len(blocks) == 4
    assert any(r.getMessage().startswith("pieces 2 and 3 meet") for r in caplog.records)
    out = np.concatenate(blocks, axis=1)
    assert out.shape == (2, round(clip.n_samples / 0.8))
    monkeypatch.setenv("JAMWITHME_TEMPO_THREADS", "1")
    one = tempo.change_tempo_and_key(clip, rate=0.8).samples
    from test_tempo import onset_times

    a, b = onset_times(one[0]), onset_times(out[0])
    assert len(a) == len(b) == len(times)
    assert np.abs(a - b).max() < 0.001


def test_tempo_blocks_equal_the_whole_when_one_piece(excerpt):
    """Where R3 must run in one piece (a pitch shift with the long window), the one block is the whole result."""
    short = AudioClip(excerpt.samples[:, : 10 * 44100], 44100)
    (block,) = tempo.change_tempo_blocks(short, semitones=2, engine="rubberband-best")
    whole = tempo.change_tempo_and_key(short, semitones=2, engine="rubberband-best")
    np.testing.assert_array_equal(block, whole.samples)


def _resident_kb(path) -> int:
    """Resident kB of this process's mappings of ``path`` (``/proc/self/smaps``)."""
    total, inside = 0, False
    for line in open("/proc/self/smaps"):
        first = line.split()[0] if line.strip() else ""
        if "-" in first and not first.endswith(":"):
            inside = line.rstrip().endswith(str(path))
        elif inside and line.startswith("Rss:"):
            total += int(line.split()[1])
    return total


def test_release_pages_drops_a_stored_clip_from_memory(tmp_path):
    """Read a stored clip whole, release it: its pages leave the process; the samples read the same again."""
    clip = AudioClip(np.random.default_rng(1).standard_normal((2, 44100 * 30)).astype(np.float32))
    path = tmp_path / "c.npy"
    write_clip(path, clip)
    stored = read_clip(path, 44100)
    assert float(np.sum(stored.samples, dtype=np.float64)) == pytest.approx(
        float(np.sum(clip.samples, dtype=np.float64))
    )
    before = _resident_kb(path)
    release_pages(stored)
    after = _resident_kb(path)
    assert before > 0.9 * clip.samples.nbytes / 1024
    assert after < 0.1 * before
    np.testing.assert_array_equal(stored.samples, clip.samples)


def test_a_clip_on_a_buffer_reads_in_blocks():
    """A clip whose samples sit on a bytes buffer (np.frombuffer, an unpickled array) reads in blocks and releases
    nothing: walking its array's bases once ended in the buffer, which has no ``base`` (AttributeError)."""
    import pickle

    from jamwithme.audio import blocks_of

    samples = np.random.default_rng(2).standard_normal((2, 44100 * 3)).astype(np.float32)
    for clip in (AudioClip(np.frombuffer(samples.tobytes(), np.float32).reshape(2, -1)),
                 pickle.loads(pickle.dumps(AudioClip(samples)))):  # fmt: skip
        np.testing.assert_array_equal(np.concatenate(list(blocks_of(clip, 44100)), axis=1), samples)
        release_pages(clip)


FREED_ARRAYS = """
import sys
import numpy as np
from jamwithme.service import jobs
if sys.argv[1] == "fixed":
    jobs.return_large_blocks()
def anon_mb():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("RssAnon")) >> 10
raised = np.ones(16 << 17)  # a 16 MB block freed: glibc's own threshold would climb to 16 MB
del raised
arrays = [np.ones(8 << 17) for _ in range(31)]  # 8 MB arrays, as a job's spectrogram blocks
before = anon_mb()
del arrays[:-1]  # the last one stays: the heap's top cannot simply shrink
print(before - anon_mb())
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RssAnon from /proc")
@pytest.mark.parametrize("mode", ["fixed", "glibc default"])
def test_freed_large_arrays_go_back_to_the_system(mode):
    """After return_large_blocks, 240 MB of freed 8 MB arrays leave the process; by glibc's default they stay."""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", FREED_ARRAYS, mode], capture_output=True, text=True, check=True,
                         cwd=root)  # fmt: skip
    returned = int(out.stdout.split()[-1])
    if mode == "fixed":
        assert returned >= 220, f"only {returned} MB of 240 MB went back"
    else:  # the control: without the fix the same arrays stay (so the test above can fail)
        assert returned < 20, f"{returned} MB went back without the fix: the control no longer shows the problem"


@pytest.mark.parametrize("sample_rate", [44100, 48000])
def test_chord_model_input_made_in_stretches_is_the_one_pass_input(excerpt, monkeypatch, sample_rate):
    """crema's harmonic CQT made 40 frames (3.7 s) at a time equals pumpp's one pass over 40 s, to float rounding."""
    from jamwithme.analysis import chords

    clip = excerpt if sample_rate == 44100 else AudioClip(
        soxr.resample(excerpt.samples.T, 44100, sample_rate).T.astype(np.float32), sample_rate
    )  # fmt: skip
    model = chords.get_chord_model()
    whole = model.pump.transform(y=clip.mono().astype(np.float32), sr=clip.sample_rate)["cqt/mag"]
    monkeypatch.setattr(chords, "CQT_CHUNK_FRAMES", 40)
    (made,) = chords.network_input(clip, model)
    assert made.shape == whole.shape and made.dtype == whole.dtype
    assert np.abs(made - whole).max() < 0.01  # dB, over a range of 80 dB
    assert np.median(np.abs(made - whole)) < 1e-3
    probs = [np.asarray(p) for p in model.model.predict([made], verbose=0)]
    one = [np.asarray(p) for p in model.model.predict([whole], verbose=0)]
    assert max(float(np.abs(a - b).max()) for a, b in zip(probs, one)) < 1e-4


def test_chord_model_input_with_remembered_filter_banks_is_the_input_made_afresh(excerpt, monkeypatch):
    """librosa's CQT filter banks, made once per process and reused, give the chord model its input to the last bit.

    librosa makes them afresh on every call: 48 banks, 9 different, on a 3-minute song (0.4 s of CPU of about 4).
    """
    from librosa.core import constantq

    from jamwithme.analysis import chords

    model = chords.get_chord_model()
    monkeypatch.setattr(chords, "CQT_CHUNK_FRAMES", 40)  # 40 s in 11 stretches
    made = []
    wavelet = librosa.filters.wavelet
    monkeypatch.setattr(librosa.filters, "wavelet", lambda **kw: made.append(1) or wavelet(**kw))
    chords._filter_banks.clear()
    (remembered,) = chords.network_input(excerpt, model)
    (again,) = chords.network_input(excerpt, model)
    banks = len(chords._filter_banks)
    assert 0 < len(made) == banks <= 2 * 6  # one per octave and harmonic, however many stretches and songs
    monkeypatch.setattr(constantq, "__vqt_filter_fft", getattr(constantq, "__vqt_filter_fft").__wrapped__)
    monkeypatch.setattr(chords, "_remember_filter_banks", lambda: None)  # librosa as it comes
    made.clear()
    (afresh,) = chords.network_input(excerpt, model)
    assert len(made) > 2 * banks  # the control: librosa alone makes them again for every stretch
    assert remembered.tobytes() == afresh.tobytes() == again.tobytes()


@pytest.mark.parametrize(
    "player",
    [{"speed": 0.8, "metronome": True, "count_in": True}, {"loop": [5.0, 9.0], "count_in": True, "semitones": 2}],
)
def test_export_in_blocks_is_the_same_whatever_the_block(excerpt, player, tmp_path):
    """The player's export handed out 4410 samples at a time equals it in one block; its scratch folder goes."""
    from jamwithme.export import render_blocks

    stems = {"accompaniment": excerpt, "vocals": AudioClip(excerpt.samples[::-1] * 0.5, 44100)}
    beats = np.arange(0.25, 40, 0.5)
    kw = dict(grid=Grid.from_times(beats, beats[::4]), repeat=3, scratch=tmp_path)
    blocks = render_blocks(stems, player, block=4410, **kw)
    first = next(blocks)
    assert [p.name.startswith("jamwithme-export-") for p in tmp_path.iterdir()] == [True]  # made in `scratch`
    small = [first, *blocks]
    assert all(b.shape[1] <= 4410 for b in small)
    whole = list(render_blocks(stems, player, block=10**9, **kw))
    np.testing.assert_array_equal(np.concatenate(small, axis=1), np.concatenate(whole, axis=1))
    assert np.abs(np.concatenate(whole, axis=1)).max() <= 1.0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("rate", [0.8, 1.25, 2.0])
@pytest.mark.parametrize("block_frames", [7, 512])
def test_librosa_stretch_in_blocks_is_librosas_to_float_rounding(excerpt, rate, block_frames):
    """The streamed phase vocoder gives librosa.effects.time_stretch's samples, to float32 rounding, any block size."""
    x = np.ascontiguousarray(excerpt.samples[:, : 20 * 44100])
    whole = librosa.effects.time_stretch(x, rate=rate)
    blocks = list(tempo._librosa_stretch_blocks(x, rate, block_frames))
    joined = np.concatenate(blocks, axis=1)
    assert joined.shape == whole.shape and joined.dtype == whole.dtype
    assert np.abs(joined - whole).max() < 1e-6


def test_original_recipe_in_blocks_makes_and_removes_its_scratch(excerpt, tmp_path):
    """The recipe a block at a time (through files in `scratch`) is the recipe, and leaves nothing behind."""
    from jamwithme.mixing import original_recipe, original_recipe_blocks

    stems = {"accompaniment": excerpt, "vocals": AudioClip(excerpt.samples[::-1] * 0.5, 44100)}
    blocks = original_recipe_blocks(stems, scratch=tmp_path, engine="rubberband")
    first = next(blocks)
    assert [p.name.startswith("jamwithme-recipe-") for p in tmp_path.iterdir()] == [True]
    joined = np.concatenate([first, *blocks], axis=1)
    np.testing.assert_array_equal(joined, original_recipe(stems, engine="rubberband").samples)
    assert abs(np.abs(joined).max() - 10 ** (-1 / 20)) < 1e-6  # peak at -1 dBFS
    assert list(tmp_path.iterdir()) == []


def _bar_means_in_one_go(x, edges, rate, parts=1):
    """The sections' bar means as they were made before: the running sum of the whole array at once."""
    n_frames = x.shape[1]
    cumulative = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(x, axis=1, dtype=np.float64)], axis=1)
    starts = edges[:-1, None] + np.diff(edges)[:, None] * np.arange(parts + 1)[None, :] / parts
    frames = np.clip(np.round(starts * rate).astype(np.int64), 0, n_frames)
    a, b = frames[:, :-1], np.maximum(frames[:, 1:], np.minimum(frames[:, :-1] + 1, n_frames))
    a = np.minimum(a, b - 1).clip(0)
    means = (cumulative[:, b] - cumulative[:, a]) / np.maximum(b - a, 1)
    return np.transpose(means, (2, 0, 1)).reshape(parts * x.shape[0], -1).astype(np.float32)


@pytest.mark.parametrize("frames", [40, 5000, 103_000])
def test_the_sections_bar_means_by_rows_are_the_one_go_means(frames):
    from jamwithme.analysis import sections

    rate = rhythm.ANALYSIS_RATE / rhythm.HOP_LENGTH
    x = (np.random.default_rng(frames).standard_normal((128, frames)) * 20 - 40).astype(np.float32)
    edges = sections.bar_edges(np.arange(0.7, frames / rate, 2.13), frames / rate)
    for parts in (1, 2):
        assert np.array_equal(
            sections._bar_means(x, edges, rate, parts=parts), _bar_means_in_one_go(x, edges, rate, parts)
        )
    power = np.mean(np.power(10.0, x / 10.0, dtype=np.float32), axis=0, keepdims=True)
    one_go = 10.0 * np.log10(np.maximum(_bar_means_in_one_go(power, edges, rate)[0], 1e-10))
    assert np.array_equal(sections._bar_loudness(x, edges, rate), one_go)


def test_the_sections_of_a_20_minute_song_hold_little_beyond_its_features():
    # A 20-minute song's log mel (53 MB) summed along at once in float64 held 0.2 GB more (0.3 GB in all
    # here): the analysis' highest point in the notes job after a separation (1.50 GB of the 1.5 allowed).
    # What is left is the bars' own work (their recurrence and clustering: 600 bars here).
    import tracemalloc

    from jamwithme.analysis import sections

    rate = rhythm.ANALYSIS_RATE / rhythm.HOP_LENGTH
    seconds = 1195.0
    rng = np.random.default_rng(7)
    log_mel = (rng.standard_normal((128, int(seconds * rate))) * 10 - 40).astype(np.float32)
    cqt = (rng.standard_normal((72, int(seconds / 0.0929))) * 10 - 40).astype(np.float32)
    tracemalloc.start()
    try:
        found = sections.find(cqt=cqt, cqt_hop=0.0929, log_mel=log_mel, frame_rate=rate,
                              downbeats=np.arange(0.5, seconds, 2.0), duration=seconds)  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found.sections[-1][1] == seconds
    assert peak < 150e6, f"{peak / 1e6:.0f} MB"


@pytest.mark.parametrize("n", [1, 8191, 8193, 1_048_577, 3_000_001])
@pytest.mark.parametrize("block", [8192, 3 * 8192, 128 * 8192])
def test_the_mean_square_in_blocks_is_numpys_to_the_last_bit(n, block):
    from jamwithme.analysis.attacks import mean_square

    y = (np.random.default_rng(n).standard_normal(n) * 0.2).astype(np.float32)
    assert mean_square(y, block=block) == np.mean(np.square(y, dtype=np.float64))


def test_whether_a_20_minute_song_sounds_at_its_start_holds_no_square_of_it():
    # The whole signal's square in float64 (0.21 GB at 22.05 kHz) was the beat tracking's highest point.
    import tracemalloc

    from jamwithme.analysis.attacks import sounding_at_start

    y = np.sin(np.arange(int(1195 * rhythm.ANALYSIS_RATE), dtype=np.float32) * 0.05)
    tracemalloc.start()
    try:
        sounding = sounding_at_start(y, rhythm.ANALYSIS_RATE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sounding
    assert peak < 20e6, f"{peak / 1e6:.0f} MB"
