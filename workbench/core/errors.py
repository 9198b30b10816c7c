"""Errors that carry a message meant for the person using the app, not a traceback."""


class WorkbenchError(Exception):
    """A problem with the user's input or settings; str(err) is one plain sentence that says what to do."""


class DataError(WorkbenchError):
    """A data file (or built-in data set) that cannot be used as asked."""


class ConfigError(WorkbenchError):
    """An impossible model or training setting."""


class RunError(WorkbenchError):
    """A run folder that cannot be created, read or resumed."""
