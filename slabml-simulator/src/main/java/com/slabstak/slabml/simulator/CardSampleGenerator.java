/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Tone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Generates realistic, deterministic (seeded) sports card samples: players across sports, years
 * (including {@code 1986-87} seasons), brands, card numbers, grades from PSA, BGS, SGC and CGC,
 * serial numbers, rookie and autograph flags, and the noisy OCR text a scanner reads off the slab
 * (case, dropped or swapped characters such as O/0 and S/5, label words like {@code GEM MT},
 * abbreviations like {@code FLR}, line breaks). Also user corrections of a base model's mistakes
 * and listing samples per platform and tone. Not thread-safe: use one generator per thread.
 *
 * {@code
 * CardSampleGenerator gen = CardSampleGenerator.create(7);
 * for (CardSampleGenerator.CardSample s : gen.cards(300)) {
 *     collector.collectCardIdentification(s.ocrText(), s.card());
 * }
 * }
 */
public final class CardSampleGenerator {

    /** One card: the OCR text a scan produced and the card it shows. */
    public record CardSample(String ocrText, CardData card) {
        public CardSample {
            Objects.requireNonNull(ocrText, "ocrText");
            Objects.requireNonNull(card, "card");
        }

        /** The card identification input: {@code {"ocr_text": ...}}. */
        public Map<String, Object> input() {
            return Map.of("ocr_text", ocrText);
        }

        /** The card identification output: the card's fields. */
        public Map<String, Object> output() {
            return card.toMap();
        }
    }

    /**
     * A user correcting a model: what the model answered (with realistic mistakes), the corrected
     * card, the fields that changed and who corrected it.
     */
    public record CorrectionSample(String ocrText, CardData original, CardData corrected, List<String> changedFields,
            String userId) {
        public CorrectionSample {
            Objects.requireNonNull(ocrText, "ocrText");
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(corrected, "corrected");
            changedFields = List.copyOf(changedFields);
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** A listing request and the listing a seller wrote for it. */
    public record ListingSample(ListingRequest request, Listing listing) {
        public ListingSample {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(listing, "listing");
        }
    }

    private record Player(String name, String sport, String team, int firstYear, int lastYear) {
    }

    private record Brand(String name, String[] forms, String[] sports, int from, int to) {
    }

    private static final List<Player> PLAYERS = List.of(
        new Player("Michael Jordan", "basketball", "Chicago Bulls", 1984, 1998),
        new Player("LeBron James", "basketball", "Cleveland Cavaliers", 2003, 2024),
        new Player("Shaquille O'Neal", "basketball", "Orlando Magic", 1992, 2010),
        new Player("Kobe Bryant", "basketball", "Los Angeles Lakers", 1996, 2016),
        new Player("Larry Bird", "basketball", "Boston Celtics", 1980, 1992),
        new Player("Stephen Curry", "basketball", "Golden State Warriors", 2009, 2024),
        new Player("Giannis Antetokounmpo", "basketball", "Milwaukee Bucks", 2013, 2024),
        new Player("Luka Doncic", "basketball", "Dallas Mavericks", 2018, 2024),
        new Player("Victor Wembanyama", "basketball", "San Antonio Spurs", 2023, 2024),
        new Player("DeMar DeRozan", "basketball", "Toronto Raptors", 2009, 2022),
        new Player("Tom Brady", "football", "New England Patriots", 2000, 2022),
        new Player("Patrick Mahomes II", "football", "Kansas City Chiefs", 2017, 2024),
        new Player("Jerry Rice", "football", "San Francisco 49ers", 1985, 2004),
        new Player("Joe Burrow", "football", "Cincinnati Bengals", 2020, 2024),
        new Player("Justin Jefferson", "football", "Minnesota Vikings", 2020, 2024),
        new Player("Barry Sanders", "football", "Detroit Lions", 1989, 1998),
        new Player("Mike Trout", "baseball", "Los Angeles Angels", 2011, 2024),
        new Player("Shohei Ohtani", "baseball", "Los Angeles Angels", 2018, 2024),
        new Player("Ken Griffey Jr.", "baseball", "Seattle Mariners", 1989, 2010),
        new Player("Derek Jeter", "baseball", "New York Yankees", 1993, 2014),
        new Player("Ronald Acuna Jr.", "baseball", "Atlanta Braves", 2018, 2024),
        new Player("Aaron Judge", "baseball", "New York Yankees", 2016, 2024),
        new Player("Cal Ripken Jr.", "baseball", "Baltimore Orioles", 1982, 2001),
        new Player("Wayne Gretzky", "hockey", "Edmonton Oilers", 1979, 1999),
        new Player("Connor McDavid", "hockey", "Edmonton Oilers", 2015, 2024),
        new Player("Mario Lemieux", "hockey", "Pittsburgh Penguins", 1984, 2006),
        new Player("Sidney Crosby", "hockey", "Pittsburgh Penguins", 2005, 2024),
        new Player("Erling Haaland", "soccer", "Manchester City", 2019, 2024),
        new Player("Kylian Mbappe", "soccer", "Paris Saint-Germain", 2017, 2024),
        new Player("Magic Johnson", "basketball", "Los Angeles Lakers", 1980, 1996),
        new Player("Tim Duncan", "basketball", "San Antonio Spurs", 1997, 2016),
        new Player("Dirk Nowitzki", "basketball", "Dallas Mavericks", 1998, 2019),
        new Player("Ja Morant", "basketball", "Memphis Grizzlies", 2019, 2024),
        new Player("Zion Williamson", "basketball", "New Orleans Pelicans", 2019, 2024),
        new Player("Nikola Jokic", "basketball", "Denver Nuggets", 2015, 2024),
        new Player("Peyton Manning", "football", "Indianapolis Colts", 1998, 2015),
        new Player("Walter Payton", "football", "Chicago Bears", 1976, 1987),
        new Player("Josh Allen", "football", "Buffalo Bills", 2018, 2024),
        new Player("Justin Herbert", "football", "Los Angeles Chargers", 2020, 2024),
        new Player("CJ Stroud", "football", "Houston Texans", 2023, 2024),
        new Player("Travis Kelce", "football", "Kansas City Chiefs", 2013, 2024),
        new Player("Fernando Tatis Jr.", "baseball", "San Diego Padres", 2019, 2024),
        new Player("Juan Soto", "baseball", "Washington Nationals", 2018, 2024),
        new Player("Julio Rodriguez", "baseball", "Seattle Mariners", 2022, 2024),
        new Player("Mark McGwire", "baseball", "Oakland Athletics", 1986, 2001),
        new Player("Chipper Jones", "baseball", "Atlanta Braves", 1991, 2012),
        new Player("Alex Ovechkin", "hockey", "Washington Capitals", 2005, 2024),
        new Player("Auston Matthews", "hockey", "Toronto Maple Leafs", 2016, 2024),
        new Player("Connor Bedard", "hockey", "Chicago Blackhawks", 2023, 2024),
        new Player("Jaromir Jagr", "hockey", "Pittsburgh Penguins", 1990, 2018),
        new Player("Lionel Messi", "soccer", "FC Barcelona", 2004, 2024),
        new Player("Cristiano Ronaldo", "soccer", "Manchester United", 2003, 2024),
        new Player("Jude Bellingham", "soccer", "Real Madrid", 2020, 2024));

    private static final List<Brand> BRANDS = List.of(
        new Brand("Fleer", new String[] {"FLEER", "FLR", "FLEER", "FLEER"}, new String[] {"basketball", "baseball", "football"}, 1981, 2007),
        new Brand("Topps", new String[] {"TOPPS", "TOPPS", "TPPS"}, new String[] {"baseball", "football", "basketball", "soccer"}, 1980, 2024),
        new Brand("Upper Deck", new String[] {"UPPER DECK", "UD", "UPPERDECK"}, new String[] {"baseball", "basketball", "hockey", "football"}, 1989, 2024),
        new Brand("Panini Prizm", new String[] {"PANINI PRIZM", "PRIZM", "PANINI PRIZM"}, new String[] {"basketball", "football", "soccer"}, 2012, 2024),
        new Brand("Bowman Chrome", new String[] {"BOWMAN CHROME", "BOW CHROME", "BOWMAN CHR"}, new String[] {"baseball", "soccer"}, 1997, 2024),
        new Brand("Donruss", new String[] {"DONRUSS", "DON", "DONRUSS"}, new String[] {"baseball", "football", "basketball"}, 1981, 2024),
        new Brand("Topps Chrome", new String[] {"TOPPS CHROME", "TOPPS CHR", "T CHROME"}, new String[] {"baseball", "basketball", "football", "soccer"}, 1996, 2024),
        new Brand("O-Pee-Chee", new String[] {"O-PEE-CHEE", "OPC"}, new String[] {"hockey"}, 1979, 2024),
        new Brand("Score", new String[] {"SCORE"}, new String[] {"football", "baseball", "hockey"}, 1988, 2024));

    /** Grader, its OCR forms (with confusable characters) and its grade words. */
    private static final String[][] GRADERS = {
        {"PSA", "PSA", "PSA", "PSA", "P5A"},
        {"BGS", "BGS", "BECKETT", "B6S", "BGS"},
        {"SGC", "SGC", "5GC", "SGC"},
        {"CGC", "CGC", "C6C", "CGC"}};

    private static final String[][] VARIANTS = {
        {"Refractor", "REFRACTOR", "REF"},
        {"Silver", "SILVER", "SLVR"},
        {"Gold", "GOLD"},
        {"Holo", "HOLO"}};

    private static final String[] GRADES = {"10", "10", "9.5", "9", "9", "8.5", "8", "7"};

    private final Random random;

    private CardSampleGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Returns a generator; the same seed gives the same samples. */
    public static CardSampleGenerator create(long seed) {
        return new CardSampleGenerator(seed);
    }

    /** Returns the next card sample. */
    public CardSample card() {
        Player p = PLAYERS.get(random.nextInt(PLAYERS.size()));
        List<Brand> fitting = new ArrayList<>();
        for (Brand b : BRANDS) {
            if (List.of(b.sports).contains(p.sport) && b.to >= p.firstYear && b.from <= p.lastYear) {
                fitting.add(b);
            }
        }
        Brand brand = fitting.get(random.nextInt(fitting.size()));
        int startYear = Math.max(p.firstYear, brand.from);
        int endYear = Math.min(p.lastYear, brand.to);
        int y = startYear + random.nextInt(endYear - startYear + 1);
        boolean season = p.sport.equals("basketball") || p.sport.equals("hockey");
        String year = season ? y + "-" + String.format(Locale.ROOT, "%02d", (y + 1) % 100) : Integer.toString(y);
        boolean rookie = y == p.firstYear || (y == p.firstYear + 1 && random.nextInt(3) == 0);
        String number = Integer.toString(1 + random.nextInt(random.nextInt(4) == 0 ? 700 : 300));
        String[] grader = GRADERS[pickGrader()];
        String grade = GRADES[random.nextInt(GRADES.length)];
        if (grader[0].equals("PSA") && grade.endsWith(".5")) {
            grade = grade.substring(0, grade.indexOf('.'));
        }
        String cert = Long.toString(10_000_000L + (long) (random.nextDouble() * 89_999_999L));
        boolean modern = y >= 2000;
        String[] variant = modern && random.nextInt(4) == 0 ? VARIANTS[random.nextInt(VARIANTS.length)] : null;
        String serial = variant != null && random.nextBoolean()
            ? (1 + random.nextInt(99)) + "/" + new int[] {99, 50, 25, 10}[random.nextInt(4)] : null;
        boolean auto = modern && random.nextInt(8) == 0;

        CardData.Builder card = CardData.builder();
        card.set("player", p.name).set("year", year).set("brand", brand.name).set("card_number", number)
            .set("grade", grade).set("grading_company", grader[0]).set("cert_number", cert);
        if (variant != null) {
            card.set("variant", variant[0]);
        }
        if (serial != null) {
            card.set("serial_number", serial);
        }
        if (rookie) {
            card.set("rookie", true);
        }
        if (auto) {
            card.set("autograph", true);
        }
        return new CardSample(ocr(p, year, season, brand, number, grader, grade, cert, variant, serial, rookie, auto),
            card.build());
    }

    /** Returns the next {@code n} card samples. */
    public List<CardSample> cards(int n) {
        requireCount(n);
        List<CardSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(card());
        }
        return List.copyOf(out);
    }

    /**
     * Returns a user correction: a card whose base-model answer was wrong in at least one field
     * (as {@link SimulatedLearner}'s base model answers), the corrected card and the changed fields.
     */
    public CorrectionSample correction() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            CardSample s = card();
            Map<String, Object> guess = CardParser.base().parse(s.ocrText());
            CardData original;
            try {
                original = CardData.fromMap(guess);
            } catch (RuntimeException e) {
                continue;
            }
            List<String> changed = new ArrayList<>();
            for (String f : CardData.FIELDS) {
                if (!Objects.equals(normalise(s.card().toMap().get(f)), normalise(original.toMap().get(f)))) {
                    changed.add(f);
                }
            }
            if (!changed.isEmpty()) {
                return new CorrectionSample(s.ocrText(), original, s.card(), changed, "user-" + (1 + random.nextInt(40)));
            }
        }
        throw new IllegalStateException("no card with a base-model mistake in 1000 attempts");
    }

    /** Returns the next {@code n} corrections. */
    public List<CorrectionSample> corrections(int n) {
        requireCount(n);
        List<CorrectionSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(correction());
        }
        return List.copyOf(out);
    }

    /** Returns a listing for a new card on a platform in a tone, as an experienced seller writes it. */
    public ListingSample listing(Platform platform, Tone tone) {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(tone, "tone");
        CardData card = card().card();
        ListingRequest request = ListingRequest.builder().card(card).platform(platform).tone(tone).build();
        return new ListingSample(request, ListingWriter.seller(card, platform, tone));
    }

    /** Returns {@code n} listings cycling through eBay, Mercari and Whatnot and the three tones. */
    public List<ListingSample> listings(int n) {
        requireCount(n);
        Platform[] platforms = {Platform.EBAY, Platform.MERCARI, Platform.WHATNOT};
        Tone[] tones = {Tone.PROFESSIONAL, Tone.CASUAL, Tone.ENTHUSIASTIC};
        List<ListingSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(listing(platforms[i % 3], tones[(i / 3) % 3]));
        }
        return List.copyOf(out);
    }

    private static void requireCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
    }

    private int pickGrader() {
        int r = random.nextInt(100);
        return r < 55 ? 0 : r < 80 ? 1 : r < 92 ? 2 : 3;
    }

    private static Object normalise(Object v) {
        return v == null ? null : v.toString().toLowerCase(Locale.ROOT).replace("#", "").trim();
    }

    private String pick(String[] forms, int from) {
        return forms[from + random.nextInt(forms.length - from)];
    }

    private String ocr(Player p, String year, boolean season, Brand brand, String number, String[] grader,
            String grade, String cert, String[] variant, String serial, boolean rookie, boolean auto) {
        String yearText = year;
        if (season && random.nextInt(3) == 0) {
            yearText = year.substring(2);
        }
        String numberText = switch (random.nextInt(6)) {
            case 0 -> "NO. " + number;
            case 1, 2 -> number;
            default -> "#" + number;
        };
        String name = noisyName(p.name);
        List<String> nameLine = new ArrayList<>();
        nameLine.add(name);
        if (variant != null) {
            nameLine.add(pick(variant, 1));
        }
        if (rookie) {
            nameLine.add(random.nextInt(3) == 0 ? "ROOKIE" : "RC");
        }
        if (auto) {
            nameLine.add(random.nextBoolean() ? "AUTOGRAPH" : "AUTO");
        }
        if (serial != null) {
            nameLine.add(serial);
        }
        String gradeWords = switch (grade) {
            case "10" -> random.nextBoolean() ? "GEM MT " : (grader[0].equals("BGS") ? "PRISTINE " : "GEM MINT ");
            case "9.5" -> "GEM MINT ";
            case "9" -> "MINT ";
            case "8.5", "8" -> "NM-MT ";
            default -> "NM ";
        };
        if (random.nextInt(4) == 0) {
            gradeWords = "";
        }
        String graderText = pick(grader, 1);
        String line1 = yearText + " " + pick(brand.forms, 0) + " " + numberText;
        String line2 = String.join(" ", nameLine);
        String line3 = graderText + " " + gradeWords + grade;
        String line4 = random.nextBoolean() ? cert : "CERT " + cert;
        String text = switch (random.nextInt(5)) {
            case 0 -> line2 + " " + line1 + " " + line3;
            case 1 -> line3 + "\n" + line1 + "\n" + line2 + "\n" + line4;
            default -> line1 + "\n" + line2 + "\n" + line3 + "\n" + line4;
        };
        if (random.nextInt(10) == 0) {
            text = text.toLowerCase(Locale.ROOT);
        }
        return text;
    }

    private String noisyName(String name) {
        StringBuilder sb = new StringBuilder(name.toUpperCase(Locale.ROOT));
        if (random.nextInt(5) == 0) {
            for (int i = 0; i < sb.length(); i++) {
                char c = sb.charAt(i);
                if (c == 'O') {
                    sb.setCharAt(i, '0');
                    break;
                } else if (c == 'I') {
                    sb.setCharAt(i, '1');
                    break;
                }
            }
        }
        if (random.nextInt(12) == 0 && sb.length() > 8) {
            int at = 2 + random.nextInt(sb.length() - 4);
            if (Character.isLetter(sb.charAt(at)) && Character.isLetter(sb.charAt(at - 1))
                    && Character.isLetter(sb.charAt(at + 1))) {
                sb.deleteCharAt(at);
            }
        }
        return sb.toString();
    }

    /** Listing texts: how a seller writes them (the training target) and how an untuned model does. */
    static final class ListingWriter {
        private ListingWriter() {
        }

        static Listing seller(CardData c, Platform platform, Tone tone) {
            String num = c.cardNumber().map(n -> "#" + n).orElse("");
            String grade = c.gradingCompany().orElse("") + " " + c.grade().orElse("");
            String flags = (c.rookie().orElse(false) ? " RC" : "") + (c.autograph().orElse(false) ? " Auto" : "");
            String variant = c.variant().map(v -> " " + v).orElse("");
            String serial = c.serialNumber().map(s -> " /" + s.substring(s.indexOf('/') + 1)).orElse("");
            String title;
            if (platform.equals(Platform.MERCARI)) {
                title = c.player() + " " + c.year() + " " + c.brand() + " " + num + variant + flags + " " + grade;
            } else {
                title = c.year() + " " + c.brand() + " " + c.player() + " " + num + variant + serial + flags + " " + grade;
            }
            title = title.replaceAll("\\s+", " ").trim();
            int limit = platform.titleLimit().orElse(120);
            if (title.length() > limit) {
                title = (c.year() + " " + c.brand() + " " + c.player() + " " + num + " " + grade)
                    .replaceAll("\\s+", " ").trim();
            }
            String details = c.year() + " " + c.brand() + " " + c.player() + " " + num
                + variant + serial + ", graded " + grade + " (cert " + c.certNumber().orElse("n/a") + ").";
            String description = switch (tone.value()) {
                case "casual" -> "Up for grabs: " + details + " Clean slab, no cracks. Ships fast in a padded mailer.";
                case "enthusiastic" -> "What a card! " + details + " A true centerpiece for any "
                    + "collection. Slab is clean and ships double-boxed with tracking.";
                default -> details + " The slab is free of cracks and scratches; see photos for the exact card. "
                    + "Ships securely with tracking.";
            };
            return Listing.of(title, description.replaceAll("\\s+", " ").trim());
        }
    }
}
