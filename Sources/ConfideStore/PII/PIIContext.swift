/// Words that, just before a number, say what it is, in English, German, French, Spanish,
/// Italian and Dutch. Detectors whose shapes are ambiguous (phone numbers, dotted quads,
/// card-length digit runs) look at up to four words before a candidate, within its sentence:
/// the nearest cue decides. An identifier cue (order, version, section, EAN…) keeps the
/// number; a cue for the detector's own kind (phone, IP, card…) confirms it.
///
/// Words are compared lowercased and without accents; a German or Dutch cue of five or more
/// letters also matches words it begins (`bestell` matches `Bestellnummer`).
/// The lists are documented in docs/privacy-model.md.
struct PIIContext: Sendable {
    /// What a cue says about the number after it.
    enum Cue: Sendable, Equatable {
        /// The number is an identifier, version, date, price… and must survive.
        case identifier
        /// The number is of this kind.
        case kind(PIIKind)
    }

    /// Identifier cues per language (ISO 639-1).
    static let identifierWords: [String: [String]] = [
        "en": ["order", "invoice", "tracking", "shipment", "parcel", "package", "ticket", "case", "ref", "reference",
               "account", "serial", "sku", "article", "item", "part", "model", "ean", "isbn", "gtin", "upc",
               "barcode", "mac", "hash", "sha", "md5", "checksum", "commit", "build", "version", "ver", "v",
               "release", "firmware", "fw", "patch", "update", "updated", "upgrade", "upgraded", "bumped", "app",
               "versions", "sn", "sdk", "kernel", "os", "ios", "android", "macos", "windows", "chrome", "firefox",
               "rev", "revision", "section", "sec", "chapter", "clause", "paragraph", "oid", "rfc", "iso", "batch",
               "lot", "date", "dated", "price", "total", "amount", "eur", "usd", "gbp", "confirmation", "booking",
               "voucher", "coupon", "code", "pin", "id", "issue", "bug", "rma", "awb", "member", "membership",
               "loyalty"],
        "de": ["bestell", "auftrag", "rechnung", "sendung", "paket", "lieferschein", "vorgang", "kundennummer",
               "kundennr", "konto", "seriennummer", "artikel", "modell", "strichcode", "prufsumme", "abschnitt",
               "kapitel", "absatz", "paragraf", "datum", "preis", "betrag", "summe", "buchung", "gutschein",
               "aktenzeichen", "az", "charge", "ticketnummer", "fall", "vorgangsnummer", "sendungsnummer",
               "belegnummer", "beleg", "ziffer", "mitglied", "mitgliedsnummer"],
        "fr": ["commande", "facture", "suivi", "colis", "envoi", "dossier", "compte", "serie", "article", "modele",
               "codebarres", "barres", "paragraphe", "somme", "empreinte", "chapitre", "alinea", "date", "prix",
               "montant", "reservation", "bon", "lot", "reference", "mise", "membre", "adherent", "fidelite"],
        "es": ["pedido", "factura", "seguimiento", "envio", "paquete", "expediente", "cuenta", "serie", "articulo",
               "modelo", "barras", "parrafo", "seccion", "capitulo", "apartado", "fecha", "precio", "importe",
               "reserva", "localizador", "lote", "referencia", "version", "actualizacion", "incidencia", "codigo",
               "socio", "afiliado"],
        "it": ["ordine", "fattura", "spedizione", "pacco", "pratica", "conto", "seriale", "articolo", "modello",
               "barre", "paragrafo", "sezione", "capitolo", "comma", "data", "prezzo", "importo", "prenotazione",
               "lotto", "riferimento", "versione", "aggiornamento", "segnalazione", "tracciamento", "codice",
               "socio", "tessera"],
        "nl": ["bestelling", "bestel", "factuur", "zending", "pakket", "klantnummer", "rekening", "serienummer",
               "artikel", "model", "streepjescode", "sectie", "hoofdstuk", "lid", "datum", "prijs",
               "bedrag", "boeking", "referentie", "versie", "kenmerk", "volgnummer", "dossier", "track", "trace",
               "order", "ordernummer", "paragraaf", "lidnummer", "lidmaatschap"],
    ]

    /// Cues that confirm a kind, per language.
    static let kindWords: [PIIKind: [String]] = [
        .phone: ["phone", "tel", "telephone", "call", "mobile", "mob", "cell", "fax", "whatsapp", "sms", "text",
                 "ring", "hotline", "telefon", "handy", "mobil", "anrufen", "ruf", "rufen", "erreichbar", "festnetz",
                 "telefonnummer", "mobilnummer", "handynummer", "telephoner", "appeler", "appelez", "portable",
                 "joindre", "telefono", "movil", "llamar", "llame", "llamame", "cellulare", "chiamare", "chiamami",
                 "chiama", "chiamata", "contattami", "contattarmi", "bellen", "oproep", "anruf", "llamada",
                 "callback", "bel", "mobiel", "telefoonnummer", "telefoon", "gsm", "tlf", "tfno", "tfn"],
        .ipv4: ["ip", "ips", "ipv4", "address", "addr", "host", "server", "gateway", "dns", "proxy", "adresse",
                "direccion", "indirizzo", "adres", "peer", "router", "subnet", "login", "blocked", "banned",
                "gesperrt", "bloque", "bloqueada", "bloccato", "geblokkeerd"],
        .card: ["card", "credit", "debit", "visa", "mastercard", "amex", "karte", "kreditkarte", "carte", "cb",
                "tarjeta", "carta", "kaart", "creditcard", "pan"],
    ]

    private static let identifiers: Set<String> = Set(identifierWords.values.joined())
    // German and Dutch build compounds (`Bestellnummer`, `factuurnummer`): their cues match word beginnings.
    private static let stems: [String] = Set((identifierWords["de"] ?? []) + (identifierWords["nl"] ?? []))
        .filter { $0.count >= 5 }.sorted()
    private static let kinds: [String: [PIIKind]] = {
        var map: [String: [PIIKind]] = [:]
        for (kind, words) in kindWords { for word in words { map[word, default: []].append(kind) } }
        return map
    }()

    /// Words that point at the next number without saying what it is (`at`, `from`, `nr`):
    /// they neither count nor end the search, but a weak kind word confirms the kind when no
    /// stronger cue comes before it.
    static let weakWords: [PIIKind: Set<String>] = [
        .phone: ["at", "on", "au", "unter", "al", "op", "me", "number", "nummer", "numero", "contact", "reach"],
        .ipv4: ["from", "von", "depuis", "desde", "da", "van", "to", "at"],
    ]
    /// Skipped without counting as one of the words searched: abbreviations of "number"
    /// (`Nr.`, `No.`, `nº`) and copulas (`my number is …`, `ma ligne est …`).
    private static let fillerWords: Set<String> = ["nr", "no", "n", "nº", "num", "nro", "nos", "is", "ist", "est", "es", "e"]

    /// The cue nearest before `index` for a detector of `kind`, if one of the `limit` words
    /// before it, within its sentence, is a cue; a cue for another kind counts as an
    /// identifier. Numbers, symbols and filler words are skipped; a full stop ends the
    /// sentence unless the word before it is a cue or a filler word (`Tel. 030…`, `Nr. 12`).
    static func cue(before index: Int, in text: [Unicode.Scalar], for kind: PIIKind, words limit: Int = 4) -> Cue? {
        var position = index - 1
        var words = 0
        var afterStop = false
        var weak = false
        while position >= 0, words < limit {
            let scalar = text[position]
            if ";!?\n".unicodeScalars.contains(scalar) { break }
            if scalar == "." { afterStop = true }
            guard Scalars.isWordCharacter(scalar) else { position -= 1; continue }
            var start = position
            while start > 0, Scalars.isWordCharacter(text[start - 1]) { start -= 1 }
            let word = folded(text[start...position])
            position = start - 1
            if word.unicodeScalars.allSatisfy(Scalars.isDigit) { continue }
            if fillerWords.contains(word) { afterStop = false; continue }
            if weakWords[kind]?.contains(word) == true { weak = true; afterStop = false; continue }
            if let cued = kinds[word] { return cued.contains(kind) ? .kind(kind) : .identifier }
            if identifiers.contains(word) || (word.count >= 5 && stems.contains { word.hasPrefix($0) }) { return .identifier }
            if afterStop { break }
            words += 1
        }
        return weak ? .kind(kind) : nil
    }

    /// Whether a word confirming `kind` is among the four words after `index`, within the
    /// sentence (`678649192 para devolver la llamada`, `0151 2345678 (Handy)`).
    static func confirms(_ kind: PIIKind, after index: Int, in text: [Unicode.Scalar]) -> Bool {
        var position = index
        var words = 0
        while position < text.count, words < 4 {
            let scalar = text[position]
            if ".;!?\n".unicodeScalars.contains(scalar) { return false }
            guard Scalars.isWordCharacter(scalar) else { position += 1; continue }
            var end = position
            while end < text.count, Scalars.isWordCharacter(text[end]) { end += 1 }
            let word = folded(text[position..<end])
            position = end
            if word.unicodeScalars.allSatisfy(Scalars.isDigit) { return false }
            if let cued = kinds[word] { return cued.contains(kind) }
            words += 1
        }
        return false
    }

    /// Lowercased ASCII with accents dropped, for comparison with the lists.
    static func folded(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var result = String.UnicodeScalarView()
        for scalar in scalars {
            if Scalars.isASCIILetter(scalar) || Scalars.isDigit(scalar) {
                result.append(Unicode.Scalar(UInt8(scalar.value) | (Scalars.isUpper(scalar) ? 0x20 : 0)))
            } else if let base = accentless[scalar] {
                result.append(base)
            } else {
                result.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        return String(result)
    }

    private static let accentless: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        let groups = ["a": "àáâãäåÀÁÂÃÄÅ", "e": "èéêëÈÉÊË", "i": "ìíîïÌÍÎÏ", "o": "òóôõöÒÓÔÕÖ",
                      "u": "ùúûüÙÚÛÜ", "n": "ñÑ", "c": "çÇ"]
        for (base, accented) in groups {
            for scalar in accented.unicodeScalars { map[scalar] = base.unicodeScalars.first }
        }
        return map
    }()
}
