from django.urls import path

from . import views

app_name = "indices"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhap-tep/", views.import_upload, name="import"),
    path("nhap-tep/mau.xlsx", views.import_template, name="template"),
    path("nhap-tep/<int:pk>/", views.import_detail, name="import_detail"),
    path("nhap-tep/<int:pk>/tep/", views.import_file, name="import_file"),
    path("nhiem-vu-khac-phuc/<int:pk>/go/", views.link_remove, name="link_remove"),
    path("<slug:code>/", views.kind_detail, name="kind"),
    path("<slug:code>/xuat/", views.kind_export, name="export"),
    path("<slug:code>/nhap-diem/", views.score_edit, name="score_edit"),
    path("<slug:code>/nhiem-vu-khac-phuc/", views.link_add, name="link_add"),
]
