// Server settings the page needs, written by Django into <div id="root" data-...>.
const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
const DEFAULT_MAX_AUDIO_SECONDS = 600;

export function readConfig(root) {
  const number = (value, fallback) => {
    const parsed = Number(value);
    return value && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
  };
  const data = root?.dataset ?? {};
  return {
    maxUploadBytes: number(data.maxUploadBytes, DEFAULT_MAX_UPLOAD_BYTES),
    maxAudioSeconds: number(data.maxAudioSeconds, DEFAULT_MAX_AUDIO_SECONDS),
  };
}

export const defaultConfig = readConfig(null);
