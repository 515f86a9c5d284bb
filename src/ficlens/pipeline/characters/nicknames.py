"""Given names, their usual gender and the short forms people use for them (ficlens's own list).

Each line: formal name, ``m``/``f``/``u`` (unisex), then diminutives and nicknames. A short form may
belong to more than one formal name ("Alex"); ``variants`` then returns all of them.
"""

from __future__ import annotations

from functools import cache

_NAMES = """
abigail f abby abbie gail
abraham m abe bram
adam m
adelaide f addie ada della
agnes f aggie nessa
albert m al bert bertie
alexander m alex alec sandy xander lex
alexandra f alex lexie sandra sasha
alfred m alf alfie fred freddie
alice f allie ally
alison f ally allie
amanda f mandy manda
amelia f amy millie
andrew m andy drew
angela f angie
ann f annie nan nancy
anna f annie
anne f annie nan nancy
anthony m tony ant
archibald m archie
arthur m art artie
augustus m gus gussie
barbara f barb babs bobbie
benjamin m ben benny benji
bernard m bernie
beatrice f bea trixie
bridget f biddy bridie
bartholomew m bart
caroline f carrie carol caro
catherine f kate katie cathy kitty kat cat
charles m charlie chuck chas chaz
charlotte f lottie charlie lotte
christina f chris tina chrissy
christine f chris chrissy
christopher m chris kit topher
clarissa f clary rissa
constance f connie
cornelius m neil corny
cynthia f cindy
daniel m dan danny
david m dave davy
delores f lola dee
deborah f debbie deb
diana f di
dominic m dom
dorothy f dot dottie dolly dora
douglas m doug
edmund m ed eddie ned
edward m ed eddie ned ted teddy
eleanor f ellie nell nora elle
elizabeth f lizzy lizzie liz eliza beth betsy betty bess bessie libby lisa elsie
ellen f nell nellie
emily f em emmy millie
emma f em emmy
ernest m ernie
esther f essie hetty
eugene m gene
euphemia f effie
evelyn u evie eve
ezekiel m zeke
florence f flo florrie
frances f fanny fran frankie
francis m frank frankie
frederick m fred freddie freddy fritz
gabriel m gabe
gabrielle f gabby elle
geoffrey m geoff
george m georgie
georgiana f georgie
gerald m gerry jerry
gertrude f gertie trudy
gilbert m gil bert
gregory m greg
harold m harry hal
harriet f hattie hetty
helen f nell nellie lena
henrietta f hetty etta
henry m harry hal hank
herbert m herb bert
hugh m hughie
isaac m ike
ignatius m iggy
isabel f izzy bella belle
isabella f izzy bella belle
jacob m jake jack
james m jim jimmy jamie jem
jane f janie jenny
janet f jan jenny
jennifer f jen jenny
jessica f jess jessie
joanna f jo jo-anne
johanna f jo hanna
john m jack johnny jon
jonathan m jon jonny nathan
joseph m joe joey jo
josephine f jo josie
joshua m josh
judith f judy
julia f julie jules
katherine f kate katie kathy kitty kat
kenneth m ken kenny
lawrence m larry laurie
leonard m leo len lenny
leopold m leo
lewis m lew lou
louis m lou louie
louisa f lou lulu
louise f lou lulu
lucinda f lucy cindy
lucy f lu
magdalene f maggie maud
margaret f maggie meg peggy daisy margie madge greta
marjorie f marge margie
martha f marty patty mattie
martin m marty
mary f polly molly mae mamie minnie
matilda f tilly tilda maud
matthew m matt matty
maximilian m max
michael m mike mikey mick mickey
nathaniel m nat nate nathan
nicholas m nick nicky nico
octavia f tavi via
oliver m ollie
olivia f liv livvy ollie
patricia f pat patty trish tricia
patrick m pat paddy rick
penelope f penny nell
peter m pete
philip m phil pip
priscilla f cilla prissy
rachel f rae
raymond m ray
rebecca f becky becca
richard m dick rick ricky rich richie
robert m bob bobby rob robbie bert
roderick m rod roddy
ronald m ron ronnie
rosalind f ros rosie
rose f rosie
rosemary f rosie
samantha f sam sammy
samuel m sam sammy
sarah f sally sadie sal
sebastian m seb bastian
sidney m sid siddy
sophia f sophie
stephen m steve stevie
steven m steve stevie
susan f sue susie sukey
susanna f sue susie sukey
theodore m ted teddy theo
theresa f tessa terri tess
thomas m tom tommy
timothy m tim timmy
tobias m toby tobi
valentine u val
victoria f vicky tori
vincent m vince vinnie
walter m walt wally
william m will bill billy willy willie liam
winifred f winnie freda
zachary m zach zack
""".strip()

# Given names common in fiction that have no usual short form, with their usual gender.
_PLAIN = """
m aaron adrian alan albert ambrose bartholomew basil bellamy bruce caleb carl cedric clive colin craig
m dennis derek dorian duncan earl edgar edwin eric felix finn frank gavin glen gordon graham guy harvey
m hector horace howard ian ivan jasper jason jesse jude julian justin keith kevin kyle lancelot lincoln
m lionel luke malcolm marcus mark miles monty murphy neil nigel noah norman oscar owen paul percy
m ralph randolph reginald rex roger rufus russell ryan scott seth silas simon stanley travis
m trevor tristan victor wallace warren wells wesley wilfred jaha kane pike marcus sinclair monroe
f ada agatha alicia amber anastasia april beatrix bella bonnie brenda carla cecilia celia charity
f chloe claire clara clarke cora daisy delia edith elaine eliza ella eloise elsie emmeline estella
f eva eve faith fiona flora gemma grace gwendolyn hannah harper hazel heather hilda holly hope ida
f iris irene ivy jasmine jo joan jocelyn joy julia june laura lavinia leah lena lexa lila lily linda
f lorna lydia mabel madeline maia marian marianne matilda maude maxine mia miranda monica nadia
f naomi natalie nina nora norah octavia paige pamela pauline pearl phoebe rachel raven rhoda rita
f rosa rosalie roxanne ruby ruth sabrina sally selina sheila sibyl sylvia tabitha tamsin una ursula
f vera veronica violet virginia wendy willa yvonne zoe abby echo emori harper luna madi
u alex ash charlie frankie jamie jordan kelly morgan quinn riley robin sam taylor sky river
""".strip()


@cache
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    formal_of: dict[str, list[str]] = {}
    gender: dict[str, str] = {}
    for line in _NAMES.splitlines():
        formal, sex, *shorts = line.split()
        gender.setdefault(formal, sex)
        formal_of.setdefault(formal, []).append(formal)
        for short in shorts:
            formal_of.setdefault(short, []).append(formal)
            if short not in gender:
                gender[short] = sex
            elif gender[short] != sex:
                gender[short] = "u"
    for line in _PLAIN.splitlines():
        sex, *names = line.split()
        for name in names:
            gender.setdefault(name, sex)
    return {k: tuple(dict.fromkeys(v)) for k, v in formal_of.items()}, gender


def variants(name: str) -> tuple[str, ...]:
    """The formal names a given name may stand for ("lizzy" -> ("elizabeth",)); the name itself if none."""
    key = name.lower()
    return _tables()[0].get(key, (key,))


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names can be one person's ("Lizzy" and "Elizabeth"; "Will" and "Bill"; and a
    clipped form that is no name of its own, "Mari" and "Marisol")."""
    a, b = a.lower(), b.lower()
    if a == b or set(variants(a)) & set(variants(b)):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short) and _is_unknown(short) and len(long) > len(short) + 1


def is_given_name(name: str) -> bool:
    """Whether ``name`` is a given name on ficlens's lists (of any gender, or a known short form)."""
    formal_of, gender = _tables()
    key = name.lower()
    return key in formal_of or key in gender


def _is_unknown(name: str) -> bool:
    formal_of, gender = _tables()
    return name not in formal_of and name not in gender


def name_gender(name: str) -> str | None:
    """``"m"`` or ``"f"`` when the given name is usually one or the other; None when unknown or unisex."""
    sex = _tables()[1].get(name.lower())
    return sex if sex in ("m", "f") else None
