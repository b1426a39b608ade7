"""Translatable texts: English by default, other languages on request, no crash without them."""

import pickle

import pytest

from netsh.i18n import Text, concat, localize, squash, tr, ui, wrap
from netsh.step import step


def test_text_is_its_english_string():
    t = tr("Create the bridge", zh="创建网桥")
    assert t == "Create the bridge" and isinstance(t, str)
    assert localize(t, "zh") == "创建网桥"
    assert localize(t, "en") == "Create the bridge"


def test_plain_strings_fall_back_to_english():
    assert localize("only English", "zh") == "only English"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        Text("x", fr="y")


def test_step_squashes_every_language():
    s = step(tr("t", zh="标题"), tr("""one
             two""", zh="""第一行
             第二行, and
             English"""))
    assert s.narration == "one two"
    assert localize(s.narration, "zh") == "第一行第二行, and English"
    assert localize(s.title, "zh") == "标题"
    assert squash("由 ns2\n回答") == "由 ns2 回答"
    assert squash("（veth0、\n veth2）") == "（veth0、veth2）"


def test_wrap_breaks_between_cjk_characters_within_width():
    from rich.cells import cell_len

    text = "每个命名空间扮演一个容器。一对 veth 好比一根虚拟网线：一头（veth0、veth2）放进命名空间。"
    lines = wrap(text, 30)
    assert all(cell_len(ln) <= 30 for ln in lines) and len(lines) == 3
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(ln[0] in "，。、）" for ln in lines)
    assert wrap("hello world foo bar", 11) == ["hello world", "foo bar"]


def test_squash_keeps_latin_spacing():
    assert squash("a  b\n   c") == "a b c"


def test_text_survives_pickling():
    t = pickle.loads(pickle.dumps(tr("a", zh="甲")))
    assert localize(t, "zh") == "甲"


def test_ui_phrases():
    assert ui("Step {n}", "zh", n=3) == "第 3 步"
    assert ui("Step {n}", "en", n=3) == "Step 3"



def test_concat_keeps_translations():
    t = concat("host1: ", tr("ns1 reaches ns2", zh="ns1 能到达 ns2"))
    assert t == "host1: ns1 reaches ns2" and localize(t, "zh") == "host1: ns1 能到达 ns2"
    assert type(concat("a", "b")) is str
