"""Word lists for cues, source typing, speaker resolution and entity labels.

Shared by the attribution rules, the actors and :func:`presslens.nlp.entity_label`.

Kept in one place so that the rules stay readable and the lists can be
reviewed. Cue lemmas were chosen by hand and checked against the most
frequent cues of PolNeAR *train* (never dev).
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


#: Verbs of saying: a cue with a clausal complement, a quote or an inverted clause.
SPEECH_VERBS = words(
    """
    say tell add note write state claim report announce explain argue insist deny warn
    stress underline reveal confirm acknowledge admit assert declare suggest tweet ask
    answer reply respond comment remark observe predict promise pledge vow recall concede
    contend maintain allege complain indicate emphasize emphasise testify conclude agree
    disclose estimate mention inform urge demand joke quip boast brag lament caution
    charge counter speculate point post retort reiterate repeat affirm assure signal
    hint muse shout yell scream whisper cry tout proclaim predict forecast theorize
    acknowledge concur object protest grumble mutter quote cite read continue
    """
)
#: Verbs of thinking and evidence: cues only with a clausal complement.
THOUGHT_VERBS = words(
    """
    believe think feel fear hope expect know worry doubt suspect assume understand
    realize realise guess recognize recognise show find suggest reckon imagine wonder
    question decide determine learn see hear prove demonstrate indicate mean conclude
    """
)
#: Verbs of intention/stance that take an infinitive (xcomp) content too.
INTENT_VERBS = words(
    """
    want plan intend hope promise pledge vow threaten refuse decline seek urge vow
    expect aim propose offer agree call
    """
)
#: Verbs whose direct object is the content ("denied the allegations").
OBJECT_VERBS = words(
    """
    announce deny reveal confirm acknowledge admit criticize criticise praise endorse
    defend dismiss condemn denounce propose predict question reject blame accuse
    describe promise pledge recommend support oppose welcome
    """
)
CUE_VERBS = SPEECH_VERBS | THOUGHT_VERBS | INTENT_VERBS | OBJECT_VERBS
#: Verbs whose object feels what the subject causes: in "the remark worried analysts"
#: the analysts hold the view and the remark is what it is about.
STIMULUS_VERBS = words(
    """
    alarm anger annoy appal appall astonish baffle bother dismay disappoint disturb
    embarrass embolden enrage excite frighten frustrate galvanize galvanise horrify
    impress infuriate irk irritate outrage please puzzle rattle reassure scare shock
    startle stun surprise thrill trouble unnerve upset worry
    """
)
#: Adjectives of stance: cues with a clause ("confident that") or an object ("critical of").
STANCE_ADJECTIVES = words(
    """
    confident convinced sure certain adamant aware unaware critical skeptical sceptical wary
    doubtful hopeful optimistic pessimistic upbeat proud worried concerned afraid fearful
    angry furious upset happy pleased glad disappointed frustrated supportive opposed
    dismissive enthusiastic insistent unhappy outraged grateful satisfied dissatisfied
    tired loyal vague enamored uncomfortable irritated upfront
    """
)

#: Nouns naming documents (a report, a poll): source type ``document``.
DOCUMENT_NOUNS = words(
    """
    report poll study survey statement document data datum analysis memo letter filing email
    e-mail tweet figure research record transcript complaint lawsuit indictment paper
    release communique communiqué note book article post op-ed editorial review audit
    estimate projection forecast model ruling judgment verdict order bill law decree
    statistic statistics
    """
)
#: Nouns naming news media when they head a source.
MEDIA_NOUNS = words(
    """
    agency newspaper broadcaster tv television network channel outlet magazine paper daily
    website radio newswire wire tabloid station journal gazette
    """
)
MEDIA_NAMES = re.compile(
    r"\b(Reuters|AP|Associated Press|AFP|Agence France|BBC|CNN|MSNBC|NPR|PBS|Fox News|"
    r"Fox|CBS|NBC|ABC|Bloomberg|Politico|Axios|Breitbart|Guardian|Times|Post|Journal|"
    r"Telegraph|Independent|Tribune|Herald|Gazette|Daily|News|Xinhua|TASS|RIA|Interfax|"
    r"Al Jazeera|Sputnik|RT|IRNA|Fars|Tasnim|ISNA|Anadolu|Yonhap|Kyodo|NHK|Haaretz|"
    r"HuffPost|Huffington|BuzzFeed|Vox|Slate|Salon|Hill|Atlantic|Economist|Newsweek|"
    r"Time|USA Today|Wall Street|Financial Times|state TV|state media|state television)\b"
)
#: Heads of unnamed sources ("a source", "officials who asked not to be named").
ANON_HEADS = words(
    """
    source insider aide official person people diplomat officer staffer adviser advisor
    member employee investigator lawmaker operative strategist confidant friend associate
    """
)
_ANONYMITY_REQUESTS = (r"anonymity|not (?:(?:want|wish)(?:ing)? )?(?:to )?be (?:named|identified)|"
                       r"who declined to be|"
                       r"who asked not|speaking on condition")
#: A request for anonymity makes any unnamed source anonymous: "one woman, who asked not to be
#: named", "a resident speaking on condition of anonymity".
ANONYMITY = re.compile(rf"\b({_ANONYMITY_REQUESTS})\b", re.IGNORECASE)
#: Modifiers that make an unnamed source anonymous rather than generic.
ANON_MARKERS = re.compile(
    rf"\b(familiar with|close to|unnamed|anonymous|unidentified|with knowledge|briefed on|"
    rf"not authori[sz]ed|{_ANONYMITY_REQUESTS})\b",
    re.IGNORECASE,
)
#: Titles and roles that make a person an official.
TITLES = words(
    """
    minister president senator sen. sen governor gov. gov secretary spokesman spokeswoman
    spokesperson mayor official ambassador general gen. gen chairman chairwoman chair
    representative rep. rep congressman congresswoman lawmaker legislator prosecutor judge
    attorney commissioner director chief sheriff councilman councilwoman diplomat envoy
    premier chancellor king queen prince minister deputy lieutenant colonel admiral
    commander officer president-elect vice-president speaker leader whip candidate
    nominee councillor councilor alderman assemblyman assemblywoman mp mep detective
    inspector constable sergeant superintendent justice
    """
)
#: Named organisations that are government bodies (type ``official``).
GOV_ORGS = re.compile(
    r"\b(ministry|department|government|white house|pentagon|kremlin|congress|senate|"
    r"house|parliament|police|fbi|cia|nsa|state department|administration|court|"
    r"military|army|navy|cabinet|council|commission|embassy|agency|bureau|office|"
    r"treasury|prosecutors?|authority|force|regulators?|fire (?:service|brigade)|"
    r"ambulance service|coastguard|watchdog|downing street|elysee|élysée)\b",
    re.IGNORECASE,
)
#: Kinds of place: "the city of Varne" is a place, however tagged (Varne: PERSON).
PLACE_KINDS = frozenset({"city", "town", "village", "province", "region", "county", "district",
                         "island", "port"})
#: Government portfolios: "Interior Minister X" (the small model tags "Interior" an
#: organisation); "the foreign minister" is only a minister of that portfolio.
PORTFOLIOS = frozenset({
    "interior", "foreign", "defence", "defense", "finance", "health", "home", "justice", "trade",
    "education", "transport", "environment", "energy", "agriculture", "culture", "economy",
    "labour", "labor", "treasury", "housing", "security", "communications", "tourism",
})
#: Words that make a title a different office: "the *prime* minister" is not a transport
#: minister, "the *deputy* mayor" not the mayor.
OFFICE_WORDS = PORTFOLIOS | frozenset({"prime", "deputy", "vice", "shadow", "junior", "chief",
                                       "first", "attorney"})
#: Heads of unnamed public bodies: "the council said", "the defence ministry said".
GOV_HEADS = words(
    """
    government ministry department police administration military council parliament cabinet
    commission court embassy senate congress treasury force regulator authority service
    brigade coastguard watchdog
    """
)
#: Role nouns a definite description may refer back with ("the minister").
ROLE_NOUNS = TITLES | words(
    """
    businessman businesswoman billionaire tycoon lawyer economist analyst activist author
    pollster host star actor actress singer executive ceo founder reporter journalist
    republican democrat texan californian new yorker veteran man woman candidate nominee
    mogul chief
    """
)
ORG_ROLE_NOUNS = words(
    """
    company firm campaign group organisation organization party committee union bank
    ministry department agency government administration association federation
    coalition alliance charity foundation institute office club league
    """
)
#: Bodies that are neither government nor media. Their title-holders speak for an
#: organisation ("a company spokeswoman", "union leaders", "the airline's chief
#: executive"), and "the port operator, Meridian Terminals" is one.
BUSINESS_NOUNS = words(
    """
    company firm corporation business airline carrier operator retailer manufacturer maker
    bank insurer lender union charity foundation campaign club team chain supplier
    producer supermarket grocer developer housebuilder utility distributor contractor
    consultancy
    """
)
#: Organisation nouns that name a kind of institution: "the ministry" refers
#: only to an organisation whose name says "Ministry".
INSTITUTION_NOUNS = words(
    """
    party committee union bank ministry department agency government administration office
    """
)
#: Generic, unnamed groups: type ``unspecified``.
GENERIC_HEADS = words(
    """
    expert critic analyst observer supporter opponent some many other voter resident
    witness economist scientist researcher democrat republican conservative liberal
    engineer doctor nurse teacher worker staff lawyer academic
    """
)
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | frozenset({"they", "it", "we", "i", "you"})
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen"})
#: Last words of sports clubs' names, which the small model tags as places, buildings or
#: people ("Northbridge United" FAC or PERSON).
CLUB_WORDS = frozenset({"United", "Rovers", "Wanderers", "Athletic", "Albion", "Hotspur", "FC"})
#: Honorifics written only before a person's name: "Dr Marcus Hale", "Mr Okafor".
HONORIFICS = words("mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir dame")
#: Social networks and messaging services (whole names), which the small model often tags
#: as people ("Reilly wrote on Twitter").
PLATFORMS = frozenset({
    "Twitter", "Facebook", "Instagram", "TikTok", "YouTube", "Telegram", "WhatsApp",
    "Snapchat", "LinkedIn", "Reddit", "Weibo", "WeChat", "Bluesky", "Mastodon", "Truth Social",
})
MALE_NAMES = words(
    """
    donald bernie ted marco john jeb mike mitt paul barack joe bill chris ben rand jim tim
    mark robert bob david james michael william richard thomas charles george steve steven
    kevin jeff brian jason ryan eric scott gary larry frank peter patrick pat sean andrew
    tony vladimir hassan javad ali mohammad ahmed boris emmanuel francois justin xi recep
    benjamin bashar kim newt rudy rudolph reince corey kellyanne roger harry nancy mitch
    lindsey rick marcus jon matt dan daniel anthony alex jack henry adam nick josh luke
    martin carl ken sam tom ron dick al lee roy ray rex jared eric stephen steve bernard
    alan arjun carlo derek gareth ivo jamal johan lars marek tomas teodor tomasz joao
    graham graeme keith neil nigel ian colin gordon malcolm stuart simon philip phil
    edward ed hugh douglas duncan alistair angus callum craig dean gavin glenn grant
    howard jeremy jonathan kenneth keir liam matthew nathan oliver owen rhys rory russell
    stanley terry trevor vincent wayne christopher timothy gregory raymond lawrence
    walter arthur albert harold ronald gerald jerry dennis douglas eugene frederick
    fred victor samuel joseph joshua aaron kyle tyler brandon jacob ethan noah mason
    logan lucas caleb isaac gabriel julian oscar felix hugo max leo theo toby
    omar mohammed muhammad mustafa ibrahim yusuf khalid tariq tarek karim hamid mahmoud
    reza hussein abdullah rashid sergei dmitry ivan igor oleg viktor yuri andrei mikhail
    pavel piotr pawel jan jakub lukas stefan klaus jurgen hans dieter wolfgang pierre
    jean jacques luis carlos jose juan pedro miguel diego mateo antonio manuel rafael
    pablo javier alejandro francesco giuseppe luca matteo giovanni paolo hiroshi kenji
    wei jun raj rahul amit vijay sanjay ravi anil sunil ahmad faisal kwame kofi chinedu
    """
) - {"nancy", "kellyanne", "pat", "jean"}
FEMALE_NAMES = words(
    """
    hillary nancy kellyanne sarah elizabeth mary susan karen lisa michelle melania ivanka
    chelsea huma theresa angela marine nikki carly jill debbie donna hope kate katie
    jennifer jessica laura linda barbara patricia margaret ann anne anna emily emma olivia
    sophia alice rachel rebecca julia amy amanda megyn maria christine claire helen
    samantha victoria catherine katherine diane dianne tulsi kamala condoleezza madeleine
    loretta janet sheryl ruth sonia elena betsy kirsten tammy cathy heidi lisa stephanie
    miriam priya nadia lena ines amara sara hana rosa carla leyla anita sofia fatima
    lucy joyce jane joan judith judy janice jacqueline jo joanna joanne josephine
    kathleen kathryn kay kelly kimberly kristin kristina louise lynn lynne marie marion
    martha melissa monica natalie nicola nicole pamela paula penelope rose sally sandra
    sharon shirley sylvia tracy valerie vanessa wendy yvonne zoe beth bethany charlotte
    chloe eleanor ella ellie evelyn florence grace hannah harriet holly isabel isabella
    jasmine jenny lily lucia mia molly naomi phoebe poppy ruby sienna sophie abigail
    deborah dorothy eileen gillian hazel irene jill joy julie june lorraine maureen
    pauline rita sheila theresa doris gloria beatrice agnes clara erika eva greta
    ingrid irina olga svetlana tatiana natasha ana carmen marta pilar
    francesca giulia chiara aisha amina layla mariam noor yasmin zainab meera anjali
    sunita deepa lakshmi mei yuki akiko ngozi amara ayesha
    """
)


def name_gender(first: str) -> str | None:
    """"m" or "f" for a known (lower-cased) first name, else None."""
    return "m" if first in MALE_NAMES else "f" if first in FEMALE_NAMES else None
#: English function words: articles, pronouns, prepositions, conjunctions, auxiliaries and
#: a few adverbs of degree and time (not "never", "ever", "again": "Never again!" is a
#: slogan). A technique span made only of these ("the", "and", "is not a") highlights
#: nothing a reader could check.
FUNCTION_WORDS = words(
    """
    a an the this that these those some any each every either neither no all both half
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him
    his himself she her hers herself it its itself they them their theirs themselves one
    who whom whose which what whatever whoever where when why how there here
    of in on at by for with about against between into through during before after above
    below to from up down out off over under further than as per via upon within
    without across along among around behind beyond near onto toward towards since until
    till while although though because if unless whether so yet or nor and but then
    once also just only even still already not too very quite rather now
    be am is are was were been being have has had having do does did doing done
    will would shall should can could may might must ought s re ve d ll m
    such same other others own more most less least much many few several another
    """
)
