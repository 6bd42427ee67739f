"""Settings and the web door: pages for annotating, reviewing, agreement and downloads.

views/ holds one module per screen family, forms.py their input, charts.py the SVG
geometry the agreement page draws, http.py what the views share, static/annotator/ the
keyboard script and styles. Every rule lives in claims/; views only parse, call and render.
"""
