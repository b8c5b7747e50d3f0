"""Shared fixtures: synthetic audio with known answers, and the real songs in ../shared."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import threading
from pathlib import Path

import numpy as np
import pytest

from jamwithme.audio import SAMPLE_RATE, AudioClip

ROOT = Path(__file__).resolve().parent.parent
#: ../shared beside the project; from a git worktree (one level deeper) it is found one level up.
_PLACES = (ROOT.parent / "shared", ROOT.parent.parent / "shared")
SHARED = next((p for p in _PLACES if p.is_dir()), _PLACES[0])
MUSIC = SHARED / "audio" / "music"
STEMS = SHARED / "audio" / "stems"
FISHIN = MUSIC / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
VIBE_ACE = MUSIC / "Kevin_MacLeod_-_Vibe_Ace.ogg"
DRUM_BASS = MUSIC / "admiralbob77_-_Choice_-_Drum-bass.ogg"
IKALA = STEMS / "ikala_10161_chorus.wav"
ARTIFACTS = ROOT / "test-artifacts"


def shared_file(path: Path) -> Path:
    """A file from ../shared, or skip the test with the reason."""
    if not path.is_file():
        pytest.skip(f"{path} is absent: real audio comes from ../shared beside the project")
    return path


def sine(freq: float = 440.0, seconds: float = 2.0, sr: int = SAMPLE_RATE, amp: float = 0.5) -> np.ndarray:
    """A mono sine, float32 ``(n,)``."""
    t = np.arange(int(round(seconds * sr))) / sr
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def click_track(bpm: float = 120.0, seconds: float = 8.0, sr: int = SAMPLE_RATE, click_freq: float = 1000.0):
    """A mono click track: 20 ms decaying tone bursts on every beat. Returns ``(y, beat_times)``."""
    n = int(round(seconds * sr))
    y = np.zeros(n, np.float32)
    period = 60.0 / bpm
    times = np.arange(0.0, seconds - 0.05, period)
    burst_len = int(0.02 * sr)
    tt = np.arange(burst_len) / sr
    burst = (np.sin(2 * np.pi * click_freq * tt) * np.exp(-tt * 200)).astype(np.float32)
    for t0 in times:
        i = int(round(t0 * sr))
        y[i : i + burst_len] += burst[: n - i]
    return y, times


def stereo(y: np.ndarray, sr: int = SAMPLE_RATE) -> AudioClip:
    return AudioClip(np.stack([y, y]).astype(np.float32), sr)


@pytest.fixture
def sine_clip() -> AudioClip:
    """2 s of a 440 Hz sine in stereo at 44.1 kHz."""
    return stereo(sine())


@pytest.fixture
def click_clip() -> AudioClip:
    """8 s of clicks at 120 BPM in stereo at 44.1 kHz."""
    return stereo(click_track()[0])


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def separator():
    """The shared Separator (TensorFlow and the model load once per test session)."""
    from jamwithme.separation import get_separator

    return get_separator()


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on (for servers the tests start, or must not reach)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients (yt-dlp probing a file) may hang up mid-answer; that is not a test failure


@contextlib.contextmanager
def serve_folder(root: Path):
    """A real HTTP server on 127.0.0.1 serving ``root``; yields its base URL."""
    handler = functools.partial(_QuietFiles, directory=str(root))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
