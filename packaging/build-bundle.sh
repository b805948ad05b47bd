#!/usr/bin/env bash
# Build the one-folder app with PyInstaller into dist/easeback/, then smoke-test it.
#
#     packaging/build-bundle.sh               # build, then test
#     packaging/build-bundle.sh --no-build    # test an existing dist/easeback/
#
# Linux and macOS (on Windows, see packaging/README.md). The smoke test runs the
# bundled executable from another directory, offscreen, with a private settings
# home: --version, list, plan, the data files, the voice when the speech
# commands exist, and the window for a few seconds.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
bundle=$root/dist/easeback
exe=$bundle/easeback
APP_ID=io.github.easeback.Easeback

step() { printf '\n==> %s\n' "$*"; }
fail() {
    printf 'FAILED: %s\n' "$*" >&2
    exit 1
}

if [ "${1:-}" != "--no-build" ]; then
    step "uv run --group bundle pyinstaller packaging/easeback.spec --noconfirm"
    started=$SECONDS
    uv run --group bundle pyinstaller packaging/easeback.spec --noconfirm --log-level WARN ||
        fail "PyInstaller did not build the bundle"
    echo "built in $((SECONDS - started)) s"
fi
[ -x "$exe" ] || fail "$exe does not exist; build it first"

work=$(mktemp -d "${TMPDIR:-/tmp}/easeback-bundle-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export EASEBACK_HOME=$work/home QT_QPA_PLATFORM=offscreen

step "the bundle carries the catalogue, the schema, resources/ and the metadata"
data=$(dirname "$(find "$bundle" -path '*/easeback/data/exercises.json' -print -quit)")
[ -n "$data" ] && [ "$data" != . ] || fail "exercises.json is not in the bundle"
for file in exercises.json exercises.schema.json "resources/icons/$APP_ID.svg"; do
    [ -f "$data/$file" ] || fail "$file is not in the bundle"
done
(cd "$root/resources" && find . -type f) | while read -r file; do
    [ -f "$data/resources/$file" ] || fail "resources/${file#./} is not in the bundle"
done
find "$bundle" -name 'libqsvg*' | grep -q . || fail "Qt's SVG image plugin is not in the bundle"
echo "ok: $data"

step "easeback --version (bundled, from $PWD)"
version=$("$exe" --version) || fail "easeback --version exited with $?"
echo "$version"
expected=$(python3 -c 'import re, sys
print(re.search(r"__version__ = \"([^\"]+)\"", open(sys.argv[1]).read()).group(1))' \
    "$root/src/easeback/__init__.py")
[ "$version" = "Easeback $expected" ] || fail "expected 'Easeback $expected', got '$version'"

step "easeback list (bundled)"
"$exe" list 2>"$work/list.err" | tee "$work/list.txt" || fail "easeback list exited with an error"
[ -s "$work/list.err" ] && { cat "$work/list.err"; fail "easeback list printed warnings"; }
grep -q "^Routines:" "$work/list.txt" || fail "easeback list did not list the routines"

step "easeback plan desk-break --json (bundled)"
"$exe" plan desk-break --json >"$work/plan.json" || fail "easeback plan exited with an error"
python3 -c 'import json, sys
plan = json.load(open(sys.argv[1]))
print("ok:", len(plan["phases"]), "phases,", round(plan["total_seconds"]), "s")' "$work/plan.json" ||
    fail "easeback plan --json did not print a plan"

if [ -f "$root/src/easeback/cli/voices.py" ]; then
    step "easeback voices (bundled: pyttsx3 and its driver)"
    "$exe" voices || fail "easeback voices exited with an error (is espeak-ng installed?)"
fi

step "the window starts (bundled, offscreen, 8 s)"
status=0
timeout 8 "$exe" --no-voice >"$work/window.out" 2>&1 || status=$?
cat "$work/window.out"
case $status in
    0) echo "ok: exited normally" ;;
    124) echo "ok: still running after 8 s" ;;
    *) fail "the window exited with status $status" ;;
esac
if grep -Eq 'Could not (load|find) the Qt platform plugin|Traceback' "$work/window.out"; then
    fail "the window reported an error"
fi

step "bundle size"
du -sh "$bundle"
echo "All bundle checks passed."
