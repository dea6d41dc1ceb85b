import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.commands import period_arg
from danvan.orgs.models import User
from danvan.reporting import interchange
from danvan.reporting.actions import ReportError
from danvan.reporting.cli import form_arg


class Command(BaseCommand):
    help = (
        "Trao đổi số liệu tổng hợp đã phê duyệt của tỉnh với máy chủ danvan khác: gửi qua API "
        "(push), xuất/nhập tệp có chữ ký (export/import), tạo cặp khóa (keygen)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("push", "gửi qua API"), ("export", "xuất tệp có chữ ký")):
            p = sub.add_parser(name, help=text)
            p.add_argument("--period", required=True, help="kỳ: 2025Q3, 2025, 202507")
            p.add_argument(
                "--province",
                default=settings.EXCHANGE_PROVINCE,
                help="mã tỉnh của máy chủ này (mặc định DANVAN_EXCHANGE_PROVINCE)",
            )
            p.add_argument("--form", metavar="CODE", help="mã mẫu báo cáo (mặc định theo kỳ)")
            if name == "push":
                p.add_argument("--to", required=True, help="địa chỉ máy chủ nhận, https://…")
                p.add_argument("--token", required=True, help="mã truy cập API ở máy chủ nhận")
            else:
                p.add_argument("-o", "--output", required=True, help="tệp ghi ra")
                p.add_argument("--key", help="khóa bí mật (mặc định DANVAN_EXCHANGE_PRIVATE_KEY)")
        p = sub.add_parser("import", help="nhập tệp có chữ ký")
        p.add_argument("file")
        p.add_argument("--user", required=True, help="tên đăng nhập người ghi nhận ở máy chủ này")
        p = sub.add_parser("keygen", help="tạo cặp khóa Ed25519")
        p.add_argument("-o", "--output", required=True, help="tệp khóa bí mật (PEM)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except interchange.ExchangeError as error:
            raise CommandError(str(error)) from None

    def _payload(self, options: dict[str, Any]) -> dict[str, Any]:
        if not options["province"]:
            raise CommandError("Cần --province hoặc DANVAN_EXCHANGE_PROVINCE (mã tỉnh).")
        period = period_arg(options["period"])
        form = form_arg(options["form"], period)
        return interchange.build_payload(options["province"], period, form)

    def _push(self, options: dict[str, Any]) -> None:
        payload = self._payload(options)
        url = options["to"].rstrip("/") + "/api/v1/exchange"
        request = urllib.request.Request(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {options['token']}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            try:
                message = json.loads(error.read()).get("message", "")
            except ValueError:
                message = ""
            raise CommandError(f"Máy chủ nhận từ chối ({error.code}): {message}") from None
        except (urllib.error.URLError, OSError) as error:
            raise CommandError(f"Không kết nối được tới {url}: {error}") from None
        self._said(answer["changed"], answer["report"]["version"], answer["issues"])

    def _said(self, changed: bool, version: int, issues: list[str]) -> None:
        if not changed:
            self.stdout.write("Máy chủ nhận đã có đúng số liệu này; không thay đổi gì.")
            return
        self.stdout.write(f"Đã ghi nhận: báo cáo phiên bản {version}.")
        for issue in issues:
            self.stdout.write(f"  - {issue}")

    def _export(self, options: dict[str, Any]) -> None:
        content = interchange.sign(self._payload(options), options["key"])
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"Đã ghi tệp có chữ ký: {options['output']}")

    def _import(self, options: dict[str, Any]) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{options['user']}”.")
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Không đọc được tệp: {error}") from None
        payload = interchange.verify(content)
        try:
            recorded = interchange.record_payload(payload, acting_user=user)
        except (PermissionDenied, ReportError) as error:
            raise CommandError(str(error)) from None
        self._said(recorded.changed, recorded.report.version, recorded.issues)

    def _keygen(self, options: dict[str, Any]) -> None:
        path = Path(options["output"])
        if path.exists():
            raise CommandError(f"Tệp “{path}” đã có; không ghi đè khóa.")
        pem, public = interchange.generate_keys()
        path.write_bytes(pem)
        path.chmod(0o600)
        path.with_name(path.name + ".pub").write_text(public + "\n", encoding="utf-8")
        self.stdout.write(f"Khóa bí mật: {path} (giữ kín; đặt DANVAN_EXCHANGE_PRIVATE_KEY)")
        self.stdout.write(f"Khóa công khai (gửi cho máy chủ nhận): {public}")
