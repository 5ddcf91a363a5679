"""#17: a document's language as the analyst sets it, kept in its metadata; undo puts
back exactly what the metadata held (nothing, or an importer's ``lang`` key)."""

from __future__ import annotations

import pytest

from annotator.core.document_commands import SetLanguage
from annotator.core.history import History
from annotator.core.language import of_meta
from annotator.core.model import ParsedDocument


def test_set_language_is_undone_to_what_the_metadata_held(store):
    store.add_documents(
        [
            ParsedDocument(text="نفت سلطة ميناء سبليت", title="a"),
            ParsedDocument(text="Le port est fermé", title="b", meta={"lang": "fr", "x": 1}),
        ]
    )
    guessed, tagged = store.document_ids()
    history = History(store)
    for doc_id, code in ((guessed, "fa"), (tagged, "en")):
        history.push(SetLanguage(doc_id, code))
        assert of_meta(store.document(doc_id).meta) == code
        assert store.stored_languages([doc_id]) == {doc_id: code}
    assert store.document(tagged).meta == {"language": "en", "lang": "fr", "x": 1}
    history.undo()
    assert store.document(tagged).meta == {"lang": "fr", "x": 1}
    history.undo()
    assert store.document(guessed).meta == {}
    history.redo()
    assert store.document(guessed).meta == {"language": "fa"}


def test_the_change_set_names_the_documents_metadata(store):
    store.add_documents([ParsedDocument(text="text", title="t")])
    (doc_id,) = store.document_ids()
    changes = SetLanguage(doc_id, "ar").do(store)
    assert changes.meta == {doc_id} and changes.documents == {doc_id}
    assert not changes.spans and not changes.status
    assert "Arabic (ar)" in SetLanguage(doc_id, "ar").text
    with pytest.raises(KeyError):
        store.set_meta_language(doc_id + 99, "ar")


def test_settings_by_prefix(store):
    store.set_settings({"nlp.model.ar": "/m/ar", "nlp.model": "en_core", "nlp.modelx": "no"})
    assert store.settings_with_prefix("nlp.model.") == {"nlp.model.ar": "/m/ar"}
