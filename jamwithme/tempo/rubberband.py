"""Rubber Band's R3 in pieces: a long song cut into pieces that run on every core, joined where they agree.

Each piece starts on the hop grid of a single run and is placed on R3's own
time line (:func:`r3_hops`); pieces meet in a short crossfade near an onset
(:func:`join_point`), with gains for how alike the two runs are there.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from jamwithme import dsp, settings
from jamwithme.tempo.options import _fit, stretched_length

logger = logging.getLogger("jamwithme")

#: A song is cut into pieces no shorter than this, one per worker, when the tempo alone changes.
PIECE_SECONDS = 20.0
#: A song up to this long per worker runs as one piece per worker (a 4-minute song on 2 cores: 2 pieces) ...
MAX_PIECE_SECONDS = 120.0
#: ... a longer one as pieces of at most this, so its memory is a few short pieces' whatever its length
#: (R3 needs about 4.7 times a piece's output while it runs: some 60 MB for 30 s at rate 0.8).
LONG_PIECE_SECONDS = 30.0
#: Above this rate R3's hops are not what :func:`r3_hops` models (checked at 88.2 and 96 kHz), so one run.
PIECES_MAX_SAMPLE_RATE = 48000
#: Audio each piece reads beyond its own part on either side, so its stretcher has settled at the join.
CONTEXT_SECONDS = 2.0
#: How far from the even split a join may move to land on an onset, which masks it.
JOIN_SEARCH_SECONDS = 2.0
#: Length of the crossfade at each join (gains for the pieces' correlation: :func:`jamwithme.dsp.crossfade_gains`).
CROSSFADE_SECONDS = 0.010
#: Path of that crossfade: the incoming piece rises as ``sin(πt/2)``, the outgoing one keeps the level.
JOIN_SHAPE = "sine-in"
#: Where the crossfade search is centred: ending this long before the join's onset.
JOIN_LEAD_SECONDS = 0.002
#: How far from there (in the input) the crossfade may move to where the two pieces agree best;
#: less than CONTEXT_SECONDS, so both pieces are there.
CROSSFADE_SEARCH_SECONDS = 1.0


def workers() -> int:
    """Threads a tempo change may use: ``JAMWITHME_TEMPO_THREADS``, else the CPU count (at most 4)."""
    return settings.current().threads


def _pow2_at_least(value: float) -> int:
    """The smallest power of two not below ``value`` (Rubber Band's ``roundUp``)."""
    return 1 << max(0, math.ceil(math.log2(max(1.0, value))))


def r3_hops(
    rate: float, semitones: float = 0.0, *, best: bool = False, sample_rate: int = 44100
) -> tuple[int, int, float]:
    """The input hop, output hop and pitch scale of one Rubber Band R3 run.

    R3 picks an output hop (``calculateHop`` in Rubber Band 3.x, as built into
    pedalboard 0.9.26), floors the input hop to whole samples and rounds the
    output hop, so the audio runs at ``outhop / inhop / pitch`` output samples
    per input sample rather than exactly ``1 / rate``: 0.17 % slow at 0.9 with
    the standard window. Pieces of one song start on multiples of ``inhop`` and
    are placed on this time line, so they meet where one run would have put
    them; ``tests/test_tempo.py`` checks that against the engine from 0.25 to 4.

    Examples
    --------
    >>> r3_hops(0.9, best=True)
    (230, 256, 1.0)
    >>> r3_hops(0.25)
    (160, 640, 1.0)
    >>> inhop, outhop, _ = r3_hops(0.8)
    >>> round(outhop / inhop, 5)
    1.24939
    """
    pitch = 2.0 ** (semitones / 12.0)
    ratio = pitch / rate  # time ratio times pitch scale: what the phase vocoder stretches by
    outhop = 256.0
    if ratio > 1.5:
        outhop = 2.0 ** (8.0 + 2.0 * math.log10(ratio - 0.5))
    elif ratio < 1.0:
        outhop = 2.0 ** (8.0 + 2.0 * math.log10(ratio))
    # R3's limits, which scale with the sample rate (128, 512 and 2048 at 44.1 kHz)
    min_outhop = _pow2_at_least(sample_rate / 512)
    max_outhop = _pow2_at_least(sample_rate / 128)
    max_inhop = _pow2_at_least(sample_rate / 32)
    if not best:  # the short (single) window survives longer hops
        outhop *= 2.0
        min_outhop = _pow2_at_least(sample_rate / 256)
        max_outhop = max_outhop * 5 // 4
        max_inhop = _pow2_at_least(sample_rate / 64) * 3 // 2
    outhop = min(max(outhop, float(min_outhop)), float(max_outhop))
    inhop = min(max(1, math.floor(outhop / ratio)), max_inhop)
    return inhop, round(inhop * ratio), pitch


def _stretch_once(samples: np.ndarray, sample_rate: int, rate: float, semitones: float, best: bool, formants: bool):
    import pedalboard

    return pedalboard.time_stretch(
        np.ascontiguousarray(samples),
        float(sample_rate),
        stretch_factor=rate,
        pitch_shift_in_semitones=semitones,
        high_quality=True,
        use_long_fft_window=best,
        preserve_formants=formants,
    )


def _tail_room(n: int, sample_rate: int) -> int:
    """Silence appended before stretching, so R3's end-of-run catch-up eats silence rather than music.

    R3's time line is off by up to 0.3 % (see :func:`r3_hops`); a run that
    would overshoot its target length is cut at the target.
    """
    return int(0.005 * n) + sample_rate // 4


def _pieces(n: int, sample_rate: int) -> int:
    """How many pieces a tempo change of ``n`` samples runs as (1: one run)."""
    pieces = min(workers(), int(n // (PIECE_SECONDS * sample_rate)))
    if pieces < 2:
        return 1
    if n <= pieces * MAX_PIECE_SECONDS * sample_rate:
        return pieces
    return max(pieces, math.ceil(n / (LONG_PIECE_SECONDS * sample_rate)))


def _one_piece(n: int, sample_rate: int, semitones: float, best: bool) -> bool:
    return _pieces(n, sample_rate) < 2 or (semitones != 0.0 and best) or sample_rate > PIECES_MAX_SAMPLE_RATE


def _padded(part: np.ndarray, sample_rate: int) -> np.ndarray:
    """``part`` (e.g. a slice of a memory map) as float32 with :func:`_tail_room` appended: one copy."""
    m = part.shape[1]
    padded = np.zeros((part.shape[0], m + _tail_room(m, sample_rate)), np.float32)
    padded[:, :m] = part
    return padded


def _rubberband_blocks(
    samples: np.ndarray,
    sample_rate: int,
    *,
    rate: float,
    semitones: float,
    best: bool,
    preserve_formants: bool,
    read: Callable[[], None] | None = None,
) -> Iterator[np.ndarray]:
    """Rubber Band R3 in pieces, the output handed out in order as each join is settled.

    Each piece starts :data:`CONTEXT_SECONDS` before its part and is placed on
    R3's own time line (:func:`r3_hops`). Pieces are joined at an onset near
    the even split (:func:`join_point`), in a 10 ms crossfade placed where the
    two pieces agree best and shaped to keep the level (:func:`jamwithme.dsp.crossfade_gains`).
    At most :func:`workers` pieces beyond the one being handed out are held.
    A pitch shift with the standard window, and any clip above
    :data:`PIECES_MAX_SAMPLE_RATE`, must run in one piece (:func:`_one_piece`):
    R3's time line there is not what :func:`r3_hops` models
    (``tests/test_tempo.py`` checks where it is, at 22.05, 44.1 and 48 kHz).
    ``read`` is called after each piece's input has been copied.
    """
    n = samples.shape[1]
    pieces = _pieces(n, sample_rate)
    inhop, outhop, pitch = r3_hops(rate, semitones, best=best, sample_rate=sample_rate)
    q = outhop / inhop / pitch  # output samples per input sample
    context = int(CONTEXT_SECONDS * sample_rate)
    joins = [join_point(samples, k * n // pieces, sample_rate) for k in range(1, pieces)]
    bounds = [0, *joins, n]
    # each piece starts on the hop grid of a single run, so its frames are that run's frames
    starts = [max(0, bounds[k] - context) // inhop * inhop for k in range(pieces)]
    ends = [min(n, bounds[k + 1] + context) for k in range(pieces)]

    total = stretched_length(n, rate)
    fade = max(1, int(CROSSFADE_SECONDS * sample_rate))
    lead = int(JOIN_LEAD_SECONDS * sample_rate)
    search = int(CROSSFADE_SEARCH_SECONDS * sample_rate * q)  # in output samples; both pieces are whole here
    offsets = [int(round(a * q)) for a in starts]  # where each piece's output starts on the one-run time line

    def stretch(k: int) -> np.ndarray:
        padded = _padded(samples[:, starts[k] : ends[k]], sample_rate)
        if read is not None:
            read()
        return _stretch_once(padded, sample_rate, rate, semitones, best, preserve_formants)

    outs: dict[int, np.ndarray] = {}
    with ThreadPoolExecutor(max_workers=min(pieces, workers()), thread_name_prefix="jamwithme-tempo") as pool:
        futures = {}

        def piece(k: int) -> np.ndarray:
            for ahead in range(k, min(pieces, k + workers())):
                if ahead not in futures and ahead not in outs:
                    futures[ahead] = pool.submit(stretch, ahead)
            if k not in outs:
                outs[k] = futures.pop(k).result()
            return outs[k]

        def view(k: int, lo: int, hi: int) -> np.ndarray:
            part = piece(k)[:, max(0, lo - offsets[k]) : hi - offsets[k]]
            return part if part.shape[1] == hi - lo else _fit(part, hi - lo)

        # each join: a crossfade within CROSSFADE_SEARCH_SECONDS of the onset, where the two pieces agree best
        def switch(k: int) -> tuple[int, float]:
            centre = int(round(joins[k] * q)) - lead - fade
            window = (centre - search, centre + search + fade)
            shift, rho = dsp.best_crossfade(view(k, *window), view(k + 1, *window), fade)
            logger.debug("pieces %d and %d meet at %.3f s, correlation %.2f", k, k + 1,
                         (window[0] + shift) / sample_rate, rho)  # fmt: skip
            return window[0] + shift, rho

        lo, rho, before = 0, 1.0, None
        for k in range(pieces):
            hi, next_rho = switch(k) if k < pieces - 1 else (total, 1.0)
            out = view(k, lo, hi).copy()
            if before is not None:
                out[:, :fade] = dsp.crossfade(before, view(k, lo, lo + fade), rho=rho, shape=JOIN_SHAPE)
            # all the next join needs of this piece: its side of the crossfade
            before = view(k, hi, hi + fade).copy() if k < pieces - 1 else None
            del outs[k]
            yield out
            lo, rho = hi, next_rho


def join_point(samples: np.ndarray, around: int, sample_rate: int) -> int:
    """Where to join two pieces near sample ``around``: the strongest onset within :data:`JOIN_SEARCH_SECONDS`.

    Onset strength is the rise of the pre-emphasized (first-difference) energy in
    23 ms frames over the mean of the 8 frames before; with no rise at all
    (silence, a steady tone) ``around`` itself is returned.

    Examples
    --------
    >>> x = np.zeros((2, 441000), np.float32); x[:, 230000:] = 0.5
    >>> abs(join_point(x, 220500, 44100) - 230000) < 512
    True
    """
    n = samples.shape[1]
    reach = int(JOIN_SEARCH_SECONDS * sample_rate)
    lo, hi = max(1, around - reach), min(n, around + reach)
    hop, size, history = 256, 1024, 8
    x = samples[:, lo - 1 : hi].astype(np.float64).mean(axis=0)
    emphasized = np.diff(x)
    frames = (len(emphasized) - size) // hop
    if frames <= history:
        return around
    power = np.lib.stride_tricks.sliding_window_view(emphasized**2, size)[::hop][:frames].sum(axis=1)
    level = np.log10(power + 1e-10)
    previous = np.convolve(level, np.ones(history) / history, "valid")[:-1]  # mean of the frames before frame i
    rise = level[history:] - previous
    best = int(np.argmax(rise))
    if rise[best] <= 0.3:  # under 3 dB: no onset worth hiding a join behind
        return around
    return lo + (best + history) * hop + size // 2
