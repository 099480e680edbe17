import { describeError } from "../lib/error-text";

const ACTION_LABELS = { retry: "Try again", search: "Search another song", upload: "Choose another file" };

// An error in words, what to do next, and a button that does it.
export function ErrorPanel({ error, limits, onAction }) {
  const { title, next, action } = describeError(error, limits);
  return (
    <div className="error-panel" role="alert">
      <p className="error-title">{title}</p>
      <p className="error-next">{next}</p>
      {error.message && <p className="error-detail">Details: {error.message}</p>}
      {onAction && (
        <button type="button" className="button" onClick={() => onAction(action)}>
          {ACTION_LABELS[action]}
        </button>
      )}
    </div>
  );
}
