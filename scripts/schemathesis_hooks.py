"""Schemathesis hooks for scripts/schemathesis (test-only; runs in a scratch venv, never in the product).

Signs every generated device request as a real device would (docs/protocol.md): the four
Confide-* headers over the exact bytes `requests` puts on the wire, so the fuzzer gets past
authentication and reaches the handlers. Admin requests carry the bearer token.

Environment:
  CONFIDE_FUZZ_URL          the coordinator, e.g. http://127.0.0.1:8123
  CONFIDE_FUZZ_ADMIN_TOKEN  the admin token; unset for the anonymous pass, in which device
                            requests are signed by a device that never registered, and the
                            check `refused_without_credentials` demands 401 from every admin
                            and device operation.
"""

import base64
import hashlib
import json
import os
import re
import secrets
import threading
import time

import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation
from nacl.signing import SigningKey

BASE_URL = os.environ["CONFIDE_FUZZ_URL"].rstrip("/")
ADMIN_TOKEN = os.environ.get("CONFIDE_FUZZ_ADMIN_TOKEN") or None
ANONYMOUS = ADMIN_TOKEN is None
REGISTRATION = "/v1/devices"
# The documented form of a base64 Ed25519 public key (RegisterDeviceRequest.identityPublicKey).
PUBLIC_KEY_PATTERN = re.compile(r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")


def device_id(public_key: bytes) -> str:
    """DeviceID(identity:): the first 16 bytes of BLAKE2b-256 over length-prefixed fields, as hex."""
    digest = hashlib.blake2b(digest_size=32)
    for field in (b"confide.device.v1", public_key):
        digest.update(len(field).to_bytes(4, "little"))
        digest.update(field)
    return digest.hexdigest()[:32]


class Device(requests.auth.AuthBase):
    """A device identity; as a `requests` auth, it signs the prepared request (RequestSigner)."""

    def __init__(self) -> None:
        self.key = SigningKey.generate()
        self.public_key = bytes(self.key.verify_key)
        self.id = device_id(self.public_key)

    @property
    def public_key_base64(self) -> str:
        return base64.b64encode(self.public_key).decode()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        timestamp = str(int(time.time() * 1000))
        nonce = secrets.token_hex(16)
        # path_url is the request target exactly as requests sends it (path?query).
        message = "\n".join([
            "confide-request-v1", request.method.upper(), request.path_url, self.id, timestamp, nonce,
            hashlib.blake2b(body, digest_size=32).hexdigest(),
        ]).encode()
        request.headers["Confide-Device"] = self.id
        request.headers["Confide-Timestamp"] = timestamp
        request.headers["Confide-Nonce"] = nonce
        request.headers["Confide-Signature"] = base64.b64encode(self.key.sign(message).signature).decode()
        return request


_lock = threading.Lock()
_device: Device | None = None


def registered_device() -> Device:
    """The device that signs device requests: registered through the API on first use
    (enrolment code minted with the admin token, then POST /v1/devices signed with the new
    key), or, in the anonymous pass, a device that never registered."""
    global _device
    with _lock:
        if _device is None:
            device = Device()
            if not ANONYMOUS:
                enrolment = requests.post(
                    f"{BASE_URL}/admin/v1/enrolments", json={"subject": "schemathesis-device-owner"},
                    headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, timeout=10)
                enrolment.raise_for_status()
                body = json.dumps({"identityPublicKey": device.public_key_base64,
                                   "enrolmentCode": enrolment.json()["code"]}).encode()
                registration = requests.post(f"{BASE_URL}{REGISTRATION}", data=body,
                                             headers={"Content-Type": "application/json"}, auth=device, timeout=10)
                if registration.status_code != 201:
                    raise RuntimeError(f"registration failed: {registration.status_code} {registration.text}")
                # Consent for the training purposes, so check-ins see a device that could be sampled.
                for purpose in ("segmentation", "recommendations"):
                    requests.post(f"{BASE_URL}/v1/consent", data=json.dumps(
                        {"purpose": purpose, "granted": True, "channel": "app", "method": "toggle"}).encode(),
                        headers={"Content-Type": "application/json"}, auth=device, timeout=10)
            _device = device
        return _device


@schemathesis.auth(refresh_interval=None)
class ConfideAuth:
    """Admin requests: the bearer token. Device requests: signed by the registered device.
    Registration: signed by a fresh key, which replaces a well-formed identityPublicKey in
    the body so that the proof of possession holds (a malformed one is left to be refused)."""

    def get(self, case, context):
        # A case generated to violate the headers (say, one signature header missing) must
        # reach the server as generated, to be refused; signing it would repair it.
        if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
            return None
        path = case.operation.path
        if path.startswith("/admin/"):
            return ADMIN_TOKEN
        if path.startswith("/v1/"):
            return "device"
        return None

    def set(self, case, data, context):
        path = case.operation.path
        if path.startswith("/admin/"):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
        elif path == REGISTRATION:
            device = Device()
            body = case.body
            if isinstance(body, dict) and isinstance(body.get("identityPublicKey"), str) \
                    and PUBLIC_KEY_PATTERN.match(body["identityPublicKey"]):
                case.body = {**body, "identityPublicKey": device.public_key_base64}
            case._auth = device
        else:
            case._auth = registered_device()


@schemathesis.check
def refused_without_credentials(ctx, response, case):
    """Anonymous pass: every admin and device operation answers 401 (registration is open:
    it is signed by the key it registers, and refused for its code instead)."""
    # Undeclared methods (unsupported_method probes) answer 405 before authentication.
    if not ANONYMOUS or case.method.upper() != case.operation.method.upper():
        return None
    path = case.operation.path
    if path.startswith("/admin/") or (path.startswith("/v1/") and path != REGISTRATION):
        if response.status_code != 401:
            raise AssertionError(f"{case.method.upper()} {path} answered {response.status_code} without credentials, expected 401")
    return None
