"""What the browser tests do on the page, in a person's terms."""

import re

#: Set by a capture-phase listener when Enter picks a suggestion, read back later.
PICK_TIMER = """() => document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target.getAttribute('role') === 'combobox') {
    window.__pickedAt = performance.now();
  }
}, true)"""
BARS_SHOWN = """(count) => {
  const values = [...document.querySelectorAll('.bar-value')].map(v => v.textContent);
  const done = values.length === count && values.every(v => v.endsWith('%'));
  if (done && window.__barsAt === undefined) window.__barsAt = performance.now();
  return done;
}"""


def open_page(page, url):
    # Playwright turns on file-chooser interception without waiting for the browser
    # to confirm; a listener from the start makes sure it is on before any click.
    page.on("filechooser", lambda chooser: None)
    page.goto(url)
    page.get_by_text(re.compile("right about")).wait_for()


def tab_to_search(page):
    """Reach the search box with the keyboard alone, from the top of the page: past
    the links to the pages, it is the next stop."""
    for _ in range(page.locator("nav[aria-label=Pages] a").count() + 1):
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('role')")
    assert focused == "combobox"


def pick_with_keyboard(page, query, title):
    """Type ``query``, arrow down to the option titled ``title``, press Enter."""
    page.keyboard.type(query)
    options = page.get_by_role("option")
    options.first.wait_for()
    titles = options.locator(".suggestion-title").all_inner_texts()
    for _ in range(titles.index(title) + 1):
        page.keyboard.press("ArrowDown")
    active = page.get_by_role("combobox").get_attribute("aria-activedescendant")
    assert page.locator(f"#{active} .suggestion-title").inner_text() == title
    page.keyboard.press("Enter")


def bars(page) -> dict[str, float]:
    """The bars on screen: genre -> percentage."""
    labels = page.locator(".bar-label").all_inner_texts()
    values = page.locator(".bar-value").all_inner_texts()
    pairs = zip(labels, values, strict=True)
    return {label: float(value.strip("\u2007 %")) for label, value in pairs}


def choose_file(page, path):
    """Press "Choose a file…" with the keyboard and pick ``path`` in the chooser."""
    page.get_by_role("button", name="Choose a file…").focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(path))
