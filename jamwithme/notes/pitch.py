"""The fundamental frequency of one voice, frame by frame: probabilistic YIN (pYIN) with a banded Viterbi.

This is librosa's :func:`librosa.pyin` (Mauch and Dixon 2014; librosa is ISC)
with the same candidates, thresholds and priors, written for long stems:

* the YIN difference function is made a block of frames at a time, so a
  20-minute stem never holds its frames whole (2048 samples a frame would be
  0.8 GB for 20 minutes); only each frame's few candidates are kept;
* the Viterbi visits only the pitch bins a frame can reach from the last one
  (pYIN's transition matrix is zero outside that band), and keeps one byte a
  state and frame to trace back: librosa's dense Viterbi took 7 of its 8 s
  on 30 s of audio, this one about 0.1 s;
* those bytes are held :data:`VITERBI_BLOCK` frames at a time (the path
  traced back block by block from checkpoints of the forward pass: the same
  path, for a second forward pass), and the candidates in 14 bytes each, so
  a 20-minute stem's pitch track takes 0.03 GB above its signal, not 0.13 GB.

Pitch bins are 0.2 semitone apart for the path (what the path needs); the f0
returned is the candidate's own frequency (parabolic interpolation of the
YIN trough), not the bin's centre.

Examples
--------
>>> import numpy as np
>>> y = np.sin(2 * np.pi * 220.0 * np.arange(22050) / 22050).astype(np.float32)
>>> track = f0_track(y, fmin=65.0, fmax=1000.0)
>>> round(float(np.nanmedian(track.f0)))  # within 3 cents: the trough's parabola, not the bin
220
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
import scipy.fft
import scipy.ndimage
import scipy.signal
import scipy.stats

from jamwithme.errors import ParameterError

#: The rate every transcription works at (the analysis' rate, :data:`jamwithme.analysis.rhythm.ANALYSIS_RATE`),
#: and the hop between frames (11.6 ms).
SAMPLE_RATE = 22050
HOP = 256
#: pYIN's priors (librosa's defaults).
N_THRESHOLDS = 100
BETA = (2.0, 18.0)
BOLTZMANN = 2.0
NO_TROUGH_PROB = 0.01
SWITCH_PROB = 0.01
#: Fastest pitch movement the path follows, octaves per second (librosa's default).
MAX_TRANSITION_RATE = 35.92
#: Bins per semitone of the path.
BINS_PER_SEMITONE = 5
#: Samples of the short window of :attr:`F0Track.level`.
LEVEL_FRAME = 512
#: Frames whose difference function is made at once (about 17 MB at 2048 samples a frame).
BLOCK_FRAMES = 256
#: Frames of the Viterbi's back pointers held at once (0.6 kB a frame over the melody's range; all of
#: a 20-minute stem's would be 62 MB): the path is traced back a block at a time from checkpoints.
VITERBI_BLOCK = 4096


@dataclass(frozen=True)
class F0Track:
    """A frame-wise pitch track; frame ``i`` is centred on ``i * hop / sample_rate`` seconds.

    Parameters
    ----------
    f0 : np.ndarray [shape=(frames,)]
        Hz, NaN where unvoiced.
    voiced_prob : np.ndarray [shape=(frames,)]
        The probability pYIN gives the frame of being voiced, 0 to 1.
    rms : np.ndarray [shape=(frames,)]
        Root-mean-square level of the frame (linear, full scale 1).
    level : np.ndarray [shape=(frames,)]
        The same over a short window (:data:`LEVEL_FRAME` samples, 23 ms), centred alike: where a note
        starts and stops.
    """

    f0: np.ndarray
    voiced_prob: np.ndarray
    rms: np.ndarray
    level: np.ndarray
    sample_rate: int = SAMPLE_RATE
    hop: int = HOP

    @property
    def frame_rate(self) -> float:
        return self.sample_rate / self.hop

    @property
    def times(self) -> np.ndarray:
        return np.arange(self.f0.size) / self.frame_rate


def f0_track(
    y: np.ndarray,
    *,
    fmin: float,
    fmax: float,
    sample_rate: int = SAMPLE_RATE,
    frame_length: int = 2048,
    hop: int = HOP,
) -> F0Track:
    """pYIN's f0 and voicing of a mono signal, block by block.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)]
        Mono audio at ``sample_rate``.
    fmin, fmax : float
        Lowest and highest pitch looked for, Hz; two periods of ``fmin`` must
        fit in ``frame_length``.
    frame_length, hop : int
        Frame and hop, samples.

    Returns
    -------
    F0Track

    Raises
    ------
    ParameterError
        A range or frame that cannot work.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ParameterError(f"y must be mono, shape (n,), not shape {y.shape}")
    if not (0 < fmin < fmax <= sample_rate / 2):
        raise ParameterError(f"fmin={fmin:g} and fmax={fmax:g} must satisfy 0 < fmin < fmax <= {sample_rate / 2:g}")
    if sample_rate / fmin > frame_length / 2:
        raise ParameterError(f"frame_length={frame_length} holds less than two periods of fmin={fmin:g} Hz")
    min_period = int(math.floor(sample_rate / fmax))
    max_period = min(int(math.ceil(sample_rate / fmin)), frame_length - 1)
    n_bins = int(math.floor(12 * BINS_PER_SEMITONE * math.log2(fmax / fmin))) + 1
    thresholds = np.linspace(0, 1, N_THRESHOLDS + 1)
    beta_probs = np.diff(scipy.stats.beta.cdf(thresholds, *BETA))

    n_frames = 1 + y.size // hop
    padded_at = frame_length // 2  # frames centred as librosa's center=True, zeros outside
    rms = np.zeros(n_frames, np.float32)
    level = np.zeros(n_frames, np.float32)
    voiced_prob = np.zeros(n_frames, np.float32)
    counts = np.zeros(n_frames, np.int64)
    cand_bin, cand_prob, cand_freq = [], [], []
    for first in range(0, n_frames, BLOCK_FRAMES):
        count = min(BLOCK_FRAMES, n_frames - first)
        frames = _frames(y, first, count, frame_length, hop, padded_at)
        rms[first : first + count] = np.sqrt(np.mean(np.square(frames), axis=1))
        short = _frames(y, first, count, LEVEL_FRAME, hop, LEVEL_FRAME // 2)
        level[first : first + count] = np.sqrt(np.mean(np.square(short), axis=1))
        yin = _cmnd(frames, min_period, max_period)
        del frames
        f, b, p, hz = _candidates(
            yin, thresholds[1:], beta_probs, BOLTZMANN, NO_TROUGH_PROB, min_period, float(sample_rate), float(fmin),
            BINS_PER_SEMITONE, n_bins,
        )  # fmt: skip
        # Kept small (a 20-minute stem has 1.6 million candidates): a count a frame instead of a frame number
        # each, the bin in 2 bytes, the Hz as the float32 the track returns.
        np.add.at(voiced_prob[first : first + count], f, p)
        counts[first : first + count] = np.bincount(f, minlength=count)
        cand_bin.append(b.astype(np.int16))
        cand_prob.append(p)
        cand_freq.append(hz.astype(np.float32))
    np.clip(voiced_prob, 0.0, 1.0, out=voiced_prob)
    starts = np.concatenate([[0], np.cumsum(counts)])
    del counts
    bins, probs, freqs = _joined(cand_bin), _joined(cand_prob), _joined(cand_freq)
    width = round(MAX_TRANSITION_RATE * 12 * hop / sample_rate) * BINS_PER_SEMITONE
    path = _viterbi(starts, bins, probs, voiced_prob, n_bins, width, SWITCH_PROB, VITERBI_BLOCK)
    f0 = _path_freqs(path, starts, bins, probs, freqs)
    return F0Track(f0=f0, voiced_prob=voiced_prob, rms=rms, level=level, sample_rate=sample_rate, hop=hop)


def _joined(pieces: list) -> np.ndarray:
    """The pieces as one array; the list is emptied, so the pieces go as soon as they are joined."""
    out = np.concatenate(pieces)
    pieces.clear()
    return out


def _frames(y: np.ndarray, first: int, count: int, frame_length: int, hop: int, pad: int) -> np.ndarray:
    """Frames ``first .. first + count`` as rows (float64), frame ``i`` starting at ``i * hop - pad``."""
    lo = first * hop - pad
    hi = (first + count - 1) * hop - pad + frame_length
    chunk = np.zeros(hi - lo, np.float64)
    a, b = max(lo, 0), min(hi, y.size)
    if b > a:
        chunk[a - lo : b - lo] = y[a:b]
    view = np.lib.stride_tricks.sliding_window_view(chunk, frame_length)[::hop]
    return np.ascontiguousarray(view[:count])


def _cmnd(frames: np.ndarray, min_period: int, max_period: int) -> np.ndarray:
    """YIN's cumulative mean normalised difference, lags ``min_period .. max_period`` (rows: frames)."""
    n = frames.shape[1]
    size = scipy.fft.next_fast_len(n + max_period + 1, real=True)
    spectrum = scipy.fft.rfft(frames, size, axis=1)
    acf = scipy.fft.irfft(np.abs(spectrum) ** 2, size, axis=1)[:, : max_period + 1]
    del spectrum
    energy = np.cumsum(np.square(frames), axis=1)
    diff = np.empty((frames.shape[0], max_period + 1))
    diff[:, 0] = 0
    diff[:, 1:] = 2 * (acf[:, :1] - acf[:, 1:]) - energy[:, :max_period]
    mean = np.cumsum(diff[:, 1:], axis=1) / np.arange(1, max_period + 1)
    return diff[:, min_period:] / (mean[:, min_period - 1 :] + 1e-30)


@numba.njit(cache=True)
def _candidates(yin, thresholds, beta_probs, boltzmann, no_trough_prob, min_period, sr, fmin, bps, n_bins):
    """pYIN's candidates of each frame: (frame, bin, probability, Hz) for every trough that gets a probability."""
    n_frames, n_lags = yin.shape
    n_thr = thresholds.size
    size = n_frames * 8
    out_f, out_b = np.empty(size, np.int64), np.empty(size, np.int64)
    out_p, out_hz = np.empty(size), np.empty(size)
    count = 0
    decay = 1.0 - math.exp(-boltzmann)
    troughs = np.empty(n_lags, np.int64)
    for i in range(n_frames):
        row = yin[i]
        m = 0
        if n_lags > 1 and row[0] < row[1]:
            troughs[m] = 0
            m += 1
        for k in range(1, n_lags - 1):
            if row[k] < row[k - 1] and row[k] <= row[k + 1]:
                troughs[m] = k
                m += 1
        if m == 0:
            continue
        heights = np.empty(m)
        for j in range(m):
            heights[j] = row[troughs[j]]
        probs = np.zeros(m)
        for t in range(n_thr):
            below = 0
            for j in range(m):
                if heights[j] < thresholds[t]:
                    below += 1
            if below == 0:
                continue
            norm = 1.0 - math.exp(-boltzmann * below)
            position = 0
            for j in range(m):
                if heights[j] < thresholds[t]:
                    probs[j] += decay * math.exp(-boltzmann * position) / norm * beta_probs[t]
                    position += 1
        g = int(np.argmin(heights))
        not_below = 0
        for t in range(n_thr):
            if not heights[g] < thresholds[t]:
                not_below += 1
        extra = 0.0
        for t in range(not_below):
            extra += beta_probs[t]
        probs[g] += no_trough_prob * extra
        for j in range(m):
            if probs[j] <= 0:
                continue
            k = troughs[j]
            shift = 0.0
            if 0 < k < n_lags - 1:
                a = row[k + 1] + row[k - 1] - 2 * row[k]
                b = (row[k + 1] - row[k - 1]) / 2
                if abs(b) < abs(a):
                    shift = -b / a
            hz = sr / (min_period + k + shift)
            index = int(round(12 * bps * math.log2(hz / fmin)))
            if count == size:  # more candidates than foreseen: grow
                size *= 2
                out_f, out_b = _grown(out_f, size), _grown(out_b, size)
                out_p, out_hz = _grown(out_p, size), _grown(out_hz, size)
            out_f[count], out_b[count] = i, min(max(index, 0), n_bins - 1)
            out_p[count], out_hz[count] = probs[j], hz
            count += 1
    return out_f[:count].copy(), out_b[:count].copy(), out_p[:count].copy(), out_hz[:count].copy()


@numba.njit(cache=True)
def _grown(a, size):
    out = np.empty(size, a.dtype)
    out[: a.size] = a
    return out


@numba.njit(cache=True)
def _best_arrival(same, other, b, lo, hi, width, log_tri, stay, switch, neg):
    """The best way into bin ``b`` from bins ``lo..hi``: staying in ``same``'s voicing or switching from ``other``'s.

    Returns its log probability and :func:`_viterbi`'s back-pointer code (the
    offset plus ``width``, plus ``2 * width + 1`` when it switched voicing).
    """
    best, arg = neg, 0
    for s in range(lo, hi + 1):
        w = log_tri[b - s + width]
        v = same[s] + stay + w
        if v > best:
            best, arg = v, s - b + width
        v = other[s] + switch + w
        if v > best:
            best, arg = v, s - b + width + 2 * width + 1
    return best, arg


@numba.njit(cache=True)
def _forward(t0, t1, prev_v, prev_u, starts, bins, probs, voiced_prob, n_bins, width, log_tri, stay, switch, back):
    """Frames ``t0 .. t1 - 1`` of :func:`_viterbi`'s forward pass from the scores after frame ``t0 - 1``.

    Returns the scores after frame ``t1 - 1``; writes frame ``t``'s back pointers into ``back[t - t0]`` if
    ``back`` has rows (none: only the scores are wanted).
    """
    neg = -1e300
    keep = back.shape[0] > 0
    obs = np.zeros(n_bins)
    for t in range(t0, t1):
        obs[:] = 0.0
        for c in range(starts[t], starts[t + 1]):
            obs[bins[c]] += probs[c]
        log_unvoiced = math.log(max(1.0 - voiced_prob[t], 1e-12) / n_bins)
        cur_v = np.full(n_bins, neg)
        cur_u = np.full(n_bins, neg)
        if keep:
            back[t - t0, :] = 0
        if t == 0:
            for b in range(n_bins):
                if obs[b] > 0:
                    cur_v[b] = math.log(obs[b] / (2 * n_bins))
                cur_u[b] = log_unvoiced - math.log(2 * n_bins)
        else:
            for b in range(n_bins):
                lo, hi = max(0, b - width), min(n_bins - 1, b + width)
                # unvoiced target: every bin
                best, arg = _best_arrival(prev_u, prev_v, b, lo, hi, width, log_tri, stay, switch, neg)
                cur_u[b] = best + log_unvoiced
                if keep:
                    back[t - t0, n_bins + b] = arg
                if obs[b] > 0:
                    best, arg = _best_arrival(prev_v, prev_u, b, lo, hi, width, log_tri, stay, switch, neg)
                    cur_v[b] = best + math.log(obs[b])
                    if keep:
                        back[t - t0, b] = arg
        prev_v, prev_u = cur_v, cur_u
    return prev_v, prev_u


@numba.njit(cache=True)
def _viterbi(starts, bins, probs, voiced_prob, n_bins, width, switch_prob, block):
    """The most likely state path (bin, or bin + n_bins when unvoiced) under pYIN's banded transitions.

    The back pointers (one byte a state and frame: offset + width, plus 2*width+1 if from the other
    voicing) are held ``block`` frames at a time: the forward pass keeps the scores at the start of each
    block, and the path is traced back block by block, each block's pointers made again from its
    checkpoint. The same path as holding them all (the same sums in the same order); the last block's
    forward pass is the one that traces it back, so one block is one pass.
    """
    n_frames = starts.size - 1
    tri = np.empty(2 * width + 1)
    for d in range(-width, width + 1):
        tri[d + width] = width + 1 - abs(d)
    log_tri = np.log(tri / tri.sum())
    stay, switch = math.log(1 - switch_prob), math.log(switch_prob)
    n_blocks = max(1, (n_frames + block - 1) // block)
    check_v = np.full((n_blocks, n_bins), -1e300)
    check_u = np.full((n_blocks, n_bins), -1e300)
    none = np.zeros((0, 2 * n_bins), np.uint8)
    back = np.zeros((min(block, max(n_frames, 1)), 2 * n_bins), np.uint8)
    prev_v, prev_u = check_v[0], check_u[0]
    for k in range(n_blocks):
        check_v[k], check_u[k] = prev_v, prev_u
        t0, t1 = k * block, min(n_frames, (k + 1) * block)
        keep = back if k == n_blocks - 1 else none
        prev_v, prev_u = _forward(t0, t1, prev_v, prev_u, starts, bins, probs, voiced_prob, n_bins, width,
                                  log_tri, stay, switch, keep)  # fmt: skip
    path = np.empty(n_frames, np.int64)
    bv, bu = int(np.argmax(prev_v)), int(np.argmax(prev_u))
    state = bv if prev_v[bv] >= prev_u[bu] else n_bins + bu
    for k in range(n_blocks - 1, -1, -1):
        t0, t1 = k * block, min(n_frames, (k + 1) * block)
        if k < n_blocks - 1:
            _forward(t0, t1, check_v[k], check_u[k], starts, bins, probs, voiced_prob, n_bins, width, log_tri,
                     stay, switch, back)  # fmt: skip
        for t in range(t1 - 1, t0 - 1, -1):
            path[t] = state
            if t == 0:
                break
            code = int(back[t - t0, state])
            voiced = state < n_bins
            b = state if voiced else state - n_bins
            if code > 2 * width:
                code -= 2 * width + 1
                voiced = not voiced
            b = b + code - width
            state = b if voiced else n_bins + b
    return path


@numba.njit(cache=True)
def _path_freqs(path, starts, bins, probs, freqs):
    """The f0 of each voiced frame: its likeliest candidate in the path's bin (NaN where unvoiced)."""
    n_frames = starts.size - 1
    out = np.full(n_frames, np.nan, np.float32)
    for t in range(n_frames):
        best = -1.0
        for c in range(starts[t], starts[t + 1]):
            if bins[c] == path[t] and probs[c] > best:
                best, out[t] = probs[c], freqs[c]
    return out


def onset_flux(y: np.ndarray, *, sample_rate: int = SAMPLE_RATE, hop: int = HOP, n_fft: int = 1024) -> np.ndarray:
    """Spectral flux on a log-mel spectrogram (SuperFlux: the last frame max-filtered across 3 bands), per frame.

    Frame ``i`` is centred on ``i * hop`` like :func:`f0_track`'s, and its
    value is the rise from frame ``i - 1`` to frame ``i``; the vibrato of a
    held note barely moves it, a new attack does. Made a block of frames at a
    time.

    Returns
    -------
    np.ndarray [shape=(frames,)]
    """
    import librosa

    n_frames = 1 + y.size // hop
    basis = librosa.filters.mel(sr=sample_rate, n_fft=n_fft, n_mels=64, fmin=30.0, fmax=8000.0).astype(np.float32)
    window = scipy.signal.get_window("hann", n_fft).astype(np.float32)
    out = np.zeros(n_frames, np.float32)
    last = None
    for first in range(0, n_frames, BLOCK_FRAMES):
        count = min(BLOCK_FRAMES, n_frames - first)
        frames = _frames(y, first, count, n_fft, hop, n_fft // 2).astype(np.float32) * window
        power = np.abs(scipy.fft.rfft(frames, axis=1)) ** 2
        log_mel = 10 * np.log10(np.maximum(power @ basis.T, 1e-10))  # (count, 64)
        previous = np.vstack([log_mel[:1] if last is None else last, log_mel[:-1]])
        reference = scipy.ndimage.maximum_filter1d(previous, 3, axis=1)
        out[first : first + count] = np.maximum(log_mel - reference, 0.0).sum(axis=1)
        last = log_mel[-1:]
    return out
