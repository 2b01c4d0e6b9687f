"""A generated corpus of Vietnamese names, and texts that must never be taken for legacy fonts.

Everything is made in code from short lists with a seeded random generator, so the corpus is
the same on every run and nothing large is committed. ``kinh_names()`` and
``minority_names()`` give full names as a clerk types them in Unicode (NFC);
``negative_texts()`` gives Unicode strings that are not legacy text whatever their script.
"""

from __future__ import annotations

import random
import unicodedata
from functools import cache

SEED = 13


def _names(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


# -- Kinh -------------------------------------------------------------------------------------
KINH_FAMILY = _names(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trương "
    "Lương Mai Tô Tạ Châu Lâm Quách Kiều Thái Chu Lã Doãn Triệu Hà Giáp Khúc Nghiêm Ông Âu Ưng "
    "Ứng Ẩn Tôn Thân Văn Cao Lưu Mạc Phùng Tăng Vương Từ Khổng Diệp Lạc Đàm Kha Ninh Quan Hứa "
    "Nhữ Tiêu Yên Ổn Úc Ấu Hầu Lục Đường Ôn Viên Thạch La Bạch Nghị Cù Lại"
)
KINH_COMPOUND_FAMILY = ("Tôn Nữ", "Âu Dương", "Nguyễn Phước", "Tôn Thất", "Trần Lê", "Phan Huỳnh")
KINH_MIDDLE = _names(
    "Văn Thị Hữu Đức Ngọc Thanh Minh Quốc Thu Kim Xuân Hoài Gia Bảo Mỹ Thùy Thúy Khánh Hồng "
    "Phương Trọng Công Đình Quang Tuấn Anh Diệu Ánh Tường Nhật Thế Cẩm Bích Quỳnh Uyển Ý Ỷ "
    "Ưng Ơn Ấu Ngân Tú Hải Lệ Duy Thiện Nguyên Thục Trâm Hạ Vĩnh Bá Tấn Khắc Sỹ Sĩ"
)
KINH_GIVEN = _names(
    "An Ánh Ẩn Ỷ Ưng Ượng Khuê Huyền Nguyệt Quỳnh Tuấn Bình Chi Dũng Đạt Giang Hà Hải Hạnh "
    "Hiếu Hoa Huy Khánh Lan Linh Long Mai Nam Nga Ngọc Nhung Phúc Quân Sơn Tâm Thảo Trang Tú "
    "Uyên Vy Yến Ý Ân Ấn Ất Âu Em Ích Oanh Ổn Ơn Ước Ứng Ưu Út Ủy Ửng Anh Yên Ẩm Mỵ Mỹ Kỹ "
    "Thoa Thoả Thỏa Hoà Hòa Thuý Thúy Quý Khoa Xuyến Tuyết Khuyên Quyết Hường Phượng Trường "
    "Dương Cường Thắng Hằng Bằng Mẫn Cẩn Tấn Thịnh Nhị Kỷ Lý Thủy Hoài Toản Loan Tuyền Duyệt "
    "Uyển Yêm Hiền Điệp Nhiên Kiên Thiện Liễu Thiều Diễm Lực Đức Nhân Phong Vinh Bửu Bảo Dụ "
    "Trinh Ngoan Điểm Tĩnh Thư Thơ Lợi Ngữ Vũ Võ Lữ Hưng Vững Sương Khương Hướng Ngoãn Khoái "
    "Quế Huệ Tuệ Nghĩa Phú Quang Trí Trúc Dịu Giao Giỏi Nhã Gấm Sa Kha Hậu Đoan Tiểu Thể Bé "
    "Mè Kẻo Trẻ Hẹn Thắm Cầm Trần Hồng Quốc Lộc Chớ Phụng Tự Thuận Cúc Lệ Diệp Nghiêm Luyến "
    "Hoạch Khuyến Quyền Thuỷ Thụy Toàn Tường Hoàn Ngoạn Đoàn Thuyên Nguyễn Chiến Chinh Công "
    "Cương Đông Định Hoàng Hợp Hùng Hương Khôi Kiệt Lâm Lương Mạnh Minh Nghị Ngân Nguyên Nhàn "
    "Nhật Như Phát Phương Sang Sáng Tài Tân Thái Thanh Thành Thương Tiến Tiên Tín Trâm Trọng "
    "Trung Tùng Văn Vân Việt Vĩnh Xuân Hạ Sĩ Sỹ Đào Đăng Đan Châu Thục Lụa Nụ Tơ Mơ Ỷ Lễ Khải "
    "Thẳng Lẵng Vẽ Mỡ"
)

# -- Minorities -------------------------------------------------------------------------------
EDE_GIVEN = _names(
    "Hen Blô Linh Thu Bi Điêm Rơ Ju Ngơn Thắm Nhim Mai Bia Khoa Phương Yơn Khuê Mơ Ly Ngơ "
    "Thương Nga Djuê Huê Bơ Lang Kôn Dơng Sang Tlam Jôn Wang Ưi Hải Nuê Wơn Bun Klin"
)
EDE_FULL_FAMILY = ("Niê", "Mlô", "Byă", "Ksơr", "Êban", "Adrơng", "Ênuôl", "Niê Kdăm", "Buôn Ya",
                   "Kbuôr", "Knul", "Mđrăng", "Hmok", "Bkrông", "Ayun", "Alê", "Hđơk", "Êya")  # fmt: skip
JRAI_FAMILY = ("Rơ Châm", "Siu", "Rcom", "Ksor", "Kpă", "Rmah", "Nay", "Puih", "Rahlan", "Kpuih",
               "Rơ Mah", "Rơ Lan", "Siu Đoan", "Ksơr", "Hiao", "Đinh")  # fmt: skip
JRAI_GIVEN = _names(
    "Hyơn Phôn Thơ Tuyết Nhiên Blơ Lê H'Liên H'Mai Dơ Khoa Jôn Thiết Hương Dếp Ngơh Bhlo Ưng "
    "Ngưk Thuân Dũng Hlốt Yă Bliu Thắk Thiu"
)
TAY_NUNG_FAMILY = ("Hoàng", "Nông", "Lường", "Lò", "Lù", "Vi", "Lăng", "Hà", "Đàm", "Bế", "Ma",
                   "Mông", "Sầm", "Triệu", "Hứa", "Lộc", "Chu", "Dương", "Nịnh", "Mã")  # fmt: skip
THAI_FAMILY = ("Lò", "Cầm", "Quàng", "Lường", "Vi", "Tòng", "Điêu", "Hoàng", "Lự", "Sầm", "Lèo",
               "Bạc", "Khà", "Mè", "Hà")  # fmt: skip
THAI_GIVEN = _names(
    "Pá Phăn Ún Xuân Khăm Ngọc Ơn Chiến Bun Kẻo Tiến Ánh Thỏa Ìn Ỉn Éng Ọn Pản Lả Phanh Nọi "
    "Xiêng Inh Oi Hơm Ủn Ọi"
)
HMONG_FAMILY = ("Giàng", "Sùng", "Thào", "Vàng", "Mùa", "Lý", "Hạng", "Chảo", "Tráng", "Ly",
                "Vừ", "Lầu", "Cứ", "Hờ", "Mua", "Phàn", "Tẩn")  # fmt: skip
HMONG_MIDDLE = ("A", "Thị", "Seo", "Mí", "Chứ", "Văn", "Mý", "Sín", "Chá")
HMONG_GIVEN = _names(
    "Páo Mỷ Dế Chứ Sùng Pó Lử Súa Chớ Dình Sính Tủa Pà Xá Mua Cở Lầu Vừ Dở Sở Chư Mỷ Sầu Chía "
    "Nhìa Pằng Xồng Dìn Của Mỉ Khứ Nủ Chừ"
)
KHMER_FAMILY = ("Thạch", "Danh", "Sơn", "Kim", "Lâm", "Chau", "Néang", "Trà", "Lý", "Huỳnh",
                "Diệp", "Kiên", "Dương", "Châu")  # fmt: skip
KHMER_GIVEN = _names(
    "Sô Phia|Sà Rươne|Sa Ly|Chanh Đa|Rinh|Sóc|Ra|Phol|Kim Sơn|Sa Rết|Sa Vanh|Sóc Khá|Rắc|Sà Phan"
    "|Pho|Chanh|Sươl|Khươl|Sóc Hia|Thươl|Ni|Sa Mết|Mơ Ni|Rươn|Vanh|Chăn Thu|Som Rách|Ọl",
    sep="|",
)
CHAM_FAMILY = ("Dương", "Đàng", "Quảng", "Thuận", "Bá", "Lưu", "Châu", "Phú", "Hán", "Thông",
               "Thị", "Nguyễn")  # fmt: skip
CHAM_GIVEN = _names(
    "Năng Thọ|Đại Tuyến|Thị Nguyệt|Nguyệt|Văn Chiến|Thị Thanh|Ngọc Hiền|Kim Hòa|Minh Tuấn"
    "|Thị Ơn|Sứ|Mưk|Sa Ra|Ka Ra|Ja Ly|Thị Hơn|Văn Lời|Bá Ngữ",
    sep="|",
)
OTHER_MINORITY = (  # Ba-na, Xơ-đăng, Cơ-ho, M'Nông, Mường, Dao and others, as clerks type them
    "Đinh Thị H'Rim", "A Lềnh", "Y Thiết", "Đinh Văn Mlêng", "K'Sor H'Nhí", "Ka Ngọc", "K'Brơi",
    "Bon Niêng", "Điểu K'Rê", "Thị Ngọc", "Triệu Tòn Xạ", "Bàn Văn Phẩy", "Lò Thị Ảnh", "Đinh Xuân Ứng",
    "Y-Moan Ênuôl", "Ê-ban Ơn", "Rơ-ô Ngưk", "H'Hen Niê", "Y Blô Ksơr", "Bùi Văn Ổn",
)  # fmt: skip


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _ede(rng: random.Random) -> str:
    family = rng.choice(EDE_FULL_FAMILY)
    given = rng.choice(EDE_GIVEN)
    if rng.random() < 0.5:
        return f"H'{_title(given)} {family}"
    first = rng.choice(("Y", "Y-"))
    return f"{first}{'' if first.endswith('-') else ' '}{given} {family}"


def _jrai(rng: random.Random) -> str:
    family = rng.choice(JRAI_FAMILY)
    given = rng.choice(JRAI_GIVEN)
    middle = rng.choice(("", "Thị ", "Văn ", "H'", "Y "))
    if middle == "H'" and given.startswith("H'"):
        middle = ""
    return f"{family} {middle}{given}"


def _tay_nung(rng: random.Random) -> str:
    return f"{rng.choice(TAY_NUNG_FAMILY)} {rng.choice(KINH_MIDDLE[:8])} {rng.choice(KINH_GIVEN)}"


def _thai(rng: random.Random) -> str:
    return f"{rng.choice(THAI_FAMILY)} {rng.choice(('Văn', 'Thị'))} {rng.choice(THAI_GIVEN)}"


def _hmong(rng: random.Random) -> str:
    return f"{rng.choice(HMONG_FAMILY)} {rng.choice(HMONG_MIDDLE)} {rng.choice(HMONG_GIVEN)}"


def _khmer(rng: random.Random) -> str:
    family = rng.choice(KHMER_FAMILY)
    middle = rng.choice(("", "Thị ", "Văn "))
    return f"{family} {middle}{rng.choice(KHMER_GIVEN)}"


def _cham(rng: random.Random) -> str:
    return f"{rng.choice(CHAM_FAMILY)} {rng.choice(CHAM_GIVEN)}"


def _distinct(make: list[str], count: int, generate: object) -> list[str]:
    seen = set(make)
    out = list(make)
    attempts = 0
    while len(out) < count:
        attempts += 1
        assert attempts < count * 50, "the lists are too short for that many distinct names"
        name = generate()  # type: ignore[operator]
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


@cache
def kinh_names(count: int = 5200) -> tuple[str, ...]:
    """Distinct Kinh full names: 3- and 4-syllable names, compound family names, 2-syllable
    short names and single capitalised syllables (NFC)."""
    rng = random.Random(SEED)

    def full() -> str:
        roll = rng.random()
        family = rng.choice(KINH_COMPOUND_FAMILY) if roll < 0.04 else rng.choice(KINH_FAMILY)
        if roll > 0.85:
            middle = f"{rng.choice(KINH_MIDDLE)} {rng.choice(KINH_MIDDLE)}"
        else:
            middle = rng.choice(KINH_MIDDLE)
        return f"{family} {middle} {rng.choice(KINH_GIVEN)}"

    singles = sorted(set(KINH_GIVEN) | set(KINH_FAMILY))
    short = _distinct([], 600, lambda: f"{rng.choice(KINH_FAMILY)} {rng.choice(KINH_GIVEN)}")
    return tuple(_distinct([*singles, *short], count, full))


@cache
def minority_names(count: int = 2400) -> tuple[str, ...]:
    """Distinct names of ethnic minorities (Ê-đê, Gia-rai, Tày, Nùng, Thái, H'Mông, Khmer,
    Chăm and others), with apostrophes and hyphens (NFC)."""
    rng = random.Random(SEED + 1)
    makers = (_ede, _ede, _jrai, _tay_nung, _thai, _hmong, _khmer, _cham)
    singles = sorted({w for group in (EDE_GIVEN, JRAI_GIVEN, HMONG_GIVEN, THAI_GIVEN)
                      for w in group if "'" not in w})  # fmt: skip
    return tuple(_distinct([*OTHER_MINORITY, *singles], count, lambda: rng.choice(makers)(rng)))


def upper_variants(names: tuple[str, ...], every: int = 7) -> tuple[str, ...]:
    """Every ``every``-th name in capitals, as clerks type NGUYỄN VĂN A."""
    return tuple(name.upper() for name in names[::every] if name.upper() != name)


# -- Never legacy -------------------------------------------------------------------------------
FOREIGN_NAMES = (
    "John Smith", "Mary-Jane O'Connor", "Élise Dupont", "François Noël", "Hélène André",
    "Zoë Martin", "José Loïc Martín", "Anaïs Lefèvre", "Jérôme Béranger", "Chloé Müller",
    "Ève Gaëlle", "Raphaël Côté", "Maïté Ibáñez", "Noémie Chéreau", "Céline Dion", "Renée Zellweger",
    "Thérèse Martin", "Benoît Hamon", "Aimée Moreau", "Gérard Depardieu", "Jean-Baptiste Lamarck",
    "Cécile de France", "Agnès Varda", "Léa Seydoux", "Pénélope Cruz", "André Citroën",
)  # fmt: skip
ADDRESSES = (
    "Thôn 3, xã Ea Tu", "Buôn Ko Tam, xã Ea Tu, TP Buôn Ma Thuột", "Số 12 đường Lê Lợi, phường 1",
    "Tổ 5, thị trấn Ea Drăng", "Bản Nà Hì, xã Sín Chải", "Ấp 3, xã Tân Hòa", "Khóm 2, phường 4",
    "Làng Plei Ku Tu, xã Ia Kênh", "Xóm Mới, xã Ea Kao", "Thôn Tân Lập, xã Cư Ê Bur",
)  # fmt: skip
SCHOOLS = (
    "Trường THCS Lê Lợi", "Trường Tiểu học Võ Thị Sáu", "Trường PTDTNT Đắk Lắk",
    "Trường THPT Chu Văn An", "Trường Mầm non Hoa Sen", "Trường TH&THCS Ea Tu",
    "Phòng Giáo dục và Đào tạo TP Buôn Ma Thuột",
)  # fmt: skip
NOTES = (
    "«Sóng và máy tính cho em»", "© 2024 Sở GD&ĐT", "Máy · Sạc · Tai nghe", "Học kỳ I – 2024",
    "Ghi chú: hộ nghèo – đã xác minh", "Mượn từ 05/09/2022 – trả 31/05/2023", "« Hello »",
    "Giá: 3.500.000 ₫ · bảo hành 12 tháng", "® Dell Latitude 3420", "½ học kỳ, 37 °C",
    "Café Müller, Zoë & José Peña", "naïve façade", "Où est la bibliothèque?", "Straße 5",
    "Hà Anh Tú", "Tô Hoài", "Lê Hà Tú", "Hoàng Tú Mai", "Tú Anh", "Hà Tú", "Tô Thị Hà",
    "Hoà Thuý Quý", "Lò Văn Pá", "Y Mlô Ênuôl", "Mã HS: 0123456789", "Lớp 6A1 – Năm học 2024-2025",
)  # fmt: skip


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@cache
def negative_texts() -> tuple[str, ...]:
    """Unicode strings that must never be flagged as legacy text: every corpus name in NFC and
    NFD (and in capitals), foreign names, addresses, school names and notes with « » © · –."""
    names = (*kinh_names(), *minority_names())
    uppers = (*upper_variants(kinh_names()), *upper_variants(minority_names()))
    texts = [*names, *uppers, *FOREIGN_NAMES, *ADDRESSES, *SCHOOLS, *NOTES]
    return tuple(dict.fromkeys([*texts, *(nfd(t) for t in texts)]))
