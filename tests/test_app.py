"""Every page of the app driven by Streamlit's AppTest: load, separate, practice, remix, mix; errors; caching."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, click_track, serve_folder, stereo

from jamwithme import audio
from jamwithme.errors import JamWithMeWarning
from ui import state

pytestmark = pytest.mark.slow

APP = str(ROOT / "app.py")
DEMO = ROOT / "sample_data" / "demo_song.mp3"


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory):
    """Results go to a fresh cache folder, so every separation here is computed for real."""
    mp = pytest.MonkeyPatch()
    mp.setenv("JAMWITHME_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    from ui.common import disk_cache

    disk_cache.clear()
    yield
    disk_cache.clear()
    mp.undo()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    y, _ = click_track(bpm=120, seconds=6.0)
    audio.save(stereo(y), root / "clicks.flac")
    y2, _ = click_track(bpm=90, seconds=9.0, click_freq=700.0)
    audio.save(stereo(y2), root / "slow.flac")
    (root / "page.html").write_text("<html><body>no media</body></html>")
    audio.save(audio.silence(3.0), root / "silence.flac")
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


@pytest.fixture(scope="module")
def separated_app():
    """One session with the demo loaded and separated, shared by the page tests below."""
    at = load_demo(new_app())
    at.switch_page("pages/jam_track.py").run()
    at.button(key=state.W_SEPARATE).click().run()
    return ok(at)


def test_load_page_shows_the_song(separated_app):
    at = separated_app
    at.switch_page("pages/load.py").run()
    ok(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Length"] == "0:19" and metrics["Sample rate"] == "44.1 kHz"
    assert len(at.get("audio")) == 1 and len(at.get("imgs")) == 1
    song = at.session_state[state.SONG]
    assert song.name == "demo_song.mp3" and song.source == "demo"
    np.testing.assert_array_equal(song.clip.samples, audio.load(DEMO).samples)


def test_load_page_finds_tempo_and_draws_beats(separated_app):
    at = separated_app
    at.switch_page("pages/load.py").run()
    if at.metric[3].value == "not yet known":
        at.button(key=state.W_TEMPO).click().run()
    ok(at)
    tempo = {m.label: m.value for m in at.metric}["Tempo"]
    assert tempo.endswith(" BPM") and 95 <= float(tempo.split()[0]) <= 105, tempo  # the demo is at 100 BPM
    assert not [b for b in at.button if b.key == state.W_TEMPO]


def test_pages_without_a_song_say_so():
    at = new_app()
    for page in ("jam_track", "practice", "remix", "mixer"):
        at.switch_page(f"pages/{page}.py").run()
        ok(at)
        assert any("Load a song first" in i.value for i in at.info), page


def test_jam_track_players_and_downloads(separated_app):
    at = separated_app
    at.switch_page("pages/jam_track.py").run()
    ok(at)
    assert len(at.get("audio")) == 2
    labels = sorted(b.proto.label for b in at.get("download_button"))
    assert labels == ["Download accompaniment (WAV)", "Download vocals (WAV)"]
    stems = next(v for k, v in at.session_state[state.RESULTS].items() if "-separate-" in k)
    song = at.session_state[state.SONG].clip
    assert stems["accompaniment"].n_samples == song.n_samples
    rebuilt = stems["vocals"].samples + stems["accompaniment"].samples
    assert np.abs(rebuilt - song.samples).max() < 1e-3


def test_switching_pages_and_reloading_do_not_recompute(separated_app):
    at = separated_app
    from ui.common import job_queue

    submitted = len(job_queue()._jobs)
    at.switch_page("pages/mixer.py").run()
    at.switch_page("pages/jam_track.py").run()
    ok(at)
    assert len(at.get("audio")) == 2 and not [b for b in at.button if b.key == state.W_SEPARATE]
    # A reloaded browser tab is a new session: the URL names the song, the server's disk cache has it all.
    song = at.session_state[state.SONG]
    from streamlit.testing.v1 import AppTest

    fresh = AppTest.from_file(APP, default_timeout=300)
    fresh.query_params["song"] = song.hash
    fresh.query_params["name"] = song.name
    fresh.run()
    fresh.switch_page("pages/jam_track.py").run()
    ok(fresh)
    assert fresh.session_state[state.SONG].name == song.name
    assert len(fresh.get("audio")) == 2, "stems come back from the disk cache without a click"
    assert len(job_queue()._jobs) == submitted, "no new job was queued"


def test_full_and_spleeter_band_are_different_results(separated_app):
    at = separated_app
    at.switch_page("pages/jam_track.py").run()
    at.radio(key=state.W_BAND).set_value(at.radio(key=state.W_BAND).options[1]).run()
    assert [b for b in at.button if b.key == state.W_SEPARATE], "the band is part of the cache key"
    at.button(key=state.W_SEPARATE).click().run()
    ok(at)
    assert len(at.get("audio")) == 2
    at.radio(key=state.W_BAND).set_value(at.radio(key=state.W_BAND).options[0]).run()


def test_practice_tempo_key_and_loop(separated_app):
    at = separated_app
    at.switch_page("pages/practice.py").run()
    ok(at)
    assert at.selectbox(key=state.W_STEM).value == "Jam track (accompaniment)"
    at.slider(key=state.W_RATE).set_value(0.8).run()
    at.slider(key=state.W_SEMITONES).set_value(2.0).run()
    at.button(key=state.W_RENDER).click().run()
    ok(at)
    assert any("demo_song_accompaniment_tempo0.80_+2st.wav" in c.value for c in at.caption)
    result = next(v for k, v in at.session_state[state.RESULTS].items() if "-practice-" in k)["practice"]
    song = at.session_state[state.SONG].clip
    assert abs(result.n_samples - round(song.n_samples / 0.8)) <= 1024
    assert len(at.get("audio")) == 1 and len(at.get("download_button")) == 1
    # the standard-window quality: a render of its own, the same length, not the same samples
    assert at.radio(key=state.W_QUALITY).value == "Fast"
    at.radio(key=state.W_QUALITY).set_value(at.radio(key=state.W_QUALITY).options[1]).run()
    at.button(key=state.W_RENDER).click().run()
    ok(at)
    renders = [v["practice"] for k, v in at.session_state[state.RESULTS].items() if "-practice-" in k]
    assert len(renders) == 2 and renders[1].n_samples == renders[0].n_samples
    assert not np.array_equal(renders[0].samples, renders[1].samples)
    # A-B loop, repeated, with a count-in
    at.checkbox(key=state.W_LOOP_ON).check().run()
    at.slider(key=state.W_LOOP_RANGE).set_value((2.4, 7.2)).run()
    at.number_input(key=state.W_LOOP_REPEAT).set_value(2).run()
    at.button(key=state.W_RENDER).click().run()
    ok(at)
    loops = [v for k, v in at.session_state[state.RESULTS].items() if "-practice-" in k]
    assert len(loops) == 3
    looped = loops[-1]["practice"]
    assert 2 * 4.0 / 0.8 < looped.duration < 2 * 5.5 / 0.8 + 4 * 0.6 / 0.8 + 1, looped.duration


def test_remix_page_figures_and_another_take(separated_app):
    at = separated_app
    at.switch_page("pages/remix.py").run()
    at.selectbox(key=state.W_REMIX_STEM).set_value("Whole song").run()
    at.slider(key=state.W_REMIX_DURATION).set_value(30).run()
    at.button(key=state.W_REMIX_GO).click().run()
    ok(at)
    summary = next(m.value for m in at.markdown if "BPM" in m.value)
    assert "beats" in summary and "clusters" in summary and "jumps" in summary
    bpm = float(summary.split("**")[1].split()[0])
    assert 95 <= bpm <= 105, "the demo is at 100 BPM"
    assert len(at.get("imgs")) >= 5 and len(at.get("audio")) == 1
    first = {k for k in at.session_state[state.RESULTS] if "-remix-" in k}
    clip = at.session_state[state.RESULTS][next(iter(first))]["remix"]
    assert abs(clip.duration - 30) < 0.7
    seed = at.number_input(key=state.W_REMIX_SEED).value
    at.button(key=state.W_REMIX_AGAIN).click().run()
    ok(at)
    assert at.number_input(key=state.W_REMIX_SEED).value == seed + 1
    assert len({k for k in at.session_state[state.RESULTS] if "-remix-" in k}) == 2, "a new take, rendered"


def test_mixer_levels_mute_solo(separated_app):
    at = separated_app
    at.switch_page("pages/mixer.py").run()
    ok(at)
    assert len(at.get("audio")) == 1 and len(at.get("download_button")) == 1
    at.checkbox(key=state.W_MIX_MUTE.format("vocals")).check().run()
    ok(at)
    mixes = [v["mix"] for k, v in at.session_state[state.RESULTS].items() if "-mix-" in k]
    stems = next(v for k, v in at.session_state[state.RESULTS].items() if "-separate-" in k)
    muted = mixes[-1]
    assert muted.peak() <= 10 ** (-1 / 20) + 1e-4, "the mix is limited to -1 dBFS"
    # With the vocals muted, the mix is the accompaniment (up to the limiter's gain).
    acc = stems["accompaniment"].samples
    corr = np.corrcoef(muted.samples.ravel(), acc.ravel())[0, 1]
    assert corr > 0.99
    at.checkbox(key=state.W_MIX_MUTE.format("vocals")).uncheck().run()


def test_link_loads_and_bad_link_keeps_the_song(server):
    at = load_demo(new_app())
    at.text_input(key=state.W_URL).input(f"{server}/page.html").run()
    at.button(key=state.W_FETCH).click().run()
    assert not at.exception
    assert any("No audio or video" in e.value for e in at.error)
    assert at.session_state[state.SONG].name == "demo_song.mp3", "the loaded song is kept"
    at.text_input(key=state.W_URL).input(f"{server}/clicks.flac").run()
    at.button(key=state.W_FETCH).click().run()
    ok(at)
    song = at.session_state[state.SONG]
    assert song.name == "clicks" and song.source == "link" and abs(song.clip.duration - 6.0) < 0.01


def test_silent_song_is_loaded_with_a_warning(server):
    at = new_app()
    at.text_input(key=state.W_URL).input(f"{server}/silence.flac").run()
    with pytest.warns(JamWithMeWarning, match="silent"):  # the library warns; the page shows it
        at.button(key=state.W_FETCH).click().run()
    ok(at)
    assert at.session_state[state.SONG].name == "silence"
    assert any("silent" in w.value for w in at.warning)
