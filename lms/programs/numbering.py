"""The program's own numbering: a cohort is "the 37th" when the program counted it, and is known
by its fiscal year when it has no number (a year cancelled, or one the record gives none)."""

from __future__ import annotations


def ordinal(number: int) -> str:
    """``37th``, ``21st``, ``112th``: the English ordinal people use for a cohort."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
        number % 10, "th")
    return f"{number}{suffix}"


def default_names(number: int | None, fiscal_year: int) -> tuple[str, str]:
    """The names a cohort gets when staff give none, in English and in Japanese (stored as
    the cohort's two names, like any other): ``37th cohort (fiscal 2023)`` / ``第37期（2023年度）``,
    or ``Fiscal 2021 cohort`` / ``2021年度研修期`` for a cohort without a number."""
    if number is None:
        return f"Fiscal {fiscal_year} cohort", f"{fiscal_year}年度研修期"
    return f"{ordinal(number)} cohort (fiscal {fiscal_year})", f"第{number}期（{fiscal_year}年度）"
