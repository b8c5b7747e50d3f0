"""Vocals / accompaniment separation with Spleeter's pretrained 2-stem U-Net.

The network is Spleeter's (``spleeter.model.functions.unet``) with Deezer's
checkpoint; what differs from ``spleeter.separator.Separator`` is around it:

* **Built once, for inference.** :class:`jamwithme.unet.MaskNetwork` builds
  the network once per process from the checkpoint's weights, with the ratio
  mask inside the graph; it agrees with Spleeter's own graph to float rounding.
  Spleeter's ``separate`` rebuilds an Estimator on every call (about 1.5 s each).
* **Pieces, bounded memory.** A song goes through the network in 75 s windows
  with 3 s of context on each side (see :class:`Chunking`), so a 20-minute song
  costs what a 75-second one does; :meth:`Separator.separate_file` streams from
  decoder to encoder without holding the song. The reference for the pieces is
  the network's own output for the whole song in one pass
  (:meth:`Separator.separate_array`); ``bench/separation.py`` prints how well
  each chunking agrees with it.
* **Overlapped.** The network runs on a thread of its own while this thread
  makes the next piece's spectrogram and the previous piece's stems.
* **Full band.** Spleeter's masks cover 0–11 kHz and are extended with zeros,
  which removes everything above 11 kHz from both stems (the "muffled" jam
  track). :attr:`Band.FULL` extends the vocal mask above 11 kHz with its mean
  over 5.5–11 kHz, frame by frame (sibilants follow the voice), and gives the
  rest to the accompaniment, so the two stems still sum to the mixture.
  :attr:`Band.SPLEETER` keeps Spleeter's zeros.
* **Single-precision spectrograms, made where they are used.** scipy's float32
  FFT, framed exactly as Spleeter frames it, a few hundred frames at a time:
  once for the network's input (only its magnitudes are kept) and again, for
  the frames that are heard, when the stems are made; in the full band one
  inverse STFT gives the vocals and the accompaniment is the mixture minus them.

Arrays are ``(channels, samples)`` as everywhere in JamWithMe; Spleeter's
``(frames, bins, channels)`` layout lives only inside the graph.
"""

from __future__ import annotations

import enum
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.fft

from jamwithme.audio import SAMPLE_RATE, AudioClip, AudioFormat, AudioReader, AudioWriter, Limits, Source
from jamwithme.errors import ParameterError
from jamwithme.unet import MODEL_BINS, TIME_MULTIPLE, MaskNetwork

logger = logging.getLogger("jamwithme")

Progress = Callable[[float], None]

INSTRUMENTS = ("vocals", "accompaniment")
FRAME_LENGTH = 4096
FRAME_STEP = 1024
N_BINS = FRAME_LENGTH // 2 + 1
SEGMENT_FRAMES = 512  # Spleeter's T: a song's frames are padded with silence to a multiple of it
ALIGN = FRAME_STEP * TIME_MULTIPLE  # 65536 samples, 1.49 s
#: 2/3: Hann analysis and synthesis windows at 75 % overlap sum to 1.5.
WINDOW_COMPENSATION = 2.0 / 3.0
#: Silent frames after a song beyond which the network's output for the song no longer changes: its output at
#: a frame depends on about 255 frames either side (six stride-2 5x5 layers down and up); measured, 192 already
#: gives the same bits as Spleeter's padding to 512 frames.
END_PADDING = 256
#: Frames transformed at a time (about 8 MB of complex spectrum per block).
BLOCK_FRAMES = 256


class Band(str, enum.Enum):
    """What happens above the 11 kHz the network sees."""

    FULL = "full"
    SPLEETER = "spleeter"


@dataclass(frozen=True)
class Chunking:
    """How a song is cut into overlapping pieces, each one pass of the network.

    A piece is ``window`` seconds of frames; neighbours overlap by ``2 * context``
    and their stems are cross-faded over ``crossfade`` seconds at the middle of
    the overlap, so what is heard is always at least ``context - crossfade / 2``
    seconds from a piece's edge, where the network sees zero padding. All three
    are rounded to the network's 64-frame grid (:data:`ALIGN` samples), so every
    piece sees exactly the frames one pass over the whole song would see.

    Why these values (``bench/separation.py`` prints the figures). The network's
    output at a frame depends on about 256 frames (5.9 s) on either side, less
    and less the farther out, so the context sets how close the pieces come to
    one pass over the whole song: 3 s (128 frames) agrees with it at 45 dB or
    more on both stems (the differences sit at the seams, far below hearing),
    and a 6 s context, the whole receptive field, costs more network time than
    its 100 dB more agreement is worth. The network's time per frame is the
    same for any window (0.58-0.60 ms of CPU from 1024 to 4288 frames), so the
    window only sets how much of its work is context: 256 frames a seam, so
    1.47 frames run per frame of Lets_Go_Fishin at 17.8 s, 1.13 at 46 s and
    1.04 at 75 s (1.06-1.08 for 3-5 minute songs). A window costs about 0.19 MB
    a frame (the network's activations, the piece's magnitudes and masks), and
    75 s (3200 frames) keeps every path at the 20-minute cap within 1.5 GB with
    room to spare (the app's job, with both models loaded, is the highest).
    """

    window: float = 75.0
    context: float = 3.0
    crossfade: float = 1.0

    def __post_init__(self) -> None:
        if not self.crossfade / 2 <= self.context < self.window / 4:
            raise ParameterError(
                f"Chunking(window={self.window}, context={self.context}, crossfade={self.crossfade}): "
                "need crossfade/2 <= context < window/4"
            )
        if self.hop_frames + self.pad_frames <= SEGMENT_FRAMES + FRAME_LENGTH // FRAME_STEP + 2:
            raise ParameterError(f"Chunking(window={self.window}): the window must be longer than 13 s")

    @property
    def pad_frames(self) -> int:
        """Context on each side of a piece, in frames (a multiple of 64)."""
        return max(1, round(self.context * SAMPLE_RATE / ALIGN)) * TIME_MULTIPLE

    @property
    def hop_frames(self) -> int:
        """Frames between the seams of consecutive pieces (a multiple of 64)."""
        hop = self.window - 2 * self.context
        return max(1, round(hop * SAMPLE_RATE / ALIGN)) * TIME_MULTIPLE

    @property
    def window_frames(self) -> int:
        """The most frames one piece puts through the network."""
        return self.hop_frames + 2 * self.pad_frames

    @property
    def fade(self) -> int:
        return int(round(self.crossfade * SAMPLE_RATE)) // 2 * 2


def song_frames(n: int) -> int:
    """Frames one pass over ``n`` samples takes, framed and padded as Spleeter does.

    A frame ``i`` covers samples ``[i * 1024 - 4096, i * 1024)`` (Spleeter puts
    one frame of zeros in front), one more frame gives the last samples their
    full overlap-add, and silence pads the count to a multiple of 512 frames,
    but to no more than :data:`END_PADDING` frames past the song: the network
    gives the song's frames bit for bit the same output with any padding longer
    than that, so the rest of Spleeter's would be work for nothing.
    """
    frames = -(-(n + FRAME_LENGTH) // FRAME_STEP) + 1
    spleeter = -(-frames // SEGMENT_FRAMES) * SEGMENT_FRAMES
    return min(spleeter, -(-(frames + END_PADDING) // TIME_MULTIPLE) * TIME_MULTIPLE)


@dataclass(frozen=True)
class _Piece:
    """One piece of a stream: samples from ``offset``, the frames ``[f0, f1)`` it puts through the network,
    and the samples ``[emit_from, emit_to)`` of the output it gives (``fade`` more for the next piece's crossfade).
    """

    samples: np.ndarray  # (2, m): samples offset .. offset + m of the song (zeros outside them)
    offset: int
    f0: int
    f1: int
    emit_from: int
    emit_to: int
    last: bool


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


# --------------------------------------------------------------------------- STFT


def _hann() -> np.ndarray:
    n = np.arange(FRAME_LENGTH)
    return (0.5 - 0.5 * np.cos(2 * np.pi * n / FRAME_LENGTH)).astype(np.float32)  # periodic, as Spleeter


_WINDOW = _hann()
#: The synthesis window with the overlap-add gain folded in.
_SYNTHESIS = _WINDOW * np.float32(WINDOW_COMPENSATION)


def _spectra(samples: np.ndarray, offset: int, f0: int, f1: int) -> Iterator[tuple[int, np.ndarray]]:
    """STFT of song frames ``[f0, f1)``, :data:`BLOCK_FRAMES` at a time: ``(first frame, (2, k, N_BINS) complex64)``.

    ``samples`` holds the song's samples from ``offset`` on; samples outside it
    are zeros. scipy's FFT keeps float32 in single precision (numpy's would
    compute in float64); against a float64 transform it agrees at about 138 dB.
    """
    for j0 in range(f0, f1, BLOCK_FRAMES):
        j1 = min(f1, j0 + BLOCK_FRAMES)
        lo, hi = j0 * FRAME_STEP - FRAME_LENGTH - offset, (j1 - 1) * FRAME_STEP - offset
        if lo >= 0 and hi <= samples.shape[1]:
            seg = samples[:, lo:hi]
        else:
            seg = np.zeros((samples.shape[0], hi - lo), np.float32)
            a, b = max(lo, 0), min(hi, samples.shape[1])
            if b > a:
                seg[:, a - lo : b - lo] = samples[:, a:b]
        frames = np.lib.stride_tricks.sliding_window_view(seg, FRAME_LENGTH, axis=1)[:, ::FRAME_STEP]
        yield j0, scipy.fft.rfft(frames * _WINDOW, axis=-1)


def _aligned(shape: tuple[int, ...]) -> np.ndarray:
    """An empty float32 array on a 64-byte boundary, which TensorFlow takes as a feed without copying it."""
    size = int(np.prod(shape)) * 4
    raw = np.empty(size + 64, np.uint8)
    at = -raw.ctypes.data % 64
    return raw[at : at + size].view(np.float32).reshape(shape)


def _magnitude(piece: _Piece) -> np.ndarray:
    """The network's input for a piece: ``(1, f1 - f0, MODEL_BINS, 2)`` float32 magnitudes of its frames."""
    out = _aligned((1, piece.f1 - piece.f0, MODEL_BINS, 2))
    for j0, spec in _spectra(piece.samples, piece.offset, piece.f0, piece.f1):
        out[0, j0 - piece.f0 : j0 - piece.f0 + spec.shape[1]] = np.abs(spec[:, :, :MODEL_BINS]).transpose(1, 2, 0)
    return out


def _synthesise(piece: _Piece, mask: np.ndarray, band: Band, start: int, stop: int) -> dict[str, np.ndarray]:
    """The stems of samples ``[start, stop)`` of ``piece`` from the vocal ``mask`` of its frames.

    Only the frames that reach those samples are transformed again and
    inverted, by overlap-add. In the full band the two masks sum to one in
    every bin and the windows rebuild the signal exactly, so one inverse STFT
    gives the vocals and the accompaniment is the mixture minus them.
    Spleeter's band zeroes both stems above 11 kHz, so there the accompaniment
    needs its own inverse.
    """
    i0 = max(piece.f0, start // FRAME_STEP + 1)  # the frames covering any of the samples
    i1 = min(piece.f1, (stop - 1) // FRAME_STEP + FRAME_LENGTH // FRAME_STEP + 1)
    base = i0 * FRAME_STEP - FRAME_LENGTH  # the song's sample at out[:, 0]
    full = band is Band.FULL
    out = np.zeros((2 if full else 4, (i1 - i0 + 3) * FRAME_STEP), np.float32)
    quarters = FRAME_LENGTH // FRAME_STEP
    for j0, spec in _spectra(piece.samples, piece.offset, i0, i1):
        m = mask[:, j0 - piece.f0 : j0 - piece.f0 + spec.shape[1]]
        if full:
            top = m[:, :, MODEL_BINS // 2 :].mean(axis=2, keepdims=True)
            spec[:, :, :MODEL_BINS] *= m
            spec[:, :, MODEL_BINS:] *= top
        else:
            low = spec[:, :, :MODEL_BINS]
            spec = np.concatenate([low * m, low * (1.0 - m)])  # irfft fills the bins above with zeros
        frames = scipy.fft.irfft(spec, n=FRAME_LENGTH, axis=-1)
        frames *= _SYNTHESIS
        at = (j0 - i0) * FRAME_STEP
        # The frame length is 4 hops: add each quarter of every frame in one strided pass.
        for q in range(quarters):
            part = frames[:, :, q * FRAME_STEP : (q + 1) * FRAME_STEP].reshape(out.shape[0], -1)
            out[:, at + q * FRAME_STEP : at + q * FRAME_STEP + part.shape[1]] += part
    waves = out[:, start - base : stop - base]
    if full:
        x = piece.samples[:, start - piece.offset : stop - piece.offset]
        return {"vocals": waves, "accompaniment": x - waves}
    return {"vocals": waves[:2], "accompaniment": waves[2:]}


# --------------------------------------------------------------------------- the separator


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

    def _masks(self, magnitude: np.ndarray) -> np.ndarray:
        """Spleeter's vocal ratio mask ``(2, frames, MODEL_BINS)`` for ``(1, frames, MODEL_BINS, 2)`` magnitudes."""
        return self._network.masks(magnitude)

    def separate_array(self, x: np.ndarray, *, band: Band = Band.FULL) -> dict[str, np.ndarray]:
        """Separate ``(2, n)`` float32 samples in one pass of the network over all of them (no pieces).

        This is the network's own output for the whole input, the reference the
        pieces of :meth:`separate_stream` are measured against. Memory grows
        with ``n`` (about 0.19 MB per frame, 43 frames a second): use
        :meth:`separate` or :meth:`separate_stream` for songs.
        """
        x = np.asarray(x, np.float32)
        n = x.shape[1]
        piece = _Piece(x, 0, 0, song_frames(n), 0, n, True)
        return _synthesise(piece, self._masks(_magnitude(piece)), Band(band), 0, n)

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
        known) lets ``progress`` receive the fraction done. The network runs on
        a thread of its own, one piece ahead of the stems given out.
        """
        band = Band(band)
        fade = self.chunking.fade
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32) if fade else None
        tail: dict[str, np.ndarray] | None = None  # previous piece over the coming crossfade

        def give(piece: _Piece, mask: np.ndarray) -> dict[str, np.ndarray]:
            nonlocal tail
            stop = piece.emit_to + (0 if piece.last else fade)
            stems = _synthesise(piece, mask, band, piece.emit_from, stop)
            size = piece.emit_to - piece.emit_from
            out = {}
            for name, wave in stems.items():
                seg = wave[:, :size].copy()
                if tail is not None and fade:
                    n_fade = min(fade, size)
                    r = ramp[:n_fade]
                    seg[:, :n_fade] = tail[name][:, :n_fade] * (1 - r) + seg[:, :n_fade] * r
                out[name] = seg
            tail = None if piece.last else {name: wave[:, size:].copy() for name, wave in stems.items()}
            return out

        # This thread makes the next piece's magnitudes and the previous piece's stems while the network
        # runs on the worker: at most three pieces' spectra are alive (the network's, one each side).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jamwithme-separation") as network:
            pending = None
            for piece in self._pieces(blocks):
                running = network.submit(self._masks, _magnitude(piece))
                if pending is not None:
                    yield give(pending[0], pending[1].result())
                    if progress is not None and total:
                        progress(min(1.0, pending[0].emit_to / total))
                pending = (piece, running)
            if pending is not None:
                yield give(pending[0], pending[1].result())
        if progress is not None:
            progress(1.0)

    def _pieces(self, blocks: Iterable[np.ndarray]) -> Iterator[_Piece]:
        """Cut a stream of ``(2, m)`` blocks into the overlapping pieces of :attr:`chunking`.

        Seams fall every ``hop_frames`` frames (the first one a context later,
        so the first piece fills a window too); each piece reaches
        ``pad_frames`` beyond its seams. When the stream has ended, the rest
        goes in one last piece ending where one pass over the whole song would
        end (:func:`song_frames`), made no longer than a window by moving the
        seam before it back if needed.
        """
        c = self.chunking
        hop, pad, window, fade = c.hop_frames, c.pad_frames, c.window_frames, c.fade
        buf = np.zeros((2, 0), np.float32)
        buf_start = 0  # the song's sample at buf[:, 0]
        seam = 0  # the frame where this piece's output starts (its left seam)
        emitted = 0
        source = iter(blocks)
        ended = False
        while True:
            f0 = max(0, seam - pad)
            next_seam = seam + hop if seam else hop + pad
            end = buf_start + buf.shape[1]
            if not ended and end < (next_seam + pad) * FRAME_STEP:
                block = next(source, None)
                if block is None:
                    ended = True
                else:
                    buf = np.concatenate([buf, np.asarray(block, np.float32)], axis=1)
                continue
            if ended and end == 0:
                return
            last = ended and song_frames(end) - f0 <= window
            if last:
                yield _Piece(buf, buf_start, f0, song_frames(end), emitted, end, True)
                return
            if ended:
                next_seam = min(next_seam, song_frames(end) - (window - pad))
            emit_to = next_seam * FRAME_STEP - fade // 2
            yield _Piece(buf, buf_start, f0, next_seam + pad, emitted, emit_to, False)
            emitted, seam = emit_to, next_seam
            keep_from = max(0, (seam - pad) * FRAME_STEP - FRAME_LENGTH) - buf_start
            buf = buf[:, keep_from:]  # a view: the piece just yielded keeps its samples
            buf_start += keep_from

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
        step = SAMPLE_RATE * 30
        blocks = (clip.samples[:, i : i + step] for i in range(0, clip.n_samples, step))
        parts: dict[str, list[np.ndarray]] = {name: [] for name in INSTRUMENTS}
        for out in self.separate_stream(blocks, band=band, total=clip.n_samples, progress=progress):
            for name, wave in out.items():
                parts[name].append(wave)
        return Stems({name: AudioClip(np.concatenate(p, axis=1), SAMPLE_RATE) for name, p in parts.items()})

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
        """Stream a file through separation into ``outdir/<stem>.<ext>``; see :func:`separate_file`."""
        return separate_file(source, outdir, fmt=fmt, band=band, limits=limits, progress=progress, separator=self)

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
