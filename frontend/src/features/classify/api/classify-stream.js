import { apiStream } from "../../../lib/api-client";

// Classify a picked track ({provider, id}) or a File, calling onStage({stage,
// elapsed_ms}) as the server reports each stage; resolves with the result.
export function classifyStream(input, { onStage, signal } = {}) {
  let body;
  if (input.file) {
    body = new FormData();
    body.append("file", input.file);
  } else {
    body = { provider: input.track.provider, track_id: input.track.id };
  }
  return apiStream("/api/classifications/stream", {
    body,
    signal,
    onEvent: (event, data) => event === "stage" && onStage?.(data),
  });
}
