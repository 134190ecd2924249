"""Generates every locale's interaction model that locales.yaml marks `generated_from` a hand-written one.

en-US.json is the one model people edit; the other locales are derived from it, so their intents and slots can
never drift apart. Each derived model has its source's samples, slot values and synonyms in the locale's spelling
(skill/content/spelling.yaml, as the skill's speech) plus that locale's own phrasings
(skill/content/locale_phrasings.yaml). Run `python -m skill.devtools.locales` after changing any of them, and commit
the result. The same run writes skill/content/carriers.yaml: the carriers each locale's phrase-slot samples may strip
from the words, which the skill puts back when it listens (the models themselves are not shipped with it).
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import yaml

from skill import content
from skill.content import locale_registry
from skill.devtools.carrier_phrases import crossings, stripped_carriers
from skill.devtools.resolver import MODEL_DIR, load_model
from skill.voice.wording import localise


def build_locale_model(source_model: dict, locale: str) -> dict:
    """The interaction model for `locale`, made from its hand-written source model (which is left untouched)."""
    model = copy.deepcopy(source_model)
    language = model["interactionModel"]["languageModel"]
    extra = content.load("locale_phrasings").get(locale, {})
    intents = {intent["name"]: intent for intent in language["intents"]}
    for name, samples in (extra.get("intents") or {}).items():
        if name not in intents:
            raise ValueError(f"locale_phrasings.yaml, {locale}: the model has no intent {name}")
        intents[name]["samples"] = list(intents[name].get("samples", [])) + list(samples)
    for intent in language["intents"]:
        if "samples" in intent:
            intent["samples"] = _unique(localise(sample, locale) for sample in intent["samples"])
    types = {kind["name"]: kind for kind in language.get("types", [])}
    for type_name, additions in (extra.get("types") or {}).items():
        if type_name not in types:
            raise ValueError(f"locale_phrasings.yaml, {locale}: the model has no slot type {type_name}")
        _add_synonyms(types[type_name], additions, locale)
    for kind in language.get("types", []):
        for value in kind["values"]:
            name = value["name"]
            name["value"] = localise(name["value"], locale)
            name["synonyms"] = [synonym for synonym in _unique(localise(s, locale) for s in name.get("synonyms", []))
                                if synonym != name["value"]]
    return model


def write_locale_models(model_dir: Path = MODEL_DIR) -> list[Path]:
    """Rewrites every generated locale's model file from its source model; returns the paths written."""
    written = []
    for locale in locale_registry.generated():
        path = Path(model_dir) / locale.model
        model = build_locale_model(load_model(locale.generated_from, model_dir), locale.name)
        path.write_text(model_text(model), encoding="utf-8")
        written.append(path)
    return written


CARRIERS_FILE = content.CONTENT_DIR / "carriers.yaml"
CARRIERS_HEADER = """\
# Made by `python -m skill.devtools.locales` from interaction_model/*.json and the listener's danger patterns; do not
# edit. locales: for each locale and intent with a phrase slot, the [before, after] carrier phrases its samples may
# strip from the words. crossings: for each tail of a carrier, as the listener reads it, the danger patterns (by
# key) a match of which may start there and run on into the words; patterns: every pattern key that was worked out
# for (skill/handlers/carriers.py tries a newer pattern after every tail).
"""


def carriers_text(model_dir: Path = MODEL_DIR) -> str:
    """carriers.yaml as the models of every locale and the listener's patterns make it."""
    carriers = {locale: stripped_carriers(load_model(locale, model_dir)) for locale in locale_registry.names()}
    before = [pair[0] for intents in carriers.values() for pairs in intents.values() for pair in pairs]
    table = {"locales": carriers, "crossings": crossings(before)}
    return CARRIERS_HEADER + yaml.safe_dump(table, sort_keys=False, allow_unicode=True, width=120,
                                            default_flow_style=None)


def model_text(model: dict) -> str:
    """A model as the files keep it, so a regenerated file differs only where the model does."""
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def _add_synonyms(kind: dict, additions: dict[str, list[str]], locale: str) -> None:
    values = {value.get("id"): value for value in kind["values"]}
    for value_id, synonyms in additions.items():
        if value_id not in values:
            raise ValueError(f"locale_phrasings.yaml, {locale}: slot type {kind['name']} has no value {value_id}")
        name = values[value_id]["name"]
        name["synonyms"] = list(name.get("synonyms", [])) + list(synonyms)


def _unique(items) -> list[str]:
    """Items in their first order, each once (local spelling can make two US phrasings one)."""
    return list(dict.fromkeys(items))


def main() -> int:
    for path in write_locale_models():
        print(f"wrote {path}")
    CARRIERS_FILE.write_text(carriers_text(), encoding="utf-8")
    print(f"wrote {CARRIERS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
