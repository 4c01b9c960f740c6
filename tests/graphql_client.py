"""One way for tests to talk to the API: a real POST to /graphql/."""

import json


def run_query(client, query, variables=None, host="testserver", expect_errors=False, **headers):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        HTTP_HOST=host,
        **headers,
    )
    assert response.status_code in (200, 400), response.content[:500]
    payload = response.json()
    if not expect_errors:
        assert "errors" not in payload, payload["errors"]
    payload["_raw"] = response.content.decode()
    return payload
