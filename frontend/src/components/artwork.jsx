import { useState } from "react";

// A stable colour from a name, so one artist's placeholder is always the same.
function hue(text) {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)) % 360;
  return hash;
}

function initials(text) {
  const words = text.split(/\s+/).filter((word) => /\w/.test(word));
  return words.slice(0, 2).map((word) => word[0].toUpperCase()).join("") || "♪";
}

// The cover, or a generated placeholder: initials on a colour of the artist's.
export function Artwork({ url, name }) {
  const [broken, setBroken] = useState(false);
  if (url && !broken) {
    return (
      <img
        className="artwork"
        src={url}
        alt=""
        width="44"
        height="44"
        loading="lazy"
        referrerPolicy="no-referrer"
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <span className="artwork placeholder" style={{ "--hue": hue(name) }} aria-hidden="true" data-testid="artwork-placeholder">
      {initials(name)}
    </span>
  );
}
