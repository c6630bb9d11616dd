import json

import pytest

from factories.models import AIFactory

pytestmark = pytest.mark.usefixtures("registry")


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=a%00b",
        "/countries/d%00/",
        "/factories/?country=d%00k",
        "/api/v1/factories/a%00/",
    ],
)
def test_nul_in_a_url_is_a_400_not_a_500(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_nul_in_a_json_body_is_refused_and_nothing_is_saved(client, django_user_model):
    before = AIFactory.objects.count()
    response = client.post(
        "/api/v1/memberships/",
        data=json.dumps({"factory": "pha\u0000ros", "country": "SE", "role": "member"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request contains a NUL character (0x00), which no field of the registry accepts."
    }
    assert AIFactory.objects.count() == before


def test_a_percent_sign_in_text_is_not_mistaken_for_nul(client):
    assert client.get("/search/?q=100%25").status_code == 200
