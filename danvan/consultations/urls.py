from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    # Public pages (no account needed).
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/gop-y/", views.comment_submit, name="comment_submit"),
    path("<int:pk>/ket-qua/", views.public_summary, name="public_summary"),
    path("<int:pk>/ket-qua.docx", views.public_summary_docx, name="public_summary_docx"),
    path("<int:pk>/tep/<int:file_pk>/", views.public_file, name="public_file"),
    path("y-kien/<str:token>/", views.comment_verify, name="comment_verify"),
    path("y-kien/<str:token>/gui-lai-ma/", views.comment_resend, name="comment_resend"),
    # Staff pages.
    path("quan-ly/", views.manage_list, name="manage_list"),
    path("quan-ly/tao-moi/", views.consultation_create, name="create"),
    path("quan-ly/<int:pk>/", views.manage_detail, name="manage_detail"),
    path("quan-ly/<int:pk>/sua/", views.consultation_edit, name="edit"),
    path("quan-ly/<int:pk>/them-phan/", views.section_add, name="section_add"),
    path("quan-ly/phan/<int:pk>/", views.section_edit, name="section_edit"),
    path("quan-ly/<int:pk>/cong-bo/", views.consultation_open, name="open"),
    path("quan-ly/<int:pk>/gia-han/", views.consultation_extend, name="extend"),
    path("quan-ly/<int:pk>/ket-thuc/", views.consultation_close, name="close"),
    path("quan-ly/<int:pk>/kiem-duyet/", views.moderation_queue, name="moderation"),
    path("quan-ly/<int:pk>/ghi-nhan-y-kien/", views.comment_record, name="record"),
    path("quan-ly/y-kien/<int:pk>/kiem-duyet/", views.comment_moderate, name="moderate"),
    path("quan-ly/<int:pk>/tong-hop/", views.summary_editor, name="summary"),
    path("quan-ly/<int:pk>/tong-hop/luu/", views.summary_save, name="summary_save"),
    path("quan-ly/y-kien/<int:pk>/tra-loi/", views.comment_answer, name="answer"),
    path("quan-ly/<int:pk>/hoan-thanh/", views.consultation_summarise, name="summarise"),
    path("quan-ly/<int:pk>/mo-lai/", views.consultation_reopen_summary, name="reopen"),
    path("quan-ly/<int:pk>/cong-bo-ket-qua/", views.consultation_publish, name="publish"),
    path("quan-ly/<int:pk>/bao-cao.docx", views.summary_docx, name="docx"),
    path("quan-ly/<int:pk>/y-kien/xuat/", views.comments_export, name="comments_export"),
    path("quan-ly/tep/<int:pk>/", views.staff_file, name="staff_file"),
]
