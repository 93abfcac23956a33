"""What a certificate says, in the reader's language, and who signs it.

The issuing organization, its signer's name and title come from settings with a Japanese side
(``LMS_ISSUER_NAME`` / ``LMS_ISSUER_NAME_JA``, ``LMS_CERTIFICATE_SIGNER_NAME`` / ``…_JA``,
``LMS_CERTIFICATE_SIGNER_TITLE`` / ``…_JA``), the program and cohort from their ``name`` and
``name_ja``: the Japanese certificate is Japanese throughout. ``LMS_CERTIFICATE_SIGNATURE`` and
``LMS_CERTIFICATE_SEAL`` are image files printed beside the signer's name; they are checked when
the app starts (``check_images``), so a wrong path stops the app rather than a certificate.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from lms.certificates.documents import CertificateText
from lms.certificates.models import Certificate
from lms.certificates.queries import grouped_code
from lms.i18n import _, current_locale, format_day
from lms.names import localized_name, localized_setting

IMAGE_SETTINGS = ("LMS_CERTIFICATE_SIGNATURE", "LMS_CERTIFICATE_SEAL")
#: What both the PDF and the browser show as they are.
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class CertificateImageError(RuntimeError):
    """A signature or seal setting that names no usable image."""


def check_images(config: Mapping[str, Any]) -> None:
    """Refuse to start with a signature or seal that is not a PNG or JPEG file."""
    for key in IMAGE_SETTINGS:
        configured = config.get(key)
        if not configured:
            continue
        path = Path(configured)
        if not path.is_file():
            raise CertificateImageError(
                f"{key} is {configured!r}, which is not a file. Give the path of a PNG or JPEG "
                "image, or leave it unset to print certificates without it.")
        # Pillow is loaded only when an image is configured: the app starts without it.
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as image:
                found = image.format
        except (OSError, UnidentifiedImageError) as error:
            raise CertificateImageError(
                f"{key} is {configured!r}, which is not an image that can be read "
                f"({error}). Give a PNG or JPEG file.") from error
        if found not in IMAGE_FORMATS:
            raise CertificateImageError(
                f"{key} is {configured!r}, a {found} image. Give a PNG or JPEG file.")


@dataclass(frozen=True)
class Signatory:
    """Who issues and signs, in one language."""

    issuer: str
    signer_name: str
    signer_title: str
    signature: Path | None
    seal: Path | None

    @property
    def signer_lines(self) -> list[str]:
        """The signer as printed under the signature: in Japanese the title before the name on
        one line (会長　山田 太郎), in English the name above the title."""
        if current_locale().startswith("ja"):
            return [f"{self.signer_title}\u3000{self.signer_name}".strip("\u3000")] \
                if self.signer_name or self.signer_title else []
        return [line for line in (self.signer_name, self.signer_title) if line]


def signatory() -> Signatory:
    config = current_app.config

    def image(key: str) -> Path | None:
        return Path(config[key]) if config.get(key) else None

    return Signatory(
        issuer=localized_setting("LMS_ISSUER_NAME") or config["LMS_SITE_NAME"],
        signer_name=localized_setting("LMS_CERTIFICATE_SIGNER_NAME"),
        signer_title=localized_setting("LMS_CERTIFICATE_SIGNER_TITLE"),
        signature=image("LMS_CERTIFICATE_SIGNATURE"), seal=image("LMS_CERTIFICATE_SEAL"))


def data_uri(path: Path | None) -> str | None:
    """An image for the certificate page, inline: the page needs no address that serves it."""
    if path is None:
        return None
    from PIL import Image

    with Image.open(path) as image:
        mimetype = IMAGE_FORMATS[str(image.format)]
    return f"data:{mimetype};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def completion_sentence(certificate: Certificate) -> str:
    cohort = certificate.enrollment.cohort
    return _("has completed the %(program)s, %(cohort)s, held in Japan from %(start)s to "
             "%(end)s.", program=localized_name(cohort.program), cohort=localized_name(cohort),
             start=format_day(cohort.starts_on, "long"), end=format_day(cohort.ends_on, "long"))


def completion_day(certificate: Certificate) -> str:
    """The date the certificate carries: the completion ceremony's, or the cohort's last day."""
    return format_day(certificate.enrollment.cohort.completed_on, "long")


def certificate_text(certificate: Certificate, verify_url: str) -> CertificateText:
    signer = signatory()
    return CertificateText(
        heading=_("Certificate of Completion"),
        preamble=_("This is to certify that"),
        name=certificate.recipient_name,
        body=completion_sentence(certificate),
        day=completion_day(certificate),
        issuer=signer.issuer,
        signer_lines=tuple(signer.signer_lines),
        signature=signer.signature,
        seal=signer.seal,
        serial_line=_("Certificate %(serial)s, issued %(day)s", serial=certificate.serial,
                      day=format_day(certificate.issued_at.date())),
        verify_line=_("Verify with the code %(code)s at",
                      code=grouped_code(certificate.verification_code)),
        verify_url=verify_url)
