"""The request plan shared by both clients (retries, backoff, failover), the decoding of
answers, and the sharing of identical requests in flight when the sending task is cancelled."""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from collections.abc import Generator
from typing import Any

import pytest
from kafka_schema_registry import (
    AsyncSchemaRegistryClient,
    Schema,
    SchemaRegistryClient,
    SchemaRegistryError,
    SchemaRegistryTransportError,
)
from kafka_schema_registry._config import parse_client_config
from kafka_schema_registry._exchange import (
    Send,
    Wait,
    backoff_seconds,
    decode_answer,
    exchange_plan,
    is_tls_failure,
)
from kafka_schema_registry._http import ConnectError, HttpResponse, HttpTimeout, TransportError
from kafka_schema_registry._operations import RestRequest
from testsupport.registry_server import RegistryHttpServer, ScriptedFault

REQUEST = RestRequest("GET", "subjects")
URLS = "http://127.0.0.1:1,http://127.0.0.1:2,http://127.0.0.1:3"

PlanStep = Send | Wait
Plan = Generator[PlanStep, HttpResponse | TransportError | None, tuple[HttpResponse, int]]


def start(conf: dict[str, Any], first_index: int = 0) -> tuple[Plan, PlanStep]:
    plan = exchange_plan(parse_client_config(conf), REQUEST, first_index, 5.0)
    return plan, next(plan)


def finish(plan: Plan, outcome: HttpResponse | TransportError) -> tuple[HttpResponse, int]:
    with pytest.raises(StopIteration) as stop:
        plan.send(outcome)
    return stop.value.value  # type: ignore[no-any-return]


def refused() -> ConnectError:
    return ConnectError("[Errno 111] Connection refused")


def answer(
    status: int, json_body: Any = None, content: bytes = b"", headers: dict[str, str] | None = None
) -> HttpResponse:
    if json_body is not None:
        content = json.dumps(json_body).encode()
    return HttpResponse(status, headers or {}, content)


def test_a_refused_url_moves_to_the_next_at_once_and_the_answer_names_its_url() -> None:
    plan, step = start({"url": URLS})
    assert step == Send(0)
    assert plan.send(refused()) == Send(1)
    response, index = finish(plan, answer(200, []))
    assert (response.status_code, index) == (200, 1)


def test_every_url_refused_waits_then_starts_another_round_bounded_by_max_retries() -> None:
    plan, step = start({"url": URLS, "max.retries": 1, "retries.wait.ms": 10, "retries.max.wait.ms": 10})
    steps = [step]
    with pytest.raises(SchemaRegistryTransportError) as info:
        for _ in range(20):
            step = plan.send(refused() if isinstance(step, Send) else None)
            steps.append(step)
    sends = [s.index for s in steps if isinstance(s, Send)]
    waits = [s for s in steps if isinstance(s, Wait)]
    assert sends == [0, 1, 2, 0, 1, 2]
    assert len(waits) == 1 and 0 <= waits[0].seconds <= 0.010
    assert "http://127.0.0.1:3/subjects" in str(info.value) and "Connection refused" in str(info.value)
    assert isinstance(info.value.__cause__, ConnectError)


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 507, 599])
def test_retriable_statuses_are_retried_on_the_same_url(status: int) -> None:
    plan, _ = start({"url": URLS, "max.retries": 2, "retries.wait.ms": 1}, first_index=2)
    assert isinstance(plan.send(answer(status)), Wait)
    assert plan.send(None) == Send(2)
    assert isinstance(plan.send(answer(status)), Wait)
    assert plan.send(None) == Send(2)
    response, index = finish(plan, answer(status))
    assert (response.status_code, index) == (status, 2)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 501, 505])
def test_client_errors_are_final_at_once(status: int) -> None:
    plan, _ = start({"url": URLS, "max.retries": 5})
    response, _ = finish(plan, answer(status))
    assert response.status_code == status


def test_retry_after_is_honoured_and_capped_by_retries_max_wait() -> None:
    plan, _ = start({"url": URLS, "retries.max.wait.ms": 2000})
    assert plan.send(answer(429, headers={"retry-after": "1.5"})) == Wait(1.5)
    plan.send(None)
    assert plan.send(answer(429, headers={"retry-after": "3600"})) == Wait(2.0)


def test_backoff_is_exponential_with_full_jitter_under_the_ceiling() -> None:
    config = parse_client_config({"url": URLS, "retries.wait.ms": 100, "retries.max.wait.ms": 1000})
    for attempt, ceiling in [(0, 0.1), (1, 0.2), (2, 0.4), (3, 0.8), (4, 1.0), (10, 1.0)]:
        delays = [backoff_seconds(config, attempt) for _ in range(200)]
        assert all(0 <= d < ceiling + 1e-9 for d in delays)
        assert max(delays) > ceiling / 2


def test_a_timeout_names_the_url_and_the_limit() -> None:
    plan, _ = start({"url": "http://127.0.0.1:9", "max.retries": 0})
    with pytest.raises(SchemaRegistryTransportError) as info:
        plan.send(HttpTimeout("no answer from 127.0.0.1:9 in time"))
    assert (
        str(info.value)
        == "GET http://127.0.0.1:9/subjects timed out after 5s (no answer from 127.0.0.1:9 in time)"
    )


def test_a_failed_tls_handshake_tries_the_other_urls_but_is_not_retried() -> None:
    handshake = ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed certificate")
    failure = ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    failure.__cause__ = handshake
    assert is_tls_failure(failure) and not is_tls_failure(refused())
    plan, _ = start({"url": "https://127.0.0.1:1,https://127.0.0.1:2", "max.retries": 5})
    assert plan.send(failure) == Send(1)
    with pytest.raises(SchemaRegistryTransportError) as info:
        plan.send(failure)
    assert "https://127.0.0.1:2/subjects" in str(info.value) and "CERTIFICATE_VERIFY_FAILED" in str(
        info.value
    )


def test_an_untrusted_certificate_fails_at_once_over_a_real_socket(sr_tls_server: RegistryHttpServer) -> None:
    conf = {"url": sr_tls_server.url, "max.retries": 3, "retries.wait.ms": 2000}
    started = time.monotonic()
    with SchemaRegistryClient(conf) as client, pytest.raises(SchemaRegistryTransportError) as info:
        client.get_subjects()
    assert time.monotonic() - started < 1.5, "no backoff: a TLS failure is not retried"
    assert "certificate" in str(info.value).lower()
    assert sr_tls_server.registry.requests == []


def test_credentials_in_the_url_never_reach_a_message() -> None:
    plan, _ = start({"url": "http://alice:s3cret@127.0.0.1:9", "max.retries": 0})
    with pytest.raises(SchemaRegistryTransportError) as info:
        plan.send(refused())
    assert "s3cret" not in str(info.value) and "alice" not in str(info.value)
    assert "http://127.0.0.1:9/subjects" in str(info.value)


def test_answers_decode_to_json_or_the_registrys_error() -> None:
    url = "http://127.0.0.1:9"
    assert decode_answer(answer(200, {"id": 1}), REQUEST, url) == {"id": 1}
    assert decode_answer(answer(204), REQUEST, url) is None
    with pytest.raises(SchemaRegistryError) as info:
        decode_answer(answer(404, {"error_code": 40401, "message": "Subject 's' not found."}), REQUEST, url)
    assert (info.value.http_status_code, info.value.error_code, info.value.error_message) == (
        404,
        40401,
        "Subject 's' not found.",
    )
    with pytest.raises(SchemaRegistryError) as info:
        decode_answer(answer(502, content=b"<html>bad gateway</html>"), REQUEST, url)
    assert (info.value.http_status_code, info.value.error_code) == (502, -1)
    assert (
        "bad gateway" in info.value.error_message
        and "GET http://127.0.0.1:9/subjects" in info.value.error_message
    )
    with pytest.raises(SchemaRegistryError) as info:
        decode_answer(answer(200, content=b'{"id": '), REQUEST, url)
    assert (info.value.http_status_code, info.value.error_code) == (200, -1)
    assert info.value.error_message.startswith("malformed JSON from GET http://127.0.0.1:9/subjects")


def test_an_error_body_of_the_wrong_shape_is_an_unknown_error() -> None:
    body = json.dumps({"error_code": "40401", "message": 5}).encode()
    with pytest.raises(SchemaRegistryError) as info:
        decode_answer(answer(404, content=body), REQUEST, "http://127.0.0.1:9")
    assert info.value.error_code == SchemaRegistryError.UNKNOWN


def test_cancelling_the_task_that_sends_a_shared_request_leaves_the_others_served(
    sr_server: RegistryHttpServer,
) -> None:
    schema = Schema('{"type": "string"}')

    async def main() -> tuple[str | None, bool]:
        async with AsyncSchemaRegistryClient({"url": sr_server.url, "max.retries": 0}) as client:
            schema_id = await client.register_schema("s-value", schema)
            await client.clear_caches()
            sr_server.fail_next(ScriptedFault(stall_sec=0.4))
            leader = asyncio.create_task(client.get_schema(schema_id))
            await asyncio.sleep(0.1)
            waiter = asyncio.create_task(client.get_schema(schema_id))
            await asyncio.sleep(0.1)
            leader.cancel()
            fetched = await asyncio.wait_for(waiter, 10)
            return fetched.schema_str, leader.cancelled()

    text, leader_cancelled = asyncio.run(main())
    assert text == '{"type": "string"}'
    assert leader_cancelled
