"""What each function may do, and the code that needs it: kept equal to `template.yaml`.

A new function, or a new AWS call in the layer, fails `test_least_privilege.py` until this table
and the template agree. Every grant names the code path that needs it. DynamoDB transactions
(`storage/dynamo.transact`) need the right of each item they hold: `PutItem` for a Put,
`UpdateItem` for an Update, `ConditionCheckItem` for a ConditionCheck (there is no
`TransactWriteItems` action in IAM).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.unit.infrastructure.iam import Grant

TABLE = "IncidentsTable"
DELIVERY_QUEUE = "DeliveryQueue"
DELIVERY_BULK_QUEUE = "DeliveryBulkQueue"
TRIAGE_QUEUE = "TriageQueue"
TRIAGE_BULK_QUEUE = "TriageBulkQueue"
ORG_OBJECTS = "AttachmentsBucket/org/*"


def index(name: str) -> str:
    return f"{TABLE}/index/{name}"


@dataclass(frozen=True)
class Need:
    """Actions on one resource, and why (the code that makes the calls)."""

    actions: tuple[str, ...]
    resource: str
    why: str

    def grants(self) -> set[Grant]:
        return {(action, self.resource) for action in self.actions}


# --- DynamoDB ------------------------------------------------------------------------------
GET = Need(("dynamodb:GetItem",), TABLE, "DynamoTable.get_fields / get_incident: one item by key (visible_incident)")
QUERY = Need(("dynamodb:Query",), TABLE, "DynamoTable.query_page / query_all: a partition's items by prefix")
PUT = Need(("dynamodb:PutItem",), TABLE, "transaction Puts: the record (versioned_put) and its events (event_puts)")
CHECK_INCIDENT = Need(
    ("dynamodb:ConditionCheckItem",), TABLE, "incidents/repository.incident_alive: a child item checks its incident"
)
COUNTERS = Need(
    ("dynamodb:UpdateItem",), TABLE, "incidents/repository._counter_updates: the org's counters move with a change"
)
NUMBER = Need(
    ("dynamodb:UpdateItem",), TABLE, "incidents/repository.next_incident_number (+ counters of the new incident)"
)
# storage/idempotency.once: the Idempotency-Key record (a conditional Put; read back when taken).
IDEMPOTENCY_RECORD = Need(
    ("dynamodb:GetItem",), TABLE, "storage/idempotency.IdempotencyStore.record: a used Idempotency-Key's record"
)
RELEASE_DEDUP = Need(("dynamodb:DeleteItem",), TABLE, "incidents/repository.release_dedup (alerts/service.py)")
# Built-in actions change the incident (actions/catalog.py: update_incident, change_status).
BUILT_IN = Need(("dynamodb:UpdateItem",), TABLE, "actions/service._run_built_in -> incident counters")
ALL_INDEXES = ("by_org", "by_status", "by_severity", "by_assignee", "by_creator", "by_dedup", "by_sla")
SLA_POLICY = Need(("dynamodb:GetItem",), TABLE, "sla/repository.cached_policy: the org's SLA policy (deadlines)")
# search/lookup.search_page: a term's index items (keys only), then the page's incidents by key.
SEARCH_LOOKUP = (
    Need(("dynamodb:Query",), TABLE, "search/store.term_keys: the index items of a tag, word or observable"),
    Need(("dynamodb:BatchGetItem",), TABLE, "search/store.incidents: the incidents of the page"),
)
SEND_DELIVERY = Need(("sqs:SendMessage",), DELIVERY_QUEUE, "webhooks/queue.SqsDeliveryQueue.send (SendMessageBatch)")
SEND_BULK_DELIVERY = Need(
    ("sqs:SendMessage",), DELIVERY_BULK_QUEUE, "webhooks/queue.SqsDeliveryQueue.send: an org's burst past its share"
)
SEND_TRIAGE = Need(("sqs:SendMessage",), TRIAGE_QUEUE, "triage/queue.SqsTriageQueue.send")

# --- what every function that authenticates its caller needs (ApiCallerPolicy): the caller's rate-limit
# counter, and the API's token secret (core/auth.py) when it lives in Secrets Manager or SSM ----------
JWT_SECRET = (
    Need(
        ("dynamodb:UpdateItem",),
        "RateLimitTable",
        "http/rate_limits.take_slot -> storage/rate_counters: the caller's counter (clients/tokens: failures)",
    ),
    Need(
        ("secretsmanager:GetSecretValue",),
        "JwtSecretArn if HasJwtSecretArn else secretsmanager:secret:incident-api-none",
        "core/auth: the HS256 secret from Secrets Manager (JwtSecretArn)",
    ),
    Need(
        ("ssm:GetParameter",),
        "ssm:parameter/${JwtSecretParameter} if HasJwtSecretParameter else ssm:parameter/incident-api-none",
        "core/auth: the HS256 secret from SSM (JwtSecretParameter)",
    ),
)
# --- the workers' own roles (WorkerLoggingPolicy) ----------------------------------------------
WORKER_LOGS = (
    Need(("logs:CreateLogStream", "logs:PutLogEvents"), "FunctionLogGroup", "Lambda writes the function's logs"),
    Need(("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "*", "traces, when EnableTracing is true"),
)


def indexes(*names: str) -> tuple[Need, ...]:
    """Query on the incident indexes a list reads (incidents/list_queries._choose_index picks one)."""
    why = "incidents/list_queries._choose_index: the most selective index for the filters"
    return tuple(Need(("dynamodb:Query",), index(name), why) for name in names)


INCIDENT_CHANGE = (GET, PUT, COUNTERS)  # incidents/service.apply_change
CHILD_WRITE = (GET, PUT, CHECK_INCIDENT)  # comments, attachments: incident_item_writes
ALERT = (GET, PUT, NUMBER, RELEASE_DEDUP)  # alerts/service.handle_alert
ACTION_REQUEST = (GET, PUT, CHECK_INCIDENT, BUILT_IN)  # actions/service.request_action (+ _carry_out)

ALLOWED: dict[str, tuple[Need, ...]] = {
    # Nothing but their own code: no AWS call at all.
    "RouteNotFoundFunction": (),
    "HealthFunction": (),
    "ApiDocsFunction": (),
    # --- incidents ---
    "CreateIncidentFunction": (IDEMPOTENCY_RECORD, SLA_POLICY, PUT, NUMBER, *JWT_SECRET),
    "ListIncidentsFunction": (GET, *SEARCH_LOOKUP, *indexes(*ALL_INDEXES), *JWT_SECRET),
    "ListObservableIncidentsFunction": (*SEARCH_LOOKUP, *JWT_SECRET),
    "GetIncidentFunction": (GET, *JWT_SECRET),
    "UpdateIncidentFunction": (*INCIDENT_CHANGE, *JWT_SECRET),
    "ChangeIncidentStatusFunction": (*INCIDENT_CHANGE, *JWT_SECRET),
    "DeleteIncidentFunction": (*INCIDENT_CHANGE, *JWT_SECRET),
    "ListMyIncidentsFunction": (GET, *indexes("by_org", "by_status", "by_assignee", "by_creator"), *JWT_SECRET),
    # --- collaboration ---
    "GetIncidentTimelineFunction": (GET, QUERY, *JWT_SECRET),
    "AddIncidentCommentFunction": (*CHILD_WRITE, *JWT_SECRET),
    "ListIncidentCommentsFunction": (GET, QUERY, *JWT_SECRET),
    "EditIncidentCommentFunction": (*CHILD_WRITE, *JWT_SECRET),
    "DeleteIncidentCommentFunction": (*CHILD_WRITE, *JWT_SECRET),
    # collaboration/service.change_assignee: only the assignee fields, which move no counter.
    "ChangeIncidentAssigneeFunction": (GET, PUT, *JWT_SECRET),
    # --- actions ---
    "RequestIncidentActionFunction": (*ACTION_REQUEST, *JWT_SECRET),
    "RemediateIncidentFunction": (*ACTION_REQUEST, *JWT_SECRET),
    "AnalyzeIncidentFunction": (
        GET,
        Need(("dynamodb:Query",), index("by_org"), "triage/assessment.assess: the org's latest incidents (similar)"),
        Need(("dynamodb:Query",), index("by_status"), "triage/analysis.resolution_times: resolved incidents"),
        Need(("dynamodb:Query",), TABLE, "analytics/report.recent_mttr: the MTTR histograms (estimate)"),
        *JWT_SECRET,
    ),
    "ListIncidentActionsFunction": (GET, QUERY, *JWT_SECRET),
    "GetIncidentActionFunction": (GET, *JWT_SECRET),
    "ApproveIncidentActionFunction": (GET, PUT, BUILT_IN, *JWT_SECRET),
    "RejectIncidentActionFunction": (GET, PUT, *JWT_SECRET),
    "ReportIncidentActionResultFunction": (GET, PUT, *JWT_SECRET),
    # --- triage ---
    "RequestIncidentTriageFunction": (GET, QUERY, PUT, CHECK_INCIDENT, SEND_TRIAGE, *JWT_SECRET),
    "GetIncidentTriageFunction": (GET, QUERY, *JWT_SECRET),
    "GetIncidentTriageRunFunction": (GET, *JWT_SECRET),
    "TriageWorkerFunction": (
        *(
            Need(
                ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                lane,
                "the SQS event source mappings poll both lanes with the function's role",
            )
            for lane in (TRIAGE_QUEUE, TRIAGE_BULK_QUEUE)
        ),
        GET,
        PUT,
        Need(("dynamodb:UpdateItem",), TABLE, "triage/repository.claim_run; the incident's counters when triaged"),
        Need(("dynamodb:Query",), index("by_org"), "triage/assessment.assess: the org's latest incidents (similar)"),
        Need(
            ("bedrock:InvokeModel",),
            "bedrock:foundation-model/${BedrockModelId}",
            "triage/bedrock.BedrockEngine (Converse) when TriageEngine is bedrock",
        ),
        *WORKER_LOGS,
    ),
    # --- alerts in ---
    "AlarmIngestFunction": (
        *ALERT,
        Need(
            ("cloudwatch:ListTagsForResource",),
            "cloudwatch:alarm:*",
            "functions/alarm_ingest/app.severity_tag: the alarm's severity tag",
        ),
    ),
    "IngestEventFunction": (*ALERT, *JWT_SECRET),
    "AlertmanagerWebhookFunction": (*ALERT, *JWT_SECRET),
    # --- webhooks ---
    "EventRouterFunction": (
        Need(
            ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"),
            f"{TABLE}/stream/*",
            "the stream event source mapping reads the table's stream with the function's role",
        ),
        GET,
        QUERY,
        Need(("dynamodb:PutItem",), TABLE, "webhooks/delivery_store.create_deliveries; triage/repository.create_runs"),
        CHECK_INCIDENT,
        SEND_DELIVERY,
        SEND_BULK_DELIVERY,
        Need(("sqs:SendMessage",), TRIAGE_QUEUE, "triage/service.queue_auto_triage (SendMessageBatch)"),
        Need(("sqs:SendMessage",), TRIAGE_BULK_QUEUE, "triage/service.queue_auto_triage: a storm past the share"),
        Need(("sqs:SendMessage",), "RouterFailureQueue", "the stream mapping's OnFailure destination"),
        *WORKER_LOGS,
    ),
    "SearchIndexerFunction": (
        Need(
            ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"),
            f"{TABLE}/stream/*",
            "the stream event source mapping reads the table's stream with the function's role",
        ),
        Need(("dynamodb:BatchGetItem",), TABLE, "search/store._manifests: what each incident is indexed under"),
        Need(("dynamodb:BatchWriteItem",), TABLE, "search/store._batch_write: index items and manifests"),
        Need(("sqs:SendMessage",), "SearchIndexFailureQueue", "the stream mapping's OnFailure destination"),
        *WORKER_LOGS,
    ),
    **{
        function: (
            Need(
                ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                lane,
                "the lane's SQS event source mapping polls it with the function's role",
            ),
            Need(("sqs:ChangeMessageVisibility",), lane, "webhooks/queue.retry_later: the next attempt waits"),
            GET,
            Need(("dynamodb:BatchGetItem",), TABLE, "webhooks/delivery_store._read_claimed: a batch's deliveries"),
            Need(("dynamodb:UpdateItem",), TABLE, "delivery_store claims and attempts; stats; failure streaks"),
            Need(("dynamodb:PutItem",), TABLE, "webhooks/repository.disable_subscription: its webhook.disabled event"),
            *WORKER_LOGS,
        )
        for function, lane in (
            ("DeliveryWorkerFunction", DELIVERY_QUEUE),
            ("DeliveryBulkWorkerFunction", DELIVERY_BULK_QUEUE),
        )
    },
    "CreateWebhookFunction": (IDEMPOTENCY_RECORD, PUT, *JWT_SECRET),
    "ListWebhooksFunction": (QUERY, *JWT_SECRET),
    "GetWebhookFunction": (GET, *JWT_SECRET),
    "UpdateWebhookFunction": (GET, PUT, *JWT_SECRET),
    "DeleteWebhookFunction": (
        Need(("dynamodb:DeleteItem",), TABLE, "webhooks/repository.delete_subscription"),
        *JWT_SECRET,
    ),
    "RotateWebhookSecretFunction": (GET, PUT, *JWT_SECRET),
    "TestWebhookFunction": (GET, PUT, SEND_DELIVERY, *JWT_SECRET),
    "ListWebhookDeliveriesFunction": (GET, QUERY, *JWT_SECRET),
    "GetWebhookDeliveryFunction": (GET, *JWT_SECRET),
    "RedeliverWebhookDeliveryFunction": (
        GET,
        Need(("dynamodb:UpdateItem",), TABLE, "webhooks/delivery_store.set_delivery_status (pending again)"),
        SEND_DELIVERY,
        *JWT_SECRET,
    ),
    "GetWebhookStatsFunction": (GET, *JWT_SECRET),
    # --- analytics ---
    "GetIncidentAnalyticsFunction": (
        Need(("dynamodb:GetItem",), TABLE, "incidents/repository.get_counters: the org's TOTALS (open now)"),
        Need(("dynamodb:Query",), TABLE, "analytics/repository.day_counters: the day items of a range"),
        *JWT_SECRET,
    ),
    # --- SLA (sla/) ---
    "GetSlaPolicyFunction": (GET, *JWT_SECRET),
    "PutSlaPolicyFunction": (
        Need(("dynamodb:UpdateItem",), TABLE, "sla/repository.put_policy: the org's policy item"),
        *JWT_SECRET,
    ),
    # sla/scanner.scan: the due-minute buckets, its checkpoint, each due incident's change (apply_change).
    "SlaScannerFunction": (
        Need(("dynamodb:Query",), TABLE, "sla/repository.due_entries: the due-minute entries"),
        Need(("dynamodb:PutItem",), TABLE, "sla/repository.put_checkpoint; the incident and its events"),
        SLA_POLICY,
        *INCIDENT_CHANGE,
    ),
    # --- API clients and tokens ---
    "CreateClientFunction": (PUT, *JWT_SECRET),
    "ListClientsFunction": (QUERY, *JWT_SECRET),
    "GetClientFunction": (GET, *JWT_SECRET),
    "RotateClientSecretFunction": (GET, PUT, *JWT_SECRET),
    "RevokeClientFunction": (GET, PUT, *JWT_SECRET),
    # clients/tokens: signs with the stack's JWT secret (core/auth.sign_token), counts failed requests.
    "IssueTokenFunction": (GET, *JWT_SECRET),
    # --- integration keys (integrations/service) and PagerDuty Events v2 ---
    "CreateIntegrationKeyFunction": (PUT, *JWT_SECRET),
    "ListIntegrationKeysFunction": (QUERY, *JWT_SECRET),
    "GetIntegrationKeyFunction": (GET, *JWT_SECRET),
    "RotateIntegrationKeyFunction": (GET, PUT, *JWT_SECRET),
    "RevokeIntegrationKeyFunction": (GET, PUT, *JWT_SECRET),
    # integrations/pagerduty_events: the key (GET) and its rate-limit counter, then alerts/service.handle_alert.
    "EnqueuePagerDutyEventFunction": (*ALERT, *JWT_SECRET),
    # integrations/change_events: the key, the org's open incidents (collect_incidents), a note on each match.
    "EnqueuePagerDutyChangeFunction": (*INCIDENT_CHANGE, *indexes("by_org"), *JWT_SECRET),
    # --- attachments ---
    "CreateIncidentAttachmentFunction": (
        *CHILD_WRITE,
        Need(("s3:PutObject",), ORG_OBJECTS, "attachments/repository.presign_upload: the POST is signed by the role"),
        *JWT_SECRET,
    ),
    "CompleteIncidentAttachmentFunction": (
        *CHILD_WRITE,
        Need(("s3:GetObject",), ORG_OBJECTS, "attachments/repository.head, sha256, presign_download"),
        Need(("s3:DeleteObject",), ORG_OBJECTS, "attachments/service._confirm: an object that breaks the rules"),
        Need(("s3:ListBucket",), "AttachmentsBucket", "HeadObject of a missing key answers 404, not 403"),
        *JWT_SECRET,
    ),
    "ListIncidentAttachmentsFunction": (
        GET,
        QUERY,
        Need(("s3:GetObject",), ORG_OBJECTS, "attachments/repository.presign_download: signed by the role"),
        *JWT_SECRET,
    ),
    "DeleteIncidentAttachmentFunction": (
        *CHILD_WRITE,
        Need(("s3:DeleteObject",), ORG_OBJECTS, "attachments/repository.delete: the bytes go with the attachment"),
        *JWT_SECRET,
    ),
    "AttachmentUploadedFunction": (
        *CHILD_WRITE,
        Need(("s3:GetObject",), ORG_OBJECTS, "attachments/repository.head and sha256 (AttachmentUploadedS3Policy)"),
        Need(("s3:DeleteObject",), ORG_OBJECTS, "attachments/service._confirm: an object that breaks the rules"),
        Need(("s3:ListBucket",), "AttachmentsBucket", "HeadObject of a missing key answers 404, not 403"),
    ),
}

# Resources with a wildcard, each with why nothing narrower names what the code reaches.
JUSTIFIED_WILDCARDS: dict[Grant, str] = {
    ("cloudwatch:ListTagsForResource", "cloudwatch:alarm:*"): (
        "any alarm of the account and region may notify the topic or invoke the function: the stack can not "
        "name them; scoped to alarms of this account and region"
    ),
    ("xray:PutTraceSegments", "*"): "X-Ray has no resource-level permissions",
    ("xray:PutTelemetryRecords", "*"): "X-Ray has no resource-level permissions",
    **{
        (action, f"{TABLE}/stream/*"): "the table's stream: its ARN ends with a label DynamoDB picks at creation"
        for action in ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")
    },
    ("dynamodb:ListStreams", f"{TABLE}/stream/*"): "the table's streams (ListStreams names no one stream)",
    **{
        (action, ORG_OBJECTS): "objects under org/: each key is org/<org>/incident/<id>/..., known per request only"
        for action in ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
    },
}

# AWS managed policies SAM attaches to every role it generates, and why they stay.
SAM_MANAGED_POLICIES: dict[str, str] = {
    "AWSLambdaBasicExecutionRole": "logs:CreateLogGroup/CreateLogStream/PutLogEvents only: the function's logs",
    "AWSXrayWriteOnlyAccess": "X-Ray writes only (no resource-level permissions); added as Tracing is a parameter",
}
