from django.urls import path

from . import views

app_name = "petitions"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("tiep-nhan/", views.case_receive, name="receive"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("thong-ke/", views.statistics, name="statistics"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/danh-tinh/", views.case_identity, name="identity"),
    path("<int:pk>/cap-lai-ma-bi-mat/", views.secret_reissue, name="secret_reissue"),
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
    path("trung/<int:pk>/khong-trung/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment"),
    path("van-ban/<int:pk>/", views.document_download, name="document"),
]
