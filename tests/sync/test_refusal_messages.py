"""The door's refusals are read by a clerk and an operator (issue 16): the half before " / " is
wholly Vietnamese, the half after it English, and the field is named by its path in the body
(``changes[0].entity_id``), never by pydantic's own parts of it. Real server on loopback."""

from __future__ import annotations

import json
import re

from server_helpers import change, submission
from test_intake import CASES, NAME, body_for

# English words the Vietnamese half must not hold (what pydantic and the old messages said).
ENGLISH = {
    "number", "should", "match", "pattern", "valid", "string", "field", "required", "input",
    "must", "missing", "integer", "greater", "less", "equal", "character", "characters",
    "nested", "levels", "deeper", "range", "outside", "signed", "lone", "surrogate", "key",
    "expecting", "value", "error", "unable", "parse", "object", "list", "least", "holds",
    "one", "of", "is", "not", "a", "the", "or", "and", "be",
}  # fmt: skip
INTERNALS = ("constrained-", "function-after", "function-before", "function-wrap", "[_", "()")


def without_op() -> dict:
    body = body_for(change())
    del body["changes"][0]["op"]
    return body


MORE = [
    ("a change without op", json.dumps(without_op()).encode(), 400, "changes[0].op"),
    ("an entity id that is a list", json.dumps(body_for(change() | {"entity_id": [1]})).encode(),
     400, "changes[0].entity_id"),
    ("data that is a number", json.dumps(body_for(change() | {"data": 5})).encode(), 400,
     "changes[0].data"),
    ("a version that is a string", json.dumps(body_for(change() | {"version": "1"})).encode(),
     400, "changes[0].version"),
    ("a NUL in a value", json.dumps(body_for(change(full_name="a\x00b"))).encode(), 400,
     "changes[0].data.full_name"),
    ("changes that are an object", json.dumps(body_for(change()) | {"changes": {}}).encode(), 400,
     "changes"),
    ("a change that is a number", json.dumps(body_for(change()) | {"changes": [1]}).encode(), 400,
     "changes[0]"),
    ("a body that is a list", b"[1]", 400, ""),
    ("broken JSON", b'{"school_code": }', 400, ""),
    ("Latin-1 bytes", '{"school_code": "é"}'.encode("latin-1"), 400, ""),
]  # fmt: skip


def english_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[^\W\d_]+", text.lower()) if word in ENGLISH}


def test_every_refusal_at_the_door_is_vietnamese_then_english_naming_fields_only(school_api):
    api = school_api()
    seen = []
    for name, body, status, path in [*CASES, *MORE]:
        answer = api.submit(body)
        assert answer.status_code == status, (name, answer.text)
        message = answer.json()["error"]["message"]
        assert message.count(" / ") == 1, (name, message)
        vietnamese, english = message.split(" / ")
        # Field names (in quotes) are the body's own words, not Vietnamese or English.
        prose = re.sub(r"'[^']*'|\[[^\]]*\]", "", vietnamese)  # and the id pattern
        assert not english_words(prose), (name, vietnamese)
        assert not any(part in message for part in INTERNALS), (name, message)
        assert NAME not in message and "\n" not in message, (name, message)
        assert "Lượt gửi" in vietnamese or "Nội dung" in vietnamese, (name, message)
        assert english_words(english), (name, english)  # the English half is English
        if path.startswith(("changes", "client_id", "school_code", "submission_id")):
            # The path, whole and only field names, in both halves.
            for half in (vietnamese, english):
                quoted = re.findall(r"'([^']*)'", half)
                assert path in quoted, (name, half)
        seen.append(name)
    assert len(seen) == len(CASES) + len(MORE)


def test_a_value_the_union_refuses_names_every_kind_it_takes(school_api):
    answer = school_api().submit(submission("66001", [change(full_name=[1])]))
    assert answer.status_code == 400
    vietnamese, english = answer.json()["error"]["message"].split(" / ")
    assert "'changes[0].data.full_name' phải là chuỗi ký tự, số nguyên, số" in vietnamese
    assert "must be a string, an integer, a number or true/false" in english


def test_the_door_names_the_allowed_values_and_the_bounds(school_api):
    api = school_api()
    op = api.submit(json.dumps(body_for(change(op="insert"))).encode()).json()["error"]
    assert op["code"] == "invalid_value"
    assert "'changes[0].op': phải là một trong: upsert, delete. / " in op["message"]
    version = api.submit(json.dumps(body_for(change() | {"version": 0})).encode())
    assert "'changes[0].version': phải từ 1 trở lên" in version.json()["error"]["message"]
    nan = api.submit(
        json.dumps(body_for(change())).replace('"version": 1', '"version": NaN').encode()
    )
    assert nan.json()["error"]["message"].startswith("Nội dung không phải JSON hợp lệ: NaN không")


def test_a_malformed_login_or_query_is_refused_in_vietnamese_then_english(school_api, sync_server):
    """The other endpoints' 400s (FastAPI's own validation) speak like the door: no English or
    pydantic internals in the Vietnamese half, the field named."""
    import requests

    from sync import protocol

    api = school_api()
    answers = [
        requests.post(sync_server.url + protocol.TOKEN_PATH, json={"school_code": "66001"},
                      timeout=10),
        api.feedback(since=-1),
    ]  # fmt: skip
    for answer, field in zip(answers, ("username", "since"), strict=True):
        assert answer.status_code == 400, answer.text
        vietnamese, english = answer.json()["error"]["message"].split(" / ")
        prose = re.sub(r"'[^']*'", "", vietnamese)
        assert not english_words(prose), vietnamese
        assert field in vietnamese and field in english
        assert not any(part in vietnamese for part in INTERNALS), vietnamese
