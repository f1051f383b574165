"""The demo's application waiting for review: an operator of `make run` finds it with its documents and categories,
and seeding again adds nothing."""

import pytest

from stores import demo_application
from stores.models import Store, StoreStatus
from tests.stores.application import categories

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_application_under_review_with_documents_and_seeding_twice_adds_nothing():
    fresh, digital, _phones = categories()
    demo = {"accounts": []}

    demo_application.seed(demo)
    demo_application.seed(demo)

    store = Store.objects.get(applicant__username="applicant")
    assert store.status == StoreStatus.APPLYING
    assert store.business_licence and store.id_card
    assert store.business_categories == [fresh.pk, digital.pk]
    assert Store.objects.filter(applicant__username="applicant").count() == 1
