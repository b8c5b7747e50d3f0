"""S3Store against a real S3 server (SeaweedFS ``weed mini`` on loopback, started by tests/servers.py)."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid

import numpy as np
import pytest
from conftest import free_port, sine, stereo

from jamwithme.errors import ParameterError, UnavailableError
from jamwithme.service import Service
from jamwithme.service.clips import get_clips, put_clips
from jamwithme.service.s3_store import S3Store, Unreachable
from jamwithme.service.store import MANIFEST


@pytest.fixture
def prefix() -> str:
    """A fresh key prefix per test: tests share one bucket and never see each other's entries."""
    return f"t-{uuid.uuid4().hex[:12]}/"


def make_store(s3, tmp_path, prefix: str, name: str = "a", **kwargs) -> S3Store:
    """A store as one machine sees the bucket: its own local cache folder."""
    return S3Store(
        s3.url, bucket=s3.bucket, prefix=prefix, access_key=s3.access_key, secret_key=s3.secret_key,
        cache=tmp_path / f"cache-{name}", **kwargs,
    )  # fmt: skip


def objects(s3, prefix: str) -> dict[str, bytes]:
    client = s3.client()
    found = {}
    for obj in client.list_objects(s3.bucket, prefix, recursive=True):
        response = client.get_object(s3.bucket, obj.object_name)
        found[obj.object_name[len(prefix) :]] = response.read()
        response.close()
        response.release_conn()
    return found


def put(s3, name: str, data: bytes) -> None:
    s3.client().put_object(s3.bucket, name, io.BytesIO(data), len(data))


def write_demo(store: S3Store, key: str = "demo", text: bytes = b"hello") -> None:
    with store.writer(key) as w:
        w.write_bytes("hello.txt", text)
        w.meta["kind"] = "demo"


def test_an_entry_written_on_one_machine_is_read_verified_on_another(s3, tmp_path, prefix):
    a, b = make_store(s3, tmp_path, prefix, "a"), make_store(s3, tmp_path, prefix, "b")
    clip = stereo(sine(seconds=0.5))
    with a.writer("clips") as w:
        put_clips(w, {"tone": clip})
        w.meta["kind"] = "demo"
    entry = b.get("clips")
    assert entry is not None and entry.meta["kind"] == "demo"
    assert entry.folder.is_relative_to(tmp_path / "cache-b")  # served from b's own cache
    got = get_clips(entry, ["tone"])["tone"]
    np.testing.assert_array_equal(got.samples, clip.samples)
    assert b.stats.hits == 1 and b.stats.corrupt == 0
    assert b.has("clips") and b.get("nothing-here") is None


def test_the_bucket_holds_content_named_files_and_the_manifest(s3, tmp_path, prefix):
    write_demo(make_store(s3, tmp_path, prefix))
    stored = objects(s3, prefix)
    manifest = json.loads(stored["demo/" + MANIFEST])
    assert set(manifest["files"]) == {"hello.txt", "meta.json"}
    for name, record in manifest["files"].items():
        assert stored[f"demo/{record['sha256']}-{name}"].__len__() == record["size"]
    assert len(stored) == 3


def test_files_without_a_manifest_are_not_an_entry_and_are_swept(s3, tmp_path, prefix):
    """A writer that died after its files and before its manifest left junk, never an entry."""
    store = make_store(s3, tmp_path, prefix, grace=0.0)
    put(s3, f"{prefix}half/{'0' * 64}-hello.txt", b"hello")
    assert store.get("half") is None
    store.sweep()
    assert objects(s3, prefix) == {}
    assert store.stats.swept == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: bytes([data[0] ^ 1]) + data[1:], id="flipped-byte"),
        pytest.param(lambda data: data[:-1], id="truncated"),
    ],
)
def test_a_damaged_object_is_never_served_and_the_entry_is_removed(s3, tmp_path, prefix, damage):
    write_demo(make_store(s3, tmp_path, prefix, "a"))
    name = next(n for n in objects(s3, prefix) if n.endswith("-hello.txt"))
    put(s3, prefix + name, damage(b"hello"))
    reader = make_store(s3, tmp_path, prefix, "b")
    assert reader.get("demo") is None
    assert reader.stats.corrupt == 1
    assert objects(s3, prefix) == {}  # gone from the bucket, so the job that made it runs again
    write_demo(reader)
    assert make_store(s3, tmp_path, prefix, "c").get("demo").read_bytes("hello.txt") == b"hello"


def test_a_damaged_cached_copy_is_fetched_again_from_the_bucket(s3, tmp_path, prefix):
    store = make_store(s3, tmp_path, prefix)
    write_demo(store)
    cached = store.get("demo").path("hello.txt")
    cached.write_bytes(b"jello")
    assert store.get("demo").read_bytes("hello.txt") == b"hello"
    assert len(objects(s3, prefix)) == 3  # the bucket's copy was good: kept


def test_a_cached_copy_of_a_deleted_entry_is_not_served(s3, tmp_path, prefix):
    a, b = make_store(s3, tmp_path, prefix, "a"), make_store(s3, tmp_path, prefix, "b")
    write_demo(a)
    assert b.get("demo") is not None
    a.delete("demo")
    assert objects(s3, prefix) == {}
    assert b.get("demo") is None
    assert not (tmp_path / "cache-b" / "demo").exists()


def test_two_writers_of_one_key_leave_one_whole_entry(s3, tmp_path, prefix):
    """Results of the same work may differ in the last bit between machines: the entry stays whole."""
    a, b = make_store(s3, tmp_path, prefix, "a"), make_store(s3, tmp_path, prefix, "b")
    with a.writer("race") as wa:
        wa.write_bytes("out.bin", b"from a")
        with b.writer("race") as wb:
            wb.write_bytes("out.bin", b"from b")
    reader = make_store(s3, tmp_path, prefix, "c")
    assert reader.get("race").read_bytes("out.bin") == b"from b"  # first manifest in the bucket stays
    assert a.get("race").read_bytes("out.bin") == b"from b"  # a's own staged copy is not served
    assert reader.stats.corrupt == 0


def test_sweep_deletes_entries_older_than_max_age(s3, tmp_path, prefix):
    store = make_store(s3, tmp_path, prefix, max_age=1e-3)
    write_demo(store)
    store.sweep()
    assert objects(s3, prefix) == {} and store.get("demo") is None
    assert store.stats.evicted == 1


def test_a_service_on_another_machine_finds_the_song(s3, tmp_path, prefix):
    one = Service(make_store(s3, tmp_path, prefix, "a"))
    two = Service(make_store(s3, tmp_path, prefix, "b"))
    try:
        song = one.add_song(stereo(sine(seconds=1.0)), name="tone.wav", source_kind="demo")
        assert two.song(song.id) == song
        np.testing.assert_array_equal(two.clip(song.id).samples, one.clip(song.id).samples)
    finally:
        one.queue.shutdown()
        two.queue.shutdown()


def test_an_endpoint_that_does_not_answer_is_one_error_that_names_nothing_internal(tmp_path, caplog):
    """The client reads "not answering, try again"; the endpoint and the bucket go to the log only."""
    url = f"http://127.0.0.1:{free_port()}"
    store = S3Store(url, bucket="secret-bucket", cache=tmp_path / "cache")
    with caplog.at_level(logging.WARNING, "jamwithme"), pytest.raises(Unreachable) as caught:
        store.get("demo")
    assert isinstance(caught.value, UnavailableError)  # the API's 503 + Retry-After
    message = str(caught.value)
    assert "not answering" in message and url not in message and "secret-bucket" not in message
    assert url in caplog.text and "secret-bucket" in caplog.text


def test_wrong_credentials_are_one_error(s3, tmp_path, caplog):
    store = S3Store(s3.url, bucket=s3.bucket, access_key=s3.access_key, secret_key="wrong", cache=tmp_path)
    with caplog.at_level(logging.WARNING, "jamwithme"), pytest.raises(Unreachable):
        store.get("demo")
    assert re.search("SignatureDoesNotMatch|AccessDenied", caplog.text)


@pytest.mark.parametrize(
    "url, prefix",
    [("ftp://127.0.0.1:1", ""), ("http://", ""), ("http://h:1/path", ""), ("http://h:1", "no-slash")],
)
def test_bad_endpoint_or_prefix_is_refused_with_the_value(tmp_path, url, prefix):
    with pytest.raises(ParameterError, match="S3 "):
        S3Store(url, bucket="jamwithme", cache=tmp_path, prefix=prefix)


def test_readers_of_one_entry_at_once_download_it_once(s3, tmp_path, prefix):
    from concurrent.futures import ThreadPoolExecutor

    write_demo(make_store(s3, tmp_path, prefix, "a"), text=b"x" * 3_000_000)
    reader = make_store(s3, tmp_path, prefix, "b")
    with ThreadPoolExecutor(6) as pool:
        texts = list(pool.map(lambda _: reader.get("demo").read_bytes("hello.txt"), range(6)))
    assert texts == [b"x" * 3_000_000] * 6
    assert reader.cache.stats.puts == 1  # one download adopted into the cache; the others waited for it
