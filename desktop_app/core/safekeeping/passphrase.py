"""What makes a passphrase good enough for a new encrypted USB copy (Qt-free).

The copy holds students' personal data and can be lost with the stick, where anyone can try
passphrases offline. ``passphrase_problem`` says why a passphrase is refused, or None:

- only digits (a birth date, a phone or CCCD number, "123456789012"), whatever its length;
- shorter than 12 characters, unless it has at least 4 words of 3 letters or more;
- one of the common passwords of ``resources/passphrases/common.txt``, or one with digits or
  signs before or after it ("matkhau123", "Trường học 2024");
- a pattern: one piece repeated ("aaaaaaaaaaaa", "abcabcabcabc") or a run of neighbours in the
  alphabet, the digits or a keyboard row ("123456789012", "abcdefghijkl", "qwertyuiop12").

Compared on a key without accents, case, spaces and punctuation, after NFC, so Telex, VNI and
Caps Lock make no difference. Only new copies are checked: an old copy opens with the passphrase
it was made with, whatever it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise

from desktop_app.core.messages import Msg, msg
from desktop_app.core.resources import resource_path

MIN_CHARACTERS = 12
MIN_WORDS, MIN_WORD_LETTERS = 4, 3
# Fewer characters than this that do not follow from the one before: a pattern.
_MIN_SURPRISES = 5
_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop")
_COLUMNS = ("1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik", "9ol", "0p")


def _fold(text: str) -> str:
    """Without accents (đ is d), case folded."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").casefold()


def _key(text: str) -> str:
    """Letters and digits only, without accents or case: how the common list is compared."""
    return "".join(c for c in _fold(text) if c.isalnum())


@cache
def common_passwords() -> frozenset[str]:
    lines = resource_path("passphrases", "common.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(key for line in lines if (key := _key(line.split("#", 1)[0])))


def _neighbours() -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for line in (*_ROWS, *_COLUMNS, "abcdefghijklmnopqrstuvwxyz", "01234567890"):
        for a, b in pairwise(line):
            pairs |= {(a, b), (b, a)}
    return frozenset(pairs)


_NEIGHBOURS = _neighbours()


def _surprises(key: str) -> int:
    """Characters that do not follow from the one before (the same, or its neighbour)."""
    return sum(
        1
        for i, c in enumerate(key)
        if i == 0 or (c != key[i - 1] and (key[i - 1], c) not in _NEIGHBOURS)
    )


def _repeated(key: str) -> bool:
    """One piece said again and again ("abcabcabcabc", "maymaymaymay")."""
    return re.fullmatch(r"(.+?)\1+", key) is not None


def _long_enough(text: str) -> bool:
    if len(" ".join(text.split())) >= MIN_CHARACTERS:
        return True
    words = [word for word in text.split() if sum(c.isalpha() for c in word) >= MIN_WORD_LETTERS]
    return len(words) >= MIN_WORDS


def passphrase_problem(text: str, *, database: bool = False) -> Msg | None:
    """Why ``text`` may not protect a new encrypted copy, or None when it may. ``database``: it
    is the data passphrase of the database on a PC without a secure keyring (the same rules; a
    too-short one is explained without the USB stick)."""
    text = unicodedata.normalize("NFC", text).strip()
    key = _key(text)
    if key.isdigit():
        return msg("encrypted.passphrase.digits")
    if not _long_enough(text):
        if database:
            return msg("encrypted.passphrase.too_short_data", min=MIN_CHARACTERS, words=MIN_WORDS)
        return msg("encrypted.passphrase.too_short", min=MIN_CHARACTERS, words=MIN_WORDS)
    common = common_passwords()
    if key in common or key.strip("0123456789") in common:
        return msg("encrypted.passphrase.common")
    if _repeated(key) or _surprises(key) < _MIN_SURPRISES:
        return msg("encrypted.passphrase.pattern")
    return None
