/// The report's only style sheet, inlined: readable on screen and on paper, no external assets.
enum HTMLStyle {
    static let css = """
        :root { --ink: #1d232a; --muted: #5b6670; --line: #d5dbe0; --critical: #8f1010; --high: #c0392b;
                --medium: #b7791f; --low: #2b6cb0; --ok: #2f7d32; --bar: #4a7fb0; --bar2: #c0392b; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
               max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.2rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); font-size: .85rem; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .8rem 0; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; }
        .result { font-size: 1.1rem; font-weight: 600; padding: .6rem .8rem; border-radius: 4px; border: 2px solid; }
        .result.clean { color: var(--ok); border-color: var(--ok); }
        .result.findings { color: var(--high); border-color: var(--high); }
        .badge { display: inline-block; padding: .05rem .45rem; border-radius: 3px; color: #fff; font-size: .8rem;
                 font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
        .critical .badge, .badge.critical { background: var(--critical); }
        .high .badge, .badge.high { background: var(--high); }
        .medium .badge, .badge.medium { background: var(--medium); }
        .low .badge, .badge.low { background: var(--low); }
        .finding { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 4px;
                   padding: .6rem .9rem; margin: .7rem 0; page-break-inside: avoid; break-inside: avoid; }
        .finding.critical { border-left-color: var(--critical); }
        .finding.high { border-left-color: var(--high); }
        .finding.medium { border-left-color: var(--medium); }
        .finding.low { border-left-color: var(--low); }
        .finding h4 { margin: 0 0 .3rem; font-size: 1rem; }
        .finding code, .mono { font-family: "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
        .finding dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .4rem 0 0; }
        .finding dt { color: var(--muted); }
        .finding dd { margin: 0; overflow-wrap: anywhere; }
        .muted { color: var(--muted); }
        .passed { color: var(--ok); font-weight: 600; }
        .failed { color: var(--high); font-weight: 600; }
        svg.chart { width: 100%; height: auto; max-height: 180px; }
        svg.chart text { font-size: 10px; fill: var(--muted); }
        .meter { height: 12px; background: #eef1f4; border-radius: 6px; overflow: hidden; }
        .meter span { display: block; height: 100%; background: var(--bar); }
        .meter span.over { background: var(--bar2); }
        footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; }
        @media print {
            body { margin: 0; max-width: none; font-size: 11px; }
            h2 { page-break-after: avoid; break-after: avoid; }
            table, .finding, svg.chart { page-break-inside: avoid; break-inside: avoid; }
            .badge, .meter span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            a { color: inherit; text-decoration: none; }
        }
        """
}
