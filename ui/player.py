"""The practice player: a live multitrack instrument in the page (a ``st.components.v2`` component).

The JavaScript is built from ``frontend/`` into ``ui/player_frontend/`` (``make frontend``)
and committed, so the app needs no Node. Each stem goes to the browser once, compressed,
through Streamlit's media file manager: the component gets a URL per stem whose name is the
hash of the bytes, so a rerun hands it the same URLs and it neither fetches nor decodes again.

Usage on a page::

    from ui.player import practice_player, stem_bytes

    settings = practice_player(
        {name: stem_bytes(clip) for name, clip in stems.items()},  # cache these per song
        grid=analysis.grid, state=saved, key="practice_player",  # the song's stored beat grid
    )
    saved = settings  # a PlayerState, e.g. kept in st.session_state

``settings`` is what the musician has set (levels, mute/solo, speed, key, loop,
metronome, count-in, speed trainer); ``jamwithme.export.render`` renders it at full quality.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import streamlit as st

from jamwithme import audio
from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError
from jamwithme.export import PlayerState

logger = logging.getLogger("jamwithme")

ASSETS = Path(__file__).with_name("player_frontend")
#: What the browser decodes: MP3 at 320 kb/s, 2.4 MB per stem-minute.
STEM_FORMAT = "mp3"

Stem = Union[str, bytes]


@st.cache_resource(show_spinner=False)
def _component():
    """Register the component once per server, with the committed bundle inline."""
    return st.components.v2.component(
        "jamwithme_practice_player",
        js=(ASSETS / "player.js").read_text(encoding="utf-8"),
        css=(ASSETS / "player.css").read_text(encoding="utf-8"),
    )


def stem_bytes(clip: AudioClip) -> bytes:
    """A stem compressed for the player (MP3, 320 kb/s).

    Encoding a 3-minute stem takes a moment: keep the result with the stems
    (e.g. in the store, by the song's content hash) rather than encoding on every rerun.

    Parameters
    ----------
    clip : AudioClip
        ``samples`` of shape ``(channels, n)``.

    Returns
    -------
    bytes
        An MP3 file, about 2.4 MB per minute.
    """
    return audio.encode(clip, STEM_FORMAT)


def _mime(data: bytes) -> str:
    """The MIME type of encoded audio, from its first bytes."""
    if data[:4] == b"fLaC":
        return "audio/flac"
    if data[:4] == b"RIFF":
        return "audio/wav"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    return "audio/mpeg"


def _stem_url(name: str, stem: Stem, key: str) -> str:
    """A URL the browser fetches the stem from: given as is, or served by Streamlit's media file manager."""
    if isinstance(stem, str):
        return stem
    if not isinstance(stem, (bytes, bytearray)) or not stem:
        raise ParameterError(f"stem {name!r} must be encoded audio bytes or a URL, not {type(stem).__name__}")
    from streamlit.runtime import Runtime

    # The file id is a hash of the bytes: the same stem gives the same URL on every rerun.
    return Runtime.instance().media_file_mgr.add(bytes(stem), _mime(bytes(stem)), f"{key}.{name}")


def _grid(grid: Grid | None) -> dict[str, Any]:
    """What ``frontend/src/clicks.js``'s ``Grid`` is built from."""
    if grid is None:
        return {"beats": [], "downbeats": [], "beats_per_bar": 4, "subdivision": 2, "tempo": 120.0}
    return {
        "beats": [round(float(t), 4) for t in grid.beats],
        "downbeats": [round(float(t), 4) for t in grid.downbeats],
        "beats_per_bar": grid.beats_per_bar,
        "subdivision": grid.subdivision,
        "tempo": round(grid.tempo, 3),
    }


def _spans(name: str, items) -> list[dict[str, Any]]:
    """Chords or sections as [{start, end, label}] (dicts or (start, end, label) tuples)."""
    out = []
    for item in items or []:
        try:
            start, end, label = (item["start"], item["end"], item["label"]) if isinstance(item, Mapping) else item
            out.append({"start": float(start), "end": float(end), "label": str(label)})
        except (KeyError, TypeError, ValueError):
            raise ParameterError(f"{name} must be (start, end, label) items, not {item!r}") from None
    return out


def _served() -> bool:
    """True under a Streamlit server; False under AppTest, whose runtime is a stand-in
    that cannot mount ``st.components.v2`` components (Streamlit 1.52). The stand-in is a mock made
    with ``spec=Runtime``, so it passes ``isinstance``; its type is not ``Runtime``."""
    from streamlit.runtime import Runtime

    return Runtime.exists() and type(Runtime.instance()) is Runtime


def practice_player(
    stems: Mapping[str, Stem],
    *,
    grid: Grid | None = None,
    chords: Sequence | None = None,
    sections: Sequence | None = None,
    state: PlayerState | Mapping | None = None,
    key: str,
    engine: str = "stretch",
) -> PlayerState:
    """Show the practice player and return what the musician has set.

    Parameters
    ----------
    stems : Mapping[str, bytes | str]
        Compressed audio per stem (see :func:`stem_bytes`) or a URL to fetch it
        from, in the order they are shown.
    grid : Grid, optional
        The song's beat grid (its stored analysis'): the beat lines, bar numbers,
        snapping, metronome and count-in (at the grid's tempo over the looped
        bars). None: no beats (the count-in clicks at 120 BPM).
    chords, sections : sequence, optional
        ``{"start", "end", "label"}`` dicts (or tuples) for the chord lane and section markers.
    state : PlayerState or mapping, optional
        Settings to start from (e.g. saved from the last visit). Applied when the
        player is first shown; after that the player's own settings win.
    key : str
        Widget key; the same key keeps the same player across reruns.
    engine : {"stretch", "playback-rate"}
        ``"playback-rate"`` forces the fallback where speed changes the pitch (for tests).

    Returns
    -------
    PlayerState
        The player's settings as last reported (``state``, or the defaults, until it
        reports). Under ``AppTest`` the player is a caption and ``state`` comes back as it was.

    Raises
    ------
    ParameterError
        No stems, a stem that is neither bytes nor a URL, a grid that is not a Grid, or a bad engine.
    """
    if not stems:
        raise ParameterError("the player needs at least one stem")
    if engine not in ("stretch", "playback-rate"):
        raise ParameterError(f"engine={engine!r} must be 'stretch' or 'playback-rate'")
    if grid is not None and not isinstance(grid, Grid):
        raise ParameterError(f"grid must be the song's beat Grid, not {type(grid).__name__}")
    start = state.copy() if isinstance(state, PlayerState) else PlayerState.parse_obj(state or {})
    if not _served():
        st.caption("The practice player appears here in the browser.")
        return start
    data = {
        "stems": [{"name": name, "url": _stem_url(name, stem, key)} for name, stem in stems.items()],
        "grid": _grid(grid),
        "chords": _spans("chords", chords),
        "sections": _spans("sections", sections),
        "state": start.dict(),
        "engine": engine,
    }
    result = _component()(
        key=key, data=data, default={"state": start.dict()}, on_state_change=lambda: None, height="content"
    )
    reported = result.get("state") if isinstance(result, Mapping) else getattr(result, "state", None)
    return PlayerState.parse_obj(reported) if reported else start
