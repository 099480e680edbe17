import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RESULT } from "../../classify/__tests__/result";
import { ApiError } from "../../../lib/api-client";
import { getFeedback, sendFeedback } from "../api/feedback";
import { FeedbackForm } from "../components/feedback-form";

jest.mock("../api/feedback");

const CHOICES = { model: RESULT.model.genres, other: ["Metal", "Pop"] };
const vote = (verdict, genre) => ({ classification: RESULT.id, verdict, genre, predicted: "Blues" });

beforeEach(() => {
  jest.resetAllMocks();
  getFeedback.mockResolvedValue({ vote: null, genres: CHOICES });
});

test("without a result it keeps its place, switched off", () => {
  render(<FeedbackForm result={null} />);

  expect(screen.getByRole("heading", { name: "Is it right?" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Right" })).toBeDisabled();
  expect(screen.getByLabelText("or actually it is")).toBeDisabled();
  expect(getFeedback).not.toHaveBeenCalled();
});

test("“Right” tells the model its top genre was right", async () => {
  const user = userEvent.setup();
  sendFeedback.mockResolvedValue({ vote: vote("right", "Blues"), replaced: false });
  render(<FeedbackForm result={RESULT} />);

  await user.click(screen.getByRole("button", { name: "Right, it is Blues" }));

  expect(sendFeedback).toHaveBeenCalledWith(RESULT.id, { verdict: "right", genre: undefined });
  expect(await screen.findByText("Thanks: the next model learns that this song is Blues.")).toHaveAttribute("role", "status");
});

test("“actually it is” offers the model's other genres first, then new ones", async () => {
  const user = userEvent.setup();
  sendFeedback.mockResolvedValue({ vote: vote("wrong", "Metal"), replaced: false });
  render(<FeedbackForm result={RESULT} />);
  await screen.findByRole("option", { name: "Metal" });

  const select = screen.getByLabelText("or actually it is");
  const groups = [...select.querySelectorAll("optgroup")].map((group) => [group.label, [...group.children].map((o) => o.value)]);
  expect(groups).toEqual([
    ["Genres the model knows", ["Classical", "Electronic", "Jazz", "Rap", "Rock"]],
    ["Other genres (a new model can learn them)", ["Metal", "Pop"]],
  ]);
  expect(screen.getByRole("button", { name: "Tell the model" })).toBeDisabled();
  await user.selectOptions(select, "Metal");
  await user.click(screen.getByRole("button", { name: "Tell the model" }));

  expect(sendFeedback).toHaveBeenCalledWith(RESULT.id, { verdict: "wrong", genre: "Metal" });
  expect(await screen.findByRole("status")).toHaveTextContent(
    "Thanks for the correction: the next model learns that this song is Metal.",
  );
});

test("an earlier vote is shown, and a new one replaces it", async () => {
  const user = userEvent.setup();
  getFeedback.mockResolvedValue({ vote: vote("wrong", "Jazz"), genres: CHOICES });
  sendFeedback.mockResolvedValue({ vote: vote("right", "Blues"), replaced: true });
  render(<FeedbackForm result={RESULT} />);

  expect(await screen.findByText("You said this song is Jazz. You can change your answer.")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Right, it is Blues" }));

  expect(await screen.findByRole("status")).toHaveTextContent("Changed: the next model learns that this song is Blues.");
});

test("a refused vote says why in the server's words", async () => {
  const user = userEvent.setup();
  const message = "You have sent more requests than we answer in a short while. Try again in 40 seconds.";
  sendFeedback.mockRejectedValue(new ApiError(429, "throttled", message, { retryAfter: 40 }));
  render(<FeedbackForm result={RESULT} />);

  await user.click(screen.getByRole("button", { name: "Right, it is Blues" }));

  expect(await screen.findByText(message)).toHaveClass("problem");
  expect(screen.getByRole("button", { name: "Right, it is Blues" })).toBeEnabled();
});

test("without the genre list the model's own genres still work", async () => {
  getFeedback.mockRejectedValue(new ApiError(0, "network", "The server could not be reached."));
  render(<FeedbackForm result={RESULT} />);

  expect(await screen.findByRole("option", { name: "Jazz" })).toBeInTheDocument();
  expect(screen.queryByRole("option", { name: "Metal" })).toBeNull();
});
