"""The agreement report's keys, in order, exactly as the issue's contract lists them: the
command, the API and the page must all give these and no others."""

REPORT_KEYS = [
    "project",
    "labels",
    "annotators",
    "units",
    "percent_agreement",
    "krippendorff_alpha",
    "krippendorff_alpha_ci95",
    "fleiss_kappa",
    "gwet_ac1",
    "pairs",
    "per_label",
    "per_annotator",
    "sources",
    "bootstrap",
    "undefined",
    "warnings",
]

SOURCES_KEYS = [
    "kinds",
    "units",
    "unmarked_labels",
    "kind_totals",
    "kind_alpha",
    "kind_alpha_ci95",
    "pairs",
]
