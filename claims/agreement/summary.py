"""The agreement report as plain text for a terminal: headline, per-label and pair
tables, and agreement on sources."""

from __future__ import annotations

from claims.agreement.report import Report

_HEADLINE = (
    ("Fleiss' kappa", "fleiss_kappa"),
    ("Gwet's AC1", "gwet_ac1"),
    ("Percent agreement", "percent_agreement"),
)


def format_summary(*, report: Report) -> str:
    """A readable summary of `report`: undefined values show as "-", with the reasons
    listed at the end."""
    units = report["units"]
    interval = report["krippendorff_alpha_ci95"]
    bounds = f"[{_number(interval[0])}, {_number(interval[1])}]" if interval else "-"
    bootstrap = report["bootstrap"]
    lines = [
        f"Agreement in {report['project']}: {len(report['annotators'])} annotators, "
        f"{len(report['labels'])} labels; {units['labelled']} sentences labelled, "
        f"{units['pairable']} by two or more annotators",
        "",
        _headline("Krippendorff's alpha", report["krippendorff_alpha"]) + f"   95% CI {bounds}",
        f"  (bootstrap: {bootstrap['resamples']} resamples of {bootstrap['unit']}s, "
        f"seed {bootstrap['seed']})",
        *(_headline(title, report[key]) for title, key in _HEADLINE),
        "",
        "Per label, against all others:",
        _row("label", "prevalence", "alpha", "kappa"),
        *(_label_row(key, row) for key, row in report["per_label"].items()),
        "",
        "Pairs:",
        _row("pair", "sentences", "agreement", "cohen", "scott"),
        *(_pair_row(pair) for pair in report["pairs"]),
        "",
        "Annotators, against the others:",
        _row("annotator", "sentences", "agreement"),
        *(
            _row(name, str(row["units"]), _number(row["agreement_with_others"]))
            for name, row in report["per_annotator"].items()
        ),
        "",
        *_sources(report["sources"]),
    ]
    if report["undefined"]:
        lines += ["", "Undefined:"]
        lines += [f"  {name}: {reason}" for name, reason in report["undefined"].items()]
    if report["warnings"]:
        lines += ["", "Warnings:"]
        lines += [f"  {name}: {warning}" for name, warning in report["warnings"].items()]
    return "\n".join(lines)


def _sources(section: Report) -> list[str]:
    units, interval = section["units"], section["kind_alpha_ci95"]
    bounds = f"[{_number(interval[0])}, {_number(interval[1])}]" if interval else "-"
    return [
        f"Sources: {units['attributed']} sentences labelled attribution, {units['pairable']} "
        f"with a source kind from two or more annotators; {section['unmarked_labels']} "
        "attribution labels without an originating source (left out)",
        _headline("Source kind alpha", section["kind_alpha"]) + f"   95% CI {bounds}",
        "Source spans by pair:",
        _row("pair", "sentences", "marked a/b", "exact", "exact rate", "token F1"),
        *(
            _row(
                f"{pair['a']} / {pair['b']}",
                str(pair["units"]),
                f"{pair['attributions']['a']}/{pair['attributions']['b']}",
                str(pair["attributions"]["exact"]),
                _number(pair["exact_match"]),
                _number(pair["token_f1"]),
            )
            for pair in section["pairs"]
        ),
    ]


def _headline(title: str, value: float | None) -> str:
    return f"{title:<22}{_number(value)}"


def _label_row(key: str, row: Report) -> str:
    values = (row["prevalence"], row["krippendorff_alpha"], row["fleiss_kappa"])
    return _row(key, *map(_number, values))


def _pair_row(pair: Report) -> str:
    values = (pair["percent_agreement"], pair["cohen_kappa"], pair["scott_pi"])
    return _row(f"{pair['a']} / {pair['b']}", str(pair["units"]), *map(_number, values))


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(first: str, *rest: str) -> str:
    return f"{first:<24}" + "".join(f"{cell:>12}" for cell in rest)
