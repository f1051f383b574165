import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_documents_the_contract_and_the_bearer_scheme(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/auth/token/", "/api/v1/stores/applications/", "/api/v1/seller/staff/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from POST /api/v1/auth/token/.",
    }


def test_the_api_docs_page_is_served_without_a_cdn(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"cdn.jsdelivr" not in response.content


@pytest.fixture
def schema(api):
    return api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def ok_body(schema, path, method="get"):
    responses = schema["paths"][path][method]["responses"]
    code = min(code for code in responses if code.startswith("2"))
    return resolve(schema, responses[code]["content"]["application/json"]["schema"])


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_a_paginated_list_is_declared_as_the_page_it_answers(schema, shopper_api):
    declared = ok_body(schema, "/api/v1/me/addresses/")
    answered = shopper_api.get("/api/v1/me/addresses/").json()

    assert set(declared["required"]) == {"count", "next", "previous", "results"} == set(answered)
    assert resolve(schema, declared["properties"]["results"]["items"])["properties"].keys() >= {"id", "region"}
    names = {parameter["name"] for parameter in schema["paths"]["/api/v1/me/addresses/"]["get"]["parameters"]}
    assert names == {"page", "page_size"}


def test_a_ledger_declares_its_balance_beside_the_page_and_a_tree_is_a_plain_list(schema):
    assert ok_body(schema, "/api/v1/me/points/")["properties"]["balance"] == {"type": "integer"}
    assert "facets" in ok_body(schema, "/api/v1/catalog/products/")["required"]
    assert ok_body(schema, "/api/v1/catalog/categories/")["type"] == "array"


def test_me_declares_level_nullable_and_a_member_without_one_gets_null(schema, shopper_api):
    assert ok_body(schema, "/api/v1/me/")["properties"]["level"]["nullable"] is True
    assert shopper_api.get("/api/v1/me/").json()["level"] is None


def test_every_error_an_operation_documents_is_the_one_error_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "detail", "fields"]
    for path, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            if code >= "400" and "content" in response:
                body = response["content"]["application/json"]["schema"]
                assert body["allOf"][0] == {"$ref": "#/components/schemas/Error"}, (method, path, code)


def test_each_operation_documents_the_statuses_its_kind_answers(schema):
    def codes(path, method):
        return set(schema["paths"][path][method]["responses"])

    assert {"400", "413", "429"} <= codes("/api/v1/auth/register/", "post")
    assert "401" not in codes("/api/v1/auth/register/", "post")  # no credentials read
    assert {"401", "404"} <= codes("/api/v1/orders/{order_no}/", "get")
    assert {"403", "404"} <= codes("/api/v1/seller/products/{spu_id}/", "get")
    assert "409" in codes("/api/v1/checkout/submit/", "post") and "422" in codes("/api/v1/checkout/submit/", "post")
    redeem = schema["paths"]["/api/v1/me/coupons/redeem/"]["post"]["responses"]
    assert redeem["503"]["content"]["application/json"]["schema"]["allOf"][1] == {
        "properties": {"code": {"enum": ["service_unavailable"]}}
    }
    for path, method, operation in operations(schema):
        if "{" in path:
            assert "404" in operation["responses"], (method, path)
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in operation["responses"], (method, path)


def test_the_validation_rules_of_the_inputs_are_in_the_schema(schema):
    components = schema["components"]["schemas"]
    address = components["AddressInputRequest"]["properties"]
    assert address["region"]["pattern"] == "^[0-9]{6}$"
    assert address["phone"]["pattern"] == r"^1[3-9]\d{9}$"
    assert components["CouponTemplateInputRequest"]["properties"]["value"]["pattern"] == r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
    assert components["CouponTemplate"]["properties"]["value"]["pattern"] == r"^-?[0-9]{1,12}\.[0-9]{2}$"
    password = components["RegisterInputRequest"]["properties"]["password"]
    assert (password["minLength"], password["maxLength"]) == (8, 128)
