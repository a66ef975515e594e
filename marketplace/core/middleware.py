"""Language choice: Vietnamese unless the buyer picked English.

Django's LocaleMiddleware follows the browser's Accept-Language, and many Vietnamese phones
run an English UI; for this marketplace Vietnamese is the default, and English is an explicit
choice (the language switcher sets the cookie).
"""

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class VietnameseFirstLocaleMiddleware(MiddlewareMixin):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
