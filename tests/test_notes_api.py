"""``POST /notes`` on a live API: a real ``jamwithme serve`` on 127.0.0.1, songs uploaded or fetched locally.

The songs are sung lines synthesized with a known answer (``test_notes.sung``);
the demo song's voice, separated from its band, is the default path (the
melody of the vocals). Nothing is mocked.
"""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit

import httpx
import mido
import pytest
from conftest import ROOT, running_api
from servers import serve_folder
from test_notes import _melody_song, matched

from jamwithme import audio
from jamwithme.audio import silence
from jamwithme.notes import Transcription

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("songs")
    clip, truth = _melody_song()
    (folder / "line.wav").write_bytes(audio.encode(clip, "wav"))
    (folder / "quiet.wav").write_bytes(audio.encode(silence(5.0), "wav"))
    (folder / "page.html").write_text("<!doctype html><html><body>not a song</body></html>" * 20)
    return folder, truth


@pytest.fixture(scope="module")
def api(songs, tmp_path_factory):
    folder, _ = songs
    with serve_folder(folder) as song_server:
        port = urlsplit(song_server).port
        store = tmp_path_factory.mktemp("store")
        log = tmp_path_factory.mktemp("api") / "server.log"
        with running_api(log, JAMWITHME_CACHE_DIR=str(store), JAMWITHME_ALLOWED_ADDRESSES=f"127.0.0.1:{port}",
                         JAMWITHME_API_MAX_PENDING="2") as (base, _):  # fmt: skip
            with httpx.Client(base_url=base, timeout=900) as client:
                client.song_server = song_server
                yield client


def upload(api, name: str, folder, **form):
    return api.post("/notes", files={"file": (name, (folder / name).read_bytes(), "audio/wav")}, data=form)


def test_notes_as_json_by_upload_and_by_url(api, songs):
    folder, truth = songs
    response = upload(api, "line.wav", folder, as_is="true")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert {"notes", "phrases", "part", "engine", "range", "key", "tempo", "time_signature"} <= set(data)
    assert set(data["notes"][0]) == {"start", "end", "pitch", "velocity"}
    assert data["sung"] is None  # the song as it is: no vocals separated from it to judge
    assert matched(Transcription.from_json(data), truth) >= 15
    by_url = api.post("/notes", json={"url": f"{api.song_server}/line.wav", "as_is": True, "semitones": -2})
    assert by_url.status_code == 200, by_url.text
    assert [n["pitch"] for n in by_url.json()["notes"]] == [n["pitch"] - 2 for n in data["notes"]]


@pytest.mark.parametrize("fmt, media, suffix", [("midi", "audio/midi", ".mid"),
                                                ("abc", "text/vnd.abc; charset=utf-8", ".abc"),
                                                ("tab", "text/plain; charset=utf-8", "_tab.txt")])  # fmt: skip
def test_notes_as_a_download_named_with_the_key(api, songs, fmt, media, suffix):
    folder, truth = songs
    response = upload(api, "line.wav", folder, as_is="true", format=fmt, semitones="2")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media  # one charset (it was said twice: "; charset=utf-8" x2)
    disposition = response.headers["content-disposition"]
    name = unquote(disposition.split("filename*=utf-8''")[1])
    key = api.post("/notes", files={"file": ("line.wav", (folder / "line.wav").read_bytes())},
                   data={"as_is": "true", "semitones": "2"}).json()["key"]  # fmt: skip
    assert name == f"line_melody_{key.replace(' ', '-')}{suffix}"
    if fmt == "midi":
        pitches = [
            m.note for m in mido.MidiFile(file=io.BytesIO(response.content)) if m.type == "note_on" and m.velocity
        ]
        assert pitches[:4] == [62, 66, 69, 74]  # the line's C E G C, two semitones up
    elif fmt == "abc":
        assert response.text.startswith("X:1\n") and "K:" in response.text
    else:
        assert response.text.count("|") > 10


def test_silence_gives_no_notes_and_says_so(api, songs):
    folder, _ = songs
    response = upload(api, "quiet.wav", folder, as_is="true")
    assert response.status_code == 200, response.text
    assert response.json()["notes"] == []
    assert "no notes found" in unquote(response.headers["x-jamwithme-warning"])


@pytest.mark.parametrize(
    "form, status, match",
    [({"part": "drums"}, 422, "part"), ({"semitones": "40"}, 422, "semitones"), ({"format": "pdf"}, 422, "format"),
     ({"tempo": "2"}, 422, "tempo")],
)  # fmt: skip
def test_bad_settings_are_refused(api, songs, form, status, match):
    folder, _ = songs
    response = upload(api, "line.wav", folder, **form)
    assert response.status_code == status and match in response.json()["error"], response.text


def test_what_is_not_audio_is_refused(api, songs):
    folder, _ = songs
    response = api.post("/notes", files={"file": ("page.html", (folder / "page.html").read_bytes(), "text/html")})
    assert response.status_code == 415, response.text
    assert "error" in response.json()
    assert api.post("/notes", json={"url": f"{api.song_server}/page.html"}).status_code == 415
    assert api.post("/notes", json={}).status_code == 422


def test_the_melody_of_the_vocals_by_default(api):
    demo = ROOT / "sample_data" / "demo_song.mp3"
    response = api.post("/notes", files={"file": ("demo_song.mp3", demo.read_bytes(), "audio/mpeg")})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["part"] == "melody" and data["range"]["low"] >= 55 and data["range"]["high"] <= 80
    assert 20 <= len(data["notes"]) <= 30  # the voice sings 24 notes
    assert data["sung"] is True  # the separated vocals of a song: someone sings in them
