"""The words of each notification, in Arabic, English, French and Italian (English for any other
language). A template takes only what the event carries: ids, codes and public titles, never a
person's name or contact, so a rendered message holds no personal data but what its reader knows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("ar", "en", "fr", "it")

# The steps of an application (the jobs service's ApplicationStatus), as a worker reads them.
STATUSES: dict[str, dict[str, str]] = {
    "invited": {"en": "invited", "ar": "مدعو", "fr": "invité", "it": "invitato"},
    "declined": {"en": "declined", "ar": "مرفوض منك", "fr": "déclinée", "it": "rifiutata da te"},
    "submitted": {"en": "submitted", "ar": "مقدَّم", "fr": "envoyée", "it": "inviata"},
    "shortlisted": {
        "en": "shortlisted",
        "ar": "في القائمة المختصرة",
        "fr": "présélectionnée",
        "it": "preselezionata",
    },
    "interview": {"en": "interview", "ar": "مقابلة", "fr": "entretien", "it": "colloquio"},
    "offered": {"en": "job offered", "ar": "عرض عمل", "fr": "offre d'emploi", "it": "offerta di lavoro"},
    "accepted": {"en": "accepted", "ar": "مقبول", "fr": "acceptée", "it": "accettata"},
    "contract_signed": {
        "en": "contract signed",
        "ar": "تم توقيع العقد",
        "fr": "contrat signé",
        "it": "contratto firmato",
    },
    "visa_issued": {
        "en": "visa issued",
        "ar": "صدرت التأشيرة",
        "fr": "visa délivré",
        "it": "visto rilasciato",
    },
    "departed": {"en": "departed", "ar": "غادر", "fr": "départ", "it": "partito"},
    "arrived": {"en": "arrived", "ar": "وصل", "fr": "arrivée", "it": "arrivato"},
    "employed": {"en": "employed", "ar": "بدأ العمل", "fr": "en emploi", "it": "assunto"},
    "terminated": {
        "en": "contract ended early",
        "ar": "انتهى العقد مبكراً",
        "fr": "contrat rompu",
        "it": "contratto interrotto",
    },
    "returned": {"en": "returned home", "ar": "عاد إلى الوطن", "fr": "retour au pays", "it": "rientrato"},
    "rejected": {"en": "not selected", "ar": "لم يتم الاختيار", "fr": "non retenue", "it": "non selezionata"},
    "withdrawn": {"en": "withdrawn", "ar": "مسحوب", "fr": "retirée", "it": "ritirata"},
}


# The states of a welfare case (the jobs service's WelfareCaseStatus).
CASE_STATUSES: dict[str, dict[str, str]] = {
    "open": {"en": "open", "ar": "مفتوحة", "fr": "ouvert", "it": "aperta"},
    "in_progress": {"en": "in progress", "ar": "قيد المتابعة", "fr": "en cours", "it": "in corso"},
    "referred": {"en": "referred", "ar": "محالة", "fr": "transmis", "it": "inoltrata"},
    "resolved": {"en": "resolved", "ar": "تم حلها", "fr": "résolu", "it": "risolta"},
    "closed_unresolved": {
        "en": "closed without resolution",
        "ar": "أغلقت دون حل",
        "fr": "clos sans solution",
        "it": "chiusa senza soluzione",
    },
}


@dataclass(frozen=True)
class Words:
    title: str
    body: str


# kind -> language -> (title, body); placeholders: {vacancy} (a public title), {status} (translated).
TEMPLATES: dict[str, dict[str, Words]] = {
    "application_status_changed": {
        "en": Words("Your application: {status}", 'Your application for "{vacancy}" is now: {status}.'),
        "ar": Words("طلبك: {status}", "أصبحت حالة طلبك لوظيفة «{vacancy}»: {status}."),
        "fr": Words(
            "Votre candidature : {status}",
            "Votre candidature au poste « {vacancy} » est maintenant : {status}.",
        ),
        "it": Words("La tua candidatura: {status}", "La tua candidatura per «{vacancy}» ora è: {status}."),
    },
    "invitation_received": {
        "en": Words("An employer invites you to apply", 'An employer invites you to apply for "{vacancy}".'),
        "ar": Words("صاحب عمل يدعوك للتقديم", "يدعوك صاحب عمل للتقديم على وظيفة «{vacancy}»."),
        "fr": Words(
            "Un employeur vous invite à postuler",
            "Un employeur vous invite à postuler au poste « {vacancy} ».",
        ),
        "it": Words(
            "Un datore di lavoro ti invita a candidarti",
            "Un datore di lavoro ti invita a candidarti per «{vacancy}».",
        ),
    },
}

TEMPLATES["welfare_case_updated"] = {
    "en": Words(
        "Your welfare case: {case_status}",
        "There is news on your welfare case ({case_status}). Sign in to read it.",
    ),
    "ar": Words(
        "حالة الرعاية الخاصة بك: {case_status}",
        "هناك جديد في حالة الرعاية الخاصة بك ({case_status}). سجّل الدخول لقراءته.",
    ),
    "fr": Words(
        "Votre dossier d'assistance : {case_status}",
        "Votre dossier d'assistance a du nouveau ({case_status}). Connectez-vous pour le lire.",
    ),
    "it": Words(
        "La tua pratica di assistenza: {case_status}",
        "Ci sono novità sulla tua pratica di assistenza ({case_status}). Accedi per leggerle.",
    ),
}
TEMPLATES["pledge_confirmed"] = {
    "en": Words("Your pledge is confirmed", 'Thank you: your pledge to "{project}" is confirmed.'),
    "ar": Words("تم تأكيد تعهدك", "شكراً لك: تم تأكيد تعهدك لمشروع «{project}»."),
    "fr": Words(
        "Votre promesse est confirmée",
        "Merci : votre promesse de contribution au projet « {project} » est confirmée.",
    ),
    "it": Words(
        "Il tuo impegno è confermato", "Grazie: il tuo impegno per il progetto «{project}» è confermato."
    ),
}

TEMPLATES["vacancy_alert"] = {
    "en": Words("A new vacancy for you", 'A new vacancy matches your saved search: "{vacancy}".'),
    "ar": Words("وظيفة جديدة لك", "وظيفة جديدة تطابق بحثك المحفوظ: «{vacancy}»."),
    "fr": Words(
        "Une nouvelle offre pour vous",
        "Une nouvelle offre correspond à votre recherche enregistrée : « {vacancy} ».",
    ),
    "it": Words(
        "Una nuova offerta per te", "Una nuova offerta corrisponde alla tua ricerca salvata: «{vacancy}»."
    ),
}
TEMPLATES["vacancy_digest"] = {
    "en": Words(
        "New vacancies for you: {count}",
        "{count} new vacancies match your saved search. Sign in to see them.",
    ),
    "ar": Words("وظائف جديدة لك: {count}", "{count} وظائف جديدة تطابق بحثك المحفوظ. سجّل الدخول لرؤيتها."),
    "fr": Words(
        "Nouvelles offres pour vous : {count}",
        "{count} nouvelles offres correspondent à votre recherche enregistrée. Connectez-vous pour les voir.",
    ),
    "it": Words(
        "Nuove offerte per te: {count}",
        "{count} nuove offerte corrispondono alla tua ricerca salvata. Accedi per vederle.",
    ),
}

KINDS = tuple(TEMPLATES)


def language_of(wanted: str | None) -> str:
    return wanted if wanted in LANGUAGES else "en"


def render(kind: str, language: str, params: Mapping[str, str]) -> Words:
    """The notification in ``language``; KeyError for a kind no template knows."""
    words = TEMPLATES[kind][language_of(language)]
    values = dict(params)
    chosen = language_of(language)
    if kind == "welfare_case_updated":  # a welfare case's status, not an application's
        values["case_status"] = CASE_STATUSES.get(values["status"], {}).get(chosen, values["status"])
    elif "status" in values:
        values["status"] = STATUSES.get(values["status"], {}).get(chosen, values["status"])
    return Words(words.title.format_map(values), words.body.format_map(values))
