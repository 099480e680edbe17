import { COLOURS, decodePicture, frequencyTicks, imagePixels, timeTicks } from "../picture-math";

test("a picture's base64 bytes decode into its rows and columns", () => {
  expect(decodePicture({ shape: [2, 3], data: btoa(String.fromCharCode(0, 1, 2, 253, 254, 255)) })).toEqual({
    rows: 2,
    columns: 3,
    values: new Uint8Array([0, 1, 2, 253, 254, 255]),
  });
});

test("row 0 is painted at the bottom, in the colour map's colours", () => {
  const pixels = imagePixels({ rows: 2, columns: 1, values: new Uint8Array([0, 255]) });

  expect([...pixels]).toEqual([253, 231, 37, 255, 68, 1, 84, 255]);
  expect(COLOURS).toHaveLength(256);
  expect(COLOURS[128]).toEqual([33, 145, 140]);
});

test("time marks at a readable step", () => {
  expect(timeTicks(30)).toEqual([0, 5, 10, 15, 20, 25, 30]);
  expect(timeTicks(6)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect(timeTicks(600)).toEqual([0, 120, 240, 360, 480, 600]);
});

test("marks too close to the one below are left out", () => {
  expect(frequencyTicks([50, 150, 1000, 3000], 0.1).map((tick) => tick.label)).toEqual(["100 Hz", "200 Hz", "1 kHz", "2 kHz"]);
});

test("frequency marks fall between the bands around them", () => {
  // Bands centred at 50, 150, 1000 and 3000 Hz: 100 Hz halfway up the first gap.
  expect(frequencyTicks([50, 150, 1000, 3000])).toEqual([
    { label: "100 Hz", at: 1 / 4 },
    { label: "200 Hz", at: (1 + 50 / 850 + 0.5) / 4 },
    { label: "500 Hz", at: (1 + 350 / 850 + 0.5) / 4 },
    { label: "1 kHz", at: (1 + 0.5) / 4 + 0.25 },
    { label: "2 kHz", at: (2 + 0.5 + 0.5) / 4 },
  ]);
});
