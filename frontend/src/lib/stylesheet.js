// A page's own stylesheet, added to <head> once when its code loads. Resolves when
// the sheet has loaded, failed, or taken longer than WAIT_MS: the page never waits
// on its looks for long.
const WAIT_MS = 3000;
const added = new Map();

export function loadStylesheet(href) {
  if (!added.has(href)) {
    added.set(
      href,
      new Promise((resolve) => {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        link.onload = link.onerror = () => resolve();
        setTimeout(resolve, WAIT_MS);
        document.head.appendChild(link);
      }),
    );
  }
  return added.get(href);
}
