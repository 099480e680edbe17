import { createSseParser } from "../sse";

function parse(chunks) {
  const events = [];
  const parser = createSseParser((event) => events.push(event));
  chunks.forEach((chunk) => parser.push(chunk));
  return events;
}

const STREAM =
  'event: stage\ndata: {"stage": "decoding", "elapsed_ms": 4}\n\n' +
  'event: result\ndata: {"id": "x"}\n\n';

test("events as the API sends them", () => {
  expect(parse([STREAM])).toEqual([
    { event: "stage", data: '{"stage": "decoding", "elapsed_ms": 4}' },
    { event: "result", data: '{"id": "x"}' },
  ]);
});

test("chunks split anywhere give the same events", () => {
  for (let cut = 1; cut < STREAM.length; cut += 1) {
    expect(parse([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(parse([STREAM]));
  }
});

test("CRLF and CR line ends, comments, several data lines, no event name", () => {
  const events = parse([": keep-alive\r\n", "data: a\r", "\ndata: b\r\r", "event: x\rdata:c\n\n"]);
  expect(events).toEqual([
    { event: "message", data: "a\nb" },
    { event: "x", data: "c" },
  ]);
});

test("an event without its blank line is not dispatched yet", () => {
  expect(parse(["event: result\ndata: {}\n"])).toEqual([]);
});
