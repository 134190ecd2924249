"""Logs exceptions without their messages: a message may quote what a person said, or data they stored.

The one way the skill reports a failure it caught: the exception's type (and a storage error code), its causes
the same way, and the frames it passed through. Never `str(error)`, `repr(error)` or `logger.exception`.
"""
from __future__ import annotations

import logging
import traceback

# Libraries the skill's storage and downloads run through. At DEBUG botocore logs each request's body and each
# response: the stored answers, the person's id. Capped at WARNING, whatever the root logger's level.
LIBRARY_LOGGERS = ("boto3", "botocore", "urllib3", "s3transfer", "requests")
LIBRARY_LEVEL = logging.WARNING


def cap_library_loggers() -> None:
    """Keep the libraries' loggers, and any of their children given a level of its own, at LIBRARY_LEVEL or above."""
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(max(LIBRARY_LEVEL, logging.getLogger(name).level))
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.split(".", 1)[0] in LIBRARY_LOGGERS \
                and logger.level != logging.NOTSET and logger.level < LIBRARY_LEVEL:
            logger.setLevel(LIBRARY_LEVEL)


def skip_call_sites() -> None:
    """Log records without the source line and thread they were made on: no format the skill runs under (its own,
    Lambda's, gunicorn's) prints them, and finding them (a walk up the stack per record, a thread lookup) was about
    a quarter of the turn line's cost. The logging documentation's own advice for speed; process ids are kept."""
    logging._srcfile = None
    logging.logThreads = False


def describe_fault(error: BaseException) -> str:
    """Names an exception and its causes by type and error code only: messages may quote user data."""
    names = []
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        names.append(_fault_name(current))
        current = current.__cause__ or current.__context__
    return " <- ".join(names)


# A recursion through hostile input (deeply nested JSON) passes a thousand frames: the first and the last few say
# where it came from and where it failed, and keep one record a few kilobytes long.
FIRST_FRAMES = 5
LAST_FRAMES = 10


def log_failure(logger: logging.Logger, what: str, error: BaseException, *, level: int = logging.ERROR) -> None:
    """One record: `what` failed, the exception by type and code, and the frames it was raised through."""
    logger.log(level, "%s: %s\n%s", what, describe_fault(error), _frames(error))


def _frames(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if len(frames) <= FIRST_FRAMES + LAST_FRAMES:
        return "".join(frames.format())
    left_out = len(frames) - FIRST_FRAMES - LAST_FRAMES
    first, last = (traceback.StackSummary.from_list(part) for part in (frames[:FIRST_FRAMES], frames[-LAST_FRAMES:]))
    return "".join([*first.format(), f"  ... {left_out} frames left out ...\n", *last.format()])


def _fault_name(error: BaseException) -> str:
    code = getattr(error, "sqlite_errorname", None)
    response = getattr(error, "response", None)
    if code is None and isinstance(response, dict):
        code = response.get("Error", {}).get("Code")  # botocore's ClientError
    return f"{type(error).__name__}({code})" if code else type(error).__name__
