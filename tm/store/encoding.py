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
_GRAM_MASK = GRAM_BUCKETS - 1
_GRAM_A, _GRAM_B = 2654435761, 40503  # the multipliers of a bigram's first and second token id


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
    return -1 - ((a * _GRAM_A + b * _GRAM_B) % GRAM_BUCKETS)


def gram_parts(token_id: int) -> tuple[int, int]:
    """A token id's share of the bucket of a bigram it starts and of one it ends, so that a builder can add
    them per bigram without multiplying: ``gram_bucket(a, b) == -1 - ((gram_parts(a)[0] +
    gram_parts(b)[1]) & (GRAM_BUCKETS - 1))``."""
    return (token_id * _GRAM_A) & _GRAM_MASK, (token_id * _GRAM_B) & _GRAM_MASK
