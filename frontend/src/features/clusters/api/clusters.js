import { apiRequest } from "../../../lib/api-client";

// The latest map: {model, k, seed, silhouette: {k: score}, explained_variance,
// created_at, clusters: [{id, size, labels, tags, predicted}], points: [{x, y,
// cluster, track, labels, audio_url}]}; 404 no_clusters before any run.
export function getClusters({ signal } = {}) {
  return apiRequest("/api/clusters", { signal });
}
