from pathlib import Path

from annotator.io.textdump import is_marker, looks_like_dump, parse_dump, parse_single
from tests.conftest import SAMPLES

DUMP = """Port Denies Lease Talks

The harbour at dawn. (Photo: Desk)
The harbour at dawn. (Photo: Desk)
TT

Port Denies Lease Talks

The harbour at dawn. (Photo: Desk)

The port denied on Tuesday that it was in talks.

"There are no talks," the harbour master said.
Advertisement



Ferry Strike Looms

Operators warned of a strike, a union leader said.
"""


def test_dump_splits_articles_and_drops_repeats_keeping_the_body():
    docs = parse_dump(DUMP, Path("d.txt"))
    assert [d.title for d in docs] == ["Port Denies Lease Talks", "Ferry Strike Looms"]
    first = docs[0]
    assert first.text == (
        "Port Denies Lease Talks\n\nThe port denied on Tuesday that it was in talks.\n\n"
        '"There are no talks," the harbour master said.\nAdvertisement'
    )
    assert first.meta == {
        "captions": ["The harbour at dawn. (Photo: Desk)"],
        "dropped_markers": ["TT"],
    }
    assert first.origin == "d.txt:1" and docs[1].origin == "d.txt:18"
    assert (
        docs[1].text == "Ferry Strike Looms\n\nOperators warned of a strike, a union leader said."
    )
    assert looks_like_dump(docs)


def test_article_without_headline_is_kept_whole():
    text = "On Tuesday, the tribunal ruled.\n\nChina said it rejects the ruling.\n"
    (doc,) = parse_dump(text, Path("w.txt"))
    assert doc.text == text.strip()
    assert doc.title == "On Tuesday, the tribunal ruled."
    assert not looks_like_dump([doc])


def test_single_article_file_is_never_split():
    text = "Section one heading\n\nBody one.\n\n\n\nSection two\n\nBody two."
    doc = parse_single(text, Path("one.txt"))
    assert doc.title == "Section one heading"
    assert doc.text == text


def test_markers():
    assert is_marker("TT") and is_marker(" AP ") and is_marker("Advertisement")
    assert not is_marker("Tripoli") and not is_marker("He said no.")


def test_project_samples_are_three_clean_articles():
    path = SAMPLES / "wire-dump.txt"
    docs = parse_dump(path.read_text(encoding="utf-8"), path)
    assert len(docs) == 3
    for doc in docs:
        caption = doc.meta["captions"][0]
        assert caption not in doc.text
        assert "\nTT\n" not in doc.text
        assert doc.text.count(doc.title) == 1
    assert "denied reports" in docs[0].text
