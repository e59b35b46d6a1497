from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("gui-don/", views.submit, name="submit"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu.json", views.lookup_json, name="lookup_json"),
    path("bao-ve-du-lieu-ca-nhan/", views.privacy, name="privacy"),
]
