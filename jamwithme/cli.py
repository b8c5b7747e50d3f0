"""``jamwithme``: the command line over the same functions the app uses.

Each sub-command is a function ``_cmd_<name>(args)`` registered in
:func:`build_parser`. Errors from the library (:class:`JamWithMeError`) become
one line on stderr and exit code 1; bad arguments exit with 2 (argparse).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from jamwithme import settings
from jamwithme.errors import JamWithMeError, JamWithMeWarning

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


# --------------------------------------------------------------------------- commands


def _cmd_separate(args: argparse.Namespace) -> int:
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


def _one_line_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make a sub-command report bad arguments on one line (argparse prints the usage first)."""

    def error(message: str) -> None:
        parser.exit(2, f"error: {message} (see '{parser.prog} --help')\n")

    parser.error = error
    return parser


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


def _cmd_tempo(args: argparse.Namespace) -> int:
    from jamwithme.audio import load
    from jamwithme.tempo import Engine, change_tempo, check_rate

    rate = check_rate(args.rate)
    engine = Engine.parse(args.engine)
    out = _practice_output(args.output, args.input, rate=rate)
    return _write(change_tempo(load(args.input), rate=rate, engine=engine), out)


def _cmd_pitch(args: argparse.Namespace) -> int:
    from jamwithme.audio import load
    from jamwithme.tempo import Engine, check_semitones, pitch_shift

    semitones = check_semitones(args.semitones)
    engine = Engine.parse(args.engine)
    out = _practice_output(args.output, args.input, semitones=semitones)
    return _write(pitch_shift(load(args.input), semitones=semitones, engine=engine), out)


def _cmd_mix(args: argparse.Namespace) -> int:
    from jamwithme.audio import load
    from jamwithme.mixing import mix

    gains = {"vocals": args.vocals_gain_db, "accompaniment": args.accompaniment_gain_db}
    out = _practice_output(args.output, args.accompaniment, stem="mix")
    stems = {"vocals": load(args.vocals), "accompaniment": load(args.accompaniment)}
    return _write(mix(stems, gains_db=gains, target_lufs=args.lufs), out)


def _cmd_loop(args: argparse.Namespace) -> int:
    from jamwithme.audio import load
    from jamwithme.practice import practice_loop

    naming = dict(start=args.start, end=args.end, repeat=args.repeat, count_in_bars=args.count_in)
    out = _practice_output(args.output, args.input, **naming)
    clip = practice_loop(
        load(args.input),
        start=args.start,
        end=args.end,
        repeat=args.repeat,
        snap=args.snap,
        count_in_bars=args.count_in,
        metronome=args.metronome,
        beats_per_bar=args.beats_per_bar,
    )
    return _write(clip, out)


# --- end practice commands

# --- remix commands: functions here


def _cmd_remix(args: argparse.Namespace) -> int:
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


def _cmd_notes(args: argparse.Namespace) -> int:
    import json

    from jamwithme.checks import integer
    from jamwithme.errors import ParameterError
    from jamwithme.notes import note_name
    from jamwithme.notes.files import NotesFormat, download, download_name
    from jamwithme.service import Service, jobs, store_for

    # Everything the user gave is checked before the song is decoded or a model loads.
    semitones = integer("semitones", args.semitones, -24, 24)
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
            f"key {analysis.key}, {analysis.tempo:.0f} BPM {analysis.time_signature}; write them with -o {name}"
        )
    return 0


# --- end notes command

# --- api commands: functions here


def _cmd_analyze(args: argparse.Namespace) -> int:
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
    if result.grid.steady or curve.size < 2:
        drift = "steady" if result.grid.steady else "no steady beat found"
    else:
        drift = f"a tempo curve, {curve.min():.0f}-{curve.max():.0f} BPM"
    print(f"tempo: {result.tempo:.1f} BPM ({drift}), {result.time_signature}, {len(result.downbeats)} bars")
    print(f"key: {result.key} (confidence {result.key_confidence:.2f})")
    print(f"chords: {' '.join(chords[:16])}{' ...' if len(chords) > 16 else ''}")
    named = zip(result.sections, result.names())
    print("sections: " + ", ".join(f"{name} ({label}) {start:.0f}s" for (start, _, label), name in named))
    print(f"highlight: {result.highlight[0]:.1f}-{result.highlight[1]:.1f} s")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
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
def _cmd_worker(args: argparse.Namespace) -> int:
    from jamwithme.service import worker

    if not args.verbose:
        logging.getLogger("jamwithme").setLevel(logging.INFO)  # a worker's log is its only output
    worker.run(burst=args.burst, name=args.name, preload=not args.no_preload)
    return 0


# --- end worker command


def _cmd_models(args: argparse.Namespace) -> int:
    from jamwithme.models import ensure_model

    folder = ensure_model(progress=_say, deep=args.deep)
    print(f"Spleeter 2stems model verified in {folder}")
    return 0


# --------------------------------------------------------------------------- parser


def _format_choices() -> list[str]:
    from jamwithme.audio import AudioFormat

    return [f.value for f in AudioFormat]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jamwithme",
        description="JamWithMe: jam tracks from songs. Separate vocals from accompaniment, "
        "change tempo and key, loop, remix by beats, and mix stems.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = command("separate", _cmd_separate, "split a song into vocals and accompaniment (the jam track)")
    p.add_argument("input", help="audio or video file (WAV, FLAC, OGG, MP3, M4A, ...)")
    p.add_argument("-o", "--outdir", default="separated", help="output folder (default: ./separated)")
    p.add_argument("--format", default="wav", choices=_format_choices(), help="output format (default: wav)")
    p.add_argument(
        "--band",
        default="full",
        choices=["full", "spleeter"],
        help="'full' keeps the highs above 11 kHz in the accompaniment; 'spleeter' is Spleeter's band-limited output",
    )
    p.add_argument("--max-duration", type=float, default=None, help="longest accepted input in seconds")

    p = command("models", _cmd_models, "provision and verify Spleeter's 2-stem model")
    p.add_argument("--deep", action="store_true", help="hash every file even if an earlier check matches")

    # --- practice commands: parsers here
    out_help = "output file (.wav, .flac or .mp3), or a folder to get a descriptive name in it"
    engines = ["rubberband", "rubberband-best", "librosa"]  # jamwithme.tempo.Engine

    p = _one_line_errors(command("tempo", _cmd_tempo, "play a song faster or slower, keeping its pitch"))
    p.add_argument("input", help="audio file")
    p.add_argument("--rate", type=float, required=True, help="speed factor, 0.25-4 (0.8 = 20%% slower)")
    p.add_argument(
        "--engine",
        default="rubberband",
        choices=engines,
        help="time-stretch engine (default: rubberband, R3's short window; rubberband-best: its standard window)",
    )
    p.add_argument("-o", "--output", required=True, help=out_help)

    p = _one_line_errors(command("pitch", _cmd_pitch, "move a song up or down in key, keeping its tempo"))
    p.add_argument("input", help="audio file")
    p.add_argument("--semitones", type=float, required=True, help="-12 to +12, fractions allowed")
    p.add_argument("--engine", default="rubberband", choices=engines, help="pitch-shift engine (default: rubberband)")
    p.add_argument("-o", "--output", required=True, help=out_help)

    p = _one_line_errors(command("mix", _cmd_mix, "mix vocals and accompaniment at chosen levels"))
    p.add_argument("--vocals", required=True, help="vocals stem")
    p.add_argument("--accompaniment", required=True, help="accompaniment stem")
    p.add_argument("--vocals-gain-db", type=float, default=0.0, help="vocals level in dB (default 0)")
    p.add_argument("--accompaniment-gain-db", type=float, default=0.0, help="accompaniment level in dB (default 0)")
    p.add_argument("--lufs", type=float, default=None, help="normalize the mix to this loudness (e.g. -14)")
    p.add_argument("-o", "--output", required=True, help=out_help)

    p = _one_line_errors(command("loop", _cmd_loop, "repeat a section of a song to practise it"))
    p.add_argument("input", help="audio file")
    p.add_argument("--start", type=float, required=True, help="section start in seconds")
    p.add_argument("--end", type=float, required=True, help="section end in seconds")
    p.add_argument("--repeat", type=int, required=True, help="how many times the section plays (1-100)")
    p.add_argument("--snap", action="store_true", help="snap start and end to the nearest beats")
    p.add_argument("--count-in", type=int, default=0, metavar="BARS", help="bars of clicks before the loop")
    p.add_argument("--metronome", action="store_true", help="mix a click under every beat")
    p.add_argument("--beats-per-bar", type=int, help="beats per bar for the accents (default: the song's metre)")
    p.add_argument("-o", "--output", required=True, help=out_help)

    # --- end practice commands

    # --- remix commands: parsers here
    from jamwithme.remix import DEFAULT_TEMPERATURE

    p = command("remix", _cmd_remix, "rearrange a song from its own beats: a new, seamless take of any length")
    p.add_argument("input", help="audio file: a whole song or a stem such as the accompaniment")
    p.add_argument("--duration", type=float, metavar="SECONDS", help="length of the remix (default: the song's)")
    p.add_argument("--clusters", type=int, metavar="K", help="groups of similar beats (default: chosen from the song)")
    p.add_argument(
        "--temperature", type=float, default=DEFAULT_TEMPERATURE, metavar="T",
        help=f"how eagerly it jumps, 0 or more (default: {DEFAULT_TEMPERATURE})",
    )  # fmt: skip
    p.add_argument("--seed", type=int, metavar="S", help="the same seed makes the same remix (default: a new one)")
    p.add_argument(
        "--method", default="jukebox", choices=["original", "jukebox"],
        help="'jukebox' jumps only where it sounds seamless (default); 'original' is MusicRemixer's rule",
    )  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output file (.wav, .flac or .mp3)")

    # --- end remix commands

    # --- analysis commands: parsers here
    p = command("analyze", _cmd_analyze, "tempo, bars, time signature, key, chords, sections and highlight of a song")
    p.add_argument("input", metavar="SONG", help="audio file")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    # --- end analysis commands

    # --- notes command
    p = _one_line_errors(command(
        "notes", _cmd_notes,
        "the melody of a song's vocals (or a bass line, or its chords) as notes: MIDI, ABC, tab or JSON",
    ))  # fmt: skip
    p.add_argument("input", metavar="SONG", help="audio or video file")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="file to write (.mid, .abc, or .txt for a tab), or a folder to get a name with the key in it",
    )
    p.add_argument(
        "--as-is",
        action="store_true",
        help="transcribe the input as it is (a solo recording, a stem), not its separated vocals",
    )
    p.add_argument(
        "--part",
        default="melody",
        choices=["melody", "bass", "chords"],
        help="one line (melody: from the vocals; bass: from the accompaniment) or chords (default: melody)",
    )
    p.add_argument(
        "--engine",
        default=None,
        choices=["pyin", "basic-pitch"],
        help="how notes are found (default: the part's measured best)",
    )
    p.add_argument(
        "--semitones",
        type=int,
        default=0,
        help="move the notes (and the key in the file name) this far, -24 to 24 (default 0)",
    )
    p.add_argument(
        "--format",
        default=None,
        choices=["midi", "abc", "tab"],
        help="what to write when OUT is a folder (default: midi)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='print {"notes": [{"start", "end", "pitch", "velocity"}], "phrases": [...], ...}',
    )
    # --- end notes command

    # --- api commands: parsers here
    p = command("serve", _cmd_serve, "serve the HTTP API (POST /remix, POST /separate, GET /health, /docs)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="let links reach private and internal addresses (JAMWITHME_ALLOW_PRIVATE_URLS=1); never when exposed",
    )
    # --- end api commands

    # --- worker command
    p = command("worker", _cmd_worker, "run queued jobs (JAMWITHME_REDIS_URL) until stopped; loads the model once")
    p.add_argument("--name", default=None, help="worker name shown by RQ (default: a random one)")
    p.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    p.add_argument("--no-preload", action="store_true", help="load the model on the first job that needs it")
    # --- end worker command

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JamWithMeWarning)  # already logged as a warning
        try:
            settings.check()  # a bad JAMWITHME_* value: one sentence naming it, before any work
            return args.func(args)
        except JamWithMeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            if args.verbose and getattr(exc, "detail", None):  # what each decoder said
                print(f"  ({exc.detail})", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except OSError as exc:
            print(f"error: {exc.strerror or exc}: {Path(exc.filename or '')}", file=sys.stderr)
            return 1
        except Exception as exc:  # a bug: one line for the user, the traceback with --verbose
            logger.debug("unexpected failure", exc_info=True)
            hint = "" if args.verbose else "; run with -v for the details"
            print(f"error: unexpected failure ({type(exc).__name__}: {exc}){hint}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
