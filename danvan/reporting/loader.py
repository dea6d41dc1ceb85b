"""Load indicators and report forms from a JSON file (`data/forms.json` ships the bloc's own).

The forms are data: administrators change them in the admin afterwards; this only seeds them.
Used by a data migration, so it takes the app registry rather than importing the models.
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMS_FILE = Path(__file__).parent / "data" / "forms.json"


def load_forms(apps: Any, path: Path = FORMS_FILE) -> None:
    """Create what the file describes and does not exist yet (matched by code)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    category_model = apps.get_model("reporting", "Category")
    indicator_model = apps.get_model("reporting", "Indicator")
    form_model = apps.get_model("reporting", "ReportForm")

    categories = {}
    for entry in data["categories"]:
        category, _ = category_model.objects.get_or_create(
            code=entry["code"], defaults={"name": entry["name"]}
        )
        for order, (code, name) in enumerate(entry["options"]):
            category.options.get_or_create(code=code, defaults={"name": name, "order": order})
        categories[category.code] = category

    indicators = {}
    for entry in data["indicators"]:
        indicator, _ = indicator_model.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "unit": entry["unit"],
                "value_type": entry["value_type"],
                "aggregation": entry["aggregation"],
                "category": categories.get(entry.get("category", "")),
                "min_value": _decimal(entry.get("min")),
                "max_value": _decimal(entry.get("max")),
            },
        )
        indicators[indicator.code] = indicator

    for entry in data["forms"]:
        if form_model.objects.filter(code=entry["code"]).exists():
            continue
        form = form_model.objects.create(
            code=entry["code"],
            name=entry["name"],
            period_type=entry["period_type"],
            org_kinds=entry["org_kinds"],
            levels=entry["levels"],
            due_days=entry["due_days"],
            lock_days=entry["lock_days"],
            outlier_factor=Decimal(entry["outlier_factor"]),
        )
        for order, section_data in enumerate(entry["sections"]):
            section = form.sections.create(title=section_data["title"], order=order)
            for item_order, (code, required) in enumerate(section_data["items"]):
                form.items.create(
                    section=section,
                    indicator=indicators[code],
                    order=item_order,
                    required=required,
                )
        for order, (code, title, required) in enumerate(entry["narratives"]):
            form.narratives.create(code=code, title=title, order=order, required=required)
        for rule in entry["rules"]:
            form.rules.create(
                kind=rule["kind"],
                left=indicators[rule["left"]],
                right=indicators[rule["right"]],
                min_value=_decimal(rule.get("min")),
                max_value=_decimal(rule.get("max")),
                severity=rule["severity"],
                message=rule.get("message", ""),
            )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
