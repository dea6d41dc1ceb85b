"""Uploaded files a job works on, kept on disk under the media root (not in the database), by
their SHA-256, which the job checks before it reads them."""

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename

from danvan.jobs.actions import JobError


def keep_upload(content: bytes, name: str, folder: str) -> dict[str, Any]:
    """Store an upload; returns what a job's parameters need to find and check it."""
    digest = hashlib.sha256(content).hexdigest()
    safe = get_valid_filename(name.rsplit("/", 1)[-1]) or "tep"
    path = default_storage.save(
        f"uploads/{folder}/{digest[:2]}/{digest}-{safe}", ContentFile(content)
    )
    return {"file": path, "file_name": name, "sha256": digest}


def read_upload(params: dict[str, Any]) -> bytes:
    """The upload's bytes; JobError (in Vietnamese) when it is gone or not the file uploaded."""
    try:
        with default_storage.open(params["file"], "rb") as stored:
            content = stored.read()
    except (FileNotFoundError, KeyError):
        raise JobError("Không còn tệp đã tải lên trên máy chủ; hãy tải lên lại.") from None
    if hashlib.sha256(content).hexdigest() != params.get("sha256"):
        raise JobError("Tệp lưu trên máy chủ không còn đúng tệp đã tải lên; hãy tải lên lại.")
    return bytes(content)
