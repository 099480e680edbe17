import json

from django.core.management.base import BaseCommand

from classifier.audio.names import EXTRACTOR_VERSION
from dataset.selectors import LABEL_ORIGINS, dataset_stats


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                  enumerate(zip(row, widths, strict=True))).rstrip()
        for row in [header, *rows]
    ]  # fmt: skip


class Command(BaseCommand):
    help = (
        "What the dataset holds: labelled tracks per genre and label origin, how "
        "many have feature vectors, tracks and vectors per source, build statuses."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--extractor-version",
            default=EXTRACTOR_VERSION,
            help="Count vectors of this extractor version (default: the current).",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, extractor_version, **options):
        stats = dataset_stats(extractor_version=extractor_version)
        if options["json"]:
            self.stdout.write(json.dumps(stats))
            return
        origins = [
            o for o in LABEL_ORIGINS if any(o in g for g in stats["genres"].values())
        ]
        rows = [
            [genre, *(str(c.get(o, 0)) for o in origins), str(c.get("vectors", 0))]
            for genre, c in stats["genres"].items()
        ]
        self.stdout.write(f"Labelled tracks per genre ({extractor_version} vectors):")
        for line in table(["genre", *origins, "with vectors"], rows):
            self.stdout.write(f"  {line}")
        rows = [
            [source, str(c["tracks"]), str(c.get("vectors", 0))]
            for source, c in stats["sources"].items()
        ]
        self.stdout.write("Tracks per source:")
        for line in table(["source", "tracks", "vectors"], rows):
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Tags: {stats['tags']}")
        if stats["extraction"]:
            self.stdout.write(
                "build_features statuses: "
                + ", ".join(f"{n} {s}" for s, n in sorted(stats["extraction"].items()))
            )
