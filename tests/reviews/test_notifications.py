"""Who is told of a review: the store's staff once the public can read it, the reviewer of the store's reply."""

import pytest
from django.test import Client

from marketplace.notifications.models import Message, MessageKind
from reviews import services
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def told(kind: str) -> list[tuple[int, int | None, dict]]:
    return [(m.recipient_id, m.store_id, m.params) for m in Message.objects.filter(kind=kind).order_by("recipient")]


def test_a_published_review_tells_every_staff_member_of_the_store(line, buyer, store, owner):
    clerk = MembershipFactory(store=store, role="clerk").user

    services.review_create(line=line, by=buyer, stars=4, text="不错")

    params = {"title": line.title, "stars": 4, "order_no": line.order.order_no}
    assert told(MessageKind.STORE_REVIEW_RECEIVED) == sorted(
        [(owner.pk, store.pk, params), (clerk.pk, store.pk, params)]
    )


def test_a_held_review_tells_the_store_only_once_an_operator_approves_it(line, buyer, store, owner, operator):
    review = services.review_create(line=line, by=buyer, stars=1, text="加微信刷单")  # a hold-level word
    before = told(MessageKind.STORE_REVIEW_RECEIVED)

    services.review_approve(review=review, by=operator)

    assert before == []
    assert [recipient for recipient, _store, _params in told(MessageKind.STORE_REVIEW_RECEIVED)] == [owner.pk]


def test_the_stores_reply_tells_the_reviewer_who_reads_it_in_the_message_centre(line, buyer, store, owner):
    review = services.review_create(line=line, by=buyer, stars=5, text="很好")

    services.review_reply(review=review, store=store, by=owner, text="谢谢惠顾")

    assert told(MessageKind.REVIEW_REPLIED) == [(buyer.pk, None, {"title": line.title, "review_id": review.pk})]
    browser = Client()
    browser.force_login(buyer)
    message = Message.objects.get(kind=MessageKind.REVIEW_REPLIED)
    assert f"店铺回复了您对{line.title}的评价" in browser.get("/me/messages/").content.decode()
    assert browser.post(f"/me/messages/{message.pk}/read/")["Location"] == f"/me/reviews/{review.pk}/"
