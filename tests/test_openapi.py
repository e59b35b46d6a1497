"""The OpenAPI document is valid, and the docs page works on an intranet with no internet."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from openapi_spec_validator import validate

API = "/api/v1"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def spec(db):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_openapi_document_is_valid(spec):
    validate(spec)
    assert spec["info"]["title"] == "Dân Vận API"


def test_every_operation_has_a_unique_id_a_description_and_documented_errors(spec):
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))
    for path, method, op in operations(spec):
        where = f"{method.upper()} {path}"
        assert op.get("description"), f"{where} has no description"
        assert {"401", "403", "404", "422"} <= set(op["responses"]), where


def test_every_operation_requires_a_token_or_a_session(spec):
    schemes = spec["components"]["securitySchemes"]
    by_place = {(s["in"], s["name"]): name for name, s in schemes.items()}
    token = by_place[("header", "Authorization")]
    session = by_place[("cookie", "sessionid")]
    assert schemes[token]["type"] == schemes[session]["type"] == "apiKey"
    for path, method, op in operations(spec):
        assert op.get("security") == [{token: []}, {session: []}], (method, path)


def test_request_bodies_refuse_unknown_fields(spec):
    schemas = spec["components"]["schemas"]
    for path, method, op in operations(spec):
        for content in op.get("requestBody", {}).get("content", {}).values():
            ref = content["schema"].get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                assert schemas[name].get("additionalProperties") is False, (method, path, name)


def test_file_upload_is_documented_as_multipart(spec):
    op = spec["paths"][f"{API}/plans/assignments/{{assignment_id}}/progress-with-files"]["post"]
    content = op["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    schema = content["multipart/form-data"]["schema"]
    assert "files" in schema["properties"]
    assert "files" not in {p["name"] for p in op.get("parameters", [])}


def test_the_docs_asset_route_is_not_an_api_operation(spec):
    assert not [p for p in spec["paths"] if "/docs" in p]


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.urls.append(value)


def test_docs_page_loads_nothing_from_another_host(db):
    response = Client().get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), html
    assert "cdn" not in html.lower()
    parser = _Assets()
    parser.feed(html)
    assert parser.urls, "the docs page should load swagger-ui from this server"
    assert all(url.startswith("/") and not url.startswith("//") for url in parser.urls)


def test_docs_page_assets_are_served_by_this_server(db):
    client = Client()
    parser = _Assets()
    parser.feed(client.get(f"{API}/docs").content.decode())
    for url in parser.urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content)
        assert len(body) > 100, url
        assert "cdn.jsdelivr" not in body.decode(errors="ignore"), url
    types = {url.rsplit(".", 1)[-1]: client.get(url)["Content-Type"] for url in parser.urls}
    assert types["css"].startswith("text/css")
    assert types["js"].startswith("text/javascript")


def test_docs_page_points_swagger_at_the_local_openapi_document(db):
    html = Client().get(f"{API}/docs").content.decode()
    assert f'"url": "{API}/openapi.json"' in html


def test_only_known_docs_assets_are_served(db):
    client = Client()
    assert client.get(f"{API}/docs/assets/swagger-ui-bundle.js.map").status_code == 404
    assert client.get(f"{API}/docs/assets/..%2F..%2F__init__.py").status_code == 404


def _models(annotation, found):  # type: ignore[no-untyped-def]
    """Collect the pydantic models reachable from a type annotation."""
    import typing

    import pydantic

    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            if current in found:
                continue
            found.add(current)
            stack.extend(f.annotation for f in current.model_fields.values())
        stack.extend(typing.get_args(current))


def test_every_schema_name_in_the_document_belongs_to_one_class(db):
    # Two apps' "SectionIn" share one entry in components/schemas, so one operation is
    # documented with the other's fields; the request is still validated with its own class.
    from collections import defaultdict

    from danvan.api import api

    found: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for params in operation.models:
                    for field in params.model_fields.values():
                        _models(field.annotation, found)
                for model in operation.response_models.values():
                    _models(model, found)
    names: dict[str, set[str]] = defaultdict(set)
    for model in found:
        names[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert len(found) > 50
    assert {n: c for n, c in names.items() if len(c) > 1} == {}
