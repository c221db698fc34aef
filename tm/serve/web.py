"""The search page at ``/``: lookup and concordance for people, in one self-contained page.

The page is a GET form rendered whole by the server, so it works with JavaScript off (results come back
as a new page, ``/?mode=concordance&q=熊猫&src=zh&tgt=en``); with JavaScript on, ``/static/app.js`` asks
the JSON API instead and redraws the results in place, with keyboard shortcuts. Both draw the same
markup: differences from the query and concordance terms as ``<mark>``, each text in an element with its
``lang`` so that Chinese takes Chinese glyphs, a CJK-aware font stack in ``/static/style.css``. Nothing
comes from the network: the Content-Security-Policy allows this server only.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib import resources
from urllib.parse import urlencode

from tm import __version__
from tm.bands import band_for
from tm.errors import LanguageError
from tm.render.terms import hits_json
from tm.serve import config as limits
from tm.serve.http import HttpError, Request, Response
from tm.serve.routing import Route
from tm.serve.tmapi import differences, normalize_code

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
STATIC = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
PAGE_LIMIT = 20  # results shown on the page


def page(ctx, req: Request) -> Response:
    q = req.query
    mode = q.get("mode") if q.get("mode") in ("lookup", "concordance") else "lookup"
    text = q.get("q", "")
    error, results, status = None, "", 200
    with ctx.tm.reading() as reader:
        codes = reader.languages()
        options = language_options(codes)
        src = q.get("src") or _default(options, ("zh", "en"))
        tgt = q.get("tgt") or _default([o for o in options if o != src], ("en", "zh", "ru"))
        try:
            min_score = float(q.get("min") or limits.DEFAULT_MIN_SCORE)
        except ValueError:
            min_score = limits.DEFAULT_MIN_SCORE
        min_score = max(limits.MIN_SIMILARITY, min(100.0, min_score))
        if text.strip():
            try:
                results = _results(reader, mode, text, src, tgt, min_score)
            except (LanguageError, HttpError) as err:
                error, status = err.message, 400
    body = PAGE.format(
        version=escape(__version__),
        summary=escape(f"{len(codes)} languages: {', '.join(codes)}" if codes else "the TM is empty"),
        lookup_checked=" checked" if mode == "lookup" else "",
        concordance_checked=" checked" if mode == "concordance" else "",
        q=escape(text),
        q_lang=escape(_lang_attr(src)),
        maxlength=limits.MAX_TEXT,
        src_options=_options(options, src),
        tgt_options=_options(options, tgt),
        min=f"{min_score:g}",
        min_floor=limits.MIN_SIMILARITY,
        error=f'<p class="error" role="alert">{escape(error)}</p>' if error else "",
        results=results,
        mode=mode,
        rendered="server" if text.strip() else "none",
    )
    response = Response(status, body.encode("utf-8"), "text/html; charset=utf-8")
    response.headers.append(("Content-Security-Policy", CSP))
    return response


def _results(reader, mode: str, text: str, src: str, tgt: str, min_score: float) -> str:
    if mode == "lookup":
        if len(text) > limits.MAX_TEXT:
            raise HttpError(400, f"the text is longer than {limits.MAX_TEXT} characters")
        matches = reader.lookup(text, src, tgt, min_score=min_score, limit=PAGE_LIMIT)
        items = [_match_item(text, m) for m in matches]
        terms = terms_html(text, hits_json(reader.terms(text, src, tgt)), src)
        empty = f"No match at or above {min_score:g}% for this text."
        what = "match" if len(items) == 1 else "matches"
    else:
        if len(text) > limits.MAX_TERM:
            raise HttpError(400, f"the term is longer than {limits.MAX_TERM} characters")
        terms = ""
        hits = reader.concordance(text, src or None, tgt or None, PAGE_LIMIT)
        items = [_hit_item(h) for h in hits]
        empty = "No unit holds this term."
        what = "unit" if len(items) == 1 else "units"
    if not items:
        return terms + f'<p class="empty">{escape(empty)}</p>'
    summary = f"{len(items)} {what} · {escape(src)} → {escape(tgt)}"
    return terms + f'<p class="summary">{summary}</p>\n<ol class="hits">\n' + "\n".join(items) + "\n</ol>"


def terms_html(text: str, terms: list[dict], lang: str) -> str:
    """The query with its term hits (``tm lookup --json``'s ``terms``) marked, the termbase's renderings
    as the mark's title, and the terms with their renderings as ``tm lookup`` lists them; nothing when
    there are none."""
    if not terms:
        return ""
    pieces, pos = [], 0
    for hit in sorted(terms, key=lambda h: (h["start"], -h["end"])):
        if hit["start"] < pos:
            continue  # overlapping hits: the first, longest one is marked
        title = escape(_renderings(hit), quote=True)
        pieces += [escape(text[pos : hit["start"]]), f'<mark class="termhit" title="{title}">']
        pieces += [escape(text[hit["start"] : hit["end"]]), "</mark>"]
        pos = hit["end"]
    pieces.append(escape(text[pos:]))
    listing = escape("; ".join(f"{h['source']} → {_renderings(h) or '?'}" for h in terms))
    return (
        f'<p class="query" lang="{escape(_lang_attr(lang))}">{"".join(pieces)}</p>\n'
        f'<p class="terms">Terms: {listing}</p>\n'
    )


def _match_item(query: str, m) -> str:
    source = "".join(
        f'<mark class="diff">{escape(piece)}</mark>' if changed else escape(piece)
        for piece, changed in differences(query, m.source)
    )
    label = f"{m.score:g}%" + (f" context: {m.context}" if m.context else "")
    meta = [f"{name} −{points:g}" for name, points in m.penalties]
    meta += ["unconfirmed"] if m.status != "confirmed" else []
    meta += [x for x in (m.origin, (m.date or "")[:10]) if x]
    # what tm lookup says under a match: the TM's own target when numbers were carried, and why not
    notes = []
    if m.adapted:
        changed = "; ".join(f"{c.old} -> {c.new}" for c in m.changes)
        notes.append(("tm-target", f"TM target: {m.tm_target}  (changed: {changed})"))
    notes += [("warn", f"number not carried: {reason}") for reason in m.not_carried]
    band = f"band-{band_for(m.score)}"
    return _item(label, band, source, m.source_lang, m.target, m.target_lang, meta, notes)


def _hit_item(h) -> str:
    pieces, pos = [], 0
    for start, end in h.spans:
        pieces += [escape(h.source[pos:start]), f'<mark class="term">{escape(h.source[start:end])}</mark>']
        pos = end
    pieces.append(escape(h.source[pos:]))
    meta = [x for x in (h.origin, (h.date or "")[:10]) if x]
    return _item("", "term", "".join(pieces), h.source_lang, h.target or "", h.target_lang or "", meta)


def _item(
    label: str,
    band: str,
    source_html: str,
    source_lang: str,
    target: str,
    target_lang: str,
    meta,
    notes=(),
) -> str:
    """One result; ``notes``: (class, text) lines under it."""
    score = f'<span class="score {band}">{escape(label)}</span>' if label else ""
    warnings = "".join(f'<p class="{cls}">{escape(text)}</p>' for cls, text in notes)
    return (
        f'<li class="hit" tabindex="0">{score}<div class="texts">'
        f'<p class="source" lang="{escape(_lang_attr(source_lang))}">{source_html}</p>'
        f'<p class="target" lang="{escape(_lang_attr(target_lang))}">{escape(target)}</p>'
        f'<p class="meta">{escape(" · ".join(meta))}</p>{warnings}</div></li>'
    )


def _renderings(hit: dict) -> str:
    return " / ".join(hit["targets"])


def _lang_attr(code: str | None) -> str:
    if not code:
        return ""
    try:
        return normalize_code(code)
    except LanguageError:
        return ""


def language_options(codes: list[str]) -> list[str]:
    """What the selectors offer: each language (``zh`` finds every zh-*) and each code the TM holds."""
    out: dict[str, None] = {}
    for code in codes:
        out[code.split("-")[0].lower()] = None
        out[code] = None
    return sorted(out)


def _default(options: list[str], preferred: tuple[str, ...]) -> str:
    for code in preferred:
        if code in options:
            return code
    return options[0] if options else ""


def _options(options: list[str], selected: str) -> str:
    if selected and selected not in options:
        options = [selected, *options]
    return "".join(
        f'<option value="{escape(o)}"{" selected" if o == selected else ""}>{escape(o)}</option>'
        for o in options
    )


def static(ctx, req: Request, name: str) -> Response:
    if name not in STATIC:
        raise HttpError(404, "no such file")
    response = Response(200, _asset(name), STATIC[name])
    response.headers.append(("Cache-Control", "no-cache"))
    return response


@cache
def _asset(name: str) -> bytes:
    return resources.files("tm.serve").joinpath("static", name).read_bytes()


def page_url(**params: str) -> str:
    """The no-JavaScript URL of a search (for links and tests)."""
    return "/?" + urlencode(params)


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tm · translation memory</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<header>
<h1>tm <span class="sub">translation memory</span></h1>
<p class="tm-summary">{summary}</p>
</header>
<main>
<form id="search" method="get" action="/" role="search">
<fieldset class="modes">
<legend class="visually-hidden">Search for</legend>
<input type="radio" name="mode" value="lookup" id="mode-lookup"{lookup_checked}>
<label for="mode-lookup" title="Alt+L">Lookup</label>
<input type="radio" name="mode" value="concordance" id="mode-concordance"{concordance_checked}>
<label for="mode-concordance" title="Alt+C">Concordance</label>
</fieldset>
<div class="query-row">
<label for="q" class="visually-hidden">Text or term</label>
<input type="search" id="q" name="q" value="{q}" lang="{q_lang}" maxlength="{maxlength}" autofocus
 autocomplete="off" spellcheck="false" placeholder="A sentence to look up, or a term to find">
<button type="submit">Search</button>
</div>
<div class="options">
<label>From <select id="src" name="src">{src_options}</select></label>
<button type="button" id="swap" class="js-only" title="Swap languages">⇄</button>
<label>To <select id="tgt" name="tgt">{tgt_options}</select></label>
<label class="min">Minimum <input type="number" id="min" name="min" min="{min_floor}" max="100" step="1"
 value="{min}">%</label>
</div>
</form>
{error}
<section id="results" aria-live="polite" data-mode="{mode}" data-rendered="{rendered}">
{results}
</section>
</main>
<footer>
<p class="keys"><kbd>/</kbd> search · <kbd>j</kbd> <kbd>k</kbd> next, previous result · <kbd>c</kbd> copy its
translation · <kbd>Alt</kbd>+<kbd>L</kbd> lookup · <kbd>Alt</kbd>+<kbd>C</kbd> concordance</p>
<p>tm {version} · <a href="/openapi.json">API</a> · tmserver URL for Weblate: <code>/tmserver</code></p>
</footer>
</body>
</html>
"""

ROUTES = [
    Route("GET", "/", page),
    Route("GET", "/static/{name}", static),
]
