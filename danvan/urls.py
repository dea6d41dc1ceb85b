from django.contrib.auth import views as auth_views
from django.urls import path

from danvan.geo import views as geo_views
from danvan.orgs import views as org_views
from danvan.orgs.admin import admin_site

urlpatterns = [
    path("", org_views.home, name="home"),
    path("dang-nhap/", org_views.ThrottledLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("don-vi/", geo_views.unit_list, name="unit-list"),
    path("don-vi/<int:pk>/", geo_views.unit_detail, name="unit-detail"),
    path("to-chuc/", org_views.organization_list, name="organization-list"),
    path("quan-tri/", admin_site.urls),
    path("favicon.ico", org_views.favicon),
]
