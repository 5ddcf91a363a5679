import pytest

from annotator.core.schema import (
    SchemaError,
    default_schema_text,
    load_project_schema,
    load_schema,
    read_schema_text,
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
        (('colour = "#cc79a7"', 'colour = "orange"'), r"labels\[1\] \(CUE\): colour must"),
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
    path.write_text('[[labels]]\nname = "X"', encoding="utf-8")
    schema, _, problem = load_project_schema(str(path), text)
    assert schema.label("ASSERTION") is not None
    assert "team.toml" in problem and "missing 'key'" in problem


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # a relation without keys was accepted, then the window crashed in zip()
        (
            ('keys = ["1", "2", "3", "4"]\n', ""),
            r"team.toml:\d+: relations\[0\] \(STANCE\): missing 'keys' \(one key per label, 4",
        ),
        (('keys = ["1", "2", "3", "4"]', 'keys = ["1", "2"]'), r"one key per label \(4\), not 2"),
        (('keys = ["1", "2", "3", "4"]', 'keys = "1234"'), r"'keys' must be a list"),
        # "yes" was split into the values y, e, s
        (('values = ["yes", "no"]', 'values = "yes"'), r"'values' must be a list of strings"),
        (('values = ["yes", "no"]', "values = [1, 2]"), r"'values' must be a list of strings"),
        (('values = ["yes", "no"]', "values = []"), r"'values' needs at least one entry"),
        (('values = ["yes", "no"]', 'values = ["yes", "yes"]'), r"lists a value twice"),
        # keys the workbench uses itself: Qt then fired neither action
        (('key = "C"', 'key = "]"'), r"labels\[2\] \(CLAIM\): key '\]' is reserved"),
        (('key = "C"', 'key = "}"'), r"key '\}' is reserved by the workbench"),
        (('key = "C"', 'key = "/"'), r"key '/' is reserved by the workbench \(find"),
        (('key = "C"', 'key = "n"'), r"key 'N' is reserved"),
        (('key = "C"', 'key = "\\u0000"'), r"key must be a printable character"),
        (('key = "C"', 'key = "\\u200b"'), r"key must be a printable character"),
        (('key = "C"', 'key = " "'), r"key must be a printable character"),
        # keys are case-insensitive: "s" is the key S
        (('key = "U"', 'key = "s"'), r"key 'S' is already used by SOURCE"),
        (
            ('key = "Y"', 'key = "1"'),
            r"source_type\): key '1' is already used by anonymity_reason_given",
        ),
        (('keys = ["1", "2", "3", "4"]', 'keys = ["1", "2", "3", "0"]'), r"key '0' is reserved"),
        (('keys = ["1", "2", "3", "4"]', 'keys = ["1", "2", "3", "S"]'), r"already used by SOURCE"),
        (
            ("[[relations]]", "[relations]"),
            r"team.toml: 'relations' must be a list of \[\[relations",
        ),
        (("[[labels]]", "[[labelz]]"), r"unknown setting 'labelz'"),
        (
            ('colour = "#cc79a7"', 'color = "#cc79a7"'),
            r"labels\[1\] \(CUE\): unknown setting 'color'",
        ),
        (('name = "CUE"', "name = 7"), r"'name' must be a non-empty string, not 7"),
        (('promote_to = "SOURCE"', 'promote_to = ["SOURCE"]'), r"\[entities\]: 'promote_to' must"),
        (('PERSON = "named_person"', 'PERSON = "person"'), r"must be one of the values of source"),
        (('values = ["agree"', 'values = "agree"\nx = ["agree"'), r"\[document\]: unknown"),
    ],
)
def test_structural_mistakes_name_the_entry_and_line(change, message):
    text = default_schema_text()
    assert change[0] in text
    with pytest.raises(SchemaError, match=message):
        schema_from_text(text.replace(*change, 1), "team.toml")


def test_an_error_names_the_line_of_the_bad_entry():
    text = default_schema_text().replace('key = "U"', 'key = "S"', 1)
    line = text[: text.index('name = "CUE"')].count("\n")  # the [[labels]] line above it
    with pytest.raises(SchemaError) as caught:
        schema_from_text(text, "team.toml")
    assert str(caught.value).startswith(f"team.toml:{line}: labels[1] (CUE): key 'S'")


def test_invalid_toml_names_the_line():
    text = default_schema_text() + "\n[[labels]\n"
    line = text.count("\n")
    with pytest.raises(SchemaError, match=rf"^team.toml:{line}: not valid TOML"):
        schema_from_text(text, "team.toml")


def test_sharp_s_is_a_key_of_its_own():
    """'ß'.upper() is 'SS', two characters: the key stays ß."""
    text = default_schema_text().replace('key = "C"', 'key = "ß"', 1)
    assert schema_from_text(text, "team.toml").label("CLAIM").key == "ß"


def test_deep_nesting_is_a_message_not_a_recursion_error():
    text = default_schema_text() + "\nx = " + "[" * 3000 + "]" * 3000 + "\n"
    with pytest.raises(SchemaError, match=r"team\.toml: nested too deeply"):
        schema_from_text(text, "team.toml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("é".encode("latin-1"), r":1: not UTF-8 text \(byte 0xe9\); save the schema as UTF-8"),
        (b"# ok\n# caf\xe9\n[[labels]]", r":2: not UTF-8 text"),
        ("[[labels]]".encode("utf-16"), r": is UTF-16 text; save the schema as UTF-8"),
        ("[[labels]]".encode("utf-16-le"), r":1: holds NUL bytes \(UTF-16\?\)"),
    ],
)
def test_a_file_that_is_not_utf8_is_named(tmp_path, data, message):
    path = tmp_path / "team.toml"
    path.write_bytes(data)
    with pytest.raises(SchemaError, match=r"team\.toml" + message):
        read_schema_text(path)


def test_a_utf8_bom_is_allowed(tmp_path):
    path = tmp_path / "team.toml"
    path.write_bytes(b"\xef\xbb\xbf" + default_schema_text().encode("utf-8"))
    assert schema_from_text(read_schema_text(path), str(path)).label("SOURCE") is not None


def test_a_schema_file_that_stops_being_utf8_keeps_the_last_good_schema(tmp_path):
    path = tmp_path / "team.toml"
    good = (
        default_schema_text()
        .replace('name = "CUE"', 'name = "VERB"')
        .replace('via = "CUE"', 'via = "VERB"')
    )
    path.write_text(good, encoding="utf-8")
    _, text, problem = load_project_schema(str(path), None)
    assert problem is None
    path.write_bytes(good.encode("utf-16"))
    schema, kept, problem = load_project_schema(str(path), text)
    assert schema.label("VERB") is not None and kept == good
    assert problem.startswith(f"{path}: is UTF-16 text")


def test_a_last_good_schema_that_the_checks_now_refuse_gives_the_default(tmp_path):
    """A project saved by an older version may keep a schema that today's checks refuse."""
    old = default_schema_text().replace('keys = ["1", "2", "3", "4"]\n', "")
    schema, text, problem = load_project_schema(str(tmp_path / "gone.toml"), old)
    assert schema == load_schema() and text == default_schema_text()
    assert "gone.toml: cannot be read" in problem and "the default is used" in problem
