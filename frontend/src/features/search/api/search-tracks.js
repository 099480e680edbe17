import { apiRequest } from "../../../lib/api-client";

export function searchTracks(query, { signal } = {}) {
  return apiRequest(`/api/search?q=${encodeURIComponent(query)}`, { signal });
}
