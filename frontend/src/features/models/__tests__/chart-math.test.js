import { extent, heatColor, linePath, linearScale, niceTicks } from "../chart-math";

test("a linear scale maps the domain onto the range", () => {
  const y = linearScale([0, 1], [100, 0]);
  expect([y(0), y(0.25), y(1)]).toEqual([100, 75, 0]);
  expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
});

test("ticks are round numbers covering the range", () => {
  expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  expect(niceTicks(1, 40, 5)).toEqual([10, 20, 30, 40]);
  expect(niceTicks(0.52, 1.13, 4)).toEqual([0.6, 0.8, 1]);
  expect(niceTicks(2, 2)).toEqual([2]);
  expect(niceTicks(NaN, 1)).toEqual([]);
});

test("a line skips missing values and starts again after them", () => {
  const x = (i) => i * 10;
  const y = (v) => 100 - v;
  expect(linePath([1, 2, null, 4], x, y)).toBe("M0.0 99.0 L10.0 98.0 M30.0 96.0");
  expect(linePath([], x, y)).toBe("");
});

test("extent ignores missing values", () => {
  expect(extent([[3, null, 1], [NaN, 7]])).toEqual([1, 7]);
  expect(extent([[null]], [0, 1])).toEqual([0, 1]);
});

test("heat runs from white to blue (right) or orange (wrong)", () => {
  expect(heatColor(0)).toBe("rgb(255 255 255)");
  expect(heatColor(1, "right")).toBe("rgb(96 140 220)");
  expect(heatColor(1, "wrong")).toBe("rgb(232 140 80)");
  expect(heatColor(2, "right")).toBe("rgb(96 140 220)");
});
