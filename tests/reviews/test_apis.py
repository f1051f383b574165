"""The reviews API as apps call it: review a line, follow up, read a product's reviews and rating, the store's
reviews and its reply."""

import pytest

from reviews import services
from reviews.models import Review
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.reviews.helpers import bought, png

pytestmark = pytest.mark.django_db


def test_the_shopper_reviews_a_line_with_photos_through_the_api(order, line, buyer):
    response = client_for(buyer).post(
        f"/api/v1/orders/{order.order_no}/lines/{line.pk}/review/",
        {"stars": "5", "text": "很好", "anonymous": "true", "photos": [png(), png("b.png")]},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["stars"], body["text"], body["status"], body["author"]) == (5, "很好", "published", "z**")
    assert len(body["photos"]) == 2 and body["photos"][0]["url"].startswith("http")
    assert body["order_no"] == order.order_no and body["line"] == line.pk


def test_a_second_review_of_the_line_is_already_reviewed(order, line, buyer):
    api = client_for(buyer)
    assert (
        api.post(f"/api/v1/orders/{order.order_no}/lines/{line.pk}/review/", {"stars": 4}, format="json").status_code
        == 201
    )

    response = api.post(f"/api/v1/orders/{order.order_no}/lines/{line.pk}/review/", {"stars": 1}, format="json")

    assert response.status_code == 409 and response.json()["code"] == "already_reviewed"
    assert Review.objects.get().stars == 4


def test_a_line_of_an_order_not_received_is_review_not_allowed(phone, buyer):
    order = bought(phone, buyer, status="paid")

    response = client_for(buyer).post(
        f"/api/v1/orders/{order.order_no}/lines/{order.lines.get().pk}/review/", {"stars": 5}, format="json"
    )

    assert response.status_code == 409 and response.json()["code"] == "review_not_allowed"


def test_another_shoppers_order_or_a_line_of_another_order_is_not_found(phone, order, line, buyer):
    other = bought(phone, buyer)

    stranger = client_for(UserFactory()).post(
        f"/api/v1/orders/{order.order_no}/lines/{line.pk}/review/", {"stars": 5}, format="json"
    )
    mismatched = client_for(buyer).post(
        f"/api/v1/orders/{order.order_no}/lines/{other.lines.get().pk}/review/", {"stars": 5}, format="json"
    )

    assert stranger.status_code == 404 and mismatched.status_code == 404
    assert not Review.objects.exists()


def test_stars_out_of_range_are_a_validation_error(order, line, buyer):
    response = client_for(buyer).post(
        f"/api/v1/orders/{order.order_no}/lines/{line.pk}/review/", {"stars": 6}, format="json"
    )

    assert response.status_code == 400 and "stars" in response.json()["fields"]


def test_the_products_reviews_are_public_newest_first_with_filters_and_the_rating(phone, buyer, store, owner):
    first = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=5, text="第一")
    services.review_reply(review=first, store=store, by=owner, text="谢谢")
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=3, photos=[png()])
    services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=1, text="加微信")  # held

    everything = client_for(UserFactory()).get(f"/api/v1/catalog/products/{phone.pk}/reviews/").json()
    five = client_for(UserFactory()).get(f"/api/v1/catalog/products/{phone.pk}/reviews/?stars=5").json()
    photos = client_for(UserFactory()).get(f"/api/v1/catalog/products/{phone.pk}/reviews/?with_photos=1").json()
    rating = client_for(UserFactory()).get(f"/api/v1/catalog/products/{phone.pk}/rating/").json()

    assert [row["stars"] for row in everything["results"]] == [3, 5]
    assert everything["count"] == 2
    assert [row["text"] for row in five["results"]] == ["第一"] and five["results"][0]["reply"]["text"] == "谢谢"
    assert [row["stars"] for row in photos["results"]] == [3]
    assert rating == {"average": "4.0", "count": 2, "stars": {"5": 1, "4": 0, "3": 1, "2": 0, "1": 0}, "with_photos": 1}


def test_the_store_lists_its_reviews_by_replied_and_replies_once(phone, buyer, owner_api, other_store_owner_api):
    review = services.review_create(line=bought(phone, buyer).lines.get(), by=buyer, stars=4, text="还行")

    foreign = other_store_owner_api.post(f"/api/v1/seller/reviews/{review.pk}/reply/", {"text": "x"}, format="json")
    replied = owner_api.post(f"/api/v1/seller/reviews/{review.pk}/reply/", {"text": "感谢"}, format="json")
    again = owner_api.post(f"/api/v1/seller/reviews/{review.pk}/reply/", {"text": "再谢"}, format="json")
    unreplied = owner_api.get("/api/v1/seller/reviews/?replied=false").json()
    answered = owner_api.get("/api/v1/seller/reviews/?replied=true").json()

    assert foreign.status_code == 404
    assert replied.status_code == 200 and replied.json()["reply"]["text"] == "感谢"
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    assert unreplied["count"] == 0 and answered["count"] == 1
    assert other_store_owner_api.get("/api/v1/seller/reviews/").json()["count"] == 0


def test_the_author_follows_up_once_and_sees_it_in_my_reviews(order, line, buyer):
    api = client_for(buyer)
    review_id = api.post(
        f"/api/v1/orders/{order.order_no}/lines/{line.pk}/review/", {"stars": 4}, format="json"
    ).json()["id"]

    followed = api.post(f"/api/v1/me/reviews/{review_id}/follow-up/", {"text": "用久了更好"}, format="json")
    again = api.post(f"/api/v1/me/reviews/{review_id}/follow-up/", {"text": "再来"}, format="json")
    mine = api.get("/api/v1/me/reviews/").json()

    assert followed.status_code == 201 and followed.json()["follow_up"]["text"] == "用久了更好"
    assert again.status_code == 409
    assert mine["count"] == 1 and mine["results"][0]["follow_up"]["text"] == "用久了更好"
    assert client_for(UserFactory()).get("/api/v1/me/reviews/").json()["count"] == 0
