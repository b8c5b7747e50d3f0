"""Does anyone sing? The separated vocals of a song with no singer are the band's bleed, not a melody.

The separation always gives a vocal stem. In an instrumental it holds what
leaked through: faint (40-65 dB under the song) and mostly unpitched, and
the notes read from it are noise drawn as a melody. The vocals are sung
where pYIN hears a pitch in them (voiced probability :data:`VOICED` or more)
while they are within :data:`HEARD_DB` of the song itself; a stem sung for
less than :data:`LEAST_SUNG` seconds has no singer.

Measured on the real songs in ``../shared/audio`` separated by the app
(``bench/notes.py`` prints them): the vocals of Lets_Go_Fishin (4.5 dB
under the song) are sung for 40 of its 133 s; those of the six
instrumentals (Vibe_Ace, the drums and bass of Choice, the four Sectoid
songs; 40-66 dB under the song) for 0.0-0.1 s, where 5 to 187 notes of
noise were read. Within 10, 15 or 30 dB of the song instead of 20, or a
voiced probability of 0.3 or 0.7, the verdicts are the same (on their
first 150 s: the vocal song 28-50 s, the instrumentals at most 1.7 s).

Examples
--------
>>> import numpy as np
>>> from jamwithme.notes.pitch import F0Track
>>> frames = 2000  # 23 s
>>> track = F0Track(f0=np.full(frames, 220.0, np.float32), voiced_prob=np.full(frames, 0.9, np.float32),
...                 rms=np.full(frames, 0.01, np.float32), level=np.full(frames, 0.01, np.float32))
>>> round(sung_seconds(track, np.full(frames, 0.02)), 1), round(sung_seconds(track, np.full(frames, 0.5)), 1)
(23.2, 0.0)
"""

from __future__ import annotations

import numpy as np

from jamwithme.audio import AudioClip
from jamwithme.notes.pitch import HOP, F0Track, _frames

__all__ = ["HEARD_DB", "LEAST_SUNG", "VOICED", "mix_levels", "sung_seconds"]

#: The vocals count where they are at most this far (dB) under the song at that moment.
HEARD_DB = 20.0
#: ... and pYIN gives the frame at least this probability of a pitch.
VOICED = 0.5
#: Seconds of singing under which nobody sings in the song.
LEAST_SUNG = 1.0
#: Frames whose levels are made at once.
_BLOCK = 1024


def mix_levels(mix: AudioClip, *, frame_length: int = 1024, hop: int = HOP) -> np.ndarray:
    """The song's level (RMS, full scale 1) frame by frame, on the frames of the melody's pitch track.

    Small (4 bytes a frame: 0.4 MB for 20 minutes), so a job can make it and
    let the song go before it loads the stems.

    Parameters
    ----------
    mix : AudioClip [shape=(channels, n)]
        The song the vocals were separated from.
    frame_length, hop : int
        The pitch track's frame and hop (samples at 22.05 kHz).

    Returns
    -------
    np.ndarray [shape=(frames,)]
    """
    from jamwithme.analysis.rhythm import analysis_signal  # the notes' own signal (jamwithme.notes._signal)

    y = analysis_signal(mix)
    n_frames = 1 + y.size // hop
    out = np.zeros(n_frames, np.float32)
    for first in range(0, n_frames, _BLOCK):
        count = min(_BLOCK, n_frames - first)
        frames = _frames(y, first, count, frame_length, hop, frame_length // 2)
        out[first : first + count] = np.sqrt(np.mean(np.square(frames), axis=1))
    return out


def sung_seconds(track: F0Track, mix_level: np.ndarray) -> float:
    """How long the vocals of ``track`` are sung: pitched, and heard in the song (``mix_level``, its levels)."""
    n = min(track.f0.size, np.asarray(mix_level).size)
    if n == 0:
        return 0.0
    vocals = 20 * np.log10(np.maximum(track.rms[:n].astype(np.float64), 1e-6))
    song = 20 * np.log10(np.maximum(np.asarray(mix_level, np.float64)[:n], 1e-6))
    sung = (track.voiced_prob[:n] >= VOICED) & (vocals >= song - HEARD_DB) & (vocals > -100.0)
    return float(np.count_nonzero(sung) / track.frame_rate)
