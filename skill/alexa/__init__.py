"""The Alexa edge: what turns the skill's neutral replies into what an Alexa device takes."""
