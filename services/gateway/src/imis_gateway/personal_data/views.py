"""The README of a person's data export, in their language (Arabic, English, French or Italian;
English for any other)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

_TEXTS = {
    "en": {
        "title": "Your data in IMIS",
        "made": "Made on {when} (UTC), at your request.",
        "files": "The files:",
        "gateway": "gateway.json: your account (email, name, language, roles, dates), your sign-in sessions, "
        "the security log of your account (sign-ins, changes, who acted and from which address) and every "
        "notification the platform sent you, with how each was delivered.",
        "jobs": "jobs.json: your job-seeker profile, applications and their history, consents, checks "
        "recorded by officers, which partner ministries received your record, orientation, welfare "
        "cases you follow, and your return.",
        "diaspora": "diaspora.json: your diaspora member record, consent history, offers, organisations "
        "and pledges.",
        "none": "No other service holds a record about you.",
        "notifications": "Emails that confirm your address are not kept and are not in the archive.",
        "rights": "To correct your data, change it in the application. To delete your account and all this "
        "data, use 'Delete my account'.",
    },
    "ar": {
        "title": "بياناتك في نظام IMIS",
        "made": "أُعدّت في {when} (بالتوقيت العالمي) بناءً على طلبك.",
        "files": "الملفات:",
        "gateway": "gateway.json: حسابك (البريد الإلكتروني والاسم واللغة والأدوار والتواريخ)، وجلسات "
        "الدخول، وسجل أمان حسابك (عمليات الدخول والتغييرات ومن قام بها ومن أي عنوان)، وكل إشعار أرسلته "
        "إليك المنصة وكيف وصلك.",
        "jobs": "jobs.json: ملفك كباحث عن عمل، وطلباتك وتاريخها، وموافقاتك، والفحوص التي سجلها الموظفون، "
        "والوزارات الشريكة التي تسلّمت ملفك، والتوجيه قبل السفر، وحالات الرعاية التي تتابعها، وعودتك.",
        "diaspora": "diaspora.json: سجلك كعضو في الجالية، وتاريخ موافقاتك، وعروضك، ومنظماتك، وتعهداتك.",
        "none": "لا تحتفظ أي خدمة أخرى بسجل عنك.",
        "notifications": "رسائل تأكيد بريدك الإلكتروني لا تُحفظ وليست في هذا الملف.",
        "rights": "لتصحيح بياناتك عدّلها في التطبيق. ولحذف حسابك وكل هذه البيانات استخدم «حذف حسابي».",
    },
    "fr": {
        "title": "Vos données dans IMIS",
        "made": "Établi le {when} (UTC), à votre demande.",
        "files": "Les fichiers :",
        "gateway": "gateway.json : votre compte (e-mail, nom, langue, rôles, dates), vos sessions de "
        "connexion, le journal de sécurité de votre compte (connexions, modifications, qui a agi et "
        "depuis quelle adresse) et chaque notification que la plateforme vous a envoyée, avec son envoi.",
        "jobs": "jobs.json : votre profil de demandeur d'emploi, vos candidatures et leur historique, vos "
        "consentements, les vérifications enregistrées par les agents, les ministères partenaires qui ont "
        "reçu votre dossier, l'orientation, les dossiers d'assistance que vous suivez et votre retour.",
        "diaspora": "diaspora.json : votre fiche de membre de la diaspora, l'historique de vos "
        "consentements, vos offres, vos organisations et vos promesses de contribution.",
        "none": "Aucun autre service ne détient de données sur vous.",
        "notifications": "Les e-mails de confirmation de votre adresse ne sont pas conservés et ne sont pas "
        "dans l'archive.",
        "rights": "Pour corriger vos données, modifiez-les dans l'application. Pour supprimer votre compte "
        "et toutes ces données, utilisez « Supprimer mon compte ».",
    },
    "it": {
        "title": "I tuoi dati in IMIS",
        "made": "Preparato il {when} (UTC), su tua richiesta.",
        "files": "I file:",
        "gateway": "gateway.json: il tuo account (e-mail, nome, lingua, ruoli, date), le tue sessioni di "
        "accesso, il registro di sicurezza del tuo account (accessi, modifiche, chi ha agito e da quale "
        "indirizzo) e ogni notifica che la piattaforma ti ha inviato, con il suo invio.",
        "jobs": "jobs.json: il tuo profilo di persona in cerca di lavoro, le candidature e la loro storia, i "
        "consensi, le verifiche registrate dai funzionari, i ministeri partner che hanno ricevuto il tuo "
        "profilo, l'orientamento, le pratiche di assistenza che segui e il tuo rientro.",
        "diaspora": "diaspora.json: la tua scheda di membro della diaspora, la storia dei consensi, le "
        "offerte, le organizzazioni e gli impegni di contributo.",
        "none": "Nessun altro servizio conserva dati su di te.",
        "notifications": "Le e-mail di conferma del tuo indirizzo non sono conservate e non sono "
        "nell'archivio.",
        "rights": "Per correggere i tuoi dati, modificali nell'applicazione. Per cancellare il tuo account e "
        "tutti questi dati, usa «Elimina il mio account».",
    },
}

LANGUAGES = tuple(_TEXTS)


def readme(language: str, made: datetime, holding: Sequence[str]) -> str:
    """The archive's README: what each file holds, for the services that hold a record."""
    text = _TEXTS.get(language, _TEXTS["en"])
    lines = [
        text["title"],
        "",
        text["made"].format(when=made.strftime("%Y-%m-%d %H:%M")),
        "",
        text["files"],
        "- " + text["gateway"],
        *("- " + text[name] for name in holding),
        "",
        text["none"],
        text["notifications"],
        "",
        text["rights"],
        "",
    ]
    return "\n".join(lines)
