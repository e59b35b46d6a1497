"""The four reform indices and their components, as published (see docs/indices.md).

Seeded by migration 0002; an administrator may add aliases later. Component names come from
the publishers' own descriptions: PAPI (UNDP, CECODES, MTTQ: 8 dimensions), PCI (VCCI: 10
sub-indices), PAR INDEX (Bộ Nội vụ, Quyết định 876/QĐ-BNV 2022: 8 fields for provinces) and
SIPAS (Bộ Nội vụ: 5 elements of a public service).
"""

from __future__ import annotations

# code, short name, name, publisher, max score, unit, aliases, components
# component: code, name, max score, aliases
CATALOG: list[dict] = [
    {
        "code": "PAR_INDEX",
        "short_name": "PAR INDEX",
        "name": "Chỉ số cải cách hành chính",
        "publisher": "Bộ Nội vụ (Ban Chỉ đạo cải cách hành chính của Chính phủ)",
        "scale_max": "100",
        "score_unit": "điểm",
        "aliases": ["PAR", "PARINDEX", "PAR-INDEX", "Chỉ số CCHC", "CCHC"],
        "components": [
            (
                "PAR1",
                "Công tác chỉ đạo, điều hành cải cách hành chính",
                "100",
                ["Chỉ đạo, điều hành"],
            ),
            (
                "PAR2",
                "Xây dựng và tổ chức thực hiện thể chế",
                "100",
                ["Cải cách thể chế", "Thể chế"],
            ),
            ("PAR3", "Cải cách thủ tục hành chính", "100", ["Thủ tục hành chính"]),
            ("PAR4", "Cải cách tổ chức bộ máy hành chính nhà nước", "100", ["Tổ chức bộ máy"]),
            ("PAR5", "Cải cách chế độ công vụ", "100", ["Chế độ công vụ", "Công vụ"]),
            ("PAR6", "Cải cách tài chính công", "100", ["Tài chính công"]),
            (
                "PAR7",
                "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
                "100",
                ["Chính quyền điện tử", "Chính quyền số", "Chính phủ điện tử"],
            ),
            (
                "PAR8",
                "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - "
                "xã hội của tỉnh",
                "100",
                ["Tác động của cải cách hành chính", "Tác động"],
            ),
        ],
    },
    {
        "code": "PCI",
        "short_name": "PCI",
        "name": "Chỉ số năng lực cạnh tranh cấp tỉnh",
        "publisher": "Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI)",
        "scale_max": "100",
        "score_unit": "điểm",
        "aliases": ["Năng lực cạnh tranh cấp tỉnh", "Chỉ số năng lực cạnh tranh"],
        "components": [
            ("PCI1", "Gia nhập thị trường", "10", ["Chi phí gia nhập thị trường"]),
            (
                "PCI2",
                "Tiếp cận đất đai và sự ổn định trong sử dụng đất",
                "10",
                ["Tiếp cận đất đai"],
            ),
            ("PCI3", "Tính minh bạch và tiếp cận thông tin", "10", ["Tính minh bạch", "Minh bạch"]),
            ("PCI4", "Chi phí thời gian", "10", []),
            ("PCI5", "Chi phí không chính thức", "10", []),
            ("PCI6", "Cạnh tranh bình đẳng", "10", []),
            ("PCI7", "Tính năng động của chính quyền tỉnh", "10", ["Tính năng động"]),
            ("PCI8", "Dịch vụ hỗ trợ doanh nghiệp", "10", ["Hỗ trợ doanh nghiệp"]),
            ("PCI9", "Đào tạo lao động", "10", []),
            (
                "PCI10",
                "Thiết chế pháp lý và an ninh trật tự",
                "10",
                ["Thiết chế pháp lý"],
            ),
        ],
    },
    {
        "code": "SIPAS",
        "short_name": "SIPAS",
        "name": "Chỉ số hài lòng về sự phục vụ hành chính",
        "publisher": "Bộ Nội vụ",
        "scale_max": "100",
        "score_unit": "%",
        "aliases": ["Chỉ số hài lòng", "Sự hài lòng của người dân"],
        "components": [
            ("SIPAS1", "Tiếp cận dịch vụ", "100", ["Tiếp cận dịch vụ hành chính công"]),
            ("SIPAS2", "Thủ tục hành chính", "100", ["TTHC"]),
            (
                "SIPAS3",
                "Công chức trực tiếp giải quyết công việc",
                "100",
                ["Công chức giải quyết công việc", "Công chức"],
            ),
            ("SIPAS4", "Kết quả cung ứng dịch vụ", "100", ["Kết quả giải quyết công việc"]),
            (
                "SIPAS5",
                "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
                "100",
                ["Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị", "Góp ý, phản ánh, kiến nghị"],
            ),
        ],
    },
    {
        "code": "PAPI",
        "short_name": "PAPI",
        "name": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
        "publisher": "UNDP, CECODES, Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "scale_max": "80",
        "score_unit": "điểm",
        "aliases": ["Chỉ số hiệu quả quản trị", "Hiệu quả quản trị và hành chính công"],
        "components": [
            ("PAPI1", "Tham gia của người dân ở cấp cơ sở", "10", ["Tham gia của người dân"]),
            (
                "PAPI2",
                "Công khai, minh bạch trong việc ra quyết định",
                "10",
                ["Công khai, minh bạch"],
            ),
            ("PAPI3", "Trách nhiệm giải trình với người dân", "10", ["Trách nhiệm giải trình"]),
            (
                "PAPI4",
                "Kiểm soát tham nhũng trong khu vực công",
                "10",
                ["Kiểm soát tham nhũng"],
            ),
            ("PAPI5", "Thủ tục hành chính công", "10", []),
            ("PAPI6", "Cung ứng dịch vụ công", "10", ["Cung cấp dịch vụ công"]),
            ("PAPI7", "Quản trị môi trường", "10", []),
            ("PAPI8", "Quản trị điện tử", "10", ["Chính phủ điện tử"]),
        ],
    },
]

MAX_RANK = 63  # 63 provinces until 2025, 34 after; ranks above 63 are typos.


def seed(index_kind: type, sub_index: type) -> int:
    """Create or update the indices and components from CATALOG; return how many were made.

    Takes the model classes so that migration 0002 can pass its historical models.
    """
    from decimal import Decimal

    made = 0
    for position, item in enumerate(CATALOG):
        kind, created = index_kind.objects.update_or_create(
            code=item["code"],
            defaults={
                "short_name": item["short_name"],
                "name": item["name"],
                "publisher": item["publisher"],
                "scale_max": Decimal(item["scale_max"]),
                "score_unit": item["score_unit"],
                "position": position,
                "aliases": item["aliases"],
            },
        )
        made += int(created)
        for sub_position, (code, name, top, aliases) in enumerate(item["components"]):
            _sub, created = sub_index.objects.update_or_create(
                kind=kind,
                code=code,
                defaults={
                    "name": name,
                    "max_score": Decimal(top),
                    "position": sub_position,
                    "aliases": aliases,
                },
            )
            made += int(created)
    return made


def ensure_catalog() -> None:
    """Seed the catalog if it is missing (a flushed test database, a loaded dump)."""
    from .models import IndexKind, SubIndex

    if IndexKind.objects.count() < len(CATALOG):
        seed(IndexKind, SubIndex)
