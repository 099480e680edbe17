import { useEffect, useRef, useState } from "react";
import { getModel } from "../api/models";

// The details of the given versions, each fetched once: version -> {status, data, error}.
export function useModelDetails(versions) {
  const [details, setDetails] = useState({});
  const requested = useRef(new Set());
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const wanted = versions.filter(Boolean);
  const key = wanted.join("\n");
  useEffect(() => {
    const set = (version, entry) => mounted.current && setDetails((all) => ({ ...all, [version]: entry }));
    for (const version of wanted) {
      if (requested.current.has(version)) continue;
      requested.current.add(version);
      set(version, { status: "loading" });
      getModel(version)
        .then((data) => set(version, { status: "ready", data }))
        .catch((error) => set(version, { status: "error", error }));
    }
    // `key` is `wanted` in a form that stays equal while the versions do.
  }, [key]);
  return details;
}
