"""Easeback: a hands-free coach for back-pain stretches and glute exercises."""

__version__ = "0.1.0"

APP_ID = "io.github.easeback.Easeback"
APP_NAME = "Easeback"
