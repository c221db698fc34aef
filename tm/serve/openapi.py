"""The OpenAPI 3.1 description of the server, served at ``/openapi.json``. Every operation here is a route
of the app (tests/test_serve_api.py checks both ways); aliases (``/tmserver/languages`` without the slash,
``unit/?source=``) and the page's assets are left out."""

from __future__ import annotations

from tm import __version__
from tm.serve import config as limits

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}


def _q(name: str, schema: dict, description: str = "", required: bool = False) -> dict:
    out = {"name": name, "in": "query", "required": required, "schema": schema}
    if description:
        out["description"] = description
    return out


def _json(ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


_ERR = {"$ref": "#/components/responses/Error"}
_LOOKUP_PARAMS = [
    _q("src", _STR, "source language (zh finds zh-CN, zh-Hans ...)", True),
    _q("tgt", _STR, "target language", True),
    _q("min_score", {"type": "number", "minimum": limits.MIN_SIMILARITY, "maximum": 101, "default": 70}),
    _q("limit", {"type": "integer", "minimum": 1, "maximum": limits.MAX_CANDIDATES, "default": 5}),
    _q(
        "penalty",
        {"type": "array", "items": _STR},
        "points off a unit's matches, as tm lookup --penalty: status=5 (unconfirmed units; the default), "
        "origin:GLOB=10, age:2y=3 (repeat the parameter)",
    ),
    _q("origin", {"type": "array", "items": _STR}, "only units from files whose name matches a glob"),
    _q("since", _STR, "only units dated on or after this date (2025-01-01)"),
    _q(
        "status",
        {"type": "array", "items": {"enum": ["confirmed", "fuzzy", "unconfirmed"]}},
        "only units with one of these statuses",
    ),
]
_STRINGS = {"oneOf": [_STR, {"type": "array", "items": _STR, "maxItems": limits.MAX_RULES}]}
_SEGMENT = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string", "maxLength": limits.MAX_TEXT},
        "prev": {**_STR, "description": "the segment before (an exact match in the same context is 101)"},
        "next": {**_STR, "description": "the segment after"},
    },
}
_DOCUMENT = {
    "required": True,
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
}

OPERATIONS: dict[tuple[str, str], dict] = {
    ("GET", "/tmserver/languages/"): {
        "tags": ["tmserver"],
        "summary": "The languages clients may ask for, in the forms they send (every pair of them)",
        "responses": {"200": _json("#/components/schemas/Languages", "codes such as zh_cn, zh_hans, zh, en")},
    },
    ("GET", "/tmserver/{src}/{tgt}/unit/{text}"): {
        "tags": ["tmserver"],
        "summary": "TM suggestions for a text (the amaGama/Weblate tmserver protocol)",
        "parameters": [
            {
                "name": "src",
                "in": "path",
                "required": True,
                "schema": _STR,
                "description": "zh_hans, zh_cn, en",
            },
            {"name": "tgt", "in": "path", "required": True, "schema": _STR},
            {
                "name": "text",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "maxLength": limits.MAX_TEXT},
                "description": "URL-escaped UTF-8; an escaped slash (%2F) belongs to the text",
            },
            _q(
                "min_similarity",
                {"type": "integer", "minimum": limits.MIN_SIMILARITY, "maximum": 100, "default": 70},
            ),
            _q(
                "max_candidates",
                {"type": "integer", "minimum": 1, "maximum": limits.MAX_CANDIDATES, "default": 5},
            ),
        ],
        "responses": {
            "200": {
                "description": "suggestions, best quality first; [] when the TM lacks the pair",
                "content": {
                    "application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Suggestion"}}
                    }
                },
            },
            "400": _ERR,
        },
    },
    ("GET", "/api/health"): {
        "tags": ["api"],
        "summary": "The server is up; its version and the TM's languages",
        "responses": {"200": {"description": "ok"}},
    },
    ("GET", "/api/lookup"): {
        "tags": ["api"],
        "summary": "Fuzzy matches of one text, best first (as tm lookup --json)",
        "parameters": [
            _q("text", {"type": "string", "maxLength": limits.MAX_TEXT}, required=True),
            _q("prev", _STR, "the segment before the text"),
            _q("next", _STR, "the segment after the text"),
            *_LOOKUP_PARAMS,
        ],
        "responses": {"200": _json("#/components/schemas/LookupResult", "matches"), "400": _ERR},
    },
    ("POST", "/api/lookup"): {
        "tags": ["api"],
        "summary": "Fuzzy matches of one text or of a batch of segments (with their neighbours)",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["src", "tgt"],
                        "properties": {
                            "src": _STR,
                            "tgt": _STR,
                            "min_score": {"type": "number"},
                            "limit": {"type": "integer"},
                            "penalty": {**_STRINGS, "description": "as the GET parameter"},
                            "origin": _STRINGS,
                            "since": _STR,
                            "status": _STRINGS,
                            "text": _STR,
                            "prev": _STR,
                            "next": _STR,
                            "segments": {
                                "type": "array",
                                "maxItems": limits.MAX_BATCH,
                                "items": {"oneOf": [_SEGMENT, _STR]},
                            },
                            "neighbours": {
                                "type": "boolean",
                                "description": "segments are a document in order: each one's prev/next default "
                                "to the segments beside it",
                            },
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "one LookupResult (text), or {signature, results: [LookupResult]} (segments)",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
            "400": _ERR,
            "413": _ERR,
        },
    },
    ("GET", "/api/concordance"): {
        "tags": ["api"],
        "summary": "Units whose text contains a term, newest first, with the term's places",
        "parameters": [
            _q("term", {"type": "string", "maxLength": limits.MAX_TERM}, required=True),
            _q("lang", _STR, "language of the text searched (default: every language)"),
            _q("tgt", _STR, "language of the translation shown beside it"),
            _q("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 20}),
        ],
        "responses": {"200": _json("#/components/schemas/Concordance", "hits"), "400": _ERR},
    },
    ("GET", "/api/stats"): {
        "tags": ["api"],
        "summary": "Units, variants per language, language pairs, origins (as tm stats --json)",
        "responses": {"200": {"description": "statistics"}},
    },
    ("POST", "/api/analyze"): {
        "tags": ["api"],
        "summary": "Match-band analysis of a posted document (as tm analyze --json)",
        "parameters": [
            _q("src", _STR, required=True),
            _q("tgt", _STR, required=True),
            _q("name", _STR, "the file name: its extension gives the type (.txt .md .html .po .xlf)", True),
            _q("weights", _STR, "weights in percent, e.g. no-match=100,50-74=70"),
        ],
        "requestBody": _DOCUMENT,
        "responses": {"200": {"description": "the analysis"}, "400": _ERR, "413": _ERR, "422": _ERR},
    },
    ("POST", "/api/import"): {
        "tags": ["api"],
        "summary": "Import a posted TMX, PO or XLIFF file (a reviewed draft too); needs --allow-import and the token",
        "security": [{"bearer": []}],
        "parameters": [
            _q("name", _STR, "the file's name (kept as the units' origin)", True),
            _q("src", _STR, "source language of a PO file without X-Source-Language"),
            _q("tgt", _STR, "target language of a PO file without Language"),
            _q("include_fuzzy", {"type": "boolean"}, "import fuzzy PO entries too (stored as fuzzy)"),
            _q("recover", {"type": "boolean"}, "salvage what can be read from XML that is not well-formed"),
        ],
        "requestBody": _DOCUMENT,
        "responses": {
            "200": {"description": "the import summary and the TM's units"},
            "401": _ERR,
            "403": _ERR,
            "413": _ERR,
            "422": _ERR,
            "503": _ERR,
        },
    },
}

_SCHEMAS = {
    "Suggestion": {
        "type": "object",
        "required": ["source", "target", "quality", "rank"],
        "properties": {
            "source": _STR,
            "target": _STR,
            "quality": {"type": "number", "description": "tm's match score, 0-100"},
            "rank": {"type": "number", "description": "token similarity before penalties"},
        },
    },
    "Languages": {
        "type": "object",
        "properties": {
            "sourceLanguages": {"type": "array", "items": _STR},
            "targetLanguages": {"type": "array", "items": _STR},
        },
    },
    "Match": {
        "type": "object",
        "properties": {
            "score": {"type": "number", "description": "0-100 with one decimal; 101: context match"},
            "penalties": {"type": "object", "additionalProperties": {"type": "number"}},
            "context": {
                "enum": ["prev", "prev+next", None],
                "description": "which neighbours matched too (101: the same segment before)",
            },
            "source": _STR,
            "target": {**_STR, "description": "the suggestion: the TM's target with the query's numbers"},
            "tm_source": {**_STR, "description": "the TM's source as stored (the same as source)"},
            "tm_target": {**_STR, "description": "the TM's target as stored"},
            "adapted": {"type": "boolean", "description": "target differs from tm_target (see changes)"},
            "status": {"enum": ["confirmed", "fuzzy"], "description": "fuzzy: unconfirmed, penalised"},
            "source_with_codes": {
                **_NSTR,
                "description": "the source with its inline codes' content (null: none)",
            },
            "target_with_codes": {
                **_NSTR,
                "description": "the target with its inline codes' content (null: none)",
            },
            "source_lang": _STR,
            "target_lang": _STR,
            "origin": _NSTR,
            "date": _NSTR,
            "unit_id": {"type": "integer"},
            "changes": {
                "type": "array",
                "description": "what was carried from the query into the target (numbers, placeables), "
                "at start-end of the target",
                "items": {
                    "type": "object",
                    "properties": {
                        "old": _STR,
                        "new": _STR,
                        "start": {"type": "integer"},
                        "end": {"type": "integer"},
                    },
                },
            },
            "not_carried": {
                "type": "array",
                "description": "per number of the query, why it was not carried (the target is then the TM's)",
                "items": _STR,
            },
            "diff": {
                "type": "array",
                "description": "the source in pieces: [text, differs from the query]",
                "items": {"type": "array", "prefixItems": [_STR, {"type": "boolean"}]},
            },
            "band": {
                "type": "string",
                "description": "the match band of the score, as tm analyze counts it",
                "enum": ["context", "100", "95-99", "85-94", "75-84", "50-74", "no-match"],
            },
        },
    },
    "LookupResult": {
        "type": "object",
        "properties": {
            "query": _STR,
            "terms": {
                "type": "array",
                "description": "the term hits in the query from the TM's termbase (tm terms import), as "
                "tm lookup --json gives them; empty when the TM holds no termbase",
                "items": {"$ref": "#/components/schemas/TermHit"},
            },
            "matches": {"type": "array", "items": {"$ref": "#/components/schemas/Match"}},
            "signature": _STR,
        },
    },
    "TermHit": {
        "type": "object",
        "properties": {
            "start": {"type": "integer", "description": "where the term starts in the query (characters)"},
            "end": {"type": "integer"},
            "source": {"type": "string", "description": "the term as the query writes it"},
            "targets": {"type": "array", "items": _STR, "description": "the termbase's renderings"},
        },
    },
    "Concordance": {
        "type": "object",
        "properties": {
            "term": _STR,
            "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        },
    },
    "Hit": {
        "type": "object",
        "properties": {
            "source": _STR,
            "target": _NSTR,
            "source_lang": _STR,
            "target_lang": _NSTR,
            "spans": {
                "type": "array",
                "description": "[start, end] of each place the term stands in the source",
                "items": {"type": "array", "items": {"type": "integer"}},
            },
            "origin": _NSTR,
            "date": _NSTR,
            "unit_id": {"type": "integer"},
            "status": {"enum": ["confirmed", "fuzzy"], "description": "fuzzy: unconfirmed"},
            "source_with_codes": {
                **_NSTR,
                "description": "the source with its inline codes' content (null: none)",
            },
            "target_with_codes": {
                **_NSTR,
                "description": "the target with its inline codes' content (null: none)",
            },
        },
    },
    "Error": {"type": "object", "required": ["error"], "properties": {"error": _STR, "hint": _STR}},
}


def spec() -> dict:
    paths: dict[str, dict] = {}
    for (method, path), operation in OPERATIONS.items():
        paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tm serve",
            "version": __version__,
            "description": "A translation memory over HTTP: the tmserver protocol for Weblate and CAT tools, "
            "tm's own JSON API, and a search page at /. Reads need the token only when the server says so "
            "(--token-required, or listening off loopback); imports always do.",
        },
        "paths": paths,
        "components": {
            "schemas": _SCHEMAS,
            "responses": {"Error": _json("#/components/schemas/Error", "what went wrong, and a hint")},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "any user name, the token as password",
                },
            },
        },
    }
