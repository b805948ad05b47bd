"""Easeback: a hands-free coach for back-pain stretches and glute exercises."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("easeback")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

APP_ID = "io.github.easeback.Easeback"
APP_NAME = "Easeback"
