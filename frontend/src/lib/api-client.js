// The one API client: JSON in and out, the CSRF header, errors as ApiError
// ({status, code, message, retryAfter}), and server-sent event streams.
import { createSseParser } from "./sse";

function csrfToken() {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

export class ApiError extends Error {
  constructor(status, code, message, { retryAfter = null, fields = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.fields = fields;
  }
}

const unreachable = () =>
  new ApiError(0, "network", "The server could not be reached.");

async function send(path, { method = "GET", body, signal, accept = "application/json" }) {
  const headers = { Accept: accept, "X-CSRFToken": csrfToken() };
  let payload = body;
  if (body && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, signal, credentials: "same-origin" });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw unreachable();
  }
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    const retry = Number.parseInt(response.headers.get("Retry-After"), 10);
    throw new ApiError(response.status, data.error || "error", data.message || response.statusText, {
      retryAfter: Number.isFinite(retry) ? retry : null,
      fields: data.fields || null,
    });
  }
  return response;
}

export async function apiRequest(path, options = {}) {
  const response = await send(path, options);
  return response.json();
}

// POST to an event-stream endpoint: calls onEvent(name, data) for each event before
// the last, and resolves with the `result` event's data or throws the `error`'s.
export async function apiStream(path, { body, signal, onEvent = () => {} } = {}) {
  const response = await send(path, { method: "POST", body, signal, accept: "text/event-stream" });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let outcome = null;
  const parser = createSseParser(({ event, data }) => {
    if (outcome) return;
    const value = JSON.parse(data);
    if (event === "result") outcome = { value };
    else if (event === "error") {
      outcome = {
        error: new ApiError(value.status, value.error, value.message, { retryAfter: value.retry_after }),
      };
    } else onEvent(event, value);
  });
  try {
    while (!outcome) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw unreachable();
  } finally {
    reader.cancel().catch(() => {});
  }
  if (!outcome) throw new ApiError(0, "stream_ended", "The server stopped before sending the result.");
  if (outcome.error) throw outcome.error;
  return outcome.value;
}
