/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Tells the SDK's retry layer not to retry a 429 whose code is a daily limit
 * ({@code daily_rate_limit_exceeded}): seconds of back-off cannot lift it, and each retry is one
 * more refused call. It marks the response with {@code X-Should-Retry: false}, which openai-java
 * honours, so the SDK stays the only retry layer.
 */
final class NoRetryForDailyLimits implements Interceptor {
    private static final long PEEK_BYTES = 16 * 1024;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() == 429 && response.header("X-Should-Retry") == null
            && response.peekBody(PEEK_BYTES).string().contains("\"daily_")) {
            return response.newBuilder().header("X-Should-Retry", "false").build();
        }
        return response;
    }
}
