// Shown over the page while a file is dragged onto it.
export function DropOverlay({ active }) {
  return (
    <div className={`drop-overlay${active ? " active" : ""}`} aria-hidden="true">
      <p>Drop the file to hear its genres</p>
    </div>
  );
}
