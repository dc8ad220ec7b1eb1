"""The privacy notice: a plain-language Wagtail page at /privacy/, in English and Spanish, that
seed_demo publishes and every page's footer (and the sign-up form) links to. Editors keep it up
to date in the admin like any other page; seeding never overwrites their changes."""

from django.db import transaction

from wagtail.models import Locale, Site

from cms.models import StandardPage
from curriculum.starter_translation import SPANISH, translate_page

SLUG = "privacy"
PATH = f"/{SLUG}/"

NOTICE = {
    "title": "Privacy notice",
    "introduction": (
        "PeerPath holds facts about you that matter: that you are training to be a peer "
        "recovery specialist, often because of your own recovery. This page says, plainly, what "
        "we keep, who sees it, and what you can ask for."
    ),
    "body": (
        "<h2>What we keep</h2>"
        "<ul><li>Your account: your name as you want to be called, your email address if you "
        "have one, and your language.</li>"
        "<li>Your learning: what you enrolled in, the lessons you finished, your assessment "
        "answers and results, and your reflections (only you can read those).</li>"
        "<li>Your practice: the hours you log, your supervision agreements and sessions, and "
        "your supervisor's sign-off.</li>"
        "<li>Your credentials: applications, the evidence you add (exam results, diploma, "
        "training elsewhere) and what a credentialing body issues.</li></ul>"
        "<h2>Who sees it</h2>"
        "<ul><li>Staff of the organisation you train with see your progress and hours, never "
        "your reflections.</li>"
        "<li>Your supervisor sees the hours you send for sign-off.</li>"
        "<li>A credentialing body sees an application you send it.</li>"
        "<li>Anyone with the code on a certificate, transcript or hours log can check that it "
        "is genuine; they see only what that document shows.</li></ul>"
        "<h2>About the people you support</h2>"
        "<p>Never write anything that could identify a person you support: no names, phone "
        "numbers, addresses, dates of birth or record numbers. PeerPath checks what you write "
        "in your hours log and asks before saving anything that looks like one.</p>"
        "<h2>What stays, and why</h2>"
        "<p>Signed practice hours, signed attendance, issued credentials and the record of who "
        "changed what stay as long as a credentialing body may need to check them, because "
        "boards and employers rely on them. You can ask for everything else to be deleted when "
        "you leave.</p>"
        "<h2>What you can ask for</h2>"
        "<p>On your account page, under “Your data”, you can download a copy of everything "
        "PeerPath holds about you, at any time, and close your account. Closing waits 14 days, "
        "so you can change your mind; then your name and email are removed. If you have no "
        "email address, or to correct a mistake, ask the staff of your organisation.</p>"
        "<p>We never sell your information and never use it for advertising.</p>"
    ),
}

NOTICE_ES = {
    "title": "Aviso de privacidad",
    "introduction": (
        "PeerPath guarda datos suyos que importan: que se está formando como especialista en "
        "apoyo entre pares para la recuperación, muchas veces por su propia recuperación. Esta "
        "página le dice, con claridad, qué guardamos, quién lo ve y qué puede pedir."
    ),
    "body": (
        "<h2>Qué guardamos</h2>"
        "<ul><li>Su cuenta: el nombre con el que quiere que le llamen, su correo electrónico si "
        "lo tiene, y su idioma.</li>"
        "<li>Su aprendizaje: en qué se inscribió, las lecciones que terminó, sus respuestas y "
        "resultados de las evaluaciones, y sus reflexiones (solo usted puede leerlas).</li>"
        "<li>Su práctica: las horas que registra, sus acuerdos y sesiones de supervisión, y la "
        "firma de su supervisor.</li>"
        "<li>Sus credenciales: las solicitudes, las pruebas que agrega (resultados de examen, "
        "diploma, formación en otro lugar) y lo que emite una junta de certificación.</li></ul>"
        "<h2>Quién lo ve</h2>"
        "<ul><li>El personal de la organización con la que se forma ve su progreso y sus horas, "
        "nunca sus reflexiones.</li>"
        "<li>Su supervisor ve las horas que usted le envía para firmar.</li>"
        "<li>Una junta de certificación ve la solicitud que usted le envía.</li>"
        "<li>Cualquier persona con el código de un certificado, un historial de formación o un "
        "registro de horas puede comprobar que es auténtico; solo ve lo que muestra ese "
        "documento.</li></ul>"
        "<h2>Sobre las personas que usted apoya</h2>"
        "<p>Nunca escriba nada que pueda identificar a una persona que usted apoya: ni nombres, "
        "ni números de teléfono, ni direcciones, ni fechas de nacimiento, ni números de "
        "expediente. PeerPath revisa lo que escribe en su registro de horas y le pregunta antes "
        "de guardar algo que lo parezca.</p>"
        "<h2>Qué se conserva y por qué</h2>"
        "<p>Las horas de práctica firmadas, la asistencia firmada, las credenciales emitidas y "
        "el registro de quién cambió qué se conservan mientras una junta de certificación pueda "
        "necesitar comprobarlos, porque las juntas y los empleadores confían en ellos. Puede "
        "pedir que todo lo demás se borre cuando usted se vaya.</p>"
        "<h2>Qué puede pedir</h2>"
        "<p>En la página de su cuenta, en “Sus datos”, puede descargar en cualquier momento "
        "una copia de todo lo que PeerPath guarda sobre usted y cerrar su cuenta. El cierre "
        "espera 14 días, para que pueda cambiar de opinión; después se quitan su nombre y su "
        "correo electrónico. Si no tiene correo electrónico, o para corregir un error, pídalo "
        "al personal de su organización.</p>"
        "<p>Nunca vendemos su información ni la usamos para publicidad.</p>"
    ),
}


@transaction.atomic
def privacy_notice_ensure() -> StandardPage | None:
    """The English notice at /privacy/ under the default site's home page. Idempotent."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    home = site.root_page
    existing = StandardPage.objects.child_of(home).filter(slug=SLUG).first()
    if existing is not None:
        return existing
    page = StandardPage(slug=SLUG, **NOTICE)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def privacy_notice_translate() -> bool:
    """The Spanish notice, as the wagtail-localize translation of the English one (run after
    the Spanish tree exists, see curriculum/starter_translation.py)."""
    page = privacy_notice_ensure()
    locale = Locale.objects.filter(language_code=SPANISH).first()
    if page is None or locale is None:
        return False
    return translate_page(page, StandardPage(slug=SLUG, **NOTICE_ES), locale=locale)
