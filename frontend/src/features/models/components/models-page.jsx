import { useCallback, useEffect, useState } from "react";
import { hashParams, replaceParams } from "../../../lib/hash-route";
import { loadStylesheet } from "../../../lib/stylesheet";
import { listModels } from "../api/models";
import { useModelDetails } from "../hooks/use-model-details";
import stylesheet from "../models.css";
import { GenreChanges } from "./genre-changes";
import { ModelColumn } from "./model-column";
import { ModelPicker } from "./model-picker";
import { VersionList } from "./version-list";

export const ready = loadStylesheet(stylesheet);

// A and B: the ones in the address if they exist; else B is the serving version (or
// the newest) and A the one before it, so the changes read from old to new.
export function defaultPicks(models, asked) {
  const known = (version) => models.some((model) => model.version === version);
  const serving = (models.find((model) => model.active) ?? models[0])?.version ?? "";
  const at = models.findIndex((model) => model.version === serving);
  const before = (models[at + 1] ?? models.find((model) => model.version !== serving))?.version ?? "";
  const [defaultA, defaultB] = before ? [before, serving] : [serving, ""];
  const a = known(asked.a) ? asked.a : defaultA;
  let b = asked.b === "" ? "" : known(asked.b) ? asked.b : defaultB;
  if (b === a) b = a === defaultB ? defaultA : defaultB;
  return { a, b: b === a ? "" : b };
}

// The server's message is written for people; a way on when there is one.
function Problem({ error, onRetry }) {
  return (
    <div className="problem" role="alert">
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

function Detail({ entry, side }) {
  if (!entry || entry.status === "loading") return <p className="muted model-column">Loading version {side.toUpperCase()}…</p>;
  if (entry.status === "error") return <Problem error={entry.error} />;
  return <ModelColumn detail={entry.data} side={side} />;
}

// Every trained version: how it learned and from what, two side by side.
export function ModelsPage() {
  const [list, setList] = useState({ status: "loading" });
  const [picks, setPicks] = useState({ a: "", b: "" });
  const details = useModelDetails([picks.a, picks.b]);

  const load = useCallback(() => {
    setList({ status: "loading" });
    listModels()
      .then((models) => {
        const params = hashParams();
        setPicks(defaultPicks(models, { a: params.get("a"), b: params.get("b") }));
        setList({ status: "ready", models });
      })
      .catch((error) => setList({ status: "error", error }));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    document.title = "Models · AudioFiler";
  }, []);

  const pick = (side, version) => {
    const next = { ...picks, [side]: version };
    setPicks(next);
    replaceParams(next);
  };
  const [a, b] = [details[picks.a], picks.b ? details[picks.b] : null];
  return (
    <main className="models-page">
      <h2>Models</h2>
      <p className="lede">How each trained version learned, where it goes wrong and what it learned from. Pick two to compare.</p>
      {list.status === "loading" && <p role="status">Loading the versions…</p>}
      {list.status === "error" && <Problem error={list.error} onRetry={load} />}
      {list.status === "ready" && list.models.length === 0 && (
        <p>No model is trained yet: run <code>manage.py train_model --activate</code> (or <code>make demo</code>).</p>
      )}
      {list.status === "ready" && list.models.length > 0 && (
        <>
          <VersionList models={list.models} />
          <ModelPicker models={list.models} picks={picks} onPick={pick} />
          {a?.status === "ready" && b?.status === "ready" && (
            <section aria-labelledby="genre-changes">
              <h3 id="genre-changes">What changed per genre</h3>
              <GenreChanges a={a.data} b={b.data} />
            </section>
          )}
          <div className={picks.b ? "model-columns two" : "model-columns"}>
            <Detail entry={a} side="a" />
            {picks.b && <Detail entry={b} side="b" />}
          </div>
        </>
      )}
    </main>
  );
}
