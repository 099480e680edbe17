import { useCallback, useMemo } from "react";
import {
  decodePicture,
  describeChromagram,
  describeMfcc,
  describeSpectrogram,
  describeWaveform,
  frequencyTicks,
} from "../picture-math";
import { PictureFigure, WAVE_HEIGHT, paintImage, paintWaveform } from "./picture-figure";

const round = (value) => Math.round(value);
// Marks on the frequency axis at least this share of its height apart (~1.1 lines).
const MIN_TICK_GAP = 0.1;

// The four pictures of the clip, as the server drew them from the decoded audio.
export function PictureGrid({ pictures }) {
  const { duration_s: duration, waveform, spectrogram, chromagram, mfcc } = pictures;
  const decoded = useMemo(
    () => ({
      waveform: decodePicture(waveform),
      spectrogram: decodePicture(spectrogram),
      chromagram: decodePicture(chromagram),
      mfcc: decodePicture(mfcc),
    }),
    [waveform, spectrogram, chromagram, mfcc],
  );
  const paintWave = useCallback((context) => paintWaveform(context, decoded.waveform), [decoded]);
  const paintSpectrogram = useCallback((context) => paintImage(context, decoded.spectrogram), [decoded]);
  const paintChroma = useCallback((context) => paintImage(context, decoded.chromagram), [decoded]);
  const paintMfcc = useCallback((context) => paintImage(context, decoded.mfcc), [decoded]);
  const centres = spectrogram.frequencies_hz;
  const classes = chromagram.pitch_classes;
  const rowTick = (rows) => (label, row) => ({ label, at: (row + 0.5) / rows });
  return (
    <div className="picture-grid">
      <PictureFigure
        title="Waveform"
        legend="amplitude (share of full scale) over time"
        description={describeWaveform(decoded.waveform, duration)}
        width={decoded.waveform.columns}
        height={WAVE_HEIGHT}
        paint={paintWave}
        yTicks={[
          { label: "+1", at: 1 },
          { label: "0", at: 0.5 },
          { label: "−1", at: 0 },
        ]}
        duration={duration}
      />
      <PictureFigure
        title="Spectrogram"
        legend={`frequency (Hz, mel scale) over time; colour: loudness from ${round(spectrogram.min)} dBFS (dark) to ${round(spectrogram.max)} dBFS (bright)`}
        description={describeSpectrogram(decoded.spectrogram, centres, duration)}
        width={decoded.spectrogram.columns}
        height={decoded.spectrogram.rows}
        paint={paintSpectrogram}
        yTicks={frequencyTicks(centres, MIN_TICK_GAP)}
        duration={duration}
      />
      <PictureFigure
        title="Chromagram"
        legend="pitch class over time; colour: share of the strongest pitch class at that moment"
        description={describeChromagram(decoded.chromagram, classes, duration)}
        width={decoded.chromagram.columns}
        height={decoded.chromagram.rows}
        paint={paintChroma}
        yTicks={classes.map(rowTick(classes.length)).filter((tick) => !tick.label.includes("♯"))}
        duration={duration}
        tall
      />
      <PictureFigure
        title="MFCC"
        legend="MFCC index (1 = loudness, higher = finer timbre) over time; colour: each coefficient from its lowest (dark) to its highest (bright)"
        description={describeMfcc(decoded.mfcc, duration)}
        width={decoded.mfcc.columns}
        height={decoded.mfcc.rows}
        paint={paintMfcc}
        yTicks={[1, 5, 9, 13].map((n) => ({ label: String(n), at: (n - 0.5) / decoded.mfcc.rows }))}
        duration={duration}
      />
    </div>
  );
}
