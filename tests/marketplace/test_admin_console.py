"""The operators' console (/admin/) walked as the demo operator, in Chinese: every page their role may open opens,
and every model of ours reads in Chinese, its plural included."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.utils import translation

from members.models import User

pytestmark = pytest.mark.django_db

OUR_APPS = settings.PROJECT_APPS


@pytest.fixture
def operator_console(demo_marketplace):
    """The demo marketplace, and a browser logged in to /admin/ as its operator (not a superuser)."""
    client = Client(headers={"accept-language": "zh-CN,zh;q=0.9"})
    login = client.post("/admin/login/", {"username": "operator", "password": "demo-pass-2026", "next": "/admin/"})
    assert login.status_code == 302, "the demo operator could not log in"
    return client


def expected_pages(user):
    """(url, expected status) of the list, add and change page of every registered model, by the user's rights."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        may_view = model_admin.has_view_or_change_permission(request)
        yield base, 200 if may_view else 403
        yield f"{base}add/", 200 if model_admin.has_add_permission(request) else 403
        obj = model_admin.get_queryset(request).order_by("pk").first()
        if obj is not None:
            may_view_obj = model_admin.has_view_or_change_permission(request, obj)
            yield f"{base}{obj.pk}/change/", 200 if may_view_obj else 403


def test_the_operator_opens_every_page_their_role_allows_and_none_fails(operator_console):
    operator = User.objects.get(username="operator")

    pages = list(expected_pages(operator))
    got = [(url, operator_console.get(url).status_code) for url, _ in pages]

    assert got == pages
    opened = {url for url, status in got if status == 200}
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label in OUR_APPS:
            assert f"/admin/{opts.app_label}/{opts.model_name}/" in opened, f"{opts.label} is closed to operators"
    assert "/admin/marketplace/banner/add/" in opened


def test_the_console_reads_in_chinese_without_english_plurals(operator_console):
    page = operator_console.get("/admin/").content.decode()

    with translation.override("zh-hans"):
        assert "商城运营后台" in page and "Marketplace HQ" not in page
        assert "登录安全" in page  # django-axes' section
        for model in admin.site._registry:
            opts = model._meta
            if opts.app_label not in {*OUR_APPS, "axes"}:
                continue
            plural, singular = str(opts.verbose_name_plural), str(opts.verbose_name)
            assert plural in page, f"{opts.label} is listed as something else than {plural!r}"
            assert f"{singular}s<" not in page and f"{singular}s " not in page
