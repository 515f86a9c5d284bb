"""Word lists the inner-life passes use, written for ficlens (lemmas, lower case).

Kept small and literal on purpose: each list names the cue a reader would point to.
"""

from __future__ import annotations

from typing import Final

# Linking verbs whose complement describes the subject ("Tobias was furious", "Maren became a leader").
COPULAS: Final = frozenset(
    {"be", "seem", "become", "look", "feel", "appear", "grow", "get", "remain", "stay", "sound"}
)

# Verbs of perception and cognition: the narration reports this subject's mind.
PERCEPTION: Final = frozenset(
    {
        "think", "feel", "wonder", "see", "know", "realise", "realize", "notice", "hear", "remember",
        "recall", "want", "wish", "hope", "fear", "worry", "watch", "sense", "suspect", "imagine",
        "understand", "believe", "doubt", "recognise", "recognize", "smell", "taste",
    }
)  # fmt: skip

# Inner parts of a body whose sensations only the POV character's narration reports ("her chest").
INNER_BODY: Final = frozenset({"mind", "heart", "chest", "throat", "stomach", "breath", "pulse", "gut"})

# Verbs whose subject is experiencing an emotion ("she cried", "he flinched").
EMOTION_VERBS: Final = frozenset(
    {
        "cry", "sob", "weep", "smile", "laugh", "grin", "tremble", "shake", "shiver", "scream", "rage",
        "fume", "flinch", "panic", "worry", "fear", "love", "hate", "miss", "mourn", "grieve", "regret",
        "blush", "flush", "sigh", "frown", "scowl", "despair", "rejoice", "gasp", "wince", "beam",
        "giggle", "cringe", "seethe", "snarl", "glare", "ache", "hurt", "fret", "dread", "adore",
        "resent", "envy", "pine", "sniffle", "whimper", "howl", "chuckle", "relax", "startle", "freeze",
        "feel", "yearn", "long", "cherish", "loathe", "despise", "apologise", "apologize", "forgive",
    }
)  # fmt: skip

EMOTION_ADJECTIVES: Final = frozenset(
    {
        "sad", "unhappy", "miserable", "heartbroken", "devastated", "grief-stricken", "lonely", "gloomy",
        "guilty", "ashamed", "embarrassed", "sorry", "remorseful", "mortified", "humiliated",
        "angry", "furious", "mad", "livid", "irritated", "annoyed", "enraged", "bitter", "resentful",
        "afraid", "scared", "frightened", "terrified", "nervous", "anxious", "worried", "uneasy", "panicked",
        "happy", "glad", "joyful", "delighted", "thrilled", "elated", "cheerful", "excited", "proud",
        "relieved", "calm", "grateful", "thankful", "surprised", "shocked", "stunned", "astonished",
        "amazed", "fond", "tender", "loving", "jealous", "hopeful", "hopeless", "desperate", "upset",
        "distraught", "broken", "numb", "content", "overjoyed", "startled", "wary", "tense", "hurt",
    }
)  # fmt: skip

# Emotion verbs that anyone in the room could see: weak evidence of whose head the narration is in.
OBSERVABLE_EMOTION_VERBS: Final = frozenset(
    {
        "smile", "laugh", "grin", "frown", "scowl", "glare", "cry", "sob", "weep", "sigh", "gasp", "wince",
        "flinch", "blush", "flush", "beam", "giggle", "chuckle", "snarl", "scream", "howl", "whimper",
        "sniffle", "shake", "tremble", "shiver",
    }
)  # fmt: skip

# Emotion nouns that act on someone ("guilt ate at him", "fear gripped her", "tears streamed down her face").
EMOTION_NOUNS: Final = frozenset(
    {
        "guilt", "fear", "grief", "anger", "rage", "fury", "sorrow", "sadness", "joy", "relief", "panic",
        "dread", "shame", "terror", "happiness", "love", "despair", "worry", "anxiety", "jealousy", "regret",
        "remorse", "hope", "tear", "sob", "dismay", "horror", "longing", "loneliness", "warmth", "affection",
        "heartache", "pride", "embarrassment", "hatred", "resentment", "irritation", "delight", "surprise",
        "shock", "unease", "nausea", "ache",
    }
)  # fmt: skip

BODY_PARTS: Final = frozenset(
    {
        "hand", "arm", "shoulder", "cheek", "face", "hair", "lip", "mouth", "neck", "back", "wrist",
        "finger", "forehead", "chest", "head", "jaw", "eye", "throat", "knee", "leg", "side", "waist",
        "temple", "palm", "heart", "stomach", "chin", "nose", "fist",
    }
)  # fmt: skip

# Prepositions after which a character is acted on ("yelled at her", "turned to him").
ACT_PREPOSITIONS: Final = frozenset({"at", "to", "toward", "towards", "against", "into", "onto", "with"})

# Verbs that two conjoined subjects do to each other ("Maren and Petra kissed").
RECIPROCAL_VERBS: Final = frozenset(
    {"kiss", "hug", "embrace", "fight", "argue", "quarrel", "dance", "cuddle", "wrestle", "bicker", "marry"}
)

KIN_TERMS: Final = frozenset(
    {
        "mother", "father", "mom", "mum", "dad", "mama", "papa", "mommy", "daddy", "sister", "brother",
        "sis", "bro", "son", "daughter", "aunt", "uncle", "cousin", "grandmother", "grandfather", "grandma",
        "grandpa", "gran", "niece", "nephew", "sibling", "twin", "parent", "stepmother", "stepfather",
        "stepbrother", "stepsister", "half-brother", "half-sister",
    }
)  # fmt: skip

PARTNER_TERMS: Final = frozenset(
    {
        "girlfriend", "boyfriend", "wife", "husband", "fiancé", "fiancée", "fiance", "fiancee", "lover",
        "spouse", "sweetheart",
    }
)  # fmt: skip
