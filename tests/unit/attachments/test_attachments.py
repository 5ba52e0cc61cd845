"""Attachment rules without AWS: filenames, the type allow-list, keys made of ids, confirmation."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from pydantic import ValidationError

from incident_core.attachments import service as attachments
from incident_core.attachments.filenames import content_disposition, normalize_content_type, sanitize_filename
from incident_core.attachments.models import AttachmentCreate
from incident_core.attachments.repository import object_key, parse_object_key
from incident_core.attachments.service import UploadMismatch
from incident_core.core.auth import Principal
from incident_core.core.errors import Forbidden, NotFound
from incident_core.core.settings import get_settings
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from tests.support.fakes.attachments import InMemoryAttachmentRepository, InMemoryAttachmentStorage
from tests.support.fakes.incidents import InMemoryIncidentRepository

ALICE = Principal(sub="alice", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write"}))
BOB = Principal(sub="bob", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write"}))
ADMIN = Principal(
    sub="root", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write", "incidents:delete"})
)
OTHER_ORG = Principal(sub="alice", org_id="globex", permissions=ALICE.permissions)


@pytest.fixture(autouse=True)
def _attachment_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ATTACHMENTS_BUCKET", "unit-bucket")
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", "1000")
    monkeypatch.setenv("ATTACHMENT_ALLOWED_TYPES", "application/pdf,text/plain,message/rfc822,image/*")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


World = tuple[InMemoryIncidentRepository, InMemoryAttachmentRepository, InMemoryAttachmentStorage]


@pytest.fixture
def world() -> World:
    incidents = InMemoryIncidentRepository()
    return incidents, InMemoryAttachmentRepository(incidents), InMemoryAttachmentStorage()


def _incident(incidents: InMemoryIncidentRepository) -> str:
    data = IncidentCreate.model_validate(
        {"title": "Phishing wave", "description": "Many users got the same lure", "severity": "high"}
    )
    return str(create_incident(principal=ALICE, data=data, repository=incidents)["id"])


def _create(world: World, filename: str = "lure.eml", size: int = 5, principal: Principal = ALICE) -> dict[str, Any]:
    incidents, repository, storage = world
    incident_id = _incident(incidents)
    data = AttachmentCreate.model_validate({"filename": filename, "content_type": "message/rfc822", "size": size})
    return attachments.create_attachment(
        principal=principal,
        incident_id=incident_id,
        data=data,
        incidents=incidents,
        repository=repository,
        storage=storage,
    )


# --- filenames -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\bob\\Desktop\\invoice.pdf", "invoice.pdf"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("/absolute/path/mail.eml", "mail.eml"),
        ("fullwidth\uff0fslash.txt", "slash.txt"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override dropped
        ("zero\u200bwidth.txt", "zerowidth.txt"),
        ("new\nline\r\t.txt", "newline.txt"),
        ('quote"s <and> |pipes|?*.txt', "quote_s _and_ _pipes_.txt"),
        ("   spaced    out  .txt  ", "spaced out.txt"),
        ("...hidden", "hidden"),
        ("trailing dots...", "trailing dots"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("Rapport d\u2019incident \u2013 été.pdf", "Rapport d_incident _ été.pdf"),
        ("日本語のファイル.png", "日本語のファイル.png"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_filenames_are_sanitised(given: str, expected: str) -> None:
    assert sanitize_filename(given) == expected


@pytest.mark.parametrize("given", ["..", "/", "....", "\u202e", "___", " . "])
def test_filenames_without_a_name_are_refused(given: str) -> None:
    with pytest.raises(ValueError, match="filename"):
        sanitize_filename(given)


def test_content_disposition_offers_an_ascii_fallback_and_the_utf8_name() -> None:
    disposition = content_disposition("Rapport été.pdf")
    assert disposition == "attachment; filename=\"Rapport ete.pdf\"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.pdf"
    assert content_disposition("日本.png").startswith("attachment; filename=\"attachment.png\"; filename*=UTF-8''%E6")


# --- content types and sizes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("application/pdf", "application/pdf"),
        (" Application/PDF ", "application/pdf"),
        ("text/plain; charset=utf-8", "text/plain"),
        ("image/webp", "image/webp"),  # image/* is allowed
    ],
)
def test_allowed_content_types(given: str, expected: str) -> None:
    assert normalize_content_type(given, get_settings().attachment_allowed_types) == expected


@pytest.mark.parametrize("given", ["text/html", "image/svg+xml/extra", "application/x-msdownload", "pdf", "", "*/*"])
def test_other_content_types_are_refused(given: str) -> None:
    with pytest.raises(ValueError, match="content_type"):
        normalize_content_type(given, ("application/pdf", "text/plain"))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"filename": "a.html", "content_type": "text/html", "size": 10}, "content_type"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": 0}, "size"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": 1001}, "size"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": "10"}, "size"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": True}, "size"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": 1.5}, "size"),
        ({"filename": "..", "content_type": "application/pdf", "size": 10}, "filename"),
        ({"filename": "", "content_type": "application/pdf", "size": 10}, "filename"),
        ({"filename": 7, "content_type": "application/pdf", "size": 10}, "filename"),
        ({"filename": "a.pdf", "content_type": "application/pdf"}, "size"),
        ({"filename": "a.pdf", "content_type": "application/pdf", "size": 10, "key": "x"}, "key"),
    ],
)
def test_bad_requests_name_the_field(body: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        AttachmentCreate.model_validate(body)
    assert [error["loc"][0] for error in caught.value.errors()] == [field]


def test_a_whole_number_written_with_a_fraction_is_a_size() -> None:
    body = {"filename": "a.pdf", "content_type": "application/pdf", "size": 409.0}
    assert AttachmentCreate.model_validate(body).size == 409


def test_the_size_cap_comes_from_the_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"filename": "a.pdf", "content_type": "application/pdf", "size": 5000}
    with pytest.raises(ValidationError, match="at most 1000 bytes"):
        AttachmentCreate.model_validate(body)
    monkeypatch.setenv("ATTACHMENT_MAX_BYTES", "10000")
    get_settings.cache_clear()
    assert AttachmentCreate.model_validate(body).size == 5000


# --- keys -----------------------------------------------------------------------------------


def test_the_key_is_made_of_ids_never_of_the_filename(world: World) -> None:
    created = _create(world, filename="../../../org/globex/secret.eml")
    _, repository, storage = world
    (upload,) = storage.uploads
    key = upload["key"]
    assert key == f"org/acme/incident/{created['incident_id']}/{created['attachment_id']}"
    assert "secret" not in key and ".." not in key
    assert created["filename"] == "secret.eml"
    assert upload == {"key": key, "content_type": "message/rfc822", "size": 5, "expires_in": 900}
    assert created["status"] == "pending" and created["fields"]["key"] == key
    assert parse_object_key(key) is not None
    assert repository.events == []  # nothing reaches the timeline before the upload


@pytest.mark.parametrize(
    "key",
    [
        "org/acme/incident/not-a-uuid/att_20261123020533936_4b5c6d7e8f90",
        "org/../incident/3f2b8c1e-5d4a-4e9b-8c7d-1a2b3c4d5e6f/att_20261123020533936_4b5c6d7e8f90",
        "org/acme/incident/3f2b8c1e-5d4a-4e9b-8c7d-1a2b3c4d5e6f/att_20261123020533936_4b5c6d7e8f90/x",
        "org/acme/incident/3f2b8c1e-5d4a-4e9b-8c7d-1a2b3c4d5e6f/report.pdf",
        "tmp/whatever",
    ],
)
def test_keys_the_api_never_hands_out_are_not_attachments(key: str) -> None:
    assert parse_object_key(key) is None


def test_object_keys_round_trip() -> None:
    key = object_key(
        org_id="acme.eu",
        incident_id="3f2b8c1e-5d4a-4e9b-8c7d-1a2b3c4d5e6f",
        attachment_id="att_20261123020533936_4b5c6d7e8f90",
    )
    reference = parse_object_key(key)
    assert reference is not None and reference.org_id == "acme.eu"


# --- confirmation ----------------------------------------------------------------------------


def _complete(world: World, created: Mapping[str, Any], principal: Principal = ALICE) -> dict[str, Any]:
    incidents, repository, storage = world
    return attachments.complete_attachment(
        principal=principal,
        incident_id=str(created["incident_id"]),
        attachment_id=str(created["attachment_id"]),
        incidents=incidents,
        repository=repository,
        storage=storage,
    )


def test_complete_checks_the_object_and_is_idempotent(world: World) -> None:
    created = _create(world)
    _, repository, storage = world
    with pytest.raises(NotFound, match="not been uploaded"):
        _complete(world, created)
    storage.objects[created["fields"]["key"]] = (b"hello", "message/rfc822")
    done = _complete(world, created)
    assert done["status"] == "available" and done["sha256"] == hashlib.sha256(b"hello").hexdigest()
    assert done["uploaded_at"] == "2026-11-23T02:06:10.000Z" and done["download_url"]
    again = _complete(world, created)
    assert again["version"] == done["version"]
    assert [event.name for event in repository.events] == ["incident.attachment_added"]
    stored = repository.get_attachment(
        org_id="acme", incident_id=created["incident_id"], attachment_id=created["attachment_id"]
    )
    assert stored is not None and "expires_at" not in stored  # the pending TTL is gone


@pytest.mark.parametrize(
    ("body", "content_type", "fields"),
    [
        (b"hello world", "message/rfc822", ["size"]),
        (b"hello", "text/html", ["content_type"]),
        (b"hi", "application/octet-stream", ["size", "content_type"]),
    ],
)
def test_a_mismatched_upload_is_refused_and_removed(
    world: World, body: bytes, content_type: str, fields: list[str]
) -> None:
    created = _create(world)
    _, repository, storage = world
    key = created["fields"]["key"]
    storage.objects[key] = (body, content_type)
    with pytest.raises(UploadMismatch) as caught:
        _complete(world, created)
    assert caught.value.status_code == 400
    assert [detail["field"] for detail in caught.value.details] == fields
    assert key not in storage.objects and repository.events == []


def test_s3_notifications_confirm_and_clean_up(world: World) -> None:
    incidents, repository, storage = world
    created = _create(world)
    key = created["fields"]["key"]
    storage.objects[key] = (b"hello", "message/rfc822")

    def notify(bucket: str, key: str) -> str:
        return attachments.confirm_uploaded_object(
            bucket=bucket, key=key, incidents=incidents, repository=repository, storage=storage
        )

    assert notify("someone-elses-bucket", key) == "ignored: another bucket"
    assert notify("unit-bucket", "notes/readme.txt") == "ignored: not an attachment key"
    assert notify("unit-bucket", key) == "available"
    assert notify("unit-bucket", key) == "available"
    assert [event.name for event in repository.events] == ["incident.attachment_added"]
    orphan = key[: -len("4b5c6d7e8f90")] + "000000000000"
    storage.objects[orphan] = (b"x", "text/plain")
    assert notify("unit-bucket", orphan) == "removed: no such attachment"
    assert orphan not in storage.objects


def test_only_the_uploader_or_incidents_delete_removes(world: World) -> None:
    incidents, repository, storage = world
    created = _create(world)
    storage.objects[created["fields"]["key"]] = (b"hello", "message/rfc822")
    _complete(world, created)

    def delete(principal: Principal) -> dict[str, Any]:
        return attachments.delete_attachment(
            principal=principal,
            incident_id=created["incident_id"],
            attachment_id=created["attachment_id"],
            incidents=incidents,
            repository=repository,
            storage=storage,
        )

    with pytest.raises(Forbidden):
        delete(BOB)
    with pytest.raises(NotFound):
        delete(OTHER_ORG)
    assert delete(ADMIN) == {"attachment_id": created["attachment_id"], "deleted": True}
    assert storage.objects == {}
    assert [event.name for event in repository.events][-1] == "incident.attachment_deleted"
    with pytest.raises(NotFound):
        delete(ADMIN)


def test_deleting_a_pending_attachment_leaves_no_event(world: World) -> None:
    incidents, repository, storage = world
    created = _create(world)
    attachments.delete_attachment(
        principal=ALICE,
        incident_id=created["incident_id"],
        attachment_id=created["attachment_id"],
        incidents=incidents,
        repository=repository,
        storage=storage,
    )
    assert repository.events == []
    # The upload arrives after all: the object no live attachment owns is removed.
    storage.objects[created["fields"]["key"]] = (b"hello", "message/rfc822")
    outcome = attachments.confirm_uploaded_object(
        bucket="unit-bucket", key=created["fields"]["key"], incidents=incidents, repository=repository, storage=storage
    )
    assert outcome == "removed: no such attachment" and storage.objects == {}


def test_lists_hide_pending_unless_asked(world: World) -> None:
    incidents, repository, storage = world
    first = _create(world)
    incident_id = first["incident_id"]
    data = AttachmentCreate.model_validate({"filename": "b.txt", "content_type": "text/plain", "size": 2})
    second = attachments.create_attachment(
        principal=ALICE, incident_id=incident_id, data=data, incidents=incidents, repository=repository, storage=storage
    )
    storage.objects[second["fields"]["key"]] = (b"ok", "text/plain")
    _complete(world, second)

    def listed(**params: list[str]) -> list[dict[str, Any]]:
        return attachments.list_attachments(
            principal=ALICE,
            incident_id=incident_id,
            params=params,
            incidents=incidents,
            repository=repository,
            storage=storage,
        ).items

    shown = listed()
    assert [item["attachment_id"] for item in shown] == [second["attachment_id"]]
    assert shown[0]["download_url"].endswith("?expires=300")
    with_pending = listed(include_pending=["true"])
    by_status = {item["status"]: item for item in with_pending}
    assert set(by_status) == {"pending", "available"}
    assert "download_url" not in by_status["pending"] and by_status["pending"]["upload_expires_at"]
