"""App speed in a real browser: server start to first page, and a cached result shown again after a page switch.

    .venv/bin/python bench/app.py [--runs 3]

Starts `streamlit run app.py` on 127.0.0.1 and drives Debian's headless
Chromium with Playwright (skipped with a message if Chromium is absent).

- start: from launching the server process to the Load page's title rendered
  in the browser (targets: under 3 s);
- switch: with the demo song separated, from clicking "Jam track" in the
  sidebar (coming from another page) to both audio players shown again,
  without recomputing (target: under 0.5 s);
- then the server memory of one session on a 20-minute song (load, jam
  track, practice render, remix), from ``bench/session_memory.py``;
  ``--baseline COMMIT`` measures that commit's app first, in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, goto_when_up, nav  # noqa: E402
from servers import streamlit_command  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--minutes", type=float, default=20.0, help="song length for the session's memory")
    parser.add_argument("--baseline", help="a commit whose session memory is measured first, in the same run")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("bench/app.py: Chromium is not installed (apt-get install chromium); skipped")
        return
    from playwright.sync_api import expect, sync_playwright

    starts, switches = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for _ in range(args.runs):
            cache = tempfile.mkdtemp(prefix="jamwithme-bench-cache-")  # each run separates for real
            port = free_port()
            env = dict(os.environ, JAMWITHME_CACHE_DIR=cache)
            t0 = time.perf_counter()
            proc = subprocess.Popen(streamlit_command(port, str(ROOT / "app.py")), cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            try:
                page = browser.new_page()
                goto_when_up(page, f"http://127.0.0.1:{port}", timeout=60, interval=0.05)
                page.wait_for_function(
                    "[...document.querySelectorAll('h1')].some(h => h.textContent.includes('Load a song'))",
                    polling="raf",
                    timeout=60_000,
                )
                starts.append(time.perf_counter() - t0)

                page.get_by_role("tab", name="Demo song").click()
                page.get_by_role("button", name="Load the demo song").click()
                expect(page.get_by_test_id("stSidebar").get_by_text("demo_song.mp3")).to_be_visible(timeout=60_000)
                nav(page, "Jam track")
                page.get_by_role("button", name="Separate").click()
                expect(page.locator("audio")).to_have_count(2, timeout=180_000)
                nav(page, "Load")
                expect(page.get_by_role("heading", name="Load a song")).to_be_visible(timeout=30_000)
                link = page.get_by_test_id("stSidebarNavLink").filter(has_text="Jam track").first
                link.hover()  # Playwright's own actionability checks are not the app's time
                t1 = time.perf_counter()
                link.click()
                # Polled every animation frame: expect()'s back-off (100, 250, 500 ms...) would be measured too.
                page.wait_for_function(
                    "document.querySelectorAll('audio').length == 2 && "
                    "[...document.querySelectorAll('h1')].some(h => h.textContent.includes('Jam track'))",
                    polling="raf",
                    timeout=30_000,
                )
                switches.append(time.perf_counter() - t1)
                page.close()
            finally:
                proc.terminate()
                proc.wait(10)
                shutil.rmtree(cache, ignore_errors=True)
        browser.close()
    print(f"runs: {args.runs}")
    print(f"server start -> first page rendered: median {statistics.median(starts):.2f} s  (all: "
          + ", ".join(f"{s:.2f}" for s in starts) + ")")  # fmt: skip
    print(f"page switch -> cached jam track shown: median {statistics.median(switches):.3f} s  (all: "
          + ", ".join(f"{s:.3f}" for s in switches) + ")")  # fmt: skip
    # The memory of one session on a long song: load, jam track, practice render, remix.
    import session_memory

    session_memory.main(["--minutes", f"{args.minutes:g}", *(["--baseline", args.baseline] if args.baseline else [])])


if __name__ == "__main__":
    main()
