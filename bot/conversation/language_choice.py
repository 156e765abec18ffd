"""The language of a conversation: read from the first message, asked, chosen from the menu.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

from . import states
from ..nlu import commands, first_message, names
from .dispatch import MENU_DIGIT


SWITCH_WORDS = 3  # a later message in another pack's script changes the language when it says this much


def first_language(text: str, packs) -> tuple[str, bool] | None:
    """The (language, chosen) ``language_from_first_message`` sets for a brand-new resident from the letters of
    their first message alone (a pack's own script: chosen; romanised words: not), or None when the turn needs more
    (English, which the intent tells, or nothing). The store writes a new contact in it, so the turn's first message
    writes no ``UPDATE contacts`` (issue 17: statements a message); ``Turn`` reads the contact as it was before."""
    if MENU_DIGIT.fullmatch(commands.clean(text)):
        return None
    written = first_message.written_language(text, packs)
    return written if written is not None and written[0] in packs.codes else None


class LanguageChoice:
    """The language of the conversation."""

    def written_in(self) -> str:
        """The language to answer in: the resident's chosen one, else the pack the message's script picks."""
        if self.contact.language_chosen:
            return self.lang
        return self.texts.packs.by_script(self.text) or self.lang

    def language_from_first_message(self) -> None:
        """Answer a first message in the language it is written in, when it tells one: a language offered in the
        menu (config.languages), or any shipped pack whose own script or romanised words the message is written in
        (Bengali, Urdu: bot/nlu/language.py says when romanised words are clear enough)."""
        if MENU_DIGIT.fullmatch(commands.clean(self.text)):
            return  # "1", "6", "१": a digit tells no language (nor, before a menu, anything else)
        told = first_message.told_language(self.text, self.classify().intent if self.norm else None,
                                           self.texts.packs)
        if told and told in self.texts.packs.codes:
            self.language_told = True
            chosen = self.contact.language_chosen or bool(self.texts.packs.by_script(self.text))
            # written in a pack's own script (Devanagari: hi): chosen; Latin letters tell less. Only a change is
            # set: a set attribute makes the row dirty for the flush even when its value is the same
            if (self.contact.language, self.contact.language_chosen) != (told, chosen):
                self.contact.language, self.contact.language_chosen = told, chosen

    def language_of_later_message(self) -> None:
        """A resident who changes script mid-chat (a Bengali first message, then a question in Urdu or Hindi script) is
        answered in the one they write now, as a first message is: a message of a few words in a pack's own script
        (not a one-word command or "लगभग 7" at a question). Latin letters never change it: romanised Hindi mixed
        with English is one resident's usual writing, not a choice of English (LANGUAGE switches at any time)."""
        if len(self.norm.split()) < SWITCH_WORDS:
            return
        told = self.texts.packs.by_script(self.text)
        if told and told in self.texts.packs.codes and told != self.contact.language:
            self.contact.language, self.contact.language_chosen = told, True

    def ask_language(self) -> None:
        """The language question, numbered in the configured order; waits at ``language``."""
        self.state.wait("language")
        names = [self.texts.packs.infos[code].name for code in self.config.languages]
        listed = ", ".join(self.texts.get("language_choice", self.lang, number=number, name=name)
                           for number, name in enumerate(names, 1))
        self.say("choose_language", choices=[f"{number}. {name}" for number, name in enumerate(names, 1)],
                 languages=listed)
        self.replies[-1].question = "language"

    def _choose_language(self) -> bool:
        numbers = {str(number): code for number, code in enumerate(self.config.languages, 1)}
        cleaned = commands.clean(self.text)
        chosen = numbers.get(cleaned) or commands.language_named(self.text, answering=True)
        if chosen is None and cleaned.isdigit() and len(cleaned) == 1:
            self.ask_language()  # "3" to a question of two languages: asked again, never read as the menu's 3
            return True
        if chosen is None:
            if self.contact.language_chosen or not self.norm:
                return False
            self.state.stop()  # not a language answer: read it as a message
            return False
        self.set_language(chosen)
        self.state.stop()
        self.reask_or_menu()
        return True

    def set_language(self, language: str) -> None:
        """Use ``language`` from now on (when it is offered, or asked for by name and shipped as a pack: "urdu mein baat
        karo" on a unit that offers English and Hindi, as a message written in Urdu script is answered in Urdu) and
        say so."""
        packs = self.texts.packs
        if language in self.config.languages or (packs is not None and language in packs.codes):
            self.contact.language, self.contact.language_chosen = language, True
        self.say("language_set")


states.register(states.Wait("language", "a language's number or name (else read as a message)", "early",
                            LanguageChoice._choose_language, menu_digits=True, needs_text=True))
