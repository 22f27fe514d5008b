#!/usr/bin/env python3
"""Writes var/pii-mixed.txt: the texts of the multilingual development corpus and of the
older English corpus, one per line, repeated to just over 1 MB — the input used to time
`confide-coordinator pii redact` (docs/privacy-model.md):

    python3 scripts/pii-mixed-input.py
    /usr/bin/time -f '%e s wall %U s user' .build/release/confide-coordinator pii redact < var/pii-mixed.txt > /dev/null
"""
import json
import os

root = os.path.join(os.path.dirname(__file__), "..")
texts = []
for name in ["pii-dev.jsonl", "pii-corpus.jsonl"]:
    with open(os.path.join(root, "Tests", "ConfideStoreTests", "Resources", name), encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f if line.strip()]
block = "\n".join(texts) + "\n"
copies = 1_000_000 // len(block.encode()) + 1
os.makedirs(os.path.join(root, "var"), exist_ok=True)
with open(os.path.join(root, "var", "pii-mixed.txt"), "w", encoding="utf-8") as f:
    f.write(block * copies)
print(len((block * copies).encode()), "bytes")
