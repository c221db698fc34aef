"""sacrebleu metric objects with the right settings for the target language.

Chinese BLEU uses the ``zh`` tokenizer, Japanese ``ja-mecab`` and Korean ``ko-mecab`` (when MeCab is
installed), everything else ``13a``; TER on Chinese, Japanese and Korean uses ``asian_support`` with
``normalized`` (sacrebleu applies the first only together with the second); sentence BLEU uses
``effective_order``. sacrebleu is imported here only, and only when a metric is built.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from tm.errors import LanguageError, TmError, UsageError
from tm.lang import ISO_639_1, normalize_code, primary

METRICS: tuple[str, ...] = ("bleu", "chrf", "chrf++", "ter")
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")
CJK = frozenset({"zh", "ja", "ko"})
_TOKENIZER_BY_LANG = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}
_EXTRAS = {"ja-mecab": "ja", "ko-mecab": "ko"}


@dataclass(frozen=True)
class ScoreSettings:
    """Everything that changes the numbers (besides sacrebleu's version, which the signatures carry)."""

    lang: str
    metrics: tuple[str, ...] = DEFAULT_METRICS
    tokenize: str | None = None  # None: by language

    def __post_init__(self) -> None:
        check_language(self.lang, self.tokenize)
        object.__setattr__(self, "lang", normalize_code(self.lang))  # en_US -> en-US, as reported

    @property
    def tokenizer(self) -> str:
        return self.tokenize or default_tokenizer(self.lang)

    @property
    def cjk(self) -> bool:
        return primary(self.lang) in CJK


def check_language(lang: str, tokenize: str | None = None) -> None:
    """The target language must be one whose settings tm knows (an ISO 639-1 code: zh, ja and ko have
    their own tokenizers, the others 13a); another needs its BLEU tokenizer named (``tokenize``). A typo
    (``zn`` for ``zh``) would otherwise score Chinese as space-separated words."""
    code = normalize_code(lang)
    if tokenize is None and primary(code) not in ISO_639_1:
        close = difflib.get_close_matches(primary(code), sorted(ISO_639_1), n=3, cutoff=0.5)
        guess = f"did you mean {', '.join(close)}? " if close else ""
        raise LanguageError(
            f"tm score does not know the language {lang!r}",
            hint=f"{guess}Give an ISO 639-1 code (zh, en, ru, ja, ko, de, fr...); for another language name "
            "its BLEU tokenizer with --tokenize (e.g. 13a)",
        )


def default_tokenizer(lang: str) -> str:
    """sacrebleu's BLEU tokenizer for a target language: zh, ja-mecab, ko-mecab, else 13a."""
    return _TOKENIZER_BY_LANG.get(primary(lang), "13a")


def parse_metrics(text: str) -> tuple[str, ...]:
    """``"bleu,chrf++"`` -> ``("bleu", "chrf++")``; an unknown name is a usage error."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in METRICS]
    if unknown or not names:
        raise UsageError(
            f"unknown metric {', '.join(unknown) or '(none given)'}", hint=f"choose from {', '.join(METRICS)}"
        )
    return names


def higher_is_better(name: str) -> bool:
    return name != "ter"


@dataclass
class MetricPair:
    """The corpus-level metric object and the one used for sentence scores (differs only for BLEU)."""

    name: str
    corpus: Any
    sentence: Any


def build_metrics(settings: ScoreSettings) -> dict[str, MetricPair]:
    """sacrebleu metric objects, one pair per requested metric, in the order asked for."""
    from sacrebleu.metrics import BLEU, CHRF, TER  # lazy: sacrebleu costs ~70 ms; built per metric

    out: dict[str, MetricPair] = {}
    for name in settings.metrics:
        if name == "bleu":
            tok = settings.tokenizer
            try:
                corpus = BLEU(tokenize=tok)
                sentence = BLEU(tokenize=tok, effective_order=True)
            except (RuntimeError, ImportError, ModuleNotFoundError) as err:
                extra = _EXTRAS.get(tok)
                raise TmError(
                    f"BLEU with the {tok} tokenizer needs software that is not installed ({_first_line(err)})",
                    hint=(f"pip install 'sacrebleu[{extra}]', or choose --tokenize char" if extra else None),
                ) from None
            except KeyError:
                raise UsageError(f"unknown tokenizer {tok!r}", hint="see sacrebleu's tokenizers") from None
            out[name] = MetricPair(name, corpus, sentence)
        elif name in ("chrf", "chrf++"):
            metric = CHRF(word_order=2 if name == "chrf++" else 0)
            out[name] = MetricPair(name, metric, metric)
        elif name == "ter":
            metric = TER(normalized=settings.cjk, asian_support=settings.cjk)
            out[name] = MetricPair(name, metric, metric)
    return out


def _first_line(err: Exception) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return lines[0] if lines else type(err).__name__


_LANG_NAMES = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean"}


def settings_notes(settings: ScoreSettings) -> tuple[str, ...]:
    """Warnings about settings that make a number misleading (a CJK target with a word tokenizer)."""
    lang = primary(settings.lang)
    if "bleu" in settings.metrics and lang in CJK and settings.tokenizer != default_tokenizer(lang):
        if settings.tokenizer in ("13a", "intl", "none"):
            return (
                f"BLEU on {_LANG_NAMES[lang]} with the {settings.tokenizer} tokenizer treats a whole run of "
                f"characters as one word: the number is not comparable (the default is "
                f"{default_tokenizer(lang)})",
            )
    return ()
