"""Small pools of Dutch words that the generator combines into names and details."""

from __future__ import annotations


def _split(text: str) -> list[str]:
    return text.split("|")


TEAM_NAMES = _split("Noord|Zuid|Oost|West|Randstad|Key accounts|Midden|Food")
SEGMENTS = _split(
    "Retail|Foodservice|Industrie|Bouw|Zorg|Overheid|Logistiek|Zakelijke dienstverlening|"
    "Horeca|Groothandel"
)
TAGS = _split(
    "Beurs 2025|Nieuwsbrief|Prijsgevoelig|Duurzaamheid|Raamcontract|Exportklant|Franchise|"
    "Pilot|Strategisch|Concurrent actief|Betaalachterstand|Groeipotentie"
)
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
ROLE_WEIGHTS = {"decider": 10, "influencer": 20, "buyer": 20, "user": 25, "gatekeeper": 10, "": 15}
JOB_TITLES = {
    "decider": ["Directeur", "Algemeen directeur", "Eigenaar", "Financieel directeur", "CEO"],
    "influencer": ["Hoofd techniek", "Bedrijfsleider", "Controller", "Filiaalmanager"],
    "buyer": ["Inkoper", "Hoofd inkoop", "Category manager", "Senior inkoper"],
    "user": ["Magazijnchef", "Chef-kok", "Productieleider", "Facilitair medewerker"],
    "gatekeeper": ["Office manager", "Directiesecretaresse", "Receptionist"],
    "": ["Medewerker", "Adviseur", "Projectleider", ""],
}
INTERESTS = _split(
    "Wielrennen|Golf|Zeilen|Supporter van Ajax|Supporter van Feyenoord|Supporter van PSV|"
    "Koken|Hardlopen|Twee kinderen, vader van een tweeling|Wijnliefhebber|Schaatsen|Vissen"
)
CONSENT_SOURCES = _split("Beurs|Website|Bezoek|Seminar|Telefonisch")
