"""Dates and outlets from the import: CSV columns, JSONL meta and a saved web page's tags."""

from __future__ import annotations

import json

from annotator.io.importer import import_paths
from annotator.store.claim_overview import member_rows
from tests.claims.project import build


def _meta(store):
    return [store.document(i).meta for i in store.document_ids()]


def test_csv_date_and_source_columns_become_date_and_outlet(store, tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        "headline,published,source,body\n"
        'Base,"March 3, 2024",Coastal Gazette,Russia will get a naval base.\n'
        "Quotas,someday,,Fishing quotas will rise.\n",
        encoding="utf-8",
    )
    import_paths(store, [path])
    first, second = _meta(store)
    assert (first["date"], first["outlet"]) == ("2024-03-03", "Coastal Gazette")
    assert first["published"] == "March 3, 2024"  # the column as it was
    assert "date" not in second and "outlet" not in second


def test_html_published_time_site_name_and_time_element(store, tmp_path):
    (tmp_path / "a.html").write_text(
        '<html><head><meta property="article:published_time" content="2024-03-05T09:00:00Z">'
        '<meta property="og:site_name" content="Wire &amp; Co"></head>'
        "<body><article><h1>Base</h1><p>Russia will get a naval base.</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        '<html><body><article><h1>Quotas</h1><time datetime="2024-02-01">1 Feb</time>'
        "<p>Fishing quotas will rise.</p></article></body></html>",
        encoding="utf-8",
    )
    import_paths(store, [tmp_path / "a.html", tmp_path / "b.html"])
    by_title = {m.get("og:site_name", ""): m for m in _meta(store)}
    assert (by_title["Wire & Co"]["date"], by_title["Wire & Co"]["outlet"]) == (
        "2024-03-05",
        "Wire & Co",
    )
    assert by_title[""]["date"] == "2024-02-01" and "outlet" not in by_title[""]


def test_jsonl_meta_date_and_outlet_reach_the_claims_view(store, tmp_path):
    p = build(store)
    path = tmp_path / "more.jsonl"
    path.write_text(
        json.dumps({"text": "More words.", "meta": {"date": "2024-04-01", "outlet": "Herald"}})
        + "\n",
        encoding="utf-8",
    )
    import_paths(store, [path])
    new = store.document_ids()[-1]
    assert store.document(new).meta["date"] == "2024-04-01"
    assert [(r.date, r.outlet) for r in member_rows(store, p.base)] == [
        ("2024-03-03", "Coastal Gazette"),
        ("2024-03-05", "Wire Service"),
    ]
