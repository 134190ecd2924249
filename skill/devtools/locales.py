"""Generates the en-GB, en-CA, en-AU and en-IN interaction models from en-US.json: local spelling and phrasings.

en-US.json is the one model people edit; the other locales are derived from it, so their intents and slots can
never drift apart. Each derived model has en-US's samples, slot values and synonyms in the locale's spelling
(skill/content/spelling.yaml, as the skill's speech) plus that locale's own phrasings
(skill/content/locale_phrasings.yaml). Run `python -m skill.devtools.locales` after changing either, and commit the result.
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

from skill import content
from skill.devtools.resolver import MODEL_DIR
from skill.voice.wording import localise

SOURCE_LOCALE = "en-US"
DERIVED_LOCALES = ("en-GB", "en-CA", "en-AU", "en-IN")


def build_locale_model(us_model: dict, locale: str) -> dict:
    """The interaction model for `locale`, made from the en-US model (which is left untouched)."""
    model = copy.deepcopy(us_model)
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
    """Rewrites every derived locale's model file from en-US.json; returns the paths written."""
    us_model = json.loads((Path(model_dir) / f"{SOURCE_LOCALE}.json").read_text(encoding="utf-8"))
    written = []
    for locale in DERIVED_LOCALES:
        path = Path(model_dir) / f"{locale}.json"
        path.write_text(model_text(build_locale_model(us_model, locale)), encoding="utf-8")
        written.append(path)
    return written


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
