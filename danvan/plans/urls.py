from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("tao-moi/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/ban-hanh/", views.plan_issue, name="issue"),
    path("<int:pk>/xuat/", views.plan_export, name="export"),
    path("<int:pk>/van-ban.docx", views.plan_docx, name="docx"),
    path("<int:pk>/them-phan/", views.section_add, name="section_add"),
    path("<int:pk>/khung-chuan/", views.outline_standard, name="outline_standard"),
    path("phan/<int:pk>/sua/", views.section_edit, name="section_edit"),
    path("phan/<int:section_pk>/them-muc/", views.item_add, name="item_add"),
    path("muc/<int:pk>/sua/", views.item_edit, name="item_edit"),
    path("muc/<int:item_pk>/them-nhiem-vu/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/giao/", views.task_assign, name="assign"),
    path("giao/<int:pk>/tien-do/", views.progress_add, name="progress"),
    path("giao/<int:pk>/kho-khan/", views.difficulty_raise, name="difficulty_raise"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("kho-khan/", views.difficulty_list, name="difficulties"),
    path("kho-khan/<int:pk>/tra-loi/", views.difficulty_answer, name="difficulty_answer"),
    path("trien-khai/", views.unit_plan_list, name="unit_plans"),
    path(
        "<int:plan_pk>/trien-khai/<int:unit_pk>/tao/",
        views.unit_plan_create,
        name="unit_plan_create",
    ),
    path("trien-khai/<int:pk>/", views.unit_plan_detail, name="unit_plan"),
    path("trien-khai/<int:pk>/tham-dinh/", views.unit_plan_review, name="unit_plan_review"),
]
