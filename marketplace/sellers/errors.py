"""The refusals a seller, helper or staff member can meet, each with a message safe to show them."""


class Refused(Exception):
    """A business rule said no. `message` is a translatable string for the person who asked."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class DuplicatePhone(Refused):
    pass


class NotVerified(Refused):
    """The phone (or the household's consent) was not confirmed with a code."""


class AlreadyDecided(Refused):
    pass
