"""The `jamwithme` console script, run as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from jamwithme import audio

EXE = shutil.which("jamwithme", path=str(Path(sys.executable).parent)) or "jamwithme"
DEMO = ROOT / "sample_data" / "demo_song.mp3"


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)


def test_help_lists_the_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("separate", "models"):
        assert command in proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["wav", "flac", "mp3"])
def test_separate_writes_both_stems(tmp_path, fmt):
    proc = run("separate", str(DEMO), "-o", str(tmp_path), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    song = audio.load(DEMO)
    for name in ("vocals", "accompaniment"):
        path = tmp_path / f"{name}.{fmt}"
        assert str(path) in proc.stdout
        stem = audio.load(path)
        assert abs(stem.n_samples - song.n_samples) <= (1152 * 2 if fmt == "mp3" else 0)
        assert stem.peak() > 0.01, f"{name} is not silent"


@pytest.mark.parametrize(
    "content, match",
    [(b"", "empty"), (b"<html>not a song</html>" * 40, "not audio"), (None, "no such file")],
)
def test_bad_input_is_one_line_and_no_traceback(tmp_path, content, match):
    path = tmp_path / "song.mp3"
    if content is not None:
        path.write_bytes(content)
    proc = run("separate", str(path), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and match in lines[0]
    assert "Traceback" not in proc.stderr


def test_too_long_is_refused(tmp_path):
    path = tmp_path / "long.wav"
    audio.save(audio.AudioClip(np.zeros((2, 44100 * 3), np.float32) + 0.1), path)
    proc = run("separate", str(path), "--max-duration", "1", "-o", str(tmp_path / "out"))
    assert proc.returncode == 1 and "limit" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_arguments_exit_2():
    proc = run("separate", "x.wav", "--format", "aiff")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
