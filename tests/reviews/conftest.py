import pytest

from tests.catalog.factories import PhoneCatalog
from tests.factories import UserFactory
from tests.reviews.helpers import bought


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


@pytest.fixture
def phone(catalog, store):
    return catalog.phone(store, title="评价 Mate 手机", stock=50)


@pytest.fixture
def buyer(db):
    return UserFactory(username="zhangsan", first_name="", last_name="")


@pytest.fixture
def order(phone, buyer):
    return bought(phone, buyer)


@pytest.fixture
def line(order):
    return order.lines.get()
