"""How a match index writes key tokens, shared by every backend (which builds the index) and by the
plans of :mod:`tm.match.plans` (which read it): token ids as code points, bigram buckets, the empty list.

A variant's *key sequence* is its key tokens (:func:`keys_of`) with each token's id written as one code
point, so that rapidfuzz's bit-parallel Levenshtein runs on token sequences.
"""

from __future__ import annotations

from tm.text.tokenize import keys as token_keys

EMPTY_TOKEN = 0  # the posting list that units without key tokens are listed under (at length 0)
OVERFLOW = "\U0010ffff"  # the code point shared by token ids past the Unicode range (filters stay sound)
GRAM_BUCKETS = 1 << 18  # token bigrams are hashed into this many posting lists per language


def keys_of(text: str) -> tuple[str, ...]:
    """The key tokens of a variant's content, as :func:`tm.match.score.analyse` has them."""
    return token_keys(text)


def code_point(token_id: int) -> str:
    """Token ids 1.. as code points, skipping the surrogates; ids past the range share :data:`OVERFLOW`
    (two tokens sharing a code point can only make the filter's distance smaller: still sound)."""
    cp = token_id if token_id < 0xD800 else token_id + 0x800
    return chr(cp) if cp < 0x10FFFF else OVERFLOW


def gram_bucket(a: int, b: int) -> int:
    """The posting-list id of the bigram of token ids ``a``, ``b``: negative, apart from token ids. Two
    bigrams sharing a bucket can only add hits, which keeps the count filter sound."""
    return -1 - ((a * 2654435761 + b * 40503) % GRAM_BUCKETS)
