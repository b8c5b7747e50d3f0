"""What a page plays, shows and offers to download: players, downloads, figures, media a rerun cannot take away."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from jamwithme.audio import AudioFormat
from jamwithme.service import SongInfo
from jamwithme.text import safe_name
from ui import state
from ui.progress import background
from ui.server import service

logger = logging.getLogger("jamwithme")

FORMAT_LABELS = {"WAV (16-bit)": "wav", "WAV (24-bit)": "wav24", "FLAC": "flac", "MP3 (320 kb/s)": "mp3"}
FORMAT_NAMES = {"wav": "WAV 16-bit", "wav24": "WAV 24-bit", "flac": "FLAC", "mp3": "MP3"}


@st.cache_data(show_spinner=False, max_entries=32)
def figure_png(key: str, kind: str, _make: Callable[[], Any]) -> str:
    """A figure of a stored result, a PNG in a ``data:`` URL for ``st.image``, drawn once per server (drawing is slow).

    Not a ``/media/`` URL: Streamlit forgets a media file as soon as a run ends
    without drawing it, which a rerun cut short by the next one does, and the
    browser then gets a 404 for an image still on the page. The PNG travels in
    the page instead (tens of kB a figure).
    """
    import base64

    from jamwithme.figures import to_png

    return "data:image/png;base64," + base64.b64encode(to_png(_make())).decode("ascii")


#: Bytes of media :func:`kept_media_url` keeps served, the latest kept: a few songs' stems (MP3, 2.4 MB a minute).
KEPT_MEDIA_BYTES = 256 * 1024 * 1024
#: The session id the kept media are registered under: no real session has it, so they are never orphans.
KEPT_MEDIA_SESSION = "jamwithme-kept-media"
_kept_sizes: dict[int, dict[str, int]] = {}  # per media file manager: {name: bytes}, the oldest first


def _kept_register(manager=None) -> tuple[Any, dict[str, dict[str, str]] | None]:
    """This server's media file manager (``manager`` if given) and its register of files by session.

    ``(None, None)`` outside a Streamlit server (under ``AppTest``);
    ``(manager, None)`` where this Streamlit keeps no such register (files
    cannot be kept in it). What :func:`kept_media_url` and
    :func:`kept_download` keep is registered there under
    :data:`KEPT_MEDIA_SESSION`.
    """
    from streamlit.runtime import Runtime
    from streamlit.runtime.media_file_manager import MediaFileManager

    if manager is None:
        manager = Runtime.instance().media_file_mgr if Runtime.exists() else None
    if not isinstance(manager, MediaFileManager):
        return None, None
    by_session = getattr(manager, "_files_by_session_and_coord", None)  # Streamlit 1.52's own register
    return manager, by_session if isinstance(by_session, dict) else None


def kept_media_url(data: bytes, mimetype: str, name: str, *, manager=None) -> str | bytes:
    """A ``/media/`` URL serving ``data`` that a rerun cut short cannot take away (e.g. a stem for the player).

    Streamlit deletes a media file as soon as a run ends without adding it
    again, and a run cut short by the next rerun does: the browser, still
    fetching the practice player's stems, got a 404 and the player stayed at
    "Loading the stems…". The file is also registered under
    :data:`KEPT_MEDIA_SESSION` by ``name`` (a new file under the same name
    replaces the old), so it stays served while it is among the latest
    :data:`KEPT_MEDIA_BYTES`. Outside a Streamlit server (under ``AppTest``)
    the bytes come back as they are.
    """
    manager, by_session = _kept_register(manager)
    if manager is None:
        return data
    url = manager.add(data, mimetype, name)
    file_id = url.rsplit("/", 1)[-1].split(".", 1)[0]
    if by_session is None:
        logger.warning("this Streamlit's media files cannot be kept: %s may 404 after a rerun", name)
        return url
    with manager._lock:
        kept = by_session.setdefault(KEPT_MEDIA_SESSION, {})
        sizes = _kept_sizes.setdefault(id(manager), {})
        kept.pop(name, None)
        sizes.pop(name, None)
        kept[name], sizes[name] = file_id, len(data)
        while len(sizes) > 1 and sum(sizes.values()) > KEPT_MEDIA_BYTES:
            oldest = next(iter(sizes))
            del sizes[oldest]
            kept.pop(oldest, None)  # served on while a session shows it; then an orphan like any other
    return url


#: Download buttons whose data is made on the click that :func:`kept_download` keeps answering, the latest kept.
KEPT_DOWNLOADS = 256


def kept_download(draw: Callable[[], Any], *, manager=None) -> Any:
    """``draw()`` (a ``st.download_button`` whose data is a callable), its click answered after the next rerun too.

    Streamlit gives such a button a new file id on every run and forgets the
    last one when the run ends; a click that reaches the server before the
    browser has the new id (the button looked the same) downloaded nothing
    ("Deferred file … not found" in the log), most often while a rerun was
    cut short by the next. The ids are registered under
    :data:`KEPT_MEDIA_SESSION` too, so the latest :data:`KEPT_DOWNLOADS`
    stay valid; each holds only the callable, which encodes on the click.
    """
    manager, by_session = _kept_register(manager)
    deferred = getattr(manager, "_deferred_callables", None)  # Streamlit 1.52's own register
    if by_session is None or not isinstance(deferred, dict):
        return draw()
    with manager._lock:
        before = set(deferred)
    drawn = draw()
    with manager._lock:
        kept = by_session.setdefault(KEPT_MEDIA_SESSION, {})
        for file_id in set(deferred) - before:
            kept[f"download:{file_id}"] = file_id
        downloads = [name for name in kept if name.startswith("download:")]  # the oldest first
        for name in downloads[: max(0, len(downloads) - KEPT_DOWNLOADS)]:
            del kept[name]  # an orphan like any other once no session shows it
    return drawn


#: Files made by a download's click that :func:`keep_made_downloads` keeps served, the latest kept.
KEPT_MADE_DOWNLOADS = 8


def keep_made_downloads(manager_class=None) -> None:
    """Keep the file a download's click made served until the browser fetches it (once per process; idempotent).

    In Streamlit 1.52 a download whose data is made on the click (``data`` a callable) is made on the
    server, and the browser is sent its ``/media/`` URL to fetch. That file belongs to no session, so the
    orphan sweep at the end of every run marks it, and the next sweep deletes it. With a page's fragments
    polling every second, two runs can end before the browser's request comes: it got a 500 ("No media file
    with id …") and the download failed (a CI run's 24-bit WAV). The file is registered under
    :data:`KEPT_MEDIA_SESSION` as well, the latest :data:`KEPT_MADE_DOWNLOADS` kept within
    :data:`KEPT_MEDIA_BYTES` (the latest always); a file let go is an orphan like any other.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    owner = manager_class or MediaFileManager
    execute = owner.execute_deferred
    if getattr(execute, "jamwithme_kept", False):
        return

    @functools.wraps(execute)
    def execute_deferred(self, file_id: str) -> str:
        url = execute(self, file_id)
        made = url.rsplit("/", 1)[-1].split(".", 1)[0]
        by_session = getattr(self, "_files_by_session_and_coord", None)
        if isinstance(by_session, dict):
            with self._lock:
                kept = by_session.setdefault(KEPT_MEDIA_SESSION, {})
                kept.pop(f"made:{made}", None)
                kept[f"made:{made}"] = made
                done = [name for name in kept if name.startswith("made:")]  # the oldest first
                sizes = [_stored_size(self, kept[name]) for name in done]
                while len(done) > 1 and (len(done) > KEPT_MADE_DOWNLOADS or sum(sizes) > KEPT_MEDIA_BYTES):
                    del kept[done.pop(0)]  # a 24-bit WAV of 20 minutes is 0.3 GB: a few, not a pile
                    sizes.pop(0)
        return url

    execute_deferred.jamwithme_kept = True  # type: ignore[attr-defined]
    owner.execute_deferred = execute_deferred


def _stored_size(manager, file_id: str) -> int:
    try:
        return len(manager._storage.get_file(file_id).content)
    except Exception:  # gone already, or a storage that holds no bytes here
        return 0


def stem_of(name: str) -> str:
    """A song's file name without its extension."""
    return name.rsplit(".", 1)[0]


def played(key: str, clip: str) -> tuple[bytes, str]:
    """What an audio player plays of one clip of a result, at once: its MP3 if made, else its FLAC.

    The FLAC is made here if need be (a second for 3 minutes; the MP3 takes 14 s on a busy 2-core
    machine and is made in the background, :func:`mp3`). A player keeps what it played first while the
    session stays on the page (:func:`ui.state.played_format`): the page runs again when an MP3 or a
    download is made, and a player switched to the MP3 then started again from its beginning. Leaving
    the page and coming back, it plays the MP3, a fifth of the FLAC held in memory while a page shows it.

    Returns
    -------
    (bytes, str)
        The encoded clip and its MIME type.
    """
    svc, song_id = service(), state.song_id()
    name = f"{key}/{clip}"
    made = lambda: svc.stored("encoded", song_id, encoding(key, clip, "mp3"))  # noqa: E731
    if state.played_format(name, lambda: "mp3" if made() else "flac") == "mp3":
        if made():
            return svc.encoded(song_id, key, clip, "mp3"), "audio/mpeg"
        state.forget_played(name)  # evicted since: the FLAC, at once
        state.played_format(name, lambda: "flac")
    return svc.encoded(song_id, key, clip, "flac", here=True), "audio/flac"


def encoding(key: str, clip: str, fmt: str) -> dict[str, str]:
    """The settings of the ``encoded`` job making one clip of a result in ``fmt``."""
    return {"of": key, "clip": clip, "format": fmt}


def mp3(key: str, clip: str, label: str) -> bytes | None:
    """The MP3 of one clip of a result if made; else ``None`` and it is made in the background, its progress
    shown under ``label`` (:func:`ui.progress.background`): the page runs again when it is made."""
    if background("encoded", encoding(key, clip, "mp3"), label) is None:
        return None
    return service().encoded(state.song_id(), key, clip, "mp3")


def stem_urls(song_id: str, sources: dict[str, tuple[str, str]], what: str) -> dict[str, str | bytes] | None:
    """The practice player's stems (``{name: (result key, clip)}``) as kept URLs of their MP3s, or ``None``
    while they are made in the background, with progress ("Preparing the vocals for the player (MP3)")."""
    made = {name: mp3(of, clip, f"Preparing the {name} for {what} (MP3)") for name, (of, clip) in sources.items()}
    if any(data is None for data in made.values()):
        return None
    # served on even when a rerun is cut short while the browser fetches them (else a 404, "Loading the stems…")
    return {name: kept_media_url(data, "audio/mpeg", f"stem.{song_id[:16]}.{name}") for name, data in made.items()}


def audio(key: str, clip: str) -> None:
    """An audio player playing one clip of a result at once (:func:`played`)."""
    data, mime = played(key, clip)
    # Kept served like the practice player's stems: a run cut short by a rerun (a widget changed, another
    # page opened, a download made) dropped the file the <audio> was still fetching (a 404 in a fresh-clone
    # CI on the busy machine). st.audio adds the same bytes under the same file id, which the keeping holds.
    kept_media_url(data, mime, f"player.{key[:24]}.{clip}.{mime}")
    st.audio(data, format=mime)


def player(key: str, clip: str, *, file_stem: str, fmt: str, widget_key: str) -> None:
    """An audio player playing one clip of a result at once (:func:`played`), and its download in ``fmt``.

    The download is made in the background (:func:`download`).
    """
    audio(key, clip)
    download(key, clip, file_stem=file_stem, fmt=fmt, widget_key=widget_key)


def download(key: str, clip: str, *, file_stem: str, fmt: str, widget_key: str) -> None:
    """A download of one clip of a result in ``fmt``: made once by a stored job, in the background with its
    progress shown here, then the button (an MP3 clicked before it was made was made on the click, 14 s
    for 3 minutes with nothing shown)."""
    svc, song_id = service(), state.song_id()
    fmt_enum = AudioFormat.parse(fmt)
    name = FORMAT_NAMES.get(fmt_enum.value, fmt_enum.extension.upper())
    if background("encoded", encoding(key, clip, fmt_enum.value), f"Making the {clip} download ({name})") is None:
        return
    kept_download(  # read on the click, and that click answered even when a rerun came between
        lambda: st.download_button(
            f"Download {clip} ({name})",
            data=lambda: svc.encoded(song_id, key, clip, fmt_enum.value),
            file_name=fmt_enum.file_name(safe_name(file_stem)),
            mime=fmt_enum.mime,
            key=widget_key,
            on_click="ignore",
            icon=":material/download:",
        )
    )


def format_picker(widget_key: str) -> str:
    labels = list(FORMAT_LABELS)
    label = st.selectbox("Download format", labels, key=state.widget(widget_key, labels[0]))
    return FORMAT_LABELS[label]


def waveform(info: SongInfo) -> None:
    """The song's waveform."""
    from jamwithme import figures

    svc = service()
    st.image(figure_png(info.id, "waveform", lambda: figures.waveform_figure(svc.clip(info.id), None)), width="stretch")
