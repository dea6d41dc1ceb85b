"""The topics and incident categories a new installation starts with (editable after)."""

from typing import Any

TOPICS = [
    ("nghi-quyet", "Nghị quyết Đại hội Đảng các cấp"),
    ("covid-19", "Phòng, chống dịch Covid-19"),
    ("bau-cu", "Bầu cử đại biểu Quốc hội và Hội đồng nhân dân các cấp"),
    ("phap-luat", "Pháp luật, chính sách của Nhà nước"),
    ("giam-ngheo", "Phát triển kinh tế, giảm nghèo"),
    ("dat-dai", "Đất đai, bồi thường, giải phóng mặt bằng"),
    ("ton-giao", "Tôn giáo, tín ngưỡng"),
    ("an-ninh", "An ninh, trật tự ở cơ sở"),
    ("khac", "Nội dung khác"),
]
CATEGORIES = [
    ("dat-dai", "Tranh chấp đất đai"),
    ("khieu-kien", "Khiếu kiện đông người"),
    ("ton-giao", "Tôn giáo"),
    ("dan-toc", "Dân tộc"),
    ("an-ninh", "An ninh, trật tự"),
    ("moi-truong", "Môi trường"),
    ("khac", "Khác"),
]


def load_topics(apps: Any, topics_app: str = "outreach", categories_app: str = "situation") -> None:
    """Create the starting topics and categories, keeping any an administrator changed.

    `apps` is a migration's app registry (or `django.apps.apps`); the apps named are where the
    models live in it (`grassroots` in the migration that first loaded them)."""
    Topic = apps.get_model(topics_app, "Topic")
    Category = apps.get_model(categories_app, "IncidentCategory")
    for order, (code, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "order": order})
