from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("", views.home, name="home"),
    path("tuyen-truyen/", views.propaganda_list, name="propaganda_list"),
    path("tuyen-truyen/them/", views.propaganda_create, name="propaganda_create"),
    path("tuyen-truyen/<int:pk>/", views.propaganda_detail, name="propaganda"),
    path("tuyen-truyen/<int:pk>/sua/", views.propaganda_edit, name="propaganda_edit"),
    path("tuyen-truyen/<int:pk>/bo/", views.propaganda_archive, name="propaganda_archive"),
    path(
        "tuyen-truyen/<int:pk>/minh-chung/", views.propaganda_evidence, name="propaganda_evidence"
    ),
    path("kiem-tra/", views.inspection_list, name="inspection_list"),
    path("kiem-tra/them/", views.inspection_create, name="inspection_create"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="inspection"),
    path("kiem-tra/<int:pk>/sua/", views.inspection_edit, name="inspection_edit"),
    path("ky-luat/", views.case_list, name="case_list"),
    path("ky-luat/them/", views.case_create, name="case_create"),
    path("ky-luat/<int:pk>/", views.case_detail, name="case"),
    path("ky-luat/<int:pk>/sua/", views.case_edit, name="case_edit"),
]
