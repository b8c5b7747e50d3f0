"""The app in a real browser: `streamlit run app.py` and headless Chromium driven by Playwright.

Upload a 20 s excerpt of a real song, separate it, and find two audio players
and the download buttons. A screenshot is kept in test-artifacts/.
"""

from __future__ import annotations

import time

import pytest
from conftest import FISHIN, chromium, chromium_page, load_demo_song, nav, separate_on_jam_track, settled, shared_file

from jamwithme import audio

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def app_url(streamlit_server):
    return streamlit_server.url


def test_upload_separate_play_download(app_url, tmp_path, artifacts):
    from playwright.sync_api import expect

    song = audio.load(shared_file(FISHIN))
    excerpt = audio.AudioClip(song.samples[:, 30 * 44100 : 50 * 44100])
    upload = audio.save(excerpt, tmp_path / "fishin_20s.flac")

    with chromium_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        page.locator("input[type=file]").first.set_input_files(str(upload))
        expect(page.get_by_text("fishin_20s.flac").first).to_be_visible(timeout=60_000)
        expect(page.get_by_text("0:20").first).to_be_visible(timeout=60_000)

        nav(page, "Jam track")
        page.get_by_role("button", name="Separate").click()
        players = page.locator("audio")
        expect(players).to_have_count(2, timeout=180_000)
        expect(page.get_by_role("button", name="Download accompaniment (WAV 16-bit)")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("button", name="Download vocals (WAV 16-bit)")).to_be_visible()
        page.screenshot(path=str(artifacts / "browser_jam_track.png"), full_page=True)
        # Each download once on the page, through the reruns that follow (the next run draws no Separate
        # and no progress above them; the last run's players stood on below the new ones while the MP3s
        # were made): the most buttons for the accompaniment ever shown at once, watched on every change.
        page.evaluate(
            """() => { const count = () => [...document.querySelectorAll("button")]
                .filter((b) => b.innerText.includes("Download accompaniment")).length;
              window.__mostDownloads = count();
              new MutationObserver(() => { window.__mostDownloads = Math.max(window.__mostDownloads, count()); })
                .observe(document.body, { childList: true, subtree: true }); }"""
        )
        # 16-bit and 24-bit WAV downloads are told apart by their names (issue 21: they shared one).
        names = {}
        for label, bits in (("WAV (16-bit)", 16), ("WAV (24-bit)", 24)):
            pick(page, "Download format", label)
            button = page.get_by_role("button", name=f"Download accompaniment (WAV {bits}-bit)")
            with page.expect_download(timeout=120_000) as download:
                button.click()
            names[bits] = download.value.suggested_filename
        assert names == {16: "fishin_20s_accompaniment.wav", 24: "fishin_20s_accompaniment_24bit.wav"}, names
        assert page.evaluate("window.__mostDownloads") == 1
        pick(page, "Download format", "WAV (16-bit)")

        # A bad upload: a clear error, and the song and its jam track are still there.
        nav(page, "Load")
        not_audio = tmp_path / "notes.mp3"
        not_audio.write_text("these are my lyrics, not a song\n" * 50)
        page.locator("input[type=file]").first.set_input_files(str(not_audio))
        said = "Could not load notes.mp3: this is not audio we can read, or the file is damaged"
        expect(page.get_by_text(said, exact=True)).to_be_visible(timeout=60_000)
        # the file named once, and nothing of what the decoders said (issue 21)
        assert "soundfile" not in page.inner_text("body") and "ffmpeg" not in page.inner_text("body")
        expect(page.get_by_text("fishin_20s.flac").first).to_be_visible()
        # The sidebar keeps the song you have, and the uploader no longer names the refused file.
        expect(page.get_by_test_id("stSidebar").get_by_text("fishin_20s.flac")).to_be_visible()
        expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)
        page.screenshot(path=str(artifacts / "browser_bad_upload.png"), full_page=True)
        nav(page, "Jam track")
        expect(players).to_have_count(2, timeout=30_000)
        # The players hold real audio the browser can decode.
        durations = players.evaluate_all(
            "els => Promise.all(els.map(e => e.readyState >= 1 ? e.duration :"
            " new Promise(r => { e.addEventListener('loadedmetadata', () => r(e.duration)); e.load(); })))"
        )
        assert [round(d) for d in durations] == [20, 20]


def pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the Streamlit selectbox labelled ``label`` and wait until it shows it."""
    from playwright.sync_api import expect

    page.get_by_label(label).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_test_id("stSelectbox").filter(has_text=label)).to_contain_text(option, timeout=30_000)


def test_another_take_never_offers_the_last_take(app_url):
    """Issue 21: while "Another take" was made, the last take's player and download stayed (and gave the old take)."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        load_demo_song(page)
        nav(page, "Beat remix")
        # The longest take: the job runs for seconds, so a last take left on the page while it runs is seen.
        length = page.get_by_test_id("stSlider").filter(has_text="Length").get_by_role("slider")
        thumb = length.bounding_box()  # dragged past the track's end: the slider's largest value
        page.mouse.move(thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2)
        page.mouse.down()
        page.mouse.move(thumb["x"] + 2000, thumb["y"] + thumb["height"] / 2, steps=5)
        page.mouse.up()
        expect(length).to_have_attribute("aria-valuenow", "600", timeout=60_000)
        settled(page)
        page.get_by_role("button", name="Make remix").click()
        download = page.get_by_role("button", name="Download remix")
        expect(download).to_be_visible(timeout=300_000)
        first = page.locator("audio").first.get_attribute("src")
        page.get_by_role("button", name="Another take (new seed)").click()
        offered_old, deadline = 0, time.monotonic() + 300
        # The new take's job in progress: a bar that does not say "Done" (the last run's bar ended there).
        working = page.get_by_test_id("stProgress").filter(has_not_text="Done")
        while True:  # look as often as the page can be read, until the new take's player is there
            sources = page.locator("audio").evaluate_all("els => els.map(e => e.getAttribute('src'))")
            if sources and first not in sources:
                break
            assert time.monotonic() < deadline, "the new take never came"
            # Offered: the last take's player and download on the page while the new take's job shows progress.
            # The page clears the take before it draws the progress, so the two are never seen together.
            shown = download.count() > 0 and download.first.is_visible() and working.count() > 0
            old_player = first in page.locator("audio").evaluate_all("els => els.map(e => e.getAttribute('src'))")
            offered_old += shown and old_player
        assert offered_old == 0, f"the last take's download was offered {offered_old} times while the next was made"
        expect(download).to_be_visible(timeout=60_000)


def test_two_users_separating_at_once_each_get_their_own_song(app_url, tmp_path, artifacts):
    """Two browser sessions press Separate together: one waits in line, both get their own stems."""
    from playwright.sync_api import expect

    song = audio.load(shared_file(FISHIN))
    files = []
    for name, start, seconds in (("first_12s.flac", 60, 12), ("second_16s.flac", 90, 16)):
        clip = audio.AudioClip(song.samples[:, start * 44100 : (start + seconds) * 44100])
        files.append((audio.save(clip, tmp_path / name), seconds))
    with chromium() as browser:
        pages = [browser.new_context().new_page() for _ in files]
        for page, (path, seconds) in zip(pages, files):
            page.goto(app_url, wait_until="domcontentloaded")
            page.locator("input[type=file]").first.set_input_files(str(path))
            expect(page.get_by_text(path.name).first).to_be_visible(timeout=60_000)
            # the uploader shows the name at once; the length shows once the song is decoded and loaded
            expect(page.get_by_text(f"0:{seconds:02d}").first).to_be_visible(timeout=60_000)
            nav(page, "Jam track")
            expect(page.get_by_role("button", name="Separate")).to_be_visible(timeout=30_000)
        for page in pages:
            page.get_by_role("button", name="Separate").click()
        for i, (page, (_, seconds)) in enumerate(zip(pages, files)):
            players = page.locator("audio")
            expect(players).to_have_count(2, timeout=240_000)
            page.screenshot(path=str(artifacts / f"browser_user{i + 1}.png"), full_page=True)
            durations = players.evaluate_all(
                "els => Promise.all(els.map(e => e.readyState >= 1 ? e.duration :"
                " new Promise(r => { e.addEventListener('loadedmetadata', () => r(e.duration)); e.load(); })))"
            )
            assert [round(d) for d in durations] == [seconds, seconds], "each user hears their own song"


def test_enter_in_the_link_box_fetches_the_link(app_url):
    """Found walking the app: Enter in "YouTube or media link" kept the text and did nothing; only the button
    fetched. Enter now fetches too (here a dead address: its error is the sign the fetch ran)."""
    from conftest import free_port
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        page.get_by_role("tab", name="Paste a link").click()
        # The form whole, as a user sees it before typing: Enter submits only once the form's button is there
        # (Streamlit's allowFormEnterToSubmit); the box is drawn a moment before it, longer while the server
        # runs a job (the official CI of stop 35: Enter pressed in that moment did nothing).
        expect(page.get_by_role("button", name="Fetch")).to_be_visible(timeout=60_000)
        box = page.get_by_label("YouTube or media link")
        box.fill(f"http://127.0.0.1:{free_port()}/song.mp3")
        box.press("Enter")
        expect(page.get_by_test_id("stAlert").filter(has_text="did not answer")).to_be_visible(timeout=60_000)


def test_a_new_mix_plays_at_once_and_its_mp3_download_follows_with_progress(app_url):
    """QA (issues 21/22 leftovers): the Mixer, Beat remix and Export pages stood ~14 s per 3-minute song on
    an MP3 with nothing shown, and an MP3 download clicked before it was made was made on the click with no
    progress. The mix plays at once; an MP3 download is made by a stored job with its progress shown, the
    button comes when it is made, and the player plays on through the run that brings it."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        load_demo_song(page)
        separate_on_jam_track(page)
        nav(page, "Mixer")
        # A mix no session made yet: the vocals a level of their own (0.5 dB steps; the session starts at -6).
        page.get_by_text("Broadcast (−23 LUFS)").click()
        settled(page)
        page.get_by_role("button", name="Render the mix").click()
        player = page.locator("audio")
        expect(player).to_have_count(1, timeout=240_000)
        assert player.get_attribute("src").endswith(".flac"), "a new mix plays at once, from its FLAC"
        src = player.get_attribute("src")
        expect(page.get_by_role("button", name="Download mix (WAV 16-bit)")).to_be_visible(timeout=120_000)
        # When each first showed: the MP3's progress, then its button (never a button that makes it on the click).
        page.evaluate(
            """() => { window.__seen = {};
              const buttons = () => [...document.querySelectorAll("button")].map((b) => b.innerText);
              const look = () => { const now = performance.now();
                const text = document.body.innerText;
                if (text.includes("Making the mix download (MP3)")) window.__seen.progress ??= now;
                if (buttons().some((t) => t.includes("Download mix (MP3)"))) window.__seen.button ??= now; };
              const all = { childList: true, subtree: true, characterData: true };
              new MutationObserver(look).observe(document.body, all);
              look(); }"""
        )
        pick(page, "Download format", "MP3 (320 kb/s)")
        button = page.get_by_role("button", name="Download mix (MP3)")
        expect(button).to_be_visible(timeout=120_000)
        seen = page.evaluate("window.__seen")
        assert "progress" in seen and seen["progress"] < seen["button"], seen
        assert player.get_attribute("src") == src, "the player plays on as it began (a new src starts at 0:00)"
        with page.expect_download(timeout=60_000) as download:
            button.click()
        assert download.value.suggested_filename.endswith(".mp3")


def test_the_melodys_progress_goes_once_its_notes_are_drawn(app_url):
    """QA: "Finding the melody's notes: done" stood above the Practice player after the notes were drawn, for
    minutes, until something made the page run again. Once the notes are in the player, the box is gone."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        load_demo_song(page)
        nav(page, "Practice")
        page.get_by_role("button", name="Show the melody").click(timeout=300_000)
        # Seen while the notes are found (the demo is separated first: minutes on a busy machine).
        expect(page.get_by_text("Finding the melody's notes").first).to_be_visible(timeout=60_000)
        page.wait_for_function("() => window.__jamPlayer?.player?.names?.includes('melody')", timeout=900_000)
        settled(page)
        assert page.get_by_text("Finding the melody's notes").count() == 0, "the progress box stayed"
        assert page.get_by_role("button", name="Show the melody").count() == 0


def test_the_melody_pages_progress_goes_once_its_notes_are_drawn(app_url):
    """The Melody page's "Finding the notes: done" stood above its notes (downloads, lane) as the Practice
    page's did, until the page ran again. Once the notes are drawn, the box is gone."""
    from playwright.sync_api import expect

    with chromium_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        load_demo_song(page)
        nav(page, "Melody")
        page.get_by_text("Bass line (from the jam track)").click()  # a part no test here has found yet
        settled(page)
        page.get_by_role("button", name="Find the notes").click(timeout=120_000)
        expect(page.get_by_text("Finding the notes").first).to_be_visible(timeout=60_000)
        # The MIDI button this run draws once the notes are found, not the melody part's, left on the page
        # from before the part was changed and marked stale while this run waits on the job: a fresh-clone CI
        # run found that one at once, while the bass line was at 64 %, and judged the box too early.
        drawn = page.locator("[data-testid=stElementContainer]:not([data-stale=true])")
        expect(drawn.get_by_role("button", name="MIDI")).to_be_visible(timeout=900_000)
        settled(page)
        assert page.get_by_text("Finding the notes").count() == 0, "the progress box stayed"


def test_a_jobs_progress_box_goes_once_its_result_is_drawn(app_url):
    """Every page's "…: done" box (here "Finding beats and remixing: done") stood above the result it had
    made until the page ran again. Watched on every change of the page: the box and the take it made are
    never on the page together, and once the run is over the box is gone."""
    from playwright.sync_api import expect

    label = "Finding beats and remixing"
    with chromium_page() as page:
        page.goto(app_url, wait_until="domcontentloaded")
        load_demo_song(page)
        nav(page, "Beat remix")
        seed = page.get_by_label("Seed (same seed, same remix)")
        seed.fill("7")  # a take no test here has made yet: its job runs, and its box is drawn
        seed.press("Enter")
        settled(page)
        page.evaluate(
            """(label) => { const both = () => !!document.querySelector("audio")
                && document.body.innerText.includes(label);
              window.__boxWithTake = both();
              window.__boxSeen = document.body.innerText.includes(label);
              new MutationObserver(() => {
                window.__boxSeen ||= document.body.innerText.includes(label);
                window.__boxWithTake ||= both();
              }).observe(document.body, { childList: true, subtree: true, characterData: true }); }""",
            label,
        )
        page.get_by_role("button", name="Make remix").click()
        expect(page.get_by_role("button", name="Download remix")).to_be_visible(timeout=300_000)
        settled(page)
        assert page.evaluate("window.__boxSeen"), "the job's progress was never shown"
        assert not page.evaluate("window.__boxWithTake"), "the progress box stood above the take it made"
        assert page.get_by_text(label).count() == 0, "the progress box stayed"
