#!/usr/bin/env python3
"""Builds the labeled corpus that measures Confide's free-text PII detectors.

Writes Tests/ConfideStoreTests/Resources/pii-corpus.jsonl: one JSON object per line,
{"text": ..., "pii": [{"kind": ..., "value": ...}, ...]}, where each entry names an exact
substring that a correct detector must find. Near-misses (invalid Luhn or mod-97
checksums, version numbers shaped like IP addresses, dates shaped like phone numbers,
MAC addresses, C++ scopes…) carry no labels. A few obfuscated positives ("name at host
dot com") are labeled although the detectors are not meant to find them, so recall is
measured honestly. Deterministic: the same script always writes the same corpus.

    python3 scripts/pii-corpus.py
"""
import json
import os
import random

rng = random.Random(20250601)
corpus = []


def add(text, *pii):
    for kind, value in pii:
        assert value in text, (value, text)
    corpus.append({"text": text, "pii": [{"kind": k, "value": v} for k, v in pii]})


# ---------------------------------------------------------------- generators
def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card(prefix, length):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def bad_luhn(number):
    last = int(number[-1])
    return number[:-1] + str((last + rng.randint(1, 9)) % 10)


def group(number, sizes, sep=" "):
    out, i = [], 0
    for size in sizes:
        out.append(number[i:i + size])
        i += size
    return sep.join(out)


def iban(country, bban):
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def spaced(code):
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def letters(n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


# ---------------------------------------------------------------- e-mail
first = ["ada", "john.doe", "maria_garcia", "li.wei", "o.connor", "jp+news", "sam-smith", "x", "anna.k.berg", "TOM"]
domains = ["example.com", "mail.example.org", "uni-example.ac.uk", "example.co.jp", "shop.example.travel", "EXAMPLE.NET",
           "corp-example.io", "example.de", "students.example.edu", "example.fr"]
email_templates = [
    "Contact me at {}", "my email is {} thanks", "Send the invoice to {}.", "<{}>", "(mail: {})",
    "mailto:{}", "Reply-To: {}", "{} wrote: great film!", "cc {} and the team", "Is {} still valid?",
]
for i in range(40):
    address = f"{first[i % len(first)]}{i if i % 3 == 0 else ''}@{domains[(i * 7) % len(domains)]}"
    add(email_templates[i % len(email_templates)].format(address), ("email", address))
add("Two addresses: ann@example.com, bob@example.org", ("email", "ann@example.com"), ("email", "bob@example.org"))
add("write to john dot doe at example dot com", ("email", "john dot doe at example dot com"))
add("ping me: ada [at] example [dot] org", ("email", "ada [at] example [dot] org"))
for text in ["@ada_lovelace on social media", "user@localhost is the test account", "installed lodash@4.17.21 today",
             "the handle @example.com is taken", "foo@bar is not routable", "a@b.c looks odd", "support@ is incomplete",
             "email me at [redacted]", "meet @ 10 at the cinema", "npm i react@18.2.0", "price: 3 @ 4.99 each",
             "git@github-style remotes are not addresses"]:
    add(text)

# ---------------------------------------------------------------- phones
phones = ["+44 20 7946 0958", "+1 415 555 2671", "(212) 555-0147", "212-555-0147", "212.555.0147", "+33 6 12 34 56 78",
          "06 12 34 56 78", "+49 30 12345678", "030 12345678", "0044 20 7946 0958", "+31 6 12345678", "0612345678",
          "+91 98765 43210", "+81 3-1234-5678", "020 7946 0958", "+44 (0)20 7946 0958", "1-800-555-0199", "+61 2 9876 5432",
          "+353 1 234 5678", "+34 912 345 678", "+39 06 1234 5678", "01 23 45 67 89", "+41 44 668 18 00", "0171 1234567",
          "+46 8 123 456 78", "(0)20-7946-0958", "+1-202-555-0173", "030/12345678", "+48 22 123 45 67", "0039 02 1234 5678"]
phone_templates = ["call me on {}", "Tel: {}", "my number is {} (evenings)", "{} — ask for Sam", "WhatsApp {} please",
                   "Phone {}.", "reach the desk at {}, option 2", "mobile: {}"]
for i, number in enumerate(phones):
    add(phone_templates[i % len(phone_templates)].format(number), ("phone", number))
add("Call 0800 123 4567 or +44 161 496 0000", ("phone", "0800 123 4567"), ("phone", "+44 161 496 0000"))
for text in ["released on 2024-05-03", "born 03/05/1984", "see you 12.05.2024 at 10:30", "the 1990-2020 average",
             "Order #123456789 shipped", "invoice 2023-000123", "population 1,234,567", "weights 0.5 0.25 0.125",
             "ISBN 978-3-16-148410-0", "zip 94107", "room 101, floor 3", "SN 4402 1133", "coordinates 48.8566, 2.3522",
             "2 000 000 people watched", "PIN 1234", "Top 10 films of 2023", "scores 7 8 9 10", "from 9 to 5",
             "2024/05/03 release", "runtime 142 min", "Dolby 5.1 sound", "episodes 1-12", "ratio 16:9",
             "version 10.2.3", "the year 1984", "8 Mile (2002)", "flight BA 2490 departs 06:45", "tracking 1Z999AA10123456784",
             "price 12,99 EUR", "call after 18.00 tomorrow"]:
    add(text)

# ---------------------------------------------------------------- payment cards
card_kinds = [("4", 16), ("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16),
              ("65", 16), ("3530", 16), ("36", 14), ("62", 16), ("4", 19)]
card_templates = ["card {}", "my card number is {}, expiry 09/27", "Paid with {}.", "cc: {}", "{} was charged twice",
                  "please refund to {}"]
for i in range(42):
    prefix, length = card_kinds[i % len(card_kinds)]
    number = card(prefix, length)
    style = i % 3
    if style == 0:
        shown = number
    elif length == 15:
        shown = group(number, [4, 6, 5], " " if style == 1 else "-")
    else:
        sizes = [4] * (length // 4) + ([length % 4] if length % 4 else [])
        shown = group(number, sizes, " " if style == 1 else "-")
    add(card_templates[i % len(card_templates)].format(shown), ("card", shown))
for i in range(20):
    prefix, length = card_kinds[i % len(card_kinds)]
    number = bad_luhn(card(prefix, length))
    add(f"card {group(number, [4, 4, 4, 4, 3][:((length + 3) // 4)]) if i % 2 else number} (typo)")
for text in ["order 9999 9999 9999 9995", "account 1234567890123456", "timestamp 1717243200123",
             "id 0000 0000 0000 0000", "ref 8888-8888-8888-8888", "imei 490154203237518"]:
    add(text)  # Luhn-valid or not, these have no card issuer prefix

# ---------------------------------------------------------------- IBANs
iban_specs = [("DE", lambda: digits(18)), ("FR", lambda: digits(10) + letters(1) + digits(10) + digits(2)),
              ("GB", lambda: letters(4) + digits(14)), ("NL", lambda: letters(4) + digits(10)), ("BE", lambda: digits(12)),
              ("ES", lambda: digits(20)), ("IT", lambda: letters(1) + digits(10) + digits(12)), ("CH", lambda: digits(17)),
              ("AT", lambda: digits(16)), ("PL", lambda: digits(24)), ("IE", lambda: letters(4) + digits(14)),
              ("NO", lambda: digits(11))]
iban_templates = ["IBAN {}", "please transfer to {} by Friday", "account: {}", "Refund to {}.", "{} (joint account)"]
for i in range(36):
    country, make = iban_specs[i % len(iban_specs)]
    code = iban(country, make())
    shown = spaced(code) if i % 2 == 0 else code
    add(iban_templates[i % len(iban_templates)].format(shown), ("iban", shown))
for i in range(14):
    country, make = iban_specs[i % len(iban_specs)]
    code = iban(country, make())
    wrong = code[:2] + f"{(int(code[2:4]) + 1 + i % 7) % 100:02d}" + code[4:]
    add(f"IBAN {spaced(wrong) if i % 2 else wrong} (check digits wrong)")
for text in ["product DE12ABC", "GB82 WEST 1234", "route FR14 to Paris", "NL91 ABNA", "code XX89370400440532013000"]:
    add(text)

# ---------------------------------------------------------------- IPv4
ipv4 = ["192.168.1.20", "10.0.0.1", "203.0.113.5", "8.8.8.8", "172.16.254.1", "198.51.100.23", "81.2.69.160",
        "100.64.0.10", "127.0.0.1", "255.255.255.0", "1.1.1.1", "62.210.16.6", "0.0.0.0", "192.0.2.255"]
ipv4_templates = ["login from {}", "server {}:8080 is down", "blocked ({}) yesterday", "IP: {}.", "{} sent 40 requests",
                  "ssh admin@ {} failed"]
for i, address in enumerate(ipv4 * 2):
    add(ipv4_templates[i % len(ipv4_templates)].format(address), ("ipv4", address))
add("subnet 10.0.0.0/8 and host 10.1.2.3", ("ipv4", "10.0.0.0"), ("ipv4", "10.1.2.3"))
for text in ["version 1.2.3.4", "v2.0.0.1 is out", "1.2.3.4.5 is not an address", "256.1.1.1 is out of range",
             "192.168.1 is incomplete", "01.02.03.04 uses leading zeros", "pi is 3.14159", "Firmware 10.0.0.12 installed",
             "app 4.3.2.1 crashed", "upgraded from 2.1.0.3 to 2.1.0.4", "build: 6.0.0.27", "iOS 17.4.1 update",
             "release 5.10.2.1 notes", "Chrome 124.0.6367.91"]:
    add(text)

# ---------------------------------------------------------------- IPv6
ipv6 = ["2001:db8::1", "fe80::1ff:fe23:4567:890a", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::1", "::ffff:192.0.2.128",
        "2a00:1450:4007:80e::200e", "2001:db8:abcd:12::", "fd12:3456:789a:1::1"]
ipv6_templates = ["client {} connected", "address: {}", "from [{}]:443", "{} was rate limited", "ping {}."]
for i, address in enumerate(ipv6 * 2):
    add(ipv6_templates[i % len(ipv6_templates)].format(address), ("ipv6", address))
for text in ["meet at 12:30:45", "MAC 00:1A:2B:3C:4D:5E", "use std::vector here", "Foo::Bar::baz()", "ratio 3:2:1",
             "1:2:3:4:5:6:7:8:9 has nine groups", "time 10:30", "score 21:19", "Bible John 3:16", "see note::important"]:
    add(text)

# ---------------------------------------------------------------- mixed and ordinary text
add("Hi, I'm Ada (ada@example.org, +44 20 7946 0958), IBAN GB82 WEST 1234 5698 7654 32, IP 203.0.113.9",
    ("email", "ada@example.org"), ("phone", "+44 20 7946 0958"), ("iban", "GB82 WEST 1234 5698 7654 32"), ("ipv4", "203.0.113.9"))
add("Card 4111 1111 1111 1111 and phone 06 12 34 56 78", ("card", "4111 1111 1111 1111"), ("phone", "06 12 34 56 78"))
add("Refund DE89 3704 0044 0532 0130 00 or call (212) 555-0147", ("iban", "DE89 3704 0044 0532 0130 00"),
    ("phone", "(212) 555-0147"))
add("from 2001:db8::7 and 198.51.100.7 via bob@example.net", ("ipv6", "2001:db8::7"), ("ipv4", "198.51.100.7"),
    ("email", "bob@example.net"))
for text in ["Great film, would watch again.", "The ending of Blade Runner (1982) is perfect.", "Delivery was late by 2 days.",
             "I rated 242 films last year.", "Please cancel my order.", "The soundtrack is 5/5.", "Room temperature 21.5°C.",
             "Chapter 3, verse 2.", "Loved it!!!", "Shipping to Belgium takes 3-5 days.", "My favourite genre is sci-fi.",
             "Episode IV is the best.", "The sequel was worse than the 1979 original.", "Streaming quality 1080p.",
             "Rated R for violence.", "Got 3 items for 29.97 in total.", "Running time: 2h 22m.", "Sizes S, M, L, XL.",
             "Colour: midnight blue.", "Pack of 12 batteries.", "Ordered on Monday, arrived Thursday.",
             "Could you add subtitles in Dutch?", "Café crème, s'il vous plaît.", "naïve résumé coöperate", "日本の映画が好きです"]:
    add(text)

development = corpus
corpus = []

# ---------------------------------------------------------------- held-out set
# Written after the detectors were frozen and never used to change them: formats the
# development set does not contain. Its figures are reported separately.
for address in ["first.last+filter@sub.example.museum", "UPPER.Case@Example.COM", "hyphen-ated@ex-ample.org",
                "o'reilly@example.ie", "n.nguyen@example.com.au", "x_y.z@mail-example.co.nz"]:
    add(f"please write to {address} if anything changes", ("email", address))
add("Email: Jane Doe <jane.doe@example.org>; Phone: +1 (800) 555-0100",
    ("email", "jane.doe@example.org"), ("phone", "+1 (800) 555-0100"))
for number in ["+7 495 123-45-67", "+86 10 1234 5678", "+55 11 91234-5678", "07700 900123", "+27 21 123 4567",
               "tel:+14155552671", "+33612345678", "(+44) 20 7946 0958", "555-0147", "+1.415.555.2671"]:
    value = number[4:] if number.startswith("tel:") else number
    add(f"contact number {number} after six", ("phone", value))
for number in ["4012 8888 8888 1881", "5105 1051 0510 5100", "3782 822463 10005", "6011 1111 1111 1117",
               "3566 0020 2036 0505", "4000056655665556", "5200-8282-8282-8210"]:
    add(f"the card on file is {number}", ("card", number))
for code in ["CH93 0076 2011 6238 5295 7", "IE29 AIBK 9311 5212 3456 78", "ES91 2100 0418 4502 0005 1332",
             "AT61 1904 3002 3457 3201", "SE45 5000 0000 0583 9825 7466", "de89370400440532013000"]:
    add(f"my bank account {code}, thanks", ("iban", code))
add("X-Forwarded-For: 198.51.100.1, 203.0.113.7", ("ipv4", "198.51.100.1"), ("ipv4", "203.0.113.7"))
add("peer at 203.0.113.195:443, retrying", ("ipv4", "203.0.113.195"))
add("IP=10.20.30.40; UA=Mozilla", ("ipv4", "10.20.30.40"))
add("host [fe80::abcd%eth0] answered", ("ipv6", "fe80::abcd"))
add("route via 2001:DB8::FF00:42:8329 now", ("ipv6", "2001:DB8::FF00:42:8329"))
add("full form 2001:db8:0:0:0:0:2:1 too", ("ipv6", "2001:db8:0:0:0:0:2:1"))
for text in ["SKU 1234-5678-9012", "Call of Duty 4", "3:10 to Yuma", "The 400 Blows", "a 1.5.2.3 rating scale",
             "dimensions 1920x1080", "ETA 14:35", "Apollo 13 (1995)", "phone case for iPhone 15", "IBAN will follow",
             "OS 10.15.7.1 on the laptop", "card 4012 8888 8888 1882 declined", "batch 2024-0612-3344",
             "model XPS-13-9310", "my score was 98.6%", "ticket #00123456789", "on 2025.01.02 at noon",
             "PO box 4412, 75001", "serial 5105-1051-0510-5109", "size 10.5 US"]:
    add(text)

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ConfideStoreTests", "Resources")
for name, entries in [("pii-corpus.jsonl", development), ("pii-holdout.jsonl", corpus)]:
    out = os.path.join(root, name)
    with open(out, "w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    labeled = sum(len(e["pii"]) for e in entries)
    print(f"{name}: {len(entries)} strings, {labeled} labeled values, {sum(1 for e in entries if not e['pii'])} without personal data")
