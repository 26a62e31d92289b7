/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** List pages as the providers' APIs serve them: newest first, after a cursor. */
final class Pages {
    private Pages() {
    }

    static void requireLimit(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit", "must be at least 1, was " + limit);
        }
    }

    /**
     * One page of a list kept oldest first, served newest first as the API does: at most {@code limit}
     * items, starting after the item whose id is {@code after} (from the newest when {@code null}).
     */
    static <T> List<T> newestFirstPage(Collection<T> oldestFirst, Function<T, String> id, String after,
            int limit) {
        List<T> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        int start = 0;
        if (after != null) {
            start = indexOf(newestFirst.stream().map(id).toList(), after, "after") + 1;
        }
        int end = start + Math.min(limit, newestFirst.size() - start);
        return List.copyOf(newestFirst.subList(start, end));
    }

    static int indexOf(List<String> ids, String id, String param) {
        int i = ids.indexOf(id);
        if (i < 0) {
            throw new InvalidRequestException("No such cursor: " + id, 400, "invalid_request_error", param, null);
        }
        return i;
    }
}
