"""The words a seeker reads before agreeing that a programme's partners receive their record, in
each language the platform publishes in, and their version (a digest of the exact words).

The text names the programme, every partner bound to it with its country, and every field group
any of them may receive; so binding a partner or widening an agreement changes the text, and
consents given to the earlier words no longer count until the seeker agrees again.
"""

from __future__ import annotations

import gettext
import hashlib
from collections.abc import Iterable
from functools import lru_cache

import pycountry

from imis_jobs.handover.models import HandoverField

FIELD_NAMES: dict[str, dict[HandoverField, str]] = {
    "en": {
        HandoverField.IDENTITY: "your name, date of birth and citizenship",
        HandoverField.CONTACT: "your phone number and email address",
        HandoverField.RESIDENCE: "where you live (country and region)",
        HandoverField.OCCUPATIONS: "your occupations and years of experience",
        HandoverField.SKILLS: "your skills",
        HandoverField.LANGUAGES: "your languages and their levels",
        HandoverField.EDUCATION: "your education and certificates",
        HandoverField.VERIFICATIONS: "the results of the ministry's checks (never medical details)",
        HandoverField.PLACEMENT: "the job you were selected for and the state of your application",
    },
    "fr": {
        HandoverField.IDENTITY: "vos nom, date de naissance et nationalité",
        HandoverField.CONTACT: "votre numéro de téléphone et votre adresse e-mail",
        HandoverField.RESIDENCE: "votre lieu de résidence (pays et région)",
        HandoverField.OCCUPATIONS: "vos métiers et vos années d'expérience",
        HandoverField.SKILLS: "vos compétences",
        HandoverField.LANGUAGES: "vos langues et leurs niveaux",
        HandoverField.EDUCATION: "votre formation et vos certificats",
        HandoverField.VERIFICATIONS: (
            "les résultats des vérifications du ministère (jamais de détails médicaux)"
        ),
        HandoverField.PLACEMENT: "l'emploi pour lequel vous avez été retenu et l'état de votre candidature",
    },
    "it": {
        HandoverField.IDENTITY: "nome, data di nascita e cittadinanza",
        HandoverField.CONTACT: "numero di telefono e indirizzo email",
        HandoverField.RESIDENCE: "dove vivi (paese e regione)",
        HandoverField.OCCUPATIONS: "le tue professioni e gli anni di esperienza",
        HandoverField.SKILLS: "le tue competenze",
        HandoverField.LANGUAGES: "le lingue che conosci e il loro livello",
        HandoverField.EDUCATION: "la tua istruzione e i tuoi certificati",
        HandoverField.VERIFICATIONS: "gli esiti delle verifiche del ministero (mai dati medici)",
        HandoverField.PLACEMENT: "il lavoro per cui sei stato selezionato e lo stato della tua candidatura",
    },
    "ar": {
        HandoverField.IDENTITY: "اسمك وتاريخ ميلادك وجنسيتك",
        HandoverField.CONTACT: "رقم هاتفك وبريدك الإلكتروني",
        HandoverField.RESIDENCE: "مكان إقامتك (البلد والمحافظة)",
        HandoverField.OCCUPATIONS: "مهنك وسنوات خبرتك",
        HandoverField.SKILLS: "مهاراتك",
        HandoverField.LANGUAGES: "اللغات التي تتحدثها ومستواك فيها",
        HandoverField.EDUCATION: "تعليمك وشهاداتك",
        HandoverField.VERIFICATIONS: "نتائج الفحوص التي أجرتها الوزارة (دون أي تفاصيل طبية أبداً)",
        HandoverField.PLACEMENT: "الوظيفة التي تم اختيارك لها وحالة طلبك",
    },
}

TEMPLATES = {
    "en": (
        "If you agree, when you are selected in the programme “{programme}”, the ministry will send "
        "the following to {partners}: {fields}. They receive it only to place you in work under this "
        "programme. You can withdraw your agreement at any time; what was already sent stays with them, "
        "and your data export lists who received your record and when."
    ),
    "fr": (
        "Si vous acceptez, lorsque vous serez retenu dans le programme « {programme} », le ministère "
        "transmettra à {partners} : {fields}. Ils ne les reçoivent que pour vous placer dans un emploi "
        "au titre de ce programme. Vous pouvez retirer votre accord à tout moment ; ce qui a déjà été "
        "transmis reste chez eux, et l'export de vos données indique qui a reçu votre dossier et quand."
    ),
    "it": (
        "Se sei d'accordo, quando sarai selezionato nel programma «{programme}», il ministero invierà a "
        "{partners}: {fields}. Li ricevono solo per inserirti in un lavoro nell'ambito di questo "
        "programma. Puoi ritirare il tuo consenso in qualsiasi momento; quanto già inviato resta a loro, "
        "e l'esportazione dei tuoi dati indica chi ha ricevuto la tua scheda e quando."
    ),
    "ar": (
        "إذا وافقت، فعند اختيارك في برنامج «{programme}» سترسل الوزارة إلى {partners} ما يلي: {fields}. "
        "ولا يستخدمون هذه البيانات إلا لتوظيفك في إطار هذا البرنامج. يمكنك سحب موافقتك في أي وقت؛ "
        "وما أُرسل بالفعل يبقى لديهم، ويُظهر تصدير بياناتك من تسلّم ملفك ومتى."
    ),
}
SEPARATORS = {"en": "; ", "fr": " ; ", "it": "; ", "ar": "؛ "}
NO_PARTNER = {
    "en": "no partner yet",
    "fr": "aucun partenaire pour l'instant",
    "it": "nessun partner per ora",
    "ar": "لا توجد جهة شريكة بعد",
}


@lru_cache(maxsize=8)
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


def _country(code: str, language: str) -> str:
    """The country's name in ``language`` (pycountry's ISO 3166 translations)."""
    country = pycountry.countries.get(alpha_2=code)
    return _translations(language).gettext(country.name) if country is not None else code


def consent_text(
    programme_name: str, partners: Iterable[tuple[str, str]], fields: Iterable[str], language: str
) -> tuple[str, str]:
    """(text, version) of the consent to share with ``partners`` ((name, country) pairs) the
    ``fields`` groups of one's record under ``programme_name``, in ``language``."""
    names = FIELD_NAMES[language]
    wanted = set(fields)
    listed = [names[field] for field in HandoverField if field in wanted]
    who = [f"{name} ({_country(country, language)})" for name, country in sorted(partners)]
    separator = SEPARATORS[language]
    text = TEMPLATES[language].format(
        programme=programme_name,
        partners=separator.join(who) or NO_PARTNER[language],
        fields=separator.join(listed) or "—",
    )
    return text, hashlib.sha256(text.encode()).hexdigest()[:16]
