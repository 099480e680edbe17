"""``manage.py classify PATH_OR_URL...``: files, folders (recursively) or URLs."""

import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from audiofiler.exceptions import ServiceError
from classifier.audio.errors import AudioError
from classifier.audio.names import AUDIO_SUFFIXES
from classifier.ml.errors import ModelError
from classifier.pipeline import classify_bytes
from classifier.providers.download import download
from classifier.providers.errors import ProviderError
from classifier.services.models import active_predictor_get

TOP_SHOWN = 3


class Command(BaseCommand):
    help = (
        "Classify audio files, folders (recursively) or https URLs with the active "
        "model. Prints the top genres per file, or one JSON object per line."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", help="Audio files, folders or URLs.")
        parser.add_argument(
            "--json", action="store_true", help="One JSON object per line per file."
        )

    def handle(self, *args, targets, json: bool, **options):
        try:
            model_version, predictor = active_predictor_get()
        except ServiceError as error:
            raise CommandError(str(error)) from error
        items = _expand(targets)
        failures = 0
        progress = tqdm(
            items, file=sys.stderr, unit="file", disable=len(items) < 2 or None
        )
        for item in progress:
            try:
                data, fetch_ms = _read(item)
                result = classify_bytes(
                    data,
                    predictor,
                    max_seconds=settings.AUDIOFILER_MAX_AUDIO_SECONDS,
                    fetch_ms=fetch_ms,
                )
            except (AudioError, ProviderError, ModelError, OSError) as error:
                failures += 1
                self._write_error(item, error, as_json=json)
                continue
            self._write_result(item, result, model_version.version, as_json=json)
        if failures:
            raise CommandError(f"{failures} of {len(items)} could not be classified.")

    def _write_result(self, item: str, result, version: str, *, as_json: bool):
        if as_json:
            self.stdout.write(
                _json(
                    {
                        "path": item,
                        "genres": {g["genre"]: g["probability"] for g in result.genres},
                        "top": result.top,
                        "model_version": version,
                        "timings_ms": result.timings_ms,
                    }
                )
            )
            return
        top = ", ".join(
            f"{g['genre']} {100 * g['probability']:.1f}%"
            for g in result.genres[:TOP_SHOWN]
        )
        self.stdout.write(f"{item}: {top}")

    def _write_error(self, item: str, error: Exception, *, as_json: bool):
        kind = type(error).__name__
        if as_json:
            self.stdout.write(
                _json({"path": item, "error": kind, "message": str(error)})
            )
        else:
            self.stderr.write(f"{item}: error: {kind}: {error}")


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False)


def _is_url(target: str) -> bool:
    return urlsplit(target).scheme in {"http", "https"}


def _expand(targets: list[str]) -> list[str]:
    """Files and URLs as given; folders replaced by the audio files under them."""
    items: list[str] = []
    for target in targets:
        path = Path(target)
        if not _is_url(target) and path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
            )
            if not found:
                raise CommandError(f"No audio files under {target}.")
            items.extend(found)
        else:
            items.append(target)
    return items


def _read(item: str) -> tuple[bytes, float]:
    """The bytes of a file or of a URL the user named (its host is trusted)."""
    if not _is_url(item):
        path = Path(item)
        size = path.stat().st_size
        if size > settings.AUDIOFILER_MAX_UPLOAD_BYTES:
            raise OSError(
                f"{size} bytes is past the limit of "
                f"{settings.AUDIOFILER_MAX_UPLOAD_BYTES}"
            )
        return path.read_bytes(), 0.0
    started = time.perf_counter()
    data = download(
        item,
        allowed_hosts=frozenset({urlsplit(item).hostname or ""}),
        max_bytes=settings.AUDIOFILER_MAX_UPLOAD_BYTES,
        timeout_s=settings.AUDIOFILER_DOWNLOAD_TIMEOUT_S,
    )
    return data, (time.perf_counter() - started) * 1000.0
