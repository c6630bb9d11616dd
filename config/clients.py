"""Who a request comes from: one answer for every limit (the API throttle, the login limit).

The address is the socket's peer unless that peer is a proxy named in TRUSTED_PROXIES (none
by default); then it is the last address in X-Forwarded-For that no trusted proxy added. A
client can put anything in X-Forwarded-For, so only the entries our own proxies appended count.
"""

import ipaddress

from django.conf import settings


def _is_trusted(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )


def client_address(request):
    """The client's IP address, as the trusted proxies (if any) report it."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted(address):
        return address
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    # Read from the right: each trusted proxy appended the address it was connected from.
    for entry in reversed(forwarded):
        if not _is_trusted(entry):
            return entry
    return forwarded[0] if forwarded else address


def login_attempt_key(group, request):
    """django-ratelimit's key for the admin login: the account tried and the client's address,
    so guessing from one place cannot lock an editor out everywhere else."""
    username = request.POST.get("username", "").strip().casefold()
    return f"{client_address(request)}|{username}"
