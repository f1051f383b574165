"""What the seller backend's page tests share: a logged-in browser-like client, and reading a page's field errors."""

import re

from django.test import Client


def seller_client(user) -> Client:
    """A session client for `user`, reading English (the pages' default is Chinese; their own test says so)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def field_error(response, field_id: str) -> list[str]:
    """The error messages shown inside the field wrapper of the input with id `field_id` (forms render each
    field as <div class="field invalid"> label, input, <small class="error">...)."""
    match = re.search(
        rf'<div class="field[^"]* invalid[^"]*"[^>]*>\s*<label for="{re.escape(field_id)}">.*?</div>',
        html(response),
        re.S,
    )
    return re.findall(r'<small class="error">(.*?)</small>', match.group(0), re.S) if match else []
