"""Articles into a project: files in, validated records, then articles, sentences and any
labels they bring, all or nothing.

files.py reads .txt, .jsonl and .csv into records; records.py checks one article's fields;
given_sentences.py checks sentences (and their labels) that a record brings instead of
being segmented; errors.py is the error every reader raises, naming file, line and field;
articles.py writes them (import_files, import_records, import_article) a chunk of records at
a time (chunks.py) in one transaction, given_labels.py restores the labels in it, and
bulk_rows.py writes rows with COPY on PostgreSQL.
"""
