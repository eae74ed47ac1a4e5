"""Vitrine's own Mandarin readings: words pypinyin's phrase dictionary reads wrongly in the
sense an exhibition means them, and words whose 儿 is a syllable of its own (not erhua).

A scene's ``guide.lexicon.zh`` entries win over these; these win over pypinyin.
"""

from __future__ import annotations

__all__ = ["NEUTRAL", "READINGS", "SINGLE", "SYLLABIC_ER"]


def _words(text: str) -> list[str]:
    return text.split()


READINGS: dict[str, str] = {
    "华为": "hua2 wei2",
    "可调": "ke3 tiao2",  # adjustable (pypinyin: diao4, as in 可调用)
    "调光": "tiao2 guang1",
    "调温": "tiao2 wen1",
    "调色": "tiao2 se4",
    "调音": "tiao2 yin1",
    "微调": "wei1 tiao2",
    "大夫": "dai4 fu5",  # the doctor; 士大夫 is in the phrase dictionary
    "头发": "tou2 fa5",
    "答应": "da1 ying5",
    "一会儿": "yi2 huir4",
    "差不多": "cha4 bu5 duo1",
    "展品": "zhan3 pin3",
    "藏品": "cang2 pin3",
    "收藏": "shou1 cang2",
    "馆藏": "guan3 cang2",
    "宝藏": "bao3 zang4",
    "数字藏品": "shu4 zi4 cang2 pin3",
    "行李": "xing2 li5",
    "便宜": "pian2 yi5",
    "地方": "di4 fang5",
    "东西": "dong1 xi5",  # a thing (the directions, 东西方, are rarer in a guide's lines)
    "好奇": "hao4 qi2",
    "好客": "hao4 ke4",
    "青铜器": "qing1 tong2 qi4",
    "编钟": "bian1 zhong1",
    "曾侯乙": "zeng1 hou2 yi3",
    "似的": "shi4 de5",
    "着陆": "zhuo2 lu4",
    "尽量": "jin3 liang4",
    "数一数": "shu3 yi5 shu3",
    "数数": "shu3 shu5",
    "转动": "zhuan4 dong4",
    "转台": "zhuan4 tai2",
    "转盘": "zhuan4 pan2",
    "长得": "zhang3 de5",
    "觉得": "jue2 de5",
    "记得": "ji4 de5",
    "值得": "zhi2 de5",
    "显得": "xian3 de5",
}

# Words read alone, where pypinyin's first reading is not the everyday one.
SINGLE: dict[str, str] = {
    "长": "chang2",
    "得": "de5",
    "地": "de5",
    "着": "zhe5",
    "了": "le5",
    "还": "hai2",
    "都": "dou1",
    "和": "he2",
    "重": "zhong4",
    "行": "xing2",
}

# Words whose last syllable is in the neutral tone (a common core of the standard list).
NEUTRAL = frozenset(
    _words(
        """
    葡萄 琵琶 漂亮 明白 结实 行李 薄荷 玻璃 萝卜 豆腐 衣服 眼睛 耳朵 事情
    朋友 先生 太阳 月亮 时候 舒服 清楚 告诉 喜欢 知道 休息 认识 故事 消息
    钥匙 窗户 麻烦 热闹 商量 聪明 糊涂 暖和 凉快 规矩 打扮 打听 打算 功夫
    工夫 姑娘 活泼 客气 力气 买卖 眉毛 名字 脑袋 念头 脾气 亲戚 勤快 人家
    扫帚 师傅 收拾 算盘 踏实 尾巴 下巴 相声 心思 衣裳 应酬 折腾 芝麻 主意
    嘱咐 庄稼 琢磨 晚上 早上 上面 里面 外面 后面 前面 爸爸 妈妈 哥哥 姐姐
    弟弟 妹妹 爷爷 奶奶 谢谢 看看 试试 想想 意思 地方 东西 丈夫 媳妇 关系
    部分 学生 大方 大意 多少 厉害 利索 马虎 模糊 苗条 难为 便宜 俏皮 亮堂
    灯笼 风筝 棉花 胭脂 胳膊 骨头 指甲 眼泪 嘴巴 舌头 石头 木头 馒头 枕头
    日子 点心
        """
    )
)

SYLLABIC_ER = frozenset(
    _words(
        "女儿 儿子 儿童 婴儿 幼儿 孤儿 健儿 少儿 男儿 宠儿 胎儿 儿女 "
        "儿时 育儿 托儿所 幼儿园 儿歌 孩儿 侄儿 孙儿 患儿 新生儿 混血儿"
    )
)
