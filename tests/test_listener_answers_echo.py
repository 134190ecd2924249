"""Answers said in the question's own words, phrase by phrase (skill/content/listening/answer_echoes.yaml): "talking
is easy for us" after "can the two of you talk easily?" is yes. The team's own sentences; none from the corpus."""
from __future__ import annotations

import pytest

from skill import content
from skill.listener import listen
from skill.listener.answers import echo_patterns

ECHOES = [
    # open_lives: do you share what is really going on in your lives?
    ("we tell each other everything", "open_lives", "yes"),
    ("honestly we share it all, the good and the bad", "open_lives", "yes"),
    ("she fills me in on her day every night", "open_lives", "yes"),
    ("he's an open book with me", "open_lives", "yes"),
    ("we have no secrets", "open_lives", "yes"),
    ("we talk about our days over dinner", "open_lives", "yes"),
    ("he keeps things to himself", "open_lives", "no"),
    ("she keeps her life pretty separate", "open_lives", "no"),
    ("we don't really talk about our days", "open_lives", "no"),
    ("we don't tell each other everything", "open_lives", "no"),
    ("he always keeps it to himself", "open_lives", "no"),
    ("he never keeps things to himself", "open_lives", "yes"),
    ("I find things out from his mates weeks later", "open_lives", "no"),
    ("she's a bit of a closed book", "open_lives", "sometimes"),
    ("he doesn't really open up", "open_lives", "no"),
    # stories_add_up: does what your partner tells you fit together?
    ("what she says always checks out", "stories_add_up", "yes"),
    ("his story always adds up", "stories_add_up", "yes"),
    ("he's straight with me", "stories_add_up", "yes"),
    ("things don't add up", "stories_add_up", "no"),
    ("her story keeps changing", "stories_add_up", "no"),
    ("there are gaps in his story", "stories_add_up", "no"),
    ("I've caught him out more than once", "stories_add_up", "no"),
    ("I've never caught her in a lie", "stories_add_up", "yes"),
    ("something always feels off", "stories_add_up", "no"),
    # easy_talk: can the two of you talk easily and plainly?
    ("talking is easy for us", "easy_talk", "yes"),
    ("we can talk for hours", "easy_talk", "yes"),
    ("she's so easy to talk to", "easy_talk", "yes"),
    ("we communicate really well", "easy_talk", "yes"),
    ("it's hard to talk to him", "easy_talk", "no"),
    ("talking to her is a struggle", "easy_talk", "no"),
    ("he just shuts down", "easy_talk", "no"),
    ("it always turns into a row", "easy_talk", "no"),
    ("talking isn't easy for us", "easy_talk", "no"),
    ("no it's like pulling teeth, honestly", "easy_talk", "no"),
    # meets_their_people: is your partner keen for you to meet their friends and family?
    ("she introduced me to her parents straight away", "meets_their_people", "yes"),
    ("his family love me", "meets_their_people", "yes"),
    ("he takes me along to everything", "meets_their_people", "yes"),
    ("I've met all her mates", "meets_their_people", "yes"),
    ("I've never met his family", "meets_their_people", "no"),
    ("he keeps me away from his friends", "meets_their_people", "no"),
    ("she always makes excuses", "meets_their_people", "no"),
    ("I feel like his dirty little secret", "meets_their_people", "no"),
    # at_ease_together: does your partner seem at ease and meet your eyes?
    ("he looks me in the eye", "at_ease_together", "yes"),
    ("she seems really relaxed with me", "at_ease_together", "yes"),
    ("he always looks away", "at_ease_together", "no"),
    ("she avoids eye contact", "at_ease_together", "no"),
    ("he seems tense around me", "at_ease_together", "no"),
    ("she never looks at me", "at_ease_together", "no"),
    ("he's never tense with me", "at_ease_together", "yes"),
    # open_devices: are phones and computers an open, relaxed topic?
    ("we know each other's passcodes", "open_devices", "yes"),
    ("she leaves her phone lying around", "open_devices", "yes"),
    ("it's no big deal for us", "open_devices", "yes"),
    ("I can pick up his phone whenever", "open_devices", "yes"),
    ("phones aren't an issue", "open_devices", "yes"),
    ("he's cagey about his phone", "open_devices", "no"),
    ("she keeps it face down", "open_devices", "no"),
    ("he changed his passcode last month", "open_devices", "no"),
    ("she takes her phone to the loo", "open_devices", "no"),
    ("it's a real sore point", "open_devices", "no"),
    ("he won't let me look at it", "open_devices", "no"),
    # checking_up: do you find yourself checking up on your partner over and over?
    ("I always know where she is", "checking_up", "yes"),
    ("I go through his messages when he's asleep", "checking_up", "yes"),
    ("I keep tabs on her", "checking_up", "yes"),
    ("I can't stop myself checking", "checking_up", "yes"),
    ("I'm not the jealous type", "checking_up", "no"),
    ("I don't check up on him", "checking_up", "no"),
    ("I leave her to it", "checking_up", "no"),
    # control: does one of you try to control what the other one does?
    ("he decides everything", "control", "yes"),
    ("she calls the shots", "control", "yes"),
    ("it's his way or the highway", "control", "yes"),
    ("we make decisions together", "control", "no"),
    ("we give each other space", "control", "no"),
    ("she doesn't decide everything", "control", "no"),
    ("neither of us is bossy", "control", "no"),
    # drama: is there a lot of drama, suspicion or defensiveness?
    ("it's a soap opera in our house", "drama", "yes"),
    ("he gets so defensive", "drama", "yes"),
    ("we're always arguing", "drama", "yes"),
    ("we never argue", "drama", "no"),
    ("it's pretty peaceful", "drama", "no"),
    ("we get on really well", "drama", "no"),
    ("there's no drama at all", "drama", "no"),
    # lie_hurts: is there a recent lie or betrayal between you that still hurts?
    ("it still stings", "lie_hurts", "yes"),
    ("he cheated last year", "lie_hurts", "yes"),
    ("I can't get past it", "lie_hurts", "yes"),
    ("I haven't forgiven her", "lie_hurts", "yes"),
    ("we've put it behind us", "lie_hurts", "no"),
    ("it's water under the bridge", "lie_hurts", "no"),
    ("she's always been honest with me", "lie_hurts", "no"),
    ("he's never lied to me", "lie_hurts", "no"),
    # broken_promises: does your partner keep promising to change, while nothing really changes?
    ("nothing ever changes", "broken_promises", "yes"),
    ("it's all talk with him", "broken_promises", "yes"),
    ("she goes straight back to her old ways", "broken_promises", "yes"),
    ("he hasn't changed at all", "broken_promises", "yes"),
    ("he never follows through", "broken_promises", "yes"),
    ("she always keeps her word", "broken_promises", "no"),
    ("he's really changed", "broken_promises", "no"),
    ("she does what she says", "broken_promises", "no"),
    # A second round, in other words again, question by question.
    ("we're pretty open about everything", "open_lives", "yes"),
    ("she tells me all about her work and her mates", "open_lives", "yes"),
    ("he's quite a private person really", "open_lives", "no"),
    ("I only hear about stuff after the fact", "open_lives", "no"),
    ("we live separate lives these days", "open_lives", "no"),
    ("we chat about everything", "open_lives", "yes"),
    ("he bottles everything up", "open_lives", "no"),
    ("his accounts hang together fine", "stories_add_up", "yes"),
    ("it all makes sense when he explains", "stories_add_up", "yes"),
    ("there are hours I can't account for", "stories_add_up", "no"),
    ("she gets vague about where she's been", "stories_add_up", "no"),
    ("his excuses change every time", "stories_add_up", "no"),
    ("I've got no reason to doubt her", "stories_add_up", "yes"),
    ("we can say anything to each other", "easy_talk", "yes"),
    ("conversation just flows with us", "easy_talk", "yes"),
    ("we're good at talking things through", "easy_talk", "yes"),
    ("we end up shouting whenever we try", "easy_talk", "no"),
    ("it's like talking to a brick wall", "easy_talk", "no"),
    ("he won't talk about anything serious", "easy_talk", "no"),
    ("we're great at it", "easy_talk", "yes"),
    ("his mum treats me like her own daughter", "meets_their_people", "yes"),
    ("she brings me to every family do", "meets_their_people", "yes"),
    ("I haven't met anyone from her side", "meets_their_people", "no"),
    ("her friends don't even know I exist", "meets_their_people", "no"),
    ("she holds my gaze when we talk", "at_ease_together", "yes"),
    ("he's totally at ease with me", "at_ease_together", "yes"),
    ("she gets all fidgety", "at_ease_together", "no"),
    ("he can't look me in the eye", "at_ease_together", "no"),
    ("he stares at his phone the whole time", "at_ease_together", "no"),
    ("our phones are just phones", "open_devices", "yes"),
    ("she hands me her phone to read things", "open_devices", "yes"),
    ("he guards his laptop with his life", "open_devices", "no"),
    ("she deletes her messages", "open_devices", "no"),
    ("he gets touchy if I go near his phone", "open_devices", "no"),
    ("I look through her phone when she's in the shower", "checking_up", "yes"),
    ("I'm always on his location app", "checking_up", "yes"),
    ("I ring her ten times a day to see where she is", "checking_up", "yes"),
    ("I trust him, I don't need to check", "checking_up", "no"),
    ("I've never looked at his phone", "checking_up", "no"),
    ("I keep checking her socials", "checking_up", "yes"),
    ("he has to have the final say on everything", "control", "yes"),
    ("she tells me what I can wear", "control", "yes"),
    ("we both do what we like", "control", "no"),
    ("nobody bosses anyone around", "control", "no"),
    ("we're equals", "control", "no"),
    ("it kicks off every weekend", "drama", "yes"),
    ("she accuses me of flirting all the time", "drama", "yes"),
    ("it's all very calm", "drama", "no"),
    ("we hardly ever fall out", "drama", "no"),
    ("we're constantly at each other's throats", "drama", "yes"),
    ("he had an affair last spring and I'm still not over it", "lie_hurts", "yes"),
    ("she lied about the money and it still bothers me", "lie_hurts", "yes"),
    ("we worked through it ages ago", "lie_hurts", "no"),
    ("there's nothing like that between us", "lie_hurts", "no"),
    ("I've forgiven him", "lie_hurts", "no"),
    ("same old story every time", "broken_promises", "yes"),
    ("she promises and then it's back to square one", "broken_promises", "yes"),
    ("he's stuck to it this time", "broken_promises", "no"),
    ("when he says he'll change he actually does", "broken_promises", "no"),
    ("it lasts about a week then he's back to his old ways", "broken_promises", "yes"),
]


@pytest.mark.parametrize(("sentence", "question", "answer"), ECHOES)
def test_an_answer_in_the_questions_own_words(sentence, question, answer):
    hearing = listen(sentence, asked=question)
    assert (hearing.meaning, hearing.detail) == ("answer", answer), hearing.evidence


def test_every_question_but_feels_unsafe_has_echoes_both_ways():
    questions = content.load("listening/answer_echoes")["questions"]
    asked = {question["id"] for question in content.load("questions")["questions"]}
    assert set(questions) == asked - {"feels_unsafe"}
    for question in questions:
        assert {pattern.kind for pattern in echo_patterns(question)} == {"yes", "no"}, question


def test_an_echo_is_heard_only_after_its_own_question():
    assert listen("talking is easy for us", asked="drama").meaning != "answer"
    assert listen("talking is easy for us").meaning != "answer"


def test_an_echo_alone_is_fairly_sure_and_one_agreeing_with_yes_or_no_is_sure():
    assert listen("he keeps things to himself", asked="open_lives").level == "fairly_sure"
    assert listen("no, he keeps things to himself", asked="open_lives").level == "sure"


def test_sometimes_words_still_win_over_an_echo():
    hearing = listen("sometimes he keeps things to himself", asked="open_lives")
    assert (hearing.meaning, hearing.detail) == ("answer", "sometimes")


def test_echoes_both_ways_are_sometimes():
    hearing = listen("he tells me about his day but keeps his work stuff to himself", asked="open_lives")
    assert (hearing.meaning, hearing.detail) == ("answer", "sometimes")


@pytest.mark.parametrize(("sentence", "question", "meaning"), [
    ("he decides everything and hits me if I argue", "control", "harm"),
    ("she checks my phone and won't let me see my friends", "open_devices", "harm"),
    ("we tell each other everything, I just want to die", "open_lives", "crisis"),
    ("I always know where he is because I'm scared of what he'll do", "checking_up", "harm"),
])
def test_danger_words_after_a_question_are_still_danger(sentence, question, meaning):
    assert listen(sentence, asked=question).meaning == meaning
