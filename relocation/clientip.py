"""The client's address, behind as many trusted reverse proxies as ``TRUSTED_PROXIES`` says.

Each proxy appends the address it received the request from to ``X-Forwarded-For``; only the entries
our own proxies appended can be trusted (a client can send any ``X-Forwarded-For`` it likes). With
``TRUSTED_PROXIES = N`` the client is the N-th address from the right of ``X-Forwarded-For`` followed
by ``REMOTE_ADDR``; with 0 (the default, no proxy) it is ``REMOTE_ADDR`` and the header is ignored.
The rate limit of readers' reports and the login lockout (``AXES_CLIENT_IP_CALLABLE``) both use it.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in forwarded if part] + [remote]
    # Fewer entries than proxies: the request did not come through all of them; take the farthest.
    candidate = chain[-(trusted + 1)] if len(chain) > trusted else chain[0]
    return candidate if _valid(candidate) else remote
