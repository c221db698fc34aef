"""Bit-sliced counting over unit ids with Python integers (C-speed bitwise operations, no per-unit loop).

A *bitmap* is an ``int`` whose bit ``u`` stands for unit id ``u``. A *sliced number* is a list of bitmaps,
least significant first: unit ``u`` holds the value ``sum(((s[i] >> u) & 1) << i for i)``. Adding a bitmap
to a sliced number, or comparing one with a constant, costs a few bitwise operations on whole bitmaps
(about 15 microseconds each for a million units), whatever the number of units involved: this is how the
count filter of :mod:`tm.store.dense` counts the hits of common tokens without a Python loop per unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_NONZERO = re.compile(rb"[^\x00]")


def add_bits(number: list[int], bits: int) -> None:
    """``number += bits`` (each unit's value grows by its bit), in place."""
    carry = bits
    for i, slice_ in enumerate(number):
        if not carry:
            return
        number[i] = slice_ ^ carry
        carry &= slice_
    if carry:
        number.append(carry)


def add_number(number: list[int], other: list[int]) -> None:
    """``number += other`` for two sliced numbers, in place."""
    carry = 0
    for i in range(max(len(number), len(other))):
        a = number[i] if i < len(number) else 0
        b = other[i] if i < len(other) else 0
        half = a ^ b
        total = half ^ carry
        carry = (a & b) | (carry & half)
        if i < len(number):
            number[i] = total
        else:
            number.append(total)
    if carry:
        number.append(carry)


def at_least(number: list[int], value: int, everything: int) -> int:
    """The bitmap of units whose value is at least ``value``; ``everything`` has every unit's bit set."""
    if value <= 0:
        return everything
    if value >= 1 << len(number):
        return 0
    greater, equal = 0, everything
    for i in range(len(number) - 1, -1, -1):
        if (value >> i) & 1:
            equal &= number[i]
        else:
            above = equal & number[i]
            greater |= above
            equal ^= above  # equal & ~number[i], without a negative int
    return greater | equal


def from_ids(ids: Iterable[int], size: int) -> bytearray:
    """A little-endian bitmap of ``size`` bits with the given bits set (a Python loop: for short lists)."""
    out = bytearray((size + 7) // 8)
    for u in ids:
        out[u >> 3] |= 1 << (u & 7)
    return out


def ids_of(bits: int, size: int) -> Iterator[int]:
    """The set bits of a bitmap, in increasing order (a scan of its bytes in C, then the few set ones)."""
    data = bits.to_bytes((size + 7) // 8, "little")
    for match in _NONZERO.finditer(data):
        base = match.start() * 8
        byte = data[match.start()]
        for i in range(8):
            if (byte >> i) & 1:
                yield base + i


def sliced(values: dict[int, int], size: int) -> list[int]:
    """The sliced number holding ``values[u]`` for each unit ``u`` (others 0); a loop over ``values``."""
    width = max(values.values(), default=0).bit_length()
    return [int.from_bytes(s, "little") for s in sliced_bytes(values, size, width)]


def sliced_bytes(values: dict[int, int], size: int, width: int) -> list[bytearray]:
    """:func:`sliced` as ``width`` little-endian bitmaps (values must be below ``2 ** width``)."""
    slices = [bytearray((size + 7) // 8) for _ in range(width)]
    for u, v in values.items():
        byte, bit = u >> 3, 1 << (u & 7)
        i = 0
        while v:
            if v & 1:
                slices[i][byte] |= bit
            v >>= 1
            i += 1
    return slices
