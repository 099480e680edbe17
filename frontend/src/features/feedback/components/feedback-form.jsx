import { useEffect, useId, useState } from "react";
import { getFeedback, sendFeedback } from "../api/feedback";

function thanks(vote, replaced) {
  const lesson = `the next model learns that this song is ${vote.genre}.`;
  if (replaced) return `Changed: ${lesson}`;
  return vote.verdict === "right" ? `Thanks: ${lesson}` : `Thanks for the correction: ${lesson}`;
}

// "Right", or "actually it is ___": the visitor's vote on a result becomes a training
// example for the next model. Without a result yet it keeps its place, disabled.
export function FeedbackForm({ result }) {
  const id = useId();
  const [choices, setChoices] = useState(null);
  const [genre, setGenre] = useState("");
  const [state, setState] = useState({ status: "idle" });
  const classificationId = result?.id;
  const predicted = result?.genres[0]?.genre;

  useEffect(() => {
    setGenre("");
    setChoices(null);
    setState({ status: "idle" });
    if (!classificationId) return undefined;
    const controller = new AbortController();
    getFeedback(classificationId, { signal: controller.signal })
      .then((data) => {
        setChoices(data.genres);
        if (data.vote) setState({ status: "voted", vote: data.vote, earlier: true });
      })
      .catch(() => {}); // the model's own genres still work without the list
    return () => controller.abort();
  }, [classificationId]);

  const vote = (verdict, chosen) => {
    setState({ status: "sending" });
    sendFeedback(classificationId, { verdict, genre: chosen })
      .then(({ vote: stored, replaced }) => setState({ status: "voted", vote: stored, replaced }))
      .catch((error) => setState({ status: "error", error }));
  };
  const submit = (event) => {
    event.preventDefault();
    if (genre) vote("wrong", genre);
  };

  const disabled = !result || state.status === "sending";
  const modelGenres = (choices?.model ?? result?.model.genres ?? []).filter((name) => name !== predicted);
  const others = choices?.other ?? [];
  return (
    <section className="feedback" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="feedback-title">
        Is it right?
      </h2>
      <form className="feedback-row" onSubmit={submit}>
        <button type="button" className="button secondary" disabled={disabled} onClick={() => vote("right")}>
          {predicted ? `Right, it is ${predicted}` : "Right"}
        </button>
        <label htmlFor={`${id}-genre`}>or actually it is</label>
        <select id={`${id}-genre`} value={genre} disabled={disabled} onChange={(event) => setGenre(event.target.value)}>
          <option value="">choose a genre…</option>
          <optgroup label="Genres the model knows">
            {modelGenres.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </optgroup>
          {others.length > 0 && (
            <optgroup label="Other genres (a new model can learn them)">
              {others.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </optgroup>
          )}
        </select>
        <button type="submit" className="button" disabled={disabled || !genre}>
          Tell the model
        </button>
      </form>
      <p className={state.status === "error" ? "feedback-status problem" : "feedback-status"} role="status">
        {state.status === "voted" &&
          (state.earlier
            ? `You said this song is ${state.vote.genre}. You can change your answer.`
            : thanks(state.vote, state.replaced))}
        {state.status === "error" && state.error.message}
        {state.status === "idle" && "Your answer becomes a training example for the next version of the model."}
      </p>
    </section>
  );
}
