"""Requests and answers in the team's own words: exercise commands and names, and self-check answers said in
sentences (skill/content/listening/requests.yaml, answers.yaml). None is taken from the corpus or issue 11."""
from __future__ import annotations

import pytest

from skill.listener import listen

COMMANDS = [
    ('list', 'what exercises do you have'),
    ('list', 'which exercises are there'),
    ('list', 'list the exercises'),
    ('list', 'what are the exercises'),
    ('list', 'tell us the exercises'),
    ('describe', 'how does it work'),
    ('describe', "what's that one about"),
    ('describe', 'tell me how the forgiveness one works'),
    ('describe', 'explain how we do it'),
    ('describe', 'what do we do in this one'),
    ('start', "let's go"),
    ('start', 'go for it'),
    ('start', "we're ready to start"),
    ('start', 'start'),
    ('start', 'ok begin'),
    ('start', 'start the eye contact one'),
    ('start', "let's start the exercise"),
    ('different', 'another one'),
    ('different', 'not this one, a different one'),
    ('different', 'can we try a different exercise'),
    ('different', 'something else'),
    ('shorter', 'make it quicker'),
    ('shorter', 'can we do a shorter one'),
    ('shorter', 'less time please'),
    ('longer', 'give us more time'),
    ('longer', 'can it last longer'),
    ('longer', 'make it longer please'),
    ('set_length', 'three minutes please'),
    ('set_length', 'make it a minute'),
    ('set_length', 'do five minutes'),
    ('set_length', 'set it for ten minutes'),
    ('time_left', 'how long to go'),
    ('time_left', 'how much longer'),
    ('time_left', 'how much time have we got left'),
    ('rounds_left', 'how many more rounds'),
    ('rounds_left', 'is this the final round'),
    ('rounds_left', 'how many rounds to go'),
    ('again', 'again please'),
    ('again', 'same again'),
    ('again', 'can we do it one more time'),
    ('again', "let's do it again"),
    ('done', "we're finished"),
    ('done', "that's it, we're done"),
    ('done', 'stop the exercise'),
    ('done', 'all done now'),
    ('pause', 'pause please'),
    ('pause', 'hold on a minute'),
    ('pause', 'give us a second'),
    ('pause', 'stop for a moment'),
    ('resume', 'carry on'),
    ('resume', 'go on'),
    ('resume', 'resume please'),
    ('resume', "ok we're back"),
    ('any', 'you pick'),
    ('any', 'any of them is fine'),
    ('any', 'you decide'),
    ('any', 'pick one for us'),
    ('forgiveness', 'the forgiving one'),
    ('forgiveness', 'can we do the one about forgiving each other'),
    ('eye_contact', "let's try looking into each other's eyes"),
    ('eye_contact', 'the eye contact exercise'),
    ('share_personal', 'the one where we share something about ourselves'),
    ('share_personal', "let's do the sharing exercise"),
    ('question_round', 'can we ask each other questions'),
    ('question_round', 'the question one please'),
    ('three_things', "let's say three nice things about each other"),
    ('three_things', 'the three things exercise'),
]

ANSWERS = [
    ('yes we do', 'open_lives', 'yes'),
    ('oh definitely, we tell each other everything', 'open_lives', 'yes'),
    ('they always add up', 'stories_add_up', 'yes'),
    ('his stories make sense, yeah', 'stories_add_up', 'yes'),
    ('we can talk about anything at all', 'easy_talk', 'yes'),
    ("she's totally relaxed with me", 'at_ease_together', 'yes'),
    ("I'm always checking where he is", 'checking_up', 'yes'),
    ("there's drama all the time", 'drama', 'yes'),
    ('yes I do', 'feels_unsafe', 'yes'),
    ("absolutely, it's constant", 'drama', 'yes'),
    ("I'd say so", 'open_lives', 'yes'),
    ('no we keep things to ourselves', 'open_lives', 'no'),
    ("she doesn't tell me much at all", 'open_lives', 'no'),
    ('his stories never add up', 'stories_add_up', 'no'),
    ('no, there are always gaps', 'stories_add_up', 'no'),
    ("we can't talk without arguing", 'easy_talk', 'no'),
    ("I've never met her family", 'meets_their_people', 'no'),
    ('he never looks me in the eye', 'at_ease_together', 'no'),
    ('I never check up on her', 'checking_up', 'no'),
    ('not at all, I trust him', 'checking_up', 'no'),
    ('nobody controls anyone', 'control', 'no'),
    ("there's nothing like that between us", 'lie_hurts', 'no'),
    ('no lies that I know of', 'lie_hurts', 'no'),
    ('never', 'feels_unsafe', 'no'),
    ('no, never with him', 'feels_unsafe', 'no'),
    ('I always feel safe with her', 'feels_unsafe', 'no'),
    ('now and again', 'open_lives', 'sometimes'),
    ('most of the time but not always', 'stories_add_up', 'sometimes'),
    ('it depends on the day', 'easy_talk', 'sometimes'),
    ('some of them but not all', 'meets_their_people', 'sometimes'),
    ('it varies', 'at_ease_together', 'sometimes'),
    ("it's a bit touchy sometimes", 'open_devices', 'sometimes'),
    ('once in a while', 'checking_up', 'sometimes'),
    ('a little bit', 'control', 'sometimes'),
    ('on and off', 'drama', 'sometimes'),
    ('every so often it comes back', 'lie_hurts', 'sometimes'),
    ('half the time', 'broken_promises', 'sometimes'),
    ('occasionally', 'feels_unsafe', 'sometimes'),
    ("I'm not sure", 'open_lives', 'not_sure'),
    ("I couldn't say", 'stories_add_up', 'not_sure'),
    ('I have no idea', 'easy_talk', 'not_sure'),
    ("I don't really know", 'meets_their_people', 'not_sure'),
    ("I haven't paid attention to that", 'at_ease_together', 'not_sure'),
    ('hmm, hard to tell', 'open_devices', 'not_sure'),
    ("I'm unsure", 'checking_up', 'not_sure'),
    ('not really sure how to answer that', 'control', 'not_sure'),
    ("good question, I don't know", 'drama', 'not_sure'),
    ("I'm not certain", 'lie_hurts', 'not_sure'),
    ("it's too soon to say", 'broken_promises', 'not_sure'),
    ("I don't know", 'feels_unsafe', 'not_sure'),
    ('skip it', 'open_lives', 'skip'),
    ("I'll pass", 'stories_add_up', 'skip'),
    ('can we go to the next one', 'easy_talk', 'skip'),
    ("I'd prefer not to answer", 'meets_their_people', 'skip'),
    ("let's skip that", 'at_ease_together', 'skip'),
    ("I'd rather not answer that one", 'feels_unsafe', 'skip'),
    ('pretty much always', 'open_lives', 'yes'),
    ('most definitely', 'open_lives', 'yes'),
    ("I'd like to think so", 'easy_talk', 'yes'),
    ('on the whole yes', 'easy_talk', 'yes'),
    ('for the most part yes', 'stories_add_up', 'yes'),
    ("more often than I'd like", 'drama', 'yes'),
    ('I do, way too much', 'checking_up', 'yes'),
    ('not so much', 'open_lives', 'no'),
    ('not these days', 'easy_talk', 'no'),
    ('not lately', 'easy_talk', 'no'),
    ('I wish', 'meets_their_people', 'no'),
    ('if only', 'meets_their_people', 'no'),
    ('ha, no', 'meets_their_people', 'no'),
    ("I don't think they do", 'stories_add_up', 'no'),
    ('not that I can think of', 'lie_hurts', 'no'),
    ('less and less', 'at_ease_together', 'no'),
    ('rarely if ever', 'open_devices', 'no'),
    ('fifty fifty', 'drama', 'sometimes'),
    ("it's a mixed bag", 'easy_talk', 'sometimes'),
    ('depends on his mood', 'at_ease_together', 'sometimes'),
    ('sort of yes', 'open_lives', 'sometimes'),
    ('in a way', 'control', 'sometimes'),
    ("I can't remember", 'stories_add_up', 'not_sure'),
    ("couldn't tell you", 'drama', 'not_sure'),
    ("I wouldn't know", 'control', 'not_sure'),
    ('beats me', 'at_ease_together', 'not_sure'),
    ("it's hard to know", 'open_devices', 'not_sure'),
    ('maybe, maybe not', 'lie_hurts', 'not_sure'),
    ("I'm not the best judge of that", 'checking_up', 'not_sure'),
    ("that's personal", 'open_lives', 'skip'),
    ("I'd rather keep that private", 'control', 'skip'),
    ('next', 'drama', 'skip'),
    ('can we move along', 'lie_hurts', 'skip'),
    ("I'm not comfortable answering", 'easy_talk', 'skip'),
    ("I don't want to say", 'broken_promises', 'skip'),
]


@pytest.mark.parametrize(("detail", "sentence"), COMMANDS)
def test_exercise_commands_and_names(detail, sentence):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.detail) == ("exercise", detail)


def test_a_command_keeps_the_exercise_it_names():
    hearing = listen("start the eye contact one")
    assert (hearing.detail, hearing.exercise) == ("start", "eye_contact")


@pytest.mark.parametrize("sentence", ["he did it again", "I keep going through her phone", "my husband finished with me last year",
                                      "I need more time to think about him"])
def test_command_words_inside_a_story_are_not_commands(sentence):
    assert listen(sentence).meaning != "exercise"


@pytest.mark.parametrize(("sentence", "question", "answer"), ANSWERS)
def test_answers_in_the_teams_words(sentence, question, answer):
    hearing = listen(sentence, asked=question)
    assert (hearing.meaning, hearing.detail) == ("answer", answer)


def test_an_answer_is_read_only_after_a_question():
    assert listen("some days").meaning != "answer"


def test_no_cue_after_a_question_is_not_an_answer():
    assert listen("tell me about red flags", asked="drama").meaning == "topic"
