from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/tien-do/", views.job_progress, name="progress"),
    path("<int:pk>/ra-soat/", views.job_review, name="review"),
    path("<int:pk>/tao-du-thao/", views.job_make_plan, name="make_plan"),
    path("<int:pk>/tep/", views.job_file, name="file"),
    path("van-ban-phap-ly/", views.legal_list, name="legal_list"),
    path("van-ban-phap-ly/<int:pk>/", views.legal_detail, name="legal_detail"),
    path("van-ban-phap-ly/<int:pk>/sua/", views.legal_edit, name="legal_edit"),
]
