"""The spectral features every part of the analysis reads, made once per song.

A leaf of :mod:`jamwithme.analysis`: the tracker (:mod:`~jamwithme.analysis.rhythm`), the metre
(:mod:`~jamwithme.analysis.metre`) and the attacks (:mod:`~jamwithme.analysis.attacks`) all read
these features and constants, so they live below the three (they were in ``rhythm``, which
imported ``metre`` and ``attacks`` back: an import circle).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jamwithme.audio import AudioClip
from jamwithme.errors import ParameterError

#: Analysis runs at this rate: beats and chroma need nothing above 11 kHz.
ANALYSIS_RATE = 22050
HOP_LENGTH = 256
N_FFT = 2048
#: Frames (46 ms) librosa shifts :attr:`Features.onset` by, for a centred framing the log mel already has:
#: it peaks a frame after an attack, and this many frames after the unshifted band rises
#: (:meth:`Features.band_onset`, :func:`jamwithme.analysis.drum_bands.percussive_bands`), which the 93 ms
#: window meets three frames before the attack. No beat is placed by it: the tracker's lag is measured
#: song by song (:func:`jamwithme.analysis.attacks.attacks`) and the grid sits on the fine onsets.
ONSET_DELAY = N_FFT // (2 * HOP_LENGTH)
#: Chroma bins per octave of the rhythm, key and section analysis.
CHROMA_BINS = 12
#: Spectrogram frames made at a time (about 48 s at HOP_LENGTH): memory stays flat with a song's length.
BLOCK_FRAMES = 4096
#: Fine onset envelope for placing beats on their attacks: hop and window in samples at ANALYSIS_RATE.
FINE_HOP = 32
FINE_FFT = 256


@dataclass(frozen=True, eq=False)
class Features:
    """Spectral features of a clip at :data:`ANALYSIS_RATE`, shared by every part of the analysis.

    Parameters
    ----------
    y : np.ndarray [shape=(n,), dtype=float32]
        The mono signal at :data:`ANALYSIS_RATE`.
    chromas : dict of int to np.ndarray [shape=(bins, frames)]
        Chroma (``librosa.feature.chroma_stft``, tuning 0) by bins per octave; see :meth:`chroma`.
    log_mel : np.ndarray [shape=(128, frames)]
        Log mel spectrogram (dB below the loudest bin).
    onset : np.ndarray [shape=(frames,)]
        Onset strength over all bands.
    """

    y: np.ndarray
    chromas: dict
    log_mel: np.ndarray
    onset: np.ndarray

    @property
    def frame_rate(self) -> float:
        return ANALYSIS_RATE / HOP_LENGTH

    @property
    def duration(self) -> float:
        return self.y.size / ANALYSIS_RATE

    def chroma(self, bins: int = 12) -> np.ndarray:
        """Chroma with ``bins`` per octave, shape ``(bins, frames)``, hop :data:`HOP_LENGTH`.

        Raises
        ------
        ParameterError
            That resolution was not asked of :func:`features`.
        """
        if bins not in self.chromas:
            raise ParameterError(f"chroma with {bins} bins was not computed: pass chroma_bins=({bins},) to features()")
        return self.chromas[bins]

    def band_onset(self, lo: float, hi: float) -> np.ndarray:
        """Mean positive log-mel difference over the mel bands between ``lo`` and ``hi`` Hz, shape ``(frames,)``."""
        import librosa

        freqs = librosa.mel_frequencies(n_mels=self.log_mel.shape[0] + 2, fmax=ANALYSIS_RATE / 2)[1:-1]
        rows = self.log_mel[(freqs >= lo) & (freqs < hi)]
        flux = np.maximum(0.0, np.diff(rows, axis=1, prepend=rows[:, :1]))
        return flux.mean(axis=0)


def features(clip: AudioClip, *, chroma_bins: tuple[int, ...] = (CHROMA_BINS,)) -> Features:
    """Resample a clip to :data:`ANALYSIS_RATE`; its chroma, log mel and onset strength.

    The spectrogram is made :data:`BLOCK_FRAMES` frames at a time and reduced
    at once to what the analysis reads (chroma, mel bands), so memory does not
    grow with a whole song's spectrogram: a 20-minute song's would be 0.4 GB,
    and four times that while it is made. The frames are those of one
    centred ``librosa.stft`` of the whole signal.

    Parameters
    ----------
    clip : AudioClip
    chroma_bins : tuple of int
        The chroma resolutions to keep (bins per octave); see :meth:`Features.chroma`.

    Raises
    ------
    ParameterError
        Not an AudioClip, or shorter than one analysis window.
    """
    import librosa

    if not isinstance(clip, AudioClip):
        raise ParameterError(f"clip must be an AudioClip, got {type(clip).__name__}")
    sr = ANALYSIS_RATE
    y = analysis_signal(clip)
    if y.size < N_FFT:
        raise ParameterError(f"the clip is {clip.duration:.2f} s long: too short to find beats in")
    mel_basis = librosa.filters.mel(sr=sr, n_fft=N_FFT, n_mels=128)
    chromas: dict[int, np.ndarray] = dict.fromkeys(chroma_bins)
    # One pass for the mel bands and every chroma: stack the bases.
    bases = [mel_basis] + [librosa.filters.chroma(sr=sr, n_fft=N_FFT, tuning=0.0, n_chroma=b) for b in chromas]
    stacked = _reduced_power(y, N_FFT, HOP_LENGTH, np.vstack(bases).astype(np.float32))
    rows = np.cumsum([0] + [b.shape[0] for b in bases])
    mel = stacked[: rows[1]]
    for i, bins in enumerate(chromas, start=1):
        raw = stacked[rows[i] : rows[i + 1]]
        chromas[bins] = librosa.util.normalize(raw, norm=np.inf, axis=-2)  # as chroma_stft
    log_mel = librosa.power_to_db(mel, ref=np.max)
    onset = librosa.onset.onset_strength(S=log_mel, sr=sr, hop_length=HOP_LENGTH)  # ONSET_DELAY frames late
    return Features(y=y, chromas=chromas, log_mel=log_mel, onset=onset)


def analysis_signal(clip: AudioClip) -> np.ndarray:
    """The clip's mono mix at :data:`ANALYSIS_RATE`, float32, read block by block.

    Identical to resampling ``clip.mono()`` in one go (soxr's stream gives the
    same samples), without holding the full-rate song: a clip memory-mapped
    from the store lets go of each block once read (:func:`jamwithme.audio.blocks_of`).
    """
    from jamwithme.audio import mono_blocks

    if clip.sample_rate == ANALYSIS_RATE:
        return clip.mono().astype(np.float32)
    out = np.empty(int(clip.n_samples * ANALYSIS_RATE / clip.sample_rate) + 64, np.float32)
    filled = 0
    for part in mono_blocks(clip, ANALYSIS_RATE):
        if filled + part.size > out.size:  # never expected: soxr gives ceil(n * ratio)
            out = np.concatenate([out[:filled], np.empty(part.size + out.size // 8, np.float32)])
        out[filled : filled + part.size] = part
        filled += part.size
    return out[:filled]


def _reduced_power(y: np.ndarray, n_fft: int, hop: int, basis: np.ndarray | list) -> np.ndarray | list:
    """``basis @ |stft(y)|**2`` for a centred, zero-padded STFT (librosa's framing), made a block of frames at a time.

    Returns ``(basis rows, 1 + len(y) // hop)`` float32, the frames of
    ``librosa.stft(y, n_fft=n_fft, hop_length=hop)``. Given a list of bases,
    one STFT serves them all: a list of arrays, each the same numbers as its
    basis alone gives (each product is its own), and each can be let go of
    on its own.
    """
    import librosa

    bases = [np.asarray(b, np.float32) for b in basis] if isinstance(basis, list) else [basis.astype(np.float32)]
    half = n_fft // 2  # librosa's centring, pad_mode="constant": frame f covers y[f*hop - half : f*hop + half]
    n_frames = 1 + y.size // hop
    outs = [np.empty((b.shape[0], n_frames), np.float32) for b in bases]
    for f0 in range(0, n_frames, BLOCK_FRAMES):
        f1 = min(n_frames, f0 + BLOCK_FRAMES)
        a, b = f0 * hop - half, (f1 - 1) * hop + half
        seg = y[max(a, 0) : min(b, y.size)]
        if a < 0 or b > y.size:
            seg = np.pad(seg, (max(-a, 0), max(b - y.size, 0)))
        spec = librosa.stft(seg, n_fft=n_fft, hop_length=hop, center=False)
        power = spec.real**2 + spec.imag**2
        for out, reduce in zip(outs, bases):
            out[:, f0:f1] = reduce @ power
    return outs if isinstance(basis, list) else outs[0]


def _onset_flux(log_mel: np.ndarray, *, n_fft: int, hop: int) -> np.ndarray:
    """``librosa.onset.onset_strength(S=log_mel, n_fft=n_fft, hop_length=hop)``, a block of frames at a time.

    The mean over bands of the positive difference from the previous frame
    (lag 1, no maximum filter), delayed as librosa centres it.
    """
    n = log_mel.shape[1]
    delay = 1 + n_fft // (2 * hop)
    env = np.zeros(n, np.float32)
    for f0 in range(0, n - 1, BLOCK_FRAMES):
        f1 = min(n - 1, f0 + BLOCK_FRAMES)  # differences f0..f1-1: frame i+1 against frame i
        diff = log_mel[:, f0 + 1 : f1 + 1] - log_mel[:, f0:f1]
        np.maximum(diff, 0.0, out=diff)
        lo, hi = f0 + delay, min(f1 + delay, n)
        if lo < hi:
            env[lo:hi] = diff.mean(axis=0)[: hi - lo]
    return env


def fine_mel_basis() -> np.ndarray:
    """The 40 mel bands of the fine onsets (:func:`fine_band_onsets`) on the fine spectrogram's bins."""
    import librosa

    return librosa.filters.mel(sr=ANALYSIS_RATE, n_fft=FINE_FFT, n_mels=40)


def fine_onsets(y: np.ndarray) -> np.ndarray:
    """``librosa.onset.onset_strength(y=y, sr=ANALYSIS_RATE, hop_length=FINE_HOP, n_fft=FINE_FFT, n_mels=40)``.

    Made in blocks, the log mel converted in place: about a third of a
    20-minute song's 0.6 GB when made in one go.
    """
    return fine_band_onsets(y, ())[0]


def fine_band_onsets(
    y: np.ndarray | None, bands: tuple[tuple[float, float], ...], *, mel_power: np.ndarray | None = None
) -> np.ndarray:
    """:func:`fine_onsets`, then the same onsets over only the mel bands centred between each pair of ``bands`` (Hz).

    One spectrogram for all of them (it is most of the cost). ``mel_power``,
    if given, is that spectrogram already made (``_reduced_power`` of ``y``
    with :func:`fine_mel_basis`, made with other bases in one pass): it is
    turned to dB in place, and ``y`` is not read.

    Returns
    -------
    np.ndarray [shape=(1 + len(bands), frames)]
        The onsets over all 40 mel bands, then those of each pair in turn, hop :data:`FINE_HOP`.

    Examples
    --------
    >>> flux, high = fine_band_onsets(y, ((3000.0, 11025.0),))  # doctest: +SKIP
    """
    import librosa

    log_mel = _reduced_power(y, FINE_FFT, FINE_HOP, fine_mel_basis()) if mel_power is None else mel_power
    for f0 in range(0, log_mel.shape[1], BLOCK_FRAMES):  # librosa.power_to_db(ref=1.0, amin=1e-10, top_db=80)
        block = log_mel[:, f0 : f0 + BLOCK_FRAMES]
        np.log10(np.maximum(block, 1e-10, out=block), out=block)
        block *= 10.0
    np.maximum(log_mel, log_mel.max() - 80.0, out=log_mel)
    centres = librosa.mel_frequencies(n_mels=log_mel.shape[0] + 2, fmax=ANALYSIS_RATE / 2)[1:-1]
    rows = [log_mel] + [log_mel[(centres >= lo) & (centres < hi)] for lo, hi in bands]
    return np.array([_onset_flux(r, n_fft=FINE_FFT, hop=FINE_HOP) for r in rows])
