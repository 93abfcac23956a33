"""Revocation that any verifier can see: W3C Bitstring Status List v1.0.

Each certificate has a fixed index (``Certificate.status_list_index``); list ``n`` covers the
indexes from ``(n - 1) * LIST_SIZE``, and its bit for a revoked certificate is 1. A list is a
``BitstringStatusListCredential`` with the purpose "revocation" (final, as that purpose requires),
signed by the issuer and published at ``/credentials/status/<n>``; it is built from the database
on each request, signed as of the list's latest revocation, so it is the same document until
staff revoke another certificate in it, and then it is re-signed with the change.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.certificates import credentials
from lms.certificates.models import Certificate

#: 131,072 entries (16 KB), the spec's minimum, so one entry cannot be told from the list size.
LIST_SIZE = 16 * 1024 * 8
PURPOSE = "revocation"
#: When a list has never had a revocation; any fixed moment keeps the document stable.
NEVER_REVOKED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def place(index: int) -> tuple[int, int]:
    """The list number (from 1) and the position in it of a certificate's index."""
    return index // LIST_SIZE + 1, index % LIST_SIZE


def encode(set_positions: set[int]) -> str:
    """The ``encodedList``: the bitstring, GZIP-compressed, base64url without padding, with the
    multibase prefix 'u'. Position 0 is the left-most (most significant) bit of the first byte."""
    bits = bytearray(LIST_SIZE // 8)
    for position in set_positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def bit_is_set(encoded_list: str, position: int) -> bool:
    if not encoded_list.startswith("u"):
        raise ValueError("an encodedList is multibase base64url: it starts with 'u'")
    payload = encoded_list[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    if position >= len(bits) * 8:
        raise ValueError("the position is past the end of the list")
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def entry(list_url: str, index: int) -> dict[str, Any]:
    """The credential's ``credentialStatus``."""
    position = place(index)[1]
    return {
        "id": f"{list_url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(position),
        "statusListCredential": list_url,
    }


def revoked_positions(db_session: Session, number: int) -> tuple[set[int], dt.datetime | None]:
    """The positions of the revoked certificates in list ``number``, and the latest revocation."""
    first = (number - 1) * LIST_SIZE
    in_list = (Certificate.status_list_index >= first,
               Certificate.status_list_index < first + LIST_SIZE,
               Certificate.revoked_at.is_not(None))
    positions = {index - first for index in db_session.scalars(
        select(Certificate.status_list_index).where(*in_list))}
    latest = db_session.scalar(select(func.max(Certificate.revoked_at)).where(*in_list))
    return positions, latest


def list_exists(db_session: Session, number: int) -> bool:
    """A list is published once a certificate has an index in it (list 1 always)."""
    if number == 1:
        return True
    top = db_session.scalar(select(func.max(Certificate.status_list_index)))
    return number >= 1 and top is not None and place(top)[0] >= number


def status_list_credential(list_url: str, issuer_id: str, positions: set[int],
                           signed_at: dt.datetime, key: Any,
                           verification_method: str) -> dict[str, Any]:
    document = {
        "@context": [credentials.VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": credentials.timestamp(signed_at),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(positions),
        },
    }
    return credentials.sign(document, key, verification_method, signed_at)


def revoked_in(status_list: dict[str, Any], position: int) -> bool:
    subject = status_list.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("statusPurpose") != PURPOSE \
            or not isinstance(subject.get("encodedList"), str):
        raise ValueError("not a revocation status list")
    return bit_is_set(subject["encodedList"], position)
