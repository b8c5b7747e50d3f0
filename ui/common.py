"""Shared pieces of the pages: server-wide resources, job progress, players and downloads."""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import streamlit as st

from jamwithme import audio
from jamwithme.audio import AudioClip, AudioFormat
from jamwithme.cache import DiskCache, result_key
from jamwithme.errors import BusyError, JamWithMeError
from jamwithme.jobs import JobState, LocalJobQueue
from ui import state

logger = logging.getLogger("jamwithme")

FORMAT_LABELS = {"WAV (16-bit)": "wav", "WAV (24-bit)": "wav24", "FLAC": "flac", "MP3 (320 kb/s)": "mp3"}


# --------------------------------------------------------------------------- server-wide resources


@st.cache_resource(show_spinner=False)
def job_queue() -> LocalJobQueue:
    """One queue per server: separations run one at a time, every session sees its place in line."""
    return LocalJobQueue(workers=1, max_pending=32)


class _Recent(OrderedDict):
    """A small least-recently-used dict (analyses are small, but sessions come and go)."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
        return super().get(key, default)

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


@st.cache_resource(show_spinner=False)
def shared_analyses() -> _Recent:
    """Beat analyses by song, source and settings, shared by sessions: another take only walks and renders."""
    return _Recent(64)


@st.cache_resource(show_spinner="Loading Spleeter's model (once per server)…")
def separator():
    """Spleeter's model, built once per server and shared by every session (it is thread-safe)."""
    from jamwithme.separation import get_separator

    return get_separator()


@st.cache_resource(show_spinner=False)
def disk_cache() -> DiskCache:
    """Results on disk, keyed by content hash: they survive page switches, reloads and restarts."""
    return DiskCache()


# --------------------------------------------------------------------------- errors


@contextmanager
def friendly_errors(action: str):
    """Show library errors as a sentence; the page and what the user has stay as they are."""
    try:
        yield
    except BusyError as exc:
        st.warning(f"The server is busy: {exc}")
    except JamWithMeError as exc:
        st.error(f"Could not {action}: {exc}")
    except Exception as exc:  # a bug: say so plainly, log the details, keep the page up
        logger.exception("unexpected error while trying to %s", action)
        st.error(f"Could not {action} because of an unexpected problem ({type(exc).__name__}). It has been logged.")


def require_song() -> state.Song | None:
    song = state.song()
    if song is None:
        st.info("Load a song first: upload a file, paste a link, or try the demo on the **Load** page.")
        st.page_link("pages/load.py", label="Go to Load", icon=":material/upload_file:")
    return song


# --------------------------------------------------------------------------- results and jobs


def cached_result(key: str) -> dict[str, AudioClip] | None:
    """A result from this session's memory, else from the server's disk cache."""
    found = state.results().get(key)
    if found is None:
        found = disk_cache().get(key)
        if found is not None:
            state.results()[key] = found
    return found


def run_job(key: str, label: str, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any | None:
    """Run ``fn`` on the server's queue (shared by every session) and show its progress.

    The job is keyed by ``key``: if this or another session already queued the
    same work, this waits for that job instead of starting another. If the user
    leaves the page, the job goes on, and coming back picks it up again.
    """
    q = job_queue()
    job_id = state.jobs().get(key)
    if job_id is None:
        job_id = q.submit(fn, *args, key=key, **kwargs)
        state.jobs()[key] = job_id
    with st.status(label, expanded=True) as box:
        bar = st.progress(0.0, text="Starting")
        try:
            while True:
                s = q.status(job_id)
                if s.state is JobState.QUEUED:
                    bar.progress(0.0, text=f"Waiting in line: {s.position} job(s) ahead of yours")
                elif s.state is JobState.RUNNING:
                    bar.progress(s.progress, text=f"{s.progress:.0%}")
                if s.finished:
                    break
                time.sleep(0.2)
            value = q.result(job_id)
        except Exception:
            # The job failed. (A page switch or rerun raises BaseException instead: the job
            # goes on, and its id stays in the session so coming back picks it up.)
            state.jobs().pop(key, None)
            q.discard(job_id)
            box.update(label=f"{label}: failed", state="error", expanded=False)
            raise
        state.jobs().pop(key, None)
        q.discard(job_id)  # the session keeps the result; the queue need not
        bar.progress(1.0, text="Done")
        box.update(label=f"{label}: done", state="complete", expanded=False)
    return value


def pending_job(key: str) -> bool:
    """Whether this session has work under ``key`` queued or running (e.g. before a page switch)."""
    job_id = state.jobs().get(key)
    if job_id is None:
        return False
    try:
        job_queue().status(job_id)  # finished or not, its result is still to be collected
        return True
    except JamWithMeError:
        state.jobs().pop(key, None)
        return False


def use_song(song: state.Song) -> None:
    """Make ``song`` the session's song, and remember it on the server so a reloaded tab finds it again."""
    state.set_song(song)
    disk_cache().put(f"{song.hash[:32]}-song", {"mix": song.clip})
    st.query_params["song"] = song.hash
    st.query_params["name"] = song.name


def restore_song_from_url() -> None:
    """After a browser reload the session is new: bring back the song the URL names, if the server has it."""
    if state.song() is not None:
        return
    digest = st.query_params.get("song")
    if not digest or not re.fullmatch(r"[0-9a-f]{64}", digest):
        return
    found = disk_cache().get(f"{digest[:32]}-song")
    if found is not None:
        name = st.query_params.get("name") or "song"
        state.set_song(state.Song(found["mix"], name, digest, "restored"))


def figure_png(entry: tuple, make: Callable[[], Any]) -> bytes:
    """A matplotlib figure rendered once to PNG and kept for the session (figures are slow to draw)."""
    from jamwithme.figures import to_png

    cache = state.encoded()
    if entry not in cache:
        cache[entry] = to_png(make())
    return cache[entry]


def analysis_key(song: state.Song, source: str = "Whole song", clusters: int | None = None) -> str:
    return song_key(song, "analysis", source=source, clusters=clusters)


def analysis_job(clip: AudioClip, key: str, *, clusters: int | None = None, progress=None):
    """Beat analysis through the server-wide store, so every page and session reuses it."""
    from jamwithme.beats import analyze

    analyses = shared_analyses()  # job threads must not touch st.session_state
    found = analyses.get(key)
    if found is None:
        found = analyze(clip, clusters=clusters, progress=progress)
        analyses[key] = found
    return found


def analysis_for(song: state.Song):
    """The whole song's beat analysis if the server has made it (Load or Beat remix page), else ``None``."""
    return shared_analyses().get(analysis_key(song))


def find_beats(song: state.Song):
    key = analysis_key(song)
    return run_job(key, "Finding the tempo and beats", analysis_job, song.clip, key)


def song_figure(song: state.Song) -> float | None:
    """Draw the song's waveform (with beat lines once known); return the tempo once known."""
    from jamwithme import figures

    analysis = analysis_for(song)
    png = figure_png(
        (song.hash, "waveform", analysis is not None), lambda: figures.waveform_figure(song.clip, analysis)
    )
    st.image(png, width="stretch")
    return float(analysis.tempo) if analysis is not None else None


def separated(song: state.Song) -> dict[str, AudioClip] | None:
    """The song's stems if it has been separated (full band preferred), without separating it."""
    for band in ("full", "spleeter"):
        found = cached_result(song_key(song, "separate", band=band))
        if found is not None:
            return found
    return None


class StemSources(dict):
    """What a page can work on, by label: the separated stems (when there are) and the whole song."""

    STEMS = {"Jam track (accompaniment)": "accompaniment", "Vocals": "vocals", "Whole song": None}

    def stem_of(self, label: str) -> str | None:
        return self.STEMS.get(label)


def stem_sources(song: state.Song) -> StemSources:
    sources = StemSources()
    stems = separated(song)
    if stems is not None:
        sources["Jam track (accompaniment)"] = stems["accompaniment"]
        sources["Vocals"] = stems["vocals"]
    sources["Whole song"] = song.clip
    return sources


def song_key(song: state.Song, operation: str, **params) -> str:
    return result_key(song.hash, operation, **params)


# --------------------------------------------------------------------------- players and downloads


def encoded_preview(key: str, name: str, clip: AudioClip) -> bytes:
    """WAV bytes for ``st.audio``, encoded once per session."""
    return _encoded(key, name, clip, "wav")


def _encoded(key: str, name: str, clip: AudioClip, fmt: str) -> bytes:
    cache = state.encoded()
    entry = (key, name, fmt)
    if entry not in cache:
        cache[entry] = audio.encode(clip, fmt)
    return cache[entry]


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._+-]+", "_", text).strip("_") or "song"


def player(key: str, name: str, clip: AudioClip, *, file_stem: str, fmt: str, widget_key: str) -> None:
    """An audio player and a download button for one result."""
    st.audio(encoded_preview(key, name, clip), format="audio/wav")
    fmt_enum = AudioFormat.parse(fmt)
    st.download_button(
        f"Download {name} ({fmt_enum.extension.upper()})",
        data=lambda: _encoded(key, name, clip, fmt),
        file_name=f"{safe_name(file_stem)}.{fmt_enum.extension}",
        mime=fmt_enum.mime,
        key=widget_key,
        on_click="ignore",
        icon=":material/download:",
    )


def format_picker(widget_key: str) -> str:
    label = st.selectbox("Download format", list(FORMAT_LABELS), key=widget_key)
    return FORMAT_LABELS[label]
