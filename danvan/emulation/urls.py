from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("tao-moi/", views.model_create, name="create"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/sua/", views.model_edit, name="edit"),
    path("<int:pk>/danh-gia/", views.model_evaluate, name="evaluate"),
    path("<int:pk>/nhan-rong/", views.model_replicate, name="replicate"),
    path("anh/<int:pk>/", views.photo_view, name="photo"),
    path("tai-lieu/<int:pk>/", views.document_download, name="document"),
    path("cong-khai/", views.showcase, name="showcase"),
    path("cong-khai/<int:pk>/", views.showcase_detail, name="showcase_detail"),
    path("dien-hinh/", views.exemplar_list, name="exemplars"),
    path("dien-hinh/tao-moi/", views.exemplar_create, name="exemplar_create"),
    path("dien-hinh/<int:pk>/", views.exemplar_detail, name="exemplar"),
    path("dien-hinh/<int:pk>/sua/", views.exemplar_edit, name="exemplar_edit"),
    path("dien-hinh/<int:pk>/danh-gia/", views.exemplar_evaluate, name="exemplar_evaluate"),
]
