"""Administrative units, dated, with succession links across reorganizations.

A unit's code alone does not name it: codes were reused across the 1 July 2025 reform (24133 was
Phường Thành Công of Buôn Ma Thuột, and is Phường Buôn Ma Thuột since). Code and date do.
"""

import datetime as dt
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Self

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    PROVINCE = "province", "Tỉnh/thành phố"
    DISTRICT = "district", "Quận/huyện"
    COMMUNE = "commune", "Xã/phường"


# Provinces before districts before communes, whatever the level codes spell.
LEVEL_RANK = models.Case(
    models.When(level="province", then=0), models.When(level="district", then=1), default=2
)


def valid_range(name: str) -> models.CheckConstraint:
    """The constraint every dated row carries: valid_from on or before valid_to when both set."""
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True)
        | Q(valid_to__isnull=True)
        | Q(valid_from__lte=models.F("valid_to")),
        name=name,
        violation_error_message="Ngày kết thúc phải trùng hoặc sau ngày bắt đầu.",
    )


def in_force(at: dt.date, field: str = "") -> Q:
    """Rows (or their row at `field`, "" for themselves) valid on `at`: valid_from is null or
    on/before it, valid_to is null or on/after it."""
    p = f"{field}__" if field else ""
    return (Q(**{f"{p}valid_from__isnull": True}) | Q(**{f"{p}valid_from__lte": at})) & (
        Q(**{f"{p}valid_to__isnull": True}) | Q(**{f"{p}valid_to__gte": at})
    )


def outermost(paths: Iterable[str]) -> list[str]:
    """The paths not already under another one of them: what a prefix filter needs."""
    ordered = sorted(set(paths))
    return [p for p in ordered if not any(p != q and p.startswith(q) for q in ordered)]


def under_paths(paths: list[str], field: str = "") -> Q:
    """Rows whose unit (at `field`, "" for units themselves) lies under any of `paths`;
    no paths, no rows."""
    if not paths:
        return Q(pk__in=[])
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    return reduce(or_, (Q(**{lookup: path}) for path in paths))


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def at(self, date: dt.date) -> Self:
        return self.filter(in_force(date))

    def under(self, unit: "AdminUnit") -> Self:
        """The unit and everything below it: one prefix match on the indexed path."""
        return self.filter(path__startswith=unit.path)

    def by_code(self, code: str, date: dt.date) -> "AdminUnit":
        """The unit that carried `code` on `date`; raises AdminUnit.DoesNotExist."""
        return self.at(date).get(code=code)


class AdminUnit(models.Model):
    code = models.CharField("mã", max_length=10, help_text="Mã do Tổng cục Thống kê cấp")
    name = models.CharField("tên", max_length=120)
    # fold(name), for accent-insensitive search ("dak lak" finds "Đắk Lắk").
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    # collation_key(name): lists sort in Vietnamese alphabetical order in the database.
    sort_name = models.CharField(max_length=1000, db_index=True, editable=False, default="")
    kind = models.CharField("loại", max_length=40, help_text="Tỉnh, Thành phố, Huyện, Xã, Phường…")
    level = models.CharField("cấp", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="cấp trên",
    )
    # "/<id>/<id>/…/": the ids of the unit's ancestors and its own, so "everything under X" is a
    # prefix match. Ids rather than codes, because codes are reused across reorganizations.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        constraints = [
            # Codes are reused across eras; within one era (same start date) a code is unique.
            # NULL starts are coalesced so that the pre-reform era is checked too.
            models.UniqueConstraint(
                "code",
                Coalesce("valid_from", Value(dt.date(1900, 1, 1))),
                name="geo_unit_code_per_era",
            ),
            valid_range("geo_unit_valid_range"),
        ]
        indexes = [models.Index(fields=["code", "valid_to"])]

    def __str__(self) -> str:
        # Names repeat across eras (Xã Hòa Phú before and after 2025): say which one this is.
        return f"{self.name} (đến {self.valid_to:%d/%m/%Y})" if self.valid_to else self.name

    @property
    def own_bodies(self) -> str:
        """What its own organizations are called in a table of the units below it:
        "Các cơ quan, đoàn thể cấp tỉnh"."""
        word = {"province": "tỉnh", "district": "huyện"}.get(self.level, "xã")
        return f"Các cơ quan, đoàn thể cấp {word}"

    def is_in_force(self, at: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= at) and (
            self.valid_to is None or at <= self.valid_to
        )


class Succession(models.Model):
    """`old` went (wholly or partly) into `new` on `new.valid_from`.

    An old commune that was split has several rows; `is_default` marks the one its figures are
    attributed to when re-expressed in the new units.
    """

    old = models.ForeignKey(AdminUnit, models.CASCADE, related_name="successions")
    new = models.ForeignKey(AdminUnit, models.CASCADE, related_name="predecessions")
    is_default = models.BooleanField("đơn vị kế thừa chính", default=True)

    class Meta:
        verbose_name = "kế thừa đơn vị"
        verbose_name_plural = "kế thừa đơn vị"
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="geo_succession_once")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class Boundary(models.Model):
    """The outline of one unit, loaded from a GeoJSON file by an administrator
    (`danvan units boundaries FILE`). The map shades it instead of drawing a circle.

    The geometry is kept as its GeoJSON text (a Polygon or MultiPolygon in longitude/latitude),
    checked when loaded: the map sends it on as it is, and no spatial database is needed.
    """

    unit = models.OneToOneField(
        AdminUnit, models.CASCADE, related_name="boundary", verbose_name="đơn vị"
    )
    geometry = models.TextField("ranh giới (GeoJSON)")
    source = models.CharField("tệp nguồn", max_length=255, blank=True)
    loaded_at = models.DateTimeField("nạp lúc", auto_now=True)

    # Who loaded which file when; the outline itself is not copied into every history row.
    history = HistoricalRecords(excluded_fields=["geometry"])

    class Meta:
        verbose_name = "ranh giới đơn vị"
        verbose_name_plural = "ranh giới đơn vị"

    def __str__(self) -> str:
        return f"Ranh giới {self.unit}"


def current_paths(unit: AdminUnit) -> list[str]:
    """Path prefixes whose reports count toward `unit` (a unit of today): its own subtree and
    every older unit whose default successor lies under it, transitively."""
    paths = {unit.path}
    frontier = Q(new__path__startswith=unit.path)
    seen: set[int] = set()
    while True:
        older = list(
            Succession.objects.filter(frontier, is_default=True)
            .exclude(old_id__in=seen)
            .values_list("old_id", "old__path")
        )
        if not older:
            break
        seen.update(old_id for old_id, _ in older)
        paths.update(path for _, path in older)
        frontier = Q(new_id__in=[old_id for old_id, _ in older])
    return outermost(paths)
