import { Component, Suspense } from "react";
import { ErrorPanel } from "./error-panel";

// Shown while a page's code is on its way, in the space the page will fill.
function Loading() {
  return (
    <main className="page-loading" aria-busy="true">
      <p role="status">Loading the page…</p>
    </main>
  );
}

// A page whose code could not be fetched (offline, a new deploy): say so, offer a reload.
class LoadFailed extends Component {
  state = { error: null };

  static getDerivedStateFromError(error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main>
        <ErrorPanel
          error={{ code: "page_load_failed", status: 0, message: this.state.error.message }}
          onAction={() => window.location.reload()}
        />
      </main>
    );
  }
}

// A page of pages.js: its code is loaded on first use.
export function LazyPage({ component: Page }) {
  return (
    <LoadFailed>
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    </LoadFailed>
  );
}

export function NotFound() {
  return (
    <main className="not-found">
      <h2>There is no such page.</h2>
      <p>
        <a href="#/">Go to the start page</a> to classify a song.
      </p>
    </main>
  );
}
