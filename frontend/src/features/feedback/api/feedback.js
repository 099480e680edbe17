import { apiRequest } from "../../../lib/api-client";

const path = (classificationId) => `/api/classifications/${encodeURIComponent(classificationId)}/feedback`;

// {vote: null | {classification, verdict, genre, predicted}, genres: {model: [], other: []}}
export function getFeedback(classificationId, { signal } = {}) {
  return apiRequest(path(classificationId), { signal });
}

// verdict "right", or "wrong" with the genre it is: {vote, replaced}.
export function sendFeedback(classificationId, { verdict, genre }) {
  const body = verdict === "right" ? { verdict } : { verdict, genre };
  return apiRequest(path(classificationId), { method: "POST", body });
}
