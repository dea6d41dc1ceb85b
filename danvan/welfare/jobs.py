"""Welfare work that runs as jobs: confirming an uploaded list, and searching a campaign's or
a commune's households for duplicate pairs.

Both are idempotent: a list is recorded once (its batch is marked inside the same transaction
that records it), and a pair already found or decided is never added again.
"""

from django.urls import reverse

from danvan.geo.models import AdminUnit, in_force
from danvan.jobs.actions import JobError, Outcome
from danvan.jobs.models import Job
from danvan.jobs.progress import Progress
from danvan.welfare import actions
from danvan.welfare.models import Campaign, Distribution, ImportBatch


def confirm_list(job: Job, progress: Progress) -> Outcome:
    """Record the previewed list `params["batch"]` whole or not at all, then find the pairs it
    makes. Run again after a crash, it records nothing twice: a recorded list is only searched
    for pairs again."""
    batch = ImportBatch.objects.filter(pk=job.params["batch"]).first()
    if batch is None:
        raise JobError(
            "Không còn bản xem trước của danh sách này (đã có tệp khác tải lên thay). "
            "Chưa nhập gì; hãy tải tệp lên lại."
        )
    if batch.confirmed_at is None:

        def keep(recorded: actions.Recorded) -> None:
            # Kept with the rows, in the same transaction, so a rerun can still tell them.
            Job.objects.filter(pk=job.pk).update(result=_counts(recorded))

        try:
            recorded, communes = actions.record_upload(batch, progress, also=keep)
        except actions.UploadError as error:
            batch.refresh_from_db(fields=["confirmed_at"])
            if batch.confirmed_at is None:
                raise JobError(str(error)) from None
            # Another run recorded it meanwhile: report what it recorded.
            return confirm_list(job, progress)
        counts: dict[str, int] = _counts(recorded)
    else:
        job.refresh_from_db(fields=["result"])
        counts = job.result or {"distributions": batch.distributions.count()}
        communes = set(batch.distributions.values_list("commune_id", flat=True).distinct())
    progress.step("Tìm hộ nghi trùng trong các xã của danh sách", len(communes))
    pairs = actions.find_pairs(communes)
    counts["pairs"] = pairs
    message = (
        f"Đã nhập {counts['distributions']} lượt trao"
        + (f" ({counts['households_new']} hộ mới)" if "households_new" in counts else "")
        + (f"; {counts['skipped']} dòng đã có từ trước nên bỏ qua" if counts.get("skipped") else "")
        + f"; {pairs} cặp hộ nghi trùng mới cần xem."
    )
    return Outcome(
        message, link=reverse("campaign-detail", args=[batch.campaign_id]), result=counts
    )


def _counts(recorded: actions.Recorded) -> dict[str, int]:
    return {
        "distributions": recorded.distributions,
        "households_new": recorded.households_new,
        "skipped": recorded.skipped,
    }


def dedup_area(job: Job, progress: Progress) -> Outcome:
    """Search the households of a campaign's area (`params["campaign"]`) or of one commune
    (`params["commune"]`) for duplicate pairs, commune by commune."""
    if "campaign" in job.params:
        campaign = Campaign.objects.select_related("unit").get(pk=job.params["campaign"])
        communes = list(
            AdminUnit.objects.filter(
                in_force(campaign.ends), path__startswith=campaign.unit.path, level="commune"
            ).values_list("pk", flat=True)
        )
        # Only communes with households recorded are worth a look.
        communes = list(
            Distribution.objects.filter(campaign=campaign, commune_id__in=communes)
            .values_list("commune_id", flat=True)
            .distinct()
        )
    else:
        communes = [int(job.params["commune"])]
    # One search over all of them: a CCCD or a phone number recorded in two communes is a
    # pair too, which a commune-by-commune search would miss.
    progress.step(f"Tìm hộ nghi trùng trong {len(communes)} xã, phường")
    found = actions.find_pairs(set(communes))
    return Outcome(
        f"Đã xét {len(communes)} xã, phường: {found} cặp hộ nghi trùng mới cần xem.",
        link=reverse("duplicate-list"),
        result={"communes": len(communes), "pairs": found},
    )
