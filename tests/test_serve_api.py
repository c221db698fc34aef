"""tm's JSON API against a real ``tm serve`` (a subprocess on a free port): answers equal to the CLI's
``--json`` for the same query, the OpenAPI description both ways, the README's two serving lines, term hits
on the page, and that tm.serve reaches tm's services through one adapter."""

from __future__ import annotations

import json
import re
import signal
import socket
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from helpers import run, run_json
from serve_support import call, post_json, readme_serving_lines, report_tm, serving, wait_until

from tm.bands import band_for
from tm.serve.app import ROUTES


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpora) -> Path:
    """The bundled report, and the bundled termbase in the same database (``tm terms import``)."""
    path = report_tm(tmp_path_factory.mktemp("api"), corpora)
    assert run(path, "terms", "import", str(corpora / "terms" / "wcm.tbx")).exit_code == 0
    return path


@pytest.fixture(scope="module")
def server(db):
    with serving(db) as running:
        yield running


def _get(server, path: str, **params) -> dict:
    answer = call(f"{server.url}{path}?{urlencode(params)}")
    assert answer.status == 200, answer.body
    return answer.json()


def _same_as_cli(matches: list[dict], cli: list[dict]) -> None:
    """The API's matches are the CLI's JSON objects (tm/render/lookup.py), with the diff and the band
    beside them."""
    assert [{k: v for k, v in m.items() if k not in ("diff", "band")} for m in matches] == cli


def test_lookup_is_the_clis(server, db):
    text = "熊猫是我最喜欢的动物"
    got = _get(server, "/api/lookup", text=text, src="zh", tgt="en", min_score=50)
    cli = run_json(db, "lookup", text, "--src", "zh", "--tgt", "en", "--min-score", "50")
    _same_as_cli(got["matches"], cli["matches"])
    assert got["matches"] and got["terms"] == cli["terms"] == [] and got["signature"].startswith("tm-match.")
    for m in got["matches"]:
        assert "".join(piece for piece, _ in m["diff"]) == m["source"]
        assert any(changed for _, changed in m["diff"])  # “ ” ， 他坦言 are not in the query
        assert not any(changed and "熊猫" in piece for piece, changed in m["diff"])
        assert m["band"] == band_for(m["score"])  # the band tm analyze would count it in
    # every field is described in the OpenAPI schema, and every field described is there
    schema = _get(server, "/openapi.json")["components"]["schemas"]
    assert {key for m in got["matches"] for key in m} == set(schema["Match"]["properties"])
    assert set(got) == set(schema["LookupResult"]["properties"])


def test_penalties_and_filters_are_the_clis(server, db):
    """Lookups take tm lookup's unit penalties and filters: repeated query parameters in a GET, strings or
    lists in a POST; the answers and the signature follow them, and a bad rule is a 400 naming it."""
    text = "熊猫是我最喜欢的动物"
    url = f"{server.url}/api/lookup?" + urlencode(
        [("text", text), ("src", "zh"), ("tgt", "en"), ("min_score", "50")]
        + [("penalty", "origin:report*.tmx=10"), ("penalty", "age:100y=1")]
    )
    got = call(url).json()
    cli = run_json(
        db, "lookup", text, "--src", "zh", "--tgt", "en", "--min-score", "50",
        "--penalty", "origin:report*.tmx=10", "--penalty", "age:100y=1",
    )  # fmt: skip
    plain = _get(server, "/api/lookup", text=text, src="zh", tgt="en", min_score=50)
    _same_as_cli(got["matches"], cli["matches"])
    assert got["matches"][0]["penalties"]["origin"] == 10
    assert got["matches"][0]["score"] == plain["matches"][0]["score"] - 10
    assert "origin:report*.tmx=10" in got["signature"] and "origin:" not in plain["signature"]
    body = {"src": "zh", "tgt": "en", "min_score": 50, "text": text, "penalty": "origin:report*.tmx=10"}
    posted = post_json(server.url + "/api/lookup", body).json()
    assert posted["matches"][0]["score"] == got["matches"][0]["score"]
    # filters: units from other files, or of another status, are not matches
    for key, value, option in (("origin", "other-*.tmx", "--origin"), ("status", "fuzzy", "--status")):
        filtered = post_json(server.url + "/api/lookup", {**body, key: [value]}).json()
        args = ["lookup", text, "--src", "zh", "--tgt", "en", "--min-score", "50", option, value]
        assert filtered["matches"] == run_json(db, *args)["matches"] == []
    assert _get(server, "/api/lookup", text=text, src="zh", tgt="en", since="2000-01-01")["matches"]
    bad = call(url.replace("age%3A100y%3D1", "speed%3D3"))
    assert bad.status == 400 and "speed=3" in bad.json()["error"]
    assert post_json(server.url + "/api/lookup", {**body, "penalty": [5]}).status == 400


def test_batch_lookup_with_neighbours_gives_context_matches(server, db, corpora):
    rows = [
        line.split("\t")
        for line in (corpora / "wcm-2025" / "segments.tsv").read_text("utf-8").splitlines()[1:]
    ]
    zh = [r[2] for r in rows if r[0] == "4"][:3]
    answer = post_json(
        server.url + "/api/lookup", {"src": "zh", "tgt": "ru", "segments": zh, "neighbours": True}
    )
    assert answer.status == 200
    results = answer.json()["results"]
    assert [r["query"] for r in results] == zh
    for i, result in enumerate(results):
        args = ["lookup", zh[i], "--src", "zh", "--tgt", "ru"]
        args += ["--prev", zh[i - 1]] if i > 0 else []
        args += ["--next", zh[i + 1]] if i + 1 < len(zh) else []
        _same_as_cli(result["matches"], run_json(db, *args)["matches"])
    assert results[1]["matches"][0]["score"] == 101.0 and results[1]["matches"][0]["context"]
    # one text, with explicit neighbours, in a POST
    single = post_json(
        server.url + "/api/lookup", {"src": "zh", "tgt": "ru", "text": zh[1], "prev": zh[0], "next": zh[2]}
    ).json()
    assert single["matches"] == results[1]["matches"] and single["query"] == zh[1]


def test_concordance_is_the_clis(server, db):
    got = _get(server, "/api/concordance", term="尚世影业", lang="zh", tgt="en")
    cli = run_json(db, "concordance", "尚世影业", "--lang", "zh", "--tgt", "en")
    assert got == cli
    schema = _get(server, "/openapi.json")["components"]["schemas"]
    assert {key for h in got["hits"] for key in h} == set(schema["Hit"]["properties"])
    assert len(got["hits"]) >= 3
    for h in got["hits"]:
        assert all(h["source"][s:e] == "尚世影业" for s, e in h["spans"])


def test_stats_are_the_clis(server, db):
    got = _get(server, "/api/stats")
    cli = run_json(db, "stats")
    assert got == {k: v for k, v in cli.items() if k != "path"}  # where the server keeps the TM: not said
    assert got["origins"] == [["report.tmx", "tmx", 34]]  # the file's name


def test_analysis_of_a_posted_document_is_the_clis(server, db, corpora):
    doc = corpora / "press-releases" / "wcm-2026-pavilion.zh.txt"
    url = f"{server.url}/api/analyze?" + urlencode({"src": "zh", "tgt": "en", "name": "pavilion.zh.txt"})
    answer = call(url, "POST", doc.read_bytes(), {"Content-Type": "text/plain"})
    assert answer.status == 200, answer.body
    got = answer.json()
    cli = run_json(db, "analyze", str(doc), "--src", "zh", "--tgt", "en")
    assert got["total"] == cli["total"] and got["signature"] == cli["signature"]
    assert [f["path"] for f in got["files"]] == ["pavilion.zh.txt"]
    assert got["total"]["bands"]["context"]["segments"] >= 1 or got["total"]["bands"]["100"]["segments"] >= 1
    bad = call(url.replace("pavilion.zh.txt", "pavilion.exe"), "POST", b"x")
    assert bad.status == 422 and "pavilion.exe" in bad.json()["error"] and "/tmp" not in bad.json()["error"]


def test_openapi_describes_exactly_the_api(server):
    spec = _get(server, "/openapi.json")
    assert spec["openapi"].startswith("3.1") and spec["info"]["title"] == "tm serve"
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    routes = {(r.method, r.openapi_path) for r in ROUTES}
    assert documented <= routes
    aliases = {("GET", "/tmserver/languages"), ("GET", "/tmserver/{src}/{tgt}/unit/")}
    api_routes = {r for r in routes if r[1].startswith(("/api", "/tmserver"))} - aliases
    assert api_routes <= documented
    refs = re.findall(r'"#/components/(\w+)/(\w+)"', json.dumps(spec))
    assert refs and all(name in spec["components"][kind] for kind, name in refs)
    for method, path in documented:
        if method == "GET":
            probe = path.replace("{src}", "zh").replace("{tgt}", "en").replace("{text}", "x")
            assert call(server.url + probe + "?text=x&src=zh&tgt=en&term=x").status in (200, 400)


def test_readme_starts_the_server_in_two_lines():
    """The README's serving block: the install line and a serve line that works on the bundled corpora."""
    lines = readme_serving_lines()
    assert len(lines) == 2 and lines[0] == "pip install '.[serve]'"
    args = lines[1].split()
    assert args[:2] == ["tm", "serve"] and any("corpora/" in a for a in args)
    with serving(None, *args[2:]) as readme:  # run from the repository's root, as the README says
        languages = call(readme.url + "/tmserver/languages/").json()["sourceLanguages"]
        assert {"zh_hans", "en", "ru"} <= set(languages)
        assert call(
            readme.url + "/tmserver/zh_hans/en/unit/" + quote("图片：尚世影业、五岸传播", safe="")
        ).json()
        assert wait_until(lambda: "temporary" in readme.stderr), readme.stderr
        # and with the bundled termbase, the term hits the page shows
        query = urlencode({"text": "图片：尚世影业、五岸传播", "src": "zh", "tgt": "en"})
        terms = call(f"{readme.url}/api/lookup?{query}").json()["terms"]
        assert [h["targets"] for h in terms] == [["SMG Pictures & WingsMedia"]]
        assert "termbase: corpora/terms/wcm.tbx, 32 concepts" in readme.stderr


def test_server_calls_tm_only_through_tmapi():
    """Everything tm.serve needs of tm's services goes through tm/serve/tmapi.py (one adapter to repoint);
    the other modules print tm's results with tm.render, as the CLI does."""
    import ast

    from conftest import ROOT

    allowed = {"tm", "tm.errors", "tm.serve", "tm.bands"}  # tm.bands: the band table, plain data
    for path in (ROOT / "tm" / "serve").glob("*.py"):
        if path.name == "tmapi.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "tm" for a in node.names), (path.name, node.lineno)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tm":
                assert node.module in allowed or node.module.startswith(("tm.serve.", "tm.render")), (
                    path.name,
                    node.module,
                )


def test_term_hits_are_the_clis(server, db):
    """The TM's termbase (wcm.tbx) finds the terms of the query as ``tm lookup --json`` does, in a GET
    and in a batch; each hit is described by the OpenAPI schema."""
    text = "图片：尚世影业、五岸传播与中国联合展台"
    got = _get(server, "/api/lookup", text=text, src="zh", tgt="en")
    cli = run_json(db, "lookup", text, "--src", "zh", "--tgt", "en")
    assert got["terms"] == cli["terms"]
    assert [(h["source"], h["targets"]) for h in got["terms"]] == [
        ("尚世影业、五岸传播", ["SMG Pictures & WingsMedia"]),
        ("中国联合展台", ["China Pavilion"]),
    ]
    assert all(text[h["start"] : h["end"]] == h["source"] for h in got["terms"])
    batch = post_json(server.url + "/api/lookup", {"src": "zh", "tgt": "ru", "segments": [text, "熊猫"]})
    first, second = batch.json()["results"]
    assert first["terms"] == run_json(db, "lookup", text, "--src", "zh", "--tgt", "ru")["terms"]
    assert "Китайский павильон" in {t for h in first["terms"] for t in h["targets"]} and second["terms"] == []
    schema = _get(server, "/openapi.json")["components"]["schemas"]
    assert {key for h in got["terms"] for key in h} == set(schema["TermHit"]["properties"])


def test_term_hits_are_marked_in_the_query():
    """How the page shows the ``terms`` of a lookup: each hit marked once, the termbase's renderings as
    its title, the text escaped."""
    from lxml import html

    from tm.serve.web import terms_html

    assert terms_html("熊猫", [], "zh") == ""
    text = "大熊猫<b>与中国馆"
    hits = [
        {"source": "大熊猫", "start": 0, "end": 3, "targets": ["giant panda"]},
        {"source": "熊猫", "start": 1, "end": 3, "targets": ["panda"]},  # inside the first: not marked again
        {"source": "中国馆", "start": 7, "end": 10, "targets": ["China Pavilion", "Chinese Pavilion"]},
    ]
    fragment = html.fragment_fromstring("<div>" + terms_html(text, hits, "zh") + "</div>")
    query = fragment.xpath("p[@class='query']")[0]
    assert query.text_content() == text and query.get("lang") == "zh"
    assert [(m.text, m.get("title")) for m in query.xpath("mark")] == [
        ("大熊猫", "giant panda"),
        ("中国馆", "China Pavilion / Chinese Pavilion"),
    ]
    listing = fragment.xpath("p[@class='terms']")[0].text_content()
    assert listing == "Terms: 大熊猫 → giant panda; 熊猫 → panda; 中国馆 → China Pavilion / Chinese Pavilion"


def test_a_termbase_file_is_used_and_its_repairs_are_said(db, tmp_path):
    """--termbase FILE instead of the TM's own termbase, as tm lookup takes it: what the TBX reader
    repaired is a warning at start, and lookups find the file's terms."""
    tbx = tmp_path / "wink.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        "<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader>\n"
        "<text><body>\n"
        '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>Wink&nbsp;Group</term></termSec>'
        '</langSec><langSec xml:lang="zh-CN"><termSec><term>熊猫</term></termSec></langSec>'
        "</conceptEntry>\n</body></text></tbx>\n",
        encoding="utf-8",
    )
    with serving(db, "--termbase", str(tbx)) as running:
        # stderr is read by a thread: the lines may arrive just after the JSON line on stdout
        assert wait_until(lambda: "1 concepts" in running.stderr), running.stderr
        assert f"Warning: {tbx}:5: HTML entity &nbsp;" in running.stderr
        query = urlencode({"text": "熊猫是我最喜欢的动物", "src": "zh", "tgt": "en"})
        terms = call(f"{running.url}/api/lookup?{query}").json()["terms"]
    cli = run_json(db, "lookup", "熊猫是我最喜欢的动物", "--src", "zh", "--tgt", "en", "--termbase", str(tbx))
    assert terms == cli["terms"] == [{"start": 0, "end": 2, "source": "熊猫", "targets": ["Wink\u00a0Group"]}]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_stops_the_server_cleanly(db, sig):
    """SIGTERM (systemd, kill) or Ctrl-C is how a server is stopped: it closes and exits 0, no traceback
    (other tm commands report 128 + the signal: they were interrupted, a server was not)."""
    with serving(db) as running:
        assert call(running.url + "/api/health").status == 200
        running.process.send_signal(sig)
        assert running.process.wait(timeout=30) == 0
        assert wait_until(lambda: "Stopped." in running.stderr), running.stderr
        assert "Traceback" not in running.stderr


def test_command_line_errors(db, tmp_path):
    missing = run(tmp_path / "none.db", "serve")
    assert missing.exit_code == 1 and "no TM here" in missing.stderr
    assert not (tmp_path / "none.db").exists()  # not created empty
    bad_terms = tmp_path / "terms.tbx"
    bad_terms.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    broken = run(db, "serve", "--termbase", str(bad_terms))
    assert broken.exit_code == 1 and "terms.tbx" in broken.stderr and "Traceback" not in broken.stderr
    star = run(db, "serve", "--cors", "*")
    assert star.exit_code == 2 and "not an origin" in star.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = run(db, "serve", "--port", str(taken.getsockname()[1]))
    assert busy.exit_code == 1 and "cannot listen on 127.0.0.1:" in busy.stderr and "--port" in busy.stderr


def test_without_waitress_tm_serve_says_how_to_install_it(db):
    """``pip install .`` without the serve extra: one line naming the extra, exit 1, no traceback."""
    import subprocess
    import sys

    code = "import sys; sys.modules['waitress'] = None; from tm.cli.main import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), "serve", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "needs waitress" in done.stderr and "[serve]" in done.stderr
