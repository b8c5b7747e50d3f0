"""Every page of the app driven by Streamlit's AppTest: load, separate, practice, remix, mix; errors; caching."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest
import soundfile as sf
from conftest import ROOT, click_track, stereo, wait_for
from servers import serve_folder

from jamwithme import audio
from jamwithme.errors import JamWithMeWarning
from jamwithme.player_state import LEVEL_RANGE, PlayerState
from ui import state

pytestmark = pytest.mark.slow

APP = str(ROOT / "app.py")
DEMO = ROOT / "sample_data" / "demo_song.mp3"


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory):
    """Results go to a fresh cache folder, so every separation here is computed for real."""
    mp = pytest.MonkeyPatch()
    mp.setenv("JAMWITHME_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    reset_service()
    yield
    reset_service()
    mp.undo()


def reset_service():
    """A new service for the next AppTest session (it reads JAMWITHME_CACHE_DIR when made).

    Jobs still running (the beats found unasked after a load) finish first: a
    job thread cut off at the interpreter's exit can abort it.
    """
    import jamwithme.service as service_module
    from jamwithme.service import runtime
    from ui.server import service

    if service_module._service is not None:
        wait_for(lambda: service_module._service.queue.pending() == 0, timeout=600, what="the jobs finished")
    service.clear()
    runtime._store = service_module._service = None  # the process's store lives in service.runtime


def svc():
    from ui.server import service

    return service()


def song_of(at):
    return svc().song(at.session_state[state.SONG])


def stored(at, name, **settings):
    """The stored result's clips for job ``name`` with ``settings`` on the session's song, or None."""
    key = svc().stored(name, at.session_state[state.SONG], settings)
    return None if key is None else svc().clips(key)


def make_remix_take(at, *, seconds: int, stem: str | None = None) -> dict:
    """Press "Make remix" on the Beat remix page, open in ``at``, for a take ``seconds`` long (of ``stem`` if given).

    Returns the settings of the take's remix job but its source: ``duration``, ``temperature`` and ``seed``.
    """
    if stem is not None:
        at.selectbox(key=state.W_REMIX_STEM).set_value(stem).run()
    at.slider(key=state.W_REMIX_DURATION).set_value(seconds).run()
    at.button(key=state.W_REMIX_GO).click().run()
    ok(at)
    temperature, seed = at.slider(key=state.W_REMIX_TEMPERATURE).value, at.number_input(key=state.W_REMIX_SEED).value
    return {"duration": float(seconds), "temperature": temperature, "seed": seed}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    y, _ = click_track(bpm=120, seconds=6.0)
    audio.save(stereo(y), root / "clicks.flac")
    y2, _ = click_track(bpm=90, seconds=9.0, click_freq=700.0)
    audio.save(stereo(y2), root / "slow.flac")
    y3, _ = click_track(bpm=110, seconds=6.0, click_freq=900.0)
    audio.save(stereo(y3), root / "mixer.flac")  # the Mixer test's own second song: it separates and analyses it
    (root / "page.html").write_text("<html><body>no media</body></html>")
    audio.save(audio.silence(3.0), root / "silence.flac")
    audio.save(stereo(0.5 * y), root / "admiralbob77_-_Choice_-_Drum-bass.flac")
    from bad_inputs import cut, ffmpeg_bytes, song

    (root / "half.mp3").write_bytes(cut(ffmpeg_bytes(song(8.0), "mp3"), 0.5))
    sf.write(root / "phone.wav", y[::5][:, None] * 0.5, 8820)  # a phone's recording: 8.82 kHz, mono
    audio.save(stereo(y[:22050]), root / "blip.wav")  # 0.5 s: the shortest song that loads
    with serve_folder(root) as url:
        yield url


def new_app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception
    return at


def load_demo(at):
    at.button(key=state.W_DEMO).click().run()
    assert not at.exception and not at.error
    return at


def ok(at):
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def made(at):
    """Run the page again once the work it queued in the background (MP3s, downloads) is done.

    In a browser the page's fragments look for it and run the page again; AppTest runs no fragment by itself.
    """
    for _ in range(5):  # a run may queue more (a download drawn once its MP3 is made)
        wait_for(lambda: svc().queue.pending() == 0, timeout=600, what="the work queued in the background done")
        ok(at.run())
        if svc().queue.pending() == 0:
            return at
    pytest.fail("the page kept queuing work")


@pytest.fixture(scope="module")
def separated_app():
    """One session with the demo loaded and separated, shared by the page tests below."""
    at = load_demo(new_app())
    at.switch_page("app_pages/jam_track.py").run()
    at.button(key=state.W_SEPARATE).click().run()
    return made(ok(at))


def test_load_page_shows_the_song(separated_app):
    at = separated_app
    at.switch_page("app_pages/load.py").run()
    ok(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Length"] == "0:19" and metrics["Sample rate"] == "44.1 kHz"
    assert len(at.get("audio")) == 1 and len(at.get("imgs")) == 1
    song = song_of(at)
    assert song.name == "demo_song.mp3" and song.source == "demo"
    np.testing.assert_array_equal(svc().clip(song.id).samples, audio.load(DEMO).samples)
    assert at.query_params["song"] == [song.id], "the URL names the song"


def test_load_page_shows_tempo_time_signature_and_key_without_a_button(separated_app):
    at = separated_app
    at.switch_page("app_pages/load.py").run()
    assert not [b for b in at.button if "tempo" in (b.label or "").lower()], "no button to press"
    wait_for(lambda: svc().stored("analysis", song_of(at).id, {}), timeout=300, what="the analysis stored")
    at.run()
    ok(at)
    metrics = {m.label: m.value for m in at.metric}
    tempo = metrics["Tempo"]
    assert tempo.endswith(" BPM") and 95 <= float(tempo.split()[0]) <= 105, tempo  # the demo is at 100 BPM
    assert metrics["Time signature"] == "4/4"
    assert re.fullmatch(r"[A-G][#b]? (major|minor)", metrics["Key"]), metrics["Key"]


def test_practice_opens_a_separated_song_as_the_jam_track_with_a_chord_chart(separated_app):
    """The player starts on the band without the voice; the page's other tests are in test_app_practice.py."""
    at = separated_app
    wait_for(lambda: svc().stored("analysis", song_of(at).id, {}), timeout=300, what="the analysis stored")
    at.switch_page("app_pages/practice.py").run()
    ok(at)
    (saved,) = [s for song, s in at.session_state[state.W_PLAYER_STATE] if song == at.session_state[state.SONG]]
    assert isinstance(saved, PlayerState) and saved == PlayerState(mute=["vocals"])
    assert not [e for e in at.expander if "Chord chart" in e.label], "one chart: the player's"
    assert [b for b in at.get("download_button") if "ChordPro" in b.proto.label]


def test_lengths_are_rounded_down_as_the_players_show_them():
    """The Load page's length and the players' clocks agree: a song of 2:12.9 is 2:12 everywhere."""
    import json
    import shutil
    import subprocess

    from jamwithme.text import mmss

    times = [132.9, 59.999, 60.0, 0.4, 3599.5]
    assert [mmss(t) for t in times] == ["2:12", "0:59", "1:00", "0:00", "59:59"]
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js to run the live player's clock")
    src = ROOT / "frontend" / "src"
    for clock in ("controls.js", "lane.js"):  # the transport's and the melody lane's clocks
        assert 'import { mmss } from "./text.js";' in (src / clock).read_text(), f"{clock} has a clock of its own"
    shown = subprocess.run(
        [
            node,
            "--input-type=module",
            "-e",
            f"import {{ mmss }} from {json.dumps((src / 'text.js').as_uri())};\n"
            f"console.log(JSON.stringify({json.dumps(times)}.map(mmss)));",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert json.loads(shown) == [mmss(t) for t in times], "the live player's clock rounds like the pages"


PRELOAD = """
import sys, threading
sys.path.insert(0, "tests")
from streamlit.testing.v1 import AppTest
from jamwithme import separation
from ui import state
from ui.server import preload_model

assert separation._shared is None
at = AppTest.from_file("app.py", default_timeout=300).run()
started = "jamwithme-preload" in [t.name for t in threading.enumerate()] or separation._shared is not None
print("started", started)  # by the app's first run, before anyone asks for the model
thread = preload_model()
at.button(key=state.W_DEMO).click().run()
alive_before = thread.is_alive()
at.switch_page("app_pages/jam_track.py").run()
alive_after = thread.is_alive()
shown = any("loading in the background" in c.value for c in at.caption)
print("while_loading", shown if alive_after else (not shown if not alive_before else "unknown"))
thread.join(300)
print("loaded", separation._shared is not None)
at.run()
print("after", not any("loading in the background" in c.value for c in at.caption) and not at.exception)
"""


def test_the_model_loads_in_the_background_at_server_start_and_the_jam_track_page_says_so(tmp_path):
    """A fresh process (a server start): the app starts loading Spleeter's model at once, without a click."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "JAMWITHME_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-c", PRELOAD], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in run.stdout.splitlines() if " " in line)
    assert lines.get("started") == "True", run.stdout
    assert lines.get("while_loading") in ("True", "unknown"), run.stdout
    assert lines.get("loaded") == "True" and lines.get("after") == "True", run.stdout


ENDS_WHILE_LOADING = """
import atexit, sys
from jamwithme import separation
from ui.server import preload_model

# Run after the interpreter has waited for its non-daemon threads, before it tears the rest down.
atexit.register(lambda: print("loaded_at_exit", separation._shared is not None, flush=True))
preload_model()
print("ending", separation._shared is None, flush=True)
"""


def test_a_server_stopped_while_the_model_loads_waits_for_it_and_exits_cleanly(tmp_path):
    """A test run (and a server stopped at once) ended while the preload built TensorFlow's graph: the daemon
    thread was torn down inside TensorFlow's C++ and the process aborted ("terminate called without an active
    exception", exit 134) after every test had passed. The preload is waited for at the end instead."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "JAMWITHME_CACHE_DIR": str(tmp_path / "cache")}
    run = subprocess.run(
        [sys.executable, "-c", ENDS_WHILE_LOADING], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "ending True" in run.stdout, "the process ended before the model had loaded: " + run.stdout
    assert "loaded_at_exit True" in run.stdout, run.stdout


def press_then_rerun_page() -> None:
    """A page with one start button, run again by another request at once after its press (AppTest script)."""
    import streamlit as st

    from ui import state
    from ui.progress import job, start_button
    from ui.server import service

    if state.song_id() is None:
        from conftest import click_track, stereo

        state.set_song(service().add_song(stereo(click_track(seconds=4.0)[0]), name="clicks", source_kind="test").id)
    key = job("analysis", {}, "Analysing", start=False)
    if key is None and start_button("Analyse", "analysis", {}, "Analysing", key="go"):
        if not st.session_state.get("preempted"):
            # What a request arriving just after the click does (a player reporting, a click elsewhere): the
            # run that saw the press stops at its next element and another starts, with no press in it.
            st.session_state["preempted"] = True
            st.rerun()
        key = job("analysis", {}, "Analysing")
    st.write(f"queued: {key is not None or bool(state.jobs())}")


def test_a_start_buttons_press_is_not_lost_to_a_rerun_at_once_after_it():
    """A click on "Show the melody" as the Practice page was drawn, and the page stayed as it was: the run
    that saw the press was stopped by another request before it queued the job, and the next run showed the
    button again. The press queues the job in the button's callback, before any run can be stopped."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(press_then_rerun_page, default_timeout=300).run()
    assert not at.exception, at.exception
    assert at.markdown[-1].value == "queued: False"
    at.button(key="go").click().run()
    assert not at.exception, at.exception
    assert at.markdown[-1].value == "queued: True", "the press was lost to the rerun"


def test_pages_without_a_song_say_so():
    at = new_app()
    for page in ("jam_track", "practice", "remix", "mixer"):
        at.switch_page(f"app_pages/{page}.py").run()
        ok(at)
        assert any("Load a song first" in i.value for i in at.info), page


def test_jam_track_players_and_downloads(separated_app):
    at = separated_app
    at.switch_page("app_pages/jam_track.py").run()
    ok(at)
    assert len(at.get("audio")) == 2
    labels = sorted(b.proto.label for b in at.get("download_button"))
    assert labels == ["Download accompaniment (WAV 16-bit)", "Download vocals (WAV 16-bit)"]
    stems = stored(at, "separate", band="full")
    song = svc().clip(song_of(at).id)
    assert stems["accompaniment"].n_samples == song.n_samples
    rebuilt = stems["vocals"].samples + stems["accompaniment"].samples
    assert np.abs(rebuilt - song.samples).max() < 1e-3


def in_order(node) -> list:
    """Every element and block under ``node`` of an AppTest tree, in the order the page shows them."""
    found = []
    for child in getattr(node, "children", {}).values():
        found += [child, *in_order(child)]
    return found


def labels_of(nodes) -> list[str]:
    return [str(getattr(n, "label", "")) for n in nodes]


def test_jam_track_players_play_at_once_and_the_mp3s_follow_in_the_background(separated_app):
    """QA: the page stood blank ~35 s between the separation's "done" and its players, whose MP3s were made
    first with nothing shown; then (issue 21/22 leftovers) the run held on to make them after the players. The
    players play FLAC (made in a second) and the run ends; the MP3s and the downloads are made by stored jobs,
    their progress shown until the page runs again with them. A player keeps what it played on the page (it
    started again from 0:00 when it changed), and plays the MP3 when the page is opened again."""
    import shutil

    at = separated_app
    at.switch_page("app_pages/jam_track.py").run()
    song = song_of(at).id
    key = svc().stored("separate", song, {"band": "full"})

    def made_in(clip, fmt):
        return svc().stored("encoded", song, {"of": key, "clip": clip, "format": fmt})

    at.switch_page("app_pages/load.py").run()
    for clip in ("accompaniment", "vocals"):  # as right after the separation: nothing encoded yet
        for fmt in ("mp3", "flac", "wav"):
            if made_in(clip, fmt):
                shutil.rmtree(svc().store.folder / made_in(clip, fmt))
    at.switch_page("app_pages/jam_track.py").run()
    ok(at)
    nodes = in_order(at.main)
    players = [i for i, n in enumerate(nodes) if n.type == "audio"]
    making = [i for i, label in enumerate(labels_of(nodes)) if "for the Practice player (MP3)" in label]
    downloads = [i for i, label in enumerate(labels_of(nodes)) if "download (WAV 16-bit)" in label]
    assert len(players) == 2 and len(making) == 2 and len(downloads) == 2, (players, making, downloads)
    assert max(players) < min(making), "the players come first, the MP3s being made under them"
    assert all(nodes[i].proto.url.endswith(".flac") for i in players)
    assert not at.get("download_button"), "a download is offered once it is made"
    assert all(made_in(clip, "mp3") is None for clip in ("accompaniment", "vocals")), "the run did not wait"
    made(at)
    assert all(made_in(clip, "mp3") for clip in ("accompaniment", "vocals")), "the Practice player's MP3s are made"
    nodes = in_order(at.main)
    assert [n.proto.url[-5:] for n in nodes if n.type == "audio"] == [".flac"] * 2, "they play on as they began"
    assert not [label for label in labels_of(nodes) if "(MP3)" in label or "download (" in label], "made"
    assert sorted(b.proto.label for b in at.get("download_button")) == [
        "Download accompaniment (WAV 16-bit)", "Download vocals (WAV 16-bit)"
    ]  # fmt: skip
    at.switch_page("app_pages/load.py").run()
    at.switch_page("app_pages/jam_track.py").run()
    # opened again, the MP3s play (a fifth of the FLAC's size, held in memory while the page shows it)
    assert [n.proto.url[-4:] for n in in_order(at.main) if n.type == "audio"] == [".mp3"] * 2


def test_practice_waits_for_the_stems_mp3s_being_made_and_never_makes_them_itself(separated_app, monkeypatch):
    """The Practice page made the stems' MP3s itself, in its run, with nothing shown: twice when the Jam track
    page's MP3 jobs were still running. It now shows their progress and joins those jobs: one encoding each."""
    import shutil

    from jamwithme.service import jobs

    at = separated_app
    song = song_of(at).id
    key = svc().stored("separate", song, {"band": "full"})
    mp3s = {
        clip: svc().key("encoded", song, {"of": key, "clip": clip, "format": "mp3"})
        for clip in ("accompaniment", "vocals")
    }
    at.switch_page("app_pages/load.py").run()
    for made_key in mp3s.values():
        if svc().store.has(made_key):
            shutil.rmtree(svc().store.folder / made_key)
    encodings = []
    real = jobs.save

    def counted(clip, path, fmt, **kwargs):
        encodings.append(fmt)
        return real(clip, path, fmt, **kwargs)

    monkeypatch.setattr(jobs, "save", counted)
    for clip in mp3s:  # as the Jam track page leaves them, still being made
        svc().submit("encoded", song, {"of": key, "clip": clip, "format": "mp3"})
    at.switch_page("app_pages/practice.py").run()
    ok(at)
    labels = labels_of(in_order(at.main))
    assert [label for label in labels if "for the player (MP3)" in label] == [
        "Preparing the accompaniment for the player (MP3)", "Preparing the vocals for the player (MP3)"
    ] or all(svc().store.has(k) for k in mp3s.values()), labels  # fmt: skip
    made(at)
    assert all(svc().store.has(k) for k in mp3s.values())
    assert not [label for label in labels_of(in_order(at.main)) if "(MP3)" in label]
    assert [str(getattr(fmt, "value", fmt)) for fmt in encodings] == ["mp3", "mp3"], "each stem's MP3 made once"
    assert any("practice player appears here" in c.value for c in at.caption), "the player is there"


def test_session_holds_references_not_audio(separated_app):
    import pickle

    at = separated_app
    held = {k: at.session_state[k] for k in (state.SONG, state.VALUES, state.JOBS, state.TAB) if k in at.session_state}
    assert isinstance(held[state.SONG], str)
    size = len(pickle.dumps(held))
    assert size < 20_000, f"the session holds {size} bytes of its own"


def test_switching_pages_and_reloading_do_not_recompute(separated_app):
    at = separated_app
    at.switch_page("app_pages/mixer.py").run()  # the mixer renders only when asked: no job
    started = svc().queue.started
    at.switch_page("app_pages/jam_track.py").run()
    at.switch_page("app_pages/mixer.py").run()
    at.switch_page("app_pages/jam_track.py").run()
    ok(at)
    assert len(at.get("audio")) == 2 and not [b for b in at.button if b.key == state.W_SEPARATE]
    # A reloaded browser tab is a new session: the URL names the song and the tab's settings.
    from streamlit.testing.v1 import AppTest

    fresh = AppTest.from_file(APP, default_timeout=300)
    fresh.query_params.update({k: v[0] for k, v in at.query_params.items()})
    fresh.run()
    fresh.switch_page("app_pages/jam_track.py").run()
    ok(fresh)
    assert fresh.session_state[state.SONG] == at.session_state[state.SONG]
    assert len(fresh.get("audio")) == 2, "stems come back from the store without a click"
    assert svc().queue.started == started, "no new job was queued"


def test_full_and_spleeter_band_are_different_results(separated_app):
    at = separated_app
    at.switch_page("app_pages/jam_track.py").run()
    at.radio(key=state.W_BAND).set_value(at.radio(key=state.W_BAND).options[1]).run()
    assert [b for b in at.button if b.key == state.W_SEPARATE], "the band is part of the result's key"
    at.button(key=state.W_SEPARATE).click().run()
    ok(at)
    assert len(at.get("audio")) == 2
    # Pressed, the button goes in that same run: it stood above the stems as if there were more to press.
    assert not [b for b in at.button if b.key == state.W_SEPARATE], "Separate still offered beside its stems"
    at.radio(key=state.W_BAND).set_value(at.radio(key=state.W_BAND).options[0]).run()


def test_remix_page_figures_and_another_take(separated_app):
    at = separated_app
    at.switch_page("app_pages/remix.py").run()
    take = make_remix_take(at, seconds=30, stem="Whole song")
    summary = next(m.value for m in at.markdown if "BPM" in m.value)
    assert "beats" in summary and "clusters" in summary and "jumps" in summary
    bpm = float(summary.split("**")[1].split()[0])
    assert 95 <= bpm <= 105, "the demo is at 100 BPM"
    assert len(at.get("imgs")) >= 5 and len(at.get("audio")) == 1
    seed = take.pop("seed")
    common = {"source": "mix", **take}
    clip = stored(at, "remix", **common, seed=seed)["remix"]
    assert abs(clip.duration - 30) < 0.7
    at.button(key=state.W_REMIX_AGAIN).click().run()
    ok(at)
    assert not at.warning, [w.value for w in at.warning]  # no developer warning about the seed widget
    assert at.number_input(key=state.W_REMIX_SEED).value == seed + 1
    assert stored(at, "remix", **common, seed=seed + 1) is not None, "a new take, rendered"
    at.switch_page("app_pages/load.py").run()
    at.switch_page("app_pages/remix.py").run()
    assert at.number_input(key=state.W_REMIX_SEED).value == seed + 1, "the seed survives a page switch"


def test_remix_page_makes_its_evicted_beats_again(separated_app):
    """Issue 22: the take's beats evicted while the take stays: the page made them again (was: "removed before it
    could be read; try again" on every rerun, for as long as the take was stored)."""
    import shutil

    at = separated_app
    at.switch_page("app_pages/remix.py").run()
    take = make_remix_take(at, seconds=30, stem="Whole song")
    key = svc().stored("remix", at.session_state[state.SONG], {"source": "mix", **take})
    beats = svc().meta(key)["analysis"]
    shutil.rmtree(svc().store.folder / beats)
    at.run()
    ok(at)
    assert any("BPM" in m.value for m in at.markdown), "the take is shown with its beats"
    assert svc().store.has(beats), "the beats are stored again"


def render_mix(at) -> None:
    """Press "Render the mix" (the mixer renders on the server only when asked).

    The mix plays at once, from its FLAC, in the run that made it; its download is made in the background
    (the page waited ~14 s per 3-minute song for an MP3 with no progress shown), then offered.
    """
    at.button(key=state.W_MIX_RENDER).click().run()
    ok(at)
    assert not [b for b in at.button if b.key == state.W_MIX_RENDER], "pressed, the button goes in that same run"
    (mix,) = at.get("audio")
    nodes = in_order(at.main)
    assert not [label for label in labels_of(nodes) if label.startswith("Mixing")], "done, its progress box goes"
    if not [b for b in at.get("download_button") if b.proto.label.startswith("Download mix")]:  # not made before
        assert mix.proto.url.endswith(".flac"), "a new mix plays at once, from its FLAC"
        assert [label for label in labels_of(nodes) if label.startswith("Making the mix download")]
    made(at)
    assert [b for b in at.get("download_button") if b.proto.label.startswith("Download mix")]
    assert not [label for label in labels_of(in_order(at.main)) if label.startswith("Making the mix download")]


def mixer_reports(at, **settings) -> None:
    """What the Mixer's player reports when the musician sets ``settings`` on the session's song (read next run).

    Under AppTest the player is a caption that hands back what the page saved: this stands in for the player.
    """
    from jamwithme.player_state import PlayerState

    song = at.session_state[state.SONG]
    kept = at.session_state[state.W_MIX_PLAYER_STATE] if state.W_MIX_PLAYER_STATE in at.session_state else []
    others = [list(item) for item in kept or () if item[0] != song]
    at.session_state[state.W_MIX_PLAYER_STATE] = [*others, [song, PlayerState(**settings)]]


def mix_caption(at) -> str:
    (caption,) = [c.value for c in at.caption if c.value.startswith("The mix as you hear it above")]
    return caption


def test_mixer_levels_mute_solo(separated_app):
    """The live mixer's levels, mute and solo (as the browser reports them) are what the server renders."""
    at = separated_app
    mixer_reports(at, levels={"accompaniment": 0.0, "vocals": -6.0})
    at.switch_page("app_pages/mixer.py").run()
    ok(at)
    assert not at.get("audio") and any("practice player appears here" in c.value for c in at.caption)
    assert "vocals −6 dB" in " ".join(c.value for c in at.caption)  # as its player writes it, not "-6.0 dB"
    mixer_reports(at, levels={"accompaniment": 0.0, "vocals": -6.0}, mute=["vocals"])
    at.run()
    assert "vocals muted" in " ".join(c.value for c in at.caption)
    render_mix(at)
    assert (
        len(at.get("audio")) == 1
        and len([b for b in at.get("download_button") if "ChordPro" not in b.proto.label]) == 1
    )
    muted = stored(at, "mix", mute=["vocals"])["mix"]
    stems = stored(at, "separate", band="full")
    assert muted.peak() <= 10 ** (-1 / 20) + 1e-4, "the mix is limited to -1 dBFS"
    # With the vocals muted, the mix is the accompaniment (up to the limiter's gain).
    acc = stems["accompaniment"].samples
    corr = np.corrcoef(np.asarray(muted.samples).ravel(), np.asarray(acc).ravel())[0, 1]
    assert corr > 0.99
    # At the bottom of its range the player has the vocals "off" (silent): the render has none of them either.
    floor = LEVEL_RANGE[0]
    mixer_reports(at, levels={"accompaniment": 0.0, "vocals": floor})
    at.run()
    assert "vocals off" in " ".join(c.value for c in at.caption)
    render_mix(at)
    off = stored(at, "mix", gains_db={"accompaniment": 0.0, "vocals": floor}, mute=["vocals"])["mix"]
    np.testing.assert_array_equal(off.samples, muted.samples)
    mixer_reports(at, levels={"accompaniment": 0.0, "vocals": -6.0})
    at.run()


def test_each_song_opens_the_mixer_at_its_own_levels(server):
    """Found auditing issue 21 (settings per song): the Mixer kept one state per tab, under one widget key, so a new
    song opened at the last song's levels and mutes (the practice player already kept one per song)."""
    at = load_demo(new_app())
    demo = at.session_state[state.SONG]

    def separate_then_mix() -> None:
        at.switch_page("app_pages/jam_track.py").run()
        if [b for b in at.button if b.key == state.W_SEPARATE]:  # else separated already, by an earlier test
            at.button(key=state.W_SEPARATE).click().run()
        made(ok(at))
        at.switch_page("app_pages/mixer.py").run()
        made(ok(at))

    separate_then_mix()
    mixer_reports(at, levels={"accompaniment": -3.0, "vocals": -20.0}, mute=["accompaniment"])
    ok(at.run())
    assert mix_caption(at) == "The mix as you hear it above: accompaniment muted, vocals −20 dB."
    at.switch_page("app_pages/load.py").run()
    # A song no other test loads: slow.flac, separated here, made the later tests that need it new (its analysis
    # waiting in line, its remix as the whole song) fail in a fresh-clone run.
    at.text_input(key=state.W_URL).input(f"{server}/mixer.flac").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    assert at.session_state[state.SONG] != demo
    separate_then_mix()
    assert mix_caption(at) == "The mix as you hear it above: accompaniment 0 dB, vocals −6 dB.", "the defaults"
    at.switch_page("app_pages/load.py").run()
    load_demo(at)
    at.switch_page("app_pages/mixer.py").run()
    made(ok(at))
    assert mix_caption(at) == "The mix as you hear it above: accompaniment muted, vocals −20 dB.", "its own again"


def test_mixer_says_when_loudness_is_held_back_by_the_peak(separated_app):
    at = separated_app
    at.switch_page("app_pages/mixer.py").run()
    radio = at.radio(key=state.W_MIX_LUFS)
    radio.set_value(next(o for o in radio.options if "−14" in o)).run()
    render_mix(at)
    lufs = svc().meta(svc().stored("mix", song_of(at).id, {"lufs": -14.0}))["lufs"]
    if lufs < -14.5:
        assert any("under the -14 LUFS" in i.value.replace("−", "-") for i in at.info)
    radio = at.radio(key=state.W_MIX_LUFS)
    radio.set_value(radio.options[0]).run()


def test_link_loads_and_bad_link_keeps_the_song(server):
    at = load_demo(new_app())
    demo = at.session_state[state.SONG]
    at.text_input(key=state.W_URL).input(f"{server}/page.html").run()
    at.button(key=state.W_FETCH).click().run()
    assert not at.exception
    assert any("No audio or video" in e.value for e in at.error)
    assert at.session_state[state.SONG] == demo, "the loaded song is kept"
    assert any("failed" in s.label for s in at.status), "the status box says it failed"
    at.text_input(key=state.W_URL).input(f"{server}/clicks.flac").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    song = song_of(at)
    assert song.name == "clicks" and song.source == "link" and abs(song.duration - 6.0) < 0.01
    assert any("clicks" in m.value for m in at.sidebar.markdown), "the sidebar shows the new song at once"


def test_silent_song_is_loaded_with_a_warning(server):
    at = new_app()
    at.text_input(key=state.W_URL).input(f"{server}/silence.flac").run()
    with pytest.warns(JamWithMeWarning, match="silent"):  # the library warns; the page shows it
        at.button(key=state.W_FETCH).click().run()
    ok(at)
    assert song_of(at).name == "silence"
    assert any("silent" in w.value for w in at.warning)


def test_file_names_are_shown_as_they_are_not_as_markdown(server):
    at = new_app()
    at.text_input(key=state.W_URL).input(f"{server}/admiralbob77_-_Choice_-_Drum-bass.flac").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    shown = " ".join(m.value for m in at.sidebar.markdown)
    assert r"admiralbob77\_\-\_Choice\_" in shown, shown  # Markdown would eat bare underscores


def test_the_song_is_described_as_it_was_given_not_as_it_is_kept(server):
    """QA: an 8 kHz mono upload read "0:25 · 44.1 kHz stereo" in the sidebar and "Sample rate 44.1 kHz" on the Load
    page: what JamWithMe converts every song to, not what the musician gave it (a phone's recording)."""
    at = new_app()
    at.text_input(key=state.W_URL).input(f"{server}/phone.wav").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    song = song_of(at)
    assert (song.original_rate, song.original_channels) == (8820, 1)
    shown = " ".join(m.value for m in at.sidebar.markdown)
    assert "8.82 kHz mono" in shown and "44.1" not in shown, shown
    assert {m.label: m.value for m in at.metric}["Sample rate"] == "8.82 kHz"
    at.text_input(key=state.W_URL).input(f"{server}/clicks.flac").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    assert "44.1 kHz stereo" in " ".join(m.value for m in at.sidebar.markdown)


def test_a_song_cut_short_loads_with_a_warning_naming_both_lengths(server):
    at = load_demo(new_app())
    at.text_input(key=state.W_URL).input(f"{server}/half.mp3").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    assert song_of(at).name == "half"
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any("8.0 s" in w and "4." in w for w in warnings), warnings


def test_a_song_too_short_for_a_tempo_says_so_and_invents_none(server):
    """QA: a 0.5 s file loaded as "0:00" and its analysis reported a made-up 128 BPM."""
    from jamwithme.analysis import too_short

    at = new_app()
    at.text_input(key=state.W_URL).input(f"{server}/blip.wav").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    song = song_of(at)
    assert song.name == "blip" and "Loaded blip (0.5 s)." in " ".join(s.value for s in at.success)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Length"] == "0.5 s" and metrics["Tempo"] == metrics["Key"] == "—", metrics
    said = too_short(song.duration)
    assert any(said in i.value.lower() and "at least 4 s" in i.value for i in at.info), [i.value for i in at.info]
    wait_for(lambda: svc().queue.pending() == 0, timeout=600, what="the song's MP3 made")
    assert svc().stored("analysis", song.id, {}) is None, "no analysis was queued"
    at.switch_page("app_pages/practice.py").run()
    ok(at)
    assert any(said in i.value.lower() for i in at.info), "the Practice page says why it has no player"
    assert not [c for c in at.caption if "opens here once" in c.value], "no promise of a player that will not come"
    assert "BPM" not in " ".join(m.value for m in [*at.markdown, *at.caption])


# --------------------------------------------------------------------------- what the pages say


def test_a_bad_link_shows_its_address_as_written(server):
    """Issue 21: a link error showed "127\\.0\\.0\\.1": Markdown made a link of the escaped address."""
    at = new_app()
    at.text_input(key=state.W_URL).input(f"{server}/missing.mp3")
    at.button(key=state.W_FETCH).click().run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    address = re.search(r"`(http://[^`]*)`", error)
    assert address and address.group(1) == f"{server}/missing.mp3", error
    assert "\\" not in address.group(1)


def test_the_analysis_says_it_waits_in_line_behind_other_work(server):
    """Issue 21: the analysis sat at "0%" while another session's job ran; now it says it is waiting."""
    import threading

    from jamwithme.service import JobState, jobs

    gate, real = threading.Event(), jobs.JOBS["probe"]
    # The other job holds its slot until the test has read the page (the gate opens in `finally`); the bound
    # only ends it should the test die, and must outlast the page's runs on a busy machine.
    jobs.JOBS["probe"] = (lambda *a: gate.wait(900) and real[0](*a), real[1])
    try:
        at = new_app()
        other = svc().add_song(audio.encode(stereo(click_track(bpm=100, seconds=4.0)[0]), "wav"), name="other.wav")
        blocker = svc().submit("probe", other.id, {"nonce": "the other session's job"})
        wait_for(lambda: svc().status(blocker).state is JobState.RUNNING, timeout=300, what="the other job running")
        at.text_input(key=state.W_URL).input(f"{server}/slow.flac")
        at.button(key=state.W_FETCH).click().run()
        assert not at.exception
        captions = [c.value for c in at.caption]
        assert any(c.startswith("Finding the tempo, bars, key and chords. Waiting in line: 1 job ahead of yours")
                   for c in captions), captions  # fmt: skip
        assert not any("0%" in c for c in captions), captions
    finally:
        gate.set()
        jobs.JOBS["probe"] = real


def test_a_job_in_the_background_is_not_ticked_done_while_it_waits():
    """A QA walk saw "Making the download" ticked complete beside "Waiting in line": leaving a `with st.status`
    marks it complete. The box stays running until the job is done, and a job next in line does not say
    "0 jobs ahead of yours, about 0:00 to wait"."""
    import threading

    from jamwithme.service import JobState, jobs

    def page(key: str) -> None:
        from ui.progress import _in_background

        _in_background(key, "Making the accompaniment download (MP3)")

    gate, real = threading.Event(), jobs.JOBS["probe"]
    jobs.JOBS["probe"] = (lambda *a: gate.wait(900) and real[0](*a), real[1])  # as in the test above
    try:
        song = svc().add_song(audio.encode(stereo(click_track(bpm=100, seconds=4.0)[0]), "wav"), name="bg.wav")
        blocker = svc().submit("probe", song.id, {"nonce": "holds the line"})
        wait_for(lambda: svc().status(blocker).state is JobState.RUNNING, timeout=300, what="the first job running")
        waiting = svc().submit("probe", song.id, {"nonce": "waits"})
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_function(page, args=(waiting,), default_timeout=120).run()
        assert not at.exception
        (box,) = at.status
        assert box.label == "Making the accompaniment download (MP3)"
        assert box.state == "running", box.state
        (bar,) = at.get("progress")
        assert "0 jobs" not in bar.proto.text and "0:00" not in bar.proto.text, bar.proto.text
    finally:
        gate.set()
        jobs.JOBS["probe"] = real


def test_figures_travel_in_the_page_not_as_media_files_a_cut_short_rerun_forgets():
    """A /media/ file is dropped when a run ends without drawing it (a rerun cut short by the next), and
    the browser then gets a 404 for the figure on the page; a data: URL cannot go missing."""
    at = load_demo(new_app())
    at.switch_page("app_pages/load.py").run()
    ok(at)
    (images,) = at.get("imgs")
    urls = [img.url for img in images.proto.imgs]
    assert urls and all(url.startswith("data:image/png;base64,") for url in urls), [u[:40] for u in urls]
    png = base64.b64decode(urls[0].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_a_second_song_not_separated_is_remixed_as_the_whole_song(server):
    """Found walking the app: after remixing song 1's jam track, song 2 (not separated) opened the Beat remix
    page with "Jam track (accompaniment)" chosen, though "Whole song" was the only choice; "Make remix" then
    separated song 2 unasked and remixed its accompaniment while the box said "Whole song"."""
    at = load_demo(new_app())
    at.switch_page("app_pages/jam_track.py").run()
    if [b for b in at.button if b.key == state.W_SEPARATE]:  # else separated already, by an earlier test
        at.button(key=state.W_SEPARATE).click().run()
    at.switch_page("app_pages/remix.py").run()
    ok(at)
    assert at.selectbox(key=state.W_REMIX_STEM).value == "Jam track (accompaniment)", "song 1 separated: its stem"
    at.switch_page("app_pages/load.py").run()
    at.text_input(key=state.W_URL).input(f"{server}/slow.flac").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    assert song_of(at).name == "slow"
    at.switch_page("app_pages/remix.py").run()
    ok(at)
    box = at.selectbox(key=state.W_REMIX_STEM)
    assert box.options == ["Whole song"] and box.value == "Whole song", (box.options, box.value)
    take = make_remix_take(at, seconds=20)
    assert svc().stored("separate", at.session_state[state.SONG], {"band": "full"}) is None, "not separated unasked"
    assert stored(at, "remix", source="mix", **take) is not None


def test_an_unreachable_link_says_so_in_one_sentence():
    """Found walking the app: "Could not fetch this link: Could not reach the site for …" said "Could not" twice."""
    from conftest import free_port

    at = new_app()
    url = f"http://127.0.0.1:{free_port()}/song.mp3"
    at.text_input(key=state.W_URL).input(url)
    at.button(key=state.W_FETCH).click().run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert error.count("Could not") == 1 and "connection" in error and url in error, error


def test_the_band_chosen_on_the_jam_track_page_is_the_one_the_other_pages_use():
    """Found walking the app: with "Spleeter's original" chosen and separated on the Jam track page, Practice,
    Mixer, Melody and Beat remix went on with the full band's stems, which they took whenever they were stored."""
    at = load_demo(new_app())
    at.switch_page("app_pages/jam_track.py").run()
    for label in at.radio(key=state.W_BAND).options:  # both bands stored; the last one chosen: Spleeter's
        at.radio(key=state.W_BAND).set_value(label).run()
        if [b for b in at.button if b.key == state.W_SEPARATE]:
            at.button(key=state.W_SEPARATE).click().run()
        ok(at)
    assert "Spleeter" in at.radio(key=state.W_BAND).value
    at.switch_page("app_pages/remix.py").run()
    take = make_remix_take(at, seconds=20, stem="Jam track (accompaniment)")
    common = {"source": "accompaniment", **take}
    assert stored(at, "remix", **common, band="spleeter") is not None, "the remix is of Spleeter's band"
    assert stored(at, "remix", **common, band="full") is None


def test_the_mixers_recipe_says_the_levels_and_normalizing_are_not_used(separated_app):
    """Found walking the app: with "Original MusicRemixer recipe" on, the Normalize choice and the levels stood
    as if they counted, and the recipe ignored them (its own gains, no normalizing)."""
    at = separated_app
    at.switch_page("app_pages/mixer.py").run()
    ok(at)
    assert not at.radio(key=state.W_MIX_LUFS).disabled
    at.toggle(key=state.W_MIX_RECIPE).set_value(True).run()
    ok(at)
    assert at.radio(key=state.W_MIX_LUFS).disabled
    assert any("levels above and the normalizing are not used" in c.value for c in at.caption)
    at.toggle(key=state.W_MIX_RECIPE).set_value(False).run()
    ok(at)
    assert not at.radio(key=state.W_MIX_LUFS).disabled
