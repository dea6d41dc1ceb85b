"""A record's history as a reader wants it: who, when, and which fields changed from what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
SKIPPED = {"created_at", "created_by"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: Any
    who: str
    kind: str
    changes: list[Change]


def _shown(record: Any, name: str, value: Any) -> str:
    field = record.instance_type._meta.get_field(name)
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def entries(instance: Any, limit: int = 50) -> list[Entry]:
    """The newest `limit` history entries of `instance`, each with its changed fields (the
    creation lists none)."""
    records = list(instance.history.select_related("history_user")[: limit + 1])
    found = []
    for record, older in zip(records, [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            for change in record.diff_against(older).changes:
                if change.field in SKIPPED:
                    continue
                label = record.instance_type._meta.get_field(change.field).verbose_name
                changes.append(
                    Change(
                        str(label),
                        _shown(record, change.field, change.old),
                        _shown(record, change.field, change.new),
                    )
                )
        user = record.history_user
        who = (getattr(user, "full_name", "") or user.get_username()) if user else "Hệ thống"
        found.append(Entry(record.history_date, who, KINDS[record.history_type], changes))
    return found[:limit]
