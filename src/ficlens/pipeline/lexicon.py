"""The words ficlens's rules share: one pronoun table, one title list, one speech-verb lexicon.

Every rule that asks "is this word a pronoun / a title / a verb of saying" reads the tables below (or a set
derived from them here), so that a word added once is known everywhere.
"""

from __future__ import annotations

from typing import Final, NamedTuple

# --- pronouns ------------------------------------------------------------------------------------------

# gender codes
UNKNOWN, MALE, FEMALE, NEUTER = 0, 1, 2, 3
# number codes
SINGULAR, PLURAL = 1, 2
# person codes: third, first singular, first plural, second
THIRD, FIRST, FIRST_PLURAL, SECOND = 0, 1, 2, 3
# form codes: subject or object ("she", "her"), possessive ("hers", "their"), reflexive ("herself")
PERSONAL, POSSESSIVE, REFLEXIVE = 0, 1, 2
# register codes: everyday English, dialect or archaic ("'em", "thee"), neopronouns ("xe"), and neopronouns
# that are also clipped everyday words ("em" is "them" in dialogue), which a tagger's word is trusted on
STANDARD, DIALECT, NEO, NEO_SHARED = 0, 1, 2, 3


class Pronoun(NamedTuple):
    gender: int
    number: int
    person: int
    form: int
    register: int
    group: int  # words of one pronoun ("she her hers herself"), numbered in table order


# One row per (pronoun, form, register); rows of one pronoun share a group, in this order.
_PRONOUN_ROWS: Final = [
    # group: "he"
    ("he him", MALE, SINGULAR, THIRD, PERSONAL, STANDARD),
    ("his", MALE, SINGULAR, THIRD, POSSESSIVE, STANDARD),
    ("himself", MALE, SINGULAR, THIRD, REFLEXIVE, STANDARD),
    None,  # group: "she"
    ("she her", FEMALE, SINGULAR, THIRD, PERSONAL, STANDARD),
    ("hers", FEMALE, SINGULAR, THIRD, POSSESSIVE, STANDARD),
    ("herself", FEMALE, SINGULAR, THIRD, REFLEXIVE, STANDARD),
    None,  # group: "it"
    ("it", NEUTER, SINGULAR, THIRD, PERSONAL, STANDARD),
    ("its", NEUTER, SINGULAR, THIRD, POSSESSIVE, STANDARD),
    ("itself", NEUTER, SINGULAR, THIRD, REFLEXIVE, STANDARD),
    None,  # group: "they" (singular or plural)
    ("they them", UNKNOWN, UNKNOWN, THIRD, PERSONAL, STANDARD),
    ("their theirs", UNKNOWN, UNKNOWN, THIRD, POSSESSIVE, STANDARD),
    ("themselves themself", UNKNOWN, UNKNOWN, THIRD, REFLEXIVE, STANDARD),
    ("'em", UNKNOWN, UNKNOWN, THIRD, PERSONAL, DIALECT),
    None,  # group: "xe" (neopronouns: one person, gender unknown)
    ("xe xem", UNKNOWN, SINGULAR, THIRD, PERSONAL, NEO),
    ("xyr xyrs", UNKNOWN, SINGULAR, THIRD, POSSESSIVE, NEO),
    ("xemself", UNKNOWN, SINGULAR, THIRD, REFLEXIVE, NEO),
    None,  # group: "ze" / "hir"
    ("ze zir hir", UNKNOWN, SINGULAR, THIRD, PERSONAL, NEO),
    ("zirs hirs", UNKNOWN, SINGULAR, THIRD, POSSESSIVE, NEO),
    ("zirself hirself", UNKNOWN, SINGULAR, THIRD, REFLEXIVE, NEO),
    None,  # group: "ey" (Spivak)
    ("ey em", UNKNOWN, SINGULAR, THIRD, PERSONAL, NEO_SHARED),
    ("eir eirs", UNKNOWN, SINGULAR, THIRD, POSSESSIVE, NEO_SHARED),
    ("emself", UNKNOWN, SINGULAR, THIRD, REFLEXIVE, NEO_SHARED),
    None,  # group: "I"
    ("i me", UNKNOWN, SINGULAR, FIRST, PERSONAL, STANDARD),
    ("my mine", UNKNOWN, SINGULAR, FIRST, POSSESSIVE, STANDARD),
    ("myself", UNKNOWN, SINGULAR, FIRST, REFLEXIVE, STANDARD),
    None,  # group: "we"
    ("we us", UNKNOWN, PLURAL, FIRST_PLURAL, PERSONAL, STANDARD),
    ("our ours", UNKNOWN, PLURAL, FIRST_PLURAL, POSSESSIVE, STANDARD),
    ("ourselves", UNKNOWN, PLURAL, FIRST_PLURAL, REFLEXIVE, STANDARD),
    None,  # group: "you"
    ("you", UNKNOWN, UNKNOWN, SECOND, PERSONAL, STANDARD),
    ("your yours", UNKNOWN, UNKNOWN, SECOND, POSSESSIVE, STANDARD),
    ("yourself", UNKNOWN, SINGULAR, SECOND, REFLEXIVE, STANDARD),
    ("yourselves", UNKNOWN, PLURAL, SECOND, REFLEXIVE, STANDARD),
    ("ye thou thee yeh", UNKNOWN, UNKNOWN, SECOND, PERSONAL, DIALECT),
    ("yer thy thine", UNKNOWN, UNKNOWN, SECOND, POSSESSIVE, DIALECT),
    ("thyself", UNKNOWN, SINGULAR, SECOND, REFLEXIVE, DIALECT),
]


def _pronoun_table() -> dict[str, Pronoun]:
    table: dict[str, Pronoun] = {}
    group = 0
    for row in _PRONOUN_ROWS:
        if row is None:
            group += 1
            continue
        words, gender, number, person, form, register = row
        for word in words.split():
            table[word] = Pronoun(gender, number, person, form, register, group)
    return table


PRONOUNS: Final = _pronoun_table()
"""Every pronoun ficlens knows, lower-case, with its gender, number, person, form, register and group."""

NEOPRONOUNS: Final = frozenset(w for w, p in PRONOUNS.items() if p.register == NEO)
# "he", "she", "I", "we", "they" and their object forms, and "you": the words that can stand for a speaker
PERSON_PRONOUNS: Final = frozenset(
    w for w, p in PRONOUNS.items() if p.form == PERSONAL and p.register == STANDARD and p.gender != NEUTER
)
# ... and "it": pronouns that are never a name, whatever their capital
PERSONAL_PRONOUNS: Final = frozenset(
    w for w, p in PRONOUNS.items() if p.form == PERSONAL and p.register == STANDARD
)
FIRST_SINGULAR: Final = frozenset(
    w for w, p in PRONOUNS.items() if p.person == FIRST and p.register == STANDARD
)
SECOND_PERSON: Final = frozenset(
    w for w, p in PRONOUNS.items() if p.person == SECOND and p.register == STANDARD
)
THIRD_SINGULAR_GENDERED: Final = frozenset(w for w, p in PRONOUNS.items() if p.gender in (MALE, FEMALE))
FIRST_PLURAL_FORMS: Final = frozenset(
    w for w, p in PRONOUNS.items() if p.person == FIRST_PLURAL and p.register == STANDARD
)
# the subject form of each everyday pronoun ("he" of "he him"): he, she, it, they, I, we, you
SUBJECT_PRONOUNS: Final = frozenset(
    row[0].split()[0]
    for row in _PRONOUN_ROWS
    if row is not None and row[4] == PERSONAL and row[5] == STANDARD
)


def pronoun_group(word: str) -> int:
    """The group number of a lower-case pronoun (all forms of "she" share one), -1 for any other word."""
    p = PRONOUNS.get(word)
    return p.group if p is not None else -1


def pronoun_forms(word: str) -> frozenset[str]:
    """The everyday forms of ``word``'s pronoun: "they" gives they, them, their, theirs,
    themselves, themself."""
    group = pronoun_group(word)
    return frozenset(w for w, p in PRONOUNS.items() if p.group == group and p.register == STANDARD)


THEY_FORMS: Final = pronoun_forms("they")
# the possessives that stand before a noun ("her brother"): the table cannot tell them apart from the object
# form that "her" also is, so they are named here, checked against the table by the tests
POSSESSIVE_DETERMINERS: Final = frozenset({"my", "your", "his", "her", "its", "our", "their"})
# "you" meaning one person or not said: every everyday second-person form but "yourselves"
SINGULAR_YOU: Final = frozenset(w for w in SECOND_PERSON if PRONOUNS[w].number != PLURAL)
# "you" meaning several people: the plural forms, "ye" (plural in older English; the table leaves its number
# open because dialect says it to one person) and "y'all" (which spaCy splits, so no token is ever it)
PLURAL_YOU: Final = frozenset(w for w, p in PRONOUNS.items() if p.person == SECOND and p.number == PLURAL) | {
    "ye",
    "y'all",
}
IT_FORMS: Final = pronoun_forms("it")


def _words(text: str) -> list[str]:
    return text.split()


# --- titles --------------------------------------------------------------------------------------------

# Titles before a surname ("Mr. Knightley") vs before a given name ("Sir William", "Aunt Polly"); lower-case,
# without a dot.
SURNAME_TITLES: Final = frozenset(
    _words(
        """mr mrs miss ms mx dr doctor professor prof captain capt commander chancellor general gen
        colonel col major lieutenant lt sergeant sgt detective det inspector officer agent judge reverend rev
        madame madam
        monsieur mademoiselle senator governor president admiral councillor nurse coach principal headmaster
        mistress signor signora herr frau fräulein bosun boatswain corporal constable ensign"""
    )
)
GIVEN_TITLES: Final = frozenset(
    _words(
        """sir dame aunt auntie uncle cousin brother sister saint st prince princess king queen emperor
        empress master duke duchess count countess baron baroness father mother granny grandma grandpa"""
    )
)
EITHER_TITLES: Final = frozenset({"lord", "lady"})
TITLES: Final = SURNAME_TITLES | GIVEN_TITLES | EITHER_TITLES
MALE_TITLES: Final = frozenset(
    _words(
        """mr sir lord king prince uncle brother monsieur duke count baron master father emperor signor herr
        grandpa"""
    )
)
FEMALE_TITLES: Final = frozenset(
    _words(
        """mrs miss ms lady dame queen princess aunt auntie sister madame madam mademoiselle duchess countess
        baroness mistress mother empress signora frau fräulein granny grandma"""
    )
)
# titles used with a given name for the young ("Miss Emma", "Master Tom") as well as with a surname
YOUTH_TITLES: Final = frozenset({"miss", "master", "mademoiselle"})


def title_key(word: str) -> str:
    """A word as the title tables hold it: lower-case, without its abbreviation dot ("Mrs." -> "mrs")."""
    return word.lower().rstrip(".")


def is_title(word: str) -> bool:
    return title_key(word) in TITLES


# --- verbs of speech -----------------------------------------------------------------------------------

# lemma, roles, word forms.
#   tag:    a speech tag's verb for speaker attribution ("…," Maren *said*), matched on the lemma;
#   saying: saying proper, so "said to him" is speech and not an act done to him (inner-life profiles);
#   forms:  inflected forms matched on the words alone, where there is no parse yet (dash dialogue) and where
#           the lemmatiser may miss the verb.
_SPEECH_TABLE: Final = """
    say        tag,saying  said says say
    ask        tag,saying  asked asks
    reply      tag,saying  replied replies
    answer     tag,saying  answered answers
    cry        tag         cried cries
    shout      tag,saying  shouted shouts
    whisper    tag,saying  whispered whispers
    mutter     tag,saying  muttered mutters
    murmur     tag,saying  murmured murmurs
    call       tag,saying  called calls
    yell       tag,saying  yelled yells
    tell       tag,saying  told tells
    add        tag,saying  added adds
    continue   tag,saying  continued continues
    begin      tag         began begins
    snap       tag         snapped snaps
    exclaim    tag         exclaimed exclaims
    sigh       tag         sighed sighs
    laugh      tag         laughed laughs
    sob        tag         sobbed sobs
    return     tag         returned returns
    repeat     tag,saying  repeated repeats
    demand     tag         demanded demands
    insist     tag,saying  insisted insists
    explain    tag,saying  explained explains
    agree      tag         agreed agrees
    observe    tag         observed observes
    remark     tag         remarked remarks
    suggest    tag         suggested suggests
    retort     tag         retorted retorts
    protest    tag         protested protests
    hiss       tag         hissed hisses
    growl      tag         growled growls
    breathe    tag         breathed breathes
    plead      tag         pleaded pleads
    beg        tag         begged begs
    wonder     tag         wondered wonders
    interrupt  tag         interrupted interrupts
    respond    tag,saying  responded responds
    admit      tag,saying  admitted admits
    announce   tag         announced announces
    declare    tag         declared declares
    scream     tag         screamed screams
    stammer    tag         stammered stammers
    stutter    tag
    mumble     tag,saying  mumbled mumbles
    think      tag
    rejoin     tag
    resume     tag
    urge       tag
    inquire    tag
    enquire    tag
    grumble    tag
    groan      tag
    moan       tag
    gasp       tag
    chuckle    tag
    giggle     tag
    snort      tag
    sneer      tag
    scoff      tag
    huff       tag
    drawl      tag
    purr       tag
    bark       tag
    roar       tag
    bellow     tag
    croak      tag
    squeak     tag
    sing       tag
    chime      tag
    offer      tag
    note       tag
    counter    tag
    reason     tag
    muse       tag
    confess    tag
    warn       tag
    assure     tag
    promise    tag
    complain   tag
    object     tag
    echo       tag
    shriek     tag
    wail       tag
    whine      tag
    blurt      tag
    venture    tag
    persist    tag
    pursue     tag
    finish     tag
    conclude   tag
    correct    tag
    prompt     tag
    press      tag
    text       tag
    write      tag
    type       tag
    command    tag
    order      tag
    cut        tag
    interject  tag
    quip       tag
    tease      tag
    joke       tag
    choke      tag
    rasp       tag
    spit       tag
    sniff      tag
    whimper    tag         whimpered
    squeal     tag
    yelp       tag
    lie        tag
    speak      saying
    talk       saying
    go         -           went
"""


def _speech_table() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    tag: set[str] = set()
    saying: set[str] = set()
    forms: set[str] = set()
    for line in _SPEECH_TABLE.strip().splitlines():
        lemma, roles, *words = line.split()
        if "tag" in roles.split(","):
            tag.add(lemma)
        if "saying" in roles.split(","):
            saying.add(lemma)
        forms.update(words)
    return frozenset(tag), frozenset(saying), frozenset(forms)


SPEECH_TAG_LEMMAS, SAYING_LEMMAS, SPEECH_FORMS = _speech_table()
# Forms a speech tag is also recognised by when the lemmatiser gets them wrong. Matching every form instead
# changes which training quotes count as tagged, so the shipped speaker model would no longer be reproduced.
SPEECH_FORMS_UNLEMMATISED: Final = frozenset(
    ["said", "says", "asked", "replied", "cried", "returned", "added", "whispered"]
)
