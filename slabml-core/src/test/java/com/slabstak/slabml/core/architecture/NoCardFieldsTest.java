/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Tone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The card and listing domain lives in the built-in tasks' package alone: no other main code of
 * the core names a card or listing field in a string literal. The field names are read from the
 * API's card and listing values (every card field, a listing's output fields, a listing request's
 * input fields), so a field added there is checked too. The generic code asks the task instead
 * ({@code Task.splitKey}, {@code diversity}, {@code postProcess}, {@code fieldComparators}).
 */
class NoCardFieldsTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final String TASKS = "com/slabstak/slabml/core/internal/tasks/";
    /** A string literal, escapes included. */
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /**
     * Literals that spell a field's name but mean something else: the registry's rollout event
     * kind {@code set} (a deployment's percentage was set).
     */
    private static final Set<String> EXEMPT = Set.of(
        "com/slabstak/slabml/core/internal/serving/DefaultModelRegistry.java: \"set\"");

    static Set<String> fieldNames() {
        Set<String> names = new TreeSet<>(CardData.FIELDS);
        names.addAll(Listing.of("A title", "A description").toMap().keySet());
        CardData card = CardData.builder().player("Michael Jordan").year("1986-87").brand("Fleer").build();
        names.addAll(ListingRequest.builder().card(card).platform(Platform.of("shop", 40)).tone(Tone.PROFESSIONAL)
            .build().toInput().keySet());
        return names;
    }

    @Test
    void fieldNames_readFromTheApi_coverCardListingAndRequestFields() {
        assertThat(fieldNames()).contains("player", "card_number", "grading_company", "set", "title", "description",
            "card", "platform", "tone", "title_limit");
    }

    @Test
    void mainCode_outsideTheTasks_namesNoCardOrListingField() {
        assertThat(MAIN).isDirectory();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String unix = MAIN.relativize(f).toString().replace('\\', '/');
                if (!unix.startsWith(TASKS)) {
                    for (String hit : fieldLiterals(Files.readString(f), fieldNames())) {
                        String where = unix + ": " + hit.substring(hit.indexOf(' ') + 1);
                        if (!EXEMPT.contains(where)) {
                            found.add(unix + ":" + hit);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(found).as("card or listing fields named outside %s", TASKS).isEmpty();
    }

    @Test
    void fieldLiterals_codeAsItWas_findsEachField() {
        // what the generic code held before the tasks carried the domain
        String before = String.join("\n",
            "Object card = s.input().get(\"card\");",
            "count(sports, card.get(\"sport\"));",
            "Object title = output.get(\"title\");",
            ".put(\"card_number\", FieldComparator.normalising(Normalizers::cardNumber))");

        assertThat(fieldLiterals(before, fieldNames()))
            .containsExactly("1: \"card\"", "2: \"sport\"", "3: \"title\"", "4: \"card_number\"");
    }

    @Test
    void fieldLiterals_otherTextAndCommentsWithFieldWords_areNotFindings() {
        String generic = String.join("\n",
            "// the card's year",
            "String key = \"slabml.card_identification.base_model\";",
            "log(\"a title \\\" with a quote\");",
            "char c = '\"'; String s = \"all\";");

        assertThat(fieldLiterals(generic, fieldNames())).isEmpty();
    }

    /** Literals equal to a field name, as {@code <line>: "<name>"}; comments are skipped. */
    static List<String> fieldLiterals(String source, Set<String> fields) {
        List<String> hits = new ArrayList<>();
        String[] lines = source.split("\\R", -1);
        boolean inBlockComment = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replace("'\"'", "' '");
            if (inBlockComment) {
                int end = line.indexOf("*/");
                if (end < 0) {
                    continue;
                }
                line = line.substring(end + 2);
                inBlockComment = false;
            }
            String trimmed = line.strip();
            if (trimmed.startsWith("//") || trimmed.startsWith("*")) {
                continue;
            }
            if (trimmed.startsWith("/*")) {
                inBlockComment = !trimmed.contains("*/");
                continue;
            }
            Matcher m = LITERAL.matcher(line);
            while (m.find()) {
                if (fields.contains(m.group(1))) {
                    hits.add((i + 1) + ": \"" + m.group(1) + "\"");
                }
            }
        }
        return hits;
    }
}
