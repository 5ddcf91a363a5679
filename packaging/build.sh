#!/usr/bin/env bash
# Build the offline one-folder app into dist/annotator/ (run from anywhere).
# It installs the project (not editable) with PyInstaller into build/venv, then freezes it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
VENV=build/venv
if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(cat pyproject.toml annotator/*.py annotator/*/*.py resources/*.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet ".[bundle]"
    touch "$stamp"
fi
cd packaging
"../$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath ../dist --workpath ../build/pyinstaller annotator.spec
cd ..
# Debug symbols of the compiled NLP extensions are most of their size. Strip only those:
# the vendored libraries in *.libs folders (OpenBLAS) break when stripped.
if command -v strip >/dev/null; then
    find dist/annotator/_internal/{spacy,thinc,blis,srsly,cymem,preshed,murmurhash} \
        -name '*.so' -exec strip --strip-debug {} + 2>/dev/null || true
fi
# The interface is English only: Qt's own translations are not needed.
rm -rf dist/annotator/_internal/PySide6/Qt/translations
cp packaging/annotator.desktop packaging/io.github.annotator.metainfo.xml dist/annotator/
cp resources/icon.svg dist/annotator/annotator.svg
echo "built dist/annotator ($(du -sh dist/annotator | cut -f1)); run dist/annotator/annotator --help"
