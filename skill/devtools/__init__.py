"""Tools for trying the skill without a device: the chat console, the utterance resolver, request envelopes, the locale generator."""
