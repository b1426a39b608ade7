"""Lesson pages and a series' index as HTML, through Jinja2 templates with
autoescaping on: every text (narration, command, output, evidence) is
escaped; only Graphviz's SVG, the vendored player and netsh's own CSS and
script go in as they are. Everything is inlined, so a page loads nothing.

Jinja2 rather than hand-built strings: the templates read like the page,
and escaping is the default instead of a call to remember."""

from __future__ import annotations

from importlib import resources

from markupsafe import Markup, escape

from netsh.render.page.words import LANG_NAMES, localize, phrase

PLAYER = "vendor/asciinema-player"


def asset(name: str) -> str:
    return resources.files("netsh.render.page").joinpath(name).read_text(encoding="utf-8")


def player_version() -> str:
    return asset(f"{PLAYER}/VERSION").strip()


class PageTexts:
    """A page's texts in each of its languages: one `<span lang>` per language,
    the one shown chosen by the language switch (CSS, no script needed)."""

    def __init__(self, langs: tuple[str, ...]):
        self.langs = langs

    def _each(self, say) -> Markup:
        if len(self.langs) == 1:
            return escape(say(self.langs[0]))
        return Markup("").join(Markup('<span class="l-{0}" lang="{0}">{1}</span>').format(lang, say(lang))
                               for lang in self.langs)

    def text(self, text: str) -> Markup:
        return self._each(lambda lang: localize(text, lang))

    def phrase(self, text: str, **values) -> Markup:
        return self._each(lambda lang: phrase(text, lang, **values))


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("netsh.render.page", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(lang_names=LANG_NAMES, css=Markup(asset("templates/page.css")))
    return env


def render_page(**context) -> str:
    """`page.html.j2` filled with a lesson (see build.py for what it is given)."""
    words = PageTexts(context["langs"])
    player = {"js": Markup(asset(f"{PLAYER}/asciinema-player.min.js")),
              "css": Markup(asset(f"{PLAYER}/asciinema-player.css")), "version": player_version()}
    return _environment().get_template("page.html.j2").render(
        t=words.text, p=words.phrase, player=player, script=Markup(asset("templates/page.js")), **context)


def render_index(**context) -> str:
    words = PageTexts(("en",))
    return _environment().get_template("index.html.j2").render(t=words.text, p=words.phrase, **context)
