"""Lesson pages in a real browser: Debian's Chromium, headless, driven by
Playwright (never a browser of Playwright's own). Each page is made by a real
`netsh record --page` run; the assertions read the rendered DOM.

Screenshots at desktop and phone widths, and the page printed to PDF, are kept
in artefacts/page/ at the top of the checkout (gitignored; NETSH_ARTEFACTS
moves it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_netsh
from netsh.i18n import localize
from netsh.scenario import find

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ARTEFACTS = Path(os.environ.get("NETSH_ARTEFACTS") or Path(__file__).resolve().parents[1] / "artefacts") / "page"

pytestmark = [pytest.mark.skipif(not ROOT, reason="needs root (each page is a real sandboxed run)"),
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason="needs Debian's chromium (./scripts/test installs it)")]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """bridge-two-ns as a page, and a two-lesson site."""
    out = tmp_path_factory.mktemp("pages")
    page = out / "bridge-two-ns.html"
    r = run_netsh("record", "bridge-two-ns", "--page", str(page))
    assert r.returncode == 0, r.stdout + r.stderr
    site = out / "site"
    s = run_netsh("record", "bridge-l3", "netns-local", "--site", str(site))
    assert s.returncode == 0, s.stdout + s.stderr
    return page, site


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Watched:
    """A browser page that counts every request other than the lesson file itself,
    and every CSP refusal or script error."""

    def __init__(self, browser, url: str, viewport=DESKTOP, javascript: bool = True):
        self.context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.home = url.rsplit("/", 1)[0] + "/"  # the page and its neighbours (a site's other pages)
        self.page.on("request", lambda r: self._near(r.url) or self.outside.append(r.url))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = url
        self.page.goto(url)

    def _near(self, url: str) -> bool:
        return url.startswith(self.home) and "/" not in url[len(self.home):]

    def _route(self, route):
        if self._near(route.request.url):
            route.continue_()
        else:
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser):
    opened = []

    def opener(path: Path, **kw) -> Watched:
        opened.append(Watched(browser, path.as_uri(), **kw))
        return opened[-1]

    yield opener
    for w in opened:
        assert w.outside == [], f"the page asked for {w.outside}"
        assert w.errors == [], f"the page's console: {w.errors}"  # a CSP refusal would show here
        w.close()


def shot(page, name: str, full: bool = False) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=full)


def test_every_step_and_claim_is_there_with_its_verdict_and_one_picture(made, open_page):
    sc = find("bridge-two-ns")()
    w = open_page(made[0])
    page = w.page
    page.wait_for_function("window.netshPlayers && window.netshPlayers.en")
    steps = list(sc.plan)
    assert page.locator("section.step").count() == len(steps)
    held = 0
    for n, step in enumerate(steps, 1):
        section = page.locator(f"#step-{n}")
        assert localize(step.title, "en") in section.locator("h2").inner_text()
        assert section.locator("figure.topology svg").count() == 1
        claims = section.locator("li.claim")
        # A command expected to fail is judged as a claim too, before the step's own claims.
        texts = [f"`{c.display}` fails" for c in step.commands if c.fails is not None]
        texts += [localize(c.text, "en") for c in step.claims]
        assert claims.count() == len(texts)
        for k, text in enumerate(texts):
            li = claims.nth(k)
            state = li.get_attribute("data-state")
            words = {"held": "✓ held", "not_held": "✗ not held", "undecidable": "? undecidable"}
            assert li.locator(".verdict").inner_text().strip() == words[state]  # a symbol and a word
            assert text in li.inner_text()
            held += state == "held"
    commands = page.locator("#step-1 pre.command").all_inner_texts()
    assert commands == [f"$ {c.display}" for c in steps[0].commands]
    total = page.locator("li.claim").count()
    assert f"{held} of {total} claims held" in page.locator(".stamp").inner_text()
    for fact in ("Kernel", "iproute2", "iptables", "ethtool", "Date", "netsh"):
        assert fact in page.locator(".stamp dl").inner_text()
    shot(page, "bridge-two-ns-desktop")
    page.locator("#step-3").screenshot(path=str(ARTEFACTS / "bridge-two-ns-step-3.png"))


# The player's time once it has reached `target` (the seek is asynchronous), or where it is after 5 s.
SEEKED = """async (target) => {
  for (let i = 0; i < 100; i++) {
    const t = await netshPlayers.en.getCurrentTime();
    if (t >= target - 0.05) return t;
    await new Promise(r => setTimeout(r, 50));
  }
  return netshPlayers.en.getCurrentTime();
}"""


def test_the_player_loads_and_a_step_button_seeks_it(made, open_page):
    page = open_page(made[0]).page
    page.wait_for_function("window.netshPlayers && window.netshPlayers.en")
    page.wait_for_selector("#player-en .ap-player")
    # The recording's step markers are on the player's progress bar, one per step.
    assert page.locator("#player-en .ap-marker-container").count() == page.locator("button.seek").count() == 8
    button = page.locator("#step-5 button.seek")
    target = float(button.get_attribute("data-time"))
    assert target > 0
    assert page.evaluate("netshPlayers.en.getCurrentTime()") < target
    button.click()
    now = page.evaluate(SEEKED, target)
    later = float(page.locator("#step-6 button.seek").get_attribute("data-time"))
    assert target - 0.05 <= now < later  # at step 5's marker (and playing on), not at the end
    page.locator("#recording").screenshot(path=str(ARTEFACTS / "bridge-two-ns-player.png"))


def test_the_language_switch_changes_the_narration_and_the_recording(made, open_page):
    sc = find("bridge-two-ns")()
    step = sc.plan[0]
    page = open_page(made[0]).page
    narration = page.locator("#step-1 .narration")
    assert narration.inner_text() == localize(step.narration, "en")
    page.click("label[for=lang-zh]")
    assert narration.inner_text() == localize(step.narration, "zh") != localize(step.narration, "en")
    assert page.evaluate("document.documentElement.lang") == "zh"
    page.wait_for_function("window.netshPlayers.zh")
    assert page.locator("#player-zh").is_visible() and not page.locator("#player-en").is_visible()
    shot(page, "bridge-two-ns-zh")


def test_without_javascript_the_lesson_reads_whole_and_the_switch_still_works(made, open_page):
    step = find("bridge-two-ns")().plan[0]
    page = open_page(made[0], javascript=False).page
    assert page.locator("section.step li.claim").first.is_visible()
    assert not page.locator("button.seek").first.is_visible()  # nothing to seek without the player
    page.click("label[for=lang-zh]")
    assert page.locator("#step-1 .narration").inner_text() == localize(step.narration, "zh")


def test_at_phone_width_nothing_runs_off_the_side_and_print_drops_the_player(made, open_page):
    page = open_page(made[0], viewport=PHONE).page
    page.wait_for_function("window.netshPlayers && window.netshPlayers.en")
    # Wide things (commands, pictures) scroll inside their own box; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("#step-5 figure.topology").bounding_box()["width"] <= PHONE["width"]
    shot(page, "bridge-two-ns-phone")
    page.locator("#step-5").screenshot(path=str(ARTEFACTS / "bridge-two-ns-phone-step-5.png"))
    page.emulate_media(media="print")
    assert not page.locator("#recording").is_visible() and not page.locator(".langs").is_visible()
    assert page.locator("#step-8 li.claim").first.is_visible()
    page.pdf(path=str(ARTEFACTS / "bridge-two-ns-print.pdf"))  # the printed lesson, to look at


def test_the_site_index_lists_each_lesson_with_its_counts(made, open_page):
    site = made[1]
    page = open_page(site / "index.html").page
    rows = page.locator("tr.lesson")
    assert [rows.nth(k).get_attribute("data-name") for k in range(rows.count())] == ["bridge-l3", "netns-local"]
    for k in range(rows.count()):
        name = rows.nth(k).get_attribute("data-name")
        held = int(rows.nth(k).locator("[data-count=held]").inner_text())
        lesson = open_page(site / f"{name}.html").page
        assert f"{held} of " in lesson.locator(".stamp .tally").inner_text()
        assert lesson.locator("section.step").count() == len(find(name)().plan)
    shot(page, "site-index")
    page.click("text=bridge-l3")
    assert page.url.endswith("bridge-l3.html")


def test_chromium_is_debians():
    """Nothing downloads a browser: the one driven is the system's."""
    assert os.path.realpath(shutil.which("chromium") or CHROMIUM).startswith("/usr/")
