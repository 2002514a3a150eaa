package org.switchboard.rest.internal.view;

/**
 * One hit of the dialer's directory search: a colleague ({@code type=agent}, with extension and
 * presence), a group ({@code group}, with the number that rings it) or a CRM record ({@code contact}, {@code lead}, {@code account}, or {@code user}: one of
 * the CRM's users, reached at {@code number}).
 */
public record DirectoryEntry(
        String type, String id, String name, String detail, String number, String presence) {}
