"""The file types the open dialogs offer (the Data page and the Evaluate page read the same formats)."""

FILE_FILTERS = ";;".join(
    (
        "Text tables (*.csv *.tsv *.tab *.jsonl *.ndjson *.json *.parquet *.pq *.txt *.text)",
        "CSV (*.csv)",
        "TSV (*.tsv *.tab)",
        "JSON Lines (*.jsonl *.ndjson *.json)",
        "Parquet (*.parquet *.pq)",
        "Plain text, one sentence per line (*.txt *.text)",
        "All files (*)",
    )
)
