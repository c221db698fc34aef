"""The tmserver protocol against a real ``tm serve`` (subprocess, free port), spoken by a client written the
way Weblate's machinery is (tests/serve_support.py): languages/ first, then unit/ queries with URL-quoted
UTF-8 text; Chinese, Russian, mixed-script text and text holding ``/``; codes zh_hans, zh_cn, en, ru. The
answers must be tm lookup's own (the CLI's ``--json``) for the same query."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from helpers import run, run_json
from serve_support import Unsupported, WeblateTmServer, call, report_tm, serving, wait_until

EXTRA_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="test" creationtoolversion="1" o-tmf="test"/><body>
<tu><tuv xml:lang="zh-CN"><seg>2025/2026年度剧集片单已正式发布。</seg></tuv>
<tuv xml:lang="en"><seg>The 2025/2026 drama slate has been officially released.</seg></tuv>
<tuv xml:lang="ru"><seg>Список сериалов сезона 2025/2026 официально опубликован.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>2025/2026年度综艺节目片单已正式发布。</seg></tuv>
<tuv xml:lang="en"><seg>The 2025/2026 variety show slate has been officially released.</seg></tuv>
<tuv xml:lang="ru"><seg>Список развлекательных программ сезона 2025/2026 официально опубликован.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>Wink与尚世影业签署了TV/OTT联合发行协议。</seg></tuv>
<tuv xml:lang="en"><seg>Wink and SMG Pictures signed a joint TV/OTT distribution agreement.</seg></tuv>
<tuv xml:lang="ru"><seg>Wink и SMG Pictures подписали соглашение о совместной дистрибуции на ТВ и OTT-платформах.</seg></tuv></tu>
<tu><tuv xml:lang="zh-TW"><seg>台北電視節今日開幕。</seg></tuv>
<tuv xml:lang="en"><seg>The Taipei TV Festival opens today.</seg></tuv></tu>
</body></tmx>
"""

# (Weblate's source language, target language, text): what a translator opens in Weblate
QUERIES = [
    ("zh_Hans", "en", "图片：尚世影业、五岸传播"),  # exact
    (
        "zh_CN",
        "ru",
        "4月11日，莫斯科世界内容市场进入第四天，中国馆代表团走出展厅，开启了一场里程碑式的文化交流。",
    ),
    ("ru", "en", "«Панда — моё любимое животное», — признался он."),
    ("ru", "zh_Hans", "«Панда — моё самое любимое животное», — признался он."),
    ("zh_Hans", "en", "Wink与尚世影业签署了TV/OTT联合发行协议。"),  # mixed script, a slash
    ("zh_Hans", "en", "2025/2026年度剧集片单已发布。"),  # a slash, fuzzy
    ("en", "ru", "The 2025/2026 drama slate has been released."),
    ("en", "zh_Hans", "Photos: by SMG Pictures & WingsMedia"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpora) -> Path:
    folder = tmp_path_factory.mktemp("tmserver")
    extra = folder / "extra.tmx"
    extra.write_text(EXTRA_TMX, encoding="utf-8")
    return report_tm(folder, corpora, extra)


@pytest.fixture(scope="module")
def server(db):
    with serving(db) as running:
        yield running


def _cli(db: Path, text: str, src: str, tgt: str, min_score: int = 70, limit: int = 5) -> list[tuple]:
    out = run_json(
        db, "lookup", text, "--src", src, "--tgt", tgt, "--min-score", str(min_score), "--limit", str(limit)
    )
    return [(m["source"], m["target"], m["score"]) for m in out["matches"]]


def test_weblate_saves_its_settings(server):
    """Weblate's settings check: languages/, then a test query en -> de, which the TM lacks: 200 []."""
    client = WeblateTmServer(server.url + "/tmserver/")  # a trailing slash, as people paste URLs
    client.validate_settings()
    assert client.requests == [server.url + "/tmserver/languages/", server.url + "/tmserver/en/de/unit/test"]
    assert call(client.requests[1]).json() == []


def test_languages_list_the_codes_clients_send(server, db):
    data = call(server.url + "/tmserver/languages/").json()
    assert data["sourceLanguages"] == data["targetLanguages"]
    codes = set(data["sourceLanguages"])
    assert {"zh_hans", "zh_cn", "zh", "en", "ru", "zh_tw", "zh_hant"} <= codes
    assert all(c == c.lower() and "-" not in c for c in codes)
    # every listed code resolves as the CLI resolves it
    for code in codes:
        result = run(db, "lookup", "测试", "--src", code, "--tgt", "en" if code != "en" else "ru", "--json")
        assert result.exit_code == 0, (code, result.stderr)
    assert call(server.url + "/tmserver/languages").json() == data  # without the slash too


@pytest.mark.parametrize(("source", "target", "text"), QUERIES)
def test_answers_are_the_clis(server, db, source, target, text):
    client = WeblateTmServer(server.url + "/tmserver")
    src, tgt = client.get_languages(source, target)
    url = client.get_api_url(src, tgt, "unit", text.encode())
    answer = call(url)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/json")
    got = answer.json()
    assert [(s["source"], s["target"], s["quality"]) for s in got] == _cli(db, text, src, tgt)
    assert got, "each query has at least one match in the TM"
    assert [s["quality"] for s in got] == sorted((s["quality"] for s in got), reverse=True)
    assert all(s["rank"] >= s["quality"] for s in got)
    # and what the Weblate user sees: the suggestions at or above its threshold
    shown = client.translate(source, target, text)
    assert [(s["source"], s["text"]) for s in shown] == [
        (s["source"], s["target"]) for s in got if int(s["quality"]) >= 80
    ]


def test_weblate_codes_resolve_to_listed_pairs(server):
    client = WeblateTmServer(server.url + "/tmserver")
    assert client.get_languages("zh_Hans", "en") == ("zh_hans", "en")
    assert client.get_languages("zh_CN", "ru") == ("zh_cn", "ru")
    assert client.get_languages("zh_Hant", "en") == ("zh_hant", "en")
    assert client.get_languages("en_GB", "ru") == ("en", "ru")  # falls back from en_gb to en
    assert client.get_languages("ru", "zh_Hans_SG") == ("ru", "zh_hans")
    with pytest.raises(Unsupported):
        client.get_languages("de", "en")


def test_script_codes_keep_chinese_variants_apart(server):
    client = WeblateTmServer(server.url + "/tmserver")
    taipei = "台北電視節今日開幕。"
    hant = client.translate("zh_Hant", "en", taipei)
    assert [s["text"] for s in hant] == ["The Taipei TV Festival opens today."]
    assert client.translate("zh_Hans", "en", taipei) == []  # simplified Chinese holds no such unit
    assert client.translate("zh", "en", taipei) == []  # a bare zh is Simplified Chinese (as in tm lookup)


def test_slash_in_text_is_routed_on_the_raw_path(server):
    client = WeblateTmServer(server.url + "/tmserver")
    text = "2025/2026年度剧集片单已正式发布。"
    url = client.get_api_url("zh_hans", "en", "unit", text.encode())
    assert "%2F" in url and url.count("/") == (server.url + "/tmserver/zh_hans/en/unit/x").count("/")
    assert call(url).json()[0]["quality"] == 100.0
    # a client that leaves the slash unescaped (Python's quote() default) gets the same answer
    loose = f"{server.url}/tmserver/zh_hans/en/unit/{quote(text)}"
    assert "%2F" not in loose and call(loose).json() == call(url).json()


def test_query_parameters(server, db):
    base = server.url + "/tmserver/zh_hans/en/unit/" + quote("2025/2026年度剧集片单已发布。", safe="")
    every = call(base + "?min_similarity=30&max_candidates=50").json()
    assert len(every) >= 2
    assert [(s["source"], s["quality"]) for s in every] == [
        (s, q) for s, _, q in _cli(db, "2025/2026年度剧集片单已发布。", "zh", "en", 30, 50)
    ]
    assert call(base + "?min_similarity=30&max_candidates=1").json() == every[:1]
    assert call(base + "?min_similarity=100").json() == [s for s in every if s["quality"] >= 100]
    assert (
        call(base + "?min_similarity=abc&max_candidates=").json() == call(base).json()
    )  # as amaGama: defaults
    by_parameter = server.url + "/tmserver/zh_hans/en/unit/?source=" + quote("2025/2026年度剧集片单已发布。")
    assert call(by_parameter).json() == call(base).json()


def test_pairs_the_tm_lacks_answer_an_empty_list(server):
    for src, tgt in (("en", "de"), ("de", "en"), ("ru", "ja"), ("x!", "en"), ("en", "en_us")):
        answer = call(server.url + f"/tmserver/{quote(src)}/{tgt}/unit/test")
        assert (answer.status, answer.json()) == (200, []), (src, tgt)


def test_weblate_cuts_at_500_characters_and_replaces_cr(server, db):
    client = WeblateTmServer(server.url + "/tmserver")
    long_text = "图片：尚世影业、五岸传播" + "。" * 600
    shown = client.translate("zh_Hans", "en", long_text, threshold=0)  # 500 characters reach the server
    assert [(s["source"], s["quality"]) for s in shown] == [
        (s, int(q)) for s, _, q in _cli(db, long_text[:500], "zh_hans", "en")
    ]
    assert client.requests[-1].endswith("%E3%80%82" * (500 - 12))
    assert call(server.url + "/tmserver/zh/en/unit/" + quote("字" * 1001)).status == 400
    crlf = quote("图片：尚世影业、\r五岸传播", safe="")
    assert (
        call(server.url + "/tmserver/zh/en/unit/" + crlf).json()
        == call(server.url + "/tmserver/zh/en/unit/" + quote("图片：尚世影业、 五岸传播", safe="")).json()
    )


def test_bad_escapes_are_a_json_400(server):
    answer = call(server.url + "/tmserver/zh/en/unit/%E5%9B")  # a cut UTF-8 sequence
    assert answer.status == 400 and "UTF-8" in answer.json()["error"]


def test_log_has_the_route_not_the_text(server):
    secret = "熊猫是我最喜欢的动物"
    call(server.url + "/tmserver/zh_hans/en/unit/" + quote(secret, safe="") + "?min_similarity=50")
    call(server.url + "/api/lookup?" + "text=" + quote(secret) + "&src=zh&tgt=en")
    routes = (r" GET /tmserver/zh_hans/en/unit/… 200 \d+\.\dms$", r" GET /api/lookup 200 \d+\.\dms$")
    # the log line is written once the answer is sent: it may reach stderr's reader after the client
    assert wait_until(lambda: all(re.search(r, server.stderr, re.M) for r in routes), timeout=5)
    lines = server.stderr.splitlines()
    assert not any(secret in line or quote(secret) in line for line in lines)
