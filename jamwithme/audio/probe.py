"""What an input is before it is decoded: the ffmpeg binary and its probe, and the header sniffers.

The sniffers read what libsndfile does not say: the length a WAV header
declares (libsndfile clamps it to the file) and whether an Ogg file ends with
its end-of-stream mark (a cut file does not).
"""

from __future__ import annotations

import io
import os
import re
import subprocess

from jamwithme.errors import AudioLoadError


def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary shipped by ``imageio-ffmpeg`` (no system install)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


#: Containers libsndfile reads in-process; everything else goes to ffmpeg.
_SNDFILE_MAGIC = {b"RIFF", b"RIFX", b"RF64", b"fLaC", b"OggS", b"FORM"}
_DURATION_RE = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_AUDIO_RE = re.compile(r"Stream #\S+.*?: Audio: [^,]+(?:, [^,]*)*?, (\d+) Hz, ([^,]+)")


#: What the probe says of a container ffmpeg reads that has streams but none of audio.
NO_AUDIO_TRACK = "it has no audio track"


def _probe_ffmpeg(path: str) -> tuple[int, int, float | None]:
    """Sample rate, channel count and duration of the first audio stream."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", path],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
    )
    text = proc.stderr
    audio = _AUDIO_RE.search(text)
    if audio is None:
        reason = _last_line(text) or "no audio stream"
        if "Stream #" in text:
            reason = NO_AUDIO_TRACK
        raise AudioLoadError(reason)
    rate = int(audio.group(1))
    layout = audio.group(2).strip()
    counted = re.match(r"(\d+) channels", layout)
    channels = 1 if layout == "mono" else 2 if layout == "stereo" else int(counted.group(1)) if counted else 6
    dur = _DURATION_RE.search(text)
    duration = None
    if dur:
        h, m, s = dur.groups()
        duration = int(h) * 3600 + int(m) * 60 + float(s)
    return rate, channels, duration


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    last = lines[-1] if lines else ""
    # ffmpeg prefixes the input path; keep only the reason.
    return last.split(": ", 1)[-1] if ": " in last else last


def _wav_declared_frames(path: str) -> int | None:
    """Frames a RIFF/WAVE header's ``data`` chunk declares (libsndfile clamps them to the file), if any."""
    try:
        with open(path, "rb") as fh:
            if fh.read(12)[8:12] != b"WAVE":
                return None
            block_align = None
            for _ in range(64):
                head = fh.read(8)
                if len(head) < 8:
                    return None
                chunk, size = head[:4], int.from_bytes(head[4:], "little")
                if chunk == b"fmt ":
                    fmt = fh.read(min(size, 64))
                    block_align = int.from_bytes(fmt[12:14], "little") if len(fmt) >= 14 else None
                    fh.seek(size - len(fmt) + (size & 1), io.SEEK_CUR)
                elif chunk == b"data":
                    if not block_align or size in (0, 0xFFFFFFFF):  # 0 and ~0: "unknown" (written to a pipe)
                        return None
                    return size // block_align
                else:
                    fh.seek(size + (size & 1), io.SEEK_CUR)
    except OSError:
        return None
    return None


def _ogg_ends_cleanly(path: str) -> bool:
    """Whether an Ogg file's last page is complete and carries the end-of-stream flag (cut files lack it)."""
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 140_000))  # a page is at most 65,307 bytes
        tail = fh.read()
    pos = tail.rfind(b"OggS")
    while pos >= 0:
        header = tail[pos : pos + 27]
        if len(header) == 27 and header[4] == 0:
            lacing = tail[pos + 27 : pos + 27 + header[26]]
            end = pos + 27 + header[26] + sum(lacing)
            if len(lacing) < header[26] or end > len(tail):
                return False  # the last page is incomplete
            if end == len(tail):
                return bool(header[5] & 0x04)
        pos = tail.rfind(b"OggS", 0, pos)
    return True  # nothing to tell by: no warning
