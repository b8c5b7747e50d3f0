"""The verified store: every corruption the probes found is caught, removed and made again, never served."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import ROOT, sine, stereo, wait_for

from jamwithme.errors import ParameterError, StoreError
from jamwithme.service.clips import ClipWriter, get_clips, put_clips, read_clip
from jamwithme.service.store import MANIFEST, STAGING_PREFIX, LocalStore, check_key


def store_stems(store: LocalStore, key: str = "stems") -> dict:
    clips = {"vocals": stereo(sine(440.0, 1.0)), "accompaniment": stereo(sine(220.0, 1.0))}
    with store.writer(key) as w:
        put_clips(w, clips)
    return clips


def read_stems(store: LocalStore, key: str = "stems"):
    entry = store.get(key)
    return None if entry is None else get_clips(entry, ["vocals", "accompaniment"])


def test_round_trip_is_exact_and_memory_mapped(tmp_path):
    store = LocalStore(tmp_path)
    clips = store_stems(store)
    got = read_stems(store)
    for name, clip in clips.items():
        np.testing.assert_array_equal(got[name].samples, clip.samples)
        assert isinstance(got[name].samples, np.memmap) or isinstance(got[name].samples.base, np.memmap)
    assert store.stats.puts == 1 and store.stats.hits == 1


def test_clip_writer_streams_blocks_of_any_length(tmp_path):
    blocks = [np.random.default_rng(i).standard_normal((2, n)).astype(np.float32) for i, n in enumerate((5, 0, 7))]
    with ClipWriter(tmp_path / "c.npy", channels=2) as w:
        for block in blocks:
            w.write(block)
    np.testing.assert_array_equal(read_clip(tmp_path / "c.npy", 44100).samples, np.concatenate(blocks, axis=1))


def _overwrite_middle(path, data: bytes) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(size // 2)
        fh.write(data)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda e: _overwrite_middle(e / "vocals.npy", np.full(1000, np.nan, "<f4").tobytes()), id="nan"),
        pytest.param(lambda e: _overwrite_middle(e / "vocals.npy", os.urandom(4000)), id="random-bytes"),
        pytest.param(
            lambda e: (e / "meta.json").write_text(
                json.dumps({**json.loads((e / "meta.json").read_text()), "clips": {"accompaniment": 44100}})
            ),
            id="dropped-stem",
        ),
        pytest.param(
            lambda e: (e / "meta.json").write_text(
                json.dumps({"clips": {"vocals": 8000, "accompaniment": 44100}}, sort_keys=True)
            ),
            id="wrong-rate",
        ),
        pytest.param(lambda e: os.truncate(e / "vocals.npy", 1000), id="truncated"),
        pytest.param(lambda e: (e / MANIFEST).write_text(""), id="empty-manifest"),
        pytest.param(lambda e: (e / "accompaniment.npy").unlink(), id="missing-file"),
        pytest.param(lambda e: (e / "extra.npy").write_bytes(b"x"), id="unexpected-file"),
    ],
)
def test_a_damaged_entry_is_removed_not_served_and_stored_again(tmp_path, damage):
    store = LocalStore(tmp_path)
    clips = store_stems(store)
    assert read_stems(store) is not None
    damage(tmp_path / "stems")
    assert read_stems(store) is None, "a damaged entry was served"
    assert store.stats.corrupt == 1
    assert not (tmp_path / "stems").exists(), "the damaged entry was left behind"
    store_stems(store)  # the job runs again and its result is kept this time
    got = read_stems(store)
    np.testing.assert_array_equal(got["vocals"].samples, clips["vocals"].samples)
    assert store.stats.corrupt == 1


def test_a_rate_the_service_never_stores_is_refused_even_with_a_consistent_manifest(tmp_path):
    store = LocalStore(tmp_path)
    with store.writer("odd") as w:
        put_clips(w, {"vocals": stereo(sine(440.0, 0.1), sr=8000)})
    with pytest.raises(StoreError, match="8000"):
        get_clips(store.get("odd"), ["vocals"])


def test_a_changed_file_is_hashed_again_not_trusted_from_memory(tmp_path):
    store = LocalStore(tmp_path)
    store_stems(store)
    assert read_stems(store) is not None  # verified once, remembered
    path = tmp_path / "stems" / "vocals.npy"
    stat = path.stat()
    _overwrite_middle(path, np.full(4, np.nan, "<f4").tobytes())
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert read_stems(store) is None


def test_eviction_counts_everything_and_removes_junk(tmp_path):
    (tmp_path / "stray.bin").write_bytes(os.urandom(300_000))
    orphan = tmp_path / ".put-orphan"
    orphan.mkdir()
    (orphan / "vocals.npy").write_bytes(os.urandom(300_000))
    (tmp_path / "no-manifest").mkdir()
    (tmp_path / "no-manifest" / "x").write_bytes(os.urandom(300_000))
    store = LocalStore(tmp_path, max_bytes=1_000_000, grace=0.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    for i in range(5):
        store_stems(store, f"stems-{i}")  # about 705 kB each
    assert store.size() <= 1_000_000
    assert store.get("stems-4") is not None, "the newest entry was evicted"
    assert store.stats.evicted >= 4


def test_a_write_killed_midway_leaves_a_staging_folder_that_the_next_start_removes(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from jamwithme.service.store import LocalStore
        store = LocalStore({str(tmp_path)!r})
        with store.writer("half") as w:
            w.write_bytes("vocals.npy", b"x" * 1000)
            print("writing", flush=True)
            time.sleep(600)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        proc.kill()
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert leftovers, "the killed write left nothing to test"
    store = LocalStore(tmp_path)  # grace is an hour: the dead process is what makes it junk
    assert not any(p.name.startswith(STAGING_PREFIX) for p in tmp_path.iterdir())
    assert store.stats.swept == len(leftovers)
    assert store.get("half") is None


def test_a_live_write_is_not_swept(tmp_path):
    store = LocalStore(tmp_path)
    with store.writer("busy") as w:
        w.write_bytes("a.bin", b"1")
        store.sweep()
        assert w.folder.exists()
    assert store.get("busy").read_bytes("a.bin") == b"1"


def test_a_second_writer_of_the_same_key_keeps_the_first(tmp_path):
    store = LocalStore(tmp_path)
    with store.writer("k") as w:
        w.write_bytes("a.bin", b"first")
    with store.writer("k") as w:
        w.write_bytes("a.bin", b"second")
    assert store.get("k").read_bytes("a.bin") == b"first"


def test_a_failed_write_stores_nothing(tmp_path):
    store = LocalStore(tmp_path)
    with pytest.raises(RuntimeError):
        with store.writer("k") as w:
            w.write_bytes("a.bin", b"1")
            raise RuntimeError("the job failed")
    assert store.get("k") is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key, ok", [("separate-ab12-cd", True), ("../etc", False), (".hidden", False), ("", False)])
def test_keys_are_plain_names(key, ok):
    if ok:
        assert check_key(key) == key
    else:
        with pytest.raises(ParameterError, match="plain name"):
            check_key(key)


def test_wait_for_is_a_condition_not_a_sleep():
    calls = []
    assert wait_for(lambda: calls.append(1) or len(calls) >= 3, timeout=5) is True
    with pytest.raises(pytest.fail.Exception, match="never"):
        wait_for(lambda: False, timeout=0.05, what="never")


def test_reading_a_stored_clip_in_blocks_keeps_memory_flat(tmp_path):
    """A 20-minute stem read for encoding or separating must not pull its whole file into the process."""
    import psutil

    from jamwithme.audio import AudioClip, blocks_of

    store = LocalStore(tmp_path)
    n = 44100 * 300  # 5 minutes of stereo: 106 MB on disk
    with store.writer("long") as w:
        put_clips(w, {"stem": AudioClip(np.full((2, n), 0.25, np.float32))})
    clip = get_clips(store.get("long"), ["stem"])["stem"]
    me = psutil.Process()
    before = me.memory_info().rss
    peak, total = before, 0.0
    for block in blocks_of(clip):
        total += float(block.sum())
        peak = max(peak, me.memory_info().rss)
    assert total == pytest.approx(0.25 * 2 * n)
    assert peak - before < 40e6, f"reading grew the process by {(peak - before) / 1e6:.0f} MB"
