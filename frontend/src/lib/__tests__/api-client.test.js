import { ApiError, apiRequest, apiStream } from "../api-client";

function streamResponse(chunks, { status = 200 } = {}) {
  const encoder = new TextEncoder();
  const queue = chunks.map((chunk) => encoder.encode(chunk));
  return {
    ok: status < 400,
    status,
    headers: new Map(),
    body: {
      getReader: () => ({
        read: async () => (queue.length ? { done: false, value: queue.shift() } : { done: true }),
        cancel: async () => {},
      }),
    },
  };
}

function jsonResponse(status, body, headers = {}) {
  return { ok: status < 400, status, statusText: "", headers: new Map(Object.entries(headers)), json: async () => body };
}

beforeEach(() => {
  global.fetch = jest.fn();
  document.cookie = "csrftoken=tok%2Den";
});

test("JSON requests carry the CSRF token and parse the body", async () => {
  fetch.mockResolvedValue(jsonResponse(200, { version: "v1" }));

  await expect(apiRequest("/api/models/active")).resolves.toEqual({ version: "v1" });
  expect(fetch).toHaveBeenCalledWith(
    "/api/models/active",
    expect.objectContaining({ headers: expect.objectContaining({ "X-CSRFToken": "tok-en" }) }),
  );
});

test("an error body becomes an ApiError with its code, message and Retry-After", async () => {
  fetch.mockResolvedValue(jsonResponse(429, { error: "throttled", message: "Slow down." }, { "Retry-After": "12" }));

  const error = await apiRequest("/api/search?q=a").catch((e) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect([error.status, error.code, error.message, error.retryAfter]).toEqual([429, "throttled", "Slow down.", 12]);
});

test("no server at all is a network error", async () => {
  fetch.mockRejectedValue(new TypeError("Failed to fetch"));

  const error = await apiRequest("/api/search?q=a").catch((e) => e);
  expect([error.status, error.code]).toEqual([0, "network"]);
});

test("a stream reports its stages and resolves with the result", async () => {
  fetch.mockResolvedValue(
    streamResponse([
      'event: stage\ndata: {"stage": "fetching", "elapsed_ms": 1}\n\nevent: st',
      'age\ndata: {"stage": "decoding", "elapsed_ms": 9}\n\n',
      'event: result\ndata: {"id": "abc", "genres": []}\n\n',
    ]),
  );
  const seen = [];

  const result = await apiStream("/api/classifications/stream", {
    body: { provider: "local", track_id: "x.mp3" },
    onEvent: (event, data) => seen.push([event, data.stage]),
  });

  expect(result).toEqual({ id: "abc", genres: [] });
  expect(seen).toEqual([
    ["stage", "fetching"],
    ["stage", "decoding"],
  ]);
  const [, options] = fetch.mock.calls[0];
  expect(options.method).toBe("POST");
  expect(options.headers.Accept).toBe("text/event-stream");
  expect(JSON.parse(options.body)).toEqual({ provider: "local", track_id: "x.mp3" });
});

test("an error event is thrown as the ApiError it describes", async () => {
  fetch.mockResolvedValue(
    streamResponse([
      'event: stage\ndata: {"stage": "fetching", "elapsed_ms": 1}\n\n',
      'event: error\ndata: {"error": "rate_limited", "message": "quota", "status": 503, "retry_after": 5}\n\n',
    ]),
  );

  const error = await apiStream("/api/classifications/stream", { body: {} }).catch((e) => e);
  expect([error.status, error.code, error.message, error.retryAfter]).toEqual([503, "rate_limited", "quota", 5]);
});

test("a stream that ends without a result says so", async () => {
  fetch.mockResolvedValue(streamResponse(['event: stage\ndata: {"stage": "fetching", "elapsed_ms": 1}\n\n']));

  const error = await apiStream("/api/classifications/stream", { body: {} }).catch((e) => e);
  expect(error.code).toBe("stream_ended");
});

test("an error before the stream starts is the usual JSON error", async () => {
  fetch.mockResolvedValue(jsonResponse(413, { error: "too_large", message: "The upload is 9 bytes; the limit is 1." }));

  const error = await apiStream("/api/classifications/stream", { body: new FormData() }).catch((e) => e);
  expect([error.status, error.code]).toEqual([413, "too_large"]);
  const [, options] = fetch.mock.calls[0];
  expect(options.headers["Content-Type"]).toBeUndefined(); // the browser sets the multipart boundary
});
