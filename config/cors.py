"""Which requests get CORS headers: the API's reads, from any origin, and nothing else."""

from corsheaders.signals import check_request_enabled

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def api_reads_only(sender, request, **kwargs):
    # A preflight (OPTIONS) for a write is answered with the read methods only, so the browser
    # never sends the write; a write itself gets no CORS header, so no page can read its answer.
    return request.path_info.startswith("/api/") and request.method in READ_METHODS


def connect():
    check_request_enabled.connect(api_reads_only, dispatch_uid="registry-cors-api-reads")
