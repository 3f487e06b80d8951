"""Futures plumbing: one request future fanned out to per-entity futures; native types used as they are."""

from __future__ import annotations

import confluent_kafka.admin as reference
import kafka_admin
import pytest
from kafka_admin import ConfigResource, KafkaError, KafkaException, ResourceType
from kafka_admin._futures import by_key, by_position, by_resource, fan_out, single_result


def test_by_key_settles_each_entity_and_reports_missing_ones() -> None:
    request, futures = fan_out(["a", "b", "c"], by_key)
    request.set_result({"a": None, "b": KafkaError(KafkaError.TOPIC_ALREADY_EXISTS)})
    assert futures["a"].result(0) is None
    with pytest.raises(KafkaException) as caught:
        futures["b"].result(0)
    assert caught.value.args[0].code() == KafkaError.TOPIC_ALREADY_EXISTS
    with pytest.raises(KafkaException, match="the broker returned no result for 'c'"):
        futures["c"].result(0)


def test_by_position_follows_request_order() -> None:
    request, futures = fan_out(["g1", "g2"], by_position)
    request.set_result(["first", KafkaError(KafkaError.GROUP_ID_NOT_FOUND)])
    assert futures["g1"].result(0) == "first"
    with pytest.raises(KafkaException):
        futures["g2"].result(0)


def test_by_resource_uses_the_resource_error() -> None:
    ok, bad = ConfigResource(ResourceType.TOPIC, "ok"), ConfigResource(ResourceType.TOPIC, "bad")
    request, futures = fan_out([ok, bad], by_resource)
    unknown = KafkaError(KafkaError.UNKNOWN_TOPIC_OR_PART)
    answered_bad = ConfigResource(ResourceType.TOPIC, "bad", error=unknown)
    request.set_result({ConfigResource(ResourceType.TOPIC, "ok"): {"retention.ms": "1"}, answered_bad: None})
    assert futures[ok].result(0) == {"retention.ms": "1"}
    with pytest.raises(KafkaException):
        futures[bad].result(0)


def test_a_failed_request_fails_every_entity() -> None:
    request, futures = fan_out(["a", "b"], by_key)
    error = KafkaException(KafkaError(KafkaError._TIMED_OUT))
    request.set_exception(error)
    assert [f.exception(0) for f in futures.values()] == [error, error]


def test_single_result_can_fail_on_error_values() -> None:
    request, future = single_result(fail_on_error_values=True)
    request.set_result({"alice": KafkaError(KafkaError.RESOURCE_NOT_FOUND)})
    with pytest.raises(KafkaException):
        future.result(0)


def test_every_reference_admin_name_is_here_and_types_are_the_native_layers_own() -> None:
    skipped = {
        "AdminClient",
        "Any",
        "Dict",
        "List",
        "Optional",
        "Set",
        "Tuple",
        "Union",
        "concurrent",
        "string_type",
        "warnings",
    }
    names = sorted(n for n in vars(reference) if not n.startswith("_") and n not in skipped)
    assert len(names) >= 50
    for name in names:
        assert name in kafka_admin.__all__, name
        assert getattr(kafka_admin, name) is getattr(reference, name), name
    assert kafka_admin.AdminClient is not reference.AdminClient
