import sys

if sys.argv[1:] == ["--probe-speech-engine"]:  # the speech engine's check, run as a child
    from easeback.speech.engine import probe_speech_engine

    probe_speech_engine()
    sys.exit(0)

from easeback.cli import main

sys.exit(main())
