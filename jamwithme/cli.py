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
    from jamwithme.audio import Limits
    from jamwithme.separation import Band, separate_file

    limits = Limits(max_duration=args.max_duration) if args.max_duration else None
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

# --- end practice commands

# --- remix commands: functions here

# --- end remix commands


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

    # --- end practice commands

    # --- remix commands: parsers here

    # --- end remix commands

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JamWithMeWarning)  # already logged as a warning
        try:
            return args.func(args)
        except JamWithMeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            return 130
        except OSError as exc:
            print(f"error: {exc.strerror or exc}: {Path(exc.filename or '')}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
