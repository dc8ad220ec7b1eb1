"""The Spanish text of the starter program, "Fundamentos del apoyo entre pares para la recuperación".

The same shape as ``starter_content.py`` (slugs, hours, tags, correct answers unchanged; only the
words translated), written for PeerPath in person-first Spanish that speaks to the reader as
usted, following docs/glossary-es.md. ``curriculum/starter_translation.py`` makes it the
wagtail-localize translation of the English pages, so editors see it in the translation editor
like any other translation.
"""

# ruff: noqa: E501  (prose reads best one sentence a line)

PROGRAM = {
    "slug": "foundations-of-peer-recovery-support",
    "title": "Fundamentos del apoyo entre pares para la recuperación",
    "summary": (
        "Las 46 horas de capacitación que necesita un nuevo especialista en apoyo entre pares para la recuperación "
        "antes de obtener su primera credencial: qué es la recuperación y las muchas vías por las que las "
        "personas la encuentran, el apoyo informado sobre el trauma y centrado en la persona, la ética y los "
        "límites, la defensa, el bienestar y el apoyo en momentos de crisis."
    ),
    "audience": (
        "<p>Personas en recuperación de desafíos relacionados con el uso de sustancias o con la salud mental (o ambos) "
        "que quieren usar su experiencia vivida para apoyar a otras personas, y el personal de las RCO "
        "(organizaciones comunitarias de recuperación) que las capacita.</p>"
        "<ul><li>No se necesita ninguna capacitación previa.</li>"
        "<li>La mayoría de las juntas que otorgan credenciales también piden un diploma de escuela secundaria (high school) o su equivalente.</li>"
        "<li>Lecciones en línea cortas, a su propio ritmo, en el teléfono o en la computadora, y sesiones en vivo "
        "con un capacitador (en persona o por video) para la mayoría de las horas.</li></ul>"
    ),
    "credentials": ["icrc_pr", "il_cprs", "naadac_ncprss"],
}

MODULES = [
    # ------------------------------------------------------------------------------------------
    {
        "slug": "recovery-and-its-many-pathways",
        "title": "La recuperación y sus muchas vías",
        "summary": "Qué significa la recuperación, con qué recursos cuentan las personas y por qué un par apoya la vía que cada persona elige.",
        "objectives": [
            "Describir la recuperación como un proceso personal de cambio hacia la salud, el propósito y la comunidad.",
            "Nombrar las principales vías de recuperación que usan las personas y explicar por qué ninguna vale más que otra.",
            "Identificar los tipos de capital de recuperación con los que una persona puede contar y seguir construyendo.",
            "Explicar cómo un par apoya la vía que alguien eligió sin tratar de dirigir a esa persona.",
        ],
        "hours": "6",
        "modality": "self_paced",
        "domains": {"recovery-wellness-support": "3", "mentoring-education": "3"},
        "topics": {"peer-recovery-specific": "6", "family": "1"},
        "values": [
            "hope",
            "multiple-pathways",
            "self-direction",
            "holistic",
            "community-and-family",
        ],
        "pathways": [
            "clinical",
            "peer",
            "self-management",
            "twelve-step",
            "smart-recovery",
            "faith-based",
            "harm-reduction",
            "medication-supported",
            "family-and-community",
        ],
        "content_note": "",
        "lessons": [
            {
                "slug": "what-recovery-means",
                "title": "Qué significa la recuperación",
                "summary": "La recuperación como un proceso que la persona dirige, y los recursos que ayudan a que perdure.",
                "body": [
                    (
                        "text",
                        [
                            "La recuperación es un proceso de cambio en el que una persona mejora su salud y su bienestar, vive una vida que ella misma dirige y avanza hacia lo que de verdad le importa. No es un evento único y casi nunca avanza en línea recta.",
                            "Muchas personas describen la recuperación a través de cuatro áreas de la vida que se apoyan entre sí:",
                            [
                                "Salud: tomar decisiones que apoyan el bienestar físico y emocional, lo que incluye manejar o dejar el uso de sustancias.",
                                "Hogar: un lugar estable y seguro donde vivir.",
                                "Propósito: actividades diarias con sentido, como trabajar, estudiar, cuidar a otras personas, hacer voluntariado o crear algo.",
                                "Comunidad: relaciones y redes sociales que ofrecen apoyo, amistad, cariño y esperanza.",
                            ],
                            "La recuperación le pertenece a la persona. Sus metas, su ritmo y su manera de definir el éxito son suyos. Un especialista en apoyo entre pares para la recuperación camina a su lado; no decide hacia dónde va el camino.",
                        ],
                    ),
                    (
                        "callout",
                        "info",
                        "La esperanza es un valor central",
                        "<p>Las personas pueden recuperarse, y se recuperan. Millones de personas en Estados Unidos dicen estar en recuperación de desafíos relacionados con el uso de sustancias o con la salud mental. Su propia historia, la de usted, es prueba viva de esa esperanza.</p>",
                    ),
                    (
                        "text",
                        [
                            "El capital de recuperación es una forma útil de pensar en los recursos con los que cuenta una persona. Por lo general incluye:",
                            [
                                "Capital personal: salud, habilidades, conocimientos, valores y un sentido de propósito.",
                                "Capital social y familiar: personas que se preocupan, que animan y que ayudan de manera práctica.",
                                "Capital comunitario: vivienda, trabajo, transporte, centros comunitarios de recuperación, reuniones de ayuda mutua y servicios que reciben a las personas con respeto.",
                                "Capital cultural: tradiciones, fe e identidad que dan fuerza y sentido de pertenencia.",
                            ],
                            "Fijarse en el capital de recuperación cambia la conversación: en lugar de hablar de lo que está mal, se habla de lo que ya existe y de lo que se podría sumar.",
                        ],
                    ),
                    (
                        "story",
                        "La primera vez que entré al centro de recuperación, nadie me preguntó qué había hecho. Alguien me preguntó cómo quería que fuera mi vida. Esa pregunta fue el comienzo.",
                        "Dana, especialista de pares",
                    ),
                    (
                        "reflection",
                        "Piense en su propia recuperación o en la de alguien cercano a usted. ¿Qué tipos de capital de recuperación hicieron la mayor diferencia?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "¿Quién decide cómo es la recuperación de una persona?",
                            [
                                (
                                    "La persona misma",
                                    True,
                                    "Así es. La recuperación es autodirigida: la persona fija sus propias metas y su propio ritmo.",
                                ),
                                (
                                    "El especialista de pares que la acompaña",
                                    False,
                                    "Un par apoya y comparte su experiencia, pero las metas le pertenecen a la persona.",
                                ),
                                (
                                    "El proveedor de tratamiento que la atiende",
                                    False,
                                    "Los proveedores pueden ayudar, pero no definen la recuperación de otra persona.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "many-pathways-no-ranking",
                "title": "Muchas vías, ninguna mejor que otra",
                "summary": "Las vías que toman las personas y cómo un par respeta cada una de ellas.",
                "body": [
                    (
                        "text",
                        [
                            "Hay muchas vías de recuperación, y es común que las personas las combinen o las cambien con el tiempo. Estas son algunas de las más comunes:",
                            [
                                "Tratamiento clínico: tratamiento ambulatorio o residencial, consejería y terapia.",
                                "Grupos de ayuda mutua: grupos de 12 pasos, SMART Recovery y otros grupos, como los basados en la fe o los círculos de una cultura específica.",
                                "Recuperación con apoyo de medicamentos: para el trastorno por uso de opioides, medicamentos como la metadona, la buprenorfina y la naltrexona reducen los antojos y el riesgo de morir por sobredosis. Las personas que los toman como parte de su recuperación están en recuperación.",
                                "Reducción de daños: cualquier cambio positivo, como usar de manera más segura, usar menos o llevar naloxona. Mantiene a las personas con vida y conectadas mientras deciden cuál será su siguiente paso.",
                                "Vías basadas en la fe y la espiritualidad.",
                                "Autogestión, a veces llamada recuperación natural: muchas personas resuelven un problema con el uso de sustancias sin ningún tratamiento formal ni grupo.",
                                "Apoyo de la familia y la comunidad: una recuperación que nace de las personas y los lugares que rodean a la persona.",
                            ],
                            "Un especialista en apoyo entre pares para la recuperación no pone estas vías en orden de importancia. La mejor vía es la que le funciona a la persona que usted tiene enfrente, en este momento.",
                        ],
                    ),
                    (
                        "callout",
                        "tip",
                        "Su propia historia es solo una historia",
                        "<p>Comparta lo que le funcionó a usted cuando pueda ser útil, y deje claro que ese es su propio camino. Pregúntele a la otra persona qué ha intentado, qué le ha ayudado y qué quiere probar ahora.</p>",
                    ),
                    (
                        "text",
                        [
                            "A veces los pares sienten mucha convicción por la vía que les salvó la vida. Es natural. Pero en el rol de par, empujar a alguien hacia la vía que le funcionó a usted puede hacer que se sienta juzgado y que sea menos probable que regrese. La curiosidad genera confianza; tratar de convencer puede romperla.",
                            "Los familiares y amigos pueden ser parte de cualquier vía. Con el permiso de la persona, un par puede ayudar a sus familiares a entender la recuperación y a encontrar apoyo para ellos mismos.",
                        ],
                    ),
                    (
                        "reflection",
                        "¿Hay alguna vía que le cueste más apoyar que otras? ¿Qué le ayudaría a acompañar a una persona que la elige?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Una persona que toma buprenorfina según lo recetado para el trastorno por uso de opioides está en recuperación.",
                            True,
                            "Correcto. La recuperación con apoyo de medicamentos es recuperación.",
                            "Los medicamentos para el trastorno por uso de opioides son una vía basada en la evidencia; las personas que los usan están en recuperación.",
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "¿Cuál de estas frases describe mejor la recuperación?",
                [
                    (
                        "Un proceso personal de cambio que la persona dirige",
                        True,
                        "Así es: la recuperación es autodirigida y por lo general se da con el tiempo.",
                    ),
                    (
                        "Un evento único que ocurre el día en que una persona deja de usar sustancias",
                        False,
                        "Dejar de usar puede ser parte de la recuperación, pero la recuperación es un proceso de cambio más largo.",
                    ),
                    (
                        "Un programa que un profesional diseña para la persona",
                        False,
                        "Los profesionales pueden ayudar, pero es la persona quien dirige su propia recuperación.",
                    ),
                ],
                "La recuperación es un proceso que la persona dirige, hacia la salud, el hogar, el propósito y la comunidad.",
            ),
            (
                "multiple",
                "¿Cuáles de estas son formas de capital de recuperación? Elija todas las que correspondan.",
                [
                    (
                        "Un amigo que brinda apoyo",
                        True,
                        "Capital social: personas que se preocupan y ayudan.",
                    ),
                    (
                        "Una vivienda estable",
                        True,
                        "El capital comunitario incluye un lugar seguro donde vivir.",
                    ),
                    (
                        "Un sentido de propósito y de significado",
                        True,
                        "El capital personal incluye los valores y el sentido de propósito.",
                    ),
                    (
                        "Un diagnóstico del pasado",
                        False,
                        "Un diagnóstico por sí solo no es un recurso del que la persona saque fuerza.",
                    ),
                ],
                "El capital de recuperación son los recursos personales, sociales, comunitarios y culturales sobre los que una persona puede construir.",
            ),
            (
                "true_false",
                "Un especialista de pares debería animar a las personas a seguir la misma vía que le funcionó a él o a ella.",
                False,
                "No exactamente. Los pares apoyan la vía que la persona misma elige.",
                "Correcto. Su propio camino es solo una historia; la persona elige el suyo.",
                "Los pares nunca ponen las vías en orden de importancia.",
            ),
            (
                "single",
                "Alguien le cuenta que ahora usa menos que antes y que siempre lleva naloxona. ¿Cómo responde usted?",
                [
                    (
                        "Reconoce el cambio positivo y le pregunta sobre qué le gustaría seguir construyendo",
                        True,
                        "Así es. Todo cambio positivo cuenta, y la persona decide el siguiente paso.",
                    ),
                    (
                        "Le dice que eso no cuenta hasta que deje de usar por completo",
                        False,
                        "Eso puede hacer que sienta vergüenza y que se aleje. La reducción de daños es una vía válida.",
                    ),
                    (
                        "Le da una referencia a tratamiento y termina la conversación",
                        False,
                        "Ofrecer opciones está bien, pero terminar la conversación es perder una oportunidad de apoyar a esa persona.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Algunas personas se recuperan de un problema con el uso de sustancias sin tratamiento formal ni grupos de ayuda mutua.",
                True,
                "Correcto. La autogestión, o recuperación natural, es una vía real y común.",
                "De hecho, muchas personas lo logran; a esto se le suele llamar recuperación natural.",
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "trauma-informed-peer-support",
        "title": "Apoyo entre pares informado sobre el trauma",
        "summary": "Cómo el trauma puede marcar la vida y la recuperación de una persona, y cómo los pares ofrecen seguridad, opciones y confianza.",
        "objectives": [
            "Explicar qué es el trauma y cómo sus efectos pueden aparecer en la vida diaria.",
            "Aplicar los seis principios de un enfoque informado sobre el trauma en las conversaciones entre pares.",
            "Evitar prácticas que pueden volver a traumatizar, como pedir detalles sobre el trauma.",
            "Responder con calma cuando una persona se siente angustiada.",
        ],
        "hours": "7",
        "modality": "self_paced",
        "domains": {
            "recovery-wellness-support": "2",
            "mentoring-education": "2",
            "ethical-responsibility": "3",
        },
        "topics": {"trauma": "7", "ethics": "3", "peer-recovery-specific": "7"},
        "values": ["trauma-informed", "relationship-focused", "voluntary", "culturally-responsive"],
        "pathways": ["peer", "clinical"],
        "content_note": "Este módulo habla sobre el trauma, incluidos el maltrato, la violencia y las pérdidas, y sobre cómo pueden afectar a las personas. No describe los hechos en detalle. Si algo despierta emociones fuertes, puede hacer una pausa, cuidarse y volver más tarde.",
        "lessons": [
            {
                "slug": "understanding-trauma",
                "title": "Entender el trauma y sus efectos",
                "summary": "Hechos, experiencias y efectos: por qué un mismo hecho afecta a cada persona de manera distinta.",
                "body": [
                    (
                        "text",
                        [
                            "El trauma surge de un hecho, una serie de hechos o un conjunto de circunstancias que una persona vive como dañinos o amenazantes, y que tienen efectos duraderos en su bienestar. Tres partes ayudan a describirlo: el hecho, cómo lo vivió la persona y sus efectos.",
                            "Un mismo hecho puede afectar de manera muy distinta a dos personas. Lo que importa es la experiencia de la persona, no cómo juzga el hecho alguien de afuera.",
                            "El trauma es común. Muchas personas que viven con desafíos relacionados con el uso de sustancias o con la salud mental lo han vivido, a menudo en la infancia. El uso de sustancias puede empezar como una forma de sobrevivir a emociones que eran demasiado difíciles de soportar.",
                        ],
                    ),
                    (
                        "text",
                        [
                            "Los efectos del trauma pueden incluir:",
                            [
                                "Sentirse siempre en alerta, asustarse con facilidad o no poder relajarse.",
                                "Sentirse adormecido, desconectado o como si estuviera lejos.",
                                "Tener dificultad para confiar en otras personas, sobre todo en las que tienen autoridad.",
                                "Tener reacciones fuertes ante cosas que le recuerdan lo vivido, como sonidos, olores, lugares, tonos de voz o que lo toquen.",
                            ],
                            "Estas son formas comprensibles de adaptarse al peligro, no señales de debilidad. Verlas así cambia la pregunta de “¿Qué le pasa?” a “¿Qué le pasó, y qué le ayuda ahora?”.",
                        ],
                    ),
                    (
                        "callout",
                        "important",
                        "No necesita conocer la historia",
                        "<p>Un par nunca necesita conocer los detalles del trauma de una persona para apoyarla. Deje que la persona elija qué compartir, cuándo hacerlo y si quiere hacerlo o no.</p>",
                    ),
                    (
                        "reflection",
                        "¿Qué le ayuda a sentirse seguro o segura en un lugar nuevo o con una persona nueva? ¿Cómo podría ofrecer algo de eso a otras personas?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Para apoyar bien a alguien, un par debe pedirle que describa sus experiencias traumáticas.",
                            False,
                            "No exactamente. Pedir detalles puede volver a traumatizar; la persona elige qué compartir.",
                            "Correcto. Los pares no necesitan conocer los detalles del trauma para ofrecer apoyo.",
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "six-principles-in-practice",
                "title": "Los seis principios en la práctica entre pares",
                "summary": "Seguridad, confianza, apoyo entre pares, colaboración, opciones y cultura en las conversaciones de todos los días.",
                "body": [
                    (
                        "text",
                        [
                            "Un enfoque informado sobre el trauma se suele describir a través de seis principios. Así es como cada uno puede verse en el trabajo entre pares:",
                            [
                                "Seguridad: reúnase donde la persona se sienta segura física y emocionalmente; explique lo que va a pasar antes de que pase.",
                                "Confiabilidad y transparencia: deje claro cuál es su rol, qué anota y quién puede verlo. Cumpla sus promesas y no haga promesas que no pueda cumplir.",
                                "Apoyo entre pares: la experiencia compartida y mutua es en sí misma una fuente de sanación.",
                                "Colaboración y reciprocidad: decidan juntos; el poder se comparte, no se ejerce sobre la persona.",
                                "Empoderamiento, voz y elección: ofrezca opciones y respete un “no”. Fíjese en las fortalezas de la persona y nómbrelas.",
                                "Asuntos culturales, históricos y de género: reconozca cómo el racismo, la discriminación y el trauma histórico afectan a las personas, y adapte su apoyo a la identidad y la cultura de cada persona.",
                            ],
                        ],
                    ),
                    (
                        "text",
                        [
                            "Si una persona se angustia mientras habla con usted, baje el ritmo. Hable más bajo, dele espacio y deje que ella guíe. Las técnicas para volver al presente pueden ayudar: fijarse en cinco cosas que puede ver, sentir los pies sobre el piso o respirar despacio juntos. Pregúntele qué le ha ayudado antes.",
                            "Trabajar de manera informada sobre el trauma también es un deber ético. Respete el consentimiento en cada interacción, manténgase dentro de su rol y hable con su supervisor sobre las situaciones que le preocupen.",
                        ],
                    ),
                    (
                        "story",
                        "Mi mentora de pares siempre me preguntaba antes de hacer cualquier cosa, hasta antes de sentarse a mi lado. Parece poca cosa. Fue la primera vez en años que sentí que mi opinión contaba.",
                        "Marcus, en recuperación desde 2016",
                    ),
                    (
                        "reflection",
                        "¿Cuál de los seis principios le sale de manera más natural, y cuál le gustaría practicar más?",
                    ),
                    (
                        "check",
                        (
                            "multiple",
                            "¿Cuáles de estas acciones reflejan un apoyo entre pares informado sobre el trauma? Elija todas las que correspondan.",
                            [
                                (
                                    "Explicar qué va a anotar y quién lo puede leer",
                                    True,
                                    "La transparencia genera confianza.",
                                ),
                                (
                                    "Ofrecer que la persona elija dónde reunirse",
                                    True,
                                    "Poder elegir favorece la seguridad y el empoderamiento.",
                                ),
                                (
                                    "Insistir en que la persona termine la conversación una vez que empezó",
                                    False,
                                    "Las personas siempre pueden hacer una pausa o parar.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "¿Qué pregunta refleja una forma de pensar informada sobre el trauma?",
                [
                    (
                        "¿Qué le pasó, y qué le ayuda ahora?",
                        True,
                        "Así es: ve las reacciones como formas de adaptarse y busca lo que ayuda.",
                    ),
                    (
                        "¿Qué le pasa?",
                        False,
                        "Esta pregunta presenta los efectos del trauma como fallas personales.",
                    ),
                    (
                        "¿Por qué no puede simplemente pasar la página?",
                        False,
                        "Esto puede sentirse como un rechazo y causar vergüenza.",
                    ),
                ],
                "",
            ),
            (
                "multiple",
                "¿Cuáles forman parte de los seis principios de un enfoque informado sobre el trauma? Elija todas las que correspondan.",
                [
                    ("Seguridad", True, "La seguridad es lo primero."),
                    ("Empoderamiento, voz y elección", True, "Las personas eligen por sí mismas."),
                    ("Colaboración y reciprocidad", True, "El poder se comparte."),
                    (
                        "Cumplimiento del plan",
                        False,
                        "El apoyo informado sobre el trauma se basa en la colaboración, no en exigir obediencia.",
                    ),
                ],
                "Los seis principios son: seguridad; confiabilidad y transparencia; apoyo entre pares; colaboración y reciprocidad; empoderamiento, voz y elección; y asuntos culturales, históricos y de género.",
            ),
            (
                "true_false",
                "Dos personas pueden vivir el mismo hecho y verse afectadas de maneras muy distintas.",
                True,
                "Correcto: lo que más importa es cómo vivió la persona el hecho.",
                "En realidad sí puede pasar; lo que importa es cómo lo vivió cada persona.",
                "",
            ),
            (
                "single",
                "Una persona a la que usted está apoyando de repente se queda callada y con la mirada perdida mientras habla. ¿Cuál es una buena primera respuesta?",
                [
                    (
                        "Bajar el ritmo, hablar con suavidad y preguntarle si le gustaría hacer una pausa",
                        True,
                        "Así es: baje el ritmo y ofrezca opciones.",
                    ),
                    (
                        "Seguir adelante para que la reunión termine a tiempo",
                        False,
                        "Insistir en seguir puede aumentar la angustia.",
                    ),
                    (
                        "Pedirle que explique qué recuerdo le vino a la mente",
                        False,
                        "Pedir detalles puede volver a traumatizar; deje que la persona elija qué compartir.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Dejar claro qué anota y quién puede leerlo es parte de una práctica informada sobre el trauma.",
                True,
                "Correcto: la transparencia genera confianza.",
                "Sí lo es: la confiabilidad y la transparencia son uno de los seis principios.",
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "person-centred-strength-based-practice",
        "title": "Práctica centrada en la persona y basada en las fortalezas",
        "summary": "Escuchar bien, usar un lenguaje que respeta a las personas y planificar a partir de sus fortalezas y su cultura.",
        "objectives": [
            "Usar preguntas abiertas, afirmaciones, reflejos y resúmenes en las conversaciones entre pares.",
            "Elegir un lenguaje que pone primero a la persona y que no estigmatiza.",
            "Ayudar a una persona a nombrar sus fortalezas y a definir sus metas con sus propias palabras.",
            "Practicar la humildad cultural.",
        ],
        "hours": "7",
        "modality": "self_paced",
        "domains": {"mentoring-education": "4", "recovery-wellness-support": "2", "advocacy": "1"},
        "topics": {"peer-recovery-specific": "7", "cultural-responsiveness": "2"},
        "values": ["person-centred", "strength-based", "culturally-responsive", "self-direction"],
        "pathways": ["peer", "self-management"],
        "content_note": "",
        "lessons": [
            {
                "slug": "starting-from-the-persons-goals",
                "title": "Empezar por las metas de la propia persona",
                "summary": "Habilidades para escuchar y un lenguaje que pone primero a la persona.",
                "body": [
                    (
                        "text",
                        [
                            "El apoyo centrado en la persona empieza por lo que ella quiere, dicho con sus propias palabras. Como especialista de pares, a usted le toca escuchar mucho más de lo que habla.",
                            "Hay cuatro habilidades que ayudan, conocidas por sus siglas en inglés como OARS:",
                            [
                                'Preguntas abiertas (Open questions): "¿Qué le gustaría que fuera diferente dentro de un año?" invita a decir mucho más que un sí o un no.',
                                'Afirmaciones (Affirmations): reconozca el esfuerzo real y las fortalezas. "Llegó hoy aunque el autobús se atrasó. Eso requirió determinación."',
                                "Reflejos (Reflections): repita con palabras propias lo que escuchó, para que la persona se sienta comprendida y pueda corregir lo que haga falta.",
                                "Resúmenes (Summaries): junte lo que se habló y confirme que lo entendió bien.",
                            ],
                        ],
                    ),
                    (
                        "text",
                        [
                            'Las palabras importan. El lenguaje que pone primero a la persona la nombra antes que a cualquier condición: "una persona con un trastorno por uso de sustancias", "una persona en recuperación", "una persona que usa drogas". Evite las etiquetas que reducen a alguien a su consumo, como "adicto" o "drogadicto", y no describa a una persona ni sus resultados como "limpios" o "sucios"; las investigaciones muestran que estas etiquetas aumentan el estigma, incluso entre profesionales.',
                            "Use las palabras que la persona usa para describirse a sí misma. Algunas personas en grupos de ayuda mutua se presentan con una etiqueta, y esa es su decisión; como especialista de pares, siga el ejemplo de esa persona en lugar de ponerle usted una etiqueta.",
                        ],
                    ),
                    (
                        "reflection",
                        "Piense en una ocasión en que alguien escuchó de verdad lo que usted decía. ¿Qué hizo esa persona para que usted se sintiera escuchado o escuchada?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "¿Cuál de estas es una pregunta abierta?",
                            [
                                (
                                    "¿Qué le ha ayudado antes a salir adelante en semanas difíciles?",
                                    True,
                                    "Sí: invita a la persona a compartir con sus propias palabras.",
                                ),
                                (
                                    "¿Fue a su reunión?",
                                    False,
                                    "Esta es una pregunta cerrada; se puede responder con un sí o un no.",
                                ),
                                (
                                    "Debería probar una reunión nueva, ¿verdad?",
                                    False,
                                    "Esto es un consejo disfrazado de pregunta.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "strengths-culture-and-planning",
                "title": "Fortalezas, cultura y plan de recuperación",
                "summary": "Construir un plan a partir de lo que ya es fuerte, con respeto por la cultura de la persona.",
                "body": [
                    (
                        "text",
                        [
                            "Un enfoque basado en las fortalezas se fija primero en lo que está funcionando: habilidades, valores, relaciones, intereses y logros del pasado. Toda persona tiene fortalezas, incluso cuando la vida se pone muy difícil.",
                            "Un plan de recuperación es el plan de la propia persona. Puede incluir metas en cualquier área de la vida, los pasos pequeños para alcanzarlas, los apoyos que la persona quiere y cómo se dará cuenta de que las cosas van bien. Escríbalo con las palabras de la persona y revísenlo a menudo; los planes cambian a medida que las personas cambian.",
                        ],
                    ),
                    (
                        "callout",
                        "tip",
                        "Los pasos pequeños cuentan",
                        "<p>Divida las metas grandes en pasos que se puedan dar esta misma semana. Cada paso que se da es un logro que vale la pena reconocer.</p>",
                    ),
                    (
                        "text",
                        [
                            "La humildad cultural significa mantener la curiosidad por la cultura, la identidad y la historia de cada persona, y darse cuenta de las propias suposiciones. Pregúntele a la persona qué es importante para ella: la fe, la familia, el idioma, la comunidad, las tradiciones. Ofrezca recursos que le queden bien, como grupos específicos para su cultura o servicios en su idioma.",
                            "A veces, apoyar las metas de una persona significa alzar la voz junto con ella cuando un servicio no responde a sus necesidades. Eso es abogacía, un tema que el módulo sobre abogacía trata a fondo.",
                        ],
                    ),
                    (
                        "story",
                        "Mi coach me preguntó qué decía mi abuela cuando las cosas se ponían difíciles. Lo escribimos en la parte de arriba de mi plan.",
                        "Rosa, participante en la formación de coach de recuperación",
                    ),
                    (
                        "reflection",
                        "Escriba tres fortalezas propias que le hayan ayudado en su recuperación o en su vida. ¿Cómo podría ayudar a otra persona a descubrir las suyas?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Un plan de recuperación debe escribirse con el lenguaje profesional del especialista de pares para que los servicios lo entiendan.",
                            False,
                            "No exactamente: el plan le pertenece a la persona y usa sus palabras.",
                            "Correcto: el plan es de la propia persona, escrito con sus palabras.",
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "multiple",
                "¿Cuáles de estas forman parte de OARS? Elija todas las que correspondan.",
                [
                    ("Preguntas abiertas", True, "La O es de preguntas abiertas (open questions)."),
                    ("Afirmaciones", True, "La A es de afirmaciones (affirmations)."),
                    ("Reflejos", True, "La R es de reflejos (reflections)."),
                    (
                        "Recordatorios",
                        False,
                        "La S es de resúmenes (summaries), no de recordatorios.",
                    ),
                ],
                "OARS: preguntas abiertas, afirmaciones, reflejos y resúmenes.",
            ),
            (
                "single",
                "¿Qué frase usa un lenguaje que pone primero a la persona?",
                [
                    ("Una persona en recuperación", True, "Sí: la persona va primero."),
                    (
                        'Un "adicto"',
                        False,
                        "Esta etiqueta reduce a la persona a una condición y aumenta el estigma.",
                    ),
                    (
                        'Un usuario "limpio"',
                        False,
                        'Decir "limpio" da a entender que los demás están "sucios"; es una etiqueta que estigmatiza.',
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Un enfoque basado en las fortalezas empieza por ver lo que ya está funcionando en la vida de una persona.",
                True,
                "Correcto.",
                "Sí es así: las fortalezas van primero.",
                "",
            ),
            (
                "single",
                "¿Cuál es la mejor manera de practicar la humildad cultural?",
                [
                    (
                        "Preguntarle a la persona qué es importante para ella de su cultura y su identidad",
                        True,
                        "Sí: mantenga la curiosidad y deje que la persona le enseñe.",
                    ),
                    (
                        "Suponer cuáles son sus necesidades según su origen",
                        False,
                        "Las suposiciones pueden ser equivocadas y hacer daño.",
                    ),
                    (
                        "Evitar por completo el tema de la cultura",
                        False,
                        "La cultura puede ser una gran fuente de fortaleza; si la ignora, se pierde eso.",
                    ),
                ],
                "",
            ),
            (
                "single",
                'Una persona dice que quiere "recuperar mi vida". ¿Cuál es un buen siguiente paso?',
                [
                    (
                        "Preguntarle cómo sería para ella recuperar su vida y cuál podría ser un primer paso pequeño",
                        True,
                        "Sí: la meta con sus propias palabras, dividida en pasos.",
                    ),
                    (
                        "Decirle qué metas son realistas",
                        False,
                        "La persona es quien define sus metas.",
                    ),
                    (
                        "Darle un plan estándar para que lo llene",
                        False,
                        "El plan debe ser de la propia persona.",
                    ),
                ],
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "ethics-and-boundaries-in-peer-work",
        "title": "Ética y límites en el trabajo entre pares",
        "summary": "Los principios éticos del trabajo entre pares, los límites del rol, la confidencialidad y cómo cuidar el propio bienestar.",
        "objectives": [
            "Aplicar los principios éticos fundamentales a situaciones cotidianas del trabajo entre pares.",
            "Describir el alcance del rol de par y lo que queda fuera de él.",
            "Reconocer las relaciones duales y establecer límites con respeto.",
            "Explicar la confidencialidad, sus límites y cuándo hablar con el supervisor o la supervisora.",
            "Compartir la propia experiencia con un propósito y cuidar la propia recuperación.",
        ],
        "hours": "10",
        "modality": "self_paced",
        "domains": {"ethical-responsibility": "10"},
        "topics": {"ethics": "10", "peer-recovery-specific": "10"},
        "values": ["relationship-focused", "voluntary", "person-centred"],
        "pathways": ["peer"],
        "content_note": "Algunos ejemplos de este módulo mencionan explotación, maltrato que se debe reportar y riesgo de daño. Son breves y no incluyen detalles explícitos.",
        "lessons": [
            {
                "slug": "ethical-principles-and-the-peer-role",
                "title": "Los principios éticos y el rol de par",
                "summary": "Por qué la ética es importante en el trabajo entre pares y dónde empieza y termina el rol.",
                "body": [
                    (
                        "text",
                        [
                            "Las relaciones entre pares se basan en la reciprocidad y en la experiencia compartida. Eso les da mucha fuerza, y también nos exige mucho. Un código de ética protege a las personas que apoyamos, nos protege a nosotros y protege la confianza de la que dependen todos los trabajadores de pares. Las juntas que otorgan la credencial le piden que firme uno.",
                            "Principios que aparecen en la mayoría de los códigos:",
                            [
                                "Respeto por la autonomía: la persona toma sus propias decisiones.",
                                "Hacer el bien y evitar el daño: actúe en beneficio de la persona y piense en las consecuencias.",
                                "Justicia: trate a las personas con equidad y sin discriminación.",
                                "Honestidad e integridad: sea sincero o sincera sobre quién es usted, lo que puede ofrecer y lo que no.",
                                "Confidencialidad: proteja lo que las personas comparten con usted.",
                            ],
                        ],
                    ),
                    (
                        "text",
                        [
                            "El rol de par tiene un alcance claro. Los pares comparten su experiencia vivida, ofrecen apoyo, son ejemplo de recuperación, conectan a las personas con recursos y abogan por ellas. Los pares no hacen diagnósticos, no dan terapia, no dan consejos médicos ni legales y no le dicen a nadie qué medicamentos tomar. Cuando una necesidad está fuera del rol de par, conecte a la persona con alguien que pueda ayudarla.",
                            "Cuando no esté seguro o segura de qué es lo correcto, haga una pausa. Pregúntese: ¿A quién beneficia esto? ¿Me sentiría cómodo o cómoda si mi supervisor lo supiera? ¿Hay alguna política que aplique? Luego háblelo en supervisión.",
                        ],
                    ),
                    (
                        "callout",
                        "important",
                        "La supervisión es parte de una práctica ética",
                        "<p>Llevar las situaciones difíciles a su supervisor o supervisora no es señal de fracaso. Es lo que hacen los trabajadores de pares que actúan con ética.</p>",
                    ),
                    (
                        "reflection",
                        "¿Qué parte del alcance del rol de par cree que le costará más respetar, y por qué?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "Una persona le pregunta si debería dejar de tomar un medicamento que le recetaron. ¿Qué hace usted?",
                            [
                                (
                                    "La anima a hablarlo con quien se lo recetó y se ofrece a ayudarla a preparar sus preguntas",
                                    True,
                                    "Sí: dar consejos sobre medicamentos está fuera del rol de par, y aun así puede apoyarla.",
                                ),
                                (
                                    "Le cuenta lo que usted hizo con sus propios medicamentos",
                                    False,
                                    "Aunque lo haga con buena intención, esto puede funcionar como un consejo médico.",
                                ),
                                (
                                    "Le dice que lo deje si se siente mejor",
                                    False,
                                    "Eso es un consejo médico, está fuera del rol de par y podría causar daño.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "boundaries-and-confidentiality",
                "title": "Límites, relaciones duales y confidencialidad",
                "summary": "Cómo mantener las relaciones seguras y la información protegida.",
                "body": [
                    (
                        "text",
                        [
                            "Un límite marca dónde termina la relación entre pares. Tener límites claros mantiene la relación enfocada en la recuperación de la persona y los protege a ambos.",
                            "Una relación dual ocurre cuando usted se relaciona con una persona de más de una manera: como su especialista de pares y, además, como su amigo o amiga, arrendador, empleador, padrino o madrina, o pareja. En las comunidades de recuperación es difícil evitar que los papeles se crucen un poco; puede que vayan a las mismas reuniones. Reconozca abiertamente esa coincidencia, hable de ello con su supervisor o supervisora y mantenga separada la relación de apoyo. Las relaciones románticas o sexuales con las personas que usted apoya nunca son aceptables.",
                            "Piénselo bien antes de aceptar regalos, prestar dinero, dar sus datos de contacto personales o conectarse en redes sociales. Siga la política de su organización y, si tiene dudas, pregunte.",
                        ],
                    ),
                    (
                        "text",
                        [
                            "La confidencialidad significa que usted no comparte lo que una persona le cuenta sin el permiso de esa persona. En los Estados Unidos, las normas federales protegen la información de salud (HIPAA), y los expedientes de los programas para trastornos por uso de sustancias tienen una protección adicional (42 CFR Parte 2).",
                            "La confidencialidad tiene límites, y la persona debe conocerlos desde el principio. Por lo general incluyen el riesgo de que alguien se haga daño grave a sí mismo o a otras personas, la sospecha de maltrato o negligencia hacia un niño, una niña o un adulto vulnerable, y una orden judicial. Aprenda los procedimientos de su organización y las normas de su estado, y hable de inmediato con su supervisor o supervisora cuando se presente alguna de estas situaciones.",
                        ],
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Explicar los límites de la confidencialidad al comienzo de una relación entre pares es una buena práctica.",
                            True,
                            "Correcto: las personas merecen saber qué mantiene usted en privado y cuándo no puede hacerlo.",
                            "Sí es una buena práctica: hablar con claridad sobre los límites genera confianza.",
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "self-disclosure-and-self-care",
                "title": "Compartir la propia experiencia y cuidarse",
                "summary": "Compartir la propia historia con un propósito y cuidar la propia recuperación.",
                "body": [
                    (
                        "text",
                        [
                            "Compartir su experiencia vivida es el corazón del trabajo entre pares. Para hacerlo con propósito, pregúntese: ¿Esto ayuda a la persona en este momento? ¿Es breve? ¿Vuelve a poner la atención en ella? ¿Lo comparto desde una herida que ya sanó, y no desde una herida abierta?",
                            "Apoyar a otras personas puede despertar en usted recuerdos y sentimientos propios. Cuidar su propia recuperación es una responsabilidad ética, porque no puede apoyar bien a otros cuando ya no le queda energía. Fíjese en sus propias señales de alerta temprana, mantenga sus propios apoyos y aproveche la supervisión.",
                        ],
                    ),
                    (
                        "story",
                        "Antes le contaba mi historia completa a todo el mundo. Ahora primero me hago una sola pregunta: ¿esto es para la otra persona o es para mí?",
                        "Terrell, especialista certificado en apoyo entre pares para la recuperación",
                    ),
                    (
                        "reflection",
                        "¿Cuáles son sus propias señales de alerta temprana de que necesita bajar el ritmo y cuidarse? ¿A quién puede acudir?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "¿Qué hace que compartir la propia experiencia tenga un propósito?",
                            [
                                (
                                    "Es breve, ayuda a la persona en ese momento y vuelve a poner la atención en ella",
                                    True,
                                    "Sí.",
                                ),
                                (
                                    "Le muestra a la persona que usted lo pasó mucho peor",
                                    False,
                                    "Compararse puede restarle importancia a lo que la persona está viviendo.",
                                ),
                                (
                                    "Sirve para llenar los silencios de la conversación",
                                    False,
                                    "El silencio puede ser útil; compartir la propia experiencia debe tener un propósito.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "multiple",
                "¿Cuáles de estas cosas están fuera del alcance del rol de par? Elija todas las que correspondan.",
                [
                    (
                        "Diagnosticar una condición de salud mental",
                        True,
                        "Los diagnósticos les corresponden a profesionales clínicos con licencia.",
                    ),
                    (
                        "Aconsejarle a alguien que cambie la dosis de su medicamento",
                        True,
                        "Los consejos sobre medicamentos les corresponden a quienes los recetan.",
                    ),
                    (
                        "Compartir la propia experiencia vivida con un propósito",
                        False,
                        "Esto es central en el rol de par.",
                    ),
                    (
                        "Ayudar a alguien a encontrar una despensa de alimentos",
                        False,
                        "Conectar a las personas con recursos es parte del rol.",
                    ),
                ],
                "",
            ),
            (
                "single",
                "Usted se encuentra con una persona a la que apoya en una reunión de ayuda mutua a la que ambos asisten. ¿Qué es lo mejor que puede hacer?",
                [
                    (
                        "Reconocer la coincidencia, mantener separada la relación de apoyo y hablarlo con el supervisor o la supervisora",
                        True,
                        "Sí: reconózcalo y busque apoyo.",
                    ),
                    (
                        "Dejar de ir a la reunión sin decir nada",
                        False,
                        "Usted también necesita cuidar su propia recuperación; hay mejores maneras de manejar esta coincidencia.",
                    ),
                    (
                        "Convertirse también en su padrino o madrina, ya que la conoce",
                        False,
                        "Eso crea una relación dual que puede borrar los límites.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Una relación romántica con una persona a la que usted apoya actualmente puede ser aceptable si ambas personas están de acuerdo.",
                False,
                "No es así: nunca es aceptable, sin importar lo que sientan ambas personas.",
                "Correcto: las relaciones románticas o sexuales con las personas que usted apoya nunca son aceptables.",
                "",
            ),
            (
                "single",
                "Una persona le dice que piensa hacerle daño grave a alguien. ¿Qué hace usted?",
                [
                    (
                        "Sigue el procedimiento de seguridad de su organización y se comunica de inmediato con su supervisor o supervisora",
                        True,
                        "Sí: este es uno de los límites de la confidencialidad.",
                    ),
                    (
                        "Lo mantiene en confidencialidad porque la persona confió en usted",
                        False,
                        "El riesgo de daño grave a otras personas es uno de los límites de la confidencialidad.",
                    ),
                    (
                        "Espera hasta su próxima sesión de supervisión programada",
                        False,
                        "Un riesgo de daño requiere actuar de inmediato.",
                    ),
                ],
                "",
            ),
            (
                "multiple",
                "¿Qué preguntas le ayudan a decidir si compartir una parte de su propia historia? Elija todas las que correspondan.",
                [
                    ("¿Esto ayuda a la persona en este momento?", True, "Primero, el propósito."),
                    (
                        "¿Vuelve a poner la atención en ella?",
                        True,
                        "La conversación se trata de la persona.",
                    ),
                    (
                        "¿Demostrará que yo sé más?",
                        False,
                        "Compartir la propia experiencia no se trata de tener autoridad.",
                    ),
                ],
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "advocacy-and-recovery-oriented-systems",
        "title": "Defensa y sistemas de atención orientados a la recuperación",
        "summary": "Cómo apoyar a las personas para que hablen por sí mismas, y cómo trabajar por comunidades y sistemas que apoyen la recuperación.",
        "objectives": [
            "Apoyar la autodefensa de una persona mientras ella sigue llevando la batuta.",
            "Ayudar a una persona a orientarse entre servicios y beneficios.",
            "Describir un sistema de atención orientado a la recuperación y el papel de las organizaciones comunitarias de recuperación.",
            "Enfrentar el estigma y compartir la propia historia en público de manera segura.",
        ],
        "hours": "9",
        "modality": "self_paced",
        "domains": {"advocacy": "8", "mentoring-education": "1"},
        "topics": {"peer-recovery-specific": "9"},
        "values": ["advocacy", "community-and-family", "self-direction", "hope"],
        "pathways": ["peer", "harm-reduction", "medication-supported", "family-and-community"],
        "content_note": "",
        "lessons": [
            {
                "slug": "advocacy-with-a-person",
                "title": "Abogar con una persona y por ella",
                "summary": "Cómo ayudar a las personas a hablar por lo que necesitan.",
                "body": [
                    (
                        "text",
                        [
                            "La defensa individual significa ayudar a una persona a conseguir lo que necesita y lo que le corresponde por derecho: vivienda, beneficios, atención médica, documentos de identificación, un trato justo. La mejor defensa fortalece la propia voz de la persona, para que la próxima vez pueda hablar por sí misma.",
                            "Buenas prácticas:",
                            [
                                "Pregunte primero. Abogue solo con el consentimiento de la persona y en la dirección que ella elija.",
                                "Prepárense juntos: qué quiere, qué va a decir y qué papeles necesita.",
                                "Acompáñela si ella quiere, y deje que hable primero.",
                                "Anote nombres, fechas y lo que se acordó.",
                                "Reconozca cuándo es momento de involucrar a su supervisor o a un especialista, como un servicio de asistencia legal gratuita.",
                            ],
                        ],
                    ),
                    (
                        "callout",
                        "tip",
                        "Al lado, no adelante",
                        "<p>Póngase al lado de la persona, no delante de ella. Dé un paso al frente solo hasta donde ella se lo pida.</p>",
                    ),
                    (
                        "reflection",
                        "Piense en alguna vez en que tuvo que luchar por algo que necesitaba. ¿Qué le habría ayudado?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "¿Qué va primero en la defensa individual?",
                            [
                                (
                                    "El consentimiento de la persona y la dirección que ella elige",
                                    True,
                                    "Así es: la persona es quien guía.",
                                ),
                                (
                                    "Lo que el par cree que es mejor",
                                    False,
                                    "La defensa sigue las metas de la persona.",
                                ),
                                (
                                    "Las reglas del servicio",
                                    False,
                                    "Las reglas importan, pero las metas de la persona van primero.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "systems-advocacy-and-rosc",
                "title": "Defensa de sistemas y sistemas de atención orientados a la recuperación",
                "summary": "Cómo cambiar comunidades y sistemas para que la recuperación sea más fácil para todos.",
                "body": [
                    (
                        "text",
                        [
                            "Un sistema de atención orientado a la recuperación (ROSC, por sus siglas en inglés) es una red coordinada de servicios y apoyos comunitarios que está centrada en la persona y se basa en sus fortalezas y su resiliencia. En lugar de episodios cortos de tratamiento agudo, ofrece apoyo a lo largo del tiempo, en la comunidad y a través de muchos vías de recuperación.",
                            'Las organizaciones comunitarias de recuperación (RCO, por sus siglas en inglés) son organizaciones independientes y sin fines de lucro dirigidas por personas en recuperación, sus familias y sus aliados. Administran centros comunitarios de recuperación, capacitan a pares y le dan a la comunidad de recuperación una voz en las decisiones locales y estatales. "Nada sobre nosotros sin nosotros" resume bien la idea.',
                        ],
                    ),
                    (
                        "text",
                        [
                            "La defensa de sistemas trabaja sobre las políticas y prácticas que afectan a muchas personas: combatir el estigma, ampliar el acceso a todos los vías de recuperación, incluidos los medicamentos y la reducción de daños, apoyar la vivienda de recuperación y lograr que los servicios sean acogedores.",
                            "Compartir su historia de recuperación en público puede cambiar la forma de pensar de la gente. Prepárela, decida qué va a mantener en privado y piense en los efectos a largo plazo de compartirla en internet. Enfóquese en la esperanza y en las soluciones, y use un lenguaje que ponga a la persona primero.",
                        ],
                    ),
                    (
                        "story",
                        "La primera vez que hablé en el concejo municipal, me temblaban las manos. Tres meses después aprobaron fondos para un centro de recuperación en mi lado de la ciudad.",
                        "Angela, voluntaria de una RCO",
                    ),
                    (
                        "reflection",
                        "¿Qué cambio en su comunidad haría más fácil la recuperación? ¿Quién más se preocupa por ese tema?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Las organizaciones comunitarias de recuperación están dirigidas por personas en recuperación, sus familias y sus aliados.",
                            True,
                            "Correcto.",
                            "Sí lo están: el liderazgo de pares es justamente lo que las hace RCO.",
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "¿Cuál es el objetivo principal de la defensa individual en el trabajo entre pares?",
                [
                    (
                        "Ayudar a la persona a conseguir lo que necesita mientras fortalece su propia voz",
                        True,
                        "Así es.",
                    ),
                    (
                        "Hablar por la persona para que ella no tenga que hacerlo",
                        False,
                        "La defensa apoya la propia voz de la persona.",
                    ),
                    (
                        "Asegurarse de que la persona cumpla las reglas del servicio",
                        False,
                        "Ese no es el objetivo de la defensa.",
                    ),
                ],
                "",
            ),
            (
                "multiple",
                "¿Cuáles son características de un sistema de atención orientado a la recuperación? Elija todas las que correspondan.",
                [
                    ("Centrado en la persona", True, "Así es."),
                    (
                        "Apoyo a lo largo del tiempo, en la comunidad",
                        True,
                        "Así es: no solo episodios cortos de tratamiento.",
                    ),
                    ("Respeto por muchos vías de recuperación", True, "Así es."),
                    (
                        "Una única vía obligatoria para todos",
                        False,
                        "Un ROSC apoya muchos vías de recuperación.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Usted debería abogar por una persona aunque ella le haya pedido que no lo haga.",
                False,
                "No exactamente: la defensa necesita el consentimiento de la persona.",
                "Correcto: la defensa sigue el consentimiento y la dirección de la persona.",
                "",
            ),
            (
                "single",
                "Antes de compartir su historia de recuperación en público, ¿qué es lo más importante?",
                [
                    (
                        "Decidir qué mantener en privado y pensar en los efectos a largo plazo, sobre todo en internet",
                        True,
                        "Así es: usted tiene el control de su historia.",
                    ),
                    (
                        "Contar cada detalle para ser lo más honesto posible",
                        False,
                        "Ser honesto no significa contarlo todo.",
                    ),
                    (
                        "Usar un lenguaje dramático para mantener la atención",
                        False,
                        "La esperanza y las soluciones convencen más, y respetan a todas las personas involucradas.",
                    ),
                ],
                "",
            ),
            (
                "single",
                '¿Qué significa "Nada sobre nosotros sin nosotros" para las RCO?',
                [
                    (
                        "Que las personas en recuperación participan en las decisiones que las afectan",
                        True,
                        "Así es.",
                    ),
                    (
                        "Que solo las personas en recuperación pueden usar los servicios",
                        False,
                        "No: se trata de tener voz en las decisiones.",
                    ),
                    (
                        "Que las RCO nunca trabajan con profesionales",
                        False,
                        "Las RCO trabajan con muchos aliados.",
                    ),
                ],
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "wellness-crisis-support-and-resources",
        "title": "Bienestar, apoyo en crisis y conexión con recursos",
        "summary": "El bienestar de todos los días, cómo apoyar a alguien durante una crisis, cómo responder a una sobredosis y cómo hacer derivaciones acompañadas a otros servicios.",
        "objectives": [
            "Apoyar a una persona para que planifique su bienestar en las distintas áreas de su vida.",
            "Responder con calma y dentro del propio rol a una persona en crisis, lo que incluye preguntar directamente sobre el suicidio.",
            "Describir cómo responder ante una posible sobredosis de opioides.",
            "Conectar a una persona con recursos mediante una derivación acompañada y darle seguimiento.",
        ],
        "hours": "7",
        "modality": "self_paced",
        "domains": {
            "recovery-wellness-support": "3",
            "ethical-responsibility": "3",
            "advocacy": "1",
        },
        "topics": {"crisis-support": "4", "ethics": "3", "peer-recovery-specific": "7"},
        "values": ["holistic", "hope", "trauma-informed", "community-and-family"],
        "pathways": ["harm-reduction", "medication-supported", "clinical", "peer"],
        "content_note": "Este módulo habla del suicidio, las autolesiones y la sobredosis, y de cómo responder. Si está pasando por un momento difícil ahora mismo, puede llamar o enviar un mensaje de texto al 988 a cualquier hora, y puede dejar este módulo y volver cuando quiera.",
        "lessons": [
            {
                "slug": "wellness-and-everyday-supports",
                "title": "El bienestar y los apoyos de todos los días",
                "summary": "Ocho dimensiones del bienestar y un plan para los días buenos y para los difíciles.",
                "body": [
                    (
                        "text",
                        [
                            "El bienestar es más que no estar enfermo. Un modelo muy usado nombra ocho dimensiones: emocional, física, social, espiritual, intelectual, ocupacional, financiera y ambiental. Una persona puede sentirse fuerte en algunas y querer crecer en otras.",
                            "Un plan de bienestar ayuda a la persona a reconocer qué la mantiene bien, cuáles son sus primeras señales de alerta, qué hará cuando las cosas se pongan más difíciles y a quién va a llamar. Lo escribe la persona, para sí misma, cuando se siente lo bastante bien como para planificar.",
                        ],
                    ),
                    (
                        "reflection",
                        "¿A qué dimensión del bienestar le gustaría darle más atención este mes? ¿Cuál sería un pequeño paso?",
                    ),
                    (
                        "check",
                        (
                            "multiple",
                            "¿Cuáles son dimensiones del bienestar en el modelo de ocho dimensiones? Elija todas las que correspondan.",
                            [
                                ("Financiera", True, "Así es."),
                                ("Espiritual", True, "Así es."),
                                ("Ambiental", True, "Así es."),
                                ("Competitiva", False, "No es una de las ocho."),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "supporting-someone-in-crisis",
                "title": "Cómo apoyar a alguien en crisis",
                "summary": "Mantener la calma, preguntar directamente, cuidar la seguridad de las personas y conocer los propios límites.",
                "body": [
                    (
                        "text",
                        [
                            "Una crisis es un momento en que las formas habituales que tiene una persona para sobrellevar las cosas ya no le alcanzan. Su presencia tranquila importa. Escuche, hable despacio y enfóquese en la seguridad y en la próxima hora, no en todo el futuro.",
                            'Si le preocupa que alguien pueda estar pensando en el suicidio, pregúntele directamente: "¿Está pensando en quitarse la vida?" Preguntar no le mete la idea en la cabeza a nadie; las investigaciones muestran que preguntar puede traer alivio y abrir la puerta a la ayuda. Escuche sin juzgar, ayude a la persona a comunicarse con la 988 Línea de Prevención del Suicidio y Crisis (llamando o enviando un mensaje de texto al 988) o con los servicios de crisis locales, y siga el procedimiento de su organización. Si hay un peligro inmediato, llame al 911 y, si es seguro quedarse, no deje sola a la persona.',
                        ],
                    ),
                    (
                        "callout",
                        "important",
                        "Cómo responder ante una posible sobredosis de opioides",
                        "<ul><li>Intente despertar a la persona: grite su nombre y frótele el esternón (el hueso del centro del pecho) con firmeza.</li><li>Llame al 911.</li><li>Dele naloxona si la tiene; dele una segunda dosis si no responde después de 2 a 3 minutos.</li><li>Ayúdela a respirar si tiene la capacitación para hacerlo, y póngala en la posición de recuperación (de costado).</li><li>Quédese con ella: el efecto de la naloxona puede pasarse antes que el de los opioides.</li></ul><p>Muchos estados tienen leyes del Buen Samaritano que dan cierta protección legal a las personas que piden ayuda ante una sobredosis.</p>",
                    ),
                    (
                        "text",
                        [
                            "Después de una crisis, pregúntele a la persona cómo está, y pregúntese también cómo está usted. Responder a una crisis es difícil; hable de lo que pasó con su supervisor y recurra a sus propios apoyos.",
                        ],
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Preguntarle directamente a alguien si está pensando en el suicidio puede meterle la idea en la cabeza.",
                            False,
                            "No es así: preguntar directamente no aumenta el riesgo y puede traer alivio.",
                            "Correcto: preguntar directamente es seguro y puede abrir la puerta a la ayuda.",
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "linking-to-resources",
                "title": "Conexión con recursos",
                "summary": "Derivaciones acompañadas, conocer la propia comunidad y dar seguimiento.",
                "body": [
                    (
                        "text",
                        [
                            "Los pares ayudan a las personas a conectarse con lo que necesitan: vivienda, comida, atención médica, tratamiento, grupos de ayuda mutua, empleo, ayuda legal y servicios de reducción de daños, como los programas de servicios de jeringas y las pruebas de VIH y hepatitis C.",
                            'Una derivación acompañada (en inglés, "warm handoff") es mucho más que dar un número de teléfono. Con el permiso de la persona, usted la presenta a la siguiente persona o servicio, en persona o por teléfono, y comparte lo que ella quiera que se comparta. Así es mucho más probable que la conexión se mantenga.',
                            "Tenga a mano una lista actualizada de recursos locales, que incluya el 211 para servicios comunitarios. Después, da seguimiento: ¿funcionó la conexión? ¿Qué se interpuso? Muchas veces, obstáculos como el transporte, el costo, el cuidado de los niños o malas experiencias en el pasado son cosas que pueden resolver juntos.",
                        ],
                    ),
                    (
                        "reflection",
                        "¿Qué recursos locales ya conoce bien? ¿Sobre cuáles le gustaría aprender más?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "¿Qué hace que una derivación sea una derivación acompañada?",
                            [
                                (
                                    "Presenta a la persona directamente al siguiente servicio, con su permiso",
                                    True,
                                    "Así es.",
                                ),
                                (
                                    "Le da una lista impresa de números de teléfono",
                                    False,
                                    "Eso es una derivación, pero no una derivación acompañada.",
                                ),
                                (
                                    "Envía su expediente sin decirle nada",
                                    False,
                                    "Para compartir información se necesita el permiso de la persona.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "Le preocupa que una persona pueda estar pensando en el suicidio. ¿Qué debería hacer primero?",
                [
                    (
                        "Preguntarle directamente y escuchar sin juzgar",
                        True,
                        "Así es: preguntar directamente es seguro y abre la puerta a la ayuda.",
                    ),
                    (
                        "Cambiar de tema a algo más positivo",
                        False,
                        "Esto puede hacer que la persona se sienta sola y sin que nadie la escuche.",
                    ),
                    (
                        "Esperar a ver si vuelve a mencionarlo",
                        False,
                        "Si espera, puede perder una oportunidad de ayudar.",
                    ),
                ],
                "",
            ),
            (
                "multiple",
                "¿Qué pasos forman parte de la respuesta ante una posible sobredosis de opioides? Elija todos los que correspondan.",
                [
                    ("Llamar al 911", True, "Así es."),
                    ("Dar naloxona si la tiene a mano", True, "Así es."),
                    (
                        "Quedarse con la persona después de darle naloxona",
                        True,
                        "Así es: el efecto de la naloxona puede pasarse antes que el de los opioides.",
                    ),
                    (
                        "Meter a la persona bajo una ducha fría",
                        False,
                        "Esto no ayuda y puede causar daño.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Una derivación acompañada significa presentar a la persona directamente al siguiente servicio, con su permiso.",
                True,
                "Correcto.",
                "Sí lo significa: una derivación acompañada es una presentación directa y con permiso.",
                "",
            ),
            (
                "single",
                "¿A qué número puede llamar o enviar un mensaje de texto una persona en los Estados Unidos para comunicarse con la Línea de Prevención del Suicidio y Crisis?",
                [
                    ("988", True, "Así es: llama o envía un mensaje de texto al 988."),
                    (
                        "311",
                        False,
                        "En muchos lugares, el 311 es para servicios municipales que no son emergencias.",
                    ),
                    ("411", False, "El 411 es el servicio de información de números telefónicos."),
                ],
                "",
            ),
            (
                "single",
                "¿Qué es un plan de bienestar?",
                [
                    (
                        "Un plan que escribe la persona sobre lo que la mantiene bien y lo que hará cuando las cosas se pongan más difíciles",
                        True,
                        "Así es.",
                    ),
                    (
                        "Un conjunto de reglas que un par le da a la persona",
                        False,
                        "El plan le pertenece a la persona.",
                    ),
                    (
                        "Un plan de tratamiento médico",
                        False,
                        "Un plan de bienestar es de la propia persona, no un plan clínico.",
                    ),
                ],
                "",
            ),
        ],
    },
]
