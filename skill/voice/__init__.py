"""Speech: the SSML builder that keeps Alexa's limits, wording and prompt variants, numbers said and heard."""
