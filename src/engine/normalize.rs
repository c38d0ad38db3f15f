//! One normaliser for facts and questions, so both sides of a match speak the same words.
//!
//! Text → fold (NFKD, strip accents, lowercase, split on anything not a letter or digit) →
//! aliases (multi-word phrases and acronyms become one canonical word) → stop words dropped →
//! stemmed in the text's language. Typos are not handled here but in `fuzzy`, against the
//! vocabulary the index knows.

// Fx hashing: the keys are short words, hashed on every question; no untrusted-key DoS concern
// arises because keys come from the curated fact base (questions only look them up).
use rustc_hash::FxHashMap as HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;

use crate::knowledge::Lang;

/// Folds case and accents and keeps only letters and digits, words separated by one space.
///
/// "¿Cuándo se unió Colombia a la OTAN?" → "cuando se unio colombia a la otan".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// `fold` into a buffer the caller reuses: the index folds every text of every fact.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    let push = |c: char, out: &mut String, pending_space: &mut bool| {
        if c.is_alphanumeric() {
            if *pending_space && !out.is_empty() {
                out.push(' ');
            }
            *pending_space = false;
            for lower in c.to_lowercase() {
                out.push(lower);
            }
        } else {
            *pending_space = true;
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // Most text is ASCII: a run of letters and digits is copied at once and lowercased
            // in place, with no decomposition.
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            let at = out.len();
            out.push_str(&text[start..i]);
            out[at..].make_ascii_lowercase();
        } else if b.is_ascii() {
            pending_space = true;
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            i += c.len_utf8().max(1);
            unicode_normalization::char::decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    push(d, out, &mut pending_space);
                }
            });
        }
    }
}

/// American spellings folded to the British ones the fact base uses, so "defense program"
/// finds "defence programme". Suffix rules (-ize, -ization) cover the rest.
#[rustfmt::skip]
const SPELLINGS: &[(&str, &str)] = &[
    ("defense", "defence"), ("defenses", "defences"), ("center", "centre"), ("centers", "centres"),
    ("program", "programme"), ("programs", "programmes"), ("labor", "labour"), ("honor", "honour"),
    ("favor", "favour"), ("behavior", "behaviour"), ("analyze", "analyse"), ("catalog", "catalogue"),
    ("enrollment", "enrolment"), ("traveled", "travelled"), ("counterterrorism", "counter-terrorism"),
];

/// English question words as chat writes them. They are read before intents are, so "wat year"
/// asks for a time as "what year" does; the typo step comes too late for that.
#[rustfmt::skip]
const CHAT_SPELLINGS: &[(&str, &str)] = &[
    ("wat", "what"), ("wht", "what"), ("waht", "what"), ("whta", "what"), ("wen", "when"),
    ("whn", "when"), ("wehn", "when"), ("wher", "where"), ("whr", "where"), ("wich", "which"),
    ("whcih", "which"), ("wihch", "which"), ("hw", "how"),
];

/// One spelling per word: British forms for American ones and question words as chat spells
/// them, in facts and questions alike.
pub fn unify_spelling(word: &str) -> String {
    if let Some((_, british)) = SPELLINGS.iter().find(|(american, _)| *american == word) {
        return (*british).to_string();
    }
    if let Some((_, standard)) = CHAT_SPELLINGS.iter().find(|(chat, _)| *chat == word) {
        return (*standard).to_string();
    }
    if word.len() > 6 {
        for (from, to) in [
            ("izations", "isations"),
            ("ization", "isation"),
            ("izing", "ising"),
            ("ized", "ised"),
            ("izes", "ises"),
            ("ize", "ise"),
        ] {
            if let Some(stem) = word.strip_suffix(from) {
                return format!("{stem}{to}");
            }
        }
    }
    word.to_string()
}

/// Words that carry no meaning for matching, in English.
#[rustfmt::skip]
const STOP_EN: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "done", "during", "each", "ever", "for", "from", "get", "got", "had", "has",
    "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "just", "know", "let", "like", "me", "mean", "might", "more", "most", "much",
    "must", "my", "of", "on", "once", "only", "or", "other", "our", "out", "over", "please", "s",
    "say", "she", "should", "so", "some", "tell", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "u", "up", "us", "very",
    "was", "we", "were", "what", "whats", "when", "where", "which", "while", "who", "whom", "whose",
    "why", "will", "with", "would", "you", "your", "yo", "hey", "hi", "hello", "thanks", "thank",
    "pls", "plz", "exactly", "really", "actually", "anything", "something", "info", "explain",
    "give", "want", "need", "wanna", "gonna", "kind", "sort", "way", "ok", "okay", "yes", "no",
    "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "im", "ive", "youre", "theyre",
    "thats", "wheres", "whens", "whos", "hows", "whats", "been", "able", "happen", "happened",
    "year", "years", "date", "day", "time", "details", "detail", "bit", "quick", "question",
    "against", "among", "within", "without", "per", "via", "toward", "towards", "across",
    "along", "around", "behind", "below", "beyond", "near", "off", "onto", "upon", "until",
    "till", "whether", "yet", "ever", "every", "else", "etc",
    "make", "makes", "made", "bot", "enlace", "guys", "folks", "anyone", "someone", "somebody",
    "anybody", "everyone", "everybody", "whoever", "whatever",
    "wondering", "wonder", "curious", "lol", "btw", "thx", "cheers", "yeah", "yep", "nope",
    "one", "ones", "thing", "things", "stuff", "could", "can", "shall", "ask", "asking",
    "find", "look", "show", "remind", "recall", "briefly", "short", "summary", "summarise",
    "others", "under", "read", "heard", "hear", "saw", "seen", "reading", "good", "morning",
    "afternoon", "evening", "night", "goodbye", "bye", "welcome", "nice",
    "apparently", "supposedly", "true", "right", "wrong", "correct",
    "describe", "plain", "words", "simple", "simply", "basically", "summarize",
    "ppl", "ur", "abt", "bc", "cuz", "coz", "wut", "tho", "rn", "imo", "fyi", "smth", "sth",
    "tbh", "idk", "iirc", "afaik", "pls", "ya", "yall", "thru", "wat", "wht", "wich", "becuz",
    "bcuz", "cos", "dat", "da", "dis", "wit", "tha",
    // Fillers of chat that carry nothing ("wait, is it…", "… or nah?").
    "nah", "wait", "huh", "hmm", "hm", "um", "uh", "eh", "oh", "ah", "lmao", "omg", "bruh",
    "yup", "kinda", "sorta",
    // What is left of a contraction once the apostrophe is folded away: "isn't" → "isn t".
    "isn", "aren", "wasn", "weren", "doesn", "didn", "don", "hasn", "haven", "hadn", "couldn",
    "wouldn", "shouldn", "ain", "t", "ll", "re", "ve", "d",
];

/// Words that carry no meaning for matching, in Spanish (accents already folded).
#[rustfmt::skip]
const STOP_ES: &[&str] = &[
    "a", "al", "algo", "alguien", "algun", "alguna", "ante", "antes", "aqui", "asi", "aun", "cada",
    "como", "con", "contra", "cual", "cuales", "cuando", "cuanto", "cuantos", "cuantas", "de",
    "del", "desde", "donde", "dos", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre",
    "era", "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estan", "estas",
    "este", "esto", "estos", "fue", "fueron", "ha", "han", "hay", "haya", "he", "hasta", "la",
    "las", "le", "les", "lo", "los", "me", "mi", "mis", "mucho", "muy", "nos", "nosotros", "o",
    "os", "para", "pero", "por", "porque", "que", "quien", "quienes", "se", "sea", "ser", "si",
    "sido", "sin", "sobre", "son", "su", "sus", "tambien", "te", "tiene", "tienen", "tu", "tus",
    "un", "una", "uno", "unos", "unas", "y", "ya", "yo", "hola", "gracias", "favor", "dime",
    "decir", "saber", "sabes", "quiero", "quisiera", "puedes", "podrias", "explica", "explicame",
    "cuentame", "info", "informacion", "exactamente", "realmente", "oye", "pasa", "paso", "ocurrio",
    "sucedio", "fecha", "ano", "anos", "dia", "vez", "ok", "vale", "bueno", "pues", "etc", "q",
    "xq", "pq", "porfa", "acerca", "respecto", "tal", "tan", "tanto", "cosa", "cosas", "hace",
    "hizo", "hicieron", "han", "hubo", "esta", "estuvo",
    "buenas", "buenos", "noches", "tardes", "dias", "saludos", "chao", "adios", "bienvenido",
    "onda", "cuentas", "resumes", "resume", "resumir", "palabras", "sencillas", "sencillo",
    "tipo", "explicas", "describe", "describir", "basicamente",
    "tb", "tmb", "tmbn", "xfa", "dnd", "pa", "k", "xk", "porq", "aki", "ps", "nose", "sabias",
    "podeis", "podria", "podrian", "puede", "pueden", "podemos", "sabeis", "sabe", "saben",
    "decidme", "dinos", "contar", "cuenta", "contame", "contadme", "explicar", "explicadme",
    "gustaria", "necesito", "conocer", "oigan", "che", "parce", "bot", "enlace", "alguno",
    "alguna", "algunas", "algunos", "ustedes", "vosotros", "usted", "ahora", "hoy", "actualmente",
    "mas", "menos", "etc", "resumen", "breve", "consiste", "consistio", "consisten", "trata",
    "tratan", "refiere", "ver", "tenido", "tener", "tenia", "tenian", "visto", "otros", "otras",
    "lei", "escuche", "oi", "vi", "leido", "oido", "dicen", "dice", "cierto", "verdad",
    "correcto", "correcta", "supuestamente", "aparentemente", "buenos", "buenas", "dias",
    "tardes", "noches", "adios", "chao", "saludos", "cualquiera", "cualquier", "quienquiera",
    // Fillers of chat that carry nothing ("oye wey…", "jaja").
    "wey", "guey", "parcero", "jaja", "jajaja", "jeje", "porfis", "plis", "oiga", "ey", "eh",
];

/// Everyday words (en and es) that a fact base about NATO and Colombia may never use but that
/// carry little of a question's meaning ("technically", "basically", "nah", "curra"). When no
/// fact knows one, it weighs like a common word rather than like a rare one, so a casual question
/// is not declined for its register. Words a fact does use keep their own weight.
#[rustfmt::skip]
const EVERYDAY: &[&str] = &[
    "technically", "basically", "officially", "actually", "literally", "honestly", "seriously",
    "totally", "exactly", "really", "truly", "kinda", "sorta", "nah", "yeah", "yup", "ok", "okay",
    "lol", "omg", "idk", "tbh", "btw", "pls", "thanks", "thank", "cool", "great", "awesome",
    "interesting", "weird", "strange", "crazy", "real", "fake", "news", "people", "guy", "guys",
    "someone", "somebody", "thing", "things", "stuff", "way", "lot", "lots", "much", "many",
    "any", "some", "also", "even", "just", "still", "already", "ever", "never", "always",
    "maybe", "perhaps", "probably", "sure", "certain", "kind", "sort", "type", "whole", "entire",
    "exact", "precise", "detail", "details", "explain", "explanation", "understand", "confused",
    "confusing", "mean", "means", "meaning", "wondering", "curious", "question", "answer",
    "info", "information", "source", "sources", "link", "fact", "facts", "happen", "happened",
    "happening", "going", "gonna", "wanna", "gotta", "like", "likes", "want", "wants", "need",
    "needs", "try", "trying", "know", "knows", "known", "think", "thinks", "thought", "believe",
    "hear", "heard", "said", "says", "saying", "tell", "told", "talk", "talking", "talked",
    "bro", "dude", "mate", "man", "hey", "hello", "hi", "bot", "please", "quick", "quickly",
    "brief", "briefly", "short", "simple", "simply", "anyway", "anyways", "though", "although",
    "however", "right", "wrong", "true", "false", "correct", "incorrect", "now", "nowadays",
    "currently", "today", "yesterday", "recently", "lately", "back", "again", "once", "twice",
    "tecnicamente", "basicamente", "oficialmente", "realmente", "literalmente", "honestamente",
    "seriamente", "totalmente", "exactamente", "verdad", "cierto", "vale", "bueno", "pues",
    "curra", "currar", "chamba", "chambea", "parce", "parcero", "che", "wey", "guey", "tio", "tia",
    "gente", "cosa", "cosas", "rollo", "tema", "temas", "asunto", "onda", "vaina", "vainas",
    "chevere", "bacano", "genial", "interesante", "raro", "extrano", "loco", "noticia",
    "noticias", "alguien", "mucho", "muchos", "mucha", "muchas", "tambien", "incluso", "nunca",
    "siempre", "quizas", "quiza", "talvez", "seguro", "segura", "tipo", "entero", "exacto",
    "preciso", "explicar", "explicacion", "entender", "entiendo", "confundido", "confundida",
    "significa", "significado", "pregunta", "respuesta", "dato", "datos", "fuente", "enlace",
    "pasar", "pasando", "quiero", "quieres", "necesito", "saber", "sabes", "creo", "crees",
    "pensar", "pienso", "oir", "dijo", "dicen", "contar", "hablar", "hablando", "hola", "oye",
    "porfa", "rapido", "breve", "corto", "simple", "igual", "aunque", "sin", "embargo",
    "falso", "ahorita", "hoy", "ayer", "recientemente", "ultimamente", "otra",
    // Asking for an answer, not what it is about ("resúmeme…", "sum up…", "dime…").
    "summarize", "summarise", "summary", "sum", "recap", "rundown", "lowdown", "breakdown",
    "describe", "list", "outline", "resumeme", "resumenos", "resumir", "resume", "resumelo",
    "cuentame", "cuentanos", "dime", "dinos", "explicame", "explicanos", "muestrame", "dame",
    "danos", "describeme", "enumera", "enumerame", "detallame", "aclarame", "ayudame",
];

/// Words that ask for one detail of a thing (its budget, venue, model, size): a fact about the
/// thing that never mentions the detail cannot give it. Folded, as typed.
#[rustfmt::skip]
const DETAIL_WORDS: &[&str] = &[
    "budget", "budgets", "cost", "costs", "costed", "price", "prices", "funding", "venue",
    "venues", "model", "models", "displacement", "tonnage", "tonnes", "tons", "salary", "speed",
    "population", "address", "gift", "gifts", "funded", "financed", "fee", "fees", "regalo",
    "regalos", "pago", "pagaron", "financio", "financiaron", "presupuesto", "presupuestos",
    "costo", "costos", "coste", "precio", "precios", "financiacion", "financiamiento", "modelo",
    "modelos", "desplazamiento", "tonelaje", "toneladas", "salario", "velocidad", "poblacion",
    "direccion",
];

/// True when `word` (folded) is one of `DETAIL_WORDS`.
pub fn is_detail_word(word: &str) -> bool {
    DETAIL_WORDS.contains(&word)
}

/// True when `word` (folded) is an everyday word that says little about what is asked.
pub fn is_everyday(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| EVERYDAY.iter().copied().collect())
        .contains(word)
}

/// Function words that mark a text as Spanish rather than English.
#[rustfmt::skip]
const SPANISH_MARKERS: &[&str] = &[
    "el", "la", "los", "las", "de", "del", "que", "en", "y", "es", "un", "una", "por", "para",
    "con", "cuando", "como", "donde", "quien", "cual", "se", "su", "al", "fue", "son", "esta",
    "otan", "desde", "sobre", "hay", "ha", "han", "sigue", "todavia", "aun", "socio",
    "cuales", "quienes", "porque", "hizo", "visito", "firmo", "significa", "entre", "sus", "lo",
];

/// Function words that mark a text as English rather than Spanish.
#[rustfmt::skip]
const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "is", "was", "did", "does", "do", "when", "what", "who", "where", "which",
    "how", "why", "with", "to", "in", "on", "for", "an", "has", "have", "still", "nato", "it",
    "are", "were", "its", "from", "by", "at", "this", "that", "visit", "visited", "about", "between",
];

/// Countries (folded, en and es) a question may be about instead of Colombia.
///
/// A question about one of these that does not mention Colombia is a likely near miss ("When did
/// Mexico become a NATO partner?"); the ranker then asks for stronger evidence.
#[rustfmt::skip]
pub const OTHER_COUNTRIES: &[&str] = &[
    "mexico", "brazil", "brasil", "argentina", "peru", "chile", "venezuela", "ecuador", "bolivia",
    "paraguay", "uruguay", "panama", "cuba", "guatemala", "honduras", "nicaragua", "salvador",
    "costa", "dominican", "dominicana", "haiti", "jamaica", "france", "francia", "germany",
    "alemania", "spain", "espana", "italy", "italia", "japan", "japon", "australia", "korea",
    "corea", "mongolia", "pakistan", "iraq", "afghanistan", "afganistan", "ukraine", "ucrania",
    "russia", "rusia", "china", "india", "canada", "turkey", "turquia", "sweden", "suecia",
    "finland", "finlandia", "norway", "noruega", "poland", "polonia", "israel", "qatar", "egypt",
    "egipto", "nigeria", "morocco", "marruecos", "zealand", "zelanda", "georgia", "moldova",
    "tunisia", "tunez", "jordan", "jordania", "mauritania", "bosnia", "serbia", "kosovo", "iran",
    "denmark", "dinamarca", "netherlands", "holanda", "belgium", "belgica", "portugal", "greece",
    "grecia", "romania", "rumania", "britain", "kingdom", "reino", "ireland", "irlanda", "austria",
    "switzerland", "suiza", "philippines", "filipinas", "indonesia", "vietnam", "thailand",
];

/// What a question asks for (time, person, place, reason, number), in both languages.
///
/// These words are stop words for meaning but not for intent: "when did Santos visit" and "who
/// visited in 2018" share their content words yet want different facts. Each group becomes one
/// term that carries a small fixed weight (see `rank::INTENT_WEIGHT`).
#[rustfmt::skip]
const INTENTS: &[&[&str]] = &[
    &["?when", "when", "what year", "which year", "since when", "what date", "cuando", "en que ano", "que ano", "desde cuando", "en que fecha", "que fecha", "hace cuanto", "hace cuanto tiempo", "desde hace cuanto", "hace cuantos anos"],
    &["?who", "who", "whom", "whose", "quien", "quienes", "what is the name of", "what s the name of", "whats the name of", "what was the name of", "cual es el nombre de", "cual era el nombre de", "como se llama", "como se llamaba", "como se llaman"],
    &["?where", "where", "donde", "adonde", "en donde"],
    &["?why", "why", "por que", "porque", "para que", "porq", "xq", "pq", "xk", "xke", "porke"],
    &["?define", "what is", "what are", "what s", "what exactly is", "what exactly are", "what even is", "what even are", "what is meant by", "stand for", "stands for", "que es", "que son", "que es eso de", "q es", "q son", "k es", "ke es", "que quiere decir", "que quieren decir", "que significa", "que significan", "q significa", "k significa", "ke significa", "a que se refiere", "a que se refieren", "definition of", "define", "definicion", "definicion de", "definir", "definime", "defineme", "significado de"],
    &["?howmany", "how many", "how much", "cuantos", "cuantas", "cuanto", "cuanta"],
    &["?conflict", "which is it", "which one is it", "which is right", "which is correct", "right or wrong", "true or false", "disagree", "disagreement", "disagreements", "contradict", "contradiction", "contradictory", "conflicting", "discrepancy", "discrepancies", "sources differ", "clash", "clashes", "inconsistent", "inconsistency", "inconsistencies", "mismatch", "don t match", "doesn t match", "dont match", "doesnt match", "contradict each other", "at odds", "others say", "some say", "some sources", "cual es la correcta", "cual es correcto", "verdad o mentira", "contradiccion", "contradicciones", "discrepancia", "discrepancias", "no coinciden", "se contradicen", "contradice", "contradicen", "difieren", "discrepan", "no cuadran", "no cuadra", "chocan", "inconsistente", "inconsistencia", "otros dicen", "algunos dicen", "algunas fuentes"],
    &["?now", "still", "currently", "now", "today", "nowadays", "anymore", "any longer", "todavia", "aun", "sigue", "siguen", "actualmente", "ahora", "hoy", "hoy en dia", "a dia de hoy"],
];

/// The intent of a question about a disagreement between sources; facts marked `disputed` carry
/// it, so "Ocean Shield or Atalanta, which is it?" finds the fact that explains the conflict.
pub const CONFLICT_INTENT: &str = "?conflict";

/// The intent of a question that asks what something is ("what is", "qué significa"); glossary
/// facts carry it, so "¿qué es la agenda OTAN 2030?" finds the definition before the facts that
/// mention the agenda.
pub const DEFINE_INTENT: &str = "?define";

/// The topic of the facts that define a term.
pub const GLOSSARY_TOPIC: &str = "glossary";

/// The intent of a question that asks for a time ("when", "en qué año").
pub const WHEN_INTENT: &str = "?when";

/// The intent of a question that asks for a person or a body ("who", "quién").
pub const WHO_INTENT: &str = "?who";

/// The intent of a question that asks for a number ("how many", "cuántos").
pub const COUNT_INTENT: &str = "?howmany";

/// Prefix of intent terms ("?when"), which never collide with words or aliases ("#nato").
pub const INTENT_MARK: char = '?';

/// Words that open a question other than "when": after one of them, a later "when" or "cuando"
/// joins two clauses ("What did Duque say *when* he met Stoltenberg?") rather than asking for a
/// time.
const OTHER_OPENERS: &[&str] = &[
    "what", "who", "which", "why", "where", "how", "did", "does", "do", "is", "was", "were", "are",
    "has", "have", "had", "can", "could", "would", "will", "que", "quien", "quienes", "cual",
    "cuales", "por", "como", "donde", "dijo", "hizo", "hubo", "es", "fue", "era",
];

/// Verbs and phrases after which "when" is still the question ("Do you know when…?", "dime
/// cuándo…").
const ASKS_FOR_WHEN: &[&str] = &[
    "know",
    "tell",
    "me",
    "us",
    "remember",
    "idea",
    "sure",
    "wondering",
    "wonder",
    "out",
    "ask",
    "asking",
    "sabes",
    "sabe",
    "dime",
    "dices",
    "digas",
    "decir",
    "recuerdas",
    "saber",
    "pregunto",
];

/// Whether the "when" at `tokens[i]` joins two clauses of a question opened by another
/// question word, instead of asking when.
fn joins_clauses(tokens: &[String], i: usize) -> bool {
    i > 0
        && OTHER_OPENERS.contains(&tokens[0].as_str())
        && !ASKS_FOR_WHEN.contains(&tokens[i - 1].as_str())
}

/// Turns text into matching terms; built once per fact base from its aliases.
pub struct Normalizer {
    /// Folded alias phrase (as words) → canonical term.
    phrases: HashMap<Vec<String>, String>,
    /// Longest alias phrase, in words.
    longest: usize,
    /// Multi-word alias phrases with their canonical term, for typo-tolerant matching.
    multi: Vec<(Vec<String>, String)>,
    /// Each word of a multi-word phrase → the phrases it is in (positions in `multi`).
    by_word: HashMap<String, Vec<usize>>,
    /// One-word question words with their intent term ("cuando" → "?when").
    intents: Vec<(String, String)>,
    /// First words of every phrase of several words.
    first_words: rustc_hash::FxHashSet<String>,
    /// Phrases of several words by their words joined with spaces, and the longest phrase
    /// starting with each first word: how the index reads facts without a `Vec` per window.
    joined: HashMap<String, String>,
    longest_from: HashMap<String, usize>,
    /// Stems of one-word alias members → canonical term, per language (`alias_by_stem`).
    alias_stems: [HashMap<String, String>; 2],
    english: Stemmer,
    spanish: Stemmer,
}

/// Marks a canonical alias term so it is never stemmed or mistaken for a plain word.
pub const ALIAS_MARK: char = '#';

impl Normalizer {
    /// Builds a normaliser from alias groups (first entry of each group is canonical).
    pub fn new(aliases: &[Vec<String>]) -> Self {
        let mut phrases = HashMap::default();
        let mut longest = 1;
        for group in INTENTS {
            let canonical = group[0].to_string();
            for phrase in &group[1..] {
                let words: Vec<String> = phrase.split(' ').map(str::to_string).collect();
                longest = longest.max(words.len());
                phrases.insert(words, canonical.clone());
            }
        }
        for group in aliases {
            let Some(first) = group.first() else { continue };
            let canonical = format!("{ALIAS_MARK}{}", fold(first).replace(' ', "_"));
            for word in group {
                let words: Vec<String> = fold(word).split(' ').map(unify_spelling).collect();
                if words.iter().all(|w| w.is_empty()) {
                    continue;
                }
                longest = longest.max(words.len());
                phrases.entry(words).or_insert_with(|| canonical.clone());
            }
        }
        let mut multi: Vec<(Vec<String>, String)> = phrases
            .iter()
            .filter(|(words, c)| words.len() > 1 && !c.starts_with(INTENT_MARK))
            .map(|(w, c)| (w.clone(), c.clone()))
            .collect();
        multi.sort();
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, (words, _)) in multi.iter().enumerate() {
            for w in words {
                by_word.entry(w.clone()).or_default().push(i);
            }
        }
        let mut intents: Vec<(String, String)> = phrases
            .iter()
            .filter(|(words, c)| words.len() == 1 && c.starts_with(INTENT_MARK))
            .map(|(w, c)| (w[0].clone(), c.clone()))
            .collect();
        intents.sort();
        let first_words = phrases
            .keys()
            .filter(|words| words.len() > 1)
            .map(|words| words[0].clone())
            .collect();
        let mut joined = HashMap::default();
        let mut longest_from: HashMap<String, usize> = HashMap::default();
        for (words, canonical) in phrases.iter().filter(|(words, _)| words.len() > 1) {
            joined.insert(words.join(" "), canonical.clone());
            let len = longest_from.entry(words[0].clone()).or_default();
            *len = (*len).max(words.len());
        }
        let mut normalizer = Normalizer {
            phrases,
            longest,
            multi,
            by_word,
            intents,
            first_words,
            joined,
            longest_from,
            alias_stems: [HashMap::default(), HashMap::default()],
            english: Stemmer::create(Algorithm::English),
            spanish: Stemmer::create(Algorithm::Spanish),
        };
        normalizer.alias_stems = normalizer.stems_of_aliases();
        normalizer
    }

    /// The stems of one-word alias members, per language, each with its canonical term; a stem
    /// shared by two groups, or too short to say much ("form"), points nowhere.
    fn stems_of_aliases(&self) -> [HashMap<String, String>; 2] {
        const SHORTEST_STEM: usize = 6;
        let mut stems: [HashMap<String, Option<String>>; 2] = Default::default();
        for (words, canonical) in &self.phrases {
            if words.len() != 1 || !canonical.starts_with(ALIAS_MARK) {
                continue;
            }
            for lang in [Lang::En, Lang::Es] {
                let stem = self.stem(&words[0], lang);
                if stem.chars().count() < SHORTEST_STEM {
                    continue;
                }
                stems[lang as usize]
                    .entry(stem)
                    .and_modify(|c| {
                        if c.as_deref() != Some(canonical) {
                            *c = None;
                        }
                    })
                    .or_insert_with(|| Some(canonical.clone()));
            }
        }
        stems.map(|table| {
            table
                .into_iter()
                .filter_map(|(stem, canonical)| Some((stem, canonical?)))
                .collect()
        })
    }

    /// The alias a word is a form of, found by its stem in `lang`: "entrenado" is a form of
    /// "entrenó", so it is `#training` as that word is. Curators list the forms they think of;
    /// the others follow.
    pub fn alias_by_stem(&self, word: &str, lang: Lang) -> Option<&str> {
        self.alias_stems[lang as usize]
            .get(&self.stem(word, lang))
            .map(String::as_str)
    }

    /// Folded words with alias phrases replaced by their canonical term (exact phrases only:
    /// how facts are read).
    pub fn words(&self, text: &str) -> Vec<Word> {
        self.read(text, false)
    }

    /// Like `words`, but a phrase of several words also matches with a typo in each word
    /// ("ocen shield", "buildng integrity"): how questions are read.
    pub fn question_words(&self, text: &str) -> Vec<Word> {
        self.read(text, true)
    }

    fn read(&self, text: &str, tolerant: bool) -> Vec<Word> {
        let folded = fold(text);
        let tokens: Vec<String> = folded
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(unify_spelling)
            .collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            let mut matched = None;
            // Longer windows are only worth looking up when this word starts a phrase (or, for
            // a question, may be a misspelt word of one).
            let longest = if self.first_words.contains(&tokens[i]) || tolerant {
                self.longest.min(tokens.len() - i)
            } else {
                1
            };
            for len in (1..=longest).rev() {
                let key = &tokens[i..i + len];
                if let Some(canonical) = self.phrases.get(key) {
                    matched = Some((len, canonical.clone()));
                    break;
                }
                if tolerant && len > 1 {
                    if let Some(canonical) = self.near_phrase(key) {
                        matched = Some((len, canonical.to_string()));
                        break;
                    }
                }
            }
            // The plural of a one-word alias curators listed only in the singular ("IPCPs").
            if matched.is_none() {
                matched = tokens[i]
                    .strip_suffix('s')
                    .filter(|singular| singular.len() >= 3)
                    .and_then(|singular| self.phrases.get(&[singular.to_string()][..]))
                    .filter(|canonical| !canonical.starts_with(INTENT_MARK))
                    .map(|canonical| (1, canonical.clone()));
            }
            match matched {
                Some((1, canonical))
                    if tolerant && canonical == WHEN_INTENT && joins_clauses(&tokens, i) =>
                {
                    i += 1;
                }
                Some((len, canonical)) => {
                    out.push(Word::Alias(canonical));
                    i += len;
                }
                None => {
                    out.push(Word::Plain(tokens[i].clone()));
                    i += 1;
                }
            }
        }
        out
    }

    /// The alias phrase `words` spell with at most one typo per word (within the word's edit
    /// budget), and at least one word exactly right.
    fn near_phrase(&self, words: &[String]) -> Option<&str> {
        // Only phrases sharing at least one exact word with the window can match.
        let mut candidates: Vec<usize> = words
            .iter()
            .filter_map(|w| self.by_word.get(w))
            .flatten()
            .copied()
            .filter(|&i| self.multi[i].0.len() == words.len())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates.into_iter().find_map(|i| {
            let (phrase, canonical) = &self.multi[i];
            let mut exact = 0;
            for (typed, known) in words.iter().zip(phrase) {
                if typed == known {
                    exact += 1;
                    continue;
                }
                let budget = super::fuzzy::edit_budget(known.chars().count()).min(1);
                if budget == 0 || strsim::osa_distance(typed, known) > budget {
                    return None;
                }
            }
            (exact >= 1).then_some(canonical.as_str())
        })
    }

    /// The canonical term of a one-word alias or intent (`word` unified, see `unify_spelling`).
    pub(crate) fn single_phrase(&self, word: &str) -> Option<&str> {
        // Keys are word lists; a one-word list borrows as a one-element slice.
        let key = [word.to_string()];
        self.phrases.get(&key[..]).map(String::as_str)
    }

    /// Words in the longest phrase of several words that starts with `word`, if any does.
    pub(crate) fn longest_phrase_from(&self, word: &str) -> Option<usize> {
        self.longest_from.get(word).copied()
    }

    /// The canonical term of the phrase of several words `words_joined` (words joined by one
    /// space), matched exactly.
    pub(crate) fn joined_phrase(&self, words_joined: &str) -> Option<&str> {
        self.joined.get(words_joined).map(String::as_str)
    }

    /// The matching terms of `text`, read as `lang`: aliases, then stemmed content words.
    pub fn terms(&self, text: &str, lang: Lang) -> Vec<String> {
        self.words(text)
            .into_iter()
            .filter_map(|w| match w {
                Word::Alias(term) => Some(term),
                Word::Plain(word) if is_stop_word(&word, lang) => None,
                Word::Plain(word) => Some(self.stem(&word, lang)),
            })
            .collect()
    }

    /// Stems one folded word in `lang`; numbers and very short words are kept as written.
    pub fn stem(&self, word: &str, lang: Lang) -> String {
        if word.len() <= 3 || word.bytes().any(|b| b.is_ascii_digit()) {
            return word.to_string();
        }
        let stemmer = match lang {
            Lang::En => &self.english,
            Lang::Es => &self.spanish,
        };
        stemmer.stem(word).into_owned()
    }

    /// Every word of a multi-word alias phrase with the canonical term of the phrase, so that
    /// "shield" or a misspelt "ocen shield" still point to Ocean Shield.
    pub fn phrase_words(&self) -> impl Iterator<Item = (&str, &str)> {
        self.phrases
            .iter()
            .filter(|(words, c)| words.len() > 1 && !c.starts_with(INTENT_MARK))
            .flat_map(|(words, c)| words.iter().map(move |w| (w.as_str(), c.as_str())))
    }

    /// Every one-word intent word ("when", "cuando") with its intent term.
    pub fn intent_words(&self) -> impl Iterator<Item = (&str, &str)> {
        self.intents.iter().map(|(w, c)| (w.as_str(), c.as_str()))
    }

    /// Every one-word alias with the canonical term it stands for.
    pub fn single_word_aliases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.phrases
            .iter()
            .filter(|(words, c)| words.len() == 1 && !c.starts_with(INTENT_MARK))
            .map(|(words, canonical)| (words[0].as_str(), canonical.as_str()))
    }
}

/// A folded word of a text, after alias replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// A canonical alias term (never stemmed, never a stop word).
    Alias(String),
    /// An ordinary folded word.
    Plain(String),
}

/// A word list as a set, built once: these lists are consulted for every word of every question.
fn set_of(list: &'static [&'static str]) -> rustc_hash::FxHashSet<&'static str> {
    list.iter().copied().collect()
}

fn stop_set(lang: Lang) -> &'static rustc_hash::FxHashSet<&'static str> {
    static EN: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    static ES: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| set_of(STOP_EN)),
        Lang::Es => ES.get_or_init(|| set_of(STOP_ES)),
    }
}

/// True when `word` (folded) names a country other than Colombia.
pub fn is_other_country(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| set_of(OTHER_COUNTRIES)).contains(word)
}

/// True when `word` (folded) carries no meaning in `lang` for matching.
pub fn is_stop_word(word: &str, lang: Lang) -> bool {
    // Single letters say nothing. (Small numbers stay, but weigh little: see `index`.)
    if word.chars().count() == 1 && !word.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    stop_set(lang).contains(word)
}

/// True when a short unknown word is one edit from a stop word ("wat", "teh", "cual"→"cuál"):
/// a typo of a word that carries no meaning.
pub fn near_stop_word(word: &str) -> bool {
    let first = word.chars().next();
    STOP_EN.iter().chain(STOP_ES).any(|stop| {
        stop.len() >= 2
            && stop.len().abs_diff(word.len()) <= 1
            && stop.chars().next() == first
            && strsim::osa_distance(stop, word) == 1
    })
}

/// What a message that asks nothing says instead ("thanks!", "hola").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Social {
    /// "thanks", "muchas gracias".
    Thanks,
    /// "hi", "buenos días".
    Greeting,
    /// "who are you?", "help", "¿qué puedes hacer?": what the bot is and what to ask it.
    About,
}

/// Words that thank, folded.
#[rustfmt::skip]
const THANKS: &[&str] = &[
    "thanks", "thank", "thx", "ty", "cheers", "appreciated", "gracias", "agradecido",
    "agradecida",
];
/// Words that greet, folded ("qué tal" among them).
#[rustfmt::skip]
const GREETINGS: &[&str] = &[
    "hi", "hello", "hey", "heya", "hiya", "howdy", "yo", "morning", "afternoon", "evening", "hola",
    "buenas", "buenos", "dias", "tardes", "noches", "saludos", "tal",
];
/// Words that go with a thanks or a greeting without asking anything.
#[rustfmt::skip]
const SOCIAL_FILLER: &[&str] = &[
    "you", "u", "so", "much", "very", "a", "lot", "good", "great", "perfect", "ok", "okay", "cool",
    "bot", "enlace", "there", "all", "everyone", "guys", "folks", "muchas", "mil", "muy", "y",
    "te", "todos", "que", "perfecto", "genial", "vale", "lol",
];

/// Phrases (folded) that ask the bot for its own view of something: "what do you think of
/// NATO?", "¿qué opinas de la OTAN?". Only phrases that ask for a view, never a fact: "what do
/// you think the ITPP covers" asks what it covers, so "do you think" alone is not one.
#[rustfmt::skip]
const OPINION_ASKED: &[&str] = &[
    "you think of", "you think about", "u think of", "u think about", "your opinion",
    "your opinions", "your view", "your views", "your take", "how do you feel about",
    "how do u feel about", "do you like", "do u like", "do you support", "are you for",
    "are you against", "are you in favour", "are you in favor", "do you agree with", "wdyt",
    "que opinas", "opinas de", "opinas del", "opinas sobre", "opinas que", "que piensas",
    "piensas de", "piensas del", "piensas sobre", "que pensas", "que te parece", "tu opinion",
    "su opinion", "te gusta", "estas a favor", "estas en contra", "estas de acuerdo con",
    "que sientes", "que opina usted", "que piensa usted",
];

/// When `text` asks the bot for an opinion, which it does not give (its answers are sourced
/// facts), what the question is about: the text folded, without the phrases that ask.
pub fn opinion_asked_about(text: &str) -> Option<String> {
    let mut folded = format!(
        " {} ",
        fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
    );
    let mut asked = false;
    for phrase in OPINION_ASKED {
        let phrase = format!(" {phrase} ");
        while let Some(at) = folded.find(&phrase) {
            folded.replace_range(at..at + phrase.len(), " ");
            asked = true;
        }
    }
    asked.then(|| folded.trim().to_string())
}

/// Questions (folded, greetings and "please" left out) about the bot itself.
#[rustfmt::skip]
const ABOUT_ASKED: &[&str] = &[
    "who are you", "what are you", "what is this", "what is this bot", "what can you do",
    "what do you do", "what do you know", "what do you know about", "what can i ask",
    "what can i ask you", "what should i ask", "what should i ask you", "how does this work",
    "how do you work", "how do i use this", "how do i use you", "are you a bot", "are you human",
    "are you an ai", "help", "help me", "i need help", "commands", "what are your commands",
    "quien eres", "que eres", "quien sos", "que sos", "que es esto", "que puedes hacer",
    "que haces", "que sabes", "que te puedo preguntar", "que puedo preguntar", "que te pregunto",
    "como funcionas", "como funciona esto", "como te uso", "eres un bot", "eres humano", "ayuda",
    "ayudame", "necesito ayuda", "comandos",
];

/// Words that go with a question about the bot without changing it ("hey, who are you?").
const ABOUT_FILLER: &[&str] = &[
    "hey", "hi", "hello", "hola", "please", "pls", "plz", "porfa", "oye", "ok", "okay", "so",
    "bot", "enlace", "exactly", "then", "entonces", "y", "and",
];

/// Whether `text` only thanks or greets, or asks what the bot is (see `Social`); thanks win
/// over a greeting.
pub fn social(text: &str) -> Option<Social> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let social_only = words
        .iter()
        .all(|w| THANKS.contains(w) || GREETINGS.contains(w) || SOCIAL_FILLER.contains(w));
    if words.is_empty() {
        None
    } else if !social_only {
        let asked = words
            .iter()
            .filter(|w| !ABOUT_FILLER.contains(w))
            .map(|&w| match w {
                "u" => "you",
                "r" => "are",
                w => w,
            })
            .collect::<Vec<_>>()
            .join(" ")
            .replace("por favor", "");
        ABOUT_ASKED.contains(&asked.trim()).then_some(Social::About)
    } else if words.iter().any(|w| THANKS.contains(w)) {
        Some(Social::Thanks)
    } else if words.iter().any(|w| GREETINGS.contains(w)) {
        Some(Social::Greeting)
    } else {
        None
    }
}

/// Guesses the language of a question: Some when the text says it, None when it cannot tell.
pub fn detect_language(text: &str) -> Option<Lang> {
    let mut spanish = 0.0f32;
    let mut english = 0.0f32;
    for c in text.chars() {
        match c {
            '¿' | '¡' | 'ñ' | 'Ñ' => spanish += 2.0,
            'á' | 'é' | 'í' | 'ó' | 'ú' | 'Á' | 'É' | 'Í' | 'Ó' | 'Ú' => spanish += 1.0,
            _ => {}
        }
    }
    let folded = fold(text);
    for word in folded.split(' ') {
        if SPANISH_MARKERS.contains(&word) {
            spanish += 1.0;
        }
        if ENGLISH_MARKERS.contains(&word) {
            english += 1.0;
        }
        // Everyday words of one language only ("ship", "barco"): short keyword questions
        // carry no function words, but their content words still tell.
        // ("Colombia" is written alike in both and says nothing.)
        let neutral = word.starts_with("colombia");
        let everyday_en = !neutral && super::commonness::is_frequent(word, Lang::En);
        let everyday_es = !neutral && super::commonness::is_frequent(word, Lang::Es);
        if everyday_en && !everyday_es {
            english += 0.5;
        } else if everyday_es && !everyday_en {
            spanish += 0.5;
        }
        // Endings that are typical of one language only.
        if word.len() > 4 {
            if word.ends_with("cion") || word.ends_with("ciones") || word.ends_with("mente") {
                spanish += 0.5;
            }
            if word.ends_with("tion") || word.ends_with("ing") || word.ends_with("ship") {
                english += 0.5;
            }
        }
    }
    if spanish > english {
        Some(Lang::Es)
    } else if english > spanish {
        Some(Lang::En)
    } else {
        None
    }
}

/// Standard spellings of a word written the way chat Spanish writes by sound: "kuando" →
/// "cuando", "ke" → "que", "bisito" → "visito", "jeneral" → "general", "conferensia" →
/// "conferencia", "desminao" → "desminado". Each rule alone, then all the one-way rules at once;
/// the caller keeps the first that is a known word.
pub fn spanish_respellings(word: &str) -> Vec<String> {
    fn before_front_vowel(chars: &[char], i: usize) -> bool {
        matches!(chars.get(i + 1), Some('e' | 'i'))
    }
    type Rule = fn(&[char], usize, char, &mut String) -> bool;
    let rules: [Rule; 6] = [
        // k → qu before e/i, c elsewhere.
        |cs, i, c, out| {
            if c != 'k' {
                return false;
            }
            out.push_str(if before_front_vowel(cs, i) { "qu" } else { "c" });
            true
        },
        // s → c before e/i ("asosiacion", "conferensia").
        |cs, i, c, out| {
            if c != 's' || !before_front_vowel(cs, i) {
                return false;
            }
            out.push('c');
            true
        },
        // j → g before e/i ("jeneral").
        |cs, i, c, out| {
            if c != 'j' || !before_front_vowel(cs, i) {
                return false;
            }
            out.push('g');
            true
        },
        // b → v ("bisito", "beces").
        |_, _, c, out| {
            if c != 'b' {
                return false;
            }
            out.push('v');
            true
        },
        // v → b ("avogado").
        |_, _, c, out| {
            if c != 'v' {
                return false;
            }
            out.push('b');
            true
        },
        // z → s ("cumbre" is fine; "pazes" → "pases" is not a word, so harmless).
        |_, _, c, out| {
            if c != 'z' {
                return false;
            }
            out.push('s');
            true
        },
    ];
    let chars: Vec<char> = word.chars().collect();
    let apply = |selected: &[Rule]| -> Option<String> {
        let mut out = String::with_capacity(word.len() + 2);
        let mut changed = false;
        for (i, &c) in chars.iter().enumerate() {
            if selected.iter().any(|rule| rule(&chars, i, c, &mut out)) {
                changed = true;
            } else {
                out.push(c);
            }
        }
        changed.then_some(out)
    };
    let mut variants: Vec<String> = rules
        .iter()
        .filter_map(|r| apply(std::slice::from_ref(r)))
        .collect();
    // The one-way rules together: k, s before e/i, j before e/i, b → v.
    if let Some(all) = apply(&rules[..4]) {
        variants.push(all);
    }
    // A dropped d in -ado / -ido ("desminao", "aprobao").
    for candidate in [word.to_string()].into_iter().chain(variants.clone()) {
        for (end, full) in [("ao", "ado"), ("aos", "ados"), ("io", "ido")] {
            if let Some(stem) = candidate.strip_suffix(end) {
                if stem.len() >= 3 {
                    variants.push(format!("{stem}{full}"));
                }
            }
        }
    }
    variants.retain(|v| v != word);
    variants.dedup();
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_strips_accents_case_and_punctuation() {
        let cases = [
            (
                "¿Cuándo se unió Colombia a la OTAN?",
                "cuando se unio colombia a la otan",
            ),
            ("NATO's   first—partner!!", "nato s first partner"),
            ("Ñandú 2017", "nandu 2017"),
            ("", ""),
            ("🙂🙂 ???", ""),
            ("a\u{200b}b", "a b"),
        ];
        for (input, expected) in cases {
            assert_eq!(fold(input), expected, "{input}");
        }
    }

    #[test]
    fn an_opinion_asked_of_the_bot_is_told_from_a_view_reported_or_a_fact_asked() {
        assert_eq!(
            opinion_asked_about("¿Qué opinas de la OTAN?").as_deref(),
            Some("de la otan")
        );
        let about = opinion_asked_about("what do you think about the ITPP?").unwrap();
        assert!(
            about.contains("itpp") && !about.contains("think"),
            "{about}"
        );
        for factual in [
            "What do you think the ITPP covers?",
            "¿Qué opinó el almirante Bauer de las Fuerzas Militares?",
            "What does NATO think of Colombia's demining?",
            "¿Qué piensa Petro de la OTAN?",
        ] {
            assert_eq!(opinion_asked_about(factual), None, "{factual}");
        }
    }

    #[test]
    fn when_joining_two_clauses_does_not_ask_for_a_time() {
        let n = Normalizer::new(&[]);
        let asks_when = |q: &str| {
            n.question_words(q)
                .iter()
                .any(|w| matches!(w, Word::Alias(c) if c == WHEN_INTENT))
        };
        assert!(asks_when("when did colombia become a partner"));
        assert!(asks_when("do you know when colombia became a partner"));
        assert!(asks_when("¿Sabes cuándo entró Colombia?"));
        assert!(asks_when("colombia partner since when"));
        // "¿Hace cuánto…?" asks since when, not how many.
        let since = n.question_words("¿Hace cuánto que Colombia trabaja con la OTAN?");
        assert!(
            since.contains(&Word::Alias(WHEN_INTENT.into())),
            "{since:?}"
        );
        assert!(
            !since.contains(&Word::Alias(COUNT_INTENT.into())),
            "{since:?}"
        );
        assert!(!asks_when("what did duque say when he met stoltenberg"));
        assert!(!asks_when(
            "did venezuela come up when duque met stoltenberg"
        ));
        assert!(!asks_when("¿Qué dijo Duque cuando visitó la OTAN?"));
    }

    #[test]
    fn the_plural_of_a_one_word_alias_is_that_alias() {
        let n = Normalizer::new(&[vec![
            "ipcp".into(),
            "individual partnership programme".into(),
        ]]);
        assert_eq!(
            n.terms("Colombia's IPCPs", Lang::En),
            vec!["colombia", "#ipcp"]
        );
        // Too short to be a plural of anything curators listed.
        assert_eq!(n.terms("its", Lang::En), Vec::<String>::new());
    }

    #[test]
    fn aliases_join_phrases_into_one_term() {
        let n = Normalizer::new(&[
            vec!["cides".into(), "centro internacional de desminado".into()],
            vec!["nato".into(), "otan".into()],
        ]);
        assert_eq!(
            n.terms("El Centro Internacional de Desminado y la OTAN", Lang::Es),
            vec!["#cides", "#nato"]
        );
    }

    #[test]
    fn questions_may_misspell_alias_phrases() {
        let n = Normalizer::new(&[vec![
            "ocean shield".into(),
            "operacion escudo oceanico".into(),
        ]]);
        let alias = Word::Alias("#ocean_shield".into());
        assert_eq!(n.question_words("ocen shield"), vec![alias.clone()]);
        assert_eq!(n.question_words("operacion escudo oseanico"), vec![alias]);
        assert_ne!(
            n.words("ocen shield"),
            n.question_words("ocen shield"),
            "facts stay exact"
        );
        assert_eq!(
            n.question_words("open field").len(),
            2,
            "two typos are not a phrase"
        );
    }

    #[test]
    fn stop_words_go_and_words_are_stemmed() {
        let n = Normalizer::new(&[]);
        assert_eq!(n.terms("Did the visits happen?", Lang::En), vec!["visit"]);
        assert_eq!(n.terms("¿Fueron las visitas?", Lang::Es), vec!["visit"]);
    }

    #[test]
    fn question_words_become_intents_in_both_languages() {
        let n = Normalizer::new(&[]);
        assert_eq!(
            n.terms("When did the visits happen?", Lang::En),
            vec!["?when", "visit"]
        );
        assert_eq!(
            n.terms("¿En qué año fueron las visitas?", Lang::Es),
            vec!["?when", "visit"]
        );
        assert_eq!(n.terms("por qué", Lang::Es), vec!["?why"]);
    }

    #[test]
    fn american_spellings_meet_british_ones() {
        let n = Normalizer::new(&[]);
        assert_eq!(
            n.terms("defense programs organized", Lang::En),
            n.terms("defence programmes organised", Lang::En)
        );
        assert_eq!(unify_spelling("professionalization"), "professionalisation");
    }

    #[test]
    fn chat_spanish_respellings_include_the_standard_spelling() {
        for (typed, standard) in [
            ("kuando", "cuando"),
            ("ke", "que"),
            ("kiere", "quiere"),
            ("bisito", "visito"),
            ("jeneral", "general"),
            ("conferensia", "conferencia"),
            ("desminao", "desminado"),
        ] {
            let variants = spanish_respellings(typed);
            assert!(
                variants.iter().any(|v| v == standard),
                "{typed}: {variants:?}"
            );
        }
        assert!(spanish_respellings("nato").is_empty());
    }

    #[test]
    fn language_is_detected_from_function_words_and_accents() {
        let cases = [
            ("When did Colombia become a partner?", Some(Lang::En)),
            ("¿Cuándo se volvió Colombia socio?", Some(Lang::Es)),
            ("cuando entro colombia a la otan", Some(Lang::Es)),
            ("is colombia still a nato partner", Some(Lang::En)),
            ("CIDES", None),
            ("", None),
            // Keyword questions: everyday words of one language tell.
            ("atalanta colombia ship", Some(Lang::En)),
            ("barco colombia atalanta", Some(Lang::Es)),
            ("Colombia", None),
            // "a" is a word of both languages: Spanish "to" says nothing of English.
            ("colombia manda soldados a ucrania", Some(Lang::Es)),
        ];
        for (text, lang) in cases {
            assert_eq!(detect_language(text), lang, "{text}");
        }
    }
}
