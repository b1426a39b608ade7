"""`lesson.zh.md` beside `lesson.md`: titles, narration and claim texts in Chinese,
checked to have the same steps, commands and claims."""

from __future__ import annotations

import pytest

from netsh.i18n import localize
from netsh.scenario import lesson_file as scenario_class
from netsh.lesson.errors import LessonError

EN = """\
---
name: t
summary: two namespaces
params:
  ns: {type: netns, default: ns1}
assumptions: [the host forwards]
reasons:
  gone: "{ns} was never made"
---
## Make {ns}

A namespace called {ns}.

```sh
ip netns add {ns}
```

```claims
link lo in {ns} is loopback down   "{ns} has its own lo"  why-not gone
```

## Look

```sh
ip netns list
```
"""

ZH = """\
---
summary: 两个命名空间
assumptions: [主机会转发]
reasons:
  gone: "{ns} 根本没建"
---
## 建 {ns}

一个叫 {ns} 的命名空间。

```sh
ip netns add {ns}
```

```claims
link lo in {ns} is loopback down   "{ns} 有自己的 lo"  why-not gone
```

## 看一看

```sh
ip netns list
```
"""


def write(tmp_path, en=EN, zh=ZH):
    (tmp_path / "t.md").write_text(en)
    if zh is not None:
        (tmp_path / "t.zh.md").write_text(zh)
    return tmp_path / "t.md"


def test_the_translation_rides_along_with_every_text(tmp_path):
    cls = scenario_class(write(tmp_path))
    one, two = cls().plan
    assert (one.title, localize(one.title, "zh")) == ("Make ns1", "建 ns1")
    assert localize(one.narration, "zh") == "一个叫 ns1 的命名空间。"
    claim = one.claims[0]
    assert (claim.text, localize(claim.text, "zh")) == ("ns1 has its own lo", "ns1 有自己的 lo")
    assert localize(claim.why_not, "zh") == "ns1 根本没建"
    assert localize(cls.summary, "zh") == "两个命名空间" and localize(cls.assumptions[0], "zh") == "主机会转发"
    assert localize(two.title, "zh") == "看一看"
    assert sorted(cls.source.translations) == ["zh"]


def test_without_a_translation_everything_is_english(tmp_path):
    one, _ = scenario_class(write(tmp_path, zh=None))().plan
    assert localize(one.title, "zh") == "Make ns1"


@pytest.mark.parametrize("change,what", [
    (("ip netns add {ns}\n```\n\n```claims", "ip netns add x{ns}\n```\n\n```claims"),
     "step 1 ('Make {ns}', "),
    (("ip netns list", "ip link"), "step 2 ('Look', "),
    (("link lo in {ns} is loopback down", "link lo in {ns} is loopback up"), "claims differ"),
    (("## 看一看\n\n```sh\nip netns list\n```\n", ""), "step 2 differs: t.md has 2 steps, t.zh.md has 1"),
    (("assumptions: [主机会转发]", "assumptions: [一, 二]"), "2 assumptions, t.md has 1"),
    (("summary: 两个命名空间", "name: t"), "unknown front matter key 'name'"),
])
def test_a_translation_that_differs_names_the_first_step_that_does(tmp_path, change, what):
    with pytest.raises(LessonError) as info:
        scenario_class(write(tmp_path, zh=ZH.replace(*change)))
    assert what in info.value.message and "t.zh.md" in info.value.message, info.value.message


def test_a_translation_is_not_a_lesson_of_its_own(tmp_path):
    write(tmp_path)
    with pytest.raises(LessonError, match="a translation of a lesson"):
        scenario_class(tmp_path / "t.zh.md")
