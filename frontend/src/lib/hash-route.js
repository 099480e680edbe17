// The page's routes live in the URL's hash ("#/models"), so the server serves the
// same page for every route and the back button works. A hash that is not a route
// ("#about-the-model", an in-page link) leaves the route as it was.
import { useEffect, useState } from "react";

// "#/models?a=1" -> "/models"; "" and "#/" -> "/"; "#about" -> null (not a route).
export function routeOf(hash) {
  if (!hash || hash === "#") return "/";
  if (!hash.startsWith("#/")) return null;
  const path = hash.slice(1).split("?")[0].replace(/\/+$/, "");
  return path || "/";
}

// The query part of the hash: "#/models?a=1&b=2" -> URLSearchParams {a: 1, b: 2}.
export function hashParams(hash = window.location.hash) {
  const at = hash.indexOf("?");
  return new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
}

export function routeHref(path, params) {
  const query = params ? new URLSearchParams(params).toString() : "";
  return `#${path}${query ? `?${query}` : ""}`;
}

// Go to another page (a history entry, so Back returns); nothing if already there.
export function navigate(path) {
  if (routeOf(window.location.hash) !== path) window.location.hash = routeHref(path);
}

// Change the current page's parameters without a new history entry.
export function replaceParams(params) {
  const path = routeOf(window.location.hash) ?? "/";
  window.history.replaceState(window.history.state, "", routeHref(path, params));
}

// The current route; re-renders when the hash names another one.
export function useHashRoute() {
  const [route, setRoute] = useState(() => routeOf(window.location.hash) ?? "/");
  useEffect(() => {
    const changed = () => {
      const next = routeOf(window.location.hash);
      if (next !== null) setRoute(next);
    };
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return route;
}
