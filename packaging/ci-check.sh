#!/usr/bin/env bash
# Packaging checks for CI (called by .ci/run); also fine to run by hand:
#
#     packaging/ci-check.sh
#
# 1. the .desktop entry and the AppStream metainfo validate;
# 2. the wheel builds and carries the catalogue, its schema, resources/ and
#    the desktop files;
# 3. the wheel installs with pip into a fresh venv, and the installed
#    `easeback --version`, `list` and `plan` work from another directory,
#    reading the data from the installed package;
# 4. packaging/linux/install.sh installs the menu entry for that easeback.
#
# Needs: uv, python3 (with venv), desktop-file-utils, appstream, network access
# to PyPI (pip's cache makes repeat runs fast). The PyInstaller bundle is too
# slow for every run: packaging/build-bundle.sh builds and smoke-tests it.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
APP_ID=io.github.easeback.Easeback
DESKTOP=packaging/linux/$APP_ID.desktop
METAINFO=packaging/linux/$APP_ID.metainfo.xml

work=$(mktemp -d "${TMPDIR:-/tmp}/easeback-ci-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS

step() { printf '\n==> %s\n' "$*"; }
fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}

step "desktop-file-validate $DESKTOP"
desktop-file-validate "$DESKTOP" || fail "$DESKTOP is not a valid desktop entry"
echo "ok"

step "appstreamcli validate --no-net $METAINFO"
appstreamcli validate --no-net "$METAINFO" || fail "$METAINFO does not validate"

step "the app id is the same everywhere"
for file in "$DESKTOP" "$METAINFO" packaging/easeback.spec src/easeback/__init__.py; do
    grep -q "$APP_ID" "$file" || fail "$file does not mention $APP_ID"
done
grep -q "^Icon=$APP_ID$" "$DESKTOP" || fail "$DESKTOP: Icon= is not $APP_ID"
grep -q "<launchable type=\"desktop-id\">$APP_ID.desktop</launchable>" "$METAINFO" ||
    fail "$METAINFO: the launchable is not $APP_ID.desktop"
echo "ok: $APP_ID"

step "uv build --wheel"
uv build --wheel --quiet --out-dir "$work/dist" || fail "the wheel did not build"
wheels=("$work"/dist/*.whl)
[ ${#wheels[@]} -eq 1 ] || fail "expected one wheel, got: ${wheels[*]}"
wheel=${wheels[0]}
echo "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"

step "the wheel carries the catalogue, the schema, resources/ and the desktop files"
python3 - "$wheel" <<'EOF' || fail "files are missing from the wheel"
import sys
import zipfile
from pathlib import Path

APP_ID = "io.github.easeback.Easeback"
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
data = next(n.split("/data/")[0] for n in names if ".data/data/" in n)
expected = ["easeback/data/exercises.json", "easeback/data/exercises.schema.json"]
expected += [
    "easeback/data/" + p.as_posix() for p in sorted(Path("resources").rglob("*")) if p.is_file()
]
expected += [
    f"{data}/data/share/applications/{APP_ID}.desktop",
    f"{data}/data/share/metainfo/{APP_ID}.metainfo.xml",
    f"{data}/data/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
]
expected += [
    f"{data}/data/share/icons/hicolor/{n}x{n}/apps/{APP_ID}.png"
    for n in (16, 32, 48, 64, 128, 256, 512)
]
missing = [name for name in expected if name not in names]
for name in missing:
    print(f"missing: {name}")
print(f"ok: {len(expected) - len(missing)} of {len(expected)} expected files present")
sys.exit(1 if missing else 0)
EOF

step "pip install the wheel into a fresh venv"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" ||
    fail "pip could not install the wheel"
echo "ok ($((SECONDS - started)) s so far)"

# Run from an unrelated directory, with a private settings/data/cache home, so
# nothing from the checkout or the user's files can leak in.
mkdir -p "$work/elsewhere"
cd "$work/elsewhere"
export EASEBACK_HOME="$work/home"
easeback="$work/venv/bin/easeback"

step "easeback --version (installed, from $PWD)"
version=$("$easeback" --version) || fail "easeback --version exited with $?"
echo "$version"
expected_version=$(python3 -c 'import re, sys
print(re.search(r"__version__ = \"([^\"]+)\"", open(sys.argv[1]).read()).group(1))' \
    "$root/src/easeback/__init__.py")
[ "$version" = "Easeback $expected_version" ] ||
    fail "expected 'Easeback $expected_version', got '$version'"

step "easeback list (installed)"
"$easeback" list >"$work/list.txt" 2>"$work/list.err" || {
    cat "$work/list.txt" "$work/list.err"
    fail "easeback list exited with an error"
}
cat "$work/list.txt"
if [ -s "$work/list.err" ]; then
    cat "$work/list.err"
    fail "easeback list printed warnings"
fi
grep -q "^Exercises:" "$work/list.txt" && grep -q "^Routines:" "$work/list.txt" ||
    fail "easeback list did not list exercises and routines"

step "easeback plan (installed): every routine compiles"
"$easeback" list --json >"$work/list.json"
"$work/venv/bin/python" - "$work/list.json" <<'EOF' || fail "a plan did not compile"
import json
import subprocess
import sys
from pathlib import Path

easeback = Path(sys.executable).with_name("easeback")
for row in json.loads(Path(sys.argv[1]).read_text()):
    if row["kind"] != "routine":
        continue
    out = subprocess.run([easeback, "plan", row["id"], "--json"], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"easeback plan {row['id']}: exit {out.returncode}: {out.stderr}")
    plan = json.loads(out.stdout)
    print(f"ok: {row['id']}: {len(plan['phases'])} phases, {plan['total_seconds']:.0f} s")
EOF

step "the installed app reads its data from the installed package"
"$work/venv/bin/python" - "$work/venv" <<'EOF' || fail "data is not read from the installed package"
import sys
from pathlib import Path

from easeback.core.resources import catalogue_path, resource

venv = Path(sys.argv[1]).resolve()
icon = resource("icons/io.github.easeback.Easeback.svg")
for path in (catalogue_path(), icon):
    print(path)
    if venv not in path.resolve().parents or not path.is_file():
        sys.exit(f"{path} is not a file inside {venv}")
EOF

step "packaging/linux/install.sh for the installed easeback"
"$root/packaging/linux/install.sh" --prefix "$work/prefix" --exec "$easeback" ||
    fail "install.sh failed"
grep -q "^Exec=$easeback$" "$work/prefix/share/applications/$APP_ID.desktop" ||
    fail "the installed menu entry does not launch $easeback"

printf '\nAll packaging checks passed in %d s.\n' "$((SECONDS - started))"
