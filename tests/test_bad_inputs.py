"""Every malformed input of :mod:`bad_inputs` through the three doors: the app's loader, the CLI and the API.

What must hold for each (issue 14):

* a refusal is a clear message naming what is wrong: an ``AudioLoadError`` from
  the loader, one ``error:`` line and exit 1 from the CLI (no traceback), a
  JSON error with a 4xx status from the API (never a 500);
* an input that is usable but cut short is kept, with a notice naming both
  lengths (a ``JamWithMeWarning``, a line on the CLI's stderr, the API's
  ``X-JamWithMe-Warning`` header);
* nothing is left behind: no temporary file, no open descriptor, no output.

The API endpoints are every ``POST`` path of the live schema that takes an
upload in ``file`` (``/separate``, ``/remix``, and ``/analyze`` or any later
one without editing this file).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import unquote

import httpx
import psutil
import pytest
from bad_inputs import UNNAMEABLE, BadInput, all_inputs
from conftest import running_api

from jamwithme import audio
from jamwithme.errors import AudioLoadError, InputTooLargeError, JamWithMeWarning

CASES = all_inputs()
REFUSED = [c for c in CASES if c.outcome == "refused"]
WARNED = [c for c in CASES if c.outcome == "warned"]
CLI_REFUSED = [c for c in REFUSED if c.id not in UNNAMEABLE]
CLIENT_TIMEOUT = 300.0


def ids(cases: list[BadInput]) -> list[str]:
    return [c.id for c in cases]


def open_temp_files(pid: int, folder: Path) -> list[str]:
    """Descriptors of process ``pid`` on a file in ``folder``, deleted ones included (``TemporaryFile``)."""
    found = []
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


#: TensorFlow's autograph writes the Python it generates for a traced function (crema's chord
#: model, traced once per process on the first /analyze) to the temp folder and removes it at
#: exit: one file per function per process, not per request, so not a file a request left behind.
TF_AUTOGRAPH = "__autograph_generated_file"


def left_in(folder: Path, *, wait: float = 0.0) -> list[str]:
    """What is in ``folder``; waits up to ``wait`` seconds for it to empty (a response's clean-up runs after it)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.name.startswith(TF_AUTOGRAPH))
        except FileNotFoundError:  # a folder removed while it was listed: the clean-up is under way, look again
            continue
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)


# --------------------------------------------------------------------------- the app's loader


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """The loader's temporary files go here, so what it leaves behind can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


@pytest.mark.parametrize("case", REFUSED, ids=ids(REFUSED))
def test_loader_refuses(case, private_tmp):
    before = open_temp_files(os.getpid(), private_tmp)
    expected = InputTooLargeError if case.status == 413 else AudioLoadError
    with pytest.raises(expected) as info:
        audio.load(case.data, name=case.name, limits=audio.Limits())
    message = str(info.value)
    assert re.search(case.match, message), message
    assert "\x00" not in message and "\u202e" not in message
    assert left_in(private_tmp) == []
    assert open_temp_files(os.getpid(), private_tmp) == before


@pytest.mark.parametrize("case", WARNED, ids=ids(WARNED))
def test_loader_keeps_a_damaged_song_with_a_notice(case, private_tmp):
    notices: list[str] = []
    with pytest.warns(JamWithMeWarning, match=case.match):
        clip = audio.load(case.data, name=case.name, limits=audio.Limits(), notices=notices)
    assert clip.duration >= audio.MIN_DURATION
    assert len(notices) == 1 and re.search(case.match, notices[0])
    assert left_in(private_tmp) == []


# --------------------------------------------------------------------------- the command line


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TMPDIR=str(cwd / "tmp"))
    (cwd / "tmp").mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "jamwithme.cli", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


def cli_path(case: BadInput, folder: Path) -> str:
    """Where the CLI reads the case from: its own name where a file system allows it (unicode, RTL marks)."""
    name = os.path.basename(case.name)
    (folder / name).write_bytes(case.data)
    if "/" in case.name:  # a path that climbs: in/../name
        (folder / "in").mkdir(exist_ok=True)
        return os.path.join("in", "..", name)
    return name


@pytest.mark.parametrize("case", CLI_REFUSED, ids=ids(CLI_REFUSED))
def test_cli_refuses_on_one_line(case, tmp_path):
    proc = cli("separate", cli_path(case, tmp_path), "-o", "out", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert re.search(case.match, lines[0]), lines[0]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists(), "a refused input left an output folder"
    assert left_in(tmp_path / "tmp") == []


@pytest.mark.parametrize("case", WARNED, ids=ids(WARNED))
def test_cli_keeps_a_damaged_song_and_says_so(case, tmp_path):
    proc = cli("tempo", cli_path(case, tmp_path), "--rate", "1.25", "-o", "out.wav", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert re.search(case.match, proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
    assert audio.load(tmp_path / "out.wav").duration > 0
    assert left_in(tmp_path / "tmp") == []


# --------------------------------------------------------------------------- the HTTP API


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``jamwithme serve`` with the default limits, its temporary files in a folder of its own."""
    folder = tmp_path_factory.mktemp("api")
    server_tmp, log_path = folder / "tmp", folder / "server.log"
    with running_api(log_path, tmp=server_tmp, JAMWITHME_API_PRELOAD="1") as (base, proc):
        with httpx.Client(base_url=base, timeout=CLIENT_TIMEOUT) as client:
            client.pid, client.tmp, client.log_path = proc.pid, server_tmp, log_path
            schema = client.get("/openapi.json").json()
            client.upload_paths = sorted(
                path
                for path, item in schema["paths"].items()
                if "multipart/form-data" in item.get("post", {}).get("requestBody", {}).get("content", {})
            )
            yield client


def test_the_api_takes_uploads_at_separate_and_remix(server):
    assert {"/separate", "/remix"} <= set(server.upload_paths)


def post_each(server, case: BadInput):
    """The case uploaded to every endpoint; yields (path, response) with the server's clean-up checked."""
    baseline = open_temp_files(server.pid, server.tmp)
    for path in server.upload_paths:
        response = server.post(path, files={"file": (case.name, case.data, "application/octet-stream")})
        yield path, response
        assert left_in(server.tmp, wait=3.0) == [], f"{path}: files left behind"
        assert open_temp_files(server.pid, server.tmp) == baseline, f"{path}: descriptors left open"
    assert psutil.Process(server.pid).is_running()


def error_of(response: httpx.Response) -> str:
    assert response.headers["content-type"].startswith("application/json"), response.text[:300]
    assert "Traceback" not in response.text
    return response.json()["error"]


@pytest.mark.parametrize("case", REFUSED, ids=ids(REFUSED))
def test_api_refuses_with_a_4xx(server, case):
    for path, response in post_each(server, case):
        assert response.status_code == case.status, (path, response.status_code, response.text[:300])
        message = error_of(response)
        assert re.search(case.match, message), (path, message)
        assert "\x00" not in message and "\u202e" not in message


@pytest.mark.parametrize("case", WARNED, ids=ids(WARNED))
def test_api_keeps_a_damaged_song_with_a_warning_header(server, case):
    for path, response in post_each(server, case):
        if response.status_code == 200:
            warning = unquote(response.headers["X-JamWithMe-Warning"])
            assert re.search(case.match, warning), (path, warning)
        else:  # an endpoint may need more than the damaged song holds (a remix 8 beats, an analysis 4 s): a clear 4xx
            assert response.status_code == 422, (path, response.status_code, response.text[:300])
            message = error_of(response)
            assert "beat" in message or "too short to find a tempo" in message, (path, message)


def test_api_logged_no_traceback(server):
    """Last of the module: every answer above was an answer, not a crash."""
    log = Path(server.log_path).read_text()
    assert "Traceback" not in log, log[-3000:]


def test_generated_inputs_are_what_they_claim():
    """The generators themselves: the cut files really are shorter, the intact song is not refused."""
    from bad_inputs import ffmpeg_bytes, song

    with warnings.catch_warnings():
        warnings.simplefilter("error", JamWithMeWarning)
        intact = audio.load(ffmpeg_bytes(song(), "mp3", "-c:a", "libmp3lame"), name="intact.mp3")
    assert intact.duration == pytest.approx(30.0, abs=0.1)
