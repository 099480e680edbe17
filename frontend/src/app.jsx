import { useState } from "react";
import { SearchBox } from "./features/search/components/search-box";
import { GenreBars } from "./features/classify/components/genre-bars";
import { classifyFile, classifyTrack } from "./features/classify/api/classify-track";
import { ModelCard } from "./features/model/components/model-card";

export function App() {
  const [state, setState] = useState({ status: "idle" });

  const run = (promise) => {
    setState({ status: "waiting" });
    promise
      .then((result) => setState({ status: "done", result }))
      .catch((error) => setState({ status: "error", message: error.message }));
  };

  return (
    <main>
      <h1>AudioFiler</h1>
      <SearchBox onPick={(track) => run(classifyTrack(track))} />
      <label className="upload">
        …or drop in a file{" "}
        <input type="file" accept="audio/*" onChange={(e) => e.target.files[0] && run(classifyFile(e.target.files[0]))} />
      </label>
      {state.status === "waiting" && <p className="waiting" role="status">Listening…</p>}
      {state.status === "error" && <p className="error" role="alert">{state.message}</p>}
      {state.status === "done" && <GenreBars result={state.result} />}
      <ModelCard />
    </main>
  );
}
