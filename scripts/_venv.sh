# Shared by run-app and run-tests: create .venv and install the project when needed.
# Reinstalls only when pyproject.toml changed since the last install.
VENV="${ANNOTATOR_VENV:-$PWD/.venv}"

ensure_venv() {
    local extra="$1" py="${PYTHON:-python3}" stamp
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "annotator needs Python 3.11 or newer as '$py' (set PYTHON=...)" >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        "$py" -m venv "$VENV"
    fi
    stamp="$VENV/.installed-$extra-$(sha256sum pyproject.toml | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        if [ "$extra" = test ]; then
            "$VENV/bin/python" -m pip install --quiet -e ".[test]"
        else
            "$VENV/bin/python" -m pip install --quiet -e .
        fi
        touch "$stamp"
    fi
}
