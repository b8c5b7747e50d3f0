"""YouTube and media links through the real yt-dlp, against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, free_port
from servers import serve_folder

from jamwithme import audio
from jamwithme.audio import Limits
from jamwithme.errors import AudioLoadError, DownloadError, InputTooLargeError, JamWithMeWarning
from jamwithme.web import links

DEMO = ROOT / "sample_data" / "demo_song.mp3"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real HTTP server on 127.0.0.1 serving a song, a web page, a playlist-like page and junk."""
    root = tmp_path_factory.mktemp("www")
    (root / "song.mp3").write_bytes(DEMO.read_bytes())
    tone = np.stack([np.sin(2 * np.pi * 440 * np.arange(44100 * 3) / 44100)] * 2).astype(np.float32) * 0.3
    audio.save(audio.AudioClip(tone), root / "tone.flac")
    (root / "page.html").write_text("<html><body><p>No music here.</p></body></html>")
    (root / "two.html").write_text(
        '<html><body><audio src="song.mp3"></audio><audio src="tone.flac"></audio></body></html>'
    )
    (root / "junk.mp3").write_bytes(b"\x00junk" * 5000)
    flac = (root / "tone.flac").read_bytes()
    (root / "cut.flac").write_bytes(flac[: len(flac) // 2])
    with serve_folder(root) as url:
        yield url


def test_media_link_becomes_a_song(server):
    seen = []
    song = links.fetch(f"{server}/song.mp3", progress=seen.append)
    expected = audio.load(DEMO)
    assert song.title == "song"
    assert song.data == DEMO.read_bytes(), "the file's bytes: the song's content hash matches an upload's"
    assert song.clip.samples.shape == expected.samples.shape
    np.testing.assert_allclose(song.clip.samples, expected.samples, atol=1e-6)
    assert seen and seen[-1] == 1.0


def test_flac_link(server):
    song = links.fetch(f"{server}/tone.flac")
    assert abs(song.clip.duration - 3.0) < 0.01
    assert song.notices == ()


def test_a_song_cut_short_comes_with_its_notice(server):
    with pytest.warns(JamWithMeWarning):
        song = links.fetch(f"{server}/cut.flac")
    assert len(song.notices) == 1 and "but its header promises 3.0 s" in song.notices[0]


@pytest.mark.parametrize(
    "path, match",
    [
        ("/missing.mp3", "404"),
        ("/page.html", "No audio or video"),
        ("/two.html", "playlist"),
    ],
)
def test_bad_links_say_what_is_wrong(server, path, match):
    with pytest.raises(DownloadError, match=match):
        links.fetch(server + path)


def test_junk_behind_a_link_is_not_audio(server):
    with pytest.raises(AudioLoadError, match="not audio"):
        links.fetch(f"{server}/junk.mp3")


def test_unreachable_site():
    with pytest.raises(DownloadError, match="did not answer: check the link and your connection"):
        links.fetch(f"http://127.0.0.1:{free_port()}/song.mp3", timeout=5)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.mp3", "", "not a url", "javascript:alert(1)"]
)
def test_only_web_links(url):
    with pytest.raises(DownloadError, match="not a web link"):
        links.fetch(url)


def test_caps_apply_to_links(server):
    with pytest.raises(InputTooLargeError):
        links.fetch(f"{server}/song.mp3", limits=Limits(max_bytes=10_000))
    with pytest.raises(InputTooLargeError, match="limit"):
        links.fetch(f"{server}/song.mp3", limits=Limits(max_duration=5))
