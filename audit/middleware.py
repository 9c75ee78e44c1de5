"""Every request gets an id of our own, for logs, access events and the response header."""

import re
import uuid

from audit.services import request_ids

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id of our own (uuid4), for logs, access events and the response header.

    A client chooses its X-Request-ID header, so it never becomes the id the access log relies on: a
    sane one is stored beside it, marked as the client's (``detail["client_request_id"]``), to match a
    proxy's logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = uuid.uuid4().hex
        request.client_request_id = incoming if _SAFE_ID.match(incoming) else ""
        token = request_ids.set((request.request_id, request.client_request_id))
        try:
            response = self.get_response(request)
        finally:
            request_ids.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
