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
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from danvan.geo.models import AdminUnit, in_force
from danvan.jobs.actions import JobError
from danvan.jobs.progress import Progress
from danvan.jobs.uploads import keep_upload, read_upload
from danvan.orgs.models import Organization, User
from danvan.vi.text import fold, name_key
from danvan.welfare import access
from danvan.welfare.dedup import REVIEW, Deduplicator, Person
from danvan.welfare.fastinsert import build, insert_all, prepare
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
    return Preview(batch, table, rows, communes, already)


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
    planned = plan_rows(
        campaign, giver, [(row, preview.communes[row.line]) for row in preview.rows], batch
    )
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
                campaign=campaign, giver=giver, row_key__in=[p.line.row_key for p in planned]
            ).values_list("row_key", flat=True)
        )
        fresh = [p for p in planned if p.line.row_key not in existing]
        result = record_planned(fresh, progress)
        result.skipped = len(planned) - len(fresh)
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        if also is not None:
            also(result)
    return result, {unit.pk for unit in preview.communes.values()}


class _Known:
    """The households already recorded in some communes, looked up in memory: by CCCD, or by
    name, birth year and village. A list of thousands of rows then costs two queries."""

    def __init__(self, commune_ids: set[int]):
        self.by_card: dict[tuple[int, str], Household] = {}
        self.by_name: dict[tuple[int, str, int | None], list[Household]] = {}
        for household in Household.objects.filter(commune_id__in=commune_ids):
            self.add(household)

    def add(self, household: Household) -> None:
        target = household
        if household.merged_into_id is not None:  # stands for the household it went into
            target = Household(
                pk=household.merged_into_id,
                commune_id=household.commune_id,
                village=household.village,
            )
        if household.national_id:
            self.by_card.setdefault((household.commune_id, household.national_id), target)
        key = (household.commune_id, household.name_key, household.birth_year)
        self.by_name.setdefault(key, []).append(target)

    def find(self, row: Row, commune: AdminUnit) -> Household | None:
        if row.national_id:
            found = self.by_card.get((commune.pk, row.national_id))
            if found is not None:
                return found
        for household in self.by_name.get((commune.pk, name_key(row.name), row.birth_year), []):
            if not row.village or household.village in {"", row.village}:
                return household
        return None


@dataclass
class Planned:
    """One checked row made ready to write before the write lock is taken: the household it
    would create if none is found under the lock, a group row for each of its groups, and its
    ledger line, all with their stored values prepared (the household only once known)."""

    row: Row
    commune: AdminUnit
    household: Household | None
    groups: list[HouseholdGroup]
    line: Distribution


def plan_rows(
    campaign: Campaign,
    giver: Organization,
    rows: list[tuple[Row, AdminUnit]],
    batch: ImportBatch | None,
) -> list[Planned]:
    """Everything of recording `rows` that needs no look at the ledger: run it outside the
    write transaction. On a 50.000-row list this is most of the work (names folded, objects
    built, values turned into columns), and on SQLite every other officer's save would wait
    for it."""
    planned: list[Planned] = []
    # A list names many people alike: their search and sort keys are worked out once per name.
    names: dict[str, dict[str, str]] = {}
    for row, commune in rows:
        household = None
        if row.named:
            keys = names.get(row.name)
            if keys is None:
                model = Household(head_name=row.name)
                model.fill_keys()
                keys = names[row.name] = {
                    "head_name": model.head_name,
                    "name_key": model.name_key,
                    "name_folded": model.name_folded,
                    "sort_name": model.sort_name,
                }
            # Keys rather than objects for the foreign keys, and no per-argument handling
            # (`build`): the same row, in a fraction of the time.
            household = build(
                Household,
                **keys,
                birth_year=row.birth_year,
                sex=row.sex,
                national_id=row.national_id,
                phone=row.phone,
                commune_id=commune.pk,
                village=row.village,
                recorded_by_id=giver.pk,
            )
        assert row.date is not None
        line = build(
            Distribution,
            campaign_id=campaign.pk,
            commune_id=commune.pk,
            giver_id=giver.pk,
            date=row.date,
            kind=row.kind,
            quantity=row.quantity,
            unit=row.unit,
            value_vnd=row.value,
            funding_source=row.source,
            households=1 if row.named else row.households,
            batch_id=batch.pk if batch is not None else None,
            row_key=row_key(row, commune),
        )
        groups = [
            build(HouseholdGroup, group=group, valid_from=campaign.starts) for group in row.groups
        ]
        planned.append(Planned(row, commune, household, groups, line))
    prepare([p.household for p in planned if p.household is not None])
    prepare([g for p in planned for g in p.groups], later={"household"})
    prepare([p.line for p in planned], later={"household", "target_group"})
    return planned


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


def record_planned(planned: list[Planned], progress: Progress | None = None) -> Recorded:
    """Record planned rows: a row is about a household already recorded (same CCCD, or same
    name, birth year and village in its commune) or a new one. Similar-but-not-same rows become
    pairs to review, never merges. Call inside a transaction: the households are looked up here,
    under the lock. The rows are written with COPY (PostgreSQL) or one executemany (SQLite)
    rather than bulk_create: on a 100.000-row list, half of bulk_create's time went to
    compiling SQL."""
    result = Recorded()
    known = _Known({p.commune.pk for p in planned})
    homes: list[Household | None] = []
    new: list[Household] = []
    for p in planned:
        household = known.find(p.row, p.commune) if p.row.named else None
        if household is None and p.household is not None:
            household = p.household
            new.append(household)
            known.add(household)  # a second row of the same household finds this one
        homes.append(household)
    insert_all(new)
    result.households_new = len(new)

    # Only the households recorded before can hold groups already.
    fresh = {h.pk for h in new}
    have: dict[int, set[str]] = {}
    for owner, held_group in HouseholdGroup.objects.filter(
        household__in={h.pk for h in homes if h is not None} - fresh
    ).values_list("household_id", "group"):
        have.setdefault(owner, set()).add(held_group)
    groups: list[HouseholdGroup] = []
    lines: list[Distribution] = []
    for p, household in zip(planned, homes, strict=True):
        own = list(p.row.groups)
        if household is not None:
            held = have.setdefault(household.pk, set())
            for group in p.groups:
                if group.group not in held:
                    held.add(group.group)
                    group.household_id = household.pk
                    groups.append(group)
            own = own or sorted(held)
        p.line.household_id = household.pk if household else None
        p.line.target_group = primary_group(own)
        lines.append(p.line)
    # Nothing refers to the group rows or the ledger lines: the database keys them as it writes.
    insert_all(groups, keys=False)
    insert_all(lines, progress, count_progress=True, keys=False)
    result.distributions = len(lines)
    return result


def primary_group(groups: list[str]) -> str:
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
