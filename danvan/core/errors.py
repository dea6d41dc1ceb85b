"""The error an action raises when it refuses a write for a reason the user can act on."""


class ActionError(ValueError):
    """A write refused; the message is Vietnamese and names what to change."""
