"""URL map: pages, the JSON API under /api/v1, and the admin."""

from django.contrib import admin
from django.urls import include, path

from danvan.api import api

urlpatterns = [
    path("", include("danvan.core.urls")),
    path("tai-khoan/", include("danvan.accounts.urls")),
    path("don-vi/", include("danvan.orgs.urls")),
    path("ke-hoach/", include("danvan.plans.urls")),
    path("bao-cao/", include("danvan.reports.urls")),
    path("thong-bao/", include("danvan.notifications.urls")),
    path("don-thu/", include("danvan.petitions.urls")),
    path("tiep-cong-dan/", include("danvan.reception.urls")),
    path("cong-dan/", include("danvan.portal.urls")),
    path("kien-nghi-mat-tran/", include("danvan.front.urls")),
    path("lay-y-kien/", include("danvan.consultations.urls")),
    path("dan-van-kheo/", include("danvan.emulation.urls")),
    path("chi-so-cai-cach/", include("danvan.indices.urls")),
    path("so-theo-doi/", include("danvan.registers.urls")),
    path("nhap-van-ban/", include("danvan.imports.urls")),
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
]

handler403 = "danvan.core.views.forbidden"
handler404 = "danvan.core.views.not_found"
handler500 = "danvan.core.views.server_error"
