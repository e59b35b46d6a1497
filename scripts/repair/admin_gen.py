# ruff: noqa: E501 - phrase tables read better one phrase a line
"""Generate Vietnamese administrative-style documents by recombining hand-written phrases.

Every phrase list is split deterministically into a training part and an evaluation part
(every fifth phrase goes to evaluation), so evaluation documents are made of phrase
fillers that the model never saw as a whole. The frames (sentence shapes) are shared.
"""

from __future__ import annotations

import random

PROVINCES = [
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
    "Bạc Liêu",
]

DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Ban Dân tộc tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
    "Đài Phát thanh và Truyền hình",
    "Báo địa phương",
    "Ban Quản lý các khu kinh tế",
    "Sở Ngoại vụ",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Hội Nông dân tỉnh",
    "Hội Cựu chiến binh tỉnh",
]

ISSUERS = [
    ("Thủ tướng Chính phủ", "CT-TTg"),
    ("Chính phủ", "NQ-CP"),
    ("Chính phủ", "NĐ-CP"),
    ("Bộ Nội vụ", "TT-BNV"),
    ("Ban Bí thư", "KL/TW"),
    ("Bộ Chính trị", "NQ/TW"),
    ("Ban Chấp hành Trung ương", "NQ/TW"),
    ("Tỉnh ủy", "CTr/TU"),
    ("Ban Thường vụ Tỉnh ủy", "QĐ/TU"),
    ("Ủy ban nhân dân tỉnh", "QĐ-UBND"),
    ("Ủy ban nhân dân tỉnh", "KH-UBND"),
    ("Hội đồng nhân dân tỉnh", "NQ-HĐND"),
    ("Thanh tra Chính phủ", "TT-TTCP"),
    ("Bộ Tài chính", "TT-BTC"),
    ("Văn phòng Chính phủ", "TB-VPCP"),
]

DOC_TYPES = {
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "KL": "Kết luận",
    "CTr": "Chương trình hành động",
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
}

TOPICS = [
    "công tác dân vận của cơ quan hành chính nhà nước",
    "cải cách hành chính và chuyển đổi số",
    "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "thực hiện quy chế dân chủ ở cơ sở",
    "phòng, chống tham nhũng, tiêu cực",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "phát triển kinh tế tập thể và hợp tác xã",
    "chăm sóc sức khỏe nhân dân",
    "đổi mới căn bản, toàn diện giáo dục và đào tạo",
    "bảo đảm an sinh xã hội và giảm nghèo bền vững",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "xây dựng đội ngũ cán bộ, công chức, viên chức",
    "thực hành tiết kiệm, chống lãng phí",
    "phổ biến, giáo dục pháp luật",
    "bảo đảm trật tự an toàn giao thông",
    "phát triển văn hóa, xây dựng con người",
    "công tác dân tộc và chính sách dân tộc",
    "xây dựng chính quyền điện tử, chính quyền số",
    "phong trào thi đua Dân vận khéo",
    "nâng cao chỉ số hài lòng của người dân, doanh nghiệp",
    "quản lý đất đai và tài nguyên khoáng sản",
    "phát triển du lịch bền vững",
    "thu hút đầu tư và cải thiện môi trường kinh doanh",
    "bảo đảm quốc phòng, an ninh ở địa phương",
    "chăm lo đời sống người có công với cách mạng",
    "phòng, chống dịch bệnh",
    "xây dựng khối đại đoàn kết toàn dân tộc",
    "đấu tranh phòng, chống tội phạm và tệ nạn xã hội",
    "nâng cao chất lượng nguồn nhân lực",
]

OPENINGS = [
    "Nhằm nâng cao nhận thức, trách nhiệm của cán bộ, công chức, viên chức về {topic}",
    "Để tiếp tục triển khai có hiệu quả {topic} trong tình hình mới",
    "Thực hiện {ref}, {issuer_doc} ban hành Kế hoạch triển khai {topic}",
    "Căn cứ tình hình thực tế tại địa phương, {issuer_doc} xây dựng kế hoạch thực hiện {topic}",
    "Trên cơ sở kết quả đạt được trong năm qua, các cơ quan, đơn vị tiếp tục đẩy mạnh {topic}",
    "Quán triệt sâu sắc chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước về {topic}",
    "Nhằm cụ thể hóa các nhiệm vụ, giải pháp về {topic}",
    "Thực hiện chỉ đạo của Tỉnh ủy về {topic}",
    "Tiếp tục đổi mới nội dung, phương thức thực hiện {topic}",
    "Nâng cao vai trò, trách nhiệm của người đứng đầu cơ quan, đơn vị trong {topic}",
]

ACTIONS = [
    "tổ chức quán triệt, triển khai thực hiện nghiêm túc",
    "tăng cường công tác tuyên truyền, phổ biến",
    "thường xuyên kiểm tra, giám sát, đôn đốc việc thực hiện",
    "chủ động tham mưu, đề xuất giải pháp",
    "kịp thời tháo gỡ khó khăn, vướng mắc",
    "đẩy mạnh ứng dụng công nghệ thông tin",
    "nâng cao chất lượng, hiệu quả hoạt động",
    "phối hợp chặt chẽ với Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội",
    "rà soát, sửa đổi, bổ sung các quy định",
    "định kỳ sơ kết, tổng kết, rút kinh nghiệm",
    "biểu dương, khen thưởng kịp thời các tập thể, cá nhân có thành tích",
    "xử lý nghiêm các trường hợp vi phạm",
    "công khai, minh bạch các thủ tục hành chính",
    "lắng nghe ý kiến, nguyện vọng chính đáng của Nhân dân",
    "giải quyết dứt điểm các vụ việc tồn đọng, kéo dài",
    "bố trí kinh phí bảo đảm cho việc thực hiện",
    "xây dựng và nhân rộng các mô hình hay, cách làm hiệu quả",
    "đổi mới phương thức lãnh đạo, chỉ đạo",
    "tổ chức đối thoại trực tiếp với người dân",
    "tăng cường kỷ luật, kỷ cương hành chính",
    "nâng cao tinh thần trách nhiệm, thái độ phục vụ Nhân dân",
    "thực hiện tốt phương châm dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng",
    "đẩy mạnh cải cách thủ tục hành chính theo hướng đơn giản, thuận tiện",
    "tiếp nhận, xử lý kịp thời phản ánh, kiến nghị của người dân và doanh nghiệp",
    "hướng dẫn, kiểm tra việc thực hiện tại cơ sở",
    "tổng hợp, báo cáo kết quả thực hiện",
    "cung cấp đầy đủ thông tin cho cơ quan báo chí",
    "bồi dưỡng kỹ năng, nghiệp vụ cho đội ngũ cán bộ làm công tác dân vận",
    "đưa nội dung này vào tiêu chí đánh giá, phân loại thi đua hằng năm",
    "gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
]

OBJECTS = [
    "các chủ trương, chính sách của Đảng và Nhà nước",
    "các văn bản quy phạm pháp luật mới ban hành",
    "quy chế dân chủ ở cơ sở",
    "các chương trình mục tiêu quốc gia",
    "công tác cải cách hành chính",
    "nhiệm vụ phát triển kinh tế - xã hội",
    "các dự án đầu tư công trọng điểm",
    "công tác bồi thường, hỗ trợ, tái định cư",
    "chính sách đối với đồng bào dân tộc thiểu số",
    "việc thực hiện các chỉ tiêu được giao",
    "hoạt động của bộ phận một cửa",
    "dịch vụ công trực tuyến toàn trình",
    "công tác tiếp công dân định kỳ và đột xuất",
    "quy tắc ứng xử của cán bộ, công chức, viên chức",
    "các phong trào thi đua yêu nước",
    "công tác phòng cháy, chữa cháy",
    "hệ thống thông tin báo cáo của tỉnh",
    "kế hoạch sử dụng đất hằng năm",
    "chương trình chuyển đổi số của tỉnh",
    "các mô hình dân vận khéo tiêu biểu",
    "việc giải quyết đơn thư khiếu nại, tố cáo",
    "kết quả thực hiện nhiệm vụ năm trước",
    "các nhiệm vụ trọng tâm của năm",
    "công tác phòng, chống rửa tiền",
    "việc sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
]

SUBJECTS = [
    "Các sở, ban, ngành tỉnh",
    "Ủy ban nhân dân các huyện, thị xã, thành phố",
    "Ủy ban nhân dân các xã, phường, thị trấn",
    "Thủ trưởng các cơ quan, đơn vị",
    "Người đứng đầu cơ quan hành chính các cấp",
    "Cán bộ, công chức, viên chức",
    "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
    "Các đơn vị sự nghiệp công lập",
    "Các doanh nghiệp nhà nước trên địa bàn tỉnh",
    "Chủ tịch Ủy ban nhân dân cấp xã",
    "Ban Chỉ đạo các cấp",
    "Các cơ quan thông tấn, báo chí",
]

PURPOSES = [
    "góp phần xây dựng chính quyền trong sạch, vững mạnh, gần dân, sát dân",
    "tạo sự đồng thuận cao trong Nhân dân",
    "củng cố vững chắc lòng tin của Nhân dân đối với Đảng và Nhà nước",
    "bảo đảm quyền và lợi ích hợp pháp của người dân",
    "phục vụ tốt hơn nhu cầu của người dân và doanh nghiệp",
    "thúc đẩy phát triển kinh tế - xã hội của địa phương",
    "bảo đảm an ninh chính trị, trật tự an toàn xã hội",
    "nâng cao hiệu lực, hiệu quả quản lý nhà nước",
    "phát huy quyền làm chủ của Nhân dân",
    "khắc phục những hạn chế, tồn tại đã được chỉ ra",
    "hoàn thành thắng lợi các chỉ tiêu kế hoạch đề ra",
    "tiết kiệm thời gian, chi phí cho người dân",
]

TIMES = [
    "trong năm {year}",
    "trước ngày {day}/{month}/{year}",
    "định kỳ hằng quý",
    "trước ngày 15 tháng 12 hằng năm",
    "trong quý {quarter} năm {year}",
    "thường xuyên",
    "sau khi kế hoạch được ban hành",
    "trong giai đoạn {year}-{year2}",
    "hằng tháng",
    "chậm nhất ngày {day} tháng {month} năm {year}",
]

RESULTS = [
    "Kết quả đạt được trong thời gian qua là khá toàn diện",
    "Tuy nhiên, vẫn còn một số hạn chế cần khắc phục",
    "Nhận thức của một bộ phận cán bộ, công chức về vấn đề này chưa đầy đủ",
    "Việc phối hợp giữa các ngành có lúc chưa chặt chẽ",
    "Nhiều mô hình mới, cách làm hay đã được nhân rộng",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên {pct}%",
    "Số lượng đơn thư khiếu nại giảm {pct}% so với cùng kỳ",
    "Đã tổ chức {n} hội nghị quán triệt với hơn {m} lượt người tham dự",
    "Toàn tỉnh có {n} mô hình được công nhận",
    "Đã tiếp {n} lượt công dân, tiếp nhận {m} đơn kiến nghị, phản ánh",
    "Công tác tuyên truyền được thực hiện bằng nhiều hình thức phong phú, đa dạng",
    "Một số nơi còn tình trạng né tránh, đùn đẩy trách nhiệm",
]

CLOSINGS = [
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo về {dept} để tổng hợp, trình Ủy ban nhân dân tỉnh xem xét, giải quyết",
    "Giao {dept} theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này",
    "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện",
    "{dept} chủ trì, phối hợp với các cơ quan liên quan hướng dẫn thực hiện",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành",
    "Kế hoạch này có hiệu lực kể từ ngày ký",
    "Các cơ quan, đơn vị gửi báo cáo kết quả về {dept} {time}",
]

ROLES = [
    "chủ trì, phối hợp với",
    "phối hợp với",
    "hướng dẫn, theo dõi, kiểm tra",
    "tham mưu cho",
    "tổng hợp, báo cáo",
    "chỉ đạo",
    "chịu trách nhiệm",
]

PLACES = [
    "huyện Châu Thành",
    "thành phố Rạch Giá",
    "thị xã Hà Tiên",
    "huyện Phú Quốc",
    "huyện Tân Hiệp",
    "huyện Giồng Riềng",
    "huyện Hòn Đất",
    "xã Tân Thành",
    "phường Vĩnh Thanh",
    "thị trấn Kiên Lương",
    "huyện Cái Nước",
    "thành phố Vị Thanh",
    "huyện Mỹ Xuyên",
    "xã Bình An",
    "phường An Hòa",
    "huyện Đầm Dơi",
    "thị xã Ngã Bảy",
    "huyện Long Phú",
    "xã Hòa Thuận",
    "phường Lê Bình",
]


def _split(items: list[str], part: str) -> list[str]:
    picked = [x for i, x in enumerate(items) if (i % 5 == 4) == (part == "eval")]
    return picked or items


class Generator:
    def __init__(self, seed: int, part: str) -> None:
        self.rng = random.Random(seed)
        self.part = part
        self.lists = {
            name: _split(values, part)
            for name, values in {
                "province": PROVINCES,
                "dept": DEPARTMENTS,
                "topic": TOPICS,
                "opening": OPENINGS,
                "action": ACTIONS,
                "object": OBJECTS,
                "subject": SUBJECTS,
                "purpose": PURPOSES,
                "time": TIMES,
                "result": RESULTS,
                "closing": CLOSINGS,
                "role": ROLES,
                "place": PLACES,
            }.items()
        }

    def pick(self, name: str) -> str:
        return self.rng.choice(self.lists[name])

    def ref(self) -> tuple[str, str]:
        r = self.rng
        issuer, kind = r.choice(ISSUERS)
        number = r.randint(1, 2999)
        year = r.randint(2005, 2025)
        prefix = kind.split("/")[0].split("-")[0]
        doc_type = DOC_TYPES.get(prefix, "Văn bản")
        day, month = r.randint(1, 28), r.randint(1, 12)
        sep = "-" if "/" in kind else "/"
        symbol = f"{number}{sep}{kind}"
        if r.random() < 0.5:
            text = f"{doc_type} số {symbol} ngày {day:02d}/{month:02d}/{year} của {issuer}"
        else:
            text = f"{doc_type} số {symbol} ngày {day} tháng {month} năm {year} của {issuer}"
        return text, issuer

    def fill(self, template: str) -> str:
        r = self.rng
        year = r.randint(2020, 2026)
        ref, _issuer = self.ref()
        values = {
            "topic": self.pick("topic"),
            "dept": self.pick("dept"),
            "ref": ref,
            "issuer_doc": r.choice(
                [
                    "Ủy ban nhân dân tỉnh",
                    "Ủy ban nhân dân huyện",
                    "Sở Nội vụ",
                    "Ban Thường vụ Huyện ủy",
                    "Ủy ban nhân dân thành phố",
                ]
            ),
            "time": self.pick("time"),
            "year": year,
            "year2": year + 5,
            "day": r.randint(1, 28),
            "month": r.randint(1, 12),
            "quarter": r.choice(["I", "II", "III", "IV"]),
            "pct": r.randint(5, 99),
            "n": r.randint(2, 300),
            "m": r.randint(100, 9000),
        }
        out = template
        for _ in range(3):
            out = out.format(**values) if "{" in out else out
        return out

    def sentence(self) -> str:
        r = self.rng
        shape = r.randrange(9)
        if shape == 0:
            s = f"{self.pick('subject')} {self.pick('action')} {self.pick('object')}, {self.pick('purpose')}"
        elif shape == 1:
            s = f"{self.fill(self.pick('opening'))}; {self.pick('action')} {self.pick('object')}"
        elif shape == 2:
            s = f"{self.pick('dept')} {self.pick('role')} {self.pick('dept')} {self.pick('action')} {self.pick('object')} {self.fill(self.pick('time'))}"
        elif shape == 3:
            s = self.fill(self.pick("result"))
        elif shape == 4:
            s = self.fill(self.pick("closing"))
        elif shape == 5:
            s = f"Tiếp tục {self.pick('action')} {self.pick('object')} tại {self.pick('place')}, {self.pick('purpose')}"
        elif shape == 6:
            ref, issuer = self.ref()
            s = f"Thực hiện {ref} về {self.pick('topic')}, {self.pick('subject').lower()} {self.pick('action')} {self.pick('object')}"
        elif shape == 7:
            s = f"Trong năm {r.randint(2020, 2026)}, {self.pick('subject').lower()} đã {self.pick('action')} {self.pick('object')}; {self.fill(self.pick('result')).lower()}"
        else:
            s = f"{self.pick('action').capitalize()} {self.pick('object')}, {self.pick('purpose')}, {self.pick('purpose')}"
        return s[0].upper() + s[1:] + "."

    def document(self) -> str:
        r = self.rng
        province = self.pick("province")
        year = r.randint(2021, 2026)
        number = r.randint(1, 400)
        lines = [
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            f"TỈNH {province.upper()} Độc lập - Tự do - Hạnh phúc",
            f"Số: {number}/KH-UBND {province}, ngày {r.randint(1, 28):02d} tháng {r.randint(1, 12):02d} năm {year}",
            "KẾ HOẠCH",
            f"Thực hiện {self.pick('topic')} trên địa bàn tỉnh {province} năm {year}",
            "",
        ]
        numerals = ["I", "II", "III", "IV"]
        titles = ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN", "CHẾ ĐỘ BÁO CÁO"]
        for numeral, title in zip(numerals, titles, strict=True):
            lines.append(f"{numeral}. {title}")
            for item in range(1, r.randint(3, 6)):
                lines.append(f"{item}. {self.pick('action').capitalize()} {self.pick('object')}")
                paragraph = " ".join(self.sentence() for _ in range(r.randint(2, 5)))
                lines.append(paragraph)
                if r.random() < 0.4:
                    for letter in "abc"[: r.randint(1, 3)]:
                        lines.append(f"{letter}) {self.sentence()}")
                if r.random() < 0.3:
                    lines.append(f"- {self.sentence()}")
            lines.append("")
        lines.append("Nơi nhận:")
        lines.append(f"- {self.pick('dept')};")
        lines.append("- Lưu: VT.")
        return "\n".join(lines)


def documents(part: str, count: int, seed: int) -> list[str]:
    gen = Generator(seed, part)
    return [gen.document() for _ in range(count)]


if __name__ == "__main__":
    print(documents("eval", 1, 7)[0])
