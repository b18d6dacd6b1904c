"""The Dutch words behind the demo data (`manage.py demo`) and the benchmark data (bench/).

One list for both, so that a new app adds its words (products, quote lines, campaign names) here
once. Everything is invented content in Dutch, the language of the customer file itself; none of
it is UI text. The demo combines the detailed lists into a small, believable organisation; the
benchmark combines the compact pools further down into hundreds of thousands of rows.
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    name: str
    postcode_from: int
    postcode_to: int
    area_code: str  # with the leading 0
    region: str  # the sales team that works this city


SEGMENTS = ("Retail", "Foodservice", "MKB", "Grootzakelijk", "Overheid", "Industrie", "Zorg")
STANDALONE_SEGMENT_WEIGHTS = (20, 15, 30, 7, 6, 14, 8)
CHAIN_SEGMENT_WEIGHTS = {"Retail": 40, "Foodservice": 25, "Zorg": 15, "Grootzakelijk": 10}

TAGS = (
    "Jaarcontract",
    "Raamovereenkomst",
    "Beursbezoeker",
    "Duurzaamheid",
    "Strategisch",
    "Concurrent actief",
    "Groeipotentie",
    "Prijsgevoelig",
    "Aanbesteding",
    "Export",
)

# Postcode ranges and area codes are those of the real cities, so that addresses look right.
CITIES: tuple[City, ...] = (
    City("Groningen", 9711, 9747, "050", "Noord"),
    City("Leeuwarden", 8911, 8941, "058", "Noord"),
    City("Assen", 9401, 9409, "0592", "Noord"),
    City("Emmen", 7811, 7833, "0591", "Noord"),
    City("Zwolle", 8011, 8046, "038", "Noord"),
    City("Drachten", 9200, 9207, "0512", "Noord"),
    City("Heerenveen", 8441, 8449, "0513", "Noord"),
    City("Hoogeveen", 7901, 7909, "0528", "Noord"),
    City("Sneek", 8601, 8609, "0515", "Noord"),
    City("Meppel", 7941, 7944, "0522", "Noord"),
    City("Den Helder", 1781, 1789, "0223", "Noord"),
    City("Alkmaar", 1811, 1825, "072", "Noord"),
    City("Amsterdam", 1011, 1109, "020", "Midden"),
    City("Utrecht", 3511, 3585, "030", "Midden"),
    City("Amersfoort", 3811, 3829, "033", "Midden"),
    City("Haarlem", 2011, 2037, "023", "Midden"),
    City("Almere", 1312, 1363, "036", "Midden"),
    City("Apeldoorn", 7311, 7339, "055", "Midden"),
    City("Arnhem", 6811, 6846, "026", "Midden"),
    City("Hilversum", 1211, 1223, "035", "Midden"),
    City("Leiden", 2311, 2334, "071", "Midden"),
    City("Den Haag", 2491, 2597, "070", "Midden"),
    City("Rotterdam", 3011, 3089, "010", "Midden"),
    City("Ede", 6711, 6718, "0318", "Midden"),
    City("Nijmegen", 6511, 6546, "024", "Midden"),
    City("Deventer", 7411, 7429, "0570", "Midden"),
    City("Enschede", 7511, 7548, "053", "Midden"),
    City("Eindhoven", 5611, 5658, "040", "Zuid"),
    City("Tilburg", 5011, 5049, "013", "Zuid"),
    City("Breda", 4811, 4839, "076", "Zuid"),
    City("'s-Hertogenbosch", 5211, 5237, "073", "Zuid"),
    City("Maastricht", 6211, 6229, "043", "Zuid"),
    City("Venlo", 5911, 5928, "077", "Zuid"),
    City("Roermond", 6041, 6046, "0475", "Zuid"),
    City("Helmond", 5701, 5709, "0492", "Zuid"),
    City("Heerlen", 6411, 6422, "045", "Zuid"),
    City("Middelburg", 4331, 4339, "0118", "Zuid"),
    City("Bergen op Zoom", 4611, 4625, "0164", "Zuid"),
    City("Oss", 5341, 5349, "0412", "Zuid"),
    City("Goes", 4461, 4465, "0113", "Zuid"),
    City("Sittard", 6131, 6137, "046", "Zuid"),
)
REGION_WEIGHTS = {"Noord": 30, "Midden": 40, "Zuid": 30}

BUSINESS_STREETS = (
    "Industrieweg",
    "Nijverheidsweg",
    "Ambachtsweg",
    "Handelsweg",
    "Energieweg",
    "Edisonstraat",
    "Newtonstraat",
    "Havenstraat",
    "Stationsstraat",
    "Kerkstraat",
    "Hoofdstraat",
    "Marktplein",
    "Molenweg",
    "Dorpsstraat",
    "Zuiderzeestraat",
    "Transportweg",
    "Celsiusweg",
    "Koopmansweg",
    "De Steiger",
    "Vlierbaan",
    "Europalaan",
    "Parallelweg",
    "Laan van Zuid",
    "Bedrijvenpark Oost",
    "Kanaaldijk",
    "Spoorstraat",
    "Schoolstraat",
    "Wilhelminastraat",
    "Julianalaan",
    "Beatrixstraat",
)

NOUNS = (
    "Gouden Leeuw",
    "Zwaan",
    "Molen",
    "Hoek",
    "Klok",
    "Kroon",
    "Linde",
    "Haven",
    "Brug",
    "Eik",
    "Poort",
    "Smidse",
    "Zon",
    "Ster",
    "Kastanje",
    "Waag",
    "Hooiberg",
    "Vuurtoren",
    "Boerderij",
    "Zeemeeuw",
)

WATERS = ("Rivierenland", "Hunze en Aa's", "Vallei en Veluwe", "Brabantse Delta", "Aa en Maas")
PROVINCES = ("Friesland", "Drenthe", "Gelderland", "Overijssel", "Zeeland", "Limburg")

# {ln}: a surname; {ln2}: another; {noun}: a Dutch house name; {city}, {water}, {prov}
NAME_PATTERNS: dict[str, tuple[str, ...]] = {
    "Retail": (
        "{ln} Supermarkt",
        "Bakkerij {ln}",
        "{ln} Mode",
        "Slagerij {ln}",
        "Tuincentrum {ln}",
        "{ln} Wonen",
        "Fietsenwinkel {ln}",
        "Drogisterij {ln}",
        "Bouwmarkt {ln}",
        "{ln} Elektro",
    ),
    "Foodservice": (
        "Restaurant De {noun}",
        "Hotel {ln}",
        "Café De {noun}",
        "{ln} Catering",
        "Brasserie De {noun}",
        "Lunchroom De {noun}",
        "Partycentrum {ln}",
        "Hotel-Restaurant De {noun}",
        "Bedrijfsrestaurant {ln}",
    ),
    "MKB": (
        "{ln} Installatietechniek B.V.",
        "{ln} Bouw B.V.",
        "Administratiekantoor {ln}",
        "{ln} Schilderwerken",
        "{ln} Transport B.V.",
        "{ln} & Zn.",
        "{ln} Techniek",
        "Drukkerij {ln}",
        "Autobedrijf {ln}",
        "{ln} Accountants",
        "{ln} ICT",
        "Hoveniersbedrijf {ln}",
        "{ln} & {ln2} Advocaten",
        "Reclamebureau De {noun}",
    ),
    "Grootzakelijk": (
        "{ln} Groep N.V.",
        "{ln} Holding B.V.",
        "{ln} Logistics B.V.",
        "{ln} Nederland B.V.",
        "Koninklijke {ln} N.V.",
        "{ln} International B.V.",
        "{ln} Energie B.V.",
        "{ln} Verzekeringen N.V.",
    ),
    "Overheid": (
        "Gemeente {city}",
        "Waterschap {water}",
        "Provincie {prov}",
        "Omgevingsdienst {city}",
        "GGD Regio {city}",
        "Belastingsamenwerking {city}",
        "Sociale Dienst {city}",
    ),
    "Industrie": (
        "{ln} Metaalbewerking B.V.",
        "{ln} Kunststoffen B.V.",
        "{ln} Machinebouw B.V.",
        "{ln} Voedingsmiddelen B.V.",
        "Vleeswarenfabriek {ln}",
        "{ln} Verpakkingen B.V.",
        "{ln} Staal B.V.",
        "{ln} Chemie B.V.",
        "Houtindustrie {ln}",
        "{ln} Precisietechniek B.V.",
    ),
    "Zorg": (
        "Zorggroep {city}",
        "Huisartsenpraktijk {ln}",
        "Tandartspraktijk {ln}",
        "Fysiotherapie {city}",
        "Woonzorgcentrum De {noun}",
        "Thuiszorg {city}",
        "Apotheek {ln}",
        "Stichting Zorg {city}",
    ),
}

CHAIN_PATTERNS: dict[str, tuple[str, ...]] = {
    "Retail": (
        "{ln} Supermarkten",
        "{ln} Bouwmarkten",
        "Drogisterij {ln}",
        "{ln} Mode",
        "Bakkerij {ln}",
        "{ln} Tuincentra",
    ),
    "Foodservice": ("{ln} Horecagroep", "Hotelgroep {ln}", "De {noun} Restaurants"),
    "Zorg": ("Zorggroep {ln}", "Apotheken {ln}", "Thuiszorg {ln}"),
    "Grootzakelijk": ("{ln} Groep", "{ln} Logistics", "{ln} Facilitair"),
}
LEGAL_SUFFIXES = (" B.V.", " N.V.", " & Zn.")

NOTES = (
    "Jaarlijkse prijsafspraak in november.",
    "Bestelt via een inkooporganisatie; facturen naar het hoofdkantoor.",
    "Wil graag één vast aanspreekpunt.",
    "Betaalt traag: afspraken over betalingstermijn vastleggen.",
    "Geïnteresseerd in het duurzame assortiment.",
    "Werkt ook met een concurrent; prijs is doorslaggevend.",
    "Bezoek bij voorkeur op dinsdag of donderdag.",
    "Onderdeel van een aanbesteding in het voorjaar.",
)

# Buying role -> typical Dutch job titles, generic and per segment.
JOB_TITLES: dict[str, tuple[str, ...]] = {
    "decider": (
        "Directeur",
        "Algemeen directeur",
        "Directeur-eigenaar",
        "Financieel directeur",
        "Operationeel directeur",
        "Eigenaar",
    ),
    "buyer": ("Inkoper", "Senior inkoper", "Hoofd inkoop", "Category manager", "Inkoopmanager"),
    "influencer": (
        "Controller",
        "Hoofd facilitaire zaken",
        "Kwaliteitsmanager",
        "Hoofd ICT",
        "Marketingmanager",
        "Manager bedrijfsvoering",
        "Productmanager",
    ),
    "user": (
        "Teamleider logistiek",
        "Planner",
        "Magazijnchef",
        "Medewerker technische dienst",
        "Afdelingshoofd",
        "Projectleider",
    ),
    "gatekeeper": (
        "Office manager",
        "Managementassistent",
        "Directiesecretaresse",
        "Receptionist",
    ),
    "": ("Adviseur", "Medewerker binnendienst", "Accountmanager"),
}
SEGMENT_JOB_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "Retail": {"user": ("Filiaalmanager", "Afdelingsmanager vers"), "buyer": ("Category buyer",)},
    "Foodservice": {"user": ("Chef-kok", "Bedrijfsleider"), "influencer": ("F&B manager",)},
    "Industrie": {"user": ("Productiemanager", "Hoofd technische dienst")},
    "Zorg": {
        "decider": ("Bestuurder", "Raad van bestuur"),
        "user": ("Teamleider zorg", "Praktijkmanager"),
        "influencer": ("Facilitair manager",),
    },
    "Overheid": {
        "decider": ("Afdelingshoofd", "Gemeentesecretaris"),
        "buyer": ("Inkoopadviseur", "Contractmanager"),
        "influencer": ("Beleidsmedewerker",),
    },
}
BRANCH_LEAD_TITLES = ("Filiaalmanager", "Vestigingsmanager", "Bedrijfsleider", "Locatiemanager")
REGION_LEAD_TITLES = ("Regiomanager", "Regiodirecteur", "Rayonmanager")

# How often each buying role occurs among contacts who are not the account's first contact.
BUYING_ROLE_WEIGHTS = {
    "decider": 8,
    "buyer": 24,
    "influencer": 26,
    "user": 25,
    "gatekeeper": 10,
    "": 7,
}
ATTITUDE_WEIGHTS = {"supporter": 35, "neutral": 50, "critic": 15}

CONSENT_SOURCES = (
    "Aanmelding nieuwsbrief op de website",
    "Beursformulier Horecava",
    "Beursformulier Vakbeurs Facilitair",
    "Visitekaartje bij bezoek, bevestigd per e-mail",
    "Aanmelding webinar",
    "Inschrijving klantendag",
    "Mondeling tijdens bezoek, bevestigd per e-mail",
)

INTERESTS = (
    "Wielrennen, rijdt elk jaar de Amstel Gold Race toertocht.",
    "Seizoenkaart bij PSV.",
    "Seizoenkaart bij Feyenoord.",
    "Zeilen op het IJsselmeer.",
    "Golf (handicap 18).",
    "Wijn, vooral Bourgogne.",
    "Twee kinderen; zoon speelt hockey.",
    "Loopt marathons, onlangs Rotterdam.",
    "Kookt graag Italiaans.",
    "Schaatsen; reed de Elfstedentocht op de Weissensee.",
    "Jazz; bezoekt elk jaar North Sea Jazz.",
    "Vrijwilliger bij de voetbalclub van zijn dochter.",
    "Fotografie, vooral vogels.",
    "Verbouwt een oude boerderij.",
    "Reist graag naar Italië.",
    "Tennis op zondagochtend.",
    "Imker; neemt soms honing mee.",
    "Oldtimers: rijdt een Citroën DS.",
)


# -- compact pools for the benchmark generator (bench/) --------------------------------------
# The benchmark combines these (and Faker's names, streets and cities) into hundreds of thousands
# of names; segments, tags, job titles, interests and consent sources are the demo's lists above.


def _split(text: str) -> list[str]:
    return text.split("|")


TEAM_NAMES = _split("Noord|Zuid|Oost|West|Randstad|Key accounts|Midden|Food")
TRADES = _split(
    "Bouw|Techniek|Installatietechniek|Logistiek|Advies|Groothandel|Transport|Metaal|Food|"
    "Vleeswaren|Bakkerij|Catering|Zorggroep|Elektro|Kunststoffen|Verpakkingen|"
    "Automatisering|Schoonmaak|Drukkerij|Media|Machinebouw|Tuinbouw|Interieur|Accountants|"
    "Makelaardij|Autobedrijf|Hoveniers|Schilders|Beveiliging|Uitzendbureau"
)
CHAIN_TRADES = _split(
    "Supermarkten|Bakkerijen|Slagerijen|Bouwmarkten|Tankstations|Apotheken|Hotels|"
    "Restaurants|Garages|Tuincentra|Drogisterijen|Kinderopvang"
)
LEGAL_FORMS = _split("B.V.|B.V.|B.V.|||N.V.|V.O.F.|Holding B.V.")
REGIONS = _split("Noord|Oost|Zuid|West|Midden|Randstad|Zuidwest|Noordoost")
AREA_CODES = _split("10|13|15|20|23|24|26|30|35|38|40|43|50|70")
