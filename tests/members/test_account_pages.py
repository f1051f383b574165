import pytest
from django.test import override_settings

from members.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FORM = {"username": "lisi", "phone": "13911112222", "password": "li-si-pass-2026", "password_again": "li-si-pass-2026"}


def test_registering_creates_the_account_and_logs_in(client):
    response = client.post("/accounts/register/?next=/api/docs/", FORM)

    assert response.status_code == 302
    assert response["Location"] == "/api/docs/"
    user = User.objects.get(username="lisi")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_register_shows_errors_next_to_the_fields_and_creates_nobody(client):
    UserFactory(username="lisi")

    response = client.post("/accounts/register/", {**FORM, "password_again": "different", "phone": "123"})

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"password_again", "phone"}
    assert User.objects.filter(username="lisi").count() == 1


def test_a_taken_username_is_reported_on_the_username_field(client):
    UserFactory(username="LiSi")

    response = client.post("/accounts/register/", FORM)

    assert "username" in response.context["form"].errors


def test_an_open_redirect_after_registering_goes_home_instead(client):
    response = client.post("/accounts/register/?next=https://evil.example/", FORM)

    assert response["Location"] == "/"


def test_login_page_logs_in_with_the_password_and_logout_logs_out(client):
    user = UserFactory()

    logged_in = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert logged_in.status_code == 302
    assert client.get("/").context["user"] == user

    assert client.post("/accounts/logout/").status_code == 302
    assert not client.get("/").context["user"].is_authenticated


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_login_page_locks_out_after_repeated_failures(client):
    user = UserFactory()
    for _ in range(2):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
