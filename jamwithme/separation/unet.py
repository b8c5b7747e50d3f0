"""Spleeter's pretrained 2-stem U-Net, rebuilt for inference from the checkpoint's weights.

The same layers in the same order as ``spleeter.model.functions.unet`` builds
them, with Deezer's weights read from the checkpoint, and two changes that
leave the output as it was (the vocal mask agrees with Spleeter's own graph's
at about 134 dB, ``tests/test_separation.py::test_same_graph_as_spleeters``):
the last transposed convolution (32 channels to 1 at full resolution, a fifth
of the network's time as oneDNN runs it) is done as its four polyphase parts in
one 3x3 convolution, and Spleeter's ratio mask is taken inside the graph. The
two instruments' networks run one after the other, as two calls of the session,
so that a caller hears of the first one's end (progress half way through a
piece's network time).

This module knows nothing of audio: it takes magnitudes in Spleeter's
``(1, frames, bins, channels)`` layout and gives the vocal mask;
:mod:`jamwithme.separation.spectrogram` makes the spectrograms and the stems.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from jamwithme.errors import ModelError

MODEL_BINS = 1024  # Spleeter's F: the network sees 0-11 kHz
TIME_MULTIPLE = 64  # six stride-2 layers: frames must divide by 2**6
SEPARATION_EXPONENT = 2
EPSILON = 1e-10


def polyphase_kernel(kernel: np.ndarray) -> np.ndarray:
    """A stride-2 5x5 "same" transposed convolution's kernel ``(5, 5, out, in)`` as one 3x3 convolution's.

    Output ``(2m + p, 2n + q)`` of the transposed convolution (TensorFlow pads
    1 before) is ``sum x[m + a - 1, n + b - 1] * w[p + 3 - 2a, q + 3 - 2b]``; the
    four phases ``(p, q)`` become ``4 * out`` channels of a 3x3 convolution over
    the input padded by one, and ``depth_to_space`` puts them back in place. It
    multiplies 9/6.25 times as much as the transposed convolution, but as a plain
    convolution oneDNN runs it twice as fast where ``out`` is 1.
    """
    _, _, n_out, n_in = kernel.shape
    poly = np.zeros((3, 3, n_in, 2, 2, n_out), np.float32)
    for p in range(2):
        for q in range(2):
            for a in range(3):
                for b in range(3):
                    kt, kf = p + 3 - 2 * a, q + 3 - 2 * b
                    if 0 <= kt < 5 and 0 <= kf < 5:
                        poly[a, b, :, p, q, :] = kernel[kt, kf].T
    return poly.reshape(3, 3, n_in, 4 * n_out)


def _unet(tf, x, weight: Callable[..., object], branch: int):
    """One instrument's U-Net, as ``spleeter.model.functions.unet.apply_unet`` builds it, at inference.

    ``x`` is ``(1, frames, MODEL_BINS, 2)``; returns the sigmoid mask of the
    same shape (Spleeter multiplies it by ``x``). Spleeter names the layers of
    the second instrument on from the first's: 7 convolutions, 12 batch norms
    and 6 transposed convolutions each. The last transposed convolution is
    split over its two inputs instead of taking their concatenation (the
    largest tensor of the network, 32 channels at half resolution).
    """

    def name(layer: str, index: int) -> str:
        return f"{layer}_{index}" if index else layer

    def batch_norm(h, index: int):
        bn = name("batch_normalization", 12 * branch + index)
        params = [weight(f"{bn}/{p}") for p in ("gamma", "beta", "moving_mean", "moving_variance")]
        return tf.compat.v1.nn.fused_batch_norm(h, *params, epsilon=1e-3, is_training=False)[0]  # Keras's epsilon

    skips = []
    h = x
    for k in range(6):  # encoder: 5x5 stride-2 convolutions; the skips take them before their batch norm
        conv = name("conv2d", 7 * branch + k)
        c = tf.nn.bias_add(tf.nn.conv2d(h, weight(f"{conv}/kernel"), 2, "SAME"), weight(f"{conv}/bias"))
        skips.append(c)
        if k < 5:  # the sixth's activation is computed by Spleeter but never used
            h = tf.nn.leaky_relu(batch_norm(c, k), alpha=0.2)
    h = skips[5]
    for k in range(5):  # decoder: transposed convolutions, ReLU, batch norm (dropout is off), concatenated skips
        deconv = name("conv2d_transpose", 6 * branch + k)
        kernel = weight(f"{deconv}/kernel")
        shape = tf.shape(h)
        out_shape = tf.stack([shape[0], 2 * shape[1], 2 * shape[2], kernel.shape[2]])
        u = tf.nn.bias_add(tf.nn.conv2d_transpose(h, kernel, out_shape, 2, "SAME"), weight(f"{deconv}/bias"))
        h = batch_norm(tf.nn.relu(u), 6 + k)
        if k < 4:
            h = tf.concat([skips[4 - k], h], axis=-1)
    deconv = name("conv2d_transpose", 6 * branch + 5)
    skip = skips[0].shape[-1]
    parts = (
        tf.nn.conv2d(tf.pad(t, [[0, 0], [1, 1], [1, 1], [0, 0]]), weight(f"{deconv}/kernel", cut), 1, "VALID")
        for t, cut in ((skips[0], lambda w: polyphase_kernel(w)[:, :, :skip]),
                       (h, lambda w: polyphase_kernel(w)[:, :, skip:]))
    )  # fmt: skip
    u = tf.nn.bias_add(tf.add_n(list(parts)), weight(f"{deconv}/bias", lambda b: np.tile(b, 4)))
    h = batch_norm(tf.nn.relu(tf.nn.depth_to_space(u, 2)), 11)
    last = name("conv2d", 7 * branch + 6)
    mask = tf.nn.conv2d(h, weight(f"{last}/kernel"), 1, "SAME", dilations=2)
    return tf.sigmoid(tf.nn.bias_add(mask, weight(f"{last}/bias")))


class MaskNetwork:
    """The U-Net's graph and session, built once from the checkpoint in ``model_folder``; safe to share between threads.

    Raises
    ------
    ModelError
        The folder holds no usable checkpoint.
    """

    def __init__(self, model_folder: str | os.PathLike):
        self.model_folder = Path(model_folder)
        self._lock = threading.Lock()
        self._build()

    def _build(self) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow as tf

        tf.get_logger().setLevel(logging.ERROR)
        checkpoint = tf.train.latest_checkpoint(str(self.model_folder))
        if checkpoint is None:
            raise ModelError(f"no checkpoint found in {self.model_folder}")
        try:
            reader = tf.train.load_checkpoint(checkpoint)
        except Exception as exc:
            raise ModelError(f"could not load the checkpoint in {self.model_folder}: {exc}") from exc
        self._graph = tf.Graph()
        values = {}  # placeholder -> the weight it initialises; the graph holds no copy of them

        def weight(key: str, transform: Callable[[np.ndarray], np.ndarray] | None = None):
            try:
                value = reader.get_tensor(key)
            except Exception as exc:
                raise ModelError(f"the checkpoint in {self.model_folder} has no {key}: {exc}") from exc
            value = np.ascontiguousarray(value if transform is None else transform(value), np.float32)
            feed = tf.compat.v1.placeholder(tf.float32, value.shape)
            values[feed] = value
            return tf.compat.v1.Variable(feed, trainable=False)

        with self._graph.as_default():
            x = self._input = tf.compat.v1.placeholder(tf.float32, (1, None, MODEL_BINS, 2), name="magnitude")
            # One branch after the other, each its own session call (the second is fed the first's output):
            # both at once measured no faster (TensorFlow spreads each operation over the cores) and held a
            # third more memory, 0.1 GB more on a 46 s window.
            vocals = self._vocals = _unet(tf, x, weight, 0) * x
            accompaniment = _unet(tf, x, weight, 1) * x
            # Spleeter's ratio mask, its operations in its order; the accompaniment's is 1 minus it.
            power = tf.square(vocals)  # SEPARATION_EXPONENT
            mask = (power + EPSILON / 2) / (power + tf.square(accompaniment) + EPSILON)
            self._mask = tf.transpose(mask[0], [2, 0, 1])  # (2, frames, bins)
            self._session = tf.compat.v1.Session(graph=self._graph)
            self._session.run(tf.compat.v1.global_variables_initializer(), values)
        self._graph.finalize()

    def masks(self, magnitude: np.ndarray, step: Callable[[float], None] | None = None) -> np.ndarray:
        """Spleeter's vocal ratio mask ``(2, frames, MODEL_BINS)`` for ``(1, frames, MODEL_BINS, 2)`` magnitudes.

        ``step``, if given, is called with 0.5 when the vocals' network is done
        and 1.0 when both are (on the calling thread).
        """
        with self._lock:  # one piece at a time: bounded memory, and the network uses both cores anyway
            vocals = self._session.run(self._vocals, {self._input: magnitude})
            if step is not None:
                step(0.5)
            mask = self._session.run(self._mask, {self._input: magnitude, self._vocals: vocals})
        if step is not None:
            step(1.0)
        return mask
