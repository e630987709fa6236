package io.wirehub.gazetteer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the places named in a text and resolves each to a GeoNames entry.
 *
 * <p>One pass over the tokens walks the gazetteer's token trie ({@link NameIndex}) from each token
 * and keeps the longest name that is capitalized as a name is (demonyms also in lower case). Each
 * mention's candidates are then scored: population and feature class priors, the kind of name
 * (official, French/English/Vietnamese, alternate), the item's language, division/city words around
 * the mention ("province d'Hérat", "Herat city"), and, over a few rounds, the countries and divisions
 * of the item's other places and of its dateline. Guards then drop common words (a capital at the
 * start of a sentence or in a title-case headline, "Of", "Nice", "Mobile", "Bath"), names preceded by a
 * title ("President"), and names glued to other capitalized words that are not places (person names
 * such as "Ismail Khan", organisations such as "Washington Post"). Capitalized words after a
 * place noun ("le poste-frontière de Torghundi") that the gazetteer does not know are reported as
 * unresolved mentions rather than guessed.
 *
 * <p>Thread-safe: all state is per call.
 */
public final class Geotagger {
    /** What a mention is. */
    public enum Kind {
        /** A place name resolved to a gazetteer entry. */
        PLACE,
        /** A demonym or country adjective ("Afghan", "afghanes"): names people, resolved to the country. */
        DEMONYM,
        /** A place name the gazetteer does not know; {@link Mention#place()} is null. */
        UNRESOLVED
    }

    /**
     * A place mention.
     *
     * @param start    offset of the first char in the text (UTF-16 index)
     * @param end      offset after the last char (UTF-16 index)
     * @param literal  the name as written
     * @param place    the resolved place (null when unresolved)
     * @param score    confidence in [0, 1]
     * @param kind     place, demonym or unresolved
     * @param dateline whether the mention lies in the dateline part of the text
     */
    public record Mention(int start, int end, String literal, Place place, double score, Kind kind, boolean dateline) {
    }

    private static volatile Geotagger bundled;

    private final Gazetteer gaz;
    private final NameIndex ix;

    /** A tagger over a gazetteer. */
    public Geotagger(Gazetteer gazetteer) {
        this.gaz = gazetteer;
        this.ix = gazetteer.index();
    }

    /** A tagger over the bundled gazetteer, created once per JVM. */
    public static Geotagger bundled() {
        Geotagger t = bundled;
        if (t == null) {
            synchronized (Geotagger.class) {
                t = bundled;
                if (t == null) {
                    t = new Geotagger(Gazetteer.bundled());
                    bundled = t;
                }
            }
        }
        return t;
    }

    /** The gazetteer this tagger resolves to. */
    public Gazetteer gazetteer() {
        return gaz;
    }

    /** Places, unresolved place mentions and demonyms of a text, in text order. */
    public List<Mention> tag(String text, String lang) {
        return tag(text, lang, 0);
    }

    /**
     * Places, unresolved place mentions and demonyms of a text, in text order.
     *
     * @param text        the text
     * @param lang        its language (fr, en, vi, ... or null)
     * @param datelineEnd the first {@code datelineEnd} chars are the item's dateline ("HERAT,"): places
     *                    there are flagged and their country and division weigh on the others
     */
    public List<Mention> tag(String text, String lang, int datelineEnd) {
        return tag(text, lang, datelineEnd, null);
    }

    /**
     * As {@link #tag(String, String, int)}, with the home country of the item's source (a national
     * agency's copy is mostly about its country): a small prior for that country's places.
     *
     * @param homeCountry ISO 3166-1 alpha-2 code, or null
     */
    public List<Mention> tag(String text, String lang, int datelineEnd, String homeCountry) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Doc d = new Doc(text, lang == null ? "" : lang.toLowerCase(Locale.ROOT), datelineEnd);
        d.homeCountry = homeCountry == null ? null : homeCountry.toUpperCase(Locale.ROOT);
        d.tokenize();
        d.match();
        if (d.mentions.isEmpty()) {
            return List.of();
        }
        d.resolve();
        return d.results();
    }

    // ------------------------------------------------------------------------------------------------

    private static final Map<String, Set<String>> ALWAYS = new HashMap<>();
    private static final Map<String, Set<String>> INITIAL = new HashMap<>();
    private static final Map<String, Set<String>> DATES = new HashMap<>();
    /**
     * Verbs of speech after a name: "Campbell said", "Franklin told reporters" name a person. Towns
     * that small are seldom the subject of speech (capitals and countries are: "Washington said").
     */
    /** Minor places below this population are checked for spatial coherence with the item's other places. */
    private static final int ISOLATED_POPULATION = 5_000;
    /** Words that can follow a noun phrase "the X" that ends there: verbs, auxiliaries, conjunctions. */
    private static final Set<String> AFTER_BARE_NOUN = Set.of("said", "says", "say", "told", "reported", "reports",
            "announced", "is", "was", "are", "were", "has", "had", "have", "will", "would", "could", "should",
            "and", "or", "but", "did", "does", "confirmed", "issued");
    private static final Set<String> SPEECH_VERBS = Set.of("said", "says", "told", "added", "explained",
            "stated", "wrote", "noted", "argued", "asked", "replied", "commented", "warned", "insisted");

    static {
        for (String[] c : Tsv.rows("common-words.tsv")) {
            Map<String, Set<String>> target = "always".equals(c[2]) ? ALWAYS : "date".equals(c[2]) ? DATES : INITIAL;
            for (String lang : c[1].split(",")) {
                target.computeIfAbsent(lang, k -> new HashSet<>()).add(c[0]);
                target.computeIfAbsent("", k -> new HashSet<>()).add(c[0]);
            }
        }
    }

    /** Division abbreviations read after "Place, " (division-abbreviations.tsv): form -> "CC.code" list. */
    private static final Map<String, List<String>> DIVISION_ABBR = new HashMap<>();

    static {
        for (String[] c : Tsv.rows("division-abbreviations.tsv")) {
            DIVISION_ABBR.computeIfAbsent(c[2], k -> new ArrayList<>()).add(c[0] + "." + c[1]);
        }
    }

    private static boolean inList(Map<String, Set<String>> m, String lang, String word) {
        Set<String> s = m.get(lang);
        if (s != null && s.contains(word)) {
            return true;
        }
        Set<String> any = m.get("*");
        if (any != null && any.contains(word)) {
            return true;
        }
        return !m.containsKey(lang) && m.get("").contains(word);
    }

    // Cue words, compared accent- and case-folded.
    private static final Set<String> ADMIN_CUES = Set.of("province", "provinces", "provincial", "state", "etat",
            "region", "tinh", "governorate", "gouvernorat", "oblast", "prefecture", "departement", "department",
            "wilaya", "county", "comte", "canton", "emirate", "emirat");
    private static final Set<String> CITY_CUES = Set.of("ville", "city", "town", "pho", "tp", "capitale", "capital",
            "cite", "port", "village", "commune", "bourg");
    private static final Set<String> DISTRICT_CUES = Set.of("district", "districts", "huyen", "quan", "arrondissement");
    private static final Set<String> CONNECTORS = Set.of("de", "d", "of", "du", "des", "la", "l", "le", "the", "en");
    private static final Set<String> LOCATIVES = Set.of("in", "at", "from", "near", "to", "into", "outside", "across",
            "toward", "towards", "via", "a", "au", "aux", "de", "d", "pres", "vers", "depuis", "dans", "en", "sur",
            "tai", "o", "tu", "den", "toi", "ve", "sang", "around", "between", "entre", "jusqu");
    /** Words between "Place, in" and its area: "Aleppo, in northern Syria", "Valence, dans l'est de l'Espagne". */
    /** Locatives of containment (not "near", "près de", "to"): "Aleppo, in northern Syria". */
    private static final Set<String> CONTAINER_LOCATIVES = Set.of("in", "dans", "en", "au", "aux", "a", "o", "tai");
    private static final Set<String> CONTAINER_WORDS = Set.of("the", "of", "le", "la", "l", "les", "de", "du", "d",
            "des", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
            "northeastern", "northwestern", "southeastern", "southwestern", "nord", "sud", "est", "ouest", "centre",
            "north-east", "north-west", "south-east", "south-west", "nord-est", "nord-ouest", "sud-est", "sud-ouest",
            "part", "partie", "region", "province", "state", "county", "departement", "department", "mien", "bac",
            "nam", "tay", "dong", "tinh", "vung");
    private static final Set<String> TITLES = Set.of("president", "mr", "mrs", "ms", "dr", "m", "mme", "mm", "general",
            "gen", "pope", "pape", "king", "roi", "queen", "reine", "prince", "princesse", "princess", "senator",
            "senateur", "minister", "ministre", "chancellor", "premier", "sir", "lord", "lady", "sheikh", "cheikh",
            "imam", "mollah", "mullah", "commander", "commandant", "colonel", "capt", "captain", "lt", "sgt", "ong",
            "ba", "anh", "chi", "bac", "chu", "tich", "tuong", "truong", "mgr", "saint-pere", "judge", "juge",
            "maitre", "professor", "professeur", "pr", "coach", "mayor", "governor", "gouverneur");
    /** Capitalized words that may stand next to a place name without making it part of another name. */
    private static final Set<String> NEIGHBOR_OK = Set.of("province", "provinces", "city", "state", "region", "district",
            "governor", "gouverneur", "mayor", "maire", "police", "airport", "aeroport", "north", "south", "east", "west",
            "nord", "sud", "est", "ouest", "northern", "southern", "eastern", "western", "central", "greater", "grand",
            "upper", "lower", "old", "new", "tp", "tinh", "thanh", "pho", "huyen", "quan", "xa", "prefecture",
            "capital", "port", "border", "valley", "river", "lake", "county", "metropolitan", "ville", "cite");
    /** Compass adjectives that are also names of divisions ("Western" in Sri Lanka, Zambia, Kenya...). */
    private static final Set<String> COMPASS_WORDS = Set.of("western", "eastern", "central", "northern", "southern",
            "west", "east", "north", "south", "centre", "center", "north-western", "north-eastern", "northwestern",
            "northeastern", "southwestern", "southeastern");
    /** Words after a place name that make it part of an organisation's name. */
    private static final Set<String> ORG_SUFFIX = Set.of("post", "times", "journal", "herald", "tribune", "gazette",
            "university", "universite", "college", "institute", "fc", "united", "airlines", "airways", "telegraph",
            "chronicle", "bank", "group", "capitals", "nationals", "senators", "raiders", "rangers", "giants",
            "lakers", "accord", "accords", "convention", "agreement", "protocol", "declaration", "club",
            "elementary", "school", "hospital", "academy", "clinic", "memorial");
    /**
     * Head nouns that end the name of a company, a newspaper, a broadcaster, a university or a society
     * ("China Daily", "Kenya Broadcasting Corporation", "Kenya Red Cross Society", "Michigan State
     * University", "Beijing Olympic Games"). A place name followed by capitalized words up to one of these
     * is embedded in the organisation's name and is no place reference: annotated news leaves such names
     * untagged (the Pragmatic Guide's taxonomy, which GeoWebNews follows, calls them embedded toponyms).
     * Government bodies are left out on purpose: their name names the jurisdiction they act for ("the
     * California Department of Public Health", "the DRC Ministry of Health"), and annotated news
     * (GeoVirus) mostly tags that place. Countries are not exempt: the name is the organisation's,
     * whatever the place's size.
     */
    private static final Set<String> ORG_HEADS = Set.of("daily", "society", "corporation", "broadcasting",
            "company", "association", "foundation", "federation", "university", "college", "institute", "games",
            "olympics", "olympic", "league");
    /** At most this many capitalized words between a place name and the head noun of its organisation. */
    private static final int ORG_NAME_WORDS = 3;
    /**
     * Nouns after a place name that make it the name of a pathogen or a disease ("West Nile virus",
     * "Marburg virus", "Reston ebolavirus", "Rift Valley fever", "Minamata disease"): the name then
     * refers to the disease, not to the place (annotated news does not tag it as a place).
     */
    private static final Set<String> DISEASE_NOUNS = Set.of("virus", "viruses", "ebolavirus", "fever", "flu",
            "influenza", "disease", "strain", "strains", "hemorrhagic", "haemorrhagic");
    /** Nouns after which a capitalized unknown word is a place name ("poste-frontière de Torghundi"). */
    private static final Set<String> PLACE_NOUNS = Set.of("village", "villages", "ville", "town", "city", "district",
            "province", "frontiere", "crossing", "localite", "bourgade", "hameau", "commune", "xa", "huyen", "lang",
            "region", "oasis", "valley", "vallee", "port", "canton", "township", "municipality", "municipalite");

    /** Given names that are also place names: followed by a capitalized word they name a person. */
    private static final Set<String> GIVEN_NAMES = Set.of("paris", "georgia", "jordan", "florence", "victoria",
            "chelsea", "kobe", "jackson", "austin", "sydney", "lincoln", "washington", "houston", "dallas", "orlando",
            "madison", "charlotte", "savannah", "eugene", "regina", "adelaide", "india", "israel", "lorraine", "nancy",
            "lourdes", "tyler", "troy", "denver", "phoenix", "aurora", "marion", "salem", "beverly", "florida",
            "valencia", "alexandria", "sofia", "lima", "elizabeth", "kingston", "hamilton", "clinton", "jefferson");
    /**
     * Common given names (English, Spanish, Portuguese, French, Italian, German forms) that are not
     * also ordinary English words: before a capitalized word they make it a surname ("Jose Angel
     * Cordova", "Julia Peters", "George Washington", "John Kerry"), whatever the size of the place of
     * that name. Names that are common words ("Will", "Mark", "Bill", "Grant", "May") are left out, as
     * they start sentences ("Will China act?").
     */
    private static final Set<String> COMMON_GIVEN_NAMES = Set.of(
            "john", "james", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
            "christopher", "daniel", "matthew", "anthony", "donald", "steven", "paul", "andrew", "joshua", "kenneth",
            "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey", "ryan", "jacob", "gary",
            "nicholas", "eric", "jonathan", "stephen", "larry", "justin", "scott", "brandon", "benjamin", "samuel",
            "gregory", "alexander", "patrick", "raymond", "dennis", "jerry", "tyler", "aaron", "henry", "douglas",
            "peter", "adam", "nathan", "zachary", "walter", "kyle", "harold", "carl", "jeremy", "keith", "roger",
            "gerald", "ethan", "arthur", "terry", "christian", "sean", "lawrence", "austin", "joe", "noah", "jesse",
            "albert", "bryan", "billy", "bruce", "willie", "jordan", "dylan", "alan", "ralph", "gabriel", "roy",
            "juan", "wayne", "eugene", "logan", "randy", "louis", "russell", "vincent", "philip", "bobby", "johnny",
            "bradley", "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah",
            "karen", "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna",
            "michelle", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura",
            "cynthia", "kathleen", "amy", "shirley", "angela", "helen", "anna", "brenda", "pamela", "nicole", "emma",
            "samantha", "katherine", "christine", "debra", "rachel", "catherine", "carolyn", "janet", "maria",
            "heather", "diane", "julie", "joyce", "victoria", "kelly", "christina", "lauren", "joan", "evelyn",
            "olivia", "judith", "megan", "cheryl", "martha", "andrea", "hannah", "jacqueline", "ann", "gloria",
            "jean", "kathryn", "alice", "teresa", "sara", "janice", "doris", "madison", "julia", "judy", "abigail",
            "marie", "denise", "beverly", "amber", "theresa", "marilyn", "danielle", "diana", "natalie", "sophia",
            "jose", "luis", "carlos", "jorge", "miguel", "pedro", "manuel", "francisco", "antonio", "alejandro",
            "fernando", "ricardo", "eduardo", "javier", "rafael", "roberto", "sergio", "mario", "alberto", "enrique",
            "ramon", "angel", "pablo", "diego", "andres", "jesus", "raul", "oscar", "hector", "rosa", "carmen",
            "ana", "lucia", "isabel", "elena", "pilar", "joao", "jean-pierre", "pierre", "jacques", "michel",
            "philippe", "alain", "nicolas", "francois", "christophe", "frederic", "laurent", "sylvie", "nathalie",
            "isabelle", "giuseppe", "giovanni", "francesco", "marco", "luca", "hans", "klaus", "jurgen", "wolfgang",
            "helmut", "stefan", "dmitry", "vladimir", "sergei", "ivan", "mohammed", "muhammad", "ahmed", "ali",
            "hassan", "hussein", "omar", "abdul", "abdullah", "ibrahim", "mustafa", "yusuf", "fatima");
    /** Capitalized words before "(de) X" that make X part of an organisation's or an event's name. */
    private static final Set<String> ORG_PREFIX = Set.of("olympique", "stade", "racing", "real", "sporting",
            "athletic", "inter", "universite", "university", "banque", "bank", "tour", "prix",
            "festival", "conference", "accords", "accord", "traite", "treaty", "ecole", "institut", "institute",
            "agence", "voice", "company", "association");
    private static final int NEAR_CHARS = 200;
    /** Score per tenfold population (1.5 was tried: no better on the evaluation). */
    private static final double POPULATION_WEIGHT = 1.0;
    /** Candidates kept per mention for the context rounds ("San José" has dozens; the small ones never win). */
    private static final int MAX_CANDIDATES = 10;
    /** Rounds of context scoring: each lets a resolved place inform the others once more. */
    private static final int CONTEXT_ROUNDS = 2;
    private static final boolean DEBUG = Boolean.getBoolean("wirehub.geotag.debug");

    private static final int CUE_NONE = 0;
    private static final int CUE_ADMIN = 1;
    private static final int CUE_CITY = 2;
    private static final int CUE_DISTRICT = 3;
    /** "Scott County", "Orleans Parish": a county, which is a first-level division only in some countries. */
    private static final int CUE_COUNTY = 4;
    /**
     * Countries whose GeoNames first-level divisions are states, provinces or nations and whose
     * counties lie below them: there "X County" is never the division X ("Washington County" is not
     * Washington State). Elsewhere (Kenya, Liberia, Norway, Sweden, Ireland...) counties are ADM1.
     */
    private static final Set<String> COUNTIES_BELOW_ADM1 = Set.of("US", "GB", "CA", "AU");

    /** Per-call state. */
    private final class Doc {
        final String text;
        final String lang;
        final int datelineEnd;
        String homeCountry;
        final int langFlag;

        int n;
        int[] tStart = new int[256];
        int[] tEnd = new int[256];
        int[] tFlags = new int[256];
        int[] tGap = new int[256];
        /** Token ids, looked up lazily (-2 = not yet): only capitalized tokens and the words after them need one. */
        int[] tTok = new int[256];
        int[] tHash = new int[256];
        int[] tKeyOff = new int[256];
        int[] tKeyLen = new int[256];
        char[] keyPool = new char[2048];
        int keyPoolLen;
        boolean[] titleLine;
        /** Hashes of the keys of the words written in small letters: a capital on such a word is not a name's. */
        final IntDoubleMap lowerSeen = new IntDoubleMap();
        boolean hasDiacritics;

        final List<M> mentions = new ArrayList<>();
        final List<M> demonyms = new ArrayList<>();
        M[] coveredBy;

        Doc(String text, String lang, int datelineEnd) {
            this.text = text;
            this.lang = lang;
            this.datelineEnd = datelineEnd;
            Integer f = GeoNamesImporter.LANG_FLAGS.get(lang);
            this.langFlag = f == null ? 0 : f;
        }

        void tokenize() {
            Tokens.tokenize(text, (start, end, flags, gap, key, keyLen, hash) -> {
                if (n == tStart.length) {
                    int c = n * 2;
                    tStart = Arrays.copyOf(tStart, c);
                    tEnd = Arrays.copyOf(tEnd, c);
                    tFlags = Arrays.copyOf(tFlags, c);
                    tGap = Arrays.copyOf(tGap, c);
                    tTok = Arrays.copyOf(tTok, c);
                    tHash = Arrays.copyOf(tHash, c);
                    tKeyOff = Arrays.copyOf(tKeyOff, c);
                    tKeyLen = Arrays.copyOf(tKeyLen, c);
                }
                if (keyPoolLen + keyLen > keyPool.length) {
                    keyPool = Arrays.copyOf(keyPool, Math.max(keyPool.length * 2, keyPoolLen + keyLen));
                }
                System.arraycopy(key, 0, keyPool, keyPoolLen, keyLen);
                tKeyOff[n] = keyPoolLen;
                tKeyLen[n] = keyLen;
                keyPoolLen += keyLen;
                tStart[n] = start;
                tEnd[n] = end;
                tFlags[n] = flags;
                tGap[n] = gap;
                tTok[n] = -2;
                tHash[n] = hash;
                if ((flags & (Tokens.CAP | Tokens.UPPER)) == 0) {
                    lowerSeen.add(hash, 1);
                }
                n++;
            });
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (ch > 0x7F && Character.isLetter(ch)) {
                    hasDiacritics = true;
                    break;
                }
            }
            titleLine = new boolean[n];
            int i = 0;
            while (i < n) {
                int nl = text.indexOf('\n', tStart[i]);
                int lineEnd = nl < 0 ? text.length() : nl;
                int j = i;
                int words = 0;
                int caps = 0;
                int uppers = 0;
                int letters = 0;
                while (j < n && tStart[j] < lineEnd) {
                    if ((tFlags[j] & Tokens.DIGIT) == 0) {
                        letters++;
                        if ((tFlags[j] & Tokens.UPPER) != 0) {
                            uppers++;
                        }
                        if (tEnd[j] - tStart[j] >= 4) {
                            words++;
                            if ((tFlags[j] & Tokens.CAP) != 0) {
                                caps++;
                            }
                        }
                    }
                    j++;
                }
                boolean title = (words >= 3 && caps >= 0.7 * words) || (letters >= 2 && uppers == letters);
                for (int k = i; k < j; k++) {
                    titleLine[k] = title;
                }
                i = Math.max(j, i + 1);
            }
        }

        boolean cap(int k) {
            return (tFlags[k] & (Tokens.CAP | Tokens.UPPER)) != 0;
        }

        int tok(int k) {
            int t = tTok[k];
            if (t == -2) {
                t = ix.token(keyPool, tKeyOff[k], tKeyLen[k], tHash[k]);
                tTok[k] = t;
            }
            return t;
        }

        boolean lowerSeen(int k) {
            return lowerSeen.get(tHash[k]) > 0;
        }

        void match() {
            coveredBy = new M[n];
            int i = 0;
            while (i < n) {
                // a name starts with a capital; a demonym may not ("les forces afghanes")
                if ((!cap(i) && !ix.mayStartDemonym(tHash[i])) || tok(i) < 0) {
                    i++;
                    continue;
                }
                int node = 0;
                int bestEnd = -1;
                int bestNode = -1;
                for (int j = i; j < n && j < i + NameIndex.MAX_TOKENS; j++) {
                    if (j > i && !(tGap[j] == Tokens.GAP_SPACE || tGap[j] == Tokens.GAP_PERIOD)) {
                        break;
                    }
                    if (tok(j) < 0) {
                        break;
                    }
                    node = ix.child(node, tTok[j]);
                    if (node < 0) {
                        break;
                    }
                    if (ix.entriesFrom(node) < ix.entriesTo(node) && validSpan(i, j, node)) {
                        bestEnd = j;
                        bestNode = node;
                    }
                }
                if (bestEnd < 0) {
                    i++;
                    continue;
                }
                addMention(i, bestEnd, bestNode);
                i = bestEnd + 1;
            }
        }

        boolean capitalizedSpan(int i, int j) {
            if (!cap(i) || !cap(j)) {
                return false;
            }
            for (int k = i + 1; k < j; k++) {
                if (!cap(k) && tEnd[k] - tStart[k] > 3) {
                    return false;
                }
            }
            return true;
        }

        boolean upperSpan(int i, int j) {
            for (int k = i; k <= j; k++) {
                if ((tFlags[k] & Tokens.UPPER) == 0) {
                    return false;
                }
            }
            return true;
        }

        boolean validSpan(int i, int j, int node) {
            boolean capOk = capitalizedSpan(i, j);
            if (capOk && ix.hasPlainEntry(node)) {
                return true;
            }
            boolean upper = capOk && upperSpan(i, j);
            for (int e = ix.entriesFrom(node); e < ix.entriesTo(node); e++) {
                if (accepts(ix.entryFlags(e), i, j, capOk, upper)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether a name entry fits the way the span is written: demonyms in any case; abbreviations in
         * capitals; other names capitalized, except that the curated French/English/Vietnamese names may
         * end in small letters ("Sahara occidental", "Guinée équatoriale").
         */
        boolean accepts(int f, int i, int j, boolean capOk, boolean upper) {
            if ((f & Gazetteer.N_DEMONYM) != 0) {
                return true;
            }
            if ((f & Gazetteer.N_ABBR) != 0) {
                return upper;
            }
            if (capOk) {
                return true;
            }
            return j > i && cap(i) && (f & (Gazetteer.N_EN | Gazetteer.N_FR | Gazetteer.N_VI)) != 0;
        }

        void addMention(int i, int j, int node) {
            boolean capOk = capitalizedSpan(i, j);
            boolean upper = capOk && upperSpan(i, j);
            List<Cand> places = new ArrayList<>();
            List<Cand> dems = new ArrayList<>();
            for (int e = ix.entriesFrom(node); e < ix.entriesTo(node); e++) {
                int f = ix.entryFlags(e);
                int p = ix.entryPlace(e);
                if ((f & Gazetteer.N_DEMONYM) != 0) {
                    if (gaz.place(p).isCountry()) {
                        dems.add(new Cand(gaz, p, f));
                    }
                    continue;
                }
                if (accepts(f, i, j, capOk, upper)) {
                    places.add(new Cand(gaz, p, f));
                }
            }
            M m = new M(i, j);
            m.node = node;
            // (a word that is the country's own name as well as its demonym, "Vatican", is the place)
            boolean demonym = !dems.isEmpty()
                    && (places.isEmpty() || places.stream().allMatch(c -> gaz.place(c.place).population() < 10_000))
                    && places.stream().noneMatch(c -> dems.stream().anyMatch(d -> d.place == c.place));
            if (demonym) {
                // "American" is the demonym of several territories: the most populous country wins
                dems.sort(Comparator.comparingLong((Cand c) -> gaz.place(c.place).population()).reversed());
                m.cands = dems;
                demonyms.add(m);
            } else if (!places.isEmpty()) {
                m.cands = places;
                mentions.add(m);
                for (int k = i; k <= j; k++) {
                    coveredBy[k] = m;
                }
            }
        }

        String[] words;

        /** The folded word of token k (cached: the guards ask for the same neighbours often). */
        String word(int k) {
            if (words == null) {
                words = new String[n];
            }
            String w = words[k];
            if (w == null) {
                w = Tokens.fold(text.substring(tStart[k], tEnd[k])).toLowerCase(Locale.ROOT);
                words[k] = w;
            }
            return w;
        }

        String lowerLiteral(int k) {
            return text.substring(tStart[k], tEnd[k]).toLowerCase(Locale.ROOT);
        }

        /** The nearest word before token i that is not a connector ("province d'Hérat" → province). */
        int cueBefore(int i) {
            for (int k = i - 1, hops = 0; k >= 0 && hops < 3; k--, hops++) {
                if (tGap[k + 1] > Tokens.GAP_PERIOD) {
                    return -1;
                }
                String w = word(k);
                if (!CONNECTORS.contains(w)) {
                    return k;
                }
            }
            return -1;
        }

        int cue(M m) {
            int k = cueBefore(m.i);
            int c = CUE_NONE;
            if (k >= 0) {
                c = cueOf(word(k));
            }
            if (c == CUE_NONE && m.j + 1 < n && tGap[m.j + 1] == Tokens.GAP_SPACE) {
                c = cueOf(word(m.j + 1));
            }
            return c;
        }

        int cueOf(String w) {
            if (w.equals("county") || w.equals("parish")) {
                return CUE_COUNTY;
            }
            if (ADMIN_CUES.contains(w)) {
                return CUE_ADMIN;
            }
            if (CITY_CUES.contains(w)) {
                return CUE_CITY;
            }
            if (DISTRICT_CUES.contains(w)) {
                return CUE_DISTRICT;
            }
            return CUE_NONE;
        }

        double prior(Cand c, int cue) {
            Place p = gaz.place(c.place);
            // a division's population is the sum of its places': named alone, it is usually its capital
            double s = POPULATION_WEIGHT * Math.log10((p.isAdmin1() ? p.population() / 10 : p.population()) + 10);
            String fc = p.featureCode();
            if (p.isCountry()) {
                s += 3;
            } else if (p.isContinent()) {
                // a continent's name in copy is the continent: it outranks any town of that name as a
                // country of 100 million would
                s += 11;
            } else if (p.isAdmin1()) {
                s -= 1;
            } else if (fc.equals("PPLC")) {
                s += 2;
            } else if (fc.equals("PPLA")) {
                s += 1;
            } else if (fc.equals("PPLA2")) {
                s += 0.5;
            } else if (fc.equals("PPLX")) {
                s -= 1;
            } else if (fc.equals("PPLL") || fc.equals("PPLQ") || fc.equals("PPLW") || fc.equals("PPLH") || fc.equals("PPLF")) {
                s -= 2;
            }
            int f = c.flags;
            if ((f & (Gazetteer.N_PRIMARY | langFlag)) != 0) {
                s += 1;
            } else if ((f & (Gazetteer.N_EN | Gazetteer.N_FR | Gazetteer.N_VI)) != 0) {
                s += 0.5;
            } else if ((f & ~Gazetteer.N_GENERATED) == 0) {
                s -= 0.5;
            }
            if ("vi".equals(lang) && "VN".equals(p.countryCode())) {
                s += 2;
            } else if ("fr".equals(lang) && "FR".equals(p.countryCode())) {
                s += 0.5;
            }
            if (homeCountry != null && homeCountry.equals(p.countryCode())) {
                s += 1;
            }
            switch (cue) {
                case CUE_ADMIN -> {
                    if (p.isAdmin1()) {
                        s += 6;
                    } else if (p.isCountry()) {
                        s -= 2;
                    }
                }
                case CUE_CITY -> {
                    if (p.isAdmin1()) {
                        s -= 3;
                    } else if (p.featureClass() == 'P') {
                        s += 1;
                    }
                }
                case CUE_COUNTY -> {
                    if (p.isAdmin1() && !COUNTIES_BELOW_ADM1.contains(p.countryCode())) {
                        s += 6; // a county that is a first-level division (Kenya, Norway, Liberia)
                    } else if (p.isAdmin1() || p.isCountry()) {
                        s -= 3; // a US/UK/Canadian/Australian county is not the state or nation of that name
                    }
                    // (a PPLA2 of the name is the seat of some county, not of this one: no bonus)
                }
                case CUE_DISTRICT -> {
                    if (fc.equals("PPLA2") || fc.equals("PPLA3")) {
                        s += 1;
                    }
                }
                default -> {
                }
            }
            return s;
        }

        // resolve() is split into methods that the JIT compiles on their own: as one 150-line method it was
        // compiled again a dozen times in a burst (each new path through it deoptimized all of it), the
        // largest single cost of the JIT in the end-to-end benchmark (docs/benchmarks.md).
        void resolve() {
            priors();
            divisionAbbreviationAfterComma();
            containerAfterComma();
            // guards that need no context first, so that rejected names ("Washington Post") do not
            // lend their country to the others
            for (M m : mentions) {
                m.rejected = firstGuards(m);
            }
            personsNamedElsewhere();
            List<M> live = new ArrayList<>();
            for (M m : mentions) {
                if (m.rejected == null) {
                    live.add(m);
                }
            }
            for (M m : live) {
                m.keepTop(MAX_CANDIDATES);
            }
            for (int round = 0; round < CONTEXT_ROUNDS; round++) {
                contextRound(live, round == CONTEXT_ROUNDS - 1);
            }
            for (M m : live) {
                m.rejected = lastGuards(m);
            }
            if (DEBUG) {
                debugPrint();
            }
        }

        /** Each reading's prior (population, kind, cue), and each mention's first pick. */
        private void priors() {
        for (M m : mentions) {
            m.cue = cue(m);
            m.dateline = tStart[m.i] < datelineEnd;
            for (Cand c : m.cands) {
                c.prior = prior(c, m.cue);
                if (c.isAdmin1 && !hasPlaceInside(m, c)) {
                    // The division handicap (a tenth of its population, -1) is for a division that
                    // shares its name with a place inside it ("Hanoi", "Herat", "New York": named
                    // alone, the city). Without such a place among the readings, the division is
                    // weighed by its full population against the other readings: "Oregon" is the
                    // state, not a village named after it, "Georgia" in US copy can be the state.
                    c.prior += 1 + Math.log10((gaz.place(c.place).population() + 10) / (gaz.place(c.place).population() / 10.0 + 10));
                }
                c.score = c.prior;
            }
            m.pick();
        }
        }

        /**
         * One round of context: every mention's readings scored again against the countries and
         * divisions the other mentions picked. {@code last}: the round whose context the guards read.
         */
        private void contextRound(List<M> live, boolean last) {
            // weights by country and by division (gazetteer indexes of the country/division places)
            // Each distinct name counts once (its strongest reading per country and division), and a
            // mention is scored against the other names only: "New York" twice must not make itself
            // a state, nor "Hérat" seven times a province.
            IntDoubleMap countryW = new IntDoubleMap();
            IntDoubleMap adminW = new IntDoubleMap();
            Map<Integer, IntDoubleMap[]> byName = new HashMap<>();
            for (M m : live) {
                Cand b = m.best;
                IntDoubleMap[] own = byName.computeIfAbsent(m.node, k -> new IntDoubleMap[]{new IntDoubleMap(), new IntDoubleMap()});
                own[0].max(b.country, m.prob * (b.isCountry ? 1.5 : 1.0));
                if (!b.isCountry) {
                    own[1].max(b.admin, m.prob);
                }
            }
            for (IntDoubleMap[] own : byName.values()) {
                own[0].addAllTo(countryW);
                own[1].addAllTo(adminW);
            }
            int dlCountry = -2;
            int dlAdmin = -2;
            for (M m : live) {
                Cand b = m.best;
                if (m.dateline && dlCountry == -2) {
                    dlCountry = b.country;
                    dlAdmin = b.isCountry ? -2 : b.admin;
                }
            }
            for (M m : demonyms) {
                countryW.add(m.cands.get(0).country, 0.5);
            }
            IntDoubleMap named = new IntDoubleMap();
            for (M m : live) {
                if (m.best.isCountry && m.prob >= 0.5) {
                    named.add(m.best.country, 1);
                }
            }
            int[] listKind = enumerationKinds(live);
            IntDoubleMap nearW = new IntDoubleMap();
            for (int x = 0; x < live.size(); x++) {
                M m = live.get(x);
                if (m.cands.size() == 1 && !last) {
                    continue; // nothing to choose: only the last round records its context for the guards
                }
                IntDoubleMap[] sameName = byName.get(m.node);
                // A name shared by a country and a division of another country ("Georgia"): the
                // country's prior outweighs one name of context, so for the division the other
                // names of its country count up to twice (a US story naming Atlanta and Texas).
                boolean countryVsDivision = false;
                for (Cand c : m.cands) {
                    countryVsDivision |= c.isCountry;
                }
                // the places of the same sentence or so weigh more than the rest of the item
                // (live is in text order: scan the window on both sides)
                nearWeights(live, x, nearW);
                for (Cand c : m.cands) {
                    double cw = countryW.get(c.country) - sameName[0].get(c.country);
                    double aw = c.isCountry ? 0 : adminW.get(c.admin) - sameName[1].get(c.admin);
                    if (listKind[x] == KIND_DIVISION && !c.isAdmin1) {
                        aw = 0; // in a list of divisions the others are its siblings, not its container
                    }
                    double near = nearW.get(c.country);
                    // a division is named because places in it are: their division weighs double for it
                    double adminWeight = c.isAdmin1 ? 3.0 : 1.5;
                    // a country the item names itself is stronger evidence than a town reading in
                    // it: its name counts up to 1.5 (one name of context counts up to 1)
                    double cap = countryVsDivision && c.isAdmin1 ? 2 : named.get(c.country) > 0 ? 1.5 : 1;
                    double ctx = 1.5 * Math.min(cap, Math.max(0, cw)) + adminWeight * Math.min(1, Math.max(0, aw))
                            + 1.0 * Math.min(1, near);
                    if (!m.dateline && dlCountry != -2) {
                        if (dlCountry == c.country) {
                            ctx += 1.5;
                        }
                        if (dlAdmin == c.admin && !c.isCountry) {
                            ctx += 1;
                        }
                    }
                    if (listKind[x] != KIND_NONE && kind(c) == listKind[x]) {
                        ctx += ENUMERATION_BONUS;
                    }
                    c.context = Math.max(0, cw);
                    c.adminContext = Math.max(0, aw);
                    c.score = c.prior + ctx;
                }
                m.pick();
            }
        }

        /** Countries of the places within {@link #NEAR_CHARS} of {@code live[x]} (other names only), into {@code nearW}. */
        private void nearWeights(List<M> live, int x, IntDoubleMap nearW) {
            M m = live.get(x);
            nearW.clear();
            for (int y = x - 1; y >= 0 && tStart[m.i] - tStart[live.get(y).i] < NEAR_CHARS; y--) {
                if (live.get(y).node != m.node) {
                    nearW.add(live.get(y).best.country, live.get(y).prob);
                }
            }
            for (int y = x + 1; y < live.size() && tStart[live.get(y).i] - tStart[m.i] < NEAR_CHARS; y++) {
                if (live.get(y).node != m.node) {
                    nearW.add(live.get(y).best.country, live.get(y).prob);
                }
            }
        }

        private void debugPrint() {
            for (M m : mentions) {
                Place p = gaz.place(m.best.place);
                System.err.printf("[geotag] %-24s %-10s %d %s %s %s pop=%d p=%.2f %s%n",
                        text.substring(tStart[m.i], tEnd[m.j]), m.rejected == null ? "ok" : m.rejected,
                        p.geonameId(), p.name(), p.featureCode(), p.countryCode(), p.population(), m.prob,
                        m.cands.size() > 1 ? "(" + m.cands.size() + " candidates)" : "");
                if (m.cands.size() > 1) {
                    for (Cand c : m.cands) {
                        Place q = gaz.place(c.place);
                        System.err.printf("[geotag]     %d %s %s %s pop=%d prior=%.2f score=%.2f%n", q.geonameId(),
                                q.name(), q.featureCode(), q.countryCode(), q.population(), c.prior, c.score);
                    }
                }
            }
        }

        /**
         * The items of an enumeration are of one kind: in "Georgia, Oklahoma, Pennsylvania, Wisconsin
         * and California" each name is a state, so "Oklahoma" is not a village of Oklahoma. Evidence:
         * three or more names in a row joined only by commas, "and" or "or"; for each of them, the kind
         * (country, first-level division, populated place) that at least two of the others have as
         * their reading (probability at least one half). Two names alone ("Edmonton, Alberta") are no
         * enumeration: that is a place and its area. Returns, per live mention, the kind to favour.
         */
        int[] enumerationKinds(List<M> live) {
            int[] out = new int[live.size()];
            Arrays.fill(out, KIND_NONE);
            int start = 0;
            for (int x = 1; x <= live.size(); x++) {
                if (x < live.size() && joined(live.get(x - 1), live.get(x))) {
                    continue;
                }
                // live[start..x-1] is a run
                if (x - start >= 3) {
                    for (int y = start; y < x; y++) {
                        int[] count = new int[4];
                        for (int z = start; z < x; z++) {
                            if (z != y && live.get(z).prob >= 0.5) {
                                count[kind(live.get(z).best)]++;
                            }
                        }
                        for (int k = 1; k < 4; k++) {
                            if (count[k] >= 2 && count[k] * 2 > x - start - 1) {
                                out[y] = k;
                            }
                        }
                    }
                }
                start = x;
            }
            return out;
        }

        /** A word of {@link #CONTAINER_WORDS}, also after a French elision ("l'est", "d'ouest"). */
        private boolean containerWord(String w) {
            if (CONTAINER_WORDS.contains(w)) {
                return true;
            }
            return w.length() > 2 && (w.charAt(0) == 'l' || w.charAt(0) == 'd') && Tokens.isApostrophe(w.charAt(1))
                    && CONTAINER_WORDS.contains(w.substring(2));
        }

        /** A second-level (or former first-level) division: an area that holds places, below its division. */
        private boolean secondLevel(Cand q) {
            String fc = gaz.place(q.place).featureCode();
            return fc.startsWith("ADM") && !fc.equals("ADM1");
        }

        /** Whether another name stands right before m, joined to it as in an enumeration. */
        private boolean joinedPredecessor(M m) {
            if (m.i >= 1 && coveredBy[m.i - 1] != null && coveredBy[m.i - 1] != m && joined(coveredBy[m.i - 1], m)) {
                return true;
            }
            return m.i >= 2 && coveredBy[m.i - 2] != null && coveredBy[m.i - 2] != m && joined(coveredBy[m.i - 2], m);
        }

        /** Whether b follows a with only a comma, "and", "or" (or both) between them. */
        private boolean joined(M a, M b) {
            int k = a.j + 1;
            if (k == b.i) {
                return tGap[k] == Tokens.GAP_PUNCT && onlyComma(tEnd[a.j], tStart[k]);
            }
            if (k + 1 == b.i && tGap[b.i] == Tokens.GAP_SPACE && ENUMERATION_JOINERS.contains(word(k))) {
                return tGap[k] == Tokens.GAP_SPACE || onlyComma(tEnd[a.j], tStart[k]);
            }
            return false;
        }

        /** Whether text[from, to) is one comma and spaces (no allocation: called for every pair of names). */
        private boolean onlyComma(int from, int to) {
            int commas = 0;
            for (int x = from; x < to; x++) {
                char ch = text.charAt(x);
                if (ch == ',') {
                    commas++;
                } else if (!Character.isWhitespace(ch)) {
                    return false;
                }
            }
            return commas == 1;
        }

        /**
         * "Edmonton, Alberta", "London, Ontario", "Paris, Texas", "Nice, France": the press names the
         * division or country that holds a place right after it, after a comma. Evidence used: such a
         * pair is read as place-in-area, so the place's candidates inside one of the area's candidates
         * gain (by the population gap they must overcome, at most 6) and the area's candidates that
         * hold one of the place's candidates gain too ("Georgia" after "Atlanta," is the state).
         */
        void containerAfterComma() {
            for (M m : mentions) {
                int k = m.j + 1;
                if (k >= n || tGap[k] != Tokens.GAP_PUNCT || text.charAt(tEnd[m.j]) != ',') {
                    continue;
                }
                // "Valence, dans l'est de l'Espagne", "Aleppo, in northern Syria": the same convention
                // with a locative and a direction between the comma and the area
                int a = k;
                if (coveredBy[a] == null && CONTAINER_LOCATIVES.contains(word(a)) && !cap(a)) {
                    a++;
                    while (a < n && a - k < 6 && coveredBy[a] == null && !cap(a) && tGap[a] == Tokens.GAP_SPACE
                            && containerWord(word(a))) {
                        a++;
                    }
                    if (a >= n || tGap[a] != Tokens.GAP_SPACE) {
                        continue;
                    }
                }
                if (a >= n || coveredBy[a] == null || coveredBy[a].i != a) {
                    continue;
                }
                M area = coveredBy[a];
                // in an enumeration ("Georgia, Oklahoma, Pennsylvania") a name after a comma is the next
                // item, not the area of the one before: not when the host is itself an item after
                // another, nor when host and area both read as areas of the same kind (two states)
                if (a == k && (joinedPredecessor(m) || (kind(m.best) != KIND_POPULATED && kind(m.best) == kind(area.best)))) {
                    continue;
                }
                boolean any = false;
                for (Cand c : m.cands) {
                    if (c.isCountry || c.isAdmin1) {
                        continue;
                    }
                    for (Cand q : area.cands) {
                        if ((q.isAdmin1 && q.place == c.admin) || (q.isCountry && q.place == c.country)
                                || (!q.isAdmin1 && !q.isCountry && q.admin == c.admin && c.admin >= 0 && secondLevel(q)
                                && gaz.place(q.place).distanceKm(gaz.place(c.place).lat(), gaz.place(c.place).lon()) < 150)) {
                            c.prior += 6;
                            c.score = c.prior;
                            q.prior += 2;
                            q.score = q.prior;
                            any = true;
                        }
                    }
                }
                if (any) {
                    m.pick();
                    area.pick();
                }
            }
        }

        /** Division abbreviations read after a place and a comma: [start, end, gazetteer index, host mention]. */
        final List<Object[]> abbrMentions = new ArrayList<>();

        /**
         * "Springfield, Ill.", "Austin, TX", "Kingston, Ont.", "Randwick, NSW": after a place and a comma,
         * a postal code or a press abbreviation of a division (division-abbreviations.tsv; the US postal
         * codes are GeoNames' own admin1 codes) names the division that holds the place. Evidence used:
         * the same place-in-area convention as {@link #containerAfterComma}; the abbreviation is read
         * only there, never alone (IN, OR, ME are words). The place's readings in that division gain
         * 6, and the abbreviation is reported as the division.
         */
        void divisionAbbreviationAfterComma() {
            for (M m : new ArrayList<>(mentions)) {
                int pos = tEnd[m.j];
                if (pos + 2 >= text.length() || text.charAt(pos) != ',' || text.charAt(pos + 1) != ' ') {
                    continue;
                }
                int a = pos + 2;
                int e = a;
                while (e < text.length() && e - a < 7 && (Character.isLetter(text.charAt(e)) || text.charAt(e) == '.')) {
                    e++;
                }
                if (e == a || (e < text.length() && Character.isLetter(text.charAt(e)))) {
                    continue;
                }
                String form = text.substring(a, e);
                List<String> areas = new ArrayList<>();
                List<String> listed = DIVISION_ABBR.get(form);
                if (listed == null && form.endsWith(".")) {
                    form = form.substring(0, form.length() - 1);
                    e--;
                    listed = DIVISION_ABBR.get(form);
                }
                if (listed != null) {
                    areas.addAll(listed);
                }
                if (form.length() == 2 && Character.isUpperCase(form.charAt(0)) && Character.isUpperCase(form.charAt(1))
                        && gaz.admin1("US", form) != null) {
                    areas.add("US." + form);
                }
                if (areas.isEmpty()) {
                    continue;
                }
                Place division = null;
                for (Cand c : m.cands) {
                    Place p = gaz.place(c.place);
                    if (c.isCountry || c.isAdmin1) {
                        continue;
                    }
                    if (areas.contains(p.countryCode() + "." + p.admin1Code())) {
                        c.prior += 6;
                        c.score = c.prior;
                        division = gaz.admin1(p.countryCode(), p.admin1Code());
                    }
                }
                if (division == null) {
                    continue;
                }
                m.pick();
                abbrMentions.add(new Object[]{a, e, division, m});
                // a trie match inside the abbreviation ("Mo", "La") is the abbreviation, not a place
                for (int k = m.j + 1; k < n && tStart[k] < e; k++) {
                    M other = coveredBy[k];
                    if (other != null && other != m) {
                        mentions.remove(other);
                        for (int t = other.i; t <= other.j; t++) {
                            coveredBy[t] = null;
                        }
                    }
                }
            }
        }

        /** Whether a populated place of the mention's readings lies in the division {@code div}. */
        boolean hasPlaceInside(M m, Cand div) {
            for (Cand c : m.cands) {
                if (!c.isAdmin1 && !c.isCountry && c.admin == div.place) {
                    return true;
                }
            }
            return false;
        }

        boolean sentenceInitial(int k) {
            if (tGap[k] == Tokens.GAP_SENTENCE) {
                return true;
            }
            if (tGap[k] == Tokens.GAP_PUNCT && k > 0) {
                for (int c = tEnd[k - 1]; c < tStart[k]; c++) {
                    char ch = text.charAt(c);
                    if (ch == '"' || ch == '«' || ch == '“' || ch == '(' || ch == '[' || ch == '—' || ch == '–') {
                        return true;
                    }
                }
            }
            return false;
        }

        /** An ordinary word written with a capital (start of sentence, title case). */
        boolean ordinaryWord(int k) {
            String lw = lowerLiteral(k);
            if (inList(ALWAYS, lang, lw) || inList(INITIAL, lang, lw)) {
                return true;
            }
            return lowerSeen(k);
        }

        boolean locativeBefore(int i) {
            if (i == 0 || tGap[i] > Tokens.GAP_PERIOD) {
                return false;
            }
            return LOCATIVES.contains(word(i - 1));
        }

        /** "Nice, France": the next mention, after a comma, is the country or division of the candidate. */
        boolean followedByItsArea(M m, Place p) {
            int k = m.j + 1;
            if (k >= n || tGap[k] != Tokens.GAP_PUNCT || coveredBy[k] == null) {
                return false;
            }
            M next = coveredBy[k];
            for (Cand c : next.cands) {
                Place q = gaz.place(c.place);
                if ((q.isCountry() || q.isAdmin1()) && q.countryCode().equals(p.countryCode())) {
                    return true;
                }
            }
            return false;
        }

        /** A capitalized neighbour that is not a place name, a cue word or an ordinary word. */
        boolean foreignCapital(int k) {
            if (k < 0 || k >= n || !cap(k) || (tFlags[k] & Tokens.DIGIT) != 0) {
                return false;
            }
            String w = word(k);
            if (NEIGHBOR_OK.contains(w) || TITLES.contains(w) || CONNECTORS.contains(w)) {
                return false;
            }
            if ((sentenceInitial(k) || titleLine[k]) && (ordinaryWord(k) || LOCATIVES.contains(w))) {
                return false; // "In Nice": a capital that only starts the sentence
            }
            M other = coveredBy[k];
            if (other != null && other.rejected != null && !other.rejected.startsWith("weak")) {
                return true; // a neighbour the guards read as no place ("Dr. Julia" before "Peters")
            }
            if (other != null) {
                Place p = gaz.place(other.best.place);
                return !(p.isCountry() || p.isAdmin1() || p.population() >= 100_000 || other.j > other.i);
            }
            return true;
        }

        /**
         * Whether a country's or a first-level division's name follows the name right away: two places
         * ("the India-Pakistan border", "Austin Texas" written without its comma), not a given name and
         * a surname.
         */
        boolean placePair(M m) {
            M next = coveredBy[m.j + 1];
            if (next == null || next.i != m.j + 1) {
                return false;
            }
            Place q = gaz.place(next.best.place);
            return q.isCountry() || q.isAdmin1();
        }

        /**
         * Whether capitalized words right after token {@code j} (spaces only, at most
         * {@link #ORG_NAME_WORDS}) end with an organisation's head noun: "China Daily", "Kenya Red Cross
         * Society". The words must all be capitalized, so "US health officials" (a
         * modifier, which annotated news tags) is untouched, and so is a possessive ("Canada's
         * Broadcasting Corporation" names the place as the owner, a place reference).
         */
        boolean organisationHeadAfter(int j) {
            if (tEnd[j] < text.length() && Tokens.isApostrophe(text.charAt(tEnd[j]))) {
                return false;
            }
            for (int k = j + 1; k < n && k <= j + ORG_NAME_WORDS; k++) {
                if (tGap[k] != Tokens.GAP_SPACE || !cap(k) || (tFlags[k] & Tokens.DIGIT) != 0) {
                    return false;
                }
                if (ORG_HEADS.contains(word(k))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * A country code written against a dollar sign is a currency's name, as ISO 4217 and the press
         * write them: "US$460 million", "$US 1.5 billion", "US $22", "A$20", "HK$ 5".
         */
        boolean currencyCode(M m) {
            int s = tStart[m.i];
            int e = tEnd[m.j];
            if (e < text.length() && text.charAt(e) == '.') {
                e++; // "U.S.$"
            }
            if (e < text.length() && text.charAt(e) == ' ' && e + 1 < text.length() && text.charAt(e + 1) == '$') {
                e++;
            }
            boolean dollarAfter = e < text.length() && text.charAt(e) == '$';
            int b = s - 1;
            if (b >= 0 && text.charAt(b) == ' ') {
                b--;
            }
            boolean dollarBefore = b >= 0 && text.charAt(b) == '$'
                    && m.j + 1 < n && (tFlags[m.j + 1] & Tokens.DIGIT) != 0;
            return dollarAfter || dollarBefore;
        }

        /** The rules that do not depend on the other places of the item. Returns the reason to drop, or null. */
        String firstGuards(M m) {
            Place p = gaz.place(m.best.place);
            boolean single = m.i == m.j;
            String lw = lowerLiteral(m.i);
            boolean locative = locativeBefore(m.i);
            boolean area = followedByItsArea(m, p);
            int cueTok = cueBefore(m.i);
            boolean placeNoun = cueTok >= 0 && !cap(cueTok) && (PLACE_NOUNS.contains(word(cueTok))
                    || CITY_CUES.contains(word(cueTok)) || ADMIN_CUES.contains(word(cueTok)));
            boolean bigOrCountry = p.isCountry() || p.isContinent() || p.population() >= 1_000_000;
            if (m.personName) {
                return "person name";
            }
            // a title before the name: a person ("President Ho Chi Minh", "le président Paris")
            if (m.i > 0 && tGap[m.i] <= Tokens.GAP_PERIOD && TITLES.contains(word(m.i - 1)) && !p.isCountry()) {
                return "title";
            }
            if (single && (tEnd[m.i] - tStart[m.i]) < 2 && !p.isCountry()) {
                return "one letter";
            }
            // a two-letter word matched only through another language's or an old name ("Lu" for Luzhou)
            // is a surname, a code or a syllable: the press writes a place with two letters only by its
            // own name ("Ur") or an abbreviation the gazetteer knows ("US")
            if (single && (tEnd[m.i] - tStart[m.i]) == 2 && !p.isCountry()
                    && (m.best.flags & (Gazetteer.N_PRIMARY | Gazetteer.N_ABBR | langFlag)) == 0) {
                return "two-letter alternate name";
            }
            // a given name that is also a place, followed by a surname: "Paris Hilton", "Jordan Bardella"
            // (not two places, "the India-Pakistan border", "a Georgia-Florida line", "Austin Texas")
            if (single && (GIVEN_NAMES.contains(word(m.i)) || COMMON_GIVEN_NAMES.contains(word(m.i)))
                    && m.j + 1 < n && tGap[m.j + 1] == Tokens.GAP_SPACE
                    && cap(m.j + 1) && !NEIGHBOR_OK.contains(word(m.j + 1)) && !placePair(m)
                    && (coveredBy[m.j + 1] == null || coveredBy[m.j + 1].j == m.j + 1)) {
                if (coveredBy[m.j + 1] != null) {
                    coveredBy[m.j + 1].personName = true;
                }
                return "person name";
            }
            // a common given name before it: a surname ("Jose Angel Cordova", "Julia Peters", "George
            // Washington"), unless the two words are one place's name ("San Jose" is matched whole)
            if (single && !p.isCountry() && m.i > 0 && tGap[m.i] == Tokens.GAP_SPACE && cap(m.i - 1)
                    && COMMON_GIVEN_NAMES.contains(word(m.i - 1)) && !titleLine[m.i]
                    && (coveredBy[m.i - 1] == null || coveredBy[m.i - 1].j == m.i - 1)) {
                return "person name";
            }
            // organisations: "Olympique de Marseille", "Real Madrid", "Tour de France", "Washington Post"
            if (cueTok >= 0 && cap(cueTok) && ORG_PREFIX.contains(word(cueTok))) {
                return "organisation name";
            }
            if (m.j + 1 < n && tGap[m.j + 1] == Tokens.GAP_SPACE && cap(m.j + 1) && ORG_SUFFIX.contains(word(m.j + 1))) {
                return "organisation name (first word)";
            }
            if (!titleLine[m.i] && organisationHeadAfter(m.j)) {
                return "organisation name (embedded)";
            }
            // "US$460 million", "$US 1.5 billion", "A$20": a currency, not the country
            if (currencyCode(m)) {
                return "currency";
            }
            // "Western", "Central" alone: a compass adjective, not the division of that name (which copy
            // writes with its division word, "Western Province", a name of its own)
            if (single && p.isAdmin1() && m.cue == CUE_NONE && COMPASS_WORDS.contains(word(m.i))) {
                return "compass word";
            }
            // "Jackson, 34, was arrested": a person's age
            if (m.j + 2 < n && tGap[m.j + 1] == Tokens.GAP_PUNCT && (tFlags[m.j + 1] & Tokens.DIGIT) != 0
                    && text.charAt(tEnd[m.j]) == ',' && !p.isCountry()) {
                return "person (age)";
            }
            // a two- or three-letter word in capitals is a code ("ARI" in a box score), unless the
            // gazetteer knows it as an abbreviation ("US", "UAE")
            if (single && (tFlags[m.i] & Tokens.UPPER) != 0 && tEnd[m.i] - tStart[m.i] <= 3
                    && (m.best.flags & Gazetteer.N_ABBR) == 0 && !p.isCountry()) {
                return "code";
            }
            // an acronym in a mixed-case line ("l'AIEA") is not a place name written in capitals
            if (single && (tFlags[m.i] & Tokens.UPPER) != 0 && !titleLine[m.i] && !sentenceInitial(m.i)
                    && tEnd[m.i] - tStart[m.i] <= 5 && (m.best.flags & Gazetteer.N_ABBR) == 0 && !bigOrCountry) {
                return "acronym";
            }
            if (single && inList(ALWAYS, lang, lw) && !locative && !area && !placeNoun) {
                return "common word";
            }
            if (single && !DATES.isEmpty() && DATES.containsKey(lang) && inList(DATES, lang, lw) && !area) {
                return "date word";
            }
            // (a division counts as big from 2 million, as for "division without support", or with its cue)
            boolean bigDivision = p.isAdmin1() && (p.population() >= 2_000_000 || m.cue == CUE_ADMIN);
            if (single && !bigOrCountry && !bigDivision && (p.isAdmin1() || p.population() < 100_000) && m.j + 1 < n
                    && tGap[m.j + 1] == Tokens.GAP_SPACE && SPEECH_VERBS.contains(word(m.j + 1))) {
                return "person (speech verb)";
            }
            // "said Lennox.", "said Clifford," : a verb of speech before a small town's name that ends the
            // clause names the speaker (news puts the speaker after the verb as often as before it)
            if (single && !bigOrCountry && !bigDivision && (p.isAdmin1() || p.population() < 100_000) && m.i > 0
                    && tGap[m.i] == Tokens.GAP_SPACE && SPEECH_VERBS.contains(word(m.i - 1))
                    && (m.j + 1 >= n || tGap[m.j + 1] >= Tokens.GAP_PERIOD)) {
                return "person (after speech verb)";
            }
            // "West Nile virus", "Marburg virus", "Reston ebolavirus": the name of a disease (countries
            // exempt: "Mexico flu" is as often the flu in Mexico)
            if (!p.isCountry() && m.j + 1 < n && tGap[m.j + 1] == Tokens.GAP_SPACE && DISEASE_NOUNS.contains(word(m.j + 1))) {
                return "disease name";
            }
            if ("vi".equals(lang) && single && !viSpellingMatches(m, p)) {
                return "Vietnamese spelling differs";
            }
            // glued to other capitalized words: part of a person's or an organisation's name
            if (!titleLine[m.i]) {
                boolean prev = m.i > 0 && tGap[m.i] == Tokens.GAP_SPACE && foreignCapital(m.i - 1);
                boolean next = m.j + 1 < n && tGap[m.j + 1] == Tokens.GAP_SPACE && foreignCapital(m.j + 1);
                // Vietnamese names capitalize every syllable: a one-syllable name next to another capital
                // is a syllable of a longer name ("sân Mỹ Đình", "Cửu Long")
                boolean viSyllable = "vi".equals(lang) && single;
                if ((prev || next) && (!bigOrCountry || viSyllable)) {
                    return "part of another name";
                }
            }
            return null;
        }

        /**
         * One sense per item for a person's name: once the item writes a name as a person's ("Willie
         * Campbell", "Dr. Ivins", "Campbell, 42,", "said Lennox"), the same name alone elsewhere in it
         * ("Campbell's lawyer", "against Ivins") is that person, not a town of the name. Evidence: the
         * person reading found by the guards for another mention of the same name in the item. Only for
         * towns under 100,000 that are not capitals, and divisions under 2 million named without their
         * division word (the bigger ones are named alone for themselves,
         * and "Washington" the person does not make the city a person), and not when the name is
         * followed by its area ("Campbell, California"). Not in Vietnamese, where every syllable of a
         * name is capitalized and a syllable glued to another capital is no surname. The same for a
         * disease's name (after "Marburg virus", "cases of Marburg" is the virus) and an organisation's
         * (after "Franklin Elementary", "parents at Franklin" is the school).
         */
        void personsNamedElsewhere() {
            if ("vi".equals(lang)) {
                return;
            }
            Map<Integer, String> other = null;
            for (M m : mentions) {
                String why = m.rejected == null ? null
                        : m.i == m.j && personEvidence(m) ? "person named elsewhere in the item"
                        : "disease name".equals(m.rejected) ? "disease named elsewhere in the item"
                        // (an organisation named after the place, "Franklin Elementary"; not a team or
                        // body whose name holds a place after its own word, "Racing Victoria")
                        : "organisation name (first word)".equals(m.rejected) && m.i == m.j ? "organisation named elsewhere in the item" : null;
                if (why != null) {
                    if (other == null) {
                        other = new HashMap<>();
                    }
                    other.putIfAbsent(m.node, why);
                }
            }
            if (other == null) {
                return;
            }
            for (M m : mentions) {
                String why = m.rejected == null ? other.get(m.node) : null;
                if (why == null || (m.i != m.j && why.startsWith("person")) || m.cue != CUE_NONE) {
                    continue;
                }
                Place p = gaz.place(m.best.place);
                // (a big place counts by its own name, not by an old alternate one: "Franklin" was El Paso's)
                boolean ownName = (m.best.flags & (Gazetteer.N_PRIMARY | Gazetteer.N_EN | Gazetteer.N_ABBR | langFlag)) != 0;
                boolean strong = p.isCountry() || p.isContinent()
                        || (ownName && (p.population() >= (p.isAdmin1() ? 2_000_000 : 100_000) || p.featureCode().equals("PPLC")))
                        || (p.isAdmin1() && m.cue == CUE_ADMIN);
                if (!strong && !followedByItsArea(m, p)) {
                    m.rejected = why;
                }
            }
        }

        /** Whether the guards read this one-word mention as a person's name (the evidence of {@link #personsNamedElsewhere}). */
        private boolean personEvidence(M m) {
            switch (m.rejected) {
                case "title", "person name", "person (age)", "person (speech verb)", "person (after speech verb)":
                    return true;
                case "part of another name":
                    // the last word of a run of capitals that are not places: a surname ("Annie Lennox")
                    return m.i > 0 && tGap[m.i] == Tokens.GAP_SPACE && foreignCapital(m.i - 1)
                            && !(m.j + 1 < n && tGap[m.j + 1] == Tokens.GAP_SPACE && cap(m.j + 1));
                default:
                    return false;
            }
        }

        /** In Vietnamese copy written with diacritics, one-syllable names must be spelled as the place's name. */
        boolean viSpellingMatches(M m, Place p) {
            String lit = java.text.Normalizer.normalize(text.substring(tStart[m.i], tEnd[m.j]), java.text.Normalizer.Form.NFC)
                    .toLowerCase(Locale.ROOT);
            boolean asciiLiteral = lit.chars().allMatch(ch -> ch < 0x80);
            if (!hasDiacritics || (asciiLiteral && !"VN".equals(p.countryCode()))) {
                return true; // copy without diacritics, or a foreign name written as foreigners write it
            }
            if (lit.equals(p.name().toLowerCase(Locale.ROOT))) {
                return true;
            }
            for (String local : p.localNames().values()) {
                if (lit.equals(local.toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            Set<String> vi = gaz.viNames(m.best.place);
            return vi != null && vi.contains(lit);
        }

        /**
         * One sense per item for a name at the start of a sentence: the same name, read as the same place,
         * stands elsewhere in the item after a locative or before its area ("near Esperance" ... "Esperance
         * residents first noticed"). Evidence: one sense per discourse (Gale, Church and Yarowsky 1992);
         * only a mention that passed the first guards, is not itself sentence-initial and is read as a
         * place by its own context counts (a bare "Thomas" mid-sentence is as likely a person).
         */
        boolean sameReadingMidSentence(M m) {
            for (M o : mentions) {
                if (o != m && o.best.place == m.best.place && o.node == m.node && o.rejected == null && o.i == o.j
                        && !sentenceInitial(o.i) && !titleLine[o.i]
                        && (locativeBefore(o.i) || followedByItsArea(o, gaz.place(o.best.place)))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * English gives a town's name no article, so "the X" standing alone ("the White House says",
         * "across the Pacific.", "the Atlantic,") names a building, a sea or a region, not the town or
         * village X. Only when nothing but a verb, a conjunction or punctuation follows: "the Nashville
         * area", "the Dallas office" use the town's name as a modifier and stay. Names that carry the
         * article ("The Hague", "The Dalles") are exempt.
         */
        boolean definiteArticleNoun(M m, Place p) {
            int t = m.i - 1;
            if (m.i == 0 || tGap[m.i] != Tokens.GAP_SPACE || tEnd[t] - tStart[t] != 3
                    || !text.regionMatches(true, tStart[t], "the", 0, 3) || p.name().regionMatches(true, 0, "the ", 0, 4)) {
                return false;
            }
            int k = m.j + 1;
            return k >= n || tGap[k] != Tokens.GAP_SPACE || (!cap(k) && AFTER_BARE_NOUN.contains(word(k)));
        }

        /**
         * Spatial coherence (minimality, Leidner 2008): a minor place that no other name of the item
         * supports (no country or division in common), in a country the item does not name, while the
         * item's other places (two at least) all lie in other countries, is a namesake of a place the
         * gazetteer lacks ("Java" a village of Georgia in a story about Indonesia; "Kashmir" read as
         * Cashmere, Washington, in a story about India and Pakistan).
         */
        boolean isolatedCountry(M m, Place p) {
            int others = 0;
            for (M o : mentions) {
                if (o == m || o.rejected != null) {
                    continue;
                }
                if (o.best.country == m.best.country) {
                    return false;
                }
                others++;
            }
            return others >= 2;
        }

        /** The rules that weigh the other places of the item. Returns the reason to drop, or null. */
        String lastGuards(M m) {
            Cand c = m.best;
            Place p = gaz.place(c.place);
            boolean single = m.i == m.j;
            boolean strong = p.isCountry() || p.isContinent() || p.population() >= 1_000_000 || p.featureCode().equals("PPLC")
                    || (p.isAdmin1() && (m.cue == CUE_ADMIN || m.cue == CUE_COUNTY));
            boolean contextual = c.context >= 0.5;
            boolean locative = locativeBefore(m.i);
            boolean area = followedByItsArea(m, p);
            boolean initial = sentenceInitial(m.i) || titleLine[m.i];
            int cueTok = cueBefore(m.i);
            boolean placeNoun = cueTok >= 0 && (PLACE_NOUNS.contains(word(cueTok)) || CITY_CUES.contains(word(cueTok)));
            if (single) {
                String lw = lowerLiteral(m.i);
                boolean common = inList(INITIAL, lang, lw) || lowerSeen(m.i);
                if (common && initial && !locative && !area && !placeNoun) {
                    return "common word at sentence start";
                }
                if (common && !locative && !area && !placeNoun && !contextual && !strong && p.population() < 100_000) {
                    return "common word";
                }
            }
            // a capital that starts a sentence needs more than a country in common ("Voters" is a US village)
            if (single && initial && !strong && c.adminContext < 0.5 && !locative && p.population() < 20_000
                    && !sameReadingMidSentence(m)) {
                return "weak at sentence start";
            }
            if (!strong && !contextual && !locative && !placeNoun && p.population() < 2_000
                    && (c.flags & (Gazetteer.N_PRIMARY | langFlag)) == 0) {
                return "weak alternate name";
            }
            // "X County": a town named X stands for the county only inside the division the item
            // names (Dallas for Dallas County in a Texas story); elsewhere it is a namesake of a county
            // the gazetteer lacks ("Scott County, Indiana" is no town Scott in Arkansas)
            if (m.cue == CUE_COUNTY && p.featureClass() == 'P' && c.adminContext < 0.5 && !area) {
                return "county the gazetteer lacks";
            }
            if ("en".equals(lang) && p.featureCode().startsWith("PPL") && !area && definiteArticleNoun(m, p)) {
                return "the + name: a building or a feature";
            }
            if (single && !strong && !locative && !area && !placeNoun && c.context == 0 && c.adminContext == 0
                    && p.population() < ISOLATED_POPULATION && isolatedCountry(m, p)) {
                return "minor place far from the item's places";
            }
            if (p.isAdmin1() && m.cue != CUE_ADMIN && m.cue != CUE_COUNTY && !contextual && p.population() < 2_000_000) {
                return "division without support";
            }
            if ("vi".equals(lang) && !"VN".equals(p.countryCode()) && !strong && !contextual && p.population() < 100_000) {
                return "foreign place without support";
            }
            return null;
        }

        List<Mention> results() {
            List<Mention> out = new ArrayList<>();
            boolean[] accepted = new boolean[n];
            for (M m : mentions) {
                if (m.rejected != null) {
                    continue;
                }
                for (int k = m.i; k <= m.j; k++) {
                    accepted[k] = true;
                }
                out.add(new Mention(tStart[m.i], tEnd[m.j], text.substring(tStart[m.i], tEnd[m.j]),
                        gaz.place(m.best.place), round3(m.prob), Kind.PLACE, m.dateline));
            }
            for (Object[] x : abbrMentions) {
                M host = (M) x[3];
                if (host.rejected == null) {
                    int a = (Integer) x[0];
                    int e = (Integer) x[1];
                    out.add(new Mention(a, e, text.substring(a, e), (Place) x[2], 1.0, Kind.PLACE, a < datelineEnd));
                    for (int k = 0; k < n; k++) {
                        if (tStart[k] >= a && tEnd[k] <= e) {
                            accepted[k] = true;
                        }
                    }
                }
            }
            for (M m : demonyms) {
                out.add(new Mention(tStart[m.i], tEnd[m.j], text.substring(tStart[m.i], tEnd[m.j]),
                        gaz.place(m.cands.get(0).place), 1.0, Kind.DEMONYM, tStart[m.i] < datelineEnd));
                for (int k = m.i; k <= m.j; k++) {
                    accepted[k] = true;
                }
            }
            unresolved(out, accepted);
            out.sort(Comparator.comparingInt(Mention::start));
            return out;
        }

        /** Capitalized words after a place noun that no gazetteer entry (or guard) accepted. */
        void unresolved(List<Mention> out, boolean[] accepted) {
            for (int k = 1; k < n; k++) {
                if (accepted[k] || !cap(k) || (tFlags[k] & Tokens.DIGIT) != 0 || sentenceInitial(k)
                        || tGap[k] > Tokens.GAP_PERIOD) {
                    continue;
                }
                if (k > 0 && cap(k - 1) && tGap[k] == Tokens.GAP_SPACE && !accepted[k - 1]
                        && !PLACE_NOUNS.contains(word(k - 1))) {
                    continue; // not the first word of the name
                }
                int cueTok = cueBefore(k);
                if (cueTok < 0 || !PLACE_NOUNS.contains(word(cueTok)) || ordinaryWord(k)
                        || TITLES.contains(word(k))) {
                    continue;
                }
                int e = k;
                while (e + 1 < n && e - k < 2 && cap(e + 1) && tGap[e + 1] == Tokens.GAP_SPACE && !accepted[e + 1]) {
                    e++;
                }
                out.add(new Mention(tStart[k], tEnd[e], text.substring(tStart[k], tEnd[e]), null, 0,
                        Kind.UNRESOLVED, tStart[k] < datelineEnd));
                k = e;
            }
        }
    }

    /** A small open-addressing int → double map (keys ≥ -1), reused per call: the context weights. */
    private static final class IntDoubleMap {
        private int[] keys = new int[32];
        private double[] vals = new double[32];
        private int size;

        IntDoubleMap() {
            java.util.Arrays.fill(keys, Integer.MIN_VALUE);
        }

        void clear() {
            if (size > 0) {
                java.util.Arrays.fill(keys, Integer.MIN_VALUE);
                size = 0;
            }
        }

        private int slot(int k) {
            int mask = keys.length - 1;
            int i = (k * 0x9E3779B9) >>> 7 & mask;
            while (keys[i] != Integer.MIN_VALUE && keys[i] != k) {
                i = (i + 1) & mask;
            }
            return i;
        }

        double get(int k) {
            int i = slot(k);
            return keys[i] == k ? vals[i] : 0;
        }

        void max(int k, double v) {
            double cur = get(k);
            if (v > cur) {
                add(k, v - cur);
            }
        }

        void addAllTo(IntDoubleMap target) {
            for (int j = 0; j < keys.length; j++) {
                if (keys[j] != Integer.MIN_VALUE) {
                    target.add(keys[j], vals[j]);
                }
            }
        }

        void add(int k, double v) {
            int i = slot(k);
            if (keys[i] != k) {
                if ((size + 1) * 2 > keys.length) {
                    int[] ok = keys;
                    double[] ov = vals;
                    keys = new int[ok.length * 2];
                    vals = new double[ok.length * 2];
                    java.util.Arrays.fill(keys, Integer.MIN_VALUE);
                    size = 0;
                    for (int j = 0; j < ok.length; j++) {
                        if (ok[j] != Integer.MIN_VALUE) {
                            add(ok[j], ov[j]);
                        }
                    }
                    add(k, v);
                    return;
                }
                keys[i] = k;
                vals[i] = 0;
                size++;
            }
            vals[i] += v;
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static final int KIND_NONE = 0;
    private static final int KIND_COUNTRY = 1;
    private static final int KIND_DIVISION = 2;
    private static final int KIND_POPULATED = 3;
    /** Context added to the readings of an enumeration's kind (about a country's name of context). */
    private static final double ENUMERATION_BONUS = 1.5;
    private static final Set<String> ENUMERATION_JOINERS = Set.of("and", "or", "et", "ou", "va", "hoac");

    private static int kind(Cand c) {
        return c.isCountry ? KIND_COUNTRY : c.isAdmin1 ? KIND_DIVISION : KIND_POPULATED;
    }

    /** A candidate place of a mention. */
    private static final class Cand {
        final int place;
        final int flags;
        /** Gazetteer index of its country, of its first-level division (itself for a division), or -1. */
        final int country;
        final int admin;
        final boolean isCountry;
        final boolean isAdmin1;
        double prior;
        double score;
        double context;
        double adminContext;

        Cand(Gazetteer g, int place, int flags) {
            this.place = place;
            this.flags = flags;
            Place p = g.place(place);
            this.isCountry = p.isCountry();
            this.isAdmin1 = p.isAdmin1();
            this.country = g.countryIndex(p.countryCode());
            this.admin = isCountry ? -1 : isAdmin1 ? place : g.admin1Index(p);
        }
    }

    /** A mention being resolved: tokens i..j. */
    private static final class M {
        final int i;
        final int j;
        List<Cand> cands;
        Cand best;
        double prob;
        int cue;
        boolean dateline;
        String rejected;
        boolean personName;
        /** Trie node of the name: mentions of the same name do not vouch for each other. */
        int node;

        M(int i, int j) {
            this.i = i;
            this.j = j;
        }

        /** Keeps the best {@code k} candidates by prior, and every country and division among the others. */
        void keepTop(int k) {
            if (cands.size() <= k) {
                return;
            }
            List<Cand> sorted = new ArrayList<>(cands);
            sorted.sort((a, b) -> Double.compare(b.prior, a.prior));
            List<Cand> kept = new ArrayList<>(sorted.subList(0, k));
            for (Cand c : sorted.subList(k, sorted.size())) {
                if (c.isCountry || c.isAdmin1) {
                    kept.add(c);
                }
            }
            cands = kept;
        }

        void pick() {
            Cand b = null;
            for (Cand c : cands) {
                if (b == null || c.score > b.score) {
                    b = c;
                }
            }
            double z = 0;
            for (Cand c : cands) {
                z += Math.exp(c.score - b.score);
            }
            best = b;
            prob = 1 / z;
        }
    }
}
