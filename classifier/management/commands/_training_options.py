"""Options shared by train_model and evaluate_model."""

import argparse

from django.core.management.base import CommandError

from dataset.models import Label
from dataset.selectors import LABEL_ORIGINS

FEEDBACK = Label.Origin.FEEDBACK


def label_origins(value: str) -> list[str]:
    """``"folder,tags"`` -> ``["folder", "tags"]``, each one of LABEL_ORIGINS."""
    origins = [item.strip() for item in value.split(",") if item.strip()]
    unknown = [o for o in origins if o not in LABEL_ORIGINS]
    if unknown or not origins:
        raise argparse.ArgumentTypeError(
            f"choose from {','.join(LABEL_ORIGINS)} (comma-separated)"
        )
    return origins


def add_training_options(parser) -> None:
    parser.add_argument(
        "--labels",
        type=label_origins,
        default=None,
        help=f"Learn from labels of these origins: {','.join(LABEL_ORIGINS)} "
        "(default: all, visitors' feedback included).",
    )
    parser.add_argument(
        "--no-feedback",
        action="store_true",
        help="Leave out the labels visitors gave as feedback (every other origin, "
        "or those of --labels, still counts).",
    )
    parser.add_argument(
        "--genres",
        nargs="+",
        default=None,
        help="Only these genres (default: every genre with enough tracks).",
    )
    parser.add_argument(
        "--min-tracks",
        type=int,
        default=20,
        help="Leave out genres with fewer labelled tracks than this.",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=300,
        help="Most epochs (early stopping ends sooner).",
    )
    parser.add_argument(
        "--hidden-units",
        type=int,
        nargs="+",
        default=[256, 128, 64],
        help="Units of each hidden dense layer (2-3 layers).",
    )
    parser.add_argument("--dropout", type=float, default=0.3, help="Dropout rate.")
    parser.add_argument(
        "--label-smoothing",
        type=float,
        default=0.1,
        help="Mix this much of the uniform distribution into each target "
        "(0: plain one-hot targets).",
    )
    parser.add_argument("--seed", type=int, default=0, help="Random seed.")
    parser.add_argument(
        "--policy",
        choices=["length_invariant", "all"],
        default="length_invariant",
        help="Feature policy: length_invariant drops the 34 clip-length-dependent "
        "delta means (default); all keeps the 138.",
    )


def training_knobs(options: dict) -> dict:
    if not 2 <= len(options["hidden_units"]) <= 3:
        raise CommandError(
            "--hidden-units takes 2 or 3 layer sizes (3-4 dense layers)."
        )
    return {
        "epochs": options["epochs"],
        "hidden_units": tuple(options["hidden_units"]),
        "dropout_rate": options["dropout"],
        "label_smoothing": options["label_smoothing"],
        "seed": options["seed"],
        "policy": options["policy"],
        "labels": chosen_labels(options),
    }


def chosen_labels(options: dict) -> list[str] | None:
    """The label origins to learn from: ``--labels`` (default all) less feedback
    with ``--no-feedback``; None means every origin."""
    labels = options["labels"]
    if not options.get("no_feedback"):
        return labels
    kept = [origin for origin in labels or LABEL_ORIGINS if origin != FEEDBACK]
    if not kept:
        raise CommandError(
            "--no-feedback leaves no labels to learn from: --labels names only "
            "feedback."
        )
    return kept
