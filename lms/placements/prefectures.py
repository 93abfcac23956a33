"""Japan's 47 prefectures by their JIS X 0401 codes, in that (north to south) order, with
their names in English and Japanese: a facility's prefecture is stored as its code."""

from __future__ import annotations

from typing import NamedTuple


class Prefecture(NamedTuple):
    code: str
    name: str
    name_ja: str


PREFECTURES: tuple[Prefecture, ...] = tuple(Prefecture(f"{number:02d}", name, name_ja) for
                                            number, (name, name_ja) in enumerate((
    ("Hokkaido", "北海道"), ("Aomori", "青森県"), ("Iwate", "岩手県"), ("Miyagi", "宮城県"),
    ("Akita", "秋田県"), ("Yamagata", "山形県"), ("Fukushima", "福島県"), ("Ibaraki", "茨城県"),
    ("Tochigi", "栃木県"), ("Gunma", "群馬県"), ("Saitama", "埼玉県"), ("Chiba", "千葉県"),
    ("Tokyo", "東京都"), ("Kanagawa", "神奈川県"), ("Niigata", "新潟県"), ("Toyama", "富山県"),
    ("Ishikawa", "石川県"), ("Fukui", "福井県"), ("Yamanashi", "山梨県"), ("Nagano", "長野県"),
    ("Gifu", "岐阜県"), ("Shizuoka", "静岡県"), ("Aichi", "愛知県"), ("Mie", "三重県"),
    ("Shiga", "滋賀県"), ("Kyoto", "京都府"), ("Osaka", "大阪府"), ("Hyogo", "兵庫県"),
    ("Nara", "奈良県"), ("Wakayama", "和歌山県"), ("Tottori", "鳥取県"), ("Shimane", "島根県"),
    ("Okayama", "岡山県"), ("Hiroshima", "広島県"), ("Yamaguchi", "山口県"),
    ("Tokushima", "徳島県"), ("Kagawa", "香川県"), ("Ehime", "愛媛県"), ("Kochi", "高知県"),
    ("Fukuoka", "福岡県"), ("Saga", "佐賀県"), ("Nagasaki", "長崎県"), ("Kumamoto", "熊本県"),
    ("Oita", "大分県"), ("Miyazaki", "宮崎県"), ("Kagoshima", "鹿児島県"), ("Okinawa", "沖縄県"),
), start=1))

BY_CODE = {prefecture.code: prefecture for prefecture in PREFECTURES}


def prefecture_name(code: str, locale: str) -> str:
    """The prefecture's name in Japanese on a Japanese page, else in English; the code itself
    if it is none of them (never expected: the forms and the import check it)."""
    prefecture = BY_CODE.get(code)
    if prefecture is None:
        return code
    return prefecture.name_ja if locale == "ja" else prefecture.name


def prefecture_code(text: str) -> str | None:
    """The code of a prefecture given by its code, or its name in English or Japanese (with or
    without 都/府/県), as a CSV file may give it; None if none matches."""
    wanted = text.strip()
    if wanted in BY_CODE:
        return wanted
    if wanted.isdigit() and f"{int(wanted):02d}" in BY_CODE:
        return f"{int(wanted):02d}"
    folded = wanted.casefold().removesuffix(" prefecture")
    for prefecture in PREFECTURES:
        if folded == prefecture.name.casefold() \
                or wanted in {prefecture.name_ja, _without_suffix(prefecture.name_ja)}:
            return prefecture.code
    return None


def _without_suffix(name_ja: str) -> str:
    """京都府 → 京都, 東京都 → 東京: one character, never a run of them (京都府 is not 京)."""
    return name_ja[:-1] if name_ja[-1] in "都府県" else name_ja
