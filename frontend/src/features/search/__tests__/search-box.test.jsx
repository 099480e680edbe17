import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../../../lib/api-client";
import { searchTracks } from "../api/search-tracks";
import { SearchBox } from "../components/search-box";
import { DEBOUNCE_MS } from "../hooks/use-track-search";
import { TRACKS } from "./fixtures";

jest.mock("../api/search-tracks");

function setup() {
  jest.useFakeTimers();
  const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
  const onPick = jest.fn();
  render(<SearchBox onPick={onPick} />);
  return { user, onPick, input: screen.getByRole("combobox", { name: /search a song/i }) };
}

async function settle() {
  await act(async () => {
    jest.advanceTimersByTime(DEBOUNCE_MS);
  });
}

beforeEach(() => {
  searchTracks.mockReset();
  searchTracks.mockResolvedValue({ query: "rain", results: TRACKS, errors: {} });
});
afterEach(() => jest.useRealTimers());

test("typing shows the suggestions in a listbox with their details", async () => {
  const { user, input } = setup();
  expect(input).toHaveAttribute("aria-expanded", "false");

  await user.type(input, "rain");
  await settle();

  expect(input).toHaveAttribute("aria-expanded", "true");
  const options = within(screen.getByRole("listbox", { name: "Songs found" })).getAllByRole("option");
  expect(options).toHaveLength(3);
  expect(options[0]).toHaveTextContent("Rainwater Shuffle");
  expect(options[0]).toHaveTextContent("Muddy Kettle Trio · Porch Light Sessions");
  expect(options[0]).toHaveTextContent("0:30");
  expect(options[0]).toHaveTextContent("Library");
  expect(options[2]).toHaveTextContent("iTunes");
  expect(options[2]).toHaveTextContent("3:21");
  expect(screen.getByRole("status")).toHaveTextContent("3 songs found. ↓ and ↑ to choose, Enter to pick.");
});

test("artwork is the cover when there is one, else generated initials", async () => {
  const { user, input } = setup();
  await user.type(input, "rain");
  await settle();

  const [local, deezer] = screen.getAllByRole("option");
  expect(within(local).getByTestId("artwork-placeholder")).toHaveTextContent("MK");
  expect(deezer.querySelector("img")).toHaveAttribute("src", TRACKS[1].artwork_url);
});

test("one request per pause in typing, and the older request is aborted", async () => {
  const { user, input } = setup();

  await user.type(input, "ra");
  expect(searchTracks).not.toHaveBeenCalled(); // still within the debounce
  await settle();
  expect(searchTracks).toHaveBeenCalledTimes(1);
  expect(searchTracks).toHaveBeenLastCalledWith("ra", expect.anything());
  const first = searchTracks.mock.calls[0][1].signal;
  expect(first.aborted).toBe(false);

  await user.type(input, "in");
  expect(first.aborted).toBe(true);
  await settle();
  expect(searchTracks).toHaveBeenCalledTimes(2);
  expect(searchTracks).toHaveBeenLastCalledWith("rain", expect.anything());
});

test("arrows move the active option, Enter picks it", async () => {
  const { user, input, onPick } = setup();
  await user.type(input, "rain");
  await settle();

  await user.keyboard("{ArrowDown}");
  const options = screen.getAllByRole("option");
  expect(input).toHaveAttribute("aria-activedescendant", options[0].id);
  expect(options[0]).toHaveAttribute("aria-selected", "true");

  await user.keyboard("{ArrowDown}{ArrowDown}");
  expect(input).toHaveAttribute("aria-activedescendant", options[2].id);
  await user.keyboard("{ArrowDown}"); // wraps around
  expect(input).toHaveAttribute("aria-activedescendant", options[0].id);
  await user.keyboard("{ArrowUp}");
  expect(input).toHaveAttribute("aria-activedescendant", options[2].id);

  await user.keyboard("{Enter}");
  expect(onPick).toHaveBeenCalledWith(TRACKS[2]);
  expect(input).toHaveValue("Brushes in the Rain — The Quiet Fourths");
  expect(input).toHaveAttribute("aria-expanded", "false");
  expect(input).not.toHaveAttribute("aria-activedescendant");
});

test("a song without a preview is marked and cannot be picked", async () => {
  const { user, input, onPick } = setup();
  await user.type(input, "rain");
  await settle();

  const deezer = screen.getAllByRole("option")[1];
  expect(deezer).toHaveAttribute("aria-disabled", "true");
  expect(deezer).toHaveTextContent("No preview");
  await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");
  await user.click(deezer);

  expect(onPick).not.toHaveBeenCalled();
  expect(input).toHaveAttribute("aria-expanded", "true");
});

test("Escape closes the list, a second Escape clears the box", async () => {
  const { user, input } = setup();
  await user.type(input, "rain");
  await settle();

  await user.keyboard("{Escape}");
  expect(input).toHaveAttribute("aria-expanded", "false");
  expect(input).toHaveValue("rain");
  await user.keyboard("{ArrowDown}"); // reopens
  expect(input).toHaveAttribute("aria-expanded", "true");
  await user.keyboard("{Escape}{Escape}");
  expect(input).toHaveValue("");
});

test("clicking a suggestion picks it", async () => {
  const { user, input, onPick } = setup();
  await user.type(input, "rain");
  await settle();

  await user.click(screen.getByRole("option", { name: /Rainwater Shuffle/ }));

  expect(onPick).toHaveBeenCalledWith(TRACKS[0]);
});

test("no results says so and what to try", async () => {
  searchTracks.mockResolvedValue({ query: "zzz", results: [], errors: {} });
  const { user, input } = setup();

  await user.type(input, "zzz");
  await settle();

  expect(input).toHaveAttribute("aria-expanded", "false");
  expect(screen.getByRole("status")).toHaveTextContent(
    "No songs match “zzz”. Try fewer or other words, or drop a file on the page instead.",
  );
});

test("search down: every provider failed", async () => {
  searchTracks.mockResolvedValue({ query: "rain", results: [], errors: { deezer: "deezer answered 503" } });
  const { user, input } = setup();

  await user.type(input, "rain");
  await settle();

  expect(screen.getByRole("status")).toHaveTextContent(
    "Search is down: Deezer didn't answer. Try again in a moment — or drop a file on the page instead.",
  );
});

test("search down: the API itself failed", async () => {
  searchTracks.mockRejectedValue(new ApiError(0, "network", "The server could not be reached."));
  const { user, input } = setup();

  await user.type(input, "rain");
  await settle();

  expect(screen.getByRole("status")).toHaveTextContent("Search is down right now. Try again in a moment");
});

test("one provider failing still shows the others' songs", async () => {
  searchTracks.mockResolvedValue({ query: "rain", results: TRACKS.slice(0, 1), errors: { itunes: "timeout" } });
  const { user, input } = setup();

  await user.type(input, "rain");
  await settle();

  expect(screen.getAllByRole("option")).toHaveLength(1);
  expect(screen.getByRole("status")).toHaveTextContent("1 song found (iTunes didn't answer).");
});
