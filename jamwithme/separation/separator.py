"""The separator: the network on a thread of its own, the pieces through it, the stems out, progress as it goes.

:class:`Separator` builds the network once (:class:`~jamwithme.separation.unet.MaskNetwork`)
and runs it over the pieces of :class:`~jamwithme.separation.chunking.Chunking`;
this thread makes the next piece's magnitudes and the previous piece's stems
(:mod:`jamwithme.separation.spectrogram`) while the network works on the
worker, and cross-fades the pieces' stems at the seams with :func:`jamwithme.dsp.crossfade`.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from jamwithme.audio import SAMPLE_RATE, AudioClip, AudioFormat, AudioReader, AudioWriter, Limits, Source
from jamwithme.dsp import crossfade
from jamwithme.errors import ParameterError
from jamwithme.separation.chunking import Chunking, Piece, song_frames
from jamwithme.separation.spectrogram import Band, magnitude, synthesise
from jamwithme.separation.unet import MaskNetwork

Progress = Callable[[float], None]

INSTRUMENTS = ("vocals", "accompaniment")
#: A piece's share of the work by stage, from the CPU profile ``bench/separation.py`` prints (the network
#: 84 %, the stems 7 %, the magnitudes 6 %, the rest 2 %): progress moves by these as each stage gets
#: through the song.
STAGE_WEIGHTS = {"magnitudes": 0.06, "network": 0.85, "stems": 0.09}


class Stems(Mapping[str, AudioClip]):
    """Separated stems by name (``"vocals"``, ``"accompaniment"``), all of the input's length."""

    def __init__(self, clips: Mapping[str, AudioClip]):
        self._clips = dict(clips)

    def __getitem__(self, key: str) -> AudioClip:
        return self._clips[key]

    def __iter__(self):
        return iter(self._clips)

    def __len__(self) -> int:
        return len(self._clips)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v.duration:.2f}s" for k, v in self._clips.items())
        return f"Stems({inner})"


class Separator:
    """Spleeter's 2-stem U-Net, built once and safe to share between threads.

    Parameters
    ----------
    model_folder : path, optional
        Folder holding the checkpoint; default: :func:`jamwithme.models.ensure_model`.
    chunking : Chunking, optional
        How long songs are cut (default: 75 s windows, 3 s context, 1 s crossfade).

    Examples
    --------
    >>> separator = Separator()  # doctest: +SKIP
    >>> stems = separator.separate(load("song.ogg"))  # doctest: +SKIP
    >>> stems["accompaniment"].duration == stems["vocals"].duration  # doctest: +SKIP
    True
    """

    def __init__(self, model_folder: str | os.PathLike | None = None, *, chunking: Chunking | None = None):
        self.chunking = chunking or Chunking()
        if model_folder is None:
            from jamwithme.models import ensure_model

            model_folder = ensure_model()
        self.model_folder = Path(model_folder)
        from jamwithme.models import BUILD_LOCK, graph_built

        with BUILD_LOCK:
            self._network = MaskNetwork(self.model_folder)
            graph_built()  # Keras models made before this one must be rebuilt (see jamwithme.models)

    def masks(self, magnitudes: np.ndarray) -> np.ndarray:
        """Spleeter's vocal ratio mask ``(2, frames, MODEL_BINS)`` for ``(1, frames, MODEL_BINS, 2)`` magnitudes."""
        return self._network.masks(magnitudes)

    def separate_array(self, x: np.ndarray, *, band: Band = Band.FULL) -> dict[str, np.ndarray]:
        """Separate ``(2, n)`` float32 samples in one pass of the network over all of them (no pieces).

        This is the network's own output for the whole input, the reference the
        pieces of :meth:`separate_stream` are measured against. Memory grows
        with ``n`` (about 0.19 MB per frame, 43 frames a second): use
        :meth:`separate` or :meth:`separate_stream` for songs.
        """
        x = np.asarray(x, np.float32)
        n = x.shape[1]
        piece = Piece(x, 0, 0, song_frames(n), 0, n, True)
        return synthesise(piece, self.masks(magnitude(piece)), Band(band), 0, n)

    # -- streams
    def separate_stream(
        self,
        blocks: Iterable[np.ndarray],
        *,
        band: Band = Band.FULL,
        total: int | None = None,
        progress: Progress | None = None,
    ) -> Iterator[dict[str, np.ndarray]]:
        """Separate a stream of ``(2, m)`` blocks; yield ``{stem: (2, k)}`` blocks in order.

        Memory is bounded by the chunk size, whatever the stream's length. The
        output has exactly as many samples as the input. ``total`` (samples, if
        known) lets ``progress`` receive the fraction done, on this thread,
        after every block of spectrogram work and half of the network's work on
        a piece (several times a piece, every second or two of work), never
        going back, and 1.0 at the end. The network runs on a thread of its
        own, one piece ahead of the stems given out.
        """
        band = Band(band)
        fade = self.chunking.fade
        meter = _Meter(total, progress)
        tail: dict[str, np.ndarray] | None = None  # previous piece over the coming crossfade

        def give(piece: Piece, mask: np.ndarray) -> dict[str, np.ndarray]:
            nonlocal tail
            stop = piece.emit_to + (0 if piece.last else fade)
            stems = synthesise(piece, mask, band, piece.emit_from, stop, meter.step("stems", piece, before=relay))
            size = piece.emit_to - piece.emit_from
            out = {}
            for name, wave in stems.items():
                seg = wave[:, :size]  # views of arrays made for this piece alone: no copies
                if tail is not None and fade:
                    n = min(fade, size)
                    # The two sides are the same music from two pieces (alike to 45 dB or more): equal gain.
                    seg[:, :n] = crossfade(tail[name][:, :n], seg[:, :n], rho=1.0, shape="linear")
                out[name] = seg
            tail = None if piece.last else {name: wave[:, size:] for name, wave in stems.items()}
            return out

        # The network's progress comes from its thread through `events`; this thread reports it.
        events: queue.SimpleQueue = queue.SimpleQueue()
        finished = 0  # network runs whose end this thread has seen

        def run(piece: Piece, magnitudes: np.ndarray) -> np.ndarray:
            try:
                return self._network.masks(magnitudes, lambda f: events.put((piece, f)))
            finally:
                events.put(None)

        def relay(until: int = 0) -> None:
            """Report the network's steps so far, waiting until ``until`` runs have ended."""
            nonlocal finished
            while True:
                try:
                    event = events.get_nowait() if finished >= until else events.get()
                except queue.Empty:
                    return
                if event is None:
                    finished += 1
                else:
                    meter.step("network", event[0])(event[1])

        # This thread makes the next piece's magnitudes and the previous piece's stems while the network
        # runs on the worker: at most three pieces' spectra are alive (the network's, one each side).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jamwithme-separation") as network:
            pending = None
            submitted = 0
            for piece in self.chunking.pieces(blocks):
                magnitudes = magnitude(piece, meter.step("magnitudes", piece, before=relay))
                running = network.submit(run, piece, magnitudes)
                submitted += 1
                if pending is not None:
                    relay(until=submitted - 1)
                    yield give(pending[0], pending[1].result())
                pending = (piece, running)
            if pending is not None:
                relay(until=submitted)
                yield give(pending[0], pending[1].result())
        if progress is not None and meter.reported < 1.0:
            progress(1.0)

    def separate(self, clip: AudioClip, *, band: Band = Band.FULL, progress: Progress | None = None) -> Stems:
        """Separate a clip into vocals and accompaniment.

        Parameters
        ----------
        clip : AudioClip
            Stereo 44.1 kHz, as :func:`jamwithme.audio.load` returns.
        band : Band
            ``Band.FULL`` (default) keeps the accompaniment's highs above 11 kHz;
            ``Band.SPLEETER`` reproduces Spleeter's band-limited output.
        progress : callable, optional
            Called with the fraction done, from 0 to 1.

        Returns
        -------
        Stems
            ``"vocals"`` and ``"accompaniment"``, each ``[shape=(2, n)]`` like the input.

        Raises
        ------
        ParameterError
            The clip is not stereo 44.1 kHz or is empty.
        """
        band = Band(band)
        if clip.sample_rate != SAMPLE_RATE or clip.channels != 2:
            raise ParameterError(
                f"separation needs stereo {SAMPLE_RATE} Hz audio, got {clip.channels} channel(s) "
                f"at {clip.sample_rate} Hz (load it with jamwithme.audio.load)"
            )
        if clip.n_samples == 0:
            raise ParameterError("cannot separate an empty clip (0 samples)")
        blocks = [clip.samples]  # the pieces are views of it
        stems = {name: np.empty_like(clip.samples) for name in INSTRUMENTS}
        done = 0
        for out in self.separate_stream(blocks, band=band, total=clip.n_samples, progress=progress):
            size = out[INSTRUMENTS[0]].shape[1]
            for name, wave in out.items():
                stems[name][:, done : done + size] = wave
            done += size
        return Stems({name: AudioClip(wave, SAMPLE_RATE) for name, wave in stems.items()})

    def separate_file(
        self,
        source: Source,
        outdir: str | os.PathLike,
        *,
        fmt: str | AudioFormat = AudioFormat.WAV,
        band: Band = Band.FULL,
        limits: Limits | None = None,
        progress: Progress | None = None,
    ) -> dict[str, Path]:
        """Stream a file into ``outdir/<stem>.<ext>``; see :func:`jamwithme.separation.separate_file`."""
        with AudioReader(source, limits=limits) as reader:
            return self._separate_reader(reader, outdir, fmt=fmt, band=band, progress=progress)

    def _separate_reader(self, reader: AudioReader, outdir, *, fmt, band, progress) -> dict[str, Path]:
        fmt = AudioFormat.parse(fmt)
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        paths = {name: outdir / f"{name}.{fmt.extension}" for name in INSTRUMENTS}
        partial = {name: path.with_name(f".{path.name}.part") for name, path in paths.items()}
        total = int(reader.info.duration * SAMPLE_RATE) if reader.info.duration else None
        writers = {name: AudioWriter(partial[name], fmt) for name in INSTRUMENTS}
        try:
            stream = self.separate_stream(reader.blocks(SAMPLE_RATE * 10), band=Band(band), total=total,
                                          progress=progress)  # fmt: skip
            for out in stream:
                for name, wave in out.items():
                    writers[name].write(wave)
        except BaseException:
            for name, writer in writers.items():
                writer.close()
                partial[name].unlink(missing_ok=True)
            raise
        for writer in writers.values():
            writer.close()
        for name in INSTRUMENTS:
            partial[name].replace(paths[name])
        return paths


class _Meter:
    """The fraction of a stream's work done, from how far through the song each stage has got.

    Each stage (:data:`STAGE_WEIGHTS`) is at a sample of the song: a piece's
    stage that is a fraction ``f`` done is at ``f`` of the way through the
    samples the piece gives out. The fraction reported is the weighted sum
    over ``total``, reported only when it has grown, so it never goes back.
    """

    def __init__(self, total: int | None, progress: Progress | None):
        self.total = total if progress is not None and total else None
        self.progress = progress
        self.at = dict.fromkeys(STAGE_WEIGHTS, 0.0)
        self.reported = 0.0

    def step(self, stage: str, piece: Piece, before: Callable[[], None] | None = None) -> Callable[[float], None]:
        """A callback taking the fraction of ``piece``'s ``stage`` done (``before`` is called first)."""

        def done(fraction: float) -> None:
            if before is not None:
                before()
            self.at[stage] = max(self.at[stage], piece.emit_from + fraction * (piece.emit_to - piece.emit_from))
            if self.total is not None:
                value = min(1.0, sum(w * self.at[s] for s, w in STAGE_WEIGHTS.items()) / self.total)
                if value > self.reported:
                    self.reported = value
                    self.progress(value)

        return done
