from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.period_list, name="periods"),
    path("ky/cua-so/", views.window_preview, name="window"),
    path("ky/<int:pk>/", views.period_detail, name="period"),
    path("ky/<int:pk>/sua/", views.period_edit, name="period_edit"),
    path("ky/<int:pk>/trang-thai/", views.period_status, name="period_status"),
    path("ky/<int:pk>/don-vi/<int:unit_pk>/lap/", views.report_open, name="report_open"),
    path("ky/<int:pk>/tinh-hinh-nop/", views.completeness_export, name="completeness_export"),
    path("ky/<int:pk>/chi-tieu/", views.indicators_export, name="indicators_export"),
    path("ky/<int:pk>/tong-hop-chi-tieu.csv", views.totals_export, name="totals_export"),
    path("ky/<int:pk>/so-sanh.csv", views.comparison_export, name="comparison_export"),
    path("ky/<int:pk>/tong-hop/", views.provincial_edit, name="provincial"),
    path("ky/<int:pk>/bao-cao-tong-hop.docx", views.provincial_docx, name="provincial_docx"),
    path("ky/<int:pk>/bieu-do/", views.charts, name="charts"),
    path("don-vi/<int:pk>/", views.report_detail, name="report"),
    path("don-vi/<int:pk>/tu-dong-luu/", views.report_autosave, name="autosave"),
    path("don-vi/<int:pk>/tham-dinh/", views.report_review, name="review"),
    path("don-vi/<int:pk>/minh-chung/", views.evidence_add, name="evidence_add"),
    path(
        "don-vi/<int:pk>/minh-chung/<int:evidence_pk>/go/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("don-vi/<int:pk>/lich-su/", views.report_history, name="history"),
    path("don-vi/<int:pk>/van-ban.docx", views.report_docx, name="report_docx"),
    path("don-vi/<int:pk>/so-lieu.csv", views.report_values_export, name="report_values"),
    path("bieu-mau/<int:pk>/", views.form_editor, name="form_editor"),
    path(
        "bieu-mau/<int:pk>/chi-tieu/<int:indicator_pk>/sua/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "bieu-mau/<int:pk>/chi-tieu/<int:indicator_pk>/go/",
        views.indicator_archive,
        name="indicator_archive",
    ),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
