import { Component, Suspense, lazy } from "react";

// The pictures' code is its own chunk, fetched when the first result arrives: the
// first page's bundle stays small.
const Pictures = lazy(() =>
  import(/* webpackChunkName: "pictures" */ "./components/feature-pictures").then(async (module) => {
    await module.ready;
    return { default: module.FeaturePictures };
  }),
);

// Code that could not be fetched (offline, a new deploy) costs the pictures only.
class LoadFailed extends Component {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return <p className="pictures-loading">The feature pictures could not be loaded: reload the page to see them.</p>;
  }
}

export function LazyFeaturePictures({ result }) {
  return (
    <LoadFailed key={result.id}>
      <Suspense fallback={<p className="pictures-loading" role="status">Loading the feature pictures…</p>}>
        <Pictures result={result} />
      </Suspense>
    </LoadFailed>
  );
}
