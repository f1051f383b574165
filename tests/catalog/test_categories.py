import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog import selectors
from catalog.models import BackendCategory
from tests.catalog.factories import AttributeFactory, BackendCategoryFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_fifth_level_of_backend_categories(catalog):
    fourth = BackendCategoryFactory(name="折叠屏", parent=catalog.phones)
    assert fourth.level == 3

    with pytest.raises(IntegrityError), transaction.atomic():
        BackendCategoryFactory(name="第五层", parent=fourth)


def test_moving_a_subtree_that_would_end_deeper_than_four_levels_is_refused_by_the_form(catalog):
    other_root = BackendCategoryFactory(name="家电")
    deep = BackendCategoryFactory(name="大家电", parent=BackendCategoryFactory(name="家用", parent=other_root))
    catalog.group.parent = deep  # 手机通讯 (with 手机 below it) under a third-level node: five levels

    with pytest.raises(ValidationError) as error:
        catalog.group.clean()

    assert "parent" in error.value.message_dict


def test_a_category_with_products_stays_a_leaf(catalog, store):
    catalog.phone(store)

    with pytest.raises(ValidationError) as error:
        BackendCategory(name="折叠屏", parent=catalog.phones).clean()

    assert "parent" in error.value.message_dict


def test_a_leaf_inherits_the_templates_of_every_ancestor_root_first(catalog):
    AttributeFactory(category=catalog.root, name="产地", sort_order=9)

    names = [attribute.name for attribute in selectors.category_attributes(category=catalog.phones)]

    assert names == ["产地", "型号", "颜色", "内存", "屏幕"]
    assert [a.name for a in selectors.category_attributes(category=catalog.accessories)] == ["产地", "型号"]
