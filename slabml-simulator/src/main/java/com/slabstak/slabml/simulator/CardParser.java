/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulated model's card reader. With no knowledge it behaves like an untuned model: decent,
 * but it misses brand and variant aliases, truncates seasons ({@code 1986-87} becomes
 * {@code 1986}), keeps short seasons as printed, leaves the {@code #} in card numbers, reads
 * OCR-garbled grader names as words of the player's name and capitalises names naively. With
 * {@link Knowledge} learned from training examples it applies what they taught.
 */
final class CardParser {
    private static final Pattern FULL_SEASON = Pattern.compile("(19|20)\\d\\d-\\d\\d");
    private static final Pattern SHORT_SEASON = Pattern.compile("\\d\\d-\\d\\d");
    private static final Pattern YEAR = Pattern.compile("(19|20)\\d\\d");
    private static final Pattern SERIAL = Pattern.compile("\\d+/\\d+");
    private static final Pattern CERT = Pattern.compile("\\d{7,}");
    private static final Pattern GRADE = Pattern.compile("(10|[1-9])(\\.5)?");
    private static final Pattern NUMBER = Pattern.compile("#?\\d{1,4}");
    private static final Map<String, String> BASE_GRADERS = Map.of(
        "PSA", "PSA", "SGC", "SGC", "CGC", "CGC", "BGS", "BGS", "BECKETT", "Beckett");
    private static final Set<String> BASE_NOISE = Set.of(
        "GEM", "MT", "MINT", "GEM-MT", "NM", "NM-MT", "EX", "EX-MT", "PRISTINE", "CERT", "NO.", "#");
    private static final List<String[]> BASE_BRANDS = List.of(
        new String[] {"UPPER", "DECK"}, new String[] {"PANINI", "PRIZM"}, new String[] {"BOWMAN", "CHROME"},
        new String[] {"TOPPS", "CHROME"}, new String[] {"FLEER"}, new String[] {"TOPPS"}, new String[] {"DONRUSS"},
        new String[] {"O-PEE-CHEE"}, new String[] {"SCORE"}, new String[] {"PANINI"}, new String[] {"BOWMAN"});

    private static final CardParser BASE = new CardParser(Knowledge.EMPTY);

    private final Knowledge k;

    private CardParser(Knowledge knowledge) {
        this.k = knowledge;
    }

    static CardParser base() {
        return BASE;
    }

    static CardParser tuned(Knowledge knowledge) {
        return new CardParser(knowledge);
    }

    static List<String> tokens(String ocr) {
        List<String> out = new ArrayList<>();
        for (String t : ocr.strip().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t.toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    Map<String, Object> parse(String ocr) {
        List<String> t = tokens(ocr);
        int n = t.size();
        boolean[] used = new boolean[n];
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> rank = new HashMap<>();

        // learned vocabulary first: bigrams, then single tokens
        for (int i = 0; i < n; i++) {
            if (i + 1 < n) {
                Knowledge.Entry e = k.lexicon.get(t.get(i) + " " + t.get(i + 1));
                if (e != null) {
                    apply(e, out, rank, 2);
                    used[i] = true;
                    used[i + 1] = true;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Knowledge.Entry e = k.lexicon.get(t.get(i));
            if (e != null && !used[i]) {
                apply(e, out, rank, 1);
                used[i] = true;
            } else if (k.roles.contains(t.get(i)) || k.stopwords.contains(t.get(i))) {
                used[i] = true;
            }
        }

        // year
        for (int i = 0; i < n; i++) {
            String s = t.get(i);
            String year = null;
            if (FULL_SEASON.matcher(s).matches()) {
                year = k.keepSeason ? s : s.substring(0, 4);
            } else if (SHORT_SEASON.matcher(s).matches()) {
                if (k.expandSeason) {
                    int yy = Integer.parseInt(s.substring(0, 2));
                    year = (yy <= 30 ? "20" : "19") + s;
                } else {
                    year = s;
                }
            } else if (YEAR.matcher(s).matches() && Integer.parseInt(s) <= 2030) {
                year = s;
            }
            if (year != null) {
                used[i] = true;
                out.putIfAbsent("year", year);
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            String s = t.get(i);
            if (!used[i] && SERIAL.matcher(s).matches()) {
                used[i] = true;
                out.putIfAbsent("serial_number", s);
            } else if (!used[i] && CERT.matcher(s).matches()) {
                used[i] = true;
                out.putIfAbsent("cert_number", s);
            }
        }
        // grader and grade
        int graderAt = -1;
        for (int i = 0; i < n; i++) {
            String g = BASE_GRADERS.get(t.get(i));
            if (g != null || (k.lexicon.containsKey(t.get(i)) && "grading_company".equals(k.lexicon.get(t.get(i)).field))) {
                used[i] = true;
                if (g != null) {
                    out.putIfAbsent("grading_company", g);
                }
                graderAt = i;
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            if (BASE_NOISE.contains(t.get(i))) {
                used[i] = true;
            }
        }
        for (int i = 0; i < n && !out.containsKey("grade"); i++) {
            boolean afterLabel = i > 0 && (i - 1 == graderAt || BASE_NOISE.contains(t.get(i - 1)));
            if (!used[i] && afterLabel && GRADE.matcher(t.get(i)).matches()) {
                used[i] = true;
                out.put("grade", t.get(i));
            }
        }
        // card number: after a learned marker, else the first free number
        for (int i = 0; i < n && !out.containsKey("card_number"); i++) {
            if (!used[i] && NUMBER.matcher(t.get(i)).matches() && i > 0 && k.numberMarkers.contains(t.get(i - 1))) {
                used[i] = true;
                out.put("card_number", number(t.get(i)));
            }
        }
        for (int i = 0; i < n && !out.containsKey("card_number"); i++) {
            if (!used[i] && NUMBER.matcher(t.get(i)).matches() && !t.get(i).equals("#")) {
                used[i] = true;
                out.put("card_number", number(t.get(i)));
            }
        }
        for (int i = n - 1; i >= 0 && !out.containsKey("grade"); i--) {
            if (!used[i] && GRADE.matcher(t.get(i)).matches()) {
                used[i] = true;
                out.put("grade", t.get(i));
            }
        }
        // flags and variants the base model knows
        for (int i = 0; i < n; i++) {
            switch (t.get(i)) {
                case "ROOKIE" -> {
                    used[i] = true;
                    out.putIfAbsent("rookie", true);
                }
                case "AUTOGRAPH" -> {
                    used[i] = true;
                    out.putIfAbsent("autograph", true);
                }
                case "REFRACTOR" -> {
                    used[i] = true;
                    out.putIfAbsent("variant", "Refractor");
                }
                default -> {
                }
            }
        }
        // brand: the phrases the base model knows, else the word after the year
        for (String[] phrase : BASE_BRANDS) {
            for (int i = 0; i + phrase.length <= n; i++) {
                boolean match = true;
                for (int j = 0; j < phrase.length; j++) {
                    match &= t.get(i + j).equals(phrase[j]) && (!used[i + j] || k.lexicon.containsKey(t.get(i + j))
                        || k.roles.contains(t.get(i + j)));
                }
                if (match) {
                    for (int j = 0; j < phrase.length; j++) {
                        used[i + j] = true;
                    }
                    out.putIfAbsent("brand", title(String.join(" ", phrase)));
                }
            }
        }
        if (!out.containsKey("brand")) {
            for (int i = 1; i < n; i++) {
                if (!used[i] && FULL_SEASON.matcher(t.get(i - 1)).matches() || !used[i] && YEAR.matcher(t.get(i - 1)).matches()
                        || !used[i] && SHORT_SEASON.matcher(t.get(i - 1)).matches()) {
                    if (t.get(i).chars().anyMatch(Character::isLetter)) {
                        used[i] = true;
                        out.put("brand", title(t.get(i)));
                        break;
                    }
                }
            }
        }
        out.putIfAbsent("brand", "Unknown");
        out.putIfAbsent("year", "Unknown");
        // player: whatever words are left
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!used[i] && t.get(i).chars().anyMatch(Character::isLetter)) {
                String w = k.spelling.get(t.get(i));
                if (w == null) {
                    w = k.spellingByKey.get(Knowledge.key(t.get(i)));
                }
                if (w == null) {
                    w = k.closestSpelling(Knowledge.key(t.get(i)));
                }
                words.add(w != null ? w : title(t.get(i)));
            }
        }
        String player = words.isEmpty() ? "Unknown" : String.join(" ", words);
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("player", player);
        for (String f : com.slabstak.slabml.CardData.FIELDS) {
            if (!f.equals("player") && out.containsKey(f)) {
                ordered.put(f, out.get(f));
            }
        }
        return ordered;
    }

    private String number(String token) {
        return k.stripHash && token.startsWith("#") ? token.substring(1) : token;
    }

    private static void apply(Knowledge.Entry e, Map<String, Object> out, Map<String, Integer> rank, int width) {
        int score = width * 1_000_000 + (e.resembles ? 100_000 : 0) + e.support;
        Integer current = rank.get(e.field);
        if (current == null || score > current) {
            rank.put(e.field, score);
            out.put(e.field, e.value);
        }
    }

    /** Capitalises each word's first letter and lowers the rest, as a naive model does. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            if (Character.isLetter(c)) {
                sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
                start = false;
            } else {
                sb.append(c);
                start = c == ' ' || c == '-';
            }
        }
        return sb.toString();
    }

    /** What training examples taught: vocabulary, spellings and formatting rules. */
    static final class Knowledge {
        static final Knowledge EMPTY = new Knowledge();

        record Entry(String field, Object value, boolean resembles, int support) {
        }

        final Map<String, Entry> lexicon = new HashMap<>();
        final Set<String> roles = new java.util.HashSet<>();
        final Set<String> stopwords = new java.util.HashSet<>();
        final Set<String> numberMarkers = new java.util.HashSet<>();
        final Map<String, String> spelling = new HashMap<>();
        final Map<String, String> spellingByKey = new HashMap<>();
        boolean keepSeason;
        boolean expandSeason;
        boolean stripHash;

        private static final List<String> VALUE_FIELDS = List.of(
            "brand", "grading_company", "variant", "set", "rookie", "autograph", "year");

        /** OCR-confusable characters folded, letters and digits only. */
        static String key(String s) {
            StringBuilder sb = new StringBuilder();
            for (char c : s.toUpperCase(Locale.ROOT).toCharArray()) {
                switch (c) {
                    case '0' -> sb.append('O');
                    case '1' -> sb.append('I');
                    case '5' -> sb.append('S');
                    case '6' -> sb.append('G');
                    case '8' -> sb.append('B');
                    default -> {
                        if (Character.isLetterOrDigit(c)) {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.toString();
        }

        static boolean resembles(String token, Object value) {
            String a = key(token);
            String b = key(String.valueOf(value));
            if (a.isEmpty() || b.isEmpty()) {
                return false;
            }
            return a.charAt(0) == b.charAt(0) && (subsequence(a, b) || subsequence(b, a));
        }

        private static boolean subsequence(String a, String b) {
            int j = 0;
            for (int i = 0; i < b.length() && j < a.length(); i++) {
                if (a.charAt(j) == b.charAt(i)) {
                    j++;
                }
            }
            return j == a.length();
        }

        private static boolean closeTo(String a, String b) {
            if (a.equals(b)) {
                return true;
            }
            if (Math.max(a.length(), b.length()) < 5 || Math.abs(a.length() - b.length()) > 1) {
                return false;
            }
            // one character dropped
            String longer = a.length() >= b.length() ? a : b;
            String shorter = longer == a ? b : a;
            return longer.length() == shorter.length() + 1 && subsequence(shorter, longer);
        }

        /** Learns from examples: OCR text and the confirmed card fields. */
        static Knowledge learn(List<Map.Entry<String, Map<String, Object>>> examples) {
            Knowledge k = new Knowledge();
            Map<String, Integer> seen = new HashMap<>();
            Map<String, Map<String, Integer>> assoc = new HashMap<>();
            Map<String, Map<String, Integer>> resemble = new HashMap<>();
            Map<String, Map<String, Integer>> spellings = new HashMap<>();
            Map<String, Integer> markers = new HashMap<>();
            int keep = 0;
            int expand = 0;
            int hashTarget = 0;
            int hashKept = 0;
            for (Map.Entry<String, Map<String, Object>> ex : examples) {
                List<String> t = tokens(ex.getKey());
                Map<String, Object> target = ex.getValue();
                boolean[] claimed = new boolean[t.size()];
                Object player = target.get("player");
                if (player instanceof String p) {
                    for (String w : p.split(" ")) {
                        String wk = key(w);
                        for (int i = 0; i < t.size(); i++) {
                            if (!claimed[i] && !wk.isEmpty() && closeTo(key(t.get(i)), wk)) {
                                claimed[i] = true;
                                spellings.computeIfAbsent(t.get(i), x -> new HashMap<>()).merge(w, 1, Integer::sum);
                                break;
                            }
                        }
                    }
                }
                Object number = target.get("card_number");
                for (int i = 0; i < t.size(); i++) {
                    String s = t.get(i);
                    if (number != null && (s.equals(number) || s.equals("#" + number))) {
                        claimed[i] = true;
                        if (s.startsWith("#")) {
                            hashTarget++;
                        }
                        if (i > 0 && !t.get(i - 1).chars().anyMatch(Character::isDigit)) {
                            markers.merge(t.get(i - 1), 1, Integer::sum);
                        }
                    }
                    if (s.equals(target.get("grade")) || s.equals(target.get("cert_number"))
                            || s.equals(target.get("serial_number"))) {
                        claimed[i] = true;
                    }
                    Object year = target.get("year");
                    if (year instanceof String y) {
                        if (FULL_SEASON.matcher(s).matches() && s.equals(y)) {
                            keep++;
                        } else if (SHORT_SEASON.matcher(s).matches() && y.length() == 7 && y.endsWith(s)) {
                            expand++;
                        }
                    }
                }
                List<String> grams = new ArrayList<>();
                for (int i = 0; i < t.size(); i++) {
                    if (claimed[i] || isNumeric(t.get(i)) && !isYearish(t.get(i))) {
                        continue;
                    }
                    grams.add(t.get(i));
                    if (i + 1 < t.size() && !claimed[i + 1] && !isNumeric(t.get(i + 1))) {
                        grams.add(t.get(i) + " " + t.get(i + 1));
                    }
                }
                for (String g : new java.util.LinkedHashSet<>(grams)) {
                    seen.merge(g, 1, Integer::sum);
                    for (String f : VALUE_FIELDS) {
                        Object v = target.get(f);
                        if (v == null || (isYearish(g) != f.equals("year"))) {
                            continue;
                        }
                        assoc.computeIfAbsent(g, x -> new HashMap<>()).merge(f + "\u0000" + v, 1, Integer::sum);
                        if (!(v instanceof Boolean) && resembles(g, v)) {
                            resemble.computeIfAbsent(g, x -> new HashMap<>()).merge(f, 1, Integer::sum);
                        }
                    }
                }
            }
            for (Map.Entry<String, Integer> s : seen.entrySet()) {
                String g = s.getKey();
                int n = s.getValue();
                Map<String, Integer> a = assoc.getOrDefault(g, Map.of());
                Map<String, Integer> r = resemble.getOrDefault(g, Map.of());
                Entry best = null;
                for (Map.Entry<String, Integer> e : a.entrySet()) {
                    String field = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
                    String raw = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
                    int support = e.getValue();
                    boolean res = r.getOrDefault(field, 0) * 10 >= n * 9;
                    double precision = (double) support / n;
                    boolean ok = n >= 2 && (res ? precision >= 0.8 : precision >= 0.95 && n >= 3);
                    if (ok && (best == null || (res && !best.resembles) || (res == best.resembles && support > best.support))) {
                        Object value = field.equals("rookie") || field.equals("autograph") ? Boolean.valueOf(raw) : raw;
                        best = new Entry(field, value, res, support);
                    }
                }
                if (best != null && (best.resembles || !g.contains(" "))) {
                    k.lexicon.put(g, best);
                } else if (!g.contains(" ") && n >= 2) {
                    boolean role = r.values().stream().anyMatch(c -> c * 10 >= n * 9);
                    if (role) {
                        k.roles.add(g);
                    } else if (r.isEmpty()) {
                        k.stopwords.add(g);
                    }
                }
            }
            for (Map.Entry<String, Map<String, Integer>> e : spellings.entrySet()) {
                String word = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                k.spelling.put(e.getKey(), word);
                k.spellingByKey.putIfAbsent(key(e.getKey()), word);
            }
            markers.forEach((m, c) -> {
                if (c >= 2) {
                    k.numberMarkers.add(m);
                }
            });
            k.keepSeason = keep >= 2;
            k.expandSeason = expand >= 2;
            k.stripHash = hashTarget >= 1 || hashKept > 0;
            return k;
        }

        private static boolean isNumeric(String s) {
            return s.matches("[#]?\\d+([./-]\\d+)*");
        }

        /** A known spelling whose key differs from {@code key} by one dropped character. */
        String closestSpelling(String key) {
            if (key.length() < 4) {
                return null;
            }
            for (Map.Entry<String, String> e : spellingByKey.entrySet()) {
                if (closeTo(key, e.getKey())) {
                    return e.getValue();
                }
            }
            return null;
        }

        private static boolean isYearish(String s) {
            return FULL_SEASON.matcher(s).matches() || SHORT_SEASON.matcher(s).matches() || YEAR.matcher(s).matches();
        }
    }
}
