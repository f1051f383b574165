"""What the operators' console shows of our models (names, plurals, columns, filters, choices) is marked for
translation and translated into Chinese: a model without its own plural would read "促销s", a field without its
own name "order no"."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation.trans_real import DjangoTranslation

OUR_APPS = settings.PROJECT_APPS
MPTT_BOOKKEEPING = {"lft", "rght", "tree_id", "level"}  # mptt's own tree columns, never shown


def our_models():
    return [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]


def own_fields(model):
    """The fields a model declares itself, without reverse relations, the primary key or mptt's tree columns."""
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and not field.auto_created
        and field.model is model
        and not (field.name in MPTT_BOOKKEEPING and hasattr(model, "_mptt_meta"))
    ]


def reads_in_chinese(text: str) -> bool:
    """Chinese, or an acronym that Chinese back offices write in Latin letters too (SKU, ID)."""
    return bool(re.search(r"[\u4e00-\u9fff]", text)) or text.replace(" ", "").isupper()


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_every_model_names_itself_and_its_plural_for_translation(model):
    declared = model._meta.original_attrs

    assert isinstance(declared.get("verbose_name"), Promise)
    assert isinstance(declared.get("verbose_name_plural"), Promise)
    for field in own_fields(model):
        assert isinstance(field.verbose_name, Promise), f"{field.name} has no translated verbose_name"
        for _value, label in field.flatchoices:
            assert isinstance(label, Promise), f"{field.name}'s choice {_value!r} has no translated label"


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_every_model_field_and_choice_reads_in_chinese(model):
    with translation.override("zh-hans"):
        texts = [model._meta.verbose_name, model._meta.verbose_name_plural, model._meta.app_config.verbose_name]
        for field in own_fields(model):
            texts.append(field.verbose_name)
            texts.extend(label for _value, label in field.flatchoices)

        untranslated = [str(text) for text in texts if not reads_in_chinese(str(text))]

    assert untranslated == []


def test_django_axes_reads_in_chinese_through_our_catalog():
    """django-axes ships no Chinese; members/axes_config.py lists its texts for our catalog. An upgrade that
    renames one of them fails here."""
    with translation.override("zh-hans"):
        texts = [apps.get_app_config("axes").verbose_name]
        for model in apps.get_app_config("axes").get_models():
            texts += [model._meta.verbose_name, model._meta.verbose_name_plural]
            texts += [field.verbose_name for field in own_fields(model)]

        untranslated = [str(text) for text in texts if not reads_in_chinese(str(text))]

    assert untranslated == []


def test_the_admins_select_boxes_explain_themselves_in_chinese():
    """The admin's many-to-many boxes (a brand's categories) speak words Django's own Chinese catalogue lacks as of
    5.2; locale/zh_Hans/LC_MESSAGES/djangojs.po fills them. An upgrade that rewords one of them fails here."""
    with open(apps.get_app_config("admin").path + "/static/admin/js/SelectFilter2.js", encoding="utf-8") as source:
        texts = set(re.findall(r"gettext\('([^']*)'\)", source.read()))
    catalog = DjangoTranslation("zh-hans", domain="djangojs")  # what the admin's /admin/jsi18n/ serves

    untranslated = [text for text in texts if not reads_in_chinese(catalog.gettext(text))]

    assert len(texts) >= 6 and untranslated == []
