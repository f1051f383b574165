"""Member QR codes per store (seed 004 section 3): a store's and each staff member's code, the /join/ page it leads
to, the member's source recorded at registration (first touch wins), and the members gained per store and clerk."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from members.services import user_create
from stores.invitations import invitation_code_for, invitation_code_regenerate, member_source_record
from stores.models import InvitationCode, MemberSource, StaffRole, StoreEvent, StoreEventType
from tests.conftest import client_for
from tests.factories import MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db

PASSWORD = "Sturdy-passw0rd!"


@pytest.fixture
def clerk(store):
    return MembershipFactory(store=store, role=StaffRole.CLERK).user


@pytest.fixture
def other_clerk(store):
    return MembershipFactory(store=store, role=StaffRole.CLERK).user


@pytest.fixture
def manager(store):
    return MembershipFactory(store=store, role=StaffRole.MANAGER).user


def register(client: Client, username: str, code: str = ""):
    """Fill in the registration page as a visitor would, arriving from a /join/ page when `code` is given."""
    query = f"?invite={code}" if code else ""
    response = client.post(
        f"/accounts/register/{query}",
        {
            "username": username,
            "phone": f"186{abs(hash(username)) % 10**8:08d}",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert response.status_code == 302, "the registration was refused"
    return response


# --- services


def test_registering_through_a_clerks_code_records_the_store_and_the_clerk_once(store, clerk):
    code = invitation_code_for(store=store, staff=clerk)
    member = user_create(username="newbie", password=PASSWORD, phone="18800000001", invitation=code.code)
    source = MemberSource.objects.get(member=member)
    assert (source.store, source.staff, source.code) == (store, clerk, code)
    assert member_source_record(member=member, code=code.code) is None
    assert MemberSource.objects.filter(member=member).count() == 1


def test_the_first_touch_wins_over_another_stores_code(store, clerk):
    member = user_create(
        username="newbie", password=PASSWORD, phone="18800000001", invitation=invitation_code_for(store=store).code
    )
    elsewhere = StoreFactory()
    assert member_source_record(member=member, code=invitation_code_for(store=elsewhere).code) is None
    assert MemberSource.objects.get(member=member).store == store


def test_a_revoked_code_records_nothing_and_its_successor_works(store, clerk, owner):
    old = invitation_code_for(store=store, staff=clerk)
    new = invitation_code_regenerate(code=old, by=owner)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.code != old.code and new.staff == clerk
    assert StoreEvent.objects.filter(store=store, type=StoreEventType.INVITATION_REGENERATED).count() == 1
    assert invitation_code_for(store=store, staff=clerk) == new
    first = user_create(username="late", password=PASSWORD, phone="18800000002", invitation=old.code)
    second = user_create(username="fresh", password=PASSWORD, phone="18800000003", invitation=new.code)
    assert not MemberSource.objects.filter(member=first).exists()
    assert MemberSource.objects.get(member=second).staff == clerk


def test_registering_without_a_code_or_with_an_unknown_one_records_nothing(store):
    plain = user_create(username="plain", password=PASSWORD, phone="18800000004")
    unknown = user_create(username="unknown", password=PASSWORD, phone="18800000005", invitation="no-such-code")
    assert not MemberSource.objects.filter(member__in=[plain, unknown]).exists()


def test_a_removed_clerks_code_no_longer_works(store, clerk):
    code = invitation_code_for(store=store, staff=clerk)
    clerk.store_membership.delete()
    assert Client().get(f"/join/{code.code}/").status_code == 404


# --- the /join/ page and registration through it


def test_the_join_page_names_the_store_and_the_clerk_and_carries_the_code(store, clerk):
    code = invitation_code_for(store=store, staff=clerk)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/join/{code.code}/")
    assert page.status_code == 200
    assert store.name in html(page) and clerk.username in html(page)
    assert f"/accounts/register/?invite={code.code}" in html(page)


def test_an_unknown_code_is_a_404_page(store):
    assert Client().get("/join/not-a-code/").status_code == 404


def test_registering_from_the_join_page_makes_the_visitor_the_clerks_member(store, clerk):
    code = invitation_code_for(store=store, staff=clerk)
    response = register(Client(), "scanned", code.code)
    assert response.status_code == 302
    source = MemberSource.objects.get(member__username="scanned")
    assert (source.store, source.staff) == (store, clerk)


def test_registering_on_the_plain_page_records_no_source(store):
    assert register(Client(), "walkin").status_code == 302
    assert not MemberSource.objects.filter(member__username="walkin").exists()


def test_a_logged_in_member_through_a_code_is_not_reattributed_but_the_store_is_remembered(store, clerk, shopper):
    first = StoreFactory()
    MemberSource.objects.create(member=shopper, store=first, code=invitation_code_for(store=first))
    client = Client()
    client.force_login(shopper)
    assert client.get(f"/join/{invitation_code_for(store=store, staff=clerk).code}/").status_code == 200
    assert client.session["chosen_store_id"] == store.pk
    assert MemberSource.objects.get(member=shopper).store == first


# --- the seller page


def test_the_seller_page_shows_the_qr_codes_as_svg(owner, store, clerk):
    page = seller_client(owner).get("/seller/members/")
    assert page.status_code == 200
    assert html(page).count('data-testid="qr-card"') == 3  # the store's, the owner's and the clerk's
    assert "<svg" in html(page)
    assert invitation_code_for(store=store, staff=clerk).code in html(page)


def test_a_clerk_sees_only_their_own_code_and_count(store, clerk, other_clerk):
    register(Client(), "mine", invitation_code_for(store=store, staff=clerk).code)
    register(Client(), "theirs", invitation_code_for(store=store, staff=other_clerk).code)
    page = html(seller_client(clerk).get("/seller/members/"))
    assert page.count('data-testid="qr-card"') == 1
    assert invitation_code_for(store=store, staff=clerk).code in page
    assert invitation_code_for(store=store, staff=other_clerk).code not in page
    assert 'data-testid="gained-total">1<' in page
    assert other_clerk.username not in page


def test_a_manager_sees_the_counts_per_clerk(store, manager, clerk, other_clerk):
    register(Client(), "scan_a1", invitation_code_for(store=store, staff=clerk).code)
    register(Client(), "scan_a2", invitation_code_for(store=store, staff=clerk).code)
    register(Client(), "scan_b1", invitation_code_for(store=store, staff=other_clerk).code)
    page = html(seller_client(manager).get("/seller/members/?per=month"))
    assert 'data-testid="gained-total">3<' in page
    assert f"<td>{clerk.username}</td><td>2</td>" in page
    assert f"<td>{other_clerk.username}</td><td>1</td>" in page


def test_a_date_range_before_the_registrations_counts_none(store, manager, clerk):
    register(Client(), "scan_a1", invitation_code_for(store=store, staff=clerk).code)
    page = html(seller_client(manager).get("/seller/members/?start=2020-01-01&end=2020-01-31"))
    assert 'data-testid="gained-total">0<' in page


def test_another_stores_code_cannot_be_regenerated(store):
    code = invitation_code_for(store=store)
    stranger = MembershipFactory(store=StoreFactory(), role=StaffRole.OWNER).user
    assert seller_client(stranger).post(f"/seller/members/codes/{code.pk}/regenerate/").status_code == 404
    code.refresh_from_db()
    assert code.revoked_at is None


def test_the_owner_regenerates_a_code_and_the_old_link_is_404(store, owner, clerk):
    code = invitation_code_for(store=store, staff=clerk)
    response = seller_client(owner).post(f"/seller/members/codes/{code.pk}/regenerate/")
    assert response.status_code == 302
    assert Client().get(f"/join/{code.code}/").status_code == 404
    assert InvitationCode.objects.filter(store=store, staff=clerk, revoked_at__isnull=True).count() == 1


# --- the API


def test_the_api_gives_a_clerk_their_own_figures_only(store, clerk, other_clerk):
    register(Client(), "mine", invitation_code_for(store=store, staff=clerk).code)
    register(Client(), "theirs", invitation_code_for(store=store, staff=other_clerk).code)
    body = client_for(clerk).get("/api/v1/seller/members-gained/").json()
    assert body["total"] == 1
    assert body["by_staff"] == [{"staff_id": clerk.pk, "username": clerk.username, "count": 1}]
    assert body["by_period"] == [{"period": timezone.localdate().isoformat(), "count": 1}]
    codes = client_for(clerk).get("/api/v1/seller/member-codes/").json()
    assert [c["staff"] for c in codes] == [clerk.pk]
    assert codes[0]["url"].endswith(f"/join/{codes[0]['code']}/")


def test_the_api_gives_the_owner_the_store_totals_and_refuses_a_reversed_range(owner_api, store, clerk):
    register(Client(), "mine", invitation_code_for(store=store, staff=clerk).code)
    register(Client(), "counter", invitation_code_for(store=store).code)
    body = owner_api.get("/api/v1/seller/members-gained/?per=month").json()
    assert body["total"] == 2
    assert {row["staff_id"] for row in body["by_staff"]} == {clerk.pk, None}
    response = owner_api.get("/api/v1/seller/members-gained/?start=2026-02-01&end=2026-01-01")
    assert response.status_code == 400


def test_staff_of_another_store_count_none_of_this_stores_members(store, clerk, other_store_owner_api):
    register(Client(), "mine", invitation_code_for(store=store, staff=clerk).code)
    assert other_store_owner_api.get("/api/v1/seller/members-gained/").json()["total"] == 0


def test_the_admin_user_page_shows_the_members_source(store, clerk, operator):
    member = UserFactory()
    MemberSource.objects.create(
        member=member, store=store, staff=clerk, code=invitation_code_for(store=store, staff=clerk)
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(operator)
    page = html(client.get(f"/admin/members/user/{member.pk}/change/"))
    assert store.name in page and clerk.username in page


def test_the_demo_clerks_have_members_they_brought_and_seeding_twice_adds_none():
    from members import demo as members_demo
    from stores import demo as stores_demo

    parts: dict = {"accounts": []}
    members_demo.seed(parts)
    stores_demo.seed(parts)
    counts = (MemberSource.objects.count(), InvitationCode.objects.count())
    stores_demo.seed(parts)
    assert (MemberSource.objects.count(), InvitationCode.objects.count()) == counts
    assert MemberSource.objects.filter(staff__username="sh_clerk").count() == 3
    assert MemberSource.objects.filter(store=parts["stores"]["sh"], staff__isnull=True).count() == 1


def test_the_owner_regenerates_a_code_through_the_api_and_a_manager_may_not(owner_api, store, manager):
    code = invitation_code_for(store=store)
    assert client_for(manager).post(f"/api/v1/seller/member-codes/{code.pk}/regenerate/").status_code == 403
    response = owner_api.post(f"/api/v1/seller/member-codes/{code.pk}/regenerate/")
    assert response.status_code == 201
    assert response.json()["code"] != code.code and response.json()["staff"] is None
    assert owner_api.post(f"/api/v1/seller/member-codes/{code.pk}/regenerate/").json()["code"] == "not_found"


def test_hq_sees_members_gained_per_store_and_clerk_across_stores_most_first(store, clerk, other_clerk):
    elsewhere = StoreFactory(name="西湖加盟店")
    their_clerk = MembershipFactory(store=elsewhere, role=StaffRole.CLERK).user
    register(Client(), "member_a1", invitation_code_for(store=store, staff=clerk).code)
    register(Client(), "member_a2", invitation_code_for(store=store, staff=clerk).code)
    register(Client(), "member_a3", invitation_code_for(store=store).code)
    register(Client(), "member_b1", invitation_code_for(store=elsewhere, staff=their_clerk).code)
    old = UserFactory()
    MemberSource.objects.create(member=old, store=elsewhere, code=invitation_code_for(store=elsewhere))
    MemberSource.objects.filter(member=old).update(registered_at=timezone.now() - timedelta(days=40))

    body = client_for(OperatorFactory()).get("/api/v1/platform/members-gained/").json()

    assert body["total"] == 4  # the last 30 days: the one who came 40 days ago is outside
    assert [(row["store_id"], row["total"]) for row in body["stores"]] == [(store.pk, 3), (elsewhere.pk, 1)]
    assert body["stores"][0]["by_staff"] == [
        {"staff_id": clerk.pk, "username": clerk.username, "count": 2},
        {"staff_id": None, "username": "", "count": 1},
    ]
    assert body["stores"][1]["by_staff"] == [{"staff_id": their_clerk.pk, "username": their_clerk.username, "count": 1}]
    wider = client_for(OperatorFactory()).get("/api/v1/platform/members-gained/?start=2000-01-01").json()
    assert wider["total"] == 5
    reversed_range = "/api/v1/platform/members-gained/?start=2026-02-01&end=2026-01-01"
    assert client_for(OperatorFactory()).get(reversed_range).status_code == 400
