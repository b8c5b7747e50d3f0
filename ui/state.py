"""Every session-state key and widget key of the app, and the session that survives reloads.

Pages read and write the session only through these names, so two pages never
disagree on what a key holds, and every widget has an explicit, unique key.

The session holds references, never audio: the song's id, each page's
settings, and the ids of jobs it waits on. Results are found again from the
settings (a job's result key is a function of the song and its settings), so a
page switch or a reload shows them without recomputing.

Two things make settings outlive what Streamlit keeps:

* **Page switches.** Streamlit forgets a widget's value once a run does not
  draw it. :func:`widget` keeps each value under a key of its own and gives it
  back to the widget when its page is drawn again.
* **Reloads.** A reload is a new session. The URL names the song (``?song=``)
  and this browser tab's saved settings (``?tab=``); :func:`save` keeps the
  settings in the server's store under that tab id, and :func:`restore` reads
  them back.

A tab id is 128 random bits (:func:`secrets.token_urlsafe`), so nobody finds
another's settings by guessing. And a session writes only under the id it made
itself: the id a URL brings (a reload, or a link pasted into another browser)
is only read from (:func:`restored_tab`), after which the session saves under a
new id of its own and puts that in the URL. A second browser given someone's
``?tab=`` starts from their settings but never changes them.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import BaseModel, ValidationError

from jamwithme.player_state import PlayerState

logger = logging.getLogger("jamwithme")

# --- session state (never widget keys)
SONG = "jwm_song"  # str: the current song's id (SHA-256 of its file)
TAB = "jwm_tab"  # str: this session's own tab id (made here), in the URL; its settings are saved under it
RESTORED = "jwm_restored_tab"  # str | None: the tab id the URL named when the session began (read, never written)
VALUES = "jwm_values"  # {widget key: value}: every remembered setting
SAVED = "jwm_saved"  # str: the settings JSON last saved, so an unchanged run saves nothing
JOBS = "jwm_jobs"  # {job id: label}: work this session waits on
LAST_UPLOAD = "jwm_last_upload"  # file id of the last upload tried, good or bad
UPLOADER = "jwm_uploader"  # int: uploads refused so far; a new uploader widget after each
NOTICE = "jwm_notice"  # (kind, text): a message to show once after a rerun
PLAYED = "jwm_played"  # [page, {"result key/clip": "mp3" | "flac"}]: what the page's players play, kept while on it

# --- widgets: load page
W_UPLOAD = "w_load_upload"
W_URL = "w_load_url"
W_FETCH = "w_load_fetch"
W_DEMO = "w_load_demo"
# --- widgets: jam track page
W_BAND = "w_jam_band"
W_SEPARATE = "w_jam_separate"
W_JAM_FORMAT = "w_jam_format"
# --- widgets: practice page
W_PLAYER = "w_practice_player_{}"  # the practice player of one song (by the start of its id)
W_PLAYER_STATE = "w_practice_player_state"  # not a widget: [[song id, PlayerState], ...], the latest last
W_EXPORT_FORMAT = "w_practice_export_format"
W_EXPORT_REPEAT = "w_practice_export_repeat"
W_EXPORT_QUALITY = "w_practice_export_quality"
W_EXPORT = "w_practice_export"
W_PRACTICE_MELODY = "w_practice_melody"  # the button that finds the melody's notes for the player
# --- widgets: remix page
W_REMIX_STEM = "w_remix_stem"
W_REMIX_DURATION = "w_remix_duration"
W_REMIX_CLUSTERS = "w_remix_clusters"
W_REMIX_AUTO_K = "w_remix_auto_k"
W_REMIX_TEMPERATURE = "w_remix_temperature"
W_REMIX_SEED = "w_remix_seed"
W_REMIX_METHOD = "w_remix_method"
W_REMIX_GO = "w_remix_go"
W_REMIX_AGAIN = "w_remix_again"
W_REMIX_FORMAT = "w_remix_format"
# --- widgets: mixer page
W_MIX_LUFS = "w_mix_lufs"
W_MIX_RECIPE = "w_mix_recipe"
W_MIX_FORMAT = "w_mix_format"
W_MIX_RENDER = "w_mix_render"
W_MIX_PLAYER = "w_mix_player_{}"  # the mixer's player of one song (by the start of its id)
W_MIX_PLAYER_STATE = "w_mix_player_state"  # not a widget: [[song id, PlayerState], ...] as W_PLAYER_STATE, the mixer's
# --- widgets: melody page
W_NOTES_PART = "w_notes_part"
W_NOTES_AS_IS = "w_notes_as_is"
W_NOTES_FIND = "w_notes_find"
W_NOTES_SEMITONES = "w_notes_semitones"  # shows the song's key as the player has it (W_PLAYER_STATE)
W_NOTES_DOWNLOAD = "w_notes_download_{}"
W_MELODY_LANE = "w_melody_lane"

#: A tab id in a URL: one made by :func:`tab_id` (22 URL-safe characters), or an older 16-hex one.
_TAB_ID = re.compile(r"[A-Za-z0-9_-]{22}|[0-9a-f]{16}")


def _values() -> dict[str, Any]:
    if VALUES not in st.session_state:
        st.session_state[VALUES] = {}
    return st.session_state[VALUES]


def song_id() -> str | None:
    return st.session_state.get(SONG)


def set_song(value: str | None) -> None:
    st.session_state[SONG] = value


def jobs() -> dict[str, str]:
    if JOBS not in st.session_state:
        st.session_state[JOBS] = {}
    return st.session_state[JOBS]


#: Players whose format :func:`played_format` keeps on one page, the latest.
PLAYED_CLIPS = 16


def played_format(clip: str, first: Callable[[], str]) -> str:
    """The format a player of ``clip`` plays on this page: the one it played first (``first()``), kept while
    the session stays on the page; leaving it, the players choose again.

    A player that played the FLAC until the MP3 was made, then the MP3, started again from its beginning
    when the page ran again (the page runs again when the MP3 is made, while the musician listens).
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    page = ctx.page_script_hash if ctx is not None else ""
    held = st.session_state.get(PLAYED)
    if not held or held[0] != page:
        held = st.session_state[PLAYED] = [page, {}]
    if clip not in held[1]:
        held[1][clip] = first()
        while len(held[1]) > PLAYED_CLIPS:  # takes on takes of the Beat remix page: the oldest go
            del held[1][next(iter(held[1]))]
    return held[1][clip]


def forget_played(clip: str) -> None:
    """Let the next run's player of ``clip`` choose its format again (what it played is gone)."""
    held = st.session_state.get(PLAYED)
    if held:
        held[1].pop(clip, None)


def widget(key: str, default: Any) -> str:
    """Prepare widget ``key``: give it its remembered value (or ``default``) before it is drawn.

    Draw the widget with ``key=key`` and no default of its own, and
    ``on_change=remember, args=(key,)`` is not needed: :func:`remember_all`
    copies every drawn widget's value at the end of the run.

    Returns
    -------
    str
        ``key``, to pass on to the widget.
    """
    values = _values()
    if key not in st.session_state:
        st.session_state[key] = values.get(key, default)
    values.setdefault(key, st.session_state[key])
    return key


def value(key: str, default: Any = None) -> Any:
    """A setting's current value: the widget's if drawn this run, else the remembered one."""
    if key in st.session_state:
        return st.session_state[key]
    return _values().get(key, default)


def set_value(key: str, new: Any) -> None:
    """Change a setting from code (e.g. "another take"); call before its widget is drawn, or in a callback."""
    _values()[key] = new
    st.session_state[key] = new


def remember_all() -> None:
    """Copy the value of every drawn, remembered widget into the session's settings."""
    values = _values()
    for key in list(values):
        if key in st.session_state:
            values[key] = st.session_state[key]


def tab_id() -> str:
    """This session's own tab id: 128 random bits, made once per session, never taken from the URL.

    It goes into the URL (so a reload finds the settings) and names where this
    session saves them; only this session writes there.
    """
    restored_tab()  # the URL's id is read before this session's own replaces it there
    if TAB not in st.session_state:
        st.session_state[TAB] = secrets.token_urlsafe(16)
    return st.session_state[TAB]


def restored_tab() -> str | None:
    """The tab id the URL named when this session began, if any: its settings are read, never written."""
    if RESTORED not in st.session_state:
        given = st.query_params.get("tab")
        st.session_state[RESTORED] = given if given and _TAB_ID.fullmatch(given) else None
    return st.session_state[RESTORED]


#: Songs whose practice player settings a tab keeps (the most recently played), so its saved settings stay small.
PLAYER_SONGS = 12


def player_key(song: str) -> str:
    """The practice player's widget key for song ``song``: a player per song, so one's settings never seed another's."""
    return W_PLAYER.format(song[:16])


def _player_state(saved: Any) -> PlayerState | None:
    """A player's saved settings as the model: kept as one in the session; a dict only after a reload
    (the saved settings' JSON), parsed here once. None for nothing saved, or settings that no longer parse."""
    if saved is None or isinstance(saved, PlayerState):
        return saved
    try:
        return PlayerState.parse_obj(saved)
    except (ValidationError, TypeError, ValueError) as exc:
        logger.warning("saved player settings dropped (they no longer parse): %s", exc)
        return None


def _song_state(name: str, song: str) -> PlayerState | None:
    """Song ``song``'s settings in the list ``[[song id, settings], ...]`` kept under ``name``, or None."""
    kept = value(name)
    for item in kept if isinstance(kept, (list, tuple)) else ():  # an older tab's one mixer state is no list
        if isinstance(item, (list, tuple)) and len(item) == 2 and item[0] == song:
            return _player_state(item[1])
    return None


def _keep_song_state(name: str, song: str, settings: PlayerState) -> None:
    """Keep ``settings`` as song ``song``'s under ``name``, the latest last (the :data:`PLAYER_SONGS` latest songs)."""
    kept = value(name)
    others = [
        list(item)
        for item in (kept if isinstance(kept, (list, tuple)) else ())
        if isinstance(item, (list, tuple)) and len(item) == 2 and item[0] != song
    ]
    set_value(name, [*others, [song, settings]][-PLAYER_SONGS:])


def player_state(song: str) -> PlayerState | None:
    """The practice player's settings as last left on song ``song`` in this tab (kept across reloads), or None."""
    return _song_state(W_PLAYER_STATE, song)


def jam_track_defaults(*, separated: bool) -> PlayerState:
    """Where a song's player opens the first time: the jam track (the band without the voice) when separated."""
    return PlayerState(mute=["vocals"]) if separated else PlayerState()


def set_player_semitones(song: str, semitones: float, *, separated: bool) -> None:
    """Move song ``song``'s key as the practice player has it (e.g. from the Melody page), the rest as it was.

    A song not played yet starts from :func:`jam_track_defaults`, as the player would.
    """
    played = player_state(song) or jam_track_defaults(separated=separated)
    set_player_state(song, played.copy(update={"semitones": float(semitones)}))


def set_player_state(song: str, settings: PlayerState) -> None:
    """Keep the practice player's settings for song ``song`` (the :data:`PLAYER_SONGS` latest songs are kept)."""
    _keep_song_state(W_PLAYER_STATE, song, settings)


def mix_player_key(song: str) -> str:
    """The mixer's player widget key for song ``song``: one per song, as :func:`player_key`."""
    return W_MIX_PLAYER.format(song[:16])


def mix_player_state(song: str) -> PlayerState | None:
    """The mixer's levels, mute and solo as last left on song ``song`` in this tab (kept across reloads), or None."""
    return _song_state(W_MIX_PLAYER_STATE, song)


def set_mix_player_state(song: str, settings: PlayerState) -> None:
    """Keep the mixer's player settings for song ``song`` (the :data:`PLAYER_SONGS` latest songs are kept)."""
    _keep_song_state(W_MIX_PLAYER_STATE, song, settings)


def _plain(item: Any) -> Any:
    """What JSON cannot hold as it is, as it can: a settings model as its dict, anything else iterable as a list."""
    return item.dict() if isinstance(item, BaseModel) else list(item)


def settings_json() -> str:
    return json.dumps(_values(), sort_keys=True, default=_plain)


def load_values(text: str) -> None:
    """Bring back saved settings (after a reload); widgets drawn later take them."""
    try:
        saved = json.loads(text)
    except ValueError:
        return
    if isinstance(saved, dict):
        for key, item in saved.items():
            if isinstance(key, str) and key.startswith("w_"):
                _values()[key] = tuple(item) if isinstance(item, list) else item
