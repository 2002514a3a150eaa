package org.switchboard.store.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once on H2 and once on PostgreSQL; the test takes a {@link TestDatabase} parameter.
 * PostgreSQL being down fails the PostgreSQL run (it is never skipped).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(BothDatabases.class)
@interface OnBothDatabases {}
