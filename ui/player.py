"""The practice player: a live multitrack instrument in the page (a ``st.components.v2`` component).

The JavaScript is built from ``frontend/`` into ``ui/player_frontend/`` (``make frontend``)
and committed, so the app needs no Node. Each stem goes to the browser once, compressed,
through Streamlit's media file manager: the component gets a URL per stem whose name is the
hash of the bytes, so a rerun hands it the same URLs and it neither fetches nor decodes again.

Usage on a page::

    from ui.player import practice_player, stem_bytes

    settings = practice_player(
        {name: stem_bytes(clip) for name, clip in stems.items()},  # cache these per song
        analysis=analysis, state=saved, key="practice_player",  # the song's stored analysis
    )
    saved = settings  # a PlayerState, e.g. kept in st.session_state

Given the song's melody (``notes=``, the stored notes job's :class:`jamwithme.notes.Transcription`),
the player draws it as a piano roll over the waveform, names the note now in the key it plays in,
shows the phrase now on a staff (a guitar tab on request) with that note lit, and plays a "melody"
track synthesised from the notes, with its level, mute and solo like a stem.

``settings`` is what the musician has set (levels, mute/solo, speed, key, loop,
metronome, count-in, speed trainer); ``jamwithme.export.render`` renders it at full quality.

Chords come in every key the player can move to, named here by the functions that write the
page's key caption and the ChordPro chart (:func:`jamwithme.analysis.transposed`,
:func:`~jamwithme.analysis.bar_chords`, :func:`~jamwithme.analysis.chords.chord_symbol`), so the
lane, the chart by bars, the big "now / next" chords and the ``.cho`` file agree in any key.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import streamlit as st

from jamwithme import audio, player_state
from jamwithme.analysis import SongAnalysis, bar_chords, transposed
from jamwithme.analysis.chords import chord_symbol
from jamwithme.analysis.grid import Grid
from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError
from jamwithme.player_state import PlayerState
from ui.components import bundle_component, served_bundle

logger = logging.getLogger("jamwithme")

ASSETS = Path(__file__).with_name("player_frontend")
#: What the browser decodes: MP3 at 320 kb/s, 2.4 MB per stem-minute.
STEM_FORMAT = "mp3"

Stem = Union[str, bytes]


#: The shipped bundle, and the same player with the hooks the browser tests read (``window.__jamPlayer``).
BUNDLE, TEST_BUNDLE = "player.js", "player-test-hooks.js"


def _bundle() -> str:
    """The bundle this server sends: the tests' (``JAMWITHME_PLAYER_TEST_HOOKS=1``) or the shipped one."""
    return served_bundle(BUNDLE, TEST_BUNDLE)


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
        "pulse": grid.pulse,  # false: no steady beat, so no metronome, count-in or bar loops
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


def _shifts() -> range:
    """Every key change the player offers, in semitones (the PlayerState contract's range)."""
    spec = player_state.contract()["fields"]["semitones"]
    return range(int(spec["min"]), int(spec["max"]) + 1)


def _music(analysis: SongAnalysis | None, grid: Grid | None, chords, sections) -> dict[str, Any]:
    """What the player shows of the music, in every key it can move to.

    ``names``: each chord's name after each shift (``names[i][k]``: ``_shifts()[k]``
    semitones away), once per distinct chord; ``chords``: [{start, end, name}] (the lane,
    the chord now and next), ``name`` an index into ``names``; ``bars``: [{start, end,
    chords: [{at, name}]}] (the chart: the chord at the bar line, then the changes inside,
    as in the ChordPro file); ``sections``: [{start, end, label}]; ``keys``: the key's name
    after each shift ([] without an analysis). Chords given without an analysis keep their
    labels in every key.
    """
    if analysis is not None:
        return _music_of(json.dumps(analysis.to_json(), sort_keys=True))
    shifts = _shifts()
    spans = _spans("chords", chords)
    names: dict[tuple[str, ...], int] = {}
    return {
        "shifts": [shifts.start, shifts.stop - 1],
        "chords": [
            {"start": c["start"], "end": c["end"], "name": names.setdefault((c["label"],) * len(shifts), len(names))}
            for c in spans
        ],
        "names": [list(k) for k in names],
        "bars": [{"start": round(a, 4), "end": round(b, 4), "chords": []} for a, b in (grid.bars() if grid else [])],
        "sections": _spans("sections", sections),
        "keys": [],
    }


@st.cache_data(max_entries=32, show_spinner=False)
def _music_of(analysis_json: str) -> dict[str, Any]:
    """:func:`_music` of a stored analysis (its JSON), made once per analysis: 25 keys of chords."""
    analysis = SongAnalysis.from_json(json.loads(analysis_json))
    shifts = _shifts()
    shown = [transposed(analysis, s) if s else analysis for s in shifts]
    charts = [bar_chords(music) for music in shown]
    names: dict[tuple[str, ...], int] = {}

    def name(labels) -> int:
        return names.setdefault(tuple(chord_symbol(label) for label in labels), len(names))

    chords = [
        {"start": a, "end": b, "name": name(music.chords[i][2] for music in shown)}
        for i, (a, b, _) in enumerate(analysis.chords)
    ]
    bars = [
        {
            "start": round(a, 4),
            "end": round(b, 4),
            "chords": [
                {"at": round(at, 4), "name": name(chart[i][j][1] for chart in charts)}
                for j, (at, _) in enumerate(charts[0][i])
            ],
        }
        for i, (a, b) in enumerate(analysis.bars())
    ]
    return {
        "shifts": [shifts.start, shifts.stop - 1],
        "chords": chords,
        "names": [list(k) for k in names],
        "bars": bars,
        "sections": [
            {"start": a, "end": b, "label": name} for (a, b, _), name in zip(analysis.sections, analysis.names())
        ],
        "keys": [music.key for music in shown] if analysis.tonal else [],  # no tones: no key to show
    }


#: ASCII accidentals, as the player's chord names are written ("Bb", "F#").
_MARKS = {"": "", "♯": "#", "♭": "b", "𝄪": "##", "𝄫": "bb"}


def _melody(notes, keys: Sequence[str]) -> dict[str, Any] | None:
    """What ``frontend/src/melody.js``'s ``Melody`` is built from: the notes in the song's key, their range,
    their phrases, each pitch class's spelling in the key after each shift, and the guitar tab (the bass's
    for a bass line) after each shift.

    ``names[k][pc]`` is ``[name, octave correction]`` of pitch class ``pc`` ``_shifts()[k]`` semitones away
    (in ``keys[k]``, C major's spelling without keys): B♯3 is MIDI 60 with octave 3, correction -1. The
    roll's names and the staff's steps and accidentals (``frontend/src/notation.js``) come from it.
    ``tabs[k]`` is ``[string, fret, ...]`` of every note ``_shifts()[k]`` semitones away, on ``strings``.
    """
    from jamwithme.notes import Transcription
    from jamwithme.notes.notation import staff_steps

    if notes is None:
        return None
    if not isinstance(notes, Transcription):
        raise ParameterError(f"notes must be the song's Transcription (the notes job), not {type(notes).__name__}")
    if not notes.notes:
        return None
    shifts = _shifts()
    names = []
    for key in keys or [None] * len(shifts):
        spelt = staff_steps(range(60, 72), key)
        names.append([["CDEFGAB"[step % 7] + _MARKS[mark], step // 7 - (60 + pc) // 12]
                      for pc, (step, mark) in enumerate(spelt)])  # fmt: skip
    pitches = tuple(n.pitch for n in notes.notes)
    strings, tabs = _tabs(pitches, bass=notes.part == "bass", shifts=(shifts.start, shifts.stop - 1))
    return {
        "notes": [n.to_json() for n in notes.notes],
        "range": list(notes.pitch_range),
        "names": names,
        "phrases": [p.to_json() for p in notes.phrases],
        "strings": list(strings),
        "tabs": tabs,
    }


@functools.lru_cache(maxsize=8)
def _tabs(pitches: tuple[int, ...], *, bass: bool, shifts: tuple[int, int]) -> tuple[tuple[str, ...], list]:
    """The strings' names and, after each shift, every note's ``[string, fret]`` as one flat list
    (:func:`jamwithme.notes.notation.tab_positions`, the Melody page's tab): made once per line, the
    player's reruns reuse them (0.3 s for 400 notes in 25 keys, busy 2-core machine)."""
    from jamwithme.notes.notation import tab_positions

    strings, tabs = (), []
    for shift in range(shifts[0], shifts[1] + 1):
        strings, frets, _ = tab_positions([p + shift for p in pitches], bass=bass)
        tabs.append([x for fret in frets for x in fret])
    return strings, tabs


def _served() -> bool:
    """True under a Streamlit server; False under AppTest, whose runtime is a stand-in
    that cannot mount ``st.components.v2`` components (Streamlit 1.52). The stand-in is a mock made
    with ``spec=Runtime``, so it passes ``isinstance``; its type is not ``Runtime``."""
    from streamlit.runtime import Runtime

    return Runtime.exists() and type(Runtime.instance()) is Runtime


def practice_player(
    stems: Mapping[str, Stem],
    *,
    analysis: SongAnalysis | None = None,
    grid: Grid | None = None,
    chords: Sequence | None = None,
    sections: Sequence | None = None,
    state: PlayerState | Mapping | None = None,
    key: str,
    engine: str = "stretch",
    mode: str = "practice",
    notes=None,
) -> PlayerState:
    """Show the practice player and return what the musician has set.

    Parameters
    ----------
    stems : Mapping[str, bytes | str]
        Compressed audio per stem (see :func:`stem_bytes`) or a URL to fetch it
        from, in the order they are shown.
    analysis : SongAnalysis, optional
        The song's stored analysis: its grid, and its chords and sections, which
        the player shows in the key it plays in (the lane, the chart by bars, the
        chord now and next). Given, ``grid``, ``chords`` and ``sections`` are not.
    grid : Grid, optional
        The song's beat grid: the beat lines, bar numbers, snapping, metronome and
        count-in (at the grid's tempo over the looped bars). None: no beats (the
        count-in clicks at 120 BPM).
    chords, sections : sequence, optional
        ``{"start", "end", "label"}`` dicts (or tuples) for the chord lane and section
        markers, shown as given in every key.
    state : PlayerState or mapping, optional
        Settings to start from (e.g. saved from the last visit). Applied when the
        player is first shown; after that the player's own settings win.
    key : str
        Widget key; the same key keeps the same player across reruns.
    engine : {"stretch", "playback-rate"}
        ``"playback-rate"`` forces the fallback where speed changes the pitch (for tests).
    mode : {"practice", "mixer"}
        ``"mixer"``: the same engine with the stems' levels, mute and solo only (no speed,
        key, loop, metronome or chords); the rest of the state stays the defaults.
    notes : jamwithme.notes.Transcription, optional
        The song's melody (practice mode): a piano roll over the waveform, the note now named in the
        key played, and a "melody" track synthesised from the notes (a stem in the mixer, named
        ``"melody"`` in the settings' levels, mute and solo). None, or no notes: neither.

    Returns
    -------
    PlayerState
        The player's settings as last reported (``state``, or the defaults, until it
        reports). Under ``AppTest`` the player is a caption and ``state`` comes back as it was.

    Raises
    ------
    ParameterError
        No stems, a stem that is neither bytes nor a URL, a grid that is not a Grid, an
        analysis that is not a SongAnalysis or comes with a grid, chords or sections, a bad
        engine or mode, notes that are not a Transcription.
    """
    if analysis is not None:
        if not isinstance(analysis, SongAnalysis):
            raise ParameterError(f"analysis must be the song's SongAnalysis, not {type(analysis).__name__}")
        if grid is not None or chords or sections:
            raise ParameterError("give the song's analysis, or its grid, chords and sections, not both")
        grid = analysis.grid
    if not stems:
        raise ParameterError("the player needs at least one stem")
    if engine not in ("stretch", "playback-rate"):
        raise ParameterError(f"engine={engine!r} must be 'stretch' or 'playback-rate'")
    if mode not in ("practice", "mixer"):
        raise ParameterError(f"mode={mode!r} must be 'practice' or 'mixer'")
    if grid is not None and not isinstance(grid, Grid):
        raise ParameterError(f"grid must be the song's beat Grid, not {type(grid).__name__}")
    start = state.copy() if isinstance(state, PlayerState) else _parsed(state or {})
    if mode == "mixer":
        start = PlayerState(levels=start.levels, mute=start.mute, solo=start.solo)
    music = _music(analysis, grid, chords, sections)
    melody = _melody(notes, music["keys"]) if mode == "practice" else None
    if not _served():
        st.caption("The practice player appears here in the browser.")
        return start
    sent = start.dict()  # the one dict of the settings the browser gets, to start from and as the default
    data = {
        "stems": [{"name": name, "url": _stem_url(name, stem, key)} for name, stem in stems.items()],
        "grid": _grid(grid),
        **music,
        "melody": melody,
        "state": sent,
        "spec": player_state.contract()["fields"],  # the settings' defaults and ranges: PlayerState's, not the bundle's
        "engine": engine,
        "mode": mode,
    }
    result = bundle_component("jamwithme_practice_player", ASSETS / _bundle(), ASSETS / "player.css")(
        key=key, data=data, default={"state": sent}, on_state_change=lambda: None, height="content"
    )
    reported = result.get("state") if isinstance(result, Mapping) else getattr(result, "state", None)
    # The browser's settings, parsed here once: the pages, the session and the export take the model.
    return _parsed(reported) if reported and reported != sent else start


def _parsed(settings: Mapping) -> PlayerState:
    """Settings given or reported as a dict, as the model (the player's edge: parsed here, once)."""
    try:
        return PlayerState.parse_obj(settings)
    except ValueError as exc:
        raise ParameterError(f"bad player settings: {exc}") from None
