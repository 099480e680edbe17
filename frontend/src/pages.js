// The app's pages, one entry each: its route, its link in the navigation, and the
// component that draws it. The first page is in the main bundle; every other page
// is its own webpack chunk, fetched the first time someone opens it. To add one:
//   { path: "/clusters", label: "Clusters", component: page(() => import(/* webpackChunkName: "clusters" */ "./features/clusters/components/clusters-page"), "ClustersPage") },
import { lazy } from "react";

// A lazily loaded page from a module's named export (components are named exports).
// A page module may export `ready`, a promise to wait for first (its stylesheet).
const page = (load, name) =>
  lazy(() => load().then(async (module) => {
    await module.ready;
    return { default: module[name] };
  }));

export const HOME = "/";

export const PAGES = [
  { path: HOME, label: "Classify", component: null }, // drawn by App itself, always mounted
  {
    path: "/models",
    label: "Models",
    component: page(() => import(/* webpackChunkName: "models" */ "./features/models/components/models-page"), "ModelsPage"),
  },
  { path: "/clusters", label: "Clusters", component: page(() => import(/* webpackChunkName: "clusters" */ "./features/clusters/components/clusters-page"), "ClustersPage") },
];

export function pageOf(path) {
  return PAGES.find((entry) => entry.path === path) ?? null;
}
