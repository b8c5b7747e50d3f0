"""Vocals / accompaniment separation with Spleeter's pretrained 2-stem U-Net.

The network is Spleeter's own (``spleeter.model.functions.unet``) with Deezer's
checkpoint; what differs from ``spleeter.separator.Separator`` is around it:

* **Built once.** The TensorFlow graph and session are built once per process
  and fed magnitude spectrograms; Spleeter's ``separate`` rebuilds an Estimator
  and restores the checkpoint on every call (about 1.5 s each).
* **Bounded memory.** Audio is processed in overlapping chunks of 17.8 s
  (one U-Net window each) and cross-faded, so a 10-minute song costs what a
  24-second one does; :meth:`Separator.separate_file` streams from decoder to
  encoder without ever holding the whole song. No 10-minute cut-off.
* **Full band.** Spleeter's masks cover 0–11 kHz and are extended with zeros,
  which removes everything above 11 kHz from both stems (the "muffled" jam
  track). :attr:`Band.FULL` extends the vocal mask above 11 kHz with its mean
  over 5.5–11 kHz, frame by frame (sibilants follow the voice), and gives the
  rest to the accompaniment, so the two stems still sum to the mixture.
  :attr:`Band.SPLEETER` keeps Spleeter's zeros.
* **Single-precision spectrograms.** scipy's float32 FFT, framed exactly as
  Spleeter frames it, so the network sees the same spectrograms; in the full
  band one inverse STFT gives the vocals and the accompaniment is the mixture
  minus them. The stems agree with those of the float64 path they replaced
  at about 130 dB (``tests/separation_reference.py``).

Arrays are ``(channels, samples)`` as everywhere in JamWithMe; Spleeter's
``(frames, bins, channels)`` layout lives only inside this module.
"""

from __future__ import annotations

import enum
import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.fft

from jamwithme.audio import SAMPLE_RATE, AudioClip, AudioFormat, AudioReader, AudioWriter, Limits, Source
from jamwithme.errors import ModelError, ParameterError

logger = logging.getLogger("jamwithme")

Progress = Callable[[float], None]

INSTRUMENTS = ("vocals", "accompaniment")
FRAME_LENGTH = 4096
FRAME_STEP = 1024
N_BINS = FRAME_LENGTH // 2 + 1
MODEL_BINS = 1024  # Spleeter's F: the network sees 0-11 kHz
TIME_MULTIPLE = 64  # six stride-2 layers: frames must divide by 2**6
SEGMENT_FRAMES = 512  # Spleeter's T: the segment length it trained and separates with
ALIGN = FRAME_STEP * TIME_MULTIPLE  # 65536 samples, 1.49 s
SEPARATION_EXPONENT = 2
EPSILON = 1e-10
#: 2/3: Hann analysis and synthesis windows at 75 % overlap sum to 1.5.
WINDOW_COMPENSATION = 2.0 / 3.0


class Band(str, enum.Enum):
    """What happens above the 11 kHz the network sees."""

    FULL = "full"
    SPLEETER = "spleeter"


@dataclass(frozen=True)
class Chunking:
    """How a song is cut into overlapping pieces, each one U-Net window.

    ``window`` seconds are analysed per piece; neighbours overlap by
    ``2 * context``; their outputs are cross-faded over ``crossfade`` seconds in
    the middle of the overlap, so the few seconds nearest a piece's edge (where
    the network sees zero padding) are never heard.
    """

    window: float = 17.8
    context: float = 3.0
    crossfade: float = 1.0

    def __post_init__(self) -> None:
        if not self.crossfade / 2 <= self.context < self.window / 4:
            raise ParameterError(
                f"Chunking(window={self.window}, context={self.context}, crossfade={self.crossfade}): "
                "need crossfade/2 <= context < window/4"
            )

    # Piece boundaries sit on multiples of ALIGN samples: on the STFT frame grid,
    # and on the 64-frame grid of the network's strided layers, so every piece
    # sees exactly the frames a single whole-song pass would see.
    @property
    def hop(self) -> int:
        return max(1, round((self.window - 2 * self.context) * SAMPLE_RATE / ALIGN)) * ALIGN

    @property
    def pad(self) -> int:
        return max(1, round(self.context * SAMPLE_RATE / ALIGN)) * ALIGN

    @property
    def fade(self) -> int:
        return int(round(self.crossfade * SAMPLE_RATE)) // 2 * 2


@dataclass(frozen=True)
class _Piece:
    """One piece of a stream: its samples from ``start``, and which of them it contributes to the output."""

    samples: np.ndarray  # (2, n)
    start: int
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


def _stft(x: np.ndarray, n_frames: int) -> np.ndarray:
    """``(2, m)`` padded float32 signal to ``(2, n_frames, N_BINS)`` complex64, as Spleeter frames it.

    scipy's FFT keeps float32 in single precision (numpy's would compute in
    float64); against a float64 transform it agrees at about 138 dB.
    """
    need = (n_frames - 1) * FRAME_STEP + FRAME_LENGTH
    if x.shape[1] < need:
        x = np.pad(x, ((0, 0), (0, need - x.shape[1])))
    frames = np.lib.stride_tricks.sliding_window_view(x, FRAME_LENGTH, axis=1)[:, ::FRAME_STEP][:, :n_frames]
    return scipy.fft.rfft(frames * _WINDOW, axis=-1)


def _istft(spec: np.ndarray) -> np.ndarray:
    """Inverse of :func:`_stft` by overlap-add: ``(c, n_frames, N_BINS)`` complex64 to ``(c, samples)`` float32."""
    channels, n_frames, _ = spec.shape
    frames = scipy.fft.irfft(spec, n=FRAME_LENGTH, axis=-1)
    frames *= _SYNTHESIS
    ratio = FRAME_LENGTH // FRAME_STEP
    out = np.zeros((channels, (n_frames + ratio - 1) * FRAME_STEP), np.float32)
    # The frame length is 4 hops: add each quarter of every frame in one strided pass.
    for q in range(ratio):
        part = frames[:, :, q * FRAME_STEP : (q + 1) * FRAME_STEP].reshape(channels, -1)
        out[:, q * FRAME_STEP : q * FRAME_STEP + part.shape[1]] += part
    return out


# --------------------------------------------------------------------------- the model


class Separator:
    """Spleeter's 2-stem U-Net, built once and safe to share between threads.

    Parameters
    ----------
    model_folder : path, optional
        Folder holding the checkpoint; default: :func:`jamwithme.models.ensure_model`.
    chunking : Chunking, optional
        How long songs are cut (default: 17.8 s windows, 3 s context, 1 s crossfade).

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
        self._lock = threading.Lock()
        from jamwithme.models import BUILD_LOCK, graph_built

        with BUILD_LOCK:
            self._build()
            graph_built()  # Keras models made before this one must be rebuilt (see jamwithme.models)

    def _build(self) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow as tf
        from spleeter.model.functions.unet import unet

        tf.get_logger().setLevel(logging.ERROR)
        checkpoint = tf.train.latest_checkpoint(str(self.model_folder))
        if checkpoint is None:
            raise ModelError(f"no checkpoint found in {self.model_folder}")
        self._graph = tf.Graph()
        with self._graph.as_default():
            with warnings.catch_warnings():  # deprecated, but what makes Keras layers infer
                warnings.simplefilter("ignore")
                tf.compat.v1.keras.backend.set_learning_phase(0)
            self._input = tf.compat.v1.placeholder(
                tf.float32, shape=(None, None, MODEL_BINS, 2), name="mix_spectrogram"
            )
            outputs = unet(self._input, list(INSTRUMENTS), {})
            self._outputs = [outputs[f"{name}_spectrogram"] for name in INSTRUMENTS]
            config = tf.compat.v1.ConfigProto()
            self._session = tf.compat.v1.Session(graph=self._graph, config=config)
            try:
                tf.compat.v1.train.Saver().restore(self._session, checkpoint)
            except Exception as exc:
                raise ModelError(f"could not load the checkpoint in {self.model_folder}: {exc}") from exc
        self._graph.finalize()

    # -- one piece, in two stages: the network's side and the synthesis
    def _analyse(self, x: np.ndarray, *, ends_song: bool) -> tuple[np.ndarray, np.ndarray]:
        """STFT of ``(2, n)`` samples and the vocal ratio mask: ``spec (2, T, N_BINS)``, ``mask (2, T, MODEL_BINS)``.

        Spleeter puts one frame of zeros in front; one more at the end gives the
        last samples their full overlap-add. Frames are padded to a multiple of
        Spleeter's 512-frame segment where the padding is heard (``ends_song``),
        else to the network's 64-frame grid (see :meth:`separate_array`).
        """
        n = x.shape[1]
        padded_len = n + 2 * FRAME_LENGTH
        n_frames = -(-(padded_len - FRAME_LENGTH) // FRAME_STEP) + 1
        multiple = SEGMENT_FRAMES if ends_song else TIME_MULTIPLE
        n_frames = -(-n_frames // multiple) * multiple
        padded = np.zeros((2, padded_len), np.float32)
        padded[:, FRAME_LENGTH : FRAME_LENGTH + n] = x
        spec = _stft(padded, n_frames)  # (2, T, N_BINS)
        magnitude = np.ascontiguousarray(np.abs(spec[:, :, :MODEL_BINS]).transpose(1, 2, 0))  # (T, F, 2)
        return spec, self._vocal_mask(magnitude).transpose(2, 0, 1)

    def _vocal_mask(self, magnitude: np.ndarray) -> np.ndarray:
        """Spleeter's vocal ratio mask for ``(frames, MODEL_BINS, 2)`` magnitudes; the accompaniment's is 1 minus it."""
        with self._lock:  # one piece at a time: bounded memory, and TF uses both cores anyway
            vocals, accompaniment = self._session.run(self._outputs, {self._input: magnitude[None]})
        vocals = vocals[0] ** SEPARATION_EXPONENT
        total = vocals + accompaniment[0] ** SEPARATION_EXPONENT + EPSILON
        return (vocals + EPSILON / 2) / total

    @staticmethod
    def _synthesise(x: np.ndarray, spec: np.ndarray, mask: np.ndarray, band: Band) -> dict[str, np.ndarray]:
        """The stems of ``x`` from its STFT ``spec`` and the vocal ``mask`` (see :meth:`_analyse`).

        In the full band the two masks sum to one in every bin, and the windows
        reconstruct exactly, so one inverse STFT gives the vocals and the
        accompaniment is the mixture minus them. Spleeter's band zeroes both
        stems above 11 kHz, so there the accompaniment needs its own inverse.
        """
        n = x.shape[1]
        low = spec[:, :, :MODEL_BINS]
        if band is Band.FULL:
            vocal = np.empty_like(spec)
            np.multiply(low, mask, out=vocal[:, :, :MODEL_BINS])
            top = mask[:, :, MODEL_BINS // 2 :].mean(axis=2, keepdims=True)
            np.multiply(spec[:, :, MODEL_BINS:], top, out=vocal[:, :, MODEL_BINS:])
            vocals = _istft(vocal)[:, FRAME_LENGTH : FRAME_LENGTH + n]
            return {"vocals": vocals, "accompaniment": x - vocals}
        both = np.zeros((4, *spec.shape[1:]), spec.dtype)
        np.multiply(low, mask, out=both[:2, :, :MODEL_BINS])
        np.multiply(low, 1.0 - mask, out=both[2:, :, :MODEL_BINS])
        waves = _istft(both)[:, FRAME_LENGTH : FRAME_LENGTH + n]
        return {"vocals": waves[:2], "accompaniment": waves[2:]}

    def separate_array(self, x: np.ndarray, *, band: Band = Band.FULL, ends_song: bool = True) -> dict[str, np.ndarray]:
        """Separate ``(2, n)`` float32 samples in one U-Net window (no chunking).

        Memory grows with ``n``: use :meth:`separate` or :meth:`separate_stream` for songs.
        ``ends_song`` pads the frames with silence to a multiple of Spleeter's
        512-frame segment, as Spleeter does, where that padding is heard (the
        song's end); pieces cut from the middle of a song pad only to the
        network's 64-frame grid, since their edges fall in discarded context.
        """
        x = np.asarray(x, np.float32)
        spec, mask = self._analyse(x, ends_song=ends_song)
        return self._synthesise(x, spec, mask, Band(band))

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
        known) lets ``progress`` receive the fraction done.
        """
        band = Band(band)
        fade = self.chunking.fade
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32) if fade else None
        tail: dict[str, np.ndarray] | None = None  # previous piece over the coming crossfade
        # One piece at a time: analysing the next piece on a thread while this one
        # is synthesised measured 0.95 of the time (rounds 0.81-1.39) on the 2
        # shared cores, within the noise, so it is not done.
        for piece in self._pieces(blocks):
            spec, mask = self._analyse(piece.samples, ends_song=piece.last)
            stems = self._synthesise(piece.samples, spec, mask, band)
            lo, hi = piece.emit_from - piece.start, piece.emit_to - piece.start
            out = {}
            for name, wave in stems.items():
                seg = wave[:, lo:hi].copy()
                if tail is not None and fade:
                    n_fade = min(fade, seg.shape[1])
                    r = ramp[:n_fade]
                    seg[:, :n_fade] = tail[name][:, :n_fade] * (1 - r) + seg[:, :n_fade] * r
                out[name] = seg
            if not piece.last:
                tail = {name: wave[:, hi : hi + fade] for name, wave in stems.items()}
            yield out
            if progress is not None and total:
                progress(min(1.0, piece.emit_to / total))
        if progress is not None:
            progress(1.0)

    def _pieces(self, blocks: Iterable[np.ndarray]) -> Iterator[_Piece]:
        """Cut a stream of ``(2, m)`` blocks into the overlapping pieces of :attr:`chunking`."""
        c = self.chunking
        hop, pad, fade = c.hop, c.pad, c.fade
        buf = np.zeros((2, 0), np.float32)
        buf_start = 0  # absolute index of buf[:, 0]
        k = 0
        emitted = 0
        source = iter(blocks)
        ended = False
        while True:
            end = buf_start + buf.shape[1]
            if not ended and end < (k + 1) * hop + pad:
                block = next(source, None)
                if block is None:
                    ended = True
                else:
                    buf = np.concatenate([buf, np.asarray(block, np.float32)], axis=1)
                continue
            if ended and emitted >= end:
                return
            last = ended and end <= (k + 1) * hop + pad
            a0 = max(0, k * hop - pad)
            a1 = end if last else (k + 1) * hop + pad
            e1 = end if last else (k + 1) * hop - fade // 2
            yield _Piece(buf[:, a0 - buf_start : a1 - buf_start], start=a0, emit_from=emitted, emit_to=e1, last=last)
            if last:
                return
            emitted = e1
            k += 1
            keep_from = max(0, k * hop - pad) - buf_start
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
