import pytest
from django.test import Client

from coupons.models import TemplateStatus
from tests.coupons.factories import coupon_template
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_operator_stops_coupons_from_the_list(admin_client):
    template = coupon_template()

    response = admin_client.post(
        "/admin/coupons/coupontemplate/", {"action": "stop", "_selected_action": [template.pk]}, follow=True
    )

    template.refresh_from_db()
    assert template.status == TemplateStatus.STOPPED
    assert "1 coupon stopped." in response.content.decode()


@pytest.mark.parametrize("model", ["coupontemplate", "usercoupon", "redeembatch"])
def test_the_coupon_pages_open(admin_client, model):
    coupon_template()

    assert admin_client.get(f"/admin/coupons/{model}/").status_code == 200
