"""SMS go out through one small interface: the console by default, a real provider behind the same door."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marketplace.notifications.sms import SmsMessage, SmsTransientError, get_sms_backend
from marketplace.notifications.sms.console import ConsoleSmsBackend, outbox
from marketplace.notifications.sms.esms import EsmsBackend, strip_diacritics
from marketplace.notifications.sms.tasks import queue_sms, send_sms

MESSAGE = SmsMessage(to="+84987654321", text="Mã xác minh Chợ OCOP của bạn là 123456.", reference="ref-1")


def test_console_is_the_default_backend_and_keeps_what_it_sent(settings):
    backend = get_sms_backend()
    assert isinstance(backend, ConsoleSmsBackend)
    result = backend.send(MESSAGE)
    assert result.accepted and result.provider == "console"
    assert list(outbox) == [MESSAGE]


def test_a_queued_sms_is_sent_once_even_if_the_task_is_delivered_twice(db, after_commit):
    with after_commit():
        reference = queue_sms(to="+84987654321", text="Xin chào")
    assert len(outbox) == 1
    # A worker killed after sending makes the broker hand the same task out again (acks_late).
    assert send_sms.run("+84987654321", "Xin chào", reference) == "duplicate"
    assert len(outbox) == 1


class FakeEsms(BaseHTTPRequestHandler):
    """Plays eSMS's JSON endpoint: answers per the `answers` list, records what it received."""

    received: list = []
    answers: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append((self.path, self.headers["Content-Type"], body))
        status, answer = type(self).answers.pop(0)
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def esms_server():
    FakeEsms.received, FakeEsms.answers = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEsms)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/MainService.svc/json/SendMultipleMessage_V4_post_json/", FakeEsms
    server.shutdown()
    server.server_close()


def esms(url, **kwargs):
    return EsmsBackend(api_key="KEY", secret_key="SECRET", brandname="CHOOCOP", url=url, timeout=2, **kwargs)


def test_esms_receives_the_documented_json_and_an_accepted_message_has_its_id(esms_server):
    url, fake = esms_server
    fake.answers.append((200, {"CodeResult": "100", "CountRegenerate": 0, "SMSID": "abc123"}))
    result = esms(url).send(MESSAGE)
    assert result.accepted and result.provider_message_id == "abc123"
    path, content_type, body = fake.received[0]
    assert path.endswith("SendMultipleMessage_V4_post_json/") and content_type == "application/json"
    assert body == {
        "ApiKey": "KEY",
        "SecretKey": "SECRET",
        "Phone": "0987654321",
        "Brandname": "CHOOCOP",
        "SmsType": "2",
        "IsUnicode": "0",
        "Sandbox": "0",
        "RequestId": "ref-1",
        "Content": "Ma xac minh Cho OCOP cua ban la 123456.",
    }


def test_esms_duplicate_request_means_the_message_already_went_out(esms_server):
    url, fake = esms_server
    fake.answers.append((200, {"CodeResult": "124", "ErrorMessage": "Request exist 1"}))
    assert esms(url).send(MESSAGE).accepted


def test_esms_refusal_is_reported_not_retried(esms_server):
    url, fake = esms_server
    fake.answers.append((200, {"CodeResult": "104", "ErrorMessage": "Brand name code is not exist"}))
    result = esms(url).send(MESSAGE)
    assert not result.accepted and "104" in result.error


def test_esms_outage_is_a_transient_error_for_celery_to_retry(esms_server):
    url, fake = esms_server
    fake.answers.append((503, {"error": "maintenance"}))
    with pytest.raises(SmsTransientError):
        esms(url).send(MESSAGE)
    with pytest.raises(SmsTransientError):
        esms("http://127.0.0.1:9/nothing-listens-here").send(MESSAGE)


def test_unicode_sending_keeps_the_diacritics():
    assert strip_diacritics("Đặng Thị Ánh") == "Dang Thi Anh"
    assert esms("http://unused", unicode=True).payload(MESSAGE)["Content"] == MESSAGE.text


def test_backend_is_chosen_by_setting(settings):
    settings.SMS_BACKEND = "esms"
    settings.ESMS_API_KEY, settings.ESMS_SECRET_KEY, settings.ESMS_BRANDNAME = "k", "s", "CHOOCOP"
    assert isinstance(get_sms_backend(), EsmsBackend)
    settings.SMS_BACKEND = "carrier-pigeon"
    with pytest.raises(Exception, match="Unknown SMS_BACKEND"):
        get_sms_backend()
