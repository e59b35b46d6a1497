"""Reference vocabulary of the plan parser: places, bodies, document types, section titles, laws.

Official documents use a small closed vocabulary in their headers and citations; knowing it
lets the parser give the correct spelling even when OCR damaged the words.
"""

from __future__ import annotations

import datetime as dt

PLACES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Huế", "Tiền Giang", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Rạch Giá", "Hà Tiên", "Phú Quốc",
)  # fmt: skip

# Document types: (folded words as they appear in text, display name with diacritics).
DOC_TYPES = (
    ("chuong trinh hanh dong", "Chương trình hành động"),
    ("nghi quyet", "Nghị quyết"),
    ("quyet dinh", "Quyết định"),
    ("chi thi", "Chỉ thị"),
    ("ket luan", "Kết luận"),
    ("ke hoach", "Kế hoạch"),
    ("cong van", "Công văn"),
    ("quy dinh", "Quy định"),
    ("nghi dinh", "Nghị định"),
    ("thong tu lien tich", "Thông tư liên tịch"),
    ("thong tu", "Thông tư"),
    ("thong tri", "Thông tri"),
    ("huong dan", "Hướng dẫn"),
    ("thong bao", "Thông báo"),
    ("chuong trinh", "Chương trình"),
    ("bao cao", "Báo cáo"),
    ("de an", "Đề án"),
    ("phuong an", "Phương án"),
    ("quy che", "Quy chế"),
    ("to trinh", "Tờ trình"),
    ("cong dien", "Công điện"),
    ("bo luat", "Bộ luật"),
    ("luat", "Luật"),
    ("phap lenh", "Pháp lệnh"),
)

# Type codes of symbols (Decree 30 Appendix III; Party: Guide 36-HD/VPTW) -> type name.
STATE_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế",
    "QyĐ": "Quy định", "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn",
    "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án",
    "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện",
    "GM": "Giấy mời", "NĐ": "Nghị định", "TT": "Thông tư", "TTLT": "Thông tư liên tịch",
    "KL": "Kết luận",
}  # fmt: skip
PARTY_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận",
    "QĐi": "Quy định", "CTr": "Chương trình", "KH": "Kế hoạch", "CV": "Công văn",
    "TB": "Thông báo", "HD": "Hướng dẫn", "BC": "Báo cáo", "QC": "Quy chế", "TT": "Thông tri",
    "TTr": "Tờ trình", "ĐA": "Đề án", "BB": "Biên bản",
}  # fmt: skip
ISSUER_CODES = (
    "TTg", "CP", "TW", "TU", "UBND", "BNV", "TTCP", "BCT", "BBT", "QH", "VPTW", "BDVTW",
    "HĐND", "BTC", "BTP", "VPCP", "BCA", "BQP", "BDV", "HU", "ĐU", "BTCTW",
)  # fmt: skip
# Who issued a document when the text does not say: by the issuer code of its symbol.
ISSUER_BY_CODE = {
    "TTg": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "QH": "Quốc hội",
    "BNV": "Bộ Nội vụ",
    "TTCP": "Thanh tra Chính phủ",
    "BCT": "Bộ Chính trị",
    "BBT": "Ban Bí thư",
    "TW": "Ban Chấp hành Trung ương Đảng",
    "TU": "Tỉnh ủy",
    "UBND": "Ủy ban nhân dân tỉnh",
    "VPCP": "Văn phòng Chính phủ",
    "BDVTW": "Ban Dân vận Trung ương",
}

# Issuing bodies as written after "của" (longest first is decided by the matcher).
ISSUERS = (
    "Thủ tướng Chính phủ",
    "Chính phủ",
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Chấp hành Đảng bộ tỉnh",
    "Tỉnh ủy",
    "Chủ tịch Ủy ban nhân dân tỉnh",
    "Ủy ban nhân dân tỉnh",
    "Hội đồng nhân dân tỉnh",
    "Bộ trưởng Bộ Nội vụ",
    "Bộ Nội vụ",
    "Sở Nội vụ",
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
    "Ban Dân vận Trung ương",
    "Ban Dân vận Tỉnh ủy",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
)

SECTION_TITLES = (
    "MỤC ĐÍCH, YÊU CẦU",
    "MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU",
    "MỤC TIÊU",
    "MỤC TIÊU, YÊU CẦU",
    "NHIỆM VỤ, GIẢI PHÁP",
    "NHIỆM VỤ VÀ GIẢI PHÁP",
    "NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU",
    "NHIỆM VỤ TRỌNG TÂM",
    "NỘI DUNG",
    "NỘI DUNG THỰC HIỆN",
    "TỔ CHỨC THỰC HIỆN",
    "KINH PHÍ THỰC HIỆN",
    "KINH PHÍ",
    "CHẾ ĐỘ BÁO CÁO",
    "TIẾN ĐỘ THỰC HIỆN",
)
# Folded titles of sections whose numbered items are task groups / who-does-what.
TASK_SECTION_WORDS = (("nhiem", "vu"), ("noi", "dung"))
ORGANISATION_SECTION_WORDS = (("to", "chuc", "thuc", "hien"),)

# Laws cited by name and year: folded name -> (name, {year: (number, symbol, passed on)}).
LAWS: dict[str, tuple[str, dict[int, tuple[str, str, dt.date]]]] = {
    "tiep cong dan": ("Tiếp công dân", {2013: ("42/2013", "QH13", dt.date(2013, 11, 25))}),
    "khieu nai": ("Khiếu nại", {2011: ("02/2011", "QH13", dt.date(2011, 11, 11))}),
    "to cao": ("Tố cáo", {2018: ("25/2018", "QH14", dt.date(2018, 6, 12))}),
    "tiep can thong tin": (
        "Tiếp cận thông tin",
        {2016: ("104/2016", "QH13", dt.date(2016, 4, 6))},
    ),
    "thuc hien dan chu o co so": (
        "Thực hiện dân chủ ở cơ sở",
        {2022: ("10/2022", "QH15", dt.date(2022, 11, 10))},
    ),
    "can bo cong chuc": ("Cán bộ, công chức", {2008: ("22/2008", "QH12", dt.date(2008, 11, 13))}),
    "vien chuc": ("Viên chức", {2010: ("58/2010", "QH12", dt.date(2010, 11, 15))}),
    "phong chong tham nhung": (
        "Phòng, chống tham nhũng",
        {2018: ("36/2018", "QH14", dt.date(2018, 11, 20))},
    ),
    "bao ve du lieu ca nhan": (
        "Bảo vệ dữ liệu cá nhân",
        {2025: ("91/2025", "QH15", dt.date(2025, 6, 26))},
    ),
    "thi dua khen thuong": (
        "Thi đua, khen thưởng",
        {2022: ("06/2022", "QH15", dt.date(2022, 6, 15))},
    ),
    "lao dong": ("Lao động", {}),
    "dat dai": ("Đất đai", {}),
    "to chuc chinh quyen dia phuong": ("Tổ chức chính quyền địa phương", {}),
    "ban hanh van ban quy pham phap luat": ("Ban hành văn bản quy phạm pháp luật", {}),
}

# Generic actor phrases of "Tổ chức thực hiện", known even without a unit table.
GENERIC_ACTORS = (
    "Sở Nội vụ",
    "các sở, ban, ngành",
    "các sở, ban, ngành tỉnh",
    "các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
    "các cơ quan chuyên môn",
    "các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh",
    "các đơn vị sự nghiệp công lập",
    "Ủy ban nhân dân các huyện, thành phố",
    "Ủy ban nhân dân các huyện, thị xã, thành phố",
    "Ủy ban nhân dân cấp huyện",
    "Ủy ban nhân dân cấp xã",
    "Ủy ban nhân dân các xã, phường, thị trấn",
    "Ủy ban nhân dân các xã, phường, đặc khu",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Mặt trận Tổ quốc Việt Nam",
    "các tổ chức chính trị - xã hội",
    "các đoàn thể",
    "Sở Thông tin và Truyền thông",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Kế hoạch và Đầu tư",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa và Thể thao",
    "Sở Lao động - Thương binh và Xã hội",
    "Ban Dân tộc",
    "Công an tỉnh",
    "Đài Phát thanh và Truyền hình",
    "Báo Kiên Giang",
)
# Titles of the person heading a body: "Thủ trưởng các sở" is the actor "các sở".
HEAD_TITLES = (
    (("thu", "truong"), "Thủ trưởng"),
    (("chu", "tich"), "Chủ tịch"),
    (("giam", "doc"), "Giám đốc"),
    (("lanh", "dao"), "Lãnh đạo"),
    (("nguoi", "dung", "dau"), "Người đứng đầu"),
    (("truong",), "Trưởng"),
)
