// A result shaped like POST /api/classifications/stream's `result` event.
export const GENRES = ["Blues", "Classical", "Electronic", "Jazz", "Rap", "Rock"];

export const RESULT = {
  id: "5a1f3c2e-8d7b-4e61-9c0a-2b3d4e5f6a7b",
  track: { provider: "local", id: "Muddy Kettle Trio - Rainwater Shuffle.mp3", title: "Rainwater Shuffle", artist: "Muddy Kettle Trio" },
  genres: [
    { genre: "Blues", probability: 0.612 },
    { genre: "Jazz", probability: 0.243 },
    { genre: "Rock", probability: 0.08 },
    { genre: "Classical", probability: 0.04 },
    { genre: "Electronic", probability: 0.015 },
    { genre: "Rap", probability: 0.01 },
  ],
  timeline: [
    { start_s: 0, end_s: 5, genres: { Blues: 0.7, Classical: 0.05, Electronic: 0.05, Jazz: 0.1, Rap: 0.05, Rock: 0.05 } },
    { start_s: 5, end_s: 10, genres: { Blues: 0.6, Classical: 0.05, Electronic: 0.05, Jazz: 0.2, Rap: 0.05, Rock: 0.05 } },
    { start_s: 10, end_s: 15, genres: { Blues: 0.2, Classical: 0.05, Electronic: 0.05, Jazz: 0.6, Rap: 0.05, Rock: 0.05 } },
    { start_s: 15, end_s: 17.5, genres: { Blues: 0.5, Classical: 0.1, Electronic: 0.1, Jazz: 0.1, Rap: 0.1, Rock: 0.1 } },
  ],
  model: { version: "20251203-040000", genres: GENRES, accuracy: 0.826 },
  timings_ms: { fetch: 1.2, decode: 41.5, features: 12.3, predict: 0.4 },
  cached: false,
};
