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

TEMPLATES["orientation_reminder"] = {
    "en": Words(
        "Reminder: your pre-departure orientation",
        'Your orientation session "{course}" starts on {starts_at}. Place: {place}.',
    ),
    "ar": Words(
        "تذكير: جلسة التوجيه قبل السفر", "تبدأ جلسة التوجيه «{course}» في {starts_at}. المكان: {place}."
    ),
    "fr": Words(
        "Rappel : votre orientation avant le départ",
        "Votre séance d'orientation « {course} » commence le {starts_at}. Lieu : {place}.",
    ),
    "it": Words(
        "Promemoria: il tuo orientamento pre-partenza",
        "La tua sessione di orientamento «{course}» inizia il {starts_at}. Luogo: {place}.",
    ),
}
# What a worker may still need before departure (the reason code of the departure check that would refuse).
NEEDS: dict[str, dict[str, str]] = {
    "orientation_required": {
        "en": "a valid pre-departure orientation certificate",
        "ar": "شهادة سارية لحضور التوجيه قبل السفر",
        "fr": "un certificat valide d'orientation avant le départ",
        "it": "un certificato valido di orientamento pre-partenza",
    },
}
TEMPLATES["documents_needed"] = {
    "en": Words("Before you leave: {need}", 'To depart for "{vacancy}" you still need {need}.'),
    "ar": Words("قبل السفر: {need}", "للسفر إلى وظيفة «{vacancy}» ما زلت تحتاج إلى {need}."),
    "fr": Words(
        "Avant votre départ : {need}", "Pour partir au poste « {vacancy} », il vous faut encore {need}."
    ),
    "it": Words("Prima della partenza: {need}", "Per partire per «{vacancy}» ti serve ancora {need}."),
}
EMAIL_CHANGED = "email_changed"  # the gateway's own news
TEMPLATES[EMAIL_CHANGED] = {
    "en": Words(
        "Your email address was changed",
        "The email address of your IMIS account was changed. "
        "If you did not do this, contact the ministry at once.",
    ),
    "ar": Words(
        "تم تغيير بريدك الإلكتروني",
        "تم تغيير عنوان البريد الإلكتروني لحسابك في IMIS. إن لم تقم بذلك فاتصل بالوزارة فوراً.",
    ),
    "fr": Words(
        "Votre adresse e-mail a été modifiée",
        "L'adresse e-mail de votre compte IMIS a été modifiée. "
        "Si ce n'est pas vous, contactez le ministère sans attendre.",
    ),
    "it": Words(
        "Il tuo indirizzo e-mail è stato cambiato",
        "L'indirizzo e-mail del tuo account IMIS è stato cambiato. "
        "Se non sei stato tu, contatta subito il ministero.",
    ),
}
# The states of a diaspora project (the diaspora service's ProjectStatus).
PROJECT_STATUSES: dict[str, dict[str, str]] = {
    "draft": {"en": "draft", "ar": "مسودة", "fr": "brouillon", "it": "bozza"},
    "open": {
        "en": "open for pledges",
        "ar": "مفتوح للتعهدات",
        "fr": "ouvert aux contributions",
        "it": "aperto agli impegni",
    },
    "funded": {"en": "funded", "ar": "مموّل", "fr": "financé", "it": "finanziato"},
    "in_progress": {"en": "under way", "ar": "قيد التنفيذ", "fr": "en cours", "it": "in corso"},
    "completed": {"en": "completed", "ar": "مكتمل", "fr": "achevé", "it": "completato"},
    "cancelled": {"en": "cancelled", "ar": "ملغى", "fr": "annulé", "it": "annullato"},
}
TEMPLATES["project_updated"] = {
    "en": Words(
        "A project you support: {project_status}",
        'The project "{project}" you pledged to is now {project_status}.',
    ),
    "ar": Words(
        "مشروع تدعمه: {project_status}", "المشروع «{project}» الذي تعهدت بدعمه أصبح الآن: {project_status}."
    ),
    "fr": Words(
        "Un projet que vous soutenez : {project_status}",
        "Le projet « {project} » que vous soutenez est maintenant : {project_status}.",
    ),
    "it": Words(
        "Un progetto che sostieni: {project_status}",
        "Il progetto «{project}» che sostieni ora è: {project_status}.",
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
    elif kind == "documents_needed":
        values["need"] = NEEDS.get(values["needed"], {}).get(chosen, values["needed"])
    elif kind == "project_updated":
        values["project_status"] = PROJECT_STATUSES.get(values["status"], {}).get(chosen, values["status"])
    elif "status" in values:
        values["status"] = STATUSES.get(values["status"], {}).get(chosen, values["status"])
    return Words(words.title.format_map(values), words.body.format_map(values))
