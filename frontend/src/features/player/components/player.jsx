import { useEffect, useImperativeHandle, useRef } from "react";

// The preview player. Reports the playing position every animation frame while it
// plays (smoother than `timeupdate`), so the timeline's cursor can follow it.
export function Player({ src, label, onTime, ref }) {
  const audio = useRef(null);

  useImperativeHandle(ref, () => ({
    seek: (seconds) => {
      audio.current.currentTime = seconds;
      onTime(seconds);
    },
    // A browser may refuse (no user gesture): the controls are still there.
    play: () => audio.current.play()?.catch?.(() => {}),
  }));

  useEffect(() => {
    const element = audio.current;
    let frame = 0;
    const tick = () => {
      onTime(element.currentTime);
      if (!element.paused) frame = requestAnimationFrame(tick);
    };
    const start = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    element.addEventListener("play", start);
    element.addEventListener("seeked", tick);
    element.addEventListener("pause", tick);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener("play", start);
      element.removeEventListener("seeked", tick);
      element.removeEventListener("pause", tick);
    };
  }, [onTime]);

  useEffect(() => onTime(0), [src, onTime]);

  return (
    <audio ref={audio} className="player" controls preload="metadata" src={src || undefined} aria-label={`Play ${label}`}>
      Your browser cannot play this preview.
    </audio>
  );
}
