import { render, screen, within } from "@testing-library/react";
import { RESULT } from "../../classify/__tests__/result";
import { ApiError } from "../../../lib/api-client";
import { getFeatures } from "../api/get-features";
import { FeaturePictures } from "../components/feature-pictures";
import { FEATURES } from "./fixtures";

jest.mock("../api/get-features");

// jsdom draws nothing: a 2-D context that records what each canvas was given.
let painted;
beforeEach(() => {
  jest.resetAllMocks();
  painted = {};
  jest.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(function context() {
    const name = this.getAttribute("aria-label").split(" ")[0];
    const calls = (painted[name] = []);
    return {
      createImageData: (width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
      putImageData: (image) => calls.push(["image", image]),
      fillRect: (...args) => calls.push(["rect", ...args]),
      set fillStyle(value) {},
    };
  });
});

test("while the pictures are fetched it says so", () => {
  getFeatures.mockReturnValue(new Promise(() => {}));
  render(<FeaturePictures result={RESULT} />);

  expect(screen.getByRole("heading", { name: "What the extractor heard" })).toBeInTheDocument();
  expect(screen.getByRole("status")).toHaveTextContent("Drawing the pictures of the clip…");
  expect(getFeatures).toHaveBeenCalledWith(RESULT.id, expect.objectContaining({ signal: expect.anything() }));
});

test("four pictures, each an image with its axes and a text alternative", async () => {
  getFeatures.mockResolvedValue(FEATURES);
  render(<FeaturePictures result={RESULT} />);

  const images = await screen.findAllByRole("img");
  expect(images.map((image) => image.getAttribute("aria-label"))).toEqual([
    "Waveform of 30 seconds: the loudest peaks reach 50% of full scale.",
    "Spectrogram of 30 seconds, 0 Hz to 9.0 kHz: on average the strongest band is around 450 Hz.",
    "Chromagram of 30 seconds: the strongest pitch classes over the clip are A, E and C.",
    "MFCC image of 30 seconds: 13 coefficients, each on its own colour scale, the timbre the model averages.",
  ]);
  expect(images.map((image) => image.tagName)).toEqual(["CANVAS", "CANVAS", "CANVAS", "CANVAS"]);
  expect(screen.getByText("Spectrogram").closest("figure")).toHaveTextContent(
    "frequency (Hz, mel scale) over time; colour: loudness from -88 dBFS (dark) to -8 dBFS (bright)",
  );
  const spectrogram = screen.getByText("Spectrogram").closest("figure");
  expect(within(spectrogram).getByText("2 kHz")).toBeInTheDocument();
  expect(within(spectrogram).getByText("0 s")).toBeInTheDocument();
  expect(within(spectrogram).getByText("25 s")).toBeInTheDocument();
  const chromagram = screen.getByText("Chromagram").closest("figure");
  expect([...chromagram.querySelectorAll(".y-axis span")].map((s) => s.textContent)).toEqual(["C", "D", "E", "F", "G", "A", "B"]);
  expect(screen.getByText(/Drawn from the same decoded audio the model classified \(2\.4 ms on the server\)/)).toBeInTheDocument();

  // The spectrogram's brightest row (band 2, 450 Hz) is painted second from the
  // bottom of a 4-row canvas, in the colour map's top colour.
  const [[kind, image]] = painted.Spectrogram;
  expect(kind).toBe("image");
  expect([image.width, image.height]).toEqual([3, 4]);
  expect([...image.data.slice(2 * 3 * 4, 2 * 3 * 4 + 4)]).toEqual([253, 231, 37, 255]);
  // The waveform: a stroke per column, the first from +0.5 to -0.5 of full scale.
  expect(painted.Waveform).toHaveLength(4);
  expect(painted.Waveform[1][0]).toBe("rect");
});

test("what made it Rock, in words and against each genre", async () => {
  getFeatures.mockResolvedValue(FEATURES);
  render(<FeaturePictures result={RESULT} />);

  expect(await screen.findByRole("heading", { name: "What made it Rock" })).toBeInTheDocument();
  expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual([
    "Close to typical Rock in brightness, tempo and loudness variation.",
    "But much noisier than typical Rock.",
    "Much noisier and much brighter than typical Jazz.",
  ]);
  const table = screen.getByRole("table");
  expect(within(table).getAllByRole("columnheader").map((cell) => cell.textContent)).toEqual([
    "Trait",
    "This clip",
    "Rock",
    "Jazz",
  ]);
  const noisiness = within(table).getByRole("row", { name: /Noisiness/ });
  expect(within(noisiness).getAllByRole("cell").map((cell) => cell.textContent)).toEqual([
    "3,528 crossings/smuch noisier than typical Rock",
    "z +3.0typical 2,205",
    "z +10.0typical 1,323",
  ]);
  const loudness = within(table).getByRole("row", { name: /Loudness variation/ });
  expect(within(loudness).getAllByRole("cell")[2]).toHaveTextContent("no spreadtypical 0.01");
  expect(screen.getByRole("region", { name: "Traits against each genre" })).toHaveAttribute("tabindex", "0");
  expect(screen.getByText("Noisiness", { selector: "dt" }).nextSibling).toHaveTextContent("how often the wave crosses zero");
});

test("a model without genre profiles still shows the pictures, and says why there is no comparison", async () => {
  const reason = "Model old was trained before genres' typical values were recorded.";
  getFeatures.mockResolvedValue({ ...FEATURES, profile: null, profile_unavailable: reason });
  render(<FeaturePictures result={RESULT} />);

  expect(await screen.findByText(reason)).toBeInTheDocument();
  expect(screen.getAllByRole("img")).toHaveLength(4);
  expect(screen.queryByRole("table")).not.toBeInTheDocument();
  // Without a profile the heading names the result's own top genre.
  expect(screen.getByRole("heading", { name: "What made it Blues" })).toBeInTheDocument();
});

test("a result without pictures says so in the server's words", async () => {
  getFeatures.mockRejectedValue(
    new ApiError(409, "no_pictures", "This result was stored before feature pictures were drawn, so there are none to show."),
  );
  render(<FeaturePictures result={RESULT} />);

  expect(await screen.findByRole("alert")).toHaveTextContent(
    "No pictures of this result: This result was stored before feature pictures were drawn, so there are none to show.",
  );
  expect(screen.queryByRole("img")).not.toBeInTheDocument();
});
