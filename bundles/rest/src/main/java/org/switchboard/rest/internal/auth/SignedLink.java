package org.switchboard.rest.internal.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that also answers without a session when the request carries a signed
 * link's {@value #SIGNATURE} query parameter (an {@code <audio src>}, a link in a CRM Task). The
 * {@link AuthFilter} then lets it through unauthenticated and the method must verify the signature
 * itself; without the parameter the bearer token is required as everywhere else.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SignedLink {
    String SIGNATURE = "sig";
    String EXPIRES = "expires";
}
