from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from danvan.api import api as web_api
from danvan.api import views as api_views
from danvan.core import views as core_views
from danvan.dashboard import explore as explorer_views
from danvan.dashboard import map_pages
from danvan.dashboard import views as dashboard_views
from danvan.directives import views as directive_views
from danvan.documents import views as document_views
from danvan.jobs import views as job_views
from danvan.orgs import views as org_views
from danvan.orgs.admin import admin_site
from danvan.outreach import views as outreach_views
from danvan.reporting import views as report_views
from danvan.situation import views as situation_views
from danvan.welfare import views as welfare_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("dang-nhap/", org_views.ThrottledLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("don-vi/", org_views.unit_list, name="unit-list"),
    path("don-vi/<int:pk>/", org_views.unit_detail, name="unit-detail"),
    path("to-chuc/", org_views.organization_list, name="organization-list"),
    path("bao-cao/", report_views.report_list, name="report-list"),
    path("bao-cao/lap/", report_views.report_open, name="report-open"),
    path("bao-cao/phe-duyet/", report_views.report_approve_many, name="report-approve-many"),
    path("bao-cao/<int:pk>/", report_views.report_detail, name="report-detail"),
    path("bao-cao/<int:pk>/xu-ly/", report_views.report_decide, name="report-decide"),
    path("bao-cao/<int:pk>/nop-bo-sung/", report_views.report_late_entry, name="report-late-entry"),
    path("bao-cao/<int:pk>/doc-van-ban/", document_views.report_ingest, name="report-ingest"),
    path("bao-cao/<int:pk>/excel/", report_views.report_workbook, name="report-workbook"),
    path("bao-cao/mau/<slug:code>/excel/", report_views.form_workbook, name="form-workbook"),
    path("tong-hop/", report_views.consolidated, name="consolidated"),
    path("tong-hop/tien-do/", report_views.completeness_view, name="completeness"),
    path("tong-hop/noi-dung/", report_views.narratives, name="narratives"),
    path("tong-hop/van-ban/", document_views.report_document, name="report-document"),
    path("tong-hop/du-lieu/", report_views.data_exchange, name="data-exchange"),
    path("cham-lo/", welfare_views.campaign_list, name="campaign-list"),
    path("cham-lo/mau-danh-sach.xlsx", welfare_views.list_template, name="list-template"),
    path("cham-lo/<int:pk>/", welfare_views.campaign_detail, name="campaign-detail"),
    path("cham-lo/<int:pk>/bao-phu/", welfare_views.campaign_coverage, name="campaign-coverage"),
    path("cham-lo/<int:pk>/nhap/", welfare_views.campaign_import, name="campaign-import"),
    path("cham-lo/<int:pk>/them/", welfare_views.campaign_add, name="campaign-add"),
    path("cham-lo/<int:pk>/tim-trung/", welfare_views.campaign_dedup, name="campaign-dedup"),
    path("ho/", welfare_views.household_list, name="household-list"),
    path("ho/<int:pk>/", welfare_views.household_detail, name="household-detail"),
    path("ho/trung/", welfare_views.duplicate_list, name="duplicate-list"),
    path("ho/trung/<int:pk>/", welfare_views.duplicate_decide, name="duplicate-decide"),
    path("bang-dieu-khien/", dashboard_views.leaders, name="dashboard"),
    path("co-so/", dashboard_views.fieldwork, name="grassroots"),
    path("kham-pha/", explorer_views.explorer, name="explorer"),
    path("ban-do/", map_pages.map_page, name="map"),
    path("ban-do/du-lieu.geojson", map_pages.map_data, name="map-data"),
    path("kham-pha/luu/", explorer_views.save_view, name="explorer-save"),
    path("kham-pha/<int:pk>/xoa/", explorer_views.delete_view, name="explorer-delete"),
    path("co-so/tuyen-truyen/", outreach_views.session_list, name="session-list"),
    path("co-so/tuyen-truyen/them/", outreach_views.session_add, name="session-add"),
    path("co-so/van-dong/<int:pk>/", outreach_views.drive_detail, name="drive-detail"),
    path("co-so/trong-diem/", outreach_views.key_areas, name="key-areas"),
    path("co-so/vu-viec/", situation_views.incident_list, name="incident-list"),
    path("co-so/vu-viec/them/", situation_views.incident_add, name="incident-add"),
    path("co-so/vu-viec/<int:pk>/", situation_views.incident_detail, name="incident-detail"),
    path("co-so/tu-tuong/", situation_views.note_list, name="note-list"),
    path("co-so/tu-tuong/them/", situation_views.note_add, name="note-add"),
    path("co-so/de-xuat/", situation_views.recommendation_list, name="recommendation-list"),
    path("co-so/de-xuat/them/", situation_views.recommendation_add, name="recommendation-add"),
    path(
        "co-so/de-xuat/<int:pk>/",
        situation_views.recommendation_detail,
        name="recommendation-detail",
    ),
    path("co-so/hoi-nghi/", directive_views.meeting_list, name="meeting-list"),
    path("co-so/hoi-nghi/them/", directive_views.meeting_add, name="meeting-add"),
    path("co-so/hoi-nghi/<int:pk>/", directive_views.meeting_detail, name="meeting-detail"),
    path(
        "co-so/hoi-nghi/<int:pk>/van-ban/",
        document_views.meeting_briefing,
        name="meeting-briefing",
    ),
    path("co-so/nhiem-vu/", directive_views.task_list, name="task-list"),
    path("co-so/nhiem-vu/<int:pk>/", directive_views.task_detail, name="task-detail"),
    path("thong-bao/", org_views.notification_list, name="notifications"),
    path("viec/", job_views.job_list, name="job-list"),
    path("viec/<int:pk>/", job_views.job_detail, name="job-detail"),
    path("viec/<int:pk>/chay-lai/", job_views.job_rerun, name="job-rerun"),
    path("viec/<int:pk>/tep/", job_views.job_file, name="job-file"),
    path("tai-khoan/ma-api/", api_views.tokens, name="api-tokens"),
    path("api/v1/", web_api.urls()),
    re_path(r"^api/(?P<rest>.*)$", web_api.not_found),
    path("quan-tri/", admin_site.urls),
    path("favicon.ico", org_views.favicon),
]

handler400 = "danvan.core.views.bad_request"
handler403 = "danvan.core.views.permission_denied"
handler404 = "danvan.core.views.page_not_found"
handler500 = "danvan.core.views.server_error"
