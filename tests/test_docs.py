"""Docs that show commands are generated from the code and checked here (datasette's cog habit).

If a test here fails after a change, run ``.venv/bin/python scripts/gen_docs.py`` and commit.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _gen_docs():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    gen = _gen_docs()
    assert (ROOT / "docs" / "cli.md").read_text() == gen.cli_doc()


def test_readme_demo_excerpt_is_real_output() -> None:
    gen = _gen_docs()
    assert (ROOT / "README.md").read_text() == gen.readme_with(gen.demo_excerpt())


def test_readme_first_screen_gives_the_two_commands() -> None:
    first_screen = "\n".join((ROOT / "README.md").read_text().splitlines()[:12])
    assert "make demo" in first_screen and "make test" in first_screen
    assert "make test" in (ROOT / ".ci" / "run").read_text()
