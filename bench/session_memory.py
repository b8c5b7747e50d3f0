"""Server memory of one app session on a 20-minute song: load, jam track, practice render, remix, mixer.

    .venv/bin/python bench/session_memory.py [--minutes 20] [--baseline 40c2c99]

Starts `streamlit run app.py` on 127.0.0.1 with an empty store, drives Debian's
headless Chromium through the four steps, and samples the server's resident
memory (RSS, the process and its children) every 50 ms. With ``--baseline
COMMIT`` the same steps run first against that commit of the app (checked out
in a temporary git worktree, same virtual environment), so both figures come
from one run on one machine.

Printed per app: RSS once the Load page shows, the peak over the whole
session, the RSS at the end (what the session and the server keep), and the
seconds and peak RSS of each step. Needs ``../shared/audio`` (the song is
Lets_Go_Fishin looped to the length asked) and Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SONG = ROOT.parent / "shared" / "audio" / "music" / "Karissa_Hobbs_-_Lets_Go_Fishin.ogg"
sys.path.insert(0, str(ROOT / "tests"))


class Sampler(threading.Thread):
    """Peak RSS of a process tree, sampled every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0  # since the last reset
        self.overall = 0
        self.stop = threading.Event()

    def rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        while not self.stop.is_set():
            rss = self.rss()
            self.peak = max(self.peak, rss)
            self.overall = max(self.overall, rss)
            time.sleep(self.interval)


def make_song(minutes: float, folder: Path) -> Path:
    from jamwithme.audio import ffmpeg_exe

    out = folder / f"fishin_{minutes:g}min.mp3"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "-1", "-i", str(SONG), "-t", f"{minutes * 60:.0f}",
         "-c:a", "libmp3lame", "-b:a", "128k", str(out)],
        check=True,
    )  # fmt: skip
    return out


def session(root: Path, song: Path, label: str) -> None:
    from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, goto_when_up, nav
    from playwright.sync_api import expect, sync_playwright
    from servers import streamlit_command

    store = tempfile.mkdtemp(prefix="jamwithme-bench-store-")
    port = free_port()
    env = dict(os.environ, JAMWITHME_CACHE_DIR=store)
    server = subprocess.Popen(streamlit_command(port, str(root / "app.py")), cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    sampler = Sampler(server.pid)
    steps: dict[str, float] = {}
    peaks: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            goto_when_up(page, f"http://127.0.0.1:{port}", timeout=60)
            expect(page.get_by_role("heading", name="Load a song")).to_be_visible(timeout=60_000)
            time.sleep(1.0)
            idle = sampler.rss()
            sampler.start()

            def step(name: str, action, done) -> None:
                t0 = time.perf_counter()
                sampler.peak = sampler.rss()
                action()
                done()
                steps[name] = time.perf_counter() - t0
                peaks[name] = sampler.peak
                print(f"  {name}: {steps[name]:.0f} s, peak {peaks[name] / 1e9:.2f} GB", flush=True)

            step(
                "load",
                lambda: page.locator("input[type=file]").first.set_input_files(str(song)),
                # The song's heading on the Load page (the baseline's sidebar lagged one run behind).
                lambda: expect(page.get_by_role("heading", name=song.name)).to_be_visible(timeout=600_000),
            )
            nav(page, "Jam track")
            step(
                "jam track",
                lambda: page.get_by_role("button", name="Separate").click(),
                lambda: expect(page.locator("audio")).to_have_count(2, timeout=1_200_000),
            )
            nav(page, "Practice")

            def slower() -> None:
                thumb = page.get_by_test_id("stSlider").filter(has_text="Speed").get_by_role("slider")
                expect(thumb).to_be_visible(timeout=600_000)
                thumb.focus()
                for _ in range(20):  # a key pressed while the page reruns can be lost: press until it reads 0.80
                    if float(thumb.get_attribute("aria-valuenow") or 1.0) <= 0.8 + 1e-6:
                        break
                    thumb.press("ArrowLeft")
                    time.sleep(0.3)
                expect(page.get_by_test_id("stSlider").filter(has_text="Speed")).to_contain_text("0.80")
                time.sleep(1.0)
                page.get_by_role("button", name="Render").click()

            step("practice 0.80x", slower, lambda: expect(page.locator("audio")).to_have_count(1, timeout=1_200_000))
            nav(page, "Beat remix")
            step(
                "remix",
                lambda: page.get_by_role("button", name="Make remix").click(),
                lambda: expect(page.locator("audio")).to_have_count(1, timeout=1_200_000),
            )
            step(  # the mix is made as the page opens
                "mixer",
                lambda: nav(page, "Mixer"),
                lambda: expect(page.get_by_role("button", name="Download mix (WAV 16-bit)")).to_be_visible(
                    timeout=1_200_000
                ),
            )
            time.sleep(2.0)
            end = sampler.rss()
            browser.close()
    except Exception:
        shot = Path(tempfile.gettempdir()) / "session_memory_failure.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shot), full_page=True)
            print(f"failed; the page is in {shot}", file=sys.stderr)
        raise
    finally:
        sampler.stop.set()
        server.terminate()
        server.wait(20)
        shutil.rmtree(store, ignore_errors=True)
    print(
        f"{label:<28} idle {idle / 1e9:.2f} GB | peak {sampler.overall / 1e9:.2f} GB | end {end / 1e9:.2f} GB | "
        + ", ".join(f"{k} {steps[k]:.0f} s (peak {peaks[k] / 1e9:.2f} GB)" for k in steps)
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--baseline", help="a commit of the app to measure first, in the same run")
    args = parser.parse_args(argv)
    from conftest import CHROMIUM

    if not SONG.is_file() or not Path(CHROMIUM).exists():
        print("bench/session_memory.py: needs ../shared/audio and Chromium; skipped")
        return
    work = Path(tempfile.mkdtemp(prefix="jamwithme-bench-"))
    try:
        song = make_song(args.minutes, work)
        print(f"one session, {args.minutes:g}-minute song ({song.stat().st_size / 1e6:.0f} MB MP3), "
              f"{os.cpu_count()} cores; server RSS incl. children")  # fmt: skip
        if args.baseline:
            base = work / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base), args.baseline],
                           check=True)  # fmt: skip
            try:
                session(base, song, f"baseline {args.baseline}")
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
        session(ROOT, song, "this checkout")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
