"""Arabic and other non-Latin articles: decoded from their code pages, given a language,
and exported and read back byte for byte (harakat and tatweel included)."""

from __future__ import annotations

import json

import pytest

from annotator.core.commands import AddSpan
from annotator.core.history import History
from annotator.core.language import of_meta
from annotator.core.model import Span
from annotator.io.decoding import read_text
from annotator.io.exporting import export
from annotator.io.importer import import_paths
from annotator.io.problems import UnreadableFile
from annotator.store import Store
from tests.conftest import SAMPLES

ARABIC = (SAMPLES / "arabic-harbour.txt").read_text(encoding="utf-8")
#: Invented for these tests; ISO-8859-6 has no Arabic-Indic digits or guillemets.
PLAIN_ARABIC = "وقالت مديرة الميناء للصحفيين إنه لا توجد صفقة وإن الرصيف مخصص للعبارات والبضائع."
CYRILLIC = "Министерство транспорта заявило во вторник, что порт не будет продан чужой компании."
CROATIAN = (
    "Lučka uprava u Splitu u utorak je zanijekala da će sjeverni gat prodati stranoj tvrtki. "
    "Ministarstvo pomorstva šuti."
)


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        (ARABIC, "cp1256", "Windows-1256"),
        (PLAIN_ARABIC, "iso8859_6", "ISO-8859-6"),
        (CYRILLIC, "cp1251", "Windows-1251"),
        (CYRILLIC, "koi8_r", "KOI8-R"),
        (CROATIAN, "cp1250", "Windows-1250"),
        ("Minister’s “denial”\n\nThe minister denied it.", "cp1252", "Windows-1252"),
        ("Le ministère a démenti mardi que le port serait vendu.", "cp1252", "Windows-1252"),
    ],
)
def test_code_pages_are_detected_and_named_with_how_sure(tmp_path, text, codec, label):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(codec))
    decoded = read_text(path)
    assert decoded.text == text
    assert decoded.encoding == codec
    assert label in (decoded.note or "")
    assert "sure" in decoded.note or "guess" in decoded.note
    assert "--encoding" in decoded.note


def test_encoding_given_overrides_the_guess(tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(CYRILLIC.encode("cp1251"))
    assert read_text(path, encoding="cp1251").text == CYRILLIC
    assert read_text(path, encoding="latin-1").text == CYRILLIC.encode("cp1251").decode("latin-1")
    with pytest.raises(UnreadableFile, match="not UTF-8 text"):
        read_text(path, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="unknown encoding 'klingon'"):
        read_text(path, encoding="klingon")


def test_import_of_a_windows_1256_file_says_which_encoding(store, tmp_path):
    path = tmp_path / "arabic.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    report = import_paths(store, [path])
    assert report.imported == 1
    note = report.files[0].note or ""
    assert "Windows-1256" in note and "Arabic" in note
    (doc_id,) = store.document_ids()
    doc = store.document(doc_id)
    assert "أيُّ" in doc.text and "وطالبـــت" in doc.text
    assert doc.meta["language"] == "ar"


def test_import_with_encoding_option(store, tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes(CYRILLIC.encode("koi8_r"))
    report = import_paths(store, [path], encoding="koi8_r")
    assert report.imported == 1
    assert store.document(store.document_ids()[0]).text == CYRILLIC


def test_language_is_detected_given_or_read_from_the_file(store, tmp_path):
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CYRILLIC, encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": "Kratki tekst bez puno riječi.", "meta": {"language": "hr"}}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "d.csv").write_text("text,lang\nA short English text.,fr-FR\n", encoding="utf-8")
    import_paths(store, [tmp_path])
    docs = [store.document(i) for i in store.document_ids()]
    languages = {d.text[:5]: of_meta(d.meta) for d in docs}
    assert languages == {ARABIC[:5]: "ar", CYRILLIC[:5]: "ru", "Kratk": "hr", "A sho": "fr"}


def test_language_option_overrides_detection(store, tmp_path):
    path = tmp_path / "fa.txt"
    path.write_text(ARABIC, encoding="utf-8")
    import_paths(store, [path], language="fa")
    assert store.document(store.document_ids()[0]).meta["language"] == "fa"


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_arabic_with_harakat_and_tatweel_round_trips_byte_identically(tmp_path, fmt):
    source = tmp_path / "arabic.txt"
    source.write_text(ARABIC, encoding="utf-8")
    with Store(tmp_path / "one.db") as store:
        import_paths(store, [source])
        (doc_id,) = store.document_ids()
        text = store.document(doc_id).text
        history = History(store)
        for words, label in [("Elena Varga", "SOURCE"), ("وطالبـــت", "CUE"), ("أيُّ صفقة", "CLAIM")]:
            start = text.index(words)
            history.push(AddSpan(doc_id, Span(label, start, start + len(words), annotator="ana")))
        first = tmp_path / ("first.jsonl" if fmt == "jsonl" else "first")
        export(store, fmt, first, status=None)
    with Store(tmp_path / "two.db") as fresh:
        report = import_paths(fresh, [first])
        assert report.ok
        (doc_id,) = fresh.document_ids()
        again = fresh.document(doc_id)
        assert again.text == text
        second = tmp_path / ("second.jsonl" if fmt == "jsonl" else "second")
        export(fresh, fmt, second, status=None)
    if fmt == "jsonl":
        assert first.read_bytes() == second.read_bytes()
        record = json.loads(first.read_text(encoding="utf-8"))
        assert {record["text"][s["start"] : s["end"]] for s in record["spans"]} == {
            "Elena Varga",
            "وطالبـــت",
            "أيُّ صفقة",
        }
    else:
        names = sorted(p.name for p in first.iterdir())
        assert names == sorted(p.name for p in second.iterdir())
        for name in names:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
        ann = next(first.glob("*.ann")).read_text(encoding="utf-8")
        assert "\tوطالبـــت\n" in ann


def test_no_english_entities_on_arabic_and_the_reason_is_given(tmp_path):
    """The English pipeline leaves Arabic articles alone; asked for one first, the job
    names the command that sets a model for Arabic."""
    from annotator.core.jobs import JobContext
    from annotator.nlp.background import EntityBatch, ModelMissing, entity_job

    with Store(tmp_path / "p.db") as store:
        (tmp_path / "ar.txt").write_text(ARABIC, encoding="utf-8")
        (tmp_path / "en.txt").write_text("Elena Varga said the port of Split is closed.")
        import_paths(store, [tmp_path / "ar.txt", tmp_path / "en.txt"])
        arabic, english = store.document_ids()
    ctx = JobContext()
    ctx.request(arabic)
    found: dict[int, object] = {}
    missing: list[str] = []
    for item in entity_job(tmp_path / "p.db", None, ctx):
        if isinstance(item, ModelMissing):
            missing.append(item.message)
        if isinstance(item, EntityBatch):
            found.update(item.results)
            if item.done >= item.total and missing:
                ctx.cancel()
    assert arabic not in found and english in found
    assert missing == ["no entity model for Arabic (ar): annotator config model --language ar PATH"]


def test_config_model_per_language(tmp_path, capsys):
    from annotator.cli import main
    from annotator.nlp.model import NoModelForLanguage, model_for, model_setting

    db = str(tmp_path / "p.db")
    folder = tmp_path / "ar_model"
    folder.mkdir()
    assert main(["--db", db, "config", "model", "--language", "ar", str(folder)]) == 0
    with Store(tmp_path / "p.db") as store:
        assert store.get_setting(model_setting("ar")) == str(folder)
        assert store.get_setting(model_setting("en")) is None
        assert model_for(store.get_setting, "ar") == str(folder)
        assert model_for(store.get_setting, "en") is None  # English keeps today's default
        with pytest.raises(NoModelForLanguage, match="--language fa PATH"):
            model_for(store.get_setting, "fa")


def test_docbin_export_is_one_file_per_language_with_that_languages_tokens(tmp_path):
    from spacy.tokens import DocBin

    from annotator.io.export_spacy import language_tokenizer
    from annotator.io.safe_paths import TargetExists

    english = "The harbour master said the quay is not for sale.\n"
    (tmp_path / "ar.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "en.txt").write_text(english, encoding="utf-8")
    with Store(tmp_path / "mixed.db") as store:
        import_paths(store, [tmp_path / "ar.txt", tmp_path / "en.txt"])
        by_text = {store.document(i).text: i for i in store.document_ids()}
        arabic_text = next(t for t in by_text if t != english)
        at = arabic_text.index("أيُّ صفقة")
        History(store).push(
            AddSpan(by_text[arabic_text], Span("CLAIM", at, at + len("أيُّ صفقة"), annotator="a"))
        )
        out = tmp_path / "out" / "train.spacy"
        export(store, "spacy", out, status=None)
        assert sorted(p.name for p in out.parent.iterdir()) == ["train.ar.spacy", "train.en.spacy"]
        vocab = language_tokenizer("ar").vocab
        (doc,) = DocBin().from_disk(out.parent / "train.ar.spacy").get_docs(vocab)
        assert doc.text == arabic_text
        assert [s.text for s in doc.spans["CLAIM"]] == ["أيُّ صفقة"]
        assert doc.lang_ == "ar"  # tokenized by spaCy's Arabic rules, not the English ones
        english_vocab = language_tokenizer("en").vocab
        (doc,) = DocBin().from_disk(out.parent / "train.en.spacy").get_docs(english_vocab)
        assert doc.text == english.strip() and doc.lang_ == "en"
        with pytest.raises(TargetExists, match=r"train\.ar\.spacy"):
            export(store, "spacy", out, status=None)  # nothing written over silently
        export(store, "spacy", out, status=None, force=True)
