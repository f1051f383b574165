"""Text that merchants and shoppers type is shown as text wherever it appears: a stored script never becomes
markup (Django's autoescaping; descriptions pass nh3), and session-authenticated API writes need the CSRF token."""

import pytest
from django.test import Client

from stores.models import Store
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


def test_a_script_in_a_product_title_and_a_store_name_is_shown_as_text(client):
    store = StoreFactory(name=f"店{PAYLOAD}")
    spu = PhoneCatalog().phone(store, title=f"手机{PAYLOAD}")
    client.force_login(OperatorFactory(is_superuser=True))

    pages = [
        client.get(f"/products/{spu.pk}/"),
        client.get(f"/search/?q={spu.pk}"),
        client.get("/search/?q=手机"),
        client.get(f"/admin/catalog/spu/{spu.pk}/change/"),
        client.get(f"/admin/stores/store/{store.pk}/change/"),
    ]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert(2)" not in html and 'onerror="alert(1)"' not in html
    assert "&lt;script&gt;alert(2)" in pages[0].content.decode()


def test_a_session_api_write_without_the_csrf_token_is_refused(db):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    application = {
        "name": "店",
        "type": "third_party",
        "phone": "13811112222",
        "region": "310104",
        "address": "路 1 号",
        "latitude": "31",
        "longitude": "121",
    }

    response = browser.post("/api/v1/stores/applications/", application, content_type="application/json")

    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert not Store.objects.exists()
