import pytest

from annotator.core.schema import (
    SchemaError,
    default_schema_text,
    load_project_schema,
    load_schema,
    schema_from_text,
)


def test_default_schema_follows_the_shared_schema():
    schema = load_schema()
    assert [(lab.name, lab.key) for lab in schema.labels] == [
        ("SOURCE", "S"),
        ("CUE", "U"),
        ("CLAIM", "C"),
    ]
    source_type = next(a for a in schema.attributes if a.name == "source_type")
    assert source_type.values == (
        "named_person",
        "named_organization",
        "named_outlet",
        "official_unnamed",
        "anonymous",
        "document",
        "author",
    )
    (stance,) = schema.relations
    assert (stance.source, stance.target, stance.via) == ("SOURCE", "CLAIM", "CUE")
    assert stance.labels == ("support", "deny", "query", "comment")
    assert schema.promote_values["PERSON"] == "named_person"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('key = "U"', 'key = "S"'), r"labels\[1\] \(CUE\): key 'S' is already used by SOURCE"),
        (('colour = "#c2410c"', 'colour = "orange"'), r"labels\[1\] \(CUE\): colour must"),
        (
            ('on = "CLAIM"\nkey = "W"', 'on = "CLAIMS"\nkey = "W"'),
            r"attributes\[2\] \(check_worthiness\): 'on' names unknown label 'CLAIMS'",
        ),
        (('via = "CUE"', 'via = "VERB"'), r"relations\[0\] \(STANCE\): refers to unknown label"),
        (('key = "C"', 'key = "N"'), r"labels\[2\] \(CLAIM\): key 'N' is reserved"),
        (("[[labels]]", "[[labels]"), "not valid TOML"),
    ],
)
def test_invalid_schema_names_the_bad_entry(change, message):
    text = default_schema_text().replace(*change, 1)
    with pytest.raises(SchemaError, match=message):
        schema_from_text(text, "team.toml")


def test_a_broken_project_schema_falls_back_to_the_last_good_one(tmp_path):
    path = tmp_path / "team.toml"
    good = (
        default_schema_text()
        .replace('name = "CLAIM"', 'name = "ASSERTION"')
        .replace('on = "CLAIM"', 'on = "ASSERTION"')
        .replace('to = "CLAIM"', 'to = "ASSERTION"')
    )
    path.write_text(good, encoding="utf-8")
    schema, text, problem = load_project_schema(str(path), None)
    assert problem is None and schema.label("ASSERTION") is not None
    path.write_text("[[labels]]\nname = 1", encoding="utf-8")
    schema, _, problem = load_project_schema(str(path), text)
    assert schema.label("ASSERTION") is not None
    assert "team.toml" in problem and "missing 'key'" in problem
