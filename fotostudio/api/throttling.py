"""Login throttles: per client address and per username tried (cache keys are tenant-aware)."""

from rest_framework.throttling import SimpleRateThrottle


def submitted_username(request) -> str:
    """The username a login request tries, or ``""`` when the body carries none (any JSON shape)."""
    data = getattr(request, "data", None)
    username = data.get("username") if hasattr(data, "get") else None
    return username.strip() if isinstance(username, str) else ""


class LoginIPThrottle(SimpleRateThrottle):
    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginUsernameThrottle(SimpleRateThrottle):
    scope = "login_username"

    def get_cache_key(self, request, view):
        username = submitted_username(request)
        if not username:
            return None
        return self.cache_format % {"scope": self.scope, "ident": username.lower()}
