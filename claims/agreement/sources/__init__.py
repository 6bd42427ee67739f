"""Agreement on attributions: on the source kind of attribution sentences (kinds.py,
Krippendorff's alpha with fractional values) and on source spans between each pair of
annotators (spans.py). marks.py holds the plain values both read; section.py assembles
the report's `sources` section. No database here: claims/agreement/loading.py reads them.
"""
