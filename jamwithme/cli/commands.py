"""What each ``jamwithme`` sub-command does: a function ``<name>(args)`` per command, registered in
:func:`jamwithme.cli.build_parser`.

Each imports what it needs when it runs, so ``jamwithme --help`` and a bad
argument answer at once (TensorFlow and librosa load only for the commands
that use them). Errors are raised, as :class:`~jamwithme.errors.JamWithMeError`;
:func:`jamwithme.cli.main` turns them into one line on stderr.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

logger = logging.getLogger("jamwithme")


class _Bar:
    """A progress bar on a terminal (tqdm), nothing when piped."""

    def __init__(self, label: str):
        self._bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=100, desc=label, unit="%", bar_format="{desc}: {percentage:3.0f}%|{bar}| {elapsed}")

    def __call__(self, fraction: float) -> None:
        if self._bar is not None:
            self._bar.n = round(100 * min(max(fraction, 0.0), 1.0))
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def separate(args: argparse.Namespace) -> int:
    from jamwithme.audio import Limits, check
    from jamwithme.errors import ParameterError
    from jamwithme.separation import Band, separate_file

    limits = Limits(max_duration=args.max_duration) if args.max_duration else None
    outdir = Path(args.outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ParameterError(f"cannot write the stems into {outdir}: it is a file, not a folder")
    # Decode and validate the whole input before TensorFlow loads (seconds and half a gigabyte):
    # a broken file is refused at once.
    check(args.input, limits=limits)
    bar = _Bar("Separating")
    try:
        paths = separate_file(
            args.input, args.outdir, fmt=args.format, band=Band(args.band), limits=limits, progress=bar
        )
    finally:
        bar.close()
    for name, path in paths.items():
        print(f"{name}: {path}")
    return 0


# --- practice commands (tempo, pitch, mix, loop): functions here


def _practice_output(output: str, song: str, **naming) -> Path:
    """The file to write: ``output`` itself, or a descriptive name inside it if it is a folder.

    Checked before any audio work, so a bad format or a missing folder fails at once.
    """
    from jamwithme.audio import AudioFormat
    from jamwithme.errors import ParameterError
    from jamwithme.practice import export_filename

    path = Path(output)
    if path.is_dir():
        return path / export_filename(song, **naming)
    AudioFormat.parse(path.suffix.lstrip(".") or "wav")
    if not path.parent.is_dir():
        raise ParameterError(f"cannot write {path}: the folder {path.parent} does not exist")
    return path


def _write(clip, path: Path) -> int:
    from jamwithme.audio import save
    from jamwithme.loudness import limit_peak

    save(limit_peak(clip), path)
    print(path)
    return 0


def tempo(args: argparse.Namespace) -> int:
    from jamwithme.audio import load
    from jamwithme.tempo import Engine, change_tempo, check_rate

    rate = check_rate(args.rate)
    engine = Engine.parse(args.engine)
    out = _practice_output(args.output, args.input, rate=rate)
    return _write(change_tempo(load(args.input), rate=rate, engine=engine), out)


def pitch(args: argparse.Namespace) -> int:
    from jamwithme.audio import load
    from jamwithme.tempo import Engine, check_semitones, pitch_shift

    semitones = check_semitones(args.semitones)
    engine = Engine.parse(args.engine)
    out = _practice_output(args.output, args.input, semitones=semitones)
    return _write(pitch_shift(load(args.input), semitones=semitones, engine=engine), out)


def mix(args: argparse.Namespace) -> int:
    from jamwithme.audio import load
    from jamwithme.mixing import mix

    gains = {"vocals": args.vocals_gain_db, "accompaniment": args.accompaniment_gain_db}
    out = _practice_output(args.output, args.accompaniment, stem="mix")
    stems = {"vocals": load(args.vocals), "accompaniment": load(args.accompaniment)}
    return _write(mix(stems, gains_db=gains, target_lufs=args.lufs), out)


def loop(args: argparse.Namespace) -> int:
    """The section ``--repeat`` times, rendered as "Export what I hear" renders the player's loop."""
    from jamwithme.audio import join_blocks, load
    from jamwithme.export import loop_render_blocks
    from jamwithme.practice import detect_beats

    naming = dict(start=args.start, end=args.end, repeat=args.repeat, count_in_bars=args.count_in)
    out = _practice_output(args.output, args.input, **naming)
    song = load(args.input)
    blocks = loop_render_blocks(
        {"mix": song}, start=args.start, end=args.end, repeat=args.repeat, snap=args.snap,
        count_in_bars=args.count_in, metronome=args.metronome, beats_per_bar=args.beats_per_bar,
        grid=lambda: detect_beats(song),  # tracked only when the loop snaps or clicks
    )  # fmt: skip
    return _write(join_blocks(blocks, song.sample_rate, song.channels), out)


# --- end practice commands

# --- remix commands: functions here


def remix(args: argparse.Namespace) -> int:
    from jamwithme.audio import AudioFormat, load, save
    from jamwithme.errors import ParameterError
    from jamwithme.remix import beat_remix

    out = Path(args.output)
    AudioFormat.parse(out.suffix.lstrip(".") or "wav")  # a bad extension fails before any audio work
    if not out.parent.is_dir():
        raise ParameterError(f"cannot write {out}: the folder {out.parent} does not exist")
    clip = load(args.input)
    bar = _Bar("Remixing")
    try:
        remix = beat_remix(
            clip, duration=args.duration, clusters=args.clusters, temperature=args.temperature, seed=args.seed,
            method=args.method, progress=bar,
        )  # fmt: skip
    finally:
        bar.close()
    save(remix.clip, out)
    analysis = remix.analysis
    print(f"tempo: {analysis.tempo:.1f} BPM")
    print(f"beats: {analysis.n_beats}")
    print(f"clusters: {analysis.n_clusters}")
    print(f"jumps: {remix.n_jumps}")
    print(f"seed: {remix.seed}")
    print(f"{out}: {remix.duration:.1f} s")
    return 0


# --- end remix commands


# --- notes command


def notes(args: argparse.Namespace) -> int:
    import json

    from jamwithme.errors import ParameterError
    from jamwithme.notes import check_transpose, note_name
    from jamwithme.notes.files import NotesFormat, download, download_name
    from jamwithme.service import Service, jobs, store_for

    # Everything the user gave is checked before the song is decoded or a model loads.
    semitones = check_transpose(args.semitones)
    settings = jobs.NotesSettings(source="mix" if args.as_is else None, part=args.part, engine=args.engine)
    out, fmt = None, NotesFormat.parse(args.format) if args.format else NotesFormat.MIDI
    if args.output:
        out = Path(args.output)
        if not out.is_dir():
            fmt = NotesFormat.parse(out.suffix) if out.suffix else fmt
            if not out.parent.is_dir():
                raise ParameterError(f"cannot write {out}: the folder {out.parent} does not exist")
    service = Service(store_for())
    song = service.add_song(args.input, name=Path(args.input).name, source_kind="cli")
    bar = _Bar("Notes")
    try:
        key = jobs.notes(service.store, song.id, settings, bar)
    finally:
        bar.close()
    found = jobs.song_notes(service.store, key)
    analysis = jobs.song_analysis(service.store, service.meta(key)["analysis"])
    for notice in found.notices:
        print(f"warning: {notice}", file=sys.stderr)
    if out is not None:
        name, data, _ = download(found, analysis, fmt=fmt, semitones=semitones, song=song.name)
        path = out / name if out.is_dir() else out
        path.write_bytes(data)
        print(path)
    if args.json:
        print(json.dumps(found.transposed(semitones).to_json()))
    elif out is None:
        span = f", {note_name(found.pitch_range[0])} to {note_name(found.pitch_range[1])}" if found.notes else ""
        name = download_name(song.name, part=found.part, key=analysis.key, semitones=semitones, fmt=fmt)
        print(
            f"{len(found.notes)} {found.part} notes in {len(found.phrases)} phrases{span} ({found.engine}); "
            f"key {analysis.key_text()}, {analysis.tempo_text()} {analysis.time_signature}; write them with -o {name}"
        )
    return 0


# --- end notes command

# --- api commands: functions here


def analyze(args: argparse.Namespace) -> int:
    import json

    from jamwithme.analysis import analyze, chord_symbol
    from jamwithme.audio import load

    bar = _Bar("analyze")
    try:
        result = analyze(load(args.input), progress=bar)
    finally:
        bar.close()
    if args.json:
        print(json.dumps(result.to_json()))
        return 0
    chords = []
    for _, _, label in result.chords:
        symbol = chord_symbol(label)
        if symbol not in chords and symbol != "N.C.":
            chords.append(symbol)
    curve = result.grid.tempo_curve()
    if not result.pulse:
        print(f"tempo: {result.tempo_text()} (no beats or bars)")
    else:
        if result.grid.steady or curve.size < 2:
            drift = "steady" if result.grid.steady else "no tempo curve"
        else:
            drift = f"a tempo curve, {curve.min():.0f}-{curve.max():.0f} BPM"
        print(f"tempo: {result.tempo:.1f} BPM ({drift}), {result.time_signature}, {len(result.downbeats)} bars")
    print(
        f"key: {result.key} (confidence {result.key_confidence:.2f})" if result.tonal else f"key: {result.key_text()}"
    )
    print(f"chords: {' '.join(chords[:16])}{' ...' if len(chords) > 16 else ''}")
    named = zip(result.sections, result.names())
    print("sections: " + ", ".join(f"{name} ({label}) {start:.0f}s" for (start, _, label), name in named))
    print(f"highlight: {result.highlight[0]:.1f}-{result.highlight[1]:.1f} s")
    return 0


def serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    import uvicorn

    from jamwithme.web.app import ApiSettings, create_app

    settings = ApiSettings()
    if args.allow_private_urls:
        settings = replace(settings, fetch=replace(settings.fetch, allow_private=True))
        logger.warning("links to private and internal addresses are allowed: do not expose this server")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


# --- end api commands


# --- worker command
def worker(args: argparse.Namespace) -> int:
    from jamwithme.service import worker as rq_worker

    if not args.verbose:
        logging.getLogger("jamwithme").setLevel(logging.INFO)  # a worker's log is its only output
    rq_worker.run(burst=args.burst, name=args.name, preload=not args.no_preload)
    return 0


# --- end worker command


def models(args: argparse.Namespace) -> int:
    from jamwithme.models import ensure_model

    folder = ensure_model(progress=_say, deep=args.deep)
    print(f"Spleeter 2stems model verified in {folder}")
    return 0
