"""A result heard and downloaded in a real browser: how soon the Mixer's new mix plays and its downloads come.

    .venv/bin/python bench/downloads.py [--song ../shared/audio/music/Karissa_Hobbs_-_Lets_Go_Fishin.ogg]

Starts `streamlit run app.py` with a fresh store and drives Debian's headless
Chromium (skipped with a message if absent): uploads the song, separates it on
the Jam track page, opens the Mixer, renders a mix, and prints, from the click
on "Render the mix":

- player: the mix's player on the page (it plays its FLAC at once);
- WAV button: "Download mix (WAV 16-bit)" offered (made by a stored job in the
  background, its progress shown meanwhile);

then, from choosing MP3 as the download format:

- MP3 progress: "Making the mix download (MP3)" shown, and MP3 button: the
  button offered once the job has made it (an MP3 took 14 s per 3-minute song,
  and before this the page stood still for it, or the click did);

and the seconds the Practice page took to show its player after the Jam track
page (the stems' MP3s made once, by the jobs that page started). Before these
changes the mix's player came only after its MP3. Figures depend on the load:
run it with the machine's load average beside them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, goto_when_up, nav  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--song", type=Path, default=SONG)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("bench/downloads.py: Chromium is not installed (apt-get install chromium); skipped")
        return
    from playwright.sync_api import expect, sync_playwright
    from servers import free_ports, streamlit_command

    cache = tempfile.mkdtemp(prefix="jamwithme-bench-cache-")
    (port,) = free_ports(1)
    env = dict(os.environ, JAMWITHME_CACHE_DIR=cache)
    proc = subprocess.Popen(streamlit_command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    figures = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            goto_when_up(page, f"http://127.0.0.1:{port}", timeout=120, interval=0.2)
            page.locator("input[type=file]").first.set_input_files(str(args.song))
            expect(page.get_by_test_id("stSidebar").get_by_text(args.song.name)).to_be_visible(timeout=180_000)
            nav(page, "Jam track")
            page.get_by_role("button", name="Separate").click()
            expect(page.locator("audio")).to_have_count(2, timeout=900_000)
            t0 = time.perf_counter()
            nav(page, "Practice")
            expect(page.locator(".jam-player")).to_have_count(1, timeout=900_000)
            figures["Practice player after the Jam track page"] = time.perf_counter() - t0
            nav(page, "Mixer")
            expect(page.locator(".jam-player")).to_have_count(1, timeout=300_000)
            page.get_by_role("button", name="Render the mix").click()
            t0 = time.perf_counter()
            expect(page.locator("audio")).to_have_count(1, timeout=900_000)
            figures["mix: player"] = time.perf_counter() - t0
            expect(page.get_by_role("button", name="Download mix (WAV 16-bit)")).to_be_visible(timeout=300_000)
            figures["mix: WAV button"] = time.perf_counter() - t0
            page.get_by_label("Download format").click()
            page.get_by_role("option", name="MP3 (320 kb/s)", exact=True).click()
            t0 = time.perf_counter()
            expect(page.get_by_text("Making the mix download (MP3)")).to_be_visible(timeout=120_000)
            figures["mix: MP3 progress"] = time.perf_counter() - t0
            expect(page.get_by_role("button", name="Download mix (MP3)")).to_be_visible(timeout=600_000)
            figures["mix: MP3 button"] = time.perf_counter() - t0
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(cache, ignore_errors=True)
    print(f"song: {args.song.name}; load average {os.getloadavg()[0]:.1f} at the end")
    for name, seconds in figures.items():
        print(f"{name}: {seconds:.1f} s")


if __name__ == "__main__":
    main()
