"""``{% frontend_asset "main.js" %}``: a hashed bundle file's URL, from the manifest."""

import json
from functools import lru_cache

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@lru_cache(maxsize=1)
def _manifest() -> dict[str, str]:
    path = settings.BASE_DIR / "frontend" / "dist" / "manifest.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return {}


@register.simple_tag
def frontend_asset(name: str) -> str:
    """The static URL of a bundle file, or "" when the bundle is not built."""
    built = _manifest().get(name)
    return static(built) if built else ""


@register.simple_tag
def upload_limit(name: str) -> int | float:
    """The upload caps the page checks before sending a file ("bytes", "seconds")."""
    return {
        "bytes": settings.AUDIOFILER_MAX_UPLOAD_BYTES,
        "seconds": settings.AUDIOFILER_MAX_AUDIO_SECONDS,
    }[name]
