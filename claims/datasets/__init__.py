"""Labels out: a project's sentences and labels as JSON Lines, CSV or Parquet, streamed.

options.py says what an export includes; loading.py reads it from the database in chunks;
rows.py holds it as plain values and the two shapes a dataset takes; formats.py encodes
them; export.py is what the doors call (export_dataset, write_dataset, dataset_info).
"""
