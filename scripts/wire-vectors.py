#!/usr/bin/env python3
"""An independent check of docs/test-vectors/ written from docs/wire-format.md alone.

It recomputes every vector with libsodium through ctypes (no Swift, no Confide code) and
prints one line per vector; it exits 1 if any output differs. If this script and the Swift
tests disagree, the document is what needs fixing.

    python3 scripts/wire-vectors.py
"""
import base64
import ctypes
import ctypes.util
import json
import math
import pathlib
import struct
import sys

sodium = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
assert sodium.sodium_init() >= 0
ROOT = pathlib.Path(__file__).resolve().parent.parent / "docs" / "test-vectors"
# The secure-aggregation format version this implementation speaks (docs/wire-format.md, 4.1).
WIRE_VERSION = 2


def buf(n):
    return ctypes.create_string_buffer(n)


def blake(data, n=32):
    out = buf(n)
    assert sodium.crypto_generichash(out, ctypes.c_size_t(n), data, ctypes.c_ulonglong(len(data)), None, ctypes.c_size_t(0)) == 0
    return out.raw


def field(x):
    return struct.pack("<I", len(x)) + x


def fields(*xs):
    return b"".join(field(x) for x in xs)


def sign_keypair(seed):
    pk, sk = buf(32), buf(64)
    assert sodium.crypto_sign_seed_keypair(pk, sk, seed) == 0
    return pk.raw, sk.raw


def sign(sk, message):
    sig = buf(64)
    assert sodium.crypto_sign_detached(sig, None, message, ctypes.c_ulonglong(len(message)), sk) == 0
    return sig.raw


def x25519_base(secret):
    out = buf(32)
    assert sodium.crypto_scalarmult_base(out, secret) == 0
    return out.raw


def x25519(secret, public):
    out = buf(32)
    assert sodium.crypto_scalarmult(out, secret, public) == 0
    return out.raw


def pairwise(secret, peer, context):
    own = x25519_base(secret)
    low, high = sorted([own, peer])
    return blake(field(b"confide.pairwise.v1") + field(context.encode()) + x25519(secret, peer) + low + high)


def mask_nonce(label):
    return blake(fields(b"confide.mask.v1", label.encode()), 24)


def prg(seed, label, count, start=0):
    """Words start..start+count-1 of the XChaCha20 stream, from block start // 16 (section 2.4)."""
    skip = start % 16
    n = 4 * (count + skip)
    out = buf(n)
    assert sodium.crypto_stream_xchacha20_xor_ic(out, bytes(n), ctypes.c_ulonglong(n), mask_nonce(label),
                                                 ctypes.c_uint64(start // 16), seed) == 0
    return list(struct.unpack("<%dI" % (count + skip), out.raw))[skip:]


def gf_mul(a, b):
    p = 0
    for _ in range(8):
        if b & 1:
            p ^= a
        a = ((a << 1) ^ (0x1B if a & 0x80 else 0)) & 0xFF
        b >>= 1
    return p


def gf_inv(a):
    r = 1
    for _ in range(254):
        r = gf_mul(r, a)
    return r


def shamir_split(secret, t, count, coefficients):
    shares = []
    for x in range(1, count + 1):
        value = bytearray()
        for i, s in enumerate(secret):
            y, power = s, 1
            for j in range(t - 1):
                power = gf_mul(power, x)
                y ^= gf_mul(coefficients[i * (t - 1) + j], power)
            value.append(y)
        shares.append(bytes([x, t]) + bytes(value))
    return shares


def shamir_combine(shares):
    t = shares[0][1]
    used = shares[:t]
    xs = [s[0] for s in used]
    out = bytearray(len(used[0]) - 2)
    for s in used:
        num = den = 1
        for other in xs:
            if other != s[0]:
                num = gf_mul(num, other)
                den = gf_mul(den, other ^ s[0])
        w = gf_mul(num, gf_inv(den))
        for i in range(len(out)):
            out[i] ^= gf_mul(w, s[2 + i])
    return bytes(out)


def aead_open(key, ad, envelope):
    """The plaintext of a nonce || ciphertext || tag envelope, or None if it does not open."""
    body = envelope[24:]
    out = buf(max(len(body) - 16, 1))
    n = ctypes.c_ulonglong()
    ok = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(out, ctypes.byref(n), None, body, ctypes.c_ulonglong(len(body)),
                                                            ad, ctypes.c_ulonglong(len(ad)), envelope[:24], key) == 0
    return out.raw[:n.value] if ok else None


def aead(key, nonce, ad, plaintext):
    out = buf(len(plaintext) + 16)
    n = ctypes.c_ulonglong()
    assert sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out, ctypes.byref(n), plaintext, ctypes.c_ulonglong(len(plaintext)),
                                                            ad, ctypes.c_ulonglong(len(ad)), None, nonce, key) == 0
    return nonce + out.raw


def seal(plaintext, recipient, ephemeral_secret):
    epk = x25519_base(ephemeral_secret)
    out = buf(len(plaintext) + 16)
    assert sodium.crypto_box_easy(out, plaintext, ctypes.c_ulonglong(len(plaintext)), blake(epk + recipient, 24),
                                  recipient, ephemeral_secret) == 0
    return epk + out.raw


def device_id(pk):
    return blake(fields(b"confide.device.v1", pk))[:16].hex()


def header(kind, round_id, party):
    return b"CFSA" + bytes([WIRE_VERSION, kind]) + struct.pack("<QI", round_id, party)


def bitmap(n, members):
    """u32 n || ceil(n/8) bytes, device i at bit i % 8 of byte i // 8 (section 4.1)."""
    bits = bytearray((n + 7) // 8)
    for i in members:
        bits[i // 8] |= 1 << (i % 8)
    return struct.pack("<I", n) + bytes(bits)


def index_list(xs):
    return struct.pack("<H", len(xs)) + b"".join(struct.pack("<I", x) for x in xs)


def words(ws):
    return struct.pack("<%dI" % len(ws), *ws)


class Graph:
    def __init__(self, seed, n, k):
        stream, used = [], 0

        def word():
            nonlocal stream, used
            if not stream:
                stream = prg(seed, "confide.secagg.v1/neighbour-graph", 1024, used)
                used += 1024
            return stream.pop(0)

        def uniform(bound):
            reject = (2**32 - bound) % bound
            while True:
                z = word()
                if z >= reject:
                    return z % bound

        ring = list(range(n))
        for i in range(n - 1, 0, -1):
            j = uniform(i + 1)
            ring[i], ring[j] = ring[j], ring[i]
        place = {d: p for p, d in enumerate(ring)}
        self.ring = ring
        self.neighbours = []
        for u in range(n):
            p = place[u]
            row = [ring[(p + s) % n] for s in range(1, k // 2 + 1)] + [ring[(p - s) % n] for s in range(1, k // 2 + 1)]
            if k % 2:
                row.append(ring[(p + n // 2) % n])
            self.neighbours.append(sorted(row))

    def position(self, v, among):
        return self.neighbours[among].index(v)


def vectors(name):
    document = json.loads((ROOT / f"{name}.json").read_text())
    return {v["name"]: v for v in document["vectors"]}


failures = 0


def check(name, what, got, expected):
    global failures
    if isinstance(got, bytes):
        got = got.hex()
    ok = got == expected
    failures += not ok
    print(("ok      " if ok else "DIFFERS ") + f"{name} {what}")
    if not ok:
        print(f"   expected {str(expected)[:160]}\n   got      {str(got)[:160]}")


def crypto():
    v = vectors("crypto")
    x = v["blake2b/fields"]
    check("blake2b/fields", "digest", blake(fields(*[bytes.fromhex(f) for f in x["inputs"]["fields"]])), x["outputs"]["digest"])
    x = v["ed25519/from-seed"]
    pk, sk = sign_keypair(bytes.fromhex(x["inputs"]["seed"]))
    check("ed25519/from-seed", "signature", sign(sk, bytes.fromhex(x["inputs"]["message"])), x["outputs"]["signature"])
    x = v["x25519/pairwise-key"]
    a, b = bytes.fromhex(x["inputs"]["secretA"]), bytes.fromhex(x["inputs"]["secretB"])
    check("x25519/pairwise-key", "key", pairwise(a, x25519_base(b), x["inputs"]["context"]), x["outputs"]["key"])
    check("x25519/pairwise-key", "key (other side)", pairwise(b, x25519_base(a), x["inputs"]["context"]), x["outputs"]["key"])
    x = v["mask/context"]
    check("mask/context", "nonce", mask_nonce(x["inputs"]["label"]), x["outputs"]["nonce"])
    x = v["mask/prg"]
    seed, label = bytes.fromhex(x["inputs"]["seed"]), x["inputs"]["label"]
    check("mask/prg", "words 0-39", prg(seed, label, 40), x["outputs"]["words0to39"])
    check("mask/prg", "words 21-30", prg(seed, label, 10, 21), x["outputs"]["words21to30"])
    x = v["mask/apply"]
    add, sub = prg(bytes.fromhex(x["inputs"]["addSeed"]), x["inputs"]["label"], 5), prg(bytes.fromhex(x["inputs"]["subtractSeed"]), x["inputs"]["label"], 5)
    check("mask/apply", "result", [(w + p - q) % 2**32 for w, p, q in zip(x["inputs"]["vector"], add, sub)], x["outputs"]["result"])
    x = v["self-mask-commitment"]
    check("self-mask-commitment", "commitment",
          blake(fields(b"confide.secagg.v1.self-mask-commitment", bytes.fromhex(x["inputs"]["seed"]))), x["outputs"]["commitment"])
    x = v["gf256"]
    check("gf256", "product and inverse", [gf_mul(x["inputs"]["a"], x["inputs"]["b"]), gf_inv(x["inputs"]["invert"])],
          [x["outputs"]["product"], x["outputs"]["inverse"]])
    x = v["shamir/split"]
    shares = shamir_split(bytes.fromhex(x["inputs"]["secret"]), x["inputs"]["threshold"], x["inputs"]["count"],
                          bytes.fromhex(x["inputs"]["coefficients"]))
    check("shamir/split", "shares", [s.hex() for s in shares], x["outputs"]["shares"])
    x = v["shamir/combine"]
    check("shamir/combine", "secret", shamir_combine([bytes.fromhex(s) for s in x["inputs"]["shares"]]), x["outputs"]["secret"])
    x = v["xchacha20poly1305"]
    i = {k: bytes.fromhex(val) for k, val in x["inputs"].items()}
    check("xchacha20poly1305", "sealed", aead(i["key"], i["nonce"], i["associatedData"], i["plaintext"]), x["outputs"]["sealed"])
    x = v["sealed-box"]
    recipient = x25519_base(bytes.fromhex(x["inputs"]["recipientSecret"]))
    check("sealed-box", "box", seal(bytes.fromhex(x["inputs"]["plaintext"]), recipient, bytes.fromhex(x["inputs"]["ephemeralSecret"])),
          x["outputs"]["box"])


def secagg():
    v = vectors("secagg")
    c = v["round-configuration"]["inputs"]
    R = int(c["roundID"])
    config = header(0, R, 0) + bytes.fromhex(c["roundSeed"]) + struct.pack("<I", len(c["cohort"]))
    for member in c["cohort"]:
        config += bytes([len(member["id"])]) + member["id"].encode() + bytes.fromhex(member["identityKey"])
    config += struct.pack("<HHIIddBd", c["neighbourCount"], c["threshold"], c["vectorLength"], c["minimumInputs"],
                          c["clipNorm"], c["bound"], c["fractionalBits"], c["noiseMultiplier"])
    check("round-configuration", "bytes", config, v["round-configuration"]["outputs"]["bytes"])
    digest = blake(config)
    check("round-configuration", "digest", digest, v["round-configuration"]["outputs"]["digest"])
    for name in [n for n in v if n.startswith("neighbour-graph/")]:
        i = v[name]["inputs"]
        g = Graph(bytes.fromhex(i["roundSeed"]), i["deviceCount"], i["degree"])
        check(name, "ring and neighbours", [g.ring, g.neighbours], [v[name]["outputs"]["ring"], v[name]["outputs"]["neighbours"]])
    graph = Graph(bytes.fromhex(c["roundSeed"]), len(c["cohort"]), c["neighbourCount"])
    t, d, n = c["threshold"], c["vectorLength"], len(c["cohort"])
    share_context = f"confide.secagg.v1/share-encryption/round {R}"
    pair_context = f"confide.secagg.v1/pair-mask-seed/round {R}"
    self_label, pair_label = f"confide.secagg.v1/self-mask/round {R}", f"confide.secagg.v1/pair-mask/round {R}"
    check("mask-labels", "nonces", [mask_nonce(self_label).hex(), mask_nonce(pair_label).hex()],
          [v["mask-labels"]["outputs"]["selfMaskNonce"], v["mask-labels"]["outputs"]["pairMaskNonce"]])

    def signed(unsigned, sk):
        return unsigned + sign(sk, blake(fields(b"confide.secagg.v1.signature", digest, unsigned)))

    devices = []
    for u in range(n):
        i = {k: val for k, val in v[f"device/{u}"]["inputs"].items()}
        dev = {k: bytes.fromhex(i[k]) for k in ["identitySeed", "encryptionSecret", "maskSecret", "selfMaskSeed",
                                                 "selfMaskCoefficients", "maskKeyCoefficients"]}
        dev["input"] = i["input"]
        dev["nonces"] = {e["recipient"]: bytes.fromhex(e["nonce"]) for e in i["envelopeNonces"]}
        dev["pk"], dev["sk"] = sign_keypair(dev["identitySeed"])
        dev["c"], dev["s"] = x25519_base(dev["encryptionSecret"]), x25519_base(dev["maskSecret"])
        dev["bShares"] = shamir_split(dev["selfMaskSeed"], t, c["neighbourCount"], dev["selfMaskCoefficients"])
        dev["sShares"] = shamir_split(dev["maskSecret"], t, c["neighbourCount"], dev["maskKeyCoefficients"])
        out = v[f"device/{u}"]["outputs"]
        check(f"device/{u}", "id, keys, commitment, shares",
              [device_id(dev["pk"]), dev["c"].hex(), dev["s"].hex(),
               blake(fields(b"confide.secagg.v1.self-mask-commitment", dev["selfMaskSeed"])).hex(),
               [s.hex() for s in dev["bShares"]], [s.hex() for s in dev["sShares"]]],
              [out["deviceID"], out["encryptionPublicKey"], out["maskPublicKey"], out["selfMaskCommitment"],
               out["selfMaskShares"], out["maskKeyShares"]])
        dev["advert"] = signed(header(1, R, u) + dev["c"] + dev["s"], dev["sk"])
        devices.append(dev)
    me = devices[0]
    check("message/AdvertiseKeys", "bytes", me["advert"], v["message/AdvertiseKeys"]["outputs"]["bytes"])
    neighbour_keys = header(2, R, 0) + struct.pack("<H", 3) + b"".join(devices[j]["advert"] for j in graph.neighbours[0])
    check("message/NeighbourKeys", "bytes", neighbour_keys, v["message/NeighbourKeys"]["outputs"]["bytes"])

    def envelope(u, w, nonce):
        p = graph.position(w, among=u)  # share index p + 1
        key = pairwise(devices[u]["encryptionSecret"], devices[w]["c"], share_context)
        ad = b"confide.secagg.v1.shares" + digest + struct.pack("<II", u, w)
        return aead(key, nonce, ad, devices[u]["bShares"][p] + devices[u]["sShares"][p])

    for j in graph.neighbours[0]:
        check(f"envelope/0-to-{j}", "envelope", envelope(0, j, me["nonces"][j]), v[f"envelope/0-to-{j}"]["outputs"]["envelope"])

    def share_keys(u):
        dev = devices[u]
        commitment = blake(fields(b"confide.secagg.v1.self-mask-commitment", dev["selfMaskSeed"]))
        body = b"".join(struct.pack("<I", j) + envelope(u, j, dev["nonces"][j]) for j in graph.neighbours[u])
        return signed(header(3, R, u) + commitment + struct.pack("<H", len(graph.neighbours[u])) + body, dev["sk"])

    check("message/ShareKeys", "bytes", share_keys(0), v["message/ShareKeys"]["outputs"]["bytes"])

    # The whole round, for every device u (every device took part in ShareKeys, so each
    # receives the envelopes of all its neighbours).
    dropped = v["round-transcript"]["inputs"]["dropped"]
    transcript = v["round-transcript"]["outputs"]

    def delivery_of(u):
        out = header(4, R, u) + struct.pack("<H", len(graph.neighbours[u]))
        for w in graph.neighbours[u]:
            out += struct.pack("<I", w) + envelope(w, u, devices[w]["nonces"][u])
        return out

    def open_envelopes(u, envelopes):
        """Sections 4.8 and 4.9: the 68 plaintext bytes per sender whose envelope opens (shares with the right
        index and threshold), and the senders whose envelopes do not."""
        held, failed = {}, []
        for w, env in envelopes:
            key = pairwise(devices[u]["encryptionSecret"], devices[w]["c"], share_context)
            plain = aead_open(key, b"confide.secagg.v1.shares" + digest + struct.pack("<II", w, u), env)
            i = graph.position(u, among=w) + 1
            if plain is None or plain[0] != i or plain[1] != t or plain[34] != i or plain[35] != t:
                failed.append(w)
            else:
                held[w] = plain
        return held, failed

    def receipt(u, failed):
        return signed(header(8, R, u) + index_list(failed), devices[u]["sk"])

    held, failed = [], []
    for u in range(n):
        h, f = open_envelopes(u, [(w, envelope(w, u, devices[w]["nonces"][u])) for w in graph.neighbours[u]])
        held.append(h)
        failed.append(f)
    check("message/ShareDelivery", "bytes (from the senders' secrets)", delivery_of(0), v["message/ShareDelivery"]["outputs"]["bytes"])
    check("message/ShareReceipt", "bytes (every envelope opens)", receipt(0, failed[0]), v["message/ShareReceipt"]["outputs"]["bytes"])
    x = v["message/ShareReceipt-failed"]
    spoiled = x["inputs"]["spoiledEnvelope"]
    envelopes = [(w, envelope(w, 0, devices[w]["nonces"][0])) for w in graph.neighbours[0]]
    envelopes = [(w, bytes.fromhex(spoiled["envelope"]) if w == spoiled["sender"] else e) for w, e in envelopes]
    _, spoiled_failed = open_envelopes(0, envelopes)
    check("message/ShareReceipt-failed", "failed list and bytes", [spoiled_failed, receipt(0, spoiled_failed).hex()],
          [x["inputs"]["failed"], x["outputs"]["bytes"]])

    # MaskPartners (4.10): cut every pair one side could not open, then drop devices left with
    # fewer than t partners until none is.
    cut = {frozenset((u, w)) for u in range(n) for w in failed[u]}
    active = set(range(n))
    while True:
        partners = {u: [w for w in graph.neighbours[u] if w in active and frozenset((u, w)) not in cut] for u in active}
        short = {u for u in active if len(partners[u]) < t}
        if not short:
            break
        active -= short

    def partners_message(u):
        return header(9, R, u) + index_list(partners[u])

    check("message/MaskPartners", "bytes", partners_message(0), v["message/MaskPartners"]["outputs"]["bytes"])

    def masked_input(u):
        dev = devices[u]
        y = [(x + m) % 2**32 for x, m in zip(dev["input"], prg(dev["selfMaskSeed"], self_label, d))]
        for w in partners[u]:
            stream = prg(pairwise(dev["maskSecret"], devices[w]["s"], pair_context), pair_label, d)
            y = [(a + b) % 2**32 if u < w else (a - b) % 2**32 for a, b in zip(y, stream)]
        return signed(header(5, R, u) + struct.pack("<I", d) + words(y), dev["sk"])

    check("message/MaskedInput", "bytes", masked_input(0), v["message/MaskedInput"]["outputs"]["bytes"])

    # The consistency check (4.12, 4.13), then Unmask (4.14, 4.15).
    contributors = sorted(u for u in active if u != dropped)
    body = bitmap(n, contributors)

    def consistency_signature(u):
        return sign(devices[u]["sk"], blake(fields(b"confide.secagg.v1.signature", digest, header(11, R, u) + body)))

    check("message/ContributorSet", "bytes", header(10, R, 0) + body, v["message/ContributorSet"]["outputs"]["bytes"])
    x = v["signature/consistency-0"]
    check("signature/consistency-0", "signed bytes, transcript, signature",
          [(header(11, R, 0) + body).hex(), blake(fields(b"confide.secagg.v1.signature", digest, header(11, R, 0) + body)).hex(),
           consistency_signature(0).hex()],
          [x["outputs"]["signedBytes"], x["outputs"]["transcript"], x["outputs"]["signature"]])
    check("message/ConsistencySignature", "bytes", header(11, R, 0) + consistency_signature(0),
          v["message/ConsistencySignature"]["outputs"]["bytes"])

    def unmask_request(u):
        signers = [w for w in graph.neighbours[u] if w in contributors]
        return (header(6, R, u) + body + struct.pack("<H", len(signers))
                + b"".join(struct.pack("<I", w) + consistency_signature(w) for w in signers))

    check("message/UnmaskRequest", "bytes", unmask_request(0), v["message/UnmaskRequest"]["outputs"]["bytes"])

    def unmask_response(u):
        """Section 4.15: the self-mask share of each partner in the set, the mask-key share of each outside it."""
        out = header(7, R, u)
        for owners, part in [([w for w in partners[u] if w in contributors], slice(0, 34)),
                             ([w for w in partners[u] if w not in contributors], slice(34, 68))]:
            out += struct.pack("<H", len(owners)) + b"".join(struct.pack("<I", w) + held[u][w][part] for w in owners)
        return signed(out, devices[u]["sk"])

    check("message/UnmaskResponse", "bytes", unmask_response(0), v["message/UnmaskResponse"]["outputs"]["bytes"])

    everyone = list(range(n))
    check("round-transcript", "every message of the round", [
        [devices[u]["advert"].hex() for u in everyone],
        [(header(2, R, u) + struct.pack("<H", len(graph.neighbours[u])) + b"".join(devices[j]["advert"] for j in graph.neighbours[u])).hex()
         for u in everyone],
        [share_keys(u).hex() for u in everyone],
        [delivery_of(u).hex() for u in everyone],
        [receipt(u, failed[u]).hex() for u in everyone],
        [partners_message(u).hex() for u in sorted(active)],
        [masked_input(u).hex() for u in contributors],
        [(header(10, R, u) + body).hex() for u in contributors],
        [(header(11, R, u) + consistency_signature(u)).hex() for u in contributors],
        [unmask_request(u).hex() for u in contributors],
        [unmask_response(u).hex() for u in contributors],
        contributors,
    ], [transcript[k] for k in ["AdvertiseKeys", "NeighbourKeys", "ShareKeys", "ShareDelivery", "ShareReceipt", "MaskPartners", "MaskedInput",
                                "ContributorSet", "ConsistencySignature", "UnmaskRequest", "UnmaskResponse", "contributors"]])
    total = [sum(devices[u]["input"][k] for u in contributors) % 2**32 for k in range(d)]
    check("round-transcript", "sum", total, transcript["sum"])

    x = v["quantization/encode"]
    i = x["inputs"]
    update = i["update"]
    norm = math.sqrt(sum(u * u for u in update))
    if norm > i["clipNorm"]:
        update = [u * (i["clipNorm"] / norm) for u in update]
    out = []
    for value, coin in zip(update, [int(c) for c in i["coins"]]):
        value = min(i["bound"], max(-i["bound"], value))
        scaled = value * 2 ** i["fractionalBits"]
        lo = math.floor(scaled)
        out.append((lo + (1 if (coin >> 11) * 2**-53 < scaled - lo else 0)) % 2**32)
    check("quantization/encode", "words", out, x["outputs"]["words"])
    x = v["quantization/decode"]
    check("quantization/decode", "values", [struct.unpack("<i", struct.pack("<I", w))[0] / 2 ** x["inputs"]["fractionalBits"]
                                           for w in x["inputs"]["sum"]], x["outputs"]["values"])


def protocol():
    v = vectors("protocol")
    for name in [n for n in v if n.startswith("device-id/")]:
        pk, _ = sign_keypair(bytes.fromhex(v[name]["inputs"]["identitySeed"]))
        check(name, "device id", device_id(pk), v[name]["outputs"]["deviceID"])
    for name in [n for n in v if n.startswith("request/")]:
        i = v[name]["inputs"]
        pk, sk = sign_keypair(bytes.fromhex(i["identitySeed"]))
        text = "\n".join(["confide-request-v1", i["method"].upper(), i["target"], device_id(pk), str(i["timestamp"]), i["nonce"],
                          blake(bytes.fromhex(i["body"])).hex()])
        headers = {"Confide-Device": device_id(pk), "Confide-Timestamp": str(i["timestamp"]), "Confide-Nonce": i["nonce"],
                   "Confide-Signature": base64.b64encode(sign(sk, text.encode())).decode()}
        check(name, "headers", headers, v[name]["outputs"]["headers"])
    x = v["model-document/work-order"]
    i = x["inputs"]
    pk, sk = sign_keypair(bytes.fromhex(i["coordinatorIdentitySeed"]))
    sealing = base64.b64encode(x25519_base(bytes.fromhex(i["sealingSecret"]))).decode()
    header_json = json.loads(x["outputs"]["headerJSON"])
    check("model-document/work-order", "metadata.sealing_key", header_json["metadata"]["sealing_key"], sealing)
    text = json.dumps(header_json, sort_keys=True, separators=(",", ":")).replace("/", "\\/").encode()
    attachment = bytes.fromhex(i["attachment"])
    document = (b"CFM1" + struct.pack("<I", len(text)) + text + struct.pack("<I", len(i["parameters"]))
                + struct.pack("<%dd" % len(i["parameters"]), *i["parameters"]) + struct.pack("<I", len(attachment)) + attachment)
    check("model-document/work-order", "bytes", document + sign(sk, document), x["outputs"]["bytes"])
    x = v["sealed-masked-input"]
    i = x["inputs"]
    check("sealed-masked-input", "body", seal(bytes.fromhex(i["maskedInput"]), bytes.fromhex(i["sealingPublicKey"]),
                                              bytes.fromhex(i["ephemeralSecret"])), x["outputs"]["body"])


crypto()
secagg()
protocol()
print("all vectors reproduced" if failures == 0 else f"{failures} outputs differ")
sys.exit(1 if failures else 0)
