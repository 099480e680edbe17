import { act, renderHook } from "@testing-library/react";
import { hashParams, navigate, replaceParams, routeHref, routeOf, useHashRoute } from "../hash-route";

afterEach(() => window.history.replaceState(null, "", "/"));

test("a hash names a route; an in-page anchor does not", () => {
  expect(routeOf("")).toBe("/");
  expect(routeOf("#")).toBe("/");
  expect(routeOf("#/")).toBe("/");
  expect(routeOf("#/models")).toBe("/models");
  expect(routeOf("#/models/")).toBe("/models");
  expect(routeOf("#/models?a=v1&b=v2")).toBe("/models");
  expect(routeOf("#about-the-model")).toBeNull();
});

test("parameters ride in the hash", () => {
  expect(routeHref("/models", { a: "v 1", b: "" })).toBe("#/models?a=v+1&b=");
  expect(routeHref("/")).toBe("#/");
  const params = hashParams("#/models?a=v+1&b=");
  expect([params.get("a"), params.get("b"), params.get("c")]).toEqual(["v 1", "", null]);
});

test("the route follows the hash, and ignores in-page anchors", () => {
  const { result } = renderHook(() => useHashRoute());
  expect(result.current).toBe("/");

  act(() => {
    window.location.hash = "#/models";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  expect(result.current).toBe("/models");

  act(() => {
    window.location.hash = "#about-the-model";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  expect(result.current).toBe("/models");
});

test("navigate adds a history entry only when the route changes; replaceParams none", () => {
  window.location.hash = "#/models?a=1";
  const before = window.history.length;
  navigate("/models");
  expect(window.history.length).toBe(before);
  replaceParams({ a: "2" });
  expect(window.location.hash).toBe("#/models?a=2");
  expect(window.history.length).toBe(before);
  navigate("/");
  expect(window.location.hash).toBe("#/");
});
