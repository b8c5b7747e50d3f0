"""Shared fixtures: synthetic audio with known answers, and the real songs in ../shared."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import os
import re
import shutil
import socket
import time
from pathlib import Path

import numpy as np
import pytest

from jamwithme.audio import SAMPLE_RATE, AudioClip

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project; JAMWITHME_SHARED names it where the checkout lives elsewhere (a worktree).
SHARED = Path(os.environ.get("JAMWITHME_SHARED", ROOT.parent / "shared"))
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


def click_track(
    bpm: float = 120.0,
    seconds: float = 8.0,
    sr: int = SAMPLE_RATE,
    click_freq: float = 1000.0,
    *,
    times: np.ndarray | None = None,
    jitter: float = 0.0,
    seed: int = 0,
):
    """A mono click track: 20 ms decaying tone bursts on every beat. Returns ``(y, beat_times)``.

    ``times`` puts the clicks there instead of every beat at ``bpm`` (a
    ritardando, a drifting band). ``jitter`` moves each click by a normal error
    of that many seconds (a player's hand); the times returned are the grid
    without it, the truth a beat grid should find.
    """
    n = int(round(seconds * sr))
    y = np.zeros(n, np.float32)
    period = 60.0 / bpm
    times = np.arange(0.0, seconds - 0.05, period) if times is None else np.asarray(times, np.float64)
    played = times + np.random.default_rng(seed).normal(0.0, jitter, times.size) if jitter else times
    burst_len = int(0.02 * sr)
    tt = np.arange(burst_len) / sr
    burst = (np.sin(2 * np.pi * click_freq * tt) * np.exp(-tt * 200)).astype(np.float32)
    for t0 in played:
        i = int(round(max(t0, 0.0) * sr))
        y[i : i + burst_len] += burst[: max(n - i, 0)]
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


def wait_for(condition, *, timeout: float = 30.0, interval: float = 0.01, what: str = "the condition"):
    """Poll ``condition()`` until it is true and return its value; fail the test if ``timeout`` s pass first.

    The timeout only bounds a hang: a test asserts the condition, never how
    long it took.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not come true within {timeout:g} s")
        time.sleep(interval)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on (for servers the tests start, or must not reach)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
#: For a page that plays sound without a click first (the player's tests).
CHROMIUM_AUTOPLAY_ARGS = [*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"]


@contextlib.contextmanager
def chromium(args: list[str] = CHROMIUM_ARGS):
    """Debian's Chromium, headless, under Playwright with ``args``; yields the browser and closes it after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def chromium_page(args: list[str] = CHROMIUM_ARGS):
    """A blank 1400 x 1000 page in :func:`chromium`; yields the page and closes the browser after.

    When the test fails inside, what the page showed is kept for reading: a
    screenshot in test-artifacts/failures/, and the page's text, its console's
    last lines and the requests that failed printed into the test's report
    (a fresh-clone CI run keeps only what the report says).
    """
    with chromium(args) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        said: collections.deque[str] = collections.deque(maxlen=40)

        def note(line: str) -> None:
            said.append(f"{time.strftime('%H:%M:%S')} {line[:300]}")

        page.on("console", lambda m: note(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: note(f"page error: {e}"))
        page.on("requestfailed", lambda r: note(f"request failed: {r.url}"))
        page.on("response", lambda r: r.status >= 400 and note(f"{r.status}: {r.url}"))
        try:
            yield page
        except BaseException:
            _tell_what_the_page_showed(page, said)
            raise


def _tell_what_the_page_showed(page, said) -> None:
    """Print a failed browser test's page (URL, text, console) and keep its screenshot."""
    name = os.environ.get("PYTEST_CURRENT_TEST", "browser").split(" ")[0]
    shot = ARTIFACTS / "failures" / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)[-120:]}-{time.strftime('%H%M%S')}.png"
    lines = [f"--- the page when the test failed ({time.strftime('%H:%M:%S')}) ---"]
    with contextlib.suppress(Exception):
        lines.append(f"url: {page.url}")
        lines.append(f"<audio> elements: {page.locator('audio').count()}")
        lines.append("text: " + page.evaluate("() => document.body.innerText").replace("\n", " | ")[:3000])
    with contextlib.suppress(Exception):
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True, timeout=10_000)
        lines.append(f"screenshot: {shot}")
    lines += list(said)
    print("\n".join(lines))


def nav(page, title: str) -> None:
    """Click a page in the app's sidebar navigation (Playwright)."""
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()


def settled(page) -> None:
    """Wait until Streamlit has finished the run (no 'Running…' indicator) (Playwright)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " || !document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running')",
        timeout=120_000,
    )


def load_demo_song(page) -> None:
    """On the Load page, load the demo song from its tab and wait until the sidebar names it (Playwright)."""
    from playwright.sync_api import expect

    # The page's first run draws the tabs: on a cold server beside a load of 22 that took over Playwright's default
    # 30 s (test_browser's another_take, 2026-12-07), so the clicks wait as long as the song's line below does.
    page.get_by_role("tab", name="Demo song").click(timeout=120_000)
    page.get_by_role("button", name="Load the demo song").click(timeout=120_000)
    expect(page.get_by_test_id("stSidebar").get_by_text("demo_song.mp3")).to_be_visible(timeout=120_000)


def separate_on_jam_track(page) -> None:
    """Open the Jam track page and wait for its two stem players, pressing Separate unless the store has them.

    The browser tests of a module share one server, so an earlier test may
    have separated the song already (Playwright).
    """
    from playwright.sync_api import expect

    nav(page, "Jam track")
    # The page left stays on screen, faded, until the new page's run draws over it: the Load page's player
    # is not a stem's. Once this page's title is drawn, every element the run has not drawn again is stale.
    expect(page.get_by_role("heading", name="Jam track", exact=True)).to_be_visible(timeout=60_000)
    separate = page.get_by_role("button", name="Separate")
    drawn_player = page.locator("[data-testid=stElementContainer]:not([data-stale=true]) audio")
    expect(separate.or_(drawn_player.first)).to_be_visible(timeout=60_000)
    if separate.count():
        separate.click()
    expect(page.locator("audio")).to_have_count(2, timeout=240_000)


def goto_when_up(page, url: str, *, timeout: float = 120.0, interval: float = 0.1) -> None:
    """Open ``url`` in ``page`` as soon as a server just started answers it (Playwright).

    Tries every ``interval`` s, each try 2 s at most, and raises the last try's
    error once ``timeout`` s have passed. For the benchmarks, which time a server
    from its start; tests wait for its health instead (``servers.start_server``).
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=2000)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(interval)


@dataclasses.dataclass(frozen=True)
class StreamlitServer:
    url: str
    log: Path


@pytest.fixture(scope="module")
def streamlit_server(tmp_path_factory):
    """``streamlit run app.py`` on a free loopback port with a store of its own; its log is kept for reading."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    from servers import streamlit_app

    folder = tmp_path_factory.mktemp("streamlit")
    hooks = {"JAMWITHME_PLAYER_TEST_HOOKS": "1", "JAMWITHME_TRACE_RERUNS": "1"}  # window.__jamPlayer; reruns logged
    with streamlit_app("streamlit", hooks, folder) as url:  # stopped after: SIGTERM, then SIGKILL if it hangs
        yield StreamlitServer(url, folder / "streamlit.log")


@contextlib.contextmanager
def running_api(log_path: Path, *, tmp: Path | None = None, **env: str):
    """``jamwithme serve`` in a child process on 127.0.0.1 with ``env`` added; yields ``(base_url, process)``.

    ``tmp``: a folder, made here, for the server's temporary files alone (``TMPDIR``), so a test can
    see what a request left there. Waits for ``/health``; stops the server afterwards
    (:func:`servers.server_process`).
    """
    from servers import free_ports, serve_command, server_process

    if tmp is not None:
        tmp.mkdir(parents=True, exist_ok=True)
        env = {"TMPDIR": str(tmp), **env}
    (port,) = free_ports(1)
    with server_process(serve_command(port), {"TF_CPP_MIN_LOG_LEVEL": "2", **env}, log_path, port, "/health") as up:
        yield up


os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


# --- servers: Redis and S3 for the scale-out tests (tests/servers.py starts and stops them)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> str:
    """A Redis the tests started on a free loopback port (stopped at the end of the session)."""
    from servers import redis_server

    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def s3(tmp_path_factory):
    """An S3 server (SeaweedFS ``weed mini``) the tests started on loopback, with its bucket made."""
    from servers import s3_server

    with s3_server(tmp_path_factory.mktemp("s3")) as info:
        yield info


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test that used the app's server or the S3 server gets that server's last log lines in its report."""
    report = yield
    if report.failed and call.when == "call":
        from servers import S3_LOGS

        server = item.funcargs.get("streamlit_server")
        if isinstance(server, StreamlitServer) and server.log.exists():
            tail = server.log.read_text(errors="replace").splitlines()[-150:]
            report.sections.append(("the app server's log, last lines", "\n".join(tail)))
        s3 = item.funcargs.get("s3")
        if s3 is not None and getattr(s3, "url", None) in S3_LOGS and S3_LOGS[s3.url].exists():
            tail = S3_LOGS[s3.url].read_text(errors="replace").splitlines()[-80:]
            report.sections.append(("the S3 server's log (weed mini), last lines", "\n".join(tail)))
    return report
