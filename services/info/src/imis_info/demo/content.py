# ruff: noqa: E501  (prose in four languages reads better unbroken)
"""The sample set: four countries, an article per topic (three in all four languages), offices,
one alert and a few remittance quotes. Every text says it is sample content, not official advice.

Country names, languages, currencies and time zones are not here: they come from CLDR.
"""

from __future__ import annotations

from typing import Any

SAMPLE_NOTE = {
    "en": "> **Sample content** for demonstration only. It is not official advice; check with the authorities.",
    "fr": "> **Contenu d'exemple**, pour démonstration seulement. Ce n'est pas un avis officiel ; "
    "vérifiez auprès des autorités.",
    "it": "> **Contenuto di esempio**, solo dimostrativo. Non è un parere ufficiale; verificate presso le autorità.",
    "ar": "> **محتوى تجريبي** لأغراض العرض فقط. ليس نصيحة رسمية؛ تحقق من الجهات المختصة.",
}
SAMPLE_TITLE = {"en": " (sample)", "fr": " (exemple)", "it": " (esempio)", "ar": " (نموذج)"}

COUNTRIES: dict[str, dict[str, Any]] = {
    "EG": {
        "role": "origin",
        "summary": {
            "en": "Sample profile: Egypt, the origin country of this portal's migrants.",
            "fr": "Profil d'exemple : l'Égypte, pays d'origine des migrants de ce portail.",
            "it": "Profilo di esempio: l'Egitto, paese d'origine dei migranti di questo portale.",
            "ar": "ملف تجريبي: مصر، بلد المنشأ للمهاجرين على هذه البوابة.",
        },
        "emergency_numbers": [
            {"service": "police", "number": "122"},
            {"service": "ambulance", "number": "123"},
            {"service": "fire", "number": "180"},
        ],
    },
    "IT": {
        "role": "destination",
        "summary": {
            "en": "Sample profile: Italy, a main destination for seasonal and care work.",
            "fr": "Profil d'exemple : l'Italie, destination principale du travail saisonnier et des soins.",
            "it": "Profilo di esempio: l'Italia, destinazione principale per il lavoro stagionale e di cura.",
            "ar": "ملف تجريبي: إيطاليا، وجهة رئيسية للعمل الموسمي وأعمال الرعاية.",
        },
        "emergency_numbers": [{"service": "general", "number": "112"}],
    },
    "DE": {
        "role": "destination",
        "summary": {"en": "Sample profile: Germany, a destination for skilled workers such as nurses."},
        "emergency_numbers": [
            {"service": "general", "number": "112"},
            {"service": "police", "number": "110"},
        ],
    },
    "ES": {
        "role": "destination",
        "summary": {"en": "Sample profile: Spain, a destination for agricultural and hospitality work."},
        "emergency_numbers": [{"service": "general", "number": "112"}],
    },
}

# (slug stem, country or None, topics, ISCO groups, {language: (title, summary, body)})
ARTICLES: list[tuple[str, str | None, list[str], list[str], dict[str, tuple[str, str, str]]]] = [
    (
        "work-permit-italy",
        "IT",
        ["work-permits", "visas-entry"],
        ["92"],
        {
            "en": (
                "Getting a work permit for Italy",
                "The employer in Italy applies first; you apply for the visa afterwards.",
                "## Steps\n\n1. The employer requests the *nulla osta* (work authorisation) within the yearly "
                "quota.\n2. You apply for the work visa at the Italian consulate.\n3. Within 8 days of arrival "
                "you ask for the residence permit.\n\nNever pay anyone for a place in the quota.",
            ),
            "fr": (
                "Obtenir un permis de travail pour l'Italie",
                "L'employeur en Italie fait la demande d'abord ; vous demandez ensuite le visa.",
                "## Étapes\n\n1. L'employeur demande le *nulla osta* (autorisation de travail) dans le quota "
                "annuel.\n2. Vous demandez le visa de travail au consulat d'Italie.\n3. Dans les 8 jours après "
                "l'arrivée, vous demandez le permis de séjour.\n\nNe payez jamais personne pour une place dans le quota.",
            ),
            "it": (
                "Ottenere il permesso di lavoro per l'Italia",
                "Il datore di lavoro in Italia presenta la domanda; poi si chiede il visto.",
                "## Passi\n\n1. Il datore di lavoro chiede il *nulla osta* al lavoro entro le quote annuali.\n"
                "2. Si chiede il visto per lavoro al consolato italiano.\n3. Entro 8 giorni dall'arrivo si "
                "chiede il permesso di soggiorno.\n\nNon pagate mai nessuno per un posto nelle quote.",
            ),
            "ar": (
                "الحصول على تصريح عمل في إيطاليا",
                "يتقدم صاحب العمل في إيطاليا بالطلب أولاً، ثم تتقدم أنت بطلب التأشيرة.",
                "## الخطوات\n\n1. يطلب صاحب العمل تصريح العمل (نولا أوستا) ضمن الحصة السنوية.\n2. تتقدم بطلب "
                "تأشيرة العمل في القنصلية الإيطالية.\n3. خلال 8 أيام من الوصول تطلب تصريح الإقامة.\n\nلا تدفع "
                "لأي شخص مقابل مكان في الحصة.",
            ),
        },
    ),
    (
        "safe-migration-fake-offers",
        None,
        ["safe-migration", "pre-departure"],
        [],
        {
            "en": (
                "Recognising fake job offers",
                "Offers that ask you to pay a fee or hand over your passport are warning signs.",
                "Warning signs:\n\n- a fee for the job or the visa;\n- no written contract in a language you "
                "read;\n- a request to give up your passport.\n\nCheck the recruiter's licence before you pay or "
                "sign anything.",
            ),
            "fr": (
                "Reconnaître les fausses offres d'emploi",
                "Une offre qui demande de payer des frais ou de remettre votre passeport est suspecte.",
                "Signes d'alerte :\n\n- des frais pour l'emploi ou le visa ;\n- pas de contrat écrit dans une "
                "langue que vous lisez ;\n- une demande de remettre votre passeport.\n\nVérifiez la licence du "
                "recruteur avant de payer ou de signer.",
            ),
            "it": (
                "Riconoscere le false offerte di lavoro",
                "Le offerte che chiedono un pagamento o il passaporto sono un segnale d'allarme.",
                "Segnali d'allarme:\n\n- un pagamento per il lavoro o il visto;\n- nessun contratto scritto in una "
                "lingua che leggete;\n- la richiesta di consegnare il passaporto.\n\nVerificate la licenza "
                "dell'agenzia prima di pagare o firmare.",
            ),
            "ar": (
                "كيف تتعرف على عروض العمل الوهمية",
                "العروض التي تطلب رسوماً أو تسليم جواز السفر علامة تحذير.",
                "علامات التحذير:\n\n- رسوم مقابل الوظيفة أو التأشيرة؛\n- لا يوجد عقد مكتوب بلغة تقرؤها؛\n- طلب "
                "تسليم جواز سفرك.\n\nتحقق من ترخيص وكالة التوظيف قبل أن تدفع أو توقع أي شيء.",
            ),
        },
    ),
    (
        "nurses-germany",
        "DE",
        ["qualifications-recognition", "work-permits"],
        ["2221"],
        {
            "en": (
                "Working as a nurse in Germany",
                "Your nursing diploma must be recognised before you can work as a registered nurse.",
                "Apply for recognition to the authority of the federal state where you will work. You usually "
                "need German at level B1 or B2. Until recognition you may work as a nursing assistant.",
            ),
            "fr": (
                "Travailler comme infirmière en Allemagne",
                "Votre diplôme doit être reconnu avant de travailler comme infirmière.",
                "Demandez la reconnaissance à l'autorité du Land où vous travaillerez. Il faut en général "
                "l'allemand au niveau B1 ou B2. En attendant, vous pouvez travailler comme aide-soignante.",
            ),
            "it": (
                "Lavorare come infermiere in Germania",
                "Il diploma di infermiere deve essere riconosciuto prima di lavorare.",
                "Chiedete il riconoscimento all'autorità del Land in cui lavorerete. Di solito serve il tedesco "
                "di livello B1 o B2. In attesa, si può lavorare come assistente infermiere.",
            ),
            "ar": (
                "العمل ممرضاً في ألمانيا",
                "يجب الاعتراف بشهادة التمريض قبل العمل ممرضاً.",
                "قدّم طلب الاعتراف إلى سلطة الولاية التي ستعمل فيها. تحتاج عادة إلى اللغة الألمانية بمستوى B1 "
                "أو B2. وحتى الاعتراف يمكنك العمل مساعد تمريض.",
            ),
        },
    ),
]
# English-only sample articles for the remaining topics: (slug, country, topic, title, text).
SHORT_ARTICLES: list[tuple[str, str | None, str, str, str]] = [
    ("rights-at-work-italy", "IT", "employment-rights", "Your rights at work in Italy",
     "Your contract sets pay and hours under the national collective agreement; overtime is paid extra."),
    ("social-security-spain", "ES", "social-security", "Social security in Spain",
     "Your employer registers you with social security; check your registration number on your payslip."),
    ("health-care-italy", "IT", "health", "Health care in Italy",
     "With a residence permit for work you register with the national health service and choose a doctor."),
    ("housing-germany", "DE", "housing", "Finding housing in Germany",
     "A rental contract states rent, deposit (at most three months' rent) and notice period."),
    ("school-spain", "ES", "education-children", "School for your children in Spain",
     "Children aged 6 to 16 must attend school; enrol them at the town hall or the school."),
    ("sending-money-home", "EG", "remittances-banking", "Sending money home",
     "Compare the total cost (fees and exchange rate) of providers before you send money."),
    ("living-conditions-italy", "IT", "living-working-conditions", "Living and working in Italy",
     "Seasonal work usually lasts up to nine months; accommodation is often offered by the employer."),
    ("integration-germany", "DE", "integration", "Integration courses in Germany",
     "Integration courses teach German and everyday life; many newcomers may attend for a small fee."),
    ("return-egypt", "EG", "return-reintegration", "Coming back to Egypt",
     "Bring your work certificates; they help you find work or start a business after return."),
]  # fmt: skip

OFFICES: list[dict[str, Any]] = [
    {
        "name": "Embassy of Egypt in Rome (sample entry)",
        "type": "embassy",
        "country": "IT",
        "city": "Roma",
        "address": "Sample address, Roma",
        "phones": ["+39 06 1234 5678"],
        "email": "rome.embassy@example.org",
        "website": "https://example.org/egypt-embassy-rome",
        "opening_hours": "Mon-Fri 09:00-14:00",
        "services": ["passports", "labour attaché"],
        "latitude": 41.9296,
        "longitude": 12.5066,
    },
    {
        "name": "Consulate of Egypt in Milan (sample entry)",
        "type": "consulate",
        "country": "IT",
        "city": "Milano",
        "phones": ["+39 02 1234 5678"],
        "services": ["passports", "civil registration"],
        "latitude": 45.4642,
        "longitude": 9.19,
    },
    {
        "name": "Migrant resource centre, Cairo (sample entry)",
        "type": "migrant_resource_centre",
        "country": "EG",
        "city": "Cairo",
        "phones": ["+20 2 2345 6789"],
        "services": ["pre-departure orientation", "safe migration counselling"],
        "latitude": 30.0444,
        "longitude": 31.2357,
    },
    {
        "name": "Migrant workers hotline (sample entry)",
        "type": "hotline",
        "country": "EG",
        "phones": ["+20 2 2345 6700"],
        "opening_hours": "Every day 08:00-20:00",
        "services": ["complaints", "advice"],
    },
]

ALERT: dict[str, Any] = {
    "country": "IT",
    "severity": "warning",
    "texts": {
        "en": {
            "title": "Sample alert: fake seasonal job offers",
            "body": "Sample content: offers of seasonal work in Italy asking for a fee are scams.",
        },
        "fr": {
            "title": "Alerte d'exemple : fausses offres d'emploi saisonnier",
            "body": "Contenu d'exemple : les offres de travail saisonnier en Italie contre paiement sont des "
            "escroqueries.",
        },
        "it": {
            "title": "Avviso di esempio: false offerte di lavoro stagionale",
            "body": "Contenuto di esempio: le offerte di lavoro stagionale in Italia a pagamento sono truffe.",
        },
        "ar": {
            "title": "تنبيه تجريبي: عروض عمل موسمي وهمية",
            "body": "محتوى تجريبي: عروض العمل الموسمي في إيطاليا التي تطلب رسوماً احتيال.",
        },
    },
}

# (from, to, provider, channel, send, receive, fixed fee, fee %, margin %, speed)
QUOTES: list[tuple[str, str, str, str, str, str, str, str, str, str]] = [
    ("IT", "EG", "Sample Bank", "bank", "EUR", "EGP", "8.00", "0", "1.20", "two_to_five_days"),
    ("IT", "EG", "Sample Money Transfer", "money_transfer_operator", "EUR", "EGP", "4.90", "0", "2.50", "minutes"),
    ("IT", "EG", "Sample Mobile Wallet", "mobile_money", "EUR", "EGP", "1.99", "0.50", "3.00", "minutes"),
    ("DE", "EG", "Sample Bank", "bank", "EUR", "EGP", "10.00", "0", "1.00", "two_to_five_days"),
    ("DE", "EG", "Sample Money Transfer", "money_transfer_operator", "EUR", "EGP", "3.90", "0", "2.80", "same_day"),
    ("ES", "EG", "Sample Post Office", "post_office", "EUR", "EGP", "6.00", "1.00", "2.00", "next_day"),
]  # fmt: skip
