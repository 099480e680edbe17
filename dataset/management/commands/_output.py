"""Progress bars and summaries shared by the dataset commands."""

import sys
from collections.abc import Callable

from tqdm import tqdm


class Bars:
    """One tqdm bar per step, on stderr (Django's ``self.stderr`` breaks bars)."""

    def __init__(self, *, unit: str = "track", disable: bool = False) -> None:
        self.unit = unit
        self.disable = disable
        self.bars: list[tqdm] = []

    def __call__(self, name: str, total: int | None = None) -> Callable[[int], None]:
        bar = tqdm(
            desc=name,
            total=total,
            unit=self.unit,
            file=sys.stderr,
            disable=self.disable,
        )
        self.bars.append(bar)
        return bar.update

    def close(self) -> None:
        for bar in self.bars:
            bar.close()


def genre_table(report: dict[str, dict[str, int]]) -> list[str]:
    """Per-genre kept/dropped lines of an import's report."""
    if not report:
        return []
    reasons = sorted({k for line in report.values() for k in line} - {"kept"})
    header = ["genre", "kept", *reasons]
    rows = [
        [genre, *(str(report[genre].get(k, 0)) for k in ["kept", *reasons])]
        for genre in sorted(report)
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def counts_lines(counts: dict, *, skip: tuple[str, ...] = ("genres",)) -> list[str]:
    """``key: value`` lines of a run's counts, nested groups indented."""
    lines = []
    for key, value in counts.items():
        if key in skip:
            continue
        if isinstance(value, dict):
            if value:
                lines.append(f"{key}:")
                lines += [f"  {k}: {v}" for k, v in sorted(value.items())]
        else:
            lines.append(f"{key}: {value}")
    return lines
