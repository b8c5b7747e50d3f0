"""A session that survives, in a real browser: page switches and reloads keep the song, settings and results.

Recomputation is seen in the server's log ("job started: <key>", one line per job
the queue runs), never in timings.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from conftest import (
    CHROMIUM,
    CHROMIUM_AUTOPLAY_ARGS,
    chromium,
    chromium_page,
    load_demo_song,
    nav,
    separate_on_jam_track,
    settled,
    wait_for,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = {"Load": "", "Jam track": "jam_track", "Practice": "practice", "Beat remix": "remix", "Mixer": "mixer"}


def jobs_started(log) -> list[str]:
    return re.findall(r"job started: (\S+)", log.read_text())


def is_local(url: str) -> bool:
    """A request the browser can answer without the internet: loopback, or data held by the page itself."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost", "::1")


def player_loaded(page, timeout: float = 120_000) -> None:
    """Wait until the page's practice player has fetched and decoded its stems (it says so while it has not)."""
    from playwright.sync_api import expect

    player = page.locator(".jam-player")
    expect(player).to_have_count(1, timeout=timeout)
    expect(player).not_to_contain_text(re.compile("Loading the stems|could not load"), timeout=timeout)


def test_page_switches_and_reloads_keep_everything(streamlit_server, artifacts):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    url, log = streamlit_server.url, streamlit_server.log
    with chromium_page() as page:
        page.goto(url, wait_until="domcontentloaded")
        load_demo_song(page)

        nav(page, "Jam track")
        page.get_by_role("button", name="Separate").click()
        expect(page.locator("audio")).to_have_count(2, timeout=240_000)

        nav(page, "Practice")  # the player opens once the song is analysed (minutes on a busy machine)
        player_loaded(page, timeout=600_000)
        page.locator("[data-testid=jam-speed]").fill("0.75")  # a range input: fill sets it and fires input
        # The player reports its settings to the server, which captions the tempo played: the setting is saved.
        expect(page.get_by_text(re.compile(r"BPM \(75 % of"))).to_be_visible(timeout=60_000)

        nav(page, "Beat remix")
        expect(page.get_by_role("button", name="Make remix")).to_be_visible(timeout=30_000)
        nav(page, "Practice")
        player_loaded(page)
        nav(page, "Mixer")
        page.wait_for_function("location.pathname === '/mixer'", timeout=60_000)
        player_loaded(page)  # its stems served, not a 404 left at "Loading the stems…"
        # The live mixer plays in the browser; the server renders the final mix when asked.
        page.get_by_role("button", name="Render the mix").click(timeout=120_000)
        # The mix's own download, not an audio element left over from the page before.
        expect(page.get_by_role("button", name=re.compile("Download mix"))).to_be_visible(timeout=120_000)
        nav(page, "Load")
        expect(page.get_by_text("BPM").first).to_be_visible(timeout=120_000)
        values = page.get_by_test_id("stMetricValue")  # time signature and key, no button pressed
        expect(values.filter(has_text="4/4")).to_have_count(1)
        expect(values.filter(has_text=re.compile(r"[A-G][#b]? (major|minor)"))).to_have_count(1)
        settled(page)
        before = jobs_started(log)
        assert len(before) == len(set(before)), f"a job ran twice: {before}"

        for title, path in PAGES.items():
            nav(page, title)
            page.wait_for_function(f"location.pathname === '/{path}'", timeout=60_000)
            settled(page)
            with contextlib.suppress(PlaywrightTimeout):  # the app writes the query a moment after the page draws
                page.wait_for_function("/song=.*tab=|tab=.*song=/.test(location.search)", timeout=30_000)
            assert "song=" in page.url and "tab=" in page.url, f"{title}: the URL lost the song: {page.url}"
            page.reload(wait_until="domcontentloaded")
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("demo_song.mp3")).to_be_visible(timeout=60_000)
            if title == "Jam track":
                expect(page.locator("audio")).to_have_count(2, timeout=60_000)
            elif title in ("Mixer", "Load"):
                expect(page.locator("audio")).to_have_count(1, timeout=60_000)
            if title in ("Practice", "Mixer"):
                player_loaded(page)
            if title == "Practice":  # the player opens where it was left
                expect(page.locator("[data-testid=jam-speed]")).to_have_value("0.75", timeout=60_000)
                expect(page.get_by_text(re.compile(r"BPM \(75 % of"))).to_be_visible(timeout=60_000)
            if title == "Load":
                expect(page.get_by_text("BPM").first).to_be_visible(timeout=60_000)
            settled(page)
            page.screenshot(path=str(artifacts / f"browser_reload_{path or 'load'}.png"), full_page=True)
        assert jobs_started(log) == before, "a reload recomputed something"


def test_two_sessions_waiting_on_one_separation_both_get_it(streamlit_server):
    from playwright.sync_api import expect

    url, log = streamlit_server.url, streamlit_server.log
    with chromium() as browser:
        first = browser.new_context().new_page()
        first.goto(url, wait_until="domcontentloaded")
        load_demo_song(first)
        song = re.search(r"song=([0-9a-f]{64})", first.url).group(1)
        second = browser.new_context().new_page()
        second.goto(f"{url}/jam_track?song={song}", wait_until="domcontentloaded")
        nav(first, "Jam track")
        pages = (first, second)
        for page in pages:  # the second joins the job the first started: Spleeter's band, not yet made
            radio = page.get_by_text("Spleeter's original")
            expect(radio).to_be_visible(timeout=60_000)
            radio.click()
            settled(page)
        for page in pages:
            page.get_by_role("button", name="Separate").click()
        for page in pages:
            expect(page.locator("audio")).to_have_count(2, timeout=240_000)
        spleeter = wait_for(
            lambda: [k for k in jobs_started(log) if k.startswith("separate-") and song[:32] in k],
            what="separation logged",
        )
        assert len(spleeter) == len(set(spleeter)), f"the two sessions ran the same separation twice: {spleeter}"


def test_the_practice_page_plays_the_stems_live_and_exports_what_you_hear(streamlit_server, artifacts):
    """The player mounts on the Practice page with the song's stems, bars and chords; the export renders it."""
    from playwright.sync_api import expect

    url = streamlit_server.url
    with chromium_page(CHROMIUM_AUTOPLAY_ARGS) as page:
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        missing = []  # what answered 404, named (the console says only "Failed to load resource")
        page.on("response", lambda r: r.status == 404 and missing.append(r.url))
        outside = []  # nothing the app shows may need the internet (the favicon once came from a CDN)
        page.on("request", lambda r: not is_local(r.url) and outside.append(r.url))
        page.goto(url, wait_until="domcontentloaded")
        load_demo_song(page)
        separate_on_jam_track(page)
        nav(page, "Practice")
        # the player opens once the song is analysed: over 2 minutes on a busy 2-core machine
        expect(page.locator(".jam-player")).to_have_count(1, timeout=600_000)
        page.wait_for_function("window.__jamPlayer?.player?.readyMs !== undefined", timeout=120_000)
        assert page.evaluate("__jamPlayer.player.engine.stems.length") == 2, "vocals and accompaniment"
        assert page.evaluate("__jamPlayer.player.engine.duration") == pytest.approx(19.2, abs=0.1)
        page.locator("[data-testid=jam-play]").click()
        page.wait_for_function("__jamPlayer.player.engine.position > 0.5", timeout=30_000)
        page.screenshot(path=str(artifacts / "browser_practice_player.png"), full_page=True)
        page.get_by_text("Export what I hear").click()
        page.get_by_role("button", name="Export").click()
        expect(page.get_by_role("button", name=re.compile("Download export"))).to_be_visible(timeout=240_000)
        assert not outside, f"the page asked hosts outside this machine for {outside}"
        assert not [e for e in errors if "favicon" not in e], (errors, missing)


def test_a_page_clicked_while_the_first_run_draws_keeps_the_song(tmp_path, artifacts):
    """QA: a reload of a song's URL, then a page clicked in the sidebar at once (as soon as it shows): the page said
    "Load a song first" and the URL had lost ?song= (4 times in 8 on the first visit after a server start, with
    the 2.3 GB store of a day's QA). On this small store the first run is quicker and the click came after the song
    was restored in 3 tries of 3 before the fix: this holds the behaviour, the timing is not reproduced here."""
    from playwright.sync_api import expect
    from servers import streamlit_app

    from jamwithme.service import Service
    from jamwithme.service.store import LocalStore

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    demo = Path(__file__).resolve().parent.parent / "sample_data" / "demo_song.mp3"
    song = Service(LocalStore(tmp_path / "app-cache")).add_song(demo.read_bytes(), name="demo_song.mp3")
    with streamlit_app("app", {}, tmp_path) as url, chromium_page() as page:
        page.goto(f"{url}/?song={song.id}", wait_until="domcontentloaded")
        page.get_by_test_id("stSidebarNavLink").filter(has_text="Beat remix").first.click(timeout=120_000)
        expect(page.get_by_test_id("stSidebar").get_by_text("demo_song.mp3")).to_be_visible(timeout=120_000)
        expect(page).to_have_url(re.compile(f"remix.*song={song.id}"), timeout=60_000)
        settled(page)
        page.screenshot(path=str(artifacts / "first_run_page_click.png"))
        assert "Load a song first" not in page.inner_text("body")


def test_the_tab_opened_on_the_load_page_stays_open_after_a_song_is_loaded(streamlit_server):
    """QA: load a song ("Loaded demo_song.mp3." shown above the page), open "Paste a link", press Fetch: the next
    run put the page back on "Upload a file" (the notice gone, the tabs moved up a place and were made anew), so a
    link's error, or the analysis ending, showed the musician another tab than the one they were using."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(streamlit_server.url, wait_until="domcontentloaded")
        page.get_by_role("tab", name="Demo song").click(timeout=120_000)
        page.get_by_role("button", name="Load the demo song").click()
        expect(page.get_by_text("Loaded demo_song.mp3")).to_be_visible(timeout=120_000)
        settled(page)
        page.get_by_role("tab", name="Paste a link").click()
        page.get_by_role("button", name="Fetch").click()  # an empty link: a run without the notice
        expect(page.get_by_text("Loaded demo_song.mp3")).to_have_count(0, timeout=60_000)
        settled(page)
        expect(page.locator("[role=tab][aria-selected=true]")).to_have_text("Paste a link")
