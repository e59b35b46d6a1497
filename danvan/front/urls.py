from django.urls import path

from . import views

app_name = "front"
urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("gui-kien-nghi/", views.recommendation_create, name="create"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/giao/", views.recommendation_assign, name="assign"),
    path("<int:pk>/tra-loi/", views.recommendation_answer, name="answer"),
    path("<int:pk>/danh-gia/", views.recommendation_assess, name="assess"),
    path("<int:pk>/dong-y-cong-khai/", views.recommendation_consent, name="consent"),
    path("<int:pk>/rut/", views.recommendation_withdraw, name="withdraw"),
    path("tep/<int:pk>/", views.file_download, name="file"),
    path("cong-khai/", views.public_list, name="public_list"),
    path("cong-khai/<int:pk>/", views.public_detail, name="public_detail"),
]
