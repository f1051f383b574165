import pytest

from members.models import User
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_registers_lands_logged_in_and_switches_to_english(page):
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="注册").click()
    page.get_by_label("用户名").fill("wangwu")
    page.get_by_label("手机号").fill("13900001234")
    page.get_by_label("密码", exact=True).fill("wang-wu-pass-2026")
    page.get_by_label("确认密码").fill("wang-wu-pass-2026")
    screenshot(page, "register")
    page.get_by_role("button", name="注册").click()

    page.wait_for_url(page.base_url + "/")
    assert "您好，wangwu" in page.inner_text("header")
    assert User.objects.filter(username="wangwu", phone="13900001234").exists()

    with page.expect_navigation():  # choosing a language submits the switch form
        page.select_option("#language-select", "en")
    assert "Hello, wangwu" in page.inner_text("header")
    screenshot(page, "home-english")


def test_a_wrong_password_shows_the_error_on_the_login_page(page):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("用户名").fill("nobody")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()

    assert page.locator(".errors").is_visible()


def test_the_api_docs_render_under_the_content_security_policy(page):
    """Swagger UI's start-up script comes from a file, so the policy that forbids inline script lets it run (the
    page fixture fails the test on any refusal)."""
    page.goto(page.base_url + "/api/docs/")

    page.wait_for_selector(".swagger-ui .info .title")
    assert "Marketplace API" in page.inner_text(".swagger-ui .info .title")
