import { checkFile } from "../check-file";

const LIMITS = { maxUploadBytes: 1000 };
const file = (name, type, size) => {
  const made = new File(["x".repeat(size)], name, { type });
  return made;
};

test.each([
  ["song.mp3", "audio/mpeg", 10, null],
  ["clip.M4A", "", 10, null],
  ["video-with-sound.webm", "video/webm", 10, null],
  ["voice", "audio/ogg", 10, null],
  ["notes.txt", "text/plain", 10, "not_audio"],
  ["picture.png", "image/png", 10, "not_audio"],
  ["empty.wav", "audio/wav", 0, "empty_file"],
  ["big.flac", "audio/flac", 1001, "too_large"],
])("%s (%s, %i bytes) → %s", (name, type, size, code) => {
  const problem = checkFile(file(name, type, size), LIMITS);
  expect(problem?.code ?? null).toBe(code);
});
