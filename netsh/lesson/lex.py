"""One line of a lesson, cut into words the way a POSIX shell would, with columns.

The lexer knows quotes, backslashes, comments and the shell's operators, so a
command line that needs a shell (`;`, `&&`, `$(...)`, backticks, `>`...) is
recognised and refused with its column instead of being run or guessed at.
Claim lines use the same lexer (`shell=False`): their texts are quoted and may
hold any character, their words are not quoted.
"""

from __future__ import annotations

from dataclasses import dataclass

from netsh.lesson.errors import LessonError, Where

# Longest first: `&&` before `&`, `>>` before `>`.
OPERATORS = ("&&", "||", ";;", ">>", "<<", "|&", "&>", ";", "&", "|", ">", "<", "(", ")")
OPERATOR_START = frozenset(o[0] for o in OPERATORS)


@dataclass(frozen=True)
class Word:
    value: str
    col: int              # 1-based column where the word starts
    quoted: bool = False  # it started with a quote: a text, not a keyword
    op: bool = False      # a shell operator (`|`, `>`, `;` ...), not a word


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    comment: str = ""     # what follows an unquoted `#` at a word's start
    comment_col: int = 0


def lex(text: str, where: Where, shell: bool = True) -> Line:
    """Cut `text` into words and operators; in `shell` mode refuse what a shell would expand."""
    words: list[Word] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "#":
            return Line(tuple(words), text[i + 1:].strip(), i + 1)
        op = next((o for o in OPERATORS if text.startswith(o, i)), None) if ch in OPERATOR_START else None
        if op is not None:
            words.append(Word(op, i + 1, op=True))
            i += len(op)
            continue
        start, value = i, []
        while i < n and not text[i].isspace() and text[i] not in OPERATOR_START:
            i = _one(text, i, value, where, shell)
        words.append(Word("".join(value), start + 1, quoted=ch in "'\""))
    return Line(tuple(words))


def _expansion(where: Where, col: int, ch: str) -> LessonError:
    what = "command substitution" if ch == "`" else "expansion"
    return LessonError(where.at(col), f"{ch!r} starts a shell {what}",
                       "netsh runs no shell: write the value itself, or a lesson parameter as {name}.")


def _one(text: str, i: int, out: list[str], where: Where, shell: bool) -> int:
    """Read one character, escape or quoted run at `i` into `out`; return the next index."""
    ch = text[i]
    if ch == "\\":
        if i + 1 >= len(text):
            raise LessonError(where.at(i + 1), "a line ends with a backslash",
                              "Join the continued line, or remove the backslash.")
        out.append(text[i + 1])
        return i + 2
    if ch in "'\"":
        end = i + 1
        while end < len(text) and text[end] != ch:
            if ch == '"' and shell and text[end] in "$`":
                raise _expansion(where, end + 1, text[end])
            if ch == '"' and text[end] == "\\" and end + 1 < len(text) and text[end + 1] in '"\\$`':
                end += 1
            out.append(text[end])
            end += 1
        if end >= len(text):
            raise LessonError(where.at(i + 1), f"a quote ({ch}) is never closed", "Close it on the same line.")
        return end + 1
    if shell and ch in "$`":
        raise _expansion(where, i + 1, ch)
    out.append(ch)
    return i + 1
