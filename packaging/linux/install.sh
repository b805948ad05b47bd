#!/bin/sh
# Add Easeback to the desktop's application menu (Linux, freedesktop.org desktops).
#
# For an `easeback` installed with pipx, uv tool, pip or as the PyInstaller
# bundle: installs the .desktop entry, the AppStream metainfo and the icons
# into ~/.local/share (or PREFIX/share), with Exec pointing at that `easeback`.
#
#   packaging/linux/install.sh                      # for the easeback on PATH
#   packaging/linux/install.sh --exec /opt/easeback/easeback   # the bundle
#   packaging/linux/install.sh --autostart          # also start hidden at login
#   sudo packaging/linux/install.sh --prefix /usr/local        # all users
#   packaging/linux/install.sh --uninstall
set -eu

APP_ID=io.github.easeback.Easeback
ICON_SIZES="16 32 48 64 128 256 512"

usage() {
    cat <<EOF
usage: $0 [--prefix DIR] [--exec PATH] [--autostart] [--uninstall]

  --prefix DIR   install under DIR/share (default: \${XDG_DATA_HOME:-~/.local/share})
  --exec PATH    the easeback executable to launch (default: easeback on PATH)
  --autostart    also start Easeback in the tray at login (break reminders)
  --uninstall    remove what this script installs (and the autostart entry)
EOF
}

prefix=${PREFIX:-}
exe=
autostart=no
uninstall=no
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --exec) exe=${2:?--exec needs a path}; shift 2 ;;
        --exec=*) exe=${1#*=}; shift ;;
        --autostart) autostart=yes; shift ;;
        --uninstall) uninstall=yes; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

if [ -n "$prefix" ]; then
    data=$prefix/share
else
    data=${XDG_DATA_HOME:-$HOME/.local/share}
fi
autostart_file=${XDG_CONFIG_HOME:-$HOME/.config}/autostart/$APP_ID.desktop

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
    fi
}

if [ "$uninstall" = yes ]; then
    rm -fv "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml" \
        "$data/icons/hicolor/scalable/apps/$APP_ID.svg" "$autostart_file"
    for size in $ICON_SIZES; do
        rm -fv "$data/icons/hicolor/${size}x$size/apps/$APP_ID.png"
    done
    refresh_caches
    exit 0
fi

# The easeback to launch: absolute, so the menu entry works even when the
# desktop session's PATH lacks ~/.local/bin.
if [ -z "$exe" ]; then
    exe=$(command -v easeback || true)
    if [ -z "$exe" ]; then
        echo "error: easeback is not on PATH. Install it first (see packaging/README.md)" >&2
        echo "       or name the executable with --exec PATH." >&2
        exit 1
    fi
fi
case $exe in
    /*) ;;
    *) exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe") ;;
esac
if [ ! -x "$exe" ]; then
    echo "error: $exe is not an executable file" >&2
    exit 1
fi

# Where the files come from: this checkout, or else the share/ folder that the
# wheel installed next to the easeback executable (pipx, uv tool, venv).
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ -f "$here/$APP_ID.desktop" ] && [ -d "$root/packaging/icons/hicolor" ]; then
    desktop_src=$here/$APP_ID.desktop
    metainfo_src=$here/$APP_ID.metainfo.xml
    icons_src=$root/packaging/icons/hicolor
    svg_src=$root/resources/icons/$APP_ID.svg
else
    share=$(cd "$(dirname "$(readlink -f "$exe")")/../share" 2>/dev/null && pwd || true)
    if [ -z "$share" ] || [ ! -f "$share/applications/$APP_ID.desktop" ]; then
        echo "error: cannot find $APP_ID.desktop next to this script or in the share/" >&2
        echo "       folder of $exe; run this script from an Easeback checkout." >&2
        exit 1
    fi
    desktop_src=$share/applications/$APP_ID.desktop
    metainfo_src=$share/metainfo/$APP_ID.metainfo.xml
    icons_src=$share/icons/hicolor
    svg_src=$share/icons/hicolor/scalable/apps/$APP_ID.svg
fi

# The Desktop Entry spec wants an argument with spaces quoted.
case $exe in
    *[[:space:]]*) exec_value="\"$exe\"" ;;
    *) exec_value=$exe ;;
esac
# Escape characters that are special in a sed replacement. TryExec is a plain
# path (no quoting).
exec_sed=$(printf '%s' "$exec_value" | sed 's/[\\&|]/\\&/g')
tryexec_sed=$(printf '%s' "$exe" | sed 's/[\\&|]/\\&/g')

echo "Installing the Easeback menu entry into $data for $exe"
mkdir -p "$data/applications" "$data/metainfo" "$data/icons/hicolor/scalable/apps"
sed -e "s|^Exec=easeback|Exec=$exec_sed|" -e "s|^TryExec=easeback|TryExec=$tryexec_sed|" \
    "$desktop_src" >"$data/applications/$APP_ID.desktop"
chmod 644 "$data/applications/$APP_ID.desktop"
install -m 644 "$metainfo_src" "$data/metainfo/$APP_ID.metainfo.xml"
install -m 644 "$svg_src" "$data/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $ICON_SIZES; do
    mkdir -p "$data/icons/hicolor/${size}x$size/apps"
    install -m 644 "$icons_src/${size}x$size/apps/$APP_ID.png" "$data/icons/hicolor/${size}x$size/apps/$APP_ID.png"
done
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$data/applications/$APP_ID.desktop"
fi
refresh_caches
echo "  $data/applications/$APP_ID.desktop"
echo "  $data/metainfo/$APP_ID.metainfo.xml"
echo "  $data/icons/hicolor/{16x16..512x512,scalable}/apps/$APP_ID.{png,svg}"

if [ "$autostart" = yes ]; then
    mkdir -p "$(dirname "$autostart_file")"
    sed -e "s|^Exec=easeback.*|Exec=$exec_sed --start-hidden|" \
        -e "s|^TryExec=easeback|TryExec=$tryexec_sed|" \
        -e '/^StartupNotify=/d' "$desktop_src" >"$autostart_file"
    printf 'X-GNOME-Autostart-enabled=true\n' >>"$autostart_file"
    chmod 644 "$autostart_file"
    echo "  $autostart_file (starts in the tray at login)"
fi
