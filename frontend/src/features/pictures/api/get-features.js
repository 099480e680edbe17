import { apiRequest } from "../../../lib/api-client";

// {id, model_version, pictures: {waveform, spectrogram, chromagram, mfcc, duration_s,
// sample_rate}, timings_ms, profile: null | {genre, traits, summary}, profile_unavailable}
export function getFeatures(classificationId, { signal } = {}) {
  return apiRequest(`/api/classifications/${encodeURIComponent(classificationId)}/features`, { signal });
}
