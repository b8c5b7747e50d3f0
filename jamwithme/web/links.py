"""A YouTube (or other media) link becomes a song, through yt-dlp and the bundled ffmpeg.

The link is first inspected without downloading: playlists are refused, and a
video the site says is longer than the duration cap or bigger than the size cap
is refused before a byte of it is fetched. The audio is then downloaded (the
best audio-only format where the site has one), with yt-dlp's own size cap,
and decoded by :func:`jamwithme.audio.load`, which applies every check again.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from jamwithme.audio import AudioClip, Limits, ffmpeg_exe, load
from jamwithme.errors import DownloadError, InputTooLargeError
from jamwithme.service.leftovers import private_folder

logger = logging.getLogger("jamwithme")


@dataclass(frozen=True)
class LinkedSong:
    """A song fetched from a link: the decoded clip and what the site called it."""

    clip: AudioClip
    title: str
    url: str
    data: bytes  # the downloaded file, so the song's content hash is the file's
    #: What the user should be told about the song (cut short, silent); see :func:`jamwithme.audio.load`.
    notices: tuple[str, ...] = ()


class _Quiet:
    """yt-dlp logger: keep its chatter in our log, not on the console."""

    def debug(self, msg: str) -> None:
        logger.debug("yt-dlp: %s", msg)

    def info(self, msg: str) -> None:
        logger.debug("yt-dlp: %s", msg)

    def warning(self, msg: str) -> None:
        logger.info("yt-dlp: %s", msg)

    def error(self, msg: str) -> None:
        logger.info("yt-dlp: %s", msg)


def _explain(exc: Exception, url: str) -> str:
    """Turn yt-dlp's error into a sentence a musician can act on."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).replace("ERROR: ", "").strip()
    low = text.lower()
    if "private video" in low or "sign in" in low or "members-only" in low:
        return f"This video is private or needs a login, so it can't be fetched ({url})."
    if "video unavailable" in low or "has been removed" in low or "no longer available" in low:
        return f"This video is unavailable or was removed ({url})."
    if "unsupported url" in low or "no video formats" in low or "no media" in low:
        return f"No audio or video was found at this link ({url}). Paste a link to a single video or an audio file."
    if re.search(r"http error (404|410)", low):
        return f"Nothing is at this link (HTTP 404): check the address ({url})."
    if re.search(r"http error (401|403)", low):
        return f"The site refused access to this link ({url})."
    if "http error" in low:
        return f"The site answered with an error ({text.split(':')[-1].strip()}) for {url}."
    if any(s in low for s in ("connection refused", "name or service not known", "timed out", "unreachable",
                              "failed to resolve", "temporary failure in name resolution", "network is")):  # fmt: skip
        return f"The site for {url} did not answer: check the link and your connection."
    if "file is larger than max-filesize" in low or "larger than max" in low:
        return "The file at this link is bigger than the size limit."
    return f"No audio came from {url}: {text}"


def _check_url(url: str) -> str:
    url = (url or "").strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise DownloadError(f"'{url}' is not a web link: paste an address starting with https://")
    return url


def fetch(
    url: str,
    *,
    limits: Limits | None = None,
    progress: Callable[[float], None] | None = None,
    timeout: float = 30.0,
) -> LinkedSong:
    """Download the audio of one video or media file and decode it.

    Parameters
    ----------
    url : str
        An http(s) link to a single video (YouTube or any site yt-dlp knows) or a media file.
    limits : Limits, optional
        Duration and size caps, applied before downloading where the site tells
        the length, and again while decoding.
    progress : callable, optional
        Receives the fraction downloaded, 0 to 1.
    timeout : float
        Network socket timeout in seconds.

    Returns
    -------
    LinkedSong

    Raises
    ------
    DownloadError
        Not a web link, a playlist, unreachable, private, removed, or no media there.
    InputTooLargeError
        The site says the video is longer or bigger than the caps.
    AudioLoadError
        What was downloaded is not usable audio.

    Examples
    --------
    >>> song = fetch("https://www.youtube.com/watch?v=...")  # doctest: +SKIP
    >>> song.title, song.clip.duration  # doctest: +SKIP
    """
    import yt_dlp

    url = _check_url(url)
    limits = limits or Limits()
    base = {
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "logger": _Quiet(),
        "noplaylist": True,
        "socket_timeout": timeout,
        "ffmpeg_location": ffmpeg_exe(),
        "format": "bestaudio/best",
        "max_filesize": limits.max_bytes,
        "retries": 1,
        "fragment_retries": 1,
        "cachedir": False,
    }
    try:
        with yt_dlp.YoutubeDL(base) as ydl:
            info = ydl.extract_info(url, download=False, process=False)
    except yt_dlp.utils.DownloadError as exc:
        raise DownloadError(_explain(exc, url)) from None
    if info is None:
        raise DownloadError(f"No audio or video was found at this link ({url}).")
    if info.get("_type") in ("playlist", "multi_video") or info.get("entries") is not None:
        raise DownloadError(
            "This link is a playlist. Paste the link of one video (open the video and copy its address)."
        )
    title = info.get("title") or Path(urlparse(url).path).stem or "song"
    duration = info.get("duration")
    if duration and duration > limits.max_duration + 1:
        minutes = limits.max_duration / 60
        raise InputTooLargeError(
            f"'{title}' is {duration / 60:.1f} minutes long, more than the {minutes:g}-minute limit"
        )
    size = info.get("filesize") or info.get("filesize_approx")
    if size and size > limits.max_bytes:
        raise InputTooLargeError(
            f"'{title}' is {size / 1e6:.0f} MB, more than the {limits.max_bytes / 1e6:.0f} MB limit"
        )

    def hook(d: dict) -> None:
        if progress is None or d.get("status") != "downloading":
            return
        total = d.get("total_bytes") or d.get("total_bytes_estimate")
        if total:
            progress(min(1.0, d.get("downloaded_bytes", 0) / total))

    # Named with this process's id: if it is killed mid-download, the next start sweeps the folder away.
    tmp = private_folder("jamwithme-link-")
    try:
        options = dict(base, outtmpl=str(Path(tmp) / "download.%(ext)s"), progress_hooks=[hook])
        try:
            with yt_dlp.YoutubeDL(options) as ydl:
                ydl.download([url])
        except yt_dlp.utils.DownloadError as exc:
            raise DownloadError(_explain(exc, url)) from None
        files = [p for p in Path(tmp).iterdir() if p.is_file() and not p.name.endswith((".part", ".ytdl"))]
        if not files:
            raise InputTooLargeError(f"'{title}' is bigger than the {limits.max_bytes / 1e6:.0f} MB limit")
        path = max(files, key=lambda p: p.stat().st_size)
        if path.stat().st_size > limits.max_bytes:
            raise InputTooLargeError(f"'{title}' is bigger than the {limits.max_bytes / 1e6:.0f} MB limit")
        data = path.read_bytes()  # kept for the song's content hash
        notices: list[str] = []
        clip = load(path, limits=limits, name=title, notices=notices)  # the downloaded file: no second copy
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if progress is not None:
        progress(1.0)
    return LinkedSong(clip=clip, title=title, url=url, data=data, notices=tuple(notices))
