"""The drums in the spectrum: the percussive part in eight bands, and how the bands take turns beat by beat.

:func:`percussive_bands` separates the percussive part of the mel spectrogram (HPSS, a block of frames at
a time) and gives the kick's band's rises in loudness, and the other bands' sharp rises on the fine
spectrogram; :func:`backbeat_and_chance` reads, on a beat grid, how much two bands take turns (a kick on one
beat, a snare on the next) and how much the loudness does. The tempo choice
(:func:`jamwithme.analysis.rhythm.choose_tempo`) weighs the metrical levels with them.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from jamwithme.analysis.features import ANALYSIS_RATE, BLOCK_FRAMES, FINE_FFT, FINE_HOP, HOP_LENGTH, Features

#: The percussive bands (of BAND_EDGES) a snare sounds in: its body and its wires.
SNARE_BANDS = (1, 4, 5)
#: HPSS median filters: frames (harmonic, along time), bins (percussive, along the mel bands).
HPSS_KERNEL = (17, 31)
#: Edges of the percussive bands, Hz.
BAND_EDGES = (0.0, 120.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 11025.0)
#: The bands above the kick's are read on the fine spectrogram (FINE_FFT, FINE_HOP: 12 ms, 1.5 ms), each as its
#: rise over this many fine hops (8.7 ms): a drum's attack, not a slap bass's. At the analysis frames (93 ms) a slap
#: bass's attack on 1 and 3 rose as far as the snare on 2 and 4 in every band (every band rose on the same beats:
#: turns 0.01-0.07 at a funk's tempo, read at half or double); at 1.5 ms the snare rises in 4-6 ms, the slap bass in
#: 16-40 ms (seeds 10790-10849, 10930-10969: study slap).
SHARP_HOPS = 6
#: Only where a kit is heard: the 8-11 kHz band's loudness (its median on the fine spectrogram) at least this
#: share of the 1-2 kHz band's (hats, cymbals and snare wires keep the top band full). Elsewhere the bands
#: above the kick's stay those of the percussive part: read on their sharp rises, songs without a kit read
#: at half or double (a kit-less 4/4 on a slap bass, whose attacks on 1 and 3 take turns with the chord's).
#: Own seeds 11000-11059 (helper slap2): kit-less songs 0.01-0.15, kits on a slap bass read at half or double
#: 0.18-0.44.
KIT_TOP_OVER_MID = 0.165


def percussive_bands(feats: Features, sharp: tuple[list[np.ndarray], float] | None = None) -> np.ndarray:
    """Onset envelopes of the drums in 8 bands, shape ``(8, frames)``.

    Each band's rises in loudness, over its 99th percentile (so the snare's bands add up alike), in the
    percussive part of the mel spectrogram; where a kit is heard (:data:`KIT_TOP_OVER_MID`) the bands
    above the kick's (120 Hz) are read on the fine spectrogram instead (:func:`sharp_rises`, or ``sharp``
    if it was made already), where a drum's attack is told from a slap bass's.
    """
    import librosa

    mel = librosa.db_to_power(feats.log_mel)
    # HPSS a block of frames at a time (the same result: the harmonic median
    # reaches 8 frames either way, the margin is wider): 20 minutes in one go take 0.6 GB.
    percussive = np.empty_like(mel)
    n, margin = mel.shape[1], 2 * HPSS_KERNEL[0]
    for f0 in range(0, n, BLOCK_FRAMES):
        f1 = min(n, f0 + BLOCK_FRAMES)
        a, b = max(0, f0 - margin), min(n, f1 + margin)
        part = percussive_part(mel[:, a:b])
        percussive[:, f0:f1] = part[:, f0 - a : f1 - a]
    del mel
    freqs = librosa.mel_frequencies(n_mels=percussive.shape[0] + 2, fmax=ANALYSIS_RATE / 2)[1:-1]
    out = []
    for lo, hi in zip(BAND_EDGES[:-1], BAND_EDGES[1:]):
        # Steps in loudness (the cube root of power, Stevens' law), not in dB: in dB a quiet hat after
        # silence steps as far as a loud kick, and a slap bass on 1 and 3 hid a funk snare's 2 and 4.
        loudness = np.cbrt(percussive[(freqs >= lo) & (freqs < hi)].mean(axis=0, dtype=np.float64))
        step = np.maximum(0.0, np.diff(loudness, prepend=loudness[:1]))
        out.append(step / max(float(np.percentile(step, 99)), 1e-12))
    rises, kit = sharp if sharp is not None else sharp_rises(feats.y, len(out[0]))
    if kit >= KIT_TOP_OVER_MID:
        out[1:] = rises
    return np.array(out)


def sharp_basis() -> np.ndarray:
    """Each band of BAND_EDGES above the first, as the mean of its bins on the fine spectrogram, shape ``(7, bins)``."""
    import librosa

    freqs = librosa.fft_frequencies(sr=ANALYSIS_RATE, n_fft=FINE_FFT)
    basis = np.zeros((len(BAND_EDGES) - 2, freqs.size))
    for i, (lo, hi) in enumerate(zip(BAND_EDGES[1:-1], BAND_EDGES[2:])):
        inside = (freqs >= lo) & (freqs < hi)
        basis[i, inside] = 1.0 / inside.sum()
    return basis


def sharp_rises(
    y: np.ndarray | None, n_frames: int, *, band_power: np.ndarray | None = None
) -> tuple[list[np.ndarray], float]:
    """Each band of BAND_EDGES above the first: its rise over :data:`SHARP_HOPS` fine hops, shape ``(7, n_frames)``,
    and how much a kit is heard (:data:`KIT_TOP_OVER_MID`'s ratio).

    The loudness (cube root of the band's mean power) on the fine
    spectrogram, its rise over :data:`SHARP_HOPS` fine hops, the strongest
    in each analysis frame's hop (the fine frames nearest it), over its
    99th percentile. A rise that takes longer than those hops (a slap bass's
    attack, a pad's swell) counts only the part made in them. ``band_power``, if given, is the bands' power
    already made (``_reduced_power`` of ``y`` with :func:`sharp_basis`, in the tracker's one pass of the fine
    spectrogram); ``y`` is not read then.
    """
    from jamwithme.analysis.features import _reduced_power

    if band_power is None:
        band_power = _reduced_power(y, FINE_FFT, FINE_HOP, sharp_basis())
    loudness = np.cbrt(band_power.astype(np.float64))
    kit = float(np.median(loudness[-1]) / max(float(np.median(loudness[3])), 1e-12))  # 8-11 kHz over 1-2 kHz
    # fine hops to an analysis frame: frame j holds fine frames [per*j - per/2, per*j + per/2)
    per = HOP_LENGTH // FINE_HOP
    out = []
    for x in loudness:
        rise = np.zeros(x.size + per // 2)
        rise[per // 2 + SHARP_HOPS :] = np.maximum(0.0, x[SHARP_HOPS:] - x[:-SHARP_HOPS])
        m = rise.size // per * per
        pooled = np.zeros(n_frames)
        part = rise[:m].reshape(-1, per).max(axis=1)[:n_frames]
        pooled[: part.size] = part
        out.append(pooled / max(float(np.percentile(pooled, 99)), 1e-12))
    return out, kit


def percussive_part(power: np.ndarray) -> np.ndarray:
    """``librosa.decompose.hpss(power, kernel_size=HPSS_KERNEL)[1]``, the same numbers about seven times sooner.

    librosa's median filters (``scipy.ndimage.median_filter``, a selection at
    every point) took a quarter of a song's analysis; :func:`_running_median`
    keeps each window sorted as it slides. A median is one of the window's
    values, so the percussive part is librosa's bit for bit (the edges
    reflected as scipy's ``mode="reflect"``, the soft mask librosa's own).
    """
    import librosa

    win_harm, win_perc = HPSS_KERNEL
    harm = _running_median(np.pad(power, ((0, 0), (win_harm // 2,) * 2), mode="symmetric"), win_harm)
    perc = _running_median(np.pad(power.T, ((0, 0), (win_perc // 2,) * 2), mode="symmetric"), win_perc).T
    return power * librosa.util.softmask(perc, harm * 1.0, power=2.0, split_zeros=True)


@numba.njit(cache=True)
def _running_median(x: np.ndarray, k: int) -> np.ndarray:  # pragma: no cover (compiled)
    """The median of every ``k`` (odd) consecutive values along each row of ``x``, shape ``(rows, m - k + 1)``."""
    rows, m = x.shape
    out = np.empty((rows, m - k + 1), x.dtype)
    window = np.empty(k, x.dtype)
    for r in range(rows):
        window[:] = x[r, :k]
        window.sort()
        out[r, 0] = window[k // 2]
        for j in range(1, m - k + 1):
            old, new = x[r, j - 1], x[r, j + k - 1]
            i = np.searchsorted(window, old)  # the old value's place (any of equal values)
            # take it out and put the new value in, the window kept sorted
            while i + 1 < k and window[i + 1] < new:
                window[i] = window[i + 1]
                i += 1
            while i > 0 and window[i - 1] > new:
                window[i] = window[i - 1]
                i -= 1
            window[i] = new
            out[r, j] = window[k // 2]
    return out


#: Orders of the beats drawn for the turns by chance, and the draws' seed (the same every run).
CHANCE_DRAWS, CHANCE_SEED = 16, 20


def backbeat_and_chance(
    bands: np.ndarray, onset: np.ndarray, frames: np.ndarray, *, chance_from: float
) -> tuple[float, float, float]:
    """How much two bands take turns beat by beat, how much the loudness does, and the turns by chance.

    Each band (and the whole onset envelope) is read at every beat, in
    standard units, and correlated with +1, -1, +1, ... in windows of 16 beats
    (a phase may flip where the tracker gained or lost a beat). ``turns`` is
    the geometric mean of the most positive and the most negative band's
    correlation (a kick on one beat, a snare on the next); ``loud`` the size
    of the whole envelope's. Both averaged over the windows.

    ``chance`` (computed only where ``turns >= chance_from``, else 0) is what
    ``turns`` reads on these beats taken in a shuffled order: the grid's own
    chance. With eight bands and 16 beats, chance alone reaches 0.1-0.3, more
    where the bands are few and loud; the same statistic with the +1s and -1s
    in a drawn order (as many of each) says how much of it the beats' order
    accounts for.

    The beats are the tracker's frames, on the onset envelope, which librosa
    shifts :data:`~jamwithme.analysis.features.ONSET_DELAY` frames (46 ms)
    late: the bands are read on the late side of their rises (a click's
    kick band rises most 2 frames before it and the others, on the fine
    spectrogram, on it; the tracker's beat is a frame after it and the
    window reaches back 2 frames from there, to the frame before the click;
    ``tests/test_grid.py`` holds these offsets). The weights were
    tuned on that reading; read on the rises (in dB, then) the 12/8 blues
    lost its turns in every weight set searched (README). It weighs which
    octave is the beat, never where a beat is: the grid is placed on the
    attacks (:mod:`jamwithme.analysis.attacks`).
    """
    if frames.size < 8:
        return 0.0, 0.0, 0.0
    per_band, whole = _on_beats(bands, frames), _on_beats(onset[np.newaxis], frames)[0]
    turns, loud = _turns(per_band, whole, (-1.0) ** np.arange(frames.size))
    return turns, loud, _by_chance(per_band) if turns >= chance_from else 0.0


def _by_chance(per_band: np.ndarray) -> float:
    """The turns of :func:`backbeat_and_chance` on the bands already read on the beats, in drawn orders."""
    whole = np.zeros(per_band.shape[1])
    rng = np.random.default_rng(CHANCE_SEED)
    sign = np.tile([1.0, -1.0], whole.size // 2 + 1)[: whole.size]
    return float(np.mean([_turns(per_band, whole, rng.permutation(sign))[0] for _ in range(CHANCE_DRAWS)]))


def _on_beats(bands: np.ndarray, frames: np.ndarray) -> np.ndarray:
    """Each band's strongest rise around each beat, in standard units, shape ``(bands, beats)``."""
    out = []
    for x in bands:
        v = np.array([x[max(f - 2, 0) : f + 3].max() for f in frames])
        out.append((v - v.mean()) / max(float(v.std()), 1e-9))
    return np.array(out)


def _turns(per_band: np.ndarray, whole: np.ndarray, sign: np.ndarray) -> tuple[float, float]:
    """:func:`backbeat_and_chance`'s ``turns`` and ``loud`` with the beats signed by ``sign`` (+1 or -1 each)."""
    turns, loud = [], []
    for i in range(0, sign.size - 7, 16):
        a = np.mean(per_band[:, i : i + 16] * sign[i : i + 16], axis=1)
        turns.append(math.sqrt(max(0.0, -float(a.min()) * float(a.max()))))
        loud.append(abs(float(np.mean(whole[i : i + 16] * sign[i : i + 16]))))
    return float(np.mean(turns)), float(np.mean(loud))
