"""Notes of a part that plays several at once: Spotify's basic-pitch (Apache-2.0, its model inside the wheel).

basic-pitch's network reads 2 s windows of the 22.05 kHz signal and gives,
per 11.6 ms frame and semitone, the probability that a note sounds and that
one starts; its own note decoder turns those into notes. The model is loaded
once per process (:func:`get_model`, TensorFlow's saved model from the
wheel); the signal goes through it a window at a time, so a long stem never
holds more than its frame-by-semitone outputs (about 70 MB for 20 minutes).

Examples
--------
>>> notes = basic_pitch_notes(y)  # doctest: +SKIP
>>> notes[0]  # doctest: +SKIP
array([ 0.51, 1.02, 60., 0.63])
"""

from __future__ import annotations

import logging
import os
import threading

import numpy as np

from jamwithme.errors import ModelError
from jamwithme.notes import tuning

logger = logging.getLogger("jamwithme")

#: basic-pitch's own defaults, except the shortest note (its 58 ms default keeps more flicker).
ONSET_THRESHOLD = 0.5
FRAME_THRESHOLD = 0.3
MIN_NOTE_SECONDS = 0.058

_lock = threading.Lock()
_model = None


def get_model():
    """basic-pitch's model, loaded once per process (thread-safe).

    Raises
    ------
    ModelError
        basic-pitch is not installed, or its model does not load.
    """
    global _model
    from jamwithme.models import BUILD_LOCK

    with _lock, BUILD_LOCK:  # TensorFlow models are built one at a time in a process (see BUILD_LOCK)
        if _model is None:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
            # basic-pitch warns on the root logger at import about runtimes it does not find (CoreML,
            # ONNX, tflite-runtime); TensorFlow is what it uses here, so those lines are noise.
            previous = logging.root.manager.disable
            logging.disable(logging.WARNING)
            try:
                from basic_pitch import ICASSP_2022_MODEL_PATH
                from basic_pitch.inference import Model
            except ImportError as exc:
                raise ModelError(f"basic-pitch is not installed ({exc}); run make setup") from None
            finally:
                logging.disable(previous)
            try:
                _model = Model(ICASSP_2022_MODEL_PATH)
            except Exception as exc:  # any loader failure is the same sentence to the user
                raise ModelError(f"basic-pitch's model could not be loaded: {exc}") from exc
            logger.info("basic-pitch model loaded")
        return _model


def basic_pitch_notes(y: np.ndarray, *, lowest: int = 21, highest: int = 108, progress=None) -> np.ndarray:
    """basic-pitch's notes of a mono 22.05 kHz signal.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)]
        Mono audio at 22 050 Hz.
    lowest, highest : int
        MIDI range kept.
    progress : callable, optional
        Called with the fraction of windows done.

    Returns
    -------
    np.ndarray [shape=(notes, 4)]
        Rows of (start s, end s, MIDI pitch, amplitude 0-1), by start.
    """
    model = get_model()  # first: it imports basic-pitch quietly
    from basic_pitch.constants import AUDIO_N_SAMPLES, AUDIO_SAMPLE_RATE, FFT_HOP
    from basic_pitch.inference import unwrap_output, window_audio_file
    from basic_pitch.note_creation import model_frames_to_time, output_to_notes_polyphonic

    n_overlap = 30  # frames, as basic-pitch's own run_inference
    overlap = n_overlap * FFT_HOP
    hop = AUDIO_N_SAMPLES - overlap
    padded = np.concatenate([np.zeros(overlap // 2, np.float32), np.asarray(y, np.float32)])
    total = max(1, -(-padded.size // hop))
    frames, onsets = [], []
    for i, (window, _) in enumerate(window_audio_file(padded, hop)):
        out = model.predict(window[np.newaxis].astype(np.float32))
        frames.append(out["note"])
        onsets.append(out["onset"])
        if progress is not None:
            progress(min(1.0, (i + 1) / total))
    if not frames:
        return np.zeros((0, 4))
    note = unwrap_output(np.concatenate(frames), y.size, n_overlap)
    onset = unwrap_output(np.concatenate(onsets), y.size, n_overlap)
    del frames, onsets
    events = output_to_notes_polyphonic(
        note, onset, onset_thresh=ONSET_THRESHOLD, frame_thresh=FRAME_THRESHOLD,
        min_note_len=int(round(MIN_NOTE_SECONDS * AUDIO_SAMPLE_RATE / FFT_HOP)), infer_onsets=True,
        max_freq=tuning.hz(highest), min_freq=tuning.hz(lowest), melodia_trick=True,
    )  # fmt: skip
    if not events:
        return np.zeros((0, 4))
    times = model_frames_to_time(note.shape[0] + 1)
    rows = [(times[a], times[min(b, times.size - 1)], pitch, amplitude) for a, b, pitch, amplitude, *_ in events]
    rows.sort()
    return np.array(rows, np.float64)
