"""Every malformed input the hardening probes tried, in one place, with what JamWithMe must do with it.

Each :class:`BadInput` is a file name, its bytes and the expected outcome:

* ``refused``: the loader raises :class:`~jamwithme.errors.AudioLoadError` whose
  message matches ``match``; the API answers ``status`` with a JSON error; the
  CLI exits 1 with one line on stderr and no traceback;
* ``warned``: the input is usable but damaged (cut short): it loads with a
  :class:`~jamwithme.errors.JamWithMeWarning` matching ``match``, the API
  answers 200 with the warning in ``X-JamWithMe-Warning``, the CLI exits 0
  and says so on stderr.

The bytes are synthesized here (``ffmpeg`` is the one bundled with
``imageio-ffmpeg``), so the suite needs nothing from outside the repository.
:func:`all_inputs` builds them once into a folder.
"""

from __future__ import annotations

import gzip
import io
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from jamwithme.audio import SAMPLE_RATE, Limits, ffmpeg_exe

#: The duration cap of the app, the CLI and the API (``JAMWITHME_MAX_DURATION``, 20 minutes by default).
MAX_DURATION = Limits().max_duration
#: Length of the intact song the truncated ones are cut from (seconds).
SONG_SECONDS = 30.0


@dataclass(frozen=True)
class BadInput:
    """One malformed input and what must happen to it."""

    id: str
    name: str
    data: bytes
    outcome: str  # "refused" or "warned"
    match: str  # regular expression the message (error or warning) must match
    status: int = 415  # HTTP status of a refusal

    def write(self, folder: Path) -> Path:
        """Write the bytes under a safe file name of its own (the odd names are tested through the API)."""
        path = folder / f"{self.id}{Path(self.name).suffix}"
        path.write_bytes(self.data)
        return path


# --------------------------------------------------------------------------- makers


def wav_header(*, channels: int = 2, rate: int = SAMPLE_RATE, bits: int = 16, fmt_tag: int = 1,
               data_bytes: int | None = None, payload: bytes = b"\0" * 17640) -> bytes:  # fmt: skip
    """A canonical 44-byte RIFF/WAVE header with whatever values it is told, then ``payload``."""
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, rate * block, block, bits)
    size = len(payload) if data_bytes is None else data_bytes
    riff = 4 + 8 + len(fmt) + 8 + size
    return (b"RIFF" + struct.pack("<I", min(riff, 0xFFFFFFFF)) + b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", min(size, 0xFFFFFFFF)) + payload)  # fmt: skip


def wav_float(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    """``(n, c)`` float32 samples as a 32-bit float WAV (NaN and Inf kept as they are)."""
    buf = io.BytesIO()
    sf.write(buf, samples, rate, format="WAV", subtype="FLOAT")
    return buf.getvalue()


def song(seconds: float = SONG_SECONDS) -> np.ndarray:
    """A musical ``(n, 2)`` signal: a chord that changes every second, with a click on every beat."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    roots = np.array([220.0, 196.0, 174.6, 246.9])[(t // 1.0).astype(int) % 4]
    phase = 2 * np.pi * np.cumsum(roots) / SAMPLE_RATE
    tone = 0.2 * (np.sin(phase) + 0.5 * np.sin(1.5 * phase) + 0.3 * np.sin(2 * phase))
    click = np.exp(-((t % 0.5) * 80.0)) * np.sin(2 * np.pi * 1500 * t) * 0.3
    y = (tone + click).astype(np.float32)
    return np.stack([y, 0.9 * y], axis=1)


def ffmpeg_bytes(samples: np.ndarray, ext: str, *args: str) -> bytes:
    """Encode ``(n, 2)`` samples with the bundled ffmpeg into a real file, so that it writes its length
    headers (MP3's Xing frame count, FLAC's STREAMINFO total) as an encoder normally does."""
    with tempfile.TemporaryDirectory(prefix="jamwithme-bad-") as tmp:
        out = Path(tmp) / f"out.{ext}"
        cmd = [ffmpeg_exe(), "-hide_banner", "-v", "error", "-f", "f32le", "-ar", str(SAMPLE_RATE), "-ac", "2",
               "-i", "pipe:0", *args, str(out)]  # fmt: skip
        subprocess.run(cmd, input=np.ascontiguousarray(samples, np.float32).tobytes(), capture_output=True, check=True)
        return out.read_bytes()


def over_the_cap() -> bytes:
    """A FLAC five seconds longer than the cap: 8 kHz mono at a constant level, so it is small at any length."""
    rate, seconds = 8000, MAX_DURATION + 5
    buf = io.BytesIO()
    block = np.full(rate * 60, 0.01, np.float32)
    with sf.SoundFile(buf, "w", rate, 1, format="FLAC", subtype="PCM_16") as out:
        for start in range(0, int(seconds * rate), block.size):
            out.write(block[: int(seconds * rate) - start])
    return buf.getvalue()


def mp4_without_audio() -> bytes:
    """One second of black video in an MP4, no audio stream."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=1:r=10",
           "-c:v", "mpeg4", "-f", "mp4", "-movflags", "frag_keyframe+empty_moov", "pipe:1"]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def corrupt_middle(data: bytes, seed: int = 0) -> bytes:
    """The file with 20 % of its bytes, from the middle on, replaced by noise (frames damaged midway)."""
    out = bytearray(data)
    start, stop = len(out) // 2, len(out) // 2 + len(out) // 5
    out[start:stop] = np.random.default_rng(seed).integers(0, 256, stop - start, np.uint8).tobytes()
    return bytes(out)


def cut(data: bytes, fraction: float) -> bytes:
    return data[: int(len(data) * fraction)]


# --------------------------------------------------------------------------- the catalogue


def all_inputs() -> list[BadInput]:
    """Every bad input of the suite (about 1 MB in all; a few seconds to make)."""
    rng = np.random.default_rng(14)
    intact = song()
    mp3 = ffmpeg_bytes(intact, "mp3", "-c:a", "libmp3lame", "-b:a", "128k")
    ogg = ffmpeg_bytes(intact, "ogg", "-c:a", "libvorbis", "-q:a", "3")
    flac = ffmpeg_bytes(intact, "flac", "-c:a", "flac")
    one_second = np.zeros((SAMPLE_RATE, 2), np.float32)
    not_audio = rng.integers(0, 256, 20_000, np.uint8).tobytes()
    refused, warned, too_long, too_short = "refused", "warned", 413, "too short"
    cases = [
        # files that are not audio at all
        BadInput("zero-bytes", "empty.wav", b"", refused, "empty"),
        BadInput("random-bytes", "noise.mp3", not_audio, refused, "not audio"),
        BadInput("text-as-mp3", "notes.mp3", b"These are my lyrics, not a song.\n" * 200, refused, "not audio"),
        BadInput("png-as-wav", "picture.wav", b"\x89PNG\r\n\x1a\n" + not_audio, refused, "not audio|not an audio file"),
        BadInput("gzip-bomb-as-wav", "bomb.wav", gzip.compress(bytes(50_000_000), 9), refused, "not audio"),
        BadInput("mp4-without-audio", "video.mp4", mp4_without_audio(), refused, "no audio"),
        # broken WAV headers
        BadInput("wav-bad-fmt-chunk", "badfmt.wav", wav_header(fmt_tag=0x7777, bits=3), refused, "not audio|damaged"),
        BadInput("wav-rate-0", "rate0.wav", wav_header(rate=0), refused, "sample rate|not audio"),
        BadInput("wav-rate-1", "rate1.wav", wav_header(rate=1), refused, "sample rate 1 Hz"),
        BadInput("wav-rate-10MHz", "rate10M.wav", wav_header(rate=10_000_000), refused, "sample rate 10000000 Hz"),
        BadInput("wav-0-channels", "nochannels.wav", wav_header(channels=0), refused, "0 channels"),
        BadInput(
            "wav-64-channels", "many.wav", wav_header(channels=64, payload=bytes(64 * 2 * 4410)), refused, "64 channels"
        ),  # fmt: skip
        # 8-bit mono, so that 10 hours fit in the 32-bit size field; it holds 0.1 s
        BadInput(
            "wav-claims-10h",
            "liar.wav",
            wav_header(channels=1, bits=8, data_bytes=10 * 3600 * SAMPLE_RATE, payload=bytes(SAMPLE_RATE // 10)),
            refused,
            r"header promises 36000\.0 s .* 0\.1 s",
        ),  # fmt: skip
        # cut short or damaged midway: usable, with a warning naming both lengths; too short to use: refused
        BadInput("mp3-cut-10", "cut10.mp3", cut(mp3, 0.1), warned, r"ends at \d+\.\d s.* 30\.0 s"),
        BadInput("mp3-cut-50", "cut50.mp3", cut(mp3, 0.5), warned, r"ends at 1\d\.\d s.* 30\.0 s"),
        BadInput("ogg-cut-10", "cut10.ogg", cut(ogg, 0.1), warned, r"ends at \d+\.\d s.* cut short"),
        BadInput("ogg-cut-50", "cut50.ogg", cut(ogg, 0.5), warned, r"ends at 1\d\.\d s.* cut short"),
        BadInput("flac-cut-10", "cut10.flac", cut(flac, 0.1), warned, r"ends at \d+\.\d s.* 30\.0 s"),
        BadInput("flac-cut-50", "cut50.flac", cut(flac, 0.5), warned, r"ends at 1\d\.\d s.* 30\.0 s"),
        BadInput("flac-corrupt-midway", "corrupt.flac", corrupt_middle(flac), warned, r"\d+\.\d s.* 30\.0 s"),
        BadInput("flac-cut-to-header", "cut0.flac", flac[:8000], refused, "damaged"),
        # samples that are not usable
        BadInput("nan-floats", "nan.wav", wav_float(np.full((SAMPLE_RATE, 2), np.nan, np.float32)), refused, "NaN"),
        BadInput(
            "inf-floats",
            "inf.wav",
            wav_float(np.where(one_second == 0, np.inf, 0).astype(np.float32)),
            refused,
            "infinite",
        ),  # fmt: skip
        BadInput("silence", "silence.wav", wav_float(one_second), warned, "silent"),
        BadInput("one-sample", "one.wav", wav_float(np.full((1, 2), 0.5, np.float32)), refused, too_short),
        BadInput("five-ms", "five.wav", wav_float(intact[: SAMPLE_RATE * 5 // 1000]), refused, too_short),
        BadInput("over-the-cap", "long.flac", over_the_cap(), refused, "longer than the .* limit", too_long),
        # odd names (with content that is not audio: the message names them, nothing is written by that name)
        BadInput("name-dotdot", "../../../etc/passwd.wav", not_audio, refused, "passwd.wav"),
        BadInput("name-unicode", "Dvořák – Symfonie č. 9 🎵.mp3", not_audio, refused, "Dvořák"),
        BadInput("name-nul", "evil\x00.wav", not_audio, refused, "not audio"),
        BadInput("name-rtl", "song\u202egnp.wav", not_audio, refused, "not audio"),
    ]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "ids must be unique"
    return cases


#: Inputs whose name cannot exist on a file system (tested through the API and the loader only).
UNNAMEABLE = {"name-nul"}
