"""The named jobs: every piece of long work, as importable functions with small arguments.

Each job takes a song's id (the SHA-256 of its file) and a settings model, and
returns the store key of its result; it never takes or returns audio. Its key
is a function of the song and the normalised settings (:func:`result_key`), so
the same request from any session, page, API call or machine finds the same
stored result, and a job whose result is stored returns at once. Jobs that
need another job's result (a practice render needs the stems) run it in the
same process if it is not stored yet.

A job builds or reuses what it needs in the process it runs in (the
separation model through :func:`jamwithme.separation.get_separator`, the
store through :func:`jamwithme.service.runtime.store_for`), so the same call runs on a
thread here or on a worker elsewhere: ``run("separate", song_id,
settings_json)`` is all a queue has to carry.

Their settings models and keys live in :mod:`jamwithme.service.job_settings`,
records (a dataclass as ``.npz`` and ``.json``) in :mod:`jamwithme.service.records`,
and handing a job's freed memory back in :mod:`jamwithme.service.memory`; the
names used elsewhere stay importable from here (their examples are there too).
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from jamwithme.audio import SAMPLE_RATE, AudioClip, blocks_of, save
from jamwithme.errors import ParameterError, StoreError
from jamwithme.separation import Band
from jamwithme.service.clips import ClipWriter, get_clips, put_clip_blocks
from jamwithme.service.job_settings import (
    STEM_NAMES,
    AnalysisSettings,
    BeatSettings,
    EncodeSettings,
    ExportSettings,
    JobSettings,
    MixSettings,
    NotesSettings,
    PracticeSettings,
    ProbeSettings,
    RemixSettings,
    SeparateSettings,
    StemSettings,
    result_key,
    song_key,
)
from jamwithme.service.memory import give_back_memory, return_large_blocks
from jamwithme.service.records import get_record, put_record, stored_as
from jamwithme.service.store import Entry, Staging, Store

logger = logging.getLogger("jamwithme")

Progress = Callable[[float], None]


def _quiet(_: float) -> None:
    pass


# --------------------------------------------------------------------------- songs


def store_song(
    store: Store,
    song_id: str,
    blocks: Iterable[np.ndarray],
    *,
    name: str,
    source: str,
    peak: float | Callable[[], float] = 1.0,
    notices: Iterable[str] | Callable[[], Iterable[str]] = (),
    original: tuple[int, int] | None = None,
) -> str:
    """Keep a decoded song under its id, written block by block from ``(2, m)`` blocks.

    ``peak`` is the song's loudest sample and ``notices`` what the user should
    know about it (cut short, silent), or callables giving them once the blocks
    are read (a streaming decoder knows them only then). ``original`` is the
    input's own sample rate and channel count, before it was made 44.1 kHz stereo.

    Returns
    -------
    str
        The song's store key.
    """
    key = song_key(song_id)
    if store.has(key):
        return key
    with store.writer(key) as staging:
        with ClipWriter(staging.path("mix.npy"), channels=2) as writer:
            for block in blocks:
                writer.write(block)
        if writer.n == 0:
            raise ParameterError(f"{name}: no samples to store")
        staging.meta.update(
            kind="song", name=name, source=source, clips={"mix": SAMPLE_RATE}, n_samples=writer.n,
            peak=float(peak() if callable(peak) else peak),
            notices=list(notices() if callable(notices) else notices),
        )  # fmt: skip
        if original is not None:
            staging.meta["original"] = {"sample_rate": int(original[0]), "channels": int(original[1])}
    return key


def song_entry(store: Store, song_id: str) -> Entry:
    """The verified entry of a song, or :class:`StoreError` if the server does not have it."""
    entry = store.get(song_key(song_id))
    if entry is None:
        raise StoreError("the server no longer has this song (it was removed to make room, or damaged): load it again")
    return entry


def song_clip(store: Store, song_id: str) -> AudioClip:
    return get_clips(song_entry(store, song_id), ["mix"])["mix"]


# --------------------------------------------------------------------------- the jobs


def _cached(store: Store, key: str, make: Callable[[Staging], None]) -> str:
    """Return ``key`` if the store has it; else stage it with ``make`` and commit it.

    What making it freed goes back to the system at once (:func:`give_back_memory`): a job that
    makes another first (the notes make the separation and the analysis) starts its own work
    from the memory it started with, not on top of what the one before it kept in the heap.
    """
    if store.has(key):
        return key
    with store.writer(key) as staging:
        make(staging)
    give_back_memory()
    return key


def separate(store: Store, song_id: str, settings: SeparateSettings, progress: Progress = _quiet) -> str:
    """Separate the song into vocals and accompaniment, streamed from the store to the store."""
    from jamwithme.separation import get_separator

    def make(staging: Staging) -> None:
        song = song_clip(store, song_id)
        blocks = blocks_of(song)
        writers = {name: ClipWriter(staging.path(f"{name}.npy"), channels=2) for name in STEM_NAMES}
        try:
            for out in get_separator().separate_stream(
                blocks, band=settings.band, total=song.n_samples, progress=progress
            ):
                for name in STEM_NAMES:
                    writers[name].write(out[name])
        finally:
            for writer in writers.values():
                writer.close()
        staging.meta.update(kind="separate", clips={name: song.sample_rate for name in STEM_NAMES})

    return _cached(store, result_key("separate", song_id, settings), make)


def source_clip(store: Store, song_id: str, settings: StemSettings, progress: Progress = _quiet) -> AudioClip:
    """The whole song, or one stem of it (separating the song first if it has not been)."""
    if settings.source == "mix":
        return song_clip(store, song_id)
    return stems(store, song_id, settings.band, progress)[settings.source]


def stems(store: Store, song_id: str, band: Band, progress: Progress = _quiet) -> dict[str, AudioClip]:
    key = separate(store, song_id, SeparateSettings(band=band), progress)
    return get_clips(_entry(store, key), STEM_NAMES)


def _entry(store: Store, key: str) -> Entry:
    entry = store.get(key)
    if entry is None:
        raise StoreError(f"the result {key} was removed before it could be read; try again")
    return entry


def beats(store: Store, song_id: str, settings: BeatSettings, progress: Progress = _quiet) -> str:
    """The remix analysis of the song or a stem: the song's stored beat grid, per-beat features, clusters."""
    from jamwithme.beats import analyze

    def make(staging: Staging) -> None:
        grid = song_grid(store, song_id, lambda f: progress(0.3 * f))
        clip = source_clip(store, song_id, settings, lambda f: progress(0.3 + 0.3 * f))
        analysis = analyze(clip, grid=grid, clusters=settings.clusters, progress=lambda f: progress(0.6 + 0.4 * f))
        put_record(staging, "analysis", analysis)
        staging.meta["kind"] = "beats"

    return _cached(store, result_key("beats", song_id, settings), make)


def beat_analysis(store: Store, key: str):
    return beats_in(_entry(store, key))


def beats_in(entry: Entry):
    """The :class:`jamwithme.beats.Analysis` of a beats entry; :class:`StoreError` if it does not parse."""
    from jamwithme.beats import Analysis

    return get_record(entry, "analysis", Analysis)


def remix(store: Store, song_id: str, settings: RemixSettings, progress: Progress = _quiet) -> str:
    """A new arrangement from the song's own beats; another seed reuses the stored analysis."""
    from jamwithme.remix import render_blocks, walk

    def make(staging: Staging) -> None:
        analysis_settings = BeatSettings(**settings.dict(include={"source", "band", "clusters", "grid"}))
        analysis = beat_analysis(store, beats(store, song_id, analysis_settings, lambda f: progress(0.8 * f)))
        clip = source_clip(store, song_id, settings)
        chosen = settings.dict(include={"duration", "temperature", "seed", "method"}, exclude_none=True)
        take = walk(analysis, **chosen)
        put_clip_blocks(staging, "remix", render_blocks(clip, analysis, take), channels=clip.channels,
                        sample_rate=clip.sample_rate)  # fmt: skip
        put_record(staging, "walk", take)
        staging.meta.update(
            kind="remix", analysis=result_key("beats", song_id, analysis_settings),
            tempo=float(analysis.tempo), n_beats=int(analysis.n_beats),  # what a reader shows, with the take
        )  # fmt: skip

    return _cached(store, result_key("remix", song_id, settings), make)


def walk_in(entry: Entry):
    """The :class:`jamwithme.remix.Walk` of a remix entry; :class:`StoreError` if it does not parse."""
    from jamwithme.remix import Jump, Walk

    take = get_record(entry, "walk", Walk)
    with stored_as(entry, "walk", "a stored walk", TypeError, ValueError):
        return dataclasses.replace(take, jumps=tuple(Jump(**j) for j in take.jumps))


def practice(store: Store, song_id: str, settings: PracticeSettings, progress: Progress = _quiet) -> str:
    """A practice render: a tempo and key change, or a loop (with count-in and metronome) rendered as
    "Export what I hear" renders the player's (:func:`jamwithme.export.loop_render_blocks`)."""
    from jamwithme.export import loop_render_blocks
    from jamwithme.tempo import change_tempo_blocks

    def make(staging: Staging) -> None:
        clip = source_clip(store, song_id, settings, lambda f: progress(0.4 * f))
        if settings.loop is None:
            progress(0.5)
            blocks = change_tempo_blocks(clip, rate=settings.rate, semitones=settings.semitones, engine=settings.engine)
        else:
            loop = settings.loop
            blocks = loop_render_blocks(
                {settings.source: clip}, **loop.dict(exclude={"renderer"}), speed=settings.rate,
                semitones=settings.semitones, engine=settings.engine, scratch=staging.folder,
                # read only when the loop snaps or clicks, after a loop outside the song is refused
                grid=lambda: song_grid(store, song_id, lambda f: progress(0.4 + 0.1 * f)),
            )  # fmt: skip
            progress(0.5)
        put_clip_blocks(staging, "practice", blocks, channels=clip.channels, sample_rate=clip.sample_rate)
        staging.meta["kind"] = "practice"

    return _cached(store, result_key("practice", song_id, settings), make)


def mix(store: Store, song_id: str, settings: MixSettings, progress: Progress = _quiet) -> str:
    """The stems at chosen levels, limited or normalised; or the original MusicRemixer recipe."""
    from jamwithme.loudness import LoudnessMeter
    from jamwithme.mixing import mix_blocks, mix_shape, original_recipe_blocks

    def make(staging: Staging) -> None:
        parts = stems(store, song_id, settings.band, lambda f: progress(0.8 * f))
        if settings.recipe:
            blocks = original_recipe_blocks(parts, scratch=staging.folder)
        else:  # a block at a time: a 20-minute mix never whole in memory
            blocks = mix_blocks(
                parts, gains_db=settings.gains_db, mute=settings.mute, solo=settings.solo, target_lufs=settings.lufs
            )
        sample_rate, channels, _ = mix_shape(parts)
        meter = LoudnessMeter(sample_rate, channels)

        def metered(blocks):
            for block in blocks:
                meter.feed(block)
                yield block

        put_clip_blocks(staging, "mix", metered(blocks), channels=channels, sample_rate=sample_rate)
        measured = meter.integrated()
        staging.meta.update(kind="mix", lufs=measured if math.isfinite(measured) else None)

    return _cached(store, result_key("mix", song_id, settings), make)


def analysis(store: Store, song_id: str, settings: AnalysisSettings, progress: Progress = _quiet) -> str:
    """The song's musical analysis, stored as the JSON ``jamwithme analyze --json`` prints."""
    from jamwithme.analysis import analyze

    def make(staging: Staging) -> None:
        found = analyze(song_clip(store, song_id), progress=progress)
        staging.write_json("analysis.json", found.to_json())
        staging.meta["kind"] = "analysis"

    return _cached(store, result_key("analysis", song_id, settings), make)


def song_analysis(store: Store, key: str):
    """A stored :class:`jamwithme.analysis.SongAnalysis`."""
    return analysis_in(_entry(store, key))


def analysis_in(entry: Entry):
    """The :class:`jamwithme.analysis.SongAnalysis` of an analysis entry; :class:`StoreError` if it does not parse."""
    from jamwithme.analysis import SongAnalysis

    with stored_as(entry, "analysis.json", "a stored analysis", ValueError, KeyError, TypeError):
        return SongAnalysis.from_json(entry.read_json("analysis.json"))


def song_grid(store: Store, song_id: str, progress: Progress = _quiet):
    """The song's beat grid (:class:`jamwithme.analysis.grid.Grid`) from its stored analysis, made if missing.

    Every job that keeps time (remix, practice render, export) reads this one,
    so they all count the beats, bars and tempo the pages show.
    """
    return song_analysis(store, analysis(store, song_id, AnalysisSettings(), progress)).grid


def notes(store: Store, song_id: str, settings: NotesSettings, progress: Progress = _quiet) -> str:
    """The notes of a part of the song, stored as ``notes.json`` (the player's data and the downloads' source).

    ``notes.json`` is :meth:`jamwithme.notes.Transcription.to_json`::

        {"notes": [{"start": s, "end": s, "pitch": MIDI number, "velocity": 1-127}, ...],   # by start
         "phrases": [{"start": s, "end": s, "first": note index, "count": notes}, ...],
         "part": "melody" | "bass" | "chords", "engine": "pyin" | "basic-pitch",
         "duration": s, "range": {"low": MIDI, "high": MIDI} | null, "notices": ["no notes found: ..."],
         "sung": false when nobody sings in the song's vocals (no notes then) | true | null (not the vocals)}

    Times are seconds of the song (the stems are the song's length). A phrase
    ends at a rest of a beat or more and lasts at most four bars of the
    song's grid, so the player can show the current phrase as notation. The
    entry's meta names the analysis it used (``analysis``: its key), whose
    grid and key make the MIDI, ABC and tab downloads
    (:func:`jamwithme.notes.files.download`).
    """
    from jamwithme.notes import Part, transcribe
    from jamwithme.notes.sung import mix_levels

    def make(staging: Staging) -> None:
        # The analysis first: it works on the song alone, so it starts from the memory the job started
        # with; after the separation it would start on top of the 0.26 GB the separation's model keeps
        # (on a 20-minute song, the analysis' peak in one process: 1.41 GiB after, 1.20 before).
        analysis_key = analysis(store, song_id, AnalysisSettings(), lambda f: progress(0.2 * f))
        # The song's level beside its vocals says whether anyone sings (an instrumental's vocals are its bleed):
        # made first, small, so the song goes before the stems come.
        mix_level = None
        if settings.part is Part.MELODY and settings.source == "vocals":
            mix_level = mix_levels(song_clip(store, song_id))
        clip = source_clip(store, song_id, settings, lambda f: progress(0.2 + 0.4 * f))
        music = song_analysis(store, analysis_key)
        found = transcribe(
            clip, part=settings.part, engine=settings.engine, beats=music.beats, downbeats=music.downbeats,
            mix_level=mix_level, progress=lambda f: progress(0.6 + 0.4 * f),
        )  # fmt: skip
        staging.write_json("notes.json", found.to_json())
        staging.meta.update(kind="notes", analysis=analysis_key, notices=list(found.notices))

    return _cached(store, result_key("notes", song_id, settings), make)


def song_notes(store: Store, key: str):
    """A stored :class:`jamwithme.notes.Transcription`."""
    return notes_in(_entry(store, key))


def notes_in(entry: Entry):
    """The :class:`jamwithme.notes.Transcription` of a notes entry; :class:`StoreError` if it does not parse."""
    from jamwithme.notes import Transcription

    with stored_as(entry, "notes.json", "a stored transcription", ValueError, KeyError, TypeError, AttributeError):
        return Transcription.from_json(entry.read_json("notes.json"))


def export(store: Store, song_id: str, settings: ExportSettings, progress: Progress = _quiet) -> str:
    """The player's mix as heard (levels, mute, solo, speed, key, loop, metronome, count-in), rendered here.

    With ``settings.melody``, the player's "melody" track is in it too: the notes of that notes job
    (found first if they are not stored) synthesised with the player's voice.
    """
    from jamwithme.export import render_blocks
    from jamwithme.mixing import mix_shape

    def make(staging: Staging) -> None:
        parts = stems(store, song_id, settings.band, lambda f: progress(0.3 * f))
        grid = song_grid(store, song_id, lambda f: progress(0.3 + 0.2 * f))
        melody = None
        if settings.melody is not None:
            melody = song_notes(store, notes(store, song_id, settings.melody, lambda f: progress(0.5 + 0.1 * f))).notes
        blocks = render_blocks(
            parts, settings.player, grid=grid, repeat=settings.repeat, engine=settings.engine,
            scratch=staging.folder,  # on the store's disk, not a /tmp that may be memory
            melody=melody,
        )  # fmt: skip
        sample_rate, channels, _ = mix_shape(parts)
        put_clip_blocks(staging, "export", blocks, channels=channels, sample_rate=sample_rate)
        staging.meta["kind"] = "export"

    return _cached(store, result_key("export", song_id, settings), make)


def encoded(store: Store, song_id: str, settings: EncodeSettings, progress: Progress = _quiet) -> str:
    """A clip of a stored result, encoded (MP3 for players; WAV, FLAC or MP3 for downloads)."""

    def make(staging: Staging) -> None:
        clip = get_clips(_entry(store, settings.of), [settings.clip])[settings.clip]
        fmt = settings.format
        # Into the entry's file by libsndfile itself: to bytes, it called back into Python for every MP3 frame,
        # slow in a server whose other threads keep Python busy.
        save(clip, staging.path(f"audio.{fmt.extension}"), fmt, progress=progress)
        staging.meta.update(kind="encoded", format=fmt.value, file=f"audio.{fmt.extension}")

    return _cached(store, result_key("encoded", song_id, settings), make)


def encoded_bytes(store: Store, song_id: str, settings: EncodeSettings) -> bytes:
    entry = _entry(store, encoded(store, song_id, settings))
    return entry.read_bytes(entry.meta["file"])


def probe(store: Store, song_id: str, settings: ProbeSettings, progress: Progress = _quiet) -> str:
    """Wait ``hold`` seconds (reporting progress), then store a tiny entry; with ``fail``, raise a bug instead.

    The benchmark of the queue's overhead (``bench/queue.py``) and the tests of
    retries and abandoned jobs use it; a worker runs it without the model.
    """
    import os
    import time

    def make(staging: Staging) -> None:
        end = time.monotonic() + settings.hold
        while (left := end - time.monotonic()) > 0:
            progress(1.0 - left / settings.hold)
            time.sleep(min(0.05, left))
        if settings.fail:
            raise RuntimeError(f"probe {settings.nonce!r} was asked to fail")
        staging.write_json("probe.json", {"pid": os.getpid()})
        staging.meta["kind"] = "probe"

    return _cached(store, result_key("probe", song_id, settings), make)


#: Every job by name, with its settings model: what a queue carries is ``(name, song_id, settings JSON)``.
JOBS: Mapping[str, tuple[Callable[..., str], type[JobSettings]]] = {
    "separate": (separate, SeparateSettings),
    "beats": (beats, BeatSettings),
    "remix": (remix, RemixSettings),
    "practice": (practice, PracticeSettings),
    "mix": (mix, MixSettings),
    "analysis": (analysis, AnalysisSettings),
    "export": (export, ExportSettings),
    "notes": (notes, NotesSettings),
    "encoded": (encoded, EncodeSettings),
    "probe": (probe, ProbeSettings),
}


def parse_settings(name: str, settings: JobSettings | Mapping[str, Any] | str) -> JobSettings:
    """The settings model of job ``name`` from a model, a dict or JSON."""
    if name not in JOBS:
        raise ParameterError(f"job {name!r} is unknown; known jobs: {', '.join(JOBS)}")
    model = JOBS[name][1]
    if isinstance(settings, model):
        return settings
    if isinstance(settings, str):
        return model.parse_raw(settings)
    if isinstance(settings, JobSettings):
        settings = settings.dict()
    return model.parse_obj(settings)


def run(
    name: str,
    song_id: str,
    settings: JobSettings | Mapping[str, Any] | str,
    progress: Progress = _quiet,
    *,
    store: Store | None = None,
) -> str:
    """Run job ``name`` in this process against ``store`` (default: this process's); return its result key.

    The one place a job's name becomes its function: an RQ worker's
    (:func:`jamwithme.service.rq_perform.perform`) and a thread of
    :class:`jamwithme.service.queue.LocalQueue` alike.
    """
    from jamwithme.service.runtime import store_for

    parsed = parse_settings(name, settings)  # refuses an unknown name first
    return_large_blocks()
    try:
        return JOBS[name][0](store if store is not None else store_for(), song_id, parsed, progress)
    finally:
        give_back_memory()
