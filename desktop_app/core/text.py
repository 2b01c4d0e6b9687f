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
converters. Detection reads each word as it stands and through each table, and
judges the readings with the rules of Vietnamese spelling (initial, vowel group,
final, tone placement), a looser shape for minority names ("Ksơr", "Êban") and a
list of common name syllables that settles words reading well both ways ("Tó" or
TCVN3 "Tú"). :func:`sheet_legacy_encoding` tells a sheet typed wholly in a legacy
font, headers included, and :func:`convert_rows` converts its cells.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Final, Literal

__all__ = [
    "LEGACY_ENCODINGS",
    "LegacyEncoding",
    "clean_text",
    "convert_rows",
    "detect_legacy_encoding",
    "is_nfc",
    "legacy_to_unicode",
    "search_key",
    "sheet_legacy_encoding",
    "unicode_to_legacy",
    "vietnamese_sort_key",
    "word_sort_keys",
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
    """The (letters, tone) key of one case-folded word, in any normal form. Cached: a school's
    names are made of a few hundred syllables."""
    word = unicodedata.normalize("NFD", word)
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
    keys = word_sort_keys(value)
    return ("\x00".join([k[0] for k in keys]), "".join([k[1] for k in keys]))


def word_sort_keys(value: str) -> list[tuple[str, str]]:
    """The (letters, tone) key of each word of ``value``, as ``vietnamese_sort_key`` compares
    them."""
    return [_word_sort_key(word) for word in value.casefold().split()]


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


_CAPITAL_RE: Final = re.compile("[A-Z¡-§]")  # certain capitals: A-Z and Ă Â Ê Ô Ơ Ư Đ
_ASCII_LOWER_RE: Final = re.compile("[a-z]")
# A run of letters as they appear in legacy text: ASCII letters plus everything
# from U+00A1 up, which covers every TCVN3 and VNI code (× and ÷ are TCVN3 ì and ữ).
_LEGACY_TOKEN_RE: Final = re.compile("[A-Za-z\u00a1-\u00ff]+")


# Codes of toned vowels: TCVN3 writes the small and the capital letter alike.
_TCVN3_TONED: Final = frozenset(
    code for code, letter in _FROM_TCVN3.items() if letter not in "ăâêôơưđĂÂÊÔƠƯĐ"
) | {"ý"}  # ý is its own code


def _capital_word(token: str) -> bool:
    """A TCVN3 word that is certainly in capitals: no small ASCII letter, and two
    certain capitals or one after the first letter ("V¡N", "ÈN" = ẨN)."""
    if _ASCII_LOWER_RE.search(token) is not None:
        return False
    capitals = [m.start() for m in _CAPITAL_RE.finditer(token)]
    return len(capitals) >= 2 or any(capitals)


def _tcvn3_to_unicode(value: str) -> str:
    # TCVN3 spells capital toned letters with the lower-case codes (an upper-case
    # .VnTimeH font draws them as capitals), so capitals are guessed. A word in
    # capitals ("NGUYÔN", "V¡N") is given back in capitals, and so is the whole text
    # when it has such a word and none with a small ASCII letter. A word that starts
    # with a toned vowel ("¸nh" = ánh or Ánh) gets a capital when it opens the text
    # or when every other word starts with a certain capital, as names do ("Lª ¸nh").
    tokens = [(m.start(), m.group()) for m in _LEGACY_TOKEN_RE.finditer(value)]
    converted = value.translate(_FROM_TCVN3_TABLE)
    if not tokens:
        return converted
    capital_words = {text for _, text in tokens if _capital_word(text)}
    if capital_words and not any(_ASCII_LOWER_RE.search(text) for _, text in tokens):
        return converted.upper()
    known = [text[0] for _, text in tokens if text[0].isascii() or _CAPITAL_RE.match(text)]
    title = all(_CAPITAL_RE.match(initial) for initial in known)
    first = tokens[0][0]
    pieces: list[str] = []
    done = 0
    for start, text in tokens:
        word = text.translate(_FROM_TCVN3_TABLE)
        if text in capital_words:
            word = word.upper()
        elif text[0] in _TCVN3_TONED and (title or start == first):
            word = word[:1].upper() + word[1:]
        pieces += (converted[done:start], word)
        done = start + len(text)
    pieces.append(converted[done:])
    return "".join(pieces)


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
# Vowel groups (tone marks removed) with the places a tone may sit in them (both the
# old "hòa" and the new "hoà" placement are accepted), by whether a final consonant
# may follow: "open" never has one, "closed" always has one.
_NUCLEI_OPEN: Final = {
    **dict.fromkeys(_words("iêu yêu oai oao oay oeo uây uôi ươi ươu uyu uơ"), (1,)),
    "uya": (1, 2),
    **dict.fromkeys(_words("ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu"), (0,)),
}
_NUCLEI_ANY: Final = {
    **dict.fromkeys(_words("a e ê i o ô ơ u ư y"), (0,)),
    **dict.fromkeys(_words("oa oe uy"), (0, 1)),  # only (1,) before a final
    "uê": (1,),
}
_NUCLEI_CLOSED: Final = {
    **dict.fromkeys(_words("iê yê oă uâ uô ươ"), (1,)),
    "uyê": (2,),
    **dict.fromkeys(_words("oo ôô"), ()),  # "xoong", "boong": never with a tone
    **dict.fromkeys(_words("ă â"), (0,)),
}
_FINALS: Final = frozenset(_words("ch ng nh c m n p t"))
_STOP_FINALS: Final = frozenset(_words("c ch p t"))  # only sắc or nặng before them
_STOP_TONES: Final = frozenset("\u0301\u0323")
# ch/nh follow only a, ê, i, y; c/ng never follow these vowel groups.
_PALATAL_AFTER: Final = frozenset("aêiy")
_NO_VELAR_AFTER: Final = frozenset(_words("i y ê ơ uy uê"))
_TONE_MARKS: Final = frozenset("\u0300\u0309\u0303\u0301\u0323")

# Ethnic-minority names written with the Vietnamese alphabet (Ê Đê, Gia Rai, Ba Na, Khmer...)
# are not Kinh syllables: consonant clusters ("Ksơr", "Mlô", "Bkrông"), finals such as
# -r, -l, -k, -h, -s ("Hđơk", "Rmah"), open "Niê", several syllables in one word ("Êban",
# "Rahlan"). This looser shape accepts them, and little else: a word of several
# syllables has no tone, a toned one has the tone where a Kinh syllable would.
_CONSONANTS: Final = "bcdđfghjklmnpqrstvwxz"
_LOOSE_NUCLEI: Final = {
    **_NUCLEI_OPEN,
    **_NUCLEI_ANY,
    **_NUCLEI_CLOSED,
    **dict.fromkeys(_words("ea iao eu ơu uă"), (0, 1, 2)),
}
_LOOSE_FINALS: Final = frozenset(_words("ng nh ch c k l m n p r s t h"))
_LOOSE_ONSET: Final = f"(?:[{_CONSONANTS}]{{1,3}}y?|y)"  # y as in "Byă", "Hyơn", "Yă"
_LOOSE_ONSET_RE: Final = re.compile(_LOOSE_ONSET)
_LOOSE_FINAL: Final = f"(?:{'|'.join(sorted(_LOOSE_FINALS, key=len, reverse=True))})"
_LOOSE_NUCLEUS: Final = f"(?:{'|'.join(sorted(_LOOSE_NUCLEI, key=len, reverse=True))})"
_LOOSE_WORD_RE: Final = re.compile(
    f"{_LOOSE_ONSET}?{_LOOSE_NUCLEUS}{_LOOSE_FINAL}?"
    f"(?:{_LOOSE_ONSET}{_LOOSE_NUCLEUS}{_LOOSE_FINAL}?){{0,3}}"
)
_DOUBLED_RE: Final = re.compile(f"([{_CONSONANTS}])\\1")

# Every letter of the Vietnamese alphabet, small, with every tone (NFC).
_VIETNAMESE_LETTERS: Final = frozenset("abcdefghijklmnopqrstuvwxyzđ" + "".join(_TONED_VOWELS))


def _split_tone(word: str) -> tuple[list[str], str, int] | None:
    """Small NFC letters of ``word`` without their tone, the tone mark, and the index of
    the letter carrying it (-1 for none); None when there are two tones or no letters."""
    letters: list[str] = []
    tone = ""
    where = -1
    for char in unicodedata.normalize("NFD", word):
        if char in _TONE_MARKS:
            if tone or not letters:
                return None
            tone, where = char, len(letters) - 1
        elif unicodedata.combining(char):
            if not letters:
                return None
            letters[-1] += char
        else:
            letters.append(char)
    return [unicodedata.normalize("NFC", c) for c in letters], tone, where


def _rhyme_ok(nucleus: str, final: str, tone: str, place: int, places: tuple[int, ...]) -> bool:
    """Whether a vowel group, a final consonant and a tone sitting at ``place`` go together."""
    if final in ("ch", "nh") and nucleus[-1] not in _PALATAL_AFTER:
        return False
    if final in ("c", "ng") and nucleus in _NO_VELAR_AFTER:
        return False
    if final in _STOP_FINALS and tone not in _STOP_TONES:
        return False
    if final and nucleus in ("oa", "oe", "uy"):
        places = (1,)
    return not tone or place in places


# Spelling rules for the initial: gh, ngh come before e, ê, i, y only; c, ng, g never do
# (g + i is the initial gi).
_FRONT_VOWELS: Final = frozenset("eêiy")
_BEFORE_FRONT_ONLY: Final = frozenset(("gh", "ngh"))  # minority names write "Kôn", "Ksor"
_NEVER_BEFORE_FRONT: Final = frozenset(("c", "ng", "g"))


def _kinh_parse(letters: list[str], tone: str, where: int) -> bool:
    base = "".join(letters)  # one code point per letter once NFC
    for initial in (*_INITIALS, ""):
        if not base.startswith(initial):
            continue
        rest = base[len(initial) :]
        if not rest:
            continue
        if initial in _BEFORE_FRONT_ONLY and rest[0] not in _FRONT_VOWELS:
            continue
        if (
            initial in _NEVER_BEFORE_FRONT
            and rest[0] in _FRONT_VOWELS
            and not (initial == "g" and rest[0] == "i")
        ):
            continue
        for table in (_NUCLEI_OPEN, _NUCLEI_ANY, _NUCLEI_CLOSED):
            for nucleus, places in table.items():
                if not rest.startswith(nucleus):
                    continue
                final = rest[len(nucleus) :]
                if final and (table is _NUCLEI_OPEN or final not in _FINALS):
                    continue
                if not final and table is _NUCLEI_CLOSED:
                    continue
                if _rhyme_ok(nucleus, final, tone, where - len(initial), places):
                    return True
    return False


def _loose_parse(letters: list[str], tone: str, where: int) -> bool:
    base = "".join(letters)
    if _DOUBLED_RE.search(base) is not None:
        return False
    if not tone:
        return _LOOSE_WORD_RE.fullmatch(base) is not None
    for size in range(5):  # one syllable: onset of up to four letters, vowels, final
        onset = base[:size]
        if size and _LOOSE_ONSET_RE.fullmatch(onset) is None:
            continue
        rest = base[size:]
        for nucleus, places in _LOOSE_NUCLEI.items():
            if not rest.startswith(nucleus):
                continue
            final = rest[len(nucleus) :]
            if final and (final not in _LOOSE_FINALS or (nucleus in _NUCLEI_OPEN and final != "h")):
                continue
            if final == "k" and tone not in _STOP_TONES:
                continue
            if _rhyme_ok(nucleus, final, tone, where - size, places):
                return True
    return False


# Syllables common in Vietnamese personal names (Kinh and minority), small, tone kept. When a
# word reads as a syllable both as it stands and converted ("Tó" / TCVN3 "Tú", "Thô" / VNI
# "Thơ"), the reading that is a common name syllable is the likelier one.
_NAME_SYLLABLES_TEXT: Final = """
a an anh ánh ân ấn ẩn ất âu ẩm ấu bá bạc bạch bàn bảo bắc bằng bé bế bích biên bình bửu bùi
ca cầm cẩm cẩn cao cát châu chánh chi chí chiến chinh chính chu chung công cù cúc cứ cường
danh dân diễm diệp diệu dịu doãn dung dũng duy duyên duyệt dư dương đà đạm đan đàn đàng đào
đạo đạt đăng đặng điểm điểu điệp đinh đình định đoan đoàn đô đỗ độ đông đồng đức đường em gấm
gia giang giao giáp giàu giỏi hà hạ hải hán hạnh hằng hân hậu hầu hiền hiển hiếu hiệp hiệu hòa
hoa hoài hoan hoàn hoàng học hồ hồng hợp huân huệ hùng huy huyền huỳnh hưng hương hường hứa hữu
ích kha khà khả khải khang khanh khánh khắc khoa khoái khôi khổng khúc khuê khuyên khuyến khương
kiên kiều kiệt kim kỳ kỷ kỹ la lã lạc lai lại lam lâm lăng lập lầu lê lễ lệ liên liễu linh lò
loan lộc lợi long lù luân lục lụa lực lương lường lưu ly lý lữ lự mã mạc mai mạnh mẫn mè minh
mỹ mỵ my mơ mùa nam nga ngà ngân nghị nghĩa nghiêm ngọc ngoan ngô ngữ nguyên nguyễn nguyệt
nhã nhàn nhân nhất nhật nhi nhị nhiên nhung như nhữ ninh nịnh nông nụ nữ oanh ông ổn ơn phan
phàn phát phạm phong phú phúc phùng phụng phước phương phượng quách quan quang quảng quàng quân
quế quốc quý quyên quyền quyết quỳnh sa sang sáng sầm sĩ sỹ sinh sính sơn sùng sương tạ tài tâm
tân tấn tăng thạch thái thanh thành thảo thắm thắng thân thể thi thị thiện thiều thịnh thơ thoa
thoả thông thu thuận thục thùy thủy thụy thúy thư thương tiên tiến tiểu tín tĩnh tô toàn toản
tòng tôn tơ trà trâm trần trí triệu trinh trọng trúc trung trương trường tú tuấn tuệ tùng tuyên
tuyền tuyết tự từ tường ưng ứng ước ượng ưu uyên uyển út văn vân vàng vi việt vinh vĩnh võ vũ
vương vững vừ vy xuân xuyến ý ỷ yên yến ôn chí úc ủy dụ
niê mlô byă ksơr êban adrơng ênuôl kbuôr knul mđrăng hmok bkrông ayun alê hđơk ktla kdăm buôn
êya kpơr siu rcom ksor kpă rmah nay puih rahlan kpuih rơ châm mah đinh bia hen blô điêm ngơn
nhim yơn djuê bơ kôn dơng tlam jôn wang ưi nuê wơn klin hyơn phôn blơ dơ thiết dếp ngơh bhlo
ngưk thuân hlốt yă bliu thắk thiu pá phăn ún khăm kẻo ìn ỉn éng ọn pản lả nọi xiêng hơm ủn ọi
giàng thào hạng chảo tráng seo mí chứ chá páo dế pó lử súa chớ dình tủa pà xá mua cở dở sở
chư sầu chía nhìa pằng xồng dìn của mỉ khứ nủ chừ hờ tẩn néang sô phia rươne rinh sóc phol rết
vanh khá rắc sươl khươl hia thươl ni mết rươn chăn som rách ọl năng thọ tuyến chiến lời mưk
"""


def _name_key(word: str) -> tuple[str, str]:
    """A name syllable without regard to where its tone sits ("hoà" = "hòa")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    base = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tone


_NAME_SYLLABLES: Final = frozenset(_name_key(w) for w in _NAME_SYLLABLES_TEXT.split())


@lru_cache(maxsize=32768)
def _word_quality(word: str) -> int:
    """3 for a common name syllable, 2 for any other Kinh syllable, 1 for a word shaped
    like a minority name, else 0.

    ``word`` is a run of letters in any case; a word with a letter outside the
    Vietnamese alphabet ("ç", "ü", "ñ"), a capital after a small letter ("NguyÔn")
    or two tones on one syllable gets 0.
    """
    if _camel_case(word):
        return 0
    split = _split_tone(word.lower())
    if split is None:
        return 0
    letters, tone, where = split
    if not all(letter in _VIETNAMESE_LETTERS for letter in letters):
        return 0
    if _kinh_parse(letters, tone, where):
        return 3 if _name_key(word) in _NAME_SYLLABLES else 2
    if _loose_parse(letters, tone, where):
        return 3 if _name_key(word) in _NAME_SYLLABLES else 1
    return 0


def _camel_case(word: str) -> bool:
    """True for a capital after a small letter ("NguyÔn", "TuÊn"): never so in real
    Unicode text, but everyday in TCVN3, where capitals code small toned letters."""
    seen_lower = False
    for char in word:
        if char.islower():
            seen_lower = True
        elif seen_lower and char.isupper() and not char.isascii():
            return True
    return False


def _tcvn3_word(word: str) -> str:
    return word.translate(_FROM_TCVN3_TABLE)


def _vni_word(word: str) -> str:
    return unicodedata.normalize("NFC", _FROM_VNI_RE.sub(_vni_replace, word))


# The characters a text in each encoding can hold, ASCII aside.
_ALPHABETS: Final[tuple[tuple[frozenset[str], Callable[[str], str]], ...]] = (
    (frozenset(map(chr, range(128))) | frozenset(_FROM_TCVN3) | frozenset("ý"), _tcvn3_word),
    (
        frozenset(map(chr, range(128))) | frozenset("".join(_FROM_VNI)) | frozenset("ìíÌÍ"),
        _vni_word,
    ),
)
# Words that are fine as they stand although one table turns them into a syllable:
# the micrometre/micromolar units (µ is TCVN3 à) and French "où" (VNI ó).
_NOT_EVIDENCE: Final = frozenset({"µm", "µM", "où", "Où", "OÙ"})
# Latin-1 letters: a one-character word made of anything else (« » © · ¶ ª º) is
# punctuation, although TCVN3 would read it as a vowel.
_LATIN1_LETTER_RE: Final = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff§]")


@lru_cache(maxsize=32768)
def _word_votes(word: str) -> tuple[int, int, int, int]:
    """(for TCVN3, against TCVN3, for VNI, against VNI) from one non-ASCII word.

    "For" is how much better the converted word reads than the word as it stands
    (0 to 3, see _word_quality); "against" is 1 when the converted word reads as nothing, or when the
    table leaves alone a non-ASCII word that text in that encoding could not hold.
    """
    if word in _NOT_EVIDENCE or (len(word) == 1 and _LATIN1_LETTER_RE.match(word) is None):
        return (0, 0, 0, 0)
    as_is = _word_quality(word)
    votes: list[int] = []
    for alphabet, convert in _ALPHABETS:
        converted = convert(word)
        foreign = not alphabet.issuperset(word)
        if converted == word:
            # Nothing to convert ("Bình" in VNI, "Lý" in TCVN3): a word that reads
            # well proves nothing; one with a letter the encoding cannot hold
            # ("José", "Müller") speaks against it.
            votes += (0, int(as_is == 0 or foreign))
            continue
        read = _word_quality(converted)
        votes += (max(read - as_is, 0) if not foreign else 0, int(read == 0 or foreign))
    return votes[0], votes[1], votes[2], votes[3]


def detect_legacy_encoding(value: str) -> LegacyEncoding | None:
    """Return "TCVN3" or "VNI" when ``value`` looks like legacy-font Vietnamese, else None.

    The text must consist only of characters a Windows-1252 reading can give.
    Each word holding a non-ASCII character is then read three ways: as it stands
    and through each table. A reading is judged as a Kinh syllable (initial, vowel
    group, final, with the tone on the right vowel and only sắc/nặng before c, ch,
    p, t), as a word shaped like a minority name ("Ksơr", "Êban"), or as neither; a
    capital after a small letter ("NguyÔn") or a letter outside the Vietnamese
    alphabet ("ü", "ç") reads as neither. A word is evidence for an encoding when its
    converted reading is better than the reading as it stands ("NguyÔn" -> "Nguyễn",
    "Vaên" -> "Văn", "Ks¬r" -> "Ksơr"), and evidence against when the converted
    reading is neither shape, or when the table leaves alone a non-ASCII word that a
    legacy text could not hold ("José" for VNI). Words that read well either way
    ("Hoàng", "Tú") prove nothing, so real Unicode Vietnamese, English and most
    European names, and punctuation such as « » © ® · stay unflagged. An encoding
    is reported when its evidence outweighs three times what speaks against it, and
    beats the other encoding (TCVN3 wins a tie).
    """
    if value.isascii() or _NOT_8BIT_RE.search(value) is not None:
        return None
    return _decide(*_legacy_scores(value))


def _legacy_scores(value: str) -> tuple[int, int]:
    """(TCVN3, VNI) scores of a text of Windows-1252 characters: evidence for the
    encoding less three times what speaks against it."""
    tcvn3_for = tcvn3_against = vni_for = vni_against = 0
    for word in _LEGACY_TOKEN_RE.findall(value):
        if word.isascii():
            continue
        t_for, t_against, v_for, v_against = _word_votes(word)
        tcvn3_for += t_for
        tcvn3_against += t_against
        vni_for += v_for
        vni_against += v_against
    return tcvn3_for - 3 * tcvn3_against, vni_for - 3 * vni_against


def reads_as_vietnamese(value: str) -> bool:
    """Whether every word of ``value`` with a non-ASCII letter is, as it stands, a Vietnamese
    syllable or shaped like a minority name ("Y Ksôr", "xã Ea Ô"): then a legacy reading of
    it is only a possibility, never a certainty."""
    words = [w for w in _LEGACY_TOKEN_RE.findall(value) if not w.isascii()]
    return bool(words) and all(_well_cased(w) and _word_quality(w) > 0 for w in words)


def _well_cased(word: str) -> bool:
    """ "hồ", "Hồ" or "HỒ": never "HÅn" (a capital inside a word followed by small letters,
    which is how TCVN3 writes a small toned letter)."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _decide(tcvn3: int, vni: int) -> LegacyEncoding | None:
    if vni > max(tcvn3, 0):
        return "VNI"
    if tcvn3 > 0:
        # A tie ("Böu": TCVN3 "Bửu" or VNI "Bưu") goes to TCVN3, the national
        # standard and the commoner of the two.
        return "TCVN3"
    return None


# --------------------------------------------------------------------------------------
# A whole sheet in a legacy font
# --------------------------------------------------------------------------------------


def sheet_legacy_encoding(
    rows: Sequence[Sequence[Any]], max_rows: int = 40
) -> LegacyEncoding | None:
    """The legacy encoding a whole sheet is typed in (headers included), or None.

    Looks at the string cells of the first ``max_rows`` rows that hold a non-ASCII
    character. The sheet is in a legacy font when at least two of them and half of
    them read as legacy text and at most one in ten is Unicode Vietnamese (a
    character no 8-bit font gives: ă, đ, ơ, ư, ạ...); which font is decided by the
    evidence of all those cells together. A Unicode sheet with a few legacy names in
    it is not a legacy sheet: those names are errors of their own cells.
    """
    legacy_cells = unicode_cells = text_cells = 0
    tcvn3_total = vni_total = 0
    for row in rows[:max_rows]:
        for cell in row:
            if not isinstance(cell, str) or cell.isascii():
                continue
            text_cells += 1
            if _NOT_8BIT_RE.search(cell) is not None:
                unicode_cells += 1
                continue
            tcvn3, vni = _legacy_scores(cell)
            if _decide(tcvn3, vni) is not None:
                legacy_cells += 1
                tcvn3_total += tcvn3
                vni_total += vni
    if legacy_cells < 2 or 2 * legacy_cells < text_cells or 10 * unicode_cells > text_cells:
        return None
    # Summed over the sheet, the cells that each table reads equally well ("Böu")
    # are outweighed by those only one of them reads.
    return _decide(tcvn3_total, vni_total)


def convert_rows(rows: Sequence[Sequence[Any]], encoding: str) -> list[list[Any]]:
    """``rows`` with every string cell converted from ``encoding`` ("TCVN3" or "VNI") to
    NFC Unicode; numbers, dates, None and ASCII text are kept as they are.

    Raises ValueError for an unknown ``encoding`` name.
    """
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected TCVN3 or VNI")
    return [
        [
            legacy_to_unicode(cell, encoding)
            if isinstance(cell, str) and not cell.isascii()
            else cell
            for cell in row
        ]
        for row in rows
    ]
