"""Separation quality: SDR against true stems, high-band energy, reconstruction, seams; JamWithMe beside Spleeter.

    .venv/bin/python bench/quality.py

- iKala chorus (../shared/audio/stems): mixture = left + right, true accompaniment =
  left, true vocals = right; SDR of each estimate, JamWithMe and Spleeter's own
  ``Separator.separate`` on the same input.
- Lets_Go_Fishin: energy above 12 kHz of the accompaniment relative to the
  mixture's (full band and Spleeter band), and SDR of vocals + accompaniment
  against the mixture.
- Lets_Go_Fishin in the default pieces against one pass over the whole song (SDR),
  and the vocals against Spleeter's own below 8 kHz (where the voice is).
- Agreement with the kept reference (``tests/separation_reference.py``: the
  stems of Lets_Go_Fishin 0:30-0:40 from before issue 15, 24-bit FLAC), both bands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/, whose queue.py would stand in for the standard library's
sys.path.insert(1, str(ROOT / "tests"))
SHARED = Path(os.environ.get("JAMWITHME_SHARED", ROOT.parent / "shared")) / "audio"


def sdr(ref: np.ndarray, est: np.ndarray) -> float:
    return float(10 * np.log10(np.sum(ref**2) / (np.sum((ref - est) ** 2) + 1e-20)))


def high_db(x: np.ndarray, low_hz: float = 12000.0) -> float:
    spec = np.abs(np.fft.rfft(x, axis=1)) ** 2
    freqs = np.fft.rfftfreq(x.shape[1], 1 / 44100)
    return float(10 * np.log10(spec[:, freqs >= low_hz].sum() + 1e-30))


def below(x: np.ndarray, hz: float) -> np.ndarray:
    spec = np.fft.rfft(x, axis=1)
    spec[:, np.fft.rfftfreq(x.shape[1], 1 / 44100) >= hz] = 0
    return np.fft.irfft(spec, n=x.shape[1], axis=1)


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import soundfile as sf

    from jamwithme import audio
    from jamwithme.models import ensure_model, spleeter_config
    from jamwithme.separation import Band, Separator

    ensure_model()
    from spleeter.separator import Separator as SpleeterSeparator

    ours = Separator()
    theirs = SpleeterSeparator(str(spleeter_config()), multiprocess=False)

    data, _ = sf.read(SHARED / "stems" / "ikala_10161_chorus.wav", dtype="float32", always_2d=True)
    accomp, vocals = data[:, 0], data[:, 1]
    mixture = np.stack([accomp + vocals] * 2)
    a = ours.separate(audio.AudioClip(mixture))
    b = theirs.separate(mixture.T.copy())
    print("iKala 10161 chorus, SDR dB         JamWithMe   Spleeter")
    for name, truth in (("vocals", vocals), ("accompaniment", accomp)):
        ref = np.stack([truth, truth])
        print(f"  {name:32} {sdr(ref, a[name].samples):9.2f} {sdr(ref, b[name].T):10.2f}")

    song = audio.load(SHARED / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg")
    full = ours.separate(song)
    limited = ours.separate(song, band=Band.SPLEETER)
    mix_high = high_db(song.samples)
    full_high = high_db(full["accompaniment"].samples) - mix_high
    limited_high = high_db(limited["accompaniment"].samples) - mix_high
    print("Lets_Go_Fishin (2:13)")
    print(f"  accompaniment >12 kHz vs mixture, full band:     {full_high:+.1f} dB")
    print(f"  accompaniment >12 kHz vs mixture, Spleeter band: {limited_high:+.1f} dB")
    rebuilt = full["vocals"].samples + full["accompaniment"].samples
    print(f"  vocals + accompaniment vs mixture, SDR:          {sdr(song.samples, rebuilt):.1f} dB")
    whole = ours.separate_array(song.samples)
    for name in ("vocals", "accompaniment"):
        print(f"  pieces vs one whole-song pass, {name:13} SDR: {sdr(whole[name], full[name].samples):.1f} dB")
    del whole
    spleeter_vocals = theirs.separate(song.samples.T.copy())["vocals"].T
    low = sdr(below(spleeter_vocals, 8000), below(full["vocals"].samples, 8000))
    print(f"  vocals vs Spleeter's below 8 kHz, SDR:           {low:.1f} dB")

    import separation_reference as reference

    clip = audio.AudioClip(reference.excerpt(SHARED / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"))
    print("agreement with the reference (0:30-0:40, stems from before issue 15, 24-bit FLAC)")
    for band in reference.BANDS:
        stems = ours.separate(clip, band=Band(band))
        for name in reference.STEMS:
            print(f"  {band:8} {name:13} SDR: {sdr(reference.read(band, name), stems[name].samples):6.1f} dB")


if __name__ == "__main__":
    main()
