// A response shaped like GET /api/classifications/<id>/features, with tiny pictures.
const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
const CLASSES = ["C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"];

// 12 pitch classes × 2 columns: A strongest, then E, then C.
const chroma = CLASSES.flatMap((name) => {
  const level = { A: 255, E: 200, C: 150 }[name] ?? 10;
  return [level, level];
});

const trait = (key, label, unit, value, rock, jazz, words, meaning) => ({
  trait: key,
  label,
  meaning,
  feature: key,
  unit,
  value,
  genres: [
    { genre: "Rock", mean: rock[0], std: rock[1], z: rock[2] },
    { genre: "Jazz", mean: jazz[0], std: jazz[1], z: jazz[2] },
  ],
  words,
});

export const FEATURES = {
  id: "5a1f3c2e-8d7b-4e61-9c0a-2b3d4e5f6a7b",
  model_version: "20251203-040000",
  pictures: {
    format: 1,
    duration_s: 30,
    sample_rate: 22050,
    // Row 0 the minima, row 1 the maxima: the loudest peak at ±0.5 of full scale.
    waveform: { shape: [2, 4], data: b64([128, 64, 100, 120, 128, 191, 150, 140]), min: -1, max: 1, unit: "full scale" },
    spectrogram: {
      shape: [4, 3],
      data: b64([10, 10, 10, 255, 255, 200, 30, 30, 30, 0, 0, 0]),
      min: -88,
      max: -8,
      unit: "dBFS",
      frequencies_hz: [50, 450, 2000, 9000],
    },
    chromagram: { shape: [12, 2], data: b64(chroma), min: 0, max: 1, unit: "share", pitch_classes: CLASSES },
    mfcc: { shape: [13, 2], data: b64(Array(26).fill(100)), min: Array(13).fill(-1), max: Array(13).fill(1), unit: "own scale" },
  },
  timings_ms: { pictures: 2.4 },
  profile: {
    genre: "Rock",
    traits: [
      trait("brightness", "Brightness", "Hz", 2315, [2205, 441, 0.25], [1323, 330.8, 3], "close to typical Rock", "the spectrum's centre of mass"),
      trait("noisiness", "Noisiness", "crossings/s", 3528, [2205, 441, 3], [1323, 220.5, 10], "much noisier than typical Rock", "how often the wave crosses zero"),
      trait("tempo", "Tempo", "BPM", 121, [120, 10, 0.1], [100, 20, 1.05], "close to typical Rock", "beats per minute"),
      trait("loudness_variation", "Loudness variation", "", 0.012, [0.01, 0.005, 0.4], [0.01, 0, null], "close to typical Rock", "loudness within each second"),
    ],
    summary: [
      "Close to typical Rock in brightness, tempo and loudness variation.",
      "But much noisier than typical Rock.",
      "Much noisier and much brighter than typical Jazz.",
    ],
  },
  profile_unavailable: null,
};
