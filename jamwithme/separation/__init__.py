"""Vocals / accompaniment separation with Spleeter's pretrained 2-stem U-Net.

The network is Spleeter's (``spleeter.model.functions.unet``) with Deezer's
checkpoint; what differs from ``spleeter.separator.Separator`` is around it:

* **Built once, for inference.** :class:`~jamwithme.separation.unet.MaskNetwork`
  builds the network once per process from the checkpoint's weights, with the
  ratio mask inside the graph; it agrees with Spleeter's own graph to float
  rounding. Spleeter's ``separate`` rebuilds an Estimator on every call (about
  1.5 s each).
* **Pieces, bounded memory.** A song goes through the network in 75 s windows
  with 3 s of context on each side (:class:`Chunking`, in :mod:`.chunking`),
  so a 20-minute song costs what a 75-second one does;
  :meth:`Separator.separate_file` streams from decoder to encoder without
  holding the song. The reference for the pieces is the network's own output
  for the whole song in one pass (:meth:`Separator.separate_array`);
  ``bench/separation.py`` prints how well each chunking agrees with it.
* **Overlapped, with progress.** The network runs on a thread of its own while
  the calling thread makes the next piece's spectrogram and the previous
  piece's stems (:mod:`.separator`); progress is reported after each block of
  that work and after each half of the network's, several times a piece.
* **Full band.** Spleeter's masks cover 0–11 kHz and are extended with zeros,
  which removes everything above 11 kHz from both stems (the "muffled" jam
  track). :attr:`Band.FULL` extends the vocal mask above 11 kHz with its mean
  over 5.5–11 kHz, frame by frame, and gives the rest to the accompaniment, so
  the two stems still sum to the mixture. :attr:`Band.SPLEETER` keeps
  Spleeter's zeros.
* **Single-precision spectrograms, made where they are used**
  (:mod:`.spectrogram`): scipy's float32 FFT, framed exactly as Spleeter
  frames it, a few hundred frames at a time.

Arrays are ``(channels, samples)`` as everywhere in JamWithMe; Spleeter's
``(frames, bins, channels)`` layout lives only inside the graph.

The modules, one job each: :mod:`.unet` the network, :mod:`.chunking` the plan
of pieces, :mod:`.spectrogram` the STFT work, :mod:`.separator` the runner.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from jamwithme.audio import AudioClip, AudioFormat, AudioReader, Limits, Source
from jamwithme.separation.chunking import FRAME_LENGTH, FRAME_STEP, Chunking, Piece, song_frames
from jamwithme.separation.separator import INSTRUMENTS, Progress, Separator, Stems
from jamwithme.separation.spectrogram import Band

__all__ = [
    "FRAME_LENGTH",
    "FRAME_STEP",
    "INSTRUMENTS",
    "Band",
    "Chunking",
    "Piece",
    "Progress",
    "Separator",
    "Stems",
    "get_separator",
    "separate",
    "separate_file",
    "song_frames",
]

_shared: Separator | None = None
_shared_lock = threading.Lock()


def get_separator() -> Separator:
    """The process-wide :class:`Separator`, built on first use (thread-safe)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Separator()
        return _shared


def separate(
    clip: AudioClip,
    *,
    band: Band = Band.FULL,
    progress: Progress | None = None,
    separator: Separator | None = None,
) -> Stems:
    """Separate ``clip`` into vocals and accompaniment with the shared model.

    See :meth:`Separator.separate`; pass ``separator`` to use a model you built.

    Examples
    --------
    >>> stems = separate(load("song.ogg"))  # doctest: +SKIP
    >>> jam_track = stems["accompaniment"]  # doctest: +SKIP
    """
    return (separator or get_separator()).separate(clip, band=band, progress=progress)


def separate_file(
    source: Source,
    outdir: str | os.PathLike,
    *,
    fmt: str | AudioFormat = AudioFormat.WAV,
    band: Band = Band.FULL,
    limits: Limits | None = None,
    progress: Progress | None = None,
    separator: Separator | None = None,
) -> dict[str, Path]:
    """Stream a file through separation into ``outdir/vocals.<ext>`` and ``outdir/accompaniment.<ext>``.

    The input is opened and checked before the model is loaded, so bad input is
    refused at once. Memory stays bounded whatever the song's length: blocks go
    from the decoder through the network to the encoder. Stems are written under
    temporary names and renamed when complete, so a failure leaves no
    half-written file and earlier results in ``outdir`` are kept.

    Returns
    -------
    dict
        The written paths by stem name.

    Raises
    ------
    AudioLoadError
        The input is not usable audio (see :func:`jamwithme.audio.load`).

    Examples
    --------
    >>> separate_file("song.mp3", "out", fmt="flac")  # doctest: +SKIP
    {'vocals': PosixPath('out/vocals.flac'), 'accompaniment': PosixPath('out/accompaniment.flac')}
    """
    with AudioReader(source, limits=limits) as reader:
        sep = separator or get_separator()
        return sep._separate_reader(reader, outdir, fmt=fmt, band=band, progress=progress)
