"""A lesson page's own words, in every language the page is shown in.

Phrases the transcript already has come from `netsh.i18n.UI`; these are the
page's. A scenario's texts (`tr`) carry their own translations."""

from __future__ import annotations

from netsh.i18n import LANGS, localize, ui

LANG_NAMES = {"en": "English", "zh": "中文"}

PAGE = {
    "zh": {
        "Contents": "目录",
        "Language": "语言",
        "Commands": "命令",
        "{n} lines of output": "{n} 行输出",
        "Claims": "论断",
        "held": "成立",
        "not held": "不成立",
        "undecidable": "无法判断",
        "not run": "未运行",
        "why:": "原因：",
        "Where its packets went": "数据包走过的路",
        "stopped at:": "停在：",
        "sources:": "依据：",
        "the tutorial is out of date here:": "教程在这里已过时：",
        "Topology after step {n}": "第 {n} 步之后的拓扑",
        "Highlighted: what it added (“new:”) or changed (“changed:”); notes list what no box shows.":
            "高亮：这一步新增（“new:”）或改变（“changed:”）的部分；注释框写出图上看不到的变化。",
        "Packet path (red):": "数据包路径（红色）：",
        "What this step changed ({n})": "这一步改变了什么（{n} 项）",
        "Nothing changed in the network state.": "网络状态没有变化。",
        "This step did not finish, so there is no picture of it.": "这一步没有完成，所以没有它的拓扑图。",
        "The run stopped before this step.": "运行在这一步之前就停止了。",
        "Play this step": "播放这一步",
        "The recording": "录像",
        "The recording needs JavaScript. Every command and its output are in the steps above.":
            "录像需要 JavaScript。每条命令及其输出都在上面的步骤里。",
        "Verified here": "在这里验证过",
        "Kernel": "内核",
        "Date": "日期",
        "{held} of {total} claims held": "{total} 条论断中 {held} 条成立",
        "{n} not held": "{n} 条不成立",
        "{n} undecidable": "{n} 条无法判断",
        "The run stopped:": "运行已停止：",
        "Sandbox setup by netsh": "netsh 搭建沙箱",
        "Cleanup": "清理",
        "The tutorial takes for granted:": "教程默认了这些前提：",
        "Lessons": "课程",
        "lesson": "课程",
        "exit": "退出码",
        "All claims": "全部论断",
        "step": "步骤",
        "claim": "论断",
        "verdict": "结论",
        "evidence": "证据",
        "stopped": "停止",
        "Made by {tool} from a real run in a throwaway sandbox.":
            "由 {tool} 在一次性沙箱中真实运行后生成。",
    },
}


def phrase(text: str, lang: str, **values) -> str:
    """A page phrase in `lang` (else the transcript's, else English), filled with `values`."""
    own = PAGE.get(lang, {}).get(text)
    return own.format(**values) if own is not None else ui(text, lang, **values)


def languages(scenario) -> tuple[str, ...]:
    """English, and every language the scenario's titles and narration are translated into."""
    texts = [scenario.summary, *scenario.assumptions]
    texts += [t for step in scenario.plan for t in (step.title, step.narration)]
    found = {lang for t in texts for lang in getattr(t, "translations", {})}
    return tuple(lang for lang in LANGS if lang == "en" or lang in found)


__all__ = ["LANG_NAMES", "languages", "localize", "phrase"]
