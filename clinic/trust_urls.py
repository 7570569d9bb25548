"""URLs of the trust pages, in the `clinic` namespace (included from clinic/urls.py)."""

from django.urls import path

from . import audit_views, data_rights_views, security_views

urlpatterns = [
    path("practice/audit/", audit_views.audit_report, name="audit_report"),
    path("practice/audit/changes/", audit_views.change_history, name="change_history"),
    path("practice/security/", security_views.security_settings, name="security_settings"),
    path("me/data/", data_rights_views.my_data, name="my_data"),
    path("me/data.json", data_rights_views.my_data_json, name="my_data_json"),
    path("runners/<uuid:code>/data/", data_rights_views.runner_data, name="runner_data"),
    path(
        "runners/<uuid:code>/data.json",
        data_rights_views.runner_data_json,
        name="runner_data_json",
    ),
    path(
        "runners/<uuid:code>/anonymise/",
        data_rights_views.runner_anonymise,
        name="runner_anonymise",
    ),
]
