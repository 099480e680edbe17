// Every error the page can meet, in words a person can act on: a title, what to do
// next, and the way on (the button the error panel offers).
import { formatMegabytes, formatMinutes } from "./format";

const FORMATS = "an mp3, m4a, ogg, flac or wav file";
const wait = (seconds, fallback) => (seconds ? `Wait ${seconds} seconds, then try again.` : fallback);

const BY_CODE = {
  network: () => ({
    title: "The AudioFiler server can't be reached.",
    next: "Check your connection (or that the server is still running), then try again.",
    action: "retry",
  }),
  stream_ended: () => ({
    title: "The server stopped answering before the result.",
    next: "Try again; if it keeps happening, the server's log says why.",
    action: "retry",
  }),
  empty_file: () => ({
    title: "This file is empty.",
    next: `Choose another file: ${FORMATS} with some sound in it.`,
    action: "upload",
  }),
  not_audio: (error) => ({
    title: error.fileName ? `“${error.fileName}” doesn't look like an audio file.` : "This file doesn't look like an audio file.",
    next: `Choose ${FORMATS}.`,
    action: "upload",
  }),
  undecodable_audio: () => ({
    title: "This file can't be read as audio.",
    next: `It may be damaged or in a format we don't read. Choose ${FORMATS}.`,
    action: "upload",
  }),
  unsupported_channels: () => ({
    title: "This recording has a channel count we don't read.",
    next: `We read 1 to 8 channels: convert it to stereo, or choose another ${FORMATS.slice(3)}.`,
    action: "upload",
  }),
  unsupported_sample_rate: () => ({
    title: "This recording's sample rate is one we don't read.",
    next: `We read 4 to 192 kHz: convert it to 44.1 or 48 kHz, or choose another ${FORMATS.slice(3)}.`,
    action: "upload",
  }),
  audio_too_short: () => ({
    title: "This recording is too short to tell its genre.",
    next: "Choose a recording of at least a few seconds.",
    action: "upload",
  }),
  too_large: (error, limits) => ({
    title: error.size ? `This file is too big (${formatMegabytes(error.size)}).` : "This file is too big.",
    next: `Files up to ${formatMegabytes(limits.maxUploadBytes)} work: upload a shorter excerpt (30 seconds is plenty).`,
    action: "upload",
  }),
  audio_too_long: (error, limits) => ({
    title: "This recording is too long.",
    next: `Recordings up to ${formatMinutes(limits.maxAudioSeconds)} work: cut an excerpt (30 seconds is plenty) and upload that.`,
    action: "upload",
  }),
  track_not_found: () => ({
    title: "This song isn't available any more.",
    next: "Search again and pick another result.",
    action: "search",
  }),
  unknown_provider: () => ({
    title: "This song comes from a music service this server doesn't use.",
    next: "Search again and pick another result.",
    action: "search",
  }),
  no_preview: () => ({
    title: "There is no preview of this song to listen to.",
    next: "Pick another song (or another version of it), or upload a file.",
    action: "search",
  }),
  throttled: (error) => ({
    title: "That was a lot of requests in a short time.",
    next: wait(error.retryAfter, "Wait a minute, then try again."),
    action: "retry",
  }),
  rate_limited: (error) => ({
    title: "The music service asks us to slow down.",
    next: wait(error.retryAfter, "Wait a minute, then try again, or pick a song from the local library."),
    action: "retry",
  }),
  no_model: () => ({
    title: "No genre model is ready on this server.",
    next: "Whoever runs it can make one with `make demo` (or `manage.py train_model --activate`); then try again.",
    action: "retry",
  }),
  provider_timeout: () => ({
    title: "The music service took too long to answer.",
    next: "Try again: it is often quicker the second time. Or pick another song.",
    action: "retry",
  }),
  provider_unavailable: () => ({
    title: "The music service didn't answer properly.",
    next: "Try again in a moment, or pick another song.",
    action: "retry",
  }),
  page_load_failed: () => ({
    title: "This page could not be loaded.",
    next: "Check your connection, then reload: the site may have been updated meanwhile.",
    action: "retry",
  }),
  server_error: () => ({
    title: "Something went wrong on the server.",
    next: "Try again; if it keeps happening, the server's log says why.",
    action: "retry",
  }),
};
BY_CODE.model_unavailable = BY_CODE.no_model;
BY_CODE.preview_refused = BY_CODE.provider_unavailable;
BY_CODE.provider_error = BY_CODE.provider_unavailable;
BY_CODE.not_found = BY_CODE.track_not_found;

// When a code is new to the page, its status still says what kind of trouble it is.
const BY_STATUS = {
  400: () => ({
    title: "The server couldn't use what was sent.",
    next: `Search again and pick a song, or choose ${FORMATS}.`,
    action: "search",
  }),
  404: BY_CODE.track_not_found,
  413: BY_CODE.too_large,
  422: BY_CODE.no_preview,
  429: BY_CODE.throttled,
  502: BY_CODE.provider_unavailable,
  503: (error) => ({
    title: "The server is busy or not ready.",
    next: wait(error.retryAfter, "Wait a moment, then try again."),
    action: "retry",
  }),
  504: BY_CODE.provider_timeout,
};

export function describeError(error, limits) {
  const describe = BY_CODE[error.code] || BY_STATUS[error.status] || BY_CODE.server_error;
  return describe(error, limits);
}
