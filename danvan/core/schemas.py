"""Shared pieces of the API schemas."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class InputSchema(Schema):
    """Request bodies refuse unknown fields, so a typo is an error rather than silently lost."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorDetail(Schema):
    field: str | None = None
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[ErrorDetail] = []


class Error(Schema):
    error: ErrorBody


ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
