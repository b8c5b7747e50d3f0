"""Practice tools: A–B loops, count-in, metronome and export names.

Beats and bars come from the song's :class:`~jamwithme.analysis.grid.Grid`
(the one stored with its analysis; :func:`detect_beats` tracks one for a clip
that has none): the tempo a drummer counts, beats on a tempo model and on
their attacks, so a loop snapped to beats starts on the hit, not just after
it, lasts whole beats of the real tempo, and a count-in lines up with the
song's first beat at the tempo of the bars it leads into.

A loop repeats the section ``[start, end)``; at each join the end of the
section fades out while the audio just before ``start`` fades in, over a short
crossfade that ends exactly where the next repeat starts. The crossfade keeps
the power constant for the correlation of the two sides (equal-power for
unrelated material, which is what music gives; linear for material in phase),
so a join never steps further from one sample to the next than the music does
around it, and the downbeat of each repeat is played at full level.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from jamwithme import checks, dsp
from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip, AudioFormat, save
from jamwithme.errors import ParameterError
from jamwithme.loudness import db_to_gain, limit_peak
from jamwithme.text import safe_name

logger = logging.getLogger("jamwithme")

DEFAULT_CROSSFADE = 0.010
#: Path of the loop's crossfades (:func:`jamwithme.dsp.crossfade_gains`): a linear fade for material in phase.
LOOP_SHAPE = "linear"
MAX_CROSSFADE = 0.2
#: Fade at the very start of a loop export: short enough to keep the first attack.
EDGE_FADE = 0.002
MAX_REPEAT = 100
MAX_COUNT_IN_BARS = 16
MAX_BEATS_PER_BAR = 12
#: Tempi a beat grid may have.
MIN_BPM, MAX_BPM = 20.0, 400.0
CLICK_SECONDS = 0.03
CLICK_HZ = 1320.0  # E6
ACCENT_HZ = 1760.0  # A6, on the first beat of a bar
#: Audio this far below the clip's peak before its first beat counts as a silent intro.
SILENT_LEAD_DB = -40.0


def detect_beats(clip: AudioClip) -> Grid:
    """Find the beat grid of a clip (:func:`jamwithme.analysis.rhythm.track`), for a clip with no stored analysis.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``; a few seconds at least.

    Returns
    -------
    Grid
        Beats on the tempo model, on their attacks, with bars and metre.

    Raises
    ------
    ParameterError
        No beat found (silence, or no steady pulse).

    Examples
    --------
    >>> clicks = np.zeros(44100 * 6, np.float32)
    >>> clicks[:: 22050] = 1.0
    >>> round(detect_beats(AudioClip(np.stack([clicks, clicks]))).tempo)
    120
    """
    from jamwithme.analysis.rhythm import track

    found = track(clip)
    if found.n_beats < 2:
        raise ParameterError("no beat found in the clip (silent, or no steady pulse); give the tempo instead")
    logger.info("%d beats, %.1f BPM, %s", found.n_beats, found.tempo, found.time_signature)
    return found


# --------------------------------------------------------------------------- loops


def loop_bounds(
    clip: AudioClip, *, start: float, end: float, snap: bool = False, grid: Grid | None = None
) -> tuple[float, float]:
    """Validate an A–B section and, if asked, snap both ends to the nearest beats.

    Parameters
    ----------
    clip : AudioClip
        The song, ``samples`` of shape ``(channels, n)``.
    start, end : float
        Seconds from the start of the clip, ``0 <= start < end <= duration``.
    snap : bool
        Move ``start`` and ``end`` to their nearest beats.
    grid : Grid, optional
        The beat grid of ``clip`` (its stored analysis'); tracked if needed and not given.

    Returns
    -------
    (float, float)
        ``(start, end)`` in seconds.

    Raises
    ------
    ParameterError
        Not numbers, outside the clip, ``start >= end``, or both snapping to one beat.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100 * 4), np.float32))
    >>> loop_bounds(clip, start=1.1, end=2.9, snap=True, grid=Grid.from_times(np.arange(8) * 0.5))
    (1.0, 3.0)
    """
    start = checks.finite("start", start, unit="seconds")
    end = checks.finite("end", end, unit="seconds")
    if not 0.0 <= start < end <= clip.duration + 0.5 / clip.sample_rate:
        raise ParameterError(
            f"start={start:g} s and end={end:g} s must satisfy 0 <= start < end <= {clip.duration:.2f} s "
            "(the length of the song)"
        )
    if snap:
        grid = grid if grid is not None else detect_beats(clip)
        snapped = grid.nearest(start), grid.nearest(end)
        if snapped[0] >= snapped[1]:
            raise ParameterError(
                f"start={start:g} s and end={end:g} s both snap to the beat at {snapped[0]:.2f} s; "
                "choose a longer section or turn snapping off"
            )
        logger.info("loop %.3f-%.3f s snapped to beats %.3f-%.3f s", start, end, *snapped)
        start, end = snapped
    return start, end


def loop(
    clip: AudioClip,
    *,
    start: float,
    end: float,
    repeat: int = 4,
    snap: bool = False,
    grid: Grid | None = None,
    crossfade: float = DEFAULT_CROSSFADE,
) -> AudioClip:
    """Repeat the section ``[start, end)`` of a clip, with a click-free crossfade at each join.

    Parameters
    ----------
    clip : AudioClip
        The song, ``samples`` of shape ``(channels, n)``.
    start, end : float
        Section in seconds, ``0 <= start < end <= duration``.
    repeat : int
        How many times the section plays, 1–100.
    snap : bool
        Snap ``start`` and ``end`` to the nearest beats first.
    grid : Grid, optional
        The beat grid of ``clip`` (tracked when ``snap`` is set and none is given).
    crossfade : float
        Join length in seconds (default 10 ms, at most 0.2 s). The section must
        be longer than two crossfades.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, repeat * m)`` where
        ``m = round(end * sr) - round(start * sr)``. Each repeat starts on the
        sample at ``start``; the first fades in over 2 ms, the last fades out
        over ``crossfade``.

    Raises
    ------
    ParameterError
        Bad section (see :func:`loop_bounds`), ``repeat`` or ``crossfade``, or
        a section too short for its crossfades.

    Examples
    --------
    >>> t = np.arange(44100 * 3) / 44100
    >>> song = AudioClip(np.stack([0.5 * np.sin(2 * np.pi * 440 * t)] * 2))
    >>> loop(song, start=0.5, end=1.75, repeat=3).duration
    3.75
    """
    repeat = checks.integer("repeat", repeat, 1, MAX_REPEAT)
    crossfade = checks.in_range("crossfade", crossfade, 0.0, MAX_CROSSFADE, unit="seconds")
    start, end = loop_bounds(clip, start=start, end=end, snap=snap, grid=grid)
    sr = clip.sample_rate
    a, b = round(start * sr), min(round(end * sr), clip.n_samples)
    blocks = loop_blocks(clip.samples, a, b, repeat=repeat, fade=round(crossfade * sr), sample_rate=sr)
    out = np.concatenate(list(blocks), axis=1)
    logger.info("loop %.3f-%.3f s x%d (crossfade %.0f ms)", start, end, repeat, crossfade * 1000)
    return AudioClip(out, sr)


#: Samples :func:`loop_blocks` hands out at a time (24 s at 44.1 kHz).
LOOP_BLOCK = 1 << 20


def loop_blocks(
    samples: np.ndarray,
    a: int,
    b: int,
    *,
    repeat: int,
    fade: int,
    sample_rate: int,
    block: int = LOOP_BLOCK,
    read: Callable[[int, int], None] | None = None,
) -> Iterator[np.ndarray]:
    """:func:`loop` of samples ``a:b`` as consecutive float32 ``(channels, m)`` blocks, each at most ``block`` long.

    Each join crossfades the end of the section into the ``fade`` samples
    just before ``a`` (silence where there are none), ending where the next
    pass starts; the first pass fades in over :data:`EDGE_FADE`, the last
    fades out over ``fade``. ``samples`` may be a memory map: it is read a
    block at a time, and ``read(lo, hi)`` is called after each read (e.g. to
    let go of the pages). The caller has checked the arguments.

    Raises
    ------
    ParameterError
        A section no longer than two crossfades.

    Examples
    --------
    >>> x = np.ones((2, 1000), np.float32)
    >>> sum(part.shape[1] for part in loop_blocks(x, 100, 600, repeat=3, fade=10, sample_rate=44100))
    1500
    """
    m = b - a
    if m <= 2 * fade:
        raise ParameterError(
            f"the section {a / sample_rate:g}-{b / sample_rate:g} s is {m / sample_rate * 1000:.0f} ms long; it must "
            f"be longer than twice the crossfade ({2 * fade / sample_rate * 1000:.0f} ms)"
        )
    tail = np.array(samples[:, b - fade : b], np.float32)
    lead_in = np.zeros_like(tail)  # the audio just before `a`, silence where the song has none
    lead_in[:, fade - min(fade, a) :] = samples[:, a - min(fade, a) : a]
    joined = dsp.crossfade(tail, lead_in, shape=LOOP_SHAPE) if fade else tail
    last = tail * dsp.crossfade_gains(fade, shape=LOOP_SHAPE)[0] if fade else tail
    edge = min(round(EDGE_FADE * sample_rate), m)
    fade_in = dsp.crossfade_gains(edge)[1] if edge else None
    for k in range(repeat):
        for lo in range(a, b - fade, block):
            hi = min(b - fade, lo + block)
            part = np.array(samples[:, lo:hi], np.float32)
            if read is not None:
                read(lo, hi)
            if k == 0 and lo < a + edge:  # in from silence: sin(πt/2), over as many blocks as it spans
                n = min(a + edge, hi) - lo
                part[:, :n] *= fade_in[lo - a : lo - a + n]
            yield part
        if fade:
            join = (joined if k < repeat - 1 else last).astype(np.float32)
            for lo in range(0, fade, block):  # a crossfade longer than a block goes out in pieces too
                yield join[:, lo : lo + block]


# --------------------------------------------------------------------------- clicks


def click(sample_rate: int, *, accent: bool = False, gain_db: float = 0.0) -> np.ndarray:
    """One metronome click: a 30 ms decaying tone burst, higher on an accent.

    Returns
    -------
    np.ndarray [shape=(m,), dtype=float32]
        Starts at zero and ends at zero, so it adds no step of its own.

    Examples
    --------
    >>> click(44100).shape
    (1323,)
    """
    n = round(CLICK_SECONDS * sample_rate)
    t = np.arange(n) / sample_rate
    tone = np.sin(2 * np.pi * (ACCENT_HZ if accent else CLICK_HZ) * t) * np.exp(-t / 0.006)
    taper = round(0.005 * sample_rate)
    tone[-taper:] *= np.cos(0.5 * np.pi * np.arange(1, taper + 1) / taper)
    return (tone * db_to_gain(gain_db)).astype(np.float32)


def _add_clicks(samples: np.ndarray, times: np.ndarray, accents: np.ndarray, sample_rate: int, *, gain_db: float):
    """Add a click at each time (seconds) into ``samples`` ``(channels, n)`` in place; accented where ``accents``."""
    plain = click(sample_rate, gain_db=gain_db)
    accent = click(sample_rate, accent=True, gain_db=gain_db)
    n = samples.shape[1]
    for t, strong in zip(times, accents):
        at = round(t * sample_rate)
        if not 0 <= at < n:
            continue
        burst = accent if strong else plain
        stop = min(n, at + len(burst))
        samples[:, at:stop] += burst[: stop - at]


def count_in_clicks(grid: Grid, *, bars: int = 1, beats_per_bar: int | None = None) -> tuple[int, int]:
    """How a count-in clicks: ``(clicks, per_beat)``, ``bars`` bars of the grid's metre.

    In simple time one click a counted beat; in compound time (``6/8``)
    every part of the beat, as a musician counts "1 2 3 4 5 6" (two clicks
    would not tell the tempo). ``beats_per_bar`` overrides the grid's bar.
    The player's count-in (``frontend/src/clicks.js``) clicks the same.

    Examples
    --------
    >>> count_in_clicks(Grid.from_times([0.0, 0.6], time_signature="6/8"))
    (6, 3)
    """
    per_beat = grid.subdivision if grid.subdivision == 3 else 1
    return bars * (beats_per_bar or grid.beats_per_bar) * per_beat, per_beat


def count_in(
    clip: AudioClip,
    *,
    bars: int = 1,
    beats_per_bar: int | None = None,
    grid: Grid | None = None,
    tempo: float | None = None,
    gain_db: float = -6.0,
) -> AudioClip:
    """Put ``bars`` bars of clicks at the clip's tempo before it, in step with its first beat.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``.
    bars : int
        Bars of count-in, 0–16 (0 returns ``clip``).
    beats_per_bar : int, optional
        1–12; default the grid's (4 in 4/4, 3 in 3/4, 2 in 6/8, whose count-in
        clicks the six eighths: :func:`count_in_clicks`). The first click of each bar is accented.
    grid : Grid, optional
        The beat grid of ``clip``, timed from its start (tracked if not given).
    tempo : float, optional
        The count-in's tempo in BPM; default the grid's over its first bar.
    gain_db : float
        Click level in dBFS (default −6).

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, c + n)``. The clicks are a beat
        apart and the beat after the last one is the clip's first beat: the
        first beat of the grid if only silence comes before it, else the
        earliest point of the grid from a quarter beat before the clip's start
        (a grid may start after the music does). So ``c`` is
        ``bars * beats_per_bar`` beats less the time to that first beat, and 0
        if a silent intro is long enough to hold the clicks.

    Raises
    ------
    ParameterError
        Bad ``bars``, ``beats_per_bar`` or ``tempo``, or no beat found.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32))
    >>> count_in(clip, bars=2, grid=Grid.from_times([0.0], tempo=120.0)).duration
    5.0
    """
    bars = checks.integer("bars", bars, 0, MAX_COUNT_IN_BARS)
    if beats_per_bar is not None:
        beats_per_bar = checks.integer("beats_per_bar", beats_per_bar, 1, MAX_BEATS_PER_BAR)
    if tempo is not None:
        tempo = checks.in_range("tempo", tempo, MIN_BPM, MAX_BPM, unit="beats per minute")
    if bars == 0:
        return clip
    grid = grid if grid is not None else detect_beats(clip)
    downbeat = _count_target(clip, grid)
    if tempo is None:
        tempo = grid.tempo_over(downbeat, downbeat + grid.beats_per_bar * grid.period_at(downbeat))
    clicks_n, per_beat = count_in_clicks(grid, bars=bars, beats_per_bar=beats_per_bar)
    sr, step = clip.sample_rate, 60.0 / tempo / per_beat
    lead = max(0, round((clicks_n * step - downbeat) * sr))
    out = np.zeros((clip.channels, lead + clip.n_samples), np.float32)
    out[:, lead:] = clip.samples
    times = lead / sr + downbeat - step * np.arange(clicks_n, 0, -1)
    accents = np.arange(clicks_n) % (clicks_n // bars) == 0
    _add_clicks(out, times, accents, sr, gain_db=gain_db)
    logger.info("count-in: %d bars, %d clicks at %.1f BPM", bars, clicks_n, tempo)
    return limit_peak(AudioClip(out, sr))


def _count_target(clip: AudioClip, grid: Grid) -> float:
    """The beat a count-in leads into, in seconds from the clip's start (may be slightly negative)."""
    if not grid.n_beats:
        return 0.0
    first = float(grid.beats[0])
    period = grid.period_at(first)
    before = clip.samples[:, : max(0, round((first - 0.02) * clip.sample_rate))]
    if not before.size or np.abs(before).max() < db_to_gain(SILENT_LEAD_DB) * clip.peak():
        return first
    return first - math.floor((first + period / 4) / period) * period


def add_metronome(
    clip: AudioClip,
    *,
    grid: Grid | None = None,
    beats_per_bar: int | None = None,
    gain_db: float = -12.0,
) -> AudioClip:
    """Mix a click under the clip on every beat of its grid, accenting the downbeats.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``.
    grid : Grid, optional
        The beat grid of ``clip`` (tracked if not given); the clicks follow its beats.
    beats_per_bar : int, optional
        1–12: accent every ``beats_per_bar``-th beat from the first instead of the grid's downbeats.
    gain_db : float
        Click level in dBFS (default −12).

    Returns
    -------
    AudioClip
        Same shape, peak limited to −1 dBFS.

    Raises
    ------
    ParameterError
        Bad ``beats_per_bar``, or no beat found.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100), np.float32))
    >>> add_metronome(clip, grid=Grid.from_times([0.0, 0.5])).n_samples
    44100
    """
    if beats_per_bar is not None:
        beats_per_bar = checks.integer("beats_per_bar", beats_per_bar, 1, MAX_BEATS_PER_BAR)
    grid = grid if grid is not None else detect_beats(clip)
    out = np.array(clip.samples, np.float32)
    if beats_per_bar is None:
        accents = grid.beat_in_bar == 0
    else:
        accents = np.arange(grid.n_beats) % beats_per_bar == 0
    _add_clicks(out, grid.beats, accents, clip.sample_rate, gain_db=gain_db)
    return limit_peak(AudioClip(out, clip.sample_rate))


def practice_loop(
    clip: AudioClip,
    *,
    start: float,
    end: float,
    repeat: int = 4,
    snap: bool = False,
    count_in_bars: int = 0,
    metronome: bool = False,
    beats_per_bar: int | None = None,
    grid: Grid | None = None,
    crossfade: float = DEFAULT_CROSSFADE,
) -> AudioClip:
    """A loop to practise with: the section repeated, optionally with a metronome under it and a count-in before it.

    The clicks follow the song's grid (tracked once on the whole song when
    not given: more reliable than on the section); the count-in takes the
    grid's tempo over the looped bars.

    Parameters
    ----------
    clip : AudioClip
        The song, ``samples`` of shape ``(channels, n)``.
    start, end, repeat, snap, crossfade
        As for :func:`loop`.
    count_in_bars : int
        Bars of count-in clicks before the loop (0 for none).
    metronome : bool
        Mix a click under every beat of the loop.
    beats_per_bar : int, optional
        For the accents of count-in and metronome; default the grid's bars.
    grid : Grid, optional
        The song's beat grid (its stored analysis'); tracked if needed and not given.

    Returns
    -------
    AudioClip
        ``samples`` of shape ``(channels, c + repeat * m)`` (``c`` the count-in length, see :func:`count_in`).

    Raises
    ------
    ParameterError
        Anything :func:`loop` or :func:`count_in` refuses.

    Examples
    --------
    >>> clip = AudioClip(np.zeros((2, 44100 * 4), np.float32))
    >>> grid = Grid.from_times(np.arange(8) * 0.5)
    >>> practice_loop(clip, start=1.0, end=3.0, repeat=2, count_in_bars=1, grid=grid).duration
    6.0
    """
    if grid is None and (snap or count_in_bars or metronome):
        grid = detect_beats(clip)
    start, end = loop_bounds(clip, start=start, end=end, snap=snap, grid=grid)
    out = loop(clip, start=start, end=end, repeat=repeat, crossfade=crossfade)
    if grid is None:
        return out
    m = out.n_samples // repeat
    inside = (grid.beats >= start - 1e-6) & (grid.beats < end - 1e-6)
    looped = Grid(
        np.concatenate([grid.beats[inside] - start + k * m / clip.sample_rate for k in range(repeat)]),
        np.tile(grid.beat_in_bar[inside], repeat), grid.time_signature, grid.tempo, grid.steady,
    )  # fmt: skip
    if metronome:
        out = add_metronome(out, grid=looped, beats_per_bar=beats_per_bar)
    tempo = grid.tempo_over(start, end)
    return count_in(out, bars=count_in_bars, beats_per_bar=beats_per_bar, grid=looped, tempo=tempo)


# --------------------------------------------------------------------------- export


def export_filename(
    song: str,
    *,
    stem: str | None = None,
    rate: float = 1.0,
    semitones: float = 0.0,
    start: float | None = None,
    end: float | None = None,
    repeat: int = 1,
    count_in_bars: int = 0,
    metronome: bool = False,
    fmt: "str | AudioFormat" = AudioFormat.WAV,
) -> str:
    """A file name that says what was done, e.g. ``song_accompaniment_tempo0.80_+2st.wav``.

    Parameters
    ----------
    song : str
        Song name or path (its stem is used, made safe for file systems).
    stem : str, optional
        ``"vocals"``, ``"accompaniment"``, ``"mix"``...
    rate, semitones : float
        Tempo and key change (left out when 1 and 0).
    start, end : float, optional
        Loop section in seconds; ``repeat`` and ``count_in_bars`` are named when above 1 and 0.
    metronome : bool
        Named (``click``) when a metronome is mixed in.
    fmt : str or AudioFormat
        Sets the extension.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        Unknown format.

    Examples
    --------
    >>> export_filename("music/song.ogg", stem="accompaniment", rate=0.8, semitones=2)
    'song_accompaniment_tempo0.80_+2st.wav'
    >>> export_filename("song", start=12.5, end=20, repeat=4, count_in_bars=1, fmt="mp3")
    'song_loop12.50-20.00s_x4_countin1.mp3'
    >>> export_filename("song", start=12.5, end=20, metronome=True)
    'song_loop12.50-20.00s_click.wav'
    """
    fmt = AudioFormat.parse(fmt)
    parts = [safe_name(Path(song).stem if Path(song).suffix else Path(song).name, "track")]
    if stem:
        parts.append(safe_name(stem, "track"))
    if rate != 1.0:
        text = f"{rate:.2f}"
        parts.append(f"tempo{text if float(text) == rate else f'{rate:.4g}'}")
    if semitones != 0.0:
        parts.append(f"{semitones:+g}st")
    if start is not None and end is not None:
        parts.append(f"loop{start:.2f}-{end:.2f}s")
    if repeat > 1:
        parts.append(f"x{repeat}")
    if count_in_bars:
        parts.append(f"countin{count_in_bars}")
    if metronome:
        parts.append("click")
    return "_".join(parts) + "." + fmt.extension


def export(clip: AudioClip, folder: "str | Path", *, song: str, fmt: "str | AudioFormat" = "wav", **naming) -> Path:
    """Encode ``clip`` into ``folder`` under its :func:`export_filename` (WAV, FLAC or MP3, via ``audio.save``).

    Parameters
    ----------
    clip : AudioClip
    folder : str or Path
        Created if missing.
    song : str
        Song name or path.
    fmt : str or AudioFormat
    **naming
        ``stem``, ``rate``, ``semitones``, ``start``, ``end``, ``repeat``, ``count_in_bars``.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ParameterError
        Unknown format or empty clip.

    Examples
    --------
    >>> export(clip, "out", song="song.ogg", stem="vocals", semitones=-1, fmt="flac")  # doctest: +SKIP
    PosixPath('out/song_vocals_-1st.flac')
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return save(clip, folder / export_filename(song, fmt=fmt, **naming), fmt)
