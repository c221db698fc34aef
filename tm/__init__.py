"""tm: a translation-memory tool for professional translators.

The public API: what a script or a server uses, without the CLI (``import tm`` pulls in neither click nor
sacrebleu, and each name loads its part of tm when first used).

>>> import tm                                                                   # doctest: +SKIP
>>> with tm.open_store("team.tmdb") as store:
...     tm.import_files(store, ["memory.tmx", "release.ru.po"])                 # one transaction
...     matcher = tm.Matcher(store, "zh", "en", min_score=75, limit=5)
...     best = matcher.lookup("中国馆代表团走出展厅。")                            # list[tm.Match]
...     hits = tm.concordance(store, "熊猫", "zh", "ru")
...     analysis = tm.analyze(store, ["release.zh.txt"], "zh", "en")
...     draft = tm.pretranslate(store, "release.zh.txt", "zh", "en", "release.en.xlf")
...     tm.export(store, "zh-en.tmx", src="zh", tgt="en")
>>> report = tm.score_files("draft.en.txt", ["final.en.txt"], tm.ScoreSettings("en"))

Every expected failure is a :class:`TmError` (with ``message`` and ``hint``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tm.errors import TmError
from tm.version import __version__

__all__ = [
    "Match",
    "Matcher",
    "ScoreSettings",
    "TmError",
    "__version__",
    "analyze",
    "concordance",
    "export",
    "import_files",
    "open_store",
    "open_tm",
    "pretranslate",
    "score_files",
]

if TYPE_CHECKING:  # types only: the names below are loaded on first use
    from tm.leverage import analyze, pretranslate
    from tm.match import Match, Matcher
    from tm.match.concordance import concordance
    from tm.scoring import ScoreSettings, score_files
    from tm.store import open_store
    from tm.tmfiles import export, import_files, open_tm


def __getattr__(name: str) -> Any:
    """Each public name imported when first used, so that ``import tm`` (every CLI start) stays light."""
    if name == "open_store":
        from tm.store import open_store as value  # lazy: see the docstring
    elif name in ("open_tm", "import_files", "export"):
        from tm import tmfiles  # lazy: see the docstring

        value = getattr(tmfiles, name)
    elif name in ("Matcher", "Match"):
        from tm import match  # lazy: see the docstring

        value = getattr(match, name)
    elif name == "concordance":
        from tm.match.concordance import concordance as value  # lazy: see the docstring
    elif name in ("analyze", "pretranslate"):
        from tm import leverage  # lazy: see the docstring

        value = getattr(leverage, name)
    elif name in ("score_files", "ScoreSettings"):
        from tm import scoring  # lazy: see the docstring (sacrebleu itself loads when a metric is built)

        value = getattr(scoring, name)
    else:
        raise AttributeError(f"module 'tm' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
