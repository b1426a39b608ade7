"""`netsh import TUTORIAL`: a first draft of a lesson from any tutorial's commands.

Commands are found in shell blocks, after prompts (`$ `, `# `, `[root@host ~]# `)
and as bare lines or inline code that start with a tool netsh runs; they keep
their order. Headings (or, in plain text, the prose before each group of
commands) become steps. `ping` lines become reach claims and commands the text
says fail become expected failures; both are marked for the author to confirm.
A line netsh cannot run is kept in a `text` block with the reason. The draft
passes `netsh lint`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from netsh.lesson.commands import TOOLS, parse_line
from netsh.lesson.errors import LessonError, Where
from netsh.lesson.meta import Failure

PROMPT = re.compile(r"^\s*(?:\[[^\]\n]*\][#$]|[\w.@~:-]*[#$])\s+")
ERROR_OUTPUT = re.compile(r"RTNETLINK answers|^Error:|Cannot |cannot |[Ff]ailed|No such|not permitted|Invalid")
SAYS_FAILS = re.compile(r"\bfails\b|\berror|refuse|报错|失败|错误", re.I)
CONFIRM = "netsh import: check this"
# Lines of a script `netsh export` wrote: an expected failure, a grep, a reach check.
# The script's own checks start at the line's first column; a state claim's reads are indented.
EXPORTED_FAILURE = re.compile(r"^if out=\$\((.+) 2>&1\); then$")
EXPORTED_GREP = re.compile(r"^(.+ \| grep \S+) \|\| echo '\(no line with .*\)'$")
EXPORTED_CHECK = re.compile(r"^if out=\$\((?:ip netns exec (\S+) )?ping (?:-\S+ \S+ )*(\S+) 2>&1\); then ok=([01]);")


@dataclass
class Item:
    kind: str           # "heading", "prose", "command" or "claim" (a reach claim, as its statement)
    text: str
    output: list[str] = field(default_factory=list)
    fails: bool = False  # the tutorial says so in as many words


def exported(line: str) -> Item | None:
    """What a line of an exported netsh script stands for, if it is one of its forms."""
    m = EXPORTED_FAILURE.match(line)
    if m:
        return Item("command", m.group(1), fails=True)
    m = EXPORTED_GREP.match(line)
    if m:
        return Item("command", m.group(1))
    m = EXPORTED_CHECK.match(line)
    if m:
        return Item("claim", f"{m.group(1) or 'host'} {'reaches' if m.group(3) == '0' else 'cannot reach'} "
                             f"{m.group(2)}")
    return None


@dataclass
class Draft:
    title: str
    prose: list[str] = field(default_factory=list)
    commands: list[Item] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)   # reach statements


def command_text(line: str) -> str | None:
    """The command on `line` (prompt removed) if it starts with a tool netsh runs, else None."""
    text = PROMPT.sub("", line, count=1).strip()
    words = text.replace("|", " | ").split()
    if not words or words[0] not in (*TOOLS, "sh") or (words[0] == "echo" and ">" not in text):
        return None
    return text


def items_of_text(text: str) -> list[Item]:
    """Plain text: a line is a command, the output of a prompted command, or prose."""
    items: list[Item] = []
    last_prompted = False
    for raw in text.splitlines():
        line = raw.strip()
        cmd = command_text(line)
        known = exported(raw)
        if known is not None:
            items.append(known)
        elif cmd is not None:
            items.append(Item("command", cmd))
            last_prompted = bool(PROMPT.match(raw))
        elif line and items and items[-1].kind == "command" and (last_prompted or ERROR_OUTPUT.search(line)):
            items[-1].output.append(line)
        elif line:
            items.append(Item("prose", line))
            last_prompted = False
        else:
            last_prompted = False
    return items


def items_of_script(text: str) -> list[Item]:
    """A script `netsh export` wrote: its steps, their narration (comments) and commands;
    the header and the cleanup function are netsh's own."""
    items: list[Item] = []
    in_cleanup = False
    for raw in text.splitlines():
        line = raw.strip()
        title = re.fullmatch(r"# --- Step \d+: (.*) ---", line)
        in_cleanup = (in_cleanup or line.startswith("cleanup() {")) and line != "}"
        if title:
            items.append(Item("heading", title.group(1)))
        elif in_cleanup or not items:
            continue
        elif line.startswith("# ") and items[-1].kind == "prose":
            items[-1].text += " " + line[2:]
        elif line.startswith("# ") and items[-1].kind == "heading":
            items.append(Item("prose", line[2:]))
        elif not line.endswith(" || true"):  # a claim's probe, shown by the script
            items += [it for it in items_of_text(line) if it.kind != "prose"]
    return items


def items_of_markdown(text: str) -> list[Item]:
    items: list[Item] = []
    tokens = MarkdownIt("commonmark").parse(text)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            items.append(Item("heading", tokens[i + 1].content.strip()))
        elif tok.type == "fence" or tok.type == "code_block":
            items += [it for it in items_of_text(tok.content) if it.kind != "prose" or items_of_code(it, items)]
        elif tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            items.append(Item("prose", tok.content.replace("\n", " ")))
            items += [Item("command", c.content) for c in tok.children or []
                      if c.type == "code_inline" and command_text(c.content) is not None]
    return items


def items_of_code(item: Item, items: list[Item]) -> bool:
    """Output lines in a code block belong to the command before them, never to the prose."""
    if items and items[-1].kind == "command":
        items[-1].output.append(item.text)
    return False


def drafts(items: list[Item]) -> list[Draft]:
    """Steps: one per heading; in text without headings, one per group of commands,
    led by the prose before it."""
    headed = any(item.kind == "heading" for item in items)
    out: list[Draft] = []
    prose: list[str] = []  # plain text: prose waiting for the commands it introduces
    for item in items:
        if item.kind == "heading":
            out.append(Draft(item.text))
        elif item.kind == "prose":
            (out[-1].prose if headed and out else prose).append(item.text)
        elif item.kind == "claim" and out:
            out[-1].claims.append(item.text)
        elif item.kind == "command":
            if not out or (not headed and prose):
                out.append(Draft(_title(prose, len(out) + 1), prose))
                prose = []
            out[-1].commands.append(item)
    if prose and out:
        out[-1].prose += prose
    return [d for d in out if d.commands or d.prose or d.claims]


def _title(prose: list[str], n: int) -> str:
    if not prose:
        return f"Step {n}"
    title = prose[-1].rstrip(":：,，。. ")
    return title if len(title) <= 60 else title[:57] + "..."


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def draft(path: Path) -> str:
    """The text of a lesson drafted from the tutorial at `path`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonError(Where(str(path)), f"cannot read the tutorial: {exc}") from None
    if path.suffix in (".md", ".markdown"):
        items = items_of_markdown(text)
    elif text.startswith("#!") and "# Exported by netsh" in text[:400]:
        items = items_of_script(text)
    else:
        items = items_of_text(text)
    steps = drafts(items)
    if not any(s.commands for s in steps):
        raise LessonError(Where(str(path)), "found no commands netsh could run",
                          "netsh looks for lines that start with ip, bridge, ethtool, iptables, sysctl, "
                          "ping, echo ... > /proc/sys/..., after a prompt or in a shell block.")
    name = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "lesson"
    name = name if name[0].isalnum() else f"l-{name}"
    failures: dict[str, str] = {}
    body = [_step(s, failures) for s in steps]
    return _front(name, steps, path, failures) + "\n".join(body)


def _front(name: str, steps: list[Draft], path: Path, failures: dict[str, str]) -> str:
    summary = next((p for s in steps for p in [s.title, *s.prose] if p and not p.startswith("Step ")), name)
    lines = ["---", f"name: {name}", f"summary: {_yaml(summary[:100])}",
             f"# Drafted by `netsh import {path.name}`: every command of the tutorial, in order.",
             "# Check each line marked `netsh import: check this`, then run `netsh lint` on this file."]
    if failures:
        lines.append("failures:")
        for key, wording in failures.items():
            lines += [f"  {key}:", "    wordings:", f"      as the tutorial shows: {_yaml(_literal(wording))}"]
    return "\n".join([*lines, "---", "", ""])


def _literal(text: str) -> str:
    """A regular expression matching `text` as it is (blanks and colons left readable)."""
    return re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", text)


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _step(step: Draft, failures: dict[str, str]) -> str:
    out = [f"## {_braces(step.title)}", ""]
    out += [_braces(p) + "\n" for p in step.prose]
    runnable, refused = [], []
    claims = [f'{_braces(c)}   "{CONFIRM}: {_braces(c)}"' for c in step.claims]
    for n, item in enumerate(step.commands):
        line = _braces(item.text)
        try:
            parse_line(line, Where("draft"), {}, {})
        except LessonError as exc:
            refused.append(f"{item.text}    (netsh cannot run this line: {exc.message.split(': ', 1)[-1]})")
            continue
        before = " ".join(step.prose[-1:]) if n == 0 else ""
        errors = [o for o in item.output if ERROR_OUTPUT.search(o)]
        if errors or item.fails or (SAYS_FAILS.search(before) and n == 0):
            key = f"import-{len(failures) + 1}"
            if errors:
                failures[key] = errors[0]
            runnable.append(f"# {CONFIRM}: the tutorial says this fails")
            line += f"    # fails: {key}" if errors else "    # fails"
        runnable.append(line)
        claims += _ping_claim(item.text)
    if runnable:
        out += ["```sh", *runnable, "```", ""]
    if refused:
        out += ["```text", *refused, "```", ""]
    if claims:
        out += ["```claims", *claims, "```", ""]
    return "\n".join(out)


def _ping_claim(text: str) -> list[str]:
    words = text.split()
    ns = words[3] if words[:3] == ["ip", "netns", "exec"] and len(words) > 4 else "host"
    rest = words[4:] if ns != "host" else words
    if rest[:1] != ["ping"] or len(rest) < 2 or rest[-1].startswith("-"):
        return []
    target = _braces(rest[-1])
    return [f'{_braces(ns)} reaches {target}   "{CONFIRM}: {_braces(ns)} reaches {target}"']
