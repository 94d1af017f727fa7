"""Plain-text summaries of a loaded bank, for the command line."""

from __future__ import annotations

from ccaf.bank.model import KINDS, Bank


def counts_table(bank: Bank) -> str:
    """A table of item counts per pack and kind, with a total row."""
    header = ["pack", "scope", "domain", *KINDS, "total"]
    rows: list[list[str]] = []
    totals = dict.fromkeys(KINDS, 0)
    for pack_id, counts in sorted(bank.counts().items()):
        pack = bank.packs[pack_id]
        for kind in KINDS:
            totals[kind] += counts[kind]
        rows.append(
            [
                pack_id,
                pack.scope,
                str(pack.domain),
                *(str(counts[kind]) for kind in KINDS),
                str(counts.total()),
            ]
        )
    rows.append(["total", "", "", *(str(totals[k]) for k in KINDS), str(sum(totals.values()))])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        text = [
            cell.ljust(w) if i < 3 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(text).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows[:-1]), rule, line(rows[-1])])
