"""Speech: the pyttsx3 speaker, fallbacks and WAV rendering."""
