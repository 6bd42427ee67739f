"""Which address a request comes from, for throttling: REMOTE_ADDR unless a proxy is named."""

import pytest
from django.test import RequestFactory

from claims.clients import client_address

PROXY = "127.0.0.1"


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, **meta)


def test_by_default_the_address_is_the_connections(db):
    assert client_address(request(HTTP_X_FORWARDED_FOR="192.0.2.1")) == PROXY


def test_the_configured_header_names_the_address(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_address(request(HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"


def test_of_a_forwarded_list_the_address_our_proxy_appended_counts(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    forged_then_real = "192.0.2.1, 203.0.113.9"
    assert client_address(request(HTTP_X_FORWARDED_FOR=forged_then_real)) == "203.0.113.9"


@pytest.mark.parametrize("value", [None, "", "not-an-address", "203.0.113.9\x00"])
def test_without_a_usable_header_the_connections_address_counts(settings, value):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    meta = {} if value is None else {"HTTP_X_REAL_IP": value}
    assert client_address(request(**meta)) == PROXY


def test_an_ipv6_address_is_kept(settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_address(request(HTTP_X_REAL_IP="2001:db8::1")) == "2001:db8::1"
