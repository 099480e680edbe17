import { act, render, screen, within } from "@testing-library/react";
import { genreColors } from "../colors";
import { GenreBars } from "../components/genre-bars";
import { GENRES, RESULT } from "./result";

const colors = genreColors(GENRES);
const F = "\u2007"; // a figure space: the values are padded to line up

test("one empty row per genre of the model while waiting", () => {
  render(<GenreBars genres={null} genreNames={GENRES} colors={colors} />);

  const rows = within(screen.getByRole("list", { name: "Genre probabilities" })).getAllByRole("listitem");
  expect(rows.map((row) => row.textContent)).toEqual(GENRES.map((genre) => `${genre}${F.repeat(5)}–`));
  expect(screen.getByTestId("bar-Blues")).toHaveStyle({ width: "0%" });
});

test("the bars grow to their percentages, most likely first", async () => {
  jest.useFakeTimers();
  const { rerender } = render(<GenreBars genres={null} genreNames={GENRES} colors={colors} />);
  const rowsBefore = screen.getAllByRole("listitem");

  rerender(<GenreBars genres={RESULT.genres} genreNames={GENRES} colors={colors} />);
  expect(screen.getByTestId("bar-Blues")).toHaveStyle({ width: "0%" }); // the animation's start
  await act(async () => jest.advanceTimersByTime(50));

  const rows = screen.getAllByRole("listitem");
  expect(rows.map((row) => row.textContent)).toEqual([
    `Blues${F}61.2%`,
    `Jazz${F}24.3%`,
    `Rock${F}${F}8.0%`,
    `Classical${F}${F}4.0%`,
    `Electronic${F}${F}1.5%`,
    `Rap${F}${F}1.0%`,
  ]);
  expect(screen.getByTestId("bar-Blues")).toHaveStyle({ width: "61.2%" });
  expect(screen.getByTestId("bar-Rap")).toHaveStyle({ width: "1.0%" });
  expect(rows).toEqual(rowsBefore); // the same rows: nothing moved
  jest.useRealTimers();
});
