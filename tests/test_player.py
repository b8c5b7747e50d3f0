"""The practice player in a real browser: tests/player_app.py under `streamlit run`, driven by Playwright.

The app is started with ``JAMWITHME_PLAYER_TEST_HOOKS=1``, so the page exposes ``window.__jamPlayer``
(the live player: its AudioContext, engine, gain nodes, fetch count, and ``renderOffline`` which
renders the same engine in an OfflineAudioContext); the shipped bundle has none of it. Audio is
checked on those renders and on the live graph's state, never on screenshots.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import CHROMIUM, CHROMIUM_AUTOPLAY_ARGS, chromium, free_port, wait_for
from player_song import TONE_HZ, synthetic_stems
from servers import start_server, stop_server, streamlit_command

from jamwithme import export, player_state
from jamwithme.player_state import level_label
from jamwithme.text import decibels

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SONG_SECONDS = 180.0
#: The app serves the player with the hooks these tests read (window.__jamPlayer), not the shipped bundle.
TEST_HOOKS = {"JAMWITHME_PLAYER_TEST_HOOKS": "1"}


def start_app(tmp_path: Path, script: str = "tests/player_app.py", **env) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` of a test app (the player's, by default) with the test hooks on a free port; returns
    (process, url) once healthy. Stop it with :func:`stop`."""
    port = free_port()
    url, proc = start_server(
        streamlit_command(port, script),
        {**TEST_HOOKS, **env},
        tmp_path / "streamlit.log",
        port,
        "/_stcore/health",
        what="streamlit",
    )
    return proc, url


stop = stop_server


@contextlib.contextmanager
def running_app(tmp_path: Path, script: str = "tests/player_app.py", **env) -> Iterator[str]:
    """:func:`start_app` around a ``with`` block: yields the app's URL and stops the app after."""
    proc, url = start_app(tmp_path, script, **env)
    try:
        yield url
    finally:
        stop(proc)


def new_page(browser, url: str):
    """A page opened on the app, its player not waited for; returns (page, console errors, audio requests)."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if "/media/" in r.url and "/static/" not in r.url else None)
    page.goto(url, wait_until="domcontentloaded")
    return page, errors, requests


def ready(page) -> float:
    """Wait until the page's player can play; returns the length of the song it has at that moment.

    The app's first run makes the stems before the player mounts: two 3-minute MP3s took 60 s on the busy
    machine (10 s quiet), so the wait is 5 minutes.
    """
    return page.wait_for_function(
        "() => window.__jamPlayer?.player?.readyMs !== undefined && __jamPlayer.player.engine.duration", timeout=300_000
    ).json_value()


def open_player(browser, url: str):
    """A page with the player ready to play; returns (page, console errors, audio requests)."""
    page, errors, requests = new_page(browser, url)
    ready(page)
    return page, errors, requests


def playing_from(page, start: float) -> None:
    """Wait until the player plays and its playhead has moved off ``start`` (a loop may have wrapped it back)."""
    page.wait_for_function(
        "s => { const e = __jamPlayer.player.engine; return e.playing && Math.abs(e.position - s) > 0.05; }",
        arg=start,
        timeout=60_000,
    )


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    with chromium(CHROMIUM_AUTOPLAY_ARGS) as launched:
        yield launched


@pytest.fixture(scope="module")
def app(browser, tmp_path_factory):
    """The test app with a 3-minute song, and a page with the player ready."""
    with running_app(tmp_path_factory.mktemp("player"), JAM_PLAYER_SECONDS=str(SONG_SECONDS)) as url:
        yield open_player(browser, url)


@pytest.fixture(scope="module")
def song():
    return synthetic_stems(SONG_SECONDS)


def render(page, **options) -> np.ndarray:
    """``player.renderOffline(options)`` as float32 ``(2, n)`` at 44.1 kHz."""
    out = page.evaluate("o => __jamPlayer.player.renderOffline(o)", options)
    assert out["sampleRate"] == 44100
    return np.stack([np.frombuffer(base64.b64decode(c), np.float32) for c in out["channels"]])


def pause(page) -> None:
    page.evaluate("() => { const p = __jamPlayer.player; if (p.engine.playing) p.playPause(); }")


def reported(page, text: str) -> None:
    """Wait until Python has the player's settings containing `text` (the test app shows them).

    That takes a Streamlit rerun, 20 s and more on a busy machine: the wait is conftest.settled's.
    """
    page.wait_for_function("t => document.querySelector('code')?.innerText.includes(t)", arg=text, timeout=120_000)


def settle(page, **settings) -> None:
    """Apply settings as the controls do, then wait for the report to Python (a rerun) to pass."""
    page.evaluate("s => __jamPlayer.player.set(s)", settings)
    reported(page, json.dumps(settings)[1:-1].split(", ")[0])


def onsets(y: np.ndarray, sr: int = 44100, threshold: float = 0.05) -> np.ndarray:
    """Start times (s) of clicks in a mono signal: first sample above threshold after 50 ms of quiet."""
    above = np.flatnonzero(np.abs(y) > threshold)
    if not len(above):
        return np.array([])
    starts = above[np.concatenate([[True], np.diff(above) > 0.05 * sr])]
    return starts / sr


def pitch(y: np.ndarray, sr: int = 44100) -> float:
    """Frequency of the strongest partial (Hz), parabolic interpolation on a Hann-windowed FFT."""
    spec = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    k = int(np.argmax(spec[1:])) + 1
    a, b, c = np.log(spec[k - 1 : k + 2] + 1e-12)
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * sr / len(y)


def silent_ms(y: np.ndarray, sr: int = 44100, floor_db: float = -60.0) -> float:
    """Milliseconds of `y` (mono) whose 1 ms RMS is below `floor_db` dBFS: the gap a listener hears."""
    n = sr // 1000
    frames = y[: len(y) // n * n].reshape(-1, n)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    return float(np.sum(rms < 10 ** (floor_db / 20)))


def crossing(page, change: dict, *, before: dict | None = None, at: float = 1.2, seconds: float = 3.0) -> dict:
    """Record the live output (the tone alone) while `change` is made `at` s in; its gap, dip and click.

    Returns {"gap_ms": ms below -60 dBFS, "drop_ms": ms 20 dB under the steady level, "dip": lowest
    30 ms RMS near the change over the steady RMS, "step": largest sample-to-sample step near the
    change over the steady signal's largest, and where the dip and the step are (s after the change)}.
    """
    settle(page, mute=["clicks"], **(before or {}))
    page.evaluate("__jamPlayer.player.seek(20.2)")
    page.evaluate("__jamPlayer.player.playPause()")
    page.wait_for_function("__jamPlayer.player.engine.position > 20.4", timeout=10_000)
    rec = page.evaluate(
        "([c, at, s]) => { const p = __jamPlayer.player; setTimeout(() => p.set(c), at * 1000);"
        " return p.recordLive(s); }",
        [change, at, seconds],
    )
    pause(page)
    y = np.frombuffer(base64.b64decode(rec["channels"][0]), np.float32)[2205:]  # from 50 ms in
    # 30 ms RMS, the cross-fade's length: two paths out of phase (the stretcher is a phase vocoder)
    # may cancel for a moment inside it, as any cross-fade of a tone does; a gap or a drop would not.
    env = np.sqrt(np.convolve(y.astype(np.float64) ** 2, np.ones(1323) / 1323, mode="valid"))
    near = slice(round((at - 0.3) * 44100), round((at + 0.6) * 44100))
    steady = np.median(env)
    step = np.abs(np.diff(y))
    calm = np.concatenate([step[: near.start], step[near.stop :]])
    return {
        "gap_ms": silent_ms(y),
        "drop_ms": silent_ms(y, floor_db=20 * np.log10(steady) - 20),
        "dip": float(env[near].min() / steady),
        "step": float(step[near].max() / calm.max()),
        "step_at": round(float(np.argmax(step[near]) + near.start) / 44100 + 0.05 - at, 4),
        "dip_at": round(float(np.argmin(env[near]) + near.start) / 44100 + 0.05 - at, 4),
    }


def test_playable_when_ready(app):
    page, _, requests = app
    ready_ms = page.evaluate("__jamPlayer.player.readyMs")
    print(f"ready to play {ready_ms:.0f} ms after the component mounted ({SONG_SECONDS:.0f} s song)")
    assert page.evaluate("__jamPlayer.player.engine.duration") == pytest.approx(SONG_SECONDS, abs=0.01)
    assert page.evaluate("__jamPlayer.player.fallback") == ""  # the stretch worklet runs
    assert len({u for u in requests}) == 2  # one fetch per stem


def test_mix_changes_while_playing(app):
    page, _, requests = app
    page.locator("[data-testid=jam-play]").click()
    page.wait_for_function("__jamPlayer.player.engine.position > 0.3", timeout=60_000)
    before = page.evaluate("[__jamPlayer.fetches, __jamPlayer.player.engine.ctx.currentTime]")
    fetched = len(requests)
    # Move the tone's level slider to -12 dB: its gain node follows (how soon is checked on the audio
    # clock below, and bench/player.py reports the wall-clock delay; a busy machine's timers say nothing).
    page.evaluate(
        """() => { const slider = __jamPlayer.player.root.querySelector('[data-testid="jam-level-tone"]');
        slider.value = '-12'; slider.dispatchEvent(new Event('input')); }"""
    )
    page.wait_for_function("Math.abs(__jamPlayer.player.engine.stems[0].gain.gain.value - 10 ** (-12 / 20)) < 0.01")
    page.locator("[data-testid=jam-mute-clicks]").click()
    page.wait_for_function("__jamPlayer.player.engine.stems[1].gain.gain.value < 1e-3")
    page.locator("[data-testid=jam-mute-clicks]").click()
    page.locator("[data-testid=jam-solo-clicks]").click()
    page.wait_for_function("__jamPlayer.player.engine.stems[0].gain.gain.value < 1e-3")
    assert page.evaluate("__jamPlayer.player.engine.stems[1].gain.gain.value") == pytest.approx(1, abs=1e-3)
    reported(page, '"solo": ["clicks"]')  # the settings reached Python: a rerun, which must not reload the player
    assert '"tone": -12.0' in page.locator("code").first.inner_text()
    after = page.evaluate("[__jamPlayer.fetches, __jamPlayer.player.engine.ctx.currentTime]")
    assert after[0] == before[0] and len(requests) == fetched  # nothing fetched again
    assert after[1] > before[1] + 0.5  # the clock kept running
    assert page.evaluate("__jamPlayer.player.engine.playing")
    settle(page, solo=[], levels={"tone": 0, "clicks": 0})
    pause(page)


def test_level_change_takes_effect_within_50_ms(app):
    """On the audio clock: a level change made while playing reaches the new level within 50 ms."""
    page, _, _ = app
    at = 1.0
    y = render(
        page,
        **{
            "from": 30.0,
            "seconds": 2.0,
            "settings": {"mute": ["clicks"]},
            "changes": [{"at": at, "settings": {"levels": {"tone": -12.0}}}],
        },
    )
    env = np.sqrt(np.convolve(y[0] ** 2, np.ones(441) / 441, mode="same"))  # 10 ms RMS
    before, after = np.median(env[22050:40000]), np.median(env[60000:])
    assert 20 * np.log10(after / before) == pytest.approx(-12, abs=0.1)
    # Within 10 ms RMS smoothing + 50 ms of the change, the level is within 0.5 dB of the new one.
    settled = env[round((at + 0.05 + 0.005) * 44100) :]
    assert np.all(np.abs(20 * np.log10(settled[: 22050 // 2] / after)) < 0.5)


def test_loop_wraps_without_gap(app):
    page, _, _ = app
    settle(page, loop_on=True, loop_start=10.0, loop_end=14.0)
    page.evaluate("__jamPlayer.player.seek(13.2)")
    page.locator("[data-testid=jam-play]").click()
    # Once the next pass is planned, the playhead over 1.5 s from where play began, on the audio clock, every
    # 10 ms (read from the plan: timers on a busy machine sample too coarsely to see the wrap). From where play
    # began, not from now: the plan keeps what was played (HISTORY, 10 s), and in ci21 (three suites side by
    # side) "now" came after the wrap, 0.8 s in, so the window held no wrap at all.
    page.wait_for_function("__jamPlayer.player.engine.segments.length >= 2", timeout=10_000)
    positions = page.evaluate(
        """() => { const e = __jamPlayer.player.engine, t = e.segments[0].t0;
        return Array.from({length: 150}, (_, k) => e.positionAt(t + k * 0.01)); }"""
    )
    pause(page)
    assert max(positions) <= 14.0 + 1e-6
    wrap = int(np.argmin(np.diff(positions)))
    assert positions[wrap] > 13.8 and positions[wrap + 1] < 10.2
    # Offline: 1 s before the wrap to 1 s after, the tone alone. (A 10 ms crossfade of a tone in
    # opposite phase on the two sides would dip, as any crossfade does; at 14 s the phases meet.)
    for speed in (1.0, 0.8):
        y = render(page, **{"from": 13.0, "seconds": 2.0 / speed, "settings": {"speed": speed, "mute": ["clicks"]}})
        env = np.sqrt(np.convolve(y[0] ** 2, np.ones(88) / 88, mode="valid"))  # 2 ms RMS
        steady = np.median(env[4410:-4410])
        around = env[round((1.0 / speed - 0.05) * 44100) : round((1.0 / speed + 0.05) * 44100)]
        assert around.min() > 0.6 * steady, f"dip to {around.min() / steady:.2f} of the level at the wrap ({speed}x)"
    settle(page, loop_on=False)


def test_live_stretch_plays_on_the_beat_and_wraps(app):
    """Recorded from the live graph at 0.8x: every click is heard where the playhead says that beat is."""
    page, _, _ = app
    settle(page, speed=0.8, mute=["tone"], loop_on=True, loop_start=10.0, loop_end=11.75)
    page.evaluate("__jamPlayer.player.seek(11.2)")
    page.locator("[data-testid=jam-play]").click()
    playing_from(page, 11.2)
    rec = page.evaluate("__jamPlayer.player.recordLive(3)")
    y = np.frombuffer(base64.b64decode(rec["channels"][0]), np.float32)
    heard = rec["start"] + onsets(y)
    where = np.array(page.evaluate("ts => ts.map(t => __jamPlayer.player.engine.positionAt(t))", heard.tolist()))
    pause(page)
    settle(page, speed=1.0, mute=[], loop_on=False)
    assert len(heard) >= 4
    assert np.all(np.abs(where - np.round(where * 2) / 2) < 0.010 * 0.8)  # on a beat, within 10 ms
    assert {10.0, 11.5} <= set(np.round(where * 2) / 2)  # the loop's last beat and, after the wrap, its first


@pytest.mark.parametrize("change", [{"speed": 0.8}, {"semitones": 3}, {"speed": 1.25, "semitones": -2}])
def test_live_changes_keep_the_beat(app, change):
    """Speed and key changed while playing (from 1.0x, 0 st): the clicks stay where the playhead says."""
    page, _, _ = app
    settle(page, mute=["tone"])
    page.evaluate("__jamPlayer.player.seek(20.2)")
    page.locator("[data-testid=jam-play]").click()
    playing_from(page, 20.2)
    rec = page.evaluate(
        "c => { const p = __jamPlayer.player; setTimeout(() => p.set(c), 1200); return p.recordLive(3); }", change
    )
    y = np.frombuffer(base64.b64decode(rec["channels"][0]), np.float32)
    heard = rec["start"] + onsets(y)
    where = np.array(page.evaluate("ts => ts.map(t => __jamPlayer.player.engine.positionAt(t))", heard.tolist()))
    assert page.evaluate("__jamPlayer.player.engine.playing")
    pause(page)
    settle(page, speed=1.0, semitones=0, mute=[])
    assert len(heard) >= 5 and np.all(np.diff(heard) > 0.3)  # no click lost or doubled at the change
    assert np.all(np.abs(where - np.round(where * 2) / 2) < 0.010 * max(1.0, change.get("speed", 1.0)))


@pytest.mark.parametrize(
    "before, change",
    [
        ({}, {"speed": 0.75}),
        ({"speed": 0.75}, {"speed": 1.0}),
        ({}, {"semitones": 2}),
        ({"semitones": 2}, {"semitones": 0}),
    ],
)
def test_crossing_one_x_is_gapless(app, before, change):
    """Speed or key across 1.0x / 0 st while playing: no silence, no dip, no click (recorded live)."""
    page, _, _ = app
    heard = crossing(page, change, before=before)
    settle(page, speed=1.0, semitones=0, mute=[])
    assert heard["gap_ms"] == 0, heard  # no silence (the measure: output below -60 dBFS)
    # A tone cross-faded with itself in another phase (the stretcher is a phase vocoder) cancels
    # for a moment mid-fade, a few ms under 20 dB; a gap or a cold start would last 35-175 ms.
    assert heard["drop_ms"] <= 6, heard
    # Over 30 ms never 8 dB under the steady level (two tones in opposite phase cross-faded linearly
    # over 30 ms: 0.58 of it at best; the stretcher's phase drifts against the direct path's).
    assert heard["dip"] > 0.4, heard
    assert heard["step"] < 2.5, heard  # no sample jumps out of the tone's own slope (a click)


def test_speed_follows_the_clock(app):
    """At 0.8x the song advances 0.8 s for every second the audio device plays.

    Measured against the audio clock (the AudioContext's), which a sound card keeps in step with the wall clock:
    a headless browser's fake device on a loaded machine renders late and its clock falls behind the wall's
    (ci38: 0.8 against the wall read 0.70 there, its clock at 0.88 of the wall's), while the song still advances
    0.8 s a second of its own clock."""
    page, _, _ = app
    settle(page, speed=0.8)
    page.evaluate("__jamPlayer.player.seek(30)")
    page.locator("[data-testid=jam-play]").click()
    playing_from(page, 30.0)
    song, played, wall = page.evaluate(
        """async () => {
        const e = __jamPlayer.player.engine;
        const p0 = e.position, c0 = e.ctx.currentTime, t0 = performance.now();
        await new Promise(r => setTimeout(r, 3000));
        return [e.position - p0, e.ctx.currentTime - c0, (performance.now() - t0) / 1000];
    }"""
    )
    pause(page)
    settle(page, speed=1.0)
    assert played > 0.5 * wall, f"the audio clock ran {played:.2f} s in {wall:.2f} s: it is not playing"
    assert song / played == pytest.approx(0.8, rel=0.02)


def test_key_change_raises_the_pitch(app):
    page, _, _ = app
    y = render(page, **{"from": 20.0, "seconds": 3.0, "settings": {"semitones": 2, "mute": ["clicks"]}})
    hz = pitch(y[0, 22050:])
    cents = 1200 * np.log2(hz / (TONE_HZ * 2 ** (2 / 12)))
    assert abs(cents) < 10, f"{hz:.2f} Hz is {cents:+.1f} cents off +2 semitones"


def test_slowed_playback_starts_with_its_first_beat(app):
    """A beat right where playback starts is heard whole, not lost in the stretcher's warm-up."""
    page, _, _ = app
    y = render(page, **{"from": 17.0, "seconds": 1.0, "settings": {"speed": 0.8, "mute": ["tone"]}})
    later = np.abs(y[0, round(0.6 * 44100) : round(0.7 * 44100)]).max()  # the next beat, at 0.625 s
    assert np.abs(y[0, : round(0.03 * 44100)]).max() > 0.7 * later


@pytest.mark.parametrize("speed", [1.0, 0.8])
def test_metronome_on_the_beats(app, song, speed):
    page, _, _ = app
    beats = song[1].beats
    start = 40.25  # between beats
    y = render(
        page,
        **{
            "from": start,
            "seconds": 4.0,
            "settings": {"speed": speed, "mute": ["tone", "clicks"], "metronome": True, "metronome_db": 0},
        },
    )
    found = onsets(y[0])
    expected = (beats[(beats >= start) & (beats < start + 4.0 * speed - 0.05)] - start) / speed
    assert len(found) == len(expected)
    assert np.max(np.abs(found - expected)) < 0.010


def test_export_matches_the_browser(app, song):
    page, _, _ = app
    stems, grid = song
    settings = {"levels": {"tone": -3.0, "clicks": -6.0}, "metronome": True, "metronome_db": -12.0}
    y = render(page, **{"from": 0.0, "seconds": 20.0, "settings": settings})
    state = player_state.PlayerState(**settings)
    short = {name: type(clip)(clip.samples[:, : 20 * 44100]) for name, clip in stems.items()}
    ref = export.render(short, state, grid=grid.within(0.0, 20.0)).samples
    n = min(ref.shape[1], y.shape[1])
    err = y[:, : n - 441] - ref[:, : n - 441]  # the browser fades the last 10 ms out
    snr = 10 * np.log10(np.sum(ref[:, : n - 441] ** 2) / np.sum(err**2))
    assert snr >= 40, f"SNR {snr:.1f} dB"


def test_count_in_leads_into_the_music(app):
    page, _, _ = app
    y = render(page, **{"from": 20.0, "seconds": 4.0, "settings": {"count_in": True, "mute": ["tone"]}})
    found = onsets(y[0])
    # One bar of 4 clicks half a second apart (120 BPM), then the song's own clicks from the bar line on.
    np.testing.assert_allclose(found, np.arange(8) * 0.5, atol=0.005)
    assert np.abs(y[0, :22050]).max() < 0.3 < np.abs(y[0, 88200 : 88200 + 2205]).max()  # count-in at -12 dB


@pytest.mark.parametrize("speed", [1.0, 0.8])
def test_count_in_before_every_loop_pass(app, speed):
    page, _, _ = app
    settings = {"speed": speed, "mute": ["tone"], "loop_on": True, "loop_start": 10.0, "loop_end": 12.0}
    settings.update(count_in=True, count_in_every_pass=True)
    y = render(page, **{"from": 11.5, "seconds": 4.4 / speed, "settings": settings})
    beat = 0.5 / speed
    # The beat at 11.5 s, a bar of count-in at the loop's end, then the loop from 10 s again.
    expected = np.concatenate([[0.0], beat * np.arange(1, 5), beat * np.arange(5, 9)])
    np.testing.assert_allclose(onsets(y[0]), expected, atol=0.01)


def test_speed_trainer_raises_the_speed_each_pass(app):
    page, _, _ = app
    settings = {"loop_on": True, "loop_start": 10.0, "loop_end": 12.0, "trainer_on": True, "trainer_step": 10}
    settings.update(trainer_every=1, trainer_target=1.2)
    out = page.evaluate(
        "o => __jamPlayer.player.renderOffline(o)", {"from": 10.0, "seconds": 5.0, "settings": settings}
    )
    assert out["speed"] == pytest.approx(1.2)


def test_the_speed_trainer_speaks_in_percent_and_refuses_what_is_out_of_range(app):
    """QA: the trainer's fields mixed "%" and "×" (the speed slider says "100 %"), and 100 typed in its target,
    whose top was 1.5, became 1.5 unsaid. Its speeds are in % as the slider's, and a value out of range says
    the range and is not taken."""
    page, _, _ = app
    fields = player_state.contract()["fields"]
    settle(page, trainer_target=1.0, trainer_step=5)
    target, error = page.locator("[data-testid=jam-trainer-target]"), page.locator("[data-testid=jam-trainer-error]")
    low, high = (round(fields["trainer_target"][a] * 100) for a in ("min", "max"))
    assert [target.get_attribute(a) for a in ("min", "max", "value")] == [str(low), str(high), "100"]
    assert (
        "%" in page.locator(".jam-player .trainer").inner_text() and "×" not in page.locator(".jam-player").inner_text()
    )
    assert page.locator("[data-testid=jam-speed]").evaluate("e => e.closest('label').innerText").endswith("%")
    state = "__jamPlayer.player.state"
    target.fill("1.2")  # a ratio typed where % is asked: out of range, said
    target.press("Enter")
    assert error.inner_text() == f"Trainer target speed must be from {low} % to {high} %"
    assert page.evaluate(f"{state}.trainer_target") == 1.0 and target.get_attribute("aria-invalid") == "true"
    target.fill("200")
    target.press("Enter")
    assert page.evaluate(f"{state}.trainer_target") == 1.0 and error.is_visible()
    target.fill("120")
    target.press("Enter")
    assert page.evaluate(f"{state}.trainer_target") == pytest.approx(1.2)
    assert error.inner_text() == "" and not error.is_visible()
    step = page.locator("[data-testid=jam-trainer-step]")
    step.fill("30")
    step.press("Enter")
    assert error.inner_text() == "Trainer step must be from 1 % to 20 %" and page.evaluate(f"{state}.trainer_step") == 5
    every = page.locator("[data-testid=jam-trainer-every]")
    every.fill("2.5")
    every.press("Enter")
    assert error.inner_text() == "Passes per step must be a whole number from 1 to 16"
    step.fill("10")
    step.press("Enter")
    assert page.evaluate(f"{state}.trainer_step") == 10 and error.inner_text() == ""
    settle(page, trainer_target=1.0, trainer_step=5, trainer_every=2)


def test_a_song_without_a_beat_plays_without_metronome_count_in_or_bar_loops(browser, tmp_path):
    """No steady beat found: the grid's controls are off and say why (they clicked a made-up 120 BPM); the
    saved metronome and count-in are not applied; the song still plays and loops from A to B."""
    with running_app(tmp_path, JAM_PLAYER_SECONDS="20", JAM_PLAYER_NO_BEAT="1") as url:
        page, errors, _ = open_player(browser, url)
        note = page.locator("[data-testid=jam-no-beat]")
        assert "No steady beat found" in note.inner_text()
        for testid in ("jam-metronome", "jam-count-in", "jam-count-in-every-pass", "jam-loop-bars"):
            assert page.locator(f"[data-testid={testid}]").is_disabled(), testid
        state = page.evaluate("() => __jamPlayer.player.state")
        assert not state["metronome"] and not state["count_in"], state
        page.evaluate("() => __jamPlayer.player.set({ metronome: true, loop_start: 2, loop_end: 4, loop_on: true })")
        assert not page.evaluate("() => __jamPlayer.player.state.metronome")
        page.evaluate("() => __jamPlayer.player.playPause()")
        playing_from(page, 0.0)
        assert not errors, errors


def focus_player(page) -> None:
    """Click the player where nothing acts (its time display): the player has focus, its keys are live."""
    page.locator(".jam-player .time").click()


def test_keyboard(app):
    page, _, _ = app
    engine = "__jamPlayer.player.engine"
    settle(page, loop_on=False, loop_start=0.0, loop_end=0.0)
    page.evaluate("__jamPlayer.player.seek(60.1)")
    focus_player(page)
    page.keyboard.press("ArrowRight")
    assert page.evaluate(f"{engine}.position") == pytest.approx(62.0)  # the next bar line
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(f"{engine}.position") == pytest.approx(58.0)
    page.keyboard.press("Minus")
    assert page.evaluate(f"{engine}.speed") == pytest.approx(0.95)
    page.keyboard.press("Equal")
    assert page.evaluate(f"{engine}.speed") == pytest.approx(1.0)
    page.keyboard.press("[")  # A at the playhead: no loop yet, and no 1-second one
    assert page.evaluate(f"{engine}.loop") is None
    assert page.evaluate("__jamPlayer.player.state.loop_start") == pytest.approx(58.0)
    assert "A at 0:58" in page.locator("[data-testid=jam-loop-mark]").inner_text()
    page.evaluate("__jamPlayer.player.seek(61)")
    page.keyboard.press("]")  # B: the loop is A to B
    assert page.evaluate(f"{engine}.loop") == {"start": 58.0, "end": 61.0}
    assert page.locator("[data-testid=jam-loop-mark]").inner_text() == ""
    page.evaluate("__jamPlayer.player.seek(59.5)")
    page.keyboard.press("[")  # a new A inside the loop keeps B
    assert page.evaluate(f"{engine}.loop") == {"start": 59.5, "end": 61.0}
    page.keyboard.press("l")
    assert page.evaluate(f"{engine}.loop") is None
    page.keyboard.press("ArrowUp")
    assert page.evaluate(f"{engine}.semitones") == 1
    page.keyboard.press("ArrowDown")
    assert page.evaluate(f"{engine}.semitones") == 0
    page.keyboard.press("Space")
    assert page.evaluate(f"{engine}.playing")
    page.keyboard.press("Space")
    assert not page.evaluate(f"{engine}.playing")
    help_box = page.locator("[data-testid=jam-shortcuts]")
    assert not help_box.is_visible()
    page.keyboard.press("?")
    assert help_box.is_visible() and "loop start (A) at the playhead" in help_box.inner_text()
    page.keyboard.press("?")
    assert not help_box.is_visible()


def test_the_controls_take_their_ranges_from_the_player_state(app):
    """The bundle has no ranges of its own: each control's min, max and step are PlayerState's, sent with the song."""
    page, _, _ = app
    fields = player_state.contract()["fields"]
    for testid, field in [("jam-speed", "speed"), ("jam-key", "semitones"), ("jam-metronome-level", "metronome_db"),
                          ("jam-level-tone", "levels"), ("jam-trainer-every", "trainer_every")]:  # fmt: skip
        control = page.locator(f"[data-testid={testid}]")
        shown = [float(control.get_attribute(a)) for a in ("min", "max", "step")]
        assert shown == [fields[field][a] for a in ("min", "max", "step")], testid
    settle(page, semitones=0)
    focus_player(page)
    for _ in range(int(fields["semitones"]["max"]) + 2):  # up past the top: held at PlayerState's +12
        page.keyboard.press("ArrowUp")
    assert page.evaluate("__jamPlayer.player.state.semitones") == fields["semitones"]["max"]
    settle(page, semitones=0)


def test_levels_read_as_the_mixer_page_writes_them(app):
    """QA: the Mixer page said "-9.0 dB" where the player said "−9 dB". The controls show PlayerState's labels,
    written by the one rule the pages use (jamwithme.text.decibels; "off" at a stem's floor)."""
    page, _, _ = app
    move = "(e, v) => { e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); }"
    shown = "e => e.closest('label').querySelector('output').textContent"
    level, click = page.locator("[data-testid=jam-level-tone]"), page.locator("[data-testid=jam-metronome-level]")
    for db in (-9.0, 1.5, player_state.LEVEL_RANGE[0], 0.0):
        level.evaluate(move, str(db))
        assert level.evaluate(shown) == level_label(db), db
    for db in (-12.0, -3.0):
        click.evaluate(move, str(db))
        assert click.evaluate(shown) == decibels(db), db
    assert [level_label(-9.0), decibels(-12.0)] == ["−9 dB", "−12 dB"]
    settle(page, metronome_db=-12.0)


def test_keys_of_other_widgets_leave_the_player_alone(app):
    """A Streamlit slider with focus takes its arrows (and the player's space, minus) for itself."""
    page, _, _ = app
    engine = "__jamPlayer.player.engine"
    page.evaluate("__jamPlayer.player.seek(60.1)")
    page.get_by_role("slider", name="A slider of the page's own").focus()
    for key in ("ArrowRight", "Minus", "Space", "BracketLeft", "KeyL"):
        page.keyboard.press(key)
    assert page.evaluate(f"[{engine}.position, {engine}.speed, {engine}.playing]") == [pytest.approx(60.1), 1, False]
    assert page.evaluate("__jamPlayer.player.state.loop_on") is False
    # A button of the player's own with focus: space plays once (the shortcut, not also the button's click).
    page.locator("[data-testid=jam-mute-clicks]").focus()
    page.keyboard.press("Space")
    assert page.evaluate(f"{engine}.playing")
    assert page.evaluate("__jamPlayer.player.state.mute") == []
    pause(page)


NOW = "__jamPlayer.player.root.querySelector('[data-testid=jam-now-chord]')"


def text_of(page, testid: str) -> str:
    return page.locator(f"[data-testid={testid}]").inner_text()


def test_chords_follow_the_music_in_the_key_played(app):
    """The chord now and next, large; the lane, the chart and the big chords move with the key."""
    page, _, _ = app
    settle(page, semitones=0, loop_on=False)
    page.evaluate("__jamPlayer.player.seek(10.5)")  # bar 6: G7, then Am
    page.wait_for_function(f"{NOW}.innerText === 'G7'")
    assert text_of(page, "jam-next-chord") == "Am"
    size = page.evaluate(f"parseFloat(getComputedStyle({NOW}).fontSize)")
    assert size >= 40  # readable from a music stand
    settle(page, semitones=2)  # C major -> D major
    page.wait_for_function(f"{NOW}.innerText === 'A7'")
    assert text_of(page, "jam-next-chord") == "Bm"
    assert "D major" in page.locator(".jam-player .key-name").inner_text()
    chart = page.locator(".jam-player .chart-bar[data-bar='8'] .chart-chord").all_inner_texts()
    assert chart == ["G", "A7"]  # bar 8: F then G7 halfway, a change inside the bar as the .cho writes it
    lane = page.evaluate(
        "[...__jamPlayer.player.ws.getWrapper().querySelectorAll('.jam-lane.chords span')].map(s => s.title)"
    )
    assert lane[:5] == ["D", "A7", "Bm", "G", "A7"]
    # While playing, the chord shown changes with the music: at 15.0 s G7 (A7 here) follows F (G).
    page.evaluate("__jamPlayer.player.seek(14.2)")
    page.locator("[data-testid=jam-play]").click()
    page.wait_for_function(f"{NOW}.innerText === 'G'")
    page.wait_for_function(f"{NOW}.innerText === 'A7'")
    assert page.evaluate("__jamPlayer.player.engine.position") >= 15.0
    pause(page)
    settle(page, semitones=0)


def test_in_a_loop_the_next_chord_is_the_loops_first(app):
    """Found walking the app: looping bars 5-6, "Next" named bar 7's chord, which the loop never reaches."""
    page, _, _ = app
    settle(page, semitones=0, loop_on=False)
    bars = page.locator("[data-testid=jam-loop-bars]")
    bars.fill("5-6")  # C, then G7; bar 7 is Am
    bars.press("Enter")
    assert page.evaluate("__jamPlayer.player.engine.loop") == {"start": 8.0, "end": 12.0}
    page.evaluate("__jamPlayer.player.seek(10.5)")
    page.wait_for_function(f"{NOW}.innerText === 'G7'")
    assert text_of(page, "jam-next-chord") == "C"
    page.evaluate("__jamPlayer.player.seek(8.5)")
    page.wait_for_function(f"{NOW}.innerText === 'C'")
    assert text_of(page, "jam-next-chord") == "G7"
    settle(page, loop_on=False)
    page.evaluate("__jamPlayer.player.seek(10.5)")
    page.wait_for_function(f"{NOW}.innerText === 'G7'")
    assert text_of(page, "jam-next-chord") == "Am"  # no loop: the song's next


def test_the_chart_follows_playback_and_a_bar_clicked_seeks(app):
    page, _, _ = app
    lit = "__jamPlayer.player.root.querySelector('.chart-bar.now')?.dataset.bar"
    page.evaluate("__jamPlayer.player.seek(30.5)")
    page.wait_for_function(f"{lit} === '16'")
    page.locator("[data-testid=jam-play]").click()
    page.wait_for_function(f"{lit} === '17'", timeout=10_000)  # the bar line at 32 s
    pause(page)
    page.locator(".jam-player .chart-bar[data-bar='80']").click()
    assert page.evaluate("__jamPlayer.player.engine.position") == pytest.approx(158.0)
    page.wait_for_function(f"{lit} === '80'")
    # The lit bar is in view in the chart, which scrolled itself; the page did not move.
    top = page.evaluate("window.scrollY")
    page.wait_for_function(
        """() => { const c = __jamPlayer.player.root.querySelector('.chart'), b = c.querySelector('.chart-bar.now');
        const r = b.getBoundingClientRect(), v = c.getBoundingClientRect();
        return r.top >= v.top - 1 && r.bottom <= v.bottom + 1; }"""
    )
    assert page.evaluate("window.scrollY") == top


def lane_labels(page, lane: str = "chords") -> list[dict]:
    """The labels of a lane under the waveform: text, where it is, and whether it is cut short."""
    return page.evaluate(
        """l => [...__jamPlayer.player.ws.getWrapper().querySelectorAll(`.jam-lane.${l} span`)].map(s => {
            const r = s.getBoundingClientRect();
            const clipped = s.scrollWidth > s.clientWidth + 0.5;
            return {text: s.textContent, left: r.left, right: r.left + s.scrollWidth, clipped};
        })""",
        lane,
    )


def test_zoom_to_a_few_bars_and_the_lane_labels_never_overlap(app):
    page, _, _ = app
    seconds = "__jamPlayer.player.view.visibleSeconds()"
    page.evaluate("__jamPlayer.player.seek(40.0)")
    whole = page.evaluate(seconds)
    assert whole == pytest.approx(SONG_SECONDS, rel=0.02)
    for lane in ("bars", "chords", "sections"):
        shown = [x for x in lane_labels(page, lane) if x["text"]]
        assert not any(x["clipped"] for x in shown)
        assert all(a["right"] <= b["left"] + 0.5 for a, b in zip(shown, shown[1:]))  # no label runs into the next
    bar_numbers = [int(x["text"]) for x in lane_labels(page, "bars") if x["text"]]
    assert bar_numbers[:3] in ([1, 5, 9], [1, 9, 17])  # every 4th or 8th bar numbered, as the width allows
    for _ in range(8):
        page.locator("[data-testid=jam-zoom-in]").click()
    near = page.evaluate(seconds)
    assert 2 * 2.0 <= near <= 4 * 2.0 + 0.01  # two to four bars of 2 s across the waveform
    box = page.locator(".jam-player .wave").bounding_box()
    view = [x for x in lane_labels(page) if box["x"] <= x["left"] and x["right"] <= box["x"] + box["width"]]
    assert view and all(x["text"] and not x["clipped"] for x in view)  # zoomed in, every chord is named
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40)
    page.mouse.wheel(0, 400)  # the wheel over the waveform zooms out
    page.wait_for_function(f"{seconds} > {near * 1.5}")
    page.locator("[data-testid=jam-zoom-out]").click()
    for _ in range(8):
        page.locator("[data-testid=jam-zoom-out]").click()
    assert page.evaluate(seconds) == pytest.approx(whole, rel=0.02)


def section_names_in_view(page) -> list[str]:
    """The section names shown whole inside the visible waveform (the text itself, not its span)."""
    box = page.locator(".jam-player .wave").bounding_box()
    return page.evaluate(
        """([left, right]) => [...__jamPlayer.player.ws.getWrapper().querySelectorAll('.jam-lane.sections span')]
            .filter(s => s.textContent).map(s => {
                const text = document.createRange();
                text.selectNodeContents(s);
                const r = text.getBoundingClientRect(), own = s.getBoundingClientRect();
                const whole = r.width > 0 && r.left >= own.left - 0.5 && r.right <= own.right + 0.5;
                return whole && r.left >= left - 0.5 && r.right <= right + 0.5 ? s.textContent : null;
            }).filter(Boolean)""",
        [box["x"], box["x"] + box["width"]],
    )


def test_zoomed_in_the_section_sounding_is_named_though_it_began_off_screen(app):
    """QA walk: zoomed in to a few bars inside the verse (0-90 s), the section lane showed nothing: the verse's name
    sat at 0 s, off the left edge. The section sounding is drawn with its name in view, wherever it began."""
    page, _, _ = app
    seconds = "__jamPlayer.player.view.visibleSeconds()"

    def view_start() -> float:
        return page.evaluate("(() => { const w = __jamPlayer.player.ws; return w.getScroll()"
                             " / w.getWrapper().clientWidth * w.getDuration(); })()")  # fmt: skip

    try:
        for at, name in ((40.0, "verse"), (120.0, "chorus")):
            page.evaluate(f"__jamPlayer.player.seek({at})")
            for _ in range(8):
                page.locator("[data-testid=jam-zoom-in]").click()
            # The zoom and the scroll that keeps the cursor in view are drawn a frame or more after the clicks.
            page.wait_for_function(f"{seconds} <= {4 * 2.0 + 0.01}")  # a few bars: the section began far left
            wait_for(lambda: view_start() > at - 10.0, what=f"the view scrolled to {at} s")  # noqa: B023
            assert view_start() > (0.0 if name == "verse" else 90.0) + 5.0, view_start()  # began off-screen
            wait_for(lambda: section_names_in_view(page) == [name], what=f"{name} named in view")  # noqa: B023
            for _ in range(9):
                page.locator("[data-testid=jam-zoom-out]").click()
            # The whole song: each at its start.
            wait_for(lambda: section_names_in_view(page) == ["verse", "chorus"], what="both named, zoomed out")
    finally:
        for _ in range(9):
            page.locator("[data-testid=jam-zoom-out]").click()
        page.evaluate("__jamPlayer.player.seek(0)")


def test_the_timeline_reads_minutes_and_seconds_throughout(app):
    """Found walking the app: the waveform's timeline read "0 10 20 30 40 50 60 1:10": seconds, then m:ss."""
    page, _, _ = app
    page.evaluate("__jamPlayer.player.seek(0)")
    labels = page.evaluate(
        """() => [...__jamPlayer.player.ws.getWrapper().getRootNode().querySelectorAll('[part~="timeline-notch"]')]
            .map(e => e.textContent).filter(Boolean)"""
    )
    assert "1:00" in labels and "0:30" in labels, labels
    assert all(re.fullmatch(r"\d+:\d\d(\.\d+)?", label) for label in labels), labels


def test_the_zoom_buttons_are_named_apart_from_the_key(app):
    """Bare, the zoom's − and + sat just after "Key +2 st · C major" and read as the key's down and up."""
    page, _, _ = app
    group = page.locator("[data-testid=jam-zoom-in]").evaluate("e => e.parentElement.innerText")
    assert group.split()[0] == "Zoom", group


def test_two_fingers_spread_on_the_waveform_zoom_in(app, browser):
    """A pinch on a touch screen (a tablet on a music stand) zooms the waveform, not the page."""
    page, _, _ = app
    context = browser.new_context(has_touch=True, viewport={"width": 768, "height": 1024})
    try:
        tablet = context.new_page()
        tablet.goto(page.url, wait_until="domcontentloaded")
        ready(tablet)
        whole = tablet.evaluate("__jamPlayer.player.view.visibleSeconds()")
        box = tablet.locator(".jam-player .wave").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + 40
        cdp = context.new_cdp_session(tablet)

        def touch(kind: str, spread: float) -> None:
            points = [{"x": x - spread, "y": y, "id": 0}, {"x": x + spread, "y": y, "id": 1}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [] if kind == "touchEnd" else points})

        touch("touchStart", 20)
        for spread in range(30, 170, 10):
            touch("touchMove", spread)
        touch("touchEnd", 160)
        tablet.wait_for_function(f"__jamPlayer.player.view.visibleSeconds() < {whole / 4}")  # spread 8x: 3 levels
        assert tablet.evaluate("window.visualViewport.scale") == 1  # the page itself did not zoom
    finally:
        context.close()


def test_loop_by_bars_and_by_section(app):
    page, _, _ = app
    engine = "__jamPlayer.player.engine"
    bars = page.locator("[data-testid=jam-loop-bars]")
    bars.fill("17-24")
    bars.press("Enter")
    assert page.evaluate(f"{engine}.loop") == {"start": 32.0, "end": 48.0}
    for text, problem in [("24-17", "before the first"), ("80-120", "bars 1 to 90"), ("verse", "not bars like 17-24")]:
        bars.fill(text)
        bars.press("Enter")
        assert problem in page.locator("[data-testid=jam-loop-bars-error]").inner_text()
        assert page.evaluate(f"{engine}.loop") == {"start": 32.0, "end": 48.0}  # unchanged
    page.locator("[data-testid=jam-section-1]").click()  # the chorus, in the chart
    assert page.evaluate(f"{engine}.loop") == {"start": 90.0, "end": 180.0}
    assert bars.input_value() == "46-90" and page.locator("[data-testid=jam-loop-bars-error]").inner_text() == ""
    page.locator(".jam-lane.sections span", has_text="verse").click()  # the verse, on the waveform
    assert page.evaluate(f"{engine}.loop") == {"start": 0.0, "end": 90.0}
    settle(page, loop_on=False)


@pytest.mark.parametrize("shift, grid", [(False, 0.5), (True, 2.0)])
def test_drag_a_loop_snaps_to_beats_or_bars(app, shift, grid):
    page, _, _ = app
    box = page.locator(".jam-player .wave").bounding_box()
    y = box["y"] + 40
    x = lambda seconds: box["x"] + box["width"] * seconds / SONG_SECONDS  # noqa: E731
    if shift:
        page.keyboard.down("Shift")
    page.mouse.move(x(31.3), y)
    page.mouse.down()
    page.mouse.move(x(40), y, steps=5)
    page.mouse.move(x(44.6), y, steps=5)
    page.mouse.up()
    if shift:
        page.keyboard.up("Shift")
    loop = page.evaluate("__jamPlayer.player.engine.loop")
    assert loop["start"] % grid == pytest.approx(0, abs=1e-6) and loop["end"] % grid == pytest.approx(0, abs=1e-6)
    px = SONG_SECONDS / box["width"]  # wavesurfer starts a dragged region 5 px wide, so its end is up to 5 px late
    assert loop["start"] == pytest.approx(31.3, abs=grid) and 44.6 - grid <= loop["end"] <= 44.6 + 6 * px + grid
    settle(page, loop_on=False)


def test_stops_at_the_end_of_the_song(app):
    page, _, _ = app
    settle(page, speed=1.2)  # through the stretch path
    page.evaluate(f"__jamPlayer.player.seek({SONG_SECONDS - 0.5})")
    page.locator("[data-testid=jam-play]").click()
    page.wait_for_function("!__jamPlayer.player.engine.playing", timeout=10_000)
    assert page.evaluate("__jamPlayer.player.engine.position") == 0
    assert page.locator("[data-testid=jam-play]").inner_text() == "Play"
    settle(page, speed=1.0)


def test_another_song_rebuilds_the_player(app):
    page, _, requests = app
    fetched = len(requests)
    page.get_by_text("short").click()
    page.wait_for_function("__jamPlayer.player.engine?.duration < 21", timeout=30_000)
    assert len(requests) == fetched + 2  # the new song's two stems
    assert page.locator(".jam-player").count() == 1
    # The click stem ends at 19 s: clicks, then the silence it was padded with in the stretch worklet.
    y = render(page, **{"from": 16.5, "seconds": 4.0, "settings": {"speed": 0.8, "mute": ["tone"]}})
    assert np.abs(y[0, : 3 * 44100]).max() > 0.1 and np.abs(y[0, -44100 // 2 :]).max() < 1e-3
    page.get_by_text("long").click()
    page.wait_for_function("__jamPlayer.player.engine?.duration > 179", timeout=30_000)
    assert len(requests) == fetched + 2  # the first song's stems were kept decoded


def test_no_console_errors_and_screenshot(app, artifacts):
    page, errors, _ = app
    page.screenshot(path=str(artifacts / "player.png"), full_page=True)
    assert errors == []


def test_mp3_stems_play_from_their_heads_then_whole(browser, tmp_path):
    """MP3 stems (as the app sends) play once their first 30 s are decoded, and carry on into the whole song."""
    with running_app(tmp_path, JAM_PLAYER_SECONDS=str(SONG_SECONDS), JAM_PLAYER_FORMAT="mp3") as url:
        page, errors, requests = new_page(browser, url)
        early = ready(page)  # the length played first, read as the player became ready (the whole comes seconds on)
        page.evaluate("__jamPlayer.player.playPause()")
        trace = page.evaluate(
            """async () => {
            const out = [];
            while (__jamPlayer.player.completeAt === undefined) {
                const e = __jamPlayer.player.engine;
                out.push([e.ctx.currentTime, e.position, e.playing]);
                await new Promise(r => setTimeout(r, 20));
            }
            await new Promise(r => setTimeout(r, 500));
            const e = __jamPlayer.player.engine;
            out.push([e.ctx.currentTime, e.position, e.playing]);
            return out;
        }"""
        )
        assert 20 < early < 40  # the head
        assert page.evaluate("__jamPlayer.player.engine.duration") == pytest.approx(SONG_SECONDS, abs=0.1)
        t, pos, playing = np.array(trace).T
        assert playing.all() and np.all(np.diff(pos) >= 0)
        assert pos[-1] - pos[0] == pytest.approx(t[-1] - t[0], abs=0.1)  # no time lost at the handover
        assert len(set(requests)) == 2 and errors == []


def test_fallback_without_the_stretch_engine(browser, tmp_path):
    """Without the worklet, speed uses playbackRate and the player says so."""
    with running_app(tmp_path, JAM_PLAYER_SECONDS="20", JAM_PLAYER_ENGINE="playback-rate") as url:
        page, errors, _ = open_player(browser, url)
        assert "Speed changes the pitch here" in page.locator(".jam-player .note").inner_text()
        assert page.locator("[data-testid=jam-key]").is_disabled()
        y = render(page, **{"from": 5.0, "seconds": 2.0, "settings": {"speed": 0.8, "mute": ["clicks"]}})
        assert pitch(y[0, 22050:]) == pytest.approx(TONE_HZ * 0.8, rel=0.003)
        assert errors == []


def test_the_mixer_is_the_same_engine_with_levels_mute_and_solo_only(browser, tmp_path):
    """The Mixer page's player: levels, mute and solo change live while it plays; nothing else is there."""
    with running_app(tmp_path, JAM_PLAYER_SECONDS="20", JAM_PLAYER_MODE="mixer") as url:
        page, errors, _ = open_player(browser, url)
        for gone in ("jam-speed", "jam-key", "jam-loop-bars", "jam-now-chord", "jam-loop", "jam-metronome"):
            assert page.locator(f"[data-testid={gone}]").count() == 0, gone
        page.locator("[data-testid=jam-play]").click()
        page.wait_for_function("__jamPlayer.player.engine.position > 0.3", timeout=60_000)
        page.locator("[data-testid=jam-level-tone]").fill("-12")  # a range input: fill sets it and fires input
        page.wait_for_function("Math.abs(__jamPlayer.player.engine.stems[0].gain.gain.value - 10 ** (-12 / 20)) < 0.01")
        page.locator("[data-testid=jam-solo-clicks]").click()
        page.wait_for_function("__jamPlayer.player.engine.stems[0].gain.gain.value < 1e-3")
        reported(page, '"solo": ["clicks"]')
        assert '"tone": -12.0' in page.locator("code").first.inner_text()
        # The 20 s song may have ended during the rerun above (a busy machine's rerun takes 20 s and more):
        # the keys are checked from a known state, not from "still playing".
        pause(page)
        page.evaluate("__jamPlayer.player.seek(1.0)")
        focus_player(page)
        page.keyboard.press("Minus")  # no speed here
        assert page.evaluate("[__jamPlayer.player.engine.playing, __jamPlayer.player.engine.speed]") == [False, 1]
        page.keyboard.press("Space")  # the keys reach this player: Space plays
        assert page.evaluate("[__jamPlayer.player.engine.playing, __jamPlayer.player.engine.speed]") == [True, 1]
        pause(page)
        assert errors == []


def luminance(css: str) -> float:
    """Relative luminance (0 black to 1 white) of a computed CSS colour ("rgb(r, g, b)" or "rgba(...)")."""
    r, g, b = (float(v) / 255 for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_follows_the_theme_and_fits_a_phone_and_a_music_stand(browser, tmp_path, artifacts, theme):
    """Streamlit's light or dark theme, at a phone's width (390 px) and a tablet's (768 px): screenshots."""
    with running_app(tmp_path, JAM_PLAYER_SECONDS="60", STREAMLIT_THEME_BASE=theme) as url:
        for width, height in [(390, 844), (768, 1024)]:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url, wait_until="domcontentloaded")
            ready(page)
            page.evaluate("__jamPlayer.player.seek(10.5)")
            page.wait_for_function(f"{NOW}.innerText === 'G7'")
            page.screenshot(path=str(artifacts / f"player_{theme}_{width}px.png"), full_page=True)
            look = page.evaluate(
                """() => { const r = __jamPlayer.player.root, cs = (sel) => getComputedStyle(r.querySelector(sel));
                const rows = [...r.querySelectorAll('.slider, .check')].map(l => {
                    const [a, b] = [l.firstElementChild, l.lastElementChild].map(e => e.getBoundingClientRect());
                    return Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2); });
                const app = getComputedStyle(document.querySelector('.stApp'));
                const css = (c) => { const i = document.createElement('i'); i.style.color = c; document.body.append(i);
                    const out = getComputedStyle(i).color; i.remove(); return out; };
                return {text: cs('.time').color, page: app.backgroundColor,
                        play: cs('[data-testid=jam-play]').backgroundColor, overflow: r.scrollWidth - r.clientWidth,
                        right: r.getBoundingClientRect().right, misaligned: Math.max(...rows),
                        tip: r.querySelector('[data-testid=jam-mute-tone]').title,
                        cursor: css(__jamPlayer.player.ws.options.cursorColor)}; }"""
            )
            page.close()
            dark = theme == "dark"
            assert (luminance(look["text"]) > 0.6) == dark and (luminance(look["page"]) < 0.3) == dark, look
            assert look["play"] not in ("rgba(0, 0, 0, 0)", "transparent")  # the theme's primary colour
            assert look["overflow"] <= 1 and look["right"] <= width, look  # nothing sticks out sideways
            assert look["misaligned"] < 4, look  # every label sits on its control's line
            assert look["tip"] == "Mute tone"
            assert luminance(look["cursor"]) == pytest.approx(luminance(look["play"]))  # the playhead: the theme's
