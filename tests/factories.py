"""Factories shared by every app's tests. App-specific ones live in tests/<app>/factories.py."""

from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from members.models import Role, User
from stores.models import StaffRole, Store, StoreMembership, StoreStatus, StoreType, Warehouse

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    roles = factory.PostGeneration(lambda user, create, extracted, **kwargs: grant_roles(user, extracted or []))


def grant_roles(user: User, roles) -> None:
    """Put the user in the groups of `roles` (created by the members migration) and save the password."""
    user.groups.add(*Group.objects.filter(name__in=[Role(role).value for role in roles]))
    user.save()


class OperatorFactory(UserFactory):
    is_staff = True
    roles = factory.PostGeneration(lambda user, create, extracted, **kwargs: grant_roles(user, [Role.OPERATOR]))


class FinanceFactory(UserFactory):
    is_staff = True
    roles = factory.PostGeneration(lambda user, create, extracted, **kwargs: grant_roles(user, [Role.FINANCE]))


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    name = factory.Sequence(lambda n: f"Store {n}")
    type = StoreType.THIRD_PARTY
    status = StoreStatus.ACTIVE
    phone = "13800000000"
    region_id = "310101"
    address = "上海市黄浦区南京东路 1 号"
    latitude = Decimal("31.230000")
    longitude = Decimal("121.470000")
    applicant = factory.SubFactory(UserFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoreMembership

    store = factory.SubFactory(StoreFactory)
    user = factory.SubFactory(UserFactory)
    role = StaffRole.OWNER


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    store = factory.SubFactory(StoreFactory)
    name = factory.Sequence(lambda n: f"Warehouse {n}")
    region_id = "310101"
    address = "上海市黄浦区 1 号"
