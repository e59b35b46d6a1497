"""Dân Vận: the platform for "dân vận chính quyền" work under Directive 33/CT-TTg."""
