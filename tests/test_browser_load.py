"""Loading a song in a real browser while the musician moves on: the song is theirs once it is read."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from conftest import chromium_page, load_demo_song, nav, settled

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def long_mp3(path) -> None:
    """Eight minutes of a tone in noise as a small MP3: reading it takes seconds (9.5 s at load 10 on 2 cores)."""
    import imageio_ffmpeg

    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-v", "error",
         "-f", "lavfi", "-i", "sine=frequency=220:duration=480", "-f", "lavfi", "-i", "anoisesrc=d=480:a=0.05",
         "-filter_complex", "amix=inputs=2", "-ac", "2", "-b:a", "64k", str(path)],
        check=True,
    )  # fmt: skip


def test_a_page_clicked_while_the_song_is_read_opens_with_that_song(streamlit_server, tmp_path, artifacts):
    """Upload a long song and click Practice while "Reading …" stands: that click stopped the run as the spinner
    ended, before the song was made the session's, and Practice said "Load a song first" (the hot-reload test hit
    it 1 run in 2 at load 8-10). The song is the session's as soon as it is read now."""
    from playwright.sync_api import expect

    song = tmp_path / "eight_minutes.mp3"
    long_mp3(song)
    with chromium_page() as page:
        page.goto(streamlit_server.url, wait_until="domcontentloaded")
        page.locator("input[type=file]").set_input_files(str(song))
        expect(page.get_by_text("Reading eight_minutes.mp3")).to_be_visible(timeout=120_000)
        nav(page, "Practice")
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("eight_minutes.mp3")).to_be_visible(timeout=120_000)
        settled(page)
        page.screenshot(path=str(artifacts / "load_then_practice.png"))
        assert "Load a song first" not in page.inner_text("body")
        expect(page.get_by_role("heading", name="Practice")).to_be_visible()


def test_a_new_song_never_shows_the_last_songs_facts(streamlit_server, tmp_path, artifacts):
    """With the demo loaded, upload another song: while it is read, and after, no fact of the demo (its name, its
    0:19) stands under it. The QA walk saw the last song's length, tempo, key and warnings for 1-6 s, then greyed."""
    from playwright.sync_api import expect

    song = tmp_path / "eight_minutes.mp3"
    long_mp3(song)
    with chromium_page() as page:
        page.goto(streamlit_server.url, wait_until="domcontentloaded")
        load_demo_song(page)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_test_id("stMetric").filter(has_text="0:19")).to_be_visible(timeout=60_000)
        page.get_by_role("tab", name="Upload a file").click()
        page.locator("input[type=file]").set_input_files(str(song))
        expect(page.get_by_text("Reading eight_minutes.mp3")).to_be_visible(timeout=120_000)
        page.screenshot(path=str(artifacts / "second_song_reading.png"))
        # Read while the spinner stands: the demo's facts are gone, not greyed.
        assert main.get_by_role("heading", name="demo_song.mp3").count() == 0
        assert main.get_by_test_id("stMetric").count() == 0
        expect(main.get_by_role("heading", name="eight_minutes.mp3")).to_be_visible(timeout=120_000)
        expect(main.get_by_test_id("stMetric").filter(has_text="8:00")).to_be_visible(timeout=60_000)
        page.screenshot(path=str(artifacts / "second_song_loaded.png"))
        assert main.get_by_role("heading", name="demo_song.mp3").count() == 0
        assert main.get_by_test_id("stMetric").filter(has_text="0:19").count() == 0


#: True where a metric's value, or an element inside it, holds more text than it shows (an ellipsis).
CUT_OFF = "el => [el, ...el.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)"


@pytest.mark.parametrize("width", [1280, 1400])  # Playwright's default window and the tests' own
def test_the_load_pages_figures_are_shown_whole(streamlit_server, tmp_path, artifacts, width):
    """Issue: a song with no beat and no tones read "no steady…" and "no key fo…": st.metric cuts a long value.
    Every figure reads whole, and what was not found is said in full."""
    import soundfile as sf
    from playwright.sync_api import expect

    from jamwithme.analysis import NO_KEY, NO_PULSE

    song = tmp_path / "twelve_seconds_of_silence.wav"
    sf.write(str(song), np.zeros((12 * 44100, 2), np.float32), 44100)
    with chromium_page() as page:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(streamlit_server.url, wait_until="domcontentloaded")
        page.locator("input[type=file]").set_input_files(str(song))
        main = page.get_by_test_id("stMain")
        expect(main.get_by_test_id("stMetric").filter(has_text="Tempo")).to_be_visible(timeout=120_000)
        # The analysis is done: no metric reads "finding…" or "…" any more.
        expect(main.get_by_test_id("stMetricValue").filter(has_text="…")).to_have_count(0, timeout=120_000)
        settled(page)
        page.screenshot(path=str(artifacts / f"load_figures_no_beat_{width}.png"))
        values = main.get_by_test_id("stMetricValue")
        assert values.count() == 5
        cut = [values.nth(i).inner_text() for i in range(values.count()) if values.nth(i).evaluate(CUT_OFF)]
        assert not cut, f"cut off at {width} px: {cut}"
        for said in (NO_PULSE, NO_KEY):  # the whole sentence, on the page and not clipped
            shown = main.get_by_text(said, exact=False)
            expect(shown.first).to_be_visible()
            assert not shown.first.evaluate(CUT_OFF), f"{said!r} is cut off at {width} px"
        # a song with a tempo and a key: its figures whole too ("finding…" while the analysis runs, then the key)
        load_demo_song(page)
        expect(main.get_by_test_id("stMetric").filter(has_text="BPM")).to_be_visible(timeout=120_000)
        expect(values.filter(has_text=re.compile(r"[A-G][#b]? (major|minor)"))).to_have_count(1, timeout=120_000)
        page.screenshot(path=str(artifacts / f"load_figures_demo_{width}.png"))
        cut = [values.nth(i).inner_text() for i in range(values.count()) if values.nth(i).evaluate(CUT_OFF)]
        assert not cut, f"cut off at {width} px: {cut}"
