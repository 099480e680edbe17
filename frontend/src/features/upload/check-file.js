// What can be told about a file before sending it: empty, too big, not audio.
// Returns null when it may be sent, else an error shaped like the API's.
export const AUDIO_EXTENSIONS = ["mp3", "m4a", "mp4", "aac", "ogg", "oga", "opus", "flac", "wav", "aif", "aiff", "webm"];
export const ACCEPT = ["audio/*", ...AUDIO_EXTENSIONS.map((ext) => `.${ext}`)].join(",");

export function checkFile(file, { maxUploadBytes }) {
  const extension = file.name.includes(".") ? file.name.split(".").pop().toLowerCase() : "";
  const looksAudio = file.type.startsWith("audio/") || AUDIO_EXTENSIONS.includes(extension);
  if (!looksAudio) return { code: "not_audio", status: 400, fileName: file.name, message: "" };
  if (file.size === 0) return { code: "empty_file", status: 400, message: "" };
  if (file.size > maxUploadBytes) return { code: "too_large", status: 413, size: file.size, message: "" };
  return null;
}
