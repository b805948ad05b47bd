# PyInstaller runtime hook (packaging/easeback.spec): give child processes the
# system's library path back.
#
# On Linux the bootloader puts the bundle's folder first on LD_LIBRARY_PATH
# (keeping the user's value in LD_LIBRARY_PATH_ORIG). Easeback itself has
# already started by now, so this changes nothing for it; but the system
# programs it runs (espeak-ng, aplay, arecord, ...) would otherwise load the
# bundle's libasound, libstdc++ and friends from the build machine instead of
# their own, which breaks them on a different distribution.
import os
import sys

if sys.platform.startswith("linux") and getattr(sys, "frozen", False):
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)
