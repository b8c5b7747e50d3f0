"""Shared pieces of the pages: the service, job progress, the song from the URL, players and downloads.

Pages call the service (:mod:`jamwithme.service`) and nothing else does work:
no job is defined here or in ``app_pages/``. What a session keeps is references
(the song's id, settings, job ids), see :mod:`ui.state`.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import streamlit as st

from jamwithme import settings as jwm_settings
from jamwithme.audio import AudioFormat
from jamwithme.errors import AudioLoadError, BusyError, JamWithMeError
from jamwithme.service import JobState, JobStatus, Service, SongInfo, default_service
from jamwithme.service.jobs import JobSettings, parse_settings
from jamwithme.text import mmss, safe_name
from ui import state

logger = logging.getLogger("jamwithme")

FORMAT_LABELS = {"WAV (16-bit)": "wav", "WAV (24-bit)": "wav24", "FLAC": "flac", "MP3 (320 kb/s)": "mp3"}
FORMAT_NAMES = {"wav": "WAV 16-bit", "wav24": "WAV 24-bit", "flac": "FLAC", "mp3": "MP3"}
#: Polls of a running job per second.
POLL = 0.25


# --------------------------------------------------------------------------- server-wide resources


class _Stderr(logging.StreamHandler):
    """A handler that writes to whatever ``sys.stderr`` is when it writes (test runners swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


@st.cache_resource(show_spinner=False)
def service() -> Service:
    """The server's service: one store and one queue shared by every session (settings checked here)."""
    jwm_settings.check()
    if not logger.handlers:  # the server's log says what work ran (and the tests count it)
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s jamwithme: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # a library that configures the root logger would print every line twice
    return default_service()


@st.cache_resource(show_spinner=False)
def preload_model() -> threading.Thread:
    """Load Spleeter's model in the background once per server, so the first separation does not wait for it."""

    def load() -> None:
        try:
            from jamwithme.separation import get_separator

            get_separator()
        except JamWithMeError as exc:  # shown when a separation is asked for
            logger.warning("the separation model could not be preloaded: %s", exc)

    thread = threading.Thread(target=load, name="jamwithme-preload", daemon=True)
    thread.start()
    return thread


def model_ready() -> bool:
    return not preload_model().is_alive()


# --------------------------------------------------------------------------- errors and text


@contextmanager
def friendly_errors(action: str):
    """Show library errors as a sentence; the page and what the user has stay as they are."""
    try:
        yield
    except BusyError as exc:
        st.warning(f"The server is busy: {exc}")
    except JamWithMeError as exc:
        st.error(f"Could not {action}: {escape(str(exc))}")
    except Exception as exc:  # a bug: say so plainly, log the details, keep the page up
        logger.exception("unexpected error while trying to %s", action)
        st.error(f"Could not {action} because of an unexpected problem ({type(exc).__name__}). It has been logged.")


#: What Markdown would turn into a link by itself (GFM autolinks): shown as code instead.
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)


def escape(text: str) -> str:
    r"""``text`` shown literally in Markdown (file names keep their underscores and asterisks).

    A web address is set as code: Markdown would make a link of it and show
    any escape inside it (``127\.0\.0\.1``) instead of reading it.

    Examples
    --------
    >>> escape("my_song*.mp3")
    'my\\_song\\*\\.mp3'
    >>> escape("Nothing at http://127.0.0.1:8000/a_b.mp3.")
    'Nothing at `http://127.0.0.1:8000/a_b.mp3`\\.'
    """
    out, end = [], 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?'\"")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        out += [_markdown_literal(text[end : match.start()]), f"`{url.replace('`', '%60')}`"]
        end = match.start() + len(url)
    return "".join(out + [_markdown_literal(text[end:])])


def _markdown_literal(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+\-.!|~$])", r"\\\1", text)


def said(exc: JamWithMeError, *, named: str | None = None) -> str:
    """The error's sentence for a page, escaped; without the file's name when the page says ``named`` already.

    A file that is not audio reads "Could not load x.mp3: this is not audio we
    can read, or the file is damaged" and not the file name twice with what
    each decoder reported (that goes to the log).
    """
    if named is not None and isinstance(exc, AudioLoadError) and exc.name:
        if exc.detail:
            logger.info("%s: %s (%s)", exc.name, exc.reason, exc.detail)
        return escape(exc.reason)
    return escape(str(exc))


def notice(kind: str, text: str) -> None:
    """A message to show at the top of the next run (after an ``st.rerun``)."""
    st.session_state[state.NOTICE] = (kind, text)


def show_notice() -> None:
    kind, text = st.session_state.pop(state.NOTICE, (None, None))
    if kind:
        getattr(st, kind)(text)


# --------------------------------------------------------------------------- the song


def song() -> SongInfo | None:
    """The session's song, if the server still has it."""
    song_id = state.song_id()
    if song_id is None:
        return None
    found = service().song(song_id)
    if found is None:
        state.set_song(None)
        notice("warning", "The song this page named is no longer on the server (it was removed to make room).")
    return found


def require_song() -> SongInfo | None:
    found = song()
    if found is None:
        st.info("Load a song first: upload a file, paste a link, or try the demo on the **Load** page.")
        st.page_link("app_pages/load.py", label="Go to Load", icon=":material/upload_file:")
    return found


def use_song(info: SongInfo) -> None:
    """Make ``info`` the session's song and name it in the URL (a reload on any page finds it)."""
    state.set_song(info.id)
    sync_url()


def sync_url() -> None:
    """Keep the song and this tab's settings in the URL on every page (navigation drops query params)."""
    song_id, tab = state.song_id(), state.tab_id()
    wanted = {"tab": tab, **({"song": song_id} if song_id else {})}
    if {k: st.query_params.get(k) for k in ("tab", "song")} != {**{"song": None}, **wanted}:
        st.query_params.from_dict(wanted)


def restore_session() -> None:
    """On a new session (a reload), bring back the song and the settings the URL names."""
    if state.SAVED in st.session_state:
        return
    tab = state.restored_tab()  # read only: this session saves under an id of its own (ui/state.py)
    entry = service().store.get(_session_key(tab)) if tab else None
    if entry is not None:
        state.load_values(entry.read_bytes("settings.json").decode())
    song_id = st.query_params.get("song")
    if song_id and re.fullmatch(r"[0-9a-f]{64}", song_id) and state.song_id() is None:
        if service().song(song_id) is not None:
            state.set_song(song_id)
    # Settings brought from another tab id are saved under this session's own at the end of the run.
    st.session_state[state.SAVED] = None if entry is not None else state.settings_json()


def save_session() -> None:
    """Keep this tab's settings on the server (only when they changed) so a reload finds them."""
    state.remember_all()
    text = state.settings_json()
    if text == st.session_state.get(state.SAVED):
        return
    store = service().store
    key = _session_key(state.tab_id())
    store.delete(key)
    with store.writer(key) as staging:
        staging.write_bytes("settings.json", text.encode())
        staging.meta["kind"] = "session"
    st.session_state[state.SAVED] = text


def _session_key(tab: str) -> str:
    return f"session-{tab}"


# --------------------------------------------------------------------------- jobs


def job(name: str, settings: JobSettings | dict[str, Any], label: str, *, start: bool = True) -> str | None:
    """The result key of job ``name`` on the session's song: stored already, or run now with progress shown.

    With ``start=False`` only a stored result or a job this session already
    waits on is followed; nothing new is queued. The job runs on the server's
    queue, shared with every session: if another session queued the same work,
    this one waits for that job. If the user leaves the page, the job goes on,
    and coming back picks it up again.

    Returns
    -------
    str or None
        The result key, or ``None`` if nothing is stored and nothing was started.
    """
    song_id = state.song_id()
    svc = service()
    settings = parse_settings(name, settings)  # parsed once: the key and the job take this model
    key = svc.key(name, song_id, settings)  # computed once: submit returns this same key (a job's id is its key)
    if svc.store.has(key):
        return key
    if key not in state.jobs():
        if not start:
            return None
        key = svc.submit(name, song_id, settings)
        state.jobs()[key] = label
    follow(key, label)
    return key


def start_button(label: str, **kwargs) -> bool:
    """A button that starts a job and goes from the page once pressed (``kwargs`` as for ``st.button``).

    Drawn in a placeholder emptied on the click: the job's progress, then its
    result, take its place in the same run. Left standing, "Separate" or "Show the
    melody" stayed above the finished result until the next interaction, as if
    there were still something to press.
    """
    slot = st.empty()
    if not slot.button(label, **kwargs):
        return False
    slot.empty()
    return True


def in_line(status: JobStatus) -> str:
    """Where a queued job stands: "Waiting in line: 2 jobs ahead of yours, about 0:40 to wait"."""
    eta = f", about {mmss(status.wait)} to wait" if status.wait is not None else ""
    ahead = "1 job" if status.position == 1 else f"{status.position} jobs"
    return f"Waiting in line: {ahead} ahead of yours{eta}"


def follow(key: str, label: str) -> None:
    """Show a job's place in line and progress until it is done; raise its error if it failed."""
    svc = service()
    with st.status(label, expanded=True) as box:
        bar = st.progress(0.0, text="Starting")
        try:
            while True:
                s = svc.status(key)
                if s.state is JobState.QUEUED:
                    bar.progress(0.0, text=in_line(s))
                elif s.state is JobState.RUNNING:
                    bar.progress(s.progress, text=f"{s.progress:.0%}")
                if s.finished:
                    break
                time.sleep(POLL)
            svc.wait(key)
        except JamWithMeError:
            state.jobs().pop(key, None)
            box.update(label=f"{label}: failed", state="error", expanded=False)
            raise
        state.jobs().pop(key, None)
        bar.progress(1.0, text="Done")
        box.update(label=f"{label}: done", state="complete", expanded=False)


# --------------------------------------------------------------------------- players and downloads


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


def stem_of(name: str) -> str:
    """A song's file name without its extension."""
    return name.rsplit(".", 1)[0]


def playable(key: str, clip: str) -> tuple[bytes, str]:
    """What an audio player plays of one clip of a result, at once: its MP3 when made before, else its FLAC.

    An MP3 of a 3-minute stem takes 14 s to make on a busy 2-core machine, a FLAC under a second: the Jam
    track page stood blank for 35 s between the separation's "done" and its two players. Once a clip's FLAC
    is made it stays the clip's player, so a player never changes (and stops) under the listener.

    Returns
    -------
    (bytes, str)
        The encoded clip and its MIME type.
    """
    svc, song_id = service(), state.song_id()
    mp3 = svc.stored("encoded", song_id, {"of": key, "clip": clip, "format": "mp3"})
    if mp3 is not None and svc.stored("encoded", song_id, {"of": key, "clip": clip, "format": "flac"}) is None:
        return svc.encoded(song_id, key, clip, "mp3"), "audio/mpeg"
    return svc.encoded(song_id, key, clip, "flac"), "audio/flac"


def player(key: str, clip: str, *, file_stem: str, fmt: str, widget_key: str) -> None:
    """An audio player (:func:`playable`, at once) and a download in ``fmt`` (made on the click) for one clip
    of a result."""
    svc, song_id = service(), state.song_id()
    data, mime = playable(key, clip)
    st.audio(data, format=mime)
    fmt_enum = AudioFormat.parse(fmt)
    kept_download(  # encoded on the click, and that click answered even when a rerun came between
        lambda: st.download_button(
            f"Download {clip} ({FORMAT_NAMES.get(fmt_enum.value, fmt_enum.extension.upper())})",
            data=lambda: svc.encoded(song_id, key, clip, fmt),
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


def separated_band() -> str | None:
    """The band of the song's stored separation (full preferred), or ``None`` if it has not been separated."""
    for band in ("full", "spleeter"):
        if service().stored("separate", state.song_id(), {"band": band}) is not None:
            return band
    return None


#: What a page can work on, by label: the job settings' ``source``.
SOURCES = {"Jam track (accompaniment)": "accompaniment", "Vocals": "vocals", "Whole song": "mix"}


def source_labels() -> list[str]:
    """The sources a page offers: the stems once the song is separated, and always the whole song."""
    return list(SOURCES) if separated_band() is not None else ["Whole song"]


# --------------------------------------------------------------------------- what the music is, found unasked


def song_analysis(info: SongInfo):
    """The song's musical analysis once the server has it; until then it is queued (no button) and polled."""
    svc = service()
    key = svc.stored("analysis", info.id, {})
    if key is not None:
        from jamwithme.service.jobs import song_analysis as read

        return read(svc.store, key)
    try:
        job_id = svc.submit("analysis", info.id, {})
    except BusyError:
        return None
    _poll_until_stored(job_id)
    return None


def _poll_until_stored(job_id: str) -> None:
    @st.fragment(run_every=1.0)
    def poll() -> None:
        status = service().status(job_id)
        if status.state is JobState.DONE:
            st.rerun()  # the whole page, now with what the job found
        elif status.state is JobState.FAILED:
            st.caption(f"The music could not be analysed: {escape(status.error or '')}")
        elif status.state is JobState.QUEUED:  # behind another session's work: say so, not "0%"
            st.caption(f"Finding the tempo, bars, key and chords. {in_line(status)}.")
        else:
            st.caption(f"Finding the tempo, bars, key and chords… {status.progress:.0%}")

    poll()


def waveform(info: SongInfo) -> None:
    """The song's waveform."""
    from jamwithme import figures

    svc = service()
    st.image(figure_png(info.id, "waveform", lambda: figures.waveform_figure(svc.clip(info.id), None)), width="stretch")
