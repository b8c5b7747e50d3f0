"""The spectrogram work around the network: Spleeter's STFT in single precision, the masks applied, the inverse.

scipy's float32 FFT, framed exactly as Spleeter frames it, a few hundred frames
at a time (:data:`BLOCK_FRAMES`): once for the network's input (only its
magnitudes are kept, :func:`magnitude`) and again, for the frames that are
heard, when the stems are made (:func:`synthesise`). In the full band one
inverse STFT gives the vocals and the accompaniment is the mixture minus them.

Both take a ``step`` callback called after each block, which is how the
separator reports progress every few seconds of work.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator

import numpy as np
import scipy.fft

from jamwithme.separation.chunking import FRAME_LENGTH, FRAME_STEP, Piece
from jamwithme.separation.unet import MODEL_BINS

N_BINS = FRAME_LENGTH // 2 + 1
#: 2/3: Hann analysis and synthesis windows at 75 % overlap sum to 1.5.
WINDOW_COMPENSATION = 2.0 / 3.0
#: Frames transformed at a time (about 8 MB of complex spectrum per block).
BLOCK_FRAMES = 256

#: Called with the fraction of a piece's stage done after each block.
Step = Callable[[float], None]


class Band(str, enum.Enum):
    """What happens above the 11 kHz the network sees.

    ``FULL`` extends the vocal mask above 11 kHz with its mean over 5.5–11 kHz,
    frame by frame (sibilants follow the voice), and gives the rest to the
    accompaniment, so the two stems still sum to the mixture. ``SPLEETER`` keeps
    Spleeter's zeros up there (both stems lose the highs: the "muffled" jam track).
    """

    FULL = "full"
    SPLEETER = "spleeter"


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
    windowed = np.empty((samples.shape[0], min(BLOCK_FRAMES, max(f1 - f0, 0)), FRAME_LENGTH), np.float32)
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
        block = windowed[:, : j1 - j0]  # one buffer for every block: no fresh pages to fault in each time
        np.multiply(frames, _WINDOW, out=block)
        yield j0, scipy.fft.rfft(block, axis=-1)


def _aligned(shape: tuple[int, ...]) -> np.ndarray:
    """An empty float32 array on a 64-byte boundary, which TensorFlow takes as a feed without copying it."""
    size = int(np.prod(shape)) * 4
    raw = np.empty(size + 64, np.uint8)
    at = -raw.ctypes.data % 64
    return raw[at : at + size].view(np.float32).reshape(shape)


def magnitude(piece: Piece, step: Step | None = None) -> np.ndarray:
    """The network's input for a piece: ``(1, f1 - f0, MODEL_BINS, 2)`` float32 magnitudes of its frames."""
    out = _aligned((1, piece.f1 - piece.f0, MODEL_BINS, 2))
    for j0, spec in _spectra(piece.samples, piece.offset, piece.f0, piece.f1):
        # Straight into the network's layout, without a temporary and its transposed copy.
        np.abs(spec[:, :, :MODEL_BINS], out=out[0, j0 - piece.f0 : j0 - piece.f0 + spec.shape[1]].transpose(2, 0, 1))
        if step is not None:
            step((j0 + spec.shape[1] - piece.f0) / (piece.f1 - piece.f0))
    return out


def synthesise(
    piece: Piece, mask: np.ndarray, band: Band, start: int, stop: int, step: Step | None = None
) -> dict[str, np.ndarray]:
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
        if step is not None:
            step((j0 + spec.shape[1] - i0) / (i1 - i0))
    waves = out[:, start - base : stop - base]
    if full:
        x = piece.samples[:, start - piece.offset : stop - piece.offset]
        return {"vocals": waves, "accompaniment": x - waves}
    return {"vocals": waves[:2], "accompaniment": waves[2:]}
