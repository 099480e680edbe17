"""Browser tests: Playwright (Python) drives Debian's Chromium against live_server.

Without Playwright, Chromium, the built bundle or axe-core these tests skip with a
message saying how to get them; under ``CI=true`` they fail instead.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = Path(os.environ.get("AUDIOFILER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
MANIFEST = Path(settings.BASE_DIR) / "frontend" / "dist" / "manifest.json"
#: Screenshots land here (``var/`` is not committed).
OUTPUT = Path(
    os.environ.get(
        "AUDIOFILER_TEST_OUTPUT",
        str(Path(settings.BASE_DIR) / "var" / "test-output" / "browser"),
    )
)


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is missing: .venv/bin/pip install -r requirements-dev.txt"
    if not CHROMIUM.exists():
        return (
            f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (make test "
            "does it when apt is available), or set AUDIOFILER_CHROMIUM"
        )
    if not MANIFEST.exists():
        return "the page bundle is not built: `make frontend`"
    if not AXE.exists():
        return "axe-core is not installed: `npm ci`"
    return None


@pytest.fixture(scope="package")
def browser():
    """Chromium, for the tests of this folder only."""
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests must run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django
    # refuses database calls from such a thread unless told it is safe (it is: the
    # loop only drives the browser). Set while this folder's tests run, no longer.
    before = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            yield launched
            launched.close()
    finally:
        if before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = before


@pytest.fixture
def site(live_server, library, active_model):
    """The live server with the demo songs and an active model."""
    return live_server.url


@pytest.fixture
def page(browser, request):
    """A fresh page at 1280 px; fails the test on any console or page error.

    Chromium logs every HTTP error answer as a console error; a test that provokes
    one on purpose says so with ``@pytest.mark.expect_http_error(400)``.
    """
    marker = request.node.get_closest_marker("expect_http_error")
    expected = {
        f"the server responded with a status of {status} "
        for status in (marker.args if marker else ())
    }
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type != "error":
            return
        if any(status in message.text for status in expected):
            return
        problems.append(f"console: {message.text} ({message.location})")

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield opened
    context.close()
    assert problems == [], f"{request.node.name}: {problems}"


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]
