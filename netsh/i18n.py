"""Narration in more than one language.

A translatable text is a `str` (the English) that also carries its other
languages: `tr("Create the bridge", zh="创建网桥")`. Because it *is* the
English string, every consumer that does not care about languages (the JSON
report, the bash export, claim judging) keeps working unchanged; only a
renderer asks `localize(text, lang)`. Anything without a translation, or a
string that lost it by being formatted again, falls back to English.

Use it for step titles and narration (`step(tr(...), tr(...))`), claim texts,
`why_not` reasons, and a scenario's `summary` and `assumptions`.
"""

from __future__ import annotations

import unicodedata

LANGS = ("en", "zh")


class Text(str):
    """English text with translations: `Text("Hello", zh="你好")`."""

    translations: dict[str, str]

    def __new__(cls, en: str, **langs: str) -> Text:
        unknown = set(langs) - set(LANGS)
        if unknown:
            raise ValueError(f"unknown language(s) {sorted(unknown)}; netsh knows {LANGS}")
        obj = super().__new__(cls, en)
        obj.translations = {"en": en, **langs}
        return obj

    def __reduce__(self):
        return (_rebuild, (str(self), self.translations))


def _rebuild(en: str, translations: dict[str, str]) -> Text:
    return Text(en, **{k: v for k, v in translations.items() if k != "en"})


tr = Text


def concat(*parts: str) -> str:
    """Join texts, keeping every language any part has (`concat("host1: ", claim.text)`)."""
    whole = "".join(parts)
    langs = {lang for p in parts for lang in getattr(p, "translations", {})} - {"en"}
    if not langs:
        return whole
    return Text(whole, **{lang: "".join(localize(p, lang) for p in parts) for lang in sorted(langs)})


def localize(text: str, lang: str) -> str:
    """`text` in `lang`, or in English when it has no such translation."""
    return getattr(text, "translations", {}).get(lang, str(text))


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def squash(text: str) -> str:
    """Join a wrapped triple-quoted paragraph into one line.

    Lines are joined with a space, except after CJK punctuation and between
    two CJK characters: Chinese puts no spaces between words (but does
    around Latin ones).
    """
    out = ""
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        if out and not (_wide(out[-1]) and (_wide(line[0]) or unicodedata.category(out[-1])[0] == "P")):
            out += " "
        out += " ".join(line.split())
    return out


# Punctuation that must not start a line (Chinese line-breaking rules).
NO_LINE_START = set("，。、；：！？）》」』”’,.;:!?)]")
NO_LINE_END = set("（《「『“‘([")


def _tokens(text: str) -> list[str]:
    """Words for wrapping: a Latin word with its trailing space, or one CJK character."""
    out: list[str] = []
    for ch in text:
        glue = out and (ch in NO_LINE_START or ch.isspace() or out[-1][-1] in NO_LINE_END
                        or not (_wide(ch) or _wide(out[-1][-1]) or out[-1][-1].isspace()))
        if glue:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` terminal cells, breaking between any two CJK
    characters as well as at spaces (rich breaks only at spaces)."""
    from rich.cells import cell_len

    lines, line = [], ""
    for token in _tokens(text):
        if line and cell_len(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += token
    return [*lines, line.rstrip()] if line.strip() else lines


def has_wide(text: str) -> bool:
    return any(_wide(ch) for ch in text)


def squash_all(text: str) -> str:
    """`squash` every language of a text, keeping it translatable."""
    if isinstance(text, Text):
        return Text(squash(text), **{k: squash(v) for k, v in text.translations.items() if k != "en"})
    return squash(text)


# The transcript's own words.
UI = {
    "zh": {
        "Setup": "准备",
        "Step {n}": "第 {n} 步",
        "The tutorial takes for granted:": "教程默认了这些前提：",
        "Claims": "论断",
        "step": "步骤",
        "claim": "论断",
        "observed": "观察到",
        "why:": "原因：",
        "path:": "路径：",
        "reason:": "原因所在：",
        "All {n} claims held.": "全部 {n} 条论断成立。",
        "{failed} of {total} claims did not hold on this machine.": "{total} 条论断中有 {failed} 条在这台机器上不成立。",
        "Dry run: {n} claims listed, none checked.": "演练：列出 {n} 条论断，均未检查。",
        "Stopped:": "已停止：",
        "Enter: run this step · q: quit": "回车：执行这一步 · q：退出",
        "State changes:": "状态变化：",
    },
}


def ui(phrase: str, lang: str, **values) -> str:
    """One of the transcript's own phrases in `lang`, filled with `values`."""
    return UI.get(lang, {}).get(phrase, phrase).format(**values)
