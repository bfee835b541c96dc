"""Regenerate the parts of the docs that come from the code.

* ``docs/cli.md``: the ``--help`` of every ``newsfuse`` command.
* the demo excerpt in ``README.md`` (between the ``demo-output`` markers): the first lines of
  ``newsfuse brief examples/raqqa/*.txt``.

Usage: ``.venv/bin/python scripts/gen_docs.py`` (``tests/test_docs.py`` checks both are current).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"
DEMO_LINES = 24
DEMO_BEGIN = "<!-- demo-output: begin -->"
DEMO_END = "<!-- demo-output: end -->"


def _invoke(args: list[str]) -> str:
    from typer.testing import CliRunner

    from newsfuse.cli import app

    os.environ["COLUMNS"] = "100"
    os.environ["NO_COLOR"] = "1"
    os.environ["TERM"] = "dumb"
    result = CliRunner().invoke(app, args, prog_name="newsfuse")
    if result.exit_code != 0:
        raise SystemExit(f"newsfuse {' '.join(args)} failed: {result.output}")
    return "\n".join(line.rstrip() for line in result.stdout.splitlines())


def commands() -> list[str]:
    from newsfuse.cli import app

    return sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


def cli_doc() -> str:
    parts = [
        "# Command-line reference",
        "",
        "Generated from the code by `scripts/gen_docs.py`; do not edit by hand.",
        "",
        "```text",
        "$ newsfuse --help",
        _invoke(["--help"]).rstrip(),
        "```",
    ]
    for name in commands():
        parts += ["", f"## newsfuse {name}", "", "```text", f"$ newsfuse {name} --help"]
        parts += [_invoke([name, "--help"]).rstrip(), "```"]
    return "\n".join(parts) + "\n"


def demo_excerpt() -> str:
    seeds = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples" / "raqqa").glob("*.txt"))
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        lines = _invoke(["brief", *seeds]).splitlines()[:DEMO_LINES]
    finally:
        os.chdir(cwd)
    return "\n".join(
        [
            "```console",
            "$ make demo",
            "...",
            "$ .venv/bin/newsfuse brief examples/raqqa/*.txt",
            *lines,
            "...",
            "```",
        ]
    )


def readme_with(excerpt: str) -> str:
    text = README.read_text()
    pattern = re.compile(re.escape(DEMO_BEGIN) + ".*?" + re.escape(DEMO_END), re.S)
    return pattern.sub(lambda _: f"{DEMO_BEGIN}\n{excerpt}\n{DEMO_END}", text)


def main() -> int:
    CLI_DOC.write_text(cli_doc())
    README.write_text(readme_with(demo_excerpt()))
    print(f"wrote {CLI_DOC.relative_to(ROOT)} and the demo excerpt in README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
