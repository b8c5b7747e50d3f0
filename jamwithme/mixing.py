"""The mixer: stems in, one clip out, at the levels a musician chooses.

:func:`mix` sums any ``Mapping[str, AudioClip]`` (the :class:`~jamwithme.separation.Stems`
of a separation, or a plain dict) with per-stem gains, mute and solo, pads the
shorter stems with silence, and keeps the sample peak at or below −1 dBFS by
scaling the whole mix down (a gain, not a clipper or a compressor, so nothing is
distorted; the decibel of headroom leaves room for the MP3 encoder's overshoot).
Loudness normalization to a target LUFS is an option; the levels (decibels,
peak, loudness) are measured and set by :mod:`jamwithme.loudness`.

:func:`practice_render` changes tempo and key of every stem with the same
settings before mixing, so the vocals stay in time with the accompaniment;
:func:`original_recipe` reproduces the original app's mix.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np

from jamwithme import checks
from jamwithme.audio import AudioClip, ClipWriter, join_blocks, read_clip
from jamwithme.errors import ParameterError
from jamwithme.loudness import (
    DEFAULT_CEILING_DB,
    MIN_CEILING_DB,
    LoudnessMeter,
    at_one_gain,
    check_loudness_length,
    check_loudness_target,
    db_to_gain,
    gain_to_db,
    limit_peak_blocks,
    loudness_gain,
    peak_gain,
)
from jamwithme.tempo import Engine, change_tempo_and_key, check_rate, check_semitones, stretched_length

logger = logging.getLogger("jamwithme")

MAX_GAIN_DB = 24.0


def _check_stems(stems) -> dict[str, AudioClip]:
    clips = dict(checks.instance("stems", stems, Mapping, what="a mapping of name to AudioClip"))
    if not clips:
        raise ParameterError("stems is empty: nothing to mix")
    for name, clip in clips.items():
        checks.instance(f"stems[{name!r}]", clip, AudioClip, what="an AudioClip")
    rates = {name: clip.sample_rate for name, clip in clips.items()}
    if len(set(rates.values())) > 1:
        listed = ", ".join(f"{name} at {rate} Hz" for name, rate in rates.items())
        raise ParameterError(f"stems have different sample rates ({listed}): load them through jamwithme.audio.load")
    channels = {clip.channels for clip in clips.values()}
    if len(channels - {1}) > 1:
        listed = ", ".join(f"{name} has {clip.channels}" for name, clip in clips.items())
        raise ParameterError(f"stems have different channel counts ({listed})")
    return clips


def mix_shape(clips: Mapping[str, AudioClip]) -> tuple[int, int, int]:
    """Sample rate, channels and length of the sum of checked stems (the widest and the longest)."""
    first = next(iter(clips.values()))
    return first.sample_rate, max(c.channels for c in clips.values()), max(c.n_samples for c in clips.values())


def _check_names(what: str, names, known: Iterable[str]) -> frozenset[str]:
    names = frozenset([names] if isinstance(names, str) else names)
    unknown = sorted(names - set(known))
    if unknown:
        raise ParameterError(f"{what} names unknown stems {unknown}; the stems are {sorted(known)}")
    return names


def _check_gains(gains_db, known: Iterable[str]) -> dict[str, float]:
    gains_db = dict(gains_db or {})
    _check_names("gains_db", gains_db.keys(), known)
    for name, db in gains_db.items():
        checks.in_range(f"gains_db[{name!r}]", db, hi=MAX_GAIN_DB, unit="dB", infinite=True, hint="(-inf silences it)")
    return {name: float(gains_db.get(name, 0.0)) for name in known}


def active_stems(names: Iterable[str], *, mute: Iterable[str] = (), solo: Iterable[str] = ()) -> list[str]:
    """The stems that sound: the soloed ones if any are soloed, else all; muted ones never.

    Mute wins over solo, as on a mixing desk where the mute button cuts the channel.

    Raises
    ------
    ParameterError
        ``mute`` or ``solo`` names a stem that is not in ``names``.

    Examples
    --------
    >>> active_stems(["vocals", "accompaniment"], solo=["vocals"])
    ['vocals']
    """
    names = list(names)
    mute = _check_names("mute", mute, names)
    solo = _check_names("solo", solo, names)
    return [name for name in names if (not solo or name in solo) and name not in mute]


def mix(
    stems: Mapping[str, AudioClip],
    *,
    gains_db: Mapping[str, float] | None = None,
    mute: Iterable[str] = (),
    solo: Iterable[str] = (),
    target_lufs: float | None = None,
    ceiling_db: float = DEFAULT_CEILING_DB,
) -> AudioClip:
    """Sum stems at the given gains into one clip whose peak stays at or below ``ceiling_db``.

    Parameters
    ----------
    stems : Mapping[str, AudioClip]
        Clips of shape ``(channels, n_i)`` at one sample rate, e.g. the
        ``Stems`` of a separation. Lengths may differ; mono stems are spread
        over all channels.
    gains_db : Mapping[str, float], optional
        Gain per stem in dB (missing stems: 0 dB; ``-inf`` silences a stem;
        at most +24 dB).
    mute : iterable of str
        Stems left out.
    solo : iterable of str
        If any, only these stems are heard (mute still wins).
    target_lufs : float, optional
        Normalize the mix to this integrated loudness (−60 to −5 LUFS) as far
        as the peak ceiling allows.
    ceiling_db : float
        Highest sample peak in dBFS (default −1). A louder sum is scaled down
        as a whole; a quieter one is left as it is unless ``target_lufs`` is given.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, max(n_i))``: shorter stems are padded
        with silence, so nothing is cut from the end of any stem, muted or not.

    Raises
    ------
    ParameterError
        Empty or non-mapping ``stems``, a value that is not an AudioClip,
        unequal sample rates or channel counts, unknown names in ``gains_db``,
        ``mute`` or ``solo``, a NaN or too-high gain, or a bad target or ceiling.

    Examples
    --------
    >>> voc = AudioClip(np.full((2, 44100), 0.6, np.float32))
    >>> acc = AudioClip(np.full((2, 88200), 0.6, np.float32))
    >>> out = mix({"vocals": voc, "accompaniment": acc}, gains_db={"vocals": -6.0})
    >>> out.samples.shape, round(gain_to_db(out.peak()), 2)
    ((2, 88200), -1.0)
    """
    clips = _check_stems(stems)
    blocks = mix_blocks(clips, gains_db=gains_db, mute=mute, solo=solo, target_lufs=target_lufs, ceiling_db=ceiling_db)
    sample_rate, channels, _ = mix_shape(clips)
    return join_blocks(blocks, sample_rate, channels)


#: Samples a mix is made at a time (24 s at 44.1 kHz).
MIX_BLOCK = 1 << 20


def mix_blocks(
    stems: Mapping[str, AudioClip],
    *,
    gains_db: Mapping[str, float] | None = None,
    mute: Iterable[str] = (),
    solo: Iterable[str] = (),
    target_lufs: float | None = None,
    ceiling_db: float = DEFAULT_CEILING_DB,
    block: int = MIX_BLOCK,
) -> Iterator[np.ndarray]:
    """:func:`mix` as consecutive ``(channels, m)`` float32 blocks of at most ``block`` samples.

    The stems are read twice, a block at a time: once for the sum's peak (and
    loudness, :class:`LoudnessMeter`), once to hand it out at the one gain
    that follows. Memory stays at a block whatever the song's length, and
    stems memory-mapped from the store are not pulled in whole. Joined, the
    blocks are :func:`mix`'s samples exactly (it is made from them).

    Raises
    ------
    ParameterError
        As :func:`mix`, when the first block is asked for.
    """
    from jamwithme.audio import release_pages

    clips = _check_stems(stems)
    gains = _check_gains(gains_db, clips)
    heard = active_stems(clips, mute=mute, solo=solo)
    if target_lufs is not None:
        check_loudness_target(target_lufs, ceiling_db)
    else:
        checks.in_range("ceiling_db", ceiling_db, MIN_CEILING_DB, 0.0, unit="dBFS")
    sample_rate, channels, length = mix_shape(clips)
    if target_lufs is not None:
        check_loudness_length(length, sample_rate)
    logger.info("mixed %s at %s dB", ", ".join(heard) or "nothing", [round(gains[n], 1) for n in heard])

    def summed() -> Iterator[np.ndarray]:
        for start in range(0, length, block):
            total = np.zeros((channels, min(block, length - start)), np.float64)
            for name in heard:
                part = clips[name].samples[:, start : start + block]
                total[:, : part.shape[1]] += part * db_to_gain(gains[name])
                release_pages(clips[name], start, start + block)
            yield total.astype(np.float32)

    if target_lufs is None:
        yield from limit_peak_blocks(summed, ceiling_db=ceiling_db)
        return
    meter = LoudnessMeter(sample_rate, channels)
    yield from at_one_gain(
        summed, lambda peak: loudness_gain(meter.integrated(), peak, target_lufs, ceiling_db), meter=meter
    )


def practice_stems(
    stems: Mapping[str, AudioClip],
    *,
    rate: float = 1.0,
    semitones: float = 0.0,
    engine: "str | Engine" = Engine.RUBBERBAND,
) -> dict[str, AudioClip]:
    """Change tempo and key of every stem with the same settings, so they stay in time together.

    The app can cache the result and re-mix it at other gains without stretching again.

    Parameters
    ----------
    stems : Mapping[str, AudioClip]
        Clips of shape ``(channels, n_i)`` at one sample rate.
    rate, semitones, engine
        As for :func:`jamwithme.tempo.change_tempo_and_key`.

    Returns
    -------
    dict[str, AudioClip]
        Each stem of shape ``(channels, round(n_i / rate))``.

    Raises
    ------
    ParameterError
        Bad stems (see :func:`mix`) or bad tempo/key settings.

    Examples
    --------
    >>> voc = AudioClip(np.zeros((2, 44100), np.float32))
    >>> {k: v.n_samples for k, v in practice_stems({"vocals": voc}, rate=0.8).items()}
    {'vocals': 55125}
    """
    clips = _check_stems(stems)
    return {
        name: change_tempo_and_key(clip, rate=rate, semitones=semitones, engine=engine) for name, clip in clips.items()
    }


def practice_render(
    stems: Mapping[str, AudioClip],
    *,
    rate: float = 1.0,
    semitones: float = 0.0,
    gains_db: Mapping[str, float] | None = None,
    mute: Iterable[str] = (),
    solo: Iterable[str] = (),
    engine: "str | Engine" = Engine.RUBBERBAND,
    target_lufs: float | None = None,
    ceiling_db: float = DEFAULT_CEILING_DB,
) -> AudioClip:
    """A practice mix: every heard stem slowed or sped up and transposed alike, then mixed.

    Made through :func:`practice_render_to` in a folder of the system's
    temporary folder, then read into memory; for long songs use that function
    (or :func:`mix_blocks`) and keep the result on disk.

    Parameters
    ----------
    stems : Mapping[str, AudioClip]
        Clips of shape ``(channels, n_i)`` at one sample rate.
    rate : float
        Speed factor, 0.25–4.0.
    semitones : float
        Key change, −12 to +12.
    gains_db, mute, solo, target_lufs, ceiling_db
        As for :func:`mix`.
    engine : {"rubberband", "rubberband-best", "librosa"}

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, round(max(n_i) / rate))``; muted stems
        are not processed at all.

    Raises
    ------
    ParameterError
        Anything :func:`mix` or :func:`jamwithme.tempo.change_tempo_and_key` refuses.

    Examples
    --------
    >>> voc = AudioClip(np.zeros((2, 44100), np.float32))
    >>> acc = AudioClip(np.zeros((2, 44100), np.float32))
    >>> practice_render({"vocals": voc, "accompaniment": acc}, rate=0.8, mute=["vocals"]).n_samples
    55125
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="jamwithme-practice-") as folder:
        mixed = practice_render_to(
            folder, stems, rate=rate, semitones=semitones, gains_db=gains_db, mute=mute, solo=solo, engine=engine,
            target_lufs=target_lufs, ceiling_db=ceiling_db,
        )  # fmt: skip
        return AudioClip(np.array(mixed.samples), mixed.sample_rate)


#: The file in its folder that :func:`practice_render_to` mixes into.
PRACTICE_MIX_FILE = "mix.npy"


def practice_render_to(
    folder: str | os.PathLike,
    stems: Mapping[str, AudioClip],
    *,
    rate: float = 1.0,
    semitones: float = 0.0,
    gains_db: Mapping[str, float] | None = None,
    mute: Iterable[str] = (),
    solo: Iterable[str] = (),
    engine: "str | Engine" = Engine.RUBBERBAND,
    target_lufs: float | None = None,
    ceiling_db: float = DEFAULT_CEILING_DB,
) -> AudioClip:
    """:func:`practice_render` made through files in ``folder``: the result is a memory map of one there.

    Each heard stem is stretched a block at a time into a file
    (:func:`jamwithme.tempo.change_tempo_blocks`), and those are mixed a
    block at a time (:func:`mix_blocks`) into another, each block written to
    its file as it comes (:class:`~jamwithme.audio.ClipWriter`): a 20-minute
    song never sits whole in memory. The samples are :func:`practice_render`'s; ``folder`` must outlive the clip.
    """
    from jamwithme.tempo import change_tempo_blocks

    clips = _check_stems(stems)
    check_rate(rate)
    check_semitones(semitones)
    _check_gains(gains_db, clips)
    heard = set(active_stems(clips, mute=mute, solo=solo))
    processed = {}
    for i, (name, clip) in enumerate(clips.items()):
        n = stretched_length(clip.n_samples, rate)
        if name in heard:
            blocks = change_tempo_blocks(clip, rate=rate, semitones=semitones, engine=engine)
            processed[name] = _to_file(Path(folder, f"stem{i}.npy"), blocks, clip.channels, n, clip.sample_rate)
        else:  # keeps the length it would have, at no cost
            processed[name] = AudioClip(np.zeros((clip.channels, n), np.float32), clip.sample_rate)
    sample_rate, channels, length = mix_shape(processed)
    blocks = mix_blocks(processed, gains_db=gains_db, mute=mute, solo=solo, target_lufs=target_lufs,
                        ceiling_db=ceiling_db)  # fmt: skip
    return _to_file(Path(folder, PRACTICE_MIX_FILE), blocks, channels, length, sample_rate)


def _to_file(path: Path, blocks: Iterable[np.ndarray], channels: int, n: int, sample_rate: int) -> AudioClip:
    """Blocks written in order into a new ``.npy`` clip (:class:`~jamwithme.audio.ClipWriter`), read back mapped."""
    with ClipWriter(path, channels=channels) as writer:
        for block in blocks:
            if writer.n + block.shape[1] > n:
                raise ValueError(f"{path.name}: blocks run past the {n} samples announced")
            writer.write(block)  # written to the file, never held: memory stays at a block
    if writer.n != n:
        raise ValueError(f"{path.name}: blocks gave {writer.n} samples, not the {n} announced")
    return read_clip(path, sample_rate)


def original_recipe(
    stems: Mapping[str, AudioClip],
    *,
    factor: float = 1.25,
    accompaniment_gain: float = 0.7,
    engine: "str | Engine" = Engine.LIBROSA,
    peak_db: float = DEFAULT_CEILING_DB,
) -> AudioClip:
    """The original app's jam track: sped-up accompaniment at gain 0.7 over the untouched vocals, peak-normalized.

    Only the accompaniment is stretched, as the original did, so the vocals
    drift out of time with it; :func:`practice_render` is the in-time version.

    Parameters
    ----------
    stems : Mapping[str, AudioClip]
        Needs ``"vocals"`` and ``"accompaniment"``, of shape ``(channels, n)``.
    factor : float
        Tempo rate applied to the accompaniment (default 1.25, 25 % faster).
    accompaniment_gain : float
        Linear gain of the stretched accompaniment (default 0.7, about −3.1 dB).
    engine : {"librosa", "rubberband"}
        librosa's phase vocoder by default, as the original used.
    peak_db : float
        Peak the sum is normalized to (default −1 dBFS; 0 gives the original's full scale).

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, max(n_vocals, round(n_acc / factor)))``.

    Raises
    ------
    ParameterError
        A missing stem, or a bad factor, gain or peak.

    Examples
    --------
    >>> t = np.arange(44100) / 44100
    >>> tone = AudioClip(np.stack([0.5 * np.sin(2 * np.pi * 440 * t)] * 2))
    >>> original_recipe({"vocals": tone, "accompaniment": tone}).n_samples
    44100
    """
    clips = _check_stems(stems)
    blocks = original_recipe_blocks(clips, factor=factor, accompaniment_gain=accompaniment_gain, engine=engine,
                                    peak_db=peak_db)  # fmt: skip
    sample_rate, channels, _ = mix_shape(clips)
    return join_blocks(blocks, sample_rate, channels)


def original_recipe_blocks(
    stems: Mapping[str, AudioClip],
    *,
    factor: float = 1.25,
    accompaniment_gain: float = 0.7,
    engine: "str | Engine" = Engine.LIBROSA,
    peak_db: float = DEFAULT_CEILING_DB,
    scratch: str | os.PathLike | None = None,
) -> Iterator[np.ndarray]:
    """:func:`original_recipe` as consecutive ``(channels, m)`` float32 blocks, for songs up to the duration cap.

    The stretched accompaniment and the sum go through files in a temporary
    folder made in ``scratch`` (default: the system's temporary folder), a
    block at a time; the result is read back twice (its peak, then out at the
    one gain that puts the peak at ``peak_db``). The samples are
    :func:`original_recipe`'s (it is made from them).

    Raises
    ------
    ParameterError
        As :func:`original_recipe`, when the first block is asked for.
    """
    import tempfile

    from jamwithme.audio import blocks_of
    from jamwithme.tempo import change_tempo_blocks

    clips = _check_stems(stems)
    missing = sorted({"vocals", "accompaniment"} - set(clips))
    if missing:
        raise ParameterError(f"the original recipe needs stems {missing}; got {sorted(clips)}")
    checks.in_range("accompaniment_gain", accompaniment_gain, 0.0, db_to_gain(MAX_GAIN_DB), hint="(linear, 1 = as is)")
    checks.in_range("peak_db", peak_db, MIN_CEILING_DB, 0.0, unit="dBFS")
    with tempfile.TemporaryDirectory(prefix="jamwithme-recipe-", dir=scratch) as folder:
        acc, vocals = clips["accompaniment"], clips["vocals"]
        stretched = _to_file(Path(folder, "accompaniment.npy"), change_tempo_blocks(acc, rate=factor, engine=engine),
                             acc.channels, stretched_length(acc.n_samples, factor), acc.sample_rate)  # fmt: skip
        parts = {"accompaniment": stretched, "vocals": vocals}
        sample_rate, channels, length = mix_shape(parts)
        blocks = mix_blocks(parts, gains_db={"accompaniment": gain_to_db(accompaniment_gain)}, ceiling_db=0.0)
        summed = _to_file(Path(folder, "sum.npy"), blocks, channels, length, sample_rate)
        yield from at_one_gain(lambda: blocks_of(summed), lambda peak: peak_gain(peak, peak_db))  # normalize_peak
