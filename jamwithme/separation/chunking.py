"""The chunking plan: how a song's frames are cut into overlapping pieces, each one pass of the network.

The reference for the pieces is the network's own output for the whole song
in one pass (:func:`song_frames` frames, framed and padded as Spleeter frames
a song); :class:`Chunking` says how close the pieces come to it and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from jamwithme.audio import SAMPLE_RATE
from jamwithme.errors import ParameterError
from jamwithme.separation.unet import TIME_MULTIPLE

FRAME_LENGTH = 4096
FRAME_STEP = 1024
SEGMENT_FRAMES = 512  # Spleeter's T: a song's frames are padded with silence to a multiple of it
ALIGN = FRAME_STEP * TIME_MULTIPLE  # 65536 samples, 1.49 s
#: Silent frames after a song beyond which the network's output for the song no longer changes: its output at
#: a frame depends on about 255 frames either side (six stride-2 5x5 layers down and up); measured, 192 already
#: gives the same bits as Spleeter's padding to 512 frames. The one pass over the whole song (the reference)
#: pads this much; the pieces pad a context (:attr:`Chunking.pad_frames`), as at a seam.
END_PADDING = 256


@dataclass(frozen=True)
class Chunking:
    """How a song is cut into overlapping pieces, each one pass of the network.

    A piece is ``window`` seconds of frames; neighbours overlap by ``2 * context``
    and their stems are cross-faded over ``crossfade`` seconds at the middle of
    the overlap, so what is heard is always at least ``context - crossfade / 2``
    seconds from a piece's edge, where the network sees zero padding. All three
    are rounded to the network's 64-frame grid (:data:`ALIGN` samples), so every
    piece sees exactly the frames one pass over the whole song would see. A
    song that fits one piece is that one pass; in a song that is cut anyway, the
    end gets the context a seam gets: the last piece runs ``context`` of silence
    past it, where the one pass runs :data:`END_PADDING` frames (6 s). That saves
    128 frames of network work a song (2 % on Lets_Go_Fishin) and leaves the
    last seconds as close to the one pass as a seam (45 dB or more).

    Why these values (``bench/separation.py`` prints the figures). The network's
    output at a frame depends on about 256 frames (5.9 s) on either side, less
    and less the farther out, so the context sets how close the pieces come to
    one pass over the whole song: 3 s (128 frames) agrees with it at 45 dB or
    more on both stems (the differences sit at the seams, far below hearing),
    and a 6 s context, the whole receptive field, costs more network time than
    its 100 dB more agreement is worth. The network's time per frame is the
    same for any window (0.58-0.60 ms of CPU from 1024 to 4288 frames), so the
    window only sets how much of its work is context: 256 frames a seam, so
    1.40 frames run per frame of Lets_Go_Fishin at 17.8 s, 1.11 at 46 s and
    1.02 at 75 s (1.05-1.07 for 3-5 minute songs). A window costs about 0.19 MB
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
        """The crossfade in samples (even, so it sits centred on a seam)."""
        return int(round(self.crossfade * SAMPLE_RATE)) // 2 * 2

    def pieces(self, blocks: Iterable[np.ndarray]) -> Iterator[Piece]:
        """Cut a stream of ``(2, m)`` blocks into overlapping pieces.

        Seams fall every ``hop_frames`` frames (the first one a context later,
        so the first piece fills a window too); each piece reaches
        ``pad_frames`` beyond its seams. When the stream has ended, the rest
        goes in one last piece ending a context past the song (where one pass
        over the whole song would end, :func:`song_frames`, if the song is a
        single piece), made no longer than a window by moving the seam before
        it back if needed.
        """
        hop, pad, window, fade = self.hop_frames, self.pad_frames, self.window_frames, self.fade
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
                more = [buf]  # read up to the piece's end, then join once
                while not ended and end < (next_seam + pad) * FRAME_STEP:
                    block = next(source, None)
                    if block is None:
                        ended = True
                    else:
                        more.append(np.asarray(block, np.float32))
                        end += more[-1].shape[1]
                more = [b for b in more if b.shape[1]]
                buf = np.concatenate(more, axis=1) if len(more) > 1 else more[0] if more else buf
                continue
            if ended and end == 0:
                return
            # A song that fits one piece is the one pass; in a song that is cut, the end gets a seam's context.
            f1 = song_frames(end) if f0 == 0 else song_frames(end, padding=pad)
            if ended and f1 - f0 <= window:
                yield Piece(buf, buf_start, f0, f1, emitted, end, True)
                return
            if ended:
                next_seam = min(next_seam, song_frames(end, padding=pad) - (window - pad))
            emit_to = next_seam * FRAME_STEP - fade // 2
            yield Piece(buf, buf_start, f0, next_seam + pad, emitted, emit_to, False)
            emitted, seam = emit_to, next_seam
            keep_from = max(0, (seam - pad) * FRAME_STEP - FRAME_LENGTH) - buf_start
            buf = buf[:, keep_from:]  # a view: the piece just yielded keeps its samples
            buf_start += keep_from


def song_frames(n: int, *, padding: int = END_PADDING) -> int:
    """Frames one pass over ``n`` samples takes, framed and padded as Spleeter does.

    A frame ``i`` covers samples ``[i * 1024 - 4096, i * 1024)`` (Spleeter puts
    one frame of zeros in front), one more frame gives the last samples their
    full overlap-add, and silence pads the count to a multiple of 512 frames,
    but to no more than ``padding`` frames past the song (rounded up to the
    64-frame grid): with :data:`END_PADDING` the network gives the song's
    frames bit for bit the same output as with Spleeter's padding, so the rest
    of it would be work for nothing.
    """
    frames = -(-(n + FRAME_LENGTH) // FRAME_STEP) + 1
    spleeter = -(-frames // SEGMENT_FRAMES) * SEGMENT_FRAMES
    return min(spleeter, -(-(frames + padding) // TIME_MULTIPLE) * TIME_MULTIPLE)


@dataclass(frozen=True)
class Piece:
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
