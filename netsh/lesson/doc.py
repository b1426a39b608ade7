"""A lesson file's shape: front matter, then `## ` steps with prose and fenced blocks.

The Markdown is read with markdown-it-py (CommonMark); the front matter is the
YAML between a first line `---` and the next `---` line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from netsh.lesson.errors import LessonError, Where

COMMANDS = ("sh", "bash", "shell", "console", "shell-session")
CLAIMS = "claims"
NARRATION = ("paragraph_open", "bullet_list_open", "ordered_list_open", "blockquote_open")


@dataclass(frozen=True)
class Block:
    kind: str                             # "commands" or "claims"
    line: int                             # the opening fence's line
    lines: tuple[tuple[int, str], ...]    # (line number, text) of what runs or is claimed


@dataclass
class RawStep:
    title: str
    line: int
    narration: list[str] = field(default_factory=list)   # paragraphs, as written (Markdown)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Doc:
    file: str
    front: str          # the YAML text
    front_line: int     # the line of the YAML's first line
    steps: list[RawStep]


def split_front(text: str, file: str) -> tuple[str, int, list[str]]:
    """(YAML text, its first line number, the body's lines with their original numbering kept)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise LessonError(Where(file, 1), "a lesson starts with front matter: a line `---`, YAML, and `---`",
                          "Start from `netsh new NAME`, which writes a complete small lesson.")
    for n, line in enumerate(lines[1:], 2):
        if line.strip() in ("---", "..."):
            # Blank lines keep the body's line numbers those of the file.
            return "\n".join(lines[1:n - 1]), 2, [""] * n + lines[n:]
    raise LessonError(Where(file, 1), "the front matter is never closed by a `---` line")


def parse(text: str, file: str) -> Doc:
    front, front_line, body = split_front(text, file)
    source = body
    tokens = MarkdownIt("commonmark").parse("\n".join(body))
    steps: list[RawStep] = []
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.map is None:
            continue
        line = tok.map[0] + 1
        if tok.type == "heading_open" and tok.tag == "h2":
            steps.append(RawStep(tokens[i + 1].content.strip(), line))
        elif tok.type == "heading_open" and tok.tag != "h1" and steps:
            steps[-1].narration.append(tokens[i + 1].content.strip())
        elif tok.type in NARRATION and steps:
            steps[-1].narration.append("\n".join(source[tok.map[0]:tok.map[1]]))
        elif tok.type == "fence":
            block = _fence(tok, line, file)
            if block is None:
                continue
            if not steps:
                raise LessonError(Where(file, line), f"a ```{tok.info.split()[0]} block before the first step",
                                  "Commands and claims belong to a step: put a `## Title` line above them.")
            steps[-1].blocks.append(block)
    return Doc(file, front, front_line, steps)


def _fence(tok, line: int, file: str) -> Block | None:
    lang = (tok.info.split() or [""])[0].lower()
    if lang not in (*COMMANDS, CLAIMS):
        return None  # output, diagrams, other languages: shown, never run
    numbered = [(line + 1 + n, text) for n, text in enumerate(tok.content.splitlines())]
    if lang == "console":
        numbered = _prompted(numbered)
    return Block("claims" if lang == CLAIMS else "commands", line, tuple(_joined(numbered, file)))


def _prompted(numbered):
    """A console block: lines after a `$ ` or `# ` prompt are commands, the rest is their output."""
    out = []
    for n, text in numbered:
        stripped = text.lstrip()
        if stripped.startswith(("$ ", "# ")):
            out.append((n, " " * (len(text) - len(stripped) + 2) + stripped[2:]))
    return out


def _joined(numbered, file: str):
    """Lines ending in a backslash continue on the next line (as in a shell); blank lines go."""
    out, pending = [], None
    for n, text in numbered:
        if pending is not None:
            text = pending[1] + " " + text.lstrip()
            n = pending[0]
        if text.rstrip().endswith("\\") and not text.rstrip().endswith("\\\\"):
            pending = (n, text.rstrip()[:-1])
            continue
        pending = None
        if text.strip():
            out.append((n, text))
    if pending is not None:
        raise LessonError(Where(file, pending[0]), "the block ends with a continued line (a trailing backslash)")
    return out
