"""Errors raised by services and turned into messages by views and the API."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused an action; the message is shown to the user."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDeniedError(ApplicationError):
    """The user may not perform this action on this object."""

    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này."):
        super().__init__(message, code="forbidden")


class ConflictError(ApplicationError):
    """Someone else changed the record since it was loaded (optimistic locking)."""

    status = 409

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "Bản ghi đã được người khác thay đổi sau khi bạn mở nó. "
            "Nội dung bạn nhập vẫn được giữ lại bên dưới; hãy tải lại bản mới và áp dụng lại.",
            code="conflict",
        )
