from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == staticfiles_storage.url("img/favicon.svg")
    assert finders.find("img/favicon.svg")
