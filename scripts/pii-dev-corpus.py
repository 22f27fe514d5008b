#!/usr/bin/env python3
"""Builds the scored multilingual development corpus for Confide's free-text PII detectors.

Writes Tests/ConfideStoreTests/Resources/pii-dev.jsonl, one JSON object per line:
{"lang": "de", "text": ..., "pii": [{"kind": ..., "value": ...}], "keep": [...]}. `pii` names
exact substrings that must be redacted (kinds: email, phone, card, iban, ipv4, ipv6); `keep`
names near-misses that must survive untouched (versions, sections, OIDs, order, tracking and
invoice numbers, EAN/ISBN, MAC addresses, hashes, dates, prices, invalid checksums…).
Lines are in English, German, French, Spanish, Italian and Dutch.

Every positive is validated here: phone numbers by libphonenumber's numbering plans
(`phonenumbers.is_valid_number`), IBANs by mod 97 and their country's length, cards by Luhn
and issuer prefix, IP addresses by Python's `ipaddress`. Deterministic (fixed seed); needs
the scratch venv because of `phonenumbers`:

    python3 -m venv var/venv && var/venv/bin/pip install phonenumbers==9.0.43
    var/venv/bin/python scripts/pii-dev-corpus.py

Written for the detectors of issue 18; pii-holdout.jsonl is not read.
"""
import ipaddress
import json
import os
import random
import re

import phonenumbers

rng = random.Random(18)
lines = []
NBSP = "\u00a0"


def add(lang, text, pii=(), keep=()):
    for _, value in pii:
        assert value in text, (value, text)
    for value in keep:
        assert value in text, (value, text)
    lines.append({"lang": lang, "text": text, "pii": [{"kind": k, "value": v} for k, v in pii], "keep": list(keep)})


# ---------------------------------------------------------------- validated generators
def ph(region, nsn_template, fmt):
    """A valid number of `region` from an NSN template (X = random digit), written with
    `fmt`, where each # takes the next NSN digit and everything else is literal."""
    for _ in range(2000):
        nsn = "".join(rng.choice("0123456789") if c == "X" else c for c in nsn_template)
        number = phonenumbers.parse("+%d%s" % (phonenumbers.country_code_for_region(region), nsn))
        if phonenumbers.national_significant_number(number) == nsn and phonenumbers.is_valid_number(number):
            break
    else:
        raise AssertionError((region, nsn_template))
    assert fmt.count("#") == len(nsn), (fmt, nsn)
    digits = iter(nsn)
    text = "".join(next(digits) if c == "#" else c for c in fmt)
    core = re.sub(r"\s*(ext\.?|x|Durchwahl|poste|interno|toestel)\s*\d+$", "", text)
    parsed = phonenumbers.parse(core.replace("(0)", ""), region)
    assert phonenumbers.is_valid_number(parsed) and phonenumbers.national_significant_number(parsed) == nsn, (text, parsed)
    return text


def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card(prefix, length, sizes, sep=" ", valid=True):
    while True:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
        if luhn_ok(body) == valid:
            break
    out, i = [], 0
    for size in sizes:
        out.append(body[i:i + size])
        i += size
    assert i == length
    return sep.join(out)


IBAN_LENGTHS = {"DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "AT": 20, "CH": 21, "GB": 22, "LU": 20, "PT": 25, "IE": 22}


def iban_check(iban):
    s = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban(country, valid=True, case="upper", sep=" ", group=4):
    n = IBAN_LENGTHS[country] - 4
    letters = {"GB": 4, "IE": 4, "NL": 4}.get(country, 0)
    bban = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(letters))
    bban += "".join(rng.choice("0123456789") for _ in range(n - letters))
    check = 98 - iban_check(country + "00" + bban)
    value = "%s%02d%s" % (country, check if valid else (check + rng.randint(1, 9)) % 97 + 2, bban)
    assert (iban_check(value) == 1) == valid and len(value) == IBAN_LENGTHS[country]
    if sep:
        value = sep.join(value[i:i + group] for i in range(0, len(value), group))
    return value.lower() if case == "lower" else value


def ipv4():
    while True:
        value = "%d.%d.%d.%d" % (rng.choice([10, 172, 192, 81, 62, 91, 185, 203, 198, 84]), rng.randint(0, 255),
                                  rng.randint(0, 255), rng.randint(1, 254))
        ipaddress.IPv4Address(value)
        return value


def ipv6():
    groups = ["2001", "db8"] + ["%x" % rng.randint(0, 0xffff) for _ in range(3)]
    value = ":".join(groups[:3]) + "::" + ":".join(groups[3:])
    ipaddress.IPv6Address(value)
    return value


def ean13():
    body = "400" + "".join(rng.choice("0123456789") for _ in range(9))
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def hexs(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def mac():
    return ":".join("%02X" % rng.randint(0, 255) for _ in range(6))


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def version4():
    return "%d.%d.%d.%d" % (rng.randint(1, 20), rng.randint(0, 30), rng.randint(0, 9), rng.randint(1, 200))


# ---------------------------------------------------------------- shared shapes per language
CARD_SHAPES = [  # prefix, length, grouping, separator
    ("4", 16, (4, 4, 4, 4), " "), ("51", 16, (4, 4, 4, 4), "-"), ("4", 16, (4, 4, 4, 4), "."),
    ("37", 15, (4, 6, 5), " "), ("2221", 16, (4, 4, 4, 4), NBSP), ("6011", 16, (16,), ""),
    ("4", 16, (4, 4, 4, 4), "\u202f"), ("3528", 16, (4, 4, 4, 4), " "), ("55", 16, (4, 4, 4, 4), "."),
]


def email(user, host):
    value = "%s@%s" % (user, host)
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", value, re.I)
    return value


def language(lang, s):
    """Adds the lines of one language from its sentence templates `s`."""
    # Phones: each template has one {} for the number.
    for template, number in s["phones"]:
        add(lang, template.format(number), [("phone", number)])
    for template, user, host in s["emails"]:
        value = email(user, host)
        add(lang, template.format(value), [("email", value)])
    for template, country, case, sep in s["ibans"]:
        value = iban(country, case=case, sep=sep)
        add(lang, template.format(value), [("iban", value)])
    for template in s["cards"]:
        prefix, length, sizes, sep = rng.choice(CARD_SHAPES)
        value = card(prefix, length, sizes, sep)
        add(lang, template.format(value), [("card", value)])
    for template in s["ipv4"]:
        value = ipv4()
        add(lang, template.format(value), [("ipv4", value)])
    for template in s["ipv6"]:
        value = ipv6()
        add(lang, template.format(value), [("ipv6", value)])
    for template, make in s["mixed"]:
        text, pii = make()
        add(lang, text, pii)
    for template, make in s["near"]:
        value = make()
        add(lang, template.format(value), [], [value])
    # Checksums that fail: must survive in every language.
    for template in s["bad_card"]:
        prefix, length, sizes, sep = rng.choice(CARD_SHAPES)
        value = card(prefix, length, sizes, sep, valid=False)
        add(lang, template.format(value), [], [value])
    for template, country in s["bad_iban"]:
        value = iban(country, valid=False)
        add(lang, template.format(value), [], [value])


NEAR_COMMON = [
    ("{}", lambda: "icon@2x.png"),
]
# ---------------------------------------------------------------- English
language("en", {
    "phones": [
        ("Please call me back on {} after 5pm.", ph("GB", "7700XXXXXX", "0#### ######")),
        ("Office: {}", ph("GB", "20XXXXXXXX", "0## #### ####")),
        ("My number is {} if the line drops.", ph("GB", "7XXXXXXXXX", "+44 (0)#### ### ###")),
        ("Reach me at {}, extension included.", ph("US", "415XXXXXXX", "(###) ###-#### ext. 204")),
        ("US support line {} (toll free).", ph("US", "800XXXXXXX", "+1 (###) ###-####")),
        ("Text {} when you arrive", ph("US", "212XXXXXXX", "###.###.####")),
        ("Her mobile in Dublin: {}", ph("IE", "87XXXXXXX", "+353 ## ### ####")),
        ("Brazil office {} (São Paulo)", ph("BR", "119XXXXXXXX", "+55 ## #####-####")),
        ("WhatsApp {} any time", ph("GB", "7XXXXXXXXX", "+44" + NBSP + "####" + NBSP + "######")),
        ("The customer left {} as a callback number.", ph("DE", "151XXXXXXXX", "+49 ### #### ####")),
        ("call {} re: the leak", ph("US", "617XXXXXXX", "###-###-####")),
        ("Landline {} (evenings only)", ph("GB", "161XXXXXXX", "0### ### ####")),
    ],
    "emails": [
        ("Send it to {} please", "jane.doe", "example.co.uk"),
        ("cc: {}", "o.brien+support", "mail.example.ie"),
        ("Customer wrote from {} twice", "MARK_SMITH77", "example.com"),
        ("reply-to <{}>", "ana", "example.org"),
    ],
    "ibans": [
        ("Refund to {} please", "GB", "upper", " "),
        ("account: {}", "IE", "lower", ""),
        ("She pasted {} into the notes", "DE", "upper", "-"),
    ],
    "cards": ["Card number {} expires 09/27", "charged to {} yesterday", "Visa {} was declined twice"],
    "ipv4": ["Login from {} blocked", "see http://{}:8080/status", "client [{}] timed out"],
    "ipv6": ["Connected from {} at 09:14", "open http://[{}]:8443/ to test"],
    "mixed": [
        (None, lambda: (lambda e, p: ("Contact {} or {} for the refund".format(e, p), [("email", e), ("phone", p)]))(
            email("refunds", "example.com"), ph("GB", "20XXXXXXXX", "+44 ## #### ####"))),
    ],
    "near": [
        ("Upgraded the kernel to {} last night", version4),
        ("See section {} of the contract", version4),
        ("OID {} is the common name", lambda: "2.5.4.3"),
        ("Order {} has shipped", lambda: "302-" + digits(7) + "-" + digits(7)),
        ("Tracking number {} (UPS)", lambda: "1Z" + hexs(6).upper() + digits(10)),
        ("Invoice {} is overdue", lambda: "INV-2024-" + digits(5)),
        ("EAN {} on the box", ean13),
        ("ISBN {} second edition", lambda: "978-0-" + digits(3) + "-" + digits(5) + "-" + str(rng.randint(0, 9))),
        ("Device MAC {} registered", mac),
        ("commit {} fixed it", lambda: hexs(40)),
        ("Delivered on {} at noon", lambda: "2024-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))),
        ("Total: {} incl. VAT", lambda: "£1,234.56"),
        ("Use the {} asset for retina screens", lambda: "icon@2x.png"),
        ("Build {} is broken", lambda: "10.0.19045.%d" % rng.randint(1000, 4000)),
        ("Ticket #{} was reopened", lambda: digits(8)),
        ("Parcel to DE, shipment code {}", lambda: "00340434" + digits(12)),
        ("Firmware {} bricked it", version4),
        ("Reference {} in all replies", lambda: "2024 0613 " + digits(4)),
        ("Chrome {} crashes on start", lambda: "124.0.6367.%d" % rng.randint(10, 200)),
    ],
    "bad_card": ["card {} rejected: invalid number", "the number {} looks wrong"],
    "bad_iban": [("IBAN {} bounced", "GB")],
})

# ---------------------------------------------------------------- German
language("de", {
    "phones": [
        ("Bitte rufen Sie mich unter {} zurück.", ph("DE", "151XXXXXXXX", "0### #### ####")),
        ("Handy: {}", ph("DE", "170XXXXXXX", "0###/#######")),
        ("Tel. {} (Büro)", ph("DE", "30XXXXXXXX", "0## ########")),
        ("Erreichbar unter {} ab 14 Uhr", ph("DE", "89XXXXXXX", "0## / ### ### #")),
        ("Meine Nummer: {}", ph("DE", "160XXXXXXX", "+49 (0)### #######")),
        ("Kunde bittet um Rückruf: {}", ph("DE", "152XXXXXXXX", "(+49) ### ########")),
        ("Festnetz {} oder mobil", ph("DE", "221XXXXXXX", "0###-#######")),
        ("Aus dem Ausland: {}", ph("DE", "40XXXXXXXX", "0049 ## ########")),
        ("Sie erreichen mich unter {}.", ph("DE", "176XXXXXXXX", "+49" + NBSP + "###" + NBSP + "########")),
        ("Österreich: {}", ph("AT", "664XXXXXXX", "+43 ### #######")),
        ("Schweizer Nummer {} (Zürich)", ph("CH", "79XXXXXXX", "0## ### ## ##")),
        ("Durchwahl: {}", ph("DE", "69XXXXXXXX", "069 ######## Durchwahl 12".replace("069", "0##"))),
        ("Rückruf an {} erbeten", ph("DE", "157XXXXXXXX", "0### #### ####")),
    ],
    "emails": [
        ("Schreiben Sie an {}", "jürgen.müller", "example.de"),
        ("E-Mail: {}, danke", "k.schulz", "firma-example.de"),
        ("Bitte an {} weiterleiten", "info+kunden", "example.at"),
    ],
    "ibans": [
        ("Bitte überweisen Sie an {} bis Freitag.", "DE", "upper", " "),
        ("IBAN: {}", "DE", "lower", " "),
        ("Konto {} (Sparkasse)", "AT", "upper", ""),
        ("Erstattung auf {}", "CH", "upper", "-"),
    ],
    "cards": ["Kreditkarte {} wurde belastet", "Karte {} gesperrt?", "Die Kartennummer lautet {}."],
    "ipv4": ["Zugriff von {} gesperrt", "Server unter https://{}/admin erreichbar", "IP-Adresse {}:3389 offen"],
    "ipv6": ["Anmeldung von {} um 10:02"],
    "mixed": [
        (None, lambda: (lambda e, p: ("Kontakt: {} oder {}".format(e, p), [("email", e), ("phone", p)]))(
            email("service", "example.de"), ph("DE", "211XXXXXXX", "0### #######"))),
    ],
    "near": [
        ("Kernel auf {} aktualisiert", version4),
        ("Siehe Abschnitt {} der AGB", version4),
        ("Bestellnummer {} ist unterwegs", lambda: "0" + digits(3) + " " + digits(4) + " " + digits(4)),
        ("Sendungsnummer {}", lambda: "0034 0434 " + digits(4) + " " + digits(4) + " " + digits(4)),
        ("Rechnung Nr. {} vom März", lambda: "2024/" + digits(5)),
        ("EAN {} fehlt im Katalog", ean13),
        ("Lieferung am {} um 10 Uhr", lambda: "%02d.%02d.2024" % (rng.randint(1, 28), rng.randint(1, 12))),
        ("Preis: {} inkl. MwSt.", lambda: "1.249,00 €"),
        ("Kundennummer {} bitte angeben", lambda: "0" + digits(2) + " " + digits(7)),
        ("MAC-Adresse {} im Router", mac),
        ("Version {} behebt den Fehler", version4),
        ("Prüfsumme {} stimmt nicht", lambda: hexs(32)),
        ("Kapitel {} lesen", version4),
        ("Aktenzeichen {} bitte angeben", lambda: digits(3) + "/" + digits(2) + "/" + digits(5)),
        ("Betrag {} wurde gutgeschrieben", lambda: "12.345,67 EUR"),
        ("Paket nach NL, Sendungscode {}", lambda: "3S" + hexs(4).upper() + digits(9)),
        ("Datei {} ersetzen", lambda: "logo@3x.png"),
        ("Stand {} um 14:30", lambda: "%02d.%02d.%d" % (rng.randint(1, 28), rng.randint(1, 12), 2025)),
    ],
    "bad_card": ["Karte {} ungültig", "Nummer {} abgelehnt"],
    "bad_iban": [("IBAN {} ist falsch", "DE")],
})

# ---------------------------------------------------------------- French
language("fr", {
    "phones": [
        ("Appelez-moi au {} demain.", ph("FR", "6XXXXXXXX", "0# ## ## ## ##")),
        ("Tél. : {}", ph("FR", "1XXXXXXXX", "0#.##.##.##.##")),
        ("Mon portable : {}", ph("FR", "7XXXXXXXX", "+33 # ## ## ## ##")),
        ("Joignable au {} le matin", ph("FR", "6XXXXXXXX", "+33 (0)# ## ## ## ##")),
        ("Numéro : {}", ph("FR", "4XXXXXXXX", "0033 # ## ## ## ##")),
        ("En Belgique : {}", ph("BE", "47XXXXXXX", "+32 ### ## ## ##")),
        ("GSM belge {}", ph("BE", "47XXXXXXX", "0###/##.##.##")),
        ("Bureau à Genève {}", ph("CH", "22XXXXXXX", "+41 ## ### ## ##")),
        ("Le client laisse le {} pour le rappeler", ph("FR", "6XXXXXXXX", "0#" + NBSP + "##" + NBSP + "##" + NBSP + "##" + NBSP + "##")),
        ("Standard : {} poste 214", ph("FR", "3XXXXXXXX", "0# ## ## ## ##")),
        ("rappeler le {} svp", ph("FR", "6XXXXXXXX", "0#########")),
    ],
    "emails": [
        ("Écrivez à {} pour le remboursement", "zoë.martin", "example.fr"),
        ("courriel : {}", "service-client", "exemple.be"),
        ("Répondre à {}", "J.Dupont", "example.fr"),
    ],
    "ibans": [
        ("Virement sur {} svp", "FR", "upper", " "),
        ("RIB : {}", "FR", "lower", ""),
        ("Compte belge {}", "BE", "upper", " "),
        ("IBAN {} (LCL)", "FR", "upper", NBSP),
    ],
    "cards": ["Carte bancaire {} débitée deux fois", "CB {} refusée", "numéro de carte : {}"],
    "ipv4": ["Connexion depuis {} refusée", "adresse IP {} bannie", "voir http://{}/login"],
    "ipv6": ["Connexion depuis {} à 8h"],
    "mixed": [
        (None, lambda: (lambda e, p: ("Contact : {} ou {}".format(e, p), [("email", e), ("phone", p)]))(
            email("contact", "example.fr"), ph("FR", "9XXXXXXXX", "0# ## ## ## ##"))),
    ],
    "near": [
        ("Mise à jour vers la version {}", version4),
        ("Voir l'article {} du contrat", version4),
        ("Chapitre {} du manuel", version4),
        ("Commande n° {} expédiée", lambda: "0" + digits(1) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2)),
        ("Facture {} à régler", lambda: "FA-" + digits(4) + "-" + digits(4)),
        ("Numéro de suivi {}", lambda: "6A" + digits(11)),
        ("Code-barres {} illisible", ean13),
        ("Livré le {} à 9 h", lambda: "%02d/%02d/2024" % (rng.randint(1, 28), rng.randint(1, 12))),
        ("Prix : {} TTC", lambda: "1 299,00 €"),
        ("Adresse MAC {}", mac),
        ("Empreinte SHA-1 {}", lambda: hexs(40)),
        ("Dossier {} en cours", lambda: digits(2) + " " + digits(3) + " " + digits(3)),
        ("Montant {} remboursé", lambda: "2 450,50 EUR"),
        ("Le fichier {} est flou", lambda: "banniere@2x.jpg"),
        ("Réservation {} confirmée", lambda: "0" + digits(9)),
        ("Colis pour la Belgique, envoi {}", lambda: "CB" + digits(9) + "FR"),
    ],
    "bad_card": ["carte {} invalide", "le numéro {} est faux"],
    "bad_iban": [("IBAN {} rejeté", "FR")],
})

# ---------------------------------------------------------------- Spanish
language("es", {
    "phones": [
        ("Llámame al {} por la tarde.", ph("ES", "6XXXXXXXX", "### ## ## ##")),
        ("Teléfono: {}", ph("ES", "91XXXXXXX", "## ### ## ##")),
        ("Mi móvil es {}", ph("ES", "6XXXXXXXX", "+34 ### ### ###")),
        ("Desde el extranjero: {}", ph("ES", "93XXXXXXX", "0034 ## ### ## ##")),
        ("Contacto {} (oficina)", ph("ES", "6XXXXXXXX", "###.##.##.##")),
        ("WhatsApp: {}", ph("ES", "7XXXXXXXX", "+34" + NBSP + "###" + NBSP + "###" + NBSP + "###")),
        ("Número de Brasil {}", ph("BR", "21XXXXXXXX", "(##) ####-####")),
        ("El cliente dejó el {} para devolver la llamada", ph("ES", "6XXXXXXXX", "#########")),
        ("Oficina en Buenos Aires {}", ph("AR", "11XXXXXXXX", "+54 ## ####-####")),
        ("Móvil de México {}", ph("MX", "55XXXXXXXX", "+52 ## #### ####")),
        ("llame al {} ext. 31", ph("ES", "96XXXXXXX", "+34 ## ### ## ##")),
    ],
    "emails": [
        ("Escríbeme a {}", "josé.garcía", "example.es"),
        ("correo: {}", "atencion.cliente", "example.com.mx"),
        ("Enviado desde {}", "MLopez", "example.es"),
    ],
    "ibans": [
        ("Transferencia a {} por favor", "ES", "upper", " "),
        ("cuenta {}", "ES", "lower", " "),
        ("IBAN: {}", "ES", "upper", "-"),
    ],
    "cards": ["Tarjeta {} cobrada dos veces", "número de tarjeta {}", "pagué con la {}"],
    "ipv4": ["Acceso desde {} bloqueado", "dirección IP {}", "ver http://{}:8000/"],
    "ipv6": ["Conexión desde {} rechazada"],
    "mixed": [
        (None, lambda: (lambda e, p: ("Contacto: {} / {}".format(e, p), [("email", e), ("phone", p)]))(
            email("soporte", "example.es"), ph("ES", "6XXXXXXXX", "+34 ### ## ## ##"))),
    ],
    "near": [
        ("Actualizado a la versión {}", version4),
        ("Véase la sección {} del contrato", version4),
        ("Pedido {} enviado", lambda: digits(3) + " " + digits(2) + " " + digits(2) + " " + digits(2)),
        ("Factura {} pendiente", lambda: "F" + digits(4) + "/" + digits(6)),
        ("Número de seguimiento {}", lambda: "PQ" + digits(2) + "4B" + digits(14)),
        ("Código de barras {}", ean13),
        ("Entregado el {} a las 10", lambda: "%02d/%02d/2024" % (rng.randint(1, 28), rng.randint(1, 12))),
        ("Precio: {} IVA incluido", lambda: "1.299,00 €"),
        ("Dirección MAC {}", mac),
        ("Hash {} del archivo", lambda: hexs(64)),
        ("Capítulo {} del manual", version4),
        ("Expediente {} abierto", lambda: digits(4) + "/" + digits(4)),
        ("Importe {} devuelto", lambda: "3.120,40 EUR"),
        ("Imagen {} pixelada", lambda: "boton@2x.png"),
        ("Localizador {} de la reserva", lambda: digits(3) + " " + digits(3) + " " + digits(3)),
        ("Lote {} retirado", lambda: digits(4) + "." + digits(2) + "." + digits(2) + "." + digits(2)),
    ],
    "bad_card": ["tarjeta {} inválida", "el número {} no es correcto"],
    "bad_iban": [("IBAN {} rechazado", "ES")],
})

# ---------------------------------------------------------------- Italian
language("it", {
    "phones": [
        ("Chiamami al {} dopo le 18.", ph("IT", "34XXXXXXXX", "### ### ####")),
        ("Cellulare: {}", ph("IT", "33XXXXXXXX", "+39 ### ### ####")),
        ("Telefono ufficio {}", ph("IT", "06XXXXXXXX", "## #### ####")),
        ("Numero fisso {}", ph("IT", "02XXXXXXXX", "+39 ## #### ####")),
        ("Mi trovi al {}", ph("IT", "32XXXXXXXX", "###.###.####")),
        ("Dall'estero: {}", ph("IT", "34XXXXXXXX", "0039 ### #######")),
        ("Il cliente ha lasciato il {}", ph("IT", "33XXXXXXXX", "###" + NBSP + "###" + NBSP + "####")),
        ("Sede di Torino {}", ph("IT", "011XXXXXXX", "### ### ####")),
        ("chiama il {} interno 22", ph("IT", "055XXXXXXX", "###/#######")),
        ("Svizzera italiana: {}", ph("CH", "91XXXXXXX", "+41 ## ### ## ##")),
        ("contattami su {}", ph("IT", "38XXXXXXXX", "##########")),
    ],
    "emails": [
        ("Scrivete a {}", "giulia.rossi", "example.it"),
        ("email: {}", "assistenza", "negozio-example.it"),
        ("inviato da {}", "N.Bianchi", "example.it"),
    ],
    "ibans": [
        ("Bonifico su {} entro venerdì", "IT", "upper", " "),
        ("iban {}", "IT", "lower", ""),
        ("Conto: {}", "IT", "upper", NBSP),
    ],
    "cards": ["Carta di credito {} addebitata", "numero carta {}", "la carta {} è scaduta"],
    "ipv4": ["Accesso da {} bloccato", "indirizzo IP {}", "apri http://{}/pannello"],
    "ipv6": ["Connessione da {} rifiutata"],
    "mixed": [
        (None, lambda: (lambda e, p: ("Contatti: {} oppure {}".format(e, p), [("email", e), ("phone", p)]))(
            email("info", "example.it"), ph("IT", "34XXXXXXXX", "+39 ### ### ####"))),
    ],
    "near": [
        ("Aggiornato alla versione {}", version4),
        ("Vedi sezione {} del contratto", version4),
        ("Ordine n. {} spedito", lambda: digits(3) + " " + digits(3) + " " + digits(4)),
        ("Fattura {} da pagare", lambda: digits(4) + "/" + digits(5)),
        ("Codice di tracciamento {}", lambda: "RR" + digits(9) + "IT"),
        ("Codice a barre {}", ean13),
        ("Consegnato il {} alle 10", lambda: "%02d/%02d/2024" % (rng.randint(1, 28), rng.randint(1, 12))),
        ("Prezzo: {} IVA inclusa", lambda: "1.299,00 €"),
        ("Indirizzo MAC {}", mac),
        ("Impronta {} del file", lambda: hexs(40)),
        ("Capitolo {} del manuale", version4),
        ("Pratica {} aperta", lambda: digits(3) + " " + digits(7)),
        ("Importo {} rimborsato", lambda: "2.740,10 EUR"),
        ("Immagine {} sgranata", lambda: "logo@2x.png"),
        ("Prenotazione {} confermata", lambda: digits(10)),
        ("Lotto {} ritirato", lambda: digits(2) + "." + digits(2) + "." + digits(3)),
    ],
    "bad_card": ["carta {} non valida", "il numero {} è sbagliato"],
    "bad_iban": [("IBAN {} respinto", "IT")],
})

# ---------------------------------------------------------------- Dutch
language("nl", {
    "phones": [
        ("Bel me op {} na vijf uur.", ph("NL", "6XXXXXXXX", "0#-########")),
        ("Mobiel: {}", ph("NL", "6XXXXXXXX", "0# #### ####")),
        ("Telefoon {} (kantoor)", ph("NL", "20XXXXXXX", "0##-### ####")),
        ("Mijn nummer is {}", ph("NL", "6XXXXXXXX", "+31 # #### ####")),
        ("Vanuit het buitenland: {}", ph("NL", "10XXXXXXX", "+31 (0)## ### ## ##")),
        ("Bereikbaar op {}", ph("NL", "30XXXXXXX", "0031 ## ### ####")),
        ("Klant laat {} achter voor terugbellen", ph("NL", "6XXXXXXXX", "0#" + NBSP + "########")),
        ("Belgisch nummer {}", ph("BE", "49XXXXXXX", "0### ## ## ##")),
        ("Kantoor Antwerpen {}", ph("BE", "3XXXXXXX", "+32 # ### ## ##")),
        ("GSM {} toestel 12", ph("NL", "6XXXXXXXX", "06-## ## ## ##".replace("06", "0#"))),
        ("bel {} voor een afspraak", ph("NL", "6XXXXXXXX", "0##########"[:10].replace("0#########", "0#########"))),
    ],
    "emails": [
        ("Mail naar {}", "j.de.vries", "example.nl"),
        ("e-mail: {}", "klantenservice", "winkel-example.nl"),
        ("verstuurd vanaf {}", "Pieter_Jansen", "example.be"),
    ],
    "ibans": [
        ("Overmaken naar {} graag", "NL", "upper", " "),
        ("rekening {}", "NL", "lower", " "),
        ("IBAN: {}", "BE", "upper", "-"),
        ("Terugstorting op {}", "NL", "upper", "."),
    ],
    "cards": ["Creditcard {} is belast", "kaartnummer {}", "betaald met {}"],
    "ipv4": ["Inlog vanaf {} geblokkeerd", "IP-adres {}", "zie http://{}:9000/"],
    "ipv6": ["Verbinding vanaf {} geweigerd"],
    "mixed": [
        (None, lambda: (lambda e, p: ("Contact: {} of {}".format(e, p), [("email", e), ("phone", p)]))(
            email("info", "example.nl"), ph("NL", "20XXXXXXX", "020-### ####".replace("020", "0##")))),
    ],
    "near": [
        ("Bijgewerkt naar versie {}", version4),
        ("Zie hoofdstuk {} van de handleiding", version4),
        ("Bestelling {} is verzonden", lambda: "0" + digits(1) + "-" + digits(8)),
        ("Factuur {} staat open", lambda: digits(4) + "-" + digits(5)),
        ("Track & trace {}", lambda: "3S" + hexs(4).upper() + digits(9)),
        ("Streepjescode {}", ean13),
        ("Geleverd op {} om 10 uur", lambda: "%02d-%02d-2024" % (rng.randint(1, 28), rng.randint(1, 12))),
        ("Prijs: {} incl. btw", lambda: "€ 1.299,00"),
        ("MAC-adres {}", mac),
        ("Hash {} klopt niet", lambda: hexs(64)),
        ("Artikel {} van de voorwaarden", version4),
        ("Dossiernummer {}", lambda: digits(2) + " " + digits(4) + " " + digits(4)),
        ("Bedrag {} teruggestort", lambda: "2.150,75 EUR"),
        ("Afbeelding {} is wazig", lambda: "knop@2x.png"),
        ("Boekingsnummer {}", lambda: "0" + digits(9)),
        ("Kenmerk {} vermelden", lambda: digits(4) + " " + digits(4) + " " + digits(4) + " " + digits(4)),
    ],
    "bad_card": ["kaart {} ongeldig", "het nummer {} klopt niet"],
    "bad_iban": [("IBAN {} geweigerd", "NL")],
})

# ---------------------------------------------------------------- more formats and near-misses
EXTRA = {
    "en": {
        "pii": [
            ("ipv6", "Zone-scoped address {}%eth0 on the LAN", lambda: "fe80::" + hexs(3) + ":" + hexs(4)),
            ("ipv6", "Mapped address {} in the log", lambda: "::ffff:" + ipv4()),
            ("email", "Questions? {}.", lambda: email("help.desk", "example.com")),
            ("phone", "{} is my new number", lambda: ph("GB", "7XXXXXXXXX", "07### ### ###".replace("07###", "0####"))),
        ],
        "near": [
            ("Meeting at {} sharp", lambda: "14:30:00"),
            ("Adapter {} (dash form)", lambda: "-".join("%02X" % rng.randint(0, 255) for _ in range(6))),
            ("Use {} instead", lambda: "std::vector"),
            ("Request id {}", lambda: "%s-%s-%s-%s-%s" % (hexs(8), hexs(4), hexs(4), hexs(4), hexs(12))),
            ("Mix the paint {}", lambda: "1:2:3"),
            ("Clone {} first", lambda: "git@gitlab.example.com:team/app.git"),
            ("HBA port WWN {} is down", lambda: "50:06:01:60:" + ":".join(hexs(2) for _ in range(4))),
        ],
    },
    "de": {
        "pii": [
            ("ipv6", "Verbindung über [{}]:443 abgelehnt", ipv6),
            ("email", "Bitte an {} schreiben.", lambda: email("info", "bäckerei-müller.de")),
            ("phone", "{} (Handy, ab 18 Uhr)", lambda: ph("DE", "171XXXXXXX", "0### #######")),
            ("card", "Mastercard {} belastet", lambda: card("53", 16, (4, 4, 4, 4), " ")),
        ],
        "near": [
            ("Gemäß § {} StVO", version4),
            ("Termin um {} Uhr", lambda: "14.30"),
            ("PLZ {} München", lambda: "80331"),
            ("Auftragsnummer {} prüfen", lambda: "0" + digits(3) + "-" + digits(7)),
            ("{} Stück auf Lager", lambda: "1.234.567"),
            ("Repository {} klonen", lambda: "git@git.example.de:intern/shop.git"),
            ("WWN des Speichers: {}", lambda: "20:00:00:25:" + ":".join(hexs(2) for _ in range(4))),
        ],
    },
    "fr": {
        "pii": [
            ("ipv6", "Adresse IPv6 {} bloquée", ipv6),
            ("email", "Contact : <{}>", lambda: email("francois.leclerc", "exemple.fr")),
            ("phone", "{}, c'est mon fixe", lambda: ph("FR", "2XXXXXXXX", "0# ## ## ## ##")),
            ("iban", "IBAN {} (Banque Postale)", lambda: iban("FR", sep=" ")),
        ],
        "near": [
            ("Rendez-vous à {}", lambda: "14h30"),
            ("Code postal {} Paris", lambda: "75011"),
            ("{} unités vendues", lambda: "1 234 567"),
            ("Numéro de commande {}", lambda: "0" + digits(9)),
            ("OID {} dans le certificat", lambda: "1.3.6.1.4.1.311.21.20"),
            ("Dépôt {} à cloner", lambda: "git@forge.example.fr:equipe/site.git"),
        ],
    },
    "es": {
        "pii": [
            ("ipv6", "Acceso desde [{}] denegado", ipv6),
            ("email", "Mi correo es {}.", lambda: email("maria.fernandez", "correo-example.es")),
            ("phone", "{} (móvil)", lambda: ph("ES", "6XXXXXXXX", "### ### ###")),
            ("iban", "Cuenta {} del banco", lambda: iban("ES", sep=" ")),
        ],
        "near": [
            ("Cita a las {}", lambda: "10:45"),
            ("Código postal {} Madrid", lambda: "28013"),
            ("{} unidades vendidas", lambda: "1.234.567"),
            ("Número de pedido {}", lambda: digits(3) + " " + digits(3) + " " + digits(3)),
            ("Artículo {} del reglamento", version4),
            ("Identificador EUI-64 {} del equipo", lambda: ":".join(hexs(2) for _ in range(3)) + ":ff:fe:" + ":".join(hexs(2) for _ in range(3))),
        ],
    },
    "it": {
        "pii": [
            ("ipv6", "Indirizzo IPv6 {} bloccato", ipv6),
            ("email", "Scrivimi: {}", lambda: email("luca.ferrari", "posta-example.it")),
            ("phone", "{} (fisso, ore ufficio)", lambda: ph("IT", "06XXXXXXXX", "## ########")),
            ("card", "Pagato con {} ieri", lambda: card("4", 16, (4, 4, 4, 4), "-")),
        ],
        "near": [
            ("Appuntamento alle {}", lambda: "15:30"),
            ("CAP {} Roma", lambda: "00184"),
            ("{} pezzi venduti", lambda: "1.234.567"),
            ("Numero d'ordine {}", lambda: digits(3) + " " + digits(3) + " " + digits(4)),
            ("Comma {} del decreto", version4),
            ("Clonare {} prima", lambda: "git@git.example.it:team/app.git"),
        ],
    },
    "nl": {
        "pii": [
            ("ipv6", "Verbinding via {} mislukt", ipv6),
            ("email", "Mailen naar {} kan ook.", lambda: email("sanne.bakker", "voorbeeld-example.nl")),
            ("phone", "{} (overdag)", lambda: ph("NL", "6XXXXXXXX", "0#-## ## ## ##")),
            ("iban", "Rekeningnummer {}", lambda: iban("NL", sep=" ")),
        ],
        "near": [
            ("Afspraak om {}", lambda: "09:15"),
            ("Postcode {} Amsterdam", lambda: "1012 AB"),
            ("{} stuks verkocht", lambda: "1.234.567"),
            ("Ordernummer {}", lambda: "0" + digits(1) + "-" + digits(8)),
            ("Zie paragraaf {}", version4),
            ("WWN van de schijf {}", lambda: "50:00:09:72:" + ":".join(hexs(2) for _ in range(4))),
        ],
    },
}
for lang, parts in EXTRA.items():
    for kind, template, make in parts["pii"]:
        value = make()
        add(lang, template.format(value), [(kind, value)])
    for template, make in parts["near"]:
        value = make()
        add(lang, template.format(value), [], [value])

# ---------------------------------------------------------------- round 2: written after the detectors
# These lines were added after the detectors passed the lines above, and scored once before
# any further change (docs/privacy-model.md reports that first score).
def fresh():
    p = ph("GB", "7XXXXXXXXX", "07### ######".replace("07###", "0####"))
    add("en", "Hi, it's Tom again - my new mobile is {}. Order 4471-2290 still missing!".format(p), [("phone", p)], ["4471-2290"])
    e, i = email("t.okafor", "example.co.uk"), iban("GB", sep=" ")
    add("en", "Please refund {} and confirm to {}".format(i, e), [("iban", i), ("email", e)])
    add("en", "App crashed after updating to 3.14.0.2 on my Pixel (Android 14)", [], ["3.14.0.2"])
    add("en", "Section 2.4.1.3 says the refund takes 14 days; I paid £129.99 on 03/11/2024", [], ["2.4.1.3", "£129.99", "03/11/2024"])
    c = card("4", 16, (4, 4, 4, 4), " ")
    add("en", "I typed {} by mistake, please delete it from the ticket".format(c), [("card", c)])
    a = ipv4()
    add("en", "Your site blocks me ({}), error code 403.".format(a), [("ipv4", a)], ["403"])
    add("en", "Replacement part no. 0172-4455-901 arrived broken", [], ["0172-4455-901"])
    p = ph("US", "312XXXXXXX", "+1 ###-###-####")
    add("en", "US cell: {}; landline none".format(p), [("phone", p)])

    p = ph("DE", "172XXXXXXX", "0### / #######")
    add("de", "Hallo, ich bin unter {} erreichbar, Bestellung 4711-0815 fehlt noch.".format(p), [("phone", p)], ["4711-0815"])
    i = iban("DE", case="lower", sep=" ")
    add("de", "Bitte das Geld auf {} zurückbuchen, danke!".format(i), [("iban", i)])
    add("de", "Nach dem Update auf 5.2.0.11 stürzt die App ab", [], ["5.2.0.11"])
    add("de", "Laut Ziffer 3.1.2.4 der AGB habe ich 14 Tage, Betrag 89,90 € am 02.11.2024 bezahlt", [], ["3.1.2.4", "89,90 €", "02.11.2024"])
    e = email("sabine.koch", "example-mail.de")
    add("de", "Antwort bitte an {}!".format(e), [("email", e)])
    p = ph("DE", "30XXXXXXXX", "+49 30 ########".replace("30 ", "## "))
    add("de", "Rückruf bitte unter {} (Büro) oder per Mail".format(p), [("phone", p)])
    add("de", "Meine Kundennummer ist 0049 1234 5678, bitte prüfen", [], ["0049 1234 5678"])
    add("de", "Router-IP 192.168.178.1 ist die Fritzbox-Standardadresse, Firmware 7.57", [("ipv4", "192.168.178.1")], ["7.57"])

    p = ph("FR", "6XXXXXXXX", "0#.##.##.##.##")
    add("fr", "Bonjour, vous pouvez me joindre au {} ; commande 2024-118-77 toujours pas reçue.".format(p), [("phone", p)], ["2024-118-77"])
    i = iban("FR", sep=" ")
    add("fr", "Merci de rembourser sur {} (compte joint)".format(i), [("iban", i)])
    add("fr", "Depuis la mise à jour 12.4.0.3 l'appli plante", [], ["12.4.0.3"])
    add("fr", "Selon l'article 4.2.1.1 des CGV, 59,90 € remboursés le 05/10/2024", [], ["4.2.1.1", "59,90 €", "05/10/2024"])
    c = card("51", 16, (4, 4, 4, 4), " ")
    add("fr", "J'ai collé ma carte {} dans le chat, supprimez-la svp".format(c), [("card", c)])
    add("fr", "Référence client 06 45 12 98 33 sur la facture", [], ["06 45 12 98 33"])
    p = ph("BE", "47XXXXXXX", "+32 (0)### ## ## ##")
    add("fr", "Mon GSM belge : {}".format(p), [("phone", p)])
    add("fr", "Le serveur 10.0.12.7 ne répond plus", [("ipv4", "10.0.12.7")])

    p = ph("ES", "6XXXXXXXX", "### ######")
    add("es", "Hola, mi número es {}, el pedido 8812-3345 no ha llegado.".format(p), [("phone", p)], ["8812-3345"])
    i = iban("ES", sep="")
    add("es", "Devolución a la cuenta {} por favor".format(i), [("iban", i)])
    add("es", "Desde la versión 2.9.0.4 la app se cierra sola", [], ["2.9.0.4"])
    add("es", "Según el apartado 5.3.2.1 tengo derecho; pagué 45,50 € el 12/09/2024", [], ["5.3.2.1", "45,50 €", "12/09/2024"])
    e = email("carmen.ruiz", "example.es")
    add("es", "Respóndeme a {} cuanto antes".format(e), [("email", e)])
    add("es", "Número de socio 612 345 678 en la tarjeta de fidelidad", [], ["612 345 678"])
    p = ph("MX", "33XXXXXXXX", "+52 (##) #### ####")
    add("es", "Mi celular en México {}".format(p), [("phone", p)])
    c = card("37", 15, (4, 6, 5), " ")
    add("es", "Pagué con American Express {}".format(c), [("card", c)])

    p = ph("IT", "34XXXXXXXX", "### ## ## ###")
    add("it", "Salve, sono raggiungibile al {}, l'ordine 5521-0093 non è arrivato.".format(p), [("phone", p)], ["5521-0093"])
    i = iban("IT", case="lower", sep=" ")
    add("it", "Rimborso su {} grazie".format(i), [("iban", i)])
    add("it", "Dopo l'aggiornamento 8.1.0.6 l'app si blocca", [], ["8.1.0.6"])
    add("it", "Secondo l'articolo 6.1.3.2 ho diritto al rimborso di 39,90 € pagati il 07/08/2024", [], ["6.1.3.2", "39,90 €", "07/08/2024"])
    e = email("marco.conti", "example.it")
    add("it", "Rispondete a {} per favore".format(e), [("email", e)])
    add("it", "Codice cliente 347 12 34 567 sulla tessera", [], ["347 12 34 567"])
    p = ph("IT", "02XXXXXXXX", "+39 ## ## ## ## ##")
    add("it", "Ufficio di Milano: {}".format(p), [("phone", p)])
    a = ipv4()
    add("it", "Tentativi di accesso da {} e {}".format(a, "203.0.113.9"), [("ipv4", a), ("ipv4", "203.0.113.9")])

    p = ph("NL", "6XXXXXXXX", "06 - ## ## ## ##".replace("06", "0#"))
    add("nl", "Hoi, bel me op {}, bestelling 7734-1120 is nog niet binnen.".format(p), [("phone", p)], ["7734-1120"])
    i = iban("NL", sep="")
    add("nl", "Graag terugstorten op {} t.n.v. J. Smit".format(i), [("iban", i)])
    add("nl", "Sinds update 4.6.0.2 crasht de app", [], ["4.6.0.2"])
    add("nl", "Volgens artikel 7.2.1.5 van de voorwaarden; ik betaalde € 24,95 op 14-10-2024", [], ["7.2.1.5", "€ 24,95", "14-10-2024"])
    e = email("lotte.visser", "example.nl")
    add("nl", "Antwoord graag naar {}.".format(e), [("email", e)])
    add("nl", "Lidnummer 06 1234 5678 staat op mijn pas", [], ["06 1234 5678"])
    p = ph("NL", "10XXXXXXX", "010 - ### ## ##".replace("010", "0##"))
    add("nl", "Kantoor Rotterdam: {}".format(p), [("phone", p)])
    c = card("4", 16, (4, 4, 4, 4), "-")
    add("nl", "Mijn creditcard {} staat in het vorige bericht, graag wissen".format(c), [("card", c)])


fresh()

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "ConfideStoreTests", "Resources", "pii-dev.jsonl")
with open(out, "w", encoding="utf-8") as f:
    for line in lines:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
near = sum(1 for line in lines if not line["pii"])
print("lines:", len(lines), "near-miss lines:", near, "share: %.2f" % (near / len(lines)))
for lang in ["en", "de", "fr", "es", "it", "nl"]:
    print(lang, sum(1 for line in lines if line["lang"] == lang))
