"""Every relative link in README.md and docs/*.md leads somewhere: the file it names exists, and a
`#fragment` names a heading of that Markdown file.

`mkdocs build --strict` (CI) checks the links between pages of the site, but not the README, which
lives outside docs/ and is what GitHub and PyPI show first; this test covers both, with no mkdocs
needed, so a page renamed or a heading reworded breaks the unit lane, not the reader.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
# [text](target) and [text](target "title"); images too (the leading ! does not matter here)
INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def link_targets(markdown: str) -> list[str]:
    """The link targets of a Markdown text, leaving out code blocks and code spans."""
    prose = CODE_SPAN.sub("", FENCE.sub("", markdown))
    return INLINE_LINK.findall(prose) + REFERENCE_DEFINITION.findall(prose)


def is_relative(target: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("//")


def slugify(heading: str) -> str:
    """The id MkDocs' table of contents gives a heading (Python-Markdown's toc.slugify)."""
    text = CODE_SPAN.sub(lambda match: match.group(0).strip("`"), heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading: its text
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(markdown_file: Path) -> set[str]:
    return {slugify(heading) for heading in HEADING.findall(FENCE.sub("", markdown_file.read_text(encoding="utf-8")))}


def broken_links(document: Path) -> list[str]:
    """Each relative link of `document` that names no file, or a heading its Markdown file lacks."""
    broken = []
    for target in link_targets(document.read_text(encoding="utf-8")):
        if not is_relative(target):
            continue
        path, _, fragment = target.partition("#")
        destination = (document.parent / path).resolve() if path else document
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            broken.append(f"{target}: no heading with that id in {destination.name}")
    return broken


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_leads_somewhere(document):
    assert broken_links(document) == []


def test_the_readme_links_into_the_docs():
    targets = link_targets((ROOT / "README.md").read_text(encoding="utf-8"))
    assert any(is_relative(target) and target.startswith("docs/") for target in targets)


def shell_commands_after(markdown: str, lead: str) -> list[str]:
    """The lines of the first ```sh block after the line starting with `lead`."""
    after = markdown.split("\n" + lead, 1)[1]
    block = after.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("document", ["README.md", "docs/development.md"])
def test_the_test_command_documented_is_the_one_ci_runs(document):
    """The README promises that its test command is what CI runs: each line of it is a line of .ci/run."""
    lead = "Run the tests" if document == "README.md" else "The test command"
    commands = shell_commands_after((ROOT / document).read_text(encoding="utf-8"), lead)
    ci_lines = {line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()}
    assert commands and all(command.strip() in ci_lines for command in commands), commands


def test_a_missing_page_a_wrong_heading_and_a_link_in_code_are_told_apart(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("# A page\n\n## Exit status: `0`, `1` and `2`\n", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(
        "[ok](docs/page.md) [ok too](docs/page.md#exit-status-0-1-and-2) [web](https://example.org/x.md)\n"
        "[gone](docs/gone.md) [wrong heading](docs/page.md#exit-codes) [self](#nowhere)\n"
        "`[in a code span](docs/nothing.md)`\n\n```md\n[in a code block](docs/nothing.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(readme) == [
        "docs/gone.md: no such file",
        "docs/page.md#exit-codes: no heading with that id in page.md",
        "#nowhere: no heading with that id in README.md",
    ]
