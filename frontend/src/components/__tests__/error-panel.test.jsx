import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../../lib/api-client";
import { ErrorPanel } from "../error-panel";

const LIMITS = { maxUploadBytes: 25 * 1024 * 1024, maxAudioSeconds: 600 };

// Every status the API answers with, as the API sends it: code, message, Retry-After.
test.each([
  [400, "undecodable_audio", null, "This file can't be read as audio.", "Choose an mp3, m4a, ogg, flac or wav file.", "Choose another file"],
  [400, "unsupported_channels", null, "a channel count we don't read.", "We read 1 to 8 channels: convert it to stereo, or choose another mp3, m4a, ogg, flac or wav file.", "Choose another file"],
  [400, "unsupported_sample_rate", null, "sample rate is one we don't read.", "We read 4 to 192 kHz: convert it to 44.1 or 48 kHz", "Choose another file"],
  [400, "audio_too_short", null, "This recording is too short to tell its genre.", "at least a few seconds", "Choose another file"],
  [400, "invalid", null, "The server couldn't use what was sent.", "Search again and pick a song", "Search another song"],
  [400, "unknown_provider", null, "a music service this server doesn't use.", "Search again and pick another result.", "Search another song"],
  [404, "track_not_found", null, "This song isn't available any more.", "Search again and pick another result.", "Search another song"],
  [413, "too_large", null, "This file is too big.", "Files up to 25 MB work: upload a shorter excerpt (30 seconds is plenty).", "Choose another file"],
  [413, "audio_too_long", null, "This recording is too long.", "Recordings up to 10 minutes work: cut an excerpt", "Choose another file"],
  [422, "no_preview", null, "There is no preview of this song to listen to.", "Pick another song (or another version of it), or upload a file.", "Search another song"],
  [429, "throttled", 17, "That was a lot of requests in a short time.", "Wait 17 seconds, then try again.", "Try again"],
  [502, "provider_unavailable", null, "The music service didn't answer properly.", "Try again in a moment, or pick another song.", "Try again"],
  [502, "preview_refused", null, "The music service didn't answer properly.", "Try again in a moment", "Try again"],
  [503, "rate_limited", 5, "The music service asks us to slow down.", "Wait 5 seconds, then try again.", "Try again"],
  [503, "no_model", null, "No genre model is ready on this server.", "`make demo`", "Try again"],
  [504, "provider_timeout", null, "The music service took too long to answer.", "it is often quicker the second time", "Try again"],
  [500, "server_error", null, "Something went wrong on the server.", "the server's log says why", "Try again"],
  [0, "network", null, "The AudioFiler server can't be reached.", "Check your connection", "Try again"],
  // A code the page does not know yet still reads right by its status.
  [404, "gone_fishing", null, "This song isn't available any more.", "Search again", "Search another song"],
  [413, "whatever", null, "This file is too big.", "Files up to 25 MB work", "Choose another file"],
  [422, "whatever", null, "There is no preview of this song", "Pick another song", "Search another song"],
  [429, "whatever", null, "That was a lot of requests", "Wait a minute, then try again.", "Try again"],
  [502, "whatever", null, "The music service didn't answer properly.", "Try again in a moment", "Try again"],
  [503, "whatever", 30, "The server is busy or not ready.", "Wait 30 seconds, then try again.", "Try again"],
  [504, "whatever", null, "The music service took too long to answer.", "Try again", "Try again"],
])("%i %s: a human message and a way on", async (status, code, retryAfter, title, next, button) => {
  const onAction = jest.fn();
  const error = new ApiError(status, code, "what the server said", { retryAfter });
  render(<ErrorPanel error={error} limits={LIMITS} onAction={onAction} />);

  const alert = screen.getByRole("alert");
  expect(alert).toHaveTextContent(title);
  expect(alert).toHaveTextContent(next);
  expect(alert).toHaveTextContent("Details: what the server said");
  await userEvent.click(screen.getByRole("button", { name: button }));
  expect(onAction).toHaveBeenCalledWith({ "Try again": "retry", "Search another song": "search", "Choose another file": "upload" }[button]);
});

test.each([
  [{ code: "not_audio", fileName: "notes.txt" }, "“notes.txt” doesn't look like an audio file.", "Choose an mp3, m4a, ogg, flac or wav file."],
  [{ code: "not_audio" }, "This file doesn't look like an audio file.", "Choose an mp3, m4a, ogg, flac or wav file."],
  [{ code: "empty_file" }, "This file is empty.", "with some sound in it"],
  [{ code: "too_large", size: 40 * 1024 * 1024 }, "This file is too big (40 MB).", "Files up to 25 MB work"],
])("a file refused before sending: %j", (error, title, next) => {
  render(<ErrorPanel error={{ status: 400, message: "", ...error }} limits={LIMITS} onAction={() => {}} />);

  expect(screen.getByRole("alert")).toHaveTextContent(title);
  expect(screen.getByRole("alert")).toHaveTextContent(next);
  expect(screen.queryByText(/Details/)).toBeNull();
  expect(screen.getByRole("button", { name: "Choose another file" })).toBeInTheDocument();
});
