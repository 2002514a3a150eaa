package org.switchboard.api.agent;

/** The password policy every bundle applies before a password is hashed. */
public final class Passwords {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 72; // bcrypt's limit

    private Passwords() {}

    public static void requireAcceptable(char[] password) {
        if (password == null || password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
    }
}
