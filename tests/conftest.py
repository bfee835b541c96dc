"""Shared fixtures: the real spaCy pipeline (loaded once), the seeds, the evaluation data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "examples" / "raqqa").glob("*.txt"))


def eval_dir() -> Path:
    """Where the labelled evaluation data lives (``NEWSFUSE_EVAL_DIR``, default ../shared/eval)."""
    return Path(os.environ.get("NEWSFUSE_EVAL_DIR", ROOT.parent / "shared" / "eval"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return list(SEEDS)


@pytest.fixture(scope="session")
def eval_data() -> Path:
    path = eval_dir()
    if not path.is_dir():
        pytest.fail(f"evaluation data not found at {path}: set NEWSFUSE_EVAL_DIR")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from newsfuse.annotate import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_articles():  # type: ignore[no-untyped-def]
    import newsfuse

    return list(newsfuse.read(SEEDS))


@pytest.fixture(scope="session")
def seed_brief(seed_articles):  # type: ignore[no-untyped-def]
    import newsfuse

    return newsfuse.brief(seed_articles)
