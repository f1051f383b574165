import pytest
from django.utils import translation

from catalog import selectors
from tests.catalog.factories import PhoneCatalog


@pytest.fixture(autouse=True)
def english():
    """Service tests read the English messages, as the API tests do (tests/conftest.py asks for English)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated pictures go to a temporary directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def no_facets_cache(monkeypatch):
    """Facet counts are computed afresh in every test; the cache has a test of its own."""
    monkeypatch.setattr(selectors, "FACETS_CACHE_SECONDS", 0)


@pytest.fixture
def catalog(db):
    return PhoneCatalog()
