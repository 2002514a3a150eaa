package org.switchboard.console.internal;

import java.io.IOException;
import java.util.Arrays;
import org.apache.karaf.shell.api.console.Session;

/** Reads a new password twice without echo, unless it was given on the command line. */
final class Passwords {
    private Passwords() {}

    static char[] obtain(Session session, String given) throws IOException {
        if (given != null) {
            return given.toCharArray();
        }
        String first = session.readLine("New password: ", '*');
        String second = session.readLine("Repeat password: ", '*');
        if (first == null || !first.equals(second)) {
            throw new IllegalArgumentException("the passwords do not match");
        }
        char[] password = first.toCharArray();
        Arrays.fill(second.toCharArray(), ' ');
        return password;
    }
}
