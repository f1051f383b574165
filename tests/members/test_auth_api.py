import pytest
from django.test import override_settings

from members.models import ApiToken, User
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_register_creates_a_shopper_who_can_then_get_a_token(api):
    response = api.post(
        "/api/v1/auth/register/",
        {"username": "xiaoming", "password": "s3cret-pass-word", "phone": "13912345678"},
    )

    assert response.status_code == 201
    user = User.objects.get(username="xiaoming")
    assert response.json() == {"id": user.id, "username": "xiaoming"}
    assert user.phone == "13912345678"
    assert user.check_password("s3cret-pass-word")

    token = api.post("/api/v1/auth/token/", {"username": "xiaoming", "password": "s3cret-pass-word"})
    assert token.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "xiaoming"


def test_register_refuses_a_taken_username_in_any_case_and_a_taken_phone(api):
    UserFactory(username="xiaoming", phone="13912345678")

    response = api.post(
        "/api/v1/auth/register/",
        {"username": "XiaoMing", "password": "s3cret-pass-word", "phone": "13912345678"},
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert set(body["fields"]) == {"username", "phone"}
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "bad_field"),
    [
        ({"username": "xm", "password": "s3cret-pass-word", "phone": "13912345678"}, "username"),
        ({"username": "xiaoming", "password": "12345678", "phone": "13912345678"}, "password"),
        ({"username": "xiaoming", "password": "s3cret-pass-word", "phone": "12345"}, "phone"),
        ({"username": "xiaoming", "password": "s3cret-pass-word"}, "phone"),
        ({"username": "xiaoming", "password": "s3cret-pass-word", "phone": "13912345678", "admin": True}, "admin"),
    ],
)
def test_register_with_bad_input_names_the_field_and_creates_nobody(api, body, bad_field):
    response = api.post("/api/v1/auth/register/", body)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert bad_field in response.json()["fields"]
    assert not User.objects.exists()


def test_token_with_a_wrong_password_is_401_and_issues_nothing(api):
    user = UserFactory()

    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": "wrong"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not ApiToken.objects.exists()


def test_only_the_digest_of_a_token_is_stored(api):
    user = UserFactory()

    key = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).json()["token"]

    stored = ApiToken.objects.get(user=user)
    assert stored.digest == ApiToken.digest_of(key)
    assert key not in stored.digest


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer", "Bearer a b", "Token abc"])
def test_a_bad_authorization_header_is_401_in_the_contract_shape(api, header):
    api.credentials(HTTP_AUTHORIZATION=header)

    response = api.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_expired_token_no_longer_authenticates(shopper):
    client = client_for(shopper)
    ApiToken.objects.update(expires_at="2000-01-01T00:00:00Z")

    assert client.get("/api/v1/me/").status_code == 401


def test_logout_revokes_only_the_token_in_use(shopper):
    phone, laptop = client_for(shopper), client_for(shopper)

    assert phone.post("/api/v1/auth/logout/").status_code == 204

    assert phone.get("/api/v1/me/").status_code == 401
    assert laptop.get("/api/v1/me/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_username_out_even_for_the_right_password(api):
    user = UserFactory()
    for _ in range(2):
        assert api.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"}).status_code == 401

    third = api.post("/api/v1/auth/token/", {"username": user.username, "password": "nope"})
    right = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})

    assert third.status_code == 429
    assert right.status_code == 429
    assert right.json()["code"] == "login_locked"
    assert int(right["Retry-After"]) > 0
    assert not ApiToken.objects.exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_of_one_username_leaves_others_alone(api):
    victim, bystander = UserFactory(), UserFactory()
    for _ in range(3):
        api.post("/api/v1/auth/token/", {"username": victim.username, "password": "nope"})

    response = api.post("/api/v1/auth/token/", {"username": bystander.username, "password": PASSWORD})

    assert response.status_code == 200
