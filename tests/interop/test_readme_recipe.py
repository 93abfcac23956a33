"""The README's recipe for checking a credential without Kakehashi works, as printed there."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from unittest import mock

import pytest
from cryptography.exceptions import InvalidSignature

from tests.interop.conftest import download, log_in_as, log_out, published_documents

README = Path(__file__).resolve().parents[2] / "README.md"


def _recipe() -> str:
    text = README.read_text(encoding="utf-8")
    after = text.split("To check a credential without Kakehashi", 1)[1]
    match = re.search(r"```python\n(.*?)```", after, re.DOTALL)
    assert match, "README has no Python recipe for checking a credential"
    return match.group(1)


def _run(recipe: str, credential: dict, documents: dict) -> None:
    def urlopen(url: str) -> io.BytesIO:
        return io.BytesIO(json.dumps(documents[url.split("#")[0]]).encode())

    def open_file(name: str, *args: object, **kwargs: object) -> io.StringIO:
        return io.StringIO(json.dumps(credential))

    with mock.patch("urllib.request.urlopen", urlopen):
        exec(compile(recipe, str(README), "exec"), {"open": open_file})  # noqa: S102


def test_the_readme_recipe_accepts_a_credential_and_refuses_a_tampered_one(
        client, certificates, tmp_path):
    log_in_as(client, "staff@example.org")
    credential = download(client, certificates["putri"])
    log_out(client)
    documents = published_documents(client, credential)
    recipe = _recipe()

    _run(recipe, credential, documents)

    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["name"] = "Another program"
    with pytest.raises(InvalidSignature):
        _run(recipe, tampered, documents)
