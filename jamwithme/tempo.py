"""Tempo and key: change one without the other.

The default engine is Rubber Band's R3 ("finer") engine through
:func:`pedalboard.time_stretch`, offline, with the channels processed together
so the stereo image stays where it was, in its short-window mode, and with a
long song cut into pieces that run on every core (:func:`workers`). R3's
standard window, which resolves bass a little better at 2.4 times the cost,
is ``engine="rubberband-best"``. The phase vocoder of
:func:`librosa.effects.time_stretch` (the original design) stays available as
``engine="librosa"`` for comparison. Measured here (``tests/test_tempo.py``,
``bench/tempo.py``, ``bench/tempo_quality.py``, 2 cores):

* **Speed.** Lets_Go_Fishin (2:13) at 0.8 / 1.25: 1.62 / 1.17 s by default,
  3.94 / 2.88 s with the standard window, 3.01 / 2.24 s with librosa, which
  also needs 2.5 times the memory.
* **Quality.** Both R3 modes keep a 440 Hz tone within 0.01 cent at rates
  0.5–2.0, keep clicks sharp (energy in the 20 ms before a click 39 dB below
  the click by default, 32 dB with the standard window, 12 dB with librosa)
  and keep a real song's channel correlation (0.657 before; 0.654 by default,
  0.656 with the standard window after rate 0.8; −0.069 with librosa, whose
  phase vocoder runs on each channel apart: the "phasey", too-wide sound).
  Stretched and stretched back, the log spectrum below 300 Hz is off by
  7.6 dB RMS by default, 6.8 dB with the standard window and 10.1 dB with
  librosa (16384-point FFT, three songs): what the short window gives up is
  that bit of bass definition.
* **Pieces.** Each piece starts on the hop grid of a single run and is placed
  on R3's own time line (:func:`r3_hops`), so every click of a 45 s track
  lands within 1 ms of where one run puts it, at rates 0.25–3.7 and with
  pitch shifts; pieces meet in a 10 ms crossfade near an onset, where the two
  runs agree best, with gains for that agreement (:func:`jamwithme.dsp.crossfade_gains`):
  the level stays within 3 dB of one run there and no sample steps out.
* Rubber Band's older R2 engine (``high_quality=False``), although faster,
  detunes a steady tone by 15–26 cents in this build, so it is not offered.

Known limits of the Rubber Band in pedalboard 0.9.26:

* **Tempo drift.** R3 floors its input hop and rounds its output hop, so at
  most rates the audio runs slightly fast or slow (:func:`r3_hops`). By
  default: 0.05 % fast at 0.8 and 1.25, 0.02 % at 0.9, exact at 0.5, 0.75 and
  2.0; with the standard window: exact at 0.8, 0.17 % slow at 0.9, 0.09 % fast
  at 1.25, 0.3 % at 2.0; pitch shifts drift alike (0.07 % at −1 semitone by
  default). The length is still exact: a run that would overshoot is cut in
  the silence appended for it (:func:`_tail_room`), one that falls short ends
  in that silence. The offset is the same for any signal, so stems stay
  together; but place loop points on the original and stretch the loop,
  rather than mapping times through ``1 / rate`` over minutes.
* **Diffuse stereo.** Panned sources keep their place exactly and the channel
  correlation is kept, but partly correlated sound that is louder on one side
  drifts toward the centre: the hi-hats of ``Choice - Drum-bass``, 7.0 dB
  louder on the left above 8.6 kHz, come out 4.6 dB louder at rate 0.8 by
  default, 4.1 dB with the standard window (processing mid and side apart, or
  left and right apart, is worse).

Every function returns a new :class:`~jamwithme.audio.AudioClip` whose length
is stated exactly (see :func:`stretched_length`).
"""

from __future__ import annotations

import enum
import logging
import math
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from jamwithme import checks, dsp, settings
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError

logger = logging.getLogger("jamwithme")

MIN_RATE = 0.25
MAX_RATE = 4.0
MAX_SEMITONES = 12.0
#: Shorter clips than this (46 ms at 44.1 kHz, one analysis window) are refused.
MIN_SAMPLES = 2048


class Engine(str, enum.Enum):
    """Time-stretch and pitch-shift engines."""

    RUBBERBAND = "rubberband"  # Rubber Band R3, short window, pieces in parallel: the default
    RUBBERBAND_BEST = "rubberband-best"  # Rubber Band R3, standard window: clearer bass, about 2.4x the time
    LIBROSA = "librosa"  # librosa's phase vocoder (+ soxr resampling for pitch)

    @classmethod
    def parse(cls, value: "str | Engine") -> "Engine":
        if isinstance(value, Engine):
            return value
        return cls(checks.one_of("engine", value, [e.value for e in cls], key=lambda v: str(v).lower()))


def check_rate(rate) -> float:
    """Validate a tempo rate and return it as a float.

    Parameters
    ----------
    rate : float
        Speed factor: 1.25 is 25 % faster, 0.5 half speed. From 0.25 to 4.0.

    Returns
    -------
    float

    Raises
    ------
    ParameterError
        Not a number, NaN, infinite, ≤ 0 or outside 0.25–4.0.

    Examples
    --------
    >>> check_rate(0.8)
    0.8
    """
    return checks.in_range("rate", rate, MIN_RATE, MAX_RATE, hint="(1.25 = 25 % faster, 0.5 = half speed)")


def check_semitones(semitones) -> float:
    """Validate a pitch shift in semitones (fractions allowed) and return it as a float.

    Raises
    ------
    ParameterError
        Not a number, NaN, infinite or outside −12 to +12.

    Examples
    --------
    >>> check_semitones(-1.5)
    -1.5
    """
    return checks.in_range("semitones", semitones, -MAX_SEMITONES, MAX_SEMITONES, hint="(fractions allowed)")


def stretched_length(n: int, rate: float) -> int:
    """Length in samples of ``n`` samples played at ``rate``: ``round(n / rate)``.

    Examples
    --------
    >>> stretched_length(44100, 0.8)
    55125
    """
    return int(round(n / rate))


def change_tempo(clip: AudioClip, *, rate: float, engine: "str | Engine" = Engine.RUBBERBAND) -> AudioClip:
    """Play a clip faster or slower without changing its pitch.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``, at least :data:`MIN_SAMPLES` long.
    rate : float
        Speed factor from 0.25 to 4.0: 1.25 is 25 % faster, 0.8 is 20 % slower.
    engine : {"rubberband", "rubberband-best", "librosa"}
        Rubber Band R3 with its short window, in pieces on every core
        (default); R3 with its standard window (clearer bass, 2.4 times the
        time); or librosa's phase vocoder.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, round(n / rate))``, float32, same
        sample rate. Rubber Band's time line may run up to 0.3 % off
        ``1 / rate`` (see the module notes); the end is trimmed or padded with
        silence to make the length exact. Peaks may exceed the input's by a few percent (a stretch
        is not a gain), so limit before encoding if the input was at full scale.
        ``rate=1`` returns ``clip`` itself.

    Raises
    ------
    ParameterError
        Bad ``rate`` or ``engine``, or a clip shorter than :data:`MIN_SAMPLES`.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32))
    >>> change_tempo(clip, rate=0.8).n_samples
    55125
    """
    return change_tempo_and_key(clip, rate=rate, engine=engine)


def pitch_shift(
    clip: AudioClip,
    *,
    semitones: float,
    engine: "str | Engine" = Engine.RUBBERBAND,
    preserve_formants: bool = False,
) -> AudioClip:
    """Move a clip up or down in pitch, keeping its duration.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``, at least :data:`MIN_SAMPLES` long.
    semitones : float
        −12 to +12; fractions retune a detuned recording (0.5 = a quarter tone).
    engine : {"rubberband", "rubberband-best", "librosa"}
        Rubber Band R3, short window (default) or standard window, or librosa's
        phase vocoder followed by soxr resampling.
    preserve_formants : bool
        Keep the spectral envelope (a voice shifted up sounds less like a
        chipmunk). Off by default: on sparse spectra such as a single tone it
        changes the level a lot. Rubber Band only.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, n)``: the duration is kept exactly.
        ``semitones=0`` returns ``clip`` itself.

    Raises
    ------
    ParameterError
        Bad ``semitones`` or ``engine``, ``preserve_formants`` with librosa, or
        a clip shorter than :data:`MIN_SAMPLES`.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32))
    >>> pitch_shift(clip, semitones=2).n_samples
    44100
    """
    return change_tempo_and_key(clip, semitones=semitones, engine=engine, preserve_formants=preserve_formants)


def change_tempo_and_key(
    clip: AudioClip,
    *,
    rate: float = 1.0,
    semitones: float = 0.0,
    engine: "str | Engine" = Engine.RUBBERBAND,
    preserve_formants: bool = False,
) -> AudioClip:
    """Change tempo and key in one pass (Rubber Band does both at once, so artefacts are not compounded).

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``, at least :data:`MIN_SAMPLES` long.
    rate : float
        Speed factor, 0.25–4.0 (see :func:`change_tempo`).
    semitones : float
        Pitch shift, −12 to +12 (see :func:`pitch_shift`).
    engine : {"rubberband", "rubberband-best", "librosa"}
    preserve_formants : bool
        See :func:`pitch_shift`.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, round(n / rate))``, float32. With
        ``rate=1`` and ``semitones=0``, ``clip`` itself.

    Raises
    ------
    ParameterError
        Any bad parameter, or a clip shorter than :data:`MIN_SAMPLES`.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32))
    >>> change_tempo_and_key(clip, rate=0.8, semitones=2).samples.shape
    (2, 55125)
    """
    rate, semitones, _ = _checked(clip, rate, semitones, engine, preserve_formants)
    if rate == 1.0 and semitones == 0.0:
        return clip
    blocks = list(change_tempo_blocks(clip, rate=rate, semitones=semitones, engine=engine,
                                      preserve_formants=preserve_formants))  # fmt: skip
    return AudioClip(blocks[0] if len(blocks) == 1 else np.concatenate(blocks, axis=1), clip.sample_rate)


def change_tempo_blocks(
    clip: AudioClip,
    *,
    rate: float = 1.0,
    semitones: float = 0.0,
    engine: "str | Engine" = Engine.RUBBERBAND,
    preserve_formants: bool = False,
) -> Iterator[np.ndarray]:
    """:func:`change_tempo_and_key` as consecutive ``(channels, m)`` blocks, for songs up to the duration cap.

    With Rubber Band and a tempo change, the song runs as pieces (see
    :data:`MAX_PIECE_SECONDS`; the same pieces and joins as
    :func:`change_tempo_and_key`), a few at a time, and each stretch of output
    is handed out as soon as both its joins are known: memory stays at a few
    pieces whatever the song's length, and a clip memory-mapped from the store
    is not pulled in whole. librosa's tempo change streams too, a block of
    frames at a time (:func:`_librosa_stretch_blocks`). Otherwise (a librosa
    pitch shift, or one R3 runs in one piece) the whole result comes as one block.

    Raises
    ------
    ParameterError
        As :func:`change_tempo_and_key`.
    """
    from jamwithme.audio import blocks_of, release_pages

    rate, semitones, engine = _checked(clip, rate, semitones, engine, preserve_formants)
    if rate == 1.0 and semitones == 0.0:
        yield from blocks_of(clip)
        return
    started = time.perf_counter()
    best = engine is Engine.RUBBERBAND_BEST
    if engine is Engine.LIBROSA and semitones == 0.0:
        yield from _librosa_stretch_blocks(clip.samples, rate, read=lambda a, b: release_pages(clip, a, b))
        how = "a block at a time"
    elif engine is Engine.LIBROSA or _one_piece(clip.n_samples, clip.sample_rate, semitones, best):
        yield _in_one_run(clip, rate, semitones, engine, preserve_formants)
        how = "in one run"
    else:
        yield from _rubberband_blocks(
            clip.samples, clip.sample_rate, rate=rate, semitones=semitones, best=best,
            preserve_formants=preserve_formants, read=lambda: release_pages(clip),
        )  # fmt: skip
        how = "in pieces"
    logger.info("tempo x%.3f, %+.2f semitones with %s %s: %.1f s of audio in %.2f s", rate, semitones,
                engine.value, how, clip.duration, time.perf_counter() - started)  # fmt: skip


def _in_one_run(clip: AudioClip, rate: float, semitones: float, engine: Engine, formants: bool) -> np.ndarray:
    """The whole clip stretched by one engine run: ``(channels, round(n / rate))`` float32."""
    if engine is not Engine.LIBROSA:
        out = _stretch_once(_padded(clip.samples, clip.sample_rate), clip.sample_rate, rate, semitones,
                            engine is Engine.RUBBERBAND_BEST, formants)  # fmt: skip
    else:
        import librosa

        out = np.ascontiguousarray(clip.samples, dtype=np.float32)
        if rate != 1.0:
            out = librosa.effects.time_stretch(out, rate=rate)
        if semitones != 0.0:
            out = librosa.effects.pitch_shift(out, sr=clip.sample_rate, n_steps=semitones, res_type="soxr_hq")
    return _fit(np.asarray(out, np.float32), stretched_length(clip.n_samples, rate))


def _checked(clip: AudioClip, rate, semitones, engine, preserve_formants: bool) -> tuple[float, float, Engine]:
    rate = check_rate(rate)
    semitones = check_semitones(semitones)
    engine = Engine.parse(engine)
    if preserve_formants and engine is Engine.LIBROSA:
        raise ParameterError("preserve_formants=True needs engine='rubberband'; librosa cannot preserve formants")
    if (rate != 1.0 or semitones != 0.0) and clip.n_samples < MIN_SAMPLES:
        raise ParameterError(
            f"the clip is {clip.n_samples} samples long; changing tempo or key needs at least "
            f"{MIN_SAMPLES} ({MIN_SAMPLES / clip.sample_rate * 1000:.0f} ms)"
        )
    return rate, semitones, engine


def _fit(samples: np.ndarray, length: int) -> np.ndarray:
    """Trim or zero-pad ``(channels, m)`` to exactly ``length`` samples."""
    have = samples.shape[1]
    if have != length:
        logger.debug("engine returned %d samples for %d: fitted", have, length)
    if have >= length:
        return samples[:, :length]
    return np.pad(samples, ((0, 0), (0, length - have)))


# --------------------------------------------------------------------------- Rubber Band, in pieces

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


# --------------------------------------------------------------------------- librosa's phase vocoder, streamed

#: librosa.effects.time_stretch's defaults: a 2048-point Hann STFT, hop 512, centred with zeros.
PV_N_FFT, PV_HOP = 2048, 512
#: Frames of output the streamed phase vocoder makes at a time.
PV_BLOCK_FRAMES = 512


def _librosa_stretch_blocks(
    samples: np.ndarray,
    rate: float,
    block_frames: int = PV_BLOCK_FRAMES,
    read: Callable[[int, int], None] | None = None,
) -> Iterator[np.ndarray]:
    """``librosa.effects.time_stretch(samples, rate=rate)`` as consecutive ``(channels, m)`` float32 blocks.

    The same STFT frames, the same phase vocoder loop (its phase accumulator
    carried from block to block) and the same overlap-add and window-sum
    normalisation as librosa 0.11, in the same order, a block of frames at a
    time, without the whole song's spectrogram (1.7 GB for 20 minutes of
    stereo). The samples are librosa's to within float32 rounding (2e-7):
    numpy rounds a magnitude's last bit differently with the spectrogram laid
    out differently in memory, and the error does not build up
    (``tests/test_blockwise.py``). ``read(start, stop)`` is called once samples
    ``start:stop`` have been read.
    """
    import librosa
    from librosa.core.fft import get_fftlib

    fft = get_fftlib()
    x = np.asarray(samples, np.float32)
    channels, n = x.shape
    n_fft, hop, half = PV_N_FFT, PV_HOP, PV_N_FFT // 2
    n_in = 1 + n // hop  # frames of the centred STFT
    steps = np.arange(0, n_in, rate, dtype=np.float64)
    length = int(round(n / rate))
    n_out = min(len(steps), int(np.ceil((length + 2 * half) / hop)))  # the frames istft reads
    phi_advance = hop * librosa.fft_frequencies(sr=2 * np.pi, n_fft=n_fft)
    window = librosa.util.pad_center(librosa.filters.get_window("hann", n_fft, fftbins=True), size=n_fft)
    win_sq = librosa.util.pad_center(librosa.util.normalize(librosa.filters.get_window("hann", n_fft), norm=None) ** 2,
                                     size=n_fft)  # fmt: skip

    spec, spec_at = np.zeros((channels, n_fft // 2 + 1, 0), np.complex64), 0  # input frames spec_at.. held

    def columns(f0: int, f1: int) -> np.ndarray:
        """Input STFT frames f0..f1 (zero beyond the last, as librosa pads two)."""
        nonlocal spec, spec_at
        if f0 > spec_at:
            spec, spec_at = spec[..., f0 - spec_at :], f0
        have = spec_at + spec.shape[-1]
        if f1 > have:
            g1 = min(n_in, max(f1, have + block_frames))
            if g1 > have:
                a, b = have * hop - half, (g1 - 1) * hop + half
                seg = x[:, max(a, 0) : min(b, n)]
                if a < 0 or b > n:
                    seg = np.pad(seg, ((0, 0), (max(-a, 0), max(b - n, 0))))
                new = librosa.stft(seg, n_fft=n_fft, hop_length=hop, center=False)
                if read is not None:  # samples read: a memory-mapped clip may let go of them
                    read(max(a, 0), min(b, n))
                spec = np.concatenate([spec, new], axis=-1)
            have = spec_at + spec.shape[-1]
            if f1 > have:
                spec = np.concatenate([spec, np.zeros((channels, spec.shape[1], f1 - have), np.complex64)], axis=-1)
        return spec[..., f0 - spec_at : f1 - spec_at]

    first = columns(0, 1)[..., 0]
    phase_acc = np.angle(first)
    acc = np.zeros((channels, 0), np.float32)  # overlap-add from padded sample acc_at on
    acc_at, emitted = 0, 0  # padded position of acc[0]; output samples handed out
    for t0 in range(0, n_out, block_frames):
        t1 = min(n_out, t0 + block_frames)
        lo = int(steps[t0])
        cols = columns(lo, int(steps[t1 - 1]) + 2)
        frames = np.zeros((channels, cols.shape[1], t1 - t0), np.complex64)
        for t in range(t0, t1):  # librosa.phase_vocoder's loop
            step = steps[t]
            c = cols[..., int(step) - lo : int(step) - lo + 2]
            alpha = np.mod(step, 1.0)
            mag = (1.0 - alpha) * np.abs(c[..., 0]) + alpha * np.abs(c[..., 1])
            frames[..., t - t0] = librosa.util.phasor(phase_acc, mag=mag)
            dphase = np.angle(c[..., 1]) - np.angle(c[..., 0]) - phi_advance
            dphase = dphase - 2.0 * np.pi * np.round(dphase / (2.0 * np.pi))
            phase_acc += phi_advance + dphase
        ytmp = window[:, None] * fft.irfft(frames, n=n_fft, axis=-2)  # librosa.istft's frames, its FFT library
        end = (t1 - 1) * hop + n_fft  # padded samples these frames reach
        if end - acc_at > acc.shape[1]:
            acc = np.concatenate([acc, np.zeros((channels, end - acc_at - acc.shape[1]), np.float32)], axis=1)
        for t in range(t0, t1):
            s = t * hop - acc_at
            acc[:, s : s + n_fft] += ytmp[..., t - t0]
        # samples no later frame reaches are final: normalise and hand them out
        done = min(t1 * hop, length + half) if t1 < n_out else length + half
        if done - half > emitted:
            lo_p, hi_p = emitted + half, done
            out = acc[:, lo_p - acc_at : hi_p - acc_at].copy()
            env = np.zeros(hi_p - lo_p, np.float32)  # librosa.filters.window_sumsquare over these samples
            for k in range(max(0, (lo_p - n_fft) // hop), min(n_out, (hi_p - 1) // hop + 1)):
                a, b = max(lo_p, k * hop), min(hi_p, k * hop + n_fft)
                if a < b:
                    env[a - lo_p : b - lo_p] += win_sq[a - k * hop : b - k * hop]
            nonzero = env > librosa.util.tiny(env)
            out[:, nonzero] /= env[nonzero]
            if out.shape[1] < hi_p - lo_p:
                out = np.pad(out, ((0, 0), (0, hi_p - lo_p - out.shape[1])))
            yield out
            emitted = done - half
            keep = done - acc_at
            acc, acc_at = acc[:, keep:], done
