"""The Japanese catalogue keeps to the council's glossary (docs: the Japanese terms): one English
term, one Japanese term. Each rule names a variant that crept in before and the glossary's word;
a rule may be limited to a context (grants write 申請, training admissions 応募) or to entries
whose English mentions a term."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
JA_CATALOG = ROOT / "lms" / "translations" / "ja" / "LC_MESSAGES" / "messages.po"


@dataclass(frozen=True)
class Rule:
    forbidden: str  # a regular expression over the Japanese
    instead: str  # the glossary's term, for the failure message
    context: str | None = None  # only entries with this msgctxt
    english: str | None = None  # only entries whose English matches this (case-insensitive)


RULES = (
    Rule("受給者", "助成先 (grantee)"),
    # Alumni reports are still 承認 (approved for publication) by the office: not a grant's 採択.
    Rule("承認", "採択 (approved, beside 不採択)", english=r"^approved$|grant|fund|amount"),
    Rule("推薦", "審査意見 (a reviewer's recommendation; 推薦 is nomination)",
         english=r"recommend"),
    Rule("事業担当職員", "事務局 (the office) or 担当職員 (one staff member)"),
    Rule("在籍", "研修期間中 (plain words on trainee pages)"),
    Rule("渡航", "来日 (plain words on trainee pages)"),
    Rule("進捗(?!報告)", "学習の進み具合 (a trainee's own progress)", english=r"^your progress"),
    Rule("応募資格(あり|なし)|(?<!集計)対象外|申請資格", "資格あり / 資格なし (screening)"),
    Rule("評価基準", "評価項目 (criterion)"),
    Rule("スコア|点数", "得点 (score)"),
    Rule("地域開発", "地域づくり (community development)"),
    Rule("タイムゾーン", "the time itself: 'Your time' is not a time zone", english=r"^your time:"),
    Rule("登録者数", "アカウント登録 (an account was created)", context="audit"),
    # A seminar's session is セッション; a sign-in's (on the account pages) is not.
    Rule("セッション", "ログイン (a sign-in; セッション is a seminar's session)",
         english=r"(account|deactivat).*session|session.*(account|deactivat)"),
    Rule("申請", "応募 (training admissions)", context="admissions"),
    Rule("応募", "申請 (grants)", context="grants"),
)

def _entries():
    with JA_CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else " ".join(message.id)
        japanese = message.string if isinstance(message.string, str) else " ".join(message.string)
        yield message.context, english, japanese


def violations(entries) -> list[str]:
    found = []
    for context, english, japanese in entries:
        for rule in RULES:
            if rule.context is not None and context != rule.context:
                continue
            if rule.english is not None and not re.search(rule.english, english, re.IGNORECASE):
                continue
            if re.search(rule.forbidden, japanese):
                found.append(f"[{context or ''}] {english!r} → {japanese!r}: use {rule.instead}")
    return found


def test_the_catalogue_uses_the_glossary_terms():
    problems = violations(_entries())
    assert problems == [], "\n".join(problems)


def test_shared_application_strings_have_a_grants_and_an_admissions_context():
    contexts = {(context, english) for context, english, _japanese in _entries()}
    for english in ("Applicant", "Your application", "Applications open"):
        assert ("grants", english) in contexts and ("admissions", english) in contexts


def test_each_rule_catches_its_variant():
    # The rules themselves: put each forbidden word back and the check fails.
    planted = [
        ("grants", "Note to the grantee", "受給者へのコメント"),
        (None, "approved", "承認"),
        (None, "Your recommendation", "推薦の可否"),
        (None, "Only program staff can do this.", "この操作は事業担当職員のみが行えます。"),
        (None, "Work can only be handed in while you are an active trainee.", "在籍している間のみ"),
        (None, "Before you arrive", "渡航前の準備"),
        (None, "Your progress", "進捗"),
        (None, "Found eligible", "応募資格あり"),
        (None, "not eligible", "対象外"),
        (None, "Each criterion needs a label.", "各評価基準に名称を付けてください。"),
        (None, "Weighted score", "加重スコア"),
        (None, "Community development", "地域開発"),
        (None, "Your time: %(when)s", "あなたのタイムゾーン：%(when)s"),
        ("audit", "Registered", "登録者数"),
        (None, "The account is deactivated and its sessions have ended.", "セッションを終了"),
        ("admissions", "Applicant", "申請者"),
        ("grants", "Applicant", "応募者"),
    ]
    for entry in planted:
        assert violations([entry]), entry
    allowed = [
        (None, "does not count", "集計対象外"),
        (None, "Save session", "セッションを保存する"),
        (None, "Progress report", "進捗報告"),
        (None, "Nomination", "推薦"),
        (None, "Registered", "登録者数"),
        ("admissions", "Applicant", "応募者"),
        ("grants", "Applicant", "申請者"),
    ]
    assert violations(allowed) == []
