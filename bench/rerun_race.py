"""Page clicks lost to a rerun the server started a moment before: a small app, with and without the guard.

    .venv/bin/python bench/rerun_race.py [--clicks 150]

Two copies of one small Streamlit app run side by side, one with
``ui.runner_guard.guard_session_writes()`` and one without. Page A has four
fragments that look every second, like the pages following their background
jobs, and each calls ``st.rerun()`` once its "job" is done (1 to 4 s after the
page opened), beside two threads that keep the GIL busy as jobs do. Chromium
opens page A, waits 0.5-5 s at random and clicks page B in the sidebar; a click
is lost when page B's text is not drawn within 30 s (the page stays on A, or
the URL says B and the page is empty). Prints the clicks lost of each copy.
Skipped with a message when Chromium is absent.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, goto_when_up  # noqa: E402
from servers import streamlit_command  # noqa: E402

APP = """\
import sys, threading, time
import streamlit as st

sys.path.insert(0, {root!r})
if {guard!r}:
    from ui.runner_guard import guard_session_writes

    guard_session_writes()


@st.cache_resource
def busy():
    def burn():
        while True:
            sum(range(200000))
            time.sleep(0.001)

    for _ in range(2):
        threading.Thread(target=burn, daemon=True).start()


busy()
page = st.navigation([st.Page("pa.py", title="A", default=True), st.Page("pb.py", title="B")])
with st.sidebar:
    st.markdown("### rerun race")
page.run()
"""

PAGE_A = """\
import time
import streamlit as st

st.session_state.setdefault("t0", time.time())
st.write("PAGE A")


def follow(i):
    @st.fragment(run_every=1.0)
    def look():
        age = time.time() - st.session_state.t0
        if age > 1.0 + i and not st.session_state.get(f"done{i}"):
            st.session_state[f"done{i}"] = True
            st.rerun()
        with st.status(f"job {i}", expanded=True, state="running"):
            st.progress(min(age / 10, 1.0), text=f"{age:.1f}")
            time.sleep(0.2)

    look()


for i in range(4):
    follow(i) if not st.session_state.get(f"done{i}") else st.write(f"result {i}")
"""

PAGE_B = """\
import time
import streamlit as st

time.sleep(0.3)
st.write("PAGE B READY")
for k in [k for k in st.session_state if k == "t0" or k.startswith("done")]:
    del st.session_state[k]
"""


def drive(browser, url: str, clicks: int, seed: int, out: dict) -> None:
    rng = random.Random(seed)
    page = browser.new_page()
    goto_when_up(page, url, timeout=120)
    lost = {"stayed on A": 0, "B empty": 0}
    for _ in range(clicks):
        page.get_by_text("PAGE A").wait_for(timeout=60_000)
        time.sleep(rng.uniform(0.5, 5.0))  # a musician's click, at any moment of the page's polling
        page.get_by_role("link", name="B").click()
        try:
            page.get_by_text("PAGE B READY").wait_for(timeout=30_000)
        except Exception:
            lost["B empty" if page.url.rstrip("/").endswith("/b") else "stayed on A"] += 1
            page.goto(url)
            continue
        page.get_by_role("link", name="A").click()
    page.close()
    out.update(lost)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clicks", type=int, default=150, help="page clicks per copy")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("bench/rerun_race.py: Chromium is not installed (apt-get install chromium); skipped")
        return
    from playwright.sync_api import sync_playwright

    procs, urls = [], {}
    with tempfile.TemporaryDirectory(prefix="jamwithme-rerun-race-") as tmp:
        for guard in (False, True):
            folder = Path(tmp) / ("guarded" if guard else "unguarded")
            folder.mkdir()
            (folder / "app.py").write_text(APP.format(root=str(ROOT), guard=guard))
            (folder / "pa.py").write_text(PAGE_A)
            (folder / "pb.py").write_text(PAGE_B)
            port = free_port()
            procs.append(subprocess.Popen(streamlit_command(port, str(folder / "app.py")), cwd=folder,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
            urls[guard] = f"http://127.0.0.1:{port}"
        try:
            results: dict[bool, dict] = {False: {}, True: {}}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                # Playwright's sync API keeps to one thread: the copies take turns, ten clicks at a time, so
                # both meet the same load over the run.
                t0 = time.perf_counter()
                for start in range(0, args.clicks, 10):
                    for guard in (False, True):
                        part: dict = {}
                        drive(browser, urls[guard], min(10, args.clicks - start), seed=start + guard, out=part)
                        for kind, n in part.items():
                            results[guard][kind] = results[guard].get(kind, 0) + n
                browser.close()
            for guard in (False, True):
                lost = results[guard]
                print(
                    f"{'with the guard' if guard else 'without it':15s} clicks {args.clicks}  lost "
                    f"{sum(lost.values())} (stayed on A {lost['stayed on A']}, B empty {lost['B empty']})"
                )
            print(f"elapsed {time.perf_counter() - t0:.0f} s")
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)


if __name__ == "__main__":
    main()
