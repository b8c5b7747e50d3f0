"""RQQueue against a real Redis and real ``jamwithme worker`` processes (tests/servers.py starts them).

The jobs here are ``probe`` jobs (no model: they wait, report progress and
store a tiny entry, or fail on purpose) and a job the library refuses, so
the queue's own behaviour is what is tested: ids, joining, position,
progress, retries, a worker killed mid-job, plain-sentence failures.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import signal
import time
import uuid

import pytest
import redis
from conftest import wait_for
from servers import Worker, worker_env, workers

from jamwithme.errors import BusyError, JobError, ParameterError
from jamwithme.service import jobs
from jamwithme.service.queue import JobState
from jamwithme.service.redis_admission import RedisAdmission
from jamwithme.service.redis_link import took_key
from jamwithme.service.rq_queue import RQQueue
from jamwithme.service.store import LocalStore

SONG = hashlib.sha256(b"no song: probes do not read one").hexdigest()


def probe(**settings) -> dict:
    return {"nonce": uuid.uuid4().hex, **settings}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("rq-store")


@pytest.fixture(scope="module")
def env(redis_url, store_dir) -> dict[str, str]:
    """Workers of this module share one LocalStore folder with the test (one machine)."""
    return {**worker_env(redis_url, None), "JAMWITHME_QUEUE_NAME": "test-rq", "JAMWITHME_CACHE_DIR": str(store_dir)}


@pytest.fixture(scope="module")
def two_workers(env, tmp_path_factory):
    with workers(2, env, tmp_path_factory.mktemp("rq-workers")) as started:
        yield started


def make_queue(redis_url, store_dir, name="test-rq", **kwargs) -> RQQueue:
    kwargs.setdefault("heartbeat", 1.0)
    return RQQueue(LocalStore(store_dir), redis_url, name=name, **kwargs)


def meta(queue: RQQueue, key: str) -> dict:
    return queue._fetch(key).get_meta(refresh=True)


def test_a_job_runs_on_a_worker_and_its_id_is_its_result_key(redis_url, store_dir, two_workers):
    queue = make_queue(redis_url, store_dir)
    settings = probe()
    key = queue.submit("probe", SONG, settings)
    assert key == jobs.result_key("probe", SONG, jobs.ProbeSettings(**settings))
    assert queue.wait(key, timeout=60) == key
    assert queue.status(key).state is JobState.DONE
    pid = queue.store.get(key).read_json("probe.json")["pid"]
    assert pid in {w.pid for w in two_workers}
    # Done and stored: a second submit queues nothing.
    assert queue.submit("probe", SONG, settings) == key and queue.pending() == 0


def test_a_second_submit_joins_the_waiting_job_and_positions_count_what_is_ahead(redis_url, store_dir):
    queue = make_queue(redis_url, store_dir, name=f"idle-{uuid.uuid4().hex[:8]}")  # no worker serves it
    first, second, third = probe(), probe(), probe()
    keys = [queue.submit("probe", SONG, s) for s in (first, second, third)]
    assert queue.submit("probe", SONG, dict(second)) == keys[1]
    assert queue.pending() == 3
    assert [queue.status(k).position for k in keys] == [0, 1, 2]
    assert {queue.status(k).state for k in keys} == {JobState.QUEUED}
    assert queue.status(keys[2]).wait is None  # no probe has finished on this queue: nothing to estimate from
    queue.connection.lpush(took_key(queue.name, "probe"), 4.0)
    assert queue.status(keys[2]).wait == pytest.approx(8.0)


def test_progress_comes_from_the_worker(redis_url, store_dir, two_workers):
    queue = make_queue(redis_url, store_dir)
    key = queue.submit("probe", SONG, probe(hold=3.0))
    seen = wait_for(lambda: (s := queue.status(key)).state is JobState.RUNNING and 0 < s.progress < 1 and s, timeout=30)
    assert seen.position == 0
    assert queue.wait(key, timeout=60) == key
    assert queue.status(key).progress == 1.0


def test_a_bug_fails_on_every_try_and_says_so_in_a_sentence(redis_url, store_dir, two_workers):
    queue = make_queue(redis_url, store_dir, retries=2)
    key = queue.submit("probe", SONG, probe(fail=True))
    with pytest.raises(JobError, match=r"an unexpected problem \(RuntimeError\).*every one of 3 tries"):
        queue.wait(key, timeout=60)
    assert meta(queue, key)["tries"] == 3
    assert queue.status(key).state is JobState.FAILED
    assert not queue.store.has(key)


def test_a_refusal_of_the_library_is_not_retried(redis_url, store_dir, two_workers):
    """A missing input gives the same answer on every try: one try, its own sentence."""
    queue = make_queue(redis_url, store_dir, retries=2)
    key = queue.submit("encoded", SONG, {"of": "probe-nothing-here", "clip": "mix"})
    with pytest.raises(JobError, match="was removed before it could be read"):
        queue.wait(key, timeout=60)
    assert meta(queue, key)["tries"] == 1


def test_a_failed_job_runs_again_when_submitted_again(redis_url, store_dir, two_workers):
    queue = make_queue(redis_url, store_dir, retries=0)
    settings = probe(fail=True)
    key = queue.submit("probe", SONG, settings)
    with pytest.raises(JobError):
        queue.wait(key, timeout=60)
    assert queue.submit("probe", SONG, settings) == key
    assert queue.status(key).state in (JobState.QUEUED, JobState.RUNNING, JobState.FAILED)
    with pytest.raises(JobError):
        queue.wait(key, timeout=60)
    assert meta(queue, key)["tries"] == 1  # a new job, not the old one's count


def test_a_finished_job_whose_result_is_gone_runs_again(redis_url, store_dir, two_workers):
    queue = make_queue(redis_url, store_dir)
    settings = probe()
    key = queue.wait(queue.submit("probe", SONG, settings), timeout=60)
    queue.store.delete(key)
    assert queue.wait(queue.submit("probe", SONG, settings), timeout=60) == key
    assert queue.store.has(key)


def test_waiting_has_a_limit_and_unknown_ids_are_refused(redis_url, store_dir):
    queue = make_queue(redis_url, store_dir, name=f"idle-{uuid.uuid4().hex[:8]}")
    key = queue.submit("probe", SONG, probe())
    with pytest.raises(JobError, match="did not finish within 0.2 s"):
        queue.wait(key, timeout=0.2)
    with pytest.raises(JobError, match="no job probe-000"):
        queue.status("probe-" + "0" * 52)


def test_a_full_queue_refuses_with_busy(redis_url, store_dir):
    queue = make_queue(redis_url, store_dir, name=f"idle-{uuid.uuid4().hex[:8]}", max_pending=2)
    queue.submit("probe", SONG, probe())
    queue.submit("probe", SONG, probe())
    with pytest.raises(BusyError, match="2 jobs are already waiting"):
        queue.submit("probe", SONG, probe())


@pytest.mark.parametrize("kwargs", [{"retries": -1}, {"job_timeout": 0}, {"heartbeat": 0}, {"result_ttl": 0}])
def test_bad_queue_settings_are_refused_with_the_value(redis_url, store_dir, kwargs):
    with pytest.raises(ParameterError, match="must be positive"):
        make_queue(redis_url, store_dir, **kwargs)


def test_an_unreachable_redis_is_one_error_naming_it(store_dir):
    from conftest import free_port

    url = f"redis://:secret@127.0.0.1:{free_port()}/0"
    with pytest.raises(JobError, match=r"Redis at redis://:\*\*\*@127.0.0.1:\d+/0 cannot be reached") as caught:
        RQQueue(LocalStore(store_dir), url)
    assert "secret" not in str(caught.value)


# --------------------------------------------------------------------------- a worker killed mid-job


def running_on(queue: RQQueue, key: str, worker: Worker) -> bool:
    status = queue.status(key)
    return status.state is JobState.RUNNING and meta(queue, key).get("worker", "").endswith(f":{worker.pid}")


def test_a_job_whose_worker_is_killed_completes_on_another(redis_url, store_dir, env, tmp_path):
    queue = make_queue(redis_url, store_dir, name="test-kill", retries=2)
    env = {**env, "JAMWITHME_QUEUE_NAME": "test-kill"}
    with workers(1, env, tmp_path, prefix="doomed") as (first,):
        key = queue.submit("probe", SONG, probe(hold=4.0))
        wait_for(lambda: running_on(queue, key, first), timeout=30, what="the job running on the first worker")
        first.kill9()
    with workers(1, env, tmp_path, prefix="rescuer") as (second,):
        assert queue.wait(key, timeout=120) == key
        assert queue.store.get(key).read_json("probe.json")["pid"] == second.pid
        assert meta(queue, key)["tries"] == 2


def test_a_job_whose_worker_dies_on_every_try_fails_with_a_sentence(redis_url, store_dir, env, tmp_path):
    queue = make_queue(redis_url, store_dir, name="test-kill-all", retries=1)
    env = {**env, "JAMWITHME_QUEUE_NAME": "test-kill-all"}
    key = queue.submit("probe", SONG, probe(hold=60.0))
    for n in range(2):
        with workers(1, env, tmp_path, prefix=f"doomed{n}-") as (worker,):
            wait_for(lambda: running_on(queue, key, worker), timeout=60, what=f"try {n + 1} running")  # noqa: B023
            worker.kill9()
    with pytest.raises(JobError, match="stopped in the middle 2 times"):
        queue.wait(key, timeout=60)
    assert queue.status(key).state is JobState.FAILED


def test_a_worker_told_to_stop_finishes_its_job_first(redis_url, store_dir, env, tmp_path):
    queue = make_queue(redis_url, store_dir, name="test-stop")
    env = {**env, "JAMWITHME_QUEUE_NAME": "test-stop"}
    with workers(1, env, tmp_path, prefix="stopping") as (worker,):
        key = queue.submit("probe", SONG, probe(hold=2.0))
        wait_for(lambda: running_on(queue, key, worker), timeout=30, what="the job running")
        os.killpg(worker.pid, signal.SIGTERM)
        assert worker.proc.wait(30) == 0
    assert queue.status(key).state is JobState.DONE
    assert queue.store.get(key).read_json("probe.json")["pid"] == worker.pid


# --------------------------------------------------------------------------- admission across API servers


def test_the_admission_limit_holds_across_servers(redis_url):
    key = f"test-admission-{uuid.uuid4().hex[:8]}"
    one, two = (RedisAdmission(redis_url, 2, 7, key=key) for _ in range(2))

    async def scenario():
        async with one.slot(), two.slot():
            assert one.active == 2
            with pytest.raises(BusyError, match="busy with 2 songs; please try again in 7 s"):
                async with two.slot():
                    pass
        assert two.active == 0
        async with two.slot():
            assert one.active == 1

    asyncio.run(scenario())


def test_slots_of_a_server_that_died_free_themselves(redis_url):
    key = f"test-admission-{uuid.uuid4().hex[:8]}"
    dead = RedisAdmission(redis_url, 1, 5, key=key, lease=0.3)
    dead._take("held-by-a-dead-server")  # taken and never given back
    alive = RedisAdmission(redis_url, 1, 5, key=key)

    async def try_once():
        async with alive.slot():
            return True

    with pytest.raises(BusyError):
        asyncio.run(try_once())

    def free_again():
        try:
            return asyncio.run(try_once())
        except BusyError:
            return False

    assert wait_for(free_again, timeout=30, what="the dead server's slot expiring after its 0.3 s lease")
    assert json.loads(json.dumps(alive.active)) == 0


def test_a_slot_held_longer_than_its_lease_is_renewed(redis_url):
    key = f"test-admission-{uuid.uuid4().hex[:8]}"
    admission = RedisAdmission(redis_url, 1, 5, key=key, lease=0.3)
    held = redis.Redis.from_url(redis_url)

    async def long_request():
        async with admission.slot():
            ((token, first_end),) = held.zrange(key, 0, -1, withscores=True)
            deadline = time.monotonic() + 60
            # Held past the end of the lease it was taken with, and renewed meanwhile (its end moved on):
            # a condition on the slot itself, not a sleep that hopes the renewal ran in time.
            while not (time.time() > first_end and (held.zscore(key, token) or 0) > time.time()):
                assert time.monotonic() < deadline, "the slot's lease was not renewed"
                await asyncio.sleep(0.01)  # the renewal runs on this event loop: let it
            return admission.active

    assert asyncio.run(long_request()) == 1
    assert held.zcard(key) == 0


# --------------------------------------------------------------------------- chosen by the settings


@pytest.fixture
def fresh_service(monkeypatch, tmp_path):
    """``default_service()`` made anew from the environment this test sets (and forgotten after)."""
    import jamwithme.service as service
    from jamwithme.service import runtime

    monkeypatch.setattr(runtime, "_store", None)
    monkeypatch.setattr(service, "_service", None)
    monkeypatch.setenv("JAMWITHME_CACHE_DIR", str(tmp_path / "store"))
    for name in ("JAMWITHME_REDIS_URL", "JAMWITHME_S3_URL"):
        monkeypatch.delenv(name, raising=False)
    return service


def test_with_no_settings_everything_runs_in_this_process(fresh_service):
    from jamwithme.service.queue import LocalQueue

    made = fresh_service.default_service()
    assert isinstance(made.queue, LocalQueue) and isinstance(made.store, LocalStore)
    made.queue.shutdown()


def test_redis_and_s3_settings_choose_rq_workers_and_the_bucket(fresh_service, monkeypatch, redis_url, s3):
    from jamwithme.service.s3_store import S3Store

    for name, value in s3.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JAMWITHME_REDIS_URL", redis_url)
    monkeypatch.setenv("JAMWITHME_JOB_RETRIES", "0")
    made = fresh_service.default_service()
    assert isinstance(made.queue, RQQueue) and made.queue.retries == 0
    assert isinstance(made.store, S3Store) and made.store.url == s3.url
    assert made.queue.store is made.store


@pytest.mark.parametrize(
    "name, value, accepted",
    [
        ("JAMWITHME_REDIS_URL", "localhost:6379", "a redis:// or rediss:// URL"),
        ("JAMWITHME_JOB_RETRIES", "-1", "a whole number, 0 or more"),
        ("JAMWITHME_JOB_TIMEOUT", "0", "a positive number of seconds"),
        ("JAMWITHME_WORKER_HEARTBEAT", "soon", "a positive number of seconds"),
        ("JAMWITHME_QUEUE_NAME", "my queue", "a plain name"),
        ("JAMWITHME_S3_URL", "s3://bucket", "an http:// or https:// endpoint URL"),
        ("JAMWITHME_S3_BUCKET", "Not_A_Bucket", "an S3 bucket name"),
        ("JAMWITHME_S3_PREFIX", "no-slash", "empty, or a key prefix ending in '/'"),
    ],
)
def test_bad_scale_out_settings_name_the_variable_and_the_value(monkeypatch, name, value, accepted):
    from jamwithme import settings
    from jamwithme.errors import SettingsError

    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        settings.check()
    assert str(caught.value).startswith(f"{name}={value!r} is not valid: {accepted}")


def test_a_worker_with_no_queue_to_serve_says_so():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "JAMWITHME_REDIS_URL"}
    cmd = [sys.executable, "-m", "jamwithme.cli", "worker", "--no-preload"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "JAMWITHME_REDIS_URL is not set" in proc.stderr
