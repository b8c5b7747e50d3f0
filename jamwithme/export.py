"""Export what I hear: the practice player's settings rendered on the server at full quality.

The browser plays the stems live (signalsmith-stretch for speed and key); the
export renders the same settings with Rubber Band R3 and the same beat grid,
clicks and count-in, so the file sounds like what the musician practised with.

The settings are a :class:`~jamwithme.player_state.PlayerState` (the player's
state as the component reports it, with every range and default, in
:mod:`jamwithme.player_state`); here they are rendered (:func:`render`,
:func:`render_blocks`) and the file is named (:func:`filename`). A loop given
by its options, as ``jamwithme loop`` and the service's practice job take it,
is rendered the same way (:func:`loop_render_blocks`): one set of rules for
"a loop N times with count-in and metronome at speed x" everywhere.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip, AudioFormat, join_blocks
from jamwithme.errors import ParameterError
from jamwithme.mixing import PRACTICE_MIX_FILE, _check_stems, practice_render_to
from jamwithme.player_state import MELODY, PlayerState
from jamwithme.practice import (
    DEFAULT_CROSSFADE,
    MAX_BEATS_PER_BAR,
    MAX_COUNT_IN_BARS,
    MAX_REPEAT,
    click,
    count_in_clicks,
    export_filename,
    loop_blocks,
    loop_bounds,
    rebar,
)
from jamwithme.tempo import PIECES_MAX_SAMPLE_RATE, Engine, r3_hops

logger = logging.getLogger("jamwithme")


def count_in_plan(
    grid: Grid, p: float, end: float | None, rate: float, *, bars: int = 1
) -> tuple[float, list[tuple[float, bool]]]:
    """A bar of count-in (``bars`` bars) leading into the beat at or after song time ``p``, at speed ``rate``.

    The clicks keep the grid's tempo over ``[p, end]`` (the looped bars; without
    a loop, the bar from ``p``) scaled by the speed, one per counted beat (every
    part of the beat in compound time: :func:`jamwithme.practice.count_in_clicks`);
    the player's count-in (``frontend/src/clicks.js``, ``Grid.countIn``) is the same sum.

    Returns
    -------
    (float, list of (float, bool))
        Seconds of clicks before the music starts, and each click's time from
        the start of the count-in with whether it is accented (the first of each bar).

    Examples
    --------
    >>> grid = Grid.from_times(np.arange(16) * 0.5)
    >>> lead, clicks = count_in_plan(grid, 2.0, 4.0, 0.5)
    >>> lead, [t for t, _ in clicks]
    (4.0, [0.0, 1.0, 2.0, 3.0])
    """
    if end is None or end <= p:
        end = p + grid.beats_per_bar * grid.period_at(p)
    period = 60.0 / grid.tempo_over(p, end) / rate
    n, per_beat = count_in_clicks(grid, bars=bars)
    step = period / per_beat
    to_beat = min((grid.next_beat(p) - p) / rate, period)
    lead = max(0.0, n * step - to_beat)
    clicks = [(lead + to_beat - k * step, (n - k) % (n // bars) == 0) for k in range(n, 0, -1)]
    return lead, [(t, accent) for t, accent in clicks if t >= -1e-6]


#: Song audio a loop's export stretches beyond the loop on either side, so the stretcher has settled where
#: the loop starts and the joins have the audio just before it (as :data:`jamwithme.tempo.CONTEXT_SECONDS`).
LOOP_CONTEXT_SECONDS = 2.0


def time_line(rate: float, semitones: float, engine: "str | Engine", sample_rate: int) -> tuple[int, float]:
    """Where the stretched audio of song sample ``i`` lands: ``(hop, q)``, output sample ``i * q``.

    Rubber Band R3 runs on its own time line (:func:`jamwithme.tempo.r3_hops`),
    up to 0.3 % off ``1 / rate``; a run that starts on a multiple of ``hop``
    lands where one run over the whole song puts it, which is what lets an
    export stretch only the loop. Where that time line is not modelled (a
    pitch shift with the standard window, rates above 48 kHz) and for librosa,
    ``(1, 1 / rate)``.

    Examples
    --------
    >>> time_line(1.0, 0.0, "rubberband", 44100)
    (1, 1.0)
    >>> hop, q = time_line(0.8, 0.0, "rubberband", 44100)
    >>> hop, round(q, 5)
    (409, 1.24939)
    """
    engine = Engine.parse(engine)
    if rate == 1.0 and semitones == 0.0:
        return 1, 1.0
    best = engine is Engine.RUBBERBAND_BEST
    if engine is Engine.LIBROSA or sample_rate > PIECES_MAX_SAMPLE_RATE or (best and semitones != 0.0):
        return 1, 1.0 / rate
    inhop, outhop, pitch = r3_hops(rate, semitones, best=best, sample_rate=sample_rate)
    return inhop, outhop / inhop / pitch


def render(
    stems: Mapping[str, AudioClip],
    state: PlayerState | Mapping,
    *,
    grid: Grid | None,
    repeat: int = 1,
    engine: "str | Engine" = Engine.RUBBERBAND,
    count_in_bars: int = 1,
    melody: Sequence | None = None,
) -> AudioClip:
    """Render the player's settings: the heard stems at their levels, speed and key, loop, clicks and count-in.

    Only what is heard is made: a loop stretches the loop and
    :data:`LOOP_CONTEXT_SECONDS` around it, not the song, so its export takes
    time in proportion to the loop. It runs on the whole song's time line
    (:func:`time_line`): its beats land on the samples of the whole song's
    export (at a speed change alone, its samples are those samples; a steady
    note's phase may differ, as the stretcher's phases start with its run).

    Parameters
    ----------
    stems : Mapping[str, AudioClip]
        The song's stems, ``(channels, n_i)`` at one sample rate.
    state : PlayerState or mapping
        The player's settings (see :class:`PlayerState`). The speed trainer is
        not rendered: the export is at the speed shown.
    grid : Grid or None
        The song's beat grid (its stored analysis'), as given to the player.
        None only when neither the metronome nor the count-in is on (nothing else reads it).
    repeat : int
        Loop passes, 1–100, when the loop is on (ignored otherwise).
    engine : {"rubberband", "rubberband-best", "librosa"}
        Tempo and key engine: Rubber Band R3 (the quality "Fast"), its standard window ("Best bass").
    count_in_bars : int
        Bars of count-in when ``state.count_in`` is on, 1–16 (the player counts one).
    melody : sequence of jamwithme.notes.Note, optional
        The notes the player plays as its "melody" track (the song's key and time):
        synthesised with the player's voice (:func:`jamwithme.notes.voice.synthesize`)
        as one more stem named :data:`MELODY`, with its level, mute and solo, moved
        by the stretcher with the stems as the player moves it. None or no notes: no such track.

    Returns
    -------
    AudioClip
        Without a loop: ``(channels, round(n / speed))`` plus the count-in, if on.
        With a loop over ``[a, b)``: ``repeat`` passes of the loop's stretched
        length (``(b - a) * sr / speed`` to within 0.3 %, the engine's time
        line), a count-in before the first (before every pass with
        ``count_in_every_pass``). Peak limited to 0 dBFS (the browser does not limit; a quieter mix is unchanged).

    Raises
    ------
    ParameterError
        Bad stems, settings, ``repeat``, a loop outside the song, or no grid for the clicks.

    Examples
    --------
    >>> voc = AudioClip(np.zeros((2, 44100 * 4), np.float32))
    >>> clip = render({"vocals": voc}, PlayerState(speed=0.8), grid=Grid.from_times([0.0, 0.5]))
    >>> clip.n_samples
    220500
    """
    blocks = render_blocks(
        stems, state, grid=grid, repeat=repeat, engine=engine, count_in_bars=count_in_bars, melody=melody
    )
    blocks = list(blocks)
    first = next(iter(stems.values()))  # checked by now
    return join_blocks(blocks, first.sample_rate, max(clip.channels for clip in stems.values()))


#: Samples an export is handed out at a time (24 s at 44.1 kHz).
EXPORT_BLOCK = 1 << 20


def render_blocks(
    stems: Mapping[str, AudioClip],
    state: PlayerState | Mapping,
    *,
    grid: Grid | None,
    repeat: int = 1,
    engine: "str | Engine" = Engine.RUBBERBAND,
    count_in_bars: int = 1,
    block: int = EXPORT_BLOCK,
    scratch: "str | os.PathLike | None" = None,
    melody: Sequence | None = None,
) -> Iterator[np.ndarray]:
    """:func:`render` as consecutive ``(channels, m)`` float32 blocks, for songs up to the duration cap.

    What is heard (the song, or the loop with :data:`LOOP_CONTEXT_SECONDS`
    around it) is stretched and mixed through files in a temporary folder
    (:func:`jamwithme.mixing.practice_render_to`), the clicks are added
    there, and the result is read twice, a block at a time: once for its
    peak, once to hand it out at the one gain that keeps it under 0 dBFS.
    Joined, the blocks are :func:`render`'s samples (it is made from them).
    The folder (4 bytes per output sample and channel for each heard stem and
    once more for the mix: 1.6 GB for 25 minutes of two stereo stems) is made
    in ``scratch`` (default: the system's temporary folder, which may be held
    in memory) and removed at the end. The melody track, when heard, is
    synthesised there too, only over what is heard (2 bytes per song sample
    for a mono track and 2 more for its stretched copy).

    Raises
    ------
    ParameterError
        As :func:`render`, when the first block is asked for.
    """
    import tempfile

    from jamwithme import checks
    from jamwithme.audio import release_pages
    from jamwithme.loudness import limit_peak_blocks

    try:
        state = state if isinstance(state, PlayerState) else PlayerState.parse_obj(state)
    except ValueError as exc:
        raise ParameterError(f"bad player settings: {exc}") from None
    state = state.as_heard()  # a stem at the floor is off: none of it, as the player plays it
    repeat = checks.integer("repeat", repeat, 1, MAX_REPEAT)
    count_in_bars = checks.integer("count_in_bars", count_in_bars, 1, MAX_COUNT_IN_BARS)
    if not isinstance(grid, Grid) and (grid is not None or state.metronome or state.count_in):
        raise ParameterError(f"grid must be the song's beat Grid (the clicks follow it), got {type(grid).__name__}")
    clips = _check_stems(stems)
    if MELODY in clips and melody:
        raise ParameterError(f"a stem is named {MELODY!r}, the name of the melody track: rename it")
    names = list(clips) + ([MELODY] if melody else [])
    sr, rate = next(iter(clips.values())).sample_rate, state.speed
    n = max(clip.n_samples for clip in clips.values())
    section = state.loop
    if section and section[1] > n / sr + 1e-3:
        raise ParameterError(f"the loop {section[0]:g}-{section[1]:g} s ends after the song ({n / sr:.2f} s)")
    hop, q = time_line(rate, state.semitones, engine, sr)
    # what is heard, in song samples: the loop and a little context around it (on the hop grid), or the song
    if section:
        context = round(LOOP_CONTEXT_SECONDS * sr)
        s0 = max(0, round(section[0] * sr) - context) // hop * hop
        s1 = min(n, round(section[1] * sr) + context)
    else:
        s0, s1 = 0, n
    heard = {name: _span(clip, s0, s1) for name, clip in clips.items()}
    offset = s0 * q  # where the span's output starts on the whole song's stretched time line

    def at(t: float) -> int:
        """The output sample (in the span's render) where song time ``t`` is heard."""
        return round(t * sr * q - offset)

    with tempfile.TemporaryDirectory(prefix="jamwithme-export-", dir=scratch) as folder:
        if MELODY in heard_stems(state, names):
            heard[MELODY] = _melody_track(melody, os.path.join(folder, "melody.npy"), s0, s1, sr)
        elif melody:  # not heard: silence that takes no memory, never made nor stretched
            heard[MELODY] = AudioClip(np.broadcast_to(np.zeros((1, 1), np.float32), (1, s1 - s0)), sr)
        mixed = practice_render_to(
            folder,
            heard,
            rate=rate,
            semitones=state.semitones,
            gains_db={k: db for k, db in state.levels.items() if k in names},
            mute=[k for k in state.mute if k in names],
            solo=[k for k in state.solo if k in names],
            engine=engine,
            ceiling_db=0.0,
        )
        full = np.load(os.path.join(folder, PRACTICE_MIX_FILE), mmap_mode="r+")  # writable: the clicks go in place
        mixed = AudioClip(full, sr)
        if state.metronome:
            plain = click(sr, gain_db=state.metronome_db)
            accent = click(sr, accent=True, gain_db=state.metronome_db)
            inside = (grid.beats >= s0 / sr) & (grid.beats < s1 / sr)
            for k, (beat, position) in enumerate(zip(grid.beats[inside], grid.beat_in_bar[inside]), start=1):
                _add_click(full, at(beat), plain if position else accent)
                if k % 256 == 0:  # the pages the clicks wrote are the file's now, not this process's memory
                    release_pages(mixed)
            release_pages(mixed)
        start = section[0] if section else 0.0
        bar = _count_in_bar(grid, start, section[1] if section else None, state, count_in_bars, mixed.channels, sr)
        passes = repeat if section else 1
        a, b = (at(section[0]), min(at(section[1]), mixed.n_samples)) if section else (0, mixed.n_samples)
        fade = round(DEFAULT_CROSSFADE * sr)
        logger.info(
            "export: %.2fx %+g st, loop %s x%d, count-in %s; %.1f s of %.1f s stretched",
            rate, state.semitones, section, passes, state.count_in, (s1 - s0) / sr, n / sr,
        )  # fmt: skip

        def played() -> Iterator[np.ndarray]:
            """What is heard, in order: the count-in bar, then the song or the loop's passes."""
            read = lambda lo, hi: release_pages(mixed, lo, hi)  # noqa: E731
            # the count-in bar (seconds long at a slow speed) in block-sized pieces too: no block is over `block`
            counted = [bar[:, lo : lo + block] for lo in range(0, bar.shape[1], block)]
            if not section:
                yield from counted
                for lo in range(0, mixed.n_samples, block):
                    hi = min(mixed.n_samples, lo + block)
                    yield np.array(full[:, lo:hi])
                    read(lo, hi)
            elif state.count_in and state.count_in_every_pass:
                for _ in range(passes):
                    yield from counted
                    yield from loop_blocks(full, a, b, repeat=1, fade=fade, sample_rate=sr, block=block, read=read)
            else:
                yield from counted
                yield from loop_blocks(full, a, b, repeat=passes, fade=fade, sample_rate=sr, block=block, read=read)

        yield from limit_peak_blocks(played, ceiling_db=0.0)


def loop_render_blocks(
    stems: Mapping[str, AudioClip],
    *,
    start: float,
    end: float,
    repeat: int = 4,
    snap: bool = False,
    count_in_bars: int = 0,
    metronome: bool = False,
    beats_per_bar: int | None = None,
    speed: float = 1.0,
    semitones: float = 0.0,
    grid: "Grid | Callable[[], Grid] | None" = None,
    engine: "str | Engine" = Engine.RUBBERBAND,
    scratch: "str | os.PathLike | None" = None,
) -> Iterator[np.ndarray]:
    """A loop given by its options (``jamwithme loop``, the practice job's ``loop``), rendered as the player's
    state by :func:`render_blocks`: the same loop, joins, clicks and count-in as "Export what I hear".

    The options become a :class:`PlayerState` (the loop on ``[start, end)``,
    snapped to the nearest beats with ``snap``; the count-in on when
    ``count_in_bars`` is above 0; clicks at the player's level): the one
    place they are mapped.

    Parameters
    ----------
    stems : Mapping[str, AudioClip]
        What plays, ``(channels, n_i)`` at one sample rate (one stem, or the song as ``{"mix": clip}``).
    start, end : float
        The loop in seconds of the song, ``0 <= start < end <=`` its length.
    repeat : int
        Passes, 1–100.
    snap : bool
        Snap ``start`` and ``end`` to the nearest beats of the grid.
    count_in_bars : int
        Bars of count-in before the loop, 0–16 (0: none).
    metronome : bool
        A click on every beat of the loop.
    beats_per_bar : int, optional
        1–12: the clicks' bars of that many beats, from the loop's first beat (:func:`jamwithme.practice.rebar`);
        default the grid's.
    speed, semitones : float
        Tempo as a ratio (the player's range, 0.5–1.5) and key change.
    grid : Grid or callable, optional
        The song's beat grid, or a function giving it: called only when the loop
        needs it (``snap``, a count-in or the metronome), after the loop is checked.
    engine, scratch
        As for :func:`render_blocks`.

    Returns
    -------
    Iterator of np.ndarray
        :func:`render_blocks`' blocks: a count-in, then ``repeat`` passes of the loop at ``speed``.

    Raises
    ------
    ParameterError
        A loop outside the song, bad options, or what :func:`render_blocks` refuses.

    Examples
    --------
    >>> song = AudioClip(np.zeros((2, 44100 * 4), np.float32))
    >>> grid = Grid.from_times(np.arange(8) * 0.5)
    >>> blocks = loop_render_blocks({"mix": song}, start=1.1, end=2.9, repeat=2, snap=True, grid=grid)
    >>> sum(b.shape[1] for b in blocks) / 44100
    4.0
    """
    from jamwithme import checks

    count_in_bars = checks.integer("count_in_bars", count_in_bars, 0, MAX_COUNT_IN_BARS)
    if beats_per_bar is not None:
        beats_per_bar = checks.integer("beats_per_bar", beats_per_bar, 1, MAX_BEATS_PER_BAR)
    clips = _check_stems(stems)
    longest = max(clips.values(), key=lambda clip: clip.n_samples)
    loop_bounds(longest, start=start, end=end)  # a loop outside the song is refused before its grid is made
    if snap or count_in_bars or metronome:
        grid = grid() if callable(grid) else grid
        if not isinstance(grid, Grid):
            raise ParameterError(f"grid must be the song's beat Grid (snap and clicks follow it), got {grid!r}")
    else:
        grid = None
    start, end = loop_bounds(longest, start=start, end=end, snap=snap, grid=grid)
    if grid is not None and beats_per_bar is not None:
        grid = rebar(grid, beats_per_bar=beats_per_bar, start=start)
    try:
        state = PlayerState(
            speed=speed, semitones=semitones, loop_on=True, loop_start=start, loop_end=end,
            metronome=metronome, count_in=count_in_bars > 0,
        )  # fmt: skip
    except ValueError as exc:
        raise ParameterError(f"bad loop settings: {exc}") from None
    return render_blocks(
        clips, state, grid=grid, repeat=repeat, engine=engine, count_in_bars=max(1, count_in_bars), scratch=scratch
    )


def _melody_track(notes: Sequence, path: str, s0: int, s1: int, sample_rate: int) -> AudioClip:
    """Song samples ``s0:s1`` of the melody track (:func:`jamwithme.notes.voice.synthesize`), mono, in a file."""
    from jamwithme.notes.voice import synthesize

    track = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(1, s1 - s0))
    synthesize(notes, sample_rate=sample_rate, length=s1 - s0, start=s0, out=track[0])
    track.flush()
    return AudioClip(track, sample_rate)


def _span(clip: AudioClip, s0: int, s1: int) -> AudioClip:
    """Samples ``s0:s1`` of a stem (a view), padded with silence where the stem ends before ``s1``."""
    part = clip.samples[:, s0:s1]
    if part.shape[1] < s1 - s0:
        part = np.pad(np.asarray(part, np.float32), ((0, 0), (0, s1 - s0 - part.shape[1])))
    return AudioClip(part, clip.sample_rate)


def _add_click(out: np.ndarray, i: int, burst: np.ndarray) -> None:
    if 0 <= i < out.shape[1]:
        stop = min(out.shape[1], i + len(burst))
        out[:, i:stop] += burst[: stop - i]


def _count_in_bar(
    grid: Grid, start: float, end: float | None, state: PlayerState, bars: int, channels: int, sample_rate: int
) -> np.ndarray:
    """The count-in's clicks (:func:`count_in_plan`) as ``(channels, m)`` samples; ``m = 0`` when it is off."""
    lead, clicks = count_in_plan(grid, start, end, state.speed, bars=bars) if state.count_in else (0.0, [])
    out = np.zeros((channels, round(lead * sample_rate)), np.float32)
    plain = click(sample_rate, gain_db=state.metronome_db)
    accent = click(sample_rate, accent=True, gain_db=state.metronome_db)
    for t, strong in clicks:
        _add_click(out, round(t * sample_rate), accent if strong else plain)
    return out


def heard_stems(state: PlayerState | Mapping, stems: Iterable[str]) -> list[str]:
    """The stems an export of ``state`` has in it, in order: not muted nor off and, when any is soloed, soloed.

    Examples
    --------
    >>> heard_stems(PlayerState(mute=["vocals"]), ["accompaniment", "vocals"])
    ['accompaniment']
    >>> heard_stems(PlayerState(levels={"vocals": -60.0}), ["accompaniment", "vocals"])
    ['accompaniment']
    >>> heard_stems(PlayerState(solo=["vocals", "bass"], mute=["bass"]), ["vocals", "bass", "drums"])
    ['vocals']
    """
    state = (state if isinstance(state, PlayerState) else PlayerState.parse_obj(state)).as_heard()
    return [name for name in stems if name not in state.mute and (not state.solo or name in state.solo)]


def filename(
    song: str,
    state: PlayerState | Mapping,
    *,
    stems: Iterable[str] | None = None,
    repeat: int = 1,
    fmt: "str | AudioFormat" = "wav",
) -> str:
    """The export's file name, saying what is in it, e.g. ``song_accompaniment_tempo0.80_+2st_x4_countin1.flac``.

    ``stems`` are the song's stems (the player's): the name says ``mix`` when
    every one is heard, else the heard ones (``accompaniment``, ``drums-bass``;
    none: ``silence``, or only the ``click``); without ``stems``, ``mix``.

    Examples
    --------
    >>> filename("music/song.ogg", PlayerState(speed=0.8, semitones=2), fmt="flac")
    'song_mix_tempo0.80_+2st.flac'
    >>> filename("song", {"mute": ["vocals"], "metronome": True}, stems=["accompaniment", "vocals"])
    'song_accompaniment_click.wav'
    """
    state = state if isinstance(state, PlayerState) else PlayerState.parse_obj(state)
    section = state.loop
    if stems is None:
        contents = "mix"
    else:
        names = list(stems)
        heard = heard_stems(state, names)
        if heard == names:
            contents = "mix"
        elif heard:
            contents = "-".join(heard)
        else:
            contents = None if state.metronome else "silence"
    return export_filename(
        song,
        stem=contents,
        rate=state.speed,
        semitones=state.semitones,
        start=section[0] if section else None,
        end=section[1] if section else None,
        repeat=repeat if section else 1,
        count_in_bars=int(state.count_in),
        metronome=state.metronome,
        fmt=fmt,
    )
