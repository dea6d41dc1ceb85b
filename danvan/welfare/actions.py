"""Writes to the welfare ledger: importing a list (preview, then confirm), recording one line by
hand, finding duplicate households, and confirming, rejecting, merging or unmerging them.

Each write runs in one transaction. Nothing is merged without a person deciding it.
"""

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from danvan.geo.models import AdminUnit, in_force
from danvan.jobs.actions import JobError
from danvan.jobs.progress import Progress
from danvan.jobs.uploads import keep_upload, read_upload
from danvan.orgs.models import Organization, User
from danvan.vi.text import collation_key, fold, name_key, normalize
from danvan.welfare import access
from danvan.welfare.dedup import REVIEW, Deduplicator, Person
from danvan.welfare.fastinsert import Columns, insert_rows, new_keys
from danvan.welfare.importer import Row, Table, TableError, read_rows, read_table
from danvan.welfare.models import (
    GROUP_PRIORITY,
    Campaign,
    CampaignKind,
    Distribution,
    DuplicatePair,
    Household,
    HouseholdGroup,
    ImportBatch,
    PairEvent,
    PairStatus,
)

log = logging.getLogger("danvan.actions")


class UploadError(Exception):
    """An upload refused as a whole, with the reason in Vietnamese."""


@dataclass
class Preview:
    batch: ImportBatch
    table: Table
    rows: list[Row]
    communes: dict[int, AdminUnit]  # line → resolved commune
    already: set[int] = field(default_factory=set)  # lines already in the ledger
    keys: dict[int, str] = field(default_factory=dict)  # line → its key (`row_key`)

    @property
    def errors(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def new_rows(self) -> list[Row]:
        return [row for row in self.rows if row.line not in self.already]


def _default_kind(campaign: Campaign) -> str:
    return {CampaignKind.TET: "qua", CampaignKind.LEAN_SEASON: "gao"}.get(
        CampaignKind(campaign.kind), ""
    )


def commune_index(giver: Organization, at: dt.date) -> dict[str, AdminUnit]:
    """Communes under the giver's unit on `at`, by folded name with and without "Xã"/"Phường",
    and by code."""
    units = AdminUnit.objects.filter(
        in_force(at), path__startswith=giver.admin_unit.path, level="commune"
    )
    index: dict[str, AdminUnit] = {}
    for unit in units:
        index[unit.code] = unit
        index[fold(unit.name)] = unit
        index[fold(unit.name.removeprefix(unit.kind).strip())] = unit
    return index


def row_key(row: Row, commune: AdminUnit) -> str:
    parts = [
        fold(row.name),
        str(row.birth_year or ""),
        row.national_id,
        fold(row.village),
        str(commune.pk),
        row.date.isoformat() if row.date else "",
        row.kind,
        str(row.quantity.normalize()),
        str(row.value),
        str(row.households),
    ]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def _check(campaign: Campaign, giver: Organization, content: bytes, name: str) -> Preview:
    try:
        table = read_table(content, name)
    except TableError as error:
        raise UploadError(str(error)) from None
    rows = read_rows(table, default_date=campaign.ends, default_kind=_default_kind(campaign))
    table.rows = []  # the cells, now read into rows: a 100.000-line list's take 100s of MB
    index = commune_index(giver, campaign.ends)
    own = giver.admin_unit if giver.admin_unit.level == "commune" else None
    communes: dict[int, AdminUnit] = {}
    for row in rows:
        text = row.commune
        unit = (index.get(fold(text)) or index.get(text)) if text else own
        if unit is None:
            row.errors.append(
                f"Không thấy xã/phường “{text}” thuộc {giver.admin_unit.name}."
                if text
                else "Thiếu cột Xã/phường."
            )
            continue
        communes[row.line] = unit
        if row.date and not campaign.starts <= row.date <= campaign.ends:
            row.notes.append(
                f"Ngày nhận {row.date:%d/%m/%Y} nằm ngoài đợt "
                f"({campaign.starts:%d/%m/%Y}–{campaign.ends:%d/%m/%Y})."
            )
    keys = {row.line: row_key(row, communes[row.line]) for row in rows if row.line in communes}
    first_line: dict[str, int] = {}
    for row in rows:
        key = keys.get(row.line)
        if key is None:
            continue
        if key in first_line:
            row.errors.append(
                f"Trùng hệt dòng {first_line[key]} (cùng hộ, ngày, hình thức, số lượng, trị giá). "
                "Nếu hộ nhận hai lần thật, ghi chung một dòng với số lượng 2."
            )
        else:
            first_line[key] = row.line
    existing = set(
        Distribution.objects.filter(
            campaign=campaign, giver=giver, row_key__in=list(keys.values())
        ).values_list("row_key", flat=True)
    )
    already = {line for line, key in keys.items() if key in existing}
    batch = ImportBatch(campaign=campaign, giver=giver, file_name=name)
    return Preview(batch, table, rows, communes, already, keys)


@transaction.atomic
def launch_campaign(
    organizer: Organization,
    name: str,
    kind: str,
    starts: dt.date,
    ends: dt.date,
    target_groups: list[str],
    *,
    acting_user: User,
) -> Campaign:
    """A new campaign of `organizer`, over its unit; its history names who launched it."""
    if organizer not in access.giver_organizations(acting_user):
        raise PermissionDenied("Bạn không có quyền phát động đợt cho tổ chức này.")
    campaign = Campaign(
        name=name,
        kind=kind,
        starts=starts,
        ends=ends,
        organizer=organizer,
        unit=organizer.admin_unit,
        target_groups=target_groups,
    )
    campaign._history_user = acting_user  # type: ignore[attr-defined]
    campaign.save()
    log.info("%s launched campaign #%s", acting_user, campaign.pk)
    return campaign


def preview_upload(
    campaign: Campaign, giver: Organization, content: bytes, name: str, *, acting_user: User
) -> Preview:
    """Read and check an uploaded list without recording anything from it; keep the file so
    the preview can be confirmed. UploadError if the same file was already recorded."""
    if giver not in access.giver_organizations(acting_user):
        raise PermissionDenied("Bạn không có quyền nhập danh sách cho tổ chức này.")
    digest = hashlib.sha256(content).hexdigest()
    done = (
        ImportBatch.objects.filter(campaign=campaign, giver=giver, sha256=digest)
        .exclude(confirmed_at=None)
        .select_related("uploaded_by")
        .first()
    )
    if done is not None:
        assert done.confirmed_at is not None
        raise UploadError(
            f"Tệp này đã được nhập lúc {timezone.localtime(done.confirmed_at):%H:%M %d/%m/%Y}"
            f" ({done.file_name}, {done.rows} dòng). Không nhập lại để khỏi tính hai lần."
        )
    preview = _check(campaign, giver, content, name)
    with transaction.atomic():
        stale = ImportBatch.objects.filter(
            campaign=campaign, giver=giver, uploaded_by=acting_user, confirmed_at=None
        )
        for old in stale:
            transaction.on_commit(partial(old.file.storage.delete, old.file.name))
        stale.delete()
        preview.batch.sha256 = digest
        preview.batch.file.name = keep_upload(content, name, "welfare")["file"]
        preview.batch.encoding = preview.table.encoding
        preview.batch.rows = len(preview.rows)
        preview.batch.uploaded_by = acting_user
        preview.batch.save()
    return preview


@dataclass
class Recorded:
    distributions: int = 0
    households_new: int = 0
    skipped: int = 0
    pairs: int = 0


def confirm_upload(batch: ImportBatch, *, acting_user: User) -> Recorded:
    """Record a previewed list: all rows or none, then find the pairs it makes. UploadError if
    it has errors or was recorded. (The page runs the same two steps as a job.)"""
    if batch.uploaded_by_id != acting_user.pk:
        raise PermissionDenied("Chỉ người tải tệp lên mới xác nhận được.")
    result, communes = record_upload(batch)
    result.pairs = find_pairs(communes)
    return result


def record_upload(
    batch: ImportBatch,
    progress: Progress | None = None,
    also: Callable[[Recorded], None] | None = None,
) -> tuple[Recorded, set[int]]:
    """Record a previewed list whole or not at all; returns the counts and the communes it
    touched (for the pair search, which may run after). UploadError if the list has errors or
    was recorded already. `also` runs inside the recording transaction (a job keeps its counts
    with the rows).

    The file is read and checked, and its rows made ready to write (`plan_rows`), before the
    write transaction begins, so the database is locked only while the households are looked
    up and the rows written; the lines and households already in the ledger are looked up under
    the lock, so two lists sharing lines never record one twice."""
    progress = progress or Progress()
    progress.step("Đọc và kiểm tra danh sách")
    campaign = Campaign.objects.get(pk=batch.campaign_id)
    giver = Organization.objects.select_related("admin_unit").get(pk=batch.giver_id)
    try:
        content = read_upload({"file": batch.file.name, "sha256": batch.sha256})
    except JobError as error:
        raise UploadError(str(error)) from None
    preview = _check(campaign, giver, content, batch.file_name)
    if preview.errors:
        raise UploadError(
            f"Tệp còn {len(preview.errors)} dòng lỗi; sửa rồi tải lên lại. Chưa nhập gì."
        )
    lines = [(row, preview.communes[row.line]) for row in preview.rows]
    plan = plan_rows(campaign, giver, lines, batch, preview.keys)
    del lines
    progress.step("Ghi vào sổ chăm lo (trọn danh sách hoặc không gì)", len(preview.rows))
    with transaction.atomic():
        # One confirm at a time per giving organization: a colleague's overlapping list
        # confirmed a moment ago is then seen below as lines already recorded (skipped),
        # instead of both inserting the same lines and one failing on the unique constraint.
        Organization.objects.select_for_update().filter(pk=batch.giver_id).first()
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.confirmed_at is not None:
            raise UploadError("Tệp này đã được nhập rồi.")
        existing = set(
            Distribution.objects.filter(
                campaign=campaign, giver=giver, row_key__in=[p.row_key for p in plan.rows]
            ).values_list("row_key", flat=True)
        )
        fresh = plan.only([p for p in plan.rows if p.row_key not in existing])
        result = record_planned(fresh, progress)
        result.skipped = len(plan) - len(fresh)
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        if also is not None:
            also(result)
    return result, {unit.pk for unit in preview.communes.values()}


class _Home:
    """The household a row is about: one already recorded (its key known), or a new one (its
    key given when it is written)."""

    __slots__ = ("pk", "row", "village")

    def __init__(self, pk: int | None, village: str, row: list[Any] | None = None):
        self.pk = pk
        self.village = village
        self.row = row  # a new household's stored columns


class _Known:
    """The households already recorded in some communes, looked up in memory: by CCCD, or by
    name, birth year and village. A list of thousands of rows then costs two queries."""

    def __init__(self, commune_ids: set[int]):
        self.by_card: dict[tuple[int, str], _Home] = {}
        self.by_name: dict[tuple[int, str, int | None], list[_Home]] = {}
        found = Household.objects.filter(commune_id__in=commune_ids).values_list(
            "pk", "merged_into_id", "commune_id", "village", "national_id", "name_key", "birth_year"
        )
        for pk, merged_into, commune, village, card, key, year in found.iterator(chunk_size=5000):
            # A merged household stands for the household it went into.
            self.add(_Home(merged_into or pk, village), commune, card, key, year)

    def add(self, home: _Home, commune: int, card: str, key: str, year: int | None) -> None:
        if card:
            self.by_card.setdefault((commune, card), home)
        self.by_name.setdefault((commune, key, year), []).append(home)

    def find(self, row: Row, commune: int, key: str) -> _Home | None:
        if row.national_id:
            found = self.by_card.get((commune, row.national_id))
            if found is not None:
                return found
        for home in self.by_name.get((commune, key, row.birth_year), []):
            if not row.village or home.village in {"", row.village}:
                return home
        return None


@dataclass(slots=True)
class Planned:
    """One checked row made ready to write before the write lock is taken: the stored columns
    of the household it would create if none is found under the lock, and of its ledger line
    (its household and target group are set under the lock)."""

    row: Row
    commune: AdminUnit
    name_key: str
    household: list[Any] | None
    line: list[Any]
    row_key: str


@dataclass
class Plan:
    """The rows of a list made ready, with the column layouts they were made by."""

    rows: list[Planned]
    households: Columns
    groups: Columns
    lines: Columns
    valid_from: dt.date

    def __len__(self) -> int:
        return len(self.rows)

    def only(self, rows: list[Planned]) -> "Plan":
        return Plan(rows, self.households, self.groups, self.lines, self.valid_from)


_HOUSEHOLD = ["head_name", "name_key", "name_folded", "sort_name", "birth_year", "sex",
              "national_id", "phone", "commune_id", "village"]  # fmt: skip
_LINE = ["commune_id", "date", "kind", "quantity", "unit", "value_vnd", "funding_source",
         "households", "row_key", "household_id", "target_group"]  # fmt: skip


def plan_rows(
    campaign: Campaign,
    giver: Organization,
    rows: list[tuple[Row, AdminUnit]],
    batch: ImportBatch | None,
    keys: dict[int, str] | None = None,
) -> Plan:
    """Everything of recording `rows` that needs no look at the ledger: run it outside the
    write transaction. `keys` are the rows' line keys by line, as the check worked them out
    (else worked out here). No model instance is made: each row becomes its stored columns."""
    households = Columns(Household, _HOUSEHOLD, {"recorded_by_id": giver.pk})
    groups = Columns(HouseholdGroup, ["household_id", "group"], {"valid_from": campaign.starts})
    lines = Columns(
        Distribution,
        _LINE,
        {
            "campaign_id": campaign.pk,
            "giver_id": giver.pk,
            "batch_id": batch.pk if batch is not None else None,
        },
    )
    household_row, line_row = households.row, lines.row
    planned: list[Planned] = []
    # A list names many people alike: their search and sort keys are worked out once per name.
    names: dict[str, tuple[str, str, str, str]] = {}
    for row, commune in rows:
        household = None
        key = ""
        if row.named:
            found = names.get(row.name)
            if found is None:
                head = normalize(row.name)  # as Household.fill_keys makes them
                found = names[row.name] = (head, name_key(head), fold(head), collation_key(head))
            key = found[1]
            household = household_row(
                *found,
                row.birth_year,
                row.sex,
                row.national_id,
                row.phone,
                commune.pk,
                row.village,
            )
        assert row.date is not None
        line_key = keys[row.line] if keys is not None else row_key(row, commune)
        line = line_row(
            commune.pk,
            row.date,
            row.kind,
            row.quantity,
            row.unit,
            row.value,
            row.source,
            1 if row.named else row.households,
            line_key,
            None,
            "",
        )
        planned.append(Planned(row, commune, key, household, line, line_key))
    return Plan(planned, households, groups, lines, campaign.starts)


def record_rows(
    campaign: Campaign,
    giver: Organization,
    rows: list[tuple[Row, AdminUnit]],
    batch: ImportBatch | None,
    progress: Progress | None = None,
) -> Recorded:
    """Record checked rows (`plan_rows` and `record_planned` in one go). Call inside a
    transaction."""
    return record_planned(plan_rows(campaign, giver, rows, batch), progress)


def record_planned(plan: Plan, progress: Progress | None = None) -> Recorded:
    """Record planned rows: a row is about a household already recorded (same CCCD, or same
    name, birth year and village in its commune) or a new one. Similar-but-not-same rows become
    pairs to review, never merges. Call inside a transaction: the households are looked up here,
    under the lock. The rows are written with COPY (PostgreSQL) or executemany (SQLite) rather
    than bulk_create: on a 100.000-row list, half of bulk_create's time went to compiling SQL."""
    result = Recorded()
    planned = plan.rows
    known = _Known({p.commune.pk for p in planned})
    homes: list[_Home | None] = []
    new: list[_Home] = []
    for p in planned:
        row = p.row
        home = known.find(row, p.commune.pk, p.name_key) if row.named else None
        if home is None and p.household is not None:
            home = _Home(None, row.village, p.household)
            new.append(home)
            # A second row of the same household finds this one.
            known.add(home, p.commune.pk, row.national_id, p.name_key, row.birth_year)
        homes.append(home)
    keys = new_keys(Household, len(new))
    for home, pk in zip(new, keys, strict=True):
        home.pk = pk
    insert_rows(plan.households, (home.row for home in new if home.row is not None), keys)
    result.households_new = len(new)

    # Only the households recorded before can hold groups already.
    have: dict[int, set[str]] = {}
    fresh = set(keys)
    earlier = {h.pk for h in homes if h is not None} - fresh
    for owner, held_group in HouseholdGroup.objects.filter(household__in=earlier).values_list(
        "household_id", "group"
    ):
        have.setdefault(owner, set()).add(held_group)
    group_rows: list[list[Any]] = []
    group_row = plan.groups.row
    household_at = plan.lines.index("household_id")
    group_at = plan.lines.index("target_group")
    for p, home in zip(planned, homes, strict=True):
        own = p.row.groups
        if home is not None:
            assert home.pk is not None
            held = have.setdefault(home.pk, set())
            for group in own:
                if group not in held:
                    held.add(group)
                    group_rows.append(group_row(home.pk, group))
            own = own or sorted(held)
        # Key and text: stored as they are held.
        p.line[household_at] = home.pk if home else None
        p.line[group_at] = primary_group(own)
    # Nothing refers to the group rows or the ledger lines: the database keys them as it writes.
    insert_rows(plan.groups, group_rows)
    result.distributions = insert_rows(plan.lines, (p.line for p in planned), progress=progress)
    return result


def primary_group(groups: list[str]) -> str:
    return _primary(tuple(groups))


@lru_cache(maxsize=256)
def _primary(groups: tuple[str, ...]) -> str:
    return next((g for g in GROUP_PRIORITY if g in groups), "")


def record_one(
    campaign: Campaign, giver: Organization, row: Row, *, acting_user: User
) -> Distribution:
    """One line typed in by hand, checked like a line of a list."""
    if giver not in access.giver_organizations(acting_user):
        raise PermissionDenied("Bạn không có quyền ghi cho tổ chức này.")
    if row.errors:
        raise UploadError(" ".join(row.errors))
    index = commune_index(giver, campaign.ends)
    own = giver.admin_unit if giver.admin_unit.level == "commune" else None
    commune = index.get(fold(row.commune)) if row.commune else own
    if commune is None:
        raise UploadError(f"Không thấy xã/phường “{row.commune}” thuộc {giver.admin_unit.name}.")
    key = row_key(row, commune)
    if Distribution.objects.filter(campaign=campaign, giver=giver, row_key=key).exists():
        raise UploadError("Lượt trao này đã được ghi (cùng hộ, cùng ngày, cùng số lượng).")
    with transaction.atomic():
        record_rows(campaign, giver, [(row, commune)], None)
        find_pairs({commune.pk})
    return Distribution.objects.get(campaign=campaign, giver=giver, row_key=key)


def find_pairs(commune_ids: set[int]) -> int:
    """Score the households of these communes against each other and keep the pairs worth a
    look (score ≥ REVIEW) that nobody has decided on yet. Returns how many are new."""
    households = list(
        Household.objects.filter(commune_id__in=commune_ids, merged_into__isnull=True).values(
            "pk", "head_name", "birth_year", "sex", "national_id", "phone", "commune_id", "village"
        )
    )
    if len(households) < 2:
        return 0
    finder = Deduplicator(
        Person(
            h["pk"],
            h["head_name"],
            h["birth_year"],
            h["sex"],
            h["national_id"],
            h["phone"],
            str(h["commune_id"]),
            h["village"],
        )
        for h in households
    )
    found = [
        DuplicatePair(
            first_id=min(m.first, m.second),
            second_id=max(m.first, m.second),
            score=Decimal(str(m.score)).quantize(Decimal("0.01")),
            reasons=m.reasons,
        )
        for m in finder.matches(threshold=REVIEW)
    ]
    before = DuplicatePair.objects.count()
    DuplicatePair.objects.bulk_create(found, ignore_conflicts=True, batch_size=2000)
    return DuplicatePair.objects.count() - before


def decide_pair(
    pair: DuplicatePair, action: str, comment: str = "", *, acting_user: User
) -> DuplicatePair:
    """confirm (same household), reject (different) or merge (keep the first) or unmerge."""
    if not access.can_resolve_pairs(acting_user):
        raise PermissionDenied("Bạn không có quyền xử lý hộ trùng.")
    with transaction.atomic():
        pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
        moved: list[int] = []
        if action == "confirm":
            pair.status = PairStatus.CONFIRMED
        elif action == "reject":
            pair.status = PairStatus.REJECTED
        elif action == "merge":
            if pair.status == PairStatus.MERGED:
                raise UploadError("Hai hộ này đã được gộp.")
            kept, merged = pair.first, pair.second
            if kept.merged_into_id is not None or merged.merged_into_id is not None:
                raise UploadError("Một trong hai hộ đã được gộp vào hộ khác; xử lý cặp đó trước.")
            # What was merged into the merged row now points at the kept one (one level only).
            moved = list(Household.objects.filter(merged_into=merged).values_list("pk", flat=True))
            Household.objects.filter(pk__in=moved).update(merged_into=kept)
            Household.objects.filter(pk=merged.pk).update(merged_into=kept)
            pair.status = PairStatus.MERGED
        elif action == "unmerge":
            if pair.status != PairStatus.MERGED:
                raise UploadError("Hai hộ này chưa được gộp.")
            last = pair.events.filter(action="merge").last()
            Household.objects.filter(pk=pair.second_id).update(merged_into=None)
            if last is not None:
                Household.objects.filter(pk__in=last.moved).update(merged_into=pair.second_id)
            pair.status = PairStatus.CONFIRMED
        else:
            raise UploadError("Thao tác không hợp lệ.")
        pair.save(update_fields=["status"])
        PairEvent.objects.create(
            pair=pair, action=action, user=acting_user, comment=comment, moved=moved
        )
    return pair
