"""An operator, in the Django admin console, approves a store application and then a product waiting for review."""

import pytest

from catalog.models import Spu, SpuStatus
from stores.models import StoreStatus
from tests.catalog.factories import PhoneCatalog
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, OperatorFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_action(page, label: str) -> None:
    page.select_option("select[name=action]", label=label)
    page.locator("button[name=index], input[name=index]").first.click()


def test_an_operator_approves_a_store_application_then_a_product(page):
    operator = OperatorFactory()
    applicant = UserFactory()
    applying = StoreFactory(name="新开张的小店", status=StoreStatus.APPLYING, applicant=applicant)
    selling = StoreFactory(name="数码旗舰店")
    spu = PhoneCatalog().phone(selling, approve=False)
    Spu.objects.filter(pk=spu.pk).update(status=SpuStatus.PENDING_REVIEW)

    page.goto(page.base_url + "/admin/")
    page.fill("#id_username", operator.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.goto(page.base_url + "/admin/stores/store/?status__exact=applying")
    page.check(f"input[name=_selected_action][value='{applying.pk}']")
    screenshot(page, "operator-store-applications")
    run_action(page, "通过所选入驻申请")

    applying.refresh_from_db()
    assert applying.status == StoreStatus.ACTIVE
    assert applying.memberships.get().user == applicant

    page.goto(page.base_url + "/admin/catalog/spureview/")
    page.check(f"input[name=_selected_action][value='{spu.pk}']")
    screenshot(page, "operator-review-queue")
    run_action(page, "通过所选商品")

    assert Spu.objects.get(pk=spu.pk).status == SpuStatus.ON_SHELF
