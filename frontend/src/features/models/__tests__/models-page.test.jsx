import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../../../lib/api-client";
import { getModel, listModels } from "../api/models";
import { ModelsPage, defaultPicks } from "../components/models-page";
import { LIST, NEW, OLD } from "./fixtures";

jest.mock("../api/models");

beforeEach(() => {
  jest.resetAllMocks();
  window.history.replaceState(null, "", "/#/models");
  listModels.mockResolvedValue(LIST);
  getModel.mockImplementation(async (version) => ({ v1: OLD, v2: NEW })[version]);
});

test("B is the active version and A the one before it, unless the address says", () => {
  expect(defaultPicks(LIST, { a: null, b: null })).toEqual({ a: "v1", b: "v2" });
  expect(defaultPicks(LIST, { a: "v2", b: null })).toEqual({ a: "v2", b: "v1" });
  expect(defaultPicks(LIST, { a: "v2", b: "" })).toEqual({ a: "v2", b: "" });
  expect(defaultPicks(LIST, { a: "gone", b: "gone" })).toEqual({ a: "v1", b: "v2" });
  expect(defaultPicks([LIST[0]], { a: null, b: null })).toEqual({ a: "v2", b: "" });
  expect(defaultPicks([], { a: null, b: null })).toEqual({ a: "", b: "" });
});

test("two versions side by side: the active one marked, curves, matrix, data, changes", async () => {
  render(<ModelsPage />);

  const a = await screen.findByRole("article", { name: /A v1/ });
  const b = await screen.findByRole("article", { name: /B v2/ });
  expect(within(b).getByText("active")).toBeInTheDocument();
  expect(within(a).queryByText("active")).toBeNull();
  expect(document.title).toBe("Models · AudioFiler");
  // Curves say in words what they draw.
  expect(within(a).getByRole("img", { name: /^Loss per epoch over 3 epochs: training from 1.00 to 0.70/ })).toBeInTheDocument();
  expect(within(a).getByRole("img", { name: /^Accuracy per epoch .*the weights of epoch 2 were kept/ })).toBeInTheDocument();
  expect(within(a).getByRole("img", { name: /expected calibration error 20% before and 5% after/ })).toBeInTheDocument();
  // The cross-validated confusion matrix, a row per true genre.
  const matrix = within(a).getByRole("table", { name: /Rows: the true genre/ });
  expect(within(matrix).getAllByRole("row").map((row) => row.textContent)).toEqual([
    "True genreJazzsaid JazzRocksaid Rock",
    "Jazz32",
    "Rock14",
  ]);
  expect(within(matrix).getByTitle("Jazz songs called Rock: 2 (40.0%)")).toBeInTheDocument();
  // What it learned from, feedback counted.
  expect(within(b).getByText("23 tracks, labels from bundled, feedback, folder, tags.", { exact: false })).toBeInTheDocument();
  expect(within(b).getByText("3 labelled by visitors' feedback.")).toBeInTheDocument();
  // What changed per genre, A to B.
  const changes = screen.getByRole("table", { name: /From A \( ?v1 ?\) to B \( ?v2 ?\), per genre/ });
  const jazz = within(changes).getByRole("row", { name: /^Jazz/ });
  expect(jazz).toHaveTextContent("10 → 13 +3");
  expect(jazz).toHaveTextContent("0 → 3 +3");
  expect(jazz).toHaveTextContent("50.0% → 75.0% +25.0 pts");
  expect(within(changes).getByRole("row", { name: /^Rock/ })).toHaveTextContent("80.0% → 80.0% ±0.0 pts");
});

test("picking B = none shows A alone and keeps the choice in the address", async () => {
  const user = userEvent.setup();
  render(<ModelsPage />);
  await screen.findByRole("article", { name: /B v2/ });

  await user.selectOptions(screen.getByLabelText("Version B"), "");

  expect(screen.queryByRole("article", { name: /B v2/ })).toBeNull();
  expect(screen.queryByRole("table", { name: /per genre$/ })).toBeNull();
  expect(window.location.hash).toBe("#/models?a=v1&b=");
  await user.selectOptions(screen.getByLabelText("Version A"), "v2");
  expect(await screen.findByRole("article", { name: /A v2/ })).toBeInTheDocument();
  expect(getModel.mock.calls.map(([version]) => version)).toEqual(["v1", "v2"]); // each fetched once
});

test("a list that cannot be loaded says why and offers another try", async () => {
  const user = userEvent.setup();
  listModels.mockRejectedValueOnce(new ApiError(0, "network", "The server could not be reached."));
  render(<ModelsPage />);

  expect(await screen.findByRole("alert")).toHaveTextContent("The server could not be reached.");
  await user.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("article", { name: /A v1/ })).toBeInTheDocument();
});

test("with no model yet, it says how to train one", async () => {
  listModels.mockResolvedValue([]);
  render(<ModelsPage />);

  expect(await screen.findByText(/No model is trained yet/)).toHaveTextContent("manage.py train_model --activate");
});
