"""The mixer: gains, mute and solo, padding, the −1 dBFS ceiling, loudness, the presets."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping

import numpy as np
import pytest
from conftest import click_track, sine, stereo
from test_tempo import cents, estimate_pitch, onset_times, run_cli

from jamwithme.audio import SAMPLE_RATE, AudioClip, load, save
from jamwithme.errors import ParameterError
from jamwithme.loudness import (
    LoudnessMeter,
    db_to_gain,
    gain_to_db,
    limit_peak,
    loudness,
    normalize_loudness,
    normalize_peak,
)
from jamwithme.mixing import (
    active_stems,
    mix,
    mix_blocks,
    original_recipe,
    practice_render,
    practice_stems,
)
from jamwithme.tempo import change_tempo

SR = SAMPLE_RATE
CEILING = db_to_gain(-1.0)


class FakeStems(Mapping):
    """A read-only mapping like ``separation.Stems`` (which loads TensorFlow, so is not imported here)."""

    def __init__(self, **clips: AudioClip):
        self._clips = clips

    def __getitem__(self, key):
        return self._clips[key]

    def __iter__(self):
        return iter(self._clips)

    def __len__(self):
        return len(self._clips)


def tone(freq: float, seconds: float, amp: float = 0.3) -> AudioClip:
    return stereo(sine(freq, seconds=seconds, amp=amp))


# --------------------------------------------------------------------------- summing


@pytest.mark.parametrize("longer", ["vocals", "accompaniment"])
def test_shorter_stems_are_padded_never_cut(longer):
    lengths = {"vocals": 1.0, "accompaniment": 1.0}
    lengths[longer] = 2.0
    stems = FakeStems(vocals=tone(440, lengths["vocals"]), accompaniment=tone(220, lengths["accompaniment"]))
    out = mix(stems)
    assert out.n_samples == 2 * SR
    # the second second is the longer stem alone, untouched (the sum never reached the ceiling)
    np.testing.assert_array_equal(out.samples[:, SR:], stems[longer].samples[:, SR:])


def test_gains_are_applied_in_db():
    stems = {"vocals": tone(440, 1.0, amp=0.2), "accompaniment": tone(220, 1.0, amp=0.2)}
    out = mix(stems, gains_db={"vocals": -6.0}, solo=["vocals"])
    assert out.peak() == pytest.approx(0.2 * db_to_gain(-6.0), rel=1e-4)


@pytest.mark.parametrize("gain_db", [0.0, 6.0, 12.0, 24.0])
def test_loud_sums_are_scaled_to_the_ceiling_not_clipped(gain_db):
    loud = tone(440, 1.0, amp=1.0)  # full scale, in phase in both stems: the sum peaks at 2 x gain
    out = mix({"a": loud, "b": loud}, gains_db={"a": gain_db, "b": gain_db})
    assert out.peak() <= CEILING + 1e-6
    assert gain_to_db(out.peak()) == pytest.approx(-1.0, abs=0.01)
    # one gain for the whole mix: the waveform is the sum scaled, no flattened peaks
    expected = loud.samples * (CEILING / loud.peak())
    np.testing.assert_allclose(out.samples, expected, atol=1e-5)


def test_quiet_mix_is_left_as_it_is():
    stems = {"vocals": tone(440, 1.0, amp=0.1), "accompaniment": tone(440, 1.0, amp=0.1)}
    assert mix(stems).peak() == pytest.approx(0.2, rel=1e-4)


@pytest.mark.parametrize(
    "mute, solo, heard",
    [
        ((), (), ["vocals", "drums", "bass"]),
        (["vocals"], (), ["drums", "bass"]),
        ((), ["bass"], ["bass"]),
        ((), ["bass", "drums"], ["drums", "bass"]),
        (["bass"], ["bass", "drums"], ["drums"]),  # mute wins over solo
        ("vocals", (), ["drums", "bass"]),  # one name as a plain string
        (["vocals", "drums", "bass"], (), []),
    ],
)
def test_mute_and_solo(mute, solo, heard):
    freqs = {"vocals": 440.0, "drums": 660.0, "bass": 110.0}
    stems = {name: tone(freq, 1.0, amp=0.1) for name, freq in freqs.items()}
    assert active_stems(stems, mute=mute, solo=solo) == heard
    out = mix(stems, mute=mute, solo=solo)
    expected = sum((stems[name].samples for name in heard), np.zeros((2, SR), np.float32))
    np.testing.assert_allclose(out.samples, expected, atol=1e-6)


def test_mono_stems_are_spread_over_both_channels():
    mono = AudioClip(sine(440, seconds=1.0, amp=0.1)[None, :])
    out = mix({"vocals": mono, "accompaniment": tone(220, 1.0, amp=0.1)})
    assert out.channels == 2
    np.testing.assert_allclose(out.samples[0], out.samples[1], atol=1e-7)


@pytest.mark.parametrize(
    "stems, kwargs, message",
    [
        ({"v": tone(440, 1.0), "a": AudioClip(np.zeros((2, 100), np.float32), 22050)}, {}, "v at 44100 Hz, a at 22050"),
        ({"v": tone(440, 1.0), "a": AudioClip(np.zeros((3, 100), np.float32))}, {}, "different channel counts"),
        ({}, {}, "stems is empty"),
        ([tone(440, 1.0)], {}, "must be a mapping"),
        ({"v": np.zeros((2, 100))}, {}, r"stems\['v'\] must be an AudioClip, got ndarray"),
        ({"v": tone(440, 1.0)}, {"mute": ["drums"]}, r"mute names unknown stems \['drums'\]"),
        ({"v": tone(440, 1.0)}, {"solo": ["x"]}, r"solo names unknown stems \['x'\]"),
        ({"v": tone(440, 1.0)}, {"gains_db": {"vox": 0}}, "gains_db names unknown stems"),
        ({"v": tone(440, 1.0)}, {"gains_db": {"v": float("nan")}}, r"gains_db\['v'\]=nan"),
        ({"v": tone(440, 1.0)}, {"gains_db": {"v": 30}}, r"gains_db\['v'\]=30 must be"),
        ({"v": tone(440, 1.0)}, {"gains_db": {"v": "loud"}}, r"gains_db\['v'\]='loud'"),
        ({"v": tone(440, 1.0)}, {"ceiling_db": 3}, "ceiling_db=3 must be a number of dBFS between -60 and 0"),
        ({"v": tone(440, 1.0)}, {"target_lufs": 0}, "target_lufs=0 must be a number of LUFS between -60 and -5"),
    ],
)
def test_bad_mixes_are_refused(stems, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        mix(stems, **kwargs)


def test_minus_infinity_db_silences_a_stem():
    stems = {"vocals": tone(440, 1.0, amp=0.1), "accompaniment": tone(220, 1.0, amp=0.1)}
    out = mix(stems, gains_db={"vocals": -math.inf})
    np.testing.assert_allclose(out.samples, stems["accompaniment"].samples, atol=1e-7)


# --------------------------------------------------------------------------- levels


def test_limit_and_normalize_peak():
    clip = tone(440, 1.0, amp=0.05)
    assert limit_peak(clip) is clip
    assert gain_to_db(normalize_peak(clip).peak()) == pytest.approx(-1.0, abs=1e-3)
    assert gain_to_db(normalize_peak(clip, peak_db=-6.0).peak()) == pytest.approx(-6.0, abs=1e-3)


@pytest.mark.parametrize("target", [-30.0, -23.0, -16.0])
def test_loudness_normalization_reaches_the_target(target):
    stems = {"vocals": tone(440, 3.0, amp=0.02), "accompaniment": tone(220, 3.0, amp=0.02)}
    out = mix(stems, target_lufs=target)
    assert loudness(out) == pytest.approx(target, abs=0.1)
    assert out.peak() <= CEILING + 1e-6


def test_loudness_target_gives_way_to_the_ceiling(caplog):
    peaky, _ = click_track(seconds=3.0)  # sparse clicks: loud peaks, low loudness
    with caplog.at_level(logging.WARNING, logger="jamwithme"):
        out = normalize_loudness(stereo(0.1 * peaky), target_lufs=-8.0)
    assert gain_to_db(out.peak()) == pytest.approx(-1.0, abs=0.01)
    assert loudness(out) < -9.0
    assert "LU quieter" in caplog.text


def test_loudness_needs_four_tenths_of_a_second():
    with pytest.raises(ParameterError, match="loudness needs at least 0.4 s"):
        loudness(tone(440, 0.3))


# --------------------------------------------------------------------------- presets


def test_original_recipe_is_reproducible():
    vocals, accompaniment = tone(440, 2.0, amp=0.4), tone(220, 2.0, amp=0.4)
    out = original_recipe({"vocals": vocals, "accompaniment": accompaniment})
    stretched = change_tempo(accompaniment, rate=1.25, engine="librosa")
    assert stretched.n_samples == round(2 * SR / 1.25)
    total = vocals.samples.astype(np.float64).copy()
    total[:, : stretched.n_samples] += 0.7 * stretched.samples
    expected = total * (CEILING / np.abs(total).max())
    assert out.n_samples == 2 * SR
    np.testing.assert_allclose(out.samples, expected, atol=1e-5)


@pytest.mark.parametrize(
    "stems, kwargs, message",
    [
        ({"vocals": tone(440, 1.0)}, {}, r"needs stems \['accompaniment'\]"),
        ({"vocals": tone(440, 1.0), "accompaniment": tone(220, 1.0)}, {"factor": 5}, "rate=5"),
        ({"vocals": tone(440, 1.0), "accompaniment": tone(220, 1.0)}, {"accompaniment_gain": -1}, "gain=-1"),
    ],
)
def test_original_recipe_bad_input(stems, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        original_recipe(stems, **kwargs)


def test_practice_render_keeps_vocals_in_time_with_the_accompaniment():
    """Clicks on the same beats in both stems (different pitches) still coincide after the stretch."""
    y, times = click_track(seconds=6.0, click_freq=800.0)
    z, _ = click_track(seconds=6.0, click_freq=2500.0)
    stems = FakeStems(vocals=stereo(0.5 * y), accompaniment=stereo(0.5 * z))
    slowed = practice_stems(stems, rate=0.8)
    assert {k: v.n_samples for k, v in slowed.items()} == {k: round(6 * SR / 0.8) for k in stems}
    voc = onset_times(slowed["vocals"].samples[0])
    acc = onset_times(slowed["accompaniment"].samples[0])
    assert len(voc) == len(acc) == len(times)
    assert np.abs(voc - acc).max() < 0.005
    assert np.abs(voc - times / 0.8).max() < 0.010

    out = practice_render(stems, rate=0.8, gains_db={"vocals": -3.0})
    assert out.n_samples == round(6 * SR / 0.8) and out.peak() <= CEILING + 1e-6


def test_practice_render_transposes_every_stem_and_skips_muted_ones():
    stems = {"vocals": tone(440, 2.0), "accompaniment": tone(440, 2.0)}
    out = practice_render(stems, semitones=2, mute=["vocals"])
    assert out.n_samples == 2 * SR
    assert abs(cents(estimate_pitch(out.samples[0]), 440 * 2 ** (2 / 12))) < 5.0
    with pytest.raises(ParameterError, match="rate=9"):
        practice_render(stems, rate=9)
    with pytest.raises(ParameterError, match="mute names unknown"):
        practice_render(stems, mute=["drums"])


# --------------------------------------------------------------------------- command line


def test_cli_mix(tmp_path):
    save(tone(440, 1.0, amp=0.8), tmp_path / "vocals.wav")
    save(tone(220, 2.0, amp=0.8), tmp_path / "accompaniment.flac")
    out = tmp_path / "mix.mp3"
    result = run_cli(
        "mix", "--vocals", str(tmp_path / "vocals.wav"), "--accompaniment", str(tmp_path / "accompaniment.flac"),
        "--vocals-gain-db", "-6", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    mixed = load(out)
    assert mixed.duration == pytest.approx(2.0, abs=0.06)  # MP3 frames pad a little
    assert mixed.peak() < 1.0

    result = run_cli(
        "mix", "--vocals", str(tmp_path / "vocals.wav"), "--accompaniment", str(tmp_path / "nope.wav"),
        "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == "error: nope.wav: no such file"

    result = run_cli("mix", "--vocals", str(tmp_path / "vocals.wav"), "-o", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--accompaniment" in result.stderr


def _pyloudnorm(samples: np.ndarray, rate: int) -> float:
    import pyloudnorm

    return float(pyloudnorm.Meter(rate).integrated_loudness(samples.T.astype(np.float64)))


@pytest.mark.parametrize("block", [1000, 44100, 10**7])
def test_loudness_fed_in_blocks_is_pyloudnorm_exactly(block):
    """The streaming meter gives pyloudnorm's number to the last bit: stereo, mono, and with gated-out quiet parts."""
    rng = np.random.default_rng(7)
    music = (rng.standard_normal((2, SR * 9)) * 0.1).astype(np.float32)
    music[:, SR * 3 : SR * 5] *= 1e-4  # quiet enough to fall under the relative gate
    for samples in (music, music[:1], np.zeros((2, SR), np.float32)):
        meter = LoudnessMeter(SR, samples.shape[0])
        for start in range(0, samples.shape[1], block):
            meter.feed(samples[:, start : start + block])
        expected = _pyloudnorm(samples, SR)
        got = meter.integrated()
        assert got == expected or (math.isinf(got) and math.isinf(expected)), (got, expected)


def test_loudness_refuses_too_short_a_feed():
    meter = LoudnessMeter(SR, 2)
    meter.feed(np.zeros((2, SR // 4), np.float32))
    with pytest.raises(ParameterError, match="0.25 s long; loudness needs at least 0.4 s"):
        meter.integrated()


@pytest.mark.parametrize("settings", [{}, {"target_lufs": -30.0}, {"gains_db": {"a": 12.0}, "ceiling_db": -3.0},
                                      {"mute": ["b"]}])  # fmt: skip
def test_mix_in_blocks_is_the_one_go_sum(settings):
    """Blocks of 10000 samples joined are the float64 sum of the whole stems, scaled once, as float32."""
    rng = np.random.default_rng(3)
    a = AudioClip((rng.standard_normal((2, SR * 3)) * 0.3).astype(np.float32))
    b = AudioClip((rng.standard_normal((1, SR * 2)) * 0.3).astype(np.float32))  # shorter, mono
    blocks = list(mix_blocks({"a": a, "b": b}, block=10000, **settings))
    assert all(block.shape[1] <= 10000 for block in blocks)
    joined = np.concatenate(blocks, axis=1)
    gains = {"a": 1.0, "b": 1.0} | {k: db_to_gain(v) for k, v in settings.get("gains_db", {}).items()}
    total = np.zeros((2, SR * 3))
    for name, clip in {"a": a, "b": b}.items():
        if name not in settings.get("mute", []):
            total[:, : clip.n_samples] += clip.samples * gains[name]
    total = total.astype(np.float32)
    if "target_lufs" in settings:
        gain = db_to_gain(settings["target_lufs"] - _pyloudnorm(total, SR))
    else:
        gain = min(1.0, db_to_gain(settings.get("ceiling_db", -1.0)) / np.abs(total).max())
    expected = total if gain == 1.0 else (total.astype(np.float64) * gain).astype(np.float32)
    np.testing.assert_array_equal(joined, expected)
    np.testing.assert_array_equal(joined, mix({"a": a, "b": b}, **settings).samples)
