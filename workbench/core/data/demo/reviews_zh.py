"""demo:reviews-zh — short Chinese restaurant and product reviews whose label depends on how words relate.

Made as demo:reviews is (see reviews.py): every sentence comes from a *frame* of one construction family, and its
adjectives are chosen so that no character carries the label: across the training set an adjective is about as
often "against" the label (after 不/没有/一点也不, or in the clause that 但是/不过 overrides) as "for" it. What
decides is the relation: 不 and the adjective it negates (near, or far: 我不觉得…), the clause after 但是/不过,
the main clause against the 虽然 one. Degree words (很/非常/特别/有点/太) sit beside the adjectives without
deciding anything, and 一点也不/不太/没有那么 negate.

The benchmark split holds out whole frames: the test has only sentence shapes training never saw (at least one
per family) and only characters training has, so a bag of characters learns the training shapes and fails on the
test (tests/core/test_demo_zh.py measures a character-count logistic regression).
"""

from __future__ import annotations

import random

from workbench.core.data.demo import frames as shared
from workbench.core.data.demo.frames import Frame as Frame
from workbench.core.data.demo.frames import Review as Review

POS, NEG = "正面", "负面"

# Aspects per domain: (noun, category). Adjectives are matched to the category so sentences stay sensible.
ASPECTS: dict[str, list[tuple[str, str]]] = {
    "restaurant": [
        *[(w, "food") for w in ("菜", "汤", "米饭", "牛肉", "面条", "饺子", "甜点", "鱼", "烤鸭", "火锅")],
        *[(w, "service") for w in ("服务", "服务员", "老板", "店员")],
        *[(w, "place") for w in ("环境", "大厅", "包间", "店里")],
        *[(w, "value") for w in ("价格", "套餐", "菜价")],
    ],
    "product": [
        *[(w, "quality") for w in ("手机", "耳机", "键盘", "做工", "外壳", "屏幕", "质量", "包装")],
        *[(w, "speed") for w in ("系统", "电脑", "网速", "充电")],
        *[(w, "delivery") for w in ("物流", "快递", "客服", "发货")],
        *[(w, "value") for w in ("价格", "售价")],
    ],
}
CATEGORIES = {domain: sorted({a[1] for a in aspects}) for domain, aspects in ASPECTS.items()}

GENERIC_ADJ = {POS: ["好", "棒", "出色", "优秀"], NEG: ["差", "糟糕", "烂", "差劲"]}
CATEGORY_ADJ: dict[str, dict[str, list[str]]] = {
    "food": {POS: ["好吃", "新鲜", "香", "入味"], NEG: ["难吃", "咸", "油腻", "凉"]},
    "service": {POS: ["热情", "周到", "耐心", "礼貌"], NEG: ["冷淡", "马虎", "粗鲁", "敷衍"]},
    "place": {POS: ["干净", "安静", "舒服", "温馨"], NEG: ["脏", "吵", "挤", "乱"]},
    "value": {POS: ["便宜", "实惠", "划算", "合理"], NEG: ["贵", "离谱", "坑人", "昂贵"]},
    "quality": {POS: ["结实", "耐用", "精致", "清晰"], NEG: ["粗糙", "模糊", "易坏", "廉价"]},
    "speed": {POS: ["流畅", "快", "稳定", "灵敏"], NEG: ["卡", "慢", "迟钝", "卡顿"]},
    "delivery": {POS: ["及时", "快", "靠谱", "专业"], NEG: ["慢", "拖拉", "敷衍", "马虎"]},
}
# Degree words: they strengthen without changing the polarity. 有点 and 太 go with the negative words only, as
# in real Chinese ("有点贵"), and negative adjectives are as often for the label as against it, so neither says it.
# Often there is none ("菜好吃"), so an adjective right after its noun does not mean the far negations below.
DEGREE = {POS: ["很", "非常", "特别", "真的", "挺", "", ""], NEG: ["很", "非常", "特别", "有点", "太", "", ""]}
NEGATORS = ["不", "一点也不", "不太", "没有那么", "并不"]  # the near negations

SHOPS = ["楼下的", "新开的", "朋友推荐的", "网上很火的", "学校旁边的", "公司附近的", "商场里的", "老街上的"]
PLACES = ["川菜馆", "面馆", "饭店", "小餐馆", "火锅店", "饺子馆", "烤鸭店", "茶餐厅"]
STORES = ["网店", "旗舰店", "专卖店", "电器城", "小店"]
WHEN = ["上周末", "昨天", "今天中午", "前几天", "周五晚上", "上个月", "国庆节", "生日那天", "下班后"]
WHO = ["朋友", "家人", "同事", "女朋友", "男朋友", "爸妈", "孩子", "室友", "两个人", "一家人"]
OPENERS = {
    "restaurant": [
        "{when}和{who}去了{shop}{place}。",
        "{when}第一次去{shop}{place}。",
        "{who}带我去了{shop}{place}。",
        "{when}在{shop}{place}吃饭。",
    ],
    "product": [
        "{when}在{shop}{store}买了东西。",
        "给{who}买的，{when}收到了。",
        "{when}在{store}下单。",
        "{who}推荐的{store}，{when}到货。",
    ],
}
ASIDES = ["说实话，", "总的来说，", "老实讲，", "总之，", "整体来说，"]

# Slots: {a1} aspect, {d1} degree word, {j1} adjective, {n1} a near negator. signs: +1 the adjective keeps its
# polarity in its clause, -1 it is negated; decider: the clause that sets the label; agree: both clauses share it.
# The held-out frames (the test) use relation words the training frames teach, in shapes training never had: 不
# farther from its adjective, 不过 after a negated clause, 虽然 without 但是, 没想到 before a negation.
FRAMES: list[Frame] = [
    Frame("plain1", "plain", "{a1}{d1}{j1}", (1,)),
    Frame("plain2", "plain", "这里的{a1}{d1}{j1}", (1,)),
    Frame("plain3", "plain", "我觉得{a1}{d1}{j1}", (1,)),
    Frame("plain4", "plain", "{a1}{d1}{j1}，{a2}也{d2}{j2}", (1, 1), 1, agree=True),
    Frame("plain5", "plain", "我认为{a1}{d1}{j1}", (1,)),
    Frame("plain6", "plain", "这家店的{a1}{d1}{j1}", (1,), held_out=True),
    Frame("neg1", "negation", "{a1}{n1}{j1}", (-1,)),
    Frame("neg2", "negation", "这里的{a1}{n1}{j1}", (-1,)),
    Frame("neg3", "negation", "我不觉得{a1}{j1}", (-1,), weight=1.5),
    Frame("neg4", "negation", "没有人说{a1}{j1}", (-1,), weight=1.5),
    Frame("neg5", "negation", "我觉得{a1}{n1}{j1}", (-1,)),
    Frame("neg6", "negation", "我不认为这里的{a1}{j1}", (-1,), held_out=True),
    Frame("but1", "contrast", "{a1}{d1}{j1}，但是{a2}{d2}{j2}", (1, 1), 1),
    Frame("but2", "contrast", "{a1}{d1}{j1}，不过{a2}{d2}{j2}", (1, 1), 1),
    Frame("but3", "contrast", "{a1}{d1}{j1}，但是{a2}{n2}{j2}", (1, -1), 1),
    Frame("but4", "contrast", "我觉得{a1}{d1}{j1}，但是{a2}{d2}{j2}", (1, 1), 1),
    Frame("but5", "contrast", "{a1}{n1}{j1}，不过{a2}{d2}{j2}", (-1, 1), 1, held_out=True),
    Frame("conc1", "concession", "虽然{a1}{d1}{j1}，但是{a2}{d2}{j2}", (1, 1), 1),
    Frame("conc2", "concession", "虽然{a1}{d1}{j1}，不过{a2}{d2}{j2}", (1, 1), 1),
    Frame("conc3", "concession", "{a1}{d1}{j1}，虽然{a2}{d2}{j2}", (1, 1), 0, weight=1.5),
    Frame("conc4", "concession", "尽管{a1}{d1}{j1}，{a2}还是{d2}{j2}", (1, 1), 1),
    Frame("conc5", "concession", "{a1}{d1}{j1}，尽管{a2}{d2}{j2}", (1, 1), 0, weight=1.5),
    Frame("conc6", "concession", "虽然{a1}{d1}{j1}，{a2}还是{d2}{j2}", (1, 1), 1, held_out=True),
    Frame("exp1", "expectation", "本来以为{a1}会很{j1}，结果{a2}{d2}{j2}", (1, 1), 1),
    Frame("exp2", "expectation", "本来以为{a1}会很{j1}，结果真的{j1}", (1,)),
    Frame("exp3", "expectation", "本来以为{a1}会很{j1}，结果{n1}{j1}", (-1,)),
    Frame("exp4", "expectation", "没想到{a1}这么{j1}", (1,)),
    Frame("exp5", "expectation", "没想到{a1}{n1}{j1}", (-1,), held_out=True),
]

TRAIN_SIZE, TEST_SIZE, SEEN_TEST_SIZE = 4000, 2000, 1000
BENCHMARK_SEED = 0


def _adjective(rng: random.Random, category: str, polarity: int) -> str:
    key = POS if polarity > 0 else NEG
    pool = GENERIC_ADJ[key] if rng.random() < 0.4 else CATEGORY_ADJ[category][key]
    return rng.choice(pool)


def _aspect(rng: random.Random, domain: str) -> tuple[str, str]:
    category = rng.choice(CATEGORIES[domain])
    return rng.choice([a for a in ASPECTS[domain] if a[1] == category])


def _opener(rng: random.Random, domain: str) -> str:
    return rng.choice(OPENERS[domain]).format(
        when=rng.choice(WHEN),
        who=rng.choice(WHO),
        shop=rng.choice(SHOPS),
        place=rng.choice(PLACES),
        store=rng.choice(STORES),
    )


def sample(frame: Frame, rng: random.Random, label: int) -> Review:
    """One sentence of a frame with the given label (+1/-1), its adjectives chosen to fit it."""
    domain = rng.choice(("restaurant", "product"))
    a1, a2 = _aspect(rng, domain), _aspect(rng, domain)
    while a2[0] == a1[0]:
        a2 = _aspect(rng, domain)
    two = "{a2}" in frame.text
    clause = [label if i == frame.decider or frame.agree else -label for i in range(len(frame.signs))]
    aspects = [a1, a2]
    adjs: list[str] = []
    degrees: list[str] = []
    for i, (sign, pol) in enumerate(zip(frame.signs, clause, strict=True)):
        polarity = sign * pol  # the adjective's own polarity
        adjs.append(_adjective(rng, aspects[i if two else 0][1], polarity))
        degrees.append(rng.choice(DEGREE[POS if polarity > 0 else NEG]))
    adjs += adjs[-1:] * (2 - len(adjs))
    degrees += degrees[-1:] * (2 - len(degrees))
    core = frame.text.format(
        a1=a1[0],
        a2=a2[0],
        j1=adjs[0],
        j2=adjs[1],
        d1=degrees[0],
        d2=degrees[1],
        n1=rng.choice(NEGATORS),
        n2=rng.choice(NEGATORS),
    )
    core += rng.choice(("。", "。", "！", ""))
    r = rng.random()
    if r < 0.15:
        core = rng.choice(ASIDES) + core
    elif r < 0.55:
        core = _opener(rng, domain) + core
    return Review(core, POS if label > 0 else NEG, frame.fid)


def characters(text: str) -> set[str]:
    return set(text)


def generate(
    frames: list[Frame],
    n: int,
    rng: random.Random,
    exclude: frozenset[str] | set[str] = frozenset(),
    alphabet: set[str] | None = None,
) -> list[Review]:
    """n distinct sentences, shuffled, none in exclude and (if given) using only characters of the alphabet;
    each frame gets its weighted quota, half of each label."""
    return shared.generate(frames, n, rng, sample, characters, exclude, alphabet)


def benchmark(seed: int = BENCHMARK_SEED) -> dict[str, list[Review]]:
    """train and seen_test from the training frames, test only from the held-out frames and only with
    characters that occur in train. seed 0 is the shipped benchmark."""
    rng = random.Random(f"demo:reviews-zh:{seed}")
    return shared.benchmark_split(FRAMES, rng, sample, characters, (TRAIN_SIZE, SEEN_TEST_SIZE, TEST_SIZE))
