import { apiRequest } from "../../../lib/api-client";

export function getActiveModel() {
  return apiRequest("/api/models/active");
}
