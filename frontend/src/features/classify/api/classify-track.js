import { apiRequest } from "../../../lib/api-client";

export function classifyTrack(track) {
  return apiRequest("/api/classifications", {
    method: "POST",
    body: { provider: track.provider, track_id: track.id },
  });
}

export function classifyFile(file) {
  const form = new FormData();
  form.append("file", file);
  return apiRequest("/api/classifications", { method: "POST", body: form });
}
