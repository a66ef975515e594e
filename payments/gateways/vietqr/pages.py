"""Small HTML pages of the VietQR package (kept here so the package is self-contained)."""

from django.template import engines
from django.utils.safestring import mark_safe

_QR_PAGE = """{% load i18n %}<!doctype html>
<html lang="{{ LANGUAGE_CODE|default:'vi' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{% translate "Pay by bank transfer (VietQR)" %}</title></head>
<body><main style="max-width:28rem;margin:1rem auto;font-family:sans-serif">
<h1>{% translate "Pay by bank transfer (VietQR)" %}</h1>
{% include_block %}
</main></body></html>"""

_QR_PARTIAL = """{% load i18n currency_filters %}<section class="vietqr" data-reference="{{ attempt.reference }}">
{% if attempt.status == "pending" %}
<p>{% translate "Scan this code with your bank app. The amount and the transfer memo are filled in for you." %}</p>
<img src="{{ png_url }}" alt="{% translate 'VietQR code for this payment' %}" width="240" height="240">
<dl>
<dt>{% translate "Bank" %}</dt><dd>{{ bank_name }}</dd>
<dt>{% translate "Account number" %}</dt><dd>{{ account_number }}</dd>
<dt>{% translate "Account holder" %}</dt><dd>{{ account_name }}</dd>
<dt>{% translate "Amount" %}</dt><dd class="amount">{{ attempt.amount|currency:"VND" }}</dd>
<dt>{% translate "Transfer memo (required)" %}</dt><dd><strong>{{ memo }}</strong></dd>
</dl>
<p>{% translate "Keep the memo exactly as shown; without it we cannot match your transfer to the order." %}</p>
{% if simulator_url %}<p><a href="{{ simulator_url }}">{% translate "Open the simulated bank app" %}</a></p>{% endif %}
{% elif attempt.status == "succeeded" %}<p>{% translate "Payment received. Thank you!" %}</p>
{% elif attempt.status == "needs_review" %}<p>{% translate "We received a transfer with a different amount; our staff will contact you." %}</p>
{% else %}<p>{% translate "This payment is no longer waiting for a transfer." %}</p>{% endif %}
{% if order_url %}<p><a href="{{ order_url }}">{% translate "See your order" %}</a></p>{% endif %}
</section>"""

_BANK_APP = """{% load i18n %}<!doctype html>
<html lang="{{ LANGUAGE_CODE|default:'vi' }}"><head><meta charset="utf-8"><title>{% translate "Simulated bank app" %}</title></head>
<body><main style="max-width:28rem;margin:1rem auto;font-family:sans-serif">
<h1>{% translate "Simulated bank app" %}</h1>
<p>{% translate "Transfer to" %} {{ bank_name }} {{ account_number }} ({{ account_name }})</p>
<form method="post">{% csrf_token %}
<label>{% translate "Amount" %} <input name="amount" value="{{ amount }}" inputmode="numeric" required></label><br>
<label>{% translate "Memo" %} <input name="memo" value="{{ memo }}" maxlength="100"></label><br>
<button type="submit">{% translate "Transfer" %}</button>
</form>
{% if delivery %}<h2>{% translate "Bank-feed webhook" %}</h2>
<p>{% translate "Transaction" %} {{ delivery.transaction_id }}: {% for status in delivery.statuses %}{{ status }} {% endfor %}</p>
<form method="post">{% csrf_token %}<input type="hidden" name="resend" value="{{ delivery.transaction_id }}">
<button type="submit">{% translate "Deliver the same webhook again" %}</button></form>{% endif %}
</main></body></html>"""


def _render(source: str, context: dict, request) -> str:
    return engines["django"].from_string(source).render(context, request)


def qr_partial(context: dict, request) -> str:
    return _render(_QR_PARTIAL, context, request)


def qr_page(context: dict, request) -> str:
    page = _QR_PAGE.replace("{% include_block %}", "{{ partial }}")
    return _render(page, {**context, "partial": mark_safe(qr_partial(context, request))}, request)  # noqa: S308 - our own rendered template


def bank_app(context: dict, request) -> str:
    return _render(_BANK_APP, context, request)
