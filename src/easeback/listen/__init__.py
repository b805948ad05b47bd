"""Hands-free control: spoken commands recognised offline from a microphone.

``grammar`` names the phrases and the command each one gives; ``recogniser``
turns 16 kHz mono audio into commands (PocketSphinx endpointer + grammar);
``microphone`` reads ``arecord`` on a worker thread; ``gate`` keeps the app
from hearing its own voice; ``commands`` turns what was heard into session
actions. Nothing here imports Qt or the window.
"""
