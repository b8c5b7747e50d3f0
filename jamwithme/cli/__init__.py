"""``jamwithme``: the command line over the same functions the app uses.

Each sub-command is a function ``<name>(args)`` of :mod:`jamwithme.cli.commands`,
registered in :func:`build_parser`. Errors from the library (:class:`JamWithMeError`) become
one line on stderr and exit code 1; bad arguments exit with 2 (argparse).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from jamwithme import settings
from jamwithme.cli import commands
from jamwithme.errors import JamWithMeError, JamWithMeWarning

logger = logging.getLogger("jamwithme")


# --------------------------------------------------------------------------- parser


def _one_line_errors(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Make a sub-command report bad arguments on one line (argparse prints the usage first)."""

    def error(message: str) -> None:
        parser.exit(2, f"error: {message} (see '{parser.prog} --help')\n")

    parser.error = error
    return parser


def _format_choices() -> list[str]:
    from jamwithme.audio import AudioFormat

    return [f.value for f in AudioFormat]


def _between(lo: float, hi: float) -> str:
    """A range as the help says it, from the bounds the checks enforce (``from 0.25 to 4``)."""
    return f"from {lo:g} to {hi:g}"


def build_parser() -> argparse.ArgumentParser:
    # Every range in a help text is read from beside the function that enforces it, as the API's schemas are.
    from jamwithme.beats import MAX_CLUSTERS
    from jamwithme.loudness import MAX_LUFS, MIN_LUFS
    from jamwithme.mixing import MAX_GAIN_DB
    from jamwithme.notes import MAX_TRANSPOSE
    from jamwithme.practice import MAX_BEATS_PER_BAR, MAX_COUNT_IN_BARS, MAX_REPEAT
    from jamwithme.remix import DEFAULT_TEMPERATURE, MAX_DURATION, MAX_TEMPERATURE
    from jamwithme.tempo import MAX_RATE, MAX_SEMITONES, MIN_RATE

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

    p = command("separate", commands.separate, "split a song into vocals and accompaniment (the jam track)")
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

    p = command("models", commands.models, "provision and verify Spleeter's 2-stem model")
    p.add_argument("--deep", action="store_true", help="hash every file even if an earlier check matches")

    # --- practice commands: parsers here
    out_help = "output file (.wav, .flac or .mp3), or a folder to get a descriptive name in it"
    engines = ["rubberband", "rubberband-best", "librosa"]  # jamwithme.tempo.Engine

    p = _one_line_errors(command("tempo", commands.tempo, "play a song faster or slower, keeping its pitch"))
    p.add_argument("input", help="audio file")
    p.add_argument(
        "--rate", type=float, required=True, help=f"speed factor {_between(MIN_RATE, MAX_RATE)} (0.8 = 20%% slower)"
    )
    p.add_argument(
        "--engine",
        default="rubberband",
        choices=engines,
        help="time-stretch engine (default: rubberband, R3's short window; rubberband-best: its standard window)",
    )
    p.add_argument("-o", "--output", required=True, help=out_help)

    p = _one_line_errors(command("pitch", commands.pitch, "move a song up or down in key, keeping its tempo"))
    p.add_argument("input", help="audio file")
    p.add_argument(
        "--semitones", type=float, required=True, help=f"{_between(-MAX_SEMITONES, MAX_SEMITONES)}, fractions allowed"
    )
    p.add_argument("--engine", default="rubberband", choices=engines, help="pitch-shift engine (default: rubberband)")
    p.add_argument("-o", "--output", required=True, help=out_help)

    p = _one_line_errors(command("mix", commands.mix, "mix vocals and accompaniment at chosen levels"))
    p.add_argument("--vocals", required=True, help="vocals stem")
    p.add_argument("--accompaniment", required=True, help="accompaniment stem")
    p.add_argument(
        "--vocals-gain-db", type=float, default=0.0, help=f"vocals level in dB, at most {MAX_GAIN_DB:g} (default 0)"
    )
    p.add_argument(
        "--accompaniment-gain-db",
        type=float,
        default=0.0,
        help=f"accompaniment level in dB, at most {MAX_GAIN_DB:g} (default 0)",
    )
    p.add_argument(
        "--lufs",
        type=float,
        default=None,
        help=f"normalize the mix to this loudness in LUFS, {_between(MIN_LUFS, MAX_LUFS)} (e.g. -14)",
    )
    p.add_argument("-o", "--output", required=True, help=out_help)

    p = _one_line_errors(
        command(
            "loop",
            commands.loop,
            "repeat a section of a song to practise it: the loop, count-in and metronome of the Practice page's "
            "'Export what I hear' (clicks at its level, -12 dB)",
        )
    )
    p.add_argument("input", help="audio file")
    p.add_argument("--start", type=float, required=True, help="section start in seconds")
    p.add_argument("--end", type=float, required=True, help="section end in seconds")
    p.add_argument(
        "--repeat", type=int, required=True, help=f"how many times the section plays, {_between(1, MAX_REPEAT)}"
    )
    p.add_argument("--snap", action="store_true", help="snap start and end to the nearest beats")
    p.add_argument(
        "--count-in",
        type=int,
        default=0,
        metavar="BARS",
        help=f"bars of clicks before the loop, {_between(0, MAX_COUNT_IN_BARS)} (default 0)",
    )
    p.add_argument("--metronome", action="store_true", help="mix a click under every beat")
    p.add_argument(
        "--beats-per-bar",
        type=int,
        help=f"beats per bar for the accents, {_between(1, MAX_BEATS_PER_BAR)} (default: the song's metre)",
    )
    p.add_argument("-o", "--output", required=True, help=out_help)

    # --- end practice commands

    # --- remix commands: parsers here
    p = command("remix", commands.remix, "rearrange a song from its own beats: a new, seamless take of any length")
    p.add_argument("input", help="audio file: a whole song or a stem such as the accompaniment")
    p.add_argument(
        "--duration",
        type=float,
        metavar="SECONDS",
        help=f"length of the remix, above 0 and at most {MAX_DURATION:g} (default: the song's)",
    )
    p.add_argument(
        "--clusters",
        type=int,
        metavar="K",
        help=f"groups of similar beats, {_between(1, MAX_CLUSTERS)} (default: chosen from the song)",
    )
    p.add_argument(
        "--temperature", type=float, default=DEFAULT_TEMPERATURE, metavar="T",
        help=f"how eagerly it jumps, {_between(0, MAX_TEMPERATURE)} (default: {DEFAULT_TEMPERATURE})",
    )  # fmt: skip
    p.add_argument("--seed", type=int, metavar="S", help="the same seed makes the same remix (default: a new one)")
    p.add_argument(
        "--method", default="jukebox", choices=["original", "jukebox"],
        help="'jukebox' jumps only where it sounds seamless (default); 'original' is MusicRemixer's rule",
    )  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output file (.wav, .flac or .mp3)")

    # --- end remix commands

    # --- analysis commands: parsers here
    p = command(
        "analyze", commands.analyze, "tempo, bars, time signature, key, chords, sections and highlight of a song"
    )
    p.add_argument("input", metavar="SONG", help="audio file")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    # --- end analysis commands

    # --- notes command
    p = _one_line_errors(command(
        "notes", commands.notes,
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
        help=f"move the notes (and the key in the file name) this far, {_between(-MAX_TRANSPOSE, MAX_TRANSPOSE)}"
        " (default 0)",
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
    p = command(
        "serve", commands.serve, "serve the HTTP API (POST /separate, /analyze, /notes, /remix; GET /health, /docs)"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="let links reach private and internal addresses (JAMWITHME_ALLOW_PRIVATE_URLS=1); never when exposed",
    )
    # --- end api commands

    # --- worker command
    p = command("worker", commands.worker, "run queued jobs (JAMWITHME_REDIS_URL) until stopped; loads the model once")
    p.add_argument("--name", default=None, help="worker name shown by RQ (default: a random one)")
    p.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    p.add_argument("--no-preload", action="store_true", help="load the model on the first job that needs it")
    # --- end worker command

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # TensorFlow's C++ start-up log (oneDNN, CUDA, TF-TRT: six lines) is not for the user; the chord model loads
    # it unasked in `analyze`. Set before TensorFlow is imported; an explicit setting is kept.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
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
