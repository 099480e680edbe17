import { apiRequest } from "../../../lib/api-client";

export function searchTracks(query, { signal, provider, limit } = {}) {
  const params = new URLSearchParams({ q: query });
  if (provider) params.set("provider", provider);
  if (limit) params.set("limit", String(limit));
  return apiRequest(`/api/search?${params}`, { signal });
}
