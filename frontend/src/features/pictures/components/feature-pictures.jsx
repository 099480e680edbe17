import { useEffect, useId, useState } from "react";
import { formatMs } from "../../../lib/format";
import { loadStylesheet } from "../../../lib/stylesheet";
import { getFeatures } from "../api/get-features";
import stylesheet from "../pictures.css";
import { PictureGrid } from "./picture-grid";
import { TraitTable } from "./trait-table";

export const ready = loadStylesheet(stylesheet);

// What made it its genre: the traits in words, then the table of z-scores.
function Profile({ profile, unavailable }) {
  if (!profile) return <p className="pictures-note">{unavailable}</p>;
  return (
    <>
      <ul className="profile-summary">
        {profile.summary.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
      <TraitTable profile={profile} />
    </>
  );
}

// Under a result: the server's pictures of the clip it classified, and the clip's
// brightness, noisiness, beat and tempo against each genre the model learned.
export function FeaturePictures({ result }) {
  const id = useId();
  const classificationId = result.id;
  const [state, setState] = useState({ status: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    getFeatures(classificationId, { signal: controller.signal })
      .then((data) => setState({ status: "done", data }))
      .catch((error) => error.name !== "AbortError" && setState({ status: "error", error }));
    return () => controller.abort();
  }, [classificationId]);

  const { data } = state;
  const genre = data?.profile?.genre ?? result.genres[0]?.genre;
  return (
    <section className="pictures" aria-labelledby={`${id}-title`} aria-busy={state.status === "loading"}>
      <h2 id={`${id}-title`}>What the extractor heard</h2>
      {state.status === "loading" && <p role="status">Drawing the pictures of the clip…</p>}
      {state.status === "error" && (
        <p className="pictures-problem" role="alert">
          No pictures of this result: {state.error.message}
        </p>
      )}
      {data && (
        <>
          <p className="pictures-note">
            Drawn from the same decoded audio the model classified ({formatMs(data.timings_ms.pictures)} on the server).
          </p>
          <PictureGrid pictures={data.pictures} />
          <h3>What made it {genre}</h3>
          <Profile profile={data.profile} unavailable={data.profile_unavailable} />
        </>
      )}
    </section>
  );
}
