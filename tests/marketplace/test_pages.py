import pytest
from django.conf import settings

from tests.factories import StoreFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_speaks_chinese_by_default_and_lists_open_stores(client):
    StoreFactory(name="鲜果铺子")

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "一站逛遍所有好店" in page
    assert "鲜果铺子" in page


def test_the_language_switch_turns_the_pages_english(client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert switched.status_code == 302
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Shop every store in one place" in page


def test_api_errors_follow_the_requested_language(api):
    chinese = api.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    english = api.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")

    assert chinese.json()["detail"] == "未找到。"
    assert english.json()["detail"] == "Not found."
