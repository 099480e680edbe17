import { useImperativeHandle, useRef } from "react";
import { ACCEPT } from "../check-file";

// "Choose a file…": a real button (keyboard and screen readers know it) that opens
// the browser's file picker.
export function UploadButton({ onFile, ref }) {
  const input = useRef(null);
  useImperativeHandle(ref, () => ({ open: () => input.current.click() }));
  return (
    <>
      <button type="button" className="button secondary" onClick={() => input.current.click()}>
        Choose a file…
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="file-input"
        onChange={(event) => {
          const [file] = event.target.files;
          event.target.value = "";
          if (file) onFile(file);
        }}
      />
    </>
  );
}
