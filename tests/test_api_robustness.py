"""Every API operation, read from the OpenAPI document, survives hostile and careless input.

For each operation and each of two callers (the coordinator and a unit officer), with real ids
and with ids that do not exist, we send malformed JSON, arrays and scalars instead of objects,
wrong types for every field, nulls, oversized strings, NUL characters, unknown fields, empty
bodies and badly typed query parameters. The server must never fail (500): it answers with one
of the documented statuses, and every 422 explains itself with `error.code` and `error.fields`.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from danvan.accounts import services as accounts
from danvan.plans import services

ALLOWED = {200, 201, 401, 403, 404, 405, 409, 422}
BIG = "x" * 100_000
MISSING_ID = 999999
HUGE_ID = 10**20  # beyond any 64-bit primary key
METHODS = ("get", "post", "put", "patch", "delete")


# Reading the OpenAPI document -------------------------------------------------------------------


@dataclass
class Operation:
    method: str
    path: str
    params: list[dict[str, Any]]
    body_type: str | None  # "json", "form" or None
    body: dict[str, Any] | None  # resolved object schema of the body

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def query_params(self) -> list[dict[str, Any]]:
        return [p for p in self.params if p["in"] == "query"]


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def operations(spec: dict[str, Any]) -> list[Operation]:
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            content = op.get("requestBody", {}).get("content", {})
            body_type, body = None, None
            if "application/json" in content:
                body_type, body = "json", resolve(spec, content["application/json"]["schema"])
            elif content:
                [schema] = content.values()
                body_type, body = "form", resolve(spec, schema["schema"])
            found.append(Operation(method, path, op.get("parameters", []), body_type, body))
    return found


def kinds(spec: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Return the non-null alternative of a property schema and whether null is allowed."""
    schema = resolve(spec, schema)
    options = schema.get("anyOf")
    if not options:
        return schema, False
    concrete = [resolve(spec, o) for o in options if o.get("type") != "null"]
    return concrete[0], len(concrete) < len(options)


def sample(schema: dict[str, Any]) -> Any:
    """Return a valid value for a property schema (as far as the schema says)."""
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        return "2026-04-01" if schema.get("format") == "date" else "Nội dung"
    if kind == "integer":
        return max(schema.get("minimum", 1), 1) if schema.get("maximum", 1) >= 1 else 0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    return {}


def wrong_values(schema: dict[str, Any]) -> list[Any]:
    """Return values of the wrong type for a property schema."""
    kind = schema.get("type")
    if "enum" in schema:
        return ["pas-une-valeur", 7, ["x"]]
    if kind == "string":
        wrong = [12345, ["x"], {"a": 1}, True]
        return [*wrong, "31/12/2026", "2026-02-30"] if schema.get("format") == "date" else wrong
    if kind == "integer":
        return ["abc", "12abc", 1.5, [1], {"a": 1}]
    if kind == "boolean":
        return ["maybe", [True], {"a": 1}, 3]
    if kind == "array":
        return ["abc", 12, {"a": 1}, [{"a": 1}]]
    return ["abc", 12]


def wrong_form_values(schema: dict[str, Any]) -> list[str]:
    """Return form-encoded (always text) values that cannot be the schema's type."""
    kind = schema.get("type")
    if "enum" in schema:
        return ["pas-une-valeur"]
    if kind == "integer":
        return ["abc", "1.5", "", "1e3"]
    if kind == "string" and schema.get("format") == "date":
        return ["31/12/2026", "hôm nay"]
    return []


# Sending requests and judging answers ------------------------------------------------------------


@dataclass
class Probe:
    client: Client
    who: str
    label: str = ""
    failures: list[str] = field(default_factory=list)
    sent: int = 0

    def send(
        self,
        op: Operation,
        url: str,
        what: str,
        *,
        raw: bytes | None = None,
        form: dict[str, Any] | None = None,
        expect: int | None = None,
        field_name: str | None = None,
    ) -> None:
        """Send one request and record what is wrong with the answer, if anything."""
        self.sent += 1
        where = f"[{self.who} · {self.label}] {op.method.upper()} {url[:120]} ({what})"
        try:
            if form is not None:
                response = self.client.generic(
                    op.method.upper(), url, *_multipart(self.client, form)
                )
            else:
                response = self.client.generic(
                    op.method.upper(), url, raw or b"", content_type="application/json"
                )
        except Exception as exc:  # a server error surfaces here in the test client
            self.failures.append(f"{where}: raised {exc!r}"[:400])
            return
        status = response.status_code
        if status not in ALLOWED:
            self.failures.append(f"{where}: status {status}: {response.content[:200]!r}")
            return
        if expect is not None and status != expect:
            self.failures.append(
                f"{where}: expected {expect}, got {status}: {response.content[:200]!r}"
            )
            return
        if status >= 400 and status != 405:
            self._check_error_body(where, status, response, field_name)

    def _check_error_body(
        self, where: str, status: int, response: Any, field_name: str | None
    ) -> None:
        try:
            error = response.json()["error"]
        except (ValueError, KeyError, TypeError):
            self.failures.append(
                f"{where}: {status} without an error body: {response.content[:200]!r}"
            )
            return
        if not (isinstance(error.get("code"), str) and error.get("message")):
            self.failures.append(f"{where}: error without code or message: {error}")
        if status == 422:
            fields = error.get("fields")
            if not isinstance(fields, list):
                self.failures.append(f"{where}: 422 without error.fields: {error}")
            elif field_name is not None:
                named = {f.get("field") or "" for f in fields}
                if not any(n == field_name or n.startswith(f"{field_name}.") for n in named):
                    self.failures.append(f"{where}: 422 does not name {field_name!r}: {fields}")


def _multipart(client: Client, form: dict[str, Any]) -> tuple[bytes, str]:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return encode_multipart(BOUNDARY, form), MULTIPART_CONTENT


def _dump(value: Any) -> bytes:
    return json.dumps(value).encode()


# The checks ---------------------------------------------------------------------------------


def check_json_body(probe: Probe, spec: dict[str, Any], op: Operation, url: str) -> None:
    assert op.body is not None
    props: dict[str, Any] = op.body.get("properties", {})
    required = set(op.body.get("required", []))
    base = {name: sample(kinds(spec, s)[0]) for name, s in props.items()}

    probe.send(op, url, "malformed JSON", raw=b'{"title": ', expect=422)
    probe.send(op, url, "not UTF-8", raw=b'{"title": "\xff\xfe"}', expect=422)
    probe.send(op, url, "JSON array", raw=b"[1, 2, 3]", expect=422)
    probe.send(op, url, "JSON array of objects", raw=_dump([base]), expect=422)
    probe.send(op, url, "JSON string", raw=b'"hello"', expect=422)
    probe.send(op, url, "JSON null", raw=b"null", expect=422)
    probe.send(op, url, "empty body", raw=b"", expect=422)
    probe.send(op, url, "empty object", raw=b"{}", expect=422 if required else None)
    probe.send(
        op,
        url,
        "unknown field",
        raw=_dump({**base, "zzz_unknown": 1}),
        expect=422,
        field_name="zzz_unknown",
    )
    probe.send(op, url, "deeply nested", raw=b'{"a":' * 500 + b"1" + b"}" * 500, expect=422)

    for name, prop in props.items():
        schema, nullable = kinds(spec, prop)
        for value in wrong_values(schema):
            probe.send(
                op,
                url,
                f"{name}={json.dumps(value)[:30]}",
                raw=_dump({**base, name: value}),
                expect=422,
                field_name=name,
            )
        probe.send(
            op,
            url,
            f"{name}=null",
            raw=_dump({**base, name: None}),
            expect=None if nullable else 422,
            field_name=None if nullable else name,
        )
        if schema.get("type") == "integer":
            probe.send(op, url, f"{name} huge", raw=_dump({**base, name: 10**30}))
            probe.send(op, url, f"{name} negative", raw=_dump({**base, name: -(10**30)}))
        if schema.get("type") == "string" and "enum" not in schema:
            limit = schema.get("maxLength", 10**9)
            probe.send(
                op,
                url,
                f"{name} oversized",
                raw=_dump({**base, name: BIG}),
                expect=422 if limit < len(BIG) else None,
                field_name=name if limit < len(BIG) else None,
            )
            probe.send(
                op,
                url,
                f"{name} with NUL",
                raw=_dump({**base, name: "a\x00b"}),
                expect=422,
                field_name=name,
            )
            probe.send(op, url, f"{name} blank", raw=_dump({**base, name: "   "}))
        if schema.get("type") == "array":
            probe.send(op, url, f"{name} oversized item", raw=_dump({**base, name: [BIG]}))
            probe.send(op, url, f"{name} 10k items", raw=_dump({**base, name: [1] * 10_000}))
            probe.send(
                op,
                url,
                f"{name} items of wrong type",
                raw=_dump({**base, name: [{"a": 1}]}),
                expect=422,
                field_name=name,
            )


def check_form_body(probe: Probe, spec: dict[str, Any], op: Operation, url: str) -> None:
    assert op.body is not None
    props: dict[str, Any] = {
        name: prop
        for name, prop in op.body.get("properties", {}).items()
        if kinds(spec, prop)[0].get("format") != "binary"
        and kinds(spec, prop)[0].get("items", {}).get("format") != "binary"
    }
    base = {name: str(sample(kinds(spec, s)[0])) for name, s in props.items()}

    probe.send(op, url, "JSON instead of a form", raw=b'{"title": ', expect=422)
    probe.send(op, url, "empty form", form={}, expect=422)
    probe.send(
        op,
        url,
        "unknown field",
        form={**base, "zzz_unknown": "1"},
        expect=422,
        field_name="zzz_unknown",
    )
    for name, prop in props.items():
        schema, _nullable = kinds(spec, prop)
        for value in wrong_form_values(schema):
            probe.send(
                op,
                url,
                f"{name}={value!r}",
                form={**base, name: value},
                expect=422,
                field_name=name,
            )
        if schema.get("type") == "string" and "enum" not in schema:
            probe.send(
                op, url, f"{name} oversized", form={**base, name: BIG}, expect=422, field_name=name
            )
            probe.send(
                op,
                url,
                f"{name} with NUL",
                form={**base, name: "a\x00b"},
                expect=422,
                field_name=name,
            )
    probe.send(
        op,
        url,
        "a file field sent as text",
        form={**base, "files": "không phải tệp"},
    )


def check_query(probe: Probe, spec: dict[str, Any], op: Operation, url: str) -> None:
    probe.send(op, f"{url}?zzz_unknown=1", "unknown query parameter")
    probe.send(op, url, "body on an operation that takes none", raw=b'{"title": ')
    for param in op.query_params():
        schema, _nullable = kinds(spec, param["schema"])
        name = param["name"]
        if schema.get("type") == "integer":
            for value in ("abc", "1.5", "", "0x10"):
                expect = None if value == "" else 422
                probe.send(
                    op, f"{url}?{name}={value}", f"?{name}={value}", expect=expect, field_name=name
                )
            probe.send(op, f"{url}?{name}={10**30}", f"?{name} huge")
            probe.send(op, f"{url}?{name}=-1", f"?{name} negative")
        elif schema.get("format") == "date":
            probe.send(op, f"{url}?{name}=abc", f"?{name}=abc", expect=422, field_name=name)
        elif schema.get("type") == "string":
            limit = schema.get("maxLength", 10**9)
            probe.send(
                op,
                f"{url}?{name}={BIG}",
                f"?{name} oversized",
                expect=422 if limit < len(BIG) else None,
                field_name=name if limit < len(BIG) else None,
            )
            probe.send(op, f"{url}?{name}=a%00b", f"?{name} with NUL")
            probe.send(op, f"{url}?{name}=%ff%fe", f"?{name} not UTF-8")
        probe.send(op, f"{url}?{name}=1&{name}=2", f"?{name} repeated")


def path_variants(op: Operation, real: dict[str, int]) -> Iterator[tuple[str, str]]:
    names = re.findall(r"\{(\w+)\}", op.path)
    if not names:
        yield "no ids", op.path
        return
    yield "real ids", re.sub(r"\{(\w+)\}", lambda m: str(real[m.group(1)]), op.path)
    yield "missing ids", re.sub(r"\{\w+\}", str(MISSING_ID), op.path)
    yield "huge ids", re.sub(r"\{\w+\}", str(HUGE_ID), op.path)


def probe_all(spec: dict[str, Any], probe: Probe, real: dict[str, int]) -> None:
    ops = operations(spec)
    assert len(ops) >= 30, "the OpenAPI document lists fewer operations than expected"
    for op in ops:
        for label, url in path_variants(op, real):
            probe.label = label
            if op.body_type == "json":
                check_json_body(probe, spec, op, url)
            elif op.body_type == "form":
                check_form_body(probe, spec, op, url)
            else:
                check_query(probe, spec, op, url)
    probe.label = "other methods"
    for path in {op.path for op in ops}:
        url = re.sub(r"\{(\w+)\}", lambda m: str(real[m.group(1)]), path)
        allowed = {op.method for op in ops if op.path == path}
        for method in set(METHODS) - allowed:
            op = Operation(method, path, [], None, None)
            probe.send(op, url, "method not allowed", raw=b"{}", expect=405)


# Fixtures and tests -------------------------------------------------------------------------------


@pytest.fixture
def spec(world) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


@pytest.fixture
def real_ids(world) -> dict[str, dict[str, int]]:
    """Return, per caller, an existing record for each path parameter of the API."""
    difficulty = services.difficulty_raise(
        assignment=world.assignment_a, text="Thiếu kinh phí", by=world.officer_a
    )
    unit_plan = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch triển khai", by=world.officer_a
    )
    common = {
        "plan_id": world.plan.pk,
        "item_id": world.item.pk,
        "section_id": world.item.section_id,
        "task_id": world.task.pk,
        "assignment_id": world.assignment_a.pk,
        "difficulty_id": difficulty.pk,
        "unit_plan_id": unit_plan.pk,
        "unit_id": world.unit_a.pk,
        "period_id": (
            period := world.plan.report_periods.create(
                kind="annual",
                year=2026,
                title="Báo cáo kết quả thực hiện công tác dân vận chính quyền năm 2026",
                starts_on="2025-12-15",
                ends_on="2026-12-14",
                due_on="2026-12-10",
                status="open",
                form=world.plan.report_forms.create(title="Mẫu báo cáo"),
            )
        ).pk,
        "report_id": period.reports.create(unit=world.unit_a).pk,
    }
    # Each domain app may name records for its own path parameters in
    # danvan/<app>/tests/robustness_ids.py: `def real_ids(world) -> dict[str, int]`.
    for config in apps.get_app_configs():
        if not config.name.startswith("danvan."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.robustness_ids")
        except ModuleNotFoundError as exc:
            if not f"{config.name}.tests.robustness_ids".startswith(exc.name or "-"):
                raise
            continue
        extra = module.real_ids(world)
        clash = set(extra) & set(common)
        assert not clash, f"{config.name} reuses path parameter names {clash}"
        common.update(extra)
    ids = {}
    for role in ("coordinator", "officer_a"):
        token, _key = accounts.token_create(name=f"Khóa của {role}", by=getattr(world, role))
        ids[role] = {**common, "token_id": token.pk}
    return ids


@pytest.mark.parametrize("role", ["coordinator", "officer_a"])
def test_no_operation_fails_on_hostile_input(world, spec, real_ids, role):
    client = Client()
    client.force_login(getattr(world, role))
    probe = Probe(client=client, who=role)
    probe_all(spec, probe, real_ids[role])
    assert probe.sent > 500
    assert not probe.failures, f"{len(probe.failures)} of {probe.sent} requests went wrong:\n" + (
        "\n".join(probe.failures[:40])
    )


def test_every_operation_refuses_anonymous_callers(world, spec, real_ids):
    probe = Probe(client=Client(), who="anonymous")
    for op in operations(spec):
        url = re.sub(r"\{(\w+)\}", lambda m: str(real_ids["coordinator"][m.group(1)]), op.path)
        probe.send(op, url, "anonymous", raw=b"{}", expect=401)
        probe.send(op, url, "anonymous, malformed JSON", raw=b'{"title": ', expect=401)
    assert not probe.failures, "\n".join(probe.failures)


def test_malformed_json_is_a_422_with_a_message(world):
    client = Client()
    client.force_login(world.coordinator)
    response = client.post("/api/v1/plans", b'{"title": ', content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "malformed_json"
    assert error["message"]
    assert error["fields"][0]["type"] == "json_invalid"


def test_unknown_fields_are_rejected_by_name(world):
    client = Client()
    client.force_login(world.coordinator)
    response = client.post(
        "/api/v1/plans",
        {"title": "Kế hoạch", "year": 2027, "titel": "lỗi chính tả"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["titel"]


def test_query_parameter_of_the_wrong_type_is_a_422(world):
    client = Client()
    client.force_login(world.officer_a)
    response = client.get("/api/v1/plans?year=abc")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [f["field"] for f in error["fields"]] == ["year"]


def test_explicit_null_for_a_required_column_is_a_422_not_a_crash(world):
    client = Client()
    client.force_login(world.coordinator)
    for body in ({"code": None}, {"ongoing": None}, {"description": None}):
        response = client.patch(
            f"/api/v1/plans/tasks/{world.task.pk}",
            {"version": world.task.version, **body},
            content_type="application/json",
        )
        assert response.status_code == 422, (body, response.content)


# Pages post to the same services; their hand-read form values must not crash either.


def test_unit_plan_page_removing_an_activity_with_a_non_numeric_id_is_a_404(world):
    from django.urls import reverse

    unit_plan = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch triển khai", by=world.officer_a
    )
    client = Client(raise_request_exception=False)
    client.force_login(world.officer_a)
    url = reverse("plans:unit_plan", args=[unit_plan.pk])
    for value in ("abc", "1.5", "99999999999999999999"):
        response = client.post(url, {"action": "remove_activity", "activity": value})
        assert response.status_code == 404, value
