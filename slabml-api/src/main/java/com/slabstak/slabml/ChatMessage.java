/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.Objects;

/**
 * One chat message: a role ({@code system}, {@code user}, {@code assistant}, ...) and its text.
 *
 * {@code ChatMessage m = ChatMessage.user("MICHAEL JORDAN 1986-87 FLEER #57");}
 *
 * @since 0.1
 */
public record ChatMessage(String role, String content) {
    /**
     * Checks the components.
     *
     * @param role the role
     * @param content the content
     */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Returns a system message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /**
     * Returns a user message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /**
     * Returns an assistant message.
     *
     * @param content the text
     * @return the message
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}