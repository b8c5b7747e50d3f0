"""The service: songs by content, named jobs shared by key, results by reference and never lost."""

from __future__ import annotations

import contextlib
import json
import threading

import numpy as np
import pytest
from conftest import ROOT, click_track, stereo, wait_for

from jamwithme import settings
from jamwithme.audio import AudioFormat
from jamwithme.errors import AudioLoadError, ParameterError, SettingsError
from jamwithme.notes import Engine, Part
from jamwithme.player_state import LEVEL_RANGE, PlayerState
from jamwithme.separation import Band
from jamwithme.service import JobState, LocalStore, Service, jobs
from jamwithme.service.queue import LocalQueue

DEMO = ROOT / "sample_data" / "demo_song.mp3"


@pytest.fixture
def service(tmp_path) -> Service:
    store = LocalStore(tmp_path / "store")
    return Service(store, LocalQueue(store, workers=1, max_pending=4, keep=0.0))


@pytest.fixture
def song(service):
    return service.add_song(stereo(click_track(120.0, 12.0)[0]), name="clicks.wav", source_kind="test")


def test_a_song_is_kept_by_content_and_decoded_once(service, tmp_path):
    data = DEMO.read_bytes()
    first = service.add_song(data, name="a.mp3")
    puts = service.store.stats.puts
    again = service.add_song(data, name="renamed.mp3")
    assert again.id == first.id and again.name == "a.mp3"
    assert service.store.stats.puts == puts, "the same bytes were decoded and stored again"
    (tmp_path / "copy.mp3").write_bytes(data)
    assert service.add_song(tmp_path / "copy.mp3", name="copy.mp3").id == first.id
    assert abs(service.song(first.id).duration - 19.2) < 0.1


def test_a_song_file_is_opened_once_and_a_known_one_is_not_decoded(service, tmp_path, monkeypatch):
    import jamwithme.service as service_module

    opened = []

    class Counted(service_module.AudioReader):
        def __init__(self, *args, **kwargs):
            opened.append(args[0])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(service_module, "AudioReader", Counted)
    path = tmp_path / "demo.mp3"
    path.write_bytes(DEMO.read_bytes())
    first = service.add_song(path, name="demo.mp3")
    assert opened == [path], "the file was opened more than once to be kept"
    puts = service.store.stats.puts
    assert service.add_song(path, name="again.mp3").id == first.id
    assert service.store.stats.puts == puts
    assert service.add_song(DEMO.read_bytes(), name="bytes.mp3").id == first.id
    assert opened == [path, path], "known bytes were opened (they are hashed in memory)"


def test_a_refused_song_stores_nothing(service):
    with pytest.raises(AudioLoadError, match="empty"):
        service.add_song(b"", name="empty.mp3")
    with pytest.raises(AudioLoadError, match="not audio|could not"):
        service.add_song(b"<html>" * 100, name="page.mp3")
    assert service.store.stats.puts == 0


def test_jobs_return_keys_and_a_stored_result_is_not_made_again(service, song):
    settings_ = {"source": "mix", "rate": 0.8}
    key = service.run("practice", song.id, settings_)
    assert key == jobs.result_key("practice", song.id, jobs.PracticeSettings(**settings_))
    clip = service.clips(key, ["practice"])["practice"]
    assert clip.n_samples == round(service.song(song.id).n_samples / 0.8)
    started = service.queue.started
    assert service.run("practice", song.id, {"rate": 0.8, "source": "mix"}) == key
    assert service.queue.started == started, "a stored result was computed again"
    assert service.stored("practice", song.id, settings_) == key
    assert service.stored("practice", song.id, {"rate": 0.9}) is None


def test_a_practice_loop_is_the_export_of_the_players_loop(service, song):
    """One loop renderer: the practice job's loop (count-in, metronome, a speed and key) is "Export what I
    hear" of the player's state with that loop, sample for sample."""
    from jamwithme.export import render

    loop = {"start": 2.0, "end": 6.0, "repeat": 2, "snap": False, "count_in_bars": 1, "metronome": True}
    key = service.run("practice", song.id, {"source": "mix", "rate": 0.8, "semitones": 2.0, "loop": loop})
    got = service.clips(key, ["practice"])["practice"]
    state = PlayerState(
        speed=0.8, semitones=2.0, loop_on=True, loop_start=2.0, loop_end=6.0, metronome=True, count_in=True
    )
    grid = jobs.song_grid(service.store, song.id)
    want = render({"mix": jobs.song_clip(service.store, song.id)}, state, grid=grid, repeat=2)
    assert got.n_samples == want.n_samples and got.n_samples > 2 * 4.0 / 0.8 * got.sample_rate
    np.testing.assert_array_equal(got.samples, want.samples)
    assert jobs.PracticeSettings(loop=loop).key_json().count('"renderer":2') == 1  # not the old renderer's key


def test_the_key_is_what_submit_returns(service, song):
    settings_ = {"source": "mix", "rate": 0.8}
    key = service.key("practice", song.id, settings_)
    assert service.submit("practice", song.id, settings_) == key
    assert service.wait(key) == key


@pytest.mark.parametrize(
    "name, given, field, expected",
    [
        ("separate", {"band": "spleeter"}, "band", Band.SPLEETER),
        ("practice", {}, "band", Band.FULL),
        ("notes", {"part": "bass", "engine": "basic-pitch"}, "part", Part.BASS),
        ("notes", {"part": "bass", "engine": "basic-pitch"}, "engine", Engine.BASIC_PITCH),
        ("encoded", {"of": "x", "clip": "vocals", "format": "WAV24"}, "format", AudioFormat.WAV24),
        ("encoded", {"of": "x", "clip": "vocals"}, "format", AudioFormat.MP3),
    ],
)
def test_settings_keep_their_enums_and_their_key_through_json(name, given, field, expected):
    """An enum stays an enum from the edge to the job; a worker parsing the settings' JSON finds the same key."""
    parsed = jobs.parse_settings(name, given)
    assert getattr(parsed, field) is expected
    again = jobs.parse_settings(name, parsed.json())
    assert getattr(again, field) is expected
    assert jobs.result_key(name, "ab" * 32, again) == jobs.result_key(name, "ab" * 32, parsed)
    assert f'"{expected.value}"' in parsed.key_json()  # the key hashes the value, as it always did


@pytest.mark.parametrize("given", [{}, {"player": {}}, {"player": {"speed": 1.0}}])
def test_an_export_has_one_key_with_or_without_the_default_player(given):
    """The player's default state was hashed as {} here and as the full state on a worker (another key)."""
    parsed = jobs.parse_settings("export", given)
    assert jobs.result_key("export", "ab" * 32, jobs.parse_settings("export", parsed.json())) == jobs.result_key(
        "export", "ab" * 32, jobs.parse_settings("export", {"player": {}})
    )


def test_an_export_carries_the_player_state_as_one_model():
    """The page hands its PlayerState over as it is; the job gets that model, and the key is the dict's."""
    heard = PlayerState(speed=0.8, semitones=2, mute=["vocals"])
    parsed = jobs.parse_settings("export", {"player": heard, "repeat": 2})
    assert isinstance(parsed.player, PlayerState) and parsed.player == heard
    assert jobs.parse_settings("export", parsed.json()).player == heard
    as_dict = jobs.parse_settings("export", {"player": heard.dict(), "repeat": 2})
    assert jobs.result_key("export", "ab" * 32, parsed) == jobs.result_key("export", "ab" * 32, as_dict)


def test_two_sessions_waiting_on_one_job_both_get_it(service, song):
    gate = threading.Event()
    real = jobs.JOBS["practice"]

    def held(store, song_id, settings_, progress):
        gate.wait(30)
        return real[0](store, song_id, settings_, progress)

    jobs.JOBS["practice"] = (held, real[1])
    try:
        first = service.submit("practice", song.id, {"rate": 1.25})
        second = service.submit("practice", song.id, {"rate": 1.25})
        assert first == second and service.queue.started == 1
        results = {}
        sessions = [
            threading.Thread(target=lambda n=n: results.__setitem__(n, service.wait(first, timeout=60)))
            for n in ("a", "b")
        ]
        for s in sessions:
            s.start()
        gate.set()
        for s in sessions:
            s.join(60)
    finally:
        jobs.JOBS["practice"] = real
    assert results == {"a": first, "b": first}
    # The queue forgets finished jobs (keep=0 here); a session asking afterwards still sees it done.
    service.submit("practice", song.id, {"rate": 1.1})  # any submit sweeps old jobs
    assert service.status(first).state is JobState.DONE


def test_a_failing_job_reports_a_sentence_and_can_be_tried_again(service, song):
    key = service.submit("practice", song.id, {"loop": {"start": 30.0, "end": 40.0}})
    status = wait_for(lambda: (s := service.status(key)).finished and s, what="job finished")
    assert status.state is JobState.FAILED and "12" in status.error  # names the song's real length
    with pytest.raises(ParameterError, match="12"):  # the library's own error, type and all
        service.wait(key)
    assert service.submit("practice", song.id, {"loop": {"start": 30.0, "end": 40.0}}) == key


@pytest.mark.parametrize(
    "name, settings_, match",
    [
        ("practice", {"rate": 9}, "rate"),
        ("practice", {"loop": {"start": 5, "end": 2}}, "after its start"),
        ("practice", {"rate": 2.0, "loop": {"start": 2, "end": 5}}, "a loop plays at speeds from 0.5 to 1.5"),
        ("remix", {"method": "chaos"}, "method"),
        ("mix", {"lufs": 3}, "lufs"),
        ("nope", {}, "unknown"),
        ("practice", {"speed": 1}, "extra"),
    ],
)
def test_bad_settings_are_refused_before_queueing(service, song, name, settings_, match):
    with pytest.raises((ParameterError, ValueError), match=match):
        service.submit(name, song.id, settings_)
    assert service.queue.started == 0


@contextlib.contextmanager
def held(name: str):
    """Jobs called ``name`` wait at a gate until the block ends, so what is queued behind them can be looked at."""
    gate = threading.Event()
    real = jobs.JOBS[name]
    jobs.JOBS[name] = (lambda *a: gate.wait(30) and real[0](*a), real[1])
    try:
        yield
    finally:
        gate.set()
        jobs.JOBS[name] = real


def test_backlog_is_bounded(service, song):
    with held("practice"):
        keys = [service.submit("practice", song.id, {"rate": 0.5 + 0.1 * i}) for i in range(4)]
        status = service.status(keys[-1])
        assert status.state is JobState.QUEUED and status.position == 3
        from jamwithme.errors import BusyError

        with pytest.raises(BusyError, match="4 jobs"):
            service.submit("practice", song.id, {"rate": 1.9})
    for key in keys:
        service.wait(key, timeout=120)


def test_a_queued_job_is_given_a_wait_from_how_long_such_jobs_took_here(service, song):
    """The app's "Waiting in line: 2 jobs ahead of yours, about 0:01 to wait" comes from this estimate."""
    first = service.submit("probe", song.id, {"hold": 0.3, "nonce": "measured"})
    service.wait(first, timeout=30)
    took = service.queue._took["probe"]
    assert len(took) == 1 and took[0] >= 0.3
    with held("probe"):
        keys = [service.submit("probe", song.id, {"nonce": str(i)}) for i in range(3)]
        wait_for(lambda: service.status(keys[0]).state is JobState.RUNNING, what="the first probe running")
        assert service.status(keys[0]).wait is None, "a running job has nothing to wait for"
        assert service.status(keys[1]).wait == pytest.approx(took[0])  # one probe ahead, none of it done
        assert service.status(keys[2]).wait == pytest.approx(2 * took[0])
        assert [service.status(k).position for k in keys] == [0, 1, 2]
    for key in keys:
        service.wait(key, timeout=30)


def test_no_wait_is_guessed_before_a_job_of_that_kind_has_finished_here(service, song):
    with held("probe"):
        keys = [service.submit("probe", song.id, {"nonce": str(i)}) for i in range(2)]
        status = service.status(keys[1])
        assert status.state is JobState.QUEUED and status.position == 1 and status.wait is None
    for key in keys:
        service.wait(key, timeout=30)


@pytest.mark.parametrize(
    "variable, value, accepted",
    [
        ("JAMWITHME_MAX_DURATION", "ten", "seconds"),
        ("JAMWITHME_MAX_DURATION", "-5", "seconds"),
        ("JAMWITHME_TEMPO_THREADS", "0", "at least 1"),
        ("JAMWITHME_TEMPO_THREADS", "many", "at least 1"),
        ("JAMWITHME_ALLOW_PRIVATE_URLS", "maybe", "true"),
        ("JAMWITHME_CACHE_MAX_BYTES", "1e99x", "bytes"),
    ],
)
def test_a_bad_setting_is_one_clear_error_naming_the_variable(monkeypatch, variable, value, accepted):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        settings.check()
    assert variable in str(caught.value) and repr(value) in str(caught.value) and accepted in str(caught.value)


def test_settings_defaults(monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("JAMWITHME_"):
            monkeypatch.delenv(name)
    s = settings.check()
    assert s.max_duration == 1200 and s.cache_max_bytes == 4 * 1024**3 and s.threads >= 1


@pytest.mark.slow
def test_separation_streams_through_the_store_and_stems_sum_to_the_song(service):
    song = service.add_song(DEMO, name="demo_song.mp3")
    key = service.run("separate", song.id, {})
    stems = service.clips(key, ["vocals", "accompaniment"])
    mix = service.clip(song.id).samples
    total = stems["vocals"].samples + stems["accompaniment"].samples
    assert total.shape == mix.shape
    err = np.sqrt(np.mean((total - mix) ** 2)) / np.sqrt(np.mean(mix**2))
    assert err < 1e-3


def test_the_command_line_names_a_bad_setting_in_one_line(tmp_path):
    import subprocess
    import sys

    env = {**__import__("os").environ, "JAMWITHME_TEMPO_THREADS": "lots"}
    proc = subprocess.run(
        [sys.executable, "-m", "jamwithme.cli", "models"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "error: JAMWITHME_TEMPO_THREADS='lots' is not valid: a whole number of at least 1"
    ]


@pytest.mark.slow
def test_the_two_models_can_be_built_at_once_on_two_threads():
    """The app preloads Spleeter while the first analysis builds crema's model: Keras must not mix them up."""
    import subprocess
    import sys

    script = (
        "import threading\n"
        "from jamwithme.separation import get_separator\n"
        "from jamwithme.analysis.chords import get_chord_model\n"
        "t = threading.Thread(target=get_chord_model); t.start()\n"
        "get_separator(); t.join(); print('both built')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and "both built" in proc.stdout, proc.stderr[-2000:]


@pytest.mark.parametrize(
    "player, kept",
    [({}, True), ({"solo": ["melody"]}, True), ({"solo": ["melody"], "mute": ["melody"]}, True),
     ({"mute": ["melody"]}, False), ({"solo": ["vocals"]}, False)],
)  # fmt: skip
def test_an_export_has_the_melody_track_only_when_its_mix_can_have_it_heard(player, kept):
    """The "melody" track is part of the work when heard; not heard, the export is (and keys as) one without."""
    given = {"player": player, "melody": {"part": "melody"}}
    parsed = jobs.parse_settings("export", given)
    assert (parsed.melody is not None) is kept
    assert jobs.parse_settings("export", parsed.json()) == parsed
    without = jobs.result_key("export", "ab" * 32, jobs.parse_settings("export", {"player": player}))
    assert (jobs.result_key("export", "ab" * 32, parsed) != without) is kept
    assert "melody" not in json.loads(jobs.parse_settings("export", {"player": player}).key_json()), "its old key"


@pytest.mark.parametrize(
    "given, key",
    [
        ({"player": {"levels": {"vocals": -59.5}, "speed": 0.8}}, "f1dcd24c7fff07404c07"),
        ({"player": {"levels": {"vocals": -60.0}, "mute": ["vocals"], "semitones": 2}}, "5dead610394f08867503"),
        ({"player": {"mute": ["vocals"], "levels": {"vocals": -60.0}}}, "584cd789fcc1a3cb9601"),
        ({"player": {"levels": {"accompaniment": -6.0, "melody": -60.0}, "mute": ["melody"]},
          "melody": {"part": "melody"}}, "e076e666997395d4c899"),
    ],
)  # fmt: skip
def test_an_export_no_stem_of_which_is_newly_off_keeps_its_key(given, key):
    """Keys computed before a stem at the floor was off: an export that does not change keeps its stored result.

    An export follows the song's grid, so its key names the analysis version: these were computed again at
    version 41 (where a kit is heard, the bands above the kick's read as their sharp rises),
    the only change since."""
    from jamwithme.service.job_settings import ANALYSIS_VERSION

    assert ANALYSIS_VERSION == 41, "the keys below were computed at analysis version 41: compute them again"
    assert jobs.result_key("export", "ab" * 32, jobs.parse_settings("export", given)) == f"export-{'ab' * 16}-{key}"


def test_an_export_with_a_stem_at_the_floor_is_the_one_with_it_muted():
    """Not the old key (whose file has the stem at -60 dB): the key, and so the file, of the stem muted there."""
    floor = LEVEL_RANGE[0]
    off = jobs.parse_settings("export", {"player": {"levels": {"vocals": floor}}})
    muted = jobs.parse_settings("export", {"player": {"levels": {"vocals": floor}, "mute": ["vocals"]}})
    assert off.player.mute == ["vocals"] and off == muted
    assert jobs.result_key("export", "ab" * 32, off) != f"export-{'ab' * 16}-8a3ca447c92fd339c33a"
    assert jobs.result_key("export", "ab" * 32, jobs.parse_settings("export", off.json())) == jobs.result_key(
        "export", "ab" * 32, muted
    )
    # The melody track at the floor is not heard: the export is (and keys as) one without it.
    melody_off = jobs.parse_settings("export", {"player": {"levels": {"melody": floor}}, "melody": {"part": "melody"}})
    assert melody_off.melody is None


def test_the_mixers_render_is_what_its_player_plays():
    """Built from the mixer's player state: the same key as before for levels above the floor; at it, muted."""
    from jamwithme.service.job_settings import MixSettings

    def key(settings):
        return jobs.result_key("mix", "ab" * 32, settings)

    assert key(MixSettings.of_player(PlayerState(levels={"vocals": -6.0}))) == f"mix-{'ab' * 16}-c1fcd50dcd08e442aacf"
    kept = MixSettings.of_player(
        PlayerState(levels={"accompaniment": LEVEL_RANGE[0]}, mute=["accompaniment"], solo=["vocals"]), lufs=-14.0
    )
    assert key(kept) == f"mix-{'ab' * 16}-84b0028dc1c0188a8798"
    off = MixSettings.of_player(PlayerState(levels={"vocals": LEVEL_RANGE[0]}))
    assert off.mute == ("vocals",) and off.gains_db == {"vocals": LEVEL_RANGE[0], "accompaniment": 0.0}
    assert key(off) != f"mix-{'ab' * 16}-dbaee45b3fc6362b7195", "not the old render, with the vocals at -60 dB"
    # The mix API's own gains keep their meaning: -60 dB there is a level, not a mute.
    assert jobs.parse_settings("mix", {"gains_db": {"vocals": -60.0}}).mute == ()
