import subprocess
import sys


def test_importing_every_core_module_does_not_import_qt():
    code = (
        "import pkgutil, importlib, sys, easeback.core as core\n"
        "names = [m.name for m in pkgutil.iter_modules(core.__path__, 'easeback.core.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(len(names), bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, bad = out.stdout.split(" ", 1)
    assert int(count) >= 7
    assert bad.strip() == "[]"


def test_core_sources_use_no_sleep_or_thread_timers():
    from pathlib import Path

    import easeback.core

    for path in Path(easeback.core.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "time.sleep" not in text, path
        assert "threading.Timer" not in text, path
