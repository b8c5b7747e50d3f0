"""Scale-out on one machine: Redis, an S3 server and two ``jamwithme worker`` processes with the model.

Each process has its own cache folder, so the only thing they share is what a
real deployment shares: the Redis queue and the bucket. The checks:

* a song added through one Service is separated by a worker, and a second
  Service in another process reads the same stems by the song's id;
* a worker killed with SIGKILL mid-separation: the job completes on the other;
* six songs submitted at once are spread over both workers;
* every result equals the single-process result for its song.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid

import numpy as np
import pytest
from conftest import ROOT, click_track, wait_for
from servers import HEARTBEAT, worker_env, workers

from jamwithme.audio import AudioClip, load, save
from jamwithme.service import Service, jobs
from jamwithme.service.queue import JobState
from jamwithme.service.rq_queue import RQQueue
from jamwithme.service.s3_store import S3Store
from jamwithme.service.store import LocalStore

pytestmark = pytest.mark.slow

DEMO = ROOT / "sample_data" / "demo_song.mp3"
QUEUE = "scale"
#: Largest difference allowed between a worker's stems and the same job run in this process.
SAME = 1e-5


@pytest.fixture(scope="module")
def cluster(redis_url, s3, tmp_path_factory):
    """The settings every process of this deployment shares, and two workers with the model loaded."""
    folder = tmp_path_factory.mktemp("scale")
    env = {
        **worker_env(redis_url, s3),
        "JAMWITHME_QUEUE_NAME": QUEUE,
        "JAMWITHME_S3_PREFIX": f"scale-{uuid.uuid4().hex[:8]}/",
    }
    with workers(2, env, folder, preload=True) as started:
        yield env, started, folder


def service_a(env: dict[str, str], folder) -> Service:
    """The Service of 'machine A' (this test process), made from the same settings as the workers'."""
    store = S3Store(
        env["JAMWITHME_S3_URL"], bucket=env["JAMWITHME_S3_BUCKET"], prefix=env["JAMWITHME_S3_PREFIX"],
        access_key=env["JAMWITHME_S3_ACCESS_KEY"], secret_key=env["JAMWITHME_S3_SECRET_KEY"], cache=folder / "a-cache",
    )  # fmt: skip
    return Service(store, RQQueue(store, env["JAMWITHME_REDIS_URL"], name=QUEUE, heartbeat=HEARTBEAT, retries=2))


def stems_in_process(separator, clip: AudioClip, folder) -> dict[str, np.ndarray]:
    """The same job in one process, no queue, no bucket: the reference."""
    store = LocalStore(folder)
    song = Service(store).add_song(clip, name="reference", source_kind="test")
    key = jobs.separate(store, song.id, jobs.SeparateSettings())
    return {name: np.array(c.samples) for name, c in Service(store).clips(key).items()}


def assert_same(got: dict, want: dict) -> None:
    assert set(got) == set(want) == set(jobs.STEM_NAMES)
    for name in want:
        samples = np.asarray(got[name].samples)
        assert samples.shape == want[name].shape
        assert np.max(np.abs(samples - want[name])) <= SAME, name


def worker_of(service: Service, key: str) -> str:
    return service.queue._fetch(key).get_meta(refresh=True)["worker"]


def test_a_song_separated_by_a_worker_survives_a_kill_and_is_read_by_another_process(cluster, separator, tmp_path):
    env, (w1, w2), folder = cluster
    a = service_a(env, tmp_path)
    song = a.add_song(DEMO, name=DEMO.name)
    key = a.submit("separate", song.id, {})

    # kill -9 the worker that took it, once it is separating
    def separating() -> bool:
        s = a.status(key)
        assert s.state is not JobState.FAILED, s
        return s.state is JobState.RUNNING and s.progress > 0.05

    wait_for(separating, timeout=180, interval=0.05, what="the separation under way on a worker")
    doomed = w1 if worker_of(a, key).endswith(f":{w1.pid}") else w2
    other = w2 if doomed is w1 else w1
    doomed.kill9()
    assert a.wait(key, timeout=300) == key
    assert worker_of(a, key).endswith(f":{other.pid}")
    assert a.queue._fetch(key).get_meta(refresh=True)["tries"] == 2

    # machine B: another process, its own cache, the same settings: the same stems by the song's id
    script = (
        "import hashlib, json, sys, numpy as np\n"
        "from jamwithme.service import default_service\n"
        "s = default_service()\n"
        "key = s.stored('separate', sys.argv[1], {})\n"
        "print(json.dumps({n: hashlib.sha256(np.ascontiguousarray(c.samples).tobytes()).hexdigest()"
        " for n, c in s.clips(key).items()}))\n"
    )
    b_env = {**os.environ, **env, "JAMWITHME_CACHE_DIR": str(tmp_path / "b-cache")}
    out = subprocess.run(
        [sys.executable, "-c", script, song.id], env=b_env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    stems = a.clips(key)
    digest = {n: hashlib.sha256(np.ascontiguousarray(c.samples).tobytes()).hexdigest() for n, c in stems.items()}
    assert json.loads(out.stdout.strip().splitlines()[-1]) == digest

    assert_same(stems, stems_in_process(separator, load(DEMO), tmp_path / "reference"))


def test_six_songs_at_once_spread_over_both_workers_and_match_one_process(cluster, separator, tmp_path):
    env, started, folder = cluster
    alive = [w for w in started if w.proc.poll() is None]
    extra = len(started) - len(alive)  # the first test killed one: bring the pool back to two
    with workers(extra, env, folder, preload=True, prefix="again") as spare:
        pool = alive + spare
        a = service_a(env, tmp_path)
        demo = load(DEMO)
        clips = [AudioClip(demo.samples[:, i * 88200 : i * 88200 + 132300], demo.sample_rate) for i in range(6)]
        songs = [a.add_song(c, name=f"part{i}", source_kind="test") for i, c in enumerate(clips)]
        keys = [a.submit("separate", s.id, {}) for s in songs]
        assert len(set(keys)) == 6
        for key in keys:
            assert a.wait(key, timeout=300) == key
        ran_on = {worker_of(a, k).rsplit(":", 1)[1] for k in keys}
        assert ran_on == {str(w.pid) for w in pool}
        for i, (clip, key) in enumerate(zip(clips, keys)):
            assert_same(a.clips(key), stems_in_process(separator, clip, tmp_path / f"reference{i}"))


@pytest.mark.browser
def test_a_song_loaded_in_replica_a_shows_its_stems_in_replica_b_and_the_api_agrees(cluster, tmp_path):
    """Two app replicas and an API server on the same Redis and bucket: a worker does the work, every front sees it."""
    import io
    import re
    import urllib.request
    import zipfile
    from pathlib import Path

    from conftest import CHROMIUM, CHROMIUM_ARGS, nav
    from playwright.sync_api import expect, sync_playwright
    from servers import api_server, streamlit_app

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    env, _, _ = cluster
    with (
        streamlit_app("app-a", env, tmp_path) as a,
        streamlit_app("app-b", env, tmp_path) as b,
        api_server("api", env, tmp_path) as api,
        sync_playwright() as p,
    ):
        assert a != b
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page_a = browser.new_context().new_page()
            page_a.goto(a, wait_until="domcontentloaded")
            expect(page_a.get_by_role("heading", name="Load a song")).to_be_visible(timeout=120_000)
            # A song of its own (other tests here separate the demo): the worker must do this one now.
            y, _ = click_track(bpm=111.0, seconds=8.0, click_freq=880.0)
            upload = save(AudioClip(np.stack([y, 0.5 * y])), tmp_path / "replica_song.flac")
            page_a.locator("input[type=file]").first.set_input_files(str(upload))
            expect(page_a.get_by_test_id("stSidebar").get_by_text("replica_song.flac")).to_be_visible(timeout=120_000)
            song = re.search(r"song=([0-9a-f]{64})", page_a.url).group(1)
            nav(page_a, "Jam track")
            separate = page_a.get_by_role("button", name="Separate")
            expect(separate).to_be_visible(timeout=180_000)  # a replica's first page on a busy machine
            separate.click()
            expect(page_a.locator("audio")).to_have_count(2, timeout=300_000)

            page_b = browser.new_context().new_page()  # another user, another replica, the same song id
            page_b.goto(f"{b}/jam_track?song={song}", wait_until="domcontentloaded")
            expect(page_b.get_by_test_id("stSidebar").get_by_text("replica_song.flac")).to_be_visible(timeout=120_000)
            expect(page_b.locator("audio")).to_have_count(2, timeout=120_000)
            assert page_b.get_by_role("button", name="Separate").count() == 0, "replica B found the stems stored"
        finally:
            browser.close()

        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="demo_song.mp3"\r\n'
                "Content-Type: audio/mpeg\r\n\r\n"
            ).encode()
            + DEMO.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            api + "/separate", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        with urllib.request.urlopen(request, timeout=600) as resp:
            assert resp.status == 200
            names = sorted(zipfile.ZipFile(io.BytesIO(resp.read())).namelist())
        assert names == ["accompaniment.wav", "vocals.wav"]


def test_two_app_replicas_and_an_api_server_start_on_the_shared_settings(cluster, tmp_path):
    """The front of the deployment comes up on the same Redis and bucket settings as the workers.

    (The pages and the API move onto the service separately; this checks that
    each process accepts the scale-out settings and answers its health check.)
    """
    import urllib.request

    from servers import api_server, streamlit_app

    env, _, _ = cluster
    with (
        streamlit_app("app-a", env, tmp_path) as a,
        streamlit_app("app-b", env, tmp_path) as b,
        api_server("api", env, tmp_path) as api,
    ):
        assert a != b
        with urllib.request.urlopen(api + "/health", timeout=10) as resp:
            assert resp.status == 200 and json.loads(resp.read())
