import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RESULT } from "../../classify/__tests__/result";
import { ApiError } from "../../../lib/api-client";
import { getSimilar } from "../api/similar";
import { SimilarTracks } from "../components/similar-tracks";

jest.mock("../api/similar");

const SIMILAR = {
  model: "v2",
  metric: "cosine",
  tracks: [
    {
      source: "classification",
      track: { provider: "local", id: "Band - Song.mp3", title: "Song", artist: "Band" },
      labels: [],
      genres: [{ genre: "Blues", probability: 0.8 }],
      audio_url: "/api/tracks/local/Band%20-%20Song.mp3/audio",
      distance: 0.04,
      similarity: 0.96,
    },
    {
      source: "dataset",
      track: { provider: "dataset", id: "17", title: "Jazz song 3", artist: "" },
      labels: ["Jazz"],
      genres: [],
      audio_url: null,
      distance: 0.21,
      similarity: 0.79,
    },
  ],
};

let play;
beforeEach(() => {
  jest.resetAllMocks();
  play = jest.spyOn(window.HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
});

test("without a result it keeps its place, switched off", () => {
  render(<SimilarTracks result={null} />);

  expect(screen.getByRole("heading", { name: "Sounds like" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Find songs that sound like this" })).toBeDisabled();
  expect(getSimilar).not.toHaveBeenCalled();
});

test("nothing is fetched until asked; then the nearest songs, alike in percent", async () => {
  const user = userEvent.setup();
  getSimilar.mockResolvedValue(SIMILAR);
  render(<SimilarTracks result={RESULT} />);

  expect(screen.getByRole("heading", { name: "Sounds like" })).toBeInTheDocument();
  expect(getSimilar).not.toHaveBeenCalled();
  await user.click(screen.getByRole("button", { name: "Find songs that sound like this" }));

  expect(getSimilar).toHaveBeenCalledWith(RESULT.id, expect.objectContaining({ signal: expect.anything() }));
  const items = await screen.findAllByRole("listitem");
  expect(items.map((item) => item.textContent)).toEqual([
    "SongBand · Blues96% alikePlay Song",
    "Jazz song 3Jazz79% alikeno audio",
  ]);
  expect(screen.getByRole("status")).toHaveTextContent("The 2 songs nearest to this one in model v2's ear.");
  expect(within(items[1]).queryByRole("button")).toBeNull();
});

test("play starts the neighbour in the player", async () => {
  const user = userEvent.setup();
  getSimilar.mockResolvedValue(SIMILAR);
  render(<SimilarTracks result={RESULT} />);
  await user.click(screen.getByRole("button", { name: "Find songs that sound like this" }));

  await user.click(await screen.findByRole("button", { name: "Play Song" }));

  const audio = screen.getByLabelText("Play Song", { selector: "audio" });
  expect(audio).toHaveAttribute("src", "/api/tracks/local/Band%20-%20Song.mp3/audio");
  expect(play).toHaveBeenCalledTimes(1);
  expect(screen.getByRole("button", { name: "Playing Song" })).toHaveAttribute("aria-pressed", "true");
});

test("the server's message, and a way to try again", async () => {
  const user = userEvent.setup();
  getSimilar.mockRejectedValueOnce(new ApiError(409, "no_vector", "Classify the song again to see similar tracks."));
  getSimilar.mockResolvedValueOnce({ ...SIMILAR, tracks: [] });
  render(<SimilarTracks result={RESULT} />);
  await user.click(screen.getByRole("button", { name: "Find songs that sound like this" }));

  expect(await screen.findByRole("alert")).toHaveTextContent("Classify the song again to see similar tracks.");
  await user.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByText("No other songs to compare with yet.")).toBeInTheDocument();
});

test("a new result starts over, without a list", async () => {
  const user = userEvent.setup();
  getSimilar.mockResolvedValue(SIMILAR);
  const { rerender } = render(<SimilarTracks result={RESULT} />);
  await user.click(screen.getByRole("button", { name: "Find songs that sound like this" }));
  await screen.findAllByRole("listitem");

  rerender(<SimilarTracks result={{ ...RESULT, id: "another" }} />);

  expect(screen.queryByRole("listitem")).toBeNull();
  expect(screen.getByRole("button", { name: "Find songs that sound like this" })).toBeInTheDocument();
});
