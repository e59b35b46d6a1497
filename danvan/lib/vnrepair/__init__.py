"""Diacritic and OCR repair for Vietnamese text (pure Python, offline, model shipped in data/).

    from danvan.lib.vnrepair import repair, damage_ratio
    repair("Thyc hién Chi thi s6 33/CT-TTg").text  # "Thực hiện Chỉ thị số 33/CT-TTg"

See docs/repair.md for the method, the data and the measured accuracy.
"""

from .repair import UNCERTAIN_BELOW, RepairResult, Token, damage_ratio, repair

__all__ = ["UNCERTAIN_BELOW", "RepairResult", "Token", "damage_ratio", "repair"]
