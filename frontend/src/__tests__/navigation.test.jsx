import { act, render, screen } from "@testing-library/react";
import { App } from "../app";
import { getActiveModel } from "../features/model/api/get-active-model";
import { getModel, listModels } from "../features/models/api/models";
import { LIST, NEW, OLD } from "../features/models/__tests__/fixtures";
import { searchTracks } from "../features/search/api/search-tracks";

jest.mock("../features/model/api/get-active-model");
jest.mock("../features/search/api/search-tracks");
jest.mock("../features/models/api/models");
// jsdom loads no stylesheets: the page's own sheet counts as loaded at once.
jest.mock("../lib/stylesheet", () => ({ loadStylesheet: () => Promise.resolve() }));

const CONFIG = { maxUploadBytes: 1000, maxAudioSeconds: 600 };

beforeEach(() => {
  jest.resetAllMocks();
  window.history.replaceState(null, "", "/");
  getActiveModel.mockResolvedValue({ ...OLD, metrics: {} });
  searchTracks.mockResolvedValue({ query: "a", results: [], errors: {} });
  listModels.mockResolvedValue(LIST);
  getModel.mockImplementation(async (version) => ({ v1: OLD, v2: NEW })[version]);
});

function go(hash) {
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
}

async function renderApp() {
  render(<App config={CONFIG} />);
  await screen.findByText(/right about/);
  await act(async () => {}); // the starter songs' search
}

const current = () => screen.getByRole("navigation", { name: "Pages" }).querySelector("[aria-current=page]");

test("the models page loads on demand and the classify page waits, hidden", async () => {
  await renderApp();
  expect(current()).toHaveTextContent("Classify");
  const search = screen.getByRole("combobox");

  go("#/models");
  expect(await screen.findByRole("heading", { name: "Models" })).toBeInTheDocument();
  expect(current()).toHaveTextContent("Models");
  expect(screen.queryByRole("combobox")).toBeNull(); // hidden, not gone
  expect(search.isConnected).toBe(true);

  go("#/");
  expect(screen.getByRole("combobox")).toBe(search);
  expect(screen.queryByRole("heading", { name: "Models" })).toBeNull();
  expect(document.title).toBe("AudioFiler — which genres is this song?");
});

test("an in-page link is not a page; an unknown page says so", async () => {
  await renderApp();

  go("#about-the-model");
  expect(current()).toHaveTextContent("Classify");
  go("#/nowhere");
  expect(screen.getByRole("heading", { name: "There is no such page." })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Go to the start page" })).toHaveAttribute("href", "#/");
});

test("every page has a link in the navigation", async () => {
  await renderApp();

  const links = screen.getAllByRole("link").filter((link) => link.closest("nav"));
  expect(links.map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
    ["Classify", "#/"],
    ["Models", "#/models"],
    ["Clusters", "#/clusters"],
  ]);
});
