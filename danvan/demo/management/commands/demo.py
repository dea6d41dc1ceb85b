"""`danvan demo`: the demo province Đắk Lắk, its bloc's organizations and demo accounts.

Safe to run twice: what exists is kept (a demo user's changed password survives).
"""

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from danvan.demo.apps import LOADERS
from danvan.geo.loader import LAST_PRE_REFORM_DAY, REFORM_DATE
from danvan.geo.models import AdminUnit
from danvan.jobs.progress import for_command
from danvan.orgs.models import Organization, OrgKind, Role, RoleKind, User
from danvan.orgs.succession import link_by_units

DEMO_PASSWORD = "danvan2021"
PROVINCE = "66"  # Đắk Lắk
OUTSIDE_PROVINCE = "68"  # Lâm Đồng
Q1_2021 = dt.date(2021, 3, 31)
# Communes whose officers are demo accounts: Phường Thành Công and Xã Hòa Phú as they were in
# 2021, and Phường Buôn Ma Thuột (since 01/07/2025, under Thành Công's code).
COMMUNES = {
    "thanhcong": ("24133", Q1_2021),
    "hoaphu": ("24172", Q1_2021),
    "buonmathuot": ("24133", REFORM_DATE),
}

PROVINCE_KINDS: list[str] = [k for k in OrgKind if k != OrgKind.OTHER]
COMMUNE_KINDS: list[str] = [
    OrgKind.FRONT,
    OrgKind.FARMERS,
    OrgKind.WOMEN,
    OrgKind.YOUTH,
    OrgKind.VETERANS,
]


COMMITTEES = {"Thành phố": "Thành ủy", "Thị xã": "Thị ủy", "Quận": "Quận ủy", "Huyện": "Huyện ủy"}


def _place(unit: AdminUnit) -> str:
    """ "Tỉnh Đắk Lắk" → "tỉnh Đắk Lắk", as it reads inside an organization's name."""
    return unit.name[0].lower() + unit.name[1:]


def _short(unit: AdminUnit) -> str:
    return unit.name.removeprefix(unit.kind).strip()


def org_name(kind: str, unit: AdminUnit) -> str:
    if kind == OrgKind.COMMISSION:
        # The commission belongs to the Party committee of its level: Tỉnh ủy, Thành ủy, Huyện ủy…
        committee = "Tỉnh ủy" if unit.level == "province" else COMMITTEES.get(unit.kind, "Huyện ủy")
        return f"Ban Dân vận {committee} {_short(unit)}"
    prefix = {
        OrgKind.FRONT: "Ủy ban MTTQ Việt Nam",
        OrgKind.FARMERS: "Hội Nông dân",
        OrgKind.WOMEN: "Hội Liên hiệp Phụ nữ",
        OrgKind.YOUTH: "Đoàn Thanh niên",
        OrgKind.VETERANS: "Hội Cựu chiến binh",
        OrgKind.LABOUR: "Liên đoàn Lao động",
    }[OrgKind(kind)]
    return f"{prefix} {_place(unit)}"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: tỉnh Đắk Lắk, các tổ chức trong khối dân vận và tài khoản thử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="cho phép chạy ở chế độ production"
        )
        parser.add_argument(
            "--accounts-only",
            action="store_true",
            help="chỉ tỉnh, tổ chức và tài khoản; không nạp báo cáo, sổ chăm lo mẫu",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "Không nạp dữ liệu mẫu vào hệ thống thật (dùng --force nếu chắc chắn)."
            )
        self.existing = {(o.kind, o.admin_unit_id): o for o in Organization.objects.all()}
        old_province = AdminUnit.objects.by_code(PROVINCE, Q1_2021)
        new_province = AdminUnit.objects.by_code(PROVINCE, REFORM_DATE)

        old_top = self._orgs(PROVINCE_KINDS, old_province, {}, until=LAST_PRE_REFORM_DAY)
        for district in old_province.children.order_by("path"):
            mid = self._orgs(PROVINCE_KINDS, district, old_top, until=LAST_PRE_REFORM_DAY)
            for commune in district.children.order_by("path"):
                self._orgs(COMMUNE_KINDS, commune, mid, until=LAST_PRE_REFORM_DAY)
        new_top = self._orgs(PROVINCE_KINDS, new_province, {}, since=REFORM_DATE)
        for commune in new_province.children.order_by("path"):
            self._orgs(COMMUNE_KINDS, commune, new_top, since=REFORM_DATE)
        outside = self._orgs(
            [OrgKind.COMMISSION],
            AdminUnit.objects.by_code(OUTSIDE_PROVINCE, REFORM_DATE),
            {},
            since=REFORM_DATE,
        )

        linked = link_by_units()
        if linked:
            self.stdout.write(f"Đã nối {linked} tổ chức 2021 với tổ chức kế thừa hiện nay.")

        accounts: list[tuple[str, str, str, Organization]] = []
        labels: dict[str, str] = {
            RoleKind.ADMINISTRATOR: "quantri",
            RoleKind.APPROVER: "pheduyet",
            RoleKind.REVIEWER: "kiemtra",
            RoleKind.DATA_ENTRY: "nhaplieu",
            RoleKind.VIEWER: "xem",
        }
        for role, label in labels.items():
            accounts.append(
                (f"tinh.{label}", role, "Cán bộ Ban Dân vận Tỉnh ủy", new_top[OrgKind.COMMISSION])
            )
        for prefix, (code, day) in COMMUNES.items():
            commune = AdminUnit.objects.by_code(code, day)
            front = self.existing[(OrgKind.FRONT, commune.pk)]
            women = self.existing[(OrgKind.WOMEN, commune.pk)]
            for role, label in labels.items():
                org = women if role == RoleKind.DATA_ENTRY else front
                accounts.append((f"{prefix}.{label}", role, f"Cán bộ {_place(commune)}", org))
        accounts.append(
            ("lamdong.xem", RoleKind.VIEWER, "Cán bộ tỉnh Lâm Đồng", outside[OrgKind.COMMISSION])
        )

        self.stdout.write(f"Tài khoản thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for username, role, full_name, org in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": full_name, "organization": org}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            Role.objects.get_or_create(user=user, organization=org, role=role)
            self.stdout.write(f"  {username:<20} {RoleKind(role).label:<10} {org.name}")
        self.stdout.write(f"Đã có {Organization.objects.count()} tổ chức.")
        # Each app that has demo data of its own loads it here (reports, households, …).
        progress = for_command()  # a bar on a terminal, nothing in a pipe
        for path in [] if options["accounts_only"] else LOADERS:
            module, _, name = path.rpartition(".")
            progress.step(f"Dữ liệu mẫu: {module.rpartition('.')[2]}")
            getattr(import_module(module), name)(self.stdout)
        progress.close()
        self.stdout.write("Không dùng các tài khoản thử trên hệ thống thật.")

    def _orgs(
        self,
        kinds: list[str],
        unit: AdminUnit,
        parents: dict[str, Organization],
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> dict[str, Organization]:
        made: dict[str, Organization] = {}
        for kind in kinds:
            org = self.existing.get((kind, unit.pk))
            if org is None:
                org = Organization.objects.create(
                    kind=kind,
                    name=org_name(kind, unit),
                    admin_unit=unit,
                    parent=parents.get(kind),
                    valid_from=since,
                    valid_to=until,
                )
                self.existing[(kind, unit.pk)] = org
            made[kind] = org
        return made
