"""The one I/O module: every format and source in, every format out, every bad input refused clearly."""

from __future__ import annotations

import io
import subprocess
import warnings

import numpy as np
import pytest
import soundfile as sf
from conftest import FISHIN, shared_file, sine

from jamwithme import audio
from jamwithme.audio import SAMPLE_RATE, AudioClip, AudioFormat, AudioReader, Limits
from jamwithme.errors import AudioLoadError, InputTooLargeError, JamWithMeWarning, ParameterError


def write(path, data: np.ndarray, sr: int, fmt: str, subtype: str | None = None):
    """Write ``(n, c)`` samples with libsndfile."""
    sf.write(str(path), data, sr, format=fmt, subtype=subtype)
    return path


def ffmpeg_encode(src, dst, *extra: str):
    subprocess.run([audio.ffmpeg_exe(), "-v", "error", "-y", "-i", str(src), *extra, str(dst)], check=True)
    return dst


def dominant_freq(x: np.ndarray, sr: int) -> float:
    spec = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    k = int(np.argmax(spec))
    a, b, c = np.log(spec[k - 1 : k + 2] + 1e-12)
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * sr / len(x)


@pytest.fixture
def tone_stereo() -> np.ndarray:
    """1 s, left 440 Hz, right 660 Hz, ``(n, 2)``."""
    return np.stack([sine(440, 1.0), sine(660, 1.0)], axis=1)


# --------------------------------------------------------------------------- good input


@pytest.mark.parametrize(
    "fmt, subtype, tolerance",
    [
        ("WAV", "PCM_U8", 1 / 64),
        ("WAV", "PCM_16", 1 / 32768),
        ("WAV", "PCM_24", 1e-6),
        ("WAV", "PCM_32", 1e-7),
        ("WAV", "FLOAT", 0),
        ("WAV", "DOUBLE", 1e-7),
        ("FLAC", "PCM_16", 1 / 32768),
        ("FLAC", "PCM_24", 1e-6),
    ],
)
def test_load_pcm_formats_exactly(tmp_path, tone_stereo, fmt, subtype, tolerance):
    path = write(tmp_path / f"x.{fmt.lower()}", tone_stereo, SAMPLE_RATE, fmt, subtype)
    clip = audio.load(path)
    assert clip.samples.dtype == np.float32
    assert clip.samples.shape == (2, tone_stereo.shape[0])
    np.testing.assert_allclose(clip.samples, tone_stereo.T, atol=tolerance + 1e-7)


@pytest.mark.parametrize(
    "ext, args", [("ogg", ["-c:a", "libvorbis"]), ("mp3", ["-b:a", "192k"]), ("m4a", ["-c:a", "aac"])]
)
def test_load_lossy_formats_through_decoders(tmp_path, tone_stereo, ext, args):
    src = write(tmp_path / "src.wav", tone_stereo, SAMPLE_RATE, "WAV", "PCM_16")
    clip = audio.load(ffmpeg_encode(src, tmp_path / f"x.{ext}", *args))
    assert clip.sample_rate == SAMPLE_RATE and clip.channels == 2
    # Lossy codecs add priming samples; the length is within 0.1 s and the pitch is kept per channel.
    assert abs(clip.duration - 1.0) < 0.1
    mid = slice(SAMPLE_RATE // 4, 3 * SAMPLE_RATE // 4)
    assert dominant_freq(clip.samples[0, mid], SAMPLE_RATE) == pytest.approx(440, abs=1)
    assert dominant_freq(clip.samples[1, mid], SAMPLE_RATE) == pytest.approx(660, abs=1)


@pytest.mark.parametrize("rate", [8000, 11025, 22050, 32000, 48000, 88200, 96000, 192000])
def test_load_resamples_any_rate_keeping_pitch_and_length(tmp_path, rate):
    y = sine(1000, 2.0, sr=rate)
    clip = audio.load(write(tmp_path / "x.wav", y, rate, "WAV", "FLOAT"))
    assert clip.sample_rate == SAMPLE_RATE
    assert abs(clip.n_samples - 2 * SAMPLE_RATE) <= 2
    assert dominant_freq(clip.samples[0, 22050:66150], SAMPLE_RATE) == pytest.approx(1000, abs=0.5)


def test_mono_is_duplicated(tmp_path):
    y = sine(440, 0.5)
    clip = audio.load(write(tmp_path / "mono.wav", y, SAMPLE_RATE, "WAV", "FLOAT"))
    assert clip.channels == 2
    np.testing.assert_array_equal(clip.samples[0], y)
    np.testing.assert_array_equal(clip.samples[1], y)


def test_surround_is_downmixed_to_stereo(tmp_path):
    n = SAMPLE_RATE // 2
    six = np.zeros((n, 6), np.float32)
    six[:, 0] = sine(440, 0.5)  # front left only
    clip = audio.load(write(tmp_path / "surround.wav", six, SAMPLE_RATE, "WAV", "FLOAT"))
    assert clip.samples.shape == (2, n)
    left, right = np.abs(clip.samples).max(axis=1)
    assert left > 0.1 and right < 1e-3, "front-left content must stay on the left"


@pytest.mark.parametrize("kind", ["path", "str", "bytes", "file"])
def test_every_kind_of_source(tmp_path, tone_stereo, kind):
    path = write(tmp_path / "x.flac", tone_stereo, SAMPLE_RATE, "FLAC", "PCM_24")
    source = {
        "path": path,
        "str": str(path),
        "bytes": path.read_bytes(),
        "file": io.BytesIO(path.read_bytes()),
    }[kind]
    clip = audio.load(source)
    assert clip.samples.shape == (2, tone_stereo.shape[0])


def test_real_song_through_ffmpeg_or_libsndfile():
    clip = audio.load(shared_file(FISHIN))
    assert clip.channels == 2 and clip.sample_rate == SAMPLE_RATE
    assert 132 < clip.duration < 134
    assert 0.1 < clip.peak() <= 1.01


def test_streaming_reader_matches_load(tmp_path, tone_stereo):
    path = write(tmp_path / "x.wav", np.tile(tone_stereo, (5, 1)), 48000, "WAV", "FLOAT")
    whole = audio.load(path)
    with AudioReader(path) as reader:
        blocks = list(reader.blocks(10000))
    assert all(b.shape[0] == 2 for b in blocks)
    streamed = np.concatenate(blocks, axis=1)
    assert streamed.shape == whole.samples.shape
    np.testing.assert_allclose(streamed, whole.samples, atol=1e-4)


def test_clip_is_read_only_and_typed():
    clip = AudioClip(np.zeros((2, 10)), 44100)
    assert clip.samples.dtype == np.float32
    with pytest.raises(ValueError):
        clip.samples[0, 0] = 1.0
    with pytest.raises(ParameterError, match=r"shape \(channels, n\)"):
        AudioClip(np.zeros(10), 44100)


# --------------------------------------------------------------------------- bad input


def _wav_bytes(y: np.ndarray, sr: int = SAMPLE_RATE, subtype: str = "PCM_16") -> bytes:
    buf = io.BytesIO()
    sf.write(buf, y, sr, format="WAV", subtype=subtype)
    return buf.getvalue()


def _flac_bytes(y: np.ndarray) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, y, SAMPLE_RATE, format="FLAC")
    return buf.getvalue()


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: b"", "empty"),
        (lambda: b"hello, this is a text file and not a song\n" * 50, "not audio"),
        (lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "not audio|not an audio file"),
        (lambda: _wav_bytes(np.zeros((0, 2), np.float32)), "zero length|no samples"),
        (lambda: _wav_bytes(np.array([[0.0, np.nan]] * 100, np.float32), subtype="FLOAT"), "NaN"),
        (lambda: _wav_bytes(np.array([[0.1, np.inf]] * 100, np.float32), subtype="FLOAT"), "NaN or infinite"),
        (lambda: _wav_bytes(sine(440, 0.2, sr=4000), sr=4000), "4000 Hz"),
        (lambda: _flac_bytes(sine(440, 3.0))[:3000], "damaged|too short"),
        (lambda: _wav_bytes(sine(440, 1.0))[:44], "truncated.*promises 1.0 s.*too short"),
        (lambda: _wav_bytes(sine(440, 0.2)), "only 0.200 s long: too short"),
    ],
    ids=["empty", "text", "png", "zero-length", "nan", "inf", "rate-too-low", "truncated-flac", "header-only", "short"],
)
def test_bad_input_is_refused_with_a_reason(make, match):
    from ui.messages import could_not_load

    with pytest.raises(AudioLoadError, match=match) as info:
        audio.load(make(), name="song.bin")
    assert "song.bin" in str(info.value), "the message names the input"
    # QA: the Load page read "Could not load empty.wav: empty.wav: the file is empty (0 bytes)"
    assert could_not_load("song.bin", info.value).count("song\\.bin") == 1, "the page names the file once"


def test_a_file_cut_short_is_kept_with_a_notice_naming_both_lengths():
    data = _flac_bytes(sine(440, 3.0))
    notices: list[str] = []
    with pytest.warns(JamWithMeWarning, match=r"ends at 1\.\d s, but its header promises 3\.0 s"):
        clip = audio.load(data[: len(data) // 2], name="half.flac", notices=notices)
    assert 1.0 < clip.duration < 2.0
    assert len(notices) == 1 and notices[0].startswith("half.flac ends at")


def test_a_difference_too_small_to_show_is_not_truncation(tmp_path):
    """Issue 14: ffmpeg's ``-stream_loop ... -t 300`` Ogg was refused: 'promises 300.0 s but only 300.0 s'.

    Made from a real Vorbis song: re-encoding one makes a file whose last
    granule position is a few frames past what decodes (synthetic tones do not).
    """
    loop = tmp_path / "loop.ogg"
    subprocess.run([audio.ffmpeg_exe(), "-v", "error", "-y", "-stream_loop", "3", "-i", str(shared_file(FISHIN)),
                    "-t", "20", "-c:a", "libvorbis", str(loop)], check=True)  # fmt: skip
    assert sf.info(str(loop)).frames == 20 * SAMPLE_RATE  # the header's length; 80 frames fewer decode
    with warnings.catch_warnings():
        warnings.simplefilter("error", JamWithMeWarning)
        clip = audio.load(loop)
    assert clip.duration == pytest.approx(20.0, abs=0.01)


def test_a_header_that_lies_about_its_length_is_named(tmp_path):
    """Issue 14: a WAV claiming 6.7 hours but holding 0.1 s loaded as a 0:00 song."""
    data = bytearray(_wav_bytes(np.full((4410, 2), 0.1, np.float32)))
    data[40:44] = (6 * 3600 * SAMPLE_RATE * 4).to_bytes(4, "little")
    with pytest.raises(AudioLoadError, match=r"promises 21600\.0 s \(360:00\) but it holds only 0\.1 s, too short"):
        audio.load(bytes(data), name="liar.wav")


@pytest.mark.parametrize("channels", [0, 64])
def test_a_header_with_no_or_too_many_channels_is_refused(channels):
    """Issue 14: 0 channels crashed with ZeroDivisionError."""
    import struct

    fmt = struct.pack("<HHIIHH", 1, channels, SAMPLE_RATE, 0, 0, 16)
    payload = bytes(176400)
    data = (b"RIFF" + struct.pack("<I", 36 + len(payload)) + b"WAVEfmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", len(payload)) + payload)  # fmt: skip
    with pytest.raises(AudioLoadError, match=f"its header says {channels} channels"):
        audio.load(data, name="c.wav")


def test_a_flac_without_its_length_in_the_header_loads(tmp_path):
    """A FLAC written to a pipe has no total in STREAMINFO; libsndfile then reports 2**63 frames."""
    src = write(tmp_path / "src.wav", np.stack([sine(440, 2.0)] * 2, axis=1), SAMPLE_RATE, "WAV")
    proc = subprocess.run([audio.ffmpeg_exe(), "-v", "error", "-i", str(src), "-f", "flac", "pipe:1"],
                          capture_output=True, check=True)  # fmt: skip
    clip = audio.load(proc.stdout, name="piped.flac", limits=Limits(max_duration=60))
    assert clip.duration == pytest.approx(2.0, abs=0.01)


def test_a_folder_is_named_a_folder(tmp_path):
    with pytest.raises(AudioLoadError, match="is a folder"):
        audio.load(tmp_path)


def test_names_are_shown_safely():
    with pytest.raises(AudioLoadError) as info:
        audio.load(b"not audio at all" * 100, name="x\u202egnp.w\x00av")
    assert "\u202e" not in str(info.value) and "\x00" not in str(info.value)


def test_corrupt_ogg_is_refused(tmp_path):
    src = write(tmp_path / "src.wav", np.stack([sine(440, 3.0)] * 2, axis=1), SAMPLE_RATE, "WAV")
    data = bytearray(ffmpeg_encode(src, tmp_path / "x.ogg", "-c:a", "libvorbis").read_bytes())
    data[len(data) // 3 :] = np.random.default_rng(0).integers(0, 256, len(data) - len(data) // 3, np.uint8).tobytes()
    with pytest.raises(AudioLoadError, match="damaged|truncated|not audio"):
        audio.load(bytes(data), name="broken.ogg")


def test_too_long_is_refused_before_decoding(tmp_path):
    path = write(tmp_path / "long.wav", sine(440, 5.0), SAMPLE_RATE, "WAV")
    from ui.messages import could_not_load

    with pytest.raises(InputTooLargeError, match="longer than the 0:02 limit") as info:
        audio.load(path, limits=Limits(max_duration=2.0))
    assert could_not_load("long.wav", info.value) == (
        "Could not load long\\.wav: it is 0:05 long, longer than the 0:02 limit"
    )


def test_too_long_is_refused_while_streaming_when_header_lies(tmp_path):
    # An MP3 without a length header: the cap is enforced as samples arrive.
    src = write(tmp_path / "long.wav", np.stack([sine(440, 6.0)] * 2, axis=1), SAMPLE_RATE, "WAV")
    path = ffmpeg_encode(src, tmp_path / "long.mp3")
    with pytest.raises(InputTooLargeError, match="limit"):
        audio.load(path, limits=Limits(max_duration=2.0))


def test_too_big_is_refused_before_reading(tmp_path):
    path = write(tmp_path / "big.wav", sine(440, 1.0), SAMPLE_RATE, "WAV")
    with pytest.raises(InputTooLargeError, match="MB limit"):
        audio.load(path, limits=Limits(max_bytes=1000))
    with pytest.raises(InputTooLargeError, match="MB limit"):
        audio.load(io.BytesIO(path.read_bytes()), limits=Limits(max_bytes=1000))


def test_missing_file():
    with pytest.raises(AudioLoadError, match="no such file"):
        audio.load("/nonexistent/song.wav")


def test_silent_input_is_accepted_with_a_warning():
    with pytest.warns(JamWithMeWarning, match="silent"):
        clip = audio.load(_wav_bytes(np.zeros((44100, 2), np.float32)), name="quiet.wav")
    assert clip.n_samples == 44100


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf")])
def test_bad_limits(value):
    with pytest.raises(ParameterError, match="max_duration"):
        Limits(max_duration=value)


# --------------------------------------------------------------------------- output


def test_wav16_round_trip_is_bit_exact(tmp_path):
    rng = np.random.default_rng(1)
    ints = rng.integers(-32768, 32768, size=(SAMPLE_RATE, 2), dtype=np.int16)
    src = tmp_path / "in.wav"
    sf.write(str(src), ints, SAMPLE_RATE, subtype="PCM_16")
    data = audio.encode(audio.load(src), "wav")
    back, sr = sf.read(io.BytesIO(data), dtype="int16")
    assert sr == SAMPLE_RATE
    np.testing.assert_array_equal(back, ints)


@pytest.mark.parametrize(
    "fmt, magic, tolerance",
    [
        ("wav", b"RIFF", 1 / 32768),
        ("wav24", b"RIFF", 1e-6),
        ("wav32f", b"RIFF", 0),
        ("flac", b"fLaC", 1e-6),
    ],
)
def test_encode_lossless_round_trip(fmt, magic, tolerance, tone_stereo):
    clip = AudioClip(tone_stereo.T)
    data = audio.encode(clip, fmt)
    assert data[:4] == magic
    back = audio.load(data)
    np.testing.assert_allclose(back.samples, clip.samples, atol=tolerance + 1e-7)


def test_encode_mp3_decodes_to_the_same_music(tone_stereo):
    data = audio.encode(AudioClip(np.tile(tone_stereo, (2, 1)).T), "mp3")
    assert data[:3] == b"ID3" or data[0] == 0xFF
    back = audio.load(data)
    assert abs(back.duration - 2.0) < 0.1
    assert dominant_freq(back.samples[0, 22050:66150], SAMPLE_RATE) == pytest.approx(440, abs=1)


def test_encode_reports_its_progress_block_by_block():
    """The Jam track page shows an MP3 being made (14 s for a 3-minute stem) by this, 10 s at a time."""
    seen = []
    clip = AudioClip(np.zeros((2, 25 * SAMPLE_RATE), np.float32))
    audio.encode(clip, "mp3", progress=seen.append)
    assert seen == pytest.approx([0.4, 0.8, 1.0])


def test_encode_clips_out_of_range_without_wrapping():
    clip = AudioClip(np.array([[1.5, -1.5, 0.5]] * 2, np.float32))
    with warnings.catch_warnings():
        back, _ = sf.read(io.BytesIO(audio.encode(clip, "wav")), dtype="int16")
    assert list(back[:, 0]) == [32767, -32768, 16384]


@pytest.mark.parametrize("value", ["ogg", "", "wav16", None])
def test_unknown_format(value):
    with pytest.raises(ParameterError, match="format"):
        AudioFormat.parse(value)


def test_encode_empty_clip_is_refused():
    with pytest.raises(ParameterError, match="empty"):
        audio.encode(AudioClip(np.zeros((2, 0), np.float32)))


def _picture() -> bytes:
    """A real picture (a 16x16 PNG), as an album cover saved under an audio name would be."""
    cmd = [audio.ffmpeg_exe(), "-hide_banner", "-v", "error", "-f", "lavfi", "-i", "color=c=red:s=16x16",
           "-frames:v", "1", "-c:v", "png", "-f", "image2pipe", "pipe:1"]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def test_a_file_without_an_audio_track_is_named_in_one_clear_sentence():
    """QA read "Could not load cover.wav: it is not audio: it has no audio track (a picture, or a video without
    sound?)" on the Load page: three clauses and a question. It is one sentence now, here and on the page."""
    from ui.messages import could_not_load

    with pytest.raises(AudioLoadError) as info:
        audio.load(_picture(), name="cover.wav")
    assert str(info.value) == "cover.wav has no audio track: it is not an audio file (a picture, or a silent video)"
    assert could_not_load("cover.wav", info.value) == (
        "cover\\.wav has no audio track: it is not an audio file \\(a picture, or a silent video\\)"
    )
    with pytest.raises(AudioLoadError) as info:  # the other refusals keep the page's "Could not load"
        audio.load(b"These are my lyrics, not a song.\n" * 200, name="notes.mp3")
    assert could_not_load("notes.mp3", info.value) == (
        "Could not load notes\\.mp3: this is not audio we can read, or the file is damaged"
    )


@pytest.mark.parametrize("fmt", ["wav", "wav24", "flac", "mp3"])
def test_save_writes_what_encode_gives_and_reports_progress(tmp_path, fmt):
    """The encoded job writes its file with save() (libsndfile's own file I/O, no call back into Python per
    MP3 frame): the same file as encode()'s bytes, its progress reaching 1."""
    clip = AudioClip(np.stack([sine(440, 12.0), sine(660, 12.0)]).astype(np.float32))
    seen = []
    path = audio.save(clip, tmp_path / "out.bin", fmt, progress=seen.append)
    assert path.read_bytes() == audio.encode(clip, fmt)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 2
