"""OpenAPI generation describes only PeerPath's own API, not Wagtail's admin API."""

API_PREFIX = "/api/v1/"


def only_peerpath_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep endpoints under /api/v1/."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
