import { apiRequest } from "../../../lib/api-client";

// [{version, created_at, active, genres, accuracy, accuracy_source, tracks, feedback_labels}]
export function listModels({ signal } = {}) {
  return apiRequest("/api/models", { signal });
}

// Everything the models page draws of one version (see classifier/selectors_models.py).
export function getModel(version, { signal } = {}) {
  return apiRequest(`/api/models/${encodeURIComponent(version)}`, { signal });
}
