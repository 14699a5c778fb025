"""Write ``tag_golden.json``: the tags of the monitor's fixture items and of made-up texts.

Run once with the tagger *before* a change to it, then ``test_monitor_tagging`` checks the
changed tagger gives the same tokens, tags, units and projects on every text:

    python tests/data/monitor/make_tag_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent


def texts() -> list[tuple[str, str]]:
    """(title, text) pairs: every item of the shipped fixtures, tricky sentences, and
    templated texts built from every unit and project name of the Changchun region."""
    import metroscope
    from metroscope.monitor.sources import parse_feed, parse_page
    from metroscope.monitor.tagging import unit_name_map

    fx = Path(metroscope.__file__).parent / "monitor" / "fixtures"
    out: list[tuple[str, str]] = []
    for path in sorted(fx.rglob("*")):
        if path.suffix in (".xml", ".atom", ".json") and path.is_file():
            out += [(it.title, it.raw_text) for it in parse_feed(path.read_bytes())]
    page = fx / "pages" / "jilin-transport.html"
    sel = {"item": "ul.news-list li", "link": "a", "date": "span.date"}
    out += [(it.title, it.raw_text) for it in
            parse_page(page.read_bytes(), url="https://jtyst.jl.gov.cn/", selectors=sel)]
    out += [("长春市长会见客商", "长春市长春路改造"), ("北京市朝阳区举行会议", ""),
            ("长春市朝阳区举行会议", "吉林省吉林市"), ("Changchun and Siping sign a deal", ""),
            ("长四辽通高速铁路建设进展", "国家发展改革委批复长四辽通高铁可研"),
            ("长白高铁开通运营", "通化至白山"), ("今天天气很好", ""),
            ("Changchun-Siping-Liaoyuan-Tonghua high speed railway", "opened to traffic"),
            ("新能源汽车和光电信息产业集群", "综合保税区进出口增长，都市圈同城化"),
            ("The Jilin bonded zone exports grow", "Tonghua, Liaoyuan and Siping"),
            ("梅河口市、伊通满族自治县、公主岭市", "双阳区 九台区 德惠市 榆树市 农安县")]
    region = metroscope.load("changchun")
    names = list(unit_name_map(region.units))
    projects = [str(x) for x in region.projects["name_zh"]]
    verbs = ["开工建设", "通车", "获批", "招标", "推进", "签约", "发布统计公报"]
    for i, n in enumerate(names):
        p = projects[i % len(projects)]
        out.append((f"{n}{verbs[i % len(verbs)]}", f"{p}在{names[(i * 7) % len(names)]}"
                    f"{verbs[(i + 3) % len(verbs)]}，{names[(i * 3) % len(names)]}同步受益。"))
    for i, p in enumerate(projects):
        out.append((f"{p}{verbs[i % len(verbs)]}", f"{p[:-1]}项目{verbs[(i + 1) % len(verbs)]}"))
    return out


def main() -> None:
    """Tag every text with the Changchun tagger and write the JSON file."""
    import metroscope
    from metroscope.monitor.tagging import Tagger

    tagger = Tagger.from_region(metroscope.load("changchun"))
    rows = []
    for title, text in texts():
        t = tagger.tag(title, text)
        rows.append({"title": title, "text": text, "language": t.language,
                     "tokens": t.tokens, "index_tokens": t.index_tokens, "tags": t.tags,
                     "units": t.units, "projects": t.projects})
    (HERE / "tag_golden.json").write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n",
                                         encoding="utf-8")
    print(f"{len(rows)} texts")


if __name__ == "__main__":
    main()
