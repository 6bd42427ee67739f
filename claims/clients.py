"""Which address a request comes from, as the login and API throttles count it.

Behind a proxy every request arrives from the proxy's address, so CLIENT_IP_HEADER names
the request.META key where the proxy puts the client's (HTTP_X_REAL_IP, or
HTTP_X_FORWARDED_FOR). By default it is REMOTE_ADDR: a header that no proxy of ours sets
is the client's to forge, and trusting it would let one client pass for many.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address: from CLIENT_IP_HEADER if that holds one, else REMOTE_ADDR.

    Of a list (X-Forwarded-For) the last entry counts: it is the one our proxy appended;
    the ones before it came with the request and may be made up."""
    value = request.META.get(settings.CLIENT_IP_HEADER, "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        # Not set (a request that bypassed the proxy) or not an address: the connection's
        # address is the one we know to be true.
        return request.META.get("REMOTE_ADDR", "")
