"""One exception family for everything JamWithMe refuses or fails to do.

Pages catch :class:`JamWithMeError` and show its message; the command line
prints it on one line; the HTTP API maps the subclasses to status codes. Every
message is a sentence a musician can act on, and names the bad value.
"""

from __future__ import annotations


class JamWithMeError(Exception):
    """Base class of every error JamWithMe raises on purpose."""


class AudioLoadError(JamWithMeError):
    """The input could not be read as audio (empty, not audio, corrupt...).

    ``str(error)`` is one sentence naming the input (``"x.mp3: this is not
    audio we can read, or the file is damaged"``); :attr:`reason` is that
    sentence without the name, for a page that names the file already; and
    :attr:`detail` is what each decoder reported (``"soundfile: ...; ffmpeg:
    ..."``), for the log and ``jamwithme -v``, never for a musician.

    Examples
    --------
    >>> error = AudioLoadError("the file is damaged", name="x.mp3", detail="ffmpeg: Invalid data")
    >>> str(error), error.reason
    ('x.mp3: the file is damaged', 'the file is damaged')
    """

    def __init__(self, reason: str, *, name: str | None = None, detail: str | None = None):
        self.name, self.reason, self.detail = name, reason, detail
        super().__init__(f"{name}: {reason}" if name else reason)


class NoAudioTrackError(AudioLoadError):
    """The input is a file ffmpeg reads (a picture, a video) with no audio track in it.

    Its sentence names the file first, as one clause and its reason.

    Examples
    --------
    >>> str(NoAudioTrackError(name="cover.wav"))
    'cover.wav has no audio track: it is not an audio file (a picture, or a silent video)'
    """

    #: The sentence, for a page that names the file itself (``{name}``).
    SENTENCE = "{name} has no audio track: it is not an audio file (a picture, or a silent video)"

    def __init__(self, *, name: str | None = None, detail: str | None = None):
        super().__init__("it has no audio track: it is not an audio file (a picture, or a silent video)",
                         name=name, detail=detail)  # fmt: skip
        if name:
            Exception.__init__(self, self.SENTENCE.format(name=name))


class InputTooLargeError(AudioLoadError):
    """The input is longer or bigger than the configured caps allow."""


class ParameterError(JamWithMeError, ValueError):
    """A parameter is out of range or of the wrong kind."""


class ModelError(JamWithMeError):
    """The separation model could not be provisioned, verified or loaded."""


class DownloadError(JamWithMeError):
    """A link could not be turned into a song (unreachable, not media...)."""


class SettingsError(JamWithMeError):
    """A ``JAMWITHME_*`` environment variable holds a value it does not accept."""


class StoreError(JamWithMeError):
    """A stored song or result is missing, or failed its check and was removed."""


class JobError(JamWithMeError):
    """A queued job failed; the message is the sentence to show the user."""


class JobLostError(JobError):
    """The queue knows no such job and the store holds no result under its key.

    The queue forgot it, its result was evicted or damaged, or the queue's Redis
    lost it: the service makes it again when it knows how (:meth:`jamwithme.service.Service.wait`).
    """


class BusyError(JamWithMeError):
    """Too many jobs are waiting; try again shortly."""


class UnavailableError(BusyError):
    """Something this server depends on is down or not answering: the job queue, the shared store, the workers.

    The message says which, in words a user can act on ("try again in a few
    seconds"); what went wrong in detail (addresses, buckets) goes to the log,
    never to the message. The HTTP API answers 503 with ``Retry-After``.
    """


class JamWithMeWarning(UserWarning):
    """Something worth telling the user that does not stop the work."""
