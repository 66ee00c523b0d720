# An independent OAuth 1.0a provider (Python oauthlib) for interop checks: smugmug-auth must
# complete its flow against it, not only against its own demo server. Code is always 654321.
import json, sys, secrets
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from oauthlib.oauth1 import RequestValidator, RequestTokenEndpoint, AccessTokenEndpoint, ResourceEndpoint

KEY, SECRET = "interopKey0123456789abcdefABCDEF", "interopSecret" + "x" * 51
CODE = "654321"
rtokens, atokens, nonces = {}, {}, set()

class V(RequestValidator):
    enforce_ssl = False
    client_key_length = (10, 64); request_token_length = (10, 64); access_token_length = (10, 64)
    nonce_length = (10, 64); verifier_length = (6, 6)
    allowed_signature_methods = ["HMAC-SHA1"]
    dummy_client = "dummyclientdummyclient"; dummy_request_token = "dummyrequestdummyrequest"; dummy_access_token = "dummyaccessdummyaccess"
    safe_characters = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    realms = []
    def check_verifier(self, v): return v.isdigit() and len(v) == 6
    def validate_client_key(self, k, r): return k == KEY
    def get_client_secret(self, k, r): return SECRET
    def validate_timestamp_and_nonce(self, k, ts, n, r, request_token=None, access_token=None):
        if (k, ts, n) in nonces: return False
        nonces.add((k, ts, n)); return True
    def validate_requested_realms(self, k, realms, r): return True
    def get_default_realms(self, k, r): return []
    def validate_redirect_uri(self, k, uri, r): return uri == "oob"
    def save_request_token(self, t, r): rtokens[t["oauth_token"]] = {"secret": t["oauth_token_secret"], "used": False}
    def get_request_token_secret(self, k, t, r): return rtokens[t]["secret"]
    def validate_request_token(self, k, t, r): return t in rtokens and not rtokens[t]["used"]
    def validate_verifier(self, k, t, v, r): return v == CODE
    def verify_request_token(self, t, r): return t in rtokens
    def get_realms(self, t, r): return []
    def invalidate_request_token(self, k, t, r): rtokens[t]["used"] = True
    def save_access_token(self, t, r): atokens[t["oauth_token"]] = t["oauth_token_secret"]
    def validate_access_token(self, k, t, r): return t in atokens
    def get_access_token_secret(self, k, t, r): return atokens[t]
    def validate_realms(self, *a, **kw): return True
    def get_redirect_uri(self, t, r): return "oob"

v = V()
rte, ate, rse = RequestTokenEndpoint(v), AccessTokenEndpoint(v), ResourceEndpoint(v)

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        uri = "http://" + self.headers["Host"] + self.path
        headers = dict(self.headers)
        path = self.path.split("?")[0]
        if path.endswith("/getRequestToken"):
            h, b, s = rte.create_request_token_response(uri, self.command, body, headers)
        elif path.endswith("/getAccessToken"):
            # oauthlib stores verifiers per token via save_verifier in real use; accept CODE
            h, b, s = ate.create_access_token_response(uri, self.command, body, headers)
        elif path.endswith("!authuser"):
            ok, req = rse.validate_protected_resource_request(uri, self.command, body, headers)
            h, b, s = ({"Content-Type": "application/json"}, json.dumps({"Response": {"User": {"NickName": "indie", "Name": "Independent Server"}}}) if ok else json.dumps({"Code": 401, "Message": "oauth_problem=signature_invalid"}), 200 if ok else 401)
        else:
            h, b, s = {}, "not found", 404
        b = (b or "").encode()
        self.send_response(s)
        for k, val in (h or {}).items(): self.send_header(k, val)
        self.send_header("Content-Length", str(len(b)))
        self.end_headers(); self.wfile.write(b)
        sys.stderr.write(f"{self.command} {path} -> {s} {b[:120]!r}\n")
    do_GET = do_POST = handle_any
    def log_message(self, *a): pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
