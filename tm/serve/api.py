"""tm's own JSON API under ``/api``: lookup (one text, or a batch with neighbours), concordance, statistics,
analysis of a posted document and, when the server allows it, import of a posted TMX, PO or XLIFF file
(a reviewed draft from ``tm pretranslate`` included). Matches, concordance hits, term hits, statistics and
analyses are the objects the CLI's ``--json`` prints (:mod:`tm.render`), plus ``diff`` on each match
(where its source differs from the query, for highlighting) and its ``band`` (:mod:`tm.bands`), and
``terms`` beside each query (an empty list when the TM holds no termbase). Lookups take the unit penalties
and filters of ``tm lookup`` (``penalty``, ``origin``, ``since``, ``status``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tm import __version__
from tm.bands import band_for
from tm.render import to_jsonable
from tm.render.analysis import analysis_json
from tm.render.lookup import concordance_json
from tm.render.lookup import match_json as render_match
from tm.render.terms import hits_json
from tm.serve import config as limits
from tm.serve.http import HttpError, Request, Response, json_response
from tm.serve.routing import Route
from tm.serve.tmapi import differences, lookup_policy, safe_name

if TYPE_CHECKING:  # types only
    from tm.serve.tmapi import Policy


def _text(value, name: str, limit: int, required: bool = True) -> str | None:
    if value is None or value == "":
        if required:
            raise HttpError(400, f"{name} is missing")
        return None
    if not isinstance(value, str):
        raise HttpError(400, f"{name} must be a string")
    if len(value) > limit:
        raise HttpError(400, f"{name} is longer than {limit} characters")
    return value


def _number(value, name: str, default: float, low: float, high: float) -> float:
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise HttpError(400, f"{name} must be a number") from None
    if not low <= number <= high:
        raise HttpError(400, f"{name} must be between {low:g} and {high:g}")
    return number


class _Settings(NamedTuple):
    src: str
    tgt: str
    min_score: float
    limit: int
    policy: Policy


def _settings(source, lists) -> _Settings:
    """A lookup's settings from the query (``lists``: a repeated parameter's values) or a JSON body: the
    languages, ``min_score``, ``limit``, and the unit penalties and filter as ``tm lookup`` takes them
    (``penalty``: ``status=5``, ``origin:GLOB=10``, ``age:2y=3``; ``origin``; ``since``; ``status``)."""
    src = _text(source.get("src"), "src", 35)
    tgt = _text(source.get("tgt"), "tgt", 35)
    min_score = _number(
        source.get("min_score"), "min_score", limits.DEFAULT_MIN_SCORE, limits.MIN_SIMILARITY, 101
    )
    limit = int(_number(source.get("limit"), "limit", limits.DEFAULT_CANDIDATES, 1, limits.MAX_CANDIDATES))
    policy = lookup_policy(
        lists("penalty"), lists("origin"), _text(source.get("since"), "since", 35, False), lists("status")
    )
    return _Settings(src, tgt, min_score, limit, policy)  # type: ignore[arg-type]


def _json_lists(body: dict):
    """A JSON body's list parameters: a string or a list of strings."""

    def values(name: str) -> list[str]:
        value = body.get(name)
        items = [] if value is None else [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise HttpError(400, f"{name} must be a string or a list of strings")
        if len(items) > limits.MAX_RULES or any(len(v) > 200 for v in items):
            raise HttpError(400, f"{name}: at most {limits.MAX_RULES} of at most 200 characters")
        return items

    return values


def _query_lists(req: Request):
    def values(name: str) -> list[str]:
        items = req.all(name)
        if any(len(v) > 200 for v in items):
            raise HttpError(400, f"{name}: at most 200 characters")
        return items

    return values


def match_json(query: str, m) -> dict:
    """One match as the API gives it: ``tm lookup --json``'s object, with the diff and the band."""
    return {
        **render_match(m),
        "diff": [[piece, changed] for piece, changed in differences(query, m.source)],
        "band": band_for(m.score),
    }


def _lookup_one(reader, text: str, s: _Settings, prev, nxt) -> dict:
    matches = reader.lookup(
        text, s.src, s.tgt, prev=prev, next=nxt, min_score=s.min_score, limit=s.limit, policy=s.policy
    )
    terms = hits_json(reader.terms(text, s.src, s.tgt))
    return {"query": text, "terms": terms, "matches": [match_json(text, m) for m in matches]}


def lookup_get(ctx, req: Request) -> Response:
    settings = _settings(req.query, _query_lists(req))
    text = _text(req.query.get("text"), "text", limits.MAX_TEXT)
    prev = _text(req.query.get("prev"), "prev", limits.MAX_TEXT, required=False)
    nxt = _text(req.query.get("next"), "next", limits.MAX_TEXT, required=False)
    with ctx.tm.reading() as reader:
        result = _lookup_one(reader, text, settings, prev, nxt)
        result["signature"] = reader.signature(settings.src, settings.tgt, settings.policy)
    return json_response(result)


def lookup_post(ctx, req: Request) -> Response:
    body = req.json(limits.MAX_JSON)
    if not isinstance(body, dict):
        raise HttpError(400, "the body must be a JSON object")
    settings = _settings(body, _json_lists(body))
    if "segments" not in body:
        items = [_segment(body, None, None)]
    else:
        segments = body["segments"]
        if not isinstance(segments, list) or not segments:
            raise HttpError(400, "segments must be a non-empty list")
        if len(segments) > limits.MAX_BATCH:
            raise HttpError(
                400, f"more than {limits.MAX_BATCH} segments", hint="send them in several batches"
            )
        texts = [s.get("text") if isinstance(s, dict) else s for s in segments]
        neighbours = body.get("neighbours") is True
        items = [
            _segment(
                s if isinstance(s, dict) else {"text": s},
                texts[i - 1] if neighbours and i > 0 else None,
                texts[i + 1] if neighbours and i + 1 < len(texts) else None,
            )
            for i, s in enumerate(segments)
        ]
    with ctx.tm.reading() as reader:
        results = [_lookup_one(reader, text, settings, prev, nxt) for text, prev, nxt in items]
        signature = reader.signature(settings.src, settings.tgt, settings.policy)
    if "segments" not in body:
        return json_response({**results[0], "signature": signature})
    return json_response({"signature": signature, "results": results})


def _segment(item: dict, prev: str | None, nxt: str | None) -> tuple[str, str | None, str | None]:
    text = _text(item.get("text"), "text", limits.MAX_TEXT)
    prev = _text(item.get("prev", prev), "prev", limits.MAX_TEXT, required=False)
    nxt = _text(item.get("next", nxt), "next", limits.MAX_TEXT, required=False)
    return text, prev, nxt  # type: ignore[return-value]


def concordance(ctx, req: Request) -> Response:
    term = _text(req.query.get("term"), "term", limits.MAX_TERM)
    if not term.strip():
        raise HttpError(400, "term is empty")
    lang = _text(req.query.get("lang"), "lang", 35, required=False)
    tgt = _text(req.query.get("tgt"), "tgt", 35, required=False)
    limit = int(_number(req.query.get("limit"), "limit", 20, 1, 200))
    with ctx.tm.reading() as reader:
        hits = reader.concordance(term, lang, tgt, limit)
    return json_response(concordance_json(term, hits))


def stats(ctx, req: Request) -> Response:
    with ctx.tm.reading() as reader:
        result = reader.stats()
    # tm stats --json's object, but where the server keeps the TM (path) is not the client's business
    return json_response({k: v for k, v in to_jsonable(result).items() if k != "path"})


def health(ctx, req: Request) -> Response:
    with ctx.tm.reading() as reader:
        languages = reader.languages()
    return json_response({"status": "ok", "version": __version__, "languages": languages})


def analyze(ctx, req: Request) -> Response:
    src = _text(req.query.get("src"), "src", 35)
    tgt = _text(req.query.get("tgt"), "tgt", 35)
    name = safe_name(_text(req.query.get("name"), "name", 200), "document.txt")
    weights = _text(req.query.get("weights"), "weights", 500, required=False)
    data = req.body()
    if not data:
        raise HttpError(400, "the body is empty: post the document itself")
    with ctx.tm.reading() as reader:
        return json_response(analysis_json(reader.analyze(data, name, src, tgt, weights)))


def import_file(ctx, req: Request) -> Response:
    name = safe_name(_text(req.query.get("name"), "name", 200), "upload.tmx")
    options = {
        "src": _text(req.query.get("src"), "src", 35, required=False),
        "tgt": _text(req.query.get("tgt"), "tgt", 35, required=False),
        "include_fuzzy": req.query.get("include_fuzzy") in ("1", "true", "yes"),
        "recover": req.query.get("recover") in ("1", "true", "yes"),
    }
    data = req.body()
    if not data:
        raise HttpError(400, "the body is empty: post the TMX, PO or XLIFF file itself")
    summaries, units = ctx.tm.import_file(data, name, **options)
    return json_response(
        {
            "units": units,
            "files": [
                {
                    "name": s.path,
                    "format": s.format,
                    "read": s.read,
                    "added": s.added,
                    "merged": s.merged,
                    "skipped": s.skipped,
                    "reasons": s.reasons,
                    "issues": [str(i) for i in s.issues[:100]],
                }
                for s in summaries
            ],
        }
    )


ROUTES = [
    Route("GET", "/api/health", health),
    Route("GET", "/api/lookup", lookup_get),
    Route("POST", "/api/lookup", lookup_post),
    Route("GET", "/api/concordance", concordance),
    Route("GET", "/api/stats", stats),
    Route("POST", "/api/analyze", analyze),
    Route("POST", "/api/import", import_file, write=True),
]
