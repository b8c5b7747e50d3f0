"""Bars and metre on a beat grid: downbeat evidence, the number of beats in a bar, and where each bar starts.

Bars are where the harmony changes, the bass enters and the kick plays:
:func:`downbeat_evidence` measures that at every beat, :func:`estimate_meter`
finds the period at which it repeats, and :func:`bar_positions` places the
downbeats (a Viterbi that keeps the bar's length unless the music insists).
"""

from __future__ import annotations

import math

import numpy as np

from jamwithme.analysis.rhythm import CHROMA_BINS, Features

__all__ = ["bar_positions", "downbeat_evidence", "estimate_meter"]

#: Probability per beat that the bar phase slips (a beat the tracker added or lost).
PHASE_SLIP = 1e-3


def downbeat_evidence(feats: Features, beats: np.ndarray) -> dict[str, np.ndarray]:
    """Per-beat evidence of a downbeat: harmony change, bass onset, kick against snare, and their sum.

    Returns
    -------
    dict of np.ndarray [shape=(n_beats,)]
        ``"harmony"``, ``"bass"``, ``"kick"`` in standard units, and ``"total"``.
    """
    import librosa

    frames = np.minimum(np.round(np.asarray(beats) * feats.frame_rate).astype(np.int64), feats.onset.size - 1)
    chroma = feats.chroma(CHROMA_BINS)
    bounds = np.append(frames, feats.onset.size)
    beat_chroma = librosa.util.sync(chroma, bounds, aggregate=np.median, pad=False)
    unit = beat_chroma / np.maximum(np.linalg.norm(beat_chroma, axis=0, keepdims=True), 1e-9)
    n = frames.size
    harmony = np.zeros(n)
    if n > 1:
        harmony[1:] = 1.0 - np.sum(unit[:, 1:] * unit[:, :-1], axis=0)
        harmony[0] = np.median(harmony[1:])
    low = feats.band_onset(0.0, 200.0)
    kick = _zscore(feats.band_onset(0.0, 120.0)) - _zscore(feats.band_onset(1000.0, 4000.0))

    def at(x: np.ndarray) -> np.ndarray:
        return np.array([x[max(f - 2, 0) : f + 3].max() for f in frames])

    out = {"harmony": _zscore(harmony), "bass": _zscore(at(low)), "kick": _zscore(at(kick))}
    out["total"] = 1.5 * out["harmony"] + out["bass"] + 0.5 * out["kick"]
    return out


def estimate_meter(evidence: dict[str, np.ndarray]) -> int:
    """3 or 4 beats per bar: whichever period the downbeat evidence repeats at more strongly."""
    score = {3: 0.0, 4: 0.0}
    for name in ("harmony", "bass", "kick"):
        x = _zscore(evidence[name])
        n = x.size
        for m in score:
            lags = [lag for lag in (m, 2 * m, 3 * m) if lag < n - 1]
            if lags:
                score[m] += float(np.mean([np.dot(x[:-lag], x[lag:]) / (n - lag) for lag in lags]))
    return 3 if score[3] > score[4] else 4


def bar_positions(evidence: np.ndarray, *, beats_per_bar: int = 4, slip: float = PHASE_SLIP) -> np.ndarray:
    """Position of each beat in its bar, from per-beat downbeat evidence (Viterbi).

    Positions advance by one per beat, wrapping at ``beats_per_bar``; with
    probability ``slip`` per beat the phase may jump instead (the beat tracker
    added or dropped a beat). Downbeats are put where the evidence is high.

    Parameters
    ----------
    evidence : np.ndarray [shape=(n_beats,)]
        How much each beat sounds like a downbeat, in standard units.
    beats_per_bar : int
    slip : float
        Probability per beat of a phase jump, ``0 < slip < 1``.

    Returns
    -------
    np.ndarray [shape=(n_beats,), dtype=int64]
        0 for downbeats, then 1, 2, ...

    Examples
    --------
    >>> bar_positions(np.array([0, 0, 3, 0, 0, 0, 3, 0, 0, 0.0]))
    array([2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
    """
    evidence = np.asarray(evidence, dtype=np.float64)
    m, n = int(beats_per_bar), evidence.size
    if n == 0:
        return np.zeros(0, np.int64)
    step = (np.arange(m) + 1) % m
    log_trans = np.full((m, m), math.log(slip / max(m - 1, 1)))
    log_trans[np.arange(m), step] = math.log1p(-slip)
    emission = np.zeros((n, m))
    emission[:, 0] = evidence
    score = emission[0].copy()
    back = np.zeros((n, m), dtype=np.int64)
    for i in range(1, n):
        total = score[:, None] + log_trans  # from-state x to-state
        back[i] = np.argmax(total, axis=0)
        score = total[back[i], np.arange(m)] + emission[i]
    states = np.empty(n, dtype=np.int64)
    states[-1] = int(np.argmax(score))
    for i in range(n - 1, 0, -1):
        states[i - 1] = back[i, states[i]]
    return states


def _zscore(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        return x
    return (x - x.mean()) / max(float(x.std()), 1e-9)
