"""The claims tree model on a real project file, read through the model API (no pixels)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.claim_overview import ClaimSummary, MemberRow
from annotator.ui.claims_model import ClaimsModel
from tests.claims.project import BASE, build

D = Qt.ItemDataRole.DisplayRole


def test_contested_claim_first_with_its_members_beneath(qtmodeltester, store):
    p = build(store)
    model = ClaimsModel(store)
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    top = model.index(0, 0)
    assert model.data(top, D) == "⚠ " + BASE + " next year"
    assert model.data(model.index(0, 4), D) == "2024-03-03 – 2024-03-05"
    assert model.data(model.index(0, 5), D) == "Coastal Gazette, Wire Service"
    assert model.data(model.index(0, 3), D) == "✓1 ✗1"
    assert model.rowCount(top) == 2
    wire = [model.data(model.index(1, c, top), D) for c in range(6)]
    assert wire == [
        "Wire: port denial",
        BASE,
        "Harbour master Elena Varga ✗ deny",
        "✗ disagree",
        "2024-03-05",
        "Wire Service",
    ]
    gazette_stance = model.data(model.index(0, 3, top), D)
    assert gazette_stance == "(agree from sources)"
    assert isinstance(model.item(top), ClaimSummary)
    member = model.item(model.member_index(p.base, p.claim_spans[1]))
    assert isinstance(member, MemberRow) and member.doc_id == p.docs[1]
    assert model.data(model.index(1, 0), D) == "fishing quotas will rise"


def test_only_a_claims_wording_is_editable_and_editing_asks_for_a_rename(qtbot, store):
    p = build(store)
    model = ClaimsModel(store)
    model.reload()
    top = model.claim_index(p.quotas)
    assert model.flags(top) & Qt.ItemFlag.ItemIsEditable
    assert (
        not model.flags(model.index(0, 0, model.claim_index(p.base))) & Qt.ItemFlag.ItemIsEditable
    )
    assert model.data(top, Qt.ItemDataRole.EditRole) == "fishing quotas will rise"
    with qtbot.waitSignal(model.rename_requested, timeout=1000) as got:
        model.setData(top, "  Fishing   quotas rise ")
    assert got.args == [p.quotas, "Fishing quotas rise"]


def test_text_from_articles_is_one_line_and_tooltips_are_escaped(store):
    from annotator.core.claims import CreateClaim
    from annotator.core.history import History

    History(store).push(CreateClaim("<b>bold</b>\nclaim"))
    model = ClaimsModel(store)
    model.reload()
    assert model.data(model.index(0, 0), D) == "<b>bold</b> claim"
    assert "&lt;b&gt;" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)


def test_a_claims_members_are_read_only_when_its_rows_are_asked_for(store):
    p = build(store)
    model = ClaimsModel(store)
    model.reload()
    assert model.members_read() == set()
    top = model.claim_index(p.base)
    assert model.hasChildren(top) and model.members_read() == set()
    assert model.data(model.index(0, 3), D) == "✓1 ✗1" and model.members_read() == set()
    assert model.rowCount(top) == 2 and model.members_read() == {p.base}
    assert model.item(model.claim_index(p.quotas)).members[0].span_id == p.claim_spans[2]
    assert model.members_read() == {p.base, p.quotas}
    model.reload()
    assert model.members_read() == set()
