"""librosa's phase vocoder (``engine="librosa"``), streamed a block of frames at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

#: librosa.effects.time_stretch's defaults: a 2048-point Hann STFT, hop 512, centred with zeros.
PV_N_FFT, PV_HOP = 2048, 512
#: Frames of output the streamed phase vocoder makes at a time.
PV_BLOCK_FRAMES = 512


def _librosa_stretch_blocks(
    samples: np.ndarray,
    rate: float,
    block_frames: int = PV_BLOCK_FRAMES,
    read: Callable[[int, int], None] | None = None,
) -> Iterator[np.ndarray]:
    """``librosa.effects.time_stretch(samples, rate=rate)`` as consecutive ``(channels, m)`` float32 blocks.

    The same STFT frames, the same phase vocoder loop (its phase accumulator
    carried from block to block) and the same overlap-add and window-sum
    normalisation as librosa 0.11, in the same order, a block of frames at a
    time, without the whole song's spectrogram (1.7 GB for 20 minutes of
    stereo). The samples are librosa's to within float32 rounding (2e-7):
    numpy rounds a magnitude's last bit differently with the spectrogram laid
    out differently in memory, and the error does not build up
    (``tests/test_blockwise.py``). ``read(start, stop)`` is called once samples
    ``start:stop`` have been read.
    """
    import librosa
    from librosa.core.fft import get_fftlib

    fft = get_fftlib()
    x = np.asarray(samples, np.float32)
    channels, n = x.shape
    n_fft, hop, half = PV_N_FFT, PV_HOP, PV_N_FFT // 2
    n_in = 1 + n // hop  # frames of the centred STFT
    steps = np.arange(0, n_in, rate, dtype=np.float64)
    length = int(round(n / rate))
    n_out = min(len(steps), int(np.ceil((length + 2 * half) / hop)))  # the frames istft reads
    phi_advance = hop * librosa.fft_frequencies(sr=2 * np.pi, n_fft=n_fft)
    window = librosa.util.pad_center(librosa.filters.get_window("hann", n_fft, fftbins=True), size=n_fft)
    win_sq = librosa.util.pad_center(librosa.util.normalize(librosa.filters.get_window("hann", n_fft), norm=None) ** 2,
                                     size=n_fft)  # fmt: skip

    spec, spec_at = np.zeros((channels, n_fft // 2 + 1, 0), np.complex64), 0  # input frames spec_at.. held

    def columns(f0: int, f1: int) -> np.ndarray:
        """Input STFT frames f0..f1 (zero beyond the last, as librosa pads two)."""
        nonlocal spec, spec_at
        if f0 > spec_at:
            spec, spec_at = spec[..., f0 - spec_at :], f0
        have = spec_at + spec.shape[-1]
        if f1 > have:
            g1 = min(n_in, max(f1, have + block_frames))
            if g1 > have:
                a, b = have * hop - half, (g1 - 1) * hop + half
                seg = x[:, max(a, 0) : min(b, n)]
                if a < 0 or b > n:
                    seg = np.pad(seg, ((0, 0), (max(-a, 0), max(b - n, 0))))
                new = librosa.stft(seg, n_fft=n_fft, hop_length=hop, center=False)
                if read is not None:  # samples read: a memory-mapped clip may let go of them
                    read(max(a, 0), min(b, n))
                spec = np.concatenate([spec, new], axis=-1)
            have = spec_at + spec.shape[-1]
            if f1 > have:
                spec = np.concatenate([spec, np.zeros((channels, spec.shape[1], f1 - have), np.complex64)], axis=-1)
        return spec[..., f0 - spec_at : f1 - spec_at]

    first = columns(0, 1)[..., 0]
    phase_acc = np.angle(first)
    acc = np.zeros((channels, 0), np.float32)  # overlap-add from padded sample acc_at on
    acc_at, emitted = 0, 0  # padded position of acc[0]; output samples handed out
    for t0 in range(0, n_out, block_frames):
        t1 = min(n_out, t0 + block_frames)
        lo = int(steps[t0])
        cols = columns(lo, int(steps[t1 - 1]) + 2)
        frames = np.zeros((channels, cols.shape[1], t1 - t0), np.complex64)
        for t in range(t0, t1):  # librosa.phase_vocoder's loop
            step = steps[t]
            c = cols[..., int(step) - lo : int(step) - lo + 2]
            alpha = np.mod(step, 1.0)
            mag = (1.0 - alpha) * np.abs(c[..., 0]) + alpha * np.abs(c[..., 1])
            frames[..., t - t0] = librosa.util.phasor(phase_acc, mag=mag)
            dphase = np.angle(c[..., 1]) - np.angle(c[..., 0]) - phi_advance
            dphase = dphase - 2.0 * np.pi * np.round(dphase / (2.0 * np.pi))
            phase_acc += phi_advance + dphase
        ytmp = window[:, None] * fft.irfft(frames, n=n_fft, axis=-2)  # librosa.istft's frames, its FFT library
        end = (t1 - 1) * hop + n_fft  # padded samples these frames reach
        if end - acc_at > acc.shape[1]:
            acc = np.concatenate([acc, np.zeros((channels, end - acc_at - acc.shape[1]), np.float32)], axis=1)
        for t in range(t0, t1):
            s = t * hop - acc_at
            acc[:, s : s + n_fft] += ytmp[..., t - t0]
        # samples no later frame reaches are final: normalise and hand them out
        done = min(t1 * hop, length + half) if t1 < n_out else length + half
        if done - half > emitted:
            lo_p, hi_p = emitted + half, done
            out = acc[:, lo_p - acc_at : hi_p - acc_at].copy()
            env = np.zeros(hi_p - lo_p, np.float32)  # librosa.filters.window_sumsquare over these samples
            for k in range(max(0, (lo_p - n_fft) // hop), min(n_out, (hi_p - 1) // hop + 1)):
                a, b = max(lo_p, k * hop), min(hi_p, k * hop + n_fft)
                if a < b:
                    env[a - lo_p : b - lo_p] += win_sq[a - k * hop : b - k * hop]
            nonzero = env > librosa.util.tiny(env)
            out[:, nonzero] /= env[nonzero]
            if out.shape[1] < hi_p - lo_p:
                out = np.pad(out, ((0, 0), (0, hi_p - lo_p - out.shape[1])))
            yield out
            emitted = done - half
            keep = done - acc_at
            acc, acc_at = acc[:, keep:], done
