import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { genreColors } from "../colors";
import { GenreTimeline, leadingRuns } from "../components/genre-timeline";
import { GENRES, RESULT } from "./result";

const colors = genreColors(GENRES);

test("one column per segment, sized by its length, each genre stacked in it", () => {
  render(<GenreTimeline timeline={RESULT.timeline} genreNames={GENRES} colors={colors} time={0} />);

  const segments = screen.getByTestId("timeline-strip").querySelectorAll(".segment");
  expect(segments).toHaveLength(4);
  expect(segments[3]).toHaveStyle({ flexGrow: "2.5" });
  expect(segments[2]).toHaveAttribute(
    "title",
    "0:10–0:15: Blues 20.0%, Classical 5.0%, Electronic 5.0%, Jazz 60.0%, Rap 5.0%, Rock 5.0%",
  );
  expect(segments[2].querySelectorAll("span")).toHaveLength(6);
  expect(screen.getByText("0:18")).toBeInTheDocument(); // the clip's end
});

test("says in words which genre leads where", () => {
  render(<GenreTimeline timeline={RESULT.timeline} genreNames={GENRES} colors={colors} time={0} />);

  expect(screen.getByText("Blues 0:00–0:10, then Jazz 0:10–0:15, then Blues 0:15–0:18")).toBeInTheDocument();
  expect(leadingRuns(RESULT.timeline)).toEqual([
    { genre: "Blues", start_s: 0, end_s: 10 },
    { genre: "Jazz", start_s: 10, end_s: 15 },
    { genre: "Blues", start_s: 15, end_s: 17.5 },
  ]);
});

test("the cursor follows the playing position", () => {
  const { rerender } = render(
    <GenreTimeline timeline={RESULT.timeline} genreNames={GENRES} colors={colors} time={0} />,
  );
  expect(screen.getByTestId("timeline-cursor")).toHaveStyle({ transform: "translateX(0.00%)" });

  rerender(<GenreTimeline timeline={RESULT.timeline} genreNames={GENRES} colors={colors} time={7} />);
  expect(screen.getByTestId("timeline-cursor")).toHaveStyle({ transform: "translateX(40.00%)" });

  rerender(<GenreTimeline timeline={RESULT.timeline} genreNames={GENRES} colors={colors} time={99} />);
  expect(screen.getByTestId("timeline-cursor")).toHaveStyle({ transform: "translateX(100.00%)" });
});

test("clicking a segment seeks the player there", async () => {
  const onSeek = jest.fn();
  render(<GenreTimeline timeline={RESULT.timeline} genreNames={GENRES} colors={colors} time={0} onSeek={onSeek} />);

  await userEvent.click(screen.getByTestId("timeline-strip").querySelectorAll(".segment")[2]);

  expect(onSeek).toHaveBeenCalledWith(10);
});

test("while waiting: an empty strip and the legend, no cursor", () => {
  render(<GenreTimeline timeline={null} genreNames={GENRES} colors={colors} time={0} />);

  expect(screen.getByTestId("timeline-strip").children).toHaveLength(0);
  expect(screen.queryByTestId("timeline-cursor")).toBeNull();
  expect(screen.getByText("Electronic")).toBeInTheDocument();
});
