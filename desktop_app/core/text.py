"""Vietnamese text handling: cleaning, search keys, collation and legacy-font detection.

Everything here is pure and Qt-free, and fast enough to run once per cell while a
50,000-row workbook is imported: translation tables and regexes are built once, when
the module is imported, and the common cases (ASCII, already-NFC text) take a short path.

Legacy encodings
----------------
Before Unicode, Vietnamese was typed with 8-bit fonts. When such a file is opened
today the bytes are read as Windows-1252/Latin-1, so "Nguyễn Văn An" shows up as
"NguyÔn V¨n An" (TCVN3, the "ABC" fonts such as .VnTime) or "Nguyeãn Vaên An"
(VNI-Windows fonts such as VNI-Times). :func:`detect_legacy_encoding` recognises
both and :func:`legacy_to_unicode` turns them back into Unicode. The tables follow
TCVN 5712:1993 VN3 (ABC) and the VNI-Windows code page as used by UniKey and other
converters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final, Literal

__all__ = [
    "LEGACY_ENCODINGS",
    "LegacyEncoding",
    "clean_text",
    "detect_legacy_encoding",
    "is_nfc",
    "legacy_to_unicode",
    "search_key",
    "unicode_to_legacy",
    "vietnamese_sort_key",
]

LegacyEncoding = Literal["TCVN3", "VNI"]
LEGACY_ENCODINGS: Final[tuple[LegacyEncoding, ...]] = ("TCVN3", "VNI")

# --------------------------------------------------------------------------------------
# clean_text
# --------------------------------------------------------------------------------------

# Zero-width space, non-joiner, joiner and the byte-order mark: invisible, never wanted.
_ZERO_WIDTH_RE: Final = re.compile("[\u200b\u200c\u200d\ufeff]")


def is_nfc(value: str) -> bool:
    """True when ``value`` is already in Unicode normal form C (precomposed)."""
    return unicodedata.is_normalized("NFC", value)


def clean_text(value: str) -> str:
    """Return ``value`` NFC-normalised, on one line, with single spaces and no edges.

    Zero-width characters (U+200B, U+200C, U+200D, U+FEFF) are removed; every other
    kind of white space (tabs, line breaks, non-breaking spaces U+00A0, U+202F,
    U+2007, ...) becomes one ordinary space; runs of spaces collapse; the ends are
    stripped. ``clean_text(clean_text(s)) == clean_text(s)``.
    """
    if value.isascii():
        return " ".join(value.split())
    if _ZERO_WIDTH_RE.search(value) is not None:
        value = _ZERO_WIDTH_RE.sub("", value)
    # str.split() with no argument splits on every Unicode white space, including
    # U+00A0, U+2007 and U+202F, and drops empty pieces, so the join both replaces
    # and collapses them.
    return " ".join(unicodedata.normalize("NFC", value).split())


# --------------------------------------------------------------------------------------
# search_key
# --------------------------------------------------------------------------------------


def _strip_marks(text: str) -> str:
    """Canonical caseless form with every combining mark dropped and đ folded to d."""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_SLOW_FOLD)


_SLOW_FOLD: Final = {
    0x0110: "d",  # Đ
    0x0111: "d",  # đ
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0xFEFF: None,
}


def _build_fold_table() -> tuple[str | None, ...]:
    """A str.translate table, indexed by code point, for the Latin blocks.

    Each precomposed Latin letter maps to its folded base letters (the same result
    the slow path gives), each combining diacritic U+0300..U+036F maps to None
    (deleted), đ/Đ map to "d". Everything else in the tuple maps to itself, and code
    points past its end are left alone: search_key sends those to the slow path.
    """
    size = 0x1F00  # up to the end of Latin Extended Additional (Vietnamese letters)
    table: list[str | None] = [chr(cp) for cp in range(size)]
    for cp in (*range(0x0250), *range(0x0300, 0x0370), *range(0x1E00, size)):
        folded = _strip_marks(chr(cp))
        if not folded:
            table[cp] = None  # a combining mark
        elif folded.isascii():
            table[cp] = folded
        # else (U+0345, whose case fold is the letter ι): left to the slow path
    return tuple(table)


_FOLD_TABLE: Final = _build_fold_table()


def search_key(value: str) -> str:
    """Diacritic- and case-insensitive key for searching and matching names.

    "Nguyễn Văn Đạt" -> "nguyen van dat". Tone and vowel marks are dropped, đ/Đ
    becomes d, case is folded and white space collapsed; NFC and NFD spellings of
    the same text give the same key.
    """
    if value.isascii():
        return " ".join(value.lower().split())
    folded = value.translate(_FOLD_TABLE)
    if not folded.isascii():
        # Something outside the Latin blocks (Greek, CJK, a stray mark...): take the
        # exact, slower road on what is left.
        folded = _strip_marks(folded)
    return " ".join(folded.split())


# --------------------------------------------------------------------------------------
# vietnamese_sort_key
# --------------------------------------------------------------------------------------

# Vietnamese alphabet order; f, j, w, z (loan words, foreign names) sit where Latin has them.
_ALPHABET: Final = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Tone marks as NFD combining characters, weighted in dictionary order:
# ngang (none) 0, huyền 1, hỏi 2, ngã 3, sắc 4, nặng 5.
_TONE_WEIGHT: Final = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_TONE_RE: Final = re.compile("[\u0300\u0309\u0303\u0301\u0323]")
# Marks that make letters of their own (ă, â, ê, ô, ơ, ư) are kept; every other
# combining mark left after the tones are removed is dropped (ç sorts as c).
_LETTER_MARKS: Final = frozenset("\u0306\u0302\u031b")
_PRIMARY_TABLE: Final = {ord(letter): chr(0x80 + rank) for rank, letter in enumerate(_ALPHABET)}


@lru_cache(maxsize=8192)
def _word_sort_key(word: str) -> tuple[str, str]:
    tone_match = _TONE_RE.search(word)
    tone = _TONE_WEIGHT[tone_match.group()] if tone_match is not None else "0"
    base = _TONE_RE.sub("", word)
    base = "".join(c for c in base if not unicodedata.combining(c) or c in _LETTER_MARKS)
    return unicodedata.normalize("NFC", base).translate(_PRIMARY_TABLE), tone


def vietnamese_sort_key(value: str) -> tuple[str, str]:
    """Collation key that sorts Vietnamese text in dictionary order.

    Letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z
    fall where the Latin alphabet puts them), compared letter by letter, so ă, â,
    đ, ê, ô, ơ, ư are letters of their own right after their base letter. Only
    when the letters of two texts are equal do the tones decide, word by word:
    ngang (no mark) < huyền (`) < hỏi (?) < ngã (~) < sắc (´) < nặng (.).
    Case, NFC/NFD spelling, extra white space and the old/new tone placement
    ("hoà"/"hòa") make no difference. ASCII digits and punctuation sort before
    letters; a shorter word sorts before a longer one that starts with it
    ("An" < "An Bình" < "Anh").
    """
    words = unicodedata.normalize("NFD", value.casefold()).split()
    if not words:
        return ("", "")
    keys = [_word_sort_key(word) for word in words]
    return ("\x00".join(k[0] for k in keys), "".join(k[1] for k in keys))


# --------------------------------------------------------------------------------------
# Legacy 8-bit encodings: code tables
# --------------------------------------------------------------------------------------

# Each Vietnamese vowel in the tone order ngang, huyền, hỏi, ngã, sắc, nặng.
_TONED_VOWELS: Final = (
    "aàảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "eèẻẽéẹ",
    "êềểễếệ",
    "iìỉĩíị",
    "oòỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "uùủũúụ",
    "ưừửữứự",
    "yỳỷỹýỵ",
)

# TCVN3 (TCVN 5712:1993, VN3 - the "ABC" .Vn fonts), as read in Windows-1252.
# Same row order as _TONED_VOWELS. VN3 has codes only for lower-case toned
# letters; capitals are typed with the same codes in an upper-case font (.VnTimeH),
# so a legacy text does not tell "Hå" = "Hồ" from "HỒ".
_TCVN3_VOWELS: Final = (
    "aµ¶·¸¹",
    "¨»¼½¾Æ",
    "©ÇÈÉÊË",
    "eÌÎÏÐÑ",
    "ªÒÓÔÕÖ",
    "i×ØÜÝÞ",
    "oßáâãä",
    "«åæçèé",
    "¬êëìíî",
    "uïñòóô",
    "\xadõö÷øù",  # ư is U+00AD, the soft hyphen: easily lost or hidden
    "yúûüýþ",
)
_TCVN3_OTHERS: Final = {
    "đ": "®",
    "Ă": "¡",
    "Â": "¢",
    "Ê": "£",
    "Ô": "¤",
    "Ơ": "¥",
    "Ư": "¦",
    "Đ": "§",
}

# VNI-Windows: a base letter followed by a mark byte, read in Windows-1252.
_VNI_TONES: Final = ("", "ø", "û", "õ", "ù", "ï")  # ngang huyền hỏi ngã sắc nặng
_VNI_CIRCUMFLEX: Final = ("â", "à", "å", "ã", "á", "ä")  # â ầ ẩ ẫ ấ ậ after a; ê... after e
_VNI_BREVE: Final = ("ê", "è", "ú", "ü", "é", "ë")  # ă ằ ẳ ẵ ắ ặ after a
_VNI_I: Final = ("i", "ì", "æ", "ó", "í", "ò")  # i ì ỉ ĩ í ị are single bytes


def _vni_vowels() -> dict[str, str]:
    """Unicode lower-case toned vowel -> VNI spelling (lower case)."""
    out: dict[str, str] = {}
    plain = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ơ": "ô", "ư": "ö"}
    for row in _TONED_VOWELS:
        base = row[0]
        for tone, char in enumerate(row):
            if base in plain:
                spelled = plain[base] + _VNI_TONES[tone]
            elif base in "âêô":
                spelled = {"â": "a", "ê": "e", "ô": "o"}[base] + _VNI_CIRCUMFLEX[tone]
            elif base == "ă":
                spelled = "a" + _VNI_BREVE[tone]
            else:  # i
                spelled = _VNI_I[tone]
            out[char] = spelled
    out["ỵ"] = "î"  # y + nặng has a byte of its own
    out["đ"] = "ñ"
    return out


def _build_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    to_tcvn3: dict[str, str] = {}
    for uni_row, tcvn_row in zip(_TONED_VOWELS, _TCVN3_VOWELS, strict=True):
        for uni, code in zip(uni_row, tcvn_row, strict=True):
            to_tcvn3[uni] = code
            upper = uni.upper()
            # Capitals without a code of their own are written with the lower-case code.
            to_tcvn3.setdefault(upper, upper if upper.isascii() else code)
    to_tcvn3.update(_TCVN3_OTHERS)
    from_tcvn3 = {code: uni for uni, code in to_tcvn3.items() if code != uni and not uni.isupper()}
    from_tcvn3.update({code: uni for uni, code in _TCVN3_OTHERS.items()})

    to_vni: dict[str, str] = {}
    for uni, spelled in _vni_vowels().items():
        to_vni[uni] = spelled
        # A capital is spelled with the upper-case forms of the same bytes ("AÙ" = Á).
        to_vni[uni.upper()] = spelled.upper()
    from_vni = {spelled: uni for uni, spelled in to_vni.items() if spelled != uni}
    return to_tcvn3, from_tcvn3, to_vni, from_vni


_TO_TCVN3, _FROM_TCVN3, _TO_VNI, _FROM_VNI = _build_tables()
_TO_TCVN3_TABLE: Final = str.maketrans(_TO_TCVN3)
_FROM_TCVN3_TABLE: Final = str.maketrans(_FROM_TCVN3)
_TO_VNI_TABLE: Final = str.maketrans(_TO_VNI)
# Two-byte spellings first so that "oâ" wins over the single byte "â".
_FROM_VNI_RE: Final = re.compile(
    "|".join(re.escape(k) for k in sorted(_FROM_VNI, key=len, reverse=True))
)


def _vni_replace(match: re.Match[str]) -> str:
    return _FROM_VNI[match.group()]


_UPPER_ANCHOR_RE: Final = re.compile("[A-Z¡-§]")
_ASCII_LOWER_RE: Final = re.compile("[a-z]")
# A run of letters as they appear in legacy text: ASCII letters plus everything
# from U+00A1 up, which covers every TCVN3 and VNI code (× and ÷ are TCVN3 ì and ữ).
_LEGACY_TOKEN_RE: Final = re.compile("[A-Za-z\u00a1-\u00ff]+")


def _upper_anchors(token: str) -> int:
    """Letters in a TCVN3 token that are certainly capitals (A-Z and Ă Â Ê Ô Ơ Ư Đ)."""
    return len(_UPPER_ANCHOR_RE.findall(token))


def _tcvn3_to_unicode(value: str) -> str:
    # TCVN3 spells capital toned letters with the lower-case codes (an upper-case
    # .VnTimeH font draws them as capitals), so capitals are guessed: a word with at
    # least two certain capitals and no small ASCII letter is in capitals, and so is
    # the whole text when it has such a word and no small ASCII letter at all.
    tokens = _LEGACY_TOKEN_RE.findall(value)
    capital_words = {
        t for t in tokens if _ASCII_LOWER_RE.search(t) is None and _upper_anchors(t) >= 2
    }
    converted = value.translate(_FROM_TCVN3_TABLE)
    if not capital_words:
        return converted
    if _ASCII_LOWER_RE.search(value) is None:
        return converted.upper()

    def token(match: re.Match[str]) -> str:
        text = match.group()
        result = text.translate(_FROM_TCVN3_TABLE)
        return result.upper() if text in capital_words else result

    return _LEGACY_TOKEN_RE.sub(token, value)


def legacy_to_unicode(value: str, encoding: str) -> str:
    """Convert TCVN3 or VNI text, as read in Windows-1252, back to NFC Unicode.

    ``encoding`` is "TCVN3" or "VNI" (what :func:`detect_legacy_encoding` returns).
    Characters that are not part of the legacy table are kept as they are. For
    TCVN3, a word (or the whole text) written in capitals is returned in capitals,
    because TCVN3 spells capital toned letters with the lower-case codes.

    Raises ValueError for an unknown ``encoding`` name.
    """
    if encoding == "TCVN3":
        converted = _tcvn3_to_unicode(value)
    elif encoding == "VNI":
        converted = _FROM_VNI_RE.sub(_vni_replace, value)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected TCVN3 or VNI")
    return unicodedata.normalize("NFC", converted)


def unicode_to_legacy(value: str, encoding: str) -> str:
    """Spell Unicode Vietnamese the way a TCVN3 or VNI font would (read as cp1252).

    The inverse of :func:`legacy_to_unicode`, used to build test data and to show
    what a legacy file looks like. TCVN3 has no codes for capital toned letters:
    they are written with the lower-case codes, as a .VnTimeH font user would.

    Raises ValueError for an unknown ``encoding`` name.
    """
    value = unicodedata.normalize("NFC", value)
    if encoding == "TCVN3":
        return value.translate(_TO_TCVN3_TABLE)
    if encoding == "VNI":
        return value.translate(_TO_VNI_TABLE)
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected TCVN3 or VNI")


# --------------------------------------------------------------------------------------
# Legacy detection
# --------------------------------------------------------------------------------------

# Any character a cp1252/Latin-1 reading of an 8-bit file cannot produce. Real
# Unicode Vietnamese almost always has one (ă, đ, ơ, ư, ạ, ễ... or an NFD mark),
# which ends the check at once.
_NOT_8BIT_RE: Final = re.compile("[^\x00-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_INITIALS: Final = _words("ngh ng nh ch gh gi kh ph th tr qu b c d đ g h k l m n p r s t v x")
# Vowel groups (tone marks removed), by whether a final consonant may follow.
_NUCLEI_OPEN: Final = _words(  # never followed by a final consonant
    "iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyu "
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui uơ ưa ưi ưu"
)
_NUCLEI_ANY: Final = _words("oa oe uê uy a e ê i o ô ơ u ư y")  # with or without a final
_NUCLEI_CLOSED: Final = _words("uyê iê yê oă oo ôô uâ uô ươ ă â")  # always with a final
_FINALS: Final = _words("ch ng nh c m n p t")


def _alternatives(items: tuple[str, ...]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


# One written Vietnamese syllable, tone marks removed: initial, vowels, final.
_SYLLABLE_RE: Final = re.compile(
    f"(?:{_alternatives(_INITIALS)})?"
    f"(?:(?:{_alternatives(_NUCLEI_OPEN)})"
    f"|(?:{_alternatives(_NUCLEI_ANY)})(?:{_alternatives(_FINALS)})?"
    f"|(?:{_alternatives(_NUCLEI_CLOSED)})(?:{_alternatives(_FINALS)}))"
)


@lru_cache(maxsize=16384)
def _is_syllable(word: str) -> bool:
    """True when ``word`` is spelled like one Vietnamese syllable (any case, ≤ 1 tone)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if len(_TONE_RE.findall(decomposed)) > 1:
        return False
    base = unicodedata.normalize("NFC", _TONE_RE.sub("", decomposed))
    return _SYLLABLE_RE.fullmatch(base) is not None


def _tcvn3_word(word: str) -> str:
    return word.translate(_FROM_TCVN3_TABLE)


def _vni_word(word: str) -> str:
    return unicodedata.normalize("NFC", _FROM_VNI_RE.sub(_vni_replace, word))


_CONVERTERS: Final[tuple[tuple[LegacyEncoding, Callable[[str], str]], ...]] = (
    ("TCVN3", _tcvn3_word),
    ("VNI", _vni_word),
)
_ASCII_LETTER_RE: Final = re.compile("[A-Za-z]")
# Words that are fine as they stand although one table turns them into a syllable:
# the micrometre/micromolar units (µ is TCVN3 à) and French "où" (VNI ó).
_NOT_EVIDENCE: Final = frozenset({"µm", "µM", "où", "Où", "OÙ"})


def detect_legacy_encoding(value: str) -> LegacyEncoding | None:
    """Return "TCVN3" or "VNI" when ``value`` looks like legacy-font Vietnamese, else None.

    The text must consist only of characters a Windows-1252 reading can give.
    Each word holding a non-ASCII character is then converted with both tables:
    it is evidence for an encoding when it is not a Vietnamese syllable as it
    stands but becomes one once converted ("NguyÔn" -> "Nguyễn", "Vaên" ->
    "Văn"), and evidence against when the converted word is no syllable at all.
    A word with non-ASCII letters that the table leaves alone and that is no
    syllable ("José" for VNI) also counts against. Words that read correctly
    either way ("Hoàng", "Tú") prove nothing, so real Unicode Vietnamese, English
    and most European names, and punctuation such as « » © ® · stay unflagged.
    An encoding is reported when it has more evidence for than against, and more
    than the other encoding.
    """
    if value.isascii() or _NOT_8BIT_RE.search(value) is not None:
        return None
    best: LegacyEncoding | None = None
    best_score = 0
    for name, convert in _CONVERTERS:
        evidence = 0
        against = 0
        for word in _LEGACY_TOKEN_RE.findall(value):
            if word.isascii() or word in _NOT_EVIDENCE:
                continue
            converted = convert(word)
            if converted == word:
                # Nothing to convert. A legacy text has no non-ASCII letter outside its
                # table, so a word like "José" (VNI) or "Müller" speaks against it.
                if not _is_syllable(word):
                    against += 1
                continue
            if not _is_syllable(converted):
                against += 1
            elif not _is_syllable(word) and _ASCII_LETTER_RE.search(word):
                evidence += 1
        score = evidence - against
        if evidence and score > best_score:
            best, best_score = name, score
        elif evidence and score == best_score and best is not None:
            best = None  # a tie between the two tables: do not guess
    return best
