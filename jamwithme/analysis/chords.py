"""Chords over time with crema's pretrained chord model, one label per beat, in Harte syntax.

crema (ISC; McFee & Bello, "Structured training for large-vocabulary chord
recognition", ISMIR 2017) estimates, frame by frame (about 93 ms), the
probability of each of 170 chords (12 roots x maj, min, 7, maj7, min7, dim,
aug, sus, ... and ``N``). Its model is built once per process
(:func:`get_chord_model`, like :func:`jamwithme.separation.get_separator`);
predictions run under a lock, so the app's sessions and the API's workers
can share it.

Chords change on beats: the frame log-probabilities are summed over each
beat and a Viterbi over the beats (a fixed cost for every change) picks one
chord per beat, so a passing note does not make a chord of its own.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import dataclass

import numpy as np

from jamwithme.audio import AudioClip, mono_blocks
from jamwithme.errors import ModelError, ParameterError

logger = logging.getLogger("jamwithme")

#: Log-probability cost of changing chord from one beat to the next.
CHANGE_COST = 4.0
#: Below this many seconds a chord run is merged into its neighbour.
MIN_CHORD = 0.25

SHARPS = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
FLATS = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
_PITCH = {name: i for i, name in enumerate(SHARPS)} | {name: i for i, name in enumerate(FLATS)}
_PITCH |= {"Cb": 11, "Fb": 4, "E#": 5, "B#": 0}
_HARTE = re.compile(r"^([A-G][#b]?)(?::([^/]+))?(?:/(.*))?$")
#: How a player writes each Harte quality after the root.
SYMBOLS = {
    "maj": "", "min": "m", "7": "7", "maj7": "maj7", "min7": "m7", "maj6": "6", "min6": "m6",
    "dim": "dim", "dim7": "dim7", "hdim7": "m7b5", "aug": "+", "sus2": "sus2", "sus4": "sus4",
    "minmaj7": "m(maj7)", "9": "9", "maj9": "maj9", "min9": "m9", "": "",
}  # fmt: skip

_model = None
_model_builds = 0  # jamwithme.models.graph_builds() when the model was built
_model_lock = threading.Lock()
_predict_lock = threading.Lock()


def get_chord_model():
    """crema's chord model, built on first use and shared by the whole process.

    Raises
    ------
    ModelError
        crema or its model cannot be loaded.
    """
    global _model, _model_builds
    from jamwithme.models import BUILD_LOCK, graph_builds

    with _model_lock, BUILD_LOCK:
        if _model is None or _model_builds != graph_builds():  # a v1 graph built since leaves it invalid
            _model_builds = graph_builds()
            try:
                import tensorflow as tf
                from crema.models.chord import ChordModel

                # Keras' progress bar writes to stdout, which `analyze --json` keeps for its one JSON object.
                tf.keras.utils.disable_interactive_logging()
                _model = ChordModel()
            except Exception as exc:  # ImportError, a broken install, TensorFlow refusing
                raise ModelError(f"the chord model (crema) could not be loaded: {exc}") from exc
            logger.info("chord model loaded")
        return _model


def parse(label: str) -> tuple[int | None, str]:
    """Pitch class of the root (None for ``N``/``X``) and the quality of a Harte label.

    Examples
    --------
    >>> parse("Bb:min7"), parse("N")
    ((10, 'min7'), (None, ''))
    """
    if label in ("N", "X", ""):
        return None, ""
    match = _HARTE.match(label)
    if not match or match.group(1) not in _PITCH:
        raise ParameterError(f"label={label!r} is not a chord in Harte syntax (e.g. 'C:maj', 'A:min', 'G:7', 'N')")
    quality = match.group(2) or "maj"
    return _PITCH[match.group(1)], quality


def spell(label: str, *, flats: bool) -> str:
    """The same Harte label with its root spelled with flats or sharps.

    Examples
    --------
    >>> spell("A#:maj", flats=True), spell("Bb:7", flats=False)
    ('Bb:maj', 'A#:7')
    """
    root, quality = parse(label)
    if root is None:
        return "N"
    return f"{(FLATS if flats else SHARPS)[root]}:{quality}"


def transpose(label: str, semitones: int, *, flats: bool = False) -> str:
    """A Harte label moved by whole ``semitones``, its root spelled with flats or sharps.

    Examples
    --------
    >>> transpose("A:min", 2), transpose("G:7", -2, flats=True), transpose("N", 5)
    ('B:min', 'F:7', 'N')
    """
    root, quality = parse(label)
    if root is None:
        return label or "N"
    return f"{(FLATS if flats else SHARPS)[(root + semitones) % 12]}:{quality}"


def chord_symbol(label: str, *, flats: bool | None = None) -> str:
    """A Harte label as a player reads it: ``C:maj`` -> ``C``, ``A:min`` -> ``Am``, ``G:7`` -> ``G7``.

    Parameters
    ----------
    label : str
        Harte syntax; ``N`` (no chord) gives ``N.C.``.
    flats : bool, optional
        Respell the root with flats (True) or sharps (False); None keeps it.

    Examples
    --------
    >>> [chord_symbol(x) for x in ("C:maj", "A:min", "G:7", "F#:min", "N")]
    ['C', 'Am', 'G7', 'F#m', 'N.C.']
    >>> chord_symbol("A#:maj7", flats=True)
    'Bbmaj7'
    """
    root, quality = parse(label)
    if root is None:
        return "N.C."
    name = label.split(":")[0] if flats is None else (FLATS if flats else SHARPS)[root]
    return name + SYMBOLS.get(quality, quality)


#: crema's input is made this many frames at a time (its hop is 4096 samples: 47.6 s at 44.1 kHz) ...
CQT_CHUNK_FRAMES = 512
#: ... from the signal this many frames either side too (3 s: the longest CQT filter, at C1, is 1.6 s long),
#: so every frame sees what it would in one pass over the song.
CQT_MARGIN_FRAMES = 32


#: The CQT filter banks made so far, by their parameters: librosa builds an octave's bank afresh on every call
#: (its own cache is off unless ``LIBROSA_CACHE_DIR`` is set), and :func:`network_input` calls the CQT once a
#: stretch for each harmonic: on a 3-minute song 48 banks, 9 of them different; made once, the input takes 0.43-0.52 s
#: of CPU instead of 0.76-0.92 s (of a warm analysis's 3.8-4.2 s; under cProfile the banks looked like 3 s of 5).
_filter_banks: dict = {}
_filter_banks_lock = threading.Lock()


def _remember_filter_banks() -> None:
    """Make librosa's CQT reuse its filter banks within the process (the same banks, so the same values).

    ``librosa.core.constantq.__vqt_filter_fft`` is wrapped once: a call with
    the arguments of an earlier one gets a copy of that call's answer (a
    copy: ``vqt`` scales the bank it gets in place). Calls whose arguments
    are not plain values (a window given as an array), or that the function
    would not take, go through as before; a librosa without that function
    (it is private) is left as it is.
    """
    import inspect

    from librosa.core import constantq

    name = "__vqt_filter_fft"
    make = getattr(constantq, name, None)
    if make is None or getattr(make, "_jamwithme_memo", False):
        return
    signature = inspect.signature(make)

    def remembered(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            key = tuple((k, _value_key(v)) for k, v in bound.arguments.items())
            hash(key)
        except TypeError:  # not plain values, or arguments it does not take: librosa as it comes
            return make(*args, **kwargs)
        with _filter_banks_lock:
            found = _filter_banks.get(key)
        if found is None:
            found = make(*args, **kwargs)
            with _filter_banks_lock:
                if len(_filter_banks) >= 64:  # a bound, never reached by the chord model's 9
                    _filter_banks.clear()
                _filter_banks[key] = found
        basis, n_fft, lengths = found
        return basis.copy(), n_fft, lengths.copy()

    remembered._jamwithme_memo = True
    remembered.__wrapped__ = make
    setattr(constantq, name, remembered)


def _value_key(value):
    """An argument as a dictionary key: an array of numbers by its type, shape and bytes, a dtype by its name."""
    if isinstance(value, np.ndarray):
        return _array_key(value)
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).str
    return value


def _array_key(a) -> tuple:
    """An array's values as a dictionary key (its type, shape and bytes); TypeError for anything else."""
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "fiuc":
        raise TypeError(f"not an array of numbers: {type(a).__name__}")
    return a.dtype.str, a.shape, a.tobytes()


def network_input(clip: AudioClip, model) -> list[np.ndarray]:
    """The chord network's input for ``clip``: what ``model.pump.transform`` gives, made a stretch at a time.

    crema's pump computes a harmonic CQT (pumpp's ``HCQTMag``: a CQT per
    harmonic, its magnitude in dB below the song's loudest bin) of the whole
    mono signal at 44.1 kHz; on a 20-minute song that held about 0.7 GB. Here
    the mono signal comes as a stream (resampled as in one go:
    :func:`jamwithme.audio.mono_blocks`) and the CQT is made
    :data:`CQT_CHUNK_FRAMES` frames at a time, each from the signal around
    them, frames placed exactly as in one pass; only the dB scale, which needs
    the song's maximum, waits for the whole. The values agree with one pass to
    float rounding: within 0.005 dB, and the chords found on the shared songs
    are the same (``tests/test_blockwise.py``).

    Raises
    ------
    ModelError
        The model's input is not the one harmonic CQT this reproduces.
    """
    import librosa
    from pumpp.feature.cqt import HCQTMag, cqt  # the very function pumpp calls

    _remember_filter_banks()
    ops = [op for op in model.pump.ops if isinstance(op, HCQTMag)]
    names = list(model.model.input_names)
    if len(ops) != 1 or names != [f"{ops[0].name}/mag"] or ops[0].conv not in ("tf", "channels_last"):
        raise ModelError(f"the chord model's input {names} is not the harmonic CQT this version reads")
    op = ops[0]
    sr, hop, m = int(op.sr), op.hop_length, CQT_MARGIN_FRAMES
    if sr != op.sr or hop % (1 << (op.n_octaves - 1)):
        raise ModelError(f"the chord model's CQT ({op.sr} Hz, hop {hop}) is not the one this version reads")
    bins, per_octave = op.n_octaves * op.over_sample * 12, op.over_sample * 12
    parts: list[list[np.ndarray]] = [[] for _ in op.harmonics]
    signal, at, done = np.zeros(0, np.float32), 0, 0  # signal starts at sample `at`; frames before `done` made

    def make(stop: int, end: int) -> None:
        """Frames ``done:stop`` from ``signal[start:end]``; frame f is centred on sample f * hop."""
        start = max(0, (done - m) * hop)  # a multiple of the hop, as every octave's downsampling needs
        piece = signal[start - at : end - at]
        for i, h in enumerate(op.harmonics):
            c = np.abs(cqt(y=piece, sr=sr, hop_length=hop, fmin=op.fmin * h, n_bins=bins, bins_per_octave=per_octave))
            parts[i].append(c[:, done - start // hop : stop - start // hop])

    for block in mono_blocks(clip, sr):
        signal = np.concatenate([signal, block])
        while at + signal.size >= (done + CQT_CHUNK_FRAMES + m) * hop:
            stop = done + CQT_CHUNK_FRAMES
            make(stop, (stop + m) * hop)
            done = stop
            keep = max(0, (done - m) * hop) - at
            signal, at = signal[keep:], at + keep
    n = at + signal.size
    make(1 + n // hop, n)  # the rest, to the end of the song (padded there as in one pass)
    frames = op.n_frames(float(n) / op.sr)  # librosa.get_duration of the signal, as pumpp asks
    mags = [librosa.util.fix_length(np.concatenate(p, axis=1), size=frames) for p in parts]
    db = np.asarray([librosa.amplitude_to_db(mag, ref=np.max) for mag in mags], np.float32)
    return [np.transpose(db, (2, 1, 0))[np.newaxis]]  # (1, frames, bins, harmonics), as pumpp lays it out


@dataclass(frozen=True, eq=False)
class Harmony:
    """What the chord model heard in a song: the chords, and the two inputs the key and sections read too.

    Parameters
    ----------
    chords : list of (start, end, label)
        As :func:`recognize` returns them.
    cqt : np.ndarray [shape=(72, frames), dtype=float32]
        The network's own constant-Q spectrum (its first harmonic), one bin a semitone from C1 (32.7 Hz) over
        six octaves, in dB below the song's loudest bin.
    bass : np.ndarray [shape=(13, frames), dtype=float32]
        The model's probability of each bass pitch class (C first), then of no bass.
    hop : float
        Seconds between frames (about 93 ms).
    """

    chords: list
    cqt: np.ndarray
    bass: np.ndarray
    hop: float


def recognize(clip: AudioClip, beats: np.ndarray, *, model=None) -> list[tuple[float, float, str]]:
    """Chords of a clip, one per beat at most, merged into runs.

    Parameters
    ----------
    clip : AudioClip [shape=(channels, n)]
    beats : np.ndarray [shape=(n_beats,)]
        Beat times in seconds; chords change only on them (and, before the first beat and after the last, on
        their grid carried on at the median beat: the held last chord of a song is a chord, not silence).
    model : ChordModel, optional
        crema's model (default :func:`get_chord_model`).

    Returns
    -------
    list of (start, end, label)
        Seconds, covering ``0 .. clip.duration`` without gaps; labels in
        Harte syntax with sharps (``A#:maj``), ``N`` for no chord.

    Examples
    --------
    >>> recognize(clip, rhythm.beats)[:2]  # doctest: +SKIP
    [(0.0, 0.52, 'N'), (0.52, 2.46, 'C:maj')]
    """
    return listen(clip, beats, model=model).chords


def listen(clip: AudioClip, beats: np.ndarray, *, model=None) -> Harmony:
    """The chords of :func:`recognize`, with the model's CQT and bass kept for the key and the sections.

    Returns
    -------
    Harmony
    """
    model = model if model is not None else get_chord_model()
    with _predict_lock:
        # crema's ChordModel.outputs, with its input made a stretch of the song at a time.
        (made,) = network_input(clip, model)
        predicted = model.model.predict([made])
    # The first harmonic's CQT, three bins a semitone (bin 3k on semitone k), folded to one around each semitone.
    first = made[0, :, :, 0]
    centred = np.concatenate([first[:, :1], first[:, :-1]], axis=1)  # bins 3k-1, 3k, 3k+1 side by side
    cqt = centred.reshape(first.shape[0], -1, 3).max(axis=2).T.astype(np.float32)
    del made, first, centred
    outputs = {name: predicted[i][0] for i, name in enumerate(model.model.output_names)}
    probs = np.asarray(outputs["chord_tag"], np.float64)  # (frames, classes)
    probs = probs.reshape(-1, probs.shape[-1])
    classes = [str(c) for c in model.pump["chord_tag"].encoder.classes_]
    hop = model.pump["chord_tag"].hop_length / model.pump["chord_tag"].sr
    bass = np.asarray(outputs["chord_bass"], np.float32).reshape(-1, 13).T
    chords = decode(probs, classes, hop=hop, beats=beats, duration=clip.duration)
    return Harmony(chords=chords, cqt=np.ascontiguousarray(cqt), bass=np.ascontiguousarray(bass), hop=float(hop))


def decode(
    probs: np.ndarray, classes: list[str], *, hop: float, beats: np.ndarray, duration: float
) -> list[tuple[float, float, str]]:
    """Chord runs from the model's frame probabilities: summed over each beat, one chord per beat by a Viterbi.

    Parameters
    ----------
    probs : np.ndarray [shape=(frames, classes)]
    classes : list of str
        The model's chord classes (``X`` and ``N`` read as no chord).
    hop : float
        Seconds per frame.
    beats : np.ndarray [shape=(n_beats,)]
    duration : float
        Seconds; the runs cover ``0 .. duration``.

    Returns
    -------
    list of (start, end, label)
    """
    n_frames = probs.shape[0]
    edges = np.concatenate([[0.0], beat_edges(beats, duration), [duration]])
    edges = np.unique(np.clip(edges, 0.0, duration))
    frame_of = np.clip(np.round(edges / hop).astype(int), 0, n_frames)
    log_p = np.log(np.maximum(probs, 1e-6))
    spans = []
    for a, b in zip(frame_of[:-1], frame_of[1:]):
        b = max(b, a + 1)
        spans.append(log_p[min(a, n_frames - 1) : min(b, n_frames)].sum(axis=0))
    scores = np.array(spans)  # (segments, classes)
    path = _viterbi(scores, CHANGE_COST)
    labels = ["N" if classes[i] in ("X", "N") else classes[i] for i in path]
    runs: list[list] = []
    for i, label in enumerate(labels):
        start, end = float(edges[i]), float(edges[i + 1])
        if runs and runs[-1][2] == label:
            runs[-1][1] = end
        else:
            runs.append([start, end, label])
    runs = _merge_short(runs)
    return [(round(a, 3), round(b, 3), label) for a, b, label in runs]


def beat_edges(beats: np.ndarray, duration: float) -> np.ndarray:
    """The beats, carried on at their median interval back to 0 s and on to ``duration``.

    A song's last chord rings after its last tracked beat (and a free intro
    may come before the first): summed whole with the silence after it, it
    would read as no chord. On the carried-on grid it is a chord for as long
    as it sounds.

    Examples
    --------
    >>> beat_edges(np.array([1.0, 1.5, 2.0]), 3.2)
    array([0. , 0.5, 1. , 1.5, 2. , 2.5, 3. ])
    """
    beats = np.asarray(beats, np.float64)
    if beats.size < 2:
        return beats
    period = float(np.median(np.diff(beats)))
    if period <= 0:
        return beats
    before = beats[0] - period * np.arange(int(beats[0] / period), 0, -1)
    after = beats[-1] + period * np.arange(1, int((duration - beats[-1]) / period) + 1)
    return np.round(np.concatenate([before, beats, after]), 6)


def _viterbi(scores: np.ndarray, change_cost: float) -> np.ndarray:
    """Best class per segment with a fixed cost per change, ``scores`` (segments, classes) of log-likelihoods.

    librosa's Viterbi, with each segment's scores shifted so its best is 0 (a
    constant per segment moves no path) and a transition matrix whose
    log-probabilities differ by ``change_cost`` between staying and changing
    (its rows sum to 1: the same constant on every path).
    """
    import librosa

    n_classes = scores.shape[1]
    if n_classes == 1:
        return np.zeros(scores.shape[0], np.int64)
    likelihood = np.exp(scores - scores.max(axis=1, keepdims=True)).T  # (classes, segments)
    stay = 1.0 / (1.0 + (n_classes - 1) * math.exp(-change_cost))
    transition = np.full((n_classes, n_classes), (1.0 - stay) / (n_classes - 1))
    np.fill_diagonal(transition, stay)
    return librosa.sequence.viterbi(likelihood, transition).astype(np.int64)


def _merge_short(runs: list[list]) -> list[list]:
    """Give runs shorter than :data:`MIN_CHORD` to their longer neighbour."""
    out: list[list] = []
    for run in runs:
        if out and run[1] - run[0] < MIN_CHORD:
            out[-1][1] = run[1]
        elif out and out[-1][1] - out[-1][0] < MIN_CHORD:
            out[-1] = [out[-1][0], run[1], run[2]]
        else:
            out.append(list(run))
    merged: list[list] = []
    for run in out:
        if merged and merged[-1][2] == run[2]:
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    return merged
