"""The Melding as Zicht takes it in, and what the API answers (OpenAPI 3.1 through django-ninja).

The document follows the draft JZV "Meldingen" of VNG Realisatie (v1.0; samen-onder-handbereik/specificaties
yaml/Melding.yaml v0.1 is the same model), with its Dutch field names. A handover from Veilig Thuis carries
more than the draft: what the browser form asks (referrals/forms.py). Those fields are marked
"Uitbreiding" in their descriptions. Every field is documented for the developers of the chain, so the
descriptions are Dutch; error messages go through gettext (api/errors.py).
"""

import datetime as dt
from typing import Annotated, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from core.validators import bsn_is_valid
from referrals.models import OutcomeCode, Referral

# Error types raised here with a message already in Dutch (api/errors.py shows it as it is).
OWN_ERROR_TYPES = frozenset({"bsn_elfproef", "birth_date_future", "unstorable_text"})

REGISTRATIENUMMER = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
POSTCODE = r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"
GEMEENTECODE = r"^GM[0-9]{4}$"

# The extension's codes (Dutch) for the model's values.
RELATIONS = {
    "kind": "child",
    "ouder": "parent",
    "stiefouder": "step_parent",
    "pleegouder": "foster_parent",
    "anders": "other",
}
URGENCIES = {"acuut": "acute", "hoog": "high", "normaal": "normal"}
# The questions of the draft's VraagEnum that a Veilig Thuis Melding asks.
QUESTIONS = {
    "VT-001": "Is er sprake van bestaande hulpverlening?",
    "VT-002": "Is er sprake van een tijdelijk huisverbod?",
}


def _storable(value: str) -> str:
    """PostgreSQL stores no NUL character, and UTF-8 no lone surrogate (JSON's "\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        storable = False
    else:
        storable = "\x00" not in value
    if not storable:
        raise PydanticCustomError(
            "unstorable_text",
            _("This text holds a character Zicht cannot store (a NUL or a lone surrogate)."),
        )
    return value


def _iso_text(error_type: str):
    """Dates and times come as ISO 8601 text, never as a number (pydantic would read that as a Unix time)."""

    def check(value):
        if not isinstance(value, str | dt.date):
            raise PydanticCustomError(error_type, "ISO 8601")
        return value

    return BeforeValidator(check)


def _bsn(value: str) -> str:
    if not bsn_is_valid(value):
        raise PydanticCustomError(
            "bsn_elfproef", _("This is not a valid BSN: it must be nine digits and pass the eleven test.")
        )
    return value


def _not_future(value: dt.date) -> dt.date:
    if value > timezone.localdate():
        raise PydanticCustomError("birth_date_future", _("A date of birth cannot be in the future."))
    return value


def Text(max_length: int | None = None, *, min_length: int = 0, pattern: str | None = None):
    """Text without surrounding spaces, within these lengths, of characters Zicht can store. A pattern
    bounds the length itself, so that its message (api/errors.py) says what the value should look like."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length or None, max_length=max_length, pattern=pattern
        ),
        AfterValidator(_storable),
    ]


Date = Annotated[dt.date, _iso_text("date_type")]
DateTime = Annotated[dt.datetime, _iso_text("datetime_type")]
BSN = Annotated[Text(pattern=r"^[0-9]{9}$"), AfterValidator(_bsn)]


class Document(Schema):
    """A part of the incoming document: unknown fields are refused (a misspelt field would be lost)."""

    model_config = ConfigDict(extra="forbid")


class Naam(Document):
    """De naam van een natuurlijk persoon (JZV Naam)."""

    voornamen: Text(100, min_length=1) = Field(
        description="De voornamen, gescheiden door spaties. Verplicht in Zicht (in de JZV-draft optioneel)."
    )
    voorvoegselGeslachtsnaam: Text(20) = Field(
        "", description="Voorvoegsel van de geslachtsnaam, zoals 'van der'."
    )
    geslachtsnaam: Text(100, min_length=1) = Field(description="De geslachtsnaam, zonder voorvoegsel.")


class Geboorte(Document):
    datum: Annotated[Date, AfterValidator(_not_future)] = Field(
        description="Geboortedatum (JJJJ-MM-DD), niet in de toekomst. Verplicht in Zicht."
    )


class Communicatiemiddel(Document):
    type: Literal["Vaste telefoon", "Mobiele telefoon", "Emailadres"]
    waarde: Text(200, min_length=1)


class NatuurlijkPersoon(Document):
    """Een lid van het gezin (JZV NatuurlijkPersoon, met de uitbreiding `relatie`)."""

    burgerservicenummer: BSN = Field(
        description="Het BSN: negen cijfers die de elfproef doorstaan. Zicht koppelt hiermee aan een lopende "
        "casus van het gezin.",
        examples=["111222333"],
    )
    naam: Naam
    geboorte: Geboorte = Field(description="Verplicht in Zicht (in de JZV-draft optioneel).")
    geslachtsaanduiding: Literal["man", "vrouw", "anders", "onbekend"] | None = Field(
        None, description="JZV GeslachtEnum. Zicht slaat dit niet op."
    )
    communicatiemiddel: list[Communicatiemiddel] = Field(
        default_factory=list, max_length=10, description="Zicht slaat dit niet op."
    )
    relatie: Literal["kind", "ouder", "stiefouder", "pleegouder", "anders"] = Field(
        description="Uitbreiding: de plaats van deze persoon in het gezin. Een overdracht noemt ten minste "
        "één kind."
    )


class Adres(Document):
    """Uitbreiding: het woonadres van het gezin. (De JZV-draft kent een adres per persoon, zonder postcode
    en woonplaats; Zicht kiest aan de hand van de gemeente het ontvangende team.)"""

    straatnaam: Text(200, min_length=1)
    huisnummer: int = Field(ge=1, le=99999)
    huisletter: Text(pattern=r"^[A-Za-z]?$") = ""
    huisnummertoevoeging: Text(pattern=r"^[A-Za-z0-9]{0,4}$") = ""
    postcode: Text(pattern=POSTCODE) = Field(examples=["1501 AB"])
    woonplaats: Text(100, min_length=1)
    gemeentecode: Text(pattern=GEMEENTECODE) = Field(
        description="De CBS-code van de gemeente waar het gezin woont. De overdracht gaat naar het team dat "
        "die gemeente voor overdrachten heeft aangewezen, of naar het team van een lopende casus van het "
        "gezin.",
        examples=["GM0479"],
    )


class Periode(Document):
    datumTijdBegin: DateTime
    datumTijdEinde: DateTime | None = None


class Incident(Document):
    """Wat er gebeurde (JZV Incident)."""

    datumTijd: DateTime | None = Field(None, description="Wanneer het incident plaatsvond.")
    locatie: Text(200) = ""
    omschrijving: Text(10000, min_length=1) = Field(
        description="Wat er gebeurde: in Zicht 'Wat is er gebeurd'. Verplicht."
    )
    periodeVanTot: Periode | None = Field(
        None, description="Sinds wanneer (en tot wanneer) dit speelt: in Zicht 'Sinds wanneer'."
    )


class VraagAntwoord(Document):
    vraag: Literal["VT-001", "VT-002"] = Field(
        description="VT-001: Is er sprake van bestaande hulpverlening? VT-002: Is er sprake van een "
        "tijdelijk huisverbod?"
    )
    antwoord: Text(1000, min_length=1)


class ZorgelijkeSituatie(Document):
    situatieSchets: Text(10000) = ""
    nadereOmschrijving: Text(10000) = ""
    vraagAntwoord: list[VraagAntwoord] = Field(
        default_factory=list,
        max_length=10,
        description="Een lijst (de JZV-draft noemt één vraag met antwoord).",
    )


class Contact(Document):
    """Wie het team bij Veilig Thuis kan bellen of mailen over deze overdracht."""

    naam: Text(200, min_length=1)
    telefoonnummer: Text(50) = ""
    emailAdres: Text(200) = ""


class Melding(Document):
    """Een overdracht van Veilig Thuis aan het lokale team, naar de JZV Melding.

    Zicht neemt haar op zoals een overdracht die in de browser is getypt: in het postvak van het team dat
    de gemeente aanwees (of van het team dat het gezin al kent), met dezelfde signalen en meldingen.
    Hetzelfde registratienummer met dezelfde inhoud nogmaals versturen geeft dezelfde overdracht terug.
    """

    registratienummer: Text(pattern=REGISTRATIENUMMER) = Field(
        description="Uw eigen kenmerk van de melding, uniek binnen uw organisatie: letters, cijfers, '.', "
        "'-' en '_', hoogstens 40 tekens. In Zicht het 'Kenmerk Veilig Thuis'.",
        examples=["VT-2026-0042"],
    )
    soort: Literal["VT"] = Field("VT", description="JZV SoortMelding: Zicht neemt alleen VT aan.")
    datumTijd: DateTime | None = Field(
        None, description="Wanneer de melding gedaan is. Zicht slaat dit niet op."
    )
    uitkomst: Literal[tuple(OutcomeCode.values)] = Field(  # type: ignore[valid-type]
        description="Uitbreiding: de uitkomst van de veiligheidsbeoordeling (JZV StatusEnum), bijvoorbeeld "
        "VT-01-02 (overdracht).",
        examples=["VT-01-02"],
    )
    urgentie: Literal["acuut", "hoog", "normaal"] = Field(
        "normaal",
        description="Uitbreiding: acuut (vandaag contact met het gezin), hoog (binnen enkele dagen) of "
        "normaal.",
    )
    incident: Incident
    zorgelijkeSituatie: ZorgelijkeSituatie | None = None
    verzoek: Text(5000) = Field("", description="Een verzoek aan het ontvangende team.")
    terugkoppelingGewenst: bool | None = Field(
        None,
        description="Zicht slaat dit niet op: Veilig Thuis ziet de stand van de overdracht altijd (GET "
        "/meldingen/{registratienummer}).",
    )
    contact: Contact | None = None
    melder: Text(200) = Field(
        "",
        description="Uitbreiding: wie de melding bij Veilig Thuis deed. Alleen Veilig Thuis ziet dit; het "
        "lokale team niet.",
    )
    natuurlijkPersonen: list[NatuurlijkPersoon] = Field(
        min_length=1,
        max_length=30,
        description="Uitbreiding: de leden van het gezin (de JZV-draft kent één natuurlijkPersoon), ten "
        "minste één kind.",
    )
    adres: Adres
    veiligheidsvoorwaarden: list[Text(2000, min_length=1)] = Field(
        min_length=1,
        max_length=30,
        description="Uitbreiding: wat er ten minste moet gebeuren om de kinderen nu veilig te laten zijn; "
        "elke voorwaarde concreet (wie doet of laat wat). Ten minste één.",
    )
    monitoringMaanden: list[Annotated[int, Field(ge=1, le=24)]] = Field(
        default_factory=lambda: [3, 6],
        min_length=1,
        max_length=12,
        description="Uitbreiding: de monitoringmomenten van Veilig Thuis, in maanden na acceptatie (1 tot en "
        "met 24). Standaard 3 en 6.",
    )


class Stand(Schema):
    code: Literal[tuple(Referral.State.values)] = Field(  # type: ignore[valid-type]
        description="De stand: draft (concept), sent (verstuurd), accepted (geaccepteerd), returned (met een "
        "vraag teruggestuurd naar Veilig Thuis) of withdrawn (ingetrokken)."
    )
    omschrijving: str = Field(description="De stand in woorden, zoals Zicht hem toont.")


class MeldingStatus(Schema):
    """De overdracht die uit een Melding ontstond, en hoe ver zij is."""

    id: int = Field(description="Het nummer van de overdracht in Zicht.")
    registratienummer: str
    url: str = Field(description="De pagina van de overdracht in Zicht (voor wie daar mag kijken).")
    status: Stand
    ontvangendTeam: str = Field(description="Het team dat de overdracht ontving.")


class Fout(Schema):
    pad: str = Field(description="Waar de fout zit, als JSON-pad: $ is het hele document.")
    melding: str = Field(description="Wat er mis is, in het Nederlands.")


class Fouten(Schema):
    fouten: list[Fout]


# --- The outcome of a Beschermtafel, as the draft JZV "Uitkomst Overleg" (tables/jzv.py builds it) ---


class Belegd(Schema):
    naam: str = Field(description="Wie de afspraak uitvoert, zoals de tafel het opschreef.")


class Actie(Schema):
    id: str
    omschrijving: str = Field(description="Wat er gebeurt.")
    conditie: str = Field(description="Wanneer, of onder welke voorwaarde.")
    idCasusoverleg: str
    belegdBij: Belegd


class Besluit(Schema):
    id: str
    omschrijving: str = Field(description="Wat de tafel besloot of adviseert.")
    idCasusoverleg: str
    soort: Literal["voluntary_sufficient", "pressure", "board_investigation"] = Field(
        description="voluntary_sufficient (vrijwillige hulp volstaat), pressure (afspraken in drang) of "
        "board_investigation (verzoek tot onderzoek aan de Raad voor de Kinderbescherming)."
    )
    soortOmschrijving: str


class Zaak(Schema):
    id: str = Field(description="Het casusnummer in Zicht.")
    startDatum: dt.date
    heeftBesluit: list[Besluit]
    heeftActie: list[Actie] = Field(description="De afspraken (bij drang); anders leeg.")


class Casusoverleg(Schema):
    id: str
    naam: str = Field(description="De Beschermtafel.")
    datum: dt.date
    startTijd: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$")
    eindTijd: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$")
    notulen: str
    betreft: Zaak


class UitkomstOverleg(Schema):
    """De uitkomst van een Beschermtafel, naar het concept JZV "Uitkomst Overleg"."""

    identifier: str = Field(description="De identifier van de uitkomst (UUID), het subject van de events.")
    beschikbaarGesteldOp: dt.datetime
    inzageUrl: str = Field(description="Dit adres: waar de uitkomst met het eigen token te lezen is.")
    casusoverleg: Casusoverleg
    terugmeldingOp: dt.date | None = Field(description="Bij drang: wanneer aan de tafel wordt teruggemeld.")
    raadsonderzoeker: str | None = Field(description="Bij een verzoek tot onderzoek: de raadsonderzoeker.")
    directbetrokkenenGeinformeerd: bool = Field(description="Of de ouders de uitkomst hebben gehoord.")
    toelichtingInformeren: str = Field(description="Hoe de ouders het horen, of waarom niet.")
