import { render, screen, within } from "@testing-library/react";
import { Waiting } from "../components/waiting";

const stage = (name) => within(screen.getByRole("list", { name: "Stages" })).getByText(name, { exact: false });
const stateOf = (name) => stage(name).closest("li").dataset.state;

test("before the server reports anything it says it is asking", () => {
  render(<Waiting stages={[]} forFile={false} />);

  expect(screen.getByRole("status")).toHaveTextContent("Asking the server…");
  const stages = within(screen.getByRole("list", { name: "Stages" })).getAllByRole("listitem");
  expect(stages.map((li) => li.dataset.state)).toEqual(["todo", "todo", "todo", "todo"]);
});

test("the stage the server started is current, the ones before are done", () => {
  render(
    <Waiting
      stages={[
        { stage: "fetching", elapsed_ms: 2 },
        { stage: "decoding", elapsed_ms: 14 },
        { stage: "extracting", elapsed_ms: 61 },
      ]}
      forFile={false}
    />,
  );

  expect(screen.getByRole("status")).toHaveTextContent("Measuring the sound (138 features)…");
  expect(stateOf("Fetching the preview")).toBe("done");
  expect(stateOf("Decoding the audio")).toBe("done");
  expect(stateOf("Measuring the sound")).toBe("current");
  expect(stateOf("Asking the model")).toBe("todo");
  expect(stage("Decoding the audio")).toHaveTextContent("started at 14 ms");
});

test("an upload has no fetching stage and starts by sending", () => {
  render(<Waiting stages={[]} forFile />);

  expect(screen.getByRole("status")).toHaveTextContent("Sending the file…");
  expect(screen.queryByText("Fetching the preview", { exact: false })).toBeNull();
  expect(within(screen.getByRole("list", { name: "Stages" })).getAllByRole("listitem")).toHaveLength(3);
});
