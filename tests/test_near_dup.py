"""Near-duplicate detection without Scrapy: shingles in every script, planted syndication variants
found, other articles (one on the very same topic) left alone, the index across reopenings.

The texts are written here: a wire story, its syndicated copies as sites print them, another
story on the same strike, and a Chinese story, whose words are characters."""

from __future__ import annotations

import pickle

import pytest

from cleaners.words import count_words, split_words
from output.near_dup import (
    DedupReport,
    NearDupConfig,
    SQLiteNearDupIndex,
    mark_duplicates,
    shingle_hashes,
    shingles,
    sign,
    signature,
    similarity,
    with_near_duplicate_of,
)

STORY = [
    "Dock workers at the country's three largest container ports walked off the job on Tuesday, "
    "halting the loading of ships after talks over wages and automation broke down late on Monday night.",
    "The union, which represents about 45,000 workers, said the strike would continue until the port "
    "operators withdrew a plan to introduce automated cranes at two terminals over the next five years.",
    "Shipping companies warned that the stoppage could delay deliveries of electronics, clothing and "
    "car parts in the weeks before the holiday season, when imports usually reach their annual peak.",
    '"We have been patient for eighteen months," the union\'s president told reporters outside the '
    'harbour office. "Our members are not against new machines, they are against losing their jobs to them."',
    "The port operators' association said its latest offer included a pay rise of 14 percent over four "
    "years and a guarantee that no current employee would be laid off because of automation.",
    "Economists estimate that a week-long shutdown of the ports would cost the economy roughly two billion "
    "dollars a day, as goods pile up on ships anchored offshore and factories run short of parts.",
    "The labour minister urged both sides to return to the negotiating table and said the government "
    "was prepared to appoint a mediator if no agreement was reached by the end of the week.",
    "Hundreds of trucks were lined up outside the gates of the northern terminal on Tuesday morning, "
    "their drivers unsure whether they would be able to collect the containers they had been sent for.",
]
EXTRA = (
    "Retailers said they had already moved some orders to air freight, at several times the cost, to "
    "make sure that the most popular products would be on their shelves before the end of November."
)
OTHER_STORY_SAME_STRIKE = [
    "A day into the strike at the container ports, the first ships have begun to turn away, heading for "
    "terminals in neighbouring countries where unloading costs more but cargo at least moves.",
    "Captains of two vessels carrying grain said they had been told to wait at anchor for at least a week, "
    "and one operator said it would add a surcharge on every container bound for the striking ports.",
    "The dispute over automated cranes has its roots in a deal signed a decade ago, when the union "
    "accepted lower pay rises in exchange for a promise that machines would not replace dock workers.",
    "Port officials say the new cranes are needed to compete with rival harbours that already unload "
    "ships twice as fast, and that the terminals will lose business for good if they do not modernise.",
    "Union members interviewed on the picket line said they feared the cranes would be only the start, "
    "and that driverless trucks and remote-controlled gantries would follow within a few years.",
    "Farm groups said the strike came at the worst moment for exporters of fruit, which cannot wait in "
    "containers for long, and asked the government to exempt refrigerated cargo from the stoppage.",
]
CHINESE = [
    "国家统计局周二公布的数据显示，今年前三个季度全国粮食总产量比去年同期增长百分之二点一，其中秋粮丰收成为主要推动力。",
    "统计局发言人在新闻发布会上表示，北方主要产区降雨充足，加上新品种的推广和农业机械化水平的提高，单位面积产量明显上升。",
    "不过，发言人也提醒，国际市场粮价波动较大，化肥和柴油等生产成本仍处在高位，农民增收仍面临一定压力。",
    "专家认为，下一步应继续加大对农田水利设施的投入，完善粮食收购价格政策，保护农民种粮的积极性。",
    "数据还显示，全国生猪存栏量保持稳定，蔬菜和水果供应充足，主要农产品价格总体平稳。",
]
CHINESE_OTHER = [
    "本市今天起调整部分公交线路，新开通的三条线路连接城东新区和地铁五号线的多个站点，方便居民换乘。",
    "交通部门负责人介绍，调整后的线路将缩短乘客平均候车时间约五分钟，并在早晚高峰增加发车班次。",
    "部分老线路因与地铁线路重合度较高而被撤销，相关站点的乘客可以改乘附近的其他线路或者地铁。",
    "市民可以通过交通部门的官方网站和手机应用查询新线路的走向、站点和首末班车时间。",
    "有关部门表示，将根据运行情况和市民意见，对线路进行进一步的优化和调整。",
]


def text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs)


def variants() -> dict[str, str]:
    """Syndicated copies as other sites print them."""
    return {
        "dateline": "ROTTERDAM (Reuters) — " + text(STORY),
        "paragraph-added": text([*STORY[:5], EXTRA, *STORY[5:]]),
        "paragraph-removed": text(STORY[:3] + STORY[4:]),
        "boilerplate": text(STORY) + "\nSign up for our morning newsletter to get the day's top stories."
        "\n© 2026 Example Media. All rights reserved. This article may not be republished.",
        "curly-quotes-and-case": text(STORY).replace('"', "\u201c").upper(),
    }


CONFIG = NearDupConfig()


def test_words_are_the_words_cleancrawl_counts_in_every_script():
    for sample in (text(STORY), text(CHINESE), "mixed 中文 text, 日本語です and ภาษาไทยเป็นภาษา", "plain ascii words"):
        assert len(split_words(sample)) == count_words(sample)
    assert split_words("国家统计局") == ["国", "家", "统", "计", "局"]


def test_a_chinese_article_gets_a_shingle_per_character_not_one_per_paragraph():
    chinese = text(CHINESE)
    # whitespace tokens would make each paragraph one "word" and the article 1 shingle
    assert len(shingles(chinese)) > 200
    # one character changed in every paragraph: still the same story...
    edited = text([p.replace("的", "之", 1) for p in CHINESE])
    assert similarity(signature(chinese, CONFIG), signature(edited, CONFIG)) >= CONFIG.threshold
    # ...and a paragraph added, too; another Chinese article is not
    added = text([*CHINESE[:2], "记者了解到，多地已经开始秋季播种。", *CHINESE[2:]])
    index = SQLiteNearDupIndex(":memory:", CONFIG)
    assert index.check_and_insert("https://a.example/grain", signature(chinese, CONFIG)) is None
    assert index.check_and_insert("https://b.example/grain", signature(added, CONFIG)) == "https://a.example/grain"
    assert index.check_and_insert("https://c.example/bus", signature(text(CHINESE_OTHER), CONFIG)) is None


def test_the_sqlite_index_settles_as_the_redis_one_is_asked_to_and_keeps_its_entries():
    """The crawl's pipeline settles a written (or dropped) record's entries with any index; the
    SQLite one holds no claims: settling changes nothing, the record is still the original."""
    index = SQLiteNearDupIndex(":memory:", CONFIG)
    original = "https://wire.example/port-strike"
    assert index.check_and_insert(original, signature(text(STORY), CONFIG)) is None
    index.settled(original)
    index.settled(original, written=False)
    copy = signature(next(iter(variants().values())), CONFIG)
    assert index.check_and_insert("https://copy.example/story", copy) == original


def test_planted_syndication_variants_point_at_the_first_copy_and_another_story_does_not():
    index = SQLiteNearDupIndex(":memory:", CONFIG)
    original = "https://wire.example/port-strike"
    assert index.check_and_insert(original, signature(text(STORY), CONFIG)) is None
    for name, variant in variants().items():
        assert index.check_and_insert(f"https://{name}.example/story", signature(variant, CONFIG)) == original, name
    # the same strike, another article: not a copy
    assert (
        index.check_and_insert("https://other.example/ships", signature(text(OTHER_STORY_SAME_STRIKE), CONFIG)) is None
    )


def test_the_index_holds_across_reopening_and_a_url_seen_again_keeps_its_verdict(tmp_path):
    path = tmp_path / "state.near-dup.sqlite3"
    first = SQLiteNearDupIndex(path, CONFIG)
    assert first.check_and_insert("https://a.example/1", signature(text(STORY), CONFIG)) is None
    first.close()
    again = SQLiteNearDupIndex(path, CONFIG)
    copy = signature(variants()["dateline"], CONFIG)
    assert again.check_and_insert("https://b.example/1", copy) == "https://a.example/1"
    assert again.check_and_insert("https://a.example/1", signature(text(STORY), CONFIG)) is None
    assert again.check_and_insert("https://b.example/1", copy) == "https://a.example/1"
    again.close()
    # another signature scheme (here: another shingle size) never compares with the stored ones
    other = SQLiteNearDupIndex(path, NearDupConfig(shingle_size=4))
    assert other.check_and_insert("https://c.example/1", signature(text(STORY), NearDupConfig(shingle_size=4))) is None
    other.close()


def test_shingle_hashes_agree_with_the_shingles_as_strings():
    a, b = variants()["paragraph-added"], text(STORY[:3] + OTHER_STORY_SAME_STRIKE[:2])
    strings_a, strings_b = set(shingles(a)), set(shingles(b))
    hashes_a, hashes_b = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    assert (len(hashes_a), len(hashes_b)) == (len(strings_a), len(strings_b))
    assert len(hashes_a & hashes_b) == len(strings_a & strings_b) > 0
    assert (
        shingle_hashes("Dock workers, at “the” ports!").tolist() == shingle_hashes("dock workers at the ports").tolist()
    )


def test_a_text_without_words_is_nobodys_copy():
    index = SQLiteNearDupIndex(":memory:", CONFIG)
    assert signature("… — !", CONFIG) == b""
    assert index.check_and_insert("https://a.example/1", signature("… — !", CONFIG)) is None
    assert index.check_and_insert("https://b.example/1", signature("?!", CONFIG)) is None


@pytest.mark.parametrize("threshold", [0.0, 1.5])
def test_a_threshold_that_is_no_share_is_refused(threshold):
    with pytest.raises(ValueError, match="threshold"):
        NearDupConfig(threshold=threshold)


def record(url: str, body: str, fingerprint: str) -> dict:
    return {
        "schema_version": 2,
        "url": url,
        "canonical_url": None,
        "text": body,
        "fingerprint": fingerprint,
        "removed": {},
    }


def test_mark_duplicates_marks_exact_and_near_copies_and_drop_leaves_the_first_of_each():
    records = [
        record("https://a.example/1", text(STORY), "f1"),
        record("https://b.example/1", variants()["paragraph-added"], "f2"),
        record("https://c.example/1", text(STORY), "f1"),  # the same words: an exact copy
        record("https://a.example/1", text(STORY), "f1"),  # the same URL again
        record("https://d.example/2", text(OTHER_STORY_SAME_STRIKE), "f3"),
    ]
    report = DedupReport()
    marked = list(mark_duplicates(records, SQLiteNearDupIndex(":memory:", CONFIG), CONFIG, drop=False, report=report))
    assert [r["near_duplicate_of"] for r in marked] == [
        None,
        "https://a.example/1",
        "https://a.example/1",
        "https://a.example/1",
        None,
    ]
    assert all(r["schema_version"] == 3 for r in marked)
    assert list(marked[0]).index("near_duplicate_of") == list(marked[0]).index("fingerprint") + 1
    assert (report.records, report.exact, report.near) == (5, 2, 1)
    dropped = list(
        mark_duplicates(records, SQLiteNearDupIndex(":memory:", CONFIG), CONFIG, drop=True, report=DedupReport())
    )
    assert [r["url"] for r in dropped] == ["https://a.example/1", "https://d.example/2"]


def test_the_signature_travels_with_the_record_from_a_worker_but_is_never_a_field():
    signed = sign({"url": "https://a.example/1", "text": text(STORY), "near_duplicate_of": None}, CONFIG)
    back = pickle.loads(pickle.dumps(signed))
    assert back.near_dup_signature == signature(text(STORY), CONFIG)
    assert "near_dup_signature" not in back and dict(back) == dict(signed)
    assert with_near_duplicate_of({"url": "u", "fingerprint": "f", "removed": {}}, None) == {
        "url": "u",
        "fingerprint": "f",
        "near_duplicate_of": None,
        "removed": {},
    }
