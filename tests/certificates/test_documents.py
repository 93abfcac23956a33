"""The certificate as a person reads it: the PDF rendered to an image and read through its text
layer, the certificate page and the verification page, in English and in Japanese. The issuer is
the council with its signer, signature and seal; the date is the completion ceremony's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image
from sqlalchemy import select

from lms.app import create_app
from lms.certificates import services
from lms.certificates.documents import DEFAULT_FONTS
from lms.certificates.models import Certificate
from lms.certificates.wording import CertificateImageError
from tests.conftest import app_config, csrf_token, login

COUNCIL = {
    "LMS_ISSUER_NAME": "National Council of Social Welfare",
    "LMS_ISSUER_NAME_JA": "全国社会福祉協議会",
    "LMS_CERTIFICATE_SIGNER_NAME": "Sakamoto Michiko",
    "LMS_CERTIFICATE_SIGNER_NAME_JA": "坂本 美智子",
    "LMS_CERTIFICATE_SIGNER_TITLE": "President",
    "LMS_CERTIFICATE_SIGNER_TITLE_JA": "会長",
}
VERMILION = (200, 40, 35)


def _images(directory):
    """A dark-blue pen stroke and a vermilion square seal, as PNG files."""
    signature = directory / "signature.png"
    Image.new("RGB", (300, 80), (20, 30, 70)).save(signature)
    seal = directory / "seal.png"
    Image.new("RGB", (200, 200), VERMILION).save(seal)
    return signature, seal


@pytest.fixture
def config_overrides(tmp_path):
    signature, seal = _images(tmp_path)
    return {**COUNCIL, "LMS_CERTIFICATE_SIGNATURE": str(signature),
            "LMS_CERTIFICATE_SEAL": str(seal)}


pytestmark = pytest.mark.skipif(
    not any(Path(font).is_file() for font in DEFAULT_FONTS if "CJK" in font),
    reason="no Japanese font for the PDF (apt-get install fonts-noto-cjk)")


def _certificate(db, year, *, ceremony: dt.date | None = dt.date(2020, 2, 21),
                 locale: str = "en") -> Certificate:
    cohort = year["cohort"]
    cohort.name = "36th cohort"
    cohort.ends_on = dt.date(2020, 2, 25)
    cohort.name_ja = "第36期"
    cohort.program.name_ja = "アジア社会福祉従事者研修"
    cohort.completion_ceremony_on = ceremony
    year["done"].user.locale = locale
    services.complete_cohort(db, year["staff"], cohort)
    db.commit()
    return db.scalar(select(Certificate))


def _as(client, email):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/verify")})
    assert login(client, email).status_code == 302


def _read(pdf_bytes: bytes, render_to=None) -> tuple[str, int, Image.Image]:
    """The PDF's one page: its text as a reader's tool extracts it (whitespace made single
    spaces), its number of images, and the page as a person sees it."""
    document = pdfium.PdfDocument(pdf_bytes)
    assert len(document) == 1
    page = document[0]
    text = " ".join(page.get_textpage().get_text_range().split())
    images = len(list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
    picture = page.render(scale=1.5).to_pil().convert("RGB")
    if render_to is not None:
        picture.save(render_to)
    return text, images, picture


def _has_colour(picture: Image.Image, colour: tuple[int, int, int]) -> bool:
    return any(pixel == colour for _count, pixel in picture.getcolors(maxcolors=1 << 20))


def test_the_english_pdf_names_the_council_its_signer_the_cohort_and_the_ceremony_day(
        client, db, year, tmp_path):
    certificate = _certificate(db, year)
    _as(client, "putri@example.org")
    response = client.get(f"/certificates/{certificate.id}/certificate.pdf")
    text, images, picture = _read(response.data, tmp_path / "certificate-en.png")
    for printed in ("Certificate of Completion", "This is to certify that", "Putri Handayani",
                    "has completed the Asian Social Welfare Workers' Training Program, 36th "
                    "cohort, held in Japan from",
                    "National Council of Social Welfare", "Sakamoto Michiko", "President",
                    "ASWWTP-36-001"):
        assert printed in text
    # The period of the training, and the ceremony's day as the certificate's date.
    assert "March 14, 2019" in text or "14 March 2019" in text
    assert "February 25, 2020" in text or "25 February 2020" in text
    assert "February 21, 2020" in text or "21 February 2020" in text
    # QR code, signature and seal; the seal is there to see, in its own colour.
    assert images == 3
    assert _has_colour(picture, VERMILION)
    assert "全国" not in text and "第36期" not in text


def test_the_japanese_pdf_is_japanese_throughout(client, db, year, tmp_path):
    certificate = _certificate(db, year, locale="ja")
    _as(client, "putri@example.org")
    response = client.get(f"/certificates/{certificate.id}/certificate.pdf")
    text, images, _picture = _read(response.data, tmp_path / "certificate-ja.png")
    for printed in ("修了証", "Putri Handayani", "アジア社会福祉従事者研修", "第36期",
                    "全国社会福祉協議会", "会長 坂本 美智子", "2019年3月14日", "2020年2月25日",
                    "2020年2月21日"):
        assert printed in text
    for english in ("National Council", "Sakamoto", "President", "Workers' Training",
                    "36th cohort"):
        assert english not in text
    assert images == 3


def test_without_a_ceremony_the_certificate_carries_the_last_day(client, db, year):
    certificate = _certificate(db, year, ceremony=None)
    _as(client, "putri@example.org")
    text, _images, _picture = _read(
        client.get(f"/certificates/{certificate.id}/certificate.pdf").data)
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    last_day = "25 February 2020" if "25 February 2020" in text else "February 25, 2020"
    # Once in the period, once as the certificate's date.
    assert text.count(last_day) == 2
    assert page.count(last_day) == 2


def test_the_certificate_page_shows_the_signer_the_signature_and_the_seal(client, db, year):
    certificate = _certificate(db, year)
    _as(client, "putri@example.org")
    page = client.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    for shown in ("National Council of Social Welfare", "Sakamoto Michiko", "President",
                  "has completed the Asian Social Welfare Workers&#39; Training Program, 36th "
                  "cohort, held in Japan from"):
        assert shown in page
    assert page.count('src="data:image/png;base64,') == 2
    assert 'alt="Seal of National Council of Social Welfare"' in page


def test_the_verification_page_names_the_council_and_the_day_in_the_readers_language(
        client, db, year):
    certificate = _certificate(db, year)
    path = f"/verify/{certificate.verification_code}"
    page = client.get(path).get_data(as_text=True)
    assert "National Council of Social Welfare" in page and "Kakehashi." not in page
    assert "Completed on" in page and ("21 February 2020" in page or "February 21, 2020" in page)
    assert "data:image" not in page  # the verification page shows no signature
    page = client.get(path, headers={"Accept-Language": "ja"}).get_data(as_text=True)
    for shown in ("全国社会福祉協議会", "第36期", "アジア社会福祉従事者研修", "2020年2月21日"):
        assert shown in page


def test_the_credential_stays_in_english_for_a_japanese_reader(client, db, year):
    """Open Badges 3.0 names are plain strings (1EdTech's schema has no language maps), so
    the signed credential keeps the English names whoever downloads it."""
    certificate = _certificate(db, year, locale="ja")
    _as(client, "putri@example.org")
    document = client.get(f"/certificates/{certificate.id}/credential.json").get_json()
    assert document["issuer"]["name"] == "National Council of Social Welfare"
    assert document["name"] == "Asian Social Welfare Workers' Training Program: 36th cohort"


@pytest.mark.parametrize("key", ["LMS_CERTIFICATE_SIGNATURE", "LMS_CERTIFICATE_SEAL"])
def test_a_signature_or_seal_that_is_no_image_stops_the_app_with_its_setting_named(
        database_url, tmp_path, key):
    missing = tmp_path / "nowhere.png"
    with pytest.raises(CertificateImageError, match=f"{key} is .*nowhere.png.*not a file"):
        create_app(app_config(database_url, **{key: str(missing)}))
    text = tmp_path / "seal.png"
    text.write_text("not a picture")
    with pytest.raises(CertificateImageError, match=f"{key} .*PNG or JPEG"):
        create_app(app_config(database_url, **{key: str(text)}))
    gif = tmp_path / "seal.gif"
    Image.new("RGB", (10, 10)).save(gif)
    with pytest.raises(CertificateImageError, match="a GIF image"):
        create_app(app_config(database_url, **{key: str(gif)}))
