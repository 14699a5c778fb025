"""Property-based run over the OpenAPI schema (schemathesis): every operation of /api/v1,
with a bounded number of generated requests each (valid and invalid parameters, no token),
answers without a server error (no 5xx) and every error is the one JSON envelope, its
details problem objects of the same keys. The
monitor endpoints read a small seeded store; nothing leaves the process (ASGI transport)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

from _web_monitor import offline_fetcher, seed_store  # noqa: E402
from metroscope.web import WebConfig, create_app  # noqa: E402
from metroscope.web.problems import KEYS  # noqa: E402

#: Generated requests per operation: small enough to keep the run under a minute; a deeper
#: run: METROSCOPE_SCHEMATHESIS_EXAMPLES=50.
EXAMPLES = int(os.environ.get("METROSCOPE_SCHEMATHESIS_EXAMPLES", "4"))


def test_no_operation_answers_a_server_error(tmp_path: Path) -> None:
    schemathesis.serializer.alias("application/zip", "application/octet-stream")
    url = seed_store(tmp_path)
    app = create_app(WebConfig(data_dir=tmp_path, db_url=url),
                     monitor_fetcher=offline_fetcher)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = 0
    for result in schema.get_all_operations():
        op = result.ok()
        operations += 1
        label = op.label

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def check(case: object) -> None:
            response = case.call()  # type: ignore[attr-defined]
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                failures.append(f"{label}: {response.status_code} for "  # noqa: B023
                                f"{response.request.url}: {response.text[:200]}")
            elif response.status_code >= 400:
                body = response.json()
                if set(body) != {"error"} or not {"code", "message", "details"} <= set(
                        body["error"]):
                    failures.append(f"{label}: no envelope: {body}")  # noqa: B023
                elif any(not isinstance(d, dict) or tuple(d) != KEYS
                         for d in body["error"]["details"]):
                    failures.append(f"{label}: a detail is not a problem object: "  # noqa: B023
                                    f"{body['error']['details']}")

        check()
    print(f"{operations} operations, {sum(statuses.values())} requests: {dict(statuses)}")
    assert operations >= 30 and sum(statuses.values()) >= 2 * operations
    assert statuses[200] > 0 and statuses[422] > 0  # valid and invalid requests were made
    assert failures == []
