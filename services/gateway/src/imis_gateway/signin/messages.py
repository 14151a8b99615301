"""The sign-in page's text in its four languages."""

from __future__ import annotations

from imis_gateway.signin.languages import Language

MESSAGES: dict[Language, dict[str, str]] = {
    "en": {
        "title": "Sign in",
        "heading": "Sign in to IMIS",
        "continue_to": "to continue to",
        "email": "Email",
        "password": "Password",
        "submit": "Sign in",
        "languages": "Language",
        "bad_credentials": "The email or password is wrong, or the account is not active (disabled, or "
        "not yet activated by the link mailed to you).",
        "too_many": "Too many sign-in attempts. Try again in a few minutes.",
        "expired_form": "This form has expired. Please sign in again.",
        "error_heading": "This sign-in link does not work",
        "unknown_client": "The application that sent you here is not registered with IMIS.",
        "bad_redirect_uri": "The application that sent you here asked to return to an address it has "
        "not registered.",
    },
    "fr": {
        "title": "Connexion",
        "heading": "Se connecter à IMIS",
        "continue_to": "pour continuer vers",
        "email": "Adresse e-mail",
        "password": "Mot de passe",
        "submit": "Se connecter",
        "languages": "Langue",
        "bad_credentials": "L'adresse e-mail ou le mot de passe est incorrect, ou le compte n'est pas actif "
        "(désactivé, ou pas encore activé par le lien envoyé par e-mail).",
        "too_many": "Trop de tentatives de connexion. Réessayez dans quelques minutes.",
        "expired_form": "Ce formulaire a expiré. Veuillez vous connecter à nouveau.",
        "error_heading": "Ce lien de connexion ne fonctionne pas",
        "unknown_client": "L'application qui vous a envoyé ici n'est pas enregistrée auprès d'IMIS.",
        "bad_redirect_uri": "L'application qui vous a envoyé ici demande un retour vers une adresse "
        "qu'elle n'a pas enregistrée.",
    },
    "it": {
        "title": "Accesso",
        "heading": "Accedi a IMIS",
        "continue_to": "per continuare su",
        "email": "Indirizzo email",
        "password": "Password",
        "submit": "Accedi",
        "languages": "Lingua",
        "bad_credentials": "L'indirizzo email o la password sono errati, oppure l'account non è attivo "
        "(disattivato, o non ancora attivato con il link inviato per email).",
        "too_many": "Troppi tentativi di accesso. Riprova tra qualche minuto.",
        "expired_form": "Questo modulo è scaduto. Accedi di nuovo.",
        "error_heading": "Questo link di accesso non funziona",
        "unknown_client": "L'applicazione che ti ha inviato qui non è registrata presso IMIS.",
        "bad_redirect_uri": "L'applicazione che ti ha inviato qui chiede di tornare a un indirizzo che "
        "non ha registrato.",
    },
    "ar": {
        "title": "تسجيل الدخول",
        "heading": "تسجيل الدخول إلى IMIS",
        "continue_to": "للمتابعة إلى",
        "email": "البريد الإلكتروني",
        "password": "كلمة المرور",
        "submit": "تسجيل الدخول",
        "languages": "اللغة",
        "bad_credentials": "البريد الإلكتروني أو كلمة المرور غير صحيحة، أو الحساب غير نشط "
        "(معطّل، أو لم يُفعَّل بعد بالرابط المرسل إلى بريدك).",
        "too_many": "محاولات تسجيل دخول كثيرة جدًا. حاول مرة أخرى بعد بضع دقائق.",
        "expired_form": "انتهت صلاحية هذا النموذج. يرجى تسجيل الدخول مرة أخرى.",
        "error_heading": "رابط تسجيل الدخول هذا لا يعمل",
        "unknown_client": "التطبيق الذي أرسلك إلى هنا غير مسجّل لدى IMIS.",
        "bad_redirect_uri": "التطبيق الذي أرسلك إلى هنا يطلب العودة إلى عنوان لم يسجّله.",
    },
}
