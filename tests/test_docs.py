"""The documentation is tested: its examples run and show what they say, the site builds with
no warning, and every essay citation in the code resolves to a heading of the docs.

* ```` ```pycon ```` blocks of README.md and docs/**/*.md run as doctests (the blocks of one page
  share their names, in order);
* ```` ```console ```` blocks run each ``$ exactrose ...`` line and compare what it prints;
* ``mkdocs build --strict`` (every warning, e.g. a broken link or anchor, is an error);
* "essay Definition 3", "Prop 10", ``essay: "ROSE Bargaining"`` in exactrose/ and proofs/ name a
  heading of docs/explanation/mathematics.md.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
MATHEMATICS = DOCS / "explanation" / "mathematics.md"

_FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)


def blocks(page: Path, language: str) -> list[str]:
    return [body for lang, body in _FENCE.findall(page.read_text(encoding="utf-8")) if lang == language]


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                NO_MKDOCS_2_WARNING="1")


@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p, "pycon")], ids=_name)
def test_the_python_examples_of_a_page_run_and_show_what_they_say(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples read tests/data/... relative to the repository
    text = "\n".join(blocks(page, "pycon"))
    test = doctest.DocTestParser().get_doctest(text, {"__name__": "__docs__"}, _name(page), _name(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out: list[str] = []
    result = runner.run(test, out=out.append)
    assert result.failed == 0, "".join(out)


def test_python_examples_are_doctests_not_untested_python_blocks() -> None:
    untested = [_name(p) for p in PAGES if blocks(p, "python")]
    assert untested == [], "write Python examples as ```pycon doctest blocks so that they are tested"


def _console_cases() -> list[tuple[str, str, str]]:
    cases = []
    for page in PAGES:
        for body in blocks(page, "console"):
            command, shown = None, []
            for line in body.splitlines() + ["$"]:
                if line.startswith("$"):
                    if command is not None:
                        cases.append((_name(page), command, "\n".join(shown)))
                    command, shown = line[1:].strip(), []
                else:
                    shown.append(line)
    return [c for c in cases if c[1]]


CONSOLE = _console_cases()


@pytest.mark.parametrize("page, command, shown", CONSOLE, ids=[f"{page}: {command}" for page, command, _ in CONSOLE])
def test_the_shell_examples_print_what_the_docs_show(page: str, command: str, shown: str) -> None:
    words = shlex.split(command)
    assert words[0] == "exactrose", f"{page}: a console example runs exactrose, not {words[0]}"
    run = subprocess.run([sys.executable, "-m", "exactrose", *words[1:]], cwd=ROOT, env=_env(),
                         capture_output=True, text=True, timeout=300)
    printed = (run.stdout + run.stderr).rstrip("\n")
    assert printed == shown.rstrip("\n"), f"{page}: `{command}` printed\n{printed}"


@pytest.mark.slow
def test_the_site_builds_with_no_warning(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                         cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    api = (tmp_path / "site" / "reference" / "api" / "values" / "index.html").read_text(encoding="utf-8")
    assert 'id="exactrose.values.rose.rose_value"' in api  # the API pages render the docstrings
    assert "the average over all n! orderings" in api


def _headings(page: Path) -> list[str]:
    return [line.lstrip("#").strip() for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("#")]


def _citations() -> set[str]:
    """What the code cites: "Definition N", "Proposition N[.M]" and quoted essay sections."""
    cited: set[str] = set()
    for path in [*ROOT.joinpath("exactrose").rglob("*.py"), *ROOT.joinpath("proofs").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\bDefinitions? (\d)(?:[–-](\d))?", text):
            first, last = int(match.group(1)), int(match.group(2) or match.group(1))
            cited |= {f"Definition {k}" for k in range(first, last + 1)}
        for match in re.finditer(r"\bProps? ((?:\d+(?:\.\d)?(?:, | and |/)?)+)", text):
            cited |= {f"Proposition {n}" for n in re.findall(r"\d+(?:\.\d)?", match.group(1))}
        for match in re.finditer(r'essay:? "([^"\n]+)"|section "([^"\n]+)"', text):
            cited.add(match.group(1) or match.group(2))
    return cited


def test_every_essay_citation_in_the_code_names_a_heading_of_the_mathematics_page() -> None:
    headings = _headings(MATHEMATICS)
    missing = sorted(c for c in _citations()
                     if not any(re.search(re.escape(c) + r"(?!\.?\d)", h) for h in headings))
    assert missing == []


def test_the_cli_reference_shows_each_commands_real_help() -> None:
    """Every ``usage: exactrose ...`` block of the CLI page is that command's ``--help`` (80 columns)."""
    shown = [text for text in blocks(DOCS / "reference" / "cli.md", "text") if text.startswith("usage: exactrose")]
    assert len(shown) >= 6
    for text in shown:
        command = [word for word in text.split("\n")[0].split()[2:3] if word.isalpha() and word.islower()]
        run = subprocess.run([sys.executable, "-m", "exactrose", *command, "--help"], capture_output=True,
                             text=True, env={**_env(), "COLUMNS": "80"}, cwd=ROOT)
        assert run.stdout == text, f"exactrose {' '.join(command)} --help differs from docs/reference/cli.md"
