from django.urls import path

from . import views

app_name = "reception"
urlpatterns = [
    path("", views.register, name="register"),
    path("ghi-so/", views.reception_new, name="new"),
    path("<int:pk>/", views.reception_detail, name="detail"),
    path("<int:pk>/sua/", views.reception_edit, name="edit"),
    path("<int:pk>/huy/", views.reception_archive, name="archive"),
    path("lich/", views.schedule, name="schedule"),
    path("lich/them/", views.session_new, name="session_new"),
    path("lich/<int:pk>/sua/", views.session_edit, name="session_edit"),
    path("lich/<int:pk>/<str:status>/", views.session_status, name="session_status"),
    path("lich-cong-khai/", views.public_schedule, name="public_schedule"),
]
