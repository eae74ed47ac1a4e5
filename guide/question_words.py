"""The words of a question or of an exhibition text, as the answer search compares them.

English: lower-case words, common function words dropped, plural and tense endings cut so
that "charges", "charging" and "charged" meet. Chinese: jieba's search segmentation (words and
the shorter words inside them) plus every single Han character, so that a question worded
differently from the text still shares most of its words; function words dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from guide.reading_zh import segmenter

__all__ = ["THESAURUS", "expand", "words"]

_EN_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "and",
        "or",
        "but",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "me",
        "my",
        "your",
        "our",
        "their",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "have",
        "has",
        "had",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "when",
        "where",
        "why",
        "there",
        "here",
        "about",
        "into",
        "than",
        "then",
        "so",
        "if",
        "not",
        "no",
        "yes",
        "please",
        "tell",
        "me",
        "us",
        "any",
        "some",
        "much",
        "many",
        "just",
        "also",
        "very",
        "really",
        "one",
        "ones",
        "s",
        "t",
        "ll",
        "d",
        "re",
        "ve",
        "m",
    ]
)
_ZH_STOP = frozenset(
    [
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "嘛",
        "么",
        "是",
        "有",
        "在",
        "和",
        "与",
        "及",
        "我",
        "你",
        "您",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "这",
        "那",
        "这个",
        "那个",
        "这款",
        "那款",
        "哪",
        "哪个",
        "什么",
        "怎么",
        "怎样",
        "如何",
        "请",
        "请问",
        "一下",
        "告诉",
        "可以",
        "能",
        "能够",
        "会",
        "吗",
        "多少",
        "几",
        "不会",
        "会不会",
        "是不是",
        "有没有",
        "能不能",
        "一个",
        "个",
        "就",
        "都",
        "也",
        "还",
        "很",
        "太",
        "吧",
        "呢",
        "把",
        "被",
        "让",
        "给",
        "对",
        "从",
        "到",
        "上",
        "下",
        "里",
        "中",
        "为",
        "为什么",
        "么",
    ]
)
_HAN = re.compile(r"[\u3400-\u9fff]")
_EN_WORD = re.compile(r"[a-z0-9]+")


# What things are made of: "what is it made of?" finds the text that names the material.
_MATERIALS_EN = ["steel", "iron", "aluminium", "aluminum", "glass", "plastic", "ceramic",
                 "porcelain", "stoneware", "clay", "bronze", "brass", "copper", "oak", "leather",
                 "fabric", "wool", "stone"]  # fmt: skip
_MATERIALS_ZH = ["不锈钢", "钢", "铁", "铝", "玻璃", "塑料", "陶", "瓷", "青铜", "铜", "橡木",
                 "皮革", "织物", "羊毛", "石"]  # fmt: skip

# Words visitors use for what exhibition texts say another way, in any hall (a scene's
# guide.synonyms adds its own): each group's words find each other.
THESAURUS: dict[str, dict[str, list[str]]] = {
    "en": {
        "price": ["cost", "costs", "expensive", "cheap", "cheapest", "least", "money", "yuan"],
        "buy": ["purchase", "order", "sale", "sell", "shop"],
        "battery": ["charge", "runtime", "power"],
        "noise": ["noisy", "loud", "quiet", "decibel", "sound"],
        "photo": ["photograph", "picture", "camera", "flash"],
        "made": ["material", "metal", "wood", "cast", "build", *_MATERIALS_EN],
        "old": ["age", "ancient", "period", "dynasty", "year", "date", "century"],
        "temperature": ["hot", "hottest", "warm", "degree", "heat"],
        "size": ["big", "large", "inch", "dimension", "volume", "capacity", "hold"],
        "weight": ["heavy", "kilogram", "load"],
        "use": ["for", "purpose", "function"],
        "voice": ["talk", "speak", "spoken", "command", "assistant"],
        "wireless": ["bluetooth", "cable", "wired", "wifi"],
        "play": ["strike", "hit", "mallet", "rod"],
        "kiln": ["fired", "made", "workshop"],
        "carry": ["lift", "move", "handle", "pole"],
        "competition": ["contest", "compete"],
    },
    "zh": {
        "价格": ["多少钱", "便宜", "贵", "价钱", "元"],
        "买": ["购买", "下单", "卖", "订购"],
        "电池": ["续航", "充电", "电量"],
        "噪音": ["吵", "声音", "安静", "分贝"],
        "拍照": ["照片", "相机", "闪光灯", "拍"],
        "材料": ["材质", "做的", "木头", "金属", "制成", *_MATERIALS_ZH],
        "年代": ["朝代", "多少年", "古老", "历史", "时期"],
        "温度": ["几度", "热", "保温", "烧到"],
        "尺寸": ["多大", "寸", "英寸", "容量"],
        "承重": ["多重", "重量", "承受", "胖"],
        "用途": ["干什么", "做什么", "用来", "有什么用"],
        "语音": ["说话", "对话", "语音助手", "声控"],
        "无线": ["蓝牙", "有线", "接线", "连接"],
        "演奏": ["敲", "敲击", "木槌", "工具"],
        "窑": ["烧制", "产自", "出自", "产地"],
        "搬": ["抬", "搬动", "移动"],
        "拖地": ["擦地", "湿拖", "用水"],
        "冷光": ["冷白光", "暖光", "色温"],
        "降噪": ["隔音", "听不到", "外面的声音"],
    },
}


def _stem(word: str) -> str:
    for ending, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + keep
    return word


def words(text: str, language: str) -> list[str]:
    """The words of ``text`` that carry meaning, in order (with repeats)."""
    out: list[str] = []
    lowered = text.lower()
    if language.lower().startswith("zh") or _HAN.search(text):
        for token in segmenter().lcut_for_search(lowered, HMM=False):
            token = token.strip()
            if not token or token in _ZH_STOP:
                continue
            if _HAN.search(token):
                out.append(token)
                if len(token) > 1:
                    out.extend(c for c in token if _HAN.match(c) and c not in _ZH_STOP)
            else:
                out.extend(_stem(w) for w in _EN_WORD.findall(token) if w not in _EN_STOP)
        return out
    return [_stem(w) for w in _EN_WORD.findall(lowered) if w not in _EN_STOP]


def expand(tokens: list[str], synonyms: Mapping[str, list[str]], language: str) -> list[str]:
    """``tokens`` with synonyms added (the curator's and the built-in thesaurus): a visitor's
    word brings the word the texts use (and the other way round)."""
    return _expand(tuple(tokens), tuple((k, tuple(v)) for k, v in synonyms.items()), language)


@cache
def _table(synonyms: tuple[tuple[str, tuple[str, ...]], ...], language: str) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    lang = "zh" if language.lower().startswith("zh") else "en"
    groups = [*THESAURUS.get(lang, {}).items(), *synonyms]
    for word, others in groups:
        group = {w for text in (word, *others) for w in words(text, language)
                 if len(w) > 1 or w == text}  # fmt: skip
        for member in group:
            table.setdefault(member, set()).update(group)
    return table


@cache
def _expand(
    tokens: tuple[str, ...], synonyms: tuple[tuple[str, tuple[str, ...]], ...], language: str
) -> list[str]:
    table = _table(synonyms, language)
    out = list(tokens)
    for token in tokens:
        out.extend(sorted(table.get(token, set()) - {token}))
    return out
