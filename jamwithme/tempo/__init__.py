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

The package by job: :mod:`~jamwithme.tempo.options` (the engines, the ranges
and their checks, the stated output length), :mod:`~jamwithme.tempo.rubberband`
(R3 in pieces on every core, the joins), :mod:`~jamwithme.tempo.vocoder`
(librosa's phase vocoder, streamed); here the functions that change tempo and key.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import numpy as np

from jamwithme.audio import AudioClip, blocks_of, release_pages
from jamwithme.errors import ParameterError
from jamwithme.tempo.options import (
    MAX_RATE,
    MAX_SEMITONES,
    MIN_RATE,
    MIN_SAMPLES,
    Engine,
    _fit,
    check_rate,
    check_semitones,
    stretched_length,
)
from jamwithme.tempo.rubberband import (
    CONTEXT_SECONDS,
    CROSSFADE_SEARCH_SECONDS,
    CROSSFADE_SECONDS,
    JOIN_LEAD_SECONDS,
    JOIN_SEARCH_SECONDS,
    JOIN_SHAPE,
    LONG_PIECE_SECONDS,
    MAX_PIECE_SECONDS,
    PIECE_SECONDS,
    PIECES_MAX_SAMPLE_RATE,
    _one_piece,
    _padded,
    _rubberband_blocks,
    _stretch_once,
    join_point,
    r3_hops,
    workers,
)
from jamwithme.tempo.vocoder import PV_BLOCK_FRAMES, PV_HOP, PV_N_FFT, _librosa_stretch_blocks

__all__ = [
    "CONTEXT_SECONDS",
    "CROSSFADE_SEARCH_SECONDS",
    "CROSSFADE_SECONDS",
    "JOIN_LEAD_SECONDS",
    "JOIN_SEARCH_SECONDS",
    "JOIN_SHAPE",
    "LONG_PIECE_SECONDS",
    "MAX_PIECE_SECONDS",
    "MAX_RATE",
    "MAX_SEMITONES",
    "MIN_RATE",
    "MIN_SAMPLES",
    "PIECES_MAX_SAMPLE_RATE",
    "PIECE_SECONDS",
    "PV_BLOCK_FRAMES",
    "PV_HOP",
    "PV_N_FFT",
    "Engine",
    "change_tempo",
    "change_tempo_and_key",
    "change_tempo_blocks",
    "check_rate",
    "check_semitones",
    "join_point",
    "pitch_shift",
    "r3_hops",
    "stretched_length",
    "workers",
]

logger = logging.getLogger("jamwithme")


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
