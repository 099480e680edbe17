import { apiRequest } from "../../../lib/api-client";

// {model, metric, tracks: [{source, track, labels, genres, audio_url, distance, similarity}]}
export function getSimilar(classificationId, { limit = 10, signal } = {}) {
  const id = encodeURIComponent(classificationId);
  return apiRequest(`/api/classifications/${id}/similar?limit=${limit}`, { signal });
}
