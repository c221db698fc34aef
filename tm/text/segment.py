"""Sentence segmentation for Chinese, English, Russian (and a generic default), with the rules kept as data.

The rules live in ``tm/text/rules/segment.json`` in the manner of SRX: for each language an ordered list of
``{"break": bool, "before": regex, "after": regex}``; at each place in a text the first rule whose
``before`` pattern ends there and whose ``after`` pattern starts there decides. Places that no break rule
names are not breaks. A text is one block (paragraph, headline, list item): blocks are never joined, so a
headline without a full stop stays one segment. See ``docs/segmentation.md``.

>>> split("他说：“好。”然后走了。", "zh")
['他说：“好。”', '然后走了。']
>>> split("Mr. Li paid $3.5 million. It rose.", "en")
['Mr. Li paid $3.5 million.', 'It rose.']
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tm.errors import FormatError
from tm.lang import primary

_WINDOW = 80  # how far back a 'before' pattern may reach (abbreviations and closing quotes are short)
_MACRO = re.compile(r"\{([A-Z]+)\}")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter or digit in any script


@dataclass(frozen=True)
class Rule:
    """One SRX-style rule: a break (or an exception) between what ``before`` and ``after`` match."""

    is_break: bool
    before: str
    after: str


@dataclass(frozen=True)
class RuleSet:
    """All languages' rules as loaded, with the signature that names them."""

    name: str
    version: str
    languages: dict[str, tuple[Rule, ...]]
    aliases: dict[str, str]
    digest: str

    @property
    def signature(self) -> str:
        return f"{self.name}.{self.version}+{self.digest}"

    def rules_for(self, lang: str) -> tuple[str, tuple[Rule, ...]]:
        """The language key used for ``lang`` (``zh`` for ``zh-CN``, ``default`` when none) and its rules."""
        key = primary(lang)
        key = self.aliases.get(key, key)
        if key not in self.languages:
            key = "default"
        return key, self.languages[key]


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Read a rules file (the packaged ``segment.json`` when ``path`` is None)."""
    if path is None:
        raw = resources.files("tm.text").joinpath("rules/segment.json").read_text(encoding="utf-8")
        where = "tm/text/rules/segment.json"
    else:
        raw = Path(path).read_text(encoding="utf-8")
        where = str(path)
    try:
        data: dict[str, Any] = json.loads(raw)
        macros = data.get("macros", {})
        languages = {
            lang: tuple(
                Rule(bool(r["break"]), _expand(r["before"], macros), _expand(r["after"], macros))
                for r in spec["rules"]
            )
            for lang, spec in data["languages"].items()
        }
    except (ValueError, KeyError, TypeError) as err:
        raise FormatError(f"not a segmentation rules file: {err}", where) from None
    if "default" not in languages:
        raise FormatError("segmentation rules need a 'default' language", where)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    digest = hashlib.sha256(canonical).hexdigest()[:8]
    return RuleSet(
        str(data.get("name", "rules")),
        str(data.get("version", "0")),
        languages,
        data.get("aliases", {}),
        digest,
    )


def _expand(pattern: str, macros: dict[str, str]) -> str:
    return _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)


class Segmenter:
    """Splits one block of text of one language into sentences."""

    def __init__(self, lang: str, rules: RuleSet | None = None) -> None:
        self.rules = rules if rules is not None else default_rules()
        self.key, ruleset = self.rules.rules_for(lang)
        try:
            # (is_break, before ending here, after starting here, before+after for finding candidates)
            self._compiled = [
                (
                    r.is_break,
                    re.compile(f"(?:{r.before})\\Z"),
                    re.compile(r.after),
                    re.compile(f"(?:{r.before})(?=(?:{r.after}))") if r.is_break else None,
                )
                for r in ruleset
            ]
        except re.error as err:
            raise FormatError(f"a segmentation rule for {self.key!r} is not a valid pattern: {err}") from None

    def breaks(self, text: str) -> list[int]:
        """The offsets in ``text`` where a sentence ends, in order."""
        candidates: set[int] = set()
        for is_break, _, _, finder in self._compiled:
            if is_break and finder is not None:
                candidates.update(m.end() for m in finder.finditer(text))
        return [p for p in sorted(candidates) if 0 < p < len(text) and self._decide(text, p)]

    def _decide(self, text: str, pos: int) -> bool:
        start = max(0, pos - _WINDOW)
        for is_break, before, after, _ in self._compiled:
            if after.match(text, pos) and before.search(text, start, pos):
                return is_break
        return False

    def spans(self, text: str, openers: str = "") -> list[tuple[int, int]]:
        """``(start, end)`` of each sentence, surrounding whitespace left out.

        ``openers`` are the placeholders of opening inline codes (``<b>``): a break never leaves one at the
        end of a sentence; it moves before it. A piece without a letter or digit (a lone closing code or
        quote) joins the sentence before it.
        """
        cuts = []
        for pos in self.breaks(text):
            while pos > 0 and (text[pos - 1] in openers or text[pos - 1].isspace()):
                pos -= 1
            if pos > (cuts[-1] if cuts else 0):
                cuts.append(pos)
        out: list[tuple[int, int]] = []
        start = 0
        for end in [*cuts, len(text)]:
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                if out and not _WORDLIKE.search(piece):
                    out[-1] = (out[-1][0], start + trail)
                else:
                    out.append((start + lead, start + trail))
            start = end
        return out

    def split(self, text: str, openers: str = "") -> list[str]:
        """The sentences of ``text``, without surrounding whitespace."""
        return [text[a:b] for a, b in self.spans(text, openers)]


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The packaged rules (read once)."""
    return load_rules()


@lru_cache(maxsize=64)
def segmenter(lang: str) -> Segmenter:
    """The segmenter for ``lang`` with the packaged rules (cached)."""
    return Segmenter(lang)


def split(text: str, lang: str) -> list[str]:
    """Split one block of ``lang`` text into sentences with the packaged rules."""
    return segmenter(lang).split(text)


def signature() -> str:
    """Names the packaged rules and their content, for analysis signatures: ``tm-segment.1+<sha8>``."""
    return default_rules().signature
