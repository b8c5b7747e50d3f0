"""The `jamwithme` console script, run as a user runs it."""

from __future__ import annotations

import re
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
    # serve names every endpoint it serves (it named /remix and /separate, not /analyze or /notes)
    serve = " ".join(proc.stdout.split("serve", 1)[1].split("worker", 1)[0].split())
    assert all(f"/{name}" in serve for name in ("separate", "analyze", "notes", "remix", "health", "docs")), serve


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


def test_what_the_decoders_said_is_told_with_verbose_only(tmp_path):
    """One plain sentence; with -v a second line says what each decoder reported."""
    path = tmp_path / "song.mp3"
    path.write_bytes(b"<html>not a song</html>" * 40)
    plain = run("separate", str(path), "-o", str(tmp_path / "out"))
    assert plain.stderr.strip() == "error: song.mp3: this is not audio we can read, or the file is damaged"
    verbose = run("-v", "separate", str(path), "-o", str(tmp_path / "out"))
    assert verbose.returncode == 1
    assert re.search(r"^  \(soundfile: .*; ffmpeg: .*\)$", verbose.stderr, re.MULTILINE), verbose.stderr


def test_too_long_is_refused(tmp_path):
    path = tmp_path / "long.wav"
    audio.save(audio.AudioClip(np.zeros((2, 44100 * 3), np.float32) + 0.1), path)
    proc = run("separate", str(path), "--max-duration", "1", "-o", str(tmp_path / "out"))
    assert proc.returncode == 1 and "limit" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_arguments_exit_2():
    proc = run("separate", "x.wav", "--format", "aiff")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def _separate_in_process(*args: str) -> subprocess.CompletedProcess:
    """``jamwithme separate`` run by ``main`` in a fresh interpreter that then says whether TensorFlow was imported."""
    code = (
        "import sys; from jamwithme.cli import main; rc = main(sys.argv[1:]); "
        "print('tensorflow' in sys.modules); sys.exit(rc)"
    )
    return subprocess.run([sys.executable, "-c", code, "separate", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda p: p.write_bytes(audio.encode(audio.AudioClip(np.zeros((2, 441), np.float32) + 0.1), "wav")), "short"),
        (lambda p: p.write_bytes(b"RIFF" + bytes(range(256)) * 40), "not audio|damaged"),
        (lambda p: p.mkdir(), "is a folder, not an audio file"),
    ],
    ids=["too-short", "broken", "folder"],
)
def test_bad_input_is_refused_before_tensorflow_loads(tmp_path, make, match):
    """Issue 14: decode errors came only after TensorFlow had loaded (7-17 s, 560 MB); a folder said 'no such file'."""
    song = tmp_path / "song.wav"
    make(song)
    proc = _separate_in_process(str(song), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr
    assert re.search(match, proc.stderr) and "Traceback" not in proc.stderr
    assert proc.stdout.strip() == "False", "TensorFlow was imported before the input was refused"


def test_output_that_is_a_file_is_refused_before_tensorflow_loads(tmp_path):
    song = tmp_path / "song.wav"
    audio.save(audio.AudioClip(np.zeros((2, 44100), np.float32) + 0.1), song)
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    proc = _separate_in_process(str(song), "-o", str(taken))
    assert proc.returncode == 1 and "it is a file, not a folder" in proc.stderr
    assert proc.stdout.strip() == "False"
    assert taken.read_text() == "not a folder"


# --------------------------------------------------------------------------- ranges in the help

_SONG, _OUT = "{song}", "{out}"
_LOOP = ["loop", _SONG, "--start", "0", "--end", "2", "-o", _OUT]
_MIX = ["mix", "--vocals", _SONG, "--accompaniment", _SONG, "-o", _OUT]
_REMIX = ["remix", _SONG, "-o", _OUT]


def _option_help(command: str, option: str) -> tuple[str, type]:
    """The help text of ``option`` of ``command`` as ``--help`` prints it, and the option's type."""
    from jamwithme.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    action = next(a for a in commands.choices[command]._actions if option in a.option_strings)
    return action.help % {}, action.type


@pytest.mark.parametrize(
    "line, option, name",
    [
        pytest.param(*case, id=f"{case[0][0]} {case[1]}")
        for case in [
            (["tempo", _SONG, "-o", _OUT], "--rate", "rate"),
            (["pitch", _SONG, "-o", _OUT], "--semitones", "semitones"),
            (_MIX, "--vocals-gain-db", "gains_db['vocals']"),
            (_MIX, "--accompaniment-gain-db", "gains_db['accompaniment']"),
            (_MIX, "--lufs", "target_lufs"),
            (_LOOP, "--repeat", "repeat"),
            ([*_LOOP, "--repeat", "2"], "--count-in", "bars"),
            ([*_LOOP, "--repeat", "2", "--metronome"], "--beats-per-bar", "beats_per_bar"),
            (_REMIX, "--duration", "duration"),
            (_REMIX, "--clusters", "clusters"),
            (_REMIX, "--temperature", "temperature"),
            (["notes", _SONG], "--semitones", "semitones"),
        ]
    ],
)
def test_the_help_states_the_range_the_code_enforces(tmp_path, capsys, line, option, name):
    """Each range a help text states is the one its check enforces: a value just past either end is refused,
    naming the parameter and the same bounds (the help once said temperature was "0 or more"; 100 is the top)."""
    from conftest import click_track, stereo

    from jamwithme.cli import main

    text, kind = _option_help(line[0], option)
    number = r"(-?\d+(?:\.\d+)?)"
    span = re.search(rf"from {number} to {number}", text)
    top = re.search(rf"at most {number}", text)
    assert span or top, f"{option}'s help states no range: {text!r}"
    step = 1 if kind is int else 0.5
    if span:
        lo, hi = float(span[1]), float(span[2])
        past = [lo - step, hi + step]
    else:
        lo, hi = (0.0 if "above 0" in text else None), float(top[1])
        past = [hi + step] + ([lo] if lo is not None else [])
    song = tmp_path / "song.wav"
    audio.save(stereo(click_track(seconds=4.0)[0]), song)
    args = [str(song) if a == _SONG else str(tmp_path / "out.wav") if a == _OUT else a for a in line]
    for value in past:
        given = str(int(value)) if kind is int else f"{value:g}"
        assert main([*args, option, given]) == 1, f"{option} {given} was taken; its help says {text!r}"
        said = capsys.readouterr().err
        assert f"{name}=" in said, said
        shown = {f"{bound:g}" for bound in ((lo, hi) if span else (hi,))}
        assert span or lo is None or "positive" in said, said
        assert shown <= set(re.findall(r"-?\d+(?:\.\d+)?", said)), f"{said!r} and the help {text!r} differ"


@pytest.mark.slow
def test_analyze_prints_its_summary_without_tensorflows_start_up_log():
    """Found walking the CLI: `jamwithme analyze song` printed six lines of TensorFlow's C++ log (oneDNN, CUDA,
    TF-TRT) on stderr before its summary; the tests did not see them because conftest quietens TensorFlow."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    proc = subprocess.run([EXE, "analyze", str(DEMO)], capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "tempo:" in proc.stdout and "chords:" in proc.stdout
    assert proc.stderr == "", proc.stderr
