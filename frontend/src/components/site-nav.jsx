import { PAGES } from "../pages";
import { routeHref } from "../lib/hash-route";

// A link per page; the current one is marked for eyes and for screen readers.
export function SiteNav({ current }) {
  return (
    <nav className="site-nav" aria-label="Pages">
      <ul>
        {PAGES.map(({ path, label }) => (
          <li key={path}>
            <a href={routeHref(path)} aria-current={path === current ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
