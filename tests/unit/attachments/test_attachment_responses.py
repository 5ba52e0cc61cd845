"""The attachment routes' documented bodies match what the service answers.

Real answers of the service (over the in-memory fakes), in the envelope the handlers send,
are validated against the published JSON schema of their response model and by the model.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator

from incident_core.attachments import service as attachments
from incident_core.attachments.models import AttachmentCreate
from incident_core.attachments.responses import (
    Attachment,
    AttachmentUpload,
    AvailableAttachment,
    DeletedAttachment,
    PendingAttachment,
)
from incident_core.core.auth import Principal
from incident_core.core.errors import ValidationFailed
from incident_core.core.settings import get_settings
from incident_core.http.openapi import Envelope, ListEnvelope
from incident_core.incidents.models import IncidentCreate
from incident_core.incidents.service import create_incident
from tests.support.contract import answered, assert_documented, listed
from tests.support.fakes.attachments import InMemoryAttachmentRepository, InMemoryAttachmentStorage
from tests.support.fakes.incidents import InMemoryIncidentRepository

ALICE = Principal(sub="alice", org_id="acme", permissions=frozenset({"incidents:read", "incidents:write"}))


@pytest.fixture(autouse=True)
def _attachment_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ATTACHMENTS_BUCKET", "unit-bucket")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


class World:
    def __init__(self) -> None:
        self.incidents = InMemoryIncidentRepository()
        self.repository = InMemoryAttachmentRepository(self.incidents)
        self.storage = InMemoryAttachmentStorage()
        data = IncidentCreate.model_validate(
            {"title": "Phishing wave", "description": "Many users got the same lure", "severity": "high"}
        )
        self.incident_id = str(create_incident(principal=ALICE, data=data, repository=self.incidents)["id"])

    def calls(self) -> dict[str, Any]:
        """The arguments every service call of this world takes."""
        return {
            "principal": ALICE,
            "incident_id": self.incident_id,
            "incidents": self.incidents,
            "repository": self.repository,
            "storage": self.storage,
        }

    def create(self, filename: str = "lure.eml") -> dict[str, Any]:
        data = AttachmentCreate.model_validate({"filename": filename, "content_type": "message/rfc822", "size": 5})
        return attachments.create_attachment(data=data, **self.calls())

    def upload_and_complete(self, created: Mapping[str, Any]) -> dict[str, Any]:
        self.storage.objects[created["fields"]["key"]] = (b"hello", "message/rfc822")
        return attachments.complete_attachment(attachment_id=created["attachment_id"], **self.calls())


def test_the_models_have_exactly_the_fields_of_the_answers() -> None:
    world = World()
    created = world.create()
    pending = attachments.list_attachments(params={"include_pending": ["true"]}, **world.calls()).items[0]
    available = world.upload_and_complete(created)
    deleted = attachments.delete_attachment(attachment_id=created["attachment_id"], **world.calls())
    assert set(Attachment.model_fields) == set(attachments.VIEW_FIELDS)
    assert set(AttachmentUpload.model_fields) == set(created)
    assert set(PendingAttachment.model_fields) == set(pending)
    assert set(AvailableAttachment.model_fields) == set(available)
    assert set(DeletedAttachment.model_fields) == set(deleted)


def test_every_answer_of_the_attachment_routes_is_documented() -> None:
    world = World()
    created = world.create()
    assert_documented(Envelope[AttachmentUpload], answered(created))
    completed = world.upload_and_complete(created)
    assert_documented(Envelope[AvailableAttachment], answered(completed))
    again = attachments.complete_attachment(attachment_id=created["attachment_id"], **world.calls())
    assert_documented(Envelope[AvailableAttachment], answered(again))
    world.create("capture.eml")  # still pending
    for params in ({}, {"include_pending": ["true"], "limit": ["1"]}, {"include_pending": ["TRUE"]}):
        page = attachments.list_attachments(params=params, **world.calls())
        assert_documented(ListEnvelope[AvailableAttachment | PendingAttachment], listed(page))
    everything = attachments.list_attachments(params={"include_pending": ["true"]}, **world.calls()).items
    assert [item["status"] for item in everything] == ["available", "pending"]
    deleted = attachments.delete_attachment(attachment_id=created["attachment_id"], **world.calls())
    assert_documented(Envelope[DeletedAttachment], answered(deleted))


def test_the_list_accepts_exactly_the_query_parameters_it_documents() -> None:
    world = World()
    assert [parameter.name for parameter in attachments.LIST_QUERY] == ["include_pending", "limit", "cursor"]
    with pytest.raises(ValidationFailed, match=r"Unknown query parameter: include$"):
        attachments.list_attachments(params={"include": ["true"]}, **world.calls())


def test_the_upload_declaration_schema_refuses_what_the_api_refuses() -> None:
    schema = OAS31Validator(AttachmentCreate.model_json_schema())
    assert schema.is_valid({"filename": "lure.eml", "content_type": "message/rfc822", "size": 5})
    for refused in (
        {"filename": "", "content_type": "message/rfc822", "size": 5},
        {"filename": "   ", "content_type": "message/rfc822", "size": 5},
        {"filename": "lure.eml", "content_type": "message/rfc822", "size": 0},
        {"filename": "lure.eml", "content_type": "message/rfc822", "size": True},
        {"filename": "lure.eml", "content_type": "message/rfc822"},
    ):
        assert not schema.is_valid(refused), refused
