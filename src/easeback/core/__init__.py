"""Qt-free core: catalogue, plan, cues, session, settings, history, reminders."""
