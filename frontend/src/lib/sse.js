// A parser for server-sent events (text/event-stream) fed in arbitrary text chunks.
// Only the fields the API sends are kept: `event` and `data` (lines joined by "\n").
export function createSseParser(onEvent) {
  let buffer = "";
  let event = "message";
  let data = [];

  const dispatch = () => {
    if (data.length) onEvent({ event, data: data.join("\n") });
    event = "message";
    data = [];
  };

  const line = (text) => {
    if (text === "") return dispatch();
    if (text.startsWith(":")) return undefined; // a comment
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    return undefined;
  };

  return {
    push(chunk) {
      buffer += chunk;
      // A "\r" at the end may be the first half of "\r\n": keep its line for later.
      const held = buffer.endsWith("\r");
      const lines = (held ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
      buffer = lines.pop() + (held ? "\r" : "");
      lines.forEach(line);
    },
  };
}
