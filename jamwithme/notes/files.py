"""The downloads of a transcription: MIDI, ABC notation and tab, in the key the musician plays in, named by it.

Examples
--------
>>> download_name("music/Song.ogg", part="melody", key="C major", semitones=2, fmt="midi")
'Song_melody_D-major.mid'
>>> download_name("Song", part="bass", key="A minor", semitones=0, fmt="tab")
'Song_bass_A-minor_tab.txt'
"""

from __future__ import annotations

import enum
from pathlib import Path

from jamwithme.errors import ParameterError
from jamwithme.notes.timeline import BeatMap


class NotesFormat(str, enum.Enum):
    """A download: a Standard MIDI File, ABC notation, or a tab as text."""

    MIDI = "midi"
    ABC = "abc"
    TAB = "tab"

    @classmethod
    def parse(cls, value: str | NotesFormat) -> NotesFormat:
        aliases = {"mid": "midi", "txt": "tab"}
        text = value.value if isinstance(value, NotesFormat) else str(value).lower().lstrip(".")
        try:
            return cls(aliases.get(text, text))
        except ValueError:
            raise ParameterError(
                f"format {value!r} is not a notes download; use midi (.mid), abc (.abc) or tab (.txt)"
            ) from None

    @property
    def extension(self) -> str:
        return {"midi": "mid", "abc": "abc", "tab": "txt"}[self.value]

    @property
    def media_type(self) -> str:
        return {"midi": "audio/midi", "abc": "text/vnd.abc; charset=utf-8", "tab": "text/plain; charset=utf-8"}[
            self.value
        ]


def download_name(song: str, *, part: str, key: str | None, semitones: int, fmt: str | NotesFormat) -> str:
    """``<song>_<part>_<key>.<ext>``: the key is the one the notes are in after ``semitones``."""
    from jamwithme.analysis.key_names import transposed_key
    from jamwithme.text import safe_name

    fmt = NotesFormat.parse(fmt)
    stem = safe_name(Path(song).stem if Path(song).suffix else Path(song).name, "track")
    parts = [stem, safe_name(part, "track")]
    if key and " " in key:
        parts.append(transposed_key(key, semitones).replace(" ", "-"))
    elif semitones:
        parts.append(f"{semitones:+d}st")
    if fmt is NotesFormat.TAB:
        parts.append("tab")
    return "_".join(parts) + "." + fmt.extension


def download(transcription, analysis, *, fmt: str | NotesFormat, semitones: int = 0,
             song: str = "song") -> tuple[str, bytes, str]:  # fmt: skip
    """One download of a transcription on the song's grid and in its key moved by ``semitones``.

    Parameters
    ----------
    transcription : Transcription
    analysis : SongAnalysis
        The song's grid and key (:func:`jamwithme.analysis.analyze`).
    fmt : {"midi", "abc", "tab"}
    semitones : int
        -24 to 24.
    song : str
        The song's name or file name, for the download's name.

    Returns
    -------
    (str, bytes, str)
        File name, contents, media type.

    Raises
    ------
    ParameterError
        A bad format or transposition, or a grid of fewer than two beats.
    """
    from jamwithme.notes import check_transpose
    from jamwithme.notes.midi import midi_bytes
    from jamwithme.notes.notation import abc, tab

    fmt = NotesFormat.parse(fmt)
    steps = check_transpose(semitones)
    end = max([n.end for n in transcription.notes], default=0.0) + 1.0
    beat_map = BeatMap.of(analysis, end=max(end, transcription.duration))
    title = Path(song).stem if Path(song).suffix else song
    name = download_name(song, part=transcription.part, key=analysis.key, semitones=steps, fmt=fmt)
    if fmt is NotesFormat.MIDI:
        data = midi_bytes(transcription, beat_map, key=analysis.key, semitones=steps, title=title)
    elif fmt is NotesFormat.ABC:
        data = abc(transcription, beat_map, key=analysis.key, semitones=steps, title=title).encode()
    else:
        data = tab(transcription, beat_map, key=analysis.key, semitones=steps, title=title).encode()
    return name, data, fmt.media_type
