"""How strongly the onsets repeat at a period, and the tempo near a chosen one as the song goes.

:func:`comb_scores` reads the onset envelope's autocorrelation at a tempo's period and its multiples (the
comb :func:`jamwithme.analysis.rhythm.choose_tempo` weighs the metrical levels with, and
:func:`jamwithme.analysis.rhythm.pulse_strength` tells a beat from none with); :func:`local_tempo` follows
the comb window by window near the chosen tempo, for the tracker to place its beats on.
"""

from __future__ import annotations

import numpy as np

from jamwithme.analysis.features import Features

#: Local tempo (:func:`local_tempo`): windows of this many seconds, this often, ...
LOCAL_WINDOW, LOCAL_HOP = 8.0, 1.0
#: ... searched within this factor of the song's tempo; one tempo if it stays within this fraction.
LOCAL_RANGE, STEADY_WITHIN = 1.3, 0.03
#: ... and never faster than this factor of it: the square root of 3/2, where a tempo is as near the chosen level
#: as the level three eighths of a 6/8 make two of. A closing ritardando at 0.87 of the tempo puts that faster level
#: at 1.3 of the song's tempo, inside :data:`LOCAL_RANGE`: the comb of its smeared last windows read the eighth pairs
#: there and the tracker followed them (own seeds 5000-6999: seven 6/8 ritardandos, 2-5 bars of the wrong length
#: each). Fresh seeds 9300-9499 (30 6/8 ritardandos, 30 other compound songs, run once): 7 of them right to the end.
LOCAL_RISE = float(np.sqrt(3 / 2))
#: A window's tempo costs this much comb score per squared octave it moves from the last window's (a tempo is
#: a smooth thing): a jump to another metrical level and back (two eighths of a 6/8 for three, 0.58 octave)
#: costs 10 each way, more than any window's score (at most 1); a closing ritardando's step of about 0.05
#: octave a window costs 0.08. Tuned on the tune part's variants: below 30 a 6/8 ritardando's last bars jump
#: a level; at 50 a click track slowing from 120 to 86 BPM in 16 beats is not followed.
LOCAL_STEP_COST = 30.0


def comb_scores(onset: np.ndarray, bpms: np.ndarray, *, frame_rate: float, teeth: int = 4) -> np.ndarray:
    """Autocorrelation of the onset envelope at each tempo's period and its multiples, summed.

    Parameters
    ----------
    onset : np.ndarray [shape=(frames,)]
    bpms : np.ndarray [shape=(k,)]
        Candidate tempos.
    frame_rate : float
        Onset frames per second.
    teeth : int
        Multiples of the period read (1 .. teeth).

    Returns
    -------
    np.ndarray [shape=(k,)]
        Larger where the onsets repeat at that period and all its multiples.
    """
    x = np.asarray(onset, np.float64)
    x = x - x.mean()
    n = x.size
    spectrum = np.fft.rfft(x, 2 * n)
    ac = np.fft.irfft(np.abs(spectrum) ** 2)[:n]
    ac = ac / max(ac[0], 1e-12) / np.maximum(1.0 - np.arange(n) / n, 0.25)  # unbiased
    lags = 60.0 * frame_rate / np.asarray(bpms, np.float64)
    total = np.zeros(lags.size)
    for k in range(1, teeth + 1):
        at = k * lags
        # the largest value within half a frame either side (tempo not on the frame grid)
        lo = np.clip(np.floor(at - 0.5).astype(int), 0, n - 1)
        hi = np.clip(np.ceil(at + 0.5).astype(int), 0, n - 1)
        total += np.maximum.reduce([ac[np.clip(lo + d, 0, n - 1)] for d in range(int((hi - lo).max()) + 1)])
    return total / teeth


def local_tempo(feats: Features, bpm: float) -> np.ndarray | float:
    """The tempo near ``bpm`` at each onset frame, where the music moves away from it; else ``bpm``.

    The comb of :func:`comb_scores` over :data:`LOCAL_WINDOW` seconds of the
    onset envelope every :data:`LOCAL_HOP` seconds, searched within
    :data:`LOCAL_RANGE` of ``bpm`` and never past :data:`LOCAL_RISE` of it
    (the metrical level is already chosen);
    the tempo through the windows is the path of the highest comb scores less
    :data:`LOCAL_STEP_COST` per squared octave moved from window to window (a
    Viterbi, :func:`_smooth_path`), then a running median over five windows.
    Each window's own best was taken before: where a ritardando smears the
    comb's longer lags, two eighths of a 6/8 outscored three for ten windows,
    and the last bars were tracked in eighth pairs (issue 20's blind test:
    extra beats in a 6/8 ritardando). A tempo that stays within
    :data:`STEADY_WITHIN` of ``bpm`` everywhere is ``bpm`` itself: the
    tracker follows one tempo and the tempo model settles the rest.

    Returns
    -------
    float or np.ndarray [shape=(frames,)]
    """
    from scipy.ndimage import median_filter

    rate = feats.frame_rate
    width, hop = round(LOCAL_WINDOW * rate), round(LOCAL_HOP * rate)
    n = feats.onset.size
    if n < 2 * width:
        return bpm
    bpms = bpm * np.geomspace(1 / LOCAL_RANGE, LOCAL_RANGE, 161)
    centres = np.arange(width // 2, n - width // 2, hop)
    scores = np.array([
        comb_scores(feats.onset[c - width // 2 : c + width // 2], bpms, frame_rate=rate) for c in centres
    ])  # fmt: skip
    scores[:, bpms > bpm * LOCAL_RISE] = -np.inf  # out of reach, the states kept (the moves' prices stay the same)
    found = median_filter(bpms[_smooth_path(scores, np.log2(bpms), LOCAL_STEP_COST)], size=5, mode="nearest")
    if np.all(np.abs(found / bpm - 1.0) <= STEADY_WITHIN):
        return bpm
    return np.interp(np.arange(n), centres, found)


def _smooth_path(scores: np.ndarray, octaves: np.ndarray, cost: float) -> np.ndarray:
    """The state of each window on the path of the highest total score less ``cost`` per squared octave moved.

    librosa's Viterbi (as :mod:`~jamwithme.analysis.chords` and
    :mod:`~jamwithme.analysis.metre` decode theirs), with each window's scores
    shifted so its best is 0 and ``exp(-cost * octaves moved**2)`` as the
    transition matrix: constants apart, the log-probability of a path is its
    total score less its moves' cost. Exact while a window's scores span and
    ``cost`` times the squared octave range stay far below 700 (``exp()``
    underflows near 745): :func:`local_tempo`'s comb scores span at most 8,
    its moves cost at most 18.

    Parameters
    ----------
    scores : np.ndarray [shape=(windows, states)]
    octaves : np.ndarray [shape=(states,)]
        Each state's log2 tempo.
    cost : float
        Score lost per squared octave between one window's state and the next's.

    Returns
    -------
    np.ndarray [shape=(windows,), dtype=int64]

    Examples
    --------
    >>> scores = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.2], [1.0, 0.0]])  # a lone window's best elsewhere
    >>> _smooth_path(scores, np.array([0.0, 0.58]), 0.0), _smooth_path(scores, np.array([0.0, 0.58]), 30.0)
    (array([0, 0, 1, 0]), array([0, 0, 0, 0]))
    """
    import librosa

    n = octaves.size
    # Each row is divided by the largest row sum, not its own, and what a row then lacks of 1 goes to a last state
    # that no window can be in (likelihood 0) and that keeps whoever enters it: every move costs its own price and
    # one constant, the same for all. Rows normalised each by their own sum need that sum's log paid back in the
    # scores: exact in arithmetic, but paths of equal score (neighbouring tempos read at the same lags, common on
    # real songs) are then told apart by those terms' rounding: of the 70 local tempos of bench/analysis.py
    # --split all, 19 took another path of the same score that way, 10 this way (the old loop chose by its own
    # rounding too; these 10 left every analysis as it was).
    stay = np.exp(-cost * np.square(octaves[:, None] - octaves[None, :]))  # (from, to)
    transition = np.zeros((n + 1, n + 1))
    transition[:n, :n] = stay / stay.sum(axis=1).max()
    transition[:n, n] = np.maximum(1.0 - transition[:n, :n].sum(axis=1), 0.0)
    transition[n, n] = 1.0
    likelihood = np.zeros((n + 1, scores.shape[0]))
    likelihood[:n] = np.exp(scores - scores.max(axis=1, keepdims=True)).T  # (states, windows)
    return librosa.sequence.viterbi(likelihood, transition).astype(np.int64)
