"""The tmserver protocol (amaGama's, spoken by Weblate's "tmserver" machinery and by Virtaal), under
``/tmserver``:

``GET /tmserver/{src}/{tgt}/unit/{URL-escaped text}?min_similarity=70&max_candidates=5`` answers a JSON
list of ``{"source", "target", "quality", "rank"}``, best quality first; ``GET /tmserver/languages/``
answers ``{"sourceLanguages": [...], "targetLanguages": [...]}``.

As the clients use it: codes arrive lower-cased with ``_`` (``zh_hans``, ``zh_cn``, ``en``; Weblate falls
back from ``zh_hans`` to ``zh`` and asks only for pairs that ``languages/`` lists), so the list holds the
TM's codes in those forms and each is resolved as ``tm lookup`` resolves it (``zh_hans`` finds ``zh-CN``).
A pair the TM lacks, or a code that is none, answers ``200 []`` as amaGama's clients expect of a TM that
has nothing (Weblate's settings check asks en -> de for "test"). Bad numbers in the query string fall back
to the defaults, as amaGama does. ``quality`` is tm's match score (0-100, one decimal); ``rank`` is the
token similarity before tm's penalties (case, punctuation, codes, numbers), which amaGama's full-text rank
stood for.
"""

from __future__ import annotations

from tm.errors import LanguageError
from tm.serve import config as limits
from tm.serve.http import HttpError, Request, Response, json_response
from tm.serve.routing import Route
from tm.serve.tmapi import client_codes


def languages(ctx, req: Request) -> Response:
    with ctx.tm.reading() as reader:
        codes = client_codes(reader.languages())
    return json_response({"sourceLanguages": codes, "targetLanguages": codes})


def unit(ctx, req: Request, src: str, tgt: str, text: str) -> Response:
    text = text.replace("\r", " ")
    if not text.strip():
        return json_response([])
    if len(text) > limits.MAX_TEXT:
        raise HttpError(400, f"the text is longer than {limits.MAX_TEXT} characters")
    min_score = _int(req, "min_similarity", limits.DEFAULT_MIN_SCORE, limits.MIN_SIMILARITY, 100)
    limit = _int(req, "max_candidates", limits.DEFAULT_CANDIDATES, 1, limits.MAX_CANDIDATES)
    with ctx.tm.reading() as reader:
        try:
            if set(reader.resolve(src)) & set(reader.resolve(tgt)):
                return json_response([])  # en -> en: nothing to suggest
            matches = reader.lookup(text, src, tgt, min_score=min_score, limit=limit)
        except LanguageError:
            return json_response([])
    return json_response(
        [
            {
                "source": m.source,
                "target": m.target,
                "quality": m.score,
                "rank": min(100.0, round(m.score + sum(p for _, p in m.penalties), 1)),
            }
            for m in matches
        ]
    )


def unit_by_parameter(ctx, req: Request, src: str, tgt: str) -> Response:
    """amaGama's other form: the text in ``?source=``."""
    text = req.query.get("source", "")
    if not text:
        raise HttpError(404, "no text: put it after unit/ (URL-escaped) or in ?source=")
    return unit(ctx, req, src, tgt, text)


def _int(req: Request, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(req.query.get(name, ""))
    except ValueError:
        return default
    return max(low, min(high, value))


ROUTES = [
    Route("GET", "/tmserver/languages/", languages),
    Route("GET", "/tmserver/languages", languages),
    Route("GET", "/tmserver/{src}/{tgt}/unit/{text+}", unit),
    Route("GET", "/tmserver/{src}/{tgt}/unit/", unit_by_parameter),
]
