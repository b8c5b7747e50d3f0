"""Jobs from a page and their progress: run or follow a job with its place in line, a start button, polled results.

The job runs on the server's queue, shared by every session; the session keeps
only the ids of the jobs it waits on (:mod:`ui.state`).
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from jamwithme.errors import BusyError, JamWithMeError
from jamwithme.service import JobState, JobStatus, SongInfo
from jamwithme.service.jobs import JobSettings, parse_settings
from jamwithme.text import mmss
from ui import state
from ui.messages import escape
from ui.server import service

#: Polls of a running job per second.
POLL = 0.25


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
    key, stored = _queued(name, settings, label, start=start, again=False)
    if stored:
        return key
    if key not in state.jobs():  # nothing started (``start=False``)
        return None
    follow(key, label)
    return key


#: Looks at a job made in the background per second (its progress redrawn; the page run again once it is done).
BACKGROUND_POLL = 1.0


def background(name: str, settings: JobSettings | dict[str, Any], label: str) -> str | None:
    """The result key of job ``name`` on the session's song if stored; else ``None`` at once, the job queued.

    For what a page can draw without: an MP3, a download. The job is queued
    (or joined: one job per result, shared by every session and page), and
    its place in line and progress are shown here, under ``label``, by a
    fragment that looks again every :data:`BACKGROUND_POLL` s while the rest
    of the page is drawn and used; once the result is stored the page runs
    again and has it. :func:`job` instead holds the page's run until the
    result is there, for what the page cannot draw without.

    Raises
    ------
    BusyError
        The queue is full.
    """
    key, stored = _queued(name, settings, label)
    if stored:
        return key
    _in_background(key, label)
    return None


def _in_background(key: str, label: str) -> None:
    @st.fragment(run_every=BACKGROUND_POLL)
    def look() -> None:
        svc = service()
        try:
            s = svc.status(key)
        except JamWithMeError as exc:
            st.error(f"{escape(label)}: {escape(str(exc))}")
            return
        if s.state is JobState.DONE and svc.store.has(key):
            state.jobs().pop(key, None)
            st.rerun()  # the page, now with the result
        failed = s.state is JobState.FAILED
        # Filled through the box, not inside `with`: leaving a `with st.status` marks it complete (a tick beside
        # "Waiting in line", seen by a musician while the job had not even started).
        box = st.status(f"{label}: failed" if failed else label, expanded=True, state="error" if failed else "running")
        if failed:
            box.error(escape(s.error or "the work failed"))
        elif s.state is JobState.QUEUED:
            box.progress(0.0, text=in_line(s))
        else:
            box.progress(s.progress, text=f"{s.progress:.0%}")

    look()


def start_button(label: str, name: str, settings: JobSettings | dict[str, Any], job_label: str, **kwargs) -> bool:
    """A button that queues job ``name`` with ``settings`` and goes from the page once pressed.

    ``kwargs`` as for ``st.button`` (``key`` among them). The job is queued by the button's callback, which
    Streamlit runs before the page's script: a rerun that stops the script just after the click (a player
    reporting its settings, a click elsewhere) cannot lose it. Queued in the script, the press lived only
    in that one run, and the run after showed the button again as if it had never been pressed. The page
    then finds the job waited on (:func:`job` with ``start=False``) and shows its progress.

    Drawn in a placeholder emptied on the click: the job's progress, then its
    result, take its place in the same run. Left standing, "Separate" or "Show the
    melody" stayed above the finished result until the next interaction, as if
    there were still something to press. A job that cannot be queued (the queue full)
    raises its error here, in the page, where :func:`ui.messages.friendly_errors` says why.
    """
    slot = st.empty()
    pressed = slot.button(label, on_click=_queue, args=(name, settings, job_label), **kwargs)
    failed = st.session_state.pop(QUEUE_FAILED, None)
    if failed is not None:
        raise failed
    if not pressed:
        return False
    slot.empty()
    return True


#: Where a start button's callback leaves the error that kept its job from being queued, for the page to raise.
QUEUE_FAILED = "jwm_queue_failed"


def _queue(name: str, settings: JobSettings | dict[str, Any], label: str) -> None:
    """A start button's callback: queue the job (or join the one queued) and wait on it in this session."""
    try:
        _queued(name, settings, label)
    except JamWithMeError as exc:
        st.session_state[QUEUE_FAILED] = exc


def _queued(
    name: str, settings: JobSettings | dict[str, Any], label: str, *, start: bool = True, again: bool = True
) -> tuple[str, bool]:
    """Job ``name``'s result key on the session's song, and whether the result is stored.

    If it is not stored, the job is queued (or joined: one job per result, shared by every session) and the
    session waits on it under ``label``. ``start=False`` queues nothing new. ``again=False`` leaves a job the
    session already waits on as it is, to be followed; by default it is submitted again, which joins it if it
    is still in the queue and runs it again if it failed or its result is gone (a start button pressed after
    a failure).
    """
    song_id, svc = state.song_id(), service()
    settings = parse_settings(name, settings)  # parsed once: the key and the job take this model
    key = svc.key(name, song_id, settings)  # a job's id is its key: submit returns this same key
    if svc.store.has(key):
        state.jobs().pop(key, None)
        return key, True
    if start and (again or key not in state.jobs()):
        svc.submit(name, song_id, settings)
        state.jobs()[key] = label
    return key, False


def in_line(status: JobStatus) -> str:
    """Where a queued job stands: "Waiting in line: 2 jobs ahead of yours, about 0:40 to wait", or "Next in line"."""
    if not status.position:  # nothing ahead: it starts as soon as a worker takes it ("0 jobs ahead, 0:00 to wait")
        return "Next in line: starting"
    eta = f", about {mmss(status.wait)} to wait" if status.wait is not None and status.wait >= 1 else ""  # not "0:00"
    ahead = "1 job" if status.position == 1 else f"{status.position} jobs"
    return f"Waiting in line: {ahead} ahead of yours{eta}"


def follow(key: str, label: str) -> None:
    """Show a job's place in line and progress until it is done, then nothing; raise its error if it failed.

    The box is drawn in a slot of its own, emptied once the job is done: left as "Separating…: done" it stood
    above the result until the page ran again (minutes, if nothing was touched). A failed job's box stays,
    marked failed, over the error its caller shows.
    """
    svc = service()
    slot = st.empty()
    with slot.container(), st.status(label, expanded=True) as box:
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
    # Emptied, not filled again with a container: Streamlit keeps what this run drew in a slot filled again.
    slot.empty()


def song_analysis(info: SongInfo):
    """The song's musical analysis once the server has it; until then it is queued (no button) and polled.

    A song too short to analyse is not queued: the page says so, with its length and the minimum.
    """
    from jamwithme.analysis import too_short

    if (short := too_short(info.duration)) is not None:
        st.info(f"{short[0].upper()}{short[1:]}: no tempo, bars, key or chords.")
        return None
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
