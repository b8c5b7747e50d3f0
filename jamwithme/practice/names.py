"""Export file names that say what was done (speed, key, loop), and writing an export under one."""

from __future__ import annotations

from pathlib import Path

from jamwithme.audio import AudioClip, AudioFormat, save
from jamwithme.text import safe_name


def export_filename(
    song: str,
    *,
    stem: str | None = None,
    rate: float = 1.0,
    semitones: float = 0.0,
    start: float | None = None,
    end: float | None = None,
    repeat: int = 1,
    count_in_bars: int = 0,
    metronome: bool = False,
    fmt: "str | AudioFormat" = AudioFormat.WAV,
) -> str:
    """A file name that says what was done, e.g. ``song_accompaniment_tempo0.80_+2st.wav``.

    Parameters
    ----------
    song : str
        Song name or path (its stem is used, made safe for file systems).
    stem : str, optional
        ``"vocals"``, ``"accompaniment"``, ``"mix"``...
    rate, semitones : float
        Tempo and key change (left out when 1 and 0).
    start, end : float, optional
        Loop section in seconds; ``repeat`` and ``count_in_bars`` are named when above 1 and 0.
    metronome : bool
        Named (``click``) when a metronome is mixed in.
    fmt : str or AudioFormat
        Sets the extension.

    Returns
    -------
    str

    Raises
    ------
    ParameterError
        Unknown format.

    Examples
    --------
    >>> export_filename("music/song.ogg", stem="accompaniment", rate=0.8, semitones=2)
    'song_accompaniment_tempo0.80_+2st.wav'
    >>> export_filename("song", start=12.5, end=20, repeat=4, count_in_bars=1, fmt="mp3")
    'song_loop12.50-20.00s_x4_countin1.mp3'
    >>> export_filename("song", start=12.5, end=20, metronome=True)
    'song_loop12.50-20.00s_click.wav'
    """
    fmt = AudioFormat.parse(fmt)
    parts = [safe_name(Path(song).stem if Path(song).suffix else Path(song).name, "track")]
    if stem:
        parts.append(safe_name(stem, "track"))
    if rate != 1.0:
        text = f"{rate:.2f}"
        parts.append(f"tempo{text if float(text) == rate else f'{rate:.4g}'}")
    if semitones != 0.0:
        parts.append(f"{semitones:+g}st")
    if start is not None and end is not None:
        parts.append(f"loop{start:.2f}-{end:.2f}s")
    if repeat > 1:
        parts.append(f"x{repeat}")
    if count_in_bars:
        parts.append(f"countin{count_in_bars}")
    if metronome:
        parts.append("click")
    return "_".join(parts) + "." + fmt.extension


def export(clip: AudioClip, folder: "str | Path", *, song: str, fmt: "str | AudioFormat" = "wav", **naming) -> Path:
    """Encode ``clip`` into ``folder`` under its :func:`export_filename` (WAV, FLAC or MP3, via ``audio.save``).

    Parameters
    ----------
    clip : AudioClip
    folder : str or Path
        Created if missing.
    song : str
        Song name or path.
    fmt : str or AudioFormat
    **naming
        ``stem``, ``rate``, ``semitones``, ``start``, ``end``, ``repeat``, ``count_in_bars``.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ParameterError
        Unknown format or empty clip.

    Examples
    --------
    >>> export(clip, "out", song="song.ogg", stem="vocals", semitones=-1, fmt="flac")  # doctest: +SKIP
    PosixPath('out/song_vocals_-1st.flac')
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return save(clip, folder / export_filename(song, fmt=fmt, **naming), fmt)
