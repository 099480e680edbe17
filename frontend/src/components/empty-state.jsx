// What the page offers before anything is picked.
export function EmptyState({ children }) {
  return (
    <section className="empty-state" aria-label="How to start">
      <h2>Which genres is this song?</h2>
      <ol>
        <li>
          Type a few letters above — a title, an artist or an album — then pick a song from the list (↓ and Enter work
          too). You can listen while the model thinks.
        </li>
        <li>Or choose an audio file of your own (mp3, m4a, ogg, flac or wav), or drop one anywhere on this page.</li>
      </ol>
      {children}
    </section>
  );
}
