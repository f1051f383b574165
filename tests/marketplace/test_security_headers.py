"""Content-Security-Policy and Permissions-Policy on pages and API answers alike, and templates with no inline
script for the policy to refuse (marketplace.middleware.SecurityHeaders)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/", "/api/v1/catalog/products/", "/accounts/login/", "/api/docs/", "/nowhere/"])
def test_every_answer_carries_the_policies(client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_the_api_docs_load_their_start_up_script_from_a_file(client):
    page = client.get("/api/docs/").content.decode()

    assert not INLINE_SCRIPT.search(page)


def test_no_template_of_ours_has_an_inline_script_or_event_handler():
    templates = [path for folder in settings.TEMPLATES[0]["DIRS"] for path in Path(folder).rglob("*.html")]
    templates += list(Path(settings.BASE_DIR).glob("*/templates/**/*.html"))

    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in templates
        if INLINE_SCRIPT.search(text := path.read_text()) or INLINE_HANDLER.search(text)
    ]

    assert templates
    assert offenders == []
