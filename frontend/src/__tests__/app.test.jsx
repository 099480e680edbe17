import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../app";
import { classifyStream } from "../features/classify/api/classify-stream";
import { getActiveModel } from "../features/model/api/get-active-model";
import { searchTracks } from "../features/search/api/search-tracks";
import { TRACKS } from "../features/search/__tests__/fixtures";
import { GENRES, RESULT } from "../features/classify/__tests__/result";
import { ApiError } from "../lib/api-client";

jest.mock("../features/classify/api/classify-stream");
jest.mock("../features/model/api/get-active-model");
jest.mock("../features/search/api/search-tracks");

const MODEL = {
  version: "20251203-040000",
  genres: GENRES,
  accuracy: 0.826,
  extractor_version: "paa0.3.14-sr22050-v1",
  created_at: "2025-12-03T04:00:00Z",
  metrics: {
    cross_validation: {
      accuracy: 0.826,
      folds: 5,
      n_samples: 581,
      fold_accuracies: [0.76, 0.86, 0.84, 0.83, 0.84],
      per_genre: { Blues: { precision: 0.778, recall: 0.7, f1: 0.737, support: 100 } },
    },
  },
};
const CONFIG = { maxUploadBytes: 1000, maxAudioSeconds: 600 };

// A stream the test drives: stages, then the result or an error.
function controlledStream() {
  const control = {};
  classifyStream.mockImplementation((input, { onStage }) => {
    control.input = input;
    control.stage = (stage, ms) => act(async () => onStage({ stage, elapsed_ms: ms }));
    return new Promise((resolve, reject) => {
      control.finish = (result) => act(async () => resolve(result));
      control.fail = (error) => act(async () => reject(error));
    });
  });
  return control;
}

beforeEach(() => {
  jest.resetAllMocks();
  getActiveModel.mockResolvedValue(MODEL);
  searchTracks.mockResolvedValue({ query: "a", results: TRACKS, errors: {} });
  URL.createObjectURL = jest.fn(() => "blob:local-copy");
  URL.revokeObjectURL = jest.fn();
});

async function renderApp() {
  // A file picker's `accept` is a hint: people can still choose "All files".
  const user = userEvent.setup({ applyAccept: false });
  render(<App config={CONFIG} />);
  await screen.findByText(/right about/);
  return user;
}

test("the empty state says what to try and offers songs of the library", async () => {
  await renderApp();

  expect(screen.getByRole("heading", { name: "Which genres is this song?" })).toBeInTheDocument();
  expect(searchTracks).toHaveBeenCalledWith("a", expect.objectContaining({ provider: "local" }));
  // Only songs with a preview are offered.
  expect(await screen.findByRole("button", { name: "Rainwater Shuffle — Muddy Kettle Trio" })).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: /Lose Yourself/ })).toBeNull();
});

test("the model's accuracy is stated plainly, with a link to what it means", async () => {
  const user = await renderApp();

  expect(screen.getByText(/right about/).closest("p")).toHaveTextContent(
    "Model 20251203-040000: right about 82.6% of the time on songs it had not heard (5-fold cross-validation over 581 labelled songs). What does that mean?",
  );
  const details = document.getElementById("about-the-model");
  expect(details.open).toBe(false);
  await user.click(screen.getByRole("link", { name: "What does that mean?" }));
  expect(details.open).toBe(true);
  expect(details).toHaveTextContent("ranged from 76.0% to 86.0%");
});

test("picking a song: its player, the stages as reported, then the result", async () => {
  const stream = controlledStream();
  const user = await renderApp();

  await user.click(await screen.findByRole("button", { name: "Rainwater Shuffle — Muddy Kettle Trio" }));

  expect(stream.input.track).toEqual(TRACKS[0]);
  const nowPlaying = screen.getByRole("region", { name: "Now playing" });
  expect(within(nowPlaying).getByRole("heading")).toHaveTextContent("Rainwater Shuffle");
  expect(nowPlaying.querySelector("audio")).toHaveAttribute("src", TRACKS[0].preview_url);
  expect(screen.getByText("Asking the server…")).toBeInTheDocument();
  // The bars' rows are there while waiting, one per genre of the model.
  expect(within(screen.getByRole("list", { name: "Genre probabilities" })).getAllByRole("listitem")).toHaveLength(6);

  await stream.stage("fetching", 1);
  await stream.stage("decoding", 3);
  expect(screen.getByText("Decoding the audio…")).toBeInTheDocument();
  await stream.stage("extracting", 40);
  await stream.stage("predicting", 55);
  expect(screen.getByText("Asking the model…")).toBeInTheDocument();
  await stream.finish(RESULT);

  expect(screen.getByText("Mostly Blues, some Jazz")).toBeInTheDocument();
  expect(screen.getByText("61.2%")).toBeInTheDocument();
  expect(screen.getByText("fetch 1.2 ms · decode 42 ms · features 12 ms · predict 0.4 ms · total 55 ms")).toBeInTheDocument();
  expect(document.title).toBe("Mostly Blues, some Jazz — Rainwater Shuffle · AudioFiler");
});

test("a stream error shows its message, and Try again runs it once more", async () => {
  const stream = controlledStream();
  const user = await renderApp();
  await user.click(await screen.findByRole("button", { name: "Rainwater Shuffle — Muddy Kettle Trio" }));

  await stream.fail(new ApiError(503, "rate_limited", "deezer quota exceeded", { retryAfter: 5 }));

  expect(screen.getByRole("alert")).toHaveTextContent("The music service asks us to slow down.");
  expect(screen.getByRole("alert")).toHaveTextContent("Wait 5 seconds, then try again.");
  await user.click(screen.getByRole("button", { name: "Try again" }));
  expect(classifyStream).toHaveBeenCalledTimes(2);
  expect(screen.getByText("Asking the server…")).toBeInTheDocument();
});

test("an uploaded file plays from the browser's copy and is classified", async () => {
  const stream = controlledStream();
  const user = await renderApp();
  const song = new File(["ID3"], "my song.mp3", { type: "audio/mpeg" });

  await user.upload(screen.getByTestId("file-input"), song);

  expect(stream.input.file).toBe(song);
  expect(screen.getByRole("region", { name: "Now playing" }).querySelector("audio")).toHaveAttribute(
    "src",
    "blob:local-copy",
  );
  expect(screen.getByText("Sending the file…")).toBeInTheDocument();
  await stream.stage("decoding", 2);
  await stream.finish({ ...RESULT, track: { provider: "upload", id: "f00", title: "my song.mp3", artist: "" } });
  expect(screen.getByText("Mostly Blues, some Jazz")).toBeInTheDocument();
});

test("a file dropped anywhere on the page is classified", async () => {
  const stream = controlledStream();
  await renderApp();
  const song = new File(["ID3"], "dropped.mp3", { type: "audio/mpeg" });
  const dataTransfer = { types: ["Files"], files: [song] };
  const overlay = document.querySelector(".drop-overlay");

  fireEvent.dragEnter(window, { dataTransfer });
  expect(overlay).toHaveClass("active");
  fireEvent.drop(window, { dataTransfer });

  expect(overlay).not.toHaveClass("active");
  expect(stream.input.file).toBe(song);
  expect(screen.getByRole("region", { name: "Now playing" })).toHaveTextContent("dropped.mp3");
});

test("a text file is refused before sending, with what to do next", async () => {
  const user = await renderApp();
  const notes = new File(["hello"], "notes.txt", { type: "text/plain" });

  await user.upload(screen.getByTestId("file-input"), notes);

  expect(classifyStream).not.toHaveBeenCalled();
  expect(screen.getByRole("alert")).toHaveTextContent("“notes.txt” doesn't look like an audio file.");
  expect(screen.getByRole("button", { name: "Choose another file" })).toBeInTheDocument();
});

test("a file the server finds is not audio is named in the message", async () => {
  const stream = controlledStream();
  const user = await renderApp();
  const disguised = new File(["shopping: milk"], "notes.mp3", { type: "audio/mpeg" });

  await user.upload(screen.getByTestId("file-input"), disguised);
  await stream.fail(new ApiError(400, "not_audio", "This file is not audio."));

  expect(screen.getByRole("alert")).toHaveTextContent("“notes.mp3” doesn't look like an audio file.");
  expect(screen.getByRole("button", { name: "Choose another file" })).toBeInTheDocument();
});

test("a file over the size cap is refused before sending", async () => {
  const user = await renderApp();
  const big = new File(["x".repeat(2048)], "long.wav", { type: "audio/wav" });

  await user.upload(screen.getByTestId("file-input"), big);

  expect(classifyStream).not.toHaveBeenCalled();
  expect(screen.getByRole("alert")).toHaveTextContent("This file is too big (2 KB).");
});

test("without a model the page says how to get one", async () => {
  getActiveModel.mockRejectedValue(new ApiError(503, "no_model", "No model is active."));
  render(<App config={CONFIG} />);

  expect(await screen.findByRole("alert")).toHaveTextContent("No genre model is ready on this server.");
});
