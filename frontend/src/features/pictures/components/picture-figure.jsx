import { useEffect, useRef } from "react";
import { imagePixels, timeTicks } from "../picture-math";

// Paint an image picture (rows × columns bytes) one canvas pixel per value; CSS
// stretches the canvas over the figure's width.
export function paintImage(context, picture) {
  const image = context.createImageData(picture.columns, picture.rows);
  image.data.set(imagePixels(picture));
  context.putImageData(image, 0, 0);
}

// The waveform: one vertical stroke per column from its lowest to its highest sample.
export const WAVE_HEIGHT = 100;
export function paintWaveform(context, { columns, values }) {
  context.fillStyle = "#1f57c3";
  const y = (value) => ((255 - value) / 255) * (WAVE_HEIGHT - 1);
  for (let column = 0; column < columns; column += 1) {
    const top = y(values[columns + column]);
    const bottom = y(values[column]);
    context.fillRect(column, top, 1, Math.max(1, bottom - top));
  }
}

// One picture: a title saying what the axes and colours mean, the canvas (an image
// with its text alternative) and the axes' marks.
export function PictureFigure({ title, legend, description, width, height, paint, yTicks, duration, tall = false }) {
  const canvas = useRef(null);
  useEffect(() => {
    const context = canvas.current?.getContext?.("2d");
    if (context) paint(context);
  }, [paint]);
  return (
    <figure className="picture">
      <figcaption>
        <strong>{title}</strong> <span className="picture-legend">{legend}</span>
      </figcaption>
      <div className={tall ? "picture-plot tall" : "picture-plot"}>
        <div className="y-axis" aria-hidden="true">
          {yTicks.map((tick) => (
            <span key={tick.label} style={{ bottom: `${tick.at * 100}%` }}>
              {tick.label}
            </span>
          ))}
        </div>
        <canvas ref={canvas} width={width} height={height} role="img" aria-label={description} />
        <div className="x-axis" aria-hidden="true">
          {timeTicks(duration).map((t) => (
            <span key={t} style={{ left: `${(t / duration) * 100}%` }}>
              {t} s
            </span>
          ))}
        </div>
      </div>
    </figure>
  );
}
