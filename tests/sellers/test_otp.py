"""A seller confirms their mobile number with a one-time code sent by SMS."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.sellers import otp
from marketplace.sellers.models import OtpPurpose, PhoneVerification

from . import conftest

pytestmark = pytest.mark.django_db

PHONE = "+84987654321"


def send(phone=PHONE, ip=None, purpose=OtpPurpose.REGISTER):
    return otp.send_code(phone=phone, purpose=purpose, ip_address=ip)


def a_minute_passes(phone=PHONE):
    conftest.a_minute_passes(phone)


@pytest.mark.parametrize(
    "typed", ["0987654321", "0987 654 321", "+84987654321", "84987654321", "+84 987-654-321", "098.765.4321"]
)
def test_seller_types_their_mobile_number_in_any_usual_form(typed):
    assert otp.parse_phone(typed) == "+84987654321"


@pytest.mark.parametrize("typed", ["0387654321", "0567654321", "0707654321", "0837654321", "0917654321"])
def test_numbers_of_every_mobile_prefix_are_accepted(typed):
    assert otp.parse_phone(typed).startswith("+84")


def test_landline_is_refused_with_a_message_saying_so():
    with pytest.raises(otp.InvalidPhoneNumber, match="landline"):
        otp.parse_phone("024 3825 1234")


@pytest.mark.parametrize(
    "typed", ["", "12345", "0123456789", "01687654321", "09876543210", "abc0987654321", "+1 212 555 0100"]
)
def test_junk_and_old_11_digit_numbers_are_refused(typed):
    with pytest.raises(otp.InvalidPhoneNumber, match="Vietnamese mobile number"):
        otp.parse_phone(typed)


def test_code_arrives_by_sms_and_confirms_the_number_once(inbox, after_commit):
    with after_commit():
        sent = send()
    code = inbox.last_code(PHONE)
    assert len(code) == 6
    assert code not in sent.code_hash  # only a keyed hash is stored

    verification = otp.verify_code(phone="0987 654 321", code=code, purpose=OtpPurpose.REGISTER)
    assert verification.pk == sent.pk
    assert PhoneVerification.objects.get(pk=sent.pk).verified_at is not None


def test_no_sms_leaves_before_the_transaction_commits(inbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send()
    assert inbox.messages(PHONE) == []
    assert len(callbacks) == 1


def test_code_older_than_five_minutes_is_refused(inbox, after_commit):
    with after_commit():
        sent = send()
    PhoneVerification.objects.filter(pk=sent.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(otp.CodeExpired):
        otp.verify_code(phone=PHONE, code=inbox.last_code(PHONE), purpose=OtpPurpose.REGISTER)


def test_a_used_code_cannot_be_used_again(inbox, after_commit):
    with after_commit():
        send()
    code = inbox.last_code(PHONE)
    otp.verify_code(phone=PHONE, code=code, purpose=OtpPurpose.REGISTER)
    with pytest.raises(otp.CodeAlreadyUsed):
        otp.verify_code(phone=PHONE, code=code, purpose=OtpPurpose.REGISTER)


def test_a_registration_code_does_not_log_anyone_in(inbox, after_commit):
    with after_commit():
        send(purpose=OtpPurpose.REGISTER)
    with pytest.raises(otp.NoCodeSent):
        otp.verify_code(phone=PHONE, code=inbox.last_code(PHONE), purpose=OtpPurpose.LOGIN)


def test_asking_for_a_new_code_retires_the_old_one(inbox, after_commit):
    with after_commit():
        send()
    first = inbox.last_code(PHONE)
    a_minute_passes()
    with after_commit():
        send()
    second = inbox.last_code(PHONE)
    if first != second:  # one in a million they match
        with pytest.raises(otp.WrongCode):
            otp.verify_code(phone=PHONE, code=first, purpose=OtpPurpose.REGISTER)
    otp.verify_code(phone=PHONE, code=second, purpose=OtpPurpose.REGISTER)


def test_five_wrong_codes_lock_the_number_for_15_minutes(inbox, after_commit):
    with after_commit():
        send()
    right = inbox.last_code(PHONE)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for remaining in (4, 3, 2, 1):
        with pytest.raises(otp.WrongCode) as refused:
            otp.verify_code(phone=PHONE, code=wrong, purpose=OtpPurpose.REGISTER)
        assert refused.value.remaining == remaining
    with pytest.raises(otp.PhoneLocked) as locked:
        otp.verify_code(phone=PHONE, code=wrong, purpose=OtpPurpose.REGISTER)
    assert "15 minutes" in str(locked.value.message)

    # Locked means locked: even the right code, and no new code either.
    with pytest.raises(otp.PhoneLocked):
        otp.verify_code(phone=PHONE, code=right, purpose=OtpPurpose.REGISTER)
    a_minute_passes()
    with pytest.raises(otp.PhoneLocked):
        send()
    # Another number is not affected.
    send(phone="0912 888 777")


def test_a_second_code_within_60_seconds_is_refused(after_commit):
    with after_commit():
        send()
    with pytest.raises(otp.SendTooSoon) as refused:
        send()
    assert 0 < refused.value.retry_after <= 60
    assert PhoneVerification.objects.filter(phone=PHONE).count() == 1


def test_a_number_gets_at_most_five_codes_an_hour(after_commit):
    for _ in range(5):
        with after_commit():
            send()
        a_minute_passes()
    with pytest.raises(otp.TooManyCodes, match="This number has received too many codes"):
        send()
    assert PhoneVerification.objects.filter(phone=PHONE).count() == 5


def test_one_connection_asks_for_at_most_20_codes_an_hour(after_commit):
    with after_commit():
        for n in range(20):
            send(phone=f"09870000{n:02d}", ip="203.113.1.9")
    with pytest.raises(otp.TooManyCodes, match="connection"):
        send(phone="0987000099", ip="203.113.1.9")
    send(phone="0987000099", ip="203.113.1.10")  # someone else's connection still works
