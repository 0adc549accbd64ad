"""Log redaction of national register numbers and the request/correlation id middleware."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import random
import uuid
from collections.abc import Iterator
from typing import Any, NamedTuple

import httpx
import pytest
import structlog
from fastapi import FastAPI, Request

from shared.logging import (
    CORRELATION_ID_HEADER,
    REQUEST_ID_HEADER,
    RequestContextMiddleware,
    configure_logging,
    current_correlation_id,
    get_logger,
    redact_personal_data,
)

pytestmark = pytest.mark.unit

MASK = "***NN-REDACTED***"
NN = "85073003328"


def redact(**event: Any) -> dict[str, Any]:
    return dict(redact_personal_data(None, "info", dict(event)))


@pytest.mark.parametrize(
    "formatted",
    [
        "85073003328",
        "85.07.30-033.28",
        "85 07 30 033 28",
        "850730-033.28",
        "850730 033 28",
        "85.07.30 033.28",
        "85.07.30-03328",
        "85270300123",  # BIS number (month + 20)
        "00013100192",  # born in 2000 or later
    ],
)
def test_masks_national_numbers_in_common_formats(formatted: str) -> None:
    out = redact(event="lookup", value=formatted, text=f"client nn={formatted}; retrying")
    assert out["value"] == MASK
    assert out["text"] == f"client nn={MASK}; retrying"
    assert formatted not in str(out)


@pytest.mark.parametrize("wrapped", ["({})", "[{}]", "'{}'", "nn:{}", "{}.", "{},", "<{}>", "={}&"])
def test_masks_numbers_next_to_punctuation(wrapped: str) -> None:
    out = redact(event=wrapped.format("85.07.30-033.28"))
    assert out["event"] == wrapped.format(MASK)


@pytest.mark.parametrize(
    "formatted", ["85-07-30-033-28", "85.07.30.033.28", "85/07/30-033.28", "client-85073003328"]
)
def test_masks_numbers_with_other_separators(formatted: str) -> None:
    assert NN not in redact(value=formatted)["value"].replace(".", "").replace("-", "").replace("/", "")


def test_masks_numbers_logged_as_int() -> None:
    assert NN not in str(redact(value=int(NN)))


def test_masks_inside_nested_dicts_lists_and_tuples() -> None:
    out = redact(
        event="batch",
        client={"nn": NN, "name": "x", "deeper": {"list": ["a", f"see {NN}", {"bis": "85.27.03-001.23"}]}},
        ids=[NN, "85.07.30-033.28"],
        pair=("ok", NN),
        count=3,
        flag=True,
        nothing=None,
    )
    assert out["client"] == {
        "nn": MASK,
        "name": "x",
        "deeper": {"list": ["a", f"see {MASK}", {"bis": MASK}]},
    }
    assert out["ids"] == [MASK, MASK]
    assert out["pair"] == ("ok", MASK)
    assert isinstance(out["pair"], tuple)
    assert (out["count"], out["flag"], out["nothing"]) == (3, True, None)


def test_masks_several_numbers_in_one_string() -> None:
    out = redact(event=f"merge {NN} into 85.27.03-001.23 and 850730 033 28")
    assert out["event"] == f"merge {MASK} into {MASK} and {MASK}"


@pytest.mark.parametrize(
    "harmless",
    [
        "c56a4180-65aa-42ec-a945-5fd21dec0538",
        "12345678-9012-3456-7890-123456789012",  # an all-digit uuid
        str(uuid.UUID(int=85073003328)),
        "850730033281",  # 12 digits
        "8507300332812345",  # 16 digits (e.g. a card number)
        "0850730033281",
        "2025-07-01T12:30:00.123456+00:00",
        "2025-07-01T12:30:00Z",
        "20250701T123000Z",
        "20250701123000",  # 14-digit timestamp
        "1751373000123",  # epoch milliseconds (13 digits)
        "0470 12 34 56",  # phone number (10 digits)
        "8507300332",  # 10 digits
        "BE0123456789",  # enterprise number
        "x85073003328",  # part of a word
        "85073003328x",
        "2025-07-01",  # ISO dates and date-times
        "2025/07/01 12:30:45",
        "01/07/2025 12:30:45",
        "2025-07-01 12:30:00.123+02:00",
        "c56a4180-65aa-42ec-a945-85073003328f",  # a uuid with 11 digits in a row
        "c56a4180-65aa-42ec-a945-f85073003328",
        "85073003328a4c2e9f0b1d3e5a7c9e1f",  # uuid hex starting with 11 digits
        "+32 470 12 34 56",  # 11 digits, but not grouped like a national number
        "BE68 5390 0754 7034",  # IBAN
        "v1.2.3-rc.4",
    ],
)
def test_does_not_mask_uuids_long_numbers_or_timestamps(harmless: str) -> None:
    out = redact(value=harmless, text=f"id {harmless} ok")
    assert out == {"value": harmless, "text": f"id {harmless} ok"}


def test_does_not_mask_uuids_or_event_ids() -> None:
    rnd = random.Random(2025)
    uuids = [uuid.UUID(int=rnd.getrandbits(128)) for _ in range(300)]
    # all-digit uuids are the worst case: 32 digits, split 8-4-4-4-12 by hyphens
    digits = ["".join(rnd.choices("0123456789", k=32)) for _ in range(300)]
    uuids += [uuid.UUID(hex=d) for d in digits]
    texts = [
        text
        for u in uuids
        for text in (str(u), u.hex, str(u).upper(), u.urn, f"{{{u}}}", f"req-{u}", f"event {u} applied")
    ]
    out = redact(ids=texts)
    assert out["ids"] == texts


def test_masks_a_number_after_an_underscore_or_inside_other_text() -> None:
    out = redact(a=f"nn_{NN}", b=f"{NN}_x", c=f"/clients/{NN}/files", d=f"-{NN}")
    assert out == {"a": f"nn_{MASK}", "b": f"{MASK}_x", "c": f"/clients/{MASK}/files", "d": f"-{MASK}"}


@pytest.mark.parametrize("number", [int(NN), -int(NN), 85270300123, 10_000_000_000, 99_999_999_999])
def test_masks_ints_with_eleven_digits(number: int) -> None:
    assert redact(value=number) == {"value": MASK}


@pytest.mark.parametrize(
    "number", [0, 3, True, False, 1_751_373_000, 9_999_999_999, 100_000_000_000, 850730033281]
)
def test_keeps_other_ints(number: int) -> None:
    out = redact(value=number)
    assert out["value"] is number


def test_masks_dict_keys_sets_and_namedtuples() -> None:
    class Pair(NamedTuple):
        nn: str
        n: int

    out = redact(by_nn={NN: "ok", "other": 1}, ids={NN, "x"}, frozen=frozenset({NN}), pair=Pair(NN, 1))
    assert out["by_nn"] == {MASK: "ok", "other": 1}
    assert out["ids"] == {MASK, "x"}
    assert out["frozen"] == frozenset({MASK})
    assert out["pair"] == Pair(MASK, 1)
    assert isinstance(out["pair"], Pair)


def test_same_value_is_masked_every_time() -> None:
    """Clean short strings are remembered; a string with a number must be masked on every line, not cached."""
    value = f"client {NN}"
    clean = "c56a4180-65aa-42ec-a945-5fd21dec0538"
    for _ in range(3):
        assert redact(a=value, b=clean) == {"a": f"client {MASK}", "b": clean}


def test_redaction_runs_inside_a_structlog_pipeline() -> None:
    logger = structlog.wrap_logger(
        structlog.testing.CapturingLogger(),
        processors=[redact_personal_data, structlog.processors.KeyValueRenderer()],
    )
    logger.info("client_seen", nn=NN, note=f"nn {NN}")
    rendered = str(logger._logger.calls)
    assert NN not in rendered
    assert rendered.count(MASK) == 2


@contextlib.contextmanager
def _configured(*, as_json: bool) -> Iterator[io.StringIO]:
    """The real `configure_logging` pipeline writing into a buffer; global logging state restored after."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_config = structlog.get_config()
    had_service = "service" in structlog.contextvars.get_contextvars()
    buf = io.StringIO()
    configure_logging("redaction-test", json=as_json)
    root.handlers[0].setStream(buf)  # type: ignore[attr-defined]
    try:
        yield buf
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        structlog.configure(**saved_config)
        if not had_service:
            structlog.contextvars.unbind_contextvars("service")


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The real `configure_logging` pipeline writing JSON into a buffer."""
    with _configured(as_json=True) as buf:
        yield buf


def test_configured_pipeline_masks_structlog_and_stdlib_records(json_log: io.StringIO) -> None:
    get_logger("redaction-test").warning("client_lookup", nn=NN, note=f"nn {NN}")
    logging.getLogger("redaction-test.lib").warning("library says %s", "85.07.30-033.28")
    out = json_log.getvalue()
    assert out.count(MASK) == 3
    assert NN not in out
    assert "85.07.30-033.28" not in out


def test_configured_pipeline_masks_exception_text(json_log: io.StringIO) -> None:
    try:
        raise ValueError(f"duplicate key value (national_number)=({NN})")
    except ValueError:
        get_logger("redaction-test").exception("unhandled_error")
    out = json_log.getvalue()
    assert "unhandled_error" in out
    assert NN not in out


def test_configured_pipeline_masks_stdlib_exception_text(json_log: io.StringIO) -> None:
    try:
        raise ValueError(f"duplicate key value (national_number)=({NN})")
    except ValueError:
        logging.getLogger("redaction-test.lib").exception("library_error %s", NN)
    out = json_log.getvalue()
    assert "library_error" in out
    assert "ValueError" in out  # the traceback is still there
    assert NN not in out


class _Client:
    def __repr__(self) -> str:
        return f"Client(nn={NN!r})"


def test_configured_pipeline_masks_the_repr_of_other_objects(json_log: io.StringIO) -> None:
    get_logger("redaction-test").info("client_loaded", client=_Client())
    out = json_log.getvalue()
    assert json.loads(out)["client"] == f"Client(nn='{MASK}')"


def test_configured_pipeline_writes_valid_json_when_masking(json_log: io.StringIO) -> None:
    get_logger("redaction-test").info("ints", nn=int(NN), count=3)
    line = json.loads(json_log.getvalue())
    assert (line["nn"], line["count"]) == (MASK, 3)
    assert line["timestamp"]


def test_console_pipeline_masks_exception_text() -> None:
    with _configured(as_json=False) as buf:
        try:
            raise ValueError(f"duplicate key value (national_number)=({NN})")
        except ValueError:
            get_logger("redaction-test").exception("unhandled_error")
    out = buf.getvalue()
    assert "unhandled_error" in out
    assert "ValueError" in out
    assert NN not in out


# --- RequestContextMiddleware -----------------------------------------------------------------------------


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(RequestContextMiddleware)

    @app.get("/ids")
    async def ids(request: Request) -> dict[str, Any]:
        return {
            "request_id": request.state.request_id,
            "correlation_id": request.state.correlation_id,
            "bound": current_correlation_id(),
        }

    return app


async def _get(headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get("/ids", headers=headers)


async def test_echoes_incoming_request_and_correlation_ids() -> None:
    resp = await _get({REQUEST_ID_HEADER: "req-123", CORRELATION_ID_HEADER: "corr.abc:42"})
    assert resp.status_code == 200
    assert resp.headers[REQUEST_ID_HEADER] == "req-123"
    assert resp.headers[CORRELATION_ID_HEADER] == "corr.abc:42"
    assert resp.json() == {"request_id": "req-123", "correlation_id": "corr.abc:42", "bound": "corr.abc:42"}
    assert current_correlation_id() is None  # unbound after the request


async def test_generates_ids_when_absent_and_correlation_defaults_to_request_id() -> None:
    first = await _get({})
    second = await _get({})
    rid = first.headers[REQUEST_ID_HEADER]
    assert uuid.UUID(rid)
    assert first.headers[CORRELATION_ID_HEADER] == rid
    assert first.json()["bound"] == rid
    assert second.headers[REQUEST_ID_HEADER] != rid


async def test_keeps_incoming_correlation_id_with_a_fresh_request_id() -> None:
    resp = await _get({CORRELATION_ID_HEADER: "flow-7"})
    assert resp.headers[CORRELATION_ID_HEADER] == "flow-7"
    assert uuid.UUID(resp.headers[REQUEST_ID_HEADER])


@pytest.mark.parametrize(
    "unsafe",
    [
        "has space",
        "x" * 129,
        "<script>alert(1)</script>",
        "a;b",
        "a/b",
        "a@b",
        NN,
        "85.07.30-033.28",
        "corr.85073003328",
        "corr-85-07-30-033-28",
        "85.07.30.033.28",
        "",
    ],
)
async def test_refuses_an_unsafe_incoming_id(unsafe: str) -> None:
    resp = await _get({REQUEST_ID_HEADER: unsafe, CORRELATION_ID_HEADER: unsafe})
    rid = resp.headers[REQUEST_ID_HEADER]
    assert uuid.UUID(rid)  # replaced by a fresh id
    assert resp.headers[CORRELATION_ID_HEADER] == rid
    if unsafe:
        assert unsafe not in resp.text
        assert unsafe not in resp.headers.values()


async def test_refuses_an_id_with_a_national_number_after_a_hyphen() -> None:
    resp = await _get({CORRELATION_ID_HEADER: "corr-85073003328"})
    assert NN not in resp.headers[CORRELATION_ID_HEADER]


async def test_accepts_the_longest_safe_id() -> None:
    longest = "A1._:-" * 21 + "xy"
    assert len(longest) == 128
    resp = await _get({REQUEST_ID_HEADER: longest})
    assert resp.headers[REQUEST_ID_HEADER] == longest
