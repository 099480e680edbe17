import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../../../lib/api-client";
import { getClusters } from "../api/clusters";
import { ClustersPage } from "../components/clusters-page";
import { describeCluster, drawingOrder, keyboardOrder, scalePoints } from "../map-math";

jest.mock("../api/clusters");

const point = (x, y, cluster, title, audio = null, labels = []) => ({
  x, y, cluster, labels, audio_url: audio,
  track: { provider: audio ? "local" : "dataset", id: title, title, artist: audio ? "Band" : "" },
});
const MAP = {
  model: "v2",
  k: 2,
  seed: 0,
  silhouette: { 2: 0.61, 3: 0.42 },
  explained_variance: [0.5, 0.25],
  created_at: "2026-12-03T07:41:51Z",
  clusters: [
    { id: 0, size: 2, labels: [{ name: "Jazz", count: 1 }], tags: [], predicted: [] },
    { id: 1, size: 1, labels: [], tags: [], predicted: [{ name: "Rock", count: 1 }] },
  ],
  points: [
    point(1, 0, 0, "Jazz song 1", null, ["Jazz"]),
    point(-1, 0, 0, "Blue", "/api/tracks/local/blue.mp3/audio"),
    point(0, 2, 1, "Loud", "/api/tracks/local/loud.mp3/audio"),
  ],
};

let play;
beforeEach(() => {
  jest.resetAllMocks();
  play = jest.spyOn(window.HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
});

test("the map: a dot per track, the legend with each cluster's top labels", async () => {
  getClusters.mockResolvedValue(MAP);
  render(<ClustersPage />);

  const map = await screen.findByRole("group", { name: /Map of 3 tracks/ });
  // Drawn with the playable dots last, on top.
  expect(within(map).getAllByRole("button").map((dot) => dot.getAttribute("aria-label"))).toEqual([
    "Jazz song 1, cluster 1, no audio",
    "Blue by Band, cluster 1",
    "Loud by Band, cluster 2",
  ]);
  const legend = screen.getByRole("list", { name: "Clusters" });
  expect(within(legend).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
    "Cluster 1 · 2 tracks: Jazz 1",
    "Cluster 2 · 1 tracks: Rock 1",
  ]);
  expect(screen.getByText(/k chosen by the silhouette \(k = 2: 0.61, k = 3: 0.42\)/)).toBeInTheDocument();
  expect(document.title).toBe("Clusters · AudioFiler");
});

test("hovering a dot shows its track; clicking one with audio plays it", async () => {
  const user = userEvent.setup();
  getClusters.mockResolvedValue(MAP);
  render(<ClustersPage />);
  const jazz = await screen.findByRole("button", { name: "Jazz song 1, cluster 1, no audio" });

  await user.hover(jazz);
  expect(screen.getByText("Jazz song 1")).toBeInTheDocument();
  expect(screen.getByText(/labelled Jazz · no audio here/)).toBeInTheDocument();
  await user.click(jazz);
  expect(play).not.toHaveBeenCalled();

  await user.click(screen.getByRole("button", { name: "Loud by Band, cluster 2" }));
  expect(screen.getByText("Loud by Band")).toBeInTheDocument();
  expect(screen.getByLabelText("Play Loud", { selector: "audio" })).toHaveAttribute("src", "/api/tracks/local/loud.mp3/audio");
  expect(play).toHaveBeenCalledTimes(1);
});

test("the keyboard reaches every dot: one tab stop, arrows move, Enter plays", async () => {
  const user = userEvent.setup();
  getClusters.mockResolvedValue(MAP);
  render(<ClustersPage />);
  await screen.findByRole("group", { name: /Map of 3 tracks/ });

  await user.tab();
  // By cluster, then left to right: Blue (x = -1) comes first.
  expect(document.activeElement).toHaveAttribute("aria-label", "Blue by Band, cluster 1");
  expect(screen.getByText("Blue by Band")).toBeInTheDocument();
  await user.keyboard("{ArrowRight}");
  expect(document.activeElement).toHaveAttribute("aria-label", "Jazz song 1, cluster 1, no audio");
  await user.keyboard("{End}");
  expect(document.activeElement).toHaveAttribute("aria-label", "Loud by Band, cluster 2");
  expect(screen.getAllByRole("button").filter((b) => b.getAttribute("tabindex") === "0")).toHaveLength(1);
  await user.keyboard("{Enter}");
  expect(play).toHaveBeenCalledTimes(1);
  await user.keyboard("{ArrowRight}");
  expect(document.activeElement).toHaveAttribute("aria-label", "Blue by Band, cluster 1");
});

test("before any run, the server's message says what to run", async () => {
  getClusters.mockRejectedValue(
    new ApiError(404, "no_clusters", "No cluster map has been made yet. Run `manage.py cluster_tracks` on the server."),
  );
  render(<ClustersPage />);

  expect(await screen.findByRole("alert")).toHaveTextContent("Run `manage.py cluster_tracks`");
  getClusters.mockResolvedValue(MAP);
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Try again" })));
  expect(await screen.findByRole("group", { name: /Map of 3 tracks/ })).toBeInTheDocument();
});

test("map maths: the data's aspect kept, y upwards; clusters in words; keyboard order", () => {
  const placed = scalePoints([{ x: 0, y: 0 }, { x: 2, y: 1 }], { width: 100, height: 100, margin: 10 });
  expect(placed.map((p) => [p.px, p.py])).toEqual([[10, 70], [90, 30]]);
  expect(describeCluster({ labels: [], predicted: [], tags: [{ name: "sax", count: 3 }] })).toBe("sax 3");
  expect(keyboardOrder(MAP.points)).toEqual([1, 0, 2]);
  expect(drawingOrder([MAP.points[1], MAP.points[0], MAP.points[2]])).toEqual([1, 0, 2]);
});
