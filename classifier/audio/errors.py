"""The audio core's own errors; the API maps each to a status code."""


class AudioError(Exception):
    """Base class of every error the audio core raises."""


class AudioDecodeError(AudioError):
    """The bytes are empty, not audio, or too damaged to decode."""


class AudioNoStreamError(AudioDecodeError):
    """The container holds no audio stream."""


class AudioSampleRateError(AudioDecodeError):
    """A sample rate outside what the decoder or the extractor accepts.

    Parameters
    ----------
    message : str
    sample_rate : int, optional
        The refused rate, in Hz.
    """

    def __init__(self, message: str, *, sample_rate: int | None = None) -> None:
        super().__init__(message)
        self.sample_rate = sample_rate


class AudioChannelsError(AudioDecodeError):
    """The audio stream has no channels, or more than the decoder accepts.

    Parameters
    ----------
    message : str
    channels : int
        The refused channel count.
    """

    def __init__(self, message: str, *, channels: int) -> None:
        super().__init__(message)
        self.channels = channels


class AudioFormatError(AudioDecodeError):
    """The file is a media container the decoder does not accept (not on the list).

    Parameters
    ----------
    message : str
    format_name : str, optional
        What FFmpeg recognised the bytes as.
    """

    def __init__(self, message: str, *, format_name: str | None = None) -> None:
        super().__init__(message)
        self.format_name = format_name


class AudioTooLongError(AudioError):
    """The audio runs past the allowed length; decoding stopped at the cap."""

    def __init__(self, message: str, *, max_seconds: float) -> None:
        super().__init__(message)
        self.max_seconds = max_seconds


class AudioTooShortError(AudioError):
    """The signal is shorter than one analysis window."""


class AudioEncodeError(AudioError):
    """Encoding a signal into a file failed."""


class NotAudioError(AudioFormatError):
    """The bytes do not begin like any accepted format (a text file named .mp3, a
    picture, a document): refused before FFmpeg reads them."""
