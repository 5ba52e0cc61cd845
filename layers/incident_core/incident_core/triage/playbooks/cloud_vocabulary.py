"""Cloud control-plane and edge vocabularies of the generic playbook.

CloudTrail event names (as EventBridge delivers them in `detail.eventName`; GCP and Azure
activity-log operations where they have a plain name), grouped by what they do to an
account: switch off its logging and detectors, change who may act, or open data and
networks to the outside; and the attack scores of web application firewalls.
"""

from __future__ import annotations

__all__ = [
    "CLOUD_DEFENSE_EVASION_EVENTS",
    "CLOUD_EVENT_FIELDS",
    "CLOUD_EXPOSURE_EVENTS",
    "CLOUD_IDENTITY_EVENTS",
    "WAF_ATTACK_SCORE_FIELDS",
]

CLOUD_EVENT_FIELDS = ("event_name", "api_call", "operation", "method_name", "operation_name")
"""Where audit logs name the API call (CloudTrail `eventName`, GCP `methodName`, Azure `operationName`)."""

CLOUD_DEFENSE_EVASION_EVENTS = (
    "stoplogging",
    "deletetrail",
    "deletedetector",
    "disablesecurityhub",
    "deleteflowlogs",
    "stopconfigurationrecorder",
    "deleteconfigrule",
    "deactivatemfadevice",
    "deletevirtualmfadevice",
    "updatetrail",
    "puteventselectors",
    "updatedetector",
    "deletemembers",
    "disassociatefromadministratoraccount",
    "disassociatefrommasteraccount",
    "deleteloggroup",
    "deletelogstream",
    "disableebsencryptionbydefault",
    "deletesink",
    "leaveorganization",
)
"""Calls that switch off logging, detectors or MFA: an intruder covering tracks."""

CLOUD_IDENTITY_EVENTS = (
    "createaccesskey",
    "createuser",
    "createloginprofile",
    "updateloginprofile",
    "attachuserpolicy",
    "attachrolepolicy",
    "putuserpolicy",
    "putrolepolicy",
    "addusertogroup",
    "attachgrouppolicy",
    "putgrouppolicy",
    "createrole",
    "updateassumerolepolicy",
    "createpolicyversion",
    "setdefaultpolicyversion",
    "createsamlprovider",
    "updatesamlprovider",
    "createopenidconnectprovider",
    "getfederationtoken",
    "createvirtualmfadevice",
    "enablemfadevice",
)
"""Calls that create identities or change their rights (persistence or escalation when unplanned)."""

CLOUD_EXPOSURE_EVENTS = (
    "putbucketacl",
    "putbucketpolicy",
    "deletebucketpolicy",
    "deletepublicaccessblock",
    "deletebucketpublicaccessblock",
    "putbucketpublicaccessblock",
    "modifysnapshotattribute",
    "modifydbsnapshotattribute",
    "modifydbclustersnapshotattribute",
    "modifyimageattribute",
    "authorizesecuritygroupingress",
    "createnetworkaclentry",
    "putresourcepolicy",
    "setiampolicy",
)
"""Calls that share data (buckets, snapshots, images) or open network access to others."""

WAF_ATTACK_SCORE_FIELDS = (
    "waf_attack_score",
    "waf_sqli_attack_score",
    "waf_xss_attack_score",
    "waf_rce_attack_score",
    "attack_score",
)
"""Cloudflare's WAF attack scores, 1-99: 1-20 is an attack, above 50 clean."""
