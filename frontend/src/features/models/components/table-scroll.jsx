// A wide table that scrolls sideways on a narrow screen; keyboard users reach the
// scrolling with Tab (then the arrow keys), screen readers hear what it holds.
export function TableScroll({ label, children }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
