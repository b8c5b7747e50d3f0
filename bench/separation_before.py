"""The separation path as it was before issue 15, kept only so bench/separation.py can time it side by side.

numpy's float64 FFT for both transforms, the accompaniment mask from the network
and one inverse STFT per stem in both bands. The
network, the framing and the chunking are the library's own (unchanged), so the
difference measured is exactly the spectrogram work. Never used by jamwithme/.
"""

from __future__ import annotations

import numpy as np

from jamwithme.separation import (
    _WINDOW,
    EPSILON,
    FRAME_LENGTH,
    FRAME_STEP,
    MODEL_BINS,
    SEGMENT_FRAMES,
    SEPARATION_EXPONENT,
    TIME_MULTIPLE,
    WINDOW_COMPENSATION,
    Band,
    Separator,
)


def _stft(x: np.ndarray, n_frames: int) -> np.ndarray:
    need = (n_frames - 1) * FRAME_STEP + FRAME_LENGTH
    if x.shape[1] < need:
        x = np.pad(x, ((0, 0), (0, need - x.shape[1])))
    frames = np.lib.stride_tricks.sliding_window_view(x, FRAME_LENGTH, axis=1)[:, ::FRAME_STEP][:, :n_frames]
    return np.fft.rfft(frames * _WINDOW, axis=-1).astype(np.complex64)


def _istft(spec: np.ndarray) -> np.ndarray:
    channels, n_frames, _ = spec.shape
    frames = np.fft.irfft(spec, n=FRAME_LENGTH, axis=-1).astype(np.float32) * (_WINDOW * WINDOW_COMPENSATION)
    ratio = FRAME_LENGTH // FRAME_STEP
    out = np.zeros((channels, (n_frames + ratio - 1) * FRAME_STEP), np.float32)
    for q in range(ratio):
        part = frames[:, :, q * FRAME_STEP : (q + 1) * FRAME_STEP].reshape(channels, -1)
        out[:, q * FRAME_STEP : q * FRAME_STEP + part.shape[1]] += part
    return out


class SeparatorBefore(Separator):
    """:class:`jamwithme.separation.Separator` with the spectrogram work as it was."""

    def _analyse(self, x, *, ends_song):
        n = x.shape[1]
        padded_len = n + 2 * FRAME_LENGTH
        n_frames = -(-(padded_len - FRAME_LENGTH) // FRAME_STEP) + 1
        multiple = SEGMENT_FRAMES if ends_song else TIME_MULTIPLE
        n_frames = -(-n_frames // multiple) * multiple
        padded = np.zeros((2, padded_len), np.float32)
        padded[:, FRAME_LENGTH : FRAME_LENGTH + n] = x
        spec = _stft(padded, n_frames)
        magnitude = np.ascontiguousarray(np.abs(spec[:, :, :MODEL_BINS]).transpose(1, 2, 0))
        with self._lock:
            vocals, accompaniment = self._session.run(self._outputs, {self._input: magnitude[None]})
        powers = [vocals[0] ** SEPARATION_EXPONENT, accompaniment[0] ** SEPARATION_EXPONENT]
        total = powers[0] + powers[1] + EPSILON
        return spec, [((p + EPSILON / 2) / total).transpose(2, 0, 1) for p in powers]

    @staticmethod
    def _synthesise(x, spec, masks, band):
        n = x.shape[1]
        vocal_mask, accomp_mask = masks
        out = {}
        for name, mask, other in (("vocals", vocal_mask, None), ("accompaniment", accomp_mask, vocal_mask)):
            full = np.zeros(spec.shape, np.float32)
            full[:, :, :MODEL_BINS] = mask
            if band is Band.FULL:
                top = vocal_mask[:, :, MODEL_BINS // 2 :].mean(axis=2, keepdims=True)
                full[:, :, MODEL_BINS:] = top if other is None else 1.0 - top
            out[name] = _istft(spec * full)[:, FRAME_LENGTH : FRAME_LENGTH + n]
        return out


if __name__ == "__main__":  # `make bench` runs every bench/*.py
    print("bench/separation_before.py is the old path that bench/separation.py times; nothing to run on its own")
